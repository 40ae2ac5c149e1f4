import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceScan } from '../engine/items.js';
import { packedObjectCount } from '../git/pack-count.js';
import { missingObjects } from '../git/reachability.js';
import { remoteTrackingRefs, shallowBoundary } from '../git/refs.js';
import { GitError } from '../git/run.js';
import { VERSION } from '../model/errors.js';
import type { ScanResult } from '../model/finding.js';
import { historyWalk, REGULAR_FILE } from '../sources/history-walk.js';
import { HistoryCache, rulesHash, type ScopeState } from './cache.js';
import { HistoryMessages } from './messages.js';
import { HistoryInterrupted } from './options.js';
import { canContinue, resolveScope } from './scope.js';
import { ABORTED, isMessage } from './stored.js';
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
 * One `keyward history` run, in order: its scope, the cache (begin), the history walk
 * (sources/history-walk.ts) feeding the engine's blob pool, the messages and ref targets
 * (messages.ts), provenance (results.ts), totals and warnings (conclude), the cache saved.
 * See docs/history.md.
 */
export class HistoryRun extends HistoryMessages {
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
      refScan = await this.scanRefTargets();
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
    await this.finishWithMessages(state?.locations ?? []);
    this.phase(`scanned ${this.readCount} blobs of ${this.index.blobOids.length}, ${this.index.commitOids.length} commits walked`);
    return walkComplete;
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
