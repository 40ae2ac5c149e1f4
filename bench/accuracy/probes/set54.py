# Usage: python3 set54.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set54 (stop 31): package managers, registries and build tools
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

LOW = string.ascii_lowercase
UP = string.ascii_uppercase
DIG = string.digits
B32L = LOW + '234567'
URLSAFE = A + '-_'
# words that must never show up inside a drawn secret (they would make it look like a placeholder)
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'placeholder',
       'your', 'redact', 'secret', 'token', 'demo', 'foo', 'bar', 'todo', 'mock', 'null', 'none')


def clean(v):
    low = v.lower()
    return not any(b in low for b in BAD)


def draw(fn, *a):
    for _ in range(10000):
        v = fn(*a)
        if clean(v):
            return v
    raise RuntimeError('could not draw a clean value')


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(s):
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def ts(lo=1735689600, hi=1767225600):
    return random.randint(lo, hi)


def pick(seq):
    return random.choice(seq)


def date(t):
    import time
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


ORGS = ['northwind', 'globex', 'initech', 'hooli', 'vandelay', 'contoso', 'fabrikam', 'tailspin',
        'wingtip', 'lumon', 'cyberdyne', 'tyrell', 'aperture', 'oscorp', 'piedpiper', 'umbrellacorp',
        'duffbrew', 'nakatomi', 'soylentco', 'wonka', 'gringotts', 'prestige', 'massive', 'bluthco']
USERS = ['ci-bot', 'release-bot', 'deployer', 'build-agent', 'jenkins', 'svc-publish', 'gh-actions',
         'packager', 'svc-ci', 'builder']
PEOPLE = ['mkowalski', 'jdoe', 'asmith', 'lchen', 'rpatel', 'tnguyen', 'ogarcia', 'kmueller', 'sjohansson',
          'dmartin', 'pfernandes', 'yokafor']


# ---------------------------------------------------------------- credential makers (run time only)
def pw(n=20, extra='-_.~'):
    return draw(lambda: r(n, A + extra))


def npm_tok():
    return draw(ck, 'npm_')


def ghp():
    return draw(ck, 'ghp_')


def gh_fine():
    return draw(lambda: 'github' + '_pat_' + r(22) + '_' + r(59))


def glpat():
    return draw(lambda: 'glpat' + '-' + r(20, URLSAFE))


def gldt():
    return draw(lambda: 'gldt' + '-' + r(20, URLSAFE))


def pypi_tok(host='pypi.org', project=None):
    def mk():
        ident = uid().encode()
        if project:
            cav = json.dumps([1, [project]], separators=(',', ':')).encode()
        else:
            cav = json.dumps({'version': 1, 'permissions': 'user'}).encode()
        loc = host.encode()
        raw = (b'\x02\x01' + bytes([len(loc)]) + loc + b'\x02' + bytes([len(ident)]) + ident + b'\x00'
               + b'\x02' + bytes([len(cav)]) + cav + b'\x00\x00\x06\x20' + rb(32))
        return 'pypi' + '-' + b64u(raw)
    return draw(mk)


def dckr():
    return draw(lambda: 'dckr' + '_pat_' + r(27, URLSAFE))


def azpat():
    return draw(lambda: r(52, B32L))


def azpat84():
    return draw(lambda: r(76) + 'AZ' + 'DO' + r(4))


def akcp():
    return draw(lambda: 'AKC' + 'p8' + r(68))


def reftkn():
    return draw(lambda: b64('reftkn' + ':01:' + str(ts(1780000000, 1830000000)) + ':' + r(27)))


def cio():
    return draw(lambda: 'ci' + 'o' + r(32))


def tfc():
    return draw(lambda: r(14) + '.atlas' + 'v1.' + r(67))


def rubygems():
    return draw(lambda: 'rubygems' + '_' + hx(48))


def nuget_key():
    return draw(lambda: 'oy' + '2' + r(43, LOW + DIG))


def aws_pair():
    kid = draw(lambda: 'AK' + 'IA' + r(16, UP + '234567'))
    sec = draw(lambda: r(40, A + '+/'))
    return kid, sec


def jwt(header, payload, siglen=342):
    def mk():
        return (b64u(json.dumps(header, separators=(',', ':')).encode()) + '.'
                + b64u(json.dumps(payload, separators=(',', ':')).encode()) + '.' + r(siglen, URLSAFE))
    return draw(mk)


def jfrog_access(server_id, user):
    iat = ts(1740000000, 1760000000)
    inst = 'jfac@01' + r(24, LOW + DIG)
    return jwt({'ver': '2', 'typ': 'JWT', 'alg': 'RS256', 'kid': r(43, URLSAFE)},
               {'ext': '{"revocable":"true"}', 'sub': inst + '/users/' + user,
                'scp': 'applied-permissions/user', 'aud': '*@*', 'iss': inst,
                'exp': iat + 31536000 * 2, 'iat': iat, 'jti': uid()})


def codeartifact_tok():
    def mk():
        isu = ts(1750000000, 1760000000)
        hdr = {'ver': 1, 'isu': isu, 'enc': 'A128GCM', 'tag': b64u(rb(16)), 'exp': isu + 43200,
               'alg': 'A128GCMKW', 'iv': b64u(rb(12))}
        return '.'.join([b64u(json.dumps(hdr, separators=(',', ':')).encode()), b64u(rb(16)), b64u(rb(12)),
                         b64u(rb(random.randint(640, 760))), b64u(rb(16))])
    return draw(mk)


def pem_rsa():
    def mk():
        der = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500' '048204a7308204a30201000282010100')
        body = b64(der + rb(1217 - len(der)))
        return body
    body = draw(mk)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return '-----BEGIN ' + 'PRIVATE KEY-----\n' + '\n'.join(lines) + '\n-----END ' + 'PRIVATE KEY-----\n'


def pgp_secret_oneline():
    def mk():
        t = ts(1690000000, 1740000000).to_bytes(4, 'big')
        return b64(b'\x95\x07\x18\x04' + t + b'\x01\x10\x00' + rb(1820))
    return draw(mk)


def gcp_sa_json(project, name):
    return json.dumps({
        'type': 'service_account',
        'project_id': project,
        'private_key_id': hx(40),
        'private_key': pem_rsa(),
        'client_email': f'{name}@{project}.iam.gserviceaccount.com',
        'client_id': str(random.randint(10 ** 20, 10 ** 21 - 1)),
        'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
        'token_uri': 'https://oauth2.googleapis.com/token',
        'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
        'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/{name}%40{project}.iam.gserviceaccount.com',
        'universe_domain': 'googleapis.com',
    }, indent=2) + '\n'


def sha512_integrity():
    return 'sha512-' + b64(rb(64))


def ver():
    return f'{random.randint(0, 9)}.{random.randint(0, 30)}.{random.randint(0, 20)}'


# ================================================================ positives

# c01 plain project .npmrc with a publish token for the public registry
org = pick(ORGS)
add('c01/.npmrc', f"""# npm settings for the {org} monorepo
# see https://docs.npmjs.com/cli/v10/configuring-npm/npmrc
registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={npm_tok()}
save-exact=true
engine-strict=true
fund=false
audit-level=high
lockfile-version=3
""")
add('c01/package.json', json.dumps({
    'name': f'@{org}/design-tokens', 'version': ver(), 'private': False,
    'description': f'Shared design tokens for {org} web and mobile apps',
    'main': 'dist/index.cjs', 'module': 'dist/index.mjs', 'types': 'dist/index.d.ts',
    'files': ['dist'], 'publishConfig': {'access': 'public'},
    'scripts': {'build': 'tsup src/index.ts --format cjs,esm --dts', 'prepublishOnly': 'npm run build'},
    'devDependencies': {'tsup': '^8.0.2', 'typescript': '^5.4.5'},
    'engines': {'node': '>=18'}}, indent=2) + '\n')

# c02 Yarn Berry scoped registry on GitHub Packages
org = pick(ORGS)
add('c02/.yarnrc.yml', f"""compressionLevel: mixed

enableGlobalCache: false

enableTelemetry: false

nodeLinker: node-modules

npmScopes:
  {org}:
    npmAlwaysAuth: true
    npmAuthToken: {ghp()}
    npmRegistryServer: "https://npm.pkg.github.com"

packageExtensions:
  "react-native-svg@*":
    peerDependencies:
      react: "*"

yarnPath: .yarn/releases/yarn-4.2.2.cjs
""")
add('c02/package.json', json.dumps({
    'name': f'{org}-storefront', 'private': True, 'packageManager': 'yarn@4.2.2',
    'workspaces': ['apps/*', 'packages/*'],
    'dependencies': {f'@{org}/ui-kit': '^3.12.0', f'@{org}/analytics': '^1.4.2', 'next': '14.2.3'},
    'scripts': {'dev': 'yarn workspace web dev', 'build': 'yarn workspaces foreach -Apt run build'}}, indent=2) + '\n')

# c03 Azure Artifacts npm feed: PAT stored base64-encoded in _password
org = pick(ORGS)
feed = pick(['npm-internal', 'shared-feed', 'frontend', 'packages'])
base = f'//pkgs.dev.azure.com/{org}/_packaging/{feed}/npm'
enc = b64(azpat())
add('c03/.npmrc', f"""registry=https://pkgs.dev.azure.com/{org}/_packaging/{feed}/npm/registry/
always-auth=true

; begin auth token
{base}/registry/:username={org}
{base}/registry/:_password={enc}
{base}/registry/:email=npm requires email to be set but doesn't use the value
{base}/:username={org}
{base}/:_password={enc}
{base}/:email=npm requires email to be set but doesn't use the value
; end auth token
""")
add('c03/README.md', f"""# {org} web client

Packages are restored from the `{feed}` Azure Artifacts feed. The `.npmrc` in this folder is
already set up, so `npm ci` works on the build agents without extra steps.

```sh
npm ci
npm run build
```
""")

# c04 bun scoped registries (token form and username/password form)
org = pick(ORGS)
add('c04/bunfig.toml', f"""# bun configuration for the {org} API gateway
telemetry = false

[install]
exact = true
auto = "disable"
registry = "https://registry.npmjs.org"

[install.scopes]
"@{org}" = {{ token = "{npm_tok()}", url = "https://registry.npmjs.org/" }}
"@{org}-internal" = {{ username = "bun-ci", password = "{pw(24)}", url = "https://nexus.{org}.io/repository/npm-private/" }}

[install.cache]
dir = "~/.bun/install/cache"
disable = false

[test]
coverage = true
coverageThreshold = 0.8
""")

# c05 pnpm workspace: GitLab project registry + Font Awesome Pro token
org = pick(ORGS)
pid = random.randint(10000000, 59999999)
add('c05/.npmrc', f"""auto-install-peers=true
strict-peer-dependencies=false
link-workspace-packages=true
shamefully-hoist=false

@{org}:registry=https://gitlab.com/api/v4/projects/{pid}/packages/npm/
//gitlab.com/api/v4/projects/{pid}/packages/npm/:_authToken={glpat()}

# Font Awesome Pro (team license)
@fortawesome:registry=https://npm.fontawesome.com/
//npm.fontawesome.com/:_authToken={uid().upper()}
""")
add('c05/pnpm-workspace.yaml', """packages:
  - "apps/*"
  - "packages/*"
  - "!**/dist/**"
""")

# c06 Dockerfile with the npm token as a build-arg default
org = pick(ORGS)
add('c06/Dockerfile', f"""# syntax=docker/dockerfile:1.6
FROM node:20-alpine AS deps
WORKDIR /app
ARG NPM_TOKEN={npm_tok()}
COPY package.json pnpm-lock.yaml ./
RUN echo "//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}" > .npmrc \\
 && echo "@{org}:registry=https://registry.npmjs.org/" >> .npmrc \\
 && corepack enable \\
 && pnpm install --frozen-lockfile \\
 && rm -f .npmrc

FROM node:20-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN corepack enable && pnpm run build

FROM gcr.io/distroless/nodejs20-debian12
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
EXPOSE 8080
CMD ["dist/server.js"]
""")

# c07 pip.conf pointing at Artifactory with user and API key in the URL
org = pick(ORGS)
person = pick(PEOPLE)
add('c07/etc/pip.conf', f"""# Provisioned by ansible role python-base
[global]
index-url = https://{person}%40{org}.com:{akcp()}@{org}.jfrog.io/artifactory/api/pypi/pypi-virtual/simple
trusted-host = {org}.jfrog.io
timeout = 60
retries = 5
disable-pip-version-check = true

[install]
no-cache-dir = false
progress-bar = off
""")

# c08 .pypirc with PyPI, TestPyPI and an internal Nexus
org = pick(ORGS)
proj = pick(['fastcsv', 'ratelimitkit', 'pgwatch', 'tinyqueue', 'slugify-ng'])
add('c08/.pypirc', f"""[distutils]
index-servers =
    pypi
    testpypi
    internal

[pypi]
username = __token__
password = {pypi_tok(project=proj)}

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
password = {pypi_tok('test.pypi.org')}

[internal]
repository = https://nexus.{org}.net/repository/pypi-hosted/
username = release-bot
password = {pw(22)}
""")

# c09 Poetry auth.toml (keyring disabled on the build box) + config.toml + pyproject
org = pick(ORGS)
add('c09/ci/poetry-home/auth.toml', f"""[http-basic.{org}]
username = "{org}"
password = "{azpat()}"

[pypi-token]
pypi = "{pypi_tok()}"
""")
add('c09/ci/poetry-home/config.toml', f"""[virtualenvs]
in-project = true
create = true

[keyring]
enabled = false

[repositories.{org}]
url = "https://pkgs.dev.azure.com/{org}/_packaging/python/pypi/upload/"
""")
add('c09/pyproject.toml', f"""[tool.poetry]
name = "{org}-etl"
version = "{ver()}"
description = "Nightly ETL jobs"
authors = ["Data Platform <data@{org}.com>"]
packages = [{{ include = "etl", from = "src" }}]

[tool.poetry.dependencies]
python = "^3.11"
pandas = "^2.2"
sqlalchemy = "^2.0"
{org}-common = {{ version = "^1.8", source = "{org}" }}

[[tool.poetry.source]]
name = "{org}"
url = "https://pkgs.dev.azure.com/{org}/_packaging/python/pypi/simple/"
priority = "supplemental"

[build-system]
requires = ["poetry-core>=1.8"]
build-backend = "poetry.core.masonry.api"
""")

# c10 uv index with a GitLab deploy token embedded in the URL
org = pick(ORGS)
pid = random.randint(10000000, 59999999)
add('c10/pyproject.toml', f"""[project]
name = "{org}-ml-serving"
version = "{ver()}"
requires-python = ">=3.11"
dependencies = [
    "fastapi>=0.111",
    "uvicorn[standard]>=0.30",
    "{org}-features>=2.3",
    "onnxruntime>=1.18",
]

[tool.uv]
dev-dependencies = ["pytest>=8", "ruff>=0.5"]

[[tool.uv.index]]
name = "gitlab"
url = "https://gitlab+deploy-token-{random.randint(1000000, 9999999)}:{gldt()}@gitlab.com/api/v4/projects/{pid}/packages/pypi/simple"
explicit = true

[tool.uv.sources]
{org}-features = {{ index = "gitlab" }}

[tool.ruff]
line-length = 110
""")

# c11 PDM global config
org = pick(ORGS)
add('c11/home/dev/.config/pdm/config.toml', f"""[python]
use_venv = true

[venv]
in_project = true
backend = "virtualenv"

[pypi]
url = "https://pypi.org/simple"
verify_ssl = true

[pypi.{org}]
url = "https://pypi.{org}.io/simple"
username = "pdm-reader"
password = "{pw(28)}"

[repository.pypi]
username = "__token__"
password = "{pypi_tok()}"

[repository.{org}]
url = "https://pypi.{org}.io/"
username = "pdm-publisher"
password = "{pw(28)}"
""")

# c12 requirements.txt with a Gemfury token as URL user
org = pick(ORGS)
add('c12/requirements.txt', f"""# Production dependencies - regenerate with pip-compile
--extra-index-url https://{draw(lambda: r(21))}:@pypi.fury.io/{org}/

asgiref==3.8.1
boto3==1.34.122
celery==5.4.0
django==4.2.13
django-storages==1.14.3
{org}-auth==0.9.4
{org}-billing-client==2.1.0
gunicorn==22.0.0
psycopg[binary]==3.1.19
redis==5.0.5
sentry-sdk==2.5.1
""")

# c13 conda channels with an anaconda.org token and an Artifactory mirror with basic auth
org = pick(ORGS)
add('c13/.condarc', f"""# conda config for the {org} research cluster
channels:
  - https://conda.anaconda.org/t/{draw(lambda: r(2, LOW) + '-' + uid())}/{org}
  - conda-forge
  - nodefaults
channel_priority: strict
show_channel_urls: true
ssl_verify: true
auto_activate_base: false
pkgs_dirs:
  - /scratch/conda/pkgs
custom_channels:
  {org}-mirror: https://conda-ci:{pw(20, '')}@{org}.jfrog.io/artifactory/api/conda/conda-remote
envs_dirs:
  - /scratch/conda/envs
""")

# c14 Ruby: Sidekiq Enterprise credentials in the Gemfile + GitHub Packages in .bundle/config
org = pick(ORGS)
add('c14/Gemfile', f"""source "https://rubygems.org"
git_source(:github) {{ |repo| "https://github.com/#{{repo}}.git" }}

ruby "3.3.1"

gem "rails", "~> 7.1.3"
gem "pg", "~> 1.5"
gem "puma", ">= 6.4"
gem "redis", "~> 5.2"
gem "bootsnap", require: false

source "https://{hx(8)}:{hx(8)}@enterprise.contribsys.com/" do
  gem "sidekiq-ent"
  gem "sidekiq-pro"
end

source "https://rubygems.pkg.github.com/{org}" do
  gem "{org}-auth", "~> 2.0"
end

group :development, :test do
  gem "rspec-rails", "~> 6.1"
  gem "rubocop-rails", require: false
end
""")
add('c14/.bundle/config', f"""---
BUNDLE_PATH: "vendor/bundle"
BUNDLE_JOBS: "4"
BUNDLE_RETRY: "3"
BUNDLE_DEPLOYMENT: "true"
BUNDLE_WITHOUT: "development:test"
BUNDLE_RUBYGEMS__PKG__GITHUB__COM: "{pick(USERS)}:{ghp()}"
""")

# c15 C++: vcpkg binary cache SAS in CI and a Conan credentials file
org = pick(ORGS)
acct = org + 'buildcache'
st = ts(1740000000, 1750000000)
sig = b64(rb(32)).replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')
sas = f"sv=2022-11-02&ss=b&srt=co&sp=rwdlacx&se={date(st + 3 * 31536000)}&st={date(st)}&spr=https&sig={sig}"
add('c15/.github/workflows/build.yml', f"""name: build
on:
  push:
    branches: [main]
  pull_request:

env:
  VCPKG_BINARY_SOURCES: "clear;x-azblob,https://{acct}.blob.core.windows.net/vcpkg,{sas},readwrite"
  VCPKG_DEFAULT_TRIPLET: x64-linux

jobs:
  build:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
        with:
          submodules: recursive
      - name: Bootstrap vcpkg
        run: ./vcpkg/bootstrap-vcpkg.sh -disableMetrics
      - name: Configure
        run: cmake --preset ci -DCMAKE_TOOLCHAIN_FILE=vcpkg/scripts/buildsystems/vcpkg.cmake
      - name: Build
        run: cmake --build --preset ci -j 4
      - name: Conan upload
        env:
          CONAN_HOME: ${{{{ github.workspace }}}}/ci/conan_home
        run: conan upload "{org}-core/*" -r {org}-conan -c
""")
add('c15/ci/conan_home/credentials.json', json.dumps({'credentials': [
    {'remote': f'{org}-conan', 'user': 'conan-ci', 'password': akcp()}]}, indent=4) + '\n')
add('c15/ci/conan_home/remotes.json', json.dumps({'remotes': [
    {'name': 'conancenter', 'url': 'https://center2.conan.io', 'verify_ssl': True},
    {'name': f'{org}-conan', 'url': f'https://{org}.jfrog.io/artifactory/api/conan/conan-local', 'verify_ssl': True}]},
    indent=4) + '\n')

# c16 committed .gem/credentials next to the gemspec
org = pick(ORGS)
gem = pick(['fluent-validator', 'rack-throttle-plus', 'jsonapi-lite', 'ledger-sync'])
add('c16/.gem/credentials', f"""---
:rubygems_api_key: {rubygems()}
https://rubygems.pkg.github.com/{org}: Bearer {ghp()}
""")
add('c16/{}.gemspec'.format(gem), f"""# frozen_string_literal: true

require_relative "lib/{gem.replace('-', '/')}/version"

Gem::Specification.new do |spec|
  spec.name = "{gem}"
  spec.version = "{ver()}"
  spec.authors = ["{org.title()} Engineering"]
  spec.email = ["oss@{org}.com"]
  spec.summary = "Small, dependency-free helpers"
  spec.homepage = "https://github.com/{org}/{gem}"
  spec.license = "MIT"
  spec.required_ruby_version = ">= 3.0"
  spec.metadata["rubygems_mfa_required"] = "true"
  spec.files = Dir["lib/**/*.rb", "LICENSE.txt", "README.md"]
  spec.require_paths = ["lib"]
end
""")

# c17 Cargo credentials.toml with crates.io and an Artifactory-backed registry
org = pick(ORGS)
add('c17/.cargo/credentials.toml', f"""[registry]
token = "{cio()}"

[registries.{org}]
token = "Bearer {reftkn()}"
""")
add('c17/.cargo/config.toml', f"""[registries.{org}]
index = "sparse+https://{org}.jfrog.io/artifactory/api/cargo/cargo-local/index/"
credential-provider = "cargo:token"

[registry]
global-credential-providers = ["cargo:token"]

[net]
git-fetch-with-cli = true

[build]
rustflags = ["-C", "target-cpu=x86-64-v2"]
""")

# c18 release workflow with an inline crates.io token (npm part uses a secret)
org = pick(ORGS)
add('c18/.github/workflows/release.yml', f"""name: release

on:
  push:
    tags: ["v*"]

jobs:
  crates:
    runs-on: ubuntu-latest
    env:
      CARGO_TERM_COLOR: always
      CARGO_REGISTRY_TOKEN: {cio()}
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - run: cargo publish -p {org}-proto
      - run: cargo publish -p {org}-client

  npm:
    runs-on: ubuntu-latest
    needs: crates
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: cargo install wasm-pack && wasm-pack build --target bundler --scope {org}
      - run: npm publish ./pkg --access public
        env:
          NODE_AUTH_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}
""")

# c19 netrc copied into the Go build image for private modules
org = pick(ORGS)
add('c19/build/netrc', f"""machine github.com
  login {pick(USERS)}
  password {ghp()}

machine gitlab.{org}.dev
  login gitlab-ci
  password {glpat()}
""")
add('c19/Dockerfile', f"""FROM golang:1.22-bookworm AS build
WORKDIR /src
ENV GOPRIVATE=github.com/{org}/*,gitlab.{org}.dev/*
ENV GONOSUMDB=github.com/{org}/*,gitlab.{org}.dev/*
COPY build/netrc /root/.netrc
RUN chmod 600 /root/.netrc
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/ingest ./cmd/ingest

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/ingest /ingest
ENTRYPOINT ["/ingest"]
""")

# c20 GOPROXY with credentials for an Artifactory Go virtual repo
org = pick(ORGS)
add('c20/Makefile', f"""SHELL := /bin/bash
APP := billing-api
export GOPROXY := https://go-ci:{reftkn()}@{org}.jfrog.io/artifactory/api/go/go-virtual,https://proxy.golang.org,direct
export GONOSUMDB := go.{org}.io/*
export GOFLAGS := -mod=mod
export CGO_ENABLED := 0

.PHONY: deps build lint release

deps:
\tgo mod download

build: deps
\tgo build -trimpath -o bin/$(APP) ./cmd/$(APP)

lint:
\tgolangci-lint run ./...

release: build
\tgoreleaser release --clean
""")

# c21 GitLab CI rewriting Go module URLs with a personal access token
org = pick(ORGS)
add('c21/.gitlab-ci.yml', f"""stages: [lint, test, build]

variables:
  GOPRIVATE: "gitlab.com/{org}/*"
  GOFLAGS: "-buildvcs=false"

default:
  image: golang:1.22
  before_script:
    - git config --global url."https://oauth2:{glpat()}@gitlab.com/".insteadOf "https://gitlab.com/"
    - go mod download

lint:
  stage: lint
  script:
    - go vet ./...

test:
  stage: test
  script:
    - go test -race -coverprofile=cover.out ./...
  artifacts:
    paths: [cover.out]

build:
  stage: build
  script:
    - go build -o dist/worker ./cmd/worker
  artifacts:
    paths: [dist/]
""")

# c22 Maven settings.xml with Nexus deployment credentials and a mirror
org = pick(ORGS)
npw = pw(18, '!#%*+=?^_')
add('c22/settings.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <localRepository>/var/cache/maven/repository</localRepository>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployment</username>
      <password>{npw}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>deployment</username>
      <password>{npw}</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.{org}.internal/repository/maven-public/</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>{org}</id>
      <properties>
        <altReleaseDeploymentRepository>nexus-releases::https://nexus.{org}.internal/repository/maven-releases/</altReleaseDeploymentRepository>
        <altSnapshotDeploymentRepository>nexus-snapshots::https://nexus.{org}.internal/repository/maven-snapshots/</altSnapshotDeploymentRepository>
      </properties>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>{org}</activeProfile>
  </activeProfiles>
</settings>
""")

# c23 CI Maven settings: Central Portal user token, GitHub Packages, GPG passphrase
org = pick(ORGS)
add('c23/.github/maven-settings.xml', f"""<settings>
  <servers>
    <server>
      <id>central</id>
      <username>{draw(lambda: r(8))}</username>
      <password>{draw(lambda: r(44, A + '+/'))}</password>
    </server>
    <server>
      <id>github</id>
      <username>{pick(USERS)}</username>
      <password>{gh_fine()}</password>
    </server>
  </servers>
  <profiles>
    <profile>
      <id>release</id>
      <properties>
        <gpg.keyname>{hx(16).upper()}</gpg.keyname>
        <gpg.passphrase>{pw(24, '!#%*+=?^_')}</gpg.passphrase>
      </properties>
    </profile>
  </profiles>
</settings>
""")
add('c23/.github/workflows/publish.yml', f"""name: publish
on:
  release:
    types: [published]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: 21
      - run: mvn -B -s .github/maven-settings.xml -P release deploy
""")

# c24 gradle.properties with GitHub Packages and Artifactory credentials
org = pick(ORGS)
add('c24/gradle.properties', f"""org.gradle.jvmargs=-Xmx4g -XX:MaxMetaspaceSize=1g -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
org.gradle.configuration-cache=true
kotlin.code.style=official
android.useAndroidX=true
android.nonTransitiveRClass=true

# package registries
gpr.user={pick(USERS)}
gpr.key={ghp()}
artifactoryUser={pick(PEOPLE)}@{org}.com
artifactoryPassword={akcp()}
""")
add('c24/settings.gradle.kts', f"""pluginManagement {{
    repositories {{
        gradlePluginPortal()
        google()
        mavenCentral()
    }}
}}

dependencyResolutionManagement {{
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {{
        google()
        mavenCentral()
        maven {{
            url = uri("https://maven.pkg.github.com/{org}/android-libs")
            credentials {{
                username = providers.gradleProperty("gpr.user").get()
                password = providers.gradleProperty("gpr.key").get()
            }}
        }}
        maven {{
            url = uri("https://{org}.jfrog.io/artifactory/libs-release")
            credentials {{
                username = providers.gradleProperty("artifactoryUser").get()
                password = providers.gradleProperty("artifactoryPassword").get()
            }}
        }}
    }}
}}

rootProject.name = "{org}-android"
include(":app", ":core", ":feature-checkout")
""")

# c25 Gradle init script with Nexus credentials for every build on the agent
org = pick(ORGS)
add('c25/ci/gradle/init.d/nexus.gradle', f"""// Installed on all build agents by the ci-agent image.
// Routes every project through the internal Nexus group.
def nexusUrl = "https://nexus.{org}.net/repository/maven-group/"
def nexusUser = "gradle-agent"
def nexusPass = "{pw(26, '')}"

settingsEvaluated {{ settings ->
    settings.pluginManagement {{
        repositories {{
            maven {{
                url nexusUrl
                credentials {{
                    username nexusUser
                    password nexusPass
                }}
            }}
        }}
    }}
}}

allprojects {{
    repositories {{
        all {{ ArtifactRepository repo ->
            if (repo instanceof MavenArtifactRepository && !repo.url.toString().startsWith(nexusUrl)) {{
                project.logger.lifecycle "Repository ${{repo.url}} removed, using Nexus"
                remove repo
            }}
        }}
        maven {{
            url nexusUrl
            credentials {{
                username nexusUser
                password nexusPass
            }}
        }}
    }}
}}
""")

# c26 gradle.properties for Maven Central publishing with an in-memory signing key
org = pick(ORGS)
add('c26/gradle.properties', f"""GROUP=io.{org}
VERSION_NAME={ver()}
POM_ARTIFACT_ID={org}-kmp-core
POM_NAME={org.title()} KMP Core
POM_DESCRIPTION=Kotlin Multiplatform core utilities
POM_URL=https://github.com/{org}/kmp-core
POM_LICENSE_NAME=Apache-2.0
POM_DEVELOPER_ID={org}

SONATYPE_HOST=CENTRAL_PORTAL
RELEASE_SIGNING_ENABLED=true

mavenCentralUsername={draw(lambda: r(8))}
mavenCentralPassword={draw(lambda: r(44))}
signingInMemoryKeyId={hx(8).upper()}
signingInMemoryKeyPassword={pw(20, '!#%*+=?^_')}
signingInMemoryKey={pgp_secret_oneline()}

kotlin.mpp.stability.nowarn=true
org.gradle.jvmargs=-Xmx3g
""")

# c27 Develocity access key for the build cache in CI
org = pick(ORGS)
add('c27/.github/workflows/ci.yml', f"""name: ci
on: [push, pull_request]

env:
  DEVELOCITY_ACCESS_KEY: develocity.{org}.io={draw(lambda: r(52, LOW + DIG))}
  GRADLE_OPTS: -Dorg.gradle.daemon=false

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-java@v4
        with:
          distribution: zulu
          java-version: 17
      - uses: gradle/actions/setup-gradle@v3
      - run: ./gradlew check --scan --build-cache
""")
add('c27/settings.gradle.kts', f"""plugins {{
    id("com.gradle.develocity") version "3.17.4"
}}

develocity {{
    server = "https://develocity.{org}.io"
    buildScan {{
        uploadInBackground = System.getenv("CI") == null
        publishing.onlyIf {{ true }}
    }}
}}

buildCache {{
    remote(develocity.buildCache) {{
        isPush = System.getenv("CI") != null
    }}
}}

rootProject.name = "ledger-service"
""")

# c28 sbt publishing credentials (file + inline)
org = pick(ORGS)
add('c28/.credentials', f"""realm=Sonatype Nexus Repository Manager
host=nexus.{org}.io
user=sbt-publisher
password={pw(24, '')}
""")
add('c28/build.sbt', f"""ThisBuild / organization := "io.{org}"
ThisBuild / scalaVersion := "3.4.2"
ThisBuild / version := "{ver()}"

lazy val root = (project in file("."))
  .settings(
    name := "{org}-streams",
    libraryDependencies ++= Seq(
      "co.fs2" %% "fs2-core" % "3.10.2",
      "org.typelevel" %% "cats-effect" % "3.5.4",
      "org.scalameta" %% "munit" % "1.0.0" % Test
    ),
    publishTo := Some("{org} releases" at "https://nexus.{org}.io/repository/maven-releases/"),
    credentials += Credentials(baseDirectory.value / ".credentials"),
    credentials += Credentials("GitHub Package Registry", "maven.pkg.github.com", "{pick(USERS)}", "{ghp()}"),
    resolvers += "GitHub Package Registry" at "https://maven.pkg.github.com/{org}/scala-libs"
  )
""")

# c29 NuGet.config with a cleartext Azure DevOps PAT (new 84-char format)
org = pick(ORGS)
add('c29/NuGet.config', f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="{org}" value="https://pkgs.dev.azure.com/{org}/_packaging/{org}-feed/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <{org}>
      <add key="Username" value="build" />
      <add key="ClearTextPassword" value="{azpat84()}" />
    </{org}>
  </packageSourceCredentials>
  <packageSourceMapping>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
    <packageSource key="{org}">
      <package pattern="{org.title()}.*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
""")

# c30 PowerShell release script pushing to nuget.org and the Chocolatey community repo
org = pick(ORGS)
add('c30/build/publish.ps1', f"""#Requires -Version 7
param(
    [string]$Configuration = "Release",
    [switch]$SkipChoco
)
$ErrorActionPreference = "Stop"

$NuGetApiKey = "{nuget_key()}"
$ChocoApiKey = "{uid()}"

dotnet pack src/{org.title()}.Cli/{org.title()}.Cli.csproj -c $Configuration -o artifacts
Get-ChildItem artifacts -Filter *.nupkg | ForEach-Object {{
    dotnet nuget push $_.FullName --api-key $NuGetApiKey --source https://api.nuget.org/v3/index.json --skip-duplicate
}}

if (-not $SkipChoco) {{
    choco pack packaging/chocolatey/{org}-cli.nuspec --outputdirectory artifacts
    choco push (Get-Item artifacts/{org}-cli.*.nupkg).FullName --source https://push.chocolatey.org/ --api-key $ChocoApiKey
}}
""")

# c31 Composer auth.json committed with the project
org = pick(ORGS)
add('c31/auth.json', json.dumps({
    'github-oauth': {'github.com': ghp()},
    'gitlab-token': {f'gitlab.{org}.dev': glpat()},
    'bitbucket-oauth': {'bitbucket.org': {'consumer-key': draw(lambda: r(18)),
                                          'consumer-secret': draw(lambda: r(32))}},
    'http-basic': {f'satis.{org}.io': {'username': 'composer', 'password': pw(24, '')}}}, indent=4) + '\n')
add('c31/composer.json', json.dumps({
    'name': f'{org}/shop', 'type': 'project', 'require': {'php': '^8.2', 'laravel/framework': '^11.0',
                                                          f'{org}/payments': '^4.1'},
    'repositories': [{'type': 'composer', 'url': f'https://satis.{org}.io'},
                     {'type': 'vcs', 'url': f'https://gitlab.{org}.dev/php/payments.git'}],
    'config': {'sort-packages': True, 'optimize-autoloader': True}}, indent=4) + '\n')

# c32 Docker config.json with inline auths
org = pick(ORGS)
add('c32/deploy/.docker/config.json', json.dumps({
    'auths': {
        'https://index.docker.io/v1/': {'auth': b64(f'{org}ci:{dckr()}')},
        'ghcr.io': {'auth': b64(f'{pick(USERS)}:{ghp()}')},
        'registry.gitlab.com': {'auth': b64(f'{pick(PEOPLE)}:{glpat()}')}},
    'currentContext': 'default',
    'plugins': {'-x-cli-hints': {'enabled': 'false'}}}, indent='\t') + '\n')

# c33 Kubernetes pull secret: dockerconfigjson is base64 of JSON holding user/password/auth
org = pick(ORGS)
host = f'harbor.{org}.io'
hu, hp = f'robot${org}+puller', draw(lambda: r(32))
inner = json.dumps({'auths': {host: {'username': hu, 'password': hp, 'auth': b64(f'{hu}:{hp}')}}})
add('c33/k8s/base/regcred.yaml', f"""apiVersion: v1
kind: Secret
metadata:
  name: harbor-pull
  namespace: {org}-prod
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {b64(inner)}
""")
add('c33/k8s/base/deployment.yaml', f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: {org}-prod
spec:
  replicas: 3
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      imagePullSecrets:
        - name: harbor-pull
      containers:
        - name: checkout
          image: {host}/shop/checkout:{ver()}
          ports:
            - containerPort: 8080
""")
add('c33/k8s/base/kustomization.yaml', """resources:
  - regcred.yaml
  - deployment.yaml
""")

# c34 registry login script: Quay robot, Harbor robot, Artifact Registry service-account key
org = pick(ORGS)
proj = f'{org}-platform-{random.randint(100, 999)}'
add('c34/scripts/registry-login.sh', f"""#!/usr/bin/env bash
# Logs the build host into every registry we push to.
set -euo pipefail

echo "{draw(lambda: r(64, UP + DIG))}" | docker login quay.io -u "{org}+deployer" --password-stdin

docker login harbor.{org}.io \\
  --username 'robot${org}+ci' \\
  --password '{draw(lambda: r(32))}'

# Artifact Registry (europe-west1)
cat "$(dirname "$0")/../ci/gar-pusher.json" | docker login -u _json_key --password-stdin https://europe-west1-docker.pkg.dev
""")
add('c34/ci/gar-pusher.json', gcp_sa_json(proj, 'gar-pusher'))

# c35 Helm repositories.yaml with basic-auth repositories
org = pick(ORGS)
add('c35/.config/helm/repositories.yaml', f"""apiVersion: ""
generated: "{date(ts(1740000000, 1760000000))}"
repositories:
- caFile: ""
  certFile: ""
  insecure_skip_tls_verify: false
  keyFile: ""
  name: bitnami
  pass_credentials_all: false
  password: ""
  url: https://charts.bitnami.com/bitnami
  username: ""
- caFile: ""
  certFile: ""
  insecure_skip_tls_verify: false
  keyFile: ""
  name: {org}
  pass_credentials_all: false
  password: {akcp()}
  url: https://{org}.jfrog.io/artifactory/api/helm/helm-virtual
  username: helm-ci
- caFile: ""
  certFile: ""
  insecure_skip_tls_verify: false
  keyFile: ""
  name: chartmuseum
  pass_credentials_all: false
  password: {pw(22, '')}
  url: https://charts.{org}.internal
  username: admin
""")

# c36 Terraform CLI credentials.tfrc.json
org = pick(ORGS)
add('c36/.terraform.d/credentials.tfrc.json', json.dumps({'credentials': {'app.terraform.io': {'token': tfc()}}},
                                                          indent=2) + '\n')
add('c36/infra/versions.tf', f"""terraform {{
  required_version = ">= 1.6"

  cloud {{
    organization = "{org}"
    workspaces {{
      tags = ["platform", "prod"]
    }}
  }}

  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.50"
    }}
  }}
}}
""")

# c37 .terraformrc with credentials blocks and a provider mirror
org = pick(ORGS)
add('c37/.terraformrc', f"""plugin_cache_dir   = "$HOME/.terraform.d/plugin-cache"
disable_checkpoint = true

credentials "app.terraform.io" {{
  token = "{tfc()}"
}}

credentials "tfe.{org}.internal" {{
  token = "{tfc()}"
}}

provider_installation {{
  network_mirror {{
    url     = "https://tf-mirror.{org}.internal/providers/"
    include = ["registry.terraform.io/*/*"]
  }}
  direct {{
    exclude = ["registry.terraform.io/*/*"]
  }}
}}
""")

# c38 JFrog CLI server config with an access token and refresh token
org = pick(ORGS)
add('c38/.jfrog/jfrog-cli.conf.v6', json.dumps({
    'servers': [{
        'url': f'https://{org}.jfrog.io/',
        'artifactoryUrl': f'https://{org}.jfrog.io/artifactory/',
        'distributionUrl': f'https://{org}.jfrog.io/distribution/',
        'xrayUrl': f'https://{org}.jfrog.io/xray/',
        'missionControlUrl': f'https://{org}.jfrog.io/mc/',
        'pipelinesUrl': f'https://{org}.jfrog.io/pipelines/',
        'user': 'ci-deployer',
        'accessToken': jfrog_access(org, 'ci-deployer'),
        'refreshToken': uid(),
        'serverId': org,
        'isDefault': True}],
    'version': '6'}, indent=2) + '\n')

# c39 AWS CodeArtifact: bootstrap script with IAM keys and a pasted token in .npmrc
org = pick(ORGS)
acct = str(random.randint(100000000000, 999999999999))
region = pick(['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'])
kid, sec = aws_pair()
add('c39/scripts/codeartifact-login.sh', f"""#!/bin/sh
# Used by the on-prem runners that have no instance role.
export AWS_ACCESS_KEY_ID={kid}
export AWS_SECRET_ACCESS_KEY={sec}
export AWS_DEFAULT_REGION={region}

CODEARTIFACT_AUTH_TOKEN=$(aws codeartifact get-authorization-token \\
  --domain {org} --domain-owner {acct} --query authorizationToken --output text)
export CODEARTIFACT_AUTH_TOKEN

pip config set global.index-url "https://aws:$CODEARTIFACT_AUTH_TOKEN@{org}-{acct}.d.codeartifact.{region}.amazonaws.com/pypi/pypi-store/simple/"
""")
add('c39/.npmrc', f"""registry=https://{org}-{acct}.d.codeartifact.{region}.amazonaws.com/npm/npm-store/
//{org}-{acct}.d.codeartifact.{region}.amazonaws.com/npm/npm-store/:_authToken={codeartifact_tok()}
always-auth=true
""")

# c40 .bazelrc with a BuildBuddy API key header and a basic-auth HTTP cache
org = pick(ORGS)
add('c40/.bazelrc', f"""common --enable_bzlmod
build --incompatible_strict_action_env
build --java_runtime_version=remotejdk_17

# BuildBuddy remote cache + BES
build:remote --bes_results_url=https://{org}.buildbuddy.io/invocation/
build:remote --bes_backend=grpcs://{org}.buildbuddy.io
build:remote --remote_cache=grpcs://{org}.buildbuddy.io
build:remote --remote_header=x-buildbuddy-api-key={draw(lambda: r(20))}
build:remote --remote_timeout=3600
build:remote --remote_download_minimal

# fallback HTTP cache in the office
build:office --remote_cache=https://bazel:{pw(24, '')}@bazel-cache.{org}.lan
build:office --remote_upload_local_results=true

build:ci --config=remote
build:ci --noshow_progress
test --test_output=errors
try-import %workspace%/user.bazelrc
""")

# c41 Makefile that publishes to PyPI and npm with inline tokens
org = pick(ORGS)
add('c41/Makefile', f"""PYTHON ?= python3
PKG := {org}_sdk
PYPI_TOKEN ?= {pypi_tok(project=org + '-sdk')}
NPM_TOKEN ?= {npm_tok()}

.PHONY: clean dist publish publish-js

clean:
\trm -rf dist build *.egg-info js/dist

dist: clean
\t$(PYTHON) -m build

publish: dist
\t$(PYTHON) -m twine check dist/*
\t$(PYTHON) -m twine upload --non-interactive -u __token__ -p $(PYPI_TOKEN) dist/*

publish-js:
\tcd js && npm ci && npm run build
\tcd js && npm publish --access public --//registry.npmjs.org/:_authToken=$(NPM_TOKEN)
""")

# c42 Buildkite pipeline with a Cloudsmith API key in env
org = pick(ORGS)
add('c42/.buildkite/pipeline.yml', f"""env:
  CLOUDSMITH_API_KEY: "{hx(40)}"
  DEB_DISTRO: ubuntu/jammy

steps:
  - label: ":debian: build packages"
    key: build
    command:
      - make deb
    artifact_paths: "dist/*.deb"
    agents:
      queue: linux-amd64

  - label: ":rocket: publish to Cloudsmith"
    depends_on: build
    if: build.tag != null
    command:
      - buildkite-agent artifact download "dist/*.deb" .
      - pip install --quiet cloudsmith-cli
      - for f in dist/*.deb; do cloudsmith push deb {org}/stable/$$DEB_DISTRO "$$f"; done
""")

# c43 CocoaPods: private spec repo URL with a PAT in the Podfile + trunk session in netrc
org = pick(ORGS)
add('c43/Podfile', f"""platform :ios, '15.0'
inhibit_all_warnings!
use_frameworks! :linkage => :static

source 'https://{pick(USERS)}:{ghp()}@github.com/{org}/ios-specs.git'
source 'https://cdn.cocoapods.org/'

target '{org.title()}App' do
  pod '{org.title()}Core', '~> 3.2'
  pod '{org.title()}Payments', '~> 1.7'
  pod 'Alamofire', '~> 5.9'
  pod 'SnapKit', '~> 5.7'

  target '{org.title()}AppTests' do
    inherit! :search_paths
  end
end

post_install do |installer|
  installer.pods_project.targets.each do |t|
    t.build_configurations.each {{ |c| c.build_settings['IPHONEOS_DEPLOYMENT_TARGET'] = '15.0' }}
  end
end
""")
add('c43/ci/netrc', f"""machine trunk.cocoapods.org
  login mobile@{org}.com
  password {hx(32)}
""")

# c44 Swift Package Manager: token in the package URL, mirrored into Package.resolved
org = pick(ORGS)
tok = ghp()
user = pick(USERS)
add('c44/Package.swift', f"""// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "{org.title()}Kit",
    platforms: [.iOS(.v15), .macOS(.v13)],
    products: [
        .library(name: "{org.title()}Kit", targets: ["{org.title()}Kit"]),
    ],
    dependencies: [
        .package(url: "https://{user}:{tok}@github.com/{org}/{org}-core-sdk.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.4"),
    ],
    targets: [
        .target(name: "{org.title()}Kit", dependencies: [
            .product(name: "CoreSDK", package: "{org}-core-sdk"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "{org.title()}KitTests", dependencies: ["{org.title()}Kit"]),
    ]
)
""")
add('c44/Package.resolved', json.dumps({
    'originHash': hx(64),
    'pins': [
        {'identity': f'{org}-core-sdk', 'kind': 'remoteSourceControl',
         'location': f'https://{user}:{tok}@github.com/{org}/{org}-core-sdk.git',
         'state': {'revision': hx(40), 'version': '2.4.1'}},
        {'identity': 'swift-log', 'kind': 'remoteSourceControl',
         'location': 'https://github.com/apple/swift-log.git',
         'state': {'revision': hx(40), 'version': '1.5.4'}}],
    'version': 2}, indent=2, separators=(',', ' : ')) + '\n')

# c45 Unity Package Manager user config with scoped registry auth
org = pick(ORGS)
add('c45/.upmconfig.toml', f"""# Unity Package Manager auth for {org} studios
[npmAuth."https://npm.pkg.github.com/@{org}"]
token = "{ghp()}"
alwaysAuth = true

[npmAuth."https://upm.{org}-games.com"]
_auth = "{b64('unity-ci:' + pw(22, ''))}"
email = "unity-ci@{org}-games.com"
alwaysAuth = true
""")
add('c45/Packages/manifest.json', json.dumps({
    'scopedRegistries': [
        {'name': f'{org} GitHub', 'url': f'https://npm.pkg.github.com/@{org}', 'scopes': [f'com.{org}']},
        {'name': f'{org} UPM', 'url': f'https://upm.{org}-games.com', 'scopes': [f'com.{org}.internal']}],
    'dependencies': {f'com.{org}.netcode': '2.3.0', f'com.{org}.internal.analytics': '1.1.4',
                     'com.unity.inputsystem': '1.8.2', 'com.unity.render-pipelines.universal': '17.0.3'}},
    indent=2) + '\n')


# ================================================================ negatives

# x01 .npmrc reading the token from the environment + lockfile integrity hashes
org = pick(ORGS)
add('x01/.npmrc', f"""# npm settings for the {org} monorepo
registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}
@{org}:registry=https://registry.npmjs.org/
save-exact=true
engine-strict=true
fund=false
""")
lock_pkgs = {}
for name in ['lodash', 'semver', 'chalk', 'debug', 'ms', 'picocolors']:
    v = ver()
    lock_pkgs['node_modules/' + name] = {'version': v, 'resolved': f'https://registry.npmjs.org/{name}/-/{name}-{v}.tgz',
                                         'integrity': sha512_integrity(), 'license': 'MIT'}
add('x01/package-lock.json', json.dumps({'name': f'@{org}/design-tokens', 'version': ver(), 'lockfileVersion': 3,
                                         'requires': True, 'packages': lock_pkgs}, indent=2) + '\n')

# x02 .yarnrc.yml with env interpolation + yarn.lock checksums
org = pick(ORGS)
add('x02/.yarnrc.yml', f"""compressionLevel: mixed

enableGlobalCache: false

nodeLinker: node-modules

npmScopes:
  {org}:
    npmAlwaysAuth: true
    npmAuthToken: "${{GITHUB_PACKAGES_TOKEN:-}}"
    npmRegistryServer: "https://npm.pkg.github.com"

yarnPath: .yarn/releases/yarn-4.2.2.cjs
""")
lines = ['# This file is generated by running "yarn install" inside your project.',
         '# Manual changes might be lost - proceed with caution!', '', '__metadata:', '  version: 8',
         '  cacheKey: 10c0', '']
for name in ['@babel/code-frame', 'ansi-styles', 'escalade', 'picomatch', 'yallist']:
    v = ver()
    lines += [f'"{name}@npm:^{v}":', f'  version: {v}', f'  resolution: "{name}@npm:{v}"',
              f'  checksum: 10c0/{hx(128)}', '  languageName: node', '  linkType: hard', '']
add('x02/yarn.lock', '\n'.join(lines))

# x03 Docker config.json that delegates to credential helpers
org = pick(ORGS)
acct = str(random.randint(100000000000, 999999999999))
add('x03/deploy/.docker/config.json', json.dumps({
    'auths': {'https://index.docker.io/v1/': {}, 'ghcr.io': {}},
    'credsStore': 'desktop',
    'credHelpers': {f'{acct}.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login',
                    'europe-west1-docker.pkg.dev': 'gcloud'},
    'currentContext': 'default'}, indent='\t') + '\n')
add('x03/scripts/push.sh', f"""#!/usr/bin/env bash
set -euo pipefail
REPO={acct}.dkr.ecr.eu-west-1.amazonaws.com/{org}/api
aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin "${{REPO%%/*}}"
echo "$GHCR_TOKEN" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin
docker build -t "$REPO:$GIT_SHA" .
docker push "$REPO:$GIT_SHA"
# pinned base image digest, bumped by renovate
# FROM node:20-alpine@sha256:{hx(64)}
""")

# x04 requirements with env-var credentials and pip hashes; pip.conf using keyring
org = pick(ORGS)
req = ['# pip install --require-hashes -r requirements.txt',
       f'--extra-index-url https://${{ARTIFACTORY_USER}}:${{ARTIFACTORY_API_KEY}}@{org}.jfrog.io/artifactory/api/pypi/pypi-virtual/simple',
       '']
for name in ['asgiref', 'django', 'gunicorn', 'redis', f'{org}-auth']:
    req.append(f'{name}=={ver()} \\')
    req.append(f'    --hash=sha256:{hx(64)} \\')
    req.append(f'    --hash=sha256:{hx(64)}')
add('x04/requirements.txt', '\n'.join(req) + '\n')
add('x04/etc/pip.conf', f"""[global]
index-url = https://VssSessionToken@pkgs.dev.azure.com/{org}/_packaging/python/pypi/simple/
keyring-provider = subprocess
timeout = 60
""")

# x05 Maven settings.xml taking credentials from env, plus a KEYS file of public keys
org = pick(ORGS)
add('x05/settings.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>${{env.NEXUS_USERNAME}}</username>
      <password>${{env.NEXUS_PASSWORD}}</password>
    </server>
    <server>
      <id>gpg.passphrase</id>
      <passphrase>${{env.MAVEN_GPG_PASSPHRASE}}</passphrase>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.{org}.internal/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
""")
pub = b64(b'\x99\x02\x0d\x04' + ts(1600000000, 1700000000).to_bytes(4, 'big') + b'\x01\x10\x00' + rb(1100))
pub_lines = '\n'.join(pub[i:i + 64] for i in range(0, len(pub), 64))
add('x05/KEYS', f"""This file contains the PGP public keys used to sign {org} releases.

Users: pgp < KEYS
       gpg --import KEYS
Developers:
       pgp -kxa <your name> and append it to this file.
       (gpg --list-sigs <your name> && gpg --armor --export <your name>) >> this file.

pub   rsa4096 2023-03-14 [SC]
      {hx(40).upper()}
uid           [ultimate] {org.title()} Release Signing <release@{org}.com>

-----BEGIN PGP PUBLIC KEY BLOCK-----

{pub_lines}
={b64(rb(3))}
-----END PGP PUBLIC KEY BLOCK-----
""")
add('x05/.mvn/wrapper/maven-wrapper.properties', f"""distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.7/apache-maven-3.9.7-bin.zip
distributionSha256Sum={hx(64)}
wrapperVersion=3.3.2
""")

# x06 Cargo with credential providers (no stored token) and Cargo.lock checksums
org = pick(ORGS)
add('x06/.cargo/config.toml', f"""[registry]
global-credential-providers = ["cargo:token-from-stdout vault kv get -field=crates_io ci/cargo", "cargo:libsecret"]

[registries.{org}]
index = "sparse+https://{org}.jfrog.io/artifactory/api/cargo/cargo-local/index/"
credential-provider = "cargo:token-from-stdout vault kv get -field={org}_registry ci/cargo"

[net]
git-fetch-with-cli = true
""")
lock = ['# This file is automatically @generated by Cargo.', '# It is not intended for manual editing.',
        'version = 3', '']
for name in ['anyhow', 'bytes', 'serde', 'tokio', 'tracing']:
    lock += ['[[package]]', f'name = "{name}"', f'version = "{ver()}"',
             'source = "registry+https://github.com/rust-lang/crates.io-index"', f'checksum = "{hx(64)}"', '']
add('x06/Cargo.lock', '\n'.join(lock))

# x07 Terraform lock file hashes + .terraformrc using a credentials helper
org = pick(ORGS)
hashes = '\n'.join(f'    "h1:{b64(rb(32))}",' for _ in range(2)) + '\n' + '\n'.join(
    f'    "zh:{hx(64)}",' for _ in range(6))
add('x07/infra/.terraform.lock.hcl', f"""# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {{
  version     = "5.53.0"
  constraints = "~> 5.50"
  hashes = [
{hashes}
  ]
}}
""")
add('x07/.terraformrc', f"""plugin_cache_dir   = "$HOME/.terraform.d/plugin-cache"
disable_checkpoint = true

# tokens come from the OS keychain via terraform-credentials-keychain
credentials_helper "keychain" {{
  args = []
}}

provider_installation {{
  network_mirror {{
    url = "https://tf-mirror.{org}.internal/providers/"
  }}
}}
""")
add('x07/Makefile', """plan:
\tTF_TOKEN_app_terraform_io=$$(vault kv get -field=token ci/terraform-cloud) terraform -chdir=infra plan
""")

# x08 documentation describing token formats with placeholders only
org = pick(ORGS)
add('x08/docs/publishing.md', f"""# Publishing {org} packages

Release credentials live in the `release` environment of the CI system. Never paste them into
files in this repository.

## npm

npm automation tokens start with `npm_` followed by 36 base62 characters. Locally you can log in
with `npm login`; for CI, the workflow writes:

```ini
//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}
```

## PyPI

PyPI API tokens start with `pypi-` and are long base64 strings. Your `~/.pypirc` should look like:

```ini
[pypi]
username = __token__
password = <your PyPI API token>
```

## GitLab / GitHub

GitLab personal access tokens look like `glpat-` + 20 characters, GitHub classic tokens like
`ghp_************************************`. Use a deploy token scoped to `read_package_registry`:

```sh
git config --global url."https://oauth2:<GITLAB_TOKEN>@gitlab.com/".insteadOf "https://gitlab.com/"
```

## Docker

```sh
echo "$DOCKERHUB_TOKEN" | docker login -u {org}ci --password-stdin
```
""")

# x09 CI log with masked secrets and publish output hashes
org = pick(ORGS)
t0 = ts()
pv = ver()
add('x09/logs/release-build.log', f"""{date(t0)} ##[group]Run npm publish --access public
{date(t0)} npm publish --access public
{date(t0)} shell: /usr/bin/bash -e {{0}}
{date(t0)} env:
{date(t0)}   NPM_CONFIG_USERCONFIG: /home/runner/work/_temp/.npmrc
{date(t0)}   NODE_AUTH_TOKEN: ***
{date(t0)} ##[endgroup]
{date(t0 + 3)} npm notice
{date(t0 + 3)} npm notice package: @{org}/design-tokens@{pv}
{date(t0 + 3)} npm notice === Tarball Details ===
{date(t0 + 3)} npm notice name:          @{org}/design-tokens
{date(t0 + 3)} npm notice package size:  18.4 kB
{date(t0 + 3)} npm notice shasum:        {hx(40)}
{date(t0 + 3)} npm notice integrity:     sha512-{b64(rb(64))[:20]}[...]{b64(rb(64))[-10:]}
{date(t0 + 3)} npm notice total files:   42
{date(t0 + 4)} npm notice Publishing to https://registry.npmjs.org/ with tag latest and public access
{date(t0 + 6)} + @{org}/design-tokens@{pv}
{date(t0 + 7)} ##[group]Run twine upload dist/*
{date(t0 + 7)}   TWINE_USERNAME: __token__
{date(t0 + 7)}   TWINE_PASSWORD: ***
{date(t0 + 8)} Uploading distributions to https://upload.pypi.org/legacy/
{date(t0 + 9)} Uploading {org}_sdk-{ver()}-py3-none-any.whl
{date(t0 + 10)} View at: https://pypi.org/project/{org}-sdk/
{date(t0 + 11)} Run docker login -u {org}ci -p ******** registry-1.docker.io
{date(t0 + 11)} WARNING! Using --password via the CLI is insecure. Use --password-stdin.
{date(t0 + 12)} Login Succeeded
{date(t0 + 14)} latest: digest: sha256:{hx(64)} size: 1786
""")

# x10 Go: netrc generated from env at runtime, insteadOf with the CI job token, go.sum hashes
org = pick(ORGS)
add('x10/.gitlab-ci.yml', f"""variables:
  GOPRIVATE: "gitlab.com/{org}/*"
  GOPROXY: "https://proxy.golang.org,direct"

default:
  image: golang:1.22
  before_script:
    - git config --global url."https://gitlab-ci-token:${{CI_JOB_TOKEN}}@gitlab.com/".insteadOf "https://gitlab.com/"
    - printf 'machine github.com\\nlogin %s\\npassword %s\\n' "$GH_BOT_USER" "$GH_BOT_TOKEN" > ~/.netrc
    - chmod 600 ~/.netrc

test:
  script:
    - go test ./...
""")
gosum = []
for mod in ['github.com/google/uuid', 'github.com/jackc/pgx/v5', 'go.uber.org/zap', f'gitlab.com/{org}/shared']:
    v = 'v' + ver()
    gosum.append(f'{mod} {v} h1:{b64(rb(32))}')
    gosum.append(f'{mod} {v}/go.mod h1:{b64(rb(32))}')
add('x10/go.sum', '\n'.join(gosum) + '\n')

# x11 NuGet.config reading the PAT from an environment variable + lock file hashes + GUIDs
org = pick(ORGS)
add('x11/NuGet.config', f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="{org}" value="https://pkgs.dev.azure.com/{org}/_packaging/{org}-feed/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <{org}>
      <add key="Username" value="build" />
      <add key="ClearTextPassword" value="%""" f"""{org.upper()}_FEED_PAT%" />
    </{org}>
  </packageSourceCredentials>
</configuration>
""")
deps = {}
for name in ['Newtonsoft.Json', 'Serilog', 'Polly', f'{org.title()}.Common']:
    deps[name] = {'type': 'Direct', 'requested': f'[{ver()}, )', 'resolved': ver(), 'contentHash': b64(rb(64))}
add('x11/src/App/packages.lock.json', json.dumps({'version': 1, 'dependencies': {'net8.0': deps}}, indent=2) + '\n')
g1, g2 = uid().upper(), uid().upper()
add('x11/App.sln', f"""Microsoft Visual Studio Solution File, Format Version 12.00
# Visual Studio Version 17
VisualStudioVersion = 17.9.34728.123
Project("{{9A19103F-16F7-4668-BE54-9A1E7A4F7556}}") = "App", "src\\App\\App.csproj", "{{{g1}}}"
EndProject
Project("{{9A19103F-16F7-4668-BE54-9A1E7A4F7556}}") = "App.Tests", "tests\\App.Tests\\App.Tests.csproj", "{{{g2}}}"
EndProject
Global
\tGlobalSection(SolutionProperties) = preSolution
\t\tHideSolutionNode = FALSE
\tEndGlobalSection
\tGlobalSection(ExtensibilityGlobals) = postSolution
\t\tSolutionGuid = {{{uid().upper()}}}
\tEndGlobalSection
EndGlobal
""")

# x12 workflow using repository secrets, OIDC trusted publishing and SHA-pinned actions; .bazelrc via helper
org = pick(ORGS)
add('x12/.github/workflows/release.yml', f"""name: release
on:
  push:
    tags: ["v*"]

permissions:
  contents: read
  id-token: write

jobs:
  pypi:
    runs-on: ubuntu-latest
    environment: release
    steps:
      - uses: actions/checkout@{hx(40)} # v4.1.7
      - uses: actions/setup-python@{hx(40)} # v5.1.0
        with:
          python-version: "3.12"
      - run: python -m pip install build && python -m build
      - uses: pypa/gh-action-pypi-publish@{hx(40)} # release/v1.9
  crates:
    runs-on: ubuntu-latest
    env:
      CARGO_REGISTRY_TOKEN: ${{{{ secrets.CRATES_IO_TOKEN }}}}
    steps:
      - uses: actions/checkout@{hx(40)} # v4.1.7
      - run: cargo publish -p {org}-proto
""")
add('x12/.bazelrc', f"""common --enable_bzlmod
build:remote --bes_backend=grpcs://{org}.buildbuddy.io
build:remote --remote_cache=grpcs://{org}.buildbuddy.io
build:remote --credential_helper=*.buildbuddy.io=%workspace%/tools/bazel/credential-helper.sh
# Locally, put `build --remote_header=x-buildbuddy-api-key=<your key>` into user.bazelrc (git-ignored).
try-import %workspace%/user.bazelrc
""")

write()
