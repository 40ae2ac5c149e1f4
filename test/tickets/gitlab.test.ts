import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markerLabel } from '../../src/tickets/markers.js';
import { randomAlnum } from '../helpers/fake.js';
import { GitlabMock } from './servers/gitlab.js';
import { FAST, fakeSecret, finding, hex, keywardFiles, leaks, makeRepo, run, scanResult, writeConfig, type FakeSecret } from './helpers.js';

describe('GitLab Issues tracker', () => {
  let gl: GitlabMock;
  let repo: { dir: string; cleanup: () => void };
  let token: string;
  let env: NodeJS.ProcessEnv;
  let secrets: FakeSecret[];
  let findings: ReturnType<typeof finding>[];

  const config = (extra = ''): string =>
    `[tickets]\ntracker = "gitlab"\n${FAST}[tickets.gitlab]\nurl = "${gl.url}"\nproject = "acme/platform/app"\nlabels = ["security", "leak"]\nassignee_ids = [7]\n${extra}`;

  beforeEach(async () => {
    token = `glpat-test-${randomAlnum(20)}`;
    gl = new GitlabMock(token);
    await gl.start();
    repo = makeRepo('git@gitlab.example.com:acme/platform/app.git', '[Backend] @backend-team\n/src/ @alice\nnotebooks/\n');
    writeConfig(repo.dir, config());
    env = { KEYWARD_GITLAB_TOKEN: token };
    secrets = [fakeSecret(), fakeSecret({ kind: 'ai-service-token', risk: 'high' })];
    findings = [
      finding(secrets[0]!, { file: 'src/settings.py', line: 10, locations: [{ commit: hex(40), file: 'src/settings.py', line: 11 }] }),
      finding(secrets[1]!, { file: 'notebooks/demo.ipynb', line: 200 }),
    ];
  });
  afterEach(async () => {
    await gl.close();
    repo.cleanup();
  });

  function assertClean(): void {
    expect(gl.violations).toEqual([]);
    const texts = [...gl.requests.map((r) => r.body), ...Object.values(keywardFiles(repo.dir))];
    expect(leaks(texts, [...secrets.map((s) => s.raw), token])).toEqual([]);
  }

  it('opens one issue per secret with labels, assignees, due date and GitLab links', async () => {
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(gl.issues).toHaveLength(2);
    const [i1, i2] = gl.issues;
    expect(i1!.labels).toEqual(['security', 'leak', markerLabel(secrets[0]!.fingerprint)]);
    expect(i1!.assignee_ids).toEqual([7]);
    expect(i1!.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(i1!.description).toContain(`https://gitlab.example.com/acme/platform/app/-/blob/${findings[0]!.commit}/src/settings.py#L10`);
    expect(i1!.description).toContain(`https://gitlab.example.com/acme/platform/app/-/commit/${findings[0]!.commit}`);
    expect(i1!.description).toContain('@alice');
    expect(i2!.description).toContain('@backend-team'); // GitLab section default owner
    expect(i2!.description).toContain('7 days, policy for high risk');
    // the project path travels URL-encoded in one segment, as the API requires
    expect(gl.requests.some((q) => q.path === '/api/v4/projects/acme%2Fplatform%2Fapp/issues' && q.method === 'POST')).toBe(true);
    const created = gl.requests.find((q) => q.method === 'POST' && q.path.endsWith('/issues'))!;
    expect(typeof (created.json as { labels: unknown }).labels).toBe('string');
    assertClean();
  });

  it('is exactly-once across reruns and fresh clones, comments on new places, reopens only for new commits', async () => {
    await run(repo.dir, scanResult(findings), env);
    const n = gl.requests.length;
    expect((await run(repo.dir, scanResult(findings), env)).stdout).toMatch(/2 unchanged/);
    expect(gl.requests.length).toBe(n);

    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    const fresh = await run(repo.dir, scanResult(findings), env);
    expect(fresh.stdout).toMatch(/0 opened, 0 updated, 0 reopened, 2 unchanged/);
    expect(gl.issues).toHaveLength(2);

    gl.closeIssue(1);
    expect((await run(repo.dir, scanResult(findings), env)).stdout).toMatch(/2 unchanged/);
    expect(gl.issues[0]!.state).toBe('closed');

    const more = [...findings, finding(secrets[0]!, { commit: hex(40), file: 'src/settings.py', line: 10 })];
    const r = await run(repo.dir, scanResult(more), env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 reopened/);
    expect(gl.issues[0]!.state).toBe('opened');
    const userNotes = gl.issues[0]!.notes.filter((x) => !x.system);
    expect(userNotes).toHaveLength(1);
    expect(userNotes[0]!.body).toContain('Reopened');
    expect(gl.requests.some((q) => q.method === 'PUT' && (q.json as { state_event?: string }).state_event === 'reopen')).toBe(true);

    // fresh clone after the reopen: system notes are not keyward's, the marker in the comment covers the new place
    rmSync(join(repo.dir, '.git', 'keyward'), { recursive: true });
    expect((await run(repo.dir, scanResult(more), env)).stdout).toMatch(/2 unchanged/);
    expect(gl.issues[0]!.notes.filter((x) => !x.system)).toHaveLength(1);
    expect(gl.issues).toHaveLength(2);
    assertClean();
  });

  it('honours Retry-After on 429, retries 502 and dropped connections, no duplicates', async () => {
    writeConfig(repo.dir, config().replace('[tickets.gitlab]', 'concurrency = 1\n[tickets.gitlab]'));
    const post = (q: { method: string; path: string }): boolean => q.method === 'POST' && q.path.endsWith('/issues');
    gl.inject(post, { kind: 'status', status: 429, retryAfter: '1', headers: { 'ratelimit-remaining': '0' } }, 1);
    gl.inject(post, { kind: 'status', status: 502 }, 2);
    gl.inject(post, { kind: 'drop-after' }, 1);
    const r = await run(repo.dir, scanResult(findings), env);
    expect(r.code).toBe(0);
    expect(gl.issues).toHaveLength(2);
    const posts = gl.requests.filter(post);
    const limited = posts[0]!;
    const next = gl.requests[gl.requests.indexOf(limited) + 1]!;
    expect(next.at - limited.at).toBeGreaterThanOrEqual(950);
    // one attempt per request: only keyward's retry loop (with Retry-After) repeats a call
    expect(posts.length).toBeLessThanOrEqual(6);
    assertClean();
  });

  it('a comment whose answer was lost is not posted twice', async () => {
    await run(repo.dir, scanResult(findings), env);
    gl.inject((q) => q.method === 'POST' && q.path.endsWith('/notes'), { kind: 'drop-after' }, 1);
    const more = [...findings, finding(secrets[1]!, { commit: hex(40), file: 'notebooks/copy.ipynb', line: 3 })];
    const r = await run(repo.dir, scanResult(more), env);
    expect(r.code).toBe(0);
    expect(gl.issues[1]!.notes.filter((x) => !x.system)).toHaveLength(1);
    assertClean();
  });

  it('rejects bad credentials and unknown projects with what to fix (exit 2)', async () => {
    const bad = await run(repo.dir, scanResult(findings), { KEYWARD_GITLAB_TOKEN: 'nope-nope-nope' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/GitLab acme\/platform\/app: the token was rejected \(401 401 Unauthorized\); set KEYWARD_GITLAB_TOKEN \(or GITLAB_TOKEN\) to a valid access token with the "api" scope/);
    expect(bad.stderr).not.toContain('nope-nope-nope');
    writeConfig(repo.dir, `[tickets]\ntracker = "gitlab"\n${FAST}[tickets.gitlab]\nurl = "${gl.url}"\nproject = "acme/other"\n`);
    const missing = await run(repo.dir, scanResult(findings), env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/project acme\/other not found, or the token cannot see it \(404\); check tickets.gitlab.project/);
    expect(gl.issues).toHaveLength(0);
  });

  it('never carries the token along a redirect (exit 2, names where it pointed)', async () => {
    const elsewhere = new GitlabMock(token);
    await elsewhere.start();
    try {
      gl.inject(() => true, { kind: 'status', status: 307, headers: { location: `${elsewhere.url}/api/v4/projects/acme%2Fplatform%2Fapp` } }, 100);
      const r = await run(repo.dir, scanResult(findings), env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/GitLab acme\/platform\/app: check failed \(307 redirected to 127\.0\.0\.1:\d+; keyward does not follow redirects with the token: set tickets\.gitlab\.url/);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('accepts a numeric project id and a custom token variable', async () => {
    writeConfig(repo.dir, `[tickets]\ntracker = "gitlab"\n${FAST}[tickets.gitlab]\nurl = "${gl.url}"\nproject = 42\ntoken_env = "CI_TICKETS_TOKEN"\ndue_date = false\n`);
    const r = await run(repo.dir, scanResult(findings), { CI_TICKETS_TOKEN: token });
    expect(r.code).toBe(0);
    expect(gl.issues).toHaveLength(2);
    expect(gl.issues[0]!.due_date).toBeNull();
    expect(gl.requests.some((q) => q.path === '/api/v4/projects/42/issues')).toBe(true);
    const wrongVar = await run(repo.dir, scanResult(findings), { KEYWARD_GITLAB_TOKEN: token });
    expect(wrongVar.code).toBe(2);
    expect(wrongVar.stderr).toMatch(/set CI_TICKETS_TOKEN/);
  });
});
