// What rules cost in the Hyperscan prefilter database: the database of every unscoped regex of a
// pack (or, with --scoped, of the path-scoped ones), then without each rule named (or without all
// of them), over every third ASCII file of the bench corpus; the best of 3 passes. Needs the
// Hyperscan addon.
// Run: node bench/micro/prefilter-cost.mjs [--pack patterns] [--scoped] [rule-id ...]
import { readFileSync } from 'node:fs';
import { corpusFiles } from './corpus-slice.mjs';
import { parseArgs } from 'node:util';
import { loadPack } from '../../dist/rules/load.js';
import { prefilterAddon } from '../../dist/detect/prefilter.js';
import { pathScoped } from '../../dist/detect/compiled-rule.js';

const { values, positionals } = parseArgs({ options: { pack: { type: 'string', default: 'patterns' }, scoped: { type: 'boolean', default: false } }, allowPositionals: true });
const hs = prefilterAddon();
if (!hs) throw new Error('the Hyperscan addon is not built (node scripts/build-native.mjs)');
const rules = loadPack(values.pack).filter((r) => !r.pathOnly && pathScoped(r) === values.scoped);
const files = corpusFiles();
const bufs = [];
let bytes = 0;
for (let i = 0; i < files.length; i += 3) {
  const b = readFileSync(files[i]);
  if (b.length < 1 << 20 && !b.includes(0) && /^[\x00-\x7f]*$/.test(b.toString('latin1'))) {
    bufs.push(b);
    bytes += b.length;
  }
}

function scanMs(set) {
  const h = hs.load(hs.compile(set.map((r) => r.regex), new Uint8Array(set.length)), set.length);
  const owner = Int32Array.from(set, (_, i) => i);
  const named = new Uint8Array(set.length);
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    for (const b of bufs) {
      named.fill(0);
      hs.match(h, b, owner, named);
    }
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

console.log(`${(bytes / 1e6).toFixed(1)} MB in ${bufs.length} files; ${rules.length} ${values.scoped ? 'path-scoped' : 'unscoped'} rules`);
const all = scanMs(rules);
console.log(`all rules: ${all.toFixed(0)} ms`);
if (positionals.length > 0) {
  console.log(`without the ${positionals.length} named: ${scanMs(rules.filter((r) => !positionals.includes(r.id))).toFixed(0)} ms`);
  for (const id of positionals) console.log(`without ${id}: ${scanMs(rules.filter((r) => r.id !== id)).toFixed(0)} ms`);
}
