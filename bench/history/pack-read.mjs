// Reading blobs from pack files in-process (src/git/pack-store.ts) against `git cat-file --batch`,
// one thread, same blobs in the same (walk) order. Numbers for docs/decisions.md ("History: whole
// blobs from the pack file, deltas from git").
// Usage (after npm run build): node bench/history/pack-read.mjs --repo <dir> [--runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPackIndexes } from '../../dist/git/pack-index.js';
import { DELTIFIED, PackStore } from '../../dist/git/pack-store.js';

const { values: opt } = parseArgs({ options: { repo: { type: 'string' }, runs: { type: 'string', default: '3' } } });
if (!opt.repo) throw new Error('--repo <dir> is required');
const repo = resolve(opt.repo);
const git = (args, input) => execFileSync('git', args, { cwd: repo, input, maxBuffer: 1 << 30 });

// Blob ids in walk order (first appearance in `git log --raw`), as keyward history asks for them.
const log = git(['log', '--all', '--raw', '--no-abbrev', '--no-renames', '--format=']).toString();
const seen = new Set();
for (const line of log.split('\n')) {
  const f = line.split(/\s+/);
  if (line.startsWith(':') && f[3] && !/^0+$/.test(f[3])) seen.add(f[3]);
}
const oids = [...seen];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const packs = loadPackIndexes(join(repo, git(['rev-parse', '--git-path', 'objects']).toString().trim()));
let whole = 0;
let deltas = 0;
{
  const store = new PackStore(packs);
  for (const oid of oids) {
    const p = store.locate(oid, 32 << 20);
    if (p >= 0) whole++;
    else if (p === DELTIFIED) deltas++;
  }
  store.close();
}

const catTimes = [];
const packTimes = [];
let packBytes = 0;
for (let r = 0; r < Number(opt.runs); r++) {
  let t = performance.now();
  // Output to /dev/null: git's own cost, as the benchmark's floor measures it.
  const out = spawnSync('git', ['cat-file', '--batch'], { cwd: repo, input: `${oids.join('\n')}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  if (out.status !== 0) throw new Error('git cat-file failed');
  catTimes.push(performance.now() - t);
  t = performance.now();
  const store = new PackStore(packs);
  packBytes = 0;
  for (const oid of oids) {
    const p = store.locate(oid, 32 << 20);
    if (p >= 0) packBytes += store.read(p, 32 << 20).data.length;
  }
  store.close();
  packTimes.push(performance.now() - t);
}
console.log(`${oids.length} blobs in walk order: ${whole} read from the pack (stored whole or as short delta chains), ${deltas} in long delta chains (git), ${oids.length - whole - deltas} loose or other`);
console.log(`git cat-file --batch > /dev/null, every blob: ${(median(catTimes) / 1000).toFixed(2)} s (median of ${catTimes.length})`);
console.log(`PackStore, the blobs it reads (${(packBytes / 1e6).toFixed(0)} MB): ${(median(packTimes) / 1000).toFixed(2)} s (median of ${packTimes.length})`);
