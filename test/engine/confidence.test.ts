import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { hasTokenPrefix, ruleConfidence } from '../../src/rules/confidence.js';
import { CONFIDENCES } from '../../src/rules/types.js';
import { CONFIDENCE_LEVELS } from '../../src/cli/options.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { keyward } from '../helpers/cli.js';
import { checksummedToken, plausible, randomFrom, randomToken, tempDir } from '../helpers/fake.js';
import { makeRule } from '../helpers/rules.js';
import { newRepo, secretLine } from '../hooks/helpers.js';

const HEX = '0123456789abcdef';

const githubToken = (valid: boolean): string => checksummedToken('ghp_', valid);

const builtin = loadPack(BUILTIN_PATTERNS_DIR);
const rule = (id: string) => builtin.find((r) => r.id === id)!;

describe('confidence derived from the rule', () => {
  it('is high for a checksum or a token prefix, medium for a keyword plus shape, low for generic evidence', () => {
    expect(ruleConfidence(rule('github-pat-classic'))).toBe('high');
    expect(ruleConfidence(makeRule({ id: 'p', regex: '\\b(tkn_[A-Za-z0-9]{32})\\b' }))).toBe('high');
    expect(ruleConfidence(makeRule({ id: 'p', regex: '(?:^|[^A-Za-z0-9_])([sr]k_test_[0-9A-Za-z]{24})' }))).toBe('high');
    expect(ruleConfidence(makeRule({ id: 'c', regex: '(?i)acme[\\w.-]{0,20}token\\s*=\\s*([0-9a-f]{32})' }))).toBe('medium');
    expect(ruleConfidence(makeRule({ id: 'c', regex: 'acme[\\w.-]{0,20}token\\s*=\\s*([0-9a-f]{32})' }))).toBe('medium');
    for (const id of ['generic-secret-assignment', 'generic-secret-config', 'generic-password-assignment']) {
      expect(ruleConfidence(rule(id))).toBe('low');
    }
    // A gitleaks [[rules]] table is kind generic: its literal prefix still makes it a format.
    expect(ruleConfidence(makeRule({ id: 'g', kind: 'generic', provider: 'Custom', regex: 'ACME-[0-9a-f]{32}' }))).toBe('high');
    expect(ruleConfidence(makeRule({ id: 'g', kind: 'generic', provider: 'Custom', regex: '(?i)acme.{0,9}=([0-9a-f]{32})' }))).toBe('low');
  });

  it('takes the rule\'s own confidence field over the derived one', () => {
    expect(ruleConfidence(makeRule({ id: 'o', regex: '(?i)acme\\s*=\\s*([0-9a-f]{32})', confidence: 'high' }))).toBe('high');
    expect(ruleConfidence(makeRule({ id: 'o', regex: '\\b(tkn_[0-9a-f]{32})', confidence: 'low' }))).toBe('low');
  });

  it('counts a literal before the secret only when it is not a plain word', () => {
    expect(hasTokenPrefix({ regex: '(?:^|[^A-Za-z0-9_])rzp_live_[A-Za-z0-9]{14}:([A-Za-z0-9]{24})', secretGroup: 1 })).toBe(true);
    expect(hasTokenPrefix({ regex: 'heroku[\\w.-]{0,10}token=([0-9a-f-]{36})', secretGroup: 1 })).toBe(false);
    expect(hasTokenPrefix({ regex: '(?m)^(password ?=)[ \\t]*(\\S+)', secretGroup: 2 })).toBe(false);
    expect(hasTokenPrefix({ regex: '\\b(xox[bpar]-[0-9]{10,13})', secretGroup: 1 })).toBe(true);
    expect(hasTokenPrefix({ regex: '\\b(ab?[0-9]{10})', secretGroup: 1 })).toBe(false);
  });

  it('keeps the CLI levels equal to the rule levels', () => {
    expect([...CONFIDENCE_LEVELS]).toEqual([...CONFIDENCES]);
  });
});

describe('specific rules over generic ones', () => {
  it('drops a generic finding of a token whose checksum failed, keeps the token when it is valid', () => {
    const d = new Detector(builtin);
    const find = (text: string, path: string) => scanBuffer(d, Buffer.from(text), path, { showSecrets: true });
    for (let i = 0; i < 20; i++) {
      const bad = githubToken(false);
      expect(find(`GITHUB_TOKEN=${bad}\n`, '.env')).toEqual([]);
      expect(find(`github_token = "${bad}"\n`, 'app.py')).toEqual([]);
      const good = githubToken(true);
      const found = find(`GITHUB_TOKEN=${good}\n`, '.env');
      expect(found.map((f) => [f.ruleId, f.confidence, f.secret])).toEqual([['github-pat-classic', 'high', good]]);
    }
  });

  it('still reports a generic secret next to a failed token', () => {
    const d = new Detector(builtin);
    const other = randomToken(24);
    const text = `GITHUB_TOKEN=${githubToken(false)}\nSERVICE_API_KEY=${other}\n`;
    const found = scanBuffer(d, Buffer.from(text), '.env', { showSecrets: true });
    expect(found.map((f) => [f.ruleId, f.confidence, f.secret])).toEqual([['generic-secret-config', 'low', other]]);
  });
});

describe('custom rules and --min-confidence through the CLI', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  const acme = () => `ACME-${randomFrom(HEX, 32)}`;
  const scan = (dir: string, ...args: string[]) => {
    const r = keyward(['scan', 'app.env', 'app.py', '--format', 'json', ...args], { cwd: dir });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout).findings as Array<{ ruleId: string; confidence: string }>;
  };

  it('reports a .gitleaks.toml [[rules]] match under the custom rule, not a generic one', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    mkdirSync(join(t.dir, '.git'));
    writeFileSync(join(t.dir, '.gitleaks.toml'), '[extend]\nuseDefault = true\n\n[[rules]]\nid = "acme-token"\ndescription = "ACME token"\nregex = \'\'\'ACME-[0-9a-f]{32}\'\'\'\nkeywords = ["acme-"]\n');
    writeFileSync(join(t.dir, 'app.env'), `ACME_SECRET=${acme()}\n`);
    writeFileSync(join(t.dir, 'app.py'), `acme_token = "${acme()}"\n`);
    const found = scan(t.dir);
    expect(found.map((f) => [f.ruleId, f.confidence])).toEqual([
      ['acme-token', 'high'],
      ['acme-token', 'high'],
    ]);
  });

  it('reports a keyward.toml pack rule over a generic one, and --min-confidence leaves out what is below', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    mkdirSync(join(t.dir, '.git'));
    mkdirSync(join(t.dir, 'rules'));
    writeFileSync(
      join(t.dir, 'rules', 'acme.toml'),
      [
        '[[rules]]',
        'id = "acme-context-token"',
        'title = "ACME token"',
        'provider = "ACME"',
        'kind = "generic"',
        'risk = "high"',
        'regex = \'\'\'(?i)acme[_.-]?secret\\s*=\\s*([0-9a-z]{40})\'\'\'',
        'keywords = ["acme"]',
        `examples = ['''ACME_SECRET=${randomFrom('bcdfghjklmnpqrstvwz0123456789', 40)}''']`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(t.dir, 'keyward.toml'), '[rules]\npacks = ["rules"]\n');
    const value = randomFrom('bcdfghjklmnpqrstvwz0123456789', 40);
    // Letters and digits both (the generic rule wants them): a bare randomToken(24) lacked a digit in a CI run.
    const other = plausible(() => `${randomToken(20)}${randomFrom('0123456789', 2)}${randomToken(2)}`);
    writeFileSync(join(t.dir, 'app.env'), `ACME_SECRET=${value}\nOTHER_API_KEY=${other}\n`);
    writeFileSync(join(t.dir, 'app.py'), '');
    expect(scan(t.dir).map((f) => [f.ruleId, f.confidence])).toEqual([
      ['acme-context-token', 'low'],
      ['generic-secret-config', 'low'],
    ]);
    expect(scan(t.dir, '--min-confidence', 'medium')).toEqual([]);
    writeFileSync(join(t.dir, 'keyward.toml'), '[rules]\npacks = ["rules"]\n\n[report]\nmin_confidence = "medium"\n');
    expect(scan(t.dir)).toEqual([]);
    expect(scan(t.dir, '--min-confidence', 'low')).toHaveLength(2);
    const bad = keyward(['scan', '.', '--min-confidence', 'certain'], { cwd: t.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--min-confidence');
  });
});

describe('--min-confidence in the commit hook', () => {
  it('blocks a generic secret at the default, lets it through at medium, still blocks a structural token', () => {
    const repo = newRepo();
    try {
      const { line } = secretLine();
      repo.write('app.ts', `${line}\n`);
      repo.ok(['add', 'app.ts']);
      const atDefault = keyward(['staged'], { cwd: repo.dir });
      expect(atDefault.code).toBe(1);
      expect(keyward(['staged', '--min-confidence', 'medium'], { cwd: repo.dir }).code).toBe(0);
      repo.write('ci.env', `GITHUB_TOKEN=${githubToken(true)}\n`);
      repo.ok(['add', 'ci.env']);
      const high = keyward(['staged', '--min-confidence', 'high', '--format', 'json'], { cwd: repo.dir });
      expect(high.code).toBe(1);
      expect(JSON.parse(high.stdout).findings.map((f: { ruleId: string; confidence: string }) => [f.ruleId, f.confidence])).toEqual([['github-pat-classic', 'high']]);
    } finally {
      repo.cleanup();
    }
  });
});
