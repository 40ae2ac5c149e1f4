# Usage: python3 set45.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set45 (stop 31): a broad first scan, 2026
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)
import hashlib, hmac  # noqa: E402  (stdlib; used for the labelled RFC test vectors in a negative case)

# ---------------------------------------------------------------------------------------------
# Helpers. Every value is drawn from the seeded `random`; no credential literal lives in this file.
# ---------------------------------------------------------------------------------------------
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
URLSAFE = A + '-_'
B64AL = A + '+/'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'placeholder',
       'demo', 'redact', 'your', 'secret', 'token', 'insecure')


def ok(v: str) -> bool:
    lv = v.lower()
    return not any(b in lv for b in BAD)


def draw(fn, *a):
    """Calls fn until its value holds none of the placeholder words."""
    while True:
        v = fn(*a)
        if ok(v):
            return v


def R(n, al=A):
    return draw(r, n, al)


def H(n):
    return hx(n)


def CK(prefix):
    return draw(ck, prefix)


def rb(n):
    return bytes(random.randrange(256) for _ in range(n))


def b64(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def digits(n):
    return str(random.randint(1, 9)) + r(n - 1, DG)


def fill(tpl, **kw):
    for k, v in kw.items():
        tpl = tpl.replace('<<' + k + '>>', str(v))
    return tpl


WORDS = ['Harbor', 'Maple', 'Quartz', 'Falcon', 'Orchid', 'Copper', 'Nimbus', 'Juniper', 'Cobalt',
         'Tundra', 'Saffron', 'Granite', 'Willow', 'Ember', 'Lantern', 'Marlin', 'Heron', 'Basalt']


def human_pw():
    return draw(lambda: random.choice(WORDS) + random.choice('!#@%&*') + str(random.randint(1000, 9999))
                + r(2, LO))


def strong_pw(n=20, extra=''):
    return R(n, A + extra)


# --- provider token shapes (public documentation of each provider) ---------------------------
def aws_id():
    return 'AKIA' + R(16, UP + '234567')


def aws_secret():
    return R(40, B64AL)


def azure_storage_key():
    return draw(lambda: b64(rb(64)))


def azure_client_secret():
    return R(3, A) + '8Q~' + R(34, A + '_~.-')


def ado_pat():
    return R(76, A) + 'AZDO' + R(4, A)


def gh_fine():
    return 'github_pat_' + R(22, A) + '_' + R(59, A)


def glpat():
    return 'glpat-' + R(20, URLSAFE)


def stripe(kind):
    return kind + '_live_51' + R(97, A)


def slack_bot():
    return 'xoxb-' + digits(12) + '-' + digits(13) + '-' + R(24, A)


def slack_hook():
    return ('https://hooks.slack.com/services/T' + R(10, UP + DG) + '/B' + R(10, UP + DG) + '/'
            + R(24, A))


def sendgrid():
    return 'SG.' + R(22, URLSAFE) + '.' + R(43, URLSAFE)


def openai_key():
    mark = b64(b'OpenAI')  # the marker every current OpenAI key carries in its middle
    return 'sk-proj-' + R(74, URLSAFE) + mark + R(74, URLSAFE)


def anthropic_key():
    return 'sk-ant-api03-' + R(93, URLSAFE) + 'AA'


def hf_token():
    return 'hf_' + R(34, string.ascii_letters)


def jwt(payload, sig_bytes=32):
    head = b64u(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')).encode())
    body = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return head + '.' + body + '.' + draw(lambda: b64u(rb(sig_bytes)))


def pypi_token():
    ident = uid().encode()
    caveat = b'{"version": 1, "permissions": "user"}'
    mac = (b'\x02\x01\x08pypi.org\x02' + bytes([len(ident)]) + ident + b'\x00\x02' + bytes([len(caveat)])
           + caveat + b'\x00\x00\x06 ' + rb(32))
    return 'pypi-' + b64u(mac)


def jfrog_reference():
    exp = str(random.randint(1780000000, 1800000000))
    return draw(lambda: b64(b'reftkn:01:' + exp.encode() + b':' + r(27).encode()).rstrip('='))


def discord_bot():
    return (b64(('1' + r(18, DG)).encode()).rstrip('=') + '.G' + R(5, URLSAFE) + '.' + R(38, URLSAFE))


def telegram_bot():
    return digits(10) + ':AA' + R(33, URLSAFE)


# --- DER / PEM: keys with the real ASN.1 structure and random numbers ----------------------------
def dlen(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b


def tlv(t, v):
    return bytes([t]) + dlen(len(v)) + v


def dint(b):
    if b[0] & 0x80:
        b = b'\x00' + b
    return tlv(0x02, b)


def seq(*xs):
    return tlv(0x30, b''.join(xs))


def big(k):
    b = rb(k)
    return bytes([b[0] | 0x80]) + b[1:]


def rsa_pkcs1(bits=2048):
    n, h = bits // 8, bits // 16
    return seq(dint(b'\x00'), dint(big(n)), dint(b'\x01\x00\x01'), dint(rb(n)), dint(big(h)),
               dint(big(h)), dint(big(h)), dint(big(h)), dint(big(h)))


def rsa_pkcs8(bits=2048):
    alg = seq(tlv(0x06, bytes.fromhex('2a864886f70d010101')), b'\x05\x00')
    return seq(dint(b'\x00'), alg, tlv(0x04, rsa_pkcs1(bits)))


def ec_p256_pkcs8():
    alg = seq(tlv(0x06, bytes.fromhex('2a8648ce3d0201')), tlv(0x06, bytes.fromhex('2a8648ce3d030107')))
    inner = seq(dint(b'\x01'), tlv(0x04, rb(32)), tlv(0xa0, tlv(0x06, bytes.fromhex('2a8648ce3d030107'))),
                tlv(0xa1, tlv(0x03, b'\x00\x04' + rb(64))))
    return seq(dint(b'\x00'), alg, tlv(0x04, inner))


def wrap(s, n=64):
    return '\n'.join(s[i:i + n] for i in range(0, len(s), n))


def pem(label, der_fn):
    body = draw(lambda: b64(der_fn()))
    return '-----BEGIN ' + label + '-----\n' + wrap(body) + '\n-----END ' + label + '-----\n'


def sshstr(b):
    return len(b).to_bytes(4, 'big') + b


def openssh_ed25519(comment):
    """Returns (private key file, public key line) with a well-formed openssh-key-v1 structure."""
    pub, priv = rb(32), rb(32)
    pubblob = sshstr(b'ssh-ed25519') + sshstr(pub)
    chk = rb(4)
    body = chk + chk + sshstr(b'ssh-ed25519') + sshstr(pub) + sshstr(priv + pub) + sshstr(comment.encode())
    pad = 1
    while len(body) % 8:
        body += bytes([pad])
        pad += 1
    blob = (b'openssh-key-v1\x00' + sshstr(b'none') + sshstr(b'none') + sshstr(b'') + (1).to_bytes(4, 'big')
            + sshstr(pubblob) + sshstr(body))
    key = ('-----BEGIN OPENSSH PRIVATE KEY-----\n' + wrap(b64(blob), 70)
           + '\n-----END OPENSSH PRIVATE KEY-----\n')
    return key, 'ssh-ed25519 ' + b64(pubblob) + ' ' + comment


def gcp_sa(project, name):
    email = name + '@' + project + '.iam.gserviceaccount.com'
    return json.dumps({
        'type': 'service_account',
        'project_id': project,
        'private_key_id': H(40),
        'private_key': pem('PRIVATE KEY', rsa_pkcs8),
        'client_email': email,
        'client_id': digits(21),
        'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
        'token_uri': 'https://oauth2.googleapis.com/token',
        'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
        'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/' + email.replace('@', '%40'),
        'universe_domain': 'googleapis.com',
    }, indent=2) + '\n'


def notebook(cells):
    """cells: list of (kind, source_text, outputs_text_or_None)."""
    out = []
    n = 0
    for cell in cells:
        kind, src, res = (tuple(cell) + (None,))[:3]
        lines = src.split('\n')
        source = [ln + '\n' for ln in lines[:-1]] + [lines[-1]]
        if kind == 'markdown':
            out.append({'cell_type': 'markdown', 'metadata': {}, 'source': source})
            continue
        n += 1
        outputs = []
        if res is not None:
            rl = res.split('\n')
            outputs.append({'name': 'stdout', 'output_type': 'stream',
                            'text': [ln + '\n' for ln in rl[:-1]] + [rl[-1]]})
        out.append({'cell_type': 'code', 'execution_count': n, 'metadata': {}, 'outputs': outputs,
                    'source': source})
    return json.dumps({'cells': out, 'metadata': {
        'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'},
        'language_info': {'name': 'python', 'version': '3.11.9'}}, 'nbformat': 4, 'nbformat_minor': 5},
        indent=1) + '\n'


# =============================================================================================
# Positive cases: one client repository each
# =============================================================================================

# c01 - e-commerce storefront (Node): production .env committed with AWS keys and DB password
add('c01/.env', fill('''# Larkspur Goods storefront API
# copied from the prod box so local matches prod -- do not edit casually
NODE_ENV=production
PORT=8080
LOG_LEVEL=info
APP_URL=https://shop.larkspurgoods.com
CORS_ORIGINS=https://shop.larkspurgoods.com,https://admin.larkspurgoods.com
SESSION_COOKIE_NAME=lk_sid
SESSION_TTL_HOURS=72

# Postgres (RDS)
PGHOST=larkspur-prod.cluster-<<rds>>.us-east-1.rds.amazonaws.com
PGPORT=5432
PGDATABASE=storefront
PGUSER=storefront_app
PGPASSWORD=<<pgpw>>
PG_POOL_MAX=20

# Product media on S3 + CloudFront
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=<<akid>>
AWS_SECRET_ACCESS_KEY=<<secret>>
S3_BUCKET=larkspur-product-media
CLOUDFRONT_DOMAIN=d<<cf>>.cloudfront.net

# misc
FEATURE_GIFT_CARDS=true
FEATURE_WISHLIST=false
ORDER_EXPORT_CRON=0 3 * * *
''', rds=R(12, LO + DG), pgpw=strong_pw(24), akid=aws_id(), secret=aws_secret(), cf=R(13, LO + DG)))
add('c01/src/lib/s3.js', '''const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
require('dotenv').config();

const s3 = new S3Client({ region: process.env.AWS_REGION });

async function uploadProductImage(sku, buffer, contentType) {
  const key = `products/${sku}/${Date.now()}.jpg`;
  await s3.send(new PutObjectCommand({
    Bucket: process.env.S3_BUCKET,
    Key: key,
    Body: buffer,
    ContentType: contentType,
    CacheControl: 'public, max-age=31536000, immutable',
  }));
  return `https://${process.env.CLOUDFRONT_DOMAIN}/${key}`;
}

module.exports = { uploadProductImage };
''')

# c02 - logistics company (Terraform): static keys in the provider block
add('c02/infra/main.tf', fill('''terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "tidewater-tfstate-prod"
    key            = "network/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "tidewater-tf-locks"
    encrypt        = true
  }
}

# TODO(mk): switch to the CI role once the OIDC trust is set up
provider "aws" {
  region     = var.region
  access_key = "<<akid>>"
  secret_key = "<<secret>>"

  default_tags {
    tags = {
      Project     = "tms"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name = "tms-${var.environment}"
  cidr = "10.40.0.0/16"

  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = ["10.40.1.0/24", "10.40.2.0/24", "10.40.3.0/24"]
  public_subnets  = ["10.40.101.0/24", "10.40.102.0/24", "10.40.103.0/24"]

  enable_nat_gateway = true
  single_nat_gateway = var.environment != "prod"
}

resource "aws_s3_bucket" "manifests" {
  bucket = "tidewater-${var.environment}-shipping-manifests"
}

resource "aws_s3_bucket_versioning" "manifests" {
  bucket = aws_s3_bucket.manifests.id
  versioning_configuration {
    status = "Enabled"
  }
}
''', akid=aws_id(), secret=aws_secret()))
add('c02/infra/variables.tf', '''variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "prod"
}
''')

# c03 - analytics firm (Python ETL): keys passed positionally to boto3.Session via a tuple
add('c03/etl/upload_reports.py', fill('''"""Nightly job: render client PDF reports and push them to the delivery bucket."""
import datetime as dt
import logging
import pathlib

import boto3

from etl.render import render_all

log = logging.getLogger("upload_reports")

BUCKET = "quillfeather-client-deliveries"
REGION = "us-west-2"
# service user "svc-report-uploader" (IAM) -- keys rotated 2025-09
_CREDS = ("<<akid>>", "<<secret>>")

session = boto3.Session(*_CREDS, region_name=REGION)
s3 = session.client("s3")


def upload(path: pathlib.Path, client_slug: str) -> str:
    key = f"{client_slug}/{dt.date.today():%Y/%m}/{path.name}"
    s3.upload_file(str(path), BUCKET, key, ExtraArgs={"ServerSideEncryption": "AES256"})
    log.info("uploaded %s -> s3://%s/%s", path, BUCKET, key)
    return key


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    for client_slug, pdf in render_all(pathlib.Path("/tmp/reports")):
        upload(pdf, client_slug)


if __name__ == "__main__":
    main()
''', akid=aws_id(), secret=aws_secret()))

# c04 - healthcare provider: onboarding notes in Markdown with the shared staging key pair
add('c04/docs/onboarding.md', fill('''# Engineering onboarding

Welcome to the Brackenridge Health platform team! This page gets you from zero to a running
patient-portal stack in about an hour.

## 1. Accounts

- GitHub: ask in #eng-help to be added to `brackenridge-health/engineering`.
- 1Password: you will be invited to the *Platform* vault on day one.
- AWS: SSO is being rolled out; until then use the shared staging user below.

## 2. Staging AWS (shared `staging-dev` user)

Put these in `~/.aws/credentials` under a `[bh-staging]` profile:

```ini
[bh-staging]
aws_access_key_id = <<akid>>
aws_secret_access_key = <<secret>>
region = us-east-2
```

Then check you can reach the bucket: `aws --profile bh-staging s3 ls s3://bh-staging-uploads/`.

## 3. Local database

```bash
docker compose up -d postgres
psql "postgresql://portal:<<dbpw>>@staging-db.internal.bhealth.net:5432/portal" -c '\\dt'
```

## 4. Running the portal

```bash
pnpm install
pnpm dev --filter portal-web
```

Ping @ana or @rohit if something does not work.
''', akid=aws_id(), secret=aws_secret(), dbpw=human_pw()))

# c05 - media company: GCP service-account key file committed next to the loader
_c05_project = 'ostrander-media-' + r(6, DG)
add('c05/config/bigquery-loader-sa.json', gcp_sa(_c05_project, 'bq-loader'))
add('c05/src/load_events.py', '''import os
from google.cloud import bigquery
from google.oauth2 import service_account

KEY_PATH = os.path.join(os.path.dirname(__file__), "..", "config", "bigquery-loader-sa.json")
creds = service_account.Credentials.from_service_account_file(KEY_PATH)
client = bigquery.Client(credentials=creds, project=creds.project_id)

job_config = bigquery.LoadJobConfig(
    source_format=bigquery.SourceFormat.NEWLINE_DELIMITED_JSON,
    write_disposition=bigquery.WriteDisposition.WRITE_APPEND,
    autodetect=False,
)


def load(uri: str, table: str = "analytics.player_events") -> None:
    job = client.load_table_from_uri(uri, table, job_config=job_config)
    job.result()
    print(f"loaded {job.output_rows} rows into {table}")
''')

# c06 - robotics firm: GCP key inside a Kubernetes Secret, base64-encoded (data:)
_c06_sa = gcp_sa('pemberton-vision-prod', 'inference-runner')
add('c06/k8s/overlays/prod/gcp-credentials.yaml', fill('''apiVersion: v1
kind: Secret
metadata:
  name: gcp-inference-sa
  namespace: vision
  labels:
    app.kubernetes.io/part-of: vision-pipeline
type: Opaque
data:
  key.json: <<blob>>
''', blob=b64(_c06_sa.encode())))
add('c06/k8s/overlays/prod/deployment-patch.yaml', '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: inference-runner
  namespace: vision
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: runner
          image: europe-west4-docker.pkg.dev/pemberton-vision-prod/vision/runner:2.14.0
          env:
            - name: GOOGLE_APPLICATION_CREDENTIALS
              value: /var/secrets/google/key.json
          volumeMounts:
            - name: gcp-sa
              mountPath: /var/secrets/google
              readOnly: true
      volumes:
        - name: gcp-sa
          secret:
            secretName: gcp-inference-sa
''')
add('c06/k8s/overlays/prod/kustomization.yaml', '''apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: vision
resources:
  - ../../base
  - gcp-credentials.yaml
patches:
  - path: deployment-patch.yaml
images:
  - name: runner
    newTag: 2.14.0
''')

# c07 - insurer (.NET): Azure Storage account key and SQL password in appsettings.Production.json
add('c07/src/Claims.Api/appsettings.Production.json', json.dumps({
    'Logging': {'LogLevel': {'Default': 'Information', 'Microsoft.AspNetCore': 'Warning'}},
    'AllowedHosts': '*',
    'ConnectionStrings': {
        'ClaimsDb': ('Server=tcp:halvorsen-sql-prod.database.windows.net,1433;Initial Catalog=claims;'
                     'Persist Security Info=False;User ID=claimsapp;Password=' + strong_pw(22, '!%*') +
                     ';MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;'
                     'Connection Timeout=30;'),
        'DocumentStore': ('DefaultEndpointsProtocol=https;AccountName=halvorsenclaimsdocs;AccountKey=' +
                          azure_storage_key() + ';EndpointSuffix=core.windows.net'),
    },
    'Claims': {'MaxAttachmentMb': 25, 'ContainerName': 'claim-attachments', 'RetentionDays': 2555},
    'ApplicationInsights': {'ConnectionString': 'InstrumentationKey=' + uid() +
                            ';IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/'},
}, indent=2) + '\n')

# c08 - SaaS lab (Azure Functions): Entra ID client secret in local.settings.json
add('c08/functions/local.settings.json', json.dumps({
    'IsEncrypted': False,
    'Values': {
        'AzureWebJobsStorage': 'UseDevelopmentStorage=true',
        'FUNCTIONS_WORKER_RUNTIME': 'python',
        'AZURE_TENANT_ID': uid(),
        'AZURE_CLIENT_ID': uid(),
        'AZURE_CLIENT_SECRET': azure_client_secret(),
        'GRAPH_SCOPE': 'https://graph.microsoft.com/.default',
        'SHAREPOINT_SITE': 'corvidlabs.sharepoint.com:/sites/Contracts',
        'SYNC_SCHEDULE': '0 */15 * * * *',
    },
    'Host': {'LocalHttpPort': 7071, 'CORS': '*'},
}, indent=2) + '\n')
add('c08/functions/sync_contracts/__init__.py', '''import logging
import os

import azure.functions as func
from azure.identity import ClientSecretCredential
from msgraph import GraphServiceClient

cred = ClientSecretCredential(
    tenant_id=os.environ["AZURE_TENANT_ID"],
    client_id=os.environ["AZURE_CLIENT_ID"],
    client_secret=os.environ["AZURE_CLIENT_SECRET"],
)
graph = GraphServiceClient(cred, scopes=[os.environ["GRAPH_SCOPE"]])


async def main(timer: func.TimerRequest) -> None:
    logging.info("contract sync started (past due: %s)", timer.past_due)
''')

# c09 - food distributor (PowerShell): Azure DevOps PAT for a repo mirror script
add('c09/scripts/Sync-Repos.ps1', fill('''<#
.SYNOPSIS
  Mirrors every repository of the ERP project to the backup share.
  Runs nightly from the build server (task "ADO mirror").
#>
param(
    [string]$Organization = "marchetti-foods",
    [string]$Project = "ERP",
    [string]$Target = "\\\\nas01\\backup\\ado"
)

$ErrorActionPreference = "Stop"
$pat = "<<pat>>"
$auth = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(":$pat"))
$headers = @{ Authorization = "Basic $auth" }

$uri = "https://dev.azure.com/$Organization/$Project/_apis/git/repositories?api-version=7.1"
$repos = (Invoke-RestMethod -Uri $uri -Headers $headers -Method Get).value

foreach ($repo in $repos) {
    $dest = Join-Path $Target $repo.name
    if (Test-Path $dest) {
        git -C $dest -c http.extraheader="AUTHORIZATION: Basic $auth" remote update --prune
    } else {
        git -c http.extraheader="AUTHORIZATION: Basic $auth" clone --mirror $repo.remoteUrl $dest
    }
    Write-Host "mirrored $($repo.name)"
}
''', pat=ado_pat()))

# c10 - game studio (shell): DigitalOcean and Cloudflare tokens exported in a provisioning script
add('c10/ops/provision.sh', fill('''#!/usr/bin/env bash
# Spin up a new regional game server and point DNS at it.
# usage: ./provision.sh fra1 eu-3
set -euo pipefail

REGION="${1:?region}"
NAME="kestrel-gs-${2:?name}"

export DIGITALOCEAN_ACCESS_TOKEN="<<dotoken>>"
CF_API_TOKEN='<<cftoken>>'
CF_ZONE_ID=<<zone>>

doctl compute droplet create "$NAME" \\
  --region "$REGION" \\
  --size c-8 \\
  --image ubuntu-24-04-x64 \\
  --ssh-keys 41388210 \\
  --tag-names gameserver,prod \\
  --wait

IP=$(doctl compute droplet get "$NAME" --format PublicIPv4 --no-header)

curl -sf -X POST "https://api.cloudflare.com/client/v4/zones/${CF_ZONE_ID}/dns_records" \\
  -H "Authorization: Bearer ${CF_API_TOKEN}" \\
  -H "Content-Type: application/json" \\
  --data "{\\"type\\":\\"A\\",\\"name\\":\\"${2}.play.kestrelgames.gg\\",\\"content\\":\\"${IP}\\",\\"ttl\\":120,\\"proxied\\":false}"

echo "server ${NAME} up at ${IP}"
''', dotoken='dop_v1_' + H(64), cftoken=R(40, URLSAFE), zone=H(32)))
add('c10/ops/Dockerfile.gameserver', '''FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libstdc++6 \\
    && rm -rf /var/lib/apt/lists/*
COPY build/linux/ /opt/kestrel/
EXPOSE 7777/udp
USER 1000
ENTRYPOINT ["/opt/kestrel/KestrelServer.x86_64", "-batchmode", "-nographics"]
''')

# c11 - law firm portal: GitHub classic PAT embedded in a remote URL of a release script
add('c11/scripts/release.sh', fill('''#!/bin/sh
# Tag and push a release of the contracts portal.
# The Jenkins agent has no SSH key for GitHub, so we push over HTTPS as the bot user.
set -e

VERSION=$(node -p "require('./package.json').version")
git config user.name  "ambergate-release-bot"
git config user.email "release-bot@ambergatelegal.co.uk"

git remote set-url origin https://ambergate-release-bot:<<pat>>@github.com/ambergate-legal/contracts-portal.git

npm ci
npm run build
git add -f dist/
git commit -m "chore(release): v${VERSION}" || true
git tag -a "v${VERSION}" -m "Release v${VERSION}"
git push origin HEAD:main --follow-tags
''', pat=CK('ghp_')))

# c12 - telecom (TOML): GitLab runner config with runner token and MinIO cache keys
add('c12/ci/gitlab-runner/config.toml', fill('''concurrent = 6
check_interval = 0
shutdown_timeout = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "fenwick-docker-02"
  url = "https://gitlab.fenwick-telecom.net"
  id = 214
  token = "<<runner>>"
  token_obtained_at = 2025-11-03T09:12:44Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  [runners.cache]
    Type = "s3"
    Shared = true
    [runners.cache.s3]
      ServerAddress = "minio.ci.fenwick-telecom.net"
      AccessKey = "<<ak>>"
      SecretKey = "<<sk>>"
      BucketName = "runner-cache"
      Insecure = false
  [runners.docker]
    tls_verify = false
    image = "alpine:3.20"
    privileged = true
    disable_entrypoint_overwrite = false
    oom_kill_disable = false
    disable_cache = false
    volumes = ["/cache", "/var/run/docker.sock:/var/run/docker.sock"]
    shm_size = 0
    network_mtu = 0
''', runner='glrt-' + R(20, URLSAFE), ak=R(20, UP + DG), sk=R(40, A)))

# c13 - open-source foundation: fine-grained GitHub token hard-coded in a Jupyter notebook
_c13_tok = gh_fine()
add('c13/notebooks/contributor_stats.ipynb', notebook([
    ('markdown', '# Contributor statistics, 2025\n\nPulls merged PRs for every repo in the org and '
                 'counts first-time contributors per quarter.'),
    ('code', 'import requests\nimport pandas as pd\n\nORG = "nightjar-oss"\nGITHUB_TOKEN = "' + _c13_tok +
             '"\nHEADERS = {"Authorization": f"Bearer {GITHUB_TOKEN}",\n'
             '           "Accept": "application/vnd.github+json",\n'
             '           "X-GitHub-Api-Version": "2022-11-28"}', None),
    ('code', 'repos = requests.get(f"https://api.github.com/orgs/{ORG}/repos?per_page=100", '
             'headers=HEADERS).json()\nlen(repos)', '37'),
    ('code', 'rows = []\nfor repo in repos:\n    url = f"https://api.github.com/repos/{ORG}/{repo[\'name\']}'
             '/pulls?state=closed&per_page=100"\n    for pr in requests.get(url, headers=HEADERS).json():\n'
             '        if pr.get("merged_at"):\n            rows.append({"repo": repo["name"], '
             '"author": pr["user"]["login"], "merged_at": pr["merged_at"]})\n'
             'df = pd.DataFrame(rows)\ndf["quarter"] = pd.to_datetime(df.merged_at).dt.to_period("Q")\n'
             'print(df.groupby("quarter").author.nunique())',
     'quarter\n2025Q1    41\n2025Q2    57\n2025Q3    49\n2025Q4    62\nFreq: Q-DEC, Name: author, dtype: int64'),
]))

# c14 - bank (Jenkins configuration-as-code): GitLab token, Bitbucket app password, Atlassian token
add('c14/jenkins/casc/jenkins.yaml', fill('''jenkins:
  systemMessage: "Ravensworth CI -- configured by JCasC, manual changes will be overwritten"
  numExecutors: 0
  mode: EXCLUSIVE
  securityRealm:
    ldap:
      configurations:
        - server: "ldaps://ldap.ravensworth.internal:636"
          rootDN: "dc=ravensworth,dc=internal"
          managerDN: "cn=svc-jenkins,ou=services,dc=ravensworth,dc=internal"
          managerPasswordSecret: "${LDAP_BIND_PASSWORD}"
  authorizationStrategy:
    roleBased:
      roles:
        global:
          - name: "admin"
            permissions: ["Overall/Administer"]
            entries:
              - group: "jenkins-admins"

credentials:
  system:
    domainCredentials:
      - credentials:
          - string:
              scope: GLOBAL
              id: "gitlab-api"
              description: "GitLab API (svc-jenkins)"
              secret: "<<glpat>>"
          - usernamePassword:
              scope: GLOBAL
              id: "bitbucket-legacy"
              description: "Bitbucket Cloud, legacy mobile repos"
              username: "ravensworth-ci"
              password: "<<atbb>>"
          - string:
              scope: GLOBAL
              id: "jira-release-notes"
              description: "Jira API token for release notes"
              secret: "<<atatt>>"

unclassified:
  location:
    url: "https://jenkins.ravensworth.internal/"
  gitLabConnectionConfig:
    connections:
      - name: "gitlab"
        url: "https://gitlab.ravensworth.internal"
        apiTokenId: "gitlab-api"
        clientBuilderId: "autodetect"
''', glpat=glpat(), atbb='ATBB' + R(28, A) + H(8).upper(),
     atatt='ATATT3xFfGF0' + R(171, URLSAFE) + '=' + H(8).upper()))

# c15 - film studio: a docker config.json whose "auth" fields are base64(user:token)
add('c15/ci/docker/config.json', json.dumps({
    'auths': {
        'https://index.docker.io/v1/': {'auth': b64(('solanobuild:dckr_pat_' + R(27, URLSAFE)).encode())},
        'ghcr.io': {'auth': b64(('solano-ci:' + CK('ghp_')).encode())},
    },
    'HttpHeaders': {'User-Agent': 'Docker-Client/24.0.7 (linux)'},
    'credsStore': '',
}, indent='\t') + '\n')
add('c15/Makefile', '''IMAGE ?= solanostudios/render-farm
TAG   ?= $(shell git rev-parse --short HEAD)
DOCKER := docker --config ci/docker

.PHONY: build push

build:
\t$(DOCKER) build -t $(IMAGE):$(TAG) -t ghcr.io/$(IMAGE):$(TAG) .

push: build
\t$(DOCKER) push $(IMAGE):$(TAG)
\t$(DOCKER) push ghcr.io/$(IMAGE):$(TAG)
''')

# c16 - UI component vendor: npm automation token in the project .npmrc
add('c16/.npmrc', fill('''registry=https://registry.npmjs.org/
@thistle-ui:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=<<tok>>
save-exact=true
engine-strict=true
fund=false
audit-level=high
''', tok=CK('npm_')))
add('c16/package.json', json.dumps({
    'name': '@thistle-ui/react', 'version': '4.12.3', 'description': 'Thistle design system, React components',
    'main': 'dist/index.cjs', 'module': 'dist/index.mjs', 'types': 'dist/index.d.ts',
    'files': ['dist'], 'sideEffects': False,
    'scripts': {'build': 'tsup', 'release': 'npm run build && npm publish --access public'},
    'peerDependencies': {'react': '>=18'},
    'publishConfig': {'access': 'public', 'provenance': False},
}, indent=2) + '\n')

# c17 - biotech (INI): .pypirc with a PyPI API token and an internal index password
add('c17/.pypirc', fill('''[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = <<pypi>>

[internal]
repository = https://pypi.merriweather.bio/
username = ci-publisher
password = <<pw>>
''', pypi=pypi_token(), pw=human_pw()))
add('c17/RELEASING.md', '''# Releasing `mwbio-seqtools`

1. Bump the version in `pyproject.toml`.
2. `python -m build`
3. `twine upload --config-file .pypirc -r pypi dist/*`
4. `twine upload --config-file .pypirc -r internal dist/*`
''')

# c18 - manufacturer (Maven settings.xml): Artifactory reference token as server password
add('c18/.mvn/settings.xml', fill('''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <servers>
    <server>
      <id>gravesend-releases</id>
      <username>svc-maven-deploy</username>
      <password><<ref>></password>
    </server>
    <server>
      <id>gravesend-snapshots</id>
      <username>svc-maven-deploy</username>
      <password><<ref>></password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>gravesend-releases</id>
      <mirrorOf>*</mirrorOf>
      <url>https://gravesend.jfrog.io/artifactory/maven-virtual</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>artifactory</id>
      <repositories>
        <repository>
          <id>gravesend-snapshots</id>
          <url>https://gravesend.jfrog.io/artifactory/libs-snapshot</url>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>artifactory</activeProfile>
  </activeProfiles>
</settings>
''', ref=jfrog_reference()))

# c19 - software vendor (GitHub Actions): NuGet.org API key pasted into the workflow
add('c19/.github/workflows/publish.yml', fill('''name: publish

on:
  push:
    tags: ["v*"]

jobs:
  pack-and-push:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: "8.0.x"
      - name: Pack
        run: dotnet pack src/Pinecrest.Scheduling/Pinecrest.Scheduling.csproj -c Release -o artifacts /p:Version=${GITHUB_REF_NAME#v}
      - name: Push to nuget.org
        run: dotnet nuget push "artifacts/*.nupkg" --api-key <<key>> --source https://api.nuget.org/v3/index.json --skip-duplicate
''', key='oy2' + R(43, LO + DG)))

# c20 - Ruby gem shop: ~/.gem/credentials copied into the repo, used by the Rakefile
_c20_key = 'rubygems_' + H(48)
add('c20/.gem/credentials', '---\n:rubygems_api_key: ' + _c20_key + '\n')
add('c20/Rakefile', '''# frozen_string_literal: true

require "bundler/gem_tasks"
require "rspec/core/rake_task"
require "fileutils"

RSpec::Core::RakeTask.new(:spec)

desc "Install the shared publishing credentials for CI"
task :ci_credentials do
  target = File.expand_path("~/.gem/credentials")
  FileUtils.mkdir_p(File.dirname(target))
  FileUtils.cp(".gem/credentials", target)
  File.chmod(0o600, target)
end

task release: :ci_credentials
task default: :spec
''')

# c21 - subscription box (Go): Stripe live secret key in a package constant
add('c21/internal/billing/stripe.go', fill('''package billing

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/checkout/session"
)

// live account "Cobblestone Subscriptions Ltd"
const stripeKey = "<<sk>>"

func init() {
	stripe.Key = stripeKey
}

type Plan struct {
	ID      string
	PriceID string
}

func NewCheckout(ctx context.Context, customerID string, p Plan, successURL, cancelURL string) (string, error) {
	params := &stripe.CheckoutSessionParams{
		Customer:   stripe.String(customerID),
		Mode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		SuccessURL: stripe.String(successURL),
		CancelURL:  stripe.String(cancelURL),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(p.PriceID), Quantity: stripe.Int64(1)},
		},
	}
	params.Context = ctx
	s, err := session.New(params)
	if err != nil {
		return "", fmt.Errorf("checkout for %s: %w", p.ID, err)
	}
	return s.URL, nil
}
''', sk=stripe('sk')))

# c22 - event ticketing (Laravel .env): restricted Stripe key, webhook secret, APP_KEY, DB and SMTP
add('c22/.env', fill('''APP_NAME="Juniper Events"
APP_ENV=production
APP_KEY=base64:<<appkey>>
APP_DEBUG=false
APP_URL=https://tickets.juniperevents.ie

LOG_CHANNEL=stack
LOG_LEVEL=warning

DB_CONNECTION=mysql
DB_HOST=10.20.0.15
DB_PORT=3306
DB_DATABASE=juniper_tickets
DB_USERNAME=juniper
DB_PASSWORD=<<dbpw>>

QUEUE_CONNECTION=redis
REDIS_HOST=10.20.0.16

STRIPE_KEY=<<pk>>
STRIPE_SECRET=<<rk>>
STRIPE_WEBHOOK_SECRET=whsec_<<wh>>

MAIL_MAILER=smtp
MAIL_HOST=smtp.eu.mailgun.org
MAIL_PORT=587
MAIL_USERNAME=postmaster@mg.juniperevents.ie
MAIL_PASSWORD=<<mailpw>>
MAIL_FROM_ADDRESS=tickets@juniperevents.ie
''', appkey=draw(lambda: b64(rb(32))), dbpw=strong_pw(18), pk=stripe('pk'), rk=stripe('rk'),
     wh=R(32, B62), mailpw=H(32) + '-' + H(8) + '-' + H(8)))

# c23 - outdoor retailer (Ruby): Braintree production gateway keys in an initializer (hex private key)
add('c23/config/initializers/braintree.rb', fill('''# frozen_string_literal: true

# Braintree production gateway. Sandbox config lives in config/environments/development.rb.
BRAINTREE_GATEWAY = Braintree::Gateway.new(
  environment: :production,
  merchant_id: "<<mid>>",
  public_key: "<<pub>>",
  private_key: "<<priv>>",
  logger: Rails.logger
)

Rails.application.config.after_initialize do
  BRAINTREE_GATEWAY.config.timeout = 20
end
''', mid=R(16, LO + DG), pub=R(16, LO + DG), priv=H(32)))
add('c23/app/services/charge_order.rb', '''# frozen_string_literal: true

class ChargeOrder
  def initialize(order, nonce)
    @order = order
    @nonce = nonce
  end

  def call
    result = BRAINTREE_GATEWAY.transaction.sale(
      amount: @order.total.to_s("F"),
      payment_method_nonce: @nonce,
      order_id: @order.number,
      options: { submit_for_settlement: true }
    )
    raise ChargeFailed, result.message unless result.success?

    @order.update!(paid_at: Time.current, braintree_txn: result.transaction.id)
  end
end
''')

# c24 - ops tooling (Python): Slack bot token, signing secret and incoming webhook in config.py
add('c24/bot/config.py', fill('''"""Runtime configuration for the on-call Slack bot."""
import os

ENV = os.getenv("BOT_ENV", "prod")

SLACK_BOT_TOKEN = "<<bot>>"
SLACK_SIGNING_SECRET = "<<sign>>"
ALERTS_WEBHOOK_URL = "<<hook>>"

PAGERDUTY_SCHEDULE = "P7QX2ME"
ONCALL_CHANNEL = "#oncall"
ESCALATION_MINUTES = 15
QUIET_HOURS = (22, 7)
''', bot=slack_bot(), sign=H(32), hook=slack_hook()))
add('c24/bot/app.py', '''from slack_bolt import App

from bot import config

app = App(token=config.SLACK_BOT_TOKEN, signing_secret=config.SLACK_SIGNING_SECRET)


@app.command("/whosoncall")
def whos_on_call(ack, respond):
    ack()
    respond(f"Checking schedule {config.PAGERDUTY_SCHEDULE}...")


if __name__ == "__main__":
    app.start(port=3000)
''')

# c25 - clinic chain (Node): Twilio credentials as fallbacks behind process.env
add('c25/src/notifications/sms.js', fill(''''use strict';

const twilio = require('twilio');
const logger = require('../logger');

// fallbacks so the reminder worker still runs if the env is not loaded (see INC-2291)
const accountSid = process.env.TWILIO_ACCOUNT_SID || 'AC<<sid>>';
const authToken = process.env.TWILIO_AUTH_TOKEN || '<<tok>>';
const fromNumber = process.env.TWILIO_FROM || '+14155550142';

const client = twilio(accountSid, authToken);

async function sendAppointmentReminder(patient, appointment) {
  const body = `Hi ${patient.firstName}, a reminder of your appointment at ${appointment.clinicName} ` +
    `on ${appointment.when}. Reply C to confirm or R to reschedule.`;
  const msg = await client.messages.create({ to: patient.mobile, from: fromNumber, body });
  logger.info({ sid: msg.sid, appointment: appointment.id }, 'reminder sent');
  return msg.sid;
}

module.exports = { sendAppointmentReminder };
''', sid=H(32), tok=H(32)))

# c26 - real estate (Django): production settings with SECRET_KEY, DB password and SendGrid key
_c26_sk = R(50, LO + DG + '!@#$%^&*(-_=+)')
add('c26/hollowell/settings/production.py', fill('''from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["hollowellrealty.com", "www.hollowellrealty.com", "api.hollowellrealty.com"]

SECRET_KEY = '<<sk>>'

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "hollowell",
        "USER": "hollowell_web",
        "PASSWORD": "<<dbpw>>",
        "HOST": "hollowell-db.c9x2.eu-west-2.rds.amazonaws.com",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.sendgrid.net"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "apikey"
EMAIL_HOST_PASSWORD = "<<sg>>"
DEFAULT_FROM_EMAIL = "Hollowell Realty <listings@hollowellrealty.com>"

SECURE_HSTS_SECONDS = 31536000
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
''', sk=_c26_sk, dbpw=human_pw(), sg=sendgrid()))

# c27 - freight (Rust): Mailgun private API key as a const (new hex-hex-hex shape, context only)
add('c27/src/mailer.rs', fill('''use reqwest::Client;
use serde::Serialize;

const MAILGUN_DOMAIN: &str = "mg.ironbridgefreight.com";
const MAILGUN_API_KEY: &str = "<<key>>";

#[derive(Serialize)]
struct Message<'a> {
    from: &'a str,
    to: &'a str,
    subject: &'a str,
    text: &'a str,
}

pub async fn send_delivery_notice(client: &Client, to: &str, tracking: &str) -> reqwest::Result<()> {
    let body = format!("Your shipment {tracking} is out for delivery today.");
    let msg = Message {
        from: "Ironbridge Freight <noreply@ironbridgefreight.com>",
        to,
        subject: "Out for delivery",
        text: &body,
    };
    client
        .post(format!("https://api.eu.mailgun.net/v3/{MAILGUN_DOMAIN}/messages"))
        .basic_auth("api", Some(MAILGUN_API_KEY))
        .form(&msg)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}
''', key=H(32) + '-' + H(8) + '-' + H(8)))

# c28 - community app (docker-compose): Telegram and Discord bot tokens in the environment block
add('c28/docker-compose.yml', fill('''services:
  telegram-bot:
    build: ./telegram
    restart: unless-stopped
    environment:
      TELEGRAM_BOT_TOKEN: "<<tg>>"
      ADMIN_CHAT_ID: "-100<<chat>>"
      DATABASE_URL: postgres://lumen:''' '''lumen@db:5432/lumen
    depends_on: [db]

  discord-bot:
    build: ./discord
    restart: unless-stopped
    environment:
      - DISCORD_TOKEN=<<dc>>
      - GUILD_ID=<<guild>>
      - LOG_LEVEL=info
    depends_on: [db]

  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: lumen
      POSTGRES_PASSWORD: lumen
      POSTGRES_DB: lumen
    volumes:
      - pgdata:/var/lib/postgresql/data

volumes:
  pgdata:
''', tg=telegram_bot(), chat=digits(10), dc=discord_bot(), guild=digits(19)))

# c29 - retailer (Helm values): Datadog API and application keys in plain values
add('c29/deploy/datadog/values-prod.yaml', fill('''# helm upgrade --install datadog datadog/datadog -n datadog -f values-prod.yaml
datadog:
  site: datadoghq.eu
  apiKey: <<api>>
  appKey: <<app>>
  clusterName: carrow-prod-eks
  tags:
    - "env:prod"
    - "team:platform"
  logs:
    enabled: true
    containerCollectAll: true
  apm:
    portEnabled: true
  processAgent:
    processCollection: true
  kubeStateMetricsEnabled: true

clusterAgent:
  enabled: true
  replicas: 2
  metricsProvider:
    enabled: true

agents:
  tolerations:
    - operator: Exists
''', api=H(32), app=H(40)))

# c30 - travel agency (INI): New Relic Python agent config with the license key
add('c30/newrelic.ini', fill('''# ---------------------------------------------------------------------------
# New Relic Python agent configuration for the booking API.
# ---------------------------------------------------------------------------
[newrelic]
license_key = <<lic>>
app_name = Oakmere Booking API (prod)
monitor_mode = true
log_file = stdout
log_level = info
high_security = false
transaction_tracer.enabled = true
transaction_tracer.transaction_threshold = apdex_f
transaction_tracer.record_sql = obfuscated
error_collector.enabled = true
error_collector.ignore_classes = django.http.response:Http404
browser_monitoring.auto_instrument = true
distributed_tracing.enabled = true

[newrelic:staging]
app_name = Oakmere Booking API (staging)
monitor_mode = true

[newrelic:development]
monitor_mode = false
''', lic=H(36) + 'NRAL'))

# c31 - mobile app studio: Sentry org token in .sentryclirc/sentry.properties + App Store Connect .p8 key
_c31_payload = json.dumps({'iat': random.randint(1740000000, 1760000000) + round(random.random(), 6),
                           'url': 'https://sentry.io', 'region_url': 'https://us.sentry.io',
                           'org': 'vantage-mobile'}, separators=(',', ':')).encode()
_c31_tok = 'sntrys_' + b64(_c31_payload).rstrip('=') + '_' + R(43, URLSAFE)
add('c31/.sentryclirc', fill('''[defaults]
url = https://sentry.io/
org = vantage-mobile
project = vantage-ios

[auth]
token = <<tok>>

[log]
level = warn
''', tok=_c31_tok))
add('c31/ios/sentry.properties', fill('''defaults.url=https://sentry.io/
defaults.org=vantage-mobile
defaults.project=vantage-ios
auth.token=<<tok>>
cli.executable=node_modules/@sentry/cli/bin/sentry-cli
''', tok=_c31_tok))
_c31_kid = R(10, UP + DG)
add('c31/fastlane/AuthKey_' + _c31_kid + '.p8', pem('PRIVATE KEY', ec_p256_pkcs8))
add('c31/fastlane/Fastfile', fill('''default_platform(:ios)

platform :ios do
  desc "Upload a new beta to TestFlight"
  lane :beta do
    api_key = app_store_connect_api_key(
      key_id: "<<kid>>",
      issuer_id: "<<iss>>",
      key_filepath: "./fastlane/AuthKey_<<kid>>.p8",
      duration: 1200,
      in_house: false
    )
    increment_build_number(xcodeproj: "Vantage.xcodeproj")
    build_app(scheme: "Vantage", export_method: "app-store")
    upload_to_testflight(api_key: api_key, skip_waiting_for_build_processing: true)
    sentry_debug_files_upload(path: "./build")
  end
end
''', kid=_c31_kid, iss=uid()))

# c32 - marketing analytics: OpenAI project key passed straight to the client in a notebook
add('c32/analysis/churn_summaries.ipynb', notebook([
    ('markdown', '## Summarise churn interviews\n\nFeeds the 212 exit-interview transcripts to the model '
                 'and tags each with a primary churn reason.'),
    ('code', 'import pandas as pd\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="' + openai_key() +
             '")\ndf = pd.read_parquet("data/exit_interviews.parquet")\ndf.shape', '(212, 6)'),
    ('code', 'PROMPT = """Classify the main reason this customer churned. Answer with one of:\n'
             'price, missing_feature, support, switched_competitor, other.\n\nTranscript:\n{t}"""\n\n'
             'def tag(t):\n    r = client.chat.completions.create(model="gpt-4o-mini", temperature=0,\n'
             '        messages=[{"role": "user", "content": PROMPT.format(t=t)}])\n'
             '    return r.choices[0].message.content.strip()\n\n'
             'df["reason"] = df.transcript.map(tag)\ndf.reason.value_counts()',
     'reason\nprice                  81\nmissing_feature        54\nswitched_competitor    39\n'
     'support                26\nother                  12\nName: count, dtype: int64'),
]))

# c33 - AI startup (TypeScript): Anthropic key as the ?? fallback of process.env
add('c33/src/lib/llm.ts', fill('''import Anthropic from "@anthropic-ai/sdk";

// NOTE: fallback is the team key so preview deployments work without extra setup
const apiKey = process.env.ANTHROPIC_API_KEY ?? "<<key>>";

export const anthropic = new Anthropic({ apiKey, maxRetries: 3 });

export async function summarize(text: string, maxTokens = 512): Promise<string> {
  const msg = await anthropic.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: maxTokens,
    system: "You summarise customer support threads for Glasswing agents. Be brief and factual.",
    messages: [{ role: "user", content: text }],
  });
  return msg.content
    .filter((b): b is Anthropic.TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("\\n");
}
''', key=anthropic_key()))

# c34 - research lab (Dockerfile): Hugging Face and Weights & Biases keys baked into ENV
add('c34/Dockerfile', fill('''FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04

ENV DEBIAN_FRONTEND=noninteractive \\
    PYTHONUNBUFFERED=1 \\
    HF_HOME=/cache/hf \\
    HF_TOKEN=<<hf>> \\
    WANDB_API_KEY=<<wb>> \\
    WANDB_PROJECT=moorland-llm-eval \\
    WANDB_ENTITY=moorland-research

RUN apt-get update && apt-get install -y --no-install-recommends python3.11 python3-pip git \\
    && rm -rf /var/lib/apt/lists/*

WORKDIR /workspace
COPY requirements.txt .
RUN pip3 install --no-cache-dir -r requirements.txt

COPY . .
RUN huggingface-cli download moorland/peat-7b-instruct --local-dir /models/peat-7b

ENTRYPOINT ["bash", "scripts/train.sh"]
''', hf=hf_token(), wb=H(40)))
add('c34/scripts/train.sh', '''#!/usr/bin/env bash
set -euo pipefail
accelerate launch --num_processes "${GPUS:-8}" train.py \\
  --model /models/peat-7b \\
  --dataset moorland/bog-qa-v3 \\
  --epochs 3 --lr 2e-5 --bf16 \\
  --report_to wandb \\
  --push_to_hub --hub_model_id moorland/peat-7b-bogqa
''')

# c35 - payments processor (Spring properties): MongoDB Atlas SRV URI and RabbitMQ password
add('c35/src/main/resources/application-prod.properties', fill('''# ---- server ----
server.port=8443
server.shutdown=graceful
management.endpoints.web.exposure.include=health,info,prometheus

# ---- data ----
spring.data.mongodb.uri=mongodb+srv://heron-api:<<mpw>>@heron-prod.<<cl>>.mongodb.net/payments?retryWrites=true&w=majority&appName=heron-api
spring.data.mongodb.auto-index-creation=false

# ---- messaging ----
spring.rabbitmq.host=mq.heronpay.internal
spring.rabbitmq.port=5671
spring.rabbitmq.username=heron
spring.rabbitmq.password=<<rpw>>
spring.rabbitmq.ssl.enabled=true

# ---- app ----
heron.settlement.cutoff=17:30
heron.settlement.timezone=Europe/London
heron.fx.provider=ecb
''', mpw=R(16, A), cl=R(5, LO + DG), rpw=strong_pw(20)))

# c36 - restaurant platform (Next.js .env.local): Supabase service_role JWT and pooled DB password
_c36_ref = R(20, LO)
_c36_iat = random.randint(1700000000, 1750000000)
add('c36/.env.local', fill('''# Supabase
NEXT_PUBLIC_SUPABASE_URL=https://<<ref>>.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY=<<anon>>
SUPABASE_SERVICE_ROLE_KEY=<<svc>>

# Prisma (transaction pooler)
DATABASE_URL="postgresql://postgres.<<ref>>:<<dbpw>>@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?pgbouncer=true"
DIRECT_URL="postgresql://postgres.<<ref>>:<<dbpw>>@aws-0-eu-central-1.pooler.supabase.com:5432/postgres"

NEXT_PUBLIC_MAPBOX_STYLE=mapbox://styles/saffronkitchen/clx1o2p3
ORDERS_WEBHOOK_URL=https://saffronkitchen.app/api/orders/hook
''', ref=_c36_ref,
     anon=jwt({'iss': 'supabase', 'ref': _c36_ref, 'role': 'anon', 'iat': _c36_iat, 'exp': _c36_iat + 315360000}),
     svc=jwt({'iss': 'supabase', 'ref': _c36_ref, 'role': 'service_role', 'iat': _c36_iat,
              'exp': _c36_iat + 315360000}),
     dbpw=R(16, A)))

# c37 - HR software (Spring YAML): datasource password, JWT signing secret and SMTP password
add('c37/src/main/resources/application-prod.yml', fill('''server:
  port: 8080
  forward-headers-strategy: framework

spring:
  datasource:
    url: jdbc:postgresql://pg-prod-01.ashcombe.local:5432/hr_core
    username: hr_core_app
    password: <<dbpw>>
    hikari:
      maximum-pool-size: 30
  jpa:
    open-in-view: false
    hibernate:
      ddl-auto: validate
  mail:
    host: smtp.office365.com
    port: 587
    username: no-reply@ashcombehr.com
    password: "<<mailpw>>"
    properties:
      mail.smtp.starttls.enable: true

ashcombe:
  security:
    jwt:
      secret: <<jwt>>
      access-token-ttl: 15m
      refresh-token-ttl: 14d
  payroll:
    export-dir: /srv/payroll/outbox
''', dbpw=human_pw(), mailpw=human_pw(), jwt=draw(lambda: b64(rb(64)))))

# c38 - bakery (WordPress): wp-config.php with DB password and the auth keys and salts
def _wp_salt():
    return R(64, A + '!#$%&()*+,-./:;<=>?@[]^_`{|}~')


add('c38/wp-config.php', fill("""<?php
/**
 * The base configuration for WordPress
 *
 * @package WordPress
 */

// ** Database settings ** //
define( 'DB_NAME', 'briarrose_wp' );
define( 'DB_USER', 'briarrose' );
define( 'DB_PASSWORD', '<<dbpw>>' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 * @since 2.6.0
 */
define( 'AUTH_KEY',         '<<s1>>' );
define( 'SECURE_AUTH_KEY',  '<<s2>>' );
define( 'LOGGED_IN_KEY',    '<<s3>>' );
define( 'NONCE_KEY',        '<<s4>>' );
define( 'AUTH_SALT',        '<<s5>>' );
define( 'SECURE_AUTH_SALT', '<<s6>>' );
define( 'LOGGED_IN_SALT',   '<<s7>>' );
define( 'NONCE_SALT',       '<<s8>>' );
/**#@-*/

$table_prefix = 'brw_';

define( 'WP_DEBUG', false );
define( 'DISALLOW_FILE_EDIT', true );
define( 'WP_MEMORY_LIMIT', '256M' );

/* That's all, stop editing! Happy publishing. */

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
""", dbpw=human_pw(), **{'s%d' % i: _wp_salt() for i in range(1, 9)}))

# c39 - hosting company (Ansible): plain-text group_vars passwords and a deploy private key
_c39_key, _c39_pub = openssh_ed25519('deploy@castellan-hosting')
add('c39/ansible/inventories/production/hosts.ini', '''[web]
web-01.castellan.net
web-02.castellan.net

[db]
db-01.castellan.net

[all:vars]
ansible_user=deploy
ansible_ssh_private_key_file=roles/deploy/files/id_ed25519
''')
add('c39/ansible/inventories/production/group_vars/all.yml', fill('''---
timezone: Europe/Amsterdam
ntp_servers:
  - 0.nl.pool.ntp.org
  - 1.nl.pool.ntp.org

ansible_become_password: "<<become>>"

mysql_root_password: "<<root>>"
mysql_databases:
  - name: billing
  - name: panel
mysql_users:
  - name: panel
    host: "10.0.%"
    password: "<<panel>>"
    priv: "panel.*:ALL"

backup_s3_bucket: castellan-db-backups
''', become=human_pw(), root=strong_pw(24), panel=strong_pw(20)))
add('c39/ansible/roles/deploy/files/id_ed25519', _c39_key)
add('c39/ansible/roles/deploy/files/id_ed25519.pub', _c39_pub + '\n')

# c40 - API company (nginx): TLS private key committed beside the site config
add('c40/nginx/conf.d/api.conf', '''server {
    listen 443 ssl http2;
    server_name api.meridian-api.io;

    ssl_certificate     /etc/nginx/certs/api.meridian-api.io.crt;
    ssl_certificate_key /etc/nginx/certs/api.meridian-api.io.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;

    location / {
        proxy_pass http://api_upstream;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}

upstream api_upstream {
    server 127.0.0.1:9000;
    keepalive 64;
}
''')
add('c40/nginx/certs/api.meridian-api.io.key', pem('RSA PRIVATE KEY', rsa_pkcs1))

# =============================================================================================
# Negative cases: look-alikes with no live credential
# =============================================================================================

# n01 - like c01: the committed .env.example, placeholders only, plus the README that explains it
add('n01/.env.example', '''# Copy to .env and fill in. Never commit the real .env.
NODE_ENV=development
PORT=8080
LOG_LEVEL=debug
APP_URL=http://localhost:8080
SESSION_COOKIE_NAME=lk_sid
SESSION_TTL_HOURS=72

# Postgres
PGHOST=localhost
PGPORT=5432
PGDATABASE=storefront
PGUSER=storefront_app
PGPASSWORD=<local-db-password>

# S3 product media (leave empty locally: uploads go to ./tmp via MinIO shim)
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID
AWS_SECRET_ACCESS_KEY=YOUR_SECRET_ACCESS_KEY
S3_BUCKET=larkspur-product-media-dev
CLOUDFRONT_DOMAIN=

FEATURE_GIFT_CARDS=true
FEATURE_WISHLIST=false
''')
add('n01/README.md', '''# storefront-api

## Running locally

1. `cp .env.example .env`
2. Ask in #storefront for a personal dev IAM user, or run `aws sso login --profile larkspur-dev`
   and delete the two `AWS_*_KEY` lines so the SDK picks up the SSO session.
3. `docker compose up -d postgres minio`
4. `npm run dev`

Production values come from AWS Systems Manager Parameter Store (`/storefront/prod/*`) at boot;
nothing secret is kept in this repository.
''')

# n02 - like c02: Terraform with no static keys (assume_role, variables, Secrets Manager data source)
add('n02/infra/main.tf', '''terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "tidewater-tfstate-prod"
    key            = "apps/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "tidewater-tf-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::${var.account_id}:role/terraform-deployer"
    session_name = "terraform-ci"
  }
}

data "aws_secretsmanager_secret_version" "db" {
  secret_id = "tms/${var.environment}/db-master"
}

locals {
  db_creds = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}

resource "aws_db_instance" "tms" {
  identifier          = "tms-${var.environment}"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.r6g.large"
  allocated_storage   = 200
  username            = local.db_creds["username"]
  password            = local.db_creds["password"]
  skip_final_snapshot = false
}

resource "aws_iam_access_key" "legacy_sftp" {
  user = aws_iam_user.legacy_sftp.name
}

output "legacy_sftp_secret" {
  value     = aws_iam_access_key.legacy_sftp.secret
  sensitive = true
}
''')
add('n02/infra/variables.tf', '''variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "account_id" {
  type        = string
  description = "Target AWS account, passed by the pipeline (TF_VAR_account_id)"
}

variable "environment" {
  type = string
}

variable "aws_access_key" {
  type        = string
  description = "Only for break-glass runs from a laptop; leave unset in CI"
  default     = null
  sensitive   = true
}
''')

# n03 - like c05: GCP workload-identity-federation config (no key) and a template with no key body
_n03_num = digits(12)
add('n03/config/gcp-wif-credentials.json', json.dumps({
    'universe_domain': 'googleapis.com',
    'type': 'external_account',
    'audience': '//iam.googleapis.com/projects/' + _n03_num +
                '/locations/global/workloadIdentityPools/github/providers/ostrander-media',
    'subject_token_type': 'urn:ietf:params:oauth:token-type:jwt',
    'token_url': 'https://sts.googleapis.com/v1/token',
    'service_account_impersonation_url': 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/'
                                         'bq-loader@ostrander-media-prod.iam.gserviceaccount.com:generateAccessToken',
    'credential_source': {'file': '/var/run/secrets/tokens/gcp-ksa/token',
                          'format': {'type': 'text'}},
}, indent=2) + '\n')
add('n03/config/service-account.template.json', json.dumps({
    'type': 'service_account',
    'project_id': '<PROJECT_ID>',
    'private_key_id': '<PRIVATE_KEY_ID>',
    'private_key': '-----BEGIN PRIVATE KEY-----\n<PASTE THE KEY FROM THE DOWNLOADED JSON HERE>\n-----END PRIVATE KEY-----\n',
    'client_email': '<SA_NAME>@<PROJECT_ID>.iam.gserviceaccount.com',
    'client_id': '<CLIENT_ID>',
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
}, indent=2) + '\n')
add('n03/docs/gcp-auth.md', '''# Authenticating to BigQuery

We no longer use downloaded service-account keys. CI and the GKE workloads use workload identity
federation: `config/gcp-wif-credentials.json` only describes *where* to fetch a short-lived token
(the projected Kubernetes service-account token) and which service account to impersonate. It
contains no secret and is safe to commit.

`service-account.template.json` is kept only for the offline laptop tooling. Never commit a filled-in
copy; `config/*-sa.json` is in `.gitignore`.
''')

# n04 - like c21: Stripe publishable key in the browser bundle; the secret key is read from the env
add('n04/web/src/checkout.js', fill('''import { loadStripe } from "@stripe/stripe-js";

// Publishable key: designed to be public, it only identifies the account to Stripe.js.
const stripePromise = loadStripe("<<pk>>");

export async function redirectToCheckout(planId) {
  const res = await fetch("/api/checkout", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ planId }),
  });
  const { sessionId } = await res.json();
  const stripe = await stripePromise;
  await stripe.redirectToCheckout({ sessionId });
}
''', pk=stripe('pk')))
add('n04/internal/billing/stripe.go', '''package billing

import (
	"log"
	"os"

	"github.com/stripe/stripe-go/v79"
)

func init() {
	key := os.Getenv("STRIPE_SECRET_KEY")
	if key == "" {
		log.Fatal("STRIPE_SECRET_KEY is not set (see deploy/secrets.md)")
	}
	stripe.Key = key
}
''')

# n05 - like c06/c29: Helm-templated Secret, ExternalSecret and secretKeyRef, no value anywhere
add('n05/charts/vision/templates/secret.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: {{ include "vision.fullname" . }}-cloud
  labels:
    {{- include "vision.labels" . | nindent 4 }}
type: Opaque
data:
  DD_API_KEY: {{ .Values.datadog.apiKey | b64enc | quote }}
  AWS_SECRET_ACCESS_KEY: {{ required "aws.secretAccessKey is required" .Values.aws.secretAccessKey | b64enc | quote }}
''')
add('n05/charts/vision/values.yaml', '''replicaCount: 2
image:
  repository: europe-west4-docker.pkg.dev/pemberton-vision-prod/vision/runner
  tag: ""
datadog:
  apiKey: ""          # set with --set-file or from the ExternalSecret below
aws:
  accessKeyId: ""
  secretAccessKey: ""
''')
add('n05/k8s/external-secret.yaml', '''apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: gcp-inference-sa
  namespace: vision
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: gcp-secret-manager
  target:
    name: gcp-inference-sa
    creationPolicy: Owner
  data:
    - secretKey: key.json
      remoteRef:
        key: inference-runner-sa-key
        version: latest
''')
add('n05/k8s/deployment.yaml', '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: inference-runner
  namespace: vision
spec:
  template:
    spec:
      containers:
        - name: runner
          image: europe-west4-docker.pkg.dev/pemberton-vision-prod/vision/runner:2.14.0
          env:
            - name: DD_API_KEY
              valueFrom:
                secretKeyRef:
                  name: vision-cloud
                  key: DD_API_KEY
            - name: GOOGLE_APPLICATION_CREDENTIALS
              value: /var/secrets/google/key.json
''')

# n06 - like c11/c16: internal docs explaining token formats, with masked and templated values only
add('n06/docs/security/token-formats.md', '''# Recognising credentials in code review

Our pre-commit hook blocks the formats below. If it fires, revoke first, then rewrite history.

| Provider | Shape | Notes |
|---|---|---|
| GitHub classic PAT | `ghp_` + 36 base62 chars | last 6 chars are a CRC32 checksum |
| GitHub fine-grained | `github_pat_` + 22 + `_` + 59 chars | |
| npm | `npm_` + 36 base62 chars | same checksum scheme as GitHub |
| AWS access key ID | `AKIA` + 16 uppercase/digits | always paired with a 40-char secret |
| Stripe | `sk_live_...` / `rk_live_...` | `pk_live_...` is publishable and fine |
| Slack | `xoxb-<team>-<bot>-<24 chars>` | |

How it should look in a config file:

```ini
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
```

```bash
git remote set-url origin "https://x-access-token:${GITHUB_TOKEN}@github.com/ambergate-legal/contracts-portal.git"
```

What a leaked value looks like in our reports (masked):

    ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    npm_****************************************
    AKIA****************
''')

# n07 - like c16: lockfile integrity hashes and an .npmrc that reads the token from the environment
def _integrity():
    return 'sha512-' + b64(rb(64))


add('n07/.npmrc', '''registry=https://registry.npmjs.org/
@thistle-ui:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
save-exact=true
engine-strict=true
''')
add('n07/package-lock.json', json.dumps({
    'name': '@thistle-ui/icons', 'version': '2.3.0', 'lockfileVersion': 3, 'requires': True,
    'packages': {
        '': {'name': '@thistle-ui/icons', 'version': '2.3.0', 'license': 'MIT',
             'devDependencies': {'tsup': '8.3.5', 'typescript': '5.6.3'}},
        'node_modules/tsup': {'version': '8.3.5', 'resolved': 'https://registry.npmjs.org/tsup/-/tsup-8.3.5.tgz',
                              'integrity': _integrity(), 'dev': True, 'license': 'MIT'},
        'node_modules/typescript': {'version': '5.6.3',
                                    'resolved': 'https://registry.npmjs.org/typescript/-/typescript-5.6.3.tgz',
                                    'integrity': _integrity(), 'dev': True, 'license': 'Apache-2.0'},
        'node_modules/esbuild': {'version': '0.24.0',
                                 'resolved': 'https://registry.npmjs.org/esbuild/-/esbuild-0.24.0.tgz',
                                 'integrity': _integrity(), 'dev': True, 'hasInstallScript': True},
    },
}, indent=2) + '\n')
add('n07/.github/workflows/release.yml', fill('''name: release
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@<<sha>> # v4.2.2
      - uses: actions/setup-node@<<sha2>> # v4.1.0
        with:
          node-version: 22
          registry-url: https://registry.npmjs.org
      - run: npm ci && npm run build
      - run: npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
''', sha=H(40), sha2=H(40)))

# n08 - like c25/c21: a CI deploy log where the runner masked every secret
_n08_run = digits(11)
add('n08/ci-logs/deploy-prod-' + _n08_run + '.log', fill('''2026-01-14T09:41:02.118Z ##[group]Run ./deploy/render-env.sh prod
2026-01-14T09:41:02.119Z env:
2026-01-14T09:41:02.119Z   TWILIO_ACCOUNT_SID: ***
2026-01-14T09:41:02.119Z   TWILIO_AUTH_TOKEN: ***
2026-01-14T09:41:02.119Z   STRIPE_SECRET_KEY: ***
2026-01-14T09:41:02.120Z   AWS_ACCESS_KEY_ID: ***
2026-01-14T09:41:02.120Z   AWS_SECRET_ACCESS_KEY: ***
2026-01-14T09:41:02.120Z ##[endgroup]
2026-01-14T09:41:02.402Z [render-env] writing /srv/clinic-api/.env (mode 0600)
2026-01-14T09:41:02.403Z [render-env] TWILIO_AUTH_TOKEN=****************************<<last>> (len=32)
2026-01-14T09:41:02.403Z [render-env] STRIPE_SECRET_KEY=sk_live_****...****<<last2>>
2026-01-14T09:41:02.404Z [render-env] AWS_ACCESS_KEY_ID=AKIA************<<last3>>
2026-01-14T09:41:03.877Z [deploy] image ghcr.io/driftwood-clinics/clinic-api@sha256:<<digest>>
2026-01-14T09:41:11.205Z [deploy] rollout status: 3/3 replicas ready
2026-01-14T09:41:11.206Z [deploy] release id <<rel>> finished in 9.1s
''', last=H(4), last2=R(4), last3=R(4, UP + DG), digest=H(64), rel=uid()))

# n09 - like c36: only the values Supabase and Firebase document as public; server secrets stay out
_n09_ref = R(20, LO)
_n09_iat = random.randint(1700000000, 1750000000)
add('n09/.env.local', fill('''# Public (shipped to the browser). The anon key is safe with row-level security enabled.
NEXT_PUBLIC_SUPABASE_URL=https://<<ref>>.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY=<<anon>>

# Firebase web config (public identifiers, not secrets)
NEXT_PUBLIC_FIREBASE_API_KEY=AIza<<fb>>
NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN=saffron-kitchen-web.firebaseapp.com
NEXT_PUBLIC_FIREBASE_PROJECT_ID=saffron-kitchen-web
NEXT_PUBLIC_FIREBASE_APP_ID=1:<<num>>:web:<<app>>

# Server-only values are injected by Vercel (Project Settings > Environment Variables):
#   SUPABASE_SERVICE_ROLE_KEY, DATABASE_URL, DIRECT_URL
''', ref=_n09_ref,
     anon=jwt({'iss': 'supabase', 'ref': _n09_ref, 'role': 'anon', 'iat': _n09_iat, 'exp': _n09_iat + 315360000}),
     fb=R(35, URLSAFE), num=digits(12), app=H(22)))
add('n09/src/lib/supabase-admin.ts', '''import { createClient } from "@supabase/supabase-js";

const url = process.env.NEXT_PUBLIC_SUPABASE_URL!;
const serviceRole = process.env.SUPABASE_SERVICE_ROLE_KEY;

if (!serviceRole) {
  throw new Error("SUPABASE_SERVICE_ROLE_KEY missing: set it in the Vercel project, never in .env.local");
}

export const supabaseAdmin = createClient(url, serviceRole, { auth: { persistSession: false } });
''')

# n10 - like c39: Ansible vars encrypted with ansible-vault, and only the PUBLIC half of the deploy key
def _vault_blob():
    raw = (H(64) + '\n' + H(64) + '\n' + H(random.choice([96, 128, 160]))).encode().hex()
    return '\n'.join('          ' + raw[i:i + 80] for i in range(0, len(raw), 80))


add('n10/ansible/inventories/production/group_vars/all.yml', '''---
timezone: Europe/Amsterdam

ansible_become_password: "{{ vault_become_password }}"

mysql_root_password: !vault |
          $ANSIBLE_VAULT;1.1;AES256
''' + _vault_blob() + '''
mysql_users:
  - name: panel
    host: "10.0.%"
    password: "{{ vault_mysql_panel_password }}"
    priv: "panel.*:ALL"
''')
_n10_key, _n10_pub = openssh_ed25519('deploy@castellan-hosting')
add('n10/ansible/roles/deploy/files/authorized_keys', '# managed by ansible: deploy user\n' + _n10_pub + '\n')
add('n10/ansible/roles/deploy/tasks/main.yml', '''---
- name: Install deploy user's authorized key (public half only; private key lives in the CI vault)
  ansible.posix.authorized_key:
    user: deploy
    key: "{{ lookup('file', 'authorized_keys') }}"
    exclusive: true
''')

# n11 - like c32: notebook that prompts for the key (getpass) and prints only hashes and request ids
add('n11/analysis/churn_summaries.ipynb', notebook([
    ('markdown', '## Summarise churn interviews\n\nThe API key is read from the environment or typed in; '
                 'it is never stored in the notebook.'),
    ('code', 'import os, getpass, hashlib\nimport pandas as pd\nfrom openai import OpenAI\n\n'
             'api_key = os.environ.get("OPENAI_API_KEY") or getpass.getpass("OpenAI API key: ")\n'
             'client = OpenAI(api_key=api_key)\ndf = pd.read_parquet("data/exit_interviews.parquet")\n'
             'print(df.shape, hashlib.sha256(open("data/exit_interviews.parquet", "rb").read()).hexdigest())',
     '(212, 6) ' + H(64)),
    ('code', 'r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", '
             '"content": "ping"}])\nprint(r.id, r.system_fingerprint)',
     'chatcmpl-' + R(29, A) + ' fp_' + H(10)),
]))

# n12 - like c22 (webhook secret): signature docs and unit test using the labelled RFC 4231 vectors
_k1 = bytes([0x0b] * 20)
_v1 = hmac.new(_k1, b'Hi There', hashlib.sha256).hexdigest()
_v2 = hmac.new(b'Jefe', b'what do ya want for nothing?', hashlib.sha256).hexdigest()
add('n12/docs/webhooks.md', fill('''# Verifying Juniper webhook signatures

Every webhook carries `Juniper-Signature: t=<unix time>,v1=<hex HMAC-SHA256>`. The HMAC key is the
per-endpoint signing secret shown once in the dashboard; load it from your secret store, e.g.
`JUNIPER_WEBHOOK_SECRET` in the environment.

```python
expected = hmac.new(secret, f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
ok = hmac.compare_digest(expected, v1)
```

To check your HMAC-SHA256 implementation, use the published test vectors from RFC 4231
(section 4.2, test case 1):

    Key  = <<k1>>  (20 bytes of 0x0b)
    Data = 4869205468657265  ("Hi There")
    HMAC-SHA-256 = <<v1>>
''', k1=_k1.hex(), v1=_v1))
add('n12/tests/test_signature.py', fill('''"""HMAC helper against the RFC 4231 test vectors (these are public, not keys of ours)."""
import pytest

from juniper.webhooks import sign, verify

RFC4231 = [
    # (key, data, expected HMAC-SHA-256) -- RFC 4231 section 4.2 and 4.3
    (bytes.fromhex("<<k1>>"), b"Hi There", "<<v1>>"),
    (b"Jefe", b"what do ya want for nothing?", "<<v2>>"),
]


@pytest.mark.parametrize("key,data,expected", RFC4231)
def test_rfc4231_vectors(key, data, expected):
    assert sign(key, data) == expected


def test_verify_rejects_tampered_body():
    key = b"k" * 32
    sig = sign(key, b"1700000000.{}")
    assert not verify(key, b"1700000000.{\\"x\\":1}", sig)
''', k1=_k1.hex(), v1=_v1, v2=_v2))

write()
