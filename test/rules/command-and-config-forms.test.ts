import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { entropyOf, madeUp } from '../../src/rules/validators-generic.js';
import { nonSecretReason } from '../../src/detect/filters.js';
import { composed, drawWhere, plausible, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Passwords and keys as scripts, server configs, SQL and client code hold them: values drawn at
// random on every run, negatives that look alike. The shipped pack, through a scan's detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const CONSONANTS = 'bcdfghjkmnpqrstvwz';
/** A password with a symbol inside, `$` and `#` included (they start references and comments only at a value's start). */
const password = () =>
  `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 2)}${randomFrom(CONSONANTS, 4)}${randomFrom('0123456789', 2)}${randomFrom('$#!%@', 1)}${randomFrom(CONSONANTS, 3)}`;
/** A key: letters with at least two digits. */
const keyOf = (n: number) => composed(() => `${randomToken(n - 4)}${randomFrom('0123456789', 2)}${randomToken(2)}`);


describe('config values with symbols, list items and short names', () => {
  it('finds passwords holding $ or #, compose list items, *_pass and pass: names, and text files', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`DB_HOST=db\nDB_PASSWORD=${pw}\n`, '.env', pw);
      expectSecret(`services:\n  db:\n    environment:\n      - MYSQL_ROOT_PASSWORD=${pw}\n`, 'docker-compose.yml', pw);
      expectSecret(`[smtp]\nsmtp_pass=${pw}\n`, 'settings.cfg', pw);
      expectSecret(`redis:\n  auth:\n    pass: "${pw}"\n`, 'values.yaml', pw);
      expectSecret(`username: admin\npassword: ${pw}\n`, 'creds.txt', pw);
    }
  });

  it('not a reference, a command substitution, a file setting or a list of hosts', () => {
    for (const [text, path] of [
      ['DB_PASSWORD=$MYSQL_PASSWORD\n', '.env'],
      ['smtp_pass=$(cat /run/secrets/smtp)\n', 'settings.cfg'],
      ['    - MYSQL_PASSWORD_FILE=/run/secrets/db\n', 'docker-compose.yml'],
      ['proxy:\n  bypass: localhost,127.0.0.1,.internal\n', 'values.yaml'],
      ['# requirepass foobared\n', 'redis.conf'],
    ]) expectNothing(text!, path!);
  });

  it('finds Django-alphabet keys unquoted ($, ( and ) included)', () => {
    for (let i = 0; i < RUNS; i++) {
      // Nine lower-case letters in a row that read like words drop a value (D18): one Django key in
      // ten or so has such a run, and is then found in settings.py (django-secret-key), not here.
      const body = () => randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 20);
      const key = drawWhere(() => `${body()}${randomFrom('$()!@#%^&*-_=+', 3)}${body()}`, (s) => !madeUp(s) && nonSecretReason(s) === undefined && !/[a-z]{9}/.test(s));
      expectSecret(`SECRET_KEY=${key}\n`, '.env', key);
    }
    expectNothing('API_KEY=$(vault kv get -field=key secret/app)\n', '.env');
  });
});

describe('server configs and SQL', () => {
  it('finds requirepass, masterauth, bindpw, rootpw and auth_pass directives', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      for (const d of ['requirepass', 'masterauth', 'bindpw', 'rootpw']) expectSecret(`${d} ${pw}\n`, 'server.conf', pw, 'server-config-password-directive');
      expectSecret(`authentication {\n    auth_type PASS\n    auth_pass ${pw}\n}\n`, 'keepalived.conf', pw);
    }
    expectNothing('requirepass ${REDIS_PASSWORD}\n', 'redis.conf');
  });

  it('finds passwords set by CREATE/ALTER USER, ROLE and LOGIN', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password().replace(/[$%]/g, '!');
      for (const sql of [
        `CREATE USER 'app'@'%' IDENTIFIED BY '${pw}';`,
        `ALTER USER postgres WITH PASSWORD '${pw}';`,
        `CREATE ROLE reporting WITH LOGIN PASSWORD '${pw}';`,
        `CREATE LOGIN etl WITH PASSWORD = N'${pw}', CHECK_POLICY = OFF;`,
      ]) expectSecret(`${sql}\n`, 'init.sql', pw, 'sql-user-password');
    }
  });

  it('not a variable, a psql variable, or prose that says "identified by"', () => {
    for (const text of [
      "CREATE USER 'shop'@'%' IDENTIFIED BY '${DB_PASSWORD}';",
      "ALTER USER app WITH PASSWORD :'app_password';",
      'CREATE USER app IDENTIFIED WITH auth_socket;',
      "Load and return a dynamic library identified by 'name'.",
    ]) expectNothing(`${text}\n`, 'init.sql');
  });
});

describe('command lines', () => {
  it('finds --password, --db-password=, -Dx.password=, -pw, mongo -p, lftp -u and echo | docker login', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password().replace(/[$%]/g, '#');
      expectSecret(`java -Dspring.datasource.password=${pw} -jar app.jar\n`, 'run.sh', pw, 'cli-password-flag');
      expectSecret(`./migrate --db-password=${pw} --db-user=app\n`, 'run.sh', pw, 'cli-password-flag');
      expectSecret(`plink -ssh ops@10.0.8.4 -pw ${pw} uptime\n`, 'run.bat', pw, 'cli-password-flag');
      expectSecret(`mongo --host db -u admin -p ${pw} --authenticationDatabase admin\n`, 'run.sh', pw, 'mongo-cli-password');
      expectSecret(`lftp -u deploy,${pw} ftp.partner.example\n`, 'upload.sh', pw, 'lftp-user-password');
      expectSecret(`echo ${pw} | docker login -u deploy --password-stdin registry.example.org\n`, 'ci.sh', pw, 'registry-login-password-stdin');
      expectSecret(`net use Z: \\\\fs01\\builds /user:CORP\\svc ${pw}\n`, 'map.bat', pw, 'net-use-password');
    }
  });

  it('not variables, placeholders, other flags or a flag named in prose', () => {
    for (const text of [
      'mysqladmin --password "$DB_PASSWORD" status',
      'tool --password <password>',
      'tool --password PASSWORD',
      'tool --password -v',
      'docker login --password-stdin registry.example.org',
      'Adds the --username and --password flags to the parser.',
      'echo "$TOKEN" | docker login -u ci --password-stdin ghcr.io',
      'mongosh --host db01 -u admin -p --authenticationDatabase admin',
      'net use Z: \\\\fs01\\builds /user:CORP\\svc *',
    ]) expectNothing(`${text}\n`, 'run.sh');
  });
});

describe('client code', () => {
  it('finds the password argument of JDBC, smtplib/ftplib, pymysql, mysqli, PDO and Go MySQL DSNs', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password().replace(/[$]/g, '!');
      expectSecret(`Connection c = DriverManager.getConnection("jdbc:mysql://db/shop", "shop", "${pw}");\n`, 'Db.java', pw, 'password-positional-literal');
      expectSecret(`server.login("alerts@example.org", "${pw}")\n`, 'mail.py', pw, 'password-positional-literal');
      expectSecret(`db = pymysql.connect("10.0.3.7", "reporter", "${pw}", "sales")\n`, 'db.py', pw, 'password-positional-literal');
      expectSecret(`$link = mysqli_connect("localhost", "shop", "${pw}", "shop");\n`, 'db.php', pw, 'password-positional-literal');
      expectSecret(`$pdo = new PDO('mysql:host=db;dbname=shop', 'shop', '${pw}');\n`, 'db.php', pw, 'password-positional-literal');
      const dsnPw = pw.replace(/[#%@]/g, '!');
      expectSecret(`db, err := sql.Open("mysql", "shop:${dsnPw}@tcp(db.internal:3306)/shop")\n`, 'db.go', dsnPw, 'mysql-dsn-password');
    }
  });

  it('not variables, empty strings, anonymous FTP or a format string', () => {
    for (const [text, path] of [
      ['server.login(user, password)\n', 'mail.py'],
      ['server.login("alerts@example.org", os.environ["SMTP_PASSWORD"])\n', 'mail.py'],
      ["ftp.login('anonymous', 'anonymous@')\n", 'ftp.py'],
      ["ftp.login('anonymous', 'guest@example.org')\n", 'ftp.py'],
      ['dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)\n', 'db.go'],
    ]) expectNothing(text!, path!);
  });
});

describe('connection strings and fallbacks', () => {
  it('finds Oracle thin URLs, Redis connection strings, more URI schemes and dotless hosts with a port', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password().replace(/[$%#@]/g, '!');
      expectSecret(`db.url=jdbc:oracle:thin:billing/${pw}@//ora01:1521/BILL\n`, 'db.properties', pw, 'jdbc-oracle-thin-password');
      expectSecret(`{"Redis": "cache01:6379,ssl=false,password=${pw},abortConnect=false"}\n`, 'appsettings.json', pw, 'redis-connection-string-password');
      for (const scheme of ['snowflake', 'oracle', 'db2', 'redshift', 'nats', 'mqtts', 'trino']) {
        expectSecret(`URL=${scheme}://svc:${pw}@host01.internal:1234/x\n`, '.env', pw, 'database-uri-password');
      }
      expectSecret(`      ELASTICSEARCH_URL: https://elastic:${pw}@es01:9200\n`, 'docker-compose.yml', pw, 'url-basic-auth');
      expectSecret(`{"host": "ftp.example.org", "user": "up", "pass": "${pw}"}\n`, 'ftp.json', pw, 'generic-password-assignment');
    }
  });

  it('finds password literals used as the fallback of a lookup, a compose default or an XML property', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password().replace(/[$]/g, '!');
      expectSecret(`PASSWORD = os.environ.get('DB_PASSWORD', '${pw}')\n`, 'settings.py', pw, 'password-fallback-default');
      expectSecret(`'password' => env('DB_PASSWORD', '${pw}'),\n`, 'database.php', pw, 'password-fallback-default');
      expectSecret(`  password: process.env.DB_PASSWORD || '${pw}',\n`, 'config.js', pw, 'password-fallback-default');
      expectSecret(`      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-${pw.replace(/[}]/g, '')}}\n`, 'docker-compose.yml', pw.replace(/[}]/g, ''), 'shell-default-password');
      expectSecret(`<property name="password" value="${pw}"/>\n`, 'beans.xml', pw, 'xml-property-password');
      expectSecret(`<property name="hibernate.connection.password">${pw}</property>\n`, 'hibernate.cfg.xml', pw, 'xml-property-password');
    }
  });

  it('not empty, sentinel, image-default or referenced values', () => {
    for (const [text, path] of [
      ["PASSWORD = os.environ.get('DB_PASSWORD', '')\n", 'settings.py'],
      ['  const password = process.env.APP_PASSWORD || "not-set"\n', 'config.js'],
      ['      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n', 'docker-compose.yml'],
      ['      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n', 'docker-compose.yml'],
      ['<property name="password" value="${db.password}"/>\n', 'beans.xml'],
      ['db.url=jdbc:oracle:thin:@//ora01:1521/BILL\n', 'db.properties'],
      ['"Redis": "cache01:6379,ssl=True,abortConnect=False"\n', 'appsettings.json'],
    ]) expectNothing(text!, path!);
  });
});

describe('hashes and subscripts', () => {
  it("finds keys in PHP and Ruby hashes ('api_key' => '…') and subscripted assignments", () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(24);
      expectSecret(`$config = ['api_key' => '${key}', 'debug' => false];\n`, 'config.php', key, 'generic-secret-assignment');
      expectSecret(`  // 'api_key' => '${key}',  // dev\n`, 'services.php', key, 'generic-secret-assignment');
      expectSecret(`settings["client_secret"] = "${key}"\n`, 'settings.py', key, 'generic-secret-assignment');
      expectSecret(`config = { "access_token" => '${key}' }\n`, 'config.rb', key, 'generic-secret-assignment');
    }
    expectNothing("$config = ['api_key' => env('API_KEY')];\n", 'config.php');
  });

  it('finds typed constants (TypeScript, Kotlin, Swift, Go, Rust)', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(24);
      const pw = password().replace(/[$]/g, '!');
      expectSecret(`export const API_KEY: string = "${key}";\n`, 'config.ts', key, 'generic-secret-assignment');
      expectSecret(`val clientSecret: String = "${key}"\n`, 'Config.kt', key, 'generic-secret-assignment');
      expectSecret(`var authToken string = "${key}"\n`, 'main.go', key, 'generic-secret-assignment');
      expectSecret(`const API_TOKEN: &str = "${key}";\n`, 'lib.rs', key, 'generic-secret-assignment');
      expectSecret(`let smtpPassword: String = "${pw}"\n`, 'Mail.swift', pw, 'generic-password-assignment');
    }
    expectNothing('const API_KEY: string = process.env.API_KEY!;\n', 'config.ts');
  });

  it('finds a Twilio auth token next to its account SID', () => {
    for (let i = 0; i < RUNS; i++) {
      const sid = `AC${randomBytes(16).toString('hex')}`;
      // The rule asks 3.0 bits: one random 32-hex value in ~10,600 is below (D17).
      const token = drawWhere(() => randomBytes(16).toString('hex'), (t) => !madeUp(t) && entropyOf(t) >= 3.0);
      expectSecret(`const client = new Twilio('${sid}', '${token}');\n`, 'sms.js', token, 'twilio-auth-token-after-sid');
      expectSecret(`curl -u ${sid}:${token} https://api.twilio.com/2010-04-01/Accounts.json\n`, 'sms.sh', token);
    }
  });
});

describe('URLs and stored credentials', () => {
  it('finds api keys and tokens in query strings', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = keyOf(32);
      for (const name of ['api_key', 'apikey', 'access_token', 'private_token', 'client_secret', 'token']) {
        expectSecret(`requests.get("https://api.example.org/v2/items?city=Oslo&${name}=${key}")\n`, 'client.py', key);
      }
    }
  });

  it('not a template, a placeholder, a page token, a keyword argument or words', () => {
    for (const text of [
      'https://api.example.org/v2/items?api_key=${API_KEY}',
      'https://api.example.org/v2/items?api_key=YOUR_API_KEY_HERE',
      `https://api.example.org/v2/items?page_token=${keyOf(24)}`,
      'search(token=next_page_token)',
      'https://example.org/reset?token=abcdefghijklmnopqrst',
    ]) expectNothing(`${text}\n`, 'client.py');
  });

  it('finds Jenkins encrypted credentials', () => {
    for (let i = 0; i < RUNS; i++) {
      const body = plausible(() => `AQAAABAAAAAQ${randomBytes(48).toString('base64')}`);
      expectSecret(`<password>{${body}}</password>\n`, 'credentials.xml', body, 'jenkins-encrypted-secret');
    }
    expectNothing('<password>{AQAAABAAAAA}</password>\n', 'credentials.xml');
  });

  it('finds PowerShell plain-text SecureStrings with $ inside, not a variable', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `${randomFrom(CONSONANTS, 4)}$${randomFrom(CONSONANTS, 3)}-${randomFrom('0123456789', 2)}`;
      expectSecret(`$pw = ConvertTo-SecureString '${pw}' -AsPlainText -Force\n`, 'deploy.ps1', pw, 'powershell-plaintext-password');
    }
    expectNothing('$pw = ConvertTo-SecureString "$Password" -AsPlainText -Force\n', 'deploy.ps1');
  });
});
