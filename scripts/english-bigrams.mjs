#!/usr/bin/env node
// Prints the letter pairs (or, with 3, triples) that make up 90% of those in English words, for
// readsLikeWords and readsAsWordRun (src/rules/validators-generic.ts, english-trigrams.ts): the
// words of the first 400 Markdown files under node_modules (sorted paths), 3-10 letters, seen 3
// times or more. Usage: node scripts/english-bigrams.mjs [2|3]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function* markdown(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* markdown(p);
    else if (e.name.endsWith('.md')) yield p;
  }
}

const seen = new Map();
let files = 0;
for (const f of markdown('node_modules')) {
  if (files++ >= 400) break;
  for (const w of readFileSync(f, 'utf8').split(/[^a-z]+/)) if (w.length >= 3 && w.length <= 10) seen.set(w, (seen.get(w) ?? 0) + 1);
}
const size = Number(process.argv[2] ?? 2);
const pairs = new Map();
for (const [w, n] of seen) {
  if (n < 3) continue;
  for (let i = size - 1; i < w.length; i++) pairs.set(w.slice(i - size + 1, i + 1), (pairs.get(w.slice(i - size + 1, i + 1)) ?? 0) + 1);
}
const total = [...pairs.values()].reduce((a, b) => a + b, 0);
const common = [];
let acc = 0;
for (const [p, n] of [...pairs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
  if (acc >= total * 0.9) break;
  common.push(p);
  acc += n;
}
console.log(`${common.length} ${size === 3 ? "triples" : "pairs"} from ${[...seen.values()].filter((n) => n >= 3).length} words:`);
console.log(common.sort().join(' '));
