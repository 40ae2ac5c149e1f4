/**
 * Structure validators for the part-B rule packs (messaging, SaaS, observability...).
 * Each takes the secret a rule captured and returns false when it cannot be a real credential.
 * Register with: `Object.assign(VALIDATORS, VALIDATORS_B)` (or spread into VALIDATORS).
 */

/** Decodes standard or URL-safe base64, with or without padding; undefined if not base64. */
function decodeBase64(s: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  const std = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (std.length % 4 === 1) return undefined;
  return Buffer.from(std, 'base64').toString('latin1');
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Discord bot token: `<base64(user id)>.<timestamp>.<hmac>`. The first part must decode to the
 * bot's snowflake id, 17 to 20 decimal digits.
 */
function discordBotToken(secret: string): boolean {
  const parts = secret.split('.');
  if (parts.length !== 3) return false;
  const id = decodeBase64(parts[0]!);
  return id !== undefined && /^[1-9][0-9]{16,19}$/.test(id);
}

/** Intercom access token: base64 of `tok:<uuid>` optionally followed by `:<n>` fields. */
function intercomToken(secret: string): boolean {
  const raw = decodeBase64(secret);
  return raw !== undefined && new RegExp(`^tok:${UUID}(?::[0-9]{1,6}){0,3}$`).test(raw);
}

/** Elasticsearch encoded API key: base64 of `<id>:<api key>`. */
function elasticApiKey(secret: string): boolean {
  const raw = decodeBase64(secret);
  return raw !== undefined && /^[A-Za-z0-9_-]{16,40}:[A-Za-z0-9_-]{16,64}$/.test(raw);
}

/**
 * Random mixed-case body, not a camelCase identifier: the part after the last "_" must hold at
 * least a fifth of its length in upper-case and a fifth in lower-case letters. A random token
 * over [A-Za-z0-9] passes with probability > 99.5%; "AutoModelForSequenceClassification" fails.
 */
function mixedCaseRandom(secret: string): boolean {
  const body = secret.slice(secret.lastIndexOf('_') + 1);
  const min = Math.floor(body.length / 5);
  let upper = 0;
  let lower = 0;
  for (const c of body) {
    if (c >= 'A' && c <= 'Z') upper++;
    else if (c >= 'a' && c <= 'z') lower++;
  }
  return upper >= min && lower >= min;
}

/**
 * A random alphanumeric value, not a word or an identifier: at least two digits, or upper- and
 * lower-case letters a fifth of its length each. Random lower-case or mixed-case tokens pass
 * with probability > 99%; `bitbucketServerRepository` and `generateAuthorizationUrl` fail.
 */
export function randomToken(secret: string): boolean {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  for (const c of secret) {
    if (c >= 'A' && c <= 'Z') upper++;
    else if (c >= 'a' && c <= 'z') lower++;
    else if (c >= '0' && c <= '9') digits++;
  }
  const min = Math.floor(secret.length / 5);
  return digits >= 2 || (upper >= min && lower >= min);
}

/**
 * Sentry organization auth token: `sntrys_<base64 JSON>_<43-char secret>`. The JSON names the
 * issue time (`iat`, a number) and the Sentry `url` (null on self-hosted installs).
 */
function sentryOrgToken(secret: string): boolean {
  const body = secret.slice('sntrys_'.length);
  const cut = body.indexOf('_');
  if (cut < 0 || body.length - cut - 1 !== 43) return false;
  const raw = decodeBase64(body.slice(0, cut));
  if (raw === undefined) return false;
  try {
    const claims: unknown = JSON.parse(raw);
    if (claims === null || typeof claims !== 'object') return false;
    const { iat, url } = claims as Record<string, unknown>;
    return typeof iat === 'number' && (typeof url === 'string' || url === null);
  } catch {
    return false;
  }
}

/**
 * Jira / Confluence / Bitbucket Data Center personal access token: base64 of `<token id>:<random
 * bytes>`, the id in decimal digits.
 */
function atlassianDcPat(secret: string): boolean {
  const raw = decodeBase64(secret);
  return raw !== undefined && /^[0-9]{6,20}:[\s\S]{12,}$/.test(raw);
}

/** Cloudflare Tunnel token: base64 of `{"a":<account tag>,"t":<tunnel id>,"s":<secret>}`. */
function cloudflareTunnelToken(secret: string): boolean {
  const raw = decodeBase64(secret);
  if (raw === undefined) return false;
  try {
    const t: unknown = JSON.parse(raw);
    if (t === null || typeof t !== 'object') return false;
    const { a, t: id, s } = t as Record<string, unknown>;
    return typeof a === 'string' && typeof id === 'string' && typeof s === 'string';
  } catch {
    return false;
  }
}

/**
 * WebSphere `{xor}` password: base64 of the password's bytes each XORed with `_` (0x5f), which
 * anyone can reverse. A real one decodes to at least 3 printable characters.
 */
function websphereXor(secret: string): boolean {
  const raw = decodeBase64(secret);
  if (raw === undefined || raw.length < 3) return false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i) ^ 0x5f;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/**
 * SASL PLAIN response (RFC 4616): base64 of `authzid NUL authcid NUL password`. A real one
 * decodes to a user and a password of printable text around its two NULs.
 */
function saslPlain(secret: string): boolean {
  const raw = decodeBase64(secret);
  if (raw === undefined) return false;
  const parts = raw.split('\0');
  if (parts.length !== 3) return false;
  const [, user, pass] = parts as [string, string, string];
  return user.length > 0 && pass.length >= 3 && /^[\x21-\x7e][\x20-\x7e]*$/.test(user + pass);
}

export const VALIDATORS_B: Record<string, (secret: string) => boolean> = {
  'sasl-plain': saslPlain,
  'websphere-xor': websphereXor,
  'discord-bot-token': discordBotToken,
  'intercom-token': intercomToken,
  'elastic-api-key': elasticApiKey,
  'mixed-case-random': mixedCaseRandom,
  'sentry-org-token': sentryOrgToken,
  'random-token': randomToken,
  'cloudflare-tunnel-token': cloudflareTunnelToken,
  'atlassian-dc-pat': atlassianDcPat,
};
