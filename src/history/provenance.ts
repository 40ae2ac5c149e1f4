import { pushedStatus } from '../git/reachability.js';
import type { Finding, FindingLocation } from '../model/finding.js';
import { ruleConfidence } from '../rules/confidence.js';
import type { RuleDef } from '../rules/types.js';
import type { StoredCommit } from './cache.js';
import { gitAncestry, type Ancestry } from './commit-graph.js';

/** One place a secret sits: a line of a blob at a path, with the commit that introduced that (blob, path). */
export interface Occurrence {
  ruleId: string;
  fingerprint: string;
  /** Redacted unless --show-secrets. */
  secret: string;
  entropy: number;
  /** Set when the secret was found in decoded text (Finding.decoded). */
  decoded?: string;
  blob: string;
  commit: string;
  /** History order of the commit (smaller = earlier). */
  rank: number;
  path: string;
  /**
   * The commit of the introduction this occurrence belongs to: remembered from an earlier run,
   * or set by buildFindings (to be remembered).
   */
  intro?: string;
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
  /** Who answers ancestry questions (default: git, one process per question). */
  ancestry?: Ancestry;
}

// Ancestry questions in flight at once (those git answers are a process each).
const PARALLEL = 4;

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
  const ancestry = input.ancestry ?? gitAncestry(input.cwd);
  const work = async () => {
    while (next < secrets.length) groups.push(...(await introductions(ancestry, secrets[next++]!)));
  };
  await Promise.all(Array.from({ length: PARALLEL }, work));

  const status = await pushedStatus(input.cwd, groups.map((g) => g[0]!.commit), input.remotes);
  return groups.map((g) => toFinding(g, input, status.get(g[0]!.commit)!));
}

/**
 * Splits one secret's occurrences into introductions, each sorted with its introducing
 * occurrence first. Occurrences whose introduction an earlier run worked out keep it; the others
 * (in history order) join the first introduction they descend from, or start a new one.
 */
async function introductions(ancestry: Ancestry, occurrences: Occurrence[]): Promise<Occurrence[][]> {
  occurrences.sort(byHistory);
  const byCommit = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const list = byCommit.get(o.commit);
    if (list) list.push(o);
    else byCommit.set(o.commit, [o]);
  }
  const introOf = new Map<string, string>(); // commit → its introduction's commit
  const intros: string[] = [];
  for (const o of occurrences) {
    if (o.intro === undefined || !byCommit.has(o.intro)) continue;
    introOf.set(o.commit, o.intro);
    if (!intros.includes(o.intro)) intros.push(o.intro);
  }
  let remaining = [...byCommit.keys()].filter((c) => !introOf.has(c)); // in history order
  if (intros.length === 0) {
    // Nothing remembered: one ancestry walk per introduction settles every commit at once.
    while (remaining.length > 0) {
      const intro = remaining[0]!;
      const mine = remaining.length === 1 ? new Set([intro]) : await ancestry.descendantsOf(intro, remaining);
      mine.add(intro);
      for (const c of mine) introOf.set(c, intro);
      intros.push(intro);
      remaining = remaining.filter((c) => !mine.has(c));
    }
  } else {
    // An incremental run: only the few new commits need asking.
    for (const c of remaining) {
      let found: string | undefined;
      for (const i of intros) {
        if (await ancestry.isAncestor(i, c)) {
          found = i;
          break;
        }
      }
      if (found === undefined) intros.push((found = c));
      introOf.set(c, found);
    }
  }
  for (const o of occurrences) o.intro = introOf.get(o.commit)!;
  return intros.map((i) => occurrences.filter((o) => o.intro === i));
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
    confidence: rule ? ruleConfidence(rule) : 'low',
    file: first.path,
    line: first.line,
    column: first.column,
    endLine: first.endLine,
    endColumn: first.endColumn,
    secret: first.secret,
    entropy: first.entropy,
    fingerprint: first.fingerprint,
    ...(rule?.revoke ? { revoke: rule.revoke } : {}),
    ...(first.decoded ? { decoded: first.decoded } : {}),
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
