import { printable } from '../report/describe.js';
import type { RuleSet } from '../rules/resolve.js';
import type { RuleDef } from '../rules/types.js';
import type { ConfigVersion } from './config-at.js';

/** What a config change takes away from detection. */
export interface Weakening {
  /** Rules that ran before and do not now (disabled, removed, or their pack dropped). */
  disabled: string[];
  /** Rules that still run but report less: new allow patterns or stopwords, higher entropy, narrower paths, another regex. */
  weakened: string[];
  /** New global allowances: path globs, regexes, stopwords, gitleaks allowlists. */
  paths: string[];
  regexes: string[];
  stopwords: string[];
  allowlists: number;
  /** `[scan] decode = false` turned on: encoded secrets (base64, hex, escapes) are no longer searched. */
  decodingOff: boolean;
}

/** Compares two resolved rule sets: everything the second no longer checks. */
export function weakening(before: RuleSet, after: RuleSet): Weakening {
  const now = new Map(after.rules.map((r) => [r.id, r]));
  const added = (a: readonly string[], b: readonly string[]): string[] => b.filter((x) => !a.includes(x));
  const json = (xs: readonly unknown[]): string[] => xs.map((x) => JSON.stringify(x));
  return {
    disabled: before.rules.filter((r) => !now.has(r.id)).map((r) => r.id),
    weakened: before.rules.filter((r) => now.has(r.id) && reportsLess(r, now.get(r.id)!)).map((r) => r.id),
    paths: added(before.allowPaths, after.allowPaths),
    regexes: added(before.global.regexes, after.global.regexes),
    stopwords: added(before.global.stopwords, after.global.stopwords),
    allowlists: added(json(before.global.allowlists ?? []), json(after.global.allowlists ?? [])).length,
    decodingOff: before.decode !== false && after.decode === false,
  };
}

function reportsLess(a: RuleDef, b: RuleDef): boolean {
  const grew = (x: readonly unknown[] | undefined, y: readonly unknown[] | undefined): boolean => {
    const had = new Set((x ?? []).map((v) => JSON.stringify(v)));
    return (y ?? []).some((v) => !had.has(JSON.stringify(v)));
  };
  return (
    (b.entropy ?? 0) > (a.entropy ?? 0) ||
    grew(a.allow, b.allow) ||
    grew(a.stopwords, b.stopwords) ||
    grew(a.allowlists, b.allowlists) ||
    (b.paths.length > 0 && JSON.stringify(a.paths) !== JSON.stringify(b.paths)) ||
    (b.pathRegex !== undefined && b.pathRegex !== a.pathRegex) ||
    b.regex !== a.regex ||
    b.secretGroup !== a.secretGroup
  );
}

/**
 * "this change to keyward.toml disables 3 rules (a, b, c) and allows 1 path ("test/**")", or
 * undefined when the change weakens nothing. `files` are the changed config files.
 */
export function describeChange(files: string[], before: ConfigVersion, after: ConfigVersion): string | undefined {
  const what = `this change to ${files.map(printable).join(', ') || 'the config'}`;
  if ('error' in after) return 'error' in before ? undefined : `${what} leaves a config that does not load (${printable(after.error)})`;
  if ('error' in before) return undefined; // it repairs a broken config: nothing was checked with it before
  const w = weakening(before.ruleSet, after.ruleSet);
  const parts: string[] = [];
  if (w.disabled.length > 0) parts.push(`disables ${count(w.disabled.length, 'rule')} (${names(w.disabled)})`);
  if (w.weakened.length > 0) parts.push(`weakens ${count(w.weakened.length, 'rule')} (${names(w.weakened)})`);
  const allows: string[] = [];
  if (w.paths.length > 0) allows.push(`${count(w.paths.length, 'path')} (${names(w.paths.map((p) => JSON.stringify(p)))})`);
  if (w.regexes.length > 0) allows.push(count(w.regexes.length, 'regex', 'regexes'));
  if (w.stopwords.length > 0) allows.push(count(w.stopwords.length, 'stopword'));
  if (w.allowlists > 0) allows.push(count(w.allowlists, 'allowlist'));
  if (allows.length > 0) parts.push(`allows ${allows.join(', ')}`);
  if (w.decodingOff) parts.push('turns off decoding (base64, hex and escaped secrets go unsearched)');
  if (parts.length === 0) return undefined;
  return `${what} ${join(parts)}; ${after.ruleSet.rules.length} rules stay active`;
}

function count(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function names(xs: string[]): string {
  return printable(xs.length <= 3 ? xs.join(', ') : `${xs.slice(0, 3).join(', ')}, …`);
}

function join(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
