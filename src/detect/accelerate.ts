/**
 * RE2 skips ahead with memchr when a regex starts with a literal, but a leading boundary such as
 * `\b` or `(?:^|[^A-Za-z0-9_])` turns that off: measured on source code, `\b(sk_live_…)` ran at
 * ~670 MB/s and `(sk_live_…)` at ~3.4 GB/s. Most provider rules have exactly that shape, so
 * the engine runs the regex without its leading boundary and checks the byte before each match
 * itself (a match that fails the check is retried one byte later, which keeps RE2's
 * leftmost-match semantics).
 */
export interface Accelerated {
  /** The regex without its leading boundary. */
  source: string;
  /** True when the byte before `start` (or the start of input) satisfies the boundary. */
  boundaryOk: (data: Uint8Array, start: number) => boolean;
}

const WORD = /[A-Za-z0-9_]/;
/**
 * A literal of at least two plain characters right after an optional "(" (a capture group), or a
 * case-insensitive group of literals, `(?i:meraki|...)`, which RE2 also skips ahead to (context
 * rules name their provider that way: ~25x faster than behind a boundary, measured on source).
 */
const LITERAL_NEXT = /^(?:\(?(?![?])|\(\?i:)[A-Za-z0-9_][A-Za-z0-9_]/;

export function accelerate(source: string): Accelerated | undefined {
  if (source.startsWith('\\b')) {
    const rest = source.slice(2);
    if (!LITERAL_NEXT.test(rest) && !startsWithWordChar(rest)) return undefined;
    // The literal starts with a word character, so \b means: start of input or a non-word byte before.
    const word = (wordTable ??= byteTable(WORD));
    return { source: rest, boundaryOk: (d, s) => s === 0 || word[d[s - 1]!] === 0 };
  }
  const m = /^\(\?:\^\|\[\^((?:\\.|[^\]\\])+)\]\)/.exec(source);
  if (m) {
    const rest = source.slice(m[0].length);
    if (!LITERAL_NEXT.test(rest)) return undefined;
    const inClass = classTable(m[1]!);
    if (!inClass) return undefined;
    return { source: rest, boundaryOk: (d, s) => s === 0 || inClass[d[s - 1]!] === 0 };
  }
  return undefined;
}

let wordTable: Uint8Array | undefined;
/** Byte tables of the boundary classes by their text: a few classes serve hundreds of rules, and a detector is made per thread. */
const classTables = new Map<string, Uint8Array | undefined>();

function classTable(body: string): Uint8Array | undefined {
  if (!classTables.has(body)) {
    let table: Uint8Array | undefined;
    try {
      table = byteTable(new RegExp(`[${body}]`));
    } catch {
      table = undefined;
    }
    classTables.set(body, table);
  }
  return classTables.get(body);
}

/** Per byte value, 1 when `re` matches the character of that code (a test per match was a string and a regex run). */
function byteTable(re: RegExp): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = re.test(String.fromCharCode(b)) ? 1 : 0;
  return t;
}

/**
 * True when every match of `source` begins with an ASCII word character, read case-sensitively:
 * a literal, a class of word characters, \\w or \\d, or a group whose every alternative does so
 * (`\\b((?:AKIA|ASIA)...|A3T...)`, `\\b((?:cxtp_|cxup_)...)`). Then `\\b` before it means: start of
 * input or a non-word byte before, and RE2 runs the rest without the empty-width check in its
 * DFA (measured on gitleaks' history: aws-access-key-id 4x faster). Case-insensitive parts are
 * left out: under (?i) `k` and `s` also match U+212A and U+017F, which are not word characters.
 */
export function startsWithWordChar(source: string): boolean {
  // `\\bfoo|bar`: the boundary belongs to the first alternative only.
  if (alternativeEnd(source, 0) !== -1) return false;
  const end = firstAtomEnd(source, 0);
  return end > 0 && !OPTIONAL.test(source.slice(end));
}

/** A quantifier that allows zero repetitions. */
const OPTIONAL = /^(?:[?*]|\{0*(?:,|\}|0))/;
const WORD_CHAR = /^[A-Za-z0-9_]$/;

/** End of the atom at `i` when every match of it starts with a word character; else -1. */
function firstAtomEnd(s: string, i: number): number {
  const c = s[i];
  if (c === undefined) return -1;
  if (WORD_CHAR.test(c)) return i + 1;
  if (c === '\\') return s[i + 1] === 'w' || s[i + 1] === 'd' ? i + 2 : -1;
  if (c === '[') return wordClassEnd(s, i);
  if (c === '(') return wordGroupEnd(s, i);
  return -1;
}

/** `[...]` at `i` holding only word characters and ranges of them (not negated): its end, else -1. */
function wordClassEnd(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '^' || s[j] === ']') return -1;
  while (j < s.length && s[j] !== ']') {
    const lo = s[j]!;
    if (lo === '\\') {
      if (s[j + 1] !== 'w' && s[j + 1] !== 'd') return -1;
      j += 2;
      continue;
    }
    if (!WORD_CHAR.test(lo)) return -1;
    if (s[j + 1] === '-' && s[j + 2] !== ']') {
      const hi = s[j + 2]!;
      // a-z, A-Z, 0-9 and their sub-ranges only: a range across kinds holds punctuation.
      const kind = (x: string) => (/[a-z]/.test(x) ? 1 : /[A-Z]/.test(x) ? 2 : /[0-9]/.test(x) ? 3 : 0);
      if (kind(lo) === 0 || kind(lo) !== kind(hi) || hi < lo) return -1;
      j += 3;
    } else j++;
  }
  return s[j] === ']' ? j + 1 : -1;
}

/** A group at `i` (plain, `(?:`, named) whose every alternative starts with a word character: its end, else -1. */
function wordGroupEnd(s: string, i: number): number {
  let j = i + 1;
  if (s.startsWith('?:', j)) j += 2;
  else if (s.startsWith('?P<', j) || s.startsWith('?<', j)) {
    const close = s.indexOf('>', j);
    if (close < 0) return -1;
    j = close + 1;
  } else if (s[j] === '?') return -1; // flags such as (?i:...): see startsWithWordChar
  for (;;) {
    const atomEnd = firstAtomEnd(s, j);
    if (atomEnd < 0 || OPTIONAL.test(s.slice(atomEnd))) return -1;
    const next = alternativeEnd(s, j);
    if (next < 0) return -1;
    if (s[next] === ')') return next + 1;
    j = next + 1; // after '|'
  }
}

/** Index of the '|' or ')' that ends the alternative starting at `i` (nesting, classes and escapes skipped); -1 if unclosed. */
function alternativeEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') j++;
    else if (c === '[') {
      j++;
      if (s[j] === '^') j++;
      if (s[j] === ']') j++;
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return j;
      depth--;
    } else if (c === '|' && depth === 0) return j;
  }
  return -1;
}
