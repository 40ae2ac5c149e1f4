import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { optionalAddon } from '../package-root.js';
import { readCacheFile, writeCacheFile } from '../model/cache.js';
import type { RuleDef } from '../rules/types.js';
import { pathScoped } from './compiled-rule.js';

/**
 * An optional Hyperscan prefilter (native/hyperscan, built only when libhyperscan-dev is
 * installed). One pass over a buffer names the rules whose regex can match anywhere in it
 * (Hyperscan's prefilter mode has no false negatives). A rule it does not name cannot match,
 * so the Detector skips it; a buffer where it names none is not searched at all. The Detector's
 * own path then runs, unchanged, for the rules it names: the findings are the same with or
 * without the prefilter (docs/decisions.md).
 *
 * Hyperscan reads bytes and RE2 reads UTF-8 characters (a class repeated {3,128} counts
 * characters in RE2, bytes in Hyperscan), so the prefilter reads either an ASCII buffer as it is
 * or, for a valid UTF-8 buffer, a copy in which each non-ASCII character is one byte 0x01 (the
 * addon's matchCollapsed). That copy is exact when:
 * - every regex of the pack is ASCII, with no \p classes and nothing that names control bytes, so
 *   no class can tell 0x01 from a non-ASCII character: both are matched by `.`, negated classes,
 *   \S, \W and \D, and by nothing else (checked per pack: `utf8` below);
 * - the buffer holds neither U+017F nor U+212A, the only non-ASCII characters RE2's (?i) folds
 *   onto a-z (every code point was checked): `collapsible` below.
 * Other buffers get no prefilter.
 */
interface Addon {
  compile(patterns: string[], literal: Uint8Array): Buffer;
  load(serialised: Uint8Array, count: number): object;
  /** With owner and named: marks named[owner[id]] for each pattern found, returns how many it newly marked. */
  match(handle: object, data: Uint8Array, owner: Int32Array, named: Uint8Array): number;
  matchCollapsed(handle: object, data: Uint8Array, owner: Int32Array, named: Uint8Array): number;
  /** For a database of literals compiled with literal 2: (block, literal) pairs into out; -1 when out is too small. Missing in addons built before it. */
  blocks?(handle: object, data: Uint8Array, lens: Int32Array, block: number, reach: number, out: Int32Array): number;
}

/**
 * The keyword index's literals (keyword-index.ts) as a Hyperscan database: where each occurs,
 * block by block, in one pass, where the RE2.Set took one search per 4 KB block (gitleaks'
 * history: 0.69 of 3.7 s of detection). Read only for the buffers the prefilter reads (ASCII, or
 * valid UTF-8 without U+017F and U+212A): there ASCII case folding finds the ASCII literals at the
 * bytes where RE2's (?i) does (it also folds those two onto s and k).
 */
export interface KeywordSpec {
  db: Uint8Array;
  /** In the keyword index's order: a detector uses the database only when its own list is this one. */
  literals: string[];
}

/** A compiled prefilter as plain data, so it crosses to worker threads. */
export interface PrefilterSpec {
  db: Uint8Array;
  /** Pattern id → rule index. */
  owner: Int32Array;
  /** True when the pack allows the collapsed reading of non-ASCII UTF-8 buffers. */
  utf8: boolean;
  /**
   * Set when this database leaves out the path-scoped rules: theirs, scanned only for a file that
   * one of them applies to (the Detector decides, by path).
   */
  scoped?: PrefilterSpec;
  keywords?: KeywordSpec;
}

/**
 * Which rules a database holds: all, those not limited to paths, or only the path-scoped ones.
 * Rules limited to some paths (pathScoped()) may be left out of a database: they apply
 * to few files (.pgpass, .npmrc, settings.xml...), and a second database of theirs is then
 * scanned only for a file one of them applies to. One of them (pgpass-password, a line of four
 * colon-separated fields with no keyword to anchor on) halved the database's speed on every
 * other file (measured: docs/decisions.md); on the scan corpus it was a quarter of the database's
 * time, and the scoped rules named in buffers they did not apply to sent 14 of its 16 searched MB
 * to the RE2 pass. Asking whether a scoped rule applies costs ~2 µs per path (globs.ts).
 */
export type PrefilterPart = 'all' | 'unscoped' | 'scoped';

/** Regex text that could tell 0x01 from a non-ASCII character: non-ASCII, \p, control bytes. */
const NOT_COLLAPSIBLE = /[^\x09\x0a\x0d\x20-\x7e]|\\[pPCc0-7]|\\x(?:[01]|\{)|\[:(?:cntrl|print|graph):\]/;
/** U+017F and U+212A in UTF-8. */
const FOLDS_TO_ASCII = [Buffer.from('\u017f'), Buffer.from('\u212a')];

/** True when a buffer that is not ASCII can be read collapsed (see the comment at the top). */
export function collapsible(data: Buffer): boolean {
  return isUtf8(data) && FOLDS_TO_ASCII.every((c) => data.indexOf(c) < 0);
}

const FORMAT = 'keyward-prefilter-v4';


/** The native addon, or undefined when it is not built (or KEYWARD_PREFILTER=0). */
export function prefilterAddon(): Addon | undefined {
  return optionalAddon<Addon>('hyperscan', 'keyward_hs.node', 'KEYWARD_PREFILTER');
}

/**
 * The prefilter for a rule set: each rule's regex, or, where Hyperscan rejects it, the rule's
 * keywords as literals matched ignoring case (a rule with neither cannot be prefiltered: then
 * there is no prefilter). Compiling takes 1-2 s, so the result is cached under a hash of its
 * patterns, next to the verified packs. Undefined without the addon.
 */
export function prefilterSpec(rules: readonly RuleDef[], part: PrefilterPart = 'all'): PrefilterSpec | undefined {
  const hs = prefilterAddon();
  if (!hs) return undefined;
  // Path-only rules never run on content: the Detector leaves them out of its rules too.
  rules = rules.filter((r) => !r.pathOnly);
  const held = (r: RuleDef) => part === 'all' || (part === 'scoped') === pathScoped(r);
  const hash = createHash('sha256').update(FORMAT).update(`\0${part}`);
  // Which rules a part holds depends on their paths too: a pack that only scopes a rule to some
  // paths must not load the database cached for the same regexes unscoped.
  for (const r of rules) hash.update(`\0${part === 'all' ? 'r' : held(r) ? 'h' : 'o'}${r.regex}\0${r.keywords.join('\0')}`);
  const base = `prefilter-${hash.digest('hex').slice(0, 32)}`;
  const utf8 = rules.every((r) => !NOT_COLLAPSIBLE.test(r.regex));
  // hs_deserialize_database only ever sees a file that passed the cache's checks.
  const ownerFile = readCacheFile(`${base}.json`);
  const db = ownerFile && readCacheFile(`${base}.hsdb`);
  if (ownerFile && db) {
    try {
      const owner = Int32Array.from(JSON.parse(ownerFile.toString('utf8')) as number[]);
      hs.load(db, owner.length); // a database from another Hyperscan version does not load
      return { db, owner, utf8 };
    } catch {
      // unusable: compile below
    }
  }
  // Every rule by its regex; a regex Hyperscan rejects (it names the pattern) is replaced by the
  // rule's keywords and the whole set compiled again: rejections are rare, and compiling each
  // regex alone first would cost several seconds.
  const byKeywords = new Set<number>();
  for (;;) {
    const patterns: string[] = [];
    const literal: number[] = [];
    const owner: number[] = [];
    const add = (p: string, lit: boolean, o: number) => {
      patterns.push(p);
      literal.push(lit ? 1 : 0);
      owner.push(o);
    };
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      if (!held(r)) continue;
      if (!byKeywords.has(i)) add(r.regex, false, i);
      else if (r.keywords.length > 0) for (const k of r.keywords) add(k, true, i);
      else return undefined; // neither its regex nor keywords: no prefilter can name it
    }
    if (patterns.length === 0) return undefined; // no rule in this part: nothing to prefilter
    try {
      return save(base, { db: hs.compile(patterns, Uint8Array.from(literal)), owner: Int32Array.from(owner), utf8 });
    } catch (e) {
      const id = Number(/^pattern (\d+):/.exec((e as Error).message)?.[1] ?? -1);
      const o = owner[id] ?? -1;
      if (o < 0 || literal[id] === 1) return undefined; // not a rule's regex (a keyword): no prefilter
      byKeywords.add(o);
    }
  }
}

const KEYWORD_FORMAT = 'keyward-keywords-v1';

/**
 * The keyword database for `literals` (cached like the prefilter), or undefined without an addon
 * that has blocks(), or when a literal is empty or holds a byte other than printable ASCII or a tab.
 */
export function keywordSpec(literals: readonly string[]): KeywordSpec | undefined {
  return keywordDb(literals)?.spec;
}

/** keywordSpec, with the handle the cached database was checked with (undefined when compiled). */
function keywordDb(literals: readonly string[]): { spec: KeywordSpec; handle?: object } | undefined {
  const hs = prefilterAddon();
  if (!hs?.blocks || literals.length === 0 || literals.some((k) => k === '' || !/^[\x09\x20-\x7e]+$/.test(k))) return undefined;
  // One update of the joined literals: the same bytes as one per literal, ~10x fewer calls.
  const hash = createHash('sha256').update(KEYWORD_FORMAT).update(`\0${literals.join('\0')}`);
  const name = `keywords-${hash.digest('hex').slice(0, 32)}.hsdb`;
  const cached = readCacheFile(name);
  if (cached) {
    try {
      const handle = hs.load(cached, literals.length);
      return { spec: { db: cached, literals: [...literals] }, handle };
    } catch {
      // unusable: compile below
    }
  }
  try {
    const db = hs.compile([...literals], new Uint8Array(literals.length).fill(2));
    writeCacheFile(name, db);
    return { spec: { db, literals: [...literals] } };
  } catch {
    return undefined; // the keyword index searches with its RE2.Set, as without the addon
  }
}

/** A loaded keyword database (one per thread): which literal occurs in which block of a buffer. */
export class KeywordLocator {
  private readonly handle: object;
  private readonly lens: Int32Array;
  private out = new Int32Array(2 * 8192);

  constructor(
    private readonly hs: Addon & Required<Pick<Addon, 'blocks'>>,
    readonly spec: KeywordSpec,
    handle?: object,
  ) {
    this.handle = handle ?? hs.load(spec.db, spec.literals.length);
    this.lens = Int32Array.from(spec.literals, (k) => Buffer.byteLength(k));
  }

  /** Loads `spec` when the addon is there and has blocks(). */
  static from(spec: KeywordSpec | undefined, handle?: object): KeywordLocator | undefined {
    const hs = spec && prefilterAddon();
    const blocks = hs?.blocks;
    return spec && hs && blocks ? new KeywordLocator({ ...hs, blocks }, spec, handle) : undefined;
  }

  /** The locator for `literals` in this thread: the cached database is deserialised once, not twice. */
  static forLiterals(literals: readonly string[]): KeywordLocator | undefined {
    const k = keywordDb(literals);
    return k && KeywordLocator.from(k.spec, k.handle);
  }

  /**
   * Per block of `block` bytes of a buffer (see KeywordSpec for which), the indexes of the literals found in it read
   * with `reach` bytes of the next block (as many arrays as blocks, at least one; an index may
   * repeat within a block).
   */
  blocks(data: Uint8Array, block: number, reach: number): number[][] {
    let n: number;
    while ((n = this.hs.blocks(this.handle, data, this.lens, block, reach, this.out)) < 0) this.out = new Int32Array(this.out.length * 2);
    const keysOf: number[][] = Array.from({ length: Math.max(1, Math.ceil(data.length / block)) }, () => []);
    const out = this.out;
    for (let i = 0; i < n; i++) keysOf[out[2 * i]!]!.push(out[2 * i + 1]!);
    return keysOf;
  }
}

/** Writes the compiled prefilter next to the verified packs; returns it. */
function save(base: string, spec: PrefilterSpec): PrefilterSpec {
  // The database first: the owner list is what a later run reads first, so it never finds an
  // owner list without its database.
  if (writeCacheFile(`${base}.hsdb`, spec.db)) writeCacheFile(`${base}.json`, JSON.stringify([...spec.owner]));
  return spec;
}

/** A loaded prefilter: one per thread (it holds Hyperscan's scratch space). */
export class Prefilter {
  private readonly handle: object;
  private readonly scoped: Prefilter | undefined;
  /** Where the keyword index's literals occur, when the spec has their database and the addon blocks(). */
  readonly keywords: KeywordLocator | undefined;

  constructor(
    private readonly hs: Addon,
    private readonly spec: PrefilterSpec,
  ) {
    this.handle = hs.load(spec.db, spec.owner.length);
    this.scoped = spec.scoped ? new Prefilter(hs, spec.scoped) : undefined;
    this.keywords = KeywordLocator.from(spec.keywords);
  }

  /** Loads `spec` when the addon is there. */
  static from(spec: PrefilterSpec | undefined): Prefilter | undefined {
    // Without a spec (a hook's small scan) the addon is not loaded at all: dlopen of Hyperscan is ~3 ms.
    const hs = spec && prefilterAddon();
    return spec && hs ? new Prefilter(hs, spec) : undefined;
  }

  /** True when non-ASCII buffers that are `collapsible` may be scanned (collapsed). */
  get utf8(): boolean {
    return this.spec.utf8;
  }

  /** True when the path-scoped rules are not in the database: scanScoped() names them. */
  get scopedLeftOut(): boolean {
    return this.scoped !== undefined;
  }

  /** As scan(), with the path-scoped rules' own database. */
  scanScoped(data: Uint8Array, named: Uint8Array, collapsed = false): number {
    return this.scoped?.scan(data, named, collapsed) ?? 0;
  }

  /**
   * Marks in `named` (zeroed by the caller) the rules that can match in `data`; returns how many
   * it named. `collapsed`: `data` is not ASCII, and is read with each non-ASCII character as one
   * byte 0x01.
   */
  scan(data: Uint8Array, named: Uint8Array, collapsed = false): number {
    // Marked in the addon: no array of ids per buffer.
    const owner = this.spec.owner;
    return collapsed ? this.hs.matchCollapsed(this.handle, data, owner, named) : this.hs.match(this.handle, data, owner, named);
  }
}
