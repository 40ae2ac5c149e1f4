import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../helpers/fake.js';
import { ALICE, BOB, bySecret, commit, envTokenPack, git, history, initRepo, secretLine } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keyward-history-')));
afterEach(() => cleanup());

describe('keyward history: provenance', () => {
  it('attributes a secret to the commit that added it, through move, copy, delete and re-add', () => {
    const repo = initRepo(join(dir, 'r'));
    const { secret, line } = secretLine();
    commit(repo, { 'README.md': '# app\n' }, 'init', BOB);
    const added = commit(repo, { 'src/config.js': `// settings\nconst x = 1;\n${line}\n` }, 'add config', ALICE);
    git(repo, ['mv', 'src/config.js', 'src/settings.js']);
    const moved = commit(repo, {}, 'rename', BOB);
    const copied = commit(repo, { 'lib/copy.js': `${line}\n` }, 'copy', BOB);
    commit(repo, { 'src/settings.js': null, 'lib/copy.js': null }, 'delete', BOB);
    const readded = commit(repo, { 'src/config.js': `// back\n\n\n${line}\n` }, 're-add', BOB);

    const r = history(repo, ['--show-secrets']);
    expect(r.code).toBe(1);
    const found = bySecret(r.report, secret);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f).toMatchObject({
      ruleId: 'generic-secret-assignment',
      commit: added,
      author: ALICE.name,
      email: ALICE.email,
      file: 'src/config.js',
      line: 3,
      column: 18,
      pushed: false,
    });
    expect(f.date).toBe(git(repo, ['show', '-s', '--format=%aI', added]));
    // Every other commit and path that carries it, in history order; the delete adds nothing.
    expect(f.locations).toEqual([
      { commit: moved, file: 'src/settings.js', line: 3, column: 18 },
      { commit: copied, file: 'lib/copy.js', line: 1, column: 18 },
      { commit: readded, file: 'src/config.js', line: 4, column: 18 },
    ]);
    expect(r.report.stats).toMatchObject({ commits: 6, complete: true });
  });

  it('credits the branch commit, not the merge, and an evil merge itself', () => {
    const repo = initRepo(join(dir, 'r'));
    commit(repo, { 'a.txt': 'a\n' }, 'init');
    git(repo, ['checkout', '-q', '-b', 'feature']);
    const s1 = secretLine();
    const onBranch = commit(repo, { 'feature.js': `${s1.line}\n` }, 'feature work', BOB);
    git(repo, ['checkout', '-q', 'main']);
    commit(repo, { 'b.txt': 'b\n' }, 'main work');
    git(repo, ['merge', '-q', '--no-ff', '--no-commit', 'feature']);
    // A secret that appears only in the merge result (written while resolving the merge).
    const s2 = secretLine();
    commit(repo, { 'merge-only.js': `${s2.line}\n` }, 'merge feature', ALICE);
    const merge = git(repo, ['rev-parse', 'HEAD']);
    expect(git(repo, ['rev-list', '--parents', '-n1', 'HEAD']).split(' ')).toHaveLength(3);

    const r = history(repo, ['--show-secrets']);
    expect(bySecret(r.report, s1.secret)).toMatchObject([{ commit: onBranch, author: BOB.name, file: 'feature.js', locations: [] }]);
    expect(bySecret(r.report, s2.secret)).toMatchObject([{ commit: merge, author: ALICE.name, file: 'merge-only.js', locations: [] }]);
  });

  it('keeps independent introductions on unrelated branches apart, and one finding per secret otherwise', () => {
    const repo = initRepo(join(dir, 'r'));
    const base = commit(repo, { 'a.txt': 'a\n' }, 'init');
    const shared = secretLine();
    const onMain = commit(repo, { 'main.js': `${shared.line}\n` }, 'main adds it', ALICE);
    // A branch forked after the secret: its copies descend from the introduction.
    git(repo, ['checkout', '-q', '-b', 'later']);
    const copy = commit(repo, { 'later.js': `x\n${shared.line}\n` }, 'copy on later', BOB);
    // A branch forked before: the same secret committed there is a second, independent introduction.
    git(repo, ['checkout', '-q', '-b', 'old', base]);
    const independent = commit(repo, { 'old.js': `${shared.line}\n` }, 'old adds it too', BOB);
    git(repo, ['checkout', '-q', 'main']);

    const r = history(repo, ['--show-secrets']);
    const found = bySecret(r.report, shared.secret).sort((a, b) => a.file.localeCompare(b.file));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ file: 'main.js', commit: onMain, locations: [{ commit: copy, file: 'later.js', line: 2 }] });
    expect(found[1]).toMatchObject({ file: 'old.js', commit: independent, author: BOB.name, locations: [] });
    expect(found[0]!.fingerprint).toBe(found[1]!.fingerprint);
    // --branch limits the history to what one ref reaches.
    const only = history(repo, ['--branch', 'old', '--no-cache']);
    expect(only.report.findings.map((f) => f.commit)).toEqual([independent]);
    // --since: only commits after a revision.
    const since = history(repo, ['--since', onMain, '--no-cache']);
    expect(since.report.findings.map((f) => f.commit).sort()).toEqual([copy, independent].sort());
  });

  it('applies path-scoped rules per path when one blob sits at several paths', () => {
    const repo = initRepo(join(dir, 'r'));
    const { packs, token } = envTokenPack(dir);
    const content = `TOKEN=${token}\n`;
    const first = commit(repo, { 'notes.txt': content }, 'not an env file');
    const envCommit = commit(repo, { 'config/prod.env': content }, 'same blob, env path');
    expect(git(repo, ['rev-parse', `${first}:notes.txt`])).toBe(git(repo, ['rev-parse', `${envCommit}:config/prod.env`]));

    const r = history(repo, ['--rules', packs]);
    expect(r.code).toBe(1);
    expect(r.report.findings).toMatchObject([{ ruleId: 'test-env-token', file: 'config/prod.env', commit: envCommit, locations: [] }]);
    expect(r.report.stats.blobs).toBe(1);
  });
});
