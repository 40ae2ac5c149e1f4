# Usage: python3 set19.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 19 (stop 26): held out. Infrastructure-as-code, ops config, CI, IDE/mobile/desktop files and logs.
import base64, json, random, string
from common import A, HEX, add, ck, hx, r, start, write
start()

UP = string.ascii_uppercase
DIG = string.digits
URLSAFE = A + '-_'
WORDS = ['harbor', 'falcon', 'copper', 'orchid', 'summit', 'maple', 'velvet', 'cobalt', 'tundra', 'lantern',
         'meadow', 'quartz', 'pepper', 'raven', 'willow', 'ember', 'glacier', 'saffron', 'juniper', 'marble',
         'bishop', 'canyon', 'dolphin', 'granite', 'hazel', 'island', 'jasper', 'kettle', 'lobster', 'mango',
         'nectar', 'otter', 'pirate', 'rocket', 'sparrow', 'thunder', 'walnut', 'yellow', 'zephyr', 'button']


def sub(text: str, **kw) -> str:
    for k, v in kw.items():
        text = text.replace(f'<<{k}>>', v)
    return text


def rbytes(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n: int) -> str:
    return base64.b64encode(rbytes(n)).decode()


def uuid() -> str:
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


def word() -> str:
    return random.choice(WORDS)


def pw(sym: str = '!#$%*?@') -> str:
    """A password as people pick them: word+digits+symbol, passphrases, short weak ones, random strings."""
    s = random.randrange(5)
    sy = random.choice(sym) if sym else ''
    if s == 0:
        return word().capitalize() + r(random.randint(2, 4), DIG) + sy
    if s == 1:
        return '-'.join(word() for _ in range(3)) + r(1, DIG)
    if s == 2:
        return r(random.randint(14, 20), A + sym)
    if s == 3:
        return word().capitalize() + sy + word().capitalize() + r(2, DIG)
    return word() + r(random.choice([3, 4]), DIG)


def pem(label: str, der: bytes) -> list:
    s = base64.b64encode(der).decode()
    return [f'-----BEGIN {label}-----'] + [s[i:i + 64] for i in range(0, len(s), 64)] + [f'-----END {label}-----']


def rsa_pkcs8() -> bytes:
    head = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100')
    body = bytes([random.randint(0xc0, 0xff)]) + rbytes(255) + bytes.fromhex('0203010001028201') + rbytes(1)
    return head + body + rbytes(1217 - len(head) - len(body))


def ec_private() -> bytes:
    return (bytes.fromhex('30770201010420') + rbytes(32) + bytes.fromhex('a00a06082a8648ce3d030107a144034200')
            + b'\x04' + rbytes(64))


def ec_public() -> bytes:
    return bytes.fromhex('3059301306072a8648ce3d020106082a8648ce3d030107034200') + b'\x04' + rbytes(64)


def fp() -> str:
    return ':'.join(hx(2) for _ in range(16))


# ---------------------------------------------------------------- positives

add('c01/infra/envs/prod/terraform.tfvars', sub('''# Production environment for the ledgerly stack.
# Applied from the ops runner: terraform apply -var-file=envs/prod/terraform.tfvars

project_name = "ledgerly"
environment  = "prod"
region       = "fra1"

do_token = "<<tok>>"

droplet_size  = "s-4vcpu-8gb"
droplet_count = 3
droplet_image = "ubuntu-22-04-x64"

ssh_key_fingerprints = [
  "<<fp1>>",
  "<<fp2>>",
]

domain         = "ledgerly.io"
enable_backups = true
monitoring     = true

db_cluster = {
  engine     = "pg"
  version    = "15"
  size       = "db-s-2vcpu-4gb"
  node_count = 2
}

spaces_bucket = "ledgerly-prod-assets"
tags          = ["prod", "terraform", "ledgerly"]
''', tok='dop_v1_' + hx(64), fp1=fp(), fp2=fp()))

AK = 'AKIA' + r(16, UP + '234567')
add('c02/infra/modules/backup/providers.tf', sub('''terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.31"
    }
  }

  backend "s3" {
    bucket = "acme-tfstate-backup"
    key    = "backup/terraform.tfstate"
    region = "us-east-1"
  }
}

provider "aws" {
  region     = var.region
  access_key = "<<ak>>"
  secret_key = "<<sk>>"

  default_tags {
    tags = {
      Project   = "backup"
      ManagedBy = "terraform"
    }
  }
}

provider "aws" {
  alias      = "replica"
  region     = var.replica_region
  access_key = "<<ak>>"
  secret_key = "<<sk>>"
}
''', ak=AK, sk=r(40, A + '/+')))

add('c03/deploy/Pulumi.production.yaml', sub('''encryptionsalt: v1:<<salt>>
config:
  aws:region: us-east-2
  inventory-api:environment: production
  inventory-api:instanceType: t3.medium
  inventory-api:minReplicas: "3"
  inventory-api:maxReplicas: "12"
  inventory-api:dbHost: inventory-prod.cluster-internal.us-east-2.rds.amazonaws.com
  inventory-api:dbName: inventory
  inventory-api:dbUser: inventory_svc
  inventory-api:dbPassword: <<pw>>
  inventory-api:sessionSecret:
    secure: v1:<<n>>:<<c>>
  inventory-api:domain: inventory.acme-retail.com
  inventory-api:certificateArn: arn:aws:acm:us-east-2:<<acct>>:certificate/<<cert>>
''', salt=b64(9) + ':v1:' + b64(12) + ':' + b64(32), pw=pw('!#%*'), n=b64(12), c=b64(48),
    acct=r(12, DIG), cert=uuid()))

add('c04/ansible/group_vars/monitoring.yml', sub('''---
# Datadog agent role (datadog.datadog) settings for the monitoring host group
datadog_site: "datadoghq.eu"
datadog_api_key: "<<api>>"
datadog_agent_major_version: 7

datadog_config:
  tags:
    - "env:prod"
    - "team:platform"
  logs_enabled: true
  apm_config:
    enabled: true
  process_config:
    process_collection:
      enabled: true

datadog_checks:
  postgres:
    init_config:
    instances:
      - host: localhost
        port: 5432
        username: datadog
        password: "{{ vault_datadog_pg_password }}"
        dbm: true
  nginx:
    init_config:
    instances:
      - nginx_status_url: http://localhost:81/nginx_status/
''', api=hx(32)))

add('c05/charts/alertbridge/values.yaml', sub('''# Default values for alertbridge.
replicaCount: 2

image:
  repository: ghcr.io/acme/alertbridge
  tag: "1.8.3"
  pullPolicy: IfNotPresent

slack:
  enabled: true
  botToken: "<<tok>>"
  defaultChannel: "#ops-alerts"
  criticalChannel: "#incidents"
  mentionOnCritical: "@oncall-platform"

service:
  type: ClusterIP
  port: 8080

resources:
  limits:
    cpu: 200m
    memory: 256Mi
  requests:
    cpu: 50m
    memory: 64Mi

nodeSelector: {}
tolerations: []
affinity: {}
''', tok=f'xoxb-{random.randint(1, 9)}{r(11, DIG)}-{random.randint(1, 9)}{r(12, DIG)}-{r(24)}'))

add('c06/.github/workflows/release.yml', sub('''name: release

on:
  push:
    tags: ["v*"]

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - name: Build archives
        run: make dist
      - name: Update Homebrew tap
        run: |
          git clone https://x-access-token:<<tok>>@github.com/acme/homebrew-tap.git tap
          cp dist/acmectl.rb tap/Formula/acmectl.rb
          cd tap
          git config user.name "acme-release-bot"
          git config user.email "release-bot@acme.dev"
          git commit -am "acmectl ${GITHUB_REF_NAME}"
          git push origin main
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*.tar.gz
''', tok=ck('ghp_')))

add('c07/.gitlab-ci.yml', sub('''stages:
  - test
  - build
  - deploy

variables:
  DOCKER_DRIVER: overlay2
  GIT_DEPTH: "10"
  GOPRIVATE: "gitlab.com/acme-internal/*"
  DEPS_TOKEN: "<<tok>>"

default:
  image: golang:1.22
  before_script:
    - git config --global url."https://oauth2:${DEPS_TOKEN}@gitlab.com/".insteadOf "https://gitlab.com/"

unit:
  stage: test
  script:
    - go test ./... -race -coverprofile=cover.out

image:
  stage: build
  image: docker:24
  services: [docker:24-dind]
  script:
    - docker build --build-arg DEPS_TOKEN=$DEPS_TOKEN -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .
    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA

deploy:
  stage: deploy
  script:
    - ./scripts/deploy.sh $CI_COMMIT_SHORT_SHA
  only: [main]
''', tok='glpat-' + r(20, URLSAFE)))

nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Eval: ticket triage prompt v3\n', 'Runs the labelled sample through the model and scores it.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [], 'source': [
            'import os\n', 'import pandas as pd\n', 'from openai import OpenAI\n', '\n',
            'os.environ["OPENAI_API_KEY"] = "' + 'sk-proj-' + r(74, URLSAFE) + 'T3BlbkFJ' + r(74, URLSAFE) + '"\n',
            'client = OpenAI()']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [], 'source': [
            'def classify(text):\n', '    resp = client.chat.completions.create(\n', '        model="gpt-4o-mini",\n',
            '        messages=[{"role": "user", "content": PROMPT.format(ticket=text)}],\n', '    )\n',
            '    return resp.choices[0].message.content.strip()\n', '\n', 'df = pd.read_csv("data/triage_sample.csv")\n', 'df["pred"] = df.text.map(classify)']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.7'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('c08/notebooks/triage_eval.ipynb', json.dumps(nb, indent=1) + '\n')

add('c09/postman/Payments-Live.postman_environment.json', json.dumps({
    'id': uuid(),
    'name': 'Payments - Live',
    'values': [
        {'key': 'baseUrl', 'value': 'https://api.stripe.com/v1', 'type': 'default', 'enabled': True},
        {'key': 'stripeSecretKey', 'value': 'sk_live_51' + r(97), 'type': 'secret', 'enabled': True},
        {'key': 'customerId', 'value': 'cus_' + r(14), 'type': 'default', 'enabled': True},
        {'key': 'priceId', 'value': 'price_1' + r(23), 'type': 'default', 'enabled': True},
    ],
    '_postman_variable_scope': 'environment',
    '_postman_exported_at': '2024-03-11T09:14:52.311Z',
    '_postman_exported_using': 'Postman/10.23.5',
}, indent='\t') + '\n')

add('c10/api/anthropic.http', sub('''### Summarize a support ticket
@host = https://api.anthropic.com
@apiKey = <<tok>>

POST {{host}}/v1/messages
x-api-key: {{apiKey}}
anthropic-version: 2023-06-01
content-type: application/json

{
  "model": "claude-3-5-sonnet-20240620",
  "max_tokens": 512,
  "messages": [
    {"role": "user", "content": "Summarize this ticket in two sentences: My invoice shows a double charge for March."}
  ]
}

### List models
GET {{host}}/v1/models
x-api-key: {{apiKey}}
anthropic-version: 2023-06-01
''', tok='sk-ant-api03-' + r(93, URLSAFE) + 'AA'))

P11 = pw('!#*?')
add('c11/android/gradle.properties', sub('''# Project-wide Gradle settings.
org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official

# Release signing, read by app/build.gradle.kts (signingConfigs.release)
RELEASE_STORE_FILE=../keystore/fieldnotes-release.jks
RELEASE_STORE_PASSWORD=<<p>>
RELEASE_KEY_ALIAS=upload
RELEASE_KEY_PASSWORD=<<p>>
''', p=P11))

add('c12/kafka/config/client_jaas.conf', sub('''/*
 * JAAS configuration for the order-events consumers.
 * Passed to the JVM with -Djava.security.auth.login.config=/etc/kafka/client_jaas.conf
 * Brokers listen on SASL_SSL (PLAIN) on port 9094.
 */
KafkaClient {
    org.apache.kafka.common.security.plain.PlainLoginModule required
    username="orders-consumer"
    password="<<p1>>";
};

/* ZooKeeper digest auth used by the admin tooling */
Client {
    org.apache.zookeeper.server.auth.DigestLoginModule required
    username="kafka-admin"
    password="<<p2>>";
};
''', p1=pw('!#%*?@'), p2=pw('!#%*?@')))

add('c13/monitoring/alertmanager/alertmanager.yml', sub('''global:
  resolve_timeout: 5m
  smtp_smarthost: "smtp.office365.com:587"
  smtp_from: "alerts@northwind-logistics.com"
  smtp_auth_username: "alerts@northwind-logistics.com"
  smtp_auth_password: "<<p>>"
  smtp_require_tls: true

route:
  receiver: ops-email
  group_by: ["alertname", "cluster"]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers: ['severity="critical"']
      receiver: ops-email
      repeat_interval: 30m

receivers:
  - name: ops-email
    email_configs:
      - to: "ops@northwind-logistics.com"
        send_resolved: true

inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ["alertname", "instance"]
''', p=pw('!#%*?@')))

add('c14/grafana/grafana.ini', sub('''[server]
protocol = http
http_port = 3000
domain = grafana.internal.acme.net
root_url = https://grafana.internal.acme.net/

[database]
type = postgres
host = pg-monitoring.internal:5432
name = grafana
user = grafana
password = <<dbp>>
ssl_mode = require

[security]
admin_user = admin
admin_password = <<adm>>
secret_key = <<sk>>
cookie_secure = true

[auth.anonymous]
enabled = false

[smtp]
enabled = true
host = smtp.internal.acme.net:25
from_address = grafana@acme.net
''', dbp=pw('!*?@'), adm=pw('!*?@'), sk=r(20)))

add('c15/deploy/systemd/embedder-worker.service', sub('''[Unit]
Description=Embedding worker (sentence-transformers)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=ml
Group=ml
WorkingDirectory=/opt/embedder
Environment=PYTHONUNBUFFERED=1
Environment=HF_HOME=/var/cache/huggingface
Environment=HF_TOKEN=<<tok>>
Environment=MODEL_ID=acme-ml/retriever-base-v2
ExecStart=/opt/embedder/.venv/bin/python -m embedder.worker --queue embed --batch-size 64
Restart=on-failure
RestartSec=5
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
''', tok='hf_' + r(34, string.ascii_letters)))

SID = 'AC' + hx(32)
add('c16/ops/cron/backup.crontab', sub('''SHELL=/bin/bash
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MAILTO=ops@brightline.health

# m  h  dom mon dow  command
*/5  *  *   *   *    /opt/scripts/healthcheck.sh >> /var/log/healthcheck.log 2>&1
15   2  *   *   *    /opt/scripts/backup_db.sh --target s3://brightline-backups/pg
# text the on-call phone if last night's backup did not finish
30   3  *   *   *    test -f /var/run/backup.ok || curl -s -X POST "https://api.twilio.com/2010-04-01/Accounts/<<sid>>/Messages.json" -u "<<sid>>:<<tok>>" --data-urlencode "To=+1415555<<to>>" --data-urlencode "From=+1628555<<fr>>" --data-urlencode "Body=Nightly backup FAILED on $(hostname)"
0    4  *   *   0    /usr/sbin/logrotate -f /etc/logrotate.conf
45   4  *   *   *    find /var/backups/pg -mtime +14 -delete
''', sid=SID, tok=hx(32), to=r(4, DIG), fr=r(4, DIG)))

add('c17/deploy/supervisord.conf', sub('''[unix_http_server]
file=/var/run/supervisor.sock

[supervisord]
nodaemon=true
logfile=/var/log/supervisor/supervisord.log
pidfile=/var/run/supervisord.pid

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:web]
command=gunicorn shop.wsgi:application -b 0.0.0.0:8000 -w 4
directory=/srv/shop
autostart=true
autorestart=true
stdout_logfile=/var/log/supervisor/web.log

[program:mailer]
command=python manage.py run_mail_queue
directory=/srv/shop
environment=DJANGO_SETTINGS_MODULE="shop.settings.prod",SENDGRID_API_KEY="<<tok>>"
autostart=true
autorestart=true
stdout_logfile=/var/log/supervisor/mailer.log
''', tok='SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE)))

add('c18/logstash/pipeline/30-output.conf', sub('''filter {
  if [fields][service] == "checkout" {
    mutate { add_tag => ["payments"] }
  }
  date {
    match => ["timestamp", "ISO8601"]
  }
}

output {
  elasticsearch {
    hosts => ["https://es01.logging.internal:9200", "https://es02.logging.internal:9200"]
    index => "app-logs-%{+YYYY.MM.dd}"
    user => "logstash_writer"
    password => "<<p>>"
    ssl_enabled => true
    ssl_certificate_authorities => ["/etc/logstash/certs/ca.crt"]
  }
  if "payments" in [tags] {
    file {
      path => "/var/log/logstash/payments-%{+YYYY-MM-dd}.log"
    }
  }
}
''', p=pw('!#*?@')))

add('c19/fluentd/fluent.conf', sub('''<source>
  @type tail
  path /var/log/nginx/access.log
  pos_file /var/log/td-agent/nginx-access.pos
  tag nginx.access
  <parse>
    @type nginx
  </parse>
</source>

<filter nginx.**>
  @type record_transformer
  <record>
    hostname "#{Socket.gethostname}"
    service storefront
  </record>
</filter>

<match nginx.**>
  @type newrelic
  license_key <<tok>>
  base_uri https://log-api.eu.newrelic.com/log/v1
</match>
''', tok=hx(36) + 'NRAL'))

add('c20/.vscode/launch.json', sub('''{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
        {
            "type": "node",
            "request": "launch",
            "name": "Sync worker",
            "program": "${workspaceFolder}/src/sync/worker.ts",
            "runtimeArgs": ["-r", "ts-node/register"],
            "env": {
                "NODE_ENV": "development",
                "LINEAR_API_KEY": "<<tok>>",
                "LINEAR_TEAM_KEY": "ENG",
                "SYNC_INTERVAL_SECONDS": "60"
            },
            "console": "integratedTerminal"
        },
        {
            "type": "node",
            "request": "launch",
            "name": "Jest current file",
            "program": "${workspaceFolder}/node_modules/.bin/jest",
            "args": ["${relativeFile}", "--runInBand"],
            "console": "integratedTerminal"
        }
    ]
}
''', tok='lin_api_' + r(40)))

add('c21/.idea/dataSources.xml', sub('''<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="DataSourceManagerImpl" format="xml" multifile-model="true">
    <data-source source="LOCAL" name="billing@localhost" uuid="<<u1>>">
      <driver-ref>postgresql</driver-ref>
      <synchronize>true</synchronize>
      <jdbc-driver>org.postgresql.Driver</jdbc-driver>
      <jdbc-url>jdbc:postgresql://localhost:5432/billing</jdbc-url>
      <working-dir>$ProjectFileDir$</working-dir>
    </data-source>
    <data-source source="LOCAL" name="billing@prod-replica" uuid="<<u2>>">
      <driver-ref>postgresql</driver-ref>
      <synchronize>true</synchronize>
      <jdbc-driver>org.postgresql.Driver</jdbc-driver>
      <jdbc-url>jdbc:postgresql://billing-replica.db.acme-corp.net:5432/billing?user=analyst&amp;password=<<p>>&amp;sslmode=require</jdbc-url>
      <working-dir>$ProjectFileDir$</working-dir>
    </data-source>
  </component>
</project>
''', u1=uuid(), u2=uuid(), p=pw('!*')))

add('c22/db/migrations/V12__reporting_role.sql', sub('''-- V12: read-only role for the Metabase reporting instance
-- Ticket: DATA-482

CREATE ROLE reporting_ro WITH
    LOGIN
    NOSUPERUSER
    NOCREATEDB
    NOCREATEROLE
    CONNECTION LIMIT 10
    PASSWORD '<<p>>';

GRANT CONNECT ON DATABASE shop TO reporting_ro;
GRANT USAGE ON SCHEMA public TO reporting_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting_ro;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reporting_ro;

-- keep PII out of reach of the reporting role
REVOKE SELECT ON public.customer_addresses FROM reporting_ro;
REVOKE SELECT ON public.payment_methods FROM reporting_ro;
''', p=pw('!#$%*?@')))

add('c23/scripts/Deploy-Intranet.ps1', sub('''[CmdletBinding()]
param(
    [string]$SiteName = 'intranet',
    [string]$Server = 'web02.corp.contoso-mfg.local',
    [string]$Package = '.\\build\\intranet.zip'
)

$ErrorActionPreference = 'Stop'

$user = 'CORP\\svc_webdeploy'
$pass = ConvertTo-SecureString '<<p>>' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ($user, $pass)

Write-Host "Deploying $Package to $Server ($SiteName)"
$session = New-PSSession -ComputerName $Server -Credential $cred
try {
    Copy-Item -Path $Package -Destination 'C:\\deploy\\' -ToSession $session
    Invoke-Command -Session $session -ScriptBlock {
        param($site)
        Import-Module WebAdministration
        Stop-WebAppPool -Name $site
        Expand-Archive -Path "C:\\deploy\\$site.zip" -DestinationPath "C:\\inetpub\\$site" -Force
        Start-WebAppPool -Name $site
    } -ArgumentList $SiteName
}
finally {
    Remove-PSSession $session
}
''', p=pw('!#$%*?@')))

add('c24/scripts/logon/map_drives.bat', sub('''@echo off
REM Map team shares at logon (pushed via GPO to the finance OU)
REM Owner: IT Ops

net use F: /delete /y >nul 2>&1
net use S: /delete /y >nul 2>&1

net use F: \\\\fs01.corp.contoso-mfg.local\\finance /user:CORP\\svc_fileshare <<p>> /persistent:no
net use S: \\\\fs01.corp.contoso-mfg.local\\scans /user:CORP\\svc_fileshare <<p>> /persistent:no

if errorlevel 1 (
    echo Could not map shares, contact the service desk on x4400
    pause
)
exit /b 0
''', p=pw('#@$')))

add('c25/Makefile', sub('''NAME    := @acme/ui-kit
VERSION := $(shell node -p "require('./package.json').version")

.PHONY: all build test lint publish clean

all: build

build:
\tnpm ci
\tnpm run build

test:
\tnpm test -- --ci

lint:
\tnpm run lint

publish: build test
\techo "//registry.npmjs.org/:_authToken=<<tok>>" > .npmrc
\tnpm publish --access public
\tgit tag v$(VERSION) && git push origin v$(VERSION)

clean:
\trm -rf dist node_modules .npmrc
''', tok=ck('npm_')))

add('c26/.circleci/config.yml', sub('''version: 2.1

orbs:
  python: circleci/python@2.1.1

jobs:
  test:
    docker:
      - image: cimg/python:3.12
    steps:
      - checkout
      - python/install-packages:
          pkg-manager: pip
      - run: pytest -q

  publish:
    docker:
      - image: cimg/python:3.12
    steps:
      - checkout
      - run: pip install build twine
      - run: python -m build
      - run: twine upload -u __token__ -p <<tok>> dist/*

workflows:
  release:
    jobs:
      - test
      - publish:
          requires: [test]
          filters:
            branches:
              only: main
''', tok='pypi-AgEIcHlwaS5vcmc' + r(random.randint(150, 170), URLSAFE)))

add('c27/azure-pipelines.yml', sub('''trigger:
  branches:
    include: [main]

pool:
  vmImage: ubuntu-latest

variables:
  buildConfiguration: Release
  staticContainer: '$web'

steps:
  - task: NodeTool@0
    inputs:
      versionSpec: '20.x'
  - script: |
      npm ci
      npm run build
    displayName: Build site

  - task: AzureCLI@2
    displayName: Upload to static website
    inputs:
      azureSubscription: 'contoso-prod'
      scriptType: bash
      scriptLocation: inlineScript
      inlineScript: |
        az storage blob upload-batch \\
          --destination '$(staticContainer)' \\
          --source ./dist \\
          --overwrite \\
          --connection-string "DefaultEndpointsProtocol=https;AccountName=<<acct>>;AccountKey=<<key>>;EndpointSuffix=core.windows.net"
''', acct='contoso' + r(6, string.ascii_lowercase + DIG), key=b64(64)))

add('c28/bitbucket-pipelines.yml', sub('''image: node:20

definitions:
  caches:
    npm: ~/.npm

pipelines:
  branches:
    main:
      - step:
          name: Build
          caches: [npm]
          script:
            - npm ci
            - npm run build
          artifacts:
            - dist/**
      - step:
          name: Deploy to shared hosting
          deployment: production
          script:
            - apt-get update && apt-get install -y lftp
            - lftp -u "deploy_web,<<p>>" -e "set ssl:verify-certificate no; mirror -R --delete dist/ /public_html; quit" ftp.kestrel-hosting.net
''', p=pw('#*%')))

add('c29/Vagrantfile', sub('''# -*- mode: ruby -*-
# vi: set ft=ruby :

Vagrant.configure("2") do |config|
  config.vm.box = "ubuntu/jammy64"
  config.vm.hostname = "payments-dev"
  config.vm.network "forwarded_port", guest: 8080, host: 8080
  config.vm.network "private_network", ip: "192.168.56.20"

  config.vm.provider "virtualbox" do |vb|
    vb.memory = 4096
    vb.cpus = 2
  end

  config.vm.provision "shell", env: {
    "VAULT_ADDR"  => "https://vault.internal.acme.net:8200",
    "VAULT_TOKEN" => "<<tok>>",
  }, inline: <<-SHELL
    apt-get update -y
    apt-get install -y docker.io jq
    vault kv get -format=json secret/payments/dev | jq -r '.data.data | to_entries[] | "\\(.key)=\\(.value)"' > /home/vagrant/.env
    chown vagrant:vagrant /home/vagrant/.env
  SHELL
end
''', tok='hvs.' + r(24)))

add('c30/packer/windows-2022.pkr.hcl', sub('''packer {
  required_plugins {
    azure = {
      source  = "github.com/hashicorp/azure"
      version = "~> 2"
    }
  }
}

source "azure-arm" "win2022" {
  subscription_id = "<<sub>>"
  tenant_id       = "<<ten>>"
  client_id       = "<<cid>>"
  client_secret   = "<<sec>>"

  managed_image_resource_group_name = "rg-images"
  managed_image_name                = "win2022-base-{{timestamp}}"

  os_type         = "Windows"
  image_publisher = "MicrosoftWindowsServer"
  image_offer     = "WindowsServer"
  image_sku       = "2022-datacenter-azure-edition"
  location        = "westeurope"
  vm_size         = "Standard_D2s_v5"

  communicator   = "winrm"
  winrm_use_ssl  = true
  winrm_insecure = true
  winrm_timeout  = "10m"
  winrm_username = "packer"
}

build {
  sources = ["source.azure-arm.win2022"]

  provisioner "powershell" {
    scripts = ["scripts/harden.ps1", "scripts/install-agents.ps1"]
  }
}
''', sub=uuid(), ten=uuid(), cid=uuid(), sec=r(3) + random.choice(DIG) + 'Q~' + r(34, A + '_~.-')))

add('c31/haproxy/haproxy.cfg', sub('''global
    log /dev/log local0
    maxconn 20000
    user haproxy
    group haproxy
    daemon

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 30s
    timeout server 30s

userlist ops_users
    user admin insecure-password <<p1>>

frontend https_in
    bind *:443 ssl crt /etc/haproxy/certs/site.pem
    default_backend app

backend app
    balance roundrobin
    server app1 10.0.1.11:8080 check
    server app2 10.0.1.12:8080 check

listen stats
    bind *:8404
    stats enable
    stats uri /stats
    stats refresh 10s
    stats auth admin:<<p2>>
''', p1=pw('!*?@'), p2=pw('!*?')))

add('c32/Caddyfile', sub('''{
	email ops@pinecrest.dev
}

*.preview.pinecrest.dev {
	tls {
		dns cloudflare <<tok>>
	}

	@api host api.preview.pinecrest.dev
	handle @api {
		reverse_proxy 127.0.0.1:4000
	}

	handle {
		reverse_proxy 127.0.0.1:3000
	}

	log {
		output file /var/log/caddy/preview.log
	}
}
''', tok=r(40, URLSAFE)))

add('c33/monitoring/prometheus/prometheus.yml', sub('''global:
  scrape_interval: 30s
  evaluation_interval: 30s

rule_files:
  - /etc/prometheus/rules/*.yml

alerting:
  alertmanagers:
    - static_configs:
        - targets: ["alertmanager:9093"]

scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["10.0.1.11:9100", "10.0.1.12:9100", "10.0.2.21:9100"]

  - job_name: federate-eu
    honor_labels: true
    metrics_path: /federate
    params:
      "match[]": ['{job="node"}', '{__name__=~"job:.*"}']
    scheme: https
    basic_auth:
      username: federation
      password: "<<p>>"
    static_configs:
      - targets: ["prometheus-eu.monitoring.acme.net"]
''', p=pw('!#%*?@')))

add('c34/insomnia/warehouse-api.json', json.dumps({
    '_type': 'export',
    '__export_format': 4,
    '__export_date': '2024-05-02T13:40:11.902Z',
    '__export_source': 'insomnia.desktop.app:v8.6.1',
    'resources': [
        {'_id': 'req_' + hx(32), 'parentId': 'wrk_' + hx(32), '_type': 'request', 'name': 'List shipments',
         'method': 'GET', 'url': 'https://api.warehouse.northpeak.io/v2/shipments?status=open',
         'authentication': {'type': 'oauth2', 'grantType': 'client_credentials',
                            'accessTokenUrl': 'https://auth.northpeak.io/oauth/token',
                            'clientId': 'wh-integration', 'clientSecret': r(40, A + '-_.~'),
                            'scope': 'shipments:read'},
         'headers': [{'name': 'Accept', 'value': 'application/json'}]},
        {'_id': 'wrk_' + hx(32), 'parentId': None, '_type': 'workspace', 'name': 'Warehouse API', 'scope': 'collection'},
    ],
}, indent=2) + '\n')

SA_PROJECT = random.choice(['analytics', 'ingest', 'reports']) + '-' + r(6, string.ascii_lowercase + DIG)
add('c35/deploy/gcp/ci-deployer.json', json.dumps({
    'type': 'service_account',
    'project_id': SA_PROJECT,
    'private_key_id': hx(40),
    'private_key': '\n'.join(pem('PRIVATE KEY', rsa_pkcs8())) + '\n',
    'client_email': f'ci-deployer@{SA_PROJECT}.iam.gserviceaccount.com',
    'client_id': str(random.randint(1, 9)) + r(20, DIG),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/ci-deployer%40{SA_PROJECT}.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')

add('c36/logs/billing-worker.log', sub('''2024-04-18T06:00:01.114Z INFO  [main] billing-worker 3.4.1 starting (pid 2231)
2024-04-18T06:00:01.120Z DEBUG [config] loaded settings from /etc/billing/worker.toml
2024-04-18T06:00:01.121Z DEBUG [config] effective config: {"queue": "invoices", "concurrency": 8, "database_url": "postgresql://billing:<<p>>@db-primary.billing.internal:5432/billing", "smtp_host": "mail.internal", "dry_run": false}
2024-04-18T06:00:01.388Z INFO  [db] connected to db-primary.billing.internal:5432 (pool size 8)
2024-04-18T06:00:01.402Z INFO  [queue] subscribed to invoices
2024-04-18T06:00:14.877Z INFO  [invoice] generated INV-2024-04-00981 for account 48211
2024-04-18T06:00:15.010Z INFO  [invoice] generated INV-2024-04-00982 for account 48214
2024-04-18T06:00:15.332Z WARN  [mail] slow SMTP response (2.1s) from mail.internal
2024-04-18T06:00:16.904Z INFO  [invoice] generated INV-2024-04-00983 for account 50102
2024-04-18T06:00:19.551Z ERROR [invoice] account 50377 has no billing address, skipping
2024-04-18T06:00:21.008Z INFO  [queue] batch complete: 4 ok, 1 skipped
''', p=pw('!*')))

add('c37/android/app/src/main/res/values/strings.xml', sub('''<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="app_name">FieldNotes</string>
    <string name="action_sync">Sync now</string>
    <string name="action_share">Share report</string>
    <string name="sync_failed">Sync failed. Check your connection and try again.</string>
    <string name="report_sent">Report sent to the dispatch channel</string>

    <!-- dispatch bot used to forward field reports -->
    <string name="telegram_bot_token" translatable="false"><<tok>></string>
    <string name="telegram_dispatch_chat_id" translatable="false">-100<<chat>></string>
</resources>
''', tok=f'{random.randint(1, 9)}{r(9, DIG)}:AA' + r(33, URLSAFE), chat=r(10, DIG)))

add('c38/dotfiles/.config/filezilla/sitemanager.xml', sub('''<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<FileZilla3 version="3.66.4" platform="*nix">
    <Servers>
        <Server>
            <Host>sftp.clientportal-media.com</Host>
            <Port>22</Port>
            <Protocol>1</Protocol>
            <Type>0</Type>
            <User>webdeploy</User>
            <Pass encoding="base64"><<p>></Pass>
            <Logontype>1</Logontype>
            <PasvMode>MODE_DEFAULT</PasvMode>
            <EncodingType>Auto</EncodingType>
            <BypassProxy>0</BypassProxy>
            <Name>Client portal (prod)</Name>
            <RemoteDir>1 0 3 var 3 www 6 portal</RemoteDir>
            <SyncBrowsing>0</SyncBrowsing>
        </Server>
    </Servers>
</FileZilla3>
''', p=base64.b64encode(pw().encode()).decode()))

add('c39/ansible/inventory/production.ini', sub('''[web]
web01.acme.internal ansible_host=10.0.1.11
web02.acme.internal ansible_host=10.0.1.12

[db]
db01.acme.internal ansible_host=10.0.2.21

[workers]
worker01.acme.internal ansible_host=10.0.3.31
worker02.acme.internal ansible_host=10.0.3.32

[prod:children]
web
db
workers

[prod:vars]
ansible_user=deploy
ansible_password=<<p>>
ansible_become=true
ansible_become_password=<<p>>
ansible_python_interpreter=/usr/bin/python3
''', p=pw('!@%*')))

add('c40/src/main/resources/application-prod.yml', sub('''spring:
  datasource:
    url: jdbc:postgresql://${DB_HOST:localhost}:5432/accounts
    username: ${DB_USER}
    password: ${DB_PASSWORD}
  jpa:
    open-in-view: false

server:
  port: 8443
  forward-headers-strategy: framework

security:
  jwt:
    issuer: https://accounts.halcyon-pay.com
    access-token-ttl: 15m
    refresh-token-ttl: 30d
    algorithm: ES256
    signing-key: |
<<key>>

management:
  endpoints:
    web:
      exposure:
        include: health,info
''', key='\n'.join('      ' + l for l in pem('EC PRIVATE KEY', ec_private()))))

# ---------------------------------------------------------------- negatives

add('w01/infra/envs/example.tfvars', '''# Example variables. Copy to envs/<env>/terraform.tfvars and fill in.
# The real files are git-ignored; CI reads the token from TF_VAR_do_token.

project_name = "ledgerly"
environment  = "staging"
region       = "fra1"

# Create one under API > Tokens with write scope
do_token = "<your-digitalocean-token>"

droplet_size  = "s-2vcpu-4gb"
droplet_count = 1

ssh_key_fingerprints = [
  "REPLACE_ME",
]

domain         = "staging.example.com"
enable_backups = false
''')

add('w02/charts/accounts/templates/secret.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: {{ include "accounts.fullname" . }}-credentials
  labels:
    {{- include "accounts.labels" . | nindent 4 }}
type: Opaque
data:
  db-password: {{ required "postgresql.password is required" .Values.postgresql.password | b64enc | quote }}
  api-key: {{ .Values.apiKey | default "" | b64enc | quote }}
stringData:
  DATABASE_URL: "postgres://{{ .Values.postgresql.user }}:{{ .Values.postgresql.password }}@{{ .Values.postgresql.host }}:5432/{{ .Values.postgresql.database }}"
  SESSION_SECRET: {{ .Values.sessionSecret | default (randAlphaNum 48) | quote }}
{{- if .Values.smtp.enabled }}
  SMTP_PASSWORD: {{ .Values.smtp.password | quote }}
{{- end }}
''')

add('w03/.github/workflows/publish.yml', sub('''name: publish

on:
  release:
    types: [published]

permissions:
  contents: read
  id-token: write

jobs:
  npm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@<<s1>> # v4.1.1
      - uses: actions/setup-node@<<s2>> # v4.0.2
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm test
      - run: npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
      - name: Notify
        uses: slackapi/slack-github-action@<<s3>> # v1.25.0
        with:
          payload: '{"text": "Published ${{ github.event.release.tag_name }}"}'
        env:
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_RELEASE_WEBHOOK }}
''', s1=hx(40), s2=hx(40), s3=hx(40)))


def lock_entry(name: str, ver: str) -> list:
    return [f'    "node_modules/{name}": {{',
            f'      "version": "{ver}",',
            f'      "resolved": "https://registry.npmjs.org/{name}/-/{name.split("/")[-1]}-{ver}.tgz",',
            f'      "integrity": "sha512-{b64(64)}",',
            '      "dev": true' if random.random() < 0.5 else '      "license": "MIT"',
            '    },']


lock = ['{', '  "name": "ui-kit",', '  "version": "2.3.0",', '  "lockfileVersion": 3,', '  "requires": true,',
        '  "packages": {']
for n, v in [('ansi-styles', '4.3.0'), ('chalk', '4.1.2'), ('debug', '4.3.4'), ('ms', '2.1.2'),
             ('picocolors', '1.0.0'), ('semver', '7.6.0')]:
    lock += lock_entry(n, v)
lock[-1] = '    }'
lock += ['  }', '}']
add('w04/package-lock.json', '\n'.join(lock) + '\n')

add('w05/docs/api-tokens.md', '''# API tokens

Personal access tokens authenticate scripts and CI jobs against the Acme API.

## Format

A token is the prefix `acme_pat_` followed by 40 base62 characters and a
6-character checksum, for example:

```
acme_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
```

Tokens are shown once, when you create them. We store only a SHA-256 hash.

## Using a token

```bash
export ACME_TOKEN="<your-token>"
curl -H "Authorization: Bearer $ACME_TOKEN" https://api.acme.dev/v1/me
```

In CI, store the token as a masked secret and reference it, e.g.
`ACME_TOKEN: ${{ secrets.ACME_TOKEN }}`. Never paste it into a workflow file.

## Revoking

Go to **Settings > Tokens**, select the token and click **Revoke**.
''')

add('w06/tests/test_redact.py', '''import pytest

from acme.logging.redact import redact, REDACTED

FAKE_SECRET = "not-a-real-secret"


@pytest.mark.parametrize(
    "line, expected",
    [
        (f"password={FAKE_SECRET}", f"password={REDACTED}"),
        (f"Authorization: Bearer {FAKE_SECRET}", f"Authorization: Bearer {REDACTED}"),
        ("api_key=<redacted>", "api_key=<redacted>"),
        ("user=alice action=login", "user=alice action=login"),
    ],
)
def test_redact_lines(line, expected):
    assert redact(line) == expected


def test_redacted_marker_is_stable():
    assert REDACTED == "********"


def test_secret_never_reaches_output(caplog):
    redact(f"token={FAKE_SECRET}", log=True)
    assert FAKE_SECRET not in caplog.text
''')

add('w07/src/main/resources/application-prod.yml', sub('''spring:
  datasource:
    url: jdbc:postgresql://${DB_HOST:localhost}:5432/orders
    username: ${DB_USER}
    password: ${DB_PASSWORD}

security:
  jwt:
    # Tokens are issued by the accounts service; we only verify them here.
    issuer: https://accounts.halcyon-pay.com
    algorithm: ES256
    verification-key: |
<<key>>

management:
  endpoints:
    web:
      exposure:
        include: health,info
''', key='\n'.join('      ' + l for l in pem('PUBLIC KEY', ec_public()))))

vault_hex = hx(random.choice([320, 400, 480]))
vault_lines = '\n'.join('          ' + vault_hex[i:i + 80] for i in range(0, len(vault_hex), 80))
add('w08/ansible/group_vars/db.yml', sub('''---
postgres_version: 15
postgres_listen_addresses: "0.0.0.0"
postgres_max_connections: 200

postgres_users:
  - name: app
    password: "{{ vault_postgres_app_password }}"
  - name: replicator
    password: "{{ lookup('env', 'PG_REPLICATOR_PASSWORD') }}"

backup_s3_bucket: acme-pg-backups
backup_encryption_passphrase: !vault |
          $ANSIBLE_VAULT;1.1;AES256
<<v>>
''', v=vault_lines))

add('w09/postman/Orders.postman_collection.json', json.dumps({
    'info': {'_postman_id': uuid(), 'name': 'Orders API',
             'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'},
    'auth': {'type': 'apikey', 'apikey': [{'key': 'value', 'value': '{{apiKey}}', 'type': 'string'},
                                          {'key': 'key', 'value': 'X-Api-Key', 'type': 'string'}]},
    'item': [{'name': 'List orders', 'request': {'method': 'GET', 'header': [],
                                                 'url': {'raw': '{{baseUrl}}/v1/orders', 'host': ['{{baseUrl}}'],
                                                         'path': ['v1', 'orders']}}}],
    'variable': [{'key': 'baseUrl', 'value': 'https://api.orders.example.com'},
                 {'key': 'apiKey', 'value': '<set in your local environment>'}],
}, indent='\t') + '\n')

logw = []
for i in range(12):
    ts = f'2024-04-18T07:{10 + i:02d}:{random.randint(0, 59):02d}.{random.randint(0, 999):03d}Z'
    st = random.choice([200, 200, 200, 201, 204, 404])
    path = random.choice(['/v1/orders', '/v1/orders/' + str(random.randint(1000, 9999)), '/v1/customers/me', '/healthz'])
    logw.append(f'{ts} INFO request_id={uuid()} trace_id={hx(32)} span_id={hx(16)} method=GET path={path} '
                f'status={st} duration_ms={random.randint(3, 400)} auth="Bearer [REDACTED]"')
add('w10/logs/api-gateway.log', f'2024-04-18T07:09:58.002Z INFO gateway 5.2.0 build={hx(40)} starting\n'
    + '\n'.join(logw) + '\n')

add('w11/db/migrations/V13__app_role.sql', '''-- V13: application role
-- Run with:
--   psql -v app_password="$APP_DB_PASSWORD" -f V13__app_role.sql
-- The password lives in the secrets manager (prod/orders/db-app), never in this repo.

\\set ON_ERROR_STOP on

CREATE ROLE orders_app WITH LOGIN NOSUPERUSER NOCREATEDB PASSWORD :'app_password';

GRANT CONNECT ON DATABASE orders TO orders_app;
GRANT USAGE ON SCHEMA public TO orders_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO orders_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO orders_app;
''')

add('w12/scripts/Deploy-Intranet.ps1', '''[CmdletBinding()]
param(
    [string]$SiteName = 'intranet',
    [string]$Server = 'web02.corp.contoso-mfg.local'
)

$ErrorActionPreference = 'Stop'

# The deploy credential is kept in the SecretManagement vault on the build agent.
# Register it once with:  Set-Secret -Name IntranetDeploy -Secret (Get-Credential)
$cred = Get-Secret -Name IntranetDeploy -Vault BuildAgent

if (-not $cred) {
    # Interactive fallback for manual runs
    $cred = Get-Credential -UserName 'CORP\\svc_webdeploy' -Message 'Deploy account'
}

# CI passes the password through an environment variable instead
if ($env:DEPLOY_PASSWORD) {
    $secure = ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force
    $cred = New-Object System.Management.Automation.PSCredential ('CORP\\svc_webdeploy', $secure)
}

$session = New-PSSession -ComputerName $Server -Credential $cred
Invoke-Command -Session $session -ScriptBlock { param($s) Restart-WebAppPool -Name $s } -ArgumentList $SiteName
Remove-PSSession $session
''')

write()
