import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';
import { filler, json, leaks, secretLine } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
beforeEach(() => {
  tmp = tempDir('keyward-baseline-');
  repo = initRepo(join(tmp.dir, 'repo'));
});
afterEach(() => tmp.cleanup());

const baselineEntries = (file = join(repo, '.keyward-baseline.json')): { rule: string; fingerprint: string; path: string }[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { entries: { rule: string; fingerprint: string; path: string }[] }).entries;

describe('keyward baseline', () => {
  it('survives edits above and below, reformatting and a rename; a copy into a new file is new', () => {
    const { secret, line } = secretLine();
    commit(repo, { 'src/app.js': `${filler(3)}${line}\n${filler(2, 'tail')}` }, 'app');
    expect(keyward(['scan'], { cwd: repo }).code).toBe(1);

    const b = keyward(['baseline'], { cwd: repo });
    expect(b.code, b.stderr).toBe(0);
    expect(baselineEntries()).toEqual([expect.objectContaining({ rule: 'generic-secret-assignment', path: 'src/app.js' })]);
    expect(baselineEntries()[0]).not.toHaveProperty('line');
    expect(leaks(repo, ['.keyward-baseline.json'], secret)).toBe(false);
    expect(leaks(repo, ['.keyward-baseline.json'], secret.slice(0, 4))).toBe(false);
    commit(repo, {}, 'baseline');

    // Lines added above and below: line numbers change, the key does not.
    commit(repo, { 'src/app.js': `${filler(9, 'head')}${filler(3)}${line}\n${filler(5, 'tail')}` }, 'edit');
    let r = json(['scan'], repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.findings).toEqual([]);
    expect(r.report.stats.baselined).toBe(1);

    // Reformatted: another layout, same secret and rule.
    commit(repo, { 'src/app.js': `export const config = {\n    API_KEY:   "${secret}",\n};\n` }, 'reformat');
    r = json(['scan'], repo);
    expect(r.code, JSON.stringify(r.report.findings)).toBe(0);

    // Renamed: the baselined path is gone, the secret sits at one new path.
    git(repo, ['mv', 'src/app.js', 'src/config.js']);
    commit(repo, {}, 'rename');
    r = json(['scan'], repo);
    expect(r.code, JSON.stringify(r.report.findings)).toBe(0);
    expect(r.report.stats.baselined).toBe(1);

    // Re-baselined after the rename, then copied into a new file: the copy is reported, alone.
    expect(keyward(['baseline', '--prune'], { cwd: repo }).code).toBe(0);
    expect(baselineEntries().map((e) => e.path)).toEqual(['src/config.js']);
    commit(repo, { 'lib/copy.js': `${line}\n` }, 'copy');
    r = json(['scan'], repo);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(['lib/copy.js']);
    expect(r.report.stats.baselined).toBe(1);
  });

  it('a rename and a copy in the same change: both paths are reported, not guessed', () => {
    const { line } = secretLine();
    commit(repo, { 'a.js': `${line}\n` }, 'a');
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    git(repo, ['mv', 'a.js', 'b.js']);
    commit(repo, { 'c.js': `${line}\n` }, 'rename and copy');
    const r = json(['scan'], repo);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file).sort()).toEqual(['b.js', 'c.js']);
  });

  it('matches paths from the repository root when scanning from a subdirectory or a sub-path', () => {
    const { line } = secretLine();
    commit(repo, { 'src/deep/app.js': `${line}\n` }, 'app');
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    expect(json(['scan', '.'], join(repo, 'src')).code).toBe(0);
    expect(json(['scan', 'src/deep'], repo).code).toBe(0);
  });

  it('--prune drops entries no longer found and keeps the rest', () => {
    const one = secretLine();
    const two = secretLine();
    commit(repo, { 'a.js': `${one.line}\n`, 'b.js': `${two.line}\n` }, 'two secrets');
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    expect(baselineEntries().map((e) => e.path)).toEqual(['a.js', 'b.js']);
    commit(repo, { 'b.js': filler(2) }, 'revoked and removed');
    const p = keyward(['baseline', '--prune'], { cwd: repo });
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain('1 dropped');
    expect(baselineEntries().map((e) => e.path)).toEqual(['a.js']);
    // The pruned secret coming back is new again.
    commit(repo, { 'b.js': `${two.line}\n` }, 'back');
    expect(json(['scan'], repo).report.findings.map((f) => f.file)).toEqual(['b.js']);
  });

  it('--baseline FILE and --no-baseline', () => {
    const { line } = secretLine();
    commit(repo, { 'a.js': `${line}\n` }, 'a');
    expect(keyward(['baseline', '--output', join(tmp.dir, 'elsewhere.json')], { cwd: repo }).code).toBe(0);
    expect(json(['scan'], repo).code).toBe(1);
    expect(json(['scan', '--baseline', join(tmp.dir, 'elsewhere.json')], repo).code).toBe(0);
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    expect(json(['scan'], repo).code).toBe(0);
    expect(json(['scan', '--no-baseline'], repo).code).toBe(1);
  });

  it('history: baselined secrets are not reported, a new commit with a new secret is', () => {
    const old = secretLine();
    commit(repo, { 'a.js': `${old.line}\n` }, 'old secret');
    commit(repo, { 'a.js': filler(1) }, 'removed');
    expect(keyward(['history'], { cwd: repo }).code).toBe(1);
    const b = keyward(['baseline', '--history'], { cwd: repo });
    expect(b.code, b.stderr).toBe(0);
    expect(baselineEntries()).toEqual([expect.objectContaining({ path: 'a.js' })]);
    let r = json(['history'], repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.stats.baselined).toBe(1);

    const fresh = secretLine();
    commit(repo, { 'b.js': `${fresh.line}\n` }, 'new secret');
    r = json(['history', '--show-secrets'], repo);
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.secret)).toEqual([fresh.secret]);
  });

  it('staged and pre-push honour the baseline: known secrets pass, a new file with the same secret is blocked', () => {
    const remote = join(tmp.dir, 'remote.git');
    git(tmp.dir, ['init', '-q', '--bare', '-b', 'main', remote]);
    git(repo, ['remote', 'add', 'origin', remote]);
    const { line } = secretLine();
    commit(repo, { 'a.js': `${line}\n` }, 'known secret');
    git(repo, ['push', '-q', 'origin', 'main']);
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    commit(repo, {}, 'baseline');
    expect(keyward(['install', '--git'], { cwd: repo }).code).toBe(0);

    // An edit of the baselined file passes the staged check...
    writeFileSync(join(repo, 'a.js'), `${filler(4)}${line}\n`);
    git(repo, ['add', 'a.js']);
    expect(keyward(['staged'], { cwd: repo }).code).toBe(0);
    git(repo, ['commit', '-q', '-m', 'edit']);
    // ... and the push.
    git(repo, ['push', '-q', 'origin', 'main']);

    // The same secret in a new file is blocked at commit and at push.
    writeFileSync(join(repo, 'new.js'), `${line}\n`);
    git(repo, ['add', 'new.js']);
    const staged = keyward(['staged'], { cwd: repo });
    expect(staged.code).toBe(1);
    expect(staged.stderr).toContain('new.js');
    git(repo, ['commit', '-q', '--no-verify', '-m', 'copy']);
    const head = git(repo, ['rev-parse', 'HEAD']);
    expect(() => git(repo, ['push', '-q', 'origin', 'main'])).toThrow(/new\.js/);
    expect(git(remote, ['rev-parse', 'main'])).not.toBe(head);
  });

  it('pre-receive uses the server\'s --baseline, never one the push brings', () => {
    const server = join(tmp.dir, 'server.git');
    git(tmp.dir, ['init', '-q', '--bare', '-b', 'main', server]);
    const { line } = secretLine();
    commit(repo, { 'a.js': `${line}\n` }, 'secret');
    expect(keyward(['baseline', '--output', join(tmp.dir, 'server-baseline.json')], { cwd: repo }).code).toBe(0);
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    const sha = commit(repo, {}, 'the push brings its own baseline');
    // No hook installed: the objects land under a ref that is then dropped (the hook scans what no
    // ref reaches yet), and the hook is run by hand as git would run it.
    git(repo, ['push', '-q', server, 'main:refs/tmp/incoming']);
    git(server, ['update-ref', '-d', 'refs/tmp/incoming']);
    const input = `${'0'.repeat(40)} ${sha} refs/heads/main\n`;
    const plain = keyward(['pre-receive'], { cwd: server, input });
    expect(plain.code, plain.stderr).toBe(1);
    const withBaseline = keyward(['pre-receive', '--baseline', join(tmp.dir, 'server-baseline.json')], { cwd: server, input });
    expect(withBaseline.code, withBaseline.stderr).toBe(0);
  });

  it('a malformed or hostile baseline is one clear error (exit 2), and cannot hide other fingerprints', () => {
    const { line } = secretLine();
    commit(repo, { 'a.js': `${line}\n` }, 'a');
    const file = join(repo, '.keyward-baseline.json');
    for (const bad of ['{not json', '{"version":1,"entries":[{"rule":"x","fingerprint":"zz","path":"a.js"}]}', '{"version":1,"entries":[{"rule":"x","fingerprint":"00000000000000000000000000000000","path":"../../etc/passwd"}]}', '[]']) {
      writeFileSync(file, bad);
      const r = keyward(['scan'], { cwd: repo });
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/keyward-baseline\.json/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // A plain `keyward baseline` replaces a broken file.
    writeFileSync(file, '{not json');
    expect(keyward(['baseline'], { cwd: repo }).code).toBe(0);
    expect(json(['scan'], repo).code).toBe(0);
    // Well formed, every path, but another fingerprint: the finding is still reported.
    writeFileSync(file, JSON.stringify({ version: 1, entries: [{ rule: 'generic-secret-assignment', fingerprint: '0'.repeat(32), path: 'a.js' }] }));
    expect(json(['scan'], repo).code).toBe(1);
    // The hook fails closed on a broken baseline.
    writeFileSync(file, '{not json');
    writeFileSync(join(repo, 'b.js'), filler(1));
    git(repo, ['add', 'b.js']);
    expect(keyward(['staged'], { cwd: repo }).code).toBe(2);
  });
});
