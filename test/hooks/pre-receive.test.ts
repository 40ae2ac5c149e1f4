import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fake.js';
import { filler, gitOk, preReceiveServer, secretLine, type Repo } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let server: string;
let dev: Repo;
/** Bypasses are recorded in the server repository's audit log (docs/audit.md). */
const log = (): string => join(server, 'keyward', 'audit.jsonl');

beforeEach(() => {
  tmp = tempDir('keyward-pre-receive-');
  ({ server, dev } = preReceiveServer(tmp.dir));
  const first = dev.git(['push', '-q', 'origin', 'main']);
  expect(first.code, first.out).toBe(0);
});
afterEach(() => tmp.cleanup());

const serverRef = (ref: string): string => {
  const r = gitOk(server, ['for-each-ref', '--format=%(objectname)', ref]);
  return r.trim();
};

function commitSecret(file: string, branch?: string): { secret: string; sha: string } {
  if (branch) dev.ok(['checkout', '-q', '-B', branch]);
  const { line, secret } = secretLine();
  dev.write(file, `${filler(2)}${line}\n`);
  dev.ok(['add', '.']);
  dev.ok(['commit', '-q', '-m', `add ${file}`]);
  return { secret, sha: dev.ok(['rev-parse', 'HEAD']).trim() };
}

describe('pre-receive', () => {
  it('rejects a push that adds a secret, with a clear message; the ref stays where it was', () => {
    const before = serverRef('refs/heads/main');
    const { secret, sha } = commitSecret('config/prod.ts');
    const r = dev.git(['push', 'origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('remote: keyward: push rejected: 1 secret in the pushed commits');
    expect(r.stderr).toContain(`config/prod.ts:3:18 in commit ${sha.slice(0, 12)}`);
    expect(r.stderr).toContain('keyward-bypass');
    expect(r.stderr).toContain('pre-receive hook declined');
    expect(r.out).not.toContain(secret);
    expect(serverRef('refs/heads/main')).toBe(before);
  });

  it('accepts clean pushes: updated refs, new branches, multiple refs, deleted refs', () => {
    dev.write('a.ts', filler(3));
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'a']);
    dev.ok(['branch', 'topic']);
    dev.ok(['tag', 'v1']);
    const r = dev.git(['push', '-q', 'origin', 'main', 'topic', 'v1']);
    expect(r.code, r.out).toBe(0);
    expect(serverRef('refs/heads/topic')).toBe(dev.ok(['rev-parse', 'HEAD']).trim());
    const del = dev.git(['push', '-q', 'origin', '--delete', 'topic', 'v1']);
    expect(del.code, del.out).toBe(0);
    expect(serverRef('refs/heads/topic')).toBe('');
  });

  it('rejects the whole push when one of several refs (a new branch) brings a secret', () => {
    dev.write('ok.ts', filler(1));
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'ok']);
    const main = dev.ok(['rev-parse', 'HEAD']).trim();
    commitSecret('leak.ts', 'feature');
    const r = dev.git(['push', 'origin', main + ':refs/heads/main', 'feature']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('leak.ts:3');
    expect(serverRef('refs/heads/feature')).toBe('');
    expect(serverRef('refs/heads/main')).not.toBe(main);
  });

  it('does not flag secrets the server already has when a branch is created from them', () => {
    const { secret } = commitSecret('old.ts');
    expect(dev.git(['push', '-q', '-o', 'keyward-bypass=fixture for the test', 'origin', 'main']).code).toBe(0);
    dev.ok(['branch', 'from-old']);
    const r = dev.git(['push', '-q', 'origin', 'from-old']);
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(log(), 'utf8')).not.toContain(secret);
  });

  it('lets a push through with -o keyward-bypass="reason" and logs who, what and why, never the secret', () => {
    const { secret, sha } = commitSecret('vendor/fixture.ts');
    const reasonSecret = secretLine();
    const reason = `test fixture, value is fake; ${reasonSecret.line}`;
    const r = dev.git(['push', '-o', `keyward-bypass=${reason}`, 'origin', 'main'], { env: { KEYWARD_PUSHER: 'alice' } });
    expect(r.code, r.out).toBe(0);
    expect(r.stderr).toContain('accepted and logged');
    expect(serverRef('refs/heads/main')).toBe(sha);

    const text = readFileSync(log(), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(0, 4) + '…');
    expect(text).not.toContain(reasonSecret.secret); // a secret pasted into the reason is redacted
    const entry = JSON.parse(text.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      action: 'hook-bypass',
      actor: 'alice',
      detail: {
        pusherSource: 'KEYWARD_PUSHER',
        refs: [{ ref: 'refs/heads/main', new: sha }],
        findings: [{ commit: sha, file: 'vendor/fixture.ts', line: 3, rule: 'generic-secret-assignment', email: 'author@keyward.test' }],
      },
    });
    expect(String((entry.detail as Record<string, unknown>).reason)).toContain('test fixture, value is fake');
    expect(typeof entry.time).toBe('string');
  });

  it('refuses a bypass without a reason', () => {
    commitSecret('x.ts');
    const r = dev.git(['push', '-o', 'keyward-bypass', 'origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('keyward-bypass needs a reason');
    expect(existsSync(log())).toBe(false);
  });

  it('stays within its time budget: rejects on timeout by default', () => {
    writeFileSync(join(server, 'keyward.toml'), '[hooks]\ntimeout = "1ms"\n');
    dev.write('a.ts', filler(2));
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'clean but slow server']);
    const r = dev.git(['push', 'origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("did not finish within the server's time budget (1 ms)");
  });

  it('on-timeout = "allow" lets the push through and logs a warning', () => {
    writeFileSync(join(server, 'keyward.toml'), '[hooks]\ntimeout = "1ms"\non-timeout = "allow"\n');
    dev.write('a.ts', filler(2));
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'allowed unchecked']);
    const r = dev.git(['push', 'origin', 'main']);
    expect(r.code, r.out).toBe(0);
    expect(r.stderr).toContain('push allowed unchecked');
    const entry = JSON.parse(readFileSync(log(), 'utf8').trim()) as Record<string, unknown>;
    expect(entry.action).toBe('hook-timeout-allowed');
  });

  it('uses the config named by git config keyward.config, and fails closed when it is broken', () => {
    const cfg = join(tmp.dir, 'server-keyward.toml');
    writeFileSync(cfg, '[hooks]\ntimeout = "soon"\n');
    gitOk(server, ['config', 'keyward.config', cfg]);
    dev.write('a.ts', filler(2));
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'a']);
    const r = dev.git(['push', 'origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('push is blocked (fail closed)');
    expect(r.stderr).toContain('hooks.timeout');

    // The server's allow list applies (and a pushed keyward.toml does not).
    writeFileSync(cfg, '[allow]\npaths = ["fixtures/**"]\n');
    commitSecret('fixtures/fake.ts');
    dev.write('keyward.toml', '[allow]\npaths = ["**"]\n');
    dev.ok(['add', '.']);
    dev.ok(['commit', '-q', '-m', 'try to allow everything']);
    expect(dev.git(['push', '-q', 'origin', 'main']).code).toBe(0);
    commitSecret('src/real.ts');
    const blocked = dev.git(['push', 'origin', 'main']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('src/real.ts:3');
  });
});
