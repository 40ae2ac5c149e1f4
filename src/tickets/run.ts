import pLimit from 'p-limit';
import type { Finding } from '../report/finding.js';
import { appendAudit, type AuditEvent } from './audit.js';
import { CodeOwners } from '../git/codeowners.js';
import { composeComment, composeTicket, humanTime, type ComposeContext } from './compose.js';
import type { TicketsConfig } from './config.js';
import { HttpFailure, scrub, TicketGone, TrackerError } from './errors.js';
import { groupPushed } from './group.js';
import { parseRemote, type RemoteWeb } from './links.js';
import { commitOfKey } from './markers.js';
import { deadlineFor, type Deadline } from './policy.js';
import type { TicketsRepo } from './repo.js';
import { withRetry } from './retry.js';
import { TicketsLockError, TicketStore, type TicketRecord } from './state.js';
import { planTracker, type TrackerPlan } from './trackers/index.js';
import type { RemoteTicket, SecretGroup, SecretLocation, Tracker } from './types.js';

export type ItemAction = 'opened' | 'updated' | 'reopened' | 'unchanged' | 'failed' | 'skipped' | 'would-open' | 'would-update';

export interface ItemResult {
  fingerprint: string;
  action: ItemAction;
  /** The ticket already existed in the tracker and was adopted into local state (fresh clone). */
  linked?: boolean;
  url?: string;
  /** Locations added to an existing ticket. */
  added?: number;
  error?: string;
}

export interface RunSummary {
  tracker: string;
  /** Distinct pushed secrets: one ticket each. */
  secrets: number;
  counts: Record<ItemAction, number>;
  items: ItemResult[];
}

export interface RunOptions {
  findings: readonly Finding[];
  repo: TicketsRepo;
  config: TicketsConfig;
  dryRun: boolean;
  env: NodeJS.ProcessEnv;
  actor: string;
  userAgent: string;
  /** One line per ticket action (stdout). */
  out: (line: string) => void;
  /** Warnings and retry notices (stderr). */
  warn: (line: string) => void;
  now?: () => Date;
}

/**
 * Opens one ticket per pushed secret, or updates the existing one, exactly once:
 * - local state (.git/keyward/tickets.json) says what this clone already did;
 * - otherwise the tracker is searched for keyward's marker before anything is created;
 * - a request that may have landed (timeout, dropped connection, killed run) is checked, not repeated.
 * Throws TrackerError when the tracker refuses the credentials or the project, TicketsLockError
 * when another run holds the lock or took it over.
 */
export async function runTickets(o: RunOptions): Promise<RunSummary> {
  const now = o.now ?? (() => new Date());
  const { groups, unredacted } = groupPushed(o.findings);
  if (unredacted > 0) o.warn(`${unredacted} finding(s) carry an unredacted secret (a --show-secrets report); tickets get the redacted form only`);
  const plan = planTracker(o.config, { repo: o.repo, env: o.env, userAgent: o.userAgent });
  const counts: Record<ItemAction, number> = { opened: 0, updated: 0, reopened: 0, unchanged: 0, failed: 0, skipped: 0, 'would-open': 0, 'would-update': 0 };
  const summary: RunSummary = { tracker: plan.name, secrets: groups.length, counts, items: [] };
  if (groups.length === 0) return summary;

  const owners = CodeOwners.load(o.repo.root);
  const ctxFor = (g: SecretGroup): ComposeContext => {
    const web = webFor(g, o.repo, o.config);
    const ownersOf = (p: string): string[] => owners?.ownersOf(p) ?? [];
    const pathOwners = [...new Set(g.locations.flatMap((l) => ownersOf(l.file)))];
    return {
      repoName: web?.path ?? (o.repo.root.split(/[\\/]/).pop() || o.repo.root),
      web,
      ownersOf,
      labels: plan.labels,
      assignees: plan.assigneesFor(pathOwners),
    };
  };

  if (o.dryRun) {
    const store = TicketStore.peek(o.repo.commonDir);
    for (const g of groups) {
      const r = dryRunItem(g, store.get(plan.target, g.fingerprint), plan, o, ctxFor(g), now());
      counts[r.action]++;
      summary.items.push(r);
    }
    return summary;
  }

  const tracker = plan.build((m) => o.warn(m));
  const store = TicketStore.open(o.repo.commonDir);
  if (store.recovered) o.warn(`unreadable ticket state moved to ${store.recovered}; keyward looks its tickets up in ${plan.name} instead`);
  const secrets = tokensIn(o.env);
  const retry = {
    ...o.config.retry,
    onRetry: (i: { attempt: number; delayMs: number; reason: string }) =>
      o.warn(`${scrub(i.reason, secrets)}; retry ${i.attempt}/${o.config.retry.retries} in ${(i.delayMs / 1000).toFixed(1)}s`),
  };
  let checked: Promise<void> | undefined;
  const ensureChecked = (): Promise<void> => (checked ??= withRetry((_, s) => tracker.check(s), retry));
  let fatal: Error | undefined;

  const worker = new Item(tracker, store, o, retry, ensureChecked, now);
  const limit = pLimit(o.config.concurrency);
  try {
    const results = await Promise.all(
      groups.map((g) =>
        limit(async (): Promise<ItemResult> => {
          if (fatal) return { fingerprint: g.fingerprint, action: 'skipped' };
          try {
            return await worker.process(g, ctxFor(g));
          } catch (e) {
            // The tracker refused us, or another run now holds the lock: stop everything.
            if (e instanceof TrackerError || e instanceof TicketsLockError) {
              fatal ??= e;
              return { fingerprint: g.fingerprint, action: 'skipped' };
            }
            const message = e instanceof HttpFailure ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
            const error = scrub(message, secrets);
            o.warn(`failed    ${g.fingerprint.slice(0, 8)}: ${error}`);
            return { fingerprint: g.fingerprint, action: 'failed', error };
          }
        }),
      ),
    );
    for (const r of results) {
      counts[r.action]++;
      summary.items.push(r);
    }
  } finally {
    store.close();
  }
  if (fatal) throw fatal;
  return summary;
}

/** Processes one secret against a live tracker. */
class Item {
  constructor(
    private readonly tracker: Tracker,
    private readonly store: TicketStore,
    private readonly o: RunOptions,
    private readonly retry: RunOptions['config']['retry'],
    private readonly ensureChecked: () => Promise<void>,
    private readonly now: () => Date,
  ) {}

  async process(g: SecretGroup, ctx: ComposeContext, again = false): Promise<ItemResult> {
    const t = this.tracker;
    const fp = g.fingerprint;
    this.store.assertLocked(); // no tracker request after another run took over
    let rec = this.store.get(t.target, fp);
    let linked = false;
    let remote: RemoteTicket | undefined;

    if (rec?.id === undefined) {
      await this.ensureChecked();
      const found = t.searchable ? await withRetry((_, s) => t.find(fp, s), this.retry) : undefined;
      if (found) {
        // Opened by another clone, or by a run that died before recording it: adopt, never duplicate.
        rec = { id: found.id, url: found.url, state: found.state, covered: found.covered, deadline: rec?.deadline, updatedAt: this.now().toISOString() };
        this.save(fp, rec);
        this.audit('linked', fp, rec);
        this.o.out(`${'linked'.padEnd(9)} ${rec.url || rec.id}  ${g.title} [${g.risk}] (keyward ${fp.slice(0, 8)}): found in ${t.name}`);
        linked = true;
        remote = found;
      } else {
        return this.open(g, ctx, rec);
      }
    }
    const id = rec.id!;

    let covered = new Set(rec.covered);
    let added = g.locations.filter((l) => !covered.has(l.key));
    if (added.length === 0 && !rec.pending) return { fingerprint: fp, action: 'unchanged', url: rec.url, linked };

    // Something to add (or an interrupted update): the tracker is the truth for state and coverage.
    await this.ensureChecked();
    if (remote) {
      // just found: already current
    } else if (t.searchable) {
      try {
        remote = await withRetry((_, s) => t.get(id, fp, s), this.retry);
      } catch (e) {
        if (!(e instanceof TicketGone) || again) throw e;
        // Deleted in the tracker: forget it and treat the secret as new.
        this.store.delete(t.target, fp);
        return this.process(g, ctx, true);
      }
    } else {
      remote = { id, url: rec.url ?? '', state: rec.state ?? 'open', covered: rec.covered };
    }
    for (const k of remote.covered) covered.add(k);
    if (remote.state === 'closed' && rec.state !== 'closed') this.audit('closed', fp, { ...rec, state: 'closed' }); // closed in the tracker since keyward last looked
    added = g.locations.filter((l) => !covered.has(l.key));
    if (added.length === 0) {
      rec = { ...rec, state: remote.state, covered: [...covered], pending: undefined, updatedAt: this.now().toISOString() };
      this.save(fp, rec);
      return { fingerprint: fp, action: 'unchanged', url: rec.url, linked };
    }

    return this.addPlaces(g, ctx, { ...rec, id }, remote.state, covered, added, linked);
  }

  /**
   * New places of a known ticket: a comment, after reopening the ticket when a new commit leaked it
   * again (new paths in known commits just get the comment). Recorded as pending first, so a run
   * that dies in between comments again rather than never.
   */
  private async addPlaces(
    g: SecretGroup,
    ctx: ComposeContext,
    rec: TicketRecord & { id: string },
    remoteState: RemoteTicket['state'],
    covered: Set<string>,
    added: SecretGroup['locations'],
    linked: boolean,
  ): Promise<ItemResult> {
    const t = this.tracker;
    const fp = g.fingerprint;
    const id = rec.id;
    const knownCommits = new Set([...covered].map(commitOfKey));
    const newCommit = added.some((l) => !knownCommits.has(l.commit.slice(0, 12).toLowerCase()));
    const reopen = remoteState === 'closed' && newCommit;
    const deadline = reopen || !rec.deadline ? deadlineFor(this.o.config.policy, g.kind, g.risk, this.now()) : existingDeadline(rec.deadline, g, this.o.config);
    const draft = composeComment(g, ctx, added, reopen, deadline);
    const keys = added.map((l) => l.key);
    this.save(fp, { ...rec, pending: { op: 'comment', locations: keys, at: this.now().toISOString() } });
    // Reopen before commenting: if the run dies in between, the next run still sees uncovered places and comments.
    if (reopen) await withRetry((_, s) => t.reopen(id, s), this.retry);
    await withRetry(async (attempt, s) => {
      if (attempt > 0 && t.searchable) {
        const now = await t.get(id, fp, s);
        if (keys.every((k) => now.covered.includes(k))) return; // the comment landed before the failure
      }
      await t.comment(id, draft, s);
    }, this.retry);
    rec = {
      ...rec,
      state: reopen ? 'open' : remoteState,
      covered: [...new Set([...covered, ...keys])],
      deadline: reopen ? deadline.at : rec.deadline ?? deadline.at,
      pending: undefined,
      updatedAt: this.now().toISOString(),
    };
    this.save(fp, rec);
    const action = reopen ? 'reopened' : 'updated';
    this.audit(action, fp, rec);
    this.o.out(`${action.padEnd(9)} ${rec.url || id}  ${g.title} [${g.risk}] (keyward ${fp.slice(0, 8)}): +${plural(added.length, 'place')}`);
    return { fingerprint: fp, action, url: rec.url, added: added.length, linked };
  }

  private async open(g: SecretGroup, ctx: ComposeContext, prev: TicketRecord | undefined): Promise<ItemResult> {
    const t = this.tracker;
    const fp = g.fingerprint;
    // A create interrupted earlier keeps its deadline: the clock started when keyward first tried.
    const started = prev?.pending?.op === 'create' ? new Date(prev.pending.at) : this.now();
    const deadline = deadlineFor(this.o.config.policy, g.kind, g.risk, started);
    const draft = composeTicket(g, ctx, deadline);
    this.save(fp, { covered: [], deadline: deadline.at, pending: { op: 'create', locations: draft.locations, at: started.toISOString() }, updatedAt: this.now().toISOString() });
    let lastAttempt = 0;
    const created = await withRetry(async (attempt, s) => {
      if (attempt > 0 && t.searchable) {
        // The failed attempt may have created the ticket (dropped connection after the server
        // committed): look before creating again, once the tracker's search can show it.
        const wait = (t.searchLagMs ?? 0) - (Date.now() - lastAttempt);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const found = await t.find(fp, s);
        if (found) return found;
      }
      lastAttempt = Date.now();
      return t.create(draft, s);
    }, this.retry);
    const rec: TicketRecord = {
      id: created.id,
      url: created.url,
      state: created.state,
      covered: [...new Set([...created.covered, ...draft.locations])],
      deadline: deadline.at,
      openedAt: this.now().toISOString(),
      updatedAt: this.now().toISOString(),
    };
    this.save(fp, rec);
    this.audit('opened', fp, rec);
    this.o.out(`${'opened'.padEnd(9)} ${rec.url || rec.id}  ${g.title} [${g.risk}] (keyward ${fp.slice(0, 8)}): ${plural(g.locations.length, 'place')}, revoke by ${humanTime(deadline.at)}`);
    return { fingerprint: fp, action: 'opened', url: rec.url };
  }

  private save(fp: string, rec: TicketRecord): void {
    this.store.set(this.tracker.target, fp, rec);
  }

  private audit(event: AuditEvent, fp: string, rec: TicketRecord): void {
    appendAudit(this.o.repo.commonDir, {
      time: this.now().toISOString(),
      event,
      fingerprint: fp,
      tracker: this.tracker.target,
      ticket: rec.id ?? '',
      url: rec.url ?? '',
      actor: this.o.actor,
      state: rec.state,
    });
  }
}

function dryRunItem(g: SecretGroup, rec: TicketRecord | undefined, plan: TrackerPlan, o: RunOptions, ctx: ComposeContext, now: Date): ItemResult {
  const fp = g.fingerprint;
  if (rec?.id === undefined) {
    const deadline = deadlineFor(o.config.policy, g.kind, g.risk, now);
    const draft = composeTicket(g, ctx, deadline);
    o.out(`would open    ${draft.title}: ${plural(g.locations.length, 'place')}, revoke by ${humanTime(deadline.at)} (${plan.name})`);
    return { fingerprint: fp, action: 'would-open' };
  }
  const covered = new Set(rec.covered);
  const added = g.locations.filter((l: SecretLocation) => !covered.has(l.key));
  if (added.length === 0) return { fingerprint: fp, action: 'unchanged', url: rec.url };
  o.out(`would update  ${rec.url || rec.id}  ${g.title} [${g.risk}] (keyward ${fp.slice(0, 8)}): +${plural(added.length, 'place')}`);
  return { fingerprint: fp, action: 'would-update', url: rec.url, added: added.length };
}

function existingDeadline(at: string, g: SecretGroup, cfg: TicketsConfig): Deadline {
  const windowMs = cfg.policy.kind[g.kind] ?? cfg.policy.risk[g.risk];
  return { at, windowMs, basis: 'as set when the ticket was opened' };
}

/** The remote the secret was pushed to (as named in the finding), else origin, else any web remote. */
function webFor(g: SecretGroup, repo: TicketsRepo, cfg: TicketsConfig): RemoteWeb | undefined {
  const candidates = [...g.remotes, 'origin', ...repo.remotes.keys()];
  let fallback: RemoteWeb | undefined;
  for (const name of candidates) {
    const url = repo.remotes.get(name) ?? (/[:/]/.test(name) ? name : undefined);
    const web = url ? parseRemote(url, cfg.linkHosts) : undefined;
    if (web?.forge) return web;
    fallback ??= web;
  }
  return fallback;
}

/** Values of credential-like variables: removed from any message that could echo them. */
function tokensIn(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([k, v]) => v && /TOKEN|SECRET|PASSWORD|KEY|WEBHOOK_URL/i.test(k))
    .map(([, v]) => v!);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
