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
 * blanks, one joiner (`+ . .. & || //`, or `,` between an array's elements) and at most one line
 * break come between; else -1. Fortran's `&` at a line's end (or start) continues the line.
 */
function nextOpen(data: Uint8Array, close: number, comma = false): number {
  const q = data[close];
  let p = close + 1;
  let joiner = false;
  let breaks = 0;
  for (; p < data.length && p - close <= MAX_JUNCTION; p++) {
    const b = data[p]!;
    if (b === q) return p;
    if (isBlank(b)) continue;
    if (b === NL && ++breaks <= 1) continue;
    if (b === 0x26 && joiner && continuation(data, p)) continue;
    if (joiner) return -1;
    if (comma) {
      if (b !== 0x2c) return -1;
      joiner = true;
    } else if (b === 0x2b || b === 0x26) joiner = true; // + &
    else if (b === 0x2e) joiner = data[p + 1] === 0x2e ? (p++, true) : true; // . ..
    else if (b === 0x7c && data[p + 1] === 0x7c) joiner = (p++, true); // ||
    else if (b === 0x2f && data[p + 1] === 0x2f) joiner = (p++, true); // Fortran's //
    else return -1;
  }
  return -1;
}

/** The text before the first piece: its line's, or the line before's (see joinedText). */
function namePart(data: Uint8Array, line: number, quote: number): Uint8Array[] {
  let p = line;
  while (p < quote && isBlank(data[p])) p++;
  if (p < quote || line === 0) return [data.subarray(line, quote)];
  let end = line - 1; // the line break ending the line before
  let start = end;
  while (start > 0 && end - start < MAX_PREFIX && data[start - 1] !== NL) start--;
  while (end > start && (isBlank(data[end - 1]) || data[end - 1] === 0x26 || data[end - 1] === 0x5c || data[end - 1] === 0x28)) end--;
  return [data.subarray(start, end), Buffer.from(' ')];
}

/** Whether the `&` at `p` ends its line or starts one (blanks aside): Fortran's continuation. */
function continuation(data: Uint8Array, p: number): boolean {
  let a = p + 1;
  while (isBlank(data[a]) && data[a] !== 0x0d) a++;
  if (data[a] === NL || data[a] === 0x0d) return true;
  let b = p - 1;
  while (isBlank(data[b])) b--;
  return data[b] === NL;
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
function previousPiece(data: Uint8Array, open: number, comma = false): [number, number] | undefined {
  let p = open - 1;
  while (p >= 0 && open - p <= MAX_JUNCTION && !isQuote(data[p])) p--;
  if (p < 0 || data[p] !== data[open] || nextOpen(data, p, comma) !== open) return undefined;
  let o = p - 1;
  while (o >= 0 && p - o <= MAX_PIECE && data[o] !== data[p] && data[o] !== NL) o--;
  return o >= 0 && data[o] === data[p] ? [o, p] : undefined;
}

/** The array of literals found last not to be joined (its first and last quotes in `data`). */
let rejected: { data: WeakRef<Uint8Array> | undefined; first: number; last: number } = { data: undefined, first: 0, last: 0 };

/** Pushes a 'joined' span for the run [s, e) when it lies in a literal joined to another. */
export function findJoined(data: Uint8Array, s: number, e: number, out: EncodedSpan[]): void {
  if (!isQuote(data[s - 1]) && !isQuote(data[e])) return;
  // A later piece's own run, inside the span its first piece already gave.
  for (let i = out.length - 1; i >= 0 && out[i]!.end > s; i--) if (out[i]!.encoding === 'joined') return;
  const lit = literalAround(data, s, e);
  if (!lit) return;
  let pieces = piecesAround(data, lit, false);
  let separator: string | undefined;
  if (pieces.length < 2) {
    // Each element's run asks about the same array: the answer for the last array is kept.
    if (rejected.data?.deref() === data && lit[0] >= rejected.first && lit[1] <= rejected.last) return;
    pieces = piecesAround(data, lit, true);
    if (pieces.length < 2) return;
    separator = arraySeparator(data, pieces[0]![0], pieces[pieces.length - 1]![1]);
    if (separator === undefined) {
      rejected = { data: new WeakRef(data), first: pieces[0]![0], last: pieces[pieces.length - 1]![1] };
      return;
    }
  }
  const span: EncodedSpan = { start: pieces[0]![0], end: pieces[pieces.length - 1]![1] + 1, encoding: 'joined' };
  // An array's span carries its separator ('' too): joinedText steps over commas only then.
  if (separator !== undefined) span.label = separator;
  out.push(span);
}

/** The literals joined to `lit` (by operators, or `comma`: as an array's elements), in order. */
function piecesAround(data: Uint8Array, lit: [number, number], comma: boolean): Array<[number, number]> {
  const pieces: Array<[number, number]> = [lit];
  for (let prev = previousPiece(data, lit[0], comma); prev && pieces.length < MAX_PIECES; prev = previousPiece(data, prev[0], comma)) pieces.unshift(prev);
  for (let open = nextOpen(data, lit[1], comma); open >= 0 && pieces.length < MAX_PIECES; ) {
    const close = closeOf(data, open);
    if (close < 0) break;
    pieces.push([open, close]);
    open = nextOpen(data, close, comma);
  }
  return pieces;
}

/*
 * An array of literals joined into one string, and the separator it is joined with: a literal of
 * nothing or up to three of `-_.:/|` (group 2; `.join("-")` rebuilds `xoxb-…`), none for Ruby's
 * bare `.join`.
 */
const CLOSE = String.raw`^[ \t\r\n]*[\])}][ \t\r\n]*`;
const QSEP = String.raw`(["'])([-_.:/|]{0,3})\1`;
/** After the array: `.join(sep)` (JS), `.join` (Ruby), `.joinToString(sep)` (Kotlin), `}, sep)` (Go's strings.Join). */
const JOINED_AFTER = [
  new RegExp(String.raw`${CLOSE}\.[ \t]*join\([ \t]*${QSEP}[ \t]*\)`),
  new RegExp(String.raw`${CLOSE}\.[ \t]*join(?![\w(])`),
  new RegExp(String.raw`${CLOSE}\.joinToString\([ \t]*(?:separator[ \t]*=[ \t]*)?${QSEP}[ \t]*\)`),
  new RegExp(String.raw`${CLOSE},[ \t]*${QSEP}[ \t]*\)`),
];
/**
 * Before it: `sep.join([` (Python), `implode(sep, [` (PHP), Rust's `concat!(`, C#'s
 * `string.Concat(` and `string.Join(string.Empty, new[] {` (no separator: group 2 is empty).
 */
const JOINED_BEFORE = [
  new RegExp(String.raw`${QSEP}[ \t]*\.[ \t]*join\([ \t]*[\[(][ \t\r\n]*$`),
  new RegExp(String.raw`implode\([ \t]*${QSEP}[ \t]*,[ \t]*(?:array)?[\[(][ \t\r\n]*$`),
  /\bconcat!\([ \t\r\n]*$/,
  /\b[Ss]tring\.(?:Concat\(|Join\([ \t]*(?:[Ss]tring\.Empty|(["'])()\1)[ \t]*,)[ \t\r\n]*(?:new[ \t]*(?:string[ \t]*)?\[\][ \t\r\n]*\{[ \t\r\n]*)?$/,
];
/** Later, through the name the array is bound to (`n`: the name, escaped). */
const joinedLater = (n: string): RegExp[] => [
  new RegExp(String.raw`\$?\b${n}\.join\([ \t]*${QSEP}[ \t]*\)`),
  new RegExp(String.raw`${QSEP}\.join\([ \t]*${n}\b`),
  new RegExp(String.raw`implode\([ \t]*${QSEP}[ \t]*,[ \t]*\$${n}\b`),
  new RegExp(String.raw`strings\.Join\([ \t]*${n}[ \t]*,[ \t]*${QSEP}[ \t]*\)`),
  // Java's String.join("", PARTS), C#'s string.Join(string.Empty, parts) and string.Concat(parts).
  new RegExp(String.raw`\b[Ss]tring\.(?:join|Join)\([ \t]*(?:[Ss]tring\.Empty|${QSEP})[ \t]*,[ \t]*${n}[ \t]*\)`),
  new RegExp(String.raw`\b[Ss]tring\.Concat\([ \t]*${n}[ \t]*\)`),
];

/**
 * `PARTS = [` (any declaration keyword or type before it; Java's and C#'s `= {` and `= new[] {`):
 * the name an array literal is bound to.
 */
const BOUND_TO = /\$?([A-Za-z_][\w$]{0,60})[ \t]*(?::[^=\n]{1,40})?=[ \t]*(?:array|new[ \t]*(?:[Ss]tring[ \t]*)?\[\][ \t\r\n]*)?[\[({][ \t\r\n]*$/;
/** How far after the array its name is looked for, joined. */
const JOIN_REACH = 4096;

/** The separator of the first of `res` that matches `text` (`''` when it captures none), or undefined. */
function separatorIn(res: RegExp[], text: string): string | undefined {
  for (const re of res) {
    const m = re.exec(text);
    if (m) return m[2] ?? '';
  }
  return undefined;
}

/**
 * The separator the array literal from the quote at `first` to the quote at `last` is joined
 * with into one string (`''` for none), where it stands or through the name it is bound to
 * (`PARTS.join("")` further on); undefined when it is not joined.
 */
function arraySeparator(data: Uint8Array, first: number, last: number): string | undefined {
  // Byte checks first: arrays of literals are everywhere (JSON, argument lists) and few are joined.
  const close = skipSpace(data, last + 1, 1);
  if (data[close] === 0x5d || data[close] === 0x29 || data[close] === 0x7d) {
    const next = skipSpace(data, close + 1, 1);
    const joinCall = data[next] === 0x2e && startsWith(data, next + 1, 'join');
    const goJoin = data[next] === 0x2c && isQuote(data[skipSpace(data, next + 1, 1)]);
    if (joinCall || goJoin) {
      const after = separatorIn(JOINED_AFTER, latin1(data, last + 1, last + 1 + 48));
      if (after !== undefined) return after;
    }
  }
  const open = skipSpace(data, first - 1, -1);
  if (data[open] !== 0x5b && data[open] !== 0x28 && data[open] !== 0x7b) return undefined; // [ ( {
  const before = latin1(data, first - 80, first);
  if (/join|implode|concat/i.test(before)) {
    const head = separatorIn(JOINED_BEFORE, before);
    if (head !== undefined) return head;
  }
  // Bound to a name (`PARTS = [`, PHP's `= array(`), joined further on.
  let bind = skipSpace(data, open - 1, -1);
  if (data[open] === 0x28 && bind >= 4 && startsWith(data, bind - 4, 'array')) bind = skipSpace(data, bind - 5, -1);
  // `=`, or the `[]` of C#'s `= new[] {`: BOUND_TO tells.
  if (data[bind] !== 0x3d && !(data[open] === 0x7b && data[bind] === 0x5d)) return undefined;
  const name = BOUND_TO.exec(before)?.[1];
  if (!name) return undefined;
  const view = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, last + 1 + JOIN_REACH));
  if (view.indexOf(name, last + 1, 'latin1') < 0 || !['join', 'Join', 'implode', 'Concat'].some((w) => view.indexOf(w, last + 1) >= 0)) return undefined;
  return separatorIn(joinedLater(name.replace(/\$/g, '\\$')), latin1(data, last + 1, last + 1 + JOIN_REACH));
}

/** From `p`, the first byte that is no blank or line break, stepping by `step` (at most 8 steps). */
function skipSpace(data: Uint8Array, p: number, step: 1 | -1): number {
  for (let k = 0; k < 8 && p >= 0 && p < data.length && isSpace(data[p]); k++) p += step;
  return p;
}

/** Whether the bytes of `data` at `p` are the ASCII `text`. */
function startsWith(data: Uint8Array, p: number, text: string): boolean {
  if (p < 0 || p + text.length > data.length) return false;
  for (let i = 0; i < text.length; i++) if (data[p + i] !== text.charCodeAt(i)) return false;
  return true;
}

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;

/** Bytes [from, to) of `data` (clipped to it) as latin1 text. */
function latin1(data: Uint8Array, from: number, to: number): string {
  const a = Math.max(0, from);
  const b = Math.min(data.length, to);
  return b > a ? Buffer.from(data.buffer, data.byteOffset + a, b - a).toString('latin1') : '';
}

/**
 * The text of a 'joined' span of `data`: its line's text before the first piece's opening quote
 * (at most MAX_PREFIX bytes: a minified line would otherwise be copied once per span), the quote,
 * the pieces' contents, a quote. When the first piece opens its line, the line before stands in
 * for the name, without the mark that continues it (`TOKEN = (`, Fortran's `token = &`, `\`).
 */
export function joinedText(data: Uint8Array, span: EncodedSpan): Buffer {
  let line = span.start;
  while (line > 0 && span.start - line < MAX_PREFIX && data[line - 1] !== NL) line--;
  const parts: Uint8Array[] = [...namePart(data, line, span.start), data.subarray(span.start, span.start + 1)];
  for (let o = span.start; o >= 0 && o < span.end; ) {
    const c = closeOf(data, o);
    if (c < 0) break;
    parts.push(data.subarray(o + 1, c));
    // An array's pieces (a label: its separator) are joined by commas, and then by the separator.
    o = nextOpen(data, c, span.label !== undefined);
    if (span.label && o >= 0 && o < span.end) parts.push(Buffer.from(span.label, 'latin1'));
  }
  parts.push(data.subarray(span.start, span.start + 1));
  return Buffer.concat(parts);
}
