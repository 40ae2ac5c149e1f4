import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ScanResult } from '../model/finding.js';

/** Kept here, not imported from src/tickets: the command registers at start-up, the trackers load on use. */
const TRACKER_NAMES = 'jsonl, github, gitlab, jira, webhook';

interface TicketsCliOptions {
  from?: string;
  dryRun: boolean;
  config?: string;
  tracker?: string;
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
    .option('-c, --config <file>', 'config file to use, trusted to choose the tracker (default: the user config, then keyward.toml at the repository root for wording only)')
    .option('--tracker <kind>', `tracker to use: ${TRACKER_NAMES} (default: from the user config or --config, else jsonl)`)
    .option('--repo <path>', 'repository to scan and keep ticket state in', '.')
    .action(async (opts: TicketsCliOptions) => {
      const run = await import('../tickets/open.js');
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
