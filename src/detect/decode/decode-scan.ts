import type { RawMatch } from '../detector.js';
import { isSuppressed } from '../suppress.js';
import { decodeSpan } from './decoders.js';
import { findEncoded } from './find-encoded.js';

/** How many encodings deep a secret is looked for (base64 of a JSON holding percent-encoded text: 2). */
export const MAX_DEPTH = 3;

/** Searches bytes for secrets as they are (the Detector, without decoding). */
export type PlainSearch = (data: Buffer) => RawMatch[];

/**
 * `found` (the matches in `data` as it is) plus the secrets in the encoded text `data` holds.
 * A secret found in decoded text is placed on the encoded span in `data` (the span's start
 * decides which stream window owns it) and says how it was decoded (`base64`, `base64>hex`).
 * It is dropped where the same rule, or the same secret, was already found on those bytes.
 * Bytes decoded in all are at most data.length: a buffer of encoded noise costs one more pass.
 */
export function withDecoded(data: Buffer, found: RawMatch[], search: PlainSearch): RawMatch[] {
  return merge(found, decodedMatches(data, search, 1, { left: data.length }));
}

function merge(found: RawMatch[], decoded: RawMatch[]): RawMatch[] {
  if (decoded.length === 0) return found;
  const kept = decoded.filter((d) => !found.some((f) => overlaps(f, d) && (f.rule === d.rule || f.secret === d.secret)));
  // A specific secret inside the span explains a generic finding of the encoded text itself.
  const specific = kept.filter((d) => d.rule.def.kind !== 'generic');
  const plain = specific.length === 0 ? found : found.filter((f) => f.rule.def.kind !== 'generic' || !specific.some((d) => overlaps(f, d)));
  return [...plain, ...kept];
}

function decodedMatches(data: Buffer, search: PlainSearch, depth: number, budget: { left: number }): RawMatch[] {
  const out: RawMatch[] = [];
  for (const span of findEncoded(data)) {
    if (budget.left <= 0) break;
    const text = decodeSpan(data, span);
    if (!text) continue;
    budget.left -= text.length;
    if (isSuppressed(data, span.start, span.end)) continue;
    const plain = search(text);
    const inner = depth < MAX_DEPTH ? merge(plain, decodedMatches(text, search, depth + 1, budget)) : plain;
    for (const m of inner) {
      if (out.some((o) => o.rule === m.rule && o.secret === m.secret && o.start < span.end && span.start < o.end)) continue;
      out.push({
        rule: m.rule,
        matchStart: span.start,
        matchEnd: span.end,
        start: span.start,
        end: span.end,
        secret: m.secret,
        entropy: m.entropy,
        decoded: m.decoded ? `${span.encoding}>${m.decoded}` : span.encoding,
      });
    }
  }
  return out;
}

function overlaps(a: RawMatch, b: RawMatch): boolean {
  return a.start < b.end && b.start < a.end;
}
