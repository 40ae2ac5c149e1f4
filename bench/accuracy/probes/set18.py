# Usage: python3 set18.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 18 (stop 25): held out. Files shaped like real leak incidents: client code, framework and
# server config, scripts and CI, data and ops artifacts; provider tokens, chosen passwords and random keys.
import base64, json, random, re, string
from common import A, HEX, add, ck, hx, r, start, write
start()

WORDS = ['harbor', 'copper', 'violet', 'maple', 'falcon', 'orbit', 'lantern', 'cedar', 'quartz', 'meadow',
         'tundra', 'ember', 'saffron', 'pebble', 'walrus', 'juniper', 'glacier', 'kestrel', 'marble', 'thistle',
         'cobalt', 'ridge', 'willow', 'sparrow', 'canyon', 'velvet', 'nimbus', 'bramble', 'onyx', 'hazel',
         'otter', 'pylon', 'dune', 'fjord', 'mango', 'beacon', 'tarragon', 'basalt', 'heron', 'lichen']
UP = string.ascii_uppercase
UPD = string.ascii_uppercase + string.digits
LOWD = string.ascii_lowercase + string.digits
B64 = A + '+/'
URLB64 = A + '-_'


def w():
    return random.choice(WORDS)


def wpw(sym='!@#*'):
    """word(s) + digits + symbol, as people choose them."""
    head = w().capitalize() + (w().capitalize() if random.random() < 0.5 else '')
    return head + r(random.randint(2, 4), string.digits) + random.choice(sym)


def phrase(sep, n=4):
    ws = []
    while len(ws) < n:
        x = w()
        if x not in ws:
            ws.append(x)
    return sep.join(ws)


def rnd(n, extra=''):
    while True:
        s = r(n, A + extra)
        if any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s):
            return s


def b64bytes(n, urlsafe=False):
    raw = bytes(random.getrandbits(8) for _ in range(n))
    return (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode()


def uuid4():
    s = hx(32)
    return f'{s[:8]}-{s[8:12]}-4{s[13:16]}-{random.choice("89ab")}{s[17:20]}-{s[20:]}'


def fill(t, **kv):
    for k, v in kv.items():
        t = t.replace(f'__{k}__', v)
    left = re.findall(r'__[A-Z][A-Z0-9]*__', t)
    assert not left, left
    return t


# ---------------------------------------------------------------- positives

add('h01/Jenkinsfile', fill('''pipeline {
    agent { label 'linux-docker' }

    options {
        timestamps()
        buildDiscarder(logRotator(numToKeepStr: '30'))
    }

    environment {
        AWS_DEFAULT_REGION    = 'eu-west-1'
        AWS_ACCESS_KEY_ID     = '__AKID__'
        AWS_SECRET_ACCESS_KEY = '__AKSEC__'
        ARTIFACT_BUCKET       = 'kitehall-build-artifacts'
    }

    stages {
        stage('Build') {
            steps {
                sh 'npm ci'
                sh 'npm run build'
            }
        }
        stage('Upload') {
            when { branch 'main' }
            steps {
                sh 'aws s3 sync dist/ s3://$ARTIFACT_BUCKET/web/$BUILD_NUMBER/ --delete'
            }
        }
    }

    post {
        failure {
            mail to: 'web-team@kitehall.io', subject: "Build ${env.BUILD_NUMBER} failed", body: "${env.BUILD_URL}"
        }
    }
}
''', AKID='AKIA' + r(16, UPD), AKSEC=r(40, B64)))


def gofields(pairs, indent='\t\t'):
    width = max(len(k) for k, _ in pairs) + 2
    return '\n'.join(f'{indent}{(k + ":").ljust(width)}{v},' for k, v in pairs)


add('h02/internal/cache/redis.go', fill('''package cache

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// New returns the shared client for the order cache.
func New(ctx context.Context) (*redis.Client, error) {
	rdb := redis.NewClient(&redis.Options{
__FIELDS__
	})
	if err := rdb.Ping(ctx).Err(); err != nil {
		return nil, err
	}
	return rdb, nil
}
''', FIELDS=gofields([('Addr', '"cache-01.svc.kitehall.internal:6379"'), ('Username', '"orders-svc"'),
                      ('Password', '"' + wpw() + '"'), ('DB', '2'), ('DialTimeout', '5 * time.Second'),
                      ('ReadTimeout', '3 * time.Second'), ('WriteTimeout', '3 * time.Second'), ('PoolSize', '20')])))

add('h03/src/lib/stripe.ts', fill('''import Stripe from "stripe";

export const stripe = new Stripe(
  "__SK__",
  {
    apiVersion: "2024-06-20",
    typescript: true,
    maxNetworkRetries: 2,
    appInfo: { name: "kitehall-checkout", version: "1.4.0" },
  },
);

export async function createCheckoutSession(priceId: string, customerEmail: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    customer_email: customerEmail,
    success_url: "https://app.kitehall.io/billing/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://app.kitehall.io/billing",
  });
}
''', SK='sk_live_51' + r(97)))

add('h04/src/main/resources/application-prod.yml', fill('''server:
  port: 8080
  shutdown: graceful

spring:
  application:
    name: billing-service
  datasource:
    url: jdbc:postgresql://pg-prod-2.db.kitehall.internal:5432/billing
    username: billing_app
    password: __PW__
    hikari:
      maximum-pool-size: 15
      connection-timeout: 20000
  jpa:
    open-in-view: false
    hibernate:
      ddl-auto: validate
  flyway:
    enabled: true

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
''', PW=wpw('!@*')))

add('h05/Ledger.Api/appsettings.Production.json', fill('''{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "ConnectionStrings": {
    "LedgerDb": "Server=tcp:sql-ledger-prod.database.windows.net,1433;Initial Catalog=Ledger;Persist Security Info=False;User ID=ledger_api;Password=__PW__;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;"
  },
  "Ledger": {
    "DefaultCurrency": "EUR",
    "CloseOfBusinessUtc": "22:00"
  },
  "AllowedHosts": "*"
}
''', PW=rnd(22, '!*-_')))

add('h06/config/credentials.yml', fill('''# aws:
#   access_key_id: 123
#   secret_access_key: 345

# Used as the base secret for all MessageVerifiers in Rails, including the one protecting cookies.
secret_key_base: __SKB__
''', SKB=hx(128)))

add('h07/intranet/settings/production.py', fill('''import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["intranet.kitehall.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "intranet",
        "USER": "intranet",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": "pg-1.kitehall.internal",
        "PORT": "5432",
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.sendgrid.net"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "apikey"
EMAIL_HOST_PASSWORD = "__SG__"
DEFAULT_FROM_EMAIL = "Kitehall Intranet <noreply@kitehall.io>"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
''', SG='SG.' + r(22, URLB64) + '.' + r(43, URLB64)))

add('h08/.env', fill('''APP_NAME=Roster
APP_ENV=production
APP_KEY=base64:__KEY__
APP_DEBUG=false
APP_URL=https://roster.kitehall.io

LOG_CHANNEL=stack
LOG_LEVEL=warning

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=roster
DB_USERNAME=roster
DB_PASSWORD=

BROADCAST_DRIVER=log
CACHE_DRIVER=file
FILESYSTEM_DISK=local
QUEUE_CONNECTION=sync
SESSION_DRIVER=file
SESSION_LIFETIME=120

MAIL_MAILER=smtp
MAIL_HOST=mailpit
MAIL_PORT=1025
MAIL_USERNAME=null
MAIL_PASSWORD=null
MAIL_ENCRYPTION=null
MAIL_FROM_ADDRESS="roster@kitehall.io"
MAIL_FROM_NAME="${APP_NAME}"
''', KEY=b64bytes(32)))

add('h09/etc/nginx/conf.d/metrics.conf', fill('''upstream pushgateway {
    server 10.20.6.31:9091;
    keepalive 8;
}

server {
    listen 443 ssl http2;
    server_name metrics.kitehall.io;

    ssl_certificate     /etc/letsencrypt/live/metrics.kitehall.io/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/metrics.kitehall.io/privkey.pem;

    location /push/ {
        proxy_pass http://pushgateway/;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header Authorization "Basic __B64__";
    }
}
''', B64=base64.b64encode(('pushgw:' + phrase('-')).encode()).decode()))

add('h10/haproxy/haproxy.cfg', fill('''global
    log /dev/log local0
    maxconn 4096
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

frontend fe_web
    bind *:80
    bind *:443 ssl crt /etc/haproxy/certs/kitehall.pem
    http-request redirect scheme https unless { ssl_fc }
    default_backend be_app

backend be_app
    balance roundrobin
    option httpchk GET /healthz
    server app1 10.20.2.11:8080 check
    server app2 10.20.2.12:8080 check

listen stats
    bind *:8404
    stats enable
    stats uri /haproxy?stats
    stats refresh 10s
    stats auth opsadmin:__PW__
''', PW=rnd(18)))

add('h11/deploy/ledger-export.service', fill('''[Unit]
Description=Ledger nightly export worker
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=ledger
Group=ledger
WorkingDirectory=/opt/ledger
Environment=LEDGER_DB_HOST=10.20.4.15
Environment=LEDGER_DB_USER=exporter
Environment=LEDGER_DB_PASSWORD=__PW__
Environment=LEDGER_EXPORT_DIR=/srv/exports
ExecStart=/opt/ledger/bin/export-worker --config /etc/ledger/export.toml
Restart=on-failure
RestartSec=15

[Install]
WantedBy=multi-user.target
''', PW=wpw('!@*')))

pw12 = phrase('_', 3) + r(2, string.digits)
add('h12/docker-compose.yml', fill('''services:
  db:
    image: mariadb:10.11
    restart: unless-stopped
    environment:
      MARIADB_RANDOM_ROOT_PASSWORD: "yes"
      MARIADB_DATABASE: wiki
      MARIADB_USER: wiki
      MARIADB_PASSWORD: __PW__
    volumes:
      - db-data:/var/lib/mysql

  wiki:
    image: bookstack:v24.02
    restart: unless-stopped
    depends_on:
      - db
    ports:
      - "6875:80"
    environment:
      APP_URL: https://wiki.kitehall.io
      DB_HOST: db
      DB_DATABASE: wiki
      DB_USERNAME: wiki
      DB_PASSWORD: __PW__

volumes:
  db-data:
''', PW=pw12))

add('h13/charts/monitoring/values.yaml', fill('''kube-prometheus-stack:
  grafana:
    enabled: true
    ingress:
      enabled: true
      hosts:
        - grafana.kitehall.io

  alertmanager:
    config:
      global:
        resolve_timeout: 5m
        slack_api_url: https://slack.com/api/chat.postMessage
      route:
        receiver: slack-oncall
        group_by: ["alertname", "namespace"]
        group_wait: 30s
        repeat_interval: 4h
      receivers:
        - name: slack-oncall
          slack_configs:
            - channel: "#oncall-alerts"
              send_resolved: true
              title: '{{ .CommonLabels.alertname }}'
              http_config:
                authorization:
                  credentials: __XOXB__
''', XOXB='xoxb-' + r(12, string.digits) + '-' + r(13, string.digits) + '-' + r(24)))

add('h14/infra/github/main.tf', fill('''terraform {
  required_providers {
    github = {
      source  = "integrations/github"
      version = "~> 6.0"
    }
  }
}

provider "github" {
  owner = "kitehall"
  token = "__GHP__"
}

resource "github_repository" "handbook" {
  name        = "handbook"
  description = "Company handbook"
  visibility  = "private"

  has_issues = true
  has_wiki   = false
}

resource "github_branch_protection" "handbook_main" {
  repository_id = github_repository.handbook.node_id
  pattern       = "main"

  required_pull_request_reviews {
    required_approving_review_count = 1
  }
}
''', GHP=ck('ghp_')))

add('h15/infra/rds.tf', fill('''resource "aws_db_instance" "reporting" {
  identifier              = "reporting-pg"
  engine                  = "postgres"
  engine_version          = "15.5"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 100
  storage_encrypted       = true
  db_name                 = "reporting"
  username                = "reporting_admin"
  password                = "__PW__"
  db_subnet_group_name    = aws_db_subnet_group.private.name
  vpc_security_group_ids  = [aws_security_group.reporting_db.id]
  backup_retention_period = 14
  skip_final_snapshot     = false
  deletion_protection     = true

  tags = {
    team = "data"
  }
}
''', PW=rnd(24)))

add('h16/scripts/backup-shop-db.sh', fill('''#!/usr/bin/env bash
set -euo pipefail

STAMP=$(date +%Y%m%d-%H%M)
OUT=/srv/backup/shop
mkdir -p "$OUT"

mysqldump -h db1.kitehall.internal -u backup -p'__PW__' \\
  --single-transaction --routines --triggers shop | gzip > "$OUT/shop-$STAMP.sql.gz"

find "$OUT" -name 'shop-*.sql.gz' -mtime +14 -delete
echo "backup written to $OUT/shop-$STAMP.sql.gz"
''', PW=phrase('_', 4)))

add('h17/ops/Restart-AppPools.ps1', fill('''param(
    [string[]]$Servers = @("WEB01", "WEB02", "WEB03")
)

$User = "KITEHALL\\svc-deploy"
$Password = ConvertTo-SecureString "__PW__" -AsPlainText -Force
$Cred = New-Object System.Management.Automation.PSCredential ($User, $Password)

Invoke-Command -ComputerName $Servers -Credential $Cred -ScriptBlock {
    Import-Module WebAdministration
    Get-ChildItem IIS:\\AppPools | Where-Object { $_.Name -like "Portal*" } | ForEach-Object {
        Restart-WebAppPool -Name $_.Name
        Write-Output "$env:COMPUTERNAME restarted $($_.Name)"
    }
}
''', PW=wpw('!@#*')))

add('h18/Makefile', fill('''PYTHON ?= python3
PKG := kitehall_geo

.PHONY: clean dist release lint

clean:
	rm -rf build dist *.egg-info

lint:
	$(PYTHON) -m ruff check src

dist: clean
	$(PYTHON) -m build

release: dist
	$(PYTHON) -m twine check dist/*
	$(PYTHON) -m twine upload --non-interactive -u __token__ -p __PYPI__ dist/*
''', PYPI='pypi-AgEIcHlwaS5vcmcCJ' + r(155, URLB64)))

add('h19/.github/workflows/publish.yml', fill('''name: publish

on:
  release:
    types: [published]

jobs:
  publish:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm run build
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: __NPM__
''', NPM=ck('npm_')))

add('h20/.gitlab-ci.yml', fill('''stages:
  - build
  - deploy

variables:
  GIT_DEPTH: "1"

build-site:
  stage: build
  image: node:20-alpine
  script:
    - npm ci
    - npm run build
  artifacts:
    paths:
      - public/

deploy-handbook:
  stage: deploy
  image: alpine:3.19
  before_script:
    - apk add --no-cache git rsync
  script:
    - git clone https://oauth2:__GLPAT__@gitlab.com/kitehall/handbook-site.git /tmp/site
    - rsync -a --delete public/ /tmp/site/public/
    - cd /tmp/site && git add -A && git commit -m "publish $CI_COMMIT_SHORT_SHA" && git push origin main
  only:
    - main
''', GLPAT='glpat-' + r(20, URLB64)))

add('h21/roles/mysql_replica/tasks/main.yml', fill('''---
- name: Install MySQL server
  ansible.builtin.apt:
    name: mysql-server
    state: present
    update_cache: true

- name: Create replication user
  community.mysql.mysql_user:
    name: repl
    host: "10.20.%"
    password: "__PW__"
    priv: "*.*:REPLICATION SLAVE,REPLICATION CLIENT"
    state: present
    login_unix_socket: /run/mysqld/mysqld.sock

- name: Configure server id
  ansible.builtin.template:
    src: replica.cnf.j2
    dest: /etc/mysql/mysql.conf.d/replica.cnf
    mode: "0644"
  notify: restart mysql
''', PW=rnd(20)))

add('h22/ops/crontab.txt', fill('''# m h  dom mon dow   command
MAILTO=ops@kitehall.io
SHELL=/bin/bash

30 2 * * * PGPASSWORD='__PW__' /usr/bin/pg_dump -h 10.20.4.15 -U archiver -Fc ledger > /srv/backup/ledger-$(date +\\%F).dump 2>>/var/log/ledger-backup.log
15 4 * * 0 find /srv/backup -name 'ledger-*.dump' -mtime +30 -delete
''', PW=wpw('!@*')))

add('h23/db/migrations/V14__create_metabase_user.sql', fill('''-- Read-only account for the Metabase dashboards (ticket OPS-412)
CREATE USER IF NOT EXISTS 'metabase'@'10.20.%' IDENTIFIED BY '__PW__';
GRANT SELECT ON analytics.* TO 'metabase'@'10.20.%';
GRANT SELECT ON shop.orders TO 'metabase'@'10.20.%';
FLUSH PRIVILEGES;
''', PW=wpw('!#*')))

add('h24/migrations/0031_grafana_readonly_role.sql', fill('''BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'grafana_ro') THEN
        CREATE ROLE grafana_ro LOGIN PASSWORD '__PW__';
    END IF;
END
$$;

GRANT CONNECT ON DATABASE telemetry TO grafana_ro;
GRANT USAGE ON SCHEMA metrics TO grafana_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA metrics TO grafana_ro;
ALTER DEFAULT PRIVILEGES IN SCHEMA metrics GRANT SELECT ON TABLES TO grafana_ro;

COMMIT;
''', PW=phrase('-', 4)))

add('h25/logs/catalog-service.log', fill('''2024-05-14T09:12:03.118Z INFO  [main] c.k.catalog.CatalogApplication - Starting CatalogApplication v2.8.1 using Java 17.0.10 with PID 1
2024-05-14T09:12:03.121Z INFO  [main] c.k.catalog.CatalogApplication - The following 1 profile is active: "prod"
2024-05-14T09:12:05.402Z DEBUG [main] c.k.catalog.config.MongoConfig - Connecting to mongodb+srv://catalog_rw:__PW__@catalog-prod.x7k2p.mongodb.net/catalog?retryWrites=true&w=majority
2024-05-14T09:12:05.611Z INFO  [main] org.mongodb.driver.client - MongoClient with metadata {"driver": {"name": "mongo-java-driver|sync|spring-boot", "version": "4.11.1"}} created
2024-05-14T09:12:06.034Z INFO  [cluster-ClusterId{value='66432b5e', description='null'}-catalog-prod-shard-00-01.x7k2p.mongodb.net:27017] org.mongodb.driver.cluster - Monitor thread successfully connected to server
2024-05-14T09:12:07.880Z INFO  [main] o.s.b.w.embedded.tomcat.TomcatWebServer - Tomcat started on port 8080 (http) with context path ''
2024-05-14T09:12:07.902Z INFO  [main] c.k.catalog.CatalogApplication - Started CatalogApplication in 5.214 seconds (process running for 5.9)
''', PW=rnd(16)))

nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Support ticket triage\n', '\n',
                                                             'Classify last week\'s tickets by topic.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [],
         'source': ['import pandas as pd\n', 'from openai import OpenAI\n', '\n',
                    'client = OpenAI(api_key="__OAI__")\n',
                    'tickets = pd.read_csv("exports/tickets_2024-05.csv")\n', 'len(tickets)']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [],
         'source': ['def classify(text):\n',
                    '    resp = client.chat.completions.create(\n',
                    '        model="gpt-4o-mini",\n',
                    '        messages=[{"role": "user", "content": f"Topic of this ticket in one word: {text}"}],\n',
                    '    )\n',
                    '    return resp.choices[0].message.content.strip()\n', '\n',
                    'tickets["topic"] = tickets["body"].map(classify)']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.8'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('h26/notebooks/ticket_triage.ipynb', fill(json.dumps(nb, indent=1) + '\n',
                                              OAI='sk-proj-' + r(74, URLB64) + 'T3BlbkFJ' + r(74, URLB64)))

acct = 'AC' + hx(32)
coll = {
    'info': {'_postman_id': uuid4(), 'name': 'Twilio SMS',
             'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'},
    'item': [{
        'name': 'Send SMS',
        'request': {
            'auth': {'type': 'basic', 'basic': [
                {'key': 'password', 'value': '__TOK__', 'type': 'string'},
                {'key': 'username', 'value': acct, 'type': 'string'}]},
            'method': 'POST',
            'header': [],
            'body': {'mode': 'urlencoded', 'urlencoded': [
                {'key': 'To', 'value': '+4915112345678', 'type': 'text'},
                {'key': 'From', 'value': '+4930221234567', 'type': 'text'},
                {'key': 'Body', 'value': 'Your Kitehall code is 482913', 'type': 'text'}]},
            'url': {'raw': f'https://api.twilio.com/2010-04-01/Accounts/{acct}/Messages.json', 'protocol': 'https',
                    'host': ['api', 'twilio', 'com'],
                    'path': ['2010-04-01', 'Accounts', acct, 'Messages.json']},
        },
        'response': [],
    }],
}
add('h27/postman/Twilio SMS.postman_collection.json', fill(json.dumps(coll, indent='\t'), TOK=hx(32)))

add('h28/docs/runbooks/warehouse.md', fill('''# Runbook: reporting warehouse

## Access

The warehouse host is only reachable through the bastion:

```
ssh -J ops@bastion.kitehall.io analyst@10.20.7.12
psql "host=wh-01.kitehall.internal dbname=warehouse user=wh_admin"
```

Password for `wh_admin`: `__PW__`

## Nightly load failed

1. Check `journalctl -u wh-loader --since today`.
2. If the S3 listing timed out, rerun `sudo systemctl start wh-loader`.
3. If a partition is half loaded, drop it with `SELECT wh.drop_partition('YYYY-MM-DD');` and rerun.
''', PW=phrase('-', 4)))

add('h29/src/embed.rs', fill('''use serde::Deserialize;

const MODEL_URL: &str =
    "https://api-inference.huggingface.co/models/sentence-transformers/all-MiniLM-L6-v2";

#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Embeddings(pub Vec<Vec<f32>>);

pub async fn embed(client: &reqwest::Client, texts: &[String]) -> Result<Embeddings, reqwest::Error> {
    client
        .post(MODEL_URL)
        .bearer_auth("__HF__")
        .json(&serde_json::json!({ "inputs": texts }))
        .send()
        .await?
        .error_for_status()?
        .json::<Embeddings>()
        .await
}
''', HF='hf_' + r(34, string.ascii_letters)))

add('h30/src/Kitehall.Notifications/MailSender.cs', fill('''using System.Net;
using System.Net.Mail;

namespace Kitehall.Notifications;

public sealed class MailSender : IDisposable
{
    private readonly SmtpClient _client = new("smtp.office365.com", 587)
    {
        EnableSsl = true,
        DeliveryMethod = SmtpDeliveryMethod.Network,
        Credentials = new NetworkCredential("noreply@kitehall.io", "__PW__"),
    };

    public Task SendAsync(MailMessage message) => _client.SendMailAsync(message);

    public void Dispose() => _client.Dispose();
}
''', PW=wpw('!@#*')))

add('h31/lib/db.php', fill('''<?php

declare(strict_types=1);

function db(): PDO
{
    static $pdo = null;

    if ($pdo === null) {
        $pdo = new PDO(
            'mysql:host=10.20.4.22;dbname=shop;charset=utf8mb4',
            'shop_web',
            '__PW__',
            [
                PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
                PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
            ]
        );
    }

    return $pdo;
}
''', PW=rnd(20, '!*-')))

add('h32/config/initializers/sidekiq.rb', fill('''# frozen_string_literal: true

redis_url = "redis://:__PW__@redis-jobs.kitehall.internal:6379/1"

Sidekiq.configure_server do |config|
  config.redis = { url: redis_url, network_timeout: 5 }
  config.logger.level = Logger::INFO
end

Sidekiq.configure_client do |config|
  config.redis = { url: redis_url, network_timeout: 5 }
end
''', PW=rnd(26)))

add('h33/src/main/java/io/kitehall/pos/SquareConfig.java', fill('''package io.kitehall.pos;

import com.squareup.square.Environment;
import com.squareup.square.SquareClient;
import com.squareup.square.authentication.BearerAuthModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class SquareConfig {

    @Bean
    public SquareClient squareClient() {
        return new SquareClient.Builder()
                .environment(Environment.PRODUCTION)
                .bearerAuthCredentials(new BearerAuthModel.Builder("__SQ__").build())
                .build();
    }
}
''', SQ='EAAA' + r(60, URLB64)))

add('h34/src/mailer.js', fill('''const nodemailer = require("nodemailer");

const transporter = nodemailer.createTransport({
  host: "smtp.fastmail.com",
  port: 465,
  secure: true,
  auth: {
    user: "alerts@kitehall.io",
    pass: "__PW__",
  },
});

async function sendAlert(to, subject, text) {
  return transporter.sendMail({
    from: '"Kitehall Alerts" <alerts@kitehall.io>',
    to,
    subject,
    text,
  });
}

module.exports = { sendAlert };
''', PW=r(16, LOWD)))

add('h35/conf/application.conf', fill('''play.http.secret.key = ${?APPLICATION_SECRET}
play.i18n.langs = ["en", "de"]

play.filters.hosts {
  allowed = ["inventory.kitehall.io", "localhost:9000"]
}

db.default {
  driver = org.postgresql.Driver
  url = "jdbc:postgresql://pg-3.kitehall.internal:5432/inventory"
  username = "inventory"
  password = "__PW__"
}

play.evolutions.db.default.autoApply = true
fixedConnectionPool = 9
''', PW=phrase('_', 3) + '_' + r(3, string.digits)))

add('h36/Courier/AppDelegate.swift', fill('''import GoogleMaps
import UIKit

@main
class AppDelegate: UIResponder, UIApplicationDelegate {

    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?
    ) -> Bool {
        GMSServices.provideAPIKey("__GK__")
        return true
    }

    func application(
        _ application: UIApplication,
        configurationForConnecting connectingSceneSession: UISceneSession,
        options: UIScene.ConnectionOptions
    ) -> UISceneConfiguration {
        UISceneConfiguration(name: "Default Configuration", sessionRole: connectingSceneSession.role)
    }
}
''', GK='AIza' + r(35, URLB64)))

add('h37/apache/sites-available/nexus.conf', fill('''<VirtualHost *:443>
    ServerName nexus.kitehall.io

    SSLEngine on
    SSLCertificateFile /etc/ssl/certs/nexus.kitehall.io.crt
    SSLCertificateKeyFile /etc/ssl/private/nexus.kitehall.io.key

    ProxyPreserveHost On
    ProxyPass / http://127.0.0.1:8081/
    ProxyPassReverse / http://127.0.0.1:8081/

    <Location />
        AuthType Basic
        AuthName "Kitehall staff"
        AuthBasicProvider ldap
        AuthLDAPURL "ldaps://ldap.kitehall.io/ou=people,dc=kitehall,dc=io?uid?sub?(objectClass=inetOrgPerson)"
        AuthLDAPBindDN "cn=apache-bind,ou=services,dc=kitehall,dc=io"
        AuthLDAPBindPassword "__PW__"
        Require ldap-group cn=engineering,ou=groups,dc=kitehall,dc=io
    </Location>
</VirtualHost>
''', PW=rnd(19, '!*-')))

add('h38/k8s/external-dns/secret.yaml', fill('''apiVersion: v1
kind: Secret
metadata:
  name: digitalocean-dns
  namespace: external-dns
  labels:
    app.kubernetes.io/name: external-dns
type: Opaque
stringData:
  DO_TOKEN: __DO__
''', DO='dop_v1_' + hx(64)))

add('h39/.circleci/config.yml', fill('''version: 2.1

jobs:
  build-image:
    docker:
      - image: cimg/base:2024.02
        auth:
          username: kitehallci
          password: __DCKR__
    steps:
      - checkout
      - setup_remote_docker:
          docker_layer_caching: true
      - run:
          name: Build and push
          command: |
            docker build -t kitehall/courier-api:$CIRCLE_SHA1 .
            docker push kitehall/courier-api:$CIRCLE_SHA1

workflows:
  main:
    jobs:
      - build-image:
          filters:
            branches:
              only: main
''', DCKR='dckr_pat_' + r(27, URLB64)))

add('h40/config/kafka-client.properties', fill('''# Confluent Cloud cluster lkc-prod-eu (orders)
bootstrap.servers=pkc-4r297.europe-west1.gcp.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='__CK__' password='__CS__';
client.dns.lookup=use_all_dns_ips
session.timeout.ms=45000
acks=all
key.serializer=org.apache.kafka.common.serialization.StringSerializer
value.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer
''', CK=r(16, UPD), CS=r(64, B64)))

# ---------------------------------------------------------------- negatives

add('x01/src/main/resources/application-prod.yml', '''spring:
  application:
    name: billing-service
  datasource:
    url: jdbc:postgresql://${DB_HOST:localhost}:5432/billing
    username: ${DB_USERNAME}
    password: ${DB_PASSWORD}
  mail:
    host: smtp.kitehall.io
    username: ${SMTP_USER}
    password: ${SMTP_PASSWORD:}

billing:
  stripe:
    api-key: ${STRIPE_API_KEY}
    webhook-secret: ${STRIPE_WEBHOOK_SECRET}
''')

add('x02/docker-compose.yml', '''services:
  db:
    image: mariadb:10.11
    environment:
      MARIADB_ROOT_PASSWORD_FILE: /run/secrets/db_root_password
      MARIADB_DATABASE: wiki
      MARIADB_USER: wiki
      MARIADB_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_root_password
      - db_password

  wiki:
    image: bookstack:v24.02
    environment:
      DB_HOST: db
      DB_USERNAME: wiki
      DB_PASSWORD: ${WIKI_DB_PASSWORD:?set WIKI_DB_PASSWORD}
    depends_on:
      - db

secrets:
  db_root_password:
    file: ./secrets/db_root_password.txt
  db_password:
    file: ./secrets/db_password.txt
''')

add('x03/infra/rds.tf', '''variable "db_password" {
  description = "Master password for the reporting database"
  type        = string
  sensitive   = true
}

data "aws_secretsmanager_secret_version" "github" {
  secret_id = "ci/github-token"
}

provider "github" {
  owner = "kitehall"
  token = data.aws_secretsmanager_secret_version.github.secret_string
}

resource "aws_db_instance" "reporting" {
  identifier     = "reporting-pg"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "reporting_admin"
  password       = var.db_password
}
''')

add('x04/.github/workflows/publish.yml', '''name: publish

on:
  release:
    types: [published]

jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      contents: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
      - name: Notify
        run: curl -fsS -X POST -H "Authorization: Bearer $SLACK_TOKEN" https://slack.com/api/chat.postMessage -d channel=releases -d text="published"
        env:
          SLACK_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}
''')

add('x05/.env.example', '''# Copy to .env and fill in the values for your environment.
APP_NAME=Roster
APP_ENV=local
APP_KEY=
APP_DEBUG=true

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=roster
DB_USERNAME=roster
DB_PASSWORD=changeme

MAIL_MAILER=smtp
MAIL_HOST=smtp.sendgrid.net
MAIL_USERNAME=apikey
MAIL_PASSWORD=<your-sendgrid-api-key>

STRIPE_SECRET=REPLACE_ME
SENTRY_LARAVEL_DSN=
''')

add('x06/docs/runbooks/warehouse.md', '''# Runbook: reporting warehouse

## Access

Credentials live in 1Password (vault "Infra", item "warehouse wh_admin"). Never paste them in tickets.

```
export PGPASSWORD="$(op read 'op://Infra/warehouse wh_admin/password')"
psql "host=wh-01.kitehall.internal dbname=warehouse user=wh_admin"
```

When you share a connection string in chat, redact it: `postgresql://wh_admin:****@wh-01.kitehall.internal/warehouse`.

## Calling the loader API

```
curl -H "Authorization: Bearer <token>" https://loader.kitehall.io/v1/runs
```

Replace `<token>` with a token from `wh-loader tokens create --ttl 1h`.
''')

add('x07/roles/mysql_replica/tasks/main.yml', fill('''---
- name: Create replication user
  community.mysql.mysql_user:
    name: repl
    host: "10.20.%"
    password: "{{ vault_repl_password }}"
    priv: "*.*:REPLICATION SLAVE"
    state: present
  no_log: true

- name: Authorize the backup host key
  ansible.posix.authorized_key:
    user: backup
    state: present
    key: "ssh-ed25519 __PUB__ backup@bk-01"

- name: Monitoring token from the environment
  ansible.builtin.set_fact:
    monitor_token: "{{ lookup('ansible.builtin.env', 'MONITOR_TOKEN') }}"
''', PUB=base64.b64encode(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20'
                          + bytes(random.getrandbits(8) for _ in range(32))).decode()))

add('x08/logs/gateway.log', fill('''2024-05-14T10:02:11.481Z INFO  request_id=__U1__ method=GET path=/v1/orders status=200 duration_ms=42 auth=Bearer ****
2024-05-14T10:02:11.902Z INFO  request_id=__U2__ method=POST path=/v1/orders status=201 duration_ms=118 auth=[REDACTED]
2024-05-14T10:02:12.337Z WARN  request_id=__U3__ method=GET path=/v1/orders/9921 status=404 duration_ms=7
2024-05-14T10:02:15.010Z INFO  deploy image=registry.kitehall.io/gateway@sha256:__D1__ config_sha256=__D2__
2024-05-14T10:02:15.044Z INFO  loaded api keys from vault path=secret/data/gateway/api-keys count=14
''', U1=uuid4(), U2=uuid4(), U3=uuid4(), D1=hx(64), D2=hx(64)))

add('x09/scripts/sync_invoices.py', '''import os

import boto3
import stripe

stripe.api_key = os.environ["STRIPE_API_KEY"]

session = boto3.Session(profile_name=os.environ.get("AWS_PROFILE", "billing"))
s3 = session.client("s3", region_name="eu-west-1")


def sync(month: str) -> int:
    count = 0
    for invoice in stripe.Invoice.list(created={"gte": month}).auto_paging_iter():
        s3.put_object(Bucket="kitehall-invoices", Key=f"{month}/{invoice.id}.json", Body=str(invoice))
        count += 1
    return count
''')

add('x10/k8s/catalog/deployment.yaml', fill('''apiVersion: apps/v1
kind: Deployment
metadata:
  name: catalog
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: catalog
  template:
    metadata:
      labels:
        app: catalog
    spec:
      containers:
        - name: catalog
          image: registry.kitehall.io/catalog@sha256:__D1__
          env:
            - name: MONGO_URI
              valueFrom:
                secretKeyRef:
                  name: catalog-mongo
                  key: uri
            - name: REDIS_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: catalog-redis
                  key: password
          envFrom:
            - configMapRef:
                name: catalog-config
''', D1=hx(64)))

coll2 = {
    'info': {'_postman_id': uuid4(), 'name': 'Twilio SMS',
             'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'},
    'item': [{
        'name': 'Send SMS',
        'request': {
            'auth': {'type': 'basic', 'basic': [
                {'key': 'password', 'value': '{{twilioAuthToken}}', 'type': 'string'},
                {'key': 'username', 'value': '{{twilioAccountSid}}', 'type': 'string'}]},
            'method': 'POST',
            'header': [],
            'url': {'raw': 'https://api.twilio.com/2010-04-01/Accounts/{{twilioAccountSid}}/Messages.json',
                    'protocol': 'https', 'host': ['api', 'twilio', 'com'],
                    'path': ['2010-04-01', 'Accounts', '{{twilioAccountSid}}', 'Messages.json']},
        },
        'response': [],
    }],
    'variable': [{'key': 'twilioAccountSid', 'value': ''}, {'key': 'twilioAuthToken', 'value': ''}],
}
add('x11/postman/Twilio SMS.postman_collection.json', json.dumps(coll2, indent='\t'))

add('x12/internal/cache/redis.go', '''package cache

import (
	"context"
	"os"

	"github.com/redis/go-redis/v9"
)

// New returns the shared client for the order cache. The password comes from
// REDIS_PASSWORD, for example: export REDIS_PASSWORD=your-password-here
func New(ctx context.Context) (*redis.Client, error) {
	rdb := redis.NewClient(&redis.Options{
		Addr:     os.Getenv("REDIS_ADDR"),
		Password: os.Getenv("REDIS_PASSWORD"),
		DB:       2,
	})
	return rdb, rdb.Ping(ctx).Err()
}
''')

write()
