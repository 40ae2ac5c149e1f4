import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bool, ConfigError, onlyFields as only, optionalStrings as strings, optionalTable as table, readTomlFile, type Table } from './toml.js';
import { checkRegexes } from './regex-check.js';
import { CONFIDENCES, RISKS, RuleError, type AllowList, type Confidence, type Risk, type RuleDef } from '../rules/types.js';
import { parseRuleTables } from '../rules/load.js';

/** Per-rule changes a project makes without forking the pack. */
export interface RuleOverride {
  risk?: Risk;
  entropy?: number;
  allow?: string[];
  stopwords?: string[];
  paths?: string[];
}

export interface KeywardConfig {
  /** The file this came from, if any. */
  file?: string;
  /** Every config file read to make this one (a gitleaks [extend] path chain: base first). */
  files?: string[];
  /** Include keyward's built-in pack. */
  builtin: boolean;
  /** Extra rule pack directories or files (absolute). */
  packs: string[];
  disable: string[];
  overrides: Record<string, RuleOverride>;
  /**
   * Rules defined in the config file itself (`[[rules]]` in keyward.toml, or a gitleaks config's);
   * they replace pack rules of the same id.
   */
  inlineRules?: RuleDef[];
  /** `[report] min_confidence`: findings below it are not reported (a command's --min-confidence wins). */
  minConfidence?: Confidence;
  /** `[scan] decode = false`: encoded text (base64, hex, escapes) is not decoded and searched. */
  decode?: boolean;
  /** What the config asked for that keyward cannot honour, by name. */
  warnings?: string[];
  allow: {
    /** micromatch globs on repository-relative paths: never scanned. */
    paths: string[];
    /** Regexes on the secret. */
    regexes: string[];
    /** Case-insensitive substrings of the secret. */
    stopwords: string[];
    /** gitleaks-style allowlists (path regexes, regex targets, AND conditions). */
    allowlists?: AllowList[];
  };
}

export { ConfigError } from './toml.js';

export const DEFAULT_CONFIG: KeywardConfig = {
  builtin: true,
  packs: [],
  disable: [],
  overrides: {},
  allow: { paths: [], regexes: [], stopwords: [] },
};

/** Config file names looked for, in order, from the start directory up to the repository root. */
export const CONFIG_NAMES = ['keyward.toml', '.gitleaks.toml'];

/** `keyward.toml` (or a gitleaks `.gitleaks.toml`) at the repository root or below it, if there is one. */
export function findConfig(start: string): string | undefined {
  let d = resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(d, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(join(d, '.git'))) return undefined; // stop at the repository root
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}


/** A gitleaks config is recognised by its name (`.gitleaks.toml`, `gitleaks.toml`, `*.gitleaks.toml`). */
export function isGitleaksConfig(file: string): boolean {
  return /(?:^|[/\\.])gitleaks\.toml$/.test(file);
}

export function loadConfig(file: string): KeywardConfig {
  const doc = readTomlFile(file);
  const fail = (reason: string): never => {
    throw new ConfigError(file, reason);
  };
  const cfg: KeywardConfig = structuredClone(DEFAULT_CONFIG);
  cfg.file = file;
  cfg.files = [file];
  only(doc, ['rules', 'allow', 'tickets', 'hooks', 'history', 'report', 'scan', 'policy'], '', fail);
  const scan = table(doc.scan, 'scan', fail);
  if (scan) {
    only(scan, ['decode'], 'scan.', fail);
    if (scan.decode !== undefined) cfg.decode = bool(scan.decode, 'scan.decode', fail);
  }

  // `[[rules]]`: the file defines rules itself, in the pack format (docs/rule-format.md). TOML
  // gives "rules" one meaning per file, so next to [rules] settings they are `[[rules.define]]`.
  if (Array.isArray(doc.rules)) cfg.inlineRules = ownRules(file, doc.rules);
  const rules = Array.isArray(doc.rules) ? undefined : table(doc.rules, 'rules', fail);
  if (rules) readRules(rules, cfg, file, fail);
  const report = table(doc.report, 'report', fail);
  if (report) {
    only(report, ['min_confidence'], 'report.', fail);
    const v = report.min_confidence;
    if (v !== undefined) {
      if (!(CONFIDENCES as readonly unknown[]).includes(v)) fail(`report.min_confidence must be one of ${CONFIDENCES.join(', ')}`);
      cfg.minConfidence = v as Confidence;
    }
  }
  const allow = table(doc.allow, 'allow', fail);
  if (allow) {
    only(allow, ['paths', 'regexes', 'stopwords'], 'allow.', fail);
    cfg.allow.paths = strings(allow.paths, 'allow.paths', fail);
    cfg.allow.regexes = checkRegexes(strings(allow.regexes, 'allow.regexes', fail), 'allow.regexes', fail);
    cfg.allow.stopwords = strings(allow.stopwords, 'allow.stopwords', fail);
  }
  return cfg;
}

/** `[rules]`: the built-in pack, extra packs (relative to the file), disabled ids, overrides. */
function readRules(rules: Table, cfg: KeywardConfig, file: string, fail: (reason: string) => never): void {
  only(rules, ['builtin', 'packs', 'disable', 'override', 'define'], 'rules.', fail);
  if (rules.define !== undefined) cfg.inlineRules = ownRules(file, rules.define);
  if (rules.builtin !== undefined) cfg.builtin = bool(rules.builtin, 'rules.builtin', fail);
  const base = dirname(resolve(file));
  cfg.packs = strings(rules.packs, 'rules.packs', fail).map((p) => resolve(base, p));
  cfg.disable = strings(rules.disable, 'rules.disable', fail);
  const ov = table(rules.override, 'rules.override', fail) ?? {};
  for (const [id, raw] of Object.entries(ov)) cfg.overrides[id] = readOverride(`rules.override.${id}`, raw, fail);
}

/** `[rules.override.ID]`: risk, entropy, allow patterns, stopwords, paths of one rule. */
function readOverride(where: string, raw: unknown, fail: (reason: string) => never): RuleOverride {
  const t = table(raw, where, fail)!;
  only(t, ['risk', 'entropy', 'allow', 'stopwords', 'paths'], `${where}.`, fail);
  const o: RuleOverride = {};
  if (t.risk !== undefined) {
    if (!(RISKS as readonly unknown[]).includes(t.risk)) fail(`${where}.risk must be one of ${RISKS.join(', ')}`);
    o.risk = t.risk as Risk;
  }
  if (t.entropy !== undefined) {
    if (typeof t.entropy !== 'number' || t.entropy < 0 || t.entropy > 8) fail(`${where}.entropy must be a number from 0 to 8`);
    o.entropy = t.entropy as number;
  }
  if (t.allow !== undefined) o.allow = checkRegexes(strings(t.allow, `${where}.allow`, fail), `${where}.allow`, fail);
  if (t.stopwords !== undefined) o.stopwords = strings(t.stopwords, `${where}.stopwords`, fail);
  if (t.paths !== undefined) o.paths = strings(t.paths, `${where}.paths`, fail);
  return o;
}

/** The rules a config file defines itself; the first invalid one is the error (file, rule, field). */
function ownRules(file: string, tables: unknown): RuleDef[] {
  const defs = parseRuleTables(file, tables);
  const bad = defs.find((r): r is RuleError => r instanceof RuleError);
  if (bad) throw bad;
  return defs as RuleDef[];
}
