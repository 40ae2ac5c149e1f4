import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, untrusted } from '../model/cache.js';

/** Bytes of a seal: an HMAC-SHA-256 (or a SHA-256 when no key can be kept). */
export const SEAL_BYTES = 32;
const KEY_FILE = 'history-cache.key';
const KEY_BYTES = 32;

let key: Buffer | null | undefined;

/**
 * The seal of a history cache's bytes. Keyed with a secret of the user's own (in keyward's cache
 * directory, created on first use, readable by the user alone): someone who can write a
 * repository's `.git` but not the user's home cannot make an edited cache pass as keyward's. A
 * machine where no such key can be kept gets a plain SHA-256, which catches damage and edits by
 * hand, not a forger who knows the format (docs/history.md).
 */
export function seal(parts: readonly Buffer[]): Buffer {
  const k = sealKey();
  const h = k ? createHmac('sha256', k) : createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The user's key, read once per process; undefined when there is none to trust. */
function sealKey(): Buffer | undefined {
  if (key === undefined) key = keyIn(cacheDir()) ?? null;
  return key ?? undefined;
}

/** The key in keyward's cache directory, when that directory is the user's and not writable by others (model/cache.ts). */
function keyIn(dir: string): Buffer | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (untrusted(lstatSync(dir), true)) return undefined;
  } catch {
    return undefined;
  }
  return readKey(join(dir, KEY_FILE));
}

function readKey(file: string, create = true): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return create ? createKey(file) : undefined;
  }
  try {
    const st = fstatSync(fd);
    // As ssh treats a private key: the user's own, a regular file, nobody else may read or write it.
    const uid = process.getuid?.();
    if (!st.isFile() || st.size !== KEY_BYTES || (st.mode & 0o077) !== 0 || (uid !== undefined && st.uid !== uid)) return undefined;
    const buf = Buffer.alloc(KEY_BYTES);
    return readSync(fd, buf, 0, KEY_BYTES, 0) === KEY_BYTES ? buf : undefined;
  } finally {
    closeSync(fd);
  }
}

function createKey(file: string): Buffer | undefined {
  try {
    const fresh = randomBytes(KEY_BYTES);
    const fd = openSync(file, 'wx', 0o600); // another process may create it at the same time: then read theirs
    try {
      writeSync(fd, fresh);
    } finally {
      closeSync(fd);
    }
    return fresh;
  } catch {
    try {
      return readKey(file, false);
    } catch {
      return undefined;
    }
  }
}
