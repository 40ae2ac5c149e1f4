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
 * very blob that commit had there, the blob keyward found the secret in. One `git ls-tree` of HEAD
 * (keeping only the paths asked about), then one `git cat-file --batch-check` for the places whose
 * path HEAD still has. A place that is not a file of a commit (a message, a ref's target) is not
 * at HEAD, nor is a path git cannot take on one line (a newline in it).
 */
export async function placesAtHead(cwd: string, places: readonly TreePlace[]): Promise<boolean[]> {
  const head = await headBlobs(cwd, new Set(places.map((p) => p.file)));
  const asked: string[] = [];
  const index = places.map((p) => {
    if (!head.has(p.file) || !/^[0-9a-f]{40,64}$/.test(p.commit) || /[\n\r]/.test(p.file)) return -1;
    asked.push(`${p.commit}:${p.file}`);
    return asked.length - 1;
  });
  if (asked.length === 0) return places.map(() => false);
  const lines = (await gitAsync(['cat-file', '--batch-check=%(objectname)', '--buffer'], { cwd, input: `${asked.join('\n')}\n` })).toString('utf8').split('\n');
  return index.map((i, k) => i >= 0 && lines[i] === head.get(places[k]!.file));
}

/** Blob id at HEAD of each of `paths` that HEAD has (none for an unborn HEAD). */
async function headBlobs(cwd: string, paths: ReadonlySet<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let listing: Buffer;
  try {
    listing = await gitAsync(['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { cwd });
  } catch {
    return out; // no commit yet, or a damaged HEAD: nothing is at HEAD
  }
  for (let at = 0; at < listing.length; ) {
    const nul = listing.indexOf(0, at);
    const end = nul < 0 ? listing.length : nul;
    const rec = listing.toString('utf8', at, end);
    at = end + 1;
    const tab = rec.indexOf('\t');
    const path = rec.slice(tab + 1);
    if (tab < 0 || !paths.has(path)) continue;
    const oid = rec.slice(0, tab).split(' ')[2];
    if (oid) out.set(path, oid);
  }
  return out;
}
