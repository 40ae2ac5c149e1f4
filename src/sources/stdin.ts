import type { StreamBlob } from '../engine/files.js';

/** The path that names stdin on the command line, and in findings. */
export const STDIN = '-';

/** Standard input as one blob, streamed (its size is unknown until it ends). */
export function stdinBlob(input: AsyncIterable<Buffer | string> = process.stdin): StreamBlob {
  return { path: STDIN, chunks: input };
}
