import { describe, it } from 'vitest';
import { chosenPassword, plausible, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Secrets handed to setters and builders, named in two-argument calls and key/value objects, left
// as the default of a lookup, a placeholder or a Terraform variable, in Oracle connect strings and
// C macros: values drawn at random on every run, negatives that look alike.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const password = () => chosenPassword();
/** A key: letters with digits inside. */
const key = () => plausible(() => `${randomToken(10)}${randomFrom('0123456789', 3)}${randomToken(11)}`);

describe('setters, builders and named arguments', () => {
  it('finds passwords and keys given to setters, builders, two-argument calls and Postman pairs', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const k = key();
      expectSecret(`ds.setUsername("app");\nds.setPassword("${pw}");\n`, 'Db.java', pw, 'password-setter-literal');
      expectSecret(`val m = Mailer.builder().host("smtp.acme.io").username("ops").password("${pw}").build()\n`, 'Mail.kt', pw, 'password-setter-literal');
      expectSecret(`client.setApiKey("${k}");\n`, 'Client.java', k, 'secret-setter-literal');
      expectSecret(`Api.builder().apiKey("${k}").build()\n`, 'Client.java', k, 'secret-setter-literal');
      expectSecret(`props.put("mail.smtp.password", "${pw}");\n`, 'Mail.java', pw, 'password-keyed-call');
      expectSecret(`{"key": "password", "value": "${pw}", "type": "string"}\n`, 'collection.json', pw, 'key-value-pair-password');
    }
  });

  it('not a transformed or checked password, a variable, a label or a list of field names', () => {
    for (const [text, path] of [
      ['user.setPassword(encoder.encode(raw));\n', 'User.java'],
      [`assertTrue(auth.checkPassword("${password()}"));\n`, 'AuthTest.java'],
      [`String h = hashPassword("${password()}");\n`, 'Hash.java'],
      ['client.setApiKey(System.getenv("API_KEY"));\n', 'Client.java'],
      ['Set<String> hidden = Set.of("password", "email");\n', 'Fields.java'],
      ['t("password", "Password")\n', 'i18n.js'],
      // A phrase about a password is a test's filler.
      ["expected = [('password', 'Qz^%#rest-of-my-password'), ('realm', 'pypi')]\n", 'test_config.py'],
      ['{"key": "password", "value": "{{password}}", "type": "string"}\n', 'collection.json'],
    ]) expectNothing(text!, path!);
  });
});

describe('defaults and connect strings', () => {
  it('finds lookup fallbacks, placeholder defaults, Terraform defaults, Oracle logins and C macros', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const k = key();
      expectSecret(`export const apiKey = process.env.API_KEY ?? '${k}';\n`, 'config.ts', k, 'secret-fallback-default');
      expectSecret(`spring:\n  datasource:\n    password: \${DB_PASSWORD:${pw}}\n`, 'application.yml', pw, 'shell-default-password');
      expectSecret(`@Value("\${mail.smtp.password:${pw}}")\n`, 'Mail.java', pw, 'shell-default-password');
      expectSecret(`jwt:\n  secret: \${JWT_SECRET:${k}}\n`, 'application.yml', k, 'secret-placeholder-default');
      expectSecret(`variable "db_password" {\n  type    = string\n  default = "${pw}"\n}\n`, 'variables.tf', pw, 'terraform-variable-default-secret');
      expectSecret(`sqlplus etl/${pw}@ORCL @export.sql\n`, 'export.sh', pw, 'oracle-cli-password');
      expectSecret(`CONNECT app/${pw}@//db01:1521/orcl\n`, 'setup.sql', pw, 'oracle-sql-connect');
      expectSecret(`#define WIFI_SSID "Lab"\n#define WIFI_PASSWORD "${pw}"\n`, 'secrets.h', pw, 'c-define-password');
      expectSecret(`#define BLYNK_AUTH_TOKEN "${k}"\n`, 'sketch.ino', k, 'c-define-secret');
    }
  });

  it('not empty defaults, references, Terraform variables without a default, sysdba logins or macros elsewhere', () => {
    for (const [text, path] of [
      ["export const apiKey = process.env.API_KEY ?? '';\n", 'config.ts'],
      ['    password: ${DB_PASSWORD:}\n', 'application.yml'],
      ['@Value("${db.password:#{null}}")\n', 'Db.java'],
      ['variable "db_password" {\n  type      = string\n  sensitive = true\n}\n', 'variables.tf'],
      ['variable "db_password_secret_name" {\n  default = "prod/db/password"\n}\n', 'variables.tf'],
      ['sqlplus / as sysdba\n', 'run.sh'],
      ['sqlplus etl/$ETL_PASSWORD@ORCL @export.sql\n', 'export.sh'],
      ['#define PASSWORD_MAX_LEN 64\n', 'limits.h'],
      [`#define WIFI_PASSWORD "${password()}"\n`, 'notes.md'],
      // Only sketches and settings headers: scanning every C file costs the prefilter (D21).
      [`#define WIFI_PASSWORD "${password()}"\n`, 'driver.c'],
    ]) expectNothing(text!, path!);
  });
});
