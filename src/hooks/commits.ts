import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { scanSource } from '../engine/items.js';
import { isEmpty } from '../engine/line-ranges.js';
import { rangedResult, scanRanged } from '../engine/ranged.js';
import { GitObjectReader } from '../git/object-reader.js';
import { compareFindings, type ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { commitMessages } from '../sources/commit-messages.js';
import { addCommitContext, commitBlobs, labelNotes, listCommits } from '../sources/commit-range.js';
import { refTargets, type RefTip } from '../sources/ref-targets.js';

export interface CommitScanRequest {
  cwd: string;
  /** rev-list arguments selecting the commits to check, e.g. [new, '--not', old, '--remotes=origin']. */
  revs: string[];
  ruleSet: RuleSet;
  detector: Detector;
  showSecrets: boolean;
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
  const blobs = (await commitBlobs(req.cwd, commits)).filter((f) => !allowed?.(f.path));
  const opts = { cwd: req.cwd, detector: req.detector, showSecrets: req.showSecrets, ...(req.checkpoint ? { checkpoint: req.checkpoint } : {}) };
  const r = await scanBlobs(blobs, opts);
  await addCommitContext(req.cwd, r.findings);
  const messages = await scanSource(commitMessages(commits.map((c) => c.commit), opts), opts);
  const refs = await scanSource(refTargets(req.tips ?? [], { ...opts, ...(allowed ? { allowPath: allowed } : {}) }), opts);
  await labelNotes(req.cwd, req.tips ?? [], req.revs, r.findings);
  r.findings.push(...messages.findings, ...refs.findings);
  r.files += refs.files;
  r.bytes += messages.bytes + refs.bytes;
  r.binary += refs.binary;
  // Oldest commit first: the first finding names where a rebase has to start.
  r.findings.sort((a, b) => (order.get(a.commit!) ?? 0) - (order.get(b.commit!) ?? 0) || compareFindings(a, b));
  const result = rangedResult(r, req.ruleSet.rules.length, t0, { commits: commits.length });
  // What could not be read makes the scan incomplete: a hook fails closed.
  const unread = [...messages.warnings, ...refs.warnings];
  if (unread.length > 0) {
    result.warnings.push(...unread);
    result.stats.unreadable += unread.length;
    result.stats.complete = false;
  }
  return { ...result, commits: commits.length };
}

/** The engine over the commits' blobs, read through one `git cat-file` started only when there are any. */
async function scanBlobs(blobs: Parameters<typeof scanRanged>[0], opts: Parameters<typeof scanRanged>[2] & { cwd: string }): ReturnType<typeof scanRanged> {
  if (!blobs.some((b) => !isEmpty(b.added))) return { findings: [], files: 0, bytes: 0, binary: 0, unreadable: [] };
  const cat = new GitObjectReader(opts.cwd);
  try {
    return await scanRanged(blobs, cat, opts);
  } finally {
    cat.close();
  }
}
