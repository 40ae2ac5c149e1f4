import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/entry.js';
import { auditPaths } from '../../src/audit/location.js';
import { appendEntries } from '../../src/audit/log.js';
import { verifyLog } from '../../src/audit/verify.js';
import { CLI, keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { gitOk } from '../hooks/helpers.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
const children = new Set<ReturnType<typeof spawn>>();
beforeEach(() => {
  tmp = tempDir('keyward-audit-lock-');
  repo = join(tmp.dir, 'repo');
  gitOk(tmp.dir, ['init', '-q', '-b', 'main', 'repo']);
});
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  tmp.cleanup();
});

const logFile = (): string => join(repo, '.git', 'keyward', 'audit.jsonl');
const entries = (): AuditEntry[] =>
  readFileSync(logFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);
const fp = (i: number): string => i.toString(16).padStart(32, 'c');

/** `keyward ignore` in the background, with its stderr as it comes. */
function ignoreInBackground(i: number): { stderr: () => string; done: Promise<number> } {
  const child = spawn(process.execPath, [CLI, 'ignore', fp(i), '--reason', `process ${i}`], { cwd: repo, env: { ...process.env, KEYWARD_DEBUG: '1', KEYWARD_ACTOR: `p${i}` } });
  children.add(child);
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<number>((resolve) => child.on('close', (code) => (children.delete(child), resolve(code ?? -1))));
  return { stderr: () => err, done };
}

/** Waits for `cond`, failing at once if the child ends first; no deadline but the test's own. */
async function until(cond: () => boolean, child: { done: Promise<number>; stderr: () => string }, what: string): Promise<void> {
  let ended = false;
  void child.done.then(() => (ended = true));
  while (!cond()) {
    if (ended && !cond()) throw new Error(`the child ended before ${what}:\n${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two keyward processes appending at once', () => {
  it('both wait for the lock while it is held, then both get their entry in, one after the other', async () => {
    mkdirSync(join(repo, '.git', 'keyward'), { recursive: true });
    const lock = `${logFile()}.lock`;
    // This test process holds the lock, as a live keyward would, until both children wait on it.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), nonce: 'test' }));
    const a = ignoreInBackground(1);
    const b = ignoreInBackground(2);
    await until(() => a.stderr().includes("waiting for the log's lock"), a, 'waiting for the lock');
    await until(() => b.stderr().includes("waiting for the log's lock"), b, 'waiting for the lock');
    expect(existsSync(logFile())).toBe(false); // neither wrote while the lock was held
    rmSync(lock);
    expect(await a.done).toBe(0);
    expect(await b.done).toBe(0);

    const es = entries();
    expect(es.map((e) => e.seq)).toEqual([1, 2]);
    expect(new Set(es.map((e) => e.fingerprint))).toEqual(new Set([fp(1), fp(2)]));
    expect(verifyLog(auditPaths(join(repo, '.git'), {})).problems).toEqual([]);
    expect(existsSync(lock)).toBe(false);
  });

  it('keeps the chain whole under sustained parallel appends', async () => {
    const loop = (from: number): Promise<number> =>
      new Promise((resolve) => {
        const script = Array.from({ length: 6 }, (_, k) => `"${process.execPath}" "${CLI}" ignore ${fp(from + k)} --reason "loop ${from}" || exit 1`).join('\n');
        const child = spawn('sh', ['-c', script], { cwd: repo, env: process.env });
        children.add(child);
        child.on('close', (code) => (children.delete(child), resolve(code ?? -1)));
      });
    expect(await Promise.all([loop(100), loop(200)])).toEqual([0, 0]);
    const es = entries();
    expect(es.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(es.filter((e) => e.action === 'ignore-added')).toHaveLength(12);
    const v = keyward(['audit', 'verify'], { cwd: repo });
    expect(v.code, v.stdout).toBe(0);
  });

  it('takes over a lock left by a process that died', () => {
    const paths = auditPaths(join(repo, '.git'), {});
    mkdirSync(join(repo, '.git', 'keyward'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(paths.lock, JSON.stringify({ pid: dead, host: hostname(), started: new Date().toISOString(), nonce: 'dead' }));
    const written = appendEntries(paths, [{ action: 'policy-check', actor: 'nightly', detail: { credentials: 3, overdue: [], exitCode: 0 } }], { waitMs: 0 });
    expect(written.map((e) => e.seq)).toEqual([1]);
    expect(existsSync(paths.lock)).toBe(false);
  });
});
