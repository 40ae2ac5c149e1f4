import { scanPaths, type ProfileRow } from '../scan/scanner.js';
import { checkOutput, emit, loadRuleSet } from './common.js';
import type { ScanOptions } from './scan-command.js';
import { applyBaseline, rootOf } from './baseline-options.js';
import { checkScanPaths } from './scan-paths.js';
import { capWorkers } from './workers.js';

export async function runScan(paths: string[], opts: ScanOptions): Promise<number> {
  checkOutput(opts.output);
  checkScanPaths(paths);
  const ruleSet = loadRuleSet(opts);
  if (!opts.decode) ruleSet.decode = false;
  const scanned = await scanPaths(
    {
      paths,
      gitignore: opts.ignore,
      workers: capWorkers(opts.workers, (l) => process.stderr.write(l)),
      showSecrets: opts.showSecrets,
      maxFileSize: opts.maxFileSize,
      profile: opts.profileRules,
    },
    ruleSet,
  );
  const result = applyBaseline(scanned, opts, rootOf(paths[0] ?? '.'), ruleSet, false, process.cwd());
  for (const w of result.warnings) process.stderr.write(`keyward: warning: ${w}\n`);
  if (scanned.profile) process.stderr.write(formatProfile(scanned.profile));
  return emit(result, opts, 'scan', ruleSet);
}

function formatProfile(rows: ProfileRow[]): string {
  const lines = ['rule profile (time in the rule regex, runs = chunks it ran on, matches before filters):'];
  lines.push(`${'rule'.padEnd(40)} ${'ms'.padStart(10)} ${'runs'.padStart(8)} ${'matches'.padStart(8)}`);
  for (const r of rows) {
    lines.push(`${r.ruleId.padEnd(40)} ${r.ms.toFixed(1).padStart(10)} ${String(r.runs).padStart(8)} ${String(r.matches).padStart(8)}`);
  }
  return `${lines.join('\n')}\n`;
}
