import type { Detector } from '../detect/detector.js';
import type { Finding, ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import type { BlobJob, BlobOutcome } from './blob-jobs.js';
import { BlobScanner, INLINE_LIMIT, type BlobScannerOptions } from './blob-pool.js';
import { isEmpty, touches, type AddedLines } from './line-ranges.js';
import type { ObjectReader } from './objects.js';
import { poolThreads } from './pool.js';

/** A change of up to this many blobs may stay on the main thread (scheduler.ts, inlineFirst). */
const LOOKAHEAD_BLOBS = 4096;

/** A blob to scan whose findings count only on some lines (what a change adds). */
export interface RangedBlob {
  oid: string;
  /** Where the blob is reported (and what path-scoped rules see). */
  path: string;
  added: AddedLines;
  /** Provenance: the commit adding the lines (push scans). */
  commit?: string;
  /**
   * `oid` is a commit whose message is scanned (at `path`, `added` 'all'), as history does
   * (history/messages.ts): on the worker threads with the blobs. Its findings get source
   * "commit-message"; a commit that cannot be read makes the scan incomplete.
   */
  message?: boolean;
  /**
   * Where the blob comes from when no commit adds it (a file of a tree a ref names): set on its
   * findings; an object there that is not a blob makes the scan incomplete.
   */
  origin?: Pick<Finding, 'file' | 'source' | 'ref'>;
}

export interface RangedScanOptions {
  ruleSet: RuleSet;
  /** The object store the blobs are read from (a worker thread opens its own reader from `spec`). */
  reader: BlobScannerOptions<BlobJob>['reader'];
  /** Worker threads (0 = one per core, 1 = the main thread only). A job of a few blobs never starts a pool. */
  workers: number;
  /** The main thread's detector (made by the caller while git computes the diff). */
  detector: () => Detector;
  showSecrets: boolean;
  /** Called before each object is read; throw to stop (a time budget). */
  checkpoint?: () => void;
  /** Jobs kept on the main thread (default: the scheduler's; 0 forces the pool, for tests). */
  inlineJobs?: number;
}

export interface RangedScan {
  findings: Finding[];
  files: number;
  bytes: number;
  binary: number;
  /** "<path>: <reason>" for objects that could not be read. */
  unreadable: string[];
  /** Worker threads used (0: the main thread did it all). */
  workers: number;
}

/** One blob id and the paths it is scanned at: read once, scanned once per path. */
interface RangedJob extends BlobJob {
  n: number;
}

/** A (blob, path) in the order first given: its job, the path's place in it, the uses needing it. */
interface Use {
  job: number;
  at: number;
  uses: RangedBlob[];
}

/**
 * Scans blobs through the engine's blob scheduler and keeps the findings on the lines given.
 * Each blob is scanned whole (a private key whose middle line changed is still seen as one
 * secret) and once per (id, path), however many commits add lines to it: deduplicated by blob id
 * before any read. Findings come in the order the blobs were given, whatever the worker count.
 */
export async function scanRanged(blobs: readonly RangedBlob[], opts: RangedScanOptions): Promise<RangedScan> {
  const { jobs, order } = plan(blobs);
  const out: RangedScan = { findings: [], files: 0, bytes: 0, binary: 0, unreadable: [], workers: 0 };
  if (jobs.length === 0) return out; // no object reader started
  const outcomes: BlobOutcome[] = [];
  const scanner = new BlobScanner<RangedJob>({
    ruleSet: opts.ruleSet,
    reader: opts.reader,
    threads: poolThreads(opts.workers),
    // With the default worker count, a large change is scanned where it finishes sooner.
    lookahead: opts.workers === 0 ? LOOKAHEAD_BLOBS : 0,
    showSecrets: opts.showSecrets,
    preview: true,
    detector: opts.detector,
    ...(opts.checkpoint ? { checkpoint: opts.checkpoint } : {}),
    ...(opts.inlineJobs !== undefined ? { inlineJobs: opts.inlineJobs } : {}),
    onOutcome: (o, job) => (outcomes[job.n] = o),
  });
  try {
    for (const job of jobs) {
      scanner.add(job);
      if (job.n % 128 === 127) await scanner.drain();
    }
    await scanner.drain();
    await scanner.finish();
    out.workers = scanner.workers;
  } finally {
    await scanner.destroy();
  }
  // A key store by its path (a path-only rule) stands for the whole file: any change to it adds it.
  const pathRules = new Set(opts.ruleSet.rules.filter((r) => r.pathOnly).map((r) => r.id));
  for (const use of order) collect(outcomes[use.job]!, use, out, (f) => pathRules.has(f.ruleId));
  return out;
}

/** The jobs (one per blob id, its paths in the order met) and the (id, path) pairs in the order given. */
function plan(blobs: readonly RangedBlob[]): { jobs: RangedJob[]; order: Use[] } {
  const jobs: RangedJob[] = [];
  const byOid = new Map<string, RangedJob>();
  const byKey = new Map<string, Use>();
  for (const b of blobs) {
    if (isEmpty(b.added)) continue;
    // A message job reads the commit, not a blob: never one job with a blob of the same id.
    const jobKey = b.message ? `m${b.oid}` : b.oid;
    const key = `${jobKey}\0${b.path}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.uses.push(b);
      continue;
    }
    let job = byOid.get(jobKey);
    if (!job) {
      job = { oid: b.oid, paths: [], n: jobs.length, ...(b.message ? { message: true } : {}) };
      byOid.set(jobKey, job);
      jobs.push(job);
    }
    byKey.set(key, { job: job.n, at: job.paths.length, uses: [b] });
    job.paths.push(b.path);
  }
  return { jobs, order: [...byKey.values()] };
}

/** One (id, path)'s outcome into `out`: counted as a file or binary, its findings on the uses' lines. */
function collect(o: BlobOutcome, use: Use, out: RangedScan, wholeFile: (f: Finding) => boolean): void {
  const { oid, path, message, origin } = use.uses[0]!;
  if (message && (o.missing !== undefined || o.notBlob !== undefined)) {
    out.unreadable.push(`commit ${oid}${o.missing ? ` (${o.missing})` : ''}, so its message was not scanned`);
    return;
  }
  if (o.missing !== undefined) {
    const where = origin?.file ?? path;
    out.unreadable.push(o.missing ? `${where}: object ${oid} could not be read (${o.missing})` : `${where}: object ${oid} is missing`);
    return;
  }
  if (o.notBlob !== undefined) {
    if (origin) out.unreadable.push(`${origin.file}: object ${oid} is not a blob`);
    return; // in a commit's diff: a submodule's commit, nothing of this repository's content
  }
  if (o.binary) out.binary++; // its findings, if any, are a path-only rule's
  else {
    if (!message) out.files++; // a message counts its bytes, not as a file
    out.bytes += o.size;
  }
  const found = o.findings[use.at] ?? [];
  for (const u of use.uses) {
    for (const f of found) {
      if (touches(u.added, f.line, f.endLine) || wholeFile(f)) out.findings.push(provenanced(f, u));
    }
  }
}

/** A finding with its use's provenance: the commit adding its lines, or whose message holds it. */
function provenanced(f: Finding, u: RangedBlob): Finding {
  if (u.message) return { ...f, commit: u.oid, source: 'commit-message' };
  if (u.origin) return { ...f, ...u.origin };
  return u.commit !== undefined ? { ...f, commit: u.commit } : f;
}

type Reader = RangedScanOptions['reader'];

/**
 * The main thread's object reader, started now: git starts while the caller loads its rules (a
 * few milliseconds of a commit hook). The scan takes it on its
 * first read; close() ends it if the scan never did (nothing to read, or all on worker threads).
 */
export function startReader(reader: Reader): Reader & { close: () => void } {
  let early: ObjectReader | undefined = reader.open({ inlineLimit: INLINE_LIMIT });
  const close = () => {
    early?.close();
    early = undefined;
  };
  return {
    spec: reader.spec,
    open: (engine) => {
      const taken = early && engine.inlineLimit === INLINE_LIMIT ? early : undefined;
      if (!taken) close();
      early = undefined;
      return taken ?? reader.open(engine);
    },
    close,
  };
}

/** A ranged scan as a ScanResult (findings in the order given): shared by `staged` and the push hooks. */
export function rangedResult(r: RangedScan, rules: number, t0: number, extra: { commits?: number } = {}): ScanResult {
  return {
    findings: r.findings,
    stats: {
      files: r.files,
      bytes: r.bytes,
      skippedBinary: r.binary,
      skippedTooLarge: 0,
      unreadable: r.unreadable.length,
      rules,
      workers: r.workers,
      durationMs: Math.round(performance.now() - t0),
      ...extra,
      complete: r.unreadable.length === 0,
    },
    warnings: r.unreadable.map((u) => `could not read ${u}`),
  };
}
