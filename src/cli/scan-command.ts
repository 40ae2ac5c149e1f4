import { Option, type Command } from 'commander';
import { FORMATS, type Format } from '../report/format-names.js';
import { addBaselineOptions, type BaselineCliOptions } from './baseline-flags.js';
import type { Confidence } from '../rules/types.js';
import { collect, CONFIDENCE_LEVELS, MIN_CONFIDENCE_HELP, parseIntOption, parseSize } from './options.js';

export interface ScanOptions extends BaselineCliOptions {
  format: Format;
  output?: string;
  showSecrets: boolean;
  ignore: boolean;
  maxFileSize: number;
  workers: number;
  config?: string;
  rules?: string[];
  minConfidence?: Confidence;
  profileRules: boolean;
  /** False with --no-decode. */
  decode: boolean;
}

export function registerScanCommand(program: Command, setExit: (code: number) => void): void {
  addBaselineOptions(program.command('scan'))
    .description('scan files, directories or stdin ("-") for secrets')
    .argument('[paths...]', 'files or directories to scan, "-" for stdin', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--show-secrets', 'print secrets in full instead of redacted', false)
    .option('--no-ignore', 'also scan files that .gitignore excludes')
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 50MB; 0 = no limit)', parseSize, 0)
    .option('-w, --workers <n>', 'worker threads (0 = one per core, 1 = no pool)', parseIntOption('--workers'), 0)
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('-r, --rules <dir>', 'rule pack directory or file to use instead of the configured ones (repeatable)', collect)
.addOption(new Option('--min-confidence <level>', MIN_CONFIDENCE_HELP).choices(CONFIDENCE_LEVELS))
    .option('--no-decode', 'do not decode base64, hex, percent-encoded, escaped or entity-encoded text to search it')
    .option('--profile-rules', 'print time spent and matches per rule to stderr', false)
    .action(async (paths: string[], opts: ScanOptions) => {
      // Loaded on use: every command's start-up would pay for it otherwise.
      const { runScan } = await import('./scan-run.js');
      setExit(await runScan(paths, opts));
    });
}
