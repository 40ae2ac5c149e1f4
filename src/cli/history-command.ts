import { Option, type Command } from 'commander';
import { HISTORY_FORMATS, type HistoryFormat } from '../report/format-names.js';
import { addBaselineOptions, type BaselineCliOptions } from './baseline-flags.js';
import type { Confidence } from '../rules/types.js';
import { collect, CONFIDENCE_LEVELS, MIN_CONFIDENCE_HELP, parseIntOption, UsageError } from './options.js';

export interface HistoryCliOptions extends BaselineCliOptions {
  format: HistoryFormat;
  output?: string;
  showSecrets: boolean;
  all?: boolean;
  branch?: string[];
  since?: string;
  full: boolean;
  cache: boolean;
  progress: boolean;
  workers: number;
  config?: string;
  rules?: string[];
  minConfidence?: Confidence;
  openTickets: boolean;
}

export function registerHistoryCommand(program: Command, setExit: (code: number) => void): void {
  addBaselineOptions(program.command('history'))
    .description('scan every blob ever committed: who introduced each secret, when, and whether it was pushed')
    .argument('[path]', 'repository (any directory inside it)', '.')
    .option('--all', 'history reachable from every ref, HEAD and worktree HEADs (the default)')
    .option('-b, --branch <ref>', 'only history reachable from this ref (repeatable)', collect)
    .option('--since <rev>', 'only commits after this revision (not reachable from it)')
    .option('--full', 'rescan every blob, ignoring what the cache remembers', false)
    .option('--no-cache', 'neither read nor write the cache under .git/keyward/')
    .addOption(new Option('-f, --format <format>', 'output format (html: the inventory report, docs/governance.md)').choices(HISTORY_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--show-secrets', 'print secrets in full instead of redacted', false)
    .option('--no-progress', 'no progress bar (it is shown only on a terminal, never when CI is set)')
    .option('-w, --workers <n>', 'worker threads (0 = one per core, 1 = no pool)', parseIntOption('--workers'), 0)
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('-r, --rules <dir>', 'rule pack directory or file to use instead of the configured ones (repeatable)', collect)
.addOption(new Option('--min-confidence <level>', MIN_CONFIDENCE_HELP).choices(CONFIDENCE_LEVELS))
    .option('--open-tickets', 'then open a revocation ticket per pushed secret (see keyward tickets)', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 no secret in history, 1 secrets found, 2 error, 3 nothing found but the scan is\n' +
        'incomplete (shallow clone, blobs missing from a partial clone or a damaged object store).',
    )
    .action(async (path: string, opts: HistoryCliOptions) => {
      if (opts.all && opts.branch) throw new UsageError('--all and --branch cannot be used together');
      // Loaded on use: every command's start-up would pay for it otherwise.
      const { runHistory } = await import('./history-run.js');
      setExit(await runHistory(path, opts));
    });
}
