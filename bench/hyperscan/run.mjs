#!/usr/bin/env node
// What a SIMD multi-pattern matcher (Hyperscan) gives in place of the RE2.Set keyword pass
// (bench/HISTORY.md, "Speed targets: where the time goes, and the Hyperscan prefilter").
// Needs keyward's optional addon (native/hyperscan: apt-get install libhyperscan-dev, then
// npm ci or node scripts/build-native.mjs).
//   node bench/hyperscan/run.mjs        (after npm run build and node bench/scan/corpus.mjs)
// 1. The pack's keyword literals: RE2.Set against Hyperscan on 4 KiB blocks, same answers checked.
// 2. Every rule's full regex in Hyperscan's prefilter mode (no false negatives): how fast, and
//    how many rules it names per block against the rules the keyword pass selects.
import { createRequire } from 'node:module';
import RE2 from 're2';
import { loadPack, BUILTIN_PATTERNS_DIR } from '../../dist/rules/load.js';
import { corpusSlice } from '../micro/corpus-slice.mjs';

const native = createRequire(import.meta.url)('../../native/hyperscan/build/Release/keyward_hs.node');
/** The addon's compile/load, as the two matchers these measurements use. */
const build = (patterns, literal) => native.load(native.compile(patterns, new Uint8Array(patterns.length).fill(literal ? 1 : 0)), patterns.length);
const hs = { literals: (list) => build(list, true), prefilter: (list) => build(list, false), match: native.match };
const rules = loadPack(BUILTIN_PATTERNS_DIR);
const buf = corpusSlice();
const MB = buf.length / 2 ** 20;
const esc = (k) => k.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const best = (f) => Math.min(...[0, 1, 2, 3].map(() => { const t = performance.now(); f(); return performance.now() - t; }).slice(1));
const blocks = (size, f) => () => { for (let i = 0; i < buf.length; i += size) f(buf.subarray(i, i + size)); };
console.log(`${MB.toFixed(1)} MB of the scan corpus; best of 3 passes after a warm-up pass`);

// 1. Keywords.
const kws = [...new Set(rules.flatMap((r) => [...r.keywords, ...(r.requires ?? [])]))];
const set = new RE2.Set(kws.map(esc), 'iu');
const lit = hs.literals(kws);
let differ = 0;
let selected = 0;
const rulesOf = kws.map((k) => rules.filter((r) => r.keywords.includes(k)).length);
for (let i = 0; i < buf.length; i += 4096) {
  const a = set.match(buf.subarray(i, i + 4096)).sort((x, y) => x - y);
  const b = hs.match(lit, buf.subarray(i, i + 4096)).sort((x, y) => x - y);
  if (a.join() !== b.join()) differ++;
  for (const k of a) selected += rulesOf[k];
}
for (const [name, f] of [['RE2.Set', (b) => set.match(b)], ['Hyperscan literals', (b) => hs.match(lit, b)]]) {
  console.log(`keywords (${kws.length}), ${name.padEnd(18)} ${(MB / (best(blocks(4096, f)) / 1000)).toFixed(0).padStart(5)} MB/s`);
}
console.log(`4 KiB blocks where the two differ: ${differ}; (block, rule) pairs the keywords select: ${selected}`);

// 2. Full regexes as a prefilter.
const ok = [];
for (const r of rules) {
  try {
    hs.prefilter([r.regex]);
    ok.push(r);
  } catch (e) {
    console.log(`not compiled by Hyperscan: ${r.id} (${e.message})`);
  }
}
let t = performance.now();
const pre = hs.prefilter(ok.map((r) => r.regex));
console.log(`prefilter of ${ok.length} full regexes compiled in ${(performance.now() - t).toFixed(0)} ms`);
for (const size of [4096, 65536]) {
  let named = 0;
  blocks(size, (b) => (named += hs.match(pre, b).length))();
  console.log(`prefilter, ${String(size).padStart(5)} B blocks ${(MB / (best(blocks(size, (b) => hs.match(pre, b))) / 1000)).toFixed(0).padStart(5)} MB/s, (block, rule) pairs named: ${named}`);
}
