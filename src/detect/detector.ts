import { isAscii } from 'node:buffer';
import type { RuleDef } from '../rules/types.js';
import type { GlobalAllow, MatchContext } from './allowlist.js';
import { CompiledRule } from './compiled-rule.js';
import { shannonEntropy } from './entropy.js';
import { namesAnId, namesAnInvalidValue, namesAnotherFormat } from './filters.js';
import { explainMiss } from './explain.js';
import { globMatcher } from './globs.js';
import { KeywordIndex, type LocateKeywords } from './keyword-index.js';
import { isWorkedExample, resolveOverlaps } from './overlaps.js';
import { inSealedBlock } from './sealed.js';
import { Rejections } from './rejections.js';
import { isSuppressed } from './suppress.js';
import { ValueMemo } from './value-memo.js';
import { collapsible, type KeywordLocator, type Prefilter } from './prefilter.js';
import { withDecoded } from './decode/decode-scan.js';
import { unlessNearby } from './unless.js';

export { CompiledRule } from './compiled-rule.js';
export { WINDOW_LINES } from './keyword-index.js';
export { resolveOverlaps } from './overlaps.js';

/** A secret located in a buffer. Offsets are byte offsets into the scanned buffer. */
export interface RawMatch {
  rule: CompiledRule;
  /** Start and end of the whole regex match: the start decides which chunk owns the match. */
  matchStart: number;
  matchEnd: number;
  start: number;
  end: number;
  secret: string;
  entropy: number;
  /** Set when the secret was found in decoded text (`base64`, `base64>hex`): start/end are the encoded span's. */
  decoded?: string;
}

/** Per-rule cost accounting for --profile-rules. */
export interface RuleProfile {
  nanos: bigint;
  runs: number;
  matches: number;
}

/**
 * Finds secrets in a Buffer. One RE2.Set pass over the keywords picks candidate rules
 * (keyword-index.ts); only those rules' regexes run. Knows nothing of files, git or output.
 */
export class Detector {
  /** The rules run on content. */
  readonly rules: CompiledRule[];
  /** Path-only rules (RuleDef.pathOnly): the engine asks them once per file (pathMatches), never on content. */
  readonly pathRules: CompiledRule[];
  private readonly keywords: KeywordIndex;
  private readonly rejections: Rejections;
  readonly profile: Map<string, RuleProfile> | undefined;
  /** Whether encoded text (base64, hex, percent, escapes, entities) is decoded and searched too. */
  private readonly decode: boolean;
  /** Optional Hyperscan prefilter (prefilter.ts), with its per-buffer marks of named rules. */
  private prefilter: Prefilter | undefined;
  private readonly namedScratch: Uint8Array;
  /** Rules limited to some paths: a prefilter may hold them in a database of their own, scanned where one applies. */
  private readonly pathScoped: number[];
  /** Path → whether some path-scoped rule applies to it (history asks for the same paths again and again). */
  private readonly scopedPaths = new Map<string, boolean>();
  private scopedGlobs: ((path: string) => boolean) | undefined;
  /** While a buffer is searched: the rules the prefilter named in it (undefined: all). */
  private only: Uint8Array | undefined;
  /** The keyword database (prefilter.ts KeywordLocator), a prefilter's or the detector's own (useKeywords). */
  private locateKeywords: LocateKeywords | undefined;
  /** While a buffer is searched: locateKeywords where it finds what the Set would (searchLocated), else undefined (the keyword index's RE2.Set). */
  private locate: LocateKeywords | undefined;
  /** The validators' answers per rule and value: they read the value alone. */
  private readonly validity = new ValueMemo<boolean>();
  /** While a buffer is searched: spans of structural tokens that failed their check. */
  private failed: Array<[number, number]> = [];

  constructor(defs: readonly RuleDef[], global: GlobalAllow = { regexes: [], stopwords: [] }, opts: { profile?: boolean; decode?: boolean } = {}) {
    // The same content rules, in the same order, as a prefilter is built from (prefilter.ts).
    this.rules = defs.filter((d) => !d.pathOnly).map((d) => new CompiledRule(d));
    this.pathRules = defs.filter((d) => d.pathOnly).map((d) => new CompiledRule(d));
    this.keywords = new KeywordIndex(this.rules);
    this.namedScratch = new Uint8Array(this.rules.length);
    this.pathScoped = this.rules.flatMap((r, i) => (r.hasPathFilter ? [i] : []));
    this.rejections = new Rejections(global);
    this.decode = opts.decode ?? true;
    this.profile = opts.profile ? new Map(this.rules.map((r) => [r.def.id, { nanos: 0n, runs: 0, matches: 0 }])) : undefined;
  }

  /** All secrets in `data`, and in the encoded text it holds. `path` selects path-scoped rules; it is never read. */
  detect(data: Buffer, path: string): RawMatch[] {
    const found = this.detectPlain(data, path);
    return this.decode ? withDecoded(data, found, (text) => this.detectPlain(text, path), path) : found;
  }

  private detectPlain(data: Buffer, path: string): RawMatch[] {
    const p = this.prefilter;
    if (!p) return this.locateKeywords && (isAscii(data) || collapsible(data)) ? this.searchLocated(data, path) : this.search(data, path);
    const ascii = isAscii(data);
    if (!ascii && !(p.utf8 && collapsible(data))) return this.search(data, path);
    // The prefilter names every rule that can match here (the path-scoped rules, when its main
    // database leaves them out, from theirs where one applies to this path). The others cannot
    // match, and a buffer where none is named holds no secret. The rules named run as they would
    // without it.
    const named = this.namedScratch.fill(0);
    let count = p.scan(data, named, !ascii);
    if (p.scopedLeftOut && this.scopedApply(path)) {
      // Their own database, and only those that apply here count.
      p.scanScoped(data, named, !ascii);
      for (const i of this.pathScoped) {
        if (named[i] !== 1) continue;
        if (this.rules[i]!.appliesTo(path)) count++;
        else named[i] = 0;
      }
    }
    if (count === 0) return [];
    this.only = named;
    try {
      return this.searchLocated(data, path);
    } finally {
      this.only = undefined;
    }
  }

  /**
   * search() with the keyword database, when there is one, for a buffer that is ASCII or valid
   * UTF-8 without U+017F and U+212A: there RE2's (?i) matches the ASCII keywords at the bytes
   * where ASCII case folding does, so the database finds what the Set would.
   */
  private searchLocated(data: Buffer, path: string): RawMatch[] {
    this.locate = this.locateKeywords;
    try {
      return this.search(data, path);
    } finally {
      this.locate = undefined;
    }
  }

  private scopedApply(path: string): boolean {
    let yes = this.scopedPaths.get(path);
    if (yes === undefined) {
      // One matcher for the globs of the rules scoped by globs alone: a path is asked once per
      // file in a scan, and 32 rules' matchers one by one cost as much as the prefilter saved.
      const byGlobs = (this.scopedGlobs ??= this.scopedGlobMatcher());
      yes = byGlobs(path) || this.pathScoped.some((i) => this.rules[i]!.def.pathRegex !== undefined && this.rules[i]!.appliesTo(path));
      if (this.scopedPaths.size >= 100_000) this.scopedPaths.clear();
      this.scopedPaths.set(path, yes);
    }
    return yes;
  }

  private scopedGlobMatcher(): (path: string) => boolean {
    const globs = this.pathScoped.flatMap((i) => (this.rules[i]!.def.pathRegex === undefined ? this.rules[i]!.def.paths : []));
    return globMatcher(globs) ?? (() => false);
  }

  /** The keyword index's literals, in its order (keywordLiterals of the content rules): what a keyword database must hold. */
  get keywordLiterals(): readonly string[] {
    return this.keywords.literals;
  }

  /** Lets a prefilter (prefilter.ts) skip the rules that cannot match a buffer; its keyword database finds the keywords. */
  usePrefilter(p: Prefilter | undefined): void {
    this.prefilter = p;
    this.useKeywords(p?.keywords);
  }

  /**
   * Finds the keyword index's literals with a Hyperscan database instead of the index's RE2.Set
   * (built only when a buffer needs it then): with or without a prefilter.
   */
  useKeywords(k: KeywordLocator | undefined): void {
    const same = k !== undefined && k.spec.literals.length === this.keywords.literals.length && k.spec.literals.every((l, i) => l === this.keywords.literals[i]);
    this.locateKeywords = same ? (data, block, reach) => k.blocks(data, block, reach) : undefined;
  }

  private search(data: Buffer, path: string): RawMatch[] {
    const found: RawMatch[] = [];
    this.failed = [];
    for (const [i, windows] of this.keywords.windows(data, path, this.only, this.locate)) {
      for (const [s, e] of windows) this.timedRun(this.rules[i]!, s === 0 && e === data.length ? data : data.subarray(s, e), s, path, found);
    }
    return resolveOverlaps(found, this.failed).filter((f) => !isWorkedExample(data, f, path) && !inSealedBlock(data, f.start));
  }

  private timedRun(rule: CompiledRule, view: Buffer, offset: number, path: string, found: RawMatch[]): void {
    const t0 = this.profile ? process.hrtime.bigint() : 0n;
    const before = found.length;
    this.runRule(rule, view, offset, path, found);
    if (this.profile) {
      const p = this.profile.get(rule.def.id)!;
      p.nanos += process.hrtime.bigint() - t0;
      p.runs++;
      p.matches += found.length - before;
    }
  }

  /** Runs one rule over `data` (a view starting at `offset` of the scanned buffer). */
  private runRule(rule: CompiledRule, data: Buffer, offset: number, path: string, out: RawMatch[]): void {
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
      // Validators are functions of the value alone (rules/validators.ts): asked once per value.
      if (rule.validator && !this.validity.get(rule, secret, rule.validator)) {
        if (rule.structural) this.failed.push([offset + start, offset + end]);
        continue;
      }
      if (!this.accepts(rule, secret, { data, matchStart: m.index, matchEnd, path })) continue;
      if (def.unless && unlessNearby(data, m.index, matchEnd, def.unless)) {
        // Not a secret here: nor through a generic rule on the same value.
        this.failed.push([offset + start, offset + end]);
        continue;
      }
      // Built-in generic rules take any compound name: `NextToken` and its kind are ids,
      // `invalidToken` and its kind test fixtures.
      if (rule.priority === 0 && namesNoCredential(data.toString('latin1', Math.max(0, start - 120), start), secret)) continue;
      if (isSuppressed(data, m.index, matchEnd)) continue;
      out.push({ rule, matchStart: offset + m.index, matchEnd: offset + matchEnd, start: offset + start, end: offset + end, secret, entropy });
    }
  }

  private accepts(rule: CompiledRule, secret: string, ctx: MatchContext): boolean {
    return this.rejection(rule, secret, ctx) === undefined;
  }

  /** Which filter drops a candidate secret, in words; undefined when it is kept (rejections.ts). */
  rejection(rule: CompiledRule, secret: string, ctx: MatchContext): string | undefined {
    return this.rejections.of(rule, secret, ctx);
  }

  /**
   * The path-only rules that report the file at `path`: those whose `paths` match and whose
   * `allow` regexes (tested on the path) and allowlists do not.
   */
  pathMatches(path: string): CompiledRule[] {
    if (this.pathRules.length === 0) return [];
    return this.pathRules.filter((rule) => rule.appliesTo(path) && !this.rejections.ofPath(rule, path));
  }

  /** Why rule `id` reports nothing in `data` (explain.ts): for `rules test` and `rules lint`. */
  explainMiss(id: string, data: Buffer, path: string): string {
    return explainMiss(this, id, data, path);
  }
}

function namesNoCredential(name: string, secret: string): boolean {
  return namesAnId(name) || namesAnInvalidValue(name) || namesAnotherFormat(name, secret);
}
