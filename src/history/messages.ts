import type { Detector } from '../detect/detector.js';
import type { BlobOutcome } from '../engine/blob-jobs.js';
import { newDetector } from '../engine/detector.js';
import { scanSource, type SourceScan } from '../engine/items.js';
import { COMMIT_MESSAGE, type Finding } from '../model/finding.js';
import { commitMessages } from '../sources/commit-messages.js';
import type { StoredLocation } from './cache.js';
import type { WalkJob } from './records.js';
import { scanHistoryRefs } from './ref-sources.js';
import { HistoryResults } from './results.js';
import { isMessage, toStored, untilAborted } from './stored.js';

/**
 * What a history run scans besides the walk's blobs: the message of every commit (queued to the
 * worker threads during the walk, or read on this thread after it), and what the refs name
 * outside any commit (annotated-tag messages, blobs and trees named by a ref). The walk itself
 * and the order of a run's phases are run.ts. See docs/history.md, "Messages".
 */
export class HistoryMessages extends HistoryResults {
  /** A main-thread detector for commit and tag messages and ref targets (made when needed). */
  private detector: Detector | undefined;
  /** Commits (walk indexes below this) whose message is already queued to the worker threads. */
  protected messagesQueued = 0;

  /**
   * Once worker threads scan (a large walk): the messages of the commits walked so far go to them
   * now, with the blobs, instead of in a phase of their own after the walk. Measured on git's
   * own repository (203,352 commits): that phase added 26-90 MB to the peak, on top of the
   * finished walk's memory.
   */
  protected queueMessages(): void {
    const walked = this.index.commitOids.length;
    if (!this.scanner.pooled || this.messagesQueued === walked) return;
    const p = this.index.pathId(COMMIT_MESSAGE);
    if (this.classOf(p) < 0) return; // the project allowlists that path
    for (let ci = this.messagesQueued; ci < walked; ci++) this.scanner.add(messageJob(this.index.commitOids[ci]!, p, ci));
    this.messagesQueued = walked;
  }

  /**
   * After the walk: scans the messages not queued yet (scanMessages) and waits for the pool to
   * finish its blobs and messages, or for the run's signal to abort.
   */
  protected async finishWithMessages(earlier: readonly StoredLocation[]): Promise<void> {
    const messages = this.scanMessages(earlier);
    // Worker threads take the messages as jobs: all of them must be queued before the end.
    const done = async (): Promise<void> => {
      if (this.scanner.pooled) await messages;
      await this.scanner.finish();
      await messages;
    };
    await untilAborted(done(), this.opts.signal);
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
    await this.scanMessagesHere(commits, p, classId, walked);
  }

  /** A small scan: the messages of `commits` (the first `walked` are this walk's) read and scanned on this thread. */
  private async scanMessagesHere(commits: readonly string[], p: number, classId: number, walked: number): Promise<void> {
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

  /** A commit message scanned by a worker thread (scanMessages). */
  protected recordMessage(outcome: BlobOutcome, job: WalkJob): void {
    if (outcome.missing !== undefined || outcome.notBlob !== undefined) {
      this.warnings.push(`commit ${outcome.oid} could not be read; its message was not scanned`);
      this.unreadable++;
      return;
    }
    const found = outcome.findings[0];
    if (found && found.length > 0) this.storeMessage(outcome.oid, job.pathIds[0]!, this.classOf(job.pathIds[0]!), job.commitIndex ?? -1, found);
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
   * Annotated tags and refs naming a blob or a tree: content no walk reaches, scanned once the
   * walk's pool is gone (tag messages on this thread, a tree's files on the engine's scheduler;
   * all refs only: undefined when the run names branches).
   */
  protected async scanRefTargets(): Promise<SourceScan | undefined> {
    if (this.opts.branches?.length) return undefined;
    const opts = { showSecrets: this.showSecrets, workers: this.opts.workers ?? 0 };
    return untilAborted(scanHistoryRefs(this.cwd, this.ruleSet, () => this.mainDetector(), opts), this.opts.signal);
  }

  private mainDetector(): Detector {
    // A large scan's prefilter (already loaded by its worker threads) spares this thread most
    // rules' regexes and their memory: thousands of messages name no rule at all.
    return (this.detector ??= newDetector(this.ruleSet, { profile: false }, this.scanner.pooled ? this.scanner.prefilter() : undefined));
  }
}

/** The job that scans commit `oid`'s message (at path index `p`; `ci`: its walk index, -1 for a commit of an earlier walk). */
function messageJob(oid: string, p: number, ci: number): WalkJob {
  return { oid, paths: [COMMIT_MESSAGE], message: true, blob: -1, pathIds: [p], commitIndex: ci };
}
