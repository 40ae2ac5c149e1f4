import type { RuleSet } from '../rules/resolve.js';
import type { ProgressSink } from './progress.js';

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
