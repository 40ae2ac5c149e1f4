import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../cli/options.js';
import { distFile } from '../package-root.js';
import type { Detector } from '../detect/detector.js';
import { BlobReader } from '../git/blob-reader.js';
import { rawLog } from '../git/raw-log.js';
import { missingObjects, unreachableFrom } from '../git/reachability.js';
import { allTips, commonGitDir, isPartialClone, remoteTrackingRefs, resolveCommit, shallowBoundary } from '../git/refs.js';
import { GitError, gitText } from '../git/run.js';
import { compareFindings, type Finding, type ScanResult } from '../report/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { newDetector } from '../scan/batch.js';
import { scanStream } from '../scan/scan-data.js';
import { redact } from '../scan/secret-id.js';
import { scanBlobBatch, type BlobBatch, type BlobJob, type BlobOutcome } from './blob-scan.js';
import { HistoryCache, rulesHash, type ScopeState, type StoredCommit, type StoredFinding, type StoredLocation } from './cache.js';
import { PathClasses } from './path-class.js';
import type { ProgressSink } from './progress.js';
import { buildFindings, type Occurrence } from './provenance.js';

export interface HistoryOptions {
  ruleSet: RuleSet;
  /** Scan only what these refs reach (default: every ref, HEAD and worktree HEADs). */
  branches?: string[];
  /** Only commits after this revision. */
  since?: string;
  /** Ignore what the cache remembers (it is rewritten). */
  full?: boolean;
  /** false: neither read nor write the cache. */
  cache?: boolean;
  showSecrets?: boolean;
  /** Worker threads; 0 = one per core, 1 = scan on the main thread. */
  workers?: number;
  progress?: ProgressSink;
}

/** A problem the user can fix (not a git repository, unknown revision): no stack trace. */
export class HistoryError extends Error {}

/** Blobs larger than this are streamed through the main thread in bounded memory. */
const INLINE_LIMIT = 32 * 1024 * 1024;
/** Bytes per batch sent to a worker: one transfer per batch. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_BLOBS = 1024;
/** Up to this much content is scanned on the main thread before a pool is worth starting. */
const INLINE_BYTES = 8 * 1024 * 1024;
const REGULAR_FILE = new Set(['100644', '100755']);
// Blob flags.
const WALKED = 1;
const CACHED = 2;
const READ = 4;
const RANK_SPAN = 2 ** 31;
/**
 * git maps whole packs into memory by default, so the walk and the reader would each show the
 * pack's size as resident memory: measured on the 1.1 GB benchmark repository (335 MB pack),
 * cat-file went from 450 MB to 160 MB RSS for 6% more time with these limits.
 */
const PACK_LIMITS: NodeJS.ProcessEnv = {
  GIT_CONFIG_COUNT: '3',
  GIT_CONFIG_KEY_0: 'core.packedGitWindowSize',
  GIT_CONFIG_VALUE_0: '32m',
  GIT_CONFIG_KEY_1: 'core.packedGitLimit',
  GIT_CONFIG_VALUE_1: '128m',
  GIT_CONFIG_KEY_2: 'core.deltaBaseCacheLimit',
  GIT_CONFIG_VALUE_2: '64m',
};

/**
 * Scans every blob reachable from the selected refs once, then attaches provenance (introducing
 * commit, author, date, other locations) and pushed/local status to the blobs that have
 * findings. See docs/history.md.
 */
export async function scanHistory(repoPath: string, opts: HistoryOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const cwd = resolve(repoPath);
  try {
    gitText(['rev-parse', '--git-dir'], { cwd });
  } catch {
    throw new HistoryError(`${repoPath} is not a git repository`);
  }
  const run = new HistoryRun(cwd, opts);
  const result = await run.execute();
  result.stats.durationMs = Math.round(performance.now() - t0);
  return result;
}

interface PendingRead {
  paths: string[];
  classIds: number[];
}

class HistoryRun {
  private readonly ruleSet: RuleSet;
  private readonly classes: PathClasses;
  private readonly warnings: string[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly partial: boolean;
  private cache!: HistoryCache;

  // Walk: commits, paths and (blob, path, commit) pairs in compact columns.
  private readonly commitOids: string[] = [];
  private readonly commitInfo: StoredCommit[] = [];
  private readonly pathIds = new Map<string, number>();
  private readonly paths: string[] = [];
  private readonly blobIds = new Map<string, number>();
  private readonly blobOids: string[] = [];
  private pairs = new Int32Array(3 * 4096);
  private pairCount = 0;
  private gen = 0;

  /** Per blob index: WALKED | CACHED | READ, and the first path class seen + 1. */
  private flags = new Uint8Array(4096);
  private firstClass = new Int32Array(4096);
  /** "<blob index>:<class>" for the rare blobs seen under a second path class. */
  private readonly moreClasses = new Set<string>();
  // Findings per "<oid>:<class>" (few).
  private readonly results = new Map<string, StoredFinding[]>();
  /** Raw findings (with secrets) of this run, only kept with --show-secrets. */
  private readonly rawSecrets = new Map<string, string[]>();
  private readonly pending = new Map<string, PendingRead>();
  private readonly missing = new Set<string>();
  private readCount = 0;
  private reader!: BlobReader;
  private requested = 0;
  private answered = 0;
  private bytes = 0;
  private textBlobs = 0;
  private binary = 0;
  private unreadable = 0;

  // Scanning.
  private inline: Detector | undefined;
  private pool: import('piscina').Piscina<BlobBatch, BlobOutcome[]> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private dispatched = 0;
  private readonly threads: number;
  private batch: { oid: string; data: Buffer; job: PendingRead }[] = [];
  private rescan: { oid: string; job: PendingRead }[] = [];
  private batchBytes = 0;

  constructor(
    private readonly cwd: string,
    private readonly opts: HistoryOptions,
  ) {
    this.ruleSet = opts.ruleSet;
    this.classes = new PathClasses(opts.ruleSet);
    this.partial = isPartialClone(cwd);
    // Never download: a partial clone's missing blobs are reported, not fetched one by one.
    this.env = { ...PACK_LIMITS, ...(this.partial ? { GIT_NO_LAZY_FETCH: '1' } : {}) };
    const w = opts.workers ?? 0;
    this.threads = w === 0 ? availableParallelism() : w;
  }

  private readonly t0 = performance.now();
  /** KEYWARD_DEBUG=1: phase timings on stderr, to see where a slow scan spends its time. */
  private phase(name: string): void {
    if (!process.env.KEYWARD_DEBUG) return;
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    const m = process.memoryUsage();
    const mem = `peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB (heap ${mb(m.heapUsed)}, buffers ${mb(m.arrayBuffers)})`;
    process.stderr.write(`keyward: debug: ${(performance.now() - this.t0).toFixed(0)} ms, ${mem}: ${name}\n`);
  }

  async execute(): Promise<ScanResult> {
    this.phase('start');
    const { tips, exclude, scopeKey } = this.scope();
    const cacheDir = join(commonGitDir(this.cwd), 'keyward');
    const hash = rulesHash(this.ruleSet, VERSION);
    this.cache = HistoryCache.load(cacheDir, hash, this.opts.full === true || this.opts.cache === false);
    const shallow = shallowBoundary(this.cwd);

    // Incremental: walk only what the last walk of this scope did not see, if that history is intact.
    let state = this.cache.scope(scopeKey);
    let walkExclude = exclude;
    if (state && !(await this.canContinue(state, tips, shallow))) state = undefined;
    if (state) {
      this.gen = state.gen + 1;
      walkExclude = [...exclude, ...state.tips];
    }

    this.phase(state ? `incremental walk (generation ${this.gen})` : 'full walk');
    let walked = 0;
    let walkComplete = true;
    try {
      if (tips.length > 0) {
        const absent = this.partial ? await missingObjects(this.cwd, tips, walkExclude, this.env) : new Set<string>();
        await this.readPass(async () => {
          // Blobs a previous run could not read are asked for again; with --show-secrets, so
          // are the earlier blobs with findings (the cache holds no secret values).
          for (const m of state?.missing ?? []) this.want(m.blob, m.path, absent);
          if (this.opts.showSecrets) for (const l of state?.locations ?? []) this.want(l.blob, l.path, absent);
          walkComplete = await this.walk(tips, walkExclude, absent);
          this.phase('walk done');
        });
        // A huge blob seen under several path classes is streamed once per class.
        while (this.rescan.length > 0) {
          const again = this.rescan;
          this.rescan = [];
          await this.readPass(async () => {
            for (const r of again) this.request(r.oid, r.job);
          });
        }
        await Promise.all(this.inflight);
        walked = this.commitOids.length;
        this.phase(`scanned ${this.readCount} blobs of ${this.blobOids.length}, ${walked} commits walked`);
      }
    } finally {
      await this.pool?.destroy();
      this.opts.progress?.stop();
    }

    const occurrences = this.occurrences(state);
    const findings = await buildFindings({
      cwd: this.cwd,
      occurrences,
      rules: new Map(this.ruleSet.rules.map((r) => [r.id, r])),
      commits: this.commitMap(state),
      remotes: remoteTrackingRefs(this.cwd),
    });
    findings.sort(compareFindings);
    this.phase(`provenance of ${occurrences.length} occurrences`);

    let walkedBlobs = 0;
    let cachedBlobs = 0;
    for (let b = 0; b < this.blobOids.length; b++) {
      const f = this.flags[b]!;
      if (f & WALKED) walkedBlobs++;
      if (f & WALKED && f & CACHED && !(f & READ)) cachedBlobs++;
    }
    const blobs = (state?.blobs ?? 0) + walkedBlobs;
    const complete = this.finishWarnings(shallow, walkComplete);
    // A walk that stopped early must not be taken as the starting point of the next one.
    if (this.opts.cache !== false) this.saveCache(walkComplete ? scopeKey : undefined, tips, shallow, state, blobs);
    this.phase('cache saved');

    return {
      findings,
      warnings: this.warnings,
      stats: {
        files: this.textBlobs,
        bytes: this.bytes,
        skippedBinary: this.binary,
        skippedTooLarge: 0,
        unreadable: this.unreadable + (walkComplete ? 0 : 1) + shallow.length,
        rules: this.ruleSet.rules.length,
        workers: this.pool ? this.threads : 0,
        durationMs: 0,
        blobs,
        blobsCached: (state?.blobs ?? 0) + cachedBlobs,
        blobsMissing: this.missing.size,
        commits: (state?.commits ?? 0) + walked,
        complete,
      },
    };
  }

  /** Refs to walk and the cache scope they form. */
  private scope(): { tips: string[]; exclude: string[]; scopeKey: string } {
    const resolveRev = (rev: string, flag: string): string => {
      try {
        return resolveCommit(this.cwd, rev);
      } catch {
        throw new HistoryError(`${flag} ${rev}: no such commit in ${this.cwd}`);
      }
    };
    const branches = [...new Set(this.opts.branches ?? [])].sort();
    const tips = branches.length > 0 ? [...new Set(branches.map((b) => resolveRev(b, '--branch')))] : allTips(this.cwd);
    const since = this.opts.since !== undefined ? resolveRev(this.opts.since, '--since') : undefined;
    const scopeKey = `${branches.length > 0 ? `branch:${branches.join('\n')}` : 'all'}${since ? `|since:${since}` : ''}`;
    return { tips, exclude: since ? [since] : [], scopeKey };
  }

  /** The last walk can be extended when its tips are still in the history and the clone was not deepened. */
  private async canContinue(state: ScopeState, tips: string[], shallow: string[]): Promise<boolean> {
    if (state.shallow.join() !== shallow.join() || tips.length === 0) return false;
    try {
      return (await unreachableFrom(this.cwd, state.tips, tips)).size === 0;
    } catch {
      return false; // an old tip is gone from the store
    }
  }

  /** Streams the history walk; returns false when git stopped before the end. */
  private async walk(tips: string[], exclude: string[], absent: Set<string>): Promise<boolean> {
    const walk = rawLog(this.cwd, tips, exclude, this.env);
    try {
      for await (const entries of walk.entries) {
        for (const { commit, changes } of entries) {
          const ci = this.commitOids.length;
          this.commitOids.push(commit.oid);
          this.commitInfo.push({ author: commit.author, email: commit.email, date: commit.date });
          for (const ch of changes) {
            // Symlinks hold a path, submodules a commit of another repository: not entered.
            if (!REGULAR_FILE.has(ch.mode)) continue;
            const b = this.want(ch.blob, ch.path, absent, true);
            if (b !== undefined) this.addPair(b, ch.path, ci);
          }
        }
      }
      await walk.done;
      return true;
    } catch (e) {
      walk.kill();
      this.warnings.push(`history walk stopped early, the rest of the history was not scanned: ${e instanceof GitError ? e.stderr.trim().split('\n').pop() : (e as Error).message}`);
      return false;
    }
  }

  /** Decides what a (blob, path) needs: nothing, a cached answer, or a read. False when the path is allowlisted. */
  private want(oid: string, path: string, absent: Set<string>, walked = false): number | undefined {
    const cls = this.classes.of(path);
    if (cls === undefined) return undefined;
    const classId = this.cache.classId(cls);
    const b = this.blobIndex(oid);
    if (walked) this.flags[b]! |= WALKED;
    // Most blobs are seen under one path class: no per-(blob, class) key unless there are more.
    const first = this.firstClass[b]!;
    if (first === 0) this.firstClass[b] = classId + 1;
    else if (first === classId + 1) return b;
    else {
      const more = `${b}:${classId}`;
      if (this.moreClasses.has(more)) return b;
      this.moreClasses.add(more);
    }
    const cached = this.cache.lookup(oid, classId);
    // --show-secrets needs the raw values, which the cache never holds.
    if (cached !== undefined && !(this.opts.showSecrets && cached.length > 0)) {
      if (cached.length > 0) this.results.set(`${oid}:${classId}`, cached);
      this.flags[b]! |= CACHED;
      return b;
    }
    if (absent.has(oid)) {
      this.noteMissing(oid);
      return b;
    }
    const waiting = this.pending.get(oid);
    if (waiting) {
      waiting.paths.push(path);
      waiting.classIds.push(classId);
    } else {
      this.request(oid, { paths: [path], classIds: [classId] });
    }
    return b;
  }

  private blobIndex(oid: string): number {
    let b = this.blobIds.get(oid);
    if (b === undefined) {
      b = this.blobOids.length;
      this.blobIds.set(oid, b);
      this.blobOids.push(oid);
      if (b >= this.flags.length) {
        const flags = new Uint8Array(this.flags.length * 2);
        flags.set(this.flags);
        this.flags = flags;
        const first = new Int32Array(this.firstClass.length * 2);
        first.set(this.firstClass);
        this.firstClass = first;
      }
    }
    return b;
  }

  private addPair(b: number, path: string, commit: number): void {
    let p = this.pathIds.get(path);
    if (p === undefined) {
      p = this.paths.length;
      this.pathIds.set(path, p);
      this.paths.push(path);
    }
    if (this.pairCount * 3 + 3 > this.pairs.length) {
      const grown = new Int32Array(this.pairs.length * 2);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    this.pairs.set([b, p, commit], this.pairCount * 3);
    this.pairCount++;
  }

  private noteMissing(oid: string, why?: string): void {
    if (this.missing.has(oid)) return;
    this.missing.add(oid);
    if (this.missing.size <= 20) this.warnings.push(`blob ${oid} is missing from the object store${why ? ` (${why})` : ''}; not scanned`);
    else if (this.missing.size === 21) this.warnings.push('more blobs are missing; see stats.blobsMissing');
  }

  /** Consumes cat-file's answers: batches small blobs for the pool, streams huge ones here. */
  private async readLoop(): Promise<void> {
    for await (const obj of this.reader.read()) {
      const job = this.pending.get(obj.oid);
      this.pending.delete(obj.oid);
      this.answered++;
      if (!job) continue;
      if (obj.missing) {
        this.noteMissing(obj.oid, 'error' in obj ? obj.error : undefined);
        continue;
      }
      this.flags[this.blobIndex(obj.oid)]! |= READ;
      this.readCount++;
      this.bytes += obj.size;
      if (obj.type !== 'blob') {
        this.unreadable++;
        this.warnings.push(`object ${obj.oid} is a ${obj.type}, expected a blob`);
        continue;
      }
      if (obj.data) {
        this.batch.push({ oid: obj.oid, data: obj.data, job });
        this.batchBytes += obj.data.length;
        if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_BLOBS) await this.flush();
      } else if (obj.chunks) {
        await this.scanHuge(obj.oid, obj.chunks, job);
      }
      this.report();
    }
    await this.flush();
  }

  /** A blob over INLINE_LIMIT: windows of it are scanned as they arrive (bounded memory). */
  private async scanHuge(oid: string, chunks: AsyncIterable<Buffer>, job: PendingRead): Promise<void> {
    const detector = (this.inline ??= newDetector(this.ruleSet, { profile: false }));
    const r = await scanStream(detector, chunks, job.paths[0]!, { showSecrets: this.opts.showSecrets === true });
    this.record({ oid, binary: r.binary, findings: [r.findings] }, { paths: [job.paths[0]!], classIds: [job.classIds[0]!] });
    // The stream is gone: other path classes of this blob need another read.
    if (job.paths.length > 1) this.rescan.push({ oid, job: { paths: job.paths.slice(1), classIds: job.classIds.slice(1) } });
  }

  /** Sends the current batch to the pool, or scans it here while the job is small. */
  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const items = this.batch;
    const size = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    const data = new Uint8Array(size);
    const jobs: BlobJob[] = [];
    let at = 0;
    for (const it of items) {
      data.set(it.data, at);
      jobs.push({ oid: it.oid, start: at, end: at + it.data.length, paths: it.job.paths });
      at += it.data.length;
    }
    const batch: BlobBatch = { data, jobs };
    const done = (outcomes: BlobOutcome[]) => outcomes.forEach((o, i) => this.record(o, items[i]!.job));
    this.dispatched += size;
    if (!this.pool && (this.threads <= 1 || this.dispatched <= INLINE_BYTES)) {
      done(scanBlobBatch((this.inline ??= newDetector(this.ruleSet, { profile: false })), batch, { showSecrets: this.opts.showSecrets === true }));
      return;
    }
    const pool = (this.pool ??= await this.startPool());
    const task = pool.run(batch, { transferList: [data.buffer] }).then(done);
    const tracked: Promise<void> = task.finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
    // Backpressure: at most two batches per thread in flight, so memory stays bounded.
    while (this.inflight.size >= this.threads * 2) await Promise.race(this.inflight);
  }

  private async startPool(): Promise<import('piscina').Piscina<BlobBatch, BlobOutcome[]>> {
    const { Piscina } = await import('piscina');
    return new Piscina<BlobBatch, BlobOutcome[]>({
      // The unbundled tsc output: the CLI itself may run from a bundle.
      filename: pathToFileURL(distFile('history/worker.js')).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      workerData: { ruleSet: this.ruleSet, opts: { showSecrets: this.opts.showSecrets === true } },
    });
  }

  /** One cat-file process: `feed` asks for blobs while the answers are scanned. */
  private async readPass(feed: () => Promise<void>): Promise<void> {
    this.reader = new BlobReader(this.cwd, INLINE_LIMIT, this.env);
    const reading = this.readLoop();
    reading.catch(() => undefined); // awaited below; must not count as unhandled meanwhile
    try {
      await feed();
    } finally {
      this.reader.end();
      await reading;
    }
  }

  private request(oid: string, job: PendingRead): void {
    this.pending.set(oid, job);
    this.reader.request(oid);
    this.requested++;
    this.report();
  }

  private record(outcome: BlobOutcome, job: PendingRead): void {
    if (outcome.binary) this.binary++;
    else this.textBlobs++;
    job.classIds.forEach((classId, i) => {
      const key = `${outcome.oid}:${classId}`;
      const found = outcome.findings[i] ?? [];
      const stored = found.map((f) => toStored(f, this.opts.showSecrets === true));
      this.cache.store(outcome.oid, classId, stored);
      if (stored.length > 0) this.results.set(key, stored);
      else this.results.delete(key);
      if (this.opts.showSecrets && found.length > 0) this.rawSecrets.set(key, found.map((f) => f.secret));
    });
  }

  private report(): void {
    this.opts.progress?.update(this.answered, this.requested, this.bytes);
  }

  /** Every secret occurrence: this walk's (blob, path) pairs with findings, and those remembered from earlier walks. */
  private occurrences(state: ScopeState | undefined): Occurrence[] {
    const out: Occurrence[] = [];
    const firstSeen = new Map<string, StoredLocation>(); // "<blob>\0<path>" → earliest location
    const consider = (loc: StoredLocation) => {
      const k = `${loc.blob}\0${loc.path}`;
      const had = firstSeen.get(k);
      if (!had || loc.rank < had.rank) firstSeen.set(k, loc);
    };
    for (const loc of state?.locations ?? []) consider(loc);
    for (const loc of state?.missing ?? []) consider(loc);
    const hasFindings = new Set<string>();
    for (const key of this.results.keys()) hasFindings.add(key.slice(0, key.indexOf(':')));
    for (let i = 0; i < this.pairCount; i++) {
      const oid = this.blobOids[this.pairs[3 * i]!]!;
      if (!hasFindings.has(oid) && !this.missing.has(oid)) continue;
      const c = this.pairs[3 * i + 2]!;
      consider({ blob: oid, path: this.paths[this.pairs[3 * i + 1]!]!, commit: this.commitOids[c]!, rank: this.rankOf(c) });
    }
    this.locations = [];
    this.missingLocations = [];
    for (const loc of firstSeen.values()) {
      if (this.missing.has(loc.blob)) {
        this.missingLocations.push(loc);
        continue;
      }
      const cls = this.classes.of(loc.path);
      if (cls === undefined) continue;
      const key = `${loc.blob}:${this.cache.classId(cls)}`;
      const found = this.results.get(key) ?? this.cache.lookup(loc.blob, this.cache.classId(cls));
      if (!found || found.length === 0) continue;
      this.locations.push(loc);
      const raw = this.rawSecrets.get(key);
      found.forEach((f, j) => out.push({ ...f, secret: raw?.[j] ?? f.secret, commit: loc.commit, rank: loc.rank, path: loc.path }));
    }
    return out;
  }

  private locations: StoredLocation[] = [];
  private missingLocations: StoredLocation[] = [];

  /** History order: a later walk generation comes after an earlier one; within a walk, git lists children first. */
  private rankOf(commitIndex: number): number {
    return this.gen * RANK_SPAN + (RANK_SPAN - 1 - commitIndex);
  }

  private commitMap(state: ScopeState | undefined): Map<string, StoredCommit> {
    const map = new Map<string, StoredCommit>(Object.entries(state?.commitInfo ?? {}));
    const needed = new Set([...this.locations, ...this.missingLocations].map((l) => l.commit));
    this.commitOids.forEach((oid, i) => {
      if (needed.has(oid)) map.set(oid, this.commitInfo[i]!);
    });
    return map;
  }

  private finishWarnings(shallow: string[], walkComplete: boolean): boolean {
    if (shallow.length > 0) {
      this.warnings.push(
        `shallow clone: history before ${shallow.length === 1 ? '1 boundary commit' : `${shallow.length} boundary commits`} is not in this repository; secrets only there were not scanned, and those found at the boundary may be older (git fetch --unshallow)`,
      );
    }
    if (this.missing.size > 0 && this.partial) {
      this.warnings.push(`partial clone: ${this.missing.size} blobs are not downloaded and were not scanned (to fetch them: git -c remote.<name>.partialclonefilter= fetch --refetch <name>)`);
    }
    return this.missing.size === 0 && this.unreadable === 0 && walkComplete && shallow.length === 0;
  }

  private saveCache(scopeKey: string | undefined, tips: string[], shallow: string[], old: ScopeState | undefined, blobs: number): void {
    const commitInfo: Record<string, StoredCommit> = {};
    const all = this.commitMap(old);
    for (const l of [...this.locations, ...this.missingLocations]) {
      const info = all.get(l.commit);
      if (info) commitInfo[l.commit] = info;
    }
    if (scopeKey !== undefined) this.cache.setScope(scopeKey, {
      tips,
      shallow,
      gen: this.gen,
      commits: (old?.commits ?? 0) + this.commitOids.length,
      blobs,
      locations: this.locations,
      missing: this.missingLocations,
      commitInfo,
    });
    try {
      this.cache.save();
    } catch (e) {
      this.warnings.push(`could not write the history cache: ${(e as Error).message}`);
    }
  }
}

function toStored(f: Finding, raw: boolean): StoredFinding {
  return {
    ruleId: f.ruleId,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    secret: raw ? redact(f.secret) : f.secret,
    entropy: f.entropy,
    fingerprint: f.fingerprint,
  };
}
