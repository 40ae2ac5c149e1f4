import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { chosenPassword, randomAlnum, randomFrom } from '../helpers/fake.js';

// Credentials in data and tool files: a settings table's rows in a SQL dump, a request file's
// Basic header written plain, redis-cli's history, `.conf` directives without `=`, and passwords
// given mid-sentence in notes. Values are drawn at random on every run; each class has negatives
// that look alike.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path: string) => scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => [f.ruleId, f.secret]);
const pw = () => chosenPassword('!#*@^~?-_');

describe('a SQL settings row: a name column, then its value', () => {
  it('finds the password and the API key of a key/value table, in dumps only', () => {
    const [p, k] = [pw(), randomAlnum(32)];
    const text = `INSERT INTO \`settings\` VALUES\n  (5,'smtp_user','noreply@shop.example','2024-02-19'),\n  (6,'smtp_password','${p}','2024-02-19'),\n  (7,'maps_api_key','${k}','2024-02-19');\n`;
    expect(found(text, 'db/dumps/settings.sql')).toEqual([['sql-setting-row-password', p], ['sql-setting-row-password', k]]);
    expect(found(text, 'src/seed.py').filter(([rule]) => rule === 'sql-setting-row-password')).toEqual([]);
  });

  it('passes over names that only mention a password, and empty or referenced values', () => {
    const text = "INSERT INTO settings VALUES (1,'password_min_length','12'),(2,'smtp_password',''),(3,'api_token','${API_TOKEN}'),(4,'session_token_name','sid');\n";
    expect(found(text, 'dump.sql')).toEqual([]);
  });
});

describe("an HTTP request file's Basic header written plain", () => {
  it.each([' ', ':'])('user%spassword, which the REST clients encode themselves', (sep) => {
    const p = pw();
    expect(found(`GET {{host}}/v2/_catalog\nAuthorization: Basic ci-cleanup${sep}${p}\n`, 'docs/registry.rest')).toEqual([['http-file-basic-plain', p]]);
  });

  it('not variables, base64 or the word password', () => {
    for (const line of ['Authorization: Basic {{user}} {{password}}', 'Authorization: Basic admin password']) {
      expect(found(`GET /\n${line}\n`, 'api.http')).toEqual([]);
    }
  });
});

describe("redis-cli's history", () => {
  it('AUTH with and without a user name', () => {
    const [a, b] = [pw(), randomAlnum(24)];
    const text = `PING\nAUTH default ${a}\nINFO memory\nAUTH ${b}\n`;
    expect(found(text, 'home/ops/.rediscli_history')).toEqual([['redis-auth-command', a], ['redis-auth-command', b]]);
    expect(found(text, 'docs/notes.md')).toEqual([]);
  });
});

describe('a .conf directive without =', () => {
  it("Fluentd's output password", () => {
    const p = pw();
    const text = `<match app.**>\n  @type elasticsearch\n  user fluentd\n  password ${p}\n</match>\n`;
    expect(found(text, 'fluentd/fluent.conf')).toEqual([['conf-password-directive', p]]);
  });

  it('not a reference, a comment or a PAM-style line', () => {
    const text = `  password "#{ENV['ES_PASSWORD']}"\n  # password ${pw()}\npassword   requisite   pam_pwquality.so retry=3\n`;
    expect(found(text, 'td-agent.conf')).toEqual([]);
  });
});

describe('a password in a sentence of notes', () => {
  it('after a colon, mid-line', () => {
    const p = pw();
    expect(found(`The SFTP account is deploy, password: ${p}\n`, 'docs/setup.txt')).toEqual([['generic-password-colon-text', p]]);
  });

  it('as user / password after a login word', () => {
    const p = pw();
    expect(found(`Log in to the staging admin with **admin / ${p}**.\n`, 'README.md')).toEqual([['generic-login-slash-pair-text', p]]);
  });

  it('stated without quotes in a chat export or a comment', () => {
    const [a, b] = [pw(), pw()];
    const chat = `[{"user_name": "miguel", "text": "we turned on AUTH. requirepass is ${a} for now, moving it to vault tomorrow"}]\n`;
    expect(found(chat, 'docs/slack-export/oncall/2024-05-14.json')).toEqual([['generic-password-is-unquoted', a]]);
    expect(found(`# the root password is ${b} until the handover\n`, 'deploy.sh')).toContainEqual(['generic-password-is-unquoted', b]);
    expect(found('# the password is hashed with bcrypt before it is stored\n$password = ConvertTo-SecureString $env:PW -AsPlainText -Force\n', 'a.ps1')).toEqual([]);
  });

  it('not prose, placeholders or providers', () => {
    for (const line of ['Set the admin password: see the vault entry ops/admin.', 'The account uses a strong password: at least 12 characters.', 'Sign in with Google / GitHub to continue.', 'Login with admin / admin the first time.']) {
      expect(found(`${line}\n`, 'README.md')).toEqual([]);
    }
  });
});

describe('a Jenkins API token as the password of a login', () => {
  const token = () => `11${randomFrom('0123456789abcdef', 32)}`;

  it("in a README's curl command (medium: reported in code samples), and in a URL's userinfo", () => {
    const t = token();
    const readme = `## Trigger a build\n\n\`\`\`bash\ncurl -X POST -u deploy-bot:${t} \\\n  "https://ci.corp.example/job/nightly/build"\n\`\`\`\n`;
    expect(found(readme, 'README.md')).toEqual([['jenkins-api-token-basic', t]]);
    const u = token();
    expect(found(`JENKINS_URL=https://admin:${u}@ci.corp.example/\n`, 'ci/.env')).toContainEqual(['jenkins-api-token-basic', u]);
  });

  it('not 34 hex digits of another shape, nor a variable', () => {
    const other = `12${randomFrom('0123456789abcdef', 32)}`;
    expect(found(`curl -u admin:$JENKINS_TOKEN https://ci.corp.example/api/json\ncurl -u admin:${other} https://x\n`, 'run.sh').filter(([r]) => r === 'jenkins-api-token-basic')).toEqual([]);
  });
});

describe("a request file's Basic credentials in a variable", () => {
  it('@auth = Basic <base64 of user:password>', () => {
    const b64 = Buffer.from(`integration.api:${pw()}`).toString('base64');
    expect(found(`@host = https://erp.corp.example/api\n@auth = Basic ${b64}\n\nGET {{host}}/invoices\nAuthorization: {{auth}}\n`, 'api/erp.http')).toEqual([['generic-basic-auth-base64', b64]]);
  });

  it('not base64 of a user name alone', () => {
    const b64 = Buffer.from(`integration.api-${randomAlnum(8)}`).toString('base64');
    expect(found(`@auth = Basic ${b64}\n`, 'api/erp.http')).toEqual([]);
  });
});

describe('SHA password hashes of htpasswd and LDAP', () => {
  it('{SHA} of a digest and {SSHA} with a salt', () => {
    const sha = createHash('sha1').update(pw()).digest('base64');
    const salt = randomBytes(8);
    const ssha = Buffer.concat([createHash('sha1').update(pw()).update(salt).digest(), salt]).toString('base64');
    expect(found(`deploy:{SHA}${sha}\n`, 'nginx/htpasswd')).toEqual([['password-hash-ldap-sha', sha]]);
    expect(found(`dn: uid=app,dc=corp\nuserPassword: {SSHA}${ssha}\n`, 'seed.ldif')).toEqual([['password-hash-ldap-sha', ssha]]);
  });

  it('not a scheme alone or a truncated example', () => {
    expect(found(`password_scheme = {SSHA}\n##    testuser:{SHA}${randomAlnum(28)}\n`, 'values.yaml')).toEqual([]);
  });
});

describe('a password in a query string, a form body or a command argument', () => {
  it("after ? or & (a URL, curl -d's form), and as a script's password=… argument", () => {
    const [a, b, c] = [pw(), pw(), pw()];
    expect(found(`curl -d 'grant_type=password&username=ops&password=${a}' https://auth.corp.example/token\n`, 'login.py')).toEqual([['url-query-password', a]]);
    expect(found(`GET /api/login?user=ops&pwd=${b} HTTP/1.1\n`, 'notes.http')).toEqual([['url-query-password', b]]);
    expect(found(`vault login -method=userpass username=ops password=${c}\n`, 'bin/login.sh')).toEqual([['generic-password-inline', c]]);
  });

  it('not references, placeholders or empty values', () => {
    const text = 'curl -d "username=ops&password=$OPS_PASSWORD" https://x\nhttps://x/login?user=ops&password=YOUR_PASSWORD\nhttps://x/login?user=ops&password=\nvault login username=ops password=$VAULT_PASSWORD\n';
    expect(found(text, 'bin/login.sh')).toEqual([]);
  });
});
