import { spawn, spawnSync } from 'node:child_process';

/** A git command that failed: carries git's own message, never a stack trace for the user. */
export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed${code !== null ? ` (exit ${code})` : ''}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no message'}`);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  /** Exit codes that are not errors (e.g. 1 for `git diff --quiet`). */
  okCodes?: number[];
  env?: NodeJS.ProcessEnv;
}

/** Environment for every git call: no pager, no prompts, stable output whatever the user's locale. */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C', ...extra };
}

/** Environment variables that set git configuration for one process (GIT_CONFIG_COUNT and pairs). */
export function gitConfigEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const entries = Object.entries(settings);
  const env: NodeJS.ProcessEnv = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return env;
}

/** Runs git synchronously and returns stdout as a Buffer (paths may not be UTF-8). */
export function gitSync(args: string[], opts: GitOptions): Buffer {
  const r = spawnSync('git', args, {
    cwd: opts.cwd,
    input: opts.input,
    env: gitEnv(opts.env),
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw new GitError(args, null, r.error.message);
  if (r.status !== 0 && !(opts.okCodes ?? []).includes(r.status ?? -1)) {
    throw new GitError(args, r.status, r.stderr.toString('utf8'));
  }
  return r.stdout;
}

/** gitSync as trimmed UTF-8 text. */
export function gitText(args: string[], opts: GitOptions): string {
  return gitSync(args, opts).toString('utf8').trim();
}

/** Runs git asynchronously, collecting stdout (for commands run in parallel with scanning). */
export function gitAsync(args: string[], opts: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: gitEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new GitError(args, null, e.message)));
    child.on('close', (code) => {
      if (code === 0 || (opts.okCodes ?? []).includes(code ?? -1)) resolve(Buffer.concat(out));
      else reject(new GitError(args, code, Buffer.concat(err).toString('utf8')));
    });
    child.stdin.end(opts.input);
  });
}

/** Splits NUL-terminated output (`-z`) into UTF-8 strings, dropping the trailing empty field. */
export function splitZ(out: Buffer): string[] {
  const parts = out.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
