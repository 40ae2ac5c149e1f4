import { closeSync, fsyncSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// keyward's own files inside a repository's shared .git directory (ticket state, the audit log)
// and the lock files that guard them: used by tickets and audit alike, so they sit at the bottom.

/** keyward's directory inside the shared .git directory (common to all worktrees). */
export function keywardDir(gitDir: string): string {
  return join(gitDir, 'keyward');
}

export function readLock(file: string): { pid: number; host: string } | undefined {
  try {
    return parseLock(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function parseLock(text: string): { pid: number; host: string } | undefined {
  try {
    const v = JSON.parse(text) as { pid?: unknown; host?: unknown };
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host } : undefined;
  } catch {
    return undefined;
  }
}

export function lockAgeMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes the rename itself durable; not every platform can open a directory. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
