# Usage: python3 set22.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 22 (stop 26): held out. A mixed cross-section of what leaks on GitHub: code, config, CI, IaC, dumps, notebooks, apps.
import base64, json, random, string, urllib.parse
from common import A, HEX, add, ck, hx, r, start, write
start()

UP = string.ascii_uppercase + string.digits
LO = string.ascii_lowercase + string.digits
URLSAFE = A + '-_'
WORDS = ['summer', 'falcon', 'orange', 'winter', 'rocket', 'tiger', 'marble', 'cobalt', 'harbor', 'maple',
         'dragon', 'silver', 'monkey', 'panther', 'thunder', 'coffee', 'sunset', 'galaxy', 'pepper', 'raven']


def pw() -> str:
    """A password as a person picks one: word, digits, a symbol, maybe another word."""
    w = random.choice(WORDS).capitalize()
    d = str(random.randint(1, 9999))
    s = random.choice('!@#$%&*?')
    if random.random() < 0.5:
        return w + d + s + random.choice(WORDS)
    return w + s + d + r(3)


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def rbytes(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def b64r(n: int) -> str:
    return base64.b64encode(rbytes(n)).decode()


def b64url(s: str) -> str:
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip('=')


def wrap(s: str, w: int = 64) -> list:
    return [s[i:i + w] for i in range(0, len(s), w)]


def uuid() -> str:
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


def rsa_pem() -> str:
    body = 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ' + b64r(1180)[:1570]
    return '-----BEGIN PRIVATE KEY-----\n' + '\n'.join(wrap(body)) + '\n-----END PRIVATE KEY-----\n'


def aws_id() -> str:
    return 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


# ---------------------------------------------------------------- positives

add('g01/infra/envs/prod/terraform.tfvars', f'''# Production environment
region          = "eu-west-1"
environment     = "prod"
vpc_cidr        = "10.40.0.0/16"
instance_type   = "m6i.large"
min_capacity    = 2
max_capacity    = 8

# TODO: move to a profile, this is only for the bootstrap run
aws_access_key  = "{aws_id()}"
aws_secret_key  = "{r(40, A + '/+')}"

db_instance_class = "db.r6g.large"
db_name           = "orders"
enable_backups    = true
tags = {{
  Team    = "platform"
  Service = "orders-api"
}}
''')

add('g02/.github/workflows/publish.yml', f'''name: Publish package

on:
  push:
    tags:
      - 'v*'

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: 'https://registry.npmjs.org'
      - run: npm ci
      - run: npm test
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: {ck('npm_')}
''')

_gp = 'github_pat_11' + r(20, UP) + '_' + r(59)
add('g03/src/main/java/com/acme/sync/GitHubClient.java', f'''package com.acme.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class GitHubClient {{

    private static final String API = "https://api.github.com";
    // split so the line stays under 120 chars
    private static final String TOKEN = "{_gp[:40]}"
            + "{_gp[40:]}";

    private final HttpClient http = HttpClient.newHttpClient();

    public String listIssues(String owner, String repo) throws Exception {{
        HttpRequest req = HttpRequest.newBuilder()
                .uri(URI.create(API + "/repos/" + owner + "/" + repo + "/issues"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/vnd.github+json")
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }}
}}
''')

_dbp = pw()
add('g04/deploy/k8s/billing-secrets.yaml', f'''apiVersion: v1
kind: Secret
metadata:
  name: billing-secrets
  namespace: billing
  labels:
    app: billing-worker
type: Opaque
data:
  STRIPE_SECRET_KEY: {b64('sk_live_51' + r(96))}
  DATABASE_USER: {b64('billing')}
  DATABASE_PASSWORD: {b64(_dbp)}
  DATABASE_HOST: {b64('billing-db.billing.svc.cluster.local')}
''')

_oa = 'sk-proj-' + r(74, URLSAFE) + 'T3BlbkFJ' + r(74, URLSAFE)
_nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Summarisation eval\n', 'Quick run over the support tickets sample.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [],
         'source': ['import pandas as pd\n', 'from openai import OpenAI\n', '\n',
                    f'client = OpenAI(api_key="{_oa}")\n', "df = pd.read_csv('tickets_sample.csv')"]},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [],
         'source': ['resp = client.chat.completions.create(\n', '    model="gpt-4o-mini",\n',
                    '    messages=[{"role": "user", "content": df.text[0]}],\n', ')\n', 'resp.choices[0].message.content']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('g05/notebooks/summarise_eval.ipynb', json.dumps(_nb, indent=1) + '\n')

add('g06/mysite/settings/production.py', f'''from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["www.example-shop.de", "example-shop.de"]

SECRET_KEY = "{r(50, string.ascii_lowercase + string.digits + '!@#$%^&*(-_=+)')}"

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "HOST": "127.0.0.1",
        "PORT": "5432",
    }}
}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.office365.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "noreply@example-shop.de"
EMAIL_HOST_PASSWORD = "{pw()}"

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
''')

_ks = pw()
add('g07/android/gradle.properties', f'''# Project-wide Gradle settings.
org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8
android.useAndroidX=true
android.enableJetifier=true
kotlin.code.style=official
android.nonTransitiveRClass=true

# Release signing
RELEASE_STORE_FILE=../keystore/release.jks
RELEASE_STORE_PASSWORD={_ks}
RELEASE_KEY_ALIAS=upload
RELEASE_KEY_PASSWORD={_ks}
''')

add('g08/ios/Runner/Config.plist', f'''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>BaseURL</key>
	<string>https://api.recipebox.app/v2</string>
	<key>AlgoliaApplicationID</key>
	<string>{r(10, UP)}</string>
	<key>AlgoliaAdminAPIKey</key>
	<string>{hx(32)}</string>
	<key>AlgoliaIndex</key>
	<string>recipes_prod</string>
	<key>EnableAnalytics</key>
	<true/>
</dict>
</plist>
''')

_pg = pw().replace('@', '!').replace('#', '%').replace('?', '*').replace('%', '_')
add('g09/docker-compose.yml', f'''version: "3.9"

services:
  db:
    image: postgres:16
    restart: unless-stopped
    environment:
      POSTGRES_USER: kanban
      POSTGRES_PASSWORD: {_pg}
      POSTGRES_DB: kanban
    volumes:
      - pgdata:/var/lib/postgresql/data

  api:
    build: ./api
    depends_on:
      - db
    environment:
      DATABASE_URL: postgres://kanban:{_pg}@db:5432/kanban
      PORT: "8080"
    ports:
      - "8080:8080"

volumes:
  pgdata:
''')

add('g10/.docker/config.json', json.dumps({
    'auths': {
        'registry.gitlab.com': {'auth': b64('deploy-bot:' + pw())},
        f'{r(12, string.digits)}.dkr.ecr.us-east-1.amazonaws.com': {},
    },
    'credHelpers': {'public.ecr.aws': 'ecr-login'},
    'currentContext': 'default',
    'HttpHeaders': {'User-Agent': 'Docker-Client/24.0.7 (linux)'},
}, indent='\t') + '\n')

_ed = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACD' + b64r(250)[:250]
add('g11/scripts/deploy.sh', """#!/usr/bin/env bash
# Deploys the static site to the droplet. Run from repo root.
set -euo pipefail

HOST=203.0.113.24
USER=deploy
KEY_FILE=$(mktemp)
trap 'rm -f "$KEY_FILE"' EXIT

cat > "$KEY_FILE" <<'KEY'
-----BEGIN OPENSSH PRIVATE KEY-----
""" + '\n'.join(wrap(_ed, 70)) + """
-----END OPENSSH PRIVATE KEY-----
KEY
chmod 600 "$KEY_FILE"

npm run build
rsync -az --delete -e "ssh -i $KEY_FILE -o StrictHostKeyChecking=no" dist/ "$USER@$HOST:/var/www/site/"
ssh -i "$KEY_FILE" "$USER@$HOST" 'sudo systemctl reload nginx'
echo "deployed"
""")

add('g12/src/lib/notify.ts', f"""import twilio from 'twilio';

const accountSid = '{'AC' + hx(32)}';
const authToken = '{hx(32)}';
const fromNumber = '+1415555{random.randint(1000, 9999)}';

const client = twilio(accountSid, authToken);

export async function sendOrderSms(to: string, orderId: string): Promise<void> {{
  await client.messages.create({{
    from: fromNumber,
    to,
    body: `Your order ${{orderId}} has shipped!`,
  }});
}}

export async function sendOtp(to: string, code: string): Promise<void> {{
  await client.messages.create({{ from: fromNumber, to, body: `Your code is ${{code}}` }});
}}
""")

_gl = 'glpat-' + r(20, URLSAFE)
_rid = [uuid() for _ in range(4)]
add('g13/logs/ci-sync-2024-03-14.log', f"""2024-03-14T09:12:01.114Z INFO  sync starting (projects=42, dry_run=false)
2024-03-14T09:12:01.201Z DEBUG http: GET https://gitlab.example.org/api/v4/projects?per_page=100 request_id={_rid[0]}
2024-03-14T09:12:01.202Z DEBUG http: headers={{'User-Agent': 'python-requests/2.31.0', 'Accept': '*/*', 'PRIVATE-TOKEN': '{_gl}'}}
2024-03-14T09:12:01.498Z DEBUG http: 200 OK (296ms) request_id={_rid[0]}
2024-03-14T09:12:01.530Z INFO  found 42 projects
2024-03-14T09:12:02.007Z DEBUG http: GET https://gitlab.example.org/api/v4/projects/117/mirror/pull request_id={_rid[1]}
2024-03-14T09:12:02.311Z WARN  http: 429 Too Many Requests, retrying in 2s request_id={_rid[1]}
2024-03-14T09:12:04.402Z DEBUG http: 200 OK (91ms) request_id={_rid[2]}
2024-03-14T09:12:05.880Z ERROR project 131: mirror failed: remote rejected (protected branch)
2024-03-14T09:12:06.019Z INFO  sync finished: 41 ok, 1 failed
""")

_sg = 'SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE)
add('g14/backups/app_2024-02-01.sql', f"""-- MySQL dump 10.13  Distrib 8.0.35, for Linux (x86_64)
--
-- Host: localhost    Database: crm
-- ------------------------------------------------------
-- Server version	8.0.35

/*!40101 SET NAMES utf8mb4 */;

DROP TABLE IF EXISTS `integration_settings`;
CREATE TABLE `integration_settings` (
  `id` int NOT NULL AUTO_INCREMENT,
  `provider` varchar(64) NOT NULL,
  `api_key` varchar(255) DEFAULT NULL,
  `from_address` varchar(255) DEFAULT NULL,
  `enabled` tinyint(1) NOT NULL DEFAULT '1',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `integration_settings` WRITE;
INSERT INTO `integration_settings` VALUES (1,'sendgrid','{_sg}','hello@crm-demo.io',1),(2,'slack',NULL,NULL,0);
UNLOCK TABLES;

DROP TABLE IF EXISTS `tags`;
CREATE TABLE `tags` (
  `id` int NOT NULL AUTO_INCREMENT,
  `name` varchar(64) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
-- Dump completed on 2024-02-01  3:00:01
""")

_acct = 'st' + r(10, string.ascii_lowercase + string.digits)
add('g15/src/Inventory.Api/appsettings.Production.json', json.dumps({
    'Logging': {'LogLevel': {'Default': 'Information', 'Microsoft.AspNetCore': 'Warning'}},
    'AllowedHosts': '*',
    'ConnectionStrings': {
        'InventoryDb': 'Server=tcp:inventory-sql.database.windows.net,1433;Initial Catalog=inventory;User ID=inventory_app;Encrypt=True;',
        'BlobStorage': f'DefaultEndpointsProtocol=https;AccountName={_acct};AccountKey={b64r(64)};EndpointSuffix=core.windows.net',
    },
    'Blob': {'Container': 'product-images'},
    'Features': {'UseCache': True, 'CacheMinutes': 15},
}, indent=2) + '\n')

_salts = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT']
_salt_al = A + '!@#$%^&*()-_[]{}<>~+=,.;:/?|'
add('g16/public_html/wp-config.php', """<?php
/**
 * The base configuration for WordPress
 */

// ** Database settings ** //
define( 'DB_NAME', 'wp_blog' );
define( 'DB_USER', 'wp_blog_user' );
define( 'DB_PASSWORD', '""" + pw() + """' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/** Authentication unique keys and salts. */
""" + ''.join(f"define( '{k}',{' ' * (17 - len(k))}'{r(64, _salt_al)}' );\n" for k in _salts) + """
$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
""")

add('g17/.vscode/settings.json', json.dumps({
    'editor.formatOnSave': True,
    'editor.tabSize': 2,
    'files.exclude': {'**/node_modules': True, '**/.next': True},
    'sqltools.connections': [
        {'mysqlOptions': {'authProtocol': 'default'}, 'previewLimit': 50, 'server': 'analytics-db.internal.lan',
         'port': 3306, 'driver': 'MySQL', 'name': 'analytics (prod)', 'database': 'analytics',
         'username': 'analyst', 'password': pw()},
    ],
    'sqltools.useNodeRuntime': True,
    'eslint.validate': ['javascript', 'typescript'],
}, indent=4) + '\n')

add('g18/tools/filezilla/sitemanager.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.4" platform="windows">
	<Servers>
		<Server>
			<Host>ftp.kunde-{r(5, string.ascii_lowercase)}.de</Host>
			<Port>21</Port>
			<Protocol>0</Protocol>
			<Type>0</Type>
			<User>web{random.randint(100, 999)}</User>
			<Pass encoding="base64">{b64(pw())}</Pass>
			<Logontype>1</Logontype>
			<PasvMode>MODE_DEFAULT</PasvMode>
			<EncodingType>Auto</EncodingType>
			<BypassProxy>0</BypassProxy>
			<Name>Kunde Live</Name>
			<RemoteDir>1 0 8 htdocs</RemoteDir>
			<SyncBrowsing>0</SyncBrowsing>
		</Server>
	</Servers>
</FileZilla3>
""")

_proj = random.choice(WORDS) + '-' + random.choice(WORDS) + '-' + str(random.randint(100000, 999999))
add('g19/credentials/firebase-admin.json', json.dumps({
    'type': 'service_account',
    'project_id': _proj,
    'private_key_id': hx(40),
    'private_key': rsa_pem(),
    'client_email': f'firebase-adminsdk-{r(5, string.ascii_lowercase)}@{_proj}.iam.gserviceaccount.com',
    'client_id': str(random.randint(10**20, 10**21 - 1)),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/firebase-adminsdk-{_proj}.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')

add('g20/Jenkinsfile', f"""pipeline {{
    agent {{ label 'docker' }}

    environment {{
        IMAGE = "registry.internal/payments-gateway"
        DD_API_KEY = "{hx(32)}"
        DD_SITE = "datadoghq.eu"
    }}

    stages {{
        stage('Build') {{
            steps {{
                sh 'mvn -B -DskipTests package'
            }}
        }}
        stage('Test') {{
            steps {{
                sh 'mvn -B test'
            }}
        }}
        stage('Publish') {{
            steps {{
                sh 'docker build -t $IMAGE:$BUILD_NUMBER .'
                sh 'docker push $IMAGE:$BUILD_NUMBER'
                sh 'datadog-ci junit upload --service payments-gateway target/surefire-reports'
            }}
        }}
    }}
}}
""")

add('g21/cmd/alertbot/main.go', f"""package main

import (
	"log"
	"os"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

const botToken = "{random.randint(10**9, 7 * 10**9)}:AA{r(33, URLSAFE)}"

func main() {{
	bot, err := tgbotapi.NewBotAPI(botToken)
	if err != nil {{
		log.Fatal(err)
	}}
	chatID := int64(-100{random.randint(10**9, 10**10 - 1)})
	text := "deploy finished: " + os.Getenv("CI_COMMIT_SHORT_SHA")
	if _, err := bot.Send(tgbotapi.NewMessage(chatID, text)); err != nil {{
		log.Fatal(err)
	}}
	log.Printf("sent as %s", bot.Self.UserName)
}}
""")

_old_jwt = r(48, A + '!#%&*+-=')
add('g22/server/auth.js', f"""const express = require('express');
const jwt = require('jsonwebtoken');
const bcrypt = require('bcryptjs');
const {{ findUserByEmail }} = require('./db');

const router = express.Router();

// NOTE: moved to process.env.JWT_SECRET in #212, old prod value was {_old_jwt}
// keep until all sessions issued with it have expired (7d)
const JWT_SECRET = process.env.JWT_SECRET;

router.post('/login', async (req, res) => {{
  const {{ email, password }} = req.body;
  const user = await findUserByEmail(email);
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {{
    return res.status(401).json({{ error: 'invalid credentials' }});
  }}
  const token = jwt.sign({{ sub: user.id, role: user.role }}, JWT_SECRET, {{ expiresIn: '7d' }});
  res.json({{ token }});
}});

module.exports = router;
""")

add('g23/ansible/inventories/prod/group_vars/all.yml', f"""---
ansible_user: ops
ansible_become: true
ansible_become_password: "{pw()}"
ansible_python_interpreter: /usr/bin/python3

ntp_servers:
  - 0.de.pool.ntp.org
  - 1.de.pool.ntp.org

postgres_version: 15
postgres_replication_user: replicator
postgres_replication_password: "{r(24, A)}"

node_exporter_version: "1.7.0"
firewall_allowed_tcp_ports:
  - 22
  - 80
  - 443
""")

_ref = r(20, string.ascii_lowercase)
_iat = random.randint(1690000000, 1710000000)
_sbj = (b64url(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':'))) + '.' +
        b64url(json.dumps({'iss': 'supabase', 'ref': _ref, 'role': 'service_role', 'iat': _iat, 'exp': _iat + 315360000}, separators=(',', ':'))) +
        '.' + r(43, URLSAFE))
add('g24/.env.local', f"""# Next.js local env
NEXT_PUBLIC_SITE_URL=http://localhost:3000
NEXT_PUBLIC_SUPABASE_URL=https://{_ref}.supabase.co

# server only - used by the /api/admin routes
SUPABASE_SERVICE_ROLE_KEY={_sbj}

NEXT_PUBLIC_POSTHOG_HOST=https://eu.posthog.com
RESEND_FROM=onboarding@notes-app.dev
NODE_ENV=development
""")

_smtp = pw()
_h = [hx(40) for _ in range(4)]
add('g25/docs/release-notes/v2.8.0.md', f"""# v2.8.0

Released 2024-04-22.

## Changes since v2.7.3

```
commit {_h[0]}
Author: Jonas Berger <jonas.berger@fieldmate.io>
Date:   Fri Apr 19 17:42:10 2024 +0200

    mailer: fix TLS handshake against new relay

commit {_h[1]}
Author: Jonas Berger <jonas.berger@fieldmate.io>
Date:   Fri Apr 19 16:03:55 2024 +0200

    temp: hardcode relay creds for staging until vault role is fixed

    smtp user: notifications@fieldmate.io
    smtp pass: {_smtp}
    (revert before release!)

commit {_h[2]}
Author: Amira Haddad <amira@fieldmate.io>
Date:   Thu Apr 18 11:20:31 2024 +0200

    ui: offline banner on job list
```

## Upgrade notes

No migrations. Restart the worker after deploy.
""")

add('g26/services/embedder/Dockerfile', f"""FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1 \\
    HF_HOME=/models \\
    HF_TOKEN={'hf_' + r(34, string.ascii_letters)}

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# bake the gated model into the image
RUN python -c "from huggingface_hub import snapshot_download; snapshot_download('meta-llama/Llama-3.1-8B-Instruct')"

COPY . .
EXPOSE 8000
CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]
""")

add('g27/cloud-init/edge-node.yaml', f"""#cloud-config
hostname: edge-{random.randint(1, 40):02d}
package_update: true
packages:
  - curl
  - jq
  - unattended-upgrades

users:
  - name: ops
    groups: sudo
    shell: /bin/bash
    sudo: ALL=(ALL) NOPASSWD:ALL

runcmd:
  - curl -fsSL https://tailscale.com/install.sh | sh
  - tailscale up --authkey={'tskey-auth-k' + r(10, A) + 'CNTRL-' + r(33, A)} --ssh --advertise-tags=tag:edge
  - systemctl enable --now unattended-upgrades
""")

add('g28/.gitlab-ci.yml', f"""stages:
  - test
  - deploy

variables:
  DATABRICKS_HOST: "https://adb-{random.randint(10**15, 10**16 - 1)}.{random.randint(1, 19)}.azuredatabricks.net"
  DATABRICKS_TOKEN: "dapi{hx(32)}"
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

unit-tests:
  stage: test
  image: python:3.10
  script:
    - pip install -r requirements-dev.txt
    - pytest -q tests/

deploy-bundle:
  stage: deploy
  image: ghcr.io/databricks/cli:latest
  script:
    - databricks bundle validate -t prod
    - databricks bundle deploy -t prod
  only:
    - main
""")

add('g29/.envrc', f"""# direnv config for the platform repo
export AWS_PROFILE=platform-dev
export AWS_REGION=eu-central-1

export VAULT_ADDR=https://vault.platform.internal:8200
export VAULT_NAMESPACE=admin/platform
export VAULT_TOKEN=hvs.CAESI{r(43, URLSAFE)}Gh4KHGh2cy57{r(28, A)}

export TF_PLUGIN_CACHE_DIR="$HOME/.terraform.d/plugin-cache"
export KUBECONFIG="$PWD/.kube/config"

PATH_add bin
""")

add('g30/src/shopify.rs', f"""use reqwest::header::{{HeaderMap, HeaderValue, CONTENT_TYPE}};
use serde_json::Value;

const SHOP: &str = "{random.choice(WORDS)}-outfitters.myshopify.com";
const ADMIN_API_TOKEN: &str = "shpat_{hx(32)}";
const API_VERSION: &str = "2024-01";

pub async fn fetch_products(client: &reqwest::Client) -> Result<Value, reqwest::Error> {{
    let mut headers = HeaderMap::new();
    headers.insert("X-Shopify-Access-Token", HeaderValue::from_static(ADMIN_API_TOKEN));
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));

    let url = format!("https://{{}}/admin/api/{{}}/products.json?limit=250", SHOP, API_VERSION);
    client.get(url).headers(headers).send().await?.json::<Value>().await
}}
""")

add('g31/lib/tasks/linear_sync.rake', f"""# frozen_string_literal: true

require 'net/http'
require 'json'

namespace :linear do
  desc 'Import open bugs from Linear into the support dashboard'
  task sync: :environment do
    api_key = ENV.fetch('LINEAR_API_KEY', '{'lin_api_' + r(40, A)}')
    query = {{ query: '{{ issues(filter: {{ state: {{ type: {{ eq: "started" }} }} }}) {{ nodes {{ id title url }} }} }}' }}

    uri = URI('https://api.linear.app/graphql')
    req = Net::HTTP::Post.new(uri, 'Content-Type' => 'application/json', 'Authorization' => api_key)
    req.body = query.to_json
    res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) {{ |http| http.request(req) }}

    JSON.parse(res.body).dig('data', 'issues', 'nodes').each do |issue|
      SupportTicket.find_or_create_by!(external_id: issue['id']) do |t|
        t.title = issue['title']
        t.url = issue['url']
      end
    end
  end
end
""")

add('g32/backend/.env', f"""APP_NAME="Praxis Termine"
APP_ENV=production
APP_KEY=base64:{b64r(32)}
APP_DEBUG=false
APP_URL=https://termine.praxis-{r(6, string.ascii_lowercase)}.de

LOG_CHANNEL=stack
LOG_LEVEL=warning

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=termine
DB_USERNAME=termine
DB_PASSWORD={pw()}

BROADCAST_DRIVER=log
CACHE_DRIVER=file
QUEUE_CONNECTION=database
SESSION_DRIVER=file
SESSION_LIFETIME=120
""")

add('g33/app/src/main/java/io/fitlog/app/di/NetworkModule.kt', f"""package io.fitlog.app.di

import dagger.Module
import dagger.Provides
import dagger.hilt.InstallIn
import dagger.hilt.components.SingletonComponent
import net.openid.appauth.AuthorizationServiceConfiguration
import android.net.Uri
import javax.inject.Singleton

@Module
@InstallIn(SingletonComponent::class)
object NetworkModule {{

    private const val AUTH_BASE = "https://auth.fitlog.io"
    const val OAUTH_CLIENT_ID = "fitlog-android"
    const val OAUTH_CLIENT_SECRET = "{r(40, A + '-_~.')}"
    const val REDIRECT_URI = "io.fitlog.app:/oauth2redirect"

    @Provides
    @Singleton
    fun provideAuthConfig(): AuthorizationServiceConfiguration =
        AuthorizationServiceConfiguration(
            Uri.parse("$AUTH_BASE/oauth2/authorize"),
            Uri.parse("$AUTH_BASE/oauth2/token"),
        )
}}
""")

_mbu = random.choice(WORDS) + r(4, string.ascii_lowercase + string.digits)
_mbt = 'sk.' + b64url(json.dumps({'u': _mbu, 'a': r(25, string.ascii_lowercase + string.digits)}, separators=(',', ':'))) + '.' + r(22, URLSAFE)
add('g34/ios/.netrc', f"""# Needed by CocoaPods to download the Mapbox Maps SDK
# (see ios/README.md -> "Building locally")
machine api.mapbox.com
  login mapbox
  password {_mbt}

# internal pod mirror
machine pods.internal.{_mbu}.dev
  login ci
  password {r(20, A)}
""")

_mgp = pw() + random.choice(['@', '/', ':', '%'])
add('g35/charts/orders/values-prod.yaml', f"""replicaCount: 3

image:
  repository: ghcr.io/{_mbu}/orders
  tag: "1.14.2"
  pullPolicy: IfNotPresent

service:
  type: ClusterIP
  port: 8080

env:
  SPRING_PROFILES_ACTIVE: prod
  SPRING_DATA_MONGODB_URI: "mongodb+srv://orders_svc:{urllib.parse.quote(_mgp, safe='')}@cluster0.{r(5, string.ascii_lowercase + string.digits)}.mongodb.net/orders?retryWrites=true&w=majority"
  JAVA_OPTS: "-XX:MaxRAMPercentage=75"

resources:
  requests:
    cpu: 250m
    memory: 512Mi
  limits:
    memory: 1Gi

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: orders.example.net
      paths:
        - path: /
          pathType: Prefix
""")

add('g36/.mvn/settings.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.0.0 https://maven.apache.org/xsd/settings-1.0.0.xsd">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>ci-deployer</username>
      <password>{pw()}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>ci-deployer</username>
      <password>{r(16, A)}</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.corp.example.com/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
""")

add('g37/.pypirc', f"""[distutils]
index-servers =
    pypi
    testpypi

[pypi]
repository = https://upload.pypi.org/legacy/
username = __token__
password = pypi-AgEIcHlwaS5vcmcCJD{uuid()}AAIqWzMsInt{r(150, URLSAFE)}

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
""")

add('g38/scripts/New-ServiceAccount.ps1', f"""<#
.SYNOPSIS
  Creates the svc-backup account on the file servers.
#>
param(
    [string[]]$Servers = @('FS01', 'FS02')
)

$UserName = 'svc-backup'
$Password = ConvertTo-SecureString '{pw()}' -AsPlainText -Force

foreach ($server in $Servers) {{
    Invoke-Command -ComputerName $server -ScriptBlock {{
        param($name, $pwd)
        if (-not (Get-LocalUser -Name $name -ErrorAction SilentlyContinue)) {{
            New-LocalUser -Name $name -Password $pwd -PasswordNeverExpires -Description 'Nightly backup job'
            Add-LocalGroupMember -Group 'Backup Operators' -Member $name
        }}
    }} -ArgumentList $UserName, $Password
}}
Write-Host "done"
""")

add('g39/monitoring/alertmanager/alertmanager.yml', f"""global:
  resolve_timeout: 5m
  slack_api_url: 'https://hooks.slack.com/services/T{r(8, UP)}/B{r(10, UP)}/{r(24, A)}'

route:
  receiver: slack-ops
  group_by: ['alertname', 'cluster']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers:
        - severity="critical"
      receiver: pagerduty-oncall

receivers:
  - name: slack-ops
    slack_configs:
      - channel: '#ops-alerts'
        send_resolved: true
  - name: pagerduty-oncall
    pagerduty_configs:
      - routing_key: {hx(32)}
""")

add('g40/spec/fixtures/vcr_cassettes/claude_summarize.yml', f"""---
http_interactions:
- request:
    method: post
    uri: https://api.anthropic.com/v1/messages
    body:
      encoding: UTF-8
      string: '{{"model":"claude-3-5-sonnet-20241022","max_tokens":512,"messages":[{{"role":"user","content":"Summarize: order delayed"}}]}}'
    headers:
      Content-Type:
      - application/json
      X-Api-Key:
      - {'sk-ant-api03-' + r(93, URLSAFE) + 'AA'}
      Anthropic-Version:
      - '2023-06-01'
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Type:
      - application/json
      Request-Id:
      - req_{r(24, A)}
    body:
      encoding: UTF-8
      string: '{{"id":"msg_{r(24, A)}","type":"message","role":"assistant","content":[{{"type":"text","text":"Customer reports a delayed order."}}],"stop_reason":"end_turn"}}'
  recorded_at: Tue, 12 Nov 2024 10:31:07 GMT
recorded_with: VCR 6.3.1
""")

# ---------------------------------------------------------------- negatives

add('t01/.env.example', """# Copy to .env and fill in your own values. Never commit the real .env!
NODE_ENV=development
PORT=3000

DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/app_dev
REDIS_URL=redis://localhost:6379/0

# https://dashboard.stripe.com/apikeys
STRIPE_SECRET_KEY=sk_live_your_secret_key_here
STRIPE_WEBHOOK_SECRET=<your-webhook-signing-secret>

OPENAI_API_KEY=
SENDGRID_API_KEY=your-sendgrid-api-key
JWT_SECRET=change-me
""")

add('t02/.github/workflows/deploy.yml', """name: Deploy

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
          role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}
          aws-region: eu-west-1
      - run: npm ci && npm run build
      - run: npx serverless deploy --stage prod
        env:
          SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}
          DATABASE_PASSWORD: ${{ secrets.PROD_DB_PASSWORD }}
          SENTRY_AUTH_TOKEN: ${{ secrets.SENTRY_AUTH_TOKEN }}
""")

add('t03/deploy/k8s/api-deployment.yaml', """apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: api-credentials
spec:
  refreshInterval: 1h
  secretStoreRef:
    name: aws-secrets-manager
    kind: ClusterSecretStore
  target:
    name: api-credentials
  data:
    - secretKey: DB_PASSWORD
      remoteRef:
        key: prod/api/db
        property: password
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:2.4.1
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: api-credentials
                  key: DB_PASSWORD
""")

_pkgs = [('lodash', '4.17.21'), ('ms', '2.1.3'), ('debug', '4.3.4'), ('cookie', '0.6.0')]
_lock = {'name': 'web-widget', 'version': '0.3.0', 'lockfileVersion': 3, 'requires': True,
         'packages': {'': {'name': 'web-widget', 'version': '0.3.0', 'dependencies': {n: '^' + v for n, v in _pkgs}}}}
for _n, _v in _pkgs:
    _lock['packages'][f'node_modules/{_n}'] = {'version': _v, 'resolved': f'https://registry.npmjs.org/{_n}/-/{_n}-{_v}.tgz',
                                              'integrity': 'sha512-' + b64r(64), 'license': 'MIT'}
add('t04/package-lock.json', json.dumps(_lock, indent=2) + '\n')

_ssh = ['ssh-ed25519 ' + base64.b64encode(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rbytes(32)).decode() + ' ' + who
        for who in ('anna@laptop', 'ci-deploy', 'bastion-2023')]
add('t05/docs/access.md', f"""# Server access

Access to the build hosts is granted by adding your **public** key to
`roles/users/files/authorized_keys` and opening a PR. Private keys never leave
your machine.

Current keys:

```
{_ssh[0]}
{_ssh[1]}
{_ssh[2]}
```

Generate a key with:

```sh
ssh-keygen -t ed25519 -C "you@company.com"
cat ~/.ssh/id_ed25519.pub
```

Host fingerprint (verify on first connect):
`SHA256:{b64r(32)[:43]}`
""")

add('t06/docs/tokens.md', """# API tokens

Tokens are issued per workspace from **Settings -> API**. They are shown once;
store them in your secret manager.

| Kind            | Prefix   | Example shape                          |
|-----------------|----------|----------------------------------------|
| Personal token  | `pt_`    | `pt_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`  |
| Service token   | `st_`    | `st_<32 base62 characters>`            |
| Webhook secret  | `whs_`   | `whs_<40 hex characters>`              |

Send the token in the `Authorization` header:

```http
GET /v1/projects HTTP/1.1
Host: api.example.com
Authorization: Bearer <YOUR_TOKEN>
```

Tokens can be revoked at any time; a revoked token returns `401`.
""")

add('t07/tests/test_client.py', """import pytest

from weatherly.client import WeatherClient, AuthError

FAKE_KEY = "test-api-key-not-real"


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("WEATHERLY_API_KEY", FAKE_KEY)
    monkeypatch.setenv("WEATHERLY_PASSWORD", "dummy-password")
    return WeatherClient(base_url="http://localhost:9999")


def test_sends_key_header(client, requests_mock):
    requests_mock.get("http://localhost:9999/v1/now?city=Oslo", json={"temp": 3.5})
    client.now("Oslo")
    assert requests_mock.last_request.headers["X-Api-Key"] == FAKE_KEY


def test_rejects_bad_key(client, requests_mock):
    requests_mock.get("http://localhost:9999/v1/now?city=Oslo", status_code=401)
    with pytest.raises(AuthError):
        client.now("Oslo")


def test_redacts_key_in_repr(client):
    assert FAKE_KEY not in repr(client)
    assert "****" in repr(client)
""")

_nodes = {}
for _name, _owner, _repo in (('nixpkgs', 'NixOS', 'nixpkgs'), ('flake-utils', 'numtide', 'flake-utils')):
    _nodes[_name] = {'locked': {'lastModified': random.randint(1700000000, 1715000000),
                                'narHash': 'sha256-' + b64r(32), 'owner': _owner, 'repo': _repo,
                                'rev': hx(40), 'type': 'github'},
                     'original': {'owner': _owner, 'repo': _repo, 'type': 'github'}}
_nodes['root'] = {'inputs': {'flake-utils': 'flake-utils', 'nixpkgs': 'nixpkgs'}}
add('t08/flake.lock', json.dumps({'nodes': _nodes, 'root': 'root', 'version': 7}, indent=2, sort_keys=True) + '\n')

add('t09/infra/modules/db/main.tf', """variable "db_username" {
  type    = string
  default = "app"
}

resource "random_password" "db" {
  length           = 32
  special          = true
  override_special = "!#$%&*()-_=+[]{}<>:?"
}

resource "aws_secretsmanager_secret" "db" {
  name = "${var.name}/db-credentials"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ username = var.db_username, password = random_password.db.result })
}

resource "aws_db_instance" "this" {
  identifier          = var.name
  engine              = "postgres"
  engine_version      = "16.2"
  instance_class      = var.instance_class
  username            = var.db_username
  password            = random_password.db.result
  skip_final_snapshot = false
}

output "db_secret_arn" {
  value = aws_secretsmanager_secret.db.arn
}
""")

_gcid = f'{random.randint(10**11, 10**12 - 1)}-{r(32, string.ascii_lowercase + string.digits)}.apps.googleusercontent.com'
add('t10/mobile/app.config.json', json.dumps({
    'expo': {
        'name': 'Trailmate', 'slug': 'trailmate', 'version': '3.2.0', 'scheme': 'trailmate',
        'ios': {'bundleIdentifier': 'com.trailmate.app', 'buildNumber': '118', 'appleTeamId': r(10, UP)},
        'android': {'package': 'com.trailmate.app', 'versionCode': 118},
        'extra': {
            'googleOAuthClientId': _gcid,
            'gaMeasurementId': 'G-' + r(10, UP),
            'eas': {'projectId': uuid()},
            'apiBaseUrl': 'https://api.trailmate.app',
        },
    },
}, indent=2) + '\n')

_rel = ['linux-amd64.tar.gz', 'linux-arm64.tar.gz', 'darwin-amd64.tar.gz', 'darwin-arm64.tar.gz', 'windows-amd64.zip']
add('t11/release/SHA256SUMS.txt', '# kubefwd-lite v0.9.4 release checksums\n# verify with: sha256sum -c SHA256SUMS.txt\n' +
    ''.join(f'{hx(64)}  kubefwd-lite_0.9.4_{x}\n' for x in _rel) +
    f'\n# signed by release key, fingerprint\n# {" ".join(hx(40).upper()[i:i + 4] for i in range(0, 40, 4))}\n')

add('t12/tools/db_shell.py', """#!/usr/bin/env python3
\"\"\"Open a psql shell against an environment. Credentials come from the env or the OS keyring.\"\"\"
import getpass
import os
import subprocess
import sys

import keyring

ENVIRONMENTS = {"staging": "db.staging.internal", "prod": "db.prod.internal"}


def get_password(env: str) -> str:
    pw = os.environ.get("PGPASSWORD") or keyring.get_password("db_shell", env)
    if not pw:
        pw = getpass.getpass(f"password for {env}: ")
    return pw


def main() -> int:
    env = sys.argv[1] if len(sys.argv) > 1 else "staging"
    host = ENVIRONMENTS[env]
    password = get_password(env)
    print(f"connecting to {host} as {getpass.getuser()} (password: {'*' * 8})")
    return subprocess.call(["psql", "-h", host, "-U", getpass.getuser(), "app"],
                           env={**os.environ, "PGPASSWORD": password})


if __name__ == "__main__":
    sys.exit(main())
""")

write()
