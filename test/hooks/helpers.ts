import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyward } from '../helpers/cli.js';
import { fakeGenericSecret, tempDir } from '../helpers/fake.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions on what a user sees. */
  out: string;
}

/** Runs git (or any command) in `cwd`; never throws: tests assert on the exit code. */
export function run(cmd: string, args: string[], cwd: string, opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  return { code: r.status ?? -1, stdout, stderr, out: stdout + stderr };
}

/**
 * run() without blocking the test worker: for the slow steps (a commit or push through real hook
 * managers, several seconds on a loaded machine). A worker blocked for 60 s misses vitest's RPC
 * replies and the run fails with "Timeout calling onTaskUpdate" although the test passed.
 */
export function runAsync(cmd: string, args: string[], cwd: string, opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // a program that does not read its stdin
    child.stdin.end(opts.input);
    const done = (code: number): void => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({ code, stdout, stderr, out: stdout + stderr });
    };
    child.on('error', (e) => {
      err.push(Buffer.from(String(e)));
      done(-1);
    });
    child.on('close', (code) => done(code ?? -1));
  });
}

export const git = (cwd: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string | Buffer }): Run => run('git', args, cwd, opts);

/** git that must succeed. */
export function gitOk(cwd: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string | Buffer }): string {
  const r = git(cwd, args, opts);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.out}`);
  return r.stdout;
}

export interface Repo {
  dir: string;
  cleanup: () => void;
  write: (path: string, content: string | Buffer) => void;
  git: (args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string | Buffer }) => Run;
  /** git without blocking the worker (commits and pushes through hooks). */
  gitAsync: (args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string | Buffer }) => Promise<Run>;
  ok: (args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string | Buffer }) => string;
}

/** A fresh repository (branch main) in a temp dir. */
export function newRepo(prefix = 'keyward-hooks-'): Repo {
  const { dir, cleanup } = tempDir(prefix);
  gitOk(dir, ['init', '-q', '-b', 'main']);
  return repoAt(dir, cleanup);
}

/**
 * A bare server repository and a clone of it (`origin`) whose first commit (`first`, as
 * path -> content) is already pushed; `beforePush` runs in the clone before that push (to
 * install a hook, say). Both live in `dir`.
 */
export function serverAndClone(dir: string, first: Record<string, string>, beforePush: (work: Repo) => void = () => undefined): { server: string; work: Repo } {
  const server = join(dir, 'server.git');
  gitOk(dir, ['init', '-q', '--bare', '-b', 'main', server]);
  gitOk(dir, ['init', '-q', '-b', 'main', 'work']);
  const work = repoAt(join(dir, 'work'));
  work.ok(['remote', 'add', 'origin', server]);
  beforePush(work);
  for (const [path, content] of Object.entries(first)) work.write(path, content);
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '-m', 'init']);
  work.ok(['push', '-q', 'origin', 'main']);
  return { server, work };
}

export function repoAt(dir: string, cleanup: () => void = () => undefined): Repo {
  return {
    dir,
    cleanup,
    write: (path, content) => {
      const abs = join(dir, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    },
    git: (args, opts) => git(dir, args, opts),
    gitAsync: (args, opts) => runAsync('git', args, dir, opts),
    ok: (args, opts) => gitOk(dir, args, opts),
  };
}

/** A line the built-in generic rule reports, with a fresh fake value. */
export function secretLine(): { line: string; secret: string } {
  const secret = fakeGenericSecret(24);
  return { line: `const API_KEY = "${secret}";`, secret };
}

/** A throwaway RSA key in PKCS#1 PEM: a real multi-line private key, made at test time. */
export function rsaKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

/** Plain lines of filler code. */
export function filler(n: number, tag = 'line'): string {
  let s = '';
  for (let i = 1; i <= n; i++) s += `export const ${tag}${i} = ${i};\n`;
  return s;
}

/**
 * A bare `server.git` in `dir` with keyward's pre-receive hook installed as a server admin would
 * (push options accepted), and a `dev` clone holding one commit, not yet pushed.
 */
export function preReceiveServer(dir: string): { server: string; dev: Repo } {
  const server = join(dir, 'server.git');
  gitOk(dir, ['init', '-q', '--bare', '-b', 'main', server]);
  const inst = keyward(['install', '--pre-receive'], { cwd: server });
  if (inst.code !== 0) throw new Error(`keyward install --pre-receive exited ${inst.code}: ${inst.stderr}`);
  gitOk(server, ['config', 'receive.advertisePushOptions', 'true']);
  gitOk(dir, ['init', '-q', '-b', 'main', 'dev']);
  const dev = repoAt(join(dir, 'dev'));
  dev.ok(['remote', 'add', 'origin', server]);
  dev.write('README.md', '# app\n');
  dev.ok(['add', '.']);
  dev.ok(['commit', '-q', '-m', 'init']);
  return { server, dev };
}
