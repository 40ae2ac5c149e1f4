import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random characters from `alphabet`: fake tokens are built at test time, never committed. */
export function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}

export const randomAlnum = (n: number): string => randomFrom(ALNUM, n);

/**
 * Letters and digits that cannot spell a placeholder word (detect/filters.ts: "xxxx", "dummy",
 * "lorem"... each holds a vowel or an x). A generated secret that a test expects to be found
 * is then never dropped as a placeholder by chance (with all letters, about 1 run in 150 was).
 */
const TOKEN_ALPHABET = 'BCDFGHJKLMNPQRSTVWYZbcdfghjklmnpqrstvwyz0123456789';
export const randomToken = (n: number): string => randomFrom(TOKEN_ALPHABET, n);

/** A value the generic secret rule reports: letters of both cases and digits. */
export function fakeGenericSecret(n = 24): string {
  for (;;) {
    const s = randomToken(n);
    if (/[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s)) return s;
  }
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = 'keyward-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
