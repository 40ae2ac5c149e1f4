import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { VERSION } from '../model/errors.js';
import { rawLog } from '../git/raw-log.js';
import { missingObjects } from '../git/reachability.js';
import { packedObjectCount } from '../git/pack-count.js';
import { isPartialClone, remoteTrackingRefs, shallowBoundary } from '../git/refs.js';
import { repoInfo, type RepoInfo } from '../git/repo.js';
import { gitConfigEnv, GitError } from '../git/run.js';
import type { Detector } from '../detect/detector.js';
import { COMMIT_MESSAGE, compareFindings, type Finding, type ScanResult } from '../report/finding.js';
import { newDetector } from '../scan/batch.js';
import { scanCommitMessages } from '../scan/commit-messages.js';
import type { RefTargetScan } from '../scan/ref-targets.js';
import type { RuleSet } from '../rules/resolve.js';
import { redact } from '../scan/secret-id.js';
import type { BlobJob, BlobOutcome } from './blob-jobs.js';
import { BlobScanner } from './blob-scanner.js';
import { HistoryCache, rulesHash, type ScopeState, type StoredCommit, type StoredFinding, type StoredLocation } from './cache.js';
import { PathClasses } from './path-class.js';
import type { ProgressSink } from './progress.js';
import { CommitGraph, gitAncestry } from './commit-graph.js';
import { debugPhase } from './debug-phase.js';
import { incompletenessWarnings, MAX_MISSING_WARNINGS } from './warnings.js';
import { buildFindings, type Occurrence } from './provenance.js';
import { labelNotes, scanHistoryRefs } from './ref-sources.js';
import { canContinue, resolveScope, ScopeError } from './scope.js';
import { CACHED, HAS_RESULTS, READ, WALKED, WalkIndex } from './walk-index.js';

/** A job of this run: also the blob's index in the walk index. */
interface WalkJob extends BlobJob {
  blob: number;
  /** Index (WalkIndex.pathId) of each of `paths`. */
  pathIds: number[];
  /** A message job: the commit's index in this walk (-1: a commit of an earlier walk). */
  commitIndex?: number;
}

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
  /**
   * Aborted (SIGINT): the scan stops, the blobs scanned so far are kept in the cache (the next
   * run does not read them again) and scanHistory rejects with HistoryInterrupted.
   */
  signal?: AbortSignal;
}

/** A problem the user can fix (not a git repository, unknown revision): no stack trace. */
export class HistoryError extends Error {}

/** The scan was interrupted (HistoryOptions.signal); what was scanned is in the cache unless `saved` is false. */
export class HistoryInterrupted extends Error {
  constructor(
    readonly scanned: number,
    readonly found: number,
    readonly saved: boolean,
  ) {
    super(`interrupted after ${scanned} of ${found} blobs`);
  }
}

const REGULAR_FILE = new Set(['100644', '100755']);
/**
 * A full walk of a repository whose packs hold more objects than this starts its worker threads
 * with the walk, not after its first blobs: they load while git starts listing (a small
 * repository never needs them, and an incremental walk rarely does).
 */
const PRESTART_OBJECTS = 20_000;
const RANK_SPAN = 2 ** 31;
/**
 * Part of the cache's validity: a cache written before commit messages were scanned knows
 * nothing of the messages of the commits it walked, so it must not be continued.
 */
const CACHE_SALT = '+messages';
/**
 * git maps whole packs into memory by default, so the walk and the reader would each show the
 * pack's size as resident memory: measured on the 1.1 GB benchmark repository (335 MB pack),
 * cat-file went from 450 MB to 160 MB RSS for 6% more time with these limits. Blobs over 32 MB
 * (bigFileThreshold) git streams instead of holding them: a 300 MB packed blob raised git's
 * RSS to 315 MB, now 101 MB for the whole scan (keyward reads them as a stream too).
 */
const PACK_LIMITS: NodeJS.ProcessEnv = gitConfigEnv({ 'core.packedGitWindowSize': '32m', 'core.packedGitLimit': '128m', 'core.deltaBaseCacheLimit': '64m', 'core.bigFileThreshold': '32m' });
/**
 * The walk reads trees from all over the pack: with 32 MB windows under a 128 MB limit it kept
 * remapping them (3.1 s instead of 1.8 s for `git log --raw` on the benchmark repository). 16 MB
 * windows under 192 MB: 1.8 s and 320 MB RSS, against 460 MB with git's defaults
 * (docs/decisions.md).
 */
const WALK_LIMITS: NodeJS.ProcessEnv = gitConfigEnv({ 'core.packedGitWindowSize': '16m', 'core.packedGitLimit': '192m' });

/**
 * Scans every blob reachable from the selected refs once, then attaches provenance (introducing
 * commit, author, date, other locations) and pushed/local status to the blobs that have
 * findings. See docs/history.md.
 */
export async function scanHistory(repoPath: string, opts: HistoryOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const cwd = resolve(repoPath);
  let paths: RepoInfo;
  try {
    paths = repoInfo(cwd);
  } catch {
    throw new HistoryError(`${repoPath} is not a git repository`);
  }
  try {
    const result = await new HistoryRun(cwd, paths, opts).execute();
    result.stats.durationMs = Math.round(performance.now() - t0);
    return result;
  } catch (e) {
    opts.progress?.stop();
    if (e instanceof ScopeError) throw new HistoryError(e.message);
    throw e;
  }
}

class HistoryRun {
  private readonly ruleSet: RuleSet;
  private readonly classes: PathClasses;
  private readonly warnings: string[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly walkEnv: NodeJS.ProcessEnv;
  private readonly partial: boolean;
  private readonly showSecrets: boolean;
  private readonly index = new WalkIndex();
  private readonly scanner: BlobScanner<WalkJob>;
  /** Path class id per path index of the walk index (-1: the project allowlists the path). */
  private readonly pathClass: number[] = [];
  /** The last job made for each blob (by blob index), while it may still take more paths. */
  private readonly jobOf: (WalkJob | undefined)[] = [];
  private cache!: HistoryCache;
  private gen = 0;
  /** A main-thread detector for commit and tag messages and ref targets (made when needed). */
  private detector: Detector | undefined;

  /** "<blob index>:<class>" for the rare blobs seen under a second path class. */
  private readonly moreClasses = new Set<string>();
  /** Findings per "<oid>:<class>": only blobs that have some. */
  private readonly results = new Map<string, StoredFinding[]>();
  /** With --show-secrets: the raw values of this run's findings, same keys. Never cached. */
  private readonly rawSecrets = new Map<string, string[]>();
  private readonly missing = new Set<string>();
  private locations: StoredLocation[] = [];
  private missingLocations: StoredLocation[] = [];

  private requested = 0;
  private answered = 0;
  private readCount = 0;
  private bytes = 0;
  private textBlobs = 0;
  private binary = 0;
  private unreadable = 0;
  /** For the progress bar: blobs known before this walk, and blobs settled without a read (cached, absent). */
  private barBase = 0;
  private settled = 0;
  private stopWalk: (() => void) | undefined;
  /** Commits (walk indexes below this) whose message is already queued to the worker threads. */
  private messagesQueued = 0;
  private readonly t0 = performance.now();

  constructor(
    private readonly cwd: string,
    private readonly paths: RepoInfo,
    private readonly opts: HistoryOptions,
  ) {
    this.ruleSet = opts.ruleSet;
    this.showSecrets = opts.showSecrets === true;
    this.classes = new PathClasses(opts.ruleSet);
    this.partial = isPartialClone(cwd);
    // Never download: a partial clone's missing blobs are reported, not fetched one by one.
    const noFetch = this.partial ? { GIT_NO_LAZY_FETCH: '1' } : {};
    // The objects as stored: a refs/replace/ entry in .git must not swap a blob for a clean one.
    this.env = { ...PACK_LIMITS, ...noFetch, GIT_NO_REPLACE_OBJECTS: '1' };
    this.walkEnv = { ...WALK_LIMITS, ...noFetch, GIT_NO_REPLACE_OBJECTS: '1' };
    const w = opts.workers ?? 0;
    this.scanner = new BlobScanner({
      ruleSet: opts.ruleSet,
      cwd,
      env: this.env,
      threads: w === 0 ? availableParallelism() : w,
      showSecrets: this.showSecrets,
      onOutcome: (outcome, job) => this.record(outcome, job),
    });
  }

  async execute(): Promise<ScanResult> {
    this.phase('start');
    const scope = resolveScope(this.cwd, this.opts.branches, this.opts.since);
    // Asked now, answered while the history is scanned: only the report needs them.
    const remotes = remoteTrackingRefs(this.cwd);
    remotes.catch(() => undefined);
    const hash = rulesHash(this.ruleSet, `${VERSION}${CACHE_SALT}`);
    const stamp = { repo: realpathSync(this.paths.commonDir), keyward: VERSION, rulesHash: hash };
    this.cache = HistoryCache.load(join(this.paths.commonDir, 'keyward'), stamp, this.opts.full === true || this.opts.cache === false);
    if (this.cache.problem) this.warnings.push(this.cache.problem);
    const shallow = shallowBoundary(this.paths.shallowFile);

    // Incremental: walk only what the last walk of this scope did not see, if that history is intact.
    let state = this.cache.scope(scope.key);
    if (state && !(await canContinue(this.cwd, state, scope.tips, shallow))) state = undefined;
    const exclude = state ? [...scope.exclude, ...state.tips] : scope.exclude;
    if (state) this.gen = state.gen + 1;
    this.barBase = state?.blobs ?? 0;
    this.phase(state ? `incremental walk (generation ${this.gen})` : 'full walk');

    let walkComplete = true;
    let refScan: RefTargetScan | undefined;
    // SIGINT: the walk stops now; what was scanned is saved below (interrupted()).
    this.opts.signal?.addEventListener('abort', () => this.stopWalk?.(), { once: true });
    try {
      if (scope.tips.length > 0) {
        const absent = this.partial ? await missingObjects(this.cwd, scope.tips, exclude, this.env) : new Set<string>();
        // Blobs a previous run could not read are asked for again; with --show-secrets, so
        // are the earlier blobs with findings (the cache holds no secret values).
        for (const m of state?.missing ?? []) this.want(m.blob, this.index.pathId(m.path), absent);
        // (Message locations name a commit, not a blob: scanMessages reads them again.)
        if (this.showSecrets) for (const l of state?.locations ?? []) if (!isMessage(l)) this.want(l.blob, this.index.pathId(l.path), absent);
        walkComplete = await this.walk(scope.tips, exclude, absent, !state && packedObjectCount(this.paths.objectsDir) > PRESTART_OBJECTS);
        this.phase(`walk done, ${this.messagesQueued} of ${this.index.commitOids.length} commit messages already queued`);
        this.throwIfAborted();
        this.opts.progress?.walkDone();
        const messages = this.scanMessages(state?.locations ?? []);
        // Worker threads take the messages as jobs: all of them must be queued before the end.
        const done = async (): Promise<void> => {
          if (this.scanner.pooled) await messages;
          await this.scanner.finish();
          await messages;
        };
        await untilAborted(done(), this.opts.signal);
        this.phase(
          `scanned ${this.readCount} blobs of ${this.index.blobOids.length}, ${this.index.commitOids.length} commits walked`,
        );
      }
      // The threads are done: their memory goes before this thread builds a detector of its own.
      await this.scanner.destroy();
      // Annotated tags and refs naming a blob or a tree: content no walk reaches (all refs only).
      if (!this.opts.branches?.length) refScan = await untilAborted(scanHistoryRefs(this.cwd, this.ruleSet, () => this.mainDetector(), this.showSecrets), this.opts.signal);
    } catch (e) {
      this.opts.progress?.stop();
      throw e === ABORTED ? this.interrupted() : e;
    } finally {
      await this.scanner.destroy();
    }

    const occurrences = this.occurrences(state);
    this.phase(`${occurrences.length} occurrences gathered`);
    const commits = this.commitMap(state);
    const findings = await buildFindings({
      cwd: this.cwd,
      occurrences,
      rules: new Map(this.ruleSet.rules.map((r) => [r.id, r])),
      commits,
      remotes: await remotes,
      // This walk's commits answer in memory; those only an earlier run saw, through git.
      ancestry: new CommitGraph(this.index.commitOids, this.index.parentOids, this.index.parentEnd, gitAncestry(this.cwd)),
    });
    for (const f of findings) if (f.file === COMMIT_MESSAGE) f.source = 'commit-message';
    await labelNotes(this.cwd, findings);
    findings.push(...(refScan?.findings ?? []));
    findings.sort(compareFindings);
    this.rememberIntros(occurrences);
    this.phase(`provenance of ${occurrences.length} occurrences`);

    // An incremental walk meets blobs the cache knows (a file restored, a copy): the scope counted them already.
    const counts = this.index.counts();
    const blobs = state ? state.blobs + counts.unknown : counts.walked;
    const commitCount = (state?.commits ?? 0) + this.index.commitOids.length;
    const refWarnings = refScan?.warnings ?? [];
    this.warnings.push(...refWarnings, ...incompletenessWarnings({ shallow, missingBlobs: this.missing.size, partial: this.partial }));
    const complete = this.missing.size === 0 && this.unreadable === 0 && walkComplete && shallow.length === 0 && refWarnings.length === 0;
    if (this.opts.cache !== false) {
      // A walk that stopped early must not be taken as the starting point of the next one.
      if (walkComplete) this.cache.setScope(scope.key, this.scopeState(scope.tips, shallow, blobs, commitCount, commits));
      try {
        this.cache.save();
      } catch (e) {
        this.warnings.push(`could not write the history cache: ${(e as Error).message}`);
      }
    }
    this.phase('cache saved');
    this.opts.progress?.stop({ blobs, bytes: this.bytes + (refScan?.bytes ?? 0) });

    return {
      findings,
      warnings: this.warnings,
      stats: {
        files: this.textBlobs + (refScan?.files ?? 0),
        bytes: this.bytes + (refScan?.bytes ?? 0),
        skippedBinary: this.binary + (refScan?.binary ?? 0),
        skippedTooLarge: 0,
        unreadable: this.unreadable + (walkComplete ? 0 : 1) + shallow.length + refWarnings.length,
        rules: this.ruleSet.rules.length,
        workers: this.scanner.workers,
        durationMs: 0,
        blobs,
        blobsCached: Math.max(0, blobs - counts.read - this.missing.size),
        blobsMissing: this.missing.size,
        commits: commitCount,
        complete,
      },
    };
  }

  private throwIfAborted(): void {
    if (this.opts.signal?.aborted) throw ABORTED;
  }

  /**
   * SIGINT: the blobs scanned so far go to the cache (records and findings, no scope state: the
   * walk did not finish), so the next run walks again but reads none of them twice.
   */
  private interrupted(): HistoryInterrupted {
    let saved = false;
    if (this.opts.cache !== false) {
      try {
        this.cache.save();
        saved = true;
      } catch {
        // Said by the caller: nothing was kept.
      }
    }
    return new HistoryInterrupted(this.readCount, this.index.blobOids.length, saved);
  }

  private mainDetector(): Detector {
    // A large scan's prefilter (already loaded by its worker threads) spares this thread most
    // rules' regexes and their memory: thousands of messages name no rule at all.
    return (this.detector ??= newDetector(this.ruleSet, { profile: false }, this.scanner.pooled ? this.scanner.prefilter() : undefined));
  }

  /**
   * Scans the message of every commit this walk saw (and, with --show-secrets, of earlier
   * commits with message findings). A message with findings is kept like a blob at the path
   * "<commit message>" whose id is the commit's: cached, given provenance (pushed, author) and
   * remembered by incremental runs as any other location.
   */
  private async scanMessages(earlier: readonly StoredLocation[]): Promise<void> {
    const p = this.index.pathId(COMMIT_MESSAGE);
    const classId = this.classOf(p);
    if (classId < 0) return; // the project allowlists that path
    const again = this.showSecrets ? earlier.filter(isMessage).map((l) => l.blob) : [];
    const walked = this.index.commitOids.length;
    const commits = again.length > 0 ? [...this.index.commitOids, ...again] : this.index.commitOids;
    if (commits.length === 0) return;
    if (this.scanner.pooled) {
      // The worker threads read and scan them as they do blobs: in parallel, and with no
      // detector (its regexes, their memory) on this thread. Answered in record(). Most were
      // queued during the walk already (queueMessages).
      for (let ci = this.messagesQueued; ci < commits.length; ci++) {
        this.scanner.add(messageJob(commits[ci]!, p, ci < walked ? ci : -1));
        if (ci % 1024 === 1023) await this.scanner.drain();
      }
      return;
    }
    let r: Awaited<ReturnType<typeof scanCommitMessages>>;
    try {
      r = await scanCommitMessages(commits, { cwd: this.cwd, detector: this.mainDetector(), showSecrets: this.showSecrets, env: this.env });
    } catch (e) {
      // git died on a damaged commit: the files were scanned, the messages not (incomplete).
      this.warnings.push(`commit messages could not be read, so they were not scanned: ${(e as Error).message}`);
      this.unreadable++;
      return;
    }
    for (const w of r.warnings) this.warnings.push(w);
    this.unreadable += r.warnings.length;
    const byCommit = new Map<string, Finding[]>();
    for (const f of r.findings) byCommit.set(f.commit!, [...(byCommit.get(f.commit!) ?? []), f]);
    const position = byCommit.size > 0 ? new Map(commits.map((c, i) => [c, i])) : undefined;
    for (const [oid, found] of byCommit) {
      const ci = position!.get(oid)!;
      this.storeMessage(oid, p, classId, ci < walked ? ci : -1, found);
    }
  }

  /** A message with findings, kept like a blob whose id is the commit's (at commit index `ci` of this walk, or -1). */
  private storeMessage(oid: string, p: number, classId: number, ci: number, found: Finding[]): void {
    const b = this.index.blob(oid);
    if (ci >= 0) this.index.addPair(b, p, ci);
    const key = `${oid}:${classId}`;
    const stored = found.map((f) => toStored(f, this.showSecrets));
    this.cache.store(oid, classId, stored);
    this.setResults(b, key, stored);
    if (this.showSecrets) this.rawSecrets.set(key, found.map((f) => f.secret));
  }

  /**
   * Once worker threads scan (a large walk): the messages of the commits walked so far go to them
   * now, with the blobs, instead of in a phase of their own after the walk. Measured on git's
   * own repository (203,352 commits): that phase added 40-76 MB to the peak, on top of the
   * finished walk's memory.
   */
  private queueMessages(): void {
    const walked = this.index.commitOids.length;
    if (!this.scanner.pooled || this.messagesQueued === walked) return;
    const p = this.index.pathId(COMMIT_MESSAGE);
    if (this.classOf(p) < 0) return; // the project allowlists that path
    for (let ci = this.messagesQueued; ci < walked; ci++) this.scanner.add(messageJob(this.index.commitOids[ci]!, p, ci));
    this.messagesQueued = walked;
  }

  /** A commit message scanned by a worker thread (scanMessages). */
  private recordMessage(outcome: BlobOutcome, job: WalkJob): void {
    if (outcome.missing !== undefined || outcome.notBlob !== undefined) {
      this.warnings.push(`commit ${outcome.oid} could not be read; its message was not scanned`);
      this.unreadable++;
      return;
    }
    const found = outcome.findings[0];
    if (found && found.length > 0) this.storeMessage(outcome.oid, job.pathIds[0]!, this.classOf(job.pathIds[0]!), job.commitIndex ?? -1, found);
  }

  /** Streams the history walk; returns false when git stopped before the end. */
  private async walk(tips: string[], exclude: string[], absent: Set<string>, large: boolean): Promise<boolean> {
    const walk = rawLog(this.cwd, tips, exclude, this.walkEnv);
    this.stopWalk = () => walk.kill();
    if (large) this.scanner.prestart();
    try {
      for await (const entries of walk.entries) {
        for (const { commit, changes } of entries) {
          const ci = this.index.addCommit(commit);
          for (const ch of changes) {
            // Symlinks hold a path, submodules a commit of another repository: not entered.
            if (!REGULAR_FILE.has(ch.mode)) continue;
            const p = this.index.pathId(ch.path);
            const b = this.want(ch.blob, p, absent, true);
            if (b !== undefined) this.index.addPair(b, p, ci);
          }
        }
        await this.scanner.drain();
        // After the drain: the pool may have started in it (the messages need no reader on this thread).
        this.queueMessages();
        if (this.opts.signal?.aborted) break;
      }
      if (this.opts.signal?.aborted) return false;
      await walk.done;
      return true;
    } catch (e) {
      walk.kill();
      if (this.opts.signal?.aborted) return false;
      const why = e instanceof GitError ? e.stderr.trim().split('\n').pop() : (e as Error).message;
      this.warnings.push(`history walk stopped early, the rest of the history was not scanned: ${why}`);
      return false;
    }
  }

  /** The path class id of path index `p`, or -1 when the project allowlists the path. */
  private classOf(p: number): number {
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
  private want(oid: string, p: number, absent: Set<string>, walked = false): number | undefined {
    const classId = this.classOf(p);
    if (classId < 0) return undefined;
    const b = this.index.blob(oid);
    if (walked) this.index.flags[b]! |= WALKED;
    // Most blobs are seen under one path class: no per-(blob, class) key unless there are more.
    const first = this.index.firstClass[b]!;
    if (first === 0) this.index.firstClass[b] = classId + 1;
    else if (first === classId + 1) return b;
    else {
      const more = `${b}:${classId}`;
      if (this.moreClasses.has(more)) return b;
      this.moreClasses.add(more);
    }
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

  private setResults(b: number, key: string, found: StoredFinding[]): void {
    this.results.set(key, found);
    this.index.flags[b]! |= HAS_RESULTS;
  }

  /** A scanned blob: its findings (without secrets) go to the cache and the results. */
  private record(outcome: BlobOutcome, job: WalkJob): void {
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

  private noteMissing(oid: string, why?: string): void {
    if (this.missing.has(oid)) return;
    this.missing.add(oid);
    if (this.missing.size <= MAX_MISSING_WARNINGS) this.warnings.push(why ? `blob ${oid} could not be read (${why}); not scanned` : `blob ${oid} is missing from the object store; not scanned`);
    else if (this.missing.size === MAX_MISSING_WARNINGS + 1) this.warnings.push('more blobs are missing; see stats.blobsMissing');
  }

  private report(): void {
    const base = this.barBase + this.settled;
    this.opts.progress?.update(base + this.answered, base + this.requested, this.bytes);
  }

  /** Every secret occurrence: this walk's (blob, path) pairs with findings, and those remembered from earlier walks. */
  private occurrences(state: ScopeState | undefined): Occurrence[] {
    const firstSeen = new Map<string, StoredLocation>(); // "<blob>\0<path>" → earliest location
    const consider = (loc: StoredLocation) => {
      const k = `${loc.blob}\0${loc.path}`;
      const had = firstSeen.get(k);
      if (!had || loc.rank < had.rank) firstSeen.set(k, loc);
    };
    for (const loc of state?.locations ?? []) consider(loc);
    for (const loc of state?.missing ?? []) consider(loc);
    // Only the pairs of blobs with findings or missing: marked by blob index, no string per pair.
    const interesting = new Uint8Array(this.index.blobOids.length);
    const mark = (oid: string) => {
      const b = this.index.find(oid);
      if (b !== undefined) interesting[b] = 1;
    };
    for (const oid of this.missing) mark(oid);
    for (const key of this.results.keys()) mark(key.slice(0, key.indexOf(':')));
    for (const [blob, path, c] of this.index.pairs(interesting)) {
      consider({ blob, path, commit: this.index.commitOids[c]!, rank: this.rankOf(c) });
    }
    const out: Occurrence[] = [];
    for (const loc of firstSeen.values()) {
      if (this.missing.has(loc.blob)) {
        this.missingLocations.push(loc);
        continue;
      }
      const cls = this.classes.of(loc.path);
      if (cls === undefined) continue;
      const classId = this.cache.classId(cls);
      const key = `${loc.blob}:${classId}`;
      const found = this.results.get(key) ?? this.cache.lookup(loc.blob, classId);
      if (!found || found.length === 0) continue;
      this.locations.push(loc);
      const raw = this.rawSecrets.get(key);
      found.forEach((f, j) => {
        const intro = loc.intros?.[f.fingerprint];
        out.push({ ...f, secret: raw?.[j] ?? f.secret, blob: loc.blob, commit: loc.commit, rank: loc.rank, path: loc.path, ...(intro ? { intro } : {}) });
      });
    }
    return out;
  }

  /** Keeps each location's introductions (per secret) so the next run need not work them out again. */
  private rememberIntros(occurrences: Occurrence[]): void {
    const byLocation = new Map(this.locations.map((l) => [`${l.blob}\0${l.path}`, l]));
    for (const o of occurrences) {
      const loc = byLocation.get(`${o.blob}\0${o.path}`);
      if (loc && o.intro) (loc.intros ??= {})[o.fingerprint] = o.intro;
    }
  }

  /** History order: a later walk generation comes after an earlier one; within a walk, git lists children first. */
  private rankOf(commitIndex: number): number {
    return this.gen * RANK_SPAN + (RANK_SPAN - 1 - commitIndex);
  }

  /** Author and date of every commit a location names (from this walk or the cache). */
  private commitMap(state: ScopeState | undefined): Map<string, StoredCommit> {
    const needed = new Set([...this.locations, ...this.missingLocations].map((l) => l.commit));
    const map = new Map<string, StoredCommit>();
    for (const [oid, info] of Object.entries(state?.commitInfo ?? {})) if (needed.has(oid)) map.set(oid, info);
    this.index.commitOids.forEach((oid, i) => {
      if (needed.has(oid)) map.set(oid, this.index.commitInfo(i));
    });
    return map;
  }

  private scopeState(tips: string[], shallow: string[], blobs: number, commits: number, info: Map<string, StoredCommit>): ScopeState {
    return {
      tips,
      shallow,
      gen: this.gen,
      commits,
      blobs,
      locations: this.locations,
      missing: this.missingLocations,
      commitInfo: Object.fromEntries(info),
    };
  }

  private phase(name: string): void {
    debugPhase(this.t0, name);
  }
}

/** Thrown inside a run when its signal aborts; turned into HistoryInterrupted. */
const ABORTED = Symbol('aborted');

/** `work`, or a rejection with ABORTED as soon as `signal` aborts (work's own outcome is then dropped). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(ABORTED);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The job that scans commit `oid`'s message (at path index `p`; `ci`: its walk index, -1 for a commit of an earlier walk). */
function messageJob(oid: string, p: number, ci: number): WalkJob {
  return { oid, paths: [COMMIT_MESSAGE], message: true, blob: -1, pathIds: [p], commitIndex: ci };
}

/** A commit message's location: its "blob" is the commit itself (a file may be named "<commit message>" too). */
function isMessage(l: StoredLocation): boolean {
  return l.path === COMMIT_MESSAGE && l.blob === l.commit;
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
    ...(f.decoded ? { decoded: f.decoded } : {}),
  };
}
