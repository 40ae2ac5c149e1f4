import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { newRepo, preReceiveServer, secretLine, type Repo } from '../hooks/helpers.js';

// Config mistakes are exit 2 naming file and field, in every command; zero active rules never
// passes as "no secrets found" (issue 16, points 2 and 7).

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-config-errors-');
  repo.write('app.js', 'export const x = 1;\n');
  repo.ok(['add', '.']);
  repo.ok(['commit', '-q', '-m', 'init']);
});
afterEach(() => repo.cleanup());

const ZERO = '0000000000000000000000000000000000000000';

/** Every command that loads the project config, run in the repository with `config` staged and committed. */
function everyCommand(): Array<[string, ReturnType<typeof keyward>]> {
  const cwd = repo.dir;
  const head = repo.ok(['rev-parse', 'HEAD']).trim();
  return [
    ['scan', keyward(['scan', '.'], { cwd })],
    ['staged', keyward(['staged'], { cwd })],
    ['history', keyward(['history', '--no-progress'], { cwd })],
    ['pre-push', keyward(['pre-push', 'origin', 'x'], { cwd, input: `refs/heads/main ${head} refs/heads/main ${ZERO}\n` })],
    ['scan -f json', keyward(['scan', '.', '-f', 'json'], { cwd })],
  ];
}

describe('a bad regex in the config', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['[allow] regexes', 'keyward.toml', '[allow]\nregexes = ["ok", "(bad"]\n', /keyward\.toml: allow\.regexes\[1\]: invalid RE2 regex "\(bad"/],
    ['[rules.override.X] allow', 'keyward.toml', '[rules.override.github-pat-classic]\nallow = ["(bad"]\n', /keyward\.toml: rules\.override\.github-pat-classic\.allow\[0\]: invalid RE2 regex/],
    ['.gitleaks.toml [allowlist] regexes', '.gitleaks.toml', '[extend]\nuseDefault = true\n[allowlist]\nregexes = ["(bad"]\n', /\.gitleaks\.toml: allowlist\.regexes\[0\]: invalid RE2 regex/],
    ['.gitleaks.toml rule allowlist paths', '.gitleaks.toml', '[[rules]]\nid = "corp"\nregex = "corp_[a-z]{8}"\n[rules.allowlist]\npaths = ["[bad"]\n', /\.gitleaks\.toml: rule "corp" allowlist\.paths\[0\]: invalid RE2 regex/],
    ['.gitleaks.toml custom rule', '.gitleaks.toml', '[[rules]]\nid = "corp"\nregex = "corp_(bad"\n', /\.gitleaks\.toml: rule "corp" regex: invalid RE2 regex/],
  ];
  for (const [name, file, text, message] of cases) {
    it(`${name}: exit 2 naming file and field in scan, staged, history and pre-push`, () => {
      repo.write(file, text);
      repo.ok(['add', '.']);
      for (const [cmd, r] of everyCommand()) {
        expect(r.code, `${cmd}: ${r.stderr}`).toBe(2);
        expect(r.stderr, cmd).toMatch(message);
        expect(r.stderr, cmd).not.toMatch(/internal error|reinstall/);
      }
    });
  }

  it('rules lint and rules test report it (exit 2, file and field)', () => {
    repo.write('keyward.toml', '[rules.override.github-pat-classic]\nallow = ["(bad"]\n');
    for (const sub of ['lint', 'test']) {
      const r = keyward(['rules', sub], { cwd: repo.dir });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/rules\.override\.github-pat-classic\.allow\[0\]: invalid RE2 regex/);
    }
  });
});

describe('zero active rules', () => {
  const configs: Array<[string, string, string]> = [
    ['a .gitleaks.toml with only an [allowlist]', '.gitleaks.toml', '[allowlist]\npaths = ["vendor/"]\n'],
    ['an empty .gitleaks.toml', '.gitleaks.toml', ''],
    ['builtin = false and no pack', 'keyward.toml', '[rules]\nbuiltin = false\n'],
  ];
  for (const [name, file, text] of configs) {
    it(`${name}: no command says "no secrets found"; every one exits 2`, () => {
      const { line } = secretLine();
      repo.write('leak.js', `${line}\n`);
      repo.write(file, text);
      repo.ok(['add', '.']);
      repo.ok(['commit', '-q', '--no-verify', '-m', 'leak']);
      repo.write('leak2.js', `${line}\n`);
      repo.ok(['add', '.']);
      for (const [cmd, r] of everyCommand()) {
        expect(r.code, `${cmd}: ${r.stdout}${r.stderr}`).toBe(2);
        expect(r.stderr, cmd).toContain('no rules are active');
        expect(r.stdout + r.stderr, cmd).not.toMatch(/no secrets found/);
      }
    });
  }
});

describe('which config ran', () => {
  it('JSON and SARIF carry stats.config; text reports say it in one line on stderr', () => {
    repo.write('keyward.toml', '[rules]\ndisable = ["generic-password-assignment"]\n');
    const json = keyward(['scan', '.', '-f', 'json'], { cwd: repo.dir });
    expect(json.code, json.stderr).toBe(0);
    const config = JSON.parse(json.stdout).stats.config;
    expect(config.files).toEqual(['keyward.toml']);
    expect(config.packs).toEqual(['built-in']);
    expect(config.rulesActive).toBeGreaterThan(100);
    const sarif = JSON.parse(keyward(['scan', '.', '-f', 'sarif'], { cwd: repo.dir }).stdout);
    expect(sarif.runs[0].properties.stats.config).toEqual(config);
    const text = keyward(['scan', '.'], { cwd: repo.dir });
    expect(text.stderr).toBe(`keyward: config: keyward.toml; packs: built-in; ${config.rulesActive} rules active\n`);
    const hist = keyward(['history', '--no-progress', '-f', 'json'], { cwd: repo.dir });
    expect(JSON.parse(hist.stdout).stats.config).toEqual(config);
  });
});

describe('command-line mistakes', () => {
  it('scan of a path that does not exist is a usage error (2), not an incomplete scan (3)', () => {
    const r = keyward(['scan', join(repo.dir, 'no-such-dir')], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`keyward: path does not exist: ${join(repo.dir, 'no-such-dir')}\n`);
  });

  it('--workers above the core count is capped, with a note', () => {
    const cores = availableParallelism();
    for (const cmd of [['scan', '.'], ['history', '--no-progress']]) {
      const r = keyward([...cmd, '-w', '4096', '-f', 'json'], { cwd: repo.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`keyward: note: --workers 4096 is more than the ${cores} cores here; using ${cores}\n`);
      expect(JSON.parse(r.stdout).stats.workers).toBeLessThanOrEqual(cores);
    }
  });
});

describe('pre-receive with a broken server config', () => {
  let tmp: { dir: string; cleanup: () => void };
  let server: string;
  let dev: Repo;
  beforeEach(() => {
    tmp = tempDir('keyward-config-receive-');
    ({ server, dev } = preReceiveServer(tmp.dir));
  });
  afterEach(() => tmp.cleanup());

  it('a TOML syntax error rejects the push (2), but a bypass reason lets it through, logged error-bypassed', () => {
    writeFileSync(join(server, 'keyward.toml'), '[hooks\ntimeout = "20s"\n');
    const rejected = dev.git(['push', 'origin', 'main']);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toMatch(/keyward\.toml: TOML syntax error/);
    const r = dev.git(['push', '-o', 'keyward-bypass=config being fixed', 'origin', 'main']);
    expect(r.code, r.out).toBe(0);
    expect(r.stderr).toContain('push accepted with keyward-bypass (logged)');
    const log = join(server, 'keyward', 'audit.jsonl'); // bypasses go to the server's audit log (docs/audit.md)
    expect(existsSync(log)).toBe(true);
    const entry = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').pop()!);
    expect(entry.action).toBe('hook-error-bypassed');
    expect(entry.detail.reason).toBe('config being fixed');
    expect(entry.detail.note).toMatch(/TOML syntax error/);
  });

  it('a bad regex or zero active rules rejects the push with the reason', () => {
    for (const [text, message] of [
      ['[allow]\nregexes = ["(bad"]\n', /allow\.regexes\[0\]: invalid RE2 regex/],
      ['[rules]\nbuiltin = false\n', /no rules are active/],
    ] as const) {
      writeFileSync(join(server, 'keyward.toml'), text);
      const r = dev.git(['push', 'origin', 'main']);
      expect(r.code, r.out).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});
