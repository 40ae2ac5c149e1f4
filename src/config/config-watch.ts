import { isAbsolute, relative, sep } from 'node:path';
import { gitAsync, splitZ } from '../git/run.js';
import type { RuleSet } from '../rules/resolve.js';
import { loadConfigAt, type ConfigRev } from './config-at.js';
import { ACCEPTANCE_FILES, acceptanceChange } from './acceptance-change.js';
import { describeChange } from './config-change.js';
import { CONFIG_NAMES } from './config.js';

/**
 * The repository paths whose change can change what keyward reports: the root config files,
 * the baseline and ignore files, and the packs and extended gitleaks files the current config
 * reads (a change to the list itself is a change to the config file, which is watched).
 */
export function watchedPaths(top: string, ruleSet: RuleSet): string[] {
  const src = ruleSet.source ?? { files: [], packs: [] };
  const inRepo = [...src.files, ...src.packs.filter((p) => p !== 'built-in')]
    .map((p) => relative(top, p))
    .filter((p) => p !== '' && !p.startsWith('..') && !isAbsolute(p))
    .map((p) => p.split(sep).join('/'));
  return [...new Set([...CONFIG_NAMES, ...ACCEPTANCE_FILES, ...inRepo])];
}

/**
 * The same paths as git pathspecs that work from any directory of the work tree without knowing
 * its top (root names with `:(top)`, the rest absolute): one git process tells whether a commit
 * touches the config at all, the usual answer being no. git refuses a path outside the work tree,
 * and the caller then takes the slower way through watchedPaths.
 */
export function watchedSpecs(ruleSet: RuleSet): string[] {
  const src = ruleSet.source ?? { files: [], packs: [] };
  const abs = [...src.files, ...src.packs.filter((p) => p !== 'built-in')].map((p) => `:(literal)${p}`);
  return [...new Set([...[...CONFIG_NAMES, ...ACCEPTANCE_FILES].map((n) => `:(top,literal)${n}`), ...abs])];
}

/**
 * What a change between two versions does to the rules, in one sentence ("this change to
 * keyward.toml disables 3 rules ... and allows 1 path"), or undefined when it weakens nothing or
 * touches no config path. Both versions go through the normal loaders.
 */
export async function configChange(top: string, before: ConfigRev, after: ConfigRev, paths: string[]): Promise<string | undefined> {
  const changed = await changedPaths(top, before, after, paths);
  if (changed.length === 0) return undefined;
  const configs = changed.filter((p) => !ACCEPTANCE_FILES.includes(p));
  const accepted = await acceptanceChange(top, before, after, changed);
  if (configs.length === 0) return accepted;
  const [a, b] = await Promise.all([loadConfigAt(top, before), loadConfigAt(top, after)]);
  const rules = describeChange(configs, a, b);
  return rules && accepted ? `${rules}; ${accepted}` : (rules ?? accepted);
}

/** The watched paths that differ between the two versions (git pathspecs are literal here). */
async function changedPaths(top: string, before: ConfigRev, after: ConfigRev, paths: string[]): Promise<string[]> {
  const spec = ['--', ...paths.map((p) => `:(literal)${p}`)];
  const opts = { cwd: top };
  if (before === 'none') {
    if (after === 'none') return [];
    const args = after === 'index' ? ['ls-files', '-z', ...spec] : ['ls-tree', '-r', '-z', '--name-only', '--full-tree', after.tree, ...spec];
    return splitZ(await gitAsync(args, opts));
  }
  if (after === 'none') return [];
  if (before === 'index') throw new Error('the index can only be the newer side of a comparison');
  const args =
    after === 'index'
      ? ['diff-index', '--cached', '--name-only', '-z', '--no-renames', before.tree, ...spec]
      : ['diff-tree', '-r', '--name-only', '-z', '--no-renames', before.tree, after.tree, ...spec];
  return splitZ(await gitAsync(args, opts));
}

/** Commits in `revs` that touch a watched path (newest first, at most `max`), with their first parent. */
export async function commitsTouching(top: string, revs: string[], paths: string[], max = 50): Promise<Array<{ commit: string; parent?: string }>> {
  const out = await gitAsync(['rev-list', '--full-history', '--parents', `--max-count=${max}`, ...revs, '--', ...paths.map((p) => `:(literal)${p}`)], { cwd: top });
  return out
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [commit, parent] = l.split(' ');
      return { commit: commit!, ...(parent ? { parent } : {}) };
    });
}
