import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { keywardDir } from './state.js';

export type AuditEvent = 'opened' | 'updated' | 'reopened' | 'linked' | 'notified';

/** One line of `.git/keyward/audit.jsonl`. Never the secret, not even redacted: the fingerprint identifies it. */
export interface AuditEntry {
  time: string;
  event: AuditEvent;
  fingerprint: string;
  /** Tracker target, e.g. "github:api.github.com/acme/app". */
  tracker: string;
  ticket: string;
  url: string;
  actor: string;
}

export function auditFile(gitDir: string): string {
  return join(keywardDir(gitDir), 'audit.jsonl');
}

/**
 * Appends one entry (O_APPEND: concurrent writers never interleave a line this short) and
 * fsyncs, so an entry written before a crash survives it.
 */
export function appendAudit(gitDir: string, entry: AuditEntry): void {
  mkdirSync(keywardDir(gitDir), { recursive: true });
  const fd = openSync(auditFile(gitDir), 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
