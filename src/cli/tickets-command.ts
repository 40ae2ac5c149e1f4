import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ScanResult } from '../report/finding.js';
import type { OpenTicketsOptions } from './tickets-run.js';

/** Kept here, not imported from src/tickets: the command registers at start-up, the trackers load on use. */
const TRACKER_NAMES = 'jsonl, github, gitlab, jira, webhook';

export type { OpenTicketsOptions } from './tickets-run.js';

/** Exit codes of `keyward tickets` (documented in docs/tickets.md). */
export const TICKETS_EXIT = {
  /** Every pushed secret has its ticket (or nothing to do). */
  OK: 0,
  /** Usage, configuration or tracker error (credentials, project): nothing more was attempted. */
  ERROR: 2,
  /** Some tickets could not be opened or updated after retries: run again to complete them. */
  INCOMPLETE: 3,
  /** Another run holds the ticket lock (nothing done) or took it over (this run stopped): run again when it ends. */
  LOCKED: 4,
} as const;

interface TicketsCliOptions {
  from?: string;
  dryRun: boolean;
  config?: string;
  tracker?: string;
  repo: string;
}

/**
 * Opens (or updates) the tickets for a history scan's result and prints what it did; returns the
 * exit code (0, 2 or 3). The tracker clients load only here, never at start-up.
 */
export async function openTicketsForScan(result: ScanResult, opts: OpenTicketsOptions = {}): Promise<number> {
  return (await import('./tickets-run.js')).openTicketsForScan(result, opts);
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
    .option('-c, --config <file>', 'config file to use, trusted to choose the tracker (default: the user config, then keyward.toml at the repository root for wording only)')
    .option('--tracker <kind>', `tracker to use: ${TRACKER_NAMES} (default: from the user config or --config, else jsonl)`)
    .option('--repo <path>', 'repository to scan and keep ticket state in', '.')
    .action(async (opts: TicketsCliOptions) => {
      const run = await import('./tickets-run.js');
      const { readReport } = await import('../tickets/report.js');
      const { repoInfo } = await import('../tickets/repo.js');
      const stderr = (t: string): void => void process.stderr.write(t);
      let result: ScanResult;
      try {
        // Tickets keep their state in the repository: say so before scanning anything.
        repoInfo(resolve(opts.repo));
        result = opts.from ? readReport(resolve(opts.from)) : await runHistoryScan(resolve(opts.repo));
      } catch (e) {
        setExit(run.reportTicketsError(e, stderr));
        return;
      }
      setExit(await run.openTicketsForScan(result, { repo: opts.repo, config: opts.config, tracker: opts.tracker, dryRun: opts.dryRun }));
    });
}
