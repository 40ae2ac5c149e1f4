import { optionalAddon } from '../../package-root.js';
import { findArrays, type ArraysAddon } from './find-arrays.js';
import { findJoined } from './find-joined.js';
import type { Encoding, EncodedSpan } from './span.js';

/**
 * Where a buffer may hold encoded text: one cheap pass per encoding family. Only spans whose
 * first bytes decode to text are returned, so the binary that makes up most long base64 runs
 * (images, fonts, integrity hashes, digests) costs a few table lookups and no allocation.
 */

export type { Encoding, EncodedSpan } from './span.js';

/** Shortest base64 run decoded: 24 characters are 18 bytes, about the shortest secret worth it. */
export const MIN_BASE64 = 24;
/**
 * Shortest run looked at as a piece of a key split over joined literals: a 32-character key cut
 * in two has a piece of 16 or more (find-joined.ts).
 */
export const MIN_PIECE_RUN = 16;
/** Shortest hex run decoded (16 bytes). */
export const MIN_HEX = 32;
/** Fewest escapes (%XX, \uXXXX, \xXX, &...;) that make a string worth decoding. */
export const MIN_ESCAPES = 3;
/** Bytes decoded from the head of a base64 or hex run to tell text from binary. */
const PROBE_BYTES = 18;

/** Base64 value of each byte (standard and URL-safe alphabets), -1 for others. */
export const B64 = new Int8Array(256).fill(-1);
/** Hex value of each byte, -1 for others. */
export const HEX = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (B64[c.charCodeAt(0)] = i));
B64[45] = 62; // '-'
B64[95] = 63; // '_'
'0123456789abcdef'.split('').forEach((c, i) => (HEX[c.charCodeAt(0)] = i));
'ABCDEF'.split('').forEach((c, i) => (HEX[c.charCodeAt(0)] = 10 + i));

/** Printable ASCII and the whitespace text holds. */
export function isTextByte(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Every candidate span in `data`, in order of start (spans of different families may overlap).
 * `native`: use the addon when it is built (tests compare both paths).
 */
export function findEncoded(data: Uint8Array, native = true): EncodedSpan[] {
  const out: EncodedSpan[] = [];
  findRuns(data, out, native);
  findEscaped(data, out, native);
  const a = native ? addon() : undefined;
  findArrays(data, out, a?.arrays ? (a as ArraysAddon) : undefined);
  return out.sort((a, b) => a.start - b.start);
}

/** Base64 characters (both alphabets). */
const B64_CHAR = new Uint8Array(256);
for (let b = 0; b < 256; b++) B64_CHAR[b] = B64[b]! >= 0 ? 1 : 0;
/** Per 16-bit word: 1 when both of its bytes are base64 characters. */
const B64_PAIR = new Uint8Array(65536);
for (let w = 0; w < 65536; w++) B64_PAIR[w] = B64_CHAR[w & 255]! & B64_CHAR[w >>> 8]!;
/** Words per tile: a run of MIN_PIECE_RUN bytes covers a whole tile (6 bytes) wherever it starts. */
const TILE_WORDS = 3;

/** native/decode (KEYWARD_NATIVE_DECODE=0: not used): the passes below, in C with SSE2. */
interface DecodeAddon {
  /** Absent from an addon built before it (find-arrays.ts then reads byte by byte). */
  arrays?: ArraysAddon['arrays'];
  runs(data: Uint8Array, from: number, min: number, out: Int32Array): number;
  escapes(data: Uint8Array, from: number, out: Int32Array): number;
}
const addon = (): DecodeAddon | undefined => optionalAddon<DecodeAddon>('decode', 'keyward_decode.node', 'KEYWARD_NATIVE_DECODE');
const PAIRS = new Int32Array(2 * 1024);
const ESCAPE_KINDS: readonly Encoding[] = ['percent', 'escape', 'html'];

/** Runs of base64 characters that decode to text (MIN_BASE64 long or more) or join others (MIN_PIECE_RUN), as spans. */
function findRuns(data: Uint8Array, out: EncodedSpan[], native: boolean): void {
  const a = native ? addon() : undefined;
  if (!a) {
    for (const [s, e] of findRunsJs(data)) classifyRun(data, s, e, out);
    return;
  }
  for (let from = 0; ; ) {
    const k = a.runs(data, from, MIN_PIECE_RUN, PAIRS);
    for (let i = 0; i < k; i++) classifyRun(data, PAIRS[2 * i]!, PAIRS[2 * i + 1]!, out);
    if (k < PAIRS.length / 2) return;
    from = PAIRS[2 * k - 1]!;
  }
}

/**
 * Every maximal run of base64 characters at least MIN_PIECE_RUN long, as [start, end). The buffer is read as 16-bit words cut in tiles of TILE_WORDS
 * words, each read from its last word backwards: in source code a tile almost always holds a
 * space or a dot within its last few bytes, so most bytes are never read. Only a tile made
 * entirely of base64 characters is extended to its run.
 */
function findRunsJs(data: Uint8Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const n = data.length;
  const c = B64_CHAR;
  if (n < MIN_PIECE_RUN) return runs; // also keeps an empty view at an odd offset from a negative word count
  const lead = data.byteOffset & 1; // words must be aligned: an odd first byte is left to the extension
  const words = new Uint16Array(data.buffer, data.byteOffset + lead, (n - lead) >>> 1);
  const nw = words.length;
  for (let t = TILE_WORDS - 1; t < nw; t += TILE_WORDS) {
    let j = t;
    while (j > t - TILE_WORDS && B64_PAIR[words[j]!] === 1) j--;
    if (j > t - TILE_WORDS) continue;
    let s = lead + 2 * (t - TILE_WORDS + 1);
    while (s > 0 && c[data[s - 1]!] === 1) s--;
    let e = lead + 2 * t + 2;
    while (e < n && c[data[e]!] === 1) e++;
    if (e - s >= MIN_PIECE_RUN) runs.push([s, e]);
    t = (e - lead) >>> 1; // tiles go on from the word holding the run's end (a non-base64 byte)
  }
  return runs;
}

function classifyRun(data: Uint8Array, s: number, e: number, out: EncodedSpan[]): void {
  findJoined(data, s, e, out);
  if (e - s < MIN_BASE64) return;
  let hex = true;
  for (let k = s; k < e && hex; k++) hex = HEX[data[k]!]! >= 0;
  if (hex) {
    if (e - s >= MIN_HEX && hexText(data, s + ((e - s) & 1))) out.push({ start: s, end: e, encoding: 'hex' });
    return;
  }
  // Padding belongs to the span; a prefix glued on (`key_` before the value) shifts the groups,
  // so each of the four alignments is tried.
  let end = e;
  while (end < data.length && end - e < 2 && data[end] === 61) end++;
  for (let o = 0; o < 4 && e - s - o >= MIN_BASE64; o++) {
    if (base64Text(data, s + o)) {
      out.push({ start: s + o, end, encoding: 'base64' });
      return;
    }
  }
}

/** Whether the first PROBE_BYTES bytes that the base64 at `at` encodes are text. */
function base64Text(data: Uint8Array, at: number): boolean {
  for (let g = 0; g < PROBE_BYTES / 3; g++) {
    const p = at + g * 4;
    const v = (B64[data[p]!]! << 18) | (B64[data[p + 1]!]! << 12) | (B64[data[p + 2]!]! << 6) | B64[data[p + 3]!]!;
    if (!isTextByte(v >>> 16) || !isTextByte((v >>> 8) & 255) || !isTextByte(v & 255)) return false;
  }
  return true;
}

function hexText(data: Uint8Array, at: number): boolean {
  for (let k = 0; k < PROBE_BYTES / 2 - 1; k++) {
    if (!isTextByte((HEX[data[at + 2 * k]!]! << 4) | HEX[data[at + 2 * k + 1]!]!)) return false;
  }
  return true;
}

/** Bytes that end a percent-, backslash- or entity-escaped string. */
const STOP = new Uint8Array(256);
for (const c of ' \t\r\n"\'`<>') STOP[c.charCodeAt(0)] = 1;

/**
 * Strings (runs of bytes between quotes or whitespace) holding at least MIN_ESCAPES escapes of
 * one kind. Found from the escape characters with indexOf (native memchr), never byte by byte.
 */
export function findEscaped(data: Uint8Array, out: EncodedSpan[], native = true): void {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const a = native ? addon() : undefined;
  if (!a) {
    collect(buf, '%', 'percent', (d, p) => HEX[d[p + 1]!]! >= 0 && HEX[d[p + 2]!]! >= 0, out);
    collect(buf, '\\', 'escape', isBackslashEscape, out);
    collect(buf, '&', 'html', isEntity, out);
    return;
  }
  // Per kind: the string being counted and how many escapes it holds so far.
  const ends = [-1, -1, -1];
  const starts = [0, 0, 0];
  const counts = [0, 0, 0];
  for (let from = 0; ; ) {
    const k = a.escapes(buf, from, PAIRS);
    for (let i = 0; i < k; i++) {
      const p = PAIRS[2 * i]!;
      const kind = PAIRS[2 * i + 1]!;
      if (p >= ends[kind]!) {
        let s = p;
        while (s > 0 && STOP[buf[s - 1]!] === 0) s--;
        let e = p + 1;
        while (e < buf.length && STOP[buf[e]!] === 0) e++;
        starts[kind] = s;
        ends[kind] = e;
        counts[kind] = 0;
      }
      if (++counts[kind]! === MIN_ESCAPES) out.push({ start: starts[kind]!, end: ends[kind]!, encoding: ESCAPE_KINDS[kind]! });
    }
    if (k < PAIRS.length / 2) return;
    from = PAIRS[2 * k - 2]! + 1;
  }
}

function collect(data: Buffer, needle: string, encoding: Encoding, isEscape: (d: Buffer, p: number) => boolean, out: EncodedSpan[]): void {
  let doneTo = -1; // end of the last string looked at: each string is counted once
  for (let p = data.indexOf(needle); p !== -1; p = data.indexOf(needle, p + 1)) {
    if (p < doneTo || !isEscape(data, p)) continue;
    let s = p;
    while (s > 0 && STOP[data[s - 1]!] === 0) s--;
    let e = p + 1;
    while (e < data.length && STOP[data[e]!] === 0) e++;
    doneTo = e;
    let count = 0;
    for (let q = p; q !== -1 && q < e && count < MIN_ESCAPES; q = data.indexOf(needle, q + 1)) {
      if (isEscape(data, q)) count++;
    }
    if (count >= MIN_ESCAPES) out.push({ start: s, end: e, encoding });
  }
}

function isBackslashEscape(d: Buffer, p: number): boolean {
  const k = d[p + 1];
  if (k === 0x75) return HEX[d[p + 2]!]! >= 0 && HEX[d[p + 3]!]! >= 0 && HEX[d[p + 4]!]! >= 0 && HEX[d[p + 5]!]! >= 0; // \uXXXX
  if (k === 0x78) return HEX[d[p + 2]!]! >= 0 && HEX[d[p + 3]!]! >= 0; // \xXX
  return k === 0x2f; // \/: JSON's escaped slash (PHP and Slack exports write URLs so)
}

/** `&#NN;`, `&#xHH;` or `&name;` (a name of 2-8 letters). */
function isEntity(d: Buffer, p: number): boolean {
  let q = p + 1;
  if (d[q] === 0x23) {
    q++;
    const hex = d[q] === 0x78 || d[q] === 0x58;
    if (hex) q++;
    const from = q;
    while (q < d.length && q - from < 7 && (hex ? HEX[d[q]!]! >= 0 : d[q]! >= 0x30 && d[q]! <= 0x39)) q++;
    return q > from && d[q] === 0x3b;
  }
  const from = q;
  while (q < d.length && q - from < 9 && ((d[q]! | 0x20) >= 0x61 && (d[q]! | 0x20) <= 0x7a)) q++;
  return q - from >= 2 && d[q] === 0x3b;
}
