import { TrackerError } from '../errors.js';

/** Which call of which tracker, what it should have answered, and where to look when it did not. */
export interface Expected {
  tracker: string;
  action: string;
  /** "a JSON list of issues", "the new issue (a JSON object with number and html_url)". */
  what: string;
  hint: string;
}

/**
 * What an answer was, for a message. Never its text: a proxy or a misrouted request may echo
 * headers, and the token with them.
 */
export function describeAnswer(data: unknown, fields: readonly string[] = []): string {
  if (data === null || data === undefined || data === '') return 'an empty answer';
  if (Array.isArray(data)) return 'a JSON list';
  if (typeof data === 'string') return /^\s*<(!doctype|html|head|body|\?xml)/i.test(data) ? 'an HTML page' : 'text that is not JSON';
  if (typeof data === 'object') {
    const missing = fields.filter((f) => !(f in data));
    return missing.length > 0 ? `a JSON object without ${missing.join(', ')}` : 'a JSON object';
  }
  return `a JSON ${typeof data}`;
}

function unexpected(data: unknown, e: Expected, fields: readonly string[] = []): TrackerError {
  return new TrackerError(`${e.tracker}: unexpected answer to ${e.action}: expected ${e.what}, got ${describeAnswer(data, fields)}; ${e.hint}`);
}

/** `data` as a JSON object that has every one of `fields`, or a TrackerError saying what was expected. */
export function expectObject<T>(data: unknown, fields: readonly string[], e: Expected): T {
  const ok = typeof data === 'object' && data !== null && !Array.isArray(data) && fields.every((f) => f in data);
  if (!ok) throw unexpected(data, e, fields);
  return data as T;
}

/** `data` as a JSON list, or a TrackerError saying what was expected. */
export function expectList<T>(data: unknown, e: Expected): T[] {
  if (!Array.isArray(data)) throw unexpected(data, e);
  return data as T[];
}
