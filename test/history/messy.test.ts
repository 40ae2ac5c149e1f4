import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { bySecret, commit, envTokenPack, git, history, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-')));
afterEach(() => cleanup());

/**
 * A source repository with `n` commits and a secret in the first one (deleted in the second when
 * `deleted`), served to clones over file://.
 */
function source(n: number, deleted = false): { repo: string; secret: string; url: string } {
  const repo = initRepo(join(dir, 'src'));
  const s = secretLine();
  commit(repo, { 'leak.js': `${s.line}\n` }, 'leak');
  for (let i = 1; i < n; i++) commit(repo, { [`f${i}.txt`]: `file ${i}\n`, ...(deleted && i === 1 ? { 'leak.js': null } : {}) }, `c${i}`);
  git(repo, ['config', 'uploadpack.allowFilter', 'true']);
  return { repo, secret: s.secret, url: `file://${repo}` };
}

function packedObjects(repo: string): number {
  const out = git(repo, ['count-objects', '-v']);
  return Number(/in-pack: (\d+)/.exec(out)![1]) + Number(/^count: (\d+)/m.exec(out)![1]);
}

describe('keyward history: messy repositories', () => {
  it('exits 0 on an empty repository', () => {
    const repo = initRepo(join(dir, 'empty'));
    const r = history(repo);
    expect(r.code).toBe(0);
    expect(r.report.findings).toEqual([]);
    expect(r.report.stats).toMatchObject({ commits: 0, blobs: 0, complete: true });
  });

  it('fails with one line outside a repository and on unknown revisions', () => {
    const r = keyward(['history', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a git repository/);
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'one');
    const bad = keyward(['history', '--branch', 'nope'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--branch nope: no such commit/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('marks a shallow clone incomplete (exit 3 when nothing is found in what is there)', () => {
    const src = source(4, true);
    const clone = join(dir, 'shallow');
    git(dir, ['clone', '-q', '--depth', '2', src.url, clone]);
    const r = history(clone);
    expect(r.code).toBe(3);
    expect(r.report.stats.complete).toBe(false);
    expect(r.report.findings).toEqual([]);
    expect(r.stderr).toMatch(/warning: shallow clone/);
    expect(r.report.warnings.join('\n')).toMatch(/shallow clone/);
    // Deepened: the next run walks again and finds the secret.
    git(clone, ['fetch', '-q', '--unshallow']);
    const deep = history(clone, ['--show-secrets']);
    expect(deep.code).toBe(1);
    expect(bySecret(deep.report, src.secret)).toHaveLength(1);
    expect(deep.report.stats.complete).toBe(true);
  });

  it('counts the blobs a partial clone lacks without downloading them, and scans the rest', () => {
    const src = source(3);
    const clone = join(dir, 'partial');
    git(dir, ['clone', '-q', '--filter=blob:none', '--no-checkout', src.url, clone]);
    const before = packedObjects(clone);
    const r = history(clone);
    expect(r.code).toBe(3);
    expect(r.report.stats).toMatchObject({ blobsMissing: 3, complete: false, files: 0 });
    expect(r.stderr).toMatch(/partial clone/);
    expect(packedObjects(clone)).toBe(before); // nothing was fetched
    // The text report says the scan is incomplete.
    const text = keyward(['history', '--no-progress'], { cwd: clone });
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/scan incomplete: 3 blobs missing from the object store/);
    // Once the blobs are there (the fetch the warning suggests), the blobs the cache
    // remembered as missing are scanned.
    git(clone, ['-c', 'remote.origin.partialclonefilter=', 'fetch', '-q', '--refetch', 'origin']);
    const later = history(clone, ['--show-secrets']);
    expect(later.report.stats.blobsMissing).toBe(0);
    expect(bySecret(later.report, src.secret)).toHaveLength(1);
    expect(later.code).toBe(1);
  });

  it('survives an object deleted from the store: warns, counts it, reports the rest', () => {
    const repo = initRepo(join(dir, 'r'));
    const kept = secretLine();
    const lost = secretLine();
    commit(repo, { 'kept.js': `${kept.line}\n` }, 'one');
    commit(repo, { 'lost.js': `${lost.line}\n` }, 'two');
    const oid = git(repo, ['rev-parse', 'HEAD:lost.js']);
    rmSync(join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
    const r = history(repo, ['--show-secrets']);
    expect(r.code).toBe(1); // a finding was made; the summary says the scan is incomplete
    expect(bySecret(r.report, kept.secret)).toHaveLength(1);
    expect(r.report.stats).toMatchObject({ blobsMissing: 1, complete: false });
    expect(r.stderr).toContain(`blob ${oid} is missing`);
    expect(r.stderr).toMatch(/scan incomplete/);
  });

  it('reports a walk stopped by a missing tree as incomplete, and walks again next time', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'old/a.txt': 'a\n' }, 'one');
    commit(repo, { 'mid/b.txt': 'b\n' }, 'two');
    commit(repo, { 'new/c.txt': 'c\n' }, 'three');
    const tree = git(repo, ['rev-parse', 'HEAD~1:mid']);
    rmSync(join(repo, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
    const r = history(repo);
    expect(r.code).toBe(3);
    expect(r.report.stats.complete).toBe(false);
    expect(r.stderr).toMatch(/history walk stopped early.*unable to read tree/);
    // The stopped walk is not remembered as done: the next run does not claim completeness.
    expect(history(repo).code).toBe(3);
  });

  it('scans UTF-16 blobs (a byte-order mark first) as text', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# config\r\n${s.line}\r\n`, 'utf16le')]);
    commit(repo, { 'app.config': utf16 }, 'utf16');
    const r = history(repo, ['--show-secrets']);
    expect(r.code).toBe(1);
    expect(bySecret(r.report, s.secret).map((f) => [f.file, f.line])).toEqual([['app.config', 2]]);
    expect(r.report.stats.skippedBinary).toBe(0);
  });

  it('skips binary blobs (counted), does not enter submodules, and scans a detached HEAD', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`${s.line}\n`)]), 'ok.txt': 'ok\n' }, 'binary');
    // A gitlink (submodule entry) to a commit of another repository.
    const other = initRepo(join(dir, 'other'));
    const sub = commit(other, { 'x.txt': 'x\n' }, 'sub');
    git(repo, ['update-index', '--add', '--cacheinfo', `160000,${sub},vendor/lib`]);
    git(repo, ['commit', '-q', '-m', 'add submodule']);
    git(repo, ['checkout', '-q', '--detach']);
    const t = secretLine();
    const detached = commit(repo, { 'detached.js': `${t.line}\n` }, 'on a detached HEAD');
    git(repo, ['checkout', '-q', 'main']);
    git(repo, ['checkout', '-q', detached]);
    const r = history(repo, ['--show-secrets']);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(['detached.js']);
    expect(r.report.stats).toMatchObject({ skippedBinary: 1, files: 2, complete: true, commits: 3 });
  });

  it('streams a blob larger than the in-memory limit and finds a secret at its end', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    const lines = 'x'.repeat(99) + '\n';
    const big = lines.repeat(Math.ceil((34 * 1024 * 1024) / lines.length));
    const lineCount = big.length / lines.length;
    commit(repo, { 'big.txt': `${big}${s.line}\n` }, 'big');
    const r = history(repo, ['--show-secrets']);
    expect(r.code).toBe(1);
    expect(r.report.findings).toMatchObject([{ file: 'big.txt', line: lineCount + 1, column: 18, secret: s.secret }]);
    expect(statSync(join(repo, 'big.txt')).size).toBeGreaterThan(32 * 1024 * 1024);
  });

  it('streams a huge blob once per path class it sits under', () => {
    const repo = initRepo(join(dir, 'r'));
    const { packs, token } = envTokenPack(dir);
    const filler = `${'y'.repeat(99)}\n`.repeat(Math.ceil((33 * 1024 * 1024) / 100));
    const content = `${filler}TOKEN=${token}\n`;
    commit(repo, { 'dump.txt': content, 'prod.env': content }, 'one huge blob, two paths');
    const r = history(repo, ['--rules', packs, '--show-secrets']);
    expect(r.code).toBe(1);
    expect(r.report.findings).toMatchObject([{ file: 'prod.env', secret: token, line: filler.length / 100 + 1, locations: [] }]);
    expect(r.report.stats).toMatchObject({ blobs: 1, files: 1, complete: true });
  });

  it('renders every output format, SARIF with partial fingerprints and provenance', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    const c = commit(repo, { 'a.js': `${s.line}\n` }, 'one');
    commit(repo, { 'b.js': `x\n${s.line}\n` }, 'two');
    const sarif = keyward(['history', '--format', 'sarif'], { cwd: repo });
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    const res = log.runs[0].results;
    expect(res).toHaveLength(1);
    expect(res[0].partialFingerprints['keyward/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(res[0].properties).toMatchObject({ commit: c, pushed: false });
    expect(res[0].relatedLocations).toHaveLength(1);
    expect(log.runs[0].properties.mode).toBe('history');
    for (const format of ['csv', 'junit', 'text']) {
      const r = keyward(['history', '--format', format], { cwd: repo });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain(s.secret);
    }
    // keyward's own files: the cache and the audit log (first-seen entries); none holds the secret.
    const own = readdirSync(join(repo, '.git', 'keyward'));
    expect(own.sort()).toEqual(['audit.jsonl', 'audit.jsonl.head', 'history.cache']);
    for (const f of own) expect(readFileSync(join(repo, '.git', 'keyward', f)).includes(s.secret)).toBe(false);
  });
});
