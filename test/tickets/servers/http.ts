import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A request as the mock received it. */
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body, if the body was JSON. */
  json?: unknown;
  at: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Fault injection, matched against each request in order:
 * - status: answer with this status (and Retry-After) instead of handling the request;
 * - drop: destroy the connection before handling (nothing happened server-side);
 * - drop-after: handle the request (the change is committed), then destroy the connection unanswered;
 * - hang: handle nothing and never answer (the client must time out);
 * - hang-after: commit the change, then never answer;
 * - hold: wait until `until` settles, then handle and answer normally (a slow tracker whose
 *   pace the test sets by events, not by time).
 */
export type FaultKind =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown; headers?: Record<string, string> }
  | { kind: 'drop' }
  | { kind: 'drop-after' }
  | { kind: 'hang' }
  | { kind: 'hang-after' }
  | { kind: 'hold'; until: Promise<void> };

interface Fault {
  match: (r: Recorded) => boolean;
  fault: FaultKind;
  times: number;
}

/** Base of the API mocks: loopback only, records every request, validates, injects faults. */
export abstract class MockServer {
  readonly requests: Recorded[] = [];
  /** Requests that did not follow the API's documentation (tests assert this stays empty). */
  readonly violations: string[] = [];
  private readonly faults: Fault[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Called after a request was handled and answered (or dropped): for tests that act mid-run. */
  onHandled?: (r: Recorded, reply: Reply) => void;
  url = '';

  /** Makes the next `times` requests matching `match` fail with `fault`. */
  inject(match: (r: Recorded) => boolean, fault: FaultKind, times = 1): void {
    this.faults.push({ match, fault, times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The API's behaviour: may mutate state; returns the answer. */
  protected abstract handle(r: Recorded): Reply;

  protected violation(r: Recorded, what: string, reply: Reply = { status: 400, body: { message: what } }): Reply {
    this.violations.push(`${r.method} ${r.path}: ${what}`);
    return reply;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const r: Recorded = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body, at: Date.now() };
    if (body && /json/.test(String(req.headers['content-type'] ?? ''))) {
      try {
        r.json = JSON.parse(body);
      } catch {
        r.json = undefined;
      }
    }
    this.requests.push(r);
    const f = this.faults.find((x) => x.times > 0 && x.match(r));
    if (f) f.times--;
    const fault = f?.fault;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      this.onHandled?.(r, { status: 0 });
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'hold') await fault.until;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(fault.headers ?? {}) };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      this.send(res, { status: fault.status, body: fault.body ?? { message: `injected ${fault.status}` }, headers });
      this.onHandled?.(r, { status: fault.status });
      return;
    }
    let reply: Reply;
    try {
      reply = this.handle(r);
    } catch (e) {
      reply = { status: 500, body: { message: `mock bug: ${(e as Error).message}` } };
      this.violations.push(`mock threw on ${r.method} ${r.path}: ${(e as Error).message}`);
    }
    if (fault?.kind === 'drop-after') {
      req.socket.destroy();
      this.onHandled?.(r, reply);
      return;
    }
    if (fault?.kind === 'hang-after') return;
    this.send(res, reply);
    this.onHandled?.(r, reply);
  }

  private send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.body !== undefined && reply.status !== 204) {
      if (typeof reply.body === 'string' && !headers['content-type']) {
        headers['content-type'] = 'text/plain';
        payload = reply.body;
      } else {
        headers['content-type'] ??= 'application/json; charset=utf-8';
        payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      }
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }
}

/** Splits a page of `items` the way GitHub and GitLab paginate (page, per_page, Link header). */
export function paginate<T>(items: T[], r: Recorded, base: string, opts: { defaultPer: number; maxPer: number }): { page: T[]; headers: Record<string, string> } {
  const per = Math.min(opts.maxPer, Math.max(1, Number(r.query.get('per_page') ?? opts.defaultPer) || opts.defaultPer));
  const pageNo = Math.max(1, Number(r.query.get('page') ?? 1) || 1);
  const pages = Math.max(1, Math.ceil(items.length / per));
  const page = items.slice((pageNo - 1) * per, pageNo * per);
  const headers: Record<string, string> = {};
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(r.query);
    q.set('page', String(p));
    q.set('per_page', String(per));
    return `<${base}${r.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo < pages) links.push(link(pageNo + 1, 'next'), link(pages, 'last'));
  if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
  if (links.length) headers.link = links.join(', ');
  headers['x-total'] = String(items.length);
  headers['x-total-pages'] = String(pages);
  headers['x-page'] = String(pageNo);
  headers['x-per-page'] = String(per);
  headers['x-next-page'] = pageNo < pages ? String(pageNo + 1) : '';
  return { page, headers };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const isJsonContent = (r: Recorded): boolean => /^application\/json\b/i.test(String(r.headers['content-type'] ?? ''));
