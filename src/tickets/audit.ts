import { join } from 'node:path';
import { recordTicket } from '../audit/record.js';
import { keywardDir } from './state.js';

export type AuditEvent = 'opened' | 'updated' | 'reopened' | 'linked' | 'closed' | 'notified';

/** What a ticket action records. Never the secret, not even redacted: the fingerprint identifies it. */
export interface AuditEntry {
  time: string;
  event: AuditEvent;
  fingerprint: string;
  /** Tracker target, e.g. "github:api.github.com/acme/app". */
  tracker: string;
  ticket: string;
  url: string;
  actor: string;
  /** The ticket's state as keyward last saw it. */
  state?: string;
}

/** The default audit log (src/audit: hash-chained, shared with every other action keyward records). */
export function auditFile(gitDir: string): string {
  return join(keywardDir(gitDir), 'audit.jsonl');
}

/** Appends one `ticket-<event>` entry to the audit log (docs/audit.md); a failure to record is one warning. */
export function appendAudit(gitDir: string, entry: AuditEntry): void {
  recordTicket(gitDir, entry);
}
