import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fake.js';
import { bySecret, commit, historyAsync, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
let keyDir: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('keyward-history-cache-'));
  keyDir = join(dir, 'user-cache'); // keyward's own cache directory (the seal's key): the user's, not the repository's
});
afterEach(() => cleanup());

const cacheFile = (repo: string) => join(repo, '.git', 'keyward', 'history.cache');
const run = (repo: string, args: string[] = []) => historyAsync(repo, ['--show-secrets', ...args], { KEYWARD_CACHE_DIR: keyDir });

/**
 * Rewrites the cache's JSON header as an attacker would: every finding dropped, the length field
 * fixed, and (`rehash`) a plain SHA-256 of the rest written where a checksum would be.
 */
function dropFindings(repo: string, rehash: boolean): void {
  const raw = readFileSync(cacheFile(repo));
  const start = raw.indexOf('{"version"');
  const len = raw.readUInt32BE(start - 4);
  const header = JSON.parse(raw.toString('utf8', start, start + len)) as { findings: Record<string, unknown> };
  expect(Object.keys(header.findings).length).toBeGreaterThan(0);
  header.findings = {};
  const json = Buffer.from(JSON.stringify(header));
  const lenField = Buffer.alloc(4);
  lenField.writeUInt32BE(json.length);
  const rest = Buffer.concat([lenField, json, raw.subarray(start + len)]);
  const prefix = Buffer.from(raw.subarray(0, start - 4));
  if (rehash && prefix.length >= 6 + 32) createHash('sha256').update(rest).digest().copy(prefix, 6);
  writeFileSync(cacheFile(repo), Buffer.concat([prefix, rest]));
}

describe('keyward history: the cache is not trusted blindly', () => {
  it.each([false, true])('an edited cache (findings={}, checksum recomputed: %s) is detected, said in one line, and rebuilt', async (rehash) => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n` }, 'leak');
    commit(repo, { 'b.txt': 'plain\n' }, 'two');
    expect((await run(repo)).code).toBe(1);
    dropFindings(repo, rehash);
    const r = await run(repo);
    expect(r.code, r.stderr).toBe(1); // never "no secrets found" from the edited cache
    expect(bySecret(r.report, s.secret)).toHaveLength(1);
    expect(r.report.stats).toMatchObject({ blobsCached: 0, complete: true }); // a full scan
    const said = r.stderr.split('\n').filter((l) => l.includes('history cache'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/damaged or was edited.*rebuilt by a full scan/);
    // Rebuilt: the next run uses it again, silently (the blob with the secret is read again for --show-secrets).
    const next = await run(repo);
    expect(next.report.stats.blobsCached).toBe(1);
    expect(bySecret(next.report, s.secret)).toHaveLength(1);
    expect(next.stderr).not.toMatch(/history cache/);
  });

  it('a damaged cache (bytes cut off, garbage) is rebuilt with one line, never an error', async () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n` }, 'leak');
    await run(repo);
    const good = readFileSync(cacheFile(repo));
    for (const bad of [good.subarray(0, good.length - 7), good.subarray(0, 20), Buffer.concat([good.subarray(0, 6), Buffer.alloc(200, 0x41)])]) {
      writeFileSync(cacheFile(repo), bad);
      const r = await run(repo);
      expect(r.code, r.stderr).toBe(1);
      expect(bySecret(r.report, s.secret)).toHaveLength(1);
      expect(r.stderr).toMatch(/history cache .* rebuilt by a full scan/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it("another repository's cache copied into .git is not used", async () => {
    const a = initRepo(join(dir, 'a'));
    commit(a, { 'a.txt': 'plain\n' }, 'one');
    await run(a);
    const b = initRepo(join(dir, 'b'));
    const s = secretLine();
    commit(b, { 'a.txt': 'plain\n' }, 'one'); // the same blob as in a
    commit(b, { 'k.js': `${s.line}\n` }, 'leak');
    cpSync(join(a, '.git', 'keyward'), join(b, '.git', 'keyward'), { recursive: true });
    const r = await run(b);
    expect(r.code).toBe(1);
    expect(bySecret(r.report, s.secret)).toHaveLength(1);
    expect(r.stderr).toMatch(/made for another repository/);
  });
});
