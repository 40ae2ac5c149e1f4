import { userInfo } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { GitError, gitText } from '../git/run.js';
import { TicketsUsageError } from './usage-error.js';

/** What tickets need to know about the repository. */
export interface RepoInfo {
  /** Working tree top level (the repository path for a bare repository). */
  root: string;
  /** Shared .git directory (the same for every worktree): keyward's state lives under it. */
  gitDir: string;
  /** Remote name → URL. */
  remotes: Map<string, string>;
}

export function repoInfo(path: string): RepoInfo {
  const cwd = resolve(path);
  let gitDir: string;
  try {
    gitDir = gitText(['rev-parse', '--git-common-dir'], { cwd });
  } catch (e) {
    const why = e instanceof GitError ? e.stderr.trim().split('\n')[0] : (e as Error).message;
    throw new TicketsUsageError(`${cwd} is not a git repository (${why}); tickets keep their state under .git/keyward`);
  }
  gitDir = isAbsolute(gitDir) ? gitDir : resolve(cwd, gitDir);
  let root = cwd;
  try {
    root = gitText(['rev-parse', '--show-toplevel'], { cwd }) || cwd;
  } catch {
    // bare repository: no working tree
  }
  return { root, gitDir, remotes: remoteUrls(cwd) };
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

/** Who ran keyward, for the audit log: KEYWARD_ACTOR, else git's user, else the OS account. */
export function actor(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYWARD_ACTOR) return env.KEYWARD_ACTOR;
  try {
    const name = gitText(['config', 'user.name'], { cwd, okCodes: [1] });
    const email = gitText(['config', 'user.email'], { cwd, okCodes: [1] });
    if (name || email) return email ? `${name || email} <${email}>` : name;
  } catch {
    // fall through
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
