import { scryptSync } from 'node:crypto';

/**
 * Redacted form of a secret: at most its first 4 characters, fewer for short values so that a
 * short password is never mostly shown, then "…".
 */
export function redact(secret: string): string {
  const chars = Array.from(secret);
  const shown = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join('')}…`;
}

const memo = new Map<string, string>();

/**
 * Stable fingerprint of (rule id, secret): 32 hex chars, equal wherever the same secret appears.
 * scrypt rather than a plain hash so that a low-entropy secret (a password) is costly to confirm
 * by guessing; N=1024 keeps it at ~1-2 ms per distinct secret.
 */
export function fingerprint(ruleId: string, secret: string): string {
  const key = `${ruleId}\0${secret}`;
  let fp = memo.get(key);
  if (fp === undefined) {
    fp = scryptSync(secret, `keyward-fingerprint-v1:${ruleId}`, 16, { N: 1024, r: 8, p: 1 }).toString('hex');
    if (memo.size > 10_000) memo.clear();
    memo.set(key, fp);
  }
  return fp;
}
