import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commitAs, git, inventoryJson, rowOf, secretLine, serverAndWork } from './helpers.js';

const ALICE = { name: 'Alice Pay', email: 'alice@keyward.test' };
const BOB = { name: 'Bob Builder', email: 'bob@keyward.test' };
const CAROL = { name: 'Carol Copy', email: 'carol@keyward.test' };
const DAVE = { name: 'Dave Local', email: 'dave@keyward.test' };

// A history with three credentials: S1 pushed, at HEAD, copied by another author a month later;
// S2 pushed then deleted locally (history only); S3 committed but never pushed. CODEOWNERS owns
// svc/ and, later in the file, svc/pay/ (last match wins); scripts/ has no owner.
describe('keyward inventory against a real history', () => {
  const t = tempDir('keyward-inventory-');
  const { work } = serverAndWork(t.dir);
  const s1 = secretLine();
  const s2 = secretLine();
  const s3 = secretLine();
  const c: Record<string, string> = {};

  beforeAll(() => {
    c.one = commitAs(work, ALICE, '2025-01-05T10:00:00Z', { '.github/CODEOWNERS': '/svc/ @acme/svc\n/svc/pay/ @acme/payments\n*.md @acme/docs\n', 'svc/pay/keys.js': s1.line });
    c.two = commitAs(work, BOB, '2025-02-10T10:00:00Z', { 'tools/deploy.js': `// deploy\n${s2.line}` });
    c.three = commitAs(work, CAROL, '2025-02-20T10:00:00Z', { 'svc/api/copy.js': `// copied\n\n${s1.line}` });
    git(work, ['push', '-q', 'origin', 'main']);
    c.four = commitAs(work, DAVE, '2025-03-01T10:00:00Z', { 'scripts/run.js': s3.line });
    c.five = commitAs(work, DAVE, '2025-03-02T10:00:00Z', { 'tools/deploy.js': null });
  });
  afterAll(() => t.cleanup());

  it('lists one row per credential with its provenance, owner and deadline', () => {
    const r = inventoryJson(work, ['--now', '2025-03-20']);
    expect(r.code).toBe(0);
    expect(r.inv.rows).toHaveLength(3);
    const one = rowOf(r.inv, 'svc/pay/keys.js');
    expect(one).toMatchObject({
      provider: 'Generic',
      kind: 'generic',
      risk: 'medium',
      firstSeen: { commit: c.one, date: '2025-01-05T10:00:00.000Z', author: ALICE.name, email: ALICE.email, file: 'svc/pay/keys.js' },
      lastSeen: { commit: c.three, date: '2025-02-20T10:00:00.000Z', author: CAROL.name, file: 'svc/api/copy.js' },
      atHead: true,
      locations: 2,
      pushed: true,
      remotes: ['origin'],
      owner: '@acme/payments', // the later CODEOWNERS line wins over /svc/
      ownerSource: 'codeowners',
      status: 'open',
      // pushed, no ticket: 30 days (medium) from the first commit, earlier than the 90-day rotation
      deadline: '2025-02-04T10:00:00.000Z',
      overdue: true,
      escalated: false,
    });
    expect(one.ticket).toBeUndefined();
    expect(rowOf(r.inv, 'tools/deploy.js')).toMatchObject({
      firstSeen: { commit: c.two, author: BOB.name },
      atHead: false, // deleted by a later (local) commit: history only
      pushed: true,
      owner: BOB.name,
      ownerSource: 'author',
      deadline: '2025-03-12T10:00:00.000Z',
      overdue: true,
    });
    expect(rowOf(r.inv, 'scripts/run.js')).toMatchObject({
      firstSeen: { commit: c.four, author: DAVE.name },
      atHead: true,
      pushed: false,
      remotes: [],
      owner: DAVE.name,
      ownerSource: 'author',
      // local, at HEAD: only the 90-day rotation applies
      deadline: '2025-05-30T10:00:00.000Z',
      deadlineBasis: 'rotate: medium risk (every 90 days)',
      overdue: false,
    });
    expect(r.inv.counts).toEqual({ credentials: 3, open: 3, revoked: 0, overdue: 2, pushed: 2, local: 1, atHead: 2 });
  });

  it('takes owners by path from a trusted config, and the same rows from a saved report', () => {
    const cfg = join(t.dir, 'trusted.toml');
    writeFileSync(cfg, '[[policy.owners]]\npaths = ["tools/**"]\nowner = "@acme/tools"\n');
    const report = join(t.dir, 'history.json');
    const h = keyward(['history', '--format', 'json', '--output', report], { cwd: work });
    expect(h.code).toBe(1);
    const r = inventoryJson(work, ['--from', report, '--config', cfg, '--now', '2025-03-20']);
    expect(r.code).toBe(0);
    expect(rowOf(r.inv, 'tools/deploy.js')).toMatchObject({ owner: '@acme/tools', ownerSource: 'policy' });
    expect(rowOf(r.inv, 'svc/pay/keys.js')).toMatchObject({ owner: '@acme/payments', atHead: true, lastSeen: { commit: c.three } });
    expect(r.inv.policyFiles).toEqual([cfg]);
  });

  it('joins the ticket state: a closed ticket is revoked and never overdue', () => {
    const tk = keyward(['tickets', '--repo', work], { cwd: work });
    expect(tk.code, tk.stderr).toBe(0);
    const jsonl = join(work, '.git', 'keyward', 'tickets.jsonl');
    const opened = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; fingerprint: string; event: string });
    expect(opened.filter((e) => e.event === 'opened')).toHaveLength(2);
    const before = inventoryJson(work, ['--now', '2025-03-20']).inv;
    const s2row = rowOf(before, 'tools/deploy.js');
    appendFileSync(jsonl, `${JSON.stringify({ event: 'closed', id: s2row.ticket!.id, time: '2025-03-15T00:00:00Z' })}\n`);

    const r = inventoryJson(work, ['--now', '2025-03-20']);
    const one = rowOf(r.inv, 'svc/pay/keys.js');
    expect(one.ticket).toMatchObject({ id: `KW-${one.fingerprint.slice(0, 12)}`, state: 'open' });
    // The ticket was opened today: its 30-day clock runs from then, so the rotation date comes first.
    expect(one).toMatchObject({ status: 'open', deadline: '2025-04-05T10:00:00.000Z', overdue: false });
    expect(rowOf(r.inv, 'tools/deploy.js')).toMatchObject({ ticket: { state: 'closed' }, status: 'revoked', overdue: false });
    expect(rowOf(r.inv, 'scripts/run.js').ticket).toBeUndefined(); // never pushed: no ticket
    expect(r.inv.counts).toMatchObject({ open: 2, revoked: 1, overdue: 0 });
  });

  it('never writes a secret, in any format', () => {
    const outputs = ['text', 'json', 'csv', 'html'].map((f) => keyward(['inventory', '--format', f, '--now', '2025-03-20'], { cwd: work }));
    for (const o of outputs) {
      expect(o.code).toBe(0);
      for (const s of [s1, s2, s3]) {
        expect(o.stdout).not.toContain(s.secret);
        expect(o.stdout).not.toContain(s.secret.slice(0, 8));
      }
    }
    const [text, , csv] = outputs;
    expect(text!.stdout).toMatch(/keyward inventory: 3 credentials \(2 pushed, 1 local; 2 at HEAD\)/);
    const lines = csv!.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^fingerprint,provider,kind,risk,/);
  });

  it('history --format html writes the report of what it found (exit code as history)', () => {
    const out = join(t.dir, 'history.html');
    const r = keyward(['history', '--format', 'html', '--output', out], { cwd: work });
    expect(r.code, r.stderr).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    const data = /<script type="application\/json" id="inventory-data">(.*?)<\/script>/s.exec(html);
    expect((JSON.parse(data![1]!) as { rows: unknown[] }).rows).toHaveLength(3);
    for (const s of [s1, s2, s3]) expect(html).not.toContain(s.secret);
  });

  it('says what is wrong with a bad report, in one line, exit 2', () => {
    const bad = join(t.dir, 'bad.json');
    writeFileSync(bad, '{"findings": 3}');
    const r = keyward(['inventory', '--from', bad], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('not a keyward JSON report');
    const when = keyward(['inventory', '--now', 'next tuesday'], { cwd: work });
    expect(when.code).toBe(2);
    expect(when.stderr).toContain('--now must be a date');
    const outside = keyward(['policy', 'check'], { cwd: t.dir }); // the parent of the clone: no repository
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/is not a git repository .*; the inventory reads its history/);
  });
});

describe('present at HEAD', () => {
  const t = tempDir('keyward-inventory-head-');
  const { work } = serverAndWork(t.dir);
  afterAll(() => t.cleanup());

  it('follows the file through edits: kept around an edit, gone once the line is replaced', () => {
    const kept = secretLine();
    const gone = secretLine();
    commitAs(work, ALICE, '2025-01-05T10:00:00Z', { 'kept.js': kept.line, 'gone.js': gone.line });
    commitAs(work, BOB, '2025-02-05T10:00:00Z', { 'kept.js': `// a comment above\n${kept.line}`, 'gone.js': 'const API_KEY = process.env.API_KEY;\n' });
    const r = inventoryJson(work, ['--now', '2025-03-01']);
    expect(r.code).toBe(0);
    expect(rowOf(r.inv, 'kept.js')).toMatchObject({ atHead: true, locations: 2, lastSeen: { author: BOB.name, date: '2025-02-05T10:00:00.000Z' } });
    expect(rowOf(r.inv, 'gone.js')).toMatchObject({ atHead: false, locations: 1, pushed: false, overdue: false });
    expect(rowOf(r.inv, 'gone.js').deadline).toBeUndefined(); // local only and gone: no rule applies
  });

  it('leaves out what the team accepted with keyward ignore, as keyward history does', () => {
    const before = inventoryJson(work, ['--now', '2025-03-01']).inv;
    const row = rowOf(before, 'gone.js');
    const ig = keyward(['ignore', row.fingerprint, '--reason', 'test fixture'], { cwd: work });
    expect(ig.code, ig.stderr).toBe(0);
    const after = inventoryJson(work, ['--now', '2025-03-01']);
    expect(after.inv.rows.map((r) => r.fingerprint)).toEqual(before.rows.map((r) => r.fingerprint).filter((f) => f !== row.fingerprint));
    expect(after.stderr).toContain('1 finding ignored');
  });
});
