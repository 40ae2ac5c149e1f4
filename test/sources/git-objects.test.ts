import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../src/engine/objects.js';
import { openReader } from '../../src/sources/git-objects.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';

// The engine's object reader over git: objects by id in request order, large ones streamed, a
// commit's message without its header, and a missing object answered as such.
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-src-objects-')));
afterEach(() => cleanup());

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts).toString();
}

describe('sources: git objects', () => {
  it('answers in request order: held whole, streamed over the limit, missing', async () => {
    const repo = initRepo(join(dir, 'r'));
    const big = 'b'.repeat(5000);
    commit(repo, { 'small.txt': 'small\n', 'big.txt': big }, 'two');
    const oid = (p: string) => git(repo, ['rev-parse', `HEAD:${p}`]);
    const reader = openReader({ cwd: repo }, { inlineLimit: 1024 });
    const absent = '0'.repeat(oid('small.txt').length - 1) + '1';
    try {
      for (const id of [oid('small.txt'), oid('big.txt'), absent]) reader.request(id);
      const got: StoredObject[] = [];
      const objects = reader.read();
      for (let i = 0; i < 3; i++) {
        const o = (await objects.next()).value as StoredObject;
        got.push(o);
        if (!o.missing && o.chunks) expect(await text(o.chunks)).toBe(big);
      }
      expect(got[0]).toMatchObject({ oid: oid('small.txt'), missing: false, type: 'blob', size: 6 });
      expect(!got[0]!.missing && got[0]!.data?.toString()).toBe('small\n');
      expect(got[1]).toMatchObject({ oid: oid('big.txt'), missing: false, size: 5000 });
      expect(!got[1]!.missing && got[1]!.data).toBeUndefined();
      expect(got[2]).toMatchObject({ oid: absent, missing: true });
      // A large blob a second path class needs again comes whole once more.
      expect(await text(reader.stream(oid('big.txt'), 5000))).toBe(big);
    } finally {
      reader.close();
    }
  });

  it("gives a commit's message without its header", async () => {
    const repo = initRepo(join(dir, 'r'));
    const c = commit(repo, { 'a.txt': 'a\n' }, 'the subject\n\nthe body');
    const reader = openReader({ cwd: repo }, { inlineLimit: 1 << 20 });
    try {
      reader.request(c);
      const o = (await reader.read().next()).value as StoredObject;
      if (o.missing) throw new Error('commit missing');
      const m = await reader.message(o);
      expect(m.data?.toString()).toBe('the subject\n\nthe body\n');
    } finally {
      reader.close();
    }
  });
});
