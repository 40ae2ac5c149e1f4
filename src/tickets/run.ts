import pLimit from 'p-limit';
import type { Finding } from '../model/finding.js';
import { CodeOwners } from '../git/codeowners.js';
import { composeTicket, humanTime, type ComposeContext } from './compose.js';
import type { TicketsConfig } from './config.js';
import { HttpFailure, scrub, TrackerError } from './errors.js';
import { groupPushed } from './group.js';
import { Item, plural, type ItemAction, type ItemResult } from './item.js';
import { parseRemote, type RemoteWeb } from '../git/remote-web.js';
import { deadlineFor } from '../policy/revoke.js';
import type { TicketsRepo } from './repo.js';
import { withRetry } from './retry.js';
import { TicketsLockError, TicketStore, type TicketRecord } from './state.js';
import { planTracker, type TrackerPlan } from './trackers/index.js';
import type { SecretGroup, SecretLocation } from './types.js';

export type { ItemAction, ItemResult } from './item.js';

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
  const ctxFor = contextFor(o, plan);
  const results = o.dryRun ? dryRun(groups, plan, o, ctxFor, now) : await liveRun(groups, plan, o, ctxFor, now);
  for (const r of results) {
    counts[r.action]++;
    summary.items.push(r);
  }
  return summary;
}

/** What composing a ticket needs to know of the repository and the tracker, per secret. */
function contextFor(o: RunOptions, plan: TrackerPlan): (g: SecretGroup) => ComposeContext {
  const owners = CodeOwners.load(o.repo.root);
  return (g) => {
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
}

/** --dry-run: what would be done, from local state only; contacts no tracker. */
function dryRun(groups: SecretGroup[], plan: TrackerPlan, o: RunOptions, ctxFor: (g: SecretGroup) => ComposeContext, now: () => Date): ItemResult[] {
  const store = TicketStore.peek(o.repo.commonDir);
  return groups.map((g) => dryRunItem(g, store.get(plan.target, g.fingerprint), plan, o, ctxFor(g), now()));
}

/** Every secret against the live tracker, `concurrency` at a time, under the ticket lock. */
async function liveRun(groups: SecretGroup[], plan: TrackerPlan, o: RunOptions, ctxFor: (g: SecretGroup) => ComposeContext, now: () => Date): Promise<ItemResult[]> {
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
  const worker = new Item(tracker, store, o, retry, ensureChecked, now);
  const limit = pLimit(o.config.concurrency);
  const stop: { fatal?: Error } = {};
  let results: ItemResult[];
  try {
    results = await Promise.all(groups.map((g) => limit(() => processOne(worker, g, ctxFor, stop, secrets, o))));
  } finally {
    store.close();
  }
  if (stop.fatal) throw stop.fatal;
  return results;
}

/** One secret: a failure is that secret's alone, unless the tracker refused us or the lock was lost. */
async function processOne(worker: Item, g: SecretGroup, ctxFor: (g: SecretGroup) => ComposeContext, stop: { fatal?: Error }, secrets: string[], o: RunOptions): Promise<ItemResult> {
  if (stop.fatal) return { fingerprint: g.fingerprint, action: 'skipped' };
  try {
    return await worker.process(g, ctxFor(g));
  } catch (e) {
    // The tracker refused us, or another run now holds the lock: stop everything.
    if (e instanceof TrackerError || e instanceof TicketsLockError) {
      stop.fatal ??= e;
      return { fingerprint: g.fingerprint, action: 'skipped' };
    }
    const message = e instanceof HttpFailure ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
    const error = scrub(message, secrets);
    o.warn(`failed    ${g.fingerprint.slice(0, 8)}: ${error}`);
    return { fingerprint: g.fingerprint, action: 'failed', error };
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
