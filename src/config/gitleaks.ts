import { dirname, resolve } from 'node:path';
import RE2 from 're2';
import { countGroups } from '../rules/regex.js';
import { RISKS, type AllowList, type Risk, type RuleDef } from '../rules/types.js';
import { ConfigError, DEFAULT_CONFIG, type KeywardConfig } from './config.js';
import { checkRegexes } from './regex-check.js';
import { optionalStrings, optionalTable, readTomlFile, type Table } from './toml.js';

/**
 * Reads a gitleaks configuration file (`.gitleaks.toml`) as it is, so a team moving from gitleaks
 * keeps its rules and allowlists. What keyward cannot honour is listed by name in `warnings`,
 * never dropped silently.
 */
export function loadGitleaksConfig(file: string, seen = new Set<string>()): KeywardConfig {
  const abs = resolve(file);
  if (seen.has(abs)) throw new ConfigError(file, '[extend] path forms a cycle');
  seen.add(abs);
  const doc = readTomlFile(abs);
  const fail = (reason: string): never => {
    throw new ConfigError(file, reason);
  };
  const warnings: string[] = [];
  const unsupported = (what: string) => warnings.push(`${file}: ${what} is not supported by keyward and is ignored`);
  for (const k of Object.keys(doc)) {
    if (!['title', 'description', 'minVersion', 'extend', 'rules', 'allowlist', 'allowlists'].includes(k)) unsupported(`top-level field "${k}"`);
  }

  // [extend]: useDefault means keyward's built-in pack; path chains another gitleaks config.
  let cfg: KeywardConfig = { ...structuredClone(DEFAULT_CONFIG), builtin: false };
  const extend = optionalTable(doc.extend, 'extend', fail);
  if (extend) {
    for (const k of Object.keys(extend)) if (!['useDefault', 'path', 'url', 'disabledRules'].includes(k)) unsupported(`[extend] field "${k}"`);
    if (extend.url !== undefined) unsupported('[extend] url');
    if (extend.path !== undefined) {
      const base = loadGitleaksConfig(resolve(dirname(abs), str(extend.path, 'extend.path', fail)), seen);
      cfg = base;
      warnings.unshift(...(base.warnings ?? []));
    }
    if (extend.useDefault === true) cfg.builtin = true;
    cfg.disable = [...cfg.disable, ...optionalStrings(extend.disabledRules, 'extend.disabledRules', fail)];
  }

  const rules = doc.rules === undefined ? [] : Array.isArray(doc.rules) ? doc.rules : fail('"rules" must be an array of tables ([[rules]])');
  const own: RuleDef[] = [];
  rules.forEach((raw, i) => {
    const r = optionalTable(raw, `rules[${i}]`, fail)!;
    const rule = toRule(r, i, file, fail, unsupported);
    if (rule) own.push(rule);
  });
  // A rule with an id already defined (by an extended config) replaces it, as in gitleaks.
  const ownIds = new Set(own.map((r) => r.id));
  cfg.inlineRules = [...(cfg.inlineRules ?? []).filter((r) => !ownIds.has(r.id)), ...own];

  const lists: Array<[Table, string]> = [
    ...(doc.allowlist !== undefined ? [[optionalTable(doc.allowlist, 'allowlist', fail)!, 'allowlist'] as [Table, string]] : []),
    ...(doc.allowlists === undefined
      ? []
      : Array.isArray(doc.allowlists)
        ? doc.allowlists.map((t, i): [Table, string] => [optionalTable(t, `allowlists[${i}]`, fail)!, `allowlists[${i}]`])
        : fail('"allowlists" must be an array of tables')),
  ];
  cfg.allow.allowlists = [...(cfg.allow.allowlists ?? []), ...lists.map(([t, where]) => toAllowList(t, where, true, fail, unsupported))];
  cfg.file = file;
  cfg.files = [...(cfg.files ?? []), file];
  cfg.warnings = [...(cfg.warnings ?? []), ...warnings];
  return cfg;
}

const RULE_FIELDS = ['id', 'description', 'regex', 'secretGroup', 'entropy', 'path', 'keywords', 'tags', 'allowlist', 'allowlists', 'report'];

function toRule(r: Table, i: number, file: string, fail: (r: string) => never, unsupported: (w: string) => void): RuleDef | undefined {
  const id = str(r.id, `rules[${i}].id`, fail);
  const where = `rule "${id}"`;
  for (const k of Object.keys(r)) if (!RULE_FIELDS.includes(k)) unsupported(`${where} field "${k}"`);
  if (r.report === false) unsupported(`${where} report = false (the rule reports as usual)`);
  if (r.regex === undefined && r.path === undefined) {
    unsupported(`${where}: a rule with neither regex nor path`);
    return undefined;
  }
  // A rule with a path and no regex reports every file at that path (a path-only rule).
  const pathOnly = r.regex === undefined;
  const regex = pathOnly ? '' : str(r.regex, `${where} regex`, fail);
  if (!pathOnly) compile(regex, `${where} regex`, fail);
  const pathRegex = r.path === undefined ? undefined : str(r.path, `${where} path`, fail);
  if (pathRegex) compile(pathRegex, `${where} path`, fail);
  const tags = optionalStrings(r.tags, `${where} tags`, fail);
  const lists = [
    ...(r.allowlist !== undefined ? [optionalTable(r.allowlist, `${where} allowlist`, fail)!] : []),
    ...(r.allowlists === undefined ? [] : Array.isArray(r.allowlists) ? r.allowlists.map((t) => optionalTable(t, `${where} allowlists`, fail)!) : fail(`${where} allowlists must be an array of tables`)),
  ];
  const groups = pathOnly ? 0 : countGroups(regex);
  const secretGroup = pathOnly || r.secretGroup === undefined ? (groups > 0 ? 1 : 0) : int(r.secretGroup, `${where} secretGroup`, fail);
  if (secretGroup > groups) fail(`${where} secretGroup is ${secretGroup} but the regex has ${groups} group(s)`);
  const entropy = r.entropy === undefined ? undefined : num(r.entropy, `${where} entropy`, fail);
  const risk = tags.find((t): t is Risk => (RISKS as readonly string[]).includes(t)) ?? 'medium';
  return {
    id,
    title: r.description === undefined ? id : str(r.description, `${where} description`, fail),
    provider: 'Custom',
    kind: 'generic',
    risk,
    regex,
    ...(pathOnly ? { pathOnly: true as const } : {}),
    secretGroup,
    keywords: pathOnly ? [] : optionalStrings(r.keywords, `${where} keywords`, fail).map((k) => k.toLowerCase()),
    entropy,
    allow: [],
    stopwords: [],
    paths: [],
    pathRegex,
    allowlists: lists.map((t) => toAllowList(t, `${where} allowlist`, false, fail, unsupported)),
    tags,
    examples: [],
    negatives: [],
    file,
  };
}

function toAllowList(t: Table, where: string, global: boolean, fail: (r: string) => never, unsupported: (w: string) => void): AllowList {
  const known = ['description', 'condition', 'regexes', 'regexTarget', 'stopwords', 'paths', 'commits', ...(global ? ['targetRules'] : [])];
  for (const k of Object.keys(t)) if (!known.includes(k)) unsupported(`${where} field "${k}"`);
  const commits = optionalStrings(t.commits, `${where} commits`, fail);
  if (commits.length > 0) unsupported(`${where} commits (commit allowlists)`);
  const condition = t.condition === undefined ? 'OR' : str(t.condition, `${where} condition`, fail).toUpperCase();
  if (condition !== 'OR' && condition !== 'AND') fail(`${where} condition must be "OR" or "AND"`);
  const regexTarget = t.regexTarget === undefined ? 'secret' : str(t.regexTarget, `${where} regexTarget`, fail);
  if (!['secret', 'match', 'line'].includes(regexTarget)) fail(`${where} regexTarget must be "secret", "match" or "line"`);
  const regexes = checkRegexes(optionalStrings(t.regexes, `${where} regexes`, fail), `${where}.regexes`, fail);
  const paths = checkRegexes(optionalStrings(t.paths, `${where} paths`, fail), `${where}.paths`, fail);
  const targetRules = global && t.targetRules !== undefined ? optionalStrings(t.targetRules, `${where} targetRules`, fail) : undefined;
  return {
    description: t.description === undefined ? undefined : String(t.description),
    condition: condition as 'OR' | 'AND',
    regexes,
    regexTarget: regexTarget as AllowList['regexTarget'],
    stopwords: optionalStrings(t.stopwords, `${where} stopwords`, fail),
    paths,
    ...(targetRules ? { targetRules } : {}),
  };
}

function str(v: unknown, name: string, fail: (r: string) => never): string {
  if (typeof v !== 'string') return fail(`${name} must be a string`);
  return v;
}
function int(v: unknown, name: string, fail: (r: string) => never): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(`${name} must be a non-negative integer`);
  return v;
}
function num(v: unknown, name: string, fail: (r: string) => never): number {
  if (typeof v !== 'number') return fail(`${name} must be a number`);
  return v;
}
function compile(source: string, where: string, fail: (r: string) => never): void {
  try {
    new RE2(source, 'u');
  } catch (e) {
    fail(`${where}: invalid RE2 regex: ${(e as Error).message}`);
  }
}
