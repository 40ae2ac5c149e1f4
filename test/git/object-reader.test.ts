import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { GitObjectReader } from '../../src/git/object-reader.js';
import type { StoredObject } from '../../src/model/stored-object.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';

// git's one object reader: one-shot reads, names given up front (--buffer), answers in order;
// a missing or damaged object costs that object only, a streamed answer left unread is skipped.
const { dir, cleanup } = tempDir();
afterAll(cleanup);
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
const LIMIT = 1024 * 1024;

git('init', '-q');
const small = 'hello\nworld\n';
const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'abcdefgh\n');
writeFileSync(join(dir, 'small.txt'), small);
writeFileSync(join(dir, 'big.txt'), big);
const smallOid = git('hash-object', '-w', 'small.txt');
const bigOid = git('hash-object', '-w', 'big.txt');
const absent = '0'.repeat(smallOid.length - 1) + '1';

function loosePath(oid: string): string {
  return join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
}

/** A loose blob with fresh content, its file then cut to half (a damaged disk). */
function cutBlob(): string {
  writeFileSync(join(dir, 'cut.txt'), `${randomAlnum(4000)}\n`);
  const oid = git('hash-object', '-w', 'cut.txt');
  chmodSync(loosePath(oid), 0o644);
  truncateSync(loosePath(oid), Math.floor(statSync(loosePath(oid)).size / 2));
  return oid;
}

/** A loose blob declaring more bytes than it holds: git writes the short body and goes on. */
function lyingBlob(): string {
  const raw = Buffer.concat([Buffer.from('blob 5000\0'), Buffer.from(`short ${randomAlnum(8)}\n`)]);
  const oid = createHash('sha1').update(raw).digest('hex');
  mkdirSync(join(dir, '.git', 'objects', oid.slice(0, 2)), { recursive: true });
  writeFileSync(loosePath(oid), deflateSync(raw));
  return oid;
}

async function all(names: string[]): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const o of GitObjectReader.all(dir, names, { inlineLimit: LIMIT })) out.push(o);
  return out;
}

const text = (o: StoredObject | undefined) => (o && !o.missing ? o.data?.toString() : undefined);

describe('GitObjectReader: one object at a time', () => {
  it('reads objects in order, inline or chunked, and reports missing ones', async () => {
    const cf = new GitObjectReader(dir, { inlineLimit: LIMIT });
    try {
      const [a, missing, b, again] = await Promise.all([cf.read(smallOid), cf.read(absent), cf.read(bigOid), cf.read(smallOid)]);
      expect(a).toMatchObject({ missing: false, type: 'blob', size: small.length });
      expect(text(a)).toBe(small);
      expect(missing).toEqual({ oid: absent, missing: true });
      expect(b.missing === false && b.size).toBe(big.length);
      expect(b.missing === false && b.data).toBeUndefined();
      expect(text(again)).toBe(small);
    } finally {
      cf.close();
    }
  });

  it('hands out a large object as chunks that add up to its content', async () => {
    const cf = new GitObjectReader(dir, { inlineLimit: LIMIT });
    try {
      const o = await cf.read(bigOid);
      if (o.missing || !o.chunks) throw new Error('expected a chunked object');
      const parts: Buffer[] = [];
      for await (const c of o.chunks) parts.push(Buffer.from(c));
      expect(Buffer.concat(parts).equals(big)).toBe(true);
      expect(text(await cf.read(smallOid))).toBe(small);
    } finally {
      cf.close();
    }
  });

  it('skips the rest of a large object its consumer stopped reading', async () => {
    const cf = new GitObjectReader(dir, { inlineLimit: LIMIT });
    try {
      const o = await cf.read(bigOid);
      if (o.missing || !o.chunks) throw new Error('expected a chunked object');
      for await (const c of o.chunks) {
        expect(c.length).toBeGreaterThan(0);
        break; // e.g. the content sniffed as binary
      }
      expect(text(await cf.read(smallOid))).toBe(small);
    } finally {
      cf.close();
    }
  });

  it('reads a revision name, refuses a name with a newline, and carries on after a damaged object', async () => {
    git('add', 'small.txt');
    const cut = cutBlob();
    const cf = new GitObjectReader(dir, { inlineLimit: LIMIT });
    try {
      const staged = await cf.read(':small.txt');
      expect(staged).toMatchObject({ oid: smallOid, missing: false });
      await expect(cf.read(`${smallOid}\n${bigOid}`)).rejects.toThrow(/newline/);
      const damaged = await cf.read(cut);
      expect(damaged).toMatchObject({ oid: cut, missing: true });
      expect(text(await cf.read(smallOid))).toBe(small);
    } finally {
      cf.close();
    }
  });
});

describe('GitObjectReader.all: every name given up front', () => {
  it('answers every name in order, a missing one as missing', async () => {
    const got = await all([smallOid, absent, smallOid]);
    expect(got.map((o) => o.oid)).toEqual([smallOid, absent, smallOid]);
    expect(got[1]).toEqual({ oid: absent, missing: true });
    expect(text(got[0])).toBe(small);
    expect(text(got[2])).toBe(small);
    expect(await all([])).toEqual([]);
  });

  it('a damaged object mid-list costs that object only: the rest are still answered', async () => {
    const cut = cutBlob();
    const lying = lyingBlob();
    const got = await all([smallOid, cut, smallOid, lying, smallOid]);
    expect(got.map((o) => o.oid)).toEqual([smallOid, cut, smallOid, lying, smallOid]);
    expect(got[1]).toMatchObject({ missing: true });
    expect(got[3]).toMatchObject({ missing: true });
    for (const i of [0, 2, 4]) expect(text(got[i])).toBe(small);
  });

  it('skips a streamed object its consumer leaves unread, and streams one it reads', async () => {
    const seen: string[] = [];
    for await (const o of GitObjectReader.all(dir, [bigOid, smallOid, bigOid, smallOid], { inlineLimit: LIMIT })) {
      if (o.missing) throw new Error(`${o.oid} missing`);
      if (o.data) seen.push(o.data.toString());
      else if (seen.length === 0) seen.push('unread'); // the first big one: not consumed at all
      else {
        const parts: Buffer[] = [];
        for await (const c of o.chunks!) parts.push(Buffer.from(c));
        seen.push(Buffer.concat(parts).equals(big) ? 'whole' : 'wrong');
      }
    }
    expect(seen).toEqual(['unread', small, 'whole', small]);
  });
});
