import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomAlnum } from '../helpers/fake.js';
import { killChildren, spawnKeyward, waitFor } from './child.js';
import { GithubMock } from './servers/github.js';
import { auditLines, fakeSecret, finding, keywardFiles, leaks, makeRepo, scanResult, userConfigEnv, writeConfig, type FakeSecret } from './helpers.js';

/** Child processes start slowly on a loaded machine (vite-node compiles first): a generous budget. */
const SLOW = { timeout: 300_000 };

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

  // No request times out in these tests: each waits on an event of the run (a request the mock
  // received, a child that exited), never on a clock racing a process start.
  const config = (concurrency: number): void =>
    writeConfig(repo.dir, `[tickets]\ntracker = "github"\nconcurrency = ${concurrency}\nbackoff = "10ms"\ntimeout = "10m"\n[tickets.github]\nrepo = "acme/app"\napi_url = "${gh.url}"\n`);
  const tickets = (...extra: string[]): ReturnType<typeof spawnKeyward> =>
    spawnKeyward(['tickets', '--from', reportFile, '--repo', repo.dir, ...extra], { KEYWARD_GITHUB_TOKEN: token, ...userConfigEnv(repo.dir) });

  function assertExactlyOnce(): void {
    const labels = gh.tickets().map((i) => i.labels.find((l) => l.startsWith('keyward-')));
    expect(labels).toHaveLength(secrets.length);
    expect(new Set(labels).size).toBe(secrets.length);
    expect(gh.violations).toEqual([]);
    const texts = [...gh.requests.map((r) => r.body), ...Object.values(keywardFiles(repo.dir))];
    expect(leaks(texts, [...secrets.map((s) => s.raw), token])).toEqual([]);
  }

  it('killed after the tracker committed a ticket but before keyward recorded it: the rerun adopts it', SLOW, async () => {
    config(1);
    const isCreate = (r: { method: string; path: string }): boolean => r.method === 'POST' && r.path === '/repos/acme/app/issues';
    // The third create is committed by "GitHub" but its answer never comes back.
    gh.inject((r) => isCreate(r) && gh.tickets().length === 2, { kind: 'hang-after' });
    const child = tickets();
    await waitFor(() => gh.tickets().length === 3, 'three tickets', child);
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
    const rerun = tickets();
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

    const third = tickets();
    expect((await third.done).stdout).toMatch(/0 opened, 0 updated, 0 reopened, 6 unchanged/);
    assertExactlyOnce();
  });

  it('killed at an arbitrary point with parallel requests: the rerun completes without duplicates', SLOW, async () => {
    config(4);
    let answered = 0;
    const child = tickets();
    gh.onHandled = (r) => {
      if (r.method === 'POST' && ++answered === 2) child.proc.kill('SIGKILL');
    };
    const killed = await child.done;
    expect(killed.signal).toBe('SIGKILL');
    gh.onHandled = undefined;
    const before = gh.tickets().length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(secrets.length);

    const r = await tickets().done;
    expect(r.code).toBe(0);
    assertExactlyOnce();
  });

  it('a second run while one is active is refused (exit 4), not interleaved', SLOW, async () => {
    config(1);
    let release!: () => void;
    gh.inject((r) => r.method === 'POST', { kind: 'hold', until: new Promise<void>((r) => (release = r)) }, 1);
    const first = tickets();
    await waitFor(() => gh.requests.some((r) => r.method === 'POST'), 'the first create', first);
    // The first run holds the lock for as long as its create is held: however long this start takes.
    const r2 = await tickets().done;
    expect(r2.code).toBe(4);
    expect(r2.stderr).toMatch(/^keyward: tickets lock: another keyward tickets run \(pid \d+ on .+\) is in progress: .*tickets\.lock is locked; nothing was done: run again when it has finished/);
    expect(r2.stderr.trim().split('\n')).toHaveLength(1);
    release();
    const r1 = await first.done;
    expect(r1.code).toBe(0);
    assertExactlyOnce();
  });

  it('a run that loses its lock to another run stops (exit 4), writes no more state and leaves the other lock alone', SLOW, async () => {
    config(1);
    let release!: () => void;
    gh.inject((r) => r.method === 'POST', { kind: 'hold', until: new Promise<void>((r) => (release = r)) }, 1);
    const first = tickets();
    await waitFor(() => gh.requests.some((r) => r.method === 'POST'), 'the first create', first);
    // Someone follows the advice for a stuck lock while the run is still alive, and another run takes it.
    const dir = join(repo.dir, '.git', 'keyward');
    const other = JSON.stringify({ pid: 999_999_999, host: 'elsewhere', started: new Date().toISOString() });
    writeFileSync(join(dir, 'tickets.lock'), other);
    const stateBefore = readFileSync(join(dir, 'tickets.json'), 'utf8');
    release();
    const r = await first.done;
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^keyward: tickets lock: this run lost .*tickets\.lock \(it was removed and taken by another run \(pid 999999999 on elsewhere\)\); it stopped and recorded nothing more/m);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(readFileSync(join(dir, 'tickets.lock'), 'utf8')).toBe(other);
    expect(readFileSync(join(dir, 'tickets.json'), 'utf8')).toBe(stateBefore);
    // Only the held create reached the tracker: nothing after the lock was lost.
    expect(gh.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(gh.tickets()).toHaveLength(1);

    // Once the other run is gone, a rerun adopts the ticket the lost run created: still exactly once.
    writeFileSync(join(dir, 'tickets.lock'), JSON.stringify({ pid: 999_999_999, host: hostname(), started: new Date().toISOString() }));
    const rerun = await tickets().done;
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/\(1 found in the tracker\)/);
    assertExactlyOnce();
  });
});
