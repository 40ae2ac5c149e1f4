import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import type { Detector } from '../detect/detector.js';
import type { Finding } from '../model/finding.js';
import { redact, secretId } from './secret-id.js';

/** git's id of a blob holding `data` (SHA-1 object format), as `git hash-object` gives it. */
export function blobId(data: Uint8Array): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}

/**
 * The blob id of an open file of `size` bytes, read with positioned reads: the descriptor's
 * offset stays where it is, for the stream that scans the file next. Only a large file at a
 * path-only rule's path (a key store over 4 MiB) is read this way.
 */
export function blobIdOfFile(fd: number, size: number): string {
  const hash = createHash('sha1').update(`blob ${size}\0`);
  const buf = Buffer.allocUnsafe(Math.min(size, 1024 * 1024) || 1);
  for (let pos = 0; pos < size; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    pos += n;
  }
  return hash.digest('hex');
}

/**
 * Findings of the path-only rules for the file at `path` (Detector.pathMatches): one per rule,
 * at line 1, whatever the bytes (binary, empty). Nothing of the content is shown; the
 * fingerprint is that of the rule and the content's blob id, so the same key store anywhere is
 * one secret, and a replaced one a new one. `oid` is called only when a rule applies.
 */
export function pathFindings(detector: Detector, path: string, oid: () => string): Finding[] {
  const rules = detector.pathMatches(path);
  if (rules.length === 0) return [];
  const id = oid();
  return rules.map((rule): Finding => {
    const { def } = rule;
    return {
      ruleId: def.id,
      title: def.title,
      provider: def.provider,
      kind: def.kind,
      risk: def.risk,
      confidence: rule.confidence,
      file: path,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      secret: redact(''),
      entropy: 0,
      fingerprint: secretId(def.id, id).fingerprint,
      ...(def.revoke ? { revoke: def.revoke } : {}),
    };
  });
}
