# Usage: python3 set47.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set47 (stop 31): test fixtures, notebooks and API-tool exports
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)
import hashlib, hmac  # noqa: E402  (stdlib; only used for the labelled RFC test vectors of a negative case)

# ---------------------------------------------------------------- helpers
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'placeholder',
       'redacted', 'your')
LD = string.ascii_lowercase + string.digits
UD = string.ascii_uppercase + string.digits
U = A + '-_'
DIG = string.digits


def ok(v):
    low = v.lower()
    return not any(b in low for b in BAD)


def rr(n, al=A):
    """r() redrawn until it holds no placeholder-looking word."""
    while True:
        v = r(n, al)
        if ok(v):
            return v


def cc(prefix):
    while True:
        v = ck(prefix)
        if ok(v):
            return v


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(x):
    if isinstance(x, str):
        x = x.encode()
    return base64.b64encode(x).decode()


def b64u(x):
    if isinstance(x, str):
        x = x.encode()
    return base64.urlsafe_b64encode(x).decode().rstrip('=')


def rkey(n):
    """base64 of n random bytes, redrawn if it spells a placeholder word."""
    while True:
        v = b64(rb(n))
        if ok(v):
            return v


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def digits(n):
    return str(random.randint(1, 9)) + r(n - 1, DIG)


def ts(year=2024):
    return '%d-%02d-%02dT%02d:%02d:%02d.%03dZ' % (year, random.randint(1, 12), random.randint(1, 28),
                                                random.randint(0, 23), random.randint(0, 59),
                                                random.randint(0, 59), random.randint(0, 999))


def epoch():
    return random.randint(1704067200, 1735603200)


def cj(o):
    return json.dumps(o, separators=(',', ':'))


def jwt(payload, header=None, sig=32):
    header = header or {'alg': 'HS256', 'typ': 'JWT'}
    while True:
        v = '%s.%s.%s' % (b64u(cj(header)), b64u(cj(payload)), b64u(rb(sig)))
        if ok(v):
            return v


def T(text, **kw):
    for k, v in kw.items():
        text = text.replace('@@' + k + '@@', str(v))
    assert '@@' not in text, text[:200]
    return text


def J(o, indent=2):
    return json.dumps(o, indent=indent, ensure_ascii=False) + '\n'


# ------------------------------------------------------------ token shapes
def aws_id():
    return 'AKIA' + rr(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


def aws_secret():
    return rr(40, A + '/+')


def openai_key():
    return 'sk-proj-' + rr(74, U) + 'T3BlbkFJ' + rr(74, U)


def anthropic_key():
    return 'sk-ant-api03-' + rr(93, U) + 'AA'


def hf_token():
    return 'hf_' + rr(34, string.ascii_letters)


def gh_fine():
    return 'github_pat_11' + rr(20, UD) + '_' + rr(59)


def stripe(kind):
    return kind + '_live_51' + rr(97)


def google_key():
    return 'AIzaSy' + rr(33, U)


def mapbox(kind, user):
    return kind + '.' + b64u(cj({'u': user, 'a': rr(25, LD)})) + '.' + rr(22, U)


def azure_ad_secret():
    return rr(3) + '8Q~' + rr(34, A + '_.~-')


def pem_body():
    """PKCS#8 RSA-2048 shaped DER (real ASN.1 header, random rest), base64 in 64-char lines."""
    head = bytes([0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48,
                  0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82, 0x04, 0xa7, 0x30, 0x82,
                  0x04, 0xa3, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00])
    while True:
        s = b64(head + rb(1217 - len(head)))
        if ok(s):
            break
    return '\n'.join(s[i:i + 64] for i in range(0, len(s), 64))


# ----------------------------------------------------------- file shapes
def src(text):
    return text.splitlines(keepends=True)


def md(text):
    return {'cell_type': 'markdown', 'id': hx(8), 'metadata': {}, 'source': src(text)}


def code(text, n, outputs=()):
    return {'cell_type': 'code', 'execution_count': n, 'id': hx(8), 'metadata': {},
            'outputs': list(outputs), 'source': src(text)}


def stream(text, name='stdout'):
    return {'name': name, 'output_type': 'stream', 'text': src(text)}


def result(text, n):
    return {'data': {'text/plain': src(text)}, 'execution_count': n, 'metadata': {},
            'output_type': 'execute_result'}


def nb(cells, extra=None):
    meta = {'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'},
            'language_info': {'codemirror_mode': {'name': 'ipython', 'version': 3}, 'file_extension': '.py',
                              'mimetype': 'text/x-python', 'name': 'python', 'nbconvert_exporter': 'python',
                              'pygments_lexer': 'ipython3', 'version': '3.11.%d' % random.randint(4, 9)}}
    if extra:
        meta.update(extra)
    return json.dumps({'cells': cells, 'metadata': meta, 'nbformat': 4, 'nbformat_minor': 5},
                      indent=1, ensure_ascii=False) + '\n'


def pm_url(raw, path, query=()):
    u = {'raw': raw, 'host': ['{{baseUrl}}'], 'path': [p for p in path.split('/') if p]}
    if query:
        u['query'] = [{'key': k, 'value': v} for k, v in query]
    return u


def pm_item(name, method, path, headers=(), body=None, query=(), tests=None):
    raw = '{{baseUrl}}/' + path.lstrip('/')
    if query:
        raw += '?' + '&'.join('%s=%s' % kv for kv in query)
    req = {'method': method, 'header': [{'key': k, 'value': v, 'type': 'text'} for k, v in headers],
           'url': pm_url(raw, path, query)}
    if body is not None:
        req['body'] = body
    it = {'name': name, 'request': req, 'response': []}
    if tests:
        it['event'] = [{'listen': 'test', 'script': {'exec': tests, 'type': 'text/javascript'}}]
    return it


def pm_collection(name, items, auth=None, variables=(), events=None):
    c = {'info': {'_postman_id': uid(), 'name': name,
                  'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
                  '_exporter_id': digits(8)},
         'item': items}
    if auth:
        c['auth'] = auth
    if events:
        c['event'] = events
    c['variable'] = [{'key': k, 'value': v, 'type': 'string'} for k, v in variables]
    return J(c, '\t')


def har_entry(method, url, headers, status, resp_headers, resp_text, mime='application/json',
              post=None, cookies=()):
    qs = []
    if '?' in url:
        for kv in url.split('?', 1)[1].split('&'):
            k, _, v = kv.partition('=')
            qs.append({'name': k, 'value': v})
    req = {'method': method, 'url': url, 'httpVersion': 'HTTP/1.1',
           'headers': [{'name': k, 'value': v} for k, v in headers], 'queryString': qs,
           'cookies': [{'name': k, 'value': v} for k, v in cookies], 'headersSize': -1, 'bodySize': 0}
    if post is not None:
        req['postData'] = post
        req['bodySize'] = len(post.get('text', ''))
    wait = round(random.uniform(20, 400), 3)
    return {'startedDateTime': ts(), 'time': round(wait + random.uniform(1, 30), 3), 'request': req,
            'response': {'status': status, 'statusText': {200: 'OK', 201: 'Created', 204: 'No Content'}.get(status, ''),
                         'httpVersion': 'HTTP/1.1',
                         'headers': [{'name': k, 'value': v} for k, v in resp_headers], 'cookies': [],
                         'content': {'size': len(resp_text), 'mimeType': mime, 'text': resp_text},
                         'redirectURL': '', 'headersSize': -1, 'bodySize': len(resp_text)},
            'cache': {}, 'timings': {'blocked': round(random.uniform(0.5, 3), 3), 'dns': -1, 'ssl': -1,
                                      'connect': -1, 'send': 0.12, 'wait': wait,
                                      'receive': round(random.uniform(0.2, 4), 3)}}


def har(entries, creator=('WebInspector', '537.36')):
    return J({'log': {'version': '1.2', 'creator': {'name': creator[0], 'version': creator[1]},
                      'pages': [], 'entries': entries}})


def cid(n=7):
    return hx(n)


USERS = ['mkowalski', 'jchen', 'a.ferreira', 'dnguyen', 'lschmidt', 'prao', 'ehansen', 'tokafor']
ORGS = ['nordhaven', 'quillbyte', 'brightmoor', 'tallowcraft', 'kelpie-labs', 'ostara', 'fernwood']


# ======================================================== POSITIVES
# ---- c01: notebook, OpenAI project key assigned into os.environ in a code cell
k = openai_key()
cells = [
    md('# RAG evaluation - support tickets (Q3)\n\nCompares retrieval settings on the labelled ticket set. '
       'Results go to `eval/results/` and the summary table at the end.'),
    code('import os\nimport pandas as pd\nfrom langchain_openai import ChatOpenAI, OpenAIEmbeddings\n'
         'from langchain_community.vectorstores import FAISS', 1),
    code('os.environ["OPENAI_API_KEY"] = "%s"\nos.environ["LANGCHAIN_TRACING_V2"] = "false"' % k, 2),
    code('df = pd.read_parquet("data/tickets_labelled.parquet")\nprint(df.shape)\ndf.head(3)', 3,
         [stream('(%d, 7)\n' % random.randint(1500, 4000)),
          result('   ticket_id  product  ...  label  resolved\n0     %d  billing  ...      2      True\n'
                 '1     %d     auth  ...      0     False\n2     %d   export  ...      1      True\n\n[3 rows x 7 columns]'
                 % (random.randint(10000, 99999), random.randint(10000, 99999), random.randint(10000, 99999)), 3)]),
    code('emb = OpenAIEmbeddings(model="text-embedding-3-small")\nstore = FAISS.from_texts(df["body"].tolist(), emb)\n'
         'llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)', 4),
    code('def answer(q, k=4):\n    docs = store.similarity_search(q, k=k)\n    ctx = "\\n---\\n".join(d.page_content for d in docs)\n'
         '    return llm.invoke(f"Answer using the context.\\n{ctx}\\n\\nQ: {q}").content\n\nanswer("How do I rotate my SSO certificate?")', 5,
         [result("'Go to Settings > Security > SSO, upload the new certificate and click Activate. The old one stays valid for 24 hours.'", 5)]),
    code('', None),
]
add('c01/notebooks/rag_eval_q3.ipynb', nb(cells))

# ---- c02: notebook, AWS keys only in the stored output of a shell cell
kid, sec = aws_id(), aws_secret()
cells = [
    md('## S3 inventory cleanup\nFind objects under `exports/` older than 180 days in the prod data bucket.'),
    code('!env | grep -i aws', 1, [stream('AWS_DEFAULT_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n'
                                          'AWS_PROFILE=data-prod\n' % (kid, sec))]),
    code('import boto3, datetime as dt\ns3 = boto3.client("s3")\nBUCKET = "%s-data-prod"\n'
         'cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=180)' % random.choice(ORGS), 2),
    code('paginator = s3.get_paginator("list_objects_v2")\nold = []\nfor page in paginator.paginate(Bucket=BUCKET, Prefix="exports/"):\n'
         '    for obj in page.get("Contents", []):\n        if obj["LastModified"] < cutoff:\n            old.append(obj["Key"])\nlen(old)', 3,
         [result(str(random.randint(2000, 90000)), 3)]),
    code('# s3.delete_objects(...)  -- run after review with the data team', 4),
]
add('c02/analysis/s3_inventory_cleanup.ipynb', nb(cells))

# ---- c03: notebook, production Postgres URL with inline password
pw = rr(22, A + '_-')
host = 'prod-analytics.cluster-%s.eu-central-1.rds.amazonaws.com' % rr(12, LD)
cells = [
    md('### Churn cohort pull\nPulls monthly cohorts straight from the warehouse replica.'),
    code('import pandas as pd\nfrom sqlalchemy import create_engine, text', 1),
    code('engine = create_engine(\n    "postgresql+psycopg2://analytics_rw:%s@%s:5432/warehouse",\n'
         '    pool_pre_ping=True,\n)' % (pw, host), 2),
    code('q = text("""\nselect date_trunc(\'month\', created_at) as cohort, count(*) as n\nfrom accounts\n'
         'where created_at >= :since\ngroup by 1 order by 1\n""")\ncohorts = pd.read_sql(q, engine, params={"since": "2023-01-01"})\ncohorts.tail()', 3,
         [result('       cohort     n\n%s' % '\n'.join('%d 2024-%02d-01  %d' % (i, i + 6, random.randint(800, 3000)) for i in range(5)), 3)]),
    code('cohorts.to_csv("out/cohorts.csv", index=False)', 4),
]
add('c03/notebooks/churn/cohorts.ipynb', nb(cells))

# ---- c04: notebook, Anthropic key passed to the client
k = anthropic_key()
cells = [
    md('# Summarise incident postmortems\nUses Claude to draft a 5-bullet summary for each postmortem in `pm/`.'),
    code('import anthropic, pathlib\n\nclient = anthropic.Anthropic(\n    api_key="%s",\n    max_retries=3,\n)' % k, 1),
    code('docs = sorted(pathlib.Path("pm").glob("*.md"))\nlen(docs)', 2, [result(str(random.randint(12, 60)), 2)]),
    code('def summarise(p):\n    msg = client.messages.create(\n        model="claude-3-5-sonnet-20241022",\n        max_tokens=600,\n'
         '        messages=[{"role": "user", "content": "Summarise in 5 bullets:\\n\\n" + p.read_text()}],\n    )\n'
         '    return msg.content[0].text\n\nprint(summarise(docs[0]))', 3,
         [stream('- Root cause: expired TLS cert on the internal gateway\n- Detection took 41 minutes\n'
                 '- Customer impact limited to EU region\n- Fix: cert-manager renewal alerts\n- Owner: platform team\n')]),
]
add('c04/research/postmortem_summaries.ipynb', nb(cells))

# ---- c05: notebook, Azure storage connection string in an execute_result repr
acct = random.choice(ORGS).replace('-', '') + 'prod' + r(3, LD)
conn = 'DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net' % (acct, rkey(64))
cells = [
    md('Debugging why the ingestion job writes to the wrong container.'),
    code('import sys\nsys.path.insert(0, "..")\nfrom ingest.config import settings\nsettings', 1,
         [result("Settings(env='prod', storage_connection_string='%s', container='raw-events', batch_size=500, "
                 "dead_letter_container='raw-events-dlq')" % conn, 1)]),
    code('from azure.storage.blob import BlobServiceClient\nsvc = BlobServiceClient.from_connection_string(settings.storage_connection_string)\n'
         '[c.name for c in svc.list_containers()]', 2,
         [result("['$logs', 'raw-events', 'raw-events-dlq', 'raw-events-v2']", 2)]),
    md('-> container name in prod is `raw-events-v2` since the migration; fix the default.'),
]
add('c05/ingest/notebooks/debug_container.ipynb', nb(cells))

# ---- c06: Colab notebook, %env magic with Replicate token plus huggingface login
rep = 'r8_' + rr(37)
hft = hf_token()
cells = [
    md('# Fine-tune SDXL on product shots\nRuns on a Colab A100.'),
    code('!pip -q install replicate huggingface_hub diffusers', 1),
    code('%env REPLICATE_API_TOKEN=' + rep, 2,
         [stream('env: REPLICATE_API_TOKEN=' + rep + '\n')]),
    code('from huggingface_hub import login\nlogin(token="%s", add_to_git_credential=True)' % hft, 3,
         [stream('Token is valid (permission: write).\nYour token has been saved in your configured git credential helpers (store).\n'
                 'Your token has been saved to /root/.cache/huggingface/token\nLogin successful\n', 'stderr')]),
    code('import replicate\ntraining = replicate.trainings.create(\n    version="stability-ai/sdxl:%s",\n'
         '    input={"input_images": "https://storage.googleapis.com/%s-assets/shots.zip", "max_train_steps": 1200},\n'
         '    destination="%s/sdxl-products",\n)\ntraining.status' % (hx(64), random.choice(ORGS), random.choice(ORGS)), 4,
         [result("'starting'", 4)]),
]
add('c06/colab/sdxl_finetune.ipynb', nb(cells, {'accelerator': 'GPU', 'colab': {'provenance': [], 'gpuType': 'A100'}}))

# ---- c07: Postman collection, collection-level bearer auth with a fine-grained GitHub PAT
org = random.choice(ORGS)
tok = gh_fine()
items = [
    pm_item('List org repos', 'GET', 'orgs/' + org + '/repos', [('Accept', 'application/vnd.github+json'),
                                                               ('X-GitHub-Api-Version', '2022-11-28')],
            query=[('per_page', '100'), ('type', 'private')],
            tests=['pm.test("200", () => pm.response.to.have.status(200));']),
    pm_item('Create release', 'POST', 'repos/' + org + '/{{repo}}/releases', [('Accept', 'application/vnd.github+json')],
            body={'mode': 'raw', 'raw': J({'tag_name': 'v{{version}}', 'target_commitish': 'main',
                                           'name': 'v{{version}}', 'generate_release_notes': True}),
                  'options': {'raw': {'language': 'json'}}}),
    pm_item('Dispatch deploy workflow', 'POST', 'repos/' + org + '/{{repo}}/actions/workflows/deploy.yml/dispatches',
            [('Accept', 'application/vnd.github+json')],
            body={'mode': 'raw', 'raw': '{\n  "ref": "main",\n  "inputs": {"environment": "production"}\n}',
                  'options': {'raw': {'language': 'json'}}}),
]
add('c07/postman/GitHub Release Automation.postman_collection.json',
    pm_collection('GitHub Release Automation', items,
                  auth={'type': 'bearer', 'bearer': [{'key': 'token', 'value': tok, 'type': 'string'}]},
                  variables=[('baseUrl', 'https://api.github.com'), ('repo', 'billing-api'), ('version', '2.14.0')]))

# ---- c08: Postman environment export, Stripe live secret key stored as a "secret" variable
env = {'id': uid(), 'name': 'Stripe - LIVE',
       'values': [{'key': 'baseUrl', 'value': 'https://api.stripe.com/v1', 'type': 'default', 'enabled': True},
                  {'key': 'stripe_secret_key', 'value': stripe('sk'), 'type': 'secret', 'enabled': True},
                  {'key': 'customer_id', 'value': 'cus_' + rr(14), 'type': 'default', 'enabled': True},
                  {'key': 'price_id', 'value': 'price_1' + rr(23), 'type': 'default', 'enabled': True},
                  {'key': 'idempotency_key', 'value': '', 'type': 'any', 'enabled': True}],
       '_postman_variable_scope': 'environment', '_postman_exported_at': ts(),
       '_postman_exported_using': 'Postman/10.%d.%d' % (random.randint(18, 24), random.randint(0, 9))}
add('c08/api-tests/environments/stripe-live.postman_environment.json', J(env, '\t'))
add('c08/api-tests/README.md', 'Import the collection and pick the environment matching the account you debug.\n'
    'Refunds issued from here are real, double-check `customer_id` first.\n')

# ---- c09: Postman collection, basic auth with Twilio account SID + auth token
sid, at = 'AC' + hx(32), hx(32)
items = [
    pm_item('Send SMS', 'POST', '2010-04-01/Accounts/{{accountSid}}/Messages.json',
            body={'mode': 'urlencoded', 'urlencoded': [{'key': 'To', 'value': '{{to}}', 'type': 'text'},
                                                       {'key': 'MessagingServiceSid', 'value': 'MG' + hx(32), 'type': 'text'},
                                                       {'key': 'Body', 'value': 'Your verification code is 482913', 'type': 'text'}]}),
    pm_item('Message status', 'GET', '2010-04-01/Accounts/{{accountSid}}/Messages/{{lastMessageSid}}.json'),
    pm_item('List recent messages', 'GET', '2010-04-01/Accounts/{{accountSid}}/Messages.json', query=[('PageSize', '20')]),
]
add('c09/tools/postman/twilio-otp.postman_collection.json',
    pm_collection('Twilio OTP', items,
                  auth={'type': 'basic', 'basic': [{'key': 'password', 'value': at, 'type': 'string'},
                                                   {'key': 'username', 'value': sid, 'type': 'string'}]},
                  variables=[('baseUrl', 'https://api.twilio.com'), ('accountSid', sid), ('to', '+4915%s' % digits(9)),
                             ('lastMessageSid', 'SM' + hx(32))]))

# ---- c10: Postman collection, AWS SigV4 auth block plus pre-request script
kid, sec = aws_id(), aws_secret()
api = rr(10, LD)
items = [
    pm_item('GET /orders', 'GET', 'prod/orders', query=[('status', 'open'), ('limit', '50')]),
    pm_item('POST /orders/{id}/refund', 'POST', 'prod/orders/{{orderId}}/refund',
            [('Content-Type', 'application/json')],
            body={'mode': 'raw', 'raw': '{"amount": 1999, "reason": "duplicate"}'}),
]
coll = json.loads(pm_collection('Orders API (API Gateway)', items,
                                auth={'type': 'awsv4', 'awsv4': [
                                    {'key': 'sessionToken', 'value': '', 'type': 'string'},
                                    {'key': 'service', 'value': 'execute-api', 'type': 'string'},
                                    {'key': 'region', 'value': 'eu-west-1', 'type': 'string'},
                                    {'key': 'secretKey', 'value': sec, 'type': 'string'},
                                    {'key': 'accessKey', 'value': kid, 'type': 'string'}]},
                                variables=[('baseUrl', 'https://%s.execute-api.eu-west-1.amazonaws.com' % api),
                                           ('orderId', 'ord_' + rr(12, LD))],
                                events=[{'listen': 'prerequest', 'script': {'type': 'text/javascript', 'exec': [
                                    'const ts = new Date().toISOString();',
                                    'pm.request.headers.upsert({ key: "X-Request-Time", value: ts });',
                                    'pm.request.headers.upsert({ key: "X-Correlation-Id", value: pm.variables.replaceIn("{{$guid}}") });']}}]))
add('c10/qa/collections/orders-api.postman_collection.json', J(coll, '\t'))

# ---- c11: Insomnia v4 export, SendGrid key in the base environment
wrk, envid = 'wrk_' + hx(32), 'env_' + hx(32)
sg = 'SG.' + rr(22, U) + '.' + rr(43, U)
now = random.randint(1700000000000, 1730000000000)
res = [
    {'_id': wrk, 'parentId': None, 'modified': now, 'created': now - 86400000, 'name': 'Mail service',
     'description': '', 'scope': 'collection', '_type': 'workspace'},
    {'_id': envid, 'parentId': wrk, 'modified': now, 'created': now - 86000000, 'name': 'Base Environment',
     'data': {'base_url': 'https://api.sendgrid.com/v3', 'sendgrid_api_key': sg, 'from': 'no-reply@%s.io' % random.choice(ORGS),
              'template_welcome': 'd-' + hx(32)},
     'dataPropertyOrder': {'&': ['base_url', 'sendgrid_api_key', 'from', 'template_welcome']},
     'color': None, 'isPrivate': False, 'metaSortKey': now, '_type': 'environment'},
    {'_id': 'req_' + hx(32), 'parentId': wrk, 'modified': now, 'created': now - 3600000,
     'url': '{{ _.base_url }}/mail/send', 'name': 'Send welcome', 'description': '', 'method': 'POST',
     'body': {'mimeType': 'application/json',
              'text': '{\n  "from": {"email": "{{ _.from }}"},\n  "personalizations": [{"to": [{"email": "qa+welcome@%s.io"}]}],\n'
                      '  "template_id": "{{ _.template_welcome }}"\n}' % random.choice(ORGS)},
     'parameters': [], 'headers': [{'name': 'Content-Type', 'value': 'application/json'},
                                   {'name': 'Authorization', 'value': 'Bearer {{ _.sendgrid_api_key }}'}],
     'authentication': {}, 'metaSortKey': -now, 'isPrivate': False, 'settingStoreCookies': True,
     'settingSendCookies': True, 'settingDisableRenderRequestBody': False, 'settingEncodeUrl': True,
     'settingRebuildPath': True, 'settingFollowRedirects': 'global', '_type': 'request'},
    {'_id': 'req_' + hx(32), 'parentId': wrk, 'modified': now, 'created': now - 3000000,
     'url': '{{ _.base_url }}/suppression/bounces', 'name': 'List bounces', 'description': '', 'method': 'GET',
     'body': {}, 'parameters': [{'name': 'limit', 'value': '100'}],
     'headers': [{'name': 'Authorization', 'value': 'Bearer {{ _.sendgrid_api_key }}'}],
     'authentication': {}, 'metaSortKey': -now + 1, 'isPrivate': False, '_type': 'request'},
]
add('c11/insomnia/Insomnia_mail-service.json',
    J({'_type': 'export', '__export_format': 4, '__export_date': ts(), '__export_source': 'insomnia.desktop.app:v2023.5.8',
       'resources': res}))

# ---- c12: Insomnia v5 YAML export, Shopify Admin token pasted into a header
shop = random.choice(ORGS) + '-store'
tok = 'shpat_' + hx(32)
add('c12/insomnia/shopify-admin.yaml', T('''type: collection.insomnia.rest/5.0
name: Shopify Admin
meta:
  id: wrk_@@w@@
  created: @@t0@@
  modified: @@t1@@
collection:
  - url: https://@@shop@@.myshopify.com/admin/api/2024-07/products.json?limit=50
    name: List products
    meta:
      id: req_@@r1@@
      created: @@t0@@
      modified: @@t1@@
      isPrivate: false
      sortKey: -@@t1@@
    method: GET
    headers:
      - name: X-Shopify-Access-Token
        value: @@tok@@
      - name: Accept
        value: application/json
    settings:
      renderRequestBody: true
      encodeUrl: true
      followRedirects: global
      cookies:
        send: true
        store: true
      rebuildPath: true
  - url: https://@@shop@@.myshopify.com/admin/api/2024-07/graphql.json
    name: Inventory levels (GraphQL)
    meta:
      id: req_@@r2@@
      created: @@t0@@
      modified: @@t1@@
      isPrivate: false
      sortKey: -@@t0@@
    method: POST
    body:
      mimeType: application/graphql
      text: '{"query":"{ locations(first: 5) { edges { node { id name } } } }"}'
    headers:
      - name: Content-Type
        value: application/json
      - name: X-Shopify-Access-Token
        value: @@tok@@
cookieJar:
  name: Default Jar
  meta:
    id: jar_@@j@@
    created: @@t0@@
    modified: @@t1@@
environments:
  name: Base Environment
  meta:
    id: env_@@e@@
    created: @@t0@@
    modified: @@t1@@
    isPrivate: false
''', w=hx(32), r1=hx(32), r2=hx(32), j=hx(32), e=hx(32), t0=now - 500000, t1=now, shop=shop, tok=tok))

# ---- c13: Bruno collection, GitLab PAT in a committed environment file
gl = 'glpat-' + rr(20, U)
proj = random.randint(100, 900)
add('c13/api/bruno/bruno.json', J({'version': '1', 'name': 'gitlab-ops', 'type': 'collection',
                                    'ignore': ['node_modules', '.git']}))
add('c13/api/bruno/environments/Production.bru', T('''vars {
  baseUrl: https://gitlab.@@org@@.io
  projectId: @@proj@@
  gitlabToken: @@gl@@
  defaultBranch: main
}
''', org=random.choice(ORGS), proj=proj, gl=gl))
add('c13/api/bruno/pipelines/List pipelines.bru', '''meta {
  name: List pipelines
  type: http
  seq: 1
}

get {
  url: {{baseUrl}}/api/v4/projects/{{projectId}}/pipelines?ref={{defaultBranch}}&per_page=20
  body: none
  auth: none
}

headers {
  PRIVATE-TOKEN: {{gitlabToken}}
}

tests {
  test("ok", function() {
    expect(res.getStatus()).to.equal(200);
  });
}
''')
add('c13/api/bruno/pipelines/Retry job.bru', '''meta {
  name: Retry job
  type: http
  seq: 2
}

post {
  url: {{baseUrl}}/api/v4/projects/{{projectId}}/jobs/{{jobId}}/retry
  body: none
  auth: none
}

headers {
  PRIVATE-TOKEN: {{gitlabToken}}
}

vars:pre-request {
  jobId: 0
}
''')

# ---- c14: Hoppscotch collection export, Slack bot token in request auth
xb = 'xoxb-' + digits(11) + '-' + digits(13) + '-' + rr(24)
hop = [{'v': 2, 'name': 'Slack ops', 'folders': [], 'auth': {'authType': 'inherit', 'authActive': True}, 'headers': [],
        'requests': [
            {'v': '4', 'endpoint': 'https://slack.com/api/chat.postMessage', 'name': 'Post deploy notice', 'params': [],
             'headers': [{'key': 'Content-Type', 'value': 'application/json; charset=utf-8', 'active': True}],
             'method': 'POST', 'auth': {'authType': 'bearer', 'authActive': True, 'token': xb},
             'preRequestScript': '', 'testScript': 'pw.test("ok", () => { pw.expect(pw.response.body.ok).toBe(true); });',
             'body': {'contentType': 'application/json',
                      'body': '{\n  "channel": "C%s",\n  "text": ":rocket: billing-api v2.14.0 deployed to production"\n}' % rr(10, UD)},
             'requestVariables': []},
            {'v': '4', 'endpoint': 'https://slack.com/api/conversations.history', 'name': 'Read #incidents',
             'params': [{'key': 'channel', 'value': 'C' + rr(10, UD), 'active': True},
                        {'key': 'limit', 'value': '50', 'active': True}],
             'headers': [], 'method': 'GET', 'auth': {'authType': 'bearer', 'authActive': True, 'token': xb},
             'preRequestScript': '', 'testScript': '', 'body': {'contentType': None, 'body': None}, 'requestVariables': []}]}]
add('c14/tools/hoppscotch/hoppscotch-collections.json', J(hop))

# ---- c15: HAR capture of an Azure AD client-credentials call (client_secret in postData)
ten, app = uid(), uid()
cs = azure_ad_secret()
body = 'client_id=%s&scope=https%%3A%%2F%%2Fgraph.microsoft.com%%2F.default&client_secret=%s&grant_type=client_credentials' % (app, cs)
iat = epoch()
atok = jwt({'aud': 'https://graph.microsoft.com', 'iss': 'https://sts.windows.net/%s/' % ten, 'iat': iat, 'nbf': iat,
            'exp': iat + 3599, 'app_displayname': 'reporting-sync', 'appid': app, 'idtyp': 'app',
            'roles': ['User.Read.All', 'Reports.Read.All'], 'tid': ten, 'ver': '1.0'},
           {'typ': 'JWT', 'nonce': rr(43, U), 'alg': 'RS256', 'x5t': rr(27, U), 'kid': rr(27, U)}, 256)
e1 = har_entry('POST', 'https://login.microsoftonline.com/%s/oauth2/v2.0/token' % ten,
               [('Host', 'login.microsoftonline.com'), ('Content-Type', 'application/x-www-form-urlencoded'),
                ('User-Agent', 'python-requests/2.31.0'), ('Accept', '*/*'), ('Content-Length', str(len(body)))],
               200, [('Content-Type', 'application/json; charset=utf-8'), ('x-ms-request-id', uid()),
                     ('Cache-Control', 'no-store, no-cache')],
               cj({'token_type': 'Bearer', 'expires_in': 3599, 'ext_expires_in': 3599, 'access_token': atok}),
               post={'mimeType': 'application/x-www-form-urlencoded', 'text': body,
                     'params': [{'name': kv.split('=')[0], 'value': kv.split('=', 1)[1]} for kv in body.split('&')]})
e2 = har_entry('GET', 'https://graph.microsoft.com/v1.0/reports/getEmailActivityUserDetail(period=%27D7%27)',
               [('Authorization', 'Bearer ' + atok), ('Accept', 'application/json')], 200,
               [('Content-Type', 'text/plain'), ('request-id', uid())],
               'Report Refresh Date,User Principal Name,Send Count\n2024-06-01,%s@%s.com,%d\n'
               % (random.choice(USERS), random.choice(ORGS), random.randint(1, 90)), 'text/plain')
add('c15/tests/recordings/graph-reporting-token.har', har([e1, e2], ('Charles Proxy', '4.6.6')))

# ---- c16: HAR from a Jenkins API session, Basic auth with a user API token
ju = random.choice(USERS).replace('.', '')
jt = '11' + hx(32)
basic = 'Basic ' + b64('%s:%s' % (ju, jt))
jh = 'ci.%s.internal' % random.choice(ORGS)
crumb = hx(64)
e1 = har_entry('GET', 'https://%s/crumbIssuer/api/json' % jh,
               [('Host', jh), ('Authorization', basic), ('Accept', 'application/json'), ('User-Agent', 'curl/8.4.0')],
               200, [('Content-Type', 'application/json;charset=utf-8'), ('X-Jenkins', '2.440.3'),
                     ('Set-Cookie', 'JSESSIONID.%s=node0%s.node0; Path=/; Secure; HttpOnly' % (hx(8), rr(26, LD)))],
               cj({'_class': 'hudson.security.csrf.DefaultCrumbIssuer', 'crumb': crumb, 'crumbRequestField': 'Jenkins-Crumb'}))
e2 = har_entry('POST', 'https://%s/job/release/job/billing-api/buildWithParameters?ENV=production&VERSION=2.14.0' % jh,
               [('Host', jh), ('Authorization', basic), ('Jenkins-Crumb', crumb)], 201,
               [('Location', 'https://%s/queue/item/%d/' % (jh, random.randint(10000, 99999))), ('X-Jenkins', '2.440.3')], '')
add('c16/docs/debug/jenkins-trigger-session.har', har([e1, e2], ('Firefox', '126.0')))

# ---- c17: VS Code REST Client .http file with file-level token variable (DigitalOcean)
dop = 'dop_v1_' + hx(64)
add('c17/ops/requests/droplets.http', T('''# DigitalOcean API scratchpad (REST Client extension)
@baseUrl = https://api.digitalocean.com/v2
@doToken = @@dop@@
@tag = k8s-worker

### List droplets by tag
GET {{baseUrl}}/droplets?tag_name={{tag}}&per_page=200
Authorization: Bearer {{doToken}}
Accept: application/json

### Snapshot a droplet before the kernel upgrade
# @name snapshot
POST {{baseUrl}}/droplets/@@drop@@/actions
Authorization: Bearer {{doToken}}
Content-Type: application/json

{
  "type": "snapshot",
  "name": "pre-kernel-upgrade-@@date@@"
}

### Poll action
GET {{baseUrl}}/actions/{{snapshot.response.body.action.id}}
Authorization: Bearer {{doToken}}
''', dop=dop, drop=random.randint(300000000, 420000000), date='2024%02d%02d' % (random.randint(1, 12), random.randint(1, 28))))

# ---- c18: .vscode/settings.json REST Client environments, Mailgun key in "production"
mg = 'key-' + hx(32)
dom = random.choice(ORGS)
add('c18/.vscode/settings.json', T('''{
  "editor.formatOnSave": true,
  "python.defaultInterpreterPath": ".venv/bin/python",
  "files.exclude": { "**/__pycache__": true },
  // REST Client environments (Ctrl+Alt+E to switch)
  "rest-client.environmentVariables": {
    "$shared": {
      "mailgunApi": "https://api.eu.mailgun.net/v3"
    },
    "local": {
      "mailgunDomain": "sandbox@@sb@@.mailgun.org",
      "mailgunKey": ""
    },
    "production": {
      "mailgunDomain": "mg.@@dom@@.com",
      "mailgunKey": "@@mg@@"
    }
  },
  "rest-client.previewOption": "exchange"
}
''', sb=hx(32), dom=dom, mg=mg))
add('c18/http/mailgun.http', '''### Send a one-off message
POST {{mailgunApi}}/{{mailgunDomain}}/messages
Authorization: Basic api:{{mailgunKey}}
Content-Type: application/x-www-form-urlencoded

from=Support <support@{{mailgunDomain}}>
&to=ops@%s.com
&subject=Delivery check
&text=If you read this, routing works.

### Events for the last hour
GET {{mailgunApi}}/{{mailgunDomain}}/events?event=failed&limit=100
Authorization: Basic api:{{mailgunKey}}
''' % dom)

# ---- c19: IntelliJ http-client.private.env.json committed, Datadog API + application keys
add('c19/monitoring/http/http-client.private.env.json', J({
    'prod-eu': {'dd_api_key': hx(32), 'dd_app_key': hx(40)},
    'staging': {'dd_api_key': hx(32), 'dd_app_key': hx(40)}}))
add('c19/monitoring/http/http-client.env.json', J({
    'prod-eu': {'dd_site': 'https://api.datadoghq.eu', 'service': 'checkout'},
    'staging': {'dd_site': 'https://api.datadoghq.com', 'service': 'checkout'}}))
add('c19/monitoring/http/monitors.http', '''### Muted monitors for the service
GET {{dd_site}}/api/v1/monitor?tags=service:{{service}}&monitor_tags=team:payments
DD-API-KEY: {{dd_api_key}}
DD-APPLICATION-KEY: {{dd_app_key}}
Accept: application/json

### Mute during the maintenance window
POST {{dd_site}}/api/v1/downtime
DD-API-KEY: {{dd_api_key}}
DD-APPLICATION-KEY: {{dd_app_key}}
Content-Type: application/json

{
  "scope": ["service:{{service}}"],
  "message": "planned DB failover",
  "end": {{$timestamp}}
}
''')

# ---- c20: IntelliJ http-client.env.json (shared file) with a Keycloak confidential client secret
kc = rr(32)
kh = 'sso.%s.com' % random.choice(ORGS)
add('c20/backend/http/http-client.env.json', J({
    'dev': {'keycloak': 'http://localhost:8081', 'realm': 'internal', 'client_id': 'orders-service', 'client_secret': 'dev'},
    'staging': {'keycloak': 'https://' + kh.replace('sso.', 'sso-staging.'), 'realm': 'internal',
                'client_id': 'orders-service', 'client_secret': kc},
    'prod': {'keycloak': 'https://' + kh, 'realm': 'internal', 'client_id': 'orders-service', 'client_secret': kc}}))
add('c20/backend/http/auth.http', '''### Service token (client credentials)
POST {{keycloak}}/realms/{{realm}}/protocol/openid-connect/token
Content-Type: application/x-www-form-urlencoded

grant_type=client_credentials&client_id={{client_id}}&client_secret={{client_secret}}

> {% client.global.set("svc_token", response.body.access_token); %}

### Orders of a customer
GET https://orders.internal/api/v2/customers/42/orders
Authorization: Bearer {{svc_token}}
''')

# ---- c21: pytest conftest, real AWS keys set through monkeypatch for integration tests
kid, sec = aws_id(), aws_secret()
bk = '%s-qa-uploads' % random.choice(ORGS)
add('c21/tests/integration/conftest.py', T('''"""Fixtures for the upload-service integration tests.

These run against the real QA bucket (moto does not support the multipart
checksum flow we rely on).  Mark with @pytest.mark.integration.
"""
import os
import uuid

import boto3
import pytest

QA_BUCKET = "@@bk@@"


@pytest.fixture(scope="session", autouse=True)
def aws_credentials():
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-central-1")
    os.environ["AWS_ACCESS_KEY_ID"] = "@@kid@@"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "@@sec@@"
    yield


@pytest.fixture
def s3(aws_credentials):
    return boto3.client("s3")


@pytest.fixture
def upload_prefix(s3):
    prefix = f"it/{uuid.uuid4()}/"
    yield prefix
    resp = s3.list_objects_v2(Bucket=QA_BUCKET, Prefix=prefix)
    for obj in resp.get("Contents", []):
        s3.delete_object(Bucket=QA_BUCKET, Key=obj["Key"])
''', bk=bk, kid=kid, sec=sec))
add('c21/tests/integration/test_multipart.py', '''import pytest

from upload_service.multipart import upload_file

from .conftest import QA_BUCKET


@pytest.mark.integration
def test_multipart_roundtrip(s3, upload_prefix, tmp_path):
    f = tmp_path / "blob.bin"
    f.write_bytes(b"\\0" * (12 * 1024 * 1024))
    key = upload_file(s3, QA_BUCKET, upload_prefix + "blob.bin", f, part_size=5 * 1024 * 1024)
    head = s3.head_object(Bucket=QA_BUCKET, Key=key, ChecksumMode="ENABLED")
    assert head["ContentLength"] == 12 * 1024 * 1024
''')

# ---- c22: pytest conftest, Redis Cloud URL with password for the celery broker
rp = rr(32)
rport = random.randint(10000, 19999)
add('c22/tests/conftest.py', T('''import pytest
from django.conf import settings

# Celery integration tests need a real broker; the shared staging Redis is fine
# as long as each run uses its own key prefix.
STAGING_REDIS = "rediss://default:@@rp@@@redis-@@port@@.c@@c@@.eu-west-1-2.ec2.redns.redis-cloud.com:@@port@@/0"


@pytest.fixture(scope="session")
def celery_config():
    return {
        "broker_url": STAGING_REDIS,
        "result_backend": STAGING_REDIS,
        "broker_transport_options": {"global_keyprefix": "pytest:"},
        "task_always_eager": False,
    }


@pytest.fixture(autouse=True)
def _celery_settings(settings):
    settings.CELERY_BROKER_URL = STAGING_REDIS
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": STAGING_REDIS}
    }


@pytest.fixture
def api_client(db):
    from rest_framework.test import APIClient
    return APIClient()
''', rp=rp, port=rport, c=random.randint(1, 300)))
add('c22/pytest.ini', '[pytest]\nDJANGO_SETTINGS_MODULE = shop.settings.test\naddopts = -p no:cacheprovider --reuse-db\n'
    'markers =\n    celery: needs a real broker\n')

# ---- c23: GCP service-account key committed as a test fixture
gproj = '%s-analytics-%d' % (random.choice(ORGS), random.randint(100000, 999999))
sa = {'type': 'service_account', 'project_id': gproj, 'private_key_id': hx(40),
      'private_key': '-----BEGIN PRIVATE KEY-----\n' + pem_body() + '\n-----END PRIVATE KEY-----\n',
      'client_email': 'bq-loader@%s.iam.gserviceaccount.com' % gproj, 'client_id': digits(21),
      'auth_uri': 'https://accounts.google.com/o/oauth2/auth', 'token_uri': 'https://oauth2.googleapis.com/token',
      'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
      'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/bq-loader%%40%s.iam.gserviceaccount.com' % gproj,
      'universe_domain': 'googleapis.com'}
add('c23/tests/fixtures/bq-loader-sa.json', J(sa))
add('c23/tests/conftest.py', '''import json
import pathlib

import pytest
from google.cloud import bigquery
from google.oauth2 import service_account

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def bq_client():
    info = json.loads((FIXTURES / "bq-loader-sa.json").read_text())
    creds = service_account.Credentials.from_service_account_info(info)
    return bigquery.Client(credentials=creds, project=info["project_id"])


@pytest.fixture
def scratch_dataset(bq_client):
    ds = bq_client.create_dataset("it_scratch", exists_ok=True)
    yield ds
    bq_client.delete_dataset(ds, delete_contents=True, not_found_ok=True)
''')

# ---- c24: Jest snapshot capturing a Stripe restricted key in a rendered client config
rk = stripe('rk')
add('c24/src/billing/__tests__/__snapshots__/stripeClient.test.ts.snap', T('''// Jest Snapshot v1, https://goo.gl/fbAQLP

exports[`createStripeClient builds the client from env 1`] = `
{
  "apiKey": "@@rk@@",
  "apiVersion": "2024-06-20",
  "appInfo": {
    "name": "billing-service",
    "version": "3.8.1",
  },
  "maxNetworkRetries": 2,
  "telemetry": false,
  "timeout": 20000,
}
`;

exports[`createStripeClient falls back to default retries 1`] = `
{
  "maxNetworkRetries": 0,
  "timeout": 80000,
}
`;
''', rk=rk))
add('c24/src/billing/__tests__/stripeClient.test.ts', '''import { createStripeClient } from '../stripeClient';

describe('createStripeClient', () => {
  it('builds the client from env', () => {
    const cfg = createStripeClient(process.env).config;
    expect(cfg).toMatchSnapshot();
  });

  it('falls back to default retries', () => {
    expect(createStripeClient({}).config).toMatchSnapshot();
  });
});
''')

# ---- c25: Jest snapshot of recorded axios calls with a Linear API key in the headers
lin = 'lin_api_' + rr(40)
add('c25/packages/triage-bot/src/__snapshots__/linear.spec.ts.snap', T('''// Jest Snapshot v1, https://goo.gl/fbAQLP

exports[`createIssue posts the mutation 1`] = `
[
  [
    "https://api.linear.app/graphql",
    {
      "query": "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier } } }",
      "variables": {
        "input": {
          "description": "Reported via #support by @oncall",
          "teamId": "@@team@@",
          "title": "Checkout button disabled on Safari 17",
        },
      },
    },
    {
      "headers": {
        "Authorization": "@@lin@@",
        "Content-Type": "application/json",
      },
      "timeout": 10000,
    },
  ],
]
`;
''', lin=lin, team=uid()))

# ---- c26: Ruby VCR cassette that recorded a classic GitHub PAT (no filter_sensitive_data)
ghp = cc('ghp_')
org = random.choice(ORGS)
add('c26/spec/cassettes/GithubReleaser/creates_a_draft_release.yml', T('''---
http_interactions:
- request:
    method: post
    uri: https://api.github.com/repos/@@org@@/billing-api/releases
    body:
      encoding: UTF-8
      string: '{"tag_name":"v2.14.0","name":"v2.14.0","draft":true,"generate_release_notes":true}'
    headers:
      Accept:
      - application/vnd.github+json
      User-Agent:
      - Octokit Ruby Gem 8.1.0
      Content-Type:
      - application/json
      Authorization:
      - token @@ghp@@
      Accept-Encoding:
      - gzip;q=1.0,deflate;q=0.6,identity;q=0.3
  response:
    status:
      code: 201
      message: Created
    headers:
      Content-Type:
      - application/json; charset=utf-8
      X-Ratelimit-Remaining:
      - '4987'
      X-Github-Request-Id:
      - @@rid@@
    body:
      encoding: ASCII-8BIT
      string: '{"url":"https://api.github.com/repos/@@org@@/billing-api/releases/@@rel@@","id":@@rel@@,"tag_name":"v2.14.0","draft":true,"target_commitish":"@@sha@@"}'
  recorded_at: Tue, 14 May 2024 09:@@mm@@:11 GMT
recorded_with: VCR 6.2.0
''', org=org, ghp=ghp, rid='%s:%s:%s:%s:%s' % (hx(4).upper(), hx(5).upper(), hx(7).upper(), hx(7).upper(), hx(8).upper()),
    rel=random.randint(150000000, 160000000), sha=hx(40), mm='%02d' % random.randint(0, 59)))
add('c26/spec/support/vcr.rb', '''VCR.configure do |c|
  c.cassette_library_dir = "spec/cassettes"
  c.hook_into :webmock
  c.configure_rspec_metadata!
  c.default_cassette_options = { record: :once }
end
''')

# ---- c27: vcrpy cassette with a Google Maps key in the recorded query string
gk = google_key()
add('c27/tests/cassettes/test_geocode_store_address.yaml', T('''interactions:
- request:
    body: null
    headers:
      Accept:
      - '*/*'
      Accept-Encoding:
      - gzip, deflate
      Connection:
      - keep-alive
      User-Agent:
      - python-requests/2.32.3
    method: GET
    uri: https://maps.googleapis.com/maps/api/geocode/json?address=Friedrichstra%C3%9Fe+68%2C+Berlin&language=de&key=@@gk@@
  response:
    body:
      string: "{\\n   \\"results\\" : [ {\\n \\"formatted_address\\" : \\"Friedrichstra\\u00dfe 68, 10117 Berlin, Germany\\",\\n
        \\"geometry\\" : { \\"location\\" : { \\"lat\\" : 52.5106, \\"lng\\" : 13.3890 } },\\n \\"place_id\\" : \\"ChIJ@@pid@@\\"\\n } ],\\n \\"status\\" : \\"OK\\"\\n}"
    headers:
      Content-Type:
      - application/json; charset=UTF-8
      Server:
      - mafe
      Vary:
      - Accept-Language
    status:
      code: 200
      message: OK
version: 1
''', gk=gk, pid=rr(23, U)))
add('c27/tests/test_geocode.py', '''import pytest

from stores.geo import geocode


@pytest.mark.vcr
def test_geocode_store_address():
    lat, lng = geocode("Friedrichstraße 68, Berlin")
    assert round(lat, 2) == 52.51
    assert round(lng, 2) == 13.39
''')

# ---- c28: Betamax cassette, Basic auth (email + Atlassian API token) base64 in a header
email = '%s@%s.com' % (random.choice(USERS), random.choice(ORGS))
att = 'ATATT3xFfGF0' + rr(171, U) + '=' + hx(8).upper()
site = random.choice(ORGS)
bm = {'http_interactions': [{
    'request': {'body': {'encoding': 'utf-8', 'string': ''},
                'headers': {'Accept': ['application/json'], 'Accept-Encoding': ['gzip, deflate'],
                            'Authorization': ['Basic ' + b64(email + ':' + att)], 'Connection': ['keep-alive'],
                            'User-Agent': ['python-requests/2.31.0']},
                'method': 'GET',
                'uri': 'https://%s.atlassian.net/rest/api/3/search?jql=project%%3DOPS+AND+status%%3D%%22In+Progress%%22&maxResults=50' % site},
    'response': {'body': {'encoding': 'utf-8',
                          'string': cj({'startAt': 0, 'maxResults': 50, 'total': 2, 'issues': [
                              {'id': str(random.randint(10000, 99999)), 'key': 'OPS-%d' % random.randint(100, 999)},
                              {'id': str(random.randint(10000, 99999)), 'key': 'OPS-%d' % random.randint(100, 999)}]})},
                 'headers': {'Content-Type': ['application/json;charset=UTF-8'], 'atl-traceid': [hx(32)]},
                 'status': {'code': 200, 'message': 'OK'}, 'url': 'https://%s.atlassian.net/rest/api/3/search' % site},
    'recorded_at': '2024-04-%02dT10:%02d:33' % (random.randint(1, 28), random.randint(0, 59))}],
    'recorded_with': 'betamax/0.9.0'}
add('c28/tests/cassettes/JiraSync.test_in_progress_issues.json', json.dumps(bm))

# ---- c29: Polly.js HAR recording with a Mailchimp API key in Basic auth
mc = hx(32) + '-us' + str(random.randint(2, 21))
dc = mc.split('-')[1]
lid = hx(10)
e1 = har_entry('POST', 'https://%s.api.mailchimp.com/3.0/lists/%s/members' % (dc, lid),
               [('authorization', 'Basic ' + b64('anystring:' + mc)), ('content-type', 'application/json'),
                ('user-agent', 'node-fetch')], 200,
               [('content-type', 'application/json; charset=utf-8'), ('x-request-id', uid())],
               cj({'id': hx(32), 'email_address': 'qa+polly@%s.io' % random.choice(ORGS), 'status': 'subscribed', 'list_id': lid}),
               post={'mimeType': 'application/json', 'text': cj({'email_address': 'qa+polly@%s.io' % random.choice(ORGS),
                                                                 'status': 'subscribed', 'tags': ['signup-e2e']})})
e1['_id'] = hx(32)
e1['_order'] = 0
add('c29/__recordings__/newsletter-signup_%s/adds-a-member_%s/recording.har' % (hx(8), hx(8)),
    har([e1], ('Polly.JS', '6.0.6')))

# ---- c30: WireMock proxy mapping that injects a HubSpot private-app token upstream
hs = 'pat-na1-' + uid()
add('c30/wiremock/mappings/hubspot-proxy.json', J({
    'id': uid(), 'name': 'hubspot passthrough', 'priority': 10,
    'request': {'method': 'ANY', 'urlPattern': '/crm/v3/.*'},
    'response': {'proxyBaseUrl': 'https://api.hubapi.com',
                 'additionalProxyRequestHeaders': {'Authorization': 'Bearer ' + hs},
                 'removeProxyRequestHeaders': ['X-Forwarded-For']}}))
add('c30/wiremock/mappings/hubspot-contact-404.json', J({
    'id': uid(), 'priority': 1,
    'request': {'method': 'GET', 'urlPath': '/crm/v3/objects/contacts/0'},
    'response': {'status': 404, 'jsonBody': {'status': 'error', 'message': 'resource not found', 'category': 'OBJECT_NOT_FOUND'},
                 'headers': {'Content-Type': 'application/json'}}}))
add('c30/wiremock/README.md', 'Run `docker compose up wiremock`. Anything not stubbed under `/crm/v3` is proxied to the real portal.\n')

# ---- c31: WireMock recorded stub with the New Relic user key as a header matcher
nr = 'NRAK-' + rr(27, UD)
muuid = uid()
add('c31/test/wiremock/mappings/graphql-%s.json' % muuid[:8], J({
    'id': muuid, 'name': 'graphql',
    'request': {'url': '/graphql', 'method': 'POST',
                'headers': {'API-Key': {'equalTo': nr}, 'Content-Type': {'equalTo': 'application/json'}},
                'bodyPatterns': [{'equalToJson': '{"query":"{ actor { account(id: %d) { nrql(query: \\"SELECT count(*) FROM Transaction SINCE 1 hour ago\\") { results } } } }"}' % random.randint(1000000, 4999999),
                                  'ignoreArrayOrder': True, 'ignoreExtraElements': True}]},
    'response': {'status': 200, 'bodyFileName': 'graphql-%s.json' % muuid[:8],
                 'headers': {'Content-Type': 'application/json', 'Date': 'Wed, 05 Jun 2024 08:14:02 GMT'}},
    'uuid': muuid, 'persistent': True, 'insertionIndex': random.randint(1, 40)}))
add('c31/test/wiremock/__files/graphql-%s.json' % muuid[:8],
    cj({'data': {'actor': {'account': {'nrql': {'results': [{'count': random.randint(1000, 90000)}]}}}}}) + '\n')

# ---- c32: cypress.env.json with an Auth0 confidential client secret and e2e user password
tenant = random.choice(ORGS)
add('c32/frontend/cypress.env.json', J({
    'apiUrl': 'https://api.staging.%s.com' % tenant,
    'auth0_domain': '%s-staging.eu.auth0.com' % tenant,
    'auth0_audience': 'https://api.%s.com' % tenant,
    'auth0_client_id': rr(32),
    'auth0_client_secret': rr(64, U),
    'auth0_scope': 'openid profile email offline_access',
    'auth0_username': 'e2e-admin@%s.com' % tenant,
    'auth0_password': rr(18, A + '!#$%&*')}))
add('c32/frontend/cypress/support/commands.ts', '''Cypress.Commands.add('loginByAuth0Api', () => {
  cy.request({
    method: 'POST',
    url: `https://${Cypress.env('auth0_domain')}/oauth/token`,
    body: {
      grant_type: 'password',
      username: Cypress.env('auth0_username'),
      password: Cypress.env('auth0_password'),
      audience: Cypress.env('auth0_audience'),
      scope: Cypress.env('auth0_scope'),
      client_id: Cypress.env('auth0_client_id'),
      client_secret: Cypress.env('auth0_client_secret'),
    },
  }).then(({ body }) => {
    window.localStorage.setItem('auth', JSON.stringify(body));
  });
});
''')

# ---- c33: cypress.config.ts with a Mapbox secret (sk.) token used by a node task
mu = random.choice(ORGS).replace('-', '')
msk = mapbox('sk', mu)
add('c33/web/cypress.config.ts', T('''import { defineConfig } from 'cypress';
import { uploadFixtureTileset } from './cypress/tasks/tilesets';

export default defineConfig({
  projectId: '@@pid@@',
  viewportWidth: 1440,
  viewportHeight: 900,
  video: false,
  retries: { runMode: 2, openMode: 0 },
  env: {
    mapboxUser: '@@mu@@',
    // needs tilesets:write, the public pk token can't upload
    mapboxUploadToken: '@@msk@@',
  },
  e2e: {
    baseUrl: 'http://localhost:5173',
    specPattern: 'cypress/e2e/**/*.cy.{ts,tsx}',
    setupNodeEvents(on, config) {
      on('task', {
        uploadFixtureTileset: (name: string) =>
          uploadFixtureTileset(name, config.env.mapboxUser, config.env.mapboxUploadToken),
      });
      return config;
    },
  },
});
''', pid=rr(6, LD), mu=mu, msk=msk))

# ---- c34: playwright.config.ts, Contentful management token in extraHTTPHeaders
cf = 'CFPAT-' + rr(43, U)
space = rr(12, LD)
add('c34/e2e/playwright.config.ts', T('''import { defineConfig, devices } from '@playwright/test';

const SPACE = '@@space@@';

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  reporter: [['html', { open: 'never' }], ['list']],
  globalSetup: require.resolve('./global-setup'),
  use: {
    baseURL: process.env.BASE_URL ?? 'https://preview.@@org@@.com',
    trace: 'on-first-retry',
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] } },
    {
      // seeds entries through the Content Management API before the UI specs run
      name: 'cma',
      testMatch: /.*\\.cma\\.ts/,
      use: {
        baseURL: `https://api.contentful.com/spaces/${SPACE}/environments/master/`,
        extraHTTPHeaders: {
          Authorization: 'Bearer @@cf@@',
          'Content-Type': 'application/vnd.contentful.management.v1+json',
        },
      },
    },
  ],
});
''', space=space, org=random.choice(ORGS), cf=cf))

# ---- c35: Playwright global setup creating users with the Supabase service_role key
ref = rr(20, string.ascii_lowercase)
iat = epoch()
srk = jwt({'iss': 'supabase', 'ref': ref, 'role': 'service_role', 'iat': iat, 'exp': iat + 315360000})
add('c35/apps/web/e2e/global-setup.ts', T('''import { createClient } from '@supabase/supabase-js';
import type { FullConfig } from '@playwright/test';

const SUPABASE_URL = 'https://@@ref@@.supabase.co';
// service role so we can create confirmed users without the email step
const SUPABASE_SERVICE_ROLE_KEY =
  '@@srk@@';

export default async function globalSetup(_config: FullConfig) {
  const admin = createClient(SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, {
    auth: { autoRefreshToken: false, persistSession: false },
  });
  for (const email of ['pw-owner@@@org@@.dev', 'pw-member@@@org@@.dev']) {
    const { error } = await admin.auth.admin.createUser({
      email,
      password: process.env.E2E_USER_PASSWORD!,
      email_confirm: true,
    });
    if (error && !error.message.includes('already been registered')) throw error;
  }
}
''', ref=ref, srk=srk, org=random.choice(ORGS)))

# ---- c36: k6 load-test script with a Cloudflare API token constant
cft = rr(40, U)
zone = hx(32)
add('c36/load/k6/purge-and-fetch.js', T('''import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  scenarios: {
    browse: { executor: 'ramping-vus', startVUs: 0, stages: [
      { duration: '2m', target: 50 },
      { duration: '5m', target: 200 },
      { duration: '1m', target: 0 },
    ] },
  },
  thresholds: { http_req_duration: ['p(95)<800'], http_req_failed: ['rate<0.01'] },
};

const CF_ZONE = '@@zone@@';
const CF_API_TOKEN = '@@cft@@';
const BASE = __ENV.BASE_URL || 'https://www.@@org@@.com';

export function setup() {
  // cold-cache run: purge everything first
  const res = http.post(`https://api.cloudflare.com/client/v4/zones/${CF_ZONE}/purge_cache`,
    JSON.stringify({ purge_everything: true }),
    { headers: { Authorization: `Bearer ${CF_API_TOKEN}`, 'Content-Type': 'application/json' } });
  check(res, { 'purged': (r) => r.status === 200 });
}

export default function () {
  const res = http.get(`${BASE}/catalog?page=${Math.ceil(Math.random() * 20)}`);
  check(res, { '200': (r) => r.status === 200 });
  sleep(1);
}
''', zone=zone, cft=cft, org=random.choice(ORGS)))

# ---- c37: Locust file with a Databricks personal access token
dap = 'dapi' + hx(32)
ws = 'adb-%s.%d.azuredatabricks.net' % (digits(16), random.randint(1, 19))
add('c37/perf/locustfile.py', T('''"""Load test for the SQL warehouse behind the reporting API.

    locust -f perf/locustfile.py --host https://@@ws@@ -u 40 -r 4
"""
import random

from locust import HttpUser, between, task

WAREHOUSE_ID = "@@wh@@"
TOKEN = "@@dap@@"

QUERIES = [
    "SELECT count(*) FROM gold.orders WHERE order_date >= current_date() - 7",
    "SELECT region, sum(amount) FROM gold.orders GROUP BY region",
    "SELECT * FROM gold.customers ORDER BY lifetime_value DESC LIMIT 100",
]


class WarehouseUser(HttpUser):
    wait_time = between(1, 4)

    def on_start(self):
        self.client.headers.update({"Authorization": f"Bearer {TOKEN}"})

    @task
    def run_statement(self):
        self.client.post(
            "/api/2.0/sql/statements",
            json={"warehouse_id": WAREHOUSE_ID, "statement": random.choice(QUERIES), "wait_timeout": "30s"},
            name="statements",
        )
''', ws=ws, wh=hx(16), dap=dap))

# ---- c38: JMeter test plan with an Algolia admin API key in the header manager
appid = rr(10, UD)
adm = hx(32)
add('c38/perf/jmeter/search-load.jmx', T('''<?xml version="1.0" encoding="UTF-8"?>
<jmeterTestPlan version="1.2" properties="5.0" jmeter="5.6.3">
  <hashTree>
    <TestPlan guiclass="TestPlanGui" testclass="TestPlan" testname="Search load">
      <elementProp name="TestPlan.user_defined_variables" elementType="Arguments" guiclass="ArgumentsPanel" testclass="Arguments">
        <collectionProp name="Arguments.arguments">
          <elementProp name="APP_ID" elementType="Argument">
            <stringProp name="Argument.name">APP_ID</stringProp>
            <stringProp name="Argument.value">@@appid@@</stringProp>
            <stringProp name="Argument.metadata">=</stringProp>
          </elementProp>
          <elementProp name="INDEX" elementType="Argument">
            <stringProp name="Argument.name">INDEX</stringProp>
            <stringProp name="Argument.value">prod_products</stringProp>
            <stringProp name="Argument.metadata">=</stringProp>
          </elementProp>
        </collectionProp>
      </elementProp>
      <boolProp name="TestPlan.functional_mode">false</boolProp>
      <boolProp name="TestPlan.serialize_threadgroups">false</boolProp>
    </TestPlan>
    <hashTree>
      <HeaderManager guiclass="HeaderPanel" testclass="HeaderManager" testname="Algolia headers">
        <collectionProp name="HeaderManager.headers">
          <elementProp name="" elementType="Header">
            <stringProp name="Header.name">X-Algolia-Application-Id</stringProp>
            <stringProp name="Header.value">${APP_ID}</stringProp>
          </elementProp>
          <elementProp name="" elementType="Header">
            <stringProp name="Header.name">X-Algolia-API-Key</stringProp>
            <stringProp name="Header.value">@@adm@@</stringProp>
          </elementProp>
          <elementProp name="" elementType="Header">
            <stringProp name="Header.name">Content-Type</stringProp>
            <stringProp name="Header.value">application/json</stringProp>
          </elementProp>
        </collectionProp>
      </HeaderManager>
      <hashTree/>
      <ThreadGroup guiclass="ThreadGroupGui" testclass="ThreadGroup" testname="Shoppers">
        <intProp name="ThreadGroup.num_threads">150</intProp>
        <intProp name="ThreadGroup.ramp_time">60</intProp>
        <boolProp name="ThreadGroup.same_user_on_next_iteration">true</boolProp>
        <stringProp name="ThreadGroup.on_sample_error">continue</stringProp>
        <elementProp name="ThreadGroup.main_controller" elementType="LoopController" guiclass="LoopControlPanel" testclass="LoopController">
          <stringProp name="LoopController.loops">200</stringProp>
          <boolProp name="LoopController.continue_forever">false</boolProp>
        </elementProp>
      </ThreadGroup>
      <hashTree>
        <HTTPSamplerProxy guiclass="HttpTestSampleGui" testclass="HTTPSamplerProxy" testname="query">
          <stringProp name="HTTPSampler.domain">${APP_ID}-dsn.algolia.net</stringProp>
          <stringProp name="HTTPSampler.protocol">https</stringProp>
          <stringProp name="HTTPSampler.path">/1/indexes/${INDEX}/query</stringProp>
          <stringProp name="HTTPSampler.method">POST</stringProp>
          <boolProp name="HTTPSampler.postBodyRaw">true</boolProp>
          <elementProp name="HTTPsampler.Arguments" elementType="Arguments">
            <collectionProp name="Arguments.arguments">
              <elementProp name="" elementType="HTTPArgument">
                <boolProp name="HTTPArgument.always_encode">false</boolProp>
                <stringProp name="Argument.value">{"params":"query=${__RandomString(3,abcdefghijklmnop,)}&amp;hitsPerPage=24"}</stringProp>
                <stringProp name="Argument.metadata">=</stringProp>
              </elementProp>
            </collectionProp>
          </elementProp>
        </HTTPSamplerProxy>
        <hashTree/>
      </hashTree>
    </hashTree>
  </hashTree>
</jmeterTestPlan>
''', appid=appid, adm=adm))

# ---- c39: Gatling simulation (Scala) with an Okta SSWS API token
okt = '00' + rr(40, U)
add('c39/perf/src/test/scala/simulations/UserDirectorySimulation.scala', T('''package simulations

import io.gatling.core.Predef._
import io.gatling.http.Predef._
import scala.concurrent.duration._

class UserDirectorySimulation extends Simulation {

  private val oktaOrg = "https://@@org@@.okta.com"
  private val apiToken = "@@okt@@"

  val httpProtocol = http
    .baseUrl(oktaOrg)
    .acceptHeader("application/json")
    .header("Authorization", s"SSWS $apiToken")
    .userAgentHeader("gatling-directory-perf")

  val feeder = csv("data/user_ids.csv").random

  val lookup = scenario("User lookup")
    .feed(feeder)
    .exec(http("get user").get("/api/v1/users/#{userId}").check(status.is(200)))
    .pause(500.milliseconds, 2.seconds)
    .exec(http("user groups").get("/api/v1/users/#{userId}/groups").check(status.is(200)))

  setUp(
    lookup.inject(rampUsersPerSec(1).to(15).during(3.minutes))
  ).protocols(httpProtocol)
   .assertions(global.responseTime.percentile3.lt(1200))
}
''', org=random.choice(ORGS), okt=okt))

# ---- c40: Mockoon environment, proxy mode with a Notion integration secret injected
ntn = 'secret_' + rr(43)
mk = {'uuid': uid(), 'lastMigration': 32, 'name': 'Notion (proxy)', 'endpointPrefix': '', 'latency': 0, 'port': 3005,
      'hostname': '', 'folders': [], 'rootChildren': [], 'routes': [
          {'uuid': uid(), 'type': 'http', 'documentation': 'Frozen page for the wiki importer tests', 'method': 'get',
           'endpoint': 'v1/pages/:id', 'responses': [
               {'uuid': uid(), 'body': cj({'object': 'page', 'id': uid(), 'archived': False}), 'latency': 0, 'statusCode': 200,
                'label': '', 'headers': [{'key': 'Content-Type', 'value': 'application/json'}], 'bodyType': 'INLINE',
                'filePath': '', 'databucketID': '', 'sendFileAsBody': False, 'rules': [], 'rulesOperator': 'OR',
                'disableTemplating': False, 'fallbackTo404': False, 'default': True}],
           'responseMode': None}],
      'proxyMode': True, 'proxyHost': 'https://api.notion.com', 'proxyRemovePrefix': False, 'tlsOptions': {'enabled': False},
      'cors': True, 'headers': [{'key': 'Content-Type', 'value': 'application/json'}],
      'proxyReqHeaders': [{'key': 'Authorization', 'value': 'Bearer ' + ntn}, {'key': 'Notion-Version', 'value': '2022-06-28'}],
      'proxyResHeaders': [], 'data': [], 'callbacks': []}
add('c40/mocks/mockoon/notion-proxy.json', J(mk))

# ---- c41: mountebank imposter proxying to Postmark with the server token injected
pmk = uid()
add('c41/test/mocks/imposters.json', J({'imposters': [{
    'port': 4545, 'protocol': 'http', 'name': 'postmark',
    'stubs': [
        {'predicates': [{'equals': {'method': 'POST', 'path': '/email', 'body': {'To': 'bounce@blackhole.postmarkapp.com'}}}],
         'responses': [{'is': {'statusCode': 422, 'headers': {'Content-Type': 'application/json'},
                               'body': {'ErrorCode': 406, 'Message': 'You tried to send to a recipient that has been marked as inactive.'}}}]},
        {'responses': [{'proxy': {'to': 'https://api.postmarkapp.com', 'mode': 'proxyOnce',
                                  'injectHeaders': {'X-Postmark-Server-Token': pmk, 'Accept': 'application/json'},
                                  'predicateGenerators': [{'matches': {'method': True, 'path': True}}]}}]}]}]}))
add('c41/test/mocks/README.md', '`mb --configfile test/mocks/imposters.json`. The proxy stub records the first real response per path.\n')

# ---- c42: Node seed script with a MongoDB Atlas URI and an Airtable personal access token
mpw = rr(16)
atp = 'pat' + rr(14) + '.' + hx(64)
add('c42/scripts/seed-staging.js', T('''#!/usr/bin/env node
// Seeds the staging catalogue from the merch team's Airtable base.
// usage: node scripts/seed-staging.js [--drop]
const { MongoClient } = require('mongodb');

const MONGO_URI = 'mongodb+srv://catalog_seeder:@@mpw@@@cluster0.@@cl@@.mongodb.net/catalog?retryWrites=true&w=majority';
const AIRTABLE_TOKEN = '@@atp@@';
const BASE_ID = 'app@@base@@';

async function fetchProducts() {
  const out = [];
  let offset;
  do {
    const url = new URL(`https://api.airtable.com/v0/${BASE_ID}/Products`);
    if (offset) url.searchParams.set('offset', offset);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${AIRTABLE_TOKEN}` } });
    const page = await res.json();
    out.push(...page.records.map((r) => ({ sku: r.fields.SKU, name: r.fields.Name, price: r.fields.Price })));
    offset = page.offset;
  } while (offset);
  return out;
}

(async () => {
  const client = new MongoClient(MONGO_URI);
  await client.connect();
  const col = client.db('catalog').collection('products');
  if (process.argv.includes('--drop')) await col.deleteMany({});
  const products = await fetchProducts();
  await col.insertMany(products);
  console.log(`seeded ${products.length} products`);
  await client.close();
})();
''', mpw=mpw, cl=rr(5, LD), atp=atp, base=rr(14)))

# ---- c43: Rails db/seeds.rb configuring Braintree production credentials inline
add('c43/db/seeds.rb', T('''# frozen_string_literal: true
# Seeds plans and mirrors them into Braintree so the billing page has data.
# Run with: bin/rails db:seed

Braintree::Configuration.environment = :production
Braintree::Configuration.merchant_id = "@@mid@@"
Braintree::Configuration.public_key  = "@@pub@@"
Braintree::Configuration.private_key = "@@priv@@"

PLANS = [
  { code: "starter", name: "Starter", price: 9.0 },
  { code: "team",    name: "Team",    price: 29.0 },
  { code: "scale",   name: "Scale",   price: 99.0 },
].freeze

PLANS.each do |attrs|
  plan = Plan.find_or_create_by!(code: attrs[:code]) do |p|
    p.name = attrs[:name]
    p.monthly_price = attrs[:price]
  end

  gateway_plans = Braintree::Plan.all.map(&:id)
  next if gateway_plans.include?(plan.code)

  puts "creating #{plan.code} in Braintree"
  Braintree::Plan.create(id: plan.code, name: plan.name, price: plan.monthly_price.to_s,
                         billing_frequency: 1, currency_iso_code: "EUR")
end

User.find_or_create_by!(email: "ops@@@org@@.com") { |u| u.admin = true }
''', mid=rr(16, LD), pub=rr(16, LD), priv=hx(32), org=random.choice(ORGS)))

# ---- c44: test README with the exact newman command (Postman API key in the URL)
pmak = 'PMAK-' + hx(24) + '-' + hx(34)
add('c44/tests/api/README.md', T('''# API contract tests

The collection lives in our Postman workspace; CI pulls the latest version
through the Postman API, so nobody has to re-export JSON by hand.

## Running locally

```bash
npm i -g newman newman-reporter-htmlextra
newman run "https://api.getpostman.com/collections/@@coll@@?apikey=@@pmak@@" \\
  -e "https://api.getpostman.com/environments/@@env@@?apikey=@@pmak@@" \\
  --reporters cli,htmlextra --reporter-htmlextra-export out/report.html
```

Takes ~3 minutes. Failing tests usually mean the staging DB was reset; run
`make seed-staging` and retry.

## Adding tests

Edit the collection in Postman (folder *Contract*), then bump `CONTRACT_VERSION`
in `.github/workflows/contract.yml`.
''', coll='%s-%s' % (digits(8), uid()), env='%s-%s' % (digits(8), uid()), pmak=pmak))

# ---- c45: test README with a recorded curl to a Telegram bot
tgt = '%d:AA%s' % (random.randint(5000000000, 7999999999), rr(33, U))
chat = '-100' + digits(10)
add('c45/alerts/test/README.md', T('''# alert-relay integration test

`test_relay.py` sends a message through the real bot to the *#alerts-staging*
Telegram group. To check the bot by hand:

```
$ curl -s "https://api.telegram.org/bot@@tgt@@/sendMessage" \\
    -d chat_id=@@chat@@ \\
    -d parse_mode=MarkdownV2 \\
    -d text="relay smoke check"
{"ok":true,"result":{"message_id":@@mid@@,"from":{"id":@@bid@@,"is_bot":true,"first_name":"AlertRelay","username":"@@org@@_alert_relay_bot"},"chat":{"id":@@chat@@,"title":"alerts-staging","type":"supergroup"},"date":@@date@@,"text":"relay smoke check"}}
```

If `ok` is false with 403, someone removed the bot from the group.
''', tgt=tgt, chat=chat, mid=random.randint(100, 9000), bid=tgt.split(':')[0], org=random.choice(ORGS).replace('-', '_'),
    date=epoch()))


# ======================================================== NEGATIVES
# ---- q01: notebook reading the OpenAI key via getpass/env; output shows only a masked prefix
cells = [
    md('# RAG evaluation - support tickets (Q4)\n\nThe key is read from the environment or prompted; never paste it into a cell.'),
    code('import os, getpass\nimport pandas as pd\nfrom langchain_openai import ChatOpenAI', 1),
    code('if not os.environ.get("OPENAI_API_KEY"):\n    os.environ["OPENAI_API_KEY"] = getpass.getpass("OpenAI API key: ")\n'
         'k = os.environ["OPENAI_API_KEY"]\nprint("key loaded:", k[:8] + "..." + "*" * 6, "len", len(k))', 2,
         [stream('OpenAI API key: \u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\nkey loaded: sk-proj-...****** len 164\n')]),
    code('df = pd.read_parquet("data/tickets_labelled.parquet")\ndf["ticket_uuid"].head(3)', 3,
         [result('0    %s\n1    %s\n2    %s\nName: ticket_uuid, dtype: object' % (uid(), uid(), uid()), 3)]),
    code('llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)\nprint(llm.model_name)', 4, [stream('gpt-4o-mini\n')]),
    code('# dataset revision pinned for reproducibility\nDATASET_REV = "%s"\nEMBED_CACHE_SHA256 = "%s"' % (hx(40), hx(64)), 5),
]
add('q01/notebooks/rag_eval_q4.ipynb', nb(cells))

# ---- q02: Postman environment with vault references, empty secrets and the publishable key only
env = {'id': uid(), 'name': 'Stripe - LIVE (shared)',
       'values': [{'key': 'baseUrl', 'value': 'https://api.stripe.com/v1', 'type': 'default', 'enabled': True},
                  {'key': 'stripe_secret_key', 'value': '{{vault:stripe-live-secret-key}}', 'type': 'secret', 'enabled': True},
                  {'key': 'stripe_webhook_secret', 'value': '', 'type': 'secret', 'enabled': True},
                  {'key': 'stripe_publishable_key', 'value': stripe('pk'), 'type': 'default', 'enabled': True},
                  {'key': 'customer_id', 'value': 'cus_' + rr(14), 'type': 'default', 'enabled': True},
                  {'key': 'price_id', 'value': 'price_1' + rr(23), 'type': 'default', 'enabled': True}],
       '_postman_variable_scope': 'environment', '_postman_exported_at': ts(),
       '_postman_exported_using': 'Postman/11.%d.%d' % (random.randint(1, 9), random.randint(0, 9))}
add('q02/api-tests/environments/stripe-live.postman_environment.json', J(env, '\t'))
add('q02/api-tests/README.md', 'Secret values come from the Postman Vault (`{{vault:...}}`); ask #payments-platform for access.\n'
    'The publishable key is the one shipped in the checkout page bundle.\n')

# ---- q03: sanitized HAR: auth and cookies redacted, only hashes and request ids left
ten = uid()
e1 = har_entry('POST', 'https://login.microsoftonline.com/%s/oauth2/v2.0/token' % ten,
               [('Content-Type', 'application/x-www-form-urlencoded'), ('User-Agent', 'python-requests/2.31.0')],
               200, [('Content-Type', 'application/json; charset=utf-8'), ('x-ms-request-id', uid()),
                     ('ETag', '"%s"' % hx(32))],
               cj({'token_type': 'Bearer', 'expires_in': 3599, 'access_token': '[REDACTED]'}),
               post={'mimeType': 'application/x-www-form-urlencoded',
                     'text': 'client_id=%s&scope=https%%3A%%2F%%2Fgraph.microsoft.com%%2F.default&client_secret=[REDACTED]&grant_type=client_credentials' % uid()})
e2 = har_entry('GET', 'https://cdn.%s.com/assets/app.%s.js' % (random.choice(ORGS), hx(8)),
               [('Authorization', '[REDACTED]'), ('Cookie', '[REDACTED]')], 200,
               [('Content-Type', 'application/javascript'), ('ETag', 'W/"%s"' % hx(40)),
                ('x-amz-version-id', rr(32, U)), ('x-content-sha256', hx(64))],
               '/* bundle %s */' % hx(12), 'application/javascript')
add('q03/tests/recordings/graph-token.sanitized.har', har([e1, e2], ('Charles Proxy', '4.6.6')))
add('q03/tests/recordings/README.md', 'HARs here are exported with `har-sanitize --all` - tokens, cookies and form secrets\n'
    'are replaced with `[REDACTED]` before commit. Do not add raw captures.\n')

# ---- q04: VCR cassette with filter_sensitive_data placeholders and commit SHAs
org = random.choice(ORGS)
add('q04/spec/cassettes/GithubReleaser/creates_a_draft_release.yml', T('''---
http_interactions:
- request:
    method: post
    uri: https://api.github.com/repos/@@org@@/billing-api/releases
    body:
      encoding: UTF-8
      string: '{"tag_name":"v2.15.0","name":"v2.15.0","draft":true}'
    headers:
      Accept:
      - application/vnd.github+json
      Authorization:
      - token <GITHUB_TOKEN>
  response:
    status:
      code: 201
      message: Created
    headers:
      Etag:
      - W/"@@etag@@"
    body:
      encoding: ASCII-8BIT
      string: '{"id":@@rel@@,"tag_name":"v2.15.0","target_commitish":"@@sha@@","node_id":"RE_kwDO@@node@@"}'
  recorded_at: Mon, 03 Jun 2024 12:01:45 GMT
recorded_with: VCR 6.2.0
''', org=org, etag=hx(64), rel=random.randint(160000000, 170000000), sha=hx(40), node=rr(12)))
add('q04/spec/support/vcr.rb', '''VCR.configure do |c|
  c.cassette_library_dir = "spec/cassettes"
  c.hook_into :webmock
  c.filter_sensitive_data("<GITHUB_TOKEN>") { ENV.fetch("GITHUB_TOKEN", "gh-token-for-recording") }
  c.configure_rspec_metadata!
end
''')

# ---- q05: REST Client / IntelliJ files that pull every secret from env or a gitignored private env
add('q05/ops/requests/droplets.http', '''# DigitalOcean API scratchpad (REST Client extension)
# Token comes from .env (gitignored): DO_TOKEN=dop_v1_...
@baseUrl = https://api.digitalocean.com/v2
@doToken = {{$dotenv DO_TOKEN}}

### List droplets by tag
GET {{baseUrl}}/droplets?tag_name=k8s-worker&per_page=200
Authorization: Bearer {{doToken}}

### Same with the shell env
GET {{baseUrl}}/account
Authorization: Bearer {{$processEnv DIGITALOCEAN_ACCESS_TOKEN}}
''')
add('q05/ops/http/http-client.env.json', J({
    'prod-eu': {'dd_site': 'https://api.datadoghq.eu', 'service': 'checkout', 'monitor_id': random.randint(10000000, 99999999)},
    'staging': {'dd_site': 'https://api.datadoghq.com', 'service': 'checkout', 'monitor_id': random.randint(10000000, 99999999)}}))
add('q05/ops/http/http-client.private.env.json.template', J({
    'prod-eu': {'dd_api_key': '<datadog api key>', 'dd_app_key': '<datadog application key>'},
    'staging': {'dd_api_key': '<datadog api key>', 'dd_app_key': '<datadog application key>'}}))
add('q05/ops/.gitignore', '.env\nhttp/http-client.private.env.json\n')

# ---- q06: pytest conftest using moto with its documented dummy credentials, DB from env
add('q06/tests/integration/conftest.py', '''"""Fixtures for the upload-service tests (moto, no AWS access needed)."""
import os

import boto3
import pytest
from moto import mock_aws

BUCKET = "uploads-under-moto"


@pytest.fixture(scope="session", autouse=True)
def aws_credentials():
    """Mocked AWS Credentials for moto (values straight from the moto docs)."""
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_SECURITY_TOKEN"] = "testing"
    os.environ["AWS_SESSION_TOKEN"] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "eu-central-1"


@pytest.fixture
def s3(aws_credentials):
    with mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
        yield client


@pytest.fixture(scope="session")
def database_url():
    # CI sets this to the service container; locally defaults to the compose db (no password, trust auth)
    return os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@localhost:5432/uploads_test")
''')

# ---- q07: Jest snapshot where tokens are masked by the serializer / matched with expect.any
add('q07/packages/triage-bot/src/__snapshots__/linear.spec.ts.snap', T('''// Jest Snapshot v1, https://goo.gl/fbAQLP

exports[`createIssue posts the mutation 1`] = `
[
  [
    "https://api.linear.app/graphql",
    {
      "query": "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier } } }",
      "variables": {
        "input": {
          "teamId": "@@team@@",
          "title": "Checkout button disabled on Safari 17",
        },
      },
    },
    {
      "headers": {
        "Authorization": "lin_api_********************",
        "Content-Type": "application/json",
      },
      "timeout": 10000,
    },
  ],
]
`;

exports[`client config 1`] = `
{
  "apiKey": Any<String>,
  "requestId": "@@rid@@",
  "schemaHash": "sha256-@@sh@@",
}
`;
''', team=uid(), rid=uid(), sh=b64(rb(32))))
add('q07/packages/triage-bot/jest.setup.ts', '''// Mask anything that looks like a Linear key before it reaches a snapshot.
expect.addSnapshotSerializer({
  test: (v) => typeof v === 'string' && v.startsWith('lin_api_'),
  print: () => '"lin_api_********************"',
});
''')

# ---- q08: WireMock mappings that match tokens by pattern and template fake ones in responses
add('q08/wiremock/mappings/hubspot-contacts.json', J({
    'id': uid(), 'priority': 5,
    'request': {'method': 'GET', 'urlPathPattern': '/crm/v3/objects/contacts/[0-9]+',
                'headers': {'Authorization': {'matches': 'Bearer pat-(na|eu)1-[0-9a-f-]{36}'}}},
    'response': {'status': 200, 'transformers': ['response-template'],
                 'jsonBody': {'id': '{{request.pathSegments.[4]}}', 'properties': {'email': '{{randomValue length=8 type=\'ALPHANUMERIC\'}}@mail.invalid'}},
                 'headers': {'Content-Type': 'application/json'}}}))
add('q08/wiremock/mappings/oauth-token.json', J({
    'id': uid(), 'priority': 1,
    'request': {'method': 'POST', 'url': '/oauth/v1/token'},
    'response': {'status': 200, 'transformers': ['response-template'],
                 'jsonBody': {'access_token': "{{randomValue length=48 type='ALPHANUMERIC'}}", 'token_type': 'bearer',
                              'expires_in': 1800, 'refresh_token': '{{randomValue type=\'UUID\'}}'},
                 'headers': {'Content-Type': 'application/json'}}}))
add('q08/wiremock/mappings/hubspot-proxy.json', J({
    'id': uid(), 'name': 'hubspot passthrough', 'priority': 10,
    'request': {'method': 'ANY', 'urlPattern': '/crm/v3/.*'},
    'response': {'proxyBaseUrl': 'https://api.hubapi.com',
                 'additionalProxyRequestHeaders': {'Authorization': 'Bearer {{systemValue type=\'ENVIRONMENT\' key=\'HUBSPOT_TOKEN\'}}'}}}))

# ---- q09: Cypress env template with placeholders; the real file is gitignored and built in CI
add('q09/frontend/cypress.env.example.json', J({
    'apiUrl': 'https://api.staging.%s.com' % tenant,
    'auth0_domain': '<tenant>.eu.auth0.com',
    'auth0_audience': 'https://api.%s.com' % tenant,
    'auth0_client_id': '<auth0-client-id>',
    'auth0_client_secret': '<auth0-client-secret>',
    'auth0_scope': 'openid profile email offline_access',
    'auth0_username': '<e2e user email>',
    'auth0_password': '<e2e user password from 1Password "E2E admin">'}))
add('q09/frontend/cypress.config.ts', '''import { defineConfig } from 'cypress';

export default defineConfig({
  video: false,
  env: {
    auth0_domain: process.env.AUTH0_DOMAIN,
    auth0_client_id: process.env.AUTH0_CLIENT_ID,
    auth0_client_secret: process.env.AUTH0_CLIENT_SECRET,
    auth0_username: process.env.E2E_USERNAME,
    auth0_password: process.env.E2E_PASSWORD,
  },
  e2e: { baseUrl: 'http://localhost:5173' },
});
''')
add('q09/frontend/.gitignore', 'cypress.env.json\ncypress/videos\ncypress/screenshots\n')

# ---- q10: Playwright config with client-side keys the providers document as public
ref = rr(20, string.ascii_lowercase)
iat = epoch()
anon = jwt({'iss': 'supabase', 'ref': ref, 'role': 'anon', 'iat': iat, 'exp': iat + 315360000})
add('q10/apps/web/playwright.config.ts', T('''import { defineConfig, devices } from '@playwright/test';

// Public, browser-side values (same ones shipped in the production bundle):
//  - Supabase anon key: safe to expose, access is enforced by Row Level Security
//  - Mapbox pk.* token: public default token, URL-restricted to our domains
const PUBLIC_ENV = {
  NEXT_PUBLIC_SUPABASE_URL: 'https://@@ref@@.supabase.co',
  NEXT_PUBLIC_SUPABASE_ANON_KEY: '@@anon@@',
  NEXT_PUBLIC_MAPBOX_TOKEN: '@@mpk@@',
};

export default defineConfig({
  testDir: './e2e',
  use: { baseURL: 'http://localhost:3000', trace: 'on-first-retry' },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'pnpm start',
    port: 3000,
    env: { ...PUBLIC_ENV, SUPABASE_SERVICE_ROLE_KEY: process.env.SUPABASE_SERVICE_ROLE_KEY ?? '' },
  },
});
''', ref=ref, anon=anon, mpk=mapbox('pk', random.choice(ORGS).replace('-', ''))))

# ---- q11: notebook checking a webhook signer against published RFC 4231 test vectors
tv1 = hmac.new(bytes([0x0b] * 20), b'Hi There', hashlib.sha256).hexdigest()
tv2 = hmac.new(b'Jefe', b'what do ya want for nothing?', hashlib.sha256).hexdigest()
cells = [
    md('# Webhook signer self-check\n\nBefore trusting our `sign()` helper we run it against the **published test vectors '
       'of RFC 4231** (HMAC-SHA-256, test cases 1 and 2). These keys are public spec values, not credentials.'),
    code('import hmac, hashlib\nfrom webhooks.signing import sign', 1),
    code('RFC4231 = [\n    # (key, data, expected HMAC-SHA-256) -- RFC 4231 section 4.2 / 4.3\n'
         '    (bytes([0x0b] * 20), b"Hi There", "%s"),\n    (b"Jefe", b"what do ya want for nothing?", "%s"),\n]' % (tv1, tv2), 2),
    code('for key, data, want in RFC4231:\n    got = sign(key, data)\n    print(got == want, got)', 3,
         [stream('True %s\nTrue %s\n' % (tv1, tv2))]),
    md('Production secrets are loaded from AWS Secrets Manager (`webhooks/signing-key`) and never appear here.'),
]
add('q11/notebooks/webhook_signer_selfcheck.ipynb', nb(cells))

# ---- q12: Bruno collection using vars:secret (values kept outside the repo) and a k6 script reading __ENV
add('q12/api/bruno/environments/Production.bru', T('''vars {
  baseUrl: https://gitlab.@@org@@.io
  projectId: @@proj@@
  defaultBranch: main
}
vars:secret [
  gitlabToken
]
''', org=random.choice(ORGS), proj=random.randint(100, 900)))
add('q12/api/bruno/pipelines/List pipelines.bru', '''meta {
  name: List pipelines
  type: http
  seq: 1
}

get {
  url: {{baseUrl}}/api/v4/projects/{{projectId}}/pipelines?ref={{defaultBranch}}&per_page=20
  body: none
  auth: none
}

headers {
  PRIVATE-TOKEN: {{gitlabToken}}
}
''')
add('q12/load/k6/purge-and-fetch.js', T('''import http from 'k6/http';
import { check } from 'k6';

// k6 run -e CF_API_TOKEN=... -e CF_ZONE=... load/k6/purge-and-fetch.js
const CF_ZONE = __ENV.CF_ZONE;
const CF_API_TOKEN = __ENV.CF_API_TOKEN;
// build being measured (git rev-parse HEAD), for the Grafana annotation
const BUILD_SHA = '@@sha@@';

export function setup() {
  if (!CF_API_TOKEN) throw new Error('CF_API_TOKEN not set');
  const res = http.post(`https://api.cloudflare.com/client/v4/zones/${CF_ZONE}/purge_cache`,
    JSON.stringify({ purge_everything: true }),
    { headers: { Authorization: `Bearer ${CF_API_TOKEN}`, 'Content-Type': 'application/json' } });
  check(res, { purged: (r) => r.status === 200 });
}

export default function () {
  http.get(`${__ENV.BASE_URL}/catalog`, { tags: { build: BUILD_SHA } });
}
''', sha=hx(40)))

write()
