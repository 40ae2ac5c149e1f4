/**
 * Values that match a rule's shape but are not secrets: templates, placeholders, documented
 * example keys and degenerate strings. Applied to every rule's secret after the regex matched,
 * so the cost is per match, not per byte.
 */

const TEMPLATE_RES: RegExp[] = [
  /\$\{[^}]*\}/, // ${TOKEN}, ${{ secrets.X }}
  /\{\{[^}]*\}\}/, // {{ token }}
  // {password}, {pw()}, {cfg.pw!r}, {0}: a format string's field (f-strings, str.format, C#). Not
  // Maven's encrypted `{DOdAF6…=}`: base64 of 24+ characters, often padded.
  /^\{(?:[A-Za-z_][\w.]{0,30}(?:\([^{}]*\))?(?:\[[^{}]*\])?(?:![rsa])?(?::[^{}]*)?|\d+)\}/,
  /^<[^<>]{1,80}>$/, // <your-key>
  /^<<[^<>]{1,80}>>$/, // <<password>>: a fill-in marker of docs and generators
  /^«[^«»]{1,80}»$/, // «password»: the same marker in guillemets
  /^\[\[[^[\]]{1,80}\]\]$/, // [[password]]: templates with square delimiters (Go, Hugo, Ansible's custom ones)
  /&lt;[^&<>]{1,80}&gt;/, // &lt;YOUR_PASSWORD&gt;: a placeholder written HTML-escaped
  /^%[A-Za-z_][\w.]*%$/, // %TOKEN%
  // @DB_PASSWORD@, @db.password@, @@P@@: autoconf, Ant and Maven resource filtering, generators' markers.
  /^@@?(?:[A-Z][A-Z0-9_]*|[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+)@@?$/,
  /^__[A-Z][A-Z0-9_]*__$/, // __DB_PASSWORD__: replaced by sed or a deploy script
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $TOKEN
  /^\$\([^)]*\)$/, // $(cat file)
  /(?:^|[^A-Za-z0-9])(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|System\.getenv|ENV\[|env\(|getenv\(|Deno\.env|secrets\.)/,
];

const PLACEHOLDER_WORDS = [
  '****', '••••', '....', 'changeme', 'change_me', 'change-me', 'changeit', 'your_', 'your-', 'yourkey',
  'yourtoken', 'yoursecret', 'yourpassword', 'placeholder', 'dummy', 'redacted', 'example', 'sample',
  'insert_', 'insert-', 'replace_me', 'replaceme', 'put_your', 'fake_', '_here', '-here', 'notreal',
  'not_a_real', 'not-a-real', 'notasecret', 'not_a_secret', 'not-a-secret', 'lorem', 'ipsum',
];

/** Leading identifier-like prefix of provider tokens ("ghp_", "sk-proj-", "xoxb-"), excluded from shape checks. */
/**
 * A run of x in one case (`xxxx`, `XXXX`): how people mask a value. Mixed case (`XxXx`, `XXXx`)
 * is chance in random base64: matched case-blind, one 150-character JWT in ~7,000 was dropped.
 */
const X_MASK = /xxxx|XXXX/;
/** What CI systems and loggers print instead of a secret: GitLab's `[MASKED]`, Rails' `[FILTERED]`. */
const MASK_WORD = /^[[(<](?:masked|filtered|hidden|secure|sensitive|removed|omitted|protected)(?: value)?[\])>]$/i;

const PREFIX_RE = /^[A-Za-z]{1,12}[_-](?:[A-Za-z0-9]{1,10}[_-])?/;

export type NonSecretReason = 'template' | 'encrypted' | 'placeholder' | 'published' | 'repeated' | 'sequential';

/**
 * Keys published as test vectors, in every crypto library's tests: the AES-128, -192 and -256
 * keys of NIST SP 800-38A (also RFC 4493's AES-CMAC vectors). Known to all, they protect nothing.
 */
const PUBLISHED_KEYS = ['2b7e151628aed2a6abf7158809cf4f3c', '8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b', '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4'];

/**
 * A value encrypted to be committed: SOPS (`ENC[AES256_GCM,data:…,type:str]`) and hiera-eyaml
 * (`ENC[PKCS7,MIIB…]`, `ENC[GPG,…]`). The key that opens it is elsewhere (KMS, age, PGP).
 */
const ENCRYPTED = /^ENC\[(?:AES256_GCM|PKCS7|GPG),/;

/** Why `secret` is not a secret, or undefined when it may be one. */
export function nonSecretReason(secret: string): NonSecretReason | undefined {
  for (const re of TEMPLATE_RES) if (re.test(secret)) return 'template';
  if (ENCRYPTED.test(secret)) return 'encrypted';
  const lower = secret.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (lower.includes(w)) return 'placeholder';
  if (X_MASK.test(secret) || MASK_WORD.test(secret)) return 'placeholder';
  if (secret.endsWith('EXAMPLE') || secret.endsWith('EXAMPLEKEY')) return 'placeholder';
  if (PUBLISHED_KEYS.some((k) => lower.includes(k))) return 'published';
  const body = secret.replace(PREFIX_RE, '');
  if (body.length >= 4 && isRepeated(body)) return 'repeated';
  if (body.length >= 6 && isSequential(body)) return 'sequential';
  if (hasSequentialRun(body, SEQUENTIAL_RUN)) return 'sequential';
  return undefined;
}

/**
 * Which filter drops `secret` as no secret, in words, for `rules test` and `rules lint`: the
 * filter and what in the value set it off. Undefined when none does.
 */
export function describeNonSecret(secret: string): string | undefined {
  const reason = nonSecretReason(secret);
  if (reason === undefined) return undefined;
  if (reason === 'template') return 'template filter: the value is a variable reference or template (${X}, {{ x }}, <your-key>, $X, process.env...)';
  if (reason === 'published') return 'published-key filter: the value is a test key published in a standard (NIST SP 800-38A, RFC 4493)';
  if (reason === 'encrypted') return 'encrypted-value filter: the value is SOPS or hiera-eyaml ciphertext (ENC[AES256_GCM,…], ENC[PKCS7,…])';
  if (reason === 'repeated') return 'repeated-characters filter: the value (after a token prefix) is one short unit repeated (aaaa, abab)';
  if (reason === 'sequential') return 'sequential-run filter: most characters of the value step by one (abcdef, 123456, fedcba), or ten in a row do (ABCDEFGHIJ)';
  const lower = secret.toLowerCase();
  const word = PLACEHOLDER_WORDS.find((w) => lower.includes(w)) ?? X_MASK.exec(secret)?.[0] ?? (secret.endsWith('EXAMPLEKEY') ? 'EXAMPLEKEY' : 'EXAMPLE');
  return `placeholder filter: the value holds "${word}"`;
}

/** One character repeated, or a short unit repeated (abab..., 0000...). */
function isRepeated(s: string): boolean {
  for (let unit = 1; unit <= 4 && unit * 2 <= s.length; unit++) {
    let ok = true;
    for (let i = unit; i < s.length; i++) {
      if (s[i] !== s[i - unit]) { ok = false; break; }
    }
    if (ok) return true;
  }
  return false;
}

/**
 * abcdef..., 0123456789abcdef..., fedcba..., abc123: most adjacent steps are +1 (or most are
 * -1), counting only steps in runs of two or more (three characters in sequence). A lone step
 * is chance in a short value: `fefeda987` (a weak password) had 5 of 8 steps down, none past
 * three characters in a row but `987`. In a random string a step has a chance of about 1 in 60.
 */
function isSequential(s: string): boolean {
  return Math.max(steps(s, 1), steps(s, -1)) >= (s.length - 1) * 0.6;
}

/** The steps of `dir` (+1, or -1) in s that belong to a run of at least two such steps. */
function steps(s: string, dir: 1 | -1): number {
  let total = 0;
  let run = 0;
  for (let i = 1; i <= s.length; i++) {
    const d = i < s.length ? s.charCodeAt(i) - s.charCodeAt(i - 1) : 0;
    const step = d === dir || (dir === 1 && s[i - 1] === '9' && s[i] === '0');
    if (step) run++;
    else {
      if (run >= 2) total += run;
      run = 0;
    }
  }
  return total;
}

/**
 * A run this long of characters stepping by one (`ABCDEFGHIJKL`, `klmnopqrstuvwx`, `0123456789`)
 * inside a value is typed by hand: in random base62 one such run has a chance of about 62^-9
 * per position. Catches placeholders padded to a real token's shape with the alphabet.
 */
const SEQUENTIAL_RUN = 10;

function hasSequentialRun(s: string, run: number): boolean {
  let len = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    const step = d === 1 && /[0-9A-Za-z]/.test(s[i] ?? '');
    len = step ? len + 1 : 1;
    if (len >= run) return true;
  }
  return false;
}

/**
 * Token names that APIs use for ids, not credentials: pagination (`NextToken`, `PageToken`,
 * `ContinuationToken`, `ShardIterator`), idempotency (`ClientToken`, `ClientRequestToken`,
 * `IdempotencyToken`, `RequestToken`), change, lock and job tokens (`ChangeToken`, `LockToken`,
 * `LifecycleActionToken`, `JobToken`), form and public tokens (`csrf_token`, `publicToken`).
 * `client_token` and `request_token` (Vault, OAuth 1) are credentials: only the joined API
 * field names `ClientToken`, `RequestToken` are ids.
 */
const ID_TOKEN_NAME =
  /(?:^|[^A-Za-z0-9])(?:next|page|pagination|continuation|change|sync|resume|idempotency|cancellation|lock|action|upload|job|task|execution|iterator|shard|query|csrf|xsrf|public|publishable|verification|lexer|parser)[_.-]?token[^A-Za-z0-9]*$/i;
const ID_TOKEN_CAMEL = /(?:[Cc]lient|[Rr]equest)Token[^A-Za-z0-9]*$/;

/**
 * A compound name whose last word is an attribute of the credential, not the credential: its id,
 * name, type, where it is or how it is used (`secret_id`, `token_url`, `api_key_header`,
 * `password_file`, `secret-name`). A compound that ends in another word is a credential's name
 * (`todo_secret_do_not_commit`, `my_api_secret_value`).
 */
const ATTRIBUTE_NAME =
  /(?:secret|token|key|password|passwd|pwd|credentials?|creds)[_.-](?:[a-z0-9]+[_.-])*(?:ids?|names?|types?|kind|url|uri|endpoint|host|path|file|filename|dir|ref|arn|version|length|len|size|ttl|expiry|expires|expiration|timeout|prefix|suffix|header|field|format|mode|alg|algorithm|label|hint|count|hash|hashed|sha\d*|md5|digest|salt|env|var|policy|provider|source|store|location|manager|enabled|required|method|scope|scopes|audience|issuer)[^A-Za-z0-9]*$/i;

/**
 * Keys that are no secret: public halves and site keys (`vapid_public_key`, `recaptcha_site_key`),
 * keys of data (`cache_key`, `sort_key`, `partition_key`, `s3_key`, `i18n_key`) and the names of
 * key files or fingerprints (`ssh_key`, `gpg_key`), in any case (`signingPublicKey`), and search-only
 * API keys (Algolia's, made for browsers: `searchOnlyApiKey`, `ALGOLIA_SEARCH_KEY`). Only the word
 * right before `key` counts.
 */
const NOT_SECRET_KEY =
  /(?:^|[^A-Za-z0-9])(?:public|publishable|pub|site|search[_.-]?only[_.-]?api|algolia[_.-]?search(?:[_.-]?api)?|primary|foreign|partition|sort|cache|lookup|routing|row|hash|shard|object|s3|idempotency|dedup|dedupe|i18n|translation|locale|map|dict|field|column|index|unique|composite|cursor|page|redis|bucket|file|item|entry|record|message|event|label|tag|attribute|property|header|query|form|trace|span|correlation|ssh|gpg|pgp|verify|verification|vapid|license_?plate)[_.-]?key(?:[_.-]?(?:b64|base64|pem|der|value|str|string|data))?[^A-Za-z0-9]*$/i;

/**
 * True when `name` (a generic rule's match up to the secret) names an id or another attribute of a
 * credential, not a credential. The word before `key` or `token` must be a word of the name
 * (after a separator or a capital), not the end of one: `bitbucket_key`, `platform_key`,
 * `meistertask_token` and `transaction_token` are credentials' names.
 */
export function namesAnId(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return ID_TOKEN_NAME.test(words) || ID_TOKEN_CAMEL.test(name) || ATTRIBUTE_NAME.test(name) || NOT_SECRET_KEY.test(words);
}

/**
 * Names that say their value is not a working credential: the fixtures of a parser's or a
 * validator's tests (`invalidToken`, `wrong_password`, `FAKE_API_KEY`, `nonMatchingToken`,
 * `mockSecret`). The first word of the name, joined by a separator or a capital, so `badge_token`
 * and `mockingbird_key` are names like any other.
 */
const NOT_VALID_WORDS = 'invalid|wrong|bad|fake|mock|dummy|bogus|incorrect|mismatched|non[_-]?matching';
const NOT_VALID_SNAKE = new RegExp(`(?:^|[^A-Za-z0-9])(?:${NOT_VALID_WORDS})[_.-][A-Za-z0-9_.-]*[^A-Za-z0-9_.-]*$`, 'i');
const NOT_VALID_CAMEL = /(?:^|[^A-Za-z0-9])(?:[Ii]nvalid|[Ww]rong|[Bb]ad|[Ff]ake|[Mm]ock|[Dd]ummy|[Bb]ogus|[Ii]ncorrect|[Mm]ismatched|[Nn]onMatching)[A-Z][A-Za-z0-9_]*[^A-Za-z0-9_.-]*$/;

/** True when `name` (a generic rule's match up to the secret) says its value is not a valid credential. */
export function namesAnInvalidValue(name: string): boolean {
  return NOT_VALID_SNAKE.test(name) || NOT_VALID_CAMEL.test(name);
}

/**
 * Names of a provider's credential whose format is fixed: a value of another shape under such a
 * name is no credential of that provider (truncated, padded or made up), and a generic rule
 * reporting it would say less than the provider rule that did not.
 */
const FIXED_FORMAT_NAMES: ReadonlyArray<readonly [RegExp, RegExp]> = [
  // AWS secret access keys: 40 characters of base64 (docs.aws.amazon.com, access keys).
  [/aws[_.-]?secret[_.-]?(?:access[_.-]?)?key[^A-Za-z0-9]*$/i, /^[A-Za-z0-9/+]{40}$/],
];

/** True when `name` names a fixed-format credential (FIXED_FORMAT_NAMES) that `secret` does not fit. */
export function namesAnotherFormat(name: string, secret: string): boolean {
  return FIXED_FORMAT_NAMES.some(([n, value]) => n.test(name) && !value.test(secret));
}
