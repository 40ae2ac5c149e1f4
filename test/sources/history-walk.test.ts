import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyEnvs, historyWalk, REGULAR_FILE } from '../../src/sources/history-walk.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';

// Full history: every commit the tips reach, with the blobs each brings and their paths (the
// provenance the history command attaches to findings).
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-src-history-')));
afterEach(() => cleanup());

describe('sources: the history walk', () => {
  it('yields each commit with its author and the blobs it adds, children first; deleted files bring none', async () => {
    const repo = initRepo(join(dir, 'r'));
    const c1 = commit(repo, { 'a.txt': 'one\n', 'link-target.txt': 't\n' }, 'first');
    git(repo, ['rm', '-q', 'link-target.txt']);
    const c2 = commit(repo, { 'a.txt': 'two\n', 'b/c.txt': 'three\n' }, 'second');
    const walk = historyWalk(repo, ['HEAD'], [], historyEnvs(false).walk);
    const seen: Array<[string, string, string[]]> = [];
    for await (const entries of walk.entries) for (const e of entries) seen.push([e.commit.oid, e.commit.author, e.changes.filter((c) => REGULAR_FILE.has(c.mode)).map((c) => `${c.path}@${c.blob}`)]);
    await walk.done;
    const blob = (rev: string) => git(repo, ['rev-parse', rev]);
    expect(seen).toEqual([
      [c2, 'Alice Example', [`a.txt@${blob(`${c2}:a.txt`)}`, `b/c.txt@${blob(`${c2}:b/c.txt`)}`]],
      [c1, 'Alice Example', [`a.txt@${blob(`${c1}:a.txt`)}`, `link-target.txt@${blob(`${c1}:link-target.txt`)}`]],
    ]);
  });

  it('excludes what the given revisions reach (an incremental walk)', async () => {
    const repo = initRepo(join(dir, 'r'));
    const c1 = commit(repo, { 'a.txt': 'one\n' }, 'first');
    const c2 = commit(repo, { 'a.txt': 'two\n' }, 'second');
    const walk = historyWalk(repo, ['HEAD'], [c1], historyEnvs(false).walk);
    const commits: string[] = [];
    for await (const entries of walk.entries) for (const e of entries) commits.push(e.commit.oid);
    await walk.done;
    expect(commits).toEqual([c2]);
  });

  it('reads objects as stored and, in a partial clone, never downloads', () => {
    expect(historyEnvs(false).read.GIT_NO_REPLACE_OBJECTS).toBe('1');
    expect(historyEnvs(false).read.GIT_NO_LAZY_FETCH).toBeUndefined();
    expect(historyEnvs(true).walk.GIT_NO_LAZY_FETCH).toBe('1');
  });
});
