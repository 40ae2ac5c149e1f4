#!/usr/bin/env node
// Detection over the scan corpus held in memory, one thread: keyward's Detector (the RE2.Set
// keyword pass, then candidate rules on the lines around their keywords) against a Hyperscan
// prefilter that names the rules that can match a file, each then run once on the whole file.
// Needs keyward's optional addon, as bench/hyperscan/run.mjs says.
//   node bench/hyperscan/detect.mjs
// Only files of at most 128 KiB holding ASCII only take the prefilter path in the comparison:
// there, Hyperscan's byte semantics and RE2's UTF-8 semantics cannot differ. Rules Hyperscan does
// not compile are named by their keywords instead (as literals in the same database). Findings of
// both paths are compared rule, offset and secret.
import { createRequire } from 'node:module';
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadPack, BUILTIN_PATTERNS_DIR } from '../../dist/rules/load.js';
import { Detector } from '../../dist/detect/detector.js';

const native = createRequire(import.meta.url)('../../native/hyperscan/build/Release/keyward_hs.node');
/** The addon's compile/load, as the two matchers these measurements use. */
const build = (patterns, literal) => native.load(native.compile(patterns, new Uint8Array(patterns.length).fill(literal ? 1 : 0)), patterns.length);
const hs = { literals: (list) => build(list, true), prefilter: (list) => build(list, false), match: native.match };
const dir = process.env.KEYWARD_BENCH_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'keyward-bench');
const files = readFileSync(join(dir, 'corpus.txt'), 'utf8').trim().split('\n').map((rel) => [rel, readFileSync(join(dir, 'corpus', rel))]);
const small = files.filter(([, b]) => b.length <= 128 * 1024 && isAscii(b));
const bytes = (list) => list.reduce((n, [, b]) => n + b.length, 0);
console.log(`${files.length} files, ${(bytes(files) / 2 ** 20).toFixed(1)} MB; ASCII-only and <= 128 KiB: ${small.length} files, ${(bytes(small) / 2 ** 20).toFixed(1)} MB`);

const defs = loadPack(BUILTIN_PATTERNS_DIR);
const d = new Detector(defs);

// One database: each rule's full regex in prefilter mode, or, where Hyperscan rejects the regex,
// the rule's keywords as literals. Pattern id -> rule index.
const owner = [];
const regexRules = [];
const literalRules = [];
for (let i = 0; i < defs.length; i++) {
  try {
    hs.prefilter([defs[i].regex]);
    regexRules.push(i);
  } catch {
    literalRules.push(i);
  }
}
const esc = (k) => k.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const patterns = [];
for (const i of regexRules) (patterns.push(defs[i].regex), owner.push(i));
for (const i of literalRules) for (const k of defs[i].keywords) (patterns.push(`(?i)${esc(k)}`), owner.push(i));
let t = performance.now();
const db = hs.prefilter(patterns);
console.log(`database: ${regexRules.length} regexes, ${literalRules.length} rule(s) by keyword; compiled in ${(performance.now() - t).toFixed(0)} ms`);

/** The prefilter path: rules the database names, each run once over the whole buffer. */
function viaPrefilter(buf, path) {
  const found = [];
  const seen = new Set();
  for (const id of hs.match(db, buf)) {
    const i = owner[id];
    if (seen.has(i)) continue;
    seen.add(i);
    const rule = d.rules[i];
    if (!rule.appliesTo(path)) continue;
    const req = rule.def.requires ?? [];
    if (req.length > 0) {
      const lower = buf.toString('latin1').toLowerCase();
      if (!req.every((w) => lower.includes(w))) continue;
    }
    d.runRule(rule, buf, 0, path, found);
  }
  return found;
}
const key = (m) => `${m.rule.def.id} ${m.start} ${m.end} ${m.secret}`;
// Same raw matches before keyward's generic-shadowing step, compared as sets per file.
let differ = 0;
for (const [rel, b] of small) {
  const a = d.detect(b, rel).map(key).sort().join('|');
  const raw = viaPrefilter(b, rel);
  const kept = raw.filter((f) => f.rule.def.kind !== 'generic' || !raw.some((k) => k.rule.def.kind !== 'generic' && k.start < f.end && f.start < k.end));
  const seen = new Set();
  const c = kept.filter((f) => (seen.has(`${f.start} ${f.end}`) && f.rule.def.kind === 'generic' ? false : (seen.add(`${f.start} ${f.end}`), true))).map(key).sort().join('|');
  if (a !== c) {
    differ++;
    if (differ <= 5) console.log(`  differs: ${rel}\n    RE2 path:       ${a}\n    prefilter path: ${c}`);
  }
}
console.log(`files whose findings differ: ${differ}`);

const pass = (f) => {
  const times = [];
  for (let r = 0; r < 4; r++) {
    t = performance.now();
    for (const [rel, b] of small) f(b, rel);
    times.push(performance.now() - t);
  }
  return Math.min(...times.slice(1));
};
const mb = bytes(small) / 2 ** 20;
for (let round = 0; round < 2; round++) {
  const a = pass((b, rel) => d.detect(b, rel));
  const c = pass(viaPrefilter);
  console.log(`RE2 keyword pass + rules: ${a.toFixed(0)} ms (${(mb / (a / 1000)).toFixed(0)} MB/s); Hyperscan prefilter + rules: ${c.toFixed(0)} ms (${(mb / (c / 1000)).toFixed(0)} MB/s)`);
}
