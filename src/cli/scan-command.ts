import { Option, type Command } from 'commander';
import { FORMATS, type Format } from '../report/render.js';
import { scanPaths, type ProfileRow } from '../scan/scanner.js';
import { collect, emit, loadRuleSet, parseIntOption, parseSize } from './common.js';

interface ScanOptions {
  format: Format;
  output?: string;
  showSecrets: boolean;
  ignore: boolean;
  maxFileSize: number;
  workers: number;
  config?: string;
  rules?: string[];
  profileRules: boolean;
}

export function registerScanCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
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
    .option('--profile-rules', 'print time spent and matches per rule to stderr', false)
    .action(async (paths: string[], opts: ScanOptions) => {
      const ruleSet = loadRuleSet(opts);
      const result = await scanPaths(
        {
          paths,
          gitignore: opts.ignore,
          workers: opts.workers,
          showSecrets: opts.showSecrets,
          maxFileSize: opts.maxFileSize,
          profile: opts.profileRules,
        },
        ruleSet,
      );
      for (const w of result.warnings) process.stderr.write(`keyward: warning: ${w}\n`);
      if (result.profile) process.stderr.write(formatProfile(result.profile));
      setExit(emit(result, opts, 'scan'));
    });
}

function formatProfile(rows: ProfileRow[]): string {
  const lines = ['rule profile (time in the rule regex, runs = chunks it ran on, matches before filters pass):'];
  lines.push(`${'rule'.padEnd(40)} ${'ms'.padStart(10)} ${'runs'.padStart(8)} ${'matches'.padStart(8)}`);
  for (const r of rows) {
    lines.push(`${r.ruleId.padEnd(40)} ${r.ms.toFixed(1).padStart(10)} ${String(r.runs).padStart(8)} ${String(r.matches).padStart(8)}`);
  }
  return `${lines.join('\n')}\n`;
}
