import { unreachableFrom } from '../git/reachability.js';
import { allTips, resolveCommit } from '../git/refs.js';
import type { ScopeState } from './cache.js';

/** What to walk: commits reachable from `tips` and not from `exclude`; `key` names it in the cache. */
export interface Scope {
  tips: string[];
  exclude: string[];
  key: string;
}

/** A revision that names no commit. */
export class ScopeError extends Error {}

/** --branch (repeatable; default: every ref, HEAD and worktree HEADs) and --since. */
export function resolveScope(cwd: string, branches: readonly string[] = [], since?: string): Scope {
  const commit = (rev: string, flag: string): string => {
    try {
      return resolveCommit(cwd, rev);
    } catch {
      throw new ScopeError(`${flag} ${rev}: no such commit in ${cwd}`);
    }
  };
  const names = [...new Set(branches)].sort();
  const tips = names.length > 0 ? [...new Set(names.map((b) => commit(b, '--branch')))] : allTips(cwd);
  const after = since !== undefined ? commit(since, '--since') : undefined;
  // Branch names, not their commits: the same --branch continues from its last walk.
  const key = `${names.length > 0 ? `branch:${names.join('\n')}` : 'all'}${after ? `|since:${after}` : ''}`;
  return { tips, exclude: after ? [after] : [], key };
}

/**
 * The last walk of a scope can be extended (only `tips ^old-tips` walked) when every old tip is
 * still in the history (nothing was rewritten away) and the shallow boundary has not moved.
 */
export async function canContinue(cwd: string, state: ScopeState, tips: string[], shallow: string[]): Promise<boolean> {
  if (state.shallow.join() !== shallow.join() || tips.length === 0) return false;
  try {
    return (await unreachableFrom(cwd, state.tips, tips)).size === 0;
  } catch {
    return false; // an old tip is gone from the store
  }
}
