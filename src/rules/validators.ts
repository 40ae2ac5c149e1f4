import { createHmac } from 'node:crypto';
import { entropyOf, madeUp } from './validators-generic.js';

/**
 * Checksum and structure validators a rule can name in `validate`. A secret that fails its
 * validator is not reported by that rule (a token with a bad checksum is not a real token).
 */
export type Validator = (secret: string) => boolean;

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib) of the UTF-8 bytes of `text`. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// GitHub and npm encode their checksum with this digit order (0-9, A-Z, a-z).
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function toBase(value: number, alphabet: string, width: number): string {
  const base = alphabet.length;
  let out = '';
  let n = value;
  while (n > 0) {
    out = alphabet[n % base] + out;
    n = Math.floor(n / base);
  }
  return out.padStart(width, alphabet[0]);
}

/**
 * GitHub (2021) and npm token format: `<prefix>_<30 random base62><6-char base62 CRC32 of the
 * 30 random chars>`. The prefix is not part of the checksum.
 */
function base62Crc32Token(secret: string): boolean {
  const payload = secret.slice(secret.lastIndexOf('_') + 1);
  if (payload.length !== 36 || !/^[0-9A-Za-z]+$/.test(payload)) return false;
  const random = payload.slice(0, 30);
  return toBase(crc32(random), BASE62, 6) === payload.slice(30);
}

/**
 * GitLab routable tokens: `<prefix><base64url payload>.[<2-char version>.]<2-char base36 payload
 * length><7-char base36 CRC32>`; the CRC covers everything before it, prefix included.
 */
function gitlabRoutable(secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 2 && parts.length !== 3) return false;
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  if (tail.length !== 9 || !/^[0-9a-z]+$/.test(tail)) return false;
  const payloadLength = Number.parseInt(tail.slice(0, 2), 36);
  if (!(payloadLength > 0 && payloadLength < head.length)) return false;
  if (!/^[0-9A-Za-z_-]+$/.test(head.slice(head.length - payloadLength))) return false;
  const crc = crc32(secret.slice(0, secret.length - 7));
  return crc.toString(36).padStart(7, '0') === tail.slice(2);
}

function base64UrlDecode(part: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part) || part.length % 4 === 1) return undefined;
  return Buffer.from(part, 'base64url').toString('utf8');
}

function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The HMAC keys the jwt.io debugger fills in: a token signed with one was made there as a
 * sample. (Not "secret": real applications sign real session tokens with it, and those are
 * credentials.)
 */
const DOCUMENTED_HMAC_KEYS = ['your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'a-string-secret-at-least-256-bits-long'];
const HMAC_HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** True when an HS256/384/512 token's signature is made with one of jwt.io's sample keys. */
function signedWithDocumentedKey(alg: string, header: string, payload: string, signature: string): boolean {
  const hash = HMAC_HASHES[alg.toUpperCase()];
  if (!hash) return false;
  const input = `${header}.${payload}`;
  return DOCUMENTED_HMAC_KEYS.some((k) => createHmac(hash, k).update(input).digest('base64url') === signature);
}

/**
 * A header whose JSON does not parse but whose shape is a JOSE header's: `{"` ... `}` and
 * printable text but for a few bytes (one character of the token mistyped or damaged in a copy).
 * The rest of such a token (claims, signature) is still the credential it was.
 */
function damagedHeader(header: string): boolean {
  const bytes = Buffer.from(header, 'base64url');
  if (bytes.length < 12 || bytes[0] !== 0x7b || bytes[1] !== 0x22 || bytes[bytes.length - 1] !== 0x7d) return false;
  let printable = 0;
  for (const b of bytes) if (b >= 0x20 && b < 0x7f) printable++;
  return printable >= bytes.length * 0.8;
}

/**
 * A signed JWT: the payload is a JSON object and the header names a real algorithm, or is a
 * damaged JOSE header (above). Tokens for the `anon` role are publishable client keys
 * (Supabase), not secrets; tokens signed with jwt.io's sample keys are samples.
 */
function jwt(secret: string): boolean {
  const [header, payload, signature] = secret.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const decoded = base64UrlDecode(header);
  const alg = jsonObject(decoded)?.['alg'];
  const damaged = typeof alg !== 'string' && decoded !== undefined && jsonObject(decoded) === undefined && damagedHeader(header);
  if (!damaged && (typeof alg !== 'string' || alg.toLowerCase() === 'none')) return false;
  const claims = jsonObject(base64UrlDecode(payload));
  if (claims === undefined || Object.keys(claims).length === 0 || claims['role'] === 'anon') return false;
  return damaged || !signedWithDocumentedKey(alg as string, header, payload, signature);
}

/**
 * An unsigned JWT (RFC 7519 section 6, `alg: none`, empty signature): header and payload are
 * JSON objects and the payload holds at least one claim. A service that accepts unsigned tokens
 * (the classic `alg: none` flaw) takes it as a bearer credential as it is.
 */
function jwtUnsigned(secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 3 || parts[2] !== '') return false;
  const alg = jsonObject(base64UrlDecode(parts[0] ?? ''))?.['alg'];
  if (typeof alg !== 'string' || alg.toLowerCase() !== 'none') return false;
  const claims = jsonObject(base64UrlDecode(parts[1] ?? ''));
  return claims !== undefined && Object.keys(claims).length > 0;
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i] ?? 0;
  }
  return chk >>> 0;
}

/** Bech32 (BIP-173) checksum, without BIP-173's 90-char limit (age keys are longer). */
export function bech32Valid(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower !== text && text.toUpperCase() !== text) return false;
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || lower.length - sep - 1 < 6) return false;
  const hrp = lower.slice(0, sep);
  const data: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const v = BECH32_CHARSET.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const expanded: number[] = [];
  for (const ch of hrp) expanded.push(ch.charCodeAt(0) >>> 5);
  expanded.push(0);
  for (const ch of hrp) expanded.push(ch.charCodeAt(0) & 31);
  return bech32Polymod([...expanded, ...data]) === 1;
}

/** Base64 of `user:password` (Docker `auth`, npm `_auth`): decodes to printable text with a colon. */
/** The printable text a base64 value (padded or not) decodes to, or undefined. */
function base64Text(secret: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) return undefined;
  const bare = secret.replace(/=+$/, '');
  // Unpadded base64 is valid at every length but 4n+1; padded must be a multiple of 4.
  if (bare.length % 4 === 1 || (bare.length !== secret.length && secret.length % 4 !== 0)) return undefined;
  const text = Buffer.from(bare, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/** base64 of "user:password", both parts present (Docker's auth, npm's _auth). */
function base64UserPass(secret: string): boolean {
  const text = base64Text(secret);
  const colon = text?.indexOf(':') ?? -1;
  return text !== undefined && colon > 0 && colon < text.length - 1;
}

/** base64 of "user:password" where one part may be empty (an API key sent as the user name). */
function base64Credentials(secret: string): boolean {
  const text = base64Text(secret);
  return text !== undefined && text.includes(':') && text.length > 1;
}

/**
 * What a password field holds in templates and examples: masks, references (`${PASS}`, `%PASS%`,
 * `{{ pass }}`, `<password>`) and the words put there for the reader.
 */
const NOT_A_PASSWORD = /^(?:[x*.#-]+|<[^>]*>|\$\{?[A-Za-z_]\w*\}?|%\w+%|\{\{.*\}\}|\{[A-Za-z_]\w*\}|(?:your|my|the|some)?[_-]?(?:pass(?:word)?|passwd|pwd|secret|token|changeme|example|dummy|placeholder)\d*|changeme|user(?:name)?)$/i;

/**
 * base64 of `user:password` under a name that says so (`user_auth`, `basic`, `credentials`):
 * a user name without blanks, and a password that is no placeholder, reference or copy of the
 * user name. Base64 of prose (`Note: ...`) or of `user:${PASS}` is not a credential.
 */
function base64UserPassLiteral(secret: string): boolean {
  const text = base64Text(secret);
  const colon = text?.indexOf(':') ?? -1;
  if (text === undefined || colon <= 0 || colon > 64) return false;
  const user = text.slice(0, colon);
  const pass = text.slice(colon + 1);
  if (/\s/.test(user) || pass.length < 4 || /^\s/.test(pass) || pass === user) return false;
  return !NOT_A_PASSWORD.test(pass);
}

/**
 * Laravel Sanctum token, `<id>|<40 random base62>` as `createToken()` returns it, since Sanctum 4
 * followed by the CRC32 of the random part in 8 hex digits (verified). Without the CRC (Sanctum
 * 2-3) the random part must read as Str::random(40): all three classes, no counting or elision.
 */
function sanctumToken(secret: string): boolean {
  const bar = secret.indexOf('|');
  if (bar < 1 || bar > 19) return false; // the token's id, a database key
  const body = secret.slice(bar + 1);
  const random = body.slice(0, 40);
  if (body.length === 48) return crc32(random).toString(16).padStart(8, '0') === body.slice(40);
  return body.length === 40 && /[a-z]/.test(random) && /[A-Z]/.test(random) && /[0-9]/.test(random) && entropyOf(random) >= 4 && !madeUp(random);
}

export const VALIDATORS: Record<string, Validator> = {
  'laravel-sanctum': sanctumToken,
  'github-crc32': base62Crc32Token,
  'npm-crc32': base62Crc32Token,
  'gitlab-routable-crc32': gitlabRoutable,
  jwt,
  'jwt-unsigned': jwtUnsigned,
  'age-bech32': (secret) => secret.toUpperCase().startsWith('AGE-SECRET-KEY-1') && bech32Valid(secret),
  'base64-userpass': base64UserPass,
  'base64-credentials': base64Credentials,
  'base64-userpass-literal': base64UserPassLiteral,
};
