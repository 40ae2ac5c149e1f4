import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, HistoryCache, sortRecords } from '../../src/history/cache.js';

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
      const cache = HistoryCache.load(dir, 'h', true);
      for (const id of [...ids, ...ids.slice(0, 10)]) cache.store(id, 0, []);
      cache.store(ids[0]!, 1, []);
      cache.save();
      const raw = readFileSync(join(dir, CACHE_FILE));
      const headerLength = raw.readUInt32BE(6);
      expect(raw.length - 10 - headerLength).toBe(51 * 22);
      const again = HistoryCache.load(dir, 'h');
      for (const id of ids) expect(again.lookup(id, 0)).toEqual([]);
      expect(again.lookup(ids[0]!, 1)).toEqual([]);
      expect(again.lookup(ids[1]!, 1)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
