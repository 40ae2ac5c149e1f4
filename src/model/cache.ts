/**
 * keyward's cache directory, read and written as ssh treats its keys: a cached verified rule
 * pack or Hyperscan database decides which rules run, so one planted by another user (or edited
 * on disk) could make a scan silently clean. A file is used only from a directory owned by this
 * user and not writable by others, when it is itself such a file, and when the SHA-256 it
 * carries matches its content. Anything else is rebuilt, with one line on stderr.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
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
    const why = untrusted(fstatSync(fd), false);
    if (why) return void warn(`cache file ${file} is ${why}: rebuilt`);
    const data = readFileSync(fd);
    const body = data.subarray(0, Math.max(0, data.length - TRAILER));
    const ok =
      data.length >= TRAILER &&
      data.subarray(body.length, body.length + MAGIC.length).equals(MAGIC) &&
      digest(name, body).equals(data.subarray(body.length + MAGIC.length));
    if (!ok) return void warn(`cache file ${file} does not match its checksum: rebuilt`);
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
    return true;
  } catch {
    return false;
  }
}
