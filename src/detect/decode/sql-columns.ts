import type { EncodedSpan } from './span.js';
import { cells, isSecretColumn, lineEnd, MAX_CELLS, MAX_ROWS, push } from './column-cells.js';

/** SQL dumps: INSERT rows and COPY blocks, their columns named by the statement or by CREATE TABLE. */
export function sqlDump(data: Buffer, out: EncodedSpan[]): void {
  const text = data.toString('latin1');
  const tables = new Map<string, string[]>();
  const stmt = /\b(CREATE[ \t\r\n]+TABLE|INSERT[ \t\r\n]+INTO|COPY)[ \t\r\n]+(?:IF[ \t]+NOT[ \t]+EXISTS[ \t\r\n]+)?([`"[]?[\w$]{1,64}[`"\]]?(?:\.[`"[]?[\w$]{1,64}[`"\]]?){0,3})[ \t\r\n]*/gi;
  // Column lists are read by a scan: all of them together read at most twice the buffer.
  const budget = { left: 2 * data.length };
  for (let m = stmt.exec(text); m && out.length < MAX_CELLS && budget.left > 0; m = stmt.exec(text)) {
    const kind = m[1]!.toUpperCase().replace(/\s+/, ' ');
    const table = tableName(m[2]!);
    let after = m.index + m[0].length;
    const list = text[after] === '(' ? parenthesized(text, after, budget) : undefined;
    if (list) after = skipBlanks(text, list.end + 1);
    if (kind === 'CREATE TABLE') {
      if (list) tables.set(table, createColumns(list.body));
      continue;
    }
    const names = list ? list.body.split(',').map(unquote) : tables.get(table);
    if (!names || !names.some(isSecretColumn)) continue;
    if (kind === 'COPY') copyRows(data, text, after, names, out);
    else if (/^VALUES\b/i.test(text.slice(after, after + 6))) stmt.lastIndex = insertRows(data, after + 6, names, out);
  }
}

/** The text inside the parentheses opened at `open` (nested ones kept), up to 16 KB and the statement's `;`. */
function parenthesized(text: string, open: number, budget: { left: number }): { body: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < text.length && i - open <= 16 * 1024; i++) {
    budget.left--;
    const c = text.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return { body: text.slice(open + 1, i), end: i };
    else if (c === 0x3b) return undefined; // ;
  }
  return undefined;
}

function skipBlanks(text: string, p: number): number {
  while (p < text.length && /\s/.test(text[p]!)) p++;
  return p;
}

function unquote(s: string): string {
  return s.trim().replace(/^[`"[]|[`"\]]$/g, '');
}

function tableName(s: string): string {
  return unquote(s.split('.').pop()!).toLowerCase();
}

/** A CREATE TABLE body's column names, in order (constraints left out); commas inside parentheses do not split. */
function createColumns(body: string): string[] {
  const defs: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === body.length) {
      defs.push(body.slice(from, i).trim());
      from = i + 1;
    }
  }
  return defs.filter((d) => d && !/^(?:PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE)\b/i.test(d)).map((d) => unquote(d.split(/\s+/)[0]!));
}

/** The tuples after VALUES: each value at a secret column's index becomes a span. Returns where it stopped. */
function insertRows(data: Uint8Array, p: number, names: string[], out: EncodedSpan[]): number {
  const secret = new Set(names.flatMap((n, i) => (isSecretColumn(n) ? [i] : [])));
  for (let rows = 0; rows < MAX_ROWS && out.length < MAX_CELLS; rows++) {
    while (p < data.length && isSpace(data[p]!)) p++;
    if (data[p] !== 0x28) return p; // (
    p++;
    for (let col = 0; p < data.length; col++) {
      while (p < data.length && isSpace(data[p]!)) p++;
      const q = data[p];
      let end: number;
      if (q === 0x27 || q === 0x22) {
        end = quotedEnd(data, p);
        if (secret.has(col) && names[col] !== undefined) push(out, data, p + 1, end, names[col]!);
        p = end + 1;
      } else {
        end = p;
        while (end < data.length && data[end] !== 0x2c && data[end] !== 0x29) end++;
        p = end;
      }
      while (p < data.length && data[p] !== 0x2c && data[p] !== 0x29) p++;
      if (data[p++] === 0x29) break; // )
    }
    while (p < data.length && isSpace(data[p]!)) p++;
    if (data[p] !== 0x2c) return p;
    p++;
  }
  return p;
}

/** The closing quote of the SQL string opened at `p` (doubled quotes and backslash escapes). */
function quotedEnd(data: Uint8Array, p: number): number {
  const q = data[p];
  let i = p + 1;
  while (i < data.length && i - p <= 64 * 1024) {
    if (data[i] === 0x5c) i += 2;
    else if (data[i] === q && data[i + 1] === q) i += 2;
    else if (data[i] === q) return i;
    else i++;
  }
  return i;
}

/** pg_dump's `COPY t (cols) FROM stdin;` rows: tab-separated lines up to `\.`. */
function copyRows(data: Uint8Array, text: string, p: number, names: string[], out: EncodedSpan[]): void {
  if (!/^FROM\s+stdin/i.test(text.slice(p, p + 16))) return;
  const secret = names.flatMap((n, i) => (isSecretColumn(n) ? [i] : []));
  let s = text.indexOf('\n', p) + 1;
  for (let row = 0; s > 0 && s < data.length && row < MAX_ROWS && out.length < MAX_CELLS; row++) {
    const e = lineEnd(data, s);
    if (data[s] === 0x5c && data[s + 1] === 0x2e) return; // \.
    const row_ = cells(data, s, e, 0x09);
    if (row_.length === names.length) for (const i of secret) if (!(data[row_[i]![0]] === 0x5c && data[row_[i]![0] + 1] === 0x4e)) push(out, data, row_[i]![0], row_[i]![1], names[i]!);
    s = text.indexOf('\n', e) + 1;
  }
}

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
