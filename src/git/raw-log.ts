import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { gitEnv, GitError } from './run.js';

/** A commit as the history walk reports it. */
export interface LogCommit {
  oid: string;
  parents: string[];
  author: string;
  email: string;
  /** Author date, strict ISO 8601. */
  date: string;
}

/** A file that a commit's tree holds and none of its parents held at that path. */
export interface LogChange {
  /** Git file mode of the new entry: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  mode: string;
  blob: string;
  path: string;
}

export interface LogEntry {
  commit: LogCommit;
  changes: LogChange[];
}

const HEADER = '\x01';
// NUL-separated: author names and paths can hold any other byte.
const FORMAT = `--format=${'%x01%H %P%x00%an%x00%ae%x00%aI'}`;
const ZERO = /^0+$/;

/**
 * Arguments of the walk: every commit once, children before parents (--date-order), each with
 * the entries its tree adds relative to its parents. `-c` shows a merge's entries that differ
 * from every parent (an entry equal to one parent's was introduced in that parent's history);
 * --root lists a root commit's whole tree; no rename detection (a rename is a new path), no
 * content is read (blobs missing from a partial clone are not fetched).
 */
export const RAW_LOG_ARGS = [
  'log',
  '--stdin',
  '--date-order',
  '-c',
  '--raw',
  '-z',
  '--no-renames',
  '--root',
  '--no-abbrev',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-show-signature',
  '--no-mailmap',
  FORMAT,
];

export interface RawLogWalk {
  /** Commits in walk order, in batches. */
  entries: AsyncGenerator<LogEntry[]>;
  /** Resolves when git exits; rejects with its message if it failed. */
  done: Promise<void>;
  kill(): void;
}

/**
 * Walks the commits reachable from `include` and not from `exclude` (oids or revisions), as a
 * stream: memory stays bounded by one commit's changes.
 */
export function rawLog(cwd: string, include: string[], exclude: string[], env?: NodeJS.ProcessEnv): RawLogWalk {
  const child = spawn('git', RAW_LOG_ARGS, { cwd, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-4096)));
  child.stdin.on('error', () => undefined); // reported through the exit code
  child.stdin.end([...include, ...exclude.map((r) => `^${r}`)].map((r) => `${r}\n`).join(''));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new GitError(RAW_LOG_ARGS, null, e.message)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new GitError(RAW_LOG_ARGS, code, stderr))));
  });
  done.catch(() => undefined); // the caller awaits it after draining the entries
  return { entries: parseRawLog(child.stdout), done, kill: () => child.kill() };
}

/** Parses `git log -z --raw` output in RAW_LOG_ARGS's format, a chunk's worth of commits at a time. */
export async function* parseRawLog(stream: Readable): AsyncGenerator<LogEntry[]> {
  const parser = new RawLogParser();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const done = parser.push(chunk);
    if (done.length > 0) yield done;
  }
  const last = parser.end();
  if (last.length > 0) yield last;
}

/** Synchronous parser: async iteration per field would cost more than git's own work. */
export class RawLogParser {
  private rest: Buffer | undefined;
  private current: LogEntry | undefined;
  /** Header fields still being read: [oid + parents, author, email, date]. */
  private header: string[] = [];
  private pendingMeta: string | undefined;
  private out: LogEntry[] = [];

  push(chunk: Buffer): LogEntry[] {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nul = buf.indexOf(0, start); nul !== -1; nul = buf.indexOf(0, start)) {
      this.token(buf.toString('utf8', start, nul));
      start = nul + 1;
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
    return this.take();
  }

  end(): LogEntry[] {
    const tail = this.rest?.toString('utf8') ?? '';
    this.rest = undefined;
    if (tail.trim() !== '') this.token(tail);
    if (this.header.length > 0 || this.pendingMeta !== undefined) throw new Error('truncated git log output');
    if (this.current) this.out.push(this.current);
    this.current = undefined;
    return this.take();
  }

  private take(): LogEntry[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private token(token: string): void {
    if (this.header.length > 0) {
      this.header.push(token);
      if (this.header.length === 4) {
        const [ids, author, email, date] = this.header as [string, string, string, string];
        const [oid, ...parents] = ids.split(' ').filter(Boolean);
        this.current = { commit: { oid: oid!, parents, author, email, date }, changes: [] };
        this.header = [];
      }
      return;
    }
    if (this.pendingMeta !== undefined) {
      const change = parseMeta(this.pendingMeta, token);
      this.pendingMeta = undefined;
      if (change && this.current) this.current.changes.push(change);
      return;
    }
    // Between records git puts a newline (and an empty field before a merge's entries).
    const t = token.startsWith('\n') ? token.slice(1) : token;
    if (t.startsWith(HEADER)) {
      if (this.current) this.out.push(this.current);
      this.current = undefined;
      this.header = [t.slice(1)];
    } else if (t.startsWith(':')) {
      this.pendingMeta = t;
    } else if (t.trim() !== '') {
      throw new Error(`unexpected git log output: ${JSON.stringify(t.slice(0, 80))}`);
    }
  }
}

/**
 * ":100644 100644 <old> <new> M" or, for a merge with n parents, n colons, n+1 modes, n+1 oids
 * and n status letters: the last mode and oid are the merge result's. Deletions are dropped.
 */
function parseMeta(meta: string, path: string): LogChange | undefined {
  let n = 0;
  while (meta[n] === ':') n++;
  const fields = meta.slice(n).split(' ');
  const mode = fields[n];
  const blob = fields[2 * n + 1];
  if (mode === undefined || blob === undefined || ZERO.test(blob)) return undefined;
  return { mode, blob, path };
}
