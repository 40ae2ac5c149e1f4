import { Readable } from 'node:stream';

/** `n` bytes of ordinary code lines, the background of a planted secret. */
export function filler(n: number): Buffer {
  const line = Buffer.from('const value = compute(alpha, beta) + 42; // ordinary code\n');
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += line.length) line.copy(out, i, 0, Math.min(line.length, n - i));
  return out;
}

/** Feeds `data` in pieces of an awkward size, as a file or pipe would. */
export function pieces(data: Buffer, size = 1_000_003): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
  })());
}
