import { atLeast, DEFAULT_MIN_CONFIDENCE, ruleConfidence } from '../rules/confidence.js';
import { assertUniqueIds, BUILTIN_PATTERNS_DIR, loadPack } from '../rules/load.js';
import { CONFIDENCES, RuleError, type Confidence, type RuleDef, type RuleSet } from '../rules/types.js';
import type { KeywardConfig } from './config.js';
import { loadVerifiedPacks } from './pack-cache.js';
import { verifyExamples } from './verify-examples.js';
import { Detector } from '../detect/detector.js';
import { ConfigError } from './toml.js';

export type { RuleSet, RuleSource } from '../rules/types.js';

export interface ResolveOptions {
  /**
   * Verify every pack rule's examples (through the verified-pack cache). Off only to compare two
   * versions of a config (what a change does to the rules), where nothing is scanned.
   */
  verify?: boolean;
  /** Leave out rules below this confidence (else the config's `[report] min_confidence`). */
  minConfidence?: Confidence;
}

/**
 * Rule packs + project config → the rules to run. Precedence: built-in pack (unless disabled),
 * then extra packs (ids must be unique across packs); then rules defined in the config itself
 * (they replace a pack rule of the same id); then `disable`; then per-rule overrides; global
 * allow settings apply to every rule last. Rules whose confidence is below `opts.minConfidence` (else
 * the config's `[report] min_confidence`, else DEFAULT_MIN_CONFIDENCE) are left out: what they
 * would find is not reported.
 * A rule whose own examples fail is rejected, naming file, rule and example.
 */
export function resolveRules(config: KeywardConfig, packsOverride?: string[], opts: ResolveOptions = {}): RuleSet {
  const sources = packsOverride ?? [...(config.builtin ? [BUILTIN_PATTERNS_DIR] : []), ...config.packs];
  // Examples prove the rules as their authors wrote them (verified before overrides: a project
  // allow pattern that happens to cover an example must not make a pack invalid).
  let rules = opts.verify === false ? unverified(sources) : loadVerifiedPacks(sources);
  // Rules written in the config itself ([[rules]] in keyward.toml, gitleaks configs) replace pack
  // rules of the same id; those with examples must pass them, as pack rules must.
  const inline = config.inlineRules ?? [];
  if (opts.verify !== false) verifyOwnRules(inline);
  const inlineIds = new Set(inline.map((r) => r.id));
  rules = [...rules.filter((r) => !inlineIds.has(r.id)), ...inline];
  const ids = new Set(rules.map((r) => r.id));
  for (const id of [...config.disable, ...Object.keys(config.overrides)]) {
    if (!ids.has(id)) throw new RuleError(config.file ?? 'config', id, 'no rule has this id');
  }
  const disabled = new Set(config.disable);
  const min = opts.minConfidence ?? config.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  // At the lowest level every rule qualifies: no confidence to work out (~1,000 regexes read).
  const all = min === CONFIDENCES[0];
  rules = rules
    .filter((r) => !disabled.has(r.id) && (all || atLeast(ruleConfidence(r), min)))
    .map((r) => applyOverride(r, config.overrides[r.id]));
  return {
    rules,
    global: { regexes: config.allow.regexes, stopwords: config.allow.stopwords, allowlists: config.allow.allowlists ?? [] },
    allowPaths: config.allow.paths,
    source: {
      files: config.files ?? (config.file ? [config.file] : []),
      packs: sources.map((s) => (s === BUILTIN_PATTERNS_DIR ? 'built-in' : s)),
    },
    ...(config.decode === false ? { decode: false } : {}),
  };
}

/** Rules a config defines itself must pass their own examples (verify-examples.ts says why one fails). */
function verifyOwnRules(rules: RuleDef[]): void {
  const withExamples = rules.filter((r) => r.examples.length + r.negatives.length > 0);
  if (withExamples.length === 0) return;
  const failures = verifyExamples(withExamples, new Detector(withExamples));
  const f = failures[0];
  if (f) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failures: run "keyward rules test")` : '';
    throw new RuleError(f.file, f.ruleId, `${f.which} ${f.index + 1} ${f.reason}${more}`);
  }
}

function unverified(sources: string[]): RuleDef[] {
  // The built-in pack is keyward's own: its verified copy is cached (loading it anew compiles every regex).
  const rules = sources.flatMap((s) => (s === BUILTIN_PATTERNS_DIR ? loadVerifiedPacks([s]) : loadPack(s)));
  assertUniqueIds(rules);
  return rules;
}

function applyOverride(rule: RuleDef, o: KeywardConfig['overrides'][string] | undefined): RuleDef {
  if (!o) return rule;
  return {
    ...rule,
    risk: o.risk ?? rule.risk,
    entropy: o.entropy ?? rule.entropy,
    allow: [...rule.allow, ...(o.allow ?? [])],
    stopwords: [...rule.stopwords, ...(o.stopwords ?? []).map((s) => s.toLowerCase())],
    paths: o.paths ?? rule.paths,
  };
}

/**
 * A rule set with no rule would report every scan clean: a `.gitleaks.toml` holding only an
 * `[allowlist]` (gitleaks' own defaults are not in it), `builtin = false` without packs, or every
 * rule disabled. That is a configuration error, never "no secrets found".
 */
export function requireActiveRules(ruleSet: RuleSet): void {
  if (ruleSet.rules.length > 0) return;
  const file = ruleSet.source?.files.at(-1);
  const hint =
    file && /gitleaks\.toml$/.test(file)
      ? 'it defines no [[rules]] and does not set [extend] useDefault = true'
      : 'the built-in pack is off or every rule is disabled, and no pack or rule adds one';
  throw new ConfigError(file ?? '--rules', `no rules are active (${hint}): nothing would be checked`);
}
