import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../src/tickets/errors.js';
import { describeAnswer } from '../../src/tickets/trackers/answer.js';
import { randomAlnum } from '../helpers/fake.js';
import { FAST, fakeSecret, finding, makeRepo, run, scanResult, writeConfig } from './helpers.js';

/**
 * A server that answers every request 200 with what `answer` gives: what keyward meets when the
 * configured URL is a web site, a sign-in page or a proxy rather than the tracker's API.
 */
async function serve(answer: (req: IncomingMessage) => { type: string; body: string }): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const a = answer(req);
      res.writeHead(200, { 'content-type': a.type });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const HTML = { type: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>' };

describe('a tracker answering something else than its API', () => {
  let repo: { dir: string; cleanup: () => void };
  let server: Server | undefined;
  let token: string;
  beforeEach(() => {
    repo = makeRepo();
    token = `test-${randomAlnum(30)}`;
  });
  afterEach(async () => {
    repo.cleanup();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('GitHub: an HTML page where the API should be says what was expected and which setting to check (exit 2)', async () => {
    const s = await serve(() => HTML);
    server = s.server;
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}[tickets.github]\nrepo = "acme/app"\napi_url = "${s.url}"\n`);
    const r = await run(repo.dir, scanResult([finding(fakeSecret())]), { KEYWARD_GITHUB_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /GitHub acme\/app: unexpected answer to check: expected the repository \(a JSON object with full_name\), got an HTML page; check tickets.github.api_url: it must be GitHub's REST API/,
    );
    expect(r.stderr).not.toContain(token);
    expect(r.stderr).not.toMatch(/Sign in|TypeError|is not a function/);
  });

  it('GitHub: the repository answered, then an object where the issue list should be', async () => {
    const s = await serve((req) => ({ type: 'application/json', body: JSON.stringify(req.url?.includes('/issues') ? { items: [] } : { id: 1, full_name: 'acme/app', has_issues: true }) }));
    server = s.server;
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}[tickets.github]\nrepo = "acme/app"\napi_url = "${s.url}"\n`);
    const r = await run(repo.dir, scanResult([finding(fakeSecret())]), { KEYWARD_GITHUB_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GitHub acme\/app: unexpected answer to find: expected a JSON list of issues, got a JSON object;/);
  });

  it('GitLab: a JSON object without the project id says so', async () => {
    const s = await serve(() => ({ type: 'application/json', body: JSON.stringify({ status: 'ok' }) }));
    server = s.server;
    writeConfig(repo.dir, `[tickets]\ntracker = "gitlab"\n${FAST}[tickets.gitlab]\nurl = "${s.url}"\nproject = "acme/app"\n`);
    const r = await run(repo.dir, scanResult([finding(fakeSecret())]), { KEYWARD_GITLAB_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GitLab acme\/app: unexpected answer to check: expected the project \(a JSON object with id\), got a JSON object without id; check tickets.gitlab.url/);
  });

  it('Jira: an HTML page where the site should be is not taken for a project, and no ticket without a key is recorded', async () => {
    const s = await serve(() => HTML);
    server = s.server;
    writeConfig(repo.dir, `[tickets]\ntracker = "jira"\n${FAST}[tickets.jira]\nurl = "${s.url}"\nproject = "SEC"\n`);
    const r = await run(repo.dir, scanResult([finding(fakeSecret())]), { KEYWARD_JIRA_EMAIL: 'a@example.com', KEYWARD_JIRA_API_TOKEN: token });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Jira SEC: unexpected answer to check: expected the project \(a JSON object with key\), got (an HTML page|text that is not JSON); check tickets.jira.url/);
    expect(r.stderr).not.toContain(token);
  });

  it('a webhook whose host refuses the connection: the failure names host, port and reason', async () => {
    // A port that was just listened on and closed: nothing listens there now.
    const s = await serve(() => HTML);
    const port = new URL(s.url).port;
    await new Promise((resolve) => s.server.close(resolve));
    writeConfig(repo.dir, `[tickets]\ntracker = "webhook"\n${FAST}[tickets.webhook]\nurl = "${s.url}/hooks/path-value"\n`);
    const r = await run(repo.dir, scanResult([finding(fakeSecret())]), {});
    expect(r.code).toBe(3); // run again to complete (README "Exit codes")
    expect(r.stderr).toMatch(new RegExp(`network error: connection refused \\(host 127\\.0\\.0\\.1, port ${port}\\): ECONNREFUSED`));
    expect(r.stderr).not.toMatch(/fetch failed|path-value/);
    // The same through Octokit (GitHub), which wraps fetch's error once more.
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n${FAST}[tickets.github]\nrepo = "acme/app"\napi_url = "${s.url}"\n`);
    const gh = await run(repo.dir, scanResult([finding(fakeSecret())]), { KEYWARD_GITHUB_TOKEN: token });
    expect(gh.stderr).toMatch(new RegExp(`GitHub acme/app: network error during check: connection refused \\(host 127\\.0\\.0\\.1, port ${port}\\): ECONNREFUSED`));
    const blocked = await fetch('http://127.0.0.1:9/').catch((e: unknown) => e);
    expect(describeNetworkError(blocked)).toBe('fetch failed (bad port)');
  });

  it('describes an answer without quoting it', () => {
    expect(describeAnswer('<html><body>x</body></html>')).toBe('an HTML page');
    expect(describeAnswer('plain words')).toBe('text that is not JSON');
    expect(describeAnswer('')).toBe('an empty answer');
    expect(describeAnswer([])).toBe('a JSON list');
    expect(describeAnswer({ a: 1 }, ['a', 'number', 'html_url'])).toBe('a JSON object without number, html_url');
    expect(describeAnswer(42)).toBe('a JSON number');
  });
});
