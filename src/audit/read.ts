import { existsSync, readFileSync } from 'node:fs';
import { parseEntry, type AuditEntry } from './entry.js';

export interface ShowFilter {
  fingerprint?: string;
  action?: string;
}

/** Every entry that parses (verify reports the rest), filtered: by fingerprint prefix (also in a bypass's findings) and action prefix. */
export function readEntries(file: string, filter: ShowFilter = {}): AuditEntry[] {
  if (!existsSync(file)) return [];
  const out: AuditEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const e = parseEntry(line);
    if (typeof e === 'string') continue;
    if (filter.action && !e.action.startsWith(filter.action)) continue;
    if (filter.fingerprint && !mentions(e, filter.fingerprint.toLowerCase())) continue;
    out.push(e);
  }
  return out;
}

function mentions(e: AuditEntry, fp: string): boolean {
  if (e.fingerprint?.startsWith(fp)) return true;
  const findings = e.detail?.findings;
  return Array.isArray(findings) && findings.some((f) => typeof f === 'object' && f !== null && !Array.isArray(f) && typeof f.fingerprint === 'string' && f.fingerprint.startsWith(fp));
}
