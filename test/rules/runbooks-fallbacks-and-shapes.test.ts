import { describe, expect, it } from 'vitest';
import { chosenPassword, fakeGenericSecret, randomFrom } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Password shapes that read as names (`BrambleSaddle8883`, `badger.walnut.winter.45`, a leading
// `*`), credentials files without an extension, passwords that runbooks write in code spans,
// recorded HTTP headers as YAML lists, Jedis, Phoenix's secret_key_base, environment fallbacks
// under any key's name, PDO with its DSN in a variable, a module's auth tuple, and SQL passwords
// that start with `$`: values drawn at random on every run, negatives that look alike. The shipped
// pack, through a scan's detector.
const { found, expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const WORDS = ['Bramble', 'Saddle', 'Velvet', 'Harbor', 'Quartz', 'Meadow', 'Copper', 'Lantern', 'Glacier', 'Walrus', 'Orchid', 'Summit'];
const pick = <T>(a: readonly T[]): T => a[Math.floor(Math.random() * a.length)]!;
const digits = (n: number) => randomFrom('23456789', n);
const lower = (w: string) => w.toLowerCase();

describe('password shapes that read as names', () => {
  it('two to four capitalised words and a number are a password in a password setting', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `${pick(WORDS)}${pick(WORDS)}${Math.random() < 0.5 ? pick(WORDS) : ''}${digits(2 + (i % 3))}`;
      expectSecret(`DB_PASSWORD=${pw}\n`, '.env', pw);
      expectSecret(`[db]\npassword = ${pw}\n`, 'app.ini', pw, 'generic-password-config');
      expectSecret(`password = "${pw}"\n`, 'settings.py', pw);
    }
  });

  it('not when the words fill the field or carry no number', () => {
    for (const v of ['ChangeMe123', 'YourPassword99', 'DefaultSecret42', 'ServerlessV2Versions', 'BrambleSaddle']) {
      expectNothing(`[db]\npassword = ${v}\n`, 'app.ini');
    }
  });

  it('dotted words end in a number: a passphrase; dotted words alone are a property name', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `${lower(pick(WORDS))}.${lower(pick(WORDS))}.${lower(pick(WORDS))}.${digits(2)}`;
      expectSecret(`db {\n  user = "events"\n  password = "${pw}"\n}\n`, 'application.conf', pw);
    }
    expectNothing('db {\n  password = "spring.datasource.password"\n}\n', 'application.conf');
    expectNothing('db {\n  password = "app.secrets.db"\n}\n', 'application.conf');
  });

  it('a leading `*` is part of a chosen password, but a YAML alias or a mask is not one', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `*${pick(WORDS)}${digits(4)}${pick(['*', '$', '!', ''])}`;
      expectSecret(`const (\n\tdbUser     = "orders"\n\tdbPassword = "${pw}"\n)\n`, 'db.go', pw);
      expectSecret(`my $pass = '${pw}';\n`, 'DB.pm', pw);
    }
    expectNothing('defaults: &db\n  user: app\nprod:\n  password: *db_password\n', 'config.yml');
    expectNothing('prod:\n  password: *DefaultPassword\n', 'config.yml');
    expectNothing('password = "**********"\n', 'settings.py');
  });
});

describe('credentials files without an extension', () => {
  it('mount.cifs credentials files and .smbcredentials hold a password', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      for (const path of ['etc/samba/credentials/nas-archive', 'home/ops/.smbcredentials', 'deploy/backup.creds']) {
        expectSecret(`username=svc_archive\npassword=${pw}\ndomain=HOLLOWMERE\n`, path, pw, 'generic-password-config');
      }
    }
  });

  it('not source files in a credentials folder, and not references', () => {
    expectNothing('password = self.password\n', 'src/credentials/store.py');
    expectNothing('username=svc\npassword=$SMB_PASSWORD\n', 'etc/samba/credentials/nas');
  });
});

describe('passwords that runbooks write in code spans', () => {
  it('after "Password for `user`:" or a bold "Password:" label', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = Math.random() < 0.5 ? chosenPassword() : `${lower(pick(WORDS))}-${lower(pick(WORDS))}-${lower(pick(WORDS))}`;
      expectSecret(`## Access\n\nPassword for \`wh_admin\`: \`${pw}\`\n`, 'docs/runbook.md', pw, 'generic-password-prose');
      expectSecret(`- **Password:** \`${pw}\`\n`, 'README.md', pw, 'generic-password-prose');
    }
  });

  it('a login as two code spans: user, then password', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`Staging admin login: \`admin\` / \`${pw}\`\n`, 'notes.md', pw, 'generic-login-pair-prose');
      expectSecret(`* Credentials: \`deploy\`, \`${pw}\`\n`, 'README.md', pw, 'generic-login-pair-prose');
    }
  });

  it('not references, types, verbs or field names', () => {
    expectNothing('Password for `wh_admin`: `$WH_ADMIN_PASSWORD`\n', 'docs/runbook.md');
    expectNothing('- **Password:** `string`, at least 12 characters\n', 'README.md');
    expectNothing('Login: `GET` / `POST` to `/session`\n', 'README.md');
    expectNothing('Credentials: `username` / `password` fields of the form\n', 'README.md');
    expectNothing('Staging admin login: `admin` / `<from the vault>`\n', 'notes.md');
  });
});

describe('recorded HTTP and client constructors', () => {
  it('a cassette writes the Authorization header as a YAML list', () => {
    for (let i = 0; i < RUNS; i++) {
      const t = fakeGenericSecret(40);
      expectSecret(`    headers:\n      Authorization:\n      - Bearer ${t}\n      Content-Type:\n      - application/json\n`, 'spec/cassettes/purge.yml', t, 'generic-bearer-authorization');
    }
    expectNothing('    headers:\n      Authorization:\n      - Bearer <REDACTED>\n', 'spec/cassettes/purge.yml');
  });

  it("a credential header in a quickstart's code sample is reported, a generic setting there is not", () => {
    for (let i = 0; i < RUNS; i++) {
      const t = fakeGenericSecret(32);
      const doc = `# Quickstart\n\n\`\`\`bash\ncurl -s 'https://geo.example.io/v1/forward?q=x' \\\n  -H 'X-Api-Key: ${t}'\n\`\`\`\n`;
      expectSecret(doc, 'docs/api/quickstart.md', t, 'curl-auth-header');
    }
    expectNothing('# Setup\n\n```yaml\ndatabase:\n  password: Tq8vHz3mLw\n```\n', 'README.md');
  });

  it('Jedis takes the password after the port and timeout, or in auth()', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`POOL = new JedisPool(cfg, "redis.internal", 6379, 2000, "${pw}");\n`, 'Store.java', pw, 'jedis-client-password');
      expectSecret(`POOL = new JedisPool(cfg, host, 6380, 3000, "svc_sessions", "${pw}");\n`, 'Store.java', pw, 'jedis-client-password');
      expectSecret(`jedis.auth("${pw}");\n`, 'Store.java', pw, 'jedis-client-password');
    }
    expectNothing('POOL = new JedisPool(cfg, "redis.internal", 6379, 2000, System.getenv("REDIS_PASSWORD"));\n', 'Store.java');
  });

  it('PDO with its DSN in a variable, and a module constant for requests auth', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`self::$pdo = new PDO($dsn, 'inventory_rw', '${pw}', [\n`, 'Database.php', pw, 'password-positional-literal');
      expectSecret(`JIRA_AUTH = ("svc-reporting", "${pw}")\n`, 'export.py', pw, 'password-positional-literal');
    }
    expectNothing('$pdo = new PDO($dsn, $user, $password);\n', 'Database.php');
    expectNothing('AUTH = (os.environ["JIRA_USER"], os.environ["JIRA_PASSWORD"])\n', 'export.py');
  });

  it('SQL passwords that start with `$` and a symbol after the name; shell variables are not', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `$${pick(WORDS)}${digits(4)}${pick(['*', '!', '#'])}`;
      expectSecret(`CREATE ROLE reporting_ro WITH LOGIN PASSWORD '${pw}';\n`, 'db/0007_role.sql', pw, 'sql-user-password');
    }
    expectNothing(`psql -c "ALTER USER postgres WITH PASSWORD '$POSTGRES_PASSWORD';"\n`, 'init.sh');
    expectNothing(`psql -c "CREATE ROLE app LOGIN PASSWORD '\${APP_DB_PASSWORD}';"\n`, 'init.sh');
  });
});

describe('passwords typed by browser tests and key passphrases on the command line', () => {
  it('the value a test types into the password field', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`await page.fill('#password', '${pw}');\n`, 'e2e/login.spec.ts', pw, 'browser-test-password-fill');
      expectSecret(`cy.get('input[name=password]').type('${pw}')\n`, 'cypress/e2e/login.cy.js', pw, 'browser-test-password-fill');
      expectSecret(`driver.find_element(By.ID, "password").send_keys("${pw}")\n`, 'tests/test_login.py', pw, 'browser-test-password-fill');
    }
    expectNothing("await page.fill('#password', process.env.E2E_PASSWORD);\n", 'e2e/login.spec.ts');
    expectNothing("await page.fill('#username', 'Walrus77pine');\n", 'e2e/login.spec.ts');
    expectNothing('driver.find_element(By.ID, "password").send_keys("password")\n', 'tests/test_login.py');
  });

  it("ssh-keygen's -N and -P", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`ssh-keygen -q -t ed25519 -N '${pw}' -f /root/.ssh/id_ed25519\n`, 'Dockerfile', pw, 'ssh-keygen-passphrase');
    }
    expectNothing('ssh-keygen -t ed25519 -N "" -f ./deploy_key\n', 'setup.sh');
    expectNothing('ssh-keygen -t ed25519 -N "$KEY_PASSPHRASE" -f ./deploy_key\n', 'setup.sh');
  });
});

describe('more places a password is written', () => {
  it('mail, camera, rsync, telnet, VNC and S3 URLs', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      for (const scheme of ['smtp', 'smtps', 'imaps', 'pop3s', 'rtsp', 'rsync', 'telnet', 'vnc']) {
        expectSecret(`url = "${scheme}://ops:${pw}@host01.acme.lan:25/x"\n`, 'settings.txt', pw, 'url-basic-auth-other');
      }
    }
    expectNothing('MAILER_DSN=smtp://${MAILER_USER}:${MAILER_PASSWORD}@smtp.acme.io:587\n', '.env.dist');
  });

  it("the MinIO client's secret key, `openssl passwd`'s argument, an Ansible Vault password file", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      const key = fakeGenericSecret(32);
      expectSecret(`mc alias set backup https://minio.acme.lan:9000 svc-backup '${key}'\n`, 'setup.sh', key, 'minio-client-secret-key');
      expectSecret(`useradd -m -p "$(openssl passwd -6 ${pw})" deploy\n`, 'provision.sh', pw, 'openssl-passwd-plaintext');
      expectSecret(`${pw}\n`, 'deploy/.vault_pass', pw, 'ansible-vault-password-file');
    }
    expectNothing('mc alias set backup https://minio.acme.lan:9000 "$MINIO_ACCESS_KEY" "$MINIO_SECRET_KEY"\n', 'setup.sh');
    expectNothing('openssl passwd -6 -stdin < pass.txt\n', 'provision.sh');
    expectNothing('# the vault password goes here\n', 'deploy/.vault_pass');
    expectNothing('Quill-4471-marsh-Ferry\n', 'deploy/notes.txt');
  });
});

describe('fallbacks of a lookup, namespaced and symbol-named settings, password files', () => {
  it("a lookup's result that falls back to a literal, in Kotlin, C#, Rust and Ruby", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      const key = fakeGenericSecret(24);
      expectSecret(`val pw = System.getenv("DB_PASSWORD") ?: "${pw}"\n`, 'Db.kt', pw, 'password-fallback-default');
      expectSecret(`var pw = Environment.GetEnvironmentVariable("DB_PASSWORD") ?? "${pw}";\n`, 'Db.cs', pw, 'password-fallback-default');
      expectSecret(`let pw = std::env::var("DB_PASSWORD").unwrap_or_else(|_| "${pw}".into());\n`, 'main.rs', pw, 'password-fallback-default');
      expectSecret(`  password: <%= ENV.fetch("DB_PASSWORD") { "${pw}" } %>\n`, 'config/database.yml', pw, 'password-fallback-default');
      expectSecret(`val apiKey = System.getenv("MAPS_API_KEY") ?: "${key}"\n`, 'Maps.kt', key, 'secret-fallback-default');
    }
    expectNothing('val pw = System.getenv("DB_PASSWORD") ?: error("DB_PASSWORD is not set")\n', 'Db.kt');
    expectNothing('pw = ENV["SMTP_PASSWORD"] || ENV["MAIL_PASSWORD"]\n', 'mail.rb');
  });

  it("Pulumi's namespaced keys, Capistrano's `set :password`, a file that holds the password alone", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`config:\n  billing:dbPassword: ${pw}\n`, 'Pulumi.prod.yaml', pw, 'generic-password-config');
      expectSecret(`set :password, "${pw}"\n`, 'config/deploy.rb', pw, 'password-keyed-call');
      expectSecret(`${pw}\n`, 'secrets/db_password.txt', pw, 'password-file');
    }
    expectNothing('config:\n  billing:dbPassword:\n    secure: AAABAJ0Jx4Yq\n', 'Pulumi.prod.yaml');
    expectNothing('set :password, ENV["DEPLOY_PASSWORD"]\n', 'config/deploy.rb');
    expectNothing('Enter your new password below and confirm it.\n', 'templates/reset_password.txt');
    expectNothing('Tern4410dusk!\n', 'notes.txt');
  });
});

describe("other languages' words for password, pairs in chat, CMake, passphrases of words, deploy keys", () => {
  it('Passwort, Kennwort, contraseña, motdepasse, senha, wachtwoord, lösenord and others name a password', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword('!#?');
      for (const name of ['passwort', 'Kennwort', 'contraseña', 'motdepasse', 'mot_de_passe', 'senha', 'Wachtwoord', 'lösenord', 'salasana', 'haslo', 'heslo', 'jelszo', 'passord', 'adgangskode']) {
        expectSecret(`${name}: "${pw}"\n`, 'config/prod.yml', pw);
        expectSecret(`db.${name.toLowerCase()}=${pw}\n`, 'app.properties', pw, 'generic-password-config');
      }
      expectSecret(`_redis_pw = "${pw}"\n`, 'cache.py', pw, 'generic-password-assignment');
    }
    expectNothing('senha: "Senha"\n', 'i18n/pt.yml');
    expectNothing('passwort: "${DB_PASSWORT}"\n', 'config/prod.yml');
  });

  it('a user and a password written as a pair in chat or a ticket', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`    [09:15] tom.b: https://mq.acme.internal:15672  user admin  pw ${pw}\n`, 'docs/incidents/queue.md', pw, 'generic-user-password-text');
      expectSecret(`login: deploy / pass: ${pw}\n`, 'notes.txt', pw, 'generic-user-password-text');
    }
    // A commit message pasted in a fenced block: the pair runs over two lines.
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword('&!#');
      const notes = `\`\`\`\ncommit 0b2d435a\n\n    temp: relay creds for staging\n\n    smtp user: notify@acme.io\n    smtp pass: ${pw}\n\`\`\`\n`;
      expectSecret(notes, 'docs/release-notes/v2.8.0.md', pw, 'generic-user-password-text');
    }
    expectNothing('Enter the user name and password of the account.\n', 'docs/setup.md');
    expectNothing('login: deploy / pass: <ask in #ops>\n', 'notes.txt');
  });

  it("CMake's set(), passphrases of blank-separated words, a Hardhat deployer key", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      const words = [...WORDS].sort(() => Math.random() - 0.5).slice(0, 3 + (i % 2)).map(lower).join(' ');
      const key = randomFrom('0123456789abcdef', 64);
      expectSecret(`set(ANDROID_KEYSTORE_PASS "${pw}" CACHE STRING "keystore password")\n`, 'CMakeLists.txt', pw, 'cmake-set-password');
      const phrase = `${words} ${digits(2)}`;
      expectSecret(`  secret_phrase = "${phrase}";\n`, 'bin/settings.ml', phrase, 'generic-spaced-passphrase');
      expectSecret(`const DEPLOYER = "${key}";\nmodule.exports = { networks: { sepolia: { accounts: [\`0x\${DEPLOYER}\`] } } };\n`, 'hardhat.config.js', key, 'ethereum-deployer-private-key');
    }
    expectNothing('set(DB_PASSWORD "$ENV{DB_PASSWORD}")\n', 'CMakeLists.txt');
    expectNothing('password = "see the vault"\n', 'settings.py');
    expectNothing('const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";\n', 'hardhat.config.js');
  });
});

describe('multi-line SQL, Caddy DNS tokens, old values kept in comments', () => {
  it('a CREATE ROLE statement over several lines, a Caddyfile DNS challenge token, an old secret in a comment', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword('$#!');
      const token = fakeGenericSecret(40);
      const old = `${fakeGenericSecret(20)}&${fakeGenericSecret(12)}*`;
      expectSecret(`CREATE ROLE reporting_ro WITH\n    LOGIN\n    NOSUPERUSER\n    CONNECTION LIMIT 10\n    PASSWORD '${pw}';\n`, 'db/V12__role.sql', pw, 'sql-user-password');
      expectSecret(`*.preview.acme.dev {\n\ttls {\n\t\tdns cloudflare ${token}\n\t}\n}\n`, 'Caddyfile', token, 'caddy-dns-provider-token');
      expectSecret(`// moved to process.env.JWT_SECRET in #212, old prod value was ${old}\n`, 'server/auth.js', old, 'generic-secret-prose');
    }
    expectNothing('*.preview.acme.dev {\n\ttls {\n\t\tdns cloudflare {env.CF_API_TOKEN}\n\t}\n}\n', 'Caddyfile');
    expectNothing('// the old value was removed in #212\n', 'server/auth.js');
  });
});

describe('framework keys and environment fallbacks', () => {
  it("Phoenix's secret_key_base on the endpoint", () => {
    for (let i = 0; i < RUNS; i++) {
      const v = randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64);
      expectSecret(`config :shop, ShopWeb.Endpoint,\n  url: [host: "localhost"],\n  secret_key_base: "${v}",\n`, 'config/config.exs', v, 'phoenix-secret-key-base');
    }
    expectNothing('  secret_key_base: System.get_env("SECRET_KEY_BASE"),\n', 'config/runtime.exs');
  });

  it("an env lookup's fallback under any key's name, also on the call's next line", () => {
    for (let i = 0; i < RUNS; i++) {
      const hex = randomFrom('0123456789abcdef', 64);
      const t = fakeGenericSecret(32);
      expectSecret(`const k = Buffer.from(\n  process.env.FIELD_ENCRYPTION_KEY ||\n    '${hex}',\n  'hex');\n`, 'crypto.ts', hex, 'secret-fallback-default');
      expectSecret(`  @Value("\${security.jwt.signing-key:${t}}")\n`, 'JwtService.java', t, 'secret-placeholder-default');
    }
    expectNothing('const sortKey = process.env.SORT_KEY || "createdAtTimestampDescending";\n', 'a.ts');
    expectNothing('  @Value("${app.cache.key-prefix:user_profile_settings}")\n', 'A.java');
  });
});

describe('a key split over joined string literals', () => {
  it('is found joined, with the name on the first piece\'s line', () => {
    for (let i = 0; i < RUNS; i++) {
      const t = fakeGenericSecret(48);
      const cut = 24 + Math.floor(Math.random() * 8);
      const [a, b] = [t.slice(0, cut), t.slice(cut)];
      expect(found(`String ledgerSecretKey = "${a}" +\n    "${b}";\n`, 'Ledger.java').map((f) => f.secret)).toContain(t);
    }
  });
});
