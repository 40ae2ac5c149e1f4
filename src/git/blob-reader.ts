import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { parseBatch, type BatchObject } from './cat-file.js';
import { gitEnv } from './run.js';

/** An answer of the reader: a found object, or one git could not give (with git's reason). */
export type ReadObject = BatchObject | { oid: string; missing: true; error: string };

const MAX_RESTARTS = 64;

/**
 * Reads objects by id through one `git cat-file --batch --buffer` process, answering in request
 * order. Requests can be added while answers are read (the list of blobs arrives from a history
 * walk). If git dies on an object (a corrupt pack, a partial clone refusing to fetch), that
 * object is reported missing and a new process carries on with the rest: a damaged store costs
 * the objects it lost, not the scan.
 */
export class BlobReader {
  private child!: ChildProcessWithoutNullStreams;
  private objects!: AsyncGenerator<BatchObject>;
  private stderr = '';
  private readonly pending: string[] = [];
  private outbox: string[] = [];
  private head = 0;
  private ended = false;
  private restarts = 0;
  /** Too many failures: the remaining objects are answered missing without asking git. */
  private dead = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly cwd: string,
    private readonly inlineLimit: number,
    private readonly env?: NodeJS.ProcessEnv,
    /**
     * false: git writes each answer at once. A reader that stays open between batches needs
     * this; with --buffer, git holds the last answers until stdin closes.
     */
    private readonly buffered = true,
  ) {
    this.start();
  }

  /** Asks for one object; its answer comes out of read() after those asked before it. */
  request(oid: string): void {
    this.pending.push(oid);
    this.outbox.push(oid);
    // One pipe write per burst of requests (a walk batch), not one per object.
    if (this.outbox.length === 1) queueMicrotask(() => this.send());
    this.poke();
  }

  /** No more requests: git flushes its buffer and read() ends after the last answer. */
  end(): void {
    this.send();
    this.ended = true;
    this.child.stdin.end();
    this.poke();
  }

  private send(): void {
    if (this.outbox.length === 0) return;
    if (!this.dead && !this.ended) this.child.stdin.write(`${this.outbox.join('\n')}\n`);
    this.outbox = [];
  }

  /** Answers in request order. A chunked (large) object must be consumed before the next. */
  async *read(): AsyncGenerator<ReadObject> {
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
      let next: IteratorResult<BatchObject> | undefined;
      try {
        next = await this.objects.next();
      } catch {
        next = undefined; // truncated output: git died mid-object
      }
      if (next && !next.done) {
        const want = this.take();
        if (next.value.oid !== want) throw new Error(`cat-file answered ${next.value.oid} for ${want}`);
        yield next.value;
        continue;
      }
      // git stopped before answering everything: the object it stopped at is lost.
      const oid = this.take();
      yield { oid, missing: true, error: this.reason() };
      this.restart();
    }
    this.close();
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
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

  private reason(): string {
    const lines = this.stderr.trim().split('\n').filter(Boolean);
    return lines[lines.length - 1] ?? 'git cat-file stopped';
  }

  private start(): void {
    this.stderr = '';
    this.child = spawn('git', ['cat-file', '--batch', ...(this.buffered ? ['--buffer'] : [])], { cwd: this.cwd, env: gitEnv(this.env), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString('utf8')).slice(-4096)));
    this.child.stdin.on('error', () => undefined); // a dead git shows on the read side
    this.objects = parseBatch(this.child.stdout, this.inlineLimit);
  }

  private restart(): void {
    this.outbox = []; // everything pending is sent again below
    this.child.kill();
    if (++this.restarts > MAX_RESTARTS) {
      this.dead = true; // something is badly wrong with the store
      return;
    }
    this.start();
    const rest = this.pending.slice(this.head);
    if (rest.length > 0) this.child.stdin.write(rest.map((o) => `${o}\n`).join(''));
    if (this.ended) this.child.stdin.end();
  }
}
