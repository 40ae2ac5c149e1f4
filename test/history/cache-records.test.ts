import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortRecords } from '../../src/history/cache-records.js';
import { CACHE_FILE, HistoryCache } from '../../src/history/cache.js';

// The seal's key lives in keyward's cache directory: a fresh one for these tests.
process.env.KEYWARD_CACHE_DIR = mkdtempSync(join(tmpdir(), 'kw-cache-key-'));
const STAMP = { repo: '/repo/.git', keyward: '1.0.0', rulesHash: 'h' };

/** The records in order by plain byte comparison: what a lookup's binary search expects. */
function reference(oids: string[], classes: number[]): Buffer {
  const recs = oids.map((o, i) => {
    const r = Buffer.alloc(22);
    r.write(o, 0, 'hex');
    r.writeUInt16BE(classes[i]!, 20);
    return r;
  });
  return Buffer.concat(recs.sort(Buffer.compare));
}

describe('history cache records', () => {
  it('sorts records as a byte comparison does, also when ids share their first bytes or repeat', () => {
    for (const maxIndexBits of [21, 1]) {
      const oids: string[] = [];
      const classes: number[] = [];
      for (let i = 0; i < 3000; i++) {
        // Every third id shares its first 4 bytes with others, some ids repeat in other classes.
        const id = i % 3 === 0 ? `cafebabe${randomBytes(16).toString('hex')}` : randomBytes(20).toString('hex');
        oids.push(id);
        classes.push(i % 5);
        if (i % 7 === 0) {
          oids.push(id);
          classes.push((i + 1) % 5);
        }
      }
      const sorted = sortRecords(oids, classes, maxIndexBits);
      expect(sorted.equals(reference(oids, classes))).toBe(true);
    }
    expect(sortRecords([], []).length).toBe(0);
  });
});

describe('history cache file', () => {
  it('writes each (blob, class) once, however often it was stored, and finds every one again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cache-'));
    try {
      const ids = Array.from({ length: 50 }, () => randomBytes(20).toString('hex'));
      const cache = HistoryCache.load(dir, STAMP, true);
      for (const id of [...ids, ...ids.slice(0, 10)]) cache.store(id, 0, []);
      cache.store(ids[0]!, 1, []);
      cache.save();
      const raw = readFileSync(join(dir, CACHE_FILE));
      const headerLength = raw.readUInt32BE(6 + 32);
      expect(raw.length - 6 - 32 - 4 - headerLength).toBe(51 * 22);
      const again = HistoryCache.load(dir, STAMP);
      expect(again.problem).toBeUndefined();
      for (const id of ids) expect(again.lookup(id, 0)).toEqual([]);
      expect(again.lookup(ids[0]!, 1)).toEqual([]);
      expect(again.lookup(ids[1]!, 1)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is used only for the repository, keyward version and rules it was made with; anything else is rebuilt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cache-'));
    try {
      const id = randomBytes(20).toString('hex');
      const cache = HistoryCache.load(dir, STAMP, true);
      cache.store(id, 0, []);
      cache.save();
      expect(HistoryCache.load(dir, STAMP).lookup(id, 0)).toEqual([]);
      // A new version or rule set: silently rebuilt (the normal course of things).
      for (const other of [{ ...STAMP, keyward: '1.0.1' }, { ...STAMP, rulesHash: 'h2' }]) {
        const c = HistoryCache.load(dir, other);
        expect(c.lookup(id, 0)).toBeUndefined();
        expect(c.problem).toBeUndefined();
      }
      // Copied from another repository: said so.
      const moved = HistoryCache.load(dir, { ...STAMP, repo: '/elsewhere/.git' });
      expect(moved.lookup(id, 0)).toBeUndefined();
      expect(moved.problem).toMatch(/made for another repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects any changed byte, and an edit whose plain SHA-256 was recomputed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-cache-'));
    try {
      const cache = HistoryCache.load(dir, STAMP, true);
      for (let i = 0; i < 20; i++) cache.store(randomBytes(20).toString('hex'), 0, []);
      cache.save();
      const file = join(dir, CACHE_FILE);
      const good = readFileSync(file);
      for (const at of [6, 6 + 32, 6 + 32 + 4 + 3, good.length - 1]) {
        const bad = Buffer.from(good);
        bad[at] ^= 0x01;
        writeFileSync(file, bad);
        const c = HistoryCache.load(dir, STAMP);
        expect(c.problem, `byte ${at}`).toMatch(/damaged or was edited/);
        expect(c.lookup(randomBytes(20).toString('hex'), 0)).toBeUndefined();
      }
      const forged = Buffer.from(good);
      createHash('sha256').update(forged.subarray(6 + 32)).digest().copy(forged, 6);
      writeFileSync(file, forged);
      expect(HistoryCache.load(dir, STAMP).problem).toMatch(/damaged or was edited/);
      writeFileSync(file, good);
      expect(HistoryCache.load(dir, STAMP).problem).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
