# Usage: python3 set13.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 13 (stop 24): held out. p01-p22 provider tokens in their documented formats, p23-p45
# passwords in app, CI, infra and tool files, n01-n12 credential-looking files with no credential.
import base64, json, os, random, string
from common import A, HEX, add, ck, hx, r, start, write
start()
D, UP, LO = string.digits, string.ascii_uppercase, string.ascii_lowercase
def pw(sym='!*-_@'): return random.choice(['Saffron','otter','Granite','mistral','Pelican','lantern','Quokka','ember'])+r(2,D)+random.choice(sym)+r(4,string.ascii_letters)
def rpw(sym='!*-_'): return r(random.randint(16, 24), A + sym)
def user(): return random.choice(['app','svc_orders','deploy','reporting','etl'])
def b64(n): return base64.b64encode(random.randbytes(n)).decode()
def b64u(n): return base64.urlsafe_b64encode(random.randbytes(n)).decode().rstrip('=')
def uid(): return f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}'
def nz(n): return random.choice('123456789') + r(n - 1, D)
def pem(body): return '\n'.join(body[i:i+64] for i in range(0, len(body), 64))
def ssh_blob(*parts): return base64.b64encode(b''.join(len(p).to_bytes(4, 'big') + p for p in parts)).decode()

# ---- positives: provider tokens ----
add('p01/scripts/sync_reports.py', f'''import boto3

BUCKET = "acme-finance-reports"
REGION = "eu-west-1"

s3 = boto3.client(
    "s3",
    region_name=REGION,
    aws_access_key_id="AKIA{r(16, UP + '234567')}",
    aws_secret_access_key="{r(40, A + '/+')}",
)

for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix="monthly/")["Contents"]:
    s3.download_file(BUCKET, obj["Key"], "/data/reports/" + obj["Key"].split("/")[-1])
''')
add('p02/renovate/config.js', f'''module.exports = {{
  platform: 'github',
  endpoint: 'https://api.github.com/',
  token: '{ck('ghp_')}',
  gitAuthor: 'Renovate Bot <bot@acme.io>',
  onboarding: false,
  repositories: ['acme/storefront', 'acme/billing-api'],
  prHourlyLimit: 4,
}};
''')
add('p03/.config/gh/hosts.yml', f'''github.com:
    user: mkowalski
    oauth_token: {ck('gho_')}
    git_protocol: https
gitlab.corp.acme.io:
    user: mkowalski
    git_protocol: ssh
''')
add('p04/.python-gitlab.cfg', f'''[global]
default = corp
ssl_verify = true
timeout = 10

[corp]
url = https://gitlab.corp.acme.io
private_token = glpat-{r(20, A + '-_')}
api_version = 4
''')
add('p05/bot/config.js', f'''module.exports = {{
  port: process.env.PORT || 3000,
  slack: {{
    botToken: 'xoxb-{nz(12)}-{nz(13)}-{r(24)}',
    defaultChannel: '#deploys',
    iconEmoji: ':rocket:',
  }},
  logLevel: 'info',
}};
''')
add('p06/alertmanager/alertmanager.yml', f'''global:
  resolve_timeout: 5m
  slack_api_url: 'https://hooks.slack.com/services/T{r(8, UP + D)}/B{r(10, UP + D)}/{r(24)}'

route:
  receiver: platform-alerts
  group_by: ['alertname', 'cluster']
  repeat_interval: 4h

receivers:
  - name: platform-alerts
    slack_configs:
      - channel: '#alerts-prod'
        send_resolved: true
''')
add('p07/config/initializers/stripe.rb', f'''Rails.configuration.stripe = {{
  publishable_key: ENV["STRIPE_PUBLISHABLE_KEY"],
  webhook_tolerance: 300
}}

Stripe.api_key = "sk_live_51{r(97)}"
Stripe.max_network_retries = 2
Stripe.open_timeout = 10
''')
add('p08/src/notify/sms.js', f'''const twilio = require('twilio');

const client = twilio('AC{hx(32)}', '{hx(32)}');
const FROM = '+14155550143';

async function sendOtp(to, code) {{
  return client.messages.create({{ from: FROM, to, body: `Your Acme code is ${{code}}` }});
}}

module.exports = {{ sendOtp }};
''')
add('p09/config/packages/mailer.yaml', f'''framework:
    mailer:
        dsn: 'sendgrid+api://SG.{r(22, A + '-_')}.{r(43, A + '-_')}@default'
        envelope:
            sender: 'no-reply@acme.io'
        headers:
            X-Mailer: 'Acme Shop'
''')
add('p10/src/lib/llm.ts', f'''import OpenAI from "openai";

export const openai = new OpenAI({{
  apiKey: "sk-proj-{r(74, A + '-_')}T3BlbkFJ{r(74, A + '-_')}",
  organization: "org-{r(24)}",
  timeout: 30_000,
}});

export const MODEL = "gpt-4o-mini";
''')
add('p11/.continue/config.json', json.dumps({
    'models': [{'title': 'Claude Sonnet', 'provider': 'anthropic', 'model': 'claude-3-5-sonnet-latest',
                'apiKey': f"sk-ant-api03-{r(93, A + '-_')}AA"}],
    'tabAutocompleteModel': {'title': 'Starcoder', 'provider': 'ollama', 'model': 'starcoder2:3b'},
    'allowAnonymousTelemetry': False}, indent=2) + '\n')
add('p12/scripts/finetune.sh', f'''#!/usr/bin/env bash
set -euo pipefail

pip install -q transformers datasets accelerate
huggingface-cli login --token hf_{r(34, string.ascii_letters)}

accelerate launch train.py \\
  --model_name_or_path mistralai/Mistral-7B-v0.1 \\
  --dataset_name acme/support-tickets \\
  --output_dir /mnt/checkpoints/support-v3 \\
  --push_to_hub
''')
add('p13/.databrickscfg', f'''[DEFAULT]
host  = https://adb-{nz(16)}.{random.randint(1, 19)}.azuredatabricks.net
token = dapi{hx(32)}

[staging]
host = https://adb-{nz(16)}.{random.randint(1, 19)}.azuredatabricks.net
auth_type = azure-cli
''')
add('p14/local.settings.json', json.dumps({
    'IsEncrypted': False,
    'Values': {'AzureWebJobsStorage': f'DefaultEndpointsProtocol=https;AccountName=acmefuncstore{r(3, LO + D)};AccountKey={b64(64)};EndpointSuffix=core.windows.net',
               'FUNCTIONS_WORKER_RUNTIME': 'python', 'QUEUE_NAME': 'invoice-jobs'},
    'Host': {'LocalHttpPort': 7071}}, indent=2) + '\n')
_der = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100') + bytes([random.randint(0xc0, 0xff)]) + random.randbytes(1178)
_key = base64.b64encode(_der).decode()
add('p15/deploy/keys/ci-deployer.json', json.dumps({
    'type': 'service_account', 'project_id': 'acme-prod-31', 'private_key_id': hx(40),
    'private_key': '-----BEGIN PRIVATE KEY-----\n' + pem(_key) + '\n-----END PRIVATE KEY-----\n',
    'client_email': 'ci-deployer@acme-prod-31.iam.gserviceaccount.com', 'client_id': nz(21),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth', 'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/ci-deployer%40acme-prod-31.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com'}, indent=2) + '\n')
add('p16/.npmrc', f'''registry=https://registry.npmjs.org/
@acme:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={ck('npm_')}
save-exact=true
engine-strict=true
''')
_mac = b'\x02\x01\x08pypi.org\x02\x24' + uid().encode() + b'\x00\x02\x2a' + b'[1,["version",1]]' + b'\x00\x00\x06\x20' + random.randbytes(32)
add('p17/.pypirc', f'''[distutils]
index-servers =
    pypi
    testpypi

[pypi]
  username = __token__
  password = pypi-{base64.urlsafe_b64encode(_mac).decode().rstrip('=')}

[testpypi]
  repository = https://test.pypi.org/legacy/
  username = __token__
''')
add('p18/.github/workflows/docker-publish.yml', f'''name: docker-publish
on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
        with:
          username: acmebuild
          password: dckr_pat_{r(27, A + '-_')}
      - uses: docker/build-push-action@v5
        with:
          push: true
          tags: acme/storefront:${{{{ github.ref_name }}}}
''')
add('p19/lib/tasks/sync_inventory.rake', f'''namespace :shopify do
  desc "Push warehouse stock levels to Shopify"
  task sync_inventory: :environment do
    session = ShopifyAPI::Auth::Session.new(
      shop: "acme-outdoor.myshopify.com",
      access_token: "shpat_{hx(32)}"
    )
    client = ShopifyAPI::Clients::Graphql::Admin.new(session: session)
    InventorySync.new(client, location_id: 71_834_501).run
  end
end
''')
add('p20/infra/terraform.tfvars', f'''region        = "fra1"
cluster_name  = "acme-prod"
node_size     = "s-4vcpu-8gb"
node_count    = 3
do_token      = "dop_v1_{hx(64)}"
enable_backups = true
''')
add('p21/.envrc', f'''export VAULT_ADDR=https://vault.corp.acme.io:8200
export VAULT_NAMESPACE=platform
export VAULT_TOKEN=hvs.{r(24)}
export AWS_REGION=eu-central-1
layout python3
''')
add('p22/.terraform.d/credentials.tfrc.json', json.dumps({'credentials': {'app.terraform.io': {'token': f'{r(14)}.atlasv1.{r(67)}'}}}, indent=2) + '\n')

# ---- positives: passwords and generic secrets ----
add('p23/src/main/resources/application.yml', f'''server:
  port: 8080
spring:
  application:
    name: order-service
  datasource:
    url: jdbc:postgresql://orders-db.internal:5432/orders
    username: {user()}
    password: "{pw()}"
    hikari:
      maximum-pool-size: 20
  jpa:
    hibernate:
      ddl-auto: validate
''')
add('p24/appsettings.json', json.dumps({
    'Logging': {'LogLevel': {'Default': 'Information', 'Microsoft.AspNetCore': 'Warning'}},
    'AllowedHosts': '*',
    'ConnectionStrings': {'DefaultConnection': f'Server=sql-prod-02.acme.local;Database=Billing;User Id={user()};Password={rpw()};TrustServerCertificate=True;'},
    'FeatureFlags': {'NewInvoiceLayout': True}}, indent=2) + '\n')
add('p25/wp-config.php', f'''<?php
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_acmeblog' );
define( 'DB_USER', 'wp_acmeblog' );
define( 'DB_PASSWORD', '{pw()}' );
define( 'DB_HOST', 'mysql-01.internal' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
''')
add('p26/logs/app.log', f'''2024-05-14 09:12:03,114 INFO  [worker-3] sync.jobs - starting partner sync batch=412
2024-05-14 09:12:03,190 DEBUG [worker-3] urllib3.connectionpool - Starting new HTTPS connection (1): api.partner-hub.net:443
2024-05-14 09:12:03,191 DEBUG [worker-3] sync.client - request headers: {{'User-Agent': 'acme-sync/2.4', 'Accept': 'application/json', 'Authorization': 'Bearer {r(40, A + '-_')}'}}
2024-05-14 09:12:03,412 DEBUG [worker-3] urllib3.connectionpool - https://api.partner-hub.net:443 "GET /v2/orders?since=2024-05-13 HTTP/1.1" 200 18231
2024-05-14 09:12:03,455 INFO  [worker-3] sync.jobs - fetched 87 orders
''')
add('p27/backend/settings.py', f'''DEBUG = False
ALLOWED_HOSTS = ["shop.acme.io"]

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "{user()}",
        "PASSWORD": "{rpw()}",
        "HOST": "pg-primary.internal",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }}
}}
''')
add('p28/config/database.yml', f'''default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") {{ 5 }} %>

development:
  <<: *default
  database: helpdesk_development

production:
  <<: *default
  database: helpdesk_production
  username: helpdesk
  password: {pw('!*-_')}
  host: db-prod.internal
''')
add('p29/celeryconfig.py', f'''broker_url = "amqp://{user()}:{pw('-_.')}@rabbitmq.internal:5672/etl"
result_backend = "rpc://"
task_serializer = "json"
accept_content = ["json"]
timezone = "Europe/Berlin"
worker_prefetch_multiplier = 1
task_acks_late = True
''')
add('p30/db/liquibase.properties', f'''changeLogFile=db/changelog/db.changelog-master.yaml
url=jdbc:mysql://mysql-reporting.internal:3306/reporting?useSSL=true&user={user()}&password={pw('-_.')}
driver=com.mysql.cj.jdbc.Driver
logLevel=info
liquibase.hub.mode=off
''')
add('p31/internal/store/mongo.go', f'''package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const mongoURI = "mongodb+srv://{user()}:{rpw('-_')}@cluster0.{r(5, LO + D)}.mongodb.net/catalog?retryWrites=true&w=majority"

func Connect(ctx context.Context) (*mongo.Client, error) {{
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return mongo.Connect(ctx, options.Client().ApplyURI(mongoURI))
}}
''')
add('p32/config/client.properties', f'''bootstrap.servers=pkc-{r(5, LO + D)}.eu-west-1.aws.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="{r(16, UP + D)}" password="{r(64, A + '+/')}";
client.dns.lookup=use_all_dns_ips
session.timeout.ms=45000
acks=all
''')
add('p33/redis/redis.conf', f'''bind 0.0.0.0
port 6379
protected-mode yes
tcp-keepalive 300
maxmemory 2gb
maxmemory-policy allkeys-lru
requirepass {rpw('-_')}
appendonly yes
appendfsync everysec
''')
add('p34/haproxy/haproxy.cfg', f'''global
    log /dev/log local0
    maxconn 4096

listen stats
    bind *:8404
    mode http
    stats enable
    stats uri /stats
    stats refresh 10s
    stats auth admin:{pw('!*-_')}

frontend www
    bind *:80
    default_backend app
''')
_basic = base64.b64encode(f'{user()}:{pw()}'.encode()).decode()
add('p35/nginx/conf.d/legacy-api.conf', f'''upstream legacy_api {{
    server 10.20.4.17:8080;
    keepalive 16;
}}

server {{
    listen 443 ssl;
    server_name api.acme.io;

    location /legacy/ {{
        proxy_pass http://legacy_api/;
        proxy_set_header Authorization "Basic {_basic}";
        proxy_set_header Host $host;
    }}
}}
''')
add('p36/etc/systemd/system/report-worker.service', f'''[Unit]
Description=Acme report worker
After=network-online.target

[Service]
User=reports
WorkingDirectory=/opt/report-worker
Environment="SMTP_HOST=smtp.acme.io" "SMTP_USER=reports@acme.io"
Environment="SMTP_PASS={pw()}"
ExecStart=/opt/report-worker/venv/bin/python -m worker
Restart=on-failure

[Install]
WantedBy=multi-user.target
''')
add('p37/etc/cron.d/pg-backup', f'''SHELL=/bin/bash
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MAILTO=ops@acme.io

# nightly dump of the billing database
30 2 * * * postgres PGPASSWORD='{pw('!*-_@')}' pg_dump -h pg-primary.internal -U backup billing | gzip > /var/backups/billing-$(date +\\%F).sql.gz
0 4 * * 0 root find /var/backups -name '*.sql.gz' -mtime +14 -delete
''')
add('p38/Dockerfile', f'''FROM rabbitmq:3.13-management

ENV RABBITMQ_DEFAULT_USER=orders
ENV RABBITMQ_DEFAULT_PASS={pw()}
ENV RABBITMQ_DEFAULT_VHOST=orders

COPY rabbitmq.conf /etc/rabbitmq/rabbitmq.conf
COPY definitions.json /etc/rabbitmq/definitions.json

EXPOSE 5672 15672
''')
add('p39/.github/workflows/deploy.yml', f'''name: deploy
on:
  push:
    branches: [main]
env:
  REGISTRY: registry.corp.acme.io
  REGISTRY_USER: ci-pusher
  REGISTRY_PASSWORD: {rpw('-_')}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "$REGISTRY_PASSWORD" | docker login "$REGISTRY" -u "$REGISTRY_USER" --password-stdin
      - run: docker build -t "$REGISTRY/web:${{{{ github.sha }}}}" . && docker push "$REGISTRY/web:${{{{ github.sha }}}}"
''')
add('p40/Jenkinsfile', f'''pipeline {{
    agent {{ label 'maven' }}
    environment {{
        NEXUS_URL  = 'https://nexus.corp.acme.io/repository/maven-releases/'
        NEXUS_USER = 'jenkins-deployer'
        NEXUS_PASS = '{pw('!*-_@')}'
    }}
    stages {{
        stage('Build') {{
            steps {{ sh 'mvn -B clean verify' }}
        }}
        stage('Publish') {{
            steps {{ sh 'mvn -B deploy -DaltDeploymentRepository=nexus::default::$NEXUS_URL -Dnexus.user=$NEXUS_USER -Dnexus.password=$NEXUS_PASS' }}
        }}
    }}
}}
''')
add('p41/inventory/production.ini', f'''[web]
web01 ansible_host=10.10.1.21
web02 ansible_host=10.10.1.22

[db]
db01 ansible_host=10.10.2.11

[all:vars]
ansible_user=deploy
ansible_password={pw('!*-_@')}
ansible_python_interpreter=/usr/bin/python3
''')
add('p42/charts/keycloak/values-prod.yaml', f'''replicaCount: 2
image:
  repository: quay.io/keycloak/keycloak
  tag: "24.0.4"
ingress:
  enabled: true
  hostname: sso.acme.io
auth:
  adminUser: admin
  adminPassword: "{rpw()}"
postgresql:
  enabled: false
resources:
  limits:
    memory: 1Gi
''')
add('p43/terraform/main.tf', f'''terraform {{
  required_providers {{
    postgresql = {{
      source  = "cyrilgdn/postgresql"
      version = "~> 1.22"
    }}
  }}
}}

provider "postgresql" {{
  host     = "pg-analytics.internal"
  port     = 5432
  username = "tf_admin"
  password = "{pw()}"
  sslmode  = "require"
}}

resource "postgresql_database" "metrics" {{
  name = "metrics"
}}
''')
add('p44/notebooks/churn_analysis.ipynb', json.dumps({
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Churn analysis Q2\n', 'Pull active subscriptions from Snowflake.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [], 'source': [
            'import snowflake.connector\n', 'import pandas as pd\n', '\n',
            'conn = snowflake.connector.connect(\n', f'    user="{random.choice(["mhartmann", "jlee", "asantos"])}",\n',
            f'    password="{pw()}",\n', '    account="acme-eu1",\n', '    warehouse="ANALYST_WH",\n', '    database="SUBSCRIPTIONS",\n', ')']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [], 'source': [
            'df = pd.read_sql("select * from active_subs where plan <> \'free\'", conn)\n', 'df.head()']}],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.4'}},
    'nbformat': 4, 'nbformat_minor': 5}, indent=1) + '\n')
_t = random.randint(1_700_000_000, 1_720_000_000)
_hist = ['cd ~/src/billing-api', 'git pull --rebase', 'docker compose up -d db',
         f"mysql -h mysql-prod.internal -u {user()} -p'{pw()}' billing",
         'kubectl -n billing get pods', 'vim config/app.yaml', 'make test']
add('p45/.zsh_history', ''.join(f': {_t + 17 * i}:0;{c}\n' for i, c in enumerate(_hist)))

# ---- negatives: no credential ----
add('n01/.env.example', '''# Copy to .env and fill in real values
APP_ENV=local
APP_URL=http://localhost:8000
DB_HOST=127.0.0.1
DB_USER=app
DB_PASSWORD=changeme
STRIPE_SECRET_KEY=<your-stripe-secret-key>
SENDGRID_API_KEY=REPLACE_ME
''')
add('n02/docker-compose.yml', '''services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: ${POSTGRES_USER:-app}
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
  api:
    build: .
    environment:
      DATABASE_URL: postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app
secrets:
  db_password:
    file: ./secrets/db_password.txt
''')
add('n03/.github/workflows/release.yml', '''name: release
on:
  release:
    types: [published]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
''')
add('n04/config/settings.py', '''import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "app"),
        "USER": os.environ.get("DB_USER", "app"),
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": os.environ.get("DB_HOST", "localhost"),
    }
}
''')
add('n05/config/security.yml', '''password_policy:
  password_min_length: 12
  password_max_length: 128
  require_uppercase: true
  require_digit: true
  require_symbol: true
  password_history: 5
  password_max_age_days: 90
lockout:
  max_failed_attempts: 5
  lockout_minutes: 15
session:
  token_ttl_seconds: 3600
''')
add('n06/templates/account/login.html', '''<form method="post" action="/login" class="login-form">
  {% csrf_token %}
  <label for="username">Email</label>
  <input type="email" name="username" id="username" autocomplete="username" required>
  <label for="password">Password</label>
  <input type="password" name="password" id="password" autocomplete="current-password" minlength="12" required>
  <a href="/password/reset">Forgot password?</a>
  <button type="submit">Sign in</button>
</form>
''')
_log = []
for i in range(6):
    ev = random.choice(['auth: access token refreshed expires_in=3600', 'GET /api/v1/orders 200', 'POST /api/v1/session 201',
                        'auth: token validated', 'GET /api/v1/invoices/{} 200'.format(random.randint(10000, 99999))])
    _log.append(f'2024-06-02T11:{14 + i:02d}:{random.randint(0, 59):02d}.{random.randint(0, 999):03d}Z INFO {ev} request_id={uid()} trace_id={hx(32)} span_id={hx(16)} user_id={random.randint(1000, 99999)}')
add('n07/logs/api.log', '\n'.join(_log) + '\n')
add('n08/CHANGELOG.md', f'''# Changelog

## 2.8.0 - 2024-06-11
- Rotate session tokens on password change ({hx(7)})
- Add `password_min_length` setting ([{hx(7)}](https://github.com/acme/auth-service/commit/{hx(40)}))
- Fix token expiry off-by-one ([{hx(7)}](https://github.com/acme/auth-service/commit/{hx(40)}))

## 2.7.2 - 2024-05-20
- Reverted {hx(40)} (broke SSO login)
''')
_rsa = ssh_blob(b'ssh-rsa', b'\x01\x00\x01', b'\x00' + bytes([random.randint(0xc0, 0xff)]) + random.randbytes(383))
_ed = ssh_blob(b'ssh-ed25519', random.randbytes(32))
add('n09/.ssh/authorized_keys', f'''ssh-rsa {_rsa} deploy@ci-runner-01
ssh-ed25519 {_ed} mkowalski@laptop
''')
_cert = base64.b64encode(b'\x30\x82\x03\x5a\x30\x82\x02\x42\xa0\x03\x02\x01\x02\x02\x14' + random.randbytes(847)).decode()
add('n10/certs/acme-root-ca.crt', f'-----BEGIN CERTIFICATE-----\n{pem(_cert)}\n-----END CERTIFICATE-----\n')
add('n11/src/auth/jwt.config.ts', '''export const jwtConfig = {
  algorithm: "RS256" as const,
  issuer: "https://sso.acme.io/realms/main",
  audience: "orders-api",
  jwksUri: "https://sso.acme.io/realms/main/protocol/openid-connect/certs",
  accessTokenTtl: "15m",
  refreshTokenTtl: "7d",
  clockToleranceSeconds: 30,
};
''')
add('n12/docs/authentication.md', '''# Authenticating to the API

Every request needs a personal access token. Create one under **Settings > API tokens**;
tokens start with `acme_pat_` and are shown only once, so store it in your password manager.

Send it in the header:

    Authorization: Bearer <token>

Never commit a token. If one leaks, revoke it on the same page and create a new one.
Tokens expire after 90 days; a 401 with `token_expired` means you need a new one.
''')
write()
