import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { drawWhere, randomFrom } from '../helpers/fake.js';
import { entropyOf } from '../../src/rules/validators-generic.js';
import { runs } from '../helpers/runs.js';

// Weak, human-written passwords under a name that says "password": reported even though they
// are word-like or low in entropy (low confidence: generic evidence only), in every file type
// people leak them in. Values are drawn at random on every run; each class has negatives that
// look alike (labels, field names, validation rules, types, references, placeholders).
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path: string) =>
  scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret, confidence: f.confidence }));
const RUNS = runs(10);

// No l: `Lo`+`re`+`me` spelled the placeholder word "lorem" (one draw in ~40,000).
const CONS = 'bcdfghjkmnprstvz';
const VOWELS = 'aeiou';
/** A pronounceable lower-case word of `n` syllables: what people choose as a password. */
const word = (n: number) => Array.from({ length: n }, () => `${randomFrom(CONS, 1)}${randomFrom(VOWELS, 1)}`).join('');
/** Weak passwords of the shapes people write: a word, a word and digits, a capitalised word and a year. */
const weakPasswords = (): string[] => [
  // The rules' floor is 1.5 bits (`cocodoco`: 1.41, one draw in ~7,500); a unit repeated
  // (`dihudihu`) is the repeated-characters filter's, one draw in ~6,500.
  drawWhere(() => word(4), (w) => entropyOf(w) >= 1.5 && !/^(.+)\1$/.test(w)),
  `${word(3)}${randomFrom('0123456789', 3)}`,
  `${word(3).replace(/^./, (c) => c.toUpperCase())}${randomFrom('12', 1)}${randomFrom('0123456789', 3)}`,
  `${word(2)}$${word(2)}`,
];

function expectSecret(text: string, path: string, secret: string): void {
  const hits = found(text, path);
  expect(hits.map((h) => h.secret), `${path}: ${text}`).toContain(secret);
  // Generic evidence only is low confidence; a file-format rule (Spring properties) may say more.
  const hit = hits.find((h) => h.secret === secret)!;
  if (hit.rule.startsWith('generic-')) expect(hit.confidence).toBe('low');
}

function expectNothing(text: string, path: string): void {
  expect(found(text, path), `${path}: ${text}`).toEqual([]);
}

describe('weak passwords under a password name', () => {
  it('quoted, in code of every common language and in JSON', () => {
    for (let i = 0; i < RUNS; i++) {
      for (const pw of weakPasswords()) {
        const cases: Array<[string, string]> = [
          [`password = "${pw}"\n`, 'settings.py'],
          [`    conn = psycopg2.connect(host="db", user="app", password='${pw}')\n`, 'db.py'],
          [`String dbPassword = "${pw}";\n`, 'Db.java'],
          [`private const string ServicePassword = "${pw}";\n`, 'Config.cs'],
          [`const config = { user: 'app', password: '${pw}' };\n`, 'config.js'],
          [`{\n  "host": "db.internal",\n  "AdminPassword": "${pw}"\n}\n`, 'appsettings.json'],
          [`  :password => '${pw}',\n`, 'database.rb'],
          [`    password        => '${pw}',\n`, 'config.pl'],
          [`$db = ['user' => 'app', 'password' => '${pw}'];\n`, 'config.php'],
          [`$smtpPass = "${pw}"\n`, 'deploy.ps1'],
          [`\tPassword: "${pw}",\n`, 'main.go'],
          [`my_password := "${pw}"\n`, 'main.go'],
          [`  db_pass: "${pw}"\n`, 'values.yaml'],
        ];
        for (const [text, path] of cases) expectSecret(text, path, pw);
      }
    }
  });

  it('unquoted, in ini, env, properties and text files', () => {
    for (let i = 0; i < RUNS; i++) {
      for (const pw of weakPasswords().filter((p) => !p.includes('$'))) {
        expectSecret(`[Service]\nUsername=${word(3)}\nPassword=${pw}\n`, 'service.ini', pw);
        expectSecret(`[Service]\nUsername=${word(3)}\nPassword=${pw}\n`, 'notes.txt', pw);
        expectSecret(`MAIL_PASSWORD=${pw}\n`, '.env', pw);
        expectSecret(`spring.datasource.password=${pw}\n`, 'application.properties', pw);
      }
    }
  });

  it('not labels, field names, validation rules, types, references or placeholders', () => {
    const negatives: Array<[string, string]> = [
      ['{\n  "password": "Password",\n  "username": "Username"\n}\n', 'en.json'],
      ['{\n  "password": "Passwort",\n  "email": "E-Mail"\n}\n', 'de.json'],
      ['{\n  "password": "Contraseña"\n}\n', 'es.json'],
      ['password: "Mot de passe"\n', 'fr.yml'],
      ["  password: 'password',\n", 'fields.js'],
      ["  passwordField: 'newPassword',\n", 'form.js'],
      ['  autocomplete: "current-password",\n', 'form.js'],
      ['    "password" => "required|string|min:8|confirmed",\n', 'Request.php'],
      ["    'password' => 'required',\n", 'rules.php'],
      ['  password: string;\n', 'user.ts'],
      ['  password = getPassword()\n', 'app.py'],
      ['  password = self.password\n', 'app.py'],
      ['const password = process.env.DB_PASSWORD;\n', 'db.js'],
      ["password = '${DB_PASSWORD}'\n", 'db.py'],
      ["password: '<password>'\n", 'README.md'],
      ['password = "********"\n', 'db.py'],
      ['password = ""\n', 'db.py'],
      ["  password: 'changeme',\n", 'seed.js'],
      ["  password: 'your_password',\n", 'config.js'],
      ['PASSWORD_HASHER = "argon2"\n', 'settings.py'],
      ['password_field = "password_confirmation"\n', 'forms.py'],
      ["  type: 'password',\n", 'input.js'],
      ['<input type="password" name="password" placeholder="Password">\n', 'login.html'],
      ['  "password": "hidden",\n', 'schema.json'],
      ['  password: "text",\n', 'columns.js'],
      ['  passwordPolicy: "strong",\n', 'policy.js'],
      ['this.addPassword = "#add-password";\n', 'page.js'],
      // Rails routes: a path and a controller#action under a password-named key.
      [`  get '/${word(2)}/passwords/:id/edit' => "${word(2)}/${word(2)}/passwords#edit", as: 'edit_password'\n`, 'routes.rb'],
      [`  post 'reset_password' => '${word(3)}/${word(2)}#reset_password'\n`, 'routes.rb'],
      ['const KEYSTORE_PASSWORD = "notasecret";\n', 'keys.js'],
      ["greeting = 'Hi'; password = '$user_secret';\n", 'tpl.php'],
      ["  bypass: 'sometimes',\n", 'cache.js'],
    ];
    for (const [text, path] of negatives) expectNothing(text, path);
  });

  it('"secret" or "password" spelled with digits and symbols is an example value; a word joined to it or digits after it are not', () => {
    for (const pw of ['secr3t', 's3cr3t', 'p4ssw0rd', 'P@ssw0rd', 'Passw0rd!', 'P@ssw0rd123', 'p4ss']) {
      expectNothing(`password = "${pw}"\n`, 'settings.py');
      expectNothing(`password=${pw}\n`, 'git-credential.txt');
    }
    for (const pw of ['super$ecret', 'Secret123', 'r3dwood-p4ss']) expectSecret(`password = "${pw}"\n`, 'settings.py', pw);
  });

  it('a bad or fake password in a test fixture is not a credential', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = word(4);
      expectNothing(`wrong_password = "${pw}"\n`, 'test_login.py');
      expectNothing(`const invalidPassword = '${pw}';\n`, 'login.test.js');
    }
  });
});
