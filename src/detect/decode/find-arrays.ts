import type { EncodedSpan } from './span.js';

/**
 * A key written as an array of characters or character codes, so that it is no string constant
 * in the binary: Kotlin's `charArrayOf('A', 'I', …)`, Swift's `[UInt8] = [103, 105, …]`, Java's
 * `new byte[] {0x67, …}`, Python's `bytes([103, …])`, JS's `String.fromCharCode(103, …)`.
 * Decoded, it is the key again.
 *
 * The native pass (or arraysJs) names the candidates: runs of digits, hex letters, `x`, commas and
 * blanks, and one-character literals followed by a comma and another (`'A', 'I'`). Here each
 * becomes a span when it holds MIN_ELEMENTS to MAX_ELEMENTS printable characters in a row; the
 * span's label is the decoded text.
 */

/** Fewest elements decoded: a 16-character key is about the shortest worth it. */
export const MIN_ELEMENTS = 16;
/** Longest array decoded: a key, not a table. */
const MAX_ELEMENTS = 512;
/** Bytes of the line holding the opening bracket carried into the text: a name and its operator. */
const MAX_PREFIX = 160;

const isBlank = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const hexValue = (b: number | undefined): number =>
  b === undefined ? -1 : b >= 0x30 && b <= 0x39 ? b - 0x30 : (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 ? (b | 0x20) - 0x57 : -1;

/** From `p`, the first byte that is no blank, stepping by `step` (at most `max` steps). */
function skipBlanks(data: Uint8Array, p: number, step: 1 | -1, max = 16): number {
  for (let k = 0; k < max && p >= 0 && p < data.length && isBlank(data[p]); k++) p += step;
  return p;
}

/** The code written at `p` (`103`, `0x67`) and where it ends, or undefined. */
function codeAt(data: Uint8Array, p: number): [number, number] | undefined {
  if (data[p] === 0x30 && (data[p + 1] === 0x78 || data[p + 1] === 0x58)) {
    let v = 0;
    let e = p + 2;
    for (; e < data.length && e - p < 5 && hexValue(data[e]) >= 0; e++) v = 16 * v + hexValue(data[e]);
    return e > p + 2 && e - p <= 4 && !isDigit(data[e]) && hexValue(data[e]) < 0 ? [v, e] : undefined;
  }
  let v = 0;
  let e = p;
  for (; e < data.length && e - p < 4 && isDigit(data[e]); e++) v = 10 * v + data[e]! - 0x30;
  return e > p && e - p <= 3 && hexValue(data[e]) < 0 && data[e] !== 0x78 ? [v, e] : undefined;
}

const printable = (v: number): boolean => v >= 0x20 && v < 0x7f;

/** Pushes a span for each run of MIN_ELEMENTS or more printable codes in the run [s, e). */
function codeSpans(data: Uint8Array, s: number, e: number, out: EncodedSpan[]): void {
  let chars: number[] = [];
  let first = -1;
  let last = -1;
  const flush = (): void => {
    if (chars.length >= MIN_ELEMENTS && chars.length <= MAX_ELEMENTS) out.push(arraySpan(first, last, String.fromCharCode(...chars)));
    chars = [];
  };
  for (let p = skipBlanks(data, s, 1, e - s); p < e; ) {
    const code = codeAt(data, p);
    if (!code || code[1] > e || !printable(code[0])) {
      flush();
      while (p < e && data[p] !== 0x2c) p++; // on to the next element
      p = skipBlanks(data, p + 1, 1, e - p);
      continue;
    }
    if (chars.length === 0) first = p;
    if (chars.length <= MAX_ELEMENTS) chars.push(code[0]); // one past it marks a table: flush drops it
    last = code[1];
    const after = skipBlanks(data, code[1], 1);
    if (data[after] !== 0x2c) {
      flush();
      p = after + 1;
      continue;
    }
    p = skipBlanks(data, after + 1, 1);
  }
  flush();
}

/** Whether a one-character literal with quote `q` starts at `p` (`'A'`). */
const literalAt = (data: Uint8Array, p: number, q: number): boolean => data[p] === q && data[p + 2] === q && printable(data[p + 1]!) && data[p + 1] !== 0x5c;

/**
 * The span of the array of one-character literals that the literal at `p` starts (a later element
 * returns at once: one step back finds the literal before it), when MIN_ELEMENTS or more long.
 */
function literalSpan(data: Uint8Array, p: number, out: EncodedSpan[]): void {
  const q = data[p]!;
  if (!literalAt(data, p, q)) return;
  const comma = skipBlanks(data, p - 1, -1);
  if (data[comma] === 0x2c && literalAt(data, skipBlanks(data, comma - 1, -1) - 2, q)) return;
  let chars = '';
  let last = p;
  for (let o = p; literalAt(data, o, q) && chars.length <= MAX_ELEMENTS; ) {
    chars += String.fromCharCode(data[o + 1]!);
    last = o + 3;
    const c = skipBlanks(data, o + 3, 1);
    if (data[c] !== 0x2c) break;
    o = skipBlanks(data, c + 1, 1);
  }
  if (chars.length >= MIN_ELEMENTS && chars.length <= MAX_ELEMENTS) out.push(arraySpan(p, last, chars));
}

/** The span [first, last) whose text is `chars`. */
const arraySpan = (first: number, last: number, chars: string): EncodedSpan => ({ start: first, end: last, encoding: 'array', label: chars });

/** native/decode's arrays(), when built. */
export interface ArraysAddon {
  arrays(data: Uint8Array, from: number, out: Int32Array): number;
}

const PAIRS = new Int32Array(2 * 1024);

/** The arrays of characters and character codes in `data`, as spans (`addon`: the native pass). */
export function findArrays(data: Uint8Array, out: EncodedSpan[], addon: ArraysAddon | undefined): void {
  const each = (s: number, e: number): void => (e < 0 ? literalSpan(data, s, out) : codeSpans(data, s, e, out));
  if (!addon) {
    for (const [s, e] of arraysJs(data)) each(s, e);
  } else {
    for (let from = 0; ; ) {
      const k = addon.arrays(data, from, PAIRS);
      for (let i = 0; i < k; i++) each(PAIRS[2 * i]!, PAIRS[2 * i + 1]!);
      if (k < PAIRS.length / 2) break;
      from = PAIRS[2 * k - 1]! >= 0 ? PAIRS[2 * k - 1]! : PAIRS[2 * k - 2]! + 1;
    }
  }
}

/** Whether another one-character literal follows the one at `p` after its comma and at most 4 blanks. */
function literalPair(data: Uint8Array, p: number): boolean {
  let q = p + 4;
  while (q - p < 8 && isBlank(data[q])) q++;
  return data[q] === data[p] && data[q + 2] === data[p];
}

/** Digits, hex letters, x, commas and blanks. */
const NUMC = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEFxX, \t\r\n') NUMC[c.charCodeAt(0)] = 1;
const MIN_RUN = 48;

/** What the native pass names, byte by byte (tests compare both). */
export function arraysJs(data: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  const run = (s: number, e: number): void => {
    if (e - s < MIN_RUN) return;
    let commas = 0;
    let digits = 0;
    for (let k = s; k < e; k++) {
      if (data[k] === 0x2c) commas++;
      else if (isDigit(data[k])) digits++;
    }
    if (commas >= MIN_ELEMENTS - 1 && digits >= MIN_ELEMENTS) out.push([s, e]);
  };
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if ((b === 0x27 || b === 0x22) && data[i + 2] === b && data[i + 3] === 0x2c && literalPair(data, i)) out.push([i, -1]);
    if (NUMC[b]) continue;
    run(start, i);
    start = i + 1;
  }
  run(start, data.length);
  return out;
}

/**
 * The text of an 'array' span: the line holding the array's opening bracket up to the bracket
 * (at most MAX_PREFIX bytes: the name it is bound to), a quote, the characters, a quote.
 */
export function arrayText(data: Uint8Array, span: EncodedSpan): Buffer {
  const bracket = skipBlanks(data, span.start - 1, -1, 64);
  let end = span.start;
  if (bracket >= 0 && (data[bracket] === 0x5b || data[bracket] === 0x28 || data[bracket] === 0x7b)) end = bracket + 1;
  let line = end;
  while (line > 0 && end - line < MAX_PREFIX && data[line - 1] !== 0x0a) line--;
  return Buffer.concat([data.subarray(line, end), Buffer.from(`"${span.label ?? ''}"`, 'latin1')]);
}
