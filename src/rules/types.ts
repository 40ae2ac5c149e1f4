export { CONFIDENCES, RISKS, RULE_KINDS, type Confidence, type Risk, type RuleKind } from '../model/rule-facts.js';
import type { Confidence, Risk, RuleKind } from '../model/rule-facts.js';

/** Checksum / structure validators a rule may name in `validate` (see src/rules/validators.ts). */
export type ValidatorName = string;

/**
 * A gitleaks-style allowlist: a finding is allowed when any criterion matches (OR), or when
 * every given criterion matches (AND).
 */
export interface AllowList {
  description?: string;
  condition: 'OR' | 'AND';
  /** RE2 regexes tested against `regexTarget`. */
  regexes: string[];
  regexTarget: 'secret' | 'match' | 'line';
  /** Case-insensitive substrings of the secret. */
  stopwords: string[];
  /** RE2 regexes on the file path. */
  paths: string[];
  /** gitleaks global allowlists may name the rules they apply to. */
  targetRules?: string[];
}

/** A rule as loaded and validated from a TOML pack file. Plain data: it crosses worker boundaries. */
export interface RuleDef {
  id: string;
  title: string;
  provider: string;
  kind: RuleKind;
  risk: Risk;
  /** RE2 syntax. Matched against raw bytes (UTF-8). Empty for a path-only rule. */
  regex: string;
  /**
   * A path-only rule (written with `paths` and no `regex`): a file whose path matches is a
   * credential whatever its bytes (a PKCS#12 key store), reported once at line 1. Its examples
   * and negatives are paths, its `allow` regexes are tested on the path.
   */
  pathOnly?: true;
  /** Capture group holding the secret; 0 = whole match. Default: 1 if the regex has a group, else 0. */
  secretGroup: number;
  /** Lower-case literals; a rule runs on a chunk only if one of them occurs (case-insensitively). */
  keywords: string[];
  /**
   * Lower-case literals that must all occur too (case-insensitively). For context rules whose
   * provider name is common ("github") but whose match also needs a word ("token").
   */
  requires?: string[];
  /**
   * Lower-case literals none of which may occur within UNLESS_REACH bytes of a match
   * (case-insensitively): the context that makes a value of the rule's shape no secret (a
   * Firebase web config's API key, made for browsers).
   */
  unless?: string[];
  /** Minimum Shannon entropy (bits per byte) of the secret. */
  entropy?: number;
  /** Regexes tested against the secret: a match means "not a secret". */
  allow: string[];
  /** Case-insensitive substrings of the secret that mean "not a secret". */
  stopwords: string[];
  /** micromatch globs: the rule only applies to files whose path matches one of them. */
  paths: string[];
  /** Name of a checksum/structure validator the secret must pass. */
  validate?: ValidatorName;
  /** Written in the pack to override the confidence derived from the rule (rules/confidence.ts). */
  confidence?: Confidence;
  /** Provider page to revoke or rotate this credential. */
  revoke?: string;
  /** Strings that must each produce a finding of this rule. */
  examples: string[];
  /** Strings that must not produce a finding of this rule. */
  negatives: string[];
  /** gitleaks `path`: an RE2 regex the file path must match for the rule to apply. */
  pathRegex?: string;
  /** gitleaks-style allowlists, beyond the simple `allow` / `stopwords`. */
  allowlists?: AllowList[];
  tags?: string[];
  /** Pack file the rule came from (for error messages and `rules list`). */
  file: string;
  /**
   * Derived, never written in a pack: the most line breaks one match can hold
   * (detect/line-span.ts), null when unbounded. Stored with verified packs so that a CLI start
   * does not parse every regex again; computed when absent.
   */
  lineBreaks?: number | null;
}

/** A rule problem found while loading: always names file, rule and reason. */
export class RuleError extends Error {
  constructor(
    readonly file: string,
    readonly ruleId: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${ruleId ? ` [rule ${ruleId}]` : ''}: ${reason}`);
    this.name = 'RuleError';
  }
}

/** Project-wide allow settings applied to every rule (from keyward.toml / .gitleaks.toml). */
export interface GlobalAllow {
  /** Regexes on the secret. */
  regexes: string[];
  /** Case-insensitive substrings of the secret. */
  stopwords: string[];
  /** gitleaks-style global allowlists (optionally limited to some rules). */
  allowlists?: AllowList[];
}

/** Everything detection needs, as plain data (it is sent to worker threads as is). */
export interface RuleSet {
  rules: RuleDef[];
  global: GlobalAllow;
  /** Paths never scanned (micromatch globs). */
  allowPaths: string[];
  /** Where the rules came from, for reports: config files read and rule packs loaded. */
  source?: RuleSource;
  /** False when encoded text is not to be decoded and searched (`[scan] decode = false`, `--no-decode`). */
  decode?: boolean;
}

export interface RuleSource {
  /** Config files read (keyward.toml, .gitleaks.toml and what it extends); empty for the defaults. */
  files: string[];
  /** Rule pack directories or files; "built-in" for keyward's own pack. */
  packs: string[];
}
