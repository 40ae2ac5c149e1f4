import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { composed, fakeGenericSecret, randomFrom } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';

// Forms of credentials in commands, headers, encoded values, compound names and code, each
// with values drawn at random on every run and look-alike negatives. The shipped pack, through
// the detector a scan uses.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path: string) => scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret }));
const RUNS = runs(12);

// Consonants only: a drawn name never spells a word the filters read (`bad_pwd` is a test
// fixture's, `secret_alg` an attribute's), one draw in a few thousand with every letter.
const name = () => randomFrom('bcdfghjkmnpqrstvwz', 3 + Math.floor(Math.random() * 6));
const vendor = () => randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1) + randomFrom('abcdefghijklmnopqrstuvwxyz', 5);
/** A password people write: capitals, lower case, digits and a symbol, no placeholder word. */
const password = () => `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 2)}${randomFrom('bcdfghjkmnpqrstvwz', 5)}${randomFrom('0123456789', 2)}${randomFrom('!#%*@', 1)}${randomFrom('bcdfghjkmnpqrstvwz', 2)}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

function expectSecret(text: string, path: string, secret: string): void {
  expect(found(text, path).map((h) => h.secret), `${path}: ${text}`).toContain(secret);
}
function expectNothing(text: string, path: string): void {
  expect(found(text, path), `${path}: ${text}`).toEqual([]);
}

describe('curl --user with braces around literal values', () => {
  it('reports the random value inside the braces', () => {
    for (let i = 0; i < RUNS; i++) {
      // 3.5 bits per character (generic-secret-value): random values of 20+ characters, always.
      const pw = fakeGenericSecret(20 + (i % 8));
      expectSecret(`curl -X POST --user "{${randomUUID()}}":"{${pw}}" https://api.${name()}.io/v1\n`, 'deploy.sh', pw);
      expectSecret(`curl -s -u '{${name()}}:{${pw}}' https://ci.${name()}.io\n`, 'README.md', pw);
    }
  });
  it('leaves template names and variable references alone', () => {
    for (let i = 0; i < RUNS; i++) {
      const n = name();
      expectNothing(`curl -u '{${n}_user}:{${n}_password}' https://api.${name()}.io\n`, 'README.md');
      expectNothing(`curl --user "{user}":"{${n}}" https://api.${name()}.io\n`, 'README.md');
      expectNothing(`curl -u "\${${n.toUpperCase()}_USER}:\${${n.toUpperCase()}_PASS}" https://x.io\n`, 'run.sh');
      expectNothing(`curl -u "%${n}_user%:%${n}_pass%" https://x.io\n`, 'run.bat');
    }
  });
});

describe('custom API-key headers', () => {
  it('in curl lines, multi-line commands, HTTP files and code, any case of the name', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = fakeGenericSecret(24);
      const uuid = randomUUID();
      const v = vendor();
      expectSecret(`curl -X GET https://${name()}.corp.net/api\n     -H "X-${v}-ApiKey: ${uuid}"\n`, 'deploy.sh', uuid);
      expectSecret(`curl -H 'x-api-key: ${key}' https://api.${name()}.io\n`, 'README.md', key);
      expectSecret(`GET https://api.${name()}.io/v1/items\nX-Auth-Token: ${key}\n`, 'requests.http', key);
      expectSecret(`headers = {"X-${v}-Api-Key": "${key}"}\n`, 'client.py', key);
      expectSecret(`wget --header="Api-Key: ${uuid}" https://files.${name()}.io/a.tgz\n`, 'fetch.sh', uuid);
    }
  });
  it('not header names, variables or placeholders', () => {
    for (let i = 0; i < RUNS; i++) {
      const v = vendor();
      expectNothing(`curl -H "X-${v}-ApiKey: $${v.toUpperCase()}_API_KEY" https://x.io\n`, 'run.sh');
      expectNothing(`curl -H "X-Api-Key: {{${name()}}}" https://x.io\n`, 'api.http');
      expectNothing(`X-Auth-Token: <your-${name()}-token>\n`, 'requests.http');
      expectNothing(`const HEADER = "X-${v}-ApiKey";\n`, 'client.ts');
    }
  });
});

describe('base64 user:password under auth names', () => {
  it('decodes and reports a literal password', () => {
    for (let i = 0; i < RUNS; i++) {
      const enc = b64(`${name()}:${password()}`);
      const bare = enc.replace(/=+$/, '');
      expectSecret(`{"user_auth": "${enc}"}\n`, 'config.json', enc);
      expectSecret(`BASIC_AUTH=${bare}\n`, '.env', bare);
      expectSecret(`proxy:\n  credentials: "${enc}"\n`, 'values.yaml', enc);
      expectSecret(`const basicAuth = '${enc}';\n`, 'client.js', enc);
    }
  });
  it('not placeholders, references, a copy of the user name, or base64 of other text', () => {
    for (let i = 0; i < RUNS; i++) {
      const u = name();
      for (const pw of ['password', '${PASSWORD}', '%PASS%', '<password>', 'xxxxxx', u, `your_password`]) expectNothing(`{"user_auth": "${b64(`${u}:${pw}`)}"}\n`, 'config.json');
      expectNothing(`{"user_auth": "${b64(`Note: ${name()} ${name()} ${name()}`)}"}\n`, 'config.json');
      expectNothing(`author = ${b64(`${u}:${password()}`)}\n`, 'setup.cfg');
    }
  });
});

describe('compound secret names, unquoted', () => {
  it('a name with secret, token or api-key as one of its words', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = fakeGenericSecret(24);
      expectSecret(`${name()}_secret_do_not_commit = ${key}\n`, 'notes.txt', key);
      expectSecret(`my_api_secret_${name()}=${key}\n`, 'settings.conf', key);
      expectSecret(`${name()}-token-kept-offline: ${key}\n`, 'config.yml', key);
      const dotted = composed(() => `${fakeGenericSecret(12)}.-${key}_${fakeGenericSecret(8)}`);
      expectSecret(`private-key: ${dotted}\n`, 'deploy.yaml', dotted);
    }
  });
  it('not a name for an attribute of the credential (its id, name, URL, file)', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = fakeGenericSecret(24);
      for (const attr of ['id', 'name', 'url', 'file', 'version', 'header']) expectNothing(`${name()}_secret_${attr} = ${key}\n`, 'notes.txt');
      expectNothing(`token_id: ${randomUUID()}\n`, 'config.yml');
    }
  });
});

describe('passwords in code', () => {
  it('Perl and Ruby hashes, Groovy command syntax, constants, PowerShell, LDAP entries', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const cases: Array<[string, string]> = [
        [`my %db = (\n  host => '${name()}.internal',\n  password => '${pw}',\n);\n`, 'db.pl'],
        [`DB = { user: '${name()}', :password => "${pw}" }\n`, 'db.rb'],
        [`signingConfigs {\n  release {\n    storePassword "${pw}"\n    keyPassword '${pw}'\n  }\n}\n`, 'app/build.gradle'],
        [`maven {\n  url 'https://repo.${name()}.io'\n  password '${pw}'\n}\n`, 'build.gradle'],
        [`private const string ${vendor()}Secret = "${pw}";\n`, 'Settings.cs'],
        [`public static final String ${name().toUpperCase()}_PWD = "${pw}";\n`, 'Config.java'],
        [`$cred = New-Object System.Management.Automation.PSCredential("${name()}", (ConvertTo-SecureString '${pw}' -AsPlainText -Force))\n`, 'deploy.ps1'],
        [`$d = New-Object DirectoryServices.DirectoryEntry("LDAP://10.1.2.3", "corp\\\\${name()}", "${pw}")\n`, 'ldap.ps1'],
      ];
      for (const [text, path] of cases) expectSecret(text, path, pw);
    }
  });
  it('not values equal to the name, references, placeholders or empty', () => {
    for (let i = 0; i < RUNS; i++) {
      const v = vendor();
      expectNothing(`private const string ${v}Secret = "${v}Secret";\n`, 'Settings.cs');
      expectNothing(`private const string ${v}Password = "";\n`, 'Settings.cs');
      expectNothing(`  password => '\${${name()}}',\n`, 'db.pl');
      expectNothing(`storePassword "$System.env.${name().toUpperCase()}"\n`, 'build.gradle');
      expectNothing(`password 'password'\n`, 'build.gradle');
      expectNothing(`$pw = ConvertTo-SecureString $env:${name().toUpperCase()} -AsPlainText -Force\n`, 'deploy.ps1');
      expectNothing(`$pw = ConvertTo-SecureString "{{${name()}}}" -AsPlainText -Force\n`, 'deploy.ps1');
    }
  });
});
