import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fake.js';
import { filler, newRepo, ROOT, run, runAsync, secretLine, type Repo } from './helpers.js';
import { makeNodeProject } from './node-project.js';

// A hook that cannot find keyward blocks (fail closed) and says what to run, for the way keyward
// was installed. The commits run with an explicit PATH: git's and sh's directories (and node's),
// never a directory holding a `keyward` command.

/** A copy of keyward's package (the bundled CLI, hooks, rules) at `dest`, as an install leaves it. */
function copyKeyward(dest: string): string {
  mkdirSync(dest, { recursive: true });
  cpSync(join(ROOT, 'dist/bin'), join(dest, 'dist/bin'), { recursive: true });
  for (const d of ['hooks', 'patterns']) cpSync(join(ROOT, d), join(dest, d), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dest, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'));
  return join(dest, 'dist/bin/keyward.mjs');
}

const which = (cmd: string): string => run('sh', ['-c', `command -v ${cmd}`], '/').stdout.trim();
const PATH = [...new Set([dirname(which('git')), dirname(which('sh')), dirname(process.execPath)])].join(':');
const env = { PATH, KEYWARD_BIN: '' };

let repo: Repo;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  repo = newRepo('keyward-missing-');
  tmp = tempDir('keyward-missing-pkg-');
  // The test means nothing if keyward can be found on this PATH.
  expect(run('sh', ['-c', 'command -v keyward'], repo.dir, { env }).code).not.toBe(0);
});
afterEach(() => {
  repo.cleanup();
  tmp.cleanup();
});

function stageSecret(): string {
  const { line, secret } = secretLine();
  repo.write('src/app.ts', `${filler(2)}${line}\n`);
  repo.ok(['add', 'src/app.ts']);
  return secret;
}

describe('plain git hook', () => {
  it('installed from a keyward elsewhere (an absolute path) that is gone: names that path; restoring it there works', async () => {
    const root = join(tmp.dir, 'tools/keyward');
    const cli = copyKeyward(root);
    const inst = run(process.execPath, [cli, 'install', '--git'], repo.dir);
    expect(inst.code, inst.out).toBe(0);
    rmSync(root, { recursive: true, force: true });

    const secret = stageSecret();
    const r = await repo.gitAsync(['commit', '-m', 'x'], { env });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('keyward: not found');
    expect(r.out).toContain('commit blocked (fail closed)');
    expect(r.out).toContain(`Fix: keyward was installed from ${root} (CLI ${cli}): rebuild it there (cd ${root} && npm ci), or set KEYWARD_BIN`);
    expect(r.out).not.toContain('npm install --save-dev keyward');
    expect(r.out).not.toContain(secret);

    // What the hint says: keyward back at that path, and the hook runs it (with the node that installed it).
    copyKeyward(root);
    const again = await repo.gitAsync(['commit', '-m', 'x'], { env });
    expect(again.code).toBe(1);
    expect(again.out).toContain('keyward: commit blocked');
    expect(again.out).toContain('src/app.ts:3:');
  });

  it('installed as a dev dependency (node_modules/keyward) and node_modules gone: says to run the project install', async () => {
    writeFileSync(join(repo.dir, 'package.json'), `${JSON.stringify({ name: 'app', private: true, devDependencies: { keyward: '^0.1.0' } })}\n`);
    writeFileSync(join(repo.dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    repo.write('.gitignore', 'node_modules/\n');
    const cli = copyKeyward(join(repo.dir, 'node_modules/keyward'));
    expect(run(process.execPath, [cli, 'install', '--git'], repo.dir).code).toBe(0);
    rmSync(join(repo.dir, 'node_modules'), { recursive: true, force: true });

    stageSecret();
    const r = await repo.gitAsync(['commit', '-m', 'x'], { env });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('keyward: not found');
    expect(r.out).toContain('Fix: run pnpm install (keyward is a dependency in package.json; it puts node_modules/.bin/keyward back, and npx keyward works again)');

    // What that install restores: node_modules/.bin/keyward, which the hook runs first.
    const bin = join(repo.dir, 'node_modules/.bin');
    const restored = copyKeyward(join(repo.dir, 'node_modules/keyward'));
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'keyward'), `#!/bin/sh\nexec "${process.execPath}" "${restored}" "$@"\n`, { mode: 0o755 });
    const again = await repo.gitAsync(['commit', '-m', 'x'], { env });
    expect(again.code).toBe(1);
    expect(again.out).toContain('keyward: commit blocked');
  });
});

describe('husky', () => {
  async function huskyProject(pkg: Record<string, unknown>): Promise<void> {
    makeNodeProject(repo.dir, pkg);
    unlinkSync(join(repo.dir, 'node_modules/.bin/keyward')); // keyward itself is not installed here
    const init = await runAsync(join(repo.dir, 'node_modules/.bin/husky'), ['init'], repo.dir);
    expect(init.code, init.out).toBe(0);
    writeFileSync(join(repo.dir, '.husky/pre-commit'), '');
    const inst = run(process.execPath, [join(ROOT, 'dist/bin/keyward.mjs'), 'install', '--husky', '--no-pre-push'], repo.dir);
    expect(inst.code, inst.out).toBe(0);
  }

  it('keyward a dev dependency that is not installed: says npm install', async () => {
    await huskyProject({ devDependencies: { keyward: '^0.1.0' } });
    stageSecret();
    const r = await repo.gitAsync(['commit', '-m', 'x'], { env });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('keyward: not found in node_modules/.bin or on PATH: commit blocked (fail closed).');
    expect(r.out).toContain('Fix: run npm install (keyward is a dependency in package.json');
  });

  it('keyward not a dependency: names where it was installed from and PATH, not a package to install', async () => {
    await huskyProject({});
    stageSecret();
    const r = await repo.gitAsync(['commit', '-m', 'x'], { env });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('keyward: not found in node_modules/.bin or on PATH');
    expect(r.out).toContain(`Fix: keyward was installed from ${ROOT.replace(/\/$/, '')}`);
    expect(r.out).toContain('put keyward on PATH');
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).not.toContain('npm install --save-dev keyward');
  });
});
