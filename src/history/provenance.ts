import { descendantsOf, pushedStatus } from '../git/reachability.js';
import type { Finding, FindingLocation } from '../report/finding.js';
import type { RuleDef } from '../rules/types.js';
import type { StoredCommit } from './cache.js';

/** One place a secret sits: a line of a blob at a path, with the commit that introduced that (blob, path). */
export interface Occurrence {
  ruleId: string;
  fingerprint: string;
  /** Redacted unless --show-secrets. */
  secret: string;
  entropy: number;
  commit: string;
  /** History order of the commit (smaller = earlier). */
  rank: number;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ProvenanceInput {
  cwd: string;
  occurrences: Occurrence[];
  rules: ReadonlyMap<string, RuleDef>;
  commits: ReadonlyMap<string, StoredCommit>;
  /** Remote name → remote-tracking refs. */
  remotes: Map<string, string[]>;
}

const PARALLEL = 2;

/**
 * Occurrences → findings: one per distinct secret (rule + value, i.e. fingerprint) and
 * introduction. The introduction is the earliest occurrence in history order; every occurrence
 * in a commit that descends from it (the file edited, moved, copied, deleted and re-added later)
 * belongs to it and is listed in `locations`. An occurrence that does not descend from any
 * earlier introduction (the same secret committed independently on another branch) starts a
 * finding of its own, with its own pushed/local answer.
 */
export async function buildFindings(input: ProvenanceInput): Promise<Finding[]> {
  const bySecret = new Map<string, Occurrence[]>();
  for (const o of input.occurrences) {
    const list = bySecret.get(o.fingerprint);
    if (list) list.push(o);
    else bySecret.set(o.fingerprint, [o]);
  }
  const groups: Occurrence[][] = [];
  const secrets = [...bySecret.values()];
  let next = 0;
  const work = async () => {
    while (next < secrets.length) groups.push(...(await introductions(input.cwd, secrets[next++]!)));
  };
  await Promise.all(Array.from({ length: PARALLEL }, work));

  const status = await pushedStatus(input.cwd, groups.map((g) => g[0]!.commit), input.remotes);
  return groups.map((g) => toFinding(g, input, status.get(g[0]!.commit)!));
}

/** Splits one secret's occurrences into introductions, each sorted with its introducing occurrence first. */
async function introductions(cwd: string, occurrences: Occurrence[]): Promise<Occurrence[][]> {
  occurrences.sort(byHistory);
  const byCommit = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const list = byCommit.get(o.commit);
    if (list) list.push(o);
    else byCommit.set(o.commit, [o]);
  }
  let remaining = [...byCommit.keys()]; // in history order: first occurrence of each commit
  const groups: Occurrence[][] = [];
  while (remaining.length > 0) {
    const intro = remaining[0]!;
    const mine = remaining.length === 1 ? new Set([intro]) : await descendantsOf(cwd, intro, remaining);
    mine.add(intro);
    groups.push(remaining.filter((c) => mine.has(c)).flatMap((c) => byCommit.get(c)!));
    remaining = remaining.filter((c) => !mine.has(c));
  }
  return groups;
}

function toFinding(group: Occurrence[], input: ProvenanceInput, status: { pushed: boolean; remotes: string[] }): Finding {
  const first = group[0]!;
  const rule = input.rules.get(first.ruleId);
  const info = input.commits.get(first.commit);
  const locations: FindingLocation[] = group.slice(1).map((o) => ({ commit: o.commit, file: o.path, line: o.line, column: o.column }));
  return {
    ruleId: first.ruleId,
    title: rule?.title ?? first.ruleId,
    provider: rule?.provider ?? '',
    kind: rule?.kind ?? 'generic',
    risk: rule?.risk ?? 'high',
    file: first.path,
    line: first.line,
    column: first.column,
    endLine: first.endLine,
    endColumn: first.endColumn,
    secret: first.secret,
    entropy: first.entropy,
    fingerprint: first.fingerprint,
    ...(rule?.revoke ? { revoke: rule.revoke } : {}),
    commit: first.commit,
    ...(info ? { author: info.author, email: info.email, date: info.date } : {}),
    pushed: status.pushed,
    remotes: status.remotes,
    locations,
  };
}

function byHistory(a: Occurrence, b: Occurrence): number {
  return a.rank - b.rank || cmp(a.path, b.path) || a.line - b.line || a.column - b.column;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
