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

/** What a finding shows of its secret: both worked out once per distinct (rule, secret). */
export interface SecretId {
  fingerprint: string;
  redacted: string;
}

/** Per thread, within a run: content dense with secrets repeats the same few hundred values thousands of times. */
const memo = new Map<string, SecretId>();
const MEMO_LIMIT = 10_000;

/**
 * Stable fingerprint of (rule id, secret): 32 hex chars, equal wherever the same secret appears.
 * scrypt rather than a plain hash so that a low-entropy secret (a password) is costly to confirm
 * by guessing; N=1024 keeps it at ~1-2 ms of CPU per distinct secret (260 distinct secrets in
 * gitleaks' whole history: ~0.3-0.6 s). The value is kept as it is: baselines, ignore files,
 * ticket labels, audit logs and SARIF `keyward/v1` fingerprints written by earlier versions hold
 * it, and none of them could be migrated without the secrets (see docs/baseline.md).
 */
export function fingerprint(ruleId: string, secret: string): string {
  return secretId(ruleId, secret).fingerprint;
}

/** Fingerprint and redacted value of (rule id, secret), memoized. */
export function secretId(ruleId: string, secret: string): SecretId {
  const key = `${ruleId}\0${secret}`;
  let id = memo.get(key);
  if (id === undefined) {
    const fp = scryptSync(secret, `keyward-fingerprint-v1:${ruleId}`, 16, { N: 1024, r: 8, p: 1 }).toString('hex');
    id = { fingerprint: fp, redacted: redact(secret) };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, id);
  }
  return id;
}
