/**
 * The engine's object reader (engine/objects.ts) over git: one `git cat-file --batch` per reader.
 * Worker threads load this module by its file (readerSpec) and call openReader.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BlobReadError, GitObjectReader } from '../git/object-reader.js';
import { gitEnv } from '../git/run.js';
import { distFile } from '../package-root.js';
import type { ObjectReader, ReaderOptions, ReaderSpec } from '../engine/objects.js';
import { splitMessage } from './object-message.js';

/** Where git runs, and its environment (pack limits, no replace objects, no lazy fetch). */
export interface GitObjectsOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** The spec worker threads open their readers from. */
export function gitReaderSpec(options: GitObjectsOptions): ReaderSpec {
  // The unbundled tsc output: the CLI itself may run from a bundle.
  return { module: pathToFileURL(distFile('sources/git-objects.js')).href, options };
}

/** The engine's reader over the repository at `cwd`: a spec for worker threads, an opener for the main thread. */
export function gitReader(options: GitObjectsOptions): { spec: ReaderSpec; open: (engine: ReaderOptions) => ObjectReader } {
  return { spec: gitReaderSpec(options), open: (engine) => openReader(options, engine) };
}

export function openReader(options: unknown, engine: ReaderOptions): ObjectReader {
  const { cwd, env } = options as GitObjectsOptions;
  // Unbuffered (the default): the reader stays open between batches (with --buffer git would hold answers).
  const reader = new GitObjectReader(cwd, { inlineLimit: engine.inlineLimit, env });
  return {
    request: (oid) => reader.request(oid),
    read: () => reader.answers(),
    close: () => reader.close(),
    stream: (oid, size) => blobStream(cwd, env, oid, size),
    message: async (obj) => (await splitMessage(obj)).text,
    lost: (e) => e instanceof BlobReadError,
  };
}

/**
 * A blob's content from a one-off `git cat-file blob` (a huge blob needed a second time). Fewer
 * bytes than `size` (git failed on it) is a BlobReadError: never a scan of part of the blob.
 */
async function* blobStream(cwd: string, env: NodeJS.ProcessEnv | undefined, oid: string, size: number): AsyncGenerator<Buffer> {
  const child = spawn('git', ['cat-file', 'blob', oid], { cwd, env: gitEnv(env), stdio: ['ignore', 'pipe', 'ignore'] });
  let got = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      got += chunk.length;
      yield chunk;
    }
  } finally {
    child.kill();
  }
  if (got !== size) throw new BlobReadError(`git gave ${got} of its ${size} bytes`);
}
