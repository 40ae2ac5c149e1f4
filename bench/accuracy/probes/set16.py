# Usage: python3 set16.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 16 (stop 25): held out. Credentials in application code across languages, tests and
# fixtures, notebooks and data tools, CI pipelines, ops files and API captures; z01..z12 hold none.
import base64, json, random, string
from common import A, HEX, add, ck, hx, r, start, write
start()

D = string.digits
UP = string.ascii_uppercase + string.digits
B64 = A + './'
WORDS = ['Harbor', 'Tulip', 'Granite', 'Maple', 'Falcon', 'Juniper', 'Orchid', 'Cobalt', 'Willow', 'Saffron',
         'Bramble', 'Lantern', 'Pelican', 'Quarry', 'Thistle', 'Meadow']


def fill(t: str, **kw: str) -> str:
    """Puts each value in for its @@NAME@@ marker (code is full of braces, so no f-strings)."""
    for k, v in kw.items():
        t = t.replace('@@' + k + '@@', v)
    assert '@@' not in t, t
    return t


def pw() -> str:
    """A password as a person picks one: word, digits, a symbol and a few more characters."""
    return random.choice(WORDS) + r(random.randint(2, 4), D) + random.choice('!#%@&*') + r(random.randint(3, 6))


def uuid() -> str:
    return f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}'


def rbytes(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def ed25519_pub() -> str:
    return base64.b64encode(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rbytes(32)).decode()


# ---------------------------------------------------------------- application code: Python

add('k01/services/linear_sync.py', fill('''"""Mirror open PagerDuty incidents into the Linear triage team."""
import httpx

LINEAR_URL = "https://api.linear.app/graphql"
LINEAR_API_KEY = "@@K@@"

ISSUE_CREATE = """
mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier url } }
}
"""


def create_issue(team_id: str, title: str, description: str) -> dict:
    headers = {"Authorization": LINEAR_API_KEY, "Content-Type": "application/json"}
    payload = {"query": ISSUE_CREATE, "variables": {"input": {"teamId": team_id, "title": title, "description": description}}}
    with httpx.Client(timeout=15.0) as client:
        resp = client.post(LINEAR_URL, json=payload, headers=headers)
        resp.raise_for_status()
        return resp.json()["data"]["issueCreate"]["issue"]
''', K='lin_api_' + r(40)))

add('k02/workers/order_events.py', fill('''import json
import logging

import pika

log = logging.getLogger("order-events")

credentials = pika.PlainCredentials("orders-svc", "@@P@@")
params = pika.ConnectionParameters(
    host="rabbitmq-01.ops.brightwell.lan",
    port=5672,
    virtual_host="orders",
    credentials=credentials,
    heartbeat=30,
)


def on_message(ch, method, properties, body):
    event = json.loads(body)
    log.info("order %s -> %s", event["order_id"], event["status"])
    ch.basic_ack(delivery_tag=method.delivery_tag)


def main():
    conn = pika.BlockingConnection(params)
    channel = conn.channel()
    channel.queue_declare(queue="order.status", durable=True)
    channel.basic_qos(prefetch_count=20)
    channel.basic_consume(queue="order.status", on_message_callback=on_message)
    channel.start_consuming()


if __name__ == "__main__":
    main()
''', P=pw()))

add('k03/portal/auth/directory.py', fill('''from ldap3 import ALL, SUBTREE, Connection, Server

BIND_DN = "cn=svc-portal,ou=service-accounts,dc=corp,dc=halvorsen,dc=no"
SEARCH_BASE = "ou=people,dc=corp,dc=halvorsen,dc=no"

server = Server("ldaps://dc01.corp.halvorsen.no", use_ssl=True, get_info=ALL)


def find_user(uid: str):
    conn = Connection(server, user=BIND_DN, password="@@P@@", auto_bind=True)
    conn.search(SEARCH_BASE, f"(&(objectClass=person)(sAMAccountName={uid}))", SUBTREE,
                attributes=["mail", "displayName", "memberOf"])
    entry = conn.entries[0] if conn.entries else None
    conn.unbind()
    return entry
''', P=pw()))

add('k04/bot/standup_digest.py', fill('''import datetime as dt

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

CHANNEL = "C04QK7PJ2MN"
client = WebClient(token="@@T@@")


def post_digest(lines):
    today = dt.date.today().isoformat()
    text = f"*Stand-up digest {today}*\\n" + "\\n".join(f"- {l}" for l in lines)
    try:
        client.chat_postMessage(channel=CHANNEL, text=text, unfurl_links=False)
    except SlackApiError as e:
        print("slack error:", e.response["error"])
''', T=f'xoxp-{random.randint(1, 9)}{r(9, D)}-{random.randint(1, 9)}{r(12, D)}-{random.randint(1, 9)}{r(12, D)}-{hx(32)}'))

# ---------------------------------------------------------------- application code: JavaScript / TypeScript

add('k05/src/lib/notion.js', fill('''const NOTION_VERSION = '2022-06-28';
const DATABASE_ID = '@@DB@@';

export async function listRoadmapItems(cursor) {
  const res = await fetch(`https://api.notion.com/v1/databases/${DATABASE_ID}/query`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer @@K@@',
      'Notion-Version': NOTION_VERSION,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ start_cursor: cursor, page_size: 50 }),
  });
  if (!res.ok) throw new Error(`notion ${res.status}`);
  return res.json();
}
''', DB=hx(32), K='secret_' + r(43)))

add('k06/server/db.js', fill('''const mysql = require('mysql2/promise');

const pool = mysql.createPool({
  host: 'mysql-primary.shop.internal',
  port: 3306,
  user: 'storefront',
  password: '@@P@@',
  database: 'storefront',
  waitForConnections: true,
  connectionLimit: 15,
  timezone: 'Z',
});

module.exports = {
  query: (sql, params) => pool.execute(sql, params).then(([rows]) => rows),
  pool,
};
''', P=pw()))

add('k07/notify/sms.js', fill('''const twilio = require('twilio');

const client = twilio('@@SID@@', '@@TOK@@');
const FROM = '+14155550182';

async function sendOtp(to, code) {
  const msg = await client.messages.create({
    from: FROM,
    to,
    body: `Your Parcelwise verification code is ${code}. It expires in 10 minutes.`,
  });
  return msg.sid;
}

module.exports = { sendOtp };
''', SID='AC' + hx(32), TOK=hx(32)))

add('k08/api/mailer.ts', fill('''import sgMail from '@sendgrid/mail';

sgMail.setApiKey('@@K@@');

export async function sendReceipt(to: string, orderId: string, totalCents: number) {
  await sgMail.send({
    to,
    from: { email: 'receipts@tallgrass.coffee', name: 'Tallgrass Coffee' },
    templateId: 'd-@@TPL@@',
    dynamicTemplateData: { orderId, total: (totalCents / 100).toFixed(2) },
  });
}
''', K='SG.' + r(22, A + '_-') + '.' + r(43, A + '_-'), TPL=hx(32)))

# ---------------------------------------------------------------- application code: Go

add('k09/internal/cache/redis.go', fill('''package cache

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func New() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:         "redis-sessions.prod.svc.cluster.local:6379",
		Password:     "@@P@@",
		DB:           2,
		DialTimeout:  3 * time.Second,
		ReadTimeout:  2 * time.Second,
		PoolSize:     40,
	})
}

func Ping(ctx context.Context, c *redis.Client) error {
	return c.Ping(ctx).Err()
}
''', P=r(32)))

add('k10/cmd/alertmail/main.go', fill('''package main

import (
	"fmt"
	"log"
	"net/smtp"
	"os"
	"strings"
)

const (
	smtpHost = "smtp.office365.com"
	smtpPort = "587"
	sender   = "noc-alerts@ridgeline-freight.com"
)

func main() {
	to := strings.Split(os.Args[1], ",")
	body := strings.Join(os.Args[2:], " ")
	auth := smtp.PlainAuth("", sender, "@@P@@", smtpHost)
	msg := fmt.Sprintf("From: %s\\r\\nTo: %s\\r\\nSubject: [NOC] alert\\r\\n\\r\\n%s\\r\\n", sender, strings.Join(to, ","), body)
	if err := smtp.SendMail(smtpHost+":"+smtpPort, auth, sender, to, []byte(msg)); err != nil {
		log.Fatal(err)
	}
}
''', P=pw()))

add('k11/tools/deployctl/remote.go', fill('''package main

import (
	"bytes"
	"time"

	"golang.org/x/crypto/ssh"
)

func runRemote(host, cmd string) (string, error) {
	cfg := &ssh.ClientConfig{
		User: "deploy",
		Auth: []ssh.AuthMethod{
			ssh.Password("@@P@@"),
		},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	}
	client, err := ssh.Dial("tcp", host+":22", cfg)
	if err != nil {
		return "", err
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return "", err
	}
	defer sess.Close()
	var out bytes.Buffer
	sess.Stdout = &out
	err = sess.Run(cmd)
	return out.String(), err
}
''', P=pw()))

# ---------------------------------------------------------------- application code: JVM, .NET, PHP, Ruby, mobile, Perl, Lua

add('k12/src/main/java/com/lindqvist/billing/mail/InvoiceMailer.java', fill('''package com.lindqvist.billing.mail;

import java.util.Properties;
import javax.mail.Authenticator;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.PasswordAuthentication;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

public class InvoiceMailer {
    private final Session session;

    public InvoiceMailer() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "mail.lindqvist-billing.se");
        props.put("mail.smtp.port", "587");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        session = Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("invoices@lindqvist-billing.se", "@@P@@");
            }
        });
    }

    public void send(String to, String subject, String html) throws MessagingException {
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(new InternetAddress("invoices@lindqvist-billing.se"));
        msg.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        msg.setSubject(subject);
        msg.setContent(html, "text/html; charset=utf-8");
        Transport.send(msg);
    }
}
''', P=pw()))

add('k13/src/main/java/io/quayside/session/SessionStore.java', fill('''package io.quayside.session;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

public final class SessionStore {
    private static final JedisPool POOL;

    static {
        JedisPoolConfig cfg = new JedisPoolConfig();
        cfg.setMaxTotal(64);
        cfg.setMaxIdle(16);
        cfg.setTestOnBorrow(true);
        POOL = new JedisPool(cfg, "redis-sess.quayside.internal", 6379, 2000, "@@P@@");
    }

    public static String get(String sid) {
        try (Jedis j = POOL.getResource()) {
            return j.get("sess:" + sid);
        }
    }

    public static void put(String sid, String json, int ttlSeconds) {
        try (Jedis j = POOL.getResource()) {
            j.setex("sess:" + sid, ttlSeconds, json);
        }
    }
}
''', P=r(28)))

add('k14/src/main/kotlin/com/fernhill/reports/Db.kt', fill('''package com.fernhill.reports

import org.jetbrains.exposed.sql.Database
import org.jetbrains.exposed.sql.transactions.transaction

object Db {
    val reporting: Database by lazy {
        Database.connect(
            url = "jdbc:postgresql://pg-replica-2.fernhill.net:5432/analytics",
            driver = "org.postgresql.Driver",
            user = "reporting_ro",
            password = "@@P@@",
        )
    }

    fun <T> ro(block: () -> T): T = transaction(reporting) { block() }
}
''', P=pw()))

add('k15/src/Archiver/BlobArchiver.cs', fill('''using Azure.Storage;
using Azure.Storage.Blobs;

namespace Kestrel.Archiver;

public sealed class BlobArchiver
{
    private const string AccountName = "kestrellogarchive";
    private readonly BlobContainerClient _container;

    public BlobArchiver()
    {
        var credential = new StorageSharedKeyCredential(AccountName, "@@K@@");
        var service = new BlobServiceClient(new Uri($"https://{AccountName}.blob.core.windows.net"), credential);
        _container = service.GetBlobContainerClient("nightly");
    }

    public async Task UploadAsync(string path, CancellationToken ct)
    {
        var blob = _container.GetBlobClient($"{DateTime.UtcNow:yyyy/MM/dd}/{Path.GetFileName(path)}");
        await using var fs = File.OpenRead(path);
        await blob.UploadAsync(fs, overwrite: true, ct);
    }
}
''', K=base64.b64encode(rbytes(64)).decode()))

add('k16/config/services.php', fill("""<?php

return [

    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'mailchimp' => [
        'apikey' => '@@K@@',
        'list_id' => '@@L@@',
        'double_opt_in' => true,
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],

];
""", K=hx(32) + '-us' + str(random.randint(2, 21)), L=hx(10)))

add('k17/includes/contact-form.php', fill("""<?php
use PHPMailer\\PHPMailer\\PHPMailer;
use PHPMailer\\PHPMailer\\Exception;

require __DIR__ . '/../vendor/autoload.php';

function send_contact_mail(string $name, string $from, string $message): bool
{
    $mail = new PHPMailer(true);
    try {
        $mail->isSMTP();
        $mail->Host       = 'smtp.hostinger.com';
        $mail->SMTPAuth   = true;
        $mail->Username   = 'kontakt@bakkerij-vanderlinden.nl';
        $mail->Password   = '@@P@@';
        $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
        $mail->Port       = 465;

        $mail->setFrom('kontakt@bakkerij-vanderlinden.nl', 'Website');
        $mail->addReplyTo($from, $name);
        $mail->addAddress('info@bakkerij-vanderlinden.nl');
        $mail->Subject = 'Contactformulier: ' . $name;
        $mail->Body    = $message;
        return $mail->send();
    } catch (Exception $e) {
        error_log('contact mail failed: ' . $mail->ErrorInfo);
        return false;
    }
}
""", P=pw()))

add('k18/lib/tasks/artifacts.rake', fill("""require 'net/http'
require 'json'

namespace :artifacts do
  desc 'Prune snapshot builds older than 30 days from Artifactory'
  task prune: :environment do
    uri = URI('https://artifactory.oakridge-labs.com/artifactory/api/search/dates?dateFields=created&to=' \\
              "#{(Time.now - 30 * 86_400).to_i * 1000}&repos=libs-snapshot-local")
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) do |http|
      req = Net::HTTP::Get.new(uri)
      req.basic_auth 'ci-cleanup', '@@P@@'
      res = http.request(req)
      JSON.parse(res.body).fetch('results', []).each do |item|
        del = Net::HTTP::Delete.new(URI(item['uri'].sub('/api/storage', '')))
        del.basic_auth 'ci-cleanup', '@@P@@'
        http.request(del)
      end
    end
  end
end
""", P=pw()))

add('k19/config/initializers/redis.rb', fill("""require 'redis'
require 'connection_pool'

REDIS_POOL = ConnectionPool.new(size: 10, timeout: 3) do
  Redis.new(
    host: 'cache-1.marlowe.internal',
    port: 6380,
    ssl: true,
    password: '@@P@@',
    db: 4
  )
end
""", P=r(24, A + '-_')))

add('k20/lib/services/telegram_notifier.dart', fill('''import 'dart:convert';

import 'package:http/http.dart' as http;

class TelegramNotifier {
  static const _botToken = '@@T@@';
  static const _chatId = '-1001843920517';

  Future<void> notify(String text) async {
    final uri = Uri.parse('https://api.telegram.org/bot$_botToken/sendMessage');
    final res = await http.post(
      uri,
      headers: {'Content-Type': 'application/json'},
      body: jsonEncode({'chat_id': _chatId, 'text': text, 'parse_mode': 'HTML'}),
    );
    if (res.statusCode != 200) {
      throw Exception('telegram ${res.statusCode}: ${res.body}');
    }
  }
}
''', T=str(random.randint(500000000, 7999999999)) + ':AA' + r(33, A + '_-')))

add('k21/Sources/Payments/StripeAPI.swift', fill('''import Foundation

enum StripeAPI {
    static let base = URL(string: "https://api.stripe.com/v1")!

    static func refunds(for paymentIntent: String) async throws -> Data {
        var comps = URLComponents(url: base.appendingPathComponent("refunds"), resolvingAgainstBaseURL: false)!
        comps.queryItems = [URLQueryItem(name: "payment_intent", value: paymentIntent)]
        var request = URLRequest(url: comps.url!)
        request.httpMethod = "GET"
        request.setValue("Bearer @@K@@", forHTTPHeaderField: "Authorization")
        request.setValue("2023-10-16", forHTTPHeaderField: "Stripe-Version")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw URLError(.badServerResponse) }
        return data
    }
}
''', K='rk_live_51' + r(97)))

add('k22/bin/nightly_report.pl', fill('''#!/usr/bin/perl
use strict;
use warnings;
use DBI;
use POSIX qw(strftime);

my $day = strftime("%Y-%m-%d", localtime(time - 86400));
my $dbh = DBI->connect("DBI:mysql:database=crm;host=db3.tarnwood.lan;port=3306",
                       "report", "@@P@@", { RaiseError => 1, AutoCommit => 1 })
    or die "connect failed: $DBI::errstr";

my $sth = $dbh->prepare("SELECT region, COUNT(*), SUM(amount) FROM orders WHERE DATE(created_at) = ? GROUP BY region");
$sth->execute($day);
open(my $out, ">", "/var/reports/orders-$day.csv") or die $!;
print $out "region,orders,amount\\n";
while (my @row = $sth->fetchrow_array) {
    print $out join(",", @row), "\\n";
}
close $out;
$dbh->disconnect;
''', P=pw()))

add('k23/lua/ratelimit.lua', fill('''local redis = require "resty.redis"

local _M = {}

local function connect()
    local red = redis:new()
    red:set_timeouts(200, 200, 200)
    local ok, err = red:connect("10.20.4.17", 6379)
    if not ok then
        return nil, err
    end
    local count = red:get_reused_times()
    if count == 0 then
        local ok, err = red:auth("@@P@@")
        if not ok then
            return nil, err
        end
    end
    return red
end

function _M.check(key, limit, window)
    local red, err = connect()
    if not red then
        ngx.log(ngx.ERR, "redis: ", err)
        return true
    end
    local n = red:incr("rl:" .. key)
    if n == 1 then
        red:expire("rl:" .. key, window)
    end
    red:set_keepalive(10000, 100)
    return n <= limit
end

return _M
''', P=r(30)))

# ---------------------------------------------------------------- test code and fixtures

add('k24/tests/integration/test_release_notes.py', fill('''import unittest

from github import Auth, Github

from relnotes.collect import collect_merged_prs


class ReleaseNotesIntegration(unittest.TestCase):
    def setUp(self):
        self.gh = Github(auth=Auth.Token("@@T@@"))
        self.repo = self.gh.get_repo("corvid-analytics/pipeline")

    def tearDown(self):
        self.gh.close()

    def test_collects_prs_between_tags(self):
        prs = collect_merged_prs(self.repo, "v2.3.0", "v2.4.0")
        self.assertTrue(all(pr.merged for pr in prs))
        self.assertGreater(len(prs), 0)
''', T='github_pat_11' + r(20, UP) + '_' + r(59)))

add('k25/tests/conftest.py', fill('''import gitlab
import pytest


@pytest.fixture(scope="session")
def gl():
    client = gitlab.Gitlab("https://gitlab.stellwerk.dev", private_token="@@T@@")
    client.auth()
    return client


@pytest.fixture
def sandbox_project(gl):
    project = gl.projects.get("platform/mr-bot-sandbox")
    yield project
    for mr in project.mergerequests.list(state="opened", labels=["bot-run"], iterator=True):
        mr.state_event = "close"
        mr.save()
''', T='glpat-' + r(20, A + '_-')))

add('k26/e2e/inventory-sync.e2e.ts', fill('''import { createAdminApiClient, AdminApiClient } from '@shopify/admin-api-client';
import { syncInventory } from '../src/inventory/sync';

let client: AdminApiClient;

beforeAll(() => {
  client = createAdminApiClient({
    storeDomain: 'northfold-outfitters.myshopify.com',
    apiVersion: '2024-04',
    accessToken: '@@T@@',
  });
});

describe('inventory sync', () => {
  it('pushes warehouse counts to the store', async () => {
    const result = await syncInventory(client, [{ sku: 'NF-PARKA-M-OLV', available: 12 }]);
    expect(result.userErrors).toHaveLength(0);
  });
});
''', T='shpat_' + hx(32)))

add('k27/spec/fixtures/vcr_cassettes/cloudflare/purge_cache.yml', fill('''---
http_interactions:
- request:
    method: post
    uri: https://api.cloudflare.com/client/v4/zones/@@Z@@/purge_cache
    body:
      encoding: UTF-8
      string: '{"files":["https://www.kilnworks.studio/assets/app.css"]}'
    headers:
      Authorization:
      - Bearer @@T@@
      Content-Type:
      - application/json
      User-Agent:
      - Faraday v2.7.10
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Type:
      - application/json
      Cf-Ray:
      - @@RAY@@-AMS
    body:
      encoding: UTF-8
      string: '{"success":true,"errors":[],"messages":[],"result":{"id":"@@Z@@"}}'
  recorded_at: Tue, 12 Mar 2024 09:41:27 GMT
recorded_with: VCR 6.2.0
''', Z=hx(32), T=r(40, A + '_-'), RAY=hx(16)))

# ---------------------------------------------------------------- notebooks and data tools

nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Intent classifier fine-tune\n', '\n',
                                                             'Distil a support-ticket intent model from the labelled export.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [],
         'source': ['from huggingface_hub import login\n',
                    'from datasets import load_dataset\n',
                    '\n',
                    f'login(token="hf_{r(34, string.ascii_letters)}")\n',
                    'ds = load_dataset("brightdesk/support-intents", split="train")']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {},
         'outputs': [{'name': 'stdout', 'output_type': 'stream', 'text': ['Dataset size: 48211\n']}],
         'source': ['print("Dataset size:", len(ds))']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.7'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('k28/notebooks/01-finetune-intents.ipynb', json.dumps(nb, indent=1) + '\n')

add('k29/profiles.yml', fill('''marketing_dw:
  target: prod
  outputs:
    prod:
      type: snowflake
      account: vq81342.eu-central-1
      user: DBT_RUNNER
      password: "@@P@@"
      role: TRANSFORMER
      warehouse: TRANSFORM_WH
      database: ANALYTICS
      schema: marts
      threads: 8
      client_session_keep_alive: false
''', P=pw()))

add('k30/airflow/connections.json', json.dumps({
    'warehouse_pg': {'conn_type': 'postgres', 'description': 'Redshift-compatible reporting replica',
                     'host': 'pg-warehouse.data.oxbow.io', 'login': 'airflow_etl', 'password': pw(),
                     'schema': 'warehouse', 'port': 5432, 'extra': '{"sslmode": "require"}'},
    'slack_default': {'conn_type': 'slack', 'description': '', 'host': None, 'login': None, 'password': None,
                      'schema': None, 'port': None, 'extra': '{"timeout": 30}'},
}, indent=4) + '\n')

# ---------------------------------------------------------------- CI/CD and operations

add('k31/.github/workflows/release.yml', fill('''name: release

on:
  push:
    tags: ["v*"]

jobs:
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install build && python -m build
      - name: Publish to PyPI
        uses: pypa/gh-action-pypi-publish@release/v1
        with:
          user: __token__
          password: @@T@@
          skip-existing: true
''', T='pypi-AgEIcHlwaS5vcmcCJ' + r(150, A + '-_')))

add('k32/.gitlab-ci.yml', fill('''stages:
  - build
  - publish

default:
  image: node:20-bookworm

build:
  stage: build
  script:
    - npm ci
    - npm run build
  artifacts:
    paths: [dist/]

publish:
  stage: publish
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - echo "//registry.npmjs.org/:_authToken=@@T@@" > .npmrc
    - npm publish --access public
''', T=ck('npm_')))

add('k33/roles/mysql/tasks/users.yml', fill('''---
- name: Create application database
  community.mysql.mysql_db:
    name: "{{ app_db_name }}"
    state: present
    login_user: root
    login_password: "@@P@@"
    login_unix_socket: /run/mysqld/mysqld.sock

- name: Create application user
  community.mysql.mysql_user:
    name: "{{ app_db_user }}"
    host: "10.12.%"
    priv: "{{ app_db_name }}.*:ALL"
    state: present
    login_user: root
    login_password: "@@P@@"
    login_unix_socket: /run/mysqld/mysqld.sock
''', P=pw()))

add('k34/scripts/deploy-staging.sh', fill('''#!/usr/bin/env bash
set -euo pipefail

NS=ledger-staging
RELEASE=ledger
TAG=${1:?usage: deploy-staging.sh IMAGE_TAG}

kubectl get ns "$NS" >/dev/null 2>&1 || kubectl create ns "$NS"

helm upgrade --install "$RELEASE" ./charts/ledger \\
  --namespace "$NS" \\
  --set image.tag="$TAG" \\
  --set replicaCount=2 \\
  --set postgresql.enabled=true \\
  --set global.postgresql.auth.postgresPassword='@@P@@' \\
  --set ingress.hosts[0].host=ledger.staging.pennyworth.app \\
  --wait --timeout 10m
''', P=r(26)))

add('k35/deploy/nginx/conf.d/search-proxy.conf', fill('''upstream elastic_cluster {
    server 10.40.2.11:9200;
    server 10.40.2.12:9200;
    keepalive 16;
}

server {
    listen 443 ssl http2;
    server_name search.wrenfield.org;

    ssl_certificate     /etc/nginx/tls/search.crt;
    ssl_certificate_key /etc/nginx/tls/search.key;

    location /catalog/_search {
        limit_except GET POST { deny all; }
        proxy_pass http://elastic_cluster;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Authorization "Basic @@B@@";
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
}
''', B=base64.b64encode(('catalog_reader:' + pw()).encode()).decode()))

add('k36/ops/crontab', fill('''# m h dom mon dow command
MAILTO=dba@saltmarsh.co.uk
SHELL=/bin/bash
15 2 * * * mysqldump -h db-primary.saltmarsh.lan -u backup -p'@@P@@' --single-transaction --routines shop | gzip > /backup/shop-$(date +\\%F).sql.gz
40 3 * * * find /backup -name 'shop-*.sql.gz' -mtime +14 -delete
''', P=pw()))

# ---------------------------------------------------------------- API captures

ins = {
    '_type': 'export', '__export_format': 4, '__export_date': '2024-02-27T14:03:51.118Z',
    '__export_source': 'insomnia.desktop.app:v2023.5.8',
    'resources': [
        {'_id': 'req_' + hx(32), 'parentId': 'wrk_' + hx(32), 'modified': 1709042611004, 'created': 1708511254977,
         'url': 'https://api.fleetdeck.io/v2/vehicles?status=active', 'name': 'List active vehicles',
         'description': '', 'method': 'GET', 'body': {}, 'parameters': [],
         'headers': [{'name': 'Accept', 'value': 'application/json'}],
         'authentication': {'type': 'bearer', 'token': r(48, A + '-_'), 'prefix': ''},
         'metaSortKey': -1708511254977, 'isPrivate': False, 'settingStoreCookies': True, 'settingSendCookies': True,
         '_type': 'request'},
        {'_id': 'wrk_' + hx(32), 'parentId': None, 'modified': 1708511249510, 'created': 1708511249510,
         'name': 'Fleetdeck API', 'description': '', 'scope': 'collection', '_type': 'workspace'},
    ],
}
add('k37/docs/insomnia/fleetdeck.json', json.dumps(ins, indent=2) + '\n')

har = {'log': {'version': '1.2', 'creator': {'name': 'Firefox', 'version': '123.0'}, 'pages': [], 'entries': [{
    'startedDateTime': '2024-03-04T10:22:17.402+01:00', 'time': 231,
    'request': {'method': 'POST', 'url': 'https://api.postmarkapp.com/email/withTemplate', 'httpVersion': 'HTTP/2',
                'headers': [{'name': 'Accept', 'value': 'application/json'},
                            {'name': 'Content-Type', 'value': 'application/json'},
                            {'name': 'X-Postmark-Server-Token', 'value': uuid()}],
                'queryString': [], 'cookies': [], 'headersSize': -1, 'bodySize': 143,
                'postData': {'mimeType': 'application/json',
                             'text': '{"From":"hello@tidepool.health","To":"a.moreau@lumen-mail.fr","TemplateAlias":"welcome","TemplateModel":{"name":"Aline"}}'}},
    'response': {'status': 200, 'statusText': 'OK', 'httpVersion': 'HTTP/2',
                 'headers': [{'name': 'content-type', 'value': 'application/json; charset=utf-8'}],
                 'cookies': [], 'content': {'size': 154, 'mimeType': 'application/json',
                                            'text': '{"To":"a.moreau@lumen-mail.fr","SubmittedAt":"2024-03-04T09:22:17.61Z","MessageID":"' + uuid() + '","ErrorCode":0,"Message":"OK"}'},
                 'redirectURL': '', 'headersSize': -1, 'bodySize': 154},
    'cache': {}, 'timings': {'send': 0, 'wait': 228, 'receive': 3}}]}}
add('k38/captures/postmark-welcome.har', json.dumps(har, indent=2) + '\n')

add('k39/postman/Payments-Staging.postman_environment.json', json.dumps({
    'id': uuid(), 'name': 'Payments Staging',
    'values': [
        {'key': 'baseUrl', 'value': 'https://payments-stg.halcyonpay.eu', 'type': 'default', 'enabled': True},
        {'key': 'tokenUrl', 'value': 'https://auth-stg.halcyonpay.eu/oauth2/token', 'type': 'default', 'enabled': True},
        {'key': 'clientId', 'value': 'merchant-portal-stg', 'type': 'default', 'enabled': True},
        {'key': 'clientSecret', 'value': r(40, A + '-_'), 'type': 'secret', 'enabled': True},
        {'key': 'accessToken', 'value': '', 'type': 'any', 'enabled': True},
    ],
    '_postman_variable_scope': 'environment', '_postman_exported_at': '2024-03-18T08:12:44.905Z',
    '_postman_exported_using': 'Postman/10.24.3',
}, indent='\t') + '\n')

add('k40/docs/api/quickstart.md', fill('''# Geocoding API quickstart

The geocoder answers forward and reverse lookups for the whole delivery area.

## Forward lookup

```bash
curl -s 'https://geo.routemesh.io/v1/forward?q=Keizersgracht+123,+Amsterdam' \\
  -H 'Accept: application/json' \\
  -H 'X-Api-Key: @@K@@'
```

The response holds up to five candidates ordered by confidence:

```json
{"candidates": [{"lat": 52.3766, "lon": 4.8880, "confidence": 0.97, "label": "Keizersgracht 123, 1015 CJ Amsterdam"}]}
```

Rate limit: 50 requests per second per key.
''', K=r(32)))

# ---------------------------------------------------------------- negatives: no credential anywhere

add('z01/services/linear_client.py', '''import os

import httpx

LINEAR_URL = "https://api.linear.app/graphql"


def client() -> httpx.Client:
    api_key = os.environ["LINEAR_API_KEY"]
    return httpx.Client(base_url=LINEAR_URL, headers={"Authorization": api_key}, timeout=15.0)


def viewer() -> dict:
    with client() as c:
        resp = c.post("", json={"query": "{ viewer { id name email } }"})
        resp.raise_for_status()
        return resp.json()["data"]["viewer"]
''')

add('z02/.github/workflows/publish.yml', fill('''name: publish

on:
  release:
    types: [published]

jobs:
  pypi:
    runs-on: ubuntu-latest
    environment: pypi
    steps:
      - uses: actions/checkout@@@C1@@ # v4.1.1
      - uses: actions/setup-python@@@C2@@ # v5.0.0
        with:
          python-version: "3.12"
      - run: python -m pip install build && python -m build
      - uses: pypa/gh-action-pypi-publish@@@C3@@ # v1.8.14
        with:
          user: __token__
          password: ${{ secrets.PYPI_API_TOKEN }}
      - name: Notify
        env:
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_RELEASE_WEBHOOK }}
        run: curl -fsS -X POST -H 'Content-Type: application/json' -d '{"text":"released ${{ github.ref_name }}"}' "$SLACK_WEBHOOK_URL"
''', C1=hx(40), C2=hx(40), C3=hx(40)))

add('z03/internal/secrets/vault.go', '''package secrets

import (
	"context"
	"fmt"
	"os"

	vault "github.com/hashicorp/vault/api"
	auth "github.com/hashicorp/vault/api/auth/kubernetes"
)

// RedisPassword reads the cache password from Vault using the pod's service account.
func RedisPassword(ctx context.Context) (string, error) {
	client, err := vault.NewClient(&vault.Config{Address: os.Getenv("VAULT_ADDR")})
	if err != nil {
		return "", err
	}
	k8sAuth, err := auth.NewKubernetesAuth("orders-api")
	if err != nil {
		return "", err
	}
	if _, err := client.Auth().Login(ctx, k8sAuth); err != nil {
		return "", err
	}
	secret, err := client.KVv2("secret").Get(ctx, "orders/redis")
	if err != nil {
		return "", err
	}
	password, ok := secret.Data["password"].(string)
	if !ok {
		return "", fmt.Errorf("secret/orders/redis: no password field")
	}
	return password, nil
}
''')

add('z04/src/main/java/com/lindqvist/billing/mail/MailConfig.java', '''package com.lindqvist.billing.mail;

import java.util.Properties;
import javax.mail.Authenticator;
import javax.mail.PasswordAuthentication;
import javax.mail.Session;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class MailConfig {
    @Value("${mail.smtp.host}")
    private String host;

    @Value("${mail.smtp.username}")
    private String username;

    @Value("${mail.smtp.password}")
    private String password;

    @Bean
    public Session mailSession() {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", "587");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password);
            }
        });
    }
}
''')

nb0 = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Intent classifier: evaluation\n', '\n',
                                                             'Set `HF_TOKEN` in your shell, or paste it when prompted.']},
        {'cell_type': 'code', 'execution_count': 1, 'metadata': {}, 'outputs': [
            {'name': 'stdout', 'output_type': 'stream', 'text': ['HF token: ········\n']}],
         'source': ['import os\n', 'from getpass import getpass\n', 'from huggingface_hub import login\n', '\n',
                    'token = os.getenv("HF_TOKEN") or getpass("HF token: ")\n',
                    'login(token=token)']},
        {'cell_type': 'code', 'execution_count': 2, 'metadata': {}, 'outputs': [],
         'source': ['from transformers import pipeline\n',
                    'clf = pipeline("text-classification", model="brightdesk/intent-distil")']},
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.7'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('z05/notebooks/02-evaluate-intents.ipynb', json.dumps(nb0, indent=1, ensure_ascii=False) + '\n')

add('z06/postman/Payments-Template.postman_environment.json', json.dumps({
    'id': uuid(), 'name': 'Payments (copy me)',
    'values': [
        {'key': 'baseUrl', 'value': 'https://payments-stg.halcyonpay.eu', 'type': 'default', 'enabled': True},
        {'key': 'clientId', 'value': '<your-client-id>', 'type': 'default', 'enabled': True},
        {'key': 'clientSecret', 'value': '<your-client-secret>', 'type': 'secret', 'enabled': True},
        {'key': 'apiKey', 'value': '{{vault:payments-api-key}}', 'type': 'secret', 'enabled': True},
        {'key': 'accessToken', 'value': '', 'type': 'any', 'enabled': True},
    ],
    '_postman_variable_scope': 'environment', '_postman_exported_at': '2024-03-18T08:14:02.331Z',
    '_postman_exported_using': 'Postman/10.24.3',
}, indent='\t') + '\n')

har0 = {'log': {'version': '1.2', 'creator': {'name': 'Chrome DevTools', 'version': '122.0'}, 'pages': [], 'entries': [{
    'startedDateTime': '2024-03-04T10:25:40.118Z', 'time': 88,
    'request': {'method': 'GET', 'url': 'https://api.fleetdeck.io/v2/vehicles/' + uuid(), 'httpVersion': 'HTTP/2',
                'headers': [{'name': 'accept', 'value': 'application/json'},
                            {'name': 'authorization', 'value': 'Bearer ****************'},
                            {'name': 'x-request-id', 'value': uuid()}],
                'queryString': [], 'cookies': [], 'headersSize': -1, 'bodySize': 0},
    'response': {'status': 200, 'statusText': '', 'httpVersion': 'HTTP/2',
                 'headers': [{'name': 'content-type', 'value': 'application/json'},
                             {'name': 'etag', 'value': '"' + hx(64) + '"'},
                             {'name': 'x-request-id', 'value': uuid()},
                             {'name': 'x-trace-id', 'value': hx(32)}],
                 'cookies': [], 'content': {'size': 96, 'mimeType': 'application/json',
                                            'text': '{"plate":"HX-482-KL","status":"active","odometer_km":81244,"sha256":"' + hx(64) + '"}'},
                 'redirectURL': '', 'headersSize': -1, 'bodySize': 96},
    'cache': {}, 'timings': {'send': 0, 'wait': 85, 'receive': 3}}]}}
add('z07/captures/vehicle-lookup.har', json.dumps(har0, indent=2) + '\n')

add('z08/roles/base/vars/users.yml', fill('''---
# Passwords live in group_vars/all/vault.yml (ansible-vault); only hashes and references here.
mysql_root_password: "{{ vault_mysql_root_password }}"
grafana_admin_password: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/grafana:admin_password') }}"
# Default for local Vagrant boxes only; every inventory overrides it.
rabbitmq_default_pass: changeme

admin_users:
  - name: ops
    groups: [sudo, adm]
    password: "@@H1@@"
  - name: backup
    groups: [backup]
    password: "@@H2@@"
''', H1='$6$' + r(16, B64) + '$' + r(86, B64), H2='$6$rounds=656000$' + r(16, B64) + '$' + r(86, B64)))

add('z09/database/seeders/AdminUserSeeder.php', fill("""<?php

namespace Database\\Seeders;

use App\\Models\\User;
use Illuminate\\Database\\Seeder;
use Illuminate\\Support\\Facades\\Hash;

class AdminUserSeeder extends Seeder
{
    public function run(): void
    {
        User::updateOrCreate(['email' => 'ops@bakkerij-vanderlinden.nl'], [
            'name' => 'Operations',
            // bcrypt of a one-time password handed over out of band; forced reset on first login
            'password' => '@@H@@',
            'must_reset_password' => true,
        ]);

        User::updateOrCreate(['email' => 'editor@bakkerij-vanderlinden.nl'], [
            'name' => 'Editor',
            'password' => Hash::make(env('SEED_EDITOR_PASSWORD')),
        ]);
    }
}
""", H='$2y$12$' + r(53, B64)))

add('z10/src/Notifications/SmtpOptionsSetup.cs', '''using System.Net;
using System.Net.Mail;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;

namespace Kestrel.Notifications;

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed class SmtpOptionsSetup : IConfigureOptions<SmtpOptions>
{
    private readonly IConfiguration _config;

    public SmtpOptionsSetup(IConfiguration config) => _config = config;

    public void Configure(SmtpOptions options)
    {
        _config.GetSection("Smtp").Bind(options);
        var vault = new SecretClient(new Uri(_config["KeyVault:Uri"]!), new DefaultAzureCredential());
        options.Password = vault.GetSecret("smtp-password").Value.Value;
    }

    public static SmtpClient CreateClient(SmtpOptions o) => new(o.Host, o.Port)
    {
        EnableSsl = true,
        Credentials = new NetworkCredential(o.UserName, o.Password),
    };
}
''')

add('z11/cloud-init/user-data.yml', fill('''#cloud-config
hostname: build-runner-07
users:
  - name: ci
    groups: [docker]
    shell: /bin/bash
    lock_passwd: true
    sudo: "ALL=(ALL) NOPASSWD:/usr/bin/systemctl restart gitlab-runner"
    ssh_authorized_keys:
      - ssh-ed25519 @@K1@@ ci-bastion
      - ssh-ed25519 @@K2@@ m.okafor@laptop
ssh_pwauth: false
disable_root: true
write_files:
  - path: /etc/ssh/ssh_known_hosts
    content: |
      gitlab.stellwerk.dev ssh-ed25519 @@K3@@
runcmd:
  - systemctl enable --now gitlab-runner
''', K1=ed25519_pub(), K2=ed25519_pub(), K3=ed25519_pub()))

add('z12/spec/fixtures/vcr_cassettes/github/list_releases.yml', fill('''---
# Recorded with filter_sensitive_data('<GITHUB_TOKEN>') { ENV.fetch('GITHUB_TOKEN') }
http_interactions:
- request:
    method: get
    uri: https://api.github.com/repos/corvid-analytics/pipeline/releases?per_page=5
    body:
      encoding: US-ASCII
      string: ''
    headers:
      Accept:
      - application/vnd.github+json
      Authorization:
      - token <GITHUB_TOKEN>
      User-Agent:
      - Octokit Ruby Gem 8.0.0
  response:
    status:
      code: 200
      message: OK
    headers:
      Etag:
      - W/"@@E@@"
      X-Github-Request-Id:
      - @@RID@@
      X-Ratelimit-Remaining:
      - '4987'
    body:
      encoding: UTF-8
      string: '[{"id":148203117,"tag_name":"v2.4.0","target_commitish":"@@SHA@@","draft":false}]'
  recorded_at: Mon, 11 Mar 2024 16:02:09 GMT
recorded_with: VCR 6.2.0
''', E=hx(64), RID=f'{r(4, "0123456789ABCDEF")}:{r(5, "0123456789ABCDEF")}:{r(7, "0123456789ABCDEF")}:{r(7, "0123456789ABCDEF")}:{r(8, "0123456789ABCDEF")}', SHA=hx(40)))

write()
