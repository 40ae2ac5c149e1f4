import { HEX, isTextByte, type EncodedSpan } from './find-encoded.js';
import { columnText } from './find-columns.js';
import { arrayText } from './find-arrays.js';
import { joinedText } from './find-joined.js';

/**
 * The text a span encodes, or undefined when it decodes to something else than text (binary,
 * or bytes equal to the input: nothing was encoded). Output is always shorter than the input.
 */
export function decodeSpan(data: Buffer, span: EncodedSpan): Buffer | undefined {
  // Joined literals, arrays and columns carry their line's text before them (the name), so may be longer than the span.
  if (span.encoding === 'joined') return joinedText(data, span);
  if (span.encoding === 'array') return arrayText(data, span);
  if (span.encoding === 'column') return columnText(data, span);
  const src = data.subarray(span.start, span.end);
  let out: Buffer;
  switch (span.encoding) {
    case 'base64':
      out = Buffer.from(src.toString('latin1'), 'base64');
      break;
    case 'hex':
      out = Buffer.from(src.toString('latin1', src.length & 1), 'hex');
      break;
    case 'percent': {
      // In a URL written out, the user, password and path are percent-encoded by design (a
      // password's '@' must be) and decoding them would break the URL apart: only its query,
      // where encoded values nest, is decoded.
      const scheme = src.indexOf('://');
      const query = scheme < 0 ? 0 : src.indexOf(0x3f, scheme);
      if (query < 0) return undefined;
      out = query === 0 ? decodePercent(src) : Buffer.concat([src.subarray(0, query), decodePercent(src.subarray(query))]);
      break;
    }
    case 'escape':
      out = decodeEscapes(src);
      break;
    case 'html':
      out = decodeEntities(src);
      break;
    default:
      return undefined;
  }
  return out.length > 0 && out.length < src.length && mostlyText(out) ? out : undefined;
}

/**
 * At least 95% printable ASCII or whitespace, and no NUL. Random bytes pass with odds of about
 * (95/256)^n; prose and config in UTF-8 pass unless most of it is non-ASCII.
 */
export function mostlyText(b: Buffer): boolean {
  let bad = 0;
  const limit = Math.floor(b.length / 20);
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (!isTextByte(c) && ++bad > limit) return false;
  }
  return true;
}

/** `%XX` → byte (and `+` stays `+`: form encoding's space would change a secret's characters). */
export function decodePercent(src: Buffer): Buffer {
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25 && HEX[src[i + 1]!]! >= 0 && HEX[src[i + 2]!]! >= 0) {
      out[n++] = (HEX[src[i + 1]!]! << 4) | HEX[src[i + 2]!]!;
      i += 2;
    } else out[n++] = c;
  }
  return out.subarray(0, n);
}

/**
 * `\uXXXX` (surrogate pairs joined), `\xXX` → UTF-8 and `\/` → `/`; other backslashes stay. Every other byte
 * is read as Latin-1 (a byte over 0x7f becomes two), and a lone surrogate becomes U+FFFD: what
 * a regex replace over the Latin-1 string and Buffer.from(text, 'utf8') gave, in one pass
 * without the string (escaped blobs in gitleaks' history: about half the decoding time).
 */
export function decodeEscapes(src: Buffer): Buffer {
  const out = new Utf16ToUtf8(2 * src.length);
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x5c && src[i + 1] === 0x75 && hexAt(src, i + 2, 4)) {
      out.unit((HEX[src[i + 2]!]! << 12) | (HEX[src[i + 3]!]! << 8) | (HEX[src[i + 4]!]! << 4) | HEX[src[i + 5]!]!);
      i += 5;
    } else if (c === 0x5c && src[i + 1] === 0x78 && hexAt(src, i + 2, 2)) {
      out.unit((HEX[src[i + 2]!]! << 4) | HEX[src[i + 3]!]!);
      i += 3;
    } else if (c === 0x5c && src[i + 1] === 0x2f) {
      out.unit(0x2f);
      i += 1;
    } else out.unit(c);
  }
  return out.end();
}

function hexAt(src: Buffer, at: number, n: number): boolean {
  for (let k = at; k < at + n; k++) if (k >= src.length || HEX[src[k]!]! < 0) return false;
  return true;
}

/** UTF-16 code units in, UTF-8 out, as Buffer.from(string, 'utf8') encodes them. */
class Utf16ToUtf8 {
  private readonly buf: Buffer;
  private n = 0;
  private high = -1; // a high surrogate waiting for its low one

  constructor(max: number) {
    this.buf = Buffer.allocUnsafe(max + 3);
  }

  unit(u: number): void {
    if (this.high >= 0) {
      const h = this.high;
      this.high = -1;
      if (u >= 0xdc00 && u <= 0xdfff) return this.point(0x10000 + ((h - 0xd800) << 10) + (u - 0xdc00));
      this.point(0xfffd);
    }
    if (u >= 0xd800 && u <= 0xdbff) this.high = u;
    else this.point(u >= 0xdc00 && u <= 0xdfff ? 0xfffd : u);
  }

  private point(cp: number): void {
    const b = this.buf;
    if (cp < 0x80) b[this.n++] = cp;
    else if (cp < 0x800) {
      b[this.n++] = 0xc0 | (cp >> 6);
      b[this.n++] = 0x80 | (cp & 63);
    } else if (cp < 0x10000) {
      b[this.n++] = 0xe0 | (cp >> 12);
      b[this.n++] = 0x80 | ((cp >> 6) & 63);
      b[this.n++] = 0x80 | (cp & 63);
    } else {
      b[this.n++] = 0xf0 | (cp >> 18);
      b[this.n++] = 0x80 | ((cp >> 12) & 63);
      b[this.n++] = 0x80 | ((cp >> 6) & 63);
      b[this.n++] = 0x80 | (cp & 63);
    }
  }

  end(): Buffer {
    if (this.high >= 0) this.point(0xfffd);
    this.high = -1;
    return this.buf.subarray(0, this.n);
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sol: '/', colon: ':', equals: '=', plus: '+', num: '#', percnt: '%', lowbar: '_', period: '.', comma: ',', excl: '!', quest: '?', commat: '@', dollar: '$', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', semi: ';', hyphen: '-', dash: '-', ast: '*', bsol: '\\', grave: '`', Hat: '^', verbar: '|', tilde: '~' };

/** HTML character references (`&#NN;`, `&#xHH;`, the common named ones) → UTF-8. */
export function decodeEntities(src: Buffer): Buffer {
  const text = src.toString('utf8').replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z]{2,8}));/g, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? m;
    const cp = parseInt(hex ?? dec!, hex !== undefined ? 16 : 10);
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : m;
  });
  return Buffer.from(text, 'utf8');
}
