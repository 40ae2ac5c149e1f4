import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { toAdf } from '../../src/tickets/adf.js';
import { CodeOwners } from '../../src/git/codeowners.js';
import { defaultTicketsConfig, parseTickets } from '../../src/tickets/config.js';
import { refusedDestination } from '../../src/tickets/destination.js';
import { code, link, text, toMarkdown } from '../../src/tickets/doc.js';
import { HttpFailure, retryAfterMs, TrackerError } from '../../src/tickets/errors.js';
import { groupPushed } from '../../src/tickets/group.js';
import { commitUrl, fileUrl, parseRemote } from '../../src/git/remote-web.js';
import { coveredFromMarkdown, locationKey, markdownMarker } from '../../src/tickets/markers.js';
import { parseDuration } from '../../src/model/duration.js';
import { DEFAULT_POLICY, deadlineFor, formatDuration } from '../../src/policy/revoke.js';
import { withRetry, type RetryOptions } from '../../src/tickets/retry.js';
import { TicketStore } from '../../src/tickets/state.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';
import { adfProblem } from './servers/jira.js';
import { fakeSecret, finding, hex } from './helpers.js';

describe('links from remote URLs', () => {
  it.each([
    ['https://github.com/acme/app.git', 'https://github.com/acme/app', 'github'],
    ['git@github.com:acme/app.git', 'https://github.com/acme/app', 'github'],
    ['ssh://git@github.com/acme/app', 'https://github.com/acme/app', 'github'],
    ['ssh://git@gitlab.example.com:2222/group/sub/proj.git', 'https://gitlab.example.com/group/sub/proj', 'gitlab'],
    ['https://gitlab.com/group/sub/proj', 'https://gitlab.com/group/sub/proj', 'gitlab'],
    ['https://github.acme.corp/team/app.git', 'https://github.acme.corp/team/app', 'github'],
    ['https://git.example.org/team/app.git', 'https://git.example.org/team/app', undefined],
  ])('%s → %s (%s)', (remote, base, forge) => {
    const w = parseRemote(remote)!;
    expect(w.base).toBe(base);
    expect(w.forge).toBe(forge);
  });

  it('drops credentials embedded in a remote URL', () => {
    const tok = randomAlnum(36);
    const w = parseRemote(`https://x-access-token:${tok}@github.com/acme/app.git`)!;
    expect(w.base).toBe('https://github.com/acme/app');
    expect(JSON.stringify(w)).not.toContain(tok);
  });

  it('keeps the port of http(s) remotes and honours configured hosts', () => {
    const w = parseRemote('http://git.local:8080/team/app.git', { 'git.local': 'gitlab' })!;
    expect(w.base).toBe('http://git.local:8080/team/app');
    expect(commitUrl(w, 'a'.repeat(40))).toBe(`http://git.local:8080/team/app/-/commit/${'a'.repeat(40)}`);
  });

  it('has no web location for local paths', () => {
    for (const r of ['/srv/git/app.git', 'file:///srv/git/app.git', '../app', 'C:\\repos\\app']) expect(parseRemote(r)).toBeUndefined();
  });

  it('encodes file paths and refuses non-hex commits', () => {
    const w = parseRemote('git@github.com:acme/app.git')!;
    const sha = 'b'.repeat(40);
    expect(fileUrl(w, sha, 'dir with space/a#b?.env', 7)).toBe(`https://github.com/acme/app/blob/${sha}/dir%20with%20space/a%23b%3F.env#L7`);
    expect(commitUrl(w, 'HEAD; rm -rf')).toBeUndefined();
  });
});

describe('CODEOWNERS', () => {
  // The example from GitHub's documentation, abridged.
  const gh = CodeOwners.parse(
    [
      '# default owners',
      '*       @global-owner1 @global-owner2',
      '*.js    @js-owner #This is an inline comment.',
      '/build/logs/ @doctocat',
      'docs/*  docs@example.com',
      'apps/ @octocat',
      '/scripts/ @doctocat @octocat',
      '**/logs @octocat',
      '/apps/github',
      'path\\ with\\ space/ @spacey',
    ].join('\n'),
  );
  it.each([
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['src/app.js', ['@js-owner']],
    ['build/logs/today.txt', ['@octocat']], // **/logs matches later than /build/logs/
    ['docs/getting-started.md', ['docs@example.com']],
    ['docs/build-app/troubleshooting.md', ['@global-owner1', '@global-owner2']], // docs/* is not recursive
    ['apps/web/index.ts', ['@octocat']],
    ['apps/github/index.ts', []], // explicitly unowned
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['deep/nested/logs/x.log', ['@octocat']],
    ['path with space/x', ['@spacey']],
  ])('%s → %j', (path, owners) => {
    expect(gh.ownersOf(path)).toEqual(owners);
  });

  it('GitLab sections each contribute their last match, with section default owners', () => {
    const gl = CodeOwners.parse(['*.rb @ruby', '[Docs] @docs-team', '*.md', '^[Security][2] @sec', 'config/ @sec-lead', '/config/db.yml'].join('\n'));
    expect(gl.ownersOf('README.md')).toEqual(['@docs-team']);
    expect(gl.ownersOf('config/app.rb')).toEqual(['@ruby', '@sec-lead']);
    expect(gl.ownersOf('config/db.yml')).toEqual(['@sec']);
  });

  it('loads .github/CODEOWNERS first', () => {
    const t = tempDir();
    mkdirSync(join(t.dir, '.github'));
    writeFileSync(join(t.dir, '.github', 'CODEOWNERS'), '* @from-github-dir\n');
    writeFileSync(join(t.dir, 'CODEOWNERS'), '* @from-root\n');
    expect(CodeOwners.load(t.dir)!.ownersOf('x')).toEqual(['@from-github-dir']);
    t.cleanup();
  });
});

describe('ticket bodies', () => {
  it('escapes Markdown, HTML, mentions and issue references from commit data', () => {
    const md = toMarkdown({ blocks: [{ t: 'para', content: [text('<img src=x onerror=alert(1)> @everyone #12 **bold** [x](http://e)')] }] });
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain('\\<img');
    expect(md).toContain('\\@everyone');
    expect(md).toContain('\\#12');
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(md).toContain('\\[x\\]');
  });

  it('only links http(s) URLs, and fences code containing backticks', () => {
    const md = toMarkdown({ blocks: [{ t: 'para', content: [link('click', 'javascript:alert(1)'), text(' '), code('a`b``c')] }] });
    expect(md).not.toContain('javascript:');
    expect(md).toContain('```a`b``c```');
  });

  it('ADF output is a valid document for Jira', () => {
    const doc = toAdf({
      blocks: [
        { t: 'heading', level: 3, content: [text('Title')] },
        { t: 'para', content: [text(''), code('x'), link('y', 'https://example.com'), link('bad', 'ftp://x')] },
        { t: 'list', ordered: true, items: [[text('one')], [{ t: 'strong', v: 'two' }]] },
      ],
    });
    expect(adfProblem(doc)).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('ftp://');
  });

  it('markers round-trip and ignore other fingerprints', () => {
    const fp = hex(32);
    const keys = [locationKey('a'.repeat(40), 'x.env', 3), locationKey('b'.repeat(40), 'y.env', 4)];
    expect(keys[0]).toMatch(/^a{12}\.[0-9a-f]{8}$/);
    const body = `text\n${markdownMarker(fp, keys)}\n${markdownMarker(hex(32), ['c'.repeat(12) + '.00000000'])}`;
    expect(coveredFromMarkdown(fp, [body, null])).toEqual(keys);
  });
});

describe('revocation policy', () => {
  it('parses durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('500ms')).toBe(500);
    for (const bad of ['', '7', 'soon', '-1d', '0h']) expect(parseDuration(bad)).toBeUndefined();
    expect(formatDuration(86_400_000)).toBe('24 hours');
    expect(formatDuration(30 * 86_400_000)).toBe('30 days');
  });

  it('defaults per risk tier; a kind override wins', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    expect(deadlineFor(DEFAULT_POLICY, 'cloud-credential', 'critical', from).at).toBe('2025-01-02T00:00:00.000Z');
    expect(deadlineFor(DEFAULT_POLICY, 'api-token', 'high', from).at).toBe('2025-01-08T00:00:00.000Z');
    expect(deadlineFor(DEFAULT_POLICY, 'generic', 'medium', from).at).toBe('2025-01-31T00:00:00.000Z');
    expect(deadlineFor(DEFAULT_POLICY, 'api-token', 'low', from).at).toBe('2025-04-01T00:00:00.000Z');
    const cfg = parseTickets({ policy: { high: '3d', kinds: { 'database-credential': '12h' } } }, { file: 'k.toml', trusted: true });
    expect(deadlineFor(cfg.policy, 'api-token', 'high', from).at).toBe('2025-01-04T00:00:00.000Z');
    const db = deadlineFor(cfg.policy, 'database-credential', 'high', from);
    expect(db.at).toBe('2025-01-01T12:00:00.000Z');
    expect(db.basis).toBe('policy for database-credential');
  });
});

describe('[tickets] configuration', () => {
  const TRUSTED = { file: 'config.toml', trusted: true };
  const err = (raw: unknown): string => {
    try {
      parseTickets(raw, TRUSTED);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  it('accepts a full configuration', () => {
    const c = parseTickets(
      {
        tracker: 'jira',
        concurrency: 2,
        retries: 3,
        backoff: '1s',
        timeout: '10s',
        link_hosts: { 'git.corp': 'gitlab' },
        jira: { url: 'https://acme.atlassian.net/', project: 'SEC', labels: ['sec'], priority: { critical: 'Highest' }, token_env: 'JIRA_TOKEN' },
      },
      TRUSTED,
    );
    expect(c.tracker).toBe('jira');
    expect(c.jira!.url).toBe('https://acme.atlassian.net');
    expect(c.jira!.tokenEnv).toBe('JIRA_TOKEN');
    expect(c.retry).toMatchObject({ retries: 3, baseDelayMs: 1000, timeoutMs: 10_000 });
    expect(c.linkHosts).toEqual({ 'git.corp': 'gitlab' });
    expect(c.forgeHosts).toEqual({ 'git.corp': 'gitlab' });
  });
  it("the scanned repository's own config keeps wording, loses every destination and [tickets.policy], and says so per field", () => {
    const warnings: string[] = [];
    const c = parseTickets(
      {
        tracker: 'webhook',
        timeout: '10s',
        policy: { high: '3d' },
        link_hosts: { 'git.corp': 'gitlab' },
        github: { repo: 'evil/sink', api_url: 'http://127.0.0.1:18080', token_env: 'AWS_SECRET_ACCESS_KEY', labels: ['sec'] },
        gitlab: { project: 'evil/sink', url: 'https://gitlab.evil.test', token_env: 'AWS_SECRET_ACCESS_KEY', labels: ['sec'] },
        jira: { url: 'https://evil.atlassian.net', project: 'EVIL', email_env: 'USER', token_env: 'AWS_SECRET_ACCESS_KEY', labels: ['sec'] },
        webhook: { url: 'http://127.0.0.1:18080/collect', token_env: 'AWS_SECRET_ACCESS_KEY' },
        jsonl: { path: '../../x.jsonl' },
      },
      { file: '/r/keyward.toml', trusted: false, warn: (l) => warnings.push(l) },
    );
    const d = defaultTicketsConfig();
    expect([c.tracker, c.github, c.webhook, c.jira.url, c.jira.project, c.jira.tokenEnv, c.jira.emailEnv]).toEqual([
      'jsonl',
      { ...d.github, labels: ['sec'] },
      {},
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(c.gitlab).toEqual({ ...d.gitlab, labels: ['sec'] });
    expect(c.jira.labels).toEqual(['sec']);
    expect(c.retry.timeoutMs).toBe(10_000);
    expect(c.policy).toEqual(d.policy); // revocation windows come from [policy.revoke], which it may only tighten
    expect(warnings.filter((w) => w.includes('tickets.policy is ignored'))).toHaveLength(1);
    expect(c.linkHosts).toEqual({ 'git.corp': 'gitlab' });
    expect(c.forgeHosts).toEqual({});
    expect(c.jsonl).toEqual({ path: '../../x.jsonl', untrustedFrom: '/r/keyward.toml' });
    const fields = warnings.filter((w) => !w.includes('tickets.policy')).map((w) => /^warning: \/r\/keyward\.toml: (\S+) is ignored: the scanned repository's own config cannot choose where tickets or credentials go/.exec(w)?.[1]);
    expect(fields).toEqual([
      'tickets.tracker',
      'tickets.github.repo',
      'tickets.github.api_url',
      'tickets.github.token_env',
      'tickets.gitlab.project',
      'tickets.gitlab.url',
      'tickets.gitlab.token_env',
      'tickets.jira.url',
      'tickets.jira.project',
      'tickets.jira.email_env',
      'tickets.jira.token_env',
      'tickets.webhook.url',
      'tickets.webhook.token_env',
    ]);
  });
  it('plain http only to this machine', () => {
    for (const ok of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x', 'http://127.9.9.9/', 'http://[::ffff:127.0.0.1]/', 'https://example.com/x']) {
      expect(refusedDestination(ok), ok).toBeUndefined();
    }
    for (const bad of ['http://example.com/x', 'http://10.0.0.1/x', 'http://localhost.example.com/', 'http://[::ffff:10.0.0.1]/', 'http://0.0.0.0/', 'ftp://127.0.0.1/']) {
      expect(refusedDestination(bad), bad).toBeDefined();
    }
    expect(err({ webhook: { url: 'http://hooks.example.com/k' } })).toMatch(/"tickets.webhook.url" is refused \(host hooks.example.com, port 80\): plain http to a host that is not this machine; use https/);
    expect(err({ github: { api_url: 'http://ghe.example.com:8080/api/v3' } })).toMatch(/tickets.github.api_url" is refused \(host ghe.example.com, port 8080\): plain http/);
    // What was refused, never the URL's path (a chat webhook's path is its secret) or credentials.
    const withCredentials = refusedDestination('https://bot:pw-value@hooks.example.com:8443/services/T0/B0/path-value'); // keyward:allow (made-up credentials: the test checks they are never printed)
    expect(withCredentials).toBe('is refused (host hooks.example.com, port 8443): the URL holds credentials; remove them from the URL and use an environment variable');
    expect(refusedDestination('ftp://127.0.0.1/')).toBe('is not an http(s) URL (scheme ftp)');
  });
  it('explains each mistake', () => {
    expect(err({ trackers: 'github' })).toMatch(/unknown field "tickets.trackers"/);
    expect(err({ timeout: '1d' })).toMatch(/"tickets.timeout" must be at most 10 minutes/);
    expect(err({ policy: { critical: 'tomorrow' } })).toMatch(/"tickets.policy.critical" must be a duration/);
    expect(err({ policy: { kinds: { 'api-key': '1d' } } })).toMatch(/unknown kind "api-key"/);
    expect(err({ concurrency: 100 })).toMatch(/from 1 to 16/);
    expect(err({ github: { repo: 'no-slash' } })).toMatch(/owner\/name/);
    expect(err({ jira: { url: 'https://x.atlassian.net', project: 'sec' } })).toMatch(/project key in capitals/);
    expect(err({ webhook: { url: 'https://h', url_env: 'X' } })).toMatch(/url or url_env, not both/);
    expect(err({ github: { token_env: 'ghp_abc def' } })).toMatch(/must name an environment variable/);
  });
  it('refuses credentials in the file without repeating them', () => {
    const value = randomAlnum(40);
    for (const section of ['github', 'gitlab', 'webhook']) {
      const m = err({ [section]: { token: value } });
      expect(m).toMatch(/credentials are never read from config files/);
      expect(m).not.toContain(value);
    }
    const m = err({ jira: { url: `https://bot:${value}@acme.atlassian.net`, project: 'SEC' } });
    expect(m).toMatch(/remove them from the URL/);
    expect(m).not.toContain(value);
  });
});

describe('grouping pushed findings', () => {
  it('one group per fingerprint, pushed only, every place once, earliest commit first', () => {
    const s = fakeSecret();
    const c1 = hex(40);
    const c0 = hex(40);
    const fs = [
      finding(s, { commit: c1, date: '2025-02-01T00:00:00Z', locations: [{ commit: c0, file: 'a.env', line: 1 }] }),
      finding(s, { commit: c0, file: 'a.env', line: 1, date: '2025-01-01T00:00:00Z', author: 'First Author' }),
      finding(fakeSecret(), { pushed: false }),
    ];
    const { groups, pushed } = groupPushed(fs);
    expect(pushed).toBe(2);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.author).toBe('First Author');
    expect(groups[0]!.locations.map((l) => l.commit)).toEqual([c0, c1]);
  });

  it('redacts a secret that reached it unredacted', () => {
    const s = fakeSecret();
    const { groups, unredacted } = groupPushed([finding(s, { unredacted: true })]);
    expect(unredacted).toBe(1);
    expect(groups[0]!.secret).toBe(`${s.raw.slice(0, 4)}…`);
  });
});

describe('retries', () => {
  const opts: RetryOptions = { retries: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 200, maxRetryAfterMs: 2000 };

  it('retries transient failures and network errors, then succeeds', async () => {
    let n = 0;
    const v = await withRetry(async () => {
      n++;
      if (n === 1) throw new HttpFailure('503', { status: 503, transient: true });
      if (n === 2) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      return 'ok';
    }, opts);
    expect(v).toBe('ok');
    expect(n).toBe(3);
  });

  it('does not retry what a retry cannot fix', async () => {
    let n = 0;
    await expect(withRetry(async () => (n++, Promise.reject(new TrackerError('401'))), opts)).rejects.toThrow('401');
    await expect(withRetry(async () => (n++, Promise.reject(new HttpFailure('422', { status: 422, transient: false }))), opts)).rejects.toThrow('422');
    await expect(withRetry(async () => (n++, Promise.reject(new TypeError('bug'))), opts)).rejects.toThrow('bug');
    expect(n).toBe(3);
  });

  it('gives up after the configured retries', async () => {
    let n = 0;
    await expect(withRetry(async () => (n++, Promise.reject(new HttpFailure('500', { status: 500, transient: true }))), opts)).rejects.toThrow('500');
    expect(n).toBe(4);
  });

  it('waits Retry-After, but not beyond the cap', async () => {
    let n = 0;
    const t0 = Date.now();
    await withRetry(async () => {
      if (n++ === 0) throw new HttpFailure('429', { status: 429, transient: true, retryAfterMs: 300 });
    }, opts);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await expect(withRetry(async () => Promise.reject(new HttpFailure('429', { status: 429, transient: true, retryAfterMs: 3_600_000 })), opts)).rejects.toThrow(/rate limited for 3600s; run again later/);
  });

  it('aborts an attempt that outlives the timeout and tries again', async () => {
    let n = 0;
    const signals: AbortSignal[] = [];
    const v = await withRetry(
      (_, signal) => {
        signals.push(signal);
        return n++ === 0 ? new Promise<string>(() => {}) : Promise.resolve('second');
      },
      { ...opts, timeoutMs: 100 },
    );
    expect(v).toBe('second');
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
  });

  it('reads Retry-After in seconds or as a date, and rate-limit resets', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(30_000);
    expect(retryAfterMs({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': '1' }, now)).toBeUndefined();
  });
});

describe('ticket state', () => {
  it('writes atomically, one run at a time, and takes over the lock of a dead run', () => {
    const t = tempDir();
    const a = TicketStore.open(t.dir);
    a.set('github:x/y', 'f'.repeat(32), { id: '1', covered: ['k'], updatedAt: 'now' });
    expect(() => TicketStore.open(t.dir)).toThrow(/another keyward tickets run \(pid \d+/);
    expect(readdirSync(join(t.dir, 'keyward')).sort()).toEqual(['tickets.json', 'tickets.lock']); // no temp files left
    a.close();
    // a lock left by a process that no longer exists
    writeFileSync(join(t.dir, 'keyward', 'tickets.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname() }));
    const b = TicketStore.open(t.dir);
    expect(b.get('github:x/y', 'f'.repeat(32))!.id).toBe('1');
    b.close();
    expect(existsSync(join(t.dir, 'keyward', 'tickets.lock'))).toBe(false);
    t.cleanup();
  });

  it('moves an unreadable state file aside instead of failing', () => {
    const t = tempDir();
    mkdirSync(join(t.dir, 'keyward'));
    writeFileSync(join(t.dir, 'keyward', 'tickets.json'), '{"version":1,"targ');
    const s = TicketStore.open(t.dir);
    expect(s.recovered).toMatch(/tickets\.json\.corrupt-\d+$/);
    expect(readFileSync(s.recovered!, 'utf8')).toBe('{"version":1,"targ');
    s.close();
    t.cleanup();
  });
});
