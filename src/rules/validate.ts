import RE2 from 're2';
import { CONFIDENCES, RISKS, RULE_KINDS, RuleError, type RuleDef } from './types.js';
import { ALL_VALIDATORS as VALIDATORS } from './all-validators.js';
import { countGroups } from './regex.js';

const FIELDS = new Set([
  'id', 'title', 'provider', 'kind', 'risk', 'regex', 'secretGroup', 'keywords', 'requires', 'unless', 'entropy',
  'allow', 'stopwords', 'paths', 'validate', 'confidence', 'revoke', 'examples', 'negatives',
]);
const ID_RE = /^[a-z0-9][a-z0-9-]*$/;

type Raw = Record<string, unknown>;

/** Readers of one rule table's fields: each fails with the rule's file, id and the reason. */
interface Fields {
  fail: (reason: string) => never;
  str: (key: string, required: boolean) => string | undefined;
  list: (key: string) => string[];
}

function fieldsOf(raw: Raw, fail: (reason: string) => never): Fields {
  return {
    fail,
    str: (key, required) => {
      const v = raw[key];
      if (v === undefined) return required ? fail(`missing "${key}"`) : undefined;
      if (typeof v !== 'string' || v.length === 0) return fail(`"${key}" must be a non-empty string`);
      return v;
    },
    list: (key) => {
      const v = raw[key];
      if (v === undefined) return [];
      if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return fail(`"${key}" must be an array of strings`);
      return v as string[];
    },
  };
}

/** Turns one raw TOML rule table into a RuleDef, or throws a RuleError naming file, rule, reason. */
export function validateRule(raw: unknown, file: string, index: number): RuleDef {
  if (!isTable(raw)) throw new RuleError(file, undefined, `rules[${index}] is not a table`);
  const id = typeof raw.id === 'string' ? raw.id : undefined;
  const fail = (reason: string): never => {
    throw new RuleError(file, id ?? `#${index + 1}`, reason);
  };
  for (const key of Object.keys(raw)) if (!FIELDS.has(key)) fail(`unknown field "${key}"`);
  if (!id) return fail('missing "id"');
  if (!ID_RE.test(id)) fail(`id must match ${ID_RE.source}`);
  const f = fieldsOf(raw, fail);
  const kind = oneOf(f, 'kind', RULE_KINDS, true) as RuleDef['kind'];
  const risk = oneOf(f, 'risk', RISKS, true) as RuleDef['risk'];
  if (raw.regex === undefined && raw.paths !== undefined) return pathOnlyRule(raw, f, { id, kind, risk, file });
  const regex = f.str('regex', true) as string;
  const secretGroup = secretGroupOf(raw.secretGroup, compileOrFail(regex, 'regex', fail), fail);
  const { keywords, requires } = keywordsOf(f);
  const allow = f.list('allow');
  allow.forEach((a, i) => compileOrFail(a, `allow[${i}]`, fail));
  const validate = f.str('validate', false);
  if (validate !== undefined && !VALIDATORS[validate]) fail(`unknown validator "${validate}"`);
  const confidence = oneOf(f, 'confidence', CONFIDENCES, false) as RuleDef['confidence'] | undefined;
  const examples = f.list('examples');
  if (examples.length === 0) fail('a rule needs at least one example');
  return {
    id,
    title: f.str('title', true) as string,
    provider: f.str('provider', true) as string,
    kind,
    risk,
    regex,
    secretGroup,
    keywords,
    ...(requires.length > 0 ? { requires } : {}),
    ...unlessOf(f),
    entropy: entropyOf(raw.entropy, fail),
    allow,
    stopwords: f.list('stopwords').map((s) => s.toLowerCase()),
    paths: f.list('paths'),
    validate,
    ...(confidence !== undefined ? { confidence } : {}),
    revoke: f.str('revoke', false),
    examples,
    negatives: f.list('negatives'),
    file,
  };
}

/** Fields that describe a match in the content: meaningless for a rule that looks only at the path. */
const CONTENT_FIELDS = ['secretGroup', 'keywords', 'requires', 'unless', 'entropy', 'stopwords', 'validate'];

/**
 * A rule with `paths` and no `regex`: the path is the evidence (a PKCS#12 file is a private key
 * whatever its bytes). Its examples and negatives are paths; `allow` regexes are tested on the path.
 */
function pathOnlyRule(raw: Raw, f: Fields, head: Pick<RuleDef, 'id' | 'kind' | 'risk' | 'file'>): RuleDef {
  for (const key of CONTENT_FIELDS) if (raw[key] !== undefined) f.fail(`"${key}" needs a "regex" (a rule without one matches paths only)`);
  const paths = f.list('paths');
  if (paths.length === 0) f.fail('a rule without "regex" needs "paths"');
  const allow = f.list('allow');
  allow.forEach((a, i) => compileOrFail(a, `allow[${i}]`, f.fail));
  const examples = f.list('examples');
  if (examples.length === 0) f.fail('a rule needs at least one example');
  const confidence = oneOf(f, 'confidence', CONFIDENCES, false) as RuleDef['confidence'] | undefined;
  return {
    ...head,
    title: f.str('title', true) as string,
    provider: f.str('provider', true) as string,
    regex: '',
    pathOnly: true,
    secretGroup: 0,
    keywords: [],
    allow,
    stopwords: [],
    paths,
    ...(confidence !== undefined ? { confidence } : {}),
    revoke: f.str('revoke', false),
    examples,
    negatives: f.list('negatives'),
  };
}

/** A string field that must be one of `values` ("unknown kind "x" (one of: ...)"). */
function oneOf(f: Fields, key: string, values: readonly string[], required: boolean): string | undefined {
  const v = f.str(key, required);
  if (v !== undefined && !values.includes(v)) f.fail(`unknown ${key} "${v}" (one of: ${values.join(', ')})`);
  return v;
}

/** The capture group holding the secret: `secretGroup`, else the first group, else the match. */
function secretGroupOf(g: unknown, groups: number, fail: (reason: string) => never): number {
  if (g === undefined) return groups > 0 ? 1 : 0;
  if (typeof g !== 'number' || !Number.isInteger(g) || g < 0) fail('"secretGroup" must be a non-negative integer');
  if ((g as number) > groups) fail(`"secretGroup" is ${g} but the regex has ${groups} group(s)`);
  return g as number;
}

/** `unless`: lower-case literals, omitted when empty. */
function unlessOf(f: Fields): { unless?: string[] } {
  const unless = f.list('unless');
  for (const k of unless) if (k.length < 3 || k !== k.toLowerCase()) f.fail(`"unless" literal "${k}" must be lower-case and 3 characters or more`);
  return unless.length > 0 ? { unless } : {};
}

/** Keywords (and `requires`, which need keywords): lower-case, long enough to prefilter. */
function keywordsOf(f: Fields): { keywords: string[]; requires: string[] } {
  const keywords = f.list('keywords');
  const requires = f.list('requires');
  if (requires.length > 0 && keywords.length === 0) f.fail('"requires" needs "keywords" too');
  for (const k of [...keywords, ...requires]) {
    if (k !== k.toLowerCase()) f.fail(`keyword "${k}" must be lower-case`);
    if (k.length < 2) f.fail(`keyword "${k}" is too short to prefilter anything`);
  }
  return { keywords, requires };
}

function entropyOf(v: unknown, fail: (reason: string) => never): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || v < 0 || v > 8) fail('"entropy" must be a number from 0 to 8');
  return v as number;
}

/** Compiles a pattern with RE2 to prove it is valid; returns its number of capture groups. */
function compileOrFail(source: string, what: string, fail: (reason: string) => never): number {
  try {
    new RE2(source, 'u');
  } catch (e) {
    return fail(`invalid RE2 ${what}: ${(e as Error).message}`);
  }
  return countGroups(source);
}

function isTable(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
