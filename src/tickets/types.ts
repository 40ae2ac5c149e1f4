import type { Risk, RuleKind } from '../rules/types.js';
import type { RuleFacts } from '../model/finding.js';
import type { Doc } from './doc.js';

/** One place a secret was seen in history. */
export interface SecretLocation {
  commit: string;
  file: string;
  line: number;
  /** Stable short key (commit prefix + hash of path and line); what tickets record as covered. */
  key: string;
}

/** Every pushed finding of one secret (same fingerprint): one ticket. */
export interface SecretGroup extends RuleFacts {
  fingerprint: string;
  /** Always redacted, whatever the report carried. */
  secret: string;
  revoke?: string;
  /** The introducing finding: earliest author date. */
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  remotes: string[];
  /** Introducing location first, then the rest in report order; no duplicates. */
  locations: SecretLocation[];
}

/** What a tracker needs to open a ticket; the body is rendered per tracker from `doc`. */
export interface TicketDraft {
  fingerprint: string;
  title: string;
  doc: Doc;
  labels: string[];
  /** Tracker identities (logins, account ids) from config and CODEOWNERS. */
  assignees: string[];
  risk: Risk;
  /** ISO 8601 revocation deadline. */
  deadline: string;
  /** Location keys this ticket covers (recorded in the tracker's hidden marker). */
  locations: string[];
  /** Structured facts for trackers that carry data rather than prose (JSONL, webhook). */
  facts: TicketFacts;
}

export interface CommentDraft {
  fingerprint: string;
  doc: Doc;
  /** Location keys this comment adds. */
  locations: string[];
  facts: TicketFacts;
  reopened: boolean;
}

/** Data-only view of a ticket: never contains the secret, only its redacted form. */
export interface TicketFacts {
  fingerprint: string;
  ruleId: string;
  title: string;
  provider: string;
  kind: RuleKind;
  risk: Risk;
  secret: string;
  repository?: string;
  author?: string;
  email?: string;
  introducedIn?: string;
  introducedAt?: string;
  owners: string[];
  deadline: string;
  revoke?: string;
  locations: Array<{ commit: string; file: string; line: number; url?: string }>;
}

export type TicketState = 'open' | 'closed';

/** A ticket as the tracker knows it. */
export interface RemoteTicket {
  /** Tracker-specific id: issue number, iid, Jira key. */
  id: string;
  url: string;
  state: TicketState;
  /** Location keys recorded in the ticket and its comments (keyward's hidden markers). */
  covered: string[];
}

export type TrackerKind = 'jsonl' | 'github' | 'gitlab' | 'jira' | 'webhook';

/**
 * One ticket system. Every method may throw HttpFailure (retried by the caller when transient)
 * or TrackerError (credentials, project: not retried).
 */
export interface Tracker {
  readonly kind: TrackerKind;
  /** Stable identity of the target (kind, host, project): local state is kept per target. */
  readonly target: string;
  /** Human name for messages, e.g. "GitHub acme/app". */
  readonly name: string;
  /** False when the tracker cannot be searched (webhook): exactly-once then rests on local state. */
  readonly searchable: boolean;
  /**
   * How long a new ticket may take to show up in `find` (search indexes are eventually
   * consistent): after a create that may have landed, keyward waits this long before looking.
   */
  readonly searchLagMs?: number;
  /** Checks credentials and project before any ticket is touched. */
  check(signal: AbortSignal): Promise<void>;
  /** keyward's ticket for this fingerprint, found by its marker; undefined if there is none. */
  find(fingerprint: string, signal: AbortSignal): Promise<RemoteTicket | undefined>;
  create(draft: TicketDraft, signal: AbortSignal): Promise<RemoteTicket>;
  /** Current state and covered locations of a known ticket. */
  get(id: string, fingerprint: string, signal: AbortSignal): Promise<RemoteTicket>;
  comment(id: string, draft: CommentDraft, signal: AbortSignal): Promise<void>;
  reopen(id: string, signal: AbortSignal): Promise<void>;
}
