import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { maxLineBreaks } from '../../src/detect/line-span.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { loadVerifiedPacks } from '../../src/rules/pack-cache.js';
import type { RuleDef } from '../../src/rules/types.js';
import { tempDir } from '../helpers/fake.js';

let dir: string;
let cleanup: () => void;
let saved: string | undefined;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('keyward-pack-cache-'));
  saved = process.env.KEYWARD_CACHE_DIR;
  process.env.KEYWARD_CACHE_DIR = join(dir, 'cache');
});
afterEach(() => {
  if (saved === undefined) delete process.env.KEYWARD_CACHE_DIR;
  else process.env.KEYWARD_CACHE_DIR = saved;
  cleanup();
});

const cacheFiles = (): string[] => readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.json'));

describe('verified rule pack cache', () => {
  it('stores rules without examples and with their line-break bounds, and serves them back', () => {
    const fresh = loadVerifiedPacks([BUILTIN_PATTERNS_DIR]);
    expect(cacheFiles()).toHaveLength(1);
    const stored = JSON.parse(readFileSync(join(dir, 'cache', cacheFiles()[0]!), 'utf8')) as RuleDef[];
    expect(stored.every((r) => r.examples.length === 0 && r.negatives.length === 0)).toBe(true);
    for (const r of stored) {
      const n = maxLineBreaks(r.regex);
      expect(r.lineBreaks, r.id).toBe(Number.isFinite(n) ? n : null);
    }
    expect(stored.find((r) => r.id === 'private-key-rsa')?.lineBreaks).toBeNull();
    const cached = loadVerifiedPacks([BUILTIN_PATTERNS_DIR]);
    expect(cached.map((r) => r.id)).toEqual(fresh.map((r) => r.id));
    expect(cached[0]!.lineBreaks).toBeDefined();
    // A detector from cached bounds finds what one computed from the regexes finds, in a buffer
    // of several blocks (where the bounds decide the windows rules run on).
    const fromCache = new Detector(cached);
    const packed = loadPack(BUILTIN_PATTERNS_DIR);
    const computed = new Detector(packed);
    const text = Buffer.from(packed.flatMap((r) => r.examples.map((e) => `${'x = 1\n'.repeat(30)}${e}\n`)).join(''));
    const key = (d: Detector) => d.detect(text, 'a.txt').map((m) => `${m.rule.def.id} ${m.start} ${m.end}`);
    expect(key(fromCache).length).toBeGreaterThan(packed.length / 2);
    expect(key(fromCache)).toEqual(key(computed));
  });

  it('verifies again when a pack changes', () => {
    const packs = join(dir, 'packs');
    cpSync(BUILTIN_PATTERNS_DIR, packs, { recursive: true });
    loadVerifiedPacks([packs]);
    const file = join(packs, 'generic.toml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    loadVerifiedPacks([packs]);
    expect(cacheFiles()).toHaveLength(2);
  });
});
