import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { CatFile } from '../git/cat-file.js';
import { diffIndexPatch, diffIndexRaw } from '../git/diff.js';
import { compareFindings, type ScanResult } from '../report/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { changedFiles, mergeParents, type ChangedFile } from './changes.js';
import { locateGitDir, mergeHeads, workTreeRepo, type WorkTreeRepo } from './repo.js';
import { changesResult, scanChanges } from './scan-changes.js';

export interface StagedRequest {
  cwd: string;
  /** Limit to these files (as lint-staged passes them: absolute or relative to cwd). */
  paths: string[];
  /** Loads rules (config found from `start`); called while git computes the diff, so the two overlap. */
  loadRules: (start: string) => { ruleSet: RuleSet; detector: Detector };
  showSecrets: boolean;
}

/**
 * Secrets on the lines the next commit adds: the index (what `git commit` will record, not
 * the work tree) against HEAD — or against the empty tree before the first commit, and against
 * every parent when a merge is being concluded.
 */
export async function scanStaged(req: StagedRequest): Promise<ScanResult> {
  const t0 = performance.now();
  // Each git process costs a few milliseconds to spawn, so the usual commit needs only three,
  // started at once and running while the rules load: the diff against HEAD (raw listing and
  // patch; paths in them are relative to the top whatever the cwd) and the object reader.
  // rev-parse runs only when needed: paths to map (lint-staged), or no HEAD yet.
  const headP = diffAgainst(req.cwd, 'HEAD');
  headP.catch(() => undefined); // awaited below, after the rules (whose errors come first)
  const infoP = req.paths.length > 0 ? workTreeRepo(req.cwd) : undefined;
  infoP?.catch(() => undefined);
  const info = (): Promise<WorkTreeRepo> => infoP ?? workTreeRepo(req.cwd);
  const cat = new CatFile(req.cwd);
  try {
    const { ruleSet, detector } = req.loadRules(req.cwd);
    let perParent: ChangedFile[][];
    try {
      const againstHead = await headP;
      // Concluding a merge: also diff against the other parents (MERGE_HEAD).
      const gitDir = locateGitDir(req.cwd) ?? (await info()).gitDir;
      perParent = [againstHead, ...(await Promise.all(mergeHeads(gitDir).map((m) => diffAgainst(req.cwd, m))))];
    } catch (e) {
      // No HEAD: the first commit (compared with the empty tree), or not a repository at all.
      const repo = await info();
      if (repo.head) throw e;
      perParent = [await diffAgainst(req.cwd, repo.emptyTree)];
    }
    let files = mergeParents(perParent);

    const only = infoP ? pathFilter((await infoP).top, req.cwd, req.paths) : undefined;
    const allowed = globMatcher(ruleSet.allowPaths);
    files = files.filter((f) => (!only || only.has(f.path)) && !allowed?.(f.path));

    const r = await scanChanges(files, { cwd: req.cwd, detector, showSecrets: req.showSecrets, catFile: cat });
    r.findings.sort(compareFindings);
    return changesResult(r, ruleSet.rules.length, t0);
  } finally {
    cat.close();
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
