import { Option, type Command } from 'commander';
import { GitError } from '../git/run.js';
import { HistoryError, scanHistory } from '../history/history.js';
import { progressBar, wantProgress } from '../history/progress.js';
import { formatBytes, formatDuration, incompleteReason, plural } from '../report/describe.js';
import type { ScanResult } from '../report/finding.js';
import { FORMATS, type Format } from '../report/render.js';
import { collect, emit, loadRuleSet, parseIntOption, UsageError } from './common.js';

interface HistoryCliOptions {
  format: Format;
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
}

export function registerHistoryCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('history')
    .description('scan every blob ever committed: who introduced each secret, when, and whether it was pushed')
    .argument('[path]', 'repository (any directory inside it)', '.')
    .option('--all', 'history reachable from every ref, HEAD and worktree HEADs (the default)')
    .option('-b, --branch <ref>', 'only history reachable from this ref (repeatable)', collect)
    .option('--since <rev>', 'only commits after this revision (not reachable from it)')
    .option('--full', 'rescan every blob, ignoring what the cache remembers', false)
    .option('--no-cache', 'neither read nor write the cache under .git/keyward/')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--show-secrets', 'print secrets in full instead of redacted', false)
    .option('--no-progress', 'no progress bar (it is shown only on a terminal, never when CI is set)')
    .option('-w, --workers <n>', 'worker threads (0 = one per core, 1 = no pool)', parseIntOption('--workers'), 0)
    .option('-c, --config <file>', 'keyward.toml to use (default: found at the repository root)')
    .option('-r, --rules <dir>', 'rule pack directory or file to use instead of the configured ones (repeatable)', collect)
    .addHelpText(
      'after',
      '\nExit codes: 0 no secret in history, 1 secrets found, 2 error, 3 nothing found but the scan is\n' +
        'incomplete (shallow clone, blobs missing from a partial clone or a damaged object store).',
    )
    .action(async (path: string, opts: HistoryCliOptions) => {
      if (opts.all && opts.branch) throw new UsageError('--all and --branch cannot be used together');
      const ruleSet = loadRuleSet(opts, path);
      const progress = opts.progress && wantProgress() ? progressBar() : undefined;
      let result: ScanResult;
      try {
        result = await scanHistory(path, {
          ruleSet,
          branches: opts.branch,
          since: opts.since,
          full: opts.full,
          cache: opts.cache,
          showSecrets: opts.showSecrets,
          workers: opts.workers,
          progress,
        });
      } catch (e) {
        if (e instanceof HistoryError || e instanceof GitError) throw new UsageError(e.message);
        throw e;
      }
      for (const w of result.warnings) process.stderr.write(`keyward: warning: ${w}\n`);
      // The text report ends with its own summary; other formats get one on stderr.
      const textOnStdout = opts.format === 'text' && (opts.output === undefined || opts.output === '-');
      if (!textOnStdout) process.stderr.write(`${summaryLine(result)}\n`);
      setExit(emit(result, opts, 'history'));
    });
}

/** One line for stderr: what was found and what was scanned. */
export function summaryLine(result: ScanResult): string {
  const s = result.stats;
  const found = result.findings.length > 0 ? plural(result.findings.length, 'secret') : 'no secrets';
  const pushed = result.findings.filter((f) => f.pushed).length;
  const where = result.findings.length > 0 ? ` (${pushed} pushed, ${result.findings.length - pushed} local only)` : '';
  const cached = s.blobsCached ? `, ${s.blobsCached} cached` : '';
  const line = `keyward history: ${found}${where} in ${plural(s.commits ?? 0, 'commit')}, ${plural(s.blobs ?? 0, 'blob')}${cached}; read ${formatBytes(s.bytes)} in ${formatDuration(s.durationMs)}`;
  const incomplete = incompleteReason(s, 'history');
  return incomplete ? `${line}\nkeyward: ${incomplete}` : line;
}
