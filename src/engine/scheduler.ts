import type { Piscina } from 'piscina';
import { enginePool, type PoolOptions } from './pool.js';
import type { EngineTask } from './worker.js';

/**
 * What the scheduler needs to know of a kind of job (a file read from disk, a blob read by id):
 * how the main thread scans a batch, how a batch crosses to a worker thread and back, and what
 * the workers are started with. Everything else (inline or pool, batching, in-flight bounds,
 * outcomes) is the scheduler's, the same for every command.
 */
export interface JobKind<J, R> {
  /** Scans a batch on the main thread. */
  inline(jobs: J[]): Promise<R>;
  /** Ends what the main thread holds for its batches (an object reader). */
  closeInline?(): Promise<void>;
  /** A batch as it crosses to a worker thread, and its answer as it comes back. */
  pack(jobs: J[]): EngineTask;
  unpack(answer: unknown, jobs: J[]): R;
  /** The worker threads' data and settings (called when a pool starts). */
  poolOptions(): Omit<PoolOptions, 'threads'>;
  /**
   * Present: one single-thread pool per thread, each job going to the one its key hashes to (the
   * versions of a file meet in one thread, so in one git delta base cache). Absent: one pool of
   * all threads; whichever is free takes the next batch.
   */
  route?(job: J): string;
  /** Sent to every lane once its batches are answered (a worker ends its object reader). */
  closeTask?: EngineTask;
  /** The jobs are handed to a thread (the main one or a worker). */
  onSend?(jobs: J[]): void;
  /** Every batch's outcome, in no particular order. */
  onResult(result: R, jobs: J[]): void;
}

export interface SchedulePolicy {
  /** Worker threads (resolved); 1 = everything on the main thread. */
  threads: number;
  /** A job of up to this many items never starts a pool. */
  inlineJobs: number;
  /** Items per batch: one message per batch, not per item. */
  batchJobs: number;
  /** Batches in flight per worker thread: enough to keep it busy, few enough to bound memory. */
  inflight: number;
  /**
   * With the default worker count: a job known whole (finish()) of up to this many items first
   * runs on the main thread while a pool starts, and stays there if that is sooner (see
   * inlineFirst). 0: a job over inlineJobs goes to the pool at once (an explicit --workers, or a
   * job that is never known whole, like a history walk).
   */
  lookahead: number;
  /** Called as each batch comes back from a worker; throw to stop (a time budget). */
  checkpoint?: () => void;
}

/** The main thread scans alone for this long before deciding whether a pool pays. */
const INLINE_MS = 100;
/** About what starting a pool costs before its first result (threads load modules, compile rules). */
const POOL_START_MS = 250;

/** One pool and the jobs routed to it. */
interface Lane<J> {
  pool: Piscina<EngineTask, unknown>;
  batch: J[];
  inflight: Set<Promise<void>>;
  /** Batches in flight at most. */
  cap: number;
}

/**
 * The engine's one scheduler: jobs are added as a source yields them; a small job is scanned on
 * the main thread with no pool start; a large one goes to the engine's worker threads in batches,
 * with a bounded number in flight. Outcomes do not depend on where a job ran.
 */
export class Scheduler<J, R> {
  private lanes: Lane<J>[] | undefined;
  private starting: Promise<Lane<J>[]> | undefined;
  private held: J[] = [];
  private failure: unknown;
  /** The pool takes the jobs (decided; its threads may still be starting). */
  private committed = false;
  /** The decision's work: the pool up, the held jobs routed to it. */
  private committing: Promise<void> | undefined;
  private sent = 0;

  constructor(
    private readonly kind: JobKind<J, R>,
    private readonly policy: SchedulePolicy,
  ) {}

  /** True once jobs added now go to worker threads. */
  get pooled(): boolean {
    return this.committed;
  }

  /** Worker threads used (0: everything ran on the main thread). */
  get workers(): number {
    return this.committed || this.sent > 0 ? this.policy.threads : 0;
  }

  /** Starts the worker threads now and sends them every job (the caller knows the job is large). */
  prestart(): void {
    if (this.policy.threads <= 1 || this.committed) return;
    this.commit().catch((e: unknown) => {
      this.failure ??= e;
    });
  }

  add(job: J): void {
    if (this.committed && this.lanes) this.route(job);
    else this.held.push(job);
  }

  /** Sends full batches and waits while too many are in flight; call it now and then while adding. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    const { threads, inlineJobs, batchJobs, lookahead } = this.policy;
    if (!this.committed || !this.lanes) {
      if (threads <= 1) {
        while (this.held.length >= batchJobs) await this.runInline(this.held.splice(0, batchJobs));
        return;
      }
      // A pool being started (prestart()) takes the held jobs when it is up.
      if (this.held.length <= inlineJobs) return;
      // Maybe small enough for the main thread: the pool starts meanwhile, and finish() decides.
      if (!this.committed && lookahead > 0 && this.held.length <= lookahead) return void this.startOnce().catch(() => undefined);
      await this.commit();
    }
    for (const lane of this.lanes!) await this.sendFull(lane);
    if (this.failure) throw this.failure;
  }

  /** Scans everything added and waits for the outcomes. */
  async finish(): Promise<void> {
    await this.committing?.catch(() => undefined);
    if (this.failure) throw this.failure;
    if (!this.committed) await this.settle();
    if (this.committed) {
      for (const lane of this.lanes!) {
        await this.sendFull(lane, 1);
        await Promise.all(lane.inflight);
        if (this.kind.closeTask) await lane.pool.run(this.kind.closeTask);
      }
    }
    if (this.failure) throw this.failure;
  }

  async destroy(): Promise<void> {
    const lanes = this.starting ? await this.starting.catch(() => []) : [];
    await this.kind.closeInline?.();
    await Promise.all(lanes.map((l) => l.pool.destroy()));
    this.lanes = undefined;
  }

  /** The job is whole and not yet on the pool: the main thread scans it, or the pool takes the rest. */
  private async settle(): Promise<void> {
    const { threads, inlineJobs, lookahead } = this.policy;
    if (threads > 1 && this.held.length > inlineJobs) {
      if (lookahead === 0 || this.held.length > lookahead || (await this.inlineFirst())) {
        await this.commit();
        return;
      }
    }
    while (this.held.length > 0) await this.runInline(this.held.splice(0, this.policy.batchJobs));
    await this.kind.closeInline?.();
    // A pool started for nothing is dropped in the background: the scan's end does not wait for it.
    const unused = this.starting;
    this.starting = undefined;
    void unused?.then((lanes) => lanes.forEach((l) => void l.pool.destroy())).catch(() => undefined);
  }

  /**
   * With the default worker count, a job the main thread finishes within INLINE_MS never pays
   * for a pool: starting one costs ~150-250 ms. The pool starts at once, in the background; the
   * main thread scans for INLINE_MS, then finishes alone if, at the rate measured so far, that
   * is sooner than the pool could start. The clock starts after the first items, which also pay
   * for warming up the detector. Returns true when the rest goes to the pool.
   */
  private async inlineFirst(): Promise<boolean> {
    void this.startOnce().catch(() => undefined);
    const head = this.held.splice(0, this.policy.inlineJobs);
    await this.runInline(head);
    const start = performance.now();
    let done = head.length;
    while (this.held.length > 0 && performance.now() - start < INLINE_MS) {
      const batch = this.held.splice(0, this.policy.batchJobs);
      await this.runInline(batch);
      done += batch.length;
    }
    return this.held.length * ((performance.now() - start) / done) >= POOL_START_MS;
  }

  private async runInline(jobs: J[]): Promise<void> {
    this.kind.onSend?.(jobs);
    this.kind.onResult(await this.kind.inline(jobs), jobs);
  }

  /** Decides for the pool: its lanes take the held jobs once up. */
  private commit(): Promise<void> {
    this.committed = true;
    return (this.committing ??= this.startOnce().then(() => {
      const held = this.held;
      this.held = [];
      for (const job of held) this.route(job);
    }));
  }

  private startOnce(): Promise<Lane<J>[]> {
    return (this.starting ??= this.startLanes());
  }

  private async startLanes(): Promise<Lane<J>[]> {
    const { threads, inflight } = this.policy;
    const opts = this.kind.poolOptions();
    const perThread = this.kind.route !== undefined;
    const count = perThread ? threads : 1;
    const pools = await Promise.all(Array.from({ length: count }, () => enginePool<unknown>({ ...opts, threads: perThread ? 1 : threads })));
    return (this.lanes = pools.map((pool) => ({ pool, batch: [], inflight: new Set<Promise<void>>(), cap: inflight * (perThread ? 1 : threads) })));
  }

  private route(job: J): void {
    const lanes = this.lanes!;
    const key = this.kind.route?.(job);
    lanes[key === undefined ? 0 : hash(key) % lanes.length]!.batch.push(job);
  }

  /**
   * Sends the lane's batches of at least `min` jobs (default: full ones), waiting while too many
   * are in flight. A lane of one thread takes all it has in one batch: its reader asks git for
   * all of them at once (a history walk's chunk; batches of 128 cost `history` ~10% more CPU). A
   * shared lane splits into batches that any free thread takes.
   */
  private async sendFull(lane: Lane<J>, min = this.policy.batchJobs): Promise<void> {
    const size = this.kind.route ? Infinity : this.policy.batchJobs;
    while (lane.batch.length >= min && lane.batch.length > 0) {
      this.send(lane, lane.batch.length <= size ? lane.batch.splice(0) : lane.batch.splice(0, size));
      while (lane.inflight.size >= lane.cap) await Promise.race(lane.inflight);
    }
  }

  private send(lane: Lane<J>, jobs: J[]): void {
    this.kind.onSend?.(jobs);
    this.sent++;
    const tracked: Promise<void> = lane.pool
      .run(this.kind.pack(jobs))
      .then((answer) => {
        this.policy.checkpoint?.();
        this.kind.onResult(this.kind.unpack(answer, jobs), jobs);
      })
      .catch((e: unknown) => {
        this.failure ??= e;
      })
      .finally(() => lane.inflight.delete(tracked));
    lane.inflight.add(tracked);
  }
}

/** FNV-1a of a key: the lane its jobs go to. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
