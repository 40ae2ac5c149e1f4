/**
 * Shape checks for values assigned to a name that says password (and for hand-chosen secrets in
 * env files): the name is the evidence, so they reject what is no value (settings, labels,
 * references, code) rather than asking for randomness as validators-generic.ts does.
 */
import { classes, isPath, looksLikeCode, madeUp } from './validators-generic.js';

/** A value assigned to password / passwd / pwd: at least three character classes, not code. */
export function genericPasswordValue(s: string): boolean {
  if (looksLikeCode(s) || madeUpPassword(s)) return false;
  // `SomeKindOfPassword123!@#`, `PassWordMustBeAtLeast6Chars.`: a description, not a password.
  if (/pass_?word/i.test(s)) return false;
  const c = classes(s);
  const n = Number(c.lower) + Number(c.upper) + Number(c.digit) + Number(c.symbol);
  return n >= 3 && (c.lower || c.upper);
}

/** Digits and symbols written for letters (`p4ssw0rd`, `s3cr3t`, `P@ssw0rd`). */
const LEET: Record<string, string> = { $: 's', '5': 's', '@': 'a', '4': 'a', '0': 'o', '3': 'e', '1': 'i', '!': 'i', '7': 't' };

/**
 * `secr3t`, `p4ssw0rd`, `P@ssw0rd1!`: the word "secret" or "password" itself, spelled with digits
 * or symbols for letters (then digits or symbols): documentation's example value, not one chosen
 * to protect anything. Only the word alone: `super$ecret` or `Secret123` are kept (a word joined
 * to another, or no letter replaced).
 */
export function spelledOutExample(s: string): boolean {
  const stem = s.replace(/[0-9!@#$%^&*._-]+$/, '');
  if (!/[0-9@$!]/.test(stem)) return false;
  const spelled = Array.from(stem.toLowerCase(), (ch) => LEET[ch] ?? ch).join('');
  return /^(?:secret|password|passwd|pass)$/.test(spelled);
}

/**
 * A product's documented default that names the product (`postgres`, `guest` for RabbitMQ,
 * `raspberry` for a Pi, `minioadmin`): what a local setup leaves in place, known to everyone, so
 * no secret to revoke; a scanner that reports each `POSTGRES_PASSWORD: postgres` is not read.
 * Not `admin` or `root`: weak passwords people choose, which reviewers report (Nosey Parker's
 * examples count "the password … is 'admin'").
 */
const DEFAULT_PASSWORD = /^(?:postgres(?:ql)?|mysql|mariadb|guest|redis|mongo(?:db)?|oracle|localdev|vagrant|raspberry|minioadmin)$/i;

/** What every password validator drops as written by hand: made up, the word itself spelled out, a test's word or a default. */
function madeUpPassword(s: string): boolean {
  return madeUp(s) || spelledOutExample(s) || /^test(?:ing|er|pass)?\d{0,4}$/i.test(s) || DEFAULT_PASSWORD.test(s);
}

/** Values of settings named like a password that say how, not what: flags, types, references. */
const SETTING_WORDS = new Set([
  'true', 'false', 'yes', 'no', 'none', 'null', 'nil', 'undefined', 'empty', 'required', 'optional', 'disabled',
  'enabled', 'string', 'secret', 'password', 'passwd', 'hidden', 'masked', 'prompt', 'random', 'generated',
  // The word "password" in other languages, as a value: a field's name where its value goes.
  'senha', 'contrasena', 'contraseña', 'passwort', 'kennwort', 'motdepasse', 'wachtwoord', 'losenord', 'lösenord',
  'salasana', 'haslo', 'hasło', 'heslo', 'jelszo', 'jelszó', 'passord', 'adgangskode', 'sifre', 'şifre', 'parola',
  'default', 'unset', 'encrypted', 'plaintext', 'plain', 'sha256', 'bcrypt', 'argon2', 'md5', 'integer',
  // Windows Setup's configuration passes (`<settings pass="specialize">` in every unattend.xml).
  'windowspe', 'offlineservicing', 'generalize', 'specialize', 'auditsystem', 'audituser', 'oobesystem',
]);

/**
 * An unquoted value of a setting named like a password (`DB_PASSWORD=…`, `AdminPassword=…`):
 * any non-placeholder value is a credential, weak ones included, but not a setting word, a
 * number, a name or reference (`db_password_file`, `@Value`), a truncated or elided example.
 */
export function genericConfigPassword(s: string): boolean {
  if (codeNotPassword(s)) return false;
  if (SETTING_WORDS.has(s.toLowerCase())) return false;
  if (!/[A-Za-z]/.test(s) || /^[A-Za-z]+:$/.test(s)) return false;
  if (madeUpPassword(s) || /^[%@&!]/.test(s) || starReference(s)) return false;
  return true;
}

/**
 * A literal that code compares a password with, passes to a credential constructor or prose
 * states (a login check against a literal, NetworkCredential(user, literal), README text): the
 * context says it is a password, so weak and word-like values count; setting words, names in
 * upper case, paths, URLs and elided examples do not.
 */
export function genericLiteralPassword(s: string): boolean {
  // `user:pass`, `-p pwd`: the field's name written where its value goes.
  return !/pass_?word|^(?:pass|passwd|pwd|pw)$/i.test(s) && plainLiteral(s);
}

/**
 * `@Value(…)`, `!Ref Name`, `!vault |`, `@parameters('x')`, `@env.X`: an annotation, a YAML tag
 * or an expression, a word with an argument or alone. A password may start with `!` or `@`
 * (`!GeckO2808`): one with a digit or a symbol in its first run is kept.
 */
const TAG_OR_ANNOTATION = /^[!@](?:[A-Za-z_.]+$|[^\s(|]+[\s(|])/;
/** `{name}`, `{{ var }}`, `{$x}`: a template field where the value goes. */
const TEMPLATE_FIELD = /^\{[\w{$]/;

/**
 * A literal that is a value, not a setting word (`true`, `prompt`), a reference (`%s`, `@Value`,
 * `&ref`), a name in upper case, a URL, a path, a number or a made-up example.
 */
function plainLiteral(s: string): boolean {
  if (SETTING_WORDS.has(s.toLowerCase())) return false;
  if (!/[A-Za-z0-9]/.test(s) || /^[%&]/.test(s) || TAG_OR_ANNOTATION.test(s) || starReference(s) || madeUpPassword(s)) return false;
  // `{name}`, `{{ var }}`, `{call(…)`, `${VAR`: template fields (a `$NAME` of word characters
  // alone is a variable to every rule: filters.ts).
  if (TEMPLATE_FIELD.test(s) || s.startsWith('${')) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(s) || /:\/\//.test(s) || isPath(s)) return false;
  return !/^\d+(?:\.\d+)*$/.test(s);
}

/**
 * Values a setting or form field named like a password takes that are not passwords: labels,
 * input types, column types, validation keywords, policies.
 */
const FIELD_WORDS = new Set([
  'text', 'hash', 'hashed', 'confirmed', 'sometimes', 'nullable', 'input', 'field', 'label', 'value', 'sensitive',
  'protected', 'private', 'writeonly', 'readonly', 'strong', 'digest', 'basic', 'bearer', 'token', 'credential',
  'credentials', 'username', 'login', 'varchar', 'boolean', 'object', 'number', 'keychain', 'keyring', 'vault',
  'system', 'public', 'anonymous', 'unknown', 'invalid', 'missing', 'blank', 'omitted', 'removed', 'private_key',
  // Test outcomes: `pass: "passed"` in a test runner's status map.
  'passed', 'failed', 'skipped', 'pending', 'success', 'failure',
]);

/** Words that, before or after "password" in a letters-only value, make it a field name or a label. */
const LABEL_PART = /^(?:new|old|current|confirm(?:ed)?|confirmation|repeat|retype|verify|reset|forgot|change|user|your|enter|my|the|account|login|admin|root|db|database|default|input|field|label|hash|hashed|again|2)*$/;

/** `password`, `newPassword`, `Passwort`, `Contraseña`: a field name or the label a form shows. */
function isLabel(s: string): boolean {
  if (/[^\x00-\x7f]/.test(s)) return true; // translated labels; passwords in code are ASCII
  if (/^[A-Z][a-z]+$/.test(s) || /^[A-Z]+$/.test(s)) return true; // `Password`, `Kennwort`, `PASSWORD`
  const letters = s.toLowerCase();
  const m = /^([a-z]*?)(?:password|passwd|passphrase|pwd|pass)([a-z]*)$/.exec(letters);
  return m !== null && LABEL_PART.test(m[1]!) && LABEL_PART.test(m[2]!);
}

/**
 * A phrase about a password or key, not one (`rest-of-my-password`, `your_password_here`,
 * `mysecretkey`, `a secret`): a test's or a document's filler. `lower`: the value in lower case.
 */
function phraseAboutASecret(lower: string): boolean {
  return (
    /(?:^|[^a-z])(?:my|your|the|some|a|this|our)[-_.](?:[a-z]+[-_.])*pass(?:word|wd)(?![a-z])/.test(lower) ||
    // Words apart (`my-db-password`, `a secret`), or glued with at most one known word between
    // (`mysecretkey`, `yourpassword`): not any word that starts like an article and ends like a
    // secret's word (`anchor-velvet-compass`, `thistle-amber-bypass` are passphrases).
    /^(?:my|your|the|some|a|this|our|test|demo|sample|dummy|fake)(?:[-_. ](?:[a-z]+[-_. ]){0,3}|(?:super|api|db|admin|access|auth|app|secret|private|master)?)(?:secret|key|pass(?:word|wd)?|token)s?\d{0,4}$/.test(lower)
  );
}

/**
 * `tundra60_tind`, `maple-42-fox`: a word with a number glued to it, joined to another part, the
 * way people compose passwords; it reads as a snake or kebab identifier, but identifiers put in a
 * password's place are field names and labels (`db_pass`, `user_password`), not numbered words.
 */
function wordAndNumberJoined(s: string): boolean {
  if (!/^[a-z0-9]+(?:[_-][a-z0-9]+){1,2}$/i.test(s)) return false;
  // Algorithm, encoding and protocol names carry numbers too (`sha256_hash`, `utf8mb4_bin`).
  return s.split(/[_-]/).some((p) => (/^[a-z]{3,}\d{2,}$/i.test(p) && !/^(?:sha|md|utf|ucs|crc|aes|des|rsa|ecdsa|ipv|http|tls|ssl|int|uint|float|base|sm)\d+$/i.test(p)) || /^\d{2,}$/.test(p));
}

/** Words that make a joined value a field name, a reference or a placeholder, not a passphrase. */
const NOT_PASSPHRASE_WORD =
  /^(?:pass|password|passwd|passphrase|pwd|pw|secret|key|token|credentials?|creds|auth|user|username|login|my|your|our|the|this|some|new|old|default|change|replace|set|put|insert|enter|fill|here|later|me|to|be|not|no|do|use|from|env|var|value|example|sample|dummy|fake|test|todo|tbd|placeholder|none|null|empty|file|path|name|id)$/i;

/**
 * `velvet-quartz-copper-ember-56`, `saddle_umbrella_forest`: three words or more joined by one
 * separator (a number may end them), the passphrase people are told to choose. It reads as a snake
 * or kebab identifier, but the identifiers found in a password's place name the password, a field
 * or a placeholder (`db_admin_password`, `change_me_later`) or are constants (`VAULT_DB_CREDS`).
 */
function joinedPassphrase(s: string): boolean {
  // Joined by dots only with a number at the end (`badger.walnut.winter.45`): dotted words alone
  // are property and module names.
  const joined = /^[A-Za-z]{3,}(?:([_-])[A-Za-z]{3,})(?:\1[A-Za-z]{3,})+(?:[_-]?\d{1,4})?$/.test(s) || /^[A-Za-z]{3,}(?:\.[A-Za-z]{3,}){2,}\.\d{1,4}$/.test(s);
  if (!joined || !/[a-z]/.test(s)) return false;
  return s.split(/[_.-]/).every((w) => /^\d+$/.test(w) || !NOT_PASSPHRASE_WORD.test(w));
}

/**
 * A value that starts with `*` and is no password: a YAML alias (`*db_defaults`, `*DefaultEnv`),
 * a mask or Markdown emphasis (`**`). `*Ember2550*` and `*Velvetmaple59$` are chosen passwords.
 */
function starReference(s: string): boolean {
  if (!s.startsWith('*')) return false;
  const rest = s.slice(1);
  return rest.startsWith('*') || /^[a-z_][a-z0-9_-]*$/.test(rest) || (/^[A-Za-z_][\w-]*$/.test(rest) && codeNotPassword(rest));
}

/**
 * `BrambleSaddle8883`: two to four capitalised words and a number of two digits or more, the
 * password people are told to make of words. Read alone it is a PascalCase name, but names in a
 * password's place carry no trailing number (`ServerlessV2Versions` keeps its digits inside) or
 * say what they fill (`ChangeMe123`, `YourPassword99`).
 */
function numberedPascalWords(s: string): boolean {
  const m = /^((?:[A-Z][a-z]{2,}){2,4})\d{2,}$/.exec(s);
  return m?.[1] !== undefined && m[1].split(/(?=[A-Z])/).every((w) => !NOT_PASSPHRASE_WORD.test(w));
}

/**
 * `valenciaSevilla63`, `chouquetteLapin7`: numberedPascalWords' shape in camelCase, which people
 * choose as often. A camelCase name in a password's place names what it fills (`userPassword2`,
 * `newPass1`) and carries no trailing number otherwise.
 */
function numberedCamelWords(s: string): boolean {
  const m = /^([a-z]{3,}(?:[A-Z][a-z]{2,}){1,3})\d{1,6}$/.exec(s);
  return m?.[1] !== undefined && m[1].split(/(?=[A-Z])/).every((w) => !NOT_PASSPHRASE_WORD.test(w));
}

/**
 * Code or a name (looksLikeCode) in a password's place, but not the shapes of chosen passwords
 * that read as identifiers: a numbered word joined to another part, a passphrase of joined words,
 * numbered capitalised or camelCase words.
 */
function codeNotPassword(s: string): boolean {
  return looksLikeCode(s) && !wordAndNumberJoined(s) && !joinedPassphrase(s) && !numberedPascalWords(s) && !numberedCamelWords(s);
}

/**
 * A quoted literal assigned to a name that says "password" (`password = "…"`, `:password =>
 * '…'`, `"AdminPassword": "…"`): the name is the evidence, so weak and word-like values count
 * (people choose words), but not code, labels and field names, setting and type words,
 * validation rules (`required|min:8`) or values made up for an example.
 */
export function genericWeakPassword(s: string): boolean {
  if (s.length < 6 || !/[A-Za-z0-9]/.test(s)) return false;
  if (codeNotPassword(s) || madeUpPassword(s) || isLabel(s)) return false;
  const lower = s.toLowerCase();
  if (SETTING_WORDS.has(lower) || FIELD_WORDS.has(lower)) return false;
  // Anonymous FTP's conventional password (`-anonymous@`, `anonymous@`), not a secret.
  if (/^-?anonymous@?$/.test(lower)) return false;
  if (phraseAboutASecret(lower)) return false;
  // `required|string|min:8`: a validation rule; `bcrypt:12`, `sha256:…` algorithm settings.
  if (/^[a-z_]+(?::[^|]*)?(?:\|[a-z_]+(?::[^|]*)?)+$/.test(s) || /^(?:sha\d*|md5|bcrypt|argon2\w*|scrypt|pbkdf2\w*)[:$]/i.test(s)) return false;
  // `%s`, `&ref`, `*alias`: formats and YAML anchors; `@Value(…)`, `!Ref Name`, `!vault |`,
  // `@parameters('x')`: annotations, tags and expressions, a word with an argument or alone (a
  // password may start with `!` or `@`: `!GeckO2808` is one). `$var…`, `#id`: interpolation and
  // CSS selectors (`#add-password`). `{name}`, `{0}`, `{{ var }}`, `{call(`: template fields.
  // `xsmtpsib-{H(64)}-{R(16)}`: a template that calls code where the value goes.
  if (/\{[A-Za-z_][\w.]*\(/.test(s)) return false;
  if (/^[%&:$#]/.test(s) || TAG_OR_ANNOTATION.test(s) || TEMPLATE_FIELD.test(s) || starReference(s) || /%[sd](?![A-Za-z0-9])|%\(/.test(s)) return false;
  // `users/passwords#edit`, `auth/reset_password`: a route target or module path, not a password.
  if (/^[a-z_]+(?:\/[a-z_]+)+(?:#[a-z_]+)?$/.test(s)) return false;
  // `SomeKindOfPassword123!` describes one; `generatedwebdavpassword1` (AWS docs) fills a field
  // with its name: "password" spelled out counts only with a symbol (`p@sswordX!` is not spelled out).
  if (/pass_?word|passwd/i.test(s) && (/[A-Z][a-z]+[A-Z]/.test(s) || /^[A-Za-z0-9]*$/.test(s))) return false;
  return true;
}

/**
 * A value an env file gives a name that says secret (`JWT_SECRET=…`, `SESSION_SECRET=…`): the file
 * is configuration, so snake-case and word-like values are the secret people chose, weak ones
 * included; setting words, references, URLs, paths, numbers and made-up values are not.
 */
export function genericEnvSecret(s: string): boolean {
  if (s.length < 8 || !/[A-Za-z]/.test(s) || /^[$<{#]/.test(s) || FIELD_WORDS.has(s.toLowerCase())) return false;
  return plainLiteral(s) && !/\.(?:pem|key|json|txt|crt|p12|pfx)$/i.test(s);
}

/**
 * A password written with blanks (`"yarrow e38@bzRK"`): the words around the blanks must mix
 * three kinds of characters by themselves, so a blank never counts as the symbol that makes
 * prose (`"Change Me"`, `"see the vault"`) look like a password.
 */
export function genericSpacedPassword(s: string): boolean {
  return /\s/.test(s) && genericPasswordValue(s.replace(/\s+/g, ''));
}

/** `lantern copper pepper orchid 27`: a passphrase of words and blanks, as joinedPassphrase reads them joined. */
export function spacedPassphrase(s: string): boolean {
  return / /.test(s) && joinedPassphrase(s.replace(/ /g, '-'));
}

export const PASSWORD_VALIDATORS: Record<string, (secret: string) => boolean> = {
  'generic-password-value': genericPasswordValue,
  'generic-config-password': genericConfigPassword,
  'generic-literal-password': genericLiteralPassword,
  'generic-weak-password': genericWeakPassword,
  'generic-env-secret': genericEnvSecret,
  'generic-spaced-password': genericSpacedPassword,
  'spaced-passphrase': spacedPassphrase,
};
