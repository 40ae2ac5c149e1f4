import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatFile } from '../../src/git/cat-file.js';
import { tempDir } from '../helpers/fake.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

describe('CatFile', () => {
  git('init', '-q');
  const small = 'hello\nworld\n';
  const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'abcdefgh\n');
  writeFileSync(join(dir, 'small.txt'), small);
  writeFileSync(join(dir, 'big.txt'), big);
  const smallOid = git('hash-object', '-w', 'small.txt');
  const bigOid = git('hash-object', '-w', 'big.txt');

  it('reads objects in order, inline or chunked, and reports missing ones', async () => {
    const cf = new CatFile(dir, 1024 * 1024);
    try {
      const [a, missing, b, again] = await Promise.all([
        cf.read(smallOid),
        cf.read('0'.repeat(40)),
        cf.read(bigOid),
        cf.read(smallOid),
      ]);
      expect(a).toMatchObject({ missing: false, type: 'blob', size: small.length });
      expect(a.missing === false && a.data!.toString()).toBe(small);
      expect(missing).toEqual({ oid: '0'.repeat(40), missing: true });
      expect(b.missing === false && b.size).toBe(big.length);
      expect(b.missing === false && b.data).toBeUndefined();
      expect(again.missing === false && again.data!.toString()).toBe(small);
    } finally {
      cf.close();
    }
  });

  it('hands out a large object as chunks that add up to its content', async () => {
    const cf = new CatFile(dir, 1024 * 1024);
    try {
      const o = await cf.read(bigOid);
      if (o.missing || !o.chunks) throw new Error('expected a chunked object');
      const parts: Buffer[] = [];
      for await (const c of o.chunks) parts.push(Buffer.from(c));
      expect(Buffer.concat(parts).equals(big)).toBe(true);
      const s = await cf.read(smallOid);
      expect(s.missing === false && s.data!.toString()).toBe(small);
    } finally {
      cf.close();
    }
  });

  it('skips the rest of a large object its consumer stopped reading', async () => {
    const cf = new CatFile(dir, 1024 * 1024);
    try {
      const o = await cf.read(bigOid);
      if (o.missing || !o.chunks) throw new Error('expected a chunked object');
      for await (const c of o.chunks) {
        expect(c.length).toBeGreaterThan(0);
        break; // e.g. the content sniffed as binary
      }
      const s = await cf.read(smallOid);
      expect(s.missing === false && s.data!.toString()).toBe(small);
    } finally {
      cf.close();
    }
  });
});
