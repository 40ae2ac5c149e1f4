import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { randomFrom } from '../helpers/fake.js';
import { newRepo, type Repo } from '../hooks/helpers.js';

// keyward.toml defining rules itself (`[[rules]]`, or `[[rules.define]]` next to [rules]
// settings), and `rules test` / `rules lint` saying which filter drops an example.

const ALPHA = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A custom rule in the pack format: "<prefix>_" + 24 letters and digits. */
function rule(id: string, prefix: string, examples: string[], extra = ''): string {
  return [
    `id = "${id}"`,
    `title = "${id}"`,
    'provider = "Corp"',
    'kind = "api-token"',
    'risk = "high"',
    `regex = '''\\b(${prefix}_[A-Za-z0-9]{24})\\b'''`,
    `keywords = ["${prefix}_"]`,
    extra,
    `examples = [${examples.map((e) => `'''${e}'''`).join(', ')}]`,
    '',
  ].join('\n');
}

let repo: Repo;
beforeEach(() => {
  repo = newRepo('keyward-own-rules-');
});
afterEach(() => repo.cleanup());

describe('rules defined in keyward.toml', () => {
  it('[[rules]]: scan reports with the custom rule, and every run names keyward.toml (stderr in text, stats.config in JSON)', () => {
    const token = `corp_${randomFrom(ALPHA, 24)}`;
    repo.write('keyward.toml', `[[rules]]\n${rule('corp-deploy-token', 'corp', [`DEPLOY=${token}`])}`);
    repo.write('app.env', `X=${token}\n`);
    const text = keyward(['scan', 'app.env'], { cwd: repo.dir });
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toContain('[corp-deploy-token]');
    expect(text.stderr).toMatch(/^keyward: config: keyward\.toml; packs: built-in; \d+ rules active$/m);
    const json = keyward(['scan', 'app.env', '-f', 'json'], { cwd: repo.dir });
    const report = JSON.parse(json.stdout) as { findings: Array<{ ruleId: string; preview?: string }>; stats: { config: { files: string[]; packs: string[] } } };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['corp-deploy-token']);
    expect(report.findings[0]!.preview).toBe(`corp_${token.slice(5, 9)}…`);
    expect(report.stats.config.files).toEqual(['keyward.toml']);
    const test = keyward(['rules', 'test', '--rule', 'corp-deploy-token'], { cwd: repo.dir });
    expect(test.code, test.stdout).toBe(0);
    expect(test.stdout).toContain('1 rules, 1 examples and negatives: 1 passed, 0 failed');
    expect(test.stderr).toMatch(/^keyward: config: keyward\.toml; packs: built-in; \d+ rules checked$/m);
  });

  it('[[rules.define]] next to [rules] settings', () => {
    const token = `corp_${randomFrom(ALPHA, 24)}`;
    repo.write('keyward.toml', `[rules]\nbuiltin = false\n\n[[rules.define]]\n${rule('corp-deploy-token', 'corp', [`DEPLOY=${token}`])}`);
    repo.write('app.env', `X=${token}\n`);
    const r = keyward(['scan', 'app.env', '-f', 'json'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }>; stats: { config: { rulesActive: number; packs: string[] } } };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['corp-deploy-token']);
    expect(report.stats.config).toMatchObject({ rulesActive: 1, packs: [] });
  });
});

describe('an example that is not reported says which filter dropped it', () => {
  const body = randomFrom(ALPHA, 24);
  const cases: Array<[string, string, string, RegExp]> = [
    ['entropy', `A=ent_${'ab'.repeat(6)}${'cd'.repeat(6)}`, 'entropy = 3.5', /entropy filter: the value has \d\.\d\d bits per byte, under the rule's 3\.5/],
    ['placeholder', `A=plc_${body.slice(0, 17)}example`, '', /placeholder filter: the value holds "example"/],
    ['sequential', 'A=seq_abcdefghijklmnopqrstuvwx', '', /sequential-run filter/],
    ['allow', `A=alw_TEST${body.slice(0, 20)}`, "allow = ['''^alw_TEST''']", /allow pattern: the rule's allow pattern \/\^alw_TEST\/ matches the value/],
    ['stopword', `A=stw_${body.slice(0, 12)}sandbox${body.slice(0, 5)}`, 'stopwords = ["sandbox"]', /stopword filter: the value holds the rule's stopword "sandbox"/],
    ['keyword', `A=${body}`, '', /keyword filter: none of the rule's keywords \(kwd_\) occurs/],
    ['regex', `A=rgx_${body.slice(0, 10)}`, '', /the regex does not match/],
  ];
  const prefixes: Record<string, string> = { entropy: 'ent', placeholder: 'plc', sequential: 'seq', allow: 'alw', stopword: 'stw', keyword: 'kwd', regex: 'rgx' };

  it('in rules test and rules lint; a scan stops with exit 2 naming file, rule, example and filter', () => {
    // Only these rules (builtin = false): rules test and rules lint stay quick.
    const toml = `[rules]\nbuiltin = false\n\n${cases.map(([name, example, extra]) => `[[rules.define]]\n${rule(`corp-${name}`, prefixes[name]!, [example], extra)}`).join('\n')}`;
    repo.write('keyward.toml', toml);
    const test = keyward(['rules', 'test'], { cwd: repo.dir });
    expect(test.code).toBe(1);
    for (const [name, , , why] of cases) {
      const line = test.stdout.split('\n').find((l) => l.includes(`[corp-${name}] example 1: not reported (`));
      expect(line, `${name}:\n${test.stdout}`).toMatch(why);
    }
    const lint = keyward(['rules', 'lint'], { cwd: repo.dir });
    expect(lint.code).toBe(1);
    expect(lint.stderr).toContain(`keyward: config: keyward.toml; packs: none; ${cases.length} rules checked`);
    for (const [name, , , why] of cases) {
      const line = lint.stdout.split('\n').find((l) => l.includes(`[corp-${name}] example-not-reported: example 1 is not reported (`));
      expect(line, `${name}:\n${lint.stdout}`).toMatch(why);
    }
    const scan = keyward(['scan', '.'], { cwd: repo.dir });
    expect(scan.code).toBe(2);
    expect(scan.stderr.trim().split('\n')).toHaveLength(1);
    expect(scan.stderr).toMatch(/keyward: rule error: .*keyward\.toml \[rule corp-entropy\]: example 1 not reported \(entropy filter/);
  });
});

describe('an example lost to an overlapping rule', () => {
  it('is explained and the scan ends (explainMiss once looped forever on a repository keyward.toml with two rules of one regex)', () => {
    const generic = (id: string) => rule(id, 'ovl', [`A=ovl_${randomFrom(ALPHA, 24)}`]).replace('kind = "api-token"', 'kind = "generic"');
    repo.write('keyward.toml', `[rules]\nbuiltin = false\n\n[[rules.define]]\n${generic('corp-ovl-a')}\n[[rules.define]]\n${generic('corp-ovl-b')}`);
    const scan = keyward(['scan', '.'], { cwd: repo.dir });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(/\[rule corp-ovl-b\]: example 1 not reported \(overlap: corp-ovl-a reports the same value and takes precedence\)/);
  });
});
