import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/entry.js';
import { recordPolicyCheck } from '../../src/audit/record.js';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commit, git, initRepo } from '../history/helpers.js';
import { secretLine } from '../baseline/helpers.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
beforeEach(() => {
  tmp = tempDir('keyward-audit-events-');
  repo = initRepo(join(tmp.dir, 'repo'));
  git(repo, ['config', 'user.name', 'Dana Dev']);
  git(repo, ['config', 'user.email', 'dana@keyward.test']);
});
afterEach(() => tmp.cleanup());

const auditDir = (): string => join(repo, '.git', 'keyward');
const entries = (): AuditEntry[] =>
  existsSync(join(auditDir(), 'audit.jsonl'))
    ? readFileSync(join(auditDir(), 'audit.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditEntry)
    : [];
/** Every file keyward wrote for the audit trail, as one text. */
const auditText = (): string => readdirSync(auditDir()).map((f) => readFileSync(join(auditDir(), f), 'utf8')).join('\n');
const verified = (): void => {
  const v = keyward(['audit', 'verify'], { cwd: repo });
  expect(v.code, v.stdout + v.stderr).toBe(0);
};
const ENV = { ...process.env, KEYWARD_ACTOR: '' };

describe('what keyward records', () => {
  it('history: each credential first seen once, with its CODEOWNERS owner, never the secret (even with --show-secrets)', () => {
    const { secret, line } = secretLine();
    commit(repo, { 'CODEOWNERS': 'payments/ @acme/payments\n', 'payments/config.js': `${line}\n` }, 'add config');
    const r = keyward(['history', '--show-secrets', '-f', 'json'], { cwd: repo, env: ENV });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(secret); // the report was asked for it; the log never is
    const fp = (JSON.parse(r.stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
    expect(keyward(['history', '--no-cache'], { cwd: repo, env: ENV }).code).toBe(1);

    const seen = entries().filter((e) => e.action === 'finding-first-seen');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ seq: 1, fingerprint: fp, owner: '@acme/payments', actor: 'Dana Dev <dana@keyward.test>', detail: { rule: 'generic-secret-assignment', file: 'payments/config.js', via: 'history', pushed: false } });
    expect(auditText()).not.toContain(secret);
    expect(auditText()).not.toContain(secret.slice(0, 12));
    verified();
  });

  it('keyward ignore, and the ignore expiring (recorded once, however many runs see it)', () => {
    const { line } = secretLine();
    commit(repo, { 'app.js': `${line}\n` }, 'app');
    const fp = (JSON.parse(keyward(['scan', '-f', 'json'], { cwd: repo }).stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
    expect(keyward(['ignore', fp, '--reason', 'fixture, revoked', '--path', '*.js', '--until', '2020-01-31'], { cwd: repo, env: ENV }).code).toBe(0);
    expect(keyward(['scan'], { cwd: repo }).code).toBe(1); // expired: reported again
    expect(keyward(['scan'], { cwd: repo }).code).toBe(1);

    expect(entries().map((e) => [e.seq, e.action, e.fingerprint])).toEqual([
      [1, 'ignore-added', fp],
      [2, 'ignore-expired', fp],
    ]);
    expect(entries()[0]!.detail).toEqual({ file: '.keywardignore', reason: 'fixture, revoked', until: '2020-01-31', path: '*.js', via: 'ignore' });
    expect(entries()[1]!.detail).toEqual({ file: '.keywardignore', line: 1, until: '2020-01-31', path: '*.js' });
    verified();
  });

  it('keyward baseline: an entry per credential added, and per credential pruned', () => {
    const a = secretLine();
    const b = secretLine();
    commit(repo, { 'a.js': `${a.line}\n`, 'b.js': `${b.line}\n` }, 'two');
    expect(keyward(['baseline'], { cwd: repo, env: ENV }).code).toBe(0);
    const added = entries().filter((e) => e.action === 'baseline-added');
    expect(added.map((e) => e.detail?.path).sort()).toEqual(['a.js', 'b.js']);
    expect(added[0]!.detail).toMatchObject({ file: '.keyward-baseline.json', rule: 'generic-secret-assignment', via: 'write' });
    const bFp = added.find((e) => e.detail?.path === 'b.js')!.fingerprint;

    expect(keyward(['baseline'], { cwd: repo, env: ENV }).code).toBe(0); // unchanged: nothing recorded
    expect(entries()).toHaveLength(2);
    commit(repo, { 'b.js': null }, 'b revoked and removed');
    expect(keyward(['baseline', '--prune'], { cwd: repo, env: ENV }).code).toBe(0);
    expect(entries().slice(2).map((e) => [e.action, e.fingerprint, e.detail?.via])).toEqual([['baseline-removed', bFp, 'prune']]);
    expect(auditText()).not.toContain(a.secret);
    expect(auditText()).not.toContain(b.secret);
    verified();
  });

  it('a log path set by the scanned repository is never used; KEYWARD_AUDIT_LOG is', () => {
    const { line } = secretLine();
    commit(repo, { 'app.js': `${line}\n` }, 'app');
    const fp = (JSON.parse(keyward(['scan', '-f', 'json'], { cwd: repo }).stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
    writeFileSync(join(repo, 'keyward.toml'), `[audit]\nlog = "${join(tmp.dir, 'elsewhere.jsonl')}"\n`);
    expect(keyward(['scan'], { cwd: repo }).code).toBe(2); // not a section a repository config may have
    expect(keyward(['ignore', fp, '--reason', 'r'], { cwd: repo, env: ENV }).code).toBe(0);
    expect(existsSync(join(tmp.dir, 'elsewhere.jsonl'))).toBe(false);
    expect(entries().map((e) => e.action)).toEqual(['ignore-added']);

    const shared = join(tmp.dir, 'trusted', 'audit.jsonl');
    expect(keyward(['ignore', fp, '--reason', 'again'], { cwd: repo, env: { ...ENV, KEYWARD_AUDIT_LOG: shared } }).code).toBe(0);
    const line1 = JSON.parse(readFileSync(shared, 'utf8').split('\n')[0]!) as AuditEntry;
    expect(line1).toMatchObject({ seq: 1, action: 'ignore-added', repo: join(repo, '.git') });
  });

  it('policy check runs through recordPolicyCheck (the API `keyward policy check` calls)', () => {
    const warned: string[] = [];
    const saved = process.env.KEYWARD_ACTOR;
    delete process.env.KEYWARD_ACTOR; // the actor then comes from the repository's git identity
    try {
      recordPolicyCheck(repo, { credentials: 4, overdue: [{ fingerprint: 'd'.repeat(32), owner: '@acme/ops', deadline: '2026-01-01T00:00:00.000Z' }], exitCode: 1 }, (l) => warned.push(l));
    } finally {
      if (saved !== undefined) process.env.KEYWARD_ACTOR = saved;
    }
    expect(warned).toEqual([]);
    expect(entries()).toEqual([
      expect.objectContaining({ seq: 1, action: 'policy-check', actor: 'Dana Dev <dana@keyward.test>', detail: { credentials: 4, overdue: [{ fingerprint: 'd'.repeat(32), owner: '@acme/ops', deadline: '2026-01-01T00:00:00.000Z' }], exitCode: 1 } }),
    ]);
  });
});
