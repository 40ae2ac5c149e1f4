import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { scanSource, type SourceScan } from '../engine/items.js';
import { gitAsync } from '../git/run.js';
import type { Finding } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { refTargets } from '../sources/ref-targets.js';

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
export async function scanHistoryRefs(cwd: string, ruleSet: RuleSet, detector: () => Detector, showSecrets: boolean): Promise<SourceScan | undefined> {
  const tips = await refTargetTips(cwd);
  if (tips.length === 0) return undefined;
  const allowPath = globMatcher(ruleSet.allowPaths);
  return scanSource(refTargets(tips, { cwd, ...(allowPath ? { allowPath } : {}) }), { detector: detector(), showSecrets });
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
