import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITE_NODE = fileURLToPath(new URL('../../node_modules/vite-node/vite-node.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));

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
  const proc = spawn(process.execPath, [VITE_NODE, ENTRY, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, KEYWARD_ACTOR: 'child', NO_COLOR: '1', ...env },
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

/** Polls `cond` every 20 ms; fails after `ms`. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
