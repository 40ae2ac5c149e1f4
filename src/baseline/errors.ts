/**
 * A baseline or ignore file that cannot be used. Named ConfigError so the CLI prints it as one
 * "config error" line with exit code 2, as for keyward.toml: these files are configuration and,
 * in a scanned repository, untrusted input.
 */
export class BaselineError extends Error {
  override name = 'ConfigError';
}

/** Control characters of an untrusted value, made visible before they reach a terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export const FINGERPRINT = /^[0-9a-f]{32}$/;

/** A repository-relative path: no absolute path, no "..", no NUL (it is joined to the root). */
export function safeRelPath(p: string): boolean {
  if (p === '' || p.includes('\0') || p.startsWith('/') || /^[A-Za-z]:/.test(p)) return false;
  return !p.split(/[\\/]/).includes('..');
}
