import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chosenPassword, drawAbove, drawWhere, fakeGenericSecret, plausible, randomFrom } from '../helpers/fake.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Credentials in enterprise and legacy config files (WebSphere, Windows answer files, CDO scripts,
// .NET settings, Ant), data-platform clients (Logstash, Confluent, W&B, ngrok), provider labels in
// notes, and config formats known by their extension or by having none. Values drawn at random on
// every run; each class has negatives that look alike.
const { found, expectSecret, expectNothing } = shippedPack();
const pw = () => chosenPassword('!#*@-_');
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** WebSphere's {xor} encoding: each byte XORed with `_`, then base64. */
const xor = (p: string) => Buffer.from(Buffer.from(p).map((b) => b ^ 0x5f)).toString('base64');

describe('a WebSphere {xor} password', () => {
  it('in soap.client.props and security.xml', () => {
    const p = pw();
    expectSecret(`com.ibm.SOAP.loginUserid=wasadmin\ncom.ibm.SOAP.loginPassword={xor}${xor(p)}\n`, 'profiles/Dmgr01/properties/soap.client.props', xor(p), 'websphere-xor-password');
    const q = pw();
    expectSecret(`<authDataEntries alias="cell/db2" userId="db2inst1" password="{xor}${xor(q)}" description=""/>\n`, 'config/cells/c1/security.xml', xor(q), 'websphere-xor-password');
  });

  it('not an empty one, a variable or the prose that names the format', () => {
    expectNothing('com.ibm.SOAP.loginPassword={xor}\n', 'soap.client.props');
    expectNothing('password="{xor}${WAS_ADMIN_PASSWORD}"\n', 'security.xml');
    expectNothing('Encoded passwords start with {xor} followed by the encoded text.\n', 'README.txt');
  });
});

describe("a Windows answer file's passwords", () => {
  it('plain text and the reversible base64 form, in any Password element', () => {
    const p = pw();
    const b = Buffer.from(`${pw()}AdministratorPassword`, 'utf16le').toString('base64');
    const xml = `<unattend xmlns="urn:schemas-microsoft-com:unattend">\n  <settings pass="oobeSystem">\n    <AutoLogon>\n      <Password>\n        <Value>${p}</Value>\n        <PlainText>true</PlainText>\n      </Password>\n    </AutoLogon>\n    <UserAccounts>\n      <AdministratorPassword>\n        <Value>${b}</Value>\n        <PlainText>false</PlainText>\n      </AdministratorPassword>\n    </UserAccounts>\n  </settings>\n</unattend>\n`;
    expectSecret(xml, 'Deploy/autounattend.xml', p, 'unattend-password-value');
    expectSecret(xml, 'Deploy/autounattend.xml', b, 'unattend-password-value');
  });

  it('not the values sysprep wipes, an empty value, nor the names of the configuration passes', () => {
    const passes = ['windowsPE', 'offlineServicing', 'generalize', 'specialize', 'auditSystem', 'auditUser', 'oobeSystem'];
    const xml = passes.map((s) => `  <settings pass="${s}">\n    <Password>\n      <Value>*SENSITIVE*DATA*DELETED*</Value>\n    </Password>\n  </settings>\n`).join('');
    expectNothing(`<unattend>\n${xml}<Password>\n  <Value></Value>\n</Password>\n</unattend>\n`, 'Windows/Panther/unattend.xml');
  });
});

describe('XML settings of legacy applications', () => {
  it("CDO's sendpassword, a .NET setting's <value>, Ant's .pass property", () => {
    const p = pw();
    expectSecret(`With objMsg.Configuration.Fields\n  .Item("http://schemas.microsoft.com/cdo/configuration/sendusername") = "reports"\n  .Item("http://schemas.microsoft.com/cdo/configuration/sendpassword") = "${p}"\nEnd With\n`, 'scripts/Export.vbs', p, 'cdo-send-password');
    const q = pw();
    expectSecret(`<setting name="MailboxPassword" serializeAs="String">\n  <value>${q}</value>\n</setting>\n`, 'App.config', q, 'xml-property-value-element');
    const r = pw();
    expectSecret(`<project>\n  <property name="deploy.pass" value="${r}"/>\n</project>\n`, 'build.xml', r, 'xml-property-password');
  });

  it('not a variable, an empty value, or a name that only ends in "pass"', () => {
    expectNothing('.Item("http://schemas.microsoft.com/cdo/configuration/sendpassword") = strSmtpPassword\n', 'Export.vbs');
    expectNothing('<setting name="MailboxPassword" serializeAs="String">\n  <value />\n</setting>\n', 'App.config');
    expectNothing('<property name="compass" value="NorthByWest"/>\n<property name="deploy.pass" value="${deploy.password}"/>\n', 'build.xml');
  });
});

describe('data-platform client credentials', () => {
  it("Logstash's id:key API key, Confluent's basic.auth.user.info, wandb.login(), ngrok.set_auth_token()", () => {
    const pair = `${plausible(() => randomFrom(B64URL, 20))}:${plausible(() => randomFrom(B64URL, 22))}`;
    expectSecret(`output {\n  elasticsearch {\n    hosts => ["https://es01:9200"]\n    api_key => "${pair}"\n  }\n}\n`, 'pipeline/orders.conf', pair, 'elastic-api-key-pair');
    const info = `${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}:${plausible(() => randomFrom(B64, 64))}`;
    expectSecret(`basic.auth.credentials.source=USER_INFO\nbasic.auth.user.info=${info}\n`, 'kafka/client.properties', info, 'confluent-schema-registry-user-info');
    const w = plausible(() => randomBytes(20).toString('hex'));
    expectSecret(`import wandb\nwandb.login(key="${w}")\n`, 'train.py', w, 'wandb-api-key');
    const n = `2${randomFrom(B64URL.slice(0, 62), 26)}_${randomFrom(B64URL.slice(0, 62), 21)}`;
    expectSecret(`from pyngrok import ngrok\nngrok.set_auth_token("${n}")\n`, 'demo.ipynb', n, 'ngrok-authtoken');
  });

  it('not references or the documented placeholder', () => {
    expectNothing('api_key => "${ES_API_KEY_ID}:${ES_API_KEY}"\n', 'pipeline/orders.conf');
    expectNothing('basic.auth.user.info=<SR_API_KEY>:<SR_API_SECRET>\n', 'client.properties');
    expectNothing('wandb.login(key=os.environ["WANDB_API_KEY"])\nngrok.set_auth_token(os.environ["NGROK_AUTHTOKEN"])\n', 'train.py');
  });
});

describe("a provider's label in notes", () => {
  it('"Fastly API token: …" is the provider context rule\'s', () => {
    // Two digits at least: the context rule's evidence for a lower-case value.
    const v = drawWhere(() => randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 32), (s) => /[0-9].*[0-9]/.test(s));
    expectSecret(`prod CDN\nFastly API token: ${v}\n`, 'notes/cdn.txt', v, 'provider-context-token');
  });

  it('not when the label points elsewhere', () => {
    expectNothing('Fastly API token: see the team vault\nFastly token: ${FASTLY_API_TOKEN}\n', 'notes/cdn.txt');
  });
});

describe('an EXAMPLES setting does not make its file documentation', () => {
  it("Airflow's LOAD_EXAMPLES next to the admin password", () => {
    const p = pw();
    expectSecret(`AIRFLOW__CORE__LOAD_EXAMPLES=false\n_AIRFLOW_WWW_USER_PASSWORD=${p}\n`, 'deploy/airflow/.env', p);
  });

  it('a placeholder marker in capitals still does', () => {
    expectNothing(`# AKIAIOSFODNN7EXAMPLE\nDB_PASSWORD=${pw()}\n`, 'deploy/.env');
  });
});

describe('config files known by their extension or by having none', () => {
  it('SAP JCo destinations, Unity assets, extensionless config files', () => {
    const p = pw();
    expectSecret(`jco.client.client=100\njco.client.passwd=${p}\njco.client.user=RFC_BATCH\n`, 'sap/ERP_PRD.jcoDestination', p);
    const k = plausible(() => randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 52));
    expectSecret(`MonoBehaviour:\n  TitleId: 6A1F2\n  DeveloperSecretKey: ${k}\n`, 'Assets/Resources/PlayFabSharedSettings.asset', k);
    const q = pw();
    expectSecret(`[client]\nuser = backup\npassword = ${q}\n`, 'etc/backup/config', q);
  });

  it('but not code or references in them', () => {
    expectNothing('password = getpass.getpass()\nsecret_key = os.environ["SECRET_KEY"]\n', 'bin/deploy');
    expect(found(`DeveloperSecretKey: ${fakeGenericSecret(8)}\n`, 'Assets/X.asset')).toEqual([]);
  });
});

describe('application keys known by their file', () => {
  it("Nagios' $USERn$ passwords, Magento's crypt key, MediaWiki's upgrade key", () => {
    const p = pw();
    expectSecret(`# Sets $USER1$ to be the path to the plugins\n$USER1$=/usr/local/nagios/libexec\n# Store some usernames and passwords\n$USER3$=nagios_mon\n$USER4$=${p}\n`, 'usr/local/nagios/etc/resource.cfg', p, 'nagios-resource-macro');
    const k = `base64${plausible(() => randomBytes(32).toString('base64'))}`;
    expectSecret(`<?php\nreturn [\n    'crypt' => [\n        'key' => '${k}'\n    ],\n];\n`, 'app/etc/env.php', k, 'magento-crypt-key');
    const u = plausible(() => randomBytes(8).toString('hex'));
    expectSecret(`$wgSecretKey = "${randomBytes(32).toString('hex')}";\n$wgUpgradeKey = "${u}";\n`, 'LocalSettings.php', u, 'mediawiki-upgrade-key');
  });

  it('not paths or user names in a resource file, nor an empty or computed key', () => {
    expectNothing('$USER1$=/usr/local/nagios/libexec\n$USER3$=nagios_mon\n$USER7$=svc-nagios@vsphere.local\n', 'nagios/etc/resource.cfg');
    expectNothing(`    'crypt' => [\n        'key' => getenv('MAGENTO_CRYPT_KEY')\n    ],\n`, 'app/etc/env.php');
    expectNothing(`$wgUpgradeKey = getenv( 'MW_UPGRADE_KEY' );\n`, 'LocalSettings.php');
  });
});

describe('passwords in a COBOL VALUE clause and in Gitea backticks', () => {
  it("a Spanish data item's name; a $ that backticks keep literal", () => {
    const p = `${randomFrom('ABCDEFGHJKLMNPQRSTVWXYZ', 5)}${randomFrom('23456789', 2)}#`;
    expectSecret(`       01  WS-CONEXION.\n           05  WS-USUARIO       PIC X(8)  VALUE 'BATCHCON'.\n           05  WS-CLAVE         PIC X(20) VALUE '${p}'.\n`, 'cobol/CONCIERR.cbl', p, 'declared-value-password');
    // A symbol besides `_`: `$Name_x1` alone reads as a variable, wherever it is.
    const q = `$${chosenPassword('!#*@-')}`;
    expectSecret(`[database]\nDB_TYPE = postgres\nUSER = gitea\nPASSWD = \`${q}\`\n`, 'etc/gitea/app.ini', q, 'ini-backtick-password');
  });

  it('not a blank VALUE, nor a variable in backticks', () => {
    expectNothing(`           05  WS-CLAVE         PIC X(20) VALUE SPACES.\n`, 'cobol/CONCIERR.cbl');
    expectNothing('[database]\nPASSWD = `$GITEA_DB_PASSWORD`\n', 'etc/gitea/app.ini');
  });
});

describe('credentials in captured output and team notes', () => {
  it('a JSON-escaped URL, a key/value Markdown table, SMTP AUTH PLAIN, a PHP stack trace, a header after a literal \\r\\n', () => {
    const p = plausible(() => randomFrom(B64URL.slice(0, 62), 20));
    const url = `postgres:\\/\\/orders_rw:${p}@pg-stg.internal:5432\\/orders`;
    expect(found(`[{"type": "message", "text": "here is the rw url: DATABASE_URL=${url}"}]\n`, 'slack-export/dev/2025-10-07.json').map((f) => f.rule)).toContain('database-uri-password');
    // Hex of key length needs 3.0 bits a character (one random draw in ~10,000 has less).
    const t = drawAbove(3.2, () => randomBytes(16).toString('hex'));
    expectSecret(`## SMS alerts (Twilio)\n\n| key | value |\n| --- | --- |\n| Account SID | AC${randomBytes(16).toString('hex')} |\n| Auth token | ${t} |\n`, 'vault/Homelab/alerting.md', t);
    const sasl = Buffer.from(`\0relay@mg.${randomFrom('abcdefghjkmnpqrstvwxyz', 8)}.io\0${pw()}`).toString('base64');
    expectSecret(`send: 'AUTH PLAIN ${sasl}\\r\\n'\nreply: b'235 2.7.0 Authentication successful\\r\\n'\n`, 'scripts/smtp-debug.txt', sasl, 'sasl-plain-response');
    const q = pw();
    expectSecret(`#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php(65): PDO->__construct('mysql:host=10.3...', 'shop_app', '${q}', Array)\n`, 'storage/logs/laravel.log', q, 'password-positional-literal');
    const k = drawAbove(3.2, () => randomBytes(16).toString('hex'));
    expectSecret(`send: b'POST /api/v2/series HTTP/1.1\\r\\nHost: api.datadoghq.eu\\r\\nDD-API-KEY: ${k}\\r\\nAccept: */*\\r\\n'\n`, 'etl/debug/metrics.log', k, 'datadog-api-key');
  });

  it('not a masked value, a key/value table of settings, an AUTH capability line', () => {
    expectNothing('| key | value |\n| --- | --- |\n| Token TTL | 3600 |\n| Password | see 1Password |\n| Password length | 16 |\n', 'docs/notes.md');
    expectNothing("reply: b'250-AUTH PLAIN LOGIN CRAM-MD5\\r\\n'\nAUTH PLAIN <base64 of user and password>\n", 'smtp-debug.txt');
    expectNothing('[{"text": "the url is postgres:\\/\\/orders_rw:***@pg-stg.internal:5432\\/orders"}]\n', 'export.json');
    expectNothing("env = {'CI_REGISTRY_PASSWORD': '[MASKED]', 'SECRET_KEY_BASE': '[FILTERED]'}\n# the password is URL-encoded (special characters)\n", 'ci/job_env.py');
  });

  it('labels in other languages and with a qualifier; e-mail files', () => {
    const p = pw();
    expectSecret(`**Mot de passe temporaire** (commun à tous les nouveaux arrivants) : \`${p}\`\n`, 'docs/onboarding/premier-jour.md', p);
    const q = pw();
    expectSecret(`Subject: Your accounts\n\nUser: jdoe\nTemporary password: ${q}\n`, 'mail/accounts.eml', q);
    const r = pw();
    expectSecret(`Mot de passe : ${r}\n`, 'notes/acces.txt', r);
  });

  it("not a Mapbox public token, made for browsers (the secret ones are sk.)", () => {
    const body = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const pk = `pk.${body({ u: 'keyhaven', a: randomBytes(12).toString('hex') })}.${randomBytes(16).toString('base64url')}`;
    expectNothing(`export const publicConfig = {\n  mapbox: { accessToken: "${pk}" },\n};\n`, 'web/src/config/public.ts');
    expectNothing(`NEXT_PUBLIC_MAPBOX_TOKEN=${pk}\n`, '.env.production');
  });
});

describe('a Rails mysql2:// URL, even when base64-encoded', () => {
  it('is a database URL with a password', () => {
    const p = plausible(() => randomFrom(B64URL.slice(0, 62), 18));
    const url = `mysql2://reporting_ro:${p}@reporting.cluster.internal:3306/reporting`;
    expectSecret(`DATABASE_URL=${url}\n`, '.env', p, 'database-uri-password');
    expect(found(`REPORTING = Base64.decode64("${Buffer.from(url).toString('base64')}")\n`, 'config/initializers/reporting.rb').map((f) => f.rule)).toContain('database-uri-password');
  });
});
