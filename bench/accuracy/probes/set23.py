# Usage: python3 set23.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 23 (stop 26): hard but realistic leaks - odd syntaxes, encoded, split or assembled values, prose and captures, rarer providers, foreign-language password keys
import base64, json, random, urllib.parse
from common import A, HEX, add, ck, hx, r, start, write
start()

B64 = A + '+/'
URLSAFE = A + '-_'
DIG = '0123456789'
LOW = 'abcdefghijklmnopqrstuvwxyz'
UPD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
WORDS = ['harbor', 'falcon', 'maple', 'copper', 'winter', 'orchid', 'saturn', 'velvet', 'pepper', 'glacier',
         'tundra', 'marble', 'cobalt', 'lantern', 'meadow', 'raven', 'quartz', 'thistle', 'ember', 'juniper']


def T(s: str, **kw: str) -> str:
    """Fills «name» slots (keeps braces of the embedded languages literal)."""
    for k, v in kw.items():
        s = s.replace('«' + k + '»', v)
    assert '«' not in s, s
    return s


def word() -> str:
    return random.choice(WORDS)


def pw(syms: str = '!#*@^~?-_.') -> str:
    """A password as people choose them."""
    k = random.randrange(3)
    if k == 0:
        return word().capitalize() + random.choice(syms) + r(4, DIG) + word() + random.choice(syms)
    if k == 1:
        return r(random.randint(14, 20), A + syms)
    return '-'.join(word() for _ in range(3)).capitalize() + r(2, DIG)


SAFE = '-_.~!*'  # symbols that need no escaping in a URL userinfo


def pw_url() -> str:
    """A password with characters that must be percent-encoded in a URL."""
    return word().capitalize() + '@' + r(3, DIG) + '#' + r(6) + '/' + r(2, DIG) + ':' + r(3)


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def rbytes(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def pem(label: str, der: bytes) -> str:
    body = base64.b64encode(der).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return '\n'.join([f'-----BEGIN {label}-----'] + lines + [f'-----END {label}-----']) + '\n'


def ec_key() -> str:
    """A P-256 private key in SEC1 DER form (random scalar, random point bytes)."""
    der = (bytes.fromhex('30770201010420') + rbytes(32) + bytes.fromhex('a00a06082a8648ce3d030107a144034200')
           + b'\x04' + rbytes(64))
    return pem('EC PRIVATE KEY', der)


def stripe() -> str:
    return 'sk_live_' + r(24)


def slack_parts() -> list:
    return ['xoxb', r(12, DIG), r(13, DIG), r(24)]


def aws_id() -> str:
    return 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


def aws_secret() -> str:
    return r(40, B64)


# f01 HCL heredoc (terraform user_data) writing a password file
add('f01/infra/modules/reporting/main.tf', T('''resource "aws_instance" "reporting" {
  ami                    = data.aws_ami.ubuntu.id
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.private_a.id
  vpc_security_group_ids = [aws_security_group.reporting.id]

  user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    apt-get update -y && apt-get install -y postgresql-client
    cat > /etc/reporting.env <<'ENV'
    PGHOST=${aws_db_instance.main.address}
    PGDATABASE=analytics
    PGUSER=reporting
    PGPASSWORD='«pw»'
    ENV
    chmod 600 /etc/reporting.env
    systemctl enable --now reporting-export.timer
  EOT

  tags = {
    Name  = "reporting-export"
    Owner = "data-eng"
  }
}
''', pw=pw()))

# f02 YAML literal block scalar (|) holding a properties file
add('f02/k8s/billing/configmap.yaml', T('''apiVersion: v1
kind: ConfigMap
metadata:
  name: billing-service-config
  namespace: billing
  labels:
    app: billing-service
data:
  application.properties: |
    server.port=8080
    spring.datasource.url=jdbc:postgresql://billing-db.billing.svc:5432/billing
    spring.datasource.username=billing_app
    spring.datasource.password=«pw»
    spring.jpa.hibernate.ddl-auto=validate
    management.endpoints.web.exposure.include=health,info
  logback.xml: |
    <configuration>
      <root level="INFO"><appender-ref ref="STDOUT"/></root>
    </configuration>
''', pw=pw()))

# f03 YAML folded block scalar (>-) with a --password flag
add('f03/ansible/roles/db_backup/defaults/main.yml', T('''---
db_backup_schedule: "15 2 * * *"
db_backup_bucket: s3://acme-db-backups/nightly
db_backup_command: >-
  mysqldump
  --host=db-primary.internal
  --user=backup_svc
  --password='«pw»'
  --single-transaction
  --routines
  --all-databases
  | gzip -9 > /var/backups/mysql/all-$(date +%F).sql.gz
db_backup_retention_days: 14
db_backup_notify: "#ops-alerts"
''', pw=pw()))

# f04 Kubernetes Secret with base64 data values
add('f04/k8s/payments/secret.yaml', T('''apiVersion: v1
kind: Secret
metadata:
  name: payments-api
  namespace: payments
  labels:
    app.kubernetes.io/name: payments-api
    app.kubernetes.io/part-of: checkout
type: Opaque
data:
  DATABASE_URL: «db»
  STRIPE_SECRET_KEY: «sk»
  STRIPE_WEBHOOK_SECRET: «wh»
  LOG_LEVEL: aW5mbw==
''', db=b64(f'postgres://payments:{pw(SAFE)}@payments-db.payments.svc:5432/payments?sslmode=require'),
    sk=b64(stripe()), wh=b64('whsec_' + r(32))))

# f05 Docker config.json with a base64 user:password auth
add('f05/deploy/ci/.docker/config.json', T('''{
	"auths": {
		"registry.acme-internal.io": {
			"auth": "«auth»"
		},
		"https://index.docker.io/v1/": {}
	},
	"HttpHeaders": {
		"User-Agent": "Docker-Client/24.0.7 (linux)"
	},
	"detachKeys": "ctrl-e,e"
}
''', auth=b64('ci-pusher:' + pw())))

# f06 URL-encoded password in a MongoDB connection string
add('f06/services/orders/.env.production', T('''NODE_ENV=production
PORT=3000
LOG_LEVEL=info
MONGODB_URI=mongodb+srv://orders_rw:«pw»@cluster0.«cl».mongodb.net/orders?retryWrites=true&w=majority
REDIS_URL=redis://redis.internal:6379/2
SESSION_TTL=86400
FEATURE_FLAGS=new-checkout,async-invoices
SENTRY_ENVIRONMENT=production
''', pw=urllib.parse.quote(pw_url(), safe=''), cl=r(5, LOW + DIG)))

# f07 JSON-escaped PEM private key (\\n inside a JSON string)
add('f07/config/jwt-signer.json', T('''{
  "issuer": "https://auth.acme-apps.com",
  "audience": ["api.acme-apps.com", "admin.acme-apps.com"],
  "algorithm": "ES256",
  "keyId": "«kid»",
  "accessTokenTtlSeconds": 900,
  "refreshTokenTtlSeconds": 1209600,
  "privateKey": «key»
}
''', kid=hx(16), key=json.dumps(ec_key())))

# f08 hex-encoded private key (deployer account) in a Hardhat config
add('f08/contracts/hardhat.config.js', T('''require("@nomicfoundation/hardhat-toolbox");

const DEPLOYER = "«key»";

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: "0.8.24",
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  networks: {
    sepolia: {
      url: "https://rpc.sepolia.org",
      accounts: [`0x${DEPLOYER}`],
    },
    mainnet: {
      url: "https://eth.llamarpc.com",
      accounts: [`0x${DEPLOYER}`],
    },
  },
};
''', key=hx(64)))

# f09 GitHub token split over Python implicit string concatenation
_t = ck('ghp_')
add('f09/tools/sync_labels.py', T('''"""Copies the issue labels of the template repo to every repo in the org."""
import requests

ORG = "acme-platform"
TEMPLATE = "repo-template"
# split in two so the pre-commit hook stops complaining
TOKEN = (
    "«a»"
    "«b»"
)
HEADERS = {"Authorization": f"token {TOKEN}", "Accept": "application/vnd.github+json"}


def labels(repo):
    r = requests.get(f"https://api.github.com/repos/{ORG}/{repo}/labels", headers=HEADERS)
    r.raise_for_status()
    return r.json()


for repo in requests.get(f"https://api.github.com/orgs/{ORG}/repos", headers=HEADERS).json():
    for label in labels(TEMPLATE):
        requests.post(f"https://api.github.com/repos/{ORG}/{repo['name']}/labels", json=label, headers=HEADERS)
''', a=_t[:17], b=_t[17:]))

# f10 Slack bot token assembled with Array.join
_s = slack_parts()
add('f10/src/notify/slack.js', T('''const { WebClient } = require('@slack/web-api');

// joined at runtime, a full token in the source gets blocked on push
const BOT_TOKEN = ['«a»', '«b»', '«c»', '«d»'].join('-');
const CHANNEL = 'C04RELEASES';

const client = new WebClient(BOT_TOKEN);

async function announce(release) {
  await client.chat.postMessage({
    channel: CHANNEL,
    text: `:rocket: ${release.name} is out (${release.tag})`,
  });
}

module.exports = { announce };
''', a=_s[0], b=_s[1], c=_s[2], d=_s[3]))

# f11 f-string built from a literal password
add('f11/worker/cache.py', T('''import os

import redis

_REDIS_HOST = os.environ.get("REDIS_HOST", "cache-01.prod.internal")
_redis_pw = "«pw»"
REDIS_URL = f"rediss://default:{_redis_pw}@{_REDIS_HOST}:6380/0"

pool = redis.ConnectionPool.from_url(REDIS_URL, max_connections=20)


def client() -> redis.Redis:
    return redis.Redis(connection_pool=pool)


def cached(key, ttl, fn):
    c = client()
    hit = c.get(key)
    if hit is not None:
        return hit
    value = fn()
    c.setex(key, ttl, value)
    return value
''', pw=pw(SAFE)))

# f12 commit-message-like ops notes with a rotated password
add('f12/docs/ops-log.md', T('''# Ops log

commit «sha»
Author: Dana Whitfield <dana@acme-apps.com>
Date:   Tue Apr 9 17:42:10 2024 +0200

    ops: rotate the staging reporting password after contractor offboarding

    The old one is revoked. New creds for the reporting replica until it
    moves to Vault (ticket OPS-2211):

      host: pg-replica-2.staging.acme.internal
      user: reporting_ro
      pass: «pw»

commit «sha2»
Author: Lee Park <lee@acme-apps.com>
Date:   Mon Apr 8 09:03:55 2024 +0200

    ops: bump node pool to 6 nodes for the load test
''', sha=hx(40), pw=pw(), sha2=hx(40)))

# f13 chat transcript pasted into an incident write-up
add('f13/docs/incidents/2024-03-12-queue-outage.md', T('''# Incident 2024-03-12: order queue stalled

**Impact:** orders accepted but not fulfilled for 47 minutes.
**Root cause:** RabbitMQ disk alarm on mq-prod-1 after log rotation failed.

## Timeline (pasted from #inc-queue)

    [09:12] maria.k: queue depth on orders.fulfil is 38k and climbing
    [09:14] maria.k: management UI asks me to log in, anyone have the admin login?
    [09:15] tom.b: https://mq-prod-1.acme.internal:15672  user admin  pw «pw»
    [09:15] tom.b: pls don't paste it anywhere else
    [09:21] maria.k: disk alarm set, freeing /var/log/rabbitmq
    [09:59] maria.k: alarm cleared, consumers draining

## Follow-ups

- [ ] logrotate config for rabbitmq (OPS-2190)
- [ ] alert on disk_free_limit before the alarm triggers
''', pw=pw()))

# f14 support ticket transcript with a SendGrid API key
add('f14/docs/support/TICKET-4821.md', T('''# TICKET-4821 - Password reset emails not delivered

| field    | value              |
|----------|--------------------|
| customer | Brightline Dental  |
| priority | P2                 |
| status   | resolved           |

---

**Customer (office@brightline-dental.example), 2024-02-06 08:31**
> Since Tuesday none of our patients get the reset email. We use our own
> SendGrid account as you suggested, the key we put in the settings page is
> «key» - can you check it is saved correctly?

**Agent (Ravi), 2024-02-06 09:10**
> Thanks! The key was saved with a trailing space, I trimmed it and resent the
> queued emails. Please let us know if anything is still missing.

**Customer, 2024-02-06 10:02**
> All good now, thank you.
''', key='SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE)))

# f15 CSV export with a password column
_rows = []
for i, (n, d) in enumerate([('Ana Souza', 'front desk'), ('Ben Okafor', 'pharmacy'), ('Chloe Martin', 'admin'),
                            ('Dmitri Volkov', 'lab'), ('Emma Lindqvist', 'front desk'), ('Farid Haddad', 'it'),
                            ('Grace Liu', 'billing'), ('Hugo Brandt', 'lab')]):
    login = n.split()[0].lower()[0] + n.split()[1].lower()
    _rows.append(f'{1040 + i},{login},{login}@northclinic.example,{n},{d},{pw("!#*@^~?-_.")},2024-05-{10 + i:02d}')
add('f15/exports/staff_accounts_2024-05.csv', 'id,login,email,full_name,department,password,created\n' + '\n'.join(_rows) + '\n')

# f16 SQL dump inserting users with plaintext passwords
add('f16/db/dumps/cms_2024-04-30.sql', T('''-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: cms-db.internal    Database: cms
-- ------------------------------------------------------
-- Server version	8.0.36

/*!40101 SET NAMES utf8mb4 */;

DROP TABLE IF EXISTS `backoffice_users`;
CREATE TABLE `backoffice_users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `login` varchar(64) NOT NULL,
  `email` varchar(255) NOT NULL,
  `password` varchar(128) NOT NULL,
  `is_admin` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `backoffice_users` WRITE;
INSERT INTO `backoffice_users` VALUES (1,'root','it@harborpress.example','«p1»',1),(2,'editor','desk@harborpress.example','«p2»',0),(3,'jmiller','j.miller@harborpress.example','«p3»',0);
UNLOCK TABLES;

-- Dump completed on 2024-04-30  3:00:02
''', p1=pw(), p2=pw(), p3=pw()))

# f17 gateway log printing a request with a Basic Authorization header
add('f17/logs/gateway-2024-05-02.log', T('''2024-05-02T10:14:07.101Z INFO  [gw-7c9f] route matched: POST /v2/invoices -> partner-billing
2024-05-02T10:14:07.112Z DEBUG [gw-7c9f] upstream request: POST https://api.partner-billing.example/v2/invoices
2024-05-02T10:14:07.112Z DEBUG [gw-7c9f] upstream headers: {"Host":"api.partner-billing.example","Authorization":"Basic «auth»","Content-Type":"application/json","X-Request-Id":"«rid»"}
2024-05-02T10:14:07.498Z INFO  [gw-7c9f] upstream responded 201 in 386ms
2024-05-02T10:14:09.640Z INFO  [gw-7c9f] route matched: GET /v2/invoices/INV-88213 -> partner-billing
2024-05-02T10:14:09.702Z INFO  [gw-7c9f] upstream responded 200 in 62ms
2024-05-02T10:15:00.000Z INFO  [gw-7c9f] health: 3/3 upstreams healthy
2024-05-02T10:16:00.000Z INFO  [gw-7c9f] health: 3/3 upstreams healthy
''', auth=b64('acme-integration:' + pw()), rid=hx(32)))

# f18 HAR capture with a Shopify Admin API access token header
add('f18/captures/admin-sync.har', T('''{
  "log": {
    "version": "1.2",
    "creator": {"name": "Firefox", "version": "125.0"},
    "entries": [
      {
        "startedDateTime": "2024-04-22T14:03:11.402+02:00",
        "time": 212,
        "request": {
          "method": "GET",
          "url": "https://northwind-goods.myshopify.com/admin/api/2024-04/products.json?limit=50",
          "httpVersion": "HTTP/2",
          "headers": [
            {"name": "Accept", "value": "application/json"},
            {"name": "X-Shopify-Access-Token", "value": "«tok»"},
            {"name": "User-Agent", "value": "inventory-sync/1.4"}
          ],
          "queryString": [{"name": "limit", "value": "50"}],
          "cookies": [],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 200,
          "statusText": "OK",
          "httpVersion": "HTTP/2",
          "headers": [{"name": "Content-Type", "value": "application/json; charset=utf-8"}],
          "content": {"size": 48213, "mimeType": "application/json"},
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": 48213
        },
        "timings": {"send": 0, "wait": 205, "receive": 7}
      }
    ]
  }
}
''', tok='shpat_' + hx(32)))

# f19 curl -v capture pasted into a how-to
_u, _p = 'hooks-admin', pw()
add('f19/docs/debugging-webhooks.md', T('''# Debugging webhook deliveries

When a partner says a webhook never arrived, replay it from the hooks service
and watch the exchange:

```
$ curl -v -u '«u»:«p»' -X POST https://hooks.acme-internal.io/api/v1/deliveries/88412/replay
*   Trying 10.20.4.17:443...
* Connected to hooks.acme-internal.io (10.20.4.17) port 443
> POST /api/v1/deliveries/88412/replay HTTP/2
> Host: hooks.acme-internal.io
> Authorization: Basic «b»
> User-Agent: curl/8.5.0
> Accept: */*
>
< HTTP/2 202
< content-type: application/json
{"delivery":88412,"status":"queued"}
```

If the replay also fails, check the partner's endpoint in the delivery log.
''', u=_u, p=_p, b=b64(f'{_u}:{_p}')))

# f20 Java stack trace printing a JDBC URL with the password
add('f20/logs/ledger-crash-2024-06-01.txt', T('''2024-06-01 03:12:44.918 ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed

org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'dataSource': Failed to initialize pool
	at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1786)
	at org.springframework.beans.factory.support.AbstractBeanFactory.doGetBean(AbstractBeanFactory.java:330)
	at com.acme.ledger.LedgerApplication.main(LedgerApplication.java:14)
Caused by: com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool: Connection to ledger-db.prod.acme.internal:5432 refused
	at com.zaxxer.hikari.pool.HikariPool.throwPoolInitializationException(HikariPool.java:596)
	at com.zaxxer.hikari.pool.HikariPool.checkFailFast(HikariPool.java:582)
	... 24 common frames omitted
Caused by: org.postgresql.util.PSQLException: Connection attempt failed for url jdbc:postgresql://ledger-db.prod.acme.internal:5432/ledger?user=ledger_app&password=«pw»&sslmode=require
	at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)
	at org.postgresql.Driver.makeConnection(Driver.java:443)
	... 31 common frames omitted
''', pw=pw(SAFE)))


# f21 INI value with continuation lines (ODBC connection string)
add('f21/etl/sync.ini', T('''[DEFAULT]
log_level = info
batch_size = 5000

[source]
driver = mssql
connect_args =
    DRIVER={ODBC Driver 18 for SQL Server};
    SERVER=tcp:erp-sql01.corp.acme.internal,1433;
    DATABASE=ERP_PROD;
    UID=etl_reader;
    PWD=«pw»;
    Encrypt=yes;TrustServerCertificate=no
tables = customers, invoices, invoice_lines

[target]
driver = bigquery
project = acme-dwh
dataset = erp_raw
''', pw=pw(SAFE)))

# f22 XML appSettings with value before key, connection string with odd attribute order
add('f22/CrmWeb/Web.config', T('''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add providerName="System.Data.SqlClient" connectionString="Data Source=sql-prod-02.corp.local;Initial Catalog=Crm;User ID=crm_web;Password=«p1»;Encrypt=True" name="CrmDb" />
  </connectionStrings>
  <appSettings>
    <add value="smtp.office365.com" key="Smtp:Host" />
    <add value="587" key="Smtp:Port" />
    <add value="noreply@contoso-crm.example" key="Smtp:User" />
    <add value="«p2»" key="Smtp:Password" />
    <add value="true" key="Smtp:EnableSsl" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <customErrors mode="RemoteOnly" />
  </system.web>
</configuration>
''', p1=pw(SAFE), p2=pw()))

# f23 TOML multi-line basic and literal strings (DSN and a Grafana service account token)
add('f23/ingest/config.toml', T('''[service]
name = "ingest"
listen = "0.0.0.0:9000"
workers = 8

[database]
dsn = """
host=pg-ingest.prod.internal port=5432 dbname=ingest \\
user=ingest_writer password=«pw» sslmode=verify-full"""
max_open_conns = 40

[alerting]
grafana_url = "https://grafana.acme-internal.io"
extra_headers = \'\'\'
Authorization: Bearer «tok»
X-Scope-OrgID: ingest
\'\'\'
''', pw=pw(SAFE), tok='glsa_' + r(32) + '_' + hx(8)))

# f24 Makefile variables (Pulumi access token, registry password)
add('f24/Makefile', T('''STACK ?= acme/platform/prod
REGISTRY := registry.acme-internal.io
REGISTRY_USER := ci-platform
REGISTRY_PASS := «pw»
PULUMI_ACCESS_TOKEN ?= pul-«tok»
export PULUMI_ACCESS_TOKEN

.PHONY: login build preview up

login:
	echo '$(REGISTRY_PASS)' | docker login $(REGISTRY) -u $(REGISTRY_USER) --password-stdin

build: login
	docker build -t $(REGISTRY)/platform/api:$(shell git rev-parse --short HEAD) .

preview:
	pulumi preview --stack $(STACK)

up:
	pulumi up --yes --stack $(STACK)
''', pw=pw('!*@^~?-_.'), tok=hx(40)))

# f25 CMake set() with a keystore password in the cache
add('f25/CMakeLists.txt', T('''cmake_minimum_required(VERSION 3.22)
project(FieldApp VERSION 2.3.0 LANGUAGES CXX)

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)

set(ANDROID_KEYSTORE "${CMAKE_SOURCE_DIR}/signing/release.keystore")
set(ANDROID_KEYSTORE_ALIAS "fieldapp-release")
set(ANDROID_KEYSTORE_PASS "«pw»" CACHE STRING "release keystore password")

add_subdirectory(core)
add_subdirectory(android)

add_custom_target(sign-apk
  COMMAND apksigner sign
          --ks ${ANDROID_KEYSTORE}
          --ks-key-alias ${ANDROID_KEYSTORE_ALIAS}
          --ks-pass pass:${ANDROID_KEYSTORE_PASS}
          ${CMAKE_BINARY_DIR}/fieldapp-unsigned.apk
  DEPENDS fieldapp_apk)
''', pw=pw()))

# f26 Groovy map in a Gradle build holding Nexus credentials
add('f26/build.gradle', T('''plugins {
    id 'java-library'
    id 'maven-publish'
}

group = 'com.acme.common'
version = '4.1.2'

def nexus = [
    url   : 'https://nexus.acme-internal.io/repository/maven-releases/',
    user  : 'deploy-bot',
    secret: '«pw»',
]

publishing {
    publications {
        mavenJava(MavenPublication) { from components.java }
    }
    repositories {
        maven {
            url nexus.url
            credentials {
                username nexus.user
                password nexus.secret
            }
        }
    }
}
''', pw=pw()))

# f27 Lua table with a kiosk passcode and a Postman API key
add('f27/conf/kiosk.lua', T('''-- Lobby kiosk configuration, loaded by kioskd at boot
return {
  device = {
    id = "kiosk-lobby-02",
    locale = "en_GB",
    brightness = 80,
  },
  admin = {
    passcode = "«pc»", -- unlocks the maintenance menu
    lock_after = 120,
  },
  monitors = {
    postman = {
      api_key = "PMAK-«a»-«b»",
      collection = "lobby-health-checks",
      every = 300,
    },
  },
}
''', pc=r(10, DIG), a=hx(24), b=hx(34)))

# f28 Erlang terms in sys.config
add('f28/config/sys.config', T('''[
 {kernel, [{logger_level, info}]},
 {core, [
   {http_port, 8080},
   {db, [{host, "pg-core.prod.internal"},
         {port, 5432},
         {database, "core"},
         {username, "core_app"},
         {password, "«p1»"},
         {pool_size, 20}]},
   {amqp, [{uri, <<"amqps://core:«p2»@mq.prod.internal:5671/core">>},
           {prefetch, 50}]}
 ]},
 {sasl, [{errlog_type, error}]}
].
''', p1=pw(), p2=pw(SAFE)))

# f29 Elixir config with a ~s sigil password and secret_key_base
add('f29/config/prod.exs', T('''import Config

config :shop, Shop.Repo,
  username: "shop",
  password: ~s(«pw»),
  hostname: "db.prod.internal",
  database: "shop_prod",
  pool_size: 15,
  ssl: true

config :shop, ShopWeb.Endpoint,
  url: [host: "shop.northwind.example", port: 443, scheme: "https"],
  cache_static_manifest: "priv/static/cache_manifest.json",
  secret_key_base: "«skb»"

config :logger, level: :info
''', pw=pw(), skb=r(64, B64)))

# f30 Haskell record with a Linear API key
add('f30/src/Config.hs', T('''{-# LANGUAGE OverloadedStrings #-}
module Config (AppConfig (..), defaultConfig) where

import Data.Text (Text)

data AppConfig = AppConfig
  { cfgLinearTeam  :: Text
  , cfgLinearToken :: Text
  , cfgPollSeconds :: Int
  , cfgDryRun      :: Bool
  }
  deriving (Show)

defaultConfig :: AppConfig
defaultConfig =
  AppConfig
    { cfgLinearTeam = "PLAT"
    , cfgLinearToken = "lin_api_«tok»"
    , cfgPollSeconds = 60
    , cfgDryRun = False
    }
''', tok=r(40)))

def phrase(n: int = 4) -> str:
    return ' '.join(word() for _ in range(n)) + ' ' + r(2, DIG)


# f31 OCaml record with a restic secret_phrase
add('f31/bin/settings.ml', T('''(* Backup settings for nas01, read by the nightly job *)

type backup = {
  repo : string;
  user : string;
  secret_phrase : string; (* restic repository passphrase *)
  keep_daily : int;
  keep_weekly : int;
}

let nightly = {
  repo = "s3:https://s3.eu-central-1.amazonaws.com/acme-restic/nas01";
  user = "restic";
  secret_phrase = "«ph»";
  keep_daily = 14;
  keep_weekly = 8;
}

let paths = [ "/srv/share"; "/etc"; "/var/lib/postgresql" ]
''', ph=phrase()))

# f32 Nix expression: let-bound admin_pw and an inline Tailscale auth key
add('f32/nixos/hosts/nas01/configuration.nix', T('''{ config, pkgs, ... }:

let
  admin_pw = "«pw»";
in
{
  imports = [ ./hardware-configuration.nix ];

  networking.hostName = "nas01";
  time.timeZone = "Europe/Berlin";

  services.tailscale = {
    enable = true;
    authKeyFile = pkgs.writeText "ts-authkey" "«ts»";
  };

  services.grafana = {
    enable = true;
    settings.server.http_port = 3000;
    settings.security.admin_user = "admin";
    settings.security.admin_password = admin_pw;
  };

  users.users.ops = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    initialPassword = admin_pw;
  };

  system.stateVersion = "23.11";
}
''', pw=pw(), ts='tskey-auth-k' + r(9) + 'CNTRL-' + r(32)))

# f33 Clojure EDN map with a DB password and a Databricks token
add('f33/resources/config.edn', T('''{:app/env :prod
 :http {:port 8080 :max-threads 64}
 :db {:dbtype "postgresql"
      :host "pg-reports.prod.internal"
      :dbname "reports"
      :user "reports"
      :password "«pw»"}
 :databricks {:host "https://adb-«ws».«n».azuredatabricks.net"
              :token "dapi«tok»"
              :warehouse-id "«wh»"}
 :schedule {:refresh-cron "0 */2 * * *"
            :timezone "Europe/London"}}
''', pw=pw(), ws=r(16, DIG), n=r(1, '123456789'), tok=hx(32), wh=hx(16)))

# f34 Scala case classes built positionally (password) and with a named HSM pin
add('f34/src/main/scala/com/acme/payments/Settings.scala', T('''package com.acme.payments

final case class DbConfig(url: String, user: String, password: String, poolSize: Int)
final case class HsmConfig(library: String, slot: Int, pin: String)

object Settings {
  val db: DbConfig = DbConfig(
    "jdbc:postgresql://pg-payments.prod.internal:5432/payments",
    "payments_svc",
    "«pw»",
    24
  )

  val hsm: HsmConfig = HsmConfig("/usr/lib/softhsm/libsofthsm2.so", 0, pin = "«pin»")

  val settlementCutoffHour: Int = 17
}
''', pw=pw(), pin=r(10, A)))

# f35 Dart map with a Dynatrace API token
add('f35/lib/env.dart', T('''// Build-time environment for the field app (prod flavour)
const Map<String, String> kProdEnv = {
  'apiBase': 'https://api.fieldapp.example',
  'dtEndpoint': 'https://«env».live.dynatrace.com/api/v2/metrics/ingest',
  'dtToken': 'dt0c01.«a».«b»',
  'sentryEnvironment': 'production',
  'featureOfflineMode': 'true',
};

String env(String key) {
  final v = kProdEnv[key];
  if (v == null) throw StateError('missing env key $key');
  return v;
}
''', env=r(3, LOW) + r(5, DIG), a=r(24, UPD), b=r(64, UPD)))

# f36 passwords containing spaces and quotes (YAML double- and single-quoted escapes)
_w1, _w2, _w3 = word(), word(), word()
_dq = f'My {_w1} said "{_w2}" {r(4, DIG)}!'
_sq = f"it's {_w3} {word()} {r(3, DIG)}"
add('f36/docker-compose.prod.yml', T('''services:
  mailer:
    image: ghcr.io/acme/mailer:3.2.1
    restart: unless-stopped
    environment:
      SMTP_HOST: smtp.mailgun.org
      SMTP_PORT: "587"
      SMTP_USER: postmaster@mg.acme-apps.com
      SMTP_PASSWORD: "«dq»"
  admin:
    image: ghcr.io/acme/admin:1.9.0
    environment:
      ADMIN_USER: ops
      ADMIN_PASSPHRASE: '«sq»'
    ports:
      - "8081:8080"
''', dq=_dq.replace('"', '\\"'), sq=_sq.replace("'", "''")))

# f37 JSON inside a YAML string (escaped quotes)
add('f37/app.yaml', T('''runtime: python312
entrypoint: gunicorn -b :$PORT main:app
instance_class: F2

env_variables:
  APP_ENV: production
  SMTP_SETTINGS: "{\\"host\\": \\"smtp.office365.com\\", \\"port\\": 587, \\"user\\": \\"notifications@acme-apps.com\\", \\"password\\": \\"«pw»\\"}"
  CACHE_SETTINGS: '{"backend": "redis", "url": "redis://10.0.0.3:6379/1"}'

automatic_scaling:
  min_instances: 1
  max_instances: 6
''', pw=pw()))

# f38 base64 env value holding JSON with AWS access keys
add('f38/.env.staging', T('''APP_ENV=staging
APP_URL=https://staging.acme-apps.com
LOG_LEVEL=debug
# uploader IAM credentials as base64 JSON so they fit on one line (decoded in boot.ts)
AWS_UPLOADER_CREDENTIALS_B64=«creds»
S3_BUCKET=acme-staging-uploads
S3_REGION=eu-west-1
MAX_UPLOAD_MB=50
''', creds=b64(json.dumps({'AccessKeyId': aws_id(), 'SecretAccessKey': aws_secret(), 'Region': 'eu-west-1'}))))

# f39 German properties: kennwort
add('f39/src/main/resources/anwendung.properties', T('''# Lagerverwaltung - Produktion
# Datenbankverbindung
datenbank.host=sql-lager01.intern.mueller-logistik.example
datenbank.port=1433
datenbank.name=Lager
datenbank.benutzer=lager_app
datenbank.kennwort=«p1»

# Mailversand
mail.server=mail.mueller-logistik.example
mail.port=587
mail.benutzer=lager-noreply
mail.kennwort=«p2»
''', p1=pw(), p2=pw()))

# f40 Spanish YAML: contraseña
add('f40/config/produccion.yml', T('''# Configuración de producción - tienda online
servidor:
  puerto: 8443
  dominio: tienda-ejemplo.es
base_de_datos:
  anfitrion: db-tienda.prod.interna
  puerto: 5432
  usuario: tienda_app
  contraseña: "«p1»"
correo:
  servidor_smtp: smtp.tienda-ejemplo.es
  usuario: pedidos@tienda-ejemplo.es
  contraseña: "«p2»"
''', p1=pw(), p2=pw()))

# f41 French JSON: motdepasse
add('f41/config/production.json', T('''{
  "application": "facturation",
  "environnement": "production",
  "journalisation": {"niveau": "info", "fichier": "/var/log/facturation/app.log"},
  "baseDeDonnees": {
    "hote": "pg-facturation.prod.interne",
    "port": 5432,
    "utilisateur": "facturation",
    "motdepasse": "«p1»"
  },
  "sftpBanque": {
    "hote": "sftp.banque-partenaire.example",
    "identifiant": "ent-004512",
    "motdepasse": "«p2»",
    "repertoire": "/depot/prelevements"
  }
}
''', p1=pw(), p2=pw()))

# f42 Portuguese PHP array: senha
add('f42/config/banco.php', T('''<?php
// Configuração do banco de dados e do e-mail - produção

return [
    'padrao' => 'mysql',
    'conexoes' => [
        'mysql' => [
            'host' => 'mysql-prod.interno.loja-exemplo.com.br',
            'porta' => 3306,
            'banco' => 'loja',
            'usuario' => 'loja_app',
            'senha' => '«p1»',
            'charset' => 'utf8mb4',
        ],
    ],
    'email' => [
        'servidor' => 'smtp.loja-exemplo.com.br',
        'usuario' => 'pedidos@loja-exemplo.com.br',
        'senha' => '«p2»',
    ],
];
''', p1=pw(), p2=pw()))

# f43 Dutch Go struct literal: Wachtwoord
add('f43/internal/config/productie.go', T('''package config

// Productie bevat de instellingen voor de productieomgeving van de webshop.
var Productie = Instellingen{
	Omgeving: "productie",
	Database: Database{
		Host:       "pg-prod.intern.bakkerij-jansen.example",
		Poort:      5432,
		Gebruiker:  "webshop",
		Wachtwoord: "«p1»",
	},
	Betalingen: Betalingen{
		Leverancier: "mollie",
		Webhook:     "https://bakkerij-jansen.example/api/betalingen/webhook",
	},
	Beheer: Beheer{
		Gebruiker:  "beheerder",
		Wachtwoord: "«p2»",
	},
}
''', p1=pw(), p2=pw()))

# f44 Swedish Ansible group_vars: lösenord
add('f44/ansible/group_vars/produktion.yml', T('''---
# Produktionsmiljö - butiken
miljö: produktion
databas:
  värd: db01.prod.butik-exempel.se
  port: 5432
  namn: butik
  användare: butik_app
  lösenord: "«p1»"
replikering:
  användare: replikator
  lösenord: "«p2»"
backup:
  mål: s3://butik-backup/db01
  behåll_dagar: 30
''', p1=pw(), p2=pw()))

# f45 Italian INI: parola
add('f45/conf/gestionale.ini', T('''; Configurazione del gestionale - ambiente di produzione
[generale]
azienda = Rossi Forniture S.r.l.
lingua = it_IT

[database]
server = sql01.rossi-forniture.local
nome = Gestionale
utente = gestionale
; parola d'ordine dell'utente del database
parola = «p1»

[posta]
server = smtp.rossi-forniture.example
porta = 587
utente = fatture@rossi-forniture.example
parola = «p2»
''', p1=pw(), p2=pw()))

# ---- negatives: the same odd places, no real credential ----

# s01 HCL heredoc that fetches the password from SSM at boot
add('s01/infra/modules/reporting/main.tf', '''resource "aws_instance" "reporting" {
  ami                  = data.aws_ami.ubuntu.id
  instance_type        = "t3.small"
  subnet_id            = aws_subnet.private_a.id
  iam_instance_profile = aws_iam_instance_profile.reporting.name

  user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    apt-get update -y && apt-get install -y postgresql-client awscli
    PGPASSWORD="$(aws ssm get-parameter --name /reporting/db_password \\
      --with-decryption --query Parameter.Value --output text)"
    cat > /etc/reporting.env <<ENV
    PGHOST=${aws_db_instance.main.address}
    PGUSER=${var.reporting_db_user}
    PGPASSWORD=$PGPASSWORD
    ENV
    chmod 600 /etc/reporting.env
  EOT

  tags = {
    Name = "reporting-export"
  }
}
''')

# s02 ExternalSecret: only references into Vault
add('s02/k8s/payments/external-secret.yaml', '''apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: payments-api
  namespace: payments
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault-prod
  target:
    name: payments-api
    creationPolicy: Owner
  data:
    - secretKey: DATABASE_URL
      remoteRef:
        key: payments/prod/database
        property: url
    - secretKey: STRIPE_SECRET_KEY
      remoteRef:
        key: payments/prod/stripe
        property: secret_key
    - secretKey: STRIPE_WEBHOOK_SECRET
      remoteRef:
        key: payments/prod/stripe
        property: webhook_secret
''')

# s03 Docker config.json using credential helpers, no auth stored
add('s03/deploy/ci/.docker/config.json', '''{
	"auths": {
		"registry.acme-internal.io": {},
		"https://index.docker.io/v1/": {}
	},
	"credsStore": "pass",
	"credHelpers": {
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login",
		"europe-docker.pkg.dev": "gcloud"
	},
	"HttpHeaders": {
		"User-Agent": "Docker-Client/24.0.7 (linux)"
	}
}
''')

# s04 CSV export with the password column masked by the export tool
_rows = []
for i, (n, d) in enumerate([('Ana Souza', 'front desk'), ('Ben Okafor', 'pharmacy'), ('Chloe Martin', 'admin'),
                            ('Dmitri Volkov', 'lab'), ('Emma Lindqvist', 'front desk'), ('Farid Haddad', 'it')]):
    login = n.split()[0].lower()[0] + n.split()[1].lower()
    _rows.append(f'{1040 + i},{login},{login}@northclinic.example,{n},{d},********,2024-05-{10 + i:02d}')
add('s04/exports/staff_accounts_2024-05.csv', 'id,login,email,full_name,department,password,created\n' + '\n'.join(_rows)
    + '\n# passwords are never exported; users set their own via the invite link\n')

# s05 SQL fixture for the test database with obvious dummy passwords
add('s05/db/fixtures/test_users.sql', '''-- Test fixtures for the local/CI database only (docker compose -f compose.test.yml).
-- These accounts never exist outside the throwaway test container.

DROP TABLE IF EXISTS `backoffice_users`;
CREATE TABLE `backoffice_users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `login` varchar(64) NOT NULL,
  `email` varchar(255) NOT NULL,
  `password` varchar(128) NOT NULL,
  `is_admin` tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO `backoffice_users` VALUES
  (1,'admin','admin@example.com','changeme',1),
  (2,'editor','editor@example.com','password',0),
  (3,'tester','tester@example.com','test123',0);
''')

# s06 gateway log with the Authorization header redacted
add('s06/logs/gateway-2024-05-02.log', T('''2024-05-02T10:14:07.101Z INFO  [gw-7c9f] route matched: POST /v2/invoices -> partner-billing
2024-05-02T10:14:07.112Z DEBUG [gw-7c9f] upstream request: POST https://api.partner-billing.example/v2/invoices
2024-05-02T10:14:07.112Z DEBUG [gw-7c9f] upstream headers: {"Host":"api.partner-billing.example","Authorization":"Basic [REDACTED]","Content-Type":"application/json","X-Request-Id":"«rid»"}
2024-05-02T10:14:07.498Z INFO  [gw-7c9f] upstream responded 201 in 386ms
2024-05-02T10:14:09.640Z INFO  [gw-7c9f] route matched: GET /v2/products -> shop-admin
2024-05-02T10:14:09.641Z DEBUG [gw-7c9f] upstream headers: {"X-Shopify-Access-Token":"shpat_****","Accept":"application/json"}
2024-05-02T10:14:09.702Z INFO  [gw-7c9f] upstream responded 200 in 62ms
2024-05-02T10:15:00.000Z INFO  [gw-7c9f] health: 3/3 upstreams healthy
''', rid=hx(32)))

# s07 curl how-to with credentials taken from the environment
add('s07/docs/debugging-webhooks.md', '''# Debugging webhook deliveries

When a partner says a webhook never arrived, replay it from the hooks service.
Load the service account first (`source <(vault kv get -format=env secret/hooks/admin)`),
then:

```
$ curl -v -u "$HOOKS_USER:$HOOKS_PASSWORD" -X POST https://hooks.acme-internal.io/api/v1/deliveries/<id>/replay
> POST /api/v1/deliveries/<id>/replay HTTP/2
> Host: hooks.acme-internal.io
> Authorization: Basic <base64 of user:password>
> User-Agent: curl/8.5.0
>
< HTTP/2 202
{"delivery":"<id>","status":"queued"}
```

Never paste the real header into a ticket; curl prints it with `-v`.
''')

# s08 stack trace where the driver masks the password
add('s08/logs/ledger-crash-2024-06-01.txt', '''2024-06-01 03:12:44.918 ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed

org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'dataSource': Failed to initialize pool
	at org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1786)
	at com.acme.ledger.LedgerApplication.main(LedgerApplication.java:14)
Caused by: com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool: Connection to ledger-db.prod.acme.internal:5432 refused
	at com.zaxxer.hikari.pool.HikariPool.throwPoolInitializationException(HikariPool.java:596)
	... 24 common frames omitted
Caused by: org.postgresql.util.PSQLException: Connection attempt failed for url jdbc:postgresql://ledger-db.prod.acme.internal:5432/ledger?user=ledger_app&password=********&sslmode=require
	at org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)
	... 31 common frames omitted
''')

# s09 documentation of token formats, examples are masks
add('s09/docs/integrations/token-formats.md', '''# Integration tokens: accepted formats

The integrations page checks the shape of a pasted token before saving it.
Tokens are stored in Vault (`secret/integrations/<tenant>/<provider>`), never in
the database. Shapes we accept:

| Provider   | Shape                                                        | Example (mask)                                        |
|------------|--------------------------------------------------------------|-------------------------------------------------------|
| Linear     | `lin_api_` + 40 letters and digits                           | `lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`    |
| Postman    | `PMAK-` + 24 hex + `-` + 34 hex                              | `PMAK-<24 hex>-<34 hex>`                              |
| Dynatrace  | `dt0c01.` + 24-char public id + `.` + 64-char secret part    | `dt0c01.<PUBLIC_ID>.<SECRET>`                         |
| Databricks | `dapi` + 32 hex characters                                   | `dapiXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`                |
| Shopify    | `shpat_` + 32 hex characters                                 | `shpat_<32 hex>`                                      |

Validation errors are shown inline; the raw value is never logged, only its
provider and length.
''')

# s10 Nix: secrets come from agenix files, the only key inline is a public SSH key
_pub = base64.b64encode(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rbytes(32)).decode()
add('s10/nixos/hosts/nas01/configuration.nix', T('''{ config, pkgs, ... }:

{
  imports = [ ./hardware-configuration.nix ];

  networking.hostName = "nas01";

  age.secrets.grafana-admin.file = ../../secrets/grafana-admin.age;
  age.secrets.tailscale-authkey.file = ../../secrets/tailscale-authkey.age;
  age.secrets.ops-password.file = ../../secrets/ops-password.age;

  services.tailscale = {
    enable = true;
    authKeyFile = config.age.secrets.tailscale-authkey.path;
  };

  services.grafana = {
    enable = true;
    settings.security.admin_user = "admin";
    settings.security.admin_password = "$__file{${config.age.secrets.grafana-admin.path}}";
  };

  users.users.ops = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = config.age.secrets.ops-password.path;
    openssh.authorizedKeys.keys = [ "ssh-ed25519 «pub» ops@laptop" ];
  };

  system.stateVersion = "23.11";
}
''', pub=_pub))

# s11 release manifest: image digests, commit SHAs and artifact checksums as ids
add('s11/deploy/releases/2024.06.1.yaml', T('''# Pinned artifacts for the 2024.06.1 prod rollout (generated by release-bot)
release: 2024.06.1
source_commit: «c0»
services:
  api:
    image: ghcr.io/acme/api@sha256:«d1»
    commit: «c1»
  worker:
    image: ghcr.io/acme/worker@sha256:«d2»
    commit: «c2»
  web:
    image: ghcr.io/acme/web@sha256:«d3»
    commit: «c3»
artifacts:
  - name: acmectl-linux-amd64.tar.gz
    sha256: «a1»
  - name: acmectl-darwin-arm64.tar.gz
    sha256: «a2»
approved_by: release-managers
''', c0=hx(40), d1=hx(64), c1=hx(40), d2=hx(64), c2=hx(40), d3=hx(64), c3=hx(40), a1=hx(64), a2=hx(64)))

# s12 multilingual config template: env references, empty values and changeme
add('s12/config/config.beispiel.yml', '''# Vorlage / plantilla / voorbeeld / modello
# Copy to config.local.yml and fill in from the team password manager.
# Values in ${...} are read from the environment at start-up.
datenbank:
  host: sql-lager01.intern.mueller-logistik.example
  benutzer: lager_app
  kennwort: "${DATENBANK_KENNWORT}"
base_de_datos:
  usuario: tienda_app
  contraseña: "<tu contraseña aquí>"
webshop_db:
  gebruiker: webshop
  wachtwoord: changeme
banco:
  usuario: loja_app
  senha: ""
posta:
  utente: fatture@rossi-forniture.example
  parola: "${PAROLA_POSTA}"
replikering:
  lösenord: "${REPLIKERING_LOSENORD}"
''')

write()
