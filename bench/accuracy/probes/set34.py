# Usage: python3 set34.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 34 (stop 29): provider tokens where the surrounding name does not help
from common import start, r, hx, ck, add, write, A, HEX, B62
import base64, json, random

start()

UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
LO = 'abcdefghijklmnopqrstuvwxyz'
DIG = '0123456789'
URL = A + '-_'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx')


def tok(f):
    """Draws f() until the value holds none of the placeholder words."""
    while True:
        v = f()
        if not any(w in v.lower() for w in BAD):
            return v


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


def num(n):
    return str(random.randint(1, 9)) + r(n - 1, DIG)


# p01 AWS, access key id + secret as positional arguments to boto3.Session
kid = tok(lambda: 'AKIA' + r(16, UP + '234567'))
sec = tok(lambda: r(40, A + '/+'))
add('p01/src/archive/uploader.py', f'''"""Pushes nightly report bundles to the archive bucket."""
import datetime
import logging
import pathlib

import boto3

log = logging.getLogger(__name__)

session = boto3.Session("{kid}", "{sec}")
s3 = session.client("s3", region_name="eu-west-1")

BUCKET = "acme-report-archive"


def upload_bundle(path: pathlib.Path) -> str:
    day = datetime.date.today().isoformat()
    key = f"bundles/{{day}}/{{path.name}}"
    log.info("uploading %s to s3://%s/%s", path, BUCKET, key)
    s3.upload_file(str(path), BUCKET, key)
    return key


def prune(days: int = 30) -> int:
    cutoff = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)
    removed = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="bundles/"):
        for obj in page.get("Contents", []):
            if obj["LastModified"] < cutoff:
                s3.delete_object(Bucket=BUCKET, Key=obj["Key"])
                removed += 1
    return removed
''')

# p02 Google Cloud API key, query parameter inside a fetch URL
gk = tok(lambda: 'AIza' + r(35, URL))
add('p02/static/js/map.js', f'''// Store locator: geocodes the search box and drops markers.
const form = document.querySelector("#locator");
const list = document.querySelector("#results");

async function geocode(address) {{
  const q = encodeURIComponent(address);
  const res = await fetch(
    `https://maps.googleapis.com/maps/api/geocode/json?address=${{q}}&key={gk}`
  );
  if (!res.ok) throw new Error("geocode failed: " + res.status);
  const body = await res.json();
  return body.results.length ? body.results[0].geometry.location : null;
}}

form.addEventListener("submit", async (ev) => {{
  ev.preventDefault();
  list.innerHTML = "";
  const where = await geocode(form.elements.q.value);
  if (!where) {{
    list.textContent = "No stores near that address.";
    return;
  }}
  const stores = await (await fetch(`/api/stores?lat=${{where.lat}}&lng=${{where.lng}}`)).json();
  for (const s of stores) {{
    const li = document.createElement("li");
    li.textContent = `${{s.name}} (${{s.distance.toFixed(1)}} km)`;
    list.appendChild(li);
  }}
}});
''')

# p03 Azure Storage, connection string passed positionally
acct = 'st' + r(10, LO + DIG)
akey = tok(lambda: base64.b64encode(rb(64)).decode())
add('p03/app/blobs.py', f'''from azure.storage.blob import BlobServiceClient

svc = BlobServiceClient.from_connection_string(
    "DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={akey};EndpointSuffix=core.windows.net"
)
container = svc.get_container_client("invoices")


def put(name: str, data: bytes) -> None:
    container.upload_blob(name, data, overwrite=True)


def get(name: str) -> bytes:
    return container.download_blob(name).readall()


def names(prefix: str = "") -> list[str]:
    return [b.name for b in container.list_blobs(name_starts_with=prefix)]
''')

# p04 GitHub classic personal access token, positional to PyGithub
gh = tok(lambda: ck('ghp_'))
add('p04/tools/label_sync.py', f'''#!/usr/bin/env python3
"""Copies the label set of the template repository to every repo in the org."""
import sys

from github import Github

g = Github("{gh}")
org = g.get_organization("acme-platform")
template = {{l.name: l for l in org.get_repo("repo-template").get_labels()}}

for repo in org.get_repos():
    if repo.archived or repo.name == "repo-template":
        continue
    have = {{l.name for l in repo.get_labels()}}
    for name, label in template.items():
        if name not in have:
            repo.create_label(name, label.color, label.description or "")
            print(f"{{repo.full_name}}: + {{name}}")
sys.exit(0)
''')

# p05 GitHub fine-grained personal access token, shell export with a short name
fg = tok(lambda: 'github_pat_11' + r(20, UP + DIG) + '_' + r(59))
add('p05/scripts/bootstrap.sh', f'''#!/usr/bin/env bash
# One-time setup for a new laptop: clones the service repos and installs hooks.
set -euo pipefail

export T={fg}

mkdir -p ~/src/acme && cd ~/src/acme
for repo in api web worker infra; do
  if [ ! -d "$repo" ]; then
    git clone "https://x-access-token:${{T}}@github.com/acme-platform/${{repo}}.git"
  fi
  (cd "$repo" && git config core.hooksPath .githooks)
done

brew bundle --file=infra/Brewfile
pre-commit install --install-hooks
echo "done"
''')

# p06 GitHub App installation token, curl header in a Makefile
ghs = tok(lambda: ck('ghs_'))
add('p06/Makefile', f'''.PHONY: build release notes clean

VERSION ?= $(shell git describe --tags --abbrev=0)
REPO := acme-platform/cli

build:
\tgo build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o dist/acme ./cmd/acme

notes:
\tgit log --pretty='- %s' $(shell git describe --tags --abbrev=0 HEAD^)..HEAD > dist/NOTES.md

release: build notes
\tcurl -sSf -X POST \\
\t  -H "Accept: application/vnd.github+json" \\
\t  -H "Authorization: token {ghs}" \\
\t  https://api.github.com/repos/$(REPO)/releases \\
\t  -d "{{\\"tag_name\\":\\"$(VERSION)\\",\\"name\\":\\"$(VERSION)\\"}}"

clean:
\trm -rf dist
''')

# p07 GitLab personal access token, inside a clone URL in setup docs
glp = tok(lambda: 'glpat-' + r(20, URL))
add('p07/docs/setup.md', f'''# Local setup

You need Python 3.12, Poetry and access to the `data-eng` group on GitLab.

## Clone

The mirror job uses the shared bot account, so clone with its credentials until
your own access request is approved:

```sh
git clone https://oauth2:{glp}@gitlab.com/acme/data-eng/pipelines.git
cd pipelines
poetry install
```

## Run

```sh
poetry run dagster dev -m pipelines
```

Open http://localhost:3000 and materialize the `daily_orders` asset once to
warm the cache.

## Troubleshooting

- `psycopg.OperationalError`: start the local database with `docker compose up -d db`.
- Slow first run: the dbt manifest is rebuilt; later runs reuse it.
''')

# p08 GitLab runner authentication token, CLI flag in an Ansible task
glr = tok(lambda: 'glrt-' + r(20, URL))
add('p08/ansible/roles/runner/tasks/main.yml', f'''---
- name: Install gitlab-runner package
  ansible.builtin.apt:
    name: gitlab-runner
    state: present
    update_cache: true

- name: Check whether the runner is registered
  ansible.builtin.command: gitlab-runner list
  register: runner_list
  changed_when: false

- name: Register runner
  ansible.builtin.command: >
    gitlab-runner register --non-interactive
    --url https://gitlab.com
    --token {glr}
    --executor docker
    --docker-image alpine:3.20
    --description "{{{{ inventory_hostname }}}}"
  when: "'{{{{ inventory_hostname }}}}' not in runner_list.stderr"

- name: Ensure service is running
  ansible.builtin.service:
    name: gitlab-runner
    state: started
    enabled: true
''')

# p09 npm automation token, written into .npmrc from a Dockerfile RUN line
npm = tok(lambda: ck('npm_'))
add('p09/Dockerfile', f'''FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken={npm}" > .npmrc \\
 && npm ci --omit=dev \\
 && rm -f .npmrc

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=deps /app/node_modules ./node_modules
EXPOSE 8080
CMD ["dist/server.js"]
''')

# p10 PyPI API token, twine -p argument in a GitHub Actions workflow
def pypi():
    uid = '-'.join(hx(n) for n in (8, 4, 4, 4, 12))
    cav = b'{"version": 1, "permissions": {"projects": ["acme-sdk"]}}'
    mac = (b'\x02\x01\x08pypi.org\x02\x24' + uid.encode() + b'\x00\x02' + bytes([len(cav)]) + cav
           + b'\x00\x00\x06\x20' + rb(32))
    return 'pypi-' + b64u(mac)
pyp = tok(pypi)
add('p10/.github/workflows/release.yml', f'''name: release

on:
  push:
    tags: ["v*"]

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Build
        run: |
          python -m pip install --upgrade build twine
          python -m build
      - name: Check
        run: twine check dist/*
      - name: Upload
        run: twine upload --non-interactive -u __token__ -p {pyp} dist/*
''')

# p11 RubyGems API key, raw Authorization header in a Rakefile
rg = tok(lambda: 'rubygems_' + hx(48))
add('p11/Rakefile', f'''require "bundler/gem_tasks"
require "rspec/core/rake_task"

RSpec::Core::RakeTask.new(:spec)
task default: :spec

desc "Push the built gem without the interactive prompt"
task :ship => :build do
  gem_file = Dir["pkg/*.gem"].max_by {{ |f| File.mtime(f) }}
  abort "nothing built" unless gem_file
  sh "curl --fail -sS " \\
     "-H 'Authorization: {rg}' " \\
     "-H 'Content-Type: application/octet-stream' " \\
     "--data-binary @#{{gem_file}} https://rubygems.org/api/v1/gems"
end

desc "Remove build output"
task :clobber_pkg do
  rm_rf "pkg"
end
''')

# p12 NuGet API key, -k argument in a PowerShell script
ng = tok(lambda: 'oy2' + r(43, LO + DIG))
add('p12/build/publish.ps1', f'''param(
    [string]$Configuration = "Release",
    [switch]$SkipTests
)

$ErrorActionPreference = "Stop"
Set-Location (Split-Path $PSScriptRoot -Parent)

dotnet restore
dotnet build -c $Configuration --no-restore
if (-not $SkipTests) {{
    dotnet test -c $Configuration --no-build
}}
dotnet pack src/Acme.Client/Acme.Client.csproj -c $Configuration --no-build -o out

Get-ChildItem out/*.nupkg | ForEach-Object {{
    dotnet nuget push $_.FullName -k {ng} -s https://api.nuget.org/v3/index.json --skip-duplicate
}}
Write-Host "published"
''')

# p13 Docker Hub personal access token, piped to docker login
dh = tok(lambda: 'dckr_pat_' + r(27, URL))
add('p13/ci/push-image.sh', f'''#!/bin/sh
set -eu

IMAGE=acmeops/ingest
TAG=$(git rev-parse --short HEAD)

docker build -t "$IMAGE:$TAG" -t "$IMAGE:latest" .

echo {dh} | docker login -u acmeops --password-stdin

docker push "$IMAGE:$TAG"
docker push "$IMAGE:latest"
docker logout
''')

# p14 Stripe secret key, positional to StripeClient
sk = tok(lambda: 'sk_live_' + r(24))
add('p14/billing/charges.py', f'''from decimal import Decimal

import stripe

client = stripe.StripeClient("{sk}")


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1")))


def charge(customer_id: str, amount: Decimal, currency: str = "eur") -> str:
    intent = client.payment_intents.create(
        params={{
            "customer": customer_id,
            "amount": to_cents(amount),
            "currency": currency,
            "confirm": True,
            "off_session": True,
        }}
    )
    return intent.id


def refund(intent_id: str) -> None:
    client.refunds.create(params={{"payment_intent": intent_id}})
''')

# p15 Square production access token, markdown table cell
sq = tok(lambda: 'EAAA' + r(60))
add('p15/docs/environments.md', f'''# Environments

| Env        | POS location | API base                          | Credential |
|------------|--------------|-----------------------------------|------------|
| sandbox    | LSBX01       | https://connect.squareupsandbox.com | see 1Password |
| production | L7Q2MAIN     | https://connect.squareup.com      | `{sq}` |

Deploys to production happen from `main` only, after the nightly sync passes.

## Rotation

Tokens are rotated each quarter. After rotating, restart the `pos-sync` worker
so it picks up the new value, then watch the `square.sync.errors` metric for
ten minutes.
''')

# p16 Braintree access token, object literal in a Node service
bt = tok(lambda: 'access_token$production$' + r(16, LO + DIG) + '$' + hx(32))
add('p16/server/payments.js', f'''"use strict";
const braintree = require("braintree");

const gateway = new braintree.BraintreeGateway({{
  accessToken: "{bt}",
}});

async function clientToken(customerId) {{
  const res = await gateway.clientToken.generate({{ customerId }});
  return res.clientToken;
}}

async function sale(nonce, amount, orderId) {{
  const res = await gateway.transaction.sale({{
    amount: amount.toFixed(2),
    paymentMethodNonce: nonce,
    orderId,
    options: {{ submitForSettlement: true }},
  }});
  if (!res.success) {{
    throw new Error(res.message);
  }}
  return res.transaction.id;
}}

module.exports = {{ clientToken, sale }};
''')

# p17 Shopify Admin API access token, JSON map keyed by shop domain
sp = tok(lambda: 'shpat_' + hx(32))
add('p17/config/shops.json', f'''{{
  "sync_interval_minutes": 15,
  "api_version": "2024-07",
  "shops": {{
    "north-trail-outfitters.myshopify.com": "{sp}"
  }},
  "webhooks": [
    "orders/create",
    "orders/updated",
    "products/update",
    "inventory_levels/update"
  ],
  "warehouse": {{
    "code": "DE-LEJ-2",
    "timezone": "Europe/Berlin"
  }}
}}
''')

# p18 Slack bot token, positional to slack_sdk WebClient
xb = tok(lambda: 'xoxb-' + num(12) + '-' + num(13) + '-' + r(24))
add('p18/bots/standup.py', f'''"""Posts the daily standup thread and pings people who have not answered."""
import datetime

from slack_sdk import WebClient

slack = WebClient("{xb}")
CHANNEL = "C04QK2M7Z1L"
TEAM = ["U02ABCD1234", "U03KLM5678N", "U01ZZQ8W2PX"]


def open_thread() -> str:
    today = datetime.date.today().strftime("%A %d %B")
    res = slack.chat_postMessage(channel=CHANNEL, text=f"Standup for {{today}} - reply in thread")
    return res["ts"]


def nudge(ts: str) -> None:
    replies = slack.conversations_replies(channel=CHANNEL, ts=ts)["messages"][1:]
    answered = {{m["user"] for m in replies}}
    for user in TEAM:
        if user not in answered:
            slack.chat_postEphemeral(channel=CHANNEL, user=user, text="Standup thread is waiting for you")


if __name__ == "__main__":
    nudge(open_thread())
''')

# p19 Slack incoming webhook URL, nested JSON settings
sw = tok(lambda: 'https://hooks.slack.com/services/T' + r(10, UP + DIG) + '/B' + r(10, UP + DIG) + '/' + r(24))
add('p19/config/settings.json', f'''{{
  "service": "ledger-reconciler",
  "log_level": "info",
  "schedule": "0 3 * * *",
  "sources": ["bank-eu", "bank-us", "psp"],
  "tolerance_cents": 2,
  "alerts": {{
    "on": ["mismatch", "job_failed"],
    "target": "{sw}",
    "quiet_hours": ["22:00", "07:00"]
  }},
  "retention_days": 400
}}
''')

# p20 Discord bot token, positional to client.run
def discord():
    uid = '1' + r(18, DIG)
    ts = random.randint(1_600_000_000, 1_750_000_000) - 1_293_840_000
    return b64u(uid.encode()) + '.' + b64u(ts.to_bytes(4, 'big')) + '.' + r(38, URL)
dc = tok(discord)
add('p20/bot/main.py', f'''import discord
from discord.ext import commands

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="!", intents=intents)


@bot.event
async def on_ready():
    print(f"logged in as {{bot.user}} ({{bot.user.id}})")


@bot.command()
async def roll(ctx, sides: int = 6):
    import random
    await ctx.send(f"{{ctx.author.display_name}} rolled {{random.randint(1, sides)}}")


@bot.command()
async def ping(ctx):
    await ctx.send(f"pong {{round(bot.latency * 1000)}} ms")


bot.run("{dc}")
''')

# p21 Telegram bot token, path segment of the Bot API URL in a shell script
tg = tok(lambda: num(10) + ':AA' + r(33, URL))
add('p21/ops/notify.sh', f'''#!/usr/bin/env bash
# Sends the backup summary to the ops chat.
set -euo pipefail

CHAT=-1001843276511
LOG=/var/log/backup/last.log

status="ok"
grep -q "ERROR" "$LOG" && status="FAILED"
size=$(du -sh /srv/backup/latest | cut -f1)

curl -s -X POST "https://api.telegram.org/bot{tg}/sendMessage" \\
  -d chat_id="$CHAT" \\
  -d parse_mode=Markdown \\
  --data-urlencode text="*backup $status* on $(hostname) - $size"
''')

# p22 Twilio account SID + auth token, positional to Client
tw_sid = tok(lambda: 'AC' + hx(32))
tw_tok = tok(lambda: hx(32))
add('p22/notify/sms.py', f'''from twilio.rest import Client

client = Client("{tw_sid}", "{tw_tok}")
SENDER = "+14155550143"


def send_code(phone: str, code: str) -> str:
    msg = client.messages.create(
        to=phone,
        from_=SENDER,
        body=f"Your sign-in code is {{code}}. It expires in 10 minutes.",
    )
    return msg.sid


def delivery_status(sid: str) -> str:
    return client.messages(sid).fetch().status
''')

# p23 SendGrid API key, positional to SendGridAPIClient
sg = tok(lambda: 'SG.' + r(22, URL) + '.' + r(43, URL))
add('p23/mailer/send.py', f'''from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

sg = SendGridAPIClient("{sg}")


def welcome(to: str, name: str) -> int:
    mail = Mail(
        from_email="hello@brightlane.io",
        to_emails=to,
        subject=f"Welcome aboard, {{name}}",
        html_content=f"<p>Hi {{name}}, your workspace is ready.</p>",
    )
    res = sg.send(mail)
    return res.status_code


def digest(to: str, items: list[str]) -> int:
    body = "".join(f"<li>{{i}}</li>" for i in items)
    mail = Mail("digest@brightlane.io", to, "Your weekly digest", f"<ul>{{body}}</ul>")
    return sg.send(mail).status_code
''')

# p24 Mailgun private API key, requests basic-auth tuple
mg = tok(lambda: 'key-' + hx(32))
add('p24/app/mail.py', f'''import requests

DOMAIN = "mg.harborfreight-logistics.com"


def send(to: str, subject: str, text: str) -> str:
    res = requests.post(
        f"https://api.mailgun.net/v3/{{DOMAIN}}/messages",
        auth=("api", "{mg}"),
        data={{
            "from": f"Dispatch <dispatch@{{DOMAIN}}>",
            "to": [to],
            "subject": subject,
            "text": text,
        }},
        timeout=10,
    )
    res.raise_for_status()
    return res.json()["id"]
''')

# p25 Mailchimp API key, basic-auth password inside an API URL
mc_dc = 'us' + str(random.randint(2, 21))
mc = tok(lambda: hx(32) + '-' + mc_dc)
add('p25/scripts/export_audience.sh', f'''#!/bin/sh
# Dumps the newsletter audience to CSV for the quarterly cleanup.
set -e

LIST=4f1c2a9e7d
OUT=audience-$(date +%Y%m%d).json

curl -s "https://anystring:{mc}@{mc_dc}.api.mailchimp.com/3.0/lists/$LIST/members?count=1000&fields=members.email_address,members.status" \\
  -o "$OUT"

jq -r '.members[] | [.email_address, .status] | @csv' "$OUT" > "${{OUT%.json}}.csv"
wc -l "${{OUT%.json}}.csv"
''')

# p26 New Relic user API key, bare line in a notes file
nr = tok(lambda: 'NRAK-' + r(27, UP + DIG))
add('p26/notes.txt', f'''on-call handover, week 31
=========================

- checkout latency alert fired twice on tuesday, both during the cache flush
- disk on db-replica-2 is at 81%, ticket OPS-2291 open
- the old dashboard key was revoked on friday

for the nerdgraph queries use this one:
{nr}

- synthetics for /health moved to the EU data center
- pager rotation: mira -> tomasz -> jules
- remember to silence the staging monitors before the load run on thursday
''')

# p27 Sentry user auth token, curl bearer header in a README
st = tok(lambda: 'sntryu_' + hx(64))
add('p27/README.md', f'''# release-tools

Helpers for cutting releases of the mobile apps.

## Upload debug symbols

```sh
./gradlew assembleRelease
curl https://sentry.io/api/0/projects/acme-mobile/android/files/difs/ \\
  -H "Authorization: Bearer {st}" \\
  -F file=@app/build/outputs/mapping/release/mapping.txt
```

## Bump version

```sh
./scripts/bump.sh minor
git push --follow-tags
```

## Layout

- `scripts/` shell helpers
- `fastlane/` store metadata
- `templates/` release note templates
''')

# p28 Grafana service account token, Terraform provider argument
gs = tok(lambda: 'glsa_' + r(32) + '_' + hx(8))
add('p28/infra/grafana/main.tf', f'''terraform {{
  required_providers {{
    grafana = {{
      source  = "grafana/grafana"
      version = "~> 3.0"
    }}
  }}
}}

provider "grafana" {{
  url  = "https://grafana.internal.acme.net"
  auth = "{gs}"
}}

resource "grafana_folder" "payments" {{
  title = "Payments"
}}

resource "grafana_dashboard" "checkout" {{
  folder      = grafana_folder.payments.id
  config_json = file("${{path.module}}/dashboards/checkout.json")
}}
''')

# p29 OpenAI API key, curl bearer header in a shell helper
oa = tok(lambda: 'sk-' + r(20) + 'T3BlbkFJ' + r(20))
add('p29/bin/ask', f'''#!/usr/bin/env bash
# ask "question" - one-shot question from the terminal, answer printed as plain text
set -euo pipefail

q="${{*:-}}"
[ -z "$q" ] && {{ echo "usage: ask QUESTION" >&2; exit 2; }}

body=$(jq -n --arg q "$q" '{{model: "gpt-4o-mini", messages: [{{role: "user", content: $q}}]}}')

curl -sS https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer {oa}" \\
  -d "$body" | jq -r '.choices[0].message.content'
''')

# p30 Anthropic API key, dict value keyed by an internal user id
an = tok(lambda: 'sk-ant-api03-' + r(93, URL) + 'AA')
add('p30/service/llm_routing.py', f'''"""Per-team model routing for the summarizer service."""
from anthropic import Anthropic

MODEL = "claude-3-5-sonnet-20241022"

# billing is split per cost center; only u_4471 has its own account so far
ACCOUNTS = {{
    "u_4471": "{an}",
}}

_clients: dict[str, Anthropic] = {{}}


def client_for(user: str) -> Anthropic:
    if user not in _clients:
        _clients[user] = Anthropic(api_key=ACCOUNTS[user])
    return _clients[user]


def summarize(user: str, text: str) -> str:
    msg = client_for(user).messages.create(
        model=MODEL,
        max_tokens=400,
        messages=[{{"role": "user", "content": f"Summarize in five bullet points:\\n\\n{{text}}"}}],
    )
    return msg.content[0].text
''')

# p31 Hugging Face access token, positional to huggingface_hub.login
hf = tok(lambda: 'hf_' + r(34, UP + LO))
add('p31/train/push_model.py', f'''import argparse

from huggingface_hub import HfApi, login

login("{hf}")

parser = argparse.ArgumentParser()
parser.add_argument("checkpoint")
parser.add_argument("--repo", default="acme-research/invoice-layoutlm")
parser.add_argument("--private", action="store_true")
args = parser.parse_args()

api = HfApi()
api.create_repo(args.repo, private=args.private, exist_ok=True)
api.upload_folder(
    folder_path=args.checkpoint,
    repo_id=args.repo,
    commit_message=f"upload {{args.checkpoint}}",
    ignore_patterns=["optimizer.pt", "*.tmp"],
)
print("pushed", args.repo)
''')

# p32 Groq API key, element of a YAML list
gq = tok(lambda: 'gsk_' + r(52))
add('p32/config/llm.yaml', f'''default_model: llama-3.1-70b-versatile
timeout_s: 30
max_retries: 2

providers:
  - name: primary
    base_url: https://api.groq.com/openai/v1
    keys:
      - {gq}
  - name: local
    base_url: http://localhost:11434/v1
    keys: []

prompts:
  classify: prompts/classify.txt
  extract: prompts/extract.txt
''')

# p33 Replicate API token, object literal passed to the client constructor
rp = tok(lambda: 'r8_' + r(37))
add('p33/src/lib/upscale.ts', f'''import Replicate from "replicate";

const replicate = new Replicate({{ auth: "{rp}" }});

const MODEL = "nightmareai/real-esrgan:f121d640bd286e1fdc67f9799164c1d5be36ff74576ee11c803ae5b665dd46aa";

export async function upscale(imageUrl: string, scale = 2): Promise<string> {{
  const output = await replicate.run(MODEL, {{
    input: {{ image: imageUrl, scale, face_enhance: false }},
  }});
  if (typeof output !== "string") {{
    throw new Error("unexpected output from model");
  }}
  return output;
}}
''')

# p34 Databricks personal access token, curl bearer header in a runbook
db = tok(lambda: 'dapi' + hx(32))
add('p34/runbooks/rerun-job.md', f'''# Re-running the nightly ETL job

1. Find the failed run in the Jobs UI and note the job id (usually `784512`).
2. Check the cluster event log for spot preemptions before retrying.
3. Trigger a new run:

```bash
curl -X POST https://adb-5284019375016642.2.azuredatabricks.net/api/2.1/jobs/run-now \\
  -H "Authorization: Bearer {db}" \\
  -d '{{"job_id": 784512}}'
```

4. Watch the run; if it fails in the same task again, page the data platform
   on-call instead of retrying a third time.

| Task          | Typical duration |
|---------------|------------------|
| ingest_raw    | 12 min           |
| build_silver  | 25 min           |
| publish_gold  | 8 min            |
''')

# p35 MongoDB Atlas connection string with password, positional to MongoClient
mpw = tok(lambda: r(20))
mhost = 'cluster0.' + r(5, LO + DIG) + '.mongodb.net'
add('p35/api/db.py', f'''from pymongo import MongoClient

mongo = MongoClient("mongodb+srv://svc-api:{mpw}@{mhost}/?retryWrites=true&w=majority")
db = mongo["catalog"]


def product(sku: str) -> dict | None:
    return db.products.find_one({{"sku": sku}}, {{"_id": 0}})


def search(term: str, limit: int = 20) -> list[dict]:
    cur = db.products.find({{"$text": {{"$search": term}}}}, {{"_id": 0}}).limit(limit)
    return list(cur)


def bump_stock(sku: str, delta: int) -> None:
    db.products.update_one({{"sku": sku}}, {{"$inc": {{"stock": delta}}}})
''')

# p36 Supabase personal access token, CLI flag in a justfile
sb = tok(lambda: 'sbp_' + hx(40))
add('p36/justfile', f'''set shell := ["bash", "-cu"]

project := "qkvlwzhrnmxpcjtdsoab"

default:
    @just --list

dev:
    supabase start
    npm run dev

migrate name:
    supabase migration new {{{{name}}}}

deploy:
    supabase login --token {sb}
    supabase link --project-ref {{{{project}}}}
    supabase db push
    supabase functions deploy --project-ref {{{{project}}}}
''')

# p37 DigitalOcean personal access token, doctl flag in a Vagrant provisioner
do = tok(lambda: 'dop_v1_' + hx(64))
add('p37/Vagrantfile', f'''Vagrant.configure("2") do |config|
  config.vm.box = "ubuntu/jammy64"
  config.vm.hostname = "ops-box"

  config.vm.provider "virtualbox" do |vb|
    vb.memory = 2048
    vb.cpus = 2
  end

  config.vm.provision "shell", inline: <<-SHELL
    snap install doctl
    snap install kubectl --classic
    doctl auth init -t {do}
    doctl kubernetes cluster kubeconfig save prod-ams3
    kubectl get nodes
  SHELL
end
''')

# p38 Linear personal API key, raw Authorization header value
ln = tok(lambda: 'lin_api_' + r(40))
add('p38/tools/triage.py', f'''"""Moves stale issues in the Triage state back to Backlog."""
import datetime

import requests

GQL = "https://api.linear.app/graphql"
http = requests.Session()
http.headers.update({{"Authorization": "{ln}", "Content-Type": "application/json"}})

QUERY = """
query($before: DateTimeOrDuration!) {{
  issues(filter: {{state: {{name: {{eq: "Triage"}}}}, updatedAt: {{lt: $before}}}}) {{
    nodes {{ id identifier title }}
  }}
}}
"""


def stale(days: int = 14) -> list[dict]:
    before = (datetime.datetime.utcnow() - datetime.timedelta(days=days)).isoformat() + "Z"
    res = http.post(GQL, json={{"query": QUERY, "variables": {{"before": before}}}}, timeout=15)
    res.raise_for_status()
    return res.json()["data"]["issues"]["nodes"]


if __name__ == "__main__":
    for issue in stale():
        print(issue["identifier"], issue["title"])
''')

# p39 Pulumi access token, Authorization header in a Go HTTP call
pu = tok(lambda: 'pul-' + hx(40))
add('p39/cmd/stacks/main.go', f'''package main

import (
\t"encoding/json"
\t"fmt"
\t"log"
\t"net/http"
)

type stackList struct {{
\tStacks []struct {{
\t\tOrg     string `json:"orgName"`
\t\tProject string `json:"projectName"`
\t\tStack   string `json:"stackName"`
\t}} `json:"stacks"`
}}

func main() {{
\treq, _ := http.NewRequest("GET", "https://api.pulumi.com/api/user/stacks", nil)
\treq.Header.Set("Accept", "application/vnd.pulumi+8")
\treq.Header.Set("Authorization", "token {pu}")
\tres, err := http.DefaultClient.Do(req)
\tif err != nil {{
\t\tlog.Fatal(err)
\t}}
\tdefer res.Body.Close()
\tvar out stackList
\tif err := json.NewDecoder(res.Body).Decode(&out); err != nil {{
\t\tlog.Fatal(err)
\t}}
\tfor _, s := range out.Stacks {{
\t\tfmt.Printf("%s/%s/%s\\n", s.Org, s.Project, s.Stack)
\t}}
}}
''')

# p40 HashiCorp Vault service token, positional to hvac.Client
hv = tok(lambda: 'hvs.CAESI' + r(88, URL))
add('p40/deploy/secrets_sync.py', f'''"""Copies app settings from Vault KV into the Kubernetes secret before deploy."""
import base64
import json
import subprocess

import hvac

vault = hvac.Client("https://vault.ops.acme.net:8200", "{hv}")


def read(path: str) -> dict:
    res = vault.secrets.kv.v2.read_secret_version(path=path, mount_point="apps")
    return res["data"]["data"]


def apply(name: str, data: dict) -> None:
    manifest = {{
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {{"name": name, "namespace": "web"}},
        "data": {{k: base64.b64encode(v.encode()).decode() for k, v in data.items()}},
    }}
    subprocess.run(["kubectl", "apply", "-f", "-"], input=json.dumps(manifest).encode(), check=True)


if __name__ == "__main__":
    apply("storefront-env", read("storefront/prod"))
''')


# p41 age X25519 identity (bech32 with checksum), echoed into the sops key file
def bech32(hrp, data8):
    cs = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
    acc, bits, d5 = 0, 0, []
    for b in data8:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            d5.append((acc >> bits) & 31)
    if bits:
        d5.append((acc << (5 - bits)) & 31)
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + d5 + [0] * 6:
        top = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    chk ^= 1
    return hrp + '1' + ''.join(cs[v] for v in d5 + [(chk >> 5 * (5 - i)) & 31 for i in range(6)])
ag = tok(lambda: bech32('age-secret-key-', rb(32)).upper())
add('p41/docs/secrets.md', f'''# Encrypted config

Everything under `deploy/values/*.enc.yaml` is encrypted with sops + age.

## First time on a new machine

```sh
mkdir -p ~/.config/sops/age
echo {ag} >> ~/.config/sops/age/keys.txt
chmod 600 ~/.config/sops/age/keys.txt
```

## Editing

```sh
sops deploy/values/prod.enc.yaml
```

sops decrypts into your editor and re-encrypts on save. Do not commit the
decrypted file; the pre-commit hook refuses files without a `sops:` block.

## Adding a recipient

Add the public key to `.sops.yaml` under `creation_rules`, then run
`sops updatekeys deploy/values/*.enc.yaml`.
''')

# p42 Postman API key, query parameter in package.json scripts
pm = tok(lambda: 'PMAK-' + hx(24) + '-' + hx(34))
add('p42/package.json', f'''{{
  "name": "orders-api-contract",
  "version": "1.4.0",
  "private": true,
  "scripts": {{
    "lint": "spectral lint openapi.yaml",
    "contract": "newman run \\"https://api.getpostman.com/collections/24518873-9c1f3d2a-7b4e-4e0f-a1d6-5f2c8e9b0a13?apikey={pm}\\" -e env/staging.json",
    "bundle": "redocly bundle openapi.yaml -o dist/openapi.json"
  }},
  "devDependencies": {{
    "@redocly/cli": "^1.19.0",
    "@stoplight/spectral-cli": "^6.11.1",
    "newman": "^6.2.0"
  }}
}}
''')

# p43 Airtable personal access token, positional to pyairtable Api
at = tok(lambda: 'pat' + r(14) + '.' + hx(64))
add('p43/scripts/import_events.py', f'''import csv
import sys

from pyairtable import Api

api = Api("{at}")
table = api.table("appQ3nV8xK2mLp7Rt", "Events")

rows = []
with open(sys.argv[1], newline="") as f:
    for rec in csv.DictReader(f):
        rows.append({{
            "Name": rec["title"],
            "Date": rec["date"],
            "Venue": rec["venue"],
            "Capacity": int(rec["capacity"] or 0),
        }})

created = table.batch_create(rows, typecast=True)
print(f"imported {{len(created)}} events")
''')

# p44 Doppler personal token, CLI argument in a devcontainer hook
dp = tok(lambda: 'dp.pt.' + r(43))
add('p44/.devcontainer/post-create.sh', f'''#!/usr/bin/env bash
set -euo pipefail

curl -Ls https://cli.doppler.com/install.sh | sh
doppler configure set token {dp} --scope /workspaces/storefront
doppler setup --project storefront --config dev --no-interactive

npm ci
npx prisma generate
npx prisma migrate deploy

echo "ready: run 'doppler run -- npm run dev'"
''')

# p45 1Password service account token, Go SDK option
def op_token():
    body = {
        'signInAddress': 'my.1password.com',
        'userAuth': {'method': 'SRPg-4096', 'alg': 'PBES2g-HS256', 'iterations': 650000,
                     'salt': b64u(rb(16))},
        'email': r(13, LO + DIG) + '@1passwordserviceaccounts.com',
        'srpX': hx(64),
        'muk': {'alg': 'A256GCM', 'ext': True, 'k': b64u(rb(32)), 'key_ops': ['encrypt', 'decrypt'],
                'kty': 'oct', 'kid': 'mp'},
        'secretKey': 'A3-' + '-'.join(r(n, UP + DIG) for n in (6, 6, 5, 5, 5, 5)),
        'throttleSecret': {'seed': hx(64), 'uuid': r(26, UP + DIG)},
        'deviceUuid': r(26, LO + DIG),
    }
    return 'ops_' + base64.b64encode(json.dumps(body, separators=(',', ':')).encode()).decode()
op = tok(op_token)
add('p45/internal/secrets/client.go', f'''package secrets

import (
\t"context"
\t"fmt"

\t"github.com/1password/onepassword-sdk-go"
)

var client *onepassword.Client

func Init(ctx context.Context) error {{
\tc, err := onepassword.NewClient(ctx,
\t\tonepassword.WithServiceAccountToken("{op}"),
\t\tonepassword.WithIntegrationInfo("billing-worker", "v1.3.0"),
\t)
\tif err != nil {{
\t\treturn fmt.Errorf("1password client: %w", err)
\t}}
\tclient = c
\treturn nil
}}

func Get(ctx context.Context, ref string) (string, error) {{
\treturn client.Secrets().Resolve(ctx, ref)
}}
''')

# m01 negative: documented ghp_ placeholder made of X characters
add('m01/README.md', f'''# gh-stale

Closes pull requests that have had no activity for 60 days.

## Configure

Create a classic token with the `repo` scope and export it before running:

```sh
export GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
gh-stale --org your-org --days 60 --dry-run
```

The value above is a placeholder; the tool refuses to start if the token still
consists of `X` characters.

## Options

| Flag        | Default | Meaning                         |
|-------------|---------|---------------------------------|
| `--days`    | 60      | inactivity threshold            |
| `--label`   | stale   | label added before closing      |
| `--dry-run` | off     | print what would be closed      |
''')

# m02 negative: truncated keys with ellipses and your-token placeholders
add('m02/docs/quickstart.md', '''# Quickstart

1. Copy `.env.template` to `.env`.
2. Paste your OpenAI key (it starts with `sk-...`) into `OPENAI_API_KEY`.
3. For the Claude fallback, the key looks like `sk-ant-api03-…`; leave it empty to disable.
4. Install the Slack app and set `SLACK_BOT_TOKEN=xoxb-your-token`.

```python
from assistant import Assistant

bot = Assistant(openai_key="sk-...", slack_token="xoxb-your-token")
bot.serve(port=3000)
```

If the bot answers "401 invalid_auth", the Slack token is still the
placeholder or belongs to another workspace.
''')

# m03 negative: deploy log with masked credentials
add('m03/logs/deploy-2024-06-11.log', f'''2024-06-11T09:14:02Z INFO  deploy started run_id={hx(12)}
2024-06-11T09:14:02Z INFO  using AWS credentials AKIA**************** (profile ci)
2024-06-11T09:14:03Z INFO  aws_secret_access_key=****************************************
2024-06-11T09:14:05Z INFO  assumed role arn:aws:iam::{r(12, DIG)}:role/deployer
2024-06-11T09:14:09Z INFO  github auth: token ghp_************************************ accepted
2024-06-11T09:14:12Z INFO  Authorization: Bearer [REDACTED]
2024-06-11T09:14:40Z INFO  uploaded 214 objects to s3://acme-web-assets/releases/{hx(7)}
2024-06-11T09:15:02Z WARN  cloudfront invalidation slow (31s)
2024-06-11T09:15:20Z INFO  slack notify xoxb-***-***-*** -> #deploys
2024-06-11T09:15:21Z INFO  deploy finished in 79s
''')

# m04 negative: git log with full and short commit SHAs
shas = [hx(40) for _ in range(6)]
msgs = ['fix: handle empty cart on checkout', 'chore(deps): bump axios to 1.7.2',
        'feat: add apple pay button', 'refactor: split pricing module',
        'docs: update api changelog', 'ci: cache playwright browsers']
log_lines = '\n'.join(f'commit {s}\nAuthor: dev{i} <dev{i}@acme.io>\n\n    {m}\n' for i, (s, m) in enumerate(zip(shas, msgs)))
add('m04/docs/release-1.9.txt', f'''Release 1.9.0 - commits since 1.8.4 ({shas[-1][:7]}..{shas[0][:7]})

{log_lines}
Reverted: {shas[3][:12]} (pricing split caused a rounding regression, re-landed in {shas[2][:12]})
''')

# m05 negative: package-lock integrity hashes
def pkg(name, ver):
    return f'''    "node_modules/{name}": {{
      "version": "{ver}",
      "resolved": "https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-{ver}.tgz",
      "integrity": "sha512-{base64.b64encode(rb(64)).decode()}",
      "license": "MIT"
    }}'''
pkgs = ',\n'.join(pkg(n, v) for n, v in [('axios', '1.7.2'), ('follow-redirects', '1.15.6'),
                                          ('form-data', '4.0.0'), ('proxy-from-env', '1.1.0')])
add('m05/package-lock.json', f'''{{
  "name": "orders-client",
  "version": "0.3.1",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {{
    "": {{
      "name": "orders-client",
      "version": "0.3.1",
      "dependencies": {{
        "axios": "^1.7.2"
      }}
    }},
{pkgs}
  }}
}}
''')


# m06 negative: UUIDs as tenant, request and object identifiers
def uuid4():
    return f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}'
add('m06/fixtures/tenants.json', f'''[
  {{
    "tenant_id": "{uuid4()}",
    "name": "Northwind GmbH",
    "plan": "team",
    "owner_id": "{uuid4()}",
    "last_request_id": "{uuid4()}"
  }},
  {{
    "tenant_id": "{uuid4()}",
    "name": "Contoso Ltd",
    "plan": "enterprise",
    "owner_id": "{uuid4()}",
    "last_request_id": "{uuid4()}"
  }}
]
''')

# m07 negative: inline base64 PNG data URIs in CSS
png1 = base64.b64encode(b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00' + rb(180)).decode()
png2 = base64.b64encode(b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x18\x00\x00\x00\x18\x08\x06\x00\x00\x00' + rb(240)).decode()
add('m07/static/css/icons.css', f'''.icon {{
  display: inline-block;
  width: 16px;
  height: 16px;
  background-repeat: no-repeat;
  background-size: contain;
}}

.icon-check {{
  background-image: url("data:image/png;base64,{png1}");
}}

.icon-warning {{
  width: 24px;
  height: 24px;
  background-image: url("data:image/png;base64,{png2}");
}}
''')

# m08 negative: minified webpack chunk with mangled identifiers and chunk hashes
add('m08/dist/assets/chunk-vendors.js', f'''"use strict";(self.webpackChunkshop=self.webpackChunkshop||[]).push([[{random.randint(100, 999)}],{{{random.randint(1000, 9999)}:function(e,t,n){{n.d(t,{{Z:function(){{return Ke}}}});var r=n(7294),o=n(5893),i=n(4184),a=n.n(i);function Ke(e){{var t=e.items,n=e.onSelect,i=(0,r.useState)(0),s=i[0],c=i[1];return(0,o.jsx)("ul",{{className:a()("menu",{{open:s>0}}),children:t.map(function(e,t){{return(0,o.jsx)("li",{{onClick:function(){{c(t),n(e)}},children:e.label}},e.id)}})}})}}}}}}]);
//# sourceMappingURL=chunk-vendors.{hx(8)}.js.map
/*! runtime {hx(20)} | main.{hx(8)}.js | styles.{hx(8)}.css */
''')

# m09 negative: regexes describing token formats in a lint rule file
add('m09/lint/secret_rules.yaml', '''# Pre-commit rules: reject files that look like they contain live tokens.
rules:
  - id: aws-access-key-id
    pattern: '\\b(AKIA|ASIA)[A-Z2-7]{16}\\b'
  - id: github-token
    pattern: '\\bgh[pousr]_[A-Za-z0-9]{36}\\b'
  - id: github-fine-grained
    pattern: 'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'
  - id: slack-token
    pattern: 'xox[baprs]-[0-9A-Za-z-]{10,}'
  - id: stripe-secret
    pattern: '(sk|rk)_live_[0-9a-zA-Z]{24,}'
  - id: gitlab-pat
    pattern: 'glpat-[0-9A-Za-z_-]{20}'
  - id: openai
    pattern: 'sk-(proj-)?[A-Za-z0-9_-]{20,}'
allow:
  - '^docs/'
  - '\\.lock$'
''')

# m10 negative: env template with documented placeholder values
add('m10/.env.template', '''# Copy to .env and fill in real values. Never commit .env.
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
AWS_REGION=eu-central-1
STRIPE_SECRET_KEY=sk_live_your_key_here
SLACK_BOT_TOKEN=xoxb-your-token
SENDGRID_API_KEY=SG.your-key
DATABASE_URL=postgres://user:password@localhost:5432/app
HF_TOKEN=hf_...
''')

# m11 negative: docs table of token prefixes, values elided
add('m11/docs/tokens.md', '''# Which token goes where

| Service   | Prefix         | Looks like                 | Stored in             |
|-----------|----------------|----------------------------|-----------------------|
| GitLab    | `glpat-`       | `glpat-…`                  | vault `ci/gitlab`     |
| npm       | `npm_`         | `npm_…` (36 chars after)   | vault `ci/npm`        |
| PyPI      | `pypi-`        | `pypi-AgEI…`               | vault `ci/pypi`       |
| Docker    | `dckr_pat_`    | `dckr_pat_…`               | vault `ci/docker`     |
| Databricks| `dapi`         | `dapi<32 hex>`             | vault `data/dbx`      |
| Vault     | `hvs.`         | `hvs.<redacted>`           | never stored          |

Tokens must never appear in this repository; reference them by vault path.
''')

# m12 negative: go.sum hashes and pinned image digests
add('m12/go.sum', f'''github.com/go-chi/chi/v5 v5.0.12 h1:{base64.b64encode(rb(32)).decode()}
github.com/go-chi/chi/v5 v5.0.12/go.mod h1:{base64.b64encode(rb(32)).decode()}
github.com/google/uuid v1.6.0 h1:{base64.b64encode(rb(32)).decode()}
github.com/google/uuid v1.6.0/go.mod h1:{base64.b64encode(rb(32)).decode()}
github.com/jackc/pgx/v5 v5.6.0 h1:{base64.b64encode(rb(32)).decode()}
github.com/jackc/pgx/v5 v5.6.0/go.mod h1:{base64.b64encode(rb(32)).decode()}
golang.org/x/crypto v0.24.0 h1:{base64.b64encode(rb(32)).decode()}
golang.org/x/crypto v0.24.0/go.mod h1:{base64.b64encode(rb(32)).decode()}
# images pinned in deploy/Dockerfile
# golang:1.22-alpine@sha256:{hx(64)}
# gcr.io/distroless/static-debian12@sha256:{hx(64)}
''')

write()
