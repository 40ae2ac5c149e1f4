import { describe, it } from 'vitest';
import { chosenPassword, fakeGenericSecret, plausible, randomFrom } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Quoted NAME=value strings (systemd units, compose lists, process env), Kubernetes env lists,
// libpq connection strings, SQL grants, HAProxy logins,
// passwords piped into chpasswd / vncpasswd / passwd --stdin, openssl -k / -K, password flags in
// exec-form argument lists, and the key or password argument of mail, JWT and HMAC calls: values
// drawn at random on every run, negatives that look alike. The shipped pack, through a scan's
// detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const password = () => chosenPassword();
const hex = (n: number) => randomFrom('0123456789abcdef', n);
const user = () => randomFrom('bcdfghjkmnpqrstvwz', 5);

describe('quoted NAME=value strings and systemd environment', () => {
  it('finds passwords and secrets in Environment=, compose list items and env arrays', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`[Service]\nEnvironment="SMTP_HOST=smtp.acme.io" "SMTP_PASS=${pw}"\n`, 'etc/systemd/system/worker.service', pw, 'generic-password-env-pair');
      expectSecret(`[Service]\nEnvironment=DB_PASSWORD=${pw}\nExecStart=/opt/app/run\n`, 'app.service', pw, 'generic-password-env');
      expectSecret(`services:\n  db:\n    environment:\n      - "POSTGRES_PASSWORD=${pw}"\n`, 'docker-compose.yml', pw, 'generic-password-env-pair');
      expectSecret(`cmd.Env = append(os.Environ(), "MQ_PASSWORD=${pw}")\n`, 'worker.go', pw, 'generic-password-env-pair');
      const secret = plausible(() => fakeGenericSecret(24));
      expectSecret(`[Service]\nEnvironment="WEBHOOK_SECRET=${secret}"\n`, 'hooks.service', secret, 'generic-secret-env-pair');
      expectSecret(`env = ["PARTNER_API_KEY=${secret}"]\n`, 'job.py', secret, 'generic-secret-env-pair');
    }
  });

  it('not references, formats, concatenations, settings or placeholders', () => {
    for (const [text, path] of [
      ['Environment="DB_PASSWORD=${DB_PASSWORD}"\n', 'a.service'],
      ['      - "POSTGRES_PASSWORD=changeme"\n', 'docker-compose.yml'],
      ['env = ["DB_PASSWORD=" + password]\n', 'a.py'],
      ['cmd.Env = append(cmd.Env, "PGPASSWORD="+pw)\n', 'a.go'],
      ['s := fmt.Sprintf("DB_PASSWORD=%s", pw)\n', 'a.go'],
      ['      - "MYSQL_ALLOW_EMPTY_PASSWORD=yes"\n', 'docker-compose.yml'],
      ['Environment="API_TOKEN=${API_TOKEN}"\n', 'a.service'],
      ['      - "SESSION_TOKEN_HEADER=X-Session-Token-Value"\n', 'docker-compose.yml'],
    ]) expectNothing(text!, path!);
  });
});

describe('HAProxy logins and passwords piped into system tools', () => {
  it('finds stats auth, insecure-password, chpasswd, vncpasswd, passwd --stdin and smbpasswd -s', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`listen stats\n    bind *:8404\n    stats enable\n    stats auth admin:${pw}\n`, 'haproxy/haproxy.cfg', pw, 'haproxy-password');
      expectSecret(`userlist editors\n    user ${user()} insecure-password ${pw}\n`, 'haproxy.cfg', pw, 'haproxy-password');
      expectSecret(`echo "${user()}:${pw}" | chpasswd\n`, 'provision.sh', pw, 'chpasswd-password');
      expectSecret(`RUN useradd -m ops && echo 'ops:${pw}' | sudo chpasswd\n`, 'Dockerfile', pw, 'chpasswd-password');
      expectSecret(`echo "${pw}" | vncpasswd -f > ~/.vnc/passwd\n`, 'vnc.sh', pw, 'stdin-password-pipe');
      expectSecret(`echo '${pw}' | passwd --stdin ${user()}\n`, 'setup.sh', pw, 'stdin-password-pipe');
      expectSecret(`echo -e "${pw}\\n${pw}" | smbpasswd -s -a ${user()}\n`, 'samba.sh', pw, 'stdin-password-pipe');
    }
  });

  it('not commented lines, references, hashes or plain echo', () => {
    for (const [text, path] of [
      ['    # stats auth admin:Kestrel-41-pWq\n', 'haproxy.cfg'],
      ['    stats auth admin:${STATS_PASSWORD}\n', 'haproxy.cfg'],
      ['    user ops password $6$Qk2mXz$Wv8hLn3tRq\n', 'haproxy.cfg'],
      ['echo "deploy:$DEPLOY_PASSWORD" | chpasswd\n', 'a.sh'],
      ["echo 'root:$6$Qk2mXz$Wv8hLn3tRq' | chpasswd -e\n", 'a.sh'],
      ['echo "$VNC_PASSWORD" | vncpasswd -f > ~/.vnc/passwd\n', 'a.sh'],
      ['echo "Setting the password" | tee -a log && passwd deploy\n', 'a.sh'],
    ]) expectNothing(text!, path!);
  });
});

describe('openssl -k / -K and password flags in argument lists', () => {
  it('finds openssl enc -k and -K, and the value after a quoted password flag', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`openssl enc -d -aes-256-cbc -in dump.enc -out dump.sql -k ${pw}\n`, 'restore.sh', pw, 'openssl-key-argument');
      const key = plausible(() => hex(32));
      expectSecret(`openssl aes-128-cbc -in a.bin -out a.enc -K ${key} -iv ${hex(32)}\n`, 'enc.sh', key, 'openssl-key-argument');
      expectSecret(`    command: ["./server", "--db-user", "app", "--db-password", "${pw}"]\n`, 'docker-compose.yml', pw, 'cli-password-flag-array');
      expectSecret(`subprocess.run(["backup-tool", "--passphrase", "${pw}"], check=True)\n`, 'backup.py', pw, 'cli-password-flag-array');
      expectSecret(`cmd := exec.Command("vpnc", "--username", "ops", "--password", "${pw}")\n`, 'vpn.go', pw, 'cli-password-flag-array');
    }
  });

  it('not variables, -kfile, curl -k or flag lists', () => {
    for (const [text, path] of [
      ['openssl enc -d -aes-256-cbc -in dump.enc -k "$BACKUP_PASSPHRASE"\n', 'a.sh'],
      ['openssl enc -aes-256-cbc -in a -out b -kfile /run/secrets/backup\n', 'a.sh'],
      ['curl -k https://localhost:8443/health && openssl version\n', 'a.sh'],
      ['Use openssl enc with -k and a passphrase, or -K with a hex key.\n', 'README.md'],
      ['echo user:pass | chpasswd\n', 'notes.md'],
      ['    args: ["--db-password", "$(DB_PASSWORD)"]\n', 'pod.yaml'],
      ['subprocess.run(["tool", "--password", password])\n', 'a.py'],
      ['parser.add_argument("--password", "-p", help="the password")\n', 'a.py'],
      ['flags = ["--password", "--password-file", "--user"]\n', 'a.py'],
    ]) expectNothing(text!, path!);
  });
});

describe('keys and passwords as call arguments', () => {
  it('finds java-jwt, jjwt, Ruby and PHP HMAC keys and mail-client passwords', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = plausible(() => fakeGenericSecret(24));
      expectSecret(`Algorithm algorithm = Algorithm.HMAC256("${key}");\n`, 'Security.java', key, 'crypto-key-literal');
      expectSecret(`String jws = Jwts.builder().signWith(SignatureAlgorithm.HS512, "${key}").compact();\n`, 'Tokens.java', key, 'crypto-key-literal');
      expectSecret(`SecretKey k = Keys.hmacShaKeyFor("${key}".getBytes(StandardCharsets.UTF_8));\n`, 'Keys.java', key, 'crypto-key-literal');
      expectSecret(`sig = OpenSSL::HMAC.hexdigest('SHA256', '${key}', payload)\n`, 'sign.rb', key, 'crypto-key-literal');
      expectSecret(`digest = OpenSSL::HMAC.digest(OpenSSL::Digest.new('sha256'), '${key}', body)\n`, 'sign.rb', key, 'crypto-key-literal');
      expectSecret(`$sig = hash_hmac('sha256', $payload, '${key}');\n`, 'sign.php', key, 'crypto-key-literal');
      const pw = password();
      expectSecret(`await client.AuthenticateAsync("ops@acme.io", "${pw}");\n`, 'Mailer.cs', pw, 'password-positional-literal');
      expectSecret(`auth := smtp.PlainAuth("", "alerts@acme.io", "${pw}", "smtp.acme.io")\n`, 'mail.go', pw, 'password-positional-literal');
      expectSecret(`transport.connect("smtp.acme.io", "alerts", "${pw}");\n`, 'Mail.java', pw, 'password-positional-literal');
      expectSecret(`Net::SMTP.start('smtp.acme.io', 587, 'acme.io', 'noreply', '${pw}', :login) do |smtp|\n`, 'mail.rb', pw, 'password-positional-literal');
    }
  });

  it('not variables, environment lookups or the helo domain', () => {
    for (const [text, path] of [
      ['Algorithm algorithm = Algorithm.HMAC256(secret);\n', 'A.java'],
      ["sig = OpenSSL::HMAC.hexdigest('SHA256', ENV['WEBHOOK_SECRET'], payload)\n", 'a.rb'],
      ['$sig = hash_hmac(\'sha256\', $payload, $secret);\n', 'a.php'],
      ['auth := smtp.PlainAuth("", user, password, host)\n', 'a.go'],
      ["Net::SMTP.start('smtp.acme.io', 587, 'acme.io', user, ENV['SMTP_PASSWORD'], :login)\n", 'a.rb'],
      ['client.Authenticate(user, password);\n', 'a.cs'],
    ]) expectNothing(text!, path!);
  });
});

describe('Kubernetes env lists, libpq strings, SQL grants, registry logins and headers', () => {
  it('finds them with values drawn at random', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`      containers:\n        - name: api\n          env:\n            - name: DB_PASSWORD\n              value: "${pw}"\n`, 'k8s/deployment.yaml', pw, 'kubernetes-env-password');
      const token = plausible(() => fakeGenericSecret(24));
      expectSecret(`          env:\n            - name: PARTNER_API_TOKEN\n              value: ${token}\n`, 'templates/deploy.yaml', token, 'kubernetes-env-secret');
      expectSecret(`conn = psycopg2.connect("dbname=reports user=etl password=${pw} host=db.internal")\n`, 'etl.py', pw, 'libpq-conninfo-password');
      expectSecret(`db, err := sql.Open("postgres", "host=db port=5432 user=app password=${pw} dbname=app")\n`, 'db.go', pw, 'libpq-conninfo-password');
      expectSecret(`ALTER USER app_owner IDENTIFIED BY "${pw}";\n`, 'init.sql', pw, 'sql-user-password');
      expectSecret(`GRANT ALL PRIVILEGES ON shop.* TO 'shop'@'%' IDENTIFIED BY '${pw}';\n`, 'grants.sql', pw, 'sql-grant-identified-by');
      expectSecret(`az login --service-principal -u http://ci -p ${pw} --tenant acme.onmicrosoft.com\n`, 'deploy.sh', pw, 'registry-login-password');
      expectSecret(`[ldap]\nldap_bind_pw = ${pw}\n`, 'sssd.conf', pw, 'generic-password-config');
      expectSecret(`npm config set //npm.acme.io/:_authToken ${token}\n`, 'ci.sh', token, 'npmrc-auth-token');
      expectSecret(`r = requests.get(url, headers={"Authorization": "Token ${token}"})\n`, 'client.py', token, 'generic-bearer-authorization');
      expectSecret(`<resources>\n    <string name="backend_api_token" translatable="false">${token}</string>\n</resources>\n`, 'app/src/main/res/values/strings.xml', token, 'generic-secret-xml-element');
    }
  });

  it('not valueFrom, templates, keyword arguments, prose or sealed values', () => {
    const sealed = randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 300);
    for (const [text, path] of [
      ['            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db\n', 'deploy.yaml'],
      ['            - name: DB_PASSWORD\n              value: "{{ .Values.db.password }}"\n', 'deploy.yaml'],
      ['    def login(self, user=None, password=None, usenetrc=True):\n', 'nntp.py'],
      ['conn = psycopg2.connect(f"host={host} user={user} password={password}")\n', 'a.py'],
      ['The row is identified by "the_key_column" in the index.\n', 'notes.md'],
      ['headers = {"Authorization": f"Token {api_token}"}\n', 'a.py'],
      ['<string name="api_key_hint">Enter your API key</string>\n', 'strings.xml'],
      [`apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: AgB${sealed}\n    api_token: AgC${sealed.slice(7)}\n`, 'sealed-db.yaml'],
    ]) expectNothing(text!, path!);
  });
});

describe('network and service configuration files, admin commands and expect scripts', () => {
  it('finds TSIG keys, IPsec and PPP secrets, PgBouncer and Asterisk passwords, SSSD authtok', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const tsig = plausible(() => Buffer.from(randomFrom('0123456789abcdef', 64), 'hex').toString('base64'));
      expectSecret(`key "ddns-key" {\n    algorithm hmac-sha256;\n    secret "${tsig}";\n};\n`, 'named.conf.local', tsig, 'dns-tsig-key-secret');
      expectSecret(`%any 203.0.113.7 : PSK "${pw}"\n`, 'ipsec.secrets', pw, 'ipsec-psk-secret');
      expectSecret(`# client server secret IP\n${user()} * ${pw} *\n`, 'etc/ppp/chap-secrets', pw, 'ppp-secrets-password');
      expectSecret(`"${user()}" "${pw}"\n`, 'pgbouncer/userlist.txt', pw, 'pgbouncer-userlist-password');
      expectSecret(`[1001]\ntype=friend\nsecret=${pw}\nhost=dynamic\n`, 'asterisk/sip.conf', pw, 'asterisk-sip-secret');
      expectSecret(`[domain/acme]\nldap_default_authtok_type = password\nldap_default_authtok = ${pw}\n`, 'sssd/sssd.conf', pw, 'generic-password-config');
    }
  });

  it('finds rabbitmqctl, mysqladmin, cmdkey, wmic, sbt Credentials and expect send', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`rabbitmqctl add_user ${user()} ${pw}\n`, 'setup.sh', pw, 'service-cli-password');
      expectSecret(`mysqladmin -u root password '${pw}'\n`, 'setup.sh', pw, 'service-cli-password');
      expectSecret(`cmdkey /add:fs01.acme.local /user:ACME\\${user()} /pass:${pw}\n`, 'map.bat', pw, 'windows-cli-password');
      expectSecret(`wmic /node:10.0.4.12 /user:ops /password:${pw} process list\n`, 'inventory.bat', pw, 'windows-cli-password');
      expectSecret(`credentials += Credentials("Artifactory Realm", "repo.acme.io", "${user()}", "${pw}")\n`, 'build.sbt', pw, 'password-positional-literal');
      expectSecret(`spawn ssh ops@10.0.3.9\nexpect "*assword:"\nsend "${pw}\\r"\n`, 'login.exp', pw, 'expect-send-password');
    }
  });

  it('not hashes, wildcards, comments, references or prompts without a literal', () => {
    for (const [text, path] of [
      ['key "k" { algorithm hmac-sha256; secret "<base64 secret>"; };\n', 'named.conf'],
      ['# %any : PSK "Bunting-71-wQz"\n', 'ipsec.secrets'],
      [': RSA server.key\n', 'ipsec.secrets'],
      ['vpnuser  *  *  *\n', 'chap-secrets'],
      ['"reporting" "md5e4f1c2b9a7d3e8f0b6c5a4d9e2f1b3c7"\n', 'userlist.txt'],
      [';secret=Dunnock-58-wVz\n', 'sip.conf'],
      ['rabbitmqctl add_user "$RABBIT_USER" "$RABBIT_PASSWORD"\n', 'a.sh'],
      ['mysqladmin -u root -p status\n', 'a.sh'],
      ['cmdkey /add:fs01 /user:ACME\\backup /pass\n', 'a.bat'],
      ['expect "*assword:"\nsend "$env(SSH_PASSWORD)\\r"\n', 'a.exp'],
      ['credentials += Credentials(Path.userHome / ".sbt" / ".credentials")\n', 'build.sbt'],
    ]) expectNothing(text!, path!);
  });
});

describe('passwords composed as a numbered word joined to another part', () => {
  it('are passwords in a password literal; identifiers and algorithm names are not', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `${randomFrom('bcdfghjkmnpqrstvwz', 6)}${randomFrom('23456789', 2)}${randomFrom('_-', 1)}${randomFrom('bcdfghjkmnpqrstvwz', 4)}`;
      expectSecret(`client.connect('10.1.1.5', username='admin', password='${pw}')\n`, 'ssh.py', pw, 'generic-password-assignment');
    }
    for (const v of ['user_name', 'db_pass', 'sha256_hash', 'base64_url', 'int64_max', 'new_password_2']) expectNothing(`password = '${v}'\n`, 'a.py');
  });
});

describe('passwords with blanks in double-quoted env and shell assignments', () => {
  it('are found when the words mix three kinds of characters; prose and commands are not', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = `${randomFrom('bcdfghjkmnpqrstvwz', 6)} ${randomFrom('bcdfghjkmnpqrstvwz', 1)}${randomFrom('23456789', 2)}${randomFrom('@!#%', 1)}${randomFrom('BCDFGHJKLMNPQRSTVWZ', 2)}${randomFrom('bcdfghjkmnpqrstvwz', 2)}`;
      expectSecret(`DB_HOST=db\nDB_PASS="${pw}"\n`, '.env', pw, 'generic-password-env-spaced');
      expectSecret(`export SMTP_PASSWORD="${pw}"\n`, 'deploy.sh', pw, 'generic-password-env-spaced');
    }
    for (const text of ['DB_PASSWORD="see the vault"\n', 'ADMIN_PASSWORD="Change Me"\n', 'DB_PASSWORD="$(cat /run/secrets/db)"\n', 'DB_PASSWORD="${DB_PASSWORD:-}"\n']) expectNothing(text, '.env');
  });
});
