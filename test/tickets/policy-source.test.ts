/**
 * Revocation deadlines come from the governance policy's `[policy.revoke]` (docs/governance.md):
 * trusted sources set it, the scanned repository's own keyward.toml may only tighten it. The old
 * `[tickets.policy]` still works from a trusted file, with a deprecation note, and is ignored (with
 * a warning) in the repository's own file. Runs the real ticket flow on a real repository.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLines, fakeSecret, finding, makeRepo, run, scanResult, writeConfig, writeRepoConfig, type FakeSecret } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every tier set to one window, so the result does not depend on the secret's risk. */
const windows = (section: string, v: string): string => `[${section}]\ncritical = "${v}"\nhigh = "${v}"\nmedium = "${v}"\nlow = "${v}"\n`;

let repo: { dir: string; cleanup: () => void };
let secret: FakeSecret;
beforeEach(() => {
  repo = makeRepo();
  secret = fakeSecret({ risk: 'medium', kind: 'api-token' }); // default window: 30 days
});
afterEach(() => repo.cleanup());

const ticketsFile = (): string => join(repo.dir, '.git', 'keyward', 'tickets.jsonl');

/** The revocation window of the one ticket opened: its deadline minus its opening (whole hours). */
function openedWindowHours(): number {
  const opened = readFileSync(ticketsFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; time: string; deadline: string })
    .filter((e) => e.event === 'opened');
  expect(opened).toHaveLength(1);
  return Math.round((Date.parse(opened[0]!.deadline) - Date.parse(opened[0]!.time)) / HOUR);
}

describe('ticket deadlines follow [policy.revoke]', () => {
  it('a trusted [policy.revoke] sets them; the repository may tighten it, not loosen it', async () => {
    writeConfig(repo.dir, windows('policy.revoke', '5d'));
    let r = await run(repo.dir, scanResult([finding(secret)]), {});
    expect(r.code).toBe(0);
    expect(openedWindowHours()).toBe((5 * DAY) / HOUR);

    const other = fakeSecret({ risk: 'high', kind: 'api-token' });
    writeRepoConfig(repo.dir, windows('policy.revoke', '2d'));
    r = await run(repo.dir, scanResult([finding(other)]), {});
    expect(r.code).toBe(0);
    const byFp = (fp: string): { time: string; deadline: string } =>
      readFileSync(ticketsFile(), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { event: string; fingerprint: string; time: string; deadline: string })
        .find((e) => e.event === 'opened' && e.fingerprint === other.fingerprint)!;
    const tightened = byFp(other.fingerprint);
    expect(Math.round((Date.parse(tightened.deadline) - Date.parse(tightened.time)) / HOUR)).toBe(48);
  });

  it("the repository's own [policy.revoke] cannot loosen the trusted window: ignored, with a warning", async () => {
    writeConfig(repo.dir, windows('policy.revoke', '5d'));
    writeRepoConfig(repo.dir, windows('policy.revoke', '400d'));
    const r = await run(repo.dir, scanResult([finding(secret)]), {});
    expect(r.code).toBe(0);
    expect(openedWindowHours()).toBe((5 * DAY) / HOUR);
    expect(r.stderr).toMatch(/keyward\.toml: policy\.revoke\.medium is ignored: the scanned repository's own config may only tighten the policy/);
  });

  it("[tickets.policy] in the repository's own keyward.toml is ignored, with a warning", async () => {
    writeRepoConfig(repo.dir, windows('tickets.policy', '1h'));
    const r = await run(repo.dir, scanResult([finding(secret)]), {});
    expect(r.code).toBe(0);
    expect(openedWindowHours()).toBe((30 * DAY) / HOUR); // the default for medium risk
    expect(r.stderr).toMatch(/^keyward: warning: .*keyward\.toml: tickets\.policy is ignored: revocation deadlines come from \[policy\.revoke\]/m);
  });

  it('[tickets.policy] in a trusted config still works, with a deprecation note; [policy.revoke] wins over it', async () => {
    writeConfig(repo.dir, windows('tickets.policy', '4d'));
    let r = await run(repo.dir, scanResult([finding(secret)]), {});
    expect(r.code).toBe(0);
    expect(openedWindowHours()).toBe((4 * DAY) / HOUR);
    expect(r.stderr).toMatch(/^keyward: note: .*config\.toml: \[tickets\.policy\] is deprecated: move its windows to \[policy\.revoke\]/m);

    const other = fakeSecret({ risk: 'medium', kind: 'api-token' });
    writeConfig(repo.dir, `${windows('tickets.policy', '4d')}${windows('policy.revoke', '6d')}`);
    r = await run(repo.dir, scanResult([finding(other)]), {});
    expect(r.code).toBe(0);
    const opened = readFileSync(ticketsFile(), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; fingerprint: string; time: string; deadline: string })
      .find((e) => e.event === 'opened' && e.fingerprint === other.fingerprint)!;
    expect(Math.round((Date.parse(opened.deadline) - Date.parse(opened.time)) / HOUR)).toBe((6 * DAY) / HOUR);
  });

  it('a bad [policy.revoke] stops the run in one line naming the file and the field (exit 2)', async () => {
    writeRepoConfig(repo.dir, '[policy.revoke]\nhigh = "soon"\n');
    const r = await run(repo.dir, scanResult([finding(secret)]), {});
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/keyward\.toml.*"policy\.revoke\.high" must be a duration/);
    expect(existsSync(ticketsFile())).toBe(false);
  });
});

describe('ticket-closed in the audit log (docs/audit.md: recorded when a run reads the ticket)', () => {
  it('is recorded by the first run that reads the closed ticket: a secret with new places, not an unchanged one', async () => {
    const first = finding(secret);
    await run(repo.dir, scanResult([first]), {});
    appendFileSync(ticketsFile(), `${JSON.stringify({ event: 'closed', id: `KW-${secret.fingerprint.slice(0, 12)}`, time: new Date().toISOString() })}\n`);
    // Nothing new for that secret: the run does not read its ticket, so nothing is recorded yet.
    const same = await run(repo.dir, scanResult([first]), {});
    expect(same.stdout).toMatch(/1 unchanged/);
    expect(auditLines(repo.dir).map((l) => l.event)).toEqual(['opened']);
    // A new place: the run reads the ticket, finds it closed, and records that before its own update.
    await run(repo.dir, scanResult([first, finding(secret, { commit: first.commit, file: 'other.env' })]), {});
    expect(auditLines(repo.dir).map((l) => l.event)).toEqual(['opened', 'closed', 'updated']);
  });
});
