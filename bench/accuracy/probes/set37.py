# Usage: python3 set37.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 37 (stop 29): a developer's dotfiles and tool state committed by mistake (dotfiles repo, home tarball, backup)
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, json, random, struct

start()

# ---- helpers (every draw comes from the seeded `random` module) ----
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx')
UL = A + '-_'
B64C = A + '+/'
UP32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
UPD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
LOWD = 'abcdefghijklmnopqrstuvwxyz0123456789'


def good(s: str) -> bool:
    s = s.lower()
    return not any(w in s for w in BAD)


def cl(f):
    """Calls f() until its text holds none of the forbidden words (bounded)."""
    s = f()
    for _ in range(200):
        if good(s):
            break
        s = f()
    return s


def R(n, al=A):
    return cl(lambda: r(n, al))


def H(n):
    return cl(lambda: hx(n))


def CK(prefix):
    return cl(lambda: ck(prefix))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(b):
    return base64.b64encode(b if isinstance(b, bytes) else b.encode()).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b if isinstance(b, bytes) else b.encode()).decode().rstrip('=')


def B64(f):
    """base64 of a fresh draw f(), redrawn until the encoded text is clean too."""
    return cl(lambda: b64(f()))


def wrap(s, w=64):
    return '\n'.join(s[i:i + w] for i in range(0, len(s), w))


def digits(n):
    return str(random.randint(1, 9)) + r(n - 1, '0123456789')


def uuid():
    return cl(lambda: '%s-%s-4%s-%s%s-%s' % (hx(8), hx(4), hx(3), random.choice('89ab'), hx(3), hx(12)))


def ts(lo=1693000000, hi=1735000000):
    return random.randint(lo, hi)


def pw(lo=14, hi=24):
    """A password as people pick or generate them (no quote, colon, backslash, space, <, >, &)."""
    return cl(lambda: r(1, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz') + r(random.randint(lo, hi) - 2, A + '!#%^*-_.+=') + r(1, '0123456789'))


def upw(lo=14, hi=24):
    """A password safe inside a URL without escaping."""
    return cl(lambda: r(1, 'abcdefghijkmnpqrstuvwxyz') + r(random.randint(lo, hi) - 1, A + '-_.~'))


FIRST = ['jane', 'omar', 'lena', 'tomas', 'priya', 'kenji', 'sofia', 'marek', 'aisha', 'diego', 'ingrid', 'ravi']
LAST = ['doe', 'haddad', 'novak', 'berg', 'sharma', 'tanaka', 'rossi', 'kowalski', 'bello', 'ortiz', 'lund', 'iyer']
COMP = ['northwind', 'brightlane', 'quarkly', 'tidewater', 'ironbark', 'bluefin', 'kestrel', 'lumenix', 'orbitra', 'pinecrest', 'halcyon', 'vantage']


def who():
    f, l, c = random.choice(FIRST), random.choice(LAST), random.choice(COMP)
    return f, l, c, '%s.%s@%s.io' % (f, l, c)


def akia():
    return 'AKIA' + R(16, UP32)


def asia():
    return 'ASIA' + R(16, UP32)


def awssec():
    return R(40, B64C)


def glpat():
    return 'glpat-' + R(20, UL)


def dckr():
    return 'dckr_pat_' + R(27, UL)


def jwt(h, p, sig=256):
    enc = lambda o: b64u(json.dumps(o, separators=(',', ':')).encode())
    return enc(h) + '.' + enc(p) + '.' + b64u(rb(sig))


def der_pem(label, prefix, total):
    return cl(lambda: '-----BEGIN %s-----\n%s\n-----END %s-----\n' % (label, wrap(b64(prefix + rb(total - len(prefix)))), label))


PKCS8 = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100')
PKCS1 = bytes.fromhex('308204a40201000282010100')
CERT = bytes.fromhex('308203063082' + '01eea003020102020100300d06092a864886f70d01010b0500')


def ya29():
    return 'ya29.a0A' + R(random.randint(180, 220), UL)


def g_refresh():
    return cl(lambda: '1//0' + r(1, 'abcdefg') + r(22, UL) + 'CgYIARAAGA' + r(1, 'ABCDEFGHIJKLMNOP') + 'SNwF-L9Ir' + r(64, UL))


# d01 AWS CLI, ~/.aws/credentials
f, l, c, mail = who()
add('d01/.aws/credentials', f'''[default]
aws_access_key_id = {akia()}
aws_secret_access_key = {awssec()}

[{c}-prod]
aws_access_key_id = {akia()}
aws_secret_access_key = {awssec()}
region = {random.choice(['eu-west-1', 'us-east-1', 'eu-central-1', 'us-west-2'])}

[personal]
aws_access_key_id={akia()}
aws_secret_access_key={awssec()}
''')

# d02 AWS CLI, ~/.aws/config (static keys and a session token pasted into a profile)
f, l, c, mail = who()
sess = cl(lambda: 'IQoJb3JpZ2luX2VjE' + r(2, A) + '//////////wEaCXVzLWVhc3QtMSJH' + r(random.randint(560, 720), B64C))
add('d02/.aws/config', f'''[default]
region = us-east-1
output = json
cli_pager =

[profile {c}-dev]
region = eu-west-1
output = json
aws_access_key_id = {akia()}
aws_secret_access_key = {awssec()}

[profile {c}-break-glass]
region = us-east-1
aws_access_key_id = {asia()}
aws_secret_access_key = {awssec()}
aws_session_token = {sess}

[profile {c}-sso]
sso_session = {c}
sso_account_id = {digits(12)}
sso_role_name = AdministratorAccess
region = us-east-1

[sso-session {c}]
sso_start_url = https://d-{H(10)}.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
''')

# d03 AWS CLI, ~/.aws/sso/cache/<sha1>.json (SSO access and refresh tokens, client secret)
exp = ts()
cs = cl(lambda: jwt({'kid': 'key-1564028099', 'alg': 'HS384'},
                    {'serialized': json.dumps({'clientId': {'value': r(22, UL)}, 'expirationTimestamp': {'value': exp + 7776000},
                                               'issuedAtTimestamp': {'value': exp - 3600}, 'tenantId': None,
                                               'metadata': {'clientRegistration': {'clientName': 'botocore-client-%d' % exp}}},
                                              separators=(',', ':'))}, 48))
sso = {
    'startUrl': 'https://d-%s.awsapps.com/start' % H(10),
    'region': 'us-east-1',
    'accessToken': cl(lambda: 'aoaAAAAAG' + r(1, 'WXYZab') + r(random.randint(330, 380), B64C) + ':MGUCM' + r(91, B64C)),
    'expiresAt': '2024-%02d-%02dT%02d:%02d:%02dZ' % (random.randint(1, 12), random.randint(1, 28), random.randint(0, 23), random.randint(0, 59), random.randint(0, 59)),
    'clientId': R(22, UL) + 'dXMtZWFzdC0x',
    'clientSecret': cs,
    'registrationExpiresAt': '2025-%02d-%02dT%02d:%02d:%02dZ' % (random.randint(1, 12), random.randint(1, 28), random.randint(0, 23), random.randint(0, 59), random.randint(0, 59)),
    'refreshToken': cl(lambda: 'aorAAAAAG' + r(1, 'WXYZab') + r(random.randint(380, 420), B64C)),
}
add('d03/.aws/sso/cache/%s.json' % H(40), json.dumps(sso))

# d04 Azure CLI, ~/.azure/msal_token_cache.json (access token JWT and refresh token)
f, l, c, mail = who()
tid, oid, AZC = uuid(), uuid(), '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
now = ts()
home = '%s.%s' % (oid, tid)
tgt = 'https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default'
at = cl(lambda: jwt({'typ': 'JWT', 'alg': 'RS256', 'x5t': r(27, UL), 'kid': r(27, UL)},
                    {'aud': 'https://management.core.windows.net/', 'iss': 'https://sts.windows.net/%s/' % tid, 'iat': now, 'nbf': now,
                     'exp': now + 4493, 'acr': '1', 'appid': AZC, 'appidacr': '0', 'family_name': l.title(), 'given_name': f.title(),
                     'idtyp': 'user', 'ipaddr': '%d.%d.%d.%d' % tuple(random.randint(1, 254) for _ in range(4)), 'name': '%s %s' % (f.title(), l.title()),
                     'oid': oid, 'puid': '1003' + r(12, '0123456789ABCDEF'), 'scp': 'user_impersonation', 'sub': r(43, UL), 'tid': tid,
                     'unique_name': mail, 'upn': mail, 'uti': r(22, UL), 'ver': '1.0'}))
rt = cl(lambda: '1.A' + r(3, A) + r(random.randint(760, 820), UL))
cache = {
    'AccessToken': {'%s-login.microsoftonline.com-accesstoken-%s-%s-%s' % (home, AZC, tid, tgt): {
        'credential_type': 'AccessToken', 'secret': at, 'home_account_id': home, 'environment': 'login.microsoftonline.com',
        'client_id': AZC, 'target': tgt, 'realm': tid, 'token_type': 'Bearer', 'cached_at': str(now),
        'expires_on': str(now + 4493), 'extended_expires_on': str(now + 4493)}},
    'Account': {'%s-login.microsoftonline.com-%s' % (home, tid): {
        'home_account_id': home, 'environment': 'login.microsoftonline.com', 'realm': tid, 'local_account_id': oid,
        'username': mail, 'authority_type': 'MSSTS'}},
    'RefreshToken': {'%s-login.microsoftonline.com-refreshtoken-%s--%s' % (home, AZC, tgt): {
        'credential_type': 'RefreshToken', 'secret': rt, 'home_account_id': home, 'environment': 'login.microsoftonline.com',
        'client_id': AZC, 'target': tgt, 'last_modification_time': str(now), 'family_id': '1'}},
    'AppMetadata': {'appmetadata-login.microsoftonline.com-%s' % AZC: {
        'client_id': AZC, 'environment': 'login.microsoftonline.com', 'family_id': '1'}},
}
add('d04/.azure/msal_token_cache.json', json.dumps(cache, indent=4))

# d05 gcloud, ~/.config/gcloud/application_default_credentials.json (authorized_user refresh token)
f, l, c, mail = who()
adc = {
    'account': '',
    'client_id': '764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com',
    'client_secret': 'd-FL95Q19q7MQmFpd7hHD0Ty',  # keyward:allow (the gcloud SDK's published installed-app client secret)
    'quota_project_id': '%s-%s-%d' % (c, random.choice(['platform', 'data', 'prod', 'analytics']), random.randint(100000, 999999)),
    'refresh_token': g_refresh(),
    'type': 'authorized_user',
    'universe_domain': 'googleapis.com',
}
add('d05/.config/gcloud/application_default_credentials.json', json.dumps(adc, indent=2) + '\n')

# d06 gcloud, ~/.config/gcloud/legacy_credentials/<sa>/adc.json (service account private key)
f, l, c, mail = who()
proj = '%s-%s-%d' % (c, random.choice(['infra', 'ci', 'prod', 'ml']), random.randint(100000, 999999))
sa = '%s@%s.iam.gserviceaccount.com' % (random.choice(['deploy-bot', 'terraform', 'ci-runner', 'gke-admin']), proj)
key = {
    'type': 'service_account',
    'project_id': proj,
    'private_key_id': H(40),
    'private_key': der_pem('PRIVATE KEY', PKCS8, 1217),
    'client_email': sa,
    'client_id': digits(21),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/' + sa.replace('@', '%40'),
    'universe_domain': 'googleapis.com',
}
add('d06/.config/gcloud/legacy_credentials/%s/adc.json' % sa, json.dumps(key, indent=2) + '\n')

# d07 kubectl, ~/.kube/config (client-key-data, service account token, basic auth)
f, l, c, mail = who()
ns = random.choice(['ci', 'deploy', 'platform', 'build'])
san = random.choice(['ci-deployer', 'gitlab-runner', 'argo-sync', 'jenkins'])
satok = cl(lambda: jwt({'alg': 'RS256', 'kid': r(43, UL)},
                       {'iss': 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': ns,
                        'kubernetes.io/serviceaccount/secret.name': '%s-token-%s' % (san, r(5, 'bcdfghjklmnpqrstvwxz2456789')),
                        'kubernetes.io/serviceaccount/service-account.name': san,
                        'kubernetes.io/serviceaccount/service-account.uid': uuid(), 'sub': 'system:serviceaccount:%s:%s' % (ns, san)}))
ca = B64(lambda: der_pem('CERTIFICATE', CERT, 778))
crt = B64(lambda: der_pem('CERTIFICATE', CERT, 790))
ckey = B64(lambda: der_pem('RSA PRIVATE KEY', PKCS1, 1192))
ip = '10.%d.%d.%d' % (random.randint(0, 255), random.randint(0, 255), random.randint(1, 254))
add('d07/.kube/config', f'''apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {ca}
    server: https://{ip}:6443
  name: kubernetes
- cluster:
    certificate-authority-data: {ca}
    server: https://k8s.{c}.io:6443
  name: {c}-prod
- cluster:
    insecure-skip-tls-verify: true
    server: https://{ip}:8443
  name: legacy
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
- context:
    cluster: {c}-prod
    namespace: {ns}
    user: {san}
  name: {c}-prod
- context:
    cluster: legacy
    user: legacy-admin
  name: legacy
current-context: {c}-prod
kind: Config
preferences: {{}}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: {crt}
    client-key-data: {ckey}
- name: {san}
  user:
    token: {satok}
- name: legacy-admin
  user:
    password: {upw()}
    username: admin
''')

# d08 docker, ~/.docker/config.json (auths with auth and identitytoken)
f, l, c, mail = who()
reg = '%s%s' % (c, random.choice(['acr', 'registry', 'images']))
acr = cl(lambda: jwt({'alg': 'RS256', 'typ': 'JWT', 'kid': ':'.join(r(4, UPD) for _ in range(12))},
                     {'jti': uuid(), 'sub': mail, 'nbf': now, 'exp': now + 10800, 'iat': now, 'iss': 'Azure Container Registry',
                      'aud': reg + '.azurecr.io', 'version': '1.0', 'rid': hx(32), 'grant_type': 'refresh_token', 'appid': AZC,
                      'tenant': uuid(), 'permissions': {'actions': ['read', 'write', 'delete', 'deleted/read', 'deleted/restore/action']}, 'roles': []}))
dj = {'auths': {
    '%s.azurecr.io' % reg: {'auth': b64('00000000-0000-0000-0000-000000000000:'), 'identitytoken': acr},
    'ghcr.io': {'auth': B64(lambda: '%s%s:%s' % (f, l, CK('ghp_')))},
    'https://index.docker.io/v1/': {'auth': B64(lambda: '%s%s:%s' % (f, l[0], dckr()))},
    'registry.%s.io' % c: {'auth': B64(lambda: '%s:%s' % (f, pw()))},
}, 'currentContext': 'default'}
add('d08/.docker/config.json', json.dumps(dj, indent='\t'))

# d09 npm, ~/.npmrc (automation token, GitHub Packages token, basic _auth)
f, l, c, mail = who()
add('d09/.npmrc', f'''//registry.npmjs.org/:_authToken={CK('npm_')}
@{c}:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken={CK('ghp_')}
//nexus.{c}.io/repository/npm-private/:_auth={B64(lambda: '%s:%s' % (f, pw()))}
//nexus.{c}.io/repository/npm-private/:always-auth=true
init-author-name={f.title()} {l.title()}
init-author-email={mail}
init-license=MIT
save-exact=true
fund=false
''')

# d10 yarn berry, ~/.yarnrc.yml (npmAuthToken)
f, l, c, mail = who()
add('d10/.yarnrc.yml', f'''enableTelemetry: false

nodeLinker: node-modules

npmAuthToken: {CK('npm_')}

npmRegistryServer: "https://registry.yarnpkg.com"

npmScopes:
  {c}:
    npmAlwaysAuth: true
    npmAuthToken: {CK('ghp_')}
    npmRegistryServer: "https://npm.pkg.github.com"
''')


def pypi_token():
    ident = uuid()
    cav = json.dumps([1, random.choice([None, uuid()])]).encode()
    body = (b'\x02\x01\x08pypi.org\x02' + bytes([len(ident)]) + ident.encode() + b'\x00\x02' + bytes([len(cav)]) + cav
            + b'\x00\x00\x06\x20' + rb(32))
    return 'pypi-' + b64u(body)


# d11 twine, ~/.pypirc (PyPI API token and a private index password)
f, l, c, mail = who()
add('d11/.pypirc', f'''[distutils]
index-servers =
    pypi
    {c}

[pypi]
username = __token__
password = {cl(pypi_token)}

[{c}]
repository = https://pypi.{c}.io/simple/
username = {f}.{l}
password = {pw()}
''')

# d12 pip, ~/.pip/pip.conf (index URLs with credentials)
f, l, c, mail = who()
add('d12/.pip/pip.conf', f'''[global]
timeout = 60
index-url = https://{f}:{upw()}@nexus.{c}.io/repository/pypi-all/simple
extra-index-url = https://__token__:{glpat()}@gitlab.com/api/v4/projects/{random.randint(1000000, 59999999)}/packages/pypi/simple
trusted-host = nexus.{c}.io

[install]
no-warn-script-location = true
''')

# d13 RubyGems, ~/.gem/credentials (rubygems API key, GitHub Packages token)
f, l, c, mail = who()
add('d13/.gem/credentials', f'''---
:rubygems_api_key: rubygems_{H(48)}
"https://rubygems.pkg.github.com/{c}": Bearer {CK('ghp_')}
"https://gems.{c}.io": {f}:{upw()}
:gemfury: {R(20, A)}
''')

# d14 cargo, ~/.cargo/credentials.toml (crates.io token, private registry token)
f, l, c, mail = who()
add('d14/.cargo/credentials.toml', f'''[registry]
token = "cio{R(32)}"

[registries.{c}]
token = "Bearer {R(40, LOWD)}"
''')

# d15 Maven, ~/.m2/settings.xml (server passwords, GitHub Packages token)
f, l, c, mail = who()
add('d15/.m2/settings.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <localRepository>${{user.home}}/.m2/repository</localRepository>
  <servers>
    <server>
      <id>{c}-releases</id>
      <username>{f}.{l}</username>
      <password>{pw()}</password>
    </server>
    <server>
      <id>{c}-snapshots</id>
      <username>{f}.{l}</username>
      <password>{pw()}</password>
    </server>
    <server>
      <id>github</id>
      <username>{f}{l}</username>
      <password>{CK('ghp_')}</password>
    </server>
    <server>
      <id>ossrh</id>
      <username>{f}{l[0]}</username>
      <password>{R(44, A + '/+')}</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>{c}-releases</id>
      <mirrorOf>central</mirrorOf>
      <url>https://nexus.{c}.io/repository/maven-public/</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>github</id>
      <repositories>
        <repository>
          <id>github</id>
          <url>https://maven.pkg.github.com/{c}/*</url>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>github</activeProfile>
  </activeProfiles>
</settings>
''')

# d16 Gradle, ~/.gradle/gradle.properties (signing password, repository and plugin-portal keys)
f, l, c, mail = who()
add('d16/.gradle/gradle.properties', f'''org.gradle.jvmargs=-Xmx4g -XX:MaxMetaspaceSize=1g
org.gradle.daemon=true
org.gradle.parallel=true
org.gradle.caching=true

signing.keyId={R(8, '0123456789ABCDEF')}
signing.password={pw()}
signing.secretKeyRingFile=/home/{f}/.gnupg/secring.gpg

ossrhUsername={f}{l[0]}
ossrhPassword={pw()}
mavenCentralUsername={R(8, A)}
mavenCentralPassword={R(44, A + '+/')}

gradle.publish.key={R(32)}
gradle.publish.secret={R(32)}

gpr.user={f}{l}
gpr.key={CK('ghp_')}
''')

# d17 NuGet, ~/.nuget/NuGet/NuGet.Config (ClearTextPassword with an Azure DevOps PAT and a GitHub token)
f, l, c, mail = who()
add('d17/.nuget/NuGet/NuGet.Config', f'''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="{c}-feed" value="https://pkgs.dev.azure.com/{c}/_packaging/{c}-feed/nuget/v3/index.json" />
    <add key="github" value="https://nuget.pkg.github.com/{c}/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <{c}-feed>
      <add key="Username" value="{mail}" />
      <add key="ClearTextPassword" value="{R(52, 'abcdefghijklmnopqrstuvwxyz234567')}" />
    </{c}-feed>
    <github>
      <add key="Username" value="{f}{l}" />
      <add key="ClearTextPassword" value="{CK('ghp_')}" />
    </github>
  </packageSourceCredentials>
</configuration>
''')

# d18 Composer, ~/.config/composer/auth.json (GitHub OAuth, GitLab token, HTTP basic)
f, l, c, mail = who()
auth = {
    'bitbucket-oauth': {},
    'github-oauth': {'github.com': CK('gho_')},
    'gitlab-oauth': {},
    'gitlab-token': {'gitlab.com': glpat()},
    'http-basic': {'satis.%s.io' % c: {'username': f, 'password': pw()}},
    'bearer': {},
}
add('d18/.config/composer/auth.json', json.dumps(auth, indent=4) + '\n')

# d19 Heroku CLI, ~/.netrc (API key written by heroku login, plus an FTP login)
f, l, c, mail = who()
hk = uuid()
add('d19/.netrc', f'''machine api.heroku.com
  login {mail}
  password {hk}
machine git.heroku.com
  login {mail}
  password {hk}
machine ftp.{c}.io
  login deploy
  password {pw()}
''')

# d20 git credential-store, ~/.git-credentials (GitHub, GitLab, Bitbucket)
f, l, c, mail = who()
add('d20/.git-credentials', f'''https://{f}{l}:{CK('ghp_')}@github.com
https://oauth2:{glpat()}@gitlab.com
https://{f}-{l}:ATBB{R(32)}@bitbucket.org
https://{f}:{upw()}@git.{c}.io
https://{f}:{R(52, 'abcdefghijklmnopqrstuvwxyz234567')}@dev.azure.com
''')

# d21 git, ~/.gitconfig (http extraheader with a PAT in basic auth)
f, l, c, mail = who()
ado = R(52, 'abcdefghijklmnopqrstuvwxyz234567')
add('d21/.gitconfig', f'''[user]
	name = {f.title()} {l.title()}
	email = {mail}
[core]
	editor = nvim
	autocrlf = input
[init]
	defaultBranch = main
[pull]
	rebase = true
[alias]
	st = status -sb
	lg = log --oneline --graph --decorate
	co = checkout
[http "https://dev.azure.com/{c}/"]
	extraheader = AUTHORIZATION: basic {B64(lambda: ':' + ado)}
[http "https://github.com/{c}/"]
	extraheader = AUTHORIZATION: basic {B64(lambda: 'x-access-token:' + CK('ghp_'))}
[url "git@github.com:"]
	insteadOf = gh:
''')

# d22 GitHub CLI, ~/.config/gh/hosts.yml (oauth_token stored in the file)
f, l, c, mail = who()
u = f + l
tok = CK('gho_')
add('d22/.config/gh/hosts.yml', f'''github.com:
    users:
        {u}:
            oauth_token: {tok}
    git_protocol: https
    oauth_token: {tok}
    user: {u}
github.{c}.io:
    users:
        {f}:
            oauth_token: {CK('gho_')}
    git_protocol: ssh
    user: {f}
''')

# d23 GitLab CLI, ~/.config/glab-cli/config.yml (personal access tokens per host)
f, l, c, mail = who()
add('d23/.config/glab-cli/config.yml', f'''# What protocol to use when performing Git operations. Supported values: ssh, https.
git_protocol: ssh
# What editor glab should run when creating issues, merge requests, etc. This global config cannot be overridden by hostname.
editor: vim
# What browser glab should run when opening links. This global config cannot be overridden by hostname.
browser:
# Set your desired Markdown renderer style. Available options are [dark, light, notty]. To set a custom style, refer to https://github.com/charmbracelet/glamour#styles
glamour_style: dark
# Allowed values: true, false
check_update: false
# Allowed values: true, false
display_hyperlinks: false
# Default GitLab hostname to use.
host: gitlab.com
# Set to true (1) to disable prompts, or false (0) to enable them.
no_prompt: false
# Configuration specific for GitLab instances.
hosts:
    gitlab.com:
        # What protocol to use to access the API endpoint. Supported values: http, https.
        api_protocol: https
        # Configure host for API endpoint. Defaults to the host itself.
        api_host: gitlab.com
        # Your GitLab access token. To get one, read https://docs.gitlab.com/ee/user/profile/personal_access_tokens.html
        token: {glpat()}
        git_protocol: ssh
        user: {f}.{l}
    gitlab.{c}.io:
        api_protocol: https
        api_host: gitlab.{c}.io
        token: {glpat()}
        git_protocol: https
        user: {f}
''')

# d24 Terraform CLI, ~/.terraform.d/credentials.tfrc.json (HCP Terraform user token)
f, l, c, mail = who()
tf = {'credentials': {'app.terraform.io': {'token': '%s.atlasv1.%s' % (R(14), R(67))},
                      'tfe.%s.io' % c: {'token': '%s.atlasv1.%s' % (R(14), R(67))}}}
add('d24/.terraform.d/credentials.tfrc.json', json.dumps(tf, indent=2) + '\n')


def hvs():
    """Vault service token: hvs. + base64url protobuf holding 32 random bytes and the inner hvs.<24> id."""
    inner = 'hvs.' + r(24, B62)
    return 'hvs.' + b64u(b'\x08\x01\x12\x20' + rb(32) + b'\x1a\x1e\x0a\x1c' + inner.encode())


# d25 Vault CLI, ~/.vault-token (service token, written without a newline)
add('d25/.vault-token', cl(hvs))

# d26 PostgreSQL, ~/.pgpass
f, l, c, mail = who()
add('d26/.pgpass', f'''localhost:5432:*:postgres:{pw()}
db-primary.{c}.internal:5432:app:app_rw:{pw()}
db-replica.{c}.internal:5432:app:reporting:{pw()}
*:6432:*:{f}:{pw()}
analytics.{c}.internal:5439:warehouse:{f}:{pw()}
''')

# d27 MySQL client, ~/.my.cnf
f, l, c, mail = who()
add('d27/.my.cnf', f'''[client]
user=root
password="{pw()}"
host=127.0.0.1
default-character-set=utf8mb4

[mysql]
prompt="\\\\u@\\\\h [\\\\d]> "
auto-rehash

[mysqldump]
user=backup
password={pw()}
host=mysql.{c}.internal
single-transaction
''')

# d28 bash, ~/.bash_history (curl -u, mysql -p, export, docker login -p, psql URL, git clone with token, aws configure set)
f, l, c, mail = who()
add('d28/.bash_history', f'''cd ~/src/{c}-api
git status
git pull --rebase
make build
curl -s -u admin:{upw()} https://jenkins.{c}.io/api/json?pretty=true | jq '.jobs[].name'
ls -la ~/.ssh
mysql -h db1.{c}.internal -u root -p'{pw()}' app_prod
export GITHUB_TOKEN={CK('ghp_')}
gh repo list {c} --limit 50
docker login -u {f}{l[0]} -p {dckr()}
docker push {c}/api:1.14.2
psql "postgresql://app_rw:{upw()}@db-primary.{c}.internal:5432/app?sslmode=require"
git clone https://{f}{l}:{CK('ghp_')}@github.com/{c}/infra.git
cd infra
terraform init
aws configure set aws_access_key_id {akia()}
aws configure set aws_secret_access_key {awssec()}
aws configure set region eu-west-1
aws s3 ls
kubectl get pods -A
history | grep login
exit
''')

# d29 zsh, ~/.zsh_history (EXTENDED_HISTORY format; keys exported or pasted into commands)
f, l, c, mail = who()
t0 = ts()
cmds = [
    'cd ~/work/%s' % c,
    'export OPENAI_API_KEY=sk-proj-%s' % (R(74, UL) + 'T3BlbkFJ' + R(74, UL)),
    'python3 scripts/summarize.py --model gpt-4o',
    'curl -X POST -H "Authorization: Bearer xoxb-%s-%s-%s" -H "Content-type: application/json" --data \'{"channel":"#deploys","text":"shipped"}\' https://slack.com/api/chat.postMessage' % (digits(12), digits(13), R(24)),
    'export SENDGRID_API_KEY=SG.%s.%s' % (R(22, UL), R(43, UL)),
    'npm publish --access public',
    'npm config set //registry.npmjs.org/:_authToken %s' % CK('npm_'),
    'curl -H "PRIVATE-TOKEN: %s" "https://gitlab.com/api/v4/projects?owned=true" | jq' % glpat(),
    'stripe listen --api-key rk_live_51%s --forward-to localhost:4242/webhook' % R(97),
    'git push origin main',
    'ls',
]
hist = ''
for cmd in cmds:
    t0 += random.randint(4, 600)
    hist += ': %d:%d;%s\n' % (t0, random.randint(0, 3), cmd)
add('d29/.zsh_history', hist)

# d30 psql, ~/.psql_history (role passwords set interactively)
f, l, c, mail = who()
add('d30/.psql_history', f'''\\dt
\\du
select count(*) from users;
CREATE ROLE reporting LOGIN PASSWORD '{pw()}';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;
ALTER USER app_rw WITH PASSWORD '{pw()}';
\\c analytics
CREATE USER metabase WITH ENCRYPTED PASSWORD '{pw()}' VALID UNTIL 'infinity';
\\q
''')

# d31 mongosh, ~/.mongoshrc.js (Atlas connection string with password)
f, l, c, mail = who()
cl5 = R(5, 'abcdefghijklmnopqrstuvwxyz0123456789')
add('d31/.mongoshrc.js', f'''// loaded by mongosh at startup
config.set("editor", "vim");
config.set("historyLength", 5000);

const ATLAS = "mongodb+srv://{f}{l[0]}:{upw()}@cluster0.{cl5}.mongodb.net/?retryWrites=true&w=majority&appName=Cluster0";
const REPORTING = "mongodb://reporting:{upw()}@mongo-1.{c}.internal:27017,mongo-2.{c}.internal:27017/app?replicaSet=rs0&authSource=admin";

function prod() {{
  return connect(ATLAS.replace("/?", "/app?"));
}}

function reporting() {{
  return connect(REPORTING);
}}

prompt = () => `${{db.getName()}}@${{db.getMongo()._uri.split("@")[1] || "local"}}> `;
''')


def sstr(b):
    b = b if isinstance(b, bytes) else b.encode()
    return struct.pack('>I', len(b)) + b


def mpint(n):
    return sstr(b'\x00' + bytes([random.randint(0x80, 0xff)]) + rb(n - 1))


def openssh(kt, pub, priv, comment):
    ci = rb(4)
    body = ci + ci + priv + sstr(comment)
    i = 1
    while len(body) % 8:
        body += bytes([i])
        i += 1
    blob = b'openssh-key-v1\x00' + sstr('none') + sstr('none') + sstr(b'') + struct.pack('>I', 1) + sstr(pub) + sstr(body)
    return '-----BEGIN OPENSSH PRIVATE KEY-----\n' + wrap(b64(blob), 70) + '\n-----END OPENSSH PRIVATE KEY-----\n'


def ed25519_key(comment):
    pk, sk = rb(32), rb(32)
    pub = sstr('ssh-ed25519') + sstr(pk)
    return openssh('ssh-ed25519', pub, sstr('ssh-ed25519') + sstr(pk) + sstr(sk + pk), comment)


def rsa_key(comment, bits=3072):
    nb = bits // 8
    n, e = mpint(nb), sstr(b'\x01\x00\x01')
    pub = sstr('ssh-rsa') + e + n
    priv = sstr('ssh-rsa') + n + e + mpint(nb) + mpint(nb // 2) + mpint(nb // 2) + mpint(nb // 2)
    return openssh('ssh-rsa', pub, priv, comment)


# d32 OpenSSH, ~/.ssh/id_ed25519 (unencrypted private key)
f, l, c, mail = who()
add('d32/.ssh/id_ed25519', cl(lambda: ed25519_key(mail)))

# d33 OpenSSH, ~/.ssh/id_rsa (unencrypted 3072-bit private key)
f, l, c, mail = who()
add('d33/.ssh/id_rsa', cl(lambda: rsa_key('%s@%s-%s' % (f, f, random.choice(['laptop', 'mbp', 'thinkpad', 'desktop'])))))


def crc24(data):
    crc = 0xB704CE
    for b in data:
        crc ^= b << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def pgp_secret(uid):
    t = struct.pack('>I', ts(1500000000, 1700000000))
    oid = bytes.fromhex('2b06010401da470f01')
    key = b'\x04' + t + b'\x16' + bytes([len(oid)]) + oid + b'\x01\x07\x40' + rb(32) + b'\x00' + b'\x00\xff' + rb(32) + rb(2)
    u = uid.encode()
    data = (b'\x94' + bytes([len(key)]) + key + b'\xb4' + bytes([len(u)]) + u + b'\x88\x93' + b'\x04\x13\x16\x0a' + rb(143)
            + b'\x9c\x5d' + b'\x04' + t + b'\x12\x0a\x2b\x06\x01\x04\x01\x97\x55\x01\x05\x01\x01\x07\x40' + rb(32)
            + b'\x03\x01\x08\x07\x00\x00\xff' + rb(34) + b'\x88\x78\x04\x18\x16\x0a' + rb(114))
    return ('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n' + wrap(b64(data)) + '\n=' + b64(struct.pack('>I', crc24(data))[1:])
            + '\n-----END PGP PRIVATE KEY BLOCK-----\n')


# d34 GnuPG, ~/.gnupg/secret-backup.asc (gpg --export-secret-keys --armor, unprotected)
f, l, c, mail = who()
add('d34/.gnupg/secret-backup.asc', cl(lambda: pgp_secret('%s %s <%s>' % (f.title(), l.title(), mail))))

# d35 rclone, ~/.config/rclone/rclone.conf (S3 keys, Google Drive and Dropbox OAuth tokens)
f, l, c, mail = who()
exp = '2024-%02d-%02dT%02d:%02d:%02d.%09d+02:00' % (random.randint(1, 12), random.randint(1, 28), random.randint(0, 23), random.randint(0, 59), random.randint(0, 59), random.randint(0, 999999999))
gd = json.dumps({'access_token': ya29(), 'token_type': 'Bearer', 'refresh_token': g_refresh(), 'expiry': exp, 'expires_in': 3599}, separators=(',', ':'))
dbx = json.dumps({'access_token': 'sl.B' + R(random.randint(135, 150), UL), 'token_type': 'bearer',
                  'refresh_token': R(11) + 'AAAAAAAAAAA' + R(43, UL), 'expiry': exp}, separators=(',', ':'))
add('d35/.config/rclone/rclone.conf', f'''[s3-backup]
type = s3
provider = AWS
access_key_id = {akia()}
secret_access_key = {awssec()}
region = eu-central-1
storage_class = STANDARD_IA

[gdrive]
type = drive
scope = drive
token = {gd}
team_drive =

[dropbox]
type = dropbox
token = {dbx}

[nas]
type = sftp
host = nas.{c}.lan
user = {f}
pass = {R(random.randint(30, 40), UL)}
''')

# d36 gsutil, ~/.boto (Cloud Storage HMAC key)
f, l, c, mail = who()
add('d36/.boto', f'''# This file contains credentials and other configuration information needed
# by the boto library, used by gsutil. You can edit this file (e.g., to add
# credentials) but be careful not to mis-edit any of the variable names (like
# "gs_access_key_id") or remove important markers (like the "[Credentials]" and
# "[Boto]" section delimiters).

[Credentials]
gs_access_key_id = GOOG1E{R(55, UPD)}
gs_secret_access_key = {R(40, B64C)}

[Boto]
https_validate_certificates = True

[GoogleCompute]

[GSUtil]
content_language = en
default_api_version = 2
default_project_id = {c}-storage-{random.randint(100000, 999999)}

[OAuth2]
''')

# d37 doctl, ~/.config/doctl/config.yaml (DigitalOcean personal access tokens)
f, l, c, mail = who()
add('d37/.config/doctl/config.yaml', f'''access-token: dop_v1_{H(64)}
apps.dev.config.app_id: ""
auth-contexts:
  {c}: dop_v1_{H(64)}
  personal: dop_v1_{H(64)}
context: {c}
kubernetes:
  cluster:
    create:
      auto-upgrade: true
output: text
''')

# d38 hcloud, ~/.config/hcloud/cli.toml (Hetzner Cloud API tokens)
f, l, c, mail = who()
add('d38/.config/hcloud/cli.toml', f'''active_context = "{c}"

[[contexts]]
  name = "{c}"
  token = "{R(64)}"

[[contexts]]
  name = "homelab"
  token = "{R(64)}"
''')

# d39 Firebase CLI, ~/.config/configstore/firebase-tools.json (refresh and access tokens)
f, l, c, mail = who()
now = ts()
idt = cl(lambda: jwt({'alg': 'RS256', 'kid': hx(40), 'typ': 'JWT'},
                     {'iss': 'https://accounts.google.com', 'azp': '563584335869-fgrhgmd47bqnekij5i8b5pr03ho849e6.apps.googleusercontent.com',
                      'aud': '563584335869-fgrhgmd47bqnekij5i8b5pr03ho849e6.apps.googleusercontent.com', 'sub': digits(21), 'email': mail,
                      'email_verified': True, 'at_hash': r(22, UL), 'iat': now, 'exp': now + 3600}))
fb = {
    'motd.cachedMessages': {},
    'usage': False,
    'analytics-uuid': uuid(),
    'user': {'iss': 'https://accounts.google.com', 'email': mail, 'email_verified': True, 'iat': now, 'exp': now + 3600},
    'tokens': {
        'expires_at': (now + 3599) * 1000 + random.randint(0, 999),
        'refresh_token': g_refresh(),
        'scopes': ['email', 'openid', 'https://www.googleapis.com/auth/cloudplatformprojects.readonly',
                   'https://www.googleapis.com/auth/firebase', 'https://www.googleapis.com/auth/cloud-platform'],
        'token_type': 'Bearer',
        'id_token': idt,
        'access_token': ya29(),
    },
    'activeProjects': {'/home/%s/src/%s-web' % (f, c): '%s-web' % c},
}
add('d39/.config/configstore/firebase-tools.json', json.dumps(fb, indent='\t'))

# d40 Netlify CLI, ~/.config/netlify/config.json (personal access token)
f, l, c, mail = who()
nid = H(24)
nt = {'telemetryDisabled': False, 'cliId': uuid(), 'userId': nid,
      'users': {nid: {'id': nid, 'name': '%s %s' % (f.title(), l.title()), 'email': mail,
                      'auth': {'token': 'nfp_' + R(40), 'github': {'user': None, 'token': None}}}}}
add('d40/.config/netlify/config.json', json.dumps(nt, indent='\t'))

# d41 ngrok v2, ~/.ngrok2/ngrok.yml (authtoken and tunnel basic auth)
f, l, c, mail = who()
add('d41/.ngrok2/ngrok.yml', f'''authtoken: {random.choice('12')}{R(26, B62)}_{R(21, B62)}
region: eu
console_ui: true
web_addr: localhost:4040
tunnels:
  web:
    proto: http
    addr: 3000
    auth: "{f}:{upw()}"
  ssh:
    proto: tcp
    addr: 22
''')

# d42 Stripe CLI, ~/.config/stripe/config.toml (restricted live key written by stripe login)
f, l, c, mail = who()
add('d42/.config/stripe/config.toml', f'''color = ""

[default]
  device_name = "{f}-{random.choice(['mbp', 'laptop', 'thinkpad'])}"
  display_name = "{c.title()}"
  live_mode_api_key = "rk_live_51{R(97)}"
  live_mode_key_expires_at = "2025-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
  live_mode_pub_key = "pk_live_51{R(97)}"
''')

# d43 dotenv in home, ~/.env (AI provider API keys)
f, l, c, mail = who()
add('d43/.env', f'''# personal API keys, sourced from ~/.zshrc
OPENAI_API_KEY=sk-proj-{R(74, UL)}T3BlbkFJ{R(74, UL)}
ANTHROPIC_API_KEY=sk-ant-api03-{R(93, UL)}AA
GROQ_API_KEY=gsk_{R(52)}
HF_TOKEN=hf_{R(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}
GEMINI_API_KEY=AIza{R(35, UL)}
REPLICATE_API_TOKEN=r8_{R(37)}
MISTRAL_API_KEY={R(32)}
PERPLEXITY_API_KEY=pplx-{R(48)}
DEEPSEEK_API_KEY=sk-{H(32)}
''')

# d44 VS Code, ~/.config/Code/User/settings.json (SonarQube token, SQLTools password, REST Client bearer token)
f, l, c, mail = who()
add('d44/.config/Code/User/settings.json', f'''{{
    "editor.fontSize": 14,
    "editor.formatOnSave": true,
    "workbench.colorTheme": "One Dark Pro",
    "files.trimTrailingWhitespace": true,
    "terminal.integrated.defaultProfile.linux": "zsh",
    "sonarlint.connectedMode.connections.sonarqube": [
        {{
            "serverUrl": "https://sonar.{c}.io",
            "connectionId": "{c}",
            "token": "squ_{H(40)}"
        }}
    ],
    "sqltools.connections": [
        {{
            "previewLimit": 50,
            "server": "db-primary.{c}.internal",
            "port": 5432,
            "driver": "PostgreSQL",
            "name": "prod",
            "database": "app",
            "username": "app_rw",
            "password": "{pw()}"
        }}
    ],
    "rest-client.environmentVariables": {{
        "$shared": {{}},
        "prod": {{
            "baseUrl": "https://slack.com/api",
            "token": "xoxb-{digits(12)}-{digits(13)}-{R(24)}"
        }}
    }},
    "git.autofetch": true
}}
''')

# d45 FileZilla, ~/.config/filezilla/recentservers.xml (base64 passwords)
f, l, c, mail = who()
add('d45/.config/filezilla/recentservers.xml', f'''<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<FileZilla3 version="3.66.4" platform="*nix">
	<RecentServers>
		<Server>
			<Host>ftp.{c}.io</Host>
			<Port>21</Port>
			<Protocol>0</Protocol>
			<Type>0</Type>
			<User>deploy</User>
			<Pass encoding="base64">{B64(pw)}</Pass>
			<Logontype>1</Logontype>
			<PasvMode>MODE_DEFAULT</PasvMode>
			<EncodingType>Auto</EncodingType>
			<BypassProxy>0</BypassProxy>
		</Server>
		<Server>
			<Host>sftp.{random.choice(COMP)}.com</Host>
			<Port>22</Port>
			<Protocol>1</Protocol>
			<Type>0</Type>
			<User>{f}{l[0]}</User>
			<Pass encoding="base64">{B64(pw)}</Pass>
			<Logontype>1</Logontype>
			<PasvMode>MODE_DEFAULT</PasvMode>
			<EncodingType>Auto</EncodingType>
			<BypassProxy>0</BypassProxy>
		</Server>
	</RecentServers>
</FileZilla3>
''')

# ---- negatives: the same dotfiles holding no credential ----


def ed25519_pub(comment):
    return 'ssh-ed25519 ' + b64(sstr('ssh-ed25519') + sstr(rb(32))) + ' ' + comment


def rsa_pub(comment):
    return 'ssh-rsa ' + b64(sstr('ssh-rsa') + sstr(b'\x01\x00\x01') + mpint(384)) + ' ' + comment


# e01 git, ~/.gitconfig (osxkeychain helper, signing key id only)
f, l, c, mail = who()
add('e01/.gitconfig', f'''[user]
	name = {f.title()} {l.title()}
	email = {mail}
	signingkey = {hx(16).upper()}
[commit]
	gpgsign = true
[tag]
	gpgsign = true
[credential]
	helper = osxkeychain
[credential "https://dev.azure.com"]
	useHttpPath = true
[core]
	editor = code --wait
	excludesfile = ~/.gitignore_global
	pager = delta
[interactive]
	diffFilter = delta --color-only
[delta]
	navigate = true
	line-numbers = true
[alias]
	st = status -sb
	last = log -1 HEAD --stat
	amend = commit --amend --no-edit
[push]
	autoSetupRemote = true
''')

# e02 docker, ~/.docker/config.json (credsStore desktop, empty auths, credHelpers)
f, l, c, mail = who()
acct = digits(12)
add('e02/.docker/config.json', json.dumps({
    'auths': {'ghcr.io': {}, 'https://index.docker.io/v1/': {}, '%s.dkr.ecr.eu-west-1.amazonaws.com' % acct: {}},
    'credsStore': 'desktop',
    'credHelpers': {'europe-docker.pkg.dev': 'gcloud', '%s.dkr.ecr.eu-west-1.amazonaws.com' % acct: 'ecr-login'},
    'currentContext': 'desktop-linux',
    'plugins': {'-x-cli-hints': {'enabled': 'true'}},
    'features': {'hooks': 'true'},
}, indent='\t'))

# e03 kubectl, ~/.kube/config (exec plugins: aws eks get-token, gke-gcloud-auth-plugin)
f, l, c, mail = who()
region = random.choice(['eu-west-1', 'us-east-1', 'eu-central-1'])
eks = 'arn:aws:eks:%s:%s:cluster/%s-prod' % (region, acct, c)
gke = 'gke_%s-platform_europe-west1_%s-main' % (c, c)
add('e03/.kube/config', f'''apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {B64(lambda: der_pem('CERTIFICATE', CERT, 778))}
    server: https://{H(32).upper()}.gr7.{region}.eks.amazonaws.com
  name: {eks}
- cluster:
    certificate-authority-data: {B64(lambda: der_pem('CERTIFICATE', CERT, 1100))}
    server: https://34.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}
  name: {gke}
contexts:
- context:
    cluster: {eks}
    user: {eks}
  name: {c}-prod
- context:
    cluster: {gke}
    user: {gke}
  name: {gke}
current-context: {c}-prod
kind: Config
preferences: {{}}
users:
- name: {eks}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - {region}
      - eks
      - get-token
      - --cluster-name
      - {c}-prod
      - --output
      - json
      command: aws
      env:
      - name: AWS_PROFILE
        value: {c}-prod
      interactiveMode: IfAvailable
      provideClusterInfo: false
- name: {gke}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
      interactiveMode: IfAvailable
      provideClusterInfo: true
''')

# e04 npm, ~/.npmrc (token taken from the environment)
f, l, c, mail = who()
add('e04/.npmrc', f'''//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}
@{c}:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken=${{GITHUB_PACKAGES_TOKEN}}
init-author-name={f.title()} {l.title()}
init-author-email={mail}
save-exact=true
engine-strict=true
fund=false
audit-level=high
''')

# e05 bash, ~/.bash_history (secrets only read from the environment or a password manager)
f, l, c, mail = who()
add('e05/.bash_history', f'''aws sso login --profile {c}-prod
aws sts get-caller-identity --profile {c}-prod
export AWS_PROFILE={c}-prod
export GITHUB_TOKEN=$(gh auth token)
export OPENAI_API_KEY="$(op read 'op://Private/OpenAI/credential')"
op read op://Work/{c}-db/password | pbcopy
PGPASSWORD="$(pass show work/{c}/db-prod)" psql -h db-primary.{c}.internal -U app_rw app
pass show -c work/{c}/jenkins
gh auth status
op read op://Work/dockerhub/token | docker login -u {f}{l[0]} --password-stdin
aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin {acct}.dkr.ecr.eu-west-1.amazonaws.com
vault login -method=oidc
export VAULT_TOKEN=$(vault print token)
curl -s -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user | jq .login
kubectl config use-context {c}-prod
git log --oneline -5
''')

# e06 OpenSSH, ~/.ssh/id_ed25519.pub (public key)
f, l, c, mail = who()
add('e06/.ssh/id_ed25519.pub', ed25519_pub(mail) + '\n')

# e07 OpenSSH, ~/.ssh/known_hosts (hashed and plain host public keys)
f, l, c, mail = who()
kh = ['github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl']
for _ in range(6):
    kh.append('|1|%s|%s %s' % (b64(rb(20)), b64(rb(20)), ed25519_pub('').strip()))
kh.append('gitlab.%s.io,10.%d.%d.%d %s' % (c, random.randint(0, 255), random.randint(0, 255), random.randint(1, 254), ed25519_pub('').strip()))
kh.append('[bastion.%s.io]:2222 %s' % (c, rsa_pub('').strip()))
add('e07/.ssh/known_hosts', '\n'.join(kh) + '\n')

# e08 OpenSSH, ~/.ssh/authorized_keys (public keys with options)
f, l, c, mail = who()
add('e08/.ssh/authorized_keys', '\n'.join([
    ed25519_pub(mail),
    'from="10.0.0.0/8",no-agent-forwarding,no-port-forwarding ' + ed25519_pub('ci@%s-runner' % c),
    rsa_pub('%s@%s-desktop' % (random.choice(FIRST), c)),
    'command="/usr/local/bin/backup-only",restrict ' + ed25519_pub('backup@nas'),
]) + '\n')

# e09 zsh, ~/.zshrc (aliases, prompt, PATH; secrets fetched at runtime)
f, l, c, mail = who()
add('e09/.zshrc', f'''export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git docker kubectl aws fzf z)
source $ZSH/oh-my-zsh.sh

export EDITOR=nvim
export GOPATH="$HOME/go"
export PATH="$HOME/.local/bin:$GOPATH/bin:$HOME/.cargo/bin:$PATH"
export AWS_PROFILE={c}-dev
export AWS_REGION=eu-west-1

alias k=kubectl
alias tf=terraform
alias gs='git status -sb'
alias ll='ls -lah'
alias dc='docker compose'

# tokens come from the keychain / 1Password at shell start, never stored here
export GITHUB_TOKEN="$(security find-generic-password -a "$USER" -s gh-token -w 2>/dev/null)"
export NPM_TOKEN="$(op read 'op://Private/npm/token' 2>/dev/null)"

PROMPT='%F{{cyan}}%n@%m%f %F{{yellow}}%~%f $(git_prompt_info)%# '
[ -f ~/.fzf.zsh ] && source ~/.fzf.zsh
eval "$(direnv hook zsh)"
''')

# e10 AWS CLI, ~/.aws/config (IAM Identity Center profiles, no keys)
f, l, c, mail = who()
add('e10/.aws/config', f'''[default]
region = eu-west-1
output = json

[sso-session {c}]
sso_start_url = https://{c}.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile {c}-dev]
sso_session = {c}
sso_account_id = {digits(12)}
sso_role_name = PowerUserAccess
region = eu-west-1

[profile {c}-prod]
sso_session = {c}
sso_account_id = {digits(12)}
sso_role_name = ReadOnlyAccess
region = eu-west-1

[profile {c}-ci]
role_arn = arn:aws:iam::{digits(12)}:role/ci-deployer
source_profile = {c}-dev
''')

# e11 GitHub CLI, ~/.config/gh/hosts.yml (token kept in the system keyring)
f, l, c, mail = who()
add('e11/.config/gh/hosts.yml', f'''github.com:
    users:
        {f}{l}:
    git_protocol: ssh
    user: {f}{l}
''')

# e12 VS Code, ~/.config/Code/User/settings.json (settings only, env references)
f, l, c, mail = who()
add('e12/.config/Code/User/settings.json', f'''{{
    "editor.fontFamily": "JetBrains Mono, monospace",
    "editor.fontSize": 13,
    "editor.rulers": [100],
    "workbench.colorTheme": "Catppuccin Mocha",
    "files.exclude": {{
        "**/.git": true,
        "**/node_modules": true
    }},
    "terminal.integrated.env.linux": {{
        "GITHUB_TOKEN": "${{env:GITHUB_TOKEN}}"
    }},
    "sqltools.connections": [
        {{
            "driver": "PostgreSQL",
            "name": "local",
            "server": "localhost",
            "port": 5432,
            "database": "{c}_dev",
            "username": "{f}",
            "askForPassword": true
        }}
    ],
    "python.defaultInterpreterPath": "~/.venvs/{c}/bin/python",
    "git.confirmSync": false
}}
''')

write()
