import { spawn } from 'node:child_process';
import { gitAsync, gitEnv, GitError } from './run.js';

/**
 * Of `commits`, those that none of `refs` reaches. One `git rev-list <commits> ^<refs>...`: git
 * walks down from the commits only until it meets history the refs reach, so the cost is the
 * number of commits that are *not* reachable (usually the few unpushed ones), not the size of
 * the repository; each commit is answered exactly, merges and all.
 */
export async function unreachableFrom(cwd: string, commits: readonly string[], refs: readonly string[]): Promise<Set<string>> {
  if (commits.length === 0) return new Set();
  if (refs.length === 0) return new Set(commits);
  const input = [...commits, ...refs.map((r) => `^${r}`)].join('\n') + '\n';
  const out = await gitAsync(['rev-list', '--stdin'], { cwd, input });
  const wanted = new Set(commits);
  const found = new Set<string>();
  let start = 0;
  const text = out.toString('latin1');
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    const oid = text.slice(start, nl);
    if (wanted.has(oid)) found.add(oid);
    start = nl + 1;
  }
  return found;
}

export interface PushedStatus {
  pushed: boolean;
  /** Remotes whose remote-tracking refs reach the commit, sorted. */
  remotes: string[];
}

/**
 * Pushed or local, for each commit: pushed when a remote-tracking ref (refs/remotes/*) reaches
 * it. One walk for all commits, then one per remote for the pushed ones only.
 */
export async function pushedStatus(cwd: string, commits: readonly string[], remotes: Map<string, string[]>): Promise<Map<string, PushedStatus>> {
  const unique = [...new Set(commits)];
  const allRefs = [...remotes.values()].flat();
  const local = await unreachableFrom(cwd, unique, allRefs);
  const pushed = unique.filter((c) => !local.has(c));
  const where = new Map<string, string[]>(pushed.map((c) => [c, []]));
  for (const [name, refs] of [...remotes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (pushed.length === 0) break;
    const missing = await unreachableFrom(cwd, pushed, refs);
    for (const c of pushed) if (!missing.has(c)) where.get(c)!.push(name);
  }
  return new Map(unique.map((c) => [c, { pushed: !local.has(c), remotes: where.get(c) ?? [] }]));
}

/**
 * Of `candidates`, those that descend from `ancestor` (have it in their history), the ancestor
 * itself included. `git rev-list --ancestry-path ^A C...` lists exactly the commits on a path
 * from A to one of the candidates.
 */
export async function descendantsOf(cwd: string, ancestor: string, candidates: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const others = candidates.filter((c) => c !== ancestor);
  if (candidates.includes(ancestor)) out.add(ancestor);
  if (others.length === 0) return out;
  const input = [...others, `^${ancestor}`].join('\n') + '\n';
  const listed = await gitAsync(['rev-list', '--ancestry-path', '--stdin'], { cwd, input });
  const wanted = new Set(others);
  for (const oid of listed.toString('latin1').split('\n')) if (wanted.has(oid)) out.add(oid);
  return out;
}

/**
 * Objects the walk from `include` (minus `exclude`) needs but the repository lacks, found
 * without fetching them: in a partial clone, asking `cat-file` for such an object would download
 * it from the promisor remote, one round trip per blob.
 */
export async function missingObjects(cwd: string, include: readonly string[], exclude: readonly string[], env?: NodeJS.ProcessEnv): Promise<Set<string>> {
  if (include.length === 0) return new Set();
  const input = [...include, ...exclude.map((r) => `^${r}`)].join('\n') + '\n';
  const out = await gitAsync(['rev-list', '--objects', '--no-object-names', '--missing=print', '--stdin'], { cwd, input, env });
  const missing = new Set<string>();
  for (const line of out.toString('latin1').split('\n')) if (line.startsWith('?')) missing.add(line.slice(1));
  return missing;
}

/** Whether `ancestor` is in the history of `commit` (`git merge-base --is-ancestor`; a commit is its own ancestor). */
export function isAncestor(cwd: string, ancestor: string, commit: string): Promise<boolean> {
  if (ancestor === commit) return Promise.resolve(true);
  const args = ['merge-base', '--is-ancestor', ancestor, commit];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e) => reject(new GitError(args, null, e.message)));
    child.on('close', (code) => (code === 0 ? resolve(true) : code === 1 ? resolve(false) : reject(new GitError(args, code, err))));
  });
}
