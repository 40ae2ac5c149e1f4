import { Option, type Command } from 'commander';
import { FORMATS } from '../report/format-names.js';
import { collect, CONFIDENCE_LEVELS, MIN_CONFIDENCE_HELP, parseIntOption } from './options.js';
import { addBaselineOptions } from './baseline-flags.js';
import type { StagedOptions } from './staged-run.js';

export function registerStagedCommand(program: Command, setExit: (code: number) => void): void {
  addBaselineOptions(program.command('staged'))
    .description('scan what is about to be committed (the index, not the work tree): secrets on the lines the commit adds')
    .argument('[paths...]', 'only these staged files (as lint-staged passes them)', [])
    .addOption(
      new Option('-f, --format <format>', 'hook: the blocked-commit message on stderr; or a report on stdout')
        .choices(['hook', ...FORMATS])
        .default('hook'),
    )
    .option('-o, --output <file>', 'write the report to a file (report formats)')
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('-r, --rules <dir>', 'rule pack directory or file to use instead of the configured ones (repeatable)', collect)
.addOption(new Option('--min-confidence <level>', MIN_CONFIDENCE_HELP).choices(CONFIDENCE_LEVELS))
    .option('-w, --workers <n>', 'worker threads for a large change (0 = one per core, 1 = no pool; a usual commit never starts one)', parseIntOption('--workers'), 0)
    .action(async (paths: string[], opts: StagedOptions) => {
      // Loaded here, not at start-up: other commands do not pay for it.
      const { runStaged } = await import('./staged-run.js');
      setExit(await runStaged(paths, opts));
    });
}
