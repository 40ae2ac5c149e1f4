import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { pathWithout, which } from '../helpers/path.js';
import { filler, newRepo, rsaKeyPem, secretLine, type Repo } from '../hooks/helpers.js';

interface JsonFinding {
  file: string;
  line: number;
  endLine: number;
  ruleId: string;
  secret: string;
}

/** `keyward staged --format json`: the findings, with the exit code checked. */
function stagedJson(repo: Repo, args: string[] = []): JsonFinding[] {
  const r = keyward(['staged', '--format', 'json', ...args], { cwd: repo.dir });
  expect([0, 1], r.stderr).toContain(r.code);
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  expect(r.code).toBe(findings.length > 0 ? 1 : 0);
  return findings;
}

/** A real `git commit` through the installed pre-commit hook. */
function commit(repo: Repo, args: string[], env?: NodeJS.ProcessEnv) {
  return repo.git(['commit', '-q', ...args], env ? { env } : undefined);
}

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-staged-');
  const r = keyward(['install', '--git', '--no-pre-push'], { cwd: repo.dir });
  expect(r.code, r.stderr).toBe(0);
});
afterEach(() => repo.cleanup());

describe('keyward staged through git commit', () => {
  it('blocks the first commit of a repository (no HEAD yet) and names the secret, redacted', () => {
    const { line, secret } = secretLine();
    repo.write('src/config.ts', `${filler(3)}${line}\n`);
    repo.ok(['add', '.']);
    const r = commit(repo, ['-m', 'first']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('keyward: commit blocked: 1 secret');
    expect(r.stderr).toContain('src/config.ts:4');
    expect(r.stderr).toContain('generic-secret-assignment');
    expect(r.stderr).toContain(`${secret.slice(0, 4)}…`);
    expect(r.out).not.toContain(secret); // never the secret itself
    expect(r.stderr).toContain('environment variable');
    expect(r.stderr).toContain('git restore --staged');
    expect(r.stderr).toContain('keyward:allow');
    expect(r.stderr).toContain('git commit --no-verify');
    expect(r.stderr).toMatch(/revoke or rotate/);
    expect(r.stderr).toMatch(/Checked with the defaults \(packs: built-in; \d+ rules active\)\./); // which config decided
    expect(repo.git(['rev-parse', '-q', '--verify', 'HEAD']).code).not.toBe(0); // nothing committed

    repo.write('src/config.ts', `${filler(3)}const API_KEY = process.env.API_KEY;\n`);
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'first']).code).toBe(0);
  });

  it('scans the index, not the work tree, for partially staged files', () => {
    repo.write('app.ts', filler(5));
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'base']).code).toBe(0);

    // The secret is only in the work tree: the commit records the clean staged version.
    const { line } = secretLine();
    repo.write('app.ts', `${filler(5)}export const ok = 1;\n`);
    repo.ok(['add', 'app.ts']);
    appendFileSync(join(repo.dir, 'app.ts'), `${line}\n`);
    expect(commit(repo, ['-m', 'clean staged part']).code).toBe(0);

    // The secret is staged, then removed from the work tree only: the commit still carries it.
    const second = secretLine();
    repo.write('app.ts', `${filler(5)}export const ok = 1;\n${second.line}\n`);
    repo.ok(['add', 'app.ts']);
    repo.write('app.ts', `${filler(5)}export const ok = 1;\n`);
    const r = commit(repo, ['-m', 'secret staged']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('app.ts:7');
  });

  it('reports only secrets on lines the commit adds, with line numbers in the staged file', () => {
    const old = secretLine();
    repo.write('settings.ts', `${filler(10)}${old.line}\n${filler(10, 'tail')}`);
    repo.ok(['add', '.']);
    expect(commit(repo, ['--no-verify', '-m', 'legacy secret, committed on purpose']).code).toBe(0);

    // An unrelated change to the same file: the old secret is not on an added line.
    const text = readFileSync(join(repo.dir, 'settings.ts'), 'utf8');
    repo.write('settings.ts', text.replace('export const tail3 = 3;', 'export const tail3 = 33;'));
    repo.ok(['add', '.']);
    expect(stagedJson(repo)).toEqual([]);
    expect(commit(repo, ['-m', 'unrelated edit']).code).toBe(0);

    // A new secret inserted at line 4 shifts the old one; only the new one is reported, at 4.
    const fresh = secretLine();
    const lines = readFileSync(join(repo.dir, 'settings.ts'), 'utf8').split('\n');
    lines.splice(3, 0, fresh.line);
    repo.write('settings.ts', lines.join('\n'));
    repo.ok(['add', '.']);
    const findings = stagedJson(repo);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['settings.ts', 4]]);
    expect(findings[0]!.secret).toBe(`${fresh.secret.slice(0, 4)}…`);
    expect(commit(repo, ['-m', 'new secret']).code).not.toBe(0);
  });

  it('recognises a private key when only part of it is added', () => {
    const pem = rsaKeyPem().trimEnd().split('\n');
    const half = Math.floor(pem.length / 2);
    // The first half alone is not a complete key: nothing to report yet.
    repo.write('deploy/key.pem', `# deploy key\n${pem.slice(0, half).join('\n')}\n`);
    repo.ok(['add', '.']);
    expect(stagedJson(repo)).toEqual([]);
    expect(commit(repo, ['-m', 'half a key']).code).toBe(0);

    // Adding the rest completes it: the finding starts on line 2 (not an added line) and is still seen.
    repo.write('deploy/key.pem', `# deploy key\n${pem.join('\n')}\n`);
    repo.ok(['add', '.']);
    const findings = stagedJson(repo);
    expect(findings.map((f) => [f.file, f.line, f.endLine, f.ruleId])).toEqual([['deploy/key.pem', 2, pem.length + 1, 'private-key-rsa']]);
    const r = commit(repo, ['-m', 'rest of the key']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('deploy/key.pem:2');
    expect(r.out).not.toContain(pem[1]!);
  });

  it('handles renames: a moved old secret passes, a secret added while renaming is reported at its new path', () => {
    const old = secretLine();
    repo.write('old/name.ts', `${filler(20)}${old.line}\n`);
    repo.ok(['add', '.']);
    expect(commit(repo, ['--no-verify', '-m', 'legacy']).code).toBe(0);

    mkdirSync(join(repo.dir, 'new'));
    repo.ok(['mv', 'old/name.ts', 'new/name.ts']);
    expect(stagedJson(repo)).toEqual([]);
    expect(commit(repo, ['-m', 'pure rename']).code).toBe(0);

    const fresh = secretLine();
    repo.ok(['mv', 'new/name.ts', 'renamed again.ts']);
    const text = readFileSync(join(repo.dir, 'renamed again.ts'), 'utf8');
    repo.write('renamed again.ts', `${fresh.line}\n${text}`);
    repo.ok(['add', '-A']);
    expect(repo.ok(['diff', '--cached', '--name-status', '-M'])).toMatch(/^R\d+/);
    expect(stagedJson(repo).map((f) => [f.file, f.line])).toEqual([['renamed again.ts', 1]]);
    expect(commit(repo, ['-m', 'rename with a secret']).code).not.toBe(0);
  });

  it('handles copies: the copy is reported at its own path and line', () => {
    repo.write('a.ts', filler(30));
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'base']).code).toBe(0);

    // Modify the source (so git -C considers it) and copy it with a secret added at line 31.
    const fresh = secretLine();
    repo.write('a.ts', `${filler(30)}export const more = 1;\n`);
    repo.write('b.ts', `${filler(30)}${fresh.line}\n`);
    repo.ok(['add', '.']);
    expect(repo.ok(['diff', '--cached', '--name-status', '-C'])).toMatch(/^C\d+\ta\.ts\tb\.ts$/m);
    expect(stagedJson(repo).map((f) => [f.file, f.line])).toEqual([['b.ts', 31]]);
    expect(commit(repo, ['-m', 'copy with secret']).code).not.toBe(0);
  });

  it('lets deletions through, even of files holding secrets', () => {
    const old = secretLine();
    repo.write('leak.ts', `${old.line}\n`);
    repo.write('keep.ts', filler(2));
    repo.ok(['add', '.']);
    expect(commit(repo, ['--no-verify', '-m', 'leak']).code).toBe(0);
    repo.ok(['rm', '-q', 'leak.ts']);
    expect(stagedJson(repo)).toEqual([]);
    expect(commit(repo, ['-m', 'remove the leak']).code).toBe(0);
  });

  it('skips binary files but scans text that .gitattributes marks binary', () => {
    const { line, secret } = secretLine();
    repo.write('image.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), Buffer.from(`\n${line}\n`)]));
    repo.ok(['add', '.']);
    const r = keyward(['staged', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stats.skippedBinary).toBe(1);
    expect(commit(repo, ['-m', 'binary']).code).toBe(0);

    repo.write('.gitattributes', '*.dat binary\n');
    repo.write('data.dat', filler(3));
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'dat']).code).toBe(0);
    repo.write('data.dat', `${filler(3)}${line}\n`);
    repo.ok(['add', '.']);
    expect(stagedJson(repo).map((f) => [f.file, f.line])).toEqual([['data.dat', 4]]);
    const c = commit(repo, ['-m', 'dat secret']);
    expect(c.code).not.toBe(0);
    expect(c.out).not.toContain(secret);
  });

  it('scans UTF-16 files (a byte-order mark first) as text and blocks the commit', () => {
    const { line, secret } = secretLine();
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    repo.write('setup.ps1', utf16(`# setup\r\n${line}\r\n`));
    repo.ok(['add', '.']);
    expect(stagedJson(repo).map((f) => [f.file, f.line, f.secret.length > 0])).toEqual([['setup.ps1', 2, true]]);
    const c = commit(repo, ['-m', 'utf16']);
    expect(c.code).not.toBe(0);
    expect(c.out).not.toContain(secret);
  });

  it('skips submodules (another repository) and still scans the files next to them', () => {
    const sub = newRepo('keyward-sub-');
    try {
      const inner = secretLine();
      sub.write('inner.ts', `${inner.line}\n`);
      sub.ok(['add', '.']);
      sub.ok(['commit', '-q', '--no-verify', '-m', 'inner']);
      repo.ok(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub']);
      expect(repo.ok(['ls-files', '-s', 'vendor/sub'])).toMatch(/^160000 /);
      expect(stagedJson(repo)).toEqual([]);
      expect(commit(repo, ['-m', 'add submodule']).code).toBe(0);

      // Move the submodule to a new commit and add a secret beside it.
      sub.write('inner2.ts', 'export const x = 1;\n');
      sub.ok(['add', '.']);
      sub.ok(['commit', '-q', '-m', 'two']);
      repo.ok(['-C', 'vendor/sub', '-c', 'protocol.file.allow=always', 'pull', '-q', 'origin', 'main']);
      const outer = secretLine();
      repo.write('outer.ts', `${outer.line}\n`);
      repo.ok(['add', '.']);
      expect(stagedJson(repo).map((f) => f.file)).toEqual(['outer.ts']);
    } finally {
      sub.cleanup();
    }
  });

  it('handles file names with spaces, quotes, unicode and newlines', () => {
    const names = ['with space.ts', 'quote"and\'apostrophe.ts', 'ünïcødé/日本.ts', 'new\nline.ts'];
    for (const n of names) repo.write(n, `${filler(2)}${secretLine().line}\n`);
    repo.ok(['add', '.']);
    const findings = stagedJson(repo);
    expect(findings.map((f) => [f.file, f.line]).sort()).toEqual(names.map((n) => [n, 3]).sort());
    const r = commit(repo, ['-m', 'names']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('with space.ts:3');
    expect(r.stderr).toContain('ünïcødé/日本.ts:3');
    expect(r.stderr).toContain('new\\nline.ts:3'); // shown escaped, never as a raw newline
  });

  it('merges: lines taken from a branch pass, a secret added while resolving a conflict is blocked', () => {
    repo.write('conf.ts', filler(5));
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'base']).code).toBe(0);

    repo.ok(['checkout', '-q', '-b', 'feature']);
    const branchSecret = secretLine();
    repo.write('feature.ts', `${branchSecret.line}\n`);
    repo.write('conf.ts', filler(5).replace('= 3;', '= 30;'));
    repo.ok(['add', '.']);
    expect(commit(repo, ['--no-verify', '-m', 'feature (committed past the hook)']).code).toBe(0);

    repo.ok(['checkout', '-q', 'main']);
    repo.write('other.ts', filler(1));
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'main moves']).code).toBe(0);

    // A merge brings the branch's lines in unchanged: not new in the merge commit. (--no-commit:
    // git runs pre-commit when the merge is concluded with git commit.)
    const m = repo.git(['merge', '--no-ff', '--no-commit', 'feature']);
    expect(m.code, m.out).toBe(0);
    expect(stagedJson(repo)).toEqual([]);
    expect(keyward(['staged'], { cwd: repo.dir }).code).toBe(0);
    expect(commit(repo, ['--no-edit']).code).toBe(0);
    expect(repo.ok(['rev-list', '--parents', '-n', '1', 'HEAD']).trim().split(' ')).toHaveLength(3);

    // A conflicting merge resolved with a new secret: blocked at the merge commit.
    repo.ok(['checkout', '-q', '-b', 'feature2', 'HEAD~1']);
    repo.write('conf.ts', filler(5).replace('= 2;', '= 200;'));
    repo.ok(['commit', '-q', '-am', 'feature2']);
    repo.ok(['checkout', '-q', 'main']);
    repo.write('conf.ts', filler(5).replace('= 2;', '= 201;').replace('= 3;', '= 30;'));
    repo.ok(['commit', '-q', '-am', 'main edit']);
    expect(repo.git(['merge', 'feature2']).code).not.toBe(0); // conflict
    const resolution = secretLine();
    repo.write('conf.ts', filler(5).replace('= 2;', `= 202; ${resolution.line}`).replace('= 3;', '= 30;'));
    repo.ok(['add', 'conf.ts']);
    const findings = stagedJson(repo);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['conf.ts', 2]]);
    const r = commit(repo, ['--no-edit']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('conf.ts:2');
    expect(r.stderr).not.toContain('feature.ts');
  });

  it('git commit -a: blocks a secret in a tracked file that was never git-added', () => {
    repo.write('tracked.ts', filler(3));
    repo.ok(['add', '.']);
    expect(commit(repo, ['-m', 'base']).code).toBe(0);
    const { line } = secretLine();
    repo.write('tracked.ts', `${filler(3)}${line}\n`);
    expect(stagedJson(repo)).toEqual([]); // nothing staged yet
    const r = commit(repo, ['-a', '-m', 'commit -a']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('tracked.ts:4');
    // git commit <path> (a temporary index as well)
    const p = commit(repo, ['-m', 'only path', 'tracked.ts']);
    expect(p.code).not.toBe(0);
    expect(p.stderr).toContain('tracked.ts:4');
  });

  it('scans a very large staged file in bounded memory and reports the right line', () => {
    // ~20 MB: over cat-file's 16 MB inline limit and several 4 MB scan windows.
    const chunk = filler(1000);
    const repeats = Math.ceil((20 * 1024 * 1024) / chunk.length);
    const { line, secret } = secretLine();
    const lines = chunk.split('\n').length - 1;
    const big = `${chunk.repeat(repeats)}${line}\n`;
    writeFileSync(join(repo.dir, 'big.ts'), big);
    repo.ok(['add', 'big.ts']);
    const findings = stagedJson(repo);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['big.ts', lines * repeats + 1]]);
    const r = commit(repo, ['-m', 'big']);
    expect(r.code).not.toBe(0);
    expect(r.out).not.toContain(secret);
  });
});

describe('keyward staged: large binary next to text', () => {
  it('skips a binary file over the streaming threshold and still reads the next file correctly', () => {
    // 17 MB of binary (read as a chunk stream, abandoned after its first bytes), then a text file.
    const bin = Buffer.alloc(17 * 1024 * 1024, 0x41);
    bin[10] = 0;
    writeFileSync(join(repo.dir, 'a-big.bin'), bin);
    const { line } = secretLine();
    repo.write('b-after.ts', `${filler(2)}${line}\n`);
    repo.ok(['add', '.']);
    const r = keyward(['staged', '--format', 'json'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: JsonFinding[]; stats: { skippedBinary: number; files: number } };
    expect(doc.findings.map((f) => [f.file, f.line])).toEqual([['b-after.ts', 3]]);
    expect(doc.stats).toMatchObject({ skippedBinary: 1, files: 1 });
  });
});

describe('keyward staged options and failure modes', () => {
  it('limits the scan to the paths given (as lint-staged passes them, absolute)', () => {
    repo.write('a.ts', `${secretLine().line}\n`);
    repo.write('b.ts', `${secretLine().line}\n`);
    repo.ok(['add', '.']);
    expect(stagedJson(repo, [join(repo.dir, 'b.ts')]).map((f) => f.file)).toEqual(['b.ts']);
    expect(stagedJson(repo, ['a.ts']).map((f) => f.file)).toEqual(['a.ts']);
    expect(stagedJson(repo, [join(repo.dir, 'unstaged.ts')])).toEqual([]);
  });

  it('honours inline allow markers and config allow patterns', () => {
    repo.write('fp.ts', `${secretLine().line} // keyward:allow (test fixture)\n`);
    repo.write('fixtures/x.ts', `${secretLine().line}\n`);
    repo.write('keyward.toml', '[allow]\npaths = ["fixtures/**"]\n');
    repo.ok(['add', '.']);
    expect(stagedJson(repo)).toEqual([]);
    expect(commit(repo, ['-m', 'allowed']).code).toBe(0);
  });

  it('fails closed: a broken keyward.toml blocks the commit and says how to fix or bypass', () => {
    repo.write('keyward.toml', '[allow\npaths = 3\n');
    repo.write('a.ts', filler(2));
    repo.ok(['add', '.']);
    const direct = keyward(['staged'], { cwd: repo.dir });
    expect(direct.code).toBe(2);
    const r = commit(repo, ['-m', 'x']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('could not run, so the commit is blocked (fail closed)');
    expect(r.stderr).toContain('keyward.toml');
    expect(r.stderr).toContain('git commit --no-verify');
    expect(repo.git(['rev-parse', '-q', '--verify', 'HEAD']).code).not.toBe(0);
  });

  it('fails closed when keyward cannot be found', () => {
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, readFileSync(hook, 'utf8').replace(/^KEYWARD_INSTALLED_CLI=.*$/m, "KEYWARD_INSTALLED_CLI=''"));
    repo.write('a.ts', filler(2));
    repo.ok(['add', '.']);
    // Hide any keyward installed on this machine's PATH (npm link, a global install), keeping
    // git, node and sh even when they live in the same directory as keyward.
    const path = pathWithout('keyward', ['git', 'node', 'sh'], join(repo.dir, '.git', 'test-bin'));
    expect(which('keyward', path)).toBeUndefined();
    expect(which('git', path)).toBeDefined();
    const r = commit(repo, ['-m', 'x'], { PATH: path });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('keyward: not found');
    expect(r.stderr).toContain('git commit --no-verify');
  });

  it('outside a repository: a usage error, exit 2', () => {
    const r = keyward(['staged'], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not in a git work tree');
  });
});
