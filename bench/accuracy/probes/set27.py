# Usage: python3 set27.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 27 (stop 27): passwords/keys/provider tokens in uncommon languages, config syntaxes, multi-line forms and unusual key names
from common import A, HEX, add, ck, hx, r, start, write
start()
import base64
import random
import string

_BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx')


def _clean(f):
    """Redraws a random value that happens to contain a placeholder-looking word."""
    def g(*a, **k):
        while True:
            v = f(*a, **k)
            if not any(b in v.lower() for b in _BAD):
                return v
    return g


r, hx, ck = _clean(r), _clean(hx), _clean(ck)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
URLSAFE = A + '-_'

WORDS = ['harbor', 'tulip', 'kestrel', 'maple', 'granite', 'orchid', 'falcon', 'saffron', 'glacier',
         'pepper', 'walnut', 'cobalt', 'meadow', 'thistle', 'lantern', 'juniper', 'quartz', 'badger',
         'cinder', 'monsoon', 'pelican', 'tundra', 'velvet', 'whisker', 'ember', 'fjord', 'marble',
         'nectar', 'otter', 'pumice', 'raven', 'sequoia', 'tamarind', 'umber', 'vortex', 'willow']


def T(s, **kw):
    """Fills the «name» slots of template `s`."""
    for k, v in kw.items():
        s = s.replace('\u00ab' + k + '\u00bb', v)
    assert '\u00ab' not in s, s[s.index('\u00ab'):][:40]
    return s


@_clean
def pw(sym='-_.*+'):
    """A hand-chosen-looking password (no quotes, backslashes, $, %, ! or spaces)."""
    w1, w2 = random.sample(WORDS, 2)
    style = random.randrange(4)
    if style == 0:
        return w1.capitalize() + random.choice(sym) + w2.capitalize() + r(4, DIG)
    if style == 1:
        return r(random.randint(16, 22), A)
    if style == 2:
        return r(2, DIG) + w1.capitalize() + random.choice(sym) + r(3, A) + random.choice(sym) + w2 + r(2, DIG)
    return ''.join(random.choice(A + sym) for _ in range(random.randint(14, 20))) + r(2, DIG)


@_clean
def b64(n, urlsafe=False):
    raw = bytes(random.getrandbits(8) for _ in range(n))
    return (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode()


def digits(n):
    return random.choice('123456789') + r(n - 1, DIG)


# ---- provider tokens with documented structure ----
def stripe_live():
    return 'sk_live_' + r(random.choice([24, 99]), A)


def slack_bot():
    return 'xoxb-' + digits(12) + '-' + digits(13) + '-' + r(24, A)


def slack_webhook():
    return 'https://hooks.slack.com/services/T' + r(8, UP + DIG) + '/B' + r(10, UP + DIG) + '/' + r(24, A)


def sendgrid():
    return 'SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE)


def gitlab_pat():
    return 'glpat-' + r(20, URLSAFE)


def shopify_admin():
    return 'shpat_' + hx(32)


def digitalocean_pat():
    return 'dop_v1_' + hx(64)


def telegram_bot():
    return digits(10) + ':AA' + r(33, URLSAFE)


def openai_project():
    return 'sk-proj-' + r(74, URLSAFE) + 'T3BlbkFJ' + r(74, URLSAFE)


def anthropic_key():
    return 'sk-ant-api03-' + r(93, URLSAFE) + 'AA'


def hf_token():
    return 'hf_' + r(34, string.ascii_letters)


def pypi_token():
    return 'pypi-AgEIcHlwaS5vcmc' + r(random.randint(150, 170), URLSAFE)


def azure_storage_key():
    return b64(64)


def eth_private_key():
    return '0x' + hx(64)


# ---------------------------------------------------------------- positives e01..e10
add('e01/config/prod.exs', T('''\
import Config

config :storefront, StorefrontWeb.Endpoint,
  url: [host: "shop.«host».io", port: 443, scheme: "https"],
  cache_static_manifest: "priv/static/cache_manifest.json",
  server: true

config :storefront, Storefront.Repo,
  username: "storefront",
  password: "«pw»",
  hostname: "db-primary.internal",
  database: "storefront_prod",
  pool_size: 15,
  ssl: true

config :logger, level: :info

config :storefront, Oban,
  repo: Storefront.Repo,
  queues: [default: 10, mailers: 20, webhooks: 5]

# Do not print debug messages in production
config :phoenix, :serve_endpoints, true
''', host=r(6, LO), pw=pw()))

add('e02/rel/sys.config', T('''\
%% -*- mode: erlang -*-
[
 {kernel, [
   {logger_level, notice}
 ]},
 {ledger, [
   {http_port, 8080},
   {pool_size, 20},
   {db, [
     {host, "pg-ledger.prod.lan"},
     {port, 5432},
     {database, "ledger"},
     {username, "ledger_svc"},
     {master_pass, "«pw»"},
     {ssl, true}
   ]},
   {flush_interval_ms, 500}
 ]},
 {sasl, [
   {sasl_error_logger, false}
 ]}
].
''', pw=pw()))

add('e03/resources/config.edn', T('''\
{:server {:port #long #or [#env PORT 3000]
          :host "0.0.0.0"}

 :db/postgres {:dbtype "postgresql"
               :host "«host».c9x2.eu-west-1.rds.amazonaws.com"
               :dbname "inventory"
               :user "inventory_app"
               :password "«pw»"
               :maximum-pool-size 12}

 :jobs/scheduler {:poll-ms 2000
                  :queues [:reindex :emails :exports]}

 :logging {:level :info
           :console true}

 :features {:new-checkout? false
            :bulk-export? true}}
''', host=r(10, LO + DIG), pw=pw()))

add('e04/hosts/monitor/grafana.nix', T('''\
{ config, pkgs, ... }:

{
  services.grafana = {
    enable = true;
    settings = {
      server = {
        http_addr = "127.0.0.1";
        http_port = 3000;
        domain = "grafana.«dom».net";
      };
      security = {
        admin_user = "ops";
        admin_password = "«pw»";
        cookie_secure = true;
      };
      analytics.reporting_enabled = false;
    };
  };

  services.nginx.virtualHosts."grafana.«dom».net" = {
    forceSSL = true;
    enableACME = true;
    locations."/".proxyPass = "http://127.0.0.1:3000";
  };

  networking.firewall.allowedTCPPorts = [ 80 443 ];
}
''', dom=r(7, LO), pw=pw()))

add('e05/conf/application.conf', T('''\
# This is the main configuration file for the application.
play.i18n.langs = ["en", "de"]

play.http.secret.key = "«key»"

play.filters.enabled += "play.filters.csrf.CSRFFilter"
play.filters.hosts {
  allowed = [".«dom».com", "localhost:9000"]
}

slick.dbs.default {
  profile = "slick.jdbc.PostgresProfile$"
  db {
    driver = "org.postgresql.Driver"
    url = "jdbc:postgresql://localhost:5432/catalog"
    user = ${?DB_USER}
    password = ${?DB_PASSWORD}
    numThreads = 10
  }
}

akka {
  loglevel = "INFO"
  actor.default-dispatcher.fork-join-executor.parallelism-max = 16
}
''', key=r(64, A), dom=r(8, LO)))

add('e06/app/build.gradle', T('''\
plugins {
    id 'com.android.application'
    id 'kotlin-android'
}

def keystorePw = "«pw»"

android {
    namespace 'com.«org».tracker'
    compileSdk 34

    defaultConfig {
        applicationId "com.«org».tracker"
        minSdk 24
        targetSdk 34
        versionCode 41
        versionName "2.3.1"
    }

    signingConfigs {
        release {
            storeFile file("../keys/release.jks")
            storePassword keystorePw
            keyAlias "tracker-release"
            keyPassword keystorePw
        }
    }

    buildTypes {
        release {
            minifyEnabled true
            signingConfig signingConfigs.release
            proguardFiles getDefaultProguardFile('proguard-android-optimize.txt'), 'proguard-rules.pro'
        }
    }
}
''', org=r(6, LO), pw=pw()))

add('e07/lua/app/config.lua', T('''\
-- runtime settings for the openresty gateway
local _M = {}

_M.upstream = {
  host = "10.20.1.15",
  port = 8081,
  keepalive = 64,
}

_M.redis = {
  host = "redis-cache.internal",
  port = 6379,
  db = 2,
  auth_phrase = "«pw»",
  timeout_ms = 250,
  pool_size = 100,
}

_M.rate_limit = {
  burst = 40,
  per_second = 20,
}

return _M
''', pw=pw()))

add('e08/lib/Billing/DB.pm', T('''\
package Billing::DB;

use strict;
use warnings;
use DBI;

my %db = (
    dsn  => 'DBI:mysql:database=billing;host=mysql-02.dc1;port=3306',
    user => 'billing_rw',
    pass => '«pw»',
    attr => { RaiseError => 1, AutoCommit => 1, mysql_enable_utf8mb4 => 1 },
);

sub connect {
    my $dbh = DBI->connect($db{dsn}, $db{user}, $db{pass}, $db{attr})
        or die "Cannot connect: $DBI::errstr";
    return $dbh;
}

sub invoices_for {
    my ($dbh, $customer_id) = @_;
    my $sth = $dbh->prepare('SELECT id, total, issued_at FROM invoices WHERE customer_id = ?');
    $sth->execute($customer_id);
    return $sth->fetchall_arrayref({});
}

1;
''', pw=pw()))

add('e09/analysis/load_claims.R', T('''\
library(DBI)
library(dplyr)
library(lubridate)

con <- dbConnect(
  RPostgres::Postgres(),
  host = "analytics-db.«dom».org",
  port = 5432,
  dbname = "claims",
  user = "analyst",
  password = "«pw»"
)

claims <- tbl(con, "claims_2023") %>%
  filter(status %in% c("approved", "paid")) %>%
  collect() %>%
  mutate(month = floor_date(submitted_at, "month"))

monthly <- claims %>%
  group_by(month, region) %>%
  summarise(n = n(), total = sum(amount), .groups = "drop")

write.csv(monthly, "output/monthly_claims.csv", row.names = FALSE)
dbDisconnect(con)
''', dom=r(6, LO), pw=pw()))

add('e10/scripts/etl.jl', T('''\
using LibPQ, DataFrames, CSV, Dates

const CONN_STR = "host=warehouse.lan port=5432 dbname=sensors user=etl password=«pw»"

function load_readings(conn, day::Date)
    q = """
        SELECT station_id, ts, temperature, humidity
        FROM readings
        WHERE ts >= \\$1 AND ts < \\$2
    """
    result = execute(conn, q, [day, day + Day(1)])
    return DataFrame(result)
end

function main()
    conn = LibPQ.Connection(CONN_STR)
    day = today() - Day(1)
    df = load_readings(conn, day)
    CSV.write("data/readings_$(day).csv", df)
    close(conn)
    println("wrote ", nrow(df), " rows")
end

main()
''', pw=pw('-_.*')))

# ---------------------------------------------------------------- positives e11..e20
add('e11/matlab/fetchLoadCurves.m', T('''\
function T = fetchLoadCurves(startDate, endDate)
%FETCHLOADCURVES Pull hourly load curves from the grid warehouse.
%   T = fetchLoadCurves(datetime(2024,1,1), datetime(2024,2,1))

conn = database('GRIDWH', 'matlab_reader', '«pw»', ...
    'Vendor', 'Microsoft SQL Server', ...
    'Server', 'sqlwh01.«dom».local', ...
    'PortNumber', 1433);

if ~isopen(conn)
    error('fetchLoadCurves:conn', 'Could not connect: %s', conn.Message);
end

q = sprintf(['SELECT feeder_id, ts, load_kw FROM dbo.hourly_load ' ...
    'WHERE ts >= ''%s'' AND ts < ''%s'' ORDER BY ts'], ...
    datestr(startDate, 'yyyy-mm-dd'), datestr(endDate, 'yyyy-mm-dd'));

T = fetch(conn, q);
close(conn);

T.ts = datetime(T.ts, 'InputFormat', 'yyyy-MM-dd HH:mm:ss');
T = sortrows(T, {'feeder_id', 'ts'});
end
''', dom=r(6, LO), pw=pw()))

add('e12/src/DataModule.pas', T('''\
unit DataModule;

interface

uses
  System.SysUtils, System.Classes, FireDAC.Comp.Client, FireDAC.Phys.FB;

type
  TdmMain = class(TDataModule)
    FDConnection1: TFDConnection;
    procedure DataModuleCreate(Sender: TObject);
  end;

var
  dmMain: TdmMain;

implementation

{$R *.dfm}

procedure TdmMain.DataModuleCreate(Sender: TObject);
begin
  FDConnection1.Params.Clear;
  FDConnection1.Params.Values['DriverID'] := 'FB';
  FDConnection1.Params.Values['Server'] := 'fbserver01';
  FDConnection1.Params.Values['Database'] := 'D:\\Data\\STOCK.FDB';
  FDConnection1.Params.Values['User_Name'] := 'SYSDBA';
  FDConnection1.Params.Values['Password'] := '«pw»';
  FDConnection1.LoginPrompt := False;
  FDConnection1.Connected := True;
end;

end.
''', pw=pw()))

add('e13/Admin/AdminSettings.vb', T('''\
Imports System.Data.SqlClient

Namespace Admin
    Public Module AdminSettings
        Public Const AdminUser As String = "portal_admin"
        Private Const AdminPwd As String = "«pw»"
        Public Const SessionMinutes As Integer = 30

        Public Function OpenAdminConnection() As SqlConnection
            Dim builder As New SqlConnectionStringBuilder() With {
                .DataSource = "SQLPROD02\\PORTAL",
                .InitialCatalog = "PortalAdmin",
                .UserID = AdminUser,
                .Password = AdminPwd,
                .Encrypt = True
            }
            Dim conn As New SqlConnection(builder.ConnectionString)
            conn.Open()
            Return conn
        End Function

        Public Function IsMaintenanceWindow() As Boolean
            Dim h = DateTime.UtcNow.Hour
            Return h >= 2 AndAlso h < 4
        End Function
    End Module
End Namespace
''', pw=pw()))

add('e14/copybooks/DBCONN.cpy', T('''\
      *****************************************************************
      * DBCONN - CONNECTION PARAMETERS FOR NIGHTLY SETTLEMENT BATCH    *
      * MAINTAINED BY: BATCH OPS                                        *
      *****************************************************************
       01  WS-DB-CONNECT.
           05  WS-DB-NAME          PIC X(08) VALUE 'SETLPROD'.
           05  WS-DB-USER          PIC X(08) VALUE 'STLBATCH'.
           05  WS-DB-PASSWD        PIC X(16) VALUE '«pw»'.
           05  WS-DB-LOCATION      PIC X(16) VALUE 'DSNP'.
           05  FILLER              PIC X(04) VALUE SPACES.
       01  WS-DB-STATUS.
           05  WS-SQLCODE          PIC S9(09) COMP VALUE ZERO.
           05  WS-RETRY-COUNT      PIC 9(02) VALUE ZERO.
           05  WS-MAX-RETRY        PIC 9(02) VALUE 03.
       01  WS-RUN-DATE.
           05  WS-RUN-YYYY         PIC 9(04).
           05  WS-RUN-MM           PIC 9(02).
           05  WS-RUN-DD           PIC 9(02).
''', pw=r(4, UP) + r(4, DIG) + r(4, UP) + r(2, DIG) + random.choice('#@$') + r(1, UP)))

add('e15/run/upload.nml', T('''\
! Namelist for the post-processing upload step of the ocean model run
&run_info
  experiment = 'nemo_orca025_hist',
  member     = 3,
  start_year = 1980,
  end_year   = 2014,
/

&ftp_cfg
  host      = 'ftp.«dom».ac.uk',
  port      = 21,
  user      = 'oceanrun',
  pw        = '«pw»',
  remote_dir = '/incoming/nemo/hist',
  passive   = .true.,
/

&output_cfg
  fields     = 'tos', 'sos', 'zos', 'mlotst',
  freq_hours = 24,
  compress   = .true.,
  deflate    = 4,
/
''', dom=r(5, LO), pw=pw()))

add('e16/sas/monthly_extract.sas', T('''\
/* Monthly extract of active policies for actuarial review */
options compress=yes fullstimer;

libname dw oracle user=sas_etl password="«pw»"
        path="PRODDW" schema=POLICY readbuff=5000;

%let cutoff = %sysfunc(intnx(month, %sysfunc(today()), -1, e), date9.);

proc sql;
  create table work.active as
  select p.policy_id, p.product_cd, p.premium_amt, c.birth_dt, c.region
  from dw.policy p
  inner join dw.customer c on p.customer_id = c.customer_id
  where p.status = 'A' and p.eff_dt <= "&cutoff"d;
quit;

proc means data=work.active n mean sum;
  class product_cd region;
  var premium_amt;
  output out=work.summary sum=total_premium;
run;

proc export data=work.summary outfile="/sasdata/out/active_&cutoff..csv" dbms=csv replace;
run;

libname dw clear;
''', pw=pw()))

add('e17/src/zcl_sftp_export.clas.abap', T('''\
CLASS zcl_sftp_export DEFINITION PUBLIC FINAL CREATE PUBLIC.
  PUBLIC SECTION.
    METHODS run IMPORTING iv_bukrs TYPE bukrs.
  PRIVATE SECTION.
    CONSTANTS: lc_host TYPE string VALUE 'sftp.«dom».com',
               lc_user TYPE string VALUE 'sap_fi_export',
               lc_pwd  TYPE string VALUE '«pw»'.
ENDCLASS.

CLASS zcl_sftp_export IMPLEMENTATION.
  METHOD run.
    DATA: lt_items TYPE STANDARD TABLE OF bsik,
          lo_client TYPE REF TO if_http_client.

    SELECT * FROM bsik INTO TABLE lt_items WHERE bukrs = iv_bukrs.

    cl_http_client=>create( EXPORTING host = lc_host
                            IMPORTING client = lo_client ).
    lo_client->authenticate( username = lc_user
                             password = lc_pwd ).
    lo_client->send( ).
    lo_client->receive( ).
    lo_client->close( ).
  ENDMETHOD.
ENDCLASS.
''', dom=r(7, LO), pw=pw()))

add('e18/k8s/mysql-client-secret.yaml', T('''\
apiVersion: v1
kind: Secret
metadata:
  name: reporting-mysql-client
  namespace: reporting
  labels:
    app.kubernetes.io/name: reporting
    app.kubernetes.io/component: cron
type: Opaque
stringData:
  my.cnf: |
    [client]
    host=mysql-reporting.reporting.svc.cluster.local
    port=3306
    user=report_writer
    password=«pw»
    default-character-set=utf8mb4

    [mysqldump]
    single-transaction
    quick
''', pw=pw()))

add('e19/helm/values-prod.yaml', T('''\
replicaCount: 2

image:
  repository: registry.«dom».io/platform/auth-proxy
  tag: "1.14.2"

ldap:
  enabled: true
  url: ldaps://ldap.«dom».io:636
  bindDN: "cn=svc-authproxy,ou=services,dc=«dom»,dc=io"
  bind_credential: >-
    «pw»
  userSearchBase: "ou=people,dc=«dom»,dc=io"
  groupSearchBase: "ou=groups,dc=«dom»,dc=io"

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: sso.«dom».io
      paths: ["/"]

resources:
  limits:
    cpu: 500m
    memory: 256Mi
''', dom=r(6, LO), pw=pw()))

add('e20/inventories/prod/group_vars/web.yml', T('''\
---
nginx_worker_processes: auto
nginx_client_max_body_size: 25m

app_name: helpdesk
app_user: helpdesk
app_port: 8000
app_release: "2024.05.2"

gunicorn_workers: 6
gunicorn_timeout: 60

cookie_secret:
  "«key»"

allowed_hosts:
  - helpdesk.«dom».com
  - www.helpdesk.«dom».com

logrotate_keep_days: 14
''', dom=r(8, LO), key=b64(36, urlsafe=True)))

# ---------------------------------------------------------------- positives e21..e31
add('e21/src/main/resources/applicationContext-security.xml', T('''\
<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xsi:schemaLocation="http://www.springframework.org/schema/beans
           http://www.springframework.org/schema/beans/spring-beans.xsd">

    <bean id="tokenService" class="com.«org».auth.TokenService">
        <property name="issuer" value="https://auth.«org».com"/>
        <property name="ttlSeconds" value="3600"/>
        <property name="signing_secret">
            <value><![CDATA[«key»]]></value>
        </property>
    </bean>

    <bean id="auditLogger" class="com.«org».audit.AuditLogger">
        <property name="topic" value="audit-events"/>
        <property name="batchSize" value="200"/>
    </bean>

    <bean id="passwordPolicy" class="com.«org».auth.PasswordPolicy">
        <property name="minLength" value="12"/>
        <property name="requireDigit" value="true"/>
    </bean>
</beans>
''', org=r(6, LO), key=r(48, A)))

add('e22/deploy/odbc.ini', T('''\
[ODBC Data Sources]
ReportingDW = ODBC Driver 18 for SQL Server
Archive     = PostgreSQL Unicode

[ReportingDW]
Driver      = ODBC Driver 18 for SQL Server
Server      = tcp:sqldw01.«dom».corp,1433
Database    = ReportingDW
UID         = rpt_loader
PWD         = «pw»
Encrypt     = yes
TrustServerCertificate = no

[Archive]
Driver      = PostgreSQL Unicode
Servername  = archive-pg.«dom».corp
Port        = 5432
Database    = archive
ReadOnly    = Yes
''', dom=r(6, LO), pw=pw()))

add('e23/src/main/resources/mail.properties', T(r'''# Outbound mail settings for the notification service
mail.transport.protocol = smtp
mail.smtp.host = smtp.«dom».net
mail.smtp.port = 587
mail.smtp.auth = true
mail.smtp.starttls.enable = true
mail.smtp.user = notifications@«dom».net
mail.smtp.password = \
    «pw»
mail.smtp.connectiontimeout = 10000
mail.smtp.timeout = 10000

# Templates
mail.template.dir = classpath:/templates/mail
mail.template.default.locale = en_GB
mail.from.name = Customer Notifications
mail.reply.to = no-reply@«dom».net
mail.bounce.address = bounces@«dom».net
''', dom=r(7, LO), pw=pw()))

add('e24/ops/backup_db.sh', T('''\
#!/usr/bin/env bash
# Nightly logical backup of the main database, run from cron on backup01
set -euo pipefail

BACKUP_DIR=/var/backups/pg
STAMP=$(date +%Y%m%d-%H%M)
DB_HOST=db-main.internal
RETENTION_DAYS=10

mkdir -p "$BACKUP_DIR"

cat > "$HOME/.pgpass" <<EOF
${DB_HOST}:5432:*:backup_svc:«pw»
EOF
chmod 600 "$HOME/.pgpass"

for db in orders customers catalog; do
  pg_dump -h "$DB_HOST" -U backup_svc -Fc "$db" > "$BACKUP_DIR/${db}-${STAMP}.dump"
done

find "$BACKUP_DIR" -name '*.dump' -mtime +"$RETENTION_DAYS" -delete
echo "backup finished at $(date -Is)"
''', pw=pw()))

add('e25/provision/redis_node.py', T('''\
"""Render and install redis.conf on a cache node."""
import pathlib
import subprocess

REDIS_CONF = """\\
bind 0.0.0.0
port 6379
protected-mode yes
tcp-keepalive 300
daemonize no
supervised systemd
loglevel notice
databases 4
maxmemory 2gb
maxmemory-policy allkeys-lru
requirepass «pw»
appendonly yes
appendfsync everysec
"""


def install(target: str = "/etc/redis/redis.conf") -> None:
    path = pathlib.Path(target)
    path.write_text(REDIS_CONF)
    path.chmod(0o640)
    subprocess.run(["systemctl", "restart", "redis-server"], check=True)


if __name__ == "__main__":
    install()
''', pw=pw()))

add('e26/src/main/java/com/acme/reports/ReportingUserSetup.java', T('''\
package com.acme.reports;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

public final class ReportingUserSetup {

    private ReportingUserSetup() {}

    public static void createReadOnlyUser(String adminUrl, String adminUser, String adminPass) throws SQLException {
        try (Connection conn = DriverManager.getConnection(adminUrl, adminUser, adminPass);
             Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE USER report_ro WITH PASSWORD '«pw»'");
            stmt.execute("GRANT CONNECT ON DATABASE reports TO report_ro");
            stmt.execute("GRANT USAGE ON SCHEMA public TO report_ro");
            stmt.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO report_ro");
            stmt.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO report_ro");
        }
    }

    public static void main(String[] args) throws SQLException {
        createReadOnlyUser(args[0], args[1], args[2]);
        System.out.println("report_ro created");
    }
}
''', pw=pw()))

add('e27/deploy/prod.env', T('''\
# sourced by /etc/systemd/system/vault-sync.service via ExecStartPre
export APP_ENV=production
export LOG_LEVEL="info"
export S3_BUCKET=archive-«dom»-prod
export S3_REGION='eu-central-1'
export BACKUP_SCHEDULE="0 3 * * *"
export ENCRYPTION_PASSPHRASE='«pw»'
export COMPRESSION=zstd
export MAX_PARALLEL_UPLOADS=4
export NOTIFY_EMAIL="ops@«dom».io"
''', dom=r(6, LO), pw=pw()))

add('e28/scripts/restore_dev.bat', T(r'''@echo off
REM Restore the latest nightly dump into the local MySQL instance
setlocal

set MYSQL_BIN=C:\Program Files\MySQL\MySQL Server 8.0\bin
set DUMP_DIR=\\fileserver01\backups\mysql\nightly
set ROOT_PW=«pw»
set DB_NAME=erp

for /f "delims=" %%F in ('dir /b /o-d "%DUMP_DIR%\erp-*.sql"') do (
    set LATEST=%%F
    goto :found
)
echo No dump found in %DUMP_DIR%
exit /b 1

:found
echo Restoring %LATEST% ...
"%MYSQL_BIN%\mysql.exe" -u root --password=%ROOT_PW% -e "DROP DATABASE IF EXISTS %DB_NAME%; CREATE DATABASE %DB_NAME%;"
"%MYSQL_BIN%\mysql.exe" -u root --password=%ROOT_PW% %DB_NAME% < "%DUMP_DIR%\%LATEST%"
echo Done.
endlocal
''', pw=pw('-_.*+')))

add('e29/kiosk/autologon.reg', T(r'''Windows Registry Editor Version 5.00

; Lobby kiosk: log on automatically as the restricted kiosk account

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon]
"AutoAdminLogon"="1"
"DefaultUserName"="kiosk"
"DefaultDomainName"="LOBBY-«n»"
"DefaultPassword"="«pw»"
"ForceAutoLogon"="1"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System]
"DisableTaskMgr"=dword:00000001
"DisableLockWorkstation"=dword:00000001

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Policies\Explorer]
"NoRun"=dword:00000001
"NoControlPanel"=dword:00000001
"NoDrives"=dword:03ffffff
''', n=r(2, DIG), pw=pw()))

add('e30/config/signing-keys.json', T('''\
[
  {
    "id": "primary-2024",
    "algorithm": "HS512",
    "use": "sig",
    "active": true,
    "created": "2024-02-11T09:14:00Z",
    "hmacKey": "«key»"
  },
  {
    "id": "legacy-2022",
    "algorithm": "HS256",
    "use": "sig",
    "active": false,
    "created": "2022-06-01T00:00:00Z",
    "retired": "2023-11-30T00:00:00Z"
  }
]
''', key=hx(128)))

add('e31/infra/main.bicep', T('''\
@description('Location for all resources')
param location string = resourceGroup().location

@description('Administrator login for the SQL server')
param adminLogin string = 'sqladmin'

@secure()
param adminPwd string = '«pw»'

var serverName = 'sql-«n»-prod'

resource sqlServer 'Microsoft.Sql/servers@2022-05-01-preview' = {
  name: serverName
  location: location
  properties: {
    administratorLogin: adminLogin
    administratorLoginPassword: adminPwd
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Disabled'
  }
}

resource db 'Microsoft.Sql/servers/databases@2022-05-01-preview' = {
  parent: sqlServer
  name: 'orders'
  location: location
  sku: {
    name: 'S1'
    tier: 'Standard'
  }
}

output sqlFqdn string = sqlServer.properties.fullyQualifiedDomainName
''', n=r(6, LO + DIG), pw=pw()))

# ---------------------------------------------------------------- positives e32..e45 (provider tokens)
add('e32/terraform/envs/prod/terraform.tfvars.json', T('''\
{
  "environment": "prod",
  "region": "us-east-2",
  "github_owner": "«org»",
  "github_token": "«tok»",
  "repositories": [
    "api-gateway",
    "billing-service",
    "web-frontend"
  ],
  "default_branch": "main",
  "required_approvals": 2,
  "enforce_admins": true,
  "status_checks": [
    "ci/build",
    "ci/lint"
  ],
  "team_maintainers": "platform",
  "archive_on_destroy": true
}
''', org=r(8, LO), tok=ck('ghp_')))

add('e33/dhall/assistant.dhall', T('''\
let Model = < Gpt4o | Gpt4oMini >

let showModel =
      \\(m : Model) -> merge { Gpt4o = "gpt-4o", Gpt4oMini = "gpt-4o-mini" } m

let openaiKey = "«tok»"

let Config =
      { Type =
          { apiBase : Text
          , apiKey : Text
          , model : Text
          , maxTokens : Natural
          , temperature : Double
          }
      , default = { apiBase = "https://api.openai.com/v1", maxTokens = 1024, temperature = 0.2 }
      }

in  Config::{
    , apiKey = openaiKey
    , model = showModel Model.Gpt4oMini
    , maxTokens = 2048
    }
''', tok=openai_project()))

add('e34/cue/alerting/notifier.cue', T('''\
package alerting

#Channel: {
	name:     string
	severity: "critical" | "warning" | "info"
	mention?: string
}

notifier: {
	provider: "slack"
	workspace: "«org»-eng"
	botToken: "«tok»"
	defaultChannel: "#alerts"
	channels: [...#Channel] & [
		{name: "#alerts-critical", severity: "critical", mention: "@oncall"},
		{name: "#alerts", severity: "warning"},
		{name: "#alerts-info", severity: "info"},
	]
	rateLimitPerMinute: 30
	groupWait: "30s"
	repeatInterval: "4h"
}
''', org=r(6, LO), tok=slack_bot()))

add('e35/monitoring/alertmanager.jsonnet', T('''\
local slackWebhook = '«url»';

local receiver(name, channel) = {
  name: name,
  slack_configs: [{
    api_url: slackWebhook,
    channel: channel,
    send_resolved: true,
    title: '{{ .CommonLabels.alertname }}',
    text: '{{ range .Alerts }}{{ .Annotations.summary }}\\n{{ end }}',
  }],
};

{
  global: { resolve_timeout: '5m' },
  route: {
    receiver: 'default',
    group_by: ['alertname', 'cluster'],
    group_wait: '30s',
    repeat_interval: '3h',
    routes: [
      { matchers: ['severity="critical"'], receiver: 'pager' },
    ],
  },
  receivers: [
    receiver('default', '#ops-alerts'),
    receiver('pager', '#ops-critical'),
  ],
}
''', url=slack_webhook()))

add('e36/contracts/hardhat.config.js', T('''\
require("@nomicfoundation/hardhat-toolbox");
require("hardhat-gas-reporter");

const DEPLOYER_KEY = "«tok»";

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: "0.8.24",
    settings: {
      optimizer: { enabled: true, runs: 200 },
    },
  },
  networks: {
    hardhat: {},
    sepolia: {
      url: process.env.SEPOLIA_RPC_URL || "https://rpc.sepolia.org",
      accounts: [DEPLOYER_KEY],
    },
    polygon: {
      url: "https://polygon-rpc.com",
      accounts: [DEPLOYER_KEY],
      gasPrice: 80000000000,
    },
  },
  etherscan: {
    apiKey: process.env.ETHERSCAN_API_KEY,
  },
  gasReporter: { enabled: true, currency: "USD" },
};
''', tok=eth_private_key()))

add('e37/force-app/main/default/classes/StripeChargeService.cls', T('''\
public with sharing class StripeChargeService {
    private static final String STRIPE_ENDPOINT = 'https://api.stripe.com/v1/charges';
    private static final String STRIPE_KEY = '«tok»';

    public class ChargeResult {
        @AuraEnabled public Boolean success;
        @AuraEnabled public String chargeId;
    }

    @AuraEnabled
    public static ChargeResult charge(Id opportunityId, Integer amountCents, String sourceToken) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint(STRIPE_ENDPOINT);
        req.setMethod('POST');
        req.setHeader('Authorization', 'Bearer ' + STRIPE_KEY);
        req.setHeader('Content-Type', 'application/x-www-form-urlencoded');
        req.setBody('amount=' + amountCents + '&currency=usd&source=' + EncodingUtil.urlEncode(sourceToken, 'UTF-8')
            + '&metadata[opportunity]=' + opportunityId);

        HttpResponse res = new Http().send(req);
        Map<String, Object> body = (Map<String, Object>) JSON.deserializeUntyped(res.getBody());
        ChargeResult result = new ChargeResult();
        result.success = res.getStatusCode() == 200;
        result.chargeId = (String) body.get('id');
        return result;
    }
}
''', tok=stripe_live()))

add('e38/infra/Pulumi.prod.yaml', T('''\
config:
  infra:environment: prod
  infra:region: fra1
  infra:dropletSize: s-2vcpu-4gb
  infra:dropletCount: "3"
  infra:domain: «dom».dev
  infra:sshKeyFingerprints:
    - "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"
  digitalocean:token: «tok»
  infra:database:
    engine: pg
    version: "16"
    size: db-s-1vcpu-2gb
    nodes: 1
  infra:tags:
    - prod
    - web
''', dom=r(7, LO), tok=digitalocean_pat()))

add('e39/serverless.yml', T('''\
service: order-notifier

frameworkVersion: "3"

provider:
  name: aws
  runtime: python3.12
  region: eu-west-1
  memorySize: 256
  timeout: 15
  environment:
    STAGE: ${sls:stage}
    ORDERS_TABLE: orders-${sls:stage}
    TELEGRAM_CHAT_ID: "-100«chat»"
    TELEGRAM_BOT_TOKEN: "«tok»"

functions:
  notify:
    handler: handler.notify
    events:
      - stream:
          type: dynamodb
          arn: !GetAtt OrdersTable.StreamArn
          batchSize: 10

plugins:
  - serverless-python-requirements

custom:
  pythonRequirements:
    dockerizePip: non-linux
''', chat=digits(10), tok=telegram_bot()))

add('e40/template.yaml', T('''\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Inventory sync between the warehouse system and the Shopify store

Globals:
  Function:
    Timeout: 30
    Runtime: nodejs20.x
    MemorySize: 512

Resources:
  InventorySyncFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: sync.handler
      Environment:
        Variables:
          SHOPIFY_SHOP: «shop».myshopify.com
          SHOPIFY_API_VERSION: "2024-04"
          SHOPIFY_ADMIN_TOKEN: «tok»
      Events:
        Every15Min:
          Type: Schedule
          Properties:
            Schedule: rate(15 minutes)

Outputs:
  InventorySyncFunctionArn:
    Value: !GetAtt InventorySyncFunction.Arn
''', shop=r(9, LO), tok=shopify_admin()))

add('e41/cfn/runner-params.prod.json', T('''\
[
  {
    "ParameterKey": "EnvironmentName",
    "ParameterValue": "prod"
  },
  {
    "ParameterKey": "InstanceType",
    "ParameterValue": "c6i.xlarge"
  },
  {
    "ParameterKey": "RunnerCount",
    "ParameterValue": "4"
  },
  {
    "ParameterKey": "GitLabUrl",
    "ParameterValue": "https://gitlab.«dom».com"
  },
  {
    "ParameterKey": "GitLabToken",
    "ParameterValue": "«tok»"
  },
  {
    "ParameterKey": "VpcId",
    "ParameterValue": "vpc-«vpc»"
  }
]
''', dom=r(6, LO), vpc=hx(17), tok=gitlab_pat()))

add('e42/arm/azuredeploy.parameters.json', T('''\
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "siteName": {
      "value": "app-«acct»-prod"
    },
    "sku": {
      "value": "P1v3"
    },
    "location": {
      "value": "westeurope"
    },
    "storageConnectionString": {
      "value": "DefaultEndpointsProtocol=https;AccountName=«acct»;AccountKey=«key»;EndpointSuffix=core.windows.net"
    },
    "alwaysOn": {
      "value": true
    }
  }
}
''', acct='st' + r(10, LO + DIG), key=azure_storage_key()))

add('e43/Jenkinsfile', T('''\
pipeline {
    agent { label 'node20' }

    options {
        timeout(time: 30, unit: 'MINUTES')
        buildDiscarder(logRotator(numToKeepStr: '20'))
    }

    stages {
        stage('Install') {
            steps {
                sh 'npm ci'
            }
        }
        stage('Test') {
            steps {
                sh 'npm run lint && npm test -- --ci'
            }
        }
        stage('Publish') {
            when { tag pattern: "v\\\\d+\\\\.\\\\d+\\\\.\\\\d+", comparator: "REGEXP" }
            steps {
                withEnv(["NPM_TOKEN=«tok»"]) {
                    sh 'echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc'
                    sh 'npm publish --access public'
                }
            }
        }
    }
}
''', tok=ck('npm_')))

add('e44/src/Mailer/Config.hs', T('''\
{-# LANGUAGE OverloadedStrings #-}
module Mailer.Config
  ( MailerConfig(..)
  , defaultMailerConfig
  ) where

import Data.Text (Text)

data MailerConfig = MailerConfig
  { mcApiBase     :: Text
  , mcApiKey      :: Text
  , mcFromAddress :: Text
  , mcFromName    :: Text
  , mcSandbox     :: Bool
  , mcRetries     :: Int
  } deriving (Show, Eq)

defaultMailerConfig :: MailerConfig
defaultMailerConfig = MailerConfig
  { mcApiBase     = "https://api.sendgrid.com/v3"
  , mcApiKey      = "«tok»"
  , mcFromAddress = "receipts@«dom».com"
  , mcFromName    = "«Dom» Receipts"
  , mcSandbox     = False
  , mcRetries     = 3
  }
''', dom=r(7, LO), Dom=r(6, LO).capitalize(), tok=sendgrid()))

add('e45/tools/release.cmd', T(r'''@echo off
REM Build wheels and upload them to PyPI
setlocal

set PKG=«pkg»
set TWINE_USERNAME=__token__
set TWINE_PASSWORD=«tok»

if exist dist rmdir /s /q dist
if exist build rmdir /s /q build

python -m pip install --upgrade build twine || goto :fail
python -m build || goto :fail
python -m twine check dist\* || goto :fail
python -m twine upload --non-interactive dist\* || goto :fail

echo Uploaded %PKG% to PyPI.
endlocal
exit /b 0

:fail
echo Release of %PKG% failed.
endlocal
exit /b 1
''', pkg=r(8, LO), tok=pypi_token()))

# ---------------------------------------------------------------- negatives d01..d12 (no real secret)
add('d01/config/runtime.exs', T('''\
import Config

if config_env() == :prod do
  database_url =
    System.get_env("DATABASE_URL") ||
      raise """
      environment variable DATABASE_URL is missing.
      For example: ecto://USER:PASS@HOST/DATABASE
      """

  config :storefront, Storefront.Repo,
    url: database_url,
    password: System.fetch_env!("DB_PASSWORD"),
    pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
    ssl: true

  secret_key_base = System.fetch_env!("SECRET_KEY_BASE")

  config :storefront, StorefrontWeb.Endpoint,
    url: [host: "shop.«host».io", port: 443, scheme: "https"],
    http: [ip: {0, 0, 0, 0}, port: 4000],
    secret_key_base: secret_key_base
end
''', host=r(6, LO)))

add('d02/conf/application.conf', '''\
# This is the main configuration file for the application.
play.i18n.langs = ["en", "de"]

# Injected by the deployment from the secret store; never commit a value here.
play.http.secret.key = "changeme"
play.http.secret.key = ${?APPLICATION_SECRET}

play.filters.enabled += "play.filters.csrf.CSRFFilter"

slick.dbs.default {
  profile = "slick.jdbc.PostgresProfile$"
  db {
    driver = "org.postgresql.Driver"
    url = "jdbc:postgresql://localhost:5432/catalog"
    url = ${?DB_URL}
    user = ${?DB_USER}
    password = ${?DB_PASSWORD}
    numThreads = 10
  }
}

akka {
  loglevel = "INFO"
  actor.default-dispatcher.fork-join-executor.parallelism-max = 16
}
''')

add('d03/hosts/monitor/grafana.nix', T('''\
{ config, pkgs, ... }:

{
  age.secrets.grafana-admin = {
    file = ../../secrets/grafana-admin.age;
    owner = "grafana";
  };

  services.grafana = {
    enable = true;
    settings = {
      server = {
        http_addr = "127.0.0.1";
        http_port = 3000;
        domain = "grafana.«dom».net";
      };
      security = {
        admin_user = "ops";
        admin_password = "$__file{${config.age.secrets.grafana-admin.path}}";
        cookie_secure = true;
      };
    };
  };

  users.users.ops = {
    isNormalUser = true;
    hashedPasswordFile = config.age.secrets.ops-password.path;
    extraGroups = [ "wheel" ];
  };
}
''', dom=r(7, LO)))

add('d04/cfn/runner-params.prod.json', T('''\
[
  {
    "ParameterKey": "EnvironmentName",
    "ParameterValue": "prod"
  },
  {
    "ParameterKey": "InstanceType",
    "ParameterValue": "c6i.xlarge"
  },
  {
    "ParameterKey": "GitLabUrl",
    "ParameterValue": "https://gitlab.«dom».com"
  },
  {
    "ParameterKey": "GitLabTokenSecretArn",
    "ParameterValue": "arn:aws:secretsmanager:us-east-2:«acct»:secret:ci/gitlab-runner-token-Ab12Cd"
  },
  {
    "ParameterKey": "DbPassword",
    "ParameterValue": "{{resolve:secretsmanager:ci/runner-db:SecretString:password}}"
  }
]
''', dom=r(6, LO), acct=digits(12)))

add('d05/infra/main.bicep', T('''\
@description('Location for all resources')
param location string = resourceGroup().location

@description('Administrator login for the SQL server')
param adminLogin string = 'sqladmin'

@secure()
@minLength(16)
@description('Supplied at deploy time from Key Vault; no default on purpose')
param adminPwd string

resource kv 'Microsoft.KeyVault/vaults@2023-02-01' existing = {
  name: 'kv-«n»-prod'
}

resource sqlServer 'Microsoft.Sql/servers@2022-05-01-preview' = {
  name: 'sql-«n»-prod'
  location: location
  properties: {
    administratorLogin: adminLogin
    administratorLoginPassword: adminPwd
    minimalTlsVersion: '1.2'
  }
}

output keyVaultUri string = kv.properties.vaultUri
''', n=r(6, LO + DIG)))

add('d06/scripts/restore_dev.bat', r'''@echo off
REM Restore the latest nightly dump into the local MySQL instance
setlocal

set MYSQL_BIN=C:\Program Files\MySQL\MySQL Server 8.0\bin
set DUMP_DIR=\\fileserver01\backups\mysql\nightly
set DB_NAME=erp

if "%ROOT_PW%"=="" set /p ROOT_PW=Enter MySQL root password: 
if "%ROOT_PW%"=="" (
    echo A root password is required.
    exit /b 1
)

for /f "delims=" %%F in ('dir /b /o-d "%DUMP_DIR%\erp-*.sql"') do (
    set LATEST=%%F
    goto :found
)
exit /b 1

:found
"%MYSQL_BIN%\mysql.exe" -u root --password=%ROOT_PW% %DB_NAME% < "%DUMP_DIR%\%LATEST%"
endlocal
''')

add('d07/contracts/hardhat.config.js', T('''\
require("@nomicfoundation/hardhat-toolbox");
require("dotenv").config();

const { DEPLOYER_PRIVATE_KEY, SEPOLIA_RPC_URL, ETHERSCAN_API_KEY } = process.env;
const accounts = DEPLOYER_PRIVATE_KEY ? [DEPLOYER_PRIVATE_KEY] : [];

// Multisig that owns the deployed contracts (public address, not a key)
const OWNER_SAFE = "0x«addr»";

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: "0.8.24",
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  networks: {
    hardhat: {},
    sepolia: { url: SEPOLIA_RPC_URL || "", accounts },
  },
  namedAccounts: {
    deployer: 0,
    owner: OWNER_SAFE,
  },
  etherscan: { apiKey: ETHERSCAN_API_KEY },
};
''', addr=hx(40)))

add('d08/helm/values-prod.yaml', T('''\
replicaCount: 2

image:
  repository: registry.«dom».io/platform/auth-proxy
  tag: "1.14.2"

ldap:
  enabled: true
  url: ldaps://ldap.«dom».io:636
  bindDN: "cn=svc-authproxy,ou=services,dc=«dom»,dc=io"
  # bind_credential is read from the Secret below; leave empty here
  bind_credential: ""
  existingSecret: auth-proxy-ldap-bind
  existingSecretKey: bind_credential

extraConfig: |
  [session]
  cookie_secret_file = /run/secrets/cookie_secret
  lifetime = 8h
  same_site = lax

resources:
  limits:
    cpu: 500m
    memory: 256Mi
''', dom=r(6, LO)))

add('d09/provision/create_reporting_user.py', '''\
"""Create the read-only reporting role; the password comes from Secrets Manager."""
import json

import boto3
import psycopg2
from psycopg2 import sql


def fetch_password(secret_id: str) -> str:
    client = boto3.client("secretsmanager")
    return json.loads(client.get_secret_value(SecretId=secret_id)["SecretString"])["password"]


def create_user(dsn: str, secret_id: str = "reports/report_ro") -> None:
    password = fetch_password(secret_id)
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            sql.SQL("CREATE USER report_ro WITH PASSWORD %s"),
            (password,),
        )
        cur.execute("GRANT CONNECT ON DATABASE reports TO report_ro")
        cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO report_ro")


if __name__ == "__main__":
    import sys
    create_user(sys.argv[1])
''')

add('d10/rel/sys.config.src', '''\
%% -*- mode: erlang -*-
%% Rendered by relx at boot: ${VAR} is replaced from the environment.
[
 {kernel, [
   {logger_level, notice}
 ]},
 {ledger, [
   {http_port, 8080},
   {pool_size, 20},
   {db, [
     {host, "${LEDGER_DB_HOST}"},
     {port, 5432},
     {database, "ledger"},
     {username, "ledger_svc"},
     {master_pass, "${LEDGER_DB_PASSWORD}"},
     {ssl, true}
   ]},
   {flush_interval_ms, 500}
 ]}
].
''')

add('d11/src/main/resources/security.properties', '''\
# Security settings for the customer portal
keystore.path = /etc/portal/keystore.p12
keystore.type = PKCS12
keystore.pw = ${KEYSTORE_PW}
truststore.path = /etc/portal/truststore.p12
truststore.pw = ${TRUSTSTORE_PW}

# Password policy for end users
password.min.length = 12
password.require.digit = true
password.require.symbol = true
password.max.age.days = 180
password.reset.url = https://portal.example.com/account/reset
password.reset.token.ttl.minutes = 30

session.cookie.name = PORTALSESSION
session.timeout.minutes = 20
jwtSigningKey.alias = portal-jwt
''')

add('d12/app/build.gradle', T('''\
plugins {
    id 'com.android.application'
    id 'kotlin-android'
}

def keystorePw = System.getenv("KEYSTORE_PW") ?: project.findProperty("keystorePw") ?: ""

android {
    namespace 'com.«org».tracker'
    compileSdk 34

    defaultConfig {
        applicationId "com.«org».tracker"
        minSdk 24
        targetSdk 34
        versionCode 41
        versionName "2.3.1"
    }

    signingConfigs {
        release {
            storeFile file(System.getenv("KEYSTORE_FILE") ?: "../keys/release.jks")
            storePassword keystorePw
            keyAlias "tracker-release"
            keyPassword keystorePw
        }
    }

    buildTypes {
        release {
            minifyEnabled true
            signingConfig signingConfigs.release
        }
    }
}
''', org=r(6, LO)))

write()
