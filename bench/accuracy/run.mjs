#!/usr/bin/env node
// Detection accuracy on the public dev set (../shared/accuracy, see its README): recall and false
// positives per set, and the providers with misses, written to the "accuracy" section of
// bench/RESULTS.md. Measure only: the dev set's examples never go into patterns/ or test/.
//
//   node bench/accuracy/run.mjs [--accuracy PATH] [--no-write]
//
// PATH is the dev set's `run` script (default ../shared/accuracy/run next to the checkout).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { keywardCli, repoRoot, table, writeSection } from '../lib/report.mjs';

const { values } = parseArgs({
  options: {
    accuracy: { type: 'string', default: resolve(repoRoot, '..', 'shared', 'accuracy', 'run') },
    'no-write': { type: 'boolean', default: false },
  },
});

if (!existsSync(values.accuracy)) {
  console.error(`bench/accuracy: no dev set at ${values.accuracy} (--accuracy PATH)`);
  process.exit(2);
}
if (!existsSync(keywardCli())) {
  console.error('bench/accuracy: build keyward first (npm run build)');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'keyward-accuracy-'));
const out = join(work, 'accuracy.json');
let report;
try {
  // The script runs keyward with the corpus folder as its working directory.
  execFileSync(values.accuracy, ['--keyward', `node ${keywardCli()}`, '--json', out], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  report = JSON.parse(readFileSync(out, 'utf8'));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const { recall: recallTarget, fp_rate: fpTarget } = report.targets;
const sets = Object.entries(report.corpora);
const summary = table(
  ['set', 'recall', 'found', 'false positives', 'negatives', `targets (recall >= ${recallTarget}, FP <= ${pct(fpTarget)})`],
  sets.map(([name, c]) => [name, c.recall.toFixed(3), `${c.detected}/${c.positives}`, pct(c.fp_rate), `${c.fp}/${c.negatives}`, c.meets_targets ? 'met' : 'not met']),
);

/** Providers with misses, most missed first: "name missed/total". */
function missedProviders(c) {
  return Object.entries(c.per_provider)
    .map(([p, v]) => [p, v.total - v.detected, v.total])
    .filter(([, missed]) => missed > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([p, missed, total]) => `${p} ${missed}/${total}`);
}

/** False positives by the keyward rule that reported them. */
function fpRules(c) {
  const count = new Map();
  for (const f of c.false_positives) for (const r of f.rules ?? [f.rule]) count.set(r, (count.get(r) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${r} ${n}`);
}

const body = [
  summary,
  '',
  ...sets.flatMap(([name, c]) => [
    `**${name}**: providers with misses (missed/total): ${missedProviders(c).join(', ') || 'none'}.`,
    '',
    `**${name}**: false positives by rule: ${fpRules(c).join(', ') || 'none'}.`,
    '',
  ]),
  `Tokens whose GitHub/npm checksum fails are left out (the script's default).`,
].join('\n');

for (const [name, c] of sets) console.log(`${name}: recall ${c.recall.toFixed(3)} (${c.detected}/${c.positives}), FP ${pct(c.fp_rate)} (${c.fp}/${c.negatives})`);
if (!values['no-write']) {
  writeSection({ name: 'accuracy', title: 'accuracy: the public dev set', command: 'npm run build && node bench/accuracy/run.mjs', body });
  console.log('bench/accuracy: wrote the accuracy section of bench/RESULTS.md');
}
