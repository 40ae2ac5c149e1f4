import type { EncodedSpan } from './span.js';

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

/** Cells taken from one buffer at most, and rows read after a header. */
const MAX_CELLS = 4096;
const MAX_ROWS = 100_000;
/** A header line longer than this is data, not a header. */
const MAX_HEADER = 4096;
/** Longest cell taken (a secret, not a document). */
const MAX_CELL = 512;

/**
 * A column that holds secrets: password and its abbreviations and other languages' words, secret,
 * token, API/secret/private/access keys; not their hashes, dates, types, lengths or policies.
 */
const SECRET_NAME = /^(?:[a-z0-9]+[_ .-]?){0,3}(?:pass(?:word|wd|wort|phrase)?|pwd|pw|kennwort|senha|contrase.a|wachtwoord|secret|token|(?:api|secret|private|access|auth|client)[_ .-]?key)(?:[_ .-]?(?:plain(?:text)?|clear|value))?$/i;
const NOT_SECRET = /hash|digest|salt|crypt|sha\d|md5|expir|_at$|date|time|type|len|count|policy|reset|changed|hint|required|id$|name$|url|strength|algo|version|status|enabled/i;

export function isSecretColumn(name: string): boolean {
  return name.length <= 48 && SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

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

/** A header name as an assignment's name: word characters only. */
function label(name: string): string {
  return name.trim().replace(/^["'`[]|["'`\]]$/g, '').replace(/[^A-Za-z0-9_]+/g, '_');
}

/** A password column's value that is a hash: hex of a digest's length, crypt(3) and framework formats. */
const HASHED = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}|\$[\w.-]{1,16}\$.{8,}|\{[A-Z0-9-]{2,16}\}.{8,}|(?:pbkdf2|sha1|sha256|md5|bcrypt|argon2|scrypt)[\w-]*\$.{8,})$/;
const PASSWORD_NAME = /pass|pwd|pw$|kennwort|senha|contrase|wachtwoord/i;

function push(out: EncodedSpan[], data: Uint8Array, start: number, end: number, name: string): void {
  if (end <= start || end - start > MAX_CELL || out.length >= MAX_CELLS) return;
  if (PASSWORD_NAME.test(name) && HASHED.test(Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1'))) return;
  out.push({ start, end, encoding: 'column', label: label(name) });
}

/** A line's cells split by `sep`, as [start, end) offsets; a quoted cell's offsets exclude its quotes. */
function cells(data: Uint8Array, s: number, e: number, sep: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let p = s;
  while (p <= e) {
    if (data[p] === 0x22) {
      let q = p + 1;
      while (q < e && !(data[q] === 0x22 && data[q + 1] !== 0x22)) q += data[q] === 0x22 ? 2 : 1;
      out.push([p + 1, q]);
      p = q + 1;
      while (p < e && data[p] !== sep) p++;
    } else {
      let q = p;
      while (q < e && data[q] !== sep) q++;
      out.push([p, q]);
      p = q;
    }
    p++;
  }
  return out;
}

function lineEnd(data: Uint8Array, s: number): number {
  const nl = data.indexOf(0x0a, s);
  const e = nl < 0 ? data.length : nl;
  return e > s && data[e - 1] === 0x0d ? e - 1 : e;
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
    const names = rowCells(data, hs, lineEnd(data, hs)).map(([s, e]) => data.toString('utf8', s, e).trim().replace(/[*_`]/g, ''));
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
        const key = data.toString('utf8', row_[0]![0], row_[0]![1]).trim().replace(/[*_`]/g, '');
        if (isSecretColumn(key)) push(out, data, row_[1]![0], row_[1]![1], key);
      }
      s = text.indexOf('\n', e) + 1;
    }
    if (s > sepLine.lastIndex) sepLine.lastIndex = s;
    if (out.length >= MAX_CELLS) return;
  }
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

/** SQL dumps: INSERT rows and COPY blocks, their columns named by the statement or by CREATE TABLE. */
function sqlDump(data: Buffer, out: EncodedSpan[]): void {
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
