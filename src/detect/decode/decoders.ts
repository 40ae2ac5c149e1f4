import { HEX, isTextByte, type EncodedSpan } from './find-encoded.js';

/**
 * The text a span encodes, or undefined when it decodes to something else than text (binary,
 * or bytes equal to the input: nothing was encoded). Output is always shorter than the input.
 */
export function decodeSpan(data: Buffer, span: EncodedSpan): Buffer | undefined {
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

/** `\uXXXX` (surrogate pairs joined) and `\xXX` → UTF-8; other backslashes stay. */
export function decodeEscapes(src: Buffer): Buffer {
  const s = src.toString('latin1');
  const text = s.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (_m, u: string | undefined, x: string | undefined) =>
    String.fromCharCode(parseInt(u ?? x!, 16)),
  );
  return Buffer.from(text, 'utf8') // a lone surrogate becomes U+FFFD;
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
