import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import { priorityOf } from '../rules/confidence.js';
import type { RuleSet } from '../rules/resolve.js';
import { hasRecord, mergeSorted, RECORD, sortRecords } from './cache-records.js';
import { seal, SEAL_BYTES } from './cache-seal.js';

/**
 * What `keyward history` remembers between runs, in `<git common dir>/keyward/history.cache`:
 *
 *   "KWHC2\n" | seal (32 bytes) | u32 BE header length | header (JSON) | records (22 bytes each, sorted)
 *
 * The seal (cache-seal.ts) covers everything after it: a damaged or edited file is detected and
 * rebuilt by a full scan, never believed. The header names the repository, keyward version and
 * rule-set hash the cache was made with; a cache made for anything else is not used.
 *
 * A record is a scanned blob: 20-byte object id + u16 path class. The header holds the rule-set
 * hash the records are valid for, the path classes, the findings of the few blobs that have
 * any, and per scope (--all, --branch, --since) the state of the last walk. Nothing in it is a
 * secret: findings keep the fingerprint (scrypt), the redacted value and positions only.
 * Loading is one read and a JSON.parse of the small header; lookups are binary searches in the
 * records, so hundreds of thousands of blobs cost a few MB and no per-blob allocation.
 */
export const CACHE_FILE = 'history.cache';
const MAGIC = Buffer.from('KWHC2\n');
const FORMAT_VERSION = 2;
/** Bump when detection code changes what a blob yields (the rules hash cannot see that). */
export const ENGINE_VERSION = 2;
const MAX_SCOPES = 8;

/** A finding without its secret (`secret` is the redacted value): what the cache may hold. */
export type StoredFinding = Pick<Finding, 'ruleId' | 'line' | 'column' | 'endLine' | 'endColumn' | 'secret' | 'entropy' | 'fingerprint' | 'decoded'>;

/** Where a blob with findings sits in history: one (blob, path) and the commit that introduced it. */
export interface StoredLocation {
  blob: string;
  path: string;
  commit: string;
  /** Position in history order (smaller = earlier). */
  rank: number;
  /** Fingerprint → commit of the introduction the secret at this location belongs to. */
  intros?: Record<string, string>;
}

export interface StoredCommit {
  author: string;
  email: string;
  date: string;
}

/** What the last walk of one scope saw, so the next walks only the commits added since. */
export interface ScopeState {
  /** Tip commits the walk started from. */
  tips: string[];
  /** Shallow boundary at that time: a deepened clone needs a new walk. */
  shallow: string[];
  /** Walk generation: ranks of generation g+1 sort after those of g. */
  gen: number;
  commits: number;
  blobs: number;
  /** Locations of blobs with findings, and of blobs that could not be read (retried each run). */
  locations: StoredLocation[];
  missing: StoredLocation[];
  /** Metadata of the commits those locations name. */
  commitInfo: Record<string, StoredCommit>;
}

/** What a cache is valid for: one repository, one keyward version, one rule set. */
export interface CacheStamp {
  /** The repository's git common directory, resolved (realpath). */
  repo: string;
  keyward: string;
  rulesHash: string;
}

interface Header extends CacheStamp {
  version: number;
  classes: string[];
  /** "<oid>:<class index>" → findings, for scanned blobs that have findings. */
  findings: Record<string, StoredFinding[]>;
  scopes: Record<string, ScopeState & { used: number }>;
  records: number;
}

/** Rule fields that only describe a finding: changing them keeps what the cache knows. */
const DESCRIPTIVE = new Set(['title', 'provider', 'risk', 'revoke', 'examples', 'negatives', 'file', 'tags', 'kind', 'confidence']);

/**
 * Hash of everything in a rule set that can change what is detected: every rule field except
 * the descriptive ones (a new detection field counts automatically), the rule's priority
 * (generic findings give way to specific ones), global allow settings, allowed paths,
 * whether encoded text is decoded, and the keyward version (detection code changes with it).
 */
export function rulesHash(ruleSet: RuleSet, engineTag: string): string {
  const rules = ruleSet.rules.map((r) => {
    const kept = Object.entries(r).filter(([k]) => !DESCRIPTIVE.has(k));
    return [...kept, ['priority', priorityOf(r)]];
  });
  return createHash('sha256')
    .update(JSON.stringify([ENGINE_VERSION, engineTag, rules, ruleSet.global, ruleSet.allowPaths, ruleSet.decode !== false]))
    .digest('hex')
    .slice(0, 32);
}

export class HistoryCache {
  private header: Header;
  /** header.findings as a Map while in use: a dictionary object would intern every key looked up. */
  private readonly findings: Map<string, StoredFinding[]>;
  private records: Buffer;
  /** Object ids of the blobs with findings (in some class), so most store() calls build no key. */
  private readonly findingBlobs: Set<string>;
  /** Blobs scanned in this run (object id, class): written by save(). */
  private readonly addedOids: string[] = [];
  private readonly addedClasses: number[] = [];
  private readonly classIndex: Map<string, number>;
  /** Why the stored cache was not used, for --verbose style reporting. */
  readonly discarded?: string;
  /** Set when the stored cache was damaged, edited or made for another repository: the user is told. */
  readonly problem?: string;

  private constructor(
    private readonly dir: string,
    header: Header,
    records: Buffer,
    discarded?: string,
    problem?: string,
  ) {
    this.header = header;
    this.findings = new Map(Object.entries(header.findings));
    this.findingBlobs = new Set([...this.findings.keys()].map((k) => k.slice(0, k.indexOf(':'))));
    this.records = records;
    this.classIndex = new Map(header.classes.map((c, i) => [c, i]));
    this.discarded = discarded;
    this.problem = problem;
  }

  /**
   * The cache in `dir` if it is intact and was made for `stamp`; an empty one otherwise (or when
   * `fresh`). A damaged or edited file, or one made for another repository, sets `problem`.
   */
  static load(dir: string, stamp: CacheStamp, fresh = false): HistoryCache {
    const empty = (why?: string, problem?: string) =>
      new HistoryCache(dir, { version: FORMAT_VERSION, ...stamp, classes: [], findings: {}, scopes: {}, records: 0 }, Buffer.alloc(0), why, problem);
    if (fresh) return empty('--full');
    let raw: Buffer;
    try {
      raw = readFileSync(join(dir, CACHE_FILE));
    } catch {
      return empty();
    }
    const damaged = (what: string) => empty(what, `the history cache ${join(dir, CACHE_FILE)} ${what}; it is rebuilt by a full scan`);
    if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) return empty('unknown cache format');
    const body = MAGIC.length + SEAL_BYTES;
    if (raw.length < body + 4 || !seal([raw.subarray(body)]).equals(raw.subarray(MAGIC.length, body))) {
      return damaged('is damaged or was edited (its checksum does not match)');
    }
    try {
      const len = raw.readUInt32BE(body);
      const start = body + 4;
      const header = JSON.parse(raw.toString('utf8', start, start + len)) as Header;
      if (header.version !== FORMAT_VERSION) return empty('cache format changed');
      if (header.repo !== stamp.repo) return damaged(`was made for another repository (${String(header.repo)})`);
      if (header.keyward !== stamp.keyward) return empty('keyward version changed');
      if (header.rulesHash !== stamp.rulesHash) return empty('rules changed');
      const records = raw.subarray(start + len);
      if (records.length !== header.records * RECORD) return damaged('is truncated');
      return new HistoryCache(dir, header, records);
    } catch {
      return damaged('cannot be read');
    }
  }

  classId(cls: string): number {
    let id = this.classIndex.get(cls);
    if (id === undefined) {
      id = this.header.classes.length;
      if (id > 0xffff) throw new Error('too many path classes');
      this.header.classes.push(cls);
      this.classIndex.set(cls, id);
    }
    return id;
  }

  /** Findings of a blob scanned before in this class; undefined when it was not scanned. */
  lookup(oid: string, classId: number): StoredFinding[] | undefined {
    // A fresh cache (--full, a first run) knows nothing: no key to build.
    if (this.findings.size === 0 && this.records.length === 0) return undefined;
    const key = `${oid}:${classId}`;
    const found = this.findings.get(key);
    if (found) return found;
    return hasRecord(this.records, oid, classId) ? [] : undefined;
  }

  store(oid: string, classId: number, findings: StoredFinding[]): void {
    this.addedOids.push(oid);
    this.addedClasses.push(classId);
    if (findings.length > 0) {
      this.findings.set(`${oid}:${classId}`, findings);
      this.findingBlobs.add(oid);
    } else if (this.findingBlobs.has(oid)) this.findings.delete(`${oid}:${classId}`);
  }

  scope(key: string): ScopeState | undefined {
    return this.header.scopes[key];
  }

  setScope(key: string, state: ScopeState): void {
    this.header.scopes[key] = { ...state, used: Date.now() };
    const keys = Object.keys(this.header.scopes).sort((a, b) => this.header.scopes[b]!.used - this.header.scopes[a]!.used);
    for (const k of keys.slice(MAX_SCOPES)) delete this.header.scopes[k];
  }

  /** Writes the cache atomically: a reader sees the old file or the new one, never a mix. */
  save(): void {
    const records = mergeSorted(this.records, sortRecords(this.addedOids, this.addedClasses));
    this.header.records = records.length / RECORD;
    this.header.findings = Object.fromEntries(this.findings);
    const header = Buffer.from(JSON.stringify(this.header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(header.length);
    const mac = seal([len, header, records]);
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, CACHE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, Buffer.concat([MAGIC, mac, len, header, records]), { mode: 0o600 });
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}
