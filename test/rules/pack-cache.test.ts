import { chmodSync, chownSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { maxLineBreaks } from '../../src/detect/line-span.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { readCacheFile, writeCacheFile } from '../../src/model/cache.js';
import { loadVerifiedPacks } from '../../src/config/pack-cache.js';
import type { RuleDef } from '../../src/rules/types.js';
import { tempDir } from '../helpers/fake.js';
import { turn } from '../helpers/turn.js';

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

/**
 * A few one-rule packs of the catalogue, copied: what the cache does with them it does with any
 * pack, and verifying them takes milliseconds where the whole catalogue takes seconds (tests of
 * the cache's trust must not hold the test worker for a minute on a busy machine).
 */
const SMALL = ['age.toml', 'buildkite.toml', 'codecov.toml'] as const;
function smallPacks(into: string): string {
  const p = join(into, 'packs');
  mkdirSync(p, { recursive: true });
  for (const f of SMALL) cpSync(join(BUILTIN_PATTERNS_DIR, f), join(p, f));
  return p;
}

describe('verified rule pack cache', () => {
  it('stores rules without examples and with their line-break bounds, and serves them back', async () => {
    const fresh = loadVerifiedPacks([BUILTIN_PATTERNS_DIR]);
    await turn(); // the whole catalogue took seconds: let the test worker answer vitest
    expect(cacheFiles()).toHaveLength(1);
    const stored = JSON.parse(readCacheFile(cacheFiles()[0]!)!.toString('utf8')) as RuleDef[];
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
    await turn();
    const fromCache = new Detector(cached);
    const packed = loadPack(BUILTIN_PATTERNS_DIR);
    const computed = new Detector(packed);
    const text = Buffer.from(packed.flatMap((r) => r.examples.map((e) => `${'x = 1\n'.repeat(30)}${e}\n`)).join(''));
    const key = (d: Detector) => d.detect(text, 'a.txt').map((m) => `${m.rule.def.id} ${m.start} ${m.end}`);
    expect(key(fromCache).length).toBeGreaterThan(packed.length / 2);
    expect(key(fromCache)).toEqual(key(computed));
  });

  it('verifies again when a pack changes', () => {
    const packs = smallPacks(dir);
    loadVerifiedPacks([packs]);
    const file = join(packs, SMALL[0]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    loadVerifiedPacks([packs]);
    expect(cacheFiles()).toHaveLength(2);
  });
});

describe('the cache is not trusted blindly', () => {
  /** Runs `fn`, returning what it wrote to stderr. */
  const stderrOf = (fn: () => void): string => {
    let out = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    try {
      fn();
    } finally {
      spy.mockRestore();
    }
    return out;
  };
  const packs = () => smallPacks(dir);
  const all = SMALL.length;

  it('rebuilds a cache whose content was edited (rules emptied, checksum left), and says so', () => {
    const p = packs();
    loadVerifiedPacks([p]);
    const file = join(dir, 'cache', cacheFiles()[0]!);
    const raw = readFileSync(file);
    writeFileSync(file, Buffer.concat([Buffer.from('[]'), raw.subarray(raw.indexOf('\nkeyward-cache-sha256:'))]));
    let rules: RuleDef[] = [];
    const err = stderrOf(() => (rules = loadVerifiedPacks([p])));
    expect(rules).toHaveLength(all);
    expect(err).toMatch(/cache file .*packs-.*\.json does not match its checksum: rebuilt/);
    // Rebuilt: the next run reads it quietly.
    expect(stderrOf(() => loadVerifiedPacks([p]))).toBe('');
  });

  it('refuses a cache file that others can write, even with a matching checksum', () => {
    const p = packs();
    loadVerifiedPacks([p]);
    const name = cacheFiles()[0]!;
    writeCacheFile(name, '[]'); // a valid checksum over an empty rule list
    chmodSync(join(dir, 'cache', name), 0o666);
    let rules: RuleDef[] = [];
    expect(stderrOf(() => (rules = loadVerifiedPacks([p])))).toMatch(/writable by others \(mode 666\): rebuilt/);
    expect(rules).toHaveLength(all);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a cache file owned by another user', () => {
    const p = packs();
    loadVerifiedPacks([p]);
    const name = cacheFiles()[0]!;
    writeCacheFile(name, '[]');
    chownSync(join(dir, 'cache', name), 4242, 4242);
    let rules: RuleDef[] = [];
    expect(stderrOf(() => (rules = loadVerifiedPacks([p])))).toMatch(/owned by uid 4242, not 0: rebuilt/);
    expect(rules).toHaveLength(all);
  });

  it('does not follow a symlink planted in place of a cache file', () => {
    const p = packs();
    loadVerifiedPacks([p]);
    const name = cacheFiles()[0]!;
    writeCacheFile('elsewhere.json', '[]');
    rmSync(join(dir, 'cache', name));
    symlinkSync(join(dir, 'cache', 'elsewhere.json'), join(dir, 'cache', name));
    let rules: RuleDef[] = [];
    expect(stderrOf(() => (rules = loadVerifiedPacks([p])))).toMatch(/cannot be opened \(ELOOP\): rebuilt/);
    expect(rules).toHaveLength(all);
  });

  it('neither reads nor writes a cache directory others can write', () => {
    const p = packs();
    loadVerifiedPacks([p]);
    const name = cacheFiles()[0]!;
    writeCacheFile(name, '[]');
    chmodSync(join(dir, 'cache'), 0o777);
    let rules: RuleDef[] = [];
    expect(stderrOf(() => (rules = loadVerifiedPacks([p])))).toMatch(/cache directory .* is writable by others \(mode 777\): not used/);
    expect(rules).toHaveLength(all);
    expect(writeCacheFile('new.json', '[]')).toBe(false);
    chmodSync(join(dir, 'cache'), 0o700);
  });
});

describe('the cache stays bounded', () => {
  const hash = (i: number) => i.toString(16).padStart(32, '0');
  const at = (name: string, seconds: number) => utimesSync(join(dir, 'cache', name), seconds, seconds);

  it('keeps the most recently used entries of a kind, the one just written and every other kind', () => {
    mkdirSync(join(dir, 'cache'), { recursive: true, mode: 0o700 });
    // Twelve old prefilter databases (each a .hsdb and a .json), oldest first; one pack; a stray
    // file. Each written alone elsewhere and copied in: writing them here would prune already.
    for (let i = 0; i < 12; i++) {
      process.env.KEYWARD_CACHE_DIR = join(dir, `staging-${i}`);
      for (const ext of ['hsdb', 'json']) expect(writeCacheFile(`prefilter-${hash(i)}.${ext}`, 'x')).toBe(true);
      for (const f of readdirSync(join(dir, `staging-${i}`))) cpSync(join(dir, `staging-${i}`, f), join(dir, 'cache', f));
    }
    process.env.KEYWARD_CACHE_DIR = join(dir, 'cache');
    for (let i = 0; i < 12; i++) for (const ext of ['hsdb', 'json']) at(`prefilter-${hash(i)}.${ext}`, 1_000_000 + i);
    writeCacheFile(`packs-${hash(99)}.json`, '[]');
    writeFileSync(join(dir, 'cache', 'notes.txt'), 'mine');
    // Reading the oldest marks it used.
    expect(readCacheFile(`prefilter-${hash(0)}.hsdb`)?.toString()).toBe('x');
    writeCacheFile(`prefilter-${hash(50)}.hsdb`, 'y');
    const left = readdirSync(join(dir, 'cache'));
    const kept = new Set(left.filter((f) => f.startsWith('prefilter-')).map((f) => f.slice(10, 42)));
    // 8 entries: the new one, the one just read, the six newest others; both files of each.
    expect([...kept].sort()).toEqual([hash(0), hash(6), hash(7), hash(8), hash(9), hash(10), hash(11), hash(50)].sort());
    expect(left.filter((f) => f.startsWith(`prefilter-${hash(11)}.`))).toHaveLength(2);
    expect(left).toContain(`packs-${hash(99)}.json`);
    expect(left).toContain('notes.txt');
    // A file used within the hour is not written again on read (a hook's start writes nothing).
    const fresh = join(dir, 'cache', `prefilter-${hash(50)}.hsdb`);
    at(`prefilter-${hash(50)}.hsdb`, Date.now() / 1000 - 60);
    const before = statSync(fresh).mtimeMs;
    expect(readCacheFile(`prefilter-${hash(50)}.hsdb`)?.toString()).toBe('y');
    expect(statSync(fresh).mtimeMs).toBe(before);
  });
});
