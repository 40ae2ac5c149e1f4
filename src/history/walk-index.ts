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
 * flags), paths, and one (blob, path, commit) triple per entry a commit added.
 * Hundreds of thousands of blobs cost typed arrays and one Map of ids, not an object each.
 */
export class WalkIndex {
  readonly commitOids: string[] = [];
  /** Per commit: its author's and e-mail's index in `people`, and its date (no object per commit). */
  private authors = new Int32Array(4096);
  private emails = new Int32Array(4096);
  /**
   * Dates end to end as bytes, commit i's ending at dateEnd[i]: a string per commit (git's own
   * repository: 203,352) cost about twice their 25 characters.
   */
  private dates = Buffer.alloc(64 * 1024);
  private dateEnd = new Int32Array(4096);
  /** Parent ids of every commit, in commit order; commit i's end at parentEnd[i] (commit-graph.ts). */
  readonly parentOids: string[] = [];
  readonly parentEnd: number[] = [];
  readonly blobOids: string[] = [];
  private readonly blobIds = new Map<string, number>();
  private readonly pathIds = new Map<string, number>();
  readonly paths: string[] = [];
  flags = new Uint8Array(4096);
  private triples = new Int32Array(3 * 4096);
  private count = 0;

  /** Author names and e-mails, each once: a long history has few authors and many commits. */
  private readonly people: string[] = [];
  private readonly personIds = new Map<string, number>();
  /**
   * Parent ids whose commit the walk has not reached yet (children come first): that commit's
   * id reuses the same string. The parser's ids are slices of the commit's header line, which
   * each of them kept alive; one flat string per commit instead took the walk index of git's
   * own repository (203,352 commits) from 97 to 70 MB.
   */
  private readonly awaited = new Map<string, string>();

  addCommit(c: LogCommit): number {
    const oid = this.awaited.get(c.oid) ?? flat(c.oid);
    this.awaited.delete(oid);
    const i = this.commitOids.length;
    this.commitOids.push(oid);
    if (i >= this.authors.length) {
      this.authors = grow(this.authors, new Int32Array(this.authors.length * 2));
      this.emails = grow(this.emails, new Int32Array(this.emails.length * 2));
      this.dateEnd = grow(this.dateEnd, new Int32Array(this.dateEnd.length * 2));
    }
    this.authors[i] = this.person(c.author);
    this.emails[i] = this.person(c.email);
    this.addDate(i, c.date);
    for (const p of c.parents) {
      let id = this.awaited.get(p);
      if (id === undefined) this.awaited.set((id = flat(p)), id);
      this.parentOids.push(id);
    }
    this.parentEnd.push(this.parentOids.length);
    return this.commitOids.length - 1;
  }

  /** Author, e-mail and date of commit `i` (an addCommit() index). */
  commitInfo(i: number): StoredCommit {
    const date = this.dates.toString('utf8', i === 0 ? 0 : this.dateEnd[i - 1]!, this.dateEnd[i]!);
    return { author: this.people[this.authors[i]!]!, email: this.people[this.emails[i]!]!, date };
  }

  private addDate(i: number, date: string): void {
    const at = i === 0 ? 0 : this.dateEnd[i - 1]!;
    const need = at + Buffer.byteLength(date);
    if (need > this.dates.length) this.dates = grow(this.dates, Buffer.alloc(Math.max(need, this.dates.length * 2)));
    this.dateEnd[i] = at + this.dates.write(date, at, 'utf8');
  }

  private person(s: string): number {
    let id = this.personIds.get(s);
    if (id === undefined) {
      id = this.people.push(s) - 1;
      this.personIds.set(s, id);
    }
    return id;
  }

  blob(oid: string): number {
    let b = this.blobIds.get(oid);
    if (b === undefined) {
      b = this.blobOids.length;
      this.blobIds.set(oid, b);
      this.blobOids.push(oid);
      if (b >= this.flags.length) {
        this.flags = grow(this.flags, new Uint8Array(this.flags.length * 2));
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

/** A copy of `s` that holds no larger string alive (V8 keeps a substring as a slice of its parent). */
function flat(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

function grow<T extends Uint8Array | Int32Array | Buffer>(from: T, to: T): T {
  to.set(from);
  return to;
}
