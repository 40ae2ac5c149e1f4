import { chmodSync, closeSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomAlnum, tempDir } from '../helpers/fake.js';
import { bySecret, commit, envTokenPack, git, history, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-packs-')));
afterEach(() => cleanup());

/** More blobs than a scan keeps on the main thread, so worker threads read them. */
const FILES = 320;

interface Planted {
  repo: string;
  /** In a blob the pack stores whole. */
  whole: { secret: string; oid: string };
  /** In a version git stores as a delta of another. */
  delta: { secret: string; oid: string };
  /** In a loose object written after the repack. */
  loose: { secret: string; oid: string };
}

function plant(): Planted {
  const repo = initRepo(join(dir, 'repo'));
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) files[`src/f${i}.txt`] = `file ${i} ${randomAlnum(40)}\n`;
  const whole = secretLine();
  files['src/zz-config.js'] = `${whole.line}\n`;
  // Two versions of a file, both with the secret: git stores one of them as a delta of the other.
  const delta = secretLine();
  const lines = Array.from({ length: 300 }, (_, i) => `// line ${i} ${randomAlnum(30)}`);
  lines[150] = delta.line;
  files['src/big.js'] = lines.join('\n');
  commit(repo, files, 'many files');
  const versions = [git(repo, ['rev-parse', 'HEAD:src/big.js'])];
  lines[20] = '// edited';
  commit(repo, { 'src/big.js': lines.join('\n') }, 'edit big');
  versions.push(git(repo, ['rev-parse', 'HEAD:src/big.js']));
  git(repo, ['repack', '-adfq']);
  const deltified = versions.find((v) => packEntries(repo).get(v)?.[1] === true);
  const loose = secretLine();
  commit(repo, { 'src/late.js': `${loose.line}\n` }, 'after repack');
  const oid = (path: string, rev = 'HEAD') => git(repo, ['rev-parse', `${rev}:${path}`]);
  return {
    repo,
    whole: { secret: whole.secret, oid: oid('src/zz-config.js') },
    delta: { secret: delta.secret, oid: deltified ?? 'neither version is a delta' },
    loose: { secret: loose.secret, oid: oid('src/late.js') },
  };
}

/** The pack's entries: id -> [offset, stored as a delta]. */
function packEntries(repo: string): Map<string, [number, boolean]> {
  const packDir = join(repo, '.git', 'objects', 'pack');
  const idx = readdirSync(packDir).find((n) => n.endsWith('.idx'))!;
  const out = new Map<string, [number, boolean]>();
  for (const line of git(repo, ['verify-pack', '-v', join(packDir, idx)]).split('\n')) {
    const f = line.split(/\s+/);
    if (/^[0-9a-f]{40}$/.test(f[0] ?? '')) out.set(f[0]!, [Number(f[4]), f.length >= 7]);
  }
  return out;
}

describe('keyward history: reading pack files', () => {
  it('finds secrets in whole, deltified and loose blobs, alike with one thread or two', () => {
    const p = plant();
    const entries = packEntries(p.repo);
    // The three kinds of storage the test is about.
    expect(entries.get(p.whole.oid)?.[1]).toBe(false);
    expect(entries.get(p.delta.oid)?.[1]).toBe(true);
    expect(entries.has(p.loose.oid)).toBe(false);
    const packed = history(p.repo, ['--full', '--workers', '2', '--show-secrets']);
    expect(packed.code).toBe(1);
    expect(packed.report.stats).toMatchObject({ blobs: FILES + 4, blobsMissing: 0, complete: true });
    for (const s of [p.whole, p.delta, p.loose]) expect(bySecret(packed.report, s.secret)).toHaveLength(1);
    const same = (r: typeof packed) => ({ ...r.report.stats, durationMs: 0, workers: 0 });
    // One thread: every blob read on the main thread.
    const oneThread = history(p.repo, ['--full', '--workers', '1', '--show-secrets']);
    expect(oneThread.report.findings).toEqual(packed.report.findings);
    expect(same(oneThread)).toEqual(same(packed));
  });

  it('reports a blob whose packed bytes are damaged as unreadable and scans the rest', () => {
    const p = plant();
    const [offset] = packEntries(p.repo).get(p.whole.oid)!;
    const packDir = join(p.repo, '.git', 'objects', 'pack');
    const pack = join(packDir, readdirSync(packDir).find((n) => n.endsWith('.pack'))!);
    chmodSync(pack, 0o644);
    const fd = openSync(pack, 'r+');
    const b = Buffer.alloc(6);
    readSync(fd, b, 0, b.length, offset + 4);
    writeSync(fd, b.map((x) => x ^ 0xff), 0, b.length, offset + 4);
    closeSync(fd);
    const r = history(p.repo, ['--full', '--workers', '2', '--show-secrets']);
    expect(r.code).toBe(1);
    expect(bySecret(r.report, p.whole.secret)).toHaveLength(0);
    expect(bySecret(r.report, p.delta.secret)).toHaveLength(1);
    expect(bySecret(r.report, p.loose.secret)).toHaveLength(1);
    expect(r.report.stats).toMatchObject({ blobsMissing: 1, complete: false });
    expect(r.stderr).toContain(p.whole.oid);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('scans a blob once per path class in worker threads, when its second path comes after the first was sent', () => {
    const repo = initRepo(join(dir, 'classes'));
    const { packs, token } = envTokenPack(dir);
    const content = `TOKEN=${token}\n`;
    const first = commit(repo, { 'config/prod.env': content }, 'env path');
    // Newest first: notes.txt is walked (its job sent with the first batches), then 1,200 other
    // blobs, then the env path: the blob is read a second time, for the env class, or the secret
    // is missed. stats.files counts the blob once (whether a job was already sent is timing).
    for (let c = 0; c < 3; c++) {
      const files: Record<string, string> = {};
      for (let i = 0; i < 400; i++) files[`src/c${c}/f${i}.txt`] = `file ${c} ${i} ${randomAlnum(40)}\n`;
      commit(repo, files, `filler ${c}`);
    }
    const last = commit(repo, { 'notes.txt': content }, 'same blob, not an env file');
    expect(git(repo, ['rev-parse', `${first}:config/prod.env`])).toBe(git(repo, ['rev-parse', `${last}:notes.txt`]));
    for (const workers of ['2', '1']) {
      const r = history(repo, ['--rules', packs, '--full', '--workers', workers]);
      expect(r.code).toBe(1);
      expect(r.report.findings).toMatchObject([{ ruleId: 'test-env-token', file: 'config/prod.env', commit: first, locations: [] }]);
      expect({ ...r.report.stats, run: workers }).toMatchObject({ run: workers, blobs: 1201, files: 1201, complete: true });
    }
  });

  it('scans commit messages in worker threads, finding what the main thread finds', () => {
    const repo = initRepo(join(dir, 'messages'));
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`src/f${i}.txt`] = `file ${i} ${randomAlnum(40)}\n`;
    commit(repo, files, 'many files');
    const leaks = [secretLine(), secretLine(), secretLine()];
    const commits = leaks.map((s, i) => commit(repo, { [`m${i}.txt`]: `${i}\n` }, `change ${i}\n\nthe key: ${s.line}`));
    const want = commits.map((c, i) => [c, leaks[i]!.secret, 3]).sort();
    for (const workers of ['2', '1']) {
      const r = history(repo, ['--full', '--workers', workers, '--show-secrets'], { KEYWARD_DEBUG: '1' });
      expect({ run: workers, workers: r.report.stats.workers, complete: r.report.stats.complete }).toEqual({ run: workers, workers: workers === '2' ? 2 : 0, complete: true });
      const found = r.report.findings.filter((f) => f.file === '<commit message>').map((f) => [f.commit, f.secret, f.line]);
      expect(found.sort()).toEqual(want);
      // Worker threads get the messages during the walk, not in a phase of their own after it
      // (that phase raised the peak memory of git's own history by 40-76 MB).
      const queued = /walk done, (\d+) of (\d+) commit messages already queued/.exec(r.stderr);
      expect(queued?.slice(1), r.stderr).toEqual(workers === '2' ? ['4', '4'] : ['0', '4']);
    }
  });
});
