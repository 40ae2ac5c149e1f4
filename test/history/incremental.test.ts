import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fake.js';
import { ALICE, BOB, bySecret, commit, git, history, initRepo, secretLine, type HistoryReport } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-')));
afterEach(() => cleanup());

/** What must not depend on the cache: findings and the totals. */
function essence(r: HistoryReport) {
  return { findings: r.findings, commits: r.stats.commits, blobs: r.stats.blobs, complete: r.stats.complete };
}

function cacheFile(repo: string): string {
  return join(repo, '.git', 'keyward', 'history.cache');
}

describe('keyward history: incremental', () => {
  it('scans only new blobs on the next run and reports the same as a full scan', () => {
    const repo = initRepo(join(dir, 'r'));
    const secrets = [secretLine(), secretLine(), secretLine()];
    const zero = commit(repo, { 'b.txt': 'plain\n' }, 'zero', BOB);
    commit(repo, { 'a.js': `${secrets[0]!.line}\n` }, 'one', ALICE);
    commit(repo, { 'c.js': 'const ok = 1;\n' }, 'two', BOB);
    const first = history(repo);
    expect(first.report.stats).toMatchObject({ files: 3, blobs: 3, blobsCached: 0, commits: 3 });
    expect(existsSync(cacheFile(repo))).toBe(true);

    // New work: an edit that keeps the old secret, a new secret, a branch.
    commit(repo, { 'a.js': `// edited\n${secrets[0]!.line}\n` }, 'three', BOB);
    git(repo, ['checkout', '-q', '-b', 'side']);
    commit(repo, { 'side.js': `${secrets[1]!.line}\n` }, 'four', ALICE);
    // The first secret again, committed independently on a branch that never had it.
    git(repo, ['checkout', '-q', '-b', 'indep', zero]);
    commit(repo, { 'indep.js': `${secrets[0]!.line}\n` }, 'independent', BOB);
    git(repo, ['checkout', '-q', 'main']);
    commit(repo, { 'd.js': `${secrets[2]!.line}\n` }, 'five', ALICE);

    const second = history(repo);
    expect(second.code).toBe(1);
    // Only the three new blobs were read (indep.js holds the blob a.js had); the rest came from the cache.
    expect(second.report.stats).toMatchObject({ files: 3, blobs: 6, blobsCached: 3, commits: 7 });
    const full = history(repo, ['--full']);
    expect(full.report.stats).toMatchObject({ files: 6, blobsCached: 0 });
    expect(essence(second.report)).toEqual(essence(full.report));
    expect(second.report.findings).toHaveLength(4);

    // Nothing new: nothing read, same answer.
    const third = history(repo);
    expect(third.report.stats.files).toBe(0);
    expect(essence(third.report)).toEqual(essence(full.report));
    // With --show-secrets the blobs with findings are read again (the cache has no values).
    const shown = history(repo, ['--show-secrets']);
    for (const s of secrets.slice(1)) expect(bySecret(shown.report, s.secret)).toHaveLength(1);
    // The edited a.js is another location of the first secret; indep.js is its own introduction.
    const firstSecret = bySecret(shown.report, secrets[0]!.secret).sort((a, b) => a.file.localeCompare(b.file));
    expect(firstSecret.map((f) => [f.file, f.locations.length])).toEqual([
      ['a.js', 1],
      ['indep.js', 0],
    ]);
    expect(shown.report.stats.files).toBe(4);
  });

  it('never writes a secret to the cache, and --show-secrets still shows cached ones', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n` }, 'one');
    history(repo, ['--show-secrets']);
    const raw = readFileSync(cacheFile(repo));
    expect(raw.includes(Buffer.from(s.secret))).toBe(false);
    expect(raw.includes(Buffer.from(s.secret.slice(0, 12)))).toBe(false);
    const redacted = history(repo);
    expect(redacted.report.findings[0]!.secret).toBe(`${s.secret.slice(0, 4)}…`);
    expect(redacted.report.stats.files).toBe(0);
    const shown = history(repo, ['--show-secrets']);
    expect(shown.report.findings[0]!.secret).toBe(s.secret);
  });

  it('rescans when the rules change, and not when only their wording does', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n`, 'b.js': 'x\n' }, 'one');
    expect(history(repo).report.stats.files).toBe(2);
    // A project config that allows the secret's value: detection changed, everything is rescanned.
    writeFileSync(join(repo, 'keyward.toml'), `[allow]\nstopwords = ["${s.secret.slice(2, 10).toLowerCase()}"]\n`);
    const allowed = history(repo);
    expect(allowed.report.stats.files).toBe(2);
    expect(allowed.code).toBe(0);
    expect(allowed.report.findings).toHaveLength(0);
    // Back to the defaults: the cache for the old rules was replaced, so again a full read.
    writeFileSync(join(repo, 'keyward.toml'), '[rules]\n');
    const back = history(repo);
    expect(back.report.findings).toHaveLength(1);
    expect(back.report.stats.files).toBe(2);
    // Changing a rule's risk only relabels findings: the cache stays valid.
    writeFileSync(join(repo, 'keyward.toml'), '[rules.override.generic-secret-assignment]\nrisk = "low"\n');
    const relabelled = history(repo);
    expect(relabelled.report.stats.files).toBe(0);
    expect(relabelled.report.findings[0]).toMatchObject({ risk: 'low' });
  });

  it('forgets commits that history rewriting removed', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'one');
    git(repo, ['checkout', '-q', '-b', 'oops']);
    const s = secretLine();
    commit(repo, { 'leak.js': `${s.line}\n` }, 'leak');
    git(repo, ['checkout', '-q', 'main']);
    expect(bySecret(history(repo, ['--show-secrets']).report, s.secret)).toHaveLength(1);
    git(repo, ['branch', '-q', '-D', 'oops']);
    const after = history(repo, ['--show-secrets']);
    expect(after.report.findings).toHaveLength(0);
    expect(after.code).toBe(0);
    expect(after.report.stats.commits).toBe(1);
  });

  it('keeps the cache in the common git dir, shared by worktrees', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n` }, 'one');
    const wt = join(dir, 'wt');
    git(repo, ['worktree', 'add', '-q', '--detach', wt]);
    const t = secretLine();
    commit(wt, { 'wt.js': `${t.line}\n` }, 'only in the worktree HEAD');
    const fromMain = history(repo);
    expect(fromMain.report.findings.map((f) => f.file).sort()).toEqual(['a.js', 'wt.js']);
    const fromWorktree = history(wt);
    expect(fromWorktree.report.stats.files).toBe(0);
    expect(essence(fromWorktree.report)).toEqual(essence(fromMain.report));
    expect(existsSync(join(wt, '.git', 'keyward'))).toBe(false);
  });
});
