/**
 * keyward's cache directory, read and written as ssh treats its keys: a cached verified rule
 * pack or Hyperscan database decides which rules run, so one planted by another user (or edited
 * on disk) could make a scan silently clean. A file is used only from a directory owned by this
 * user and not writable by others, when it is itself such a file, and when the SHA-256 it
 * carries matches its content. Anything else is rebuilt, with one line on stderr. Each kind of
 * file keeps only its most recently used entries (prune), so rule-set changes do not fill the disk.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, futimesSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Ends every cache file: this marker, then the SHA-256 of the file's name and what comes before
 * the marker (the name too: a valid file copied over another key's fails).
 */
const MAGIC = Buffer.from('\nkeyward-cache-sha256:');
const TRAILER = MAGIC.length + 32;

/** $KEYWARD_CACHE_DIR, else $XDG_CACHE_HOME/keyward, else ~/.cache/keyward. */
export function cacheDir(): string {
  return process.env.KEYWARD_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'keyward');
}

function digest(name: string, body: Uint8Array): Buffer {
  return createHash('sha256').update(name).update('\0').update(body).digest();
}

const warned = new Set<string>();

/** One line per distinct problem per process: a cache that cannot be used only costs speed. */
function warn(what: string): void {
  if (warned.has(what)) return;
  warned.add(what);
  process.stderr.write(`keyward: ${what}\n`);
}

/** Why `st` (of `path`) may not be trusted, or undefined: owned by this user, not group/world-writable. */
export function untrusted(st: Stats, dir: boolean): string | undefined {
  if (dir ? !st.isDirectory() : !st.isFile()) return dir ? 'not a directory' : 'not a regular file';
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `owned by uid ${st.uid}, not ${uid}`;
  if ((st.mode & 0o022) !== 0) return `writable by ${st.mode & 0o002 ? 'others' : 'its group'} (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/** The cache directory, created (0700) when missing; undefined when it cannot be trusted. */
function trustedDir(): string | undefined {
  const dir = cacheDir();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const why = untrusted(lstatSync(dir), true); // lstat: a symlink is not the directory it names
    if (why) {
      warn(`cache directory ${dir} is ${why}: not used (rules are verified and compiled each run)`);
      return undefined;
    }
    return dir;
  } catch {
    return undefined; // no cache directory (read-only home): caching is an optimisation
  }
}

/** The content of cache file `name`, or undefined when absent or when it fails a check (warned). */
export function readCacheFile(name: string): Buffer | undefined {
  const dir = trustedDir();
  if (!dir) return undefined;
  const file = join(dir, name);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cache file ${file} cannot be opened (${(e as NodeJS.ErrnoException).code}): rebuilt`);
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    const why = untrusted(st, false);
    if (why) return void warn(`cache file ${file} is ${why}: rebuilt`);
    const data = readFileSync(fd);
    const body = data.subarray(0, Math.max(0, data.length - TRAILER));
    const ok =
      data.length >= TRAILER &&
      data.subarray(body.length, body.length + MAGIC.length).equals(MAGIC) &&
      digest(name, body).equals(data.subarray(body.length + MAGIC.length));
    if (!ok) return void warn(`cache file ${file} does not match its checksum: rebuilt`);
    touch(fd, st.mtimeMs);
    return body;
  } catch (e) {
    warn(`cache file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): rebuilt`);
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes cache file `name` atomically (a new 0600 file, then rename) with its checksum; false
 * when it cannot (an untrusted, read-only or missing cache directory only costs speed).
 */
export function writeCacheFile(name: string, data: string | Uint8Array): boolean {
  const dir = trustedDir();
  if (!dir) return false;
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const file = join(dir, name);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([body, MAGIC, digest(name, body)]), { flag: 'wx', mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    return false;
  }
  prune(dir, name);
  return true;
}

/** A cache file's name: its kind, the hash of what it holds, the extension. */
const CACHE_NAME = /^([a-z]+)-([0-9a-f]{32})\.(?:json|hsdb)$/;
/**
 * Entries (files of one hash) kept per kind, most recently used first: every change of a rule set
 * (an upgrade, an edited keyward.toml) writes new ones, and a prefilter database is megabytes.
 * Packs: one per distinct set of packs (built-in, each repository's own); prefilter: two parts
 * per rule set.
 */
const KEEP: Readonly<Record<string, number>> = { packs: 32, prefilter: 8, keywords: 8 };

/** How stale a file's mark of use may get before a read renews it: a hook's read then writes nothing. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/** Marks a cache file used (its mtime, when older than TOUCH_AFTER_MS), so that prune() keeps the files in use. */
function touch(fd: number, mtimeMs: number): void {
  if (Date.now() - mtimeMs < TOUCH_AFTER_MS) return;
  try {
    const now = new Date();
    futimesSync(fd, now, now);
  } catch {
    // a read-only cache still serves: only pruning order is lost
  }
}

/**
 * Deletes the entries of `name`'s kind beyond the KEEP most recently used, never `name`'s own:
 * the cache stays bounded however often rule sets change. Another process's file deleted while it
 * reads it is still read whole (an open file outlives its name); one deleted before is rebuilt.
 */
function prune(dir: string, name: string): void {
  const own = CACHE_NAME.exec(name);
  if (!own) return;
  const [, kind, hash] = own;
  const used = new Map<string, number>(); // hash -> newest mtime of its files
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of names) {
    const m = CACHE_NAME.exec(f);
    if (!m || m[1] !== kind || m[2] === hash) continue;
    try {
      used.set(m[2]!, Math.max(used.get(m[2]!) ?? 0, lstatSync(join(dir, f)).mtimeMs));
    } catch {
      // gone meanwhile
    }
  }
  const stale = [...used].sort((a, b) => b[1] - a[1]).slice((KEEP[kind!] ?? 8) - 1);
  for (const [h] of stale) {
    for (const f of names) {
      if (f.startsWith(`${kind}-${h}.`)) {
        try {
          unlinkSync(join(dir, f));
        } catch {
          // another process pruned it first
        }
      }
    }
  }
}
