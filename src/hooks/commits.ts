import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { diffTreePatch, diffTreeRaw } from '../git/diff.js';
import { gitAsync } from '../git/run.js';
import { compareFindings, type Finding, type ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { scanCommitMessages } from '../scan/commit-messages.js';
import { scanRefTargets, type RefTip } from '../scan/ref-targets.js';
import { changedFiles, mergeParents, type ChangedFile } from '../staged/changes.js';
import { changesResult, scanChanges } from '../staged/scan-changes.js';

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

interface CommitParents {
  commit: string;
  parents: string[];
}

/**
 * Secrets on the lines each selected commit adds (relative to all its parents, as for a
 * staged merge), read straight from the object store: works in bare repositories and in
 * pre-receive's quarantine. One git process lists the commits, two diff them all. Also the
 * commits' messages and, with `tips`, what the pushed refs name outside any commit.
 */
export async function scanCommits(req: CommitScanRequest): Promise<ScanResult & { commits: number }> {
  const t0 = performance.now();
  const commits = await listCommits(req.cwd, req.revs);
  const order = new Map(commits.map((c, i) => [c.commit, i]));
  const allowed = globMatcher(req.ruleSet.allowPaths);
  const files = (await commitChanges(req.cwd, commits)).filter((f) => !allowed?.(f.path));
  const opts = { cwd: req.cwd, detector: req.detector, showSecrets: req.showSecrets, ...(req.checkpoint ? { checkpoint: req.checkpoint } : {}) };
  const r = await scanChanges(files, opts);
  await addCommitContext(req.cwd, r.findings);
  const messages = await scanCommitMessages(commits.map((c) => c.commit), opts);
  const refs = await scanRefTargets(req.tips ?? [], { ...opts, ...(allowed ? { allowPath: allowed } : {}) });
  await labelNotes(req.cwd, req.tips ?? [], req.revs, r.findings);
  r.findings.push(...messages.findings, ...refs.findings);
  r.files += refs.files;
  r.bytes += messages.bytes + refs.bytes;
  r.binary += refs.binary;
  // Oldest commit first: the first finding names where a rebase has to start.
  r.findings.sort((a, b) => (order.get(a.commit!) ?? 0) - (order.get(b.commit!) ?? 0) || compareFindings(a, b));
  const result = changesResult(r, req.ruleSet.rules.length, t0, { commits: commits.length });
  // What could not be read makes the scan incomplete: a hook fails closed.
  const unread = [...messages.warnings, ...refs.warnings];
  if (unread.length > 0) {
    result.warnings.push(...unread);
    result.stats.unreadable += unread.length;
    result.stats.complete = false;
  }
  return { ...result, commits: commits.length };
}

/**
 * Findings in commits that only a pushed notes ref (refs/notes/*) brings are notes: the file
 * is named by the annotated object's id. Labelled with source "note" and the notes ref.
 */
async function labelNotes(cwd: string, tips: readonly RefTip[], revs: string[], findings: Finding[]): Promise<void> {
  const notes = tips.filter((t) => t.ref.startsWith('refs/notes/'));
  if (notes.length === 0 || findings.length === 0) return;
  const not = revs.slice(revs.indexOf('--not'));
  for (const n of notes) {
    const commits = new Set((await listCommits(cwd, [n.oid, ...(not[0] === '--not' ? not : [])])).map((c) => c.commit));
    for (const f of findings) if (f.commit && commits.has(f.commit) && !f.source) Object.assign(f, { source: 'note', ref: n.ref });
  }
}

/** Commits selected by rev-list arguments, oldest first, with their parents. */
export async function listCommits(cwd: string, revs: string[]): Promise<CommitParents[]> {
  const out = await gitAsync(['rev-list', '--parents', '--topo-order', '--reverse', '--ignore-missing', ...revs, '--'], { cwd });
  return out
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [commit, ...parents] = l.split(' ');
      return { commit: commit!, parents };
    });
}

async function commitChanges(cwd: string, commits: CommitParents[]): Promise<ChangedFile[]> {
  if (commits.length === 0) return [];
  // One diff per (commit, parent); a root commit (or a shallow boundary) is diffed against nothing.
  const inputs: string[] = [];
  for (const { commit, parents } of commits) {
    if (parents.length === 0) inputs.push(commit);
    else for (const p of parents) inputs.push(`${commit} ${p}`);
  }
  const [raw, patch] = await Promise.all([diffTreeRaw(cwd, inputs), diffTreePatch(cwd, inputs)]);
  if (raw.length !== inputs.length || patch.length !== inputs.length) {
    throw new Error(`git diff-tree answered ${raw.length}/${patch.length} diffs for ${inputs.length} requests`);
  }
  const out: ChangedFile[] = [];
  let k = 0;
  for (const { commit, parents } of commits) {
    const perParent: ChangedFile[][] = [];
    for (let i = 0; i < Math.max(1, parents.length); i++, k++) {
      if (raw[k]!.commit !== commit || patch[k]!.commit !== commit) throw new Error(`git diff-tree: diff ${k} is not for commit ${commit}`);
      perParent.push(changedFiles(raw[k]!, patch[k]!, commit));
    }
    out.push(...mergeParents(perParent));
  }
  return out;
}

/** Author and date of the commits that carry findings (one git call, only when needed). */
async function addCommitContext(cwd: string, findings: Finding[]): Promise<void> {
  const ids = [...new Set(findings.map((f) => f.commit).filter((c): c is string => c !== undefined))];
  if (ids.length === 0) return;
  const out = await gitAsync(['log', '--no-walk=unsorted', '--stdin', '--format=%H%x00%an%x00%ae%x00%aI'], { cwd, input: `${ids.join('\n')}\n` });
  const info = new Map<string, { author: string; email: string; date: string }>();
  for (const line of out.toString('utf8').split('\n')) {
    const [h, author, email, date] = line.split('\0');
    if (h && author !== undefined && email !== undefined && date !== undefined) info.set(h, { author, email, date });
  }
  for (const f of findings) {
    const i = f.commit ? info.get(f.commit) : undefined;
    if (i) Object.assign(f, i);
  }
}
