import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { diffIndexPatch, diffIndexRaw } from '../git/diff.js';
import { compareFindings, type ScanResult } from '../report/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { changedFiles, mergeParents, type ChangedFile } from './changes.js';
import { mergeHeads, repoInfo, type RepoInfo } from './repo.js';
import { scanChanges } from './scan-changes.js';

export interface StagedRequest {
  cwd: string;
  /** Limit to these files (as lint-staged passes them: absolute or relative to cwd). */
  paths: string[];
  /** Loads rules; called while git computes the diff, so the two overlap. */
  loadRules: (top: string) => { ruleSet: RuleSet; detector: Detector };
  showSecrets: boolean;
}

/**
 * Secrets on the lines the next commit adds: the index (what `git commit` will record, not
 * the work tree) against HEAD — or against the empty tree before the first commit, and against
 * every parent when a merge is being concluded.
 */
export async function scanStaged(req: StagedRequest): Promise<ScanResult> {
  const t0 = performance.now();
  const repo = repoInfo(req.cwd);
  const parents = repo.head ? [repo.head, ...mergeHeads(repo.gitDir)] : [repo.emptyTree];
  const pending = stagedChanges(repo, parents); // git runs while the rules load
  pending.catch(() => undefined); // awaited below; a rule error thrown first must not leave it unhandled
  const { ruleSet, detector } = req.loadRules(repo.top);
  let files = await pending;

  const only = req.paths.length > 0 ? pathFilter(repo.top, req.cwd, req.paths) : undefined;
  const allowed = globMatcher(ruleSet.allowPaths);
  files = files.filter((f) => (!only || only.has(f.path)) && !allowed?.(f.path));

  const r = await scanChanges(files, { cwd: repo.top, detector, showSecrets: req.showSecrets });
  return {
    findings: r.findings.sort(compareFindings),
    stats: {
      files: r.files,
      bytes: r.bytes,
      skippedBinary: r.binary,
      skippedTooLarge: 0,
      unreadable: r.unreadable.length,
      rules: ruleSet.rules.length,
      workers: 0,
      durationMs: Math.round(performance.now() - t0),
      complete: r.unreadable.length === 0,
    },
    warnings: r.unreadable.map((u) => `could not read ${u}`),
  };
}

async function stagedChanges(repo: RepoInfo, parents: string[]): Promise<ChangedFile[]> {
  const perParent = await Promise.all(
    parents.map(async (tree) => {
      // Both listings at once: two short git processes in parallel.
      const [raw, patch] = await Promise.all([diffIndexRaw(repo.top, tree), diffIndexPatch(repo.top, tree)]);
      return changedFiles(raw, patch);
    }),
  );
  return mergeParents(perParent);
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
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) out.add(rel.split(sep).join('/'));
    }
  }
  return out;
}
