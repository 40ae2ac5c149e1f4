import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, readdirSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPackIndexes, PackIndex } from '../../src/git/pack-index.js';
import { applyDelta as applyDeltaOf, DELTIFIED, nativeInflate, nativeIo, nodeIo, NOT_HERE, PackStore, zlibInflate, type DeltaRunner, type PackIo } from '../../src/git/pack-store.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-pack-')));
afterEach(() => cleanup());

const LIMIT = 1024 * 1024;

interface Packed {
  type: string;
  delta: boolean;
  /** Delta chain length down to a whole object (0: stored whole). */
  depth: number;
  offset: number;
}

/** Objects of the repository by id: type, whether the pack stores it as a delta, and how deep. */
function packedObjects(repo: string): Map<string, Packed> {
  const idx = readdirSync(join(repo, '.git', 'objects', 'pack')).find((n) => n.endsWith('.idx'))!;
  const out = new Map<string, Packed>();
  for (const line of git(repo, ['verify-pack', '-v', join('.git', 'objects', 'pack', idx)]).split('\n')) {
    const f = line.split(/\s+/);
    if (!/^[0-9a-f]{40,64}$/.test(f[0] ?? '')) continue;
    const delta = f.length >= 7;
    out.set(f[0]!, { type: f[1]!, delta, depth: delta ? Number(f[5]) : 0, offset: Number(f[4]) });
  }
  return out;
}

/**
 * A repository with many versions of a few files (git deltifies them) and distinct small files.
 * `depth`: the longest delta chain the repack may build.
 */
function buildRepo(objectFormat?: string, versions = 8, depth = 50): string {
  const repo = join(dir, 'repo');
  if (objectFormat) {
    git(dir, ['init', '-q', '-b', 'main', `--object-format=${objectFormat}`, repo]);
  } else initRepo(repo);
  const big = Array.from({ length: 400 }, (_, i) => `line ${i} ${randomAlnum(40)}`);
  for (let v = 0; v < versions; v++) {
    big[v * 7] = `changed in version ${v} ${randomAlnum(20)}`;
    commit(repo, { 'big.txt': big.join('\n'), [`small-${v}.txt`]: `small file ${v} ${randomAlnum(30)}\n` }, `v${v}`);
  }
  git(repo, ['repack', '-adfq', `--depth=${depth}`]);
  return repo;
}

function objectsDir(repo: string): string {
  return join(repo, git(repo, ['rev-parse', '--git-path', 'objects']));
}

const native = nativeInflate();
if (!native) console.warn('native inflater tests skipped: its addon is not built (apt-get install libdeflate-dev, then npm ci)');
/** Node's reading and the addon's (libdeflate, pread, delta) when it is built: PackStore must read the same with either. */
const ios: Array<[string, PackIo]> = [['node:zlib and fs', nodeIo], ...(native ? [['the native addon', nativeIo()!] as [string, PackIo]] : [])];

describe.each(ios)('PackStore with %s', (_, io) => {
  it('reads every whole packed object and short delta chain as git does, and leaves long chains, loose and large objects to git', () => {
    const repo = buildRepo(undefined, 12);
    // A loose object written after the repack.
    commit(repo, { 'loose.txt': `loose ${randomAlnum(30)}\n` }, 'after repack');
    const loose = git(repo, ['rev-parse', 'HEAD:loose.txt']);
    const packs = loadPackIndexes(objectsDir(repo));
    expect(packs).toHaveLength(1);
    const store = new PackStore(packs, io);
    const objects = packedObjects(repo);
    let whole = 0;
    let deltas = 0;
    let long = 0;
    for (const [oid, o] of objects) {
      const place = store.locate(oid, LIMIT);
      if (o.depth > 3) {
        expect(place, `depth ${o.depth}`).toBe(DELTIFIED);
        long++;
        continue;
      }
      expect(place).toBeGreaterThanOrEqual(0);
      const got = store.read(place, LIMIT)!;
      expect(got.type).toBe(o.type);
      expect(got.data.equals(catFile(repo, o.type, oid))).toBe(true);
      if (o.delta) deltas++;
      else whole++;
    }
    // Every kind occurs, so no branch above is vacuous.
    expect(long).toBeGreaterThan(3);
    expect(deltas).toBeGreaterThan(3);
    expect(whole).toBeGreaterThan(10);
    expect(store.locate(loose, LIMIT)).toBe(NOT_HERE);
    expect(store.locate('0'.repeat(40), LIMIT)).toBe(NOT_HERE);
    store.close();
  });

  it('places objects by the index alone; read() then gives what locate() would have, and nothing for long chains', () => {
    const repo = buildRepo(undefined, 12);
    commit(repo, { 'loose.txt': `loose ${randomAlnum(30)}\n` }, 'after repack');
    const store = new PackStore(loadPackIndexes(objectsDir(repo)), io);
    let long = 0;
    for (const [oid, o] of packedObjects(repo)) {
      const place = store.place(oid);
      expect(place).toBeGreaterThanOrEqual(0);
      if (o.depth > 3) {
        expect(store.read(place, LIMIT), `depth ${o.depth}`).toBeUndefined();
        long++;
        continue;
      }
      expect(place).toBe(store.locate(oid, LIMIT));
      const want = catFile(repo, o.type, oid);
      expect(store.read(place, LIMIT)!.data.equals(want)).toBe(true);
      // Into the reused buffer (valid until the next read), after reads of other sizes.
      expect(store.read(place, LIMIT, true)!.data.equals(want)).toBe(true);
    }
    expect(long).toBeGreaterThan(3);
    expect(store.place(git(repo, ['rev-parse', 'HEAD:loose.txt']))).toBe(NOT_HERE);
    expect(store.place('0'.repeat(40))).toBe(NOT_HERE);
    store.close();
  });

  it('reads objects from every pack of the repository', () => {
    const repo = buildRepo();
    commit(repo, { 'second.txt': `in the second pack ${randomAlnum(30)}\n` }, 'second pack');
    git(repo, ['repack', '-dq']); // packs the new loose objects into a second pack
    const packs = loadPackIndexes(objectsDir(repo));
    expect(packs).toHaveLength(2);
    // Indexes past the memory budget are left out (git reads their objects).
    const smaller = 2 * Math.min(...packs.map((p) => p.idx.byteLength));
    expect(loadPackIndexes(objectsDir(repo), smaller)).toHaveLength(1);
    expect(loadPackIndexes(objectsDir(repo), 100)).toHaveLength(0);
    const store = new PackStore(packs);
    for (const path of ['second.txt', 'small-0.txt']) {
      const oid = git(repo, ['rev-parse', `HEAD:${path}`]);
      const place = store.locate(oid, LIMIT);
      expect(place).toBeGreaterThanOrEqual(0);
      expect(store.read(place)!.data.equals(catFile(repo, 'blob', oid))).toBe(true);
    }
    store.close();
  });

  it('does not hand out an object larger than the caller holds in memory', () => {
    const repo = buildRepo();
    const store = new PackStore(loadPackIndexes(objectsDir(repo)));
    const oid = git(repo, ['rev-parse', 'HEAD:small-3.txt']);
    expect(packedObjects(repo).get(oid)?.delta).toBe(false);
    const size = Number(git(repo, ['cat-file', '-s', oid]));
    expect(store.locate(oid, size)).toBeGreaterThanOrEqual(0);
    expect(store.locate(oid, size - 1)).toBe(NOT_HERE);
    store.close();
  });

  it('does not resolve a delta whose result or any base is larger than the caller holds in memory', () => {
    const repo = buildRepo();
    const store = new PackStore(loadPackIndexes(objectsDir(repo)), io);
    const [oid] = [...packedObjects(repo)].find(([, o]) => o.delta && o.depth <= 3 && o.type === 'blob')!;
    const size = Number(git(repo, ['cat-file', '-s', oid]));
    // Every link of the chain counts: the largest of the object and its bases.
    let largest = size;
    for (let o = oid; ; ) {
      const line = execFileSync('git', ['cat-file', '--batch-check=%(objectsize) %(deltabase)'], { cwd: repo, input: `${o}\n` });
      const [n, base] = line.toString().trim().split(' ') as [string, string];
      largest = Math.max(largest, Number(n));
      if (/^0+$/.test(base)) break;
      o = base;
    }
    const place = store.locate(oid, LIMIT);
    expect(store.read(place, largest)!.data.length).toBe(size);
    expect(store.read(place, size - 1)).toBeUndefined();
    if (largest > size) expect(store.read(place, largest - 1)).toBeUndefined();
    store.close();
  });

  it('returns nothing for an object whose compressed bytes are damaged (git is asked instead)', () => {
    const repo = buildRepo();
    const objects = packedObjects(repo);
    const [oid, o] = [...objects].find(([, x]) => !x.delta && x.type === 'blob')!;
    const packFile = join(repo, '.git', 'objects', 'pack', readdirSync(join(repo, '.git', 'objects', 'pack')).find((n) => n.endsWith('.pack'))!);
    const store = new PackStore(loadPackIndexes(objectsDir(repo)), io);
    const place = store.locate(oid, LIMIT);
    expect(store.read(place)).toBeDefined();
    store.close();
    chmodSync(packFile, 0o644);
    const fd = openSync(packFile, 'r+');
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, o.offset + 6);
    for (let i = 0; i < 4; i++) b[i] = b[i]! ^ 0xff;
    writeSync(fd, b, 0, 4, o.offset + 6);
    closeSync(fd);
    const damaged = new PackStore(loadPackIndexes(objectsDir(repo)), io);
    expect(damaged.read(damaged.locate(oid, LIMIT))).toBeUndefined();
    damaged.close();
  });

  it('resolves deltas that name their base by id (packs made without --delta-base-offset)', () => {
    const repo = buildRepo(undefined, 12);
    const packDir = join(repo, '.git', 'objects', 'pack');
    const old = readdirSync(packDir).filter((n) => n.startsWith('pack-')).map((n) => join(packDir, n));
    const objects = execFileSync('git', ['rev-list', '--objects', '--all'], { cwd: repo }).toString();
    execFileSync('git', ['pack-objects', '-q', '--depth=3', join(packDir, 'pack')], { cwd: repo, input: objects });
    for (const f of old) rmSync(f, { force: true });
    const store = new PackStore(loadPackIndexes(objectsDir(repo)), io);
    let refDeltas = 0;
    for (const [oid, o] of packedObjects(repo)) {
      const place = store.locate(oid, LIMIT);
      expect(place).toBeGreaterThanOrEqual(0);
      expect(store.read(place, LIMIT)!.data.equals(catFile(repo, o.type, oid))).toBe(true);
      if (o.delta) refDeltas++;
    }
    expect(refDeltas).toBeGreaterThan(3);
    store.close();
  });

  it('reads SHA-256 repositories', () => {
    let repo: string;
    try {
      repo = buildRepo('sha256');
    } catch {
      return; // this git cannot create SHA-256 repositories
    }
    const packs = loadPackIndexes(objectsDir(repo));
    expect(packs[0]!.hashLen).toBe(32);
    const store = new PackStore(packs);
    const head = git(repo, ['rev-parse', 'HEAD:small-7.txt']);
    expect(head).toHaveLength(64);
    const place = store.locate(head, LIMIT);
    expect(place).toBeGreaterThanOrEqual(0);
    expect(store.read(place)!.data.toString()).toBe(catFile(repo, 'blob', head).toString());
    store.close();
  });

  it('finds every object of the index by id, and orders object ends', () => {
    const repo = buildRepo();
    const [data] = loadPackIndexes(objectsDir(repo));
    const index = new PackIndex(data!);
    const objects = [...packedObjects(repo)].sort((a, b) => a[1].offset - b[1].offset);
    expect(objects.length).toBe(data!.count);
    objects.forEach(([oid, o], i) => {
      expect(index.find(oid)).toBe(o.offset);
      const next = objects[i + 1]?.[1].offset ?? data!.packSize - 20;
      expect(index.end(o.offset)).toBe(next);
    });
  });
});

/** applyDelta's own JavaScript, and with the addon's instructions runner when it is built. */
const runners: Array<[string, DeltaRunner | undefined]> = [['JavaScript', undefined], ...(native ? [['native', nativeIo()!.delta] as [string, DeltaRunner | undefined]] : [])];

describe.each(runners)('applyDelta (%s)', (_, runner) => {
  const applyDelta = (b: Buffer, d: Buffer, max?: number) => applyDeltaOf(b, d, max, runner);
  // Header: base size 10, result size 9; copy 4 bytes from offset 2; insert "xyz"; copy 2 from 0.
  const base = Buffer.from('0123456789');
  const delta = Buffer.from([10, 9, 0x91, 2, 4, 3, 0x78, 0x79, 0x7a, 0x90, 2]);

  it('copies from the base and inserts, as git encodes them', () => {
    expect(applyDelta(base, delta).toString()).toBe('2345xyz01');
  });

  it('reads a copy with no size bytes as 64 KiB, and multi-byte sizes and offsets', () => {
    const big = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251));
    const varint = (n: number) => {
      const out: number[] = [];
      do {
        out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
        n >>>= 7;
      } while (n > 0);
      return out;
    };
    // Copy 0x10000 bytes from 0 (no offset or size bytes), then 0x1234 bytes from 0x010203.
    const ops = [0x80, 0x80 | 0x07 | 0x30, 0x03, 0x02, 0x01, 0x34, 0x12];
    const small = Buffer.concat([big, Buffer.alloc(0x010203 + 0x1234 - big.length, 7)]);
    const d = Buffer.from([...varint(small.length), ...varint(0x10000 + 0x1234), ...ops]);
    const out = applyDelta(small, d);
    expect(out.subarray(0, 0x10000).equals(small.subarray(0, 0x10000))).toBe(true);
    expect(out.subarray(0x10000).equals(small.subarray(0x010203, 0x010203 + 0x1234))).toBe(true);
  });

  it('refuses a delta for another base, one that reads or writes out of bounds, and opcode 0', () => {
    expect(() => applyDelta(Buffer.from('012345678'), delta)).toThrow(/base size/);
    expect(() => applyDelta(base, Buffer.from([10, 4, 0x91, 8, 4]))).toThrow(/copy/);
    expect(() => applyDelta(base, Buffer.from([10, 2, 3, 0x78, 0x79, 0x7a]))).toThrow(/insert/);
    expect(() => applyDelta(base, Buffer.from([10, 1, 0]))).toThrow(/opcode/);
    expect(() => applyDelta(base, Buffer.from([10, 9, 0x91, 2, 4]))).toThrow(/size mismatch/);
    expect(() => applyDelta(base, delta, 8)).toThrow(/too large/);
    // The native runner refuses them itself (the JavaScript only says why).
    if (runner) {
      const out = Buffer.alloc(9);
      for (const ops of [[0x91, 8, 4], [3, 0x78, 0x79], [0], [0x91, 2, 4], [0x91, 2]]) expect(runner(base, Buffer.from([10, 9, ...ops]), 2, out), String(ops)).toBe(false);
    }
  });

  it('gives what the JavaScript gives on random deltas, whole and damaged', () => {
    const big = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    for (let t = 0; t < 2000; t++) {
      const ops: number[] = [];
      let size = 0;
      for (let k = 0; k < 1 + (t % 7); k++) {
        if (k % 2 === 0) {
          const from = (t * 37 + k * 101) % 4000;
          const n = 1 + ((t * 13 + k) % 300);
          ops.push(0x80 | 0x03 | 0x30, from & 0xff, from >> 8, n & 0xff, n >> 8);
          size += n;
        } else {
          const n = 1 + ((t + k) % 20);
          ops.push(n, ...Array.from({ length: n }, (_, i) => (t + i) % 256));
          size += n;
        }
      }
      if (t % 3 === 1) ops[(t * 5) % ops.length] = (t * 11) % 256; // damaged: any byte may change
      if (t % 5 === 2) ops.length -= 1 + (t % 3); // truncated
      const d = Buffer.from([0x88, 0x27, size & 0x7f | 0x80, size >> 7, ...ops]); // base 5000, result size
      let want: string;
      let got: string;
      try {
        want = applyDeltaOf(big, d).toString('hex');
      } catch {
        want = 'refused';
      }
      try {
        got = applyDelta(big, d).toString('hex');
      } catch {
        got = 'refused';
      }
      expect(got, `delta ${t}`).toBe(want);
    }
  });
});

describe.skipIf(!native)('native inflater (libdeflate)', () => {
  it('inflates what zlib compressed, at every level and size, exactly as node:zlib does', () => {
    const text = (n: number) => {
      let s = '';
      while (s.length < n) s += `${randomAlnum(40)} = 1;\n`;
      return Buffer.from(s.slice(0, n));
    };
    for (const size of [0, 1, 100, 4096, 65_537, 1 << 20]) {
      for (const level of [0, 1, 6, 9]) {
        const data = size % 2 ? text(size) : Buffer.from(Array.from({ length: size }, (_, i) => (i * 7919) % 251));
        // Trailing bytes after the stream (the next object in a pack) are not read.
        expect(data.length).toBe(size);
        const packed = Buffer.concat([deflateSync(data, { level }), Buffer.from('next object')]);
        expect(native!(packed, size).equals(data), `${size} bytes, level ${level}`).toBe(true);
        expect(zlibInflate(packed, size).equals(data)).toBe(true);
      }
    }
  });

  it('refuses a stream whose size is not the one expected, or whose bytes are damaged', () => {
    const data = Buffer.from('x = "value";\n'.repeat(1000));
    const packed = deflateSync(data);
    expect(() => native!(packed, data.length + 1)).toThrow();
    expect(() => native!(packed, data.length - 1)).toThrow();
    const bad = Buffer.from(packed);
    for (let i = 10; i < 20; i++) bad[i] = bad[i]! ^ 0x5a;
    expect(() => native!(bad, data.length)).toThrow();
    expect(() => native!(packed.subarray(0, packed.length >> 1), data.length)).toThrow();
  });

  it('reads at a file position until the end of the file, and reports errors as -errno', () => {
    const { pread } = nativeIo()!;
    const file = join(dir, 'f.bin');
    writeFileSync(file, '0123456789');
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(8, 0x2e);
      expect(pread(fd, buf, 2, 4, 3)).toBe(4);
      expect(buf.toString()).toBe('..3456..');
      expect(pread(fd, buf, 0, 8, 6)).toBe(4); // short: the file ends
      expect(buf.subarray(0, 4).toString()).toBe('6789');
      expect(() => pread(fd, buf, 4, 8, 0)).toThrow(/inside buf/);
    } finally {
      closeSync(fd);
    }
    expect(pread(fd, Buffer.alloc(1), 0, 1, 0)).toBeLessThan(0); // closed: -EBADF
  });
});

/** The object's content as git gives it. */
function catFile(repo: string, type: string, oid: string): Buffer {
  return execFileSync('git', ['cat-file', type, oid], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
}
