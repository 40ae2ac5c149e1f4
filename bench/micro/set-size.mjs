// Why the RE2.Set holds keyword literals only: Set throughput with the keywords alone and with
// a few full context-rule regexes added. Run: node bench/micro/set-size.mjs (after npm run build)
import RE2 from 're2';
import { loadPack, BUILTIN_PATTERNS_DIR } from '../../dist/rules/load.js';
import { corpusSlice } from './corpus-slice.mjs';

const rules = loadPack(BUILTIN_PATTERNS_DIR);
const buf = corpusSlice();
const esc = (k) => k.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const kws = [...new Set(rules.flatMap((r) => [...r.keywords, ...(r.requires ?? [])]))].map(esc);
const heavy = rules.filter((r) => r.kind === 'generic' || /^\(\?i/.test(r.regex)).slice(0, 11).map((r) => r.regex);
for (const [name, pats] of [['keywords', kws], ['keywords + 11 regexes', [...kws, ...heavy]]]) {
  const set = new RE2.Set(pats, 'iu', { maxMem: 256 << 20 });
  const t = performance.now();
  for (let i = 0; i < buf.length; i += 8192) set.match(buf.subarray(i, i + 8192));
  const ms = performance.now() - t;
  console.log(`${name.padEnd(24)} ${pats.length} patterns ${(buf.length / 1e6 / (ms / 1000)).toFixed(0).padStart(6)} MB/s`);
}
