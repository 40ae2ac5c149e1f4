import { existsSync, readFileSync } from 'node:fs';
import { GitError, gitAsync, gitSync, gitText } from './run.js';

/**
 * Commits at the tips of every ref, HEAD and the HEADs of all worktrees (what `git log --all`
 * walks), deduplicated. Tags are peeled; refs to trees or blobs are left out (they are no
 * history: history/ref-sources.ts scans them). Empty for a repository without commits.
 */
export function allTips(cwd: string): string[] {
  return lines(gitSync(['rev-list', '--no-walk', '--all'], { cwd }));
}

/** The commit a revision names; a UsageError-worthy GitError when it names none. */
export function resolveCommit(cwd: string, rev: string): string {
  if (rev.startsWith('-')) throw new GitError(['rev-parse'], null, `"${rev}" is not a revision`);
  return gitText(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd });
}

/** Remote name → its remote-tracking refs (refs/remotes/<name>/...). */
export async function remoteTrackingRefs(cwd: string): Promise<Map<string, string[]>> {
  const [remotes, refs] = (await Promise.all([gitAsync(['remote'], { cwd }), gitAsync(['for-each-ref', '--format=%(refname)', 'refs/remotes/'], { cwd })])).map(lines) as [string[], string[]];
  const byRemote = new Map<string, string[]>();
  // Longest remote name first: "origin/eu" must not be taken for "origin".
  const names = [...remotes].sort((a, b) => b.length - a.length);
  for (const ref of refs) {
    const rest = ref.slice('refs/remotes/'.length);
    const name = names.find((n) => rest.startsWith(`${n}/`)) ?? rest.split('/')[0]!;
    const list = byRemote.get(name) ?? [];
    list.push(ref);
    byRemote.set(name, list);
  }
  return byRemote;
}

/** Boundary commits of a shallow clone (their parents are not in the repository), from its shallow file. */
export function shallowBoundary(shallowFile: string): string[] {
  if (!existsSync(shallowFile)) return [];
  return readFileSync(shallowFile, 'utf8').split('\n').filter(Boolean).sort();
}

/** True when blobs or trees may be absent on purpose (a `--filter` clone with a promisor remote). */
export function isPartialClone(cwd: string): boolean {
  const out = gitSync(['config', '--get-regexp', '^(remote\\..*\\.promisor|extensions\\.partialclone)$'], { cwd, okCodes: [1] });
  return out
    .toString('utf8')
    .split('\n')
    .some((l) => /^extensions\.partialclone \S/i.test(l) || /\.promisor true$/i.test(l));
}

function lines(out: Buffer): string[] {
  return out.toString('utf8').split('\n').filter(Boolean);
}
