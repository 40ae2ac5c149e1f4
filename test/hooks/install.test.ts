import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { keyward, keywardAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { filler, newRepo, run, runAsync, secretLine, type Repo } from './helpers.js';
import { keywardOnPath, makeNodeProject } from './node-project.js';

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-install-');
});
afterEach(() => repo.cleanup());

const read = (p: string): string => readFileSync(join(repo.dir, p), 'utf8');
const isExecutable = (p: string): boolean => (statSync(join(repo.dir, p)).mode & 0o111) !== 0;

function stageSecret(): string {
  const { line, secret } = secretLine();
  repo.write('src/app.ts', `${filler(2)}${line}\n`);
  repo.ok(['add', '.']);
  return secret;
}

describe('keyward install: plain git hooks', () => {
  it('installs pre-commit and pre-push into .git/hooks, idempotently, and uninstalls', () => {
    const first = keyward(['install'], { cwd: repo.dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('installing with git');
    for (const h of ['pre-commit', 'pre-push']) {
      expect(read(`.git/hooks/${h}`)).toContain('# keyward-managed-hook');
      expect(isExecutable(`.git/hooks/${h}`)).toBe(true);
    }
    const before = read('.git/hooks/pre-commit');
    const again = keyward(['install'], { cwd: repo.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already installed');
    expect(read('.git/hooks/pre-commit')).toBe(before);

    const secret = stageSecret();
    const r = repo.git(['commit', '-q', '-m', 'x']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('src/app.ts:3');
    expect(r.out).not.toContain(secret);

    const un = keyward(['uninstall'], { cwd: repo.dir });
    expect(un.code).toBe(0);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-push'))).toBe(false);
    expect(repo.git(['commit', '-q', '-m', 'x']).code).toBe(0); // no hook any more
  });

  it('chains an existing hook (it runs first, its failure still blocks) and uninstall restores it byte for byte', () => {
    const original = '#!/bin/sh\n# team hook\necho "team hook ran" >> "$(git rev-parse --git-dir)/team-hook.log"\n[ -f .block-me ] && exit 7\nexit 0\n';
    writeFileSync(join(repo.dir, '.git/hooks/pre-commit'), original, { mode: 0o755 });
    const r = keyward(['install', '--git'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pre-commit.keyward-chained');
    expect(read('.git/hooks/pre-commit.keyward-chained')).toBe(original);

    // Clean commit: both run.
    repo.write('a.ts', filler(2));
    repo.ok(['add', '.']);
    expect(repo.git(['commit', '-q', '-m', 'clean']).code).toBe(0);
    expect(read('.git/team-hook.log')).toBe('team hook ran\n');

    // The chained hook's failure blocks, whatever keyward says.
    repo.write('.block-me', '');
    repo.write('b.ts', filler(1));
    repo.ok(['add', 'b.ts']);
    const blocked = repo.git(['commit', '-q', '-m', 'blocked by team hook']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).not.toContain('keyward'); // stopped before keyward ran
    rmSync(join(repo.dir, '.block-me'));

    // A secret: the team hook runs, then keyward blocks.
    stageSecret();
    const c = repo.git(['commit', '-q', '-m', 'secret']);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain('keyward: commit blocked');
    expect(read('.git/team-hook.log')).toBe('team hook ran\n'.repeat(3));

    const un = keyward(['uninstall'], { cwd: repo.dir });
    expect(un.stdout).toContain('previous hook is back');
    expect(read('.git/hooks/pre-commit')).toBe(original);
    expect(isExecutable('.git/hooks/pre-commit')).toBe(true);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit.keyward-chained'))).toBe(false);
  });

  it('installs into core.hooksPath when the repository uses one', () => {
    repo.ok(['config', 'core.hooksPath', '.githooks']);
    const r = keyward(['install'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('core.hooksPath');
    expect(read('.githooks/pre-commit')).toContain('# keyward-managed-hook');
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    stageSecret();
    expect(repo.git(['commit', '-q', '-m', 'x']).code).not.toBe(0);
    keyward(['uninstall'], { cwd: repo.dir });
    expect(existsSync(join(repo.dir, '.githooks/pre-commit'))).toBe(false);
  });
});

describe('keyward install: husky', () => {
  it('adds keyward to .husky/pre-commit after the existing commands; real husky runs it; uninstall restores', async () => {
    makeNodeProject(repo.dir);
    const init = await runAsync(join(repo.dir, 'node_modules/.bin/husky'), ['init'], repo.dir);
    expect(init.code, init.out).toBe(0);
    expect(repo.ok(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
    const original = 'echo "lint ran" >> .lint.log\n';
    writeFileSync(join(repo.dir, '.husky/pre-commit'), original);

    const r = await keywardAsync(['install'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('installing with husky');
    const hook = read('.husky/pre-commit');
    expect(hook.startsWith(original)).toBe(true);
    expect(hook).toContain('keyward staged');
    expect(read('.husky/pre-push')).toContain('keyward pre-push "$@"');
    expect(keyward(['install'], { cwd: repo.dir }).stdout).toContain('already installed');
    expect(read('.husky/pre-commit')).toBe(hook);

    repo.write('.gitignore', 'node_modules/\n.lint.log\n');
    repo.ok(['add', '.']);
    const clean = await repo.gitAsync(['commit', '-q', '-m', 'setup']);
    expect(clean.code, clean.out).toBe(0);
    expect(read('.lint.log')).toBe('lint ran\n');

    const secret = stageSecret();
    const c = await repo.gitAsync(['commit', '-q', '-m', 'secret']);
    expect(c.code).not.toBe(0);
    expect(c.out).toContain('keyward: commit blocked');
    expect(c.out).toContain('src/app.ts:3');
    expect(c.out).not.toContain(secret);

    // husky's pre-push passes git's arguments and stdin through to keyward.
    const remote = tempDir('keyward-husky-remote-');
    try {
      repo.ok(['init', '-q', '--bare', remote.dir]);
      repo.ok(['remote', 'add', 'origin', remote.dir]);
      expect((await repo.gitAsync(['push', '-q', 'origin', 'HEAD:refs/heads/main'])).code).toBe(0);
      repo.ok(['commit', '-q', '--no-verify', '-m', 'past the commit hook']);
      const p = await repo.gitAsync(['push', 'origin', 'HEAD:refs/heads/main']);
      expect(p.code).not.toBe(0);
      expect(p.out).toContain('keyward: push blocked: 1 secret in 1 commit not yet on origin');
    } finally {
      remote.cleanup();
    }

    const un = keyward(['uninstall'], { cwd: repo.dir });
    expect(un.code).toBe(0);
    expect(read('.husky/pre-commit')).toBe(original);
    expect(existsSync(join(repo.dir, '.husky/pre-push'))).toBe(false);
  });
});

describe('keyward install: pre-commit framework', () => {
  const config = [
    '# team config',
    'default_stages: [commit]',
    'repos:',
    '  - repo: local',
    '    hooks:',
    '      - id: no-tabs',
    '        name: no tabs',
    '        entry: "true"',
    '        language: system',
    '',
    'exclude: ^vendor/',
    '',
  ].join('\n');

  it('adds a local keyward entry to the repos list (valid YAML), idempotently, and removes it', () => {
    writeFileSync(join(repo.dir, '.pre-commit-config.yaml'), config);
    const r = keyward(['install'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('installing with pre-commit');
    expect(r.stdout).toContain('pre-commit install');
    const text = read('.pre-commit-config.yaml');
    const doc = parse(text) as { repos: Array<{ repo: string; hooks: Array<Record<string, unknown>> }>; exclude: string };
    expect(doc.exclude).toBe('^vendor/');
    expect(doc.repos).toHaveLength(2);
    const hooks = doc.repos[1]!.hooks;
    expect(hooks.map((h) => h.id)).toEqual(['keyward', 'keyward-pre-push']);
    expect(hooks[0]).toMatchObject({ entry: 'keyward staged', language: 'system', pass_filenames: false, require_serial: true });
    expect(keyward(['install'], { cwd: repo.dir }).stdout).toContain('already installed');
    expect(read('.pre-commit-config.yaml')).toBe(text);

    keyward(['uninstall'], { cwd: repo.dir });
    expect(read('.pre-commit-config.yaml')).toBe(config);
  });

  it('--print prints the entry and writes nothing', () => {
    writeFileSync(join(repo.dir, '.pre-commit-config.yaml'), config);
    const r = keyward(['install', '--pre-commit', '--print'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- id: keyward');
    expect(read('.pre-commit-config.yaml')).toBe(config);
  });

  const hasPreCommit = run('pre-commit', ['--version'], '/').code === 0;
  it.skipIf(!hasPreCommit)('blocks a commit through the real pre-commit framework (needs the pre-commit package)', async () => {
    const home = tempDir('keyward-precommit-home-');
    try {
      const path = `${keywardOnPath(home.dir)}:${process.env.PATH ?? ''}`;
      const env = { PATH: path, PRE_COMMIT_HOME: join(home.dir, 'cache') };
      writeFileSync(join(repo.dir, '.pre-commit-config.yaml'), config);
      expect((await keywardAsync(['install'], { cwd: repo.dir, env: { ...process.env, ...env } })).code).toBe(0);
      expect((await runAsync('pre-commit', ['validate-config'], repo.dir, { env })).code).toBe(0);
      const inst = await runAsync('pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-push'], repo.dir, { env });
      expect(inst.code, inst.out).toBe(0);
      repo.ok(['add', '.']);
      expect((await repo.gitAsync(['commit', '-q', '-m', 'config'], { env })).code).toBe(0);

      const secret = stageSecret();
      const c = await repo.gitAsync(['commit', '-q', '-m', 'secret'], { env });
      expect(c.code).not.toBe(0);
      expect(c.out).toContain('keyward: commit blocked');
      expect(c.out).toContain('src/app.ts:3');
      expect(c.out).not.toContain(secret);

      // pre-push through the framework (it passes the range in PRE_COMMIT_FROM_REF/TO_REF).
      const remote = join(home.dir, 'remote.git');
      repo.ok(['init', '-q', '--bare', remote]);
      repo.ok(['remote', 'add', 'origin', remote]);
      expect((await repo.gitAsync(['push', '-q', 'origin', 'HEAD:refs/heads/main'], { env })).code).toBe(0);
      repo.ok(['commit', '-q', '--no-verify', '-m', 'secret past the commit hook'], { env });
      const p = await repo.gitAsync(['push', 'origin', 'HEAD:refs/heads/main'], { env });
      expect(p.code).not.toBe(0);
      expect(p.out).toContain('keyward: push blocked');
      expect(p.out).toContain('src/app.ts:3');
      expect(p.out).not.toContain(secret);
    } finally {
      home.cleanup();
    }
  });
});
