import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { composed, drawAbove, drawWhere, plausible, randomFrom, randomToken } from '../helpers/fake.js';
import { crc32 } from '../../src/rules/validators.js';
import { randomLetters, readsAsWordRun, readsLikeWords } from '../../src/rules/validators-generic.js';
import { runs } from '../helpers/runs.js';

// Each class of credential that people commit, with values drawn at random on every run and
// negatives that look alike. The shipped pack, through the detector a scan uses.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path: string) =>
  scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret, confidence: f.confidence }));
const RUNS = runs(15);

/** A key: letters with at least two digits (the generic rules want both). */
const keyOf = (n: number) => composed(() => `${randomToken(n - 4)}${randomFrom('0123456789', 2)}${randomToken(2)}`);
/** A password people write: letters, digits and a symbol, no placeholder word. */
const password = () =>
  `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 3)}${randomFrom('bcdfghjkmnpqrstvwz', 4)}${randomFrom('0123456789', 2)}${randomFrom('!#%*@', 1)}${randomFrom('bcdfghjkmnpqrstvwz', 2)}`;
/** A weak one-word-and-digits password, as found in config files. */
const weak = () => `${randomFrom('bcdfghjklmnpqrstvwz', 7)}${randomFrom('0123456789', 2)}`;
/** A UUID that starts with a letter (today's identifier filter dropped those). */
function letterUuid(): string {
  for (;;) {
    const u = randomUUID();
    if (/^[a-f]/.test(u) && !/(.)\1{5}/.test(u)) return u;
  }
}

function expectSecret(text: string, path: string, secret: string): void {
  const hits = found(text, path);
  expect(hits.map((h) => h.secret), `${path}: ${text}`).toContain(secret);
}

function expectNothing(text: string, path: string): void {
  expect(found(text, path), `${path}: ${text}`).toEqual([]);
}

describe('unquoted values', () => {
  it('in env, ini, properties, cfg, conf, YAML and TOML files', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(24);
      const pw = weak();
      const cases: Array<[string, string, string]> = [
        [`SERVICE_API_KEY=${key}\n`, '.env', key],
        [`[api]\nclient_secret = ${key}\n`, 'settings.ini', key],
        [`app.auth.token=${key}\n`, 'application.properties', key],
        [`[auth]\naccess_token: ${key}\n`, 'setup.cfg', key],
        [`database:\n  password: ${pw}\n`, 'config.yml', pw],
        [`[db]\npassword = ${pw}\n`, 'pgbouncer.conf', pw],
        [`spring.datasource.password=${pw}\n`, 'application.properties', pw],
        [`[deploy]\napi_token = "${key}"\n`, 'Cargo.toml', key],
      ];
      for (const [text, path, secret] of cases) expectSecret(text, path, secret);
    }
  });

  it('in any text file when the name is clearly a secret', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = weak();
      const key = keyOf(28);
      expectSecret(`DB_PASSWORD=${pw}\n`, 'notes.txt', pw);
      expectSecret(`[Service]\nAdminPassword=${pw}\n`, 'readme.txt', pw);
      expectSecret(`export PAYMENT_SECRET=${key}  # staging\n`, 'deploy.md', key);
      expectSecret(`# BACKUP_TOKEN=${key}\n`, 'old.txt', key);
      expectSecret(`creds = ${key}\n`, 'run.txt', key);
      // A word and a blank before the name, a name ending in -key, a token of two long parts.
      expectSecret(`Fastly token: ${key}\n`, 'notes.txt', key);
      expectSecret(`partner-key = ${key}\n`, 'run.txt', key);
      const twoParts = `${keyOf(20)}.${keyOf(36)}`;
      expectSecret(`reports_token = ${twoParts}\n`, 'notes.txt', twoParts);
    }
  });

  it('not a dotted type name, a data key or a sentence after the name', () => {
    const key = keyOf(28);
    expectNothing('signing_key: cryptography.hazmat.primitives.asymmetric.Ed25519PrivateKey\n', 'types.txt');
    expectNothing(`cache_key = ${key}\n`, 'notes.txt');
    expectNothing('The token: see the deployment guide for where to find it\n', 'notes.txt');
  });

  it('not a reference, a setting word, an expression or a placeholder', () => {
    for (const [text, path] of [
      ['DB_PASSWORD=${DB_PASSWORD}\n', 'notes.txt'],
      ['DB_PASSWORD=required\n', 'notes.txt'],
      ['PASSWORD_MIN_LENGTH=12\n', '.env'],
      ['password = request.form["password"]\n', 'app.py'],
      ['password = get_password(user)\n', 'app.py'],
      ['token = self.session.token\n', 'client.py'],
      ['db_password = db_password_from_vault\n', 'app.py'],
      ['AdminPassword=&lt;YOUR_PASSWORD&gt;\n', 'readme.txt'],
      ['password: &lt;password&gt;\n', 'config.yml'],
      ['API_TOKEN=&lt;YOUR_API_TOKEN&gt;\n', '.env'],
      ['private_key: x448.X448PrivateKey2024\n', 'types.pyi'],
      ['SECRET_NAME=PAYMENTS-SIGNING-KEY-2024\n', '.env'],
    ] as const) {
      expectNothing(text, path);
    }
  });
});

describe('compound and camelCase names', () => {
  it('in code, JSON keys and XML attributes', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(24);
      const pw = password();
      const cases: Array<[string, string, string]> = [
        [`const dbPassword = "${pw}";\n`, 'db.ts', pw],
        [`{"smtpPass": "${pw}"}\n`, 'mail.json', pw],
        [`sshKeyPassphrase = '${pw}'\n`, 'deploy.py', pw],
        [`val stripeSecretKey = "${key}"\n`, 'Billing.kt', key],
        [`{"adminToken": "${key}"}\n`, 'seed.json', key],
        [`<add key="ApiKey" value="${key}" />\n`, 'web.config', key],
        [`<add key="MailPassword" value="${pw}" />\n`, 'web.config', pw],
        [`<connection host="db" password="${pw}" />\n`, 'context.xml', pw],
      ];
      for (const [text, path, secret] of cases) expectSecret(text, path, secret);
    }
  });

  it('a client or request token written with a separator is a credential', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(26);
      expectSecret(`SERVICE_CLIENT_TOKEN="${key}"\n`, 'ci.sh', key);
      // plausible(): `KEY-HERE…` reads as the placeholder `key-here` (a CI run drew it).
      const upper = plausible(() => `KEY-${randomFrom('ABCDEFGHJKLMNPQRSTVWXYZ', 10)}${randomFrom('0123456789', 6)}${randomFrom('ABCDEFGHJKLMNPQRSTVWXYZ', 8)}`);
      expectSecret(`deploy_api_token = "${upper}"\n`, 'deploy.py', upper);
    }
  });

  it('not the token names APIs use for ids, nor words that end in "pass"', () => {
    for (let i = 0; i < RUNS; i++) {
      const b64 = randomBytes(30).toString('base64');
      expectNothing(`{"NextToken": "${b64}"}\n`, 'page.json');
      expectNothing(`{"ClientToken": "${letterUuid()}"}\n`, 'req.json');
      expectNothing(`{"ChangeToken": "${letterUuid()}"}\n`, 'waf.json');
      expectNothing(`"IdempotencyToken": "${keyOf(24)}"\n`, 'req.json');
      expectNothing(`bypass = "${password()}"\n`, 'flags.py');
      expectNothing(`compass: "${password()}"\n`, 'nav.yml');
    }
  });
});

describe('UUID-shaped secrets', () => {
  it('are reported under a secret name whatever their first character', () => {
    for (let i = 0; i < RUNS; i++) {
      const u = letterUuid();
      expectSecret(`client_secret = "${u}"\n`, 'auth.py', u);
      expectSecret(`HEROKU_API_KEY=${u}\n`, '.env', u);
      expectSecret(`{"apiToken": "${u}"}\n`, 'cfg.json', u);
    }
  });

  it('are not reported under an id name', () => {
    for (let i = 0; i < RUNS; i++) {
      expectNothing(`request_id = "${letterUuid()}"\n`, 'a.py');
      expectNothing(`{"LockToken": "${letterUuid()}"}\n`, 'waf.json');
    }
  });
});

describe('lower-case keys', () => {
  // Letters and digits in one case: a 9-letter run of letters is common in random base36 (44% of
  // 40-character values hold one) and is a word only when it reads like one.
  // Letters no English pair is made of (scripts/english-bigrams.mjs): a run of them never reads as words.
  const ODD = 'bjqvzw';
  const CONSONANTS = 'bcdfghjklmnpqrstvz';
  // Random parts around the run hold no 9-letter run of their own (one draw in ~50 would).
  const part = (n: number) => drawWhere(() => randomFrom(`${CONSONANTS}0123456789`, n), (p) => !/[a-z]{9,}/.test(p));
  const lowerKey = () => composed(() => `${part(12)}${randomFrom('0123456789', 2)}${randomFrom(ODD, 11)}${randomFrom('0123456789', 1)}${part(14)}`);

  it('are found when a long run of letters holds no words', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = lowerKey();
      expectSecret(`api_secret = "${key}"\n`, 'settings.py', key);
      expectSecret(`AUTH_TOKEN=${key}\n`, '.env', key);
    }
  });

  it('are found in kebab and upper-case groups whose parts mix digits into letters', () => {
    for (let i = 0; i < RUNS; i++) {
      const group = (alphabet: string) => `${randomFrom(alphabet, 3)}${randomFrom('0123456789', 1)}${randomFrom(alphabet, 3)}`;
      // Four or five groups drawn apart: above the generic rules' 3.5 bits as a whole.
      const upper = drawAbove(3.7, () => [0, 1, 2, 3].map(() => group('BCDFGHJKLMNPQRSTVZ')).join('-'));
      const lower = drawAbove(3.7, () => [0, 1, 2, 3, 4].map(() => group(CONSONANTS)).join('-'));
      expectSecret(`partner token = '${upper}'\n`, 'notes.txt', upper);
      expectSecret(`partner token = '${lower}'\n`, 'notes.txt', lower);
    }
  });

  it('are not found when their letters count up, read alone (made up by hand)', () => {
    expectNothing('api_secret = "k3l9m2n7o4p8q1r6s5t0"\n', 'settings.py');
    expectNothing('AUTH_TOKEN=c7d2e9f4g1h8i3j6k5l0\n', '.env');
  });

  it('are found when a run of random letters reads as words by its pairs, not by its triples', () => {
    // The pair test took one random 32-character base36 key in 20 for words; the triple test one
    // in 160 (bench/micro/word-runs.mjs).
    for (let i = 0; i < RUNS; i++) {
      const run = drawWhere(() => randomFrom('abcdefghijklmnopqrstuvwxyz', 10), (r) => /[g-z]/.test(r) && readsLikeWords(r) && !readsAsWordRun(r));
      const key = plausible(() => `${part(10)}${randomFrom('0123456789', 2)}${run}${randomFrom('0123456789', 1)}${part(10)}`);
      expectSecret(`api_secret = "${key}"\n`, 'settings.py', key);
      expectSecret(`AUTH_TOKEN=${key}\n`, '.env', key);
    }
  });

  it('are not found when the letters are words joined with a number', () => {
    expectNothing('api_secret = "connectionstring2024"\n', 'settings.py');
    expectNothing('auth_token = "authenticationheader1"\n', 'settings.py');
    expectNothing('client_secret = "myapplicationsecret42"\n', 'settings.py');
    expectNothing('api_key = "yourapikeyhere42"\n', 'settings.py');
    expectNothing('AUTH_TOKEN=mysupersecrettoken7\n', '.env');
  });
});

describe('mixed-case keys without a digit', () => {
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  // One random base62 value of 20 characters in 30 holds no digit.
  const letterKey = (n: number) => drawWhere(() => randomFrom(LETTERS, n), randomLetters);

  it('are found under a secret name in code, config and prose', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = letterKey(16 + Math.floor(Math.random() * 25));
      expectSecret(`api_secret = "${key}"\n`, 'settings.py', key);
      expectSecret(`const authToken = '${key}';\n`, 'client.js', key);
      expectSecret(`{"client_secret": "${key}"}\n`, 'app.json', key);
      expectSecret(`partner token = '${key}'\n`, 'notes.txt', key);
    }
  });

  it('most random letters read as random; words in either case do not', () => {
    let random = 0;
    for (let i = 0; i < 2000; i++) if (randomLetters(randomFrom(LETTERS, 20))) random++;
    // 81% in 20,000 draws (bench/micro/digitless.mjs): far above this floor by chance.
    expect(random).toBeGreaterThan(1500);
    const WORDS = ['Access', 'Token', 'Provider', 'Client', 'Secret', 'Credential', 'Request', 'Handler', 'Session', 'Manager',
      'Default', 'Factory', 'Service', 'Account', 'Storage', 'Encrypted', 'Signing', 'Private', 'Bearer', 'Refresh'];
    for (let i = 0; i < RUNS * 10; i++) {
      const n = 2 + Math.floor(Math.random() * 3);
      const name = Array.from({ length: n }, () => WORDS[Math.floor(Math.random() * WORDS.length)]).join('');
      expect(randomLetters(name), name).toBe(false);
      expect(randomLetters(name[0]!.toLowerCase() + name.slice(1)), name).toBe(false);
    }
  });

  it('are not found when the value is a name, an acronym run, a path or a format', () => {
    expectNothing('auth_token = "getAuthTokenFromHeader"\n', 'settings.py');
    expectNothing('api_key = "XMLHttpRequestHandler"\n', 'settings.py');
    expectNothing('secret: "ClientSecretCredential"\n', 'config.yml');
    expectNothing('secret_key = "lib/Foo/Bar/Baz.pm"\n', 'settings.py');
    expectNothing('token_format = "YYYY-MM-dd-HH-mm-ss"\n', 'settings.py');
    expectNothing('api_token = "dim_avg_wgt_n_Wrap"\n', 'settings.py');
  });
});

describe("a provider credential's name with a value of another format", () => {
  it('is no finding of a generic rule; the right format is the provider rule\'s', () => {
    for (let i = 0; i < RUNS; i++) {
      const hex42 = randomFrom('0123456789abcdef', 42);
      expectNothing(`export AWS_SECRET_ACCESS_KEY=${hex42}\n`, 'deploy.sh');
      expectNothing(`aws_secret_key: "${keyOf(30)}"\n`, 'config.yml');
      const key = drawWhere(() => randomFrom('BCDFGHJKLMNPQRSTVWYZbcdfghjklmnpqrstvwyz0123456789/+', 40), (s) => /[0-9]/.test(s) && (s.match(/[A-Z]/g)?.length ?? 0) >= 8 && (s.match(/[a-z]/g)?.length ?? 0) >= 8); // the AWS rule asks a fifth of each case; no vowel or x: no placeholder word (`XXXX`) by chance
      expect(found(`export AWS_SECRET_ACCESS_KEY=${key}\n`, 'deploy.sh').map((h) => h.secret)).toContain(key);
    }
  });
});

describe('values assigned inside a line: logs, commands, prose', () => {
  it('are found after other text, up to a blank or the line end', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(28);
      expectSecret(`2024-05-01 10:00:00 [DEBUG] Using API_KEY=${key}\n`, 'worker.log', key);
      expectSecret(`docker run --rm -e DEPLOY_TOKEN=${key} registry.example/app:2\n`, 'README.md', key);
      expectSecret(`[INFO] connecting, partner_key=${key}, retries=3\n`, 'app.log', key);
      expectSecret(`[DEBUG] Using Key=${key}\n`, 'worker.log', key);
      expectSecret(`[DEBUG] using key = ${key}\n`, 'worker.log', key);
    }
  });

  it('are not found when the value is an expression, a reference, a resource name or short', () => {
    expectNothing('client = Client(api_key=settings.PARTNER_API_KEY_2)\n', 'app.py');
    expectNothing('[DEBUG] Using API_KEY=${PARTNER_API_KEY}\n', 'worker.log');
    expectNothing('gcloud run deploy --set-secrets DB_PASSWORD=projects/1234/secrets/db-password/versions/3\n', 'deploy.sh');
    expectNothing(`[DEBUG] token=${keyOf(12)}\n`, 'worker.log');
    expectNothing('cache_key=user_profile_settings_v2 hit\n', 'app.log');
    expectNothing('aws s3api get-object --bucket b --key uploads/2024/05/user-avatar out.bin\n', 'README.md');
    expectNothing('\ttest_must_fail env SERVICE_CONFIG_KEY_0= SERVICE_CONFIG_VALUE_0=value cmd\n', 't1300.sh');
    expectNothing(`[DEBUG] monkey=${keyOf(28)}\n`, 'worker.log');
  });
});

describe('names that end in key', () => {
  it('take a random quoted value in code, YAML and JSON', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(32);
      expectSecret(`  geocoder_key: "${key}"\n`, 'config.yaml', key);
      expectSecret(`PARTNER_KEY = '${key}'\n`, 'settings.py', key);
      expectSecret(`{"ledger-key": "${key}"}\n`, 'app.json', key);
    }
  });

  it('a data word that only ends a word of the name does not make it a data key (bitbucket, platform, transaction)', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(32);
      expectSecret(`bitbucket_key = "${key}"\n`, 'settings.py', key);
      expectSecret(`ibm_platform_key: "${key}"\n`, 'config.yaml', key);
      expectSecret(`transaction_token = "${key}"\n`, 'settings.py', key);
      expectSecret(`const meistertaskToken = '${key}';\n`, 'client.js', key);
      expectNothing(`bucket_key = "${key}"\n`, 'settings.py');
      expectNothing(`const formKey = '${key}';\n`, 'client.js');
      expectNothing(`task_token = "${key}"\n`, 'settings.py');
    }
  });

  it('take camelCase names that end in Key, not words that end in key nor keys of data', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(32);
      expectSecret(`boostnoteKey := "${key}"\n`, 'client.go', key);
      expectSecret(`const partnerKey = '${key}';\n`, 'client.js', key);
      expectNothing(`const monkey = '${key}';\n`, 'zoo.js');
      expectNothing(`cacheKey: "${key}"\n`, 'store.ts');
      expectNothing(`primaryKey = "${key}"\n`, 'model.py');
    }
  });

  it('not of keys that are no secret, nor names, type names or resource paths as values', () => {
    const key = keyOf(32);
    for (const name of ['cache_key', 'sort_key', 'partition_key', 'vapid_public_key', 'recaptcha_site_key', 'ssh_key', 'gpg_key', 's3_key']) {
      expectNothing(`${name}: "${key}"\n`, 'config.yaml');
    }
    expectNothing('"result_key": "Ipv6CidrAssociations"\n', 'paginators.json');
    expectNothing('"result_key": "ServerlessV2PlatformVersions"\n', 'paginators.json');
    expectNothing("METADATA_KEY = 'enable-oslogin-2fa'\n", 'ssh.py');
    expectNothing("_PKCS12_KEY = '_private_key_pkcs12'\n", 'account.py');
    expectNothing("--kms-key='projects/acme/locations/us-east1/keyRings/main-ring/cryptoKeys/data-key'\n", 'README.md');
  });
});

describe('a key after its name and a blank, ending the line', () => {
  it('is found in nginx headers, blank-separated properties and notes', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(28);
      expectSecret(`    proxy_set_header X-Auth-Token ${key};\n`, 'nginx.conf', key);
      expectSecret(`partner.api.key ${key}\n`, 'app.properties', key);
      expectSecret(`staging secret ${key}\n`, 'notes.txt', key);
    }
  });

  it('not when the sentence goes on, nor a variable, a placeholder or words', () => {
    const key = keyOf(28);
    expectNothing(`the refresh token ${key} expires after thirty days\n`, 'notes.txt');
    expectNothing('    proxy_set_header X-Auth-Token $http_x_auth_token;\n', 'nginx.conf');
    expectNothing('token <your-token-here>\n', 'README.txt');
    expectNothing('uses a bearer token authentication_required_for_all_routes\n', 'notes.txt');
  });
});

describe('a token stored with its auth scheme', () => {
  it('is found after Bearer, Basic or Token inside the quotes, and unquoted in config files', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(28);
      expectSecret(`  reports_auth_token: "Bearer ${key}"\n`, 'notes.txt', key);
      expectSecret(`syncToken := "Bearer ${key}"\n`, 'client.go', key);
      expectSecret(`export SERVICE_TOKEN='Token ${key}'\n`, 'deploy.sh', key);
      expectSecret(`chat_auth_token: Bearer ${key}\n`, 'config.yaml', key);
      // A header setter's two arguments.
      expectSecret(`req.Header.Set("Authorization", "Bearer ${key}")\n`, 'client.go', key);
      expectSecret(`conn.setRequestProperty('Authorization', 'Bearer ${key}');\n`, 'Client.java', key);
    }
  });

  it('not a scheme alone, nor a reference or an expression after it', () => {
    expectNothing('auth_token: "Bearer ${CHAT_TOKEN}"\n', 'config.yaml');
    expectNothing('token_type: "Bearer"\n', 'config.yaml');
    expectNothing('auth_token = "Bearer " + token\n', 'client.py');
    expectNothing('req.Header.Set("Authorization", "Bearer " + token)\n', 'client.go');
  });
});

describe('framework keys', () => {
  it('Laravel APP_KEY, Flask secret_key, ASP.NET machineKey', () => {
    for (let i = 0; i < RUNS; i++) {
      const laravel = `base64:${randomBytes(32).toString('base64')}`;
      expect(found(`APP_ENV=local\nAPP_KEY=${laravel}\n`, '.env')).toContainEqual({ rule: 'laravel-app-key', secret: laravel, confidence: 'high' });
      const flask = randomFrom('0123456789abcdef', 48);
      expect(found(`from flask import Flask\napp = Flask(__name__)\napp.secret_key = "${flask}"\n`, 'app.py')).toContainEqual({ rule: 'flask-secret-key', secret: flask, confidence: 'medium' });
      const validation = randomFrom('0123456789ABCDEF', 64);
      const decryption = randomFrom('0123456789ABCDEF', 48);
      const hits = found(`<machineKey validationKey="${validation}" decryptionKey="${decryption}" validation="HMACSHA256" />\n`, 'web.config');
      expect(hits).toContainEqual({ rule: 'aspnet-machine-key-validation', secret: validation, confidence: 'high' });
      expect(hits).toContainEqual({ rule: 'aspnet-machine-key-decryption', secret: decryption, confidence: 'high' });
    }
  });

  it('Laravel Sanctum tokens: with a verified CRC32 (Sanctum 4) or without one (2-3), no name needed', () => {
    const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const random40 = () => drawWhere(() => randomFrom(base62, 40), (r) => /[a-z]/.test(r) && /[A-Z]/.test(r) && /[0-9]/.test(r));
    for (let i = 0; i < RUNS; i++) {
      const id = String(1 + Math.floor(Math.random() * 99999));
      const random = random40();
      const crc = crc32(random).toString(16).padStart(8, '0');
      const v4 = `${id}|${random}${crc}`;
      expect(found(`curl -H "Authorization: Bearer ${v4}" https://shop.example.org/api\n`, 'notes.txt')).toContainEqual({ rule: 'laravel-sanctum-token', secret: v4, confidence: 'high' });
      const v3 = `${id}|${random40()}`;
      expect(found(`$client->withToken('${v3}');\n`, 'Client.php')).toContainEqual({ rule: 'laravel-sanctum-token-legacy', secret: v3, confidence: 'medium' });
      // A CRC that does not match, hex of a hash in a pipe-separated log, one case only.
      const wrong = ((Number.parseInt(crc, 16) + 1) >>> 0).toString(16).padStart(8, '0');
      expectNothing(`${id}|${random}${wrong}\n`, 'notes.txt');
      expectNothing(`2024-05-01|${id}|${randomFrom('0123456789abcdef', 40)}|ok\n`, 'access.log');
      expectNothing(`${id}|${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 40)}\n`, 'notes.txt');
    }
  });

  it('a Django key given as the default of an environment lookup, with the symbols of its alphabet', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = composed(() => `${randomFrom('bcdfghjkmnpqrstvwz0123456789', 20)}${randomFrom('!@#$%^&*', 3)}${randomFrom('bcdfghjkmnpqrstvwz0123456789', 20)}`);
      // Not settings.py, where the Django rule takes SECRET_KEY = … whatever its right side.
      expectSecret(`signing = os.environ.get('DJANGO_SECRET_KEY', '${key}')\n`, 'config.py', key);
    }
  });

  it('a hex key whose letters happen to run long (a-f only) is still a key', () => {
    // One 48-hex value in about 170 holds 9+ hex letters in a row; those were dropped as words.
    const hex = `${randomFrom('0123456789abcdef', 16)}fedcfcffafed${randomFrom('0123456789abcdef', 20)}`;
    expect(found(`app.secret_key = "${hex}"\n`, 'app.py')).toContainEqual({ rule: 'flask-secret-key', secret: hex, confidence: 'medium' });
  });

  it('not an empty, short, generated-at-runtime or environment-read key', () => {
    expectNothing('APP_KEY=\n', '.env');
    expectNothing(`APP_KEY=base64:${randomBytes(16).toString('base64')}\n`, '.env');
    expectNothing('<machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />\n', 'web.config');
    expectNothing('from flask import Flask\napp.secret_key = os.environ["SECRET_KEY"]\n', 'app.py');
  });
});
