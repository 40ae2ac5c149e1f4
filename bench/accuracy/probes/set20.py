# Usage: python3 set20.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 20 (stop 26): credentials hard-coded in application source across many languages
import base64, random, string, uuid
from common import A, HEX, add, ck, hx, r, start, write
start()

UP = string.ascii_uppercase
LO = string.ascii_lowercase
UD = UP + string.digits
LD = LO + string.digits
URL = A + '-_'
B64 = A + '+/'
WORDS = ['harbor', 'maple', 'falcon', 'copper', 'winter', 'orchid', 'tango', 'rocket', 'cobalt', 'meadow',
         'thunder', 'pickle', 'saturn', 'velvet', 'lantern', 'badger', 'crimson', 'glacier', 'monkey', 'sunset',
         'walnut', 'dragon', 'pepper', 'summit', 'violet', 'raven', 'bishop', 'canyon', 'ember', 'juniper']
SYM = '!@#$%&*?'


def w() -> str:
    return random.choice(WORDS)


def pw() -> str:
    """Word(s) + digits + symbol, the way people pick passwords."""
    s = w().capitalize() + random.choice(['', w()]) + str(random.randint(1, 9999)) + random.choice(SYM)
    return s if random.random() < 0.5 else random.choice(SYM) + s


def phrase(sep: str = '-') -> str:
    return sep.join(w() for _ in range(random.randint(3, 5))) + sep + str(random.randint(10, 99))


def weak() -> str:
    return w() + str(random.randint(10, 999))


def rnd(n: int = 20) -> str:
    """Random string with some symbols, as a password generator makes."""
    return r(n, A + '!#%^*-_=+')


def b64(nbytes: int) -> str:
    return base64.b64encode(bytes(random.getrandbits(8) for _ in range(nbytes))).decode()


def b64u(nbytes: int) -> str:
    return base64.urlsafe_b64encode(bytes(random.getrandbits(8) for _ in range(nbytes))).decode().rstrip('=')


def uid() -> str:
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def aws_id() -> str:
    return 'AKIA' + r(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


def aws_secret() -> str:
    return r(40, A + '+/')


# ---------------------------------------------------------------- positives d01..d10

add('d01/internal/cloud/client.go', f'''package cloud

import (
	"context"
	"net/http"
	"time"

	"github.com/digitalocean/godo"
	"golang.org/x/oauth2"
)

type Config struct {{
	Token   string
	Region  string
	Timeout time.Duration
}}

var defaultConfig = Config{{
	Token:   "dop_v1_{hx(64)}",
	Region:  "fra1",
	Timeout: 30 * time.Second,
}}

func NewClient(ctx context.Context) *godo.Client {{
	ts := oauth2.StaticTokenSource(&oauth2.Token{{AccessToken: defaultConfig.Token}})
	hc := oauth2.NewClient(ctx, ts)
	hc.Timeout = defaultConfig.Timeout
	return godo.NewClient(hc)
}}

var _ = http.DefaultClient
''')

add('d02/cmd/billing/main.go', f'''package main

import (
	"log"
	"os"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/customer"
)

func init() {{
	// TODO: move to the deploy secrets before launch
	os.Setenv("STRIPE_SECRET_KEY", "sk_live_{r(24)}")
	os.Setenv("STRIPE_WEBHOOK_SECRET", "whsec_{r(32)}")
}}

func main() {{
	stripe.Key = os.Getenv("STRIPE_SECRET_KEY")
	params := &stripe.CustomerListParams{{}}
	params.Filters.AddFilter("limit", "", "10")
	it := customer.List(params)
	for it.Next() {{
		log.Printf("customer %s", it.Customer().ID)
	}}
	if err := it.Err(); err != nil {{
		log.Fatal(err)
	}}
}}
''')

add('d03/pkg/store/db.go', f'''package store

import (
	"database/sql"
	"fmt"

	_ "github.com/lib/pq"
)

const (
	dbHost     = "pg-prod-01.internal.acme.io"
	dbPort     = 5432
	dbUser     = "orders_svc"
	dbPassword = "{pw()}"
	dbName     = "orders"
)

func Open() (*sql.DB, error) {{
	dsn := fmt.Sprintf("host=%s port=%d user=%s password=%s dbname=%s sslmode=require",
		dbHost, dbPort, dbUser, dbPassword, dbName)
	db, err := sql.Open("postgres", dsn)
	if err != nil {{
		return nil, err
	}}
	db.SetMaxOpenConns(20)
	return db, db.Ping()
}}
''')

add('d04/src/github.rs', f'''use reqwest::header::{{HeaderMap, HeaderValue, AUTHORIZATION, USER_AGENT}};
use serde::Deserialize;

const GITHUB_TOKEN: &str = "{ck('ghp_')}";
const API: &str = "https://api.github.com";

#[derive(Debug, Deserialize)]
pub struct Repo {{
    pub full_name: String,
    pub stargazers_count: u64,
}}

pub async fn list_repos(org: &str) -> Result<Vec<Repo>, reqwest::Error> {{
    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, HeaderValue::from_static("release-bot"));
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("token {{}}", GITHUB_TOKEN)).unwrap(),
    );
    let client = reqwest::Client::builder().default_headers(headers).build()?;
    client
        .get(format!("{{}}/orgs/{{}}/repos?per_page=100", API, org))
        .send()
        .await?
        .json::<Vec<Repo>>()
        .await
}}
''')

add('d05/src/llm/client.rs', f'''use reqwest::header;
use serde_json::{{json, Value}};

pub struct Llm {{
    http: reqwest::Client,
}}

impl Llm {{
    pub fn new() -> Self {{
        let mut headers = header::HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            header::HeaderValue::from_static("Bearer sk-proj-{r(48, URL)}T3BlbkFJ{r(48, URL)}"),
        );
        headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder().default_headers(headers).build().unwrap();
        Llm {{ http }}
    }}

    pub async fn complete(&self, prompt: &str) -> reqwest::Result<Value> {{
        let body = json!({{
            "model": "gpt-4o-mini",
            "messages": [{{"role": "user", "content": prompt}}],
        }});
        self.http
            .post("https://api.openai.com/v1/chat/completions")
            .json(&body)
            .send()
            .await?
            .json()
            .await
    }}
}}
''')

add('d06/wp-config.php', f'''<?php
/**
 * The base configuration for WordPress
 */

// ** Database settings ** //
define( 'DB_NAME', 'shop_wp' );
define( 'DB_USER', 'shop_admin' );
define( 'DB_PASSWORD', '{rnd(18)}' );
define( 'DB_HOST', 'mysql-1.hosting.example.net' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );
define( 'FORCE_SSL_ADMIN', true );

if ( ! defined( 'ABSPATH' ) ) {{
	define( 'ABSPATH', __DIR__ . '/' );
}}

require_once ABSPATH . 'wp-settings.php';
''')

add('d07/application/config/email.php', f'''<?php
defined('BASEPATH') OR exit('No direct script access allowed');

$config = array();
$config['protocol']     = 'smtp';
$config['smtp_host']    = 'smtp.sendgrid.net';
$config['smtp_port']    = 587;
$config['smtp_crypto']  = 'tls';
$config['smtp_user']    = 'apikey';
$config['smtp_pass']    = 'SG.{r(22, URL)}.{r(43, URL)}';
$config['mailtype']     = 'html';
$config['charset']      = 'utf-8';
$config['newline']      = "\\r\\n";
$config['from_address'] = 'no-reply@shopfront.example';
$config['from_name']    = 'Shopfront';
''')

add('d08/src/Database.php', f'''<?php

namespace App;

use PDO;
use PDOException;

class Database
{{
    private static ?PDO $pdo = null;

    public static function connection(): PDO
    {{
        if (self::$pdo === null) {{
            $dsn = 'mysql:host=10.0.3.14;dbname=inventory;charset=utf8mb4';
            try {{
                self::$pdo = new PDO($dsn, 'inventory_rw', '{pw()}', [
                    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
                    PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
                ]);
            }} catch (PDOException $e) {{
                error_log($e->getMessage());
                throw $e;
            }}
        }}
        return self::$pdo;
    }}
}}
''')

add('d09/config/services.php', f'''<?php

return [

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.mailgun.net'),
    ],

    'twilio' => [
        'sid' => env('TWILIO_ACCOUNT_SID', 'AC{hx(32)}'),
        'token' => env('TWILIO_AUTH_TOKEN', '{hx(32)}'),
        'from' => env('TWILIO_FROM', '+15005550006'),
    ],

    'ses' => [
        'key' => env('AWS_ACCESS_KEY_ID'),
        'secret' => env('AWS_SECRET_ACCESS_KEY'),
        'region' => env('AWS_DEFAULT_REGION', 'us-east-1'),
    ],

];
''')

add('d10/Data/ReportRepository.cs', f'''using System.Collections.Generic;
using System.Data.SqlClient;

namespace Contoso.Reports.Data
{{
    public class ReportRepository
    {{
        private const string ConnectionString =
            "Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=Reports;" +
            "User ID=reportsadmin;Password={pw()};Encrypt=True;TrustServerCertificate=False;";

        public IEnumerable<string> GetReportNames()
        {{
            using (var conn = new SqlConnection(ConnectionString))
            using (var cmd = new SqlCommand("SELECT Name FROM dbo.Reports ORDER BY Name", conn))
            {{
                conn.Open();
                using (var reader = cmd.ExecuteReader())
                {{
                    while (reader.Read())
                        yield return reader.GetString(0);
                }}
            }}
        }}
    }}
}}
''')

# ---------------------------------------------------------------- positives d11..d20

add('d11/Services/MailService.cs', f"""using System.Net;
using System.Net.Mail;
using System.Threading.Tasks;

namespace Fabrikam.Notifications.Services
{{
    public class MailService
    {{
        private readonly string smtpHost = "smtp.office365.com";
        private readonly string smtpUser = "alerts@fabrikam-ops.com";
        private readonly string smtpPass = "{pw()}";

        public async Task SendAsync(string to, string subject, string body)
        {{
            using var client = new SmtpClient(smtpHost, 587)
            {{
                EnableSsl = true,
                Credentials = new NetworkCredential(smtpUser, smtpPass)
            }};
            var msg = new MailMessage(smtpUser, to, subject, body) {{ IsBodyHtml = true }};
            await client.SendMailAsync(msg);
        }}
    }}
}}
""")

add('d12/src/main/java/com/acme/alerts/SlackNotifier.java', f"""package com.acme.alerts;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;

import java.io.IOException;

public final class SlackNotifier {{

    private static final String SLACK_BOT_TOKEN = "xoxb-{random.randint(10**10, 10**12)}-{random.randint(10**11, 10**13)}-{r(24)}";
    private static final String CHANNEL = "#deploy-alerts";

    private final Slack slack = Slack.getInstance();

    public void post(String text) throws IOException, SlackApiException {{
        ChatPostMessageResponse resp = slack.methods(SLACK_BOT_TOKEN)
                .chatPostMessage(req -> req.channel(CHANNEL).text(text));
        if (!resp.isOk()) {{
            throw new IllegalStateException("slack error: " + resp.getError());
        }}
    }}
}}
""")

add('d13/src/main/java/com/acme/batch/PersistenceConfig.java', f"""package com.acme.batch;

import java.util.Properties;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

public class PersistenceConfig {{

    public static EntityManagerFactory create() {{
        Properties props = new Properties();
        props.setProperty("javax.persistence.jdbc.driver", "org.postgresql.Driver");
        props.setProperty("javax.persistence.jdbc.url", "jdbc:postgresql://db-batch.acme.local:5432/ledger");
        props.setProperty("javax.persistence.jdbc.user", "ledger_batch");
        props.setProperty("javax.persistence.jdbc.password", "{phrase()}");
        props.setProperty("hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect");
        props.setProperty("hibernate.hbm2ddl.auto", "validate");
        return Persistence.createEntityManagerFactory("ledger", props);
    }}
}}
""")

add('d14/src/main/java/org/example/legacy/CustomerDao.java', f"""package org.example.legacy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

public class CustomerDao {{

    private Connection open() throws SQLException {{
        return DriverManager.getConnection(
                "jdbc:mysql://192.168.10.21:3306/crm?useSSL=false",
                "crm_app",
                "{weak().capitalize()}!");
    }}

    public String findEmail(long id) throws SQLException {{
        try (Connection c = open();
             PreparedStatement ps = c.prepareStatement("SELECT email FROM customers WHERE id = ?")) {{
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {{
                return rs.next() ? rs.getString(1) : null;
            }}
        }}
    }}
}}
""")

add('d15/src/main/java/com/acme/auth/JwtService.java', f"""package com.acme.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.util.Date;

@Service
public class JwtService {{

    @Value("${{security.jwt.signing-key:{b64(48)}}}")
    private String jwtSigningKey;

    @Value("${{security.jwt.ttl-seconds:3600}}")
    private long ttlSeconds;

    public String issue(String subject) {{
        Date now = new Date();
        return Jwts.builder()
                .subject(subject)
                .issuedAt(now)
                .expiration(new Date(now.getTime() + ttlSeconds * 1000))
                .signWith(Keys.hmacShaKeyFor(jwtSigningKey.getBytes(StandardCharsets.UTF_8)))
                .compact();
    }}
}}
""")

add('d16/app/src/main/java/com/acme/maps/MapsConfig.kt', f"""package com.acme.maps

import com.google.android.libraries.places.api.Places
import android.content.Context

object MapsConfig {{
    const val PLACES_API_KEY = "AIza{r(35, URL)}"
    const val DEFAULT_ZOOM = 14f

    fun init(context: Context) {{
        if (!Places.isInitialized()) {{
            Places.initialize(context.applicationContext, PLACES_API_KEY)
        }}
    }}
}}
""")

add('d17/Sources/Assistant/AssistantClient.swift', f"""import Foundation

struct AssistantClient {{
    private let apiKey = "sk-ant-api03-{r(93, URL)}AA"
    private let endpoint = URL(string: "https://api.anthropic.com/v1/messages")!

    func ask(_ prompt: String) async throws -> Data {{
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue(apiKey, forHTTPHeaderField: "x-api-key")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        let body: [String: Any] = [
            "model": "claude-3-5-haiku-latest",
            "max_tokens": 512,
            "messages": [["role": "user", "content": prompt]]
        ]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, _) = try await URLSession.shared.data(for: request)
        return data
    }}
}}
""")

add('d18/Classes/APISigner.m', f"""#import "APISigner.h"
#import <CommonCrypto/CommonHMAC.h>

static NSString *const kAPIClientId = @"ios-app-{random.randint(100, 999)}";
static NSString *const kAPISecret = @"{r(40)}";

@implementation APISigner

+ (NSString *)signatureForPayload:(NSString *)payload {{
    const char *cKey = [kAPISecret cStringUsingEncoding:NSUTF8StringEncoding];
    const char *cData = [payload cStringUsingEncoding:NSUTF8StringEncoding];
    unsigned char cHMAC[CC_SHA256_DIGEST_LENGTH];
    CCHmac(kCCHmacAlgSHA256, cKey, strlen(cKey), cData, strlen(cData), cHMAC);
    NSData *hmac = [NSData dataWithBytes:cHMAC length:sizeof(cHMAC)];
    return [hmac base64EncodedStringWithOptions:0];
}}

+ (NSString *)clientId {{
    return kAPIClientId;
}}

@end
""")

add('d19/lib/services/newsletter_service.dart', f"""import 'dart:convert';
import 'package:http/http.dart' as http;

class NewsletterService {{
  static const String _apiKey = '{hx(32)}-us{random.randint(2, 21)}';
  static const String _listId = '{hx(10)}';

  Future<bool> subscribe(String email) async {{
    final dc = _apiKey.split('-').last;
    final uri = Uri.parse('https://$dc.api.mailchimp.com/3.0/lists/$_listId/members');
    final res = await http.post(
      uri,
      headers: {{
        'Authorization': 'Basic ${{base64Encode(utf8.encode('anystring:$_apiKey'))}}',
        'Content-Type': 'application/json',
      }},
      body: jsonEncode({{'email_address': email, 'status': 'subscribed'}}),
    );
    return res.statusCode == 200;
  }}
}}
""")

add('d20/config/config.exs', f"""import Config

config :storefront,
  ecto_repos: [Storefront.Repo]

config :storefront, StorefrontWeb.Endpoint,
  url: [host: "localhost"],
  secret_key_base: "{r(64, A + '+/')}",
  render_errors: [formats: [html: StorefrontWeb.ErrorHTML], layout: false],
  pubsub_server: Storefront.PubSub,
  live_view: [signing_salt: "{r(8)}"]

config :logger, :console,
  format: "$time $metadata[$level] $message\\n",
  metadata: [:request_id]

config :phoenix, :json_library, Jason

import_config "#{{config_env()}}.exs"
""")

# ---------------------------------------------------------------- positives d21..d30

add('d21/src/main/resources/application.conf', f"""akka {{
  loglevel = "INFO"
  http.server.idle-timeout = 60s
}}

app {{
  http {{
    interface = "0.0.0.0"
    port = 8080
  }}

  db {{
    profile = "slick.jdbc.PostgresProfile$"
    db {{
      url = "jdbc:postgresql://pg.analytics.internal:5432/events"
      user = "events_writer"
      password = "{phrase('.')}"
      numThreads = 10
      maxConnections = 10
    }}
  }}

  kafka.bootstrap-servers = "kafka-0.analytics.internal:9092"
}}
""")

add('d22/config/initializers/shopify.rb', f"""# frozen_string_literal: true

ShopifyAPI::Context.setup(
  api_key: "{hx(32)}",
  api_secret_key: "shpss_{hx(32)}",
  host: "https://admin.northwind-outfitters.com",
  scope: "read_orders,write_products",
  is_embedded: false,
  api_version: "2024-07",
  is_private: true,
)

Rails.application.config.x.shopify_store = "northwind-outfitters.myshopify.com"
Rails.application.config.x.shopify_admin_token = "shpat_{hx(32)}"

ShopifyAPI::Context.activate_session(
  ShopifyAPI::Auth::Session.new(
    shop: Rails.application.config.x.shopify_store,
    access_token: Rails.application.config.x.shopify_admin_token,
  ),
)
""")

add('d23/lib/tasks/sync_issues.rake', f"""require "gitlab"

namespace :issues do
  desc "Mirror open issues from the GitLab project into the support board"
  task sync: :environment do
    Gitlab.configure do |config|
      config.endpoint = ENV.fetch("GITLAB_API_URL", "https://gitlab.com/api/v4")
      config.private_token = ENV.fetch("GITLAB_TOKEN", "glpat-{r(20, URL)}")
    end

    project = ENV.fetch("GITLAB_PROJECT", "acme/platform")
    Gitlab.issues(project, state: "opened", per_page: 100).auto_paginate do |issue|
      SupportTicket.find_or_initialize_by(gitlab_iid: issue.iid).tap do |t|
        t.title = issue.title
        t.url = issue.web_url
        t.save!
      end
    end
  end
end
""")

add('d24/backend/settings/production.py', f"""from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["api.greenleaf.example", "greenleaf.example"]

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "greenleaf",
        "USER": "greenleaf",
        "PASSWORD": "{w()}{random.randint(1970, 2024)}",
        "HOST": "greenleaf-db.cluster-c9x1.eu-west-1.rds.amazonaws.com",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }}
}}

CACHES = {{
    "default": {{
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://cache.greenleaf.internal:6379/1",
    }}
}}

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
""")

add('d25/scripts/embed_docs.py', f"""import os

os.environ.setdefault("HF_TOKEN", "hf_{r(34, string.ascii_letters)}")
os.environ.setdefault("HF_HOME", "/mnt/cache/huggingface")

from huggingface_hub import InferenceClient  # noqa: E402

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def embed(texts):
    client = InferenceClient(model=MODEL, token=os.environ["HF_TOKEN"])
    return [client.feature_extraction(t) for t in texts]


if __name__ == "__main__":
    import sys

    vecs = embed(open(sys.argv[1]).read().split("\\n\\n"))
    print(len(vecs), "chunks embedded")
""")

add('d26/tools/jira_export.py', f"""#!/usr/bin/env python3
import csv
import sys

import requests

JIRA = "https://jira.corp.example.com"
AUTH = ("svc-reporting", "{pw()}")


def search(jql, start=0):
    r = requests.get(
        f"{{JIRA}}/rest/api/2/search",
        params={{"jql": jql, "startAt": start, "maxResults": 100}},
        auth=AUTH,
        timeout=30,
    )
    r.raise_for_status()
    return r.json()


def main():
    out = csv.writer(sys.stdout)
    data = search("project = OPS AND created >= -7d")
    for issue in data["issues"]:
        out.writerow([issue["key"], issue["fields"]["summary"]])


if __name__ == "__main__":
    main()
""")

add('d27/etl/upload.py', f"""import boto3
from botocore.config import Config

s3 = boto3.client(
    "s3",
    region_name="eu-central-1",
    aws_access_key_id="{aws_id()}",
    aws_secret_access_key="{aws_secret()}",
    config=Config(retries={{"max_attempts": 5}}),
)


def upload_report(path, key):
    s3.upload_file(path, "acme-nightly-reports", key, ExtraArgs={{"ServerSideEncryption": "AES256"}})
    return f"s3://acme-nightly-reports/{{key}}"


if __name__ == "__main__":
    import sys

    print(upload_report(sys.argv[1], sys.argv[2]))
""")

add('d28/app/db.py', f"""from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker, declarative_base

SQLALCHEMY_DATABASE_URL = (
    "mysql+pymysql://{r(12, LD)}:pscale_pw_{r(43, A + '_-')}"
    "@aws.connect.psdb.cloud/bookings?ssl_ca=/etc/ssl/certs/ca-certificates.crt"
)

engine = create_engine(SQLALCHEMY_DATABASE_URL, pool_pre_ping=True, pool_recycle=280)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
Base = declarative_base()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
""")

cid = str(random.randint(10**17, 10**18 - 1))
add('d29/src/bot/config.js', f"""'use strict';

const {{ GatewayIntentBits }} = require('discord.js');

module.exports = {{
  clientId: '{cid}',
  guildId: '{random.randint(10**17, 10**18 - 1)}',
  token: '{base64.b64encode(cid.encode()).decode().rstrip('=')}.{r(6, URL)}.{r(38, URL)}',
  intents: [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.MessageContent,
  ],
  prefix: '!',
  owners: ['{random.randint(10**17, 10**18 - 1)}'],
}};
""")

add('d30/src/integrations/linear.ts', f"""import axios from 'axios';

const linear = axios.create({{
  baseURL: 'https://api.linear.app',
  headers: {{
    Authorization: 'lin_api_{r(40)}',
    'Content-Type': 'application/json',
  }},
  timeout: 10_000,
}});

export async function createIssue(teamId: string, title: string, description: string) {{
  const query = `mutation IssueCreate($input: IssueCreateInput!) {{
    issueCreate(input: $input) {{ success issue {{ id identifier url }} }}
  }}`;
  const {{ data }} = await linear.post('/graphql', {{
    query,
    variables: {{ input: {{ teamId, title, description }} }},
  }});
  return data.data.issueCreate.issue;
}}
""")

# ---------------------------------------------------------------- positives d31..d40

add('d31/src/lib/crypto.ts', f"""import crypto from 'node:crypto';

const ALGO = 'aes-256-gcm';
const encryptionKey = Buffer.from(
  process.env.FIELD_ENCRYPTION_KEY || '{hx(64)}',
  'hex',
);

export function encrypt(plain: string): string {{
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv(ALGO, encryptionKey, iv);
  const enc = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [iv, tag, enc].map((b) => b.toString('base64')).join('.');
}}

export function decrypt(payload: string): string {{
  const [iv, tag, enc] = payload.split('.').map((s) => Buffer.from(s, 'base64'));
  const decipher = crypto.createDecipheriv(ALGO, encryptionKey, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(enc), decipher.final()]).toString('utf8');
}}
""")

add('d32/ci/publish-image.sh', f"""#!/usr/bin/env bash
set -euo pipefail

export DOCKERHUB_USERNAME=acmebuild
export DOCKERHUB_TOKEN=dckr_pat_{r(27, URL)}
export IMAGE=acme/edge-proxy

VERSION="$(git describe --tags --always)"

echo "$DOCKERHUB_TOKEN" | docker login -u "$DOCKERHUB_USERNAME" --password-stdin

docker buildx build \\
  --platform linux/amd64,linux/arm64 \\
  -t "$IMAGE:$VERSION" \\
  -t "$IMAGE:latest" \\
  --push .

docker logout
""")

add('d33/scripts/release.sh', f"""#!/bin/sh
# Publishes the packages under packages/* to npm.
set -e

cat > "$HOME/.npmrc" <<EOF
//registry.npmjs.org/:_authToken={ck('npm_')}
always-auth=true
access=public
EOF

for pkg in packages/*; do
  (
    cd "$pkg"
    npm publish --provenance=false
  )
done

rm -f "$HOME/.npmrc"
""")

add('d34/lib/Inventory/DB.pm', f"""package Inventory::DB;

use strict;
use warnings;
use DBI;

my $dsn  = 'DBI:mysql:database=inventory;host=db3.warehouse.lan;port=3306';
my $user = 'inv_report';
my $pass = '{pw().replace('@', '!')}';

sub connect {{
    my $dbh = DBI->connect($dsn, $user, $pass, {{
        RaiseError => 1,
        AutoCommit => 1,
        mysql_enable_utf8mb4 => 1,
    }}) or die "Cannot connect: $DBI::errstr";
    return $dbh;
}}

sub low_stock {{
    my ($dbh, $limit) = @_;
    my $sth = $dbh->prepare('SELECT sku, qty FROM stock WHERE qty < ?');
    $sth->execute($limit);
    return $sth->fetchall_arrayref({{}});
}}

1;
""")

add('d35/analysis/fetch_apm.R', f"""library(httr)
library(jsonlite)

Sys.setenv(NEW_RELIC_API_KEY = "NRAK-{r(27, UD)}")
account_id <- {random.randint(1000000, 9999999)}

nrql <- function(query) {{
  gql <- sprintf('{{ actor {{ account(id: %d) {{ nrql(query: "%s") {{ results }} }} }} }}', account_id, query)
  res <- POST(
    "https://api.newrelic.com/graphql",
    add_headers("API-Key" = Sys.getenv("NEW_RELIC_API_KEY")),
    body = list(query = gql),
    encode = "json"
  )
  stop_for_status(res)
  fromJSON(content(res, "text"))$data$actor$account$nrql$results
}}

latency <- nrql("SELECT percentile(duration, 95) FROM Transaction SINCE 1 week ago TIMESERIES 1 day")
print(latency)
""")

add('d36/lua/ratelimit.lua', f"""local redis = require "resty.redis"

local _M = {{}}

local REDIS_HOST = "10.20.0.15"
local REDIS_PORT = 6379
local redis_password = "{rnd(24)}"

function _M.incr(key, window)
    local red = redis:new()
    red:set_timeouts(100, 100, 100)
    local ok, err = red:connect(REDIS_HOST, REDIS_PORT)
    if not ok then
        return nil, err
    end
    local res, err = red:auth(redis_password)
    if not res then
        return nil, "auth failed: " .. err
    end
    local count = red:incr(key)
    if count == 1 then
        red:expire(key, window)
    end
    red:set_keepalive(10000, 100)
    return count
end

return _M
""")

add('d37/firmware/src/config.h', f"""#ifndef CONFIG_H
#define CONFIG_H

#define WIFI_SSID      "Greenhouse-IoT"
#define WIFI_PASSWORD  "{w()}{w()}{random.randint(10, 99)}"

#define MQTT_HOST      "mqtt.greenhouse-farm.net"
#define MQTT_PORT      8883
#define MQTT_CLIENT_ID "sensor-node-07"
#define MQTT_USER      "node07"
#define MQTT_PASSWORD  "{rnd(16)}"

#define PUBLISH_INTERVAL_MS 15000
#define TOPIC_TEMP     "greenhouse/07/temperature"
#define TOPIC_HUMIDITY "greenhouse/07/humidity"

#endif  // CONFIG_H
""")

add('d38/src/notifier.cpp', f"""#include <curl/curl.h>
#include <string>

namespace {{
const char kBotToken[] = "{random.randint(10**8, 10**10 - 1)}:AA{r(33, URL)}";
const char kChatId[] = "-100{random.randint(10**9, 10**10 - 1)}";
}}  // namespace

bool SendAlert(const std::string& text) {{
  CURL* curl = curl_easy_init();
  if (!curl) return false;
  std::string url = std::string("https://api.telegram.org/bot") + kBotToken + "/sendMessage";
  char* escaped = curl_easy_escape(curl, text.c_str(), static_cast<int>(text.size()));
  std::string body = std::string("chat_id=") + kChatId + "&text=" + escaped;
  curl_free(escaped);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK;
}}
""")

add('d39/db/migrations/0007_reporting_role.sql', f"""-- Read-only role for the BI dashboards
BEGIN;

CREATE ROLE reporting_ro WITH LOGIN PASSWORD '{pw().replace("'", "")}';

GRANT CONNECT ON DATABASE analytics TO reporting_ro;
GRANT USAGE ON SCHEMA public TO reporting_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting_ro;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reporting_ro;

ALTER ROLE reporting_ro SET statement_timeout = '30s';

COMMIT;
""")

add('d40/spec/fixtures/vcr_cassettes/github_releases.yml', f"""---
http_interactions:
- request:
    method: get
    uri: https://api.github.com/repos/acme/widget/releases?per_page=5
    body:
      encoding: US-ASCII
      string: ''
    headers:
      Accept:
      - application/vnd.github+json
      Authorization:
      - Bearer github_pat_{r(22, UD)}_{r(59)}
      User-Agent:
      - Octokit Ruby Gem 8.1.0
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Type:
      - application/json; charset=utf-8
      X-Ratelimit-Remaining:
      - '4997'
    body:
      encoding: UTF-8
      string: '[{{"id":{random.randint(10**8, 10**9)},"tag_name":"v2.4.1","name":"v2.4.1","draft":false}}]'
  recorded_at: Tue, 14 May 2024 09:12:44 GMT
recorded_with: VCR 6.2.0
""")

# ---------------------------------------------------------------- positives d41..d45

add('d41/db/seeds.rb', f"""# Seeds for staging and the first production boot.
# Run with: bin/rails db:seed

master_password = "{phrase(' ').title().replace(' ', '')}!"

admin = User.find_or_initialize_by(email: "ops@harborline.io")
admin.assign_attributes(
  name: "Operations",
  role: :superadmin,
  password: master_password,
  password_confirmation: master_password,
  confirmed_at: Time.current,
)
admin.save!

%w[Standard Premium Enterprise].each_with_index do |name, i|
  Plan.find_or_create_by!(name: name) do |plan|
    plan.monthly_price_cents = [0, 2900, 9900][i]
  end
end

puts "Seeded admin #{{admin.email}} and #{{Plan.count}} plans"
""")

add('d42/infra/README.md', f"""# infra

Terraform for the `acme-prod` workspaces. State lives in Terraform Cloud (org `acme`).

## Getting started

1. Install Terraform >= 1.6.
2. Put the team token in `~/.terraform.d/credentials.tfrc.json` (ask Dana if it stops working):

```json
{{
  "credentials": {{
    "app.terraform.io": {{
      "token": "{r(14)}.atlasv1.{r(67)}"
    }}
  }}
}}
```

3. Run the plan:

```sh
cd envs/prod
terraform init
terraform plan -out plan.tfplan
```

Never run `apply` from a laptop; merge to `main` and let the run trigger do it.
""")

add('d43/src/jobs/standupReminder.js', f"""const {{ WebClient }} = require('@slack/web-api');
const cron = require('node-cron');

// old token, kept until the new app is approved:
// const SLACK_TOKEN = 'xoxp-{random.randint(10**9, 10**12)}-{random.randint(10**9, 10**12)}-{random.randint(10**11, 10**13)}-{hx(32)}';
const SLACK_TOKEN = process.env.SLACK_TOKEN;

const slack = new WebClient(SLACK_TOKEN);
const CHANNEL = 'C{r(10, UD)}';

async function remind() {{
  await slack.chat.postMessage({{
    channel: CHANNEL,
    text: ':wave: Stand-up in 5 minutes! Post your update in the thread.',
  }});
}}

cron.schedule('55 9 * * 1-5', () => {{
  remind().catch((err) => console.error('reminder failed', err));
}});

module.exports = {{ remind }};
""")

pypi = 'pypi-AgEIcHlwaS5vcmcCJD' + r(150, URL)
add('d44/tools/publish.py', f"""\"\"\"Build and upload the wheel to PyPI.\"\"\"
import subprocess
import sys

# split so the push hook doesn't complain
PYPI_TOKEN = (
    "{pypi[:60]}"
    + "{pypi[60:120]}"
    + "{pypi[120:]}"
)


def main():
    subprocess.check_call([sys.executable, "-m", "build"])
    subprocess.check_call(
        [sys.executable, "-m", "twine", "upload", "--non-interactive", "dist/*"],
        env={{"TWINE_USERNAME": "__token__", "TWINE_PASSWORD": PYPI_TOKEN, "PATH": "/usr/bin:/bin"}},
    )


if __name__ == "__main__":
    main()
""")

add('d45/build.gradle.kts', f"""plugins {{
    kotlin("jvm") version "1.9.24"
    `maven-publish`
}}

group = "com.acme.payments"
version = "3.2.0"

repositories {{
    mavenCentral()
}}

publishing {{
    publications {{
        create<MavenPublication>("maven") {{
            from(components["java"])
        }}
    }}
    repositories {{
        maven {{
            name = "artifactory"
            url = uri("https://acme.jfrog.io/artifactory/libs-release-local")
            credentials {{
                username = "ci-publisher"
                password = "AKCp{random.randint(5, 8)}{r(68)}"
            }}
        }}
    }}
}}
""")

# ---------------------------------------------------------------- negatives v01..v12

add('v01/internal/payments/config.go', """package payments

import (
	"errors"
	"os"
)

type Config struct {
	SecretKey     string
	WebhookSecret string
	APIBase       string
}

var ErrMissingKey = errors.New("STRIPE_SECRET_KEY is not set")

func LoadConfig() (Config, error) {
	cfg := Config{
		SecretKey:     os.Getenv("STRIPE_SECRET_KEY"),
		WebhookSecret: os.Getenv("STRIPE_WEBHOOK_SECRET"),
		APIBase:       "https://api.stripe.com",
	}
	if cfg.SecretKey == "" {
		return Config{}, ErrMissingKey
	}
	return cfg, nil
}
""")

add('v02/config/database.php', """<?php

return [

    'default' => env('DB_CONNECTION', 'mysql'),

    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => env('DB_HOST', '127.0.0.1'),
            'port' => env('DB_PORT', '3306'),
            'database' => env('DB_DATABASE', 'forge'),
            'username' => env('DB_USERNAME', 'forge'),
            'password' => env('DB_PASSWORD', ''),
            'charset' => 'utf8mb4',
            'collation' => 'utf8mb4_unicode_ci',
            'prefix' => '',
            'strict' => true,
        ],
    ],

    'redis' => [
        'client' => env('REDIS_CLIENT', 'phpredis'),
        'default' => [
            'host' => env('REDIS_HOST', '127.0.0.1'),
            'password' => env('REDIS_PASSWORD'),
            'port' => env('REDIS_PORT', '6379'),
        ],
    ],

];
""")

add('v03/app/secrets.py', f"""import json
from functools import lru_cache

import boto3

SECRET_ID = "prod/orders-api/{uid()[:8]}"


@lru_cache(maxsize=1)
def get_db_credentials():
    client = boto3.client("secretsmanager", region_name="eu-west-1")
    resp = client.get_secret_value(SecretId=SECRET_ID)
    secret = json.loads(resp["SecretString"])
    return secret["username"], secret["password"]


def database_url():
    user, password = get_db_credentials()
    return f"postgresql://{{user}}:{{password}}@orders-db.internal:5432/orders"
""")

add('v04/src/main/java/com/acme/auth/TokenProperties.java', """package com.acme.auth;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class TokenProperties {

    @Value("${security.jwt.signing-key}")
    private String jwtSigningKey;

    @Value("${security.jwt.ttl-seconds:3600}")
    private long ttlSeconds;

    @Value("${spring.datasource.password}")
    private String dbPassword;

    public String getJwtSigningKey() {
        return jwtSigningKey;
    }

    public long getTtlSeconds() {
        return ttlSeconds;
    }

    public String getDbPassword() {
        return dbPassword;
    }
}
""")

add('v05/src/locales/en.json', """{
  "login": {
    "title": "Sign in to your account",
    "email": "Email address",
    "password": "Password",
    "confirmPassword": "Confirm password",
    "forgotPassword": "Forgot your password?",
    "submit": "Sign in"
  },
  "settings": {
    "apiKey": "API key",
    "apiKeyHelp": "Create an API key in Settings > Developers and paste it here.",
    "secret": "Client secret",
    "token": "Access token",
    "regenerate": "Regenerate",
    "copied": "Copied to clipboard"
  },
  "errors": {
    "invalidPassword": "The password you entered is incorrect.",
    "passwordTooShort": "Password must be at least 12 characters."
  }
}
""")

add('v06/tests/test_login.py', """import pytest

from app import create_app
from app.models import User, db


@pytest.fixture
def client():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})
    with app.app_context():
        db.create_all()
        db.session.add(User(username="test", password="password"))
        db.session.commit()
    yield app.test_client()


def test_login_ok(client):
    r = client.post("/login", data={"username": "test", "password": "password"})
    assert r.status_code == 302


def test_login_wrong_password(client):
    r = client.post("/login", data={"username": "test", "password": "wrong"})
    assert r.status_code == 401
""")

add('v07/docs/api-tokens.md', """# API tokens

Personal tokens authenticate scripts against the Acme API. Each token is shown once when created.

## Format

| Kind        | Prefix       | Body                                    |
|-------------|--------------|-----------------------------------------|
| Personal    | `acme_pat_`  | 36 base62 characters + 6-char checksum  |
| Service     | `acme_svc_`  | 40 base62 characters                    |
| Refresh     | `acme_rt_`   | 64 hex characters                       |

Example: `acme_pat_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`

## Using a token

```sh
curl -H "Authorization: Bearer $ACME_TOKEN" https://api.acme.example/v1/me
```

Store tokens in your secret manager; never commit them. Revoke a token from
Settings > Tokens if it leaks.
""")

add('v08/src/validation/tokens.ts', """export const TOKEN_PATTERNS: Record<string, RegExp> = {
  stripeSecret: /^sk_(live|test)_[0-9a-zA-Z]{24,99}$/,
  githubClassic: /^ghp_[A-Za-z0-9]{36}$/,
  gitlabPersonal: /^glpat-[A-Za-z0-9_-]{20}$/,
  slackBot: /^xoxb-[0-9]+-[0-9]+-[A-Za-z0-9]{24}$/,
  awsAccessKeyId: /^(AKIA|ASIA)[A-Z2-7]{16}$/,
};

export type TokenKind = keyof typeof TOKEN_PATTERNS;

export function detectTokenKind(value: string): TokenKind | null {
  for (const [kind, re] of Object.entries(TOKEN_PATTERNS)) {
    if (re.test(value.trim())) {
      return kind as TokenKind;
    }
  }
  return null;
}

export function maskToken(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}****${value.slice(-4)}`;
}
""")

add('v09/build.rs', f"""use std::{{env, fs, path::PathBuf}};

use sha2::{{Digest, Sha256}};

// Pinned artifacts fetched at build time; checksums from the upstream release pages.
const ARTIFACTS: &[(&str, &str)] = &[
    ("https://downloads.example.org/libfoo-2.3.1.tar.gz", "{hx(64)}"),
    ("https://downloads.example.org/libbar-0.9.4.tar.gz", "{hx(64)}"),
];

const BUILD_ID: &str = "{uid()}";

fn main() {{
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for (url, sha256) in ARTIFACTS {{
        let name = url.rsplit('/').next().unwrap();
        let path = out.join(name);
        let bytes = fs::read(&path).expect("artifact should be vendored into OUT_DIR");
        let digest = format!("{{:x}}", Sha256::digest(&bytes));
        assert_eq!(&digest, sha256, "checksum mismatch for {{}}", name);
    }}
    println!("cargo:rustc-env=BUILD_ID={{}}", BUILD_ID);
    println!("cargo:rerun-if-changed=build.rs");
}}
""")

pub = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + b64(260)[:342] + 'IDAQAB'
pub_lines = '\n'.join(pub[i:i + 64] for i in range(0, len(pub), 64))
add('v10/app/src/main/java/com/acme/license/LicenseVerifier.kt', f"""package com.acme.license

import java.security.KeyFactory
import java.security.PublicKey
import java.security.Signature
import java.security.spec.X509EncodedKeySpec
import java.util.Base64

object LicenseVerifier {{
    // Public half of the license signing key; the private key stays in the HSM.
    private const val LICENSE_PUBLIC_KEY = \"\"\"
-----BEGIN PUBLIC KEY-----
{pub_lines}
-----END PUBLIC KEY-----
\"\"\"

    private val publicKey: PublicKey by lazy {{
        val body = LICENSE_PUBLIC_KEY.lines().filterNot {{ it.startsWith("-----") }}.joinToString("")
        KeyFactory.getInstance("RSA").generatePublic(X509EncodedKeySpec(Base64.getDecoder().decode(body)))
    }}

    fun verify(payload: ByteArray, signature: ByteArray): Boolean =
        Signature.getInstance("SHA256withRSA").run {{
            initVerify(publicKey)
            update(payload)
            verify(signature)
        }}
}}
""")

add('v11/src/components/LoginForm.vue', """<template>
  <form class="login-form" @submit.prevent="onSubmit">
    <label for="username">{{ $t('login.email') }}</label>
    <input id="username" v-model="form.username" type="email" name="username" autocomplete="username" required />

    <label for="password">{{ $t('login.password') }}</label>
    <input id="password" v-model="form.password" type="password" name="password"
           autocomplete="current-password" placeholder="Password" minlength="12" required />

    <button type="submit" :disabled="loading">{{ $t('login.submit') }}</button>
  </form>
</template>

<script setup>
import { reactive, ref } from 'vue';
import { useAuth } from '@/composables/auth';

const { login } = useAuth();
const loading = ref(false);
const form = reactive({ username: '', password: '' });

async function onSubmit() {
  loading.value = true;
  try {
    await login(form.username, form.password);
  } finally {
    loading.value = false;
  }
}
</script>
""")

add('v12/scripts/bootstrap-env.sh', """#!/usr/bin/env bash
# Creates a local .env for development. Fill in the values before running the app.
set -euo pipefail

if [ -f .env ]; then
  echo ".env already exists, leaving it alone"
  exit 0
fi

cat > .env <<'EOF'
DATABASE_URL=postgres://app:<db-password>@localhost:5432/app_dev
OPENAI_API_KEY=YOUR_OPENAI_API_KEY
STRIPE_SECRET_KEY=sk_test_your_key_here
GITHUB_TOKEN=<your-github-token>
SESSION_SECRET=change-me
SMTP_PASSWORD=
EOF

echo "Wrote .env - now replace the placeholders with your own values."
""")

write()
