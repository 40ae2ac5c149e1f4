/**
 * The scanned repository is untrusted: anyone who can open a pull request writes its keyward.toml.
 * These tests run the real, built keyward (`history --open-tickets` and `tickets`, history scan
 * included) on real repositories with a pushed secret, and check that the repository's config
 * cannot send a credential, or anything else, anywhere, while the trusted routes still work.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomAlnum, tempDir } from '../helpers/fake.js';
import { commit, git, initRepo, secretLine } from '../history/helpers.js';
import { killChildren, spawnCli } from './child.js';
import { leaks } from './helpers.js';
import { GithubMock } from './servers/github.js';
import { WebhookMock } from './servers/webhook.js';

const SLOW = { timeout: 300_000 };

let tmp: { dir: string; cleanup: () => void };
let repo: string;
let xdg: string;
let secret: string;
/** Credentials a CI job has in its environment: none may reach a destination the repository chose. */
let aws: string;
let ghToken: string;

beforeEach(() => {
  tmp = tempDir('keyward-trust-');
  // Two levels down, so that "../../x.jsonl" would land in this test's own directory.
  repo = initRepo(join(tmp.dir, 'work', 'r'));
  const remote = join(tmp.dir, 'remote.git');
  git(tmp.dir, ['init', '-q', '--bare', remote]);
  git(repo, ['remote', 'add', 'origin', remote]);
  const s = secretLine();
  secret = s.secret;
  commit(repo, { 'src/app.js': `${s.line}\n` }, 'add the client');
  git(repo, ['push', '-q', 'origin', 'main']);
  xdg = join(tmp.dir, 'xdg');
  aws = randomAlnum(40);
  ghToken = `test-${randomAlnum(30)}`;
});
afterEach(() => {
  killChildren();
  tmp.cleanup();
});

/** Commits the attacker's keyward.toml, as a pull request would bring it. */
function repoConfig(toml: string): string {
  commit(repo, { 'keyward.toml': toml }, 'tune keyward');
  return join(repo, 'keyward.toml');
}

function userConfig(toml: string): string {
  mkdirSync(join(xdg, 'keyward'), { recursive: true });
  const file = join(xdg, 'keyward', 'config.toml');
  writeFileSync(file, toml, { mode: 0o600 });
  return file;
}

function keyward(args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof spawnCli>['done'] {
  return spawnCli(args, repo, { XDG_CONFIG_HOME: xdg, AWS_SECRET_ACCESS_KEY: aws, GITHUB_TOKEN: ghToken, ...env }).done;
}

/** The one-line warning for a field of the repository's config that keyward ignored. */
const ignored = (file: string, field: string): RegExp =>
  new RegExp(`^keyward: warning: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${field.replace(/\./g, '\\.')} is ignored: the scanned repository's own config cannot choose where tickets or credentials go; set it in your user config .*, with --config, or in the environment \\(see docs/tickets\\.md\\)$`, 'm');

const localTickets = (): string[] => {
  const f = join(repo, '.git', 'keyward', 'tickets.jsonl');
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
};

describe("a repository's own keyward.toml cannot send credentials anywhere", () => {
  let sink: WebhookMock;
  beforeEach(async () => {
    sink = new WebhookMock('/collect');
    await sink.start();
  });
  afterEach(() => sink.close());

  it('webhook url + token_env = AWS_SECRET_ACCESS_KEY: nothing is sent, each field is named, tickets stay local', SLOW, async () => {
    const file = repoConfig(`[tickets]\ntracker = "webhook"\n[tickets.webhook]\nurl = "${sink.url}/collect"\ntoken_env = "AWS_SECRET_ACCESS_KEY"\n`);
    const r = await keyward(['history', '--format', 'json', '--open-tickets']);
    expect(r.code).toBe(1); // secrets found; the tickets themselves went fine
    expect(sink.requests).toEqual([]);
    for (const field of ['tickets.tracker', 'tickets.webhook.url', 'tickets.webhook.token_env']) expect(r.stderr).toMatch(ignored(file, field));
    expect(localTickets().map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['opened']);
    expect(leaks([r.stdout, r.stderr, ...localTickets()], [aws, secret])).toEqual([]);

    const t = await keyward(['tickets']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/1 unchanged/);
    expect(t.stderr).toMatch(ignored(file, 'tickets.webhook.url'));
    expect(sink.requests).toEqual([]);
  });

  it('even when the CI itself chose the webhook tracker, the URL must come from a trusted place', SLOW, async () => {
    const file = repoConfig(`[tickets.webhook]\nurl = "${sink.url}/collect"\ntoken_env = "AWS_SECRET_ACCESS_KEY"\n`);
    const r = await keyward(['tickets'], { KEYWARD_TICKETS_TRACKER: 'webhook' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(ignored(file, 'tickets.webhook.url'));
    expect(r.stderr).toMatch(/^keyward: tracker error: webhook: no URL; set tickets.webhook.url, or the environment variable KEYWARD_WEBHOOK_URL$/m);
    expect(sink.requests).toEqual([]);
    expect(leaks([r.stdout, r.stderr], [aws, secret])).toEqual([]);
  });

  it('github api_url (with GITHUB_TOKEN) and token_env: the token goes only to the trusted GitHub', SLOW, async () => {
    const evil = new GithubMock(ghToken);
    const trusted = new GithubMock(ghToken);
    await Promise.all([evil.start(), trusted.start()]);
    try {
      const file = repoConfig(`[tickets]\ntracker = "github"\n[tickets.github]\nrepo = "acme/app"\napi_url = "${evil.url}"\ntoken_env = "AWS_SECRET_ACCESS_KEY"\nlabels = ["from-the-repo"]\n`);
      // Without a trusted tracker choice, nothing is sent at all.
      const quiet = await keyward(['history', '--format', 'json', '--open-tickets']);
      expect(quiet.code).toBe(1);
      for (const field of ['tickets.tracker', 'tickets.github.repo', 'tickets.github.api_url', 'tickets.github.token_env']) expect(quiet.stderr).toMatch(ignored(file, field));
      expect(evil.requests).toEqual([]);

      // The CI's own config picks GitHub: the repository still cannot redirect the token, but its wording applies.
      userConfig(`[tickets]\ntracker = "github"\n[tickets.github]\nrepo = "acme/app"\napi_url = "${trusted.url}"\n`);
      const r = await keyward(['history', '--format', 'json', '--open-tickets', '--full']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(ignored(file, 'tickets.github.api_url'));
      expect(evil.requests).toEqual([]);
      expect(trusted.tickets()).toHaveLength(1);
      expect(trusted.tickets()[0]!.labels).toContain('from-the-repo');
      expect(trusted.requests.every((q) => q.headers.authorization === `token ${ghToken}`)).toBe(true);
      expect(leaks([...trusted.requests.map((q) => `${JSON.stringify(q.headers)} ${q.body}`), r.stdout, r.stderr], [aws, secret])).toEqual([]);
    } finally {
      await Promise.all([evil.close(), trusted.close()]);
    }
  });
});

describe("a repository's own jsonl path must stay inside it", () => {
  it('../../x.jsonl is refused (exit 2, one line naming file and field) and nothing is written outside', SLOW, async () => {
    const file = repoConfig('[tickets.jsonl]\npath = "../../x.jsonl"\n');
    const target = join(tmp.dir, 'x.jsonl');
    for (const args of [['history', '--format', 'json', '--open-tickets'], ['tickets']]) {
      const r = await keyward(args);
      expect(r.code).toBe(2);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('keyward: config error'));
      expect(errors).toEqual([`keyward: config error: ${file}: tickets.jsonl.path "../../x.jsonl" is refused: it resolves outside the repository; the scanned repository's own config may only write inside its working tree (set the path in your user config or with --config)`]);
      expect(existsSync(target)).toBe(false);
    }
  });

  it('a committed symlink out of the repository and a path into .git are refused too', SLOW, async () => {
    const outside = join(tmp.dir, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(repo, 'logs'));
    repoConfig('[tickets.jsonl]\npath = "logs/tickets.jsonl"\n');
    const viaLink = await keyward(['tickets']);
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toMatch(/tickets\.jsonl\.path "logs\/tickets\.jsonl" is refused: it resolves outside the repository/);
    expect(existsSync(join(outside, 'tickets.jsonl'))).toBe(false);

    symlinkSync(join(outside, 'new.jsonl'), join(repo, 'dangling.jsonl'));
    repoConfig('[tickets.jsonl]\npath = "dangling.jsonl"\n');
    const dangling = await keyward(['tickets']);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toMatch(/is refused: it goes through a symbolic link that points to nothing/);
    expect(existsSync(join(outside, 'new.jsonl'))).toBe(false);

    const hook = join(repo, '.git', 'hooks', 'post-checkout');
    repoConfig('[tickets.jsonl]\npath = ".git/hooks/post-checkout"\n');
    const intoGit = await keyward(['tickets']);
    expect(intoGit.code).toBe(2);
    expect(intoGit.stderr).toMatch(/tickets\.jsonl\.path "\.git\/hooks\/post-checkout" is refused: it is inside a git directory/);
    expect(existsSync(hook)).toBe(false);
  });

  it('a trusted config may put the file anywhere', SLOW, async () => {
    const elsewhere = join(tmp.dir, 'audit', 'tickets.jsonl');
    userConfig(`[tickets.jsonl]\npath = "${elsewhere}"\n`);
    const r = await keyward(['tickets']);
    expect(r.code).toBe(0);
    expect(readFileSync(elsewhere, 'utf8')).toMatch(/"event":"opened"/);
  });
});

describe('the trusted routes still choose the tracker', () => {
  let hook: WebhookMock;
  let hookToken: string;
  beforeEach(async () => {
    hookToken = `hook-${randomAlnum(24)}`;
    hook = new WebhookMock('/team', hookToken);
    await hook.start();
  });
  afterEach(() => hook.close());

  const delivered = (): number => hook.requests.filter((q) => q.headers.authorization === `Bearer ${hookToken}`).length;

  it('the --tracker flag with the URL and token in the environment', SLOW, async () => {
    const r = await keyward(['tickets', '--tracker', 'webhook'], { KEYWARD_WEBHOOK_URL: `${hook.url}/team`, KEYWARD_WEBHOOK_TOKEN: hookToken });
    expect(r.code).toBe(0);
    expect(hook.events).toHaveLength(1);
    expect(delivered()).toBe(1);
  });

  it('KEYWARD_TICKETS_TRACKER for history --open-tickets', SLOW, async () => {
    const r = await keyward(['history', '--format', 'json', '--open-tickets'], { KEYWARD_TICKETS_TRACKER: 'webhook', KEYWARD_WEBHOOK_URL: `${hook.url}/team`, KEYWARD_WEBHOOK_TOKEN: hookToken });
    expect(r.code).toBe(1);
    expect(hook.events).toHaveLength(1);
    expect(delivered()).toBe(1);
  });

  it("the user's own config wins over the repository's, which is named and ignored", SLOW, async () => {
    const sink = new WebhookMock('/collect');
    await sink.start();
    try {
      const file = repoConfig(`[tickets]\ntracker = "webhook"\n[tickets.webhook]\nurl = "${sink.url}/collect"\ntoken_env = "AWS_SECRET_ACCESS_KEY"\n`);
      userConfig(`[tickets]\ntracker = "webhook"\n[tickets.webhook]\nurl = "${hook.url}/team"\ntoken_env = "TEAM_HOOK_TOKEN"\n`);
      const r = await keyward(['history', '--format', 'json', '--open-tickets'], { TEAM_HOOK_TOKEN: hookToken });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(ignored(file, 'tickets.webhook.token_env'));
      expect(sink.requests).toEqual([]);
      expect(delivered()).toBe(1);
      expect(leaks(hook.requests.map((q) => `${JSON.stringify(q.headers)} ${q.body}`), [aws, secret])).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it('a config file given with --config (history and tickets)', SLOW, async () => {
    const ci = join(tmp.dir, 'ci.toml');
    writeFileSync(ci, `[tickets]\ntracker = "webhook"\n[tickets.webhook]\nurl = "${hook.url}/team"\ntoken_env = "TEAM_HOOK_TOKEN"\n`);
    const r = await keyward(['history', '--format', 'json', '--open-tickets', '--config', ci], { TEAM_HOOK_TOKEN: hookToken });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/warning/);
    expect(delivered()).toBe(1);
    commit(repo, { 'src/more.js': `${secretLine().line}\n` }, 'another');
    git(repo, ['push', '-q', 'origin', 'main']);
    const t = await keyward(['tickets', '--config', ci], { TEAM_HOOK_TOKEN: hookToken });
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/1 opened/);
    expect(delivered()).toBe(2);
  });

  it('plain http to another machine is refused, wherever the URL comes from', SLOW, async () => {
    userConfig('[tickets]\ntracker = "webhook"\n[tickets.webhook]\nurl = "http://hooks.example.com/team"\n');
    const r = await keyward(['tickets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyward: config error: .*config\.toml: "tickets.webhook.url" is refused \(host hooks.example.com, port 80\): plain http to a host that is not this machine; use https/m);
    userConfig('[tickets]\ntracker = "webhook"\n');
    const env = await keyward(['tickets'], { KEYWARD_WEBHOOK_URL: 'http://hooks.example.com/secret-path' });
    expect(env.code).toBe(2);
    expect(env.stderr).toBe('keyward: tracker error: webhook: KEYWARD_WEBHOOK_URL is refused (host hooks.example.com, port 80): plain http to a host that is not this machine; use https (http is accepted only for 127.0.0.1, ::1 and localhost)\n');
  });

  it('a user config that others can write is not trusted', SLOW, async () => {
    const file = userConfig(`[tickets]\ntracker = "webhook"\n[tickets.webhook]\nurl = "${hook.url}/team"\n`);
    chmodSync(file, 0o666);
    const r = await keyward(['tickets'], { KEYWARD_WEBHOOK_TOKEN: hookToken });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`keyward: warning: ${file} is ignored: it is writable by other users (chmod go-w), and it decides where credentials go\n`);
    expect(hook.requests).toEqual([]);
    expect(localTickets()).toHaveLength(1);
  });
});
