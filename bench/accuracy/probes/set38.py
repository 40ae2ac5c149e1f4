# Usage: python3 set38.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 38 (stop 30): held out. What a 2026 secret-scanning team finds across a company's repositories in one week
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, random, struct

start()

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')
URLSAFE = A + '-_'
B64 = A + '+/'
UPNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
LOWNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'


def ok(v: str) -> bool:
    low = v.lower()
    return not any(w in low for w in BAD)


def q(n: int, al: str = A) -> str:
    """A random draw with no forbidden word in it."""
    while True:
        v = r(n, al)
        if ok(v):
            return v


def qk(prefix: str) -> str:
    while True:
        v = ck(prefix)
        if ok(v):
            return v


def dig(n: int) -> str:
    return random.choice('123456789') + r(n - 1, '0123456789')


WORDS = ['Summer', 'Winter', 'Autumn', 'Falcon', 'Harbor', 'Maple', 'Orbit', 'Copper', 'Tiger', 'Granite',
         'Bluebird', 'Rocket', 'Pelican', 'Saturn', 'Cobalt', 'Willow', 'Phoenix', 'Lantern', 'Juniper', 'Marble']


def hpw() -> str:
    """A password the way a person makes one."""
    w = random.choice(WORDS)
    style = random.randint(0, 3)
    if style == 0:
        return w + str(random.randint(2019, 2026)) + random.choice('!@#$%')
    if style == 1:
        return w + random.choice('!@#$') + w.lower()[:3] + str(random.randint(10, 999))
    if style == 2:
        return random.choice(WORDS).lower() + '-' + random.choice(WORDS).lower() + '-' + str(random.randint(10, 99))
    return w[0].lower() + w[1:] + '_' + str(random.randint(1000, 9999)) + random.choice('!#*')


def gpw(n: int = 0) -> str:
    """A generated password."""
    n = n or random.randint(16, 24)
    while True:
        v = random.choice(A) + r(n - 1, A + '!#%^*-_=+')
        if ok(v) and any(c.isdigit() for c in v):
            return v


def upw(n: int = 0) -> str:
    """A generated password that needs no escaping inside a URL."""
    n = n or random.randint(16, 28)
    while True:
        v = r(n, A + '-_')
        if ok(v) and any(c.isdigit() for c in v) and v[0] not in '-_':
            return v


def rb(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b


def der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + der_len(len(body)) + body


def dint(raw: bytes) -> bytes:
    raw = raw.lstrip(b'\0') or b'\0'
    if raw[0] & 0x80:
        raw = b'\0' + raw
    return der(0x02, raw)


def big(nbytes: int) -> bytes:
    b = bytearray(rb(nbytes))
    b[0] |= 0x80
    return bytes(b)


def rsa_der() -> bytes:
    return der(0x30, dint(b'\0') + dint(big(256)) + dint(b'\x01\x00\x01') + dint(big(256)) + dint(big(128))
               + dint(big(128)) + dint(big(128)) + dint(big(128)) + dint(big(128)))


def pem(label: str, data: bytes, width: int = 64) -> str:
    s = base64.b64encode(data).decode()
    lines = [s[i:i + width] for i in range(0, len(s), width)]
    return '-----BEGIN %s-----\n%s\n-----END %s-----\n' % (label, '\n'.join(lines), label)


def rsa_pem() -> str:
    return pem('RSA PRIVATE KEY', rsa_der())


def pkcs8_pem() -> str:
    alg = der(0x30, der(0x06, bytes.fromhex('2a864886f70d010101')) + b'\x05\x00')
    return pem('PRIVATE KEY', der(0x30, dint(b'\0') + alg + der(0x04, rsa_der())))


def ec_pem() -> str:
    k = rb(32)
    pub = b'\x04' + rb(64)
    body = dint(b'\x01') + der(0x04, k) + der(0xa0, der(0x06, bytes.fromhex('2a8648ce3d030107'))) \
        + der(0xa1, der(0x03, b'\0' + pub))
    return pem('EC PRIVATE KEY', der(0x30, body))


def sstr(b: bytes) -> bytes:
    return struct.pack('>I', len(b)) + b


def openssh_ed25519(comment: str) -> str:
    pub = rb(32)
    seed = rb(32)
    pubblob = sstr(b'ssh-ed25519') + sstr(pub)
    chk = rb(4)
    priv = chk + chk + sstr(b'ssh-ed25519') + sstr(pub) + sstr(seed + pub) + sstr(comment.encode())
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = b'openssh-key-v1\0' + sstr(b'none') + sstr(b'none') + sstr(b'') + struct.pack('>I', 1) \
        + sstr(pubblob) + sstr(priv)
    return pem('OPENSSH PRIVATE KEY', blob, 70)


def aws_id(prefix: str = 'AKIA') -> str:
    return prefix + q(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


def aws_secret() -> str:
    return q(40, B64)


def b64r(nbytes: int) -> str:
    while True:
        v = base64.b64encode(rb(nbytes)).decode()
        if ok(v):
            return v


def b64s(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def uuid() -> str:
    return '%s-%s-4%s-%s%s-%s' % (hx(8), hx(4), hx(3), random.choice('89ab'), hx(3), hx(12))


# ---------------------------------------------------------------- positives c01-c08

pg_pw = upw(20)
add('c01/services/orders-api/.env', '''NODE_ENV=production
PORT=8080
LOG_LEVEL=info

DATABASE_URL=postgresql://orders_app:%s@orders-prod.c8kq2lmw4hzt.eu-west-1.rds.amazonaws.com:5432/orders?sslmode=require

AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=%s
AWS_SECRET_ACCESS_KEY=%s
S3_BUCKET=lumen-orders-invoices-prod

REDIS_URL=redis://orders-cache.k2v9rq.ng.0001.euw1.cache.amazonaws.com:6379
FEATURE_FLAGS_REFRESH_SECONDS=30
''' % (pg_pw, aws_id(), aws_secret()))

add('c02/scripts/sync-mirrors.sh', '''#!/usr/bin/env bash
# Mirrors the vendored forks into the internal org every night (cron on build-02).
set -euo pipefail

GH_TOKEN="%s"
ORG="northwind-platform"
WORKDIR=/var/tmp/mirrors

mkdir -p "$WORKDIR"
cd "$WORKDIR"

for repo in grpc-gateway envoy-filters protoc-gen-validate; do
  if [ ! -d "$repo" ]; then
    git clone --mirror "https://x-access-token:${GH_TOKEN}@github.com/${ORG}/${repo}.git" "$repo"
  fi
  (cd "$repo" && git fetch --prune origin && git push --mirror "https://x-access-token:${GH_TOKEN}@github.com/${ORG}-mirror/${repo}.git")
done

echo "mirrors synced at $(date -u +%%FT%%TZ)"
''' % qk('ghp_'))

add('c03/billing-service/src/main/resources/application-prod.yml', '''server:
  port: 8443
  ssl:
    enabled: true
    key-store: classpath:keystore/billing.p12
    key-store-password: %s
    key-store-type: PKCS12

spring:
  application:
    name: billing-service
  datasource:
    url: jdbc:postgresql://pg-billing-01.internal.corvid.io:5432/billing
    username: billing_svc
    password: %s
    hikari:
      maximum-pool-size: 20
      connection-timeout: 30000
  jpa:
    hibernate:
      ddl-auto: validate
    open-in-view: false

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
''' % (hpw(), gpw()))

add('c04/ops/alerting/notify.py', '''"""Posts failed-job summaries to #data-pipeline-alerts."""
import json
import sys
import urllib.request

SLACK_WEBHOOK = "https://hooks.slack.com/services/T%s/B%s/%s"


def notify(job: str, error: str) -> None:
    payload = {
        "text": f":red_circle: *{job}* failed",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f":red_circle: *{job}* failed"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"```{error[:2500]}```"}},
        ],
    }
    req = urllib.request.Request(
        SLACK_WEBHOOK,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(req, timeout=10)


if __name__ == "__main__":
    notify(sys.argv[1], sys.stdin.read())
''' % (q(8, UPNUM), q(10, UPNUM), q(24)))

oai = 'sk-proj-' + q(74, URLSAFE) + 'T3BlbkFJ' + q(74, URLSAFE)
add('c05/research/notebooks/ticket_classifier.ipynb', '''{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Support ticket triage with GPT\\n",
    "Quick experiment: classify last month's tickets into routing queues."
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "metadata": {},
   "outputs": [],
   "source": [
    "import pandas as pd\\n",
    "from openai import OpenAI\\n",
    "\\n",
    "client = OpenAI(api_key=\\"%s\\")\\n",
    "df = pd.read_parquet(\\"s3://helio-analytics/support/tickets_2025_11.parquet\\")"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "billing     412\\n",
      "technical   388\\n",
      "account     141\\n"
     ]
    }
   ],
   "source": [
    "def classify(text):\\n",
    "    resp = client.chat.completions.create(\\n",
    "        model=\\"gpt-4o-mini\\",\\n",
    "        messages=[{\\"role\\": \\"system\\", \\"content\\": \\"Answer with one of: billing, technical, account.\\"},\\n",
    "                  {\\"role\\": \\"user\\", \\"content\\": text}],\\n",
    "    )\\n",
    "    return resp.choices[0].message.content.strip()\\n",
    "\\n",
    "df[\\"queue\\"] = df[\\"body\\"].map(classify)\\n",
    "print(df[\\"queue\\"].value_counts().to_string())"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
  "language_info": {"name": "python", "version": "3.11.9"}
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
''' % oai)

add('c06/deploy/keys/deploy_rsa', rsa_pem())

add('c07/shop/settings/production.py', '''from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["shop.brightfernhome.com", "www.brightfernhome.com"]

SECRET_KEY = "%s"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "brightfern",
        "USER": "brightfern",
        "PASSWORD": "%s",
        "HOST": "db-primary.brightfern.internal",
        "PORT": "5432",
    }
}

STRIPE_PUBLISHABLE_KEY = "pk_live_51%s"
STRIPE_SECRET_KEY = "sk_live_51%s"
STRIPE_WEBHOOK_SECRET = "whsec_%s"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.eu.mailgun.org"
''' % (q(50, 'abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)'), hpw(), q(97), q(97), q(32)))

inv_pw = upw(22)
redis_pw = q(32)
add('c08/docker-compose.prod.yml', '''services:
  api:
    image: registry.gitlab.com/quarry-labs/inventory/api:1.14.2
    restart: unless-stopped
    depends_on: [db, cache]
    environment:
      DATABASE_URL: postgres://inventory:%s@db:5432/inventory
      REDIS_URL: redis://:%s@cache:6379/0
      JWT_SIGNING_KEY: %s
    ports:
      - "8000:8000"

  db:
    image: postgres:16-alpine
    restart: unless-stopped
    environment:
      POSTGRES_USER: inventory
      POSTGRES_PASSWORD: %s
      POSTGRES_DB: inventory
    volumes:
      - pgdata:/var/lib/postgresql/data

  cache:
    image: redis:7.4-alpine
    command: ["redis-server", "--requirepass", "%s", "--appendonly", "yes"]

volumes:
  pgdata:
''' % (inv_pw, redis_pw, hx(64), inv_pw, redis_pw))

# ---------------------------------------------------------------- positives c09-c16

add('c09/packages/ui-kit/.npmrc', '''@tessellate:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=%s
always-auth=true
save-exact=true
engine-strict=true
''' % qk('npm_'))

add('c10/.gitlab-ci.yml', '''stages:
  - build
  - release

variables:
  DOCKER_DRIVER: overlay2
  RELEASE_BOT_TOKEN: "glpat-%s"

build:
  stage: build
  image: node:22-bookworm
  script:
    - npm ci
    - npm run build
  artifacts:
    paths: [dist/]

release:
  stage: release
  image: registry.gitlab.com/gitlab-org/release-cli:latest
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - >
      curl --fail --request POST
      --header "PRIVATE-TOKEN: ${RELEASE_BOT_TOKEN}"
      --data "name=${CI_COMMIT_TAG}&tag_name=${CI_COMMIT_TAG}"
      "https://gitlab.com/api/v4/projects/${CI_PROJECT_ID}/releases"
''' % q(20, URLSAFE))

add('c11/apps/assistant/src/lib/claude.ts', '''import Anthropic from "@anthropic-ai/sdk";

// TODO move to secrets manager before GA
const anthropic = new Anthropic({
  apiKey: "sk-ant-api03-%sAA",
});

export async function summarizeThread(messages: string[]): Promise<string> {
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    system: "Summarize the support thread in three bullet points.",
    messages: [{ role: "user", content: messages.join("\\n---\\n") }],
  });
  const block = response.content[0];
  return block.type === "text" ? block.text : "";
}
''' % q(93, URLSAFE))

add('c12/wp-content/plugins/acme-mailer/config.php', '''<?php
// Transactional mail settings for the storefront
defined('ABSPATH') || exit;

return [
    'driver'      => 'sendgrid',
    'from_email'  => 'orders@pinecrestoutfitters.com',
    'from_name'   => 'Pinecrest Outfitters',
    'sendgrid'    => [
        'api_key'   => 'SG.%s.%s',
        'templates' => [
            'order_confirmation' => 'd-%s',
            'shipping_update'    => 'd-%s',
        ],
    ],
    'bcc_archive' => 'mail-archive@pinecrestoutfitters.com',
];
''' % (q(22, URLSAFE), q(43, URLSAFE), hx(32), hx(32)))

add('c13/lib/sms_notifier.rb', '''require "twilio-ruby"

# Sends appointment reminders 24h ahead.
class SmsNotifier
  ACCOUNT_SID = "AC%s".freeze
  AUTH_TOKEN  = "%s".freeze
  FROM_NUMBER = "+14155550123".freeze

  def initialize
    @client = Twilio::REST::Client.new(ACCOUNT_SID, AUTH_TOKEN)
  end

  def remind(appointment)
    @client.messages.create(
      from: FROM_NUMBER,
      to: appointment.patient_phone,
      body: "Reminder: your appointment at #{appointment.clinic_name} is tomorrow at #{appointment.time_label}."
    )
  end
end
''' % (hx(32), hx(32)))

add('c14/infra/observability/terraform.tfvars', '''environment      = "prod"
region           = "us-east-1"
datadog_site     = "datadoghq.com"
datadog_api_key  = "%s"
datadog_app_key  = "%s"
alert_slack_channel = "@slack-platform-oncall"
log_retention_days  = 15
''' % (hx(32), hx(40)))

mongo_pw = upw(16)
add('c15/server/config/db.js', '''const mongoose = require("mongoose");

const MONGO_URI =
  process.env.MONGO_URI ||
  "mongodb+srv://tripnest-api:%s@cluster0.%s.mongodb.net/tripnest?retryWrites=true&w=majority&appName=Cluster0";

async function connect() {
  mongoose.set("strictQuery", true);
  await mongoose.connect(MONGO_URI, { maxPoolSize: 20 });
  console.log("MongoDB connected");
}

module.exports = { connect };
''' % (mongo_pw, q(5, LOWNUM)))

add('c16/src/Contoso.Claims.Api/appsettings.Production.json', '''{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "TenantId": "%s",
    "ClientId": "%s",
    "ClientSecret": "%s8Q~%s"
  },
  "ConnectionStrings": {
    "ClaimsDb": "Server=tcp:sql-claims-prod.database.windows.net,1433;Initial Catalog=claims;User ID=claimsapi;Password=%s;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;",
    "Storage": "DefaultEndpointsProtocol=https;AccountName=stclaimsdocsprod;AccountKey=%s;EndpointSuffix=core.windows.net"
  }
}
''' % (uuid(), uuid(), q(3), q(34, A + '_.~-'), upw(18), b64r(64)))

# ---------------------------------------------------------------- positives c17-c24

sa_key = pkcs8_pem().replace('\n', '\\n')
add('c17/etl/credentials/bq-loader-prod-4f21a9c0e3b7.json', '''{
  "type": "service_account",
  "project_id": "orbital-data-prod",
  "private_key_id": "%s",
  "private_key": "%s",
  "client_email": "bq-loader@orbital-data-prod.iam.gserviceaccount.com",
  "client_id": "%s",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/bq-loader%%40orbital-data-prod.iam.gserviceaccount.com",
  "universe_domain": "googleapis.com"
}
''' % (hx(40), sa_key, dig(21)))

k8_db = upw(24)
add('c18/k8s/overlays/prod/payments-secrets.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: payments-api-secrets
  namespace: payments
  labels:
    app.kubernetes.io/name: payments-api
    app.kubernetes.io/part-of: checkout
type: Opaque
stringData:
  DATABASE_URL: "postgres://payments:%s@payments-db.payments.svc.cluster.local:5432/payments"
  ADYEN_API_KEY: "AQE''' '''%s==-%s-%s"
  ADYEN_HMAC_KEY: "%s"
data:
  REDIS_PASSWORD: %s
''' % (k8_db, q(93, B64), b64r(32), q(16), hx(64).upper(), b64s(upw(20))))

add('c19/terraform/environments/staging/providers.tf', '''terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
  backend "s3" {
    bucket = "kestrel-tfstate-staging"
    key    = "platform/terraform.tfstate"
    region = "us-west-2"
  }
}

provider "aws" {
  region     = "us-west-2"
  access_key = "%s"
  secret_key = "%s"

  default_tags {
    tags = {
      Environment = "staging"
      ManagedBy   = "terraform"
    }
  }
}
''' % (aws_id(), aws_secret()))

add('c20/.github/workflows/publish-image.yml', '''name: publish-image

on:
  push:
    tags: ["v*"]

jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4

      - name: Set up Buildx
        uses: docker/setup-buildx-action@v3

      - name: Log in to Docker Hub
        run: echo "dckr_''' '''pat_%s" | docker login -u driftwoodci --password-stdin

      - name: Build and push
        uses: docker/build-push-action@v6
        with:
          push: true
          platforms: linux/amd64,linux/arm64
          tags: driftwood/edge-proxy:${{ github.ref_name }},driftwood/edge-proxy:latest
''' % q(27, URLSAFE))

add('c21/reporting/src/main/java/com/lindqvist/reporting/ReportRepository.java', '''package com.lindqvist.reporting;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

public class ReportRepository {

    private static final String URL = "jdbc:mysql://mysql-reporting.lindqvist.local:3306/reporting?useSSL=true";
    private static final String USER = "rpt_reader";
    private static final String PASS = "%s";

    public List<DailyTotal> dailyTotals(LocalDate from, LocalDate to) throws SQLException {
        List<DailyTotal> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, USER, PASS);
             PreparedStatement ps = c.prepareStatement(
                 "SELECT day, SUM(amount) FROM sales WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DailyTotal(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2)));
                }
            }
        }
        return out;
    }
}
''' % hpw())

add('c22/.pypirc', '''[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = pypi-''' '''AgEIcHlwaS5vcmcCJD%s

[internal]
repository = https://nexus.harborline.dev/repository/pypi-internal/
username = deploy-py
password = %s
''' % (q(150, URLSAFE), gpw()))

add('c23/ml/scripts/push_model.py', '''#!/usr/bin/env python3
"""Uploads the fine-tuned checkpoint to the private org on the Hub."""
from pathlib import Path

from huggingface_hub import HfApi

HF_TOKEN = "hf_%s"
REPO_ID = "quillstack/invoice-extractor-v3"


def main() -> None:
    api = HfApi(token=HF_TOKEN)
    api.create_repo(REPO_ID, private=True, exist_ok=True)
    api.upload_folder(
        folder_path=Path("outputs/checkpoint-final"),
        repo_id=REPO_ID,
        commit_message="v3: trained on 2025-Q4 invoices",
    )


if __name__ == "__main__":
    main()
''' % q(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'))

add('c24/internal/notify/mailer.go', '''package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/mailgun/mailgun-go/v4"
)

const (
	mgDomain = "mg.fieldbook.app"
	mgAPIKey = "%s-%s-%s"
	sender   = "Fieldbook <no-reply@fieldbook.app>"
)

// SendInvite e-mails a workspace invitation.
func SendInvite(ctx context.Context, to, workspace, link string) error {
	mg := mailgun.NewMailgun(mgDomain, mgAPIKey)
	mg.SetAPIBase(mailgun.APIBaseEU)

	msg := mg.NewMessage(sender,
		fmt.Sprintf("You're invited to %%s on Fieldbook", workspace),
		fmt.Sprintf("Join %%s: %%s", workspace, link),
		to)

	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, _, err := mg.Send(ctx, msg)
	return err
}
''' % (hx(32), hx(8), hx(8)))

# ---------------------------------------------------------------- positives c25-c32

add('c25/services/checkout/newrelic.yml', '''common: &default_settings
  license_key: '%sNRAL'
  app_name: checkout-service
  distributed_tracing:
    enabled: true
  log_level: info
  application_logging:
    forwarding:
      enabled: true

production:
  <<: *default_settings

staging:
  <<: *default_settings
  app_name: checkout-service (staging)
''' % hx(36))

slack_bot = 'xoxb-%s-%s-%s' % (dig(12), dig(13), q(24))
ci_db = upw(20)
add('c26/ci-logs/deploy-prod-8841.log', '''2025-12-02T14:03:11.402Z ##[group]Run ./scripts/deploy.sh prod
2025-12-02T14:03:11.402Z ./scripts/deploy.sh prod
2025-12-02T14:03:11.403Z shell: /usr/bin/bash -e {0}
2025-12-02T14:03:11.403Z ##[endgroup]
2025-12-02T14:03:11.511Z + ENVIRONMENT=prod
2025-12-02T14:03:11.512Z + export DATABASE_URL=postgres://ledger_app:%s@ledger-prod.cluster-cj3nqq8x1z2k.us-east-2.rds.amazonaws.com:5432/ledger
2025-12-02T14:03:11.512Z + DATABASE_URL=postgres://ledger_app:%s@ledger-prod.cluster-cj3nqq8x1z2k.us-east-2.rds.amazonaws.com:5432/ledger
2025-12-02T14:03:11.513Z + npx prisma migrate deploy
2025-12-02T14:03:14.870Z Prisma schema loaded from prisma/schema.prisma
2025-12-02T14:03:15.102Z Datasource "db": PostgreSQL database "ledger", schema "public" at "ledger-prod.cluster-cj3nqq8x1z2k.us-east-2.rds.amazonaws.com:5432"
2025-12-02T14:03:15.880Z No pending migrations to apply.
2025-12-02T14:03:15.901Z + kubectl -n ledger rollout restart deployment/ledger-api
2025-12-02T14:03:16.233Z deployment.apps/ledger-api restarted
2025-12-02T14:03:16.234Z + curl -s -X POST https://slack.com/api/chat.postMessage -H 'Authorization: Bearer %s' -H 'Content-type: application/json' --data '{"channel":"C05RELEASES","text":"ledger-api deployed to prod"}'
2025-12-02T14:03:16.702Z {"ok":true,"channel":"C05RELEASES","ts":"1764684196.512309"}
2025-12-02T14:03:16.705Z Cleaning up orphan processes
''' % (ci_db, ci_db, slack_bot))

add('c27/apps/storefront-sync/.env', '''# Shopify custom app "Inventory Sync" (Admin API 2025-10)
SHOPIFY_STORE_DOMAIN=alder-and-oak.myshopify.com
SHOPIFY_API_KEY=%s
SHOPIFY_API_SECRET=%s
SHOPIFY_ADMIN_ACCESS_TOKEN=shpat_%s
SHOPIFY_API_VERSION=2025-10

WAREHOUSE_API_URL=https://wms.alderandoak.internal/api
SYNC_INTERVAL_MINUTES=10
''' % (hx(32), hx(32), hx(32)))

cf_token = q(40, URLSAFE)
vault_tok = 'hvs.CAESI' + q(87, URLSAFE)
add('c28/docs/runbooks/dns-cutover.md', '''# DNS cutover runbook (edge migration)

Owner: platform-team · Last updated: 2025-11-18

## Prerequisites

1. VPN connected to `corp-east`.
2. Export the credentials below (scoped token for the `ridgeway.io` zone only, rotate after the migration):

```bash
export CLOUDFLARE_API_TOKEN=%s
export CLOUDFLARE_ZONE_ID=%s
export VAULT_ADDR=https://vault.ridgeway.io:8200
export VAULT_TOKEN=%s
```

## Steps

1. Lower TTLs: `./scripts/ttl.sh 60` and wait 1 hour.
2. Fetch the new origin certs: `vault kv get -field=cert secret/edge/origin > origin.pem`
3. Switch records:

```bash
curl -X PATCH "https://api.cloudflare.com/client/v4/zones/$CLOUDFLARE_ZONE_ID/dns_records/$RECORD_ID" \\
  -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \\
  -H "Content-Type: application/json" \\
  --data '{"content":"203.0.113.40","proxied":true}'
```

4. Verify with `dig +short app.ridgeway.io` from two regions.

## Rollback

Re-run step 3 with the old origin `198.51.100.12`.
''' % (cf_token, hx(32), vault_tok))

add('c29/services/pricing-engine/Dockerfile', '''FROM python:3.12-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \\
    PIP_NO_CACHE_DIR=1 \\
    PIP_INDEX_URL=https://svc-build:''' '''cmVmdGtuOjAxOjE3%s@tallgrass.jfrog.io/artifactory/api/pypi/pypi-virtual/simple

WORKDIR /app
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install /wheels/* && rm -rf /wheels
COPY src/ ./src/
USER 10001
EXPOSE 8080
CMD ["gunicorn", "-b", "0.0.0.0:8080", "-w", "4", "src.app:app"]
''' % q(48))

add('c30/.mvn/settings.xml', '''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <servers>
    <server>
      <id>corp-releases</id>
      <username>ci-deployer</username>
      <password>%s</password>
    </server>
    <server>
      <id>corp-snapshots</id>
      <username>ci-deployer</username>
      <password>%s</password>
    </server>
    <server>
      <id>github</id>
      <username>vantage-bot</username>
      <password>%s</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>corp-central</id>
      <mirrorOf>central</mirrorOf>
      <url>https://nexus.vantage-systems.net/repository/maven-central/</url>
    </mirror>
  </mirrors>
</settings>
''' % ((lambda p: (p, p))(upw(18)) + (qk('ghp_'),)))

bot_id = str(random.randint(10 ** 18, 145 * 10 ** 16))
add('c31/bot/src/index.js', '''const { Client, GatewayIntentBits, Events } = require("discord.js");
const { handleCommand } = require("./commands");

const TOKEN = "%s.%s.%s";

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
});

client.once(Events.ClientReady, (c) => {
  console.log(`Logged in as ${c.user.tag}`);
});

client.on(Events.InteractionCreate, async (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  await handleCommand(interaction);
});

client.login(TOKEN);
''' % (base64.b64encode(bot_id.encode()).decode().rstrip('='), q(6, URLSAFE), q(38, URLSAFE)))

add('c32/tools/oncall_bot/bot.py', '''import logging
import os

import requests

BOT_TOKEN = "%s:AA%s"
CHAT_ID = -100%s
API = f"https://api.telegram.org/bot{BOT_TOKEN}"

logging.basicConfig(level=logging.INFO)


def page(text: str) -> None:
    r = requests.post(f"{API}/sendMessage", json={"chat_id": CHAT_ID, "text": text, "parse_mode": "HTML"}, timeout=10)
    r.raise_for_status()


if __name__ == "__main__":
    page(f"<b>PagerDuty</b> incident for {os.uname().nodename}")
''' % (dig(10), q(33, URLSAFE), dig(10)))

# ---------------------------------------------------------------- positives c33-c40

ssh_key = openssh_ed25519('deploy@bastion-01')
add('c33/ansible/inventories/prod/group_vars/all.yml', '''---
ansible_user: deploy
ansible_become: true
ansible_become_password: %s
ansible_python_interpreter: /usr/bin/python3

ntp_servers:
  - 0.pool.ntp.org
  - 1.pool.ntp.org

app_release: "2025.11.3"
app_db_host: db01.prod.fernvale.lan
app_db_user: fernvale
app_db_password: %s

deploy_ssh_private_key: |
%s''' % (hpw(), gpw(), ''.join('  ' + line + '\n' for line in ssh_key.splitlines())))

add('c34/scripts/Send-NightlyReport.ps1', '''<#
.SYNOPSIS
  Mails the nightly reconciliation CSV to finance. Scheduled task on FIN-APP02.
#>
param(
    [string]$ReportPath = "D:\\Reports\\recon_$(Get-Date -Format yyyyMMdd).csv"
)

$smtpServer = "smtp.office365.com"
$smtpUser   = "svc-reports@oakbridgefinancial.com"
$smtpPass   = ConvertTo-SecureString "%s" -AsPlainText -Force
$cred       = New-Object System.Management.Automation.PSCredential($smtpUser, $smtpPass)

Send-MailMessage -SmtpServer $smtpServer -Port 587 -UseSsl -Credential $cred `
    -From $smtpUser -To "finance-ops@oakbridgefinancial.com" `
    -Subject "Nightly reconciliation $(Get-Date -Format d)" `
    -Body "Attached: reconciliation report." -Attachments $ReportPath
''' % hpw())

rmq_pw = upw(24)
add('c35/charts/notifications/values-prod.yaml', '''replicaCount: 3

image:
  repository: ghcr.io/wavecrest/notifications
  tag: "3.8.1"
  pullPolicy: IfNotPresent

env:
  AMQP_URL: amqp://notifications:%s@rabbitmq.messaging.svc.cluster.local:5672/prod
  GRAFANA_URL: https://grafana.wavecrest.cloud
  GRAFANA_TOKEN: glsa_%s_%s
  LOG_FORMAT: json

resources:
  requests:
    cpu: 200m
    memory: 256Mi
  limits:
    memory: 512Mi

ingress:
  enabled: false
''' % (rmq_pw, q(32), hx(8)))

SALTCH = A + '!#$%&()*+,-./:;<=>?@[]^_`{|}~'
salts = ''.join("define( '%s', %s'%s' );\n" % (k, ' ' * (16 - len(k)), q(64, SALTCH)) for k in
                ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT',
                 'LOGGED_IN_SALT', 'NONCE_SALT'])
add('c36/public_html/wp-config.php', '''<?php
/**
 * The base configuration for WordPress
 */

// ** Database settings ** //
define( 'DB_NAME', 'wp_millbrook' );
define( 'DB_USER', 'millbrook_wp' );
define( 'DB_PASSWORD', '%s' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 */
%s/**#@-*/

$table_prefix = 'mbk_';

define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
''' % (gpw(), salts))

add('c37/analytics/summarize_reviews.py', '''"""Weekly digest of app-store reviews, summarized with Gemini."""
import csv
import sys

from google import genai

client = genai.Client(api_key="AIza%s")


def summarize(rows: list[dict]) -> str:
    text = "\\n".join(f"[{r['rating']}*] {r['review']}" for r in rows)
    resp = client.models.generate_content(
        model="gemini-2.5-flash",
        contents=f"Summarize the main complaints and praise in these reviews:\\n{text}",
    )
    return resp.text


if __name__ == "__main__":
    with open(sys.argv[1], newline="") as f:
        print(summarize(list(csv.DictReader(f))))
''' % q(35, URLSAFE))

add('c38/home/dev/.git-credentials', '''https://mkowalczyk:''' '''github_pat_%s_%s@github.com
https://mkowalczyk:%s@gitlab.solvatech.eu
''' % (q(22), q(59), 'glpat-' + q(20, URLSAFE)))

add('c39/streaming/consumer/src/main/resources/client.properties', '''# Confluent Cloud - cluster lkc-%s (prod, eu-central-1)
bootstrap.servers=pkc-%s.eu-central-1.aws.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanisms=PLAIN
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='%s' password='%s';
client.dns.lookup=use_all_dns_ips
session.timeout.ms=45000
acks=all

# Schema Registry
schema.registry.url=https://psrc-%s.eu-central-1.aws.confluent.cloud
basic.auth.credentials.source=USER_INFO
basic.auth.user.info=%s:%s
''' % (q(5, LOWNUM), q(5, LOWNUM), q(16, UPNUM), q(64, B64), q(5, LOWNUM), q(16, UPNUM), q(64, B64)))

add('c40/.databrickscfg', '''[DEFAULT]
host  = https://adb-%s.%s.azuredatabricks.net
token = dapi%s

[staging]
host  = https://adb-%s.%s.azuredatabricks.net
token = dapi%s-2
''' % (dig(16), random.randint(1, 19), hx(32), dig(16), random.randint(1, 19), hx(32)))

# ---------------------------------------------------------------- negatives n01-n12

add('n01/services/orders-api/.env.example', '''# Copy to .env and fill in. Never commit the real .env.
NODE_ENV=development
PORT=8080
LOG_LEVEL=debug

DATABASE_URL=postgresql://orders_app:<password>@localhost:5432/orders

AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=your-access-key-id
AWS_SECRET_ACCESS_KEY=your-secret-access-key
S3_BUCKET=

STRIPE_SECRET_KEY=sk_live_...
OPENAI_API_KEY=
SLACK_WEBHOOK_URL=https://hooks.slack.com/services/...
''')

add('n02/deploy/docker-compose.yml', '''services:
  api:
    image: ghcr.io/quarry-labs/inventory-api:${API_TAG:-latest}
    environment:
      DATABASE_URL: postgres://inventory:${POSTGRES_PASSWORD}@db:5432/inventory
      JWT_SIGNING_KEY_FILE: /run/secrets/jwt_signing_key
    secrets:
      - jwt_signing_key
    depends_on: [db]

  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: inventory
      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password
      POSTGRES_DB: inventory
    secrets:
      - postgres_password

secrets:
  jwt_signing_key:
    file: ./secrets/jwt_signing_key.txt
  postgres_password:
    environment: POSTGRES_PASSWORD
''')

add('n03/src/common/secrets.py', '''"""Loads service credentials from AWS Secrets Manager, with an env-var fallback for local runs."""
import json
import os
from functools import lru_cache

import boto3

SECRET_ID = os.environ.get("APP_SECRET_ID", "prod/orders-api/runtime")


@lru_cache(maxsize=1)
def _bundle() -> dict:
    if os.environ.get("LOCAL_SECRETS") == "1":
        return {
            "db_password": os.environ["DB_PASSWORD"],
            "stripe_secret_key": os.environ["STRIPE_SECRET_KEY"],
            "api_token": os.getenv("API_TOKEN", ""),
        }
    client = boto3.client("secretsmanager")
    resp = client.get_secret_value(SecretId=SECRET_ID)
    return json.loads(resp["SecretString"])


def get(name: str) -> str:
    password = _bundle().get(name)
    if not password:
        raise KeyError(f"secret {name!r} missing from {SECRET_ID}")
    return password
''')

ed_pub = lambda: base64.b64encode(sstr(b'ssh-ed25519') + sstr(rb(32))).decode()
rsa_pub = base64.b64encode(sstr(b'ssh-rsa') + sstr(b'\x01\x00\x01') + sstr(b'\x00' + big(256))).decode()
add('n04/infra/bastion/authorized_keys', '''# Managed by ansible role "bastion-access" - do not edit by hand
ssh-ed25519 %s a.nowak@laptop-2291
ssh-ed25519 %s j.okafor@mbp
ssh-rsa %s ci-deploy@build-02
ssh-ed25519 %s oncall-breakglass
''' % (ed_pub(), ed_pub(), rsa_pub, ed_pub()))

def lockdep(name: str, ver: str) -> str:
    return '''    "node_modules/%s": {
      "version": "%s",
      "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz",
      "integrity": "sha512-%s",
      "license": "MIT"
    }''' % (name, ver, name, name.split('/')[-1], ver, base64.b64encode(rb(64)).decode())

add('n05/web/package-lock.json', '''{
  "name": "tessellate-web",
  "version": "2.3.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "tessellate-web",
      "version": "2.3.0",
      "dependencies": {
        "axios": "^1.7.9",
        "jsonwebtoken": "^9.0.2",
        "nanoid": "^5.0.9"
      }
    },
%s
  }
}
''' % ',\n'.join(lockdep(n, v) for n, v in [('axios', '1.7.9'), ('jsonwebtoken', '9.0.2'), ('nanoid', '5.0.9'),
                                             ('jws', '3.2.2'), ('safe-buffer', '5.2.1')]))

add('n06/.github/workflows/deploy.yml', '''name: deploy

on:
  push:
    branches: [main]

permissions:
  id-token: write
  contents: read

jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::%s:role/github-deploy
          aws-region: us-east-1
      - name: Log in to Docker Hub
        uses: docker/login-action@v3
        with:
          username: ${{ vars.DOCKERHUB_USERNAME }}
          password: ${{ secrets.DOCKERHUB_TOKEN }}
      - name: Deploy
        env:
          DATABASE_URL: ${{ secrets.DATABASE_URL }}
          SENTRY_AUTH_TOKEN: ${{ secrets.SENTRY_AUTH_TOKEN }}
        run: ./scripts/deploy.sh production
''' % dig(12))

add('n07/docs/security/token-rotation.md', '''# Rotating leaked credentials

When secret scanning raises an alert, treat the credential as compromised even if the repo is private.

| Provider | Looks like | Where to revoke |
|----------|------------|-----------------|
| GitHub PAT | `ghp_` + 36 chars, `github_pat_...` | Settings -> Developer settings -> Tokens |
| AWS access key | `AKIA...` (20 chars) + 40-char secret | IAM -> Users -> Security credentials |
| Stripe | `sk_live_...` / `rk_live_...` | Dashboard -> Developers -> API keys -> Roll key |
| Slack bot | `xoxb-...` | api.slack.com/apps -> OAuth -> Revoke |
| OpenAI | `sk-proj-...` | platform.openai.com -> API keys |

## Steps

1. Revoke or roll the credential at the provider (table above).
2. Store the new value in Vault: `vault kv put secret/<team>/<service> api_key=@new_key.txt`
3. Update the consumer to read it from the environment, e.g. `STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}`.
4. Purge it from history only after rotation (`git filter-repo --replace-text`); rewriting history alone does not make it safe.

A redacted alert looks like `AWS_SECRET_ACCESS_KEY=****************************************` in the scanner UI.
''')

add('n08/k8s/base/payments-api.yaml', '''apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: payments-api
  namespace: payments
spec:
  refreshInterval: 1h
  secretStoreRef:
    name: aws-secrets-manager
    kind: ClusterSecretStore
  target:
    name: payments-api-secrets
  data:
    - secretKey: DATABASE_URL
      remoteRef:
        key: prod/payments/database-url
    - secretKey: ADYEN_API_KEY
      remoteRef:
        key: prod/payments/adyen
        property: api_key
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
  namespace: payments
spec:
  replicas: 3
  selector:
    matchLabels: {app: payments-api}
  template:
    metadata:
      labels: {app: payments-api}
    spec:
      containers:
        - name: api
          image: ghcr.io/corvid/payments-api@sha256:%s
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: {name: payments-api-secrets, key: DATABASE_URL}
            - name: ADYEN_API_KEY
              valueFrom:
                secretKeyRef: {name: payments-api-secrets, key: ADYEN_API_KEY}
''' % hx(64))

add('n09/internal/redact/redact_test.go', '''package redact

import (
	"strings"
	"testing"
)

func TestRedactMasksKnownTokenShapes(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"github", "token=ghp_" + strings.Repeat("a", 36)},
		{"aws", "aws_secret_access_key=" + strings.Repeat("X", 40)},
		{"bearer", "Authorization: Bearer <redacted-in-fixture>"},
		{"password", "password=" + strings.Repeat("*", 12)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := Redact(tc.in)
			if strings.Contains(out, strings.Repeat("a", 36)) || strings.Contains(out, strings.Repeat("X", 40)) {
				t.Fatalf("secret not masked: %q", out)
			}
		})
	}
}
''')

add('n10/billing-service/src/main/resources/application.yml', '''spring:
  application:
    name: billing-service
  datasource:
    url: ${DB_URL:jdbc:postgresql://localhost:5432/billing}
    username: ${DB_USERNAME:billing}
    password: ${DB_PASSWORD}
  cloud:
    vault:
      uri: https://vault.corvid.internal:8200
      authentication: KUBERNETES
      kubernetes:
        role: billing-service

stripe:
  api-key: ${STRIPE_SECRET_KEY}
  webhook-secret: ${STRIPE_WEBHOOK_SECRET}

server:
  ssl:
    key-store-password: ${KEYSTORE_PASSWORD}
''')

def gosum(mod: str, ver: str) -> str:
    return '%s %s h1:%s\n%s %s/go.mod h1:%s\n' % (mod, ver, base64.b64encode(rb(32)).decode(), mod, ver,
                                                  base64.b64encode(rb(32)).decode())

add('n11/go.sum', ''.join(gosum(m, v) for m, v in [
    ('github.com/aws/aws-sdk-go-v2', 'v1.32.6'), ('github.com/aws/aws-sdk-go-v2/config', 'v1.28.6'),
    ('github.com/golang-jwt/jwt/v5', 'v5.2.1'), ('github.com/mailgun/mailgun-go/v4', 'v4.18.2'),
    ('golang.org/x/crypto', 'v0.31.0'), ('golang.org/x/oauth2', 'v0.24.0'), ('google.golang.org/grpc', 'v1.68.1')]))

add('n12/terraform/modules/rds/main.tf', '''variable "db_username" {
  type    = string
  default = "app"
}

variable "db_password" {
  description = "Master password; supplied via TF_VAR_db_password from the CI secret store."
  type        = string
  sensitive   = true
}

data "aws_secretsmanager_secret_version" "api_key" {
  secret_id = "prod/app/api-key"
}

resource "aws_db_instance" "this" {
  identifier              = "app-prod"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  username                = var.db_username
  password                = var.db_password
  storage_encrypted       = true
  skip_final_snapshot     = false
}

output "api_key_arn" {
  value = data.aws_secretsmanager_secret_version.api_key.arn
}
''')
write()
