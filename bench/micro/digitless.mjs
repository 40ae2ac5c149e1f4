#!/usr/bin/env node
// How often randomLetters (validators-generic.ts) takes a digit-less value for random letters:
// random [A-Za-z] values of 16-40 characters (fixed seed) against every quoted digit-less mixed-case
// string of 16-80 characters in the given folders (names, paths, words: what it must refuse).
// Usage: npm run build && node bench/micro/digitless.mjs [folder ...]
//   (defaults: the bench corpus and the second corpus under /tmp/keyward-bench)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeCode, randomLetters } from '../../dist/rules/validators-generic.js';

let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const AL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
for (const n of [16, 20, 24, 32, 40]) {
  let ok = 0;
  for (let i = 0; i < 20000; i++) if (randomLetters(Array.from({ length: n }, () => AL[Math.floor(rnd() * 52)]).join(''))) ok++;
  console.log(`random letters, ${n} chars: ${((100 * ok) / 20000).toFixed(1)}% read as random`);
}

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile() && statSync(p).size < 2 << 20) yield p;
  }
}
const dirs = process.argv.slice(2);
const seen = new Set();
for (const dir of dirs.length ? dirs : ['/tmp/keyward-bench/corpus', '/tmp/keyward-bench/second-corpus']) {
  for (const f of files(dir)) {
    for (const m of readFileSync(f, 'latin1').matchAll(/["']([A-Za-z+/=_.~-]{16,80})["']/g)) {
      if (/[a-z]/.test(m[1]) && /[A-Z]/.test(m[1])) seen.add(m[1]);
    }
  }
}
const pass = [...seen].filter((s) => randomLetters(s) && !looksLikeCode(s));
console.log(`quoted digit-less mixed-case strings: ${pass.length} of ${seen.size} read as random`);
for (const s of pass.slice(0, 40)) console.log(`  ${process.env.FULL ? s : s.slice(0, 8) + "…"} (${s.length})`);
