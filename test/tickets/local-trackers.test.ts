import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomAlnum } from '../helpers/fake.js';
import { WebhookMock } from './servers/webhook.js';
import { auditLines, FAST, fakeSecret, finding, hex, keywardFiles, leaks, makeRepo, run, scanResult, writeConfig, writeRepoConfig, type FakeSecret } from './helpers.js';

function jsonl(dir: string, file = join(dir, '.git', 'keyward', 'tickets.jsonl')): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('JSONL tracker (the default: no account, no network)', () => {
  let repo: { dir: string; cleanup: () => void };
  let secrets: FakeSecret[];
  beforeEach(() => {
    repo = makeRepo();
    secrets = [fakeSecret(), fakeSecret({ risk: 'high', kind: 'api-token' })];
  });
  afterEach(() => repo.cleanup());

  it('works without any configuration and records one ticket per secret', async () => {
    const fs = [finding(secrets[0]!), finding(secrets[0]!, { file: 'b.env' }), finding(secrets[1]!), finding(fakeSecret(), { pushed: false })];
    const r = await run(repo.dir, scanResult(fs), {});
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const events = jsonl(repo.dir);
    expect(events.map((e) => e.event)).toEqual(['opened', 'opened']);
    expect(events[0]!.id).toBe(`KW-${secrets[0]!.fingerprint.slice(0, 12)}`);
    expect(events[0]!.body).toContain('b.env line 3');
    expect((events[0]!.ticket as { secret: string }).secret).toBe(`${secrets[0]!.raw.slice(0, 4)}…`);
    expect(r.stdout).toMatch(/opened +file:\/\/.*tickets\.jsonl#KW-/);

    // rerun, and rerun without local state: the file itself is searched
    await run(repo.dir, scanResult(fs), {});
    rmSync(join(repo.dir, '.git', 'keyward', 'tickets.json'));
    const again = await run(repo.dir, scanResult(fs), {});
    expect(again.stdout).toMatch(/2 unchanged/);
    expect(jsonl(repo.dir)).toHaveLength(2);
    const texts = Object.values(keywardFiles(repo.dir));
    expect(leaks(texts, secrets.map((s) => s.raw))).toEqual([]);
  });

  it('a closed ticket stays closed until a new commit; a torn last line does not corrupt the file', async () => {
    const fs = [finding(secrets[0]!)];
    await run(repo.dir, scanResult(fs), {});
    const file = join(repo.dir, '.git', 'keyward', 'tickets.jsonl');
    appendFileSync(file, `${JSON.stringify({ event: 'closed', id: `KW-${secrets[0]!.fingerprint.slice(0, 12)}`, time: new Date().toISOString() })}\n`);
    appendFileSync(file, '{"event":"commen'); // a crash mid-write
    expect((await run(repo.dir, scanResult([...fs, finding(secrets[0]!, { commit: fs[0]!.commit, file: 'other.env' })]), {})).stdout).toMatch(/1 updated, 0 reopened/);
    const r = await run(repo.dir, scanResult([...fs, finding(secrets[0]!, { commit: hex(40) })]), {});
    expect(r.stdout).toMatch(/1 reopened/);
    const events = jsonl(repo.dir, file);
    expect(events.map((e) => e.event)).toEqual(['opened', 'closed', 'commented', 'reopened', 'commented']);
    expect(auditLines(repo.dir).map((l) => l.event)).toEqual(['opened', 'closed', 'updated', 'reopened']); // the closing, as keyward saw it
    expect(readFileSync(file, 'utf8').split('\n')).toContain('{"event":"commen'); // the torn line stays on its own
  });

  it('takes a configured path relative to the repository', async () => {
    // The repository's own keyward.toml may choose a path inside the repository.
    writeRepoConfig(repo.dir, '[tickets]\n[tickets.jsonl]\npath = "security/tickets.jsonl"\n');
    await run(repo.dir, scanResult([finding(secrets[0]!)]), {});
    expect(jsonl(repo.dir, join(repo.dir, 'security', 'tickets.jsonl'))).toHaveLength(1);
  });
});

describe('generic JSON webhook', () => {
  let hook: WebhookMock;
  let repo: { dir: string; cleanup: () => void };
  let secrets: FakeSecret[];
  let hookPath: string;
  let token: string;
  beforeEach(async () => {
    hookPath = `/services/T000/B000/${randomAlnum(24)}`; // like a chat webhook: the path is a secret
    token = randomAlnum(32);
    hook = new WebhookMock(hookPath, token);
    await hook.start();
    repo = makeRepo();
    writeConfig(repo.dir, `[tickets]\ntracker = "webhook"\n${FAST}[tickets.webhook]\nurl_env = "TEAM_HOOK_URL"\n`);
    secrets = [fakeSecret(), fakeSecret()];
  });
  afterEach(async () => {
    await hook.close();
    repo.cleanup();
  });

  it('posts one event per secret, updates once, and never prints the hook URL or token', async () => {
    const env = { TEAM_HOOK_URL: `${hook.url}${hookPath}`, KEYWARD_WEBHOOK_TOKEN: token };
    const fs = secrets.map((s) => finding(s));
    const r = await run(repo.dir, scanResult(fs), env);
    expect(r.code).toBe(0);
    expect(hook.events.map((e) => e.event)).toEqual(['ticket.opened', 'ticket.opened']);
    expect(String(hook.events[0]!.text)).toContain('Revoke exposed');
    await run(repo.dir, scanResult(fs), env);
    expect(hook.requests).toHaveLength(2);
    await run(repo.dir, scanResult([...fs, finding(secrets[0]!, { commit: hex(40) })]), env);
    expect(hook.events.map((e) => e.event)).toEqual(['ticket.opened', 'ticket.opened', 'ticket.updated']);
    expect(auditLines(repo.dir).map((l) => l.url)).toContain(`https://tickets.example.com/t/KW-${secrets[0]!.fingerprint.slice(0, 12)}`);
    const all = [r.stdout, r.stderr, ...Object.values(keywardFiles(repo.dir)), ...hook.requests.map((q) => q.body)];
    expect(leaks(all, [...secrets.map((s) => s.raw), token, hookPath])).toEqual([]);
    expect(hook.violations).toEqual([]);
  });

  it('resends with the same Idempotency-Key after a lost answer, so the receiver keeps one event', async () => {
    const env = { TEAM_HOOK_URL: `${hook.url}${hookPath}`, KEYWARD_WEBHOOK_TOKEN: token };
    hook.inject(() => true, { kind: 'drop-after' }, 1);
    hook.inject(() => true, { kind: 'status', status: 500 }, 1);
    const r = await run(repo.dir, scanResult(secrets.map((s) => finding(s))), env);
    expect(r.code).toBe(0);
    expect(hook.events).toHaveLength(2);
    expect(hook.requests.length).toBe(4);
  });

  it('a refused token is a clear error that names where the token comes from', async () => {
    const r = await run(repo.dir, scanResult([finding(secrets[0]!)]), { TEAM_HOOK_URL: `${hook.url}${hookPath}`, KEYWARD_WEBHOOK_TOKEN: 'wrong-token-value' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/webhook at 127\.0\.0\.1:\d+: the receiver refused keyward \(401\); check the bearer token in TEAM_HOOK_URL \/ KEYWARD_WEBHOOK_TOKEN/);
    expect(r.stderr).not.toContain(hookPath);
    const none = await run(repo.dir, scanResult([finding(secrets[0]!)]), {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set tickets.webhook.url, or the environment variable TEAM_HOOK_URL/);
  });
});
