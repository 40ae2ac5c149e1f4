import { createHash } from 'node:crypto';
import { toMarkdown, toPlainText } from '../doc.js';
import { brief, HttpFailure, retryAfterMs, scrub, TrackerError, transientStatus } from '../errors.js';
import type { CommentDraft, RemoteTicket, TicketDraft, TicketFacts, Tracker } from '../types.js';
import { ticketId } from './jsonl.js';

export interface WebhookOptions {
  url: string;
  token?: string;
  /** Where url and token came from, for error messages (a chat webhook URL is itself a secret: never printed). */
  source: string;
  userAgent: string;
}

/** What keyward POSTs. `text` makes it usable as-is by Slack- and Mattermost-style incoming webhooks. */
export interface WebhookPayload {
  event: 'ticket.opened' | 'ticket.updated';
  id: string;
  fingerprint: string;
  title?: string;
  risk: string;
  deadline: string;
  labels?: string[];
  reopened?: boolean;
  /** Location keys this event covers. */
  locations: string[];
  ticket: TicketFacts;
  text: string;
  markdown: string;
}

/**
 * A generic JSON webhook. It cannot be searched, so exactly-once rests on local state; each event
 * carries an Idempotency-Key (same event, same key) so that a receiver can drop a resend.
 */
export class WebhookTracker implements Tracker {
  readonly kind = 'webhook' as const;
  readonly searchable = false;
  readonly target: string;
  readonly name: string;

  constructor(private readonly o: WebhookOptions) {
    this.target = WebhookTracker.targetOf(o.url);
    this.name = WebhookTracker.nameOf(o.url);
  }

  /** The URL path may be a secret (chat webhooks): only a hash of it identifies the target. */
  static targetOf(url: string): string {
    return `webhook:${new URL(url).host}/${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
  }

  static nameOf(url: string): string {
    return `webhook at ${new URL(url).host}`;
  }

  async check(): Promise<void> {
    // Nothing to read, and a test event would be noise in a chat channel.
  }

  async find(): Promise<RemoteTicket | undefined> {
    return undefined;
  }

  async create(draft: TicketDraft, signal: AbortSignal): Promise<RemoteTicket> {
    const id = ticketId(draft.fingerprint);
    const url = await this.post(
      {
        event: 'ticket.opened',
        id,
        fingerprint: draft.fingerprint,
        title: draft.title,
        risk: draft.risk,
        deadline: draft.deadline,
        labels: draft.labels,
        locations: draft.locations,
        ticket: draft.facts,
        text: `${draft.title}\n\n${toPlainText(draft.doc)}`,
        markdown: toMarkdown(draft.doc),
      },
      signal,
    );
    return { id, url: url ?? '', state: 'open', covered: [...draft.locations] };
  }

  async get(id: string): Promise<RemoteTicket> {
    return { id, url: '', state: 'open', covered: [] };
  }

  async comment(id: string, draft: CommentDraft, signal: AbortSignal): Promise<void> {
    await this.post(
      {
        event: 'ticket.updated',
        id,
        fingerprint: draft.fingerprint,
        risk: draft.facts.risk,
        deadline: draft.facts.deadline,
        reopened: draft.reopened,
        locations: draft.locations,
        ticket: draft.facts,
        text: toPlainText(draft.doc),
        markdown: toMarkdown(draft.doc),
      },
      signal,
    );
  }

  async reopen(): Promise<void> {
    // The receiver owns ticket state; the update event says `reopened: true`.
  }

  /** POSTs one event; returns the ticket URL if the receiver answers with {"url": "..."}. */
  private async post(payload: WebhookPayload, signal: AbortSignal): Promise<string | undefined> {
    const key = createHash('sha256').update(`${payload.event}\0${payload.fingerprint}\0${payload.locations.join(',')}`).digest('hex').slice(0, 32);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': this.o.userAgent,
      'idempotency-key': key,
    };
    if (this.o.token) headers.authorization = `Bearer ${this.o.token}`;
    const res = await fetch(this.o.url, { method: 'POST', headers, body: JSON.stringify(payload), signal, redirect: 'error' });
    const text = await res.text().catch(() => '');
    if (res.ok) {
      try {
        const j = JSON.parse(text) as { url?: unknown };
        return typeof j.url === 'string' ? j.url : undefined;
      } catch {
        return undefined;
      }
    }
    const status = res.status;
    const msg = scrub(brief(text), [this.o.token, this.o.url]);
    if (transientStatus(status)) {
      throw new HttpFailure(`${this.name}: ${status} ${msg}`.trim(), { status, transient: true, retryAfterMs: retryAfterMs(Object.fromEntries(res.headers.entries())) });
    }
    if (status === 401 || status === 403) throw new TrackerError(`${this.name}: the receiver refused keyward (${status}); check the bearer token in ${this.o.source}`);
    if (status === 404 || status === 410) throw new TrackerError(`${this.name}: the webhook URL was not found (${status}); check ${this.o.source}`);
    throw new TrackerError(`${this.name}: the receiver rejected the event (${status} ${msg})`);
  }
}
