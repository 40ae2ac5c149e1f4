import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { findColumns, isSecretColumn } from '../../src/detect/decode/find-columns.js';
import { decodeSpan } from '../../src/detect/decode/decoders.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { chosenPassword, randomAlnum, randomFrom } from '../helpers/fake.js';

// A password column's name is lines away from its values (a CSV header, a CREATE TABLE, a
// Markdown header row): each cell of such a column is judged as `name = "value"`. Values are
// drawn at random on every run; the negatives are the same files holding hashes, stars,
// placeholders, or no secret column.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path: string) => scanBuffer(detector, Buffer.from(text), path, { showSecrets: true });
const randomHex = (n: number) => randomFrom('0123456789abcdef', n);
// No '.': `Qbkzkr58.vfr` reads as a file name, which the password rules rightly pass over.
const pw = () => chosenPassword('!#*@^~?-_');
const lineOf = (text: string, s: string) => text.slice(0, text.indexOf(s)).split('\n').length;

describe('secret columns', () => {
  it.each([
    ['password', true], ['Password', true], ['user_password', true], ['plain_password', true], ['passwd', true], ['pwd', true],
    ['api_key', true], ['apiKey', true], ['client_secret', true], ['access_token', true], ['Kennwort', true], ['contraseña', true],
    ['password_hash', false], ['encrypted_password', false], ['password_changed_at', false], ['token_type', false],
    ['token_expires', false], ['password_salt', false], ['username', false], ['email', false], ['key_id', false],
  ])('%s: %s', (name, yes) => expect(isSecretColumn(name)).toBe(yes));
});

describe('values found by their column', () => {
  it('a CSV export: each row of the password column, at its cell', () => {
    const [a, b] = [pw(), pw()];
    const text = `id,login,email,password,created\n1,ana,ana@corp.example,${a},2024-05-10\n2,ben,ben@corp.example,"${b}",2024-05-11\n`;
    const hits = found(text, 'exports/staff.csv');
    expect(hits.map((h) => h.secret).sort()).toEqual([a, b].sort());
    const hit = hits.find((h) => h.secret === a)!;
    expect(hit).toMatchObject({ decoded: 'column', line: 2, column: text.split('\n')[1]!.indexOf(a) + 1 });
  });

  it('a TSV export with an API key column (hex of a digest length is a key here, not a hash)', () => {
    const key = randomAlnum(32);
    const hexKey = randomHex(40);
    expect(found(`name\tapi_key\nacme\t${hexKey}\n`, 'customers.tsv').map((h) => h.secret)).toEqual([hexKey]);
    expect(found(`name\tapi_key\tplan\nacme\t${key}\tpro\n`, 'customers.tsv').map((h) => h.secret)).toEqual([key]);
  });

  it('a MySQL dump: INSERT rows into a table whose CREATE TABLE names the column', () => {
    const [a, b] = [pw(), pw()];
    const text = [
      'CREATE TABLE `backoffice_users` (',
      '  `id` int NOT NULL AUTO_INCREMENT,',
      '  `login` varchar(64) NOT NULL,',
      '  `password` varchar(128) NOT NULL,',
      '  `is_admin` tinyint(1) NOT NULL DEFAULT \'0\',',
      '  PRIMARY KEY (`id`)',
      ') ENGINE=InnoDB;',
      `INSERT INTO \`backoffice_users\` VALUES (1,'root','${a}',1),(2,'it\\'s me','${b}',0);`,
      '',
    ].join('\n');
    const hits = found(text, 'db/dumps/cms.sql');
    expect(hits.map((h) => h.secret).sort()).toEqual([a, b].sort());
    expect(hits.every((h) => h.decoded === 'column' && h.line === 8)).toBe(true);
  });

  it('an INSERT naming its columns, over several lines', () => {
    const a = pw();
    const text = `INSERT INTO public.accounts (id, email, smtp_password)\nVALUES\n  (7, 'ops@corp.example', '${a}');\n`;
    const hits = found(text, 'seed.sql');
    expect(hits.map((h) => [h.secret, h.line])).toEqual([[a, 3]]);
  });

  it("pg_dump's COPY rows", () => {
    const a = pw();
    const text = `COPY public.users (id, login, password) FROM stdin;\n1\tana\t${a}\n2\tben\t\\N\n\\.\n`;
    expect(found(text, 'backup.sql').map((h) => [h.secret, h.line])).toEqual([[a, 2]]);
  });

  it('a Markdown table of logins', () => {
    const a = pw();
    const text = `# Test environments\n\n| Host | User | Password |\n| --- | --- | --- |\n| staging-db | admin | \`${a}\` |\n`;
    expect(found(text, 'docs/environments.md').map((h) => [h.secret, h.line, h.decoded])).toEqual([[a, 5, 'column']]);
  });

  it('decodes a cell to an assignment under its column name', () => {
    const p = pw();
    const data = Buffer.from(`user,db_password\nana,${p}\n`);
    const [span] = findColumns(data, 'x.csv');
    expect(decodeSpan(data, span!)!.toString()).toBe(`db_password = "${p}"`);
  });
});

describe('what is not reported', () => {
  it.each([
    ['a column of stars and placeholders', 'users.csv', () => 'id,email,password\n1,a@corp.example,********\n2,b@corp.example,changeme\n3,c@corp.example,<set by user>\n'],
    ['test fixtures with test words', 'fixtures/users.sql', () => "INSERT INTO users (id, login, password) VALUES (1, 'tester', 'test123'), (2, 'admin', 'password');\n"],
    ['a password column of SHA-1 and SHA-256 hex hashes (pg_dump)', 'backup.sql', () => `COPY public.staff (id, username, password) FROM stdin;\n1\tmike\t${randomHex(40)}\n2\tjon\t${randomHex(64)}\n\\.\n`],
    ['a password_hash column', 'users.sql', () => `INSERT INTO users (id, password_hash) VALUES (1, '${randomAlnum(40)}');\n`],
    ['a CSV without a secret column', 'users.csv', () => `id,login,note\n1,ana,${pw()}\n`],
    ['the same rows in a file of another kind', 'notes.txt', () => `id,login,password\n1,ana,${pw()}\n`],
    ['rows whose cell count differs from the header', 'users.csv', () => `id,login,password\n1,ana\n`],
  ])('%s', (_name, path, text) => {
    expect(found(text(), path)).toEqual([]);
  });

  it('a column of bcrypt hashes: the hash rule, not the column', () => {
    const hits = found(`id,email,password\n1,a@corp.example,$2y$10$${randomAlnum(53)}\n`, 'users.csv');
    expect(hits.map((h) => [h.ruleId, h.decoded])).toEqual([['password-hash-bcrypt', undefined]]);
  });
});

describe('untrusted input', () => {
  it('a huge dump costs at most a bounded number of cells and returns', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `(${i},'u${i}','${'x'.repeat(8)}')`).join(',');
    const data = Buffer.from(`INSERT INTO t (id, login, password) VALUES ${rows};\n`);
    expect(findColumns(data, 'big.sql').length).toBeLessThanOrEqual(4096);
  });

  // Each of these took a minute or more (quadratic backtracking or rescans) before the finder was
  // made linear; the test times out (30 s, not the suite's 300 s) if that comes back.
  it.each([
    ['a Markdown separator line after a long run of blanks', 'a.md', () => `| a | password |\n${' '.repeat(100_000)}\n---|---${' '.repeat(100_000)}x\n`],
    ['ten thousand Markdown tables back to back', 'a.md', () => '| a | password |\n|---|---|\n| b | Xy7#kLm2pQ |\n'.repeat(10_000)],
    ['a row of dashes and pipes', 'a.md', () => `| password |\n|---|\n|${'-'.repeat(200_000)}\n`],
    ['a CREATE TABLE of many columns', 'a.sql', () => `CREATE TABLE t (${'a int,'.repeat(20_000)}password text);\nINSERT INTO t VALUES (1);\n`],
    ['statements whose column list never closes', 'a.sql', () => 'COPY t (a, password\n'.repeat(50_000)],
  ])('%s: returns, within the cell bound', (_name, path, text) => {
    expect(findColumns(Buffer.from(text()), path).length).toBeLessThanOrEqual(4096);
  }, 30_000); // linear: well under a second; the quadratic forms took a minute or more

  it('an unterminated string or tuple ends the rows without a throw', () => {
    for (const text of ["INSERT INTO t (id, password) VALUES (1, 'abc", 'INSERT INTO t (id, password) VALUES (1,', 'COPY t (password) FROM stdin;\n', 'a,password\n"x,"']) {
      expect(() => findColumns(Buffer.from(text), text.startsWith('a,') ? 'x.csv' : 'x.sql')).not.toThrow();
    }
  });
});
