import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markerLabel } from '../../src/tickets/markers.js';
import { randomAlnum } from '../helpers/fake.js';
import { adfProblem, JiraMock } from './servers/jira.js';
import { auditLines, FAST, fakeSecret, finding, hex, keywardFiles, leaks, makeRepo, run, scanResult, writeConfig, type FakeSecret } from './helpers.js';

describe('Jira Cloud tracker', () => {
  let jira: JiraMock;
  let repo: { dir: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  let secrets: FakeSecret[];
  let findings: ReturnType<typeof finding>[];
  const email = 'bot@example.com';
  let apiToken: string;

  const config = (extra = ''): string =>
    `[tickets]\ntracker = "jira"\n${FAST}[tickets.jira]\nurl = "${jira.url}"\nproject = "SEC"\nlabels = ["security"]\nsearch_lag = "300ms"\nassignee_account_id = "5b10a2844c20165700ede21g"\n${extra}[tickets.jira.priority]\ncritical = "Highest"\n`;

  beforeEach(async () => {
    apiToken = `ATATT-test-${randomAlnum(24)}`;
    jira = new JiraMock(email, apiToken);
    await jira.start();
    repo = makeRepo();
    writeConfig(repo.dir, config());
    env = { KEYWARD_JIRA_EMAIL: email, KEYWARD_JIRA_API_TOKEN: apiToken };
    secrets = [fakeSecret(), fakeSecret({ kind: 'password', risk: 'medium' }), fakeSecret({ kind: 'webhook-secret', risk: 'low' })];
    findings = secrets.map((s, i) => finding(s, { file: `svc/${i}/config.yaml`, line: i + 1 }));
  });
  afterEach(async () => {
    await jira.close();
    repo.cleanup();
  });

  function assertClean(): void {
    expect(jira.violations).toEqual([]);
    const texts = [...jira.requests.map((r) => r.body + r.query.toString()), ...Object.values(keywardFiles(repo.dir))];
    expect(leaks(texts, [...secrets.map((s) => s.raw), apiToken])).toEqual([]);
  }

  it('creates issues with an ADF description, labels, due date, priority, assignee and a hidden property', async () => {
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(jira.issues).toHaveLength(3);
    const first = jira.issues.find((i) => i.labels.includes(markerLabel(secrets[0]!.fingerprint)))!;
    expect(adfProblem(first.description)).toBeUndefined();
    expect(first.labels).toEqual(['security', markerLabel(secrets[0]!.fingerprint)]);
    expect(first.priority).toBe('Highest');
    expect(first.assignee).toBe('5b10a2844c20165700ede21g');
    expect(first.duedate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.properties.keyward).toEqual({ fingerprint: secrets[0]!.fingerprint, locations: [expect.stringMatching(/^[0-9a-f]{12}\.[0-9a-f]{8}$/)] });
    const text = JSON.stringify(first.description);
    expect(text).toContain('https://github.com/acme/app/blob/');
    expect(text).toContain(secrets[0]!.fingerprint);
    expect(text).toContain('24 hours');
    expect(jira.issues.find((i) => i.labels.includes(markerLabel(secrets[1]!.fingerprint)))!.priority).toBeUndefined();
    expect(auditLines(repo.dir).every((l) => /\/browse\/SEC-\d$/.test(l.url))).toBe(true);
    assertClean();
  });

  it('exactly once: reruns, fresh clone (JQL by label), comment with property, reopen by transition', async () => {
    await run(repo.dir, scanResult(findings), env);
    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    const fresh = await run(repo.dir, scanResult(findings), env);
    expect(fresh.stdout).toMatch(/0 opened, 0 updated, 0 reopened, 3 unchanged/);
    expect(jira.issues).toHaveLength(3);
    const search = jira.requests.filter((q) => q.path === '/rest/api/3/search/jql');
    expect(search.at(-1)!.query.get('jql')).toMatch(/^project = "SEC" AND labels = "keyward-[0-9a-f]{32}" ORDER BY created ASC$/);

    const target = jira.issues.find((i) => i.labels.includes(markerLabel(secrets[0]!.fingerprint)))!;
    jira.setStatus(target.key, 'Done');
    expect((await run(repo.dir, scanResult(findings), env)).stdout).toMatch(/3 unchanged/);
    expect(target.status).toBe('Done');

    const more = [...findings, finding(secrets[0]!, { commit: hex(40), file: 'svc/0/config.yaml', line: 1 })];
    const r = await run(repo.dir, scanResult(more), env);
    expect(r.stdout).toMatch(/1 reopened/);
    expect(target.status).toBe('To Do');
    expect(target.comments).toHaveLength(1);
    expect(adfProblem(target.comments[0]!.body)).toBeUndefined();
    expect(JSON.stringify(target.comments[0]!.body)).toContain('Reopened');
    expect(target.comments[0]!.properties[0]!.key).toBe('keyward');

    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    expect((await run(repo.dir, scanResult(more), env)).stdout).toMatch(/3 unchanged/);
    expect(target.comments).toHaveLength(1);
    expect(jira.issues).toHaveLength(3);
    assertClean();
  });

  it('waits out the search index after an ambiguous create instead of duplicating', async () => {
    jira.indexLagMs = 200; // below search_lag (300ms)
    jira.inject((q) => q.method === 'POST' && q.path === '/rest/api/3/issue', { kind: 'drop-after' }, 2);
    jira.inject((q) => q.method === 'POST' && q.path === '/rest/api/3/issue', { kind: 'status', status: 429, retryAfter: '1' }, 1);
    jira.inject((q) => q.method === 'POST' && q.path === '/rest/api/3/issue', { kind: 'status', status: 503 }, 1);
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(0);
    expect(jira.issues).toHaveLength(3);
    expect(new Set(jira.issues.flatMap((i) => i.labels.filter((l) => l.startsWith('keyward-')))).size).toBe(3);
    assertClean();
  });

  it('never carries the credentials along a redirect (exit 2, names where it pointed)', async () => {
    const elsewhere = new JiraMock(email, apiToken);
    await elsewhere.start();
    try {
      jira.inject(() => true, { kind: 'status', status: 302, headers: { location: `${elsewhere.url}/rest/api/3/project/SEC` } }, 100);
      const r = await run(repo.dir, scanResult(findings), env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Jira SEC: check failed \(302 redirected to 127\.0\.0\.1:\d+; keyward does not follow redirects with the credentials: set tickets\.jira\.url/);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('explains a rejected due date, bad credentials and an unknown project (exit 2)', async () => {
    jira.dueDateOnScreen = false;
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Jira SEC: Jira rejected the create \(400 duedate: Field 'duedate' cannot be set.*\) \(set tickets.jira.due_date = false/);
    jira.violations.length = 0; // the rejection was the point

    writeConfig(repo.dir, config('due_date = false\n'));
    const ok = await run(repo.dir, scanResult(findings), env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(jira.issues.every((i) => i.duedate === undefined)).toBe(true);

    const bad = await run(repo.dir, scanResult([...findings, finding(fakeSecret())]), { ...env, KEYWARD_JIRA_API_TOKEN: 'not-the-token' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Jira SEC: the email and API token were rejected \(401\); set KEYWARD_JIRA_EMAIL and KEYWARD_JIRA_API_TOKEN/);
    expect(bad.stderr).not.toContain('not-the-token');

    writeConfig(repo.dir, config().replace('project = "SEC"', 'project = "OPS"'));
    const unknown = await run(repo.dir, scanResult([finding(fakeSecret())]), env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/project OPS not found, or the account cannot see it \(404\)/);
    const none = await run(repo.dir, scanResult([finding(fakeSecret())]), { KEYWARD_JIRA_EMAIL: email });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no credentials; set KEYWARD_JIRA_EMAIL and KEYWARD_JIRA_API_TOKEN/);
  });
});
