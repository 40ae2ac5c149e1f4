import type { Piscina } from 'piscina';
import type { Detector } from '../detect/detector.js';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import { BlobJobRunner, packJobs, unpackOutcomes, type BlobJob, type BlobOutcome, type PackedOutcomes } from './blob-jobs.js';
import { newDetector, prefilterFor } from './detector.js';
import type { ObjectReader, ReaderOptions, ReaderSpec } from './objects.js';
import { enginePool } from './pool.js';
import type { EngineTask } from './worker.js';

/** Jobs per batch sent to a worker: one message per batch, not per blob. */
const BATCH_JOBS = 128;
/**
 * Up to this many blobs are scanned on the main thread: a small or incremental scan never starts
 * a pool. KEYWARD_INLINE_JOBS lowers it (tests force the pool on a small job).
 */
const INLINE_JOBS = inlineJobsFromEnv() ?? 256;
/** Batches in flight per worker: enough to keep its cat-file busy, few enough to bound memory. */
const INFLIGHT = 8;
/** Blobs larger than this are streamed in bounded memory instead of read whole. */
const INLINE_LIMIT = 32 * 1024 * 1024;
/**
 * Young generation of each worker thread, in MB (V8's default grows it to 48 MB). A scan thread
 * allocates short-lived strings and match arrays only; blob contents are Buffers outside the
 * heap, freed only when a collection finds them dead: a smaller young generation is collected
 * more often and holds fewer dead blobs. 8 -> 2 MB: `history --full` of git up to v2.20.0
 * (54,132 commits) peaked at 261 MB instead of 293 MB, in the same time. Overridable for
 * measurements: KEYWARD_WORKER_YOUNG_MB.
 */
const WORKER_YOUNG_MB = Number(process.env.KEYWARD_WORKER_YOUNG_MB) || 2;

export interface BlobScannerOptions<J extends BlobJob> {
  ruleSet: RuleSet;
  /**
   * The source's object store: `spec` for worker threads (each opens its own reader from it),
   * `open` for the main thread.
   */
  reader: { spec: ReaderSpec; open: (engine: ReaderOptions) => ObjectReader };
  /** Worker threads; 1 = everything on the main thread. */
  threads: number;
  showSecrets: boolean;
  /** Blobs larger than this many bytes are streamed in bounded memory (default 32 MiB). */
  inlineLimit?: number;
  /** Called once per job, in no particular order. */
  onOutcome: (outcome: BlobOutcome, job: J) => void;
  /** The main thread's detector, when the caller has one already (default: made on first use). */
  detector?: () => Detector;
  /** Findings carry a `preview` (default false: history's cache stores none). */
  preview?: boolean;
  /** Up to this many jobs stay on the main thread (default INLINE_JOBS; 0 forces the pool, for tests). */
  inlineJobs?: number;
  /** Called before each blob the main thread reads, and as each batch of a worker comes back; throw to stop (a time budget). */
  checkpoint?: () => void;
}

/** One worker thread (a single-thread pool) and the jobs routed to it. */
interface Lane<J> {
  pool: Piscina<EngineTask, PackedOutcomes>;
  batch: J[];
  inflight: Set<Promise<void>>;
}

/**
 * Scans blobs by id (a history walk's). Each worker thread reads its own blobs through its own
 * object reader (contents never cross threads). Jobs are routed by path: the versions of a file
 * meet in the same thread, and their delta chains in the same git delta base cache. Small scans
 * run on the main thread with no pool. Outcomes do not depend on the number of threads.
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

  private get inlineLimit(): number {
    return this.opts.inlineLimit ?? INLINE_LIMIT;
  }

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
      if (this.held.length <= (this.opts.inlineJobs ?? INLINE_JOBS)) return;
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

  private async runInline(jobs: J[]): Promise<void> {
    for (const j of jobs) j.sent = true;
    const detector = (this.inlineDetector ??= this.opts.detector?.() ?? newDetector(this.opts.ruleSet, { profile: false }));
    const open = () => this.opts.reader.open({ inlineLimit: this.inlineLimit });
    this.inline ??= new BlobJobRunner(detector, open, { showSecrets: this.opts.showSecrets, preview: this.opts.preview === true }, this.opts.checkpoint);
    const outcomes = await this.inline.run(jobs);
    outcomes.forEach((o, i) => this.opts.onOutcome(o, jobs[i]!));
  }

  private startLanesOnce(): Promise<void> {
    return (this.starting ??= this.startLanes());
  }

  private async startLanes(): Promise<void> {
    this.started = this.opts.threads;
    const data = {
      ruleSet: this.opts.ruleSet,
      // No previews unless asked: history keeps what its cache stores (toStored), and that has none.
      opts: { showSecrets: this.opts.showSecrets, maxFileSize: 0, profile: false, preview: this.opts.preview === true },
      prefilter: this.prefilter(),
      reader: { spec: this.opts.reader.spec, inlineLimit: this.inlineLimit },
    };
    const pools = await Promise.all(Array.from({ length: this.opts.threads }, () => enginePool<PackedOutcomes>({ threads: 1, data, youngMb: WORKER_YOUNG_MB })));
    this.lanes = pools.map((pool) => ({ pool, batch: [], inflight: new Set<Promise<void>>() }));
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
      .then((packed) => {
        this.opts.checkpoint?.();
        unpackOutcomes(packed, jobs).forEach((o, i) => this.opts.onOutcome(o, jobs[i]!));
      })
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

function inlineJobsFromEnv(): number | undefined {
  const n = Number(process.env.KEYWARD_INLINE_JOBS);
  return Number.isInteger(n) && n >= 0 && process.env.KEYWARD_INLINE_JOBS !== '' ? n : undefined;
}
