import type { RawMatch } from '../detector.js';
import { isSuppressed } from '../suppress.js';
import { decodeSpan } from './decoders.js';
import { findColumns } from './find-columns.js';
import { findEncoded, type EncodedSpan } from './find-encoded.js';

/** How many encodings deep a secret is looked for (base64 of a JSON holding percent-encoded text: 2). */
export const MAX_DEPTH = 3;
/** Longest match a verbatim finding can be (a stream window's context): bounds the overlap search. */
const LONGEST_MATCH = 64 * 1024;
/** Between decoded texts searched together: no base64, escape or token crosses it. */
const SEPARATOR = Buffer.from('\n\n');

/** Searches bytes for secrets as they are (the Detector, without decoding). */
export type PlainSearch = (data: Buffer) => RawMatch[];

/**
 * `found` (the matches in `data` as it is) plus the secrets in the encoded text `data` holds.
 * A secret found in decoded text is placed on the encoded span in `data` (the span's start
 * decides which stream window owns it) and says how it was decoded (`base64`, `base64>hex`).
 * It is dropped where the same rule, or the same secret, was already found on those bytes.
 * Bytes decoded in all are at most data.length, and the decoded texts of one level are searched
 * together, in one call: a buffer of many small encoded strings costs one more search, not one
 * per string.
 */
export function withDecoded(data: Buffer, found: RawMatch[], search: PlainSearch, path = ''): RawMatch[] {
  return merge(found, decodedMatches(data, search, 1, { left: data.length }, path));
}

/** The spans to decode: at the top level, also the cells of columns named as secrets (find-columns.ts). */
function spansOf(data: Buffer, depth: number, path: string): EncodedSpan[] {
  const encoded = findEncoded(data);
  if (depth > 1) return encoded;
  const columns = findColumns(data, path);
  return columns.length === 0 ? encoded : [...encoded, ...columns].sort((a, b) => a.start - b.start);
}

function decodedMatches(data: Buffer, search: PlainSearch, depth: number, budget: { left: number }, path = ''): RawMatch[] {
  const spans: EncodedSpan[] = [];
  const texts: Buffer[] = [];
  const at: number[] = []; // start of each text in the joined buffer
  let size = 0;
  for (const span of spansOf(data, depth, path)) {
    if (budget.left <= 0) break;
    const text = decodeSpan(data, span);
    if (!text) continue;
    budget.left -= text.length;
    if (isSuppressed(data, span.start, span.end)) continue;
    spans.push(span);
    at.push(size);
    texts.push(text, SEPARATOR);
    size += text.length + SEPARATOR.length;
  }
  if (spans.length === 0) return [];
  const joined = Buffer.concat(texts, size);
  const plain = search(joined);
  const inner = depth < MAX_DEPTH ? merge(plain, decodedMatches(joined, search, depth + 1, budget)) : plain;
  const out: RawMatch[] = [];
  const seen = new Set<string>();
  for (const m of inner) {
    const span = spans[lastAtOrBefore(at, m.start)]!;
    const key = `${m.rule.def.id}\0${span.start}\0${m.secret}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const decoded = m.decoded ? `${span.encoding}>${m.decoded}` : span.encoding;
    out.push({ rule: m.rule, matchStart: span.start, matchEnd: span.end, start: span.start, end: span.end, secret: m.secret, entropy: m.entropy, decoded });
  }
  return out;
}

/**
 * Decoded matches not already found on their bytes (same rule or same secret), after the matches
 * as found; a generic match of the encoded text itself gives way to a specific secret decoded
 * from it, and a piece of a split key to the key joined.
 */
function merge(found: RawMatch[], decoded: RawMatch[]): RawMatch[] {
  if (decoded.length === 0) return found;
  const byStart = [...found].sort((a, b) => a.start - b.start);
  const starts = byStart.map((f) => f.start);
  const overlapping = (d: RawMatch): RawMatch[] => {
    const out: RawMatch[] = [];
    for (let i = lastAtOrBefore(starts, d.end - 1); i >= 0 && byStart[i]!.start > d.start - LONGEST_MATCH; i--) {
      if (byStart[i]!.end > d.start) out.push(byStart[i]!);
    }
    return out;
  };
  const shadowed = new Set<RawMatch>();
  const kept = decoded.filter((d) => {
    const over = overlapping(d);
    // A key joined from split literals gives the whole key where its first piece was found alone.
    const pieces = d.decoded === 'joined' ? over.filter((f) => f.rule === d.rule && d.secret.length > f.secret.length && d.secret.includes(f.secret)) : [];
    for (const f of pieces) shadowed.add(f);
    return pieces.length > 0 || !over.some((f) => f.rule === d.rule || f.secret === d.secret);
  });
  for (const d of kept) {
    if (d.rule.def.kind === 'generic') continue;
    for (const f of overlapping(d)) if (f.rule.def.kind === 'generic') shadowed.add(f);
  }
  return [...(shadowed.size === 0 ? found : found.filter((f) => !shadowed.has(f))), ...kept];
}

/** Index of the last value <= x in an ascending array (-1 if none). */
function lastAtOrBefore(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
