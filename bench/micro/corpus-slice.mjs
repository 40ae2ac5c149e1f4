// ~48 MB of the scan benchmark corpus (bench/scan/corpus.mjs builds it) as one Buffer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export function corpusSlice(maxBytes = 48 * 1024 * 1024) {
  const dir = process.env.KEYWARD_BENCH_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'keyward-bench');
  const list = readFileSync(join(dir, 'corpus.txt'), 'utf8').trim().split('\n');
  const parts = [];
  let n = 0;
  for (const rel of list) {
    if (n >= maxBytes) break;
    const b = readFileSync(join(dir, 'corpus', rel));
    parts.push(b);
    n += b.length;
  }
  return Buffer.concat(parts);
}
