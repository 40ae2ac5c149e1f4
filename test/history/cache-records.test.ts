import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sortRecords } from '../../src/history/cache.js';

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
