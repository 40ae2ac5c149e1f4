import type { Detector } from '../detect/detector.js';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import { BlobJobRunner, packJobs, unpackOutcomes, type BlobJob, type BlobOutcome, type PackedOutcomes } from './blob-jobs.js';
import { newDetector, prefilterFor } from './detector.js';
import type { ObjectReader, ReaderOptions, ReaderSpec } from './objects.js';
import { Scheduler, type JobKind } from './scheduler.js';

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
export const INLINE_LIMIT = 32 * 1024 * 1024;
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
  /**
   * A job known whole (added before finish()) of up to this many blobs first runs on the main
   * thread while the pool starts, and stays there if that is sooner (scheduler.ts). Default 0:
   * a job over inlineJobs goes to the pool at once (a history walk, an explicit --workers).
   */
  lookahead?: number;
  /** Called before each blob the main thread reads, and as each batch of a worker comes back; throw to stop (a time budget). */
  checkpoint?: () => void;
}

/**
 * Scans blobs by id through the engine's scheduler (scheduler.ts). Each worker thread reads its
 * own blobs through its own object reader (contents never cross threads). Jobs are routed by
 * path: the versions of a file meet in the same thread, and their delta chains in the same git
 * delta base cache. Small scans run on the main thread with no pool. Outcomes do not depend on
 * the number of threads.
 */
export class BlobScanner<J extends BlobJob = BlobJob> {
  private readonly scheduler: Scheduler<J, BlobOutcome[]>;
  private inline: BlobJobRunner | undefined;
  private spec: { value: PrefilterSpec | undefined } | undefined;

  constructor(private readonly opts: BlobScannerOptions<J>) {
    this.scheduler = new Scheduler(this.kind(), {
      threads: opts.threads,
      inlineJobs: opts.inlineJobs ?? INLINE_JOBS,
      batchJobs: BATCH_JOBS,
      inflight: INFLIGHT,
      lookahead: opts.lookahead ?? 0,
      ...(opts.checkpoint ? { checkpoint: opts.checkpoint } : {}),
    });
  }

  /** True once worker threads are started or starting: jobs added now are scanned there. */
  get pooled(): boolean {
    return this.scheduler.pooled;
  }

  /** Worker threads used (0: everything ran on the main thread). */
  get workers(): number {
    return this.scheduler.workers;
  }

  /**
   * Starts the worker threads now, before any job, when the caller knows the scan is large (a
   * full walk of a big repository): they load their rules while the walk begins, instead of
   * after its first INLINE_JOBS blobs. Errors surface at the next drain().
   */
  prestart(): void {
    this.scheduler.prestart();
  }

  /**
   * Queues a job; call drain() now and then so the walk does not run far ahead. Until the job's
   * `sent` is set, a path of another class may still be added to it.
   */
  add(job: J): void {
    this.scheduler.add(job);
  }

  /** Sends full batches and waits while too many are in flight. */
  drain(): Promise<void> {
    return this.scheduler.drain();
  }

  /** Scans everything queued and waits for the answers. */
  finish(): Promise<void> {
    return this.scheduler.finish();
  }

  destroy(): Promise<void> {
    return this.scheduler.destroy();
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

  /** Blob jobs for the scheduler: read by id through an object reader, on the main thread or in a worker. */
  private kind(): JobKind<J, BlobOutcome[]> {
    const { opts } = this;
    const preview = opts.preview === true;
    const inlineLimit = opts.inlineLimit ?? INLINE_LIMIT;
    return {
      inline: (jobs) => {
        const detector = () => opts.detector?.() ?? newDetector(opts.ruleSet, { profile: false });
        this.inline ??= new BlobJobRunner(detector(), () => opts.reader.open({ inlineLimit }), { showSecrets: opts.showSecrets, preview }, opts.checkpoint);
        return this.inline.run(jobs);
      },
      closeInline: async () => this.inline?.close(),
      pack: packJobs,
      unpack: (answer, jobs) => unpackOutcomes(answer as PackedOutcomes, jobs),
      poolOptions: () => ({
        // No previews unless asked: history keeps what its cache stores (toStored), and that has none.
        data: { ruleSet: opts.ruleSet, opts: { showSecrets: opts.showSecrets, maxFileSize: 0, profile: false, preview }, prefilter: this.prefilter(), reader: { spec: opts.reader.spec, inlineLimit } },
        youngMb: WORKER_YOUNG_MB,
      }),
      // Messages all have the same path: spread by id.
      route: (job) => (job.message ? job.oid : job.paths[0]!),
      closeTask: 'close',
      onSend: (jobs) => jobs.forEach((j) => (j.sent = true)),
      onResult: (outcomes, jobs) => outcomes.forEach((o, i) => opts.onOutcome(o, jobs[i]!)),
    };
  }
}

function inlineJobsFromEnv(): number | undefined {
  const n = Number(process.env.KEYWARD_INLINE_JOBS);
  return Number.isInteger(n) && n >= 0 && process.env.KEYWARD_INLINE_JOBS !== '' ? n : undefined;
}
