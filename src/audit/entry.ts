import { createHash } from 'node:crypto';

/** `prev` of the first entry: no entry comes before it. */
export const GENESIS = '0'.repeat(64);

/** What keyward did or recorded. docs/audit.md lists them with their details. */
export type AuditAction =
  | 'finding-first-seen'
  | 'ticket-opened'
  | 'ticket-updated'
  | 'ticket-reopened'
  | 'ticket-linked'
  | 'ticket-closed'
  | 'ticket-notified'
  | 'ignore-added'
  | 'ignore-expired'
  | 'baseline-added'
  | 'baseline-removed'
  | 'hook-bypass'
  | 'hook-timeout-allowed'
  | 'hook-error-bypassed'
  | 'policy-check'
  | 'chain-signed'
  | 'log-migrated'
  | 'legacy-line';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What a caller records: the log adds the sequence number, the time and the chain. */
export interface AuditDraft {
  action: AuditAction;
  /** ISO time; default: now. Migrated entries keep the time of the old line. */
  time?: string;
  /** Who: git `user.name <user.email>` (or KEYWARD_ACTOR), the pusher on a server, else the OS user. */
  actor: string;
  /** The credential's fingerprint (never the secret). */
  fingerprint?: string;
  /** CODEOWNERS owners of its path, else the author who introduced it. */
  owner?: string;
  /** The repository's git directory, when the log is shared by several (a configured path). */
  repo?: string;
  detail?: { [key: string]: Json };
  /** Set on entries moved in from an older log: which file and line. */
  migrated?: { from: string; line: number };
}

/** One line of the audit log. `hash` is the SHA-256 of the entry's canonical bytes without `hash`. */
export interface AuditEntry extends AuditDraft {
  v: 1;
  seq: number;
  time: string;
  /** `hash` of the entry before (GENESIS for the first). */
  prev: string;
  hash: string;
}

/**
 * Canonical bytes of a JSON value: object keys sorted, no whitespace, undefined members left out.
 * The hash does not depend on how a line was laid out, only on what it says.
 */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonical(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash an entry must hold: over everything but `hash` itself. */
export function entryHash(e: Omit<AuditEntry, 'hash'> & { hash?: unknown }): string {
  const { hash: _ignored, ...rest } = e;
  return sha256(canonical(rest));
}

/** Chains a draft after (seq - 1, prev). Fields in a fixed, readable order. */
export function seal(d: AuditDraft, seq: number, prev: string, now: Date): AuditEntry {
  const body: Omit<AuditEntry, 'hash'> = {
    v: 1,
    seq,
    time: d.time ?? now.toISOString(),
    action: d.action,
    ...(d.fingerprint !== undefined ? { fingerprint: d.fingerprint } : {}),
    ...(d.owner ? { owner: d.owner } : {}),
    actor: d.actor,
    ...(d.repo !== undefined ? { repo: d.repo } : {}),
    ...(d.detail !== undefined ? { detail: d.detail } : {}),
    ...(d.migrated !== undefined ? { migrated: d.migrated } : {}),
    prev,
  };
  return { ...body, hash: entryHash(body) };
}

/** A line parsed as a chained entry, or why it is not one. */
export function parseEntry(line: string): AuditEntry | string {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return 'not a JSON object';
  const e = o as Partial<AuditEntry>;
  if (e.v !== 1 || !Number.isSafeInteger(e.seq) || typeof e.prev !== 'string' || typeof e.hash !== 'string') {
    return 'not a chained keyward entry (no v, seq, prev or hash)';
  }
  if (typeof e.action !== 'string' || typeof e.actor !== 'string' || typeof e.time !== 'string') return 'lacks action, actor or time';
  return e as AuditEntry;
}

/**
 * Entries recorded once per credential (or per ignore): a later draft with the same key is
 * dropped. Undefined for actions recorded every time.
 */
export function onceKey(e: Pick<AuditDraft, 'action' | 'fingerprint' | 'detail'>): string | undefined {
  if (e.action === 'finding-first-seen') return `seen\0${e.fingerprint}`;
  if (e.action === 'ignore-expired') return `expired\0${e.fingerprint}\0${String(e.detail?.until)}\0${String(e.detail?.path ?? '')}`;
  return undefined;
}
