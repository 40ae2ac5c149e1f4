import { CONFIDENCES, type Confidence, type RuleDef } from './types.js';

/**
 * Confidence and priority of a rule, derived from what the rule checks. Plain functions of the
 * rule definition: no regex is compiled here.
 */

/**
 * What is reported when neither `--min-confidence` nor `[report] min_confidence` says: every
 * finding. The accuracy targets (recall and false positives of the dev sets) are met here.
 */
export const DEFAULT_MIN_CONFIDENCE: Confidence = 'low';

/** The built-in generic rules (patterns/generic.toml) give way to every other rule. */
export const GENERIC_PROVIDER = 'Generic';

/**
 * Where two rules find the same secret, the higher rank is reported: 0 for the built-in generic
 * rules (a secret-like name and a random-looking value), 1 for other `generic`-kind rules (a
 * gitleaks `[[rules]]` table, structured config files), 2 for everything else.
 */
export function priorityOf(def: Pick<RuleDef, 'provider' | 'kind'>): 0 | 1 | 2 {
  if (def.provider === GENERIC_PROVIDER) return 0;
  return def.kind === 'generic' ? 1 : 2;
}

/**
 * The rule's `confidence` if written, else: a checksum/structure validator → high; the built-in
 * generic rules → low; a regex whose match starts with a distinctive literal (a token prefix
 * such as `ghp_`, `AKIA`, `xoxb-`, `ACME-`) → high; other generic-kind rules → low; else medium
 * (a provider keyword plus the token's shape).
 */
export function ruleConfidence(def: Pick<RuleDef, 'provider' | 'kind' | 'regex' | 'secretGroup' | 'validate' | 'confidence'>): Confidence {
  if (def.confidence) return def.confidence;
  if (def.provider === GENERIC_PROVIDER) return 'low';
  if (def.validate) return 'high';
  if (hasTokenPrefix(def)) return 'high';
  return def.kind === 'generic' ? 'low' : 'medium';
}

/** True when `c` is at least `min`. */
export function atLeast(c: Confidence, min: Confidence): boolean {
  return CONFIDENCES.indexOf(c) >= CONFIDENCES.indexOf(min);
}

/** A leading boundary: `^`, `\b`, `(?:^|[^...])`, optionally in a non-capturing group. */
const BOUNDARY = /^(?:\^|\\b|\(\?:\^\|\[\^(?:\\.|[^\]\\])+\]\)|\(\?:\^\|\\b\)|\(\?:\\b\|\^\))/;
const PLAIN = /[A-Za-z0-9_\-@#:=/]/;
const QUANTIFIER = /^[?*{+]/;

/**
 * True when every match of the rule starts with a case-sensitive literal, before anything
 * repeated (single-character classes in between allowed): at least three characters of the
 * secret itself (`ghp_`, `AKIA`, `xox[bpar]-`, `dapi`, `ACME-`), or, before the secret, at least
 * four that are not a plain lower-case word (`rzp_live_`, `PuTTY-User-Key-File-`): `heroku` or
 * `define(` before the secret name a context, not a token format.
 */
export function hasTokenPrefix(def: Pick<RuleDef, 'regex' | 'secretGroup'>): boolean {
  let s = def.regex;
  for (let m = BOUNDARY.exec(s); m; m = BOUNDARY.exec(s)) s = s.slice(m[0].length);
  let groups = 0;
  let inside = def.secretGroup === 0;
  let text = '';
  let outside = false;
  for (;;) {
    let step: number;
    let chars = 0;
    if (s.startsWith('(?')) {
      // A group of plain literal alternatives, `(?:ghp|gho)_`, counts by its shortest one.
      const g = /^\(\?:([A-Za-z0-9_\-]+(?:\|[A-Za-z0-9_\-]+)*)\)/.exec(s);
      if (!g) break;
      step = g[0].length;
      chars = Math.min(...g[1]!.split('|').map((a) => a.length));
      text += g[1]!.split('|').find((a) => a.length === chars)!;
    } else if (s.startsWith('(')) {
      if (text.length > 0 && !inside) break;
      groups++;
      inside ||= groups === def.secretGroup;
      s = s.slice(1);
      continue;
    } else if (s[0] === '\\' && s.length > 1 && /[-._$/:@#=]/.test(s[1]!)) {
      step = 2;
      chars = 1;
      text += s[1];
    } else if (s.length > 0 && PLAIN.test(s[0]!)) {
      step = 1;
      chars = 1;
      text += s[0];
    } else {
      // A one-character class between literals (`xox[bpar]-`) keeps the prefix going.
      const c = /^\[(?:\\.|[^\]\\])+\]/.exec(s);
      if (!c) break;
      step = c[0].length;
    }
    if (QUANTIFIER.test(s.slice(step))) {
      if (chars > 0) text = text.slice(0, -1);
      break;
    }
    if (chars > 0 && !inside) outside = true;
    s = s.slice(step);
  }
  // Outside the secret, only a literal that is not a plain word is a format (`PuTTY-User-Key-File-`).
  return outside ? text.length >= 4 && /[^a-z]/.test(text) : text.length >= 3;
}
