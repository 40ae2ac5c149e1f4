import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packedObjectCount } from '../../src/git/pack-count.js';
import { commit, git, initRepo } from '../history/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kw-packcount-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** git's own count of packed objects. */
const inPack = (repo: string) => Number(/in-pack: (\d+)/.exec(git(repo, ['count-objects', '-v']))![1]);

describe('packedObjectCount', () => {
  it("counts the objects of every pack, as git does, and of an alternate's packs", () => {
    const repo = initRepo(join(dir, 'repo'));
    expect(packedObjectCount(join(repo, '.git', 'objects'))).toBe(0);
    commit(repo, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, 'one');
    git(repo, ['repack', '-dq']);
    commit(repo, { 'c.txt': 'c\n' }, 'two');
    git(repo, ['repack', '-dq']); // a second pack
    expect(inPack(repo)).toBeGreaterThan(5);
    expect(packedObjectCount(join(repo, '.git', 'objects'))).toBe(inPack(repo));

    const borrower = join(dir, 'borrower');
    git(dir, ['clone', '-q', '--shared', repo, borrower]);
    expect(packedObjectCount(join(borrower, '.git', 'objects'))).toBe(inPack(repo));
  });
});
