import type { Finding } from '../model/finding.js';
import { redact } from '../engine/secret-id.js';
import { FINGERPRINT_RE, locationKey } from './markers.js';
import type { SecretGroup, SecretLocation } from './types.js';
import { TicketsUsageError } from './usage-error.js';

/** The redacted form keyward writes: at most 4 characters, then "…". */
export function isRedacted(s: string): boolean {
  const chars = Array.from(s);
  return chars.length <= 5 && chars[chars.length - 1] === '…';
}

export interface Grouped {
  groups: SecretGroup[];
  /** Pushed findings read. */
  pushed: number;
  /** Findings whose secret was not redacted (a --show-secrets report): redacted here, counted for a warning. */
  unredacted: number;
}

/**
 * Keeps the pushed findings and groups them by fingerprint: one group per exposed secret, with
 * every place it appears. Order: by first appearance in the report, so output is stable.
 */
export function groupPushed(findings: readonly Finding[]): Grouped {
  const byFp = new Map<string, Finding[]>();
  let pushed = 0;
  let unredacted = 0;
  for (const f of findings) {
    if (f.pushed !== true) continue;
    pushed++;
    if (typeof f.fingerprint !== 'string' || !FINGERPRINT_RE.test(f.fingerprint)) {
      throw new TicketsUsageError(`finding in ${f.file ?? '?'} has no valid fingerprint (32 lowercase hex characters expected)`);
    }
    if (!isRedacted(f.secret ?? '')) unredacted++;
    const list = byFp.get(f.fingerprint);
    if (list) list.push(f);
    else byFp.set(f.fingerprint, [f]);
  }
  const groups: SecretGroup[] = [];
  for (const [fingerprint, list] of byFp) groups.push(toGroup(fingerprint, list));
  return { groups, pushed, unredacted };
}

function toGroup(fingerprint: string, list: Finding[]): SecretGroup {
  const time = (f: Finding): number => {
    const t = f.date ? Date.parse(f.date) : NaN;
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  // Earliest author date first; the report order breaks ties (sort is stable).
  const sorted = [...list].sort((a, b) => time(a) - time(b));
  const first = sorted[0]!;
  const locations: SecretLocation[] = [];
  const seen = new Set<string>();
  const add = (commit: string | undefined, file: string, line: number): void => {
    const c = commit ?? '';
    const key = locationKey(c, file, line);
    if (seen.has(key)) return;
    seen.add(key);
    locations.push({ commit: c, file, line, key });
  };
  for (const f of sorted) {
    add(f.commit, f.file, f.line);
    for (const l of f.locations ?? []) add(l.commit, l.file, l.line);
  }
  const remotes = [...new Set(sorted.flatMap((f) => f.remotes ?? []))];
  const secret = isRedacted(first.secret ?? '') ? first.secret : redact(first.secret ?? '');
  return {
    fingerprint,
    ruleId: first.ruleId,
    title: first.title,
    provider: first.provider,
    kind: first.kind,
    risk: first.risk,
    secret,
    revoke: first.revoke,
    commit: first.commit,
    author: first.author,
    email: first.email,
    date: first.date,
    remotes,
    locations,
  };
}
