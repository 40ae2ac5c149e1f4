// The scan benchmark corpus (bench/scan/corpus.mjs builds it): its files, or ~48 MB of it as one Buffer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const benchDir = () => process.env.KEYWARD_BENCH_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'keyward-bench');

/** The corpus's files, absolute, in selection order (corpus.txt). */
export function corpusFiles() {
  const dir = benchDir();
  return readFileSync(join(dir, 'corpus.txt'), 'utf8').trim().split('\n').map((rel) => join(dir, 'corpus', rel));
}

export function corpusSlice(maxBytes = 48 * 1024 * 1024) {
  const list = corpusFiles();
  const parts = [];
  let n = 0;
  for (const rel of list) {
    if (n >= maxBytes) break;
    const b = readFileSync(rel);
    parts.push(b);
    n += b.length;
  }
  return Buffer.concat(parts);
}
