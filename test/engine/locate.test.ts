import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { randomToken } from '../helpers/fake.js';
import { makeRule, TKN_RULE } from '../helpers/rules.js';

/** A block rule whose match spans lines: its end comes after the starts of the tokens inside it. */
const BLOCK_RULE = makeRule({ id: 'test-block', regex: '(?s)(BLOCK\\{[^}]*\\})', keywords: ['BLOCK{'] });

/** 1-based line and column (UTF-16 units) of UTF-16 index `i` of `text`, counted the plain way. */
function position(text: string, i: number): { line: number; column: number } {
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('line and column of findings', () => {
  const d = new Detector([TKN_RULE, BLOCK_RULE]);

  it('are those of each start and end, also when ends come in another order than starts', () => {
    const t = Array.from({ length: 6 }, () => `tkn_${randomToken(32)}`);
    // Multi-byte characters before and between the matches; several tokens on one line; a
    // block whose span holds two tokens and ends lines after they do.
    const text = [
      'héllo 😀 wörld',
      `a ${t[0]} é ${t[1]} 😀 ${t[2]}`,
      `x BLOCK{ ${t[3]}`,
      `  ü ${t[4]}`,
      '  } after',
      `😀😀 ${t[5]}`,
      '',
    ].join('\n');
    const block = text.slice(text.indexOf('BLOCK{'), text.indexOf('}') + 1);
    const findings = scanBuffer(d, Buffer.from(text), 'f.txt', { showSecrets: true, preview: false });
    expect(findings.map((f) => f.secret).sort()).toEqual([...t, block].sort());
    for (const f of findings) {
      const i = text.indexOf(f.secret);
      const start = position(text, i);
      const end = position(text, i + f.secret.length);
      expect(f, f.ruleId).toMatchObject({ line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
      expect(f.preview).toBeUndefined();
    }
  });

  it('give each of many matches on one long line its own column', () => {
    const tokens = Array.from({ length: 60 }, () => `tkn_${randomToken(32)}`);
    const text = `é${tokens.join(' ✓ ')}\n`;
    const findings = scanBuffer(d, Buffer.from(text), 'one-line.json', { showSecrets: true });
    expect(findings).toHaveLength(tokens.length);
    for (const f of findings) {
      const i = text.indexOf(f.secret);
      expect(f).toMatchObject({ line: 1, column: i + 1, endLine: 1, endColumn: i + f.secret.length + 1 });
    }
  });
});
