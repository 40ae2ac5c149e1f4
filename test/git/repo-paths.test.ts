import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shallowBoundary } from '../../src/git/refs.js';
import { repoInfo, repoInfoAsync } from '../../src/git/repo.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-paths-')));
afterEach(() => cleanup());

/** A path with its directory resolved (the file itself may not exist). */
const real = (p: string) => realpathSync.native(join(p, '..')) + p.slice(p.lastIndexOf('/'));

/** What git answers to one question on its own. */
const oneByOne = (cwd: string, ...args: string[]) => real(git(cwd, ['rev-parse', '--path-format=absolute', ...args]));

describe('repoInfo', () => {
  it('answers as git does one question at a time: in a repository, a subdirectory and a linked worktree', async () => {
    const repo = initRepo(join(dir, 'repo'));
    commit(repo, { 'a.txt': 'a\n', 'sub/b.txt': 'b\n' }, 'one');
    git(repo, ['worktree', 'add', '-q', join(dir, 'wt')]);
    // A directory name holding a newline: the one-call answer splits apart, so each is asked alone.
    const odd = join(dir, 'new\nline');
    mkdirSync(join(odd, 'repo', 'sub'), { recursive: true });
    initRepo(join(odd, 'repo'));
    // From its subdirectory git prints absolute paths, newline included.
    expect(git(join(odd, 'repo', 'sub'), ['rev-parse', '--git-dir'])).toContain('\n');
    for (const cwd of [repo, join(repo, 'sub'), join(dir, 'wt'), join(odd, 'repo'), join(odd, 'repo', 'sub')]) {
      const p = repoInfo(cwd);
      expect(real(p.commonDir), cwd).toBe(oneByOne(cwd, '--git-common-dir'));
      expect(real(p.objectsDir), cwd).toBe(oneByOne(cwd, '--git-path', 'objects'));
      expect(real(p.shallowFile), cwd).toBe(oneByOne(cwd, '--git-path', 'shallow'));
      expect(real(p.gitDir), cwd).toBe(oneByOne(cwd, '--absolute-git-dir'));
      expect(realpathSync.native(p.top!), cwd).toBe(realpathSync.native(git(cwd, ['rev-parse', '--show-toplevel'])));
      expect(p.head, cwd).toBe(cwd.startsWith(odd) ? undefined : git(repo, ['rev-parse', 'HEAD']));
      expect(await repoInfoAsync(cwd), cwd).toEqual(p);
    }
    // The main repository's directories, not the worktree's own git directory.
    const wt = repoInfo(join(dir, 'wt'));
    expect(real(wt.commonDir)).not.toBe(oneByOne(join(dir, 'wt'), '--git-dir'));
    expect(real(wt.commonDir)).toBe(real(join(repo, '.git')));
    expect(real(wt.objectsDir)).toBe(real(join(repo, '.git', 'objects')));
    expect(real(wt.shallowFile)).toBe(real(join(repo, '.git', 'shallow')));
    expect(shallowBoundary(wt.shallowFile)).toEqual([]);
    expect(real(wt.gitDir)).toBe(real(join(repo, '.git', 'worktrees', 'wt')));
    expect(() => repoInfo(dir)).toThrow();
  });

  it('a bare repository has no top; the rest is there', async () => {
    const repo = initRepo(join(dir, 'repo'));
    commit(repo, { 'a.txt': 'a\n' }, 'one');
    const bare = join(dir, 'bare.git');
    git(dir, ['clone', '-q', '--bare', repo, bare]);
    const p = repoInfo(bare);
    expect(p.top).toBeUndefined();
    expect(real(p.commonDir)).toBe(realpathSync.native(bare));
    expect(real(p.gitDir)).toBe(realpathSync.native(bare));
    expect(p.head).toBe(git(repo, ['rev-parse', 'HEAD']));
    expect(await repoInfoAsync(bare)).toEqual(p);
  });
});
