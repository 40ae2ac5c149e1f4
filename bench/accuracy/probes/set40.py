# Usage: python3 set40.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 40 (stop 30): data engineering and machine learning: notebooks, pipelines, warehouses, ML platforms
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, json, random, string, uuid
from urllib.parse import quote

start()

UP = string.ascii_uppercase + string.digits
LO = string.ascii_lowercase + string.digits
B64 = A + '+/'
U64 = A + '-_'
PWS = A + '!*-_.+='
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')
V = []  # every drawn credential value, so a caller can check none contains a BAD word


def clean(v):
    return not any(b in v.lower() for b in BAD)


def sec(fn):
    """Draws fn() until the value contains none of the BAD words; records it."""
    while True:
        v = fn()
        if clean(v):
            V.append(v)
            return v


def g(n, al=A):
    return sec(lambda: r(n, al))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return sec(lambda: base64.b64encode(rb(n)).decode())


def u64(n, pad=True):
    def f():
        s = base64.urlsafe_b64encode(rb(n)).decode()
        return s if pad else s.rstrip('=')
    return sec(f)


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def enc(s):
    return quote(s, safe='')


WORDS = ['Harbor', 'Falcon', 'Maple', 'Granite', 'Orbit', 'Summer', 'Winter', 'Tundra', 'Copper',
         'Nimbus', 'Lantern', 'Cobalt', 'Juniper', 'Saffron', 'Pelican', 'Redwood', 'Glacier', 'Marble',
         'Hazel', 'Ember', 'Quartz', 'Willow', 'Thunder', 'Meadow', 'Sparrow', 'Atlas', 'Kestrel']


def pw():
    """A password as a person picks it: word(s), digits, a symbol."""
    def f():
        w = random.choice(WORDS)
        if random.random() < 0.4:
            w += random.choice(WORDS).lower()
        d = random.choice([str(random.randint(2019, 2026)), str(random.randint(10, 99)), str(random.randint(100, 9999))])
        s = random.choice('!#*?@.-')
        return random.choice([w + d + s, w + s + d, s + w + d])
    return sec(f)


def rpw(n=None):
    """A generated password (URI-userinfo safe characters)."""
    return g(n or random.randint(16, 24), PWS)


def akid():
    return sec(lambda: 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'))


def asak():
    return g(40, B64)


def openai():
    return sec(lambda: 'sk-proj-' + r(74, U64) + 'T3BlbkFJ' + r(74, U64))


def openai_svc():
    return sec(lambda: 'sk-svcacct-' + r(74, U64) + 'T3BlbkFJ' + r(74, U64))


def anthropic():
    return sec(lambda: 'sk-ant-api03-' + r(93, U64) + 'AA')


def hf():
    return sec(lambda: 'hf_' + r(34, string.ascii_letters))


def groq():
    return sec(lambda: 'gsk_' + r(52))


def replicate():
    return sec(lambda: 'r8_' + r(37))


def dapi():
    return sec(lambda: 'dapi' + hx(32))


def ghp():
    return sec(lambda: ck('ghp_'))


def sendgrid():
    return sec(lambda: 'SG.' + r(22, U64) + '.' + r(43, U64))


def slack_hook():
    return sec(lambda: 'https://hooks.slack.com/services/T' + r(8, UP) + '/B' + r(10, UP) + '/' + r(24))


def azkey():
    return b64(64)


def gemini():
    return sec(lambda: 'AIza' + r(35, U64))


def pem_body(n=1624):
    def f():
        body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ' + r(n - 52, B64) + '=='
        return body
    b = sec(f)
    return [b[i:i + 64] for i in range(0, len(b), 64)]


def pem():
    """A PKCS#8 RSA private key with real newlines."""
    return '-----BEGIN PRIVATE KEY-----\n' + '\n'.join(pem_body()) + '\n-----END PRIVATE KEY-----\n'


def jwt(payload):
    h = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip('=')
    p = base64.urlsafe_b64encode(json.dumps(payload, separators=(',', ':')).encode()).decode().rstrip('=')
    return sec(lambda: h + '.' + p + '.' + r(43, U64))


FIRST = ['anna', 'ben', 'carla', 'deepak', 'elena', 'farid', 'greta', 'hiro', 'ines', 'jonas', 'kofi',
         'lena', 'mateo', 'nadia', 'omar', 'priya', 'rafael', 'sofia', 'tomas', 'yuki', 'zoe', 'arjun']
LAST = ['mueller', 'okafor', 'silva', 'kowalski', 'nakamura', 'haddad', 'lindqvist', 'moreau', 'patel',
        'rossi', 'schmidt', 'tanaka', 'vance', 'novak', 'brennan', 'castillo', 'iyer', 'fischer']
ORGS = ['brightlane', 'corvid', 'fjordbank', 'helixcare', 'lumenfreight', 'orbitalfoods', 'quillmedia',
        'tidewater', 'verdantag', 'northpeak', 'saltmarsh', 'kitepay', 'ardentlogix', 'pinecrest']


def person():
    return random.choice(FIRST), random.choice(LAST)


def org():
    return random.choice(ORGS)


def cell_id():
    return uid()


def lines(s):
    ls = s.split('\n')
    return [x + '\n' for x in ls[:-1]] + ([ls[-1]] if ls[-1] else [])


def nb(cells, colab=False):
    """A Jupyter notebook (nbformat 4.5) from ('md', src) / ('code', src, [outputs]) tuples.
    An output is ('out', text), ('err', text) or ('res', text)."""
    out, n = [], 0
    for c in cells:
        if c[0] == 'md':
            out.append({'cell_type': 'markdown', 'id': r(12) if colab else cell_id(),
                        'metadata': {}, 'source': lines(c[1])})
            continue
        n += 1
        outs = []
        for o in (c[2] if len(c) > 2 else []):
            if o[0] in ('out', 'err'):
                outs.append({'name': 'stdout' if o[0] == 'out' else 'stderr', 'output_type': 'stream',
                             'text': lines(o[1])})
            else:
                outs.append({'data': {'text/plain': lines(o[1])}, 'execution_count': n,
                             'metadata': {}, 'output_type': 'execute_result'})
        out.append({'cell_type': 'code', 'execution_count': n, 'id': r(12) if colab else cell_id(),
                    'metadata': {'id': r(12)} if colab else {}, 'outputs': outs, 'source': lines(c[1])})
    meta = {'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'},
            'language_info': {'codemirror_mode': {'name': 'ipython', 'version': 3}, 'file_extension': '.py',
                              'mimetype': 'text/x-python', 'name': 'python', 'nbconvert_exporter': 'python',
                              'pygments_lexer': 'ipython3', 'version': '3.11.9'}}
    if colab:
        meta = {'colab': {'provenance': [], 'gpuType': 'T4'}, 'kernelspec': {'display_name': 'Python 3', 'name': 'python3'},
                'language_info': {'name': 'python'}, 'accelerator': 'GPU'}
    return json.dumps({'cells': out, 'metadata': meta, 'nbformat': 4, 'nbformat_minor': 5}, indent=1,
                      ensure_ascii=False) + '\n'


# ---------------------------------------------------------------- positives

# c01: OpenAI key pasted into an exploration notebook, with outputs
k = openai()
add('c01/notebooks/01_ticket_embeddings.ipynb', nb([
    ('md', '# Support ticket triage: embedding exploration\n\nQuick look at whether `text-embedding-3-small` separates billing vs. shipping tickets.'),
    ('code', 'import os\nimport numpy as np\nimport pandas as pd\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="%s")' % k),
    ('code', 'df = pd.read_parquet("../data/tickets_2024q4.parquet")\ndf.shape', [('res', '(18234, 7)')]),
    ('code', 'resp = client.embeddings.create(\n    model="text-embedding-3-small",\n    input=df["body"].head(256).tolist(),\n)\nemb = np.array([d.embedding for d in resp.data])\nemb.shape',
     [('res', '(256, 1536)')]),
    ('code', 'completion = client.chat.completions.create(\n    model="gpt-4o-mini",\n    messages=[{"role": "system", "content": "Classify the ticket as billing, shipping or other."},\n              {"role": "user", "content": df["body"].iloc[3]}],\n)\nprint(completion.choices[0].message.content)',
     [('out', 'shipping\n')]),
    ('md', 'Next: cluster with HDBSCAN and compare against the manual labels.'),
]))

# c02: airflow.cfg with metadata DB, Celery broker, webserver secret, fernet key and SMTP (SendGrid) key
o = org()
p1, p2 = rpw(), rpw(20)
add('c02/deploy/airflow/airflow.cfg', f"""[core]
dags_folder = /opt/airflow/dags
hostname_callable = airflow.utils.net.getfqdn
default_timezone = utc
executor = CeleryExecutor
parallelism = 64
max_active_tasks_per_dag = 16
dags_are_paused_at_creation = True
max_active_runs_per_dag = 4
load_examples = False
plugins_folder = /opt/airflow/plugins
fernet_key = {u64(32)}
donot_pickle = True
dagbag_import_timeout = 60.0

[database]
sql_alchemy_conn = postgresql+psycopg2://airflow:{p1}@airflow-meta.{o}.internal:5432/airflow
sql_alchemy_pool_size = 10
load_default_connections = False

[logging]
base_log_folder = /opt/airflow/logs
remote_logging = True
remote_log_conn_id = aws_logs
remote_base_log_folder = s3://{o}-airflow-logs/prod
logging_level = INFO

[celery]
worker_concurrency = 16
broker_url = redis://:{p2}@airflow-redis.{o}.internal:6379/0
result_backend = db+postgresql://airflow:{p1}@airflow-meta.{o}.internal:5432/airflow
flower_port = 5555

[webserver]
base_url = https://airflow.{o}.io
web_server_port = 8080
secret_key = {hx(32)}
expose_config = False
rbac = True

[smtp]
smtp_host = smtp.sendgrid.net
smtp_starttls = True
smtp_ssl = False
smtp_user = apikey
smtp_password = {sendgrid()}
smtp_port = 587
smtp_mail_from = airflow-alerts@{o}.io

[scheduler]
min_file_process_interval = 60
catchup_by_default = False
""")

# c03: `airflow connections export` JSON with Snowflake, AWS and Postgres credentials
o = org()
conns = {
    'aws_default': {'conn_type': 'aws', 'description': '', 'login': akid(), 'password': asak(), 'host': '',
                    'port': None, 'schema': '', 'extra': json.dumps({'region_name': 'eu-west-1'})},
    'postgres_orders_replica': {'conn_type': 'postgres', 'description': 'read replica of the orders DB',
                                'login': 'etl_reader', 'password': pw(),
                                'host': f'orders-replica.c{r(12, LO)}.eu-west-1.rds.amazonaws.com',
                                'port': 5432, 'schema': 'orders', 'extra': ''},
    'snowflake_default': {'conn_type': 'snowflake', 'description': '', 'login': 'AIRFLOW_LOADER',
                          'password': rpw(22), 'host': '', 'port': None, 'schema': 'RAW',
                          'extra': json.dumps({'account': f'{o}-prod', 'warehouse': 'LOADING_WH',
                                               'database': 'RAW', 'role': 'LOADER', 'insecure_mode': False})},
}
add('c03/airflow/connections/connections.json', json.dumps(conns, indent=4) + '\n')

# c04: docker-compose .env for Airflow with connections as URIs and JSON
o = org()
awsk, awss = akid(), asak()
add('c04/deploy/airflow/.env', f"""AIRFLOW_UID=50000
AIRFLOW_IMAGE_NAME=apache/airflow:2.10.4-python3.11
_AIRFLOW_WWW_USER_USERNAME=admin
_AIRFLOW_WWW_USER_PASSWORD={pw()}
AIRFLOW__CORE__FERNET_KEY={u64(32)}
AIRFLOW__CORE__LOAD_EXAMPLES=false
AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://airflow:{rpw()}@postgres/airflow

# connections
AIRFLOW_CONN_AWS_DEFAULT=aws://{awsk}:{enc(awss)}@/?region_name=us-east-1
AIRFLOW_CONN_WAREHOUSE=postgres://dw_loader:{enc(pw())}@dw.{o}.internal:5432/analytics
AIRFLOW_CONN_SLACK_ALERTS='{{"conn_type": "slackwebhook", "password": "{slack_hook()}"}}'

# variables
AIRFLOW_VAR_ENVIRONMENT=staging
AIRFLOW_VAR_RAW_BUCKET={o}-raw-staging
""")

# c05: dbt profiles.yml for Snowflake, dev and prod passwords
f, l = person()
o = org()
acct = f'{r(2, string.ascii_lowercase)}{random.randint(10000, 99999)}.eu-central-1'
add('c05/analytics/profiles.yml', f"""analytics:
  target: dev
  outputs:
    dev:
      type: snowflake
      account: {acct}
      user: {f.upper()}_{l.upper()}
      password: "{pw()}"
      role: TRANSFORMER
      database: ANALYTICS_DEV
      warehouse: TRANSFORMING_XS
      schema: dbt_{f[0]}{l}
      threads: 8
      client_session_keep_alive: false
      query_tag: dbt_dev

    prod:
      type: snowflake
      account: {acct}
      user: DBT_PROD_SVC
      password: "{rpw(24)}"
      role: TRANSFORMER_PROD
      database: ANALYTICS
      warehouse: TRANSFORMING_M
      schema: marts
      threads: 16
      client_session_keep_alive: false
      query_tag: dbt_prod
""")

# c06: dbt profiles.yml with a Databricks PAT and an inline BigQuery service-account key
f, l = person()
proj = f'{org()}-marketing-{random.randint(100, 999)}'
sa = f'dbt-runner@{proj}.iam.gserviceaccount.com'
pk = pem().replace('\n', '\\n')
add('c06/dbt/profiles.yml', f"""lakehouse:
  target: dev
  outputs:
    dev:
      type: databricks
      catalog: main
      schema: dbt_{f}_{l}
      host: adb-{random.randint(10**15, 10**16 - 1)}.{random.randint(1, 19)}.azuredatabricks.net
      http_path: /sql/1.0/warehouses/{hx(16)}
      token: {dapi()}
      threads: 4

marketing_bq:
  target: prod
  outputs:
    prod:
      type: bigquery
      method: service-account-json
      project: {proj}
      dataset: marts
      location: EU
      threads: 8
      job_execution_timeout_seconds: 600
      keyfile_json:
        type: service_account
        project_id: {proj}
        private_key_id: {hx(40)}
        private_key: "{pk}"
        client_email: {sa}
        client_id: "{random.randint(10**20, 10**21 - 1)}"
        auth_uri: https://accounts.google.com/o/oauth2/auth
        token_uri: https://oauth2.googleapis.com/token
        auth_provider_x509_cert_url: https://www.googleapis.com/oauth2/v1/certs
        client_x509_cert_url: https://www.googleapis.com/robot/v1/metadata/x509/{quote(sa)}
""")

# c07: spark-defaults.conf with S3A keys
o = org()
add('c07/spark/conf/spark-defaults.conf', f"""# Default system properties included when running spark-submit.
spark.master                                 yarn
spark.submit.deployMode                      cluster
spark.driver.memory                          8g
spark.executor.memory                        16g
spark.executor.cores                         4
spark.dynamicAllocation.enabled              true
spark.dynamicAllocation.maxExecutors         40
spark.serializer                             org.apache.spark.serializer.KryoSerializer
spark.sql.extensions                         io.delta.sql.DeltaSparkSessionExtension
spark.sql.catalog.spark_catalog              org.apache.spark.sql.delta.catalog.DeltaCatalog
spark.eventLog.enabled                       true
spark.eventLog.dir                           s3a://{o}-spark-history/events

spark.hadoop.fs.s3a.impl                     org.apache.hadoop.fs.s3a.S3AFileSystem
spark.hadoop.fs.s3a.endpoint                 s3.eu-west-1.amazonaws.com
spark.hadoop.fs.s3a.access.key               {akid()}
spark.hadoop.fs.s3a.secret.key               {asak()}
spark.hadoop.fs.s3a.fast.upload              true
spark.hadoop.fs.s3a.connection.maximum       200
""")

# c08: Hadoop core-site.xml with an ADLS Gen2 account key and MinIO S3A keys
acc = f'{org()}datalake{r(3, LO)}'
add('c08/hadoop/etc/hadoop/core-site.xml', f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<configuration>
  <property>
    <name>fs.defaultFS</name>
    <value>abfss://raw@{acc}.dfs.core.windows.net/</value>
  </property>
  <property>
    <name>fs.azure.account.auth.type.{acc}.dfs.core.windows.net</name>
    <value>SharedKey</value>
  </property>
  <property>
    <name>fs.azure.account.key.{acc}.dfs.core.windows.net</name>
    <value>{azkey()}</value>
  </property>
  <property>
    <name>fs.s3a.endpoint</name>
    <value>http://minio.data-platform.svc.cluster.local:9000</value>
  </property>
  <property>
    <name>fs.s3a.path.style.access</name>
    <value>true</value>
  </property>
  <property>
    <name>fs.s3a.access.key</name>
    <value>{g(20, UP)}</value>
  </property>
  <property>
    <name>fs.s3a.secret.key</name>
    <value>{g(40)}</value>
  </property>
  <property>
    <name>hadoop.tmp.dir</name>
    <value>/data/hadoop/tmp</value>
  </property>
</configuration>
""")

# c09: hive-site.xml with the metastore database password
o = org()
add('c09/hive/conf/hive-site.xml', f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<configuration>
  <property>
    <name>javax.jdo.option.ConnectionURL</name>
    <value>jdbc:mysql://hive-metastore.c{r(12, LO)}.eu-west-1.rds.amazonaws.com:3306/metastore?createDatabaseIfNotExist=true&amp;useSSL=true</value>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionDriverName</name>
    <value>com.mysql.cj.jdbc.Driver</value>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionUserName</name>
    <value>hive</value>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionPassword</name>
    <value>{pw()}</value>
  </property>
  <property>
    <name>hive.metastore.uris</name>
    <value>thrift://hive-metastore.{o}.internal:9083</value>
  </property>
  <property>
    <name>hive.metastore.warehouse.dir</name>
    <value>s3a://{o}-warehouse/hive</value>
  </property>
  <property>
    <name>hive.metastore.schema.verification</name>
    <value>true</value>
  </property>
  <property>
    <name>datanucleus.autoCreateSchema</name>
    <value>false</value>
  </property>
</configuration>
""")

# c10: Snowflake password in a loading notebook with outputs
f, l = person()
o = org()
add('c10/notebooks/snowflake_backfill.ipynb', nb([
    ('md', '## Backfill `RAW.STRIPE.CHARGES` from the 2023 export\n\nOne-off, run from my laptop. Source CSVs are in `exports/stripe_2023/`.'),
    ('code', 'import glob\nimport pandas as pd\nimport snowflake.connector\nfrom snowflake.connector.pandas_tools import write_pandas'),
    ('code', 'conn = snowflake.connector.connect(\n    user="%s",\n    password="%s",\n    account="%s-%s",\n    warehouse="LOADING_WH",\n    database="RAW",\n    schema="STRIPE",\n    role="LOADER",\n)\ncur = conn.cursor()\ncur.execute("select current_version(), current_role()").fetchone()'
     % (f'{f}.{l}@{o}.com', pw(), o, random.choice(['prod', 'analytics', 'main'])), [('res', "('8.44.1', 'LOADER')")]),
    ('code', 'frames = [pd.read_csv(p, parse_dates=["created"]) for p in sorted(glob.glob("exports/stripe_2023/*.csv"))]\ndf = pd.concat(frames, ignore_index=True)\ndf.columns = [c.upper() for c in df.columns]\nlen(df)',
     [('res', '48213')]),
    ('code', 'success, nchunks, nrows, _ = write_pandas(conn, df, "CHARGES", auto_create_table=False, overwrite=False)\nsuccess, nchunks, nrows',
     [('res', '(True, 1, 48213)')]),
]))

# c11: a GCP service-account key file committed next to the loader
proj = f'{org()}-data-{random.randint(100000, 999999)}'
sa = f'bq-loader@{proj}.iam.gserviceaccount.com'
add('c11/ingest/credentials/bq-loader-sa.json', json.dumps({
    'type': 'service_account',
    'project_id': proj,
    'private_key_id': hx(40),
    'private_key': pem(),
    'client_email': sa,
    'client_id': str(random.randint(10**20, 10**21 - 1)),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/' + quote(sa),
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')

# c12: Redshift password and UNLOAD with inline IAM user keys
o = org()
add('c12/scripts/redshift_unload.py', f'''"""Nightly UNLOAD of the fact tables to S3 as Parquet for the data science team."""
import datetime as dt
import logging

import psycopg2

log = logging.getLogger("unload")

REDSHIFT = dict(
    host="analytics.c{r(12, LO)}.eu-west-1.redshift.amazonaws.com",
    port=5439,
    dbname="dw",
    user="etl_admin",
    password="{rpw()}",
    sslmode="require",
)

UNLOAD_SQL = """
UNLOAD ('select * from marts.fct_orders where order_date = \'\'{{day}}\'\'')
TO 's3://{o}-ds-exports/fct_orders/dt={{day}}/'
CREDENTIALS 'aws_access_key_id={akid()};aws_secret_access_key={asak()}'
FORMAT AS PARQUET
ALLOWOVERWRITE
"""


def main() -> None:
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    with psycopg2.connect(**REDSHIFT) as conn, conn.cursor() as cur:
        cur.execute(UNLOAD_SQL.format(day=day))
        log.info("unloaded fct_orders for %s", day)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
''')

# c13: .databrickscfg with two PATs and an OAuth M2M service-principal secret
add('c13/.databrickscfg', f"""[DEFAULT]
host  = https://adb-{random.randint(10**15, 10**16 - 1)}.{random.randint(1, 19)}.azuredatabricks.net
token = {dapi()}

[prod]
host  = https://dbc-{hx(8)}-{hx(4)}.cloud.databricks.com
token = {dapi()}
jobs-api-version = 2.1

[ci-sp]
host          = https://dbc-{hx(8)}-{hx(4)}.cloud.databricks.com
client_id     = {uid()}
client_secret = {sec(lambda: 'dose' + hx(32))}
""")

# c14: ClickHouse Cloud service password and Cloud API key in a Python job
o = org()
add('c14/jobs/clickhouse_events_rollup.py', f'''import clickhouse_connect
import requests

CH_HOST = "{r(10, LO)}.eu-central-1.aws.clickhouse.cloud"
CH_USER = "default"
CH_PASSWORD = "{g(14, A + '~_.')}"

# ClickHouse Cloud API (used to wake the service before the rollup)
CLOUD_ORG_ID = "{uid()}"
CLOUD_SERVICE_ID = "{uid()}"
CLOUD_KEY_ID = "{g(20)}"
CLOUD_KEY_SECRET = "{sec(lambda: '4b1d' + r(38))}"


def wake_service() -> None:
    url = f"https://api.clickhouse.cloud/v1/organizations/{{CLOUD_ORG_ID}}/services/{{CLOUD_SERVICE_ID}}/state"
    resp = requests.patch(url, json={{"command": "start"}}, auth=(CLOUD_KEY_ID, CLOUD_KEY_SECRET), timeout=30)
    resp.raise_for_status()


def rollup() -> None:
    client = clickhouse_connect.get_client(host=CH_HOST, port=8443, username=CH_USER, password=CH_PASSWORD, secure=True)
    client.command("""
        INSERT INTO analytics.events_daily
        SELECT toDate(ts) AS day, event, count() AS n, uniqExact(user_id) AS users
        FROM analytics.events
        WHERE ts >= today() - 1 AND ts < today()
        GROUP BY day, event
    """)


if __name__ == "__main__":
    wake_service()
    rollup()
''')

# c15: MLflow tracking basic-auth password and MinIO artifact-store keys set in a training script
o = org()
add('c15/training/train_churn.py', f'''import os

import mlflow
import mlflow.sklearn
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

os.environ["MLFLOW_TRACKING_URI"] = "https://mlflow.{o}.io"
os.environ["MLFLOW_TRACKING_USERNAME"] = "ml-training"
os.environ["MLFLOW_TRACKING_PASSWORD"] = "{rpw()}"
os.environ["MLFLOW_S3_ENDPOINT_URL"] = "https://minio.{o}.io"
os.environ["AWS_ACCESS_KEY_ID"] = "{g(20, UP)}"
os.environ["AWS_SECRET_ACCESS_KEY"] = "{g(40)}"

mlflow.set_experiment("churn-gbm")

df = pd.read_parquet("data/churn_features_2025_01.parquet")
X, y = df.drop(columns=["churned"]), df["churned"]
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, stratify=y, random_state=7)

with mlflow.start_run(run_name="gbm-baseline"):
    params = dict(max_iter=400, learning_rate=0.05, max_leaf_nodes=31, l2_regularization=1.0)
    model = HistGradientBoostingClassifier(**params).fit(X_train, y_train)
    auc = roc_auc_score(y_val, model.predict_proba(X_val)[:, 1])
    mlflow.log_params(params)
    mlflow.log_metric("val_auc", auc)
    mlflow.sklearn.log_model(model, "model", registered_model_name="churn-gbm")
    print(f"val_auc={{auc:.4f}}")
''')

# c16: a dotfiles .netrc with W&B API key, GitHub PAT and an Earthdata login
f, l = person()
add('c16/dotfiles/.netrc', f"""machine api.wandb.ai
  login user
  password {hx(40)}
machine github.com
  login {f}{l[0]}
  password {ghp()}
machine urs.earthdata.nasa.gov
  login {f}_{l}
  password {pw()}
""")
# c17: Colab fine-tuning notebook with a Hugging Face write token and a W&B key, with login outputs
f, l = person()
add('c17/notebooks/finetune_llama_support.ipynb', nb([
    ('md', '# QLoRA fine-tune: Llama-3.1-8B on support transcripts\nRuntime: T4 (Colab). Pushes the adapter to the Hub at the end.'),
    ('code', '!pip install -q -U transformers datasets peft trl bitsandbytes accelerate wandb'),
    ('code', 'from huggingface_hub import login\nlogin(token="%s")' % hf(),
     [('err', 'Token is valid (permission: write).\nYour token has been saved to /root/.cache/huggingface/token\nLogin successful\n')]),
    ('code', 'import wandb\nwandb.login(key="%s")' % hx(40),
     [('err', "wandb: WARNING If you're specifying your api key in code, ensure this code is not shared publicly.\nwandb: WARNING Consider setting the WANDB_API_KEY environment variable, or running `wandb login` from the command line.\nwandb: Appending key for api.wandb.ai to your netrc file: /root/.netrc\n"),
      ('res', 'True')]),
    ('code', 'from datasets import load_dataset\nds = load_dataset("json", data_files="/content/drive/MyDrive/support/transcripts_v3.jsonl", split="train")\nds = ds.train_test_split(test_size=0.05, seed=42)\nds',
     [('res', "DatasetDict({\n    train: Dataset({\n        features: ['messages'],\n        num_rows: 11402\n    })\n    test: Dataset({\n        features: ['messages'],\n        num_rows: 601\n    })\n})")]),
    ('code', 'from trl import SFTConfig, SFTTrainer\ncfg = SFTConfig(output_dir="out", per_device_train_batch_size=2, gradient_accumulation_steps=8,\n                learning_rate=2e-4, num_train_epochs=1, report_to="wandb", run_name="llama31-qlora-r16")\n# trainer = SFTTrainer(model=model, args=cfg, train_dataset=ds["train"], eval_dataset=ds["test"], peft_config=lora)\n# trainer.train()'),
    ('code', 'model.push_to_hub("%s/llama31-support-qlora", private=True)' % (f + l[0])),
], colab=True))

# c18: kaggle.json API credentials committed at the repo root
f, l = person()
add('c18/kaggle.json', json.dumps({'username': f + l, 'key': hx(32)}) + '\n')

# c19: pandas / fsspec storage_options with S3 keys and an Azure Blob account key
o = org()
acc = f'{o}mlfeatures'
add('c19/pipelines/export_features.py', f'''"""Export the weekly feature snapshot to S3 (for SageMaker) and to Azure Blob (for the partner team)."""
import pandas as pd

S3_OPTS = {{
    "key": "{akid()}",
    "secret": "{asak()}",
    "client_kwargs": {{"region_name": "us-east-2"}},
}}

AZ_OPTS = {{
    "account_name": "{acc}",
    "account_key": "{azkey()}",
}}


def main(week: str) -> None:
    df = pd.read_parquet(f"data/features/week={{week}}/")
    df.to_parquet(f"s3://{o}-sagemaker-features/weekly/week={{week}}/features.parquet", index=False,
                  storage_options=S3_OPTS)
    df.to_csv(f"abfs://partner-share/features/{{week}}.csv.gz", index=False, compression="gzip",
              storage_options=AZ_OPTS)


if __name__ == "__main__":
    import sys
    main(sys.argv[1])
''')

# c20: .Renviron with OpenAI, GitHub PAT, AWS, Databricks and Census API keys
add('c20/.Renviron', f"""R_LIBS_USER=~/R/library/4.4
OPENAI_API_KEY={openai()}
GITHUB_PAT={ghp()}
AWS_ACCESS_KEY_ID={akid()}
AWS_SECRET_ACCESS_KEY={asak()}
AWS_DEFAULT_REGION=eu-west-1
DATABRICKS_HOST=https://adb-{random.randint(10**15, 10**16 - 1)}.{random.randint(1, 19)}.azuredatabricks.net
DATABRICKS_TOKEN={dapi()}
CENSUS_API_KEY={hx(40)}
""")

# c21: R script connecting to Postgres and Snowflake with passwords inline
f, l = person()
o = org()
add('c21/analysis/R/01_load_warehouse.R', f"""# Pulls the monthly cohort tables into R for the retention report.
library(DBI)
library(dplyr)
library(dbplyr)

pg <- dbConnect(
  RPostgres::Postgres(),
  host     = "reporting-db.{o}.internal",
  port     = 5432,
  dbname   = "reporting",
  user     = "{f}_{l}",
  password = "{pw()}"
)

sf <- dbConnect(
  odbc::odbc(),
  Driver    = "SnowflakeDSIIDriver",
  Server    = "{o}-analytics.snowflakecomputing.com",
  UID       = "R_REPORTING",
  PWD       = "{rpw(20)}",
  Warehouse = "REPORTING_WH",
  Database  = "ANALYTICS",
  Schema    = "MARTS",
  Role      = "REPORTER"
)

cohorts <- tbl(sf, "FCT_MONTHLY_COHORTS") %>%
  filter(COHORT_MONTH >= "2023-01-01") %>%
  collect()

targets <- dbGetQuery(pg, "select * from finance.retention_targets where year = 2025")

saveRDS(list(cohorts = cohorts, targets = targets), "data/cohorts.rds")
dbDisconnect(pg)
dbDisconnect(sf)
""")

# c22: Snowflake bootstrap SQL creating service users with passwords
o = org()
add('c22/snowflake/setup/01_users_and_roles.sql', f"""-- Bootstrap users for the ELT stack. Run as SECURITYADMIN / SYSADMIN.
USE ROLE SECURITYADMIN;

CREATE ROLE IF NOT EXISTS LOADER;
CREATE ROLE IF NOT EXISTS TRANSFORMER;
CREATE ROLE IF NOT EXISTS REPORTER;

CREATE USER IF NOT EXISTS FIVETRAN_USER
  PASSWORD = '{rpw(24)}'
  DEFAULT_ROLE = LOADER
  DEFAULT_WAREHOUSE = LOADING_WH
  MUST_CHANGE_PASSWORD = FALSE
  COMMENT = 'Fivetran connector';

CREATE USER IF NOT EXISTS DBT_CLOUD
  PASSWORD = '{rpw(24)}'
  DEFAULT_ROLE = TRANSFORMER
  DEFAULT_WAREHOUSE = TRANSFORMING_WH
  MUST_CHANGE_PASSWORD = FALSE;

CREATE USER IF NOT EXISTS LOOKER
  PASSWORD = '{pw()}'
  DEFAULT_ROLE = REPORTER
  DEFAULT_WAREHOUSE = REPORTING_WH
  MUST_CHANGE_PASSWORD = FALSE;

GRANT ROLE LOADER TO USER FIVETRAN_USER;
GRANT ROLE TRANSFORMER TO USER DBT_CLOUD;
GRANT ROLE REPORTER TO USER LOOKER;
GRANT ROLE LOADER, TRANSFORMER, REPORTER TO ROLE SYSADMIN;
""")

# c23: superset_config.py with SECRET_KEY, metadata DB URI, Redis cache password and SES SMTP credentials
o = org()
add('c23/superset/superset_config.py', f'''import os

from celery.schedules import crontab
from flask_caching.backends.rediscache import RedisCache

ROW_LIMIT = 50000
SUPERSET_WEBSERVER_TIMEOUT = 120

SECRET_KEY = "{b64(42)}"
SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://superset:{rpw()}@superset-db.{o}.internal:5432/superset"

REDIS_URL = "redis://:{rpw(32)}@superset-redis.{o}.internal:6379"
CACHE_CONFIG = {{
    "CACHE_TYPE": "RedisCache",
    "CACHE_DEFAULT_TIMEOUT": 86400,
    "CACHE_KEY_PREFIX": "superset_",
    "CACHE_REDIS_URL": f"{{REDIS_URL}}/1",
}}
DATA_CACHE_CONFIG = {{**CACHE_CONFIG, "CACHE_KEY_PREFIX": "superset_data_"}}
RESULTS_BACKEND = RedisCache(host="superset-redis.{o}.internal", port=6379, key_prefix="superset_results")

FEATURE_FLAGS = {{"ALERT_REPORTS": True, "DASHBOARD_RBAC": True, "EMBEDDED_SUPERSET": True}}

SMTP_HOST = "email-smtp.eu-west-1.amazonaws.com"
SMTP_STARTTLS = True
SMTP_SSL = False
SMTP_PORT = 587
SMTP_USER = "{akid()}"
SMTP_PASSWORD = "{sec(lambda: 'B' + r(43, B64))}"
SMTP_MAIL_FROM = "superset@{o}.io"

MAPBOX_API_KEY = os.getenv("MAPBOX_API_KEY", "")
WEBDRIVER_BASEURL = "http://superset:8088/"
ALERT_REPORTS_NOTIFICATION_DRY_RUN = False
''')

# c24: Metabase docker-compose with app-DB password, encryption key and embedding secret
add('c24/metabase/docker-compose.yml', f"""services:
  metabase:
    image: metabase/metabase:v0.51.9
    container_name: metabase
    restart: unless-stopped
    ports:
      - "3000:3000"
    environment:
      MB_DB_TYPE: postgres
      MB_DB_DBNAME: metabase
      MB_DB_PORT: 5432
      MB_DB_USER: metabase
      MB_DB_PASS: "{(mbp := rpw(22))}"
      MB_DB_HOST: metabase-db
      MB_ENCRYPTION_SECRET_KEY: {g(32)}
      MB_EMBEDDING_SECRET_KEY: {hx(64)}
      MB_SITE_URL: https://bi.{org()}.com
      JAVA_TIMEZONE: Europe/Berlin
    depends_on:
      - metabase-db

  metabase-db:
    image: postgres:16
    restart: unless-stopped
    environment:
      POSTGRES_DB: metabase
      POSTGRES_USER: metabase
      POSTGRES_PASSWORD: "{mbp}"
    volumes:
      - mb-pg:/var/lib/postgresql/data

volumes:
  mb-pg:
""")
# c25: Redash env file (as the setup script writes it) plus Google OAuth client secret
o = org()
rp = g(32)
add('c25/redash/env', f"""PYTHONUNBUFFERED=0
REDASH_LOG_LEVEL=INFO
REDASH_REDIS_URL=redis://redis:6379/0
POSTGRES_PASSWORD={rp}
REDASH_COOKIE_SECRET={g(32)}
REDASH_SECRET_KEY={g(32)}
REDASH_DATABASE_URL=postgresql://postgres:{rp}@postgres/postgres
REDASH_HOST=https://redash.{o}.com
REDASH_MAIL_SERVER=smtp.mailgun.org
REDASH_MAIL_PORT=587
REDASH_MAIL_USE_TLS=true
REDASH_MAIL_USERNAME=postmaster@mg.{o}.com
REDASH_MAIL_PASSWORD={rpw(24)}
REDASH_MAIL_DEFAULT_SENDER=redash@{o}.com
REDASH_GOOGLE_CLIENT_ID={random.randint(10**11, 10**12 - 1)}-{r(32, LO)}.apps.googleusercontent.com
REDASH_GOOGLE_CLIENT_SECRET={sec(lambda: 'GOCSPX-' + r(28, U64))}
""")

# c26: Confluent Cloud client.properties with cluster API key/secret and Schema Registry key
add('c26/kafka/client.properties', f"""# Required connection configs for Kafka producer, consumer, and admin
bootstrap.servers=pkc-{r(5, LO)}.eu-west-1.aws.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanisms=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='{g(16, UP)}' password='{g(64, B64)}';

# Best practice for higher availability in Apache Kafka clients prior to 3.0
session.timeout.ms=45000
client.dns.lookup=use_all_dns_ips

# Best practice for Kafka producer to prevent data loss
acks=all

# Required connection configs for Confluent Cloud Schema Registry
schema.registry.url=https://psrc-{r(5, LO)}.eu-central-1.aws.confluent.cloud
basic.auth.credentials.source=USER_INFO
basic.auth.user.info={g(16, UP)}:{g(64, B64)}
""")

# c27: PySpark Structured Streaming job reading Kafka with a SCRAM password, writing Delta to S3 with keys
o = org()
add('c27/streaming/clickstream_to_delta.py', f'''from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

spark = (
    SparkSession.builder.appName("clickstream-to-delta")
    .config("spark.hadoop.fs.s3a.access.key", "{akid()}")
    .config("spark.hadoop.fs.s3a.secret.key", "{asak()}")
    .getOrCreate()
)

schema = StructType([
    StructField("event_id", StringType()),
    StructField("user_id", StringType()),
    StructField("event", StringType()),
    StructField("ts", TimestampType()),
])

raw = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "b-1.clickstream.{r(6, LO)}.c3.kafka.eu-west-1.amazonaws.com:9096")
    .option("kafka.security.protocol", "SASL_SSL")
    .option("kafka.sasl.mechanism", "SCRAM-SHA-512")
    .option("kafka.sasl.jaas.config",
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="spark-clickstream" password="{rpw(24)}";')
    .option("subscribe", "web.clickstream.v1")
    .option("startingOffsets", "latest")
    .load()
)

events = raw.select(F.from_json(F.col("value").cast("string"), schema).alias("e")).select("e.*")

(
    events.writeStream.format("delta")
    .option("checkpointLocation", "s3a://{o}-lake/_checkpoints/clickstream")
    .partitionBy("event")
    .trigger(processingTime="1 minute")
    .start("s3a://{o}-lake/bronze/clickstream")
    .awaitTermination()
)
''')

# c28: Logstash pipeline with a JDBC password and an Elastic Cloud API key
o = org()
dep = f'{o}-search'
cid = dep + ':' + base64.b64encode(f'eu-west-1.aws.found.io:443${hx(32)}${hx(32)}'.encode()).decode()
add('c28/logstash/pipeline/orders.conf', f"""input {{
  jdbc {{
    jdbc_driver_library => "/usr/share/logstash/drivers/postgresql-42.7.4.jar"
    jdbc_driver_class => "org.postgresql.Driver"
    jdbc_connection_string => "jdbc:postgresql://orders-db.{o}.internal:5432/orders"
    jdbc_user => "logstash_reader"
    jdbc_password => "{pw()}"
    schedule => "*/5 * * * *"
    statement => "SELECT id, customer_id, status, total, updated_at FROM orders WHERE updated_at > :sql_last_value ORDER BY updated_at"
    use_column_value => true
    tracking_column => "updated_at"
    tracking_column_type => "timestamp"
  }}
}}

filter {{
  mutate {{ remove_field => ["@version"] }}
}}

output {{
  elasticsearch {{
    cloud_id => "{cid}"
    api_key => "{g(20, U64)}:{g(22, U64)}"
    index => "orders"
    document_id => "%{{id}}"
    action => "update"
    doc_as_upsert => true
  }}
}}
""")

# c29: OpenSearch bulk indexer with the fine-grained-access master user password
o = org()
add('c29/search/index_products.py', f'''import json
from pathlib import Path

from opensearchpy import OpenSearch, helpers

client = OpenSearch(
    hosts=[{{"host": "search-products-{r(26, LO)}.eu-west-1.es.amazonaws.com", "port": 443}}],
    http_auth=("os-master", "{pw()}"),
    use_ssl=True,
    verify_certs=True,
    timeout=60,
)

INDEX = "products-v7"


def actions(path: Path):
    with path.open() as fh:
        for line in fh:
            doc = json.loads(line)
            yield {{"_index": INDEX, "_id": doc["sku"], "_source": doc}}


if __name__ == "__main__":
    if not client.indices.exists(index=INDEX):
        client.indices.create(index=INDEX, body=json.loads(Path("mappings/products.json").read_text()))
    ok, errors = helpers.bulk(client, actions(Path("data/products.jsonl")), chunk_size=2000, raise_on_error=False)
    print(f"indexed={{ok}} errors={{len(errors)}}")
''')

# c30: Pinecone + OpenAI keys in a RAG indexing script
add('c30/rag/build_index.py', f'''from langchain_openai import OpenAIEmbeddings
from langchain_pinecone import PineconeVectorStore
from langchain_community.document_loaders import DirectoryLoader
from langchain_text_splitters import RecursiveCharacterTextSplitter
from pinecone import Pinecone, ServerlessSpec

PINECONE_API_KEY = "{sec(lambda: 'pcsk_' + r(6, B62) + '_' + r(63, B62))}"
OPENAI_API_KEY = "{openai()}"
INDEX_NAME = "policies-3-small"

pc = Pinecone(api_key=PINECONE_API_KEY)
if INDEX_NAME not in pc.list_indexes().names():
    pc.create_index(name=INDEX_NAME, dimension=1536, metric="cosine",
                    spec=ServerlessSpec(cloud="aws", region="us-east-1"))

docs = DirectoryLoader("corpus/policies", glob="**/*.md").load()
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150).split_documents(docs)

embeddings = OpenAIEmbeddings(model="text-embedding-3-small", api_key=OPENAI_API_KEY)
PineconeVectorStore.from_documents(chunks, embeddings, index_name=INDEX_NAME, pinecone_api_key=PINECONE_API_KEY)
print(f"upserted {{len(chunks)}} chunks")
''')

# c31: Weaviate docker-compose with API-key auth keys and the OpenAI module key
o = org()
f, l = person()
add('c31/vectordb/docker-compose.yml', f"""services:
  weaviate:
    image: cr.weaviate.io/semitechnologies/weaviate:1.27.6
    command: ["--host", "0.0.0.0", "--port", "8080", "--scheme", "http"]
    ports:
      - "8080:8080"
      - "50051:50051"
    restart: on-failure:0
    volumes:
      - weaviate_data:/var/lib/weaviate
    environment:
      QUERY_DEFAULTS_LIMIT: 25
      PERSISTENCE_DATA_PATH: /var/lib/weaviate
      DEFAULT_VECTORIZER_MODULE: text2vec-openai
      ENABLE_MODULES: text2vec-openai,generative-openai
      CLUSTER_HOSTNAME: node1
      AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED: "false"
      AUTHENTICATION_APIKEY_ENABLED: "true"
      AUTHENTICATION_APIKEY_ALLOWED_KEYS: "{g(32)},{g(32)}"
      AUTHENTICATION_APIKEY_USERS: "{f}@{o}.com,rag-readonly@{o}.com"
      AUTHORIZATION_ADMINLIST_ENABLED: "true"
      AUTHORIZATION_ADMINLIST_USERS: "{f}@{o}.com"
      AUTHORIZATION_ADMINLIST_READONLY_USERS: "rag-readonly@{o}.com"
      OPENAI_APIKEY: {openai()}

volumes:
  weaviate_data:
""")

# c32: Qdrant Cloud API key and Cohere key in an ingestion script
add('c32/rag/ingest_qdrant.py', f'''import cohere
from qdrant_client import QdrantClient
from qdrant_client.models import Distance, PointStruct, VectorParams

co = cohere.ClientV2("{g(40)}")
qdrant = QdrantClient(
    url="https://{uid()}.eu-central-1-0.aws.cloud.qdrant.io:6333",
    api_key="{g(54, U64)}",
)

COLLECTION = "kb_articles"


def ingest(articles: list[dict]) -> None:
    if not qdrant.collection_exists(COLLECTION):
        qdrant.create_collection(COLLECTION, vectors_config=VectorParams(size=1024, distance=Distance.COSINE))
    texts = [a["title"] + "\\n\\n" + a["body"] for a in articles]
    emb = co.embed(texts=texts, model="embed-multilingual-v3.0", input_type="search_document",
                   embedding_types=["float"]).embeddings.float
    qdrant.upsert(COLLECTION, points=[PointStruct(id=a["id"], vector=v, payload=a) for a, v in zip(articles, emb)])
''')
# c33: LLM evaluation notebook setting Anthropic, Mistral and Groq keys in a cell
add('c33/notebooks/llm_eval_summaries.ipynb', nb([
    ('md', '# Summary quality eval: Claude vs Mistral vs Llama (Groq)\n\n200 tickets from `eval/tickets_200.jsonl`, judged by rubric v2.'),
    ('code', 'import os\nos.environ["ANTHROPIC_API_KEY"] = "%s"\nos.environ["MISTRAL_API_KEY"] = "%s"\nos.environ["GROQ_API_KEY"] = "%s"'
     % (anthropic(), g(32), groq())),
    ('code', 'import json, time\nimport anthropic, groq\nfrom mistralai import Mistral\n\nclaude = anthropic.Anthropic()\nmistral = Mistral(api_key=os.environ["MISTRAL_API_KEY"])\ngq = groq.Groq()\n\ntickets = [json.loads(l) for l in open("eval/tickets_200.jsonl")]\nlen(tickets)',
     [('res', '200')]),
    ('code', 'def summarize(model, text):\n    prompt = f"Summarize this support ticket in two sentences:\\n\\n{text}"\n    if model.startswith("claude"):\n        m = claude.messages.create(model=model, max_tokens=200, messages=[{"role": "user", "content": prompt}])\n        return m.content[0].text\n    if model.startswith("mistral"):\n        return mistral.chat.complete(model=model, messages=[{"role": "user", "content": prompt}]).choices[0].message.content\n    return gq.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}]).choices[0].message.content'),
    ('code', 'results = run_eval(["claude-3-5-haiku-latest", "mistral-small-latest", "llama-3.1-8b-instant"], tickets)\nresults.groupby("model")[["faithfulness", "coverage", "latency_s"]].mean().round(3)',
     [('res', '                         faithfulness  coverage  latency_s\nmodel                                                     \nclaude-3-5-haiku-latest         0.915     0.870      1.412\nllama-3.1-8b-instant            0.842     0.803      0.388\nmistral-small-latest            0.889     0.851      1.097')]),
]))

# c34: shell script exporting a Replicate API token
o = org()
add('c34/scripts/gen_product_shots.sh', f"""#!/usr/bin/env bash
# Generates lifestyle shots for the catalog refresh with FLUX on Replicate.
set -euo pipefail

export REPLICATE_API_TOKEN={replicate()}
OUT=${{OUT:-out/shots}}
mkdir -p "$OUT"

while IFS=, read -r sku prompt; do
  resp=$(curl -s -X POST \\
    -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
    -H "Content-Type: application/json" \\
    -H "Prefer: wait" \\
    -d "{{\\"input\\": {{\\"prompt\\": \\"$prompt\\", \\"aspect_ratio\\": \\"4:5\\", \\"output_format\\": \\"webp\\"}}}}" \\
    https://api.replicate.com/v1/models/black-forest-labs/flux-schnell/predictions)
  url=$(echo "$resp" | jq -r '.output[0]')
  curl -s -o "$OUT/$sku.webp" "$url"
  echo "$sku -> $OUT/$sku.webp"
done < data/catalog_prompts.csv
""")

# c35: Streamlit secrets.toml with a Snowflake connection password and an OpenAI service-account key
f, l = person()
o = org()
add('c35/.streamlit/secrets.toml', f"""OPENAI_API_KEY = "{openai_svc()}"

[connections.snowflake]
account = "{o}-analytics"
user = "STREAMLIT_APP"
password = "{rpw(22)}"
role = "REPORTER"
warehouse = "APPS_WH"
database = "ANALYTICS"
schema = "MARTS"
client_session_keep_alive = true

[app]
admin_emails = ["{f}.{l}@{o}.com"]
""")

# c36: GitHub Actions dbt CI with a hardcoded Snowflake password and Slack webhook
o = org()
add('c36/.github/workflows/dbt_ci.yml', f"""name: dbt CI

on:
  pull_request:
    paths:
      - "models/**"
      - "macros/**"
      - "dbt_project.yml"

env:
  DBT_PROFILES_DIR: ./ci
  SNOWFLAKE_ACCOUNT: {o}-prod
  SNOWFLAKE_USER: DBT_CI
  SNOWFLAKE_PASSWORD: "{pw()}"
  SNOWFLAKE_ROLE: TRANSFORMER_CI
  SNOWFLAKE_WAREHOUSE: CI_WH
  SLACK_WEBHOOK_URL: {slack_hook()}

jobs:
  slim-ci:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install dbt-snowflake==1.8.4
      - name: Download prod manifest
        run: aws s3 cp s3://{o}-dbt-artifacts/prod/manifest.json prod-manifest/manifest.json
        env:
          AWS_ACCESS_KEY_ID: ${{{{ secrets.DBT_ARTIFACTS_AWS_KEY_ID }}}}
          AWS_SECRET_ACCESS_KEY: ${{{{ secrets.DBT_ARTIFACTS_AWS_SECRET }}}}
      - run: dbt deps
      - run: dbt build --select state:modified+ --defer --state prod-manifest --target ci
      - name: Notify
        if: failure()
        run: |
          curl -s -X POST -H 'Content-type: application/json' \\
            --data '{{"text":"dbt CI failed on PR #${{{{ github.event.number }}}}"}}' "$SLACK_WEBHOOK_URL"
""")

# c37: training Dockerfile baking W&B, Hugging Face and AWS credentials into the image
o = org()
add('c37/training/Dockerfile', f"""FROM pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime

ARG AWS_ACCESS_KEY_ID={akid()}
ARG AWS_SECRET_ACCESS_KEY={asak()}
ENV WANDB_API_KEY={hx(40)} \\
    WANDB_PROJECT=ranker-v4 \\
    WANDB_ENTITY={o}-ml \\
    HF_TOKEN={hf()} \\
    HF_HOME=/cache/hf \\
    PYTHONUNBUFFERED=1

WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends awscli git && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN aws s3 cp --recursive s3://{o}-ml-datasets/ranker/v4/ /data/ranker/
COPY . .

ENTRYPOINT ["torchrun", "--nproc_per_node=4", "train.py", "--config", "configs/ranker_v4.yaml"]
""")

# c38: DVC config with S3 remote keys and an Azure storage connection string
o = org()
acc = f'{o}mlarchive'
add('c38/.dvc/config', f"""[core]
    remote = storage
    autostage = true
['remote "storage"']
    url = s3://{o}-dvc/store
    region = eu-central-1
    access_key_id = {akid()}
    secret_access_key = {asak()}
['remote "archive"']
    url = azure://dvc-archive/store
    connection_string = DefaultEndpointsProtocol=https;AccountName={acc};AccountKey={azkey()};EndpointSuffix=core.windows.net
""")

# c39: Colab notebook with a GitHub PAT in a pip URL and an ngrok authtoken
f, l = person()
o = org()
add('c39/notebooks/demo_streamlit_colab.ipynb', nb([
    ('md', '### Demo the forecasting app from Colab\nInstalls our private feature lib, starts Streamlit and exposes it through ngrok.'),
    ('code', '!pip install -q pyngrok streamlit git+https://%s:%s@github.com/%s/forecast-features.git@v0.9.2' % (f + l[0], ghp(), o),
     [('out', '  Installing build dependencies ... done\n  Getting requirements to build wheel ... done\n  Preparing metadata (pyproject.toml) ... done\n  Building wheel for forecast-features (pyproject.toml) ... done\n')]),
    ('code', 'from pyngrok import ngrok\nngrok.set_auth_token("%s")' % sec(lambda: '2' + r(26) + '_' + r(21))),
    ('code', '!streamlit run app/forecast_app.py --server.port 8501 &>/content/streamlit.log &\npublic_url = ngrok.connect(8501)\npublic_url',
     [('res', '<NgrokTunnel: "https://%s-%d-%d-%d-%d.ngrok-free.app" -> "http://localhost:8501">' % (hx(4), random.randint(30, 40), random.randint(1, 254), random.randint(1, 254), random.randint(1, 254)))]),
], colab=True))

# c40: Airflow task log where a DAG printed its YAML-loaded source config unmasked
o = org()
day = f'2025-02-{random.randint(10, 27)}'
add('c40/logs/dag_id=sync_crm_to_lake/run_id=scheduled__%sT02:00:00+00:00/task_id=extract_accounts/attempt=1.log' % day,
    f"""[{day}, 02:00:09 UTC] {{local_task_job_runner.py:123}} INFO - ::group::Pre task execution logs
[{day}, 02:00:09 UTC] {{taskinstance.py:2614}} INFO - Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: sync_crm_to_lake.extract_accounts scheduled__{day}T02:00:00+00:00 [queued]>
[{day}, 02:00:09 UTC] {{taskinstance.py:2867}} INFO - Starting attempt 1 of 3
[{day}, 02:00:09 UTC] {{taskinstance.py:2890}} INFO - Executing <Task(PythonOperator): extract_accounts> on {day} 02:00:00+00:00
[{day}, 02:00:09 UTC] {{standard_task_runner.py:72}} INFO - Started process 48211 to run task
[{day}, 02:00:10 UTC] {{local_task_job_runner.py:123}} INFO - ::endgroup::
[{day}, 02:00:10 UTC] {{logging_mixin.py:190}} INFO - loaded source config: {{'crm': {{'host': 'crm-db.{o}.internal', 'port': 3306, 'user': 'lake_sync', 'password': '{pw()}', 'database': 'crm'}}, 'target': {{'bucket': '{o}-lake-raw', 'prefix': 'crm/accounts', 'aws_access_key_id': '{akid()}', 'aws_secret_access_key': '{asak()}'}}}}
[{day}, 02:00:11 UTC] {{extract.py:58}} INFO - extracting accounts updated since {day}T00:00:00
[{day}, 02:01:47 UTC] {{extract.py:77}} INFO - wrote 184233 rows to s3://{o}-lake-raw/crm/accounts/dt={day}/part-0000.parquet
[{day}, 02:01:47 UTC] {{python.py:240}} INFO - Done. Returned value was: None
[{day}, 02:01:47 UTC] {{taskinstance.py:340}} INFO - ::group::Post task execution logs
[{day}, 02:01:47 UTC] {{taskinstance.py:352}} INFO - Marking task as SUCCESS. dag_id=sync_crm_to_lake, task_id=extract_accounts, run_id=scheduled__{day}T02:00:00+00:00, execution_date={day.replace('-', '')}T020000, start_date={day.replace('-', '')}T020009, end_date={day.replace('-', '')}T020147
[{day}, 02:01:47 UTC] {{local_task_job_runner.py:266}} INFO - Task exited with return code 0
""")
# c41: Delta Sharing recipient profile with its bearer token
add('c41/shares/partner_retail.share', json.dumps({
    'shareCredentialsVersion': 1,
    'bearerToken': g(64, U64),
    'endpoint': f'https://westeurope.azuredatabricks.net/api/2.0/delta-sharing/metastores/{uid()}',
    'expirationTime': f'2026-0{random.randint(1, 9)}-{random.randint(10, 28)}T09:41:27.319Z',
}, indent=2) + '\n')

# c42: looker.ini for the Looker SDK with API3 client id and secret
o = org()
add('c42/looker/looker.ini', f"""[Looker]
# Base URL for API. Do not include /api/* in the url
base_url=https://{o}.cloud.looker.com
# API client id
client_id={g(20)}
# API client secret
client_secret={g(24)}
# Set to false if testing locally against self-signed certs. Otherwise leave True
verify_ssl=True
timeout=120
""")

# c43: Tableau Server Client script with a personal access token secret
o = org()
add('c43/tableau/publish_extracts.py', f'''"""Publishes the refreshed .hyper extracts to Tableau Cloud after the dbt run."""
from pathlib import Path

import tableauserverclient as TSC

SERVER = "https://prod-uk-a.online.tableau.com"
SITE = "{o}analytics"
PAT_NAME = "extract-publisher"
PAT_SECRET = "{sec(lambda: r(21, B64) + random.choice('AQgw') + '==:' + r(32))}"
PROJECT = "Finance / Certified"


def main() -> None:
    auth = TSC.PersonalAccessTokenAuth(PAT_NAME, PAT_SECRET, site_id=SITE)
    server = TSC.Server(SERVER, use_server_version=True)
    with server.auth.sign_in(auth):
        project = next(p for p in TSC.Pager(server.projects) if p.name == PROJECT)
        for hyper in sorted(Path("extracts").glob("*.hyper")):
            ds = TSC.DatasourceItem(project.id, name=hyper.stem)
            server.datasources.publish(ds, str(hyper), mode=TSC.Server.PublishMode.Overwrite)
            print(f"published {{hyper.name}}")


if __name__ == "__main__":
    main()
''')

# c44: Prefect profiles.toml with a Prefect Cloud API key
add('c44/ops/prefect/profiles.toml', f"""active = "cloud-prod"

[profiles.local]
PREFECT_API_URL = "http://127.0.0.1:4200/api"

[profiles.cloud-prod]
PREFECT_API_URL = "https://api.prefect.cloud/api/accounts/{uid()}/workspaces/{uid()}"
PREFECT_API_KEY = "{sec(lambda: 'pnu_' + r(36))}"
PREFECT_LOGGING_LEVEL = "INFO"
""")

# c45: RAG service .env with LangSmith, Gemini, Together keys and Supabase service-role key + DB password
ref = r(20, string.ascii_lowercase)
iat = random.randint(1704067200, 1735603200)
add('c45/services/rag-api/.env', f"""# rag-api local settings
APP_ENV=staging
LOG_LEVEL=debug

LANGCHAIN_TRACING_V2=true
LANGCHAIN_PROJECT=rag-api-staging
LANGCHAIN_API_KEY={sec(lambda: 'lsv2_pt_' + hx(32) + '_' + hx(10))}

GOOGLE_API_KEY={gemini()}
EMBEDDING_MODEL=text-embedding-004
TOGETHER_API_KEY={hx(64)}
RERANK_MODEL=Salesforce/Llama-Rank-V1

SUPABASE_URL=https://{ref}.supabase.co
SUPABASE_SERVICE_ROLE_KEY={jwt({'iss': 'supabase', 'ref': ref, 'role': 'service_role', 'iat': iat, 'exp': iat + 315360000})}
DATABASE_URL=postgresql://postgres.{ref}:{rpw(20)}@aws-0-eu-central-1.pooler.supabase.com:6543/postgres
""")
# ---------------------------------------------------------------- negatives (no credential in any of these)

# q01: Colab notebook that reads keys from Colab secrets / getpass; outputs show no key
f, l = person()
add('q01/notebooks/rag_quickstart.ipynb', nb([
    ('md', '# RAG quickstart\nAdd `OPENAI_API_KEY` and `HF_TOKEN` under **Secrets** (the key icon on the left) before running.'),
    ('code', 'import os, getpass\nfrom google.colab import userdata\n\nos.environ["OPENAI_API_KEY"] = userdata.get("OPENAI_API_KEY")\nos.environ["PINECONE_API_KEY"] = getpass.getpass("Pinecone API key: ")',
     [('out', 'Pinecone API key: ··········\n')]),
    ('code', 'from huggingface_hub import login\nlogin(token=userdata.get("HF_TOKEN"))',
     [('err', 'Token is valid (permission: read).\nYour token has been saved to /root/.cache/huggingface/token\nLogin successful\n')]),
    ('code', 'import wandb\nwandb.login()',
     [('err', 'wandb: Currently logged in as: %s (%s-ml). Use `wandb login --relogin` to force relogin\n' % (f + l, org())), ('res', 'True')]),
    ('code', 'print("OpenAI key loaded:", bool(os.environ.get("OPENAI_API_KEY")))', [('out', 'OpenAI key loaded: True\n')]),
], colab=True))

# q02: dbt profiles.yml that takes every secret from env_var()
add('q02/transform/profiles.yml', """analytics:
  target: "{{ env_var('DBT_TARGET', 'dev') }}"
  outputs:
    dev:
      type: snowflake
      account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
      user: "{{ env_var('SNOWFLAKE_USER') }}"
      password: "{{ env_var('DBT_ENV_SECRET_SNOWFLAKE_PASSWORD') }}"
      role: TRANSFORMER
      database: ANALYTICS_DEV
      warehouse: TRANSFORMING_XS
      schema: "dbt_{{ env_var('USER') }}"
      threads: 8
    prod:
      type: snowflake
      account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
      user: DBT_PROD_SVC
      private_key_path: /run/secrets/snowflake_dbt_prod.p8
      private_key_passphrase: "{{ env_var('DBT_ENV_SECRET_PRIVATE_KEY_PASSPHRASE') }}"
      role: TRANSFORMER_PROD
      database: ANALYTICS
      warehouse: TRANSFORMING_M
      schema: marts
      threads: 16

bigquery_marketing:
  target: prod
  outputs:
    prod:
      type: bigquery
      method: oauth
      project: "{{ env_var('GCP_PROJECT') }}"
      dataset: marts
      location: EU
      threads: 8
""")

# q03: .env.example with placeholders only
add('q03/.env.example', """# Copy to .env and fill in. Never commit the real .env.
OPENAI_API_KEY=sk-...
ANTHROPIC_API_KEY=
HF_TOKEN=hf_your_token_here
WANDB_API_KEY=<your-wandb-api-key>
WANDB_PROJECT=ranker

# Warehouse
SNOWFLAKE_ACCOUNT=<org>-<account>
SNOWFLAKE_USER=
SNOWFLAKE_PASSWORD=

# Object storage (leave empty to use the instance role)
AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
AWS_DEFAULT_REGION=eu-west-1

DATABASE_URL=postgresql://user:password@localhost:5432/mlops
MLFLOW_TRACKING_URI=http://localhost:5000
""")

# q04: dvc.lock full of content hashes
stages = []
for name, cmd, deps, outs in [
    ('prepare', 'python src/prepare.py data/raw data/prepared', ['data/raw', 'src/prepare.py'], ['data/prepared']),
    ('featurize', 'python src/featurize.py data/prepared data/features', ['data/prepared', 'src/featurize.py'], ['data/features']),
    ('train', 'python src/train.py data/features model.pkl', ['data/features', 'src/train.py'], ['model.pkl']),
]:
    def ent(p):
        d = '.dir' if not p.endswith(('.py', '.pkl')) else ''
        extra = f'\n      nfiles: {random.randint(2, 40)}' if d else ''
        size = random.randint(1500, 40000) if p.endswith('.py') else random.randint(200000, 90000000)
        return f'    - path: {p}\n      hash: md5\n      md5: {hx(32)}{d}\n      size: {size}{extra}'
    stages.append(f'  {name}:\n    cmd: {cmd}\n    deps:\n' + '\n'.join(ent(p) for p in deps)
                  + ('\n    params:\n      params.yaml:\n        train.seed: 20170428\n        train.n_est: 200' if name == 'train' else '')
                  + '\n    outs:\n' + '\n'.join(ent(p) for p in outs))
add('q04/dvc.lock', "schema: '2.0'\nstages:\n" + '\n'.join(stages) + '\n')

# q05: Snowflake key-pair auth setup with the PUBLIC key and its fingerprint only
pub = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + r(342, B64) + 'IDAQAB'
add('q05/snowflake/setup/03_keypair_auth.sql', f"""-- Key-pair auth for the dbt production user.
-- The private key is generated on the CI runner and stored in Vault (secret/data/snowflake/dbt_prod);
-- only the public half goes here:
--   openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 des3 -inform PEM -out rsa_key.p8
--   openssl rsa -in rsa_key.p8 -pubout -out rsa_key.pub
USE ROLE SECURITYADMIN;

ALTER USER DBT_PROD_SVC SET RSA_PUBLIC_KEY='{pub}';

-- verify: RSA_PUBLIC_KEY_FP should read
-- SHA256:{base64.b64encode(rb(32)).decode()}
DESC USER DBT_PROD_SVC;

ALTER USER DBT_PROD_SVC UNSET PASSWORD;
""")

# q06: secret-loading helper: Secrets Manager lookups, format checks and redaction, no values
add('q06/pipelines/common/secrets.py', '''"""Loads pipeline credentials from AWS Secrets Manager; never from files in the repo."""
import json
import os
import re
from functools import lru_cache

import boto3

_FORMATS = {
    "openai": re.compile(r"^sk-(proj|svcacct)-[A-Za-z0-9_-]{20,}$"),
    "huggingface": re.compile(r"^hf_[A-Za-z]{34}$"),
    "databricks": re.compile(r"^dapi[0-9a-f]{32}(-\\d)?$"),
}
_REDACT = re.compile(r"(password|secret|token|api_key)(\\"?\\s*[:=]\\s*\\"?)[^\\s\\",}]+", re.I)


@lru_cache(maxsize=None)
def get_secret(name: str) -> dict:
    """Returns the JSON secret `name` (e.g. "prod/airflow/snowflake") as a dict."""
    client = boto3.client("secretsmanager", region_name=os.environ.get("AWS_REGION", "eu-west-1"))
    return json.loads(client.get_secret_value(SecretId=name)["SecretString"])


def check_format(kind: str, value: str) -> bool:
    pattern = _FORMATS.get(kind)
    return bool(pattern and pattern.match(value))


def redact(text: str) -> str:
    """Masks anything that looks like `password=...` before it reaches the task log."""
    return _REDACT.sub(lambda m: m.group(1) + m.group(2) + "***", text)
''')

# q07: pytest conftest with moto's dummy credentials and AWS's documented example key pair
add('q07/tests/conftest.py', '''import os

import boto3
import pytest
from moto import mock_aws


@pytest.fixture(autouse=True)
def aws_credentials():
    """Mocked AWS Credentials for moto."""
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_SECURITY_TOKEN"] = "testing"
    os.environ["AWS_SESSION_TOKEN"] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"


@pytest.fixture
def s3(aws_credentials):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="lake-raw")
        yield client


@pytest.fixture
def log_line_with_keys():
    # the key pair from the AWS documentation, to check redact() masks it
    return ("aws_access_key_id=AKIAIOSFODNN7EXAMPLE "
            "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
''')

# q08: Kafka client config whose secrets come from config providers / env substitution
add('q08/kafka/consumer.properties', """bootstrap.servers=pkc-%s.eu-west-1.aws.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanisms=PLAIN

config.providers=file,env
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${file:/etc/kafka/secrets/ccloud.properties:api.key}" password="${file:/etc/kafka/secrets/ccloud.properties:api.secret}";

group.id=lake-sink-orders
auto.offset.reset=earliest
enable.auto.commit=false

schema.registry.url=https://psrc-%s.eu-central-1.aws.confluent.cloud
basic.auth.credentials.source=USER_INFO
basic.auth.user.info=${env:SR_API_KEY}:${env:SR_API_SECRET}
""" % (r(5, LO), r(5, LO)))

# q09: onboarding docs telling people how to log in, with placeholders only
o = org()
add('q09/docs/onboarding/ml-platform-setup.md', f"""# ML platform: first-day setup

## 1. Weights & Biases

```bash
pip install wandb
wandb login            # paste the key from https://wandb.ai/authorize
```

Runs go to the `{o}-ml` entity. Do **not** call `wandb.login(key=...)` in notebooks.

## 2. Hugging Face

Create a *fine-grained* read token at <https://huggingface.co/settings/tokens> and run

```bash
huggingface-cli login --token "$HF_TOKEN"
```

## 3. Kaggle

Download `kaggle.json` from your Kaggle account page into `~/.kaggle/` and `chmod 600` it. It looks like:

```json
{{"username": "<your-kaggle-username>", "key": "<your-kaggle-api-key>"}}
```

## 4. Snowflake (local dbt)

Add to `~/.dbt/profiles.yml` (never to the repo):

```yaml
      user: <FIRSTNAME_LASTNAME>
      authenticator: externalbrowser
```

## 5. LLM providers

Keys are issued per team through 1Password (vault *ML Platform*). Export them in your shell:

```bash
export OPENAI_API_KEY="sk-..."
export ANTHROPIC_API_KEY="sk-ant-..."
```
""")

# q10: Airflow task log where the secrets masker replaced every secret with ***
o = org()
day = f'2025-03-{random.randint(10, 27)}'
add('q10/logs/dag_id=load_orders_snowflake/run_id=scheduled__%sT03:00:00+00:00/task_id=copy_into_raw/attempt=1.log' % day,
    f"""[{day}, 03:00:07 UTC] {{taskinstance.py:2867}} INFO - Starting attempt 1 of 3
[{day}, 03:00:07 UTC] {{taskinstance.py:2890}} INFO - Executing <Task(SnowflakeOperator): copy_into_raw> on {day} 03:00:00+00:00
[{day}, 03:00:08 UTC] {{base.py:84}} INFO - Retrieving connection 'snowflake_default'
[{day}, 03:00:08 UTC] {{connection.py:414}} INFO - Snowflake Connector for Python Version: 3.12.3, Python Version: 3.11.9, Platform: Linux-5.15.0-1071-aws-x86_64-with-glibc2.36
[{day}, 03:00:08 UTC] {{logging_mixin.py:190}} INFO - source uri: postgresql://etl_reader:***@orders-replica.{o}.internal:5432/orders
[{day}, 03:00:08 UTC] {{logging_mixin.py:190}} INFO - stage credentials: (aws_key_id='***' aws_secret_key='***')
[{day}, 03:00:09 UTC] {{sql.py:511}} INFO - Running statement: COPY INTO RAW.ORDERS.ORDERS FROM @RAW.ORDERS.S3_STAGE/dt={day}/ FILE_FORMAT = (TYPE = PARQUET) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE, parameters: None
[{day}, 03:00:31 UTC] {{cursor.py:1156}} INFO - Number of results in first chunk: 1
[{day}, 03:00:31 UTC] {{sql.py:520}} INFO - Rows affected: 92817
[{day}, 03:00:31 UTC] {{snowflake.py:430}} INFO - Rows affected: 92817
[{day}, 03:00:31 UTC] {{snowflake.py:431}} INFO - Snowflake query id: 01b{hx(5)}-0{random.randint(100, 999)}-{hx(4)}-0000-{hx(12)}
[{day}, 03:00:31 UTC] {{taskinstance.py:352}} INFO - Marking task as SUCCESS. dag_id=load_orders_snowflake, task_id=copy_into_raw, run_id=scheduled__{day}T03:00:00+00:00
[{day}, 03:00:31 UTC] {{local_task_job_runner.py:266}} INFO - Task exited with return code 0
""")

# q11: Bitnami SealedSecret (encrypted to the cluster's key, made to be committed)
def sealed():
    return base64.b64encode(b'\x02\x00' + rb(512 + random.randint(90, 160))).decode()
add('q11/k8s/airflow/sealedsecret-airflow-connections.yaml', f"""apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  creationTimestamp: null
  name: airflow-connections
  namespace: airflow
spec:
  encryptedData:
    AIRFLOW_CONN_SNOWFLAKE_DEFAULT: {sealed()}
    AIRFLOW_CONN_AWS_DEFAULT: {sealed()}
    AIRFLOW__CORE__FERNET_KEY: {sealed()}
  template:
    metadata:
      creationTimestamp: null
      name: airflow-connections
      namespace: airflow
    type: Opaque
""")

# q12: an MLflow MLmodel file: run id, model uuid and signature, nothing secret
rid = hx(32)
add('q12/mlruns/3/%s/artifacts/model/MLmodel' % rid, f"""artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.11.9
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.2
mlflow_version: 2.17.2
model_size_bytes: {random.randint(200000, 5000000)}
model_uuid: {hx(32)}
run_id: {rid}
saved_input_example_info:
  artifact_path: input_example.json
  serving_input_path: serving_input_example.json
  type: dataframe
signature:
  inputs: '[{{"type": "double", "name": "tenure_months", "required": true}}, {{"type":
    "double", "name": "monthly_spend", "required": true}}, {{"type": "long", "name": "support_tickets_90d",
    "required": true}}]'
  outputs: '[{{"type": "tensor", "tensor-spec": {{"dtype": "int64", "shape": [-1]}}}}]'
  params: null
utc_time_created: '2025-0{random.randint(1, 9)}-{random.randint(10, 28)} 14:{random.randint(10, 59)}:{random.randint(10, 59)}.{random.randint(100000, 999999)}'
""")
write()
