import { resolve } from 'node:path';
import { repoInfo, type RepoInfo } from '../git/repo.js';
import type { ScanResult } from '../model/finding.js';
import { HistoryError, type HistoryOptions } from './options.js';
import { HistoryRun } from './run.js';
import { ScopeError } from './scope.js';

export { HistoryError, HistoryInterrupted, type HistoryOptions } from './options.js';

/**
 * Scans every blob reachable from the selected refs once, then attaches provenance (introducing
 * commit, author, date, other locations) and pushed/local status to the blobs that have
 * findings. See docs/history.md.
 */
export async function scanHistory(repoPath: string, opts: HistoryOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const cwd = resolve(repoPath);
  let paths: RepoInfo;
  try {
    paths = repoInfo(cwd);
  } catch {
    throw new HistoryError(`${repoPath} is not a git repository`);
  }
  try {
    const result = await new HistoryRun(cwd, paths, opts).execute();
    result.stats.durationMs = Math.round(performance.now() - t0);
    return result;
  } catch (e) {
    opts.progress?.stop();
    if (e instanceof ScopeError) throw new HistoryError(e.message);
    throw e;
  }
}
