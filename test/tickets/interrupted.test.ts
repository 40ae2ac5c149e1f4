import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomAlnum } from '../helpers/fake.js';
import { killChildren, spawnKeyward, waitFor } from './child.js';
import { GithubMock } from './servers/github.js';
import { auditLines, fakeSecret, finding, keywardFiles, leaks, makeRepo, scanResult, writeConfig, type FakeSecret } from './helpers.js';

describe('a run killed in the middle', () => {
  let gh: GithubMock;
  let repo: { dir: string; cleanup: () => void };
  let token: string;
  let secrets: FakeSecret[];
  let reportFile: string;

  beforeEach(async () => {
    token = `test-${randomAlnum(30)}`;
    gh = new GithubMock(token);
    await gh.start();
    repo = makeRepo();
    secrets = Array.from({ length: 6 }, () => fakeSecret());
    reportFile = join(repo.dir, 'report.json');
    writeFileSync(reportFile, JSON.stringify(scanResult(secrets.map((s, i) => finding(s, { file: `app/${i}.env` })))));
  });
  afterEach(async () => {
    killChildren();
    await gh.close();
    repo.cleanup();
  });

  const config = (concurrency: number): void =>
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\nconcurrency = ${concurrency}\nbackoff = "10ms"\ntimeout = "3s"\n[tickets.github]\nrepo = "acme/app"\napi_url = "${gh.url}"\n`);

  function assertExactlyOnce(): void {
    const labels = gh.tickets().map((i) => i.labels.find((l) => l.startsWith('keyward-')));
    expect(labels).toHaveLength(secrets.length);
    expect(new Set(labels).size).toBe(secrets.length);
    expect(gh.violations).toEqual([]);
    const texts = [...gh.requests.map((r) => r.body), ...Object.values(keywardFiles(repo.dir))];
    expect(leaks(texts, [...secrets.map((s) => s.raw), token])).toEqual([]);
  }

  it('killed after the tracker committed a ticket but before keyward recorded it: the rerun adopts it', async () => {
    config(1);
    const isCreate = (r: { method: string; path: string }): boolean => r.method === 'POST' && r.path === '/repos/acme/app/issues';
    // The third create is committed by "GitHub" but its answer never comes back.
    gh.inject((r) => isCreate(r) && gh.tickets().length === 2, { kind: 'hang-after' });
    const child = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    await waitFor(() => gh.tickets().length === 3, 30_000, 'three tickets');
    child.proc.kill('SIGKILL');
    const killed = await child.done;
    expect(killed.signal).toBe('SIGKILL');

    // What the killed run left: a lock held by a dead process, a pending create, two recorded tickets.
    const dir = join(repo.dir, '.git', 'keyward');
    expect(existsSync(join(dir, 'tickets.lock'))).toBe(true);
    const state = JSON.parse(readFileSync(join(dir, 'tickets.json'), 'utf8')) as { targets: Record<string, Record<string, { id?: string; pending?: { op: string } }>> };
    const recs = Object.values(Object.values(state.targets)[0]!);
    expect(recs.filter((r) => r.id)).toHaveLength(2);
    expect(recs.filter((r) => r.pending?.op === 'create')).toHaveLength(1);

    gh.clearFaults();
    const rerun = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    const r = await rerun.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6 pushed secret\(s\): 3 opened, 0 updated, 0 reopened, 3 unchanged \(1 found in the tracker\)/);
    expect(r.stdout.match(/^linked/gm)).toHaveLength(1);
    assertExactlyOnce();
    expect(existsSync(join(dir, 'tickets.lock'))).toBe(false);
    const events = auditLines(repo.dir).map((l) => l.event);
    expect(events.filter((e) => e === 'opened')).toHaveLength(5);
    expect(events.filter((e) => e === 'linked')).toHaveLength(1);

    const third = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    expect((await third.done).stdout).toMatch(/0 opened, 0 updated, 0 reopened, 6 unchanged/);
    assertExactlyOnce();
  });

  it('killed at an arbitrary point with parallel requests: the rerun completes without duplicates', async () => {
    config(4);
    let answered = 0;
    const child = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    gh.onHandled = (r) => {
      if (r.method === 'POST' && ++answered === 2) child.proc.kill('SIGKILL');
    };
    const killed = await child.done;
    expect(killed.signal).toBe('SIGKILL');
    gh.onHandled = undefined;
    const before = gh.tickets().length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(secrets.length);

    const rerun = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    const r = await rerun.done;
    expect(r.code).toBe(0);
    assertExactlyOnce();
  });

  it('a second run while one is active is refused, not interleaved', async () => {
    config(1);
    gh.inject((r) => r.method === 'POST', { kind: 'hang' }, 1);
    const first = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    await waitFor(() => gh.requests.some((r) => r.method === 'POST'), 30_000, 'the first create');
    const second = spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir], { KEYWARD_GITHUB_TOKEN: token });
    const r2 = await second.done;
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/another keyward tickets run \(pid \d+ on .+\) is in progress/);
    const r1 = await first.done; // its hung request times out after 3s and is retried
    expect(r1.code).toBe(0);
    assertExactlyOnce();
  });
});
