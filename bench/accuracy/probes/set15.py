# Usage: python3 set15.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 15 (stop 25): credentials in source code across languages and client libraries, in
# developer artifacts (notebooks, Postman, HAR, .http, READMEs, logs, shell history) and in CI files.
import base64, json, random, string
from common import A, HEX, add, ck, hx, r, start, write
start()

UP = string.ascii_uppercase
DIG = string.digits
LET = string.ascii_letters
WORDS = ['harbor', 'maple', 'orbit', 'falcon', 'cobalt', 'juniper', 'velvet', 'summit', 'lantern',
         'tundra', 'saffron', 'granite', 'meadow', 'copper', 'willow', 'ember', 'quartz', 'prairie',
         'nimbus', 'cascade', 'otter', 'pepper', 'violet', 'raven', 'basalt', 'canyon', 'glacier']


def t(text: str, **kw) -> str:
    """Fills <<name>> markers (code braces stay as they are)."""
    for k, v in kw.items():
        text = text.replace(f'<<{k}>>', v)
    return text


def pw_word(sym: str = '!*.#') -> str:
    """What people pick: a capitalised word, a few digits, a symbol."""
    return random.choice(WORDS).capitalize() + r(random.randint(2, 4), DIG) + random.choice(sym) + r(2, LET)


def phrase(sep: str = '-') -> str:
    return sep.join(random.sample(WORDS, 4)) + sep + r(2, DIG)


def uid() -> str:
    return f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}'


def akia() -> str:
    return 'AKIA' + r(16, UP + '234567')


def aws_secret() -> str:
    return r(40, A + '/+')


def b64u(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(',', ':')).encode()).decode().rstrip('=')


# ---------------------------------------------------------------- Python client libraries

add('p01/scripts/export_invoices.py', t('''"""Pull yesterday's invoices from the billing API and drop them on the finance share."""
import csv
import datetime as dt
import pathlib

import requests

BILLING_URL = "https://billing.corp.halvorsen.io/api/v2/invoices"
OUT_DIR = pathlib.Path("/mnt/finance/exports")


def main() -> None:
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    resp = requests.get(
        BILLING_URL,
        params={"issued_on": day, "page_size": 500},
        auth=("svc_finance_export", "<<pw>>"),
        timeout=30,
    )
    resp.raise_for_status()
    rows = resp.json()["items"]
    with open(OUT_DIR / f"invoices-{day}.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["number", "customer", "total", "currency"])
        w.writeheader()
        for row in rows:
            w.writerow({k: row[k] for k in w.fieldnames})


if __name__ == "__main__":
    main()
''', pw=pw_word()))

add('p02/tools/sync_assets.py', t('''import mimetypes
import os

import boto3

s3 = boto3.client(
    "s3",
    region_name="eu-central-1",
    aws_access_key_id="<<kid>>",
    aws_secret_access_key="<<sec>>",
)

BUCKET = "brightline-static-prod"


def upload_tree(root: str, prefix: str = "assets/") -> int:
    n = 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            key = prefix + os.path.relpath(path, root).replace(os.sep, "/")
            ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            s3.upload_file(path, BUCKET, key, ExtraArgs={"ContentType": ctype, "CacheControl": "max-age=31536000"})
            n += 1
    return n


if __name__ == "__main__":
    print(upload_tree("dist"), "files uploaded")
''', kid=akia(), sec=aws_secret()))

add('p03/etl/load_orders.py', t('''import json
import sys

import psycopg2
from psycopg2.extras import execute_values

conn = psycopg2.connect(
    host="pg-analytics.internal",
    port=5432,
    dbname="warehouse",
    user="etl_loader",
    password="<<pw>>",
    sslmode="require",
)


def load(path):
    with open(path) as fh:
        orders = [json.loads(line) for line in fh]
    with conn, conn.cursor() as cur:
        execute_values(
            cur,
            "INSERT INTO staging.orders (id, customer_id, total_cents, placed_at) VALUES %s ON CONFLICT (id) DO NOTHING",
            [(o["id"], o["customer_id"], o["total_cents"], o["placed_at"]) for o in orders],
        )


if __name__ == "__main__":
    load(sys.argv[1])
''', pw=r(random.randint(18, 26))))

add('p04/app/db.py', t('''from functools import lru_cache

from pymongo import MongoClient

MONGO_URI = "mongodb+srv://catalog_api:<<pw>>@cluster0.q7k2mz.mongodb.net/catalog?retryWrites=true&w=majority"


@lru_cache(maxsize=1)
def get_db():
    client = MongoClient(MONGO_URI, serverSelectionTimeoutMS=5000)
    return client.get_default_database()


def products():
    return get_db()["products"]
''', pw=pw_word('!*.')))

add('p05/worker/cache.py', t('''import pickle

import redis

r = redis.Redis(host="redis-01.prod.lan", port=6379, db=2, password="<<pw>>", socket_timeout=2)


def cached(key, ttl=300):
    def deco(fn):
        def wrapper(*args, **kwargs):
            hit = r.get(key)
            if hit is not None:
                return pickle.loads(hit)
            val = fn(*args, **kwargs)
            r.setex(key, ttl, pickle.dumps(val))
            return val
        return wrapper
    return deco
''', pw=r(32)))

add('p06/deploy/restart_nodes.py', t('''#!/usr/bin/env python3
"""Rolling restart of the ingest nodes, one at a time."""
import time

import paramiko

HOSTS = ["ingest-01.dc2", "ingest-02.dc2", "ingest-03.dc2"]


def restart(host):
    ssh = paramiko.SSHClient()
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    ssh.connect(hostname=host, username="opsadmin", password="<<pw>>", timeout=15)
    try:
        _, out, err = ssh.exec_command("sudo systemctl restart ingest && systemctl is-active ingest")
        print(host, out.read().decode().strip(), err.read().decode().strip())
    finally:
        ssh.close()


for h in HOSTS:
    restart(h)
    time.sleep(20)
''', pw=phrase()))

add('p07/monitoring/notify.py', t('''import smtplib
from email.message import EmailMessage

SMTP_HOST = "smtp.office365.com"
SMTP_USER = "alerts@kestrelfreight.com"


def send_alert(subject: str, body: str, to: list[str]) -> None:
    msg = EmailMessage()
    msg["Subject"] = f"[disk-watch] {subject}"
    msg["From"] = SMTP_USER
    msg["To"] = ", ".join(to)
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST, 587) as server:
        server.starttls()
        server.login(SMTP_USER, "<<pw>>")
        server.send_message(msg)
''', pw=pw_word()))

add('p08/notebooks/summarize.py', t('''import requests

API_URL = "https://api-inference.huggingface.co/models/facebook/bart-large-cnn"
headers = {"Authorization": "Bearer <<tok>>"}


def summarize(text: str, max_len: int = 120) -> str:
    payload = {"inputs": text, "parameters": {"max_length": max_len, "min_length": 30}}
    resp = requests.post(API_URL, headers=headers, json=payload, timeout=60)
    resp.raise_for_status()
    return resp.json()[0]["summary_text"]


if __name__ == "__main__":
    import sys
    print(summarize(open(sys.argv[1]).read()))
''', tok='hf_' + r(34, LET)))

# ---------------------------------------------------------------- Node / TypeScript

add('p09/src/github.js', t(''''use strict';
const axios = require('axios');

const gh = axios.create({
  baseURL: 'https://api.github.com',
  timeout: 10000,
  headers: {
    Accept: 'application/vnd.github+json',
    Authorization: 'token <<tok>>',
    'X-GitHub-Api-Version': '2022-11-28',
  },
});

async function openReleasePr(repo, branch, title) {
  const { data } = await gh.post(`/repos/${repo}/pulls`, { head: branch, base: 'main', title });
  return data.html_url;
}

module.exports = { gh, openReleasePr };
''', tok=ck('ghp_')))

add('p10/server/mailer.js', t('''const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport({
  host: 'smtp.zoho.eu',
  port: 465,
  secure: true,
  auth: {
    user: 'bookings@tidewaterkayaks.eu',
    pass: '<<pw>>',
  },
});

async function sendConfirmation(booking) {
  return transporter.sendMail({
    from: '"Tidewater Kayaks" <bookings@tidewaterkayaks.eu>',
    to: booking.email,
    subject: `Your booking ${booking.ref} is confirmed`,
    text: `See you on ${booking.date} at ${booking.slot}.`,
  });
}

module.exports = { sendConfirmation };
''', pw=pw_word()))

add('p11/src/db/pool.ts', t('''import { Pool } from 'pg';

export const pool = new Pool({
  host: 'orders-db.cluster-cx81kq.eu-west-1.rds.amazonaws.com',
  port: 5432,
  database: 'orders',
  user: 'orders_api',
  password: '<<pw>>',
  max: 20,
  idleTimeoutMillis: 30_000,
  ssl: { rejectUnauthorized: true },
});

export async function findOrder(id: string) {
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [id]);
  return rows[0] ?? null;
}
''', pw=r(random.randint(20, 28))))

add('p12/src/queue/connection.ts', t('''import Redis from 'ioredis';

export const connection = new Redis({
  host: 'queue-redis.prod.svc.cluster.local',
  port: 6379,
  username: 'bullmq',
  password: '<<pw>>',
  maxRetriesPerRequest: null,
  enableReadyCheck: false,
});
''', pw=r(24, A + '-_')))

add('p13/src/storage/s3.ts', t('''import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({
  region: 'us-east-2',
  credentials: {
    accessKeyId: '<<kid>>',
    secretAccessKey: '<<sec>>',
  },
});

export async function putReport(key: string, body: Buffer) {
  await s3.send(new PutObjectCommand({
    Bucket: 'ledgerly-reports',
    Key: key,
    Body: body,
    ContentType: 'application/pdf',
  }));
}
''', kid=akia(), sec=aws_secret()))

add('p14/src/billing/stripe.ts', t('''import Stripe from 'stripe';

const stripe = new Stripe('<<key>>', {
  apiVersion: '2024-06-20',
  maxNetworkRetries: 2,
});

export async function createCheckout(priceId: string, customerEmail: string) {
  return stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: priceId, quantity: 1 }],
    customer_email: customerEmail,
    success_url: 'https://app.quillnote.io/billing/success',
    cancel_url: 'https://app.quillnote.io/billing',
  });
}
''', key='sk_live_51' + r(97)))

add('p15/lib/ai.mjs', t('''import OpenAI from 'openai';

const openai = new OpenAI({ apiKey: '<<key>>' });

export async function tagTicket(text) {
  const res = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0,
    messages: [
      { role: 'system', content: 'Classify the support ticket as billing, bug, or how-to. Reply with one word.' },
      { role: 'user', content: text },
    ],
  });
  return res.choices[0].message.content.trim();
}
''', key='sk-proj-' + r(74, A + '-_') + 'T3BlbkFJ' + r(74, A + '-_')))

# ---------------------------------------------------------------- Go

add('p16/internal/store/mysql.go', t('''package store

import (
	"database/sql"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

func Open() (*sql.DB, error) {
	db, err := sql.Open("mysql", "orders_rw:<<pw>>@tcp(mysql-primary.data.svc:3306)/orders?parseTime=true&loc=UTC")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(25)
	db.SetConnMaxLifetime(5 * time.Minute)
	return db, db.Ping()
}
''', pw=pw_word('!*.')))

add('p17/pkg/inventory/client.go', t('''package inventory

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

const (
	baseURL  = "https://inventory.partner-hub.net/v3"
	apiToken = "<<tok>>"
)

var httpClient = &http.Client{Timeout: 15 * time.Second}

func StockLevel(sku string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/stock/%s", baseURL, sku), nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+apiToken)
	req.Header.Set("Accept", "application/json")
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var out struct {
		Available int `json:"available"`
	}
	return out.Available, json.NewDecoder(resp.Body).Decode(&out)
}
''', tok=r(48)))

add('p18/cmd/ratesync/main.go', t('''package main

import (
	"context"
	"log"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"

	pb "github.com/corvidpay/protos/gen/go/rates/v1"
)

func main() {
	conn, err := grpc.Dial("rates.corvidpay.net:443", grpc.WithTransportCredentials(credentials.NewClientTLSFromCert(nil, "")))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "x-api-key", "<<key>>")

	resp, err := pb.NewRatesClient(conn).Current(ctx, &pb.CurrentRequest{Base: "EUR"})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("got %d rates", len(resp.Rates))
}
''', key=r(40)))

# ---------------------------------------------------------------- Java / Kotlin

add('p19/src/main/java/com/fernlogistics/etl/ShipmentExport.java', t('''package com.fernlogistics.etl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

public class ShipmentExport {

    private static final String URL = "jdbc:postgresql://pg-ops.fern.local:5432/shipping";

    public static void main(String[] args) throws SQLException {
        try (Connection conn = DriverManager.getConnection(URL, "report_reader", "<<pw>>");
             PreparedStatement ps = conn.prepareStatement(
                 "SELECT tracking_no, status, updated_at FROM shipments WHERE updated_at > now() - interval '1 day'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.printf("%s,%s,%s%n", rs.getString(1), rs.getString(2), rs.getTimestamp(3));
                }
            }
        }
    }
}
''', pw=pw_word()))

add('p20/app/src/main/kotlin/net/orchardapps/sync/JiraClient.kt', t('''package net.orchardapps.sync

import okhttp3.Credentials
import okhttp3.OkHttpClient
import okhttp3.Request

object JiraClient {
    private val credential = Credentials.basic("sync-bot@orchardapps.net", "<<pw>>")

    private val http = OkHttpClient.Builder()
        .addInterceptor { chain ->
            chain.proceed(chain.request().newBuilder().header("Authorization", credential).build())
        }
        .build()

    fun issue(key: String): String {
        val req = Request.Builder().url("https://orchardapps.atlassian.net/rest/api/3/issue/$key").build()
        http.newCall(req).execute().use { return it.body!!.string() }
    }
}
''', pw=r(random.randint(16, 22))))

add('p21/src/main/java/io/tallyhq/webhooks/WebhookVerifier.java', t('''package io.tallyhq.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class WebhookVerifier {

    @Value("${webhooks.signing-secret:<<sec>>}")
    private String signingSecret;

    public boolean verify(String payload, String signatureHex) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signatureHex));
    }
}
''', sec=r(32)))

# ---------------------------------------------------------------- C#

add('p22/src/Ledger.Data/LedgerDb.cs', t('''using System.Data;
using Microsoft.Data.SqlClient;

namespace Ledger.Data;

public static class LedgerDb
{
    public static IDbConnection Open()
    {
        var conn = new SqlConnection(
            "Server=tcp:sql-ledger-prod.database.windows.net,1433;Initial Catalog=Ledger;" +
            "User ID=ledger_app;Password=<<pw>>;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;");
        conn.Open();
        return conn;
    }
}
''', pw=pw_word('!*.#')))

add('p23/src/Notifications/EmailSender.cs', t('''using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Harborview.Notifications;

public class EmailSender
{
    private static readonly HttpClient Client = CreateClient();

    private static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri("https://api.sendgrid.com/") };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", "<<key>>");
        return client;
    }

    public async Task SendAsync(string to, string subject, string html)
    {
        var body = new
        {
            personalizations = new[] { new { to = new[] { new { email = to } } } },
            from = new { email = "no-reply@harborview.app", name = "Harborview" },
            subject,
            content = new[] { new { type = "text/html", value = html } },
        };
        var resp = await Client.PostAsJsonAsync("v3/mail/send", body);
        resp.EnsureSuccessStatusCode();
    }
}
''', key='SG.' + r(22, A + '-_') + '.' + r(43, A + '-_')))

add('p24/Tools/ScanDrop/Program.cs', t('''using System.Net;

var share = @"\\\\fs02.corp.brennan.local\\scans\\incoming";
var creds = new NetworkCredential("svc-scandrop", "<<pw>>", "BRENNAN");

using var client = new WebClient { Credentials = creds };
foreach (var file in Directory.GetFiles(args[0], "*.pdf"))
{
    var target = Path.Combine(share, Path.GetFileName(file));
    client.UploadFile(new Uri(target), file);
    Console.WriteLine($"copied {file}");
}
''', pw=phrase('.')))

# ---------------------------------------------------------------- PHP

add('p25/app/Database.php', t('''<?php

namespace Shopfront;

use PDO;

final class Database
{
    private static ?PDO $pdo = null;

    public static function get(): PDO
    {
        if (self::$pdo === null) {
            self::$pdo = new PDO(
                'mysql:host=db1.shopfront.lan;dbname=shopfront;charset=utf8mb4',
                'shopfront_app',
                '<<pw>>',
                [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC]
            );
        }
        return self::$pdo;
    }
}
''', pw=pw_word()))

add('p26/includes/connect.php', t('''<?php
// shared by the legacy admin pages
$link = mysqli_connect('localhost', 'wp_clinic', '<<pw>>', 'clinic_booking');
if (!$link) {
    error_log('DB connect failed: ' . mysqli_connect_error());
    http_response_code(500);
    exit;
}
mysqli_set_charset($link, 'utf8mb4');
''', pw=r(random.randint(16, 20))))

add('p27/lib/mail.php', t('''<?php

function send_receipt(string $to, string $subject, string $html): bool
{
    $ch = curl_init('https://api.eu.mailgun.net/v3/mg.lumenbakery.de/messages');
    curl_setopt($ch, CURLOPT_USERPWD, 'api:<<key>>');
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, [
        'from'    => 'Lumen Bakery <bestellung@lumenbakery.de>',
        'to'      => $to,
        'subject' => $subject,
        'html'    => $html,
    ]);
    $body = curl_exec($ch);
    $code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
    curl_close($ch);
    return $code === 200 && $body !== false;
}
''', key='key-' + hx(32)))

# ---------------------------------------------------------------- Ruby

add('p28/lib/release_notes/jira.rb', t('''require 'faraday'
require 'json'

module ReleaseNotes
  class Jira
    def initialize
      @conn = Faraday.new(url: 'https://jira.wrenhouse.io') do |f|
        f.request :authorization, :basic, 'release-bot', '<<pw>>'
        f.request :json
        f.response :json
        f.response :raise_error
      end
    end

    def fixed_in(version)
      jql = %(project = WREN AND fixVersion = "#{version}" ORDER BY key)
      @conn.get('/rest/api/2/search', jql: jql, fields: 'summary').body['issues']
    end
  end
end
''', pw=pw_word()))

add('p29/scripts/backfill_totals.rb', t('''#!/usr/bin/env ruby
require 'mysql2'

client = Mysql2::Client.new(
  host: 'mysql-reporting.lan',
  username: 'backfill',
  password: '<<pw>>',
  database: 'storefront',
  reconnect: true
)

client.query('SELECT id FROM orders WHERE total_cents IS NULL').each do |row|
  total = client.query("SELECT SUM(price_cents * qty) AS t FROM order_items WHERE order_id = #{row['id'].to_i}").first['t']
  client.query("UPDATE orders SET total_cents = #{total.to_i} WHERE id = #{row['id'].to_i}")
end
''', pw=phrase('_')))

add('p30/config/environments/production.rb', t('''require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.cache_classes = true
  config.eager_load = true
  config.consider_all_requests_local = false
  config.force_ssl = true
  config.log_level = :info

  config.action_mailer.delivery_method = :smtp
  config.action_mailer.default_url_options = { host: "app.pinecrest-hoa.org", protocol: "https" }
  config.action_mailer.smtp_settings = {
    address: "smtp.mailgun.org",
    port: 587,
    domain: "mg.pinecrest-hoa.org",
    user_name: "postmaster@mg.pinecrest-hoa.org",
    password: "<<pw>>",
    authentication: :plain,
    enable_starttls_auto: true
  }

  config.active_support.report_deprecations = false
end
''', pw=hx(32) + '-' + hx(8) + '-' + hx(8)))

# ---------------------------------------------------------------- Rust / PowerShell

add('p31/src/notify.rs', t('''use serde_json::json;

const SLACK_BOT_TOKEN: &str = "<<tok>>";
const CHANNEL: &str = "C04R7BUILDS";

pub async fn post_build_status(client: &reqwest::Client, text: &str) -> reqwest::Result<()> {
    client
        .post("https://slack.com/api/chat.postMessage")
        .bearer_auth(SLACK_BOT_TOKEN)
        .json(&json!({ "channel": CHANNEL, "text": text }))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}
''', tok=f'xoxb-{r(12, DIG)}-{r(13, DIG)}-{r(24)}'))

add('p32/scripts/Backup-SqlLogs.ps1', t('''#Requires -Modules SqlServer
param(
    [string]$Server = 'SQLPROD02',
    [string]$Target = '\\\\nas01\\sqlbackup\\logs'
)

$password = ConvertTo-SecureString '<<pw>>' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ('CONTOSO\\svc_sqlbackup', $password)

Get-SqlDatabase -ServerInstance $Server -Credential $cred |
    Where-Object { $_.RecoveryModel -eq 'Full' } |
    ForEach-Object {
        Backup-SqlDatabase -ServerInstance $Server -Database $_.Name -BackupAction Log `
            -BackupFile (Join-Path $Target "$($_.Name)_$(Get-Date -f yyyyMMddHHmm).trn") -Credential $cred
    }
''', pw=pw_word('!*.#')))

# ---------------------------------------------------------------- developer artifacts


def cell(src, outputs=None, n=1):
    lines = src.split('\n')
    return {'cell_type': 'code', 'execution_count': n, 'metadata': {}, 'outputs': outputs or [],
            'source': [ln + '\n' for ln in lines[:-1]] + [lines[-1]]}


nb = {
    'cells': [
        {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Review sentiment with Gemini\n', '\n',
                                                             'Scores the Q3 app-store reviews.']},
        cell('import pandas as pd\nimport google.generativeai as genai', n=1),
        cell(f'genai.configure(api_key="AIza{r(35, A + "-_")}")\nmodel = genai.GenerativeModel("gemini-1.5-flash")', n=2),
        cell('reviews = pd.read_csv("reviews_q3.csv")\nreviews.head()', n=3),
        cell('def score(text):\n    out = model.generate_content(f"Rate the sentiment from -1 to 1, number only: {text}")\n'
             '    return float(out.text.strip())\n\nreviews["sentiment"] = reviews["body"].map(score)', n=4),
    ],
    'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
                 'language_info': {'name': 'python', 'version': '3.11.6'}},
    'nbformat': 4, 'nbformat_minor': 5,
}
add('p33/analysis/review_sentiment.ipynb', json.dumps(nb, indent=1) + '\n')

env = {
    'id': uid(),
    'name': 'Shopify Admin - prod',
    'values': [
        {'key': 'shop', 'value': 'northfield-outfitters.myshopify.com', 'type': 'default', 'enabled': True},
        {'key': 'api_version', 'value': '2024-04', 'type': 'default', 'enabled': True},
        {'key': 'access_token', 'value': 'shpat_' + hx(32), 'type': 'secret', 'enabled': True},
    ],
    '_postman_variable_scope': 'environment',
    '_postman_exported_at': '2024-05-14T09:12:47.311Z',
    '_postman_exported_using': 'Postman/11.0.4',
}
add('p34/postman/shopify-prod.postman_environment.json', json.dumps(env, indent='\t') + '\n')

jwt = '.'.join([b64u({'alg': 'HS256', 'typ': 'JWT'}),
                b64u({'sub': str(random.randint(10000, 99999)), 'org': 'acct_' + r(10, DIG), 'role': 'admin',
                      'iat': 1717400000 + random.randint(0, 90000), 'exp': 1717500000 + random.randint(0, 90000)}),
                r(43, A + '-_')])
har = {'log': {
    'version': '1.2', 'creator': {'name': 'Firefox', 'version': '126.0'},
    'pages': [{'startedDateTime': '2024-06-03T14:22:05.118+02:00', 'id': 'page_1', 'title': 'Dashboard',
               'pageTimings': {'onContentLoad': 612, 'onLoad': 901}}],
    'entries': [{
        'pageref': 'page_1', 'startedDateTime': '2024-06-03T14:22:06.004+02:00', 'time': 143,
        'request': {
            'method': 'GET', 'url': 'https://api.plotline.app/v1/projects?limit=25', 'httpVersion': 'HTTP/2',
            'headers': [
                {'name': 'Accept', 'value': 'application/json'},
                {'name': 'Authorization', 'value': 'Bearer ' + jwt},
                {'name': 'Origin', 'value': 'https://app.plotline.app'},
                {'name': 'User-Agent', 'value': 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0'},
            ],
            'queryString': [{'name': 'limit', 'value': '25'}], 'cookies': [], 'headersSize': -1, 'bodySize': 0,
        },
        'response': {
            'status': 200, 'statusText': 'OK', 'httpVersion': 'HTTP/2',
            'headers': [{'name': 'content-type', 'value': 'application/json'}], 'cookies': [],
            'content': {'size': 2, 'mimeType': 'application/json', 'text': '[]'},
            'redirectURL': '', 'headersSize': -1, 'bodySize': 2,
        },
        'cache': {}, 'timings': {'blocked': 1, 'dns': 0, 'connect': 0, 'ssl': 0, 'send': 0, 'wait': 140, 'receive': 2},
    }],
}}
add('p35/bugreports/dashboard-slow.har', json.dumps(har, indent=2) + '\n')

add('p36/requests/gitlab.http', t('''@host = https://gitlab.marlowe-labs.com/api/v4
@token = <<tok>>
@project = 118

### open merge requests
GET {{host}}/projects/{{project}}/merge_requests?state=opened&per_page=50
PRIVATE-TOKEN: {{token}}

### retry the last failed pipeline
POST {{host}}/projects/{{project}}/pipelines/{{pipelineId}}/retry
PRIVATE-TOKEN: {{token}}

### create a release
POST {{host}}/projects/{{project}}/releases
PRIVATE-TOKEN: {{token}}
Content-Type: application/json

{
  "tag_name": "v2.8.0",
  "name": "2.8.0",
  "description": "See CHANGELOG.md"
}
''', tok='glpat-' + r(20, A + '-_')))

add('p37/ops/README.md', t('''# On-call box

Small VM (`oncall-01`) that pages people when the ingest lag alarm fires.

## Sending an SMS by hand

If the pager service is down you can text the on-call phone straight from the box:

```sh
curl -X POST "https://api.twilio.com/2010-04-01/Accounts/AC<<acc>>/Messages.json" \\
  --data-urlencode "From=+14155550142" \\
  --data-urlencode "To=+14155550187" \\
  --data-urlencode "Body=ingest lag > 15 min, check grafana" \\
  -u SK<<sid>>:<<sec>>
```

## Restarting the watcher

```sh
sudo systemctl restart lag-watcher
journalctl -u lag-watcher -f
```
''', acc=hx(32), sid=hx(32), sec=r(32)))

ant = 'sk-ant-api03-' + r(93, A + '-_') + 'AA'
add('p38/logs/summarizer-2024-06-11.log', t('''2024-06-11 08:14:02,117 INFO  summarizer.app: starting worker pid=48213 queue=summaries concurrency=4
2024-06-11 08:14:02,341 INFO  summarizer.app: model=claude-3-5-sonnet-20240620 max_tokens=1024
2024-06-11 08:14:03,902 DEBUG httpx: HTTP Request: POST https://api.anthropic.com/v1/messages headers={'x-api-key': '<<key>>', 'anthropic-version': '2023-06-01', 'content-type': 'application/json'}
2024-06-11 08:14:06,455 INFO  httpx: HTTP Request: POST https://api.anthropic.com/v1/messages "HTTP/1.1 200 OK"
2024-06-11 08:14:06,460 INFO  summarizer.app: job=8841 done in 2.56s input_tokens=3120 output_tokens=288
2024-06-11 08:14:07,012 INFO  summarizer.app: job=8842 picked up
''', key=ant))

add('p39/home/deploy/.bash_history', t('''cd ~/apps/widget-kit
git pull
nvm use 20
npm ci
npm run build
npm whoami
npm config set //registry.npmjs.org/:_authToken <<tok>>
npm whoami
npm version patch
npm publish --access public
git push --follow-tags
ls -la dist
exit
''', tok=ck('npm_')))

# ---------------------------------------------------------------- CI files

add('p40/.github/workflows/deploy.yml', t('''name: deploy

on:
  push:
    branches: [main]

env:
  REGISTRY: registry.digitalocean.com/saltmarsh
  IMAGE_NAME: api
  DIGITALOCEAN_ACCESS_TOKEN: <<tok>>

jobs:
  deploy:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: digitalocean/action-doctl@v2
        with:
          token: ${{ env.DIGITALOCEAN_ACCESS_TOKEN }}
      - run: doctl registry login --expiry-seconds 600
      - run: docker build -t $REGISTRY/$IMAGE_NAME:${GITHUB_SHA::7} .
      - run: docker push $REGISTRY/$IMAGE_NAME:${GITHUB_SHA::7}
      - run: doctl apps create-deployment ${{ vars.APP_ID }}
''', tok='dop_v1_' + hx(64)))

add('p41/.gitlab-ci.yml', t('''stages:
  - build
  - deploy

variables:
  DOCKER_DRIVER: overlay2
  DEPLOY_HOST: "app01.kilnworks.net"
  DEPLOY_USER: "deployer"
  DEPLOY_PASSWORD: "<<pw>>"

build:
  stage: build
  image: node:20-alpine
  script:
    - npm ci
    - npm run build
  artifacts:
    paths: [dist/]

deploy:
  stage: deploy
  image: alpine:3.19
  only: [main]
  before_script:
    - apk add --no-cache sshpass rsync openssh-client
  script:
    - sshpass -p "$DEPLOY_PASSWORD" rsync -az --delete -e "ssh -o StrictHostKeyChecking=no" dist/ "$DEPLOY_USER@$DEPLOY_HOST:/var/www/kilnworks/"
''', pw=pw_word('!*.')))

add('p42/Jenkinsfile', t('''pipeline {
    agent { label 'linux' }

    environment {
        DD_SITE    = 'datadoghq.eu'
        DD_API_KEY = '<<key>>'
        DD_SERVICE = 'checkout-api'
    }

    stages {
        stage('Build') {
            steps {
                sh './gradlew clean assemble'
            }
        }
        stage('Upload sourcemaps / mark deploy') {
            steps {
                sh 'npx @datadog/datadog-ci sourcemaps upload ./build/js --service $DD_SERVICE --release-version $GIT_COMMIT --minified-path-prefix /static/'
            }
        }
    }

    post {
        success { archiveArtifacts artifacts: 'build/libs/*.jar', fingerprint: true }
    }
}
''', key=hx(32)))

add('p43/azure-pipelines.yml', t('''trigger:
  branches:
    include: [main]

pool:
  vmImage: ubuntu-22.04

variables:
  - name: resourceGroup
    value: rg-inventory-prod
  - name: sqlServer
    value: sql-inventory-prod
  - name: sqlAdminUser
    value: invadmin
  - name: sqlAdminPassword
    value: '<<pw>>'

steps:
  - task: AzureCLI@2
    displayName: Apply migrations
    inputs:
      azureSubscription: sc-inventory-prod
      scriptType: bash
      scriptLocation: inlineScript
      inlineScript: |
        dotnet tool restore
        dotnet ef database update --connection "Server=tcp:$(sqlServer).database.windows.net;Database=inventory;User ID=$(sqlAdminUser);Password=$(sqlAdminPassword);Encrypt=True"
''', pw=r(random.randint(20, 24))))

add('p44/bitbucket-pipelines.yml', t('''image: atlassian/default-image:4

pipelines:
  branches:
    main:
      - step:
          name: Build and push image
          services:
            - docker
          script:
            - docker login harbor.quayside.dev -u robot-ci -p '<<pw>>'
            - docker build -t harbor.quayside.dev/web/frontend:$BITBUCKET_BUILD_NUMBER .
            - docker push harbor.quayside.dev/web/frontend:$BITBUCKET_BUILD_NUMBER
''', pw=r(32)))

add('p45/.circleci/config.yml', t('''version: 2.1

jobs:
  publish:
    docker:
      - image: cimg/python:3.12
    environment:
      TWINE_USERNAME: __token__
      TWINE_PASSWORD: <<tok>>
    steps:
      - checkout
      - run: pip install build twine
      - run: python -m build
      - run: twine upload dist/*

workflows:
  release:
    jobs:
      - publish:
          filters:
            tags:
              only: /^v.*/
            branches:
              ignore: /.*/
''', tok='pypi-AgEIcHlwaS5vcmcCJD' + r(random.randint(130, 150), A + '-_')))

# ---------------------------------------------------------------- negatives (no credential anywhere)

add('n01/config/settings.py', '''import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "app"),
        "USER": os.environ.get("DB_USER", "app"),
        "PASSWORD": os.environ["DB_PASSWORD"],
        "HOST": os.environ.get("DB_HOST", "localhost"),
        "PORT": os.environ.get("DB_PORT", "5432"),
    }
}

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
STRIPE_API_KEY = os.getenv("STRIPE_API_KEY")
OPENAI_API_KEY = os.getenv("OPENAI_API_KEY", "")

EMAIL_HOST_PASSWORD = os.environ.get("SMTP_PASSWORD")


def api_headers():
    token = os.environ["PARTNER_API_TOKEN"]
    return {"Authorization": f"Bearer {token}"}
''')

add('n02/src/db/credentials.ts', '''import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { Pool } from 'pg';
import Redis from 'ioredis';

const sm = new SecretsManagerClient({ region: process.env.AWS_REGION ?? 'eu-west-1' });

export async function createPool(): Promise<Pool> {
  const out = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/orders/db' }));
  const { username, password, host, port, dbname } = JSON.parse(out.SecretString ?? '{}');
  return new Pool({ user: username, password, host, port, database: dbname });
}

export const redis = new Redis({
  host: process.env.REDIS_HOST,
  password: process.env.REDIS_PASSWORD,
});
''')

add('n03/.github/workflows/release.yml', '''name: release

on:
  push:
    tags: ['v*']

jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
    env:
      NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
      SENTRY_AUTH_TOKEN: ${{ secrets.SENTRY_AUTH_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci
      - run: npm publish --provenance --access public
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/gh-release
          aws-region: us-east-1
      - run: aws s3 sync dist/ s3://cdn-releases/${GITHUB_REF_NAME}/
        env:
          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
''')

add('n04/docs/api.md', '''# Calling the reports API

All requests need an API key. Create one under **Settings -> API keys** and keep it in your
environment, never in the repository:

```sh
export REPORTS_API_KEY="<your-api-key>"
```

Then:

```sh
curl -H "Authorization: Bearer $REPORTS_API_KEY" \\
  "https://reports.halvorsen.io/v1/reports?from=2024-01-01"
```

For the Python client:

```python
import os
from reports import Client

client = Client(api_key=os.environ["REPORTS_API_KEY"])
```

Replace `<your-api-key>` with your own key. Keys look like `rk_` followed by 32 characters.
''')


def bcrypt() -> str:
    return '$2b$12$' + r(53, './' + A)


add('n05/db/seeds/002_staff_users.sql', t('''-- Staff accounts for the staging seed. Hashes only; initial passwords are sent out of band.
INSERT INTO users (email, display_name, role, password_hash, created_at) VALUES
  ('ops@kestrelfreight.com',     'Ops',          'admin',  '<<h1>>', now()),
  ('dispatch@kestrelfreight.com','Dispatch',     'staff',  '<<h2>>', now()),
  ('audit@kestrelfreight.com',   'Audit (r/o)',  'viewer', '<<h3>>', now())
ON CONFLICT (email) DO NOTHING;
''', h1=bcrypt(), h2=bcrypt(), h3=bcrypt()))

pubkey = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + r(342, A + '+/') + 'IDAQAB'
add('n06/src/auth/verify.ts', t('''import { importSPKI, jwtVerify } from 'jose';

// Public half of the identity service signing key (published at /.well-known/jwks.json).
const JWT_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
<<pem>>
-----END PUBLIC KEY-----`;

const keyPromise = importSPKI(JWT_PUBLIC_KEY, 'RS256');

export async function verifyToken(token: string) {
  const { payload } = await jwtVerify(token, await keyPromise, {
    issuer: 'https://id.plotline.app',
    audience: 'plotline-api',
  });
  return payload;
}
''', pem='\n'.join(pubkey[i:i + 64] for i in range(0, len(pubkey), 64))))

add('n07/scripts/install-tools.sh', t('''#!/usr/bin/env bash
# Pinned CLI tools for CI images. Bump the version AND the checksum together.
set -euo pipefail

KUBECTL_VERSION=v1.30.2
KUBECTL_SHA256=<<s1>>
HELM_VERSION=v3.15.2
HELM_SHA256=<<s2>>
YQ_VERSION=v4.44.2
YQ_SHA256=<<s3>>

cd /tmp
curl -fsSLo kubectl "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl"
echo "${KUBECTL_SHA256}  kubectl" | sha256sum -c -
install -m 0755 kubectl /usr/local/bin/kubectl

curl -fsSLo helm.tgz "https://get.helm.sh/helm-${HELM_VERSION}-linux-amd64.tar.gz"
echo "${HELM_SHA256}  helm.tgz" | sha256sum -c -
tar -xzf helm.tgz && install -m 0755 linux-amd64/helm /usr/local/bin/helm

curl -fsSLo yq "https://github.com/mikefarah/yq/releases/download/${YQ_VERSION}/yq_linux_amd64"
echo "${YQ_SHA256}  yq" | sha256sum -c -
install -m 0755 yq /usr/local/bin/yq
''', s1=hx(64), s2=hx(64), s3=hx(64)))

log_lines = []
for i in range(6):
    log_lines.append(
        f'2024-06-11T09:{10 + i:02d}:{random.randint(10, 59)}.{random.randint(100, 999)}Z INFO http '
        f'method={random.choice(["GET", "POST", "GET", "PATCH"])} path=/v1/orders/{random.randint(100000, 999999)} '
        f'status={random.choice(["200", "200", "201", "401"])} request_id={uid()} trace_id={hx(32)} span_id={hx(16)} '
        f'duration_ms={random.randint(3, 400)} authorization="Bearer [REDACTED]"')
add('n08/logs/api-access.log', '\n'.join(log_lines) + '\n')

add('n09/scripts/Connect-Reporting.ps1', '''#Requires -Modules Microsoft.PowerShell.SecretManagement
param(
    [string]$Server = 'SQLREP01',
    [switch]$Interactive
)

if ($Interactive) {
    $cred = Get-Credential -UserName 'CONTOSO\\svc_reporting' -Message 'Reporting service account'
} else {
    $cred = Get-Secret -Name 'ReportingSvc' -Vault 'CorpVault'
}

$apiKey = Get-Secret -Name 'ReportingApiKey' -Vault 'CorpVault' -AsPlainText
$headers = @{ 'X-Api-Key' = $apiKey }

Invoke-Sqlcmd -ServerInstance $Server -Credential $cred -Query 'EXEC dbo.RefreshDailyFacts'
Invoke-RestMethod -Uri 'https://reports.corp.contoso.local/api/refresh' -Method Post -Headers $headers
''')

add('n10/internal/secrets/vault.go', '''package secrets

import (
	"fmt"
	"os"

	vault "github.com/hashicorp/vault/api"
)

type DBCreds struct {
	User     string
	Password string
}

func LoadDB() (*DBCreds, error) {
	cfg := vault.DefaultConfig()
	cfg.Address = os.Getenv("VAULT_ADDR")
	client, err := vault.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	client.SetToken(os.Getenv("VAULT_TOKEN"))

	sec, err := client.Logical().Read("database/creds/orders-rw")
	if err != nil {
		return nil, err
	}
	if sec == nil {
		return nil, fmt.Errorf("no lease for database/creds/orders-rw")
	}
	return &DBCreds{
		User:     sec.Data["username"].(string),
		Password: sec.Data["password"].(string),
	}, nil
}
''')

coll = {
    'info': {'_postman_id': uid(), 'name': 'Payments API',
             'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'},
    'auth': {'type': 'bearer', 'bearer': [{'key': 'token', 'value': '{{accessToken}}', 'type': 'string'}]},
    'item': [
        {'name': 'Get token', 'request': {
            'method': 'POST', 'header': [],
            'body': {'mode': 'urlencoded', 'urlencoded': [
                {'key': 'grant_type', 'value': 'client_credentials', 'type': 'text'},
                {'key': 'client_id', 'value': '{{clientId}}', 'type': 'text'},
                {'key': 'client_secret', 'value': '{{clientSecret}}', 'type': 'text'}]},
            'url': {'raw': '{{baseUrl}}/oauth/token', 'host': ['{{baseUrl}}'], 'path': ['oauth', 'token']}}},
        {'name': 'List payments', 'request': {
            'method': 'GET', 'header': [{'key': 'Idempotency-Key', 'value': '{{$guid}}'}],
            'url': {'raw': '{{baseUrl}}/v1/payments?limit=20', 'host': ['{{baseUrl}}'], 'path': ['v1', 'payments'],
                    'query': [{'key': 'limit', 'value': '20'}]}}},
    ],
    'variable': [
        {'key': 'baseUrl', 'value': 'https://api.sandbox.corvidpay.net'},
        {'key': 'clientId', 'value': ''},
        {'key': 'clientSecret', 'value': ''},
        {'key': 'accessToken', 'value': ''},
    ],
}
add('n11/postman/payments.postman_collection.json', json.dumps(coll, indent='\t') + '\n')

add('n12/.env.example', '''# Copy to .env and fill in real values. Do not commit .env.
APP_ENV=development
APP_URL=http://localhost:3000

DB_HOST=localhost
DB_PORT=5432
DB_NAME=quillnote
DB_USER=quillnote
DB_PASSWORD=changeme

REDIS_URL=redis://localhost:6379/0

# Session signing secret: generate with `openssl rand -hex 32`
SESSION_SECRET=changeme

STRIPE_SECRET_KEY=<your-stripe-secret-key>
STRIPE_WEBHOOK_SECRET=<your-stripe-webhook-secret>
OPENAI_API_KEY=<your-openai-api-key>

SMTP_HOST=smtp.mailgun.org
SMTP_USER=
SMTP_PASSWORD=
''')

write()
