#!/usr/bin/env node
// Detection over the scan corpus held in memory, one thread: keyward's Detector alone against the
// same Detector with the Hyperscan prefilter (src/detect/prefilter.ts), as worker threads use it.
// Findings are compared file by file (rule, offsets, secret) before anything is timed.
// Needs keyward's optional addon, as bench/hyperscan/run.mjs says.
//   node bench/hyperscan/detect.mjs      (after npm run build and node bench/scan/corpus.mjs)
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadPack, BUILTIN_PATTERNS_DIR } from '../../dist/rules/load.js';
import { Detector } from '../../dist/detect/detector.js';
import { Prefilter, prefilterSpec } from '../../dist/detect/prefilter.js';

const dir = process.env.KEYWARD_BENCH_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'keyward-bench');
const files = readFileSync(join(dir, 'corpus.txt'), 'utf8').trim().split('\n').map((rel) => [rel, readFileSync(join(dir, 'corpus', rel))]);
const mb = (list) => list.reduce((n, [, b]) => n + b.length, 0) / 2 ** 20;
const ascii = files.filter(([, b]) => isAscii(b));
console.log(`${files.length} files, ${mb(files).toFixed(1)} MB, of which ASCII ${ascii.length} files, ${mb(ascii).toFixed(1)} MB`);

const defs = loadPack(BUILTIN_PATTERNS_DIR);
const alone = new Detector(defs);
const t0 = performance.now();
const spec = prefilterSpec(defs);
if (!spec) throw new Error('the Hyperscan addon is not built (see bench/hyperscan/run.mjs)');
console.log(`prefilter ready in ${(performance.now() - t0).toFixed(0)} ms (compiled, or loaded from the cache)`);
const filtered = new Detector(defs);
filtered.usePrefilter(Prefilter.from(spec));

const key = (m) => `${m.rule.def.id} ${m.matchStart} ${m.matchEnd} ${m.start} ${m.end} ${m.secret}`;
let differ = 0;
for (const [rel, b] of files) {
  const a = alone.detect(b, rel).map(key).join('|');
  const c = filtered.detect(b, rel).map(key).join('|');
  if (a !== c && ++differ <= 5) console.log(`  differs: ${rel}\n    alone:          ${a}\n    with prefilter: ${c}`);
}
console.log(`files whose findings differ: ${differ}`);

const pass = (d) => {
  const times = [];
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    for (const [rel, b] of files) d.detect(b, rel);
    times.push(performance.now() - t);
  }
  return Math.min(...times.slice(1));
};
for (let round = 0; round < 2; round++) {
  const a = pass(alone);
  const c = pass(filtered);
  const rate = (ms) => `${ms.toFixed(0)} ms (${(mb(files) / (ms / 1000)).toFixed(0)} MB/s)`;
  console.log(`Detector alone: ${rate(a)}; with the prefilter: ${rate(c)}`);
}
