import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, findConfig } from '../config/config.js';
import type { ScanResult } from '../report/finding.js';
import { loadTicketsConfig } from '../tickets/config.js';
import { HttpFailure, TrackerError } from '../tickets/errors.js';
import { readReport } from '../tickets/report.js';
import { actor, repoInfo } from '../tickets/repo.js';
import { runTickets, type RunSummary } from '../tickets/run.js';
import { TicketsUsageError } from '../tickets/usage-error.js';

/** Exit codes of `keyward tickets` (documented in docs/tickets.md). */
export const TICKETS_EXIT = {
  /** Every pushed secret has its ticket (or nothing to do). */
  OK: 0,
  /** Usage, configuration or tracker error (credentials, project): nothing more was attempted. */
  ERROR: 2,
  /** Some tickets could not be opened or updated after retries: run again to complete them. */
  INCOMPLETE: 3,
} as const;

export interface OpenTicketsOptions {
  /** Repository whose .git/keyward holds the state (default: current directory). */
  repo?: string;
  /** keyward.toml (default: found at the repository root). */
  config?: string;
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

interface TicketsCliOptions {
  from?: string;
  dryRun: boolean;
  config?: string;
  repo: string;
}

/**
 * `keyward tickets [--from report.json] [--dry-run] [--config FILE] [--repo PATH]`.
 * Without --from it runs the history scan it is given. `setExit` receives the exit code (as the
 * other commands do); without it, process.exitCode is set.
 */
export function registerTicketsCommand(
  program: Command,
  runHistoryScan: (repoPath: string) => Promise<ScanResult>,
  setExit: (code: number) => void = (code) => {
    process.exitCode = code;
  },
): void {
  program
    .command('tickets')
    .description('open one revocation ticket per secret already pushed (exactly once), in the configured tracker')
    .option('--from <report.json>', 'read findings from a saved "keyward history --format json" report instead of scanning')
    .option('--dry-run', 'print what would be opened or updated; contacts no tracker and writes nothing', false)
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('--repo <path>', 'repository to scan and keep ticket state in', '.')
    .action(async (opts: TicketsCliOptions) => {
      const stderr = (t: string): void => void process.stderr.write(t);
      let result: ScanResult;
      try {
        result = opts.from ? readReport(resolve(opts.from)) : await runHistoryScan(resolve(opts.repo));
      } catch (e) {
        setExit(reportTicketsError(e, stderr));
        return;
      }
      setExit(await openTicketsForScan(result, { repo: opts.repo, config: opts.config, dryRun: opts.dryRun }));
    });
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
    const configFile = opts.config ? resolve(opts.config) : findConfig(repo.root);
    const config = loadTicketsConfig(configFile);
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
function reportTicketsError(e: unknown, err: (t: string) => void): number {
  if (e instanceof TrackerError) err(`keyward: tracker error: ${e.message}\n`);
  else if (e instanceof ConfigError) err(`keyward: config error: ${e.message}\n`);
  else if (e instanceof TicketsUsageError) err(`keyward: ${e.message}\n`);
  else if (e instanceof HttpFailure) {
    err(`keyward: ${e.message}; no ticket was changed by this step, run again later\n`);
    return TICKETS_EXIT.INCOMPLETE;
  } else {
    err(`keyward: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.KEYWARD_DEBUG) err(`${(e as Error)?.stack ?? ''}\n`);
  }
  return TICKETS_EXIT.ERROR;
}

const USER_AGENT = `keyward/${packageVersion()}`;

function packageVersion(): string {
  try {
    // src/cli and dist/cli are both two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0';
  } catch {
    return '0';
  }
}
