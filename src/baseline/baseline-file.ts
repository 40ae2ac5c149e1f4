import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from '../model/finding.js';
import { BaselineError, FINGERPRINT, printable, safeRelPath } from './errors.js';

export const BASELINE_FILE = '.keyward-baseline.json';

/**
 * One accepted finding. No secret and no preview: the fingerprint is a slow, salted hash of
 * (rule, secret). No line number either: the key is fingerprint + path, so edits around the
 * secret do not break it. `source` says what kind of place holds it (a file, a commit message...),
 * `commit` where history first saw it (informational, not matched).
 */
export interface BaselineEntry {
  rule: string;
  fingerprint: string;
  path: string;
  source: string;
  commit?: string;
}

export interface BaselineDoc {
  version: 1;
  tool: 'keyward';
  entries: BaselineEntry[];
}

export function entryFor(f: Finding): BaselineEntry {
  return { rule: f.ruleId, fingerprint: f.fingerprint, path: f.file, source: f.source ?? 'file', ...(f.commit ? { commit: f.commit } : {}) };
}

/** Entries of `findings`, one per (fingerprint, path), in a stable order (small diffs in review). */
export function buildBaseline(findings: Finding[]): BaselineDoc {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    byKey.set(`${f.fingerprint}\0${f.file}`, entryFor(f));
    for (const l of f.locations ?? []) {
      const k = `${f.fingerprint}\0${l.file}`;
      if (!byKey.has(k)) byKey.set(k, { ...entryFor(f), path: l.file, commit: l.commit });
    }
  }
  return { version: 1, tool: 'keyward', entries: sortEntries([...byKey.values()]) };
}

export function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

export function writeBaseline(file: string, doc: BaselineDoc): void {
  try {
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (e) {
    throw new BaselineError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Reads and validates a baseline; any defect is one BaselineError naming the file and entry. */
export function readBaseline(file: string): BaselineDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new BaselineError(`baseline ${file} is not valid JSON`);
  }
  const d = doc as Partial<BaselineDoc> | null;
  if (!d || typeof d !== 'object' || d.version !== 1 || !Array.isArray(d.entries)) {
    throw new BaselineError(`baseline ${file} is not a keyward baseline (expected {"version": 1, "entries": [...]})`);
  }
  return { version: 1, tool: 'keyward', entries: d.entries.map((e, i) => checkEntry(e, `${file}: entry ${i + 1}`)) };
}

function checkEntry(e: unknown, where: string): BaselineEntry {
  const o = e as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') throw new BaselineError(`${where} is not an object`);
  const { rule, fingerprint, path, source, commit } = o;
  if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) throw new BaselineError(`${where}: "fingerprint" must be 32 hex characters`);
  if (typeof rule !== 'string' || rule === '') throw new BaselineError(`${where}: "rule" must be a rule id`);
  if (typeof path !== 'string' || !safeRelPath(path)) throw new BaselineError(`${where}: "path" must be a relative path inside the repository, got ${printable(String(path))}`);
  if (source !== undefined && typeof source !== 'string') throw new BaselineError(`${where}: "source" must be a string`);
  if (commit !== undefined && (typeof commit !== 'string' || !/^[0-9a-f]{40,64}$/.test(commit))) throw new BaselineError(`${where}: "commit" must be a commit id`);
  return { rule, fingerprint, path, source: source ?? 'file', ...(commit ? { commit } : {}) };
}

/** The entries of the baseline file about to be replaced (none when it is absent or unreadable). */
export function baselineBefore(file: string): BaselineEntry[] {
  try {
    return existsSync(file) ? readBaseline(file).entries : [];
  } catch {
    return [];
  }
}
