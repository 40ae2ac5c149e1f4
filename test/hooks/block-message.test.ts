import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keywardAsync } from '../helpers/cli.js';
import { checksummedToken, randomFrom, randomToken, tempDir } from '../helpers/fake.js';
import { newRepo, rsaKeyPem, secretLine, type Repo } from './helpers.js';


const githubToken = (): string => checksummedToken('ghp_');

/** Every run of 5 characters of `s`: none may appear in what keyward prints. */
const fives = (s: string): string[] => Array.from({ length: Math.max(0, s.length - 4) }, (_, i) => s.slice(i, i + 5));

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-message-');
});
afterEach(() => repo.cleanup());

describe('the block message', () => {
  it('gives file:line:column, the rule, and a preview that helps without revealing more than 4 secret characters', async () => {
    const gh = githubToken();
    const aws = `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const dbPass = randomToken(20);
    const pem = rsaKeyPem();
    repo.write('deploy.env', `GH_TOKEN=${gh}\nAWS_ACCESS_KEY_ID=${aws}\nDATABASE_URL=postgres://app:${dbPass}@db.internal.example.com:5432/app\n`);
    repo.write('keys/id_rsa', pem);
    repo.ok(['add', '.']);
    const r = await keywardAsync(['staged'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    const out = r.stderr;
    expect(out).toContain('deploy.env:1:10');
    expect(out).toMatch(/rule github-pat-classic, \w+ risk\): ghp_[A-Za-z0-9]{4}…/);
    expect(out).toContain(`ghp_${gh.slice(4, 8)}…`);
    expect(out).toContain('deploy.env:2:19');
    expect(out).toContain(`AKIA${aws.slice(4, 8)}…`);
    expect(out).toMatch(/deploy\.env:3:\d+/);
    expect(out).toContain('postgres://***@db.internal.example.com');
    expect(out).toMatch(/keys\/id_rsa:1:1\n.*rule private-key-rsa.*: RSA PRIVATE KEY \(PEM block\)/);
    for (const body of [gh.slice(4), aws.slice(4), dbPass, pem.split('\n')[1]!]) {
      for (const five of fives(body)) expect(out).not.toContain(five);
    }
  });

  it('names a commit by its author, as name and e-mail (pre-push)', async () => {
    const dir = tempDir('keyward-message-remote-');
    try {
      const remote = join(dir.dir, 'remote.git');
      repo.ok(['init', '-q', '--bare', remote]);
      repo.ok(['remote', 'add', 'origin', remote]);
      repo.write('README', 'app\n');
      repo.ok(['add', '.']);
      repo.ok(['commit', '-q', '-m', 'init']);
      repo.ok(['push', '-q', 'origin', 'main']);
      const { line, secret } = secretLine();
      repo.write('src/app.ts', `${line}\n`);
      repo.ok(['add', '.']);
      repo.ok(['commit', '-q', '-m', 'key', '--author', 'Ada Lovelace <ada@example.com>']);
      const sha = repo.ok(['rev-parse', 'HEAD']).trim();
      const input = `refs/heads/main ${sha} refs/heads/main ${repo.ok(['rev-parse', 'origin/main']).trim()}\n`;
      const r = await keywardAsync(['pre-push', 'origin', remote], { cwd: repo.dir, input });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`src/app.ts:1:${line.indexOf(secret) + 1} in commit ${sha.slice(0, 12)} by Ada Lovelace <ada@example.com>`);
    } finally {
      dir.cleanup();
    }
  });
});

describe('fail closed: the fix names the file at fault', () => {
  const cases: Array<[string, string, string]> = [
    ['.keywardignore', 'not json\n', '.keywardignore'],
    ['.keyward-baseline.json', '{"version":1,"entries":[{"fingerprint":"x"}]}\n', '.keyward-baseline.json'],
    ['.gitleaksignore', 'nonsense\n', '.gitleaksignore'],
    ['keyward.toml', '[rules]\nbuiltin = 3\n', 'keyward.toml'],
    // A rule keyward.toml defines itself whose example is dropped (a rule error, not a config error).
    [
      'keyward.toml',
      ['[[rules]]', 'id = "corp"', 'title = "corp"', 'provider = "Corp"', 'kind = "api-token"', 'risk = "high"', "regex = '''\\b(corp_[a-z]{24})\\b'''", 'keywords = ["corp_"]', "examples = ['''A=corp_abcdefghijklmnopqrstuvwx''']", ''].join('\n'),
      'keyward.toml',
    ],
  ];
  for (const [file, content, named] of cases) {
    it(`an error in ${file}${content.startsWith('[[rules]]') ? ' (a rule it defines)' : ''}`, async () => {
      repo.write(file, content);
      repo.write('a.txt', 'hello\n');
      repo.ok(['add', 'a.txt']);
      const r = await keywardAsync(['staged'], { cwd: repo.dir });
      expect(r.code).toBe(2);
      const fix = r.stderr.split('\n').find((l) => l.startsWith('  Fix: '));
      expect(fix).toMatch(new RegExp(`^  Fix: correct \\S*${named.replace(/\./g, '\\.')} `));
      if (file !== 'keyward.toml') expect(fix).not.toContain('keyward.toml');
    });
  }
});
