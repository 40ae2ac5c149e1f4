import { resolve } from 'node:path';
import { repoInfo as gitRepoInfo, type RepoInfo } from '../git/repo.js';
import { GitError, gitText } from '../git/run.js';
import { TicketsUsageError } from './usage-error.js';

export { actor } from '../git/actor.js';

/** The repository as tickets see it: state lives under `commonDir` (shared by every worktree). */
export interface TicketsRepo extends RepoInfo {
  /** Work tree top, or the repository path for a bare repository: relative paths start here. */
  root: string;
  /** Remote name → URL. */
  remotes: Map<string, string>;
}

export function repoInfo(path: string): TicketsRepo {
  const cwd = resolve(path);
  let info: RepoInfo;
  try {
    info = gitRepoInfo(cwd);
  } catch (e) {
    const why = e instanceof GitError ? e.stderr.trim().split('\n')[0] : (e as Error).message;
    throw new TicketsUsageError(`${cwd} is not a git repository (${why}); tickets keep their state under .git/keyward`);
  }
  return { ...info, root: info.top ?? cwd, remotes: remoteUrls(cwd) };
}

function remoteUrls(cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  let text = '';
  try {
    text = gitText(['config', '--get-regexp', '^remote\\..*\\.url$'], { cwd, okCodes: [1] });
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const m = /^remote\.(.+)\.url (.+)$/.exec(line.trim());
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!);
  }
  return out;
}

