# Usage: python3 set33.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 33 (stop 29, held out): a 2026 sample of what secret-scanning incident responders actually find
import base64, json, random, string, struct
from common import start, r, hx, ck, add, write, A, HEX, B62

start()

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'placeholder', 'your_')
LOW = string.ascii_lowercase
UP = string.ascii_uppercase
DIG = string.digits
URLSAFE = A + '-_'


def clean(v: str) -> bool:
    low = v.lower()
    return not any(b in low for b in BAD)


def d(f, *a):
    """Calls f(*a) until its value holds none of the words a real leak would not."""
    while True:
        v = f(*a)
        if clean(v):
            return v


def rr(n, al=A):
    return d(r, n, al)


def hh(n):
    return d(hx, n)


def cc(prefix):
    return d(ck, prefix)


def rb(n):
    return bytes(random.randrange(256) for _ in range(n))


def b64(n):
    return base64.b64encode(rb(n)).decode()


def num(n):
    return str(random.randint(1, 9)) + r(n - 1, DIG)


def uid():
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


WORDS = ['harbor', 'maple', 'copper', 'falcon', 'winter', 'orchid', 'granite', 'velvet', 'summit',
         'lantern', 'ember', 'cobalt', 'meadow', 'thunder', 'saffron', 'juniper', 'glacier', 'canyon',
         'willow', 'marble', 'raven', 'tundra', 'citrus', 'quartz', 'beacon', 'prairie', 'walnut',
         'harvest', 'nimbus', 'pepper', 'otter', 'sparrow', 'bramble', 'crimson', 'delta', 'fjord',
         'hazel', 'indigo', 'kestrel', 'lotus', 'mango', 'nectar', 'pilot', 'rocket', 'sierra',
         'topaz', 'umber', 'violet', 'zephyr', 'anchor', 'badger', 'cactus', 'dynamo', 'pelican']
LEET = {'a': '4', 'e': '3', 'i': '1', 'o': '0', 's': '5'}


def _pw(syms):
    w = random.sample(WORDS, 3)
    s = random.choice(syms)
    style = random.randrange(5)
    if style == 0:
        return w[0].capitalize() + w[1].capitalize() + r(random.randint(2, 4), DIG) + s
    if style == 1:
        return w[0] + s + w[1].capitalize() + random.choice(syms) + r(2, DIG)
    if style == 2:
        leet = ''.join(LEET.get(c, c) if random.random() < 0.5 else c for c in w[0])
        return leet.capitalize() + s + w[1].capitalize() + random.choice(syms) + r(2, DIG)
    if style == 3:
        return r(random.randint(16, 22), A + syms)
    return w[0] + '-' + w[1].capitalize() + '-' + w[2] + r(1, DIG) + s


def pw(syms='!@$%^&*-_+=?'):
    """A human-chosen or manager-generated password (never '.' or '#')."""
    while True:
        v = d(_pw, syms)
        if any(c in DIG for c in v) and any(c in UP for c in v) and any(c in LOW for c in v):
            return v


def wrap(s, n=64):
    return '\n'.join(s[i:i + n] for i in range(0, len(s), n))


def pem(label, der, n=64):
    return f'-----BEGIN {label}-----\n{wrap(base64.b64encode(der).decode(), n)}\n-----END {label}-----\n'


def rsa_pkcs1():
    return pem('RSA PRIVATE KEY', bytes.fromhex('308204a40201000282010100') + rb(1180))


def rsa_pkcs8():
    return pem('PRIVATE KEY', bytes.fromhex(
        '308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100') + rb(1170))


def ec_pkcs8():
    return pem('PRIVATE KEY', bytes.fromhex(
        '308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420') + rb(32)
        + bytes.fromhex('a14403420004') + rb(64))


def cert():
    return pem('CERTIFICATE', bytes.fromhex('308203a53082028da0030201020214') + rb(20)
               + bytes.fromhex('300d06092a864886f70d01010b0500') + rb(890))


def sstr(b):
    return struct.pack('>I', len(b)) + b


def openssh_ed25519(comment):
    pub, priv, chk = rb(32), rb(32), rb(4)
    pubblob = sstr(b'ssh-ed25519') + sstr(pub)
    sec = chk + chk + pubblob + sstr(priv + pub) + sstr(comment.encode())
    pad = 1
    while len(sec) % 8:
        sec += bytes([pad])
        pad += 1
    blob = (b'openssh-key-v1\x00' + sstr(b'none') + sstr(b'none') + sstr(b'')
            + struct.pack('>I', 1) + sstr(pubblob) + sstr(sec))
    return ('-----BEGIN OPENSSH PRIVATE KEY-----\n' + wrap(base64.b64encode(blob).decode(), 70)
            + '\n-----END OPENSSH PRIVATE KEY-----\n')


# ---------------------------------------------------------------- provider tokens (c01-c14)

tok = cc('ghp_')
add('c01/tools/release/publish_release.py', f'''#!/usr/bin/env python3
"""Cut a GitHub release from the CHANGELOG section of the current version."""
import os
import re
import subprocess
import sys

import requests

REPO = "northwind-labs/ledger-sync"
API = "https://api.github.com"
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN") or "{tok}"


def current_version():
    out = subprocess.check_output(["git", "describe", "--tags", "--abbrev=0"], text=True)
    return out.strip().lstrip("v")


def changelog_section(version):
    with open("CHANGELOG.md", encoding="utf-8") as fh:
        text = fh.read()
    m = re.search(rf"^## \\[?{{re.escape(version)}}\\]?.*?$(.*?)(?=^## |\\Z)", text, re.M | re.S)
    return m.group(1).strip() if m else ""


def main():
    version = current_version()
    body = changelog_section(version)
    if not body:
        sys.exit(f"no changelog entry for {{version}}")
    resp = requests.post(
        f"{{API}}/repos/{{REPO}}/releases",
        headers={{
            "Authorization": f"Bearer {{GITHUB_TOKEN}}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }},
        json={{"tag_name": f"v{{version}}", "name": f"v{{version}}", "body": body, "draft": False}},
        timeout=30,
    )
    resp.raise_for_status()
    print("released", resp.json()["html_url"])


if __name__ == "__main__":
    main()
''')

tok = 'glpat-' + rr(20, URLSAFE)
add('c02/renovate/config.js', f'''// Self-hosted Renovate runner for the platform group.
// Runs nightly from the ops scheduler host.
module.exports = {{
  platform: 'gitlab',
  endpoint: 'https://gitlab.corp-tessera.io/api/v4/',
  token: '{tok}',
  gitAuthor: 'Renovate Bot <renovate-bot@corp-tessera.io>',
  onboarding: true,
  onboardingConfig: {{
    extends: ['config:recommended', ':dependencyDashboard'],
  }},
  autodiscover: true,
  autodiscoverFilter: ['platform/*', 'payments/*'],
  requireConfig: 'optional',
  prHourlyLimit: 4,
  prConcurrentLimit: 12,
  timezone: 'Europe/Berlin',
  schedule: ['after 10pm every weekday', 'every weekend'],
  packageRules: [
    {{
      matchUpdateTypes: ['minor', 'patch'],
      matchCurrentVersion: '!/^0/',
      automerge: true,
    }},
    {{
      matchPackageNames: ['node'],
      allowedVersions: '<=22',
    }},
    {{
      matchDatasources: ['docker'],
      matchPackagePatterns: ['^registry.corp-tessera.io/'],
      groupName: 'internal base images',
    }},
  ],
  hostRules: [
    {{
      hostType: 'docker',
      matchHost: 'registry.corp-tessera.io',
      username: 'renovate-bot',
    }},
  ],
}};
''')

tok = cc('npm_')
add('c03/.npmrc', f'''registry=https://registry.npmjs.org/
@quillstack:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={tok}
save-exact=true
engine-strict=true
fund=false
audit-level=high
''')
add('c03/package.json', '''{
  "name": "@quillstack/form-kit",
  "version": "3.8.1",
  "description": "Accessible form primitives for React",
  "main": "dist/index.cjs",
  "module": "dist/index.mjs",
  "types": "dist/index.d.ts",
  "files": ["dist"],
  "sideEffects": false,
  "scripts": {
    "build": "tsup src/index.ts --format cjs,esm --dts",
    "lint": "eslint src --ext .ts,.tsx",
    "prepublishOnly": "npm run build",
    "release": "npm publish --access public"
  },
  "peerDependencies": {
    "react": ">=18"
  },
  "devDependencies": {
    "@types/react": "^18.3.3",
    "eslint": "^8.57.0",
    "tsup": "^8.1.0",
    "typescript": "^5.5.2"
  },
  "publishConfig": {
    "access": "public"
  },
  "license": "MIT"
}
''')

tok = 'pypi-AgEIcHlwaS5vcmcCJ' + rr(random.randint(150, 170), URLSAFE)
add('c04/.pypirc', f'''[distutils]
index-servers =
    pypi
    internal

[pypi]
repository = https://upload.pypi.org/legacy/
username = __token__
password = {tok}

[internal]
repository = https://pkgs.halyard-analytics.net/simple/
username = ci-publisher
''')
add('c04/Makefile', '''.PHONY: build clean publish check

PY ?= python3

clean:
\trm -rf build dist *.egg-info

build: clean
\t$(PY) -m build

check: build
\t$(PY) -m twine check dist/*

publish: check
\t$(PY) -m twine upload --repository pypi dist/*
''')

kid = 'AKIA' + rr(16, UP + '234567')
sec = rr(40, A + '/+')
add('c05/infra/terraform/providers.tf', f'''terraform {{
  required_version = ">= 1.6.0"

  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }}
  }}

  backend "s3" {{
    bucket = "brightpath-tfstate-prod"
    key    = "network/terraform.tfstate"
    region = "eu-west-1"
  }}
}}

# TODO: move to SSO profile once the landing zone is done
provider "aws" {{
  region     = var.region
  access_key = "{kid}"
  secret_key = "{sec}"

  default_tags {{
    tags = {{
      Project     = "brightpath"
      Environment = "prod"
      ManagedBy   = "terraform"
    }}
  }}
}}

provider "aws" {{
  alias  = "us_east_1"
  region = "us-east-1"
}}
''')

key = 'AIza' + rr(35, URLSAFE)
add('c06/services/geo/geocode.py', f'''"""Batch geocoder for depot addresses (server-side Maps key, restricted to Geocoding API)."""
import csv
import logging
import time

import requests

log = logging.getLogger(__name__)

GEOCODE_URL = "https://maps.googleapis.com/maps/api/geocode/json"
MAPS_API_KEY = "{key}"
RATE_LIMIT_PER_SEC = 40


def geocode(address, region="de"):
    params = {{"address": address, "region": region, "key": MAPS_API_KEY}}
    resp = requests.get(GEOCODE_URL, params=params, timeout=10)
    resp.raise_for_status()
    data = resp.json()
    if data.get("status") != "OK":
        log.warning("geocode failed for %r: %s", address, data.get("status"))
        return None
    loc = data["results"][0]["geometry"]["location"]
    return loc["lat"], loc["lng"]


def run(in_path, out_path):
    with open(in_path, newline="", encoding="utf-8") as src, \\
            open(out_path, "w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames + ["lat", "lng"])
        writer.writeheader()
        for row in reader:
            point = geocode(f"{{row['street']}}, {{row['zip']}} {{row['city']}}")
            row["lat"], row["lng"] = point if point else ("", "")
            writer.writerow(row)
            time.sleep(1.0 / RATE_LIMIT_PER_SEC)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run("depots.csv", "depots_geocoded.csv")
''')

key = 'sk_live_51' + rr(97)
add('c07/config/initializers/stripe.rb', f'''# frozen_string_literal: true

require "stripe"

Rails.configuration.stripe = {{
  publishable_key: ENV.fetch("STRIPE_PUBLISHABLE_KEY", nil),
  secret_key: ENV.fetch("STRIPE_SECRET_KEY", "{key}"),
  webhook_tolerance: 300
}}

Stripe.api_key = Rails.configuration.stripe[:secret_key]
Stripe.api_version = "2024-06-20"
Stripe.max_network_retries = 2
Stripe.open_timeout = 15
Stripe.read_timeout = 40

Stripe.log_level = Rails.env.production? ? Stripe::LEVEL_ERROR : Stripe::LEVEL_INFO

Rails.application.config.after_initialize do
  Stripe.set_app_info(
    "PantryBox Storefront",
    version: PantryBox::VERSION,
    url: "https://pantrybox.shop"
  )
end
''')

key = f'xoxb-{num(random.choice([11, 12]))}-{num(13)}-{rr(24)}'
add('c08/bots/standup/config.yaml', f'''# standup-bot: posts the daily async standup prompt and collects replies
bot:
  name: standup-bot
  display_name: "Standup"
  icon_emoji: ":sunrise:"

slack:
  bot_token: "{key}"
  default_channel: "#eng-standup"
  thread_replies: true
  reminder_minutes: 90

schedule:
  timezone: "America/Chicago"
  days: [mon, tue, wed, thu, fri]
  prompt_at: "09:15"
  summary_at: "11:30"
  skip_holidays: true
  holiday_calendar: us

questions:
  - "What did you finish yesterday?"
  - "What are you working on today?"
  - "Anything blocking you?"

teams:
  - name: platform
    channel: "#team-platform"
    members_group: platform-eng
  - name: mobile
    channel: "#team-mobile"
    members_group: mobile-eng

storage:
  driver: sqlite
  path: /var/lib/standup-bot/standup.db

logging:
  level: info
  format: json
''')

key = 'SG.' + rr(22, URLSAFE) + '.' + rr(43, URLSAFE)
add('c09/src/mail/mailer.ts', f'''import sgMail from '@sendgrid/mail';
import {{ logger }} from '../lib/logger';
import {{ renderTemplate }} from './templates';

const FROM_ADDRESS = 'Cobblestone Support <support@cobblestone-crm.com>';

sgMail.setApiKey(process.env.SENDGRID_API_KEY ?? '{key}');

export interface MailJob {{
  to: string;
  template: 'welcome' | 'reset-password' | 'invoice';
  data: Record<string, unknown>;
}}

export async function sendMail(job: MailJob): Promise<void> {{
  const {{ subject, html, text }} = await renderTemplate(job.template, job.data);
  try {{
    await sgMail.send({{
      to: job.to,
      from: FROM_ADDRESS,
      subject,
      html,
      text,
      trackingSettings: {{ clickTracking: {{ enable: false }} }},
    }});
    logger.info({{ to: job.to, template: job.template }}, 'mail sent');
  }} catch (err) {{
    logger.error({{ err, template: job.template }}, 'mail failed');
    throw err;
  }}
}}

export async function sendBatch(jobs: MailJob[]): Promise<number> {{
  let sent = 0;
  for (const job of jobs) {{
    await sendMail(job);
    sent += 1;
  }}
  return sent;
}}
''')

sid = 'AC' + hh(32)
key = hh(32)
add('c10/app/Services/SmsNotifier.php', f'''<?php

namespace App\\Services;

use Illuminate\\Support\\Facades\\Log;
use Twilio\\Rest\\Client;
use Twilio\\Exceptions\\TwilioException;

class SmsNotifier
{{
    private const ACCOUNT_SID = '{sid}';
    private const AUTH_TOKEN = '{key}';
    private const FROM_NUMBER = '+14155550143';

    private Client $client;

    public function __construct()
    {{
        $this->client = new Client(self::ACCOUNT_SID, self::AUTH_TOKEN);
    }}

    public function appointmentReminder(string $to, string $patientName, string $when): bool
    {{
        $body = sprintf(
            'Hi %s, this is a reminder of your appointment at Riverside Dental on %s. Reply C to confirm.',
            $patientName,
            $when
        );

        try {{
            $this->client->messages->create($to, [
                'from' => self::FROM_NUMBER,
                'body' => $body,
            ]);
            return true;
        }} catch (TwilioException $e) {{
            Log::warning('sms reminder failed', ['to' => $to, 'error' => $e->getMessage()]);
            return false;
        }}
    }}
}}
''')

key = hh(32)
add('c11/datadog/datadog.yaml', f'''## Datadog Agent configuration for the build farm hosts
## Managed by hand until the puppet module is fixed (OPS-2231)

api_key: {key}
site: datadoghq.eu

hostname_fqdn: true
tags:
  - env:ci
  - team:devex
  - role:build-agent

logs_enabled: true
logs_config:
  container_collect_all: false
  use_compression: true

apm_config:
  enabled: true
  env: ci
  max_traces_per_second: 10

process_config:
  process_collection:
    enabled: false

inventories_configuration_enabled: true

dogstatsd_non_local_traffic: false
dogstatsd_port: 8125

log_level: warn
log_file: /var/log/datadog/agent.log
''')

key = 'sk-proj-' + rr(74, URLSAFE) + 'T3BlbkFJ' + rr(74, URLSAFE)
add('c12/.env.production', f'''NODE_ENV=production
PORT=8080
LOG_LEVEL=info

APP_NAME=Brieflet
APP_URL=https://app.brieflet.ai
CORS_ORIGINS=https://brieflet.ai,https://app.brieflet.ai

# LLM
OPENAI_API_KEY={key}
OPENAI_MODEL=gpt-4o-mini
OPENAI_MAX_TOKENS=1200
OPENAI_TIMEOUT_MS=45000
SUMMARY_TEMPERATURE=0.2

# Queue / cache
REDIS_HOST=redis-primary.internal
REDIS_PORT=6379
QUEUE_CONCURRENCY=8

# Storage
S3_BUCKET=brieflet-uploads-prod
S3_REGION=us-east-2

# Feature flags
FEATURE_PDF_IMPORT=true
FEATURE_TEAM_SPACES=false
RATE_LIMIT_PER_MIN=60
''')

key = 'sk-ant-api03-' + rr(93, URLSAFE) + 'AA'
add('c13/services/summarizer/config.py', f'''"""Settings for the ticket summarizer worker."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LLMSettings:
    provider: str = "anthropic"
    api_key: str = "{key}"
    model: str = "claude-3-5-sonnet-latest"
    max_tokens: int = 1024
    temperature: float = 0.1
    request_timeout: int = 60
    max_retries: int = 3


@dataclass(frozen=True)
class QueueSettings:
    url: str = "amqp://summarizer@rabbitmq.svc.cluster.local:5672/helpdesk"
    prefetch: int = 4
    queue: str = "tickets.summarize"
    dead_letter: str = "tickets.summarize.dlq"


@dataclass(frozen=True)
class Settings:
    llm: LLMSettings = field(default_factory=LLMSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    max_ticket_chars: int = 24000
    languages: tuple = ("en", "de", "fr", "es")
    redact_emails: bool = True


SETTINGS = Settings()
''')

key = 'pscale_pw_' + rr(43, URLSAFE)
db = random.choice(WORDS)
add('c14/.env.local', f'''# Local dev points at the shared staging branch of the PlanetScale db
NEXT_PUBLIC_APP_URL=http://localhost:3000
NEXTAUTH_URL=http://localhost:3000

DATABASE_URL="mysql://{r(12, LOW + DIG)}:{key}@aws.connect.psdb.cloud/{db}-app?sslaccept=strict"

SHADOW_DATABASE_URL="mysql://root@127.0.0.1:3309/{db}_shadow"

NEXT_PUBLIC_POSTHOG_HOST=https://eu.posthog.com
UPLOAD_MAX_MB=25
DEFAULT_LOCALE=en
''')
add('c14/prisma/schema.prisma', '''generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider     = "mysql"
  url          = env("DATABASE_URL")
  relationMode = "prisma"
}

model User {
  id        String   @id @default(cuid())
  email     String   @unique
  name      String?
  createdAt DateTime @default(now())
  projects  Project[]
}

model Project {
  id      String @id @default(cuid())
  title   String
  ownerId String
  owner   User   @relation(fields: [ownerId], references: [id])

  @@index([ownerId])
}
''')

# ---------------------------------------------------------------- passwords and generated secrets (c15-c28)

p = pw('!@%^*-_+=?')
add('c15/docker/.env', f'''COMPOSE_PROJECT_NAME=fieldnotes
TZ=Europe/Amsterdam

# web
WEB_PORT=8088
APP_ENV=production
APP_DEBUG=false

# database
POSTGRES_DB=fieldnotes
POSTGRES_USER=fieldnotes
POSTGRES_PASSWORD={p}
POSTGRES_HOST=db
POSTGRES_PORT=5432

# cache
REDIS_HOST=cache
REDIS_PORT=6379

# mail relay (unauthenticated, internal)
SMTP_HOST=relay.lan
SMTP_PORT=25
MAIL_FROM=noreply@fieldnotes.lan

# backups
BACKUP_CRON=15 3 * * *
BACKUP_KEEP_DAYS=14
''')
add('c15/docker/docker-compose.yml', '''services:
  web:
    image: ghcr.io/fieldnotes/web:2.4
    env_file: .env
    ports:
      - "${WEB_PORT}:8080"
    depends_on: [db, cache]
  db:
    image: postgres:16-alpine
    env_file: .env
    volumes:
      - pgdata:/var/lib/postgresql/data
  cache:
    image: redis:7-alpine
volumes:
  pgdata:
''')

p = pw()
u = random.choice(WORDS) + '_app'
add('c16/config/database.yml', f'''default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") {{ 5 }} %>
  timeout: 5000

development:
  <<: *default
  database: {u}_development

test:
  <<: *default
  database: {u}_test

staging:
  <<: *default
  database: {u}_staging
  host: <%= ENV["DB_HOST"] %>
  username: <%= ENV["DB_USER"] %>
  password: <%= ENV["DB_PASSWORD"] %>

production:
  <<: *default
  database: {u}_production
  host: pg-prod-01.db.internal
  port: 5432
  username: {u}
  password: "{p}"
  sslmode: require
  prepared_statements: false
  advisory_locks: true
''')

p = pw('!@%^*-_+?')
add('c17/src/Inventory.Api/appsettings.Production.json', json.dumps({
    "Logging": {"LogLevel": {"Default": "Warning", "Microsoft.AspNetCore": "Warning",
                             "Inventory": "Information"}},
    "AllowedHosts": "*",
    "ConnectionStrings": {
        "InventoryDb": f"Server=tcp:sql-inventory-prod.database.windows.net,1433;Initial Catalog=inventory;"
                       f"Persist Security Info=False;User ID=inventory_api;Password={p};"
                       f"MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;"
                       f"Connection Timeout=30;",
    },
    "Cors": {"Origins": ["https://inventory.harrowgate.co.uk", "https://admin.harrowgate.co.uk"]},
    "Caching": {"DefaultTtlSeconds": 120, "Provider": "Memory"},
    "Features": {"BulkImport": True, "Webhooks": False},
    "Serilog": {"MinimumLevel": "Information",
                "WriteTo": [{"Name": "Console", "Args": {"formatter": "Serilog.Formatting.Json.JsonFormatter"}}]},
    "HealthChecks": {"Path": "/healthz", "TimeoutSeconds": 5},
}, indent=2) + '\n')

p = pw('!@%^*-_+=?')
add('c18/.m2/settings.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <localRepository>/home/jenkins/.m2/repository</localRepository>
  <interactiveMode>false</interactiveMode>

  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.kaltwerk.de/repository/maven-public/</url>
    </mirror>
  </mirrors>

  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deploy-ci</username>
      <password>{p}</password>
    </server>
  </servers>

  <profiles>
    <profile>
      <id>kaltwerk</id>
      <repositories>
        <repository>
          <id>central</id>
          <url>https://repo.maven.apache.org/maven2</url>
          <releases><enabled>true</enabled></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>

  <activeProfiles>
    <activeProfile>kaltwerk</activeProfile>
  </activeProfiles>
</settings>
''')

p = pw('!@%^*-_+?')
add('c19/etc/mysql/conf.d/backup.cnf', f'''# Credentials for the nightly xtrabackup / mysqldump jobs
# Read by /usr/local/sbin/db-backup via --defaults-extra-file

[client]
user = backup_svc
password = {p}
host = 127.0.0.1
port = 3306
default-character-set = utf8mb4

[mysqldump]
single-transaction
quick
routines
triggers
events
max_allowed_packet = 512M
set-gtid-purged = OFF

[xtrabackup]
target_dir = /srv/backup/mysql/current
parallel = 4
compress = zstd
compress-threads = 4
''')

p = pw()
add('c20/src/main/resources/application.properties', f'''spring.application.name=claims-service
server.port=8081
server.servlet.context-path=/claims
server.shutdown=graceful

spring.datasource.url=jdbc:postgresql://claims-db.prod.svc:5432/claims
spring.datasource.username=claims_rw
spring.datasource.password={p}
spring.datasource.hikari.maximum-pool-size=20
spring.datasource.hikari.minimum-idle=5
spring.datasource.hikari.connection-timeout=20000

spring.jpa.hibernate.ddl-auto=validate
spring.jpa.open-in-view=false
spring.jpa.properties.hibernate.jdbc.batch_size=50
spring.flyway.enabled=true
spring.flyway.locations=classpath:db/migration

management.endpoints.web.exposure.include=health,info,prometheus
management.endpoint.health.probes.enabled=true
management.metrics.tags.application=${{spring.application.name}}

logging.level.root=INFO
logging.level.com.mutualre.claims=DEBUG
logging.pattern.level=%5p [${{spring.application.name}},%X{{traceId:-}},%X{{spanId:-}}]

claims.attachments.max-size=20MB
claims.attachments.bucket=mutualre-claims-attachments
''')

p = pw('-_!*~')
add('c21/config/production.toml', f'''[server]
bind = "0.0.0.0:7400"
workers = 8
request_timeout_secs = 30
shutdown_grace_secs = 20

[telemetry]
otlp_endpoint = "http://otel-collector.observability:4317"
service_name = "ingest-gateway"
sample_ratio = 0.05

[broker]
url = "amqps://ingest:{p}@mq.prod.lattice-grid.net:5671/telemetry"
exchange = "meter.readings"
routing_key = "raw"
confirm_publish = true
heartbeat_secs = 30

[limits]
max_batch = 5000
max_payload_kb = 512
per_device_rps = 20

[storage]
spool_dir = "/var/spool/ingest"
max_spool_mb = 2048

[[tenants]]
id = "nordstrom-energie"
quota_per_min = 120000

[[tenants]]
id = "valley-coop"
quota_per_min = 40000
''')

p = pw('!@%^*-_+=?')
add('c22/terraform/envs/prod/terraform.tfvars', f'''environment   = "prod"
region        = "westeurope"
location_code = "weu"

resource_group_name = "rg-payroll-prod-weu"

vnet_address_space = ["10.42.0.0/16"]
subnets = {{
  app  = "10.42.1.0/24"
  data = "10.42.2.0/24"
  mgmt = "10.42.250.0/26"
}}

sql_server_name     = "sql-payroll-prod-weu"
sql_admin_login     = "sqladminpayroll"
sql_admin_password  = "{p}"
sql_sku_name        = "GP_Gen5_4"
sql_max_size_gb     = 256
sql_zone_redundant  = true
backup_retention_days = 35

app_service_plan_sku = "P1v3"
app_instance_count   = 3

tags = {{
  owner       = "payroll-platform"
  cost_center = "CC-4410"
  data_class  = "confidential"
}}
''')

sk = rr(50, LOW + DIG + '!@$%^&*(-_=+)')
add('c23/mysite/settings/production.py', f'''from .base import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = "{sk}"

ALLOWED_HOSTS = ["www.heronmuseum.org", "heronmuseum.org", "cms.heronmuseum.org"]
CSRF_TRUSTED_ORIGINS = ["https://cms.heronmuseum.org"]

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "heron_cms",
        "USER": "heron_cms",
        "HOST": "/var/run/postgresql",
        "CONN_MAX_AGE": 60,
    }}
}}

CACHES = {{
    "default": {{
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }}
}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000

STATIC_ROOT = "/srv/heron/static"
MEDIA_ROOT = "/srv/heron/media"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "localhost"
DEFAULT_FROM_EMAIL = "Heron Museum <web@heronmuseum.org>"

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
''')

p = pw("!@%^*-_+=?")
add('c24/knexfile.js', f'''// Knex configuration for the booking API
require('dotenv').config();

const shared = {{
  client: 'pg',
  migrations: {{
    directory: './db/migrations',
    tableName: 'knex_migrations',
  }},
  seeds: {{
    directory: './db/seeds',
  }},
  pool: {{ min: 2, max: 10 }},
}};

module.exports = {{
  development: {{
    ...shared,
    connection: {{
      host: '127.0.0.1',
      port: 5432,
      database: 'bookings_dev',
      user: 'postgres',
    }},
  }},

  production: {{
    ...shared,
    connection: {{
      host: 'bookings-prod.cluster-cq1x7a.eu-central-1.rds.amazonaws.com',
      port: 5432,
      database: 'bookings',
      user: 'bookings_api',
      password: '{p}',
      ssl: {{ rejectUnauthorized: true }},
    }},
    pool: {{ min: 4, max: 30 }},
    acquireConnectionTimeout: 15000,
  }},
}};
''')

p = pw('!@%^*-_+=?')
add('c25/deploy/values.yaml', f'''replicaCount: 3

image:
  repository: registry.vantorq.io/checkout/api
  tag: "5.12.0"
  pullPolicy: IfNotPresent

service:
  type: ClusterIP
  port: 8080

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: checkout.vantorq.io
      paths:
        - path: /
          pathType: Prefix
  tls:
    - secretName: checkout-tls
      hosts: [checkout.vantorq.io]

resources:
  requests:
    cpu: 250m
    memory: 512Mi
  limits:
    memory: 1Gi

redis:
  enabled: true
  architecture: replication
  auth:
    enabled: true
    password: "{p}"
  master:
    persistence:
      size: 8Gi

autoscaling:
  enabled: true
  minReplicas: 3
  maxReplicas: 12
  targetCPUUtilizationPercentage: 70

podDisruptionBudget:
  minAvailable: 2
''')

p = pw('!@%^*-_+=?')
add('c26/scripts/backup.sh', f'''#!/usr/bin/env bash
# Nightly dump of the orders database to the NAS, keeps 10 days.
set -euo pipefail

DB_HOST="10.20.4.15"
DB_NAME="orders"
DB_USER="orders_backup"
DEST="/mnt/nas/backups/orders"
STAMP="$(date +%Y%m%d-%H%M)"
KEEP_DAYS=10

mkdir -p "$DEST"

echo "[$(date -Is)] starting dump of $DB_NAME"
mysqldump --host="$DB_HOST" --user="$DB_USER" --password='{p}' \\
  --single-transaction --routines --triggers --set-gtid-purged=OFF \\
  "$DB_NAME" | gzip -9 > "$DEST/$DB_NAME-$STAMP.sql.gz"

echo "[$(date -Is)] dump finished: $(du -h "$DEST/$DB_NAME-$STAMP.sql.gz" | cut -f1)"

find "$DEST" -name "$DB_NAME-*.sql.gz" -mtime +"$KEEP_DAYS" -print -delete

if command -v curl >/dev/null; then
  curl -fsS -m 10 "https://hc-ping.com/orders-backup" >/dev/null || true
fi
''')

p = pw('-_!*~')
add('c27/cmd/worker/main.go', f'''package main

import (
\t"context"
\t"database/sql"
\t"log"
\t"os"
\t"os/signal"
\t"syscall"
\t"time"

\t_ "github.com/go-sql-driver/mysql"

\t"github.com/ferrylane/dispatch/internal/jobs"
)

const dsn = "dispatch:{p}@tcp(mysql-primary.dispatch.svc:3306)/dispatch?parseTime=true&loc=UTC&timeout=5s"

func main() {{
\tdb, err := sql.Open("mysql", dsn)
\tif err != nil {{
\t\tlog.Fatalf("open db: %v", err)
\t}}
\tdefer db.Close()
\tdb.SetMaxOpenConns(25)
\tdb.SetMaxIdleConns(5)
\tdb.SetConnMaxLifetime(5 * time.Minute)

\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
\tdefer stop()

\tif err := db.PingContext(ctx); err != nil {{
\t\tlog.Fatalf("ping db: %v", err)
\t}}

\tw := jobs.NewWorker(db, jobs.Options{{
\t\tPollInterval: 2 * time.Second,
\t\tBatchSize:    100,
\t\tQueue:        "route-optimizer",
\t}})
\tlog.Println("worker started")
\tif err := w.Run(ctx); err != nil {{
\t\tlog.Fatalf("worker: %v", err)
\t}}
\tlog.Println("worker stopped")
}}
''')

p = pw('!@%^*-_+=?')
add('c28/ops/Join-BranchServers.ps1', f'''<#
.SYNOPSIS
  Joins freshly imaged branch servers to the CORP domain and moves them to the right OU.
#>
param(
    [Parameter(Mandatory = $true)]
    [string[]]$ComputerName,
    [string]$OU = "OU=Branch,OU=Servers,DC=corp,DC=meridianfoods,DC=com"
)

$ErrorActionPreference = "Stop"

$joinUser = "CORP\\svc-domainjoin"
$joinPass = ConvertTo-SecureString '{p}' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($joinUser, $joinPass)

foreach ($name in $ComputerName) {{
    Write-Host "Joining $name to corp.meridianfoods.com ..."
    try {{
        Add-Computer -ComputerName $name -DomainName "corp.meridianfoods.com" `
            -Credential $cred -OUPath $OU -Restart -Force
        Write-Host "  $name joined, rebooting" -ForegroundColor Green
    }}
    catch {{
        Write-Warning "  failed on ${{name}}: $($_.Exception.Message)"
    }}
}}

Write-Host "Done. Verify with: Get-ADComputer -SearchBase '$OU' -Filter *"
''')

# ---------------------------------------------------------------- keys, certificates, signing secrets (c29-c34)

k = d(openssh_ed25519, 'deploy@' + random.choice(WORDS) + '-ci')
add('c29/ansible/group_vars/webservers/deploy.yml', '''---
deploy_user: deploy
deploy_group: www-data
deploy_root: /srv/apps/storefront
deploy_keep_releases: 5

repo_url: git@github.com:ashgrove-retail/storefront.git
repo_version: main

# key used by the servers to pull from GitHub (read-only deploy key)
deploy_ssh_key: |
''' + ''.join('  ' + line + '\n' for line in k.splitlines()) + '''
node_version: "20"
pm2_apps:
  - name: storefront
    script: dist/server.js
    instances: max
    env:
      NODE_ENV: production
      PORT: 3000

nginx_server_name: shop.ashgrove-retail.com
nginx_upstream_port: 3000
''')

pkid = hh(40)
proj = f'{random.choice(WORDS)}-{random.choice(WORDS)}-{num(6)}'
svc = random.choice(['bq-loader', 'gcs-sync', 'ci-deployer', 'looker-export'])
key = d(rsa_pkcs8)
add(f'c30/secrets/{proj}-{pkid[:12]}.json', json.dumps({
    "type": "service_account",
    "project_id": proj,
    "private_key_id": pkid,
    "private_key": key,
    "client_email": f"{svc}@{proj}.iam.gserviceaccount.com",
    "client_id": num(21),
    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
    "token_uri": "https://oauth2.googleapis.com/token",
    "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
    "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{svc}%40{proj}.iam.gserviceaccount.com",
    "universe_domain": "googleapis.com",
}, indent=2) + '\n')
add('c30/README.md', f'''# warehouse loaders

Nightly jobs that load partner exports into BigQuery (`{proj}`).

Run locally:

```
export GOOGLE_APPLICATION_CREDENTIALS=secrets/{proj}-{pkid[:12]}.json
python -m loaders.run --date yesterday
```
''')

key = d(rsa_pkcs1)
add('c31/nginx/ssl/api.bundle.pem', d(cert) + d(cert) + key)
add('c31/nginx/conf.d/api.conf', '''server {
    listen 443 ssl;
    http2 on;
    server_name api.quayside-freight.com;

    ssl_certificate     /etc/nginx/ssl/api.bundle.pem;
    ssl_certificate_key /etc/nginx/ssl/api.bundle.pem;
    ssl_protocols       TLSv1.2 TLSv1.3;
    ssl_session_cache   shared:SSL:10m;

    client_max_body_size 20m;

    location / {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto https;
    }
}
''')

sec = d(b64, 64)
add('c32/src/main/resources/application.yml', f'''server:
  port: 8443
  forward-headers-strategy: native

spring:
  application:
    name: identity-gateway
  data:
    redis:
      host: redis.identity.svc
      port: 6379
  jackson:
    default-property-inclusion: non_null

security:
  jwt:
    issuer: https://id.lumenbank.io
    audience: lumen-mobile
    signing-algorithm: HS512
    signing-secret: {sec}
    access-token-ttl: 15m
    refresh-token-ttl: 30d
  cors:
    allowed-origins:
      - https://app.lumenbank.io
      - https://admin.lumenbank.io
  rate-limit:
    login-per-minute: 10

management:
  endpoints:
    web:
      exposure:
        include: health,prometheus
  endpoint:
    health:
      show-details: never

logging:
  level:
    root: INFO
    io.lumenbank.identity: DEBUG
''')

crt = base64.b64encode(d(cert).encode()).decode()
key = base64.b64encode(d(ec_pkcs8).encode()).decode()
add('c33/k8s/base/tls-secret.yaml', f'''# exported from the old cluster with kubectl get secret -o yaml, cleaned up
apiVersion: v1
kind: Secret
metadata:
  name: partner-api-tls
  namespace: partner-gateway
  labels:
    app.kubernetes.io/name: partner-gateway
    app.kubernetes.io/part-of: integrations
  annotations:
    cert-manager.io/issuer-name: ""
type: kubernetes.io/tls
data:
  tls.crt: {crt}
  tls.key: {key}
''')
add('c33/k8s/base/kustomization.yaml', '''apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: partner-gateway
resources:
  - namespace.yaml
  - deployment.yaml
  - service.yaml
  - ingress.yaml
  - tls-secret.yaml
commonLabels:
  app.kubernetes.io/managed-by: kustomize
images:
  - name: partner-gateway
    newName: registry.integrations.local/partner-gateway
    newTag: "1.19.3"
''')

key = d(ec_pkcs8)
kid = rr(10, UP + DIG)
team = rr(10, UP + DIG)
add('c34/push/apns.py', f'''"""APNs sender using token-based (.p8) authentication."""
import time

import httpx
import jwt

APNS_HOST = "https://api.push.apple.com"
BUNDLE_ID = "com.trailmix.hikes"
TEAM_ID = "{team}"
KEY_ID = "{kid}"

AUTH_KEY_P8 = """{key.strip()}"""

_token = None
_token_at = 0.0


def provider_token():
    global _token, _token_at
    if _token is None or time.time() - _token_at > 3000:
        _token = jwt.encode(
            {{"iss": TEAM_ID, "iat": int(time.time())}},
            AUTH_KEY_P8,
            algorithm="ES256",
            headers={{"kid": KEY_ID}},
        )
        _token_at = time.time()
    return _token


def send(device_token, title, body, badge=None):
    payload = {{"aps": {{"alert": {{"title": title, "body": body}}, "sound": "default"}}}}
    if badge is not None:
        payload["aps"]["badge"] = badge
    with httpx.Client(http2=True, timeout=10) as client:
        resp = client.post(
            f"{{APNS_HOST}}/3/device/{{device_token}}",
            json=payload,
            headers={{
                "authorization": f"bearer {{provider_token()}}",
                "apns-topic": BUNDLE_ID,
                "apns-push-type": "alert",
            }},
        )
    return resp.status_code, resp.text
''')

# ---------------------------------------------------------------- harder forms (c35-c40)

p = pw('!@%^*-_+=?')
auth = base64.b64encode(f'ci-pusher:{p}'.encode()).decode()
add('c35/.docker/config.json', json.dumps({
    "auths": {
        "harbor.osterberg-lab.se": {"auth": auth},
        "ghcr.io": {},
        "https://index.docker.io/v1/": {},
    },
    "credHelpers": {
        "123456789012.dkr.ecr.eu-north-1.amazonaws.com": "ecr-login",
    },
    "psFormat": "table {{.ID}}\t{{.Image}}\t{{.Status}}\t{{.Names}}",
    "currentContext": "default",
    "plugins": {"debug": {"hooks": "exec"}},
    "features": {"buildkit": "true"},
}, indent='\t') + '\n')
add('c35/ci/push-images.sh', '''#!/bin/sh
# Runs on the self-hosted runner; DOCKER_CONFIG points at the checked-in config dir
set -eu
export DOCKER_CONFIG="$(pwd)/.docker"

REGISTRY=harbor.osterberg-lab.se/imaging
TAG="${CI_COMMIT_SHORT_SHA:-local}"

for svc in segmenter viewer exporter; do
  docker build -t "$REGISTRY/$svc:$TAG" "services/$svc"
  docker push "$REGISTRY/$svc:$TAG"
done
''')

acct = random.choice(WORDS) + random.choice(WORDS) + r(3, DIG)
sig = d(lambda: base64.b64encode(rb(32)).decode())
sigq = sig.replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')
add('c36/jobs/export_reports.py', f'''"""Pushes the nightly finance exports to the partner's Azure blob container."""
import datetime as dt
import logging
import pathlib

import requests

log = logging.getLogger("export_reports")

EXPORT_DIR = pathlib.Path("/data/exports/finance")
CONTAINER_URL = (
    "https://{acct}.blob.core.windows.net/inbound-reports"
    "?sv=2022-11-02&ss=b&srt=co&sp=rwlac&se=2027-06-30T21:59:59Z&st=2025-07-01T06:00:00Z"
    "&spr=https&sig={sigq}"
)


def blob_url(name):
    base, query = CONTAINER_URL.split("?", 1)
    return f"{{base}}/{{name}}?{{query}}"


def upload(path):
    with path.open("rb") as fh:
        resp = requests.put(
            blob_url(path.name),
            data=fh,
            headers={{"x-ms-blob-type": "BlockBlob", "Content-Type": "text/csv"}},
            timeout=120,
        )
    resp.raise_for_status()
    log.info("uploaded %s (%d bytes)", path.name, path.stat().st_size)


def main():
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    files = sorted(EXPORT_DIR.glob(f"*_{{day}}.csv"))
    if not files:
        log.warning("nothing to export for %s", day)
        return
    for path in files:
        upload(path)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    main()
''')

p = pw('!@%^*-_+=?')
add('c37/Dockerfile', f'''# syntax=docker/dockerfile:1.7
FROM eclipse-temurin:21-jdk AS build

ARG NEXUS_URL=https://nexus.brandtwerke.de/repository/maven-public/
ARG NEXUS_USER=build-reader
ARG NEXUS_PASSWORD='{p}'

WORKDIR /src
COPY gradle gradle
COPY gradlew settings.gradle.kts build.gradle.kts ./
RUN ./gradlew --no-daemon dependencies \\
      -PnexusUrl="$NEXUS_URL" -PnexusUser="$NEXUS_USER" -PnexusPassword="$NEXUS_PASSWORD"

COPY src src
RUN ./gradlew --no-daemon bootJar \\
      -PnexusUrl="$NEXUS_URL" -PnexusUser="$NEXUS_USER" -PnexusPassword="$NEXUS_PASSWORD"

FROM eclipse-temurin:21-jre
RUN groupadd --system app && useradd --system --gid app app
WORKDIR /app
COPY --from=build /src/build/libs/*.jar /app/app.jar
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fs http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
''')

tok = 'hf_' + rr(34, string.ascii_letters)
home = random.choice(WORDS)
nb = {
    "cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": ["# Fine-tune run 7: support-intent classifier\n",
                    "Check the environment first, then pull the dataset and base model."]},
        {"cell_type": "code", "execution_count": 1, "metadata": {},
         "source": ["!env | grep -E 'HF_|WANDB_PROJECT|CUDA'"],
         "outputs": [{"name": "stdout", "output_type": "stream",
                      "text": ["CUDA_VISIBLE_DEVICES=0\n",
                               f"HF_HOME=/home/{home}/.cache/huggingface\n",
                               "HF_HUB_ENABLE_HF_TRANSFER=1\n",
                               f"HF_TOKEN={tok}\n",
                               "WANDB_PROJECT=intent-clf\n"]}]},
        {"cell_type": "code", "execution_count": 2, "metadata": {},
         "source": ["from datasets import load_dataset\n",
                    "from transformers import AutoTokenizer, AutoModelForSequenceClassification\n",
                    "\n",
                    "ds = load_dataset('acme-support/intents-v3', split='train')\n",
                    "tok = AutoTokenizer.from_pretrained('distilroberta-base')\n",
                    "model = AutoModelForSequenceClassification.from_pretrained('distilroberta-base', num_labels=24)\n",
                    "len(ds)"],
         "outputs": [{"data": {"text/plain": ["48211"]}, "execution_count": 2, "metadata": {},
                      "output_type": "execute_result"}]},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": ["def encode(batch):\n",
                    "    return tok(batch['text'], truncation=True, max_length=256)\n",
                    "\n",
                    "ds = ds.map(encode, batched=True)"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "language_info": {"name": "python", "version": "3.11.9"}},
    "nbformat": 4, "nbformat_minor": 5,
}
add('c38/notebooks/07-finetune-intents.ipynb', json.dumps(nb, indent=1) + '\n')

tok = 'sqp_' + hh(40)
add('c39/.github/workflows/quality.yml', f'''name: quality

on:
  push:
    branches: [main]
  pull_request:
    types: [opened, synchronize, reopened]

permissions:
  contents: read
  pull-requests: read

jobs:
  sonar:
    runs-on: ubuntu-latest
    env:
      SONAR_HOST_URL: https://sonar.pinecrest-health.org
      SONAR_TOKEN: {tok}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0

      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm

      - run: npm ci
      - run: npm run test:coverage -- --reporter=lcov

      - name: SonarQube scan
        uses: SonarSource/sonarqube-scan-action@v3
        with:
          args: >
            -Dsonar.projectKey=pinecrest-portal
            -Dsonar.javascript.lcov.reportPaths=coverage/lcov.info

      - name: Quality gate
        uses: SonarSource/sonarqube-quality-gate-action@v1
        timeout-minutes: 5
''')

p = pw('-_!*~')
cl = r(5, LOW + DIG)
lines = []
day = random.randint(10, 27)
t = random.randint(600, 3000) * 1000
for i, (lvl, msg) in enumerate([
        ('INFO', 'orders-api starting version=4.3.2 commit=main pid=1'),
        ('INFO', 'loaded config from /etc/orders/config.yaml profile=prod'),
        ('DEBUG', f'mongo: connecting uri=mongodb+srv://orders_svc:{p}@cluster0.{cl}.mongodb.net/orders?retryWrites=true&w=majority&appName=orders-api'),
        ('INFO', 'mongo: connected replicaSet=atlas-shard-0 primary=cluster0-shard-00-01'),
        ('INFO', 'http: listening on :8080'),
        ('INFO', f'request id={uid()} method=GET path=/healthz status=200 dur=2ms'),
        ('INFO', f'request id={uid()} method=POST path=/v1/orders status=201 dur=48ms'),
        ('WARN', f'request id={uid()} method=POST path=/v1/orders status=422 dur=11ms err="sku not found"'),
        ('INFO', f'request id={uid()} method=GET path=/v1/orders/88412 status=200 dur=9ms'),
        ('INFO', 'scheduler: running job=expire-carts'),
        ('INFO', 'scheduler: job=expire-carts expired=37 dur=140ms'),
        ('INFO', f'request id={uid()} method=GET path=/healthz status=200 dur=1ms'),
        ('ERROR', f'request id={uid()} method=POST path=/v1/payments/capture status=502 dur=3004ms err="upstream timeout"'),
        ('INFO', f'request id={uid()} method=POST path=/v1/payments/capture status=200 dur=812ms'),
        ('INFO', 'metrics: flushed 214 series'),
        ('INFO', f'request id={uid()} method=GET path=/healthz status=200 dur=1ms'),
]):
    t += random.randint(3, 4000)
    lines.append(f'2026-02-{day:02d}T04:{t // 60000:02d}:{t // 1000 % 60:02d}.{t % 1000:03d}Z {lvl:<5} {msg}')
add('c40/incident/orders-api-pod-7c9f.log', '\n'.join(lines) + '\n')

# ---------------------------------------------------------------- negatives (n01-n12): nothing real in any of them

add('n01/.env.example', '''# Copy to .env and fill in. Never commit the real .env.
NODE_ENV=development
PORT=3000

DATABASE_URL=postgres://<db-user>:<db-password>@localhost:5432/<db-name>
REDIS_URL=redis://localhost:6379/0

# Third-party APIs
OPENAI_API_KEY=<your-api-key>
STRIPE_SECRET_KEY=<your-stripe-secret-key>
STRIPE_WEBHOOK_SECRET=<whsec-from-stripe-dashboard>
SENDGRID_API_KEY=
SLACK_BOT_TOKEN=
GITHUB_TOKEN=${GITHUB_TOKEN}

# Auth
JWT_SECRET=<generate with: openssl rand -base64 48>
SESSION_SECRET=replace-me

# Storage
AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
S3_BUCKET=my-bucket-name
''')

add('n02/chart/templates/deployment.yaml', '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "api.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "api.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - containerPort: 8080
          env:
            - name: DB_HOST
              value: {{ .Values.database.host | quote }}
            - name: DB_PASSWORD
              value: {{ .Values.database.password | quote }}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.existingSecret | default (include "api.fullname" .) }}
                  key: api-token
            - name: SMTP_PASSWORD
              value: "${SMTP_PASSWORD}"
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
''')
add('n02/chart/values.yaml', '''replicaCount: 2
image:
  repository: registry.local/api
  tag: ""
database:
  host: postgres
  password: ""
existingSecret: ""
resources: {}
''')

add('n03/docs/install.md', '''# Installing the on-prem appliance

## 1. First boot

The appliance image ships with a default administrator account:

| field    | value      |
|----------|------------|
| user     | `admin`    |
| password | `changeme` |

You will be forced to change this password on first login. The web UI refuses
any other action until the default has been replaced.

## 2. Database

Set the database connection in `/etc/appliance/appliance.conf`:

```ini
[database]
host = db.internal
user = appliance
password = <set-a-strong-password-here>
```

Or pass it through the environment instead: `APPLIANCE_DB_PASSWORD=...`.

## 3. API tokens

Create a token under *Settings -> API*. Tokens are shown once; store them in
your password manager. A token looks like `apl_` followed by 40 characters.

## 4. Troubleshooting

If login fails with "password expired", reset it from the console:

```
sudo appliance-ctl reset-admin --password 'NEW_PASSWORD'
```
''')

files = ['node-v20.15.1-linux-x64.tar.xz', 'node-v20.15.1-linux-arm64.tar.xz',
         'node-v20.15.1-darwin-arm64.tar.gz', 'node-v20.15.1-darwin-x64.tar.gz',
         'node-v20.15.1-win-x64.zip', 'node-v20.15.1-headers.tar.gz', 'node-v20.15.1.tar.gz']
sums = {f: hx(64) for f in files}
add('n04/vendor/node/SHASUMS256.txt', ''.join(f'{h}  {f}\n' for f, h in sums.items()))
add('n04/Dockerfile', f'''FROM debian:bookworm-slim

ARG NODE_VERSION=20.15.1
ARG NODE_SHA256={sums['node-v20.15.1-linux-x64.tar.xz']}

RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates curl xz-utils \\
 && rm -rf /var/lib/apt/lists/*

RUN curl -fsSLO "https://nodejs.org/dist/v${{NODE_VERSION}}/node-v${{NODE_VERSION}}-linux-x64.tar.xz" \\
 && echo "${{NODE_SHA256}}  node-v${{NODE_VERSION}}-linux-x64.tar.xz" | sha256sum -c - \\
 && tar -xJf "node-v${{NODE_VERSION}}-linux-x64.tar.xz" -C /usr/local --strip-components=1 \\
 && rm "node-v${{NODE_VERSION}}-linux-x64.tar.xz"

# base image pinned by digest
# debian@sha256:{hx(64)}

CMD ["node", "--version"]
''')

pk = {}
for name, ver in [('', ''), ('node_modules/@babel/code-frame', '7.24.7'), ('node_modules/ansi-styles', '4.3.0'),
                  ('node_modules/chalk', '4.1.2'), ('node_modules/debug', '4.3.5'), ('node_modules/ms', '2.1.2'),
                  ('node_modules/supports-color', '7.2.0'), ('node_modules/picocolors', '1.0.1')]:
    if not name:
        pk[''] = {"name": "lint-helpers", "version": "1.2.0", "license": "MIT",
                  "dependencies": {"chalk": "^4.1.2", "debug": "^4.3.5"}}
        continue
    short = name.split('node_modules/')[1]
    base = short.split('/')[-1]
    pk[name] = {"version": ver,
                "resolved": f"https://registry.npmjs.org/{short}/-/{base}-{ver}.tgz",
                "integrity": "sha512-" + base64.b64encode(rb(64)).decode(),
                "license": "MIT"}
add('n05/package-lock.json', json.dumps({"name": "lint-helpers", "version": "1.2.0", "lockfileVersion": 3,
                                          "requires": True, "packages": pk}, indent=2) + '\n')

who = random.choice(WORDS)
edpub = base64.b64encode(sstr(b'ssh-ed25519') + sstr(rb(32))).decode()
rsapub = base64.b64encode(sstr(b'ssh-rsa') + sstr(b'\x01\x00\x01') + sstr(b'\x00' + rb(256))).decode()
add('n06/.ssh/authorized_keys', f'''# managed by ansible - do not edit by hand
ssh-ed25519 {edpub} {who}@laptop
ssh-rsa {rsapub} deploy@jenkins
''')
add('n06/keys/jwks-signing.pub.pem', pem('PUBLIC KEY', bytes.fromhex(
    '3059301306072a8648ce3d020106082a8648ce3d03010703420004') + rb(64)))
add('n06/README.md', '''Public halves only. Private keys live in the HSM / the team password vault.

- `.ssh/authorized_keys` - who may log in to the bastion
- `keys/jwks-signing.pub.pem` - verifies tokens issued by the identity service
''')

lg = []
t = random.randint(100000, 900000)
for i in range(22):
    t += random.randint(5, 900)
    rid = uid()
    trace = hx(32)
    path = random.choice(['/api/v2/cart', '/api/v2/cart/items', '/api/v2/checkout', '/api/v2/products/search',
                          '/healthz', '/api/v2/session'])
    st = random.choice([200, 200, 200, 201, 204, 304, 404])
    lg.append(f'{{"ts":"2026-01-19T13:{t // 60000 % 60:02d}:{t // 1000 % 60:02d}.{t % 1000:03d}Z","level":"info",'
              f'"msg":"request completed","request_id":"{rid}","trace_id":"{trace}","span_id":"{hx(16)}",'
              f'"method":"GET","path":"{path}","status":{st},"duration_ms":{random.randint(1, 400)},'
              f'"user_id":"usr_{random.randint(10000, 99999)}"}}')
add('n07/logs/gateway-2026-01-19.jsonl', '\n'.join(lg) + '\n')

add('n08/app/secrets.py', '''"""Loads runtime secrets from Vault (prod) or the environment (local dev)."""
import functools
import os

import hvac


class MissingSecret(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def _vault():
    client = hvac.Client(url=os.environ["VAULT_ADDR"])
    with open("/var/run/secrets/kubernetes.io/serviceaccount/token") as fh:
        client.auth.kubernetes.login(role=os.environ.get("VAULT_ROLE", "billing-api"), jwt=fh.read())
    return client


def get_secret(name: str) -> str:
    """Returns secret `name`, e.g. get_secret("db_password")."""
    env_name = name.upper()
    if os.environ.get("APP_ENV", "local") == "local":
        value = os.environ.get(env_name)
        if not value:
            raise MissingSecret(f"set {env_name} in your shell or .env")
        return value
    resp = _vault().secrets.kv.v2.read_secret_version(path="billing-api", mount_point="kv")
    try:
        return resp["data"]["data"][name]
    except KeyError as exc:
        raise MissingSecret(name) from exc


DB_PASSWORD = functools.partial(get_secret, "db_password")
STRIPE_API_KEY = functools.partial(get_secret, "stripe_api_key")
JWT_SIGNING_KEY = functools.partial(get_secret, "jwt_signing_key")
''')

add('n09/tests/fixtures/audit_export.json', json.dumps({
    "exported_at": "2026-01-05T10:00:00Z",
    "redaction": "all credential fields masked by exporter",
    "integrations": [
        {"name": "stripe", "enabled": True, "api_key": "sk_live_****************************",
         "webhook_secret": "whsec_********"},
        {"name": "slack", "enabled": True, "bot_token": "xoxb-****-****-****", "channel": "#billing-alerts"},
        {"name": "smtp", "enabled": False, "host": "smtp.mailgun.org", "user": "postmaster",
         "password": "********"},
        {"name": "s3", "enabled": True, "access_key_id": "AKIA****************",
         "secret_access_key": "[REDACTED]", "bucket": "audit-archive"},
        {"name": "github", "enabled": True, "token": "ghp_************************************"},
    ],
    "users": [
        {"email": "j.doe@corp.invalid", "password_hash": "[REDACTED]", "mfa": True},
        {"email": "a.smith@corp.invalid", "password_hash": "[REDACTED]", "mfa": False},
    ],
}, indent=2) + '\n')
add('n09/tests/test_audit_export.py', '''import json
import pathlib

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "audit_export.json"


def test_all_credentials_are_masked():
    data = json.loads(FIXTURE.read_text())
    for integ in data["integrations"]:
        for key, value in integ.items():
            if key in {"api_key", "webhook_secret", "bot_token", "password", "secret_access_key", "token"}:
                assert "*" in value or value == "[REDACTED]", key
''')

add('n10/docs/secret-formats.md', '''# Credential formats we block in pre-commit

The hook rejects commits containing anything shaped like the tokens below.
Examples are masked; real values never appear in this repository.

| Provider | Shape | Masked example |
|----------|-------|----------------|
| GitHub classic PAT | `ghp_` + 36 base62 | `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` |
| GitHub fine-grained | `github_pat_` + 82 chars | `github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxx...` |
| GitLab PAT | `glpat-` + 20 | `glpat-xxxxxxxxxxxxxxxxxxxx` |
| AWS access key id | `AKIA` + 16 upper/digits | `AKIAXXXXXXXXXXXXXXXX` |
| Stripe secret key | `sk_live_` + 24..99 | `sk_live_xxxxxxxxxxxxxxxxxxxxxxxx` |
| Slack bot token | `xoxb-` digits-digits-24 | `xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx` |
| SendGrid | `SG.` 22 `.` 43 | `SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` |
| npm | `npm_` + 36 | `npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` |
| Anthropic | `sk-ant-api03-` ... | `sk-ant-api03-xxxx...xxxxAA` |

## What to do if the hook fires

1. Remove the value from the file and load it from the environment instead.
2. If it was ever pushed, rotate it first, then clean history.
3. Add a test fixture only with masked values (`****`).
''')

add('n11/k8s/worker-deployment.yaml', '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing-worker
  namespace: billing
spec:
  replicas: 2
  selector:
    matchLabels: {app: billing-worker}
  template:
    metadata:
      labels: {app: billing-worker}
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/role: "billing-worker"
        vault.hashicorp.com/agent-inject-secret-db: "kv/data/billing/db"
    spec:
      serviceAccountName: billing-worker
      containers:
        - name: worker
          image: registry.local/billing-worker:3.1.0
          env:
            - name: DB_USER
              value: billing
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: billing-db
                  key: password
            - name: STRIPE_API_KEY
              valueFrom:
                secretKeyRef:
                  name: billing-stripe
                  key: api-key
            - name: AWS_ROLE_ARN
              value: arn:aws:iam::123456789012:role/billing-worker
          envFrom:
            - secretRef:
                name: billing-common
''')
add('n11/cmd/worker/config.go', '''package main

import (
\t"context"
\t"fmt"
\t"os"

\t"github.com/aws/aws-sdk-go-v2/config"
\t"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// loadAPIKey fetches the partner API key from Secrets Manager at startup.
func loadAPIKey(ctx context.Context) (string, error) {
\tcfg, err := config.LoadDefaultConfig(ctx)
\tif err != nil {
\t\treturn "", err
\t}
\tsm := secretsmanager.NewFromConfig(cfg)
\tout, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
\t\tSecretId: aws_String(os.Getenv("PARTNER_API_KEY_SECRET_ARN")),
\t})
\tif err != nil {
\t\treturn "", fmt.Errorf("get secret: %w", err)
\t}
\treturn *out.SecretString, nil
}

func aws_String(s string) *string { return &s }
''')

blocks = []
for prov, ver in [('hashicorp/aws', '5.54.1'), ('hashicorp/random', '3.6.2'), ('hashicorp/tls', '4.0.5'),
                  ('cloudflare/cloudflare', '4.36.0')]:
    h1 = [base64.b64encode(rb(32)).decode() for _ in range(2)]
    zh = sorted(hx(64) for _ in range(4))
    blocks.append(f'''provider "registry.terraform.io/{prov}" {{
  version     = "{ver}"
  constraints = "~> {ver.rsplit('.', 1)[0]}"
  hashes = [
''' + ''.join(f'    "h1:{h}",\n' for h in h1) + ''.join(f'    "zh:{h}",\n' for h in zh) + '''  ]
}
''')
add('n12/infra/.terraform.lock.hcl', '''# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

''' + '\n'.join(blocks))

write()
