// Runs commands and measures wall time and peak RSS.
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`) wrapping the command: Node cannot read a
// child's rusage (process.resourceUsage() is the current process only). The kernel reports the
// largest RSS of the waited process tree, so `sh -c 'a | b'` gives the biggest of sh, a and b,
// and worker threads count (they share the process). Wall time is measured here with hrtime
// around spawn..exit, so every command carries the same small spawn + time(1) overhead (~1 ms).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './stats.mjs';

const GNU_TIME = '/usr/bin/time';
const HAVE_TIME = existsSync(GNU_TIME);
const TAIL = 4096; // bytes of stderr kept for error messages

/**
 * A command: { name, argv: [file, ...args] } or { name, shell: 'a | b' } (run by sh -c).
 * Optional: cwd, env (added to process.env), okCodes (default [0]), bytes (input size, for
 * MB/s), stdout: 'ignore' (default) | 'pipe' (kept as result.stdout of the last run).
 */
function argvOf(cmd) {
  if (cmd.shell) return ['sh', '-c', cmd.shell];
  if (Array.isArray(cmd.argv) && cmd.argv.length > 0) return cmd.argv;
  throw new Error(`command ${cmd.name}: needs argv or shell`);
}

/** One run: { ms, rssKB (null without GNU time), code, signal, stdout?, stderr }. */
export function runOnce(cmd) {
  const argv = argvOf(cmd);
  let tmp;
  let full = argv;
  if (HAVE_TIME) {
    tmp = mkdtempSync(join(tmpdir(), 'kwbench-'));
    full = [GNU_TIME, '-f', '%M', '-o', join(tmp, 'rss'), ...argv];
  }
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), {
      cwd: cmd.cwd,
      env: cmd.env ? { ...process.env, ...cmd.env } : process.env,
      stdio: ['ignore', cmd.stdout === 'pipe' ? 'pipe' : 'ignore', 'pipe'],
    });
    const out = [];
    let err = '';
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-TAIL);
    });
    child.on('error', (e) => {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      reject(new Error(`${cmd.name}: cannot start ${full[0]}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let rssKB = null;
      if (tmp) {
        try {
          // GNU time puts "Command exited with non-zero status N" before the format line.
          const last = readFileSync(join(tmp, 'rss'), 'utf8').trim().split('\n').pop();
          const n = Number(last);
          if (Number.isFinite(n)) rssKB = n;
        } catch {
          // no output file: the command was killed before time(1) could write it
        }
        rmSync(tmp, { recursive: true, force: true });
      }
      const r = { ms, rssKB, code, signal, stderr: err };
      if (cmd.stdout === 'pipe') r.stdout = Buffer.concat(out).toString('utf8');
      resolve(r);
    });
  });
}

function check(cmd, r) {
  const ok = cmd.okCodes ?? [0];
  if (r.signal || !ok.includes(r.code)) {
    const why = r.signal ? `signal ${r.signal}` : `exit ${r.code}`;
    throw new Error(`${cmd.name} failed (${why}): ${argvOf(cmd).join(' ')}\n${r.stderr.trim()}`);
  }
}

/**
 * Runs `commands` interleaved (A B C A B C ...): `warmup` rounds that are discarded, then `runs`
 * measured rounds, so drift in machine load spreads over all commands alike. Throws on the
 * first run whose exit code is not in okCodes. Returns { [name]: summary } in input order, see
 * stats.summarize; each summary also has `last` (the last run, with stdout if piped).
 */
export async function bench(commands, { runs = 5, warmup = 1, log = (s) => process.stderr.write(s) } = {}) {
  const names = new Set();
  for (const c of commands) {
    if (names.has(c.name)) throw new Error(`duplicate command name ${c.name}`);
    names.add(c.name);
  }
  const samples = new Map(commands.map((c) => [c.name, []]));
  const last = new Map();
  for (let round = 0; round < warmup + runs; round++) {
    const measured = round >= warmup;
    for (const cmd of commands) {
      const r = await runOnce(cmd);
      check(cmd, r);
      log(`  ${measured ? `run ${round - warmup + 1}/${runs}` : 'warm-up'} ${cmd.name}: ${r.ms.toFixed(0)} ms${r.rssKB != null ? `, ${(r.rssKB / 1024).toFixed(0)} MB RSS` : ''}\n`);
      if (measured) samples.get(cmd.name).push(r);
      last.set(cmd.name, r);
    }
  }
  const out = {};
  for (const c of commands) out[c.name] = { ...summarize(c.name, samples.get(c.name), c.bytes), last: last.get(c.name) };
  return out;
}

/** Ratio of median times a/b (e.g. ratio(res, 'keyward', 'cat') = 1.4 means 1.4x cat's time). */
export function ratio(results, a, b) {
  return results[a].median / results[b].median;
}

export const hasGnuTime = HAVE_TIME;
