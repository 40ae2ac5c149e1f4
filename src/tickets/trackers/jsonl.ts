import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toMarkdown } from '../doc.js';
import type { CommentDraft, RemoteTicket, TicketDraft, TicketState, Tracker } from '../types.js';

/**
 * Tickets as lines of a local JSONL file: no account, no network. Each line is an event
 * ("opened", "commented", "reopened"; people or tools append "closed" to close one):
 *   {"event":"closed","id":"KW-0123456789ab","time":"2025-01-01T00:00:00Z"}
 * The file is the tracker: keyward finds its tickets in it by fingerprint.
 */
export class JsonlTracker implements Tracker {
  readonly kind = 'jsonl' as const;
  readonly searchable = true;
  readonly target: string;
  readonly name: string;
  private events?: JsonlEvent[];

  constructor(private readonly file: string) {
    this.target = JsonlTracker.targetOf(file);
    this.name = `JSONL file ${file}`;
  }

  static targetOf(file: string): string {
    return `jsonl:${file}`;
  }

  async check(): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true });
  }

  async find(fingerprint: string): Promise<RemoteTicket | undefined> {
    const opened = this.load().find((e) => e.event === 'opened' && e.fingerprint === fingerprint);
    return opened ? this.ticket(opened.id) : undefined;
  }

  async create(draft: TicketDraft): Promise<RemoteTicket> {
    // Idempotent: a ticket appended by a run that died before recording it is not appended twice.
    const existing = await this.find(draft.fingerprint);
    if (existing) return existing;
    const id = ticketId(draft.fingerprint);
    this.append({
      event: 'opened',
      id,
      fingerprint: draft.fingerprint,
      time: new Date().toISOString(),
      title: draft.title,
      labels: draft.labels,
      assignees: draft.assignees,
      risk: draft.risk,
      deadline: draft.deadline,
      locations: draft.locations,
      ticket: draft.facts,
      body: toMarkdown(draft.doc),
    });
    return this.ticket(id);
  }

  async get(id: string): Promise<RemoteTicket> {
    return this.ticket(id);
  }

  async comment(id: string, draft: CommentDraft): Promise<void> {
    this.append({
      event: 'commented',
      id,
      fingerprint: draft.fingerprint,
      time: new Date().toISOString(),
      locations: draft.locations,
      reopened: draft.reopened,
      ticket: draft.facts,
      body: toMarkdown(draft.doc),
    });
  }

  async reopen(id: string): Promise<void> {
    this.append({ event: 'reopened', id, time: new Date().toISOString() });
  }

  /** The state of every ticket in the file, in one pass (an inventory of thousands of secrets). */
  states(): Map<string, TicketState> {
    const out = new Map<string, TicketState>();
    for (const e of this.load()) {
      if (e.event === 'closed') out.set(e.id, 'closed');
      else if (e.event === 'reopened' || e.event === 'opened') out.set(e.id, 'open');
    }
    return out;
  }

  private ticket(id: string): RemoteTicket {
    let state: TicketState = 'open';
    const covered = new Set<string>();
    for (const e of this.load()) {
      if (e.id !== id) continue;
      if (e.event === 'closed') state = 'closed';
      else if (e.event === 'reopened' || e.event === 'opened') state = 'open';
      for (const k of e.locations ?? []) covered.add(k);
    }
    return { id, url: `${pathToFileURL(this.file).href}#${id}`, state, covered: [...covered] };
  }

  private load(): JsonlEvent[] {
    if (this.events) return this.events;
    const events: JsonlEvent[] = [];
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as JsonlEvent;
          if (e && typeof e.event === 'string' && typeof e.id === 'string') events.push(e);
        } catch {
          // a line torn by a crash: ignored (the next run completes the work it stood for)
        }
      }
    }
    this.events = events;
    return events;
  }

  private append(e: JsonlEvent): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const fd = openSync(this.file, 'a+', 0o600);
    try {
      // A torn last line must not swallow the next event.
      const size = fstatSync(fd).size;
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      writeSync(fd, `${prefix}${JSON.stringify(e)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.load().push(e);
  }
}

interface JsonlEvent {
  event: 'opened' | 'commented' | 'reopened' | 'closed' | string;
  id: string;
  fingerprint?: string;
  time?: string;
  locations?: string[];
  [k: string]: unknown;
}

/** Deterministic: the same secret always gets the same local ticket id. */
export function ticketId(fingerprint: string): string {
  return `KW-${fingerprint.slice(0, 12)}`;
}
