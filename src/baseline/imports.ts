import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Finding } from '../model/finding.js';
import { BaselineError } from './errors.js';

/**
 * Imports of other scanners' records. Both need the raw secrets of a scan (held in memory only,
 * never written): a gitleaks report holds the secret itself, detect-secrets its SHA-1. Each
 * finding of keyward's own scan is kept when its secret is one the other tool recorded, so the
 * entries written carry keyward's fingerprints and rule ids, whatever the other tool's rule ids.
 */
function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BaselineError(`${what} ${file} is not valid JSON`);
  }
}

/** The `Secret` values of a gitleaks JSON report (`gitleaks ... --report-format json`). */
export function readGitleaksReport(file: string): Set<string> {
  const doc = readJson(file, 'gitleaks report');
  if (!Array.isArray(doc)) throw new BaselineError(`gitleaks report ${file}: expected a JSON array of findings`);
  const secrets = new Set<string>();
  doc.forEach((e: unknown, i) => {
    const s = (e as { Secret?: unknown } | null)?.Secret;
    if (typeof s !== 'string') throw new BaselineError(`gitleaks report ${file}: finding ${i + 1} has no "Secret" string`);
    if (s !== '' && s !== 'REDACTED') secrets.add(s);
  });
  return secrets;
}

/** A gitleaks secret and keyward's for the same credential may differ by a delimiter or quote. */
export function sameSecret(raw: string, secrets: Set<string>): boolean {
  if (secrets.has(raw)) return true;
  if (raw.length < 8) return false;
  for (const s of secrets) if (s.length >= 8 && (s.includes(raw) || raw.includes(s))) return true;
  return false;
}

/** hashed_secret → is_secret (undefined when not audited) from a detect-secrets `.secrets.baseline`. */
export function readDetectSecrets(file: string): Map<string, boolean | undefined> {
  const doc = readJson(file, 'detect-secrets baseline') as { results?: unknown } | null;
  const results = doc?.results;
  if (!results || typeof results !== 'object' || Array.isArray(results)) {
    throw new BaselineError(`detect-secrets baseline ${file}: expected an object with "results"`);
  }
  const out = new Map<string, boolean | undefined>();
  for (const [path, list] of Object.entries(results as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw new BaselineError(`detect-secrets baseline ${file}: results for ${JSON.stringify(path).slice(0, 200)} is not a list`);
    for (const e of list as Array<{ hashed_secret?: unknown; is_secret?: unknown }>) {
      if (typeof e?.hashed_secret !== 'string' || !/^[0-9a-f]{40}$/.test(e.hashed_secret)) {
        throw new BaselineError(`detect-secrets baseline ${file}: an entry of ${JSON.stringify(path).slice(0, 200)} has no SHA-1 "hashed_secret"`);
      }
      // Not a secret wins: one audit saying so is enough for that value.
      const prev = out.get(e.hashed_secret);
      out.set(e.hashed_secret, prev === false || e.is_secret === false ? false : e.is_secret === true ? true : prev);
    }
  }
  return out;
}

/** SHA-1 of a raw secret, as detect-secrets stores it: computed in memory, compared, dropped. */
export function sha1(secret: string): string {
  return createHash('sha1').update(secret, 'utf8').digest('hex');
}

export interface Imported {
  /** Findings to baseline. */
  baseline: Finding[];
  /** Findings detect-secrets marked not a secret: they become ignores. */
  notSecret: Finding[];
  /** How many of the other tool's records matched none of keyward's findings. */
  unmatched: number;
}

/** `raw`: findings of a scan with secrets shown. Returned findings still hold them: do not print. */
export function importGitleaks(raw: Finding[], secrets: Set<string>): Imported {
  const baseline = raw.filter((f) => sameSecret(f.secret, secrets));
  const seen = new Set(baseline.map((f) => f.secret));
  const unmatched = [...secrets].filter((s) => !seen.has(s) && !baseline.some((f) => f.secret.includes(s) || s.includes(f.secret))).length;
  return { baseline, notSecret: [], unmatched };
}

export function importDetectSecrets(raw: Finding[], hashes: Map<string, boolean | undefined>): Imported {
  const baseline: Finding[] = [];
  const notSecret: Finding[] = [];
  const matched = new Set<string>();
  for (const f of raw) {
    const h = sha1(f.secret);
    if (!hashes.has(h)) continue;
    matched.add(h);
    (hashes.get(h) === false ? notSecret : baseline).push(f);
  }
  return { baseline, notSecret, unmatched: hashes.size - matched.size };
}
