import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { Detector } from '../detect/detector.js';
import type { RuleSet } from '../rules/resolve.js';
import { prefilterFor } from './detector.js';
import { scanBatch, type BatchOptions, type BatchResult, type FileBlob } from './files.js';
import { lessInliningForPool } from './jit.js';
import { enginePool } from './pool.js';
import type { EngineTask } from './worker.js';

export interface FileScanRequest extends BatchOptions {
  /** Worker threads; 0 = one per core. 1 = scan on the main thread. */
  workers: number;
}

export interface FileScanOutcome {
  results: BatchResult[];
  /** Worker threads used (0: the main thread did it all). */
  workers: number;
}

/** Up to this many files are scanned on the main thread: no pool start-up for small jobs. */
const INLINE_FILES = 64;
const BATCH_FILES = 128;
/** With the default worker count, the main thread scans alone for this long before a pool starts. */
const INLINE_MS = 100;
/** How far the walk is read ahead to tell whether the rest is worth a pool. */
const LOOKAHEAD_FILES = 4096;
/** About what starting a pool costs before its first result (threads load modules, compile rules). */
const POOL_START_MS = 250;

/**
 * Scans the files a source yields, on the main thread or the engine's worker pool, whichever
 * finishes sooner. Results come per batch, in no particular order: the caller sorts findings, so
 * output does not depend on the number of workers. `inline` is the main thread's detector
 * (made when first needed; the caller reads its profile).
 */
export async function scanFiles(files: Iterator<FileBlob>, ruleSet: RuleSet, req: FileScanRequest, inline: () => Detector): Promise<FileScanOutcome> {
  const run = new FileRun(ruleSet, req, inline);
  const head = takeBatch(files, INLINE_FILES);
  const next = files.next();
  const threads = req.workers === 0 ? availableParallelism() : req.workers;
  if (next.done || threads <= 1) {
    // Small job or explicitly single-threaded: no pool.
    await run.inline(head);
    for (let b = takeBatch(prepend([next], files)); b.length > 0; b = takeBatch(files)) await run.inline(b);
    return { results: run.results, workers: 0 };
  }
  const rest = await run.decide(threads, head, next, files);
  return { results: run.results, workers: rest ? await run.pooled(threads, rest) : 0 };
}

class FileRun {
  readonly results: BatchResult[] = [];
  private started: Promise<Piscina<EngineTask, BatchResult>> | undefined;

  constructor(
    private readonly ruleSet: RuleSet,
    private readonly req: FileScanRequest,
    private readonly detector: () => Detector,
  ) {}

  async inline(batch: FileBlob[]): Promise<void> {
    this.results.push(await scanBatch(this.detector(), batch, this.req));
  }

  /** The pool starts at once, in the background: if the main thread alone finishes sooner, it is dropped unused. */
  startPool(threads: number): Promise<Piscina<EngineTask, BatchResult>> {
    const data = { ruleSet: this.ruleSet, opts: batchOptions(this.req), prefilter: prefilterFor(this.ruleSet) };
    return (this.started ??= enginePool<BatchResult>({ threads, data, beforeStart: lessInliningForPool }));
  }

  /**
   * With the default worker count, a job the main thread finishes within INLINE_MS never pays
   * for a pool: starting one (threads loading modules, compiling the rules) costs ~150-200 ms.
   * A walk of more than LOOKAHEAD_FILES files goes to the pool at once: scanning on the main
   * thread meanwhile would only warm up a third detector and compete with the pool's start.
   * Returns what is left for the pool (undefined: nothing).
   */
  async decide(threads: number, head: FileBlob[], next: IteratorResult<FileBlob>, files: Iterator<FileBlob>): Promise<Iterator<FileBlob> | undefined> {
    void this.startPool(threads);
    const ahead = [...head];
    if (this.req.workers === 0) {
      for (let e = next; !e.done; e = files.next()) {
        ahead.push(e.value);
        if (ahead.length > LOOKAHEAD_FILES) break; // before taking another: none is dropped
      }
    } else if (!next.done) ahead.push(next.value);
    if (this.req.workers === 0 && ahead.length <= LOOKAHEAD_FILES) return this.inlineFirst(head, ahead);
    // The files looked at so far first, then the rest of the walk.
    return prepend(ahead.map((value) => ({ done: false, value })), files);
  }

  /**
   * The whole job is known: scan for INLINE_MS, then finish on the main thread if, at the rate
   * measured so far, that is sooner than a pool could start. The clock starts after the first
   * files, which also pay for warming up the detector.
   */
  private async inlineFirst(head: FileBlob[], ahead: FileBlob[]): Promise<Iterator<FileBlob> | undefined> {
    await this.inline(head);
    const start = performance.now();
    let done = head.length;
    while (done < ahead.length && performance.now() - start < INLINE_MS) {
      await this.inline(ahead.slice(done, done + BATCH_FILES));
      done += BATCH_FILES;
    }
    const msPerFile = (performance.now() - start) / done;
    const rest = ahead.slice(done);
    if (rest.length * msPerFile >= POOL_START_MS) return rest[Symbol.iterator]();
    for (let i = 0; i < rest.length; i += BATCH_FILES) await this.inline(rest.slice(i, i + BATCH_FILES));
    void this.started?.then((p) => p.destroy());
    return undefined;
  }

  /** The rest on the pool; returns the threads used (0 when nothing was left). */
  async pooled(threads: number, files: Iterator<FileBlob>): Promise<number> {
    let batch = takeBatch(files);
    if (batch.length === 0) {
      void this.started?.then((p) => p.destroy());
      return 0;
    }
    const pool = await this.startPool(threads);
    try {
      const pending: Promise<BatchResult>[] = [];
      for (; batch.length > 0; batch = takeBatch(files)) {
        pending.push(pool.run(batch));
        // Let finished batches come back while the walk goes on.
        await new Promise((r) => setImmediate(r));
      }
      this.results.push(...(await Promise.all(pending)));
    } finally {
      await pool.destroy();
    }
    return threads;
  }
}

function takeBatch(it: Iterator<FileBlob>, size = BATCH_FILES): FileBlob[] {
  const batch: FileBlob[] = [];
  for (let r = batch.length < size ? it.next() : undefined; r && !r.done; r = batch.length < size ? it.next() : undefined) batch.push(r.value);
  return batch;
}

/** `first` (results already taken from an iterator), then the rest of `rest`. */
function prepend(first: IteratorResult<FileBlob>[], rest: Iterator<FileBlob>): Iterator<FileBlob> {
  let i = 0;
  return { next: () => (i < first.length && !first[i]!.done ? first[i++]! : rest.next()) };
}

function batchOptions(req: FileScanRequest): BatchOptions {
  return { showSecrets: req.showSecrets, maxFileSize: req.maxFileSize, profile: req.profile };
}
