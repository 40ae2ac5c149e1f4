import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawLog } from '../../src/git/raw-log.js';
import { CommitGraph, gitAncestry, type Ancestry } from '../../src/history/commit-graph.js';
import { WalkIndex } from '../../src/history/walk-index.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-graph-')));
afterEach(() => cleanup());

/** The walk keyward history makes, into a WalkIndex. */
async function walk(repo: string, include: string[], exclude: string[] = []): Promise<WalkIndex> {
  const index = new WalkIndex();
  const w = rawLog(repo, include, exclude);
  for await (const entries of w.entries) for (const e of entries) index.addCommit(e.commit);
  await w.done;
  return index;
}

/** Counts the questions that reach git. */
function counting(a: Ancestry): Ancestry & { asked: number } {
  const c = {
    asked: 0,
    descendantsOf: (x: string, ys: readonly string[]) => (c.asked++, a.descendantsOf(x, ys)),
    isAncestor: (x: string, y: string) => (c.asked++, a.isAncestor(x, y)),
  };
  return c;
}

/** Branches, merges (one with three parents) and a second root: every shape a history has. */
function buildRepo(): string {
  const repo = initRepo(join(dir, 'repo'));
  let n = 0;
  const step = (msg: string) => commit(repo, { [`f${n++}.txt`]: `${msg}\n` }, msg);
  step('root');
  step('main 1');
  git(repo, ['checkout', '-q', '-b', 'a']);
  step('a 1');
  step('a 2');
  git(repo, ['checkout', '-q', 'main']);
  git(repo, ['checkout', '-q', '-b', 'b']);
  step('b 1');
  git(repo, ['checkout', '-q', 'main']);
  step('main 2');
  git(repo, ['merge', '-q', '--no-edit', 'a', 'b']); // an octopus merge
  step('main 3');
  git(repo, ['checkout', '-q', '--orphan', 'other']);
  git(repo, ['rm', '-rfq', '.']);
  step('second root');
  git(repo, ['checkout', '-q', 'a']);
  step('a 3');
  git(repo, ['merge', '-q', '--no-edit', '--allow-unrelated-histories', 'other']);
  step('a 4');
  return repo;
}

describe('CommitGraph', () => {
  it('answers every ancestry question as git does, without asking git', async () => {
    const repo = buildRepo();
    const index = await walk(repo, git(repo, ['for-each-ref', '--format=%(objectname)', 'refs/heads']).split('\n'));
    const viaGit = gitAncestry(repo);
    const fallback = counting(viaGit);
    const graph = new CommitGraph(index.commitOids, index.parentOids, index.parentEnd, fallback);
    const all = index.commitOids;
    expect(all.length).toBe(12);
    let descends = 0;
    for (const a of all) {
      expect([...(await graph.descendantsOf(a, all))].sort()).toEqual([...(await viaGit.descendantsOf(a, all))].sort());
      for (const c of all) {
        const expected = await viaGit.isAncestor(a, c);
        expect(await graph.isAncestor(a, c), `${a} ${c}`).toBe(expected);
        if (expected && a !== c) descends++;
      }
    }
    expect(descends).toBeGreaterThan(20); // both answers occur
    expect(fallback.asked).toBe(0);
  });

  it('is exact on a walk that excludes part of history, and asks git about commits it did not walk', async () => {
    const repo = buildRepo();
    const mainHead = git(repo, ['rev-parse', 'main']);
    // The commits after main: a's side branch, the second root and the merges onto a.
    const index = await walk(repo, [git(repo, ['rev-parse', 'a'])], [mainHead]);
    const viaGit = gitAncestry(repo);
    const fallback = counting(viaGit);
    const graph = new CommitGraph(index.commitOids, index.parentOids, index.parentEnd, fallback);
    for (const a of index.commitOids) {
      for (const c of index.commitOids) expect(await graph.isAncestor(a, c)).toBe(await viaGit.isAncestor(a, c));
    }
    expect(fallback.asked).toBe(0);
    const root = git(repo, ['rev-list', '--max-parents=0', 'main']);
    expect(await graph.isAncestor(root, index.commitOids[0]!)).toBe(true);
    expect(await graph.descendantsOf(root, [mainHead, index.commitOids[0]!])).toEqual(new Set([mainHead, index.commitOids[0]!]));
    expect(fallback.asked).toBe(2);
  });
});
