/**
 * Shape checks for the generic assignment rules: they see any value assigned to a secret-like
 * name, so they must reject identifiers, paths, words and expressions that merely look random.
 */

function classes(s: string): { lower: boolean; upper: boolean; digit: boolean; symbol: boolean } {
  return {
    lower: /[a-z]/.test(s),
    upper: /[A-Z]/.test(s),
    digit: /[0-9]/.test(s),
    symbol: /[^A-Za-z0-9]/.test(s),
  };
}

/** Looks like code or a name, not a credential. */
function looksLikeCode(s: string): boolean {
  return (
    /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+$/.test(s) || // snake/dotted/kebab identifiers: my_token_name, a.b.c
    /^(?:[A-Z][a-z]{2,}){2,}\d*$/.test(s) || // PascalCase words
    /^[a-z]{2,}(?:[A-Z][a-z]{2,})+\d*$/.test(s) || // camelCase words
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(s) || // CONSTANT_NAMES
    /^(?:\.{0,2}\/|[A-Za-z]:\\|~\/)/.test(s) || // paths
    /:\/\//.test(s) || // URLs: credentials in URLs have their own rules
    /^\d+(?:\.\d+)*$/.test(s) || // numbers, versions
    /^v?\d+\.\d+\.\d+/.test(s) ||
    /^[a-z]+(?:\.[a-z]+)+\(/i.test(s) ||
    /\.(?:py|js|ts|json|ya?ml|toml|txt|pem|key|crt|html|cfg|ini|env)$/i.test(s) // file names
  );
}

/** A value assigned to api_key / secret / token ...: random-looking, with letters and digits. */
export function genericSecretValue(s: string): boolean {
  if (looksLikeCode(s)) return false;
  const c = classes(s);
  if (!c.digit || !(c.lower || c.upper)) return false;
  // Long runs of lower-case letters are words: real keys rarely hold a 9-letter lower-case run.
  if (/[a-z]{9,}/.test(s) && !c.upper) return false;
  return true;
}

/** A value assigned to password / passwd / pwd: at least three character classes, not code. */
export function genericPasswordValue(s: string): boolean {
  if (looksLikeCode(s)) return false;
  const c = classes(s);
  const n = Number(c.lower) + Number(c.upper) + Number(c.digit) + Number(c.symbol);
  return n >= 3 && (c.lower || c.upper);
}

export const GENERIC_VALIDATORS: Record<string, (secret: string) => boolean> = {
  'generic-secret-value': genericSecretValue,
  'generic-password-value': genericPasswordValue,
};
