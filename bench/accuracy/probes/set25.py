# Usage: python3 set25.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 25 (stop 27): credentials in data/tool files (CSV, SQL, HAR, Postman, notebooks, tfstate, kubeconfig, VPN, history, CI) plus long-tail provider tokens
from common import A, HEX, add, ck, hx, r, start, write
start()
import base64  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402

LOW = 'abcdefghijklmnopqrstuvwxyz0123456789'
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
URLSAFE = A + '-_'
DIG = '0123456789'


def T(_tmpl, **kw):
    """Fills «name» slots from kw; everything else (braces, $, %) stays literal."""
    def sub(m):
        return str(kw[m.group(1)])
    return re.sub('«([a-z0-9_]+)»', sub, _tmpl)


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    """Standard base64 of n random bytes."""
    return base64.b64encode(rb(n)).decode()


def b64s(s):
    return base64.b64encode(s.encode()).decode()


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip('=')


def uuid():
    h = hx(32)
    return '-'.join((h[:8], h[8:12], '4' + h[13:16], random.choice('89ab') + h[17:20], h[20:]))


def pw(n=20):
    """A strong-looking generated password: letters, digits and a few symbols."""
    s = list(r(n - 3) + r(1, DIG) + r(1, '!#%*+-.=@^_') + r(1, 'ABCDEFGHJKLMNPQRSTUVWXYZ'))
    random.shuffle(s)
    if not s[0].isalnum():
        s[0] = r(1, A)
    return ''.join(s)


def wrap(s, w=64):
    return '\n'.join(s[i:i + w] for i in range(0, len(s), w))


def day():
    return '2024-%02d-%02d' % (random.randint(1, 12), random.randint(1, 28))


def ts():
    return '%sT%02d:%02d:%02d.%03dZ' % (day(), random.randint(0, 23), random.randint(0, 59),
                                        random.randint(0, 59), random.randint(0, 999))


def ip():
    return '10.%d.%d.%d' % (random.randint(0, 40), random.randint(0, 255), random.randint(2, 250))


# ---------------------------------------------------------------- positives, batch 1 (g01-g10)

# g01 CSV export of the integrations table: one active row still carries its api_key
add('g01/exports/admin/integrations_2024-Q2.csv', T('''id,tenant,integration,endpoint,api_key,status,created_at,last_sync
101,acme-retail,erp-sync,https://erp.acme-retail.internal/api/v2,,disabled,2023-11-02,2024-01-15
102,acme-retail,webhooks,https://hooks.acme-retail.com/ingest,(revoked),revoked,2023-11-02,2024-02-01
103,northwind,erp-sync,https://api.northwind-erp.net/v3,«key»,active,2024-01-09,«d1»
104,northwind,crm,https://crm.northwind.local/rest,,pending,2024-03-21,
105,globex,webhooks,https://events.globex.io/collect,(revoked),revoked,2023-08-30,2023-12-12
106,globex,ledger,https://ledger.globex.io/api,,disabled,2024-02-11,2024-02-11
107,initech,erp-sync,https://erp.initech.example.net/api,,pending,2024-04-02,
''', key=r(40), d1=day()))

# g02 SQL dump of the settings table with the SMTP relay password in plaintext
add('g02/db/dumps/settings_2024-05-14.sql', T('''-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: db-primary.internal    Database: shopfront
-- ------------------------------------------------------
-- Server version	8.0.36

/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

DROP TABLE IF EXISTS `settings`;
CREATE TABLE `settings` (
  `id` int NOT NULL AUTO_INCREMENT,
  `name` varchar(64) NOT NULL,
  `value` text,
  `updated_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `settings_name_uniq` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `settings` WRITE;
INSERT INTO `settings` VALUES
  (1,'site_name','Shopfront','2023-10-02 09:14:11'),
  (2,'default_currency','EUR','2023-10-02 09:14:11'),
  (3,'smtp_host','smtp.mailrelay.net','2024-02-19 16:40:03'),
  (4,'smtp_port','587','2024-02-19 16:40:03'),
  (5,'smtp_user','noreply@shopfront.eu','2024-02-19 16:40:03'),
  (6,'smtp_password','«pw»','2024-02-19 16:40:03'),
  (7,'orders_per_page','25','2024-03-01 08:00:00'),
  (8,'maintenance_mode','0','2024-05-10 22:31:47');
UNLOCK TABLES;

/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
-- Dump completed on 2024-05-14  3:00:02
''', pw=pw(18)))

# g03 SQL dump (Postgres) of installed Shopify shops with the offline access token
add('g03/backups/pg/shops.sql', T('''--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

CREATE TABLE public.shops (
    id bigint NOT NULL,
    shop_domain character varying(255) NOT NULL,
    access_token character varying(255),
    scopes text,
    installed_at timestamp without time zone,
    uninstalled_at timestamp without time zone
);

COPY public.shops (id, shop_domain, access_token, scopes, installed_at, uninstalled_at) FROM stdin;
1	lunar-candles.myshopify.com	\\N	read_products,write_orders	2023-09-12 10:02:33	2023-12-01 08:14:00
2	«shop».myshopify.com	«tok»	read_products,read_orders,write_orders	2024-02-03 14:21:09	\\N
3	harbor-outfitters.myshopify.com	\\N	read_products	2024-01-18 19:45:51	2024-01-19 07:02:11
\\.

ALTER TABLE ONLY public.shops
    ADD CONSTRAINT shops_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX index_shops_on_shop_domain ON public.shops USING btree (shop_domain);

--
-- PostgreSQL database dump complete
--
''', shop=random.choice(['copper-kettle-co', 'fernway-goods', 'mossbank-supply']), tok='shpat_' + hx(32)))

# g04 JSON Lines request log where a debug line captured a login body
add('g04/logs/api/requests-2024-06-03.jsonl', T('''{"ts":"«t1»","level":"info","msg":"request","method":"GET","path":"/healthz","status":200,"ms":1}
{"ts":"«t1»","level":"info","msg":"request","method":"GET","path":"/api/v1/products","status":200,"ms":38,"user":null}
{"ts":"«t2»","level":"debug","msg":"auth.login payload","method":"POST","path":"/api/v1/session","body":{"email":"m.keller@lagerhaus.de","password":"«pw»","remember":true},"ip":"«ip»"}
{"ts":"«t2»","level":"info","msg":"request","method":"POST","path":"/api/v1/session","status":201,"ms":212,"user":"u_3318"}
{"ts":"«t3»","level":"info","msg":"request","method":"GET","path":"/api/v1/orders?page=2","status":200,"ms":77,"user":"u_3318"}
{"ts":"«t3»","level":"warn","msg":"slow query","sql":"SELECT * FROM orders WHERE customer_id = $1","ms":512}
{"ts":"«t3»","level":"info","msg":"request","method":"DELETE","path":"/api/v1/session","status":204,"ms":9,"user":"u_3318"}
''', t1=ts(), t2=ts(), t3=ts(), pw=pw(14), ip=ip()))

# g05 JSON Lines outbound-call log with a Square production access token in the headers
add('g05/var/log/payments/outbound.jsonl', T('''{"time":"«t1»","svc":"payments","event":"http.out","url":"https://connect.squareup.com/v2/locations","status":200,"elapsed_ms":143}
{"time":"«t1»","svc":"payments","event":"http.out","url":"https://connect.squareup.com/v2/payments","method":"POST","headers":{"Square-Version":"2024-05-15","Content-Type":"application/json","Authorization":"Bearer «tok»"},"status":200,"elapsed_ms":388}
{"time":"«t2»","svc":"payments","event":"payment.completed","payment_id":"«pid»","amount":{"amount":4599,"currency":"USD"}}
{"time":"«t2»","svc":"payments","event":"http.out","url":"https://connect.squareup.com/v2/refunds","status":400,"elapsed_ms":97,"error":"INVALID_REQUEST_ERROR"}
{"time":"«t3»","svc":"payments","event":"retry.scheduled","attempt":2,"delay_s":30}
''', t1=ts(), t2=ts(), t3=ts(), tok='EAAA' + r(60, URLSAFE), pid=r(28, UP + 'abcdefghijklmnopqrstuvwxyz')))

# g06 HAR capture with HTTP Basic credentials for an internal admin API
_user = random.choice(['svc-reporting', 'ops-admin', 'grafana-sync'])
add('g06/debug/har/admin-console.har', T('''{
  "log": {
    "version": "1.2",
    "creator": { "name": "Firefox", "version": "125.0" },
    "pages": [
      { "startedDateTime": "«t1»", "id": "page_1", "title": "Admin console", "pageTimings": { "onLoad": 812 } }
    ],
    "entries": [
      {
        "pageref": "page_1",
        "startedDateTime": "«t1»",
        "time": 64.2,
        "request": {
          "method": "GET",
          "url": "https://admin.internal.corp/api/reports/daily",
          "httpVersion": "HTTP/2",
          "headers": [
            { "name": "Host", "value": "admin.internal.corp" },
            { "name": "Accept", "value": "application/json" },
            { "name": "Authorization", "value": "Basic «basic»" }
          ],
          "queryString": [],
          "cookies": [],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 200,
          "statusText": "OK",
          "httpVersion": "HTTP/2",
          "headers": [ { "name": "content-type", "value": "application/json" } ],
          "content": { "size": 2381, "mimeType": "application/json" },
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": 2381
        },
        "cache": {},
        "timings": { "send": 0, "wait": 61, "receive": 3 }
      }
    ]
  }
}
''', t1=ts(), basic=b64s(_user + ':' + pw(16))))

# g07 HAR capture of a Braintree GraphQL call with a production access token
add('g07/support/tickets/4821/checkout-failure.har', T('''{
  "log": {
    "version": "1.2",
    "creator": { "name": "WebInspector", "version": "537.36" },
    "entries": [
      {
        "startedDateTime": "«t1»",
        "time": 231.7,
        "request": {
          "method": "POST",
          "url": "https://payments.braintree-api.com/graphql",
          "httpVersion": "http/1.1",
          "headers": [
            { "name": "Content-Type", "value": "application/json" },
            { "name": "Braintree-Version", "value": "2024-01-01" },
            { "name": "Authorization", "value": "Bearer «tok»" }
          ],
          "postData": {
            "mimeType": "application/json",
            "text": "{\\"query\\":\\"mutation { chargePaymentMethod(input: {paymentMethodId: \\\\\\"«pm»\\\\\\"}) { transaction { id status } } }\\"}"
          },
          "headersSize": -1,
          "bodySize": 142
        },
        "response": {
          "status": 200,
          "statusText": "OK",
          "headers": [ { "name": "Content-Type", "value": "application/json; charset=utf-8" } ],
          "content": { "size": 318, "mimeType": "application/json", "text": "{\\"errors\\":[{\\"message\\":\\"Processor declined\\"}]}" },
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": 318
        },
        "timings": { "send": 1, "wait": 226, "receive": 4 }
      }
    ]
  }
}
''', t1=ts(), tok='access_token$production$' + r(16, LOW) + '$' + hx(32), pm='tokencc_' + r(6, LOW) + '_' + r(6, LOW)))

# g08 Postman collection with a Contentful management token set at collection level
add('g08/postman/Contentful-Migrations.postman_collection.json', T('''{
  "info": {
    "_postman_id": "«pid»",
    "name": "Contentful Migrations",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  },
  "auth": {
    "type": "bearer",
    "bearer": [ { "key": "token", "value": "«tok»", "type": "string" } ]
  },
  "item": [
    {
      "name": "List content types",
      "request": {
        "method": "GET",
        "url": "https://api.contentful.com/spaces/{{space_id}}/environments/master/content_types"
      }
    },
    {
      "name": "Publish entry",
      "request": {
        "method": "PUT",
        "header": [ { "key": "X-Contentful-Version", "value": "{{entry_version}}" } ],
        "url": "https://api.contentful.com/spaces/{{space_id}}/environments/master/entries/{{entry_id}}/published"
      }
    }
  ],
  "variable": [
    { "key": "space_id", "value": "«space»" },
    { "key": "entry_id", "value": "" },
    { "key": "entry_version", "value": "1" }
  ]
}
''', pid=uuid(), tok='CFPAT-' + r(43, URLSAFE), space=r(12, LOW)))

# g09 Postman environment with Plaid production client id and secret
add('g09/postman/environments/plaid-production.postman_environment.json', T('''{
  "id": "«eid»",
  "name": "Plaid - production",
  "values": [
    { "key": "env_url", "value": "https://production.plaid.com", "type": "default", "enabled": true },
    { "key": "client_id", "value": "«cid»", "type": "default", "enabled": true },
    { "key": "secret", "value": "«sec»", "type": "secret", "enabled": true },
    { "key": "access_token", "value": "", "type": "secret", "enabled": true },
    { "key": "public_token", "value": "", "type": "default", "enabled": true },
    { "key": "item_id", "value": "", "type": "default", "enabled": true }
  ],
  "_postman_variable_scope": "environment",
  "_postman_exported_at": "«t1»",
  "_postman_exported_using": "Postman/10.24.16"
}
''', eid=uuid(), cid=hx(24), sec=hx(30), t1=ts()))

# g10 Insomnia export with an Asana personal access token in a workspace environment
_gid1, _gid2 = r(16, DIG), r(16, DIG)
add('g10/tools/insomnia/asana-workspace.json', T('''{
  "_type": "export",
  "__export_format": 4,
  "__export_date": "«t1»",
  "__export_source": "insomnia.desktop.app:v8.6.1",
  "resources": [
    {
      "_id": "wrk_«w»",
      "_type": "workspace",
      "name": "Asana automation",
      "scope": "collection"
    },
    {
      "_id": "env_«e»",
      "_type": "environment",
      "parentId": "wrk_«w»",
      "name": "Base Environment",
      "data": {
        "base_url": "https://app.asana.com/api/1.0",
        "workspace_gid": "«wg»",
        "asana_pat": "«tok»"
      }
    },
    {
      "_id": "req_«q»",
      "_type": "request",
      "parentId": "wrk_«w»",
      "name": "My tasks",
      "method": "GET",
      "url": "{{ _.base_url }}/tasks?assignee=me&workspace={{ _.workspace_gid }}",
      "authentication": { "type": "bearer", "token": "{{ _.asana_pat }}" },
      "headers": [ { "name": "Accept", "value": "application/json" } ]
    }
  ]
}
''', t1=ts(), w=hx(32), e=hx(32), q=hx(32), wg=r(16, DIG),
     tok='2/' + _gid1 + '/' + _gid2 + ':' + hx(32)))

# ---------------------------------------------------------------- positives, batch 2 (g11-g20)


def nb(cells, kernel='python3'):
    """A Jupyter notebook (nbformat 4) from (kind, source, output_text) triples."""
    out = []
    n = 0
    for kind, src, res in cells:
        lines = src.strip('\n').split('\n')
        source = [l + '\n' for l in lines[:-1]] + [lines[-1]]
        if kind == 'markdown':
            out.append({'cell_type': 'markdown', 'metadata': {}, 'source': source})
            continue
        n += 1
        outputs = []
        if res is not None:
            rl = res.strip('\n').split('\n')
            outputs.append({'name': 'stdout', 'output_type': 'stream',
                            'text': [l + '\n' for l in rl[:-1]] + [rl[-1]]})
        out.append({'cell_type': 'code', 'execution_count': n, 'metadata': {},
                    'outputs': outputs, 'source': source})
    doc = {'cells': out,
           'metadata': {'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': kernel},
                        'language_info': {'name': 'python', 'version': '3.11.8'}},
           'nbformat': 4, 'nbformat_minor': 5}
    return json.dumps(doc, indent=1) + '\n'


# g11 notebook source cell connecting to the analytics replica with an inline password
add('g11/notebooks/churn/01_extract.ipynb', nb([
    ('markdown', '# Churn analysis - extract\nPull the last 90 days of subscription events from the replica.', None),
    ('code', 'import pandas as pd\nimport psycopg2\nfrom datetime import date, timedelta', None),
    ('code', T('''conn = psycopg2.connect(
    host="analytics-replica.c9xk2m.eu-west-1.rds.amazonaws.com",
    dbname="billing",
    user="analyst_ro",
    password="«pw»",
    sslmode="require",
)''', pw=pw(20)), None),
    ('code', '''since = date.today() - timedelta(days=90)
df = pd.read_sql("SELECT account_id, event, plan, created_at FROM subscription_events WHERE created_at >= %s", conn, params=[since])
print(df.shape)''', '(48213, 4)'),
    ('code', "df.groupby('event').size()", None),
]))

# g12 notebook that syncs a Notion database, integration token pasted into a cell
add('g12/research/notion_sync.ipynb', nb([
    ('markdown', '## Export interview notes from Notion\nOne-off pull of the *User interviews* database into a DataFrame.', None),
    ('code', 'import requests\nimport pandas as pd', None),
    ('code', T('''NOTION_TOKEN = "«tok»"
DATABASE_ID = "«db»"
HEADERS = {
    "Authorization": f"Bearer {NOTION_TOKEN}",
    "Notion-Version": "2022-06-28",
    "Content-Type": "application/json",
}''', tok='secret_' + r(43), db=hx(32)), None),
    ('code', '''resp = requests.post(f"https://api.notion.com/v1/databases/{DATABASE_ID}/query", headers=HEADERS, json={"page_size": 100})
rows = resp.json()["results"]
len(rows)''', None),
    ('code', "df = pd.json_normalize(rows)\ndf[['id', 'created_time']].head()", None),
]))

# g13 notebook whose output cell echoed a Replicate API token from a debug print
add('g13/ml/experiments/sdxl_batch.ipynb', nb([
    ('markdown', '# SDXL batch renders\nRenders the product shots for the spring catalogue.', None),
    ('code', 'import os\nimport replicate', None),
    ('code', 'client = replicate.Client()\nprint("using token", client._api_token)', 'using token ' + 'r8_' + r(37)),
    ('code', '''prompts = ["linen shirt on a wooden hanger, soft light", "ceramic mug on a marble table, morning light"]
outputs = [client.run("stability-ai/sdxl", input={"prompt": p, "num_outputs": 1}) for p in prompts]
print(len(outputs), "renders")''', '2 renders'),
]))

# g14 VS Code REST client file with a Groq key in a file variable
add('g14/api-playground/groq.http', T('''@baseUrl = https://api.groq.com/openai/v1
@groqKey = «tok»

### List models
GET {{baseUrl}}/models
Authorization: Bearer {{groqKey}}

### Chat completion
POST {{baseUrl}}/chat/completions
Authorization: Bearer {{groqKey}}
Content-Type: application/json

{
  "model": "llama3-70b-8192",
  "temperature": 0.2,
  "messages": [
    { "role": "system", "content": "You summarise support tickets in one sentence." },
    { "role": "user", "content": "Customer cannot reset password, link expired twice." }
  ]
}
''', tok='gsk_' + r(52)))

# g15 JetBrains HTTP client private env file with an Atlassian API token (plus the request file)
_atl = 'ATATT3xFfGF0' + r(171, URLSAFE) + '=' + r(8, '0123456789ABCDEF')
add('g15/http/jira.http', '''### Search open bugs
GET https://{{site}}.atlassian.net/rest/api/3/search?jql=project%3DOPS%20AND%20type%3DBug%20AND%20statusCategory!%3DDone
Authorization: Basic {{email}} {{apiToken}}
Accept: application/json

### Transition issue
POST https://{{site}}.atlassian.net/rest/api/3/issue/{{issue}}/transitions
Authorization: Basic {{email}} {{apiToken}}
Content-Type: application/json

{ "transition": { "id": "31" } }
''')
add('g15/http/http-client.private.env.json', T('''{
  "prod": {
    "site": "brightlane",
    "email": "release-bot@brightlane.io",
    "apiToken": "«tok»",
    "issue": "OPS-1432"
  }
}
''', tok=_atl))

# g16 .rest file with inline Basic credentials for the staging registry API
add('g16/docs/rest/registry-cleanup.rest', T('''# Staging registry housekeeping (VS Code REST Client)

@host = https://registry.staging.kestrel.dev

### catalog
GET {{host}}/v2/_catalog?n=200
Authorization: Basic ci-cleanup «pw»

### tags for the api image
GET {{host}}/v2/kestrel/api/tags/list
Authorization: Basic ci-cleanup «pw»

### delete a manifest by digest
DELETE {{host}}/v2/kestrel/api/manifests/sha256:«dg»
Authorization: Basic ci-cleanup «pw»
''', pw=pw(22), dg=hx(64)))

# g17 OpenAPI spec whose securityScheme example is a live-looking Mapbox secret token
_mb_user = random.choice(['fieldmaps', 'routewise', 'terrasync'])
_mb = 'sk.' + b64u(json.dumps({'u': _mb_user, 'a': r(25, LOW)}, separators=(',', ':'))) + '.' + r(22, URLSAFE)
add('g17/api/openapi/tiles-proxy.yaml', T('''openapi: 3.0.3
info:
  title: Tiles proxy
  version: 1.4.0
  description: Thin proxy in front of the Mapbox Styles and Uploads APIs.
servers:
  - url: https://tiles.«u».io/v1
components:
  securitySchemes:
    mapboxToken:
      type: apiKey
      in: query
      name: access_token
      description: Secret Mapbox token with styles:write and uploads:write.
      x-example: «tok»
paths:
  /styles/{styleId}:
    get:
      summary: Fetch a style document
      security:
        - mapboxToken: []
      parameters:
        - name: styleId
          in: path
          required: true
          schema: { type: string }
      responses:
        "200":
          description: Style JSON
        "404":
          description: Unknown style
''', u=_mb_user, tok=_mb))

# g18 Terraform state with the RDS master password in the instance attributes
_state = {
    'version': 4, 'terraform_version': '1.7.5', 'serial': random.randint(20, 300), 'lineage': uuid(), 'outputs': {
        'db_endpoint': {'value': 'orders-db.c2hx8kq1z0ab.eu-central-1.rds.amazonaws.com:5432', 'type': 'string'}},
    'resources': [
        {'mode': 'managed', 'type': 'aws_db_instance', 'name': 'orders', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 2, 'attributes': {
             'identifier': 'orders-db', 'engine': 'postgres', 'engine_version': '15.5', 'instance_class': 'db.t4g.medium',
             'allocated_storage': 100, 'db_name': 'orders', 'username': 'orders_admin', 'password': pw(24),
             'port': 5432, 'multi_az': True, 'storage_encrypted': True,
             'arn': 'arn:aws:rds:eu-central-1:%s:db:orders-db' % r(12, DIG)}, 'sensitive_attributes': []}]},
        {'mode': 'managed', 'type': 'aws_security_group', 'name': 'db', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 1, 'attributes': {'id': 'sg-' + hx(17), 'name': 'orders-db', 'vpc_id': 'vpc-' + hx(17)},
                        'sensitive_attributes': []}]},
    ],
    'check_results': None}
add('g18/infra/orders/terraform.tfstate', json.dumps(_state, indent=2) + '\n')

# g19 Terraform CLI credentials file with a Terraform Cloud user token
add('g19/home/deploy/.terraform.d/credentials.tfrc.json', T('''{
  "credentials": {
    "app.terraform.io": {
      "token": "«tok»"
    }
  }
}
''', tok=r(14, LOW) + '.atlasv1.' + r(67, LOW)))

# g20 kubeconfig with an embedded client key for the cluster-admin user
_ec = bytes.fromhex('30770201010420') + rb(32) + bytes.fromhex('a00a06082a8648ce3d030107a14403420004') + rb(64)
_ecpem = '-----BEGIN EC PRIVATE KEY-----\n' + wrap(base64.b64encode(_ec).decode()) + '\n-----END EC PRIVATE KEY-----\n'
_cert = '-----BEGIN CERTIFICATE-----\n' + wrap('MIIB' + b64(360)) + '\n-----END CERTIFICATE-----\n'
_ca = '-----BEGIN CERTIFICATE-----\n' + wrap('MIIC' + b64(540)) + '\n-----END CERTIFICATE-----\n'
add('g20/ops/clusters/edge-k3s.yaml', T('''apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: «ca»
    server: https://edge-k3s.lab.internal:6443
  name: edge-k3s
contexts:
- context:
    cluster: edge-k3s
    user: edge-admin
    namespace: default
  name: edge-k3s
current-context: edge-k3s
preferences: {}
users:
- name: edge-admin
  user:
    client-certificate-data: «crt»
    client-key-data: «key»
''', ca=b64s(_ca), crt=b64s(_cert), key=b64s(_ecpem)))

# ---------------------------------------------------------------- positives, batch 3 (g21-g30)


def jwt(payload, alg='RS256', kid=None, siglen=342):
    head = {'alg': alg, 'kid': kid} if kid else {'alg': alg, 'typ': 'JWT'}
    return (b64u(json.dumps(head, separators=(',', ':'))) + '.' +
            b64u(json.dumps(payload, separators=(',', ':'))) + '.' + r(siglen, URLSAFE))


# g21 kubeconfig for a CI deployer with a bound service-account token (JWT) inline
_iat = random.randint(1704067200, 1717000000)
_sa = jwt({'aud': ['https://kubernetes.default.svc.cluster.local'], 'exp': _iat + 31536000, 'iat': _iat,
           'iss': 'https://kubernetes.default.svc.cluster.local',
           'kubernetes.io': {'namespace': 'ci', 'serviceaccount': {'name': 'gitlab-deployer', 'uid': uuid()}},
           'nbf': _iat, 'sub': 'system:serviceaccount:ci:gitlab-deployer'}, kid=r(43, URLSAFE))
add('g21/deploy/kube/ci-deployer.kubeconfig', T('''apiVersion: v1
kind: Config
clusters:
- name: prod-eu
  cluster:
    server: https://«h».gr7.eu-west-1.eks.amazonaws.com
    certificate-authority-data: «ca»
contexts:
- name: ci@prod-eu
  context:
    cluster: prod-eu
    namespace: storefront
    user: gitlab-deployer
current-context: ci@prod-eu
users:
- name: gitlab-deployer
  user:
    token: «tok»
''', h=hx(32).upper(), ca=b64s('-----BEGIN CERTIFICATE-----\n' + wrap('MIIC' + b64(510)) + '\n-----END CERTIFICATE-----\n'), tok=_sa))

# g22 Docker client config with a stored registry login (base64 user:password)
add('g22/build-agent/.docker/config.json', T('''{
	"auths": {
		"harbor.«dom».net": {
			"auth": "«auth»"
		},
		"https://index.docker.io/v1/": {}
	},
	"credsStore": "",
	"currentContext": "default",
	"plugins": {
		"-x-cli-hints": {
			"enabled": "true"
		}
	},
	"psFormat": "table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}"
}
''', dom=random.choice(['tidewater', 'quarrylane', 'halcyonops']), auth=b64s('robot$ci-push:' + pw(26))))

# g23 rclone config with a Dropbox remote whose OAuth access token is stored inline
add('g23/home/ana/.config/rclone/rclone.conf', T('''[photos-local]
type = alias
remote = /mnt/nas/photos

[dropbox-archive]
type = dropbox
client_id =
client_secret =
token = {"access_token":"«tok»","token_type":"bearer","expiry":"«exp»"}

[nas-sftp]
type = sftp
host = nas.home.arpa
user = ana
key_file = ~/.ssh/id_ed25519
shell_type = unix
md5sum_command = md5sum
sha1sum_command = sha1sum
''', tok='sl.B' + r(134, URLSAFE), exp=ts().replace('Z', '+02:00')))

# g24 s3cmd config with an access key pair
add('g24/home/backup/.s3cfg', T('''[default]
access_key = «ak»
access_token =
add_encoding_exts =
add_headers =
bucket_location = eu-west-1
ca_certs_file =
cache_file =
check_ssl_certificate = True
default_mime_type = binary/octet-stream
delete_removed = False
dry_run = False
enable_multipart = True
encrypt = False
host_base = s3.amazonaws.com
host_bucket = %(bucket)s.s3.amazonaws.com
human_readable_sizes = False
multipart_chunk_size_mb = 15
progress_meter = True
recursive = False
secret_key = «sk»
signature_v2 = False
use_https = True
verbosity = WARNING
''', ak='AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), sk=r(40, A + '/+')))


def winscp_pw(user, host, password):
    """WinSCP's reversible 'simple' password obfuscation as stored in WinSCP.ini."""
    def enc(c):
        c = (~c ^ 0xA3) & 0xFF
        return '%02X' % c
    data = (user + host + password).encode()
    shift = random.randrange(50 - len(data)) if len(data) < 50 else 0
    out = enc(0xFF) + enc(0x00) + enc(len(data)) + enc(shift)
    out += ''.join(enc(random.getrandbits(8)) for _ in range(shift))
    out += ''.join(enc(b) for b in data)
    while len(out) < 100:
        out += enc(random.getrandbits(8))
    return out


# g25 WinSCP.ini exported with a saved session password
_wh, _wu = 'web01.hosting-%s.net' % r(4, LOW), 'deploy'
add('g25/tools/winscp/WinSCP.ini', T('''[Configuration\\Interface]
RandomSeedFile=%APPDATA%\\winscp.rnd
ShowFullAddress=1
Theme=Automatic

[Configuration\\Interface\\Commander]
ExplorerStyleSelection=0
PreserveLocalDirectory=1

[Sessions\\«u»@«h»]
HostName=«h»
UserName=«u»
PortNumber=22
Password=«p»
FSProtocol=2
LocalDirectory=C:%5CUsers%5Cbuild%5Csite%5Cdist
RemoteDirectory=/var/www/site/current
UpdateDirectories=1
SynchronizeBrowsing=1

[Sessions\\Default%20Settings]
FSProtocol=2

[SshHostKeys]
ssh-ed25519@22:«h»=0x«hk1»,0x«hk2»
''', u=_wu, h=_wh, p=winscp_pw(_wu, _wh, pw(16)), hk1=hx(64), hk2=hx(64)))

# g26 FileZilla site manager export with a base64-stored FTP password
add('g26/handover/filezilla/sitemanager.xml', T('''<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.5" platform="windows">
	<Servers>
		<Folder expanded="1">Clients
			<Server>
				<Host>ftp.«c».de</Host>
				<Port>21</Port>
				<Protocol>0</Protocol>
				<Type>0</Type>
				<User>«c»_web</User>
				<Pass encoding="base64">«p»</Pass>
				<Logontype>1</Logontype>
				<PasvMode>MODE_DEFAULT</PasvMode>
				<EncodingType>Auto</EncodingType>
				<BypassProxy>0</BypassProxy>
				<Name>«c» production</Name>
				<RemoteDir>1 0 8 htdocs</RemoteDir>
				<SyncBrowsing>0</SyncBrowsing>
				<DirectoryComparison>0</DirectoryComparison>
			</Server>
			<Server>
				<Host>sftp.staging.«c».de</Host>
				<Port>22</Port>
				<Protocol>1</Protocol>
				<Type>0</Type>
				<User>deploy</User>
				<Logontype>2</Logontype>
				<Name>«c» staging (ask)</Name>
			</Server>
		</Folder>
	</Servers>
</FileZilla3>
''', c=random.choice(['baeckerei-huber', 'moebelhaus-lenz', 'zahnarzt-roth']), p=b64s(pw(15))))

# g27 DBeaver data-sources.json with a saved native-auth password
add('g27/.dbeaver/data-sources.json', T('''{
	"folders": {},
	"connections": {
		"postgres-jdbc-«id»": {
			"provider": "postgresql",
			"driver": "postgres-jdbc",
			"name": "billing-prod (read only)",
			"save-password": true,
			"read-only": true,
			"configuration": {
				"host": "pg-billing.prod.internal",
				"port": "5432",
				"database": "billing",
				"url": "jdbc:postgresql://pg-billing.prod.internal:5432/billing",
				"configurationType": "MANUAL",
				"home": "",
				"type": "prod",
				"auth-model": "native",
				"user": "report_reader",
				"password": "«pw»",
				"bootstrap": {
					"autocommit": false
				}
			}
		}
	},
	"connection-types": {
		"prod": {
			"name": "Production",
			"color": "247,159,129",
			"auto-commit": false,
			"confirm-execute": true
		}
	}
}
''', id=hx(11) + '-' + hx(16), pw=pw(19)))


def ssh_str(b):
    if isinstance(b, str):
        b = b.encode()
    return len(b).to_bytes(4, 'big') + b


def openssh_ed25519(comment):
    """An unencrypted OpenSSH-format ed25519 private key (structurally valid, random key material)."""
    pub = rb(32)
    pub_blob = ssh_str('ssh-ed25519') + ssh_str(pub)
    chk = rb(4)
    priv = chk + chk + ssh_str('ssh-ed25519') + ssh_str(pub) + ssh_str(rb(32) + pub) + ssh_str(comment)
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = (b'openssh-key-v1\x00' + ssh_str('none') + ssh_str('none') + ssh_str(b'') +
            (1).to_bytes(4, 'big') + ssh_str(pub_blob) + ssh_str(priv))
    pem = ('-----BEGIN OPENSSH PRIVATE KEY-----\n' + wrap(base64.b64encode(blob).decode(), 70) +
           '\n-----END OPENSSH PRIVATE KEY-----\n')
    return pem, 'ssh-ed25519 ' + base64.b64encode(pub_blob).decode() + ' ' + comment + '\n'


# g28 SSH config pointing at a deploy key that was committed next to it
_k, _kp = openssh_ed25519('deploy@bastion')
add('g28/ops/ssh/config', '''Host bastion
    HostName bastion.eu1.corvid.systems
    User deploy
    Port 2222
    IdentityFile ~/.ssh/corvid_deploy_ed25519
    IdentitiesOnly yes

Host app-* db-*
    ProxyJump bastion
    User deploy
    IdentityFile ~/.ssh/corvid_deploy_ed25519
    StrictHostKeyChecking accept-new

Host *
    ServerAliveInterval 30
    AddKeysToAgent yes
''')
add('g28/ops/ssh/corvid_deploy_ed25519', _k)
add('g28/ops/ssh/corvid_deploy_ed25519.pub', _kp)

# g29 WireGuard client config with its private key
add('g29/network/wireguard/office-gw.conf', T('''# Office gateway tunnel - laptop «n»
[Interface]
PrivateKey = «pk»
Address = 10.66.0.«o»/32
DNS = 10.66.0.1, office.lan
MTU = 1420

[Peer]
# office-gw.fra
PublicKey = «pub»
Endpoint = vpn.«d».de:51820
AllowedIPs = 10.66.0.0/24, 192.168.40.0/22
PersistentKeepalive = 25
''', n=random.randint(10, 60), pk=b64(32), o=random.randint(10, 200), pub=b64(32),
     d=random.choice(['kanzlei-berg', 'architekten-wolf', 'steuer-lindner'])))

# g30 OpenVPN client profile with an inline tls-crypt static key
_sk = '\n'.join(hx(32) for _ in range(16))
add('g30/vpn/clients/field-laptop.ovpn', T('''client
dev tun
proto udp
remote vpn.«d».com 1194
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
auth-user-pass
cipher AES-256-GCM
auth SHA256
verb 3

<ca>
-----BEGIN CERTIFICATE-----
«ca»
-----END CERTIFICATE-----
</ca>
<tls-crypt>
#
# 2048 bit OpenVPN static key
#
-----BEGIN OpenVPN Static key V1-----
«sk»
-----END OpenVPN Static key V1-----
</tls-crypt>
''', d=random.choice(['surveyco', 'geofield', 'terrametrics']), ca=wrap('MIIDSz' + b64(600)), sk=_sk))

# ---------------------------------------------------------------- positives, batch 4 (g31-g40)

# g31 legacy mongo shell history (~/.dbshell) with a createUser password
add('g31/home/dba/.dbshell', T('''show dbs
use inventory
db.items.countDocuments({ status: "active" })
db.items.getIndexes()
use admin
db.getUsers()
db.createUser({ user: "inventory_app", pwd: "«pw»", roles: [ { role: "readWrite", db: "inventory" } ] })
db.getUser("inventory_app")
use inventory
db.items.createIndex({ sku: 1 }, { unique: true })
db.items.find({ sku: /^ZX-/ }).limit(5).pretty()
db.stats()
exit
''', pw=pw(20)))

# g32 redis-cli history with an AUTH to the cache cluster
add('g32/home/ops/.rediscli_history', T('''PING
INFO replication
AUTH default «pw»
INFO memory
DBSIZE
SCAN 0 MATCH session:* COUNT 100
TTL session:7f1c2a
CONFIG GET maxmemory-policy
MEMORY USAGE cart:88213
SLOWLOG GET 10
CLIENT LIST
QUIT
''', pw=pw(32)))

# g33 .bash_history where an Okta API token was exported before running terraform
add('g33/home/jlee/.bash_history', T('''cd ~/src/identity-terraform
git pull --rebase
terraform fmt -recursive
export OKTA_ORG_NAME=«org»
export OKTA_BASE_URL=okta.com
export OKTA_API_TOKEN=«tok»
terraform init -upgrade
terraform plan -out plan.tfplan
terraform apply plan.tfplan
git status
git add -A && git commit -m "okta: add contractor group rules"
git push origin HEAD
history | tail -20
''', org=random.choice(['lumenhealth', 'parcelpoint', 'orbitlabs']), tok='00' + r(40, URLSAFE)))

# g34 zsh history (extended format) with a Fly.io deploy token
_t0 = random.randint(1704067200, 1717000000)
add('g34/home/sam/.zsh_history', T(''': «a»:0;fly apps list
: «b»:0;fly status -a «app»
: «c»:0;export FLY_API_TOKEN="«tok»"
: «d»:0;fly deploy -a «app» --remote-only
: «e»:0;fly logs -a «app»
: «f»:0;fly scale count 2 -a «app»
: «g»:0;fly secrets list -a «app»
: «h»:0;git log --oneline -5
: «i»:0;cd ..
''', a=_t0, b=_t0 + 14, c=_t0 + 61, d=_t0 + 75, e=_t0 + 402, f=_t0 + 530, g=_t0 + 548, h=_t0 + 700, i=_t0 + 712,
     app=random.choice(['pollster-api', 'glint-web', 'tally-worker']), tok='fo1_' + r(43, URLSAFE)))

# g35 crontab that sends a nightly report through Resend with the key inline
add('g35/etc/cron.d/nightly-report', T('''# m h dom mon dow user  command
SHELL=/bin/bash
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MAILTO=""

# rotate report output
5 0 * * * reports find /srv/reports/out -name '*.csv' -mtime +14 -delete

# build and mail the nightly KPI report
30 2 * * * reports /srv/reports/bin/build-kpi.sh > /srv/reports/out/kpi-$(date +\\%F).csv && curl -sS -X POST https://api.resend.com/emails -H 'Authorization: Bearer «tok»' -H 'Content-Type: application/json' -d @/srv/reports/out/mail.json >> /var/log/reports/mail.log 2>&1

# weekly vacuum of the report cache
0 4 * * 0 reports sqlite3 /srv/reports/cache.db 'VACUUM;'
''', tok='re_' + r(8) + '_' + r(24)))

# g36 Vagrantfile with an SMB synced-folder password for the Windows host share
add('g36/Vagrantfile', T('''# -*- mode: ruby -*-
# vi: set ft=ruby :

Vagrant.configure("2") do |config|
  config.vm.box = "generic/ubuntu2204"
  config.vm.hostname = "ledger-dev"
  config.vm.network "private_network", ip: "192.168.56.«o»"

  config.vm.synced_folder ".", "/vagrant", type: "smb",
    smb_host: "192.168.56.1",
    smb_username: "devshare",
    smb_password: "«pw»",
    mount_options: ["vers=3.0", "mfsymlinks"]

  config.vm.provider "hyperv" do |h|
    h.vmname = "ledger-dev"
    h.cpus = 4
    h.memory = 6144
  end

  config.vm.provision "shell", path: "scripts/bootstrap.sh"
  config.vm.provision "shell", inline: <<-SHELL
    systemctl enable --now postgresql
    sudo -u postgres createdb ledger || true
  SHELL
end
''', o=random.randint(10, 90), pw=pw(16)))

# g37 systemd unit running the app under `doppler run` with a service token in Environment=
add('g37/deploy/systemd/checkout-api.service', T('''[Unit]
Description=Checkout API
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=checkout
Group=checkout
WorkingDirectory=/opt/checkout-api/current
Environment=NODE_ENV=production
Environment=PORT=8080
Environment=DOPPLER_TOKEN=«tok»
ExecStart=/usr/bin/doppler run --project checkout --config prd -- /usr/bin/node dist/server.js
Restart=on-failure
RestartSec=5
LimitNOFILE=65536
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths=/var/log/checkout

[Install]
WantedBy=multi-user.target
''', tok='dp.st.prd.' + r(43)))

# g38 systemd unit with a DATABASE_URL carrying the password
add('g38/packaging/debian/ledger-worker.service', T('''[Unit]
Description=Ledger background worker
After=network.target postgresql.service
Requires=postgresql.service

[Service]
Type=exec
User=ledger
Environment="RUST_LOG=ledger=info,sqlx=warn"
Environment="DATABASE_URL=postgres://ledger_worker:«pw»@127.0.0.1:5432/ledger"
Environment="WORKER_CONCURRENCY=8"
ExecStart=/usr/lib/ledger/ledger-worker --queue default --queue reconcile
ExecReload=/bin/kill -HUP $MAINPID
Restart=always
RestartSec=3
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=multi-user.target
''', pw=r(24)))

# g39 nginx site proxying to a partner API with a hard-coded Basic Authorization header
_nu = random.choice(['meridian-feed', 'shopbridge', 'stockline'])
add('g39/etc/nginx/sites-available/partner-proxy.conf', T('''upstream partner_api {
    server api.«u».com:443;
    keepalive 16;
}

server {
    listen 443 ssl http2;
    server_name partner-proxy.internal;

    ssl_certificate     /etc/ssl/certs/partner-proxy.crt;
    ssl_certificate_key /etc/ssl/private/partner-proxy.key;

    access_log /var/log/nginx/partner-proxy.access.log main;

    location /feed/ {
        proxy_pass https://partner_api/v2/feed/;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host api.«u».com;
        proxy_set_header Authorization "Basic «basic»";
        proxy_ssl_server_name on;
        proxy_read_timeout 60s;
    }

    location = /healthz {
        return 200 "ok\\n";
    }
}
''', u=_nu, basic=b64s('acct_%s:%s' % (r(6, DIG), pw(20)))))

# g40 certbot DNS plugin credentials with a Cloudflare API token
add('g40/etc/letsencrypt/cloudflare.ini', T('''# Cloudflare API token used by certbot-dns-cloudflare
# Scope: Zone:DNS:Edit for «z» only
# Renewal: certbot renew --dns-cloudflare --dns-cloudflare-credentials /etc/letsencrypt/cloudflare.ini
dns_cloudflare_api_token = «tok»
''', z=random.choice(['lakeshore-dental.com', 'brewhaus.beer', 'nordvik.no']), tok=r(40, URLSAFE)))
add('g40/etc/letsencrypt/renewal/wildcard.conf', '''# renew_before_expiry = 30 days
version = 2.9.0
archive_dir = /etc/letsencrypt/archive/wildcard
cert = /etc/letsencrypt/live/wildcard/cert.pem
privkey = /etc/letsencrypt/live/wildcard/privkey.pem
chain = /etc/letsencrypt/live/wildcard/chain.pem
fullchain = /etc/letsencrypt/live/wildcard/fullchain.pem

[renewalparams]
account = ''' + hx(32) + '''
authenticator = dns-cloudflare
dns_cloudflare_credentials = /etc/letsencrypt/cloudflare.ini
dns_cloudflare_propagation_seconds = 30
server = https://acme-v02.api.letsencrypt.org/directory
key_type = ecdsa
''')

# ---------------------------------------------------------------- positives, batch 5 (g41-g45)

# g41 Jenkins configuration-as-code with a GitHub PAT pasted into a string credential
add('g41/jenkins/casc/jenkins.yaml', T('''jenkins:
  systemMessage: "Managed by JCasC - do not edit in the UI"
  numExecutors: 0
  securityRealm:
    local:
      allowsSignup: false
  authorizationStrategy:
    loggedInUsersCanDoAnything:
      allowAnonymousRead: false

credentials:
  system:
    domainCredentials:
      - credentials:
          - string:
              scope: GLOBAL
              id: github-release-token
              description: "GitHub token for tagging releases"
              secret: "«tok»"
          - basicSSHUserPrivateKey:
              scope: GLOBAL
              id: agent-ssh
              username: jenkins
              privateKeySource:
                directEntry:
                  privateKey: "${readFile:/run/secrets/agent_ssh_key}"

unclassified:
  location:
    url: https://ci.«d».dev/
  gitHubPluginConfig:
    configs:
      - name: github
        credentialsId: github-release-token
        manageHooks: true
''', tok=ck('ghp_'), d=random.choice(['otterworks', 'plinth', 'quayside'])))

# g42 GitLab CI with a Linear API key in top-level variables
add('g42/.gitlab-ci.yml', T('''stages:
  - test
  - release

variables:
  NODE_VERSION: "20"
  LINEAR_TEAM_KEY: "ENG"
  LINEAR_API_KEY: "«tok»"

default:
  image: node:${NODE_VERSION}-alpine
  cache:
    key: ${CI_COMMIT_REF_SLUG}
    paths: [node_modules/]

test:
  stage: test
  script:
    - npm ci
    - npm test -- --ci

release-notes:
  stage: release
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - npm ci
    - node scripts/linear-release-notes.mjs --team "$LINEAR_TEAM_KEY" --tag "$CI_COMMIT_TAG" > RELEASE_NOTES.md
  artifacts:
    paths: [RELEASE_NOTES.md]
''', tok='lin_api_' + r(40)))

# g43 CircleCI config with a Pulumi access token set in a job environment
add('g43/.circleci/config.yml', T('''version: 2.1

orbs:
  pulumi: pulumi/pulumi@2.1.0
  node: circleci/node@5.2.0

jobs:
  preview:
    docker:
      - image: cimg/node:20.12
    environment:
      PULUMI_ACCESS_TOKEN: «tok»
      PULUMI_STACK: «org»/platform/prod
    steps:
      - checkout
      - node/install-packages
      - pulumi/login
      - pulumi/preview:
          stack: $PULUMI_STACK
          working_directory: infra

workflows:
  infra:
    jobs:
      - preview:
          filters:
            branches:
              only: main
''', tok='pul-' + hx(40), org=random.choice(['wrenfield', 'harbourline', 'sableworks'])))

# g44 Travis CI config deploying to npm with an automation token inline
add('g44/.travis.yml', T('''language: node_js
node_js:
  - "18"
  - "20"
cache: npm
install:
  - npm ci
script:
  - npm run lint
  - npm test
  - npm run build

deploy:
  provider: npm
  email: releases@«d».io
  api_key: «tok»
  skip_cleanup: true
  on:
    tags: true
    node_js: "20"
    repo: «d»/«p»
''', d=random.choice(['tinyforge', 'lathe-js', 'quillkit']), p=random.choice(['dateline', 'pathsmith', 'kvtool']),
     tok=ck('npm_')))

# g45 Packer template (HCL) building a DigitalOcean snapshot with the API token inline
add('g45/images/packer/web-base.pkr.hcl', T('''packer {
  required_plugins {
    digitalocean = {
      version = ">= 1.2.0"
      source  = "github.com/digitalocean/digitalocean"
    }
  }
}

locals {
  stamp = formatdate("YYYYMMDD-hhmm", timestamp())
}

source "digitalocean" "web" {
  api_token     = "«tok»"
  image         = "ubuntu-22-04-x64"
  region        = "fra1"
  size          = "s-2vcpu-4gb"
  ssh_username  = "root"
  snapshot_name = "web-base-${local.stamp}"
  tags          = ["packer", "web-base"]
}

build {
  sources = ["source.digitalocean.web"]

  provisioner "shell" {
    scripts = ["scripts/harden.sh", "scripts/nginx.sh"]
  }
}
''', tok='dop_v1_' + hx(64)))

# ---------------------------------------------------------------- negatives (h01-h12)

# h01 CSV export where the api_key column is masked by the exporter
add('h01/exports/admin/integrations_2024-Q3.csv', T('''id,tenant,integration,endpoint,api_key,status,created_at,last_sync
201,acme-retail,erp-sync,https://erp.acme-retail.internal/api/v2,****«m1»,active,2024-04-02,«d1»
202,acme-retail,webhooks,https://hooks.acme-retail.com/ingest,[redacted],revoked,2023-11-02,2024-02-01
203,northwind,erp-sync,https://api.northwind-erp.net/v3,****«m2»,active,2024-01-09,«d2»
204,northwind,crm,https://crm.northwind.local/rest,,pending,2024-03-21,
205,globex,ledger,https://ledger.globex.io/api,****«m3»,disabled,2024-02-11,2024-02-11
# api_key values are masked on export (last 4 characters only); full keys live in the vault path kv/integrations/<id>
''', m1=r(4), m2=r(4), m3=r(4), d1=day(), d2=day()))


def bcrypt_hash():
    return '$2b$12$' + r(53, A + './')


# h02 SQL dump of the users table with bcrypt hashes only
add('h02/db/dumps/users_2024-06-01.sql', T('''-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
-- Host: db-primary.internal    Database: shopfront

DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `email` varchar(191) NOT NULL,
  `password_hash` char(60) NOT NULL,
  `role` varchar(16) NOT NULL DEFAULT 'customer',
  `created_at` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_email_uniq` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `users` WRITE;
INSERT INTO `users` VALUES
  (1,'admin@shopfront.eu','«h1»','admin','2023-10-02 09:14:11'),
  (2,'m.keller@lagerhaus.de','«h2»','customer','2024-01-17 18:03:55'),
  (3,'j.ortiz@example.org','«h3»','customer','2024-03-08 07:41:20');
UNLOCK TABLES;

DROP TABLE IF EXISTS `settings`;
CREATE TABLE `settings` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(64) NOT NULL, `value` text, PRIMARY KEY (`id`));
INSERT INTO `settings` VALUES (1,'smtp_host','smtp.mailrelay.net'),(2,'smtp_user','noreply@shopfront.eu'),(3,'smtp_password_ref','vault:secret/data/shopfront/smtp#password');
-- Dump completed on 2024-06-01  3:00:04
''', h1=bcrypt_hash(), h2=bcrypt_hash(), h3=bcrypt_hash()))

# h03 HAR capture exported with the browser's sanitize option (credentials replaced)
add('h03/debug/har/admin-console-sanitized.har', T('''{
  "log": {
    "version": "1.2",
    "creator": { "name": "Chrome DevTools", "version": "124.0" },
    "entries": [
      {
        "startedDateTime": "«t1»",
        "time": 58.9,
        "request": {
          "method": "GET",
          "url": "https://admin.internal.corp/api/reports/daily",
          "httpVersion": "HTTP/2",
          "headers": [
            { "name": "Accept", "value": "application/json" },
            { "name": "Authorization", "value": "[REDACTED]" },
            { "name": "Cookie", "value": "[REDACTED]" }
          ],
          "cookies": [ { "name": "session", "value": "[REDACTED]" } ],
          "headersSize": -1,
          "bodySize": 0
        },
        "response": {
          "status": 200,
          "statusText": "OK",
          "headers": [ { "name": "etag", "value": "W/\\"«etag»\\"" } ],
          "content": { "size": 2381, "mimeType": "application/json" },
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": 2381
        },
        "timings": { "send": 0, "wait": 56, "receive": 3 }
      }
    ]
  }
}
''', t1=ts(), etag=hx(40)))

# h04 Postman environment committed with empty secret values and vault references
add('h04/postman/environments/plaid-sandbox.postman_environment.json', T('''{
  "id": "«eid»",
  "name": "Plaid - sandbox (shared)",
  "values": [
    { "key": "env_url", "value": "https://sandbox.plaid.com", "type": "default", "enabled": true },
    { "key": "client_id", "value": "{{vault:plaid-client-id}}", "type": "default", "enabled": true },
    { "key": "secret", "value": "", "type": "secret", "enabled": true },
    { "key": "access_token", "value": "", "type": "secret", "enabled": true },
    { "key": "note", "value": "Fill secret locally from 1Password item 'Plaid sandbox'; never export current values", "type": "default", "enabled": true }
  ],
  "_postman_variable_scope": "environment",
  "_postman_exported_at": "«t1»",
  "_postman_exported_using": "Postman/10.24.16"
}
''', eid=uuid(), t1=ts()))

# h05 notebook reading its Notion token from the environment / getpass
add('h05/research/notion_sync_v2.ipynb', nb([
    ('markdown', '## Export interview notes from Notion\nSet `NOTION_TOKEN` in your shell (see the team vault) before running.', None),
    ('code', 'import os\nimport getpass\nimport requests', None),
    ('code', '''NOTION_TOKEN = os.environ.get("NOTION_TOKEN") or getpass.getpass("Notion integration token: ")
DATABASE_ID = "''' + hx(32) + '''"
HEADERS = {"Authorization": f"Bearer {NOTION_TOKEN}", "Notion-Version": "2022-06-28"}''', None),
    ('code', '''resp = requests.post(f"https://api.notion.com/v1/databases/{DATABASE_ID}/query", headers=HEADERS, json={"page_size": 100})
print(resp.status_code, len(resp.json().get("results", [])))''', '200 87'),
]))

# h06 REST client file that loads the key from .env, with the public JetBrains env file
add('h06/api-playground/groq.http', '''@baseUrl = https://api.groq.com/openai/v1
@groqKey = {{$dotenv GROQ_API_KEY}}

### List models
GET {{baseUrl}}/models
Authorization: Bearer {{groqKey}}

### Chat completion
POST {{baseUrl}}/chat/completions
Authorization: Bearer {{groqKey}}
Content-Type: application/json

{
  "model": "llama3-8b-8192",
  "messages": [ { "role": "user", "content": "ping" } ]
}
''')
add('h06/api-playground/http-client.env.json', '''{
  "dev": {
    "baseUrl": "https://api.groq.com/openai/v1",
    "groqKey": "<put your key in http-client.private.env.json, which is git-ignored>"
  }
}
''')

# h07 Terraform state with only identifiers, ARNs and content hashes (password managed by RDS/Secrets Manager)
_acct = r(12, DIG)
_state2 = {
    'version': 4, 'terraform_version': '1.7.5', 'serial': random.randint(20, 300), 'lineage': uuid(), 'outputs': {},
    'resources': [
        {'mode': 'managed', 'type': 'aws_db_instance', 'name': 'orders', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 2, 'attributes': {
             'identifier': 'orders-db', 'engine': 'postgres', 'engine_version': '15.5', 'username': 'orders_admin',
             'password': None, 'manage_master_user_password': True,
             'master_user_secret': [{'kms_key_id': 'arn:aws:kms:eu-central-1:%s:key/%s' % (_acct, uuid()),
                                     'secret_arn': 'arn:aws:secretsmanager:eu-central-1:%s:secret:rds!db-%s-%s' % (_acct, uuid(), r(6)),
                                     'secret_status': 'active'}],
             'arn': 'arn:aws:rds:eu-central-1:%s:db:orders-db' % _acct}, 'sensitive_attributes': []}]},
        {'mode': 'managed', 'type': 'aws_lambda_function', 'name': 'thumbnailer', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 0, 'attributes': {
             'function_name': 'thumbnailer', 'runtime': 'python3.12', 'handler': 'app.handler',
             'source_code_hash': b64(32), 'role': 'arn:aws:iam::%s:role/thumbnailer' % _acct,
             'environment': [{'variables': {'BUCKET': 'media-originals', 'LOG_LEVEL': 'info'}}]}, 'sensitive_attributes': []}]},
        {'mode': 'managed', 'type': 'aws_s3_object', 'name': 'config', 'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
         'instances': [{'schema_version': 0, 'attributes': {'bucket': 'media-config', 'key': 'app.json', 'etag': hx(32)},
                        'sensitive_attributes': []}]},
    ],
    'check_results': None}
add('h07/infra/orders/terraform.tfstate', json.dumps(_state2, indent=2) + '\n')

# h08 kubeconfig using an exec credential plugin; only the public CA is embedded
add('h08/ops/clusters/prod-eks.yaml', T('''apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: «ca»
    server: https://«h».gr7.eu-west-1.eks.amazonaws.com
  name: arn:aws:eks:eu-west-1:«acct»:cluster/prod
contexts:
- context:
    cluster: arn:aws:eks:eu-west-1:«acct»:cluster/prod
    user: arn:aws:eks:eu-west-1:«acct»:cluster/prod
  name: prod
current-context: prod
users:
- name: arn:aws:eks:eu-west-1:«acct»:cluster/prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args:
        - --region
        - eu-west-1
        - eks
        - get-token
        - --cluster-name
        - prod
      env:
        - name: AWS_PROFILE
          value: prod-readonly
''', ca=b64s('-----BEGIN CERTIFICATE-----\n' + wrap('MIIC' + b64(510)) + '\n-----END CERTIFICATE-----\n'),
     h=hx(32).upper(), acct=r(12, DIG)))

# h09 WireGuard config that loads its private key from a root-only file; only public keys inline
add('h09/network/wireguard/site-b.conf', T('''# Site B gateway - private key is generated on the box:
#   umask 077; wg genkey | tee /etc/wireguard/site-b.key | wg pubkey > /etc/wireguard/site-b.pub
[Interface]
Address = 10.67.0.1/24
ListenPort = 51820
PostUp = wg set %i private-key /etc/wireguard/site-b.key
PostUp = iptables -A FORWARD -i %i -j ACCEPT
PostDown = iptables -D FORWARD -i %i -j ACCEPT

[Peer]
# laptop-anna
PublicKey = «p1»
AllowedIPs = 10.67.0.10/32

[Peer]
# laptop-piet
PublicKey = «p2»
AllowedIPs = 10.67.0.11/32
''', p1=b64(32), p2=b64(32)))

# h10 systemd unit that takes its secrets from an EnvironmentFile and systemd credentials
add('h10/packaging/debian/ledger-worker.service', '''[Unit]
Description=Ledger background worker
After=network.target postgresql.service

[Service]
Type=exec
User=ledger
Environment="RUST_LOG=ledger=info,sqlx=warn"
Environment="WORKER_CONCURRENCY=8"
# DATABASE_URL and DOPPLER_TOKEN come from a root-owned 0600 file installed by the config role
EnvironmentFile=/etc/ledger/worker.env
LoadCredential=db-password:/etc/credstore/ledger-db-password
ExecStart=/usr/lib/ledger/ledger-worker --db-password-file ${CREDENTIALS_DIRECTORY}/db-password
Restart=always
RestartSec=3

[Install]
WantedBy=multi-user.target
''')

# h11 GitLab CI that only references masked project variables, plus docs with obvious placeholders
add('h11/.gitlab-ci.yml', '''stages:
  - release

variables:
  NODE_VERSION: "20"
  LINEAR_TEAM_KEY: "ENG"
  # LINEAR_API_KEY and NPM_TOKEN are masked + protected variables under Settings > CI/CD > Variables

release-notes:
  stage: release
  image: node:${NODE_VERSION}-alpine
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - test -n "$LINEAR_API_KEY" || { echo "LINEAR_API_KEY not set"; exit 1; }
    - echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc
    - npm ci
    - node scripts/linear-release-notes.mjs --team "$LINEAR_TEAM_KEY" --tag "$CI_COMMIT_TAG" > RELEASE_NOTES.md
  artifacts:
    paths: [RELEASE_NOTES.md]
''')
add('h11/docs/ci-variables.md', '''# CI variables

| Variable          | Where it comes from                  | Format                         |
|-------------------|--------------------------------------|--------------------------------|
| `LINEAR_API_KEY`  | Linear > Settings > API              | `lin_api_xxxxxxxxxxxxxxxxxxxx` |
| `NPM_TOKEN`       | npmjs.com > Access Tokens (automation) | `npm_XXXXXXXXXXXXXXXXXXXXXXXX` |
| `PULUMI_ACCESS_TOKEN` | app.pulumi.com > Access tokens   | `pul-<40 hex chars>`           |

To test locally:

```bash
export LINEAR_API_KEY="<your-linear-api-key>"
node scripts/linear-release-notes.mjs --team ENG --tag v0.0.0-local
```

Never paste real values into `.gitlab-ci.yml`; add them as masked variables instead.
''')

# h12 SSH config with IdentityFile plus the *public* key and known_hosts only
_k2, _kp2 = openssh_ed25519('deploy@bastion')
add('h12/ops/ssh/config', '''Host bastion
    HostName bastion.eu1.corvid.systems
    User deploy
    Port 2222
    IdentityFile ~/.ssh/corvid_deploy_ed25519
    IdentitiesOnly yes

Host app-* db-*
    ProxyJump bastion
    User deploy
    IdentityFile ~/.ssh/corvid_deploy_ed25519
''')
add('h12/ops/ssh/corvid_deploy_ed25519.pub', _kp2)
add('h12/ops/ssh/known_hosts', T('''[bastion.eu1.corvid.systems]:2222 ssh-ed25519 «k1»
[bastion.eu1.corvid.systems]:2222 ecdsa-sha2-nistp256 «k2»
|1|«s»=|«hh»= ssh-ed25519 «k3»
''', k1=base64.b64encode(ssh_str('ssh-ed25519') + ssh_str(rb(32))).decode(),
     k2=base64.b64encode(ssh_str('ecdsa-sha2-nistp256') + ssh_str('nistp256') + ssh_str(b'\x04' + rb(64))).decode(),
     s=b64(20)[:-1], hh=b64(20)[:-1], k3=base64.b64encode(ssh_str('ssh-ed25519') + ssh_str(rb(32))).decode()))

write()
