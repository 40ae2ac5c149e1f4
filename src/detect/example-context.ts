import { createHmac } from 'node:crypto';

/**
 * Documentation shows credentials in examples: "For example, the file might look like the
 * following", a request to `server.example.com`, an AWS output block next to account
 * `123456789012` and key id `ACCAEXAMPLE123EXAMPLE`. A value found only by generic evidence (a
 * secret-like name, a password field, a Basic header) in such a block is the example, not a
 * committed credential. Structural tokens (a provider prefix, a checksum) are reported wherever
 * they are: a real token pasted into a README is still a leak.
 */

/** Lines before the finding's line that can introduce its example, and lines after it. */
const LINES_BEFORE = 12;
const LINES_AFTER = 3;
/** Byte bounds of the same window, so that a minified line does not make it unbounded. */
const BYTES_BEFORE = 2048;
const BYTES_AFTER = 512;

/**
 * Prose that introduces an example: "for example", "an example", "example of", "Example:", a
 * heading or comment that opens with it ("# Example", "Usage example", "Examples"), "e.g.",
 * "would look like", or a value that says it is one (`"token_type": "example"`). The word in
 * passing does not ("# Whether to load the DAG examples that ship with Airflow", a stock
 * airflow.cfg comment above its fernet key), nor `example_value`, `Example=`, `example1`, nor a
 * host name (`api.example.com`, `user@example.org`, `dc=example,dc=com`): real configuration
 * points at such hosts too.
 */
const PROSE = new RegExp(
  [
    String.raw`\bfor\s+examples?\b`,
    String.raw`\b(?:an?|the|this|these|that|following|below|above)\s+examples?(?![\w@./=-])`,
    String.raw`(?<![\w@./=-])examples?\s*(?:of\b|[:)"'])`,
    String.raw`^[ \t]*(?:(?:#+|\/\/+|\/\*+|\*+|;+|--|<!--|>|-(?=[ \t]))[ \t]*)?(?:\w+[ \t]+)?examples?(?=[\s:,;)"']|\.(?![A-Za-z])|$)`,
    String.raw`\be\.g\.`,
    String.raw`\b(?:looks?|be) like\b`,
  ].join('|'),
  'im',
);
/**
 * Placeholders written in capitals inside an identifier (`AKIAIOSFODNN7EXAMPLE`,
 * `ACCAEXAMPLE123EXAMPLE`) and the sequential digits documentation fills ids with
 * (`123456789012`, `1234abcd-12ab-34cd-56ef-1234567890ab`). Not the plural at a name's end:
 * `AIRFLOW__CORE__LOAD_EXAMPLES=false` is a setting in most Airflow `.env` files.
 */
const MARKER = /[A-Z0-9]EXAMPLE|EXAMPLE(?:[A-RT-Z0-9]|S[A-Z0-9])|123456789/;

/** The text around the finding at byte `start` of `data`: the lines that can frame an example. */
function around(data: Buffer, start: number): string {
  let from = start;
  for (let lines = 0; from > 0 && start - from < BYTES_BEFORE; ) {
    const nl = data.lastIndexOf(10, from - 1);
    if (nl === -1) { from = 0; break; }
    from = nl;
    if (++lines > LINES_BEFORE) break;
  }
  from = Math.max(from, start - BYTES_BEFORE);
  let to = start;
  for (let lines = 0; to < data.length && to - start < BYTES_AFTER; ) {
    const nl = data.indexOf(10, to);
    if (nl === -1) { to = data.length; break; }
    to = nl + 1;
    if (++lines > LINES_AFTER) break;
  }
  to = Math.min(to, start + BYTES_AFTER, data.length);
  return data.toString('latin1', from, to);
}

/**
 * True when the text around the finding at byte `start` of `data` marks it as an example. In a
 * configuration file the comments describe the settings below them, so their prose does not
 * (Graylog's stock server.conf: "Generate one by using for example: pwgen -N 1 -s 96" above a
 * real `password_secret`); placeholders in them still do.
 */
export function inExampleContext(data: Buffer, start: number, path = ''): boolean {
  const text = around(data, start);
  if (MARKER.test(text)) return true;
  // A value in a comment itself (`## gossipKey: "…"` under `## Example:`) is documentation.
  const settings = CONFIG_FILE.test(path) && !COMMENT_START.test(data.toString('latin1', data.lastIndexOf(10, start - 1) + 1, start));
  return PROSE.test(settings ? text.replace(COMMENT_LINE, '') : text);
}

/** Configuration formats whose comments document settings: ini, conf, properties, env, TOML, YAML, rc files, `.boto`, `.s3cfg`, `credentials`. */
const CONFIG_FILE = /(?:\.(?:conf|cfg|cnf|ini|properties|env|toml|ya?ml)|(?:^|\/)\.env(?:\.[\w.-]+)?|(?:^|\/)\.?[^/.]+rc|(?:^|\/)(?:\.boto|\.s3cfg|credentials))$/i;
const COMMENT_LINE = /^[ \t]*(?:#|;|\/\/).*$/gm;
const COMMENT_START = /^[ \t]*(?:#|;|\/\/)/;

/** How far back on its own line the words that introduce an example are looked for. */
const SAME_LINE_BEFORE = 256;

/**
 * True when the finding's own line introduces it as an example just before it ("It will be
 * like ops_{...}", "for example: ghp_..."): the test for structural tokens, which the lines
 * around do not decide.
 */
export function introducedOnItsLine(data: Buffer, start: number): boolean {
  const nl = data.lastIndexOf(10, start - 1);
  const from = Math.max(nl + 1, start - SAME_LINE_BEFORE, 0);
  return PROSE.test(data.toString('latin1', from, start));
}

const HMAC_HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const QUOTED = /(["'`])([^"'`\r\n]{1,64})\1/g;
/** Quoted strings tried as a key: enough for a snippet, bounded for a file full of quotes. */
const MAX_KEYS = 64;

/**
 * True when `secret` is an HMAC-signed JWT whose key is written, quoted, beside it: a worked
 * example (`jwt.encode({"some": "payload"}, "secret")` and the token it prints). A real session
 * token leaked next to its signing key would be a leak of the key, the worse of the two.
 */
export function signedByKeyBeside(data: Buffer, start: number, secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 3 || !secret.startsWith('eyJ')) return false;
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return false;
  }
  const hash = typeof alg === 'string' ? HMAC_HASHES[alg.toUpperCase()] : undefined;
  if (!hash) return false;
  const input = `${header}.${payload}`;
  let tried = 0;
  for (const m of around(data, start).matchAll(QUOTED)) {
    if (++tried > MAX_KEYS) break;
    if (createHmac(hash, m[2]!).update(input).digest('base64url') === signature) return true;
  }
  return false;
}
