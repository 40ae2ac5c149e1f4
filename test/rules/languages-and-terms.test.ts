import { describe, expect, it } from 'vitest';
import { chosenPassword, fakeGenericSecret, randomFrom, randomToken } from '../helpers/fake.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Credentials named in other languages, names with a qualifier after "password", passwords
// people compose of camelCase words, Erlang terms, and ciphertext made to be committed. Values
// are drawn at random on every run; each class has negatives that look alike.
const { found, expectSecret, expectNothing } = shippedPack();
const pw = () => chosenPassword('!*@^~?-_');
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
/** `meadowRiver47`: two or three words joined camelCase, then a number. */
const camelWords = () => {
  const words = Array.from({ length: 2 + (randomFrom('01', 1) === '1' ? 1 : 0) }, () => randomFrom('bcdfghklmnprstvz', 1) + randomFrom('aeiou', 1) + randomFrom('bcdfghklmnprstvz', 1) + randomFrom('aeiou', 1) + randomFrom('lnrst', 1));
  return words[0] + words.slice(1).map(cap).join('') + randomFrom('23456789', 1 + Number(randomFrom('01', 1)));
};

describe('a password named in another language', () => {
  it.each([
    ['Turkish şifre', (p: string) => `$config['db']['şifre'] = "${p}";\n`, 'app/config.php'],
    ['Turkish sifre in JSON', (p: string) => `{\n  "Veritabani": {\n    "Sifre": "${p}"\n  }\n}\n`, 'appsettings.json'],
    ['transliterated parol', (p: string) => `var db = Baza{\n\tPolzovatel: "app",\n\tParol:      "${p}",\n}\n`, 'internal/baza.go'],
    ['Indonesian kata sandi', (p: string) => `KATA_SANDI=${p}\n`, '.env'],
    ['French mdp', (p: string) => `const mdp = '${p}';\n`, 'scripts/mail.js'],
    ['Italian parola chiave', (p: string) => `parola_chiave = "${p}"\n`, 'import.py'],
  ])('%s', (_name, make, path) => {
    const p = pw();
    expectSecret(make(p), path, p);
  });

  it('not the word in a label, a reference or a dictionary word', () => {
    expectNothing('{\n  "Sifre": "Şifre",\n  "SifreTekrar": "Şifreyi tekrar girin"\n}\n', 'locales/tr.json');
    expectNothing('KATA_SANDI=${KATA_SANDI_DB}\n', '.env');
    expectNothing('parola = "ciao"\n', 'gioco.py');
  });
});

describe('a password name with a qualifier after it', () => {
  it.each(['password_db', 'PASSWORD_PROD', 'pwd_admin', 'db_password_2'])('%s = …', (name) => {
    const p = pw();
    expectSecret(`${name} = "${p}"\n`, 'settings.py', p);
    expectSecret(`${name}=${p}\n`, 'deploy/.env', p);
  });

  it('not settings about the password', () => {
    expectNothing('password_min_length = "12"\npassword_hash = "sha256"\npassword_field = "userPassword2"\n', 'settings.py');
  });
});

describe('a password of camelCase words and a number', () => {
  it('in YAML, an Elixir keyword list and a Vagrantfile', () => {
    for (const [text, path] of [
      [(p: string) => `database:\n  user: app\n  password: ${p}\n`, 'config/database.yml'],
      [(p: string) => `config :app, App.Repo,\n  username: "app",\n  password: "${p}",\n`, 'config/prod.exs'],
      [(p: string) => `  config.ssh.username = "dev"\n  config.ssh.password = "${p}"\n`, 'Vagrantfile'],
    ] as const) {
      const p = camelWords();
      expectSecret(text(p), path, p);
    }
  });

  it('not a camelCase name that says what it fills', () => {
    expectNothing('password: "newPassword2"\npassword = "userPass1"\n', 'config/form.yml');
  });
});

describe('a secret key named in another language', () => {
  it.each([
    ['Spanish clave secreta', (v: string) => `CLAVE_SECRETA = '${v}'\n`, 'ajustes.py'],
    ['German geheimer Schlüssel', (v: string) => `webhook:\n  geheimer_schluessel: "${v}"\n`, 'einstellungen.yaml'],
    ['Portuguese chave', (v: string) => `$config = ['api_chave' => '${v}'];\n`, 'config/integracao.php'],
  ])('%s', (_name, make, path) => {
    const v = fakeGenericSecret(32);
    expectSecret(make(v), path, v);
  });

  it('not a dictionary key, which clave and chave also mean', () => {
    expectNothing("clave = 'nombre_usuario'\nitems = {'chave': 'produto_id'}\n", 'app.py');
  });
});

describe('an Erlang term config', () => {
  it('a string or a binary after an atom that says password', () => {
    const [a, b] = [pw(), pw()];
    const text = `[{rabbit, [{default_user, <<"orders">>}, {default_pass, <<"${a}">>}]},\n {epgsql, [{host, "db01"}, {password, "${b}"}]}].\n`;
    expect(found(text, 'etc/rabbitmq/rabbitmq.config').map((f) => f.secret)).toEqual([a, b]);
  });

  it('not an empty binary or an environment lookup', () => {
    expectNothing('[{rabbit, [{default_pass, <<"">>}]}, {app, [{password, os:getenv("DB_PASSWORD")}]}].\n', 'sys.config');
  });
});

describe('ciphertext made to be committed', () => {
  it('SOPS and hiera-eyaml values are not reported under any name', () => {
    const b64 = (n: number) => randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);
    const sops = `ENC[AES256_GCM,data:${b64(28)},iv:${b64(43)}=,tag:${b64(22)}==,type:str]`;
    expectNothing(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  DB_PASSWORD: ${sops}\n`, 'secrets/db.enc.yaml');
    expectNothing(`profile::db::password: ENC[PKCS7,MIIBiQYJKoZIhvcNAQcDoIIBejCCAXYCAQAxggEhMIIBHQIBADAFMAACAQEw${b64(120)}]\n`, 'hieradata/common.eyaml');
  });

  it('while the same Secret with the value in clear is', () => {
    const p = pw();
    expectSecret(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  DB_PASSWORD: ${p}\n`, 'secrets/db.yaml', p);
  });
});

describe('a token after its name and a blank, the name joined by underscores', () => {
  it("fluentd's Splunk HEC output and a webhook token", () => {
    const hex = (n: number) => randomFrom('0123456789abcdef', n);
    const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    expectSecret(`<match app.**>\n  @type splunk_hec\n  hec_host splunk.internal\n  hec_token ${uuid}\n</match>\n`, 'fluentd/fluent.conf', uuid, 'splunk-hec-token');
    const t = fakeGenericSecret(28);
    expectSecret(`  webhook_token ${t}\n`, 'conf/hooks.conf', t);
  });

  it('not prose or a reference after the name', () => {
    expectNothing('  hec_token ${SPLUNK_HEC_TOKEN}\nthe refresh_token expires after thirty days\n', 'fluent.conf');
  });
});

describe('YAML and Salt', () => {
  it('a double-quoted password with an escaped quote inside', () => {
    const [a, b] = [randomToken(6), randomToken(6)];
    // Reported from its start: the value up to the escaped quote is the part a rule can tell apart.
    const hits = found(`db:\n  passwort: "${a}\\"${b}@K9"\n`, 'values.yaml');
    expect(hits.map((f) => f.secret.slice(0, a.length))).toEqual([a]);
  });

  it("a Salt pillar's password", () => {
    const p = pw();
    expectSecret(`redis:\n  port: 6379\n  requirepass: '${p}'\n`, 'pillar/redis/init.sls', p);
  });
});

describe('keys made to ship in web pages', () => {
  it('publishable and project keys under any name, while the secret key beside them is reported', () => {
    const pub = `pk_live_51${randomToken(40)}`;
    const project = `phc_${randomToken(43)}`;
    const secret = `sk_live_51${randomToken(40)}`;
    const text = `export const CFG = {\n  stripeKey: "${pub}",\n  posthogProjectKey: "${project}",\n  stripeSecretKey: "${secret}",\n};\n`;
    expect(found(text, 'src/config.js').map((f) => f.secret)).toEqual([secret]);
  });
});

describe("a product's default password", () => {
  it('is not reported, while a chosen one in its place is', () => {
    for (const d of ['postgres', 'guest', 'minioadmin', 'mysql']) {
      expectNothing(`DB_PASSWORD = "${d}"\nRABBITMQ_DEFAULT_PASS=${d}\n`, 'settings.py');
      expectNothing(`services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${d}\n`, 'docker-compose.yml');
    }
    const p = pw();
    expectSecret(`services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${p}\n`, 'docker-compose.yml', p);
    // A weak choice that is no product's name is reported.
    expectSecret(`services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: rootroot1\n`, 'docker-compose.yml', 'rootroot1');
  });
});

describe("Algolia's search-only key", () => {
  it('is made for browsers; the admin key beside it is a secret', () => {
    const hex = () => randomFrom('0123456789abcdef', 32);
    const [search, admin] = [hex(), hex()];
    const hits = found(`export const algolia = {\n  searchOnlyApiKey: "${search}",\n  adminApiKey: "${admin}",\n};\n`, 'src/search.ts');
    expect(hits.map((f) => f.secret)).toEqual([admin]);
  });
});
