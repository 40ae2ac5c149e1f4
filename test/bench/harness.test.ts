import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-ignore plain .mjs bench scripts carry no types
import { bench, median, ratio, summarize, table, writeSection } from '../../bench/lib/index.mjs';
// @ts-ignore plain .mjs bench scripts carry no types
import { dropLines, fakeGithubToken, writeBigFile } from '../../bench/scan/bigfile.mjs';
import { VALIDATORS } from '../../src/rules/validators.js';

const tmp = mkdtempSync(join(tmpdir(), 'kw-bench-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = () => {};

describe('bench harness', () => {
  it('computes medians and throughput', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const s = summarize('x', [{ ms: 500, rssKB: 2048 }, { ms: 1000, rssKB: 4096 }, { ms: 2000, rssKB: 1024 }], 100 * 1024 * 1024);
    expect(s).toMatchObject({ median: 1000, min: 500, max: 2000, rssMedianMB: 2, rssMaxMB: 4, mbps: 100 });
  });

  it('runs commands round-robin after the warm-up and checks exit codes', async () => {
    const log = join(tmp, 'order');
    const cmd = (name: string, code = 0) => ({ name, shell: `echo ${name} >> '${log}'; exit ${code}`, okCodes: [0, 1] });
    const res = await bench([cmd('a'), cmd('b', 1)], { runs: 2, warmup: 1, log: quiet });
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(res.a.runs).toBe(2);
    expect(res.a.rssMaxMB).toBeGreaterThan(0);
    expect(ratio(res, 'a', 'b')).toBeGreaterThan(0);
    await expect(bench([{ name: 'bad', shell: 'echo boom >&2; exit 2' }], { runs: 1, log: quiet })).rejects.toThrow(/bad failed \(exit 2\)[\s\S]*boom/);
  });

  it('replaces its own section of RESULTS.md and keeps the others', () => {
    const file = join(tmp, 'RESULTS.md');
    const machine = { cpus: 2, memGB: 4, cpu: 'cpu', node: 'v20', kernel: 'Linux', load: '0', rev: 'abc' };
    writeSection({ file, name: 'scan', command: 'node a.mjs', body: 'first', machine });
    writeSection({ file, name: 'history', command: 'node b.mjs', body: 'other', machine });
    writeSection({ file, name: 'scan', command: 'node a.mjs --runs 3', body: table(['a', 'b'], [[1, 'x|y']]), machine });
    const doc = readFileSync(file, 'utf8');
    expect(doc).not.toContain('first');
    expect(doc).toContain('other');
    expect(doc).toContain('`node a.mjs --runs 3`');
    expect(doc).toContain('| 1 | x\\|y |');
    expect(doc.indexOf('## scan')).toBeLessThan(doc.indexOf('## history'));
    expect(doc.match(/## scan/g)).toHaveLength(1);
  });
});

describe('big file generator', () => {
  it('makes GitHub-format tokens with a valid checksum', () => {
    for (let i = 0; i < 20; i++) expect(VALIDATORS['github-crc32']!(fakeGithubToken())).toBe(true);
  });

  it('plants credentials at the lines it reports, including near the end', () => {
    const block = dropLines('a = 1\nsecret = 2\nb = 3\n', new Set([2]));
    expect(block).toBe('a = 1\nb = 3\n');
    const file = join(tmp, 'big.txt');
    const { bytes, planted } = writeBigFile(file, block.repeat(20_000), { sizeMb: 2, everyMb: 0.5 });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(bytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(planted.length).toBeGreaterThanOrEqual(9);
    for (const p of planted) expect(lines[p.line - 1]).toContain(p.secret);
    expect(planted.at(-1).line).toBeGreaterThan(lines.length - 200_000);
  });
});
