import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { filterFindings } from '../baseline/apply.js';
import { gitText } from '../git/run.js';
import { plural } from '../report/describe.js';
import type { ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import type { BaselineCliOptions } from './baseline-flags.js';
import { UsageError } from '../model/errors.js';

/** The repository root of `path` (a file, directory or "-"), else the directory itself. */
export function rootOf(path: string): string {
  const abs = resolve(path === '-' ? '.' : path);
  const dir = statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? abs : dirname(abs);
  try {
    return gitText(['rev-parse', '--show-toplevel'], { cwd: dir, okCodes: [128] }) || dir;
  } catch {
    return dir;
  }
}

/**
 * Applies the baseline and ignores (src/baseline/apply.ts) and says on stderr how many findings
 * they hid. `printWarnings`: hooks print expired ignores here; reports print result.warnings.
 */
export function applyBaseline(result: ScanResult, opts: BaselineCliOptions, root: string | undefined, ruleSet: RuleSet, printWarnings = false, cwd?: string): ScanResult {
  // A mistyped directory must not silently mean "no ignores" (nor fall back to the checkout's).
  if (opts.ignoresFrom !== undefined && !statSync(opts.ignoresFrom, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--ignores-from ${opts.ignoresFrom}: no such directory`);
  }
  const out = filterFindings(result, { root, baseline: opts.baseline, ...(opts.ignoresFrom !== undefined ? { ignoresFrom: opts.ignoresFrom } : {}), worktree: root !== undefined, ruleIds: ruleSet.rules.map((r) => r.id), ...(cwd ? { cwd } : {}) });
  if (printWarnings) for (const w of out.warnings.slice(result.warnings.length)) process.stderr.write(`keyward: warning: ${w}\n`);
  const parts = [];
  if (out.stats.baselined) parts.push(`${plural(out.stats.baselined, 'finding')} in the baseline`);
  if (out.stats.ignored) parts.push(`${plural(out.stats.ignored, 'finding')} ignored (.keywardignore, .gitleaksignore)`);
  if (parts.length) process.stderr.write(`keyward: not reported: ${parts.join(', ')}\n`);
  return out;
}
