import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { newRepo, type Repo } from './helpers.js';

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-install-errors-');
});
afterEach(() => repo.cleanup());

/** "internal error" is for keyward's own bugs: a repository keyward cannot edit gets one line, exit 2. */
describe('keyward install: what it cannot edit is a config or usage error, not an internal one', () => {
  it('a .pre-commit-config.yaml with "repos: []" (flow style): exit 2, one line, the file untouched', () => {
    const file = join(repo.dir, '.pre-commit-config.yaml');
    writeFileSync(file, 'repos: []\n');
    const r = keyward(['install'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `keyward: config error: ${file}: "repos: []" is a flow-style list, which keyward does not rewrite; write "repos:" on a line of its own with the entries below it, or add the entry that "keyward install --pre-commit --print" prints\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('repos: []\n');
    // The way out it names works.
    const p = keyward(['install', '--pre-commit', '--print'], { cwd: repo.dir });
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('entry: ');
  });

  it('a .pre-commit-config.yaml without a repos list: exit 2, one line', () => {
    writeFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'default_stages: [pre-commit]\n');
    const r = keyward(['install', '--pre-commit'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyward: config error: .*\.pre-commit-config\.yaml: there is no top-level "repos:" list; .*\n$/);
  });

  it('a hook and its chained copy both present: exit 2, one line', () => {
    const hooks = join(repo.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\nexit 0\n');
    writeFileSync(join(hooks, 'pre-commit.keyward-chained'), '#!/bin/sh\nexit 0\n');
    const r = keyward(['install', '--git'], { cwd: repo.dir });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyward: .*pre-commit exists and so does .*: move one of them away first\n$/);
  });
});
