import { describe, expect, it } from 'vitest';
import { cell, CSV_COLUMNS, renderCsv } from '../../src/report/formats/csv.js';
import { COMMIT, emptyResult, FORMULA_AUTHOR, FORMULA_PATH, ODD_PATH, OPTS, sampleResult } from './fixtures.js';

const HEADER = 'ruleId,provider,kind,risk,confidence,file,line,column,secret,entropy,fingerprint,commit,author,email,date,pushed,decoded';

describe('csv format', () => {
  it('starts with the documented header', () => {
    expect(CSV_COLUMNS.join(',')).toBe(HEADER);
    expect(renderCsv(sampleResult(), OPTS).startsWith(`${HEADER}\r\n`)).toBe(true);
  });

  it('round-trips through an RFC 4180 parser, one record per finding', () => {
    const out = renderCsv(sampleResult(), OPTS);
    expect(out.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(out);
    const findings = sampleResult().findings;
    expect(rows).toHaveLength(findings.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);

    const records = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]!])));
    expect(records[0]).toEqual({
      ruleId: 'github-pat',
      provider: 'GitHub',
      kind: 'api-token',
      risk: 'critical',
      confidence: 'high',
      file: 'src/config.ts',
      line: '12',
      column: '8',
      secret: 'ghp_…',
      entropy: '5.12',
      fingerprint: 'fp-github-1',
      commit: '',
      author: '',
      email: '',
      date: '',
      pushed: '',
      decoded: '',
    });
    expect(records[2]!.file).toBe(ODD_PATH);
    expect(records[4]).toMatchObject({
      commit: COMMIT,
      email: 'zoe@example.com',
      date: '2024-05-01T10:20:30+02:00',
      pushed: 'true',
    });
  });

  it('neutralises spreadsheet formulas in text cells', () => {
    const history = parseCsv(renderCsv(sampleResult(), OPTS))[5]!;
    expect(history[CSV_COLUMNS.indexOf('file')]).toBe(`'${FORMULA_PATH}`);
    expect(history[CSV_COLUMNS.indexOf('author')]).toBe(`'${FORMULA_AUTHOR}`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${start}HYPERLINK("http://example.invalid")`;
      const [[parsed]] = parseCsv(`${cell(value)}\r\n`) as [[string]];
      expect(parsed).toBe(`'${value}`);
    }
    expect(cell('safe=1')).toBe('safe=1');
    expect(cell(3.5)).toBe('3.5');
    expect(cell(false)).toBe('false');
    expect(cell(undefined)).toBe('');
  });

  it('quotes only the cells that need it', () => {
    expect(cell('plain value')).toBe('plain value');
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('two\nlines')).toBe('"two\nlines"');
  });

  it('renders an empty result as the header alone', () => {
    expect(renderCsv(emptyResult(), OPTS)).toBe(`${HEADER}\r\n`);
  });
});

/** Minimal RFC 4180 parser: CRLF (or LF) record ends, "" escapes inside quoted fields; strict about stray quotes. */
function parseCsv(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        if (i < src.length && !/^(,|\r\n|\n)/.test(src.slice(i, i + 2))) throw new Error(`text after closing quote at ${i}`);
      } else {
        field += ch;
        i++;
      }
      continue;
    }
    if (ch === '"') {
      if (!fieldStart) throw new Error(`quote inside unquoted field at ${i}`);
      quoted = true;
      fieldStart = false;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
      i += ch === '\r' ? 2 : 1;
    } else {
      field += ch;
      fieldStart = false;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (!fieldStart || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
