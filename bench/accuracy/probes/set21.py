# Usage: python3 set21.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 21 (stop 26): leaked configuration files (.env, ini, properties, JSON/YAML/TOML/XML, scripts, Docker, DB/mail/VPN/backup, package-manager and cloud CLI auth)
import base64, json, random, uuid
from common import A, HEX, add, ck, hx, r, start, write
start()

UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
LOW = 'abcdefghijklmnopqrstuvwxyz'
DIG = '0123456789'
B64 = A + '+/'
B64U = A + '-_'
WORDS = ['maple', 'harbor', 'falcon', 'copper', 'violet', 'thunder', 'pickle', 'orbit', 'canyon', 'lemon',
         'velvet', 'river', 'rocket', 'saturn', 'willow', 'ember', 'puzzle', 'tiger', 'marble', 'cobalt',
         'meadow', 'pepper', 'garnet', 'walrus', 'glacier', 'banjo', 'quartz', 'nimbus', 'otter', 'sparrow',
         'tundra', 'mango', 'lantern', 'biscuit', 'raven', 'cactus', 'zephyr', 'anchor', 'dolphin', 'summit']
WEAK = ['summer', 'winter', 'spring', 'autumn', 'password', 'welcome', 'letmein', 'dragon', 'monkey',
        'sunshine', 'football', 'princess', 'shadow', 'master', 'admin', 'qwerty']
SYM = '!@#$%&*?'


def d(n):
    return r(n, DIG)


def word():
    return random.choice(WORDS)


def human(sym=SYM):
    """Word + digits + symbol, the way people pick passwords."""
    w = word().capitalize()
    shape = random.randrange(4)
    if shape == 0:
        return w + d(random.randint(2, 4)) + random.choice(sym)
    if shape == 1:
        return w + random.choice(sym) + d(4)
    if shape == 2:
        return w + word().capitalize() + d(2) + random.choice(sym)
    return random.choice(sym) + w + d(3)


def weak():
    return random.choice(WEAK) + random.choice([str(random.randint(2015, 2024)), d(3), '!', d(2) + '!'])


def phrase(sep='-', n=4):
    return sep.join(word() for _ in range(n))


def mixed(n, sym='!#$%&*@^'):
    """Random password drawn from letters, digits and a few symbols (one of each class guaranteed)."""
    s = [random.choice(UP), random.choice(LOW), random.choice(DIG), random.choice(sym)]
    s += [random.choice(A + sym) for _ in range(n - 4)]
    random.shuffle(s)
    return ''.join(s)


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(bs):
    return base64.b64encode(bs).decode()


def b64u(bs):
    return base64.urlsafe_b64encode(bs).decode().rstrip('=')


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def lines64(s):
    return '\n'.join(s[i:i + 64] for i in range(0, len(s), 64))


def pem_rsa():
    der = bytes.fromhex('308204a40201000282010100') + rb(1180)
    return '-----BEGIN RSA PRIVATE KEY-----\n' + lines64(b64(der)) + '\n-----END RSA PRIVATE KEY-----\n'


def pem_pkcs8():
    der = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7') + rb(1190)
    return '-----BEGIN PRIVATE KEY-----\n' + lines64(b64(der)) + '\n-----END PRIVATE KEY-----\n'


def jwt(payload, alg='RS256', siglen=256):
    h = b64u(json.dumps({'alg': alg, 'kid': b64u(rb(32))}, separators=(',', ':')).encode())
    p = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return h + '.' + p + '.' + b64u(rb(siglen))


# ---------------------------------------------------------------- positives

# e01 Laravel .env: APP_KEY, quoted password holding '#', unquoted mail password
add('e01/shop-backend/.env', f"""APP_NAME="Corner Shop"
APP_ENV=local
APP_KEY=base64:{b64(rb(32))}
APP_DEBUG=true
APP_URL=http://localhost

LOG_CHANNEL=stack

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=cornershop
DB_USERNAME=shop
# quote it, the hash broke artisan last time
DB_PASSWORD="{word().capitalize()}#{d(4)}{random.choice('!$%')}"

MAIL_MAILER=smtp
MAIL_HOST=smtp.mailtrap.io
MAIL_PORT=2525
MAIL_USERNAME={hx(14)}
MAIL_PASSWORD={hx(14)}
MAIL_ENCRYPTION=tls
""")

# e02 .env.production with export lines, Stripe live keys
add('e02/api/.env.production', f"""# production - loaded by systemd EnvironmentFile AND sourced by scripts/release.sh
export NODE_ENV=production
export PORT=8080
export DATABASE_URL='postgres://api:{mixed(18, '!*%')}@db-prod.internal:5432/api?sslmode=require'

# payments
export STRIPE_PUBLISHABLE_KEY=pk_live_{r(24)}
export STRIPE_SECRET_KEY=sk_live_{r(24)}
export STRIPE_WEBHOOK_SECRET=whsec_{r(32)}
export CURRENCY=eur   # default
""")

# e03 .ini with sections, ';' comments, odd spacing, ';' inside the value
add('e03/legacy/conf/app.ini', f"""; Application settings
; edit on the box, not in git (too late)

[general]
debug        = false
timezone     =Europe/Berlin

[database]
driver   = pdo_pgsql
host     = 10.0.4.17
port=5432
dbname   =   billing
user     = billing_rw
password =    {word().capitalize()};{d(3)}{random.choice('!$')}{word()}
; password = old one, rotated 2021

[ldap]
bind_dn       = "cn=svc-billing,ou=services,dc=corp,dc=local"
bind_password = "{human()}"
""")

# e04 Java .properties: ':' separators, dotted keys, line continuation
add('e04/service/src/main/resources/application.properties', f"""# Spring Boot configuration
server.port=8081
spring.application.name=order-service

spring.datasource.url=jdbc:mysql://mysql.prod.local:3306/orders\\
?useSSL=true&serverTimezone=UTC
spring.datasource.username: orders_app
spring.datasource.password: {mixed(16, '!$%')}
spring.datasource.hikari.maximum-pool-size=20

spring.rabbitmq.host=rabbit.prod.local
spring.rabbitmq.username=orders
spring.rabbitmq.password = {word()}{d(2)}{word()}{random.choice('!?')}

app.jwt.secret=\\
    {r(32)}\\
    {r(32)}
app.jwt.expiration-ms=86400000
""")

# e05 appsettings.json with SQL Server connection strings
add('e05/Contoso.Web/appsettings.Production.json', json.dumps({
    'Logging': {'LogLevel': {'Default': 'Warning', 'Microsoft.AspNetCore': 'Warning'}},
    'AllowedHosts': '*',
    'ConnectionStrings': {
        'DefaultConnection': f'Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=contoso;Persist Security Info=False;User ID=contosoadmin;Password={mixed(14, "!@#$")};MultipleActiveResultSets=False;Encrypt=True;',
        'Reporting': f'Data Source=REPORT01;Initial Catalog=Reports;User Id=sa;Password={weak()};'},
    'Jwt': {'Issuer': 'https://contoso.example', 'Key': r(48)},
}, indent=2) + '\n')

# e06 docker-compose: environment as a list for one service, as a map for another
add('e06/stack/docker-compose.yml', f"""version: "3.8"
services:
  db:
    image: postgres:15
    restart: always
    environment:
      - POSTGRES_USER=app
      - POSTGRES_PASSWORD={weak()}
      - POSTGRES_DB=app
    volumes:
      - pgdata:/var/lib/postgresql/data
  pgadmin:
    image: dpage/pgadmin4
    environment:
      PGADMIN_DEFAULT_EMAIL: admin@example.com
      PGADMIN_DEFAULT_PASSWORD: "{human()}"
    ports:
      - "5050:80"
  web:
    build: .
    depends_on: [db]
    environment:
      SECRET_KEY: '{r(50, A + "!@#%^&*(-_=+)")}'
volumes:
  pgdata: {{}}
""")

# e07 Kubernetes Secret with base64 data
_k7 = mixed(20, '!#%')
add('e07/k8s/overlays/prod/db-secret.yaml', f"""apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: payments
type: Opaque
data:
  username: {b64(b'payments')}
  password: {b64(_k7.encode())}
  api-signing-key: {b64(r(40).encode())}
""")

# e08 ~/.aws/credentials with two profiles
add('e08/dotfiles/aws/credentials', f"""[default]
aws_access_key_id = AKIA{r(16, UP + '234567')}
aws_secret_access_key = {r(40, B64)}
region = us-east-1

[deploy]
aws_access_key_id=AKIA{r(16, UP + '234567')}
aws_secret_access_key={r(40, B64)}
""")

# e09 .npmrc with npm automation token
add('e09/frontend/.npmrc', f"""registry=https://registry.npmjs.org/
save-exact=true
//registry.npmjs.org/:_authToken={ck('npm_')}
""")

# e10 .pypirc with PyPI API token
add('e10/home/.pypirc', f"""[distutils]
index-servers =
    pypi
    testpypi

[pypi]
username = __token__
password = pypi-AgEIcHlwaS5vcmc{b64u(rb(120))}

[testpypi]
repository = https://test.pypi.org/legacy/
username = jdoe
password = {human()}
""")

# e11 pip.conf with credentials in index-url
add('e11/ci/pip.conf', f"""[global]
timeout = 60
index-url = https://ci-bot:{human('!$%*')}@nexus.corp.internal/repository/pypi-all/simple
extra-index-url = https://pypi.org/simple
trusted-host = nexus.corp.internal
""")

# e12 .yarnrc.yml: npmAuthToken for GitHub Packages (classic PAT)
add('e12/monorepo/.yarnrc.yml', f"""nodeLinker: node-modules
yarnPath: .yarn/releases/yarn-3.6.4.cjs

npmScopes:
  acme:
    npmRegistryServer: "https://npm.pkg.github.com"
    npmAlwaysAuth: true
    npmAuthToken: {ck('ghp_')}
""")

# e13 NuGet.Config with ClearTextPassword and nuget.org API key
add('e13/src/NuGet.Config', f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="internal" value="https://pkgs.corp.local/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="build.agent" />
      <add key="ClearTextPassword" value="{mixed(15, '!#$')}" />
    </internal>
  </packageSourceCredentials>
  <apikeys>
    <add key="https://www.nuget.org" value="oy2{r(43, LOW + DIG)}" />
  </apikeys>
</configuration>
""")

# e14 composer auth.json: Magento repo keys and GitHub OAuth token
add('e14/magento/auth.json', json.dumps({
    'http-basic': {'repo.magento.com': {'username': hx(32), 'password': hx(32)}},
    'github-oauth': {'github.com': ck('gho_')},
}, indent=4) + '\n')

# e15 gradle.properties: Sonatype and signing passphrase
add('e15/library/gradle.properties', f"""org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8
android.useAndroidX=true
kotlin.code.style=official

# publishing
ossrhUsername=mkessler
ossrhPassword={human()}
signing.keyId={hx(8).upper()}
signing.password={phrase(' ', 4)}
signing.secretKeyRingFile=/Users/mkessler/.gnupg/secring.gpg
""")

# e16 gcloud service-account JSON key
_p16 = 'analytics-' + d(6)
add('e16/infra/keys/' + _p16 + '-' + hx(12) + '.json', json.dumps({
    'type': 'service_account',
    'project_id': _p16,
    'private_key_id': hx(40),
    'private_key': pem_pkcs8(),
    'client_email': f'bq-loader@{_p16}.iam.gserviceaccount.com',
    'client_id': d(21),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/bq-loader%40{_p16}.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')

# e17 kubeconfig with a service-account bearer token and client-key-data
_ca17 = b64(('-----BEGIN CERTIFICATE-----\n' + lines64(b64(bytes.fromhex('308203') + rb(800))) + '\n-----END CERTIFICATE-----\n').encode())
_crt17 = b64(('-----BEGIN CERTIFICATE-----\n' + lines64(b64(bytes.fromhex('308202') + rb(700))) + '\n-----END CERTIFICATE-----\n').encode())
add('e17/ops/kubeconfig-prod.yaml', f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {_ca17}
    server: https://10.20.0.1:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: ci-deployer
  name: prod-ci
- context:
    cluster: prod
    user: admin
  name: prod-admin
current-context: prod-ci
users:
- name: ci-deployer
  user:
    token: {jwt({'iss': 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': 'ci', 'kubernetes.io/serviceaccount/secret.name': 'deployer-token-' + r(5, LOW + DIG), 'kubernetes.io/serviceaccount/service-account.name': 'deployer', 'kubernetes.io/serviceaccount/service-account.uid': uid(), 'sub': 'system:serviceaccount:ci:deployer'})}
- name: admin
  user:
    client-certificate-data: {_crt17}
    client-key-data: {b64(pem_rsa().encode())}
""")

# e18 terraform.tfvars with DigitalOcean token and DB password
add('e18/terraform/envs/prod/terraform.tfvars', f"""region       = "fra1"
droplet_size = "s-2vcpu-4gb"
do_token     = "dop_v1_{hx(64)}"

db_admin_user     = "doadmin"
db_admin_password = "{mixed(18, '!#%&')}"
ssh_key_ids       = [{d(8)}, {d(8)}]
""")

# e19 terraform.tfstate snippet with an RDS master password
add('e19/terraform/terraform.tfstate', json.dumps({
    'version': 4, 'terraform_version': '1.5.7', 'serial': 42, 'lineage': uid(), 'outputs': {},
    'resources': [{
        'mode': 'managed', 'type': 'aws_db_instance', 'name': 'main',
        'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
        'instances': [{'schema_version': 2, 'attributes': {
            'allocated_storage': 100, 'engine': 'postgres', 'engine_version': '14.9',
            'identifier': 'main-db', 'instance_class': 'db.t3.large', 'username': 'master',
            'password': human('!#$%'), 'port': 5432, 'publicly_accessible': False,
            'endpoint': 'main-db.c' + r(10, LOW + DIG) + '.eu-west-1.rds.amazonaws.com:5432'},
            'sensitive_attributes': [], 'private': b64(rb(90))}]}],
}, indent=2) + '\n')

# e20 deploy.sh with sshpass -p and curl -u
add('e20/scripts/deploy.sh', f"""#!/usr/bin/env bash
set -euo pipefail

HOST=203.0.113.24
APP_DIR=/var/www/app

npm run build
tar czf /tmp/build.tgz dist

sshpass -p '{human('!#%@')}' scp -o StrictHostKeyChecking=no /tmp/build.tgz deploy@$HOST:/tmp/
sshpass -p '{human('!#%@')}' ssh deploy@$HOST "cd $APP_DIR && tar xzf /tmp/build.tgz && pm2 reload app"

# tell jenkins we're done
curl -s -X POST -u admin:{weak()} "https://jenkins.corp.local/job/smoke-tests/build?delay=0sec"
""")

# e21 nightly backup cron script: mysqldump -p with the password glued on
add('e21/ops/cron/backup-mysql.sh', f"""#!/bin/sh
# /etc/cron.d/backup: 30 2 * * * root /opt/ops/cron/backup-mysql.sh
DATE=$(date +%F)
DEST=/backup/mysql
mkdir -p $DEST
mysqldump -u backup -p'{word()}{d(3)}${word()}' --all-databases --single-transaction | gzip > $DEST/all-$DATE.sql.gz
find $DEST -mtime +14 -delete
""")

# e22 Dockerfile: ARG/ENV defaults with a fine-grained GitHub token and a DB password
add('e22/worker/Dockerfile', f"""FROM python:3.11-slim

ARG GH_TOKEN=github_pat_{r(22)}_{r(59)}
ARG PIP_EXTRA=git+https://x-access-token:${{GH_TOKEN}}@github.com/acme/internal-lib.git@v2.3.1

ENV PYTHONUNBUFFERED=1 \\
    DB_HOST=db \\
    DB_PASSWORD={weak()}

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt "$PIP_EXTRA"
COPY . .
CMD ["python", "-m", "worker"]
""")

# e23 Apache vhost: LDAP bind password and SetEnv DB password
add('e23/apache/sites-available/intranet.conf', f"""<VirtualHost *:443>
    ServerName intranet.corp.local
    DocumentRoot /var/www/intranet

    SetEnv APP_DB_USER intranet
    SetEnv APP_DB_PASS "{human('!#%&')}"

    <Location />
        AuthType Basic
        AuthName "Corp Login"
        AuthBasicProvider ldap
        AuthLDAPURL "ldap://dc01.corp.local:389/ou=Users,dc=corp,dc=local?sAMAccountName?sub?(objectClass=user)"
        AuthLDAPBindDN "CN=svc-apache,OU=Service Accounts,DC=corp,DC=local"
        AuthLDAPBindPassword {mixed(14, '!#$')}
        Require valid-user
    </Location>

    SSLEngine on
    SSLCertificateFile /etc/ssl/certs/intranet.pem
    SSLCertificateKeyFile /etc/ssl/private/intranet.key
</VirtualHost>
""")

# e24 nginx: hard-coded upstream basic auth header
_u24 = 'grafana-proxy:' + human()
add('e24/nginx/conf.d/grafana.conf', f"""upstream grafana {{
    server 127.0.0.1:3000;
}}

server {{
    listen 80;
    server_name dash.example.org;

    location / {{
        proxy_pass http://grafana;
        proxy_set_header Host $host;
        # grafana basic auth so people don't need accounts
        proxy_set_header Authorization "Basic {b64(_u24.encode())}";
    }}
}}
""")

# e25 .pgpass with several lines
add('e25/home/postgres/.pgpass', f"""# hostname:port:database:username:password
localhost:5432:*:postgres:{weak()}
db-replica.internal:5432:analytics:report_ro:{human('!#$%')}
*:*:*:replicator:{mixed(20, '!%&*')}
""")

# e26 .my.cnf [client] section
add('e26/home/dba/.my.cnf', f"""[client]
user=root
password="{word()}{random.choice('#;')}{d(4)}{word().capitalize()}"
host=localhost

[mysqldump]
user=backup
password = {mixed(12, '!$%')}
""")

# e27 redis.conf requirepass / masterauth
_p27 = r(32, A)
add('e27/redis/redis.conf', f"""bind 0.0.0.0
protected-mode yes
port 6379
tcp-keepalive 300
daemonize no
supervised systemd
loglevel notice
databases 16
save 900 1
save 300 10
dir /var/lib/redis

################################## SECURITY ###################################
requirepass {_p27}
masterauth {_p27}
rename-command FLUSHALL ""
maxmemory 2gb
maxmemory-policy allkeys-lru
""")

# e28 app config.toml with MongoDB Atlas URI and session secret
add('e28/bot/config.toml', f"""[app]
name = "discord-helper"
log_level = "info"

[database]
uri = "mongodb+srv://bot_user:{human('!$*')[:-1] + d(2)}@cluster0.{r(5, LOW + DIG)}.mongodb.net/helper?retryWrites=true&w=majority"
pool_size = 10

[session]
secret = '{r(40, A + "!@#$%^&*")}'
ttl = 3600
""")

# e29 postfix sasl_passwd relaying through SendGrid
add('e29/etc/postfix/sasl_passwd', f"""# postmap /etc/postfix/sasl_passwd after editing
[smtp.sendgrid.net]:587 apikey:SG.{b64u(rb(16))}.{b64u(rb(32))}
""")

# e30 wpa_supplicant.conf with WPA passphrases
add('e30/raspi/boot/wpa_supplicant.conf', f"""ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=GB

network={{
    ssid="{word().capitalize()}Home"
    psk="{phrase(' ', 3)} {d(2)}"
    key_mgmt=WPA-PSK
    priority=2
}}

network={{
    ssid="Office-5G"
    psk="{weak()}"
    key_mgmt=WPA-PSK
}}
""")

# e31 haproxy.cfg: stats auth and userlist insecure-password
add('e31/haproxy/haproxy.cfg', f"""global
    log /dev/log local0
    maxconn 4096
    user haproxy
    group haproxy

defaults
    mode http
    timeout connect 5s
    timeout client  30s
    timeout server  30s

userlist admins
    user ops insecure-password {human('!#%')}

listen stats
    bind *:8404
    stats enable
    stats uri /stats
    stats refresh 10s
    stats auth admin:{weak()}

frontend www
    bind *:80
    default_backend app

backend app
    balance roundrobin
    server app1 10.0.1.11:8080 check
    server app2 10.0.1.12:8080 check
""")

# e32 restic backup wrapper with repository passphrase and B2 credentials
add('e32/backup/restic-env.sh', f"""# sourced by /etc/systemd/system/restic-backup.service (ExecStartPre)
export RESTIC_REPOSITORY="b2:acme-backups:/hosts/web01"
export RESTIC_PASSWORD="{phrase(' ', 5)}"
export B2_ACCOUNT_ID="00{random.choice('345')}{hx(12)}00000000{d(2)}"
export B2_ACCOUNT_KEY="K00{random.choice('1234567')}{r(27, A + '/+')}"
# borg on the old box
export BORG_REPO=ssh://borg@nas.local/./web01
export BORG_PASSPHRASE='{phrase('-', 4)}{d(2)}'
""")

# e33 rclone.conf: Backblaze B2 remote and an SFTP remote with a plain pass
add('e33/home/.config/rclone/rclone.conf', f"""[b2]
type = b2
account = 00{random.choice('345')}{hx(12)}00000000{d(2)}
key = K00{random.choice('2345')}{r(27, A)}
hard_delete = true

[nas]
type = sftp
host = 192.168.1.20
user = backup
port = 22
pass = {r(44, B64U)}
shell_type = unix
""")

# e34 datadog.yaml with API key
add('e34/etc/datadog-agent/datadog.yaml', f"""#########################
## Basic Configuration ##
#########################

## @param api_key - string - required
api_key: {hx(32)}

site: datadoghq.eu
hostname: web-01.prod

logs_enabled: true
apm_config:
  enabled: true
process_config:
  process_collection:
    enabled: true
tags:
  - env:prod
  - team:platform
""")

# e35 newrelic.yml with license key
add('e35/app/config/newrelic.yml', f"""common: &default_settings
  license_key: '{hx(36)}NRAL'
  app_name: Storefront
  distributed_tracing:
    enabled: true
  log_level: info

development:
  <<: *default_settings
  app_name: Storefront (Development)

production:
  <<: *default_settings
""")

# e36 sentry.properties with auth token, plus the DSN in a local.properties
_org36 = word() + '-' + word()
_tok36 = b64(json.dumps({'iat': random.randint(1690000000, 1720000000), 'url': 'https://sentry.io', 'region_url': 'https://us.sentry.io', 'org': _org36}, separators=(',', ':')).encode()).rstrip('=')
add('e36/android/sentry.properties', f"""defaults.url=https://sentry.io/
defaults.org={_org36}
defaults.project=android-app
auth.token=sntrys_{_tok36}_{r(43, B64U)}
dsn=https://{hx(32)}@o{d(6)}.ingest.sentry.io/{d(7)}
""")

# e37 GitHub Actions workflow with hard-coded Slack bot token and webhook
add('e37/.github/workflows/release.yml', f"""name: release
on:
  push:
    tags: ['v*']

jobs:
  build:
    runs-on: ubuntu-latest
    env:
      SLACK_BOT_TOKEN: xoxb-{d(12)}-{d(13)}-{r(24)}
      SLACK_WEBHOOK: https://hooks.slack.com/services/T{r(8, UP + DIG)}/B{r(10, UP + DIG)}/{r(24)}
    steps:
      - uses: actions/checkout@v4
      - run: make dist
      - name: notify
        run: |
          curl -s -X POST -H 'Content-type: application/json' \\
            --data '{{"text":"released ${{{{ github.ref_name }}}}"}}' "$SLACK_WEBHOOK"
""")

# e38 .gitlab-ci.yml with GitLab PAT and registry password in variables
add('e38/.gitlab-ci.yml', f"""stages: [build, deploy]

variables:
  DOCKER_DRIVER: overlay2
  GITLAB_API_TOKEN: "glpat-{r(20, B64U)}"
  REGISTRY_USER: deploy-bot
  REGISTRY_PASSWORD: "{human('!#%&')}"

build:
  stage: build
  image: docker:24
  services: [docker:24-dind]
  script:
    - echo "$REGISTRY_PASSWORD" | docker login -u "$REGISTRY_USER" --password-stdin registry.example.com
    - docker build -t registry.example.com/acme/app:$CI_COMMIT_SHORT_SHA .
    - docker push registry.example.com/acme/app:$CI_COMMIT_SHORT_SHA

deploy:
  stage: deploy
  script:
    - 'curl --header "PRIVATE-TOKEN: $GITLAB_API_TOKEN" -X POST "https://gitlab.com/api/v4/projects/{d(8)}/trigger/pipeline"'
""")

# e39 Helm values.yaml with passwords for subcharts
add('e39/charts/shop/values-prod.yaml', f"""replicaCount: 3
image:
  repository: registry.example.com/shop
  tag: "2.14.0"

postgresql:
  enabled: true
  auth:
    username: shop
    password: "{mixed(16, '!#%')}"
    postgresPassword: {weak()}
    database: shop

redis:
  enabled: true
  auth:
    enabled: true
    password: {r(24)}

rabbitmq:
  auth:
    username: shop
    password: '{human('!$%')}'
    erlangCookie: {r(32, UP)}
""")

# e40 Spring application.yml: datasource, mail with symbols, JWT secret
add('e40/api/src/main/resources/application-prod.yml', f"""spring:
  datasource:
    url: jdbc:postgresql://pg.prod.internal:5432/api
    username: api
    password: '{word().capitalize()}@{d(4)}%{word()}'
  mail:
    host: smtp.office365.com
    port: 587
    username: noreply@example.com
    password: "{mixed(14, '!$%&')}"
    properties:
      mail.smtp.starttls.enable: true
security:
  jwt:
    secret: {b64(rb(48))}
    expiration: 3600
""")

# e41 web.config: connection string and SMTP password in appSettings
add('e41/WebPortal/Web.config', f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="PortalDb"
         connectionString="Data Source=SQL02\\PORTAL;Initial Catalog=Portal;User ID=portal_web;Password={human('!#$%')};Connect Timeout=30"
         providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="SmtpServer" value="mail.corp.local" />
    <add key="SmtpUser" value="portal@corp.local" />
    <add key="SmtpPassword" value="{weak()}" />
    <add key="EncryptionKey" value="{r(32)}" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <machineKey validationKey="{hx(128).upper()}" decryptionKey="{hx(48).upper()}" validation="HMACSHA256" decryption="AES" />
  </system.web>
</configuration>
""")

# e42 Maven settings.xml with a plain server password
add('e42/home/.m2/settings.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 https://maven.apache.org/xsd/settings-1.0.0.xsd">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployment</username>
      <password>{mixed(13, '!#$&')}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>deployment</username>
      <password>{word()}{d(3)}</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.corp.local/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
""")

# e43 JPA persistence.xml with JDBC password
add('e43/src/main/resources/META-INF/persistence.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<persistence version="2.2" xmlns="http://xmlns.jcp.org/xml/ns/persistence">
  <persistence-unit name="inventoryPU" transaction-type="RESOURCE_LOCAL">
    <provider>org.hibernate.jpa.HibernatePersistenceProvider</provider>
    <class>com.acme.inventory.Item</class>
    <properties>
      <property name="javax.persistence.jdbc.driver" value="org.postgresql.Driver"/>
      <property name="javax.persistence.jdbc.url" value="jdbc:postgresql://10.1.2.3:5432/inventory"/>
      <property name="javax.persistence.jdbc.user" value="inventory"/>
      <property name="javax.persistence.jdbc.password" value="{word().capitalize()}{random.choice('!$%')}{word()}{d(2)}"/>
      <property name="hibernate.hbm2ddl.auto" value="validate"/>
    </properties>
  </persistence-unit>
</persistence>
""")

# e44 log4j2.xml SMTP appender with smtpPassword
add('e44/src/main/resources/log4j2.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="Console" target="SYSTEM_OUT">
      <PatternLayout pattern="%d{{HH:mm:ss.SSS}} [%t] %-5level %logger{{36}} - %msg%n"/>
    </Console>
    <SMTP name="Mail" subject="[prod] ERROR in billing" to="oncall@example.com" from="alerts@example.com"
          smtpHost="smtp.gmail.com" smtpPort="587" smtpProtocol="smtp"
          smtpUsername="alerts@example.com" smtpPassword="{r(16, LOW)}" bufferSize="50">
      <ThresholdFilter level="ERROR" onMatch="ACCEPT" onMismatch="DENY"/>
    </SMTP>
  </Appenders>
  <Loggers>
    <Root level="info">
      <AppenderRef ref="Console"/>
      <AppenderRef ref="Mail"/>
    </Root>
  </Loggers>
</Configuration>
""")

# e45 ~/.cargo/credentials.toml with crates.io token, plus a private registry
add('e45/home/.cargo/credentials.toml', f"""[registry]
token = "cio{r(32)}"

[registries.acme]
token = "Bearer {r(40, A)}"
""")

# ---------------------------------------------------------------- negatives (no real credential)

# u01 .env.example: every secret a placeholder
add('u01/api/.env.example', """# Copy this file to .env and fill in real values. Never commit .env!
NODE_ENV=development
PORT=3000

DATABASE_URL=postgres://user:<password>@localhost:5432/app
DB_PASSWORD=changeme
REDIS_PASSWORD=

# Stripe: https://dashboard.stripe.com/apikeys
STRIPE_SECRET_KEY=your-stripe-secret-key
STRIPE_WEBHOOK_SECRET=REPLACE_ME

SENDGRID_API_KEY=your-api-key-here
JWT_SECRET=xxxxxxxxxxxxxxxx
""")

# u02 docker-compose: variable substitution and Docker secrets from files
add('u02/stack/docker-compose.yml', """version: "3.9"
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: ${POSTGRES_USER:-app}
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
  api:
    build: ./api
    env_file: .env
    environment:
      - DATABASE_PASSWORD=${DATABASE_PASSWORD}
      - API_KEY=${API_KEY:?API_KEY must be set}
      - SMTP_PASSWORD
secrets:
  db_password:
    file: ./secrets/db_password.txt
""")

# u03 Kubernetes Deployment: secretKeyRef and an ExternalSecret pointing at a store
add('u03/k8s/deployment.yaml', f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  labels: {{app: payments}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: payments}}
  template:
    metadata:
      labels: {{app: payments}}
      annotations:
        checksum/config: {hx(64)}
    spec:
      containers:
        - name: payments
          image: registry.example.com/payments@sha256:{hx(64)}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db-credentials
                  key: password
            - name: STRIPE_SECRET_KEY
              valueFrom:
                secretKeyRef: {{name: stripe, key: secret-key}}
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: db-credentials
spec:
  refreshInterval: 1h
  secretStoreRef: {{name: aws-secrets-manager, kind: ClusterSecretStore}}
  target: {{name: db-credentials}}
  data:
    - secretKey: password
      remoteRef: {{key: prod/payments/db, property: password}}
""")

# u04 Ansible group_vars and a Helm template: Jinja/Go template references only
add('u04/deploy/group_vars/prod.yml', """---
app_user: shop
db_host: "{{ groups['db'][0] }}"
db_password: "{{ vault_db_password }}"
smtp_password: "{{ lookup('env', 'SMTP_PASSWORD') }}"
api_token: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=secret/data/shop:api_token') }}"
redis_password: "{{ secret }}"
helm_values:
  postgresql:
    auth:
      password: '{{ .Values.global.postgresql.auth.password }}'
      existingSecret: shop-postgresql
""")

# u05 supervisord.conf: %(ENV_...)s interpolation and empty password
add('u05/etc/supervisor/conf.d/worker.conf', """[program:worker]
command=/opt/app/venv/bin/celery -A app worker -l info
directory=/opt/app
user=app
autostart=true
autorestart=true
environment=DB_PASSWORD="%(ENV_DB_PASSWORD)s",BROKER_URL="%(ENV_BROKER_URL)s"

[inet_http_server]
port=127.0.0.1:9001
username=
password=
""")

# u06 Spring properties / appsettings: ${...} placeholders and Key Vault references
add('u06/service/src/main/resources/application-prod.properties', """spring.datasource.url=jdbc:postgresql://${DB_HOST:localhost}:5432/orders
spring.datasource.username=${DB_USER}
spring.datasource.password=${DB_PASSWORD}
spring.mail.password=${vault.smtp.password}
spring.cloud.vault.uri=https://vault.corp.local:8200
spring.cloud.vault.authentication=KUBERNETES
spring.cloud.vault.kubernetes.role=orders
app.jwt.secret=${JWT_SECRET:}
""")
add('u06/service/appsettings.json', json.dumps({
    'ConnectionStrings': {'Default': '@Microsoft.KeyVault(SecretUri=https://contoso-kv.vault.azure.net/secrets/SqlConnection/)'},
    'Smtp': {'Host': 'smtp.office365.com', 'User': 'noreply@contoso.com', 'Password': '@Microsoft.KeyVault(VaultName=contoso-kv;SecretName=SmtpPassword)'},
    'ApplicationInsights': {'ConnectionString': ''},
}, indent=2) + '\n')

# u07 package-manager auth that reads tokens from the environment
add('u07/web/.npmrc', """@acme:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken=${GITHUB_PACKAGES_TOKEN}
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
always-auth=true
""")
add('u07/web/.yarnrc.yml', """nodeLinker: node-modules
npmScopes:
  acme:
    npmRegistryServer: "https://npm.pkg.github.com"
    npmAuthToken: "${NPM_AUTH_TOKEN:-}"
""")
add('u07/web/NuGet.Config', """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="%NUGET_USER%" />
      <add key="ClearTextPassword" value="%NUGET_PASSWORD%" />
    </internal>
  </packageSourceCredentials>
</configuration>
""")

# u08 Terraform: variables and secret-store data sources, no literal secrets
add('u08/terraform/main.tf', """variable "db_password" {
  type      = string
  sensitive = true
}

data "aws_secretsmanager_secret_version" "api" {
  secret_id = "prod/api/token"
}

resource "random_password" "redis" {
  length  = 32
  special = false
}

resource "aws_db_instance" "main" {
  identifier        = "main-db"
  engine            = "postgres"
  instance_class    = "db.t3.large"
  username          = "master"
  password          = var.db_password
  skip_final_snapshot = true
}

locals {
  api_token      = jsondecode(data.aws_secretsmanager_secret_version.api.secret_string)["token"]
  redis_password = random_password.redis.result
}
""")
add('u08/terraform/terraform.tfvars', """region       = "eu-west-1"
environment  = "prod"
# db_password comes from TF_VAR_db_password in CI
db_password  = ""
""")

# u09 kubeconfig with only a CA certificate and an exec credential plugin
_acct = d(12)
_ca = b64(('-----BEGIN CERTIFICATE-----\n' + lines64(b64(bytes.fromhex('308202f8308201e0a003020102') + rb(740))) + '\n-----END CERTIFICATE-----\n').encode())
add('u09/home/.kube/config', f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {_ca}
    server: https://{hx(32).upper()}.gr7.eu-west-1.eks.amazonaws.com
  name: arn:aws:eks:eu-west-1:{_acct}:cluster/prod
contexts:
- context:
    cluster: arn:aws:eks:eu-west-1:{_acct}:cluster/prod
    user: arn:aws:eks:eu-west-1:{_acct}:cluster/prod
  name: prod
current-context: prod
users:
- name: arn:aws:eks:eu-west-1:{_acct}:cluster/prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod, --output, json]
      env:
      - name: AWS_PROFILE
        value: prod-admin
""")

# u10 .terraform.lock.hcl: provider checksums only
def _lock(name, ver):
    zh = '\n'.join(f'    "zh:{hx(64)}",' for _ in range(6))
    return f'''provider "registry.terraform.io/hashicorp/{name}" {{
  version     = "{ver}"
  constraints = "~> {ver.rsplit('.', 1)[0]}"
  hashes = [
    "h1:{b64(rb(32))}",
    "h1:{b64(rb(32))}",
{zh}
  ]
}}
'''
add('u10/terraform/.terraform.lock.hcl', '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n'
    + _lock('aws', '5.31.0') + '\n' + _lock('random', '3.6.0') + '\n' + _lock('kubernetes', '2.24.0'))

# u11 cloud-init user-data: public SSH keys, locked password, public CA cert
_ca11 = lines64(b64(bytes.fromhex('30820319') + rb(790)))
_ca11 = _ca11.replace('\n', '\n      ')
add('u11/infra/cloud-init/user-data.yaml', f"""#cloud-config
hostname: web-01
users:
  - name: deploy
    groups: [sudo, docker]
    shell: /bin/bash
    lock_passwd: true
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    ssh_authorized_keys:
      - ssh-ed25519 {b64(bytes.fromhex('0000000b7373682d6564323535313900000020') + rb(32))} alice@laptop
      - ssh-rsa {b64(bytes.fromhex('000000077373682d727361000000030100010000010100') + rb(256))} ci@build-01
ssh_pwauth: false
ca_certs:
  trusted:
    - |
      -----BEGIN CERTIFICATE-----
      {_ca11}
      -----END CERTIFICATE-----
write_files:
  - path: /etc/app/instance-id
    content: "{uid()}"
""")

# u12 example configs whose comments say so and whose values are placeholders
add('u12/docs/examples/datadog.yaml.example', """## Example configuration - replace the placeholders before use.
## @param api_key - string - required
## Get it from https://app.datadoghq.com/organization-settings/api-keys
api_key: <YOUR_DATADOG_API_KEY>
site: datadoghq.com
hostname: <HOSTNAME>
""")
add('u12/docs/examples/rclone.conf.example', """# Example rclone remote. Run `rclone config` to generate real values.
[b2]
type = b2
account = <application-key-id>
key = <application-key>

[nas]
type = sftp
host = nas.example.com
user = backup
# pass = (use `rclone obscure` and paste here)
key_file = ~/.ssh/id_ed25519
""")
add('u12/docs/examples/my.cnf.example', """# Example client config; copy to ~/.my.cnf and chmod 600
[client]
user = your_username
password = your_password_here
host = localhost
""")

write()
