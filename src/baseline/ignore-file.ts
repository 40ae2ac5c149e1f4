import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { micromatch } from '../model/micromatch.js';
import type { Finding } from '../model/finding.js';
import { BaselineError, FINGERPRINT, printable } from './errors.js';
import { readLineFile } from './line-file.js';

export const IGNORE_FILE = '.keywardignore';

/**
 * One `.keywardignore` entry (JSON lines: one object a line, `#` comments allowed). Who, when,
 * why and until when; never the secret.
 */
export interface IgnoreEntry {
  fingerprint: string;
  reason: string;
  /** "Name <email>" from git config. */
  by: string;
  /** ISO date the entry was written. */
  at: string;
  /** YYYY-MM-DD: the last day the entry applies. */
  until?: string;
  /** Glob the finding's path must match (default: any path). */
  path?: string;
  /** 1-based line in the file, for messages. */
  line: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validDate(s: string): boolean {
  return DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

export function readIgnores(file: string): IgnoreEntry[] {
  return readLineFile(file, parseEntry);
}

function parseEntry(line: string, where: string, lineNo: number): IgnoreEntry {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new BaselineError(`${where}: not a JSON object (one entry per line)`);
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new BaselineError(`${where}: not a JSON object`);
  const { fingerprint, reason, by, at, until, path } = o;
  if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) throw new BaselineError(`${where}: "fingerprint" must be 32 hex characters`);
  if (typeof reason !== 'string' || reason.trim() === '') throw new BaselineError(`${where}: "reason" is required`);
  if (until !== undefined && (typeof until !== 'string' || !validDate(until))) throw new BaselineError(`${where}: "until" must be a date YYYY-MM-DD, got ${printable(String(until))}`);
  if (path !== undefined && (typeof path !== 'string' || path === '')) throw new BaselineError(`${where}: "path" must be a glob`);
  return {
    fingerprint,
    reason,
    by: typeof by === 'string' ? by : '',
    at: typeof at === 'string' ? at : '',
    line: lineNo,
    ...(until !== undefined ? { until } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

export function appendIgnore(file: string, entry: Omit<IgnoreEntry, 'line'>): void {
  // A file whose last line has no newline gets one first, so the entry starts a line of its own.
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const prefix = before !== '' && !before.endsWith('\n') ? '\n' : '';
  try {
    appendFileSync(file, `${prefix}${JSON.stringify(entry)}\n`);
  } catch (e) {
    throw new BaselineError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** An entry is expired the day after `until` (UTC). */
export function isExpired(e: IgnoreEntry, today: string): boolean {
  return e.until !== undefined && e.until < today;
}

export function ignoreMatches(e: IgnoreEntry, f: Finding): boolean {
  if (e.fingerprint !== f.fingerprint) return false;
  if (e.path === undefined) return true;
  return micromatch().isMatch(f.file, e.path, { dot: true });
}
