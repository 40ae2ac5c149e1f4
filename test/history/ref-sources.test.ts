import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { resolveRules } from '../../src/config/resolve.js';
import { newDetector } from '../../src/engine/detector.js';
import type { RefTip } from '../../src/sources/ref-targets.js';
import { scanRefs } from '../../src/history/ref-sources.js';
import { tempDir } from '../helpers/fake.js';
import { ALICE, BOB, commit, git, history, initRepo, secretLine, type HistoryFinding } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-refs-')));
afterEach(() => cleanup());

type Extra = HistoryFinding & { source?: string; ref?: string; tag?: string };
const extras = (findings: HistoryFinding[]): Extra[] => findings as Extra[];

/** A blob holding a secret on line 2, in no commit. */
function looseBlob(repo: string): { oid: string; secret: string } {
  const s = secretLine();
  const file = join(dir, 'loose.js');
  writeFileSync(file, `// loose\n${s.line}\n`);
  return { oid: git(repo, ['hash-object', '-w', file]), secret: s.secret };
}

describe('keyward history: content outside the files of commits', () => {
  it('finds a secret in a commit message, with the commit as provenance, in full and incremental runs', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'one');
    const s = secretLine();
    const leak = commit(repo, { 'b.txt': 'b\n' }, `two\n\nthe key: ${s.line}`, BOB);
    const first = history(repo, ['--show-secrets']);
    expect(first.code, first.stderr).toBe(1);
    const [f] = extras(first.report.findings);
    expect(first.report.findings).toHaveLength(1);
    const column = 'the key: '.length + s.line.indexOf(s.secret) + 1;
    expect(f).toMatchObject({ file: '<commit message>', source: 'commit-message', line: 3, column, commit: leak, email: BOB.email, pushed: false, secret: s.secret });

    // Redacted without --show-secrets; remembered by the cache; still there after a new commit.
    const again = history(repo);
    expect(again.code).toBe(1);
    expect(again.stdout).not.toContain(s.secret);
    expect(extras(again.report.findings).map((x) => [x.source, x.commit])).toEqual([['commit-message', leak]]);
    commit(repo, { 'c.txt': 'c\n' }, 'three');
    const incremental = history(repo, ['--show-secrets']);
    expect(extras(incremental.report.findings).map((x) => [x.file, x.commit, x.secret])).toEqual([['<commit message>', leak, s.secret]]);
    expect(history(repo, ['--full']).report.findings).toHaveLength(1);
  });

  it('finds a secret in an annotated tag message, with the ref, the tag id and the tagger', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'one');
    const s = secretLine();
    git(repo, ['tag', '-a', 'v1', '-m', `release\n\n${s.line}`], { GIT_COMMITTER_NAME: ALICE.name, GIT_COMMITTER_EMAIL: ALICE.email });
    const tag = git(repo, ['rev-parse', 'v1']);
    const r = history(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(s.secret);
    expect(extras(r.report.findings)).toMatchObject([{ file: '<tag message>', source: 'tag-message', ref: 'refs/tags/v1', tag, line: 3, email: ALICE.email }]);
    expect(r.report.stats.complete).toBe(true);
  });

  it('scans the blob or tree a ref names directly, with the ref as provenance; clean ones make a complete scan', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'one');
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'nothing here\n');
    const clean = git(repo, ['hash-object', '-w', plain]);
    git(repo, ['tag', 'clean-blob', clean]);
    git(repo, ['tag', 'clean-tree', mktree(repo, `100644 blob ${clean}\tplain.txt\n`)]);
    const ok = history(repo);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.report.stats.complete).toBe(true);

    const { oid, secret } = looseBlob(repo);
    git(repo, ['tag', 'key-blob', oid]);
    const sub = mktree(repo, `100644 blob ${oid}\tkey.js\n`);
    git(repo, ['update-ref', 'refs/keep/snapshot', mktree(repo, `040000 tree ${sub}\tconfig\n`)]);
    const r = history(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(secret);
    expect(extras(r.report.findings).map((f) => [f.file, f.line, f.source, f.ref])).toEqual([
      ['refs/keep/snapshot:config/key.js', 2, 'ref-target', 'refs/keep/snapshot'],
      ['refs/tags/key-blob', 2, 'ref-target', 'refs/tags/key-blob'],
    ]);
    expect(r.report.stats.complete).toBe(true);
    // --branch names what to scan: refs elsewhere are not part of it.
    expect(history(repo, ['--branch', 'main']).code).toBe(0);
  });

  it('labels a secret in a note as a note on its notes ref', () => {
    const repo = initRepo(join(dir, 'r'));
    const c = commit(repo, { 'a.txt': 'a\n' }, 'one');
    const s = secretLine();
    git(repo, ['notes', 'add', '-m', s.line, c]);
    const r = history(repo);
    expect(r.code).toBe(1);
    expect(extras(r.report.findings)).toMatchObject([{ source: 'note', ref: 'refs/notes/commits', file: c }]);
  });
});

/** The source of what refs name, scanned by the engine (as the hooks and history do). */
/** What `tips` name, scanned as `keyward history` does (scanRefs), with 1 thread or a forced pool for the trees' files. */
function scanRefTargets(tips: RefTip[], opts: { cwd: string; limits?: { files: number; bytes: number }; pooled?: boolean }) {
  const threads = opts.pooled ? { workers: 2, inlineJobs: 0 } : { workers: 1 };
  return scanRefs(opts.cwd, tips, RULES, () => newDetector(RULES, { profile: false }), { showSecrets: false, ...threads, ...(opts.limits ? { limits: opts.limits } : {}) });
}
const RULES = resolveRules(DEFAULT_CONFIG);

describe('refTargets scanned by the engine', () => {
  it('rejects a tree past its limits with a reason (fail closed), and scans one within them', async () => {
    const repo = initRepo(join(dir, 'r'));
    const { oid } = looseBlob(repo);
    const tree = mktree(repo, `100644 blob ${oid}\ta.js\n100644 blob ${oid}\tb.js\n100644 blob ${oid}\tc.js\n`);
    const opts = { cwd: repo };
    const big = await scanRefTargets([{ ref: 'refs/tags/big', oid: tree }], { ...opts, limits: { files: 2, bytes: 1 << 20 } });
    expect(big.findings).toEqual([]);
    expect(big.warnings).toEqual([expect.stringContaining(`refs/tags/big names a tree (${tree}) too large to scan`)]);
    const heavy = await scanRefTargets([{ ref: 'refs/tags/big', oid: tree }], { ...opts, limits: { files: 10, bytes: 100 } });
    expect(heavy.warnings).toHaveLength(1);
    const fits = await scanRefTargets([{ ref: 'refs/tags/big', oid: tree }], { ...opts, limits: { files: 3, bytes: 1 << 20 } });
    expect(fits.warnings).toEqual([]);
    expect(fits.findings.map((f) => f.file)).toEqual(['refs/tags/big:a.js', 'refs/tags/big:b.js', 'refs/tags/big:c.js']);
    expect(fits.findings.map((f) => [f.source, f.ref])).toEqual(Array(3).fill(['ref-target', 'refs/tags/big']));
    // The trees' files run on the engine's scheduler: the same report from worker threads.
    const pooled = await scanRefTargets([{ ref: 'refs/tags/big', oid: tree }], { ...opts, limits: { files: 3, bytes: 1 << 20 }, pooled: true });
    expect(pooled.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual(fits.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`));
  });

  it('reports missing objects instead of passing them as clean, and goes on with the other refs', async () => {
    const repo = initRepo(join(dir, 'r'));
    const { oid } = looseBlob(repo);
    const gone = '1'.repeat(40);
    const missingBlob = execFileSync('git', ['mktree', '--missing'], { cwd: repo, input: `100644 blob ${gone}\ta.js\n` }).toString().trim();
    const missingSubtree = execFileSync('git', ['mktree', '--missing'], { cwd: repo, input: `040000 tree ${'2'.repeat(40)}\tsub\n` }).toString().trim();
    const tips = [
      { ref: 'refs/tags/gone', oid: gone },
      { ref: 'refs/tags/hollow', oid: missingBlob },
      { ref: 'refs/tags/broken', oid: missingSubtree },
      { ref: 'refs/tags/fine', oid },
    ];
    const r = await scanRefTargets(tips, { cwd: repo });
    expect(r.warnings).toEqual([
      `refs/tags/gone: object ${gone} is missing; not scanned`,
      expect.stringMatching(/^refs\/tags\/broken: could not be read \(git ls-tree failed .*Could not read 2{40}/),
      `could not read refs/tags/hollow:a.js: object ${gone} is missing`,
    ]);
    expect(r.findings.map((f) => f.file)).toEqual(['refs/tags/fine']);
  });
});

/** `git mktree` from its text input: a tree no commit holds. */
function mktree(repo: string, input: string): string {
  return execFileSync('git', ['mktree'], { cwd: repo, input }).toString().trim();
}
