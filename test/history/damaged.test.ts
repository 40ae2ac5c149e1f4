import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomAlnum, tempDir } from '../helpers/fake.js';
import { keywardAsync } from '../helpers/cli.js';
import { bySecret, commit, git, initRepo, secretLine, type HistoryReport } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-damaged-')));
afterEach(() => cleanup());

/** Over the 32 MB keyward reads whole: such a blob is streamed from git's output. */
const STREAMED = 34 * 1024 * 1024;

/** git with `input` on stdin. */
function gitIn(cwd: string, args: string[], input: string): string {
  return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
}

function loosePath(repo: string, oid: string): string {
  return join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
}

/** Cuts a loose object's file to half its size (a damaged disk, an interrupted copy). */
function cutLoose(repo: string, oid: string): void {
  const file = loosePath(repo, oid);
  chmodSync(file, 0o644);
  truncateSync(file, Math.floor(statSync(file).size / 2));
}

/**
 * A loose blob whose header declares `declared` bytes but which holds `body`, committed at
 * `path` (git stores what it is given: mktree --missing, no content check). git 2.39 writes the
 * declared size, then the short body, then waits for the next request.
 */
function commitLyingBlob(repo: string, path: string, declared: number, body: Buffer): string {
  const raw = Buffer.concat([Buffer.from(`blob ${declared}\0`), body]);
  const oid = createHash('sha1').update(raw).digest('hex');
  mkdirSync(join(repo, '.git', 'objects', oid.slice(0, 2)), { recursive: true });
  writeFileSync(loosePath(repo, oid), deflateSync(raw));
  const entries = git(repo, ['ls-tree', 'HEAD']).split('\n').filter(Boolean);
  const tree = gitIn(repo, ['mktree', '--missing'], `${[...entries, `100644 blob ${oid}\t${path}`].join('\n')}\n`);
  const c = git(repo, ['commit-tree', '-p', 'HEAD', '-m', `add ${path}`, tree]);
  git(repo, ['update-ref', 'refs/heads/main', c]);
  return oid;
}

/** `keyward history --full` with the report written to a file, as CI runs it. */
async function scanToFile(repo: string, extra: string[] = []): Promise<{ code: number | null; stderr: string; report: HistoryReport }> {
  const out = join(dir, `report-${randomAlnum(6)}.json`);
  const r = await keywardAsync(['history', '--full', '--show-secrets', '--format', 'json', '--output', out, ...extra], { cwd: repo });
  expect(existsSync(out), r.stderr).toBe(true);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(readFileSync(out, 'utf8')) as HistoryReport };
}

function expectOneLineWarnings(stderr: string): void {
  expect(stderr).not.toMatch(/internal error/);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('keyward history: one unreadable blob never costs the scan', () => {
  it('a streamed blob whose loose object is cut short: a warning, exit 3, the report written', async () => {
    const repo = initRepo(join(dir, 'cut'));
    const lines: string[] = [];
    for (let n = 0; lines.length * 48 < STREAMED; n++) lines.push(`line ${n} ${randomAlnum(36)}`);
    commit(repo, { 'dump.txt': `${lines.join('\n')}\n`, 'ok.txt': 'nothing\n' }, 'big');
    const oid = git(repo, ['rev-parse', 'HEAD:dump.txt']);
    cutLoose(repo, oid);
    for (const workers of ['1', '2']) {
      const r = await scanToFile(repo, ['--workers', workers]);
      expect(r.code, r.stderr).toBe(3); // nothing found, but incomplete (README "Exit codes")
      expect(r.report.stats).toMatchObject({ blobsMissing: 1, complete: false });
      expect(r.stderr).toContain(`blob ${oid} could not be read`);
      expectOneLineWarnings(r.stderr);
    }
  }, 300_000);

  it('a loose object declaring 2^45 bytes it does not hold: a warning, and the blobs after it are scanned', async () => {
    const repo = initRepo(join(dir, 'huge'));
    commit(repo, { 'README.md': 'hello\n' }, 'one');
    const huge = commitLyingBlob(repo, 'huge.bin', 2 ** 45, Buffer.from('short\n'.repeat(20)));
    const s = secretLine();
    commit(repo, { 'later.js': `${s.line}\n` }, 'a secret after it');
    const r = await scanToFile(repo, ['--workers', '1']);
    expect(r.code, r.stderr).toBe(1);
    expect(bySecret(r.report, s.secret)).toHaveLength(1);
    expect(r.report.stats).toMatchObject({ blobsMissing: 1, complete: false });
    expect(r.stderr).toContain(`blob ${huge} could not be read`);
    expectOneLineWarnings(r.stderr);
  }, 300_000);

  it('a small loose object shorter than its declared size does not swallow the answers after it', async () => {
    const repo = initRepo(join(dir, 'short'));
    commit(repo, { 'README.md': 'hello\n' }, 'one');
    const liar = commitLyingBlob(repo, 'a-short.txt', 4000, Buffer.from('ten bytes\n'));
    const secrets = [secretLine(), secretLine(), secretLine()];
    commit(repo, Object.fromEntries(secrets.map((s, i) => [`b${i}.js`, `${s.line}\n`])), 'secrets after it');
    for (const workers of ['1', '2']) {
      const r = await scanToFile(repo, ['--workers', workers]);
      expect(r.code, r.stderr).toBe(1);
      for (const [i, s] of secrets.entries()) expect(bySecret(r.report, s.secret).map((f) => f.file)).toEqual([`b${i}.js`]);
      expect(r.report.stats).toMatchObject({ blobsMissing: 1, complete: false });
      expect(r.stderr).toContain(`blob ${liar} could not be read`);
      expectOneLineWarnings(r.stderr);
    }
  }, 300_000);

  it('a truncated pack: its blobs are warnings, the loose ones are still scanned', async () => {
    const repo = initRepo(join(dir, 'pack'));
    const packed = secretLine();
    commit(repo, { 'packed.js': `${packed.line}\n`, 'other.txt': `${randomAlnum(4000)}\n` }, 'one');
    const blob = git(repo, ['rev-parse', 'HEAD:packed.js']);
    // The blobs in a pack of their own (commits and trees stay loose, so the walk is whole).
    gitIn(repo, ['pack-objects', '-q', join(repo, '.git', 'objects', 'pack', 'pack')], `${blob}\n${git(repo, ['rev-parse', 'HEAD:other.txt'])}\n`);
    git(repo, ['prune-packed']);
    const loose = secretLine();
    commit(repo, { 'loose.js': `${loose.line}\n` }, 'two');
    const packDir = join(repo, '.git', 'objects', 'pack');
    const pack = join(packDir, readdirSync(packDir).find((n) => n.endsWith('.pack'))!);
    chmodSync(pack, 0o644);
    truncateSync(pack, Math.floor(statSync(pack).size / 2));
    const r = await scanToFile(repo);
    expect(r.code, r.stderr).toBe(1);
    expect(bySecret(r.report, loose.secret)).toHaveLength(1);
    expect(bySecret(r.report, packed.secret)).toHaveLength(0);
    expect(r.report.stats).toMatchObject({ complete: false });
    expect(r.report.stats.blobsMissing).toBeGreaterThanOrEqual(1);
    expect(r.stderr).toContain(blob);
    expectOneLineWarnings(r.stderr);
  }, 300_000);

  it('a refs/replace/ entry does not swap a blob with a secret for a clean one', async () => {
    const repo = initRepo(join(dir, 'replace'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n` }, 'leak');
    const clean = gitIn(repo, ['hash-object', '-w', '--stdin'], 'const ok = 1;\n');
    git(repo, ['replace', git(repo, ['rev-parse', 'HEAD:a.js']), clean]);
    expect(git(repo, ['show', 'HEAD:a.js'])).toBe('const ok = 1;'); // git itself now shows the clean blob
    const r = await scanToFile(repo);
    expect(r.code, r.stderr).toBe(1);
    expect(bySecret(r.report, s.secret)).toHaveLength(1);
  });
});
