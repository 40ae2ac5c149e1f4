import { describe, it } from 'vitest';
import { chosenPassword, fakeGenericSecret, plausible, randomFrom } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Passphrases of words joined by `-` or `_` in a password's place, passwords whose tail after a dot
// reads like a file extension or a member (`Falcon55.pY`), and the password argument of login,
// JDBC, OkHttp, Faraday and PDO calls when the user is a variable or the arguments span lines, and
// getters that return a key, token or password literal, single-argument auth calls (Go ssh, Lua
// redis), gofmt-aligned struct fields and Azure's StorageSharedKeyCredential:
// values drawn at random on every run, negatives that look alike. The shipped pack, through a
// scan's detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const WORDS = ['velvet', 'harbor', 'quartz', 'meadow', 'copper', 'lantern', 'saddle', 'glacier', 'pepper', 'walrus',
  'orchid', 'summit', 'anchor', 'cactus', 'ember', 'falcon', 'juniper', 'tundra', 'biscuit', 'compass'];
const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)]!;
function passphrase(): string {
  const n = 3 + Math.floor(Math.random() * 3);
  const sep = pick(['-', '_']);
  const words = Array.from({ length: n }, () => pick(WORDS)).map((w) => (Math.random() < 0.3 ? w[0]!.toUpperCase() + w.slice(1) : w));
  return words.join(sep) + (Math.random() < 0.5 ? `${sep}${randomFrom('23456789', 2)}` : '');
}

describe('passphrases of joined words', () => {
  it('are not a phrase about a secret for opening like an article and ending like "pass"', () => {
    // `a…` + `…compass`, `this…` + `…bypass`: a flaky draw of the test below until the filler-phrase
    // check asked for whole words.
    for (const pw of ['anchor-velvet-compass', 'Thistle_amber_bypass', 'mycelium-harbor-compass-42']) {
      expectSecret(`ssh.connect(hostname=host, username="ops", password="${pw}", timeout=15)\n`, 'restart.py', pw);
    }
    expectNothing('password = "my-db-password"\npassword = "yourpassword"\n', 'settings.py');
  });

  it('are passwords in quoted literals and config values', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = passphrase();
      expectSecret(`ssh.connect(hostname=host, username="ops", password="${pw}", timeout=15)\n`, 'restart.py', pw);
      expectSecret(`client = Mysql2::Client.new(\n  host: 'db.lan',\n  password: '${pw}',\n)\n`, 'backfill.rb', pw);
      expectSecret(`{"db": {"user": "app", "password": "${pw}"}}\n`, 'config.json', pw);
      expectSecret(`DB_PASSWORD=${pw}\n`, '.env', pw);
      expectSecret(`database:\n  password: ${pw}\n`, 'config.yml', pw);
    }
  });

  it('a numbered word joined to another part counts unquoted in config files as it does quoted', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `${pick(WORDS)}${randomFrom('23456789', 2)}_${randomFrom('bcdfghjkmnpqrstvwz', 4)}`;
      expectSecret(`database:\n  password: ${pw}\n`, 'config.yml', pw, 'generic-password-config');
      expectSecret(`[db]\npassword = ${pw}\n`, 'app.ini', pw, 'generic-password-config');
    }
    expectNothing('[db]\npassword = sha256_hash\n', 'app.ini');
  });

  it('not names of the password, placeholders, references or constants', () => {
    for (const v of ['db_admin_password', 'change_me_later', 'your_secret_here', 'read_from_env', 'set-in-vault', 'VAULT_DB_CREDS', 'new-user-pass', 'replace_with_real_value']) {
      expectNothing(`password = "${v}"\n`, 'settings.py');
      expectNothing(`database:\n  password: ${v}\n`, 'config.yml');
    }
  });
});

describe('a password whose tail reads like an extension or a member', () => {
  it('is a password, while file names and member access are not', () => {
    for (let i = 0; i < RUNS; i++) {
      const tail = randomFrom('bcdfghjkmnpqrstvwz', 1) + randomFrom('BCDFGHJKLMNPQRSTVWZ', 1);
      const pw = `${pick(WORDS)[0]!.toUpperCase()}${pick(WORDS).slice(1)}${randomFrom('23456789', 2)}.${pick([tail, 'pY', 'jS', 'tX'])}`;
      expectSecret(`variables:\n  DEPLOY_PASSWORD: "${pw}"\n`, '.gitlab-ci.yml', pw);
      expectSecret(`server.login(SMTP_USER, "${pw}")\n`, 'notify.py', pw);
    }
    expectNothing('  DEPLOY_PASSWORD: "deploy_password.txt"\n', '.gitlab-ci.yml');
    expectNothing('  DEPLOY_PASSWORD: "settings.deployPassword"\n', '.gitlab-ci.yml');
  });
});

describe('password arguments of login and connection calls', () => {
  it('are found when the user is a variable or the arguments span lines', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword('!#.*');
      expectSecret(`    server.login(SMTP_USER, "${pw}")\n`, 'notify.py', pw, 'password-positional-literal');
      expectSecret(`Connection c = DriverManager.getConnection(url, dbUser, "${pw}");\n`, 'Export.java', pw, 'password-positional-literal');
      expectSecret(`private val credential = Credentials.basic("sync-bot@acme.io", "${pw}")\n`, 'JiraClient.kt', pw, 'password-positional-literal');
      expectSecret(`  f.request :authorization, :basic, 'release-bot', '${pw}'\n  f.request :json\n`, 'jira.rb', pw, 'password-positional-literal');
      expectSecret(`$pdo = new PDO(\n    'mysql:host=db1;dbname=shop',\n    'shop_app',\n    '${pw}',\n    [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]\n);\n`, 'Database.php', pw, 'password-positional-literal');
    }
  });

  it('not variables, lookups or the token-as-user filler', () => {
    for (const [text, path] of [
      ['server.login(SMTP_USER, SMTP_PASSWORD)\n', 'notify.py'],
      ['server.login(user, os.environ["SMTP_PASSWORD"])\n', 'notify.py'],
      ['val credential = Credentials.basic(user, password)\n', 'JiraClient.kt'],
      ["f.request :authorization, :basic, ENV['JIRA_USER'], ENV['JIRA_TOKEN']\n", 'jira.rb'],
      ['gh.login(token, "x-oauth-basic")\n', 'release.py'],
      ["$pdo = new PDO(\n    $dsn,\n    $user,\n    $password\n);\n", 'Database.php'],
    ] as const) {
      expectNothing(text, path);
    }
  });
});

describe('getters that return a literal', () => {
  it('a key, token or secret in Java, Kotlin, Go, Python and C#', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = plausible(() => fakeGenericSecret(24));
      expectSecret(`    public String getApiKey() {\n        return "${key}";\n    }\n`, 'Config.java', key, 'generic-secret-getter');
      expectSecret(`    override fun getAuthToken(): String = "${key}"\n`, 'Api.kt', key, 'generic-secret-getter');
      expectSecret(`func apiToken() string { return "${key}" }\n`, 'client.go', key, 'generic-secret-getter');
      expectSecret(`    def get_secret_key(self):\n        return "${key}"\n`, 'settings.py', key, 'generic-secret-getter');
      expectSecret(`    private string GetClientSecret() => "${key}";\n`, 'Auth.cs', key, 'generic-secret-getter');
      const pw = chosenPassword();
      expectSecret(`    public String getPassword() {\n        return "${pw}";\n    }\n`, 'DataSourceConfig.java', pw, 'generic-password-getter');
      expectSecret(`    def get_smtp_password(self):\n        return "${pw}"\n`, 'mail.py', pw, 'generic-password-getter');
    }
  });

  it('not lookups, fields, public keys, page tokens or names', () => {
    const key = plausible(() => fakeGenericSecret(24));
    for (const [text, path] of [
      ['    public String getApiKey() {\n        return System.getenv("API_KEY");\n    }\n', 'Config.java'],
      ['    public String getPassword() {\n        return password;\n    }\n', 'Config.java'],
      [`    public String getPublicKey() { return "${key}"; }\n`, 'Keys.java'],
      [`    fun getNextPageToken(): String = "${key}"\n`, 'Pager.kt'],
      ['    def get_secret_key(self):\n        return "secret_key_setting_name"\n', 'settings.py'],
      ['    String getPassword() { return "${db.password}"; }\n', 'Config.java'],
    ] as const) {
      expectNothing(text, path);
    }
  });
});

describe('more call forms and aligned fields', () => {
  it('are found in Go, Lua, Python, Ruby and .NET', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword('!#.*');
      const key = plausible(() => fakeGenericSecret(32));
      expectSecret(`\t\tAuth: []ssh.AuthMethod{\n\t\t\tssh.Password("${pw}"),\n\t\t},\n`, 'remote.go', pw, 'password-single-argument-call');
      expectSecret(`        local ok, err = red:auth("${pw}")\n`, 'ratelimit.lua', pw, 'password-single-argument-call');
      expectSecret(`\tauth := smtp.PlainAuth("", sender, "${pw}", smtpHost)\n`, 'main.go', pw, 'password-positional-literal');
      expectSecret(`credentials = pika.PlainCredentials("orders-svc", "${pw}")\n`, 'events.py', pw, 'password-positional-literal');
      expectSecret(`      req.basic_auth 'ci-cleanup', '${pw}'\n`, 'artifacts.rake', pw, 'password-positional-literal');
      // gofmt aligns the values of a struct literal with blanks after the colon.
      expectSecret(`\topts := &redis.Options{\n\t\tAddr:         "cache:6379",\n\t\tPassword:     "${key}",\n\t}\n`, 'redis.go', key);
      expectSecret(`\tcfg := Config{\n\t\tRegion:       "eu-west-1",\n\t\tSecretKey:    "${key}",\n\t}\n`, 'config.go', key);
      const account = randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 86);
      const accountKey = `${account}==`;
      expectSecret(`var credential = new StorageSharedKeyCredential(AccountName, "${accountKey}");\n`, 'BlobArchiver.cs', accountKey, 'azure-storage-shared-key-credential');
    }
  });

  it('not variables, lookups or empty strings', () => {
    for (const [text, path] of [
      ['\t\tAuth: []ssh.AuthMethod{ssh.Password(os.Getenv("SSH_PASSWORD"))},\n', 'remote.go'],
      ['        local ok, err = red:auth(os.getenv("REDIS_PASSWORD"))\n', 'ratelimit.lua'],
      ['\tauth := smtp.PlainAuth("", sender, password, smtpHost)\n', 'main.go'],
      ['credentials = pika.PlainCredentials(user, password)\n', 'events.py'],
      ["      req.basic_auth ENV['CI_USER'], ENV['CI_PASSWORD']\n", 'artifacts.rake'],
      ['\topts := &redis.Options{\n\t\tAddr:         "cache:6379",\n\t\tPassword:     os.Getenv("REDIS_PASSWORD"),\n\t}\n', 'redis.go'],
      ['var credential = new StorageSharedKeyCredential(AccountName, accountKey);\n', 'BlobArchiver.cs'],
    ] as const) {
      expectNothing(text, path);
    }
  });
});
