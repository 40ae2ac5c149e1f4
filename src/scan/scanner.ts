import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { newDetector, takeProfile } from '../engine/detector.js';
import { scanFiles } from '../engine/file-pool.js';
import { scanStreamBlob, type BatchOptions, type BatchResult } from '../engine/files.js';
import { compareFindings, type ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { stdinBlob, STDIN } from '../sources/stdin.js';
import { walk, type WalkCounters } from '../sources/walk.js';

export interface ScanRequest extends BatchOptions {
  /** Files or directories; '-' is stdin. */
  paths: string[];
  gitignore: boolean;
  /** Worker threads; 0 = one per core. 1 = scan on the main thread. */
  workers: number;
}

export interface ProfileRow {
  ruleId: string;
  ms: number;
  runs: number;
  matches: number;
}

/** Scans files, directories and stdin. Output does not depend on the number of workers. */
export async function scanPaths(req: ScanRequest, ruleSet: RuleSet): Promise<ScanResult & { profile?: ProfileRow[] }> {
  const t0 = performance.now();
  const counters: WalkCounters = { ignored: 0, symlinks: 0, unreadable: [] };
  const allowed = globMatcher(ruleSet.allowPaths);
  const results: BatchResult[] = [];
  // Main-thread detector: also used for stdin and for small jobs.
  let inline: Detector | undefined;
  const inlineDetector = () => (inline ??= newDetector(ruleSet, req));

  if (req.paths.includes(STDIN)) results.push(await scanStreamBlob(inlineDetector(), stdinBlob(), req));
  const roots = req.paths.filter((p) => p !== STDIN);
  const files = (function* () {
    for (const root of roots) yield* walk(root, { gitignore: req.gitignore, exclude: allowed }, counters);
  })();
  const scanned = await scanFiles(files, ruleSet, req, inlineDetector);
  results.push(...scanned.results);

  const unreadable = [...counters.unreadable, ...results.flatMap((r) => r.unreadable)];
  const sum = (k: 'files' | 'bytes' | 'binary' | 'tooLarge') => results.reduce((a, r) => a + r[k], 0);
  return {
    findings: results.flatMap((r) => r.findings).sort(compareFindings),
    stats: {
      files: sum('files'),
      bytes: sum('bytes'),
      skippedBinary: sum('binary'),
      skippedTooLarge: sum('tooLarge'),
      unreadable: unreadable.length,
      rules: ruleSet.rules.length,
      workers: scanned.workers,
      durationMs: Math.round(performance.now() - t0),
      complete: unreadable.length === 0,
    },
    warnings: unreadable.map((u) => `could not read ${u}`),
    ...(req.profile ? { profile: mergeProfiles(results, inline ? takeProfile(inline) : []) } : {}),
  };
}

function mergeProfiles(results: BatchResult[], extra: Array<[string, number, number, number]>): ProfileRow[] {
  const by = new Map<string, ProfileRow>();
  for (const [ruleId, ns, runs, matches] of [...results.flatMap((r) => r.profile ?? []), ...extra]) {
    const row = by.get(ruleId) ?? { ruleId, ms: 0, runs: 0, matches: 0 };
    row.ms += ns / 1e6;
    row.runs += runs;
    row.matches += matches;
    by.set(ruleId, row);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}
