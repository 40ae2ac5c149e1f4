import { afterEach, beforeEach, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { filler, gitOk, secretLine, serverAndClone, type Repo } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let remote: string;
let work: Repo;

beforeEach(() => {
  tmp = tempDir('keyward-pre-push-');
  ({ server: remote, work } = serverAndClone(tmp.dir, { 'README.md': '# app\n' }, (w) => expect(keyward(['install', '--git'], { cwd: w.dir }).code).toBe(0)));
});
afterEach(() => tmp.cleanup());

const remoteHas = (ref: string): string => gitOk(remote, ['rev-parse', '-q', '--verify', ref], {}).trim();

/** A commit made past the pre-commit hook: what pre-push exists to catch. */
function commitSecret(file: string, msg = 'sneaky'): string {
  const { line, secret } = secretLine();
  work.write(file, `${filler(3)}${line}\n`);
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '--no-verify', '-m', msg]);
  return secret;
}

it('blocks a push of a commit made with --no-verify, naming file, line and commit', () => {
  const before = remoteHas('main');
  const secret = commitSecret('src/key.ts');
  work.write('later.ts', filler(1));
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '-m', 'clean commit on top']);
  const sha = work.ok(['rev-parse', 'HEAD~1']).trim();
  const r = work.git(['push', 'origin', 'main']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('keyward: push blocked: 1 secret in 1 commit not yet on origin');
  expect(r.stderr).toContain(`src/key.ts:4:18 in commit ${sha.slice(0, 12)} by Test Author <author@keyward.test>`);
  expect(r.stderr).toContain(`git rebase -i ${sha.slice(0, 12)}^`);
  expect(r.stderr).toContain('git push --no-verify');
  expect(r.out).not.toContain(secret);
  expect(remoteHas('main')).toBe(before);
});

it('does not report secrets the remote already has', () => {
  commitSecret('legacy.ts');
  expect(work.git(['push', '-q', '--no-verify', 'origin', 'main']).code).toBe(0);
  work.write('legacy.ts', `// touched\n${work.ok(['show', 'HEAD:legacy.ts'])}`);
  work.ok(['commit', '-q', '--no-verify', '-am', 'edit the file around the old secret']);
  const r = work.git(['push', '-q', 'origin', 'main']);
  expect(r.code, r.out).toBe(0);
});

it('checks new branches, and passes a new branch that only points at pushed commits', () => {
  work.ok(['branch', 'same-as-main']);
  expect(work.git(['push', '-q', 'origin', 'same-as-main']).code).toBe(0);

  work.ok(['checkout', '-q', '-b', 'feature']);
  commitSecret('feature.ts');
  const r = work.git(['push', 'origin', 'feature']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('feature.ts:4');
  expect(gitOk(remote, ['branch', '--list', 'feature'])).toBe('');
});

it('checks force pushes that rewrite history', () => {
  work.write('a.ts', filler(2));
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '-m', 'a']);
  work.ok(['push', '-q', 'origin', 'main']);
  // Rewrite the pushed commit: amend it with a secret (past the pre-commit hook).
  const { line } = secretLine();
  work.write('a.ts', `${filler(2)}${line}\n`);
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '--amend', '--no-verify', '-m', 'a (amended)']);
  const r = work.git(['push', '--force', 'origin', 'main']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('a.ts:3');
});

it('checks every ref of a multi-ref push, tags included, and lets deletions through', () => {
  work.ok(['checkout', '-q', '-b', 'clean']);
  work.write('clean.ts', filler(1));
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '-m', 'clean']);
  work.ok(['checkout', '-q', 'main']);
  commitSecret('tagged.ts');
  work.ok(['tag', '-a', 'v1', '-m', 'release']);
  work.ok(['reset', '-q', '--hard', 'HEAD~1']);
  const r = work.git(['push', 'origin', 'clean', 'v1']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('tagged.ts:4');
  expect(gitOk(remote, ['tag', '--list'])).toBe('');

  expect(work.git(['push', '-q', 'origin', 'clean']).code).toBe(0);
  const del = work.git(['push', '-q', 'origin', '--delete', 'clean']);
  expect(del.code, del.out).toBe(0);
});

it('fails closed when keyward cannot run (broken config), with how to fix or bypass', () => {
  work.write('keyward.toml', '[rules]\ndisable = "not-a-list"\n');
  work.ok(['add', '.']);
  work.ok(['commit', '-q', '--no-verify', '-m', 'bad config']);
  const r = work.git(['push', 'origin', 'main']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('push is blocked (fail closed)');
  expect(r.stderr).toContain('git push --no-verify');
});

it('reads ref updates as git gives them on stdin (direct call)', () => {
  const secret = commitSecret('direct.ts');
  const head = work.ok(['rev-parse', 'HEAD']).trim();
  const base = work.ok(['rev-parse', 'HEAD~1']).trim();
  const input = `refs/heads/main ${head} refs/heads/main ${base}\n`;
  const r = keyward(['pre-push', 'origin', remote], { cwd: work.dir, input });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('direct.ts:4');
  expect(r.stderr).not.toContain(secret);
  const deletion = keyward(['pre-push', 'origin', remote], { cwd: work.dir, input: `(delete) ${'0'.repeat(40)} refs/heads/x ${head}\n` });
  expect(deletion.code).toBe(0);
});
