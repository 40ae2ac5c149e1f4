import type { Detector } from '../detect/detector.js';
import type { ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import type { RefTip } from '../sources/ref-targets.js';
import { scanCommits } from './commits.js';

/** One line of pre-push input: "<local ref> <local oid> <remote ref> <remote oid>". */
export interface PushUpdate {
  localRef: string;
  /** A revision (an object id from git; a rev expression from the pre-commit framework). */
  local: string;
  remoteRef: string;
  remote: string;
}

const ZERO = /^0+$/;

/** Parses what git writes to a pre-push hook's stdin. */
export function parsePrePushInput(text: string): PushUpdate[] {
  const out: PushUpdate[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(' ');
    if (parts.length !== 4) throw new Error(`unexpected pre-push input line: ${line.slice(0, 200)}`);
    const [localRef, local, remoteRef, remote] = parts as [string, string, string, string];
    out.push({ localRef, local, remoteRef, remote });
  }
  return out;
}

/**
 * The pre-commit framework runs pre-push hooks without git's stdin and passes the range in
 * PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF instead. When the push starts at a root commit (a
 * first push) it passes no range, only the branches: everything the local branch holds that the
 * remote's tracking branches do not is then checked.
 */
export function updatesFromPreCommitEnv(env: NodeJS.ProcessEnv): PushUpdate[] {
  const to = env.PRE_COMMIT_TO_REF || env.PRE_COMMIT_LOCAL_BRANCH;
  if (!to) return [];
  const from = env.PRE_COMMIT_TO_REF ? env.PRE_COMMIT_FROM_REF : undefined;
  return [{ localRef: env.PRE_COMMIT_LOCAL_BRANCH ?? to, local: to, remoteRef: env.PRE_COMMIT_REMOTE_BRANCH ?? '', remote: from || '0' }];
}

/**
 * rev-list arguments for the commits a push sends that the remote does not have: everything
 * reachable from the pushed tips, minus what the remote's refs had (when known locally) and
 * its remote-tracking branches. Covers new branches (no remote oid), force pushes (the old
 * remote tip is simply excluded, whatever its relation to the new one) and commits made with
 * --no-verify. Deletions send nothing.
 */
export function pushRevs(remoteName: string | undefined, updates: PushUpdate[]): string[] {
  const tips = updates.filter((u) => !ZERO.test(u.local)).map((u) => u.local);
  if (tips.length === 0) return [];
  const known = updates.filter((u) => u.remote !== '' && !ZERO.test(u.remote)).map((u) => u.remote);
  // A remote given as a URL has no remote-tracking branches; a glob in the name would widen the match.
  const tracking = remoteName && /^[\w.-]+$/.test(remoteName) ? [`--remotes=${remoteName}`] : [];
  return [...tips, '--not', ...known, ...tracking];
}

export async function scanPush(
  cwd: string,
  remoteName: string | undefined,
  updates: PushUpdate[],
  ruleSet: RuleSet,
  detector: Detector,
  /** Worker threads for a large push (0 = one per core, 1 = none). */
  workers = 0,
): Promise<ScanResult> {
  const revs = pushRevs(remoteName, updates);
  if (revs.length === 0) return emptyResult(ruleSet);
  return scanCommits({ cwd, revs, ruleSet, detector, showSecrets: false, workers, tips: pushTips(updates) });
}

/** The refs a push creates or updates and what they name (tags, and refs naming a blob or tree). */
export function pushTips(updates: PushUpdate[]): RefTip[] {
  return updates.filter((u) => !ZERO.test(u.local)).map((u) => ({ ref: u.remoteRef || u.localRef, oid: u.local }));
}

export function emptyResult(ruleSet: RuleSet): ScanResult {
  return {
    findings: [],
    stats: { files: 0, bytes: 0, skippedBinary: 0, skippedTooLarge: 0, unreadable: 0, rules: ruleSet.rules.length, workers: 0, durationMs: 0, commits: 0, complete: true },
    warnings: [],
  };
}
