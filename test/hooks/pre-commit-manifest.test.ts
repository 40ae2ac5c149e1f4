import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { tempDir } from '../helpers/fake.js';
import { newRepo, ROOT, run, runAsync, secretLine, type Repo } from './helpers.js';
import { keywardOnPath } from './node-project.js';

type Hook = Record<string, unknown> & { id: string; entry: string; stages?: string[] };
const MANIFEST = join(ROOT, '.pre-commit-hooks.yaml');
const manifest = (): Hook[] => parse(readFileSync(MANIFEST, 'utf8')) as Hook[];

// Stage names each release accepts, read from pre-commit's source (pre_commit/constants.py at
// v3.0.4, pre_commit/clientlib.py at v4.6.2, the current release): 3.0 knows only the old names,
// 3.2+ maps the old names to the new ones and 4.0+ warns that the old ones will be removed.
const STAGES_3_0 = ['commit', 'merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'manual', 'post-checkout', 'push', 'post-merge', 'post-rewrite'];
const STAGES_4_6 = ['commit-msg', 'post-checkout', 'post-commit', 'post-merge', 'post-rewrite', 'pre-commit', 'pre-merge-commit', 'pre-push', 'pre-rebase', 'prepare-commit-msg', 'manual'];
const DEPRECATED_4_6 = ['commit', 'merge-commit', 'push'];

describe('the shipped .pre-commit-hooks.yaml', () => {
  it('uses no stage name that pre-commit 3.0 rejects or 4.x deprecates, and asks for no version past 3.0', () => {
    const hooks = manifest();
    expect(hooks.map((h) => h.id)).toEqual(['keyward', 'keyward-pre-push']);
    for (const h of hooks) {
      for (const s of h.stages ?? []) {
        expect(STAGES_3_0).toContain(s);
        expect(STAGES_4_6).toContain(s);
        expect(DEPRECATED_4_6).not.toContain(s);
      }
      expect(h).toMatchObject({ language: 'node', pass_filenames: false, require_serial: true, always_run: true });
      const min = String(h.minimum_pre_commit_version ?? '0').split('.').map(Number);
      expect(min[0]! < 3 || (min[0] === 3 && (min[1] ?? 0) === 0)).toBe(true);
    }
  });

  // pre-commit installs a `language: node` hook with `npm pack` and takes its whole stdout as the
  // tarball's name (pre_commit/languages/node.py): a lifecycle script's banner there breaks it.
  it('npm pack prints only the tarball name, and the tarball holds the built CLI', () => {
    const out = tempDir('keyward-pack-');
    try {
      const r = run('npm', ['pack', '--pack-destination', out.dir], ROOT);
      expect(r.code, r.out).toBe(0);
      expect(r.stdout.trim()).toMatch(/^keyward-[0-9.]+\.tgz$/);
      const list = run('tar', ['-tzf', join(out.dir, r.stdout.trim())], out.dir);
      expect(list.stdout).toContain('package/dist/bin/keyward.mjs');
      expect(list.stdout).toContain('package/scripts/postinstall.mjs');
      expect(list.stdout).not.toContain('package/src/');
    } finally {
      out.cleanup();
    }
  });

  const version = run('pre-commit', ['--version'], '/');
  it.skipIf(version.code !== 0)(`passes the installed pre-commit's own manifest check (${version.stdout.trim() || 'not installed'})`, () => {
    const r = run('pre-commit', ['validate-manifest', MANIFEST], ROOT);
    expect(r.code, r.out).toBe(0);
  });
});

// End to end through the installed pre-commit (Debian 12: 3.0.4) with the manifest's hooks as
// they are, except `language`: `node` would make pre-commit npm-install keyward from the network,
// so the hooks run the keyward on PATH (`system`). Everything else (no stages, always_run,
// pass_filenames, require_serial, entry) is the manifest's.
describe.skipIf(run('pre-commit', ['--version'], '/').code !== 0)('the manifest hooks through the real pre-commit framework', () => {
  let repo: Repo;
  let home: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    repo = newRepo('keyward-manifest-');
    home = tempDir('keyward-manifest-home-');
    env = { PATH: `${keywardOnPath(home.dir)}:${process.env.PATH ?? ''}`, PRE_COMMIT_HOME: join(home.dir, 'cache') };
    const hooks = manifest().map((h) => ({ ...h, language: 'system' }));
    writeFileSync(join(repo.dir, '.pre-commit-config.yaml'), stringify({ repos: [{ repo: 'local', hooks }] }));
    const inst = await runAsync('pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-push'], repo.dir, { env });
    expect(inst.code, inst.out).toBe(0);
  });
  afterEach(() => {
    repo.cleanup();
    home.cleanup();
  });

  it('a clean commit passes, a commit adding a secret is blocked, and each hook passes at the other stage', async () => {
    repo.write('src/app.ts', 'export const a = 1;\n');
    repo.ok(['add', '.']);
    const clean = await repo.gitAsync(['commit', '-m', 'clean'], { env });
    expect(clean.code, clean.out).toBe(0);
    // At the commit stage the pre-push hook runs too (no stages) and checks nothing.
    expect(clean.out).toMatch(/keyward \(secrets in pushed commits\)\.+Passed/);

    const { line, secret } = secretLine();
    repo.write('src/app.ts', `export const a = 1;\n${line}\n`);
    repo.ok(['add', '.']);
    const blocked = await repo.gitAsync(['commit', '-m', 'secret'], { env });
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('keyward: commit blocked');
    expect(blocked.out).toContain('src/app.ts:2:');
    expect(blocked.out).not.toContain(secret);
    expect(repo.ok(['log', '--format=%s'])).toBe('clean\n');

    // The secret stays staged, not committed: at the push stage `keyward staged` must not block
    // the push of the clean commit for it (the index is not pushed).
    const remote = join(home.dir, 'remote.git');
    repo.ok(['init', '-q', '--bare', remote]);
    repo.ok(['remote', 'add', 'origin', remote]);
    const push = await repo.gitAsync(['push', 'origin', 'HEAD:refs/heads/main'], { env });
    expect(push.code, push.out).toBe(0);
    expect(push.out).toMatch(/keyward \(secrets in staged changes\)\.+Passed/);
  });

  it('blocks the first push of a repository whose root commit holds a secret (the framework passes no range then)', async () => {
    const { line, secret } = secretLine();
    repo.write('src/app.ts', `${line}\n`);
    repo.ok(['add', '.']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'root commit past the commit hook']);
    const remote = join(home.dir, 'remote.git');
    repo.ok(['init', '-q', '--bare', remote]);
    repo.ok(['remote', 'add', 'origin', remote]);
    const push = await repo.gitAsync(['push', 'origin', 'main'], { env });
    expect(push.code).not.toBe(0);
    expect(push.out).toContain('keyward: push blocked: 1 secret in 1 commit not yet on origin');
    expect(push.out).toContain('src/app.ts:1:');
    expect(push.out).not.toContain(secret);
    expect(run('git', ['--git-dir', remote, 'rev-parse', '--verify', '-q', 'refs/heads/main'], home.dir).code).not.toBe(0);
  });
});
