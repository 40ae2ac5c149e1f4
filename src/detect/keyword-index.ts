import RE2 from 're2';
import type { RuleDef } from '../rules/types.js';
import type { CompiledRule } from './compiled-rule.js';
import { maxLineBreaks } from './line-span.js';
import { LineSpans, lineEnd, lineStart } from './line-windows.js';

/**
 * A rule whose matches span at most this many line breaks runs on the lines around the blocks
 * holding its keywords (KeywordIndex.windows); rules that can span more (PEM blocks) run on the
 * whole buffer.
 */
export const WINDOW_LINES = 10;

/**
 * Buffers longer than this are searched for keywords block by block, and a rule runs only on the
 * lines around the blocks that hold its keywords: in a 50 KB source file "token" may occur on
 * three lines, and the generic rules then need not read the other thousand (measured on the scan
 * corpus: detection 1.40 -> 1.12 s, see docs/decisions.md).
 */
export const SELECT_BLOCK = 4096;
/** Large buffers (streamed windows, huge blobs): matches are at most CONTEXT long... */
const LARGE = 128 * 1024;
const CONTEXT = 64 * 1024;
/** ...and a rule's `requires` literals count within this many bytes' neighbourhood of its keyword. */
const GROUP = 64 * 1024;

/** Per rule index: the byte ranges of the scanned buffer it runs on. */
export type RuleWindows = Array<[number, Array<[number, number]>]>;

/**
 * Where the index's literals occur, per block of `block` bytes read with `reach` bytes of the
 * next (the RE2.Set's view of a block), as KeywordLocator.blocks (prefilter.ts) finds them.
 */
export type LocateKeywords = (data: Buffer, block: number, reach: number) => number[][];

/** The keywords and `requires` literals of `rules`, each once, in the index's order (its Set pattern indexes). */
export function keywordLiterals(rules: readonly RuleDef[]): string[] {
  const seen = new Set<string>();
  for (const r of rules) {
    for (const k of r.keywords) seen.add(k);
    for (const k of r.requires ?? []) seen.add(k);
  }
  return [...seen];
}

/**
 * The rules' keywords (and `requires` literals) in one RE2.Set: which rules can match a buffer,
 * and where in it. `only` (when given) marks the rules a prefilter named; the others are left out.
 */
export class KeywordIndex {
  /** Built on first use (the `set` getter): with a keyword database (Detector.useKeywords) an ASCII scan never needs it. */
  private builtSet: InstanceType<typeof RE2.Set> | null | undefined;
  /** Set pattern index → rule indexes. */
  private readonly keywordRules: number[][] = [];
  /** Rules without keywords: always candidates. */
  private readonly unconditional: number[] = [];
  /** Per rule: Set pattern indexes that must all be present ("requires"). */
  private readonly required: number[][] = [];
  /** Longest keyword, in bytes: how far a block's Set search reaches into the next block. */
  private readonly maxKeyword: number;
  /** Per rule: how many line breaks one match can span (Infinity: unbounded). */
  private readonly lineBreaks: number[];
  private readonly pickedScratch: Uint8Array;
  private readonly presentScratch: Uint8Array;
  /** The Set's patterns, unescaped, by index (keywordLiterals' list). */
  readonly literals: readonly string[];

  constructor(private readonly rules: readonly CompiledRule[]) {
    const index = new Map<string, number>();
    const indexOf = (k: string): number => {
      let idx = index.get(k);
      if (idx === undefined) {
        idx = index.size;
        index.set(k, idx);
        this.keywordRules.push([]);
      }
      return idx;
    };
    rules.forEach((r, i) => {
      if (r.def.keywords.length === 0) this.unconditional.push(i);
      for (const k of r.def.keywords) this.keywordRules[indexOf(k)]!.push(i);
      this.required[i] = (r.def.requires ?? []).map(indexOf);
    });
    this.maxKeyword = Math.max(0, ...[...index.keys()].map((k) => Buffer.byteLength(k)));
    this.lineBreaks = rules.map((r) => lineBreaksOf(r.def));
    this.pickedScratch = new Uint8Array(rules.length);
    this.presentScratch = new Uint8Array(index.size);
    this.literals = [...index.keys()];
  }

  /** The RE2.Set of the literals (null: there are none), built on first use: ~18 ms for 1,878 literals. */
  private get set(): InstanceType<typeof RE2.Set> | null {
    if (this.builtSet === undefined) this.builtSet = this.literals.length > 0 ? new RE2.Set(this.literals.map(escapeLiteral), 'iu') : null;
    return this.builtSet;
  }

  /**
   * Where each candidate rule runs in `data`: the whole of a buffer up to SELECT_BLOCK, else
   * windows. `locate`: finds the literals instead of the Set (an ASCII buffer, see prefilter.ts).
   */
  windows(data: Buffer, path: string, only: Uint8Array | undefined, locate?: LocateKeywords): RuleWindows {
    if (data.length > SELECT_BLOCK) return this.blockWindows(data, path, only, locate);
    const keys = locate && this.literals.length > 0 ? locate(data, SELECT_BLOCK, this.maxKeyword)[0]! : this.keys(data);
    return this.pick(keys, path, only).map((i) => [i, [[0, data.length]]]);
  }

  private keys(data: Buffer): number[] {
    return this.set ? this.set.match(data) : [];
  }

  /** Indexes of the rules that may match a buffer holding the Set patterns `keys`, in rule order. */
  private pick(keys: number[], path: string, only: Uint8Array | undefined): number[] {
    // Scratch marks, cleared after use: this runs once per buffer.
    const picked = this.pickedScratch;
    const present = this.presentScratch;
    for (const k of keys) {
      present[k] = 1;
      for (const i of this.keywordRules[k]!) picked[i] = 1;
    }
    const met = (k: number) => present[k] === 1;
    const out: number[] = [];
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
  private blockWindows(data: Buffer, path: string, only: Uint8Array | undefined, locate: LocateKeywords | undefined): RuleWindows {
    const n = data.length;
    const large = n > LARGE;
    const { keysOf, has } = this.blockKeys(data, large, locate);
    const span = new LineSpans(data, keysOf.length, WINDOW_LINES, large ? CONTEXT : Infinity);
    const windows: Array<Array<[number, number]> | undefined> = [];
    const seen = new Int32Array(this.rules.length).fill(-1);
    const add = (i: number, ws: number, we: number): void => {
      const list = (windows[i] ??= []);
      const last = list[list.length - 1];
      if (last && ws <= last[1]) last[1] = Math.max(last[1], we);
      else list.push([ws, we]);
    };
    for (const i of this.unconditional) if (!only || only[i] === 1) add(i, 0, n);
    keysOf.forEach((keys, b) => {
      const s = b * SELECT_BLOCK;
      const e = Math.min(n, s + SELECT_BLOCK + this.maxKeyword);
      const g = large ? Math.floor(s / GROUP) : 0;
      for (const k of keys) {
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
    });
    const out: RuleWindows = [];
    windows.forEach((list, i) => {
      if (list && this.rules[i]!.appliesTo(path)) out.push([i, list]);
    });
    return out;
  }

  /** The Set patterns of each block, and whether pattern k occurs in GROUP g (one group unless `large`). */
  private blockKeys(data: Buffer, large: boolean, locate: LocateKeywords | undefined): { keysOf: number[][]; has: (g: number, k: number) => boolean } {
    const n = data.length;
    const nK = this.keywordRules.length;
    const groups = large ? Math.ceil(n / GROUP) : 1;
    const present = new Uint8Array(groups * nK);
    let keysOf: number[][] = [];
    if (locate && this.literals.length > 0) keysOf = locate(data, SELECT_BLOCK, this.maxKeyword);
    else for (let s = 0; s < n; s += SELECT_BLOCK) keysOf.push(this.keys(data.subarray(s, Math.min(n, s + SELECT_BLOCK + this.maxKeyword))));
    keysOf.forEach((keys, b) => {
      const g = large ? Math.floor((b * SELECT_BLOCK) / GROUP) : 0;
      for (const k of keys) present[g * nK + k] = 1;
    });
    return { keysOf, has: (g, k) => g >= 0 && g < groups && present[g * nK + k] === 1 };
  }
}

/** A rule's line-break bound: cached with verified packs, else computed from the regex. */
function lineBreaksOf(def: RuleDef): number {
  if (def.lineBreaks === undefined) return maxLineBreaks(def.regex);
  return def.lineBreaks ?? Infinity;
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
