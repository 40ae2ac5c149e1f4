import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

/** Runs the CLI, reads its first output chunk, then closes the pipe as `| head -c N` would. */
function readThenClose(args: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.once('data', (b: Buffer) => {
      first = b.toString();
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, first }));
  });
}

describe('output to a pipe the reader closes early', () => {
  it('ends quietly with the command\'s exit code, no stack trace', async () => {
    // The JSON list is several hundred kilobytes: most of it meets a closed pipe.
    const r = await readThenClose(['rules', 'list', '--format', 'json']);
    expect(r.first).toContain('"rules"');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
  });
});
