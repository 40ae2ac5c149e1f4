import type { EncodedSpan } from './span.js';

/**
 * What the column finders share (find-columns.ts for CSV and Markdown, sql-columns.ts for SQL
 * dumps): which column names hold secrets, the limits, and how a cell becomes a 'column' span.
 */

/** Cells taken from one buffer at most, and rows read after a header. */
export const MAX_CELLS = 4096;
export const MAX_ROWS = 100_000;
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
/** A header name as an assignment's name: word characters only. */
export function label(name: string): string {
  return name.trim().replace(/^["'`[]|["'`\]]$/g, '').replace(/[^A-Za-z0-9_]+/g, '_');
}

/** A password column's value that is a hash: hex of a digest's length, crypt(3) and framework formats. */
const HASHED = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}|\$[\w.-]{1,16}\$.{8,}|\{[A-Z0-9-]{2,16}\}.{8,}|(?:pbkdf2|sha1|sha256|md5|bcrypt|argon2|scrypt)[\w-]*\$.{8,})$/;
const PASSWORD_NAME = /pass|pwd|pw$|kennwort|senha|contrase|wachtwoord/i;

export function push(out: EncodedSpan[], data: Uint8Array, start: number, end: number, name: string): void {
  if (end <= start || end - start > MAX_CELL || out.length >= MAX_CELLS) return;
  if (PASSWORD_NAME.test(name) && HASHED.test(Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1'))) return;
  out.push({ start, end, encoding: 'column', label: label(name) });
}

/** A line's cells split by `sep`, as [start, end) offsets; a quoted cell's offsets exclude its quotes. */
export function cells(data: Uint8Array, s: number, e: number, sep: number): Array<[number, number]> {
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

export function lineEnd(data: Uint8Array, s: number): number {
  const nl = data.indexOf(0x0a, s);
  const e = nl < 0 ? data.length : nl;
  return e > s && data[e - 1] === 0x0d ? e - 1 : e;
}

