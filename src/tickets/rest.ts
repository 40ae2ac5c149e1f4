/**
 * The one HTTP client of the GitHub, GitLab and Jira trackers: JSON over fetch, a handful of
 * calls each (docs/decisions.md, D12). It never follows a
 * redirect and never reads more than MAX_BODY bytes of an answer.
 */
import { HttpFailure } from './errors.js';

export type Query = Record<string, string | number | undefined>;

export interface RestCall {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Appended to the base URL; path segments from data must already be encoded. */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  signal: AbortSignal;
}

export interface RestReply<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

/** An answer outside 2xx, redirects included; `data` is the parsed JSON body, else its text. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly data: unknown,
    /** Host:port a 3xx pointed to, when it said. */
    readonly redirectedTo?: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'RestError';
  }

  get redirect(): boolean {
    return this.status >= 300 && this.status < 400;
  }
}

/** Larger answers than this are not trackers' JSON: refuse them rather than hold them. */
const MAX_BODY = 16 * 1024 * 1024;

export class RestClient {
  private readonly base: string;

  /** `headers` carry the credential and User-Agent of every request. */
  constructor(
    baseUrl: string,
    private readonly headers: Record<string, string>,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async request<T>(c: RestCall): Promise<RestReply<T>> {
    const url = new URL(this.base + c.path);
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers };
    let body: string | undefined;
    if (c.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(c.body);
    }
    // Manual: the credential header would otherwise travel along a redirect to wherever it points.
    const res = await fetch(url, { method: c.method ?? 'GET', headers, body, signal: c.signal, redirect: 'manual' });
    const text = await readCapped(res);
    const resHeaders = Object.fromEntries(res.headers.entries());
    const data = parseBody(text, res.headers.get('content-type'));
    if (res.status >= 200 && res.status < 300) return { status: res.status, headers: resHeaders, data: data as T };
    throw new RestError(res.status, resHeaders, data, hostOf(res.headers.get('location'), url));
  }

  /** GET pages 1, 2, ... of a page-numbered list (GitHub, GitLab) until one comes back short. */
  async pages<T>(c: RestCall, perPage: number, maxPages = 100): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const { data } = await this.request<T[]>({ ...c, query: { ...c.query, per_page: perPage, page } });
      if (!Array.isArray(data)) throw new HttpFailure(`expected a JSON list from ${c.path}`, { transient: false });
      all.push(...data);
      if (data.length < perPage) break;
    }
    return all;
  }
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY) throw new HttpFailure(`an answer of more than ${MAX_BODY} bytes (status ${res.status}); not a tracker's JSON`, { status: res.status, transient: false });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!/\bjson\b/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function hostOf(location: string | null, base: URL): string | undefined {
  try {
    return location ? new URL(location, base).host : undefined;
  } catch {
    return undefined;
  }
}

/** Basic credentials as Jira Cloud wants them (email and API token). */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
