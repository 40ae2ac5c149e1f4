import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { StoredObject } from '../model/stored-object.js';
import { parseBatch } from './batch-parse.js';
import { gitEnv } from './run.js';
import { StallWatch } from './stall-watch.js';

const MAX_RESTARTS = 64;
/** A whole object id (SHA-1 or SHA-256): git must answer with that very id. */
const FULL_OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
/** Over this, an object's content is handed out as a chunk stream (bounded memory). */
const INLINE_LIMIT = 16 * 1024 * 1024;

/** A blob git began to give but could not finish (its output was cut short): that blob is lost, not the scan. */
export class BlobReadError extends Error {}

export interface GitObjectReaderOptions {
  /** Objects over this many bytes come as chunk streams (default 16 MiB). */
  inlineLimit?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * true: `--buffer`, git flushes only when its buffer fills or its input ends; for a reader
   * given its names and then end() (all()). Default false: git writes each answer at once, as
   * a reader that stays open between requests (read(), the engine's threads) needs.
   */
  buffered?: boolean;
}

/**
 * git's one object reader: objects by name through one `git cat-file --batch` process, answered
 * in request order. Three ways in: request() + answers(), where requests can be added while
 * answers are read (the blobs of a history walk); read(name), one object at a time; all(names),
 * every name given up front. If git dies on an object (a corrupt pack, a partial clone refusing
 * to fetch), that object is answered missing with the reason and a new process carries on with
 * the rest: a damaged store costs the objects it lost, not the scan. Objects over the inline
 * limit come as chunk streams; what a consumer leaves unread is skipped.
 */
export class GitObjectReader {
  private child!: ChildProcessWithoutNullStreams;
  private objects!: AsyncGenerator<StoredObject>;
  private stderr = '';
  private readonly pending: string[] = [];
  private outbox: string[] = [];
  private head = 0;
  private ended = false;
  private restarts = 0;
  /** Too many failures: the remaining objects are answered missing without asking git. */
  private dead = false;
  private wake: (() => void) | undefined;
  /**
   * The last answer was streamed (chunks): git is past it only once parseBatch has skipped what
   * the consumer left, so a failure now belongs to that answer, not to the next request.
   */
  private afterStream = false;
  /** The stream of the last answer failed: git must be restarted before the next answer. */
  private broken = false;
  /** git's stdin was closed after a stall: it answers what it was sent, then a new git takes the rest. */
  private draining = false;
  /** A stall (stall-watch.ts): git's stdin is closed so it finishes what it was asked and exits. */
  private readonly watch = new StallWatch(
    () => {
      this.draining = true;
      this.child.stdin.end();
    },
    () => !this.draining && !this.ended && !this.dead,
  );
  /** read(name): the answers it takes one by one, and the reads waiting their turn. */
  private single: AsyncGenerator<StoredObject> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cwd: string,
    private readonly options: GitObjectReaderOptions = {},
  ) {
    this.start();
  }

  /**
   * The objects `names` name, in order, from one git given every name at once (--buffer: no
   * flush per object, the commit messages of a whole history). A damaged object is answered
   * missing with the reason and the rest still come.
   */
  static all(cwd: string, names: readonly string[], options: Omit<GitObjectReaderOptions, 'buffered'> = {}): AsyncGenerator<StoredObject> {
    if (names.some((n) => n.includes('\n'))) throw new Error('object names cannot contain newlines');
    if (names.length === 0) return (async function* () {})();
    const reader = new GitObjectReader(cwd, { ...options, buffered: true });
    for (const name of names) reader.request(name);
    reader.end();
    // answers() itself, not a generator around it: one layer less per object (200k commit messages).
    return reader.answers();
  }

  /**
   * One object (`name` may be any revision git resolves, e.g. ":path" for the index), read on its
   * own: do not mix with request() on one reader. Reads are answered in call order; a streamed
   * answer is consumed before the next read, or its rest is skipped.
   */
  read(name: string): Promise<StoredObject> {
    const next = this.queue.then(async () => {
      this.request(name);
      const r = await (this.single ??= this.answers()).next();
      if (r.done) throw new Error('the object reader was closed');
      return r.value;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Asks for one object; its answer comes out of answers() after those asked before it. */
  request(oid: string): void {
    if (oid.includes('\n')) throw new Error('object names cannot contain newlines');
    this.pending.push(oid);
    this.outbox.push(oid);
    // One pipe write per burst of requests (a walk batch), not one per object.
    if (this.outbox.length === 1) queueMicrotask(() => this.send());
    this.poke();
  }

  /** No more requests: git flushes its buffer and answers() ends after the last answer. */
  end(): void {
    this.send();
    this.ended = true;
    this.child.stdin.end();
    this.poke();
  }

  private send(): void {
    if (this.outbox.length === 0) return;
    if (!this.dead && !this.ended && !this.draining) this.child.stdin.write(`${this.outbox.join('\n')}\n`);
    this.outbox = [];
  }

  /**
   * Answers in request order; the reader closes when they end or the consumer stops. A chunked
   * (large) object is consumed before the next answer, or its rest is skipped.
   */
  async *answers(): AsyncGenerator<StoredObject> {
    try {
      for (;;) {
        if (this.head === this.pending.length) {
          if (this.ended) break;
          await new Promise<void>((r) => (this.wake = r));
          continue;
        }
        if (this.dead) {
          yield { oid: this.take(), missing: true, error: 'git cat-file failed too often; not retried' };
          continue;
        }
        if (this.broken) {
          this.broken = false;
          this.restart();
          continue;
        }
        let next: IteratorResult<StoredObject> | undefined;
        let failure: string | undefined;
        try {
          // Input ended: git answers what it was sent and exits, it cannot stall (no watchdog).
          next = await (this.ended ? this.objects.next() : this.watch.waitFor(this.objects.next()));
        } catch (e) {
          next = undefined; // truncated output (git died mid-object), or output out of step
          failure = (e as Error).message;
        }
        const streamed = this.afterStream;
        this.afterStream = false;
        if (next && !next.done && answersName(this.pending[this.head]!, next.value)) {
          this.take();
          const obj = next.value;
          if (obj.missing || !obj.chunks) yield obj;
          else {
            this.afterStream = true;
            yield { ...obj, chunks: this.guard(obj.chunks) };
          }
          continue;
        }
        const lost = this.recover(next, streamed, failure);
        if (lost) yield lost;
      }
    } finally {
      this.close();
    }
  }

  /** git did not give the awaited answer: a new git for the rest, and the lost object's answer if one is lost. */
  private recover(next: IteratorResult<StoredObject> | undefined, streamed: boolean, failure: string | undefined): StoredObject | undefined {
    if (next === undefined && streamed) {
      // Failed while skipping the rest of the streamed answer its consumer did not need.
      this.restart();
      return undefined;
    }
    if (next?.done && this.draining) {
      // The git closed after a stall answered all it was sent: a new one takes the rest.
      this.respawn();
      return undefined;
    }
    // git stopped before answering everything, or answered for another object (its output
    // cannot be trusted from here): the object it stopped at is lost.
    const oid = this.take();
    const error = next && !next.done ? `git answered for another object (${next.value.oid})` : this.reason(failure);
    this.restart();
    return { oid, missing: true, error };
  }

  close(): void {
    this.watch.stop();
    this.child.stdin.end();
    this.child.kill();
  }

  /** A streamed answer's chunks: a failure part-way is a BlobReadError, and git is restarted. */
  private async *guard(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const pieces = chunks[Symbol.asyncIterator]();
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await this.watch.waitFor(pieces.next());
      } catch {
        this.afterStream = false;
        this.broken = true;
        throw new BlobReadError(`its content was cut short (${this.reason()})`);
      }
      if (r.done) return;
      yield r.value;
    }
  }

  private take(): string {
    const oid = this.pending[this.head++]!;
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return oid;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private reason(failure?: string): string {
    const lines = this.stderr.trim().split('\n').filter(Boolean);
    return lines[lines.length - 1] ?? failure ?? 'git cat-file stopped';
  }

  private start(): void {
    this.stderr = '';
    const { buffered, env, inlineLimit = INLINE_LIMIT } = this.options;
    this.child = spawn('git', ['cat-file', '--batch', ...(buffered ? ['--buffer'] : [])], { cwd: this.cwd, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString('utf8')).slice(-4096)));
    this.child.stdin.on('error', () => undefined); // a dead git shows on the read side
    this.child.on('error', (e) => (this.stderr += `\n${e.message}`)); // git could not start: its objects are answered missing with why
    this.objects = parseBatch(this.watch.timed(this.child.stdout), inlineLimit);
    this.draining = false;
  }

  private restart(): void {
    if (++this.restarts > MAX_RESTARTS) {
      this.outbox = [];
      this.child.kill();
      this.dead = true; // something is badly wrong with the store
      return;
    }
    this.respawn();
  }

  /** A new git for the requests not answered yet. */
  private respawn(): void {
    this.outbox = []; // everything pending is sent again below
    this.child.kill();
    this.start();
    const rest = this.pending.slice(this.head);
    if (rest.length > 0) this.child.stdin.write(rest.map((o) => `${o}\n`).join(''));
    if (this.ended) this.child.stdin.end();
  }
}

/**
 * Whether git's answer is for `name`: a missing one echoes the name; a whole id comes back as
 * itself. A revision (":path", a ref) resolves to an id the name cannot be checked against.
 */
function answersName(name: string, obj: StoredObject): boolean {
  if (obj.oid === name) return true;
  return !obj.missing && (!FULL_OID.test(name) || obj.oid === name.toLowerCase());
}
