import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdict } from '../../src/policy/deadline.js';
import { defaultPolicy } from '../../src/policy/policy.js';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commitAs, git, secretLine, serverAndWork } from './helpers.js';

const DAY = 86_400_000;
const ALICE = { name: 'Alice Pay', email: 'alice@keyward.test' };

// One pushed credential committed 2025-01-05 10:00 UTC (medium risk: revoke within 30 days of the
// first commit when no ticket exists, so the deadline is 2025-02-04 10:00 UTC), and one local one
// committed 2025-01-20 (rotation only: 90 days, 2025-04-20 10:00 UTC).
describe('keyward policy check', () => {
  const t = tempDir('keyward-policy-');
  const { work } = serverAndWork(t.dir);
  const noUserConfig = { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: join(t.dir, 'no-config') };
  const check = (args: string[], env: NodeJS.ProcessEnv = noUserConfig) => keyward(['policy', 'check', ...args], { cwd: work, env });
  let report: string;

  beforeAll(() => {
    commitAs(work, ALICE, '2025-01-05T10:00:00Z', { 'app/pushed.js': secretLine().line });
    git(work, ['push', '-q', 'origin', 'main']);
    commitAs(work, ALICE, '2025-01-20T10:00:00Z', { 'app/local.js': secretLine().line });
    report = join(t.dir, 'history.json');
    expect(keyward(['history', '--format', 'json', '--output', report], { cwd: work }).code).toBe(1);
  });
  afterAll(() => t.cleanup());

  it('exits 0 a minute before the deadline and 1 at it, naming the overdue credential', () => {
    const before = check(['--from', report, '--now', '2025-02-04T09:59:00Z']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('keyward policy check: 0 of 2 credential(s) overdue');
    const at = check(['--from', report, '--now', '2025-02-04T10:00:00Z']);
    expect(at.code).toBe(1);
    expect(at.stdout).toContain('1 of 2 credential(s) overdue');
    expect(at.stdout).toMatch(/app\/pushed\.js .*OVERDUE since 2025-02-04/);
    expect(at.stdout).not.toContain('app/local.js');
    // The local credential's rotation period ends 2025-04-20.
    expect(check(['--from', report, '--now', '2025-04-20T10:00:00Z']).stdout).toContain('2 of 2 credential(s) overdue');
    // Each check is evidence for an auditor: recorded in the audit log with what was overdue, never a secret.
    const log = readFileSync(join(work, '.git', 'keyward', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; detail: { exitCode: number; overdue: unknown[] } });
    const checks = log.filter((e) => e.action === 'policy-check');
    expect(checks.map((e) => [e.detail.exitCode, e.detail.overdue.length])).toEqual([[0, 0], [1, 1], [1, 2]]);
  });

  it('exits 3 when nothing is overdue but the history scan was incomplete', () => {
    const partial = join(t.dir, 'partial.json');
    writeFileSync(partial, JSON.stringify({ findings: [], stats: { complete: false }, warnings: ['blob x could not be read'] }));
    const r = check(['--from', partial]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('incomplete');
  });

  it('reads [policy] from a trusted config: the user config or --config', () => {
    const xdg = join(t.dir, 'xdg');
    mkdirSync(join(xdg, 'keyward'), { recursive: true });
    const user = join(xdg, 'keyward', 'config.toml');
    writeFileSync(user, '[policy.revoke]\nmedium = "60d"\n', { mode: 0o600 });
    chmodSync(user, 0o600);
    const env = { ...noUserConfig, XDG_CONFIG_HOME: xdg };
    expect(check(['--from', report, '--now', '2025-02-10'], env).code).toBe(0); // 60 days: due 2025-03-06
    expect(check(['--from', report, '--now', '2025-03-06T10:00:00Z'], env).code).toBe(1);
    // A user config others can write decides nothing: ignored with a warning.
    chmodSync(user, 0o666);
    const unsafe = check(['--from', report, '--now', '2025-02-10'], env);
    expect(unsafe.code).toBe(1);
    expect(unsafe.stderr).toContain('writable by other users');
    const cfg = join(t.dir, 'trusted.toml');
    writeFileSync(cfg, '[policy.revoke]\nmedium = "60d"\n');
    expect(check(['--from', report, '--config', cfg, '--now', '2025-02-10']).code).toBe(0);
  });

  it("lets the repository's keyward.toml tighten the policy, never relax it", () => {
    writeFileSync(join(work, 'keyward.toml'), '[policy.revoke]\nmedium = "365d"\n\n[policy.rotate]\nmedium = "10d"\n\n[[policy.owners]]\npaths = ["**"]\nowner = "@nobody"\n');
    try {
      const r = check(['--from', report, '--now', '2025-02-10']);
      expect(r.code).toBe(1); // 365 days ignored: still overdue
      expect(r.stderr).toContain("policy.revoke.medium is ignored: the scanned repository's own config may only tighten the policy");
      expect(r.stderr).toContain('policy.owners is ignored');
      // ...but 10-day rotation applies: the local credential (2025-01-20) is overdue from 2025-01-30.
      expect(check(['--from', report, '--now', '2025-01-31']).stdout).toMatch(/app\/local\.js .*OVERDUE since 2025-01-30/);
    } finally {
      writeFileSync(join(work, 'keyward.toml'), '');
    }
  });

  it('escalates a credential pushed to a public remote: overdue at once', () => {
    const cfg = join(t.dir, 'public.toml');
    writeFileSync(cfg, '[policy.public]\nremotes = ["origin"]\n');
    const r = check(['--from', report, '--config', cfg, '--now', '2025-01-05T10:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/app\/pushed\.js .*OVERDUE since 2025-01-05/);
    const inv = keyward(['inventory', '--format', 'json', '--from', report, '--config', cfg, '--now', '2025-01-06'], { cwd: work, env: noUserConfig });
    const rows = (JSON.parse(inv.stdout) as { rows: Array<{ escalated: boolean; deadlineBasis: string; pushed: boolean }> }).rows;
    expect(rows.find((x) => x.pushed)).toMatchObject({ escalated: true, deadlineBasis: 'revoke: pushed to a public remote' });
    expect(rows.find((x) => !x.pushed)).toMatchObject({ escalated: false });
  });

  it('refuses a bad [policy] in one line naming the file and the field (exit 2)', () => {
    const cfg = join(t.dir, 'bad.toml');
    writeFileSync(cfg, '[policy.rotate]\nmedium = "soon"\n');
    const r = check(['--from', report, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${cfg}: "policy.rotate.medium" must be a duration`);
  });
});

describe('policy verdicts', () => {
  const base = { kind: 'generic' as const, risk: 'high' as const, firstSeen: '2025-01-01T00:00:00Z', pushed: true, publicRemote: false, atHead: true };
  const now = new Date('2025-06-01T00:00:00Z');

  it('a closed ticket is revoked and never overdue', () => {
    const v = verdict(defaultPolicy(), { ...base, ticket: { state: 'closed', openedAt: '2025-01-02T00:00:00Z' } }, now);
    expect(v).toMatchObject({ status: 'revoked', overdue: false });
  });

  it("the revocation clock starts at the ticket's opening; an earlier ticket deadline stands", () => {
    const opened = verdict(defaultPolicy(), { ...base, atHead: false, ticket: { state: 'open', openedAt: '2025-05-30T00:00:00Z' } }, now);
    expect(opened).toMatchObject({ deadline: new Date(Date.parse('2025-05-30T00:00:00Z') + 7 * DAY).toISOString(), overdue: false });
    const tighter = verdict(defaultPolicy(), { ...base, atHead: false, ticket: { state: 'open', openedAt: '2025-05-30T00:00:00Z', deadline: '2025-05-31T00:00:00Z' } }, now);
    expect(tighter).toMatchObject({ deadline: '2025-05-31T00:00:00.000Z', basis: 'revoke: the ticket deadline', overdue: true });
  });

  it('a local credential gone from HEAD has no deadline; low risk has no rotation period', () => {
    const gone = verdict(defaultPolicy(), { ...base, pushed: false, atHead: false }, now);
    expect(gone).toMatchObject({ basis: 'local only and gone from HEAD', overdue: false });
    expect(gone.deadline).toBeUndefined();
    const low = verdict(defaultPolicy(), { ...base, risk: 'low', pushed: false }, now);
    expect(low.deadline).toBeUndefined();
    expect(low.overdue).toBe(false);
    expect(verdict(defaultPolicy(), { ...base, risk: 'critical', pushed: false }, now)).toMatchObject({ deadline: '2025-01-31T00:00:00.000Z', overdue: true });
  });

  it('a per-kind window wins over the tier', () => {
    const p = defaultPolicy();
    p.rotate.kind['generic'] = 200 * DAY;
    expect(verdict(p, { ...base, pushed: false }, now)).toMatchObject({ basis: 'rotate: kind generic (every 200 days)', overdue: false });
  });
});
