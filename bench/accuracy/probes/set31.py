# Usage: python3 set31.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 31 (stop 28): 2023-2026 provider tokens (AI/LLM, dev platforms, CI, registries) and new token generations
from common import A, HEX, add, ck, hx, r, start, write
start()
import base64, json, random

U = A + '_-'
LOW = 'abcdefghijklmnopqrstuvwxyz0123456789'
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
DIG = '0123456789'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx')


def g(f):
    """Draws f() again until the value holds none of the words that mark a placeholder."""
    while True:
        v = f()
        if not any(b in v.lower() for b in BAD):
            return v


def b64u(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(',', ':')).encode()).decode().rstrip('=')


# e01 OpenAI project key: sk-proj- + 74 [A-Za-z0-9_-] + T3BlbkFJ + 74 [A-Za-z0-9_-]
add('e01/.env', f'''# Local development settings for the support-bot service
NODE_ENV=development
PORT=3000
LOG_LEVEL=debug

DATABASE_URL=postgres://support@localhost:5432/support_dev
REDIS_URL=redis://localhost:6379/0

OPENAI_API_KEY={g(lambda: 'sk-proj-' + r(74, U) + 'T3BlbkFJ' + r(74, U))}
OPENAI_MODEL=gpt-4o-mini
OPENAI_MAX_TOKENS=1024

FEATURE_SUMMARIES=true
FEATURE_AUTO_TRIAGE=false
''')

# e02 OpenAI admin key: sk-admin- + 58 [A-Za-z0-9_-] + T3BlbkFJ + 58 [A-Za-z0-9_-]
add('e02/scripts/usage_report.py', f'''"""Pull last month's organization usage from the OpenAI admin API and post it to finance."""
import datetime as dt

import requests

ADMIN_KEY = "{g(lambda: 'sk-admin-' + r(58, U) + 'T3BlbkFJ' + r(58, U))}"
BASE = "https://api.openai.com/v1/organization"


def costs(start: dt.date, end: dt.date) -> list[dict]:
    params = {{
        "start_time": int(dt.datetime.combine(start, dt.time()).timestamp()),
        "end_time": int(dt.datetime.combine(end, dt.time()).timestamp()),
        "group_by": ["project_id"],
        "limit": 31,
    }}
    resp = requests.get(f"{{BASE}}/costs", params=params,
                        headers={{"Authorization": f"Bearer {{ADMIN_KEY}}"}}, timeout=30)
    resp.raise_for_status()
    return resp.json()["data"]


if __name__ == "__main__":
    today = dt.date.today()
    first = today.replace(day=1)
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    for bucket in costs(prev, first):
        for res in bucket["results"]:
            print(res["project_id"], res["amount"]["value"])
''')

# e03 OpenAI service-account key: sk-svcacct- + 74 [A-Za-z0-9_-] + T3BlbkFJ + 74 [A-Za-z0-9_-]
add('e03/deploy/k8s/secret.yaml', f'''apiVersion: v1
kind: Secret
metadata:
  name: summarizer-credentials
  namespace: ml-prod
  labels:
    app.kubernetes.io/name: summarizer
    app.kubernetes.io/part-of: docs-pipeline
type: Opaque
stringData:
  # service account "summarizer-prod" in project docs-pipeline
  api-key: {g(lambda: 'sk-svcacct-' + r(74, U) + 'T3BlbkFJ' + r(74, U))}
  model: gpt-4.1-mini
  timeout-seconds: "45"
''')

# e04 Anthropic API key: sk-ant-api03- + 93 [A-Za-z0-9_-] + AA (108 chars)
add('e04/src/llm/client.ts', f'''import Anthropic from "@anthropic-ai/sdk";

// TODO: move to the secrets manager before launch
const client = new Anthropic({{
  apiKey: "{g(lambda: 'sk-ant-api03-' + r(93, U) + 'AA')}",
  maxRetries: 3,
  timeout: 60_000,
}});

export async function summarize(text: string): Promise<string> {{
  const msg = await client.messages.create({{
    model: "claude-sonnet-4-5",
    max_tokens: 800,
    system: "Summarize the ticket in three bullet points.",
    messages: [{{ role: "user", content: text }}],
  }});
  const block = msg.content[0];
  return block.type === "text" ? block.text : "";
}}
''')

# e05 Anthropic Admin API key: sk-ant-admin01- + 93 [A-Za-z0-9_-] + AA
add('e05/ops/rotate_workspace_keys.sh', f'''#!/usr/bin/env bash
# Lists API keys in the "prod" workspace and disables the ones unused for 90 days.
set -euo pipefail

ADMIN_TOKEN='{g(lambda: 'sk-ant-admin01-' + r(93, U) + 'AA')}'
WORKSPACE_ID="${{1:?workspace id}}"

curl -sS "https://api.anthropic.com/v1/organizations/api_keys?workspace_id=${{WORKSPACE_ID}}&status=active&limit=100" \\
  -H "x-api-key: ${{ADMIN_TOKEN}}" \\
  -H "anthropic-version: 2023-06-01" \\
  | jq -r '.data[] | select(.created_at < (now - 7776000 | todate)) | .id' \\
  | while read -r key_id; do
      echo "disabling ${{key_id}}"
      curl -sS -X POST "https://api.anthropic.com/v1/organizations/api_keys/${{key_id}}" \\
        -H "x-api-key: ${{ADMIN_TOKEN}}" \\
        -H "anthropic-version: 2023-06-01" \\
        -H "content-type: application/json" \\
        -d '{{"status": "inactive"}}'
    done
''')

# e06 Groq API key: gsk_ + 52 [A-Za-z0-9] (variable name does not mention the provider)
add('e06/chatbot/config.py', f'''"""Runtime configuration for the Discord helper bot."""
from dataclasses import dataclass, field


@dataclass
class Settings:
    base_url: str = "https://api.groq.com/openai/v1"
    api_key: str = "{g(lambda: 'gsk_' + r(52))}"
    model: str = "llama-3.3-70b-versatile"
    temperature: float = 0.3
    max_history: int = 12
    allowed_channels: list[str] = field(default_factory=lambda: ["help", "general"])


settings = Settings()
''')

# e07 xAI API key: xai- + 80 [A-Za-z0-9] (key named just "token")
add('e07/config/providers.yaml', f'''# Model routing for the research assistant
default: grok
providers:
  grok:
    endpoint: https://api.x.ai/v1/chat/completions
    token: {g(lambda: 'xai-' + r(80))}
    model: grok-3-mini
    max_output_tokens: 2048
  local:
    endpoint: http://localhost:11434/v1/chat/completions
    model: qwen2.5:7b
routing:
  long_context: grok
  offline: local
retry:
  attempts: 3
  backoff_ms: 500
''')

# e08 OpenRouter API key: sk-or-v1- + 64 hex
add('e08/.github/workflows/eval.yml', f'''name: nightly-eval

on:
  schedule:
    - cron: "17 3 * * *"
  workflow_dispatch:

jobs:
  eval:
    runs-on: ubuntu-latest
    env:
      OPENAI_BASE_URL: https://openrouter.ai/api/v1
      OPENAI_API_KEY: {g(lambda: 'sk-or-v1-' + hx(64))}
      EVAL_MODELS: "anthropic/claude-3.5-haiku,google/gemini-2.0-flash-001"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -r evals/requirements.txt
      - run: python -m evals.run --suite nightly --out results.json
      - uses: actions/upload-artifact@v4
        with:
          name: eval-results
          path: results.json
''')

# e09 Replicate API token: r8_ + 37 [A-Za-z0-9] (40 chars)
add('e09/notebooks/upscale.ipynb', json.dumps({
    'cells': [
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [],
         'source': ['import os\n', 'import replicate\n', '\n',
                    f'os.environ["REPLICATE_API_TOKEN"] = "{g(lambda: "r8_" + r(37))}"\n']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [],
         'source': ['out = replicate.run(\n',
                    '    "nightmareai/real-esrgan",\n',
                    '    input={"image": open("photos/shoe_01.jpg", "rb"), "scale": 4},\n',
                    ')\n', 'print(out)\n']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
},
    'nbformat': 4, 'nbformat_minor': 5,
}, indent=1) + '\n')

# e10 Hugging Face user access token: hf_ + 34 [A-Za-z]
add('e10/Dockerfile', f'''FROM python:3.11-slim

WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 \\
    HF_HOME=/models \\
    HF_TOKEN={g(lambda: 'hf_' + r(34, A[:52]))}

RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt

# bake the gated model weights into the image
RUN python -c "from huggingface_hub import snapshot_download; snapshot_download('meta-llama/Llama-3.1-8B-Instruct')"

COPY . .
EXPOSE 8080
CMD ["uvicorn", "server:app", "--host", "0.0.0.0", "--port", "8080"]
''')

# e11 LangSmith service key: lsv2_sk_ + 32 hex + _ + 10 hex
add('e11/agent/.env.production', f'''LANGCHAIN_TRACING_V2=true
LANGCHAIN_ENDPOINT=https://api.smith.langchain.com
LANGCHAIN_PROJECT=claims-agent-prod
LANGCHAIN_API_KEY={g(lambda: 'lsv2_sk_' + hx(32) + '_' + hx(10))}

AGENT_MAX_STEPS=12
AGENT_TOOL_TIMEOUT=20
VECTOR_STORE=pgvector
PGVECTOR_DSN=postgresql://agent@db.internal:5432/claims
''')

# e12 Clerk secret key: sk_live_ + 40 [A-Za-z0-9]
add('e12/apps/web/.env.local', f'''NEXT_PUBLIC_APP_URL=https://app.trailnotes.io
NEXT_PUBLIC_CLERK_SIGN_IN_URL=/sign-in
NEXT_PUBLIC_CLERK_SIGN_UP_URL=/sign-up
NEXT_PUBLIC_CLERK_AFTER_SIGN_IN_URL=/dashboard

CLERK_SECRET_KEY={g(lambda: 'sk_live_' + r(40))}

DATABASE_URL=postgresql://trailnotes@localhost:5432/trailnotes
UPLOADTHING_APP_ID=trailnotes-web
''')

# e13 Resend API key: re_ + 8 [A-Za-z0-9] + _ + 24 [A-Za-z0-9] (named just apiKey)
add('e13/src/lib/mailer.ts', f'''import {{ Resend }} from "resend";

const apiKey = "{g(lambda: 're_' + r(8) + '_' + r(24))}";
const mail = new Resend(apiKey);

export async function sendMagicLink(to: string, link: string) {{
  const {{ data, error }} = await mail.emails.send({{
    from: "Trailnotes <login@mail.trailnotes.io>",
    to: [to],
    subject: "Your sign-in link",
    html: `<p>Click <a href="${{link}}">here</a> to sign in. The link expires in 15 minutes.</p>`,
  }});
  if (error) {{
    throw new Error(`resend: ${{error.message}}`);
  }}
  return data?.id;
}}
''')

# e14 Neon API key: napi_ + 64 [a-z0-9]
add('e14/infra/neon.tf', f'''terraform {{
  required_providers {{
    neon = {{
      source  = "kislerdm/neon"
      version = "~> 0.6"
    }}
  }}
}}

provider "neon" {{
  api_key = "{g(lambda: 'napi_' + r(64, LOW))}"
}}

resource "neon_project" "app" {{
  name       = "ledger-prod"
  region_id  = "aws-eu-central-1"
  pg_version = 16
}}

resource "neon_branch" "preview" {{
  project_id = neon_project.app.id
  name       = "preview"
}}
''')

# e15 Render API key: rnd_ + 32 [A-Za-z0-9]
add('e15/scripts/redeploy.go', f'''package main

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

const renderKey = "{g(lambda: 'rnd_' + r(32))}"

func main() {{
	if len(os.Args) < 2 {{
		fmt.Fprintln(os.Stderr, "usage: redeploy SERVICE_ID")
		os.Exit(2)
	}}
	url := fmt.Sprintf("https://api.render.com/v1/services/%s/deploys", os.Args[1])
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	req.Header.Set("Authorization", "Bearer "+renderKey)
	req.Header.Set("Accept", "application/json")
	client := &http.Client{{Timeout: 20 * time.Second}}
	resp, err := client.Do(req)
	if err != nil {{
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}}
	defer resp.Body.Close()
	fmt.Println("deploy triggered:", resp.Status)
}}
''')

# e16 Netlify personal access token: nfp_ + 36 [A-Za-z0-9] (named AUTH_TOKEN)
add('e16/.gitlab-ci.yml', f'''stages: [build, deploy]

variables:
  NODE_VERSION: "20"
  SITE_ID: 3f1c2a6e-docs-site
  AUTH_TOKEN: {g(lambda: 'nfp_' + r(36))}

build:
  stage: build
  image: node:20
  script:
    - npm ci
    - npm run build
  artifacts:
    paths: [dist/]

deploy:
  stage: deploy
  image: node:20
  script:
    - npx netlify-cli deploy --prod --dir dist --site "$SITE_ID" --auth "$AUTH_TOKEN"
  only: [main]
''')

# e17 Fly.io org deploy token: fo1_ + 43 [A-Za-z0-9_-]
add('e17/bin/deploy.sh', f'''#!/bin/sh
# Deploys the API and the worker apps to Fly from the build box.
set -e

export FLY_API_TOKEN="{g(lambda: 'fo1_' + r(43, U))}"

for app in ledger-api ledger-worker; do
  echo "==> deploying $app"
  flyctl deploy --app "$app" --config "fly/$app.toml" --remote-only --strategy rolling
done

flyctl status --app ledger-api
''')

# e18 Supabase personal access token: sbp_ + 40 hex
add('e18/supabase/.env', f'''# used by `supabase db push` and the migrations CI step
SUPABASE_ACCESS_TOKEN={g(lambda: 'sbp_' + hx(40))}
SUPABASE_PROJECT_REF={r(20, 'abcdefghijklmnopqrstuvwxyz')}
SUPABASE_DB_PASSWORD_FILE=/run/secrets/db_password
MIGRATIONS_DIR=supabase/migrations

# local stack (supabase start)
API_PORT=54321
DB_PORT=54322
STUDIO_PORT=54323
INBUCKET_PORT=54324
SEED_FILE=supabase/seed.sql
''')

# e19 Supabase service_role key: HS256 JWT with {"iss":"supabase","role":"service_role"}
add('e19/server/db.py', f'''"""Server-side Supabase client (bypasses row-level security)."""
from supabase import Client, create_client

SUPABASE_URL = "https://{r(20, 'abcdefghijklmnopqrstuvwxyz')}.supabase.co"
SUPABASE_KEY = (
    "{g(lambda: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + b64u({'iss': 'supabase', 'ref': r(20, 'abcdefghijklmnopqrstuvwxyz'), 'role': 'service_role', 'iat': (t := random.randint(1680000000, 1760000000)), 'exp': t + 315360000}) + '.' + r(43, U))}"
)

_client: Client | None = None


def admin() -> Client:
    global _client
    if _client is None:
        _client = create_client(SUPABASE_URL, SUPABASE_KEY)
    return _client


def purge_deleted_users(days: int = 30) -> int:
    res = admin().rpc("purge_deleted_users", {{"older_than_days": days}}).execute()
    return res.data or 0
''')

# e20 Doppler service token: dp.st.<config>. + 43 [A-Za-z0-9]
add('e20/docker-compose.yml', f'''services:
  api:
    build: .
    command: ["doppler", "run", "--", "node", "dist/server.js"]
    environment:
      DOPPLER_TOKEN: {g(lambda: 'dp.st.prd.' + r(43))}
      NODE_ENV: production
    ports:
      - "8080:8080"
    depends_on:
      - cache
  cache:
    image: redis:7-alpine
    volumes:
      - cache-data:/data

volumes:
  cache-data:
''')


def op_token():
    sk = 'A3-' + '-'.join(r(n, UP) for n in (6, 6, 5, 5, 5, 5))
    return 'ops_' + b64u({
        'signInAddress': 'my.1password.com',
        'userAuth': {'method': 'SRPg-4096', 'alg': 'PBES2g-HS256', 'iterations': 650000, 'salt': r(22, U)},
        'email': r(13, 'abcdefghijklmnopqrstuvwxyz234567') + '@1passwordserviceaccounts.com',
        'srpX': hx(64),
        'muk': {'alg': 'A256GCM', 'ext': True, 'k': r(43, U), 'key_ops': ['encrypt', 'decrypt'], 'kty': 'oct', 'kid': 'mp'},
        'secretKey': sk,
        'throttleSecret': {'seed': hx(64), 'deviceUuid': r(26, 'abcdefghijklmnopqrstuvwxyz234567')},
        'deviceUuid': r(26, 'abcdefghijklmnopqrstuvwxyz234567'),
    })


# e21 1Password service account token: ops_ + base64url JSON (signInAddress, srpX, muk, secretKey)
add('e21/.github/workflows/release.yml', f'''name: release

on:
  push:
    tags: ["v*"]

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Load signing secrets
        uses: 1password/load-secrets-action@v2
        with:
          export-env: true
        env:
          OP_SERVICE_ACCOUNT_TOKEN: {g(op_token)}
          SIGNING_KEY: op://release/codesign/private_key
          SIGNING_PASS: op://release/codesign/password
      - run: ./scripts/sign-and-upload.sh "${{{{ github.ref_name }}}}"
''')

# e22 Tailscale auth key: tskey-auth- + key id ending CNTRL + - + 33 [A-Za-z0-9] (named authkey)
add('e22/ansible/group_vars/edge.yml', f'''---
# Edge routers join the tailnet on first boot
tailscale_up_args:
  - --advertise-routes=10.20.0.0/16
  - --accept-dns=false
  - --ssh
authkey: {g(lambda: 'tskey-auth-k' + r(11) + 'CNTRL-' + r(33))}
tailscale_tags:
  - tag:edge
  - tag:router
node_exporter_port: 9100
ntp_servers:
  - 0.pool.ntp.org
  - 1.pool.ntp.org
''')

# e23 PostHog personal API key: phx_ + 43 [A-Za-z0-9]
add('e23/analytics/export_events.py', f'''"""Nightly export of PostHog events into the warehouse."""
import json
import sys

import httpx

HOST = "https://eu.posthog.com"
PROJECT_ID = 48213
KEY = "{g(lambda: 'phx_' + r(43))}"


def fetch(after: str):
    url = f"{{HOST}}/api/projects/{{PROJECT_ID}}/events/"
    params = {{"after": after, "limit": 1000}}
    with httpx.Client(headers={{"Authorization": f"Bearer {{KEY}}"}}, timeout=60) as c:
        while url:
            page = c.get(url, params=params).json()
            yield from page["results"]
            url, params = page.get("next"), None


if __name__ == "__main__":
    for ev in fetch(sys.argv[1]):
        sys.stdout.write(json.dumps(ev) + "\\n")
''')

# e24 GitHub fine-grained PAT: github_pat_ + 22 [A-Za-z0-9] + _ + 59 [A-Za-z0-9] (93 chars)
add('e24/tools/sync_labels.py', f'''#!/usr/bin/env python3
"""Copy the label set from the template repo to every repo in the org."""
from github import Auth, Github

TOKEN = "{g(lambda: 'github_pat_' + r(22) + '_' + r(59))}"
ORG = "northwind-labs"
TEMPLATE = "repo-template"

gh = Github(auth=Auth.Token(TOKEN))
org = gh.get_organization(ORG)
labels = {{lbl.name: lbl for lbl in org.get_repo(TEMPLATE).get_labels()}}

for repo in org.get_repos(type="sources"):
    if repo.archived or repo.name == TEMPLATE:
        continue
    have = {{lbl.name for lbl in repo.get_labels()}}
    for name, lbl in labels.items():
        if name not in have:
            repo.create_label(name=name, color=lbl.color, description=lbl.description or "")
            print(f"{{repo.full_name}}: + {{name}}")
''')

# e25 GitHub App user-to-server token: ghu_ + 30 [A-Za-z0-9] + 6-char base62 CRC32 checksum
add('e25/bot/config.json', json.dumps({
    'app_id': random.randint(300000, 1200000),
    'installation': 'northwind-labs',
    'webhook_path': '/github/events',
    'token': g(lambda: ck('ghu_')),
    'token_expires_at': '2025-09-14T18:22:05Z',
    'features': {'auto_label': True, 'stale_days': 45, 'welcome_message': True},
    'log_level': 'info',
}, indent=2) + '\n')

# e26 GitLab personal access token: glpat- + 20 [A-Za-z0-9_-] (key named "private_token")
add('e26/.python-gitlab.cfg', f'''[global]
default = work
ssl_verify = true
timeout = 10

[work]
url = https://gitlab.northwind.dev
private_token = {g(lambda: 'glpat-' + r(20, U))}
api_version = 4
per_page = 100

[public]
url = https://gitlab.com
api_version = 4
''')

# e27 GitLab runner authentication token: glrt- + 20 [A-Za-z0-9_-]
add('e27/runner/config.toml', f'''concurrent = 4
check_interval = 0
shutdown_timeout = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "build-box-02"
  url = "https://gitlab.northwind.dev"
  id = {random.randint(100, 9999)}
  token = "{g(lambda: 'glrt-' + r(20, U))}"
  executor = "docker"
  [runners.cache]
    MaxUploadedArchiveSize = 0
  [runners.docker]
    tls_verify = false
    image = "alpine:3.20"
    privileged = false
    volumes = ["/cache"]
    shm_size = 0
''')

# e28 Bitbucket app password: ATBB + 24 [A-Za-z0-9] + 8 uppercase hex checksum (32 chars)
add('e28/scripts/mirror.sh', f'''#!/usr/bin/env bash
# Mirrors the legacy Bitbucket repos into the new GitLab group every night.
set -euo pipefail

BB_USER="ci-mirror"
BB_PASS="{g(lambda: 'ATBB' + r(24) + hx(8).upper())}"
WORKDIR=/var/tmp/mirror

mkdir -p "$WORKDIR"
while read -r repo; do
  [ -z "$repo" ] && continue
  dir="$WORKDIR/$repo.git"
  if [ ! -d "$dir" ]; then
    git clone --mirror "https://${{BB_USER}}:${{BB_PASS}}@bitbucket.org/northwind/${{repo}}.git" "$dir"
  fi
  git -C "$dir" remote update --prune
  git -C "$dir" push --mirror "git@gitlab.northwind.dev:legacy/${{repo}}.git"
done < repos.txt
''')

# e29 Azure DevOps PAT (new 84-char format): 52 [A-Za-z0-9] + JQQJ99 + 1 + [A-L] + 4 + AZDO + 16
add('e29/azure-pipelines.yml', f'''trigger:
  branches:
    include: [main]

pool:
  vmImage: ubuntu-latest

variables:
  feedUrl: https://pkgs.dev.azure.com/northwind/_packaging/internal/nuget/v3/index.json
  pat: {g(lambda: r(52) + 'JQQJ99' + r(1) + random.choice('ABCDEFGHIJKL') + r(4) + 'AZDO' + r(16))}

steps:
  - task: UseDotNet@2
    inputs:
      version: 8.x
  - script: |
      dotnet nuget add source "$(feedUrl)" --name internal --username build --password "$(pat)" --store-password-in-clear-text
      dotnet restore
      dotnet build -c Release --no-restore
    displayName: build
  - script: dotnet test -c Release --no-build
    displayName: unit
''')

# e30 CircleCI personal API token: CCIPAT_ + 22 [A-Za-z0-9] + _ + 40 hex
add('e30/Makefile', f'''CIRCLE_TOKEN := {g(lambda: 'CCIPAT_' + r(22) + '_' + hx(40))}
PROJECT := gh/northwind-labs/ledger
BRANCH ?= main

.PHONY: trigger status build

build:
\tgo build -o bin/ledger ./cmd/ledger

trigger:
\tcurl -sS -X POST https://circleci.com/api/v2/project/$(PROJECT)/pipeline \\
\t  -H "Circle-Token: $(CIRCLE_TOKEN)" -H "Content-Type: application/json" \\
\t  -d '{{"branch": "$(BRANCH)"}}'

status:
\tcurl -sS https://circleci.com/api/v2/project/$(PROJECT)/pipeline?branch=$(BRANCH) \\
\t  -H "Circle-Token: $(CIRCLE_TOKEN)" | jq '.items[0].state'
''')

# e31 npm granular access token: npm_ + 30 [A-Za-z0-9] + 6-char base62 CRC32 checksum
add('e31/.npmrc', f'''registry=https://registry.npmjs.org/
@northwind:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={g(lambda: ck('npm_'))}
save-exact=true
engine-strict=true
fund=false
audit-level=high
lockfile-version=3
provenance=true
# publish from CI only; see .github/workflows/release.yml
access=public
''')

# e32 PyPI API token: pypi-AgEIcHlwaS5vcmc + macaroon body [A-Za-z0-9_-]
add('e32/.pypirc', f'''[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = {g(lambda: 'pypi-AgEIcHlwaS5vcmcCJ' + r(160, U))}

[internal]
repository = https://pypi.northwind.dev/simple/
username = ci
''')

# e33 Docker Hub personal access token: dckr_pat_ + 27 [A-Za-z0-9_-] (key named "password")
add('e33/ci/registry-login.yml', f'''# Shared step template: log in to Docker Hub before pushing images
parameters:
  image: northwind/ledger-api

registry:
  host: docker.io
  username: northwindci
  password: {g(lambda: 'dckr_pat_' + r(27, U))}

push:
  tags:
    - latest
    - "${{CI_COMMIT_SHORT_SHA}}"
  platforms: [linux/amd64, linux/arm64]
''')

# e34 RubyGems API key: rubygems_ + 48 hex
add('e34/Rakefile', f'''require "bundler/gem_tasks"
require "rspec/core/rake_task"

RSpec::Core::RakeTask.new(:spec)

ENV["GEM_HOST_API_KEY"] ||= "{g(lambda: 'rubygems_' + hx(48))}"

desc "Build and push the gem to rubygems.org"
task :publish => [:spec, :build] do
  gem_file = Dir["pkg/*.gem"].max_by {{ |f| File.mtime(f) }}
  sh "gem push #{{gem_file}}"
end

task default: :spec
''')

# e35 Stripe restricted live key: rk_live_51 + 97 [A-Za-z0-9] (107 chars)
add('e35/billing/stripe_client.go', f'''package billing

import (
	"github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/client"
)

// restricted key: read charges, write refunds
const key = "{g(lambda: 'rk_live_51' + r(97))}"

type Service struct {{
	sc *client.API
}}

func New() *Service {{
	sc := &client.API{{}}
	sc.Init(key, nil)
	return &Service{{sc: sc}}
}}

func (s *Service) Refund(chargeID string, amount int64) (*stripe.Refund, error) {{
	params := &stripe.RefundParams{{
		Charge: stripe.String(chargeID),
		Amount: stripe.Int64(amount),
	}}
	return s.sc.Refunds.New(params)
}}
''')

# e36 Stripe webhook signing secret: whsec_ + 32 [A-Za-z0-9]
add('e36/api/webhooks/stripe.py', f'''import stripe
from fastapi import APIRouter, Header, HTTPException, Request

router = APIRouter()
endpoint_secret = "{g(lambda: 'whsec_' + r(32))}"


@router.post("/webhooks/stripe")
async def stripe_webhook(request: Request, stripe_signature: str = Header(None)):
    payload = await request.body()
    try:
        event = stripe.Webhook.construct_event(payload, stripe_signature, endpoint_secret)
    except (ValueError, stripe.error.SignatureVerificationError):
        raise HTTPException(status_code=400, detail="bad signature")

    if event["type"] == "checkout.session.completed":
        session = event["data"]["object"]
        await fulfil_order(session["client_reference_id"])
    return {{"received": True}}


async def fulfil_order(order_id: str) -> None:
    ...
''')

# e37 Shopify Admin API access token (custom app): shpat_ + 32 hex
add('e37/shop/.env', f'''SHOPIFY_STORE_DOMAIN=northwind-outfitters.myshopify.com
SHOPIFY_API_VERSION=2025-01
SHOPIFY_ADMIN_ACCESS_TOKEN={g(lambda: 'shpat_' + hx(32))}
SYNC_INTERVAL_MINUTES=15
SYNC_LOCATIONS=warehouse-eu,warehouse-us

# inventory sync worker
ERP_BASE_URL=https://erp.northwind-outfitters.internal/api
ERP_TIMEOUT_SECONDS=20
LOW_STOCK_THRESHOLD=5
SLACK_ALERT_CHANNEL=#inventory-alerts
''')

# e38 Slack app-level token: xapp-1-A + 10 [0-9A-Z] + - + 13 digits + - + 64 hex
add('e38/slackbot/app.py', f'''from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

import os

app = App(token=os.environ["SLACK_BOT_TOKEN"])
SOCKET_TOKEN = "{g(lambda: 'xapp-1-A' + r(10, UP) + '-' + random.choice('123456789') + r(12, DIG) + '-' + hx(64))}"


@app.command("/oncall")
def oncall(ack, respond, command):
    ack()
    team = command.get("text", "").strip() or "platform"
    respond(f"Current on-call for *{{team}}*: see https://pager.northwind.dev/{{team}}")


@app.event("app_mention")
def mention(event, say):
    say(f"Hi <@{{event['user']}}>, try `/oncall platform`.")


if __name__ == "__main__":
    SocketModeHandler(app, SOCKET_TOKEN).start()
''')

# e39 Brevo (Sendinblue) API v3 key: xkeysib- + 64 hex + - + 16 [A-Za-z0-9] (named API_KEY)
add('e39/newsletter/.env', f'''SENDER_NAME=Northwind Outfitters
SENDER_EMAIL=news@northwind-outfitters.com
LIST_ID=7
API_BASE=https://api.brevo.com/v3
API_KEY={g(lambda: 'xkeysib-' + hx(64) + '-' + r(16))}
DOUBLE_OPT_IN_TEMPLATE=12
DOUBLE_OPT_IN_REDIRECT=https://northwind-outfitters.com/newsletter/confirmed
UNSUBSCRIBE_URL=https://northwind-outfitters.com/newsletter/unsubscribe
BATCH_SIZE=500
SEND_WINDOW=09:00-17:00
TZ=Europe/Berlin
''')

# e40 SendGrid API key: SG. + 22 [A-Za-z0-9_-] + . + 43 [A-Za-z0-9_-]
add('e40/config/mail.php', f'''<?php

return [
    'default' => env('MAIL_MAILER', 'smtp'),

    'mailers' => [
        'smtp' => [
            'transport' => 'smtp',
            'host' => 'smtp.sendgrid.net',
            'port' => 587,
            'encryption' => 'tls',
            'username' => 'apikey',
            'password' => '{g(lambda: 'SG.' + r(22, U) + '.' + r(43, U))}',
            'timeout' => null,
        ],
        'log' => [
            'transport' => 'log',
            'channel' => env('MAIL_LOG_CHANNEL'),
        ],
    ],

    'from' => [
        'address' => 'orders@northwind-outfitters.com',
        'name' => 'Northwind Outfitters',
    ],
];
''')

# e41 New Relic user API key: NRAK- + 27 [A-Z0-9]
add('e41/monitoring/newrelic.tf', f'''terraform {{
  required_providers {{
    newrelic = {{
      source = "newrelic/newrelic"
    }}
  }}
}}

provider "newrelic" {{
  account_id = {random.randint(1000000, 4999999)}
  api_key    = "{g(lambda: 'NRAK-' + r(27, UP))}"
  region     = "EU"
}}

resource "newrelic_alert_policy" "api" {{
  name                = "ledger-api"
  incident_preference = "PER_CONDITION"
}}

resource "newrelic_nrql_alert_condition" "errors" {{
  policy_id = newrelic_alert_policy.api.id
  name      = "error rate"
  nrql {{
    query = "SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = 'ledger-api'"
  }}
  critical {{
    operator              = "above"
    threshold             = 5
    threshold_duration    = 300
    threshold_occurrences = "all"
  }}
}}
''')

# e42 Grafana service account token: glsa_ + 32 [A-Za-z0-9] + _ + 8 hex
add('e42/dashboards/provision.ts', f'''import {{ readFile, readdir }} from "node:fs/promises";
import path from "node:path";

const GRAFANA_URL = "https://grafana.northwind.dev";
const token = "{g(lambda: 'glsa_' + r(32) + '_' + hx(8))}";

async function push(file: string) {{
  const dashboard = JSON.parse(await readFile(file, "utf8"));
  const res = await fetch(`${{GRAFANA_URL}}/api/dashboards/db`, {{
    method: "POST",
    headers: {{ Authorization: `Bearer ${{token}}`, "Content-Type": "application/json" }},
    body: JSON.stringify({{ dashboard, overwrite: true, folderUid: "platform" }}),
  }});
  if (!res.ok) throw new Error(`${{file}}: ${{res.status}} ${{await res.text()}}`);
}}

const dir = path.join(import.meta.dirname, "json");
for (const f of await readdir(dir)) {{
  if (f.endsWith(".json")) await push(path.join(dir, f));
}}
''')


def sentry_org_token():
    claims = '{"iat":%d.%06d,"url":"https://sentry.io","region_url":"https://us.sentry.io","org":"northwind-labs"}' % (
        random.randint(1690000000, 1760000000), random.randint(0, 999999))
    return 'sntrys_' + base64.b64encode(claims.encode()).decode() + '_' + r(43, A + '+/')


# e43 Sentry organization auth token: sntrys_ + base64 JSON {iat,url,region_url,org} + _ + 43 [A-Za-z0-9+/]
add('e43/.sentryclirc', f'''[defaults]
url = https://sentry.io/
org = northwind-labs
project = ledger-web

[auth]
token = {g(sentry_org_token)}

[log]
level = warn
''')

# e44 AWS IAM access key pair: AKIA + 16 [A-Z2-7] and 40-char [A-Za-z0-9+/] secret
add('e44/backup/settings.ini', f'''[backup]
source = /srv/ledger/uploads
bucket = northwind-ledger-backups
prefix = uploads/
region = eu-central-1
retention_days = 35
storage_class = STANDARD_IA

[credentials]
aws_access_key_id = {g(lambda: 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'))}
aws_secret_access_key = {g(lambda: r(40, A + '+/'))}

[notify]
on_failure = ops@northwind.dev
''')

# e45 DigitalOcean personal access token: dop_v1_ + 64 hex
add('e45/k8s/external-dns-values.yaml', f'''provider:
  name: digitalocean

domainFilters:
  - northwind.dev

policy: sync
txtOwnerId: doks-fra1-prod
interval: 2m

env:
  - name: DO_TOKEN
    value: {g(lambda: 'dop_v1_' + hx(64))}

resources:
  requests:
    cpu: 20m
    memory: 64Mi
''')

# ---------------------------------------------------------------- negatives (no real credential)

# o01 publishable keys only: Stripe pk_live_ and Clerk pk_live_ (base64 of the frontend API host) in a browser bundle config
add('o01/apps/web/src/config/public.ts', f'''// Values in this file are shipped to the browser. Only publishable keys belong here.
export const publicConfig = {{
  appUrl: "https://app.trailnotes.io",
  stripe: {{
    publishableKey: "{g(lambda: 'pk_live_51' + r(97))}",
    pricingTableId: "prctbl_{r(24)}",
  }},
  clerk: {{
    publishableKey: "pk_live_{base64.b64encode(b'clerk.trailnotes.io$').decode()}",
    signInUrl: "/sign-in",
  }},
  supportEmail: "help@trailnotes.io",
}} as const;
''')

# o02 documentation describing token formats with masked values
add('o02/docs/credentials.md', '''# Credentials used by the platform

Never paste a real token into an issue or this wiki. When you need to refer to one,
keep the prefix and mask the rest, as in the table below.

| Service        | Env var                   | Looks like                         |
|----------------|---------------------------|------------------------------------|
| GitHub         | `GH_TOKEN`                | `github_pat_****************`      |
| GitLab         | `GITLAB_TOKEN`            | `glpat-********************`       |
| OpenAI         | `OPENAI_API_KEY`          | `sk-proj-...XXXX`                  |
| Anthropic      | `ANTHROPIC_API_KEY`       | `sk-ant-api03-...`                 |
| Hugging Face   | `HF_TOKEN`                | `hf_...`                           |
| npm            | `NPM_TOKEN`               | `npm_<36 characters>`              |
| Slack          | `SLACK_BOT_TOKEN`         | `xoxb-<team>-<bot>-<secret>`       |
| Tailscale      | `TS_AUTHKEY`              | `tskey-auth-<id>CNTRL-<secret>`    |

Tokens live in 1Password (vault `platform`) and are injected at deploy time with
`op run --env-file=.env.tpl -- <command>`. Rotate any token that was exposed, then
record the rotation in #security with the key *id* only.
''')

# o03 code that recognises token prefixes without holding any token
add('o03/src/redact/classify.py', '''"""Classify a credential by its prefix so the audit log can name it without storing it."""

PREFIXES = [
    ("github_pat_", "github-fine-grained"),
    ("ghp_", "github-classic"),
    ("gho_", "github-oauth"),
    ("ghs_", "github-app-installation"),
    ("glpat-", "gitlab-pat"),
    ("sk-ant-admin01-", "anthropic-admin"),
    ("sk-ant-api03-", "anthropic"),
    ("sk-proj-", "openai-project"),
    ("sk-svcacct-", "openai-service-account"),
    ("xoxb-", "slack-bot"),
    ("npm_", "npm"),
    ("dckr_pat_", "docker-hub"),
]


def classify(token: str) -> str:
    for prefix, kind in PREFIXES:
        if token.startswith(prefix):
            return kind
    return "unknown"


def describe(token: str) -> str:
    """Returns e.g. 'github-classic (40 chars, ends ...a1b2)' for logs."""
    return f"{classify(token)} ({len(token)} chars, ends ...{token[-4:]})"
''')

# o04 detection rules: regex definitions for token formats, no token values
add('o04/.secret-rules.yaml', r'''# Pre-commit secret rules (patterns only)
rules:
  - id: openai-project-key
    regex: 'sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{58,74}T3BlbkFJ[A-Za-z0-9_-]{58,74}'
  - id: anthropic-key
    regex: 'sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA'
  - id: groq-key
    regex: 'gsk_[A-Za-z0-9]{52}'
  - id: github-fine-grained
    regex: 'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'
  - id: gitlab-pat
    regex: 'glpat-[A-Za-z0-9_-]{20}'
  - id: docker-hub-pat
    regex: 'dckr_pat_[A-Za-z0-9_-]{27}'
  - id: tailscale-key
    regex: 'tskey-(auth|api)-[A-Za-z0-9]+CNTRL-[A-Za-z0-9]+'
  - id: stripe-live
    regex: '(sk|rk)_live_[A-Za-z0-9]{24,}'
allowlist:
  paths:
    - '^docs/'
    - '\.secret-rules\.yaml$'
''')

# o05 redacted application log
add('o05/logs/worker-2025-06-03.log', f'''2025-06-03T09:12:44.118Z INFO  worker starting pid={random.randint(1000, 60000)} version=4.12.1
2025-06-03T09:12:44.305Z INFO  loaded config from /etc/ledger/worker.yaml
2025-06-03T09:12:44.306Z DEBUG env OPENAI_API_KEY=sk-proj-****[REDACTED] ANTHROPIC_API_KEY=[REDACTED]
2025-06-03T09:12:44.307Z DEBUG env GITHUB_TOKEN=ghs_************************************
2025-06-03T09:12:45.912Z INFO  POST https://api.anthropic.com/v1/messages 200 1432ms request_id=req_{r(24)}
2025-06-03T09:12:46.020Z DEBUG headers {{"x-api-key": "***", "anthropic-version": "2023-06-01"}}
2025-06-03T09:13:02.554Z WARN  slack post failed: token=xoxb-*** error=ratelimited retry_after=30
2025-06-03T09:13:33.001Z INFO  slack post ok channel=C{r(10, UP)} ts={random.randint(1748900000, 1748999999)}.{r(6, DIG)}
2025-06-03T09:14:10.777Z INFO  job done id={hx(8)}-{hx(4)}-{hx(4)}-{hx(4)}-{hx(12)} duration=86.2s
''')

# o06 error messages showing only truncated tokens
add('o06/docs/troubleshooting.md', f'''# Troubleshooting provider errors

## 401 from OpenAI

```
openai.AuthenticationError: Error code: 401 - {{'error': {{'message': 'Incorrect API key provided:
sk-proj-********************{r(4, LOW)}. You can find your API key at
https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}}}
```

The key in `.env` was revoked. Ask in #platform for a new project key.

## 401 from GitLab

```
ERROR: gitlab.exceptions.GitlabAuthenticationError: 401: 401 Unauthorized (token glpat-{r(3, A)}...)
```

Personal tokens expire after 90 days; create a new one under *Preferences > Access tokens*.

## npm E401

```
npm error code E401
npm error Unable to authenticate, your authentication token seems to be invalid (npm_{r(4, A)}…)
```
''')

# o07 unit-test fixtures with deliberately invalid tokens built at run time
add('o07/tests/test_classify.py', '''import pytest

from redact.classify import classify, describe

# Obviously invalid placeholders: a prefix followed by a run of one character.
CASES = [
    ("ghp_" + "0" * 36, "github-classic"),
    ("github_pat_" + "A" * 22 + "_" + "B" * 59, "github-fine-grained"),
    ("glpat-" + "z" * 20, "gitlab-pat"),
    ("sk-ant-api03-" + "a" * 93 + "AA", "anthropic"),
    ("xoxb-not-a-real-token", "slack-bot"),
    ("", "unknown"),
    ("hello", "unknown"),
]


@pytest.mark.parametrize("token,kind", CASES)
def test_classify(token, kind):
    assert classify(token) == kind


def test_describe_hides_body():
    out = describe("npm_" + "9" * 36)
    assert out.startswith("npm (40 chars")
    assert "9999999999" not in out
''')

# o08 UUIDs, commit SHAs and content hashes in a release manifest
add('o08/release/manifest.json', json.dumps({
    'release_id': f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}',
    'commit': hx(40),
    'parent': hx(40),
    'built_at': '2025-05-28T14:03:11Z',
    'artifacts': [
        {'name': 'ledger-api-linux-amd64.tar.gz', 'sha256': hx(64), 'size': random.randint(10**7, 4 * 10**7)},
        {'name': 'ledger-api-linux-arm64.tar.gz', 'sha256': hx(64), 'size': random.randint(10**7, 4 * 10**7)},
        {'name': 'ledger-web.zip', 'sha256': hx(64), 'size': random.randint(10**6, 9 * 10**6)},
    ],
    'image': {'repository': 'northwind/ledger-api', 'digest': 'sha256:' + hx(64)},
    'migration_ids': [f'{hx(8)}-{hx(4)}-4{hx(3)}-a{hx(3)}-{hx(12)}' for _ in range(3)],
}, indent=2) + '\n')

# o09 public client-side identifiers: PostHog project key phc_, Turnstile site key, GA measurement id
add('o09/site/src/analytics.js', f'''// Client-side analytics bootstrap. Every id here is public by design and visible
// in the page source; server-side keys are never imported in this bundle.
import posthog from "posthog-js";

export const ANALYTICS = {{
  posthogProjectKey: "phc_{r(43)}",
  posthogHost: "https://eu.i.posthog.com",
  gaMeasurementId: "G-{r(10, UP)}",
  turnstileSiteKey: "0x4AAAAAAA{r(14, U)}",
}};

export function initAnalytics() {{
  if (navigator.doNotTrack === "1") return;
  posthog.init(ANALYTICS.posthogProjectKey, {{
    api_host: ANALYTICS.posthogHost,
    person_profiles: "identified_only",
    capture_pageview: true,
  }});
}}
''')

# o10 CI workflow that only references secrets by name
add('o10/.github/workflows/publish.yml', '''name: publish

on:
  release:
    types: [published]

permissions:
  contents: read
  id-token: write

jobs:
  npm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci && npm run build
      - run: npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pipx run build
      - uses: pypa/gh-action-pypi-publish@release/v1  # trusted publishing, no token
  notify:
    needs: [npm, pypi]
    runs-on: ubuntu-latest
    steps:
      - run: curl -sS -X POST -H "Authorization: Bearer $SLACK_TOKEN" -d "text=released" https://slack.com/api/chat.postMessage
        env:
          SLACK_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}
''')

# o11 settings loader that reads keys from the environment and checks their shape
add('o11/app/settings.py', '''"""Load provider credentials from the environment; fail fast on obviously wrong values."""
import os
import re

_SHAPES = {
    "OPENAI_API_KEY": re.compile(r"^sk-(proj|svcacct)-[A-Za-z0-9_-]{20,}$"),
    "ANTHROPIC_API_KEY": re.compile(r"^sk-ant-api03-[A-Za-z0-9_-]{93}AA$"),
    "GROQ_API_KEY": re.compile(r"^gsk_[A-Za-z0-9]{52}$"),
    "RESEND_API_KEY": re.compile(r"^re_[A-Za-z0-9]+_[A-Za-z0-9]+$"),
}


class ConfigError(RuntimeError):
    pass


def load() -> dict[str, str]:
    out = {}
    for name, shape in _SHAPES.items():
        value = os.environ.get(name, "")
        if not value:
            raise ConfigError(f"{name} is not set")
        if not shape.match(value):
            raise ConfigError(f"{name} does not look right (starts with {value[:6]!r})")
        out[name] = value
    return out
''')

# o12 .env template with placeholders only
add('o12/.env.template', '''# Copy to .env and fill in. Never commit the filled-in file.
OPENAI_API_KEY=sk-proj-your-key-here
ANTHROPIC_API_KEY=<your anthropic key>
GROQ_API_KEY=
HF_TOKEN=hf_your_token_here
GITHUB_TOKEN=github_pat_<paste token>
STRIPE_SECRET_KEY=sk_live_<ask finance>
STRIPE_WEBHOOK_SECRET=whsec_<from dashboard>
SLACK_BOT_TOKEN=xoxb-your-bot-token
TS_AUTHKEY=tskey-auth-<generate in admin console>
DATABASE_URL=postgres://user:password@localhost:5432/app
''')

write()
