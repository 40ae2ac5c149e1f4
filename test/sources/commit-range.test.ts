import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCommitContext, commitBlobs, listCommits } from '../../src/sources/commit-range.js';
import type { Finding } from '../../src/model/finding.js';
import { tempDir } from '../helpers/fake.js';
import { ALICE, commit, git, initRepo } from '../history/helpers.js';

// A range of commits (rev-list arguments), oldest first, and the blobs each adds with its lines.
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-src-range-')));
afterEach(() => cleanup());

describe('sources: a commit range', () => {
  it('lists the commits oldest first, and each blob a commit adds with the lines and the commit', async () => {
    const repo = initRepo(join(dir, 'r'));
    const base = commit(repo, { 'a.txt': 'one\n' }, 'base');
    const c1 = commit(repo, { 'a.txt': 'one\ntwo\n', 'b.txt': 'new\n' }, 'first pushed');
    const c2 = commit(repo, { 'a.txt': 'one\ntwo\nthree\n' }, 'second pushed');
    const commits = await listCommits(repo, [c2, '--not', base]);
    expect(commits).toEqual([
      { commit: c1, parents: [base] },
      { commit: c2, parents: [c1] },
    ]);
    const blobs = (await commitBlobs(repo, commits)).map((b) => [b.commit, b.path, b.added, b.oid]);
    expect(blobs).toEqual([
      [c1, 'a.txt', [[2, 2]], git(repo, ['rev-parse', `${c1}:a.txt`])],
      [c1, 'b.txt', 'all', git(repo, ['rev-parse', `${c1}:b.txt`])],
      [c2, 'a.txt', [[3, 3]], git(repo, ['rev-parse', `${c2}:a.txt`])],
    ]);
  });

  it('a root commit is diffed against nothing; a bare repository works as well', async () => {
    const repo = initRepo(join(dir, 'r'));
    const root = commit(repo, { 'a.txt': 'x\ny\n' }, 'root');
    const bare = join(dir, 'bare.git');
    git(dir, ['clone', '-q', '--bare', repo, bare]);
    const blobs = await commitBlobs(bare, await listCommits(bare, [root]));
    expect(blobs.map((b) => [b.commit, b.path, b.added])).toEqual([[root, 'a.txt', 'all']]);
  });

  it('gives findings the author and date of their commit', async () => {
    const repo = initRepo(join(dir, 'r'));
    const c = commit(repo, { 'a.txt': 'x\n' }, 'one');
    const f = { commit: c } as Finding;
    await addCommitContext(repo, [f]);
    expect(f).toMatchObject({ author: ALICE.name, email: ALICE.email });
    expect(f.date).toMatch(/^2021-/);
  });
});
