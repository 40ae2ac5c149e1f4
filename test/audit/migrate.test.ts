import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/entry.js';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { filler, gitOk, repoAt, secretLine } from '../hooks/helpers.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = tempDir('keyward-audit-migrate-');
});
afterEach(() => tmp.cleanup());

const read = (file: string): AuditEntry[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const FP = 'ab'.repeat(16);

describe('migration of the old logs', () => {
  it("the tickets' audit.jsonl becomes the start of the chain, marked migrated; the old file is kept", () => {
    const repo = join(tmp.dir, 'repo');
    gitOk(tmp.dir, ['init', '-q', '-b', 'main', 'repo']);
    const dir = join(repo, '.git', 'keyward');
    mkdirSync(dir, { recursive: true });
    const old = [
      { time: '2025-01-01T12:00:00.000Z', event: 'opened', fingerprint: FP, tracker: 'github:api.github.com/acme/app', ticket: '42', url: 'https://github.com/acme/app/issues/42', actor: 'Dana <dana@example.test>' },
      { time: '2025-01-02T12:00:00.000Z', event: 'updated', fingerprint: FP, tracker: 'github:api.github.com/acme/app', ticket: '42', url: 'https://github.com/acme/app/issues/42', actor: 'Dana <dana@example.test>' },
    ];
    const oldText = old.map((o) => `${JSON.stringify(o)}\n`).join('') + 'a line keyward did not write\n';
    writeFileSync(join(dir, 'audit.jsonl'), oldText);

    const before = keyward(['audit', 'verify'], { cwd: repo });
    expect(before.code).toBe(0);
    expect(before.stderr).toContain(`not yet moved into the log: ${join(dir, 'audit.jsonl')}`);

    const r = keyward(['ignore', FP, '--reason', 'accepted'], { cwd: repo, env: { ...process.env, KEYWARD_ACTOR: 'Eve Ops' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('moved 3 entries of');

    const kept = readdirSync(dir).filter((f) => f.startsWith('audit.jsonl.migrated-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe(oldText); // renamed, not rewritten
    const es = read(join(dir, 'audit.jsonl'));
    expect(es.map((e) => [e.seq, e.action, e.migrated?.line])).toEqual([
      [1, 'ticket-opened', 1],
      [2, 'ticket-updated', 2],
      [3, 'legacy-line', 3],
      [4, 'log-migrated', undefined],
      [5, 'ignore-added', undefined],
    ]);
    expect(es[0]).toMatchObject({ time: old[0]!.time, fingerprint: FP, actor: 'Dana <dana@example.test>', detail: { ticket: '42', url: old[0]!.url }, migrated: { from: 'audit.jsonl', line: 1 } });
    expect(JSON.stringify(es[2])).not.toContain('did not write'); // unknown content: only its hash
    expect(es[3]!.detail).toMatchObject({ entries: 3, sha256: sha256(Buffer.from(oldText)), keptAs: join(dir, kept[0]!) });
    expect(es[3]!.actor).toBe('Eve Ops');
    expect(keyward(['audit', 'verify'], { cwd: repo }).code).toBe(0);
  });

  it("a server's keyward-bypass.log moves in at the next bypass, which is recorded after it", () => {
    const server = join(tmp.dir, 'server.git');
    gitOk(tmp.dir, ['init', '-q', '--bare', '-b', 'main', server]);
    expect(keyward(['install', '--pre-receive'], { cwd: server }).code).toBe(0);
    gitOk(server, ['config', 'receive.advertisePushOptions', 'true']);
    const oldLine = JSON.stringify({ time: '2025-03-01T00:00:00.000Z', event: 'bypass', pusher: 'bob', pusherSource: 'GL_USERNAME', reason: 'fixture', refs: [], findings: [{ file: 'x.ts', line: 1, rule: 'jwt' }] });
    writeFileSync(join(server, 'keyward-bypass.log'), `${oldLine}\n`);

    gitOk(tmp.dir, ['init', '-q', '-b', 'main', 'dev']);
    const dev = repoAt(join(tmp.dir, 'dev'));
    dev.ok(['remote', 'add', 'origin', server]);
    const { line, secret } = secretLine();
    dev.write('vendor/fixture.ts', `${filler(2)}${line}\n`);
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'fixture']);
    const push = dev.git(['push', '-o', 'keyward-bypass=test fixture', 'origin', 'main'], { env: { KEYWARD_PUSHER: 'alice' } });
    expect(push.code, push.out).toBe(0);

    expect(existsSync(join(server, 'keyward-bypass.log'))).toBe(false);
    expect(readdirSync(server).filter((f) => f.startsWith('keyward-bypass.log.migrated-'))).toHaveLength(1);
    const file = join(server, 'keyward', 'audit.jsonl');
    const es = read(file);
    expect(es.map((e) => [e.action, e.actor, e.migrated?.from])).toEqual([
      ['hook-bypass', 'bob', 'keyward-bypass.log'],
      ['log-migrated', 'alice', undefined],
      ['hook-bypass', 'alice', undefined],
    ]);
    expect(es[0]!.time).toBe('2025-03-01T00:00:00.000Z');
    const findings = es[2]!.detail!.findings as { file: string; fingerprint: string }[];
    expect(findings).toEqual([expect.objectContaining({ file: 'vendor/fixture.ts', fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) })]);
    expect(readFileSync(file, 'utf8')).not.toContain(secret);
    const v = keyward(['audit', 'verify', '--repo', server], { cwd: tmp.dir });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const shown = keyward(['audit', 'show', '--repo', server, '--fingerprint', findings[0]!.fingerprint.slice(0, 8), '-f', 'json'], { cwd: tmp.dir });
    expect(shown.stdout.trim().split('\n').map((l) => (JSON.parse(l) as AuditEntry).seq)).toEqual([3]);
  });
});
