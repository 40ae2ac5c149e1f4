/**
 * Opening the tickets for a scan result, as `keyward tickets` and `keyward history --open-tickets`
 * both do: the one place either command reaches, so that neither reaches the other.
 */
import { resolve } from 'node:path';
import { recordFirstSeen } from '../audit/record.js';
import { ConfigError } from '../config/config.js';
import { VERSION } from '../model/errors.js';
import type { ScanResult } from '../model/finding.js';
import { resolveTicketsConfig } from './config-sources.js';
import { HttpFailure, TrackerError } from './errors.js';
import { TICKETS_EXIT } from './exit-codes.js';
import { actor, repoInfo } from './repo.js';
import { runTickets, type RunSummary } from './run.js';
import { TicketsLockError } from './state.js';
import { TicketsUsageError } from './usage-error.js';

export interface OpenTicketsOptions {
  /** Repository whose .git/keyward holds the state (default: current directory). */
  repo?: string;
  /**
   * A config file given explicitly (--config): trusted, read instead of the repository's own
   * keyward.toml (which is untrusted: wording only; [policy.revoke] it may only tighten).
   */
  config?: string;
  /** --tracker: which tracker to use (wins over every config file and KEYWARD_TICKETS_TRACKER). */
  tracker?: string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

/**
 * Opens (or updates) the tickets for a history scan's result and prints what it did. For
 * `keyward history --open-tickets`: returns the exit code (0, 2 or 3) instead of exiting.
 */
export async function openTicketsForScan(result: ScanResult, opts: OpenTicketsOptions = {}): Promise<number> {
  const out = opts.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = opts.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = opts.env ?? process.env;
  try {
    const repo = repoInfo(opts.repo ?? '.');
    if (!opts.dryRun) recordFirstSeen(repo.root, result.findings, 'tickets', err);
    const config = resolveTicketsConfig({
      repoRoot: repo.root,
      explicit: opts.config === undefined ? undefined : resolve(opts.config),
      tracker: opts.tracker,
      env,
      warn: (line) => err(`keyward: ${line}\n`),
    });
    if (result.stats && result.stats.complete === false) {
      err('keyward: warning: the history scan was incomplete; tickets cover only what it found\n');
    }
    const summary = await runTickets({
      findings: result.findings,
      repo,
      config,
      dryRun: opts.dryRun ?? false,
      env,
      actor: actor(repo.root, env),
      userAgent: USER_AGENT,
      out: (line) => out(`${line}\n`),
      warn: (line) => err(`keyward: ${line}\n`),
    });
    out(`${summaryLine(summary, opts.dryRun ?? false)}\n`);
    return summary.counts.failed > 0 ? TICKETS_EXIT.INCOMPLETE : TICKETS_EXIT.OK;
  } catch (e) {
    return reportTicketsError(e, err);
  }
}

function summaryLine(s: RunSummary, dryRun: boolean): string {
  const c = s.counts;
  if (s.secrets === 0) return 'tickets: no pushed secrets, nothing to open';
  if (dryRun) {
    return `tickets (dry run, ${s.tracker}): ${s.secrets} pushed secret(s): ${c['would-open']} would be opened, ${c['would-update']} updated, ${c.unchanged} unchanged; nothing was sent or written`;
  }
  const linked = s.items.filter((i) => i.linked).length;
  const found = linked > 0 ? ` (${linked} found in the tracker)` : '';
  const failed = c.failed > 0 ? `, ${c.failed} failed (run again to complete)` : '';
  const skipped = c.skipped > 0 ? `, ${c.skipped} not attempted` : '';
  return `tickets (${s.tracker}): ${s.secrets} pushed secret(s): ${c.opened} opened, ${c.updated} updated, ${c.reopened} reopened, ${c.unchanged} unchanged${found}${failed}${skipped}`;
}

/** One line per error, never a stack (KEYWARD_DEBUG adds it), never a credential. */
export function reportTicketsError(e: unknown, err: (t: string) => void): number {
  if (e instanceof TrackerError) err(`keyward: tracker error: ${e.message}\n`);
  else if (e instanceof ConfigError) err(`keyward: config error: ${e.message}\n`);
  else if (e instanceof TicketsUsageError) err(`keyward: ${e.message}\n`);
  else if (e instanceof TicketsLockError) {
    err(`keyward: tickets lock: ${e.message}\n`);
    return TICKETS_EXIT.LOCKED;
  } else if (e instanceof HttpFailure) {
    err(`keyward: ${e.message}; no ticket was changed by this step, run again later\n`);
    return TICKETS_EXIT.INCOMPLETE;
  } else if (userLabel(e) !== undefined) {
    err(`keyward: ${userLabel(e)}${(e as Error).message}\n`);
  } else {
    err(`keyward: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.KEYWARD_DEBUG) err(`${(e as Error)?.stack ?? ''}\n`);
  }
  return TICKETS_EXIT.ERROR;
}

const USER_AGENT = `keyward/${VERSION}`;

/** Errors of the history scan (`keyward tickets` without --from) that the user fixes: label by name. */
const USER_ERRORS: Record<string, string> = { HistoryError: '', GitError: 'git error: ', RuleError: 'rule error: ', UsageError: '' };

function userLabel(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const name = [e.name, e.constructor.name].find((n) => Object.hasOwn(USER_ERRORS, n));
  return name === undefined ? undefined : USER_ERRORS[name];
}
