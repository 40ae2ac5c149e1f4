import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { randomFrom, tempDir } from '../helpers/fake.js';
import { gitOk, repoAt, serverAndClone, type Repo } from '../hooks/helpers.js';

// A change that weakens keyward's own config is named in the hook and history output; it does
// not block by itself (issue 16, point 2).

let tmp: { dir: string; cleanup: () => void };
let repo: Repo;
let server: string;
beforeEach(() => {
  tmp = tempDir('keyward-config-change-');
  ({ server, work: repo } = serverAndClone(tmp.dir, { 'app.js': 'export const x = 1;\n' }));
});
afterEach(() => tmp.cleanup());

const staged = () => keyward(['staged'], { cwd: repo.dir });
const commit = (msg: string): string => {
  repo.ok(['add', '-A']);
  repo.ok(['commit', '-q', '--no-verify', '-m', msg]);
  return repo.ok(['rev-parse', 'HEAD']).trim();
};

/** A one-rule pack with an example made now (corp_ + 32 lower-case letters and digits). */
function pack(ids: string[]): string {
  return ids
    .map(
      (id) => `[[rules]]
id = "${id}"
title = "Corp token ${id}"
provider = "Corp"
kind = "api-token"
risk = "high"
regex = '''\\b(${id.replace(/-/g, '_')}_[a-z0-9]{32})\\b'''
keywords = ["${id.replace(/-/g, '_')}_"]
examples = ['''token = ${id.replace(/-/g, '_')}_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 32)}''']
`,
    )
    .join('\n');
}

describe('staged', () => {
  it('names what a staged keyward.toml takes away, and does not block because of it', () => {
    repo.write('keyward.toml', '[rules]\ndisable = ["github-pat-classic", "npm-access-token"]\n[allow]\npaths = ["test/**"]\nstopwords = ["sandbox"]\n');
    repo.ok(['add', 'keyward.toml']);
    const r = staged();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^keyward: warning: this change to keyward\.toml disables 2 rules \(github-pat-classic, npm-access-token\) and allows 1 path \("test\/\*\*"\), 1 stopword; \d+ rules stay active\n$/,
    );
    const json = keyward(['staged', '-f', 'json'], { cwd: repo.dir });
    expect(JSON.parse(json.stdout).warnings).toEqual([expect.stringContaining('this change to keyward.toml disables 2 rules')]);
  });

  it('names a keyward.toml that turns decoding off (encoded secrets would go unsearched)', () => {
    repo.write('keyward.toml', '[scan]\ndecode = false\n');
    repo.ok(['add', 'keyward.toml']);
    const r = staged();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^keyward: warning: this change to keyward\.toml turns off decoding \(base64, hex and escaped secrets go unsearched\); \d+ rules stay active\n$/);
    repo.write('keyward.toml', '[scan]\ndecode = true\n');
    repo.ok(['add', 'keyward.toml']);
    expect(staged().stderr).toBe(''); // decoding stays on: nothing is taken away
  });

  it('names entries added to the baseline and ignore files (accepted findings), in staged, pre-push and history', () => {
    const fp = () => randomFrom('0123456789abcdef', 32);
    repo.write('.keywardignore', `${JSON.stringify({ fingerprint: fp(), reason: 'fixture', who: 'Dev <dev@keyward.test>', when: '2026-12-06' })}\n`);
    repo.write('.gitleaksignore', `a.js:generic-api-key:3\nb.js:generic-api-key:9\n`);
    repo.ok(['add', '-A']);
    const r = staged();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('this change adds 1 entry to .keywardignore and 2 entries to .gitleaksignore (findings accepted, not reported)');
    commit('accept');
    const push = keyward(['pre-push', 'origin', server], { cwd: repo.dir, input: `refs/heads/main ${repo.ok(['rev-parse', 'HEAD']).trim()} refs/heads/main ${repo.ok(['rev-parse', 'origin/main']).trim()}\n` });
    expect(push.stderr).toContain('adds 1 entry to .keywardignore and 2 entries to .gitleaksignore');
    const h = keyward(['history', '--full', '-f', 'json'], { cwd: repo.dir });
    expect(JSON.parse(h.stdout).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^commit [0-9a-f]{12}: this change adds 1 entry to \.keywardignore and 2 entries to \.gitleaksignore/)]));
    // Removing entries accepts less: not named.
    repo.write('.gitleaksignore', 'a.js:generic-api-key:3\n');
    repo.ok(['add', '-A']);
    expect(staged().stderr).toBe('');
  });

  it('compares the index with HEAD: a later, harmless edit still names the earlier committed change only once', () => {
    repo.write('keyward.toml', '[rules]\ndisable = ["github-pat-classic"]\n');
    commit('weaken');
    expect(staged().stderr).toBe(''); // nothing staged changes the config
    repo.write('keyward.toml', '[rules]\ndisable = ["github-pat-classic"]\n[rules.override.npm-access-token]\nrisk = "critical"\n');
    repo.ok(['add', 'keyward.toml']);
    const r = staged();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // raising a risk weakens nothing
    repo.write('keyward.toml', '');
    repo.ok(['add', 'keyward.toml']);
    expect(staged().stderr).toBe(''); // re-enabling a rule weakens nothing either
  });

  it('a rule pack the config uses: removing a rule from it is named with the pack file', () => {
    repo.write('keyward.toml', '[rules]\npacks = ["security"]\n[allow]\npaths = ["security/**"]  # the examples\n');
    repo.write('security/corp.toml', pack(['corp-alpha', 'corp-beta']));
    commit('packs');
    repo.write('security/corp.toml', pack(['corp-alpha']));
    repo.ok(['add', '.']);
    const r = staged();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/this change to security\/corp\.toml disables 1 rule \(corp-beta\)/);
  });

  it('a pack outside the repository is read where it is, on both sides', () => {
    repo.write('../shared-packs/corp.toml', pack(['corp-alpha', 'corp-beta']));
    repo.write('keyward.toml', '[rules]\npacks = ["../shared-packs"]\n');
    commit('shared packs');
    expect(staged().stderr).toBe('');
    repo.write('keyward.toml', '[rules]\npacks = ["../shared-packs"]\ndisable = ["corp-beta"]\n');
    repo.ok(['add', '.']);
    const r = staged();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^keyward: warning: this change to keyward\.toml disables 1 rule \(corp-beta\); \d+ rules stay active\n$/);
  });

  it('a .gitleaks.toml allowlist added to a config that extends the defaults', () => {
    repo.write('.gitleaks.toml', '[extend]\nuseDefault = true\n');
    commit('gitleaks');
    repo.write('.gitleaks.toml', '[extend]\nuseDefault = true\n[allowlist]\nregexes = ["^test"]\n');
    repo.ok(['add', '.']);
    expect(staged().stderr).toMatch(/this change to \.gitleaks\.toml allows 1 allowlist/);
  });

  it('the first commit is compared with the defaults', () => {
    const fresh = repoAt(join(tmp.dir, 'fresh'));
    gitOk(tmp.dir, ['init', '-q', '-b', 'main', 'fresh']);
    fresh.write('keyward.toml', '[allow]\nregexes = ["^x"]\n');
    fresh.ok(['add', '.']);
    const r = keyward(['staged'], { cwd: fresh.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/this change to keyward\.toml allows 1 regex/);
  });
});

describe('pre-push and history', () => {
  it('pre-push names the pushed ref and the change; history names the commit', () => {
    repo.write('keyward.toml', '[rules]\ndisable = ["github-pat-classic"]\n[allow]\npaths = ["fixtures/**"]\n');
    const sha = commit('relax keyward');
    repo.write('b.js', 'export const y = 2;\n');
    commit('more');
    const head = repo.ok(['rev-parse', 'HEAD']).trim();
    const old = repo.ok(['rev-parse', 'origin/main']).trim();
    const push = keyward(['pre-push', 'origin', server], { cwd: repo.dir, input: `refs/heads/main ${head} refs/heads/main ${old}\n` });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toMatch(/keyward: warning: refs\/heads\/main: this change to keyward\.toml disables 1 rule \(github-pat-classic\) and allows 1 path \("fixtures\/\*\*"\)/);

    // A new branch (the remote has no old tip): compared with where its new commits start.
    const branch = keyward(['pre-push', 'origin', server], { cwd: repo.dir, input: `refs/heads/topic ${head} refs/heads/topic ${'0'.repeat(40)}\n` });
    expect(branch.stderr).toMatch(/refs\/heads\/topic: this change to keyward\.toml disables 1 rule/);

    const hist = keyward(['history', '--no-progress', '-f', 'json'], { cwd: repo.dir });
    expect(hist.code, hist.stderr).toBe(0);
    expect(JSON.parse(hist.stdout).warnings).toEqual([expect.stringMatching(new RegExp(`^commit ${sha.slice(0, 12)}: this change to keyward\\.toml disables 1 rule`))]);
    expect(hist.stderr).toContain(`keyward: warning: commit ${sha.slice(0, 12)}: this change to keyward.toml`);
  });

  it('a config that no longer loads at a commit is named too', () => {
    repo.write('keyward.toml', '[rules]\ndisable = ["no-such-rule"]\n');
    const sha = commit('broken');
    repo.write('keyward.toml', '');
    commit('fixed');
    const hist = keyward(['history', '--no-progress', '-f', 'json'], { cwd: repo.dir });
    expect(hist.code, hist.stderr).toBe(0);
    expect(JSON.parse(hist.stdout).warnings).toEqual([expect.stringMatching(new RegExp(`^commit ${sha.slice(0, 12)}: this change to keyward\\.toml leaves a config that does not load \\(.*no-such-rule`))]);
  });
});
