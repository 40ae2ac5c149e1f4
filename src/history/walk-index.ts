import type { LogCommit } from '../git/raw-log.js';
import type { StoredCommit } from './cache.js';

// Blob flags.
export const WALKED = 1;
export const CACHED = 2;
export const READ = 4;
/** The run's results hold findings for the blob (in some class). */
export const HAS_RESULTS = 8;

/**
 * What the history walk saw, in compact columns: commits (with author and date), blobs (ids,
 * flags, first path class), paths, and one (blob, path, commit) triple per entry a commit added.
 * Hundreds of thousands of blobs cost typed arrays and one Map of ids, not an object each.
 */
export class WalkIndex {
  readonly commitOids: string[] = [];
  readonly commitInfo: StoredCommit[] = [];
  /** Parent ids of every commit, in commit order; commit i's end at parentEnd[i] (commit-graph.ts). */
  readonly parentOids: string[] = [];
  readonly parentEnd: number[] = [];
  readonly blobOids: string[] = [];
  private readonly blobIds = new Map<string, number>();
  private readonly pathIds = new Map<string, number>();
  readonly paths: string[] = [];
  flags = new Uint8Array(4096);
  /** First path class seen for the blob, + 1 (0 = none yet). */
  firstClass = new Int32Array(4096);
  private triples = new Int32Array(3 * 4096);
  private count = 0;

  /** One string per author name and e-mail: a long history has few authors and many commits. */
  private readonly people = new Map<string, string>();

  addCommit(c: LogCommit): number {
    this.commitOids.push(c.oid);
    this.commitInfo.push({ author: this.person(c.author), email: this.person(c.email), date: c.date });
    for (const p of c.parents) this.parentOids.push(p);
    this.parentEnd.push(this.parentOids.length);
    return this.commitOids.length - 1;
  }

  private person(s: string): string {
    const known = this.people.get(s);
    if (known !== undefined) return known;
    this.people.set(s, s);
    return s;
  }

  blob(oid: string): number {
    let b = this.blobIds.get(oid);
    if (b === undefined) {
      b = this.blobOids.length;
      this.blobIds.set(oid, b);
      this.blobOids.push(oid);
      if (b >= this.flags.length) {
        this.flags = grow(this.flags, new Uint8Array(this.flags.length * 2));
        this.firstClass = grow(this.firstClass, new Int32Array(this.firstClass.length * 2));
      }
    }
    return b;
  }

  /** The path's index in `paths`. */
  pathId(path: string): number {
    let p = this.pathIds.get(path);
    if (p === undefined) {
      p = this.paths.length;
      this.pathIds.set(path, p);
      this.paths.push(path);
    }
    return p;
  }

  /** Records that commit `commit` added blob `blob` at path `p` (a pathId()). */
  addPair(blob: number, p: number, commit: number): void {
    if (this.count * 3 + 3 > this.triples.length) this.triples = grow(this.triples, new Int32Array(this.triples.length * 2));
    const at = this.count * 3;
    this.triples[at] = blob;
    this.triples[at + 1] = p;
    this.triples[at + 2] = commit;
    this.count++;
  }

  /** The index of a blob the walk saw, or undefined. */
  find(oid: string): number | undefined {
    return this.blobIds.get(oid);
  }

  /** Every (blob id, path, commit index) the walk recorded; with `only`, those of the blobs it marks (by blob index). */
  *pairs(only?: Uint8Array): Generator<[string, string, number]> {
    const t = this.triples;
    for (let i = 0; i < this.count; i++) {
      if (only && only[t[3 * i]!] !== 1) continue;
      yield [this.blobOids[t[3 * i]!]!, this.paths[t[3 * i + 1]!]!, t[3 * i + 2]!];
    }
  }

  /** Blobs the walk found, those of them the cache did not know, and blobs read in this run. */
  counts(): { walked: number; unknown: number; read: number } {
    let walked = 0;
    let unknown = 0;
    let read = 0;
    for (let b = 0; b < this.blobOids.length; b++) {
      const f = this.flags[b]!;
      if (f & WALKED) walked++;
      if (f & WALKED && !(f & CACHED)) unknown++;
      if (f & READ) read++;
    }
    return { walked, unknown, read };
  }
}

function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
