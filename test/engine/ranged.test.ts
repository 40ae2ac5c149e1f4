import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';
import { newDetector } from '../../src/engine/detector.js';
import { isEmpty } from '../../src/engine/line-ranges.js';
import { scanRanged, type RangedBlob, type RangedScan } from '../../src/engine/ranged.js';
import { COMMIT_MESSAGE, type Finding } from '../../src/model/finding.js';
import { commitBlobs, listCommits } from '../../src/sources/commit-range.js';
import { gitReader } from '../../src/sources/git-objects.js';
import { StagedIndex } from '../../src/sources/staged-index.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { keyward } from '../helpers/cli.js';
import { filler, preReceiveServer } from '../hooks/helpers.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo, secretLine, writeFiles } from '../history/helpers.js';

// The changed-lines scans (staged, pre-push, pre-receive) run on the engine's blob scheduler:
// the same findings, in the same order, and the same counts on the main thread, with two
// worker threads, and with the pool forced on a small job.
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-ranged-')));
afterEach(() => cleanup());

const ruleSet = resolveRules(DEFAULT_CONFIG);
const key = (f: Finding) => `${f.file}:${f.line}:${f.column}:${f.ruleId}:${f.secret}:${f.commit ?? ''}:${f.preview ?? ''}`;

async function ranged(repo: string, blobs: RangedBlob[], workers: number, inlineJobs?: number, checkpoint?: () => void): Promise<RangedScan> {
  return scanRanged(blobs, {
    ruleSet,
    reader: gitReader({ cwd: repo }),
    workers,
    detector: () => newDetector(ruleSet, { profile: false }),
    showSecrets: true,
    ...(inlineJobs !== undefined ? { inlineJobs } : {}),
    ...(checkpoint ? { checkpoint } : {}),
  });
}

/** Findings in order and counts, the same whatever ran them. */
const same = (r: RangedScan) => ({ findings: r.findings.map(key), files: r.files, bytes: r.bytes, binary: r.binary, unreadable: r.unreadable });

/** 60 files; a third get a secret on an added line, a few keep one on an old line (not reported). */
function baseRepo(): { repo: string; added: string[] } {
  const repo = initRepo(join(dir, 'repo'));
  const old: Record<string, string> = {};
  for (let i = 0; i < 60; i++) old[`src/f${i}.js`] = i % 10 === 0 ? `${secretLine().line}\nkeep ${i}\n` : `keep ${i}\n`;
  commit(repo, old, 'base');
  const added: string[] = [];
  const next: Record<string, string | Buffer> = {};
  for (let i = 0; i < 60; i++) {
    const s = secretLine();
    if (i % 3 === 0) added.push(s.secret);
    next[`src/f${i}.js`] = `${old[`src/f${i}.js`]}${i % 3 === 0 ? s.line : `more ${i}`}\n`;
  }
  // One blob at two paths (read once, reported at both), and a binary file.
  const twice = secretLine();
  added.push(twice.secret, twice.secret);
  next['a/copy.js'] = `${twice.line}\n`;
  next['b/copy.js'] = `${twice.line}\n`;
  next['bin.dat'] = Buffer.from([0, 1, 2, 3, 0, 255]);
  writeFiles(repo, next);
  return { repo, added };
}

describe('changed-lines scans on the engine', () => {
  it('staged: the same findings, order and counts with 1 thread, 2 threads and a forced pool', async () => {
    const { repo, added } = baseRepo();
    git(repo, ['add', '-A']);
    const blobs = await StagedIndex.start(repo, []).blobs();
    const one = await ranged(repo, blobs, 1);
    const two = await ranged(repo, blobs, 2);
    const pooled = await ranged(repo, blobs, 2, 0);
    expect(one.workers).toBe(0);
    expect(two.workers).toBe(0); // a few blobs: no pool start
    expect(pooled.workers).toBe(2);
    expect(same(two)).toEqual(same(one));
    expect(same(pooled)).toEqual(same(one));
    expect(one.findings.map((f) => f.secret).sort()).toEqual([...added].sort());
    expect(one.findings.filter((f) => f.file.endsWith('copy.js')).map((f) => f.file)).toEqual(['a/copy.js', 'b/copy.js']);
    expect(one).toMatchObject({ files: 62, binary: 1, unreadable: [] });
  });

  it('pre-push: the same findings and commits with 1 thread, 2 threads and a forced pool; a blob met in two commits is read once', async () => {
    const { repo } = baseRepo();
    commit(repo, {}, 'second');
    // A third commit adds lines to one file; a fourth brings back the second commit's blob of another.
    const s = secretLine();
    writeFiles(repo, { 'src/f1.js': `keep 1\nmore 1\n${s.line}\n`, 'src/f3.js': 'gone\n' });
    commit(repo, {}, 'third');
    git(repo, ['checkout', 'HEAD~1', '--', 'src/f3.js']);
    commit(repo, {}, 'fourth');
    const commits = await listCommits(repo, ['HEAD', '--not', 'HEAD~3']);
    const blobs = await commitBlobs(repo, commits);
    let checks = 0;
    const one = await ranged(repo, blobs, 1, undefined, () => checks++);
    const pooled = await ranged(repo, blobs, 2, 0);
    // One read per blob id: the checkpoint runs before each.
    expect(checks).toBe(new Set(blobs.filter((b) => !isEmpty(b.added)).map((b) => b.oid)).size);
    expect(blobs.filter((b) => b.path === 'src/f3.js' && b.oid === blobs.find((x) => x.commit === commits[0]!.commit && x.path === 'src/f3.js')!.oid)).toHaveLength(2);
    expect(pooled.workers).toBe(2);
    expect(same(pooled)).toEqual(same(one));
    const f3 = one.findings.filter((f) => f.file === 'src/f3.js');
    expect(f3.map((f) => f.commit)).toEqual([commits[0]!.commit, commits[2]!.commit]); // same blob, both commits
    expect(one.findings.some((f) => f.secret === s.secret && f.commit === commits[1]!.commit)).toBe(true);
  });

  it('pre-push: commit messages are jobs of the same scheduler, with the same findings on the main thread and worker threads; an unreadable commit makes the scan incomplete', async () => {
    const repo = initRepo(join(dir, 'repo'));
    commit(repo, { 'a.txt': 'base\n' }, 'base');
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = secretLine();
      secrets.push(s.secret);
      commit(repo, { 'a.txt': `v${i}\n` }, `fix ${i}\n\n${s.line}\n`);
    }
    const commits = await listCommits(repo, ['HEAD', '--not', 'HEAD~3']);
    const messages: RangedBlob[] = commits.map((c) => ({ oid: c.commit, path: COMMIT_MESSAGE, added: 'all', message: true }));
    const one = await ranged(repo, messages, 1);
    const pooled = await ranged(repo, messages, 2, 0);
    expect(pooled.workers).toBe(2);
    expect(same(pooled)).toEqual(same(one));
    expect(one.findings.map((f) => [f.secret, f.commit, f.source, f.file])).toEqual(commits.map((c, i) => [secrets[i], c.commit, 'commit-message', COMMIT_MESSAGE]));
    expect(one.files).toBe(0); // a message counts its bytes, not as a file
    expect(one.bytes).toBeGreaterThan(0);
    // A commit git cannot read: named in the unreadable list, never silently clean.
    const gone = 'f'.repeat(40);
    for (const w of [1, 2]) {
      const r = await ranged(repo, [...messages, { oid: gone, path: COMMIT_MESSAGE, added: 'all', message: true }], w, w === 2 ? 0 : undefined);
      expect(r.findings.map((f) => f.secret)).toEqual(secrets);
      expect(r.unreadable).toEqual([expect.stringMatching(new RegExp(`^commit ${gone}.*its message was not scanned$`))]);
    }
  });

  it('stops a pooled scan when the checkpoint throws (a time budget)', async () => {
    const { repo } = baseRepo();
    git(repo, ['add', '-A']);
    const blobs = await StagedIndex.start(repo, []).blobs();
    const stop = () => {
      throw new Error('out of time');
    };
    await expect(ranged(repo, blobs, 2, 0, stop)).rejects.toThrow('out of time');
    await expect(ranged(repo, blobs, 1, undefined, stop)).rejects.toThrow('out of time');
  });

  it('keyward staged: a change of many files goes to worker threads, with the same report as one thread', { timeout: 120_000 }, () => {
    const repo = initRepo(join(dir, 'many'));
    commit(repo, { 'README.md': 'many files\n' }, 'base');
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`pkg${i % 12}/m${i}.js`] = i % 50 === 0 ? `${secretLine().line}\n` : `export const v${i} = ${i};\n`;
    writeFiles(repo, files);
    git(repo, ['add', '-A']);
    const run = (workers: string) => {
      const r = keyward(['staged', '--format', 'json', '-w', workers], { cwd: repo });
      expect(r.code, r.stderr).toBe(1);
      return JSON.parse(r.stdout) as { findings: Finding[]; stats: Record<string, unknown> };
    };
    const one = run('1');
    const two = run('2');
    expect(one.stats.workers).toBe(0);
    expect(two.stats.workers).toBe(2);
    expect(two.findings).toEqual(one.findings);
    expect({ ...two.stats, workers: 0, durationMs: 0 }).toEqual({ ...one.stats, durationMs: 0 });
    expect(one.findings).toHaveLength(12);
  });

  it('pre-receive: a real push is rejected with the same message whether its blobs run on the main thread or a forced pool', { timeout: 180_000 }, async () => {
    const { server, dev } = preReceiveServer(dir);
    const hook = join(server, 'hooks', 'pre-receive');
    const script = readFileSync(hook, 'utf8');
    expect(script).toContain('run_keyward pre-receive\n');
    writeFileSync(hook, script.replace('run_keyward pre-receive\n', 'run_keyward pre-receive -w 2\n'));
    for (let i = 0; i < 6; i++) dev.write(`src/m${i}.ts`, `${filler(3)}${i % 2 === 0 ? secretLine().line : 'export const ok = 1;'}\n`);
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'six files']);
    const inline = await dev.gitAsync(['push', 'origin', 'main']);
    const pooled = await dev.gitAsync(['push', 'origin', 'main'], { env: { KEYWARD_INLINE_JOBS: '0' } });
    expect(inline.code).not.toBe(0);
    expect(inline.stderr).toContain('remote: keyward: push rejected: 3 secrets in the pushed commits');
    const message = (r: { stderr: string }) => r.stderr.split('\n').filter((l) => l.startsWith('remote: keyward') || l.startsWith('remote:   '));
    expect(message(pooled)).toEqual(message(inline));
  });
});
