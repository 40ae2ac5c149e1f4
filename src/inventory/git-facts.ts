import { gitAsync } from '../git/run.js';

export interface CommitInfo {
  /** ISO 8601 author date. */
  date: string;
  author: string;
  email: string;
}

/**
 * Author and date of each commit, in one `git log --no-walk --stdin`; commits the repository does
 * not have (a report from another clone) are left out.
 */
export async function commitInfo(cwd: string, commits: Iterable<string>): Promise<Map<string, CommitInfo>> {
  const ids = [...new Set([...commits].filter((c) => /^[0-9a-f]{40,64}$/.test(c)))];
  const out = new Map<string, CommitInfo>();
  if (ids.length === 0) return out;
  const text = (await gitAsync(['log', '--no-walk=unsorted', '--ignore-missing', '--stdin', '--format=%H%x00%aI%x00%an%x00%ae'], { cwd, input: `${ids.join('\n')}\n` })).toString('utf8');
  for (const line of text.split('\n')) {
    const [id, date, author, email] = line.split('\0');
    if (id && date) out.set(id, { date: new Date(date).toISOString(), author: author ?? '', email: email ?? '' });
  }
  return out;
}

/** A file path as it sits in a commit's tree. */
export interface TreePlace {
  commit: string;
  file: string;
}

/**
 * Which places still hold the same blob at HEAD: (commit, path) is "at HEAD" when HEAD:path is the
 * very blob that commit had there, the blob keyward found the secret in. One `git cat-file
 * --batch-check` answers every place; a path git cannot take on one line (a newline in it), or
 * a place that is not a file of a commit (a message, a ref's target), is not at HEAD.
 */
export async function placesAtHead(cwd: string, places: readonly TreePlace[]): Promise<boolean[]> {
  const asked: string[] = [];
  const index: Array<[number, number] | undefined> = places.map((p) => {
    if (!/^[0-9a-f]{40,64}$/.test(p.commit) || /[\n\r]/.test(p.file) || p.file.startsWith('<')) return undefined;
    asked.push(`${p.commit}:${p.file}`, `HEAD:${p.file}`);
    return [asked.length - 2, asked.length - 1];
  });
  if (asked.length === 0) return places.map(() => false);
  const lines = (await gitAsync(['cat-file', '--batch-check=%(objectname)'], { cwd, input: `${asked.join('\n')}\n` })).toString('utf8').split('\n');
  const oid = (i: number): string | undefined => (/^[0-9a-f]{40,64}$/.test(lines[i] ?? '') ? lines[i] : undefined);
  return index.map((pair) => {
    if (!pair) return false;
    const then = oid(pair[0]);
    return then !== undefined && then === oid(pair[1]);
  });
}
