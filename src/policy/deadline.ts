import type { Risk, RuleKind } from '../rules/types.js';
import { windowFor, type Policy } from './policy.js';

/** What the policy needs to know about one credential. */
export interface CredentialFacts {
  kind: RuleKind;
  risk: Risk;
  /** ISO 8601 author date of the first commit that holds it; absent for a blob a ref names directly. */
  firstSeen?: string;
  pushed: boolean;
  /** Pushed to a remote the policy calls public. */
  publicRemote: boolean;
  atHead: boolean;
  ticket?: { state?: 'open' | 'closed'; openedAt?: string; deadline?: string };
}

export type CredentialStatus = 'open' | 'revoked';

export interface PolicyVerdict {
  status: CredentialStatus;
  /** ISO 8601; absent when no rule of the policy applies (a local credential no longer at HEAD). */
  deadline?: string;
  /** Which rule set the deadline: "revoke: pushed, high risk (7 days from the ticket)". */
  basis: string;
  overdue: boolean;
  /** Exposure on a public remote escalated the deadline. */
  escalated: boolean;
}

interface Candidate {
  at: number;
  basis: string;
}

/**
 * The earliest deadline among the rules that apply:
 * - pushed to a public remote: revoke within `public.revoke` of the first commit;
 * - pushed: revoke within the tier's window, from the ticket's opening (else the first commit);
 *   a ticket's own earlier deadline stands (the policy never relaxes it);
 * - still at HEAD: rotate within the tier's rotation period of the first commit.
 * A closed ticket means revoked: never overdue.
 */
export function verdict(policy: Policy, c: CredentialFacts, now: Date): PolicyVerdict {
  const status: CredentialStatus = c.ticket?.state === 'closed' ? 'revoked' : 'open';
  const first = c.firstSeen ? Date.parse(c.firstSeen) : NaN;
  const start = Number.isNaN(first) ? now.getTime() : first;
  const found: Candidate[] = [];
  const escalated = c.pushed && c.publicRemote;
  if (escalated) found.push({ at: start + policy.public.revokeMs, basis: 'revoke: pushed to a public remote' });
  if (c.pushed) {
    const w = windowFor(policy.revoke, c.kind, c.risk);
    const opened = c.ticket?.openedAt ? Date.parse(c.ticket.openedAt) : NaN;
    if (w) found.push({ at: (Number.isNaN(opened) ? start : opened) + w.ms, basis: `revoke: pushed, ${w.basis} (${days(w.ms)} from ${Number.isNaN(opened) ? 'the first commit' : 'the ticket'})` });
    const ticketAt = c.ticket?.deadline ? Date.parse(c.ticket.deadline) : NaN;
    if (!Number.isNaN(ticketAt)) found.push({ at: ticketAt, basis: 'revoke: the ticket deadline' });
  }
  if (c.atHead) {
    const w = windowFor(policy.rotate, c.kind, c.risk);
    if (w) found.push({ at: start + w.ms, basis: `rotate: ${w.basis} (every ${days(w.ms)})` });
  }
  if (found.length === 0) return { status, basis: c.pushed ? 'no revocation window for this tier' : 'local only and gone from HEAD', overdue: false, escalated };
  const first_ = found.reduce((a, b) => (b.at < a.at ? b : a));
  return { status, deadline: new Date(first_.at).toISOString(), basis: first_.basis, overdue: status === 'open' && first_.at <= now.getTime(), escalated };
}

function days(ms: number): string {
  if (ms === 0) return 'at once';
  const d = ms / 86_400_000;
  if (Number.isInteger(d)) return `${d} day${d === 1 ? '' : 's'}`;
  const h = ms / 3_600_000;
  return Number.isInteger(h) ? `${h} hour${h === 1 ? '' : 's'}` : `${Math.round(ms / 60_000)} minutes`;
}
