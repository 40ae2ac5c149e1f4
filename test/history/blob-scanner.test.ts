import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import type { BlobJob, BlobOutcome } from '../../src/engine/blob-jobs.js';
import { BlobScanner } from '../../src/engine/blob-pool.js';
import { resolveRules } from '../../src/config/resolve.js';
import { gitReader } from '../../src/sources/git-objects.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-blob-scanner-')));
afterEach(() => cleanup());

describe('BlobScanner', () => {
  it.each([true, false])('scans every job, in worker threads once prestarted (prestart: %s)', async (prestart) => {
    const repo = initRepo(join(dir, 'repo'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n`, 'b.txt': 'nothing here\n', 'c.txt': 'nor here\n' }, 'three files');
    const jobs: BlobJob[] = ['a.js', 'b.txt', 'c.txt'].map((p) => ({ oid: git(repo, ['rev-parse', `HEAD:${p}`]), paths: [p] }));
    const seen: Array<[BlobOutcome, BlobJob]> = [];
    const scanner = new BlobScanner({ ruleSet: resolveRules(DEFAULT_CONFIG), reader: gitReader({ cwd: repo }), threads: 2, showSecrets: true, onOutcome: (o, j) => seen.push([o, j]) });
    try {
      if (prestart) scanner.prestart();
      for (const j of jobs) scanner.add(j);
      await scanner.drain();
      await scanner.finish();
      // Three jobs stay on the main thread unless the pool was started ahead.
      expect(scanner.workers).toBe(prestart ? 2 : 0);
      expect(seen.map(([, j]) => j.paths[0]).sort()).toEqual(['a.js', 'b.txt', 'c.txt']);
      expect(jobs.every((j) => j.sent)).toBe(true);
      const found = seen.flatMap(([o]) => o.findings.flat());
      expect(found.map((f) => f.secret)).toEqual([s.secret]);
    } finally {
      await scanner.destroy();
    }
  });
});
