import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { CompiledRule } from '../../src/detect/compiled-rule.js';
import { nonSecretReason } from '../../src/detect/filters.js';
import { ValueMemo } from '../../src/detect/value-memo.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { randomAlnum, randomToken } from '../helpers/fake.js';
import { makeRule, TKN_RULE } from '../helpers/rules.js';

const tkn = () => `tkn_${randomToken(32)}`;
const find = (d: Detector, text: string, path = 'a.txt') => scanBuffer(d, Buffer.from(text), path, { showSecrets: true });

describe('candidate rules', () => {
  it('runs a rule only when one of its keywords occurs, in any case', () => {
    const other = makeRule({ id: 'other', regex: '(zzz_[0-9]{4})', keywords: ['zzz_'] });
    const d = new Detector([TKN_RULE, other], undefined, { profile: true });
    d.detect(Buffer.from(`x = "${tkn()}"`), 'a');
    expect(d.profile!.get('test-tkn')!.runs).toBe(1);
    expect(d.profile!.get('other')!.runs).toBe(0);
    d.detect(Buffer.from('ZZZ_ mentioned'), 'a');
    expect(d.profile!.get('other')!.runs).toBe(1);
  });

  it('applies path-scoped rules only to matching paths', () => {
    const rc = makeRule({ id: 'rc', regex: '_auth=(\\S{12,})', keywords: ['_auth'], paths: ['**/.npmrc'] });
    const d = new Detector([rc]);
    const line = `_auth=${randomAlnum(20)}`;
    expect(find(d, line, 'sub/.npmrc')).toHaveLength(1);
    expect(find(d, line, 'notes.txt')).toHaveLength(0);
  });
});

describe('value filters, remembered per rule and value', () => {
  it('gives each rule its own verdict on the same value, and reads the context of every match again', () => {
    const value = randomAlnum(24);
    const a = makeRule({ id: 'kw-a', regex: 'alpha_key = ([A-Za-z0-9]{24})', keywords: ['alpha_key'], stopwords: [value.slice(3, 9).toLowerCase()] });
    const b = makeRule({
      id: 'kw-b',
      regex: 'beta_key = ([A-Za-z0-9]{24})',
      keywords: ['beta_key'],
      // Allowed on a line that says "fixture": the same value elsewhere is a secret.
      allowlists: [{ condition: 'OR', regexes: ['fixture'], regexTarget: 'line', stopwords: [], paths: [] }],
    });
    const d = new Detector([a, b]);
    const text = `alpha_key = ${value}\nbeta_key = ${value} # fixture\nbeta_key = ${value}\nalpha_key = ${value}\n`;
    for (let round = 0; round < 2; round++) {
      // Twice over: the second time from remembered verdicts, with the same answer.
      const found = find(d, text).map((f) => `${f.ruleId}:${f.line}`);
      expect(found).toEqual(['kw-b:3']);
    }
  });
});

describe('ValueMemo', () => {
  it('computes once per rule and value, keeps rules apart, and starts again past its limit', () => {
    const a = new CompiledRule(makeRule({ id: 'a', regex: 'a(x)' }));
    const b = new CompiledRule(makeRule({ id: 'b', regex: 'b(x)' }));
    const memo = new ValueMemo<number>(3);
    let calls = 0;
    const len = (v: string) => (calls++, v.length);
    expect([memo.get(a, 'xy', len), memo.get(a, 'xy', len), memo.get(b, 'xy', (v) => (calls++, -v.length))]).toEqual([2, 2, -2]);
    expect(calls).toBe(2);
    memo.get(a, 'z', len); // the third answer: at the limit
    memo.get(a, 'xy', len); // still remembered
    expect(calls).toBe(3);
    memo.get(b, 'w', len); // the fourth: everything before is forgotten
    memo.get(a, 'xy', len);
    expect(calls).toBe(5);
  });
});

describe('matches', () => {
  it('reports the secret group with line and column (UTF-16 units) and byte-exact secret', () => {
    const d = new Detector([TKN_RULE]);
    const t = tkn();
    const [f, ...rest] = find(d, `first\nhé 😀 = "${t}"\n`);
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ line: 2, column: 10, endLine: 2, endColumn: 10 + t.length, secret: t, ruleId: 'test-tkn' });
  });

  it('redacts by default to at most 4 characters and fingerprints stably', () => {
    const d = new Detector([TKN_RULE]);
    const t = tkn();
    const a = scanBuffer(d, Buffer.from(`a=${t}`), 'a', { showSecrets: false });
    const b = scanBuffer(d, Buffer.from(`\n\nb: ${t}`), 'b', { showSecrets: false });
    expect(a[0]!.secret).toBe('tkn_…');
    expect(a[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
    expect(JSON.stringify(a)).not.toContain(t.slice(4));
    const other = scanBuffer(d, Buffer.from(`a=${tkn()}`), 'a', { showSecrets: false });
    expect(other[0]!.fingerprint).not.toBe(a[0]!.fingerprint);
  });

  it('honours entropy, allow, stopwords and global allow', () => {
    const rule = makeRule({ id: 'r', regex: '\\b(tkn_[A-Za-z0-9]{32})\\b', keywords: ['tkn_'], entropy: 4, allow: ['^tkn_AAAA'], stopwords: ['zzzq'] });
    const d = new Detector([rule], { regexes: ['^tkn_BBBB'], stopwords: ['qqqz'] });
    expect(find(d, `tkn_${'ab'.repeat(16)}`)).toHaveLength(0); // entropy 1
    expect(find(d, `tkn_AAAA${randomAlnum(28)}`)).toHaveLength(0);
    expect(find(d, `tkn_BBBB${randomAlnum(28)}`)).toHaveLength(0);
    expect(find(d, `tkn_${randomAlnum(10)}ZZZQ${randomAlnum(18)}`)).toHaveLength(0);
    expect(find(d, `tkn_${randomAlnum(10)}qqqz${randomAlnum(18)}`)).toHaveLength(0);
    expect(find(d, tkn())).toHaveLength(1);
  });

  it('drops a generic finding where a specific rule found the same secret', () => {
    const generic = makeRule({ id: 'gen', kind: 'generic', regex: 'token\\s*=\\s*"([^"]{20,})"', keywords: ['token'] });
    const d = new Detector([generic, TKN_RULE]);
    const fs = find(d, `token = "${tkn()}"`);
    expect(fs.map((f) => f.ruleId)).toEqual(['test-tkn']);
    expect(find(d, `token = "${randomToken(30)}"`).map((f) => f.ruleId)).toEqual(['gen']);
  });

  it.each(['keyward:allow', 'gitleaks:allow', 'pragma: allowlist secret'])('suppresses a line marked %s', (marker) => {
    const d = new Detector([TKN_RULE]);
    expect(find(d, `x = "${tkn()}" # ${marker}\ny = "${tkn()}"`)).toHaveLength(1);
  });
});

describe('non-secret values', () => {
  it.each([
    ['${API_TOKEN}', 'template'],
    ['{{ token }}', 'template'],
    ['{password}', 'template'],
    ['{pw()}', 'template'],
    ['{0}', 'template'],
    ['{cfg.db_password!r}', 'template'],
    ['<your-key>', 'template'],
    ['process.env.API_TOKEN', 'template'],
    ['os.environ["X"]', 'template'],
    ['xxxxxxxxxxxxxxxxxxxx', 'placeholder'],
    ['changeme', 'placeholder'],
    ['your_api_key_here', 'placeholder'],
    ['AKIAIOSFODNN7EXAMPLE', 'placeholder'],
    ['tkn_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'repeated'],
    ['tkn_abababababababababababababababab', 'repeated'],
    ['abcdefghijklmnopqrstuvwxyz', 'sequential'],
    ['0123456789abcdef0123', 'sequential'],
    // A real token's shape padded with the alphabet by hand: ten characters in a row step by one.
    ['00QxTr4M9lV-WkPM-ABCDEFGHIJKL-0Hm3Fx-vbG7q', 'sequential'],
    ['sk-ant-api03-q7Rk29-wTnklmnopqrstuv-Zp4Lq', 'sequential'],
  ])('%s is a %s', (value, reason) => {
    expect(nonSecretReason(value)).toBe(reason);
  });

  it('leaves random tokens alone', () => {
    for (let i = 0; i < 200; i++) expect(nonSecretReason(tkn())).toBeUndefined();
  });
});

describe('large buffers: rules selected per 64 KiB block', () => {
  const BLOCK = 64 * 1024;
  const filler = (n: number) => Buffer.alloc(n, 'let total = items.reduce((a, b) => a + b, 0); // plain code\n');

  it('finds every secret once, wherever it sits relative to block boundaries', () => {
    const d = new Detector([TKN_RULE]);
    const data = filler(12 * BLOCK);
    // Lines of 38 bytes: at, just before and straddling block boundaries (none overlap).
    const offsets = [10, BLOCK - 100, BLOCK - 19, 2 * BLOCK + 1, 3 * BLOCK + 5, 8 * BLOCK - 37, 12 * BLOCK - 60];
    const secrets = offsets.map((o) => {
      const t = tkn();
      data.write(`\n${t}\n`, o);
      return { t, at: o + 1 };
    });
    const found = d.detect(data, 'big.js').sort((a, b) => a.start - b.start);
    expect(found.map((m) => [m.secret, m.start])).toEqual(secrets.map((s) => [s.t, s.at]));
  });

  it('honours a required literal that sits in the neighbouring block', () => {
    const ctx = makeRule({ id: 'ctx', regex: '(?i)acme[_a-z]{0,40}token\\s*=\\s*"([A-Za-z0-9]{24})"', keywords: ['acme'], requires: ['token'] });
    const d = new Detector([ctx]);
    const data = filler(6 * BLOCK);
    const value = randomAlnum(24);
    const line = `acme_${'x'.repeat(20)}token = "${value}"\n`;
    const at = 2 * BLOCK - 12; // "acme" in block 1, "token" in block 2
    data.write(line, at);
    expect(d.detect(data, 'a.txt').map((m) => m.secret)).toEqual([value]);
  });
});

describe('buffers over 4 KiB: rules run on the lines around the blocks that hold their keywords', () => {
  const BLOCK = 4096;
  const filler = (n: number) => Buffer.alloc(n, 'let total = items.reduce((a, b) => a + b, 0); // plain code\n');

  it('finds a match whose secret sits lines away from its keyword, across a block boundary, before or after it', () => {
    // Each regex spans exactly two line breaks, with any line between keyword and secret.
    const after = makeRule({ id: 'after', regex: '(?i)acme_key[ \\t]*=[ \\t]*\\n[^\\n]*\\n[ \\t]*"([A-Za-z0-9]{24})"', keywords: ['acme_key'] });
    const before = makeRule({ id: 'before', regex: '"([A-Za-z0-9]{24})",?[ \\t]*\\n[^\\n]*\\n[ \\t]*#[ \\t]*zeta-key', keywords: ['zeta-key'] });
    const d = new Detector([after, before]);
    const a = randomAlnum(24);
    const b = randomAlnum(24);
    const data = filler(4 * BLOCK);
    // "acme_key" near the end of block 0; the line after it runs past the block (and the
    // keyword search's tail), and the secret follows on the next line.
    const first = `acme_key =\n  # the acme key, rotated by the platform team\n  "${a}"\n`;
    data.write(first, BLOCK - 40);
    // "zeta-key" at the start of block 3; the line before it starts in block 2, the secret
    // is on the line before that.
    const second = `x = ["${b}",\n  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,\n  # zeta-key\n]\n`;
    data.write(second, 3 * BLOCK - second.indexOf('# zeta-key') + 2);
    expect(d.detect(data, 'a.txt').map((m) => [m.rule.def.id, m.secret])).toEqual([
      ['after', a],
      ['before', b],
    ]);
  });

  it('counts a required literal anywhere in a file of up to 128 KiB', () => {
    const ctx = makeRule({ id: 'ctx', regex: '(?i)acme[_a-z]{0,20}\\s*=\\s*"([A-Za-z0-9]{24})"', keywords: ['acme'], requires: ['vendor: acme'] });
    const d = new Detector([ctx]);
    const value = randomAlnum(24);
    const data = Buffer.concat([Buffer.from('# vendor: ACME\n'), filler(100_000), Buffer.from(`acme_id = "${value}"\n`), filler(5000)]);
    expect(d.detect(data, 'a.txt').map((m) => m.secret)).toEqual([value]);
    expect(d.detect(data.subarray(15), 'a.txt')).toEqual([]);
  });

  it('reads a whole long line around a keyword (minified code)', () => {
    const d = new Detector([TKN_RULE]);
    const t = tkn();
    const line = Buffer.alloc(90_000, 'a=b;c(d);');
    Buffer.from(` k="${t}";`).copy(line, 50_000);
    expect(d.detect(Buffer.concat([line, Buffer.from('\n')]), 'app.min.js').map((m) => m.secret)).toEqual([t]);
  });

  it('gives the same matches as one run of each candidate rule over the whole buffer', () => {
    // Leftmost matches, once each: windows of one rule that touch are merged.
    const pair = makeRule({ id: 'pair', regex: '(?i)key[ \\t]*=[ \\t]*"([a-z0-9]{8,})"', keywords: ['key'] });
    const d = new Detector([pair]);
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) lines.push(i % 2 === 0 ? `key = "${randomAlnum(12).toLowerCase()}"` : `n${i} = ${i}`);
    const data = Buffer.from(lines.join('\n'));
    // A random value can look like a placeholder ("…xxxx…"): the detector drops those, so does this.
    const whole = [...data.toString().matchAll(/key[ \t]*=[ \t]*"([a-z0-9]{8,})"/gi)].map((m) => m[1]!).filter((v) => nonSecretReason(v) === undefined);
    expect(whole.length).toBeGreaterThan(700);
    expect(data.length).toBeGreaterThan(3 * BLOCK);
    expect(d.detect(data, 'a.txt').map((m) => m.secret)).toEqual(whole);
  });
});
