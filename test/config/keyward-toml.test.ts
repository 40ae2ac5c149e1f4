import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyward } from '../helpers/cli.js';
import { fakeGenericSecret, randomAlnum, tempDir } from '../helpers/fake.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'security'));
  // A team's own pack: "acme_" tokens.
  writeFileSync(join(dir, 'security', 'acme.toml'), `
[[rules]]
id = "acme-token"
title = "ACME deploy token"
provider = "ACME"
kind = "api-token"
risk = "medium"
regex = '''\\b(acme_[A-Za-z0-9]{24})\\b'''
keywords = ["acme_"]
entropy = 3.0
examples = ["deploy = acme_${randomAlnum(24)}"]
negatives = ["acme_short"]
`);
});
afterEach(() => cleanup());

const findings = (args: string[] = []) => {
  const r = keyward(['scan', '.', '--format', 'json', ...args], { cwd: dir });
  if (r.code === 2) throw new Error(r.stderr);
  return JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; risk: string }>;
};
// The team's pack holds format-valid examples: allowed by path, as keyward's own repo does it.
const config = (toml: string) =>
  writeFileSync(join(dir, 'keyward.toml'), toml.includes('[allow]') ? toml.replace('[allow]\npaths = ["fixtures/**"]', '[allow]\npaths = ["fixtures/**", "security/**"]') : `${toml}\n[allow]\npaths = ["security/**"]\n`);

describe('keyward.toml', () => {
  it('adds packs, overrides risk, disables rules and can drop the built-in pack', () => {
    writeFileSync(join(dir, 'a.js'), `const token = "acme_${randomAlnum(24)}";\nconst API_KEY = "${fakeGenericSecret()}";\n`);
    config('[rules]\npacks = ["security"]\n');
    expect(findings().map((f) => f.ruleId).sort()).toEqual(['acme-token', 'generic-secret-assignment']);
    config('[rules]\npacks = ["security"]\n[rules.override.acme-token]\nrisk = "critical"\n');
    expect(findings().find((f) => f.ruleId === 'acme-token')!.risk).toBe('critical');
    config('[rules]\npacks = ["security"]\ndisable = ["generic-secret-assignment"]\n');
    expect(findings().map((f) => f.ruleId)).toEqual(['acme-token']);
    config('[rules]\nbuiltin = false\npacks = ["security"]\n');
    expect(findings().map((f) => f.ruleId)).toEqual(['acme-token']);
  });

  it('raises a rule entropy threshold per rule', () => {
    writeFileSync(join(dir, 'a.js'), `x = acme_${'ab'.repeat(6)}${randomAlnum(12)}\n`);
    config('[rules]\npacks = ["security"]\nbuiltin = false\n');
    expect(findings()).toHaveLength(1);
    config('[rules]\npacks = ["security"]\nbuiltin = false\n[rules.override.acme-token]\nentropy = 5.5\n');
    expect(findings()).toHaveLength(0);
  });

  it('allows by path glob, by regex, by stopword, globally and per rule', () => {
    const t = () => `acme_${randomAlnum(24)}`;
    mkdirSync(join(dir, 'fixtures'));
    writeFileSync(join(dir, 'fixtures', 'f.js'), `x = ${t()}\n`);
    writeFileSync(join(dir, 'b.js'), `x = acme_QAQA${randomAlnum(20)}\n`);
    writeFileSync(join(dir, 'c.js'), `x = acme_${randomAlnum(8)}Zqz9${randomAlnum(12)}\n`);
    writeFileSync(join(dir, 'd.js'), `x = ${t()}\n`);
    config('[rules]\nbuiltin = false\npacks = ["security"]\n');
    expect(findings()).toHaveLength(4);
    config(`[rules]\nbuiltin = false\npacks = ["security"]\n[rules.override.acme-token]\nallow = ['^acme_QAQA']\n[allow]\npaths = ["fixtures/**"]\nstopwords = ["zqz9"]\n`);
    expect(findings().map((f) => f.file)).toEqual(['d.js']);
  });

  it('rejects unknown fields and rule ids with the file and the reason', () => {
    config('[rules]\ndisable = ["no-such-rule"]\n');
    const r = keyward(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/keyward\.toml \[rule no-such-rule\]: no rule has this id/);
    config('[rulez]\n');
    expect(keyward(['scan', '.'], { cwd: dir }).stderr).toMatch(/keyward\.toml: unknown field "rulez"/);
  });
});
