import type { KeywardConfig } from '../config/config.js';
import type { GlobalAllow } from '../detect/allowlist.js';
import { BUILTIN_PATTERNS_DIR } from './load.js';
import { loadVerifiedPacks } from './pack-cache.js';
import { RuleError, type RuleDef } from './types.js';

/** Everything detection needs, as plain data (it is sent to worker threads as is). */
export interface RuleSet {
  rules: RuleDef[];
  global: GlobalAllow;
  /** Paths never scanned (micromatch globs). */
  allowPaths: string[];
  /** False when encoded text is not to be decoded and searched (`[scan] decode = false`, `--no-decode`). */
  decode?: boolean;
}

/**
 * Rule packs + project config → the rules to run. Precedence: built-in pack (unless disabled),
 * then extra packs (ids must be unique across packs); then rules defined in the config itself
 * (they replace a pack rule of the same id); then `disable`; then per-rule overrides; global
 * allow settings apply to every rule last.
 * A rule whose own examples fail is rejected, naming file, rule and example.
 */
export function resolveRules(config: KeywardConfig, packsOverride?: string[]): RuleSet {
  const sources = packsOverride ?? [...(config.builtin ? [BUILTIN_PATTERNS_DIR] : []), ...config.packs];
  // Examples prove the rules as their authors wrote them (verified before overrides: a project
  // allow pattern that happens to cover an example must not make a pack invalid).
  let rules = loadVerifiedPacks(sources);
  // Rules written in the config itself (gitleaks configs) replace pack rules of the same id.
  const inline = config.inlineRules ?? [];
  const inlineIds = new Set(inline.map((r) => r.id));
  rules = [...rules.filter((r) => !inlineIds.has(r.id)), ...inline];
  const ids = new Set(rules.map((r) => r.id));
  for (const id of [...config.disable, ...Object.keys(config.overrides)]) {
    if (!ids.has(id)) throw new RuleError(config.file ?? 'config', id, 'no rule has this id');
  }
  const disabled = new Set(config.disable);
  rules = rules.filter((r) => !disabled.has(r.id)).map((r) => applyOverride(r, config.overrides[r.id]));
  return {
    rules,
    global: { regexes: config.allow.regexes, stopwords: config.allow.stopwords, allowlists: config.allow.allowlists ?? [] },
    allowPaths: config.allow.paths,
    ...(config.decode === false ? { decode: false } : {}),
  };
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
