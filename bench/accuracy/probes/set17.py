# Usage: python3 set17.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 17 (stop 25): config files of self-hosted servers, network gear, databases, IaC and
# mobile/desktop builds, each holding one credential (q01..q45), and the same kinds holding none (y01..y12).
import base64, hashlib, random, re
from common import A, HEX, add, ck, hx, r, start, write
start()

WORDS = ['harbor', 'granite', 'maple', 'falcon', 'copper', 'lantern', 'meadow', 'orbit', 'pepper', 'quartz',
         'river', 'saddle', 'timber', 'velvet', 'willow', 'amber', 'bramble', 'cobalt', 'dune', 'ember',
         'fjord', 'glacier', 'hazel', 'indigo', 'juniper', 'kettle', 'lilac', 'mosaic', 'nectar', 'otter',
         'pebble', 'quill', 'raven', 'sierra', 'thistle', 'umber', 'vortex', 'walnut', 'yarrow', 'zephyr',
         'anchor', 'beacon', 'cactus', 'delta', 'engine', 'fossil', 'garnet', 'hollow', 'island', 'jasper',
         'kayak', 'lumen', 'marble', 'nimbus', 'oyster', 'prairie', 'rocket', 'summit', 'tundra', 'voyage']
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
LOW = 'abcdefghijklmnopqrstuvwxyz'
B32 = UP + '234567'
CRYPT = './0123456789' + UP + LOW


def fill(t: str, **kw) -> str:
    """Replaces each @@NAME@@ marker in `t` by kw['NAME']."""
    for k, v in kw.items():
        t = t.replace('@@' + k + '@@', v)
    assert not re.search(r'@@[A-Z0-9]+@@', t), t
    return t


def human(syms: str = '!$%*?+=.-_') -> str:
    """A human-chosen password: one or two words, digits, a symbol."""
    ws = random.sample(WORDS, random.choice([1, 2]))
    w = ''.join(x.capitalize() for x in ws)
    d = str(random.randint(10, 9999))
    s = random.choice(syms)
    return random.choice([w + d + s, w + s + d, s + w + d, w.lower() + d + s])


def phrase(n: int = 0) -> str:
    return '-'.join(random.sample(WORDS, n or random.choice([3, 4])))


def rb(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n: int) -> str:
    return base64.b64encode(rb(n)).decode()


def wg_key() -> str:
    k = bytearray(rb(32))
    k[0] &= 248
    k[31] = (k[31] & 127) | 64
    return base64.b64encode(bytes(k)).decode()


# ---------------------------------------------------------------- positives

add('q01/etc/redis/redis.conf', fill('''# Redis 7.2 - cache01.tidewater.lan (managed by hand, see ops wiki "redis")
bind 10.20.4.11 127.0.0.1 -::1
protected-mode yes
port 6379
tcp-backlog 511
timeout 0
tcp-keepalive 300
daemonize no
supervised systemd
pidfile /run/redis/redis-server.pid
loglevel notice
logfile /var/log/redis/redis-server.log
databases 16
always-show-logo no

save 3600 1 300 100 60 10000
stop-writes-on-bgsave-error yes
rdbcompression yes
rdbchecksum yes
dbfilename dump.rdb
dir /var/lib/redis

replica-serve-stale-data yes
replica-read-only yes
repl-diskless-sync yes

requirepass @@PW@@

maxclients 4000
maxmemory 2gb
maxmemory-policy allkeys-lru

appendonly yes
appendfilename "appendonly.aof"
appendfsync everysec
slowlog-log-slower-than 10000
slowlog-max-len 128
''', PW=r(40)))

add('q02/ops/backup/.my.cnf', fill('''# credentials for the nightly mysqldump job on db-backup01 (cron: /etc/cron.d/mysql-dump)
[client]
user=backup_ro
password="@@PW@@"
host=mysql-primary.int.brackenridge.io
port=3306
default-character-set=utf8mb4
ssl-ca=/etc/mysql/tls/ca.pem

[mysqldump]
single-transaction
quick
routines
events
triggers
max_allowed_packet=512M
''', PW=human()))

mongo_pw = r(22)
add('q03/deploy/rocketchat/docker-compose.yml', fill('''services:
  rocketchat:
    image: registry.rocket.chat/rocketchat/rocket.chat:6.9.2
    restart: unless-stopped
    labels:
      traefik.enable: "true"
      traefik.http.routers.rocketchat.rule: Host(`chat.kestrelworks.de`)
      traefik.http.routers.rocketchat.tls.certresolver: le
    environment:
      ROOT_URL: https://chat.kestrelworks.de
      PORT: 3000
      DEPLOY_METHOD: docker
      MONGO_URL: mongodb://rocketchat:@@PW@@@mongo01.kestrelworks.lan:27017/rocketchat?replicaSet=rs0&authSource=admin
      MONGO_OPLOG_URL: mongodb://rocketchat:@@PW@@@mongo01.kestrelworks.lan:27017/local?replicaSet=rs0&authSource=admin
      OVERWRITE_SETTING_Show_Setup_Wizard: completed
    expose:
      - 3000
    networks:
      - proxy

networks:
  proxy:
    external: true
''', PW=mongo_pw))

add('q04/home/ops/.cassandra/cqlshrc', fill('''; cqlsh defaults for the ops jump host (metrics cluster, DC1)
[authentication]
username = ops_readonly
password = @@PW@@

[connection]
hostname = cass-dc1-n1.metrics.lan
port = 9042
timeout = 20
request_timeout = 30

[ssl]
certfile = /etc/cassandra/tls/ca.pem
validate = true

[ui]
color = on
datetimeformat = %Y-%m-%d %H:%M:%S%z
timezone = Europe/Berlin
completekey = tab
''', PW=phrase()))

add('q05/etc/kibana/kibana.yml', fill('''# Kibana 8.13 - logs.hollowmere.net
server.port: 5601
server.host: "0.0.0.0"
server.publicBaseUrl: "https://logs.hollowmere.net"
server.name: "kibana-01"

elasticsearch.hosts: ["https://es-01.hollowmere.lan:9200", "https://es-02.hollowmere.lan:9200"]
elasticsearch.username: "kibana_system"
elasticsearch.password: "@@PW@@"
elasticsearch.ssl.certificateAuthorities: ["/etc/kibana/certs/http_ca.crt"]
elasticsearch.ssl.verificationMode: full
elasticsearch.requestTimeout: 60000

logging:
  appenders:
    file:
      type: file
      fileName: /var/log/kibana/kibana.log
      layout:
        type: json
  root:
    appenders: [default, file]

pid.file: /run/kibana/kibana.pid
i18n.locale: "en"
''', PW=r(20, A + '*_-+=')))

add('q06/etc/clickhouse-server/users.d/etl_loader.xml', fill('''<?xml version="1.0"?>
<!-- ETL account used by the Airflow workers (airflow-w1..w3) -->
<clickhouse>
    <users>
        <etl_loader>
            <password>@@PW@@</password>
            <networks>
                <ip>10.42.0.0/16</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
            <access_management>0</access_management>
            <grants>
                <query>GRANT INSERT, SELECT ON analytics.*</query>
            </grants>
        </etl_loader>
    </users>
</clickhouse>
''', PW=human('!$%*?+=.-_')))

add('q07/etc/telegraf/telegraf.conf', fill('''[global_tags]
  site = "fra-dc2"
  role = "hypervisor"

[agent]
  interval = "10s"
  round_interval = true
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  collection_jitter = "0s"
  flush_interval = "10s"
  flush_jitter = "0s"
  precision = "0s"
  hostname = ""
  omit_hostname = false

[[outputs.influxdb_v2]]
  urls = ["https://influx.tidewater.lan:8086"]
  token = "@@TOK@@"
  organization = "tidewater"
  bucket = "infra"
  tls_ca = "/etc/telegraf/ca.pem"

[[inputs.cpu]]
  percpu = true
  totalcpu = true
  collect_cpu_time = false
  report_active = false

[[inputs.disk]]
  ignore_fs = ["tmpfs", "devtmpfs", "devfs", "iso9660", "overlay", "aufs", "squashfs"]

[[inputs.diskio]]
[[inputs.mem]]
[[inputs.net]]
[[inputs.system]]
''', TOK=base64.urlsafe_b64encode(rb(64)).decode()))

add('q08/cloud-init/edge-gw-03.yaml', fill('''#cloud-config
hostname: edge-gw-03
fqdn: edge-gw-03.branch.hollowmere.net
timezone: Europe/Amsterdam
package_update: true
package_upgrade: true
packages:
  - curl
  - jq
  - nftables
write_files:
  - path: /etc/sysctl.d/99-forwarding.conf
    content: |
      net.ipv4.ip_forward = 1
      net.ipv6.conf.all.forwarding = 1
runcmd:
  - sysctl --system
  - curl -fsSL https://tailscale.com/install.sh | sh
  - tailscale up --authkey=@@KEY@@ --advertise-routes=10.60.0.0/24 --ssh --hostname=edge-gw-03
  - systemctl enable --now nftables
''', KEY='tskey-auth-k' + r(9) + 'CNTRL-' + r(34)))

add('q09/etc/gitlab-runner/config.toml', fill('''concurrent = 4
check_interval = 0
shutdown_timeout = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "build-docker-02"
  url = "https://gitlab.brackenridge.io"
  id = 118
  token = "@@TOK@@"
  token_obtained_at = 2024-05-02T09:14:33Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  [runners.custom_build_dir]
  [runners.cache]
    MaxUploadedArchiveSize = 0
  [runners.docker]
    tls_verify = false
    image = "alpine:3.19"
    privileged = false
    disable_entrypoint_overwrite = false
    oom_kill_disable = false
    disable_cache = false
    volumes = ["/cache", "/var/run/docker.sock:/var/run/docker.sock"]
    shm_size = 0
    network_mtu = 0
''', TOK='glrt-' + r(20, A + '_-')))

add('q10/etc/grafana/grafana.ini', fill('''##################### Grafana Configuration - grafana.tidewater.lan #####################
[paths]
data = /var/lib/grafana
logs = /var/log/grafana
plugins = /var/lib/grafana/plugins
provisioning = /etc/grafana/provisioning

[server]
protocol = http
http_addr = 127.0.0.1
http_port = 3000
domain = grafana.tidewater.lan
root_url = https://grafana.tidewater.lan/
enable_gzip = true

[database]
type = sqlite3
path = grafana.db

[security]
admin_user = admin
admin_password = @@PW@@
cookie_secure = true
cookie_samesite = lax
disable_gravatar = true

[users]
allow_sign_up = false
auto_assign_org_role = Viewer

[auth.anonymous]
enabled = false

[log]
mode = console file
level = info

[analytics]
reporting_enabled = false
check_for_updates = false
''', PW=human()))

add('q11/etc/prometheus/prometheus.yml', fill('''global:
  scrape_interval: 30s
  evaluation_interval: 30s
  external_labels:
    cluster: fra-dc2

rule_files:
  - /etc/prometheus/rules/*.yml

alerting:
  alertmanagers:
    - static_configs:
        - targets: ["alertmanager.tidewater.lan:9093"]

scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]

  - job_name: node
    file_sd_configs:
      - files: ["/etc/prometheus/targets/node_*.json"]

  - job_name: federate-ams
    honor_labels: true
    metrics_path: /federate
    scheme: https
    params:
      "match[]":
        - '{job="node"}'
        - '{__name__=~"job:.*"}'
    basic_auth:
      username: federation
      password: "@@PW@@"
    static_configs:
      - targets: ["prom-ams.tidewater.net:443"]
''', PW=r(24)))

add('q12/etc/alertmanager/alertmanager.yml', fill('''global:
  resolve_timeout: 5m
  smtp_smarthost: "smtp.gmail.com:587"
  smtp_from: "homelab.alerts@gmail.com"
  smtp_auth_username: "homelab.alerts@gmail.com"
  smtp_auth_password: "@@PW@@"
  smtp_require_tls: true

route:
  receiver: mail-me
  group_by: ["alertname", "instance"]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 6h
  routes:
    - matchers: ['severity="info"']
      receiver: blackhole

receivers:
  - name: mail-me
    email_configs:
      - to: "jonas.aalders@fastmail.com"
        send_resolved: true
  - name: blackhole

inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ["alertname", "instance"]
''', PW=r(16, LOW)))

add('q13/etc/zabbix/zabbix_server.conf', fill('''############ GENERAL PARAMETERS #################
ListenPort=10051
SourceIP=10.20.1.15
LogType=file
LogFile=/var/log/zabbix/zabbix_server.log
LogFileSize=50
DebugLevel=3
PidFile=/run/zabbix/zabbix_server.pid
SocketDir=/run/zabbix

DBHost=pg-zbx.tidewater.lan
DBName=zabbix
DBSchema=public
DBUser=zabbix
DBPassword=@@PW@@
DBPort=5432
DBTLSConnect=verify_full
DBTLSCAFile=/etc/zabbix/tls/pg-ca.pem

StartPollers=25
StartPollersUnreachable=5
StartTrappers=10
StartPingers=5
StartDiscoverers=3
StartHTTPPollers=2
CacheSize=256M
HistoryCacheSize=64M
ValueCacheSize=128M
Timeout=10
AlertScriptsPath=/usr/lib/zabbix/alertscripts
ExternalScripts=/usr/lib/zabbix/externalscripts
LogSlowQueries=3000
StatsAllowedIP=127.0.0.1
''', PW=r(18)))

add('q14/etc/newrelic-infra.yml', fill('''# New Relic infrastructure agent - pg-replica-02
license_key: @@KEY@@
display_name: pg-replica-02
log:
  file: /var/log/newrelic-infra/newrelic-infra.log
  level: info
  rotate:
    max_size_mb: 100
    max_files: 5
custom_attributes:
  environment: production
  team: data-platform
  datacenter: fra-dc2
enable_process_metrics: true
verbose: 0
proxy: http://proxy.tidewater.lan:3128
''', KEY='eu01xx' + hx(30) + 'NRAL'))

add('q15/opt/sonarqube/conf/sonar.properties', fill('''# SonarQube 10.4 - sonar.brackenridge.io
#--------------------------------------------------------------------------------------------------
# DATABASE
sonar.jdbc.username=sonarqube
sonar.jdbc.password=@@PW@@
sonar.jdbc.url=jdbc:postgresql://pg-tools.brackenridge.lan:5432/sonarqube?currentSchema=public
sonar.jdbc.maxActive=60
sonar.jdbc.maxIdle=5
sonar.jdbc.minIdle=2

#--------------------------------------------------------------------------------------------------
# WEB SERVER
sonar.web.host=127.0.0.1
sonar.web.port=9000
sonar.web.context=
sonar.web.javaOpts=-Xmx1G -Xms256m -XX:+HeapDumpOnOutOfMemoryError

#--------------------------------------------------------------------------------------------------
# ELASTICSEARCH
sonar.search.javaOpts=-Xmx2G -Xms2G -XX:MaxDirectMemorySize=1G
sonar.path.data=/var/sonarqube/data
sonar.path.temp=/var/sonarqube/temp

#--------------------------------------------------------------------------------------------------
# LOGGING
sonar.log.level=INFO
sonar.path.logs=/var/log/sonarqube
''', PW=human()))

add('q16/ci/maven/settings.xml', fill('''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <servers>
    <server>
      <id>nexus-kestrel</id>
      <username>ci-deployer</username>
      <password>@@PW@@</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus-kestrel</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.kestrelworks.de/repository/maven-public/</url>
    </mirror>
  </mirrors>
  <profiles>
    <profile>
      <id>kestrel</id>
      <properties>
        <altReleaseDeploymentRepository>nexus-kestrel::https://nexus.kestrelworks.de/repository/maven-releases/</altReleaseDeploymentRepository>
        <altSnapshotDeploymentRepository>nexus-kestrel::https://nexus.kestrelworks.de/repository/maven-snapshots/</altSnapshotDeploymentRepository>
      </properties>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>kestrel</activeProfile>
  </activeProfiles>
</settings>
''', PW=phrase()))

add('q17/etc/gitlab/gitlab.rb', fill('''## GitLab configuration - gitlab.brackenridge.io
## Full reference: /opt/gitlab/etc/gitlab.rb.template

external_url 'https://gitlab.brackenridge.io'
registry_external_url 'https://registry.brackenridge.io'

gitlab_rails['time_zone'] = 'Europe/Berlin'
gitlab_rails['gitlab_email_enabled'] = true
gitlab_rails['gitlab_email_from'] = 'gitlab@brackenridge.io'
gitlab_rails['gitlab_email_display_name'] = 'Brackenridge GitLab'
gitlab_rails['gitlab_email_reply_to'] = 'noreply@brackenridge.io'

### SMTP via SendGrid
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "smtp.sendgrid.net"
gitlab_rails['smtp_port'] = 587
gitlab_rails['smtp_user_name'] = "apikey"
gitlab_rails['smtp_password'] = "@@KEY@@"
gitlab_rails['smtp_domain'] = "smtp.sendgrid.net"
gitlab_rails['smtp_authentication'] = "plain"
gitlab_rails['smtp_enable_starttls_auto'] = true
gitlab_rails['smtp_tls'] = false

gitlab_rails['backup_keep_time'] = 604800
gitlab_rails['backup_path'] = "/var/opt/gitlab/backups"

nginx['redirect_http_to_https'] = true
letsencrypt['enable'] = true
letsencrypt['contact_emails'] = ['it-ops@brackenridge.io']

prometheus_monitoring['enable'] = false
puma['worker_processes'] = 4
sidekiq['max_concurrency'] = 20
''', KEY='SG.' + r(22, A + '_-') + '.' + r(43, A + '_-')))

add('q18/jenkins/casc/jenkins.yaml', fill('''jenkins:
  systemMessage: "Jenkins at ci.hollowmere.net - configured by JCasC, do not edit in the UI"
  numExecutors: 0
  mode: EXCLUSIVE
  securityRealm:
    ldap:
      configurations:
        - server: "ldaps://ldap.hollowmere.lan"
          rootDN: "dc=hollowmere,dc=net"
          userSearchBase: "ou=people"
          groupSearchBase: "ou=groups"
  authorizationStrategy:
    loggedInUsersCanDoAnything:
      allowAnonymousRead: false

credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: "nexus-deployer"
              description: "Nexus deploy account for release pipelines"
              username: "jenkins-deploy"
              password: "@@PW@@"

unclassified:
  location:
    url: "https://ci.hollowmere.net/"
    adminAddress: "ci-admins@hollowmere.net"
  timestamper:
    allPipelines: true
''', PW=r(20)))

add('q19/keycloak/realm-export.json', fill('''{
  "id": "c3c1b8f2-7d7a-4c37-9a43-0e3d1a9d5f21",
  "realm": "hollowmere",
  "displayName": "Hollowmere SSO",
  "enabled": true,
  "sslRequired": "external",
  "registrationAllowed": false,
  "loginWithEmailAllowed": true,
  "bruteForceProtected": true,
  "accessTokenLifespan": 300,
  "ssoSessionIdleTimeout": 1800,
  "clients": [
    {
      "clientId": "grafana",
      "name": "Grafana",
      "enabled": true,
      "clientAuthenticatorType": "client-secret",
      "secret": "@@SEC@@",
      "redirectUris": ["https://grafana.hollowmere.net/login/generic_oauth"],
      "webOrigins": ["https://grafana.hollowmere.net"],
      "standardFlowEnabled": true,
      "directAccessGrantsEnabled": false,
      "publicClient": false,
      "protocol": "openid-connect",
      "attributes": {
        "post.logout.redirect.uris": "https://grafana.hollowmere.net/*",
        "pkce.code.challenge.method": "S256"
      },
      "defaultClientScopes": ["web-origins", "profile", "roles", "email"],
      "optionalClientScopes": ["offline_access"]
    }
  ],
  "defaultDefaultClientScopes": ["profile", "email", "roles", "web-origins"],
  "internationalizationEnabled": false
}
''', SEC=r(32)))

add('q20/etc/samba/credentials/nas-archive', fill('''username=svc_archive
password=@@PW@@
domain=HOLLOWMERE
''', PW=human()))

add('q21/etc/gitea/app.ini', fill('''APP_NAME = Kestrel Code
RUN_USER = git
RUN_MODE = prod
WORK_PATH = /var/lib/gitea

[repository]
ROOT = /var/lib/gitea/data/gitea-repositories

[server]
SSH_DOMAIN = code.kestrelworks.de
DOMAIN = code.kestrelworks.de
HTTP_ADDR = 127.0.0.1
HTTP_PORT = 3000
ROOT_URL = https://code.kestrelworks.de/
DISABLE_SSH = false
SSH_PORT = 22
LFS_START_SERVER = true
LFS_JWT_SECRET_URI = file:/etc/gitea/lfs_jwt_secret
OFFLINE_MODE = true

[database]
DB_TYPE = postgres
HOST = 127.0.0.1:5432
NAME = gitea
USER = gitea
PASSWD = `@@PW@@`
SCHEMA =
SSL_MODE = disable
LOG_SQL = false

[security]
INSTALL_LOCK = true
SECRET_KEY_URI = file:/etc/gitea/secret_key
INTERNAL_TOKEN_URI = file:/etc/gitea/internal_token
PASSWORD_HASH_ALGO = pbkdf2

[oauth2]
JWT_SECRET_URI = file:/etc/gitea/jwt_secret

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = true

[mailer]
ENABLED = false

[log]
MODE = console
LEVEL = info
ROOT_PATH = /var/lib/gitea/log
''', PW=human()))

add('q22/opt/mattermost/config/config.json', fill('''{
    "ServiceSettings": {
        "SiteURL": "https://mm.tidewater.net",
        "ListenAddress": ":8065",
        "ConnectionSecurity": "",
        "TLSCertFile": "",
        "TLSKeyFile": "",
        "ReadTimeout": 300,
        "WriteTimeout": 300,
        "MaximumLoginAttempts": 10,
        "EnableOAuthServiceProvider": false,
        "EnableIncomingWebhooks": true,
        "EnableOutgoingWebhooks": false,
        "EnablePostUsernameOverride": false,
        "TrustedProxyIPHeader": ["X-Forwarded-For", "X-Real-IP"]
    },
    "TeamSettings": {
        "SiteName": "Tidewater Chat",
        "MaxUsersPerTeam": 500,
        "EnableOpenServer": false
    },
    "SqlSettings": {
        "DriverName": "postgres",
        "DataSource": "postgres://mmuser:@@PW@@@pg-mm.tidewater.lan:5432/mattermost?sslmode=require&connect_timeout=10",
        "DataSourceReplicas": [],
        "MaxIdleConns": 20,
        "ConnMaxLifetimeMilliseconds": 3600000,
        "MaxOpenConns": 300,
        "Trace": false,
        "QueryTimeout": 30
    },
    "LogSettings": {
        "EnableConsole": true,
        "ConsoleLevel": "INFO",
        "EnableFile": true,
        "FileLevel": "INFO",
        "FileLocation": ""
    },
    "FileSettings": {
        "DriverName": "local",
        "Directory": "/opt/mattermost/data/",
        "MaxFileSize": 104857600
    },
    "EmailSettings": {
        "EnableSignUpWithEmail": false,
        "SendEmailNotifications": false,
        "FeedbackName": "Tidewater Chat",
        "FeedbackEmail": "chat@tidewater.net",
        "SMTPUsername": "",
        "SMTPPassword": "",
        "SMTPServer": "",
        "SMTPPort": "25"
    }
}
''', PW=r(24)))

add('q23/var/www/nextcloud/config/mail.config.php', fill('''<?php
// outgoing mail for cloud.hollowmere.net - merged into config.php by Nextcloud
$CONFIG = array (
  'mail_smtpmode' => 'smtp',
  'mail_sendmailmode' => 'smtp',
  'mail_from_address' => 'cloud',
  'mail_domain' => 'hollowmere.net',
  'mail_smtphost' => 'mail.hollowmere.net',
  'mail_smtpport' => '587',
  'mail_smtpsecure' => 'tls',
  'mail_smtpauth' => 1,
  'mail_smtpauthtype' => 'LOGIN',
  'mail_smtpname' => 'cloud@hollowmere.net',
  'mail_smtppassword' => '@@PW@@',
  'mail_smtptimeout' => 30,
);
''', PW=human()))

WP_AL = A + '!@#$%^&*()-_[]{}<>~`+=,.;:/?|'
salts = ''.join("define( '%s',%s'%s' );\n" % (k, ' ' * (17 - len(k)), r(64, WP_AL)) for k in
                ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
                 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'])
add('q24/site/wp-salts.php', '''<?php
/**
 * Authentication unique keys and salts for www.tidewater-logistics.com.
 * Required from wp-config.php. Regenerate to force every user to log in again.
 */
''' + salts)

add('q25/etc/graylog/server/server.conf', fill('''############################
# GRAYLOG CONFIGURATION FILE
############################
is_leader = true
node_id_file = /etc/graylog/server/node-id

# pwgen -N 1 -s 96
password_secret = @@SEC@@

root_username = admin
# echo -n "..." | sha256sum
root_password_sha2 = @@SHA@@
root_email = "siem@brackenridge.io"
root_timezone = Europe/Berlin

bin_dir = /usr/share/graylog-server/bin
data_dir = /var/lib/graylog-server
plugin_dir = /usr/share/graylog-server/plugin

http_bind_address = 10.30.0.21:9000
http_publish_uri = https://graylog.brackenridge.io/

elasticsearch_hosts = http://os-01.brackenridge.lan:9200,http://os-02.brackenridge.lan:9200
rotation_strategy = count
elasticsearch_max_docs_per_index = 20000000
elasticsearch_max_number_of_indices = 20
retention_strategy = delete

mongodb_uri = mongodb://mongo-gl.brackenridge.lan:27017/graylog
mongodb_max_connections = 1000

message_journal_enabled = true
message_journal_dir = /var/lib/graylog-server/journal
lb_recognition_period_seconds = 3
''', SEC=r(96), SHA=hashlib.sha256(r(12).encode()).hexdigest()))

add('q26/etc/openvpn/server/ta.key', '''#
# 2048 bit OpenVPN static key
#
-----BEGIN OpenVPN Static key V1-----
''' + ''.join(hx(32) + '\n' for _ in range(16)) + '''-----END OpenVPN Static key V1-----
''')

add('q27/etc/wireguard/wg0.conf', fill('''# wg0 - road-warrior VPN on vpn.kestrelworks.de
[Interface]
Address = 10.77.0.1/24, fd77:77::1/64
ListenPort = 51820
PrivateKey = @@PRIV@@
PostUp = nft add rule inet nat postrouting oifname "ens3" ip saddr 10.77.0.0/24 masquerade
PostDown = nft flush chain inet nat postrouting

[Peer]
# mira-laptop
PublicKey = @@P1@@
AllowedIPs = 10.77.0.2/32, fd77:77::2/128

[Peer]
# jonas-phone
PublicKey = @@P2@@
AllowedIPs = 10.77.0.3/32, fd77:77::3/128
''', PRIV=wg_key(), P1=wg_key(), P2=wg_key()))

add('q28/etc/ipsec.secrets', fill('''# /etc/ipsec.secrets - strongSwan IPsec secrets file
# site-to-site: Hamburg office <-> Rotterdam DC (conn hh-rtm in ipsec.conf)

85.214.132.17 145.131.20.9 : PSK "@@PSK@@"

# road warriors authenticate with certificates
: RSA /etc/ipsec.d/private/vpn-hh.key
''', PSK=b64(32)))

add('q29/etc/freeradius/3.0/clients.conf', fill('''# FreeRADIUS clients - radius01.hollowmere.lan

client unifi-controller {
\tipaddr = 10.10.0.5
\tproto = udp
\tsecret = @@SEC@@
\trequire_message_authenticator = yes
\tshortname = unifi
\tnas_type = other
\tlimit {
\t\tmax_connections = 16
\t\tlifetime = 0
\t\tidle_timeout = 30
\t}
}
''', SEC=r(24)))

add('q30/etc/keepalived/keepalived.conf', fill('''! Configuration File for keepalived - lb01 (MASTER)
global_defs {
    router_id lb01
    enable_script_security
    script_user keepalived_script
}

vrrp_script chk_haproxy {
    script "/usr/bin/pgrep haproxy"
    interval 2
    weight -20
}

vrrp_instance VI_WEB {
    state MASTER
    interface ens192
    virtual_router_id 51
    priority 150
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass @@PW@@
    }
    virtual_ipaddress {
        10.0.30.100/24 dev ens192
    }
    track_script {
        chk_haproxy
    }
}
''', PW=r(8)))

add('q31/etc/snmp/snmpd.conf', fill('''# snmpd.conf - core-sw-mgmt01
agentAddress udp:10.1.0.20:161
sysLocation  Rack B4, DC Frankfurt
sysContact   noc@tidewater-logistics.com
sysServices  72

view   systemonly  included   .1.3.6.1.2.1.1
view   systemonly  included   .1.3.6.1.2.1.2
view   systemonly  included   .1.3.6.1.2.1.25

createUser zbxmon SHA-256 "@@AUTH@@" AES "@@PRIV@@"
rouser zbxmon priv -V systemonly

includeDir /etc/snmp/snmpd.conf.d
''', AUTH=phrase(3), PRIV=r(20)))

add('q32/network/cisco/br-rtr01.cfg', fill('''!
version 17.9
service timestamps debug datetime msec
service timestamps log datetime msec localtime show-timezone
service password-encryption
!
hostname br-rtr01
!
boot-start-marker
boot-end-marker
!
logging buffered 64000 informational
!
aaa new-model
aaa authentication login default local
aaa authorization exec default local
!
clock timezone CET 1 0
ip domain name branch.tidewater.lan
ip name-server 10.1.0.53
!
username netops privilege 15 password 0 @@PW@@
!
interface GigabitEthernet0/0/0
 description WAN - Telekom
 ip address dhcp
 ip nat outside
 negotiation auto
!
interface GigabitEthernet0/0/1
 description LAN
 ip address 10.61.0.1 255.255.255.0
 ip nat inside
 negotiation auto
!
ip nat inside source list NAT-LAN interface GigabitEthernet0/0/0 overload
ip access-list standard NAT-LAN
 10 permit 10.61.0.0 0.0.0.255
!
line con 0
 exec-timeout 15 0
line vty 0 4
 transport input ssh
!
ntp server 10.1.0.123
end
''', PW=human('!$%*?+=.-_')))

ses_pw = base64.b64encode(b'\x04' + rb(32)).decode()
add('q33/etc/postfix/sasl_passwd', fill('''# relay through Amazon SES (eu-west-1); run `postmap /etc/postfix/sasl_passwd` after editing
[email-smtp.eu-west-1.amazonaws.com]:587 @@USER@@:@@PW@@
''', USER='AKIA' + r(16, B32), PW=ses_pw))

add('q34/ios/FieldApp/Info.plist', fill('''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>CFBundleDevelopmentRegion</key>
\t<string>$(DEVELOPMENT_LANGUAGE)</string>
\t<key>CFBundleDisplayName</key>
\t<string>Tidewater Field</string>
\t<key>CFBundleExecutable</key>
\t<string>$(EXECUTABLE_NAME)</string>
\t<key>CFBundleIdentifier</key>
\t<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
\t<key>CFBundleShortVersionString</key>
\t<string>$(MARKETING_VERSION)</string>
\t<key>CFBundleVersion</key>
\t<string>$(CURRENT_PROJECT_VERSION)</string>
\t<key>GMSApiKey</key>
\t<string>@@KEY@@</string>
\t<key>LSRequiresIPhoneOS</key>
\t<true/>
\t<key>NSLocationWhenInUseUsageDescription</key>
\t<string>Your location is used to show nearby depots and delivery stops.</string>
\t<key>UILaunchStoryboardName</key>
\t<string>LaunchScreen</string>
\t<key>UISupportedInterfaceOrientations</key>
\t<array>
\t\t<string>UIInterfaceOrientationPortrait</string>
\t</array>
</dict>
</plist>
''', KEY='AIza' + r(35, A + '-_')))

add('q35/home/mira/.config/rclone/rclone.conf', fill('''[b2-offsite]
type = b2
account = @@ID@@
key = @@KEY@@
hard_delete = false

[nas]
type = sftp
host = nas.hollowmere.lan
user = rclone
key_file = ~/.ssh/id_ed25519_rclone
shell_type = unix
md5sum_command = md5sum
sha1sum_command = sha1sum
''', ID='005' + hx(12) + '000000000' + str(random.randint(1, 9)), KEY='K005' + r(27)))

add('q36/etc/systemd/system/restic-backup.service', fill('''[Unit]
Description=restic backup of /srv to Wasabi
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
User=root
Nice=10
IOSchedulingClass=idle
EnvironmentFile=/etc/restic/s3.env
Environment=RESTIC_REPOSITORY=s3:https://s3.eu-central-2.wasabisys.com/hm-restic/srv
Environment=RESTIC_PASSWORD=@@PW@@
Environment=RESTIC_CACHE_DIR=/var/cache/restic
ExecStart=/usr/bin/restic backup --verbose --one-file-system --exclude-caches --tag systemd.timer /srv
ExecStartPost=/usr/bin/restic forget --prune --keep-daily 7 --keep-weekly 5 --keep-monthly 12
''', PW=phrase(4)))

add('q37/etc/openldap/slapd.conf', fill('''# slapd.conf - ldap.hollowmere.lan
include\t\t/etc/openldap/schema/core.schema
include\t\t/etc/openldap/schema/cosine.schema
include\t\t/etc/openldap/schema/inetorgperson.schema
include\t\t/etc/openldap/schema/nis.schema

pidfile\t\t/var/run/openldap/slapd.pid
argsfile\t/var/run/openldap/slapd.args
loglevel\tstats

TLSCACertificateFile\t/etc/openldap/certs/ca.pem
TLSCertificateFile\t/etc/openldap/certs/ldap.pem
TLSCertificateKeyFile\t/etc/openldap/certs/ldap.key

database\tmdb
maxsize\t\t1073741824
suffix\t\t"dc=hollowmere,dc=net"
rootdn\t\t"cn=Manager,dc=hollowmere,dc=net"
rootpw\t\t@@PW@@
directory\t/var/lib/openldap/openldap-data
index\tobjectClass\teq
index\tuid,memberUid\teq,pres
index\tcn,sn,mail\teq,sub

access to attrs=userPassword
\tby self write
\tby anonymous auth
\tby * none
access to *
\tby users read
\tby * none
''', PW=human()))

add('q38/infra/billing/Pulumi.production.yaml', fill('''config:
  aws:region: eu-central-1
  billing-api:environment: production
  billing-api:vpcCidr: 10.80.0.0/16
  billing-api:instanceClass: db.t4g.medium
  billing-api:dbName: billing
  billing-api:dbUser: billing_app
  billing-api:dbPassword: "@@PW@@"
  billing-api:desiredCount: "3"
''', PW=human()))

add('q39/infra/cdk/lib/analytics-db-stack.ts', fill('''import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface AnalyticsDbStackProps extends cdk.StackProps {
  vpc: ec2.IVpc;
}

export class AnalyticsDbStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: AnalyticsDbStackProps) {
    super(scope, id, props);

    const sg = new ec2.SecurityGroup(this, 'AnalyticsDbSg', { vpc: props.vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4('10.80.0.0/16'), ec2.Port.tcp(5432), 'postgres from VPC');

    new rds.DatabaseInstance(this, 'AnalyticsDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_2 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [sg],
      databaseName: 'analytics',
      credentials: rds.Credentials.fromPassword('analytics_admin', cdk.SecretValue.unsafePlainText('@@PW@@')),
      allocatedStorage: 200,
      multiAz: true,
      deletionProtection: true,
      backupRetention: cdk.Duration.days(14),
    });
  }
}
''', PW=r(22)))

add('q40/infra/cfn/wiki-stack.yaml', fill('''AWSTemplateFormatVersion: "2010-09-09"
Description: Internal wiki (BookStack) on EC2 with a MariaDB RDS instance

Parameters:
  VpcId:
    Type: AWS::EC2::VPC::Id
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
  DBMasterUsername:
    Type: String
    Default: wikiadmin
  DBMasterPassword:
    Type: String
    NoEcho: true
    MinLength: 12
    Default: "@@PW@@"

Resources:
  DBSubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: wiki db subnets
      SubnetIds: !Ref SubnetIds

  WikiDB:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mariadb
      EngineVersion: "10.11"
      DBInstanceClass: db.t4g.small
      AllocatedStorage: "20"
      DBName: bookstack
      MasterUsername: !Ref DBMasterUsername
      MasterUserPassword: !Ref DBMasterPassword
      DBSubnetGroupName: !Ref DBSubnetGroup
      BackupRetentionPeriod: 7

Outputs:
  DBEndpoint:
    Value: !GetAtt WikiDB.Endpoint.Address
''', PW=human()))

add('q41/home/jonas/.terraformrc', fill('''plugin_cache_dir   = "$HOME/.terraform.d/plugin-cache"
disable_checkpoint = true

credentials "app.terraform.io" {
  token = "@@TOK@@"
}
''', TOK=r(14) + '.atlasv1.' + r(67)))

add('q42/packer/digitalocean.pkr.hcl', fill('''packer {
  required_plugins {
    digitalocean = {
      version = ">= 1.1.1"
      source  = "github.com/digitalocean/digitalocean"
    }
  }
}

variable "do_token" {
  type      = string
  sensitive = true
  default   = "@@TOK@@"
}

variable "region" {
  type    = string
  default = "fra1"
}

source "digitalocean" "k8s_node" {
  api_token     = var.do_token
  image         = "ubuntu-22-04-x64"
  region        = var.region
  size          = "s-2vcpu-4gb"
  ssh_username  = "root"
  snapshot_name = "k8s-node-base-{{timestamp}}"
}

build {
  sources = ["source.digitalocean.k8s_node"]

  provisioner "shell" {
    scripts = [
      "scripts/base.sh",
      "scripts/containerd.sh",
      "scripts/kubeadm.sh",
    ]
  }
}
''', TOK='dop_v1_' + hx(64)))

add('q43/Vagrantfile', fill('''# -*- mode: ruby -*-
# vi: set ft=ruby :
# Throwaway build box in eu-central-1 (vagrant plugin install vagrant-aws)

Vagrant.configure("2") do |config|
  config.vm.box = "aws"
  config.vm.synced_folder ".", "/vagrant", type: "rsync", rsync__exclude: [".git/", "node_modules/"]

  config.vm.provider :aws do |aws, override|
    aws.access_key_id     = "@@AK@@"
    aws.secret_access_key = "@@SK@@"
    aws.region            = "eu-central-1"
    aws.keypair_name      = "ops-frankfurt"
    aws.ami               = "ami-0@@AMI@@"
    aws.instance_type     = "c6i.xlarge"
    aws.security_groups   = ["sg-0@@SG@@"]
    aws.subnet_id         = "subnet-0@@SUB@@"
    aws.tags              = { "Name" => "vagrant-build", "Owner" => "platform" }

    override.ssh.username         = "ubuntu"
    override.ssh.private_key_path = "~/.ssh/ops-frankfurt.pem"
  end

  config.vm.provision "shell", path: "provision/build-deps.sh"
end
''', AK='AKIA' + r(16, B32), SK=r(40, A + '/+'), AMI=hx(16), SG=hx(16), SUB=hx(16)))

ks_pw = human()
add('q44/android/gradle.properties', fill('''# Project-wide Gradle settings.
org.gradle.jvmargs=-Xmx4096m -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official

# release signing (app/build.gradle.kts reads these)
RELEASE_STORE_FILE=../keystores/tidewater-release.jks
RELEASE_STORE_PASSWORD=@@PW@@
RELEASE_KEY_ALIAS=upload
RELEASE_KEY_PASSWORD=@@PW@@
''', PW=ks_pw))

add('q45/desktop/electron-builder.env', fill('''# read by electron-builder when publishing to GitHub Releases (kestrelworks/ledger-desktop)
GH_TOKEN=@@TOK@@
EP_DRAFT=true
CSC_IDENTITY_AUTO_DISCOVERY=false
USE_HARD_LINKS=false
''', TOK=ck('ghp_')))

# ---------------------------------------------------------------- negatives

add('y01/etc/redis/users.acl', ''.join([
    'user default off\n',
    'user app_cache on #%s ~cache:* ~session:* &* +@read +@write -@dangerous\n' % hashlib.sha256(r(30).encode()).hexdigest(),
    'user sentinel on #%s -@all +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish +info +client|setname +client|kill +script|kill\n' % hashlib.sha256(r(30).encode()).hexdigest(),
    'user metrics on #%s -@all +info +ping +config|get +client|list +latency\n' % hashlib.sha256(r(30).encode()).hexdigest(),
]))

add('y02/etc/pgbouncer/userlist.txt', ''.join(
    '"%s" "md5%s"\n' % (u, hashlib.md5((r(16) + u).encode()).hexdigest())
    for u in ['app_rw', 'app_ro', 'reporting', 'pgbouncer_stats', 'airflow']))

ssha = base64.b64encode(hashlib.sha1(r(12).encode() + b'salt').digest() + rb(4)).decode()
add('y03/etc/openldap/slapd.conf', fill('''# slapd.conf - ldap2.brackenridge.lan
include\t\t/etc/openldap/schema/core.schema
include\t\t/etc/openldap/schema/cosine.schema
include\t\t/etc/openldap/schema/inetorgperson.schema

pidfile\t\t/var/run/openldap/slapd.pid
argsfile\t/var/run/openldap/slapd.args

database\tmdb
maxsize\t\t1073741824
suffix\t\t"dc=brackenridge,dc=io"
rootdn\t\t"cn=admin,dc=brackenridge,dc=io"
# generated with slappasswd
rootpw\t\t{SSHA}@@H@@
directory\t/var/lib/openldap/openldap-data
index\tobjectClass\teq
index\tuid\teq,pres

access to attrs=userPassword
\tby self write
\tby anonymous auth
\tby * none
access to *
\tby users read
\tby * none
''', H=ssha))

add('y04/network/cisco/core-sw01.cfg', fill('''!
version 17.6
service timestamps log datetime msec localtime show-timezone
service password-encryption
!
hostname core-sw01
!
enable secret 9 $9$@@S1@@$@@H1@@
!
aaa new-model
aaa authentication login default local
!
username netops privilege 15 secret 9 $9$@@S2@@$@@H2@@
!
vlan 10
 name SERVERS
vlan 20
 name CLIENTS
!
interface Vlan10
 ip address 10.1.10.2 255.255.255.0
!
interface Vlan20
 ip address 10.1.20.2 255.255.255.0
!
ip ssh version 2
!
line vty 0 15
 transport input ssh
!
end
''', S1=r(14, CRYPT), H1=r(43, CRYPT), S2=r(14, CRYPT), H2=r(43, CRYPT)))

add('y05/etc/grafana/grafana.ini', '''[server]
http_addr = 127.0.0.1
http_port = 3000
domain = grafana.kestrelworks.de
root_url = https://grafana.kestrelworks.de/

[database]
type = postgres
host = pg-tools.kestrelworks.lan:5432
name = grafana
user = grafana
password = $__env{GF_DATABASE_PASSWORD}
ssl_mode = require

[security]
admin_user = admin
admin_password = $__file{/run/secrets/grafana_admin_password}
secret_key = $__file{/run/secrets/grafana_secret_key}
cookie_secure = true

[auth.generic_oauth]
enabled = true
name = Keycloak
client_id = grafana
client_secret = $__file{/run/secrets/grafana_oauth_client_secret}
auth_url = https://sso.kestrelworks.de/realms/kestrel/protocol/openid-connect/auth
token_url = https://sso.kestrelworks.de/realms/kestrel/protocol/openid-connect/token
api_url = https://sso.kestrelworks.de/realms/kestrel/protocol/openid-connect/userinfo
scopes = openid email profile

[users]
allow_sign_up = false
''')

add('y06/etc/kibana/kibana.yml', fill('''server.host: "0.0.0.0"
server.publicBaseUrl: "https://kibana.tidewater.lan"

elasticsearch.hosts: ["https://es-01.tidewater.lan:9200"]
elasticsearch.username: "kibana_system"
# stored in the kibana keystore: bin/kibana-keystore add elasticsearch.password
elasticsearch.password: "${KIBANA_SYSTEM_PASSWORD}"
elasticsearch.ssl.certificateAuthorities: ["/etc/kibana/certs/http_ca.crt"]

xpack.fleet.outputs:
  - id: fleet-default-output
    name: default
    is_default: true
    is_default_monitoring: true
    type: elasticsearch
    hosts: ["https://es-01.tidewater.lan:9200"]
    ca_trusted_fingerprint: "@@FP@@"

logging.root.level: info
''', FP=hx(64)))

add('y07/etc/wireguard/wg0.conf', fill('''[Interface]
Address = 10.88.0.1/24
ListenPort = 51820
# private key lives in /etc/wireguard/wg0.key (root:root 0600), generated with `wg genkey`
PostUp = wg set %i private-key /etc/wireguard/%i.key
PostUp = nft add rule inet nat postrouting oifname "eth0" ip saddr 10.88.0.0/24 masquerade
PostDown = nft flush chain inet nat postrouting

[Peer]
# office-router
PublicKey = @@P1@@
AllowedIPs = 10.88.0.2/32, 192.168.50.0/24
PersistentKeepalive = 25

[Peer]
# backup-nas
PublicKey = @@P2@@
AllowedIPs = 10.88.0.3/32
''', P1=wg_key(), P2=wg_key()))

add('y08/infra/terraform/db.tf', '''variable "db_username" {
  type    = string
  default = "orders_admin"
}

variable "db_password" {
  description = "Master password; set TF_VAR_db_password from the vault, never commit it"
  type        = string
  sensitive   = true
}

resource "random_password" "app" {
  length           = 24
  special          = true
  override_special = "!#%*-_=+"
}

data "aws_secretsmanager_secret_version" "replication" {
  secret_id = "prod/orders/replication"
}

resource "aws_db_instance" "orders" {
  identifier              = "orders-prod"
  engine                  = "postgres"
  engine_version          = "16.2"
  instance_class          = "db.r6g.large"
  allocated_storage       = 100
  username                = var.db_username
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.orders.name
  vpc_security_group_ids  = [aws_security_group.orders_db.id]
  backup_retention_period = 14
  deletion_protection     = true
  skip_final_snapshot     = false
}

resource "aws_ssm_parameter" "app_password" {
  name  = "/prod/orders/app_password"
  type  = "SecureString"
  value = random_password.app.result
}
''')

add('y09/infra/billing/Pulumi.staging.yaml', fill('''encryptionsalt: v1:@@SALT@@:v1:@@N1@@:@@C1@@
config:
  aws:region: eu-west-1
  billing-api:environment: staging
  billing-api:instanceClass: db.t4g.small
  billing-api:dbUser: billing_app
  billing-api:dbPassword:
    secure: v1:@@N2@@:@@C2@@
  billing-api:desiredCount: "1"
''', SALT=b64(8), N1=b64(12), C1=b64(32), N2=b64(12), C2=b64(40)))

add('y10/keycloak/realm-export.json', '''{
  "realm": "kestrel",
  "enabled": true,
  "sslRequired": "external",
  "registrationAllowed": false,
  "clients": [
    {
      "clientId": "grafana",
      "enabled": true,
      "clientAuthenticatorType": "client-secret",
      "secret": "**********",
      "redirectUris": ["https://grafana.kestrelworks.de/login/generic_oauth"],
      "publicClient": false,
      "protocol": "openid-connect"
    },
    {
      "clientId": "gitea",
      "enabled": true,
      "clientAuthenticatorType": "client-secret",
      "secret": "**********",
      "redirectUris": ["https://code.kestrelworks.de/user/oauth2/keycloak/callback"],
      "publicClient": false,
      "protocol": "openid-connect"
    },
    {
      "clientId": "field-app",
      "enabled": true,
      "publicClient": true,
      "redirectUris": ["de.kestrelworks.field:/oauth2redirect"],
      "attributes": { "pkce.code.challenge.method": "S256" },
      "protocol": "openid-connect"
    }
  ],
  "smtpServer": {
    "host": "mail.kestrelworks.de",
    "port": "587",
    "from": "sso@kestrelworks.de",
    "starttls": "true",
    "auth": "true",
    "user": "sso@kestrelworks.de",
    "password": "**********"
  }
}
''')

ed_blob = base64.b64encode(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rb(32)).decode()
add('y11/cloud-init/db-node.yaml', fill('''#cloud-config
hostname: db-node-04
users:
  - name: ops
    groups: [sudo]
    shell: /bin/bash
    lock_passwd: false
    # mkpasswd -m sha-512
    passwd: "$6$@@SALT@@$@@HASH@@"
    ssh_authorized_keys:
      - ssh-ed25519 @@PUB@@ ops@hollowmere
ssh_pwauth: false
disable_root: true
package_update: true
packages: [postgresql-16, prometheus-node-exporter]
''', SALT=r(16, CRYPT), HASH=r(86, CRYPT), PUB=ed_blob))

add('y12/android/keystore.properties.dist', '''# Copy to keystore.properties (git-ignored) and fill in locally.
# CI builds get these from the "android-release" secret group instead.
storeFile=/path/to/release.jks
storePassword=<password>
keyAlias=upload
keyPassword=CHANGE_ME
''')

write()
