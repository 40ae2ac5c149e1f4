# Usage: python3 set44.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 44 (stop 30): secrets hidden or assembled in code: encoded, split, obfuscated, generated
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, json, random, string, sys, urllib.parse

start()

# ---------------------------------------------------------------- helpers
UD = string.ascii_uppercase + string.digits
LD = string.ascii_lowercase + string.digits
LOW = string.ascii_lowercase
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
URLS = A + '-_'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')
VALS = []  # every positive value (and its encodings), checked at the end


def clean(s: str) -> bool:
    return not any(b in s.lower() for b in BAD)


def d(fn):
    """Draws fn() until it contains none of the forbidden words; records the value."""
    while True:
        s = fn()
        if clean(s):
            VALS.append(s)
            return s


def keep(s: str) -> str:
    """Records a derived form (an encoding) of a positive value for the final check."""
    VALS.append(s)
    return s


def rb(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(s) -> str:
    if isinstance(s, str):
        s = s.encode()
    return keep(base64.b64encode(s).decode())


def b64u(s) -> str:
    if isinstance(s, str):
        s = s.encode()
    return base64.urlsafe_b64encode(s).decode().rstrip('=')


def hexs(s: str) -> str:
    return keep(s.encode().hex())


def uuid4() -> str:
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


def digits(n: int) -> str:
    return str(random.randint(1, 9)) + r(n - 1, string.digits)


# provider formats
def aws_id(prefix='AKIA'): return d(lambda: prefix + r(16, B32))
def aws_secret(): return d(lambda: r(40, A + '+/'))
def ghp(): return d(lambda: ck('ghp_'))
def gho(): return d(lambda: ck('gho_'))
def gh_fine(): return d(lambda: 'github_pat_11' + r(20, UD) + '_' + r(59, A))
def npm_tok(): return d(lambda: ck('npm_'))
def glpat(): return d(lambda: 'glpat-' + r(20, URLS))
def slack_bot(): return d(lambda: 'xoxb-' + digits(12) + '-' + digits(13) + '-' + r(24, A))
def slack_hook(): return d(lambda: 'https://hooks.slack.com/services/T' + r(8, UD) + '/B' + r(10, UD) + '/' + r(24, A))
def stripe_sk(kind='sk'): return d(lambda: kind + '_live_51' + r(97, A))
def whsec(): return d(lambda: 'whsec_' + r(32, A))
def tw_sid(): return d(lambda: 'AC' + hx(32))
def tw_tok(): return d(lambda: hx(32))
def sendgrid(): return d(lambda: 'SG.' + r(22, URLS) + '.' + r(43, URLS))
def gapi(): return d(lambda: 'AIzaSy' + r(33, URLS))
def openai_k(): return d(lambda: 'sk-proj-' + r(74, URLS) + 'T3BlbkFJ' + r(74, URLS))
def anthropic_k(): return d(lambda: 'sk-ant-api03-' + r(93, URLS) + 'AA')
def mailgun(): return d(lambda: 'key-' + hx(32))
def mailchimp(): return d(lambda: hx(32) + '-us' + str(random.randint(2, 21)))
def dd_api(): return d(lambda: hx(32))
def dd_app(): return d(lambda: hx(40))
def shpat(): return d(lambda: 'shpat_' + hx(32))
def hf_tok(): return d(lambda: 'hf_' + r(34, string.ascii_letters))
def wandb_k(): return d(lambda: hx(40))
def do_tok(): return d(lambda: 'dop_v1_' + hx(64))
def telegram(): return d(lambda: str(random.randint(1000000000, 7999999999)) + ':AA' + r(33, URLS))
def docker_pat(): return d(lambda: 'dckr_pat_' + r(27, URLS))
def ado_pat(): return d(lambda: r(52, 'abcdefghijklmnopqrstuvwxyz234567'))
def hubspot(): return d(lambda: 'pat-na1-' + uuid4())
def azure_key(): return d(lambda: base64.b64encode(rb(64)).decode())
def laravel_key(): return d(lambda: 'base64:' + base64.b64encode(rb(32)).decode())
def paypal_secret(): return d(lambda: 'E' + r(79, URLS))
def paypal_id(): return d(lambda: 'A' + r(79, URLS))
def atlassian(): return d(lambda: 'ATATT3xFfGF0' + r(170, URLS) + '=' + r(8, '0123456789ABCDEF'))
def linear_k(): return d(lambda: 'lin_api_' + r(40, A))
def algolia_admin(): return d(lambda: hx(32))


def discord_tok():
    uid = str(random.randint(10 ** 17, 13 * 10 ** 17))
    return d(lambda: b64u(uid) + '.' + r(6, URLS) + '.' + r(38, URLS))


def sentry_org_tok(org):
    iat = random.randint(1704000000, 1760000000)
    payload = json.dumps({'iat': iat + random.random(), 'url': 'https://sentry.io', 'region_url': 'https://us.sentry.io',
                          'org': org}, separators=(',', ':'))
    return d(lambda: 'sntrys_' + base64.b64encode(payload.encode()).decode().rstrip('=') + '_' + r(43, A))


def mapbox_sk(user):
    p = json.dumps({'u': user, 'a': r(25, LD)}, separators=(',', ':'))
    return d(lambda: 'sk.' + b64u(p) + '.' + r(22, URLS))


def jwt(payload: dict) -> str:
    h = b64u(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')))
    p = b64u(json.dumps(payload, separators=(',', ':')))
    return d(lambda: h + '.' + p + '.' + r(43, URLS))


def supabase_service(ref):
    iat = random.randint(1690000000, 1740000000)
    return jwt({'iss': 'supabase', 'ref': ref, 'role': 'service_role', 'iat': iat, 'exp': iat + 315360000})


WORDS = ['Harbor', 'Falcon', 'Maple', 'Orchid', 'Granite', 'Copper', 'Summit', 'Lantern', 'Velvet', 'Juniper',
         'Breeze', 'Tundra', 'Cobalt', 'Saffron', 'Pioneer', 'Meadow', 'Quartz', 'Thunder', 'Willow', 'Ember']


def pw(style=None, syms='!#%*-_.'):
    """A password as people or generators make them; syms limits the punctuation."""
    style = style or random.choice(['words', 'gen', 'gen'])
    if style == 'words':
        return d(lambda: random.choice(WORDS) + random.choice(WORDS).lower() + str(random.randint(2015, 2026))
                 + random.choice(syms or '!'))
    return d(lambda: r(random.randint(16, 24), A + syms))


def pem_body(der: bytes) -> str:
    s = base64.b64encode(der).decode()
    return '\n'.join(s[i:i + 64] for i in range(0, len(s), 64))


def rsa_pem():
    return d(lambda: '-----BEGIN RSA PRIVATE KEY-----\n' + pem_body(bytes.fromhex('308204a40201000282010100')
                                                                  + rb(1180)) + '\n-----END RSA PRIVATE KEY-----')


def pkcs8_pem():
    return d(lambda: '-----BEGIN PRIVATE KEY-----\n' + pem_body(bytes.fromhex(
        '308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100') + rb(1150))
             + '\n-----END PRIVATE KEY-----\n')


def ec_pem():
    der = lambda: (bytes.fromhex('30770201010420') + rb(32) + bytes.fromhex('a00a06082a8648ce3d030107a14403420004')
                   + rb(64))
    return d(lambda: '-----BEGIN EC PRIVATE KEY-----\n' + pem_body(der()) + '\n-----END EC PRIVATE KEY-----')


def chunks(s: str, n: int):
    """Splits s into n nearly equal pieces."""
    k = -(-len(s) // n)
    return [s[i:i + k] for i in range(0, len(s), k)]


def nb(cells):
    """A Jupyter notebook from (kind, source, outputs) cells."""
    out = []
    n = 0
    for kind, src, outs in cells:
        lines = src.split('\n')
        source = [l + '\n' for l in lines[:-1]] + [lines[-1]]
        if kind == 'md':
            out.append({'cell_type': 'markdown', 'metadata': {}, 'source': source})
        else:
            outputs = [{'name': 'stdout', 'output_type': 'stream', 'text': [l + '\n' for l in o.split('\n')]}
                       for o in outs]
            n += 1
            out.append({'cell_type': 'code', 'execution_count': n, 'metadata': {}, 'outputs': outputs,
                        'source': source})
    return json.dumps({'cells': out, 'metadata': {
        'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'},
        'language_info': {'name': 'python', 'version': '3.11.6'}}, 'nbformat': 4, 'nbformat_minor': 5},
        indent=1) + '\n'


# ---------------------------------------------------------------- positives: encoded literals
# c01: AWS key pair base64'd and decoded with atob() in a browser bundle module
ak, sk_ = aws_id(), aws_secret()
add('c01/web/src/lib/s3Client.js', f'''import {{ S3Client, PutObjectCommand }} from "@aws-sdk/client-s3";
import {{ v4 as uuid }} from "uuid";

// base64 so the keys don't show up in plain text in the bundle -- TODO: move uploads behind Cognito
const _a = atob("{b64(ak)}");
const _s = atob("{b64(sk_)}");

export const s3 = new S3Client({{
  region: "eu-west-1",
  credentials: {{ accessKeyId: _a, secretAccessKey: _s }},
}});

const BUCKET = "brightloop-user-media";

export async function uploadAvatar(userId, file) {{
  const key = `avatars/${{userId}}/${{uuid()}}-${{file.name}}`;
  await s3.send(
    new PutObjectCommand({{
      Bucket: BUCKET,
      Key: key,
      Body: file,
      ContentType: file.type,
      CacheControl: "public, max-age=31536000",
    }})
  );
  return `https://${{BUCKET}}.s3.eu-west-1.amazonaws.com/${{key}}`;
}}
''')

# c02: Slack bot token stored as hex and decoded with bytes.fromhex()
tok = slack_bot()
add('c02/bots/notifier/slack_alert.py', f'''"""Posts pipeline alerts to Slack."""
import logging
import os

import requests

log = logging.getLogger(__name__)

# stored as hex so it doesn't show up when people grep for xoxb
_TOKEN = bytes.fromhex(
    "{hexs(tok)}"
).decode()

CHANNEL = os.getenv("ALERT_CHANNEL", "#data-pipeline-alerts")
EMOJI = {{"info": ":information_source:", "warning": ":warning:", "critical": ":rotating_light:"}}


def post_alert(text: str, severity: str = "warning") -> bool:
    resp = requests.post(
        "https://slack.com/api/chat.postMessage",
        headers={{"Authorization": f"Bearer {{_TOKEN}}"}},
        json={{"channel": CHANNEL, "text": f"{{EMOJI.get(severity, '')}} {{text}}"}},
        timeout=10,
    )
    ok = resp.ok and resp.json().get("ok", False)
    if not ok:
        log.error("slack post failed: %s", resp.text[:200])
    return ok
''')

# c03: GitHub classic PAT as a hex literal fed to Buffer.from(..., "hex")
tok = ghp()
add('c03/scripts/release/publish.mjs', f'''#!/usr/bin/env node
// Creates the GitHub release and uploads the built artefacts.
import {{ readFile, readdir }} from "node:fs/promises";
import path from "node:path";
import {{ Octokit }} from "@octokit/rest";

const token =
  process.env.GITHUB_TOKEN ??
  Buffer.from("{hexs(tok)}", "hex").toString("utf8");

const octokit = new Octokit({{ auth: token }});
const [owner, repo] = ["quillstack", "quill-desktop"];

const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url)));
const tag = `v${{pkg.version}}`;

const {{ data: release }} = await octokit.repos.createRelease({{
  owner,
  repo,
  tag_name: tag,
  name: tag,
  generate_release_notes: true,
}});

for (const f of await readdir("dist/installers")) {{
  await octokit.repos.uploadReleaseAsset({{
    owner,
    repo,
    release_id: release.id,
    name: f,
    data: await readFile(path.join("dist/installers", f)),
  }});
  console.log(`uploaded ${{f}}`);
}}
''')

# c04: database password base64'd in a Spring @Configuration class
p = pw()
host = f'ledger-prod.cluster-{r(12, LD)}.eu-central-1.rds.amazonaws.com'
add('c04/src/main/java/com/tallyhq/ledger/config/DataSourceConfig.java', f'''package com.tallyhq.ledger.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration
@Profile("prod")
public class DataSourceConfig {{

    private static final String JDBC_URL =
            "jdbc:postgresql://{host}:5432/ledger";
    private static final String DB_USER = "ledger_app";
    private static final String DB_PASS = "{b64(p)}";

    @Bean
    public DataSource dataSource() {{
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(JDBC_URL);
        cfg.setUsername(DB_USER);
        cfg.setPassword(new String(Base64.getDecoder().decode(DB_PASS), StandardCharsets.UTF_8));
        cfg.setMaximumPoolSize(20);
        cfg.setConnectionTimeout(5_000);
        cfg.setPoolName("ledger-hikari");
        return new HikariDataSource(cfg);
    }}
}}
''')

# ---------------------------------------------------------------- positives: generated code
# c05: Android BuildConfig generated from buildConfigField with a Maps key and a Stripe restricted key
g, rk = gapi(), stripe_sk('rk')
add('c05/app/build/generated/source/buildConfig/release/com/parkspot/driver/BuildConfig.java', f'''/**
 * Automatically generated file. DO NOT MODIFY
 */
package com.parkspot.driver;

public final class BuildConfig {{
  public static final boolean DEBUG = false;
  public static final String APPLICATION_ID = "com.parkspot.driver";
  public static final String BUILD_TYPE = "release";
  public static final int VERSION_CODE = 412;
  public static final String VERSION_NAME = "4.12.0";
  // Field from build type: release
  public static final String API_BASE_URL = "https://api.parkspot.io/v3/";
  // Field from default config.
  public static final String MAPS_API_KEY = "{g}";
  // Field from build type: release
  public static final String STRIPE_SECRET = "{rk}";
}}
''')

# c06: .NET Resources.resx holding a storage connection string and a SendGrid key
acct = 'stcontoso' + r(6, LOW)
key = azure_key()
sg = sendgrid()
add('c06/src/Contoso.Billing/Properties/Resources.resx', f'''<?xml version="1.0" encoding="utf-8"?>
<root>
  <xsd:schema id="root" xmlns="" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">
    <xsd:import namespace="http://www.w3.org/XML/1998/namespace" />
    <xsd:element name="root" msdata:IsDataSet="true">
      <xsd:complexType>
        <xsd:choice maxOccurs="unbounded">
          <xsd:element name="data">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="value" type="xsd:string" minOccurs="0" msdata:Ordinal="1" />
                <xsd:element name="comment" type="xsd:string" minOccurs="0" msdata:Ordinal="2" />
              </xsd:sequence>
              <xsd:attribute name="name" use="required" type="xsd:string" msdata:Ordinal="1" />
              <xsd:attribute name="type" type="xsd:string" msdata:Ordinal="3" />
              <xsd:attribute name="mimetype" type="xsd:string" msdata:Ordinal="4" />
              <xsd:attribute ref="xml:space" />
            </xsd:complexType>
          </xsd:element>
        </xsd:choice>
      </xsd:complexType>
    </xsd:element>
  </xsd:schema>
  <resheader name="resmimetype">
    <value>text/microsoft-resx</value>
  </resheader>
  <resheader name="version">
    <value>2.0</value>
  </resheader>
  <resheader name="reader">
    <value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
  <resheader name="writer">
    <value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
  <data name="InvoiceBlobConnection" xml:space="preserve">
    <value>DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net</value>
  </data>
  <data name="InvoiceContainer" xml:space="preserve">
    <value>invoices-pdf</value>
  </data>
  <data name="SendGridApiKey" xml:space="preserve">
    <value>{sg}</value>
    <comment>billing@contoso-retail.com sender, full access</comment>
  </data>
  <data name="InvoiceEmailSubject" xml:space="preserve">
    <value>Your invoice {{0}} from Contoso Retail</value>
  </data>
</root>
''')

# c07: iOS Release.xcconfig with a Sentry org auth token and an Algolia admin key
st = sentry_org_tok('tidewater')
appid, alg = r(10, UD), algolia_admin()
add('c07/Config/Release.xcconfig', f'''//
//  Release.xcconfig
//  Tidewater Reader
//

#include "Base.xcconfig"

PRODUCT_BUNDLE_IDENTIFIER = app.tidewater.reader
ASSETCATALOG_COMPILER_APPICON_NAME = AppIcon

// xcconfig treats // as a comment, hence the $() in URLs
API_BASE_URL = https:/$()/api.tidewater.app/v2

ALGOLIA_APP_ID = {appid}
ALGOLIA_ADMIN_KEY = {alg}
ALGOLIA_INDEX = articles_prod

// used by the "Upload dSYMs" build phase
SENTRY_ORG = tidewater
SENTRY_PROJECT = reader-ios
SENTRY_AUTH_TOKEN = {st}
''')

# ---------------------------------------------------------------- positives: build artefacts
# c08: Vite source map whose sourcesContent keeps the OpenAI key fallback
ok_ = openai_k()
src = f'''import OpenAI from "openai";

const client = new OpenAI({{
  apiKey: import.meta.env.VITE_OPENAI_API_KEY ?? "{ok_}",
  dangerouslyAllowBrowser: true,
}});

export async function summarize(text: string): Promise<string> {{
  const res = await client.chat.completions.create({{
    model: "gpt-4o-mini",
    temperature: 0.2,
    messages: [
      {{ role: "system", content: "Summarize the meeting notes in 5 bullet points." }},
      {{ role: "user", content: text }},
    ],
  }});
  return res.choices[0]?.message?.content ?? "";
}}
'''
segs = ['AAAA', 'SAASA', 'MAAM', 'EAAE', 'WACV', 'OAAO', 'KAAK', 'EAAE', 'GAAG', 'CAAC', 'QAAQ', 'SAASC']
mapping = ';'.join(','.join(random.choice(segs) for _ in range(random.randint(1, 6))) for _ in range(19))
add('c08/dist/assets/summarize-7c1e94ab.js.map', json.dumps({
    'version': 3, 'file': 'summarize-7c1e94ab.js', 'sources': ['../../src/lib/summarize.ts'],
    'sourcesContent': [src], 'names': ['OpenAI', 'client', 'summarize', 'text', 'res'],
    'mappings': mapping}, separators=(',', ':')) + '\n')
# c09: minified webpack bundle with a Stripe secret key and a Mapbox secret token inlined
s1, mb = stripe_sk(), mapbox_sk('roamly')
add('c09/public/build/main.3f9a2c1d.min.js', '(()=>{"use strict";var e={812:(e,t,n)=>{n.d(t,{Z:()=>o});'
    'const r="https://api.roamly.io/v2",a="' + mb + '",o={apiUrl:r,mapboxToken:a,stripeSecret:"' + s1 + '",'
    'currency:"eur",retries:3}},431:(e,t,n)=>{var r=n(812);t.createCharge=async function(e,t){const n=await '
    'fetch("https://api.stripe.com/v1/payment_intents",{method:"POST",headers:{Authorization:"Bearer "+r.Z.stripeSecret,'
    '"Content-Type":"application/x-www-form-urlencoded"},body:new URLSearchParams({amount:String(e),currency:r.Z.currency,'
    '"metadata[order]":t})});if(!n.ok)throw new Error("charge failed: "+n.status);return n.json()}}},t={};function n(r){'
    'var a=t[r];if(void 0!==a)return a.exports;var o=t[r]={exports:{}};return e[r](o,o.exports,n),o.exports}'
    'n.d=(e,t)=>{for(var r in t)n.o(t,r)&&!n.o(e,r)&&Object.defineProperty(e,r,{enumerable:!0,get:t[r]})},'
    'n.o=(e,t)=>Object.prototype.hasOwnProperty.call(e,t);n(431)})();\n'
    '//# sourceMappingURL=main.3f9a2c1d.min.js.map\n')

# c10: Jupyter notebook whose committed output shows ~/.aws/credentials
ak, sk_ = aws_id(), aws_secret()
ak2, sk2 = aws_id(), aws_secret()
add('c10/notebooks/churn_analysis.ipynb', nb([
    ('md', '# Churn analysis Q3\nPulls the events export from S3 and fits a baseline model.', []),
    ('code', '!cat ~/.aws/credentials', [
        f'[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk_}\n\n[analytics]\n'
        f'aws_access_key_id = {ak2}\naws_secret_access_key = {sk2}\nregion = us-east-2']),
    ('code', 'import boto3\nimport pandas as pd\n\nsession = boto3.Session(profile_name="analytics")\n'
             's3 = session.client("s3")\nobj = s3.get_object(Bucket="northwind-events-export", '
             'Key="2024/q3/events.parquet")\ndf = pd.read_parquet(obj["Body"])\ndf.shape', ['(1843302, 27)']),
    ('code', 'df.groupby("plan")["churned"].mean().round(3)',
     ['plan\nbasic      0.142\npro        0.071\nteam       0.038\nName: churned, dtype: float64']),
]))

# c11: goose SQL migration seeding Twilio and SendGrid settings as JSON
sid, tt, sg = tw_sid(), tw_tok(), sendgrid()
add('c11/db/migrations/20240312094512_seed_integrations.sql', f'''-- +goose Up
-- +goose StatementBegin
INSERT INTO integration_settings (tenant_id, provider, config, enabled, created_at)
VALUES
  (1, 'twilio',
   '{{"account_sid": "{sid}", "auth_token": "{tt}", "from_number": "+14155550172"}}',
   true, now()),
  (1, 'sendgrid',
   '{{"api_key": "{sg}", "from_email": "no-reply@kestrelhealth.com", "from_name": "Kestrel Health"}}',
   true, now())
ON CONFLICT (tenant_id, provider) DO NOTHING;
-- +goose StatementEnd

-- +goose Down
DELETE FROM integration_settings WHERE tenant_id = 1 AND provider IN ('twilio', 'sendgrid');
''')

# c12: Rails seeds with an admin password, a Stripe secret and a webhook signing secret
p, s1, wh = pw('words'), stripe_sk(), whsec()
add('c12/db/seeds.rb', f'''# Bootstrap data for a fresh environment: bin/rails db:seed
puts "Seeding #{{Rails.env}}..."

admin = User.find_or_create_by!(email: "ops@cartwheel.shop") do |u|
  u.name = "Cartwheel Ops"
  u.password = "{p}"
  u.password_confirmation = "{p}"
  u.role = :admin
  u.confirmed_at = Time.current
end

%w[Shirts Hoodies Mugs Stickers].each_with_index do |name, i|
  Category.find_or_create_by!(name: name) {{ |c| c.position = i }}
end

Setting.set("stripe.secret_key", "{s1}")
Setting.set("stripe.webhook_secret", "{wh}")
Setting.set("shop.currency", "usd")

puts "Admin: #{{admin.email}}"
''')

# c13: Go client with the previous Mailgun key left in a comment
mg, mg2 = mailgun(), mailgun()
add('c13/internal/notify/mailgun.go', f'''package notify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Mailgun sends transactional mail through the EU region.
//
// old key: {mg}
// (rotated 2024-05-02 after the contractor offboarding, new one is in SSM
// /hearthly/prod/mailgun_api_key -- delete this comment once billing confirms)
type Mailgun struct {{
	Domain string
	APIKey string
	HTTP   *http.Client
}}

func NewMailgun() *Mailgun {{
	key := os.Getenv("MAILGUN_API_KEY")
	if key == "" {{
		key = "{mg2}" // fallback for local runs
	}}
	return &Mailgun{{Domain: "mg.hearthly.com", APIKey: key, HTTP: &http.Client{{Timeout: 10 * time.Second}}}}
}}

func (m *Mailgun) Send(ctx context.Context, to, subject, body string) error {{
	form := url.Values{{"from": {{"Hearthly <no-reply@hearthly.com>"}}, "to": {{to}}, "subject": {{subject}}, "text": {{body}}}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		fmt.Sprintf("https://api.eu.mailgun.net/v3/%s/messages", m.Domain), strings.NewReader(form.Encode()))
	if err != nil {{
		return err
	}}
	req.SetBasicAuth("api", m.APIKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := m.HTTP.Do(req)
	if err != nil {{
		return err
	}}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {{
		return fmt.Errorf("mailgun: %s", resp.Status)
	}}
	return nil
}}
''')

# ---------------------------------------------------------------- positives: test fixtures with real values
# c14: VCR cassette that recorded the real Shopify Admin API token header
sp = shpat()
add('c14/spec/fixtures/vcr_cassettes/shopify/orders_sync.yml', f'''---
http_interactions:
- request:
    method: get
    uri: https://pinecrest-outfitters.myshopify.com/admin/api/2024-04/orders.json?status=any&limit=50
    body:
      encoding: US-ASCII
      string: ''
    headers:
      Accept-Encoding:
      - gzip;q=1.0,deflate;q=0.6,identity;q=0.3
      Accept:
      - application/json
      User-Agent:
      - Shopify API Library v14.1.0 | Ruby 3.3.0
      X-Shopify-Access-Token:
      - {sp}
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Type:
      - application/json; charset=utf-8
      X-Shopify-Shop-Api-Call-Limit:
      - 1/40
    body:
      encoding: UTF-8
      string: '{{"orders":[{{"id":5823104921,"name":"#1042","financial_status":"paid","total_price":"84.00","currency":"USD"}}]}}'
  recorded_at: Tue, 14 May 2024 09:12:44 GMT
recorded_with: VCR 6.2.0
''')

# c15: GitLab PAT hex-encoded and decoded with encoding/hex in a Go tool
gl = glpat()
add('c15/cmd/mirror/main.go', f'''// mirror pushes release branches from GitHub to the on-prem GitLab.
package main

import (
	"encoding/hex"
	"flag"
	"log"
	"os"
	"os/exec"
)

// hex-encoded bot token for gitlab.internal.voltaro.net (user: mirror-bot)
const tokenHex = "{hexs(gl)}"

func gitlabToken() string {{
	if t := os.Getenv("GITLAB_TOKEN"); t != "" {{
		return t
	}}
	b, err := hex.DecodeString(tokenHex)
	if err != nil {{
		log.Fatal(err)
	}}
	return string(b)
}}

func main() {{
	branch := flag.String("branch", "release", "branch to mirror")
	flag.Parse()
	remote := "https://mirror-bot:" + gitlabToken() + "@gitlab.internal.voltaro.net/platform/api.git"
	cmd := exec.Command("git", "push", "--force", remote, *branch)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {{
		log.Fatalf("push failed: %v", err)
	}}
}}
''')

# ---------------------------------------------------------------- positives: split, reversed, XOR (hard)
# c16 (hard): Discord bot token split across concat!() pieces in Rust
dt = discord_tok()
parts = chunks(dt, 4)
add('c16/src/config.rs', '''use serenity::prelude::GatewayIntents;

// split up so GitHub's push protection stops flagging it -- it's a private bot anyway
const TOKEN: &str = concat!(
''' + ''.join(f'    "{x}",\n' for x in parts) + ''');

pub const PREFIX: &str = "!";
pub const GUILD_ID: u64 = ''' + digits(18) + ''';

pub fn token() -> String {
    std::env::var("DISCORD_TOKEN").unwrap_or_else(|_| TOKEN.to_string())
}

pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILD_MESSAGES | GatewayIntents::MESSAGE_CONTENT | GatewayIntents::GUILD_MEMBERS
}
''')
# c17 (hard): Twilio auth token assembled with string.Join in C#; the Account SID sits beside it whole
sid, tt = tw_sid(), tw_tok()
parts = chunks(tt, 4)
add('c17/src/Harbor.Notifications/Sms/TwilioDefaults.cs', '''using System;

namespace Harbor.Notifications.Sms
{
    /// <summary>Fallback credentials for the SMS sender when the config section is missing.</summary>
    internal static class TwilioDefaults
    {
        public const string AccountSid = "''' + sid + '''";

        // kept in pieces so the secret scanner in the pipeline doesn't block the build
        public static readonly string AuthToken = string.Join(string.Empty, new[]
        {
''' + ''.join(f'            "{x}",\n' for x in parts) + '''        });

        public const string FromNumber = "+13125550148";
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    }
}
''')

# c18 (hard): Anthropic key XOR'ed with a repeating key written right beside it, then base64'd
an = anthropic_k()
xk = random.choice(['orchard', 'kestrel', 'lumen42', 'quokka', 'b1rchw00d'])
blob = b64(bytes(ord(c) ^ ord(xk[i % len(xk)]) for i, c in enumerate(an)))
add('c18/assistant/_keys.py', f'''"""Light obfuscation so the key isn't sitting in plain text in the wheel."""
import base64
import os

_XK = b"{xk}"
_BLOB = (
''' + ''.join(f'    "{x}"\n' for x in chunks(blob, 4)) + f''')


def _unmask(blob: str) -> str:
    raw = base64.b64decode(blob)
    return bytes(b ^ _XK[i % len(_XK)] for i, b in enumerate(raw)).decode()


def anthropic_key() -> str:
    return os.environ.get("ANTHROPIC_API_KEY") or _unmask(_BLOB)
''')

# c19 (hard): npm automation token stored reversed in a CI publish script
nt = npm_tok()
add('c19/tools/publish-canary.js', f'''#!/usr/bin/env node
/* Publishes a canary build of every changed package. Runs in the nightly job. */
const {{ execSync }} = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

// reversed so npm's token scanner doesn't revoke it when the repo is mirrored
const NPM_TOKEN = process.env.NPM_TOKEN || "{keep(nt[::-1])}".split("").reverse().join("");

fs.writeFileSync(
  path.join(os.homedir(), ".npmrc"),
  `//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}\\n`
);

const sha = execSync("git rev-parse --short HEAD").toString().trim();
execSync(`npx lerna publish --canary --preid canary.${{sha}} --dist-tag canary --yes`, {{
  stdio: "inherit",
}});
''')

# c20: Laravel config/services.php with base64_decode() fallbacks for Mailgun and PayPal
mg, pid, psec = mailgun(), paypal_id(), paypal_secret()
add('c20/config/services.php', f'''<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Third Party Services
    |--------------------------------------------------------------------------
    */

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN', 'mg.orchardlane.co'),
        'secret' => env('MAILGUN_SECRET', base64_decode('{b64(mg)}')),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
        'scheme' => 'https',
    ],

    'paypal' => [
        'mode' => 'live',
        'client_id' => env('PAYPAL_CLIENT_ID', '{pid}'),
        'secret' => env('PAYPAL_SECRET', base64_decode('{b64(psec)}')),
        'currency' => 'EUR',
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],

];
''')

# c21: Ruby initializer decoding a whole MySQL URL (with password) from base64
p = pw(syms='-_.')
url = f'mysql2://reporting_ro:{p}@reporting.{r(12, LD)}.us-west-2.rds.amazonaws.com:3306/reporting'
add('c21/config/initializers/reporting_db.rb', f'''# Read-only connection to the reporting replica used by the admin dashboards.
require "base64"

REPORTING_DATABASE_URL = ENV.fetch("REPORTING_DATABASE_URL") do
  Base64.decode64("{b64(url)}")
end

class ReportingRecord < ActiveRecord::Base
  self.abstract_class = true
  establish_connection(REPORTING_DATABASE_URL)
end
''')

# c22: Phoenix prod.exs with a literal secret_key_base and a Base.decode64!() Stripe key
skb = d(lambda: r(64, A + '+/'))
s1 = stripe_sk()
add('c22/config/prod.exs', f'''import Config

config :storefront, StorefrontWeb.Endpoint,
  url: [host: "shop.lumenfield.com", port: 443, scheme: "https"],
  cache_static_manifest: "priv/static/cache_manifest.json",
  secret_key_base: "{skb}"

config :storefront, Storefront.Repo,
  pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
  ssl: true

config :stripity_stripe,
  api_key: Base.decode64!("{b64(s1)}"),
  json_library: Jason

config :logger, level: :info
''')

# c23: Scala Slack incoming webhook URL base64'd
hook = slack_hook()
add('c23/src/main/scala/io/meridianlabs/etl/alerts/SlackNotifier.scala', f'''package io.meridianlabs.etl.alerts

import java.net.URI
import java.net.http.{{HttpClient, HttpRequest, HttpResponse}}
import java.nio.charset.StandardCharsets
import java.util.Base64

object SlackNotifier {{

  private val webhookUrl: String =
    sys.env.getOrElse(
      "SLACK_WEBHOOK_URL",
      new String(Base64.getDecoder.decode("{b64(hook)}"), StandardCharsets.UTF_8)
    )

  private val client = HttpClient.newHttpClient()

  def notify(job: String, message: String): Int = {{
    val body = s"""{{"text": ":x: *$job* failed: ${{message.replace('"', '\\'')}}"}}"""
    val req = HttpRequest
      .newBuilder(URI.create(webhookUrl))
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body))
      .build()
    client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode()
  }}
}}
''')

# c24 (partly hard): Flutter envied generated env.g.dart: OpenAI key obfuscated (XOR, key beside it),
# Supabase service-role key in plain text
ref = r(20, LOW)
sup = supabase_service(ref)
ok_ = openai_k()
kk = [random.getrandbits(32) for _ in ok_]
dd = [k ^ ord(c) for k, c in zip(kk, ok_)]
ints = lambda xs: ''.join(f'    {x},\n' for x in xs)
add('c24/lib/env/env.g.dart', f'''// GENERATED CODE - DO NOT MODIFY BY HAND

part of 'env.dart';

// **************************************************************************
// EnviedGenerator
// **************************************************************************

// coverage:ignore-file
// ignore_for_file: type=lint
final class _Env {{
  static const String supabaseUrl = 'https://{ref}.supabase.co';

  static const String supabaseServiceRoleKey =
      '{sup}';

  static const List<int> _enviedkeyopenAiKey = <int>[
{ints(kk)}  ];

  static const List<int> _envieddataopenAiKey = <int>[
{ints(dd)}  ];

  static final String openAiKey = String.fromCharCodes(List<int>.generate(
    _envieddataopenAiKey.length,
    (int i) => i,
    growable: false,
  ).map((int i) => _envieddataopenAiKey[i] ^ _enviedkeyopenAiKey[i]));
}}
''')
# c25: OpenResty Lua module with a Redis AUTH password and an HMAC secret via ngx.decode_base64()
rp = pw('gen', syms='-_.!')
hs = d(lambda: r(40, A))
add('c25/lua/session_guard.lua', f'''-- Validates signed session cookies and rate-limits per user (OpenResty access_by_lua).
local redis = require "resty.redis"
local hmac = require "resty.hmac"

local _M = {{}}

local REDIS_HOST = "10.20.4.17"
local REDIS_PORT = 6379
local REDIS_PASS = "{rp}"
local COOKIE_SECRET = ngx.decode_base64("{b64(hs)}")

local function connect()
  local red = redis:new()
  red:set_timeouts(200, 200, 200)
  local ok, err = red:connect(REDIS_HOST, REDIS_PORT)
  if not ok then
    return nil, err
  end
  local res, aerr = red:auth(REDIS_PASS)
  if not res then
    return nil, aerr
  end
  return red
end

function _M.check()
  local cookie = ngx.var.cookie_sid
  if not cookie then
    return ngx.exit(ngx.HTTP_UNAUTHORIZED)
  end
  local uid, sig = cookie:match("^(%w+)%.(%w+)$")
  local h = hmac:new(COOKIE_SECRET, hmac.ALGOS.SHA256)
  if not uid or h:final(uid, true) ~= sig then
    return ngx.exit(ngx.HTTP_UNAUTHORIZED)
  end
  local red, err = connect()
  if not red then
    ngx.log(ngx.ERR, "redis: ", err)
    return
  end
  local n = red:incr("rl:" .. uid)
  if n == 1 then red:expire("rl:" .. uid, 60) end
  red:set_keepalive(10000, 100)
  if n > 300 then
    return ngx.exit(429)
  end
end

return _M
''')

# c26: PowerShell publish script: Azure DevOps PAT via FromBase64String, service password as plain text
pat = ado_pat()
sp_ = pw('words', syms='!#%*')
add('c26/build/Publish-Modules.ps1', f'''<#
.SYNOPSIS
  Publishes the internal PowerShell modules to the Azure Artifacts feed.
#>
param(
    [string]$ModulePath = "$PSScriptRoot\\..\\out\\Contoso.Ops",
    [string]$Feed = "ContosoPSGallery"
)

$ErrorActionPreference = "Stop"

$pat = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String("{b64(pat)}"))
$feedCred = New-Object System.Management.Automation.PSCredential("build@contoso-ops.com", (ConvertTo-SecureString $pat -AsPlainText -Force))

if (-not (Get-PSRepository -Name $Feed -ErrorAction SilentlyContinue)) {{
    Register-PSRepository -Name $Feed `
        -SourceLocation "https://pkgs.dev.azure.com/contoso-ops/_packaging/psmodules/nuget/v2" `
        -PublishLocation "https://pkgs.dev.azure.com/contoso-ops/_packaging/psmodules/nuget/v2" `
        -InstallationPolicy Trusted -Credential $feedCred
}}

Publish-Module -Path $ModulePath -Repository $Feed -NuGetApiKey "AzureDevOps" -Credential $feedCred

# refresh the module on the jump host
$svcPass = ConvertTo-SecureString "{sp_}" -AsPlainText -Force
$svcCred = New-Object System.Management.Automation.PSCredential("CONTOSO\\svc-deploy", $svcPass)
Invoke-Command -ComputerName "jump01.corp.contoso-ops.com" -Credential $svcCred -ScriptBlock {{
    Update-Module -Name Contoso.Ops -Force
}}
''')

# c27: ESP32 firmware: AWS IoT device private key as C string lines, plus the Wi-Fi password
key = rsa_pem()
wp = pw('words', syms='!#%*')
cert = '-----BEGIN CERTIFICATE-----\n' + pem_body(bytes.fromhex('308203') + rb(820)) + '\n-----END CERTIFICATE-----'
cl = lambda pem: '\n'.join(f'"{l}\\n"' for l in pem.split('\n'))
add('c27/firmware/main/device_secrets.c', f'''/* Device credentials for the greenhouse sensor node (thing: gh-node-017). */
#include "device_secrets.h"

const char WIFI_SSID[] = "Greenloop-Ops";
const char WIFI_PASS[] = "{wp}";

const char AWS_IOT_ENDPOINT[] = "{r(14, LD)}-ats.iot.eu-west-1.amazonaws.com";

const char AWS_IOT_DEVICE_CERT[] =
{cl(cert)};

const char AWS_IOT_PRIVATE_KEY[] =
{cl(key)};
''')

# c28: C++ uploader embedding a GCP service-account JSON in a raw string literal
proj = random.choice(['orbital-telemetry', 'fernwood-prod', 'tallis-analytics']) + '-' + digits(6)
pk = pkcs8_pem()
sa = json.dumps({'type': 'service_account', 'project_id': proj, 'private_key_id': hx(40), 'private_key': pk,
                 'client_email': f'uploader@{proj}.iam.gserviceaccount.com', 'client_id': digits(21),
                 'auth_uri': 'https://accounts.google.com/o/oauth2/auth', 'token_uri': 'https://oauth2.googleapis.com/token',
                 'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
                 'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/uploader%40{proj}.iam.gserviceaccount.com',
                 'universe_domain': 'googleapis.com'}, indent=2)
add('c28/src/telemetry/gcs_uploader.cpp', f'''#include "telemetry/gcs_uploader.h"

#include <google/cloud/storage/client.h>

#include <fstream>
#include <string>

namespace telemetry {{

namespace gcs = ::google::cloud::storage;

namespace {{
// Service account for the field units; they have no metadata server to get tokens from.
constexpr char kServiceAccountJson[] = R"json({sa})json";
}}  // namespace

GcsUploader::GcsUploader(std::string bucket) : bucket_(std::move(bucket)) {{
  auto creds = google::cloud::MakeServiceAccountCredentials(kServiceAccountJson);
  client_ = gcs::Client(google::cloud::Options{{}}.set<google::cloud::UnifiedCredentialsOption>(creds));
}}

bool GcsUploader::Upload(const std::string& path, const std::string& object) {{
  std::ifstream in(path, std::ios::binary);
  auto writer = client_.WriteObject(bucket_, object);
  writer << in.rdbuf();
  writer.Close();
  return writer.metadata().ok();
}}

}}  // namespace telemetry
''')

# c29 (hard): Swift [UInt8] array (decimal) holding a fine-grained GitHub token for in-app bug reports
gt = gh_fine()
bs = list(gt.encode())
rows = '\n'.join('        ' + ', '.join(str(b) for b in bs[i:i + 16]) + ',' for i in range(0, len(bs), 16))
add('c29/Sources/Feedback/IssueReporter.swift', f'''import Foundation

/// Files user bug reports as GitHub issues in the private tracker.
struct IssueReporter {{
    // bytes instead of a string literal so `strings` on the binary doesn't show it
    private static let tokenBytes: [UInt8] = [
{rows.rstrip(',')}
    ]

    private static var token: String {{ String(decoding: tokenBytes, as: UTF8.self) }}

    private let endpoint = URL(string: "https://api.github.com/repos/lanternapps/pocketledger-feedback/issues")!

    func report(title: String, body: String, logs: String?) async throws {{
        var req = URLRequest(url: endpoint)
        req.httpMethod = "POST"
        req.setValue("Bearer \\(Self.token)", forHTTPHeaderField: "Authorization")
        req.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        let payload: [String: Any] = [
            "title": title,
            "body": body + (logs.map {{ "\\n\\n```\\n\\($0)\\n```" }} ?? ""),
            "labels": ["from-app"],
        ]
        req.httpBody = try JSONSerialization.data(withJSONObject: payload)
        let (_, resp) = try await URLSession.shared.data(for: req)
        guard (resp as? HTTPURLResponse)?.statusCode == 201 else {{ throw URLError(.badServerResponse) }}
    }}
}}
''')

# c30 (hard): Kotlin charArrayOf() holding a Gemini (Google) API key
gk = gapi()
chars = ', '.join(f"'{c}'" for c in gk)
add('c30/app/src/main/java/com/brightnote/ai/GeminiClient.kt', f'''package com.brightnote.ai

import com.google.ai.client.generativeai.GenerativeModel
import com.google.ai.client.generativeai.type.generationConfig

object GeminiClient {{

    // char array so the key isn't a plain string constant in the dex
    private val key = String(
        charArrayOf(
            {chars}
        )
    )

    val model: GenerativeModel by lazy {{
        GenerativeModel(
            modelName = "gemini-1.5-flash",
            apiKey = key,
            generationConfig = generationConfig {{
                temperature = 0.4f
                maxOutputTokens = 1024
            }},
        )
    }}

    suspend fun summarize(note: String): String? =
        model.generateContent("Summarize this note in three sentences:\\n$note").text
}}
''')

# c31 (hard): DigitalOcean token split over three Go constants joined with +
dot = do_tok()
a1, a2, a3 = dot[:22], dot[22:47], dot[47:]
add('c31/internal/infra/do.go', f'''package infra

import (
	"context"
	"os"

	"github.com/digitalocean/godo"
)

// split so the pre-commit hook lets it through; read-write token for the staging team
const (
	doTokPart1 = "{a1}"
	doTokPart2 = "{a2}"
	doTokPart3 = "{a3}"
)

func Client() *godo.Client {{
	tok := os.Getenv("DIGITALOCEAN_TOKEN")
	if tok == "" {{
		tok = doTokPart1 + doTokPart2 + doTokPart3
	}}
	return godo.NewFromToken(tok)
}}

func ResizeWorkers(ctx context.Context, poolID string, n int) error {{
	_, _, err := Client().Kubernetes.UpdateNodePool(ctx, "k8s-staging-ams3", poolID, &godo.KubernetesNodePoolUpdateRequest{{
		Count: &n,
	}})
	return err
}}
''')

# c32: SQLAlchemy warehouse URL with a percent-encoded password (decoded by the driver)
wpw = d(lambda: random.choice(WORDS) + random.choice('@#%') + random.choice(WORDS).lower() + str(random.randint(10, 99)) + random.choice('@#!'))
add('c32/etl/warehouse.py', f'''"""Loads the nightly extracts into the analytics warehouse."""
import os

import pandas as pd
from sqlalchemy import create_engine, text

# password is URL-encoded (special characters)
WAREHOUSE_URL = os.getenv(
    "WAREHOUSE_URL",
    "postgresql+psycopg2://etl_loader:{keep(urllib.parse.quote(wpw, safe=''))}@warehouse.internal.brindlepay.com:5432/analytics",
)

engine = create_engine(WAREHOUSE_URL, pool_pre_ping=True)


def load(df: pd.DataFrame, table: str, schema: str = "staging") -> int:
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {{schema}}.{{table}}"))
        df.to_sql(table, conn, schema=schema, if_exists="append", index=False, chunksize=5000)
    return len(df)
''')
# c33: protoc-gen-go output carrying a proto2 [default = ...] Hugging Face token
hf = hf_tok()
add('c33/gen/go/inference/v1/inference.pb.go', f'''// Code generated by protoc-gen-go. DO NOT EDIT.
// versions:
// 	protoc-gen-go v1.34.1
// 	protoc        v4.25.3
// source: inference/v1/inference.proto

package inferencev1

import (
	protoreflect "google.golang.org/protobuf/reflect/protoreflect"
	protoimpl "google.golang.org/protobuf/runtime/protoimpl"
	reflect "reflect"
	sync "sync"
)

const (
	// Verify that this generated code is sufficiently up-to-date.
	_ = protoimpl.EnforceVersion(20 - protoimpl.MinVersion)
	// Verify that runtime/protoimpl is sufficiently up-to-date.
	_ = protoimpl.EnforceVersion(protoimpl.MaxVersion - 20)
)

type EndpointConfig struct {{
	state         protoimpl.MessageState
	sizeCache     protoimpl.SizeCache
	unknownFields protoimpl.UnknownFields

	Url       *string `protobuf:"bytes,1,opt,name=url,def=https://api-inference.huggingface.co/models/BAAI/bge-large-en-v1.5" json:"url,omitempty"`
	HfToken   *string `protobuf:"bytes,2,opt,name=hf_token,json=hfToken,def={hf}" json:"hf_token,omitempty"`
	TimeoutMs *int32  `protobuf:"varint,3,opt,name=timeout_ms,json=timeoutMs,def=8000" json:"timeout_ms,omitempty"`
}}

// Default values for EndpointConfig fields.
const (
	Default_EndpointConfig_Url       = string("https://api-inference.huggingface.co/models/BAAI/bge-large-en-v1.5")
	Default_EndpointConfig_HfToken   = string("{hf}")
	Default_EndpointConfig_TimeoutMs = int32(8000)
)

func (x *EndpointConfig) Reset() {{
	*x = EndpointConfig{{}}
	if protoimpl.UnsafeEnabled {{
		mi := &file_inference_v1_inference_proto_msgTypes[0]
		ms := protoimpl.X.MessageStateOf(protoimpl.Pointer(x))
		ms.StoreMessageInfo(mi)
	}}
}}

func (x *EndpointConfig) ProtoReflect() protoreflect.Message {{
	mi := &file_inference_v1_inference_proto_msgTypes[0]
	return mi.MessageOf(x)
}}

func (x *EndpointConfig) GetHfToken() string {{
	if x != nil && x.HfToken != nil {{
		return *x.HfToken
	}}
	return Default_EndpointConfig_HfToken
}}

func (x *EndpointConfig) GetTimeoutMs() int32 {{
	if x != nil && x.TimeoutMs != nil {{
		return *x.TimeoutMs
	}}
	return Default_EndpointConfig_TimeoutMs
}}

var (
	file_inference_v1_inference_proto_rawDescOnce sync.Once
	file_inference_v1_inference_proto_msgTypes    = make([]protoimpl.MessageInfo, 1)
	_                                             = reflect.TypeOf
)
''')

# c34: openapi-generator Python client whose Configuration got a default HubSpot private-app token
hs_ = hubspot()
add('c34/clients/crm_client/configuration.py', f'''# coding: utf-8

"""
    CRM Sync API

    Internal wrapper around the HubSpot CRM endpoints.

    The version of the OpenAPI document: 1.8.0
    Generated by OpenAPI Generator (https://openapi-generator.tech)

    Do not edit the class manually.
"""  # noqa: E501


import copy
import logging
import multiprocessing
import sys
import urllib3

JSON_SCHEMA_VALIDATION_KEYWORDS = {{
    'multipleOf', 'maximum', 'exclusiveMaximum',
    'minimum', 'exclusiveMinimum', 'maxLength',
    'minLength', 'pattern', 'maxItems', 'minItems'
}}


class Configuration:
    """This class contains various settings of the API client."""

    _default = None

    def __init__(self, host=None,
                 api_key=None, api_key_prefix=None,
                 username=None, password=None,
                 access_token="{hs_}",
                 server_index=None, server_variables=None,
                 server_operation_index=None, server_operation_variables=None,
                 ssl_ca_cert=None,
                 ) -> None:
        self._base_path = "https://api.hubapi.com" if host is None else host
        self.server_index = 0 if server_index is None and host is None else server_index
        self.server_operation_index = server_operation_index or {{}}
        self.server_variables = server_variables or {{}}
        self.server_operation_variables = server_operation_variables or {{}}
        self.temp_folder_path = None
        self.api_key = {{}}
        if api_key:
            self.api_key = api_key
        self.api_key_prefix = {{}}
        if api_key_prefix:
            self.api_key_prefix = api_key_prefix
        self.refresh_api_key_hook = None
        self.username = username
        self.password = password
        self.access_token = access_token
        self.logger = {{}}
        self.logger["package_logger"] = logging.getLogger("crm_client")
        self.logger["urllib3_logger"] = logging.getLogger("urllib3")
        self.verify_ssl = True
        self.ssl_ca_cert = ssl_ca_cert
        self.connection_pool_maxsize = multiprocessing.cpu_count() * 5
        self.retries = None

    def auth_settings(self):
        auth = {{}}
        if self.access_token is not None:
            auth['oauth2'] = {{
                'type': 'oauth2',
                'in': 'header',
                'key': 'Authorization',
                'value': 'Bearer ' + self.access_token
            }}
        return auth
''')

# c35: integration-test conftest using the real staging database and a Linear API key
p = pw('gen', syms='-_.')
lk = linear_k()
add('c35/tests/integration/conftest.py', f'''import os

import psycopg
import pytest

from tally.integrations.linear import LinearClient

# staging values so the suite can run from a laptop without the CI secrets
STAGING_DSN = os.getenv(
    "STAGING_DSN",
    "postgresql://qa_runner:{p}@staging-db.tallyhq.net:5432/tally_staging",
)
LINEAR_API_KEY = os.getenv("LINEAR_API_KEY", "{lk}")
LINEAR_TEAM = "PLAT"


@pytest.fixture(scope="session")
def db():
    with psycopg.connect(STAGING_DSN, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="session")
def linear():
    return LinearClient(api_key=LINEAR_API_KEY, team_key=LINEAR_TEAM)


@pytest.fixture
def clean_issues(linear):
    created = []
    yield created
    for issue_id in created:
        linear.archive_issue(issue_id)
''')

# c36: Jest snapshot that captured the real Authorization header (GitHub OAuth token)
gt = gho()
add('c36/src/api/__tests__/__snapshots__/githubClient.test.ts.snap', f'''// Jest Snapshot v1, https://goo.gl/fbAQLP

exports[`githubClient listPullRequests sends auth and version headers 1`] = `
{{
  "headers": {{
    "Accept": "application/vnd.github+json",
    "Authorization": "Bearer {gt}",
    "User-Agent": "prpulse/0.9.2",
    "X-GitHub-Api-Version": "2022-11-28",
  }},
  "method": "GET",
  "url": "https://api.github.com/repos/prpulse/prpulse-web/pulls?state=open&per_page=50",
}}
`;

exports[`githubClient listPullRequests maps the response 1`] = `
[
  {{
    "author": "mkowalski",
    "draft": false,
    "number": 412,
    "title": "Cache repo metadata",
  }},
]
`;
''')

# c37: committed terraform.tfstate with an IAM access key secret, SES SMTP password and RDS password
ak, sk_ = aws_id(), aws_secret()
smtp = d(lambda: 'B' + r(43, A + '+/'))
dbp = pw('gen', syms='-_.!#')
state = {
    'version': 4, 'terraform_version': '1.7.5', 'serial': 58, 'lineage': uuid4(), 'outputs': {},
    'resources': [
        {'mode': 'managed', 'type': 'aws_iam_access_key', 'name': 'ci_deployer',
         'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 0, 'attributes': {
             'create_date': '2024-02-19T10:41:07Z', 'encrypted_secret': None, 'encrypted_ses_smtp_password_v4': None,
             'id': ak, 'key_fingerprint': None, 'pgp_key': None, 'secret': sk_, 'ses_smtp_password_v4': smtp,
             'status': 'Active', 'user': 'ci-deployer'},
             'sensitive_attributes': [], 'private': 'bnVsbA==',
             'dependencies': ['aws_iam_user.ci_deployer']}]},
        {'mode': 'managed', 'type': 'aws_db_instance', 'name': 'main',
         'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 2, 'attributes': {
             'address': f'quarry-prod.{r(12, LD)}.us-east-1.rds.amazonaws.com', 'allocated_storage': 200,
             'db_name': 'quarry', 'engine': 'postgres', 'engine_version': '15.5', 'identifier': 'quarry-prod',
             'instance_class': 'db.r6g.large', 'multi_az': True, 'password': dbp, 'port': 5432,
             'publicly_accessible': False, 'storage_encrypted': True, 'username': 'quarry_admin'},
             'sensitive_attributes': [[{'type': 'get_attr', 'value': 'password'}]]}]},
    ], 'check_results': None}
add('c37/infra/prod/terraform.tfstate', json.dumps(state, indent=2) + '\n')

# c38: fine-tuning notebook with a Hugging Face token and a W&B key in the cells
hf, wb = hf_tok(), wandb_k()
add('c38/notebooks/finetune_support_bot.ipynb', nb([
    ('md', '## Fine-tune Llama 3 8B on support tickets (LoRA)', []),
    ('code', f'from huggingface_hub import login\nlogin(token="{hf}")',
     ['Token is valid (permission: write).\nYour token has been saved to /root/.cache/huggingface/token\nLogin successful']),
    ('code', f'import wandb\nwandb.login(key="{wb}")\nwandb.init(project="support-bot-ft", name="llama3-8b-lora-r16")',
     ['wandb: Appending key for api.wandb.ai to your netrc file: /root/.netrc\nwandb: Tracking run with wandb version 0.17.0']),
    ('code', 'from datasets import load_dataset\nds = load_dataset("acornhq/support-tickets-2024", split="train")\nlen(ds)',
     ['48211']),
]))

# c39: Flyway migration inserting a Slack webhook and a Mailchimp API key
hook, mc = slack_hook(), mailchimp()
add('c39/src/main/resources/db/migration/V7__add_alert_channels.sql', f'''-- Alert channels for the ops dashboard (ticket OPS-1187)
CREATE TABLE IF NOT EXISTS alert_channel (
    id          BIGSERIAL PRIMARY KEY,
    kind        VARCHAR(32)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    target      TEXT         NOT NULL,
    secret      TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

INSERT INTO alert_channel (kind, name, target, secret) VALUES
    ('slack',     '#ops-alerts',          '{hook}', NULL),
    ('mailchimp', 'incident subscribers', 'https://{mc.split('-')[1]}.api.mailchimp.com/3.0/lists/{hx(10)}/members', '{mc}');
''')

# c40: GitLab CI file with the previous Docker Hub token left in a comment
dp = docker_pat()
add('c40/.gitlab-ci.yml', f'''stages:
  - build
  - push

variables:
  IMAGE: docker.io/voltaro/api
  DOCKER_USER: voltaroci
  # DOCKER_PASS: {dp}   <- old one, moved to Settings > CI/CD > Variables

build:
  stage: build
  image: docker:26
  services:
    - docker:26-dind
  script:
    - docker build -t "$IMAGE:$CI_COMMIT_SHORT_SHA" .
    - docker save "$IMAGE:$CI_COMMIT_SHORT_SHA" -o image.tar
  artifacts:
    paths: [image.tar]
    expire_in: 1 day

push:
  stage: push
  image: docker:26
  services:
    - docker:26-dind
  only: [main]
  script:
    - docker load -i image.tar
    - echo "$DOCKER_PASS" | docker login -u "$DOCKER_USER" --password-stdin
    - docker push "$IMAGE:$CI_COMMIT_SHORT_SHA"
''')
# c41: Telegram bot token hidden as a hex string unpacked with Array#pack('H*')
tg = telegram()
add('c41/lib/notifiers/telegram.rb', f'''# frozen_string_literal: true

require "net/http"
require "json"

module Notifiers
  # Sends deploy and on-call notices to the ops Telegram group.
  class Telegram
    # hex-packed so it isn't greppable
    BOT_TOKEN = ["{hexs(tg)}"].pack("H*")
    CHAT_ID = "-100{digits(10)}"

    def self.deliver(text)
      uri = URI("https://api.telegram.org/bot#{{BOT_TOKEN}}/sendMessage")
      res = Net::HTTP.post(uri, {{ chat_id: CHAT_ID, text: text, parse_mode: "Markdown" }}.to_json,
                           "Content-Type" => "application/json")
      Rails.logger.warn("telegram: #{{res.code}} #{{res.body}}") unless res.is_a?(Net::HTTPSuccess)
      res
    end
  end
end
''')

# c42: Laravel config/app.php whose APP_KEY fallback is the real production key
lkey = laravel_key()
add('c42/config/app.php', f'''<?php

use Illuminate\\Support\\Facades\\Facade;
use Illuminate\\Support\\ServiceProvider;

return [

    'name' => env('APP_NAME', 'Orchard Lane'),

    'env' => env('APP_ENV', 'production'),

    'debug' => (bool) env('APP_DEBUG', false),

    'url' => env('APP_URL', 'https://orchardlane.co'),

    'timezone' => 'Europe/Dublin',

    'locale' => 'en',

    'fallback_locale' => 'en',

    /*
    |--------------------------------------------------------------------------
    | Encryption Key
    |--------------------------------------------------------------------------
    |
    | This key is used by the Illuminate encrypter service and should be set
    | to a random, 32 character string, otherwise these encrypted strings
    | will not be safe. Please do this before deploying an application!
    |
    */

    'key' => env('APP_KEY', '{lkey}'),

    'cipher' => 'AES-256-CBC',

    'maintenance' => [
        'driver' => 'file',
    ],

    'providers' => ServiceProvider::defaultProviders()->merge([
        App\\Providers\\AppServiceProvider::class,
        App\\Providers\\RouteServiceProvider::class,
    ])->toArray(),

    'aliases' => Facade::defaultAliases()->merge([
        'Cart' => App\\Facades\\Cart::class,
    ])->toArray(),

];
''')

# c43: Go integration test that sets real AWS credentials with t.Setenv
ak, sk_ = aws_id(), aws_secret()
add('c43/internal/storage/s3_integration_test.go', f'''//go:build integration

package storage

import (
	"bytes"
	"context"
	"io"
	"testing"
)

func TestS3RoundTrip(t *testing.T) {{
	// scoped IAM user "it-runner", only has access to the scratch bucket
	t.Setenv("AWS_ACCESS_KEY_ID", "{ak}")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "{sk_}")
	t.Setenv("AWS_REGION", "eu-north-1")

	ctx := context.Background()
	s, err := NewS3Store(ctx, "pebblecloud-ci-scratch")
	if err != nil {{
		t.Fatal(err)
	}}
	want := []byte("hello from the integration suite")
	if err := s.Put(ctx, "roundtrip/obj.txt", bytes.NewReader(want)); err != nil {{
		t.Fatal(err)
	}}
	rc, err := s.Get(ctx, "roundtrip/obj.txt")
	if err != nil {{
		t.Fatal(err)
	}}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, want) {{
		t.Fatalf("got %q, want %q", got, want)
	}}
}}
''')

# c44: Jenkinsfile decoding a SonarQube token with Groovy's decodeBase64()
sq = d(lambda: 'squ_' + hx(40))
add('c44/Jenkinsfile', f'''pipeline {{
    agent {{ label 'linux-docker' }}

    environment {{
        SONAR_HOST_URL = 'https://sonar.fernwood.dev'
    }}

    stages {{
        stage('Build') {{
            steps {{
                sh './gradlew clean build -x test --no-daemon'
            }}
        }}
        stage('Unit') {{
            steps {{
                sh './gradlew check --no-daemon'
            }}
        }}
        stage('Sonar') {{
            steps {{
                script {{
                    // TODO: move to a Jenkins credential, the plugin kept failing on this agent
                    def sonarToken = new String('{b64(sq)}'.decodeBase64())
                    withEnv(["SONAR_TOKEN=${{sonarToken}}"]) {{
                        sh './gradlew sonar -Dsonar.projectKey=fernwood_billing --no-daemon'
                    }}
                }}
            }}
        }}
    }}

    post {{
        always {{
            junit '**/build/test-results/**/*.xml'
        }}
    }}
}}
''')

# c45: C# Jira client with a precomputed Basic auth header (email:Atlassian API token, base64)
email = random.choice(['svc-jira', 'release-bot', 'qa.automation']) + '@northwindlogistics.com'
while True:  # redraw until the long base64 form is clean too
    at = atlassian()
    basic = base64.b64encode(f'{email}:{at}'.encode()).decode()
    if clean(basic):
        break
keep(basic)
add('c45/src/Northwind.Tools/Jira/JiraClient.cs', f'''using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Northwind.Tools.Jira
{{
    public sealed class JiraClient
    {{
        private const string BaseUrl = "https://northwindlogistics.atlassian.net/rest/api/3/";
        // Basic auth for the service account ({email})
        private const string AuthHeader = "{basic}";

        private readonly HttpClient _http;

        public JiraClient(HttpClient http)
        {{
            _http = http;
            _http.BaseAddress = new System.Uri(BaseUrl);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", AuthHeader);
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }}

        public async Task<string> CreateIssueAsync(string projectKey, string summary, string description)
        {{
            var payload = new
            {{
                fields = new
                {{
                    project = new {{ key = projectKey }},
                    summary,
                    issuetype = new {{ name = "Bug" }},
                    description = new
                    {{
                        type = "doc",
                        version = 1,
                        content = new[] {{ new {{ type = "paragraph", content = new[] {{ new {{ type = "text", text = description }} }} }} }}
                    }}
                }}
            }};
            var res = await _http.PostAsJsonAsync("issue", payload);
            res.EnsureSuccessStatusCode();
            var created = await res.Content.ReadFromJsonAsync<CreatedIssue>();
            return created!.Key;
        }}

        private sealed record CreatedIssue(string Id, string Key);
    }}
}}
''')

# ---------------------------------------------------------------- negatives
# u01: atob() on base64 that decodes to a default feature-flag JSON and an SVG icon
flags = json.dumps({'newCheckout': False, 'darkMode': True, 'searchV2': 'beta', 'maxUploadMb': 25})
svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6" fill="#9ca3af"/></svg>'
add('u01/web/src/lib/featureFlags.js', f'''// Defaults baked into the bundle; the live values come from /api/flags.
const DEFAULT_FLAGS = JSON.parse(atob("{base64.b64encode(flags.encode()).decode()}"));

export const PLACEHOLDER_AVATAR =
  "data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}";

let cache = null;

export async function loadFlags() {{
  if (cache) return cache;
  try {{
    const res = await fetch("/api/flags", {{ credentials: "include" }});
    cache = {{ ...DEFAULT_FLAGS, ...(await res.json()) }};
  }} catch {{
    cache = DEFAULT_FLAGS;
  }}
  return cache;
}}
''')

# u02: license verifier embedding an Ed25519 PUBLIC key and release checksums
pub = base64.b64encode(bytes.fromhex('302a300506032b6570032100') + rb(32)).decode()
add('u02/internal/license/verify.go', f'''package license

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
)

// signingPublicKey verifies license files. The private half lives in the HSM of the licensing service.
const signingPublicKey = `-----BEGIN PUBLIC KEY-----
{pub}
-----END PUBLIC KEY-----`

// Known-good SHA-256 digests of the installer artefacts for v3.4.1.
var releaseDigests = map[string]string{{
	"quarry-linux-amd64.tar.gz": "{hx(64)}",
	"quarry-darwin-arm64.tar.gz": "{hx(64)}",
	"quarry-windows-amd64.zip": "{hx(64)}",
}}

func Verify(license string) error {{
	block, _ := pem.Decode([]byte(signingPublicKey))
	pk, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {{
		return err
	}}
	body, sig, ok := strings.Cut(license, ".")
	if !ok {{
		return errors.New("license: malformed")
	}}
	raw, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {{
		return err
	}}
	if !ed25519.Verify(pk.(ed25519.PublicKey), []byte(body), raw) {{
		return errors.New("license: bad signature")
	}}
	return nil
}}
''')

# u03: generated BuildConfig with only build metadata and an empty key (local.properties missing)
add('u03/app/build/generated/source/buildConfig/debug/com/parkspot/driver/BuildConfig.java', f'''/**
 * Automatically generated file. DO NOT MODIFY
 */
package com.parkspot.driver;

public final class BuildConfig {{
  public static final boolean DEBUG = Boolean.parseBoolean("true");
  public static final String APPLICATION_ID = "com.parkspot.driver.debug";
  public static final String BUILD_TYPE = "debug";
  public static final int VERSION_CODE = 412;
  public static final String VERSION_NAME = "4.12.0-debug";
  // Field from default config.
  public static final String GIT_SHA = "{hx(40)}";
  // Field from default config.
  public static final String MAPS_API_KEY = "";
  // Field from build type: debug
  public static final String API_BASE_URL = "https://api.staging.parkspot.io/v3/";
}}
''')

# u04: xcconfig that only references CI-provided build settings and an uncommitted include
add('u04/Config/Release.xcconfig', '''//
//  Release.xcconfig
//  Tidewater Reader
//

#include "Base.xcconfig"
// Secrets.xcconfig is generated by the CI "Prepare secrets" step and git-ignored
#include? "Secrets.xcconfig"

PRODUCT_BUNDLE_IDENTIFIER = app.tidewater.reader
API_BASE_URL = https:/$()/api.tidewater.app/v2

ALGOLIA_APP_ID = $(CI_ALGOLIA_APP_ID)
ALGOLIA_SEARCH_KEY = $(CI_ALGOLIA_SEARCH_KEY)
SENTRY_AUTH_TOKEN = $(CI_SENTRY_AUTH_TOKEN)
''')

# u05: secret-handling helper (Fernet with a key from the environment), no values
add('u05/app/utils/secretbox.py', '''"""Encrypts integration credentials before they are stored in the database."""
import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken


def _fernet() -> Fernet:
    key = os.environ["SECRETBOX_KEY"]  # 32 url-safe base64-encoded bytes, from Vault
    return Fernet(key.encode())


def seal(plaintext: str) -> str:
    """
    >>> os.environ["SECRETBOX_KEY"] = Fernet.generate_key().decode()
    >>> open_(seal("hello")) == "hello"
    True
    """
    return _fernet().encrypt(plaintext.encode()).decode()


def open_(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("secretbox: wrong key or corrupted value") from exc


def fingerprint(secret: str) -> str:
    """Short non-reversible id for logs: first 12 hex chars of SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def mask(secret: str) -> str:
    return secret[:4] + "*" * max(len(secret) - 8, 4) + secret[-4:] if len(secret) > 12 else "****"
''')

# u06: migration creating an api_keys table and seeding only a display prefix and a SHA-256 hash
add('u06/db/migrations/20240521101500_create_api_keys.sql', f'''-- +goose Up
CREATE TABLE api_keys (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   BIGINT      NOT NULL REFERENCES tenants(id),
    name        TEXT        NOT NULL,
    key_prefix  VARCHAR(12) NOT NULL,          -- shown in the UI, e.g. "kw_3fQa"
    key_hash    CHAR(64)    NOT NULL UNIQUE,   -- sha256 of the full key; the key itself is never stored
    scopes      TEXT[]      NOT NULL DEFAULT '{{read}}',
    last_used_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id) WHERE revoked_at IS NULL;

-- key for the internal status page poller (full key is in Vault: kv/status-page/api-key)
INSERT INTO api_keys (tenant_id, name, key_prefix, key_hash, scopes)
VALUES (1, 'status-page poller', 'kw_{r(4, A)}', '{hx(64)}', '{{read:health}}');

-- +goose Down
DROP TABLE api_keys;
''')

# u07: moto-based fixture with AWS's documented example credentials and "testing" values
ex_id = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE'
ex_sk = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCY' + 'EXAMPLEKEY'
add('u07/tests/conftest.py', f'''import os

import boto3
import pytest
from moto import mock_aws


@pytest.fixture(autouse=True)
def aws_credentials():
    """Mocked AWS credentials for moto, so no test can ever hit a real account."""
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_SECURITY_TOKEN"] = "testing"
    os.environ["AWS_SESSION_TOKEN"] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"


@pytest.fixture
def s3(aws_credentials):
    with mock_aws():
        yield boto3.client("s3", region_name="us-east-1")


# the values from the AWS docs, used to check that the config parser reads profiles
DOC_PROFILE = """[default]
aws_access_key_id = {ex_id}
aws_secret_access_key = {ex_sk}
"""
''')

# u08: notebook that reads the key with getpass and prints only whether it is set
add('u08/notebooks/eval_prompts.ipynb', nb([
    ('md', '# Prompt evaluation\nSet `OPENAI_API_KEY` in your environment, or paste it when asked.', []),
    ('code', 'import os\nfrom getpass import getpass\n\nif not os.environ.get("OPENAI_API_KEY"):\n'
             '    os.environ["OPENAI_API_KEY"] = getpass("OpenAI API key: ")\n'
             'print("key loaded:", bool(os.environ["OPENAI_API_KEY"]), "| prefix:", os.environ["OPENAI_API_KEY"][:7] + "...")',
     ['key loaded: True | prefix: sk-proj...']),
    ('code', 'from openai import OpenAI\nclient = OpenAI()\nlen(client.models.list().data)', ['112']),
]))

# u09: minified bundle with publishable (public-by-design) Stripe and Mapbox tokens
pk_ = 'pk_live_51' + r(97, A)
mpk = 'pk.' + b64u(json.dumps({'u': 'roamly', 'a': r(25, LD)}, separators=(',', ':'))) + '.' + r(22, URLS)
add('u09/public/build/checkout.8b1d4e2f.min.js', '(()=>{"use strict";const e={stripePublishableKey:"' + pk_ + '",'
    'mapboxPublicToken:"' + mpk + '",gaMeasurementId:"G-' + r(10, UD) + '",apiUrl:"https://api.roamly.io/v2"};'
    'window.__ROAMLY_CONFIG__=e;const t=window.Stripe(e.stripePublishableKey,{locale:"auto"});'
    'document.querySelectorAll("[data-checkout]").forEach(n=>{n.addEventListener("click",async()=>{'
    'const o=await fetch(e.apiUrl+"/checkout/session",{method:"POST",credentials:"include"}).then(s=>s.json());'
    't.redirectToCheckout({sessionId:o.id})})})})();\n//# sourceMappingURL=checkout.8b1d4e2f.min.js.map\n')

# u10: resx with an integrated-security connection string and a format template with a placeholder
add('u10/src/Contoso.Billing/Properties/Resources.resx', '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype">
    <value>text/microsoft-resx</value>
  </resheader>
  <resheader name="version">
    <value>2.0</value>
  </resheader>
  <resheader name="reader">
    <value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
  <resheader name="writer">
    <value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
  <data name="BillingDbConnection" xml:space="preserve">
    <value>Server=sql-billing01.corp.contoso-retail.com;Database=Billing;Integrated Security=True;TrustServerCertificate=True</value>
  </data>
  <data name="SmtpConnectionTemplate" xml:space="preserve">
    <value>smtp://{0}:{1}@smtp.office365.com:587</value>
    <comment>{0} = user, {1} = password, both read from Key Vault at startup</comment>
  </data>
  <data name="MissingApiKeyMessage" xml:space="preserve">
    <value>The SendGrid API key is not configured. Set SendGrid:ApiKey in Key Vault.</value>
  </data>
</root>
''')

# u11: Go unit test of a redactor using obviously synthetic token shapes
add('u11/internal/logx/redact_test.go', '''package logx

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	fakeGH := "ghp_" + strings.Repeat("0", 36)
	fakeAWS := "AKIA" + strings.Repeat("X", 16)
	cases := []struct{ in, want string }{
		{"token=" + fakeGH, "token=[REDACTED]"},
		{"Authorization: Bearer " + strings.Repeat("a", 40), "Authorization: Bearer [REDACTED]"},
		{"aws_access_key_id=" + fakeAWS, "aws_access_key_id=[REDACTED]"},
		{"password=<your-password-here>", "password=[REDACTED]"},
		{"nothing secret here", "nothing secret here"},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
''')

# u12: PowerShell that pulls secrets from Key Vault and runs an -EncodedCommand that is just Get-Service
enc = base64.b64encode("Get-Service -Name 'W3SVC','WAS' | Select-Object Name,Status".encode('utf-16-le')).decode()
add('u12/deploy/Restart-WebTier.ps1', f'''param(
    [Parameter(Mandatory)] [string[]]$Servers,
    [string]$VaultName = "kv-contoso-ops-prod"
)

$ErrorActionPreference = "Stop"
Connect-AzAccount -Identity | Out-Null

# credentials come from Key Vault at run time, never from this script
$user = (Get-AzKeyVaultSecret -VaultName $VaultName -Name "svc-deploy-user" -AsPlainText)
$pass = (Get-AzKeyVaultSecret -VaultName $VaultName -Name "svc-deploy-password").SecretValue
$cred = New-Object System.Management.Automation.PSCredential($user, $pass)

foreach ($s in $Servers) {{
    Invoke-Command -ComputerName $s -Credential $cred -ScriptBlock {{
        Restart-Service W3SVC -Force
        # status check, encoded to survive the remoting quoting
        powershell.exe -NoProfile -EncodedCommand {enc}
    }}
}}
''')

# ---------------------------------------------------------------- checks
for v in VALS:
    if not clean(v):
        print('set44: forbidden word in a drawn value or its encoding: ' + v[:40], file=sys.stderr)

write()
