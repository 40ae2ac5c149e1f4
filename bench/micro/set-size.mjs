// Why the RE2.Set holds keyword literals only, and what the keyword pass costs: Set throughput
// over 4 KiB blocks (the detector's SELECT_BLOCK) with one keyword, 100, all of the pack's, and
// all of them plus a few full context-rule regexes.
// Run: node bench/micro/set-size.mjs (after npm run build and node bench/scan/corpus.mjs)
import RE2 from 're2';
import { loadPack, BUILTIN_PATTERNS_DIR } from '../../dist/rules/load.js';
import { corpusSlice } from './corpus-slice.mjs';

const BLOCK = 4096;
const rules = loadPack(BUILTIN_PATTERNS_DIR);
const buf = corpusSlice();
const esc = (k) => k.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const kws = [...new Set(rules.flatMap((r) => [...r.keywords, ...(r.requires ?? [])]))].map(esc);
const heavy = rules.filter((r) => r.kind === 'generic' || /^\(\?i/.test(r.regex)).slice(0, 11).map((r) => r.regex);
const variants = [
  ['one keyword', [esc('password')]],
  ['100 keywords', kws.slice(0, 100)],
  ['all keywords', kws],
  ['keywords + 11 regexes', [...kws, ...heavy]],
];
console.log(`${(buf.length / 2 ** 20).toFixed(1)} MB in ${BLOCK} B blocks, best of 3 passes after a warm-up pass`);
for (const [name, pats] of variants) {
  const set = new RE2.Set(pats, 'iu', { maxMem: 256 << 20 });
  const pass = () => {
    const t = performance.now();
    for (let i = 0; i < buf.length; i += BLOCK) set.match(buf.subarray(i, i + BLOCK));
    return performance.now() - t;
  };
  pass();
  const ms = Math.min(pass(), pass(), pass());
  console.log(`${name.padEnd(24)} ${String(pats.length).padStart(4)} patterns ${(buf.length / 2 ** 20 / (ms / 1000)).toFixed(0).padStart(6)} MB/s`);
}
