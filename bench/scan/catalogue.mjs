// Issue 3's cost check: the full catalogue against the starter pack on the same corpus, side by
// side (interleaved, medians), plus findings per 100 MB for each.
// Run: node bench/scan/catalogue.mjs [--runs 3] [--no-write]   (after npm run build)
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bench, MB, benchDir, keywardCli, repoRoot, resultsTable, runOnce, writeSection, fmtX } from '../lib/index.mjs';
import { ensureCorpus } from './corpus.mjs';

const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'no-write': { type: 'boolean', default: false } } });
const runs = Number(opt.runs);
const dir = benchDir();
const log = (s) => process.stderr.write(s);

// The foundation issue's starter pack: its provider families plus the generic rules.
const STARTER = ['aws', 'gcp', 'azure', 'github', 'gitlab', 'slack', 'stripe', 'openai', 'anthropic', 'huggingface', 'npm', 'pypi', 'twilio', 'email', 'shopify', 'atlassian', 'digitalocean', 'heroku', 'databricks', 'hashicorp', 'private-keys', 'jwt', 'database', 'url-credentials', 'generic'];
const starterDir = join(dir, 'starter-pack');
rmSync(starterDir, { recursive: true, force: true });
mkdirSync(starterDir, { recursive: true });
for (const f of STARTER) copyFileSync(join(repoRoot, 'patterns', `${f}.toml`), join(starterDir, `${f}.toml`));
const count = (d) => readdirSync(d).filter((f) => f.endsWith('.toml')).reduce((n, f) => n + (readFileSync(join(d, f), 'utf8').match(/^\[\[rules\]\]/gm) ?? []).length, 0);

const c = ensureCorpus({ dir, log });
const cli = keywardCli();
const scan = (name, extra) => ({ name, argv: [process.execPath, cli, 'scan', c.root, '--format', 'json', '--output', '/dev/null', ...extra], cwd: dir, okCodes: [0, 1], bytes: c.bytes });
const findings = async (extra) => {
  const out = join(dir, 'catalogue-findings.json');
  await runOnce({ argv: [process.execPath, cli, 'scan', c.root, '--format', 'json', '--output', out, ...extra], cwd: dir, okCodes: [0, 1] });
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const byRule = {};
  for (const f of r.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return { n: r.findings.length, byRule };
};

const res = await bench([scan('starter pack', ['--rules', starterDir]), scan('full catalogue', [])], { runs, log });
const starter = res['starter pack'];
const full = res['full catalogue'];
// Throughput lost to the larger catalogue: 1 - full MB/s / starter MB/s.
const cost = 1 - starter.median / full.median;
const fs = await findings([]);
const ss = await findings(['--rules', starterDir]);
const per100 = (n) => ((n * 100 * MB) / c.bytes).toFixed(1);
const body = [
  `Corpus: ${c.files} files, ${(c.bytes / MB).toFixed(1)} MB (bench/scan/corpus.mjs). Starter pack: ${count(starterDir)} rules (${STARTER.length} files); full catalogue: ${count(join(repoRoot, 'patterns'))} rules.`,
  '',
  resultsTable(res),
  '',
  `| target | measured | result |`,
  `| --- | ---: | ---: |`,
  `| the catalogue costs <= 25% of the starter pack's throughput | ${(cost * 100).toFixed(0)}% less throughput (${fmtX(full.median / starter.median)} the time) | ${cost <= 0.25 ? 'PASS' : 'FAIL'} |`,
  '',
  `Findings: full catalogue ${fs.n} (${per100(fs.n)} per 100 MB), starter pack ${ss.n} (${per100(ss.n)} per 100 MB). By rule (full): ${Object.entries(fs.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`,
].join('\n');
console.log(body);
if (!opt['no-write']) writeSection({ name: 'catalogue', title: 'catalogue: full rule set against the starter pack', command: 'node bench/scan/catalogue.mjs', body });
