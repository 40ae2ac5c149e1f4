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
    expectNothing(`For example, the file might look like this:\n\nsmtp:\n  password: "${p}"\n`, 'docs/mail.txt');
    expectNothing(`Examples\n\nsmtp:\n  password: "${p}"\n`, 'docs/mail.txt');
  });

  it("in a config file, the comments' prose describes the setting below it, not an example", () => {
    const v = fakeGenericSecret(64);
    const conf = `# You MUST set a secret to secure/pepper the stored user passwords here.\n# Generate one by using for example: pwgen -N 1 -s 96\n# (e.g. encrypted access tokens)\npassword_secret = ${v}\n`;
    expectSecret(conf, 'etc/graylog/server/server.conf', v);
    // In a document, the same lines do introduce an example; in a config file, so does a value inside the commented example.
    expectNothing(conf, 'docs/graylog.txt');
    expectNothing(`## Example:\n## gossipKey: "${v}"\n##\ngossipKey: ""\n`, 'charts/consul/values.yaml');
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

describe('server software: Hadoop XML, Dovecot, OpenWrt, RADIUS, spaced properties', () => {
  it('a <name>…password</name> <value>…</value> property and a key in the same form', () => {
    const p = pw();
    expectSecret(`  <property>\n    <name>javax.jdo.option.ConnectionPassword</name>\n    <value>${p}</value>\n  </property>\n`, 'hive/conf/hive-site.xml', p, 'xml-name-value-password');
    const k = randomBytes(30).toString('base64');
    expectSecret(`<property>\n  <name>fs.s3a.secret.key</name>\n  <value>${k}</value>\n</property>\n`, 'hadoop/core-site.xml', k, 'xml-name-value-secret');
    expectNothing('<property>\n  <name>hadoop.security.group.mapping.ldap.bind.password.file</name>\n  <value>/etc/hadoop/ldap.pw</value>\n</property>\n', 'hadoop/core-site.xml');
    expectNothing('<property><name>dfs.block.access.token.enable</name><value>true</value></property>\n', 'hadoop/hdfs-site.xml');
  });

  it("Dovecot's {PLAIN} passwords, not its hashes or ${clear}() in code", () => {
    const p = pw();
    expectSecret(`office@mail.lan:{PLAIN}${p}:5000:5000::/var/vmail/office::\n`, 'etc/dovecot/users', p, 'dovecot-plain-password');
    expectNothing(`office@mail.lan:{SHA512-CRYPT}$6$${randomFrom('abcdefgh', 8)}$${randomFrom('ABCDEFGHabcdefgh0123456789', 40)}:5000:5000::/var/vmail/office::\n`, 'etc/dovecot/users');
    expectNothing('throw new Error(`created with ${schedule}() but cleared with ${clear}()`);\n', 'lib/timers.js');
  });

  it("an OpenWrt Wi-Fi key and a RADIUS client's short shared secret, by their files", () => {
    const p = pw();
    expectSecret(`config wifi-iface 'default_radio0'\n\toption ssid 'Home'\n\toption encryption 'psk2'\n\toption key '${p}'\n`, 'etc/config/wireless', p, 'openwrt-uci-wireless-key');
    const s = `${randomFrom('BCDFGHJK', 1)}${randomFrom('aeiou', 1)}${randomFrom('lmnrst', 3)}${randomFrom('23456789', 4)}@`;
    expectSecret(`client aps {\n\tipaddr = 10.20.0.0/24\n\tsecret = ${s}\n}\n`, 'etc/freeradius/3.0/clients.conf', s, 'radius-client-secret');
    expectNothing(`config wifi-iface 'x'\n\toption key '${p}'\n`, 'notes/openwrt.txt');
  });

  it('a property whose name and value only blanks separate, and a passcode', () => {
    const p = pw();
    expectSecret(`spark.ssl.keyStore               /etc/spark/keystore.jks\nspark.ssl.keyStorePassword       ${p}\n`, 'spark/conf/spark-defaults.conf', p);
    expectNothing('spark.ssl.keyStorePassword       ${KEYSTORE_PASSWORD}\nssl_password_file /etc/nginx/global.pass\n', 'conf/app.conf');
    const c = fakeGenericSecret(24);
    expectSecret(`sonar.web.systemPasscode=${c}\n`, 'sonarqube/conf/sonar.properties', c);
  });

  it("a salt with a suffix and punctuation (Moodle), a key that starts with '/', and `user:password` under auth", () => {
    const salt = `${randomFrom('ABCDEFGHJKabcdefghjk', 6)}~${randomFrom('0123456789', 3)}:${randomFrom('MNPQRSTmnpqrst', 6)};${randomFrom('VWXYZvwxyz234', 6)}`;
    expectSecret(`$CFG->passwordsaltmain = '${salt}';\n`, 'moodle/config.php', salt, 'secret-salt-assignment');
    const k = `/${randomFrom('ABCDEFGH', 2)}${randomFrom('abcdefgh', 2)}${randomFrom('23456789', 1)}/${fakeGenericSecret(26)}`;
    expectSecret(`N8N_ENCRYPTION_KEY=${k}\n`, 'n8n/.env', k);
    const p = pw();
    expectSecret(`tunnels:\n  web:\n    proto: http\n    auth: "ingrid:${p}"\n`, '.ngrok2/ngrok.yml', p, 'auth-user-password-pair');
    expectNothing('auth: "none:required"\ncredentials: "12:30:45"\n', 'config.yml');
  });

  it("not a hash under a name that says so, nor Pulumi's encryptionsalt", () => {
    const h = randomBytes(32).toString('hex');
    expectNothing(`# Create one by using for example: echo -n yourpassword | shasum -a 256\nroot_password_sha2 = ${h}\n`, 'etc/graylog/server.conf');
    expectNothing(`encryptionsalt: v1:${randomBytes(8).toString('base64')}:v1:${randomBytes(12).toString('base64')}:${randomBytes(32).toString('base64')}\nconfig:\n  aws:region: eu-west-1\n`, 'Pulumi.staging.yaml');
  });

  it("gsutil's .boto: its stock header's e.g. does not hide the key", () => {
    const secret = randomBytes(30).toString('base64');
    const boto = `# This file contains credentials and other configuration information needed\n# by the boto library, used by gsutil. You can edit this file (e.g., to add\n# credentials) but be careful not to mis-edit any of the variable names.\n\n[Credentials]\ngs_secret_access_key = ${secret}\n`;
    expectSecret(boto, '.boto', secret);
  });
});
