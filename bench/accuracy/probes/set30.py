# Usage: python3 set30.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 30 (stop 28): infrastructure-as-code, CI/CD and operations artefacts plus long-tail SaaS tokens
from common import A, HEX, add, ck, hx, r, start, write
import base64, json, random

start()

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx')
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
LO = 'abcdefghijklmnopqrstuvwxyz'
DIG = '0123456789'
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
BECH = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'
WORDS = ['Summer', 'Falcon', 'Harbor', 'Winter', 'Maple', 'Rocket', 'Copper', 'Nebula', 'Orchid',
         'Granite', 'Velvet', 'Thunder', 'Juniper', 'Marlin', 'Cobalt', 'Saturn', 'Willow', 'Phoenix']


def g(f):
    """Redraws f() until the value holds none of the placeholder-looking words."""
    while True:
        v = f()
        if not any(b in v.lower() for b in BAD):
            return v


def pw(sym='!@#$*?.-_'):
    """A password as people choose them: word+digits+symbol, or a random string."""
    def one():
        k = random.randint(0, 3)
        w = random.choice(WORDS)
        d = r(random.randint(2, 4), DIG)
        s = random.choice(sym)
        if k == 0:
            return w + d + s
        if k == 1:
            return w + s + d + random.choice(WORDS).lower()
        if k == 2:
            return r(random.randint(14, 22), A + sym)
        return s.join([w.lower(), r(4, DIG), random.choice(WORDS)])
    return g(one)


def apw(n=24):
    """Alphanumeric generated password (safe inside URLs)."""
    return g(lambda: r(n))


def akid():
    return g(lambda: 'AKIA' + r(16, B32))


def aws_secret():
    return g(lambda: r(40, A + '/+'))


def uuid():
    return g(lambda: '-'.join([hx(8), hx(4), '4' + hx(3), random.choice('89ab') + hx(3), hx(12)]))


# c01 Terraform AWS provider block with an inline access key pair
K1, S1 = akid(), aws_secret()
add('c01/infra/aws/providers.tf', f'''terraform {{
  required_version = ">= 1.5.0"

  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.31"
    }}
  }}

  backend "s3" {{
    bucket         = "acme-terraform-state-prod"
    key            = "network/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }}
}}

provider "aws" {{
  region     = var.region
  access_key = "{K1}"
  secret_key = "{S1}"

  default_tags {{
    tags = {{
      Project     = "platform"
      Environment = "prod"
      ManagedBy   = "terraform"
    }}
  }}
}}

provider "aws" {{
  alias  = "us_east_1"
  region = "us-east-1"
}}
''')

# c02 prod.auto.tfvars with the RDS master password in plain text
P2 = pw()
add('c02/envs/prod/prod.auto.tfvars', f'''# Production environment values
environment         = "prod"
region              = "eu-central-1"
vpc_cidr            = "10.40.0.0/16"
availability_zones  = ["eu-central-1a", "eu-central-1b", "eu-central-1c"]

# --- database ---
db_engine_version   = "15.4"
db_instance_class   = "db.r6g.large"
db_allocated_storage = 200
db_name             = "orders"
db_username         = "orders_admin"
db_password         = "{P2}"
db_multi_az         = true
db_backup_retention = 14

# --- eks ---
cluster_version     = "1.28"
node_instance_types = ["m6i.xlarge"]
node_min_size       = 3
node_max_size       = 12

tags = {{
  Owner      = "platform-team"
  CostCenter = "cc-4410"
}}
''')

# c03 terraform.tfstate with a database password stored as a plain attribute
P3 = pw()
state3 = {
    "version": 4,
    "terraform_version": "1.6.6",
    "serial": 57,
    "lineage": uuid(),
    "outputs": {
        "db_endpoint": {"value": "billing-prod.c9xk2mdl1qzp.eu-west-1.rds.amazonaws.com:5432", "type": "string"}
    },
    "resources": [
        {
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "billing",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [
                {
                    "schema_version": 2,
                    "attributes": {
                        "allocated_storage": 100,
                        "arn": "arn:aws:rds:eu-west-1:418273645120:db:billing-prod",
                        "db_name": "billing",
                        "engine": "postgres",
                        "engine_version": "15.4",
                        "identifier": "billing-prod",
                        "instance_class": "db.m6g.large",
                        "username": "billing_admin",
                        "password": P3,
                        "port": 5432,
                        "storage_encrypted": True,
                        "vpc_security_group_ids": ["sg-0a4f1c2e9b7d3e815"]
                    },
                    "sensitive_attributes": [],
                    "private": "bnVsbA=="
                }
            ]
        }
    ],
    "check_results": None
}
add('c03/terraform/billing/terraform.tfstate', json.dumps(state3, indent=2) + '\n')

# c04 Pulumi stack config with the database password as a non-secure value
P4 = pw()
add('c04/deploy/Pulumi.production.yaml', f'''encryptionsalt: v1:{r(12, A + '+/')}=:v1:{r(16, A + '+/')}:{r(24, A + '+/')}==
config:
  aws:region: us-west-2
  aws:profile: acme-prod
  catalog-api:environment: production
  catalog-api:instanceType: t3.large
  catalog-api:minCapacity: "3"
  catalog-api:maxCapacity: "10"
  catalog-api:domain: api.catalog.acme.io
  catalog-api:dbUser: catalog
  catalog-api:dbPassword: "{P4}"
  catalog-api:dbName: catalog
  catalog-api:enableXray: "true"
  catalog-api:logRetentionDays: "30"
  catalog-api:alarmEmail: oncall@acme.io
''')

# c05 CloudFormation template: NoEcho parameter that still carries a Default password
P5 = pw()
add('c05/cloudformation/rds-stack.yaml', f'''AWSTemplateFormatVersion: "2010-09-09"
Description: Reporting database (MySQL 8) for the analytics team

Parameters:
  Environment:
    Type: String
    AllowedValues: [staging, production]
    Default: production
  DBUsername:
    Type: String
    Default: reporting
  DBPassword:
    Type: String
    NoEcho: true
    MinLength: 12
    Default: "{P5}"
  DBInstanceClass:
    Type: String
    Default: db.t3.medium

Resources:
  ReportingSubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: reporting db subnets
      SubnetIds:
        - !ImportValue core-vpc-private-a
        - !ImportValue core-vpc-private-b

  ReportingDB:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
      EngineVersion: "8.0.35"
      DBInstanceClass: !Ref DBInstanceClass
      AllocatedStorage: "100"
      MasterUsername: !Ref DBUsername
      MasterUserPassword: !Ref DBPassword
      DBSubnetGroupName: !Ref ReportingSubnetGroup
      StorageEncrypted: true
      Tags:
        - Key: Environment
          Value: !Ref Environment

Outputs:
  Endpoint:
    Value: !GetAtt ReportingDB.Endpoint.Address
''')

# c06 Helm values.yaml with the bundled PostgreSQL password
P6 = pw()
add('c06/charts/inventory/values.yaml', f'''replicaCount: 2

image:
  repository: registry.acme.io/inventory/api
  tag: "2.14.1"
  pullPolicy: IfNotPresent

service:
  type: ClusterIP
  port: 8080

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: inventory.internal.acme.io
      paths:
        - path: /
          pathType: Prefix

resources:
  limits:
    cpu: "1"
    memory: 1Gi
  requests:
    cpu: 250m
    memory: 512Mi

postgresql:
  enabled: true
  auth:
    username: inventory
    database: inventory
    password: "{P6}"
  primary:
    persistence:
      size: 20Gi

redis:
  enabled: false
''')

# c07 rendered Kubernetes manifest (helm template output) with a Secret in stringData
P7 = apw(28)
add('c07/rendered/payments/manifests.yaml', f'''---
# Source: payments/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: payments
  labels:
    app.kubernetes.io/name: payments
    app.kubernetes.io/instance: payments
    helm.sh/chart: payments-0.9.3
---
# Source: payments/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: payments-db
  labels:
    app.kubernetes.io/name: payments
type: Opaque
stringData:
  DATABASE_URL: "postgresql://payments:{P7}@pg-payments.data.svc.cluster.local:5432/payments?sslmode=require"
---
# Source: payments/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: payments
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: http
  selector:
    app.kubernetes.io/name: payments
---
# Source: payments/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: payments
  template:
    metadata:
      labels:
        app.kubernetes.io/name: payments
    spec:
      serviceAccountName: payments
      containers:
        - name: payments
          image: "registry.acme.io/payments:4.2.0"
          envFrom:
            - secretRef:
                name: payments-db
          ports:
            - name: http
              containerPort: 8080
''')

# c08 Kustomize secretGenerator with a literal password
P8 = pw()
add('c08/k8s/overlays/prod/kustomization.yaml', f'''apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

namespace: search-prod

resources:
  - ../../base
  - ingress.yaml
  - hpa.yaml

images:
  - name: search-api
    newName: registry.acme.io/search/api
    newTag: 3.7.2

commonLabels:
  env: prod

patches:
  - path: replicas-patch.yaml

configMapGenerator:
  - name: search-config
    literals:
      - OPENSEARCH_HOST=opensearch.data.svc
      - OPENSEARCH_PORT=9200
      - LOG_LEVEL=info

secretGenerator:
  - name: search-credentials
    literals:
      - OPENSEARCH_USER=search_svc
      - OPENSEARCH_PASSWORD={P8}
    type: Opaque

generatorOptions:
  disableNameSuffixHash: false
''')

# c09 ArgoCD repository Secret carrying a GitHub personal access token
T9 = g(lambda: ck('ghp_'))
add('c09/argocd/repositories/platform-charts.yaml', f'''apiVersion: v1
kind: Secret
metadata:
  name: repo-platform-charts
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repository
  annotations:
    managed-by: argocd.argoproj.io
type: Opaque
stringData:
  type: git
  name: platform-charts
  url: https://github.com/acme-corp/platform-charts.git
  username: acme-argocd-bot
  password: {T9}
  project: platform
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ingress-nginx
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: https://github.com/acme-corp/platform-charts.git
    targetRevision: main
    path: charts/ingress-nginx
  destination:
    server: https://kubernetes.default.svc
    namespace: ingress-nginx
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
''')

# c10 Flux GitRepository with its basic-auth Secret holding a GitLab token
T10 = g(lambda: 'glpat-' + r(20, A + '_-'))
add('c10/clusters/prod/flux-system/gitrepository.yaml', f'''---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: fleet-infra
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  secretRef:
    name: fleet-infra-auth
  url: https://gitlab.acme.io/platform/fleet-infra.git
---
apiVersion: v1
kind: Secret
metadata:
  name: fleet-infra-auth
  namespace: flux-system
type: Opaque
stringData:
  username: flux
  password: {T10}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./apps/prod
  prune: true
  sourceRef:
    kind: GitRepository
    name: fleet-infra
''')

# c11 Ansible group_vars (not vault-encrypted) with the MySQL root password
P11 = pw()
add('c11/ansible/group_vars/dbservers.yml', f'''---
# MySQL primary/replica hosts
mysql_version: "8.0"
mysql_port: 3306
mysql_bind_address: "0.0.0.0"
mysql_datadir: /var/lib/mysql
mysql_innodb_buffer_pool_size: 12G
mysql_max_connections: 600

mysql_root_user: root
mysql_root_password: "{P11}"

mysql_databases:
  - name: shop
    encoding: utf8mb4
    collation: utf8mb4_unicode_ci
  - name: shop_audit

mysql_replication_role: "{{{{ 'source' if inventory_hostname == groups['dbservers'][0] else 'replica' }}}}"
mysql_replication_user: repl

backup_schedule: "30 2 * * *"
backup_target: s3://acme-db-backups/mysql/
node_exporter_enabled: true
''')

# c12 Chef data bag item (plain JSON, not an encrypted data bag)
P12 = pw()
add('c12/chef/data_bags/ldap/bind.json', json.dumps({
    "id": "bind",
    "server": "ldaps://ldap.corp.acme.io:636",
    "base_dn": "dc=corp,dc=acme,dc=io",
    "bind_dn": "cn=svc-chef,ou=service,dc=corp,dc=acme,dc=io",
    "bind_password": P12,
    "user_search_base": "ou=people,dc=corp,dc=acme,dc=io",
    "group_search_base": "ou=groups,dc=corp,dc=acme,dc=io",
    "tls_reqcert": "demand",
    "ca_cert_path": "/etc/ssl/certs/acme-root-ca.pem",
    "timeout": 10,
    "sudo_groups": ["sre", "dba"]
}, indent=2) + '\n')

# c13 SaltStack pillar with the Redis requirepass
P13 = pw()
add('c13/salt/pillar/redis/init.sls', f'''# Pillar for redis role
redis:
  version: 7.2.4
  bind: 0.0.0.0
  port: 6379
  maxmemory: 4gb
  maxmemory_policy: allkeys-lru
  appendonly: yes
  requirepass: '{P13}'
  sentinel:
    enabled: true
    quorum: 2
    master_name: cache-primary
  rename_commands:
    FLUSHALL: ""
    CONFIG: ""

firewall:
  redis:
    allow:
      - 10.20.0.0/16
      - 10.21.0.0/16
''')

# c14 Packer HCL template with an Azure service principal client secret
CS14 = g(lambda: r(3, A) + '8Q~' + r(34, A + '_-.~'))
add('c14/packer/ubuntu-azure.pkr.hcl', f'''packer {{
  required_plugins {{
    azure = {{
      source  = "github.com/hashicorp/azure"
      version = "~> 2"
    }}
  }}
}}

source "azure-arm" "ubuntu" {{
  subscription_id = "{uuid()}"
  tenant_id       = "{uuid()}"
  client_id       = "{uuid()}"
  client_secret   = "{CS14}"

  managed_image_resource_group_name = "rg-images-prod"
  managed_image_name                = "ubuntu-2204-base-${{formatdate("YYYYMMDD", timestamp())}}"

  os_type         = "Linux"
  image_publisher = "Canonical"
  image_offer     = "0001-com-ubuntu-server-jammy"
  image_sku       = "22_04-lts-gen2"

  location = "westeurope"
  vm_size  = "Standard_D2s_v5"
}}

build {{
  sources = ["source.azure-arm.ubuntu"]

  provisioner "shell" {{
    execute_command = "chmod +x {{{{ .Path }}}}; {{{{ .Vars }}}} sudo -E sh '{{{{ .Path }}}}'"
    inline = [
      "apt-get update",
      "apt-get -y upgrade",
      "apt-get -y install unattended-upgrades auditd",
      "/usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync"
    ]
  }}
}}
''')

# c15 Vagrantfile provisioning a private registry login with a plain password
P15 = pw(sym='!@#*?.-_')
add('c15/Vagrantfile', f'''# -*- mode: ruby -*-
# vi: set ft=ruby :

REGISTRY      = "registry.acme.io"
REGISTRY_USER = "ci-pull"
REGISTRY_PASS = "{P15}"

Vagrant.configure("2") do |config|
  config.vm.box = "ubuntu/jammy64"
  config.vm.hostname = "devbox"
  config.vm.network "private_network", ip: "192.168.56.20"
  config.vm.network "forwarded_port", guest: 8080, host: 8080

  config.vm.provider "virtualbox" do |vb|
    vb.memory = 4096
    vb.cpus = 2
  end

  config.vm.synced_folder ".", "/srv/app"

  config.vm.provision "shell", inline: <<-SHELL
    apt-get update -qq
    apt-get install -y docker.io docker-compose-v2
    usermod -aG docker vagrant
    echo '#{{REGISTRY_PASS}}' | docker login #{{REGISTRY}} -u #{{REGISTRY_USER}} --password-stdin
    cd /srv/app && docker compose pull && docker compose up -d
  SHELL
end
''')

# c16 systemd unit with the database URL (password inline) in Environment=
P16 = apw(22)
add('c16/deploy/systemd/ledger-worker.service', f'''[Unit]
Description=Ledger background worker
Documentation=https://git.acme.io/finance/ledger
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=ledger
Group=ledger
WorkingDirectory=/opt/ledger
Environment=RAILS_ENV=production
Environment=RAILS_LOG_TO_STDOUT=1
Environment="DATABASE_URL=postgres://ledger:{P16}@db-ledger-01.int.acme.io:5432/ledger_production"
Environment=REDIS_URL=redis://cache-01.int.acme.io:6379/2
ExecStart=/opt/ledger/bin/bundle exec sidekiq -C config/sidekiq.yml
ExecReload=/bin/kill -TSTP $MAINPID
Restart=on-failure
RestartSec=5
LimitNOFILE=65536
NoNewPrivileges=true
ProtectSystem=full
PrivateTmp=true

[Install]
WantedBy=multi-user.target
''')

# c17 crontab running mysqldump with the password on the command line
P17 = pw(sym='!@#*?.-_')
add('c17/ops/cron/backup.crontab', f'''# m h  dom mon dow   command
SHELL=/bin/bash
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MAILTO=dba-alerts@acme.io

# nightly logical backup of the shop database
15 1 * * * mysqldump --single-transaction --routines -h db-shop-01.int.acme.io -u backup -p'{P17}' shop | gzip > /backups/shop-$(date +\\%F).sql.gz

# prune backups older than 14 days
0 4 * * * find /backups -name 'shop-*.sql.gz' -mtime +14 -delete

# ship to object storage
30 4 * * * /usr/local/bin/rclone copy /backups s3-backups:acme-db-backups/shop --max-age 24h

# weekly integrity check
0 5 * * 0 /usr/local/bin/mysqlcheck -h db-shop-01.int.acme.io -u backup -p'{P17}' --all-databases --check > /var/log/mysqlcheck.log 2>&1
''')

# c18 supervisor program config with a Notion integration token in environment=
T18 = g(lambda: 'ntn_' + r(11, DIG) + r(35))
add('c18/ops/supervisor/conf.d/notion-sync.conf', f'''[program:notion-sync]
command=/opt/notion-sync/venv/bin/python -m notion_sync.worker --interval 300
directory=/opt/notion-sync
user=svc-sync
autostart=true
autorestart=true
startsecs=10
startretries=3
stopsignal=TERM
stopwaitsecs=30
redirect_stderr=true
stdout_logfile=/var/log/notion-sync/worker.log
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=5
environment=PYTHONUNBUFFERED="1",NOTION_TOKEN="{T18}",NOTION_DATABASE_ID="{hx(32)}",SYNC_TARGET="postgres"

[program:notion-sync-metrics]
command=/opt/notion-sync/venv/bin/python -m notion_sync.metrics --port 9105
directory=/opt/notion-sync
user=svc-sync
autostart=true
autorestart=true
stdout_logfile=/var/log/notion-sync/metrics.log
''')

# c19 HAProxy config with stats page basic auth credentials
P19 = pw(sym='!@*?.-_')
add('c19/haproxy/haproxy.cfg', f'''global
    log /dev/log local0
    log /dev/log local1 notice
    chroot /var/lib/haproxy
    stats socket /run/haproxy/admin.sock mode 660 level admin
    user haproxy
    group haproxy
    daemon
    maxconn 20000

defaults
    log     global
    mode    http
    option  httplog
    option  dontlognull
    timeout connect 5s
    timeout client  50s
    timeout server  50s

listen stats
    bind *:8404
    stats enable
    stats uri /haproxy?stats
    stats refresh 10s
    stats auth ops:{P19}
    stats admin if TRUE

frontend fe_https
    bind *:443 ssl crt /etc/haproxy/certs/acme.pem alpn h2,http/1.1
    http-request set-header X-Forwarded-Proto https
    default_backend be_web

backend be_web
    balance roundrobin
    option httpchk GET /healthz
    server web1 10.0.1.11:8080 check
    server web2 10.0.1.12:8080 check
    server web3 10.0.1.13:8080 check
''')

# c20 Traefik docker-compose with a Cloudflare DNS API token for ACME
T20 = g(lambda: r(40, A + '_-'))
add('c20/edge/docker-compose.yml', f'''services:
  traefik:
    image: traefik:v3.0
    container_name: traefik
    restart: unless-stopped
    command:
      - --providers.docker=true
      - --providers.docker.exposedbydefault=false
      - --entrypoints.web.address=:80
      - --entrypoints.websecure.address=:443
      - --entrypoints.web.http.redirections.entrypoint.to=websecure
      - --certificatesresolvers.le.acme.dnschallenge=true
      - --certificatesresolvers.le.acme.dnschallenge.provider=cloudflare
      - --certificatesresolvers.le.acme.email=hostmaster@acme.io
      - --certificatesresolvers.le.acme.storage=/letsencrypt/acme.json
    environment:
      CF_DNS_API_TOKEN: {T20}
      CF_ZONE_API_TOKEN: {T20}
    ports:
      - "80:80"
      - "443:443"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./letsencrypt:/letsencrypt
    labels:
      - traefik.enable=true
      - traefik.http.routers.dashboard.rule=Host(`traefik.acme.io`)
      - traefik.http.routers.dashboard.service=api@internal
      - traefik.http.routers.dashboard.tls.certresolver=le

  whoami:
    image: traefik/whoami
    labels:
      - traefik.enable=true
      - traefik.http.routers.whoami.rule=Host(`whoami.acme.io`)
      - traefik.http.routers.whoami.tls.certresolver=le
''')

# c21 Grafana datasource provisioning with secureJsonData password in clear
P21 = pw()
add('c21/grafana/provisioning/datasources/datasources.yaml', f'''apiVersion: 1

deleteDatasources:
  - name: Prometheus-old
    orgId: 1

datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    orgId: 1
    url: http://prometheus.monitoring.svc:9090
    isDefault: true
    jsonData:
      timeInterval: 30s
      httpMethod: POST

  - name: Orders MySQL
    type: mysql
    access: proxy
    url: mysql-orders-ro.int.acme.io:3306
    user: grafana_ro
    jsonData:
      database: orders
      maxOpenConns: 10
      tlsAuth: false
    secureJsonData:
      password: "{P21}"

  - name: Loki
    type: loki
    access: proxy
    url: http://loki-gateway.monitoring.svc
    jsonData:
      maxLines: 5000
''')

# c22 Alertmanager config with a Slack incoming-webhook URL
W22 = g(lambda: f'https://hooks.slack.com/services/T{r(8, UP + DIG)}/B{r(10, UP + DIG)}/{r(24)}')
add('c22/monitoring/alertmanager/alertmanager.yml', f'''global:
  resolve_timeout: 5m
  slack_api_url: '{W22}'

templates:
  - /etc/alertmanager/templates/*.tmpl

route:
  receiver: slack-platform
  group_by: [alertname, cluster, namespace]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers:
        - severity = "critical"
      receiver: slack-oncall
      continue: true
    - matchers:
        - team = "data"
      receiver: slack-data

receivers:
  - name: slack-platform
    slack_configs:
      - channel: '#alerts-platform'
        send_resolved: true
        title: '{{{{ template "slack.title" . }}}}'
        text: '{{{{ template "slack.text" . }}}}'
  - name: slack-oncall
    slack_configs:
      - channel: '#oncall'
        send_resolved: true
  - name: slack-data
    slack_configs:
      - channel: '#alerts-data'

inhibit_rules:
  - source_matchers: [severity = "critical"]
    target_matchers: [severity = "warning"]
    equal: [alertname, cluster]
''')

# c23 Alertmanager email receiver with smtp_auth_password
P23 = pw()
add('c23/ops/alertmanager/config.yml', f'''global:
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_from: 'alerts@acme.io'
  smtp_auth_username: 'alerts@acme.io'
  smtp_auth_password: '{P23}'
  smtp_require_tls: true

route:
  receiver: email-sre
  group_by: ['alertname', 'job']
  group_wait: 1m
  repeat_interval: 6h
  routes:
    - matchers: ['severity="page"']
      receiver: email-oncall

receivers:
  - name: email-sre
    email_configs:
      - to: 'sre@acme.io'
        send_resolved: true
  - name: email-oncall
    email_configs:
      - to: 'oncall@acme.io'
        headers:
          Subject: '[PAGE] {{{{ .CommonLabels.alertname }}}}'
''')

# c24 Logstash pipeline with Elasticsearch output password
P24 = pw(sym='!@#*?.-_')
add('c24/logstash/pipeline/beats.conf', f'''input {{
  beats {{
    port => 5044
    ssl => true
    ssl_certificate => "/etc/logstash/certs/logstash.crt"
    ssl_key => "/etc/logstash/certs/logstash.pkcs8.key"
  }}
}}

filter {{
  if [fields][log_type] == "nginx" {{
    grok {{
      match => {{ "message" => "%{{COMBINEDAPACHELOG}}" }}
    }}
    date {{
      match => [ "timestamp", "dd/MMM/yyyy:HH:mm:ss Z" ]
    }}
    geoip {{
      source => "clientip"
    }}
  }}
  mutate {{
    remove_field => [ "agent", "ecs" ]
  }}
}}

output {{
  elasticsearch {{
    hosts => ["https://es-01.logs.acme.io:9200", "https://es-02.logs.acme.io:9200"]
    user => "logstash_writer"
    password => "{P24}"
    cacert => "/etc/logstash/certs/ca.crt"
    index => "logs-%{{[fields][log_type]}}-%{{+YYYY.MM.dd}}"
    ilm_enabled => false
  }}
}}
''')

# c25 Fluentd config shipping to Splunk HEC with the HEC token inline
T25 = uuid()
add('c25/fluentd/fluent.conf', f'''<source>
  @type tail
  path /var/log/containers/*.log
  pos_file /var/log/fluentd-containers.log.pos
  tag kubernetes.*
  read_from_head true
  <parse>
    @type json
    time_format %Y-%m-%dT%H:%M:%S.%NZ
  </parse>
</source>

<filter kubernetes.**>
  @type kubernetes_metadata
</filter>

<match kubernetes.**>
  @type splunk_hec
  protocol https
  hec_host splunk-hec.acme.io
  hec_port 8088
  hec_token {T25}
  index k8s_prod
  source_key log
  insecure_ssl false
  <buffer>
    @type file
    path /var/log/fluentd-buffers/splunk
    flush_interval 5s
    chunk_limit_size 8m
    retry_max_interval 30
  </buffer>
</match>
''')

# c26 kibana.yml with the kibana_system password
P26 = pw()
add('c26/elastic/kibana/kibana.yml', f'''server.name: kibana-prod
server.host: "0.0.0.0"
server.port: 5601
server.publicBaseUrl: "https://kibana.logs.acme.io"

elasticsearch.hosts:
  - "https://es-01.logs.acme.io:9200"
  - "https://es-02.logs.acme.io:9200"
  - "https://es-03.logs.acme.io:9200"
elasticsearch.username: "kibana_system"
elasticsearch.password: "{P26}"
elasticsearch.ssl.certificateAuthorities: ["/usr/share/kibana/config/certs/ca.crt"]
elasticsearch.ssl.verificationMode: full

xpack.security.session.idleTimeout: "8h"
xpack.reporting.enabled: true
monitoring.ui.container.elasticsearch.enabled: true

logging:
  appenders:
    file:
      type: file
      fileName: /var/log/kibana/kibana.log
      layout:
        type: json
  root:
    appenders: [file]
    level: info
''')

# c27 RabbitMQ definitions.json importing a user with a plain password
P27 = pw()
add('c27/rabbitmq/definitions.json', json.dumps({
    "rabbit_version": "3.12.10",
    "users": [
        {"name": "orders-svc", "password": P27, "tags": ""}
    ],
    "vhosts": [{"name": "/orders"}],
    "permissions": [
        {"user": "orders-svc", "vhost": "/orders", "configure": ".*", "write": ".*", "read": ".*"}
    ],
    "queues": [
        {"name": "orders.created", "vhost": "/orders", "durable": True, "auto_delete": False,
         "arguments": {"x-queue-type": "quorum"}}
    ],
    "exchanges": [
        {"name": "orders", "vhost": "/orders", "type": "topic", "durable": True, "auto_delete": False,
         "internal": False, "arguments": {}}
    ],
    "bindings": [
        {"source": "orders", "vhost": "/orders", "destination": "orders.created",
         "destination_type": "queue", "routing_key": "order.created", "arguments": {}}
    ]
}, indent=2) + '\n')

# c28 Kafka client JAAS config with a SCRAM password
P28 = pw(sym='!@#*?.-_')
add('c28/kafka/config/kafka_client_jaas.conf', f'''// JAAS configuration for the clickstream consumers
// referenced via -Djava.security.auth.login.config=/etc/kafka/kafka_client_jaas.conf
KafkaClient {{
    org.apache.kafka.common.security.scram.ScramLoginModule required
    username="clickstream-consumer"
    password="{P28}";
}};

// ZooKeeper is not used any more (KRaft), kept for the legacy tooling
Client {{
    org.apache.zookeeper.server.auth.DigestLoginModule required
    username="tooling";
}};
''')

# c29 Jenkins job config.xml with a docker login password in a shell build step
P29 = pw(sym='!@#*?.-_')
add('c29/jenkins/jobs/build-images/config.xml', f'''<?xml version='1.1' encoding='UTF-8'?>
<project>
  <description>Builds and pushes the base images nightly</description>
  <keepDependencies>false</keepDependencies>
  <properties>
    <jenkins.model.BuildDiscarderProperty>
      <strategy class="hudson.tasks.LogRotator">
        <daysToKeep>30</daysToKeep>
        <numToKeep>50</numToKeep>
      </strategy>
    </jenkins.model.BuildDiscarderProperty>
  </properties>
  <scm class="hudson.plugins.git.GitSCM" plugin="git@5.2.1">
    <userRemoteConfigs>
      <hudson.plugins.git.UserRemoteConfig>
        <url>https://git.acme.io/platform/base-images.git</url>
      </hudson.plugins.git.UserRemoteConfig>
    </userRemoteConfigs>
    <branches>
      <hudson.plugins.git.BranchSpec><name>*/main</name></hudson.plugins.git.BranchSpec>
    </branches>
  </scm>
  <triggers>
    <hudson.triggers.TimerTrigger><spec>H 2 * * *</spec></hudson.triggers.TimerTrigger>
  </triggers>
  <builders>
    <hudson.tasks.Shell>
      <command>set -e
docker login registry.acme.io -u jenkins-push -p '{P29}'
for img in alpine debian python node; do
  docker build -t registry.acme.io/base/$img:nightly images/$img
  docker push registry.acme.io/base/$img:nightly
done
</command>
    </hudson.tasks.Shell>
  </builders>
  <publishers/>
  <buildWrappers/>
</project>
''')

# c30 GitLab CI pipeline with a Pulumi access token inline
T30 = g(lambda: 'pul-' + hx(40))
add('c30/.gitlab-ci.yml', f'''stages:
  - lint
  - preview
  - deploy

variables:
  PULUMI_ACCESS_TOKEN: "{T30}"
  PULUMI_STACK: acme/infra/prod
  AWS_REGION: eu-west-1

default:
  image: pulumi/pulumi-nodejs:3.100.0
  before_script:
    - npm ci

lint:
  stage: lint
  script:
    - npm run lint
    - npx tsc --noEmit

preview:
  stage: preview
  script:
    - pulumi stack select "$PULUMI_STACK"
    - pulumi preview --diff --non-interactive
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"

deploy:
  stage: deploy
  script:
    - pulumi stack select "$PULUMI_STACK"
    - pulumi up --yes --skip-preview --non-interactive
  environment: production
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
      when: manual
''')

# c31 GitHub Actions workflow with a Supabase personal access token inline
T31 = g(lambda: 'sbp_' + hx(40))
add('c31/.github/workflows/db-migrations.yml', f'''name: Supabase migrations

on:
  push:
    branches: [main]
    paths:
      - "supabase/migrations/**"
  workflow_dispatch:

concurrency:
  group: supabase-migrations
  cancel-in-progress: false

jobs:
  migrate:
    runs-on: ubuntu-latest
    env:
      SUPABASE_ACCESS_TOKEN: {T31}
      SUPABASE_PROJECT_ID: {r(20, LO)}
    steps:
      - uses: actions/checkout@v4

      - uses: supabase/setup-cli@v1
        with:
          version: 1.142.2

      - name: Link project
        run: supabase link --project-ref "$SUPABASE_PROJECT_ID"

      - name: Push migrations
        run: supabase db push

      - name: Generate types
        run: supabase gen types typescript --linked > src/types/database.ts

      - uses: actions/upload-artifact@v4
        with:
          name: db-types
          path: src/types/database.ts
''')

# c32 Bitbucket Pipelines deploying a Shopify theme with an Admin API access token
T32 = g(lambda: 'shpat_' + hx(32))
add('c32/bitbucket-pipelines.yml', f'''image: node:20

definitions:
  caches:
    npm: ~/.npm
  steps:
    - step: &build
        name: Build theme assets
        caches: [npm]
        script:
          - npm ci
          - npm run build
        artifacts:
          - assets/**

pipelines:
  branches:
    develop:
      - step: *build
      - step:
          name: Push to staging theme
          script:
            - npm install -g @shopify/cli @shopify/theme
            - export SHOPIFY_FLAG_STORE=acme-outdoor.myshopify.com
            - export SHOPIFY_CLI_THEME_TOKEN={T32}
            - shopify theme push --theme 136284569731 --allow-live=false --json
    main:
      - step: *build
      - step:
          name: Push to live theme
          deployment: production
          trigger: manual
          script:
            - npm install -g @shopify/cli @shopify/theme
            - export SHOPIFY_FLAG_STORE=acme-outdoor.myshopify.com
            - export SHOPIFY_CLI_THEME_TOKEN={T32}
            - shopify theme push --live --allow-live
''')

# c33 Azure Pipelines YAML with an Atlassian (Jira) API token in variables
T33 = g(lambda: 'ATATT3xFfGF0' + r(171, A + '_-') + '=' + hx(8).upper())
add('c33/azure-pipelines.yml', f'''trigger:
  branches:
    include:
      - main
      - release/*

pool:
  vmImage: ubuntu-latest

variables:
  buildConfiguration: Release
  JIRA_BASE_URL: https://acme.atlassian.net
  JIRA_USER: release-bot@acme.io
  JIRA_API_TOKEN: {T33}

stages:
  - stage: Build
    jobs:
      - job: build
        steps:
          - task: UseDotNet@2
            inputs:
              packageType: sdk
              version: 8.0.x
          - script: dotnet build --configuration $(buildConfiguration)
            displayName: dotnet build
          - script: dotnet publish src/Acme.Api -c $(buildConfiguration) -o $(Build.ArtifactStagingDirectory)
            displayName: dotnet publish
          - publish: $(Build.ArtifactStagingDirectory)
            artifact: api

  - stage: ReleaseNotes
    dependsOn: Build
    condition: startsWith(variables['Build.SourceBranch'], 'refs/heads/release/')
    jobs:
      - job: jira
        steps:
          - script: |
              VERSION=$(Build.SourceBranchName)
              curl -sf -u "$(JIRA_USER):$(JIRA_API_TOKEN)" \\
                -H "Content-Type: application/json" \\
                -X POST "$(JIRA_BASE_URL)/rest/api/3/version" \\
                -d "{{\\"name\\": \\"$VERSION\\", \\"project\\": \\"API\\", \\"released\\": true}}"
            displayName: Create Jira version
''')

# c34 Drone CI pipeline with a Linear API key in the step environment
T34 = g(lambda: 'lin_api_' + r(40))
add('c34/.drone.yml', f'''kind: pipeline
type: docker
name: default

trigger:
  branch:
    - main
  event:
    - push
    - tag

steps:
  - name: install
    image: python:3.12-slim
    commands:
      - pip install -r requirements.txt

  - name: unit
    image: python:3.12-slim
    commands:
      - pip install -r requirements.txt
      - pytest -q

  - name: publish
    image: plugins/docker
    settings:
      registry: registry.acme.io
      repo: registry.acme.io/tools/changelog-bot
      tags: [latest, "${{DRONE_TAG:-dev}}"]
      username:
        from_secret: registry_user
      password:
        from_secret: registry_password

  - name: close-linear-issues
    image: registry.acme.io/tools/changelog-bot:latest
    environment:
      LINEAR_API_KEY: {T34}
      LINEAR_TEAM: PLAT
    commands:
      - changelog-bot close-issues --since "$DRONE_COMMIT_BEFORE" --until "$DRONE_COMMIT_AFTER"
    when:
      event: [tag]
''')

# c35 Buildkite pipeline uploading sourcemaps with a Sentry org auth token
_payload = json.dumps({"iat": random.randint(1700000000, 1730000000), "url": "https://sentry.io",
                       "region_url": "https://us.sentry.io", "org": "acme-web"}, separators=(',', ':'))
T35 = g(lambda: 'sntrys_' + base64.b64encode(_payload.encode()).decode() + '_' + r(43, A + '+/'))
add('c35/.buildkite/pipeline.yml', f'''env:
  SENTRY_ORG: acme-web
  SENTRY_PROJECT: storefront
  SENTRY_AUTH_TOKEN: "{T35}"

steps:
  - label: ":yarn: install"
    key: install
    command: yarn install --frozen-lockfile
    plugins:
      - docker#v5.9.0:
          image: node:20

  - label: ":jest: unit"
    depends_on: install
    command: yarn jest --ci
    plugins:
      - docker#v5.9.0:
          image: node:20

  - label: ":webpack: build"
    key: build
    depends_on: install
    command: yarn build
    artifact_paths: "dist/**/*"

  - label: ":sentry: release"
    depends_on: build
    if: build.branch == "main"
    command: |
      export VERSION=$$(git rev-parse --short HEAD)
      npx @sentry/cli releases new "$$VERSION"
      npx @sentry/cli sourcemaps upload --release "$$VERSION" dist/
      npx @sentry/cli releases finalize "$$VERSION"
''')

# c36 Makefile deploying to Heroku with an API key assigned inline
T36 = g(lambda: 'HRKU-AA' + r(58, A + '_-'))
add('c36/Makefile', f'''APP        ?= acme-status-page
IMAGE      := registry.heroku.com/$(APP)/web
GIT_SHA    := $(shell git rev-parse --short HEAD)
HEROKU_API_KEY := {T36}
export HEROKU_API_KEY

.PHONY: all build lint run deploy logs release clean

all: lint build

lint:
\truff check .
\tmypy status_page

build:
\tdocker build --platform linux/amd64 -t $(IMAGE):$(GIT_SHA) -t $(IMAGE):latest .

run: build
\tdocker run --rm -p 8000:8000 --env-file .env.local $(IMAGE):latest

deploy: build
\theroku container:login
\tdocker push $(IMAGE):latest
\theroku container:release web --app $(APP)

release: deploy
\theroku run --app $(APP) -- python manage.py migrate --noinput

logs:
\theroku logs --tail --app $(APP)

clean:
\tdocker image rm $(IMAGE):$(GIT_SHA) $(IMAGE):latest || true
''')

# c37 Terraform DigitalOcean provider with a personal access token inline
T37 = g(lambda: 'dop_v1_' + hx(64))
add('c37/terraform/do/main.tf', f'''terraform {{
  required_providers {{
    digitalocean = {{
      source  = "digitalocean/digitalocean"
      version = "~> 2.34"
    }}
  }}
}}

provider "digitalocean" {{
  token = "{T37}"
}}

resource "digitalocean_vpc" "main" {{
  name     = "acme-ams3"
  region   = "ams3"
  ip_range = "10.110.0.0/20"
}}

resource "digitalocean_kubernetes_cluster" "apps" {{
  name     = "apps-ams3"
  region   = "ams3"
  version  = "1.29.1-do.0"
  vpc_uuid = digitalocean_vpc.main.id

  node_pool {{
    name       = "default"
    size       = "s-4vcpu-8gb"
    auto_scale = true
    min_nodes  = 2
    max_nodes  = 6
  }}
}}

resource "digitalocean_database_cluster" "pg" {{
  name                 = "apps-pg"
  engine               = "pg"
  version              = "16"
  size                 = "db-s-2vcpu-4gb"
  region               = "ams3"
  node_count           = 2
  private_network_uuid = digitalocean_vpc.main.id
}}
''')

# c38 Terraform Grafana provider with a service account token inline
T38 = g(lambda: 'glsa_' + r(32) + '_' + hx(8))
add('c38/terraform/grafana/provider.tf', f'''terraform {{
  required_providers {{
    grafana = {{
      source  = "grafana/grafana"
      version = ">= 2.9.0"
    }}
  }}
}}

provider "grafana" {{
  url  = "https://acme.grafana.net/"
  auth = "{T38}"
}}

resource "grafana_folder" "platform" {{
  title = "Platform"
}}

resource "grafana_dashboard" "k8s_overview" {{
  folder      = grafana_folder.platform.id
  config_json = file("${{path.module}}/dashboards/k8s-overview.json")
  overwrite   = true
}}

resource "grafana_contact_point" "oncall" {{
  name = "oncall"

  email {{
    addresses = ["oncall@acme.io"]
  }}
}}
''')

# c39 .terraformrc committed with a Terraform Cloud user API token
T39 = g(lambda: r(14, LO + DIG) + '.atlasv1.' + r(67))
add('c39/ci/terraformrc', f'''# Terraform CLI configuration used by the CI runners
# copied to ~/.terraformrc in the runner image

plugin_cache_dir   = "$HOME/.terraform.d/plugin-cache"
disable_checkpoint = true

credentials "app.terraform.io" {{
  token = "{T39}"
}}

provider_installation {{
  network_mirror {{
    url     = "https://tf-mirror.acme.io/providers/"
    include = ["registry.terraform.io/hashicorp/*"]
  }}
  direct {{
    exclude = ["registry.terraform.io/hashicorp/*"]
  }}
}}
''')

# c40 docker-compose for a Vault-backed app with a Vault service token inline
T40 = g(lambda: 'hvs.' + r(24))
add('c40/deploy/vault-agent/docker-compose.yml', f'''services:
  vault-agent:
    image: hashicorp/vault:1.15
    command: ["vault", "agent", "-config=/vault/config/agent.hcl"]
    cap_add: [IPC_LOCK]
    environment:
      VAULT_ADDR: https://vault.int.acme.io:8200
      VAULT_TOKEN: {T40}
      VAULT_CACERT: /vault/tls/ca.pem
    volumes:
      - ./agent.hcl:/vault/config/agent.hcl:ro
      - ./templates:/vault/templates:ro
      - rendered:/vault/rendered
      - ./tls:/vault/tls:ro

  invoicing:
    image: registry.acme.io/finance/invoicing:1.18.0
    depends_on: [vault-agent]
    env_file:
      - /vault/rendered/invoicing.env
    volumes:
      - rendered:/vault/rendered:ro
    ports:
      - "8443:8443"
    restart: unless-stopped

volumes:
  rendered: {{}}
''')

# c41 Dynatrace operator manifests with the API token in a plain Secret
T41 = g(lambda: 'dt0c01.' + r(24, UP + DIG) + '.' + r(64, UP + DIG))
add('c41/k8s/dynatrace/dynakube.yaml', f'''apiVersion: v1
kind: Secret
metadata:
  name: dynakube
  namespace: dynatrace
type: Opaque
stringData:
  apiToken: "{T41}"
---
apiVersion: dynatrace.com/v1beta1
kind: DynaKube
metadata:
  name: dynakube
  namespace: dynatrace
  annotations:
    feature.dynatrace.com/automatic-kubernetes-api-monitoring: "true"
spec:
  apiUrl: https://{r(3, LO)}{r(5, DIG)}.live.dynatrace.com/api
  tokens: dynakube
  skipCertCheck: false
  networkZone: eu-prod
  oneAgent:
    cloudNativeFullStack:
      tolerations:
        - effect: NoSchedule
          key: node-role.kubernetes.io/control-plane
          operator: Exists
      resources:
        requests:
          cpu: 100m
          memory: 512Mi
  activeGate:
    capabilities:
      - routing
      - kubernetes-monitoring
      - dynatrace-api
    resources:
      requests:
        cpu: 500m
        memory: 512Mi
''')

# c42 Databricks asset bundle config with a personal access token in the target
T42 = g(lambda: 'dapi' + hx(32))
add('c42/databricks.yml', f'''bundle:
  name: churn-model

include:
  - resources/*.yml

variables:
  catalog:
    default: ml_dev

workspace:
  root_path: /Shared/.bundle/${{bundle.name}}/${{bundle.target}}

targets:
  dev:
    mode: development
    default: true
    workspace:
      host: https://adb-{r(16, DIG)}.{random.randint(1, 19)}.azuredatabricks.net

  prod:
    mode: production
    variables:
      catalog: ml_prod
    workspace:
      host: https://adb-{r(16, DIG)}.{random.randint(1, 19)}.azuredatabricks.net
      auth_type: pat
      token: {T42}
    run_as:
      service_principal_name: churn-model-sp

resources:
  jobs:
    train:
      name: churn-train-${{bundle.target}}
      schedule:
        quartz_cron_expression: "0 0 3 * * ?"
        timezone_id: Europe/Berlin
      tasks:
        - task_key: train
          notebook_task:
            notebook_path: ./notebooks/train.py
            base_parameters:
              catalog: ${{var.catalog}}
''')

# c43 Flux sops-age Secret manifest committed with the age private key in stringData
K43 = g(lambda: 'AGE-SECRET-KEY-1' + r(58, BECH))
add('c43/clusters/prod/flux-system/sops-age.yaml', f'''# Decryption key for SOPS-encrypted manifests under ./apps/prod
# applied once with: kubectl apply -f sops-age.yaml
apiVersion: v1
kind: Secret
metadata:
  name: sops-age
  namespace: flux-system
type: Opaque
stringData:
  age.agekey: |
    # created: 2024-03-{random.randint(10, 28)}T{random.randint(10, 23)}:{r(1, '012345')}{r(1, DIG)}:{r(1, '012345')}{r(1, DIG)}+01:00
    # public key: age1{r(58, BECH.lower())}
    {K43}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/prod
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  decryption:
    provider: sops
    secretRef:
      name: sops-age
  healthChecks:
    - apiVersion: apps/v1
      kind: Deployment
      name: storefront
      namespace: shop
''')

# c44 Jenkinsfile running Newman API checks with a Postman API key inline
T44 = g(lambda: 'PMAK-' + hx(24) + '-' + hx(34))
add('c44/Jenkinsfile', f'''pipeline {{
    agent {{
        docker {{
            image 'postman/newman:6-alpine'
            args '--entrypoint=""'
        }}
    }}

    environment {{
        POSTMAN_API_KEY = '{T44}'
        COLLECTION_UID  = '{random.randint(10000000, 99999999)}-{uuid()}'
        ENVIRONMENT_UID = '{random.randint(10000000, 99999999)}-{uuid()}'
    }}

    options {{
        timeout(time: 20, unit: 'MINUTES')
        buildDiscarder(logRotator(numToKeepStr: '30'))
    }}

    triggers {{
        cron('H/30 * * * *')
    }}

    stages {{
        stage('API contract checks') {{
            steps {{
                sh """
                  newman run "https://api.getpostman.com/collections/${{COLLECTION_UID}}?apikey=${{POSTMAN_API_KEY}}" \\
                    -e "https://api.getpostman.com/environments/${{ENVIRONMENT_UID}}?apikey=${{POSTMAN_API_KEY}}" \\
                    --reporters cli,junit --reporter-junit-export results/newman.xml
                """
            }}
        }}
    }}

    post {{
        always {{
            junit 'results/*.xml'
        }}
        failure {{
            slackSend channel: '#api-monitoring', message: "API checks failed: ${{env.BUILD_URL}}"
        }}
    }}
}}
''')

# c45 fly.toml with a PlanetScale connection string (pscale_pw_ password) in [env]
T45 = g(lambda: 'pscale_pw_' + r(43, A + '_-'))
add('c45/fly.toml', f'''app = "acme-links"
primary_region = "fra"
kill_signal = "SIGINT"
kill_timeout = "5s"

[build]
  dockerfile = "Dockerfile"

[deploy]
  release_command = "npx prisma migrate deploy"
  strategy = "rolling"

[env]
  NODE_ENV = "production"
  PORT = "3000"
  LOG_LEVEL = "info"
  DATABASE_URL = "mysql://{r(12, LO + DIG)}:{T45}@aws.connect.psdb.cloud/acme-links?sslaccept=strict"

[http_service]
  internal_port = 3000
  force_https = true
  auto_stop_machines = true
  auto_start_machines = true
  min_machines_running = 1

  [http_service.concurrency]
    type = "requests"
    soft_limit = 200
    hard_limit = 250

[[http_service.checks]]
  grace_period = "10s"
  interval = "30s"
  method = "GET"
  timeout = "5s"
  path = "/healthz"

[[vm]]
  cpu_kind = "shared"
  cpus = 1
  memory_mb = 512
''')


# ---------------------------------------------------------------- negatives (no credential)

def b64(n):
    return r(n, A + '+/')


def enc(n):
    """A SOPS ENC[...] envelope around n ciphertext characters."""
    return f'ENC[AES256_GCM,data:{b64(n)},iv:{b64(43)}=,tag:{b64(22)}==,type:str]'


# b01 SOPS-encrypted Kubernetes Secret: every value is an ENC[AES256_GCM,...] envelope
add('b01/secrets/prod/payments-db.enc.yaml', f'''apiVersion: v1
kind: Secret
metadata:
    name: payments-db
    namespace: payments
type: Opaque
stringData:
    DB_USER: {enc(8)}
    DB_PASSWORD: {enc(28)}
    DATABASE_URL: {enc(96)}
sops:
    kms: []
    gcp_kms: []
    azure_kv: []
    hc_vault: []
    age:
        - recipient: age1{r(58, BECH.lower())}
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            {b64(64)}
            {b64(64)}
            {b64(64)}
            {b64(64)}
            {b64(24)}==
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2024-05-14T09:12:44Z"
    mac: {enc(88)}
    pgp: []
    encrypted_regex: ^(data|stringData)$
    version: 3.8.1
''')

# b02 ansible-vault encrypted group_vars file ($ANSIBLE_VAULT header + hex body)
add('b02/ansible/group_vars/prod/vault.yml', '$ANSIBLE_VAULT;1.1;AES256\n'
    + ''.join(hx(80) + '\n' for _ in range(14)) + hx(46) + '\n')
add('b02/ansible/group_vars/prod/vars.yml', '''---
# Plain variables point at the vaulted ones (see vault.yml, ansible-vault encrypted)
mysql_root_password: "{{ vault_mysql_root_password }}"
app_db_password: "{{ vault_app_db_password }}"
smtp_password: "{{ vault_smtp_password }}"
grafana_admin_password: "{{ vault_grafana_admin_password }}"
app_secret_key: "{{ vault_app_secret_key }}"

mysql_port: 3306
app_domain: shop.acme.io
''')

# b03 Terraform variables marked sensitive with no default, provider wired to them
add('b03/infra/variables.tf', '''variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "db_username" {
  type        = string
  description = "Master user for the RDS instance"
  default     = "orders_admin"
}

variable "db_password" {
  type        = string
  description = "Master password, supplied via TF_VAR_db_password from the CI secret store"
  sensitive   = true
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
  api_url = "https://api.datadoghq.eu/"
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  engine_version    = "15.4"
  instance_class    = "db.r6g.large"
  allocated_storage = 200
  username          = var.db_username
  password          = var.db_password
  storage_encrypted = true
}

output "db_password" {
  value     = var.db_password
  sensitive = true
}
''')

# b04 GitHub Actions workflow taking every credential from ${{ secrets.X }}
add('b04/.github/workflows/deploy.yml', '''name: deploy

on:
  push:
    branches: [main]

permissions:
  id-token: write
  contents: read

jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    env:
      SUPABASE_ACCESS_TOKEN: ${{ secrets.SUPABASE_ACCESS_TOKEN }}
      SENTRY_AUTH_TOKEN: ${{ secrets.SENTRY_AUTH_TOKEN }}
      PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}
      DATABASE_URL: ${{ secrets.DATABASE_URL }}
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::418273645120:role/gha-deploy
          aws-region: eu-west-1
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - name: Deploy
        run: |
          pulumi stack select acme/infra/prod
          pulumi up --yes
      - name: Notify
        uses: slackapi/slack-github-action@v1
        with:
          payload: '{"text":"deployed ${{ github.sha }}"}'
        env:
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}
''')

# b05 Helm chart templates: Secret built from {{ .Values.x | b64enc }}, values left empty
add('b05/charts/api/templates/secret.yaml', '''{{- if not .Values.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
type: Opaque
data:
  DB_PASSWORD: {{ required "db.password is required" .Values.db.password | b64enc | quote }}
  REDIS_PASSWORD: {{ .Values.redis.password | b64enc | quote }}
  {{- if .Values.smtp.enabled }}
  SMTP_PASSWORD: {{ .Values.smtp.password | b64enc | quote }}
  {{- end }}
  SESSION_SECRET: {{ randAlphaNum 48 | b64enc | quote }}
{{- end }}
''')
add('b05/charts/api/values.yaml', '''# Secrets are injected at deploy time:
#   helm upgrade --install api ./charts/api --set db.password=$DB_PASSWORD
existingSecret: ""

db:
  host: postgres.data.svc
  user: api
  password: ""

redis:
  host: redis-master.data.svc
  password: ""

smtp:
  enabled: false
  host: smtp.acme.io
  user: api-mailer
  password: ""
''')

# b06 terraform.tfstate containing only ids, ARNs, etags and hashes
state_b06 = {
    "version": 4,
    "terraform_version": "1.6.6",
    "serial": 212,
    "lineage": uuid(),
    "outputs": {"bucket_arn": {"value": "arn:aws:s3:::acme-static-assets-prod", "type": "string"}},
    "resources": [
        {
            "mode": "managed", "type": "aws_s3_object", "name": "index",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 0, "attributes": {
                "bucket": "acme-static-assets-prod", "key": "index.html",
                "etag": hx(32), "source_hash": hx(32), "version_id": r(32, A + '._'),
                "content_type": "text/html", "id": "index.html"}, "sensitive_attributes": []}]
        },
        {
            "mode": "managed", "type": "aws_lambda_function", "name": "thumbnailer",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 0, "attributes": {
                "arn": "arn:aws:lambda:eu-west-1:418273645120:function:thumbnailer",
                "function_name": "thumbnailer", "handler": "main.handler", "runtime": "python3.12",
                "role": "arn:aws:iam::418273645120:role/thumbnailer-exec",
                "source_code_hash": base64.b64encode(bytes(random.getrandbits(8) for _ in range(32))).decode(),
                "code_sha256": base64.b64encode(bytes(random.getrandbits(8) for _ in range(32))).decode(),
                "qualified_arn": "arn:aws:lambda:eu-west-1:418273645120:function:thumbnailer:17",
                "version": "17", "memory_size": 512, "timeout": 30},
                "sensitive_attributes": [], "private": "eyJzY2hlbWFfdmVyc2lvbiI6IjAifQ=="}]
        },
        {
            "mode": "managed", "type": "aws_security_group", "name": "web",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 1, "attributes": {
                "id": "sg-" + hx(17), "arn": "arn:aws:ec2:eu-west-1:418273645120:security-group/sg-" + hx(17),
                "vpc_id": "vpc-" + hx(17), "name": "web", "owner_id": "418273645120"},
                "sensitive_attributes": []}]
        }
    ],
    "check_results": None
}
add('b06/terraform/static-site/terraform.tfstate', json.dumps(state_b06, indent=2) + '\n')


def h1():
    return 'h1:' + base64.b64encode(bytes(random.getrandbits(8) for _ in range(32))).decode()


# b07 .terraform.lock.hcl and a provider SHA256SUMS file: hashes only
add('b07/infra/.terraform.lock.hcl', f'''# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {{
  version     = "5.31.0"
  constraints = "~> 5.31"
  hashes = [
    "{h1()}",
    "{h1()}",
    "zh:{hx(64)}",
    "zh:{hx(64)}",
    "zh:{hx(64)}",
    "zh:{hx(64)}",
  ]
}}

provider "registry.terraform.io/hashicorp/random" {{
  version = "3.6.0"
  hashes = [
    "{h1()}",
    "zh:{hx(64)}",
    "zh:{hx(64)}",
    "zh:{hx(64)}",
  ]
}}
''')
add('b07/infra/dist/terraform-provider-acme_1.4.2_SHA256SUMS', ''.join(
    f'{hx(64)}  terraform-provider-acme_1.4.2_{p}.zip\n'
    for p in ['darwin_amd64', 'darwin_arm64', 'freebsd_amd64', 'linux_386', 'linux_amd64',
              'linux_arm', 'linux_arm64', 'windows_386', 'windows_amd64']))

# b08 Grafana dashboard JSON: uids, datasource uids and a version hash, no credential
_ds = r(9, LO + DIG)
dash = {
    "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                              "enable": True, "name": "Annotations & Alerts", "type": "dashboard"}]},
    "editable": True,
    "id": None,
    "uid": r(14, A),
    "title": "Kubernetes / API latency",
    "tags": ["kubernetes", "slo"],
    "timezone": "browser",
    "schemaVersion": 39,
    "version": 12,
    "panels": [
        {"id": 1, "type": "timeseries", "title": "p99 latency",
         "datasource": {"type": "prometheus", "uid": _ds},
         "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
         "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": _ds},
                      "expr": "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])))"}]},
        {"id": 2, "type": "stat", "title": "Error ratio",
         "datasource": {"type": "prometheus", "uid": _ds},
         "gridPos": {"h": 8, "w": 12, "x": 12, "y": 0},
         "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": _ds},
                      "expr": "sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{job=\"api\"}[5m]))"}]}
    ],
    "templating": {"list": [{"name": "cluster", "type": "query", "datasource": {"type": "prometheus", "uid": _ds},
                             "query": "label_values(up, cluster)"}]},
    "time": {"from": "now-6h", "to": "now"},
    "__inputs": [],
    "__requires": [{"type": "grafana", "id": "grafana", "version": "10.2.3"}],
    "gnetId": None,
    "weekStart": "",
    "fiscalYearStartMonth": 0,
    "liveNow": False,
    "refresh": "30s",
    "hash": hx(40)
}
add('b08/grafana/dashboards/api-latency.json', json.dumps(dash, indent=2) + '\n')

# b09 Bitnami SealedSecret: encryptedData is RSA-OAEP ciphertext only the controller can open
add('b09/k8s/sealed/orders-db-sealedsecret.yaml', f'''apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  creationTimestamp: null
  name: orders-db
  namespace: orders
  annotations:
    sealedsecrets.bitnami.com/cluster-wide: "false"
spec:
  encryptedData:
    DB_PASSWORD: Ag{b64(690)}==
    DB_USER: Ag{b64(618)}
  template:
    metadata:
      creationTimestamp: null
      name: orders-db
      namespace: orders
    type: Opaque
''')

# b10 Vault agent config and consul-template: values fetched at runtime ({{ with secret }})
add('b10/deploy/vault-agent/agent.hcl', '''pid_file = "/tmp/vault-agent.pid"

vault {
  address = "https://vault.int.acme.io:8200"
  ca_cert = "/vault/tls/ca.pem"
}

auto_auth {
  method "kubernetes" {
    mount_path = "auth/kubernetes"
    config = {
      role = "invoicing"
    }
  }

  sink "file" {
    config = {
      path = "/vault/rendered/.vault-token"
      mode = 0640
    }
  }
}

template {
  source      = "/vault/templates/invoicing.env.ctmpl"
  destination = "/vault/rendered/invoicing.env"
  perms       = "0640"
}
''')
add('b10/deploy/vault-agent/templates/invoicing.env.ctmpl', '''{{ with secret "database/creds/invoicing" -}}
DB_USER={{ .Data.username }}
DB_PASSWORD={{ .Data.password }}
{{- end }}
{{ with secret "kv/data/invoicing/stripe" -}}
STRIPE_API_KEY={{ .Data.data.api_key }}
STRIPE_WEBHOOK_SECRET={{ .Data.data.webhook_secret }}
{{- end }}
SMTP_PASSWORD={{ key "invoicing/smtp_password_ref" }}
NOMAD_TOKEN={{ env "NOMAD_TOKEN" }}
''')
add('b10/ops/alertmanager/alertmanager.yml', '''global:
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_from: 'alerts@acme.io'
  smtp_auth_username: 'alerts@acme.io'
  smtp_auth_password_file: /etc/alertmanager/secrets/smtp_password
  slack_api_url_file: /etc/alertmanager/secrets/slack_webhook

route:
  receiver: default

receivers:
  - name: default
    pagerduty_configs:
      - routing_key_file: /etc/alertmanager/secrets/pagerduty_key
''')

# b11 Windows deploy script and Azure Pipelines using %ENV% and $(Var) references only
add('b11/deploy/deploy-prod.cmd', '''@echo off
REM Deploys the reporting service. Credentials come from the agent environment
REM (variable group "reporting-prod"), never from this file.
setlocal

if "%SQL_PASSWORD%"=="" (
  echo SQL_PASSWORD is not set & exit /b 1
)

set SQL_SERVER=sql-reporting-prod.database.windows.net
set SQL_DB=reporting

sqlcmd -S %SQL_SERVER% -d %SQL_DB% -U %SQL_USER% -P %SQL_PASSWORD% -i migrations\\all.sql
if errorlevel 1 exit /b 1

az login --service-principal -u %AZURE_CLIENT_ID% -p %AZURE_CLIENT_SECRET% --tenant %AZURE_TENANT_ID%
az webapp deploy --resource-group rg-reporting-prod --name reporting-prod --src-path publish.zip

endlocal
''')
add('b11/azure-pipelines.yml', '''trigger:
  - main

variables:
  - group: reporting-prod   # SQL_USER, SQL_PASSWORD, AZURE_CLIENT_SECRET live in the library
  - name: buildConfiguration
    value: Release

pool:
  vmImage: windows-latest

steps:
  - script: dotnet publish -c $(buildConfiguration) -o publish
  - task: ArchiveFiles@2
    inputs:
      rootFolderOrFile: publish
      archiveFile: publish.zip
  - script: deploy\\deploy-prod.cmd
    env:
      SQL_USER: $(SQL_USER)
      SQL_PASSWORD: $(SQL_PASSWORD)
      AZURE_CLIENT_ID: $(AZURE_CLIENT_ID)
      AZURE_CLIENT_SECRET: $(AZURE_CLIENT_SECRET)
      AZURE_TENANT_ID: $(AZURE_TENANT_ID)
''')

# b12 env template and ExternalSecret: placeholders and remote references, no values
add('b12/.env.template', '''# Copy to .env and fill in. Real values live in 1Password ("platform / local dev").
APP_ENV=development
DATABASE_URL=postgres://app:<password>@localhost:5432/app
REDIS_URL=redis://localhost:6379/0

SHOPIFY_ADMIN_TOKEN=shpat_<your-admin-api-token>
LINEAR_API_KEY=lin_api_<your-key>
NOTION_TOKEN=<notion-integration-token>
DIGITALOCEAN_TOKEN=
HEROKU_API_KEY=
SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN:?set SENTRY_AUTH_TOKEN}
VAULT_TOKEN=${VAULT_TOKEN}
''')
add('b12/k8s/external-secrets/orders.yaml', '''apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: orders-db
  namespace: orders
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: aws-secrets-manager
  target:
    name: orders-db
    creationPolicy: Owner
  data:
    - secretKey: DB_PASSWORD
      remoteRef:
        key: prod/orders/db
        property: password
    - secretKey: DYNATRACE_API_TOKEN
      remoteRef:
        key: prod/observability/dynatrace
        property: apiToken
''')

write()
