/**
 * Shape checks for the generic assignment rules: they see any value assigned to a secret-like
 * name, so they must reject identifiers, paths, words and expressions that merely look random.
 */
import { ENGLISH_TRIPLES } from './english-trigrams.js';

export function classes(s: string): { lower: boolean; upper: boolean; digit: boolean; symbol: boolean } {
  return {
    lower: /[a-z]/.test(s),
    upper: /[A-Z]/.test(s),
    digit: /[0-9]/.test(s),
    symbol: /[^A-Za-z0-9]/.test(s),
  };
}

/** Shannon entropy in bits per character. */
export function entropyOf(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A UUID (any version): under a secret's name it is a key, whatever its first character. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `./x`, `../x`, `/etc/x`, `C:\\x`, `~/x`: a path (base64 may open with `/`, see base64FromSlash). */
export function isPath(s: string): boolean {
  return /^(?:\.{0,2}\/|[A-Za-z]:\\|~\/)/.test(s) && !base64FromSlash(s);
}

/**
 * Base64 that happens to start with `/` (one key in 64: `/QGLzT/7bOgoqS1XqT0TxonvjvUpLGCV`), not a
 * path: no dot, 20 characters or more, and a part of 16 or more that mixes upper and lower case
 * and digits, which directory and file names do not.
 */
function base64FromSlash(s: string): boolean {
  return s.startsWith('/') && s.length >= 20 && !s.includes('.') && s.split('/').some((p) => p.length >= 16 && /[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p));
}

/** Looks like code or a name, not a credential. */
export function looksLikeCode(s: string): boolean {
  return (
    (/^_*[a-z0-9]+(?:[._-][a-z0-9]+)+$/.test(s) && /[a-z]/.test(s) && !UUID.test(s) && s.replace(/^_+/, '').split(/[._-]/).every(nameLike)) || // snake/dotted/kebab identifiers: my_token_name, a.b.c, enable-login-2fa
    /^(?:[A-Z][a-z]{2,}){2,}\d*$/.test(s) || // PascalCase words
    isPascalWithDigits(s) || // Ipv6CidrAssociations, S3AccessPoints, ServerlessV2Versions
    /^[a-z]{2,}(?:[A-Z][a-z]{2,})+\d*$/.test(s) || // camelCase words
    /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(s) || // CONSTANT_NAMES
    isUpperKebabName(s) ||
    /^(?:arn:[a-z-]+:|amzn1\.)/.test(s) || // AWS resource names, Amazon account and app ids
    isPath(s) ||
    isResourceName(s) || // projects/1234/secrets/db-password/versions/3, …/keyRings/ring/cryptoKeys/key
    /:\/\//.test(s) || // URLs: credentials in URLs have their own rules
    /^\d+(?:\.\d+)*$/.test(s) || // numbers, versions
    /^v?\d+\.\d+\.\d+/.test(s) ||
    /^[a-z]+(?:\.[a-z]+)+\(/i.test(s) ||
    isFileName(s) ||
    isMemberAccess(s)
  );
}

/** `config.json`, `KEY.PEM`: a file name; not `Falcon55.pY`, whose mixed-case tail is a password's. */
function isFileName(s: string): boolean {
  return /\.(?:py|js|ts|json|ya?ml|toml|txt|pem|key|crt|html|cfg|ini|env)$/i.test(s) && /\.(?:[a-z]+|[A-Z]+)$/.test(s);
}

/** `NEXUS-GPT4-API-KEY`: upper-case words joined by dashes; `API-0008AVPQ…` (digits throughout) is a key. */
function isUpperKebabName(s: string): boolean {
  return /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/.test(s) && (s.match(/[0-9]/g)?.length ?? 0) <= 4 && s.split('-').every((w) => w.length <= 12 && nameLike(w));
}

/** PascalCase words with digits in or between them: the words read as such when 5+ letters. */
function isPascalWithDigits(s: string): boolean {
  const letters = s.replace(/[0-9]/g, '');
  if (!/[0-9]/.test(s) || !/^[A-Z]/.test(s) || !/^(?:[A-Z]+[a-z]{2,}){2,}$/.test(letters)) return false;
  // Two words of four letters or more, one of seven or more, and every word of four or more
  // reads as one: random base62 of 16-24 characters passes by chance 3-4 times in 100,000.
  const words = letters.match(/[A-Z][a-z]+/g) ?? [];
  const long = words.filter((w) => w.length >= 4);
  return long.length >= 2 && long.some((w) => w.length >= 7) && long.every((w) => readsLikeWords(w.toLowerCase()));
}

/** Three or more path segments, each lower-case (`my-key-ring`, `v2`) or camelCase words (`keyRings`). */
function isResourceName(s: string): boolean {
  const parts = s.split('/');
  return parts.length >= 3 && parts.every((p) => /^[a-z0-9_.-]+$/.test(p) || /^[a-z]+(?:[A-Z][a-z]+)+$/.test(p));
}

/**
 * A part of an identifier: letters, then digits if any (`token`, `v2`, `GPT4`), that read like
 * words when five letters or more. `lj6z1t7m`, `BZWZYWJ` are parts of a key, not of a name.
 */
function nameLike(part: string): boolean {
  const m = /^[0-9]*([A-Za-z]*)[0-9]*$/.exec(part);
  return m !== null && (m[1]!.length < 5 || readsLikeWords(m[1]!.toLowerCase()));
}

/**
 * `oauth2.accessToken`, `self.config.api_key`: identifiers joined by dots, few digits. A short part
 * in mixed case (`Falcon55.pY`) is a password's tail, not a member's name.
 */
function isMemberAccess(s: string): boolean {
  const parts = s.split('.');
  return parts.length >= 2 && parts.every((p) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) && (p.match(/[0-9]/g)?.length ?? 0) <= 2 && !shortMixedCase(p));
}

/** `pY`, `jSx`: up to three letters in both cases, not a capitalised word (`Id`, `Foo`). */
function shortMixedCase(p: string): boolean {
  return p.length <= 3 && /[a-z]/.test(p) && /[A-Z]/.test(p) && !/^[A-Z][a-z]+$/.test(p);
}

/** `b` follows `a` counting up: 0→1 … 9→0 for digits, a→b … y→z for letters. */
const digitStep = (a: string, b: string): boolean => (Number(b) - Number(a) + 10) % 10 === 1;
export const letterStep = (a: string, b: string): boolean => b.charCodeAt(0) - a.charCodeAt(0) === 1;

/** `seq` mostly counts up: 60% of its steps at least, and `minSteps` of them. */
export function countsUp(seq: string, step: (a: string, b: string) => boolean, minSteps: number): boolean {
  let up = 0;
  for (let i = 1; i < seq.length; i++) if (step(seq[i - 1]!, seq[i]!)) up++;
  return up >= minSteps && up >= (seq.length - 1) * 0.6;
}

/**
 * Made up by hand, not drawn at random: elided (`ab12...cd34`), digits that count up when read
 * alone (`a123b45c6d78e9f0…`, `0x123pK5_…4123_`: about one step in ten does in a random string;
 * six steps at least, so that a random base36 token of 34 characters is dropped about once in
 * 29,000, not once in 7,700 as with any number), base64 of prose (`bm90IG15…`: "not my real password")
 * or of a public PEM block (`LS0tLS1CRUdJTiBQVUJMSUMg…`: a public key or certificate).
 */
export function madeUp(s: string): boolean {
  if (/\.{3}|…/.test(s)) return true;
  const digits = s.replace(/[^0-9]/g, '');
  if (digits.length >= 8 && countsUp(digits, digitStep, 6)) return true;
  // Letters that count up when read alone (`a1b2c3d4-e5f6-g7h8`): a step has a chance of 1 in 26.
  // Not hex letters alone (a-f): there one step in six is up by chance.
  const letters = s.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (letters.length >= 8 && /[g-z]/.test(letters) && countsUp(letters, letterStep, 6)) return true;
  if (s.length >= 12 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s)) {
    const text = Buffer.from(s, 'base64').toString('latin1');
    if (/^[A-Za-z][A-Za-z ,.'!?-]+$/.test(text) && (text.match(/ /g)?.length ?? 0) >= 2) return true;
    // A public key or certificate in PEM, base64-encoded whole: public by design.
    if (/^-----BEGIN (?!.*PRIVATE)[A-Z0-9 ]+-----/.test(text)) return true;
  }
  return false;
}

/**
 * Keys made to ship in web pages and apps: Stripe's and Clerk's publishable keys (`pk_live_`,
 * `pk_test_`), PostHog's project keys (`phc_`), Mapbox's public tokens (`pk.eyJ1Ijoi…`, base64 of
 * `{"u":"<user>"…`; the secret ones are `sk.`), Midtrans' client keys (`Mid-client-`, for Snap.js
 * in the page; the server keys are `Mid-server-`), Adyen's client keys (`live_`/`test_` and 32
 * upper-case letters and digits, for Drop-in; the API keys are `AQE…`). A name such as `stripeKey` or `accessToken`
 * around them is no evidence of a secret. Nosey Parker reports Mapbox's public tokens; three
 * probe sets' authors, independently, wrote them as negatives, as Mapbox's docs do (D28).
 */
export function publicByDesign(s: string): boolean {
  return /^(?:pk_(?:live|test)_|phc_|pk\.eyJ1Ijoi|(?:SB-)?Mid-client-|(?:live|test)_[A-Z0-9]{32}$)/.test(s);
}

/** A value assigned to api_key / secret / token ...: random-looking, with letters and digits. */
export function genericSecretValue(s: string): boolean {
  if (looksLikeCode(s) || madeUp(s) || publicByDesign(s)) return false;
  // An Ethereum address (a contract, a token, a wallet): public, unlike its 64-hex private key.
  if (/^0x[0-9a-fA-F]{40}$/.test(s)) return false;
  // UUIDs pass whatever their entropy (the rules ask 3.0 bits). Hex has 4 bits per character at
  // most: one random 32-hex key in three is below 3.5 and one in 275 below 3.2, so hex values of
  // key length need 3.0 (one in ~10,600 is below; docs/decisions.md D17).
  const hexKey = /^[0-9a-fA-F]{24,}$/.test(s);
  if (!UUID.test(s) && entropyOf(s) < (hexKey ? 3.0 : 3.5)) return false;
  const c = classes(s);
  if (!(c.lower || c.upper)) return false;
  // Without a digit, only mixed-case letters that do not read as a name (one random base62 value in
  // 30 of 20 characters has no digit).
  if (!c.digit && !randomLetters(s)) return false;
  // A run of 6+ of one character (`…Token01245678900000000`) has a chance of about 1 in 10^7 in
  // a random string: it is padding in a made-up example. (Not a global filter: some provider
  // formats, such as Twitter bearer tokens, start with a run of "A".)
  if (/(.)\1{5}/.test(s)) return false;
  // Short hex strings are ids and content hashes far more often than keys (hex keys are 32+).
  if (/^[0-9a-fA-F]+$/.test(s) && s.length < 24) return false;
  // Long runs of lower-case letters are words: real keys rarely hold a 9-letter lower-case run
  // that reads like one. Not a run of hex letters (a-f): one hex key in 170 holds one by chance;
  // nor a 52-character base32 value, the format of Azure DevOps personal access tokens.
  if (!c.upper && !/^[a-z2-7]{52}$/.test(s) && (s.match(/[a-z]{9,}/g) ?? []).some((run) => /[g-z]/.test(run) && readsAsWordRun(run))) return false;
  return true;
}

/**
 * Letters drawn at random in both cases (`SSVmFDNCFfOHKXQAEckx`), not a name (`AccessTokenProvider`,
 * `XMLHttpRequestHandler`, `dim_avg_wgt_n_Wrap`): split at case changes, the parts are short (under 3.2
 * letters on average) and under 30% of the letters are in parts of 4+ that read like words. Random
 * letters of 16-40 characters pass 75-91% of the time; of 44,824 quoted digit-less mixed-case strings
 * of the bench, second and node_modules corpora, 7 pass: base64 fragments, a date format, two names
 * (bench/micro/digitless.mjs).
 */
export function randomLetters(s: string): boolean {
  if (!/[a-z]/.test(s) || !/[A-Z]/.test(s)) return false;
  if (!/^[A-Za-z]+(?:[+/_-][A-Za-z]+)*={0,2}$/.test(s) || s.split('_').length > 2) return false;
  const parts = s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  const letters = parts.reduce((n, p) => n + p.length, 0);
  const wordy = parts.filter((p) => p.length >= 4 && readsLikeWords(p.toLowerCase())).reduce((n, p) => n + p.length, 0);
  return letters / parts.length < 3.2 && wordy < letters * 0.3;
}

/**
 * The letter pairs that make up 90% of the pairs in English words (205 of 676; generated by
 * scripts/english-bigrams.mjs from the words of the Markdown files in node_modules).
 */
const ENGLISH_PAIRS = new Set(
  ('ab ac ad af ag ai ak al am an ap ar as at au av ay ba be bi bl bo bu ca cc ce ch ci ck cl co cr ct cu da dd de di do ds du ea eb ec ed ' +
    'ee ef eg el em en ep er es et ev ew ex fa fe ff fi fl fo ga ge gh gi gn gr gu ha he hi ho ia ib ic id ie if ig il im in io ip ir is ' +
    'it iv iz ke ki ks la ld le li ll lo ls lt lu ly ma me mi mm mo mp na nc nd ne ng ni nk nn no ns nt oa ob oc od og ol om on oo op or ' +
    'os ot ou ov ow pa pe pi pl po pp pr ps pt qu ra rc rd re rg ri rk rm rn ro rr rs rt ru ry sa sc se sh si so sp ss st su ta tc te th ' +
    'ti tl to tr ts tt tu ty ua ub uc ue ui ul um un up ur us ut va ve vi wa we wi xp ze').split(' '),
);

/**
 * Lower-case letters that read like words (`mysecretvalue`, `connectionstring`): 60% or more of
 * their letter pairs are common in English (ENGLISH_PAIRS). Random letters rarely do: of random
 * base36 values, 2.5% of 32 characters and 5% of 64 hold a 9-letter run that does, while 97.7% of
 * 2-4 English words joined still read as words (20,000 draws each; docs/decisions.md D18).
 */
export function readsLikeWords(letters: string): boolean {
  let common = 0;
  for (let i = 1; i < letters.length; i++) if (ENGLISH_PAIRS.has(letters.slice(i - 1, i + 1))) common++;
  return common >= (letters.length - 1) * 0.6;
}

/**
 * A run of 9+ lower-case letters that reads as words (`mysecretvalue`, `yourapikeyhere`): 45% or
 * more of its letter triples are common in English (ENGLISH_TRIPLES). Sharper than letter pairs
 * (readsLikeWords) both ways: of random base36 values 0.64% of 32 characters and 1.27% of 64 hold
 * such a run (pairs: 5.1% and 9.9%), and 99.0% of 2-4 English words joined read as words (pairs:
 * 97.1%; words from Markdown files the tables were not built from: bench/micro/word-runs.mjs, D20).
 */
export function readsAsWordRun(letters: string): boolean {
  let common = 0;
  for (let i = 2; i < letters.length; i++) if (ENGLISH_TRIPLES.has(letters.slice(i - 2, i + 1))) common++;
  return common >= (letters.length - 2) * 0.45;
}

export const GENERIC_VALIDATORS: Record<string, (secret: string) => boolean> = {
  'generic-secret-value': genericSecretValue,
};
