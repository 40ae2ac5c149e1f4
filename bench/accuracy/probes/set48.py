# Usage: python3 set48.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set48 (stop 31): deployment and platform configuration
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

UP = string.ascii_uppercase + string.digits
LO = string.ascii_lowercase + string.digits
URL = A + '-_'
STD = A + '+/'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'passwd', 'secret',
       'placeholder', 'redact', 'your', 'token', 'demo', 'fixme', 'todo', 'temp', 'mock', 'insert')


def ok(v):
    low = v.lower()
    return not any(b in low for b in BAD)


def rr(n, al=A):
    """Random string that carries no placeholder word."""
    while True:
        v = r(n, al)
        if ok(v):
            return v


def rhx(n):
    return rr(n, HEX)


def ckk(prefix):
    while True:
        v = ck(prefix)
        if ok(v[len(prefix):]):
            return v


def u4():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


def b64(b):
    return base64.b64encode(b).decode()


def rb64(n, url=False, pad=True):
    while True:
        v = b64u(rb(n)) if url else b64(rb(n))
        if not pad:
            v = v.rstrip('=')
        if ok(v):
            return v


def bs(s):
    return base64.b64encode(s.encode()).decode()


def seg(o):
    return b64u(json.dumps(o, separators=(',', ':')).encode())


def jwt(header, payload, siglen=32):
    return seg(header) + '.' + seg(payload) + '.' + rb64(siglen, url=True)


def ts():
    return random.randint(1704067200, 1767225600)


def T(s, **kw):
    for k, v in kw.items():
        s = s.replace('@@' + k + '@@', str(v))
    assert '@@' not in s, s[:200]
    return s


# ---- provider-shaped values (all drawn at run time) ----
def aws_id():
    return 'AKIA' + rr(16, UP)


def aws_secret():
    return rr(40, STD)


def stripe_sk(kind='sk'):
    return kind + '_live_51' + rr(14, A) + rr(82, A)


def slack_hook():
    return ('https://hooks.slack.com/services/T' + rr(10, UP) + '/B' + rr(10, UP) + '/' + rr(24))


def xoxb():
    return 'xoxb-' + rr(12, string.digits) + '-' + rr(13, string.digits) + '-' + rr(24)


def sendgrid():
    return 'SG.' + rr(22, URL) + '.' + rr(43, URL)


def openai_proj():
    return 'sk-proj-' + rr(74, URL) + 'T3BlbkFJ' + rr(74, URL)


def supa_ref():
    return rr(20, string.ascii_lowercase)


def neon_host(pooler=True):
    adj = random.choice(['wispy', 'billowing', 'cool', 'young', 'divine', 'autumn', 'snowy', 'quiet'])
    noun = random.choice(['hill', 'sun', 'darkness', 'breeze', 'frost', 'meadow', 'bonus', 'lake'])
    ep = 'ep-%s-%s-%s' % (adj, noun, rr(8, LO))
    return ep, ep + ('-pooler' if pooler else '') + '.us-east-2.aws.neon.tech'


def grafana_glc(org, stack, region):
    body = {'o': org, 'n': stack, 'k': rr(24), 'm': {'r': region}}
    return 'glc_' + bs(json.dumps(body, separators=(',', ':'))).rstrip('=')


def sentry_org_token(org):
    body = {'iat': float(ts()) + random.random(), 'url': 'https://sentry.io', 'region_url': 'https://us.sentry.io',
            'org': org}
    return 'sntrys_' + bs(json.dumps(body, separators=(',', ':'))).rstrip('=') + '_' + rr(43, STD)


def fly_token():
    return 'FlyV1 fm2_lJPE' + rb64(270, pad=False) + ',fm2_lJPE' + rb64(150, pad=False)


def glpat():
    return 'glpat-' + rr(20, URL)


def docker_pat():
    return 'dckr_pat_' + rr(27, URL)


def gh_fine():
    return 'github_pat_11' + rr(20, UP) + '_' + rr(59)


def azure_secret():
    return rr(3) + '8Q~' + rr(34, A + '~._-')


# =====================================================================================
# Positives
# =====================================================================================

# c01 Vercel CLI token pasted into a preview workflow
vt = rr(24)
add('c01/.github/workflows/preview.yml', T('''name: Vercel Preview Deployment

env:
  VERCEL_ORG_ID: team_@@ORG@@
  VERCEL_PROJECT_ID: prj_@@PRJ@@

on:
  push:
    branches-ignore:
      - main
  pull_request:
    types: [opened, synchronize]

concurrency:
  group: preview-${{ github.ref }}
  cancel-in-progress: true

jobs:
  deploy-preview:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: pnpm/action-setup@v4
        with:
          version: 9
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: pnpm
      - name: Install Vercel CLI
        run: npm install --global vercel@latest
      - name: Pull Vercel Environment Information
        run: vercel pull --yes --environment=preview --token=@@TOK@@
      - name: Build Project Artifacts
        run: vercel build --token=@@TOK@@
      - name: Deploy Project Artifacts to Vercel
        id: deploy
        run: echo "url=$(vercel deploy --prebuilt --token=@@TOK@@)" >> "$GITHUB_OUTPUT"
      - name: Comment preview URL
        uses: marocchino/sticky-pull-request-comment@v2
        if: github.event_name == 'pull_request'
        with:
          message: |
            Preview ready: ${{ steps.deploy.outputs.url }}
''', ORG=rr(24), PRJ=rr(28), TOK=vt))

# c02 Vercel project with Neon connection strings in a committed .env.production
ep, host = neon_host(True)
npw = 'npg_' + rr(12)
add('c02/apps/web/vercel.json', T('''{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "framework": "nextjs",
  "buildCommand": "pnpm turbo run build --filter=web",
  "installCommand": "pnpm install --frozen-lockfile",
  "regions": ["iad1"],
  "crons": [
    { "path": "/api/cron/digest", "schedule": "0 7 * * 1" },
    { "path": "/api/cron/cleanup-sessions", "schedule": "*/30 * * * *" }
  ],
  "headers": [
    {
      "source": "/(.*)",
      "headers": [
        { "key": "X-Content-Type-Options", "value": "nosniff" },
        { "key": "Referrer-Policy", "value": "strict-origin-when-cross-origin" }
      ]
    }
  ]
}
'''))
add('c02/apps/web/.env.production', T('''# Production env for the web app (Vercel project "web")
# pulled with `vercel env pull .env.production --environment=production`
NEXT_PUBLIC_APP_URL=https://app.tallyledger.io
NEXT_PUBLIC_POSTHOG_HOST=https://us.i.posthog.com

# Neon (branch: main)
DATABASE_URL="postgresql://neondb_owner:@@PW@@@@@HOST@@/neondb?sslmode=require"
DATABASE_URL_UNPOOLED="postgresql://neondb_owner:@@PW@@@@@DHOST@@/neondb?sslmode=require"
PGHOST=@@HOST@@
PGUSER=neondb_owner
PGDATABASE=neondb

AUTH_SECRET="@@AUTH@@"
AUTH_TRUST_HOST=true
VERCEL_ENV=production
''', PW=npw, HOST=host, DHOST=host.replace('-pooler', ''), AUTH=rb64(32)))

# c03 Netlify build environment holding a Sentry org auth token
add('c03/netlify.toml', T('''[build]
  base    = "apps/storefront"
  command = "npm run build && npm run sentry:sourcemaps"
  publish = "dist"

[build.environment]
  NODE_VERSION = "20"
  NPM_FLAGS = "--no-audit --no-fund"
  ASTRO_TELEMETRY_DISABLED = "1"
  SENTRY_ORG = "lumen-goods"
  SENTRY_PROJECT = "storefront"
  SENTRY_AUTH_TOKEN = "@@TOK@@"

[context.deploy-preview.environment]
  PUBLIC_API_BASE = "https://staging-api.lumengoods.com"

[[plugins]]
  package = "@netlify/plugin-lighthouse"

[[redirects]]
  from = "/api/*"
  to = "https://api.lumengoods.com/:splat"
  status = 200
  force = true

[[headers]]
  for = "/_astro/*"
  [headers.values]
    Cache-Control = "public, max-age=31536000, immutable"
''', TOK=sentry_org_token('lumen-goods')))

# c04 Netlify personal access token as a shell default
add('c04/scripts/deploy-preview.sh', T('''#!/usr/bin/env bash
# Deploys a branch preview to Netlify and posts the URL back to the PR.
# Usage: scripts/deploy-preview.sh <pr-number>
set -euo pipefail

PR_NUMBER="${1:?pr number required}"
BUILD_DIR="${BUILD_DIR:-build}"

export NETLIFY_SITE_ID="${NETLIFY_SITE_ID:-@@SITE@@}"
export NETLIFY_AUTH_TOKEN="${NETLIFY_AUTH_TOKEN:-@@TOK@@}"

if [[ ! -d "$BUILD_DIR" ]]; then
  echo "build dir $BUILD_DIR missing, running npm run build" >&2
  npm run build
fi

npx --yes netlify-cli@17 deploy \\
  --dir="$BUILD_DIR" \\
  --alias="pr-${PR_NUMBER}" \\
  --message="preview for #${PR_NUMBER}" \\
  --json > deploy.json

URL=$(jq -r '.deploy_url' deploy.json)
echo "Preview: $URL"
gh pr comment "$PR_NUMBER" --body "Netlify preview: $URL"
''', SITE=u4(), TOK='nfp_' + rr(36)))

# c05 render.yaml with a literal live Stripe key + deploy trigger script with a Render API key
add('c05/render.yaml', T('''services:
  - type: web
    name: checkout-api
    runtime: node
    region: oregon
    plan: standard
    buildCommand: npm ci && npm run build
    startCommand: node dist/server.js
    healthCheckPath: /healthz
    autoDeploy: true
    envVars:
      - key: NODE_ENV
        value: production
      - key: DATABASE_URL
        fromDatabase:
          name: checkout-db
          property: connectionString
      - key: REDIS_URL
        fromService:
          type: redis
          name: checkout-cache
          property: connectionString
      - key: STRIPE_SECRET_KEY
        value: @@SK@@
      - key: STRIPE_WEBHOOK_SECRET
        value: whsec_@@WH@@
      - key: SESSION_KEY
        generateValue: true

  - type: worker
    name: checkout-worker
    runtime: node
    buildCommand: npm ci && npm run build
    startCommand: node dist/worker.js
    envVars:
      - fromGroup: checkout-shared

  - type: redis
    name: checkout-cache
    ipAllowList: []
    plan: starter

databases:
  - name: checkout-db
    databaseName: checkout
    user: checkout
    plan: basic-1gb
''', SK=stripe_sk(), WH=rr(32)))
add('c05/scripts/trigger_render_deploy.py', T('''"""Kick a Render deploy for checkout-api and wait until it is live."""
import sys
import time

import requests

RENDER_API_KEY = "rnd_@@KEY@@"
SERVICE_ID = "srv-@@SRV@@"
API = "https://api.render.com/v1"


def main() -> int:
    headers = {"Authorization": f"Bearer {RENDER_API_KEY}", "Accept": "application/json"}
    resp = requests.post(f"{API}/services/{SERVICE_ID}/deploys", headers=headers, json={"clearCache": "do_not_clear"})
    resp.raise_for_status()
    deploy_id = resp.json()["id"]
    print("started deploy", deploy_id)
    for _ in range(120):
        d = requests.get(f"{API}/services/{SERVICE_ID}/deploys/{deploy_id}", headers=headers).json()
        if d["status"] in ("live", "build_failed", "update_failed", "canceled"):
            print("finished:", d["status"])
            return 0 if d["status"] == "live" else 1
        time.sleep(10)
    return 2


if __name__ == "__main__":
    sys.exit(main())
''', KEY=rr(32), SRV=rr(20, LO)))

# c06 Vagrantfile with a DigitalOcean token and an ngrok authtoken in provisioning
add('c06/Vagrantfile', T('''# -*- mode: ruby -*-
# vi: set ft=ruby :
# Disposable demo box for customer workshops. `vagrant up --provider=digital_ocean`

Vagrant.configure("2") do |config|
  config.vm.hostname = "workshop-box"

  config.vm.provider :virtualbox do |vb, override|
    override.vm.box = "bento/ubuntu-24.04"
    vb.memory = 4096
    vb.cpus = 2
  end

  config.vm.provider :digital_ocean do |provider, override|
    override.ssh.private_key_path = "~/.ssh/id_ed25519"
    override.vm.box = "digital_ocean"
    override.vm.box_url = "https://github.com/devopsgroup-io/vagrant-digitalocean/raw/master/box/digital_ocean.box"
    provider.token = "dop_v1_@@DO@@"
    provider.image = "ubuntu-24-04-x64"
    provider.region = "fra1"
    provider.size = "s-2vcpu-4gb"
    provider.ssh_key_name = "workshop"
  end

  config.vm.provision "shell", inline: <<-SHELL
    set -e
    apt-get update -qq
    apt-get install -y -qq docker.io docker-compose-v2 jq
    curl -sSL https://ngrok-agent.s3.amazonaws.com/ngrok.asc | tee /etc/apt/trusted.gpg.d/ngrok.asc >/dev/null
    echo "deb https://ngrok-agent.s3.amazonaws.com buster main" > /etc/apt/sources.list.d/ngrok.list
    apt-get update -qq && apt-get install -y -qq ngrok
    ngrok config add-authtoken @@NG@@
    usermod -aG docker vagrant
  SHELL
end
''', DO=rhx(64), NG='2' + rr(26) + '_' + rr(21)))

# c07 Railway project token in a workflow plus a Railway Postgres URL
add('c07/railway.json', '''{
  "$schema": "https://railway.com/railway.schema.json",
  "build": {
    "builder": "NIXPACKS",
    "buildCommand": "poetry install --without dev && python manage.py collectstatic --noinput"
  },
  "deploy": {
    "startCommand": "gunicorn config.wsgi --workers 3 --bind 0.0.0.0:$PORT",
    "healthcheckPath": "/health/",
    "restartPolicyType": "ON_FAILURE",
    "restartPolicyMaxRetries": 5
  }
}
''')
add('c07/.github/workflows/railway.yml', T('''name: Deploy to Railway

on:
  push:
    branches: [main]

jobs:
  deploy:
    runs-on: ubuntu-latest
    container: ghcr.io/railwayapp/cli:latest
    env:
      SVC_ID: backend
      RAILWAY_TOKEN: @@TOK@@
    steps:
      - uses: actions/checkout@v4
      - run: railway up --service=${{ env.SVC_ID }} --detach
''', TOK=u4()))
add('c07/.env.railway', T('''# copied from Railway > Postgres > Variables (prod environment)
DATABASE_URL=postgresql://postgres:@@PW@@@roundhouse.proxy.rlwy.net:@@PORT@@/railway
PGHOST=roundhouse.proxy.rlwy.net
PGPORT=@@PORT@@
PGUSER=postgres
PGPASSWORD=@@PW@@
PGDATABASE=railway
DJANGO_SETTINGS_MODULE=config.settings.production
ALLOWED_HOSTS=api.fernleaf.app
''', PW=rr(32, string.ascii_letters), PORT=random.randint(10000, 59999)))

# c08 fly.toml [env] carrying database and Upstash Redis URLs with passwords
add('c08/fly.toml', T('''# fly.toml app configuration file generated for quill-api on 2025-03-11T09:14:52Z
#
# See https://fly.io/docs/reference/configuration/ for information about how to use this file.
#

app = 'quill-api'
primary_region = 'ams'
kill_signal = 'SIGINT'
kill_timeout = '5s'

[build]
  dockerfile = 'Dockerfile'

[deploy]
  release_command = 'bin/rails db:migrate'

[env]
  RAILS_ENV = 'production'
  RAILS_LOG_TO_STDOUT = '1'
  PORT = '8080'
  DATABASE_URL = 'postgres://quill_api:@@PG@@@quill-db.flycast:5432/quill_api?sslmode=disable'
  REDIS_URL = 'rediss://default:@@RD@@@fly-quill-cache.upstash.io:6379'

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = 'stop'
  auto_start_machines = true
  min_machines_running = 1
  processes = ['app']

[[vm]]
  memory = '1gb'
  cpu_kind = 'shared'
  cpus = 1
''', PG=rr(16), RD=rhx(32)))

# c09 Fly.io deploy token in a workflow
add('c09/.github/workflows/fly-deploy.yml', T('''# See https://fly.io/docs/app-guides/continuous-deployment-with-github-actions/

name: Fly Deploy
on:
  push:
    branches:
      - main
jobs:
  deploy:
    name: Deploy app
    runs-on: ubuntu-latest
    concurrency: deploy-group    # optional: ensure only one action runs at a time
    steps:
      - uses: actions/checkout@v4
      - uses: superfly/flyctl-actions/setup-flyctl@master
      - run: flyctl deploy --remote-only --strategy rolling
        env:
          FLY_API_TOKEN: "@@TOK@@"
''', TOK=fly_token()))

# c10 Supabase service_role JWT hardcoded in an Edge Function
ref = supa_ref()
iat = ts()
srk = jwt({'alg': 'HS256', 'typ': 'JWT'},
          {'iss': 'supabase', 'ref': ref, 'role': 'service_role', 'iat': iat, 'exp': iat + 315360000})
add('c10/supabase/functions/purge-expired/index.ts', T('''// Scheduled via pg_cron -> net.http_post every night at 03:00 UTC.
import { createClient } from "jsr:@supabase/supabase-js@2";

const SUPABASE_URL = "https://@@REF@@.supabase.co";
// service role so we can bypass RLS when deleting other users' rows
const SUPABASE_SERVICE_ROLE_KEY =
  "@@KEY@@";

const admin = createClient(SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, {
  auth: { persistSession: false, autoRefreshToken: false },
});

Deno.serve(async (_req) => {
  const cutoff = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
  const { data, error } = await admin
    .from("share_links")
    .delete()
    .lt("expires_at", cutoff)
    .select("id");
  if (error) {
    console.error("purge failed", error);
    return new Response(JSON.stringify({ ok: false }), { status: 500 });
  }
  await admin.storage.from("exports").remove((data ?? []).map((r) => `${r.id}.zip`));
  return new Response(JSON.stringify({ ok: true, removed: data?.length ?? 0 }), {
    headers: { "Content-Type": "application/json" },
  });
});
''', REF=ref, KEY=srk))

# c11 Supabase new-style secret key in a committed .env.local
ref = supa_ref()
add('c11/apps/dashboard/.env.local', T('''# Supabase project: dashboard-prod (eu-central-1)
NEXT_PUBLIC_SUPABASE_URL=https://@@REF@@.supabase.co
NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY=sb_publishable_@@PUB@@
# server-only, used by app/api/admin/* route handlers
SUPABASE_SECRET_KEY=sb_secret_@@SEC@@

NEXT_PUBLIC_SITE_URL=https://dashboard.orbitrelay.com
RESEND_FROM="Orbit Relay <noreply@orbitrelay.com>"
LOG_LEVEL=info
''', REF=ref, PUB=rr(22, URL) + '_' + rr(8, URL), SEC=rr(22, URL) + '_' + rr(8, URL)))

# c12 supabase/config.toml with a GitHub OAuth client secret and a SendGrid SMTP key
add('c12/supabase/config.toml', T('''# A string used to distinguish different Supabase projects on the same host. Defaults to the
# working directory name when running `supabase init`.
project_id = "kitepost"

[api]
enabled = true
port = 54321
schemas = ["public", "graphql_public"]
extra_search_path = ["public", "extensions"]
max_rows = 1000

[db]
port = 54322
shadow_port = 54320
major_version = 15

[studio]
enabled = true
port = 54323
api_url = "http://127.0.0.1"

[auth]
enabled = true
site_url = "https://kitepost.app"
additional_redirect_urls = ["https://kitepost.app/auth/callback", "http://127.0.0.1:3000/auth/callback"]
jwt_expiry = 3600
enable_refresh_token_rotation = true
enable_signup = true

[auth.email]
enable_signup = true
double_confirm_changes = true
enable_confirmations = true

[auth.email.smtp]
host = "smtp.sendgrid.net"
port = 587
user = "apikey"
pass = "@@SG@@"
admin_email = "auth@kitepost.app"
sender_name = "Kitepost"

[auth.external.github]
enabled = true
client_id = "Ov23li@@CID@@"
secret = "@@GHS@@"
redirect_uri = "https://@@REF@@.supabase.co/auth/v1/callback"

[storage]
enabled = true
file_size_limit = "50MiB"
''', SG=sendgrid(), CID=rr(14), GHS=rhx(40), REF=supa_ref()))

# c13 Neon Terraform provider with an inline API key
add('c13/infra/neon/main.tf', T('''terraform {
  required_providers {
    neon = {
      source  = "kislerdm/neon"
      version = "~> 0.6"
    }
  }
  backend "s3" {
    bucket = "brightpath-tfstate"
    key    = "neon/prod.tfstate"
    region = "us-east-1"
  }
}

provider "neon" {
  api_key = "napi_@@KEY@@"
}

resource "neon_project" "app" {
  name                      = "brightpath-prod"
  region_id                 = "aws-us-east-2"
  pg_version                = 16
  history_retention_seconds = 604800

  default_endpoint_settings {
    autoscaling_limit_min_cu = 0.25
    autoscaling_limit_max_cu = 2
  }
}

resource "neon_branch" "preview" {
  project_id = neon_project.app.id
  parent_id  = neon_project.app.default_branch_id
  name       = "preview"
}

resource "neon_role" "app" {
  project_id = neon_project.app.id
  branch_id  = neon_project.app.default_branch_id
  name       = "app"
}

output "connection_uri" {
  value     = neon_project.app.connection_uri
  sensitive = true
}
''', KEY=rr(64, LO)))

# c14 PlanetScale password inside a Prisma DATABASE_URL + service token in CI
add('c14/.env', T('''# PlanetScale branch: main  (password name: prisma-prod, role: readwriter)
DATABASE_URL="mysql://@@USR@@:pscale_pw_@@PW@@@aws.connect.psdb.cloud/inventory?sslaccept=strict"
SHADOW_DATABASE_URL="mysql://root@127.0.0.1:3309/inventory_shadow"
NEXTAUTH_URL=http://localhost:3000
''', USR=rr(12, LO), PW=rr(43, URL)))
add('c14/.github/workflows/deploy-request.yml', T('''name: PlanetScale deploy request
on:
  pull_request:
    paths: ["prisma/schema.prisma"]

env:
  PLANETSCALE_ORG: stockwise
  PLANETSCALE_DB: inventory
  PLANETSCALE_SERVICE_TOKEN_ID: @@TID@@
  PLANETSCALE_SERVICE_TOKEN: pscale_tkn_@@TOK@@

jobs:
  branch:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: planetscale/setup-pscale-action@v1
      - name: Create branch and push schema
        run: |
          BR="pr-${{ github.event.number }}"
          pscale branch create $PLANETSCALE_DB $BR --org $PLANETSCALE_ORG --wait || true
          pscale connect $PLANETSCALE_DB $BR --org $PLANETSCALE_ORG --port 3309 &
          sleep 5
          DATABASE_URL="mysql://root@127.0.0.1:3309/inventory" npx prisma db push --skip-generate
          pscale deploy-request create $PLANETSCALE_DB $BR --org $PLANETSCALE_ORG
''', TID=rr(12, LO), TOK=rr(43, URL)))

# c15 Turso auth token in drizzle config
tid = u4()
turso = jwt({'alg': 'EdDSA', 'typ': 'JWT'}, {'a': 'rw', 'iat': ts(), 'id': tid}, 64)
add('c15/drizzle.config.ts', T('''import { defineConfig } from "drizzle-kit";

export default defineConfig({
  schema: "./src/db/schema.ts",
  out: "./drizzle",
  dialect: "turso",
  dbCredentials: {
    url: "libsql://notes-prod-hollowmint.aws-eu-west-1.turso.io",
    authToken:
      "@@TOK@@",
  },
  verbose: true,
  strict: true,
});
''', TOK=turso))
add('c15/src/db/client.ts', '''import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import config from "../../drizzle.config";
import * as schema from "./schema";

const creds = (config as any).dbCredentials;
export const client = createClient({ url: creds.url, authToken: creds.authToken });
export const db = drizzle(client, { schema });
''')

# c16 Upstash Redis REST token in a Next.js middleware rate limiter
add('c16/src/lib/ratelimit.ts', T('''import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";

// one shared limiter for /api/* - 20 requests per 10s per IP
const redis = new Redis({
  url: "https://@@HOST@@.upstash.io",
  token: "@@TOK@@",
});

export const ratelimit = new Ratelimit({
  redis,
  limiter: Ratelimit.slidingWindow(20, "10 s"),
  analytics: true,
  prefix: "rl:api",
});

export async function limited(ip: string) {
  const { success, limit, remaining, reset } = await ratelimit.limit(ip);
  return { success, headers: { "X-RateLimit-Limit": `${limit}`, "X-RateLimit-Remaining": `${remaining}`, "X-RateLimit-Reset": `${reset}` } };
}
''', HOST=random.choice(['wise', 'fluent', 'helped', 'smart', 'pure']) + '-' + random.choice(['gnat', 'lark', 'mole', 'newt', 'wren']) + '-' + str(random.randint(10000, 99999)),
    TOK='A' + random.choice('XYZ') + rr(2) + 'AAIjcDE' + rr(48) + 'cDE' + rr(2)))

# c17 QStash credentials in a committed .dev.vars
qs = bs(json.dumps({'UserID': u4(), 'Password': rhx(32)}, separators=(',', ':'))).rstrip('=')
add('c17/workers/webhooks/.dev.vars', T('''# local secrets for `wrangler dev` - same values as prod for now
QSTASH_URL=https://qstash.upstash.io
QSTASH_TOKEN=@@QT@@
QSTASH_CURRENT_SIGNING_KEY=sig_@@S1@@
QSTASH_NEXT_SIGNING_KEY=sig_@@S2@@
WEBHOOK_FANOUT_TOPIC=order-events
ENVIRONMENT=production
''', QT=qs, S1=rr(28), S2=rr(28)))
add('c17/workers/webhooks/wrangler.toml', '''name = "webhooks"
main = "src/index.ts"
compatibility_date = "2025-01-15"
compatibility_flags = ["nodejs_compat"]

[observability]
enabled = true
''')

# c18 OpenAI key placed in wrangler.toml [vars]
add('c18/wrangler.toml', T('''name = "support-bot"
main = "src/worker.ts"
compatibility_date = "2024-11-06"
account_id = "@@ACC@@"
workers_dev = false
routes = [
  { pattern = "support.parcelnest.com/api/*", zone_name = "parcelnest.com" }
]

[vars]
MODEL = "gpt-4o-mini"
MAX_TOKENS = "800"
OPENAI_API_KEY = "@@OA@@"
ALLOWED_ORIGIN = "https://support.parcelnest.com"

[[kv_namespaces]]
binding = "CONVERSATIONS"
id = "@@KV@@"

[[d1_databases]]
binding = "DB"
database_name = "support-bot"
database_id = "@@D1@@"

[env.staging]
name = "support-bot-staging"
vars = { MODEL = "gpt-4o-mini", MAX_TOKENS = "400", ALLOWED_ORIGIN = "https://staging.parcelnest.com" }
''', ACC=rhx(32), OA=openai_proj(), KV=rhx(32), D1=u4()))

# c19 Cloudflare API token in GitLab CI variables
add('c19/.gitlab-ci.yml', T('''stages:
  - test
  - deploy

variables:
  NODE_VERSION: "20"
  CLOUDFLARE_ACCOUNT_ID: "@@ACC@@"
  CLOUDFLARE_API_TOKEN: "@@TOK@@"

default:
  image: node:${NODE_VERSION}-bookworm
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]

unit:
  stage: test
  script:
    - npm ci --cache .npm --prefer-offline
    - npm run lint
    - npm run typecheck

deploy:pages:
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - npm ci --cache .npm --prefer-offline
    - npm run build
    - npx wrangler pages deploy ./dist --project-name=docs-site --branch=main
  environment:
    name: production
    url: https://docs.heronlabs.dev
''', ACC=rhx(32), TOK=rr(40, URL)))

# c20 AWS keys inlined in a GitHub Actions ECS deploy
add('c20/.github/workflows/deploy-ecs.yml', T('''name: Deploy to Amazon ECS

on:
  push:
    branches: [ "release" ]

env:
  AWS_REGION: eu-west-1
  ECR_REPOSITORY: orders-api
  ECS_SERVICE: orders-api-svc
  ECS_CLUSTER: prod-cluster
  ECS_TASK_DEFINITION: .aws/task-definition.json
  CONTAINER_NAME: orders-api

permissions:
  contents: read

jobs:
  deploy:
    name: Deploy
    runs-on: ubuntu-latest
    environment: production
    steps:
    - name: Checkout
      uses: actions/checkout@v4

    - name: Configure AWS credentials
      uses: aws-actions/configure-aws-credentials@v4
      with:
        aws-access-key-id: @@AK@@
        aws-secret-access-key: @@SK@@
        aws-region: ${{ env.AWS_REGION }}

    - name: Login to Amazon ECR
      id: login-ecr
      uses: aws-actions/amazon-ecr-login@v2

    - name: Build, tag, and push image to Amazon ECR
      id: build-image
      env:
        ECR_REGISTRY: ${{ steps.login-ecr.outputs.registry }}
        IMAGE_TAG: ${{ github.sha }}
      run: |
        docker build -t $ECR_REGISTRY/$ECR_REPOSITORY:$IMAGE_TAG .
        docker push $ECR_REGISTRY/$ECR_REPOSITORY:$IMAGE_TAG
        echo "image=$ECR_REGISTRY/$ECR_REPOSITORY:$IMAGE_TAG" >> $GITHUB_OUTPUT

    - name: Fill in the new image ID in the Amazon ECS task definition
      id: task-def
      uses: aws-actions/amazon-ecs-render-task-definition@v1
      with:
        task-definition: ${{ env.ECS_TASK_DEFINITION }}
        container-name: ${{ env.CONTAINER_NAME }}
        image: ${{ steps.build-image.outputs.image }}

    - name: Deploy Amazon ECS task definition
      uses: aws-actions/amazon-ecs-deploy-task-definition@v2
      with:
        task-definition: ${{ steps.task-def.outputs.task-definition }}
        service: ${{ env.ECS_SERVICE }}
        cluster: ${{ env.ECS_CLUSTER }}
        wait-for-service-stability: true
''', AK=aws_id(), SK=aws_secret()))

# c21 fine-grained GitHub PAT used for private submodules in a release workflow
add('c21/.github/workflows/release.yml', T('''name: release

on:
  push:
    tags: ["v*"]

jobs:
  goreleaser:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      packages: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          submodules: recursive
          # bot account "relay-ci", needs read on the private proto submodule
          token: @@PAT@@
      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - uses: goreleaser/goreleaser-action@v6
        with:
          version: "~> v2"
          args: release --clean
        env:
          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
''', PAT=gh_fine()))

# c22 GitLab CI DOCKER_AUTH_CONFIG with a base64 registry credential
dac = json.dumps({'auths': {'harbor.corp.velarion.net': {'auth': bs('robot$ci-pull:' + rr(32))}}}, separators=(',', ':'))
add('c22/.gitlab-ci.yml', T('''variables:
  DOCKER_DRIVER: overlay2
  DOCKER_TLS_CERTDIR: "/certs"
  IMAGE: harbor.corp.velarion.net/payments/ledger
  DOCKER_AUTH_CONFIG: '@@DAC@@'

stages: [build, scan, release]

build:
  stage: build
  image: harbor.corp.velarion.net/base/docker:27-cli
  services:
    - name: harbor.corp.velarion.net/base/docker:27-dind
      alias: docker
  script:
    - mkdir -p ~/.docker && echo "$DOCKER_AUTH_CONFIG" > ~/.docker/config.json
    - docker build --pull -t "$IMAGE:$CI_COMMIT_SHORT_SHA" .
    - docker push "$IMAGE:$CI_COMMIT_SHORT_SHA"

trivy:
  stage: scan
  image: harbor.corp.velarion.net/base/trivy:0.56.2
  script:
    - trivy image --exit-code 1 --severity CRITICAL "$IMAGE:$CI_COMMIT_SHORT_SHA"

release:
  stage: release
  image: harbor.corp.velarion.net/base/crane:v0.20
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - crane tag "$IMAGE:$CI_COMMIT_SHORT_SHA" "$CI_COMMIT_TAG"
''', DAC=dac))

# c23 GitLab runner config.toml with runner auth token and S3 cache keys
add('c23/gitlab-runner/config.toml', T('''concurrent = 8
check_interval = 0
shutdown_timeout = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "k8s-build-pool-eu1"
  url = "https://gitlab.sabledata.io"
  id = @@ID@@
  token = "glrt-@@TOK@@"
  token_obtained_at = 2025-02-03T10:41:07Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "kubernetes"
  [runners.cache]
    Type = "s3"
    Shared = true
    [runners.cache.s3]
      ServerAddress = "s3.eu-central-1.amazonaws.com"
      AccessKey = "@@AK@@"
      SecretKey = "@@SK@@"
      BucketName = "sabledata-runner-cache"
      BucketLocation = "eu-central-1"
  [runners.kubernetes]
    namespace = "gitlab-runner"
    image = "alpine:3.20"
    privileged = true
    cpu_request = "500m"
    memory_request = "1Gi"
    service_account = "gitlab-runner-build"
    [runners.kubernetes.node_selector]
      "node.kubernetes.io/pool" = "ci"
''', ID=random.randint(100, 999), TOK=rr(20, URL), AK=aws_id(), SK=aws_secret()))

# c24 Bitbucket Pipelines pushing tags with an app password in the remote URL
add('c24/bitbucket-pipelines.yml', T('''image: atlassian/default-image:4

definitions:
  caches:
    gradlewrapper: ~/.gradle/wrapper
  steps:
    - step: &build
        name: Build and test
        caches: [gradle, gradlewrapper]
        script:
          - ./gradlew clean build --no-daemon
        artifacts:
          - build/libs/**

pipelines:
  branches:
    main:
      - step: *build
      - step:
          name: Tag release
          script:
            - VERSION=$(./gradlew -q printVersion)
            - git config user.email "ci@quarrytech.io"
            - git config user.name "quarry-ci"
            - git remote set-url origin "https://quarry-ci:@@AP@@@bitbucket.org/quarrytech/billing-service.git"
            - git tag -a "v$VERSION" -m "release $VERSION"
            - git push origin "v$VERSION"
      - step:
          name: Deploy to production
          deployment: production
          trigger: manual
          script:
            - pipe: atlassian/aws-ecs-deploy:1.12.1
              variables:
                AWS_DEFAULT_REGION: eu-west-2
                CLUSTER_NAME: billing
                SERVICE_NAME: billing-service
                TASK_DEFINITION: task-definition.json
''', AP='ATBB' + rr(24) + rhx(8).upper()))

# c25 CircleCI config with Docker Hub PAT and a CircleCI personal API token
add('c25/.circleci/config.yml', T('''version: 2.1

orbs:
  node: circleci/node@5.2.0
  docker: circleci/docker@2.6.0

executors:
  default:
    docker:
      - image: cimg/node:20.11
        auth:
          username: thornbird
          password: @@DP@@

jobs:
  test:
    executor: default
    steps:
      - checkout
      - node/install-packages:
          pkg-manager: npm
      - run: npm test -- --ci --reporters=default --reporters=jest-junit
      - store_test_results:
          path: reports

  trigger-e2e:
    executor: default
    environment:
      CIRCLE_TOKEN: @@CT@@
    steps:
      - run:
          name: Trigger e2e pipeline in thornbird/e2e-suite
          command: |
            curl -sf -X POST https://circleci.com/api/v2/project/gh/thornbird/e2e-suite/pipeline \\
              -H "Circle-Token: $CIRCLE_TOKEN" -H "Content-Type: application/json" \\
              -d "{\\"branch\\":\\"main\\",\\"parameters\\":{\\"sha\\":\\"$CIRCLE_SHA1\\"}}"

workflows:
  build:
    jobs:
      - test
      - trigger-e2e:
          requires: [test]
          filters:
            branches:
              only: main
''', DP=docker_pat(), CT='CCIPAT_' + rr(22) + '_' + rhx(40)))

# c26 Jenkinsfile with a SonarQube token and a Slack webhook
add('c26/Jenkinsfile', T('''pipeline {
    agent { label 'linux-docker' }

    options {
        timestamps()
        buildDiscarder(logRotator(numToKeepStr: '30'))
        timeout(time: 45, unit: 'MINUTES')
    }

    environment {
        SONAR_HOST_URL = 'https://sonar.mariner-bank.internal'
        SONAR_TOKEN    = 'squ_@@SQ@@'
        SLACK_WEBHOOK  = '@@SL@@'
        MAVEN_OPTS     = '-Xmx2g'
    }

    stages {
        stage('Build') {
            steps {
                sh './mvnw -B -ntp clean verify'
            }
        }
        stage('Sonar') {
            steps {
                sh "./mvnw -B -ntp sonar:sonar -Dsonar.host.url=${SONAR_HOST_URL} -Dsonar.token=${SONAR_TOKEN}"
            }
        }
        stage('Publish') {
            when { branch 'main' }
            steps {
                sh './mvnw -B -ntp deploy -DskipTests'
            }
        }
    }

    post {
        failure {
            sh """curl -s -X POST -H 'Content-type: application/json' \\
                --data '{"text":"${env.JOB_NAME} #${env.BUILD_NUMBER} failed: ${env.BUILD_URL}"}' ${SLACK_WEBHOOK}"""
        }
    }
}
''', SQ=rhx(40), SL=slack_hook()))

# c27 Jenkins Configuration-as-Code with inline credentials
add('c27/jenkins/casc/jenkins.yaml', T('''jenkins:
  systemMessage: "Platform CI - managed by JCasC, do not edit in the UI"
  numExecutors: 0
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: "admin"
          password: "@@ADM@@"
  authorizationStrategy:
    loggedInUsersCanDoAnything:
      allowAnonymousRead: false
  clouds:
    - kubernetes:
        name: "k8s"
        namespace: "jenkins-agents"
        jenkinsUrl: "http://jenkins.jenkins.svc.cluster.local:8080"

credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: "github-ci"
              description: "GitHub bot for checkout and status"
              username: "kestrel-ci-bot"
              password: "@@GH@@"
          - string:
              scope: GLOBAL
              id: "npm-publish"
              description: "npm automation token"
              secret: "@@NPM@@"

unclassified:
  location:
    url: "https://ci.kestrelhq.com/"
    adminAddress: "platform@kestrelhq.com"
  gitHubPluginConfig:
    hookUrl: "https://ci.kestrelhq.com/github-webhook/"
''', ADM=rr(20), GH=ckk('ghp_'), NPM=ckk('npm_')))

# c28 Argo CD repository Secret with a GitLab PAT
add('c28/argocd/repositories/platform-gitops.yaml', T('''apiVersion: v1
kind: Secret
metadata:
  name: repo-platform-gitops
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repository
  annotations:
    managed-by: argocd.argoproj.io
type: Opaque
stringData:
  type: git
  name: platform-gitops
  url: https://gitlab.northwind-logistics.com/platform/gitops.git
  username: argocd
  password: @@PAT@@
  project: platform
---
apiVersion: v1
kind: Secret
metadata:
  name: creds-helm-charts
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repo-creds
stringData:
  type: helm
  url: https://gitlab.northwind-logistics.com/api/v4/projects/412/packages/helm/stable
  username: argocd
  password: @@PAT@@
''', PAT=glpat()))

# c29 Argo CD notifications secret with a Slack bot token
add('c29/argocd/notifications/argocd-notifications-secret.yaml', T('''apiVersion: v1
kind: Secret
metadata:
  name: argocd-notifications-secret
  namespace: argocd
type: Opaque
stringData:
  slack-token: @@XB@@
  grafana-api-key: glsa_@@GS@@_@@GC@@
''', XB=xoxb(), GS=rr(32), GC=rhx(8)))
add('c29/argocd/notifications/argocd-notifications-cm.yaml', '''apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-notifications-cm
  namespace: argocd
data:
  service.slack: |
    token: $slack-token
    username: argocd
    icon: ":argo:"
  service.grafana: |
    apiUrl: https://grafana.ops.tidewater.io/api
    apiKey: $grafana-api-key
  trigger.on-sync-failed: |
    - description: Application syncing has failed
      send: [app-sync-failed]
      when: app.status.operationState.phase in ['Error', 'Failed']
  template.app-sync-failed: |
    message: |
      {{.app.metadata.name}} sync failed at {{.app.status.operationState.finishedAt}}.
    slack:
      attachments: |
        [{"title": "{{ .app.metadata.name}}", "color": "#E96D76"}]
''')

# c30 Flux GitRepository with a GitLab deploy token in a plain Secret
add('c30/clusters/prod/flux-system/apps-source.yaml', T('''---
apiVersion: v1
kind: Secret
metadata:
  name: gitlab-apps-auth
  namespace: flux-system
type: Opaque
stringData:
  username: gitlab+deploy-token-@@N@@
  password: gldt-''' '''@@TOK@@
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 1m0s
  url: https://gitlab.com/oakfield-health/apps.git
  ref:
    branch: main
  secretRef:
    name: gitlab-apps-auth
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./overlays/prod
  prune: true
  sourceRef:
    kind: GitRepository
    name: apps
''', N=random.randint(1000000, 9999999), TOK=rr(20, URL)))

# c31 Kubernetes Secret with base64 data (credentials only visible after decoding)
db_pw = rr(24)
add('c31/k8s/overlays/prod/secret-reports.yaml', T('''apiVersion: v1
kind: Secret
metadata:
  name: reports-worker
  namespace: analytics
  labels:
    app.kubernetes.io/name: reports-worker
    app.kubernetes.io/part-of: analytics
type: Opaque
data:
  AWS_ACCESS_KEY_ID: @@A@@
  AWS_SECRET_ACCESS_KEY: @@S@@
  AWS_REGION: @@R@@
  DATABASE_URL: @@D@@
''', A=bs(aws_id()), S=bs(aws_secret()), R=bs('us-west-2'),
    D=bs('postgresql://reports:' + db_pw + '@analytics-db.cluster-c' + rr(11, LO) + '.us-west-2.rds.amazonaws.com:5432/reports')))

# c32 ConfigMap that picked up an Algolia admin key and a Stripe webhook secret
add('c32/k8s/base/configmap-search.yaml', T('''apiVersion: v1
kind: ConfigMap
metadata:
  name: search-indexer-config
  namespace: catalog
data:
  LOG_LEVEL: info
  INDEX_BATCH_SIZE: "500"
  ALGOLIA_APP_ID: @@APP@@
  ALGOLIA_INDEX: products_prod
  ALGOLIA_ADMIN_API_KEY: @@ADM@@
  STRIPE_WEBHOOK_SECRET: whsec_@@WH@@
  CATALOG_API: http://catalog-api.catalog.svc.cluster.local:8080
''', APP=rr(10, UP), ADM=rhx(32), WH=rr(32)))

# c33 Helm values for the Datadog chart with API and app keys
add('c33/helm/datadog/values-prod.yaml', T('''# helm upgrade --install datadog datadog/datadog -n datadog -f values-prod.yaml
datadog:
  site: datadoghq.eu
  apiKey: @@API@@
  appKey: @@APPK@@
  clusterName: prod-eu-1
  tags:
    - env:prod
    - team:platform
  logs:
    enabled: true
    containerCollectAll: true
  apm:
    portEnabled: true
  processAgent:
    processCollection: true
  kubelet:
    tlsVerify: false

clusterAgent:
  enabled: true
  replicas: 2
  metricsProvider:
    enabled: true

agents:
  tolerations:
    - operator: Exists
''', API=rhx(32), APPK=rhx(40)))

# c34 Helm values-prod for an app chart with DB, Redis and Mailgun credentials
add('c34/charts/ticketing/values-prod.yaml', T('''replicaCount: 3

image:
  repository: ghcr.io/boxwood-events/ticketing
  tag: "2.14.1"
  pullPolicy: IfNotPresent

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: tickets.boxwood.events
      paths:
        - path: /
          pathType: Prefix
  tls:
    - secretName: tickets-tls
      hosts: [tickets.boxwood.events]

postgresql:
  enabled: true
  auth:
    username: ticketing
    database: ticketing
    password: "@@PG@@"
    postgresPassword: "@@PGA@@"
  primary:
    persistence:
      size: 50Gi

redis:
  enabled: true
  auth:
    password: "@@RD@@"

mail:
  provider: mailgun
  domain: mg.boxwood.events
  mailgunApiKey: "@@MG@@"
  from: "Boxwood Tickets <tickets@boxwood.events>"

resources:
  requests:
    cpu: 250m
    memory: 512Mi
''', PG=rr(20), PGA=rr(20), RD=rr(24), MG=rhx(32) + '-' + rhx(8) + '-' + rhx(8)))

# c35 Kustomize secretGenerator with literal credentials
add('c35/deploy/overlays/production/kustomization.yaml', T('''apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: payments
resources:
  - ../../base
  - hpa.yaml
images:
  - name: payments-api
    newName: 7429.dkr.ecr.us-east-1.amazonaws.com/payments-api
    newTag: "1.31.0"
patches:
  - path: replicas.yaml
configMapGenerator:
  - name: payments-config
    literals:
      - LOG_LEVEL=warn
      - FEATURE_3DS2=true
secretGenerator:
  - name: payments-secrets
    type: Opaque
    literals:
      - STRIPE_API_KEY=@@RK@@
      - JWT_SIGNING_KEY=@@JWT@@
      - DATABASE_PASSWORD=@@DB@@
generatorOptions:
  disableNameSuffixHash: false
''', RK=stripe_sk('rk'), JWT=rhx(64), DB=rr(22)))

# c36 terraform.tfvars with Hetzner, Linode and Backblaze credentials
add('c36/infra/edge/terraform.tfvars', T('''# edge POPs - applied from laptop, state in B2
project         = "relaycast-edge"
environment     = "prod"
hcloud_token    = "@@HC@@"
linode_token    = "@@LN@@"
b2_key_id       = "005@@BID@@0000000@@BN@@"
b2_application_key = "K005@@BK@@"

locations = ["fsn1", "hel1", "ash"]
server_type = "cpx31"
ssh_keys = ["ops-2025"]
''', HC=rr(64), LN=rhx(64), BID=rhx(12), BN='%03d' % random.randint(1, 999), BK=rr(27)))
add('c36/infra/edge/variables.tf', '''variable "project" { type = string }
variable "environment" { type = string }
variable "hcloud_token" {
  type      = string
  sensitive = true
}
variable "linode_token" {
  type      = string
  sensitive = true
}
variable "b2_key_id" { type = string }
variable "b2_application_key" {
  type      = string
  sensitive = true
}
variable "locations" { type = list(string) }
variable "server_type" { type = string }
variable "ssh_keys" { type = list(string) }
''')

# c37 committed terraform.tfstate with an IAM access key and SES SMTP password
ak = aws_id()
state = {
    'version': 4, 'terraform_version': '1.9.8', 'serial': random.randint(20, 300), 'lineage': u4(),
    'outputs': {'smtp_username': {'value': ak, 'type': 'string'}},
    'resources': [
        {'mode': 'managed', 'type': 'aws_iam_user', 'name': 'smtp', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 0, 'attributes': {
             'arn': 'arn:aws:iam::%d:user/system/ses-smtp' % random.randint(10**11, 10**12 - 1),
             'force_destroy': False, 'id': 'ses-smtp', 'name': 'ses-smtp', 'path': '/system/',
             'permissions_boundary': '', 'tags': {'ManagedBy': 'terraform'}, 'unique_id': 'AIDA' + rr(17, UP)},
             'sensitive_attributes': [], 'private': 'bnVsbA=='}]},
        {'mode': 'managed', 'type': 'aws_iam_access_key', 'name': 'smtp', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 0, 'attributes': {
             'create_date': '2025-01-22T14:03:11Z', 'encrypted_secret': None, 'encrypted_ses_smtp_password_v4': None,
             'id': ak, 'key_fingerprint': None, 'pgp_key': None, 'secret': aws_secret(),
             'ses_smtp_password_v4': 'B' + rr(43, STD), 'status': 'Active', 'user': 'ses-smtp'},
             'sensitive_attributes': [[{'type': 'get_attr', 'value': 'secret'}],
                                      [{'type': 'get_attr', 'value': 'ses_smtp_password_v4'}]],
             'private': 'bnVsbA==', 'dependencies': ['aws_iam_user.smtp']}]}],
    'check_results': None}
add('c37/infra/mail/terraform.tfstate', json.dumps(state, indent=2) + '\n')

# c38 azurerm provider with an inline service principal client secret
add('c38/infra/azure/providers.tf', T('''terraform {
  required_version = ">= 1.6"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
  }
}

provider "azurerm" {
  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
  }
  subscription_id = "@@SUB@@"
  tenant_id       = "@@TEN@@"
  client_id       = "@@CID@@"
  client_secret   = "@@CS@@"
}

resource "azurerm_resource_group" "core" {
  name     = "rg-core-weu"
  location = "westeurope"
}
''', SUB=u4(), TEN=u4(), CID=u4(), CS=azure_secret()))

# c39 Pulumi stack config with a plaintext Cloudflare token + Pulumi access token in CI
add('c39/infra/Pulumi.prod.yaml', T('''config:
  aws:region: us-east-1
  cloudflare:apiToken: @@CF@@
  edge:zoneId: @@ZONE@@
  edge:originHost: origin.lanternpay.com
  edge:wafMode: block
  edge:dbPassword:
    secure: v1:@@IV@@:@@CT@@
''', CF=rr(40, URL), ZONE=rhx(32), IV=rb64(12, pad=True).rstrip('='), CT=rb64(40)))
add('c39/.github/workflows/pulumi.yml', T('''name: Pulumi
on:
  push:
    branches: [main]
    paths: ["infra/**"]
jobs:
  up:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: infra
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - uses: pulumi/actions@v6
        with:
          command: up
          stack-name: lanternpay/edge/prod
          work-dir: infra
        env:
          PULUMI_ACCESS_TOKEN: pul-@@PUL@@
''', PUL=rhx(40)))

# c40 Ansible inventory and group_vars in plaintext
add('c40/inventories/production/hosts.yml', T('''all:
  children:
    web:
      hosts:
        web-01.prod.glenmoor.net:
        web-02.prod.glenmoor.net:
    db:
      hosts:
        db-01.prod.glenmoor.net:
          postgresql_primary: true
  vars:
    ansible_user: deploy
    ansible_become: true
    ansible_become_password: "@@BP@@"
    ansible_python_interpreter: /usr/bin/python3
''', BP=rr(18)))
add('c40/inventories/production/group_vars/all.yml', T('''---
timezone: Europe/London
ntp_servers:
  - 0.uk.pool.ntp.org
  - 1.uk.pool.ntp.org

datadog_site: datadoghq.eu
datadog_api_key: "@@DD@@"
datadog_config:
  tags:
    - "env:production"
  logs_enabled: true

postgresql_version: 16
postgresql_users:
  - name: glenmoor_app
    password: "@@PG@@"
    db: glenmoor
unattended_upgrades_mail: ops@glenmoor.net
''', DD=rhx(32), PG=rr(22)))

# c41 docker-compose.override.yml with a Telegram bot token and MinIO root credentials
add('c41/docker-compose.override.yml', T('''# Local overrides for the staging box (docker compose -f docker-compose.yml -f docker-compose.override.yml up -d)
services:
  api:
    build:
      context: .
      target: dev
    environment:
      DATABASE_URL: postgres://app:@@PG@@@postgres:5432/app
      S3_ENDPOINT: http://minio:9000
      S3_ACCESS_KEY: @@MU@@
      S3_SECRET_KEY: @@MP@@
      ALERT_TELEGRAM_BOT_TOKEN: "@@TG@@"
      ALERT_TELEGRAM_CHAT_ID: "-100@@CHAT@@"
    ports:
      - "8080:8080"
    volumes:
      - ./src:/app/src

  postgres:
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: @@PG@@
    ports:
      - "5432:5432"

  minio:
    image: quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z
    command: server /data --console-address ":9001"
    environment:
      MINIO_ROOT_USER: @@MU@@
      MINIO_ROOT_PASSWORD: @@MP@@
    ports:
      - "9000:9000"
      - "9001:9001"
''', PG=rr(20), MU='stg' + rr(17, UP), MP=rr(40), TG=str(random.randint(6000000000, 7999999999)) + ':AA' + rr(33, URL),
    CHAT=random.randint(1000000000, 9999999999)))

# c42 systemd drop-in with a Grafana Cloud access policy token
add('c42/etc/systemd/system/alloy.service.d/override.conf', T('''[Service]
# Grafana Cloud (stack: hollybrook-prod) - remote_write + loki
Environment="GCLOUD_HOSTED_METRICS_URL=https://prometheus-prod-24-prod-eu-west-2.grafana.net/api/prom/push"
Environment="GCLOUD_HOSTED_METRICS_ID=@@MID@@"
Environment="GCLOUD_HOSTED_LOGS_URL=https://logs-prod-012.grafana.net/loki/api/v1/push"
Environment="GCLOUD_HOSTED_LOGS_ID=@@LID@@"
Environment="GCLOUD_RW_API_KEY=@@GLC@@"
Environment="GCLOUD_FM_COLLECTOR_ID=%H"
LimitNOFILE=65536
Restart=always
RestartSec=5
''', MID=random.randint(1000000, 2999999), LID=random.randint(600000, 1200000),
    GLC=grafana_glc(str(random.randint(100000, 1999999)), 'stack-%d-integration-alloy-rw' % random.randint(100000, 999999), 'prod-eu-west-2')))
add('c42/etc/systemd/system/alloy.service', '''[Unit]
Description=Vendor-agnostic OpenTelemetry Collector distribution with programmable pipelines
Documentation=https://grafana.com/docs/alloy
Wants=network-online.target
After=network-online.target

[Service]
Restart=always
User=alloy
Environment=HOSTNAME=%H
EnvironmentFile=/etc/default/alloy
WorkingDirectory=/var/lib/alloy
ExecStart=/usr/bin/alloy run $CUSTOM_ARGS --storage.path=/var/lib/alloy/data $CONFIG_FILE
ExecReload=/usr/bin/env kill -HUP $MAINPID
TimeoutStopSec=20s
SendSIGKILL=no

[Install]
WantedBy=multi-user.target
''')

# c43 cloud-init user-data with a Tailscale auth key and a k3s cluster token
add('c43/cloud-init/k3s-agent.yaml', T('''#cloud-config
hostname: k3s-agent
package_update: true
package_upgrade: true
packages:
  - curl
  - nfs-common
  - open-iscsi

users:
  - name: ops
    groups: [sudo]
    shell: /bin/bash
    sudo: ["ALL=(ALL) NOPASSWD:ALL"]
    ssh_import_id: ["gh:ops-rotation"]

write_files:
  - path: /etc/rancher/k3s/config.yaml
    permissions: "0600"
    content: |
      server: https://10.40.0.10:6443
      token: K10@@K3@@::server:@@K3B@@
      node-label:
        - "pool=general"

runcmd:
  - curl -fsSL https://tailscale.com/install.sh | sh
  - tailscale up --authkey=tskey-''' '''auth-k@@TS1@@CNTRL-@@TS2@@ --advertise-tags=tag:k8s-node --ssh
  - curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.31.4+k3s1 K3S_URL=https://10.40.0.10:6443 sh -s - agent
''', K3=rhx(64), K3B=rhx(32), TS1=rr(10), TS2=rr(33)))

# c44 Packer template for Proxmox with an API token secret
add('c44/packer/ubuntu-2404.pkr.hcl', T('''packer {
  required_plugins {
    proxmox = {
      version = ">= 1.2.1"
      source  = "github.com/hashicorp/proxmox"
    }
  }
}

variable "proxmox_url" {
  type    = string
  default = "https://pve01.lab.farrowind.net:8006/api2/json"
}

locals {
  build_ts = formatdate("YYYYMMDD-hhmm", timestamp())
}

source "proxmox-iso" "ubuntu" {
  proxmox_url              = var.proxmox_url
  username                 = "packer@pve!build"
  token                    = "@@PX@@"
  insecure_skip_tls_verify = true
  node                     = "pve01"
  vm_name                  = "tmpl-ubuntu-2404-${local.build_ts}"
  template_description     = "Ubuntu 24.04 golden image, built ${local.build_ts}"

  boot_iso {
    iso_file = "local:iso/ubuntu-24.04.1-live-server-amd64.iso"
    unmount  = true
  }

  cores    = 2
  memory   = 4096
  scsi_controller = "virtio-scsi-single"
  disks {
    disk_size    = "32G"
    storage_pool = "local-lvm"
    type         = "scsi"
  }
  network_adapters {
    model  = "virtio"
    bridge = "vmbr0"
  }

  http_directory = "http"
  boot_command   = ["<esc><wait>e<wait><down><down><down><end> autoinstall ds=nocloud-net\\\\;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/<f10>"]
  ssh_username   = "packer"
  ssh_private_key_file = "~/.ssh/packer_ed25519"
  ssh_timeout    = "30m"
}

build {
  sources = ["source.proxmox-iso.ubuntu"]
  provisioner "shell" {
    inline = ["sudo cloud-init clean", "sudo truncate -s 0 /etc/machine-id"]
  }
}
''', PX=u4()))

# c45 Nomad job with a Vault token + Consul agent config with gossip key and ACL tokens
add('c45/nomad/jobs/billing-api.nomad.hcl', T('''job "billing-api" {
  datacenters = ["dc1"]
  type        = "service"

  group "api" {
    count = 3

    network {
      port "http" { to = 8080 }
    }

    service {
      name     = "billing-api"
      port     = "http"
      provider = "consul"
      check {
        type     = "http"
        path     = "/healthz"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "server" {
      driver = "docker"

      config {
        image = "registry.internal.ashgrove.io/billing-api:3.8.2"
        ports = ["http"]
      }

      env {
        VAULT_ADDR  = "https://vault.service.consul:8200"
        VAULT_TOKEN = "hvs.@@VT@@"
        DB_HOST     = "billing-db.service.consul"
      }

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
''', VT=rr(24)))
add('c45/consul/server.hcl', T('''datacenter = "dc1"
data_dir   = "/opt/consul"
server     = true
bootstrap_expect = 3
bind_addr  = "{{ GetPrivateInterfaces | include \\"network\\" \\"10.20.0.0/16\\" | attr \\"address\\" }}"
retry_join = ["10.20.1.11", "10.20.1.12", "10.20.1.13"]
encrypt    = "@@GK@@"

ui_config {
  enabled = true
}

tls {
  defaults {
    ca_file         = "/etc/consul.d/tls/consul-agent-ca.pem"
    cert_file       = "/etc/consul.d/tls/dc1-server-consul-0.pem"
    key_file        = "/etc/consul.d/tls/dc1-server-consul-0-key.pem"
    verify_incoming = true
    verify_outgoing = true
  }
}

acl {
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
  tokens {
    initial_management = "@@MG@@"
    agent              = "@@AG@@"
  }
}
''', GK=rb64(32), MG=u4(), AG=u4()))

# =====================================================================================
# Negatives (look-alikes with no live credential)
# =====================================================================================

# r01 Supabase public client config: anon JWT + publishable key, server key from Vercel env
ref = supa_ref()
iat = ts()
anon = jwt({'alg': 'HS256', 'typ': 'JWT'}, {'iss': 'supabase', 'ref': ref, 'role': 'anon', 'iat': iat, 'exp': iat + 315360000})
add('r01/apps/dashboard/.env.production', T('''# Public Supabase settings - safe to commit, shipped in the client bundle.
# anon / publishable keys only reach what RLS allows. Server-only keys live in Vercel env.
NEXT_PUBLIC_SUPABASE_URL=https://@@REF@@.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY=@@ANON@@
NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY=sb_publishable_@@PUB@@
NEXT_PUBLIC_SITE_URL=https://dashboard.orbitrelay.com
# SUPABASE_SECRET_KEY is set in Vercel > Settings > Environment Variables (Sensitive)
LOG_LEVEL=info
''', REF=ref, ANON=anon, PUB=rr(22, URL) + '_' + rr(8, URL)))

# r02 Vercel workflow that only references repository secrets
add('r02/.github/workflows/preview.yml', T('''name: Vercel Preview Deployment

env:
  VERCEL_ORG_ID: ${{ secrets.VERCEL_ORG_ID }}
  VERCEL_PROJECT_ID: ${{ secrets.VERCEL_PROJECT_ID }}

on:
  push:
    branches-ignore:
      - main

jobs:
  deploy-preview:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      contents: read
    steps:
      - uses: actions/checkout@v4
      - name: Configure AWS credentials (OIDC, no static keys)
        uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::@@ACCT@@:role/gha-preview-deployer
          aws-region: us-east-1
      - name: Install Vercel CLI
        run: npm install --global vercel@latest
      - name: Pull Vercel Environment Information
        run: vercel pull --yes --environment=preview --token=${{ secrets.VERCEL_TOKEN }}
      - name: Build Project Artifacts
        run: vercel build --token=${{ secrets.VERCEL_TOKEN }}
      - name: Deploy Project Artifacts to Vercel
        run: vercel deploy --prebuilt --token=${{ secrets.VERCEL_TOKEN }}
        env:
          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
          NETLIFY_AUTH_TOKEN: ${{ secrets.NETLIFY_AUTH_TOKEN }}
''', ACCT=random.randint(10**11, 10**12 - 1)))

# r03 Kubernetes ExternalSecret + Deployment reading keys by reference
add('r03/k8s/overlays/prod/externalsecret-reports.yaml', '''apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: reports-worker
  namespace: analytics
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: aws-secrets-manager
  target:
    name: reports-worker
    creationPolicy: Owner
  data:
    - secretKey: AWS_ACCESS_KEY_ID
      remoteRef:
        key: prod/analytics/reports-worker
        property: aws_access_key_id
    - secretKey: AWS_SECRET_ACCESS_KEY
      remoteRef:
        key: prod/analytics/reports-worker
        property: aws_secret_access_key
    - secretKey: DATABASE_URL
      remoteRef:
        key: prod/analytics/reports-db
        property: url
---
apiVersion: v1
kind: Secret
metadata:
  name: reports-worker-bootstrap
  namespace: analytics
type: Opaque
stringData:
  AWS_ACCESS_KEY_ID: "<set-by-external-secrets>"
  AWS_SECRET_ACCESS_KEY: "<set-by-external-secrets>"
  DATABASE_URL: "postgresql://reports:<password>@<host>:5432/reports"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reports-worker
  namespace: analytics
spec:
  replicas: 2
  selector:
    matchLabels: { app: reports-worker }
  template:
    metadata:
      labels: { app: reports-worker }
    spec:
      serviceAccountName: reports-worker
      containers:
        - name: worker
          image: ghcr.io/analytics/reports-worker:1.4.0
          envFrom:
            - secretRef:
                name: reports-worker
''')

# r04 Helm chart: values point at an existing Secret, template renders from .Values
add('r04/helm/datadog/values-prod.yaml', '''# API/app keys come from the datadog-keys Secret (synced from Vault by ESO).
datadog:
  site: datadoghq.eu
  apiKeyExistingSecret: datadog-keys
  appKeyExistingSecret: datadog-keys
  clusterName: prod-eu-1
  tags:
    - env:prod
    - team:platform
  logs:
    enabled: true
    containerCollectAll: true

clusterAgent:
  enabled: true
  replicas: 2
''')
add('r04/charts/ticketing/templates/secret.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: {{ include "ticketing.fullname" . }}-mail
  labels:
    {{- include "ticketing.labels" . | nindent 4 }}
type: Opaque
data:
  MAILGUN_API_KEY: {{ .Values.mail.mailgunApiKey | b64enc | quote }}
  DB_PASSWORD: {{ required "postgresql.auth.password is required" .Values.postgresql.auth.password | b64enc | quote }}
  REDIS_PASSWORD: {{ .Values.redis.auth.password | default "" | b64enc | quote }}
''')
add('r04/charts/ticketing/values.yaml', '''replicaCount: 1
image:
  repository: ghcr.io/boxwood-events/ticketing
  tag: ""
postgresql:
  enabled: true
  auth:
    username: ticketing
    database: ticketing
    password: ""          # set with --set postgresql.auth.password=... or existingSecret
    existingSecret: ""
redis:
  enabled: true
  auth:
    password: ""
mail:
  provider: mailgun
  domain: mg.boxwood.events
  mailgunApiKey: ""       # injected by the deploy pipeline from Vault
''')

# r05 tfvars example with placeholders + variables marked sensitive
add('r05/infra/edge/terraform.tfvars.example', '''# Copy to terraform.tfvars and fill in. terraform.tfvars is gitignored.
project            = "relaycast-edge"
environment        = "prod"
hcloud_token       = "<hetzner-cloud-api-token>"
linode_token       = "<linode-personal-access-token>"
b2_key_id          = "<b2-key-id>"
b2_application_key = "<b2-application-key>"

locations   = ["fsn1", "hel1", "ash"]
server_type = "cpx31"
ssh_keys    = ["ops-2025"]
''')
add('r05/infra/edge/README.md', '''# edge

Provider credentials are never stored in this repo. Export them before running Terraform:

```sh
export TF_VAR_hcloud_token="$(op read 'op://Infra/hetzner-edge/credential')"
export TF_VAR_linode_token="$(op read 'op://Infra/linode-edge/credential')"
export TF_VAR_b2_application_key="$(op read 'op://Infra/b2-tfstate/application_key')"
terraform init && terraform plan
```
''')

# r06 Pulumi stack config with every secret encrypted (secure: ciphertext)
add('r06/infra/Pulumi.prod.yaml', T('''encryptionsalt: v1:@@SALT@@:v1:@@S2@@:@@S3@@
config:
  aws:region: us-east-1
  cloudflare:apiToken:
    secure: v1:@@I1@@:@@C1@@
  edge:zoneId: @@ZONE@@
  edge:originHost: origin.lanternpay.com
  edge:wafMode: block
  edge:dbPassword:
    secure: v1:@@I2@@:@@C2@@
''', SALT=rb64(8), S2=rb64(12), S3=rb64(32), I1=rb64(12), C1=rb64(56), ZONE=rhx(32), I2=rb64(12), C2=rb64(36)))
add('r06/.github/workflows/pulumi.yml', '''name: Pulumi
on:
  push:
    branches: [main]
    paths: ["infra/**"]
jobs:
  up:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
        working-directory: infra
      - uses: pulumi/actions@v6
        with:
          command: up
          stack-name: lanternpay/edge/prod
          work-dir: infra
        env:
          PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}
          PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
''')

# r07 Ansible group_vars: vault-encrypted file + vars that reference it
vault_body = rhx(64 * 12 + 20)
vault_lines = '\n'.join(vault_body[i:i + 80] for i in range(0, len(vault_body), 80))
add('r07/inventories/production/group_vars/all/vault.yml', '$ANSIBLE_VAULT;1.1;AES256\n' + vault_lines + '\n')
add('r07/inventories/production/group_vars/all/vars.yml', '''---
timezone: Europe/London
datadog_site: datadoghq.eu
datadog_api_key: "{{ vault_datadog_api_key }}"
datadog_config:
  tags:
    - "env:production"
  logs_enabled: true

postgresql_version: 16
postgresql_users:
  - name: glenmoor_app
    password: "{{ vault_glenmoor_app_db_password }}"
    db: glenmoor
ansible_become_password: "{{ vault_become_password }}"
''')

# r08 Terraform plan output from CI with sensitive values hidden and masked secrets
add('r08/ci-logs/terraform-plan-3412.log', T('''2025-04-02T09:12:44.1182Z ##[group]Run terraform plan -no-color -input=false
2025-04-02T09:12:44.1183Z env:
2025-04-02T09:12:44.1184Z   AWS_ACCESS_KEY_ID: ***
2025-04-02T09:12:44.1184Z   AWS_SECRET_ACCESS_KEY: ***
2025-04-02T09:12:44.1185Z   TF_VAR_cloudflare_api_token: ***
2025-04-02T09:12:44.1185Z ##[endgroup]
2025-04-02T09:12:51.7720Z aws_iam_user.smtp: Refreshing state... [id=ses-smtp]
2025-04-02T09:12:52.0041Z
2025-04-02T09:12:52.0042Z Terraform will perform the following actions:
2025-04-02T09:12:52.0043Z
2025-04-02T09:12:52.0044Z   # aws_iam_access_key.smtp will be created
2025-04-02T09:12:52.0045Z   + resource "aws_iam_access_key" "smtp" {
2025-04-02T09:12:52.0046Z       + create_date                    = (known after apply)
2025-04-02T09:12:52.0047Z       + encrypted_secret               = (known after apply)
2025-04-02T09:12:52.0048Z       + id                             = (known after apply)
2025-04-02T09:12:52.0049Z       + secret                         = (sensitive value)
2025-04-02T09:12:52.0050Z       + ses_smtp_password_v4           = (sensitive value)
2025-04-02T09:12:52.0051Z       + status                         = "Active"
2025-04-02T09:12:52.0052Z       + user                           = "ses-smtp"
2025-04-02T09:12:52.0053Z     }
2025-04-02T09:12:52.0054Z
2025-04-02T09:12:52.0055Z   # azurerm_key_vault_secret.sp will be updated in-place
2025-04-02T09:12:52.0056Z   ~ resource "azurerm_key_vault_secret" "sp" {
2025-04-02T09:12:52.0057Z         id    = "https://kv-core-weu.vault.azure.net/secrets/sp-client/@@KVV@@"
2025-04-02T09:12:52.0058Z       ~ value = (sensitive value)
2025-04-02T09:12:52.0059Z     }
2025-04-02T09:12:52.0060Z
2025-04-02T09:12:52.0061Z Plan: 1 to add, 1 to change, 0 to destroy.
2025-04-02T09:12:52.0062Z
2025-04-02T09:12:52.0063Z Changes to Outputs:
2025-04-02T09:12:52.0064Z   + smtp_username = (known after apply)
2025-04-02T09:12:52.0065Z   + smtp_password = (sensitive value)
2025-04-02T09:12:52.3301Z Saved the plan to: tfplan (sha256 @@SHA@@)
''', KVV=rhx(32), SHA=rhx(64)))

# r09 runbook documenting token formats with masked shapes only
add('r09/docs/runbooks/credential-rotation.md', '''# Credential rotation runbook

When secret scanning or a reviewer reports a leaked credential, identify it by its shape, revoke it
at the provider, then rotate the copy in Vault. Never paste the real value into a ticket - use the
first 4 characters and the last 4 only.

| Credential | Shape | Where to revoke |
|---|---|---|
| GitLab personal access token | `glpat-` + 20 chars | User settings > Access tokens |
| GitLab runner auth token | `glrt-` + 20 chars | CI/CD > Runners |
| GitLab deploy token | `gldt-` + 20 chars | Repository > Deploy tokens |
| GitHub classic PAT | `ghp_` + 36 chars | Settings > Developer settings |
| Netlify PAT | `nfp_` + 36 chars | User settings > Applications |
| Render API key | `rnd_` + 32 chars | Account settings > API keys |
| Fly.io token | `FlyV1 fm2_...` | `fly tokens revoke` |
| Supabase secret key | `sb_secret_...` | Project settings > API keys |
| Pulumi access token | `pul-` + 40 hex | Account > Access tokens |

Example of how to reference a token in an incident ticket:

```
Reported: glpat-AbCd****************wXyZ  (repo platform/gitops, commit 3f9c2e1)
Reported: nfp_****...****  (scripts/deploy-preview.sh)
Action:   revoked 2025-05-14 10:02 UTC by @oncall, new value stored at secret/ci/netlify
```

Rotation for Argo CD repository credentials:

```sh
NEW_TOKEN="$(vault kv get -field=token secret/ci/gitlab-argocd)"
kubectl -n argocd create secret generic repo-platform-gitops \\
  --from-literal=type=git \\
  --from-literal=url=https://gitlab.northwind-logistics.com/platform/gitops.git \\
  --from-literal=username=argocd \\
  --from-literal=password="$NEW_TOKEN" \\
  --dry-run=client -o yaml | kubectl apply -f -
```
''')

# r10 Flux Secret encrypted with SOPS/age (ciphertext only)
def enc(n):
    return 'ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]' % (rb64(n), rb64(32), rb64(16))


age_recipient = 'age1' + rr(58, 'qpzry9x8gf2tvdw0s3jn54khce6mua7l')
age_blob = rb64(180)
age_lines = '\n'.join(age_blob[i:i + 64] for i in range(0, len(age_blob), 64))
add('r10/clusters/prod/flux-system/gitlab-apps-auth.sops.yaml', T('''apiVersion: v1
kind: Secret
metadata:
    name: gitlab-apps-auth
    namespace: flux-system
type: Opaque
stringData:
    username: @@U@@
    password: @@P@@
sops:
    kms: []
    gcp_kms: []
    azure_kv: []
    hc_vault: []
    age:
        - recipient: @@AGE@@
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
@@BLOB@@
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2025-02-19T16:22:31Z"
    mac: @@MAC@@
    pgp: []
    encrypted_regex: ^(data|stringData)$
    version: 3.9.4
''', U=enc(26), P=enc(25), AGE=age_recipient,
    BLOB='\n'.join('            ' + ln for ln in age_lines.split('\n')), MAC=enc(64)))
add('r10/clusters/prod/flux-system/.sops.yaml', T('''creation_rules:
  - path_regex: .*\\.sops\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: @@AGE@@
''', AGE=age_recipient))

# r11 cloud-init with public SSH keys, pinned checksums and secrets read at boot
add('r11/cloud-init/k3s-agent.yaml', T('''#cloud-config
hostname: k3s-agent
package_update: true
packages:
  - curl
  - nfs-common

users:
  - name: ops
    groups: [sudo]
    shell: /bin/bash
    sudo: ["ALL=(ALL) NOPASSWD:ALL"]
    ssh_authorized_keys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI@@PK1@@ ops@rotation-laptop
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI@@PK2@@ ci@bastion

write_files:
  - path: /etc/rancher/k3s/config.yaml
    permissions: "0600"
    content: |
      server: https://10.40.0.10:6443
      token-file: /run/secrets/k3s-token
      node-label:
        - "pool=general"

runcmd:
  # node secrets come from the instance metadata vault agent, never from user-data
  - vault agent -config=/etc/vault-agent.hcl -exit-after-auth
  - curl -fsSLo /tmp/k3s https://github.com/k3s-io/k3s/releases/download/v1.31.4%2Bk3s1/k3s
  - echo "@@SHA@@  /tmp/k3s" | sha256sum -c -
  - install -m 0755 /tmp/k3s /usr/local/bin/k3s
  - curl -fsSL https://tailscale.com/install.sh | sh
  - tailscale up --authkey=file:/run/secrets/tailscale-authkey --advertise-tags=tag:k8s-node --ssh
  - INSTALL_K3S_SKIP_DOWNLOAD=true K3S_URL=https://10.40.0.10:6443 sh /opt/k3s-install.sh agent
  - echo "provisioned from ops/infra@@@COMMIT@@ instance @@IID@@" > /etc/motd
''', PK1=rb64(32, pad=False)[:43], PK2=rb64(32, pad=False)[:43], SHA=rhx(64), COMMIT=rhx(40), IID=u4()))

# r12 wrangler.toml with account/zone/KV/D1 identifiers only; secrets via `wrangler secret put`
add('r12/wrangler.toml', T('''name = "support-bot"
main = "src/worker.ts"
compatibility_date = "2024-11-06"
account_id = "@@ACC@@"
workers_dev = false
routes = [
  { pattern = "support.parcelnest.com/api/*", zone_id = "@@ZONE@@" }
]

# Secrets are NOT set here. Run once per environment:
#   npx wrangler secret put OPENAI_API_KEY
#   npx wrangler secret put QSTASH_TOKEN
[vars]
MODEL = "gpt-4o-mini"
MAX_TOKENS = "800"
ALLOWED_ORIGIN = "https://support.parcelnest.com"

[[kv_namespaces]]
binding = "CONVERSATIONS"
id = "@@KV@@"
preview_id = "@@KVP@@"

[[d1_databases]]
binding = "DB"
database_name = "support-bot"
database_id = "@@D1@@"

[[r2_buckets]]
binding = "ATTACHMENTS"
bucket_name = "support-attachments"
''', ACC=rhx(32), ZONE=rhx(32), KV=rhx(32), KVP=rhx(32), D1=u4()))

write()
