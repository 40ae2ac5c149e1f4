import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { keywardDir } from '../model/state-dir.js';
import { parseEntry, sha256, type AuditAction, type AuditDraft, type Json } from './entry.js';
import { AuditError } from './errors.js';
import type { AuditPaths } from './location.js';

const TICKET_EVENTS = new Set(['opened', 'updated', 'reopened', 'linked', 'closed', 'notified']);
const HOOK_EVENTS: Record<string, AuditAction> = { bypass: 'hook-bypass', 'timeout-allowed': 'hook-timeout-allowed', 'error-bypassed': 'hook-error-bypassed' };

/** The logs keyward wrote before the chained one: the tickets' audit.jsonl and the server's bypass log. */
export function legacyCandidates(paths: AuditPaths, extra: readonly string[]): string[] {
  const found = paths.gitDir ? [join(keywardDir(paths.gitDir), 'audit.jsonl'), join(paths.gitDir, 'keyward-bypass.log')] : [];
  return [...new Set([...found, ...extra])].filter((f) => isLegacy(f, paths));
}

/**
 * Moves old logs into the chained one (called under its lock): each old line becomes an entry
 * marked `migrated` (file and line), the old file is renamed to `<name>.migrated-<time>` (kept,
 * never deleted), and a `log-migrated` entry records its name, line count and SHA-256, so the
 * kept file can be checked against what was moved.
 */
export function migrateLegacy(paths: AuditPaths, extra: readonly string[], actor: () => string): { drafts: AuditDraft[]; notes: string[] } {
  const drafts: AuditDraft[] = [];
  const notes: string[] = [];
  for (const file of legacyCandidates(paths, extra)) {
    const bytes = readFileSync(file);
    const kept = `${file}.migrated-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    try {
      renameSync(file, existsSync(kept) ? `${kept}-${process.pid}` : kept);
    } catch (e) {
      throw new AuditError(`cannot move ${file} aside to migrate it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const lines = bytes.toString('utf8').split('\n');
    let n = 0;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      n++;
      drafts.push({ ...fromLegacy(line, actor), migrated: { from: basename(file), line: i + 1 } });
    });
    drafts.push({ action: 'log-migrated', actor: actor(), detail: { from: file, keptAs: kept, entries: n, sha256: sha256Bytes(bytes) } });
    notes.push(`moved ${n} entries of ${file} into ${paths.file} (the old file is kept as ${kept})`);
  }
  return { drafts, notes };
}

/** Old and not yet moved: has lines, and its first line is not a chained entry. */
function isLegacy(file: string, paths: AuditPaths): boolean {
  // A regular file only: a symbolic link planted in a git directory would move another file's content in.
  if (!existsSync(file) || !lstatSync(file).isFile()) return false;
  // The chained log itself, with a head file: a foreign first line there is damage, not an old log.
  if (file === paths.file && existsSync(paths.head)) return false;
  const first = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.trim() !== '');
  return first !== undefined && typeof parseEntry(first) === 'string';
}

/** One old line as a draft: tickets' and bypass lines keep their facts; anything else only its hash. */
function fromLegacy(line: string, actor: () => string): AuditDraft {
  let o: Record<string, Json> | undefined;
  try {
    const v = JSON.parse(line) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) o = v as Record<string, Json>;
  } catch {
    o = undefined;
  }
  const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
  const time = str(o?.time);
  const event = str(o?.event) ?? '';
  if (o && TICKET_EVENTS.has(event) && str(o.fingerprint)) {
    const { tracker = null, ticket = null, url = null } = o;
    return { action: `ticket-${event}` as AuditAction, time, fingerprint: str(o.fingerprint), actor: str(o.actor) ?? 'unknown', detail: { tracker, ticket, url } };
  }
  if (o && HOOK_EVENTS[event]) {
    const { time: _t, event: _e, pusher, ...rest } = o;
    return { action: HOOK_EVENTS[event]!, time, actor: str(pusher) ?? 'unknown', detail: rest };
  }
  // Not a line keyward wrote: keep its fingerprint, not its content.
  return { action: 'legacy-line', time, actor: actor(), detail: { sha256: sha256(line), bytes: Buffer.byteLength(line) } };
}

function sha256Bytes(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
