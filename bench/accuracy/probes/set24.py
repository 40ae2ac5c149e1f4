# Usage: python3 set24.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 24 (stop 27, held out): provider tokens, generic passwords across syntaxes, encoded/split/embedded leaks, and look-alike negatives
from common import A, HEX, add, ck, hx, r, start, write
start()

import base64
import json
import random
import string
import struct
import uuid
from urllib.parse import quote

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
LET = string.ascii_letters
URLSAFE = A + '-_'


def T(s, **kw):
    """Fills «name» slots; a leading newline (after the opening quotes) is dropped."""
    if s.startswith('\n'):
        s = s[1:]
    for k, v in kw.items():
        s = s.replace('\u00ab' + k + '\u00bb', str(v))
    if '\u00ab' in s:
        raise ValueError('unfilled slot in template: ' + s[s.index('\u00ab'):s.index('\u00ab') + 30])
    return s


def rb(n):
    return bytes(random.randrange(256) for _ in range(n))


def b64(b):
    return base64.b64encode(b if isinstance(b, bytes) else b.encode()).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b if isinstance(b, bytes) else b.encode()).decode().rstrip('=')


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def digits(n):
    return str(random.randint(1, 9)) + r(n - 1, DG)


WORDS = ['Summer', 'Winter', 'Falcon', 'Dragon', 'Monkey', 'Sunshine', 'Purple', 'Tiger', 'Rocket',
         'Coffee', 'Maple', 'Harbor', 'Orange', 'Thunder', 'Silver', 'Phoenix', 'Panther', 'Galaxy',
         'Pirate', 'Bulldog', 'Cobalt', 'Raven', 'Autumn', 'Walrus', 'Lobster', 'Cactus', 'Meadow',
         'Gopher', 'Pelican', 'Granite', 'Juniper', 'Mustang', 'Voyager', 'Kestrel', 'Nimbus']


def hpw(sym='!@#$%&*?'):
    """A password picked the way people pick them: words, a year or digits, a symbol."""
    w1, w2 = random.sample(WORDS, 2)
    s = random.choice(sym)
    f = random.randrange(5)
    if f == 0:
        return w1 + str(random.randint(1985, 2025)) + s
    if f == 1:
        return w1 + s + w2 + r(random.randint(2, 3), DG)
    if f == 2:
        return w1.lower() + w2 + r(2, DG) + s + s
    if f == 3:
        leet = w1.replace('a', '@').replace('o', '0').replace('e', '3').replace('i', '1')
        return leet + s + r(random.randint(2, 4), DG)
    return w1 + '_' + w2.lower() + s + r(random.randint(1, 4), DG)


def rpw(n=20, sym='!@#%^&*-_=+'):
    """A generated password with at least one of each class."""
    while True:
        p = r(n, A + sym)
        if (any(c in UP for c in p) and any(c in LO for c in p) and any(c in DG for c in p)
                and any(c in sym for c in p)):
            return p


def pem(label, der, width=64):
    body = b64(der)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return '-----BEGIN %s-----\n%s\n-----END %s-----' % (label, '\n'.join(lines), label)


def rsa_pkcs8():
    """DER shaped like a 2048-bit PKCS#8 RSA key (header fixed, numbers random)."""
    head = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a302010002820101')
    mod = bytes([0x00, random.randrange(0x80, 0x100)]) + rb(255)
    rest = bytes.fromhex('0203010001' + '02820100') + rb(1217 - len(head) - len(mod) - 9)
    return head + mod + rest


def rsa_pkcs1():
    head = bytes.fromhex('308204a40201000282010100')
    mod = bytes([random.randrange(0x80, 0x100)]) + rb(255)
    rest = bytes.fromhex('0203010001' + '0282010100') + rb(1192 - len(head) - len(mod) - 10)
    return head + mod + rest


def sshs(b):
    return struct.pack('>I', len(b)) + b


def openssh_ed25519(comment, pk=None):
    seed, pk = rb(32), pk or rb(32)
    chk = rb(4)
    priv = chk + chk + sshs(b'ssh-ed25519') + sshs(pk) + sshs(seed + pk) + sshs(comment.encode())
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = (b'openssh-key-v1\x00' + sshs(b'none') + sshs(b'none') + sshs(b'') + struct.pack('>I', 1)
            + sshs(sshs(b'ssh-ed25519') + sshs(pk)) + sshs(priv))
    return pem('OPENSSH PRIVATE KEY', blob, 70)


def ssh_pub_ed25519(comment, pk=None):
    return 'ssh-ed25519 ' + b64(sshs(b'ssh-ed25519') + sshs(pk or rb(32))) + ' ' + comment


def ssh_pub_rsa(comment):
    return ('ssh-rsa ' + b64(sshs(b'ssh-rsa') + sshs(b'\x01\x00\x01')
                             + sshs(bytes([0, random.randrange(0x80, 0x100)]) + rb(255))) + ' ' + comment)


def aws_id():
    return 'AKIA' + r(16, UP + '234567')


def aws_secret():
    return r(40, A + '/+')


def jwt(payload, header=None):
    h = b64u(json.dumps(header or {'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')))
    p = b64u(json.dumps(payload, separators=(',', ':')))
    return h + '.' + p + '.' + r(43, URLSAFE)


def sha(n=40):
    return hx(n)


# ---------------------------------------------------------------- positives: provider tokens

# p01 cloud access key pair in a committed shared-credentials file
add('p01/ops/aws/credentials', T(r'''
# Shared credentials for the deploy runner (copied in by bootstrap.sh, see ops/README.md)
[default]
region = eu-west-1
output = json

[ci-deploy]
aws_access_key_id = «kid»
aws_secret_access_key = «sec»
region = eu-west-1

[readonly]
role_arn = arn:aws:iam::«acct»:role/ReadOnlyAudit
source_profile = ci-deploy
duration_seconds = 3600
''', kid=aws_id(), sec=aws_secret(), acct=digits(12)))

# p02 service-account key file
_proj = random.choice(['orbit', 'ledger', 'harbor', 'atlas']) + '-' + random.choice(['prod', 'data', 'analytics']) + '-' + r(6, LO + DG)
_sa = 'bq-loader@%s.iam.gserviceaccount.com' % _proj
add('p02/deploy/gcp/bigquery-loader-sa.json', json.dumps({
    'type': 'service_account',
    'project_id': _proj,
    'private_key_id': hx(40),
    'private_key': pem('PRIVATE KEY', rsa_pkcs8()) + '\n',
    'client_email': _sa,
    'client_id': digits(21),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/' + quote(_sa),
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')

# p03 storage account connection string in appsettings
_acct = random.choice(['orders', 'media', 'invoices']) + random.choice(['prod', 'prd', 'live']) + r(4, LO + DG)
add('p03/src/Orders.Api/appsettings.json', T(r'''
{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "ConnectionStrings": {
    "OrdersDb": "Server=tcp:orders-sql.database.windows.net,1433;Initial Catalog=orders;Authentication=Active Directory Managed Identity;Encrypt=True;",
    "BlobStorage": "DefaultEndpointsProtocol=https;AccountName=«acct»;AccountKey=«key»;EndpointSuffix=core.windows.net"
  },
  "Storage": {
    "InvoiceContainer": "invoices",
    "ThumbnailContainer": "thumbs",
    "SasExpiryMinutes": 15
  },
  "FeatureFlags": {
    "UseNewCheckout": true
  }
}
''', acct=_acct, key=b64(rb(64))))

# p04 source-hosting personal access token in a release script
add('p04/scripts/publish-release.sh', T(r'''
#!/usr/bin/env bash
# Creates a GitHub release for the given tag and uploads the build artifacts.
set -euo pipefail

VERSION="${1:?usage: publish-release.sh VERSION}"
REPO="northwind-labs/fleet-agent"
GITHUB_TOKEN="«tok»"
API="https://api.github.com/repos/${REPO}"

echo "Creating release v${VERSION}..."
release_id=$(curl -sSf -X POST "${API}/releases" \
  -H "Authorization: token ${GITHUB_TOKEN}" \
  -H "Accept: application/vnd.github+json" \
  -d "{\"tag_name\": \"v${VERSION}\", \"name\": \"v${VERSION}\", \"generate_release_notes\": true}" \
  | jq -r .id)

for f in dist/*.tar.gz dist/*.zip; do
  echo "  uploading $(basename "$f")"
  curl -sSf -X POST \
    -H "Authorization: token ${GITHUB_TOKEN}" \
    -H "Content-Type: application/octet-stream" \
    --data-binary @"$f" \
    "https://uploads.github.com/repos/${REPO}/releases/${release_id}/assets?name=$(basename "$f")" > /dev/null
done

echo "Done: https://github.com/${REPO}/releases/tag/v${VERSION}"
''', tok=ck('ghp_')))

# p05 package-registry publish token in .npmrc
add('p05/.npmrc', T(r'''
registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=«tok»
save-exact=true
engine-strict=true
fund=false
''', tok=ck('npm_')))
add('p05/package.json', T(r'''
{
  "name": "@tidewater/date-kit",
  "version": "2.4.1",
  "description": "Small, tree-shakeable date helpers",
  "main": "dist/index.cjs",
  "module": "dist/index.mjs",
  "types": "dist/index.d.ts",
  "files": ["dist"],
  "scripts": {
    "build": "tsup src/index.ts --format cjs,esm --dts",
    "prepublishOnly": "npm run build",
    "release": "npm publish --access public"
  },
  "engines": { "node": ">=18" },
  "devDependencies": {
    "tsup": "^8.0.2",
    "typescript": "^5.4.5",
    "vitest": "^1.6.0"
  },
  "license": "MIT"
}
'''))

# p06 payments secret key in Django production settings (publishable key beside it is public)
_sacct = r(14)
add('p06/billing/settings/production.py', T(r'''
import os

from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["shop.bramblecoffee.co", "www.bramblecoffee.co"]

DATABASES["default"]["HOST"] = os.environ.get("DB_HOST", "db.internal")
DATABASES["default"]["CONN_MAX_AGE"] = 60

# Stripe
STRIPE_PUBLISHABLE_KEY = "pk_live_51«acct»«pk»"
STRIPE_SECRET_KEY = "sk_live_51«acct»«sk»"
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
STRIPE_API_VERSION = "2024-04-10"

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING["root"]["level"] = "WARNING"
''', acct=_sacct, pk=r(85), sk=r(85)))

# p07 chat bot token as an env fallback
add('p07/src/notify/slack.js', T(r'''
const { WebClient } = require('@slack/web-api');

const token = process.env.SLACK_BOT_TOKEN || '«tok»';
const client = new WebClient(token);

const DEFAULT_CHANNEL = process.env.SLACK_CHANNEL || '#deploys';

async function notifyDeploy({ service, version, env, author }) {
  const text = `:rocket: *${service}* ${version} deployed to *${env}* by ${author}`;
  try {
    await client.chat.postMessage({
      channel: DEFAULT_CHANNEL,
      text,
      unfurl_links: false,
    });
  } catch (err) {
    console.error('slack notify failed:', err.data ? err.data.error : err.message);
  }
}

module.exports = { notifyDeploy };
''', tok='xoxb-%s-%s-%s' % (digits(random.choice([11, 12, 13])), digits(13), r(24))))

# p08 messenger bot token as a Go constant
add('p08/cmd/alertbot/main.go', T(r'''
package main

import (
	"log"
	"os"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const botToken = "«tok»"

var alertChat int64 = -100«chat»

func main() {
	bot, err := tgbotapi.NewBotAPI(botToken)
	if err != nil {
		log.Fatalf("telegram: %v", err)
	}
	log.Printf("authorized as @%s", bot.Self.UserName)

	msg := strings.Join(os.Args[1:], " ")
	if msg == "" {
		msg = "alertbot: ping"
	}
	if _, err := bot.Send(tgbotapi.NewMessage(alertChat, msg)); err != nil {
		log.Fatalf("send: %v", err)
	}
}
''', tok='%d:AA%s' % (random.randint(10 ** 9, 7 * 10 ** 9), r(33, URLSAFE)), chat=digits(10)))

# p09 e-mail API key as env() default in a PHP config
add('p09/config/mail.php', T(r'''
<?php

return [

    'default' => env('MAIL_MAILER', 'sendgrid'),

    'mailers' => [
        'sendgrid' => [
            'transport' => 'smtp',
            'host' => env('MAIL_HOST', 'smtp.sendgrid.net'),
            'port' => env('MAIL_PORT', 587),
            'encryption' => 'tls',
            'username' => 'apikey',
            'password' => env('SENDGRID_API_KEY', '«tok»'),
            'timeout' => null,
        ],

        'log' => [
            'transport' => 'log',
            'channel' => env('MAIL_LOG_CHANNEL'),
        ],
    ],

    'from' => [
        'address' => env('MAIL_FROM_ADDRESS', 'no-reply@pinecrest.app'),
        'name' => env('MAIL_FROM_NAME', 'Pinecrest'),
    ],

];
''', tok='SG.%s.%s' % (r(22, URLSAFE), r(43, URLSAFE))))

# p10 observability agent API key
add('p10/datadog/datadog.yaml', T(r'''
## Datadog agent config for the payments cluster nodes
## Rolled out by ansible (roles/datadog), do not edit on the hosts.

api_key: «key»
site: datadoghq.eu
hostname_fqdn: true

tags:
  - env:prod
  - team:payments
  - region:eu-central-1

logs_enabled: true
logs_config:
  container_collect_all: true

apm_config:
  enabled: true
  env: prod

process_config:
  process_collection:
    enabled: true

dogstatsd_non_local_traffic: true
''', key=hx(32)))

# p11 AI API key typed into a notebook cell
_oai = 'sk-proj-' + r(64, URLSAFE) + 'T3BlbkFJ' + r(64, URLSAFE)
_nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': [
            '# Ticket summarisation experiment\n', '\n',
            'Summarise the last week of support tickets and cluster them by topic.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [], 'source': [
            'import pandas as pd\n', 'from openai import OpenAI\n', '\n',
            'client = OpenAI(api_key="%s")\n' % _oai,
            'MODEL = "gpt-4o-mini"']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [
            {'name': 'stdout', 'output_type': 'stream', 'text': ['%d tickets loaded\n' % random.randint(400, 2000)]}],
         'source': ['df = pd.read_csv("data/tickets_week.csv")\n', 'print(f"{len(df)} tickets loaded")']},
        {'cell_type': 'code', 'execution_count': 3, 'metadata': {}, 'outputs': [], 'source': [
            'def summarise(text):\n',
            '    resp = client.chat.completions.create(\n',
            '        model=MODEL,\n',
            '        messages=[{"role": "system", "content": "Summarise the ticket in one sentence."},\n',
            '                  {"role": "user", "content": text}],\n',
            '        temperature=0.2,\n',
            '    )\n',
            '    return resp.choices[0].message.content\n', '\n',
            'df["summary"] = df["body"].head(50).map(summarise)']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.6'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('p11/notebooks/ticket_summaries.ipynb', json.dumps(_nb, indent=1) + '\n')

# p12 AI API key passed to an SDK client in TypeScript
add('p12/src/lib/llm.ts', T(r'''
import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic({
  apiKey: '«tok»',
  maxRetries: 3,
});

const MODEL = 'claude-3-5-sonnet-latest';

export interface ReviewSummary {
  verdict: 'approve' | 'changes';
  notes: string;
}

export async function summarizeReview(diff: string): Promise<ReviewSummary> {
  const msg = await anthropic.messages.create({
    model: MODEL,
    max_tokens: 1024,
    system: 'You review pull requests. Answer with JSON: {"verdict": ..., "notes": ...}',
    messages: [{ role: 'user', content: diff }],
  });
  const block = msg.content[0];
  if (block.type !== 'text') {
    throw new Error('unexpected response block: ' + block.type);
  }
  return JSON.parse(block.text) as ReviewSummary;
}
''', tok='sk-ant-api03-' + r(93, URLSAFE) + 'AA'))

# p13 model-hub write token in an upload script
add('p13/train/push_model.py', T(r'''
"""Push the fine-tuned checkpoint to the Hub after a training run."""
import argparse
from pathlib import Path

from huggingface_hub import HfApi, login

HF_TOKEN = "«tok»"
REPO_ID = "quillmetrics/invoice-layoutlm-v3"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint", type=Path)
    ap.add_argument("--private", action="store_true")
    args = ap.parse_args()

    login(token=HF_TOKEN)
    api = HfApi()
    api.create_repo(REPO_ID, private=args.private, exist_ok=True)
    api.upload_folder(
        folder_path=str(args.checkpoint),
        repo_id=REPO_ID,
        commit_message=f"Upload {args.checkpoint.name}",
        ignore_patterns=["optimizer.pt", "*.tmp"],
    )
    print(f"pushed {args.checkpoint} -> https://huggingface.co/{REPO_ID}")


if __name__ == "__main__":
    main()
''', tok='hf_' + r(34, LET)))

# p14 database-platform service-role JWT in a committed .env.local
_ref = r(20, LO)
_iat = random.randint(1690000000, 1720000000)
add('p14/web/.env.local', T(r'''
# local dev against the hosted project
NEXT_PUBLIC_SUPABASE_URL=https://«ref».supabase.co
SUPABASE_SERVICE_ROLE_KEY=«jwt»

NEXT_PUBLIC_SITE_URL=http://localhost:3000
NEXT_PUBLIC_POSTHOG_HOST=https://eu.posthog.com
NEXT_TELEMETRY_DISABLED=1
STORAGE_BUCKET=avatars
MAX_UPLOAD_MB=5
''', ref=_ref, jwt=jwt({'iss': 'supabase', 'ref': _ref, 'role': 'service_role', 'iat': _iat,
                        'exp': _iat + 315360000})))

# p15 e-commerce admin API access token in a rake task
add('p15/lib/tasks/shopify_sync.rake', T(r'''
require 'csv'
require 'shopify_api'

namespace :shopify do
  desc 'Push inventory levels from the nightly warehouse export'
  task sync_inventory: :environment do
    session = ShopifyAPI::Auth::Session.new(
      shop: 'fernwood-goods.myshopify.com',
      access_token: '«tok»'
    )
    client = ShopifyAPI::Clients::Rest::Admin.new(session: session)
    location_id = ENV.fetch('SHOPIFY_LOCATION_ID', '«loc»')

    CSV.foreach(Rails.root.join('tmp', 'inventory.csv'), headers: true) do |row|
      client.post(
        path: 'inventory_levels/set',
        body: {
          location_id: location_id,
          inventory_item_id: row['inventory_item_id'],
          available: row['qty'].to_i
        }
      )
      sleep 0.5 # stay under the REST rate limit
    end
    puts 'inventory sync finished'
  end
end
''', tok='shpat_' + hx(32), loc=digits(11)))

# p16 observability service-account token in a Terraform provider block
add('p16/terraform/grafana/provider.tf', T(r'''
terraform {
  required_version = ">= 1.5"
  required_providers {
    grafana = {
      source  = "grafana/grafana"
      version = "~> 3.7"
    }
  }
}

provider "grafana" {
  url  = "https://grafana.ops.kelpiefreight.com"
  auth = "«tok»"
}

resource "grafana_folder" "platform" {
  title = "Platform"
}

resource "grafana_dashboard" "node_overview" {
  folder      = grafana_folder.platform.id
  config_json = file("${path.module}/dashboards/node-overview.json")
}
''', tok='glsa_' + r(32) + '_' + hx(8)))

# ---------------------------------------------------------------- positives: generic passwords and secrets

# p17 connection URL with userinfo in a .env
add('p17/services/orders/.env', T(r'''
NODE_ENV=production
PORT=8080
LOG_LEVEL=info

DATABASE_URL=postgres://orders_app:«pw»@orders-db.«rid».eu-west-1.rds.amazonaws.com:5432/orders
DATABASE_POOL_MAX=20
REDIS_URL=redis://orders-cache.internal:6379/0

CORS_ORIGINS=https://shop.lumenbay.com,https://admin.lumenbay.com
ORDER_EXPORT_BUCKET=lumenbay-order-exports
FEATURE_SPLIT_SHIPMENTS=true
''', pw=rpw(24, '-_.~'), rid=r(12, LO + DG)))

# p18 database root password in docker-compose
add('p18/docker-compose.yml', T(r'''
services:
  db:
    image: mysql:8.0
    restart: unless-stopped
    environment:
      MYSQL_ROOT_PASSWORD: "«pw»"
      MYSQL_DATABASE: wiki
    volumes:
      - db_data:/var/lib/mysql
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "localhost"]
      interval: 10s
      retries: 5

  wiki:
    image: mediawiki:1.41
    depends_on:
      db:
        condition: service_healthy
    ports:
      - "8080:80"
    volumes:
      - ./LocalSettings.php:/var/www/html/LocalSettings.php:ro
      - images:/var/www/html/images

volumes:
  db_data:
  images:
''', pw=hpw('!#%&*?')))

# p19 datasource password in Spring properties
add('p19/src/main/resources/application-prod.properties', T(r'''
server.port=8443
server.ssl.enabled=true
server.ssl.key-store=classpath:keystore/prod.p12
server.ssl.key-store-type=PKCS12

spring.datasource.url=jdbc:postgresql://pg-prod-01.corp.halverson.net:5432/claims
spring.datasource.username=claims_svc
spring.datasource.password=«pw»
spring.datasource.hikari.maximum-pool-size=25
spring.jpa.hibernate.ddl-auto=validate
spring.jpa.open-in-view=false

management.endpoints.web.exposure.include=health,info,prometheus
logging.level.com.halverson.claims=INFO
''', pw=hpw()))

# p20 database password in a TOML service config
add('p20/config/production.toml', T(r'''
[server]
bind = "0.0.0.0:8080"
workers = 8
request_timeout_secs = 30

[database]
host = "pg-primary.ledger.internal"
port = 5432
user = "ledger"
password = "«pw»"
dbname = "ledger"
max_connections = 32
sslmode = "require"

[cache]
url = "redis://ledger-cache.internal:6379"
ttl_secs = 300

[telemetry]
otlp_endpoint = "http://otel-collector.observability:4317"
service_name = "ledger-api"
sample_ratio = 0.1
''', pw=rpw(22, '!#%^*-_=+')))

# p21 repository-manager deploy password in Maven settings.xml
add('p21/.mvn/settings.xml', T(r'''
<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <servers>
    <server>
      <id>corp-releases</id>
      <username>ci-deployer</username>
      <password>«pw»</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>corp-nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.brightwater.io/repository/maven-public/</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>release</id>
      <properties>
        <altReleaseDeploymentRepository>corp-releases::https://nexus.brightwater.io/repository/maven-releases/</altReleaseDeploymentRepository>
      </properties>
    </profile>
  </profiles>
</settings>
''', pw=hpw('!#%*?')))

# p22 admin password in a tfvars file
add('p22/environments/prod/terraform.tfvars', T(r'''
environment    = "prod"
region         = "us-east-2"
vpc_cidr       = "10.40.0.0/16"
azs            = ["us-east-2a", "us-east-2b", "us-east-2c"]

db_instance_class    = "db.r6g.large"
db_allocated_storage = 200
db_engine_version    = "15.5"
db_admin_username    = "pgadmin"
db_admin_password    = "«pw»"
db_multi_az          = true

eks_node_instance_types = ["m6i.xlarge"]
eks_desired_size        = 4

tags = {
  Owner      = "platform-team"
  CostCenter = "cc-4410"
}
''', pw=rpw(20, '!#%^*-_=+')))

# p23 SMTP password in Go
add('p23/internal/mailer/smtp.go', T(r'''
package mailer

import (
	"fmt"
	"net/smtp"
	"strings"
)

const (
	smtpHost = "smtp.office365.com"
	smtpPort = 587
	smtpUser = "alerts@ridgeline-dental.com"
	smtpPass = "«pw»"
)

// Send delivers a plain-text message to the given recipients.
func Send(to []string, subject, body string) error {
	auth := smtp.PlainAuth("", smtpUser, smtpPass, smtpHost)
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\n%s",
		smtpUser, strings.Join(to, ", "), subject, body)
	addr := fmt.Sprintf("%s:%d", smtpHost, smtpPort)
	if err := smtp.SendMail(addr, auth, smtpUser, to, []byte(msg)); err != nil {
		return fmt.Errorf("mailer: send to %v: %w", to, err)
	}
	return nil
}
''', pw=hpw()))

# p24 domain service-account password in C#
add('p24/src/Reporting/Services/ShareExporter.cs', T(r'''
using System.IO;
using System.Net;
using System.Threading.Tasks;

namespace Reporting.Services
{
    public class ShareExporter
    {
        private const string SharePath = @"\\fs02.corp.tallis.local\reports\monthly";

        private static readonly NetworkCredential ServiceAccount =
            new NetworkCredential("svc_reports", "«pw»", "TALLIS");

        public async Task ExportAsync(string fileName, byte[] content)
        {
            using (new NetworkConnection(SharePath, ServiceAccount))
            {
                var target = Path.Combine(SharePath, fileName);
                await File.WriteAllBytesAsync(target, content);
            }
        }
    }
}
''', pw=hpw()))

# p25 database password in a PHP include
add('p25/includes/db.php', T(r'''
<?php
// Shared PDO connection for the booking pages.

$dbHost = 'localhost';
$dbName = 'harbourview_bookings';
$dbUser = 'hv_web';
$dbPass = '«pw»';

try {
    $pdo = new PDO(
        "mysql:host=$dbHost;dbname=$dbName;charset=utf8mb4",
        $dbUser,
        $dbPass,
        [
            PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
            PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
        ]
    );
} catch (PDOException $e) {
    error_log('DB connection failed: ' . $e->getMessage());
    http_response_code(500);
    exit('Service temporarily unavailable');
}
''', pw=hpw()))

# p26 partner API key sent as a header from Kotlin
add('p26/app/src/main/java/com/trailmate/net/ApiClient.kt', T(r'''
package com.trailmate.net

import okhttp3.Interceptor
import okhttp3.OkHttpClient
import retrofit2.Retrofit
import retrofit2.converter.moshi.MoshiConverterFactory
import java.util.concurrent.TimeUnit

object ApiClient {
    private const val BASE_URL = "https://api.peakweather.io/v2/"
    private const val API_KEY = "«key»"

    private val authInterceptor = Interceptor { chain ->
        val req = chain.request().newBuilder()
            .header("X-Api-Key", API_KEY)
            .header("Accept", "application/json")
            .build()
        chain.proceed(req)
    }

    private val http = OkHttpClient.Builder()
        .addInterceptor(authInterceptor)
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(20, TimeUnit.SECONDS)
        .build()

    val weather: WeatherService = Retrofit.Builder()
        .baseUrl(BASE_URL)
        .client(http)
        .addConverterFactory(MoshiConverterFactory.create())
        .build()
        .create(WeatherService::class.java)
}
''', key=r(32)))

# p27 role password in a SQL migration
add('p27/db/migrations/0007_reporting_role.sql', T(r'''
-- 0007: read-only role for the BI dashboards
BEGIN;

CREATE ROLE reporting_ro WITH LOGIN PASSWORD '«pw»'
    NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 10;

GRANT CONNECT ON DATABASE shipments TO reporting_ro;
GRANT USAGE ON SCHEMA public TO reporting_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting_ro;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reporting_ro;

REVOKE SELECT ON public.customer_payment_methods FROM reporting_ro;

COMMIT;
''', pw=hpw('!#%&*?')))

# p28 root password in Ansible group vars
add('p28/inventory/group_vars/dbservers.yml', T(r'''
---
mysql_version: "8.0"
mysql_bind_address: "0.0.0.0"
mysql_port: 3306
mysql_root_password: "«pw»"
mysql_innodb_buffer_pool_size: "4G"
mysql_max_connections: 300

mysql_databases:
  - name: crm
    encoding: utf8mb4
  - name: crm_audit
    encoding: utf8mb4

mysql_users:
  - name: crm_app
    host: "10.20.%"
    priv: "crm.*:ALL"
    password: "{{ vault_mysql_crm_app_password }}"

backup_dir: /srv/backups/mysql
backup_retention_days: 14
''', pw=rpw(24, '!#%^*-_=+')))

# p29 cache password in Helm values
add('p29/charts/checkout/values.yaml', T(r'''
replicaCount: 3

image:
  repository: registry.tinkerlabs.dev/checkout
  tag: "1.18.2"
  pullPolicy: IfNotPresent

service:
  type: ClusterIP
  port: 8080

redis:
  enabled: true
  architecture: standalone
  auth:
    enabled: true
    password: "«pw»"
  master:
    persistence:
      size: 8Gi

resources:
  requests:
    cpu: 250m
    memory: 256Mi
  limits:
    memory: 512Mi

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: checkout.tinkerlabs.dev
      paths: ["/"]
''', pw=hpw('!#%&*?')))

# p30 CI server API token in README prose/curl
add('p30/README.md', T(r'''
# nightly-builds

Helper jobs that trigger and collect the nightly firmware builds.

## Triggering a build by hand

The Jenkins job is parameterised; you can kick it off from your laptop:

```bash
curl -X POST -u deploy-bot:«tok» \
  "https://ci.orchard-iot.net/job/firmware-nightly/buildWithParameters?BRANCH=main&BOARD=rev-c"
```

The job posts the artifacts to `s3://orchard-firmware-nightly/<date>/`.

## Downloading the latest artifact

```bash
./scripts/fetch-latest.sh rev-c
```

## Troubleshooting

- *403 No valid crumb*: make sure you use the API token, not your SSO password.
- Builds older than 30 days are purged automatically.
''', tok='11' + hx(32)))

# ---------------------------------------------------------------- positives: harder shapes

# p31 PEM private key embedded as a module string
add('p31/auth/jwt_keys.py', T(r'''
"""Keys used to sign session JWTs for the partner portal (RS256)."""
import base64

from cryptography.hazmat.primitives import serialization

KEY_ID = "portal-«kid»"

SIGNING_KEY_PEM = b"""«pem»
"""


def _b64u(n):
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def load_signing_key():
    return serialization.load_pem_private_key(SIGNING_KEY_PEM, password=None)


def jwks():
    pub = load_signing_key().public_key().public_numbers()
    return {
        "keys": [{
            "kty": "RSA",
            "kid": KEY_ID,
            "use": "sig",
            "alg": "RS256",
            "n": _b64u(pub.n),
            "e": _b64u(pub.e),
        }]
    }
''', kid=hx(8), pem=pem('RSA PRIVATE KEY', rsa_pkcs1())))

# p32 OpenSSH private key shipped in an Ansible role (with its public half)
_pk = rb(32)
add('p32/ansible/roles/deploy/files/deploy_id_ed25519', openssh_ed25519('deploy@build-01', _pk) + '\n')
add('p32/ansible/roles/deploy/files/deploy_id_ed25519.pub', ssh_pub_ed25519('deploy@build-01', _pk) + '\n')
add('p32/ansible/roles/deploy/tasks/main.yml', T(r'''
---
- name: Ensure deploy user exists
  ansible.builtin.user:
    name: deploy
    shell: /bin/bash
    create_home: true

- name: Install deploy key pair
  ansible.builtin.copy:
    src: "{{ item.src }}"
    dest: "/home/deploy/.ssh/{{ item.dest }}"
    owner: deploy
    group: deploy
    mode: "{{ item.mode }}"
  loop:
    - { src: deploy_id_ed25519, dest: id_ed25519, mode: "0600" }
    - { src: deploy_id_ed25519.pub, dest: id_ed25519.pub, mode: "0644" }

- name: Trust the git host
  ansible.builtin.known_hosts:
    name: git.lanternworks.net
    key: "{{ lookup('pipe', 'ssh-keyscan -t ed25519 git.lanternworks.net') }}"
'''))

# p33 base64-encoded password in a Kubernetes Secret manifest
add('p33/k8s/overlays/prod/billing-db-secret.yaml', T(r'''
apiVersion: v1
kind: Secret
metadata:
  name: billing-db
  namespace: billing
  labels:
    app.kubernetes.io/name: billing-api
    app.kubernetes.io/part-of: billing
type: Opaque
data:
  DB_HOST: «host»
  DB_PORT: «port»
  DB_NAME: «name»
  DB_USER: «user»
  DB_PASSWORD: «pw»
''', host=b64('billing-pg.billing.svc.cluster.local'), port=b64('5432'), name=b64('billing'),
    user=b64('billing_api'), pw=b64(rpw(24, '!#%^*-_=+'))))
add('p33/k8s/overlays/prod/kustomization.yaml', T(r'''
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: billing
resources:
  - ../../base
  - billing-db-secret.yaml
images:
  - name: billing-api
    newName: ghcr.io/copperline/billing-api
    newTag: "3.2.0"
replicas:
  - name: billing-api
    count: 4
'''))

# p34 JSON with a password escaped inside an HCL string
add('p34/infra/modules/app-db/secrets.tf', T(r'''
resource "aws_secretsmanager_secret" "app_db" {
  name                    = "${var.env}/inventory/db"
  description             = "Connection details for the inventory service database"
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "app_db" {
  secret_id     = aws_secretsmanager_secret.app_db.id
  secret_string = "{\"engine\":\"postgres\",\"host\":\"${aws_db_instance.this.address}\",\"port\":5432,\"username\":\"inventory\",\"password\":\"«pw»\",\"dbname\":\"inventory\"}"
}

output "secret_arn" {
  value = aws_secretsmanager_secret.app_db.arn
}
''', pw=rpw(22, '!#%^*-_=+')))

# p35 auth token split across two concatenated Java literals
_tw = hx(32)
_cut = random.randint(12, 20)
add('p35/src/main/java/com/parcelpeak/notify/SmsSender.java', T(r'''
package com.parcelpeak.notify;

import com.twilio.Twilio;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

public final class SmsSender {

    private static final String ACCOUNT_SID = "AC«sid»";
    private static final String AUTH_TOKEN = "«a»"
            + "«b»";
    private static final PhoneNumber FROM = new PhoneNumber("+1«from»");

    static {
        Twilio.init(ACCOUNT_SID, AUTH_TOKEN);
    }

    private SmsSender() {
    }

    public static String send(String to, String body) {
        Message message = Message.creator(new PhoneNumber(to), FROM, body).create();
        return message.getSid();
    }
}
''', sid=hx(32), a=_tw[:_cut], b=_tw[_cut:], **{'from': '5' + r(9, DG)}))

# p36 shared-access signature in a URL query string
_sacc = random.choice(['buildartifacts', 'ciartifacts', 'releasestore']) + r(4, LO + DG)
add('p36/scripts/upload-artifacts.sh', T(r'''
#!/usr/bin/env bash
# Upload the packaged installers to the release container.
set -euo pipefail

BUILD_DIR="${1:-out/installers}"
VERSION="$(cat VERSION)"
DEST="https://«acct».blob.core.windows.net/releases/${VERSION}?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=«se»&st=«st»&spr=https&sig=«sig»"

if ! command -v azcopy >/dev/null; then
  echo "azcopy not found; install it from https://aka.ms/downloadazcopy" >&2
  exit 1
fi

echo "Uploading ${BUILD_DIR} -> releases/${VERSION}"
azcopy copy "${BUILD_DIR}/*" "${DEST}" \
  --recursive=false \
  --overwrite=ifSourceNewer \
  --log-level=WARNING

echo "done"
''', acct=_sacc, se='2026-%02d-%02dT23:59:59Z' % (random.randint(1, 12), random.randint(1, 28)),
    st='2025-%02d-%02dT08:00:00Z' % (random.randint(1, 12), random.randint(1, 28)),
    sig=quote(b64(rb(32)), safe='')))

# p37 access token left in a CI comment
add('p37/.gitlab-ci.yml', T(r'''
stages:
  - test
  - mirror

variables:
  GIT_DEPTH: "0"

unit-tests:
  stage: test
  image: python:3.12-slim
  script:
    - pip install -r requirements-dev.txt
    - pytest -q

# Push main to the GitHub mirror.
# CI_JOB_TOKEN can't push to the other group, so for now this uses the group bot token:
#   git push https://oauth2:«tok»@gitlab.com/sablefish/mirror.git
# TODO move it to a masked CI/CD variable
mirror:
  stage: mirror
  image: alpine/git:2.45.2
  only:
    - main
  script:
    - git remote add mirror "https://oauth2:${MIRROR_TOKEN}@gitlab.com/sablefish/mirror.git" || true
    - git push mirror HEAD:main --force
''', tok='glpat-' + r(20, URLSAFE)))

# p38 live-looking API key inside an integration-test module
add('p38/tests/integration/test_mailer.py', T(r'''
import os

import pytest
import requests

from app.mailer import MailgunMailer

# integration tests send through the real sandbox domain
MAILGUN_DOMAIN = "sandbox«dom».mailgun.org"
MAILGUN_API_KEY = "«key»"


@pytest.fixture
def mailer():
    return MailgunMailer(domain=MAILGUN_DOMAIN, api_key=MAILGUN_API_KEY)


@pytest.mark.integration
def test_send_plain_text(mailer):
    resp = mailer.send(
        to=os.environ.get("MAIL_IT_RECIPIENT", "qa-inbox@wrenfield.io"),
        subject="integration: plain text",
        text="hello from CI",
    )
    assert resp.status_code == 200
    assert "id" in resp.json()


@pytest.mark.integration
def test_rejects_bad_recipient(mailer):
    with pytest.raises(requests.HTTPError):
        mailer.send(to="not-an-address", subject="x", text="x")
''', dom=hx(32), key=hx(32) + '-' + hx(8) + '-' + hx(8)))

# p39 HTTP Basic credentials (base64) in a REST-client request file
add('p39/api/erp.http', T(r'''
@host = https://erp.vantage-tools.com/api/v1
@auth = Basic «basic»

### List open invoices
GET {{host}}/invoices?status=open&limit=50
Authorization: {{auth}}
Accept: application/json

### Fetch one customer
GET {{host}}/customers/10442
Authorization: {{auth}}
Accept: application/json

### Mark an invoice as paid
POST {{host}}/invoices/INV-2024-0913/payments
Authorization: {{auth}}
Content-Type: application/json

{
  "amount": 1280.50,
  "currency": "EUR",
  "method": "bank_transfer"
}
''', basic=b64('integration.api:' + hpw())))

# p40 registry auth (base64 user:token) in a docker config.json
add('p40/ci/docker/config.json', json.dumps({
    'auths': {
        'https://index.docker.io/v1/': {
            'auth': b64('quarrybuild:dckr_pat_' + r(27, URLSAFE)),
        },
        'ghcr.io': {},
    },
    'credHelpers': {
        '%s.dkr.ecr.eu-west-1.amazonaws.com' % digits(12): 'ecr-login',
    },
    'HttpHeaders': {'User-Agent': 'Docker-Client/24.0.7 (linux)'},
    'detachKeys': 'ctrl-e,e',
}, indent=2) + '\n')
add('p40/ci/docker/README.md', T(r'''
# CI docker config

Mounted into the build agents at `/root/.docker/config.json` by the runner image
(see `ci/runner/Dockerfile`). ECR logins go through the credential helper; Docker Hub
pulls use the quarrybuild account so we don't hit the anonymous rate limit.
'''))

# ---------------------------------------------------------------- negatives

# q01 env template with placeholders and empty values
add('q01/.env.example', T(r'''
# Copy to .env and fill in real values. Never commit .env itself.
NODE_ENV=development
PORT=3000
LOG_LEVEL=debug

DATABASE_URL=postgres://<user>:<password>@localhost:5432/app_dev
REDIS_URL=redis://localhost:6379/0

# Payments (get these from the Stripe dashboard -> Developers -> API keys)
STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx
STRIPE_WEBHOOK_SECRET=whsec_...

OPENAI_API_KEY=<your-openai-api-key>
SLACK_BOT_TOKEN=xoxb-your-bot-token
SESSION_SECRET=changeme

AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
AWS_REGION=eu-west-1
SENTRY_DSN=
'''))

# q02 compose file using variable interpolation, secret files, and a digest-pinned image
add('q02/docker-compose.prod.yml', T(r'''
services:
  db:
    image: postgres:16.3@sha256:«dig1»
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: app
      POSTGRES_PASSWORD_FILE: /run/secrets/pg_password
    secrets:
      - pg_password
    volumes:
      - pgdata:/var/lib/postgresql/data

  api:
    image: ghcr.io/fernleaf/api@sha256:«dig2»
    depends_on: [db]
    environment:
      DATABASE_URL: "postgres://app:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/app"
      JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET}
      SMTP_PASSWORD: ${SMTP_PASSWORD}
      GIT_SHA: «sha»
    ports:
      - "8000:8000"

secrets:
  pg_password:
    file: ./secrets/pg_password.txt

volumes:
  pgdata:
''', dig1=hx(64), dig2=hx(64), sha=sha()))

# q03 settings that pull every secret from the environment or a secret manager
add('q03/orders/settings/production.py', T(r'''
import json
import os

import boto3

from .base import *  # noqa: F401,F403


def _secret(name: str) -> dict:
    client = boto3.client("secretsmanager", region_name=os.environ.get("AWS_REGION", "eu-west-1"))
    return json.loads(client.get_secret_value(SecretId=name)["SecretString"])


_db = _secret("prod/orders/db")

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": _db["host"],
        "NAME": _db["dbname"],
        "USER": _db["username"],
        "PASSWORD": _db["password"],
        "PORT": int(_db.get("port", 5432)),
    }
}

STRIPE_SECRET_KEY = os.getenv("STRIPE_SECRET_KEY", "")
SENDGRID_API_KEY = os.getenv("SENDGRID_API_KEY")
'''))

# q04 lockfile with integrity hashes
_pkgs = [('@babel/code-frame', '7.24.7'), ('ansi-styles', '4.3.0'), ('chalk', '4.1.2'), ('color-convert', '2.0.1'),
         ('debug', '4.3.5'), ('ms', '2.1.2'), ('picocolors', '1.0.1'), ('supports-color', '7.2.0')]
_lock = {'name': 'ledger-ui', 'version': '0.9.3', 'lockfileVersion': 3, 'requires': True,
         'packages': {'': {'name': 'ledger-ui', 'version': '0.9.3',
                           'dependencies': {'chalk': '^4.1.2', 'debug': '^4.3.5'}}}}
for _n, _v in _pkgs:
    _lock['packages']['node_modules/' + _n] = {
        'version': _v,
        'resolved': 'https://registry.npmjs.org/%s/-/%s-%s.tgz' % (_n, _n.split('/')[-1], _v),
        'integrity': 'sha512-' + b64(rb(64)),
        'dev': _n.startswith('@babel'),
    }
add('q04/package-lock.json', json.dumps(_lock, indent=2) + '\n')

# q05 Terraform generating the password and reading secrets by reference; resource IDs
add('q05/infra/rds.tf', T(r'''
resource "random_password" "db_master" {
  length           = 32
  special          = true
  override_special = "!#%^*-_=+"
}

data "aws_secretsmanager_secret_version" "datadog" {
  secret_id = "shared/datadog/api-key"
}

resource "aws_db_instance" "main" {
  identifier             = "orders-${var.env}"
  engine                 = "postgres"
  engine_version         = "15.5"
  instance_class         = var.db_instance_class
  username               = "orders_admin"
  password               = random_password.db_master.result
  kms_key_id             = "arn:aws:kms:eu-west-1:«acct»:key/«kms»"
  vpc_security_group_ids = ["sg-«sg»"]
  db_subnet_group_name   = aws_db_subnet_group.main.name
  storage_encrypted      = true
  skip_final_snapshot    = false
}

resource "aws_instance" "bastion" {
  ami           = "ami-«ami»"
  instance_type = "t3.micro"
  subnet_id     = "subnet-«subnet»"
  user_data     = templatefile("${path.module}/bastion.sh", { dd_api_key = data.aws_secretsmanager_secret_version.datadog.secret_string })
}
''', acct=digits(12), kms=uid(), sg=hx(17), ami=hx(17), subnet=hx(17)))

# q06 public keys only: SSH authorized keys and age recipients
_B32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
add('q06/.sops.yaml', T(r'''
creation_rules:
  - path_regex: secrets/prod/.*\.yaml$
    age: >-
      age1«a1»,
      age1«a2»
  - path_regex: secrets/staging/.*\.yaml$
    age: age1«a3»
''', a1=r(58, _B32), a2=r(58, _B32), a3=r(58, _B32)))
add('q06/infra/ansible/group_vars/all/users.yml', T(r'''
---
admin_users:
  - name: mkowalski
    comment: "Marta Kowalski"
    groups: [sudo, docker]
    authorized_keys:
      - "«k1»"
  - name: tbrennan
    comment: "Tom Brennan"
    groups: [sudo]
    authorized_keys:
      - "«k2»"
  - name: deploy
    comment: "CI deploy user"
    groups: [docker]
    authorized_keys:
      - "«k3»"
''', k1=ssh_pub_ed25519('marta@thinkpad'), k2=ssh_pub_rsa('tom@mbp'), k3=ssh_pub_ed25519('deploy@ci')))

# q07 documentation of token formats with obviously fake values
add('q07/docs/security/credential-formats.md', T(r'''
# Credential formats we scan for

Our pre-commit hook blocks pushes that contain anything shaped like the tokens below.
If you hit a false positive, add the file to `.secretsignore` and ping #appsec.

| Provider | Shape | Example (fake) |
|---|---|---|
| AWS access key | `AKIA` + 16 upper-case/digits | `AKIAXXXXXXXXXXXXXXXX` |
| GitHub PAT | `ghp_` + 36 chars | `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` |
| npm token | `npm_` + 36 chars | `npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` |
| Slack bot | `xoxb-` + numbers + secret | `xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx` |
| Stripe secret | `sk_live_` + base62 | `sk_live_<redacted>` |
| OpenAI | `sk-proj-...` | `sk-proj-...` |

## Rotating a leaked key

1. Revoke it in the provider console **first**.
2. Replace it in Vault (`vault kv put secret/<team>/<service> key=...`).
3. Redeploy; the service reads the value at start-up.
4. File an incident in the #appsec channel with the commit SHA.
'''))

# q08 application log with redacted secrets, request ids and trace ids
_lines = []
_t = random.randint(0, 3000)
for _i in range(14):
    _t += random.randint(1, 40)
    ts = '2025-03-14T09:%02d:%02d.%03dZ' % (_t // 60 % 60, _t % 60, random.randint(0, 999))
    rid, tid = uid(), hx(32)
    kind = _i % 5
    if kind == 0:
        msg = 'POST /v1/login user=%s status=200 password=[REDACTED]' % random.choice(['akira', 'jlopez', 'mfischer'])
    elif kind == 1:
        msg = 'outbound GET https://api.partner.example/v2/rates headers={"Authorization": "Bearer ****"} status=200'
    elif kind == 2:
        msg = 'db connect postgres://orders_app:********@orders-db:5432/orders ok in %dms' % random.randint(3, 40)
    elif kind == 3:
        msg = 'cache miss key=rates:%s' % hx(12)
    else:
        msg = 'job %s finished in %dms' % (uid(), random.randint(20, 900))
    _lines.append('%s INFO request_id=%s trace_id=%s %s' % (ts, rid, tid, msg))
add('q08/logs/api-2025-03-14.log', '\n'.join(_lines) + '\n')

# q09 changelog with commit SHAs and image digests; go.sum hashes
_cl = ['# Changelog', '', '## 2.7.0 - 2025-02-03', '']
for _m in ['Add bulk export for shipments', 'Fix timezone handling in delivery windows',
           'Bump pgx to v5.6.0', 'Retry webhooks with exponential backoff']:
    _cl.append('- %s (%s)' % (_m, sha()[:7]))
_cl += ['', 'Image: `ghcr.io/tollgate/shipments@sha256:%s`' % hx(64), '', '## 2.6.1 - 2025-01-17', '']
for _m in ['Fix nil pointer on empty manifest', 'Revert "cache carrier lookups"']:
    _cl.append('- %s ([%s](https://github.com/tollgate/shipments/commit/%s))' % (_m, sha()[:7], sha()))
_cl += ['', 'Full diff: https://github.com/tollgate/shipments/compare/%s...%s' % (sha(), sha()), '']
add('q09/CHANGELOG.md', '\n'.join(_cl))
_gs = []
for _mod, _ver in [('github.com/jackc/pgx/v5', 'v5.6.0'), ('github.com/go-chi/chi/v5', 'v5.0.12'),
                   ('golang.org/x/crypto', 'v0.24.0'), ('golang.org/x/text', 'v0.16.0'),
                   ('github.com/rs/zerolog', 'v1.33.0')]:
    _gs.append('%s %s h1:%s' % (_mod, _ver, b64(rb(32))))
    _gs.append('%s %s/go.mod h1:%s' % (_mod, _ver, b64(rb(32))))
add('q09/go.sum', '\n'.join(_gs) + '\n')

# q10 ExternalSecret pointing at a vault path; workload identity UUIDs as identifiers
add('q10/deploy/k8s/payments/external-secret.yaml', T(r'''
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: payments-api
  namespace: payments
spec:
  refreshInterval: 1h
  secretStoreRef:
    name: azure-keyvault
    kind: ClusterSecretStore
  target:
    name: payments-api
  data:
    - secretKey: STRIPE_SECRET_KEY
      remoteRef:
        key: payments-stripe-secret-key
    - secretKey: DB_PASSWORD
      remoteRef:
        key: payments-db-password
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: payments-api
  namespace: payments
  annotations:
    azure.workload.identity/client-id: «cid»
    azure.workload.identity/tenant-id: «tid»
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: payments-api
  namespace: payments
data:
  MERCHANT_ACCOUNT_ID: "«mid»"
  BUILD_SHA: "«sha»"
''', cid=uid(), tid=uid(), mid=uid(), sha=sha()))

# q11 notebook that prompts for the key instead of storing it
_nb2 = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Churn features\n', '\n',
                                                              'Pull last quarter\'s events from the warehouse.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [],
         'source': ['import os\n', 'from getpass import getpass\n', '\n', 'import snowflake.connector\n', '\n',
                    'conn = snowflake.connector.connect(\n',
                    '    account=os.environ["SNOWFLAKE_ACCOUNT"],\n',
                    '    user=os.environ.get("SNOWFLAKE_USER", os.getlogin()),\n',
                    '    password=getpass("Warehouse password: "),\n',
                    '    warehouse="ANALYTICS_XS",\n', ')']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [
            {'data': {'text/plain': ['(%d, 14)' % random.randint(10000, 90000)]}, 'execution_count': 2,
             'metadata': {}, 'output_type': 'execute_result'}],
         'source': ['import pandas as pd\n', '\n',
                    'df = pd.read_sql("select * from events.churn_features_q4", conn)\n', 'df.shape']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('q11/analysis/churn_features.ipynb', json.dumps(_nb2, indent=1) + '\n')

# q12 CI workflow using secret references and SHA-pinned actions
add('q12/.github/workflows/publish.yml', T(r'''
name: publish

on:
  push:
    tags: ["v*"]

permissions:
  contents: read
  id-token: write

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@«s1» # v4.1.7
      - uses: actions/setup-node@«s2» # v4.0.3
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
          cache: npm
      - run: npm ci
      - run: npm test
      - run: npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
      - name: Notify
        if: success()
        run: |
          curl -sS -X POST -H "Content-Type: application/json" \
            -d "{\"text\": \"published ${GITHUB_REF_NAME}\"}" \
            "${{ secrets.SLACK_WEBHOOK_URL }}"
''', s1=sha(), s2=sha()))

write()
