import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerTicketsCommand } from '../../src/cli/tickets-command.js';
import type { ScanResult } from '../../src/model/finding.js';
import { keyward } from '../helpers/cli.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';
import { killChildren, spawnKeyward } from './child.js';
import { GithubMock } from './servers/github.js';
import { fakeSecret, finding, makeRepo, scanResult, userConfigEnv, writeConfig, writeRepoConfig } from './helpers.js';

/** Runs `keyward <args>` through commander in-process, capturing output and the exit code. */
async function cli(args: string[], scan: (repo: string) => Promise<ScanResult> = async () => scanResult([])): Promise<{ code: number; stdout: string; stderr: string; scanned: string[] }> {
  let stdout = '';
  let stderr = '';
  let code = -1;
  const scanned: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((stdout += String(t)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((stderr += String(t)), true));
  try {
    const program = new Command('keyward').exitOverride();
    registerTicketsCommand(
      program,
      async (repo) => {
        scanned.push(repo);
        return scan(repo);
      },
      (c) => (code = c),
    );
    await program.parseAsync(args, { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr, scanned };
}

describe('keyward tickets (command line)', () => {
  let repo: { dir: string; cleanup: () => void };
  let gh: GithubMock;
  beforeEach(async () => {
    repo = makeRepo();
    gh = new GithubMock(randomAlnum(30));
    await gh.start();
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\n[tickets.github]\nrepo = "acme/app"\napi_url = "${gh.url}"\n`);
    vi.stubEnv('XDG_CONFIG_HOME', userConfigEnv(repo.dir).XDG_CONFIG_HOME);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    killChildren();
    await gh.close();
    repo.cleanup();
  });

  it('--dry-run prints what it would open, contacts no tracker, needs no token, writes nothing', async () => {
    const report = join(repo.dir, 'report.json');
    const s = [fakeSecret(), fakeSecret({ risk: 'low', kind: 'api-token' })];
    writeFileSync(report, JSON.stringify(scanResult([finding(s[0]!), finding(s[1]!), finding(fakeSecret(), { pushed: false })])));
    const r = await cli(['tickets', '--from', report, '--dry-run', '--repo', repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^would open/gm)).toHaveLength(2);
    expect(r.stdout).toContain('[critical]');
    expect(r.stdout).toMatch(/2 would be opened, 0 updated, 0 unchanged; nothing was sent or written/);
    expect(r.scanned).toEqual([]);
    expect(gh.requests).toHaveLength(0);
    expect(existsSync(join(repo.dir, '.git', 'keyward'))).toBe(false);
    expect(r.stdout).not.toContain(s[0]!.raw);
  });

  it('without --from runs the history scan it was given, on --repo', async () => {
    const r = await cli(['tickets', '--repo', repo.dir, '--dry-run'], async () => scanResult([finding(fakeSecret())]));
    expect(r.scanned).toEqual([repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 would be opened/);
  });

  it('nothing pushed: exit 0 and says so', async () => {
    const r = await cli(['tickets', '--repo', repo.dir], async () => scanResult([finding(fakeSecret(), { pushed: false })]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no pushed secrets, nothing to open');
    expect(gh.requests).toHaveLength(0);
  });

  it('bad input is a usage error (exit 2) with what to do', async () => {
    const notJson = join(repo.dir, 'x.json');
    writeFileSync(notJson, 'not json');
    expect((await cli(['tickets', '--from', notJson, '--repo', repo.dir])).stderr).toMatch(/is not JSON; write the report with: keyward history --format json/);
    writeFileSync(notJson, JSON.stringify({ results: [] }));
    const noFindings = await cli(['tickets', '--from', notJson, '--repo', repo.dir]);
    expect(noFindings.code).toBe(2);
    expect(noFindings.stderr).toMatch(/not a keyward JSON report \(no "findings" array\)/);
    const scanOnly = finding(fakeSecret());
    delete scanOnly.pushed;
    writeFileSync(notJson, JSON.stringify(scanResult([scanOnly])));
    expect((await cli(['tickets', '--from', notJson, '--repo', repo.dir])).stderr).toMatch(/comes from keyward scan; use keyward history --format json/);
    const badFp = { ...finding(fakeSecret()), fingerprint: 'xyz' };
    writeFileSync(notJson, JSON.stringify(scanResult([badFp])));
    const r = await cli(['tickets', '--from', notJson, '--repo', repo.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no valid fingerprint/);
    const missing = await cli(['tickets', '--from', join(repo.dir, 'nope.json'), '--repo', repo.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: ENOENT/);
    const notRepo = await cli(['tickets', '--repo', '/', '--dry-run']);
    expect(notRepo.code).toBe(2);
    expect(notRepo.scanned).toEqual([]);
  });

  it('outside a git repository: one line, exit 2, no "internal error" (the real command, with its history scan)', () => {
    const outside = tempDir('keyward-not-a-repo-');
    try {
      for (const args of [['tickets'], ['tickets', '--dry-run'], ['tickets', '--repo', outside.dir]]) {
        const r = keyward(args, { cwd: outside.dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^keyward: .* is not a git repository .*; tickets keep their state under \.git\/keyward\n$/);
        expect(r.stderr).not.toMatch(/internal error/);
      }
    } finally {
      outside.cleanup();
    }
  });

  it('--tracker and KEYWARD_TICKETS_TRACKER take only known trackers', async () => {
    const bad = await cli(['tickets', '--repo', repo.dir, '--tracker', 'trello'], async () => scanResult([finding(fakeSecret())]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('keyward: --tracker must be one of jsonl, github, gitlab, jira, webhook (got "trello")\n');
    vi.stubEnv('KEYWARD_TICKETS_TRACKER', 'trello');
    const env = await cli(['tickets', '--repo', repo.dir], async () => scanResult([finding(fakeSecret())]));
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/KEYWARD_TICKETS_TRACKER must be one of/);
  });

  it('a credential in a config file is refused without echoing it (exit 2)', async () => {
    const value = `ghp_${randomAlnum(36)}`;
    writeRepoConfig(repo.dir, `[tickets]\n[tickets.github]\nlabels = ["sec"]\ntoken = "${value}"\n`);
    const r = await cli(['tickets', '--repo', repo.dir], async () => scanResult([finding(fakeSecret())]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config error: .*keyward\.toml: tickets\.github\.token: credentials are never read from config files/);
    expect(r.stderr).not.toContain(value);
    const custom = join(repo.dir, 'other.toml');
    writeFileSync(custom, '[tickets]\ntracker = "trello"\n');
    const c = await cli(['tickets', '--repo', repo.dir, '--config', custom], async () => scanResult([finding(fakeSecret())]));
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/other\.toml: tickets\.tracker must be one of jsonl, github, gitlab, jira, webhook/);
  });

  it('runs as a separate process through the test entry', { timeout: 300_000 }, async () => {
    const report = join(repo.dir, 'scan.json');
    writeFileSync(report, JSON.stringify(scanResult([finding(fakeSecret())])));
    const child = spawnKeyward(['tickets', '--repo', repo.dir], { KEYWARD_TEST_SCAN: report, KEYWARD_GITHUB_TOKEN: gh.token, ...userConfigEnv(repo.dir) });
    const r = await child.done;
    expect(r.stderr).toBe(`test-scan: ${repo.dir}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 opened/);
    expect(gh.tickets()).toHaveLength(1);
  });
});
