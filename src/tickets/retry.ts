import { describeNetworkError, HttpFailure, isNetworkError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry (with jitter), capped by maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt: the request is aborted and retried after this long. */
  timeoutMs: number;
  /** A Retry-After longer than this is not waited for: the item fails and the next run completes it. */
  maxRetryAfterMs: number;
  /** Called before each wait (for progress output). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 30_000,
  maxRetryAfterMs: 120_000,
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `op` until it succeeds, retrying transient failures (network, timeout, 5xx, 429) with
 * exponential backoff, honouring Retry-After. `attempt` is 0 on the first call: a non-idempotent
 * operation uses it to check whether a previous attempt landed before repeating itself.
 */
export async function withRetry<T>(op: (attempt: number, signal: AbortSignal) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let failure: HttpFailure;
    try {
      return await attemptWithTimeout(op, attempt, opts.timeoutMs);
    } catch (e) {
      if (e instanceof HttpFailure) failure = e;
      else if (isNetworkError(e)) failure = new HttpFailure(`network error: ${describeNetworkError(e)}`, { transient: true });
      else throw e;
      if (!failure.transient || attempt >= opts.retries) throw failure;
    }
    let delay = backoff(attempt, opts);
    const ra = failure.retryAfterMs;
    if (ra !== undefined) {
      if (ra > opts.maxRetryAfterMs) {
        throw new HttpFailure(`${failure.message} (rate limited for ${Math.ceil(ra / 1000)}s; run again later)`, { ...failure.opts, transient: true });
      }
      delay = Math.max(ra, 1);
    }
    opts.onRetry?.({ attempt: attempt + 1, delayMs: delay, reason: failure.message });
    await sleep(delay);
  }
}

/** Full-jitter exponential backoff: spreads concurrent retries apart. */
export function backoff(attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Aborts the attempt's signal after `timeoutMs` and stops waiting for it even if the client
 * library ignores the signal.
 */
async function attemptWithTimeout<T>(op: (attempt: number, signal: AbortSignal) => Promise<T>, attempt: number, timeoutMs: number): Promise<T> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new HttpFailure(`no response within ${timeoutMs} ms`, { transient: true, timeout: true });
      ac.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    return await Promise.race([op(attempt, ac.signal), timedOut]);
  } catch (e) {
    // A library may report our abort as its own error type: it is still our timeout.
    if (ac.signal.aborted && ac.signal.reason instanceof HttpFailure) throw ac.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
