import { verdict } from '../policy/deadline.js';
import type { Policy } from '../policy/policy.js';
import { isPublicRemote } from '../policy/public.js';
import type { ScanResult } from '../model/finding.js';
import type { TicketsRepo } from '../tickets/repo.js';
import { groupCredentials, type Credential } from './credentials.js';
import { commitInfo, placesAtHead, type CommitInfo } from './git-facts.js';
import { OwnerResolver } from './owners.js';
import { ticketStates, type TicketView } from './ticket-states.js';
import { countRows, type Inventory, type InventoryRow, type Sighting } from './types.js';

export interface InventoryInput {
  result: ScanResult;
  repo: TicketsRepo;
  policy: Policy;
  now: Date;
}

/**
 * A history result → one row per distinct credential, with what git, CODEOWNERS, the ticket
 * state and the policy say about it. Reads git twice (commit dates, blobs at HEAD), whatever the
 * number of credentials. Never copies a secret into a row.
 */
export async function buildInventory(input: InventoryInput): Promise<Inventory> {
  const { result, repo, policy, now } = input;
  const creds = groupCredentials(result.findings);
  const commits = await commitInfo(repo.root, creds.flatMap((c) => c.places.map((p) => p.commit)));
  const flat = creds.flatMap((c) => c.places);
  const atHead = await placesAtHead(repo.root, flat);
  const owners = OwnerResolver.forRepo(repo.root, policy.owners);
  const ticketOf = ticketStates(repo.commonDir);
  const publicOf = (remotes: string[]): boolean => remotes.some((r) => isPublicRemote(r, repo.remotes.get(r), policy.public.remotes));
  let offset = 0;
  const rows = creds.map((c) => {
    const head = atHead.slice(offset, (offset += c.places.length)).includes(true);
    return toRow(c, { head, commits, ticket: ticketOf(c.fingerprint), publicRemote: publicOf(c.remotes), owners, policy, now });
  });
  return {
    generatedAt: now.toISOString(),
    repository: repo.root,
    complete: result.stats?.complete !== false,
    counts: countRows(rows),
    policyFiles: [...policy.files],
    rows,
    warnings: [...(result.warnings ?? [])],
  };
}

interface RowContext {
  head: boolean;
  commits: Map<string, CommitInfo>;
  ticket?: TicketView;
  publicRemote: boolean;
  owners: OwnerResolver;
  policy: Policy;
  now: Date;
}

function toRow(c: Credential, x: RowContext): InventoryRow {
  const f = c.first;
  const firstSeen: Sighting = { commit: f.commit, date: utc(f.date), author: f.author, email: f.email, file: f.file };
  const owner = x.owners.ownerOf(c.places.map((p) => p.file), f.author);
  const v = verdict(x.policy, { kind: f.kind, risk: f.risk, firstSeen: f.date, pushed: c.pushed, publicRemote: x.publicRemote, atHead: x.head, ticket: x.ticket }, x.now);
  return {
    fingerprint: c.fingerprint,
    ruleId: f.ruleId,
    title: f.title,
    provider: f.provider,
    kind: f.kind,
    risk: f.risk,
    confidence: f.confidence,
    firstSeen,
    lastSeen: lastSighting(c, x.commits) ?? firstSeen,
    atHead: x.head,
    locations: c.places.length,
    pushed: c.pushed,
    remotes: c.remotes,
    owner: owner.owner,
    ownerSource: owner.source,
    ...(x.ticket ? { ticket: { id: x.ticket.id, state: x.ticket.state, ...(x.ticket.url ? { url: x.ticket.url } : {}) } } : {}),
    status: v.status,
    ...(v.deadline ? { deadline: v.deadline } : {}),
    deadlineBasis: v.basis,
    overdue: v.overdue,
    escalated: v.escalated,
  };
}

/** The place whose commit has the latest author date. */
function lastSighting(c: Credential, commits: Map<string, CommitInfo>): Sighting | undefined {
  let best: Sighting | undefined;
  for (const p of c.places) {
    const info = commits.get(p.commit);
    if (!info || (best?.date !== undefined && info.date <= best.date)) continue;
    best = { commit: p.commit, date: info.date, author: info.author, email: info.email, file: p.file };
  }
  return best;
}

/** ISO 8601 in UTC ("…Z"): dates sort as strings and months are UTC months. */
function utc(date: string | undefined): string | undefined {
  const t = date ? Date.parse(date) : NaN;
  return Number.isNaN(t) ? date : new Date(t).toISOString();
}
