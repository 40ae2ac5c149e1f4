import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Detector } from '../detect/detector.js';
import { newDetector } from '../engine/detector.js';
import { scanSource, type SourceScan } from '../engine/items.js';
import { packedObjectCount } from '../git/pack-count.js';
import { missingObjects } from '../git/reachability.js';
import { remoteTrackingRefs, shallowBoundary } from '../git/refs.js';
import { GitError } from '../git/run.js';
import { VERSION } from '../model/errors.js';
import { COMMIT_MESSAGE, compareFindings, type Finding, type ScanResult } from '../model/finding.js';
import { commitMessages } from '../sources/commit-messages.js';
import { historyWalk, REGULAR_FILE } from '../sources/history-walk.js';
import { HistoryCache, rulesHash, type ScopeState, type StoredCommit, type StoredLocation } from './cache.js';
import { CommitGraph, gitAncestry } from './commit-graph.js';
import { HistoryInterrupted } from './options.js';
import { buildFindings } from './provenance.js';
import { labelNotes, scanHistoryRefs } from './ref-sources.js';
import type { WalkJob } from './records.js';
import { HistoryResults } from './results.js';
import { canContinue, resolveScope } from './scope.js';
import { ABORTED, isMessage, untilAborted } from './stored.js';
import { incompletenessWarnings } from './warnings.js';

/**
 * A full walk of a repository whose packs hold more objects than this starts its worker threads
 * with the walk, not after its first blobs: they load while git starts listing (a small
 * repository never needs them, and an incremental walk rarely does).
 */
const PRESTART_OBJECTS = 20_000;
/**
 * Part of the cache's validity: a cache written before commit messages were scanned knows
 * nothing of the messages of the commits it walked, so it must not be continued.
 */
const CACHE_SALT = '+messages';

/**
 * One `keyward history` run: the history walk (sources/history-walk.ts) feeds the engine's blob
 * pool; what it finds gets its provenance and goes to the cache. See docs/history.md.
 */
export class HistoryRun extends HistoryResults {
  async execute(): Promise<ScanResult> {
    this.phase('start');
    const scope = resolveScope(this.cwd, this.opts.branches, this.opts.since);
    // Asked now, answered while the history is scanned: only the report needs them.
    const remotes = remoteTrackingRefs(this.cwd);
    remotes.catch(() => undefined);
    const { state, shallow } = await this.begin(scope.key, scope.tips);
    const exclude = state ? [...scope.exclude, ...state.tips] : scope.exclude;
    const { walkComplete, refScan } = await this.scanAll(scope.tips, exclude, state);
    const { findings, commits } = await this.provenance(state, remotes, refScan);
    const { blobs, commitCount, complete } = this.conclude(state, shallow, walkComplete, refScan);
    if (this.opts.cache !== false) this.saveCache(walkComplete, scope.key, this.scopeState(scope.tips, shallow, blobs, commitCount, commits));
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
        unreadable: this.unreadable + (walkComplete ? 0 : 1) + shallow.length + (refScan?.warnings.length ?? 0),
        rules: this.ruleSet.rules.length,
        workers: this.scanner.workers,
        durationMs: 0,
        blobs,
        blobsCached: Math.max(0, blobs - this.index.counts().read - this.missing.size),
        blobsMissing: this.missing.size,
        commits: commitCount,
        complete,
      },
    };
  }

  /** Loads the cache; returns the scope's state when an incremental walk can continue from it. */
  private async begin(key: string, tips: string[]): Promise<{ state: ScopeState | undefined; shallow: string[] }> {
    const hash = rulesHash(this.ruleSet, `${VERSION}${CACHE_SALT}`);
    const stamp = { repo: realpathSync(this.paths.commonDir), keyward: VERSION, rulesHash: hash };
    this.cache = HistoryCache.load(join(this.paths.commonDir, 'keyward'), stamp, this.opts.full === true || this.opts.cache === false);
    if (this.cache.problem) this.warnings.push(this.cache.problem);
    const shallow = shallowBoundary(this.paths.shallowFile);
    // Incremental: walk only what the last walk of this scope did not see, if that history is intact.
    let state = this.cache.scope(key);
    if (state && !(await canContinue(this.cwd, state, tips, shallow))) state = undefined;
    if (state) this.gen = state.gen + 1;
    this.barBase = state?.blobs ?? 0;
    this.phase(state ? `incremental walk (generation ${this.gen})` : 'full walk');
    return { state, shallow };
  }

  /** The walk, its blobs and messages, then what refs name outside any commit (all refs only). */
  private async scanAll(tips: string[], exclude: string[], state: ScopeState | undefined): Promise<{ walkComplete: boolean; refScan: SourceScan | undefined }> {
    let walkComplete = true;
    let refScan: SourceScan | undefined;
    // SIGINT: the walk stops now; what was scanned is saved below (interrupted()).
    this.opts.signal?.addEventListener('abort', () => this.stopWalk?.(), { once: true });
    try {
      if (tips.length > 0) walkComplete = await this.scanTips(tips, exclude, state);
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
    return { walkComplete, refScan };
  }

  /** Walks from `tips`, scans the blobs and messages met; false when the walk stopped early. */
  private async scanTips(tips: string[], exclude: string[], state: ScopeState | undefined): Promise<boolean> {
    const absent = this.partial ? await missingObjects(this.cwd, tips, exclude, this.env) : new Set<string>();
    // Blobs a previous run could not read are asked for again; with --show-secrets, so
    // are the earlier blobs with findings (the cache holds no secret values).
    for (const m of state?.missing ?? []) this.want(m.blob, this.index.pathId(m.path), absent);
    // (Message locations name a commit, not a blob: scanMessages reads them again.)
    if (this.showSecrets) for (const l of state?.locations ?? []) if (!isMessage(l)) this.want(l.blob, this.index.pathId(l.path), absent);
    const walkComplete = await this.walk(tips, exclude, absent, !state && packedObjectCount(this.paths.objectsDir) > PRESTART_OBJECTS);
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
    this.phase(`scanned ${this.readCount} blobs of ${this.index.blobOids.length}, ${this.index.commitOids.length} commits walked`);
    return walkComplete;
  }

  /** The findings with their provenance (introducing commit, author, pushed), ref targets' included, sorted. */
  private async provenance(
    state: ScopeState | undefined,
    remotes: ReturnType<typeof remoteTrackingRefs>,
    refScan: SourceScan | undefined,
  ): Promise<{ findings: Finding[]; commits: Map<string, StoredCommit> }> {
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
    return { findings, commits };
  }

  /** Totals, and the warnings of an incomplete scan. */
  private conclude(state: ScopeState | undefined, shallow: string[], walkComplete: boolean, refScan: SourceScan | undefined): { blobs: number; commitCount: number; complete: boolean } {
    // An incremental walk meets blobs the cache knows (a file restored, a copy): the scope counted them already.
    const counts = this.index.counts();
    const blobs = state ? state.blobs + counts.unknown : counts.walked;
    const commitCount = (state?.commits ?? 0) + this.index.commitOids.length;
    const refWarnings = refScan?.warnings ?? [];
    this.warnings.push(...refWarnings, ...incompletenessWarnings({ shallow, missingBlobs: this.missing.size, partial: this.partial }));
    const complete = this.missing.size === 0 && this.unreadable === 0 && walkComplete && shallow.length === 0 && refWarnings.length === 0;
    return { blobs, commitCount, complete };
  }

  /** A walk that stopped early must not be taken as the starting point of the next one. */
  private saveCache(walkComplete: boolean, key: string, scope: ScopeState): void {
    if (walkComplete) this.cache.setScope(key, scope);
    try {
      this.cache.save();
    } catch (e) {
      this.warnings.push(`could not write the history cache: ${(e as Error).message}`);
    }
  }

  protected throwIfAborted(): void {
    if (this.opts.signal?.aborted) throw ABORTED;
  }

  /**
   * SIGINT: the blobs scanned so far go to the cache (records and findings, no scope state: the
   * walk did not finish), so the next run walks again but reads none of them twice.
   */
  protected interrupted(): HistoryInterrupted {
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

  protected mainDetector(): Detector {
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
  protected async scanMessages(earlier: readonly StoredLocation[]): Promise<void> {
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
    let r: SourceScan;
    try {
      r = await scanSource(commitMessages(commits, { cwd: this.cwd, env: this.env }), { detector: this.mainDetector(), showSecrets: this.showSecrets });
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

  /**
   * Once worker threads scan (a large walk): the messages of the commits walked so far go to them
   * now, with the blobs, instead of in a phase of their own after the walk. Measured on git's
   * own repository (203,352 commits): that phase added 26-90 MB to the peak, on top of the
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

  /** Streams the history walk; returns false when git stopped before the end. */
  protected async walk(tips: string[], exclude: string[], absent: Set<string>, large: boolean): Promise<boolean> {
    const walk = historyWalk(this.cwd, tips, exclude, this.walkEnv);
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
}

/** The job that scans commit `oid`'s message (at path index `p`; `ci`: its walk index, -1 for a commit of an earlier walk). */
function messageJob(oid: string, p: number, ci: number): WalkJob {
  return { oid, paths: [COMMIT_MESSAGE], message: true, blob: -1, pathIds: [p], commitIndex: ci };
}
