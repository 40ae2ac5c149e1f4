import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { filler, gitOk, secretLine, serverAndClone, type Repo, type Run } from './helpers.js';

/**
 * What a push carries besides the files of its commits: tags naming a blob or a tree, annotated
 * tag messages, commit messages, notes. Each gate, pre-push on the laptop and pre-receive on the
 * server, must stop a secret in any of them, and let the same objects through when clean.
 */
let tmp: { dir: string; cleanup: () => void };
let server: string;
let work: Repo;

beforeEach(() => {
  tmp = tempDir('keyward-push-scope-');
  ({ server, work } = serverAndClone(tmp.dir, { 'README.md': '# app\n' }));
});
afterEach(() => tmp.cleanup());

type Gate = 'pre-push' | 'pre-receive';

/** Installs the gate under test: keyward's pre-push in the work repository, or its pre-receive in the server. */
function install(gate: Gate): void {
  const r = gate === 'pre-push' ? keyward(['install', '--git'], { cwd: work.dir }) : keyward(['install', '--pre-receive'], { cwd: server });
  expect(r.code, r.stderr).toBe(0);
}

/** A push through the gate: with the server's hook, the client's own check is not involved. */
const push = (gate: Gate, ...refspecs: string[]): Run => work.git(['push', ...(gate === 'pre-receive' ? ['--no-verify'] : []), 'origin', ...refspecs]);

const serverHas = (ref: string): boolean => gitOk(server, ['for-each-ref', '--format=%(refname)', ref]).trim() !== '';

/** A blob object holding a secret, in no commit. */
function secretBlob(): { oid: string; secret: string } {
  const { line, secret } = secretLine();
  const file = join(tmp.dir, 'loose.ts');
  writeFileSync(file, `${filler(2)}${line}\n`);
  return { oid: work.ok(['hash-object', '-w', file]).trim(), secret };
}

function blocked(r: Run, gate: Gate, secret: string): void {
  expect(r.code, r.out).not.toBe(0);
  expect(r.stderr).toContain(gate === 'pre-push' ? 'keyward: push blocked: 1 secret in 1 ' : 'keyward: push rejected: 1 secret in ');
  expect(r.out).not.toContain(secret);
}

describe.each<Gate>(['pre-push', 'pre-receive'])('%s', (gate) => {
  beforeEach(() => install(gate));

  it('blocks a tag that names a blob holding a secret', () => {
    const { oid, secret } = secretBlob();
    work.ok(['tag', 'loose', oid]);
    const r = push(gate, 'refs/tags/loose');
    blocked(r, gate, secret);
    expect(r.stderr).toContain('refs/tags/loose:3:18 in what refs/tags/loose names directly (no commit holds it)');
    expect(r.stderr).toContain(gate === 'pre-push' ? '1 secret in 1 ref not yet on origin' : '1 secret in what was pushed');
    expect(r.stderr).toContain('Delete the tag or ref that holds it');
    expect(serverHas('refs/tags/loose')).toBe(false);
  });

  it('blocks a tag that names a tree (from git mktree) with a secret in a subtree', () => {
    const { oid, secret } = secretBlob();
    const sub = work.ok(['mktree'], { input: `100644 blob ${oid}\tkey.ts\n` }).trim();
    const tree = work.ok(['mktree'], { input: `040000 tree ${sub}\tconfig\n` }).trim();
    work.ok(['tag', 'snapshot', tree]);
    const r = push(gate, 'refs/tags/snapshot');
    blocked(r, gate, secret);
    expect(r.stderr).toContain('refs/tags/snapshot:config/key.ts:3:18 in what refs/tags/snapshot names directly');
    expect(serverHas('refs/tags/snapshot')).toBe(false);
  });

  it('blocks a secret in an annotated tag message, naming the tag and its tagger', () => {
    const { line, secret } = secretLine();
    work.ok(['tag', '-a', 'v1', '-m', `release notes\n\ndeploy with ${line}`]);
    const tag = work.ok(['rev-parse', 'v1']).trim();
    const r = push(gate, 'refs/tags/v1');
    blocked(r, gate, secret);
    // Line and column inside the message, of the value itself.
    const column = 'deploy with '.length + line.indexOf(secret) + 1;
    expect(r.stderr).toContain(`<tag message>:3:${column} in the message of tag refs/tags/v1 (${tag.slice(0, 12)}) by Test Committer <committer@keyward.test>`);
    expect(serverHas('refs/tags/v1')).toBe(false);
  });

  it('blocks a secret in a commit message, naming the commit', () => {
    const { line, secret } = secretLine();
    work.write('a.ts', filler(2));
    work.ok(['add', '.']);
    work.ok(['commit', '-q', '--no-verify', '-m', `fix login\n\nused ${line} to test`]);
    const sha = work.ok(['rev-parse', 'HEAD']).trim();
    const r = push(gate, 'main');
    blocked(r, gate, secret);
    const column = 'used '.length + line.indexOf(secret) + 1;
    expect(r.stderr).toContain(`<commit message>:3:${column} in the message of commit ${sha.slice(0, 12)} by Test Author <author@keyward.test>`);
    expect(r.stderr).toContain('reword');
    expect(gitOk(server, ['rev-parse', 'main']).trim()).not.toBe(sha);
  });

  it('blocks a secret in a note (refs/notes/commits), labelled as a note', () => {
    const { line, secret } = secretLine();
    work.ok(['notes', 'add', '-m', line, 'HEAD']);
    const r = push(gate, 'refs/notes/commits');
    blocked(r, gate, secret);
    expect(r.stderr).toContain('a note (refs/notes/commits)');
    expect(serverHas('refs/notes/commits')).toBe(false);
  });

  it('fails closed on a tree too large to scan, saying why', () => {
    const file = join(tmp.dir, 'empty.txt');
    writeFileSync(file, '');
    const blob = work.ok(['hash-object', '-w', file]).trim();
    // One more file than the limit (50,000), all the same empty blob: a small push.
    let listing = '';
    for (let i = 0; i <= 50_000; i++) listing += `100644 blob ${blob}\tf${i}.txt\n`;
    work.ok(['tag', 'huge', work.ok(['mktree'], { input: listing }).trim()]);
    const r = push(gate, 'refs/tags/huge');
    expect(r.code, r.out).not.toBe(0);
    expect(r.stderr).toMatch(/refs\/tags\/huge names a tree \([0-9a-f]+\) too large to scan: more than 50000 files/);
    expect(r.stderr).toContain('could not be read');
    expect(serverHas('refs/tags/huge')).toBe(false);
  });

  it('lets the same kinds of objects through when they hold no secret', () => {
    const file = join(tmp.dir, 'plain.txt');
    writeFileSync(file, filler(3));
    const blob = work.ok(['hash-object', '-w', file]).trim();
    const tree = work.ok(['mktree'], { input: `100644 blob ${blob}\tplain.txt\n` }).trim();
    work.ok(['tag', 'blob-tag', blob]);
    work.ok(['tag', 'tree-tag', tree]);
    work.ok(['commit', '-q', '--allow-empty', '-m', 'release 1.0\n\nNo secrets here, just a changelog.']);
    work.ok(['tag', '-a', 'v1', '-m', 'release 1.0']);
    work.ok(['tag', '-a', 'v1-signed-off', '-m', 'tag of a tag', 'v1']);
    work.ok(['notes', 'add', '-m', 'reviewed by the release team', 'HEAD']);
    const r = push(gate, 'main', 'refs/tags/blob-tag', 'refs/tags/tree-tag', 'refs/tags/v1', 'refs/tags/v1-signed-off', 'refs/notes/commits');
    expect(r.code, r.out).toBe(0);
    for (const ref of ['refs/tags/blob-tag', 'refs/tags/tree-tag', 'refs/tags/v1', 'refs/tags/v1-signed-off', 'refs/notes/commits']) expect(serverHas(ref)).toBe(true);
  });
});

describe('pre-receive', () => {
  beforeEach(() => install('pre-receive'));

  it('blocks a ref outside refs/tags that names a tree, and a secret behind a tag of a tag', () => {
    const { oid, secret } = secretBlob();
    const tree = work.ok(['mktree'], { input: `100644 blob ${oid}\tkey.ts\n` }).trim();
    const r = push('pre-receive', `${tree}:refs/keep/snapshot`);
    blocked(r, 'pre-receive', secret);
    expect(r.stderr).toContain('refs/keep/snapshot:key.ts:3:18');
    expect(serverHas('refs/keep/snapshot')).toBe(false);

    work.ok(['tag', '-a', 'inner', '-m', 'inner', oid]);
    work.ok(['tag', '-a', 'outer', '-m', 'outer', 'inner']);
    const nested = push('pre-receive', 'refs/tags/outer');
    blocked(nested, 'pre-receive', secret);
    expect(nested.stderr).toContain('refs/tags/outer:3:18 in what refs/tags/outer names directly');
  });
});
