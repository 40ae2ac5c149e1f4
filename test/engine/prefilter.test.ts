import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Detector, type RawMatch } from '../../src/detect/detector.js';
import { nonSecretReason } from '../../src/detect/filters.js';
import { pathScoped } from '../../src/detect/compiled-rule.js';
import { CompiledRule } from '../../src/detect/compiled-rule.js';
import { KeywordIndex, keywordLiterals } from '../../src/detect/keyword-index.js';
import { KeywordLocator, keywordSpec, Prefilter, prefilterAddon, prefilterSpec } from '../../src/detect/prefilter.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { examplePath } from '../../src/rules/verify.js';
import { keywardAsync } from '../helpers/cli.js';
import { turn } from '../helpers/turn.js';
import { makeRule } from '../helpers/rules.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';

// The Hyperscan prefilter is optional (native/hyperscan, built when libhyperscan-dev is there).
// Without it these tests cannot run: say so instead of passing silently.
const available = prefilterAddon() !== undefined;
if (!available) console.warn('prefilter tests skipped: the Hyperscan addon is not built (apt-get install libhyperscan-dev, then npm ci)');

describe.skipIf(!available)('Hyperscan prefilter', () => {
  const cache = tempDir('keyward-prefilter-cache-');
  process.env.KEYWARD_CACHE_DIR = cache.dir;
  afterAll(() => cache.cleanup());

  // Content rules: a path-only rule (a key store by its name) never reaches the prefilter.
  const rules = loadPack(BUILTIN_PATTERNS_DIR).filter((r) => !r.pathOnly);
  const plain = new Detector(rules);
  const spec = prefilterSpec(rules)!;
  // As the engine hands it to its workers: with the keywords' database (prefilterFor).
  const keywords = keywordSpec(keywordLiterals(rules))!;
  const filtered = new Detector(rules);
  filtered.usePrefilter(Prefilter.from({ ...spec, keywords }));
  // As history uses it: the path-scoped rules left out of the database, named by path.
  const scopedSpec = { ...prefilterSpec(rules, 'unscoped')!, scoped: prefilterSpec(rules, 'scoped')! };
  const scopedOut = new Detector(rules);
  scopedOut.usePrefilter(Prefilter.from({ ...scopedSpec, keywords }));
  // As the main thread uses it (a hook's scan): no prefilter, the keywords' database alone.
  const keywordsOnly = new Detector(rules);
  keywordsOnly.useKeywords(KeywordLocator.from(keywords));
  const ascii = (s: string) => /^[\x00-\x7f]*$/.test(s);
  const key = (m: RawMatch) => `${m.rule.def.id} ${m.matchStart} ${m.matchEnd} ${m.start} ${m.end} ${m.secret}`;
  /** Both detectors' findings for one buffer. */
  const both = (text: string, path = 'a.txt') => {
    const data = Buffer.from(text);
    const p = plain.detect(data, path).map(key);
    const f = filtered.detect(data, path).map(key);
    const s = scopedOut.detect(data, path).map(key);
    const k = keywordsOnly.detect(data, path).map(key);
    // The scoped-out database and the keywords' alone must give what the full one gives, and all
    // three what the Detector alone does.
    const same = (x: string[]) => JSON.stringify(x) === JSON.stringify(f);
    return { plain: p, filtered: same(s) && same(k) ? f : [...f, 'scoped-out database:', ...s, 'keywords alone:', ...k] };
  };

  it('compiles the built-in pack, and loads it again from the cache', () => {
    // Every rule is named by its regex or, where Hyperscan rejects that, by its keywords; the
    // scoped-out database leaves the path-scoped rules out (the Detector names them).
    expect(new Set(spec.owner)).toEqual(new Set(rules.map((_, i) => i)));
    expect(rules.filter(pathScoped).length).toBeGreaterThan(10);
    expect(new Set(scopedSpec.owner)).toEqual(new Set(rules.flatMap((r, i) => (pathScoped(r) ? [] : [i]))));
    expect(new Set(scopedSpec.scoped.owner)).toEqual(new Set(rules.flatMap((r, i) => (pathScoped(r) ? [i] : []))));
    expect(readdirSync(cache.dir).filter((f) => f.startsWith('prefilter-'))).toHaveLength(6);
    const again = prefilterSpec(rules)!;
    expect(Buffer.from(again.db).equals(Buffer.from(spec.db))).toBe(true);
    expect([...again.owner]).toEqual([...spec.owner]);
  });

  it('caches each part under its rules\' paths too: scoping a rule to some paths is a new database', () => {
    const a = makeRule({ id: 'scoping-a', regex: 'alpha_([0-9]{8})' });
    const b = makeRule({ id: 'scoping-b', regex: 'beta_([0-9]{8})' });
    const owners = (rs: typeof rules) => [[...prefilterSpec(rs, 'unscoped')!.owner], [...prefilterSpec(rs, 'scoped')!.owner]];
    expect(owners([a, { ...b, paths: ['**/*.env'] }])).toEqual([[0], [1]]);
    // The same regexes, the other rule scoped: read from the cache, the first answer would name the wrong rules.
    expect(owners([{ ...a, paths: ['**/*.env'] }, b])).toEqual([[1], [0]]);
  });

  it('marks the rules of the patterns found as the id list names them, and refuses ill-typed arguments', () => {
    const hs = prefilterAddon()!;
    const handle = hs.load(spec.db, spec.owner.length);
    const text = Buffer.from(rules.flatMap((r) => r.examples).join('\n'));
    type ArrayForm = (h: object, d: Uint8Array) => number[];
    const ids = (hs.match as unknown as ArrayForm)(handle, text);
    const named = new Uint8Array(rules.length);
    const count = hs.match(handle, text, spec.owner, named);
    const want = new Set(ids.map((id) => spec.owner[id]!));
    expect(want.size).toBeGreaterThan(100);
    expect(count).toBe(want.size);
    expect(named.reduce((n, x) => n + x, 0)).toBe(want.size);
    for (const o of want) expect(named[o]).toBe(1);
    // Already named: not counted again.
    expect(hs.match(handle, text, spec.owner, named)).toBe(0);
    expect(() => hs.match(handle, text, Uint32Array.from(spec.owner) as unknown as Int32Array, named)).toThrow(/Int32Array/);
    expect(() => hs.match(handle, text, spec.owner, new Uint8Array(3))).toThrow(/named list/);
  });

  it('throws rather than drop a match: more patterns found than the database was loaded with, or a buffer over 4 GiB', () => {
    const hs = prefilterAddon()!;
    const text = Buffer.from(rules.flatMap((r) => r.examples).join('\n'));
    // Loaded with a pattern count below what the text matches: before, the extra ids were dropped.
    const short = hs.load(spec.db, 3);
    expect(() => hs.match(short, text, spec.owner, new Uint8Array(rules.length))).toThrow(/more patterns matched than the database was loaded with/);
    // hs_scan takes a 32-bit length: a larger buffer would have been cut short. Not touched, so not resident.
    const handle = hs.load(spec.db, spec.owner.length);
    const huge = Buffer.allocUnsafeSlow(2 ** 32);
    expect(() => hs.match(handle, huge, spec.owner, new Uint8Array(rules.length))).toThrow(/over 4 GiB/);
  });

  it('loads a cached database only after its checks: one edited or copied from another key is rebuilt, never deserialised', () => {
    const a = makeRule({ id: 'tamper-a', regex: 'gamma_([0-9]{8})' });
    const b = makeRule({ id: 'tamper-b', regex: 'delta_([0-9]{8})' });
    const files = () => new Set(readdirSync(cache.dir).filter((f) => f.endsWith('.hsdb')));
    const before = files();
    const first = prefilterSpec([a])!;
    const fileA = join(cache.dir, [...files()].find((f) => !before.has(f))!);
    const seen = files();
    prefilterSpec([b]);
    const fileB = join(cache.dir, [...files()].find((f) => !seen.has(f))!);
    // b's valid database (with its own checksum) in a's place: read as a's, it would name the wrong rule.
    writeFileSync(fileA, readFileSync(fileB));
    expect(Buffer.from(prefilterSpec([a])!.db).equals(Buffer.from(first.db))).toBe(true);
    // One flipped byte.
    const raw = readFileSync(fileA);
    raw[100] = raw[100]! ^ 0xff;
    writeFileSync(fileA, raw);
    expect(Buffer.from(prefilterSpec([a])!.db).equals(Buffer.from(first.db))).toBe(true);
  });

  it('names every rule on each of its examples (no rule is skipped where it matches)', () => {
    const p = Prefilter.from(spec)!;
    const missed: string[] = [];
    rules.forEach((r, i) => {
      for (const e of r.examples.filter(ascii)) {
        const named = new Uint8Array(rules.length);
        p.scan(Buffer.from(e), named);
        if (named[i] !== 1) missed.push(r.id);
        // Without the path-scoped rules in the database, the Detector names them where their path applies.
        if (pathScoped(r) && !scopedOut.detect(Buffer.from(e), examplePath(r)).some((m) => m.rule.def.id === r.id)) missed.push(`${r.id} (scoped out)`);
      }
    });
    expect(missed).toEqual([]);
  });

  it('without the path-scoped rules in its database, runs one where its path applies and nowhere else', () => {
    const r = rules.find((x) => x.id === 'pgpass-password')!;
    const e = r.examples[0]!;
    const at = (path: string) => scopedOut.detect(Buffer.from(e), path).filter((m) => m.rule.def.id === r.id).map(key);
    expect(at('home/u/.pgpass').length).toBeGreaterThan(0);
    expect(at('home/u/.pgpass')).toEqual(plain.detect(Buffer.from(e), 'home/u/.pgpass').filter((m) => m.rule.def.id === r.id).map(key));
    expect(at('notes.txt')).toEqual([]);
    const named = new Uint8Array(rules.length);
    Prefilter.from(scopedSpec)!.scan(Buffer.from(e), named);
    expect(named[rules.indexOf(r)]).toBe(0);
  });

  it('gives the same findings as the Detector alone, example by example', async () => {
    const differ: string[] = [];
    for (const [i, r] of rules.entries()) {
      if (i % 100 === 0) await turn(); // seconds of work: let the test worker answer vitest now and then
      for (const e of [...r.examples, ...r.negatives]) {
        const out = both(e, examplePath(r));
        if (JSON.stringify(out.plain) !== JSON.stringify(out.filtered)) differ.push(r.id);
      }
    }
    expect(differ).toEqual([]);
  });

  it('gives the same findings in files of every size: small, several blocks, over 128 KiB', async () => {
    const examples = rules.flatMap((r) => r.examples.filter(ascii).filter((e) => !e.includes('\n')));
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `const value${i} = compute(${i}); // ${randomAlnum(12)}\n`).join('');
    let secrets = 0;
    for (const lines of [10, 400, 6000]) {
      for (let start = 0; start < examples.length; start += 40) {
        if (start % 800 === 0) await turn();
        const text = examples.slice(start, start + 40).map((e) => `${filler(lines / 40)}${e}\n`).join('') + filler(lines / 10);
        const out = both(text);
        expect(out.filtered).toEqual(out.plain);
        secrets += out.plain.length;
      }
    }
    expect(secrets).toBeGreaterThan(examples.length); // the comparison saw the examples, thrice
  });

  it('finds the keywords block by block where the RE2.Set finds them: case, tabs, block edges, UTF-8', () => {
    const index = new KeywordIndex(rules.map((r) => new CompiledRule(r)));
    expect(keywords.literals).toEqual(index.literals);
    const hs = prefilterAddon()!;
    const locator = new KeywordLocator({ ...hs, blocks: hs.blocks! }, keywords);
    const locate = (d: Buffer, block: number, reach: number) => locator.blocks(d, block, reach);
    const words = [...index.literals.filter((_, i) => i % 7 === 0), 'x', ' ', '\n', 'é', '密', '\t'];
    const flip = (w: string) => [...w].map((c) => (Math.random() < 0.5 ? c.toUpperCase() : c)).join('');
    let hits = 0;
    for (const size of [100, 4096, 4097, 9000, 40_000, 140_000]) {
      for (let round = 0; round < 4; round++) {
        let text = '';
        while (Buffer.byteLength(text) < size) text += flip(words[Math.floor(Math.random() * words.length)]!) + (Math.random() < 0.3 ? 'a'.repeat(Math.floor(Math.random() * 900)) : '');
        const data = Buffer.from(text);
        const bySet = index.windows(data, 'a.txt', undefined);
        expect(index.windows(data, 'a.txt', undefined, locate)).toEqual(bySet);
        hits += bySet.length;
      }
    }
    expect(hits).toBeGreaterThan(100); // the comparison saw rules chosen by their keywords
    // A keyword split across two blocks counts for the first, as the Set reads it with the next block's head.
    const literal = index.literals.find((k) => k.length >= 6)!;
    const data = Buffer.from(`${'a'.repeat(4096 - 3)}${literal}${'a'.repeat(100)}`);
    const k = index.literals.indexOf(literal);
    const found = locator.blocks(data, 4096, Math.max(...index.literals.map((l) => l.length)));
    expect(found[0]).toContain(k);
    expect(found[1]).not.toContain(k);
  });

  it('finds every keyword of a buffer dense with them: its pair list grows, and ill-typed calls throw', () => {
    const index = new KeywordIndex(rules.map((r) => new CompiledRule(r)));
    const hs = prefilterAddon()!;
    const locator = new KeywordLocator({ ...hs, blocks: hs.blocks! }, keywords);
    // 40 literals in each of 400 blocks: 16,000 (block, literal) pairs, twice what it starts with room for.
    const some = index.literals.filter((l) => l.length >= 5).slice(0, 40);
    const block = some.join(' ').padEnd(4096, '.').slice(0, 4096);
    const data = Buffer.from(block.repeat(400));
    const found = locator.blocks(data, 4096, Math.max(...index.literals.map((l) => l.length)));
    expect(found).toHaveLength(400);
    // Each block holds the 40 (and the literals inside them, such as `token` in `access_token`).
    for (const keys of found) for (const l of some) expect(keys).toContain(index.literals.indexOf(l));
    expect(index.windows(data, 'a.txt', undefined, (d, b, r) => locator.blocks(d, b, r))).toEqual(index.windows(data, 'a.txt', undefined));
    const handle = hs.load(keywords.db, keywords.literals.length);
    expect(() => hs.blocks!(handle, data, new Uint8Array(4) as unknown as Int32Array, 4096, 40, new Int32Array(8))).toThrow(/blocks\(/);
    expect(() => hs.blocks!(handle, data, new Int32Array(1), 4096, 40, new Int32Array(8))).toThrow(/without a length/);
    expect(hs.blocks!(handle, data, Int32Array.from(keywords.literals, (l) => l.length), 4096, 40, new Int32Array(8))).toBe(-1);
  });

  it('names no rule in a buffer where none can match, though it holds their keywords', () => {
    const text = 'the word private, a token and a password, nothing secret here: x = 1\n'.repeat(50);
    const named = new Uint8Array(rules.length);
    expect(Prefilter.from(spec)!.scan(Buffer.from(text), named)).toBe(0);
    expect(named.every((n) => n === 0)).toBe(true);
    expect(both(text)).toEqual({ plain: [], filtered: [] });
  });

  it('reads UTF-8 text with each non-ASCII character as one byte: the same findings in text of every script', () => {
    // Non-ASCII characters next to, between and inside what the rules match: each must count as
    // one character, as it does for RE2, or bounded repetitions would differ.
    const examples = rules.flatMap((r) => r.examples.filter((e) => !e.includes('\n')));
    const words = ['données', 'пароль', '密码', 'κωδικός', '😀', 'e\u0301', 'ß'];
    let secrets = 0;
    for (const [i, e] of examples.entries()) {
      const w = words[i % words.length]!;
      const text = `${w} = "${w}"\n${e}\n${w}${e}${w}\nx = "${w.repeat(20)}${e}"\n`;
      const out = both(text);
      expect(out.filtered).toEqual(out.plain);
      secrets += out.plain.length;
    }
    expect(secrets).toBeGreaterThan(examples.length);
    // A generic assignment whose value holds non-ASCII characters: RE2 counts them as one each.
    const r = rules.find((x) => x.id === 'generic-password-assignment')!;
    const out = both(`password = "${randomAlnum(6)}é${randomAlnum(6)}密${randomAlnum(6)}"\n`, examplePath(r));
    expect(out.filtered).toEqual(out.plain);
  });

  it('counts a non-ASCII character once, as RE2 does, at the edge of a bounded repetition', () => {
    const rule = makeRule({ id: 'bounded', regex: 'kw_token = "([^"]{8,10})"', keywords: ['kw_token'] });
    const alone = new Detector([rule]);
    const withPf = new Detector([rule]);
    withPf.usePrefilter(Prefilter.from(prefilterSpec([rule])));
    // 10 characters, 20 bytes: within {8,10} for RE2; a byte count would say 20.
    const text = 'kw_token = "éàüößçñøåî"\n';
    const a = alone.detect(Buffer.from(text), 'a.txt').map(key);
    expect(a).toHaveLength(1);
    expect(withPf.detect(Buffer.from(text), 'a.txt').map(key)).toEqual(a);
  });

  it('leaves to the Detector alone the buffers the collapsed reading cannot stand for', () => {
    // ſ and the Kelvin sign fold onto s and k under (?i): "paſſword" is a password keyword to RE2.
    let value = randomAlnum(20);
    // Not "…xxxx…", and with a digit: twenty letters alone read as a word-like name, not a password.
    while (nonSecretReason(value) !== undefined || !/\d/.test(value)) value = randomAlnum(20);
    const folded = `paſſword = "${value}"\n`;
    const out = both(folded);
    expect(out.plain.length).toBeGreaterThan(0);
    expect(out.filtered).toEqual(out.plain);
    // Invalid UTF-8: RE2 reads each bad byte as one character.
    const r = rules.find((x) => x.id === 'generic-password-assignment')!;
    const bad = Buffer.concat([Buffer.from('\xff\xfe', 'latin1'), Buffer.from(`\n${r.examples[0]}\n`)]);
    const a = plain.detect(bad, examplePath(r)).map(key);
    expect(a.length).toBeGreaterThan(0);
    expect(filtered.detect(bad, examplePath(r)).map(key)).toEqual(a);
  });

  it('allows the collapsed reading only for packs that cannot tell a non-ASCII character from 0x01', () => {
    expect(spec.utf8).toBe(true);
    for (const regex of ['(\\pL{8})', '([^\\x00-\\x1f]{8})', '(é[a-z]{8})', '([[:cntrl:]]x)']) {
      const one = loadPack(BUILTIN_PATTERNS_DIR).slice(0, 1).map((x) => ({ ...x, regex }));
      expect(prefilterSpec(one)?.utf8).toBe(false);
    }
  });

  it('the same findings from `keyward scan` with and without it, on this repository and planted secrets', async () => {
    const t = tempDir();
    try {
      const rule = rules.find((x) => x.id === 'github-pat-fine-grained') ?? rules[0]!;
      // More than 64 files, so the scan goes to the worker threads, where the prefilter runs.
      mkdirSync(join(t.dir, 'src'));
      for (const d of ['src/detect', 'src/scan', 'src/history', 'src/git', 'src/report', 'src/rules', 'src/cli']) {
        for (const f of readdirSync(d)) if (f.endsWith('.ts')) writeFileSync(join(t.dir, 'src', `${d.replace(/\//g, '-')}-${f}`), readFileSync(join(d, f)));
      }
      expect(readdirSync(join(t.dir, 'src')).length).toBeGreaterThan(64);
      writeFileSync(join(t.dir, 'config.env'), `${rule.examples[0]}\n`);
      const run = (env: Record<string, string>) =>
        keywardAsync(['scan', t.dir, '--workers', '2', '--format', 'json'], { env: { ...process.env, NO_COLOR: '1', KEYWARD_CACHE_DIR: cache.dir, ...env } });
      const a = await run({ KEYWARD_PREFILTER: '0' });
      const b = await run({});
      expect(a.code).toBe(1);
      expect(b.code).toBe(1);
      expect(JSON.parse(b.stdout).findings).toEqual(JSON.parse(a.stdout).findings);
    } finally {
      t.cleanup();
    }
  });
});
