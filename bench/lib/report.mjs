// Markdown output and bench/RESULTS.md sections.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MB } from './stats.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const resultsFile = join(repoRoot, 'bench', 'RESULTS.md');

/** Scratch space outside the repository (its .gitignore and keyward.toml must not apply). */
export function benchDir() {
  return resolve(process.env.KEYWARD_BENCH_DIR ?? join(process.env.TMPDIR || '/tmp', 'keyward-bench'));
}

/** The CLI under test; KEYWARD_CLI overrides it (e.g. a stand-in while the engine is unbuilt). */
export function keywardCli() {
  return resolve(process.env.KEYWARD_CLI ?? join(repoRoot, 'dist', 'bin', 'keyward.mjs'));
}

export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtMB = (bytes) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 2 : 1)} MB`;
export const fmtRate = (mbps) => (mbps == null ? '–' : `${mbps.toFixed(mbps < 10 ? 2 : 1)} MB/s`);
export const fmtRss = (mb) => (mb == null ? '–' : `${mb.toFixed(0)} MB`);
export const fmtX = (x) => `${x.toFixed(x < 10 ? 2 : 1)}x`;

export function table(headers, rows) {
  const esc = (c) => String(c).replaceAll('|', '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Standard table of bench() results: median/min/max time, MB/s, peak RSS. */
export function resultsTable(results) {
  const rows = Object.values(results).map((r) => [
    r.name,
    r.runs,
    fmtMs(r.median),
    fmtMs(r.min),
    fmtMs(r.max),
    r.bytes == null ? '–' : fmtMB(r.bytes),
    fmtRate(r.mbps),
    fmtRss(r.rssMedianMB),
    fmtRss(r.rssMaxMB),
  ]);
  return table(['command', 'runs', 'median', 'min', 'max', 'input', 'throughput', 'peak RSS (median)', 'peak RSS (max)'], rows);
}

/** Targets: [{ target, measured, pass }] -> table with PASS/FAIL (pass null = not measured). */
export function targetsTable(targets) {
  return table(
    ['target', 'measured', 'result'],
    targets.map((t) => [t.target, t.measured, t.pass == null ? 'n/a' : t.pass ? 'PASS' : 'FAIL']),
  );
}

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function gitRev() {
  try {
    // read-only: rev-parse never touches the index (git status would refresh it)
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'no commit';
  }
}

export function machineInfo() {
  return {
    cpus: os.availableParallelism(),
    memGB: os.totalmem() / 1024 ** 3,
    cpu: cpuModel(),
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    rev: gitRev(),
    prefilter: prefilterState(),
  };
}

/** Whether keyward's optional Hyperscan prefilter is built and on: the scan figures depend on it. */
function prefilterState() {
  if (process.env.KEYWARD_PREFILTER === '0') return 'off (KEYWARD_PREFILTER=0)';
  return existsSync(join(repoRoot, 'native', 'hyperscan', 'build', 'Release', 'keyward_hs.node')) ? 'built (libhyperscan)' : 'not built (RE2 alone)';
}

export function machineLine(m = machineInfo()) {
  return `nproc ${m.cpus}, ${m.memGB.toFixed(1)} GB RAM, ${m.cpu}, node ${m.node}, ${m.kernel}; load average at start ${m.load}; keyward at ${m.rev}; Hyperscan prefilter ${m.prefilter ?? 'unknown'}`;
}

const START = (name) => `<!-- bench:${name}:start -->`;
const END = (name) => `<!-- bench:${name}:end -->`;
const HEADER = '# Benchmark results\n\nEach section is written by its benchmark (see README.md); re-running one replaces only its own section.\n';

/**
 * Writes or replaces section `name` of RESULTS.md: a "## title" heading, date, machine line,
 * the command that reproduces it, then `body` (markdown). Atomic rename so a reader never sees
 * half a file.
 */
export function writeSection({ name, title = name, command, body, machine = machineInfo(), file = resultsFile, date = new Date() }) {
  const text = [
    START(name),
    `## ${title}`,
    '',
    `- Date: ${date.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${machineLine(machine)}`,
    `- Reproduce: \`${command}\``,
    '',
    body.trim(),
    END(name),
  ].join('\n');
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const s = doc.indexOf(START(name));
  const e = doc.indexOf(END(name));
  if (s !== -1 && e > s) doc = doc.slice(0, s) + text + doc.slice(e + END(name).length);
  else doc = `${doc.trimEnd()}\n\n${text}\n`;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, doc);
  renameSync(tmp, file);
  return file;
}
