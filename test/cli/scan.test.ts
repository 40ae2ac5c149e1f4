import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, keyward } from '../helpers/cli.js';
import { fakeGenericSecret, tempDir } from '../helpers/fake.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const secretLine = () => {
  const s = fakeGenericSecret(24);
  return { s, line: `const API_KEY = "${s}";\n` };
};
const json = (args: string[], cwd = dir) => {
  const r = keyward(['scan', ...args, '--format', 'json'], { cwd });
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe('keyward scan', () => {
  it('exits 0 on a clean tree and 1 with findings, redacting the secret', () => {
    writeFileSync(join(dir, 'clean.js'), 'const x = 1;\n');
    expect(keyward(['scan', '.'], { cwd: dir }).code).toBe(0);
    const { s, line } = secretLine();
    writeFileSync(join(dir, 'app.js'), `// config\n${line}`);
    const r = json(['.']);
    expect(r.code).toBe(1);
    expect(r.report.findings).toHaveLength(1);
    expect(r.report.findings[0]).toMatchObject({ file: 'app.js', line: 2, column: 18, ruleId: 'generic-secret-assignment' });
    expect(r.stdout).not.toContain(s);
    expect(r.report.findings[0].secret).toBe(`${s.slice(0, 4)}…`);
    const shown = json(['.', '--show-secrets']);
    expect(shown.report.findings[0].secret).toBe(s);
  });

  it('reads files whose names are not valid UTF-8, alone and in a pool', () => {
    // Latin-1 bytes: "caf\xe9.js" and "r\xe9pertoire/cl\xe9.js", as an old archive may hold them.
    const base = Buffer.from(`${dir}/`);
    const odd = Buffer.concat([base, Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('.js')]);
    const oddDir = Buffer.concat([base, Buffer.from([0x72, 0xe9, 0x70])]);
    mkdirSync(oddDir);
    const inner = Buffer.concat([oddDir, Buffer.from('/cl'), Buffer.from([0xe9]), Buffer.from('.js')]);
    const a = secretLine();
    const b = secretLine();
    writeFileSync(odd, a.line);
    writeFileSync(inner, b.line);
    // Enough other files that --workers 2 hands batches to worker threads.
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `f${i}.txt`), `plain ${i}\n`);
    for (const workers of ['1', '2']) {
      const r = json(['.', '--show-secrets', '--workers', workers]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.report.findings.map((f: { secret: string }) => f.secret).sort()).toEqual([a.s, b.s].sort());
      expect(r.report.stats).toMatchObject({ unreadable: 0, complete: true, files: 302 });
      expect(r.report.stats.workers).toBe(workers === '2' ? 2 : 0);
    }
  });

  it('reads a pipe named on the command line to its end (process substitution)', () => {
    const { s, line } = secretLine();
    writeFileSync(join(dir, 'app.js'), `${line}\n`);
    // bash's <(...) names a pipe such as /dev/fd/63: its size is 0 until read.
    const out = execFileSync('bash', ['-c', `"${process.execPath}" "${CLI}" scan <(cat app.js) --format json --show-secrets || true`], { cwd: dir }).toString();
    const report = JSON.parse(out) as { findings: { secret: string }[]; stats: { bytes: number } };
    expect(report.findings.map((f) => f.secret)).toEqual([s]);
    expect(report.stats.bytes).toBe(line.length + 1);
  });

  it('refuses an --output it cannot write before scanning, in one line', () => {
    writeFileSync(join(dir, 'clean.js'), 'const x = 1;\n');
    for (const [output, why] of [
      [join(dir, 'missing', 'out.json'), 'no such directory'],
      [dir, 'it is a directory'],
    ] as const) {
      const r = keyward(['scan', '.', '--format', 'json', '--output', output], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`keyward: cannot write --output ${output}: ${why}\n`);
    }
    const ok = keyward(['scan', '.', '--format', 'json', '--output', join(dir, 'out.json')], { cwd: dir });
    expect(ok.code).toBe(0);
  });

  it('exits 2 on usage errors and bad config, with one line and no stack', () => {
    const bad = keyward(['scan', '--format', 'yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    writeFileSync(join(dir, 'keyward.toml'), '[allow]\npaths = "not-a-list"\n');
    const cfg = keyward(['scan', '.'], { cwd: dir });
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/keyward\.toml: "allow\.paths" must be an array of strings/);
    expect(cfg.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('reads stdin with "-"', () => {
    const { line } = secretLine();
    const r = keyward(['scan', '-', '--format', 'json'], { cwd: dir, input: `x\n${line}` });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: '-', line: 2 });
  });

  it('skips binary files, honours .gitignore unless --no-ignore, and --max-file-size', () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const { line } = secretLine();
    writeFileSync(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(line)]));
    writeFileSync(join(dir, '.gitignore'), 'ignored/\n');
    mkdirSync(join(dir, 'ignored'));
    writeFileSync(join(dir, 'ignored', 'x.env'), line);
    writeFileSync(join(dir, 'big.txt'), `${'a'.repeat(5000)}\n${line}`);
    const r = json(['.']);
    expect(r.report.findings.map((f: { file: string }) => f.file)).toEqual(['big.txt']);
    expect(r.report.stats.skippedBinary).toBe(1);
    const all = json(['.', '--no-ignore']);
    expect(all.report.findings.map((f: { file: string }) => f.file).sort()).toEqual(['big.txt', 'ignored/x.env']);
    const small = json(['.', '--max-file-size', '1KB']);
    expect(small.report.findings).toHaveLength(0);
    expect(small.report.stats.skippedTooLarge).toBe(1);
  });

  it('never follows a symlink out of the scanned root', () => {
    const outside = tempDir();
    try {
      writeFileSync(join(outside.dir, 'secret.env'), secretLine().line);
      mkdirSync(join(dir, 'root'));
      symlinkSync(join(outside.dir, 'secret.env'), join(dir, 'root', 'link.env'));
      symlinkSync(outside.dir, join(dir, 'root', 'linkdir'));
      const r = json(['root']);
      expect(r.code).toBe(0);
      expect(r.report.findings).toHaveLength(0);
    } finally {
      outside.cleanup();
    }
  });

  it('keeps a job the main thread finishes quickly off the pool by default', () => {
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `f${i}.js`), i === 7 ? secretLine().line : `const v${i} = ${i};\n`);
    const auto = json(['.']);
    expect(auto.report.stats).toMatchObject({ files: 300, workers: 0 });
    expect(auto.report.findings).toHaveLength(1);
    expect(json(['.', '--workers', '2']).report.stats.workers).toBe(2);
  });

  it('sends a walk of more than 4,096 files to the pool at once, by default, with every finding', () => {
    for (let d = 0; d < 9; d++) {
      mkdirSync(join(dir, `d${d}`));
      for (let i = 0; i < 500; i++) writeFileSync(join(dir, `d${d}`, `f${i}.js`), i % 100 === 3 ? secretLine().line : `const v${i} = ${i};\n`);
    }
    const auto = json(['.']);
    expect(auto.report.stats).toMatchObject({ files: 4500, workers: expect.any(Number) });
    expect(auto.report.stats.workers).toBeGreaterThan(0);
    expect(auto.report.findings).toHaveLength(45);
    expect(auto.report.findings).toEqual(json(['.', '--workers', '1']).report.findings);
  });

  it('gives the same findings with 1 worker and with a pool', () => {
    for (let i = 0; i < 150; i++) {
      mkdirSync(join(dir, `d${i % 7}`), { recursive: true });
      writeFileSync(join(dir, `d${i % 7}`, `f${i}.js`), i % 10 === 0 ? `x\n${secretLine().line}` : `const v${i} = ${i};\n`);
    }
    const one = json(['.', '--workers', '1']);
    const pool = json(['.', '--workers', '2']);
    expect(one.report.findings).toHaveLength(15);
    expect(pool.report.stats.workers).toBe(2);
    expect(pool.report.findings).toEqual(one.report.findings);
  });

  it('reads files of every size alike with 1 worker and with a pool: streamed, skipped, unreadable', () => {
    const filler = (n: number) => 'x = compute(a, b) + 42; // ordinary\n'.repeat(Math.ceil(n / 36)).slice(0, n);
    const lineAfter = (n: number) => filler(n).split('\n').length; // the line a secret after n filler bytes is on
    const mid = secretLine();
    const big = secretLine();
    // In name order: a large file read whole, then a short one (it reuses the read buffer and must
    // see only its own bytes), then one streamed in windows (over 4 MiB).
    writeFileSync(join(dir, 'a-mid.txt'), `${filler(300_000)}${mid.line}`);
    writeFileSync(join(dir, 'b-short.txt'), 'tiny\n');
    writeFileSync(join(dir, 'c-big.txt'), `${filler(5 * 1024 * 1024)}${big.line}`);
    writeFileSync(join(dir, 'd-empty.txt'), '');
    for (let i = 0; i < 80; i++) writeFileSync(join(dir, `f${i}.js`), i % 20 === 0 ? secretLine().line : filler(100 + i * 97));
    // A file whose absolute path is too long to open, in a directory that can still be listed.
    const cwd = process.cwd();
    let deep = dir;
    try {
      process.chdir(dir);
      while (deep.length < 3850) {
        mkdirSync('n'.repeat(200));
        process.chdir('n'.repeat(200));
        deep = join(deep, 'n'.repeat(200));
      }
      writeFileSync(`${'f'.repeat(240)}.txt`, secretLine().line);
    } finally {
      process.chdir(cwd);
    }
    try {
      const one = json(['.', '--workers', '1']);
      const pool = json(['.', '--workers', '2']);
      expect(pool.report.stats.workers).toBe(2);
      for (const r of [one, pool]) {
        const files = r.report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
        expect(files).toEqual([`a-mid.txt:${lineAfter(300_000)}`, `c-big.txt:${lineAfter(5 * 1024 * 1024)}`, 'f0.js:1', 'f20.js:1', 'f40.js:1', 'f60.js:1']);
        expect(r.report.stats).toMatchObject({ files: 84, unreadable: 1, skippedTooLarge: 0, complete: false });
        expect(r.stderr).toMatch(/could not read n{200}\/(n{200}\/)+f{240}\.txt: ENAMETOOLONG\n/);
      }
      expect(pool.report.findings).toEqual(one.report.findings);
      expect(pool.report.stats.bytes).toBe(one.report.stats.bytes);
      const small = json(['.', '--max-file-size', '100KB', '--workers', '2']);
      expect(small.report.stats).toMatchObject({ skippedTooLarge: 2, files: 82 });
      expect(small.report.findings).toHaveLength(4);
    } finally {
      execFileSync('rm', ['-rf', join(dir, 'n'.repeat(200))]); // deeper than rmSync can reach
    }
  });

  it('writes the report to --output', () => {
    writeFileSync(join(dir, 'a.env'), secretLine().line);
    const r = keyward(['scan', 'a.env', '--format', 'json', '--output', 'out.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(execFileSync('cat', [join(dir, 'out.json')], { encoding: 'utf8' })).findings).toHaveLength(1);
  });
});

describe('rule errors name file, rule and reason', () => {
  const pack = (body: string) => {
    mkdirSync(join(dir, 'rules'), { recursive: true });
    writeFileSync(join(dir, 'rules', 'p.toml'), body);
    return keyward(['scan', '.', '--rules', 'rules'], { cwd: dir });
  };
  const rule = (extra: string) => `[[rules]]\nid = "r1"\ntitle = "t"\nprovider = "p"\nkind = "api-token"\nrisk = "low"\nkeywords = ["zz_"]\n${extra}\n`;

  it.each([
    ['malformed TOML', '[[rules]\nid=', /p\.toml: TOML syntax error at line 1/],
    ['an unknown field', rule(`regex = '(zz_[0-9]{8})'\nexamples = ["zz_48151623"]\nflavour = "x"`), /p\.toml \[rule r1\]: unknown field "flavour"/],
    ['an invalid regex', rule(`regex = '(zz_[0-9]{8}'\nexamples = ["zz_48151623"]`), /p\.toml \[rule r1\]: invalid RE2 regex/],
    ['a failing example', rule(`regex = '(zz_[0-9]{8})'\nexamples = ["zz_4815"]`), /p\.toml \[rule r1\]: example 1 not reported/],
    ['a bad kind', rule(`regex = '(zz_[0-9]{8})'\nexamples = ["zz_48151623"]`).replace('api-token', 'apitoken'), /\[rule r1\]: unknown kind "apitoken"/],
  ])('%s', (_what, body, message) => {
    const r = pack(body);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
