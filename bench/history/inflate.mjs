#!/usr/bin/env node
// Inflating the whole blobs of a pack in memory, one thread: node:zlib (one stream per object,
// as pack-store.ts used before) against libdeflate through keyward's optional addon
// (native/inflate). Numbers for docs/decisions.md ("History at stop 12").
// Usage (after npm run build, with the addon built): node bench/history/inflate.mjs --repo <dir> [--runs 3]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPackIndexes } from '../../dist/git/pack-index.js';
import { nativeInflate, zlibInflate } from '../../dist/git/pack-store.js';

const { values: opt } = parseArgs({ options: { repo: { type: 'string' }, runs: { type: 'string', default: '3' } } });
if (!opt.repo) throw new Error('--repo <dir> is required');
const repo = resolve(opt.repo);
const native = nativeInflate();
if (!native) throw new Error('the libdeflate addon is not built (apt-get install libdeflate-dev, then npm ci)');
const objects = join(repo, execFileSync('git', ['rev-parse', '--git-path', 'objects'], { cwd: repo }).toString().trim());

// Every whole blob of every pack: its compressed bytes (to the next object) and its size.
const items = [];
let total = 0;
for (const d of loadPackIndexes(objects)) {
  const ends = d.packSize < 2 ** 32 ? new Uint32Array(d.ends) : new Float64Array(d.ends);
  const pack = readFileSync(d.packPath);
  for (let i = 0; i < ends.length; i++) {
    const end = i + 1 < ends.length ? ends[i + 1] : d.packSize - d.hashLen;
    let pos = ends[i];
    let c = pack[pos++];
    const type = (c >> 4) & 7;
    let size = c & 15;
    for (let shift = 4; c & 0x80; shift += 7) {
      c = pack[pos++];
      size += (c & 0x7f) * 2 ** shift;
    }
    if (type === 3) {
      items.push([pack.subarray(pos, end), size]);
      total += size;
    }
  }
}
console.log(`${items.length} whole blobs, ${(total / 1e6).toFixed(0)} MB`);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const times = { zlib: [], libdeflate: [] };
for (let r = 0; r < Number(opt.runs); r++) {
  for (const [name, inflate] of [['zlib', zlibInflate], ['libdeflate', native]]) {
    const t = performance.now();
    for (const [c, size] of items) inflate(c, size);
    times[name].push(performance.now() - t);
  }
}
for (const [name, ts] of Object.entries(times)) {
  console.log(`${name}: ${(median(ts) / 1000).toFixed(2)} s (median of ${ts.length}; ${ts.map((x) => (x / 1000).toFixed(2)).join(', ')}), ${(total / 1e6 / (median(ts) / 1000)).toFixed(0)} MB/s`);
}
