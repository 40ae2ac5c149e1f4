import type { KeyObject } from 'node:crypto';
import { AuditError } from './errors.js';
import type { AuditPaths } from './location.js';
import { appendEntries, type AppendOptions } from './log.js';
import { keyId, signHead, writeSignature, type SignedHead } from './sign.js';

/**
 * Signs the chain: appends a `chain-signed` entry (so the log itself says who signed, with which
 * key) and signs that entry's number and hash into `<log>.sig`. Whoever holds only the log cannot
 * forge a signature, so a rewrite or truncation of entries 1..seq shows even if the head file was
 * rewritten with it.
 */
export function signChain(paths: AuditPaths, key: KeyObject, actor: string, opts: AppendOptions = {}): SignedHead {
  const [entry] = appendEntries(paths, [{ action: 'chain-signed', actor, detail: { key: keyId(key) } }], { ...opts, actor: () => actor });
  if (!entry) throw new AuditError('nothing was appended to sign');
  const signed = signHead({ seq: entry.seq, hash: entry.hash }, key);
  writeSignature(paths.sig, signed);
  return signed;
}
