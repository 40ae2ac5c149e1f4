import type { EncodedSpan } from './span.js';
import { cells, isSecretColumn, lineEnd, MAX_CELLS, MAX_ROWS, push } from './column-cells.js';
import { sqlDump } from './sql-columns.js';

/**
 * Values whose name is a column's: a CSV export's `password` column, a SQL dump's INSERT rows
 * into a table whose CREATE TABLE (or the INSERT's own column list, or a COPY's) names a password
 * column, a Markdown table of logins. The name is lines away from the value, so no rule sees the
 * two together; each cell of such a column becomes a 'column' span that decodes (columnText) to
 * `name = "value"`, which the generic rules judge as they judge any assignment (placeholders,
 * hashes and stars stay quiet).
 *
 * Chosen by path (CSV/TSV, SQL dumps, Markdown): a search for `INSERT INTO` in every file would
 * cost more than the decoding pass itself.
 */

export { isSecretColumn } from './column-cells.js';

/** A header line longer than this is data, not a header. */
const MAX_HEADER = 4096;

/** The 'column' spans of `data` (at `path`), in order of start; none for other kinds of file. */
export function findColumns(data: Buffer, path: string): EncodedSpan[] {
  const p = path.toLowerCase();
  const out: EncodedSpan[] = [];
  if (/\.(?:csv|tsv|psv|tab)$/.test(p)) delimited(data, out);
  else if (/\.(?:sql|dump|mysql|pgsql|psql)$/.test(p)) sqlDump(data, out);
  else if (/\.(?:md|markdown|mdx)$/.test(p)) markdownTables(data, out);
  return out.sort((a, b) => a.start - b.start);
}

/** `name = "value"`, quoted with the quote the value does not hold. */
export function columnText(data: Uint8Array, span: EncodedSpan): Buffer {
  const value = data.subarray(span.start, span.end);
  const q = value.includes(0x22) ? "'" : '"';
  return Buffer.concat([Buffer.from(`${span.label ?? 'password'} = ${q}`), value, Buffer.from(q)]);
}

/** CSV, TSV, `;`- and `|`-separated exports: the header is the first line. */
function delimited(data: Buffer, out: EncodedSpan[]): void {
  const he = lineEnd(data, 0);
  if (he > MAX_HEADER) return;
  const head = data.toString('utf8', 0, he);
  const sep = ['\t', ',', ';', '|'].find((c) => head.includes(c));
  if (!sep) return;
  const code = sep.charCodeAt(0);
  const names = cells(data, 0, he, code).map(([s, e]) => data.toString('utf8', s, e).trim());
  const secret = names.flatMap((n, i) => (isSecretColumn(n) ? [i] : []));
  if (secret.length === 0) return;
  let s = data.indexOf(0x0a, 0) + 1;
  for (let row = 0; s > 0 && s < data.length && row < MAX_ROWS; row++) {
    const e = lineEnd(data, s);
    const row_ = cells(data, s, e, code);
    if (row_.length === names.length) for (const i of secret) push(out, data, row_[i]![0], row_[i]![1], names[i]!);
    s = data.indexOf(0x0a, e) + 1;
  }
}

/**
 * Markdown tables: a `|` header line, a `---` separator line, rows. A column named like a secret
 * gives its cells; so does a row named like one in a two-column key/value table (`| Auth token |
 * 3ddb… |` under `| key | value |`, as notes and runbooks list a service's settings).
 */
function markdownTables(data: Buffer, out: EncodedSpan[]): void {
  const text = data.toString('latin1');
  // No two blank runs side by side: on a line of blanks they would backtrack quadratically.
  const sepLine = /^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+(?:\|[ \t]*)?\r?$/gm;
  for (let m = sepLine.exec(text); m; m = sepLine.exec(text)) {
    const he = m.index - 1;
    if (he <= 0) continue;
    const hs = text.lastIndexOf('\n', he - 1) + 1;
    const names = rowCells(data, hs, lineEnd(data, hs)).map((c) => cellName(data, c));
    const secret = names.flatMap((n, i) => (isSecretColumn(n) ? [i] : []));
    let s = text.indexOf('\n', m.index) + 1;
    // The table ends at a line without a pipe, of another width, or at the next table's separator;
    // the search for separators goes on after it, so each line is read once.
    const keyValue = names.length === 2 && secret.length === 0;
    for (let row = 0; (secret.length > 0 || keyValue) && s > 0 && s < data.length && row < MAX_ROWS && out.length < MAX_CELLS; row++) {
      const e = lineEnd(data, s);
      const pipe = data.indexOf(0x7c, s);
      if (pipe < 0 || pipe >= e) break;
      const row_ = rowCells(data, s, e);
      if (row_.length !== names.length || isSeparatorRow(text.slice(s, e))) break;
      for (const i of secret) push(out, data, row_[i]![0], row_[i]![1], names[i]!);
      if (keyValue) {
        const key = cellName(data, row_[0]!);
        if (isSecretColumn(key)) push(out, data, row_[1]![0], row_[1]![1], key);
      }
      s = text.indexOf('\n', e) + 1;
    }
    if (s > sepLine.lastIndex) sepLine.lastIndex = s;
    if (out.length >= MAX_CELLS) return;
  }
}

/** A header cell, or a key/value row's key, as a name: without blanks and Markdown emphasis. */
function cellName(data: Buffer, [s, e]: [number, number]): string {
  return data.toString('utf8', s, e).trim().replace(/[*_`]/g, '');
}

/** `| --- | :---: |`: only pipes, colons, blanks and dashes, three dashes in a row (no regex: rows may be long). */
function isSeparatorRow(row: string): boolean {
  for (let i = 0; i < row.length; i++) if (' \t|:-'.indexOf(row[i]!) < 0) return false;
  return row.includes('---');
}

/** A Markdown row's cells, without the outer pipes, blanks and backticks around a value. */
function rowCells(data: Uint8Array, s: number, e: number): Array<[number, number]> {
  let a = s;
  let b = e;
  while (a < b && (data[a] === 0x20 || data[a] === 0x09)) a++;
  while (b > a && (data[b - 1] === 0x20 || data[b - 1] === 0x09)) b--;
  if (data[a] === 0x7c) a++;
  if (b > a && data[b - 1] === 0x7c) b--;
  const out: Array<[number, number]> = [];
  for (let p = a; p <= b; ) {
    let q = p;
    while (q < b && data[q] !== 0x7c) q++;
    let cs = p;
    let ce = q;
    while (cs < ce && (data[cs] === 0x20 || data[cs] === 0x09 || data[cs] === 0x60)) cs++;
    while (ce > cs && (data[ce - 1] === 0x20 || data[ce - 1] === 0x09 || data[ce - 1] === 0x60)) ce--;
    out.push([cs, ce]);
    p = q + 1;
  }
  return out;
}
