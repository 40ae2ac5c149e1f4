import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITE_NODE = fileURLToPath(new URL('../../node_modules/vite-node/vite-node.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));
/** The built CLI (`npm test` builds first). */
const CLI = fileURLToPath(new URL('../../dist/bin/keyward.mjs', import.meta.url));

export interface Child {
  proc: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const live = new Set<ChildProcess>();

/** Kills the children this file started that are still running (after a failed test). */
export function killChildren(): void {
  for (const p of live) p.kill('SIGKILL');
  live.clear();
}

/** Runs test/tickets/entry.ts (TypeScript, through vite-node) as a separate process. */
export function spawnKeyward(args: string[], env: NodeJS.ProcessEnv): Child {
  return start([VITE_NODE, ENTRY, ...args], ROOT, env);
}

/**
 * Runs the real, built `keyward` (history scan included) without blocking this process: the
 * mock servers that answer it live here. Only PATH, HOME and `env` reach it.
 */
export function spawnCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  return start([CLI, ...args], cwd, env);
}

function start(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, argv, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // the machine's git and keyward configuration must not change what a test sees
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      XDG_CONFIG_HOME: '/nonexistent/keyward-test-config',
      KEYWARD_ACTOR: 'child',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  proc.on('close', () => live.delete(proc));
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { proc, done };
}

/**
 * Waits until `cond` holds (checked every 20 ms), or fails at once when `child` exits first: no
 * deadline of its own (the test's timeout is the only one), so a slow machine only makes it slower.
 */
export async function waitFor(cond: () => boolean, what: string, child?: Child): Promise<void> {
  let exited: string | undefined;
  void child?.done.then((r) => (exited = `exited (${r.code ?? r.signal}) before ${what}:\n${r.stderr}`));
  while (!cond()) {
    if (exited) throw new Error(`the child ${exited}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
