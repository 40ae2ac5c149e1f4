import { Option, type Command } from 'commander';
import { FORMATS, type Format } from '../report/format-names.js';
import { useColor } from '../report/color.js';
import type { RuleSet } from '../rules/resolve.js';
import type { Confidence } from '../rules/types.js';
import { configSummary } from '../config/config-summary.js';
import { collect, CONFIDENCE_LEVELS, MIN_CONFIDENCE_HELP, parseIntOption } from './options.js';
import { addBaselineOptions, type BaselineCliOptions } from './baseline-flags.js';
import { capWorkers } from './workers.js';

interface StagedOptions extends BaselineCliOptions {
  format: Format | 'hook';
  output?: string;
  config?: string;
  rules?: string[];
  minConfidence?: Confidence;
  workers: number;
}

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
      // Loaded here, not at start-up: other commands do not pay for them.
      const { hookFailure, hookVerdict } = await import('../hooks/message.js');
      const color = useColor(process.stderr);
      try {
        // The pre-commit framework at its push stage (the shipped manifest sets no stages): the
        // pushed commits are `keyward pre-push`'s job, and the index is not being pushed.
        const { preCommitFrameworkStage } = await import('../hooks/framework.js');
        if (paths.length === 0 && opts.format === 'hook' && preCommitFrameworkStage(process.env) === 'push') return;
        const { scanStaged } = await import('../staged/staged.js');
        const { newDetector } = await import('../engine/detector.js');
        const { emit, loadRuleSet } = await import('./common.js');
        const { stagedConfigNotes } = await import('./config-notes.js');
        let ruleSet: RuleSet | undefined;
        let root = process.cwd();
        let notes: Promise<string[]> = Promise.resolve([]);
        const scanned = await scanStaged({
          cwd: process.cwd(),
          paths,
          showSecrets: false,
          workers: capWorkers(opts.workers, (l) => process.stderr.write(l)),
          loadRules: (top) => {
            root = top;
            ruleSet = loadRuleSet(opts, opts.config ? process.cwd() : top);
            // Runs while the staged files are scanned: does this commit weaken keyward's own config?
            notes = stagedConfigNotes(process.cwd(), ruleSet);
            return { ruleSet, detector: newDetector(ruleSet, { profile: false }) };
          },
        });
        const configNotes = await notes;
        const { applyBaseline } = await import('./baseline-options.js');
        const result = ruleSet ? applyBaseline(scanned, opts, root, ruleSet, opts.format === 'hook') : scanned;
        if (opts.format !== 'hook') {
          result.warnings.push(...configNotes);
          setExit(emit(result, { format: opts.format, output: opts.output }, 'staged', ruleSet));
          return;
        }
        for (const n of configNotes) process.stderr.write(`keyward: warning: ${n}\n`);
        if (ruleSet) result.stats.config = configSummary(ruleSet);
        setExit(hookVerdict(result, 'commit', 'some staged content could not be read', { color }));
      } catch (e) {
        // Fail closed: a hook that cannot check must not let the commit through silently.
        setExit(hookFailure(e, 'commit', { color }));
      }
    });
}
