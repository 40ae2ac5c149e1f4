import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { bySecret, commit, git, initRepo, secretLine, type HistoryReport } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-memory-')));
afterEach(() => cleanup());

const MB = 1024 * 1024;
/** The size issue 16 names: one such blob may raise keyward's peak memory by its size once, no more. */
const BIG = 300 * MB;

/**
 * `keyward history --full` with a preload that reports the process's own peak RSS (ru_maxrss:
 * the main thread and the worker threads; git's processes are their own) when it exits.
 */
function scanPeak(repo: string): { peak: number; report: HistoryReport; stderr: string } {
  const preload = join(dir, 'peak.cjs');
  writeFileSync(preload, 'process.on("exit", () => process.stderr.write(`\\npeak-rss ${process.resourceUsage().maxRSS * 1024}\\n`));\n');
  const r = spawnSync(process.execPath, ['-r', preload, CLI, 'history', '--full', '--no-cache', '--show-secrets', '--format', 'json'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const peak = Number(/peak-rss (\d+)/.exec(r.stderr)?.[1]);
  expect(peak, r.stderr).toBeGreaterThan(0);
  return { peak, report: JSON.parse(r.stdout) as HistoryReport, stderr: r.stderr };
}

describe('keyward history: memory', () => {
  it('a 300 MB blob raises peak memory by less than its own size (streamed, never held twice)', () => {
    const s = secretLine();
    const base = initRepo(join(dir, 'base'));
    const big = initRepo(join(dir, 'big'));
    for (const repo of [base, big]) commit(repo, { 'small.js': 'const a = 1;\n' }, 'small');
    // Stored uncompressed: git writes it in seconds; keyward reads it through git all the same.
    git(big, ['config', 'core.looseCompression', '0']);
    const file = join(big, 'dump.sql');
    const fd = openSync(file, 'w');
    const line = 'INSERT INTO t VALUES (1, "lorem ipsum dolor sit amet, consectetur adipiscing");\n';
    const chunk = Buffer.from(line.repeat(Math.floor(MB / line.length)));
    for (let n = 0; n < BIG; n += chunk.length) writeSync(fd, chunk);
    writeSync(fd, `${s.line}\n`); // at the very end: found only if the whole blob was scanned
    closeSync(fd);
    git(big, ['add', 'dump.sql']);
    git(big, ['commit', '-q', '-m', 'a dump']);

    const without = scanPeak(base);
    const withBig = scanPeak(big);
    expect(bySecret(withBig.report, s.secret)).toHaveLength(1);
    expect(withBig.report.stats).toMatchObject({ complete: true, blobs: 2 });
    expect(withBig.report.stats.bytes).toBeGreaterThan(BIG);
    const raised = withBig.peak - without.peak;
    expect(raised, `peak ${Math.round(without.peak / MB)} MB -> ${Math.round(withBig.peak / MB)} MB`).toBeLessThan(BIG);
  }, 300_000);
});
