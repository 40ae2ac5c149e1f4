import { rawLog } from '../git/raw-log.js';
import { gitConfigEnv } from '../git/run.js';

/**
 * The source of `keyward history`: every commit the selected tips reach (minus `exclude`), with
 * the blobs each brings and their paths (one `git log --raw` stream), and the git settings its
 * reads run under. The history command adds provenance (history/provenance.ts).
 */
export const historyWalk = rawLog;

/** Regular files: symlinks hold a path, submodules a commit of another repository (not entered). */
export const REGULAR_FILE = new Set(['100644', '100755']);

/**
 * git maps whole packs into memory by default, so the walk and the reader would each show the
 * pack's size as resident memory: measured on the 1.1 GB benchmark repository (335 MB pack),
 * cat-file went from 450 MB to 160 MB RSS for 6% more time with these limits. Blobs over 32 MB
 * (bigFileThreshold) git streams instead of holding them: a 300 MB packed blob raised git's
 * RSS to 315 MB, now 101 MB for the whole scan (keyward reads them as a stream too).
 */
export const PACK_LIMITS: NodeJS.ProcessEnv = gitConfigEnv({ 'core.packedGitWindowSize': '32m', 'core.packedGitLimit': '128m', 'core.deltaBaseCacheLimit': '64m', 'core.bigFileThreshold': '32m' });
/**
 * The walk reads trees from all over the pack: with 32 MB windows under a 128 MB limit it kept
 * remapping them (3.1 s instead of 1.8 s for `git log --raw` on the benchmark repository). 16 MB
 * windows under 192 MB: 1.8 s and 320 MB RSS, against 460 MB with git's defaults
 * (docs/decisions.md).
 */
export const WALK_LIMITS: NodeJS.ProcessEnv = gitConfigEnv({ 'core.packedGitWindowSize': '16m', 'core.packedGitLimit': '192m' });

/**
 * The environment of the walk and of the object reader: the objects as stored (a refs/replace/
 * entry in .git must not swap a blob for a clean one) and, in a partial clone, never a download
 * (its missing blobs are reported, not fetched one by one).
 */
export function historyEnvs(partial: boolean): { read: NodeJS.ProcessEnv; walk: NodeJS.ProcessEnv } {
  const noFetch = partial ? { GIT_NO_LAZY_FETCH: '1' } : {};
  return { read: { ...PACK_LIMITS, ...noFetch, GIT_NO_REPLACE_OBJECTS: '1' }, walk: { ...WALK_LIMITS, ...noFetch, GIT_NO_REPLACE_OBJECTS: '1' } };
}
