#!/usr/bin/env node
// Prints the letter pairs (or, with 3, triples) that make up 90% of those in English words, for
// readsLikeWords and readsAsWordRun (src/rules/validators-generic.ts, english-trigrams.ts): the
// words of the first 400 Markdown files under node_modules (sorted paths), 3-10 letters, seen 3
// times or more. Usage: node scripts/english-bigrams.mjs [2|3]
import { markdown, wordCounts } from './markdown-words.mjs';

const seen = wordCounts([...markdown('node_modules')].slice(0, 400));
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
