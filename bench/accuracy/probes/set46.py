# Usage: python3 set46.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set46 (stop 31): regional and long-tail providers
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

UA = string.ascii_uppercase + string.digits
LA = string.ascii_lowercase + string.digits
URLSAFE = A + '-_'
B64 = A + '+/'
DIG = string.digits
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'secret',
       'demo', 'placeholder', 'redact', 'token', 'your')


def clean(v: str) -> bool:
    low = v.lower()
    return not any(b in low for b in BAD)


def g(n: int, al: str = A) -> str:
    """A random string that never contains a placeholder-looking word."""
    while True:
        v = r(n, al)
        if clean(v):
            return v


def gh(n: int) -> str:
    return g(n, HEX)


def gu(n: int) -> str:
    return g(n, UA)


def gl(n: int) -> str:
    return g(n, LA)


def num(n: int) -> str:
    return random.choice('123456789') + r(n - 1, DIG)


def uid() -> str:
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def rbytes(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def fill(text: str, **kw: str) -> str:
    for k, v in kw.items():
        text = text.replace('$[' + k + ']', v)
    assert '$[' not in text, text[text.index('$['):text.index('$[') + 30]
    return text


def pem_private(lead: str = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ', total: int = 1624) -> str:
    body = lead + g(total - len(lead), B64)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return '-----BEGIN PRIVATE KEY-----\n' + '\n'.join(lines) + '\n-----END PRIVATE KEY-----\n'


def pem_public() -> str:
    lead = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'
    body = lead + g(392 - len(lead) - 6, B64) + 'IDAQAB'
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return '-----BEGIN PUBLIC KEY-----\n' + '\n'.join(lines) + '\n-----END PUBLIC KEY-----\n'


def fingerprint() -> str:
    return ':'.join(hx(2) for _ in range(16))


def ocid(kind: str) -> str:
    return 'ocid1.' + kind + '.oc1..aaaaaaaa' + gl(52)


def yc_id(prefix: str = 'b1g') -> str:
    return prefix + gl(17)


# ---------------------------------------------------------------- cloud

# c01 Alibaba Cloud: Spring Boot profile with an OSS AccessKey pair
add('c01/order-service/src/main/resources/application-prod.yml', fill('''# 生产环境配置 —— 订单服务（杭州）
server:
  port: 8080
  servlet:
    context-path: /order
  tomcat:
    max-threads: 400

spring:
  application:
    name: order-service
  datasource:
    url: jdbc:mysql://rm-bp1$[rds].mysql.rds.aliyuncs.com:3306/orders?useSSL=true&serverTimezone=Asia/Shanghai
    username: order_rw
    password: ${DB_PASSWORD}
    hikari:
      maximum-pool-size: 30
  redis:
    host: r-bp1$[redis].redis.rds.aliyuncs.com
    port: 6379
    database: 3

# 阿里云 OSS 对象存储（上传电子发票 PDF）
aliyun:
  oss:
    endpoint: https://oss-cn-hangzhou.aliyuncs.com
    bucket-name: invoice-prod-hz
    access-key-id: LTAI5t$[ak]
    access-key-secret: $[sk]
    # 上传回调地址
    callback-url: https://api.youxuan-hz.cn/order/oss/callback
    url-expire-seconds: 1800
  sms:
    sign-name: 杭州优选
    template-code: SMS_2$[tpl]
    region-id: cn-hangzhou

logging:
  level:
    root: INFO
    com.youxuan.order: DEBUG
  file:
    path: /data/logs/order-service
''', rds=gl(13), redis=gl(13), ak=g(18), sk=g(30), tpl=num(8)))

# c02 Tencent Cloud: SecretId/SecretKey as Go constants in an SMS client
add('c02/internal/notify/sms/tencent.go', fill('''package sms

import (
	"context"
	"fmt"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	tsms "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/sms/v20210111"
)

// 腾讯云短信配置
// TODO(liwei): 上线前迁移到配置中心，先写死方便联调
const (
	secretID   = "AKID$[sid]"
	secretKey  = "$[skey]"
	sdkAppID   = "14$[app]"
	signName   = "深圳小鹿科技"
	templateID = "1$[tpl]"
	region     = "ap-guangzhou"
)

type Sender struct {
	client *tsms.Client
}

func NewSender() (*Sender, error) {
	credential := common.NewCredential(secretID, secretKey)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = "sms.tencentcloudapi.com"
	cpf.HttpProfile.ReqTimeout = 10
	c, err := tsms.NewClient(credential, region, cpf)
	if err != nil {
		return nil, fmt.Errorf("init tencent sms client: %w", err)
	}
	return &Sender{client: c}, nil
}

// SendCode 发送登录验证码，有效期 5 分钟
func (s *Sender) SendCode(ctx context.Context, phone, code string) error {
	ctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()

	req := tsms.NewSendSmsRequest()
	req.SetContext(ctx)
	req.SmsSdkAppId = common.StringPtr(sdkAppID)
	req.SignName = common.StringPtr(signName)
	req.TemplateId = common.StringPtr(templateID)
	req.TemplateParamSet = common.StringPtrs([]string{code, "5"})
	req.PhoneNumberSet = common.StringPtrs([]string{"+86" + phone})

	resp, err := s.client.SendSms(req)
	if err != nil {
		return fmt.Errorf("send sms: %w", err)
	}
	for _, st := range resp.Response.SendStatusSet {
		if *st.Code != "Ok" {
			return fmt.Errorf("sms to %s failed: %s", *st.PhoneNumber, *st.Message)
		}
	}
	return nil
}
''', sid=g(32), skey=g(32), app=num(8), tpl=num(6)))

# c03 Huawei Cloud: AK/SK in a nightly OBS backup script
add('c03/ops/backup/backup_to_obs.py', fill('''#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""每日凌晨 2 点把 PostgreSQL 备份上传到华为云 OBS（北京四）。

crontab: 0 2 * * * /opt/ops/venv/bin/python /opt/ops/backup/backup_to_obs.py
"""
import datetime
import os
import subprocess
import sys

from obs import ObsClient

AK = '$[ak]'
SK = '$[sk]'
SERVER = 'https://obs.cn-north-4.myhuaweicloud.com'
BUCKET = 'erp-db-backup-bj4'
KEEP_DAYS = 14


def dump(path):
    db = os.environ.get('PGDATABASE', 'erp')
    subprocess.run(['pg_dump', '-Fc', '-Z', '6', '-f', path, db], check=True)


def main():
    today = datetime.date.today().strftime('%Y%m%d')
    local = '/var/backups/pg/erp-%s.dump' % today
    dump(local)

    client = ObsClient(access_key_id=AK, secret_access_key=SK, server=SERVER)
    try:
        key = 'postgres/erp/%s/erp.dump' % today
        resp = client.putFile(BUCKET, key, file_path=local)
        if resp.status < 300:
            print('上传成功', key, resp.requestId)
        else:
            print('上传失败', resp.errorCode, resp.errorMessage, file=sys.stderr)
            sys.exit(1)
    finally:
        client.close()
    os.remove(local)


if __name__ == '__main__':
    main()
''', ak=gu(20), sk=g(40)))

# c04 Baidu AI Cloud: BOS AK/SK and an AIP (face recognition) key in a PHP config array
add('c04/config/baidu.php', fill('''<?php
/**
 * 百度智能云配置
 * BOS 用于存放用户头像和视频封面；AIP 用于人脸核身。
 */
return [
    'bos' => [
        'credentials' => [
            'ak' => '$[ak]',
            'sk' => '$[sk]',
        ],
        'endpoint'   => 'https://bj.bcebos.com',
        'bucket'     => 'kanshu-media',
        'cdn_domain' => 'https://img.kanshu-app.cn',
        'timeout'    => 30,
    ],

    // 人脸识别（应用名：看书-实名认证）
    'aip' => [
        'app_id'     => '$[appid]',
        'api_key'    => '$[apikey]',
        'secret_key' => '$[aipsk]',
        'group_id'   => 'users_prod',
    ],

    'log_channel' => 'baidu',
];
''', ak=gh(32), sk=gh(32), appid=num(8), apikey=g(24), aipsk=g(32)))

# c05 Yandex Cloud: static access key in the S3 backend and an authorized key file next to it
yc_sa = 'aje' + gl(17)
yc_key_id = 'aje' + gl(17)
add('c05/infra/prod/main.tf', fill('''terraform {
  required_version = ">= 1.5"

  required_providers {
    yandex = {
      source  = "yandex-cloud/yandex"
      version = "~> 0.113"
    }
  }

  # Состояние храним в Object Storage
  backend "s3" {
    endpoints = {
      s3 = "https://storage.yandexcloud.net"
    }
    bucket     = "tfstate-marketplace-prod"
    region     = "ru-central1"
    key        = "prod/terraform.tfstate"
    access_key = "YCAJ$[akid]"
    secret_key = "YC$[aksec]"

    skip_region_validation      = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_s3_checksum            = true
  }
}

provider "yandex" {
  service_account_key_file = "${path.module}/sa-key.json"
  cloud_id                 = "$[cloud]"
  folder_id                = "$[folder]"
  zone                     = "ru-central1-a"
}

resource "yandex_vpc_network" "main" {
  name = "marketplace-prod"
}

resource "yandex_vpc_subnet" "a" {
  name           = "prod-a"
  zone           = "ru-central1-a"
  network_id     = yandex_vpc_network.main.id
  v4_cidr_blocks = ["10.10.0.0/24"]
}
''', akid=g(21, URLSAFE), aksec=g(38, URLSAFE), cloud=yc_id(), folder=yc_id()))
add('c05/infra/prod/sa-key.json', json.dumps({
    'id': yc_key_id,
    'service_account_id': yc_sa,
    'created_at': '2024-02-19T08:41:12.503215Z',
    'key_algorithm': 'RSA_2048',
    'public_key': pem_public(),
    'private_key': 'PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <' + yc_key_id + '>\n' + pem_private(),
}, indent=3) + '\n')

# c06 Yandex Cloud: service-account API key in a YandexGPT helper
add('c06/bot/llm/yandex_gpt.py', fill('''"""Обёртка над YandexGPT для бота поддержки."""
import logging

import requests

log = logging.getLogger(__name__)

# API-ключ сервисного аккаунта support-bot (роль ai.languageModels.user)
YANDEX_API_KEY = "AQVN$[key]"
FOLDER_ID = "$[folder]"
MODEL_URI = f"gpt://{FOLDER_ID}/yandexgpt-lite/latest"
COMPLETION_URL = "https://llm.api.cloud.yandex.net/foundationModels/v1/completion"

SYSTEM_PROMPT = (
    "Ты — вежливый оператор службы поддержки интернет-магазина. "
    "Отвечай кратко и только по делу."
)


def ask(question: str, temperature: float = 0.3) -> str:
    payload = {
        "modelUri": MODEL_URI,
        "completionOptions": {"stream": False, "temperature": temperature, "maxTokens": "800"},
        "messages": [
            {"role": "system", "text": SYSTEM_PROMPT},
            {"role": "user", "text": question},
        ],
    }
    headers = {
        "Authorization": f"Api-Key {YANDEX_API_KEY}",
        "x-folder-id": FOLDER_ID,
    }
    resp = requests.post(COMPLETION_URL, json=payload, headers=headers, timeout=30)
    if resp.status_code != 200:
        log.error("YandexGPT вернул %s: %s", resp.status_code, resp.text[:300])
        resp.raise_for_status()
    alt = resp.json()["result"]["alternatives"][0]
    return alt["message"]["text"]
''', key=g(36, URLSAFE), folder=yc_id()))

# c07 OVHcloud: ovh.conf with application and consumer keys, plus the script using it
add('c07/dns-updater/ovh.conf', fill('''[default]
; point d'accès par défaut
endpoint=ovh-eu

[ovh-eu]
; application créée sur https://eu.api.ovh.com/createApp/ (nom : dyndns-bureau)
application_key=$[ak]
application_secret=$[asec]
; clé consommateur avec les droits GET/PUT/POST sur /domain/zone/*
consumer_key=$[ck]
''', ak=g(16), asec=g(32), ck=g(32)))
add('c07/dns-updater/update_dns.py', '''#!/usr/bin/env python3
"""Met à jour l'enregistrement A de bureau.atelier-lyon.fr avec l'IP publique courante."""
import ovh
import requests

ZONE = "atelier-lyon.fr"
SUB = "bureau"


def public_ip():
    return requests.get("https://api.ipify.org", timeout=10).text.strip()


def main():
    client = ovh.Client()  # lit ./ovh.conf
    ip = public_ip()
    ids = client.get(f"/domain/zone/{ZONE}/record", fieldType="A", subDomain=SUB)
    if ids:
        client.put(f"/domain/zone/{ZONE}/record/{ids[0]}", target=ip, ttl=300)
    else:
        client.post(f"/domain/zone/{ZONE}/record", fieldType="A", subDomain=SUB, target=ip, ttl=300)
    client.post(f"/domain/zone/{ZONE}/refresh")
    print("OK", SUB, ZONE, "->", ip)


if __name__ == "__main__":
    main()
''')

# c08 Scaleway: CLI config committed in a dotfiles repo (secret key is a UUID)
add('c08/dotfiles/.config/scw/config.yaml', fill('''access_key: SCW$[ak1]
secret_key: $[sk1]
default_organization_id: $[org]
default_project_id: $[proj1]
default_region: fr-par
default_zone: fr-par-1
send_telemetry: false
profiles:
  staging:
    access_key: SCW$[ak2]
    secret_key: $[sk2]
    default_organization_id: $[org]
    default_project_id: $[proj2]
    default_region: nl-ams
    default_zone: nl-ams-1
''', ak1=gu(17), sk1=uid(), org=uid(), proj1=uid(), ak2=gu(17), sk2=uid(), proj2=uid()))

# c09 Hetzner Cloud: API token exported in a provisioning script
add('c09/deploy/provision.sh', fill('''#!/usr/bin/env bash
# Erstellt die Worker-Knoten für den Cluster in Falkenstein.
# Aufruf: ./provision.sh 3
set -euo pipefail

export HCLOUD_TOKEN="$[tok]"

COUNT="${1:-2}"
LOCATION="fsn1"
TYPE="cpx31"
IMAGE="ubuntu-22.04"
NETWORK="k3s-net"
SSH_KEY="deploy@ci"

for i in $(seq 1 "$COUNT"); do
  name="worker-${LOCATION}-${i}"
  if hcloud server describe "$name" >/dev/null 2>&1; then
    echo "Server $name existiert bereits, überspringe."
    continue
  fi
  hcloud server create \\
    --name "$name" \\
    --type "$TYPE" \\
    --image "$IMAGE" \\
    --location "$LOCATION" \\
    --network "$NETWORK" \\
    --ssh-key "$SSH_KEY" \\
    --label role=worker \\
    --user-data-from-file cloud-init/worker.yaml
done

hcloud server list -l role=worker -o columns=name,ipv4,status
''', tok=g(64)))

# c10 IONOS: DNS API key (public prefix + secret) in a Traefik compose file
add('c10/proxy/docker-compose.yml', fill('''version: "3.8"

services:
  traefik:
    image: traefik:v2.11
    restart: unless-stopped
    command:
      - --providers.docker=true
      - --providers.docker.exposedbydefault=false
      - --entrypoints.web.address=:80
      - --entrypoints.websecure.address=:443
      - --certificatesresolvers.ionos.acme.dnschallenge=true
      - --certificatesresolvers.ionos.acme.dnschallenge.provider=ionos
      - --certificatesresolvers.ionos.acme.email=admin@praxis-weber.de
      - --certificatesresolvers.ionos.acme.storage=/letsencrypt/acme.json
    environment:
      # IONOS Developer API, Schlüssel "traefik-wildcard"
      IONOS_API_KEY: "$[prefix].$[sec]"
      IONOS_PROPAGATION_TIMEOUT: "900"
    ports:
      - "80:80"
      - "443:443"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./letsencrypt:/letsencrypt

  nextcloud:
    image: nextcloud:28-apache
    restart: unless-stopped
    labels:
      - traefik.enable=true
      - traefik.http.routers.cloud.rule=Host(`cloud.praxis-weber.de`)
      - traefik.http.routers.cloud.tls.certresolver=ionos
    volumes:
      - nextcloud:/var/www/html

volumes:
  nextcloud:
''', prefix=gh(32), sec=g(86, URLSAFE)))

# c11 Exoscale: CLI config with an EXO key and its secret
add('c11/home/.config/exoscale/exoscale.toml', fill('''defaultaccount = "prod-gva"

[[accounts]]
  account = "infra@bergsicht.ch"
  defaultTemplate = "Linux Debian 12 (Bookworm) 64-bit"
  defaultZone = "ch-gva-2"
  endpoint = "https://api-ch-gva-2.exoscale.com/v2"
  environment = "api"
  key = "EXO$[k1]"
  name = "prod-gva"
  secret = "$[s1]"

[[accounts]]
  account = "infra@bergsicht.ch"
  defaultZone = "de-fra-1"
  endpoint = "https://api-de-fra-1.exoscale.com/v2"
  environment = "api"
  key = "EXO$[k2]"
  name = "backup-fra"
  secret = "$[s2]"
''', k1=gh(24), s1=g(43, URLSAFE), k2=gh(24), s2=g(43, URLSAFE)))

# c12 Vultr + Linode: plain-text API keys in Ansible group_vars
add('c12/ansible/inventories/edge/group_vars/all/cloud.yml', fill('''---
# Edge PoPs run on two providers so a single outage does not take the CDN down.
edge_domain: cdn.lumenstream.io

vultr_api_key: "$[vultr]"
vultr_regions:
  - ams
  - sgp
  - nrt
vultr_plan: vc2-2c-4gb
vultr_os_id: 1743

linode_token: "$[linode]"
linode_regions:
  - eu-central
  - ap-south
linode_type: g6-standard-2
linode_image: linode/debian12

edge_ssh_keys:
  - "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI$[sshpub] ops@lumenstream"

nginx_worker_connections: 4096
cache_max_size: 40g
''', vultr=gu(36), linode=gh(64), sshpub=g(43, B64)))

# c13 Oracle Cloud: ~/.oci config and the API signing key it points to
add('c13/ci/oci/config', fill('''[DEFAULT]
user=$[user]
fingerprint=$[fp]
tenancy=$[ten]
region=sa-saopaulo-1
key_file=/builds/ci/oci/oci_api_key.pem

[VINHEDO]
user=$[user]
fingerprint=$[fp]
tenancy=$[ten]
region=sa-vinhedo-1
key_file=/builds/ci/oci/oci_api_key.pem
''', user=ocid('user'), fp=fingerprint(), ten=ocid('tenancy')))
add('c13/ci/oci/oci_api_key.pem', pem_private() + 'OCI_API_KEY\n')

# c14 UpCloud: API sub-account credentials in the Terraform provider block
add('c14/terraform/main.tf', fill('''terraform {
  required_providers {
    upcloud = {
      source  = "UpCloudLtd/upcloud"
      version = "~> 5.0"
    }
  }
}

# API-alitili "tf-automation" (vain API-oikeudet)
provider "upcloud" {
  username = "tf-automation"
  password = "$[pw]"
}

resource "upcloud_server" "app" {
  hostname = "app-1.kahvila.fi"
  zone     = "fi-hel2"
  plan     = "2xCPU-4GB"
  metadata = true

  template {
    storage = "Ubuntu Server 22.04 LTS (Jammy Jellyfish)"
    size    = 50
  }

  network_interface {
    type = "public"
  }

  login {
    user = "deploy"
    keys = [file("~/.ssh/id_ed25519.pub")]
  }
}
''', pw=g(10) + random.choice('!#%&*+=?@') + g(9) + random.choice('!#%&*+=?@') + g(4)))

# ---------------------------------------------------------------- payments

# c15 Razorpay: live key id and secret in a committed .env
add('c15/backend/.env', fill('''NODE_ENV=production
PORT=4000
APP_URL=https://app.chaiwala.in
DATABASE_URL=postgres://chaiwala@db.internal:5432/chaiwala

# Razorpay (live mode, account: Chaiwala Foods Pvt Ltd)
RAZORPAY_KEY_ID=rzp_live_$[kid]
RAZORPAY_KEY_SECRET=$[ksec]
RAZORPAY_WEBHOOK_SECRET=$[wh]

SMS_SENDER_ID=CHAIWL
LOG_LEVEL=info
''', kid=g(14), ksec=g(24), wh=g(20)))
add('c15/backend/src/payments/razorpay.js', '''const Razorpay = require('razorpay');
const crypto = require('crypto');

const rzp = new Razorpay({
  key_id: process.env.RAZORPAY_KEY_ID,
  key_secret: process.env.RAZORPAY_KEY_SECRET,
});

async function createOrder(amountPaise, receipt) {
  return rzp.orders.create({ amount: amountPaise, currency: 'INR', receipt, payment_capture: 1 });
}

function verifySignature(orderId, paymentId, signature) {
  const expected = crypto
    .createHmac('sha256', process.env.RAZORPAY_KEY_SECRET)
    .update(`${orderId}|${paymentId}`)
    .digest('hex');
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

module.exports = { createOrder, verifySignature };
''')

# c16 Paytm: merchant key in Spring properties
add('c16/paytm-gateway/src/main/resources/application.properties', fill('''spring.application.name=paytm-gateway
server.port=8085

# Paytm All-in-One SDK (PROD)
paytm.payment.environment=PROD
paytm.payment.merchant-id=$[mid]
paytm.payment.merchant-key=$[mkey]
paytm.payment.website=DEFAULT
paytm.payment.industry-type=Retail
paytm.payment.channel-id=WEB
paytm.payment.callback-url=https://shop.kiranamart.in/api/paytm/callback
paytm.payment.txn-url=https://securegw.paytm.in/theia/api/v1/initiateTransaction

spring.jpa.hibernate.ddl-auto=validate
spring.datasource.url=jdbc:postgresql://10.0.3.12:5432/kirana
spring.datasource.username=kirana_app
management.endpoints.web.exposure.include=health,info
''', mid=g(6, string.ascii_letters) + num(14), mkey=g(16, A + '@#&%_!')))

# c17 PhonePe: salt key (UUID-shaped) in Django production settings
add('c17/shop/settings/production.py', fill('''from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["www.mithaiwala.co.in", "mithaiwala.co.in"]
CSRF_TRUSTED_ORIGINS = ["https://www.mithaiwala.co.in"]

DATABASES["default"]["HOST"] = "10.20.0.5"  # noqa: F405

# PhonePe PG (production credentials issued 12-Jan)
PHONEPE = {
    "MERCHANT_ID": "M$[mid]",
    "SALT_KEY": "$[salt]",
    "SALT_INDEX": 1,
    "BASE_URL": "https://api.phonepe.com/apis/hermes",
    "REDIRECT_URL": "https://www.mithaiwala.co.in/payments/phonepe/return/",
    "CALLBACK_URL": "https://www.mithaiwala.co.in/payments/phonepe/callback/",
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://10.20.0.6:6379/1",
    }
}
STATIC_ROOT = "/srv/mithaiwala/static"
''', mid=gu(14), salt=uid()))

# c18 Mercado Pago: production access token in a PHP controller (Spanish)
mp_user = num(9)
add('c18/app/Http/Controllers/PagoController.php', fill('''<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use MercadoPago\\Client\\Preference\\PreferenceClient;
use MercadoPago\\MercadoPagoConfig;

class PagoController extends Controller
{
    public function __construct()
    {
        // Token de producción de la cuenta de la tienda (no el de prueba)
        MercadoPagoConfig::setAccessToken('APP_USR-$[app]-$[date]-$[h]-$[user]');
    }

    public function crearPreferencia(Request $request)
    {
        $pedido = $request->user()->pedidos()->findOrFail($request->input('pedido_id'));

        $client = new PreferenceClient();
        $preference = $client->create([
            'items' => $pedido->items->map(fn ($i) => [
                'title' => $i->nombre,
                'quantity' => $i->cantidad,
                'unit_price' => (float) $i->precio,
                'currency_id' => 'ARS',
            ])->all(),
            'external_reference' => (string) $pedido->id,
            'back_urls' => [
                'success' => route('pago.exito'),
                'failure' => route('pago.error'),
                'pending' => route('pago.pendiente'),
            ],
            'auto_return' => 'approved',
            'notification_url' => route('webhooks.mercadopago'),
        ]);

        return response()->json(['init_point' => $preference->init_point]);
    }
}
''', app=num(16), date=num(6), h=gh(32), user=mp_user))

# c19 PagSeguro: account e-mail and token in a Java properties file (Portuguese)
add('c19/loja-api/src/main/resources/pagseguro-config.properties', fill('''# Credenciais PagSeguro - ambiente de PRODUCAO
# Conta: financeiro@cantinadanona.com.br
pagseguro.environment=production
pagseguro.email=financeiro@cantinadanona.com.br
pagseguro.token=$[tok]
pagseguro.charset=UTF-8

# Notificacoes (retorno automatico de dados)
pagseguro.notification.url=https://api.cantinadanona.com.br/pagamentos/notificacao
pagseguro.redirect.url=https://www.cantinadanona.com.br/pedido/concluido

# Logs
pagseguro.log.path=/var/log/loja-api/pagseguro.log
''', tok=g(32, '0123456789ABCDEF')))

# c20 iyzico: live API and secret keys in .NET appsettings (Turkish comments)
add('c20/src/Magaza.Web/appsettings.Production.json', fill('''{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "ConnectionStrings": {
    "Default": "Server=10.1.0.4;Database=Magaza;Integrated Security=true;TrustServerCertificate=true"
  },
  // iyzico canlı ortam anahtarları (Ayarlar > Firma Ayarları)
  "Iyzipay": {
    "ApiKey": "$[ak]",
    "SecretKey": "$[sk]",
    "BaseUrl": "https://api.iyzipay.com",
    "CallbackUrl": "https://www.anadolukahve.com.tr/odeme/sonuc"
  },
  "Kargo": {
    "Firma": "Yurtici",
    "UcretsizKargoLimiti": 750
  }
}
''', ak=g(32), sk=g(32)))

# c21 Midtrans: production server key as the env() fallback in a Laravel config
add('c21/config/midtrans.php', fill('''<?php

return [
    /*
    |--------------------------------------------------------------------------
    | Midtrans
    |--------------------------------------------------------------------------
    | Kunci produksi dari Dashboard Midtrans > Settings > Access Keys.
    | Server key JANGAN dikirim ke frontend.
    */
    'merchant_id'   => env('MIDTRANS_MERCHANT_ID', 'G$[mid]'),
    'server_key'    => env('MIDTRANS_SERVER_KEY', 'Mid-server-$[sk]'),
    'client_key'    => env('MIDTRANS_CLIENT_KEY', 'Mid-client-$[ck]'),
    'is_production' => env('MIDTRANS_IS_PRODUCTION', true),
    'is_sanitized'  => true,
    'is_3ds'        => true,

    // URL notifikasi pembayaran
    'notification_url' => env('APP_URL', 'https://tokobatik.id') . '/api/midtrans/notification',
];
''', mid=num(9), sk=g(24, URLSAFE), ck=g(16, URLSAFE)))

# c22 Xendit: production secret key in a Go payment adapter
add('c22/internal/payment/xendit.go', fill('''package payment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Kunci rahasia Xendit (mode live)
var xenditSecretKey = "xnd_production_$[key]"

const xenditBaseURL = "https://api.xendit.co"

type InvoiceRequest struct {
	ExternalID  string  `json:"external_id"`
	Amount      float64 `json:"amount"`
	PayerEmail  string  `json:"payer_email"`
	Description string  `json:"description"`
	Currency    string  `json:"currency"`
}

type Invoice struct {
	ID         string `json:"id"`
	InvoiceURL string `json:"invoice_url"`
	Status     string `json:"status"`
}

var httpClient = &http.Client{Timeout: 15 * time.Second}

func CreateInvoice(in InvoiceRequest) (*Invoice, error) {
	if in.Currency == "" {
		in.Currency = "IDR"
	}
	body, _ := json.Marshal(in)
	req, err := http.NewRequest(http.MethodPost, xenditBaseURL+"/v2/invoices", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(xenditSecretKey, "")
	req.Header.Set("Content-Type", "application/json")

	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("xendit: status %d", resp.StatusCode)
	}
	var inv Invoice
	if err := json.NewDecoder(resp.Body).Decode(&inv); err != nil {
		return nil, err
	}
	return &inv, nil
}
''', key=g(60)))

# c23 Paystack: live secret key hard-coded in a Flask blueprint
add('c23/app/payments/paystack.py', fill('''import hashlib
import hmac

import requests
from flask import Blueprint, abort, current_app, jsonify, request

bp = Blueprint("paystack", __name__, url_prefix="/paystack")

PAYSTACK_SECRET_KEY = "sk_live_$[key]"
BASE = "https://api.paystack.co"
HEADERS = {"Authorization": f"Bearer {PAYSTACK_SECRET_KEY}", "Content-Type": "application/json"}


@bp.post("/initialize")
def initialize():
    data = request.get_json(force=True)
    payload = {
        "email": data["email"],
        "amount": int(data["amount_naira"]) * 100,  # kobo
        "currency": "NGN",
        "callback_url": "https://foodbox.ng/checkout/complete",
        "metadata": {"order_id": data["order_id"]},
    }
    r = requests.post(f"{BASE}/transaction/initialize", json=payload, headers=HEADERS, timeout=20)
    r.raise_for_status()
    return jsonify(r.json()["data"])


@bp.post("/webhook")
def webhook():
    sig = request.headers.get("x-paystack-signature", "")
    digest = hmac.new(PAYSTACK_SECRET_KEY.encode(), request.data, hashlib.sha512).hexdigest()
    if not hmac.compare_digest(sig, digest):
        abort(401)
    event = request.get_json()
    current_app.logger.info("paystack event %s", event.get("event"))
    return "", 200
''', key=gh(40)))

# c24 Flutterwave: secret key, encryption key and webhook hash in .env.production
add('c24/api/.env.production', fill('''# ---- app ----
NODE_ENV=production
PORT=8080
CORS_ORIGIN=https://sokoni.co.ke

# ---- Flutterwave (live) ----
FLW_PUBLIC_KEY=FLWPUBK-$[pub]-X
FLW_SECRET_KEY=FLWSECK-$[sec]-X
FLW_ENCRYPTION_KEY=$[enc]
FLW_SECRET_HASH=$[hash]
FLW_REDIRECT_URL=https://sokoni.co.ke/checkout/done

# ---- misc ----
SENTRY_ENVIRONMENT=production
DEFAULT_CURRENCY=KES
''', pub=gh(32), sec=gh(32), enc=gh(24), hash=g(18)))

# c25 Mollie: live API key and organisation access token in Symfony .env.local (Dutch)
add('c25/webshop/.env.local', fill('''###> symfony/framework-bundle ###
APP_ENV=prod
APP_SECRET=$[appsec]
###< symfony/framework-bundle ###

###> doctrine/doctrine-bundle ###
DATABASE_URL="mysql://fietsen@127.0.0.1:3306/fietsen?serverVersion=8.0&charset=utf8mb4"
###< doctrine/doctrine-bundle ###

# Mollie betalingen - LIVE sleutel (niet committen!)
MOLLIE_API_KEY=live_$[live]
# organisatie-token voor het ophalen van settlements
MOLLIE_ACCESS_TOKEN=access_$[acc]
MOLLIE_WEBHOOK_URL=https://www.fietsenbijjan.nl/webhook/mollie
''', appsec=gh(32), live=g(30), acc=g(40)))

# c26 Adyen: API key and HMAC key in a Spring live profile
adyen_special = A + ';:%=<>[]{}'
add('c26/checkout-service/src/main/resources/application-live.properties', fill('''# Adyen LIVE configuration - webshop NL/BE
adyen.environment=LIVE
adyen.merchant-account=HollandBloemenECOM
adyen.live-endpoint-url-prefix=$[prefix]-HollandBloemen
adyen.api-key=AQE$[p1]==-$[p2]=-$[p3]
adyen.client-key=live_$[ckey]
adyen.hmac-key=$[hmac]
adyen.return-url=https://www.hollandbloemen.nl/checkout/result

spring.datasource.url=jdbc:postgresql://db.internal:5432/checkout
spring.datasource.username=checkout
spring.jackson.default-property-inclusion=non_null
server.shutdown=graceful
''', prefix=gh(16), p1=g(93, B64), p2=g(43, B64), p3=g(16, adyen_special),
    ckey=gu(32), hmac=g(64, '0123456789ABCDEF')))

# c27 Klarna: API key (klarna_live_api_...) with its UUID username in a Python client (Swedish)
klarna_raw = g(60, A + '*!-_')
add('c27/integrations/klarna/client.py', fill('''"""Klarna Payments-klient för butiken (EU-regionen)."""
import requests

# Skapad i Merchant Portal 2024-03-04, användare: ekonomi@mobelhuset.se
KLARNA_BASE_URL = "https://api.klarna.com"
KLARNA_USERNAME = "$[user]"
KLARNA_API_KEY = "klarna_live_api_$[key]"


class KlarnaClient:
    def __init__(self):
        self.s = requests.Session()
        self.s.auth = (KLARNA_USERNAME, KLARNA_API_KEY)
        self.s.headers["Content-Type"] = "application/json"

    def create_session(self, order):
        body = {
            "purchase_country": "SE",
            "purchase_currency": "SEK",
            "locale": "sv-SE",
            "order_amount": order.total_ore,
            "order_tax_amount": order.tax_ore,
            "order_lines": [line.to_klarna() for line in order.lines],
        }
        r = self.s.post(f"{KLARNA_BASE_URL}/payments/v1/sessions", json=body, timeout=20)
        r.raise_for_status()
        return r.json()["session_id"], r.json()["client_token"]

    def place_order(self, authorization_token, order):
        r = self.s.post(
            f"{KLARNA_BASE_URL}/payments/v1/authorizations/{authorization_token}/order",
            json=order.to_klarna(),
            timeout=20,
        )
        r.raise_for_status()
        return r.json()["order_id"]
''', user=uid(), key=base64.b64encode(klarna_raw.encode()).decode().rstrip('=')))

# c28 YooKassa: shopId and live secret key in a PHP service (Russian)
add('c28/src/Service/Payment/YookassaService.php', fill('''<?php

namespace App\\Service\\Payment;

use YooKassa\\Client;
use YooKassa\\Model\\Notification\\NotificationFactory;

class YookassaService
{
    private Client $client;

    public function __construct()
    {
        $this->client = new Client();
        // Боевой магазин «Чайная лавка», ключ выпущен в ЛК 14.02
        $this->client->setAuth('$[shop]', 'live_$[key]');
    }

    public function createPayment(int $orderId, string $amount, string $returnUrl): array
    {
        $payment = $this->client->createPayment([
            'amount' => ['value' => $amount, 'currency' => 'RUB'],
            'confirmation' => ['type' => 'redirect', 'return_url' => $returnUrl],
            'capture' => true,
            'description' => 'Заказ №' . $orderId,
            'metadata' => ['order_id' => $orderId],
        ], uniqid('', true));

        return [
            'id' => $payment->getId(),
            'url' => $payment->getConfirmation()->getConfirmationUrl(),
        ];
    }

    public function parseNotification(string $body)
    {
        $factory = new NotificationFactory();
        return $factory->factory(json_decode($body, true))->getObject();
    }
}
''', shop=num(6), key=g(43, URLSAFE)))

# c29 Checkout.com: secret key constant in a C# service
add('c29/src/Tienda.Pagos/CheckoutPaymentService.cs', fill('''using System.Threading.Tasks;
using Checkout;
using Checkout.Payments.Previous;
using Checkout.Payments.Previous.Request;
using Checkout.Payments.Previous.Request.Source;
using Checkout.Common;

namespace Tienda.Pagos
{
    public class CheckoutPaymentService
    {
        // Clave secreta de producción (cuenta ABC)
        private const string SecretKey = "sk_$[sk]";
        private const string PublicKey = "pk_$[pk]";

        private readonly Checkout.Previous.ICheckoutApi _api;

        public CheckoutPaymentService()
        {
            _api = CheckoutSdk.Builder()
                .Previous()
                .StaticKeys()
                .SecretKey(SecretKey)
                .PublicKey(PublicKey)
                .Environment(Environment.Production)
                .Build();
        }

        public async Task<string> CobrarAsync(string cardToken, long importeCentimos, string referencia)
        {
            var request = new PaymentRequest
            {
                Source = new RequestTokenSource { Token = cardToken },
                Amount = importeCentimos,
                Currency = Currency.EUR,
                Reference = referencia,
                Capture = true,
            };
            var response = await _api.PaymentsClient().RequestPayment(request);
            return response.Id;
        }
    }
}
''', sk=uid(), pk=uid()))

# ---------------------------------------------------------------- messaging and social

# c30 LINE Messaging API: channel secret and long-lived access token (Japanese)
add('c30/line-bot/.env', fill('''# LINE Messaging API（本番チャネル: 予約受付Bot）
LINE_CHANNEL_ID=$[cid]
LINE_CHANNEL_SECRET=$[csec]
# 長期のチャネルアクセストークン（発行日 2024/04/02）
LINE_CHANNEL_ACCESS_TOKEN=$[tok]

# 予約DB
DB_HOST=127.0.0.1
DB_NAME=yoyaku
PORT=3000
TZ=Asia/Tokyo
''', cid=num(10), csec=gh(32), tok=g(171, B64) + '='))
add('c30/line-bot/index.js', '''require('dotenv').config();
const express = require('express');
const line = require('@line/bot-sdk');

const config = {
  channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN,
  channelSecret: process.env.LINE_CHANNEL_SECRET,
};
const client = new line.messagingApi.MessagingApiClient({ channelAccessToken: config.channelAccessToken });
const app = express();

app.post('/callback', line.middleware(config), async (req, res) => {
  await Promise.all(req.body.events.map(handleEvent));
  res.sendStatus(200);
});

async function handleEvent(event) {
  if (event.type !== 'message' || event.message.type !== 'text') return null;
  const text = event.message.text.includes('予約')
    ? 'ご予約ありがとうございます。ご希望の日時を教えてください。'
    : 'メニューから「予約」を選んでください。';
  return client.replyMessage({ replyToken: event.replyToken, messages: [{ type: 'text', text }] });
}

app.listen(process.env.PORT || 3000);
''')

# c31 WeChat Official Account + WeChat Pay: AppSecret and merchant keys in Spring YAML
wx_app = 'wx' + gh(16)
add('c31/mall-api/src/main/resources/application-prod.yml', fill('''server:
  port: 8081

# 微信公众号 / 微信支付 配置（生产）
wx:
  mp:
    configs:
      - appId: $[app]
        secret: $[sec]
        token: $[tok]
        aesKey: $[aes]
  pay:
    appId: $[app]
    mchId: 16$[mch]
    mchKey: $[mchkey]
    apiV3Key: $[v3]
    keyPath: classpath:cert/apiclient_cert.p12
    notifyUrl: https://mall.shengxian-sz.com/api/pay/notify

spring:
  redis:
    host: 10.0.8.21
    port: 6379
mybatis-plus:
  mapper-locations: classpath*:mapper/**/*.xml
''', app=wx_app, sec=gh(32), tok=g(16), aes=g(43), mch=num(8), mchkey=g(32), v3=g(32)))

# c32 WeCom (企业微信): group-robot webhook key and app corpsecret in an alert script
add('c32/ops/alert/wecom_notify.py', fill('''#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Zabbix 告警 -> 企业微信 (群机器人 + 应用消息)"""
import json
import sys

import requests

# 群机器人：运维告警群
WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=$[hook]"

# 自建应用「监控中心」
CORP_ID = "ww$[corp]"
CORP_SECRET = "$[csec]"
AGENT_ID = 1000004


def app_token():
    r = requests.get(
        "https://qyapi.weixin.qq.com/cgi-bin/gettoken",
        params={"corpid": CORP_ID, "corpsecret": CORP_SECRET},
        timeout=5,
    )
    return r.json()["access_token"]


def send_group(text):
    body = {"msgtype": "markdown", "markdown": {"content": text}}
    requests.post(WEBHOOK, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=5)


def send_app(users, text):
    body = {"touser": "|".join(users), "msgtype": "text", "agentid": AGENT_ID, "text": {"content": text}}
    requests.post(
        "https://qyapi.weixin.qq.com/cgi-bin/message/send",
        params={"access_token": app_token()},
        json=body,
        timeout=5,
    )


if __name__ == "__main__":
    to, subject, message = sys.argv[1], sys.argv[2], sys.argv[3]
    send_group("**%s**\\n> %s" % (subject, message))
    send_app(to.split(","), subject + "\\n" + message)
''', hook=uid(), corp=gh(16), csec=g(43, URLSAFE)))

# c33 DingTalk: robot access tokens and signing secrets in prometheus-webhook-dingtalk config
add('c33/monitoring/dingtalk/config.yml', fill('''## prometheus-webhook-dingtalk 配置
## 钉钉群「生产告警」「DBA 值班」两个机器人
templates:
  - /etc/prometheus-webhook-dingtalk/templates/default.tmpl

default_message:
  title: '{{ template "legacy.title" . }}'
  text: '{{ template "legacy.content" . }}'

targets:
  ops:
    url: https://oapi.dingtalk.com/robot/send?access_token=$[t1]
    # 加签密钥
    secret: SEC$[s1]
    mention:
      all: false
      mobiles: ['13$[m1]']
  dba:
    url: https://oapi.dingtalk.com/robot/send?access_token=$[t2]
    secret: SEC$[s2]
''', t1=gh(64), s1=gh(64), m1=num(9), t2=gh(64), s2=gh(64)))

# c34 Feishu: app_id/app_secret plus event encrypt key in a bot config module
add('c34/feishu_bot/config.py', fill('''# -*- coding: utf-8 -*-
"""飞书机器人「周报助手」配置"""

FEISHU_DOMAIN = "https://open.feishu.cn"

# 开发者后台 -> 凭证与基础信息
APP_ID = "cli_$[appid]"
APP_SECRET = "$[appsec]"

# 事件订阅
VERIFICATION_TOKEN = "$[vt]"
ENCRYPT_KEY = "$[ek]"

# 周报汇总发送到的群
REPORT_CHAT_ID = "oc_$[chat]"
REMIND_CRON = "0 17 * * 5"
TIMEZONE = "Asia/Shanghai"
''', appid=gh(16), appsec=g(32), vt=g(32), ek=g(32), chat=gh(32)))

# c35 Kakao: REST API key, client secret and admin key in Spring OAuth config (Korean)
add('c35/src/main/resources/application-oauth.yml', fill('''spring:
  security:
    oauth2:
      client:
        registration:
          kakao:
            # 카카오 로그인 (REST API 키)
            client-id: $[rest]
            client-secret: $[csec]
            redirect-uri: "{baseUrl}/login/oauth2/code/{registrationId}"
            authorization-grant-type: authorization_code
            client-authentication-method: client_secret_post
            client-name: Kakao
            scope:
              - profile_nickname
              - account_email
        provider:
          kakao:
            authorization-uri: https://kauth.kakao.com/oauth/authorize
            token-uri: https://kauth.kakao.com/oauth/token
            user-info-uri: https://kapi.kakao.com/v2/user/me
            user-name-attribute: id

kakao:
  # 어드민 키 - 서버에서만 사용 (회원 연결 끊기, 푸시)
  admin-key: $[admin]
  pay:
    cid: TC0ONETIME
''', rest=gh(32), csec=g(32), admin=gh(32)))

# c36 Naver Open API: client id and (short) client secret in a search crawler (Korean)
add('c36/crawler/naver_search.py', fill('''"""네이버 검색 API로 블로그 리뷰 수집 (하루 25,000건 한도)"""
import time
import urllib.parse

import requests

# 네이버 개발자센터 > 내 애플리케이션 > 리뷰수집기
NAVER_CLIENT_ID = "$[cid]"
NAVER_CLIENT_SECRET = "$[csec]"

API = "https://openapi.naver.com/v1/search/blog.json"


def search_blog(query, start=1, display=100):
    headers = {
        "X-Naver-Client-Id": NAVER_CLIENT_ID,
        "X-Naver-Client-Secret": NAVER_CLIENT_SECRET,
    }
    params = {"query": query, "display": display, "start": start, "sort": "date"}
    r = requests.get(API, headers=headers, params=params, timeout=10)
    r.raise_for_status()
    return r.json()["items"]


def collect(keyword, pages=5):
    out = []
    for p in range(pages):
        out.extend(search_blog(keyword, start=1 + p * 100))
        time.sleep(0.2)
    return out


if __name__ == "__main__":
    for item in collect("성수동 카페"):
        print(item["postdate"], urllib.parse.unquote(item["link"]))
''', cid=g(20), csec=g(10)))

# c37 VK: community access token (vk1.a.) in a bot (Russian)
add('c37/vk_bot/bot.py', fill('''import vk_api
from vk_api.bot_longpoll import VkBotEventType, VkBotLongPoll
from vk_api.utils import get_random_id

# Ключ доступа сообщества «Пекарня на Литейном» (сообщения, фото, стена)
TOKEN = "vk1.a.$[tok]"
GROUP_ID = $[gid]

ANSWERS = {
    "меню": "Сегодня: круассаны, багеты, пирожки с капустой.",
    "адрес": "Литейный пр., 31. Работаем с 8:00 до 21:00.",
}


def main():
    session = vk_api.VkApi(token=TOKEN, api_version="5.199")
    vk = session.get_api()
    longpoll = VkBotLongPoll(session, GROUP_ID)
    for event in longpoll.listen():
        if event.type != VkBotEventType.MESSAGE_NEW:
            continue
        msg = event.object.message
        text = ANSWERS.get(msg["text"].strip().lower(), "Напишите «меню» или «адрес».")
        vk.messages.send(peer_id=msg["peer_id"], message=text, random_id=get_random_id())


if __name__ == "__main__":
    main()
''', tok=g(214, URLSAFE), gid=num(9)))

# c38 Telegram: bot token in docker-compose environment
add('c38/docker-compose.yml', fill('''services:
  bot:
    build: .
    restart: always
    environment:
      TELEGRAM_BOT_TOKEN: "$[botid]:AA$[tok]"
      ADMIN_CHAT_ID: "-100$[chat]"
      DATABASE_URL: "postgresql://bot:$[dbpw]@db:5432/orders"
      TZ: Europe/Moscow
    depends_on:
      - db

  db:
    image: postgres:16-alpine
    restart: always
    environment:
      POSTGRES_USER: bot
      POSTGRES_PASSWORD: "$[dbpw]"
      POSTGRES_DB: orders
    volumes:
      - pgdata:/var/lib/postgresql/data

volumes:
  pgdata:
''', botid=num(10), tok=g(33, URLSAFE), chat=num(10), dbpw=g(18)))

# c39 Viber: bot auth token in a Node bot (Ukrainian)
add('c39/viber-bot/app.js', fill(''''use strict';

const ViberBot = require('viber-bot').Bot;
const BotEvents = require('viber-bot').Events;
const TextMessage = require('viber-bot').Message.Text;
const express = require('express');

// Бот «Піца Одеса» — токен з адмін-панелі Viber Partners
const bot = new ViberBot({
  authToken: '$[a]-$[b]-$[c]',
  name: 'Піца Одеса',
  avatar: 'https://pizza-odesa.com.ua/static/bot-avatar.png',
});

bot.on(BotEvents.SUBSCRIBED, (response) => {
  response.send(new TextMessage(`Привіт, ${response.userProfile.name}! Напишіть "меню", щоб почати.`));
});

bot.onTextMessage(/меню/i, (message, response) => {
  response.send(new TextMessage('Маргарита — 189 грн\\nПепероні — 229 грн\\nЧотири сири — 249 грн'));
});

const app = express();
app.use('/viber/webhook', bot.middleware());
app.listen(process.env.PORT || 8080, () => {
  bot.setWebhook('https://bot.pizza-odesa.com.ua/viber/webhook').catch((e) => console.error(e));
});
''', a=gh(16), b=gh(16), c=gh(16)))

# c40 Zalo: OA app secret and access/refresh tokens in a PHP config (Vietnamese)
add('c40/config/zalo.php', fill('''<?php
// Cấu hình Zalo Official Account - Nhà thuốc An Khang
return [
    'app_id'      => '$[appid]',
    'app_secret'  => '$[appsec]',
    'oa_id'       => '$[oa]',
    // Access token OA (hết hạn sau 25 giờ, cron làm mới bằng refresh token)
    'access_token'  => '$[at]',
    'refresh_token' => '$[rt]',
    'callback_url'  => 'https://ankhang-pharmacy.vn/zalo/callback',
    'template_ids'  => [
        'order_confirm' => '2$[tpl1]',
        'shipping'      => '2$[tpl2]',
    ],
];
''', appid=num(19), appsec=g(20), oa=num(19), at=g(278, URLSAFE), rt=g(270, URLSAFE),
    tpl1=num(5), tpl2=num(5)))

# ---------------------------------------------------------------- SMS and e-mail

# c41 Plivo + Vonage + MessageBird: multi-provider SMS failover settings
add('c41/notifications/sms_settings.py', fill('''"""SMS providers, tried in order. Sri Lanka traffic goes through MessageBird first."""

SMS_FAILOVER_ORDER = ["messagebird", "plivo", "vonage"]

SMS_PROVIDERS = {
    "plivo": {
        "auth_id": "MA$[pid]",
        "auth_token": "$[ptok]",
        "src": "+1415$[pnum]",
        "url": "https://api.plivo.com/v1/",
    },
    "vonage": {
        "api_key": "$[vkey]",
        "api_secret": "$[vsec]",
        "from": "ShopLK",
    },
    "messagebird": {
        "access_key": "$[mb]",
        "originator": "ShopLK",
    },
}

SMS_MAX_RETRIES = 2
SMS_TIMEOUT_SECONDS = 8
''', pid=gu(18), ptok=g(40), pnum=num(7), vkey=gh(8), vsec=g(16), mb=g(25)))

# c42 Infobip + Sinch: API keys in Spring properties
add('c42/otp-service/src/main/resources/application.properties', fill('''spring.application.name=otp-service
server.port=8090

# WhatsApp OTP via Infobip
infobip.base-url=https://$[sub].api.infobip.com
infobip.api-key=$[ibk]-$[ibu]
infobip.whatsapp.sender=4915$[wa]
infobip.whatsapp.template=otp_login_de

# SMS fallback via Sinch (EU region)
sinch.region=eu
sinch.service-plan-id=$[plan]
sinch.api-token=$[stok]
sinch.sender=+4915$[snd]

otp.length=6
otp.ttl-seconds=300
''', sub=gl(6), ibk=gh(32), ibu=uid(), wa=num(8), plan=gh(32), stok=gh(32), snd=num(8)))

# c43 Brevo + Mailjet: Brevo key inside a Symfony mailer DSN, Mailjet key pair (French)
add('c43/site/.env.prod', fill('''###> symfony/framework-bundle ###
APP_ENV=prod
APP_DEBUG=0
###< symfony/framework-bundle ###

###> symfony/brevo-mailer ###
# E-mails transactionnels (confirmation de commande, mot de passe oublié)
MAILER_DSN=brevo+api://xkeysib-$[bk]-$[bs]@default
###< symfony/brevo-mailer ###

# Newsletter : on garde Mailjet pour les campagnes marketing
MAILJET_APIKEY_PUBLIC=$[mjpub]
MAILJET_APIKEY_PRIVATE=$[mjpriv]
MAILJET_SENDER=newsletter@fromagerie-dupont.fr
MAILJET_LIST_ID=$[list]

TRUSTED_PROXIES=10.0.0.0/8
''', bk=gh(64), bs=g(16), mjpub=gh(32), mjpriv=gh(32), list=num(6)))

# c44 Mailgun (EU region) + SparkPost (EU): private keys in a Node config module (German)
add('c44/services/mailer/config/production.js', fill('''// Versand-Konfiguration Produktion (EU-Rechenzentren wegen DSGVO)
module.exports = {
  defaultProvider: 'mailgun',
  from: 'Buchhandlung Krause <noreply@buch-krause.de>',

  mailgun: {
    // privater API-Schlüssel, Domain mg.buch-krause.de
    apiKey: '$[mg1]-$[mg2]-$[mg3]',
    domain: 'mg.buch-krause.de',
    url: 'https://api.eu.mailgun.net',
  },

  sparkpost: {
    // Fallback, Key mit Rechten "Transmissions: Read/Write"
    apiKey: '$[sp]',
    endpoint: 'https://api.eu.sparkpost.com',
  },

  retry: { attempts: 3, backoffMs: 2000 },
  bounceWebhookPath: '/hooks/mail/bounce',
};
''', mg1=gh(32), mg2=gh(8), mg3=gh(8), sp=gh(40)))

# c45 Qiniu Kodo + Amap (Gaode) web-service key in a Node backend config (Chinese)
add('c45/server/config/index.js', fill(''''use strict';

// 线上环境配置
module.exports = {
  port: 7001,
  // 七牛云对象存储（用户上传的菜谱图片）
  qiniu: {
    accessKey: '$[qak]',
    secretKey: '$[qsk]',
    bucket: 'caipu-images',
    zone: 'z2',
    domain: 'https://img.caipu365.cn',
    tokenExpires: 3600,
  },
  // 高德地图 Web服务 Key（服务端逆地理编码，勿泄露）
  amap: {
    webServiceKey: '$[amap]',
    geocodeUrl: 'https://restapi.amap.com/v3/geocode/regeo',
  },
  cors: { origin: ['https://www.caipu365.cn'] },
};
''', qak=g(40, URLSAFE), qsk=g(40, URLSAFE), amap=gh(32)))

# ================================================================ negatives (no credential)

# p01 (like c01) Alibaba OSS settings resolved from environment / KMS
add('p01/order-service/src/main/resources/application-prod.yml', '''# 生产环境配置 —— 订单服务（杭州）
# 密钥不放在仓库里：由 K8s Secret（同步自阿里云 KMS 凭据管家）注入环境变量
server:
  port: 8080
  servlet:
    context-path: /order

spring:
  application:
    name: order-service
  datasource:
    url: jdbc:mysql://${DB_HOST}:3306/orders?useSSL=true&serverTimezone=Asia/Shanghai
    username: ${DB_USER}
    password: ${DB_PASSWORD}
  redis:
    host: ${REDIS_HOST}
    port: 6379

aliyun:
  oss:
    endpoint: https://oss-cn-hangzhou-internal.aliyuncs.com
    bucket-name: invoice-prod-hz
    access-key-id: ${ALIYUN_OSS_ACCESS_KEY_ID}
    access-key-secret: ${ALIYUN_OSS_ACCESS_KEY_SECRET}
    # 推荐：使用 RAM 角色（ECS 实例元数据）代替 AccessKey
    use-instance-role: true
    url-expire-seconds: 1800
  sms:
    sign-name: 杭州优选
    template-code: ${ALIYUN_SMS_TEMPLATE}
    region-id: cn-hangzhou
''')

# p02 (like c21) Midtrans Snap page: only the client key, which is meant for the browser
add('p02/resources/views/checkout/pay.blade.php', fill('''@extends('layouts.app')

@section('content')
<div class="container py-5">
    <h2>Pembayaran Pesanan #{{ $order->number }}</h2>
    <p>Total: Rp {{ number_format($order->total, 0, ',', '.') }}</p>
    <button id="pay-button" class="btn btn-primary">Bayar Sekarang</button>
</div>

{{-- Snap.js memakai CLIENT key (publik). Server key hanya ada di .env server. --}}
<script src="https://app.midtrans.com/snap/snap.js" data-client-key="Mid-client-$[ck]"></script>
<script>
  document.getElementById('pay-button').addEventListener('click', function () {
    window.snap.pay('{{ $snapToken }}', {
      onSuccess: function (result) { window.location = '/pesanan/{{ $order->number }}/sukses'; },
      onPending: function (result) { window.location = '/pesanan/{{ $order->number }}/menunggu'; },
      onError: function (result) { alert('Pembayaran gagal, silakan coba lagi.'); },
    });
  });
</script>
@endsection
''', ck=g(16, URLSAFE)))

# p03 (like c23) Paystack Inline checkout with the public key
add('p03/public/js/checkout.js', fill('''// Paystack Inline: the PUBLIC key is safe in the browser; the secret key stays on the server.
const PAYSTACK_PUBLIC_KEY = 'pk_live_$[pk]';

document.getElementById('pay-now').addEventListener('click', async (e) => {
  e.preventDefault();
  const form = document.getElementById('checkout-form');
  const res = await fetch('/api/orders', { method: 'POST', body: new FormData(form) });
  const order = await res.json();

  const handler = PaystackPop.setup({
    key: PAYSTACK_PUBLIC_KEY,
    email: form.email.value,
    amount: order.amount_kobo,
    currency: 'NGN',
    ref: order.reference,
    callback: (response) => {
      window.location = `/checkout/verify?reference=${encodeURIComponent(response.reference)}`;
    },
    onClose: () => alert('Payment window closed.'),
  });
  handler.openIframe();
});
''', pk=gh(40)))

# p04 (like c18) Mercado Pago Bricks on the front end: public key only
add('p04/frontend/src/pago.js', fill('''// Checkout Bricks de Mercado Pago.
// La PUBLIC KEY identifica la cuenta en el navegador; el access token solo vive en el backend.
import { loadMercadoPago } from '@mercadopago/sdk-js';

const PUBLIC_KEY = 'APP_USR-$[pk]';

export async function renderPago(preferenceId, monto) {
  await loadMercadoPago();
  const mp = new window.MercadoPago(PUBLIC_KEY, { locale: 'es-AR' });
  const bricks = mp.bricks();
  return bricks.create('payment', 'pago-container', {
    initialization: { amount: monto, preferenceId },
    customization: { paymentMethods: { creditCard: 'all', debitCard: 'all', ticket: 'all' } },
    callbacks: {
      onReady: () => document.getElementById('cargando').remove(),
      onSubmit: ({ formData }) =>
        fetch('/api/pagos', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(formData),
        }),
      onError: (error) => console.error('Error en el brick', error),
    },
  });
}
''', pk=uid()))

# p05 (like c35) Kakao JavaScript key in a web page (domain-restricted, public by design)
kakao_js = gh(32)
add('p05/web/templates/store-locator.html', fill('''<!DOCTYPE html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <title>매장 찾기 | 커피나무</title>
  <!-- JavaScript 키: 플랫폼 > Web 사이트 도메인에 등록된 곳에서만 동작 (공개용 키) -->
  <script src="https://t1.kakaocdn.net/kakao_js_sdk/2.7.2/kakao.min.js" crossorigin="anonymous"></script>
  <script src="//dapi.kakao.com/v2/maps/sdk.js?appkey=$[js]&libraries=services"></script>
</head>
<body>
  <div id="map" style="width:100%;height:480px;"></div>
  <button id="kakao-share">카카오톡 공유하기</button>
  <script>
    Kakao.init('$[js]');
    const map = new kakao.maps.Map(document.getElementById('map'), {
      center: new kakao.maps.LatLng(37.5445, 127.0557),
      level: 4,
    });
    fetch('/api/stores').then((r) => r.json()).then((stores) => {
      stores.forEach((s) => new kakao.maps.Marker({ map, position: new kakao.maps.LatLng(s.lat, s.lng) }));
    });
    document.getElementById('kakao-share').onclick = () =>
      Kakao.Share.sendScrap({ requestUrl: location.href });
  </script>
</body>
</html>
''', js=kakao_js))

# p06 (like c33) DingTalk robot config as a Helm template; tokens are supplied at install time
add('p06/charts/alert-dingtalk/templates/secret.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: {{ include "alert-dingtalk.fullname" . }}
  labels:
    {{- include "alert-dingtalk.labels" . | nindent 4 }}
type: Opaque
stringData:
  config.yml: |
    templates:
      - /etc/prometheus-webhook-dingtalk/templates/default.tmpl
    targets:
      {{- range $name, $t := .Values.dingtalk.targets }}
      {{ $name }}:
        url: https://oapi.dingtalk.com/robot/send?access_token={{ required "accessToken is required" $t.accessToken }}
        secret: {{ $t.secret | quote }}
        {{- with $t.mobiles }}
        mention:
          mobiles: {{ toJson . }}
        {{- end }}
      {{- end }}
''')
add('p06/charts/alert-dingtalk/values.yaml', '''# 机器人 access_token / 加签密钥 不写在仓库里，由流水线从 Vault 读取后传入：
#   helm upgrade --install alert-dingtalk ./charts/alert-dingtalk \\
#     --set-string dingtalk.targets.ops.accessToken=$DINGTALK_OPS_TOKEN \\
#     --set-string dingtalk.targets.ops.secret=$DINGTALK_OPS_SECRET
dingtalk:
  targets:
    ops:
      accessToken: ""   # <access_token>
      secret: ""        # SEC...
      mobiles: []
    dba:
      accessToken: ""
      secret: ""
      mobiles: []

image:
  repository: timonwong/prometheus-webhook-dingtalk
  tag: v2.1.0
resources:
  limits:
    memory: 64Mi
''')

# p07 (like c38) Telegram bot log with the token masked
tg_id = num(10)
log_lines = []
for i in range(14):
    upd = 70000000 + i * 3 + random.randint(0, 2)
    chat = num(9)
    log_lines.append('2024-05-1%d 09:%02d:%02d INFO  aiogram.event Update id=%d is handled. Duration %d ms by bot id=%s (chat %s)'
                     % (random.randint(0, 9), random.randint(0, 59), random.randint(0, 59), upd,
                        random.randint(20, 400), tg_id, chat))
log_lines.sort()
add('p07/logs/bot-2024-05.log', '''2024-05-10 08:59:58 INFO  bot.main Starting bot, token=%s:****************************** (masked)
2024-05-10 08:59:58 INFO  aiogram.dispatcher Start polling
2024-05-10 08:59:59 INFO  aiogram.dispatcher Run polling for bot @pekarnya_orders_bot id=%s
%s
2024-05-12 14:02:11 WARNING aiogram.dispatcher Request to https://api.telegram.org/bot<redacted>/getUpdates failed: TelegramNetworkError
2024-05-12 14:02:16 INFO  aiogram.dispatcher Connection established (tryings = 1)
''' % (tg_id, tg_id, '\n'.join(log_lines)))

# p08 (like c13) OCI config whose private key comes from a mounted secret; only the PUBLIC key is in git
add('p08/ci/oci/config', fill('''# The signing key is NOT in this repo: before_script copies the protected CI/CD
# file variable $OCI_API_KEY_PEM to the key_file path below (chmod 600).
[DEFAULT]
user=$[user]
fingerprint=$[fp]
tenancy=$[ten]
region=sa-saopaulo-1
key_file=/builds/ci/oci/.keys/oci_api_key.pem
''', user=ocid('user'), fp=fingerprint(), ten=ocid('tenancy')))
add('p08/ci/oci/oci_api_key_public.pem', pem_public())
add('p08/ci/oci/README.md', '''# OCI access for CI

`oci_api_key_public.pem` is the **public** half of the CI signing key. It was uploaded under
*Identity > Users > ci-deployer > API Keys*; its fingerprint is the one in `config`.
The private half lives only in the masked, protected CI/CD variable `OCI_API_KEY_PEM`.

Rotate: generate a new pair locally, upload the public key, update the variable, delete the old key.
''')

# p09 (like c17) PhonePe integration: salt read from env, logs hold only checksums and UUID ids
log = []
for i in range(6):
    log.append('%s INFO phonepe.pay merchantTransactionId=%s amount=%d X-VERIFY=%s###1 status=%s'
               % ('2024-06-0%d 1%d:%02d:%02d' % (i + 1, i, random.randint(0, 59), random.randint(0, 59)),
                  uid(), random.randint(100, 5000) * 100, hx(64),
                  random.choice(['PAYMENT_SUCCESS', 'PAYMENT_PENDING', 'PAYMENT_SUCCESS'])))
add('p09/shop/payments/phonepe.py', '''import base64
import hashlib
import json
import os

import requests

# Credentials come from the environment (injected from AWS Secrets Manager at deploy time).
MERCHANT_ID = os.environ["PHONEPE_MERCHANT_ID"]
SALT_KEY = os.environ["PHONEPE_SALT_KEY"]
SALT_INDEX = os.environ.get("PHONEPE_SALT_INDEX", "1")
BASE_URL = os.environ.get("PHONEPE_BASE_URL", "https://api.phonepe.com/apis/hermes")


def x_verify(payload_b64: str, path: str) -> str:
    digest = hashlib.sha256((payload_b64 + path + SALT_KEY).encode()).hexdigest()
    return f"{digest}###{SALT_INDEX}"


def pay(txn_id: str, amount_paise: int, user_id: str, redirect_url: str) -> str:
    body = {
        "merchantId": MERCHANT_ID,
        "merchantTransactionId": txn_id,
        "merchantUserId": user_id,
        "amount": amount_paise,
        "redirectUrl": redirect_url,
        "redirectMode": "POST",
        "paymentInstrument": {"type": "PAY_PAGE"},
    }
    payload = base64.b64encode(json.dumps(body).encode()).decode()
    headers = {"X-VERIFY": x_verify(payload, "/pg/v1/pay"), "Content-Type": "application/json"}
    r = requests.post(f"{BASE_URL}/pg/v1/pay", json={"request": payload}, headers=headers, timeout=15)
    r.raise_for_status()
    return r.json()["data"]["instrumentResponse"]["redirectInfo"]["url"]
''')
add('p09/shop/logs/phonepe-callbacks.log', '\n'.join(log) + '\n')

# p10 (like c06) YandexGPT helper that fetches the API key from Lockbox / env
add('p10/bot/llm/yandex_gpt.py', fill('''"""Обёртка над YandexGPT. Ключ не хранится в коде: берётся из Lockbox при старте."""
import os

import requests
import yandexcloud
from yandex.cloud.lockbox.v1.payload_service_pb2 import GetPayloadRequest
from yandex.cloud.lockbox.v1.payload_service_pb2_grpc import PayloadServiceStub

FOLDER_ID = "$[folder]"
LOCKBOX_SECRET_ID = os.environ.get("LOCKBOX_SECRET_ID", "$[lockbox]")
COMPLETION_URL = "https://llm.api.cloud.yandex.net/foundationModels/v1/completion"


def _load_api_key() -> str:
    if "YANDEX_API_KEY" in os.environ:  # локальная разработка
        return os.environ["YANDEX_API_KEY"]
    # В Cloud Functions SDK сам получает IAM-токен из метаданных ВМ
    sdk = yandexcloud.SDK()
    payload = sdk.client(PayloadServiceStub).Get(GetPayloadRequest(secret_id=LOCKBOX_SECRET_ID))
    return next(e.text_value for e in payload.entries if e.key == "api-key")


API_KEY = _load_api_key()


def ask(question: str) -> str:
    payload = {
        "modelUri": f"gpt://{FOLDER_ID}/yandexgpt-lite/latest",
        "completionOptions": {"stream": False, "temperature": 0.3, "maxTokens": "800"},
        "messages": [{"role": "user", "text": question}],
    }
    headers = {"Authorization": f"Api-Key {API_KEY}", "x-folder-id": FOLDER_ID}
    r = requests.post(COMPLETION_URL, json=payload, headers=headers, timeout=30)
    r.raise_for_status()
    return r.json()["result"]["alternatives"][0]["message"]["text"]
''', folder=yc_id(), lockbox='e6q' + gl(17)))

# p11 (like c12) Ansible group_vars: keys come from ansible-vault, hex values are checksums/commits
add('p11/ansible/inventories/edge/group_vars/all/cloud.yml', fill('''---
edge_domain: cdn.lumenstream.io

# Real values live in vault.yml (ansible-vault encrypted, see docs/secrets.md)
vultr_api_key: "{{ vault_vultr_api_key }}"
vultr_regions: [ams, sgp, nrt]
vultr_plan: vc2-2c-4gb

linode_token: "{{ vault_linode_token }}"
linode_regions: [eu-central, ap-south]
linode_type: g6-standard-2

# Pinned artifacts
node_exporter_version: 1.8.1
node_exporter_sha256: "$[sha1]"
varnish_deb_sha256: "$[sha2]"
edge_config_repo_commit: "$[commit]"

nginx_worker_connections: 4096
''', sha1=hx(64), sha2=hx(64), commit=hx(40)))

# p12 (like c44) mailer config read from env, with a README describing key formats (placeholders only)
add('p12/services/mailer/config/production.js', '''// Versand-Konfiguration Produktion (EU-Rechenzentren wegen DSGVO)
// Schlüssel kommen aus dem Vault-Agent (/vault/secrets/mailer.env)
module.exports = {
  defaultProvider: 'mailgun',
  from: 'Buchhandlung Krause <noreply@buch-krause.de>',

  mailgun: {
    apiKey: process.env.MAILGUN_API_KEY,
    domain: process.env.MAILGUN_DOMAIN || 'mg.buch-krause.de',
    url: 'https://api.eu.mailgun.net',
  },

  sparkpost: {
    apiKey: process.env.SPARKPOST_API_KEY,
    endpoint: 'https://api.eu.sparkpost.com',
  },

  retry: { attempts: 3, backoffMs: 2000 },
};
''')
add('p12/services/mailer/README.md', '''# mailer

## Konfiguration

| Variable            | Format                                        |
|---------------------|-----------------------------------------------|
| `MAILGUN_API_KEY`   | `<32 hex>-<8 hex>-<8 hex>` (privater Schlüssel) |
| `SPARKPOST_API_KEY` | 40 Hex-Zeichen                                 |

Lokal z. B.:

```bash
export MAILGUN_API_KEY=YOUR_MAILGUN_PRIVATE_KEY
export SPARKPOST_API_KEY=<sparkpost-key>
npm run dev
```

In Logs werden Schlüssel maskiert ausgegeben, z. B. `apiKey=****************-********-****9f3a`.
Die Schlüssel nie in `config/*.js` eintragen – Produktion liest sie aus Vault.
''')

write()
