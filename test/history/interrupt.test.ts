import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commit, history, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
/** A terminal run still going when a test ends (it failed part-way): ended, not left behind. */
let running: TerminalRun | undefined;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-interrupt-')));
afterEach(() => {
  running?.kill();
  running = undefined;
  cleanup();
});

/**
 * A `git` first on PATH that holds the history walk (`git log --raw`) after its first
 * `KW_HOLD_BYTES` bytes (for 5 minutes; Ctrl-C ends it first): the scan is then mid-way whatever the machine's speed (no
 * timing), with the blobs of the walk's first commits scanned and the rest not yet listed.
 * Everything else goes to the real git.
 */
function holdingGit(): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const realGit = execFileSync('sh', ['-c', 'command -v git']).toString().trim();
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh
for a in "$@"; do
  if [ "$a" = "--raw" ]; then
    "${realGit}" "$@" | { dd bs=1 count="$KW_HOLD_BYTES" 2>/dev/null; sleep 300; }
    exit 1
  fi
done
exec "${realGit}" "$@"
`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return bin;
}

interface TerminalRun {
  /** Resolves with what the terminal showed once `pattern` appears in it. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Types Ctrl-C on the terminal: SIGINT to its foreground process group (keyward and its gits). */
  ctrlC(): void;
  exit: Promise<{ code: number | null; screen: string }>;
  kill(): void;
}

/** The CLI under a pseudo-terminal (util-linux `script`), as a person at a terminal runs it. */
function onTerminal(cwd: string, args: string[], env: NodeJS.ProcessEnv): TerminalRun {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (b: Buffer) => {
    screen += b.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  const exit = new Promise<{ code: number | null; screen: string }>((resolve) => child.on('close', (code) => resolve({ code, screen })));
  return {
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = screen.match(pattern);
          if (m) resolve(m);
          else waiters.push(check);
        };
        void exit.then(() => reject(new Error(`exited before ${pattern}:\n${screen}`)));
        check();
      });
    },
    ctrlC: () => child.stdin.write('\x03'),
    exit,
    kill: () => child.kill('SIGKILL'),
  };
}

/** A repository of `commits` commits of `files` small files each, a secret in the oldest and the newest. */
function bigRepo(commits: number, files: number): { repo: string; oldest: string; newest: string } {
  const repo = initRepo(join(dir, 'r'));
  const oldest = secretLine();
  const newest = secretLine();
  for (let c = 0; c < commits; c++) {
    const batch: Record<string, string> = {};
    for (let f = 0; f < files; f++) batch[`dir${c}/file${f}.txt`] = `commit ${c} file ${f}\n`;
    if (c === 0) batch['old/config.js'] = `${oldest.line}\n`;
    if (c === commits - 1) batch['new/config.js'] = `${newest.line}\n`;
    commit(repo, batch, `commit ${c}`);
  }
  return { repo, oldest: oldest.secret, newest: newest.secret };
}

describe('keyward history: Ctrl-C', () => {
  for (const workers of [1, 2]) {
    it(`keeps the blobs scanned so far and the next run resumes from them (${workers} worker${workers > 1 ? 's' : ''})`, { timeout: 300_000 }, async () => {
      const { repo, oldest, newest } = bigRepo(8, 150);
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${holdingGit()}:${process.env.PATH}`, KW_HOLD_BYTES: '70000' };
      delete env.CI;
      const run = (running = onTerminal(repo, ['history', '-w', String(workers), '-f', 'json', '-o', join(dir, 'out.json')], env));
      // The bar shows blobs done: the walk is held, so the scan cannot end meanwhile.
      await run.waitFor(/[1-9]\d*\/\d+ blobs/);
      run.ctrlC();
      const { code, screen } = await run.exit;
      expect(code).toBe(130);
      const said = /history interrupted: (\d+) of (\d+) blobs found so far were scanned and are kept in the history cache; run it again to resume/.exec(screen);
      expect(said, screen).not.toBeNull();
      const scanned = Number(said![1]);
      expect(scanned).toBeGreaterThan(0);
      expect(scanned).toBeLessThan(8 * 150);
      expect(screen).not.toMatch(/Error|at .*\.js:\d+/);
      // The walk never ended, so the total was never known: no ETA was ever shown.
      expect(screen).toMatch(/blobs \| [\d.]+ [KM]?B \| \d+\.\d MB\/s/);
      expect(screen).not.toMatch(/ETA/);

      // The cache on disk is sealed (no "damaged" warning), holds no secret, and the next run
      // reads only what the first did not.
      const cacheDir = join(repo, '.git', 'keyward');
      for (const f of readdirSync(cacheDir)) {
        const bytes = readFileSync(join(cacheDir, f)).toString('latin1');
        expect(bytes).not.toContain(oldest);
        expect(bytes).not.toContain(newest);
      }
      const resumed = history(repo, ['-w', String(workers)]);
      expect(resumed.stderr).not.toMatch(/damaged|edited/);
      const fresh = history(repo, ['-w', String(workers), '--no-cache']);
      expect(resumed.report.stats.blobs).toBe(fresh.report.stats.blobs);
      expect(resumed.report.stats.blobsCached).toBe(scanned);
      expect(resumed.report.stats.files).toBe(fresh.report.stats.files - scanned);
      expect(resumed.report.findings).toHaveLength(2);
      expect(resumed.report.findings.map((f) => [f.file, f.fingerprint]).sort()).toEqual(fresh.report.findings.map((f) => [f.file, f.fingerprint]).sort());
      // Both secrets were committed: the one in the newest commit was scanned before Ctrl-C.
      expect(fresh.report.findings.map((f) => f.file).sort()).toEqual(['new/config.js', 'old/config.js']);
    });
  }
});
