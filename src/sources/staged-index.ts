import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { diffIndexPatch, diffIndexRaw } from '../git/diff.js';
import { blobChanges, changedFiles, mergeParents, type ChangedFile } from './changes.js';
import { locateGitDir, mergeHeads, workTreeRepo, type WorkTreeRepo } from './repo.js';

/**
 * The source of `keyward staged`: the blobs of the index (what `git commit` will record, not the
 * work tree) with the lines they add against HEAD — or against the empty tree before the first
 * commit, and against every parent when a merge is being concluded.
 *
 * Each git process costs a few milliseconds to spawn, so the usual commit needs two, started at
 * once by start() and running while the caller loads its rules: the diff against HEAD (raw
 * listing and patch; paths in them are relative to the top whatever the cwd). rev-parse runs
 * only when needed: paths to map (lint-staged), or no HEAD yet.
 */
export class StagedIndex {
  private readonly head: Promise<ChangedFile[]>;
  private readonly info: Promise<WorkTreeRepo> | undefined;

  private constructor(
    private readonly cwd: string,
    /** Limit to these files (absolute or relative to cwd); empty: all. */
    private readonly paths: string[],
  ) {
    this.head = diffAgainst(cwd, 'HEAD');
    this.head.catch(() => undefined); // awaited in blobs(), after the caller's own errors
    this.info = paths.length > 0 ? workTreeRepo(cwd) : undefined;
    this.info?.catch(() => undefined);
  }

  static start(cwd: string, paths: string[]): StagedIndex {
    return new StagedIndex(cwd, paths);
  }

  /** The changed blobs (no submodules), limited to the paths asked for and not `allowed`. */
  async blobs(allowed?: (path: string) => boolean): Promise<ChangedFile[]> {
    let perParent: ChangedFile[][];
    try {
      const againstHead = await this.head;
      // Concluding a merge: also diff against the other parents (MERGE_HEAD).
      const gitDir = locateGitDir(this.cwd) ?? (await this.repo()).gitDir;
      perParent = [againstHead, ...(await Promise.all(mergeHeads(gitDir).map((m) => diffAgainst(this.cwd, m))))];
    } catch (e) {
      // No HEAD: the first commit (compared with the empty tree), or not a repository at all.
      const repo = await this.repo();
      if (repo.head) throw e;
      perParent = [await diffAgainst(this.cwd, repo.emptyTree)];
    }
    const only = this.info ? pathFilter((await this.info).top, this.cwd, this.paths) : undefined;
    return blobChanges(mergeParents(perParent).filter((f) => (!only || only.has(f.path)) && !allowed?.(f.path)));
  }

  private repo(): Promise<WorkTreeRepo> {
    return this.info ?? workTreeRepo(this.cwd);
  }
}

/** The index against one parent tree: raw listing and -U0 patch, two git processes in parallel. */
async function diffAgainst(cwd: string, tree: string): Promise<ChangedFile[]> {
  const [raw, patch] = await Promise.all([diffIndexRaw(cwd, tree), diffIndexPatch(cwd, tree)]);
  return changedFiles(raw, patch);
}

/** Repository-relative '/' paths of the given files. */
function pathFilter(top: string, cwd: string, paths: string[]): Set<string> {
  const roots = [top];
  try {
    roots.push(realpathSync(top));
  } catch {
    // top exists: git just printed it
  }
  const out = new Set<string>();
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    for (const root of roots) {
      const rel = relative(root, abs);
      if (rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) out.add(rel.split(sep).join('/'));
    }
  }
  return out;
}
