import { describe, expect, it } from 'vitest';
import { SeenBlobs } from '../../src/engine/seen-blobs.js';

describe('SeenBlobs (dedup by blob id, once per class)', () => {
  it('answers true once per (blob, class), for a first class and for the rarer further ones', () => {
    const seen = new SeenBlobs();
    expect(seen.firstTime(0, 0)).toBe(true);
    expect(seen.firstTime(0, 0)).toBe(false);
    expect(seen.firstTime(1, 0)).toBe(true); // another blob, same class
    expect(seen.firstTime(0, 3)).toBe(true); // the same blob under a second class is scanned again
    expect(seen.firstTime(0, 3)).toBe(false);
    expect(seen.firstTime(0, 0)).toBe(false);
    expect(seen.firstTime(0, 7)).toBe(true);
  });

  it('keeps what it saw when blob indexes pass its initial size', () => {
    const seen = new SeenBlobs();
    expect(seen.firstTime(5, 2)).toBe(true);
    expect(seen.firstTime(100_000, 2)).toBe(true);
    expect(seen.firstTime(100_000, 2)).toBe(false);
    expect(seen.firstTime(5, 2)).toBe(false);
    expect(seen.firstTime(4095, 0)).toBe(true);
    expect(seen.firstTime(4096, 0)).toBe(true);
    expect(seen.firstTime(4095, 0)).toBe(false);
  });
});
