import { spawn } from 'node:child_process';
import { gitEnv, GitError } from './run.js';

/** A file of a tree, at any depth. */
export interface TreeFile {
  mode: string;
  oid: string;
  /** Bytes; 0 for entries without a size (submodules). */
  size: number;
  path: string;
}

/**
 * The files of a tree and all its subtrees (`git ls-tree -r -l -z`), streamed: stops and returns
 * `truncated` as soon as there are more than `maxFiles`, so a huge tree costs bounded memory.
 */
export function listTree(cwd: string, tree: string, maxFiles: number, env?: NodeJS.ProcessEnv): Promise<{ files: TreeFile[]; truncated: boolean }> {
  const args = ['ls-tree', '-r', '-l', '-z', '--full-tree', tree];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const files: TreeFile[] = [];
    let rest = Buffer.alloc(0);
    let stderr = '';
    let truncated = false;
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-4096)));
    child.stdout.on('data', (b: Buffer) => {
      if (truncated) return;
      let buf = rest.length > 0 ? Buffer.concat([rest, b]) : b;
      for (let nul = buf.indexOf(0); nul >= 0; nul = buf.indexOf(0)) {
        const rec = buf.subarray(0, nul).toString('utf8');
        buf = buf.subarray(nul + 1);
        // The size is "-" for a submodule and "BAD" for a missing blob (its read reports it).
        const m = /^(\d+) \w+ ([0-9a-f]+) +(\S+)\t([\s\S]*)$/.exec(rec);
        if (!m) {
          fail(new GitError(args, null, `unexpected ls-tree output (a ${rec.length}-byte record)`));
          return;
        }
        files.push({ mode: m[1]!, oid: m[2]!, size: /^\d+$/.test(m[3]!) ? Number(m[3]) : 0, path: m[4]! });
        if (files.length > maxFiles) {
          truncated = true;
          child.kill();
          return;
        }
      }
      rest = Buffer.from(buf);
    });
    let failed = false;
    const fail = (e: GitError): void => {
      failed = truncated = true; // stop reading
      child.kill();
      reject(e);
    };
    child.on('error', (e) => fail(new GitError(args, null, e.message)));
    child.on('close', (code) => {
      if (failed) return;
      if (truncated) resolve({ files: files.slice(0, maxFiles), truncated });
      else if (code === 0) resolve({ files, truncated });
      else reject(new GitError(args, code, stderr));
    });
  });
}
