import { spawn } from 'node:child_process';
import { parseBatch, type BatchObject } from './cat-file.js';
import { gitEnv, GitError } from './run.js';

// --buffer: all names are given at once, so git need not flush after each object (one pipe write per
// object made the reader's cost per object several times git's own).
const ARGS = ['cat-file', '--batch', '--buffer'];

/**
 * The objects `names` name, in order, from one `git cat-file --batch` fed all names at once:
 * no round trip per object (the commit messages of a whole history). An object over
 * `inlineLimit` comes as a chunk stream that must be consumed (or is skipped) before the next.
 */
export async function* catFileStream(cwd: string, names: readonly string[], env?: NodeJS.ProcessEnv, inlineLimit?: number): AsyncGenerator<BatchObject> {
  if (names.length === 0) return;
  const child = spawn('git', ARGS, { cwd, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-4096)));
  child.stdin.on('error', () => undefined); // reported through the exit code
  const closed = new Promise<number | null>((resolve) => {
    child.on('error', (e) => {
      stderr += e.message;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  for (const n of names) if (n.includes('\n')) throw new Error('object names cannot contain newlines');
  child.stdin.end(`${names.join('\n')}\n`);
  let answered = 0;
  try {
    for await (const obj of parseBatch(child.stdout, inlineLimit)) {
      answered++;
      yield obj;
    }
  } finally {
    if (answered < names.length) child.kill();
  }
  const code = await closed;
  if (answered < names.length) throw new GitError(ARGS, code, stderr || `cat-file answered ${answered} of ${names.length} objects`);
}
