import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { TicketState } from './types.js';
import { alive, fsyncDir, keywardDir, lockAgeMs, parseLock, readLock } from '../model/state-dir.js';

export { alive, fsyncDir, keywardDir, lockAgeMs, readLock };

/** What keyward knows about its ticket for one secret in one tracker. */
export interface TicketRecord {
  /** Tracker id (issue number, iid, Jira key); absent while the ticket is only being opened. */
  id?: string;
  url?: string;
  state?: TicketState;
  /** Location keys the ticket and its comments list. */
  covered: string[];
  deadline?: string;
  openedAt?: string;
  updatedAt: string;
  /**
   * Set before a non-idempotent request and cleared after it: if the run dies in between, the next
   * run asks the tracker whether the request landed instead of repeating it.
   */
  pending?: { op: 'create' | 'comment'; locations: string[]; at: string };
}

interface StateFile {
  version: 1;
  /** Tracker target ("github:api.github.com/acme/app") → fingerprint → record. */
  targets: Record<string, Record<string, TicketRecord>>;
}

/**
 * `.git/keyward/tickets.json`, rewritten atomically (temp file, fsync, rename) after every change,
 * so a crash leaves either the old or the new state, never a torn file. One run at a time holds
 * `tickets.lock`; a lock left by a killed run is taken over.
 */
export class TicketStore {
  private data: StateFile;
  private readonly file: string;
  private readonly lockFile: string;
  /** What this run wrote into tickets.lock; undefined while it holds no lock. */
  private lockText?: string;
  /** Set when an unreadable state file was moved aside (the tracker's markers still prevent duplicates). */
  readonly recovered?: string;

  private constructor(readonly dir: string, private readonly readOnly: boolean) {
    this.file = join(dir, 'tickets.json');
    this.lockFile = join(dir, 'tickets.lock');
    const { data, recovered } = readState(this.file, readOnly);
    this.data = data;
    this.recovered = recovered;
  }

  /** Opens the store for a run that writes: takes the lock. */
  static open(gitDir: string): TicketStore {
    const dir = keywardDir(gitDir);
    mkdirSync(dir, { recursive: true });
    const store = new TicketStore(dir, false);
    store.lock();
    return store;
  }

  /** Reads the store without locking or writing (dry runs). */
  static peek(gitDir: string): TicketStore {
    return new TicketStore(keywardDir(gitDir), true);
  }

  get(target: string, fingerprint: string): TicketRecord | undefined {
    const r = this.data.targets[target]?.[fingerprint];
    return r ? structuredClone(r) : undefined;
  }

  /** Every tracker target this repository has ticket state for. */
  targets(): string[] {
    return Object.keys(this.data.targets);
  }

  all(target: string): Record<string, TicketRecord> {
    return structuredClone(this.data.targets[target] ?? {});
  }

  /**
   * Throws TicketsLockError when this run no longer holds tickets.lock (someone deleted it and
   * another run took it): from then on this run must neither write state nor call the tracker.
   */
  assertLocked(): void {
    if (this.readOnly || this.lockText === undefined) return;
    let now: string | undefined;
    try {
      now = readFileSync(this.lockFile, 'utf8');
    } catch {
      now = undefined;
    }
    if (now === this.lockText) return;
    const holder = now === undefined ? undefined : parseLock(now);
    this.lockText = undefined; // not ours any more: close() must leave it alone
    const by = holder ? ` and taken by another run (pid ${holder.pid} on ${holder.host})` : now === undefined ? '' : ' and taken by another run';
    throw new TicketsLockError(
      'lost',
      `this run lost ${this.lockFile} (it was removed${by}); it stopped and recorded nothing more: run keyward tickets again once no other run is active`,
    );
  }

  set(target: string, fingerprint: string, rec: TicketRecord): void {
    if (this.readOnly) throw new Error('ticket state opened read-only');
    this.assertLocked();
    (this.data.targets[target] ??= {})[fingerprint] = structuredClone(rec);
    this.write();
  }

  delete(target: string, fingerprint: string): void {
    if (this.readOnly) throw new Error('ticket state opened read-only');
    this.assertLocked();
    delete this.data.targets[target]?.[fingerprint];
    this.write();
  }

  /** Releases the lock if this run still holds it (never another run's). */
  close(): void {
    if (this.lockText === undefined) return;
    try {
      if (readFileSync(this.lockFile, 'utf8') === this.lockText) rmSync(this.lockFile, { force: true });
    } catch {
      // already gone
    }
    this.lockText = undefined;
  }

  private write(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(this.data, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    fsyncDir(this.dir);
  }

  private lock(): void {
    // The nonce tells this run's lock from a later one of the same pid (a reused pid, a container).
    const me = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), nonce: randomBytes(8).toString('hex') });
    for (let tries = 0; tries < 3; tries++) {
      try {
        const fd = openSync(this.lockFile, 'wx', 0o600);
        writeSync(fd, me);
        closeSync(fd);
        this.lockText = me;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readLock(this.lockFile);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        rmSync(this.lockFile, { force: true }); // left by a run that was killed
        continue;
      }
      if (!holder && lockAgeMs(this.lockFile) > 10_000) {
        rmSync(this.lockFile, { force: true }); // unreadable and old: a run killed while writing it
        continue;
      }
      const who = holder ? `another keyward tickets run (pid ${holder.pid} on ${holder.host}) is in progress` : 'another keyward tickets run is starting';
      throw new TicketsLockError('busy', `${who}: ${this.lockFile} is locked; nothing was done: run again when it has finished (if no run is active, delete that file)`);
    }
    throw new TicketsLockError('busy', `could not lock ${this.lockFile}: other runs kept taking it; run again`);
  }
}

function readState(file: string, readOnly: boolean): { data: StateFile; recovered?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { data: { version: 1, targets: {} } };
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile>;
    if (parsed.version !== 1 || typeof parsed.targets !== 'object' || parsed.targets === null) throw new Error('unknown format');
    return { data: parsed as StateFile };
  } catch {
    if (readOnly) return { data: { version: 1, targets: {} }, recovered: file };
    const aside = `${file}.corrupt-${Date.now()}`;
    renameSync(file, aside);
    return { data: { version: 1, targets: {} }, recovered: aside };
  }
}

/**
 * tickets.lock is held by another run ("busy": nothing was done) or was lost during this run
 * ("lost": it stopped). Its own exit code (TICKETS_EXIT.LOCKED): run again when the other run ends.
 */
export class TicketsLockError extends Error {
  constructor(
    readonly reason: 'busy' | 'lost',
    message: string,
  ) {
    super(message);
    this.name = 'TicketsLockError';
  }
}

