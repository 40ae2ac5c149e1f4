import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commit, initRepo } from '../history/helpers.js';
import { json, leaks, secretLine } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
beforeEach(() => {
  tmp = tempDir('keyward-import-');
  repo = initRepo(join(tmp.dir, 'repo'));
});
afterEach(() => tmp.cleanup());

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const written = ['.keyward-baseline.json', '.keywardignore'];

describe('baseline imports', () => {
  it('--import-gitleaks baselines the findings whose secret the report holds, under keyward fingerprints', () => {
    const known = secretLine();
    const unknown = secretLine();
    commit(repo, { 'a.js': `${known.line}\n`, 'b.js': `${unknown.line}\n` }, 'secrets');
    // A gitleaks JSON report, as `gitleaks dir --report-format json` writes it (written outside the repo).
    const report = join(tmp.dir, 'gitleaks.json');
    const onlyInGitleaks = secretLine();
    writeFileSync(
      report,
      JSON.stringify([
        { RuleID: 'generic-api-key', File: 'a.js', StartLine: 1, Secret: known.secret, Match: known.line, Fingerprint: 'a.js:generic-api-key:1' },
        { RuleID: 'generic-api-key', File: 'gone.js', StartLine: 4, Secret: onlyInGitleaks.secret, Match: '', Fingerprint: 'gone.js:generic-api-key:4' },
      ]),
    );
    const r = keyward(['baseline', '--import-gitleaks', report], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 finding matched; 1 of its records match nothing keyward finds');
    expect(r.stdout + r.stderr).not.toContain(known.secret);
    expect(leaks(repo, written, known.secret)).toBe(false);
    const s = json(['scan'], repo);
    expect(s.report.findings.map((f) => f.file)).toEqual(['b.js']);
    expect(s.report.stats.baselined).toBe(1);
  });

  it('--import-detect-secrets: audited "not a secret" becomes an ignore, the other entries the baseline', () => {
    const falsePositive = secretLine();
    const accepted = secretLine();
    const fresh = secretLine();
    commit(repo, { 'a.js': `${falsePositive.line}\n`, 'b.js': `${accepted.line}\n`, 'c.js': `${fresh.line}\n` }, 'secrets');
    const file = join(tmp.dir, '.secrets.baseline');
    writeFileSync(
      file,
      JSON.stringify({
        version: '1.5.0',
        results: {
          'a.js': [{ type: 'Secret Keyword', filename: 'a.js', hashed_secret: sha1(falsePositive.secret), is_verified: false, line_number: 1, is_secret: false }],
          'b.js': [{ type: 'Secret Keyword', filename: 'b.js', hashed_secret: sha1(accepted.secret), is_verified: false, line_number: 1 }],
        },
      }),
    );
    const r = keyward(['baseline', '--import-detect-secrets', file], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    const ignores = readFileSync(join(repo, '.keywardignore'), 'utf8').trim().split('\n');
    expect(ignores).toHaveLength(1);
    expect(JSON.parse(ignores[0]!)).toMatchObject({ reason: expect.stringContaining('detect-secrets') });
    const entries = (JSON.parse(readFileSync(join(repo, '.keyward-baseline.json'), 'utf8')) as { entries: { path: string }[] }).entries;
    expect(entries.map((e) => e.path)).toEqual(['b.js']);
    for (const s of [falsePositive.secret, accepted.secret, sha1(falsePositive.secret), sha1(accepted.secret)]) expect(leaks(repo, written, s)).toBe(false);
    const s = json(['scan'], repo);
    expect(s.report.findings.map((f) => f.file)).toEqual(['c.js']);
    expect(s.report.stats).toMatchObject({ baselined: 1, ignored: 1 });
  });

  it('a malformed report is one error line before any scan', () => {
    commit(repo, { 'a.js': `${secretLine().line}\n` }, 'a');
    for (const [flag, text, msg] of [
      ['--import-gitleaks', '{"not": "an array"}', /expected a JSON array/],
      ['--import-gitleaks', '[{"RuleID": "x"}]', /finding 1 has no "Secret"/],
      ['--import-detect-secrets', '{"results": {"a.js": [{"hashed_secret": 7}]}}', /no SHA-1 "hashed_secret"/],
      ['--import-detect-secrets', 'nope', /not valid JSON/],
    ] as const) {
      const file = join(tmp.dir, 'in.json');
      writeFileSync(file, text);
      const r = keyward(['baseline', flag, file], { cwd: repo });
      expect(r.code, text).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
