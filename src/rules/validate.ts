import RE2 from 're2';
import { CONFIDENCES, RISKS, RULE_KINDS, RuleError, type RuleDef } from './types.js';
import { ALL_VALIDATORS as VALIDATORS } from './all-validators.js';
import { countGroups } from './regex.js';

const FIELDS = new Set([
  'id', 'title', 'provider', 'kind', 'risk', 'regex', 'secretGroup', 'keywords', 'requires', 'entropy',
  'allow', 'stopwords', 'paths', 'validate', 'confidence', 'revoke', 'examples', 'negatives',
]);
const ID_RE = /^[a-z0-9][a-z0-9-]*$/;

type Raw = Record<string, unknown>;

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

  const str = (key: string, required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined) return required ? fail(`missing "${key}"`) : undefined;
    if (typeof v !== 'string' || v.length === 0) return fail(`"${key}" must be a non-empty string`);
    return v;
  };
  const list = (key: string): string[] => {
    const v = raw[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return fail(`"${key}" must be an array of strings`);
    return v as string[];
  };

  const kind = str('kind', true) as string;
  if (!(RULE_KINDS as readonly string[]).includes(kind)) fail(`unknown kind "${kind}" (one of: ${RULE_KINDS.join(', ')})`);
  const risk = str('risk', true) as string;
  if (!(RISKS as readonly string[]).includes(risk)) fail(`unknown risk "${risk}" (one of: ${RISKS.join(', ')})`);

  const regex = str('regex', true) as string;
  const groups = compileOrFail(regex, 'regex', fail);
  let secretGroup = groups > 0 ? 1 : 0;
  if (raw.secretGroup !== undefined) {
    const g = raw.secretGroup;
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 0) fail('"secretGroup" must be a non-negative integer');
    if ((g as number) > groups) fail(`"secretGroup" is ${g} but the regex has ${groups} group(s)`);
    secretGroup = g as number;
  }

  const keywords = list('keywords');
  const requires = list('requires');
  if (requires.length > 0 && keywords.length === 0) fail('"requires" needs "keywords" too');
  for (const k of [...keywords, ...requires]) {
    if (k !== k.toLowerCase()) fail(`keyword "${k}" must be lower-case`);
    if (k.length < 2) fail(`keyword "${k}" is too short to prefilter anything`);
  }

  let entropy: number | undefined;
  if (raw.entropy !== undefined) {
    if (typeof raw.entropy !== 'number' || raw.entropy < 0 || raw.entropy > 8) fail('"entropy" must be a number from 0 to 8');
    entropy = raw.entropy as number;
  }
  const allow = list('allow');
  allow.forEach((a, i) => compileOrFail(a, `allow[${i}]`, fail));
  const validate = str('validate', false);
  if (validate !== undefined && !VALIDATORS[validate]) fail(`unknown validator "${validate}"`);
  const confidence = str('confidence', false);
  if (confidence !== undefined && !(CONFIDENCES as readonly string[]).includes(confidence)) {
    fail(`unknown confidence "${confidence}" (one of: ${CONFIDENCES.join(', ')})`);
  }

  const examples = list('examples');
  if (examples.length === 0) fail('a rule needs at least one example');

  return {
    id,
    title: str('title', true) as string,
    provider: str('provider', true) as string,
    kind: kind as RuleDef['kind'],
    risk: risk as RuleDef['risk'],
    regex,
    secretGroup,
    keywords,
    ...(requires.length > 0 ? { requires } : {}),
    entropy,
    allow,
    stopwords: list('stopwords').map((s) => s.toLowerCase()),
    paths: list('paths'),
    validate,
    ...(confidence !== undefined ? { confidence: confidence as RuleDef['confidence'] } : {}),
    revoke: str('revoke', false),
    examples,
    negatives: list('negatives'),
    file,
  };
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
