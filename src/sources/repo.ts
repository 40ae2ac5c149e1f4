import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import { repoInfoAsync, type RepoInfo } from '../git/repo.js';
import { GitError } from '../git/run.js';

/** The repository as the staged scan needs it: a work tree is required. */
export type WorkTreeRepo = RepoInfo & { top: string };

/** Everything the staged scan needs to know about the repository, in one git call. */
export async function workTreeRepo(cwd: string): Promise<WorkTreeRepo> {
  try {
    const info = await repoInfoAsync(cwd);
    if (info.top === undefined) throw new UsageError('not in a git work tree (a bare repository has no index to scan)');
    return info as WorkTreeRepo;
  } catch (e) {
    throw e instanceof GitError ? new UsageError(`not in a git work tree (${e.stderr.trim().split('\n')[0] ?? ''})`) : e;
  }
}

/** Other parents of the commit being made when a merge is being concluded. */
export function mergeHeads(gitDir: string): string[] {
  try {
    return readFileSync(join(gitDir, 'MERGE_HEAD'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  } catch {
    return [];
  }
}

/**
 * The git directory, found without running git: $GIT_DIR (git exports it to hooks in linked
 * worktrees), else the nearest .git directory or "gitdir:" file above `cwd`. Undefined when
 * unsure; callers then ask git.
 */
export function locateGitDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GIT_DIR) return resolve(cwd, env.GIT_DIR);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return dotGit;
    if (st?.isFile()) {
      const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      return m ? resolve(d, m[1]!.trim()) : undefined;
    }
    if (dirname(d) === d) return undefined;
  }
}
