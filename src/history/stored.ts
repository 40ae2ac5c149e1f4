import { COMMIT_MESSAGE, type Finding } from '../model/finding.js';
import { redact } from '../engine/secret-id.js';
import type { StoredFinding, StoredLocation } from './cache.js';

/** Thrown inside a run when its signal aborts; turned into HistoryInterrupted. */
export const ABORTED = Symbol('aborted');

/** `work`, or a rejection with ABORTED as soon as `signal` aborts (work's own outcome is then dropped). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(ABORTED);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A commit message's location: its "blob" is the commit itself (a file may be named "<commit message>" too). */
export function isMessage(l: StoredLocation): boolean {
  return l.path === COMMIT_MESSAGE && l.blob === l.commit;
}

export function toStored(f: Finding, raw: boolean): StoredFinding {
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
