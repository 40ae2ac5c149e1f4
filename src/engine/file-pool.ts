import type { Detector } from '../detect/detector.js';
import type { RuleSet } from '../rules/resolve.js';
import { prefilterFor } from './detector.js';
import { scanBatch, type BatchOptions, type BatchResult, type FileBlob } from './files.js';
import { lessInliningForPool } from './jit.js';
import { poolThreads } from './pool.js';
import { Scheduler, type JobKind } from './scheduler.js';

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
/** How far the walk is read ahead to tell whether the rest is worth a pool (default worker count). */
const LOOKAHEAD_FILES = 4096;
/** Batches in flight per worker thread: the walk stays ahead of the threads, not the whole tree ahead. */
const INFLIGHT = 8;

/**
 * Scans the files a source yields through the engine's scheduler (scheduler.ts): on the main
 * thread or the worker pool, whichever finishes sooner; each worker thread reads its files from
 * disk itself. Results come per batch, in no particular order: the caller sorts findings, so
 * output does not depend on the number of workers. `inline` is the main thread's detector (made
 * when first needed; the caller reads its profile).
 */
export async function scanFiles(files: Iterator<FileBlob>, ruleSet: RuleSet, req: FileScanRequest, inline: () => Detector): Promise<FileScanOutcome> {
  const results: BatchResult[] = [];
  const opts: BatchOptions = { showSecrets: req.showSecrets, maxFileSize: req.maxFileSize, profile: req.profile };
  const kind: JobKind<FileBlob, BatchResult> = {
    inline: (batch) => scanBatch(inline(), batch, req),
    pack: (batch) => batch,
    unpack: (answer) => answer as BatchResult,
    poolOptions: () => ({ data: { ruleSet, opts, prefilter: prefilterFor(ruleSet) }, beforeStart: lessInliningForPool }),
    onResult: (r) => results.push(r),
  };
  const scheduler = new Scheduler(kind, {
    threads: poolThreads(req.workers),
    inlineJobs: INLINE_FILES,
    batchJobs: BATCH_FILES,
    inflight: INFLIGHT,
    // A walk of more than LOOKAHEAD_FILES goes to the pool at once: scanning on the main thread
    // meanwhile would only warm up a third detector and compete with the pool's start.
    lookahead: req.workers === 0 ? LOOKAHEAD_FILES : 0,
  });
  try {
    let n = 0;
    for (let r = files.next(); !r.done; r = files.next()) {
      scheduler.add(r.value);
      if (++n % BATCH_FILES !== 0) continue;
      await scheduler.drain();
      // Let finished batches come back while the walk goes on.
      if (scheduler.pooled) await new Promise((r) => setImmediate(r));
    }
    await scheduler.finish();
  } finally {
    await scheduler.destroy();
  }
  return { results, workers: scheduler.workers };
}
