import type { CredentialStatus } from '../policy/deadline.js';
import type { Confidence } from '../rules/types.js';
import type { RuleFacts } from '../model/finding.js';

/** A commit where keyward saw the credential. */
export interface Sighting {
  commit?: string;
  /** ISO 8601 author date. */
  date?: string;
  author?: string;
  email?: string;
  file: string;
}

export type OwnerSource = 'policy' | 'codeowners' | 'author' | 'none';

/** One distinct credential (fingerprint). Never the secret, not even redacted. */
export interface InventoryRow extends RuleFacts {
  fingerprint: string;
  confidence: Confidence;
  /** The earliest commit that holds it (its author and date: when the credential entered the code). */
  firstSeen: Sighting;
  /** The latest commit that added it somewhere (a copy, an edit around it, a re-add). */
  lastSeen: Sighting;
  /** HEAD still holds it; false: only in history. */
  atHead: boolean;
  /** Distinct places (commit, path, line). */
  locations: number;
  pushed: boolean;
  remotes: string[];
  owner: string;
  ownerSource: OwnerSource;
  ticket?: { id: string; state: 'open' | 'closed'; url?: string };
  status: CredentialStatus;
  deadline?: string;
  deadlineBasis: string;
  overdue: boolean;
  /** Pushed to a remote the policy calls public. */
  escalated: boolean;
}

export interface InventoryCounts {
  credentials: number;
  open: number;
  revoked: number;
  overdue: number;
  pushed: number;
  local: number;
  atHead: number;
}

export interface Inventory {
  /** The moment deadlines were judged against (ISO 8601). */
  generatedAt: string;
  repository: string;
  /** False when the history scan could not read everything: credentials may be missing. */
  complete: boolean;
  counts: InventoryCounts;
  /** Config files that set the policy. */
  policyFiles: string[];
  rows: InventoryRow[];
  warnings: string[];
}

export function countRows(rows: readonly InventoryRow[]): InventoryCounts {
  const c: InventoryCounts = { credentials: rows.length, open: 0, revoked: 0, overdue: 0, pushed: 0, local: 0, atHead: 0 };
  for (const r of rows) {
    if (r.status === 'revoked') c.revoked++;
    else c.open++;
    if (r.overdue) c.overdue++;
    if (r.pushed) c.pushed++;
    else c.local++;
    if (r.atHead) c.atHead++;
  }
  return c;
}
