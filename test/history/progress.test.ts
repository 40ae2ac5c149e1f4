import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateMs, formatRate } from '../../src/history/progress.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commit, envTokenPack, historyAsync, initRepo } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-progress-')));
afterEach(() => cleanup());

/** What a terminal showed for the CLI run under a pseudo-terminal (util-linux `script`). */
function onTerminal(cwd: string, args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  return spawnSync('script', ['-qfec', cmd, '/dev/null'], { cwd, env, encoding: 'utf8' }).stdout;
}

/** Every frame of the bar: [done, total]. */
function frames(screen: string): Array<[number, number]> {
  return [...screen.matchAll(/(\d+)\/(\d+) blobs \|/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('history progress bar', () => {
  it('ends at the count the summary gives, full and incremental, with the rate in MB/s', () => {
    const repo = initRepo(join(dir, 'r'));
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${i}.txt`] = `file ${i}\n`.repeat(50);
    commit(repo, files, 'one');
    const out = join(dir, 'out.json');
    const first = onTerminal(repo, ['history', '-f', 'json', '-o', out]);
    expect(first).toMatch(/keyward history: no secrets in 1 commit, 40 blobs;/);
    expect(frames(first).at(-1)).toEqual([40, 40]);
    expect(first).toMatch(/40\/40 blobs \| [\d.]+ KB \| \d+\.\d MB\/s/);

    commit(repo, { 'g.txt': 'new\n', 'h.txt': 'newer\n' }, 'two');
    const second = onTerminal(repo, ['history', '-f', 'json', '-o', out]);
    // The summary counts every blob of the history, cached or not: so does the bar's last frame.
    expect(second).toMatch(/keyward history: no secrets in 2 commits, 42 blobs, 40 cached;/);
    expect(frames(second).at(-1)).toEqual([42, 42]);
    for (const [done, total] of frames(second)) expect(done).toBeLessThanOrEqual(total);
  });

  it('gives no ETA until the total is known and a second has passed, then the time left at the rate so far', () => {
    expect(estimateMs(10, 100, 5000, false)).toBeUndefined(); // the walk still finds blobs
    expect(estimateMs(0, 100, 5000, true)).toBeUndefined();
    expect(estimateMs(10, 100, 500, true)).toBeUndefined();
    expect(estimateMs(100, 100, 5000, true)).toBeUndefined();
    expect(estimateMs(25, 100, 5000, true)).toBe(15_000);
  });

  it('shows the rate in MB/s with one decimal', () => {
    expect(formatRate(0, 0)).toBe('0.0 MB/s');
    expect(formatRate(250_000, 1000)).toBe('0.3 MB/s');
    expect(formatRate(2_120_000_000, 10_000)).toBe('212.0 MB/s');
  });
});

describe('history stats', () => {
  it('files and bytes are the unique blobs read, the same in every identical run', async () => {
    // A path-scoped rule makes *.env a path class of its own; the same content in a.txt (first
    // commit) and later in b.env is scanned once per class. The walk meets b.env first, and its
    // job is sent long before a.txt comes (hundreds of blobs in between): it is read twice.
    const { packs } = envTokenPack(dir);
    const repo = initRepo(join(dir, 'r'));
    const shared = 'shared content\n'.repeat(20);
    commit(repo, { 'a.txt': shared }, 'first');
    for (let c = 0; c < 3; c++) {
      const files: Record<string, string> = {};
      for (let i = 0; i < 200; i++) files[`d${c}/f${i}.txt`] = `commit ${c} file ${i}\n`;
      commit(repo, files, `filler ${c}`);
    }
    commit(repo, { 'b.env': shared }, 'same content, another class');

    const listed = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)'], { cwd: repo }).toString();
    const blobs = listed.split('\n').filter((l) => l.startsWith('blob '));
    const expected = { files: blobs.length, bytes: blobs.reduce((n, l) => n + Number(l.split(' ')[1]), 0) };
    expect(expected.files).toBe(601);

    for (const workers of ['1', '2', '1', '2']) {
      const r = await historyAsync(repo, ['--no-cache', '-w', workers, '--rules', packs]);
      expect(r.code).toBe(0);
      expect({ files: r.report.stats.files, bytes: r.report.stats.bytes }).toEqual(expected);
    }
  });
});
