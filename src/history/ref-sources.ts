import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { scanSource, type SourceScan } from '../engine/items.js';
import { scanRanged } from '../engine/ranged.js';
import { gitReader } from '../sources/git-objects.js';
import { gitAsync } from '../git/run.js';
import type { Finding } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { refTargets, type RefTip } from '../sources/ref-targets.js';

/**
 * Refs whose object is not a commit: annotated tags (their messages, and a blob or tree a tag
 * may name) and refs naming a blob or a tree. No history walk reaches that content.
 */
export async function refTargetTips(cwd: string): Promise<Array<{ ref: string; oid: string }>> {
  const out = await gitAsync(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)'], { cwd });
  const tips: Array<{ ref: string; oid: string }> = [];
  for (const line of out.toString('utf8').split('\n')) {
    const m = /^([0-9a-f]+) (tag|tree|blob) (.+)$/.exec(line);
    if (m) tips.push({ ref: m[3]!, oid: m[1]! });
  }
  return tips;
}

/**
 * Secrets in what the repository's refs name outside any commit (annotated-tag messages,
 * blobs and trees named by a ref), each with the ref as provenance. Read every run: there are
 * few such objects, and a tag can be moved without any commit changing.
 */
export async function scanHistoryRefs(cwd: string, ruleSet: RuleSet, detector: () => Detector, opts: RefScanOptions): Promise<SourceScan | undefined> {
  const tips = await refTargetTips(cwd);
  return tips.length === 0 ? undefined : scanRefs(cwd, tips, ruleSet, detector, opts);
}

export interface RefScanOptions {
  showSecrets: boolean;
  workers: number;
  /** How much the trees refs name may hold (sources/ref-targets.ts TREE_LIMITS). */
  limits?: { files: number; bytes: number };
  /** Jobs kept on the main thread (engine/ranged.ts; 0 forces the pool, for tests). */
  inlineJobs?: number;
}

/** What `tips` name outside any commit: tag messages and blobs as read, a tree's files on the engine's blob scheduler. */
export async function scanRefs(cwd: string, tips: readonly RefTip[], ruleSet: RuleSet, detector: () => Detector, opts: RefScanOptions): Promise<SourceScan> {
  const allowPath = globMatcher(ruleSet.allowPaths);
  const targets = refTargets(tips, { cwd, ...(allowPath ? { allowPath } : {}), ...(opts.limits ? { limits: opts.limits } : {}) });
  const r = await scanSource(targets, { detector: detector(), showSecrets: opts.showSecrets });
  const files = await targets.treeFiles();
  if (files.length === 0) return r;
  const { showSecrets, workers, inlineJobs } = opts;
  const t = await scanRanged(files, { ruleSet, reader: gitReader({ cwd }), workers, detector, showSecrets, ...(inlineJobs !== undefined ? { inlineJobs } : {}) });
  r.findings.push(...t.findings);
  r.files += t.files;
  r.bytes += t.bytes;
  r.binary += t.binary;
  r.warnings.push(...t.unreadable.map((u) => `could not read ${u}`));
  return r;
}

/**
 * Findings introduced by a commit of a notes ref (refs/notes/*) are notes on another object
 * (their file is named by that object's id): labelled with source "note" and the ref.
 */
export async function labelNotes(cwd: string, findings: Finding[]): Promise<void> {
  if (!findings.some((f) => f.commit && !f.source)) return;
  const refs = (await gitAsync(['for-each-ref', '--format=%(refname)', 'refs/notes/'], { cwd })).toString('utf8').split('\n').filter(Boolean);
  for (const ref of refs) {
    const commits = new Set((await gitAsync(['rev-list', ref, '--'], { cwd })).toString('utf8').split('\n'));
    for (const f of findings) if (f.commit && !f.source && commits.has(f.commit)) Object.assign(f, { source: 'note', ref });
  }
}
