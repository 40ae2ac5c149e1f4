import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksummedToken, chosenPassword, fakeGenericSecret, randomFrom } from '../helpers/fake.js';
import { shippedPack } from '../helpers/scan-expect.js';

// What applications' own config files hold (Drupal, Nextcloud, Mattermost, Airflow, Alertmanager,
// Joomla, Magento) and a Discord bot token with no name around it. Values are drawn at random on
// every run; each class has negatives that look alike.
const { found, expectSecret, expectNothing } = shippedPack();
const pw = () => chosenPassword('!*@^~?-_');
/** A Fernet key: 32 random bytes, URL-safe base64 with its "=". */
const fernetKey = () => randomBytes(32).toString('base64url') + '=';
/** A Discord bot token: base64 of an 18-19 digit snowflake id, a 4-byte timestamp, an HMAC. */
const discordToken = () => {
  const id = randomFrom('123456789', 1) + randomFrom('0123456789', 17 + randomInt(2));
  const ts = Buffer.alloc(4);
  ts.writeUInt32BE(randomInt(200_000_000, 470_000_000));
  return `${Buffer.from(id).toString('base64url')}.${ts.toString('base64url')}.${randomBytes(28).toString('base64url').slice(0, 38)}`;
};

describe("an application's salt or pepper", () => {
  it.each([
    ['Drupal hash_salt', (v: string) => `$databases = [];\n$settings['hash_salt'] = '${v}';\n`, 'web/sites/default/settings.php'],
    ['Nextcloud passwordsalt', (v: string) => `<?php\n$CONFIG = array (\n  'passwordsalt' => '${v}',\n);\n`, 'config/config.php'],
    ['Mattermost PublicLinkSalt', (v: string) => `{\n    "FileSettings": {\n        "PublicLinkSalt": "${v}"\n    }\n}\n`, 'config/config.json'],
    ['a pepper in .env', (v: string) => `PASSWORD_PEPPER=${v}\n`, '.env'],
  ])('%s', (_name, make, path) => {
    const v = fakeGenericSecret(32);
    expectSecret(make(v), path, v, 'secret-salt-assignment');
  });

  it('not one computed, read or configured', () => {
    expectNothing(`$settings['hash_salt'] = file_get_contents('/var/www/private/salt.txt');\n`, 'settings.php');
    expectNothing('salt = os.urandom(16)\nkey = hashlib.pbkdf2_hmac("sha256", pw, salt, 600000)\n', 'crypto.py');
    expectNothing(`  'passwordsalt' => getenv('NC_SALT'),\n`, 'config/config.php');
    expectNothing('SALT_LENGTH=16\nSECURITY_SALT=${SECURITY_SALT}\n', '.env');
  });
});

describe('a Fernet key', () => {
  it('in airflow.cfg, an env file and a Fernet() call', () => {
    for (const [make, path] of [
      [(k: string) => `[core]\n# Secret key to save connection passwords in the db\nfernet_key = ${k}\n`, 'airflow/airflow.cfg'],
      [(k: string) => `AIRFLOW__CORE__FERNET_KEY=${k}\n`, '.env'],
      [(k: string) => `from cryptography.fernet import Fernet\ncipher = Fernet(b"${k}")\n`, 'app/crypto.py'],
    ] as const) {
      const k = fernetKey();
      expectSecret(make(k), path, k, 'fernet-key');
    }
  });

  it('not a generated key or a template; not as Fernet, a key of another length', () => {
    expectNothing('cipher = Fernet(Fernet.generate_key())\n', 'app/crypto.py');
    expectNothing('fernet_key = {{ var.value.fernet_key }}\n', 'airflow/airflow.cfg');
    // Another length is no Fernet key (a generic rule may still report it).
    expect(found(`fernet_key = ${randomBytes(24).toString('base64url')}=\n`, 'airflow/airflow.cfg').map((f) => f.rule)).not.toContain('fernet-key');
  });
});

describe('an example word in passing does not make a config file documentation', () => {
  it("a stock airflow.cfg comment about the DAG examples", () => {
    const k = fernetKey();
    const cfg = `[core]\n# Whether to load the DAG examples that ship with Airflow. It's good to\n# get started, but you probably want to set this to False in production\nload_examples = False\n\nfernet_key = ${k}\n`;
    expectSecret(cfg, 'airflow/airflow.cfg', k);
  });

  it('nor a URL path ending in /example, nor an OpenAPI x-example key', () => {
    const v = fakeGenericSecret(36);
    expectSecret(`api:\n  service_secret: "${v}"\n  base_url: "https://api.example.com/v1/example"\n`, 'config.yaml', v);
    const t = checksummedToken('ghp_');
    expectSecret(`      in: header\n      name: Authorization\n      x-example: ${t}\n`, 'api/openapi.yaml', t);
  });

  it('"for example" and an Examples heading still do', () => {
    const p = pw();
    expectNothing(`# For example, the file might look like this:\nsmtp:\n  password: "${p}"\n`, 'docs/mail.yml');
    expectNothing(`Examples\n\nsmtp:\n  password: "${p}"\n`, 'docs/mail.yml');
  });
});

describe('PagerDuty routing keys in Alertmanager', () => {
  it('under pagerduty_configs, a few lines below', () => {
    const key = randomFrom('0123456789abcdef', 32);
    const yml = `receivers:\n  - name: 'db-pager'\n    pagerduty_configs:\n      - send_resolved: true\n        severity: critical\n        routing_key: '${key}'\n`;
    expectSecret(yml, 'alertmanager/alertmanager.yml', key, 'pagerduty-integration-key');
  });

  it("not a template, nor another receiver's key", () => {
    expectNothing(`    pagerduty_configs:\n      - routing_key: '{{ .Values.pagerduty.key }}'\n`, 'alertmanager.yml');
    expectNothing(`    webhook_configs:\n      - url: 'http://relay:9095/'\n        routing_key: orders.created\n`, 'alertmanager.yml');
  });
});

describe('a password name glued to what it unlocks, and a password that opens with ! or @', () => {
  it.each([
    [(p: string) => `\tpublic $smtppass = '${p}';\n`, 'configuration.php'],
    [(p: string) => `SMTPPASS=${p}\n`, '.env'],
    [(p: string) => `[ldap]\nldappass = ${p}\n`, 'conf/app.ini'],
  ])('%#', (make, path) => {
    const p = pw();
    expectSecret(make(p), path, p);
  });

  it("'!…' and '@…' passwords in a PHP array", () => {
    for (const lead of ['!', '@']) {
      const p = `${lead}${pw()}`;
      expectSecret(`'db' => [\n    'username' => 'magento',\n    'password' => '${p}',\n],\n`, 'app/etc/env.php', p);
    }
  });

  it('in a libpq conninfo, not a template field or a variable', () => {
    const p = `!${pw()}`;
    expectSecret(`primary_conninfo = 'host=10.0.4.2 port=5432 user=replicator password=${p} sslmode=prefer'\n`, 'recovery.conf', p);
    expectNothing("conninfo = f'host={host} port=5432 user=replicator password={pw(\"x\")} sslmode=prefer'\n", 'tools/standby.py');
    expectNothing("primary_conninfo = 'host=10.0.4.2 user=replicator password=${PGPASSWORD} sslmode=prefer'\n", 'recovery.conf');
    expectNothing("primary_conninfo = 'host=10.0.4.2 user=replicator password=$PGPASSWORD sslmode=prefer'\n", 'recovery.conf');
  });

  it('not tags, annotations or expressions, nor bypass', () => {
    expectNothing("DbPassword: !Ref DatabasePassword\nAdminPassword: !GetAtt Secret.Value\n", 'template.yaml');
    expectNothing('password: "@Value(\\"${db.password}\\")"\n', 'config.yml');
    expectNothing(`BYPASS=${randomFrom('abcdefgh', 4)}-${randomFrom('0123456789', 4)}\n`, '.env');
  });
});

describe('a Discord bot token with no name around it', () => {
  it('passed to bot.run(), client.login() and in a list', () => {
    for (const make of [(t: string) => `bot.run("${t}")\n`, (t: string) => `await client.login('${t}');\n`, (t: string) => `tokens:\n  - ${t}\n`]) {
      const t = discordToken();
      expectSecret(make(t), 'bot/main.py', t, 'discord-bot-token');
    }
  });

  it('not three base64url parts whose first is not a snowflake id', () => {
    const notDigits = Buffer.from(`${randomFrom('abcdefghij', 6)}123456789012`).toString('base64url');
    expect(found(`session = "${notDigits}.${randomFrom('ABCDEFGH', 6)}.${randomBytes(28).toString('base64url')}"\n`, 'app.py').map((f) => f.rule)).not.toContain('discord-bot-token');
  });
});
