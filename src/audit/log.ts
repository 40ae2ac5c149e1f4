import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir } from '../model/state-dir.js';
import { GENESIS, onceKey, parseEntry, seal, type AuditDraft, type AuditEntry } from './entry.js';
import { AuditError } from './errors.js';
import { withLock, type LockOptions } from './lock.js';
import type { AuditPaths } from './location.js';
import { migrateLegacy } from './migrate.js';

/** `<log>.head`: the last entry's number and hash, rewritten after every append. */
export interface Head {
  seq: number;
  hash: string;
}

/** A head file that exists but says nothing usable (itself a sign of tampering). */
export const UNREADABLE: Head = { seq: -1, hash: 'unreadable' };

/** What is known of the log's content: keys of once-only entries and owners, up to `offset`. */
interface Index {
  offset: number;
  keys: Set<string>;
  owners: Map<string, string>;
}

/** Per process and per file: a log is read once, then only what was appended since. */
const indexes = new Map<string, Index>();

export interface AppendOptions extends LockOptions {
  /** Old logs to move in first (the server's bypass log); the defaults are always looked for. */
  legacy?: string[];
  /** Who migrates, for the log-migrated entry. */
  actor?: () => string;
  /** One line per note (what was migrated). */
  note?: (line: string) => void;
}

/**
 * Appends entries to the hash chain, under the log's lock: each holds the hash of the one before,
 * its sequence number, and is itself hashed. Entries that are recorded once (a credential first
 * seen, an ignore expired) are dropped when the log already has them. A log that does not end
 * where its head file says (truncated, rewritten, a torn or foreign last line) is not written to:
 * appending would bury the evidence. Returns what was written.
 */
export function appendEntries(paths: AuditPaths, drafts: readonly AuditDraft[], opts: AppendOptions = {}): AuditEntry[] {
  mkdirSync(dirname(paths.file), { recursive: true, mode: 0o700 });
  return withLock(
    paths.lock,
    () => {
      const moved = migrateLegacy(paths, opts.legacy ?? [], opts.actor ?? (() => drafts[0]?.actor ?? 'unknown'));
      for (const m of moved.notes) opts.note?.(m);
      const all = [...moved.drafts, ...drafts];
      if (all.length === 0) return [];
      return writeLocked(paths, all);
    },
    opts,
  );
}

function writeLocked(paths: AuditPaths, drafts: AuditDraft[]): AuditEntry[] {
  const tail = checkedTail(paths);
  const needIndex = drafts.some((d) => onceKey(d) !== undefined || (d.fingerprint !== undefined && !d.owner));
  const index = needIndex ? refreshIndex(paths.file) : undefined;
  const now = new Date();
  const out: AuditEntry[] = [];
  let { seq, hash } = tail;
  for (const d of drafts) {
    const key = onceKey(d);
    if (key !== undefined && index?.keys.has(key)) continue;
    const owner = d.owner || (d.fingerprint !== undefined ? index?.owners.get(d.fingerprint) : undefined);
    const e = seal({ ...d, ...(owner ? { owner } : {}) }, seq + 1, hash, now);
    if (index) learn(index, e);
    out.push(e);
    seq = e.seq;
    hash = e.hash;
  }
  if (out.length === 0) return out;
  const text = out.map((e) => `${JSON.stringify(e)}\n`).join('');
  const fd = openLog(paths.file);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (index) index.offset += Buffer.byteLength(text);
  writeHead(paths.head, { seq, hash });
  return out;
}

function openLog(file: string): number {
  // Never through a symbolic link: a planted one would make keyward append to a file of its choosing.
  try {
    return openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AuditError(code === 'ELOOP' ? `${file} is a symbolic link: keyward does not write through it` : `cannot write ${file}: ${code ?? (e as Error).message}`);
  }
}

/** The last entry's (seq, hash), after checking the log against its head file. */
function checkedTail(paths: AuditPaths): Head {
  const head = readHead(paths.head);
  const last = lastLine(paths.file);
  const fix = `nothing was recorded: run keyward audit verify; to start a new log, move ${paths.file} and ${paths.head} aside (keep them as evidence)`;
  if (head === UNREADABLE) throw new AuditError(`${paths.head} is not a head record; ${fix}`);
  if (last === undefined) {
    if (head && head.seq > 0) throw new AuditError(`${paths.file} is missing or empty, but its head file records entry ${head.seq}; ${fix}`);
    return { seq: 0, hash: GENESIS };
  }
  const e = parseEntry(last);
  if (typeof e === 'string') throw new AuditError(`the last line of ${paths.file} is ${e}; ${fix}`);
  if (head && (e.seq < head.seq || (e.seq === head.seq && e.hash !== head.hash))) {
    throw new AuditError(`${paths.file} ends at entry ${e.seq}, but its head file records entry ${head.seq}${e.seq === head.seq ? ' with another hash' : ''}: it was truncated or rewritten; ${fix}`);
  }
  return { seq: e.seq, hash: e.hash };
}

export function readHead(file: string): Head | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const h = JSON.parse(text) as Partial<Head>;
    if (Number.isSafeInteger(h.seq) && typeof h.hash === 'string') return { seq: h.seq!, hash: h.hash };
  } catch {
    // fall through
  }
  return UNREADABLE;
}

function writeHead(file: string, head: Head): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(head)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

/** The last non-empty line of a file (read backwards in chunks), undefined for none. */
export function lastLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    let end = size;
    let tail = Buffer.alloc(0);
    // Skip the final newline(s), then read back to the one before the last line.
    for (let pos = size; pos > 0; ) {
      const n = Math.min(65_536, pos);
      pos -= n;
      const chunk = Buffer.alloc(n);
      readSync(fd, chunk, 0, n, pos);
      tail = Buffer.concat([chunk, tail]);
      while (end > pos && (tail[end - pos - 1] === 0x0a || tail[end - pos - 1] === 0x0d)) end--;
      const nl = tail.subarray(0, end - pos).lastIndexOf(0x0a);
      if (nl >= 0) return tail.subarray(nl + 1, end - pos).toString('utf8');
      if (pos === 0 && end > 0) return tail.subarray(0, end).toString('utf8');
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Reads what was appended since the last look; a file that shrank is read again from the start. */
function refreshIndex(file: string): Index {
  let index = indexes.get(file);
  const size = existsSync(file) ? statSync(file).size : 0;
  if (!index || size < index.offset) indexes.set(file, (index = { offset: 0, keys: new Set(), owners: new Map() }));
  if (size === index.offset) return index;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - index.offset);
    readSync(fd, buf, 0, buf.length, index.offset);
    const end = buf.lastIndexOf(0x0a) + 1;
    for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
      // Only first-seen and expiry entries matter here: skip the parse of every other line.
      if (!line.includes('"finding-first-seen"') && !line.includes('"ignore-expired"')) continue;
      const e = parseEntry(line);
      if (typeof e !== 'string') learn(index, e);
    }
    index.offset += end;
  } finally {
    closeSync(fd);
  }
  return index;
}

function learn(index: Index, e: AuditEntry): void {
  const key = onceKey(e);
  if (key !== undefined) index.keys.add(key);
  if (e.action === 'finding-first-seen' && e.fingerprint && e.owner && !index.owners.has(e.fingerprint)) index.owners.set(e.fingerprint, e.owner);
}
