import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';
import { filler, json, leaks, secretLine } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
beforeEach(() => {
  tmp = tempDir('keyward-ignore-');
  repo = initRepo(join(tmp.dir, 'repo'));
  git(repo, ['config', 'user.name', 'Carol Example']);
  git(repo, ['config', 'user.email', 'carol@keyward.test']);
});
afterEach(() => tmp.cleanup());

/** Commits a secret in `file` at line `at` and returns its secret and fingerprint. */
function secretAt(file: string, at = 3): { secret: string; fp: string } {
  const { secret, line } = secretLine();
  commit(repo, { [file]: `${filler(at - 1)}${line}\n` }, `add ${file}`);
  const f = json(['scan'], repo).report.findings.find((x) => x.file === file);
  if (!f) throw new Error(`no finding in ${file}`);
  return { secret, fp: f.fingerprint };
}

describe('keyward ignore', () => {
  it('records who, when, why and until, without the secret, and hides the finding', () => {
    const { secret, fp } = secretAt('a.js');
    const r = keyward(['ignore', fp, '--reason', 'test fixture, revoked', '--until', '2999-12-31'], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    const entry = JSON.parse(readFileSync(join(repo, '.keywardignore'), 'utf8').trim()) as Record<string, string>;
    expect(entry).toMatchObject({ fingerprint: fp, reason: 'test fixture, revoked', by: 'Carol Example <carol@keyward.test>', until: '2999-12-31' });
    expect(Date.parse(entry.at!)).not.toBeNaN();
    expect(leaks(repo, ['.keywardignore'], secret)).toBe(false);
    const s = json(['scan'], repo);
    expect(s.code).toBe(0);
    expect(s.report.stats.ignored).toBe(1);
    expect(s.report.warnings).toEqual([]);
  });

  it('an expired ignore stops applying and says so, once per entry, on stderr and in JSON warnings', () => {
    const { fp } = secretAt('a.js');
    const other = secretAt('b.js');
    expect(keyward(['ignore', fp, '--reason', 'until the rotation', '--until', '2020-01-31'], { cwd: repo }).code).toBe(0);
    expect(keyward(['ignore', other.fp, '--reason', 'old', '--until', '2021-06-01'], { cwd: repo }).code).toBe(0);
    const s = json(['scan'], repo);
    expect(s.code).toBe(1);
    expect(s.report.findings.map((f) => f.file).sort()).toEqual(['a.js', 'b.js']);
    expect(s.report.warnings).toHaveLength(2);
    expect(s.report.warnings[0]).toMatch(/\.keywardignore:1: ignore of [0-9a-f]{32} expired on 2020-01-31/);
    expect(s.stderr.match(/expired on/g)).toHaveLength(2);
    // The hook says it too.
    writeFileSync(join(repo, 'c.js'), filler(1));
    git(repo, ['add', 'c.js']);
    expect(keyward(['staged'], { cwd: repo }).stderr.match(/expired on/g)).toHaveLength(2);
  });

  it('--path limits an ignore to matching paths; other fingerprints are never hidden', () => {
    const { fp } = secretAt('test/fixtures/a.js');
    expect(keyward(['ignore', fp, '--reason', 'fixture', '--path', 'test/**'], { cwd: repo }).code).toBe(0);
    expect(json(['scan'], repo).code).toBe(0);
    const line = readFileSync(join(repo, 'test/fixtures/a.js'), 'utf8');
    commit(repo, { 'src/a.js': line }, 'same secret outside test/');
    expect(json(['scan'], repo).report.findings.map((f) => f.file)).toEqual(['src/a.js']);
    secretAt('test/fixtures/b.js');
    expect(json(['scan'], repo).report.findings.map((f) => f.file).sort()).toEqual(['src/a.js', 'test/fixtures/b.js']);
  });

  it('--ignores-from reads the ignore files from that directory instead of the repository root; a missing one is exit 2', () => {
    const { fp } = secretAt('a.js');
    expect(keyward(['ignore', fp, '--reason', 'fixture'], { cwd: repo }).code).toBe(0);
    expect(json(['scan'], repo).code).toBe(0);
    // An empty directory: the root's .keywardignore does not count.
    const trusted = join(tmp.dir, 'trusted');
    mkdirSync(trusted);
    const none = json(['scan', '--ignores-from', trusted], repo);
    expect(none.code).toBe(1);
    expect(none.report.stats.ignored ?? 0).toBe(0);
    // The directory's own copy does.
    writeFileSync(join(trusted, '.keywardignore'), readFileSync(join(repo, '.keywardignore')));
    expect(json(['history', '--no-cache', '--ignores-from', trusted], repo).code).toBe(0);
    const missing = keyward(['scan', '--ignores-from', join(tmp.dir, 'nope')], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--ignores-from .*nope: no such directory/);
  });

  it('refuses a bad fingerprint, a bad date or an empty reason; a broken .keywardignore is one error line', () => {
    expect(keyward(['ignore', 'nothex', '--reason', 'x'], { cwd: repo }).code).toBe(2);
    expect(keyward(['ignore', 'a'.repeat(32), '--reason', 'x', '--until', '2027-02-30'], { cwd: repo }).code).toBe(2);
    expect(keyward(['ignore', 'a'.repeat(32), '--reason', ' '], { cwd: repo }).code).toBe(2);
    expect(keyward(['ignore', 'a'.repeat(32)], { cwd: repo }).code).toBe(2);
    secretAt('a.js');
    for (const bad of ['{"fingerprint": "abc", "reason": "x"}', '{"fingerprint": "' + 'a'.repeat(32) + '"}', 'not json', `{"fingerprint": "${'a'.repeat(32)}", "reason": "x", "until": "soon"}`]) {
      writeFileSync(join(repo, '.keywardignore'), `# comment\n${bad}\n`);
      const r = keyward(['scan'], { cwd: repo });
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/\.keywardignore:2: /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('.gitleaksignore', () => {
  it('honours file:rule-id:line with gitleaks rule ids mapped to keyward ones', () => {
    secretAt('src/a.js', 3);
    secretAt('src/b.js', 2);
    // generic-api-key is gitleaks' generic rule: it maps to keyward's generic-* rules.
    writeFileSync(join(repo, '.gitleaksignore'), '# gitleaks fingerprints\nsrc/a.js:generic-api-key:3\nsrc/b.js:generic-api-key:9\n');
    let s = json(['scan'], repo);
    expect(s.report.findings.map((f) => f.file)).toEqual(['src/b.js']);
    expect(s.report.stats.ignored).toBe(1);
    // Another rule's id at the same place does not ignore it.
    writeFileSync(join(repo, '.gitleaksignore'), 'src/a.js:aws-access-token:3\n');
    s = json(['scan'], repo);
    expect(s.report.findings.map((f) => f.file).sort()).toEqual(['src/a.js', 'src/b.js']);
  });

  it('honours commit:file:rule-id:line in history, for that commit only', () => {
    const { line } = secretLine();
    const c1 = commit(repo, { 'a.js': `${filler(1)}${line}\n` }, 'first');
    commit(repo, { 'a.js': filler(1) }, 'removed');
    const other = secretLine();
    const c3 = commit(repo, { 'b.js': `${other.line}\n` }, 'second');
    writeFileSync(join(repo, '.gitleaksignore'), `${c1}:a.js:generic-api-key:2\n${c1}:b.js:generic-api-key:1\n`);
    const h = json(['history'], repo);
    expect(h.code).toBe(1);
    expect(h.report.findings.map((f) => [f.commit, f.file])).toEqual([[c3, 'b.js']]);
    expect(h.report.stats.ignored).toBe(1);
    writeFileSync(join(repo, '.gitleaksignore'), `${c1}:a.js:generic-api-key:2\n${c3}:b.js:generic-api-key:1\n`);
    expect(json(['history'], repo).code).toBe(0);
  });

  it('a malformed line is one error naming the file and line', () => {
    secretAt('a.js');
    writeFileSync(join(repo, '.gitleaksignore'), 'a.js:generic-api-key:3\njust-a-word\n');
    const r = keyward(['scan'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.gitleaksignore:2: expected file:rule-id:line/);
  });
});
