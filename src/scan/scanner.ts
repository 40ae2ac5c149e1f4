import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { distFile } from '../package-root.js';
import { globMatcher } from '../config/globs.js';
import { compareFindings, type ScanResult } from '../report/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { walk, type WalkCounters, type WalkEntry } from '../sources/walk.js';
import { newDetector, prefilterFor, scanBatch, takeProfile, type BatchOptions, type BatchResult } from './batch.js';
import { scanStream } from './scan-data.js';
import { lessInliningForPool } from './jit.js';

export interface ScanRequest extends BatchOptions {
  /** Files or directories; '-' is stdin. */
  paths: string[];
  gitignore: boolean;
  /** Worker threads; 0 = one per core. 1 = scan on the main thread. */
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

export interface ProfileRow {
  ruleId: string;
  ms: number;
  runs: number;
  matches: number;
}

/** Scans files, directories and stdin. Output does not depend on the number of workers. */
export async function scanPaths(req: ScanRequest, ruleSet: RuleSet): Promise<ScanResult & { profile?: ProfileRow[] }> {
  const t0 = performance.now();
  const counters: WalkCounters = { ignored: 0, symlinks: 0, unreadable: [] };
  const allowed = globMatcher(ruleSet.allowPaths);
  const results: BatchResult[] = [];
  const warnings: string[] = [];
  let workersUsed = 0;

  const fileRoots = req.paths.filter((p) => p !== '-');
  let entries: Iterator<WalkEntry> = (function* () {
    for (const root of fileRoots) yield* walk(root, { gitignore: req.gitignore, exclude: allowed }, counters);
  })();

  // Main-thread detector: also used for stdin and for small jobs.
  let inline: ReturnType<typeof newDetector> | undefined;
  const inlineDetector = () => (inline ??= newDetector(ruleSet, req));

  if (req.paths.includes('-')) {
    const r = await scanStream(inlineDetector(), process.stdin, '-', req);
    results.push({ findings: r.findings, files: r.binary ? 0 : 1, bytes: r.bytes, binary: r.binary ? 1 : 0, tooLarge: 0, unreadable: [] });
  }

  const head: WalkEntry[] = [];
  let next = entries.next();
  while (!next.done && head.length < INLINE_FILES) {
    head.push(next.value);
    next = entries.next();
  }
  const threads = req.workers === 0 ? availableParallelism() : req.workers;
  if (next.done || threads <= 1) {
    // Small job or explicitly single-threaded: no pool.
    results.push(await scanBatch(inlineDetector(), head, req));
    for (let batch = takeBatch(entries, next); batch.length > 0; batch = takeBatch(entries)) {
      results.push(await scanBatch(inlineDetector(), batch, req));
    }
  } else {
    // The pool starts at once, in the background: if the main thread alone finishes sooner, it is
    // dropped unused.
    let started: Promise<Piscina<WalkEntry[], BatchResult>> | undefined;
    const startPool = () =>
      (started ??= import('piscina').then(
        ({ Piscina }) => {
          lessInliningForPool();
          return new Piscina<WalkEntry[], BatchResult>({
            filename: pathToFileURL(distFile('scan/worker.js')).href,
            minThreads: threads,
            maxThreads: threads,
            // Each worker holds a second batch, so it starts the next one as soon as it posts a
            // result instead of waiting for the round trip through the main thread (measured on
            // the 36,871-file corpus: worker idle time between batches ~0.7 -> ~0.4 ms per batch).
            // A batch of small files runs synchronously, so two batches only interleave while one
            // awaits a streamed file. Atomics-based waiting is off: with it a worker takes both
            // queued messages at once and posts the first result only after finishing the second.
            concurrentTasksPerWorker: 2,
            atomics: 'disabled',
            // Compiled once here (cached across runs), loaded by each thread.
            workerData: { ruleSet, opts: pickBatchOptions(req), prefilter: prefilterFor(ruleSet) },
          });
        },
      ));
    void startPool();
    let batch: WalkEntry[];
    // With the default worker count, a job the main thread finishes within INLINE_MS never pays
    // for a pool: starting one (threads loading modules, compiling the rules) costs ~150-200 ms.
    // A walk of more than LOOKAHEAD_FILES files goes to the pool at once: scanning on the main
    // thread meanwhile would only warm up a third detector and compete with the pool's start.
    const ahead = [...head];
    if (req.workers === 0) {
      for (let e: IteratorResult<WalkEntry> = next; !e.done; e = entries.next()) {
        ahead.push(e.value);
        if (ahead.length > LOOKAHEAD_FILES) break; // before taking another: none is dropped
      }
    } else if (!next.done) ahead.push(next.value);
    if (req.workers === 0 && ahead.length <= LOOKAHEAD_FILES) {
      // The whole job is known: scan for INLINE_MS, then finish on the main thread if, at the
      // rate measured so far, that is sooner than a pool could start. The clock starts after the
      // first files, which also pay for warming up the detector.
      results.push(await scanBatch(inlineDetector(), head, req));
      const start = performance.now();
      let done = head.length;
      while (done < ahead.length && performance.now() - start < INLINE_MS) {
        results.push(await scanBatch(inlineDetector(), ahead.slice(done, done + BATCH_FILES), req));
        done += BATCH_FILES;
      }
      const msPerFile = (performance.now() - start) / done;
      const rest = ahead.slice(done);
      if (rest.length * msPerFile < POOL_START_MS) {
        for (let i = 0; i < rest.length; i += BATCH_FILES) results.push(await scanBatch(inlineDetector(), rest.slice(i, i + BATCH_FILES), req));
        void startPool().then((p) => p.destroy());
        batch = [];
      } else {
        entries = rest[Symbol.iterator]();
        batch = takeBatch(entries);
      }
    } else {
      // The files looked at so far first, then the rest of the walk.
      const more = entries;
      entries = (function* () {
        yield* ahead;
        yield* { [Symbol.iterator]: () => more };
      })();
      batch = takeBatch(entries);
    }
    if (batch.length > 0) {
      workersUsed = threads;
      const pool = await startPool();
      try {
        const pending: Promise<BatchResult>[] = [];
        for (; batch.length > 0; batch = takeBatch(entries)) {
          pending.push(pool.run(batch));
          // Let finished batches come back while the walk goes on.
          await new Promise((r) => setImmediate(r));
        }
        results.push(...(await Promise.all(pending)));
      } finally {
        await pool.destroy();
      }
    }
  }

  const findings = results.flatMap((r) => r.findings).sort(compareFindings);
  const unreadable = [...counters.unreadable, ...results.flatMap((r) => r.unreadable)];
  for (const u of unreadable) warnings.push(`could not read ${u}`);
  const sum = (k: 'files' | 'bytes' | 'binary' | 'tooLarge') => results.reduce((a, r) => a + r[k], 0);
  return {
    findings,
    stats: {
      files: sum('files'),
      bytes: sum('bytes'),
      skippedBinary: sum('binary'),
      skippedTooLarge: sum('tooLarge'),
      unreadable: unreadable.length,
      rules: ruleSet.rules.length,
      workers: workersUsed,
      durationMs: Math.round(performance.now() - t0),
      complete: unreadable.length === 0,
    },
    warnings,
    ...(req.profile ? { profile: mergeProfiles(results, inline ? takeProfile(inline) : []) } : {}),
  };
}

function takeBatch(it: Iterator<WalkEntry>, first?: IteratorResult<WalkEntry>): WalkEntry[] {
  const batch: WalkEntry[] = [];
  let r = first ?? it.next();
  while (!r.done) {
    batch.push(r.value);
    if (batch.length >= BATCH_FILES) break;
    r = it.next();
  }
  return batch;
}

function pickBatchOptions(req: ScanRequest): BatchOptions {
  return { showSecrets: req.showSecrets, maxFileSize: req.maxFileSize, profile: req.profile };
}

function mergeProfiles(results: BatchResult[], extra: Array<[string, number, number, number]>): ProfileRow[] {
  const by = new Map<string, ProfileRow>();
  for (const [ruleId, ns, runs, matches] of [...results.flatMap((r) => r.profile ?? []), ...extra]) {
    const row = by.get(ruleId) ?? { ruleId, ms: 0, runs: 0, matches: 0 };
    row.ms += ns / 1e6;
    row.runs += runs;
    row.matches += matches;
    by.set(ruleId, row);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}
