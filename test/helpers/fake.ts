import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from '../../src/rules/validators.js';
import { madeUp } from '../../src/rules/validators-generic.js';
import { nonSecretReason } from '../../src/detect/filters.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function draw(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}

/** Shannon entropy in bits per character, as the rules measure it. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / s.length) * Math.log2(c / s.length);
  return h;
}

const typicalEntropy = new Map<string, number>();

/** Mean entropy of `n` random characters of `alphabet`, measured once per shape. */
function meanEntropy(alphabet: string, n: number): number {
  const key = `${n}\0${alphabet}`;
  let mean = typicalEntropy.get(key);
  if (mean === undefined) {
    let sum = 0;
    for (let i = 0; i < 256; i++) sum += entropy(draw(alphabet, n));
    typicalEntropy.set(key, (mean = sum / 256));
  }
  return mean;
}

/**
 * Random characters from `alphabet`: fake tokens are built at test time, never committed.
 * A draw far below the usual entropy for its length is drawn again: rules drop low-entropy
 * values, and a test that expects its random token to be found must not fail by chance (24
 * characters of TOKEN_ALPHABET fell under the generic rule's 3.5 bits about once in 7,000
 * draws, enough to fail a CI run in a few dozen). So is a draw with a run of six of one
 * character, which the generic rules take for padding (one 32-hex draw in ~40,000), and one
 * whose digits count up (madeUp: a hand-made value; one 32-character token in ~40,000).
 */
export function randomFrom(alphabet: string, n: number): string {
  const floor = meanEntropy(alphabet, n) - 0.25;
  for (;;) {
    const s = draw(alphabet, n);
    if (entropy(s) >= floor && !/(.)\1{5}/.test(s) && !madeUp(s)) return s;
  }
}

/**
 * `draw()` again until its value has `floor` bits per character: for values built from several
 * short draws (a word of syllables, two words joined), which randomFrom's own floor cannot see.
 */
export function drawAbove(floor: number, draw: () => string): string {
  return drawWhere(draw, (s) => entropy(s) >= floor);
}

/** A value built of several draws, drawn again while its digits count up (madeUp, as randomFrom does for one draw). */
export const composed = (draw: () => string): string => drawWhere(draw, (s) => !madeUp(s));

/**
 * A value of random bytes or letters drawn again while a shared filter would drop it by chance:
 * `xxxx` or a placeholder word (one 88-character base64 key in ~100,000 holds `xxxx`), a repeated
 * or sequential run, digits that count up.
 */
export const plausible = (draw: () => string): string => drawWhere(draw, (s) => !madeUp(s) && nonSecretReason(s) === undefined);

/**
 * A password a person chooses: a capital, five consonants, two digits (no 0 or 1), one of
 * `symbols`, three consonants (`Kbdrtz47!mqp`). No vowels, so no word or placeholder by chance.
 */
export const chosenPassword = (symbols = '!-_'): string =>
  `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 1)}${randomFrom('bcdfghjkmnpqrstvwz', 5)}${randomFrom('23456789', 2)}${randomFrom(symbols, 1)}${randomFrom('bcdfghjkmnpqrstvwz', 3)}`;

/** `draw()` again until `ok` holds of its value: a draw a filter drops by chance is no test. */
export function drawWhere(draw: () => string, ok: (s: string) => boolean): string {
  for (;;) {
    const s = draw();
    if (ok(s)) return s;
  }
}

export const randomAlnum = (n: number): string => randomFrom(ALNUM, n);

/**
 * Letters and digits that cannot spell a placeholder word (detect/filters.ts: "xxxx", "dummy",
 * "lorem"... each holds a vowel or an x). A generated secret that a test expects to be found
 * is then never dropped as a placeholder by chance (with all letters, about 1 run in 150 was).
 */
const TOKEN_ALPHABET = 'BCDFGHJKLMNPQRSTVWYZbcdfghjklmnpqrstvwyz0123456789';
export const randomToken = (n: number): string => randomFrom(TOKEN_ALPHABET, n);

/**
 * A value the generic secret rule reports: letters of both cases and digits, a digit before
 * some letter (only trailing digits can read as a camelCase name with a number: about 1 draw
 * in 2 million).
 */
export function fakeGenericSecret(n = 24): string {
  for (;;) {
    const s = randomToken(n);
    if (/[0-9][A-Za-z]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s)) return s;
  }
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = 'keyward-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A GitHub / npm style token made now: `prefix`, 30 random base62 characters and their CRC-32 as
 * 6 base62 digits; with `valid` false the last digit is wrong.
 */
export function checksummedToken(prefix = 'ghp_', valid = true): string {
  const random = draw(ALNUM, 30);
  let sum = '';
  for (let v = crc32(random); v > 0; v = Math.floor(v / 62)) sum = BASE62[v % 62] + sum;
  sum = sum.padStart(6, '0');
  const last = sum.at(-1) === 'A' ? 'B' : 'A';
  return prefix + random + (valid ? sum : sum.slice(0, 5) + last);
}
