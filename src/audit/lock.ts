import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { alive, lockAgeMs, readLock } from '../model/state-dir.js';
import { AuditError } from './errors.js';

export interface LockOptions {
  /** How long to wait for another process's lock before giving up (default 30 s). */
  waitMs?: number;
  /** Called once, when the lock is found held by another live process (KEYWARD_DEBUG says so). */
  onWait?: (holder: string) => void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

/**
 * Runs `fn` holding `lockFile`, the way tickets.lock works (an O_EXCL file naming pid, host and a
 * nonce; a lock left by a dead process on this host, or an unreadable one older than 10 s, is
 * taken over), except that a live holder is waited for: appends are short, and two keyward
 * processes recording at once must both get their entries in. Synchronous, so that a hook that
 * exits right after recording has recorded.
 */
export function withLock<T>(lockFile: string, fn: () => T, opts: LockOptions = {}): T {
  const me = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), nonce: randomBytes(8).toString('hex') });
  const deadline = Date.now() + (opts.waitMs ?? 30_000);
  let told = false;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    if (tryCreate(lockFile, me)) break;
    const holder = readLock(lockFile);
    if (holder ? holder.host === hostname() && !alive(holder.pid) : lockAgeMs(lockFile) > 10_000) {
      rmSync(lockFile, { force: true }); // left by a process that was killed
      continue;
    }
    if (Date.now() > deadline) {
      const who = holder ? `pid ${holder.pid} on ${holder.host}` : 'another process';
      throw new AuditError(`${lockFile} is held by ${who}; nothing was recorded (if no keyward process is running, delete that file)`);
    }
    if (!told) opts.onWait?.(holder ? `pid ${holder.pid} on ${holder.host}` : 'another process');
    told = true;
    sleep(delay);
  }
  try {
    return fn();
  } finally {
    try {
      if (readFileSync(lockFile, 'utf8') === me) rmSync(lockFile, { force: true });
    } catch {
      // already gone
    }
  }
}

function tryCreate(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AuditError(`cannot create ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}
