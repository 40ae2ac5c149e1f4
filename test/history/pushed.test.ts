import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { bySecret, commit, git, history, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-')));
afterEach(() => cleanup());

describe('keyward history: pushed or local', () => {
  it('says which introductions a remote-tracking ref reaches, and through which remotes', () => {
    const repo = initRepo(join(dir, 'r'));
    const origin = join(dir, 'origin.git');
    const backup = join(dir, 'backup.git');
    git(dir, ['init', '-q', '--bare', origin]);
    git(dir, ['init', '-q', '--bare', backup]);
    git(repo, ['remote', 'add', 'origin', origin]);
    git(repo, ['remote', 'add', 'backup', backup]);

    const early = secretLine();
    commit(repo, { 'a.js': `${early.line}\n` }, 'early');
    git(repo, ['push', '-q', 'backup', 'main']);
    const mid = secretLine();
    commit(repo, { 'b.js': `${mid.line}\n` }, 'mid');
    git(repo, ['push', '-q', 'origin', 'main']);
    const late = secretLine();
    commit(repo, { 'c.js': `${late.line}\n` }, 'late, not pushed');
    git(repo, ['checkout', '-q', '-b', 'topic']);
    const topic = secretLine();
    commit(repo, { 'd.js': `${topic.line}\n` }, 'topic branch, never pushed');

    const r = history(repo, ['--show-secrets']);
    expect(r.code).toBe(1);
    expect(bySecret(r.report, early.secret)).toMatchObject([{ pushed: true, remotes: ['backup', 'origin'] }]);
    expect(bySecret(r.report, mid.secret)).toMatchObject([{ pushed: true, remotes: ['origin'] }]);
    expect(bySecret(r.report, late.secret)).toMatchObject([{ pushed: false, remotes: [] }]);
    expect(bySecret(r.report, topic.secret)).toMatchObject([{ pushed: false, remotes: [] }]);

    // Pushing changes the answer on the next run, even though no blob is rescanned.
    git(repo, ['push', '-q', 'origin', 'topic']);
    const again = history(repo);
    expect(again.report.stats.files).toBe(0);
    const byFile = (f: string) => again.report.findings.filter((x) => x.file === f);
    expect(byFile('c.js')).toMatchObject([{ pushed: true, remotes: ['origin'] }]);
    expect(byFile('d.js')).toMatchObject([{ pushed: true, remotes: ['origin'] }]);
    expect(byFile('a.js')).toMatchObject([{ pushed: true, remotes: ['backup', 'origin'] }]);

    // The text report says it in words.
    git(repo, ['commit', '-q', '--allow-empty', '-m', 'local only']);
    const text = keyward(['history'], { cwd: repo });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/pushed \(backup, origin\)/);
    expect(text.stdout).toMatch(/4 secrets in 4 files/);
  });

  it('reports everything local in a repository without remotes', () => {
    const repo = initRepo(join(dir, 'r'));
    const s = secretLine();
    commit(repo, { 'a.js': `${s.line}\n` }, 'one');
    const r = history(repo);
    expect(r.report.findings).toMatchObject([{ pushed: false, remotes: [] }]);
    expect(keyward(['history'], { cwd: repo }).stdout).toMatch(/local only/);
  });
});
