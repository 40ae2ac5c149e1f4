import { availableParallelism } from 'node:os';
import type { BlobJob, BlobOutcome } from '../engine/blob-jobs.js';
import { BlobScanner } from '../engine/blob-pool.js';
import { SeenBlobs } from '../engine/seen-blobs.js';
import { isPartialClone } from '../git/refs.js';
import type { RepoInfo } from '../git/repo.js';
import type { RuleSet } from '../rules/resolve.js';
import { gitReader } from '../sources/git-objects.js';
import { historyEnvs } from '../sources/history-walk.js';
import type { HistoryCache, StoredFinding, StoredLocation } from './cache.js';
import { debugPhase } from './debug-phase.js';
import type { HistoryOptions } from './options.js';
import { PathClasses } from './path-class.js';
import { toStored } from './stored.js';
import { MAX_MISSING_WARNINGS } from './warnings.js';
import { HAS_RESULTS, CACHED, READ, WALKED, WalkIndex } from './walk-index.js';

/** A job of this run: also the blob's index in the walk index. */
export interface WalkJob extends BlobJob {
  blob: number;
  /** Index (WalkIndex.pathId) of each of `paths`. */
  pathIds: number[];
  /** A message job: the commit's index in this walk (-1: a commit of an earlier walk). */
  commitIndex?: number;
}

/**
 * What a history run knows about the blobs it meets: which need a read (want), what each read
 * found (record), the cache's answers and the counts. The findings with their locations and
 * provenance are results.ts; the commit messages and ref targets, messages.ts; the run itself,
 * run.ts (each extends the one before).
 */
export abstract class HistoryRecords {
  protected readonly ruleSet: RuleSet;
  protected readonly classes: PathClasses;
  protected readonly warnings: string[] = [];
  protected readonly env: NodeJS.ProcessEnv;
  protected readonly walkEnv: NodeJS.ProcessEnv;
  protected readonly partial: boolean;
  protected readonly showSecrets: boolean;
  protected readonly index = new WalkIndex();
  protected readonly scanner: BlobScanner<WalkJob>;
  /** Path class id per path index of the walk index (-1: the project allowlists the path). */
  protected readonly pathClass: number[] = [];
  /** The last job made for each blob (by blob index), while it may still take more paths. */
  protected readonly jobOf: (WalkJob | undefined)[] = [];
  protected cache!: HistoryCache;
  protected gen = 0;

  /** The (blob index, path class) pairs met: a blob is scanned once per path class. */
  protected readonly seen = new SeenBlobs();
  /** Findings per "<oid>:<class>": only blobs that have some. */
  protected readonly results = new Map<string, StoredFinding[]>();
  /** With --show-secrets: the raw values of this run's findings, same keys. Never cached. */
  protected readonly rawSecrets = new Map<string, string[]>();
  protected readonly missing = new Set<string>();
  protected locations: StoredLocation[] = [];
  protected missingLocations: StoredLocation[] = [];

  protected requested = 0;
  protected answered = 0;
  protected readCount = 0;
  protected bytes = 0;
  protected textBlobs = 0;
  protected binary = 0;
  protected unreadable = 0;
  /** For the progress bar: blobs known before this walk, and blobs settled without a read (cached, absent). */
  protected barBase = 0;
  protected settled = 0;
  protected stopWalk: (() => void) | undefined;
  protected readonly t0 = performance.now();

  constructor(
    protected readonly cwd: string,
    protected readonly paths: RepoInfo,
    protected readonly opts: HistoryOptions,
  ) {
    this.ruleSet = opts.ruleSet;
    this.showSecrets = opts.showSecrets === true;
    this.classes = new PathClasses(opts.ruleSet);
    this.partial = isPartialClone(cwd);
    const envs = historyEnvs(this.partial);
    this.env = envs.read;
    this.walkEnv = envs.walk;
    const w = opts.workers ?? 0;
    this.scanner = new BlobScanner({
      ruleSet: opts.ruleSet,
      reader: gitReader({ cwd, env: this.env }),
      threads: w === 0 ? availableParallelism() : w,
      showSecrets: this.showSecrets,
      onOutcome: (outcome, job) => this.record(outcome, job),
    });
  }

  /** The path class id of path index `p`, or -1 when the project allowlists the path. */
  protected classOf(p: number): number {
    let id = this.pathClass[p];
    if (id === undefined) {
      const cls = this.classes.of(this.index.paths[p]!);
      id = this.pathClass[p] = cls === undefined ? -1 : this.cache.classId(cls);
    }
    return id;
  }

  /**
   * Decides what a (blob, path index) needs: nothing (seen), the cache's answer, or a read.
   * Returns the blob's index, or undefined when the project allowlists the path (never scanned).
   * Called once per entry of the walk: one Map lookup for the path and one for the blob.
   */
  protected want(oid: string, p: number, absent: Set<string>, walked = false): number | undefined {
    const classId = this.classOf(p);
    if (classId < 0) return undefined;
    const b = this.index.blob(oid);
    if (walked) this.index.flags[b]! |= WALKED;
    if (!this.seen.firstTime(b, classId)) return b; // scanned, or asked for, under this path class
    const cached = this.cache.lookup(oid, classId);
    // --show-secrets needs the raw values, which the cache never holds.
    if (cached !== undefined && !(this.showSecrets && cached.length > 0)) {
      if (cached.length > 0) this.setResults(b, `${oid}:${classId}`, cached);
      this.index.flags[b]! |= CACHED;
      this.settled++;
      return b;
    }
    if (absent.has(oid)) {
      this.noteMissing(oid);
      this.settled++;
      return b;
    }
    const path = this.index.paths[p]!;
    const waiting = this.jobOf[b];
    if (waiting && !waiting.sent) {
      waiting.paths.push(path);
      waiting.pathIds.push(p);
    } else {
      const job: WalkJob = { oid, paths: [path], blob: b, pathIds: [p] };
      this.jobOf[b] = job;
      this.scanner.add(job);
      this.requested++;
      this.report();
    }
    return b;
  }

  protected setResults(b: number, key: string, found: StoredFinding[]): void {
    this.results.set(key, found);
    this.index.flags[b]! |= HAS_RESULTS;
  }

  /** A scanned blob: its findings (without secrets) go to the cache and the results. */
  protected record(outcome: BlobOutcome, job: WalkJob): void {
    if (job.message) return this.recordMessage(outcome, job);
    this.answered++;
    if (this.jobOf[job.blob] === job) this.jobOf[job.blob] = undefined;
    if (outcome.missing !== undefined) {
      this.noteMissing(outcome.oid, outcome.missing || undefined);
      this.report();
      return;
    }
    // A blob met under a second path class after its first job was sent is read again: counted
    // once, so stats.files and bytes do not depend on that timing.
    const first = !(this.index.flags[job.blob]! & READ);
    this.index.flags[job.blob]! |= READ;
    if (first) {
      this.readCount++;
      this.bytes += outcome.size;
    }
    this.report();
    if (outcome.notBlob !== undefined) {
      this.unreadable++;
      this.warnings.push(`object ${outcome.oid} is a ${outcome.notBlob}, expected a blob`);
      return;
    }
    if (first && outcome.binary) this.binary++;
    else if (first) this.textBlobs++;
    job.pathIds.forEach((p, i) => {
      const classId = this.classOf(p);
      const found = outcome.findings[i];
      if (!found || found.length === 0) {
        // Most blobs: no key string unless an earlier answer for the blob is to be dropped.
        this.cache.store(outcome.oid, classId, []);
        if (this.index.flags[job.blob]! & HAS_RESULTS) this.results.delete(`${outcome.oid}:${classId}`);
        return;
      }
      const key = `${outcome.oid}:${classId}`;
      const stored = found.map((f) => toStored(f, this.showSecrets));
      this.cache.store(outcome.oid, classId, stored);
      this.setResults(job.blob, key, stored);
      if (this.showSecrets) this.rawSecrets.set(key, found.map((f) => f.secret));
    });
  }

  protected noteMissing(oid: string, why?: string): void {
    if (this.missing.has(oid)) return;
    this.missing.add(oid);
    if (this.missing.size <= MAX_MISSING_WARNINGS) this.warnings.push(why ? `blob ${oid} could not be read (${why}); not scanned` : `blob ${oid} is missing from the object store; not scanned`);
    else if (this.missing.size === MAX_MISSING_WARNINGS + 1) this.warnings.push('more blobs are missing; see stats.blobsMissing');
  }

  protected report(): void {
    const base = this.barBase + this.settled;
    this.opts.progress?.update(base + this.answered, base + this.requested, this.bytes);
  }

  /** A commit message's job answered (messages.ts). */
  protected abstract recordMessage(outcome: BlobOutcome, job: WalkJob): void;

  protected phase(name: string): void {
    debugPhase(this.t0, name);
  }
}
