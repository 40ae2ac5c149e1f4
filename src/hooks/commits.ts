import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { scanSource } from '../engine/items.js';
import { rangedResult, scanRanged, type RangedBlob } from '../engine/ranged.js';
import { COMMIT_MESSAGE, compareFindings, type ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { addCommitContext, commitBlobs, labelNotes, listCommits } from '../sources/commit-range.js';
import { gitReader } from '../sources/git-objects.js';
import { refTargets, type RefTip } from '../sources/ref-targets.js';

export interface CommitScanRequest {
  cwd: string;
  /** rev-list arguments selecting the commits to check, e.g. [new, '--not', old, '--remotes=origin']. */
  revs: string[];
  ruleSet: RuleSet;
  detector: Detector;
  showSecrets: boolean;
  /** Worker threads for a large push (0 = one per core, 1 = none); a push of a few commits never starts any. */
  workers?: number;
  /** Called between objects; throw to stop. */
  checkpoint?: () => void;
  /**
   * The pushed refs and what they name: annotated tags' messages, and blobs and trees a ref
   * names directly (no commit holds them), are scanned too; notes refs label their findings.
   */
  tips?: RefTip[];
}

/**
 * Secrets on the lines each selected commit adds (sources/commit-range.ts), in the commits'
 * messages and, with `tips`, in what the pushed refs name outside any commit.
 */
export async function scanCommits(req: CommitScanRequest): Promise<ScanResult & { commits: number }> {
  const t0 = performance.now();
  const commits = await listCommits(req.cwd, req.revs);
  const order = new Map(commits.map((c, i) => [c.commit, i]));
  const allowed = globMatcher(req.ruleSet.allowPaths);
  const blobs: RangedBlob[] = (await commitBlobs(req.cwd, commits)).filter((f) => !allowed?.(f.path));
  // The messages go to the same scheduler as the blobs: on the worker threads of a large push.
  for (const c of commits) blobs.push({ oid: c.commit, path: COMMIT_MESSAGE, added: 'all', message: true });
  const opts = { cwd: req.cwd, detector: req.detector, showSecrets: req.showSecrets, ...(req.checkpoint ? { checkpoint: req.checkpoint } : {}) };
  // Tag messages and blobs the refs name are read to follow the refs, and scanned where read;
  // the files of a tree a ref names join the scheduler's blobs.
  const targets = refTargets(req.tips ?? [], { ...opts, ...(allowed ? { allowPath: allowed } : {}) });
  const refs = await scanSource(targets, opts);
  blobs.push(...(await targets.treeFiles()));
  const r = await scanRanged(blobs, {
    ruleSet: req.ruleSet,
    reader: gitReader({ cwd: req.cwd }),
    workers: req.workers ?? 0,
    detector: () => req.detector,
    showSecrets: req.showSecrets,
    ...(req.checkpoint ? { checkpoint: req.checkpoint } : {}),
  });
  await addCommitContext(req.cwd, r.findings);
  await labelNotes(req.cwd, req.tips ?? [], req.revs, r.findings);
  r.findings.push(...refs.findings);
  r.files += refs.files;
  r.bytes += refs.bytes;
  r.binary += refs.binary;
  // Oldest commit first: the first finding names where a rebase has to start.
  r.findings.sort((a, b) => (order.get(a.commit!) ?? 0) - (order.get(b.commit!) ?? 0) || compareFindings(a, b));
  const result = rangedResult(r, req.ruleSet.rules.length, t0, { commits: commits.length });
  // What could not be read makes the scan incomplete: a hook fails closed.
  const unread = targets.warnings;
  if (unread.length > 0) {
    result.warnings.push(...unread);
    result.stats.unreadable += unread.length;
    result.stats.complete = false;
  }
  return { ...result, commits: commits.length };
}
