#!/usr/bin/env node
// `keyward history --full` on a real repository, side by side with reading every object through
// git (`git cat-file --batch-all-objects --batch > /dev/null`, the floor), interleaved in one
// run: medians, the ratio to the floor and peak RSS (GNU time: the largest process of the tree).
// The generated repository of run.mjs stores most blobs whole; real ones are deltified, so a
// reading strategy is judged here too (docs/decisions.md, D9 and R1).
//
// The repository is only read: keyward writes its cache into a `git clone --mirror --shared`
// of it in the bench directory (objects through alternates, nothing copied).
// --baseline <cli> adds another keyward build (e.g. main's dist/bin/keyward.mjs) as a third row,
// and checks that both builds report the same findings (JSON, secrets redacted).
// Usage: node bench/history/real.mjs --repo <path> [--runs 1] [--warmup 0] [--baseline <cli>]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bench, benchDir, fmtMs, fmtRss, fmtX, keywardCli, ratio, resultsTable } from '../lib/index.mjs';

const { values: opt } = parseArgs({
  options: {
    repo: { type: 'string' },
    runs: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '0' },
    baseline: { type: 'string' },
  },
});
if (!opt.repo) throw new Error('usage: node bench/history/real.mjs --repo <path> [--runs 1] [--warmup 0] [--baseline <cli>]');
const source = resolve(opt.repo);
const cli = keywardCli();
if (!existsSync(cli)) throw new Error(`${cli} not found: build first (npm run build)`);
const log = (s) => process.stderr.write(s);

const name = basename(source).replace(/\.git$/, '') === 'repo' ? basename(resolve(source, '..')) : basename(source);
const dir = join(benchDir(), 'history-real', name);
const mirror = join(dir, 'mirror.git');
rmSync(dir, { recursive: true, force: true });
execFileSync('git', ['clone', '-q', '--mirror', '--shared', source, mirror]);
const git = (args) => execFileSync('git', ['-C', mirror, ...args], { maxBuffer: 64 << 20 }).toString().trim();
const commits = Number(git(['rev-list', '--all', '--count']));
const blobBytes = Number(git(['cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)']).split('\n').reduce((n, l) => (l.startsWith('blob ') ? n + Number(l.slice(5)) : n), 0));

const out = (tag) => join(dir, `${tag}.json`);
const history = (tag, bin) => ({
  name: `keyward history --full (${tag})`,
  argv: [process.execPath, bin, 'history', mirror, '--full', '--no-progress', '--format', 'json', '--output', out(tag)],
  okCodes: [0, 1, 3],
  bytes: blobBytes,
});
const FLOOR = 'floor: git cat-file --batch-all-objects --batch';
const commands = [history('this build', cli)];
if (opt.baseline) commands.push(history('baseline', resolve(opt.baseline)));
commands.push({ name: FLOOR, shell: `git -C '${mirror}' cat-file --batch-all-objects --batch > /dev/null` });
log(`${name}: ${commits} commits, ${(blobBytes / 1e9).toFixed(2)} GB of blobs\n`);
const res = await bench(commands, { runs: Number(opt.runs), warmup: Number(opt.warmup), log });

const findings = (tag) => JSON.parse(readFileSync(out(tag), 'utf8'));
const mine = findings('this build');
const lines = [
  `Repository: ${name} (${commits} commits, ${(blobBytes / 1e9).toFixed(2)} GB of blob content); ${mine.findings.length} findings, complete: ${mine.stats.complete}.`,
  '',
  resultsTable(res),
  '',
];
for (const c of commands.slice(0, -1)) {
  const r = res[c.name];
  lines.push(`${c.name}: ${fmtMs(r.median)}, ${fmtX(ratio(res, c.name, FLOOR))} the floor, peak RSS ${fmtRss(r.rssMaxMB)}`);
}
if (opt.baseline) {
  const base = findings('baseline');
  const same = JSON.stringify(base.findings) === JSON.stringify(mine.findings);
  lines.push(`findings of this build and the baseline: ${same ? 'identical' : 'DIFFERENT'} (${mine.findings.length} and ${base.findings.length})`);
  if (!same) process.exitCode = 1;
}
console.log(lines.join('\n'));
