import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markerLabel } from '../../src/tickets/markers.js';
import { randomAlnum } from '../helpers/fake.js';
import { GithubMock } from './servers/github.js';
import { auditLines, FAST, fakeSecret, finding, hex, keywardFiles, leaks, makeRepo, run, scanResult, writeConfig, type FakeSecret } from './helpers.js';

describe('GitHub Issues tracker', () => {
  let gh: GithubMock;
  let repo: { dir: string; cleanup: () => void };
  let token: string;
  let env: NodeJS.ProcessEnv;
  const secrets: FakeSecret[] = [];

  beforeEach(async () => {
    token = `test-${randomAlnum(30)}`;
    gh = new GithubMock(token);
    await gh.start();
    repo = makeRepo();
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}concurrency = 3\n[tickets.github]\nrepo = "acme/app"\napi_url = "${gh.url}"\nlabels = ["security"]\n`);
    env = { KEYWARD_GITHUB_TOKEN: token };
    secrets.length = 0;
  });
  afterEach(async () => {
    await gh.close();
    repo.cleanup();
  });

  /** Three distinct pushed secrets (one seen in 3 places), one unpushed secret, one duplicate finding. */
  function report() {
    const [a, b, c, local] = [fakeSecret(), fakeSecret({ kind: 'database-credential', risk: 'high', revoke: undefined }), fakeSecret({ kind: 'api-token', risk: 'low' }), fakeSecret()];
    secrets.push(a!, b!, c!, local!);
    const c1 = hex(40);
    const c2 = hex(40);
    return {
      a: a!,
      b: b!,
      c: c!,
      c1,
      c2,
      findings: [
        finding(a!, { commit: c1, file: 'config/app.env', line: 3, locations: [{ commit: c2, file: 'config/app.env', line: 3 }, { commit: c2, file: 'deploy/prod.env', line: 9 }] }),
        finding(b!, { commit: c1, file: 'src/db.ts', line: 12 }),
        finding(c!, { commit: c2, file: 'docs/setup.md', line: 40, date: '2025-04-01T00:00:00Z' }),
        // same secret as c, reported again (e.g. another file in the same commit): still one ticket
        finding(c!, { commit: c2, file: 'docs/other.md', line: 2, date: '2025-04-01T00:00:00Z' }),
        finding(local!, { pushed: false }),
      ],
    };
  }

  function assertClean(): void {
    expect(gh.violations).toEqual([]);
    const raws = secrets.map((s) => s.raw);
    const bodies = gh.requests.map((r) => r.body + JSON.stringify(r.query.toString()));
    const files = Object.values(keywardFiles(repo.dir));
    expect(leaks([...bodies, ...files], [...raws, token])).toEqual([]);
    // The token travels only in the Authorization header.
    for (const r of gh.requests) {
      const { authorization: _auth, ...rest } = r.headers;
      expect(JSON.stringify(rest)).not.toContain(token);
    }
  }

  it('opens exactly one ticket per distinct pushed secret, with owner, deadline, steps and links', async () => {
    const { a, b, c, c1, findings } = report();
    const r1 = await run(repo.dir, scanResult(findings), env);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(gh.tickets()).toHaveLength(3);
    expect(r1.stdout).toMatch(/3 opened, 0 updated, 0 reopened, 0 unchanged/);

    const ta = gh.tickets().find((i) => i.labels.includes(markerLabel(a.fingerprint)))!;
    expect(ta.labels).toEqual(['security', markerLabel(a.fingerprint)]);
    expect(ta.title).toContain(a.title);
    expect(ta.title).toContain('[critical]');
    const body = ta.body!;
    expect(body).toContain(a.fingerprint);
    expect(body).toContain(`\`${a.raw.slice(0, 4)}…\``); // redacted form only
    expect(body).toContain(`https://github.com/acme/app/commit/${c1}`);
    expect(body).toContain(`https://github.com/acme/app/blob/${c1}/config/app.env#L3`);
    expect(body).toContain('deploy/prod.env line 9');
    expect(body).toContain('@dana'); // CODEOWNERS: /config/ @dana
    expect(body).toContain('Dana Dev');
    expect(body).toContain('3 places in 2 commits');
    expect(body).toContain('24 hours, policy for critical risk');
    expect(body).toContain('https://console.testcloud.invalid/keys');
    expect(body).toMatch(/<!-- keyward:v1 fp=[0-9a-f]{32} loc=[0-9a-f.,]+ -->/);
    const tb = gh.tickets().find((i) => i.labels.includes(markerLabel(b.fingerprint)))!;
    expect(tb.body).toContain('7 days, policy for high risk');
    expect(tb.body).toContain("Revoke or rotate the credential in TestCloud's console");
    const tc = gh.tickets().find((i) => i.labels.includes(markerLabel(c.fingerprint)))!;
    expect(tc.body).toContain('90 days, policy for low risk');
    expect(tc.body).toContain('docs/other.md line 2');

    const audit = auditLines(repo.dir);
    expect(audit.map((l) => l.event)).toEqual(['opened', 'opened', 'opened']);
    expect(new Set(audit.map((l) => l.fingerprint))).toEqual(new Set([a.fingerprint, b.fingerprint, c.fingerprint]));
    for (const l of audit) {
      expect(l.url).toMatch(/^https:\/\/github\.com\/acme\/app\/issues\/\d$/);
      expect(l.actor).toBe('test-runner');
      expect(l.tracker).toBe(`github:${new URL(gh.url).host}/acme/app`);
      expect(Object.keys(l).sort()).toEqual(['actor', 'event', 'fingerprint', 'ticket', 'time', 'tracker', 'url']);
    }
    assertClean();
  });

  it('re-running opens nothing and sends no request; a fresh clone finds its tickets by label', async () => {
    const { findings } = report();
    await run(repo.dir, scanResult(findings), env);
    const before = gh.requests.length;
    const r2 = await run(repo.dir, scanResult(findings), env);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toMatch(/0 opened, 0 updated, 0 reopened, 3 unchanged/);
    expect(gh.requests.length).toBe(before); // local state answers
    expect(gh.tickets()).toHaveLength(3);

    // A fresh clone: no .git/keyward at all.
    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    const mark = gh.requests.length;
    const r3 = await run(repo.dir, scanResult(findings), env);
    expect(r3.code).toBe(0);
    expect(r3.stdout).toMatch(/0 opened, 0 updated, 0 reopened, 3 unchanged/);
    expect(r3.stdout.match(/^linked/gm)).toHaveLength(3);
    expect(gh.tickets()).toHaveLength(3);
    expect(gh.tickets().every((i) => i.comments.length === 0)).toBe(true);
    // The lookup is by marker label, across open and closed issues.
    const finds = gh.requests.slice(mark).filter((r) => r.method === 'GET' && r.path === '/repos/acme/app/issues');
    expect(finds).toHaveLength(3);
    for (const f of finds) {
      expect(f.query.get('labels')).toMatch(/^keyward-[0-9a-f]{32}$/);
      expect(f.query.get('state')).toBe('all');
    }
    expect(auditLines(repo.dir).map((l) => l.event)).toEqual(['linked', 'linked', 'linked']);
    assertClean();
  });

  it('comments on the existing ticket when the secret shows up in new places', async () => {
    const { a, findings } = report();
    await run(repo.dir, scanResult(findings), env);
    const c3 = hex(40);
    const more = [...findings, finding(a, { commit: c3, file: 'k8s/secret.yaml', line: 7, date: '2025-05-01T00:00:00Z' })];
    const r = await run(repo.dir, scanResult(more), env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 opened, 1 updated, 0 reopened, 2 unchanged/);
    expect(gh.tickets()).toHaveLength(3);
    const ta = gh.tickets().find((i) => i.labels.includes(markerLabel(a.fingerprint)))!;
    expect(ta.comments).toHaveLength(1);
    expect(ta.comments[0]!.body).toContain('k8s/secret.yaml line 7');
    expect(ta.comments[0]!.body).toContain(`https://github.com/acme/app/commit/${c3}`);
    expect(ta.comments[0]!.body).not.toContain('config/app.env');
    // again: nothing new
    await run(repo.dir, scanResult(more), env);
    expect(ta.comments).toHaveLength(1);
    // and a fresh clone reads covered places from the comment markers: no repeat comment
    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    await run(repo.dir, scanResult(more), env);
    expect(ta.comments).toHaveLength(1);
    expect(auditLines(repo.dir).filter((l) => l.fingerprint === a.fingerprint).map((l) => l.event)).toEqual(['linked']);
    assertClean();
  });

  it('leaves a closed ticket closed, but reopens it when the secret appears in a new commit', async () => {
    const { a, c2, findings } = report();
    await run(repo.dir, scanResult(findings), env);
    const ta = gh.tickets().find((i) => i.labels.includes(markerLabel(a.fingerprint)))!;
    gh.closeIssue(ta.number);

    // Same findings: nothing happens, even from a fresh clone.
    await run(repo.dir, scanResult(findings), env);
    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    await run(repo.dir, scanResult(findings), env);
    expect(ta.state).toBe('closed');
    expect(ta.comments).toHaveLength(0);
    expect(gh.tickets()).toHaveLength(3);

    // A new path in a commit the ticket already lists: a comment, no reopening.
    const samecommit = [...findings, finding(a, { commit: c2, file: 'deploy/staging.env', line: 1 })];
    const r1 = await run(repo.dir, scanResult(samecommit), env);
    expect(r1.stdout).toMatch(/1 updated, 0 reopened/);
    expect(ta.state).toBe('closed');
    expect(ta.comments).toHaveLength(1);

    // A new commit: reopened, with a comment saying why.
    const newcommit = [...samecommit, finding(a, { commit: hex(40), file: 'config/app.env', line: 3, date: '2025-06-01T00:00:00Z' })];
    const r2 = await run(repo.dir, scanResult(newcommit), env);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toMatch(/0 opened, 0 updated, 1 reopened/);
    expect(ta.state).toBe('open');
    expect(ta.comments).toHaveLength(2);
    expect(ta.comments[1]!.body).toContain('Reopened');
    expect(gh.tickets()).toHaveLength(3);
    expect(auditLines(repo.dir).map((l) => l.event).slice(-2)).toEqual(['updated', 'reopened']);
    assertClean();
  });

  it('opens a new ticket when the recorded one was deleted from the tracker', async () => {
    const { a, findings } = report();
    await run(repo.dir, scanResult(findings), env);
    const ta = gh.tickets().find((i) => i.labels.includes(markerLabel(a.fingerprint)))!;
    gh.deleteIssue(ta.number);
    const more = [...findings, finding(a, { commit: hex(40) })];
    const r = await run(repo.dir, scanResult(more), env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 opened, 0 updated/);
    const replacement = gh.tickets().find((i) => i.labels.includes(markerLabel(a.fingerprint)))!;
    expect(replacement.number).not.toBe(ta.number);
    expect(replacement.body).toContain('4 places in 3 commits');
    expect(gh.tickets()).toHaveLength(3);
    assertClean();
  });

  it('ignores pull requests that carry the marker label', async () => {
    const { a, findings } = report();
    gh.addPullRequest(markerLabel(a.fingerprint));
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(0);
    expect(gh.tickets()).toHaveLength(3);
  });

  it('survives 500s, 429 with Retry-After and dropped connections without duplicates', async () => {
    const { findings } = report();
    const creates = (r: { method: string; path: string }): boolean => r.method === 'POST' && r.path === '/repos/acme/app/issues';
    gh.inject(creates, { kind: 'status', status: 502 }, 2);
    gh.inject(creates, { kind: 'drop-after' }, 2); // GitHub committed the issue, the answer was lost
    gh.inject((r) => r.method === 'GET' && r.path === '/repos/acme/app/issues', { kind: 'drop' }, 1);
    gh.inject(creates, { kind: 'status', status: 429, retryAfter: '1' }, 1);
    const t0 = Date.now();
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000); // Retry-After was honoured
    expect(r.stderr).toMatch(/retry 1\/4/);
    expect(gh.tickets()).toHaveLength(3);
    expect(new Set(gh.tickets().map((i) => i.labels[1])).size).toBe(3);
    const rerun = await run(repo.dir, scanResult(findings), env);
    expect(rerun.stdout).toMatch(/0 opened, 0 updated, 0 reopened, 3 unchanged/);
    expect(gh.tickets()).toHaveLength(3);
    assertClean();
  });

  it('waits for Retry-After before the next attempt', async () => {
    const { findings } = report();
    gh.inject((r) => r.method === 'POST', { kind: 'status', status: 429, retryAfter: '1' }, 1);
    await run(repo.dir, scanResult(findings.slice(0, 1)), env);
    const posts = gh.requests.filter((r) => r.method === 'POST');
    const limited = posts[0]!;
    const next = gh.requests[gh.requests.indexOf(limited) + 1]!;
    expect(next.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(gh.tickets()).toHaveLength(1);
  });

  it('times out a request that hangs and completes on retry', async () => {
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\nbackoff = "10ms"\ntimeout = "400ms"\n[tickets.github]\nrepo = "acme/app"\napi_url = "${gh.url}"\n`);
    const { findings } = report();
    gh.inject((r) => r.method === 'POST', { kind: 'hang-after' }, 1); // created, never answered
    gh.inject((r) => r.method === 'POST', { kind: 'hang' }, 1); // never even handled
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no response within 400 ms/);
    expect(gh.tickets()).toHaveLength(3);
    assertClean();
  });

  it('reports what is incomplete (exit 3) when retries run out, and the next run completes it', async () => {
    const { findings } = report();
    gh.inject((r) => r.method === 'POST', { kind: 'status', status: 503 }, 100);
    const r1 = await run(repo.dir, scanResult(findings), env);
    expect(r1.code).toBe(3);
    expect(r1.stdout).toMatch(/3 failed \(run again to complete\)/);
    expect(gh.tickets()).toHaveLength(0);
    gh.clearFaults(); // the outage is over
    const r2 = await run(repo.dir, scanResult(findings), env);
    expect(r2.code).toBe(0);
    expect(gh.tickets()).toHaveLength(3);
    assertClean();
  });

  it('rejected credentials: exit 2, names the tracker and the variable, never the token', async () => {
    const { findings } = report();
    const r = await run(repo.dir, scanResult(findings), { KEYWARD_GITHUB_TOKEN: `wrong-${randomAlnum(20)}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tracker error: GitHub acme\/app: the token was rejected \(401 Bad credentials\); set KEYWARD_GITHUB_TOKEN \(or GITHUB_TOKEN\)/);
    expect(r.stderr).not.toMatch(/wrong-/);
    expect(gh.tickets()).toHaveLength(0);
    // only the check ran: nothing else was attempted
    expect(gh.requests).toHaveLength(1);
  });

  it('never carries the token along a redirect, such as a renamed repository\'s 301 (exit 2, names where it pointed)', async () => {
    const { findings } = report();
    const elsewhere = new GithubMock(token);
    await elsewhere.start();
    try {
      gh.inject(() => true, { kind: 'status', status: 301, headers: { location: `${elsewhere.url}/repositories/1` } }, 100);
      const r = await run(repo.dir, scanResult(findings), env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/GitHub acme\/app: check failed \(301 redirected to 127\.0\.0\.1:\d+; keyward does not follow redirects with the token: if the repository was renamed or moved, set tickets\.github\.repo/);
      expect(elsewhere.requests).toEqual([]);
      expect(gh.requests).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  it('unknown repository and missing token: exit 2 with what to fix', async () => {
    const { findings } = report();
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}[tickets.github]\nrepo = "acme/nope"\napi_url = "${gh.url}"\n`);
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GitHub acme\/nope: repository acme\/nope not found, or the token cannot see it \(404\); check tickets.github.repo/);
    const r2 = await run(repo.dir, scanResult(findings), {});
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/no token; set KEYWARD_GITHUB_TOKEN \(or GITHUB_TOKEN\)/);
    gh.hasIssues = false;
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}[tickets.github]\nrepo = "acme/app"\napi_url = "${gh.url}"\n`);
    const r3 = await run(repo.dir, scanResult(findings), { GITHUB_TOKEN: token });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/issues are disabled/);
  });

  it('uses the repository from the origin remote and GITHUB_TOKEN when not configured', async () => {
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}[tickets.github]\napi_url = "${gh.url}"\n`);
    // api_url is not api.github.com, so the remote must be on the API's host to be used
    const r0 = await run(repo.dir, scanResult(report().findings), { GITHUB_TOKEN: token });
    expect(r0.code).toBe(2);
    expect(r0.stderr).toMatch(/set tickets.github.repo/);
  });

  it('never sends a raw secret, even from a --show-secrets report', async () => {
    const s = fakeSecret();
    secrets.push(s);
    const r = await run(repo.dir, scanResult([finding(s, { unredacted: true })]), env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/unredacted secret/);
    expect(gh.tickets()).toHaveLength(1);
    expect(gh.tickets()[0]!.body).toContain(`\`${s.raw.slice(0, 4)}…\``);
    expect(r.stdout + r.stderr).not.toContain(s.raw);
    assertClean();
  });
});
