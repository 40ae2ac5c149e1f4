import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { distFile } from '../package-root.js';
import type { Detector } from '../detect/detector.js';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import { newDetector, prefilterFor } from '../scan/batch.js';
import { BlobJobRunner, packJobs, unpackOutcomes, type BlobJob, type BlobJobOptions, type BlobOutcome, type PackedJobs, type PackedOutcomes } from './blob-jobs.js';

/** Jobs per batch sent to a worker: one message per batch, not per blob. */
const BATCH_JOBS = 128;
/** Up to this many blobs are scanned on the main thread: a small or incremental scan never starts a pool. */
const INLINE_JOBS = 256;
/** Batches in flight per worker: enough to keep its cat-file busy, few enough to bound memory. */
const INFLIGHT = 8;
/** Blobs larger than this are streamed in bounded memory instead of read whole. */
const INLINE_LIMIT = 32 * 1024 * 1024;
/**
 * Young generation of each worker thread, in MB (V8's default grows it to 48 MB). A scan thread
 * allocates short-lived strings and match arrays only; blob contents are Buffers outside the
 * heap. Overridable for measurements: KEYWARD_WORKER_YOUNG_MB.
 */
const WORKER_YOUNG_MB = Number(process.env.KEYWARD_WORKER_YOUNG_MB) || 8;

export interface BlobScannerOptions<J extends BlobJob> {
  ruleSet: RuleSet;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Worker threads; 1 = everything on the main thread. */
  threads: number;
  showSecrets: boolean;
  /** Called once per job, in no particular order. */
  onOutcome: (outcome: BlobOutcome, job: J) => void;
}

/** One worker thread (a single-thread pool) and the jobs routed to it. */
interface Lane<J> {
  pool: Piscina<PackedJobs | 'close', PackedOutcomes>;
  batch: J[];
  inflight: Set<Promise<void>>;
}

/**
 * Scans the blobs a history walk asks for. Each worker thread reads its own blobs through its own
 * `git cat-file` (contents never cross threads). Jobs are routed by path: the versions of a file
 * meet in the same thread, and their delta chains in the same git delta base cache. Small scans
 * run on the main thread with no pool.
 */
export class BlobScanner<J extends BlobJob = BlobJob> {
  private lanes: Lane<J>[] | undefined;
  private inline: BlobJobRunner | undefined;
  private inlineDetector: Detector | undefined;
  private held: J[] = [];
  private failure: unknown;
  private started = 0;
  private spec: { value: PrefilterSpec | undefined } | undefined;
  /** The pool being started (prestart() or the first large drain()). */
  private starting: Promise<void> | undefined;

  constructor(private readonly opts: BlobScannerOptions<J>) {}

  /** True once worker threads are started or starting: jobs added now are scanned there. */
  get pooled(): boolean {
    return this.lanes !== undefined || this.starting !== undefined;
  }

  /** Worker threads started (0: everything ran on the main thread). */
  get workers(): number {
    return this.started;
  }

  /**
   * Starts the worker threads now, before any job, when the caller knows the scan is large (a
   * full walk of a big repository): they load their rules while the walk begins,
   * instead of after its first INLINE_JOBS blobs. Errors surface at the next drain().
   */
  prestart(): void {
    if (this.opts.threads <= 1 || this.lanes || this.starting) return;
    this.startLanesOnce().catch((e: unknown) => {
      this.failure ??= e;
    });
  }

  /**
   * Queues a job; call drain() now and then so the walk does not run far ahead. Until the job's
   * `sent` is set, a path of another class may still be added to it.
   */
  add(job: J): void {
    if (this.lanes) this.route(job);
    else this.held.push(job);
  }

  /** Sends full batches and waits while too many are in flight. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.lanes) {
      if (this.opts.threads <= 1) {
        while (this.held.length >= BATCH_JOBS) await this.runInline(this.held.splice(0, BATCH_JOBS));
        return;
      }
      // A pool being started (prestart()) takes the held jobs when it is up.
      if (this.held.length <= INLINE_JOBS) return;
      await this.startLanesOnce();
    }
    for (const lane of this.lanes!) {
      if (lane.batch.length >= BATCH_JOBS) this.send(lane);
      while (lane.inflight.size >= INFLIGHT) await Promise.race(lane.inflight);
    }
    if (this.failure) throw this.failure;
  }

  /** Scans everything queued and waits for the answers. */
  async finish(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.failure) throw this.failure;
    if (!this.lanes) {
      while (this.held.length > 0) await this.runInline(this.held.splice(0, BATCH_JOBS));
      await this.inline?.close();
    } else {
      for (const lane of this.lanes) {
        if (lane.batch.length > 0) this.send(lane);
        await Promise.all(lane.inflight);
        await lane.pool.run('close');
      }
    }
    if (this.failure) throw this.failure;
  }

  async destroy(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    await this.inline?.close();
    await Promise.all((this.lanes ?? []).map((l) => l.pool.destroy()));
    this.lanes = undefined;
  }

  /**
   * The prefilter of a large scan, compiled (or loaded from its cache) once: the worker threads
   * load it, and so may the main thread's detector of commit messages. Every version of a file
   * has the same path: the path-scoped rules get a database of their own, scanned only where
   * one of them applies (prefilter.ts).
   */
  prefilter(): PrefilterSpec | undefined {
    return (this.spec ??= { value: prefilterFor(this.opts.ruleSet) }).value;
  }

  private jobOptions(): BlobJobOptions {
    return { cwd: this.opts.cwd, env: this.opts.env, showSecrets: this.opts.showSecrets, inlineLimit: INLINE_LIMIT };
  }

  private async runInline(jobs: J[]): Promise<void> {
    for (const j of jobs) j.sent = true;
    this.inline ??= new BlobJobRunner((this.inlineDetector ??= newDetector(this.opts.ruleSet, { profile: false })), this.jobOptions());
    const outcomes = await this.inline.run(jobs);
    outcomes.forEach((o, i) => this.opts.onOutcome(o, jobs[i]!));
  }

  private startLanesOnce(): Promise<void> {
    return (this.starting ??= this.startLanes());
  }

  private async startLanes(): Promise<void> {
    const { Piscina } = await import('piscina');
    this.started = this.opts.threads;
    const opts = this.jobOptions();
    const prefilter = this.prefilter();
    this.lanes = Array.from({ length: this.opts.threads }, () => ({
      // The unbundled tsc output: the CLI itself may run from a bundle.
      pool: new Piscina<PackedJobs | 'close', PackedOutcomes>({
        filename: pathToFileURL(distFile('history/worker.js')).href,
        minThreads: 1,
        maxThreads: 1,
        // The next batch's reads are asked for while this one is scanned.
        concurrentTasksPerWorker: 2,
        // A task awaits its git reader: Atomics waiting would block the thread's event loop
        // (and with it the reader's output) until the next task arrives.
        atomics: 'disabled',
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
        workerData: { ruleSet: this.opts.ruleSet, opts, prefilter },
      }),
      batch: [],
      inflight: new Set<Promise<void>>(),
    }));
    const held = this.held;
    this.held = [];
    for (const job of held) this.route(job);
  }

  private route(job: J): void {
    const lanes = this.lanes!;
    // Messages all have the same path: spread by id.
    lanes[hash(job.message ? job.oid : job.paths[0]!) % lanes.length]!.batch.push(job);
  }

  private send(lane: Lane<J>): void {
    const jobs = lane.batch;
    lane.batch = [];
    for (const j of jobs) j.sent = true;
    const tracked: Promise<void> = lane.pool
      .run(packJobs(jobs))
      .then((packed) => unpackOutcomes(packed, jobs).forEach((o, i) => this.opts.onOutcome(o, jobs[i]!)))
      .catch((e: unknown) => {
        this.failure ??= e;
      })
      .finally(() => lane.inflight.delete(tracked));
    lane.inflight.add(tracked);
  }
}

/** FNV-1a of a path: the lane its blobs go to. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
