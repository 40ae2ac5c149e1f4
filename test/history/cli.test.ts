import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { bySecret, commit, git, history, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-')));
afterEach(() => cleanup());

/** Runs the CLI under a pseudo-terminal (util-linux `script`), returning what the terminal showed. */
function onTerminal(cwd: string, args: string[], env: NodeJS.ProcessEnv): string {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { cwd, env, encoding: 'utf8' });
  return r.stdout;
}

describe('keyward history: command line', () => {
  it('shows a progress bar on a terminal, none in CI, and a summary line either way', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, 'one');
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    delete env.CI;
    const tty = onTerminal(repo, ['history', '--format', 'json', '--output', join(dir, 'out.json')], env);
    expect(tty).toMatch(/history .*2\/2 blobs \| \d+ B \| \d+\.\d MB\/s/);
    expect(tty).toMatch(/keyward history: no secrets in 1 commit, 2 blobs/);
    const ci = onTerminal(repo, ['history', '--format', 'json', '--output', join(dir, 'out.json'), '--full'], { ...env, CI: 'true' });
    expect(ci).not.toMatch(/blobs \|/);
    expect(ci).toMatch(/keyward history: no secrets/);
    // Piped (not a terminal): no bar either.
    expect(keyward(['history', '--format', 'json', '--full'], { cwd: repo, env }).stderr).not.toMatch(/blobs \|/);
  });

  it('reports paths exactly, whatever characters they hold', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    const odd = 'dir with space/naïve\tname "q".js';
    commit(repo, { [odd]: `${s.line}\n` }, 'odd path');
    const r = history(repo, ['--show-secrets']);
    expect(bySecret(r.report, s.secret)).toMatchObject([{ file: odd, line: 1, column: 18 }]);
  });

  it('rejects --all with --branch', () => {
    const repo = initRepo(join(dir, 'r'));
    const r = keyward(['history', '--all', '--branch', 'main'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--all and --branch cannot be used together/);
  });

  it('--open-tickets opens one ticket per pushed secret and keeps stdout a clean report', () => {
    const repo = initRepo(join(dir, 'r'));
    const remote = join(dir, 'remote.git');
    git(dir, ['init', '-q', '--bare', remote]);
    git(repo, ['remote', 'add', 'origin', remote]);
    const pushed = secretLine();
    commit(repo, { 'a.js': `${pushed.line}\n` }, 'pushed');
    git(repo, ['push', '-q', 'origin', 'main']);
    const local = secretLine();
    commit(repo, { 'b.js': `${local.line}\n` }, 'local');
    const r = keyward(['history', '--format', 'json', '--open-tickets'], { cwd: repo });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(2);
    const file = join(repo, '.git', 'keyward', 'tickets.jsonl');
    expect(existsSync(file)).toBe(true);
    const tickets = readFileSync(file, 'utf8');
    const fp = report.findings.find((f: { pushed: boolean }) => f.pushed).fingerprint as string;
    expect(tickets).toContain(fp);
    expect(tickets).not.toContain(report.findings.find((f: { pushed: boolean }) => !f.pushed).fingerprint);
    expect(tickets).not.toContain(pushed.secret);
  });
});
