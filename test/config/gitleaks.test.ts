import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { randomAlnum, tempDir } from '../helpers/fake.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  mkdirSync(join(dir, '.git')); // a repository root: config discovery stops here
});
afterEach(() => cleanup());

const scanJson = (args: string[] = []) => {
  const r = keyward(['scan', '.', '--format', 'json', ...args], { cwd: dir });
  return { ...r, findings: r.stdout ? (JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; risk: string }>) : [] };
};
const corp = () => `corp_${randomAlnum(30)}`;

// Written in gitleaks' documented config format (rules, allowlists, extend).
const CONFIG = `
title = "corp gitleaks config"

[extend]
useDefault = false

[[rules]]
id = "corp-internal-token"
description = "Corp internal service token"
regex = '''\\b(corp_[A-Za-z0-9]{30})\\b'''
secretGroup = 1
entropy = 3.0
keywords = ["corp_"]
tags = ["high", "internal"]

  [[rules.allowlists]]
  description = "test fixtures"
  paths = ['''(^|/)fixtures/''']

  [[rules.allowlists]]
  condition = "AND"
  regexTarget = "line"
  regexes = ['''example-only''']
  stopwords = ["corp_"]

[[rules]]
id = "corp-db-url"
description = "Corp database URL"
regex = '''corpdb://[a-z]+:([A-Za-z0-9]{16,})@'''
keywords = ["corpdb://"]
path = '''\\.(ya?ml|env)$'''

[allowlist]
description = "global"
regexTarget = "match"
regexes = ['''corp_TESTTESTTEST''']

[[allowlists]]
targetRules = ["corp-db-url"]
stopwords = ["localdev"]
`;

describe('gitleaks configs, unchanged', () => {
  it('runs its rules with secretGroup, tags, path and every allowlist kind', () => {
    writeFileSync(join(dir, '.gitleaks.toml'), CONFIG);
    const a = corp();
    writeFileSync(join(dir, 'app.js'), `const t = "${a}";\n`);
    mkdirSync(join(dir, 'fixtures'));
    writeFileSync(join(dir, 'fixtures', 'x.js'), `const t = "${corp()}";\n`);
    writeFileSync(join(dir, 'doc.md'), `use ${corp()} example-only\n`);
    writeFileSync(join(dir, 'test.js'), `const t = "corp_TESTTESTTEST${randomAlnum(18)}";\n`);
    const pw = randomAlnum(20);
    writeFileSync(join(dir, 'db.env'), `URL=corpdb://app:${pw}@db\nDEV=corpdb://app:localdev${randomAlnum(12)}@db\n`);
    writeFileSync(join(dir, 'db.txt'), `URL=corpdb://app:${randomAlnum(20)}@db\n`); // path regex excludes .txt
    const r = scanJson();
    expect(r.stderr).toBe('');
    expect(r.findings.map((f) => `${f.ruleId}:${f.file}`).sort()).toEqual(['corp-db-url:db.env', 'corp-internal-token:app.js']);
    expect(r.findings.find((f) => f.ruleId === 'corp-internal-token')!.risk).toBe('high');
  });

  it('useDefault brings in the built-in pack and disabledRules removes rules', () => {
    const secretLine = `const API_KEY = "q${randomAlnum(10)}7Z${randomAlnum(10)}";\n`;
    writeFileSync(join(dir, 'a.js'), secretLine);
    writeFileSync(join(dir, '.gitleaks.toml'), '[extend]\nuseDefault = true\n');
    expect(scanJson().findings.map((f) => f.ruleId)).toEqual(['generic-secret-assignment']);
    writeFileSync(join(dir, '.gitleaks.toml'), '[extend]\nuseDefault = true\ndisabledRules = ["generic-secret-assignment"]\n');
    expect(scanJson().findings).toEqual([]);
    // No rules at all is not a clean scan: it is a config error (exit 2), never "no secrets found".
    writeFileSync(join(dir, '.gitleaks.toml'), '[extend]\nuseDefault = false\n');
    const none = scanJson();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/\.gitleaks\.toml: no rules are active/);
  });

  it('reports by name what it cannot honour', () => {
    writeFileSync(join(dir, 'gl.toml'), `
[[rules]]
id = "p12-file"
description = "PKCS12 file"
path = '''\\.p12$'''

[allowlist]
commits = ["0123abcd"]
`);
    const r = keyward(['scan', '.', '--config', 'gl.toml'], { cwd: dir });
    // gl.toml is not named like a gitleaks file: it is read as keyward.toml and rejected clearly.
    expect(r.code).toBe(2);
    writeFileSync(join(dir, 'corp.gitleaks.toml'), `
[extend]
useDefault = true

[[rules]]
id = "p12-file"
description = "PKCS12 file"
path = '''\\.p12$'''

[allowlist]
commits = ["0123abcd"]
`);
    const ok = keyward(['scan', '.', '--config', 'corp.gitleaks.toml'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/commits \(commit allowlists\) is not supported/);
    // A rule with a path and no regex is honoured: every file at that path is reported.
    expect(ok.stderr).not.toMatch(/p12-file/);
    writeFileSync(join(dir, 'client.p12'), Buffer.from([0x30, 0x82, 0, 1, 2, 3]));
    const found = keyward(['scan', '.', '--config', 'corp.gitleaks.toml', '--format', 'json'], { cwd: dir });
    expect(found.code).toBe(1);
    expect((JSON.parse(found.stdout) as { findings: Array<{ ruleId: string; line: number }> }).findings).toContainEqual(expect.objectContaining({ ruleId: 'p12-file', line: 1 }));
    rmSync(join(dir, 'client.p12'));
  });

  it('rejects an invalid regex naming the rule', () => {
    writeFileSync(join(dir, '.gitleaks.toml'), `[[rules]]\nid = "bad"\nregex = '''(unclosed'''\n`);
    const r = keyward(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.gitleaks\.toml: rule "bad" regex: invalid RE2 regex/);
  });
});
