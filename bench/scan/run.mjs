#!/usr/bin/env node
// `keyward scan` benchmark: throughput against the read floor (cat) and secretlint, start-up
// cost, and peak memory on a file over 1 GB. Writes the "scan" section of bench/RESULTS.md.
// Usage: node bench/scan/run.mjs [--runs 5] [--size-mb 200] [--only throughput,secretlint,startup,memory]
// See bench/README.md for every option.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MB, bench, benchDir, fmtMB, fmtMs, fmtRate, fmtRss, fmtX, hasGnuTime, keywardCli, ratio, repoRoot, resultsTable, runOnce, targetsTable, writeSection } from '../lib/index.mjs';
import { findingsOf, dropLines, sourceBlock, writeBigFile } from './bigfile.mjs';
import { ensureCorpus, ensureSubset } from './corpus.mjs';

const SECTIONS = ['throughput', 'secretlint', 'startup', 'memory'];
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'size-mb': { type: 'string', default: '200' },
    'subset-files': { type: 'string', default: '800' },
    'subset-mb': { type: 'string', default: '20' },
    'startup-runs': { type: 'string', default: '10' },
    'big-mb': { type: 'string', default: '1100' },
    workers: { type: 'string' },
    only: { type: 'string', default: SECTIONS.join(',') },
    'no-write': { type: 'boolean', default: false },
  },
});
const num = (k) => {
  const n = Number(opt[k]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a positive integer`);
  return n;
};
const runs = num('runs');
const only = new Set(opt.only.split(','));
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);

const dir = benchDir();
mkdirSync(dir, { recursive: true });
const cli = keywardCli();
if (!existsSync(cli)) throw new Error(`${cli} not found: build first (npx tsc -p tsconfig.json)`);
const log = (s) => process.stderr.write(s);
const extra = opt.workers ? ['--workers', opt.workers] : [];
const ONE_RULE = 'keyward scan, one-rule pack';
const oneRulePack = join(repoRoot, 'patterns', 'age.toml');

// Run from the bench dir (outside the repository): no keyward.toml or .gitignore of the repo
// applies, so keyward runs its full built-in rule pack with default settings.
const keyward = (name, args, more = {}) => ({
  name,
  argv: [process.execPath, cli, 'scan', ...args, ...extra],
  cwd: dir,
  okCodes: [0, 1], // 1 = findings
  ...more,
});

/** One unmeasured keyward run writing JSON, to check what it scanned and found. */
async function keywardJson(target, out) {
  const r = await runOnce(keyward('keyward (check)', [target, '--format', 'json', '--output', out]));
  if (r.signal || ![0, 1].includes(r.code)) throw new Error(`keyward scan ${target} failed (exit ${r.code ?? r.signal}):\n${r.stderr}`);
  const json = readFileSync(out, 'utf8');
  rmSync(out, { force: true });
  const doc = JSON.parse(json);
  return { findings: findingsOf(json), stats: doc.stats ?? null, run: r };
}

function statsNote(stats, expectFiles) {
  if (!stats) return '';
  const skipped = [
    stats.skippedBinary && `${stats.skippedBinary} binary`,
    stats.skippedTooLarge && `${stats.skippedTooLarge} too large`,
    stats.unreadable && `${stats.unreadable} unreadable`,
  ].filter(Boolean);
  const warn = expectFiles != null && stats.files !== expectFiles ? ` **(expected ${expectFiles})**` : '';
  return `keyward scanned ${stats.files} files${warn}, ${fmtMB(stats.bytes ?? 0)}, ${stats.rules} rules, ${stats.workers} workers${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}.`;
}

const out = []; // markdown parts
const targets = [];
let failed = false;

async function section(name, fn) {
  if (!only.has(name)) return;
  log(`\n== ${name}\n`);
  try {
    await fn();
  } catch (e) {
    failed = true;
    out.push(`### ${name}\n\n**Failed:** ${String(e.message).split('\n').slice(0, 8).join(' / ')}\n`);
    log(`${name} failed: ${e.stack ?? e}\n`);
  }
}

let corpus;
const getCorpus = () => (corpus ??= ensureCorpus({ sizeMb: num('size-mb'), dir, log }));

await section('throughput', async () => {
  const c = getCorpus();
  const check = await keywardJson(c.root, join(dir, 'corpus-findings.json'));
  const res = await bench(
    [
      keyward('keyward scan', [c.root, '--format', 'json', '--output', '/dev/null'], { bytes: c.bytes }),
      // everything but the rule pack: walk, read, threads, one Set pass over a one-rule pack
      keyward(ONE_RULE, [c.root, '--rules', oneRulePack, '--format', 'json', '--output', '/dev/null'], { bytes: c.bytes }),
      // the read floor: the same files read once, through the same directory walk
      { name: 'cat (find | xargs cat)', shell: `find '${c.root}' -type f -print0 | xargs -0 cat > /dev/null`, cwd: dir, bytes: c.bytes },
    ],
    { runs, log },
  );
  const k = res['keyward scan'];
  const vsCat = ratio(res, 'keyward scan', 'cat (find | xargs cat)');
  const one = res[ONE_RULE];
  out.push(
    [
      `### Throughput: whole corpus (${c.files} files, ${fmtMB(c.bytes)})`,
      '',
      resultsTable(res),
      '',
      `keyward / cat time: ${fmtX(vsCat)}. With a one-rule pack (\`--rules patterns/age.toml\`: the same walk, reads, worker threads and keyword pass, ` +
        `almost no rule work) keyward takes ${fmtMs(one.median)} (${fmtRate(one.mbps)}): the rest, ${fmtMs(k.median - one.median)}, is the cost of the full rule pack. ` +
        `${statsNote(check.stats, c.files)} Findings in the corpus: ${check.findings.length} (real-world test keys and high-entropy literals in the sources; not triaged).`,
      `Corpus sources: ${Object.entries(c.sources).map(([s, v]) => `${s} ${v.files} files / ${fmtMB(v.bytes)}`).join(', ')}.`,
      '',
    ].join('\n'),
  );
  targets.push({ target: 'keyward throughput >= 200 MB/s', measured: fmtRate(k.mbps), pass: k.mbps >= 200 });
  targets.push({ target: 'keyward time <= 2x cat', measured: fmtX(vsCat), pass: vsCat <= 2 });
});

await section('secretlint', async () => {
  const s = ensureSubset(getCorpus(), { maxFiles: num('subset-files'), maxMb: num('subset-mb'), dir, log });
  const rc = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });
  const bin = join(repoRoot, 'node_modules', '.bin', 'secretlint');
  // cwd = repository, where the preset resolves; default (stylish) output, the cheapest one
  const sl = { name: 'secretlint (recommended preset)', argv: [bin, `${s.root}/**/*`, '--secretlintrcJSON', rc, '--no-color', '--output', '/dev/null'], cwd: repoRoot, okCodes: [0, 1], bytes: s.bytes };
  // check once that secretlint sees every file (its json report lists each file it linted)
  const check = await runOnce({ ...sl, argv: [...sl.argv.slice(0, -2), '--format', 'json', '--output', join(dir, 'secretlint.json')] });
  if (check.signal || ![0, 1].includes(check.code)) throw new Error(`secretlint failed (exit ${check.code ?? check.signal}):\n${check.stderr}`);
  const slFiles = JSON.parse(readFileSync(join(dir, 'secretlint.json'), 'utf8')).length;
  rmSync(join(dir, 'secretlint.json'), { force: true });
  const kwCheck = await keywardJson(s.root, join(dir, 'subset-findings.json'));
  const res = await bench([keyward('keyward scan', [s.root, '--format', 'json', '--output', '/dev/null'], { bytes: s.bytes }), sl], { runs, log });
  const k = res['keyward scan'];
  const x = k.mbps / res[sl.name].mbps;
  out.push(
    [
      `### keyward vs secretlint: subset (first ${s.files} corpus files, ${fmtMB(s.bytes)})`,
      '',
      'secretlint is far too slow for the whole corpus, so both tools scan the same deterministic subset (a prefix of the corpus in selection order); throughput includes each tool\'s start-up.',
      '',
      resultsTable(res),
      '',
      `keyward throughput / secretlint throughput: ${fmtX(x)}. secretlint linted ${slFiles} files${slFiles !== s.files ? ` **(expected ${s.files})**` : ''}. ${statsNote(kwCheck.stats, s.files)}`,
      '',
    ].join('\n'),
  );
  targets.push({ target: 'keyward >= 50x secretlint throughput', measured: fmtX(x), pass: x >= 50 });
});

await section('startup', async () => {
  const small = join(dir, 'startup', 'small.py');
  mkdirSync(join(dir, 'startup'), { recursive: true });
  writeFileSync(small, 'import os\n\n\ndef main():\n    print(os.getcwd())\n\n\nif __name__ == "__main__":\n    main()\n');
  const res = await bench(
    [keyward('keyward scan (small file)', [small, '--format', 'json', '--output', '/dev/null']), { name: 'node -e 0', argv: [process.execPath, '-e', '0'], cwd: dir }],
    { runs: num('startup-runs'), warmup: 2, log },
  );
  const x = ratio(res, 'keyward scan (small file)', 'node -e 0');
  out.push(['### Start-up: one small file', '', resultsTable(res), '', `keyward / node -e 0: ${fmtX(x)}.`, ''].join('\n'));
  targets.push({ target: 'start-up <= 2x node -e 0', measured: `${fmtX(x)} (${fmtMs(res['keyward scan (small file)'].median)} vs ${fmtMs(res['node -e 0'].median)})`, pass: x <= 2 });
});

await section('memory', async () => {
  const c = getCorpus();
  const big = join(dir, 'big.txt');
  const findingsFile = join(dir, 'big-findings.json');
  try {
    // Remove what keyward flags in the source block, else every copy of it is a finding.
    let block = sourceBlock(c);
    const blockFile = join(dir, 'block.txt');
    for (let i = 0; i < 3; i++) {
      writeFileSync(blockFile, block);
      const { findings } = await keywardJson(blockFile, join(dir, 'block-findings.json'));
      if (!findings.length) break;
      const drop = new Set();
      for (const f of findings) for (let l = f.line; l <= (f.endLine ?? f.line); l++) drop.add(l);
      block = dropLines(block, drop);
    }
    rmSync(blockFile, { force: true });
    log(`writing ${opt['big-mb']} MB to ${big} ...\n`);
    const { bytes, planted } = writeBigFile(big, block, { sizeMb: num('big-mb') });
    const res = await bench(
      [
        keyward('keyward scan (big file)', [big, '--format', 'json', '--output', findingsFile], { bytes }),
        { name: 'cat (big file)', argv: ['cat', big], cwd: dir, bytes },
      ],
      { runs: 1, warmup: 0, log }, // the file was just written: it is in the page cache
    );
    const findings = findingsOf(readFileSync(findingsFile, 'utf8'));
    const want = new Set(planted.map((p) => p.line));
    const foundLines = new Set(findings.filter((f) => want.has(f.line)).map((f) => f.line));
    const others = findings.filter((f) => !want.has(f.line)).length;
    const byRule = {};
    for (const f of findings) if (want.has(f.line)) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    const k = res['keyward scan (big file)'];
    out.push(
      [
        `### Peak memory: one ${fmtMB(bytes)} file`,
        '',
        `Real source text (${fmtMB(Buffer.byteLength(block))} block of corpus code, repeated) with ${planted.length} fake credentials planted at known lines (GitHub token, API key and password assignments, generated at run time).`,
        '',
        resultsTable(res),
        '',
        `Planted credentials found: ${foundLines.size}/${want.size} (${Object.entries(byRule).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}); other findings: ${others}.`,
        '',
      ].join('\n'),
    );
    targets.push({ target: 'peak RSS < 300 MB on the big file', measured: fmtRss(k.rssMaxMB), pass: k.rssMaxMB == null ? null : k.rssMaxMB < 300 });
    targets.push({ target: 'all planted credentials found in the big file', measured: `${foundLines.size}/${want.size}`, pass: foundLines.size === want.size });
  } finally {
    rmSync(big, { force: true });
    rmSync(findingsFile, { force: true });
  }
});

const args = process.argv.slice(2);
const command = ['node bench/scan/run.mjs', ...args].join(' ');
const notes = [
  `Times are wall clock, medians of ${runs} interleaved runs (round-robin after one warm-up round; start-up: ${opt['startup-runs']} runs after two). MB = 2^20 bytes.`,
  hasGnuTime ? 'Peak RSS: GNU time %M (largest resident set in the process tree).' : 'Peak RSS: not measured (no /usr/bin/time).',
  `keyward: \`node ${process.env.KEYWARD_CLI ? cli : 'dist/bin/keyward.mjs'} scan ...\`${extra.length ? ` with ${extra.join(' ')}` : ' with default workers'}, run from the bench directory (built-in rules, default settings).`,
].join(' ');
const body = [notes, '', targets.length ? `### Targets\n\n${targetsTable(targets)}\n` : '', ...out].join('\n');
console.log(body);
if (!opt['no-write']) {
  const file = writeSection({ name: 'scan', title: 'scan', command, body });
  log(`\nwrote section "scan" of ${file}\n`);
}
process.exitCode = failed ? 2 : targets.some((t) => t.pass === false) ? 1 : 0;
