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
  /** The entry whose path comes next (undefined: none, null: dropped, a deletion). */
  private pending: LogChange | null | undefined;
  private out: LogEntry[] = [];

  push(chunk: Buffer): LogEntry[] {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nul = buf.indexOf(0, start); nul !== -1; nul = buf.indexOf(0, start)) {
      this.token(buf, start, nul);
      start = nul + 1;
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
    return this.take();
  }

  end(): LogEntry[] {
    const tail = this.rest;
    this.rest = undefined;
    if (tail && tail.toString('latin1').trim() !== '') this.token(tail, 0, tail.length);
    if (this.header.length > 0 || this.pending !== undefined) throw new Error('truncated git log output');
    if (this.current) this.out.push(this.current);
    this.current = undefined;
    return this.take();
  }

  private take(): LogEntry[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** The field buf[start, end). Entries are parsed from the bytes: only their path and new id become strings. */
  private token(buf: Buffer, start: number, end: number): void {
    if (this.header.length > 0) {
      this.header.push(buf.toString('utf8', start, end));
      if (this.header.length === 4) {
        const [ids, author, email, date] = this.header as [string, string, string, string];
        const [oid, ...parents] = ids.split(' ').filter(Boolean);
        this.current = { commit: { oid: oid!, parents, author, email, date }, changes: [] };
        this.header = [];
      }
      return;
    }
    if (this.pending !== undefined) {
      const change = this.pending;
      this.pending = undefined;
      if (change && this.current) {
        change.path = buf.toString('utf8', start, end);
        this.current.changes.push(change);
      }
      return;
    }
    // Between records git puts a newline (and an empty field before a merge's entries).
    const at = buf[start] === NEWLINE ? start + 1 : start;
    if (buf[at] === HEADER_BYTE) {
      if (this.current) this.out.push(this.current);
      this.current = undefined;
      this.header = [buf.toString('utf8', at + 1, end)];
    } else if (buf[at] === COLON) {
      this.pending = parseMeta(buf, at, end);
    } else if (buf.toString('latin1', at, end).trim() !== '') {
      throw new Error(`unexpected git log output: ${JSON.stringify(buf.toString('utf8', at, Math.min(end, at + 80)))}`);
    }
  }
}

const NEWLINE = 0x0a;
const HEADER_BYTE = HEADER.charCodeAt(0);
const COLON = 0x3a;
const SPACE = 0x20;
const ZERO_DIGIT = 0x30;

/**
 * ":100644 100644 <old> <new> M" in buf[start, end) or, for a merge with n parents, n colons,
 * n+1 modes, n+1 ids and n status letters: the last mode and id are the merge result's. The
 * entry without its path (the next field), or null for a deletion.
 */
function parseMeta(buf: Buffer, start: number, end: number): LogChange | null {
  let n = 0;
  while (start + n < end && buf[start + n] === COLON) n++;
  // Field k (0-based) of the space-separated list after the colons: the new mode is field n,
  // the new id field 2n + 1.
  let from = start + n;
  let mode: string | undefined;
  for (let field = 0; from < end; field++) {
    let to = buf.indexOf(SPACE, from);
    if (to === -1 || to > end) to = end;
    if (field === n) mode = modeString(buf, from, to);
    else if (field === 2 * n + 1) {
      if (mode === undefined) break;
      let zero = true;
      for (let i = from; i < to && zero; i++) zero = buf[i] === ZERO_DIGIT;
      if (zero || to === from) return null;
      return { mode, blob: buf.toString('latin1', from, to), path: '' };
    }
    from = to + 1;
  }
  throw new Error(`unexpected git log entry: ${JSON.stringify(buf.toString('utf8', start, Math.min(end, start + 120)))}`);
}

const MODES = ['100644', '100755', '120000', '160000', '040000'];
const MODE_BYTES = MODES.map((m) => Buffer.from(m, 'latin1'));

/** The mode as one of the common constant strings (no new string per entry), else a new one. */
function modeString(buf: Buffer, from: number, to: number): string {
  if (to - from === 6) {
    for (let i = 0; i < MODES.length; i++) if (buf.compare(MODE_BYTES[i]!, 0, 6, from, to) === 0) return MODES[i]!;
  }
  return buf.toString('latin1', from, to);
}
