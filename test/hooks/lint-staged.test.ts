import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { keywardAsync } from '../helpers/cli.js';
import { filler, newRepo, run, secretLine, type Repo } from './helpers.js';
import { makeNodeProject } from './node-project.js';

// The configuration documented in docs/hooks.md: lint-staged passes the staged files matching
// its glob, keyward scans the staged (index) content of exactly those files.
const LINT_STAGED = { 'lint-staged': { '*.{js,ts}': 'keyward staged' } };

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-lint-staged-');
  makeNodeProject(repo.dir, LINT_STAGED);
  const init = run(join(repo.dir, 'node_modules/.bin/husky'), ['init'], repo.dir);
  expect(init.code, init.out).toBe(0);
  writeFileSync(join(repo.dir, '.husky/pre-commit'), 'lint-staged\n');
  repo.write('src/app.ts', filler(4));
  repo.ok(['add', '.']);
  const first = repo.git(['commit', '-q', '-m', 'setup']);
  expect(first.code, first.out).toBe(0);
});
afterEach(() => repo.cleanup());

it('blocks a staged secret in a file lint-staged passes, and names it', () => {
  const { line, secret } = secretLine();
  repo.write('src/app.ts', `${filler(4)}${line}\n`);
  repo.ok(['add', '.']);
  const r = repo.git(['commit', '-q', '-m', 'secret']);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('keyward: commit blocked');
  expect(r.out).toContain('src/app.ts:5');
  expect(r.out).not.toContain(secret);
  expect(repo.ok(['log', '--format=%s'])).toBe('setup\n');
});

it('scans only the paths lint-staged passes', () => {
  // notes.txt does not match the lint-staged glob: keyward is not asked about it.
  repo.write('notes.txt', `${secretLine().line}\n`);
  repo.write('src/other.ts', filler(2));
  repo.ok(['add', '.']);
  const r = repo.git(['commit', '-q', '-m', 'txt']);
  expect(r.code, r.out).toBe(0);
  expect(repo.ok(['show', '--name-only', '--format=', 'HEAD']).split('\n').filter(Boolean).sort()).toEqual(['notes.txt', 'src/other.ts']);
});

it('checks the staged content, not the work tree, of a partially staged file', () => {
  // Staged: clean. Work tree only: a secret. lint-staged hides unstaged changes while tasks
  // run and restores them afterwards; keyward reads the index either way.
  repo.write('src/app.ts', `${filler(4)}export const x = 1;\n`);
  repo.ok(['add', 'src/app.ts']);
  const { line } = secretLine();
  appendFileSync(join(repo.dir, 'src/app.ts'), `${line}\n`);
  const r = repo.git(['commit', '-q', '-m', 'partial']);
  expect(r.code, r.out).toBe(0);
  expect(repo.ok(['show', 'HEAD:src/app.ts'])).not.toContain(line);
  expect(readFileSync(join(repo.dir, 'src/app.ts'), 'utf8')).toContain(line); // unstaged part kept

  // And the other way round: secret staged, removed from the work tree only.
  const second = secretLine();
  repo.write('src/app.ts', `${filler(4)}export const x = 1;\n${second.line}\n`);
  repo.ok(['add', 'src/app.ts']);
  repo.write('src/app.ts', `${filler(4)}export const x = 1;\n`);
  const b = repo.git(['commit', '-q', '-m', 'staged secret']);
  expect(b.code).not.toBe(0);
  expect(b.out).toContain('src/app.ts:6');
});

it('keyward install adds nothing to a husky hook whose lint-staged already runs keyward: one run per commit', async () => {
  // A keyward that logs each run, to count them.
  const log = join(repo.dir, '.keyward-runs.log');
  const bin = join(repo.dir, 'node_modules/.bin/keyward');
  const real = readFileSync(bin, 'utf8').replace(/^exec /m, `echo "$*" >> "${log}"\nexec `);
  writeFileSync(bin, real);
  repo.write('.gitignore', 'node_modules/\n.keyward-runs.log\n');

  const r = await keywardAsync(['install', '--no-pre-push'], { cwd: repo.dir });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('already runs keyward staged, so keyward runs once per commit');
  expect(r.stdout).toContain('package.json "lint-staged"');
  expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe('lint-staged\n');

  repo.write('src/app.ts', `${filler(5)}`);
  repo.ok(['add', '.']);
  const c = await repo.gitAsync(['commit', '-q', '-m', 'clean']);
  expect(c.code, c.out).toBe(0);
  expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([expect.stringMatching(/^staged /)]);

  // A block an earlier install added next to lint-staged is taken out again.
  writeFileSync(join(repo.dir, '.husky/pre-commit'), '');
  expect((await keywardAsync(['install', '--no-pre-push'], { cwd: repo.dir })).code).toBe(0);
  expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toContain('keyward staged');
  writeFileSync(join(repo.dir, '.husky/pre-commit'), `lint-staged\n${readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')}`);
  const again = await keywardAsync(['install', '--no-pre-push'], { cwd: repo.dir });
  expect(again.stdout).toContain("keyward's lines removed");
  expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe('lint-staged\n');

  writeFileSync(log, '');
  repo.write('src/app.ts', `${filler(6)}`);
  repo.ok(['add', '.']);
  expect((await repo.gitAsync(['commit', '-q', '-m', 'clean 2'])).code).toBe(0);
  expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
});
