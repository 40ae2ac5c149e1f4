import { descendantsOf, isAncestor } from '../git/reachability.js';

/** Ancestry questions provenance asks (provenance.ts). */
export interface Ancestry {
  /** Of `candidates`, those that have `ancestor` in their history (the ancestor itself included). */
  descendantsOf(ancestor: string, candidates: readonly string[]): Promise<Set<string>>;
  /** Whether `ancestor` is in the history of `commit` (a commit is its own ancestor). */
  isAncestor(ancestor: string, commit: string): Promise<boolean>;
}

/** Every answer from git: one `rev-list --ancestry-path` or `merge-base` per question. */
export function gitAncestry(cwd: string): Ancestry {
  return {
    descendantsOf: (a, c) => descendantsOf(cwd, a, c),
    isAncestor: (a, c) => isAncestor(cwd, a, c),
  };
}

/**
 * The commits this run walked, with their parents, answering ancestry in memory. The walk lists
 * children before parents (--date-order), so a commit's index is below its parents' and one pass
 * from the ancestor's index down to the lowest candidate's marks every descendant. It is exact
 * for commits the walk listed: every commit on a path between two walked commits descends from
 * the older one, so no ref the walk excluded reaches it and the walk listed it too. Questions
 * about other commits (remembered by an earlier, incremental run) go to git.
 */
export class CommitGraph implements Ancestry {
  private index: Map<string, number> | undefined;
  /** Parents of commit i: parentIdx[parentStart[i] .. parentStart[i + 1]) (-1: not walked). */
  private parentIdx: Int32Array | undefined;

  constructor(
    private readonly commits: readonly string[],
    /** Parent ids of all commits, in commit order; commit i's end at parentEnd[i]. */
    private readonly parentOids: readonly string[],
    private readonly parentEnd: readonly number[],
    private readonly fallback: Ancestry,
  ) {}

  async descendantsOf(ancestor: string, candidates: readonly string[]): Promise<Set<string>> {
    const a = this.indexOf(ancestor);
    const cs = candidates.map((c) => this.indexOf(c));
    if (a < 0 || cs.some((c) => c < 0)) return this.fallback.descendantsOf(ancestor, candidates);
    const marked = this.descendants(a, Math.min(a, ...cs));
    return new Set(candidates.filter((_, i) => marked.has(cs[i]!)));
  }

  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    const a = this.indexOf(ancestor);
    const c = this.indexOf(commit);
    if (a < 0 || c < 0) return this.fallback.isAncestor(ancestor, commit);
    // A descendant comes before its ancestors in the walk.
    return c <= a && this.descendants(a, c).has(c);
  }

  /** Indexes i in [low, a] of the commits that descend from commit a. */
  private descendants(a: number, low: number): Set<number> {
    const parents = this.parentIdx!;
    const start = (i: number) => (i === 0 ? 0 : this.parentEnd[i - 1]!);
    const mark = new Uint8Array(a - low + 1);
    mark[a - low] = 1;
    const out = new Set([a]);
    for (let i = a - 1; i >= low; i--) {
      for (let p = start(i); p < this.parentEnd[i]!; p++) {
        const q = parents[p]!;
        if (q > i && q <= a && mark[q - low] === 1) {
          mark[i - low] = 1;
          out.add(i);
          break;
        }
      }
    }
    return out;
  }

  private indexOf(oid: string): number {
    if (!this.index) {
      // Filled in a loop: no [id, index] pair per commit (git's repository: 203,352).
      const index = new Map<string, number>();
      this.commits.forEach((c, i) => index.set(c, i));
      this.index = index;
      const idx = new Int32Array(this.parentOids.length);
      this.parentOids.forEach((p, i) => (idx[i] = this.index!.get(p) ?? -1));
      this.parentIdx = idx;
    }
    return this.index.get(oid) ?? -1;
  }
}
