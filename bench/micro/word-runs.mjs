#!/usr/bin/env node
// How often the word-run tests of validators-generic.ts take random keys for words, and how often
// they recognise words joined: readsLikeWords (letter pairs) against readsAsWordRun (triples).
// Random: base36 values of 32 and 64 characters. Words: 2-4 joined, drawn from the Markdown files
// under node_modules after the first 400 (those the tables were built from), 3-10 letters, seen 3+
// times. Fixed seed. Usage: npm run build && node bench/micro/word-runs.mjs [draws]
import { readsAsWordRun, readsLikeWords } from '../../dist/rules/validators-generic.js';
import { markdown, wordCounts } from '../../scripts/markdown-words.mjs';

const files = [...markdown('node_modules')].slice(400, 1200);
const seen = wordCounts(files);
const words = [...seen].filter(([, n]) => n >= 3).map(([w]) => w);

let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (a) => a[Math.floor(rnd() * a.length)];
const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const random = (n) => Array.from({ length: n }, () => pick(B36)).join('');
const hasWordRun = (s, test) => (s.match(/[a-z]{9,}/g) ?? []).some((run) => /[g-z]/.test(run) && test(run));

const draws = Number(process.argv[2] ?? 20000);
console.log(`${draws} draws each; ${words.length} words from ${files.length} Markdown files`);
for (const [name, test] of [['pairs (readsLikeWords)', readsLikeWords], ['triples (readsAsWordRun)', readsAsWordRun]]) {
  seed = 1;
  let r32 = 0, r64 = 0, joined = 0, read = 0;
  for (let i = 0; i < draws; i++) {
    if (hasWordRun(random(32), test)) r32++;
    if (hasWordRun(random(64), test)) r64++;
    const w = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(words)).join('');
    if (w.length < 9) continue;
    joined++;
    if (hasWordRun(w, test)) read++;
  }
  const pct = (a, b) => `${((100 * a) / b).toFixed(2)}%`;
  console.log(`${name.padEnd(26)} random 32: ${pct(r32, draws)} taken for words; random 64: ${pct(r64, draws)}; words joined read as words: ${pct(read, joined)}`);
}
