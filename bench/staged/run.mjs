#!/usr/bin/env node
// Pre-commit hook benchmark: `keyward staged` on a commit touching 10 files / 500 added lines,
// side by side with `node -e 0` (the floor of any Node CLI) and secretlint run through
// lint-staged on the same staged files; then a commit of one generated 50 MB file; then where
// keyward's time goes. Writes the "staged" section of bench/RESULTS.md.
// Usage: node bench/staged/run.mjs [--runs 10] [--big-mb 50] [--big-runs 3] [--only hook,big,breakdown] [--no-write]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bench, benchDir, fmtMB, fmtMs, fmtX, median, ratio, repoRoot, resultsTable, runOnce, table, targetsTable, writeSection } from '../lib/index.mjs';

const SECTIONS = ['hook', 'big', 'breakdown'];
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'big-mb': { type: 'string', default: '50' },
    'big-runs': { type: 'string', default: '3' },
    only: { type: 'string', default: SECTIONS.join(',') },
    'no-write': { type: 'boolean', default: false },
  },
});
const num = (k) => {
  const n = Number(opt[k]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a positive integer`);
  return n;
};
const only = new Set(opt.only.split(','));
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);

// The CLI as installed hooks run it: package.json "bin" (the bundle), unless KEYWARD_CLI says otherwise.
const cli = process.env.KEYWARD_CLI ?? join(repoRoot, 'dist', 'bin', 'keyward.mjs');
if (!existsSync(cli)) throw new Error(`${cli} not found: build first (npm run build)`);
const dir = join(benchDir(), 'staged');
const log = (s) => process.stderr.write(s);
// Benchmark repositories must not depend on the machine's git configuration.
const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@keyward.test',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@keyward.test',
};
const git = (cwd, args) => execFileSync('git', args, { cwd, env: gitEnv, maxBuffer: 1 << 30 }).toString();

/** Plausible source code: line i of module m. */
function codeLine(m, i) {
  const kinds = [
    `export function handler${m}_${i}(req, res) { return res.status(200).json({ id: req.params.id, n: ${i} }); }`,
    `const config${i} = { retries: ${i % 5}, timeoutMs: ${1000 + i}, endpoint: '/api/v1/items/${i}' };`,
    `// TODO(team): revisit pagination for module ${m}, see issue #${100 + i}`,
    `if (items.length > ${i}) logger.debug('module ${m}: %d items over threshold', items.length);`,
    `export const LABEL_${m}_${i} = 'Item ${i} of module ${m}';`,
  ];
  return kinds[i % kinds.length];
}
const lines = (m, from, n) => Array.from({ length: n }, (_, k) => codeLine(m, from + k)).join('\n') + '\n';

/** A repository whose index holds the benchmark commit: 10 files, 50 added lines each. */
function makeHookRepo() {
  const repo = join(dir, 'hook-repo');
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
  for (let m = 0; m < 10; m++) writeFileSync(join(repo, `mod${m}.js`), lines(m, 0, 150));
  writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
  git(repo, ['add', '.']);
  git(repo, ['commit', '-q', '-m', 'base']);
  // 25 lines inserted in the middle of each file and 25 appended: 500 added lines in 10 files.
  for (let m = 0; m < 10; m++) {
    const base = lines(m, 0, 150).split('\n');
    base.splice(75, 0, ...lines(m, 1000, 25).trimEnd().split('\n'));
    writeFileSync(join(repo, `mod${m}.js`), base.join('\n') + lines(m, 2000, 25));
  }
  git(repo, ['add', '.']);
  const stat = git(repo, ['diff', '--cached', '--numstat']).trim().split('\n');
  const added = stat.reduce((a, l) => a + Number(l.split('\t')[0]), 0);
  if (stat.length !== 10 || added !== 500) throw new Error(`benchmark commit is ${stat.length} files / ${added} added lines, expected 10 / 500`);
  // secretlint and lint-staged from keyward's own node_modules; keyward's hook as `keyward install` writes it.
  symlinkSync(join(repoRoot, 'node_modules'), join(repo, 'node_modules'));
  writeFileSync(join(repo, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  writeFileSync(join(repo, '.lintstagedrc.secretlint.json'), JSON.stringify({ '*': 'secretlint' }));
  writeFileSync(join(repo, '.lintstagedrc.keyward.json'), JSON.stringify({ '*': `node ${cli} staged` }));
  const inst = spawnSync(process.execPath, [cli, 'install', '--git', '--no-pre-push'], { cwd: repo, env: gitEnv, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`keyward install failed: ${inst.stderr}`);
  return repo;
}

const out = [];
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

mkdirSync(dir, { recursive: true });

await section('hook', async () => {
  const repo = makeHookRepo();
  const lintStaged = join(repoRoot, 'node_modules', '.bin', 'lint-staged');
  const cmds = {
    node: { name: 'node -e 0', argv: [process.execPath, '-e', '0'], cwd: repo },
    version: { name: 'keyward --version (start-up only)', argv: [process.execPath, cli, '--version'], cwd: repo },
    staged: { name: 'keyward staged', argv: [process.execPath, cli, 'staged'], cwd: repo, env: gitEnv },
    hook: { name: 'pre-commit hook (keyward install)', argv: ['sh', '.git/hooks/pre-commit'], cwd: repo, env: gitEnv },
    secretlint: { name: 'lint-staged → secretlint', argv: [lintStaged, '--config', '.lintstagedrc.secretlint.json', '--quiet'], cwd: repo, env: gitEnv },
    lsKeyward: { name: 'lint-staged → keyward staged', argv: [lintStaged, '--config', '.lintstagedrc.keyward.json', '--quiet'], cwd: repo, env: gitEnv },
  };
  // Both tools must really look at the staged files: with a private key staged, both fail.
  const { generateKeyPairSync } = await import('node:crypto');
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  writeFileSync(join(repo, 'mod9.js'), `${pem}${lines(9, 0, 10)}`);
  git(repo, ['add', 'mod9.js']);
  for (const c of [cmds.hook, cmds.secretlint]) {
    const r = await runOnce(c);
    if (r.code !== 1) throw new Error(`${c.name} did not report a staged private key (exit ${r.code}): ${r.stderr.slice(-500)}`);
  }
  // Back to the clean benchmark commit.
  rmSync(repo, { recursive: true, force: true });
  makeHookRepo();

  const res = await bench(Object.values(cmds), { runs: num('runs'), warmup: 2, log });
  const vsNode = ratio(res, cmds.hook.name, cmds.node.name);
  const vsSecretlint = ratio(res, cmds.secretlint.name, cmds.hook.name);
  out.push(
    [
      '### Pre-commit: a commit touching 10 files, 500 added lines',
      '',
      'All commands run in the same repository with the same staged changes (a clean commit: the normal case), interleaved round by round after 2 warm-up rounds. `pre-commit hook` is the script `keyward install` writes, run as git runs it; lint-staged runs with its defaults (backup stash) on the 10 staged files. Before measuring, a staged RSA private key was checked to make both the keyward hook and lint-staged → secretlint fail.',
      '',
      resultsTable(res),
      '',
      `keyward hook / node -e 0: ${fmtX(vsNode)}. lint-staged → secretlint / keyward hook: ${fmtX(vsSecretlint)}.`,
      '',
    ].join('\n'),
  );
  targets.push({ target: 'keyward hook <= 2.5x node -e 0', measured: `${fmtX(vsNode)} (${fmtMs(res[cmds.hook.name].median)} vs ${fmtMs(res[cmds.node.name].median)})`, pass: vsNode <= 2.5 });
  targets.push({ target: 'keyward hook >= 4x faster than lint-staged → secretlint', measured: `${fmtX(vsSecretlint)} (${fmtMs(res[cmds.secretlint.name].median)})`, pass: vsSecretlint >= 4 });
});

await section('big', async () => {
  const repo = join(dir, 'big-repo');
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
  const target = num('big-mb') * 1024 * 1024;
  const block = Array.from({ length: 200 }, (_, i) => codeLine(i % 7, i)).join('\n') + '\n';
  const copies = Math.ceil(target / block.length);
  const linesPerBlock = 200;
  // One fake credential near the end, at a known line, to check the whole file was scanned.
  const secretLineNo = copies * linesPerBlock + 1;
  const { randomBytes } = await import('node:crypto');
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let fake = 'Ab1';
  for (const b of randomBytes(21)) fake += alnum[b % alnum.length];
  const file = join(repo, 'generated.js');
  writeFileSync(file, block.repeat(copies) + `const API_KEY = "${fake}";\n`);
  const bytes = block.length * copies;
  log(`staging a ${fmtMB(bytes)} file ...\n`);
  git(repo, ['add', 'generated.js']);
  const check = spawnSync(process.execPath, [cli, 'staged', '--format', 'json'], { cwd: repo, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 26 });
  const found = JSON.parse(check.stdout).findings.map((f) => f.line);
  if (check.status !== 1 || found.length !== 1 || found[0] !== secretLineNo) throw new Error(`expected one finding at line ${secretLineNo}, got exit ${check.status}, lines ${found.join(',')}`);
  const res = await bench(
    [
      { name: 'keyward staged (50 MB file)', argv: [process.execPath, cli, 'staged'], cwd: repo, env: gitEnv, okCodes: [1], bytes },
      { name: 'git cat-file (read the blob)', shell: `git cat-file blob :generated.js > /dev/null`, cwd: repo, env: gitEnv, bytes },
    ],
    { runs: num('big-runs'), warmup: 1, log },
  );
  out.push(
    [
      `### Pre-commit: one generated ${fmtMB(bytes)} file`,
      '',
      `A new file of generated code with one fake credential on its last line (${secretLineNo}); the hook blocks the commit (exit 1) and reports exactly that line. \`git cat-file\` is the cost of reading the staged blob alone.`,
      '',
      resultsTable(res),
      '',
    ].join('\n'),
  );
  rmSync(repo, { recursive: true, force: true });
});

await section('breakdown', async () => {
  const repo = makeHookRepo();
  const runs = num('runs');
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bench', 'staged', 'breakdown.mjs'), repo], { env: gitEnv, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`breakdown failed: ${r.stderr}`);
    if (i > 0) samples.push(JSON.parse(r.stdout)); // first run: warm-up
  }
  const keys = Object.keys(samples[0]);
  const rows = keys.map((k) => [k, fmtMs(median(samples.map((s) => s[k])))]);
  out.push(
    [
      '### Where the time goes (`keyward staged`, 10 files / 500 lines)',
      '',
      `Measured inside one process with the unbundled modules (dist/), median of ${runs} runs. Node boot is the time before the first line of the script runs (performance.now()); the git steps overlap rule loading in the real command, here they run alone.`,
      '',
      table(['step', 'median'], rows),
      '',
    ].join('\n'),
  );
});

const body = [targets.length ? targetsTable(targets) : '', '', ...out].join('\n');
process.stdout.write(`${body}\n`);
if (!opt['no-write']) {
  const file = writeSection({ name: 'staged', title: 'staged: the pre-commit hook', command: `node bench/staged/run.mjs${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`, body });
  log(`\nwrote ${file}\n`);
}
process.exitCode = failed ? 2 : targets.some((t) => t.pass === false) ? 1 : 0;
