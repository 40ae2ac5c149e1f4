import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { crc32 } from '../../src/rules/validators.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { checksummedToken, drawWhere, randomFrom, randomToken } from '../helpers/fake.js';
import { nonSecretReason } from '../../src/detect/filters.js';
import { runs } from '../helpers/runs.js';

// Documentation examples: values found on generic evidence inside a block that says it is an
// example are not reported; the same values elsewhere, structural tokens anywhere and
// Kubernetes Secret manifests are. Every value is drawn at test time.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path = 'notes.txt') =>
  scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret }));
const secretsIn = (text: string, path?: string) => found(text, path).map((f) => f.secret);
const RUNS = runs(10);

/** A password people write: letters, digits and a symbol, no placeholder word. */
const password = () =>
  `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 3)}${randomFrom('bcdfghjkmnpqrstvwz', 4)}${randomFrom('2345678', 2)}${randomFrom('!#%*@', 1)}${randomFrom('bcdfghjkmnpqrstvwz', 2)}`;
const filler = (n: number) => Array.from({ length: n }, (_, i) => `    "Field${i}": "${randomToken(6).toLowerCase()}",`).join('\n');

describe('credentials in documentation examples', () => {
  it('a block introduced by "for example", "an example", "would look like" is an example', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const block = `{\n    "UserName": "ops",\n    "NewPassword": "${pw}"\n}\n`;
      expect(secretsIn(block)).toEqual([pw]);
      for (const intro of ['For example, the file might look like the following. ::', 'An example of a request:', 'The request would look like', 'e.g. with a JSON body', 'Examples'])
        expect(secretsIn(`${intro}\n\n${block}`), intro).toEqual([]);
      // Twelve lines up still frame it; further up they do not.
      expect(secretsIn(`For example:\n${filler(9)}\n${block}`)).toEqual([]);
      expect(secretsIn(`For example:\n${filler(20)}\n${block}`)).toEqual([pw]);
    }
  });

  it('placeholders beside the value mark the block: EXAMPLE inside an id, sequential digits', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expect(secretsIn(`"ServiceUserName": "ops-at-123456789012",\n"ServicePassword": "${pw}",\n`)).toEqual([]);
      expect(secretsIn(`"CredentialId": "ACCA${randomFrom('BCDFGHJ', 3)}EXAMPLE",\n"ServicePassword": "${pw}",\n`)).toEqual([]);
    }
  });

  it('look-alikes that are not example prose do not hide a value', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      for (const near of ['smtp_host = mail.example.com', 'admin_email = ops@example.org', 'Example=1', 'example_value = 3', 'examples_dir = ./ex', 'EXAMPLE.COM realm', 'counter = 12345678', 'base_dn = dc=example,dc=com'])
        expect(secretsIn(`${near}\ndb_password = "${pw}"\n`), near).toEqual([pw]);
    }
  });

  it('structural tokens and Kubernetes Secrets are reported in an example, unless their own line introduces them as one', () => {
    const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < RUNS; i++) {
      const body = randomToken(30);
      let sum = '';
      for (let v = crc32(body); v > 0; v = Math.floor(v / 62)) sum = base62[v % 62] + sum;
      const ghp = `ghp_${body}${sum.padStart(6, '0')}`;
      expect(secretsIn(`For example:\n\n    GITHUB_TOKEN=${ghp}\n`)).toEqual([ghp]);
      // A checksum-verified token is reported even when its line calls it an example.
      expect(secretsIn(`# It will be like {"token":"${ghp}"}\n`)).toEqual([ghp]);
      // A prefixed token without a checksum: only its own line, just before it, makes it one.
      const akia = `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
      expect(secretsIn(`# It will be like {"AccessKeyId":"${akia}"}\n`)).toEqual([]);
      expect(secretsIn(`For example:\n\n    AWS_ACCESS_KEY_ID=${akia}\n`)).toEqual([akia]);
      expect(secretsIn(`key_id = "${akia}"  # for example\n`)).toEqual([akia]);
      expect(secretsIn(`# e.g. ${'x'.repeat(300)} ${akia}\n`)).toEqual([akia]);
      const data = Buffer.from(password()).toString('base64');
      const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  # the value is shortened in this example\n  password: ${data}\n`;
      expect(found(manifest, 'secret.yaml').map((f) => f.rule)).toContain('kubernetes-secret-data');
    }
  });
});

describe('JWTs beside the key that signs them', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = () => ({ sub: randomFrom('0123456789', 9), name: randomToken(8), iat: 1_700_000_000 + Number(randomFrom('0123456789', 6)) });
  /** A token for `key` over fresh claims, drawn again when its signature spells a placeholder word (`FAKE_`) by chance. */
  const sign = (key: string) =>
    drawWhere(() => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims())}`;
      return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    }, (t) => nonSecretReason(t) === undefined);

  it('a worked example (the key quoted beside the token) is not reported; the token alone is', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = randomToken(12);
      const token = sign(key);
      expect(secretsIn(`>>> jwt.encode(${JSON.stringify(claims())}, "${key}", algorithm="HS256")\n'${token}'\n`)).toEqual([]);
      expect(secretsIn(`Authorization: Bearer ${token}\n`)).toEqual([token]);
      // Another key quoted nearby does not verify it.
      expect(secretsIn(`key = "${randomToken(12)}"\nAuthorization: Bearer ${token}\n`)).toContain(token);
    }
  });

  it("a token signed with jwt.io's sample key is a sample", () => {
    for (let i = 0; i < RUNS; i++) {
      expect(secretsIn(`Authorization: Bearer ${sign('your-256-bit-secret')}\n`)).toEqual([]);
      const real = sign(randomToken(32));
      expect(secretsIn(`Authorization: Bearer ${real}\n`)).toEqual([real]);
    }
  });
});

describe('fill-in markers', () => {
  it('<<name>>, «name» and [[name]] are placeholders, a value around them is not', () => {
    for (const [text, path] of [
      ['    password="<<pw>>",\n', 'seed.py'],
      ['DB_PASSWORD: "<<PASSWORD>>"\n', 'values.yaml'],
      ['password = "[[db_password]]"\n', 'config.toml'],
      // Autoconf, Ant and Maven resource filtering; a generator's marker.
      ['jdbc.password=@DB_PASSWORD@\n', 'db.properties'],
      ['spring.datasource.password=@db.password@\n', 'application.properties'],
      ["        $mail->Password   = '@@P@@';\n", 'contact.php'],
      ["DATABASE_URL=postgres://app:__DB_PASSWORD__@db:5432/app\n", '.env'],
      // Guillemets.
      ["MONGODB_URI=mongodb+srv://orders:«pw»@cluster0.example.mongodb.net/orders\n", '.env'],
      ['set(KEYSTORE_PASS "«pw»" CACHE STRING "keystore password")\n', 'CMakeLists.txt'],
    ] as const) {
      expect(found(text, path), text).toEqual([]);
    }
    for (let i = 0; i < RUNS; i++) {
      const pw = `<<${randomToken(10)}${randomFrom('23456789', 2)}`;
      expect(found(`password = "${pw}"\n`, 'a.py').map((f) => f.secret)).toEqual([pw]);
    }
  });
});

describe('HTML-escaped placeholders', () => {
  it('are placeholders in env, YAML, JSON and XML, named or numeric entities', () => {
    for (const [text, path] of [
      ['DB_PASSWORD=&lt;YOUR_PASSWORD&gt;\n', '.env'],
      ['  password: "&lt;db password&gt;"\n', 'values.yaml'],
      ['{"apiKey": "&lt;YOUR_API_KEY&gt;"}\n', 'config.json'],
      ['<add key="ClientSecret" value="&lt;client-secret&gt;" />\n', 'web.config'],
      ['SECRET_KEY=&#60;your secret key&#62;\n', '.env'],
      ['SECRET_KEY=&#x3C;your-secret-key&#x3E;\n', '.env'],
    ] as const) {
      expect(found(text, path), text).toEqual([]);
    }
  });

  it('a value with an escaped character that is not a placeholder is still reported', () => {
    for (let i = 0; i < RUNS; i++) {
      const head = randomToken(8);
      const tail = `${randomToken(6)}${randomFrom('23456789', 2)}`;
      expect(secretsIn(`db_password = "${head}&amp;${tail}"\n`, 'settings.py').join()).toContain(head);
    }
  });
});

describe('code samples in Markdown documentation', () => {
  it('a password found by its name alone is not reported inside a fence of a .md file; outside it, in other files and for structural tokens it is', () => {
    const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const config = `  auth: {\n    username: '${randomFrom('bcdfghjkmnpqrstvwz', 8)}',\n    password: '${pw}'\n  }\n`;
      const fenced = `# Client\n\nConfigure the proxy:\n\n\`\`\`js\nconst client = create({\n${config}});\n\`\`\`\n`;
      expect(secretsIn(fenced, 'README.md')).toEqual([]);
      expect(secretsIn(fenced.replace('```js', '~~~').replace('```\n', '~~~\n'), 'docs/guide.markdown')).toEqual([]);
      // After the fence closes, in a file that is not Markdown, or with no fence: reported.
      expect(secretsIn(`\`\`\`sh\nnpm i\n\`\`\`\n\nconst client = create({\n${config}});\n`, 'README.md')).toEqual([pw]);
      expect(secretsIn(fenced, 'client.js')).toEqual([pw]);
      expect(secretsIn(fenced, 'notes.txt')).toEqual([pw]);
      // A checksum-verified token in the same fence is reported.
      const body = randomToken(30);
      let sum = '';
      for (let v = crc32(body); v > 0; v = Math.floor(v / 62)) sum = base62[v % 62] + sum;
      const ghp = `ghp_${body}${sum.padStart(6, '0')}`;
      expect(secretsIn(fenced.replace(`password: '${pw}'`, `token: '${ghp}'`), 'README.md')).toEqual([ghp]);
    }
  });
});

describe('literal blocks in reStructuredText documentation', () => {
  it('a value found by its name alone is not reported in a block after "::" or a code directive; in prose, other files and for structural tokens it is', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const json = `    {\n        "UserName": "ops",\n        "NewPassword": "${pw}"\n    }\n`;
      const rst = `**To create a user**\n\nContents of \`\`input.json\`\`::\n\n${json}\nThis command produces no output.\n`;
      expect(secretsIn(rst, 'examples/iam/create-user.rst')).toEqual([]);
      expect(secretsIn(`Example\n=======\n\n.. code-block:: json\n\n${json}`, 'docs/users.rst')).toEqual([]);
      // Not indented under an introducing paragraph, or not a .rst file: reported.
      expect(secretsIn(`Contents of input.json:\n\n${json}`, 'docs/users.rst')).toEqual([pw]);
      expect(secretsIn(rst, 'examples/iam/create-user.txt')).toEqual([pw]);
      // A checksum-verified token in the same block is reported.
      const ghp = checksummedToken();
      expect(secretsIn(rst.replace(`"NewPassword": "${pw}"`, `"token": "${ghp}"`), 'examples/iam/create-user.rst')).toEqual([ghp]);
    }
  });
});
