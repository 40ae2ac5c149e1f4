import type { Finding } from '../model/finding.js';
import type { TreePlace } from './git-facts.js';

/** Every finding of one fingerprint, merged: independent introductions on two branches are one credential. */
export interface Credential {
  fingerprint: string;
  /** The finding with the earliest date (report order breaks ties). */
  first: Finding;
  /** Distinct places, the introducing ones first. */
  places: Array<TreePlace & { line: number }>;
  pushed: boolean;
  remotes: string[];
}

const time = (f: Finding): number => {
  const t = f.date ? Date.parse(f.date) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** Findings → credentials, in order of first appearance in the report (stable output). */
export function groupCredentials(findings: readonly Finding[]): Credential[] {
  const byFp = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFp.get(f.fingerprint);
    if (list) list.push(f);
    else byFp.set(f.fingerprint, [f]);
  }
  return [...byFp].map(([fingerprint, list]) => merge(fingerprint, list));
}

function merge(fingerprint: string, list: Finding[]): Credential {
  const sorted = [...list].sort((a, b) => time(a) - time(b));
  const places: Credential['places'] = [];
  const seen = new Set<string>();
  const add = (commit: string | undefined, file: string, line: number): void => {
    const key = `${commit ?? ''}\0${file}\0${line}`;
    if (seen.has(key)) return;
    seen.add(key);
    places.push({ commit: commit ?? '', file, line });
  };
  for (const f of sorted) {
    add(f.commit, f.file, f.line);
    for (const l of f.locations ?? []) add(l.commit, l.file, l.line);
  }
  return {
    fingerprint,
    first: sorted[0]!,
    places,
    pushed: sorted.some((f) => f.pushed === true),
    remotes: [...new Set(sorted.flatMap((f) => f.remotes ?? []))].sort(),
  };
}
