import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';
import type { BlobJob, BlobOutcome } from '../../src/engine/blob-jobs.js';
import { BlobScanner } from '../../src/engine/blob-pool.js';
import { newDetector } from '../../src/engine/detector.js';
import { scanFiles } from '../../src/engine/file-pool.js';
import type { FileBlob } from '../../src/engine/files.js';
import type { ObjectReader, ReaderOptions, StoredObject } from '../../src/engine/objects.js';
import { compareFindings, type Finding } from '../../src/model/finding.js';
import { gitReader, openReader } from '../../src/sources/git-objects.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo, secretLine } from '../history/helpers.js';

// The engine is tested once for every command: the same findings whatever the worker count, a
// blob read once per id, and a bound on what is held in memory per blob.
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-engine-')));
afterEach(() => cleanup());

const ruleSet = resolveRules(DEFAULT_CONFIG);
const key = (f: Finding) => `${f.file}:${f.line}:${f.column}:${f.ruleId}:${f.secret}`;

/** Blobs by id through the engine's pool: findings per (id, path), and the outcomes in arrival order. */
async function scanBlobs(jobs: BlobJob[], threads: number, reader: ReturnType<typeof gitReader>, inlineLimit?: number) {
  const seen: Array<[BlobOutcome, BlobJob]> = [];
  const scanner = new BlobScanner({ ruleSet, reader, threads, showSecrets: true, ...(inlineLimit ? { inlineLimit } : {}), onOutcome: (o, j) => seen.push([o, j]) });
  try {
    scanner.prestart();
    for (const j of jobs) scanner.add({ ...j, paths: [...j.paths] });
    await scanner.drain();
    await scanner.finish();
    return { workers: scanner.workers, seen, findings: seen.flatMap(([o]) => o.findings.flat()).sort(compareFindings).map(key) };
  } finally {
    await scanner.destroy();
  }
}

describe('the engine', () => {
  it('gives the same findings and stats with 1 and 2 worker threads, for files', async () => {
    const files: FileBlob[] = [];
    const secrets: string[] = [];
    for (let i = 0; i < 300; i++) {
      const s = secretLine();
      const abs = join(dir, `f${i}.js`);
      writeFileSync(abs, i % 7 === 0 ? `// ${i}\n${s.line}\n` : `nothing ${i}\n`);
      if (i % 7 === 0) secrets.push(s.secret);
      files.push({ abs, display: `f${i}.js` });
    }
    const run = async (workers: number) => {
      const r = await scanFiles(files[Symbol.iterator](), ruleSet, { workers, showSecrets: true, maxFileSize: 0, profile: false }, () => newDetector(ruleSet, { profile: false }));
      return { workers: r.workers, files: r.results.reduce((n, b) => n + b.files, 0), findings: r.results.flatMap((b) => b.findings).sort(compareFindings).map(key) };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.workers).toBe(0);
    expect(two.workers).toBe(2); // more than the inline share: the pool really ran
    expect(two.findings).toEqual(one.findings);
    expect(two.files).toBe(300);
    expect(one.findings).toHaveLength(secrets.length);
  });

  it('gives the same findings with 1 and 2 worker threads, for blobs by id, and reads a blob once per job', async () => {
    const repo = initRepo(join(dir, 'repo'));
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`d/f${i}.js`] = i % 5 === 0 ? `${secretLine().line}\n` : `plain ${i}\n`;
    commit(repo, files, 'forty files');
    // The same blob under two paths is one job with two paths: read once, reported at both.
    const same = secretLine().line;
    commit(repo, { 'a.js': `${same}\n`, 'b.js': `${same}\n` }, 'one blob twice');
    const oid = (p: string) => git(repo, ['rev-parse', `HEAD:${p}`]);
    const jobs: BlobJob[] = [...Object.keys(files).map((p) => ({ oid: oid(p), paths: [p] })), { oid: oid('a.js'), paths: ['a.js', 'b.js'] }];
    const one = await scanBlobs(jobs, 1, gitReader({ cwd: repo }));
    const two = await scanBlobs(jobs, 2, gitReader({ cwd: repo }));
    expect(one.workers).toBe(0);
    expect(two.workers).toBe(2);
    expect(two.findings).toEqual(one.findings);
    expect(one.findings.length).toBe(8 + 2);
    const twice = one.seen.filter(([o]) => o.oid === oid('a.js'));
    expect(twice).toHaveLength(1);
    expect(twice[0]![0].findings.map((f) => f.map((x) => x.file))).toEqual([['a.js'], ['b.js']]);
  });

  it('never holds more of a blob than the inline limit: larger ones are streamed, with the same findings', async () => {
    const repo = initRepo(join(dir, 'repo'));
    const head = secretLine();
    const tail = secretLine();
    const filler = 'x'.repeat(79) + '\n';
    commit(repo, { 'big.txt': `${head.line}\n${filler.repeat(4000)}${tail.line}\n`, 'small.txt': `${secretLine().line}\n` }, 'big and small');
    const jobs: BlobJob[] = ['big.txt', 'small.txt'].map((p) => ({ oid: git(repo, ['rev-parse', `HEAD:${p}`]), paths: [p] }));
    // A reader that records the largest content it handed out whole.
    let largest = 0;
    const spied = (engine: ReaderOptions): ObjectReader => {
      const r = openReader({ cwd: repo }, engine);
      return {
        ...r,
        read: async function* (): AsyncGenerator<StoredObject> {
          for await (const o of r.read()) {
            if (!o.missing && o.data) largest = Math.max(largest, o.data.length);
            yield o;
          }
        },
      };
    };
    const limit = 64 * 1024;
    const bounded = await scanBlobs(jobs, 1, { spec: gitReader({ cwd: repo }).spec, open: spied }, limit);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(limit);
    const whole = await scanBlobs(jobs, 1, gitReader({ cwd: repo }));
    const pooled = await scanBlobs(jobs, 2, gitReader({ cwd: repo }), limit);
    expect(bounded.findings).toEqual(whole.findings);
    expect(pooled.findings).toEqual(whole.findings);
    expect(bounded.findings.filter((k) => k.startsWith('big.txt:'))).toHaveLength(2);
    expect(bounded.seen.find(([o]) => o.size > limit)?.[0].size).toBe(head.line.length + tail.line.length + 2 + 4000 * 80);
  });
});
