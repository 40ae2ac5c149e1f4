# Usage: python3 set14.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 14 (stop 24): held out. h01-h21 provider tokens in documented formats, h22-h40 passwords and
# generic secrets in per-tool files, m01-m12 credential-looking negatives (references, placeholders, hashes, public keys).
import base64, json, os, random, string
from common import A, HEX, add, ck, hx, r, start, write
start()

UP = string.ascii_uppercase
DIG = string.digits
URLSAFE = A + '-_'
WORDS = ['Copper', 'harbor', 'Juniper', 'falcon', 'Marigold', 'tundra', 'Saffron', 'pelican', 'Granite', 'violet',
         'Breeze', 'cobalt', 'Maple', 'orchid', 'Thunder', 'lantern', 'Walnut', 'meadow', 'Sparrow', 'quartz',
         'Cinder', 'willow', 'Atlas', 'ember', 'Nimbus', 'pepper', 'Raven', 'summit', 'Kestrel', 'biscuit']
PHRASE = ['river', 'candle', 'orbit', 'monkey', 'velvet', 'trumpet', 'glacier', 'pickle', 'lemon', 'shadow',
          'rocket', 'forest', 'cactus', 'puzzle', 'harvest', 'comet', 'saddle', 'tangerine', 'anchor', 'mosaic',
          'blanket', 'pretzel', 'compass', 'dolphin', 'umbrella', 'volcano', 'spinach', 'cobbler', 'ladder', 'walrus']


def pw(sym: str = '!*-_.+=~^') -> str:
    """A human-chosen password: word+digits+symbol+letters, a 3-word passphrase, or 12-24 random characters.
    `sym` limits the symbols to what the surrounding syntax (URL, DSN, .pgpass, connection string) allows."""
    k = random.random()
    if k < 0.45:
        w = random.choice(WORDS)
        parts = [w, r(random.randint(2, 4), DIG), random.choice(sym), r(random.randint(3, 5), string.ascii_letters)]
        if random.random() < 0.3:
            parts = [parts[0], parts[2], parts[1], parts[3]]
        return ''.join(parts)
    if k < 0.75:
        ws = random.sample(PHRASE, 3)
        if random.random() < 0.5:
            ws = [w.capitalize() for w in ws]
        s = random.choice([c for c in '-._+' if c in sym] or ['-']).join(ws)
        return s + (r(random.randint(1, 3), DIG) if random.random() < 0.6 else '')
    n = random.randint(12, 24)
    al = A + sym
    s = r(n, al)
    while not any(c in sym for c in s) or not any(c in DIG for c in s):
        s = r(n, al)
    return s


def rb(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n: int) -> str:
    return base64.b64encode(rb(n)).decode()


def uuid4() -> str:
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


def T(s: str, **kw) -> str:
    """Fills <<name>> slots (keeps braces in JS/Go/JSON templates literal)."""
    for k, v in kw.items():
        s = s.replace(f'<<{k}>>', str(v))
    return s


# ---------------------------------------------------------------- provider tokens (documented formats)
add('h01/infra/prod/terraform.tfvars', T('''region         = "eu-west-1"
environment    = "production"
instance_type  = "t3.medium"
aws_access_key = "<<ak>>"
aws_secret_key = "<<sk>>"
vpc_cidr       = "10.20.0.0/16"

tags = {
  team  = "platform"
  owner = "infra@northwind-labs.io"
}
''', ak='AKIA' + r(16, UP + '234567'), sk=r(40, A + '/+')))

add('h02/.bash_history', T('''cd ~/src/billing-api
git status
git remote -v
git remote set-url origin https://mkowalski:<<tok>>@github.com/northwind-labs/billing-api.git
git push origin main
docker compose up -d
ls -la
''', tok=ck('ghp_')))

add('h03/.gitlab-ci.yml', T('''stages:
  - build
  - release

variables:
  DOCKER_DRIVER: overlay2
  GITLAB_API_TOKEN: "<<tok>>"

release:
  stage: release
  image: registry.gitlab.com/gitlab-org/release-cli:latest
  script:
    - 'curl --header "PRIVATE-TOKEN: $GITLAB_API_TOKEN" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/releases"'
  rules:
    - if: $CI_COMMIT_TAG
''', tok='glpat-' + r(20, URLSAFE)))

add('h04/scripts/notify_deploy.py', T('''import sys

from slack_sdk import WebClient

client = WebClient(token="<<tok>>")


def main():
    env = sys.argv[1] if len(sys.argv) > 1 else "staging"
    client.chat_postMessage(channel="#deploys", text=f"Deploy to {env} finished :rocket:")


if __name__ == "__main__":
    main()
''', tok=f'xoxb-{random.randint(10**11, 10**12 - 1)}-{random.randint(10**12, 10**13 - 1)}-{r(24)}'))

add('h05/config/initializers/stripe.rb', T('''require "stripe"

Stripe.api_key = "<<tok>>"
Stripe.api_version = "2023-10-16"
Stripe.max_network_retries = 2

Rails.configuration.stripe = {
  publishable_key: ENV["STRIPE_PUBLISHABLE_KEY"],
  webhook_tolerance: 300
}
''', tok='sk_live_51' + r(97)))

add('h06/appsettings.Production.json', T('''{
  "Logging": {
    "LogLevel": { "Default": "Warning", "Microsoft.AspNetCore": "Warning" }
  },
  "AllowedHosts": "*",
  "SendGrid": {
    "ApiKey": "<<tok>>",
    "FromAddress": "no-reply@tidewater-clinic.com",
    "FromName": "Tidewater Clinic"
  }
}
''', tok=f'SG.{r(22, URLSAFE)}.{r(43, URLSAFE)}'))

add('h07/.npmrc', T('''registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=<<tok>>
save-exact=true
engine-strict=true
fund=false
''', tok=ck('npm_')))

add('h08/.pypirc', T('''[distutils]
index-servers =
    pypi
    testpypi

[pypi]
username = __token__
password = <<tok>>

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
''', tok='pypi-AgEIcHlwaS5vcmcCJ' + r(156, URLSAFE)))

add('h09/internal/notify/sms.go', T('''package notify

import (
	"github.com/twilio/twilio-go"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

const (
	accountSID = "<<sid>>"
	authToken  = "<<tok>>"
	fromNumber = "+14155550123"
)

func SendSMS(to, body string) error {
	client := twilio.NewRestClientWithParams(twilio.ClientParams{Username: accountSID, Password: authToken})
	params := &openapi.CreateMessageParams{}
	params.SetTo(to)
	params.SetFrom(fromNumber)
	params.SetBody(body)
	_, err := client.Api.CreateMessage(params)
	return err
}
''', sid='AC' + hx(32), tok=hx(32)))

add('h10/scripts/summarize.ts', T('''import OpenAI from "openai";
import { readFileSync } from "node:fs";

const client = new OpenAI({
  apiKey: "<<tok>>",
});

export async function summarize(path: string): Promise<string> {
  const text = readFileSync(path, "utf8");
  const res = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Summarize in 5 bullets:\\n\\n${text}` }],
  });
  return res.choices[0].message.content ?? "";
}
''', tok='sk-' + r(20) + 'T3BlbkFJ' + r(20)))

add('h11/.env.local', T('''NEXT_PUBLIC_APP_URL=http://localhost:3000
NEXT_PUBLIC_POSTHOG_HOST=https://eu.posthog.com
ANTHROPIC_API_KEY=<<tok>>
ANTHROPIC_MODEL=claude-3-5-sonnet-latest
MAX_OUTPUT_TOKENS=1024
LOG_LEVEL=debug
''', tok='sk-ant-api03-' + r(93, URLSAFE) + 'AA'))

add('h12/etc/datadog-agent/datadog.yaml', T('''## Datadog Agent main configuration
api_key: <<tok>>
site: datadoghq.eu
hostname: web-03.prod.storefront
tags:
  - env:prod
  - service:storefront
logs_enabled: true
apm_config:
  enabled: true
process_config:
  process_collection:
    enabled: false
''', tok=hx(32)))

add('h13/local.settings.json', T('''{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=stinvoiceprod01;AccountKey=<<key>>;EndpointSuffix=core.windows.net",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "InvoiceQueueName": "invoices-inbound",
    "WEBSITE_TIME_ZONE": "W. Europe Standard Time"
  }
}
''', key=b64(64)))

add('h14/src/main/resources/application.properties', T('''spring.application.name=media-service
server.port=8080
spring.servlet.multipart.max-file-size=50MB
alibaba.cloud.access-key=<<ak>>
alibaba.cloud.secret-key=<<sk>>
alibaba.cloud.oss.endpoint=oss-cn-hangzhou.aliyuncs.com
alibaba.cloud.oss.bucket=media-prod-assets
management.endpoints.web.exposure.include=health,info
''', ak='LTAI5t' + r(18), sk=r(30)))

add('h15/bot/config.toml', T('''[bot]
token = "<<tok>>"
admin_chat_id = -100<<chat>>
parse_mode = "HTML"

[schedule]
digest_hour = 9
timezone = "Europe/Berlin"

[storage]
path = "data/bot.sqlite3"
''', tok=f'{random.randint(10**9, 7 * 10**9)}:AA{r(33, URLSAFE)}', chat=r(10, DIG)))

snow = str(random.randint(10**18, 13 * 10**17 + 10**18))
add('h16/docker-compose.yml', T('''services:
  bot:
    build: .
    restart: unless-stopped
    environment:
      DISCORD_TOKEN: "<<tok>>"
      COMMAND_PREFIX: "!"
      LOG_LEVEL: info
    volumes:
      - ./data:/app/data
''', tok=base64.b64encode(snow.encode()).decode().rstrip('=') + '.' + r(6, URLSAFE) + '.' + r(38, URLSAFE)))

add('h17/scripts/sync_products.rb', T('''require "net/http"
require "json"

SHOP = "lumen-outdoor.myshopify.com"
TOKEN = "<<tok>>"

uri = URI("https://#{SHOP}/admin/api/2024-01/products.json?limit=250")
req = Net::HTTP::Get.new(uri)
req["X-Shopify-Access-Token"] = TOKEN
res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
products = JSON.parse(res.body)["products"]
puts "fetched #{products.size} products"
''', tok='shpat_' + hx(32)))

add('h18/.terraform.d/credentials.tfrc.json', T('''{
  "credentials": {
    "app.terraform.io": {
      "token": "<<tok>>"
    }
  }
}
''', tok=r(14) + '.atlasv1.' + r(67, URLSAFE)))

add('h19/index.js', T('''const algoliasearch = require('algoliasearch');
const products = require('./data/products.json');

const ALGOLIA_APP_ID = '<<app>>';
const ALGOLIA_ADMIN_KEY = '<<key>>';

const client = algoliasearch(ALGOLIA_APP_ID, ALGOLIA_ADMIN_KEY);
const index = client.initIndex('prod_products');

index
  .saveObjects(products, { autoGenerateObjectIDIfNotExist: true })
  .then(({ objectIDs }) => console.log(`indexed ${objectIDs.length} records`))
  .catch(console.error);
''', app=r(10, UP + DIG), key=hx(32)))

add('h20/Makefile', T('''.PHONY: setup download train

MODEL ?= meta-llama/Llama-3.1-8B-Instruct

setup:
\tpip install -r requirements.txt
\thuggingface-cli login --token <<tok>>

download:
\thuggingface-cli download $(MODEL) --local-dir models/base

train:
\tpython train.py --model models/base --out runs/$(shell date +%F)
''', tok='hf_' + r(34, string.ascii_letters)))

add('h21/scripts/nr_alert_policies.sh', T('''#!/usr/bin/env bash
set -euo pipefail

NR_ACCOUNT_ID=<<acct>>

curl -s https://api.newrelic.com/graphql \\
  -H 'Content-Type: application/json' \\
  -H 'API-Key: <<tok>>' \\
  -d "{\\"query\\": \\"{ actor { account(id: ${NR_ACCOUNT_ID}) { alerts { policiesSearch { policies { id name } } } } } }\\"}" \\
  | jq '.data.actor.account.alerts.policiesSearch.policies'
''', acct=random.randint(10**6, 9 * 10**6), tok='NRAK-' + r(27, UP + DIG)))

# ---------------------------------------------------------------- passwords and generic secrets
add('h22/src/main/java/com/acme/reports/ReportJob.java', T('''package com.acme.reports;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public class ReportJob {
    private static final String URL = "jdbc:postgresql://reporting-db.internal:5432/warehouse";

    public static Connection open() throws SQLException {
        return DriverManager.getConnection(URL, "report_ro", "<<pw>>");
    }
}
''', pw=pw()))

add('h23/etl/load_daily.py', T('''import psycopg2

conn = psycopg2.connect(
    host="pg-analytics.internal",
    dbname="analytics",
    user="etl_loader",
    password="<<pw>>",
    port=5432,
)

with conn, conn.cursor() as cur, open("daily.csv") as f:
    cur.copy_expert("COPY staging.daily_orders FROM STDIN WITH CSV HEADER", f)
''', pw=pw()))

add('h24/src/db.js', T('''const { Pool } = require('pg');

const pool = new Pool({
  host: 'orders-db.prod.internal',
  port: 5432,
  user: 'orders_api',
  password: '<<pw>>',
  database: 'orders',
  max: 20,
  idleTimeoutMillis: 30000,
});

module.exports = pool;
''', pw=pw()))

add('h25/cmd/server/main.go', T('''package main

import (
	"database/sql"
	"log"

	_ "github.com/go-sql-driver/mysql"
)

func main() {
	db, err := sql.Open("mysql", "inventory:<<pw>>@tcp(mysql.internal:3306)/inventory?parseTime=true")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
}
''', pw=pw('!*-_.~')))

add('h26/Program.cs', T('''using Microsoft.Data.SqlClient;

var connectionString = "Server=sql-prod-01.corp.local;Database=Payroll;User Id=payroll_app;Password=<<pw>>;TrustServerCertificate=True";

using var conn = new SqlConnection(connectionString);
conn.Open();
using var cmd = new SqlCommand("SELECT COUNT(*) FROM dbo.Employees WHERE Active = 1", conn);
Console.WriteLine($"Active employees: {cmd.ExecuteScalar()}");
''', pw=pw()))

add('h27/deploy.ps1', T('''param([string]$Server = "app-vm-02.corp.local")

$user = "CORP\\svc_deploy"
$secure = ConvertTo-SecureString "<<pw>>" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $secure)

Invoke-Command -ComputerName $Server -Credential $cred -ScriptBlock {
    Stop-Service -Name "AcmeWorker"
    Copy-Item "\\\\fs01\\drops\\worker\\*" "C:\\Services\\Worker" -Recurse -Force
    Start-Service -Name "AcmeWorker"
}
''', pw=pw()))

add('h28/.m2/settings.xml', T('''<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>ci-publisher</username>
      <password><<pw>></password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.acme-freight.com/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
''', pw=pw()))

add('h29/.config/pip/pip.conf', T('''[global]
index-url = https://build-bot:<<pw>>@artifacts.acme-freight.com/api/pypi/pypi-virtual/simple
trusted-host = artifacts.acme-freight.com
timeout = 60
disable-pip-version-check = true
''', pw=pw('!*-_.~')))

add('h30/.pgpass', T('''# hostname:port:database:username:password
db-primary.prod.internal:5432:billing:billing_admin:<<pw>>
''', pw=pw('!*-_.+=~^')))

add('h31/.my.cnf', T('''[client]
user=backup
password="<<pw>>"
host=mysql-primary.internal

[mysqldump]
single-transaction
quick
max_allowed_packet=512M
''', pw=pw()))

add('h32/.smbcredentials', T('''username=jdoe
password=<<pw>>
domain=CORP
''', pw=pw()))

add('h33/inventory/group_vars/webservers.yml', T('''---
ansible_user: deploy
ansible_ssh_pass: "<<pw>>"
ansible_become: true
nginx_worker_processes: auto
app_release: "2.14.3"
app_port: 8080
''', pw=pw()))

add('h34/k8s/secret.yaml', T('''apiVersion: v1
kind: Secret
metadata:
  name: ledger-db
  namespace: finance
type: Opaque
stringData:
  DB_HOST: ledger-db.finance.svc.cluster.local
  DB_USER: ledger
  DB_PASSWORD: "<<pw>>"
''', pw=pw()))

add('h35/helm/mongodb/values-prod.yaml', T('''architecture: replicaset
replicaCount: 3
auth:
  enabled: true
  rootUser: root
  rootPassword: "<<pw>>"
persistence:
  size: 100Gi
  storageClass: gp3
metrics:
  enabled: true
''', pw=pw()))

add('h36/infra/keycloak/.env', T('''KC_DB=postgres
KC_DB_URL=jdbc:postgresql://keycloak-db:5432/keycloak
KC_HOSTNAME=sso.acme-freight.com
KC_PROXY=edge
KEYCLOAK_ADMIN=admin
KEYCLOAK_ADMIN_PASSWORD=<<pw>>
''', pw=pw()))

add('h37/rabbitmq/rabbitmq.conf', T('''listeners.tcp.default = 5672
management.tcp.port = 15672
default_vhost = /
default_user = orders
default_pass = <<pw>>
loopback_users.guest = false
vm_memory_high_watermark.relative = 0.6
''', pw=pw()))

add('h38/jenkins/casc/jenkins.yaml', T('''jenkins:
  systemMessage: "Build farm - managed by JCasC"
  numExecutors: 0
credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: "nexus-deployer"
              username: "deployer"
              password: "<<pw>>"
              description: "Nexus upload"
''', pw=pw()))

add('h39/app/__init__.py', T('''from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "<<key>>"
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
    db.init_app(app)
    from .views import bp
    app.register_blueprint(bp)
    return app
''', key=hx(48)))

add('h40/server.js', T('''const express = require('express');
const crypto = require('crypto');

const app = express();
const WEBHOOK_SECRET = '<<key>>';

app.post('/hooks/github', express.raw({ type: 'application/json' }), (req, res) => {
  const sig = 'sha256=' + crypto.createHmac('sha256', WEBHOOK_SECRET).update(req.body).digest('hex');
  const got = req.get('X-Hub-Signature-256') || '';
  if (sig.length !== got.length || !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(got))) {
    return res.sendStatus(401);
  }
  res.sendStatus(204);
});

app.listen(3000);
''', key=r(32)))

# ---------------------------------------------------------------- negatives
add('m01/.github/workflows/deploy.yml', T('''name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@<<sha1>> # v4.1.1
      - uses: aws-actions/configure-aws-credentials@<<sha2>> # v4.0.2
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
      - run: ./scripts/deploy.sh
        env:
          DB_PASSWORD: ${{ secrets.DB_PASSWORD }}
''', sha1=hx(40), sha2=hx(40)))

lock = {'name': 'web', 'version': '1.4.0', 'lockfileVersion': 3, 'requires': True, 'packages': {
    '': {'name': 'web', 'version': '1.4.0', 'dependencies': {'debug': '^4.3.4'}},
    'node_modules/debug': {'version': '4.3.4', 'resolved': 'https://registry.npmjs.org/debug/-/debug-4.3.4.tgz',
                           'integrity': 'sha512-' + b64(64), 'dependencies': {'ms': '2.1.2'}},
    'node_modules/ms': {'version': '2.1.2', 'resolved': 'https://registry.npmjs.org/ms/-/ms-2.1.2.tgz',
                        'integrity': 'sha512-' + b64(64)}}}
add('m02/package-lock.json', json.dumps(lock, indent=2) + '\n')

add('m03/.env.example', '''# Copy to .env and fill in real values. Never commit .env.
APP_ENV=development
DATABASE_URL=postgres://<user>:<password>@localhost:5432/app_dev
STRIPE_SECRET_KEY=your_stripe_secret_key_here
OPENAI_API_KEY=
SESSION_SECRET=changeme
SMTP_PASSWORD=********
''')

add('m04/config/database.yml', '''default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

production:
  <<: *default
  database: shop_production
  username: shop
  password: <%= ENV["SHOP_DATABASE_PASSWORD"] %>
  host: <%= ENV["DATABASE_HOST"] %>
''')

add('m05/charts/api/templates/secret.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
type: Opaque
data:
  DB_PASSWORD: {{ .Values.postgresql.auth.password | b64enc | quote }}
  JWT_SECRET: {{ required "jwtSecret is required" .Values.jwtSecret | b64enc | quote }}
''')

add('m06/src/config.ts', '''export const config = {
  port: Number(process.env.PORT ?? 3000),
  databaseUrl: process.env.DATABASE_URL!,
  stripeSecretKey: process.env.STRIPE_SECRET_KEY ?? "",
  sessionSecret: process.env.SESSION_SECRET,
  githubToken: process.env.GITHUB_TOKEN,
  redisPassword: process.env.REDIS_PASSWORD || undefined,
};
''')


def ed25519_pub(comment: str) -> str:
    blob = b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rb(32)
    return f'ssh-ed25519 {base64.b64encode(blob).decode()} {comment}'


add('m07/deploy/authorized_keys', ed25519_pub('deploy@ci-runner-02') + '\n' + ed25519_pub('alice@mbp-alice') + '\n')

der = bytes.fromhex('308201f030820196a003020102021400') + rb(484)
pem = base64.b64encode(der).decode()
add('m08/certs/internal-ca.pem', '-----BEGIN CERTIFICATE-----\n' + '\n'.join(pem[i:i + 64] for i in range(0, len(pem), 64))
    + '\n-----END CERTIFICATE-----\n')

add('m09/docs/runbooks/rotate-credentials.md', '''# Rotating service credentials

1. Create a new key in the provider console and store it in Vault under `secret/apps/<service>/<name>`.
2. Update the deployment so `AWS_SECRET_ACCESS_KEY` and `DB_PASSWORD` are read from Vault, never from the repo.
3. Redeploy, confirm the health checks pass, then revoke the old key.

The console only shows a key once; afterwards it is displayed as `********`.
If a token was ever committed, treat it as leaked: revoke it first, then clean the history.
''')

add('m10/config/security.yml', '''password_policy:
  min_length: 14
  require_uppercase: true
  require_digit: true
  require_symbol: true
  max_age_days: 90
  history: 5
lockout:
  max_failed_attempts: 5
  lockout_minutes: 15
session:
  idle_timeout_minutes: 30
''')

add('m11/api/openapi.yaml', T('''openapi: 3.0.3
info:
  title: Orders API
  version: 2.1.0
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
  schemas:
    TokenResponse:
      type: object
      properties:
        access_token: { type: string }
        token_type: { type: string, example: bearer }
        expires_in: { type: integer, example: 3600 }
        request_id: { type: string, format: uuid, example: "<<rid>>" }
security:
  - bearerAuth: []
''', rid=uuid4()))

add('m12/terraform/providers.tf', T('''provider "azurerm" {
  features {}
  subscription_id = "<<sub>>"
  tenant_id       = "<<ten>>"
  client_id       = var.client_id
  client_secret   = var.client_secret
}

variable "client_id" {
  type = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}
''', sub=uuid4(), ten=uuid4()))

write()
