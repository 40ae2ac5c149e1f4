import { isJsonContent, isObject, MockServer, type Recorded, type Reply } from './http.js';

/** A receiver of keyward's JSON events: validates them and keeps them, deduplicating by Idempotency-Key. */
export class WebhookMock extends MockServer {
  readonly events: Array<Record<string, unknown>> = [];
  readonly keys = new Set<string>();
  /** Answer with a ticket URL, as a receiver that creates tickets would. */
  answerUrl = true;

  constructor(
    readonly path: string,
    readonly token?: string,
  ) {
    super();
  }

  protected handle(r: Recorded): Reply {
    if (r.path !== this.path) return { status: 404, body: 'no such hook' };
    if (r.method !== 'POST') return this.violation(r, 'webhooks are POSTed', { status: 405, body: 'method not allowed' });
    if (this.token !== undefined && r.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'unauthorized' } };
    if (!isJsonContent(r) || !isObject(r.json)) return this.violation(r, 'not JSON');
    const key = r.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[0-9a-f]{32}$/.test(key)) this.violation(r, 'missing Idempotency-Key');
    const e = r.json;
    if (e.event !== 'ticket.opened' && e.event !== 'ticket.updated') this.violation(r, `unknown event ${String(e.event)}`);
    if (typeof e.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(e.fingerprint)) this.violation(r, 'fingerprint');
    if (typeof e.text !== 'string' || !e.text) this.violation(r, 'text (for chat tools) missing');
    if (!Array.isArray(e.locations) || !isObject(e.ticket)) this.violation(r, 'locations/ticket missing');
    if (typeof key === 'string' && this.keys.has(key)) return { status: 200, body: { ok: true, duplicate: true } };
    if (typeof key === 'string') this.keys.add(key);
    this.events.push(e);
    return { status: 200, body: this.answerUrl ? { ok: true, url: `https://tickets.example.com/t/${String(e.id)}` } : { ok: true } };
  }
}
