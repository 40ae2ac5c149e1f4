/**
 * A request that failed at the HTTP or network level. `transient` failures (network, timeout,
 * 5xx, rate limits) are retried; the others are mapped to TrackerError by the tracker.
 */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; transient: boolean; timeout?: boolean },
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
  get status(): number | undefined {
    return this.opts.status;
  }
  get transient(): boolean {
    return this.opts.transient;
  }
  get retryAfterMs(): number | undefined {
    return this.opts.retryAfterMs;
  }
}

/** The tracker refused keyward's credentials, project or request: stop, and tell the user what to fix. */
export class TrackerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackerError';
  }
}

/** A ticket keyward recorded no longer exists in the tracker (deleted): it is looked up again. */
export class TicketGone extends Error {
  constructor(readonly id: string) {
    super(`ticket ${id} no longer exists`);
    this.name = 'TicketGone';
  }
}

/** Status codes that a retry can fix. */
export function transientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Retry-After (seconds or HTTP date) or the GitHub/GitLab rate-limit reset headers → milliseconds
 * to wait; undefined when the response says nothing.
 */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const h = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v === undefined || v === null ? undefined : String(v);
    return undefined;
  };
  const ra = h('retry-after');
  if (ra !== undefined) {
    const secs = Number(ra);
    if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  // GitHub primary rate limit: remaining 0 and a reset epoch (seconds); GitLab: RateLimit-Reset.
  const remaining = h('x-ratelimit-remaining') ?? h('ratelimit-remaining');
  const reset = h('x-ratelimit-reset') ?? h('ratelimit-reset');
  if (remaining === '0' && reset !== undefined && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

/** Network-level error codes (Node, undici) that mean "try again". */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** True for a dropped connection, refused connection, reset or client-side timeout, at any depth of `cause`. */
export function isNetworkError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const err = cur as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof err.code === 'string' && NETWORK_CODES.has(err.code)) return true;
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
    if (typeof err.message === 'string' && /fetch failed|socket hang up|other side closed|network error|timeout/i.test(err.message)) return true;
    cur = err.cause;
  }
  return false;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (temporarily)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed',
};

/**
 * A network failure as a person can act on it: what refused or failed, where (host and port) and
 * why, found down the `cause` chain (fetch's own message is only "fetch failed").
 */
export function describeNetworkError(e: unknown): string {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const err = cur as { code?: unknown; address?: unknown; hostname?: unknown; port?: unknown; cause?: unknown };
    if (typeof err.code === 'string' && NETWORK_REASONS[err.code]) {
      const host = typeof err.address === 'string' ? err.address : typeof err.hostname === 'string' ? err.hostname : undefined;
      const where = host ? ` (host ${host}${err.port !== undefined ? `, port ${String(err.port)}` : ''})` : '';
      return `${NETWORK_REASONS[err.code]}${where}: ${err.code}`;
    }
    cur = err.cause;
  }
  // No known code: fetch's "fetch failed" and the reason under it ("bad port").
  const messages: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; depth++, cur = cur.cause) messages.push(cur.message);
  return messages.length > 1 ? `${messages[0]} (${messages.slice(1).join(': ')})` : (messages[0] ?? String(e));
}

/** Removes credential values from a message before it can reach a terminal or a log. */
export function scrub(message: string, secrets: Array<string | undefined>): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

/** First line of an API's error text, bounded: enough to act on, never a dump of the response. */
export function brief(text: unknown): string {
  const s = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  const line = (s ?? '').split('\n')[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
