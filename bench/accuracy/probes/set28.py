# Usage: python3 set28.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 28 (stop 28, held out): a 2026 cross-section of real-world leaks across clouds, CI, registries, SaaS APIs, databases, keys and generic secrets
from common import A, HEX, add, ck, hx, r, start, write
start()

import base64, json, random, string

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
B64 = A + '+/'
URLSAFE = A + '-_'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'demo', 'mock', 'changeme',
       'placeholder', 'redacted', 'secret', 'passw', 'token', 'todo', 'fixme')
WORDS = ['falcon', 'maple', 'orchid', 'tundra', 'quasar', 'harbor', 'juniper', 'cobalt', 'pelican',
         'saffron', 'granite', 'lantern', 'meadow', 'nimbus', 'thistle', 'walnut', 'zephyr', 'copper',
         'willow', 'ember', 'glacier', 'raven', 'summit', 'violet', 'bramble', 'cinder', 'dahlia',
         'fjord', 'hazel', 'kestrel', 'marlin', 'otter', 'pumice', 'rosette', 'sierra', 'tamarind']


def ok(s):
    low = s.lower()
    return not any(b in low for b in BAD)


def R(n, al=A):
    while True:
        s = r(n, al)
        if ok(s):
            return s


def H(n):
    return R(n, HEX)


def CK(prefix):
    while True:
        s = ck(prefix)
        if ok(s[len(prefix):]):
            return s


def D(n):
    return random.choice('123456789') + r(n - 1, DIG)


def B64bytes(n):
    while True:
        s = base64.b64encode(bytes(random.getrandbits(8) for _ in range(n))).decode()
        if ok(s):
            return s


def pw(sym='@#^*-_.+~'):
    """A password of the kind people pick: words, digits and a symbol, or a random string."""
    while True:
        k = random.randrange(4)
        if k == 0:
            s = random.choice(WORDS).capitalize() + r(random.randint(2, 4), DIG) + random.choice(sym) + random.choice(WORDS)
        elif k == 1:
            s = random.choice(WORDS) + random.choice(sym) + random.choice(WORDS).capitalize() + r(2, DIG) + random.choice(sym)
        elif k == 2:
            s = r(1, A) + r(random.randint(13, 19), A + sym) + r(1, A)
        else:
            s = random.choice(WORDS).capitalize() + random.choice(['19', '20']) + r(2, DIG) + random.choice(sym) + r(5, A)
        if ok(s) and sum(c in sym for c in s) >= 1:
            return s


def upw():
    """URL-safe password (unreserved characters only)."""
    return pw('-_.~')


def pem(kind, body, width=64):
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return '-----BEGIN %s-----\n%s\n-----END %s-----\n' % (kind, '\n'.join(lines), kind)


def uuid():
    return '%s-%s-4%s-%s%s-%s' % (hx(8), hx(4), hx(3), random.choice('89ab'), hx(3), hx(12))


# ---------------------------------------------------------------- positives: provider tokens

akid = 'AKIA' + R(16, UP + '234567')
aks = R(40, B64)
add('p01/deploy/aws/credentials', f"""# Shared credentials for the release tooling.
# Used by scripts/publish-artifacts.sh and the nightly snapshot job.
# Profile names must match the ones in deploy/aws/config.

[default]
region = eu-west-1
output = json

[release-bot]
aws_access_key_id = {akid}
aws_secret_access_key = {aks}
region = eu-west-1

[snapshots]
role_arn = arn:aws:iam::{D(12)}:role/snapshot-writer
source_profile = release-bot
region = eu-central-1
""")

proj = random.choice(WORDS) + '-' + random.choice(WORDS) + '-' + D(6)
gbody = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ' + R(1574, B64) + '=='
sa = {
    'type': 'service_account',
    'project_id': proj,
    'private_key_id': H(40),
    'private_key': pem('PRIVATE KEY', gbody),
    'client_email': f'ci-deployer@{proj}.iam.gserviceaccount.com',
    'client_id': D(21),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/ci-deployer%40{proj}.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com',
}
add('p02/infra/gcp/ci-deployer-key.json', json.dumps(sa, indent=2) + '\n')

acct = random.choice(WORDS) + random.choice(WORDS) + r(3, DIG)
add('p03/src/Api/appsettings.Production.json', f"""{{
  "Logging": {{
    "LogLevel": {{
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }}
  }},
  "AllowedHosts": "*",
  "Storage": {{
    "ConnectionString": "DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={B64bytes(64)};EndpointSuffix=core.windows.net",
    "InvoiceContainer": "invoices",
    "ThumbnailContainer": "thumbs",
    "SasLifetimeMinutes": 30
  }},
  "Features": {{
    "EnablePdfExport": true,
    "MaxUploadMb": 25
  }}
}}
""")

pat = '11' + R(20, UP + DIG) + '_' + R(59)
add('p04/.github/workflows/release.yml', f"""name: release

on:
  push:
    tags:
      - 'v*.*.*'

permissions:
  contents: write

jobs:
  build:
    runs-on: ubuntu-24.04
    env:
      GO_VERSION: '1.23'
      # fine-grained PAT so goreleaser can push the formula to our tap repo
      HOMEBREW_TAP_GITHUB_TOKEN: github_pat_{pat}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-go@v5
        with:
          go-version: ${{{{ env.GO_VERSION }}}}
      - name: Run GoReleaser
        uses: goreleaser/goreleaser-action@v6
        with:
          version: '~> v2'
          args: release --clean
        env:
          GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
          HOMEBREW_TAP_GITHUB_TOKEN: ${{{{ env.HOMEBREW_TAP_GITHUB_TOKEN }}}}
""")

add('p05/.gitlab-ci.yml', f"""stages:
  - lint
  - build
  - mirror

variables:
  DOCKER_DRIVER: overlay2
  NODE_VERSION: "22"
  # project access token (write_repository) for the GitHub->GitLab mirror push
  MIRROR_PUSH_TOKEN: glpat-{R(20, URLSAFE)}

lint:
  stage: lint
  image: node:${{NODE_VERSION}}-alpine
  script:
    - npm ci
    - npm run lint

build:
  stage: build
  image: node:${{NODE_VERSION}}-alpine
  script:
    - npm ci
    - npm run build
  artifacts:
    paths:
      - dist/
    expire_in: 1 week

mirror:
  stage: mirror
  image: alpine/git:2.45.2
  only:
    - main
  script:
    - git remote add downstream "https://oauth2:${{MIRROR_PUSH_TOKEN}}@gitlab.com/platform-team/web-console.git"
    - git push downstream HEAD:main --force
""")

add('p06/Jenkinsfile', f"""pipeline {{
    agent {{ label 'docker' }}

    environment {{
        IMAGE = 'acmecorp/inventory-api'
        DOCKERHUB_USER = 'acmecorp-ci'
        // TODO move to credentials store once the new controller is up
        DOCKERHUB_PAT = 'dckr_pat_{R(27, URLSAFE)}'
    }}

    options {{
        timestamps()
        buildDiscarder(logRotator(numToKeepStr: '20'))
    }}

    stages {{
        stage('Test') {{
            steps {{
                sh './gradlew test --no-daemon'
            }}
        }}
        stage('Build image') {{
            steps {{
                sh "docker build -t ${{IMAGE}}:${{env.BUILD_NUMBER}} ."
            }}
        }}
        stage('Push') {{
            when {{ branch 'main' }}
            steps {{
                sh 'echo "$DOCKERHUB_PAT" | docker login -u "$DOCKERHUB_USER" --password-stdin'
                sh "docker push ${{IMAGE}}:${{env.BUILD_NUMBER}}"
                sh "docker tag ${{IMAGE}}:${{env.BUILD_NUMBER}} ${{IMAGE}}:latest && docker push ${{IMAGE}}:latest"
            }}
        }}
    }}

    post {{
        always {{
            junit 'build/test-results/**/*.xml'
        }}
    }}
}}
""")

add('p07/.circleci/config.yml', f"""version: 2.1

orbs:
  python: circleci/python@2.1.1

executors:
  py:
    docker:
      - image: cimg/python:3.12
    environment:
      PIP_DISABLE_PIP_VERSION_CHECK: "1"

jobs:
  test:
    executor: py
    environment:
      DD_SITE: datadoghq.eu
      DD_API_KEY: {H(32)}
      DD_ENV: ci
      DD_SERVICE: billing-worker
      DD_CIVISIBILITY_AGENTLESS_ENABLED: "true"
    steps:
      - checkout
      - python/install-packages:
          pkg-manager: poetry
      - run:
          name: Run tests with CI visibility
          command: poetry run pytest --ddtrace -q
      - store_test_results:
          path: reports

workflows:
  main:
    jobs:
      - test
""")

add('p08/.npmrc', f"""# registry config for publishing @tessera packages
# (automation token, so publishing from the release box skips 2FA)
@tessera:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={CK('npm_')}
always-auth=true

# install behaviour
save-exact=true
engine-strict=true
package-lock=true
fund=false
audit-level=high
loglevel=warn
""")

add('p09/server/config/payments.js', f"""'use strict';

const Stripe = require('stripe');

// Live mode keys. Rotated 2026-01 after the account migration.
const STRIPE_SECRET_KEY = 'sk_live_51{R(96)}';

const stripe = new Stripe(STRIPE_SECRET_KEY, {{
  apiVersion: '2025-09-30.clover',
  maxNetworkRetries: 2,
  timeout: 20000,
}});

const PLANS = {{
  starter: {{ priceId: 'price_1Q{R(22)}', seats: 3 }},
  team: {{ priceId: 'price_1Q{R(22)}', seats: 15 }},
}};

async function createCheckout(customerId, plan, origin) {{
  const p = PLANS[plan];
  if (!p) throw new Error(`unknown plan ${{plan}}`);
  return stripe.checkout.sessions.create({{
    mode: 'subscription',
    customer: customerId,
    line_items: [{{ price: p.priceId, quantity: 1 }}],
    success_url: `${{origin}}/billing/success?session_id={{CHECKOUT_SESSION_ID}}`,
    cancel_url: `${{origin}}/billing`,
  }});
}}

module.exports = {{ stripe, createCheckout, PLANS }};
""")

add('p10/src/main/java/com/lumenhaus/pos/payments/SquareClientFactory.java', f"""package com.lumenhaus.pos.payments;

import com.squareup.square.Environment;
import com.squareup.square.SquareClient;
import com.squareup.square.authentication.BearerAuthModel;

/**
 * Builds the Square client used by the till sync service.
 */
public final class SquareClientFactory {{

    private static final String LOCATION_ID = "L{R(12, UP + DIG)}";
    private static final String ACCESS_TOKEN = "EAAA{R(60, URLSAFE)}";
    private static final long TIMEOUT_SECONDS = 30;

    private SquareClientFactory() {{
    }}

    public static SquareClient production() {{
        return new SquareClient.Builder()
                .environment(Environment.PRODUCTION)
                .bearerAuthCredentials(new BearerAuthModel.Builder(ACCESS_TOKEN).build())
                .timeout(TIMEOUT_SECONDS)
                .build();
    }}

    public static String locationId() {{
        return LOCATION_ID;
    }}
}}
""")

slack = 'xoxb-' + D(11) + '-' + D(13) + '-' + R(24)
add('p11/bots/standup/settings.py', f'''"""Settings for the stand-up reminder bot."""
import os
from datetime import time

TIMEZONE = "Europe/Berlin"
REMIND_AT = time(9, 45)
CHANNEL = "#team-payments"
SKIP_WEEKENDS = True

# bot user OAuth token from the "Standup Buddy" Slack app
SLACK_BOT_TOKEN = "{slack}"

QUESTIONS = [
    "What did you finish yesterday?",
    "What are you working on today?",
    "Anything blocking you?",
]

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
''')

add('p12/config/initializers/twilio.rb', f"""# frozen_string_literal: true

# SMS one-time codes and appointment reminders go through Twilio.
Twilio.configure do |config|
  config.account_sid = "AC{H(32)}"
  config.auth_token  = "{H(32)}"
end

Rails.application.configure do
  config.x.sms.from_number = "+1415{D(7)}"
  config.x.sms.messaging_service_sid = "MG{H(32)}"
  config.x.sms.enabled = !Rails.env.test?
  config.x.sms.max_per_hour = 5
end
""")

tg = D(10) + ':AA' + R(33, URLSAFE)
add('p13/cmd/notifier/main.go', f"""package main

import (
	"flag"
	"log"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const (
	botToken     = "{tg}"
	opsChatID    = -100{D(10)}
	pollInterval = 2 * time.Minute
)

func main() {{
	dry := flag.Bool("dry-run", false, "print alerts instead of sending them")
	flag.Parse()

	bot, err := tgbotapi.NewBotAPI(botToken)
	if err != nil {{
		log.Fatalf("telegram: %v", err)
	}}
	log.Printf("authorized as @%s", bot.Self.UserName)

	for range time.Tick(pollInterval) {{
		alerts, err := fetchAlerts()
		if err != nil {{
			log.Printf("fetch alerts: %v", err)
			continue
		}}
		for _, a := range alerts {{
			if *dry {{
				log.Println(a.Text())
				continue
			}}
			msg := tgbotapi.NewMessage(opsChatID, a.Text())
			msg.ParseMode = tgbotapi.ModeMarkdownV2
			if _, err := bot.Send(msg); err != nil {{
				log.Printf("send: %v", err)
			}}
		}}
	}}
}}
""")

add('p14/config/mail.php', f"""<?php

return [

    'default' => 'sendgrid',

    'from' => [
        'address' => 'no-reply@kettleandcrumb.co.uk',
        'name' => 'Kettle & Crumb',
    ],

    'mailers' => [
        'sendgrid' => [
            'transport' => 'smtp',
            'host' => 'smtp.sendgrid.net',
            'port' => 587,
            'encryption' => 'tls',
            'username' => 'apikey',
            'password' => 'SG.{R(22, URLSAFE)}.{R(43, URLSAFE)}',
            'timeout' => 30,
        ],

        'log' => [
            'transport' => 'log',
            'channel' => 'mail',
        ],
    ],

    'markdown' => [
        'theme' => 'default',
        'paths' => [resource_path('views/vendor/mail')],
    ],
];
""")

oai = 'sk-proj-' + R(74, URLSAFE) + 'T3BlbkFJ' + R(74, URLSAFE)
nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': [
            '# Prompt regression eval\n', '\n',
            'Runs the support-triage prompts against the labelled set and reports accuracy per category.'
        ]},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [], 'source': [
            'import json\n', 'import pandas as pd\n', 'from openai import OpenAI\n', '\n',
            f'client = OpenAI(api_key="{oai}")\n',
            'MODEL = "gpt-4.1-mini"'
        ]},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [], 'source': [
            'df = pd.read_json("data/triage_labelled.jsonl", lines=True)\n',
            'len(df)'
        ]},
        {'cell_type': 'code', 'execution_count': 3, 'metadata': {}, 'outputs': [], 'source': [
            'def classify(text):\n',
            '    resp = client.chat.completions.create(\n',
            '        model=MODEL,\n',
            '        messages=[{"role": "system", "content": open("prompts/triage.txt").read()},\n',
            '                  {"role": "user", "content": text}],\n',
            '        temperature=0,\n',
            '    )\n',
            '    return resp.choices[0].message.content.strip()\n', '\n',
            'df["pred"] = df["text"].map(classify)\n',
            '(df["pred"] == df["label"]).groupby(df["label"]).mean()'
        ]},
    ],
    'metadata': {
        'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
        'language_info': {'name': 'python', 'version': '3.12.4'},
    },
    'nbformat': 4,
    'nbformat_minor': 5,
}
add('p15/notebooks/eval_prompts.ipynb', json.dumps(nb, indent=1) + '\n')

add('p16/src/lib/llm.ts', f"""import Anthropic from "@anthropic-ai/sdk";

// Shared client for the summarisation endpoints.
const anthropic = new Anthropic({{
  apiKey: "sk-ant-api03-{R(93, URLSAFE)}AA",
  maxRetries: 3,
  timeout: 60_000,
}});

export const SUMMARY_MODEL = "claude-sonnet-4-5";
const MAX_TOKENS = 1024;

export async function summarise(text: string, audience: "exec" | "eng" = "eng"): Promise<string> {{
  const system =
    audience === "exec"
      ? "Summarise for an executive audience in five bullet points."
      : "Summarise for engineers; keep identifiers and numbers exact.";
  const msg = await anthropic.messages.create({{
    model: SUMMARY_MODEL,
    max_tokens: MAX_TOKENS,
    system,
    messages: [{{ role: "user", content: text }}],
  }});
  return msg.content
    .filter((b) => b.type === "text")
    .map((b) => (b as {{ text: string }}).text)
    .join("\\n");
}}
""")

add('p17/training/configs/finetune-7b.yaml', f"""# LoRA fine-tune of the support assistant base model
base_model: mistralai/Mistral-7B-Instruct-v0.3
dataset:
  path: data/support_conversations_v4.jsonl
  val_split: 0.05
  max_seq_len: 4096

lora:
  r: 16
  alpha: 32
  dropout: 0.05
  target_modules: [q_proj, k_proj, v_proj, o_proj]

training:
  epochs: 3
  lr: 2.0e-4
  batch_size: 4
  grad_accum: 8
  bf16: true
  seed: 1234

hub:
  push_to_hub: true
  repo_id: northwind-ai/support-assistant-lora
  private: true
  hf_token: hf_{R(34, string.ascii_letters)}
""")

# ---------------------------------------------------------------- positives: generic secrets, varied syntaxes

add('p18/.env', f"""APP_NAME=fieldnotes
APP_ENV=production
APP_URL=https://fieldnotes.app
LOG_CHANNEL=stack
LOG_LEVEL=warning

DB_CONNECTION=pgsql
DB_HOST=10.20.4.17
DB_PORT=5432
DB_DATABASE=fieldnotes
DB_USERNAME=fieldnotes_app
DB_PASSWORD={pw('@^-_.+~')}

CACHE_DRIVER=redis
QUEUE_CONNECTION=redis
REDIS_HOST=10.20.4.30
REDIS_PORT=6379

SESSION_LIFETIME=240
FILESYSTEM_DISK=local
""")

add('p19/src/main/resources/application.yml', f"""server:
  port: 8080
  shutdown: graceful

spring:
  application:
    name: shipment-tracker
  datasource:
    url: jdbc:postgresql://pg-primary.internal:5432/shipments
    username: tracker
    password: {pw('@^-_.+~')}
    hikari:
      maximum-pool-size: 12
      connection-timeout: 20000
  jpa:
    hibernate:
      ddl-auto: validate
    open-in-view: false
  flyway:
    enabled: true
    locations: classpath:db/migration

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
""")

add('p20/config/production.toml', f"""[server]
bind = "0.0.0.0:8443"
workers = 8
request_timeout_secs = 30

[database]
url = "postgres://ledger@db.internal/ledger"
max_connections = 20

[smtp]
host = "smtp.fastmail.com"
port = 465
tls = true
username = "alerts@ledgerline.io"
password = "{pw()}"
from = "Ledgerline Alerts <alerts@ledgerline.io>"

[features]
weekly_digest = true
export_csv = true
""")

add('p21/migrations/alembic.ini', f"""# A generic, single database configuration.

[alembic]
script_location = migrations
prepend_sys_path = .
version_path_separator = os
sqlalchemy.url = postgresql+psycopg2://catalog_owner:{upw()}@catalog-db.prod.internal:5432/catalog

[post_write_hooks]
hooks = ruff
ruff.type = exec
ruff.executable = ruff
ruff.options = format REVISION_SCRIPT_FILENAME

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
""")

add('p22/src/main/resources/application-prod.properties', f"""# Production profile
server.port=8080
server.servlet.context-path=/api

spring.datasource.url=jdbc:mysql://mysql-prod-01.dc2.local:3306/orders?useSSL=true&serverTimezone=UTC
spring.datasource.username=orders_svc
spring.datasource.password={pw('@^-_.+~')}
spring.datasource.driver-class-name=com.mysql.cj.jdbc.Driver
spring.datasource.hikari.maximum-pool-size=15

spring.jpa.hibernate.ddl-auto=none
spring.jpa.show-sql=false

logging.level.root=INFO
logging.level.com.brightcart.orders=DEBUG
""")

add('p23/conf/Catalina/localhost/hr-portal.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- JNDI resources for the HR portal webapp -->
<Context path="/hr-portal" reloadable="false">

    <Resource name="jdbc/hrdb"
              auth="Container"
              type="javax.sql.DataSource"
              driverClassName="oracle.jdbc.OracleDriver"
              url="jdbc:oracle:thin:@//ora-hr.corp.local:1521/HRPROD"
              username="HR_PORTAL"
              password="{pw('@^-_.+~#')}"
              maxTotal="30"
              maxIdle="10"
              maxWaitMillis="15000"
              validationQuery="SELECT 1 FROM DUAL"/>

    <Environment name="hr/uploadDir" value="/srv/hr-portal/uploads" type="java.lang.String"/>

    <WatchedResource>WEB-INF/web.xml</WatchedResource>
</Context>
""")

add('p24/config/default.json', f"""{{
  "server": {{
    "host": "0.0.0.0",
    "port": 3000,
    "trustProxy": true
  }},
  "admin": {{
    "enabled": true,
    "allowedIps": ["10.0.0.0/8", "192.168.10.0/24"],
    "adminToken": "{R(40)}"
  }},
  "uploads": {{
    "maxSizeMb": 50,
    "dir": "/var/lib/kiosk/uploads"
  }},
  "cors": {{
    "origins": ["https://kiosk.rivertown.gov"]
  }}
}}
""")

add('p25/infra/envs/prod/terraform.tfvars', f"""environment    = "prod"
region         = "us-east-2"
vpc_cidr       = "10.42.0.0/16"
azs            = ["us-east-2a", "us-east-2b", "us-east-2c"]

db_instance_class    = "db.r6g.large"
db_allocated_storage = 200
db_engine_version    = "16.4"
db_username          = "appadmin"
db_password          = "{pw()}"
db_multi_az          = true

eks_cluster_version = "1.31"
node_group_min      = 3
node_group_max      = 12

tags = {{
  team        = "platform"
  cost-center = "cc-4410"
}}
""")

add('p26/scripts/prod-env.sh', f"""#!/usr/bin/env bash
# Source this before running the directory sync by hand:
#   source scripts/prod-env.sh && ./bin/dirsync --full

export DIRSYNC_ENV=production
export LDAP_URL='ldaps://dc01.corp.harwell.local:636'
export LDAP_BASE_DN='ou=People,dc=corp,dc=harwell,dc=local'
export LDAP_BIND_DN='cn=svc-dirsync,ou=Service Accounts,dc=corp,dc=harwell,dc=local'
export LDAP_BIND_PASSWORD='{pw()}'
export DIRSYNC_PAGE_SIZE=500
export DIRSYNC_DRY_RUN=false

echo "dirsync environment loaded ($DIRSYNC_ENV)"
""")

add('p27/Dockerfile', f"""FROM python:3.12-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1 \\
    PIP_NO_CACHE_DIR=1

WORKDIR /app

RUN apt-get update \\
    && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

ENV DJANGO_SETTINGS_MODULE=shopfront.settings.prod
ENV CACHE_URL=redis://default:{upw()}@redis-cache.prod.svc:6379/1
ENV GUNICORN_WORKERS=4

EXPOSE 8000
USER 1000
CMD ["gunicorn", "shopfront.wsgi:application", "--bind", "0.0.0.0:8000"]
""")

add('p28/docker-compose.yml', f"""services:
  db:
    image: postgres:16-alpine
    restart: unless-stopped
    environment:
      - POSTGRES_USER=metabase
      - POSTGRES_DB=metabase
      - POSTGRES_PASSWORD={pw('@^-_.+~')}
    volumes:
      - pgdata:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U metabase"]
      interval: 10s
      retries: 5

  metabase:
    image: metabase/metabase:v0.52.4
    depends_on:
      db:
        condition: service_healthy
    ports:
      - "3000:3000"
    environment:
      - MB_DB_TYPE=postgres
      - MB_DB_HOST=db
      - MB_DB_PORT=5432
      - MB_DB_DBNAME=metabase
      - MB_DB_USER=metabase

volumes:
  pgdata:
""")

add('p29/application/config/database.php', f"""<?php
defined('BASEPATH') OR exit('No direct script access allowed');

$active_group = 'default';
$query_builder = TRUE;

$db['default'] = array(
	'dsn'	=> '',
	'hostname' => 'mysql.hosting-eu.net',
	'username' => 'clinic_booking',
	'password' => '{pw()}',
	'database' => 'clinic_booking',
	'dbdriver' => 'mysqli',
	'dbprefix' => '',
	'pconnect' => FALSE,
	'db_debug' => (ENVIRONMENT !== 'production'),
	'cache_on' => FALSE,
	'char_set' => 'utf8mb4',
	'dbcollat' => 'utf8mb4_unicode_ci',
	'encrypt' => FALSE,
	'compress' => FALSE,
	'stricton' => FALSE,
	'save_queries' => TRUE
);
""")

add('p30/internal/store/mysql.go', f"""package store

import (
	"database/sql"
	"fmt"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

const (
	dbHost     = "mysql-primary.svc.cluster.local"
	dbPort     = 3306
	dbUser     = "inventory"
	dbPassword = "{pw()}"
	dbName     = "inventory"
)

// Open returns a pooled connection to the inventory database.
func Open() (*sql.DB, error) {{
	dsn := fmt.Sprintf("%s:%s@tcp(%s:%d)/%s?parseTime=true&charset=utf8mb4",
		dbUser, dbPassword, dbHost, dbPort, dbName)
	db, err := sql.Open("mysql", dsn)
	if err != nil {{
		return nil, err
	}}
	db.SetMaxOpenConns(25)
	db.SetMaxIdleConns(5)
	db.SetConnMaxLifetime(5 * time.Minute)
	return db, db.Ping()
}}
""")

# ---------------------------------------------------------------- positives: harder forms

add('p31/scripts/send_weekly_digest.sh', f"""#!/bin/sh
# Sends the weekly digest e-mail; run from cron on the reporting box:
#   0 7 * * MON /opt/reports/scripts/send_weekly_digest.sh
set -eu

REPORT_DIR=/opt/reports/out
DOMAIN=mg.orbitalfreight.com
TO=ops-leads@orbitalfreight.com
WEEK=$(date +%G-W%V)

python3 /opt/reports/build_digest.py --week "$WEEK" --out "$REPORT_DIR/digest-$WEEK.html"

curl -s --fail --user 'api:{H(32)}-{H(8)}-{H(8)}' \\
  "https://api.eu.mailgun.net/v3/$DOMAIN/messages" \\
  -F from="Reports <reports@$DOMAIN>" \\
  -F to="$TO" \\
  -F subject="Weekly ops digest $WEEK" \\
  -F html=@"$REPORT_DIR/digest-$WEEK.html"

echo "digest $WEEK sent"
""")

add('p32/ops/backup/nightly-mysql-backup.sh', f"""#!/bin/bash
# Nightly logical backup of the shop database, kept for 14 days.
set -euo pipefail

BACKUP_DIR=/var/backups/mysql
STAMP=$(date +%Y%m%d-%H%M)
KEEP_DAYS=14

mkdir -p "$BACKUP_DIR"

mysqldump -h db1.shop.lan -u backup -p{pw('^-_.+@')} \\
  --single-transaction --routines --triggers --set-gtid-purged=OFF \\
  shop | gzip -9 > "$BACKUP_DIR/shop-$STAMP.sql.gz"

find "$BACKUP_DIR" -name 'shop-*.sql.gz' -mtime +$KEEP_DAYS -delete

logger -t mysql-backup "shop backup written: shop-$STAMP.sql.gz"
""")

add('p33/Makefile', f""".PHONY: install lint test build publish clean

PYTHON ?= python3
PKG     = tidewater

install:
	$(PYTHON) -m pip install -e '.[dev]'

lint:
	ruff check src tests
	mypy src

test:
	pytest -q

build: clean
	$(PYTHON) -m build

publish: build
	twine check dist/*
	twine upload --non-interactive -u __token__ -p pypi-AgEIcHlwaS5vcmc{R(160, URLSAFE)} dist/*

clean:
	rm -rf build dist *.egg-info
""")

add('p34/api/newrelic.http', f"""### NerdGraph: list APM applications for the account
POST https://api.newrelic.com/graphql
Content-Type: application/json
API-Key: NRAK-{R(27, UP + DIG)}

{{
  "query": "{{ actor {{ entitySearch(query: \\"domain = 'APM' AND type = 'APPLICATION'\\") {{ results {{ entities {{ name guid alertSeverity }} }} }} }} }}"
}}

### NerdGraph: recent deployments for checkout-service
POST https://api.newrelic.com/graphql
Content-Type: application/json
API-Key: {{{{nr_api_key}}}}

{{
  "query": "{{ actor {{ account(id: {D(7)}) {{ nrql(query: \\"SELECT * FROM Deployment WHERE appName = 'checkout-service' SINCE 7 days ago\\") {{ results }} }} }} }}"
}}
""")

ksec_user = 'grafana'
ksec_pw = pw()
add('p35/k8s/monitoring/grafana-db-secret.yaml', f"""apiVersion: v1
kind: Secret
metadata:
  name: grafana-db
  namespace: monitoring
  labels:
    app.kubernetes.io/name: grafana
    app.kubernetes.io/part-of: monitoring
type: Opaque
data:
  GF_DATABASE_USER: {base64.b64encode(ksec_user.encode()).decode()}
  GF_DATABASE_PASSWORD: {base64.b64encode(ksec_pw.encode()).decode()}
  GF_DATABASE_HOST: {base64.b64encode(b'pg-monitoring.monitoring.svc:5432').decode()}
  GF_DATABASE_NAME: {base64.b64encode(b'grafana').decode()}
""")

add('p36/app/src/main/kotlin/io/fernway/orders/data/MongoConfig.kt', f"""package io.fernway.orders.data

import com.mongodb.ConnectionString
import com.mongodb.MongoClientSettings
import com.mongodb.kotlin.client.coroutine.MongoClient
import java.util.concurrent.TimeUnit

object MongoConfig {{
    private const val MONGO_URI =
        "mongodb+srv://orders_rw:{upw()}@cluster0.{R(5, LO + DIG)}.mongodb.net/orders?retryWrites=true&w=majority"

    const val DATABASE = "orders"

    val client: MongoClient by lazy {{
        val settings = MongoClientSettings.builder()
            .applyConnectionString(ConnectionString(MONGO_URI))
            .applyToConnectionPoolSettings {{ it.maxSize(40).maxConnectionIdleTime(60, TimeUnit.SECONDS) }}
            .applyToSocketSettings {{ it.connectTimeout(10, TimeUnit.SECONDS) }}
            .build()
        MongoClient.create(settings)
    }}
}}
""")

add('p37/worker/celeryconfig.py', f"""# Celery configuration for the thumbnail/transcode workers.
from kombu import Exchange, Queue

broker_url = "amqp://media_worker:{upw()}@rabbitmq.media.internal:5672/media"
result_backend = "rpc://"

task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
timezone = "UTC"
enable_utc = True

worker_prefetch_multiplier = 1
task_acks_late = True
task_time_limit = 15 * 60

task_queues = (
    Queue("thumbnails", Exchange("media"), routing_key="media.thumb"),
    Queue("transcode", Exchange("media"), routing_key="media.transcode"),
)
task_routes = {{
    "media.tasks.make_thumbnail": {{"queue": "thumbnails"}},
    "media.tasks.transcode": {{"queue": "transcode"}},
}}
""")

ghp = CK('ghp_')
add('p38/tools/release_notes.py', f'''"""Collects merged PRs since the last tag and drafts release notes."""
import subprocess
import sys

import requests

REPO = "harborline/fleet-agent"
API = "https://api.github.com"
# classic PAT with repo scope (read-only use); split to keep lines short
GITHUB_AUTH = (
    "{ghp[:16]}"
    "{ghp[16:28]}"
    "{ghp[28:]}"
)


def last_tag() -> str:
    return subprocess.check_output(["git", "describe", "--tags", "--abbrev=0"], text=True).strip()


def merged_prs(since: str) -> list[dict]:
    q = f"repo:{{REPO}} is:pr is:merged merged:>={{since}}"
    resp = requests.get(
        f"{{API}}/search/issues",
        params={{"q": q, "per_page": 100}},
        headers={{"Authorization": f"Bearer {{GITHUB_AUTH}}", "Accept": "application/vnd.github+json"}},
        timeout=30,
    )
    resp.raise_for_status()
    return resp.json()["items"]


if __name__ == "__main__":
    since = sys.argv[1] if len(sys.argv) > 1 else "2026-01-01"
    for pr in merged_prs(since):
        print(f"- {{pr['title']}} (#{{pr['number']}})")
''')

add('p39/config/jwt/private.pem', pem('RSA PRIVATE KEY', 'MIIEpAIBAAKCAQEA' + R(1572, B64)))

ossh = ('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW'
        'QyNTUxOQAAACB' + R(317, B64))
ossh_lines = '\n'.join('    ' + ossh[i:i + 70] for i in range(0, len(ossh), 70))
add('p40/ansible/group_vars/webservers.yml', f"""---
app_user: deploy
app_group: deploy
app_root: /srv/booking
app_repo: git@github.com:tallowmere/booking-web.git
app_branch: main

nginx_worker_processes: auto
nginx_client_max_body_size: 20m

# key used by the deploy user to pull app_repo (deploy key, read-only)
deploy_ssh_private_key: |
    -----BEGIN OPENSSH PRIVATE KEY-----
{ossh_lines}
    -----END OPENSSH PRIVATE KEY-----

certbot_email: it@tallowmere.com
certbot_domains:
  - booking.tallowmere.com
  - www.booking.tallowmere.com
""")

# ---------------------------------------------------------------- negatives: look-alikes without a credential

add('k01/.env.example', """# Copy to .env and fill in. Never commit the real .env!
APP_NAME=fieldnotes
APP_ENV=local
APP_URL=http://localhost:8000
LOG_LEVEL=debug

DB_CONNECTION=pgsql
DB_HOST=127.0.0.1
DB_PORT=5432
DB_DATABASE=fieldnotes
DB_USERNAME=fieldnotes
DB_PASSWORD=<your-db-password>

REDIS_HOST=127.0.0.1
REDIS_PASSWORD=

# get these from the team vault entry "fieldnotes / third-party"
STRIPE_SECRET_KEY=<YOUR_STRIPE_SECRET_KEY>
SENDGRID_API_KEY=your-sendgrid-api-key-here
OPENAI_API_KEY=
AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID
AWS_SECRET_ACCESS_KEY=YOUR_SECRET_ACCESS_KEY
SESSION_SECRET=changeme
""")

add('k02/charts/payments-api/templates/secret.yaml', """{{- if not .Values.postgresql.auth.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "payments-api.fullname" . }}-db
  labels:
    {{- include "payments-api.labels" . | nindent 4 }}
type: Opaque
data:
  DB_USER: {{ .Values.postgresql.auth.username | b64enc | quote }}
  DB_PASSWORD: {{ required "postgresql.auth.password is required" .Values.postgresql.auth.password | b64enc | quote }}
  STRIPE_API_KEY: {{ .Values.stripe.apiKey | b64enc | quote }}
{{- end }}
""")
add('k02/charts/payments-api/values.yaml', """replicaCount: 2

image:
  repository: ghcr.io/brightcart/payments-api
  tag: ""
  pullPolicy: IfNotPresent

postgresql:
  host: payments-db.payments.svc
  port: 5432
  auth:
    username: payments
    # set with --set postgresql.auth.password=... or use existingSecret
    password: ""
    existingSecret: ""

stripe:
  # injected by the deploy pipeline from the secrets manager
  apiKey: ""

resources:
  requests:
    cpu: 100m
    memory: 256Mi
""")

add('k03/.github/workflows/publish.yml', """name: publish

on:
  release:
    types: [published]

permissions:
  contents: read
  id-token: write

jobs:
  npm:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}

  docker:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
        with:
          username: ${{ vars.DOCKERHUB_USERNAME }}
          password: ${{ secrets.DOCKERHUB_TOKEN }}
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/gh-publish
          aws-region: us-east-1
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: tessera/cli:${{ github.event.release.tag_name }}
""")

add('k04/infra/modules/rds/main.tf', """variable "db_username" {
  type    = string
  default = "appadmin"
}

variable "db_password" {
  description = "Master password; leave null to generate one"
  type        = string
  sensitive   = true
  default     = null
}

resource "random_password" "master" {
  length           = 32
  special          = true
  override_special = "-_.+"
}

locals {
  master_password = coalesce(var.db_password, random_password.master.result)
}

resource "aws_secretsmanager_secret" "db" {
  name = "${var.name}/rds/master"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = var.db_username
    password = local.master_password
  })
}

resource "aws_db_instance" "this" {
  identifier        = var.name
  engine            = "postgres"
  engine_version    = "16.4"
  instance_class    = var.instance_class
  username          = var.db_username
  password          = local.master_password
  storage_encrypted = true
}
""")


def integ():
    return 'sha512-' + B64bytes(64)


add('k05/package-lock.json', f"""{{
  "name": "kiosk-web",
  "version": "2.4.1",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {{
    "": {{
      "name": "kiosk-web",
      "version": "2.4.1",
      "dependencies": {{
        "axios": "^1.7.9",
        "dayjs": "^1.11.13"
      }}
    }},
    "node_modules/asynckit": {{
      "version": "0.4.0",
      "resolved": "https://registry.npmjs.org/asynckit/-/asynckit-0.4.0.tgz",
      "integrity": "{integ()}",
      "license": "MIT"
    }},
    "node_modules/axios": {{
      "version": "1.7.9",
      "resolved": "https://registry.npmjs.org/axios/-/axios-1.7.9.tgz",
      "integrity": "{integ()}",
      "license": "MIT",
      "dependencies": {{
        "follow-redirects": "^1.15.6",
        "form-data": "^4.0.0",
        "proxy-from-env": "^1.1.0"
      }}
    }},
    "node_modules/dayjs": {{
      "version": "1.11.13",
      "resolved": "https://registry.npmjs.org/dayjs/-/dayjs-1.11.13.tgz",
      "integrity": "{integ()}",
      "license": "MIT"
    }},
    "node_modules/follow-redirects": {{
      "version": "1.15.9",
      "resolved": "https://registry.npmjs.org/follow-redirects/-/follow-redirects-1.15.9.tgz",
      "integrity": "{integ()}",
      "license": "MIT"
    }},
    "node_modules/proxy-from-env": {{
      "version": "1.1.0",
      "resolved": "https://registry.npmjs.org/proxy-from-env/-/proxy-from-env-1.1.0.tgz",
      "integrity": "{integ()}",
      "license": "MIT"
    }}
  }}
}}
""")


def bcrypt():
    return '$2b$12$' + R(53, './' + A)


users = []
for i, (name, role) in enumerate([('ana.souza', 'admin'), ('li.wei', 'editor'), ('omar.haddad', 'viewer'),
                                  ('greta.lind', 'viewer')], 1):
    users.append({'id': uuid(), 'username': name, 'email': name + '@harwell.local', 'role': role,
                  'password_hash': bcrypt(), 'created_at': '2025-11-%02dT09:00:00Z' % (i + 3)})
keys = [{'id': uuid(), 'owner': users[0]['id'], 'label': 'ci', 'key_prefix': 'hk_' + R(6, LO + DIG),
         'key_sha256': hx(64), 'revoked': False},
        {'id': uuid(), 'owner': users[1]['id'], 'label': 'laptop', 'key_prefix': 'hk_' + R(6, LO + DIG),
         'key_sha256': hx(64), 'revoked': True}]
add('k06/tests/fixtures/users.json', json.dumps({'users': users, 'api_keys': keys}, indent=2) + '\n')

cert = 'MIIDdzCCAl+gAwIBAgIU' + R(1156, B64)
pub = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + R(342, B64) + 'IDAQAB'
add('k07/certs/internal-ca.crt', pem('CERTIFICATE', cert))
add('k07/certs/jwt-signing.pub', pem('PUBLIC KEY', pub))
add('k07/ansible/files/authorized_keys', f"""# deploy access - managed by ansible, do not edit on hosts
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{R(43, B64)} ana.souza@harwell
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{R(43, B64)} li.wei@harwell
ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ{R(510, B64)}= ci-deployer@jenkins
""")

add('k08/web/src/config/public.ts', f"""// Values in this file are shipped to the browser. Only publishable / public identifiers here.
export const publicConfig = {{
  appName: "Kettle & Crumb",
  apiBaseUrl: "https://api.kettleandcrumb.co.uk/v2",
  stripePublishableKey: "pk_live_51{R(96)}",
  gaMeasurementId: "G-{R(10, UP + DIG)}",
  supportEmail: "hello@kettleandcrumb.co.uk",
  releaseId: "{uuid()}",
  featureFlags: {{
    giftCards: true,
    subscriptions: false,
  }},
}} as const;

export type PublicConfig = typeof publicConfig;
""")

add('k09/docs/security/credential-formats.md', """# Credential formats we rotate

This page lists the token formats our pre-commit hook and the incident runbook care about.
All values below are redacted; never paste a live token into a ticket or this wiki.

| Provider | Format | Redacted sample | Rotation |
|---|---|---|---|
| GitHub (classic PAT) | `ghp_` + 36 base62 | `ghp_****************************abcd` | 90 days |
| GitHub (fine-grained) | `github_pat_` + 82 chars | `github_pat_11AB…` (truncated) | 60 days |
| GitLab | `glpat-` + 20 chars | `glpat-********************` | 90 days |
| AWS access key | `AKIA` + 16 upper/digits | `AKIA****************` | 90 days |
| OpenAI | `sk-proj-…` | `sk-proj-…REDACTED` | on offboarding |
| Anthropic | `sk-ant-api03-…` | `sk-ant-api03-...` | on offboarding |
| Slack bot | `xoxb-<team>-<bot>-<secret>` | `xoxb-***-***-***` | yearly |
| Stripe secret | `sk_live_…` | `sk_live_••••••••` | yearly |

## If a token leaks

1. Revoke it in the provider console first, then rotate.
2. Search the logs for use of the token: `gh api /orgs/{org}/audit-log?phrase=token_id:<ID>`.
3. Open an incident in #sec-incidents with the token *type* and the last four characters only.

Use `${GITHUB_TOKEN}` / `$AWS_SECRET_ACCESS_KEY` style references in scripts, never literals.
""")

img = lambda: 'sha256:' + hx(64)
add('k10/deploy/releases/2026-02-11.json', f"""{{
  "release": "2026.02.11-1",
  "release_id": "{uuid()}",
  "git_commit": "{hx(40)}",
  "previous_commit": "{hx(40)}",
  "created_by": "{uuid()}",
  "artifacts": [
    {{
      "service": "checkout-api",
      "image": "ghcr.io/brightcart/checkout-api@{img()}",
      "sbom_sha256": "{hx(64)}"
    }},
    {{
      "service": "catalog-worker",
      "image": "ghcr.io/brightcart/catalog-worker@{img()}",
      "sbom_sha256": "{hx(64)}"
    }},
    {{
      "service": "web",
      "image": "ghcr.io/brightcart/web@{img()}",
      "sbom_sha256": "{hx(64)}"
    }}
  ],
  "migrations": ["{hx(12)}_add_order_notes", "{hx(12)}_drop_legacy_coupons"],
  "approved_by": ["{uuid()}", "{uuid()}"],
  "change_ticket": "CHG-{D(5)}"
}}
""")

add('k11/app/settings/prod.py', '''"""Production settings: every credential comes from the environment or Vault."""
import os

import hvac

from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["shopfront.example.org"]

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

_vault = hvac.Client(url=os.environ.get("VAULT_ADDR", "https://vault.service.consul:8200"))
_vault.auth.kubernetes.login(role="shopfront", jwt=open("/var/run/secrets/kubernetes.io/serviceaccount/token").read())
_db = _vault.secrets.kv.v2.read_secret_version(path="shopfront/db")["data"]["data"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_HOST", "pg.shopfront.svc"),
        "NAME": "shopfront",
        "USER": _db["username"],
        "PASSWORD": _db["password"],
        "CONN_MAX_AGE": 60,
    }
}

EMAIL_HOST = "smtp.sendgrid.net"
EMAIL_HOST_USER = "apikey"
EMAIL_HOST_PASSWORD = os.getenv("SENDGRID_API_KEY", "")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
AWS_STORAGE_BUCKET_NAME = "shopfront-media-prod"
''')

add('k12/scripts/smoke-test.sh', """#!/usr/bin/env bash
# Post-deploy smoke checks. Credentials come from the CI environment (see docs/ci.md).
set -euo pipefail

: "${MAILGUN_API_KEY:?missing}"
: "${MYSQL_PWD:?missing}"
: "${OPENAI_API_KEY:?missing}"

API="https://api.orbitalfreight.com"

echo "== health"
curl -fsS "$API/healthz"

echo "== mailgun domain"
curl -fsS --user "api:${MAILGUN_API_KEY}" https://api.eu.mailgun.net/v3/domains/mg.orbitalfreight.com >/dev/null

echo "== db reachable"
mysql -h "${DB_HOST:-db1.shop.lan}" -u smoke -p"${MYSQL_PWD}" -e 'SELECT 1' shop

echo "== mongo"
mongosh "mongodb+srv://smoke:${MONGO_PASSWORD}@cluster0.mongodb.net/orders" --quiet --eval 'db.runCommand({ping: 1})'

echo "== llm gateway"
curl -fsS https://api.openai.com/v1/models \\
  -H "Authorization: Bearer ${OPENAI_API_KEY}" | jq -r '.data[0].id'

echo "all smoke checks passed"
""")

write()
