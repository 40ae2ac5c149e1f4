import { isAscii } from 'node:buffer';
import RE2 from 're2';
import type { RuleDef } from '../rules/types.js';
import { allowedBy, compileAllowList, type CompiledAllowList, type GlobalAllow, type MatchContext } from './allowlist.js';
import { CompiledRule } from './compiled-rule.js';
import { shannonEntropy } from './entropy.js';
import { describeNonSecret, namesAnId, namesAnInvalidValue } from './filters.js';
import { isSuppressed } from './suppress.js';
import { inExampleContext, introducedOnItsLine, signedByKeyBeside } from './example-context.js';
import { maxLineBreaks } from './line-span.js';
import { LineSpans, lineEnd, lineStart } from './line-windows.js';
import { collapsible, type Prefilter } from './prefilter.js';
import { withDecoded } from './decode/decode-scan.js';

export { CompiledRule } from './compiled-rule.js';

/**
 * A rule whose matches span at most this many line breaks runs on the lines around the blocks
 * holding its keywords (candidateWindows); rules that can span more (PEM blocks) run on the whole
 * buffer.
 */
export const WINDOW_LINES = 10;

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
 * Buffers longer than this are searched for keywords block by block, and a rule runs only on the
 * lines around the blocks that hold its keywords: in a 50 KB source file "token" may occur on
 * three lines, and the generic rules then need not read the other thousand (measured on the scan
 * corpus: detection 1.40 -> 1.12 s, see docs/decisions.md).
 */
const SELECT_BLOCK = 4096;
/** Large buffers (streamed windows, huge blobs): matches are at most CONTEXT long... */
const LARGE = 128 * 1024;
const CONTEXT = 64 * 1024;
/** ...and a rule's `requires` literals count within this many bytes' neighbourhood of its keyword. */
const GROUP = 64 * 1024;

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
  /** Keyword (or required literal) → its Set pattern index. */
  private readonly keywordIndex = new Map<string, number>();
  /** Longest keyword, in bytes: how far a block's Set search reaches into the next block. */
  private readonly maxKeyword: number;
  private readonly globalAllow: RE2[];
  private readonly globalStopwords: string[];
  private readonly globalLists: CompiledAllowList[];
  readonly profile: Map<string, RuleProfile> | undefined;
  /** Whether encoded text (base64, hex, percent, escapes, entities) is decoded and searched too. */
  private readonly decode: boolean;
  private readonly pickedScratch: Uint8Array;
  private readonly presentScratch: Uint8Array;
  /** Per rule: how many line breaks one match can span (Infinity: unbounded). */
  private readonly lineBreaks: number[];
  /** Optional Hyperscan prefilter (prefilter.ts), with its per-buffer marks of named rules. */
  private prefilter: Prefilter | undefined;
  private readonly namedScratch: Uint8Array;
  /** Rules limited to some paths: a prefilter may hold them in a database of their own, scanned where one applies. */
  private readonly pathScoped: number[];
  /** Path → whether some path-scoped rule applies to it (history asks for the same paths again and again). */
  private readonly scopedPaths = new Map<string, boolean>();
  /** While a buffer is searched: the rules the prefilter named in it (undefined: all). */
  private only: Uint8Array | undefined;
  /** While a buffer is searched: spans of structural tokens that failed their check. */
  private failed: Array<[number, number]> = [];

  constructor(defs: readonly RuleDef[], global: GlobalAllow = { regexes: [], stopwords: [] }, opts: { profile?: boolean; decode?: boolean } = {}) {
    this.rules = defs.map((d) => new CompiledRule(d));
    const keywordIndex = this.keywordIndex;
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
    this.maxKeyword = Math.max(0, ...[...keywordIndex.keys()].map((k) => Buffer.byteLength(k)));
    this.lineBreaks = this.rules.map((r) => lineBreaksOf(r.def));
    this.pickedScratch = new Uint8Array(this.rules.length);
    this.namedScratch = new Uint8Array(this.rules.length);
    this.pathScoped = this.rules.flatMap((r, i) => (r.hasPathFilter ? [i] : []));
    this.presentScratch = new Uint8Array(keywordIndex.size);
    this.set = keywordIndex.size > 0 ? new RE2.Set([...keywordIndex.keys()].map(escapeLiteral), 'iu') : undefined;
    this.globalAllow = global.regexes.map((r) => new RE2(r, 'u'));
    this.globalStopwords = global.stopwords.map((s) => s.toLowerCase());
    this.globalLists = (global.allowlists ?? []).map(compileAllowList);
    this.decode = opts.decode ?? true;
    this.profile = opts.profile ? new Map(this.rules.map((r) => [r.def.id, { nanos: 0n, runs: 0, matches: 0 }])) : undefined;
  }

  /**
   * Indexes of the rules that may match `data` for a file at `path`, in rule order. `keys` are
   * the Set patterns found in the scanned bytes (keywords and `requires` literals).
   */
  private pick(keys: number[], path: string): number[] {
    // Scratch marks, cleared after use: this runs once per buffer.
    const picked = this.pickedScratch;
    const present = this.presentScratch;
    for (const k of keys) {
      present[k] = 1;
      for (const i of this.keywordRules[k]!) picked[i] = 1;
    }
    const met = (k: number) => present[k] === 1;
    const out: number[] = [];
    const only = this.only;
    const consider = (i: number) => {
      if (only && only[i] !== 1) return;
      const req = this.required[i]!;
      if ((req.length === 0 || req.every(met)) && this.rules[i]!.appliesTo(path)) out.push(i);
    };
    for (const i of this.unconditional) consider(i);
    for (const k of keys) {
      for (const i of this.keywordRules[k]!) {
        if (picked[i] === 1) {
          picked[i] = 2;
          consider(i);
        }
      }
    }
    for (const k of keys) {
      present[k] = 0;
      for (const i of this.keywordRules[k]!) picked[i] = 0;
    }
    // Rule order: output order must not depend on which keyword came first.
    return out.sort((x, y) => x - y);
  }

  /** All secrets in `data`, and in the encoded text it holds. `path` selects path-scoped rules; it is never read. */
  detect(data: Buffer, path: string): RawMatch[] {
    const found = this.detectPlain(data, path);
    return this.decode ? withDecoded(data, found, (text) => this.detectPlain(text, path)) : found;
  }

  private detectPlain(data: Buffer, path: string): RawMatch[] {
    const p = this.prefilter;
    if (!p) return this.search(data, path);
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
      return this.search(data, path);
    } finally {
      this.only = undefined;
    }
  }

  private scopedApply(path: string): boolean {
    let yes = this.scopedPaths.get(path);
    if (yes === undefined) {
      yes = this.pathScoped.some((i) => this.rules[i]!.appliesTo(path));
      if (this.scopedPaths.size >= 100_000) this.scopedPaths.clear();
      this.scopedPaths.set(path, yes);
    }
    return yes;
  }

  /** Lets a prefilter (prefilter.ts) skip the rules that cannot match a buffer. */
  usePrefilter(p: Prefilter | undefined): void {
    this.prefilter = p;
  }

  private search(data: Buffer, path: string): RawMatch[] {
    const found: RawMatch[] = [];
    this.failed = [];
    if (data.length <= SELECT_BLOCK) {
      const keys = this.set ? this.set.match(data) : [];
      for (const i of this.pick(keys, path)) this.timedRun(this.rules[i]!, data, 0, path, found);
    } else {
      for (const [i, windows] of this.candidateWindows(data, path)) {
        for (const [s, e] of windows) this.timedRun(this.rules[i]!, data.subarray(s, e), s, path, found);
      }
    }
    return resolveOverlaps(found, this.failed).filter((f) => !isWorkedExample(data, f));
  }

  /**
   * Which rules run where, for a buffer of more than one block. Keywords are looked up per
   * SELECT_BLOCK block (with a tail, so a keyword split across two blocks is seen). A rule runs
   * on the lines around the blocks that hold one of its keywords: a match that contains the
   * keyword and spans at most k line breaks (the rule's bound, see line-span.ts) lies within k
   * lines of that block. Rules without such a bound run on the whole buffer. Windows start at
   * the newline before their first line, so a leading boundary sees what the whole buffer has
   * there, and overlapping windows are merged, so leftmost matches are the whole buffer's.
   *
   * Large buffers (more than LARGE) add two limits: a match is at most CONTEXT long, and a
   * `requires` literal must occur within a GROUP of the keyword's (in a few MB of code nearly
   * every literal occurs somewhere).
   */
  private candidateWindows(data: Buffer, path: string): Array<[number, Array<[number, number]>]> {
    const n = data.length;
    const large = n > LARGE;
    const nK = this.keywordRules.length;
    const blocks = Math.ceil(n / SELECT_BLOCK);
    const groups = large ? Math.ceil(n / GROUP) : 1;
    const present = new Uint8Array(groups * nK);
    const keysOf: number[][] = [];
    for (let b = 0; b < blocks; b++) {
      const s = b * SELECT_BLOCK;
      const keys = this.set ? this.set.match(data.subarray(s, Math.min(n, s + SELECT_BLOCK + this.maxKeyword))) : [];
      keysOf.push(keys);
      const g = large ? Math.floor(s / GROUP) : 0;
      for (const k of keys) present[g * nK + k] = 1;
    }
    const has = (g: number, k: number): boolean => g >= 0 && g < groups && present[g * nK + k] === 1;
    const span = new LineSpans(data, blocks, WINDOW_LINES, large ? CONTEXT : Infinity);
    const windows: Array<Array<[number, number]> | undefined> = [];
    const seen = new Int32Array(this.rules.length).fill(-1);
    const add = (i: number, ws: number, we: number): void => {
      const list = (windows[i] ??= []);
      const last = list[list.length - 1];
      if (last && ws <= last[1]) last[1] = Math.max(last[1], we);
      else list.push([ws, we]);
    };
    const only = this.only;
    for (const i of this.unconditional) if (!only || only[i] === 1) add(i, 0, n);
    for (let b = 0; b < blocks; b++) {
      const s = b * SELECT_BLOCK;
      const e = Math.min(n, s + SELECT_BLOCK + this.maxKeyword);
      const g = large ? Math.floor(s / GROUP) : 0;
      for (const k of keysOf[b]!) {
        for (const i of this.keywordRules[k]!) {
          if (seen[i] === b || (only && only[i] !== 1)) continue;
          seen[i] = b;
          const req = this.required[i]!;
          if (req.length > 0 && !req.every((r) => has(g - 1, r) || has(g, r) || has(g + 1, r))) continue;
          const lines = this.lineBreaks[i]!;
          if (lines <= WINDOW_LINES) add(i, span.back(b, s, lines), span.forward(b, e, lines));
          else if (large) add(i, lineStart(data, Math.max(0, s - CONTEXT)), lineEnd(data, Math.min(n, e + CONTEXT)));
          else add(i, 0, n);
        }
      }
    }
    const out: Array<[number, Array<[number, number]>]> = [];
    windows.forEach((list, i) => {
      if (list && this.rules[i]!.appliesTo(path)) out.push([i, list]);
    });
    return out;
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
      if (rule.validator && !rule.validator(secret)) {
        if (rule.structural) this.failed.push([offset + start, offset + end]);
        continue;
      }
      if (!this.accepts(rule, secret, { data, matchStart: m.index, matchEnd, path })) continue;
      // Built-in generic rules take any compound name: `NextToken` and its kind are ids,
      // `invalidToken` and its kind test fixtures.
      if (rule.priority === 0 && namesNoCredential(data.toString('latin1', Math.max(0, start - 120), start))) continue;
      if (isSuppressed(data, m.index, matchEnd)) continue;
      out.push({ rule, matchStart: offset + m.index, matchEnd: offset + matchEnd, start: offset + start, end: offset + end, secret, entropy });
    }
  }

  private accepts(rule: CompiledRule, secret: string, ctx: MatchContext): boolean {
    return this.rejection(rule, secret, ctx) === undefined;
  }

  /** Which filter drops a candidate secret, in words; undefined when it is kept. */
  private rejection(rule: CompiledRule, secret: string, ctx: MatchContext): string | undefined {
    const non = describeNonSecret(secret);
    if (non !== undefined) return non;
    const lower = secret.toLowerCase();
    const own = rule.def.stopwords.find((w) => lower.includes(w));
    if (own !== undefined) return `stopword filter: the value holds the rule's stopword "${own}"`;
    const global = this.globalStopwords.find((w) => lower.includes(w));
    if (global !== undefined) return `stopword filter: the value holds "${global}" from [allow] stopwords`;
    const allow = rule.allow.find((re) => re.test(secret));
    if (allow) return `allow pattern: the rule's allow pattern /${allow.source}/ matches the value`;
    const globalAllow = this.globalAllow.find((re) => re.test(secret));
    if (globalAllow) return `allow pattern: /${globalAllow.source}/ from [allow] regexes matches the value`;
    for (const a of rule.allowlists) if (allowedBy(a, secret, lower, ctx)) return "allow pattern: one of the rule's allowlists matches";
    for (const a of this.globalLists) {
      if ((!a.list.targetRules || a.list.targetRules.includes(rule.def.id)) && allowedBy(a, secret, lower, ctx)) return 'allow pattern: a global allowlist matches';
    }
    return undefined;
  }

  /**
   * Why rule `id` reports nothing in `data` (a rule example that is not reported): the filter
   * that drops each candidate, in the order a scan applies them, or the rule that takes the value
   * over. For `rules test` and `rules lint`; never on a scan's path.
   */
  explainMiss(id: string, data: Buffer, path: string): string {
    const rule = this.rules.find((r) => r.def.id === id);
    if (!rule) return 'the rule is not active';
    if (!rule.appliesTo(path)) return `path filter: the rule applies only to ${rule.def.paths.join(', ')}, and the example is checked as ${path}`;
    const text = data.toString('utf8').toLowerCase();
    const { keywords } = rule.def;
    if (keywords.length > 0 && !keywords.some((k) => text.includes(k.toLowerCase()))) return `keyword filter: none of the rule's keywords (${keywords.join(', ')}) occurs, so the rule never runs`;
    const missing = (rule.def.requires ?? []).find((k) => !text.includes(k.toLowerCase()));
    if (missing !== undefined) return `keyword filter: the required literal "${missing}" does not occur, so the rule never runs`;
    const { re, def } = rule;
    // Every match first, then the verdicts: a verdict runs detection, which moves re.lastIndex
    // (the same regex object), and judging inside the exec loop never ended.
    const matches: NonNullable<ReturnType<typeof re.exec>>[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(data); m !== null; m = re.exec(data)) {
      if (m[0].length === 0) re.lastIndex++;
      matches.push(m);
    }
    const reasons = new Set(matches.map((m) => this.candidateVerdict(rule, data, m.index, m.index + m[0].length, m.indices?.[def.secretGroup], path)));
    if (reasons.size === 0) return `the regex does not match (${def.regex.length > 80 ? `${def.regex.slice(0, 80)}...` : def.regex})`;
    return [...reasons].join('; ');
  }

  /** One regex match of explainMiss: the step of runRule that drops it, or the rule that wins it. */
  private candidateVerdict(rule: CompiledRule, data: Buffer, matchStart: number, matchEnd: number, span: [number, number] | undefined, path: string): string {
    const { def } = rule;
    if (rule.accel?.boundaryOk && !rule.accel.boundaryOk(data, matchStart)) return 'the regex does not match (a candidate lacks the boundary the regex requires before it)';
    if (!span || span[1] <= span[0]) return `the regex matches, but its secret group ${def.secretGroup} is empty`;
    const [start, end] = span;
    const entropy = shannonEntropy(data, start, end);
    if (def.entropy !== undefined && entropy < def.entropy) return `entropy filter: the value has ${entropy.toFixed(2)} bits per byte, under the rule's ${def.entropy}`;
    const secret = data.toString('utf8', start, end);
    if (rule.validator && !rule.validator(secret)) return `format check: the value fails the rule's "${def.validate}" check (checksum or structure)`;
    const rejected = this.rejection(rule, secret, { data, matchStart, matchEnd, path });
    if (rejected !== undefined) return rejected;
    const name = data.toString('latin1', Math.max(0, start - 120), start);
    if (rule.priority === 0 && namesAnId(name)) return 'id-name filter: the name before the value is an id (NextToken, csrf_token...), not a credential';
    if (rule.priority === 0 && namesAnInvalidValue(name)) return 'name filter: the name says the value is no working credential (invalidToken, fakeApiKey, mock_secret...)';
    if (isSuppressed(data, matchStart, matchEnd)) return 'inline marker: keyward:allow, gitleaks:allow or "pragma: allowlist secret" is on the line';
    if (isWorkedExample(data, { rule, matchStart, matchEnd, start, end, secret, entropy })) {
      return 'example-context filter: documentation shows the value as an example (example prose or an EXAMPLE id around it, a line that introduces it as one, a JWT beside its signing key)';
    }
    const winner = this.detect(data, path).find((f) => f.rule !== rule && f.start < end && start < f.end);
    if (winner) return `overlap: ${winner.rule.def.id} reports the same value and takes precedence`;
    return 'reported when scanned alone; not in this scan';
  }
}

/**
 * Where findings share bytes, the more specific rule is reported (see CompiledRule.priority):
 * a generic finding where a provider or custom rule found a secret is noise, and so is a second
 * generic finding of the same bytes (two generic rules can both apply). Findings of equal
 * priority 2 all stay. Generic findings of a token whose format check failed (a GitHub token
 * with a wrong checksum) are dropped too: the specific rule already said it is no secret.
 */
export function resolveOverlaps(found: RawMatch[], failed: ReadonlyArray<readonly [number, number]> = []): RawMatch[] {
  if (!found.some((f) => f.rule.priority < 2)) return found;
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
  const kept = found.filter((f) => f.rule.priority === 2);
  for (const level of [1, 0] as const) {
    for (const g of found) {
      if (g.rule.priority !== level || kept.some((k) => overlaps(k, g))) continue;
      if (failed.some(([start, end]) => overlaps({ start, end }, g))) continue;
      kept.push(g);
    }
  }
  return kept;
}

/**
 * A finding that documentation shows as an example (see example-context.ts): one that rests on
 * context (a name, a keyword: not high confidence) inside an example; a prefixed token without
 * a checksum that its own line introduces as one; a JWT printed beside the key that signs it.
 */
function isWorkedExample(data: Buffer, f: RawMatch): boolean {
  if (f.rule.confidence !== 'high') return inExampleContext(data, f.start);
  // A checksum-verified token is a live format wherever it is written.
  if (!f.rule.structural && introducedOnItsLine(data, f.start)) return true;
  return f.secret.startsWith('eyJ') && signedByKeyBeside(data, f.start, f.secret);
}

function namesNoCredential(name: string): boolean {
  return namesAnId(name) || namesAnInvalidValue(name);
}

/** A rule's line-break bound: cached with verified packs, else computed from the regex. */
function lineBreaksOf(def: RuleDef): number {
  if (def.lineBreaks === undefined) return maxLineBreaks(def.regex);
  return def.lineBreaks ?? Infinity;
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
