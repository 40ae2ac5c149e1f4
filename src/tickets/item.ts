import { appendAudit, type AuditEvent } from './audit.js';
import { composeComment, composeTicket, humanTime, type ComposeContext } from './compose.js';
import type { TicketsConfig } from './config.js';
import { TicketGone } from './errors.js';
import { commitOfKey } from './markers.js';
import { deadlineFor, type Deadline } from '../policy/revoke.js';
import { withRetry } from './retry.js';
import type { RunOptions } from './run.js';
import type { TicketRecord, TicketStore } from './state.js';
import type { RemoteTicket, SecretGroup, Tracker } from './types.js';

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

/** Processes one secret against a live tracker. */
export class Item {
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

function existingDeadline(at: string, g: SecretGroup, cfg: TicketsConfig): Deadline {
  const windowMs = cfg.policy.kind[g.kind] ?? cfg.policy.risk[g.risk];
  return { at, windowMs, basis: 'as set when the ticket was opened' };
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
