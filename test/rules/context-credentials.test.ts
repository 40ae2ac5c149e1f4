import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { drawAbove, randomFrom } from '../helpers/fake.js';
import { nonSecretReason } from '../../src/detect/filters.js';
import { runs } from '../helpers/runs.js';

// Credentials that the surrounding code or text marks as such (a constructor argument, a login
// comparison, a sentence, a build script), and structured formats found in the same sweep.
// Values are drawn at random on every run; each class has negatives that look alike.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path: string) =>
  scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret }));
const RUNS = runs(10);

const LOWER = 'bcdfghjkmnpqrstvwz';
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CRYPT = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A weak, word-like password: what people put in login checks and READMEs. */
const weakWord = () => `${randomFrom(LOWER, 6)}${randomFrom('aeiou', 1)}${randomFrom(LOWER, 2)}`;
/** A password with letters, digits and a symbol. */
const strong = () => `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 2)}${randomFrom(LOWER, 4)}${randomFrom('0123456789', 2)}!${randomFrom(LOWER, 2)}`;

function expectRule(text: string, path: string, rule: string, secret: string): void {
  const hits = found(text, path);
  expect(hits, `${path}: ${text}`).toContainEqual({ rule, secret });
}

function expectNothing(text: string, path: string): void {
  expect(found(text, path), `${path}: ${text}`).toEqual([]);
}

describe('passwords marked by their context', () => {
  it('.NET credential constructors, login comparisons and prose', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = weakWord();
      expectRule(`smtp.Credentials = new NetworkCredential("mailer@corp.test", "${pw}");\n`, 'Mailer.cs', 'generic-credential-constructor', pw);
      expectRule(`$de = New-Object DirectoryServices.DirectoryEntry("LDAP://dc1.corp.test", "CORP\\svc", "${pw}")\n`, 'bind.ps1', 'generic-credential-constructor', pw);
      expectRule(`if username == "ops" and password == "${pw}":\n    login()\n`, 'app.py', 'generic-password-comparison', pw);
      expectRule(`if creds.Secret != "${pw}" {\n`, 'auth.go', 'generic-password-comparison', pw);
      expectRule(`The default password for the user "grafana" is "${pw}".\n`, 'README.md', 'generic-password-prose', pw);
    }
  });

  it('not variables, empty or setting words, placeholders', () => {
    expectNothing('smtp.Credentials = new NetworkCredential(user, password);\n', 'Mailer.cs');
    expectNothing('if (password !== confirmPassword) { fail(); }\n', 'form.js');
    expectNothing('if password == "":\n    abort()\n', 'app.py');
    expectNothing('if form.password == "None":\n    abort()\n', 'app.py');
    expectNothing('The password is stored in the system keychain.\n', 'README.md');
    expectNothing('The password is "changeme" until the first login.\n', 'README.md');
  });

  it('Gradle: buildConfigField keys and repository credentials', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = randomFrom(HEX, 32);
      const pw = strong();
      expectRule(`buildConfigField 'String', 'MAPS_API_KEY', '"${key}"'\n`, 'app/build.gradle', 'generic-android-build-config-secret', key);
      expectRule(`credentials {\n    username 'deployer'\n    password '${pw}'\n}\n`, 'build.gradle', 'generic-gradle-repository-password', pw);
    }
    expectNothing(`buildConfigField 'String', 'BASE_URL', '"https://api.corp.test/v1/"'\n`, 'app/build.gradle');
    expectNothing(`credentials {\n    username = project.findProperty("repoUser")\n    password = "\${repoPassword}"\n}\n`, 'build.gradle.kts');
  });

  it('JWT signing secrets of any printable characters', () => {
    for (let i = 0; i < RUNS; i++) {
      const secret = `${strong()}'${randomFrom(B64, 6)}"#`;
      expectRule(`auth:\n  jwtsecret: "${secret}"\n`, 'config.yml', 'jwt-signing-secret', secret);
      // The rule's entropy floor is 3.0 bits: one word pair in ~900 repeats enough letters to fall under it.
      const word = drawAbove(3.0, () => `${weakWord()}#${weakWord()}`);
      expectRule(`JWT:\n  secret: "${word}"\n  exp: "30m"\n`, 'config.yml', 'jwt-signing-secret', word);
    }
    expectNothing('JWT_SECRET = "${JWT_SECRET}"\n', 'settings.py');
  });
});

describe('structured formats', () => {
  it('django-insecure- keys in any file', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
    for (let i = 0; i < RUNS; i++) {
      let key = '';
      // Drawn again when the value spells a filter's pattern (`&env(` reads as a template: one in ~500,000).
      do key = `django-insecure-${randomFrom(alphabet, 50)}`; while (/(.)\1{3}/.test(key) || nonSecretReason(key) !== undefined);
      expectRule(`DJANGO_SECRET_KEY=${key}\n`, '.env.example', 'django-insecure-secret-key', key);
    }
    expectNothing("SECRET_KEY = 'django-insecure-<generated>'\n", 'notes.txt');
  });

  it('PEM private keys base64-encoded whole or split over string literals', () => {
    for (let i = 0; i < RUNS; i++) {
      const body = randomBytes(240).toString('base64');
      const lines = body.match(/.{1,64}/g) ?? [];
      for (const kind of ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY']) {
        const b64 = Buffer.from(`-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----\n`).toString('base64');
        // One 400-character draw in ~10,000 spells a placeholder word ("dummy") in some case.
        if (nonSecretReason(b64) !== undefined) continue;
        expectRule(`PRIVATE_KEY_B64=${b64}\n`, 'ci.env', 'private-key-pem-base64', b64);
      }
      const java = `String key = "-----BEGIN RSA PRIVATE KEY-----\\n" +\n    "${lines[0]}\\n" +\n    "${lines[1]}\\n";\n`;
      expectRule(java, 'Keys.java', 'private-key-pem-concatenated', lines[0] ?? '');
      const pub = Buffer.from(`-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`).toString('base64');
      expectNothing(`PUBLIC_KEY_B64=${pub}\n`, 'ci.env');
    }
  });

  it('Pixie keys, Cisco type 8/9 and Kerberos roast hashes', () => {
    for (let i = 0; i < RUNS; i++) {
      const api = `px-api-${randomUUID()}`;
      const dep = `px-dep-${randomUUID()}`;
      expectRule(`PX_API_KEY=${api}\n`, '.env', 'pixie-api-key', api);
      expectRule(`px deploy --deploy_key ${dep}\n`, 'deploy.sh', 'pixie-deploy-key', dep);
      const cisco = `$${randomFrom('89', 1)}$${randomFrom(CRYPT, 14)}$${randomFrom(CRYPT, 43)}`;
      expectRule(`enable secret 9 ${cisco}\n`, 'router.cfg', 'password-hash-cisco-type8-9', cisco);
      const asrep = `$krb5asrep$23$svc_sql@CORP.ACME.TEST:${randomFrom(HEX, 32)}$${randomFrom(HEX, 240)}`;
      expectRule(`${asrep}\n`, 'loot.txt', 'password-hash-kerberos-roast', asrep);
    }
    expectNothing('PX_API_KEY=px-api-<your-key>\n', '.env');
    expectNothing('Pricing: $8$ per user, $9$ per admin\n', 'README.md');
  });

  it('connection-string passwords that start with # but not #{...} interpolation', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `#${strong()}`;
      expectRule(`<add key="Db" value="Server=sql1,1433;Database=App;User ID=app;Password=${pw};" />\n`, 'Web.config', 'ado-net-connection-string-password', pw);
    }
    expectNothing(`conn = "driver={SQL Server};server=#{host};uid=#{user};pwd=#{opts['DBPASSWORD']}"\n`, 'db.rb');
  });
});
