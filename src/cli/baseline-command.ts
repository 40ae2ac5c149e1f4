import type { Command } from 'commander';
import { collect, parseIntOption, parseSize } from './options.js';

export interface BaselineCommandOptions {
  output?: string;
  history: boolean;
  branch?: string[];
  since?: string;
  cache: boolean;
  prune: boolean;
  importGitleaks?: string;
  importDetectSecrets?: string;
  ignore: boolean;
  maxFileSize: number;
  workers: number;
  config?: string;
  rules?: string[];
}

export interface IgnoreCommandOptions {
  reason: string;
  path?: string;
  until?: string;
}

/** `keyward baseline` (accept what is found now) and `keyward ignore` (accept one finding, with a reason). */
export function registerBaselineCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('baseline')
    .description('record the current findings in .keyward-baseline.json: later runs report only new ones')
    .argument('[paths...]', 'files or directories to scan (with --history: the repository)', ['.'])
    .option('-o, --output <file>', 'baseline file to write (default: .keyward-baseline.json at the repository root)')
    .option('--history', 'baseline what `keyward history` finds instead of the work tree', false)
    .option('-b, --branch <ref>', 'with --history: only history reachable from this ref (repeatable)', collect)
    .option('--since <rev>', 'with --history: only commits after this revision')
    .option('--no-cache', 'with --history: neither read nor write the history cache')
    .option('--prune', 'keep only the entries of the existing baseline that are still found', false)
    .option('--import-gitleaks <report>', 'baseline the findings whose secret a gitleaks JSON report holds')
    .option('--import-detect-secrets <file>', 'baseline the findings a detect-secrets .secrets.baseline holds; those marked not secret become ignores')
    .option('--no-ignore', 'also scan files that .gitignore excludes')
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 50MB; 0 = no limit)', parseSize, 0)
    .option('-w, --workers <n>', 'worker threads (0 = one per core, 1 = no pool)', parseIntOption('--workers'), 0)
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('-r, --rules <dir>', 'rule pack directory or file to use instead of the configured ones (repeatable)', collect)
    .action(async (paths: string[], opts: BaselineCommandOptions) => {
      const { runBaseline } = await import('./baseline-run.js');
      setExit(await runBaseline(paths, opts));
    });

  program
    .command('ignore')
    .description('accept one finding by fingerprint, with a reason (appends to .keywardignore)')
    .argument('<fingerprint>', 'the finding\'s fingerprint (JSON or SARIF output)')
    .requiredOption('--reason <text>', 'why this is not a leak, or why it may wait')
    .option('--path <glob>', 'only where the path matches this glob (default: anywhere)')
    .option('--until <date>', 'last day the ignore applies (YYYY-MM-DD); afterwards it is reported again')
    .action(async (fp: string, opts: IgnoreCommandOptions) => {
      const { runIgnore } = await import('./baseline-run.js');
      setExit(runIgnore(fp, opts));
    });
}
