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
const NOT_SECRET = /hash|digest|salt|crypt|bcrypt|sha\d|md5|expir|_at$|date|time|type|len|count|policy|reset|changed|hint|required|id$|name$|url|hint|strength|algo|version|status|enabled/i;

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
  const value = Buffer.from(data.subarray(span.start, span.end));
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
  if (PASSWORD_NAME.test(name) && HASHED.test(Buffer.from(data.subarray(start, end)).toString('latin1'))) return;
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

/** Markdown tables: a `|` header line, a `---` separator line, rows. */
function markdownTables(data: Buffer, out: EncodedSpan[]): void {
  const text = data.toString('latin1');
  const sepLine = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*\r?$/gm;
  for (let m = sepLine.exec(text); m; m = sepLine.exec(text)) {
    const he = m.index - 1;
    if (he <= 0) continue;
    const hs = text.lastIndexOf('\n', he - 1) + 1;
    const names = rowCells(data, hs, lineEnd(data, hs)).map(([s, e]) => data.toString('utf8', s, e).trim().replace(/[*_`]/g, ''));
    const secret = names.flatMap((n, i) => (isSecretColumn(n) ? [i] : []));
    let s = text.indexOf('\n', m.index) + 1;
    for (let row = 0; secret.length > 0 && s > 0 && s < data.length && row < MAX_ROWS; row++) {
      const e = lineEnd(data, s);
      if (data.indexOf(0x7c, s) < 0 || data.indexOf(0x7c, s) >= e) break;
      const row_ = rowCells(data, s, e);
      if (row_.length === names.length) for (const i of secret) push(out, data, row_[i]![0], row_[i]![1], names[i]!);
      s = text.indexOf('\n', e) + 1;
    }
  }
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
  const stmt = /\b(CREATE\s+TABLE|INSERT\s+INTO|COPY)\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:[`"[]?[\w$]+[`"\]]?\.)*[`"[]?[\w$]+[`"\]]?)\s*(\(([^()]*(?:\([^()]*\)[^()]*)*)\))?\s*/gi;
  for (let m = stmt.exec(text); m && out.length < MAX_CELLS; m = stmt.exec(text)) {
    const kind = m[1]!.toUpperCase().replace(/\s+/, ' ');
    const table = tableName(m[2]!);
    if (kind === 'CREATE TABLE') {
      if (m[4] !== undefined) tables.set(table, createColumns(m[4]));
      continue;
    }
    const names = m[4] !== undefined ? m[4].split(',').map(unquote) : tables.get(table);
    if (!names || !names.some(isSecretColumn)) continue;
    const after = m.index + m[0].length;
    if (kind === 'COPY') copyRows(data, text, after, names, out);
    else if (/^VALUES\b/i.test(text.slice(after, after + 6))) stmt.lastIndex = insertRows(data, after + 6, names, out);
  }
}

function unquote(s: string): string {
  return s.trim().replace(/^[`"[]|[`"\]]$/g, '');
}

function tableName(s: string): string {
  return unquote(s.split('.').pop()!).toLowerCase();
}

/** A CREATE TABLE body's column names, in order (constraints left out). */
function createColumns(body: string): string[] {
  return body
    .split(/,(?![^(]*\))/)
    .map((d) => d.trim())
    .filter((d) => d && !/^(?:PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE)\b/i.test(d))
    .map((d) => unquote(d.split(/\s+/)[0]!));
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
