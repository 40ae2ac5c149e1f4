import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../model/errors.js';
import { gitAsync, gitSync, GitError } from '../git/run.js';

export interface RepoInfo {
  /** Top of the work tree. */
  top: string;
  /** Absolute git directory (per worktree: where MERGE_HEAD lives). */
  gitDir: string;
  /** HEAD commit; undefined before the first commit. */
  head?: string;
  /** The empty tree of the repository's hash algorithm: the "parent" of a first commit. */
  emptyTree: string;
}

const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

// --verify -q HEAD prints nothing and exits 1 on an unborn branch (first commit).
const REV_PARSE = ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--show-object-format', '--verify', '-q', 'HEAD'];

/** Everything the staged scan needs to know about the repository, in one git call. */
export function repoInfo(cwd: string): RepoInfo {
  try {
    return parseInfo(gitSync(REV_PARSE, { cwd, okCodes: [1] }).toString('utf8'));
  } catch (e) {
    throw notARepo(e);
  }
}

export async function repoInfoAsync(cwd: string): Promise<RepoInfo> {
  try {
    return parseInfo((await gitAsync(REV_PARSE, { cwd, okCodes: [1] })).toString('utf8'));
  } catch (e) {
    throw notARepo(e);
  }
}

function notARepo(e: unknown): unknown {
  return e instanceof GitError ? new UsageError(`not in a git work tree (${e.stderr.trim().split('\n')[0] ?? ''})`) : e;
}

function parseInfo(out: string): RepoInfo {
  const [top, gitDir, format, head] = out.split('\n');
  const emptyTree = EMPTY_TREE[format ?? ''];
  if (!top || !gitDir || !emptyTree) throw new Error(`unexpected git rev-parse output: ${out.slice(0, 200)}`);
  return { top, gitDir, ...(head ? { head } : {}), emptyTree };
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
