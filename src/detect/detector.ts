import RE2 from 're2';
import { globMatcher } from '../config/globs.js';
import type { AllowList, RuleDef } from '../rules/types.js';
import { ALL_VALIDATORS as VALIDATORS } from '../rules/all-validators.js';
import type { Validator } from '../rules/validators.js';
import { shannonEntropy } from './entropy.js';
import { nonSecretReason } from './filters.js';
import { accelerate, type Accelerated } from './accelerate.js';
import { isSuppressed, lineBounds } from './suppress.js';

/** Project-wide allow settings applied to every rule (from keyward.toml / .gitleaks.toml). */
export interface GlobalAllow {
  /** Regexes on the secret. */
  regexes: string[];
  /** Case-insensitive substrings of the secret. */
  stopwords: string[];
  /** gitleaks-style global allowlists (optionally limited to some rules). */
  allowlists?: AllowList[];
}

/** An allowlist with its regexes compiled once. */
interface CompiledAllowList {
  list: AllowList;
  regexes: RE2[];
  paths: RE2[];
}

/** Where a candidate secret sits: what allowlists may test besides the secret itself. */
interface MatchContext {
  data: Buffer;
  matchStart: number;
  matchEnd: number;
  path: string;
}

/**
 * A rule ready to run. Its regex is compiled on first use: most rules never become candidates
 * in a small scan (a commit hook), and compiling ~250 RE2 programs up front costs more than
 * scanning a typical commit.
 */
export class CompiledRule {
  readonly validator?: Validator;
  /** Set when the regex runs without its leading boundary (see accelerate.ts). */
  readonly accel: Accelerated | undefined;
  readonly hasPathFilter: boolean;
  private compiled?: RE2;
  private allowRes?: RE2[];
  private lists?: CompiledAllowList[];
  private pathFn?: (path: string) => boolean;

  constructor(readonly def: RuleDef) {
    this.validator = def.validate ? VALIDATORS[def.validate] : undefined;
    this.accel = accelerate(def.regex);
    this.hasPathFilter = def.paths.length > 0 || def.pathRegex !== undefined;
  }

  get re(): RE2 {
    return (this.compiled ??= new RE2(this.accel?.source ?? this.def.regex, 'gdu'));
  }

  get allow(): RE2[] {
    return (this.allowRes ??= this.def.allow.map((a) => new RE2(a, 'u')));
  }

  get allowlists(): CompiledAllowList[] {
    return (this.lists ??= (this.def.allowlists ?? []).map(compileAllowList));
  }

  /** True when the rule applies to `path` (rules without `paths`/`pathRegex` apply everywhere). */
  appliesTo(path: string): boolean {
    if (!this.hasPathFilter) return true;
    if (!this.pathFn) {
      const globs = globMatcher(this.def.paths);
      const re = this.def.pathRegex ? new RE2(this.def.pathRegex, 'u') : undefined;
      this.pathFn = (p) => (!globs || globs(p)) && (!re || re.test(p));
    }
    return this.pathFn(path);
  }
}

/** A secret located in a buffer. Offsets are byte offsets into the scanned buffer. */
export interface RawMatch {
  rule: CompiledRule;
  /** Start of the whole regex match: decides which chunk owns the match. */
  matchStart: number;
  start: number;
  end: number;
  secret: string;
  entropy: number;
}

/** Per-rule cost accounting for --profile-rules. */
export interface RuleProfile {
  nanos: bigint;
  runs: number;
  matches: number;
}

/**
 * Finds secrets in a Buffer. One RE2.Set pass over the keywords picks candidate rules; only those
 * rules' regexes run. Knows nothing of files, git or output.
 */
export class Detector {
  readonly rules: CompiledRule[];
  private readonly set: InstanceType<typeof RE2.Set> | undefined;
  /** Set pattern index → rule indexes. */
  private readonly keywordRules: number[][];
  /** Rules without keywords: always candidates. */
  private readonly unconditional: number[];
  /** Per rule: Set pattern indexes that must all be present ("requires"). */
  private readonly required: number[][];
  private readonly globalAllow: RE2[];
  private readonly globalStopwords: string[];
  private readonly globalLists: CompiledAllowList[];
  readonly profile: Map<string, RuleProfile> | undefined;

  constructor(defs: readonly RuleDef[], global: GlobalAllow = { regexes: [], stopwords: [] }, opts: { profile?: boolean } = {}) {
    this.rules = defs.map((d) => new CompiledRule(d));
    const keywordIndex = new Map<string, number>();
    const indexOf = (k: string): number => {
      let idx = keywordIndex.get(k);
      if (idx === undefined) {
        idx = keywordIndex.size;
        keywordIndex.set(k, idx);
        this.keywordRules.push([]);
      }
      return idx;
    };
    this.keywordRules = [];
    this.unconditional = [];
    this.required = [];
    this.rules.forEach((r, i) => {
      if (r.def.keywords.length === 0) this.unconditional.push(i);
      for (const k of r.def.keywords) this.keywordRules[indexOf(k)]!.push(i);
      this.required[i] = (r.def.requires ?? []).map(indexOf);
    });
    this.set = keywordIndex.size > 0 ? new RE2.Set([...keywordIndex.keys()].map(escapeLiteral), 'iu') : undefined;
    this.globalAllow = global.regexes.map((r) => new RE2(r, 'u'));
    this.globalStopwords = global.stopwords.map((s) => s.toLowerCase());
    this.globalLists = (global.allowlists ?? []).map(compileAllowList);
    this.profile = opts.profile ? new Map(this.rules.map((r) => [r.def.id, { nanos: 0n, runs: 0, matches: 0 }])) : undefined;
  }

  /** Indexes of the rules that may match `data` for a file at `path`, in rule order. */
  candidates(data: Buffer, path: string): number[] {
    const picked = new Uint8Array(this.rules.length);
    for (const i of this.unconditional) picked[i] = 1;
    const present = new Uint8Array(this.keywordRules.length);
    if (this.set) {
      for (const k of this.set.match(data)) {
        present[k] = 1;
        for (const i of this.keywordRules[k]!) picked[i] = 1;
      }
    }
    const out: number[] = [];
    for (let i = 0; i < picked.length; i++) {
      if (!picked[i]) continue;
      const req = this.required[i]!;
      if (req.length > 0 && !req.every((k) => present[k])) continue;
      if (this.rules[i]!.appliesTo(path)) out.push(i);
    }
    return out;
  }

  /** All secrets in `data`. `path` selects path-scoped rules; it is never read. */
  detect(data: Buffer, path: string): RawMatch[] {
    const found: RawMatch[] = [];
    for (const i of this.candidates(data, path)) {
      const rule = this.rules[i]!;
      const t0 = this.profile ? process.hrtime.bigint() : 0n;
      const before = found.length;
      this.runRule(rule, data, path, found);
      if (this.profile) {
        const p = this.profile.get(rule.def.id)!;
        p.nanos += process.hrtime.bigint() - t0;
        p.runs++;
        p.matches += found.length - before;
      }
    }
    return dropShadowedGeneric(found);
  }

  private runRule(rule: CompiledRule, data: Buffer, path: string, out: RawMatch[]): void {
    const { re, def } = rule;
    re.lastIndex = 0;
    const boundaryOk = rule.accel?.boundaryOk;
    for (let m = re.exec(data); m !== null; m = re.exec(data)) {
      if (boundaryOk && !boundaryOk(data, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const span = m.indices?.[def.secretGroup];
      if (m[0].length === 0) re.lastIndex++;
      if (!span) continue;
      const [start, end] = span;
      if (end <= start) continue;
      const entropy = shannonEntropy(data, start, end);
      if (def.entropy !== undefined && entropy < def.entropy) continue;
      const secret = data.toString('utf8', start, end);
      const matchEnd = m.index + m[0].length;
      if (!this.accepts(rule, secret, { data, matchStart: m.index, matchEnd, path })) continue;
      if (isSuppressed(data, m.index, matchEnd)) continue;
      out.push({ rule, matchStart: m.index, start, end, secret, entropy });
    }
  }

  private accepts(rule: CompiledRule, secret: string, ctx: MatchContext): boolean {
    if (rule.validator && !rule.validator(secret)) return false;
    if (nonSecretReason(secret) !== undefined) return false;
    const lower = secret.toLowerCase();
    if (rule.def.stopwords.some((w) => lower.includes(w))) return false;
    if (this.globalStopwords.some((w) => lower.includes(w))) return false;
    if (rule.allow.some((re) => re.test(secret))) return false;
    if (this.globalAllow.some((re) => re.test(secret))) return false;
    for (const a of rule.allowlists) if (allowedBy(a, secret, lower, ctx)) return false;
    for (const a of this.globalLists) {
      if ((!a.list.targetRules || a.list.targetRules.includes(rule.def.id)) && allowedBy(a, secret, lower, ctx)) return false;
    }
    return true;
  }
}

function compileAllowList(list: AllowList): CompiledAllowList {
  return { list, regexes: list.regexes.map((r) => new RE2(r, 'u')), paths: list.paths.map((r) => new RE2(r, 'u')) };
}

/** gitleaks semantics: OR = any given criterion matches; AND = every given criterion matches. */
function allowedBy(a: CompiledAllowList, secret: string, lowerSecret: string, ctx: MatchContext): boolean {
  const results: boolean[] = [];
  if (a.regexes.length > 0) {
    const target =
      a.list.regexTarget === 'match'
        ? ctx.data.toString('utf8', ctx.matchStart, ctx.matchEnd)
        : a.list.regexTarget === 'line'
          ? ctx.data.toString('utf8', ...lineSpan(ctx))
          : secret;
    results.push(a.regexes.some((re) => re.test(target)));
  }
  if (a.list.stopwords.length > 0) results.push(a.list.stopwords.some((w) => lowerSecret.includes(w.toLowerCase())));
  if (a.paths.length > 0) results.push(a.paths.some((re) => re.test(ctx.path)));
  if (results.length === 0) return false;
  return a.list.condition === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

function lineSpan(ctx: MatchContext): [number, number] {
  const [start] = lineBounds(ctx.data, ctx.matchStart);
  const [, end] = lineBounds(ctx.data, Math.max(ctx.matchStart, ctx.matchEnd - 1));
  return [start, end];
}

/**
 * A generic-kind finding where a specific rule found a secret at the same bytes is noise, and
 * so is a second generic finding of the same bytes (two generic rules can both apply).
 */
function dropShadowedGeneric(found: RawMatch[]): RawMatch[] {
  if (!found.some((f) => f.rule.def.kind === 'generic')) return found;
  const kept = found.filter((f) => f.rule.def.kind !== 'generic');
  const overlaps = (a: RawMatch, b: RawMatch): boolean => a.start < b.end && b.start < a.end;
  for (const g of found) if (g.rule.def.kind === 'generic' && !kept.some((k) => overlaps(k, g))) kept.push(g);
  return kept;
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
