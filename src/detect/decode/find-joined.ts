import type { EncodedSpan } from './span.js';

/**
 * A key split over string literals joined in code: `"pypi-AgEI…" +\n "…"` (Java, JS, Go, C#),
 * Python's and C's implicit `"…"\n"…"`, PHP's and Perl's `.`, Lua's `..`, VB's `&`, SQL's `||`,
 * the shell's `"…""…"`. People split a key to get it past a hook; joined, it is the key again.
 *
 * Looked for only around a run of key characters (find-encoded's runs, 16 or more: a piece of a
 * 32-character key cut in two) that touches a quote: the span runs from the first piece's opening quote to the last piece's closing quote,
 * and decodes (joinedText) to the line's text before it, then the pieces' contents in quotes:
 * `API_KEY = "<joined>"`, so that rules which need the name see it.
 */

const DQ = 0x22;
const SQ = 0x27;
const BT = 0x60;
const NL = 0x0a;
/** Pieces joined at most, and the longest piece followed. */
const MAX_PIECES = 8;
const MAX_PIECE = 256;
/** Bytes between two pieces at most (`" +\n        "`). */
const MAX_JUNCTION = 48;
/** Bytes of the line before the first piece carried into the joined text: a name and its operator. */
const MAX_PREFIX = 160;

const isQuote = (b: number | undefined): boolean => b === DQ || b === SQ || b === BT;
const isBlank = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0d;

/** The [open, close] quote indexes of the literal holding the run [s, e), or undefined. */
function literalAround(data: Uint8Array, s: number, e: number): [number, number] | undefined {
  let open = s - 1;
  while (open >= 0 && s - open <= MAX_PIECE && !isQuote(data[open]) && data[open] !== NL) open--;
  if (open < 0 || !isQuote(data[open])) return undefined;
  const q = data[open];
  let close = e;
  while (close < data.length && close - open <= MAX_PIECE && data[close] !== q && data[close] !== NL) close++;
  return data[close] === q ? [open, close] : undefined;
}

/**
 * After the closing quote at `close`: the opening quote of the next piece (same quote), when only
 * blanks, one joiner (`+ . .. & ||`) and at most one line break come between; else -1.
 */
function nextOpen(data: Uint8Array, close: number): number {
  const q = data[close];
  let p = close + 1;
  let joiner = false;
  let breaks = 0;
  for (; p < data.length && p - close <= MAX_JUNCTION; p++) {
    const b = data[p]!;
    if (b === q) return p;
    if (isBlank(b)) continue;
    if (b === NL && ++breaks <= 1) continue;
    if (joiner) return -1;
    if (b === 0x2b || b === 0x26) joiner = true; // + &
    else if (b === 0x2e) joiner = data[p + 1] === 0x2e ? (p++, true) : true; // . ..
    else if (b === 0x7c && data[p + 1] === 0x7c) joiner = (p++, true); // ||
    else return -1;
  }
  return -1;
}

/** The closing quote of the literal opened at `open` on its line, or -1. */
function closeOf(data: Uint8Array, open: number): number {
  const q = data[open];
  for (let p = open + 1; p < data.length && p - open <= MAX_PIECE; p++) {
    if (data[p] === q) return p;
    if (data[p] === NL) return -1;
  }
  return -1;
}

/** The piece before the literal opened at `open`: its [open, close], when a junction joins them. */
function previousPiece(data: Uint8Array, open: number): [number, number] | undefined {
  let p = open - 1;
  while (p >= 0 && open - p <= MAX_JUNCTION && !isQuote(data[p])) p--;
  if (p < 0 || data[p] !== data[open] || nextOpen(data, p) !== open) return undefined;
  let o = p - 1;
  while (o >= 0 && p - o <= MAX_PIECE && data[o] !== data[p] && data[o] !== NL) o--;
  return o >= 0 && data[o] === data[p] ? [o, p] : undefined;
}

/** Pushes a 'joined' span for the run [s, e) when it lies in a literal joined to another. */
export function findJoined(data: Uint8Array, s: number, e: number, out: EncodedSpan[]): void {
  if (!isQuote(data[s - 1]) && !isQuote(data[e])) return;
  // A later piece's own run, inside the span its first piece already gave.
  for (let i = out.length - 1; i >= 0 && out[i]!.end > s; i--) if (out[i]!.encoding === 'joined') return;
  const lit = literalAround(data, s, e);
  if (!lit) return;
  const pieces: Array<[number, number]> = [lit];
  for (let prev = previousPiece(data, lit[0]); prev && pieces.length < MAX_PIECES; prev = previousPiece(data, prev[0])) pieces.unshift(prev);
  for (let open = nextOpen(data, lit[1]); open >= 0 && pieces.length < MAX_PIECES; ) {
    const close = closeOf(data, open);
    if (close < 0) break;
    pieces.push([open, close]);
    open = nextOpen(data, close);
  }
  if (pieces.length < 2) return;
  out.push({ start: pieces[0]![0], end: pieces[pieces.length - 1]![1] + 1, encoding: 'joined' });
}

/**
 * The text of a 'joined' span of `data`: its line's text before the first piece's opening quote
 * (at most MAX_PREFIX bytes: a minified line would otherwise be copied once per span), the quote,
 * the pieces' contents, a quote.
 */
export function joinedText(data: Uint8Array, span: EncodedSpan): Buffer {
  let line = span.start;
  while (line > 0 && span.start - line < MAX_PREFIX && data[line - 1] !== NL) line--;
  const parts: Uint8Array[] = [data.subarray(line, span.start + 1)];
  for (let o = span.start; o >= 0 && o < span.end; ) {
    const c = closeOf(data, o);
    if (c < 0) break;
    parts.push(data.subarray(o + 1, c));
    o = nextOpen(data, c);
  }
  parts.push(data.subarray(span.start, span.start + 1));
  return Buffer.concat(parts);
}
