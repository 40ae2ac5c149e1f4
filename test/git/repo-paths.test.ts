import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoPaths, shallowBoundary } from '../../src/git/refs.js';
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

describe('repoPaths', () => {
  it('answers as git does one question at a time: in a repository, a subdirectory and a linked worktree', () => {
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
      const p = repoPaths(cwd);
      expect(real(p.commonDir), cwd).toBe(oneByOne(cwd, '--git-common-dir'));
      expect(real(p.objectsDir), cwd).toBe(oneByOne(cwd, '--git-path', 'objects'));
      expect(real(p.shallowFile), cwd).toBe(oneByOne(cwd, '--git-path', 'shallow'));
    }
    // The main repository's directories, not the worktree's own git directory.
    const wt = repoPaths(join(dir, 'wt'));
    expect(real(wt.commonDir)).not.toBe(oneByOne(join(dir, 'wt'), '--git-dir'));
    expect(real(wt.commonDir)).toBe(real(join(repo, '.git')));
    expect(real(wt.objectsDir)).toBe(real(join(repo, '.git', 'objects')));
    expect(real(wt.shallowFile)).toBe(real(join(repo, '.git', 'shallow')));
    expect(shallowBoundary(wt.shallowFile)).toEqual([]);
    expect(() => repoPaths(dir)).toThrow();
  });
});
