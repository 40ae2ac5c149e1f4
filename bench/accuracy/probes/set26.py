# Usage: python3 set26.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 26 (stop 27, held out): mixed-language code, config, CI/CD, docs and fixtures with provider tokens, human passwords and encoded or split credentials, plus lookalike negatives
from common import A, HEX, add, ck, hx, r, start, write
start()
import base64
import json
import random
import string
import urllib.parse

UP = string.ascii_uppercase + string.digits
LOW = string.ascii_lowercase + string.digits
B64 = A + '+/'
URLSAFE = A + '-_'


def T(s, **kw):
    """Fills «name» slots; braces of the embedded language stay literal."""
    for k, v in kw.items():
        s = s.replace('\u00ab' + k + '\u00bb', str(v))
    assert '\u00ab' not in s, s
    return s.lstrip('\n')


WORDS = ['Sunflower', 'Falcon', 'Harbor', 'Maple', 'Tiger', 'Summer', 'Winter', 'Bluebird',
         'Pumpkin', 'Dragon', 'Coffee', 'Rocket', 'Panther', 'Orchid', 'Thunder', 'Galaxy',
         'Marble', 'Copper', 'Juniper', 'Lighthouse', 'Meadow', 'Voyager', 'Cobalt', 'Phoenix',
         'Kestrel', 'Granite', 'Hazelnut', 'Saffron', 'Tundra', 'Willow']
LEET = str.maketrans({'a': '@', 'o': '0', 'e': '3', 'i': '1', 's': '$'})


def pw(sym='!#%*@?&'):
    """A password as a person picks it: words, a year or number, a symbol."""
    w1, w2 = random.sample(WORDS, 2)
    n = random.choice([str(random.randint(2015, 2025)), str(random.randint(10, 99)),
                       str(random.randint(100, 999))])
    s = random.choice(sym)
    style = random.randrange(5)
    if style == 0:
        return w1 + n + s
    if style == 1:
        return w1 + s + w2 + n
    if style == 2:
        return (w1[0] + w1[1:].lower().translate(str.maketrans({'a': '4', 'o': '0', 'e': '3'}))) + s + n
    if style == 3:
        return w1.lower() + n + s + w2
    return w1 + w2.lower() + n + s + s


def akid():
    return 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


def aws_secret():
    return r(40, B64)


def b64(s):
    return base64.b64encode(s.encode()).decode()


def ip():
    return '10.%d.%d.%d' % (random.randint(0, 40), random.randint(0, 255), random.randint(2, 250))


def pem_body(nbytes, width=64):
    raw = base64.b64encode(bytes(random.getrandbits(8) for _ in range(nbytes))).decode()
    return '\n'.join(raw[i:i + width] for i in range(0, len(raw), width))


def uuid():
    h = hx(32)
    return '-'.join([h[:8], h[8:12], '4' + h[13:16], random.choice('89ab') + h[17:20], h[20:]])


def openssh_ed25519(comment):
    """An unencrypted OpenSSH ed25519 private key file body with random key bytes."""
    import struct

    def st(b):
        return struct.pack('>I', len(b)) + b
    rb = lambda n: bytes(random.getrandbits(8) for _ in range(n))
    pub = rb(32)
    pubblob = st(b'ssh-ed25519') + st(pub)
    chk = rb(4)
    priv = chk + chk + pubblob + st(rb(32) + pub) + st(comment.encode())
    priv += bytes(range(1, 8 - len(priv) % 8 + 1)) if len(priv) % 8 else b''
    raw = b'openssh-key-v1\0' + st(b'none') + st(b'none') + st(b'') + struct.pack('>I', 1) + st(pubblob) + st(priv)
    s = base64.b64encode(raw).decode()
    return '\n'.join(s[i:i + 70] for i in range(0, len(s), 70))


# ---------------------------------------------------------------- positives, batch 1

add('k01/services/billing/export/s3_upload.py', T('''
"""Nightly export of invoice PDFs to the finance bucket."""
import logging
import os
from datetime import date

import boto3
from botocore.config import Config

log = logging.getLogger(__name__)

BUCKET = "acme-finance-exports"
REGION = "eu-west-1"

_session = boto3.session.Session(
    aws_access_key_id="«kid»",
    aws_secret_access_key="«sec»",
    region_name=REGION,
)
s3 = _session.client("s3", config=Config(retries={"max_attempts": 5}))


def upload_invoices(folder: str) -> int:
    prefix = f"invoices/{date.today():%Y/%m/%d}/"
    count = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".pdf"):
            continue
        s3.upload_file(os.path.join(folder, name), BUCKET, prefix + name)
        count += 1
    log.info("uploaded %d invoices to s3://%s/%s", count, BUCKET, prefix)
    return count


if __name__ == "__main__":
    upload_invoices(os.environ.get("EXPORT_DIR", "/var/lib/billing/out"))
''', kid=akid(), sec=aws_secret()))

add('k02/.github/workflows/release.yml', T('''
name: release

on:
  push:
    tags: ["v*"]

permissions:
  contents: write

jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: «tok»
      GOFLAGS: -mod=readonly
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - name: Build binaries
        run: make dist
      - name: Create GitHub release
        run: |
          gh release create "${GITHUB_REF_NAME}" dist/*.tar.gz \\
            --title "${GITHUB_REF_NAME}" --generate-notes
      - name: Bump homebrew tap
        run: ./scripts/bump-tap.sh "${GITHUB_REF_NAME}"
''', tok=ck('ghp_')))

add('k03/frontend/.npmrc', T('''
# Registry settings for the design-system packages
registry=https://registry.npmjs.org/
@acme-ui:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=«tok»
always-auth=true
save-exact=true
engine-strict=true
fund=false
audit-level=high
progress=false
''', tok=ck('npm_')))

add('k04/app/Services/Payments/StripeGateway.php', T('''
<?php

namespace App\\Services\\Payments;

use Illuminate\\Support\\Facades\\Log;
use Stripe\\StripeClient;
use Stripe\\Exception\\ApiErrorException;

class StripeGateway implements PaymentGateway
{
    private StripeClient $client;

    public function __construct()
    {
        // TODO move to config/services.php before launch
        $this->client = new StripeClient('«key»');
    }

    public function charge(int $amountCents, string $currency, string $customerId): string
    {
        try {
            $intent = $this->client->paymentIntents->create([
                'amount' => $amountCents,
                'currency' => $currency,
                'customer' => $customerId,
                'confirm' => true,
                'off_session' => true,
            ]);
            return $intent->id;
        } catch (ApiErrorException $e) {
            Log::error('stripe charge failed', ['error' => $e->getMessage()]);
            throw new PaymentFailed($e->getMessage(), 0, $e);
        }
    }
}
''', key='sk_live_' + r(24) + r(75, A)[:random.choice([0, 75])]))

add('k05/internal/notify/slack.go', T('''
package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"
)

const (
	botToken       = "«tok»"
	defaultChannel = "#deploys"
)

type Notifier struct {
	api *slack.Client
}

func New() *Notifier {
	return &Notifier{api: slack.New(botToken)}
}

func (n *Notifier) DeployFinished(ctx context.Context, service, version string, took time.Duration) error {
	text := fmt.Sprintf(":rocket: *%s* %s deployed in %s", service, version, took.Round(time.Second))
	_, _, err := n.api.PostMessageContext(ctx, defaultChannel,
		slack.MsgOptionText(text, false),
		slack.MsgOptionAsUser(true),
	)
	if err != nil {
		return fmt.Errorf("slack post: %w", err)
	}
	return nil
}
''', tok='xoxb-%d-%d-%s' % (random.randint(10**10, 10**11), random.randint(10**12, 10**13), r(24))))

add('k06/src/Acme.Notifications/appsettings.Production.json', T('''
{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "Email": {
    "Provider": "SendGrid",
    "FromAddress": "no-reply@acme-corp.io",
    "FromName": "Acme Notifications",
    "SendGrid": {
      "ApiKey": "«key»",
      "SandboxMode": false
    }
  },
  "Queue": {
    "Name": "notifications",
    "MaxConcurrency": 8,
    "VisibilityTimeoutSeconds": 120
  },
  "FeatureFlags": {
    "DigestEmails": true,
    "SmsFallback": false
  }
}
''', key='SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE)))

add('k07/charts/datadog-agent/values-prod.yaml', T('''
# Overrides for the prod cluster (eks-prod-eu1)
datadog:
  site: datadoghq.eu
  apiKey: «key»
  clusterName: eks-prod-eu1
  logs:
    enabled: true
    containerCollectAll: true
  apm:
    portEnabled: true
  processAgent:
    enabled: true
  tags:
    - env:prod
    - team:platform

clusterAgent:
  enabled: true
  replicas: 2
  metricsProvider:
    enabled: true

agents:
  tolerations:
    - operator: Exists
  resources:
    requests:
      cpu: 200m
      memory: 256Mi
''', key=hx(32)))

add('k08/packages/assistant/src/llm/client.ts', T('''
import OpenAI from "openai";
import { logger } from "../logger";

const client = new OpenAI({
  apiKey: "«key»",
  timeout: 30_000,
  maxRetries: 2,
});

export interface SummaryRequest {
  ticketId: string;
  body: string;
}

export async function summarizeTicket(req: SummaryRequest): Promise<string> {
  const started = Date.now();
  const res = await client.chat.completions.create({
    model: "gpt-4o-mini",
    temperature: 0.2,
    messages: [
      { role: "system", content: "Summarize the support ticket in two sentences." },
      { role: "user", content: req.body },
    ],
  });
  logger.info({ ticket: req.ticketId, ms: Date.now() - started }, "summary done");
  return res.choices[0]?.message?.content ?? "";
}
''', key='sk-proj-' + r(74, URLSAFE) + 'T3BlbkFJ' + r(74, URLSAFE)))

add('k09/lib/support/reply_drafter.rb', T('''
# frozen_string_literal: true

require "anthropic"

module Support
  # Drafts a first reply for the support agent to edit.
  class ReplyDrafter
    MODEL = "claude-3-5-sonnet-latest"

    def initialize(client: nil)
      @client = client || Anthropic::Client.new(
        access_token: "«key»"
      )
    end

    def draft(ticket)
      response = @client.messages(
        parameters: {
          model: MODEL,
          max_tokens: 600,
          system: "You are a polite support agent for Acme.",
          messages: [{ role: "user", content: ticket.body }]
        }
      )
      response.dig("content", 0, "text")
    rescue Faraday::Error => e
      Rails.logger.warn("draft failed for ticket #{ticket.id}: #{e.message}")
      nil
    end
  end
end
''', key='sk-ant-api03-' + r(93, URLSAFE) + 'AA'))

add('k10/.gitlab-ci.yml', T('''
stages:
  - test
  - build
  - mirror

variables:
  DOCKER_DRIVER: overlay2
  MIRROR_TOKEN: "«tok»"

unit-tests:
  stage: test
  image: python:3.12-slim
  script:
    - pip install -r requirements-dev.txt
    - pytest -q

build-image:
  stage: build
  image: docker:26
  services: [docker:26-dind]
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" .
    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"

mirror-to-partner:
  stage: mirror
  image: alpine/git
  only: [main]
  script:
    - git push --force "https://oauth2:${MIRROR_TOKEN}@gitlab.partner-net.com/acme/ingest.git" HEAD:main
''', tok='glpat-' + r(20, URLSAFE)))

# ---------------------------------------------------------------- positives, batch 2

add('k11/android/app/src/main/java/io/acme/courier/sms/SmsVerifier.kt', T('''
package io.acme.courier.sms

import com.twilio.Twilio
import com.twilio.rest.verify.v2.service.Verification
import com.twilio.rest.verify.v2.service.VerificationCheck

object SmsVerifier {
    private const val ACCOUNT_SID = "AC«sid»"
    private const val AUTH_TOKEN = "«tok»"
    private const val SERVICE_SID = "VA«svc»"

    init {
        Twilio.init(ACCOUNT_SID, AUTH_TOKEN)
    }

    fun sendCode(phone: String): String {
        val v = Verification.creator(SERVICE_SID, phone, "sms").create()
        return v.status
    }

    fun checkCode(phone: String, code: String): Boolean {
        val check = VerificationCheck.creator(SERVICE_SID)
            .setTo(phone)
            .setCode(code)
            .create()
        return check.status == "approved"
    }
}
''', sid=hx(32), tok=hx(32), svc=hx(32)))

add('k12/ios/Courier/Services/PlacesService.swift', T('''
import Foundation
import CoreLocation

final class PlacesService {
    static let shared = PlacesService()

    private let apiKey = "«key»"
    private let session: URLSession
    private let base = URL(string: "https://maps.googleapis.com/maps/api/place")!

    init(session: URLSession = .shared) {
        self.session = session
    }

    func autocomplete(_ query: String, near location: CLLocationCoordinate2D) async throws -> [Prediction] {
        var comps = URLComponents(url: base.appendingPathComponent("autocomplete/json"), resolvingAgainstBaseURL: false)!
        comps.queryItems = [
            URLQueryItem(name: "input", value: query),
            URLQueryItem(name: "location", value: "\\(location.latitude),\\(location.longitude)"),
            URLQueryItem(name: "radius", value: "5000"),
            URLQueryItem(name: "key", value: apiKey),
        ]
        let (data, _) = try await session.data(from: comps.url!)
        return try JSONDecoder().decode(AutocompleteResponse.self, from: data).predictions
    }
}
''', key='AIza' + r(35, URLSAFE)))

add('k13/docs/integrations/mailgun.md', T('''
# Transactional e-mail via Mailgun

We send password-reset and receipt e-mails through Mailgun (EU region,
domain `mg.acme-corp.io`). The `mailer` service is the only caller.

## Quick check from a shell

If deliveries stall, first confirm the API answers:

```bash
curl -s --user 'api:«key»' \\
    https://api.eu.mailgun.net/v3/mg.acme-corp.io/messages \\
    -F from='Acme <no-reply@mg.acme-corp.io>' \\
    -F to=oncall@acme-corp.io \\
    -F subject='mailgun smoke test' \\
    -F text='hello from the runbook'
```

A `200` with `"Queued. Thank you."` means the account is fine and the
problem is on our side (check the `mailer` queue depth in Grafana).

## Bounces

Hard bounces are pulled every 15 minutes by `mailer-bounce-sync` and the
address is flagged in `users.email_status`. Do not delete suppressions by
hand; open a ticket with the CRM team instead.
''', key='key-' + hx(32)))

add('k14/infra/terraform/observability/main.tf', T('''
terraform {
  required_providers {
    newrelic = {
      source  = "newrelic/newrelic"
      version = "~> 3.30"
    }
  }
}

provider "newrelic" {
  account_id = «acct»
  api_key    = "«key»"
  region     = "EU"
}

resource "newrelic_alert_policy" "checkout" {
  name                = "checkout-latency"
  incident_preference = "PER_CONDITION"
}

resource "newrelic_nrql_alert_condition" "p95" {
  policy_id = newrelic_alert_policy.checkout.id
  name      = "checkout p95 > 800ms"
  type      = "static"

  nrql {
    query = "SELECT percentile(duration, 95) FROM Transaction WHERE appName = 'checkout'"
  }

  critical {
    operator              = "above"
    threshold             = 0.8
    threshold_duration    = 300
    threshold_occurrences = "all"
  }
}
''', acct=random.randint(1000000, 4999999), key='NRAK-' + r(27, UP)))

add('k15/services/inventory/.env', T('''
# inventory-service local overrides (copied from staging)
APP_ENV=staging
APP_PORT=8081
LOG_LEVEL=debug

DB_HOST=inventory-db.staging.internal
DB_PORT=5432
DB_NAME=inventory
DB_USER=inventory_app
DB_PASSWORD=«pw»
DB_POOL_SIZE=10

REDIS_URL=redis://cache.staging.internal:6379/2
CACHE_TTL_SECONDS=300

FEATURE_RESERVATIONS=true
FEATURE_BULK_IMPORT=false
''', pw=pw('!#%*@?')))

add('k16/order-service/src/main/resources/application-prod.properties', T('''
spring.application.name=order-service
server.port=8080
server.shutdown=graceful

spring.datasource.url=jdbc:postgresql://orders-db.prod.acme.internal:5432/orders
spring.datasource.username=orders_rw
spring.datasource.password=«pw»
spring.datasource.hikari.maximum-pool-size=20
spring.datasource.hikari.connection-timeout=5000

spring.jpa.hibernate.ddl-auto=validate
spring.jpa.open-in-view=false
spring.flyway.enabled=true

spring.kafka.bootstrap-servers=kafka-1.prod.acme.internal:9092,kafka-2.prod.acme.internal:9092
spring.kafka.consumer.group-id=order-service

management.endpoints.web.exposure.include=health,info,prometheus
management.endpoint.health.probes.enabled=true
''', pw=pw('!#%*@?&')))

add('k17/deploy/docker-compose.yml', T('''
services:
  db:
    image: postgres:16-alpine
    restart: unless-stopped
    environment:
      POSTGRES_DB: wiki
      POSTGRES_USER: wikijs
      POSTGRES_PASSWORD: "«pw»"
    volumes:
      - db-data:/var/lib/postgresql/data

  wiki:
    image: ghcr.io/requarks/wiki:2
    depends_on: [db]
    restart: unless-stopped
    environment:
      DB_TYPE: postgres
      DB_HOST: db
      DB_PORT: 5432
      DB_USER: wikijs
      DB_NAME: wiki
    ports:
      - "3000:3000"

volumes:
  db-data:
''', pw=pw('!#%*@?&')))

add('k18/ansible/inventories/prod/group_vars/dbservers.yml', T('''
---
postgresql_version: 15
postgresql_data_dir: /var/lib/postgresql/15/main
postgresql_listen_addresses: "*"
postgresql_max_connections: 300

postgresql_users:
  - name: replicator
    role_attr_flags: REPLICATION,LOGIN
  - name: app
    role_attr_flags: LOGIN

postgres_replication_user: replicator
postgres_replication_password: "«pw»"

postgresql_hba_entries:
  - { type: host, database: replication, user: replicator, address: "10.20.0.0/16", auth_method: scram-sha-256 }
  - { type: host, database: all, user: app, address: "10.20.0.0/16", auth_method: scram-sha-256 }

backup_enabled: true
backup_retention_days: 14
''', pw=pw('!#%*@?&')))

add('k19/reporting/src/main/java/com/acme/reporting/LegacyWarehouse.java', T('''
package com.acme.reporting;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Reads monthly totals from the old Oracle warehouse until it is retired. */
public final class LegacyWarehouse {
    private static final String URL = "jdbc:oracle:thin:@//dwh-legacy.acme.internal:1521/DWHPRD";

    private LegacyWarehouse() {}

    public static long monthlyTotal(LocalDate month) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "RPT_READER", "«pw»");
             PreparedStatement ps = c.prepareStatement(
                 "SELECT SUM(amount_cents) FROM sales_fact WHERE sale_month = ?")) {
            ps.setDate(1, java.sql.Date.valueOf(month.withDayOfMonth(1)));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }
}
''', pw=pw('!#%*@?&')))

add('k20/scripts/windows/Join-BuildAgent.ps1', T('''
<#
.SYNOPSIS
  Joins a fresh Windows build agent to the CORP domain and installs the agent service.
#>
param(
    [Parameter(Mandatory)] [string] $AgentName,
    [string] $OU = "OU=BuildAgents,OU=Servers,DC=corp,DC=acme,DC=local"
)

$ErrorActionPreference = "Stop"

$user = "CORP\\svc-domainjoin"
$secure = ConvertTo-SecureString "«pw»" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $secure)

Write-Host "Renaming computer to $AgentName"
Rename-Computer -NewName $AgentName -Force

Write-Host "Joining domain"
Add-Computer -DomainName "corp.acme.local" -OUPath $OU -Credential $cred -Options JoinWithNewName,AccountCreate -Force

Write-Host "Installing build agent"
Start-Process -FilePath "C:\\Install\\agent-setup.exe" -ArgumentList "/quiet /name:$AgentName" -Wait

Restart-Computer -Force
''', pw=pw('!#%*@?&')))

# ---------------------------------------------------------------- positives, batch 3

add('k21/ci/Jenkinsfile', T('''
pipeline {
    agent { label 'linux-docker' }

    options {
        timestamps()
        timeout(time: 30, unit: 'MINUTES')
    }

    stages {
        stage('Build') {
            steps {
                sh './gradlew clean build -x test'
            }
        }
        stage('Test') {
            steps {
                sh './gradlew test'
                junit 'build/test-results/test/*.xml'
            }
        }
        stage('Migrate staging DB') {
            when { branch 'develop' }
            steps {
                sh "mysql -h mysql-stg.acme.internal -u migrator -p'«pw»' catalog < db/migrations/latest.sql"
            }
        }
    }

    post {
        failure {
            mail to: 'catalog-team@acme-corp.io', subject: "Build failed: ${env.JOB_NAME} #${env.BUILD_NUMBER}", body: "${env.BUILD_URL}"
        }
    }
}
''', pw=pw('!#%*@?&')))

add('k22/wiki/runbooks/grafana-admin.md', T('''
# Runbook: Grafana (monitoring.acme.internal)

Owner: Platform team. Escalation: #platform-oncall.

## Access

Normal access goes through SSO (Okta group `grafana-editors`). If Okta is
down, use the local break-glass account:

- URL: https://monitoring.acme.internal/login
- user: `admin`
- password: `«pw»`

Log every break-glass login in the #platform-oncall channel.

## Common tasks

### Dashboard is empty
1. Check the Prometheus datasource health (Configuration -> Data sources).
2. If Prometheus is up, check the `kube-state-metrics` pod in `monitoring`.

### Alerts not firing
1. Open Alerting -> Contact points and send a test notification.
2. Check that the PagerDuty integration key was not rotated.

### Restart
`kubectl -n monitoring rollout restart deploy/grafana`
''', pw=pw('!#%*@?&')))

add('k23/ingest/src/main/resources/application.conf', T('''
akka {
  loglevel = "INFO"
  actor.default-dispatcher.fork-join-executor.parallelism-max = 16
}

ingest {
  http {
    interface = "0.0.0.0"
    port = 8090
  }

  batch-size = 500
  flush-interval = 2s

  clickhouse {
    url = "jdbc:clickhouse://ch-events.acme.internal:8123/events"
    user = "ingest_writer"
    password = "«pw»"
    socket-timeout = 30s
  }

  kafka {
    bootstrap-servers = "kafka-1.acme.internal:9092"
    topic = "events.raw"
    group-id = "ingest"
  }
}
''', pw=pw('!#%*@?&')))

add('k24/ops/backup/.my.cnf', T('''
# Used by the nightly mysqldump cron on backup-01 (see crontab -l of user backup)
[client]
host=mysql-primary.acme.internal
port=3306
user=backup
password="«pw»"
default-character-set=utf8mb4

[mysqldump]
single-transaction
quick
routines
triggers
events
max_allowed_packet=512M
set-gtid-purged=OFF
''', pw=pw('!#%*@?&')))

add('k25/crates/alerting/src/mailer.rs', T('''
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

const SMTP_HOST: &str = "smtp.office365.com";
const SMTP_USER: &str = "alerts@acme-corp.io";
const SMTP_PASS: &str = "«pw»";

pub struct Mailer {
    transport: SmtpTransport,
}

impl Mailer {
    pub fn new() -> anyhow::Result<Self> {
        let creds = Credentials::new(SMTP_USER.to_owned(), SMTP_PASS.to_owned());
        let transport = SmtpTransport::starttls_relay(SMTP_HOST)?
            .credentials(creds)
            .build();
        Ok(Self { transport })
    }

    pub fn send_alert(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let email = Message::builder()
            .from(SMTP_USER.parse()?)
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())?;
        self.transport.send(&email)?;
        Ok(())
    }
}
''', pw=pw('!#%*@?&')))

_k26pw = pw('!#%*@?&')
add('k26/docs/slack-export/platform-oncall/2024-05-14.json', T('''
[
  {
    "type": "message",
    "user": "U04QX7K2M1P",
    "user_name": "dana.kowalski",
    "text": "anyone know why the staging redis is refusing connections after the upgrade?",
    "ts": "1715683201.114309"
  },
  {
    "type": "message",
    "user": "U02B8RT5NNA",
    "user_name": "miguel.ortega",
    "text": "we turned on AUTH during the upgrade. requirepass is «pw» for now, I'll move it to vault tomorrow",
    "ts": "1715683388.221517"
  },
  {
    "type": "message",
    "user": "U04QX7K2M1P",
    "user_name": "dana.kowalski",
    "text": "thanks, that works :+1:",
    "ts": "1715683450.009842"
  },
  {
    "type": "message",
    "user": "U01H6ZCD3LQ",
    "user_name": "priya.natarajan",
    "text": "reminder: please don't paste creds in channels, use 1password share links",
    "ts": "1715684012.553001"
  }
]
''', pw=json.dumps(_k26pw)[1:-1]))

add('k27/k8s/overlays/prod/kustomization.yaml', T('''
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

namespace: payments-prod

resources:
  - ../../base

images:
  - name: registry.acme.internal/payments/api
    newTag: "2.14.3"

replicas:
  - name: payments-api
    count: 4

secretGenerator:
  - name: payments-db
    literals:
      - DB_USER=payments
      - DB_PASSWORD=«pw»
    options:
      disableNameSuffixHash: true

patches:
  - path: hpa-patch.yaml
  - path: resources-patch.yaml
''', pw=pw('!#%*@?&')))

add('k28/ansible/roles/deploy_user/files/id_ed25519', T('''
-----BEGIN OPENSSH PRIVATE KEY-----
«body»
-----END OPENSSH PRIVATE KEY-----
''', body=openssh_ed25519('deploy@acme-ci')))
add('k28/ansible/roles/deploy_user/tasks/main.yml', T('''
---
- name: Create deploy user
  ansible.builtin.user:
    name: deploy
    shell: /bin/bash
    groups: docker
    append: true

- name: Install deploy SSH key
  ansible.builtin.copy:
    src: id_ed25519
    dest: /home/deploy/.ssh/id_ed25519
    owner: deploy
    group: deploy
    mode: "0600"

- name: Trust gitlab host key
  ansible.builtin.known_hosts:
    name: gitlab.acme.internal
    key: "{{ lookup('file', 'gitlab_known_host') }}"
    path: /home/deploy/.ssh/known_hosts
'''))

_k29pw = pw('!#%*@?&')
add('k29/deploy/k8s/analytics/metabase-secret.yaml', T('''
apiVersion: v1
kind: Secret
metadata:
  name: metabase-db
  namespace: analytics
  labels:
    app.kubernetes.io/name: metabase
    app.kubernetes.io/part-of: analytics
type: Opaque
data:
  MB_DB_TYPE: «t»
  MB_DB_HOST: «h»
  MB_DB_PORT: «p»
  MB_DB_USER: «u»
  MB_DB_PASS: «pw»
''', t=b64('postgres'), h=b64('metabase-db.analytics.svc.cluster.local'), p=b64('5432'),
   u=b64('metabase'), pw=b64(_k29pw)))

_k30pw = pw('@#%&?!:/')
add('k30/cmd/ledger-sync/main.go', T('''
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// dsn for the read replica; the primary is only touched by ledger-writer.
const dsn = "postgres://ledger_ro:«pw»@ledger-replica.acme.internal:5432/ledger?sslmode=require"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		log.Fatalf("connect: %v", err)
	}
	defer pool.Close()

	ticker := time.NewTicker(time.Minute)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := syncBalances(ctx, pool); err != nil {
				log.Printf("sync failed: %v", err)
			}
		}
	}
}
''', pw=urllib.parse.quote(_k30pw, safe='')))

# ---------------------------------------------------------------- positives, batch 4

_k31 = ck('ghp_')
add('k31/tools/changelog-bot/src/github.js', T('''
"use strict";

const { Octokit } = require("@octokit/rest");

// split so the push-protection hook stops complaining
const TOKEN_PARTS = ["«a»", "«b»", "«c»"];
const octokit = new Octokit({
  auth: TOKEN_PARTS.join(""),
  userAgent: "acme-changelog-bot/1.4",
});

const OWNER = "acme-corp";

async function mergedPullsSince(repo, sinceIso) {
  const pulls = await octokit.paginate(octokit.pulls.list, {
    owner: OWNER,
    repo,
    state: "closed",
    sort: "updated",
    direction: "desc",
    per_page: 100,
  });
  return pulls.filter((p) => p.merged_at && p.merged_at >= sinceIso);
}

async function postChangelog(repo, tag, body) {
  await octokit.repos.createRelease({ owner: OWNER, repo, tag_name: tag, name: tag, body });
}

module.exports = { mergedPullsSince, postChangelog };
''', a=_k31[:9], b=_k31[9:24], c=_k31[24:]))

add('k32/patches/0007-move-do-token-to-env.patch', T('''
From 3f1c9a2be47d0e8b6a51c2d7e9f04a8b1c3d5e6f Mon Sep 17 00:00:00 2001
From: Tomasz Wieczorek <tomasz.wieczorek@acme-corp.io>
Date: Tue, 9 Apr 2024 16:42:18 +0200
Subject: [PATCH 7/9] infra: read DigitalOcean token from env instead of file

The token was committed by accident in 0003, read it from DO_TOKEN now.
---
 scripts/spaces-sync.sh | 6 +++---
 1 file changed, 3 insertions(+), 3 deletions(-)

diff --git a/scripts/spaces-sync.sh b/scripts/spaces-sync.sh
index 8d2e4f1..b71c0aa 100755
--- a/scripts/spaces-sync.sh
+++ b/scripts/spaces-sync.sh
@@ -3,9 +3,9 @@
 set -euo pipefail

 REGION=fra1
-DO_TOKEN="«tok»"
-export DIGITALOCEAN_ACCESS_TOKEN="$DO_TOKEN"
-doctl auth init --access-token "$DO_TOKEN" >/dev/null
+: "${DO_TOKEN:?DO_TOKEN must be set}"
+export DIGITALOCEAN_ACCESS_TOKEN="${DO_TOKEN}"
+doctl auth init --access-token "${DO_TOKEN}" >/dev/null

 doctl compute droplet list --tag-name media --format Name,PublicIPv4
 s3cmd sync ./media/ "s3://acme-media/${REGION}/"
--
2.44.0
''', tok='dop_v1_' + hx(64)))

add('k33/apps/storefront/config/prod.exs', T('''
import Config

config :storefront, StorefrontWeb.Endpoint,
  url: [host: "shop.acme-corp.io", port: 443, scheme: "https"],
  http: [ip: {0, 0, 0, 0}, port: 4000],
  cache_static_manifest: "priv/static/cache_manifest.json",
  secret_key_base: "«skb»",
  server: true

config :storefront, Storefront.Repo,
  url: System.get_env("DATABASE_URL"),
  pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
  ssl: true

config :logger, level: :info

config :storefront, :payments,
  provider: Storefront.Payments.Adyen,
  merchant_account: "AcmeCorpECOM"

config :swoosh, :api_client, Swoosh.ApiClient.Finch
''', skb=r(64, B64)))

_raw34 = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ' + r(1574, B64)
_k34key = ('-----BEGIN PRIVATE KEY-----\n' + '\n'.join(_raw34[i:i + 64] for i in range(0, len(_raw34), 64))
           + '\n-----END PRIVATE KEY-----\n')
_k34id = hx(40)
add('k34/backend/tests/fixtures/gcp/service_account.json', json.dumps({
    'type': 'service_account',
    'project_id': 'acme-data-prod',
    'private_key_id': _k34id,
    'private_key': _k34key,
    'client_email': 'bq-loader@acme-data-prod.iam.gserviceaccount.com',
    'client_id': str(random.randint(10**20, 10**21)),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/bq-loader%40acme-data-prod.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')
add('k34/backend/tests/test_bq_loader.py', T('''
import json
from pathlib import Path

import pytest
from google.oauth2 import service_account

from loader.bigquery import BigQueryLoader

FIXTURE = Path(__file__).parent / "fixtures" / "gcp" / "service_account.json"


@pytest.fixture
def creds():
    info = json.loads(FIXTURE.read_text())
    return service_account.Credentials.from_service_account_info(info)


def test_loader_uses_project_from_credentials(creds):
    loader = BigQueryLoader(credentials=creds, dataset="events")
    assert loader.project == "acme-data-prod"


@pytest.mark.integration
def test_can_list_tables(creds):
    loader = BigQueryLoader(credentials=creds, dataset="events")
    assert "page_views" in loader.list_tables()
'''))

add('k35/scripts/rotate-db-creds.sh', T('''
#!/usr/bin/env bash
# Rotates the dynamic Postgres credentials for a service and restarts it.
# usage: rotate-db-creds.sh <service> [namespace]
set -euo pipefail

SERVICE="${1:?service name required}"
NAMESPACE="${2:-default}"

export VAULT_ADDR="https://vault.acme.internal:8200"
# export VAULT_TOKEN=«tok»   # root-ish token from the 2024-02 unseal, keep for emergencies
: "${VAULT_TOKEN:?login with 'vault login -method=oidc' first}"

echo "Revoking leases for ${SERVICE}"
vault lease revoke -prefix "database/creds/${SERVICE}"

echo "Reading fresh credentials"
creds_json="$(vault read -format=json "database/creds/${SERVICE}")"
user="$(jq -r .data.username <<<"${creds_json}")"
pass="$(jq -r .data.password <<<"${creds_json}")"

kubectl -n "${NAMESPACE}" create secret generic "${SERVICE}-db" \\
  --from-literal=username="${user}" --from-literal=password="${pass}" \\
  --dry-run=client -o yaml | kubectl apply -f -

kubectl -n "${NAMESPACE}" rollout restart "deploy/${SERVICE}"
echo "done"
''', tok='hvs.' + r(24)))

_k36 = 'hf_' + r(34, string.ascii_letters)
add('k36/research/notebooks/ticket-classifier-eval.ipynb', json.dumps({
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': [
            '# Ticket classifier evaluation\n', '\n',
            'Compares the fine-tuned model against the zero-shot baseline on the March sample.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [], 'source': [
            'import pandas as pd\n', 'from huggingface_hub import login\n',
            'from transformers import pipeline\n', '\n',
            'login(token="%s")\n' % _k36]},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [], 'source': [
            'df = pd.read_parquet("data/tickets_2024_03_sample.parquet")\n',
            'clf = pipeline("text-classification", model="acme-corp/ticket-router-v3", top_k=1)\n',
            'df["pred"] = [r[0]["label"] for r in clf(df["body"].tolist(), truncation=True)]\n']},
        {'cell_type': 'code', 'execution_count': 3, 'metadata': {}, 'outputs': [
            {'name': 'stdout', 'output_type': 'stream', 'text': ['accuracy: 0.874\n']}], 'source': [
            'print(f"accuracy: {(df.pred == df.label).mean():.3f}")\n']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.8'}},
    'nbformat': 4, 'nbformat_minor': 5,
}, indent=1) + '\n')

add('k37/src/Acme.Media/Storage/BlobStore.cs', T('''
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Acme.Media.Storage;

public sealed class BlobStore
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=acmemediaprod;AccountKey=«key»;EndpointSuffix=core.windows.net";

    private readonly BlobContainerClient _container;
    private readonly ILogger<BlobStore> _log;

    public BlobStore(ILogger<BlobStore> log)
    {
        _log = log;
        _container = new BlobContainerClient(ConnectionString, "uploads");
        _container.CreateIfNotExists(PublicAccessType.None);
    }

    public async Task<Uri> SaveAsync(string name, Stream content, string contentType, CancellationToken ct)
    {
        var blob = _container.GetBlobClient(name);
        await blob.UploadAsync(content, new BlobHttpHeaders { ContentType = contentType }, cancellationToken: ct);
        _log.LogInformation("stored {Blob} ({Type})", name, contentType);
        return blob.Uri;
    }
}
''', key=r(86, B64) + '=='))

add('k38/spec/fixtures/shopify_store.yml', T('''
# Store used by the sync specs. Recorded against the acme-outlet store;
# VCR cassettes live in spec/cassettes/shopify/.
acme_outlet:
  shop_domain: acme-outlet.myshopify.com
  api_version: "2024-04"
  access_token: «tok»
  location_id: «loc»
  currency: EUR
  webhooks:
    - topic: orders/create
      address: https://sync.acme-corp.io/hooks/shopify/orders
    - topic: products/update
      address: https://sync.acme-corp.io/hooks/shopify/products

empty_store:
  shop_domain: acme-empty.myshopify.com
  api_version: "2024-04"
  access_token: <%= ENV.fetch("SHOPIFY_EMPTY_TOKEN", "unset") %>
  location_id: 0
  currency: EUR
''', tok='shpat_' + hx(32), loc=random.randint(10**10, 10**11)))

_k39user = random.choice(['jenkins', 'svc-reports', 'integration', 'ops-bot'])
add('k39/api/http/reports.http', T('''
### Reports API (internal) - used with the IntelliJ / VS Code REST client

@host = https://reports.acme.internal
@auth = Basic «cred»

### list report definitions
GET {{host}}/api/v2/reports
Authorization: {{auth}}
Accept: application/json

### run the monthly revenue report
POST {{host}}/api/v2/reports/monthly-revenue/run
Authorization: {{auth}}
Content-Type: application/json

{
  "month": "2024-05",
  "currency": "EUR",
  "format": "xlsx"
}

### poll a run
GET {{host}}/api/v2/runs/{{runId}}
Authorization: {{auth}}
''', cred=b64(_k39user + ':' + pw('!#%*@?&'))))

_k40pw = r(16)
add('k40/docs/incidents/2024-06-03-orders-api-outage.md', T('''
# Incident 2024-06-03: orders-api unavailable (SEV-2)

**Duration:** 09:12 - 09:58 CEST
**Impact:** ~4% of checkouts failed with HTTP 503.
**Owner:** Backend on-call (J. Lindqvist)

## Timeline

- 09:12 PagerDuty alert `orders-api 5xx rate > 2%`.
- 09:19 Pods crash-looping after the 2.31.0 rollout. Log excerpt:

```
2024-06-03T07:19:44Z ERROR db.connect failed uri=mongodb+srv://orders_svc:«pw»@orders-prod.x7kqz.mongodb.net/orders?retryWrites=true&w=majority err="server selection timeout"
2024-06-03T07:19:44Z FATAL exiting: could not reach primary
```

- 09:31 Found the new Atlas IP access list did not include the new NAT gateway.
- 09:44 Added 34.89.0.0/20 to the access list; pods recovered.
- 09:58 Error rate back to baseline, incident closed.

## Follow-ups

- [ ] Manage the Atlas access list in Terraform (OPS-2291).
- [ ] Stop logging the full connection URI on connect failures (ORD-884).
- [ ] Add a synthetic checkout probe from the new NAT range.
''', pw=_k40pw))

# ---------------------------------------------------------------- negatives

add('m01/services/inventory/.env.example', T('''
# Copy to .env and fill in. Never commit the real .env (it is in .gitignore).
APP_ENV=development
APP_PORT=8081
LOG_LEVEL=debug

DB_HOST=localhost
DB_PORT=5432
DB_NAME=inventory
DB_USER=inventory_app
DB_PASSWORD=changeme
DB_POOL_SIZE=10

REDIS_URL=redis://localhost:6379/2

# Get these from 1Password -> "inventory-service (staging)"
AWS_ACCESS_KEY_ID=<your-access-key-id>
AWS_SECRET_ACCESS_KEY=<your-secret-access-key>
STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx
SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx
SENTRY_DSN=

FEATURE_RESERVATIONS=true
'''))

add('m02/services/billing/export/settings.py', T('''
"""Settings for the billing exporter. Secrets come from AWS Secrets Manager."""
import json
import os
from functools import lru_cache

import boto3

REGION = os.environ.get("AWS_REGION", "eu-west-1")
BUCKET = os.environ.get("EXPORT_BUCKET", "acme-finance-exports")
SECRET_ID = "prod/billing/exporter"


@lru_cache(maxsize=1)
def _secrets() -> dict:
    client = boto3.client("secretsmanager", region_name=REGION)
    resp = client.get_secret_value(SecretId=SECRET_ID)
    return json.loads(resp["SecretString"])


def db_password() -> str:
    return os.environ.get("BILLING_DB_PASSWORD") or _secrets()["db_password"]


def stripe_key() -> str:
    return _secrets()["stripe_secret_key"]


PASSWORD_MIN_LENGTH = 12
TOKEN_TTL_SECONDS = 3600
AUTH_HEADER = "Authorization"
SECRET_KEY_ENV = "DJANGO_SECRET_KEY"
'''))

add('m03/.github/workflows/deploy.yml', T('''
name: deploy

on:
  workflow_dispatch:
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
          role-to-assume: arn:aws:iam::«acct»:role/gha-deploy
          aws-region: eu-west-1
      - name: Login to registry
        uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - name: Notify
        env:
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_DEPLOY_WEBHOOK }}
          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
        run: ./scripts/notify.sh "${GITHUB_SHA::7}"
''', acct=random.randint(10**11, 10**12 - 1)))

add('m04/charts/payments-api/values.yaml', T('''
replicaCount: 2

image:
  repository: registry.acme.internal/payments/api
  tag: ""
  pullPolicy: IfNotPresent

database:
  host: payments-db.payments.svc.cluster.local
  port: 5432
  name: payments
  user: payments
  # password is read from this secret, key "password"
  existingSecret: payments-db
  existingSecretPasswordKey: password
  password: ""

stripe:
  secretKeyRef:
    name: stripe-credentials
    key: secret-key

datadog:
  apiKeyExistingSecret: datadog-secret

resources:
  requests:
    cpu: 250m
    memory: 512Mi
'''))

add('m05/frontend/package-lock.json', json.dumps({
    'name': 'acme-storefront',
    'version': '3.8.1',
    'lockfileVersion': 3,
    'requires': True,
    'packages': {
        '': {'name': 'acme-storefront', 'version': '3.8.1',
             'dependencies': {'axios': '^1.7.2', 'react': '^18.3.1', 'zod': '^3.23.8'}},
        **{'node_modules/' + n: {
            'version': v,
            'resolved': 'https://registry.npmjs.org/%s/-/%s-%s.tgz' % (n, n.split('/')[-1], v),
            'integrity': 'sha512-' + base64.b64encode(bytes(random.getrandbits(8) for _ in range(64))).decode(),
            'license': 'MIT'}
           for n, v in [('axios', '1.7.2'), ('react', '18.3.1'), ('zod', '3.23.8'),
                        ('loose-envify', '1.4.0'), ('js-tokens', '4.0.0'), ('follow-redirects', '1.15.6')]},
    },
}, indent=2) + '\n')
add('m05/backend/go.sum', ''.join(
    '%s %s h1:%s\n%s %s/go.mod h1:%s\n' % (
        m, v, base64.b64encode(bytes(random.getrandbits(8) for _ in range(32))).decode(),
        m, v, base64.b64encode(bytes(random.getrandbits(8) for _ in range(32))).decode())
    for m, v in [('github.com/jackc/pgx/v5', 'v5.6.0'), ('github.com/slack-go/slack', 'v0.13.0'),
                 ('github.com/stretchr/testify', 'v1.9.0'), ('golang.org/x/crypto', 'v0.24.0'),
                 ('golang.org/x/sync', 'v0.7.0'), ('golang.org/x/text', 'v0.16.0'),
                 ('gopkg.in/yaml.v3', 'v3.0.1')]))

add('m06/docs/getting-started.md', T('''
# Getting started with the Acme API

## 1. Create a key

Go to **Settings -> API keys** in the dashboard and create a key. Keys look
like `acme_live_XXXXXXXXXXXXXXXXXXXXXXXX`; the `acme_test_` prefix is for the
sandbox. Keys are shown once - store them in your secret manager.

## 2. Call the API

```bash
export ACME_API_KEY="<paste your key here>"
curl -H "Authorization: Bearer $ACME_API_KEY" https://api.acme-corp.io/v1/orders
```

## 3. Using an SDK

```python
import os
from acme import Client

client = Client(api_key=os.environ["ACME_API_KEY"])
```

Other services you may need while developing locally:

| Service | Variable | Format |
|---------|----------|--------|
| GitHub  | `GH_TOKEN` | `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` |
| AWS     | `AWS_ACCESS_KEY_ID` | `AKIAXXXXXXXXXXXXXXXX` |
| Stripe  | `STRIPE_SECRET_KEY` | `sk_live_...` |

Never paste real values into tickets or this wiki.
'''))

_m07pub = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + r(312, B64) + 'IDAQAB'
add('m07/services/gateway/config/jwt.yaml', T('''
# JWT verification for tokens issued by auth-service.
# Only the PUBLIC key lives here; the signing key is in Vault (secret/auth/jwt-signing).
issuer: https://auth.acme-corp.io
audience: acme-api
algorithms: [RS256]
leeway_seconds: 30
key_id: «kid»
public_key: |
  -----BEGIN PUBLIC KEY-----
  «pub»
  -----END PUBLIC KEY-----
jwks_url: https://auth.acme-corp.io/.well-known/jwks.json
cache_ttl: 10m
'''.replace('«pub»', '\n  '.join(_m07pub[i:i + 64] for i in range(0, len(_m07pub), 64))), kid=hx(16)))
add('m07/ops/ssh/authorized_keys', T('''
# deploy access to app servers - managed by ansible role deploy_user
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI«a» deploy@acme-ci
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI«b» j.lindqvist@laptop
''', a=r(43, B64), b=r(43, B64)))

add('m08/order-service/src/main/resources/application.yml', T('''
spring:
  application:
    name: order-service
  config:
    import: "vault://secret/order-service"
  cloud:
    vault:
      uri: https://vault.acme.internal:8200
      authentication: KUBERNETES
      kubernetes:
        role: order-service
  datasource:
    url: jdbc:postgresql://${DB_HOST:localhost}:5432/orders
    username: ${DB_USER:orders_rw}
    password: ${DB_PASSWORD}
  kafka:
    bootstrap-servers: ${KAFKA_BROKERS:localhost:9092}
    properties:
      sasl.jaas.config: >-
        org.apache.kafka.common.security.scram.ScramLoginModule required
        username="${KAFKA_USER}" password="${KAFKA_PASSWORD}";

app:
  payment:
    api-key: ${vault.payment.api-key}
  password-policy:
    min-length: 12
    require-symbol: true
'''))

add('m09/infra/terraform/rds/main.tf', T('''
resource "random_password" "master" {
  length           = 32
  special          = true
  override_special = "!#$%&*()-_=+[]{}<>:?"
}

resource "aws_secretsmanager_secret" "rds_master" {
  name = "prod/orders/rds-master"
}

resource "aws_secretsmanager_secret_version" "rds_master" {
  secret_id     = aws_secretsmanager_secret.rds_master.id
  secret_string = random_password.master.result
}

resource "aws_db_instance" "orders" {
  identifier              = "orders-prod"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.r6g.large"
  allocated_storage       = 200
  username                = "orders_admin"
  password                = random_password.master.result
  storage_encrypted       = true
  kms_key_id              = "arn:aws:kms:eu-west-1:«acct»:key/«kms»"
  backup_retention_period = 14
  skip_final_snapshot     = false
}

data "aws_secretsmanager_secret_version" "datadog" {
  secret_id = "prod/shared/datadog-api-key"
}
''', acct=random.randint(10**11, 10**12 - 1), kms=uuid()))

add('m10/docs/incidents/2024-04-11-leaked-stripe-key.md', T('''
# Incident 2024-04-11: Stripe key exposed in a public gist (SEV-1)

**Status:** resolved. **Owner:** Security (A. Mensah)

## Summary

A developer pasted a debug log into a public gist. The log held the live
Stripe secret key `sk_live_51N***************************REDACTED` and the
webhook secret `whsec_****`. GitHub secret scanning notified Stripe, who
notified us 6 minutes later.

## Timeline (UTC)

- 13:02 gist created
- 13:08 Stripe notification e-mail to security@
- 13:15 key rolled in the Stripe dashboard; new key stored in Vault at
  `secret/payments/stripe` (value not recorded here)
- 13:40 gist deleted, GitHub support asked to purge caches
- 14:30 reviewed Stripe logs: no API calls from unknown IPs

## Follow-ups

- [x] Log scrubbing filter for `sk_live_` / `whsec_` prefixes (PAY-1203)
- [ ] Pre-commit hook with secret scanning on all repos (SEC-77)
- Request id of the notification: «rid»
'''.replace('«rid»', uuid())))

add('m11/internal/auth/login.go', T('''
package auth

import (
	"crypto/subtle"
	"errors"
	"net/http"

	"golang.org/x/crypto/bcrypt"
)

const (
	passwordField   = "password"
	tokenURL        = "https://auth.acme-corp.io/oauth2/token"
	secretHeader    = "X-Acme-Signature"
	minPasswordLen  = 12
	// build info injected by the linker; commit of the last release
	releaseCommit   = "«sha»"
)

var ErrBadCredentials = errors.New("invalid username or password")

// sha256 of the signed release bundle, checked before the self-update is applied.
const bundleSHA256 = "«sum»"

func checkPassword(hash []byte, password string) error {
	if len(password) < minPasswordLen {
		return ErrBadCredentials
	}
	if err := bcrypt.CompareHashAndPassword(hash, []byte(password)); err != nil {
		return ErrBadCredentials
	}
	return nil
}

func verifySignature(r *http.Request, expected []byte) bool {
	got := []byte(r.Header.Get(secretHeader))
	return subtle.ConstantTimeCompare(got, expected) == 1
}
''', sha=hx(40), sum=hx(64)))

add('m12/ci/Jenkinsfile', T('''
pipeline {
    agent { label 'linux-docker' }

    environment {
        REGISTRY = 'registry.acme.internal'
        SONAR_TOKEN = credentials('sonarqube-token')
    }

    stages {
        stage('Build') {
            steps {
                sh './gradlew clean build'
            }
        }
        stage('Push image') {
            steps {
                withCredentials([usernamePassword(credentialsId: 'registry-push',
                                                  usernameVariable: 'REG_USER',
                                                  passwordVariable: 'REG_PASS')]) {
                    sh 'echo "$REG_PASS" | docker login "$REGISTRY" -u "$REG_USER" --password-stdin'
                    sh 'docker push "$REGISTRY/catalog:${GIT_COMMIT}"'
                }
            }
        }
        stage('Migrate staging DB') {
            when { branch 'develop' }
            steps {
                withCredentials([string(credentialsId: 'catalog-migrator-password', variable: 'MYSQL_PWD')]) {
                    sh 'mysql -h mysql-stg.acme.internal -u migrator catalog < db/migrations/latest.sql'
                }
            }
        }
    }
}
'''))
add('m12/ansible/inventories/prod/group_vars/dbservers.yml', T('''
---
postgresql_version: 15
postgres_replication_user: replicator
# defined in vault.yml (ansible-vault encrypted)
postgres_replication_password: "{{ vault_postgres_replication_password }}"
grafana_admin_password: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=secret/data/grafana:admin_password') }}"
backup_enabled: true
backup_retention_days: 14
'''))

write()
