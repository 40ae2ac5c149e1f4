import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagedIndex } from '../../src/sources/staged-index.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo, writeFiles } from '../history/helpers.js';

// The index against HEAD: the blobs `git commit` would record, with the lines they add.
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-src-staged-')));
afterEach(() => cleanup());

const simple = (blobs: Awaited<ReturnType<StagedIndex['blobs']>>) => blobs.map((b) => ({ path: b.path, oid: b.oid, added: b.added })).sort((a, b) => a.path.localeCompare(b.path));

describe('sources: the staged index', () => {
  it('before the first commit: every staged file, all its lines', async () => {
    const repo = initRepo(join(dir, 'r'));
    writeFiles(repo, { 'a.txt': 'one\ntwo\n', 'b/c.txt': 'three\n' });
    git(repo, ['add', '-A']);
    const blobs = simple(await StagedIndex.start(repo, []).blobs());
    expect(blobs).toEqual([
      { path: 'a.txt', oid: git(repo, ['rev-parse', ':a.txt']), added: 'all' },
      { path: 'b/c.txt', oid: git(repo, ['rev-parse', ':b/c.txt']), added: 'all' },
    ]);
  });

  it('the added lines of the index against HEAD, not the work tree; allowed paths and unasked paths left out', async () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'l1\nl2\nl3\n', 'skip.txt': 'x\n', 'other.txt': 'y\n' }, 'base');
    writeFiles(repo, { 'a.txt': 'l1\nnew2\nl3\nnew4\n', 'skip.txt': 'x\nz\n', 'other.txt': 'y\nw\n' });
    git(repo, ['add', 'a.txt', 'skip.txt', 'other.txt']);
    writeFiles(repo, { 'a.txt': 'changed in the work tree only\n' });
    const all = simple(await StagedIndex.start(repo, []).blobs((p) => p === 'skip.txt'));
    expect(all).toEqual([
      { path: 'a.txt', oid: git(repo, ['rev-parse', ':a.txt']), added: [[2, 2], [4, 4]] },
      { path: 'other.txt', oid: git(repo, ['rev-parse', ':other.txt']), added: [[2, 2]] },
    ]);
    // lint-staged passes paths, absolute or relative to the cwd.
    const only = simple(await StagedIndex.start(repo, [join(repo, 'other.txt')]).blobs());
    expect(only.map((b) => b.path)).toEqual(['other.txt']);
  });

  it('no submodule entries: their content is another repository', async () => {
    const sub = initRepo(join(dir, 'sub'));
    commit(sub, { 'in-sub.txt': 'x\n' }, 'sub');
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'base');
    git(repo, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub']);
    writeFiles(repo, { 'b.txt': 'b\n' });
    git(repo, ['add', 'b.txt']);
    const blobs = simple(await StagedIndex.start(repo, []).blobs());
    expect(blobs.map((b) => b.path)).toEqual(['.gitmodules', 'b.txt']);
  });

  it('concluding a merge: only lines new against every parent', async () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'base\n' }, 'base');
    git(repo, ['checkout', '-q', '-b', 'side']);
    commit(repo, { 'side.txt': 'from side\n' }, 'side');
    git(repo, ['checkout', '-q', 'main']);
    commit(repo, { 'main.txt': 'from main\n' }, 'main');
    git(repo, ['merge', '-q', '--no-commit', '--no-ff', 'side']);
    writeFiles(repo, { 'a.txt': 'base\nduring the merge\n' });
    git(repo, ['add', 'a.txt']);
    const blobs = simple(await StagedIndex.start(repo, []).blobs());
    // side.txt is new against main only: no line new against both (the engine skips it).
    expect(blobs.map((b) => [b.path, b.added])).toEqual([
      ['a.txt', [[2, 2]]],
      ['side.txt', []],
    ]);
  });
});
