/**
 * A preview of a secret that helps find it without revealing it: what is public about the
 * credential (a token's prefix, a URL's scheme and host, a PEM block's key type) and never more
 * than 4 characters of the secret itself. Computed where the raw value is still at hand.
 */

/** Secret characters a preview may show, at most (fewer for short values, as redact does). */
const MAX_SHOWN = 4;

// The key type of a PEM block: "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", ...
const PEM = /-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----/;
// scheme://user:password@host[:port]: the host and port are where the credential works, not the credential.
const URL_WITH_CREDENTIALS = /([a-z][a-z0-9+.-]{0,30}):\/\/[^\s/@]*@([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)/i;

export interface PreviewContext {
  /** The text the rule matched around the secret (a connection string, a PEM block), if known. */
  match?: string;
  /** The rule's keywords, and whether every match of it starts with a literal prefix (rules/confidence.ts). */
  keywords: readonly string[];
  structural: boolean;
}

export function previewSecret(secret: string, ctx: PreviewContext): string {
  const pem = PEM.exec(ctx.match ?? secret) ?? PEM.exec(secret);
  if (pem) return `${pem[1]} (PEM block)`;
  const url = URL_WITH_CREDENTIALS.exec(secret) ?? (ctx.match && ctx.match.includes(secret) ? URL_WITH_CREDENTIALS.exec(ctx.match) : null);
  if (url) return `${url[1]}://***@${url[2]} (credentials masked)`;
  const prefix = ctx.structural ? publicPrefix(secret, ctx.keywords) : '';
  return prefix + shownPart(secret.slice(prefix.length));
}

/** A token's public prefix (`ghp_`, `xoxb-`, `AKIA`): one of the rule's keywords that starts it. */
function publicPrefix(secret: string, keywords: readonly string[]): string {
  let best = '';
  for (const k of keywords) {
    if (k.length < 3 || k.length > 16 || k.length > secret.length / 2 || k.length <= best.length) continue;
    if (secret.startsWith(k) || secret.toLowerCase().startsWith(k.toLowerCase())) best = secret.slice(0, k.length);
  }
  return best;
}

/** At most MAX_SHOWN characters, and at most a quarter of the value, then "…". */
function shownPart(rest: string): string {
  const chars = Array.from(rest);
  return `${chars.slice(0, Math.min(MAX_SHOWN, Math.floor(chars.length / 4))).join('')}…`;
}
