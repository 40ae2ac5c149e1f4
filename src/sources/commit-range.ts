import { diffTreePatch, diffTreeRaw } from '../git/diff.js';
import { gitAsync } from '../git/run.js';
import type { Finding } from '../model/finding.js';
import { blobChanges, changedFiles, mergeParents, type ChangedFile } from './changes.js';
import type { RefTip } from './ref-targets.js';

/**
 * The source of the push hooks: the commits a range of revisions selects (rev-list arguments),
 * oldest first, and the blobs each adds with the lines it adds (relative to all its parents, as
 * for a staged merge), read straight from the object store: works in bare repositories and in
 * pre-receive's quarantine. One git process lists the commits, two diff them all. Their messages
 * and the refs' own objects are sources/commit-messages.ts and sources/ref-targets.ts.
 */
export interface CommitParents {
  commit: string;
  parents: string[];
}

/** The blobs the commits add (no submodules), each with its commit. */
export async function commitBlobs(cwd: string, commits: CommitParents[]): Promise<ChangedFile[]> {
  return blobChanges(await commitChanges(cwd, commits));
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
export async function addCommitContext(cwd: string, findings: Finding[]): Promise<void> {
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

/**
 * Findings in commits that only a pushed notes ref (refs/notes/*) brings are notes: the file
 * is named by the annotated object's id. Labelled with source "note" and the notes ref.
 */
export async function labelNotes(cwd: string, tips: readonly RefTip[], revs: string[], findings: Finding[]): Promise<void> {
  const notes = tips.filter((t) => t.ref.startsWith('refs/notes/'));
  if (notes.length === 0 || findings.length === 0) return;
  const not = revs.slice(revs.indexOf('--not'));
  for (const n of notes) {
    const commits = new Set((await listCommits(cwd, [n.oid, ...(not[0] === '--not' ? not : [])])).map((c) => c.commit));
    for (const f of findings) if (f.commit && commits.has(f.commit) && !f.source) Object.assign(f, { source: 'note', ref: n.ref });
  }
}

