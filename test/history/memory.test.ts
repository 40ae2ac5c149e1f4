import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { runAsync } from '../hooks/helpers.js';
import { tempDir } from '../helpers/fake.js';
import { bySecret, commit, git, initRepo, secretLine, type HistoryReport } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-memory-')));
afterEach(() => cleanup());

const MB = 1024 * 1024;
/** The size issue 16 names: one such blob may raise keyward's peak memory by its size once, no more. */
const BIG = 300 * MB;

const GNU_TIME = '/usr/bin/time';

/**
 * `keyward history --full`: the peak RSS of keyward's own process (main and worker threads,
 * from a preload that reports ru_maxrss at exit) and, with GNU time, of the largest process of
 * the whole tree (git's included).
 */
async function scanPeak(repo: string): Promise<{ node: number; tree?: number; report: HistoryReport; stderr: string }> {
  const preload = join(dir, 'peak.cjs');
  writeFileSync(preload, 'process.on("exit", () => process.stderr.write(`\\npeak-rss ${process.resourceUsage().maxRSS * 1024}\\n`));\n');
  const argv = [process.execPath, '-r', preload, CLI, 'history', '--full', '--no-cache', '--show-secrets', '--format', 'json'];
  const timeFile = join(dir, 'time.txt');
  const timed = existsSync(GNU_TIME);
  // Not spawnSync: a scan of 300 MB on a busy machine must not block the test worker (vitest's RPC).
  const r = timed ? await runAsync(GNU_TIME, ['-f', '%M', '-o', timeFile, ...argv], repo) : await runAsync(argv[0]!, argv.slice(1), repo);
  const node = Number(/peak-rss (\d+)/.exec(r.stderr)?.[1]);
  expect(node, r.stderr).toBeGreaterThan(0);
  const tree = timed ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) * 1024 : undefined;
  return { node, ...(tree ? { tree } : {}), report: JSON.parse(r.stdout) as HistoryReport, stderr: r.stderr };
}

describe('keyward history: memory', () => {
  it('a 300 MB blob is streamed: it raises peak memory, git included, by less than half its size', async () => {
    const s = secretLine();
    const base = initRepo(join(dir, 'base'));
    const big = initRepo(join(dir, 'big'));
    for (const repo of [base, big]) commit(repo, { 'small.js': 'const a = 1;\n' }, 'small');
    // Barely compressed: git writes it in seconds.
    git(big, ['config', 'core.looseCompression', '1']);
    const file = join(big, 'dump.sql');
    const fd = openSync(file, 'w');
    const line = 'INSERT INTO t VALUES (1, "lorem ipsum dolor sit amet, consectetur adipiscing");\n';
    const chunk = Buffer.from(line.repeat(Math.floor(MB / line.length)));
    for (let n = 0; n < BIG; n += chunk.length) writeSync(fd, chunk);
    writeSync(fd, `${s.line}\n`); // at the very end: found only if the whole blob was scanned
    closeSync(fd);
    for (const args of [['add', 'dump.sql'], ['commit', '-q', '-m', 'a dump'], ['-c', 'pack.compression=1', 'repack', '-adq']]) {
      const g = await runAsync('git', args, big); // repack: where a history's big blobs are
      expect(g.code, g.stderr).toBe(0);
    }

    const without = await scanPeak(base);
    const withBig = await scanPeak(big);
    expect(bySecret(withBig.report, s.secret)).toHaveLength(1);
    expect(withBig.report.stats).toMatchObject({ complete: true, blobs: 2 });
    expect(withBig.report.stats.bytes).toBeGreaterThan(BIG);
    const mb = (n: number) => `${Math.round(n / MB)} MB`;
    expect(withBig.node - without.node, `keyward ${mb(without.node)} -> ${mb(withBig.node)}`).toBeLessThan(BIG / 2);
    // git's processes too: cat-file streams a blob this large (core.bigFileThreshold) instead of holding it.
    if (withBig.tree && without.tree) expect(withBig.tree - without.tree, `largest process ${mb(without.tree)} -> ${mb(withBig.tree)}`).toBeLessThan(BIG / 2);
  }, 300_000);
});
