# Usage: python3 set55.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set55 (stop 31): credentials in less common languages and their config idioms
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)
import hashlib, hmac  # noqa: E402  (stdlib; used to compute labelled RFC test vectors)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
URLS = A + '-_'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'placeholder',
       'your', 'redact', 'demo', 'insert', 'replace')
WORDS = ('harbor', 'falcon', 'copper', 'maple', 'orbit', 'granite', 'lantern', 'pepper', 'willow',
         'cobalt', 'tundra', 'saffron', 'juniper', 'quartz', 'meadow', 'ember', 'glacier', 'thistle')
D5 = '-' * 5
PK = 'PRIVATE ' + 'KEY'


def clean(s: str) -> bool:
    low = s.lower()
    return not any(b in low for b in BAD)


def g(fn):
    """Draws fn() until the value carries no placeholder-like word."""
    for _ in range(1000):
        s = fn()
        if clean(s):
            return s
    raise SystemExit('could not draw a clean value')


def R(n, al=A):
    return g(lambda: r(n, al))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return base64.b64encode(rb(n)).decode()


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip('=')


def pw(n=20):
    """Machine-generated password: mixed case, digits and a few symbols."""
    return g(lambda: r(1, UP) + r(n - 3, A + '_-.!+') + r(1, DG) + r(1, LO))


def hp():
    """Human-chosen password, the kind that lives in legacy desktop apps."""
    return g(lambda: random.choice(WORDS).capitalize() + random.choice('!_.-+#') +
             random.choice(WORDS).capitalize() + str(random.randint(10, 99)))


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def fill(tpl, **kw):
    for k, v in kw.items():
        tpl = tpl.replace('\u00ab' + k + '\u00bb', str(v))
    assert '\u00ab' not in tpl, tpl[:300]
    return tpl


def indent(s, n):
    return '\n'.join((' ' * n + line) if line else line for line in s.split('\n'))


# ---- provider token shapes (drawn at run time) ----
def ghp():
    return g(lambda: ck('ghp_'))


def npm():
    return g(lambda: ck('npm_'))


def github_fine():
    return g(lambda: 'github_pat_11' + r(20, UP + DG) + '_' + r(59))


def aws_id():
    return g(lambda: 'AKIA' + r(16, UP + '234567'))


def aws_secret():
    return R(40, A + '/+')


def stripe(kind='sk'):
    return g(lambda: kind + '_live_51' + r(22, UP + DG) + r(74))


def slack_bot():
    return g(lambda: 'xoxb-' + str(random.randint(10 ** 11, 10 ** 12 - 1)) + '-' +
             str(random.randint(10 ** 12, 10 ** 13 - 1)) + '-' + r(24))


def slack_hook():
    return g(lambda: 'https://hooks.slack.com/services/T' + r(10, UP + DG) + '/B' + r(10, UP + DG) + '/' + r(24))


def sendgrid():
    return g(lambda: 'SG.' + r(22, URLS) + '.' + r(43, URLS))


def openai():
    return g(lambda: 'sk-proj-' + r(74, URLS) + 'T3BlbkFJ' + r(74, URLS))


def anthropic():
    return g(lambda: 'sk-ant-api03-' + r(93, URLS) + 'AA')


def hf():
    return g(lambda: 'hf_' + r(34, string.ascii_letters))


def glpat():
    return g(lambda: 'glpat-' + r(20, URLS))


def telegram():
    return g(lambda: str(random.randint(1000000000, 7999999999)) + ':AA' + r(33, URLS))


def discord():
    return g(lambda: b64u(str(random.randint(10 ** 17, 13 * 10 ** 17)).encode()) + '.' + r(6, URLS) + '.' + r(38, URLS))


def eth_key():
    return '0x' + hx(64)


def azure_ad_secret():
    return g(lambda: r(3, A) + str(random.randint(0, 9)) + 'Q~' + r(34, A + '_-.~'))


def jwt(payload, alg='HS256'):
    head = b64u(json.dumps({'alg': alg, 'typ': 'JWT'}, separators=(',', ':')).encode())
    body = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return g(lambda: head + '.' + body + '.' + r(43, URLS))


# ---- key material ----
def der_len(n):
    if n < 128:
        return bytes([n])
    if n < 256:
        return b'\x81' + bytes([n])
    return b'\x82' + n.to_bytes(2, 'big')


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_int(b):
    if b[0] & 0x80:
        b = b'\x00' + b
    return tlv(0x02, b)


def pem(kind, der, width=64):
    body = base64.b64encode(der).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return D5 + 'BEGIN ' + kind + D5 + '\n' + '\n'.join(lines) + '\n' + D5 + 'END ' + kind + D5


def rsa_key():
    mod = bytes([rb(1)[0] | 0x80]) + rb(255)
    parts = [b'\x00', mod, b'\x01\x00\x01', rb(256)] + [bytes([rb(1)[0] | 0x80]) + rb(127) for _ in range(5)]
    return pem('RSA ' + PK, tlv(0x30, b''.join(der_int(p) for p in parts)))


def ec_key():
    der = (bytes.fromhex('30770201010420') + rb(32) + bytes.fromhex('a00a06082a8648ce3d030107a144034200') +
           b'\x04' + rb(64))
    return pem('EC ' + PK, der)


def sstr(b):
    return len(b).to_bytes(4, 'big') + b


def openssh_key(comment):
    pk, sk = rb(32), rb(32)
    pub = sstr(b'ssh-ed25519') + sstr(pk)
    chk = rb(4)
    priv = chk + chk + sstr(b'ssh-ed25519') + sstr(pk) + sstr(sk + pk) + sstr(comment.encode())
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = (b'openssh-key-v1\x00' + sstr(b'none') + sstr(b'none') + sstr(b'') + (1).to_bytes(4, 'big') +
            sstr(pub) + sstr(priv))
    return pem('OPENSSH ' + PK, blob, 70)


def ssh_pub(comment):
    return 'ssh-ed25519 ' + base64.b64encode(sstr(b'ssh-ed25519') + sstr(rb(32))).decode() + ' ' + comment


def rsa_public_pem():
    mod = bytes([rb(1)[0] | 0x80]) + rb(255)
    rsapub = tlv(0x30, der_int(mod) + der_int(b'\x01\x00\x01'))
    algo = tlv(0x30, bytes.fromhex('06092a864886f70d0101010500'))
    return pem('PUBLIC KEY', tlv(0x30, algo + tlv(0x03, b'\x00' + rsapub)))


# =====================================================================================
# Positive cases
# =====================================================================================

# c01 Elixir / Phoenix compile-time prod config with literal secrets
add('c01/config/prod.exs', fill(r'''import Config

# Production configuration. Loaded at compile time, before runtime.exs.
# Keep this file in sync with the k8s manifests in deploy/.

config :harbor, HarborWeb.Endpoint,
  url: [host: "app.harborlane-logistics.io", port: 443, scheme: "https"],
  cache_static_manifest: "priv/static/cache_manifest.json",
  check_origin: ["https://app.harborlane-logistics.io"],
  secret_key_base: "«SKB»",
  server: true

config :harbor, Harbor.Repo,
  username: "harbor_app",
  password: "«DBPW»",
  hostname: "harbor-prod.cluster-cq7d2lmx8w1n.eu-west-1.rds.amazonaws.com",
  database: "harbor_prod",
  pool_size: 15,
  queue_target: 500,
  ssl: true

config :stripity_stripe,
  api_key: "«STRIPE»",
  json_library: Jason

config :harbor, Oban,
  repo: Harbor.Repo,
  queues: [default: 10, invoices: 5, webhooks: 20]

# Do not print debug messages in production
config :logger, level: :info
''', SKB=R(64, A + '+/'), DBPW=pw(24), STRIPE=stripe()))

# c02 Elixir module attributes: ~s sigil and an indented heredoc holding a GitHub App key
add('c02/lib/relay/notifier/sendgrid.ex', fill(r'''defmodule Relay.Notifier.Sendgrid do
  @moduledoc """
  Sends transactional mail through SendGrid's v3 API.

  Used by `Relay.Accounts` for confirmation and password-reset mails.
  """
  require Logger

  @endpoint "https://api.sendgrid.com/v3/mail/send"
  @api_key ~s(«SG»)
  @from %{email: "no-reply@relayboard.app", name: "Relayboard"}

  @spec deliver(String.t(), String.t(), String.t()) :: :ok | {:error, term()}
  def deliver(to, subject, html) do
    body = %{
      personalizations: [%{to: [%{email: to}]}],
      from: @from,
      subject: subject,
      content: [%{type: "text/html", value: html}]
    }

    headers = [
      {"authorization", "Bearer #{@api_key}"},
      {"content-type", "application/json"}
    ]

    case Req.post(@endpoint, json: body, headers: headers) do
      {:ok, %Req.Response{status: 202}} ->
        :ok

      {:ok, resp} ->
        Logger.warning("sendgrid rejected mail: #{inspect(resp.body)}")
        {:error, resp.status}

      {:error, reason} ->
        {:error, reason}
    end
  end
end
''', SG=sendgrid()))
add('c02/lib/relay/github_app.ex', fill(r'''defmodule Relay.GithubApp do
  @moduledoc """
  Mints installation tokens for the Relayboard GitHub App.
  """

  @app_id 318_442
  @private_key """
«KEY»
  """

  def app_jwt do
    now = System.system_time(:second)
    signer = Joken.Signer.create("RS256", %{"pem" => @private_key})

    {:ok, token, _claims} =
      Joken.generate_and_sign(%{}, %{"iat" => now - 60, "exp" => now + 540, "iss" => @app_id}, signer)

    token
  end

  def installation_token(installation_id) do
    Req.post!("https://api.github.com/app/installations/#{installation_id}/access_tokens",
      headers: [{"authorization", "Bearer " <> app_jwt()}, {"accept", "application/vnd.github+json"}]
    ).body["token"]
  end
end
''', KEY=indent(rsa_key(), 2)))

# c03 Erlang sys.config: proplists, a map and a binary
add('c03/config/sys.config', fill(r'''%% -*- mode: erlang -*-
%% Release configuration for ledger (prod). Rendered into _build/prod/rel/ledger/releases/*/sys.config
[
 {kernel, [
   {logger_level, info},
   {logger, [{handler, default, logger_std_h, #{formatter => {logger_formatter, #{single_line => true}}}}]}
 ]},

 {ledger, [
   {http_port, 8443},
   {acceptors, 64},
   {pg, #{host => "10.20.4.17",
          port => 5432,
          database => "ledger",
          username => "ledger_svc",
          password => "«PGPW»",
          ssl => true,
          pool_size => 20}},
   {aws, [{access_key_id, "«AKID»"},
          {secret_access_key, <<"«AKS»">>},
          {region, "eu-central-1"},
          {export_bucket, <<"ledger-exports-prod">>}]},
   {export_schedule, {daily, {2, 30, am}}}
 ]},

 {sasl, [{sasl_error_logger, false}]}
].
''', PGPW=pw(22), AKID=aws_id(), AKS=aws_secret()))

# c04 Erlang module with -define macros for a Slack bot token
add('c04/apps/alerting/src/alert_slack.erl', fill(r'''%%%-------------------------------------------------------------------
%%% @doc Posts alarm transitions from alarm_handler to #ops-alerts.
%%% @end
%%%-------------------------------------------------------------------
-module(alert_slack).

-export([notify/2]).

-define(SLACK_API, "https://slack.com/api/chat.postMessage").
-define(SLACK_TOKEN, "«TOK»").
-define(CHANNEL, <<"«CHAN»">>).

-spec notify(atom(), iodata()) -> ok | {error, term()}.
notify(Level, Text) ->
    Body = jsx:encode(#{<<"channel">> => ?CHANNEL,
                        <<"text">> => iolist_to_binary([level_emoji(Level), " ", Text])}),
    Headers = [{"Authorization", "Bearer " ++ ?SLACK_TOKEN}],
    case httpc:request(post, {?SLACK_API, Headers, "application/json; charset=utf-8", Body},
                       [{timeout, 5000}], []) of
        {ok, {{_, 200, _}, _, _}} -> ok;
        {ok, {{_, Code, _}, _, Resp}} -> {error, {Code, Resp}};
        {error, Reason} -> {error, Reason}
    end.

level_emoji(critical) -> ":rotating_light:";
level_emoji(warning) -> ":warning:";
level_emoji(_) -> ":information_source:".
''', TOK=slack_bot(), CHAN='C0' + r(9, UP + DG)))

# c05 Haskell record with AWS keys and a libpq connection string (OverloadedStrings)
add('c05/src/Render/Config.hs', fill(r'''{-# LANGUAGE OverloadedStrings #-}
-- | Runtime configuration for the tile renderer.
module Render.Config
  ( AppConfig (..)
  , prodConfig
  ) where

import Data.ByteString (ByteString)
import Data.Text (Text)

data AppConfig = AppConfig
  { cfgBucket    :: !Text
  , cfgRegion    :: !Text
  , cfgAccessKey :: !Text
  , cfgSecretKey :: !Text
  , cfgDbConnStr :: !ByteString
  , cfgWorkers   :: !Int
  } deriving (Show)

prodConfig :: AppConfig
prodConfig = AppConfig
  { cfgBucket    = "tessellate-render-output"
  , cfgRegion    = "us-west-2"
  , cfgAccessKey = "«AKID»"
  , cfgSecretKey = "«AKS»"
  , cfgDbConnStr = "host=render-db.internal port=5432 user=render password=«PGPW» dbname=tiles sslmode=require"
  , cfgWorkers   = 8
  }
''', AKID=aws_id(), AKS=aws_secret(), PGPW=pw(18).replace('.', '_')))

# c06 Haskell raw-strings-qq quasiquote holding an OpenSSH deploy key
add('c06/shake/Deploy/Keys.hs', fill(r'''{-# LANGUAGE QuasiQuotes #-}
-- | Key material used by the Shake deploy rules to rsync builds onto the render farm.
module Deploy.Keys
  ( deployKey
  , knownHosts
  ) where

import Data.ByteString (ByteString)
import Text.RawString.QQ (r)

-- | Written to a temp file with mode 0600 before invoking rsync -e "ssh -i ...".
deployKey :: ByteString
deployKey = [r|«KEY»
|]

knownHosts :: ByteString
knownHosts = [r|farm-01.render.lan «HOST1»
farm-02.render.lan «HOST2»
|]
''', KEY=openssh_key('shake-deploy@ci'), HOST1=ssh_pub('').strip(), HOST2=ssh_pub('').strip()))

# c07 OCaml let bindings and a {| |} quoted string
add('c07/bin/sms_gateway.ml', fill(r'''(* sms_gateway.ml -- sends one-time codes through Twilio *)
open Lwt.Syntax

let account_sid = "«SID»"
let auth_token = "«TOK»"
let from_number = "+14155238810"

let default_config = {|
{
  "redis": "redis://:«RPW»@cache-01.internal:6379/2",
  "code_ttl_seconds": 300,
  "max_retries": 3
}
|}

let basic_auth () =
  "Basic " ^ Base64.encode_exn (account_sid ^ ":" ^ auth_token)

let send ~to_ ~body =
  let uri =
    Uri.of_string
      (Printf.sprintf "https://api.twilio.com/2010-04-01/Accounts/%s/Messages.json" account_sid)
  in
  let headers = Cohttp.Header.of_list [ ("Authorization", basic_auth ()) ] in
  let form = [ ("To", [ to_ ]); ("From", [ from_number ]); ("Body", [ body ]) ] in
  let* resp, _ = Cohttp_lwt_unix.Client.post_form ~headers ~params:form uri in
  Lwt.return (Cohttp.Response.status resp)
''', SID='AC' + hx(32), TOK=hx(32), RPW=R(24)))

# c08 Clojure Leiningen: repository credentials and :env in profiles.clj
add('c08/project.clj', fill(r'''(defproject com.nordlicht/invoicer "2.4.1"
  :description "Invoice generation service"
  :dependencies [[org.clojure/clojure "1.11.1"]
                 [com.github.seancorfield/next.jdbc "1.3.909"]
                 [org.postgresql/postgresql "42.7.1"]
                 [environ "1.2.0"]
                 [ring/ring-jetty-adapter "1.11.0"]]
  :plugins [[lein-environ "1.2.0"]]
  :main ^:skip-aot invoicer.core
  :repositories [["releases" {:url "https://nexus.nordlicht.dev/repository/maven-releases/"
                              :username "lein-deploy"
                              :password "«NEXUS»"
                              :sign-releases false}]]
  :profiles {:uberjar {:aot :all
                       :jvm-opts ["-Dclojure.compiler.direct-linking=true"]}})
''', NEXUS=pw(20)))
add('c08/profiles.clj', fill(r''';; Merged into project.clj by Leiningen. Consumed through environ.
{:dev  {:env {:database-url "jdbc:postgresql://localhost:5432/invoicer_dev?user=invoicer&password=''' r'''invoicer"}}
 :prod {:env {:database-url "jdbc:postgresql://pg-main.nordlicht.internal:5432/invoicer?user=invoicer&password=«PGPW»&ssl=true"
              :mailgun-domain "mg.nordlicht.dev"
              :mailgun-key "key-«MG»"}}}
''', PGPW=R(22), MG=hx(32)))

# c09 EDN (aero) config: env reads for dev, a literal OpenAI key for prod
add('c09/resources/config.edn', fill(r'''{:http {:port #long #or [#env PORT 3000]
        :host "0.0.0.0"}

 :db {:jdbcUrl #profile {:dev  "jdbc:postgresql://localhost:5432/orbit_dev"
                         :prod #env DATABASE_URL}}

 ;; TODO move prod key into the secret store before launch
 :openai {:model "gpt-4o-mini"
          :api-key #profile {:dev  #env OPENAI_API_KEY
                             :prod "«OAI»"}}

 :jwt {:secret "«JWTS»"
       :ttl-minutes 60
       :issuer "orbit-api"}

 :features #include "features.edn"}
''', OAI=openai(), JWTS=R(48)))

# c10 F#: [<Literal>] connection strings (type providers need them at compile time)
add('c10/src/Invoices/Storage.fs', fill(r'''module Invoices.Storage

open System
open Azure.Storage.Blobs
open FSharp.Data.Sql

[<Literal>]
let StorageConnection =
    "DefaultEndpointsProtocol=https;AccountName=fsinvoicesprod;AccountKey=«ASK»;EndpointSuffix=core.windows.net"

// SqlProvider resolves the schema at compile time, so this must be a literal.
[<Literal>]
let DbConnection = """Server=tcp:fsinvoices-sql.database.windows.net,1433;Initial Catalog=Invoices;User ID=invoices_app;Password=«SQLPW»;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;"""

type Sql = SqlDataProvider<Common.DatabaseProviderTypes.MSSQLSERVER, DbConnection>

let containerName = "invoices"

let upload (invoiceId: Guid) (pdf: byte[]) =
    let service = BlobServiceClient(StorageConnection)
    let container = service.GetBlobContainerClient(containerName)
    let blob = container.GetBlobClient(sprintf "%O.pdf" invoiceId)
    use ms = new IO.MemoryStream(pdf)
    blob.Upload(ms, overwrite = true) |> ignore
''', ASK=b64(64), SQLPW=pw(20).replace(';', '')))

# c11 Scala / Play: HOCON application.conf
add('c11/conf/application.conf', fill(r'''# https://www.playframework.com/documentation/latest/ConfigFile
play.http.secret.key = "«PLAY»"
play.i18n.langs = ["en", "de"]
play.filters.hosts.allowed = [".quayside.io", "localhost"]

slick.dbs.default {
  profile = "slick.jdbc.PostgresProfile$"
  db {
    driver = "org.postgresql.Driver"
    url = "jdbc:postgresql://quayside-db.c2hxk4mlq0pe.eu-central-1.rds.amazonaws.com:5432/quayside"
    user = "quayside"
    password = "«PGPW»"
    numThreads = 20
  }
}

aws {
  region = "eu-central-1"
  region = ${?AWS_REGION}
}

mailer {
  provider = "sendgrid"
  sendgrid.api-key = "«SG»"
  from = "Quayside <hello@quayside.io>"
}

akka.http.server.idle-timeout = 60s
''', PLAY=R(64), PGPW=pw(20), SG=sendgrid()))

# c12 sbt: Credentials(...) inline for Nexus and GitHub Packages
add('c12/build.sbt', fill(r'''ThisBuild / organization := "io.tidewater"
ThisBuild / scalaVersion := "2.13.12"
ThisBuild / version      := "0.9.3"

lazy val root = (project in file("."))
  .settings(
    name := "tidewater-streams",
    libraryDependencies ++= Seq(
      "co.fs2"        %% "fs2-core"   % "3.9.3",
      "org.typelevel" %% "cats-effect" % "3.5.2",
      "io.tidewater"  %% "tide-proto" % "1.4.0"
    )
  )

resolvers += "GitHub Package Registry (tidewater)" at "https://maven.pkg.github.com/tidewater-io/tide-proto"

credentials += Credentials(
  "GitHub Package Registry",
  "maven.pkg.github.com",
  "tidewater-ci",
  "«GH»"
)

publishTo := Some("tidewater-releases" at "https://nexus.tidewater.io/repository/maven-releases/")
credentials += Credentials("Sonatype Nexus Repository Manager", "nexus.tidewater.io", "sbt-publisher", "«NEXUS»")
''', GH=ghp(), NEXUS=pw(18)))

# c13 Kotlin: settings.gradle.kts header credentials + a .main.kts script
add('c13/settings.gradle.kts', fill(r'''rootProject.name = "ferrum-android"

pluginManagement {
    repositories {
        gradlePluginPortal()
        google()
        mavenCentral()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        maven {
            name = "GitLab"
            url = uri("https://gitlab.com/api/v4/groups/8812345/-/packages/maven")
            credentials(HttpHeaderCredentials::class) {
                name = "Private-Token"
                value = "«GL»"
            }
            authentication {
                create<HttpHeaderAuthentication>("header")
            }
        }
    }
}

include(":app", ":core:ui", ":core:data", ":feature:checkout")
''', GL=glpat()))
add('c13/scripts/changelog.main.kts', fill(r'''#!/usr/bin/env kotlin
@file:DependsOn("com.squareup.okhttp3:okhttp:4.12.0")

import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody

// Pulls the issues completed in the current cycle from Linear and prints release notes.
val linearKey = "«LIN»"
val query = """
    { "query": "{ cycles(filter: {isActive: {eq: true}}) { nodes { issues { nodes { identifier title } } } } }" }
""".trimIndent()

val request = Request.Builder()
    .url("https://api.linear.app/graphql")
    .header("Authorization", linearKey)
    .post(query.toRequestBody("application/json".toMediaType()))
    .build()

OkHttpClient().newCall(request).execute().use { println(it.body!!.string()) }
''', LIN='lin_api_' + R(40)))

# c14 Groovy Jenkinsfile with literal environment values
add('c14/Jenkinsfile', fill(r'''pipeline {
    agent { label 'docker' }

    environment {
        REGISTRY  = 'registry.digitalocean.com/kestrel'
        IMAGE     = "${REGISTRY}/api:${env.BUILD_NUMBER}"
        DO_TOKEN  = '«DO»'
        SLACK_URL = '«HOOK»'
    }

    options {
        timeout(time: 30, unit: 'MINUTES')
        disableConcurrentBuilds()
    }

    stages {
        stage('Build') {
            steps {
                sh 'docker build -t $IMAGE .'
            }
        }
        stage('Push') {
            steps {
                sh «Q3»
                    doctl auth init -t "$DO_TOKEN"
                    doctl registry login
                    docker push "$IMAGE"
                «Q3»
            }
        }
        stage('Deploy') {
            when { branch 'main' }
            steps {
                sh 'doctl apps create-deployment 5b1e4c2a-api --wait'
            }
        }
    }

    post {
        failure {
            sh «D3»curl -s -X POST -H 'Content-type: application/json' --data '{"text":"kestrel-api build ${env.BUILD_NUMBER} failed"}' ${SLACK_URL}«D3»
        }
    }
}
''', DO='dop_v1_' + hx(64), HOOK=slack_hook(), Q3="'" * 3, D3='"' * 3))

# c15 gradle.properties committed with publishing + signing secrets, and the Groovy build using them
add('c15/gradle.properties', fill(r'''# Project-wide Gradle settings.
org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
android.useAndroidX=true
kotlin.code.style=official

GROUP=dev.lumen
VERSION_NAME=3.2.0
POM_ARTIFACT_ID=lumen-charts

# Maven Central (central.sonatype.com user token)
mavenCentralUsername=«MCU»
mavenCentralPassword=«MCP»

# GPG signing
signing.keyId=«KID»
signing.password=«SPW»
signing.secretKeyRingFile=/Users/kasia/.gnupg/secring.gpg
''', MCU=R(8), MCP=R(36), KID=hx(8).upper(), SPW=hp()))
add('c15/lumen-charts/build.gradle', r'''plugins {
    id 'com.android.library'
    id 'org.jetbrains.kotlin.android'
    id 'maven-publish'
    id 'signing'
}

android {
    namespace 'dev.lumen.charts'
    compileSdk 34
    defaultConfig { minSdk 23 }
}

publishing {
    repositories {
        maven {
            name = 'central'
            url = 'https://central.sonatype.com/api/v1/publisher'
            credentials {
                username = project.findProperty('mavenCentralUsername')
                password = project.findProperty('mavenCentralPassword')
            }
        }
    }
}

signing {
    sign publishing.publications
}
''')

# c16 Dart: service-role Supabase JWT and an OpenAI key in a raw string
add('c16/lib/core/env.dart', fill(r'''/// Compile-time configuration for the Flutter client.
class Env {
  Env._();

  static const supabaseUrl = 'https://«REF».supabase.co';

  // service key so the app can write to the audit table without RLS
  static const supabaseServiceKey =
      '«SRV»';

  static const openAiKey = r'«OAI»';

  static const chatModel = 'gpt-4o-mini';
  static const maxTokens = 512;
}
''', REF=(ref := R(20, LO)), SRV=jwt({'iss': 'supabase', 'ref': ref, 'role': 'service_role',
                                        'iat': 1712300000 + random.randint(0, 9999999),
                                        'exp': 2027800000 + random.randint(0, 9999999)}),
    OAI=openai()))
add('c16/lib/services/chat_service.dart', r'''import 'dart:convert';

import 'package:http/http.dart' as http;

import '../core/env.dart';

class ChatService {
  final http.Client _client;
  ChatService([http.Client? client]) : _client = client ?? http.Client();

  Future<String> complete(String prompt) async {
    final res = await _client.post(
      Uri.parse('https://api.openai.com/v1/chat/completions'),
      headers: {
        'Authorization': 'Bearer ${Env.openAiKey}',
        'Content-Type': 'application/json',
      },
      body: jsonEncode({
        'model': Env.chatModel,
        'max_tokens': Env.maxTokens,
        'messages': [
          {'role': 'user', 'content': prompt}
        ],
      }),
    );
    final data = jsonDecode(res.body) as Map<String, dynamic>;
    return data['choices'][0]['message']['content'] as String;
  }
}
''')

# c17 Flutter: android/key.properties and a --dart-define in launch.json
add('c17/android/key.properties', fill(r'''storePassword=«SP»
keyPassword=«KP»
keyAlias=upload
storeFile=/Users/arjun/keys/pantry-upload-keystore.jks
''', SP=pw(16), KP=pw(16)))
add('c17/.vscode/launch.json', json.dumps({
    'version': '0.2.0',
    'configurations': [
        {'name': 'pantry (debug)', 'request': 'launch', 'type': 'dart', 'program': 'lib/main.dart',
         'args': ['--flavor', 'dev']},
        {'name': 'pantry (release, prod backend)', 'request': 'launch', 'type': 'dart',
         'program': 'lib/main.dart', 'flutterMode': 'release',
         'args': ['--flavor', 'prod', '--dart-define=API_BASE=https://api.pantryapp.co',
                  '--dart-define=STRIPE_SECRET_KEY=' + stripe()]},
    ]}, indent=2) + '\n')

# c18 Nim: const bot token for dimscord
add('c18/src/quartermaster.nim', fill(r'''## Quartermaster -- Discord bot that tracks raid signups.
import std/[asyncdispatch, options, strutils, tables]
import dimscord

const
  botToken = "«DT»"
  prefix = "!"

let discord = newDiscordClient(botToken)
var signups = initTable[string, seq[string]]()

proc onReady(s: Shard, r: Ready) {.event(discord).} =
  echo "Ready as " & $r.user

proc messageCreate(s: Shard, m: Message) {.event(discord).} =
  if m.author.bot or not m.content.startsWith(prefix): return
  let args = m.content[prefix.len .. ^1].split(" ")
  case args[0]
  of "signup":
    signups.mgetOrPut(m.channel_id, @[]).add(m.author.username)
    discard await discord.api.sendMessage(m.channel_id, "Signed up " & m.author.username)
  of "list":
    discard await discord.api.sendMessage(m.channel_id, signups.getOrDefault(m.channel_id).join(", "))
  else: discard

waitFor discord.startSession(gateway_intents = {giGuildMessages, giGuilds, giMessageContent})
''', DT=discord()))

# c19 Zig: pub const token and a \\ multiline literal with a DB password
add('c19/src/config.zig', fill(r'''const std = @import("std");

pub const telegram_token = "«TG»";
pub const telegram_api = "https://api.telegram.org/bot" ++ telegram_token;

/// Used when no config.json is found next to the binary.
pub const default_config =
    \\{
    \\  "database": {
    \\    "host": "10.0.3.12",
    \\    "port": 5432,
    \\    "user": "zigbot",
    \\    "password": "«PGPW»",
    \\    "name": "alerts"
    \\  },
    \\  "poll_interval_ms": 1500
    \\}
;

pub fn load(allocator: std.mem.Allocator) !std.json.Parsed(std.json.Value) {
    const data = std.fs.cwd().readFileAlloc(allocator, "config.json", 1 << 16) catch default_config;
    return std.json.parseFromSlice(std.json.Value, allocator, data, .{});
}
''', TG=telegram(), PGPW=pw(20)))

# c20 Crystal: ENV.fetch with a live fallback secret (hard but fair)
add('c20/src/shortener.cr', fill(r'''require "kemal"
require "jwt"
require "db"
require "pg"

JWT_SECRET = ENV.fetch("JWT_SECRET", "«JWTS»")
DB_URL     = ENV["DATABASE_URL"]? || "postgres://shortener:«PGPW»@pg-prod-1.shrt.internal:5432/shortener"

DATABASE = DB.open(DB_URL)

SCHEMA = <<-SQL
  CREATE TABLE IF NOT EXISTS links (
    slug TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    owner TEXT NOT NULL,
    created_at TIMESTAMPTZ DEFAULT now()
  )
  SQL

DATABASE.exec SCHEMA

before_post "/links" do |env|
  token = env.request.headers["Authorization"]?.try &.lchop("Bearer ")
  halt env, 401 unless token
  payload, _ = JWT.decode(token, JWT_SECRET, JWT::Algorithm::HS256)
  env.set "user", payload["sub"].as_s
end

post "/links" do |env|
  slug = Random::Secure.urlsafe_base64(6)
  DATABASE.exec "INSERT INTO links (slug, target, owner) VALUES ($1, $2, $3)",
    slug, env.params.json["target"].as(String), env.get("user").as(String)
  {slug: slug}.to_json
end

Kemal.run
''', JWTS=R(40), PGPW=R(20)))

# c21 Julia: const token with $-interpolation and ENV assignment
add('c21/src/Embeddings.jl', fill(r'''module Embeddings

using HTTP, JSON3

const HF_TOKEN = "«HF»"
const MODEL = "sentence-transformers/all-MiniLM-L6-v2"
const API = "https://api-inference.huggingface.co/pipeline/feature-extraction/$MODEL"

# log runs to the team project
ENV["WANDB_API_KEY"] = "«WB»"
ENV["WANDB_PROJECT"] = "doc-embeddings"

function embed(texts::Vector{String})
    headers = ["Authorization" => "Bearer $HF_TOKEN", "Content-Type" => "application/json"]
    resp = HTTP.post(API, headers, JSON3.write(Dict("inputs" => texts)); retry = true)
    return JSON3.read(resp.body, Vector{Vector{Float64}})
end

end # module
''', HF=hf(), WB=hx(40)))

# c22 R: project .Renviron and an httr call using a Mailchimp key
add('c22/.Renviron', fill(r'''# loaded by R at startup (usethis::edit_r_environ("project"))
GITHUB_PAT=«GH»
ANTHROPIC_API_KEY=«ANT»
PGHOST=analytics-db.fieldwork.internal
PGUSER=analyst
PGPASSWORD=«PGPW»
R_MAX_VSIZE=16Gb
''', GH=ghp(), ANT=anthropic(), PGPW=pw(18)))
add('c22/R/mailchimp.R', fill(r'''#' Pull campaign stats from Mailchimp into a tibble
library(httr)
library(dplyr)

mc_key <- "«MCK»-us14"
mc_base <- "https://us14.api.mailchimp.com/3.0"

campaign_reports <- function(count = 100) {
  res <- GET(
    paste0(mc_base, "/reports"),
    authenticate("anystring", mc_key),
    query = list(count = count)
  )
  stop_for_status(res)
  reports <- content(res, as = "parsed")$reports
  bind_rows(lapply(reports, function(x) tibble(
    id = x$id,
    title = x$campaign_title,
    opens = x$opens$unique_opens,
    clicks = x$clicks$unique_clicks
  )))
}
''', MCK=hx(32)))

# c23 Starlark / Bazel: BuildBuddy key in .bazelrc and an npm token in a .bzl macro
add('c23/.bazelrc', fill(r'''common --enable_bzlmod
build --incompatible_strict_action_env
build --jobs=auto

build:remote --bes_results_url=https://app.buildbuddy.io/invocation/
build:remote --bes_backend=grpcs://remote.buildbuddy.io
build:remote --remote_cache=grpcs://remote.buildbuddy.io
build:remote --remote_timeout=3600
build:remote --remote_header=x-buildbuddy-api-key=«BB»

test --test_output=errors
''', BB=R(20)))
add('c23/tools/npm/defs.bzl', fill(r'''"""Macros for publishing the JS packages of the monorepo."""

load("@aspect_rules_js//npm:defs.bzl", "npm_package")

_REGISTRY = "https://registry.npmjs.org/"
_NPM_TOKEN = "«NPM»"

def publishable_package(name, srcs, package_name, **kwargs):
    npm_package(
        name = name,
        srcs = srcs,
        package = package_name,
        **kwargs
    )

    native.genrule(
        name = name + "_npmrc",
        outs = [name + ".npmrc"],
        cmd = "echo '//registry.npmjs.org/:_authToken={}' > $@".format(_NPM_TOKEN),
    )

    native.sh_binary(
        name = name + ".publish",
        srcs = ["//tools/npm:publish.sh"],
        data = [":" + name, ":" + name + "_npmrc"],
        args = ["$(location :{})".format(name), "--registry", _REGISTRY],
    )
''', NPM=npm()))

# c24 MATLAB: weboptions header and database() with a password
add('c24/fetch_forecast.m', fill(r'''function data = fetch_forecast(lat, lon)
%FETCH_FORECAST  Hourly forecast for one site from the Tomorrow.io v4 API.
%   data = fetch_forecast(48.137, 11.575)

apiKey = '«TIO»';
opts = weboptions('HeaderFields', {'apikey', apiKey}, ...
                  'Timeout', 30, 'ContentType', 'json');
url = sprintf('https://api.tomorrow.io/v4/weather/forecast?location=%.4f,%.4f&timesteps=1h', lat, lon);
data = webread(url, opts);
end
''', TIO=R(32)))
add('c24/load_plant_history.m', fill(r'''% LOAD_PLANT_HISTORY  Pull the last 30 days of turbine telemetry into a table.
conn = database('PlantHistorian', 'matlab_ro', '«DBPW»', ...
    'Vendor', 'Microsoft SQL Server', ...
    'Server', 'sqlhist01.plant.local', ...
    'PortNumber', 1433);

sqlquery = ['SELECT ts, turbine_id, rpm, power_kw FROM telemetry ' ...
            'WHERE ts > DATEADD(day, -30, GETDATE())'];
T = fetch(conn, sqlquery);
close(conn);

T.ts = datetime(T.ts, 'InputFormat', 'yyyy-MM-dd HH:mm:ss.SSS');
summary(T)
''', DBPW=hp()))

# c25 Fortran: a token split with // across continuation lines
_influx = base64.urlsafe_b64encode(rb(64)).decode()
add('c25/src/push_metrics.f90', fill(r'''! push_metrics.f90 -- append solver residuals to the InfluxDB bucket after each run
program push_metrics
  implicit none
  character(len=*), parameter :: influx_url = &
       'https://influx.cfd-lab.uni-rostock.de:8086/api/v2/write?org=cfd&bucket=runs&precision=s'
  character(len=*), parameter :: influx_token = &
       '«T1»' // &
       '«T2»'
  character(len=512) :: line
  character(len=2048) :: cmd
  integer :: it, ios
  real(8) :: res

  open(unit=10, file='residuals.dat', status='old', action='read', iostat=ios)
  if (ios /= 0) stop 'residuals.dat not found'
  do
     read(10, *, iostat=ios) it, res
     if (ios /= 0) exit
     write(line, '(A,I0,A,ES12.5)') 'residual,case=cavity iter=', it, 'i,value=', res
     write(cmd, '(7A)') 'curl -s -XPOST "', influx_url, '" -H "Authorization: Token ', &
          influx_token, '" --data-binary "', trim(line), '"'
     call execute_command_line(trim(cmd))
  end do
  close(10)
end program push_metrics
''', T1=_influx[:44], T2=_influx[44:]))

# c26 COBOL: WORKING-STORAGE VALUE clauses feeding EXEC SQL CONNECT and an FTP script
add('c26/src/CUSTEXTR.cbl', fill(r'''       IDENTIFICATION DIVISION.
       PROGRAM-ID. CUSTEXTR.
      *----------------------------------------------------------------
      * NIGHTLY EXTRACT OF CUSTOMER MASTER TO THE PARTNER SFTP DROP.
      * CHANGE LOG: 2019-03-11 RMK  MOVED FROM DB2 Z/OS TO DB2 LUW
      *----------------------------------------------------------------
       ENVIRONMENT DIVISION.
       INPUT-OUTPUT SECTION.
       FILE-CONTROL.
           SELECT EXTRACT-FILE ASSIGN TO 'CUSTEXTR.DAT'
               ORGANIZATION IS LINE SEQUENTIAL.
       DATA DIVISION.
       FILE SECTION.
       FD  EXTRACT-FILE.
       01  EXTRACT-REC              PIC X(200).
       WORKING-STORAGE SECTION.
           EXEC SQL INCLUDE SQLCA END-EXEC.
       01  WS-DB-CONN.
           05  WS-DB-NAME          PIC X(8)   VALUE 'CUSTPRD'.
           05  WS-DB-USER          PIC X(8)   VALUE 'BATCH01'.
           05  WS-DB-PASS          PIC X(12)  VALUE '«DBPW»'.
       01  WS-SFTP.
           05  WS-SFTP-HOST        PIC X(30)  VALUE 'sftp.partner-kessler.de'.
           05  WS-SFTP-USER        PIC X(12)  VALUE 'hanse_drop'.
           05  WS-SFTP-PASS        PIC X(16)  VALUE '«SFPW»'.
       01  WS-CMD                  PIC X(256).
       PROCEDURE DIVISION.
       MAIN-PARA.
           EXEC SQL
               CONNECT TO :WS-DB-NAME USER :WS-DB-USER
                   USING :WS-DB-PASS
           END-EXEC
           IF SQLCODE NOT = 0
               DISPLAY 'DB CONNECT FAILED ' SQLCODE
               STOP RUN
           END-IF
           PERFORM EXTRACT-PARA
           STRING 'sshpass -p ' DELIMITED BY SIZE
                  WS-SFTP-PASS DELIMITED BY SPACE
                  ' sftp ' DELIMITED BY SIZE
                  WS-SFTP-USER DELIMITED BY SPACE
                  '@' DELIMITED BY SIZE
                  WS-SFTP-HOST DELIMITED BY SPACE
                  ' < put_extract.txt' DELIMITED BY SIZE
                  INTO WS-CMD
           CALL 'SYSTEM' USING WS-CMD
           STOP RUN.
       EXTRACT-PARA.
           OPEN OUTPUT EXTRACT-FILE
           CLOSE EXTRACT-FILE.
''', DBPW=R(10, UP + DG + '#@$'), SFPW=pw(14)))

# c27 Perl: DBI->connect with a password and a Postmark server token in a heredoc-driven mailer
add('c27/bin/weekly_report.pl', fill(r'''#!/usr/bin/perl
# weekly_report.pl -- mails the sales summary every Monday (cron: 0 7 * * 1)
use strict;
use warnings;
use DBI;
use LWP::UserAgent;
use JSON::PP qw(encode_json);

my $dbh = DBI->connect(
    'dbi:mysql:database=crm;host=db2.office.lan;port=3306',
    'crm_report', '«DBPW»',
    { RaiseError => 1, mysql_enable_utf8mb4 => 1 },
) or die $DBI::errstr;

my $postmark_token = '«PM»';

my $rows = $dbh->selectall_arrayref(<<'SQL', { Slice => {} });
SELECT rep, SUM(amount) AS total
  FROM orders
 WHERE created_at >= NOW() - INTERVAL 7 DAY
 GROUP BY rep
 ORDER BY total DESC
SQL

my $body = join "\n", map { sprintf "%-20s %10.2f", $_->{rep}, $_->{total} } @$rows;

my $ua  = LWP::UserAgent->new(timeout => 20);
my $res = $ua->post(
    'https://api.postmarkapp.com/email',
    'Accept'                  => 'application/json',
    'Content-Type'            => 'application/json',
    'X-Postmark-Server-Token' => $postmark_token,
    Content => encode_json({
        From     => 'reports@brightmoor-supply.com',
        To       => 'sales-leads@brightmoor-supply.com',
        Subject  => 'Weekly sales summary',
        TextBody => $body,
    }),
);
die $res->status_line unless $res->is_success;
''', DBPW=pw(18).replace("'", ''), PM=uid()))

# c28 Raku: hash literal with a fine-grained GitHub PAT and a q:to heredoc
add('c28/bin/triage.raku', fill(r'''#!/usr/bin/env raku
use Cro::HTTP::Client;

my %conf =
    api   => 'https://api.github.com',
    token => '«GH»',
    repo  => 'wayfarer-labs/atlas';

my $client = Cro::HTTP::Client.new:
    base-uri => %conf<api>,
    headers  => [Authorization => "Bearer %conf<token>", Accept => 'application/vnd.github+json'];

my $comment = q:to/END/;
    Thanks for the report! This issue has been labelled `needs-triage`
    and will be looked at during the next weekly triage meeting.
    END

sub MAIN(Int :$since-days = 2) {
    my $resp = await $client.get("/repos/%conf<repo>/issues?state=open&labels=");
    for await($resp.body).list -> %issue {
        next if %issue<labels>.elems;
        await $client.post("/repos/%conf<repo>/issues/%issue<number>/comments",
            content-type => 'application/json', body => { body => $comment });
        say "commented on #%issue<number>";
    }
}
''', GH=github_fine()))

# c29 Tcl / Expect: switch backup script with login and enable secrets
add('c29/netops/backup_switches.exp', fill(r'''#!/usr/bin/expect -f
# backup_switches.exp -- pulls running-config from the core switches every night (cron 02:15)
set timeout 30
set user "netops"
set password "«PW»"
set enable_secret "«EN»"
set backup_dir "/srv/netbackup/[clock format [clock seconds] -format %Y-%m-%d]"
file mkdir $backup_dir

foreach host {10.1.0.1 10.1.0.2 10.1.0.3 10.1.0.4} {
    log_file -noappend "$backup_dir/$host.cfg"
    spawn ssh -o StrictHostKeyChecking=no $user@$host
    expect "assword:"
    send "$password\r"
    expect ">"
    send "enable\r"
    expect "assword:"
    send "$enable_secret\r"
    expect "#"
    send "terminal length 0\r"
    expect "#"
    send "show running-config\r"
    expect "#"
    send "exit\r"
    expect eof
    log_file
}
''', PW=pw(16), EN=pw(14)))

# c30 Lua / OpenResty: local constants for JWT verification and Redis AUTH
add('c30/lua/gateway/auth.lua', fill(r'''-- auth.lua -- access_by_lua_block handler for the edge gateway
local jwt   = require "resty.jwt"
local redis = require "resty.redis"
local cjson = require "cjson.safe"

local _M = {}

local JWT_SECRET     = "«JWTS»"
local REDIS_HOST     = "10.8.0.21"
local REDIS_PORT     = 6379
local REDIS_PASSWORD = [[«RPW»]]

local function revoked(jti)
    local red = redis:new()
    red:set_timeouts(200, 200, 200)
    local ok, err = red:connect(REDIS_HOST, REDIS_PORT)
    if not ok then
        ngx.log(ngx.ERR, "redis connect: ", err)
        return false
    end
    red:auth(REDIS_PASSWORD)
    local res = red:get("revoked:" .. jti)
    red:set_keepalive(10000, 100)
    return res and res ~= ngx.null
end

function _M.verify()
    local header = ngx.var.http_authorization
    if not header then return ngx.exit(ngx.HTTP_UNAUTHORIZED) end
    local token = header:gsub("^Bearer%s+", "")
    local obj = jwt:verify(JWT_SECRET, token)
    if not obj.verified or revoked(obj.payload.jti) then
        return ngx.exit(ngx.HTTP_UNAUTHORIZED)
    end
    ngx.req.set_header("X-User-Id", obj.payload.sub)
end

return _M
''', JWTS=R(44, A + '+/'), RPW=R(32)))

# c31 dotfiles: Neovim plugin spec with an Anthropic key and a LuaRocks upload key
add('c31/.config/nvim/lua/plugins/ai.lua', fill(r'''-- lazy.nvim spec for the AI assistant
return {
  {
    "yetone/avante.nvim",
    event = "VeryLazy",
    build = "make",
    opts = {
      provider = "claude",
      claude = {
        endpoint = "https://api.anthropic.com",
        model = "claude-3-5-sonnet-20241022",
        temperature = 0,
        max_tokens = 4096,
      },
    },
    config = function(_, opts)
      vim.env.ANTHROPIC_API_KEY = "«ANT»"
      require("avante").setup(opts)
    end,
    dependencies = { "nvim-lua/plenary.nvim", "MunifTanjim/nui.nvim" },
  },
}
''', ANT=anthropic()))
add('c31/.luarocks/upload_config.lua', fill(r'''key = "«LR»"
server = "https://luarocks.org"
''', LR=R(40)))

# c32 Ada: package spec with constant Strings (one joined with &)
add('c32/src/billing-config.ads', fill(r'''--  Billing.Config -- deployment constants for the billing daemon
package Billing.Config is

   Mailgun_Domain  : constant String := "mg.vestergaard-el.dk";
   Mailgun_API_Key : constant String := "key-«MG»";

   DB_Host     : constant String := "pg-billing.vestergaard.local";
   DB_Name     : constant String := "billing";
   DB_User     : constant String := "billing_daemon";
   DB_Password : constant String := "«P1»"
                                   & "«P2»";

   Connection_String : constant String :=
     "host=" & DB_Host & " dbname=" & DB_Name &
     " user=" & DB_User & " password=" & DB_Password;

   Invoice_Run_Hour : constant := 3;

end Billing.Config;
''', MG=hx(32), P1=(p := pw(22))[:11], P2=p[11:]))

# c33 Delphi: .dfm with FireDAC params and an Indy SMTP password, plus an ini
add('c33/Source/MainDM.dfm', fill(r'''object dmMain: TdmMain
  OldCreateOrder = False
  Height = 320
  Width = 440
  object FDConnection1: TFDConnection
    Params.Strings = (
      'Database=ERP_PROD'
      'User_Name=erp_app'
      'Password=«DBPW»'
      'Server=SQLPROD01\ERP'
      'OSAuthent=No'
      'ApplicationName=BaltekERP'
      'DriverID=MSSQL')
    LoginPrompt = False
    Left = 48
    Top = 24
  end
  object IdSMTP1: TIdSMTP
    IOHandler = IdSSLIOHandlerSocketOpenSSL1
    Host = 'smtp.office365.com'
    Password = '«SMTPPW»'
    Port = 587
    SASLMechanisms = <>
    UseTLS = utUseExplicitTLS
    Username = 'erp-notify@baltek-industrie.de'
    Left = 48
    Top = 96
  end
  object IdSSLIOHandlerSocketOpenSSL1: TIdSSLIOHandlerSocketOpenSSL
    Left = 168
    Top = 96
  end
end
''', DBPW=hp(), SMTPPW=pw(16).replace("'", '')))
add('c33/Bin/BaltekERP.ini', fill(r'''[General]
Language=DE
LastUser=mhoffmann
AutoUpdate=1

[Translation]
; DeepL API used for the product description translator
Provider=DeepL
Endpoint=https://api.deepl.com/v2/translate
AuthKey=«DL»

[Reports]
OutputDir=\\fileserv01\erp\reports
''', DL=uid()))

# c34 VBA: exported module with an Entra ID client secret and an ADO connection string
add('c34/modGraphUpload.bas', fill(r'''Attribute VB_Name = "modGraphUpload"
Option Explicit

' Uploads the monthly budget workbook to the Finance SharePoint via Microsoft Graph.
Private Const TENANT_ID As String = "«TEN»"
Private Const CLIENT_ID As String = "«CLI»"
Private Const CLIENT_SECRET As String = "«SEC»"

Public Function GetGraphToken() As String
    Dim http As Object, body As String, resp As String
    Set http = CreateObject("MSXML2.XMLHTTP")
    body = "client_id=" & CLIENT_ID & _
           "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default" & _
           "&client_secret=" & CLIENT_SECRET & _
           "&grant_type=client_credentials"
    http.Open "POST", "https://login.microsoftonline.com/" & TENANT_ID & "/oauth2/v2.0/token", False
    http.setRequestHeader "Content-Type", "application/x-www-form-urlencoded"
    http.send body
    resp = http.responseText
    GetGraphToken = Split(Split(resp, """access_token"":""")(1), """")(0)
End Function

Public Sub RefreshFromSql()
    Dim cn As Object, rs As Object
    Set cn = CreateObject("ADODB.Connection")
    cn.Open "Provider=SQLOLEDB;Data Source=FINSQL02;Initial Catalog=Budget;" & _
            "User ID=xl_budget;Password=«SQLPW»;"
    Set rs = cn.Execute("SELECT CostCenter, Month, Amount FROM dbo.Actuals WHERE FiscalYear = 2024")
    ThisWorkbook.Sheets("Actuals").Range("A2").CopyFromRecordset rs
    rs.Close: cn.Close
End Sub
''', TEN=uid(), CLI=uid(), SEC=azure_ad_secret(), SQLPW=hp()))

# c35 VBScript: WMI inventory with a domain admin password and a Teams webhook
_teams = ('https://corpnet365.webhook.office.com/webhookb2/' + uid() + '@' + uid() + '/IncomingWebhook/' +
          hx(32) + '/' + uid() + '/V2' + R(43, URLS))
add('c35/scripts/inventory.vbs', fill(r'''' inventory.vbs - collects OS / disk info from the branch servers and posts a summary to Teams
Option Explicit

Const ADMIN_USER = "CORP\svc_inventory"
Const ADMIN_PASS = "«PW»"
Const TEAMS_HOOK = "«HOOK»"

Dim arrHosts, strHost, objLocator, objWMI, colOS, objOS, strReport
arrHosts = Array("BR-FS01", "BR-FS02", "BR-DC01", "BR-APP01")

Set objLocator = CreateObject("WbemScripting.SWbemLocator")
For Each strHost In arrHosts
    On Error Resume Next
    Set objWMI = objLocator.ConnectServer(strHost, "root\cimv2", ADMIN_USER, ADMIN_PASS)
    If Err.Number <> 0 Then
        strReport = strReport & strHost & ": unreachable\n"
        Err.Clear
    Else
        Set colOS = objWMI.ExecQuery("SELECT Caption, LastBootUpTime FROM Win32_OperatingSystem")
        For Each objOS In colOS
            strReport = strReport & strHost & ": " & objOS.Caption & "\n"
        Next
    End If
    On Error GoTo 0
Next

Dim http
Set http = CreateObject("MSXML2.ServerXMLHTTP.6.0")
http.Open "POST", TEAMS_HOOK, False
http.setRequestHeader "Content-Type", "application/json"
http.send "{""text"": """ & strReport & """}"
''', PW=hp(), HOOK=_teams))

# c36 AutoIt mailer with a Gmail app password + AutoHotkey hotstring / Telegram token
add('c36/autoit/daily_report.au3', fill(r'''#include <File.au3>
#include <Date.au3>

; daily_report.au3 -- mails the front desk occupancy sheet every evening
Global Const $SMTP_SERVER = "smtp.gmail.com"
Global Const $SMTP_PORT = 465
Global Const $SMTP_USER = "frontdesk.seeblick@gmail.com"
Global Const $SMTP_PASS = "«APP»"
Global Const $REPORT = @ScriptDir & "\reports\occupancy_" & @YEAR & @MON & @MDAY & ".xlsx"

Func _SendReport()
    Local $oMail = ObjCreate("CDO.Message")
    Local $cfg = "http://schemas.microsoft.com/cdo/configuration/"
    With $oMail.Configuration.Fields
        .Item($cfg & "sendusing") = 2
        .Item($cfg & "smtpserver") = $SMTP_SERVER
        .Item($cfg & "smtpserverport") = $SMTP_PORT
        .Item($cfg & "smtpusessl") = True
        .Item($cfg & "smtpauthenticate") = 1
        .Item($cfg & "sendusername") = $SMTP_USER
        .Item($cfg & "sendpassword") = $SMTP_PASS
        .Update
    EndWith
    $oMail.From = $SMTP_USER
    $oMail.To = "management@hotel-seeblick.at"
    $oMail.Subject = "Belegung " & _NowDate()
    $oMail.AddAttachment($REPORT)
    $oMail.Send
EndFunc

_SendReport()
''', APP=' '.join(R(4, LO) for _ in range(4))))
add('c36/ahk/helpers.ahk', fill(r'''#Requires AutoHotkey v2.0
#SingleInstance Force

TG_TOKEN := "«TG»"
TG_CHAT  := "-100«CHAT»"

; type the VPN password into the FortiClient prompt
::]vpn::
{
    SendText "«VPN»"
}

; Win+Shift+N : send the selected text to the team Telegram group
#+n::
{
    A_Clipboard := ""
    Send "^c"
    ClipWait 1
    req := ComObject("WinHttp.WinHttpRequest.5.1")
    req.Open("POST", "https://api.telegram.org/bot" TG_TOKEN "/sendMessage", false)
    req.SetRequestHeader("Content-Type", "application/json")
    req.Send('{"chat_id": "' TG_CHAT '", "text": "' A_Clipboard '"}')
}
''', TG=telegram(), CHAT=r(10, DG), VPN=hp()))

# c37 PowerBuilder application object with SQLCA.LogPass
add('c37/inventory.sra', fill(r'''$PBExportHeader$inventory.sra
$PBExportComments$Generated Application Object
forward
global type inventory from application
end type
global transaction sqlca
global dynamicdescriptionarea sqlda
global dynamicstagingarea sqlsa
global error error
global message message
end forward

global type inventory from application
string appname = "inventory"
string displayname = "Warehouse Inventory"
end type
global inventory inventory

on inventory.create
appname = "inventory"
message = create message
sqlca = create transaction
sqlda = create dynamicdescriptionarea
sqlsa = create dynamicstagingarea
error = create error
end on

event open;
SQLCA.DBMS       = "SNC SQL Native Client(OLE DB)"
SQLCA.ServerName = "WHSQL01\INVENTORY"
SQLCA.LogId      = "pb_inventory"
SQLCA.LogPass    = "«PW»"
SQLCA.Database   = "Inventory"
SQLCA.AutoCommit = False
SQLCA.DBParm     = "Provider='SQLNCLI11',Database='Inventory',AppName='WHINV'"

CONNECT USING SQLCA;
IF SQLCA.SQLCode <> 0 THEN
	MessageBox("Connect failed", SQLCA.SQLErrText, StopSign!)
	HALT CLOSE
END IF

open(w_main)
end event

event close;
DISCONNECT USING SQLCA;
end event
''', PW=hp()))

# c38 ABAP: class constant with a HubSpot private app token and a string template header
add('c38/src/zcl_hubspot_sync.clas.abap', fill(r'''CLASS zcl_hubspot_sync DEFINITION
  PUBLIC
  FINAL
  CREATE PUBLIC.

  PUBLIC SECTION.
    METHODS push_contact
      IMPORTING
        iv_email TYPE string
        iv_name  TYPE string
      RAISING
        cx_static_check.

  PRIVATE SECTION.
    CONSTANTS:
      gc_base_url TYPE string VALUE 'https://api.hubapi.com',
      gc_token    TYPE string VALUE 'pat-eu1-«HS»'.
ENDCLASS.


CLASS zcl_hubspot_sync IMPLEMENTATION.

  METHOD push_contact.
    DATA lo_client TYPE REF TO if_http_client.

    cl_http_client=>create_by_url(
      EXPORTING url    = |{ gc_base_url }/crm/v3/objects/contacts|
      IMPORTING client = lo_client ).

    lo_client->request->set_method( 'POST' ).
    lo_client->request->set_header_field( name = 'Authorization' value = |Bearer { gc_token }| ).
    lo_client->request->set_content_type( 'application/json' ).
    lo_client->request->set_cdata(
      |\{"properties":\{"email":"{ iv_email }","firstname":"{ iv_name }"\}\}| ).

    lo_client->send( ).
    lo_client->receive( ).
    lo_client->close( ).
  ENDMETHOD.

ENDCLASS.
''', HS=uid()))

# c39 Hardhat config: deployer private key, Alchemy key and Etherscan key
add('c39/hardhat.config.ts', fill(r'''import { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "hardhat-gas-reporter";

const ALCHEMY_KEY = "«ALK»";
const DEPLOYER_KEY = "«PK»";

const config: HardhatUserConfig = {
  solidity: {
    version: "0.8.24",
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  networks: {
    hardhat: { chainId: 31337 },
    mainnet: {
      url: `https://eth-mainnet.g.alchemy.com/v2/${ALCHEMY_KEY}`,
      accounts: [DEPLOYER_KEY],
    },
    base: {
      url: `https://base-mainnet.g.alchemy.com/v2/${ALCHEMY_KEY}`,
      accounts: [DEPLOYER_KEY],
    },
  },
  etherscan: {
    apiKey: "«ES»",
  },
  gasReporter: { enabled: false, currency: "USD" },
};

export default config;
''', ALK=R(32, URLS), PK=eth_key(), ES=R(34, UP + DG)))

# c40 Foundry: hard-coded broadcast key in the deploy script + RPC keys in foundry.toml
add('c40/foundry.toml', fill(r'''[profile.default]
src = "src"
out = "out"
libs = ["lib"]
solc_version = "0.8.24"
optimizer = true
optimizer_runs = 10_000

[rpc_endpoints]
mainnet = "https://mainnet.infura.io/v3/«INF»"
arbitrum = "https://arbitrum-mainnet.infura.io/v3/«INF»"

[etherscan]
mainnet = { key = "«ES»" }
arbitrum = { key = "«AS»", url = "https://api.arbiscan.io/api" }
''', INF=hx(32), ES=R(34, UP + DG), AS=R(34, UP + DG)))
add('c40/script/Deploy.s.sol', fill(r'''// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script, console2} from "forge-std/Script.sol";
import {VaultRouter} from "../src/VaultRouter.sol";

contract Deploy is Script {
    address constant TREASURY = 0x«TRE»;

    function run() external {
        uint256 deployerKey = «PK»;
        vm.startBroadcast(deployerKey);
        VaultRouter router = new VaultRouter(TREASURY, 30);
        vm.stopBroadcast();
        console2.log("VaultRouter deployed at", address(router));
    }
}
''', TRE=hx(40), PK=eth_key()))

# c41 Terraform: provider token and a jsonencode() secret string
add('c41/infra/main.tf', fill(r'''terraform {
  required_version = ">= 1.6"
  required_providers {
    aws        = { source = "hashicorp/aws", version = "~> 5.40" }
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.25" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "cloudflare" {
  api_token = "«CF»"
}

resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    engine   = "postgres"
    host     = aws_db_instance.orders.address
    username = "orders_app"
    password = "«PGPW»"
  })
}

resource "cloudflare_record" "api" {
  zone_id = "«ZONE»"
  name    = "api"
  type    = "CNAME"
  value   = aws_lb.api.dns_name
  proxied = true
}
''', CF=R(40, URLS), PGPW=pw(24), ZONE=hx(32)))

# c42 Terraform CLI config credentials block + Datadog provider keys
add('c42/.terraformrc', fill(r'''plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"

credentials "app.terraform.io" {
  token = "«TFC»"
}
''', TFC=R(14) + '.atlasv1.' + R(67)))
add('c42/monitoring/datadog.tf', fill(r'''provider "datadog" {
  api_key = "«DDA»"
  app_key = "«DDP»"
  api_url = "https://api.datadoghq.eu/"
}

resource "datadog_monitor" "api_latency" {
  name    = "API p99 latency above 800ms"
  type    = "metric alert"
  query   = "percentile(last_5m):p99:trace.http.request{service:api,env:prod} > 0.8"
  message = "@pagerduty-api-oncall p99 latency is degraded"

  monitor_thresholds {
    critical = 0.8
    warning  = 0.6
  }
  tags = ["team:platform", "env:prod"]
}
''', DDA=hx(32), DDP=hx(40)))

# c43 Jsonnet (Tanka): local secrets object, std.base64 and a ||| text block
add('c43/environments/prod/main.jsonnet', fill(r'''local k = import 'k.libsonnet';
local secret = k.core.v1.secret;

local secrets = {
  grafana_token: '«GF»',
  pg_password: '«PGPW»',
};

{
  grafanaApi: secret.new('grafana-api', {
    token: std.base64(secrets.grafana_token),
  }),

  exporterConfig: k.core.v1.configMap.new('pg-exporter', {
    'queries.yaml': |||
      datasource:
        host: pg-main.monitoring.svc
        user: exporter
        password: %s
        sslmode: require
    ||| % secrets.pg_password,
  }),
}
''', GF='glsa_' + R(32) + '_' + hx(8), PGPW=pw(20)))

# c44 CUE: env values on a service definition
add('c44/deploy/services.cue', fill(r'''package deploy

#Service: {
	name:     string
	image:    string
	replicas: int | *2
	env: [string]: string
}

services: payments: #Service & {
	name:     "payments"
	image:    "ghcr.io/saltmarsh/payments:1.18.2"
	replicas: 3
	env: {
		LOG_LEVEL:         "info"
		STRIPE_SECRET_KEY: "«RK»"
		DATABASE_URL:      "postgres://payments:«PGPW»@pg-payments.saltmarsh.internal:5432/payments?sslmode=require"
	}
}

services: ledger: #Service & {
	name:  "ledger"
	image: "ghcr.io/saltmarsh/ledger:0.9.4"
	env: LOG_LEVEL: "debug"
}
''', RK=stripe('rk'), PGPW=R(22)))

# c45 Nix: nix.settings.access-tokens, a Tailscale auth key and an '' indented SQL string
add('c45/hosts/atlas/configuration.nix', fill(r'''{ config, pkgs, ... }:

{
  imports = [ ./hardware-configuration.nix ];

  networking.hostName = "atlas";
  time.timeZone = "Europe/Berlin";

  nix.settings = {
    experimental-features = [ "nix-command" "flakes" ];
    access-tokens = "github.com=«GH»";
  };

  services.tailscale = {
    enable = true;
    authKeyFile = pkgs.writeText "ts-authkey" "«TS»";
  };

  services.postgresql = {
    enable = true;
    package = pkgs.postgresql_16;
    ensureDatabases = [ "grafana" ];
    initialScript = pkgs.writeText "pg-init.sql" ''
      CREATE ROLE grafana WITH LOGIN PASSWORD '«PGPW»';
      GRANT ALL PRIVILEGES ON DATABASE grafana TO grafana;
    '';
  };

  services.grafana = {
    enable = true;
    settings.database = {
      type = "postgres";
      host = "/run/postgresql";
      user = "grafana";
    };
  };

  system.stateVersion = "24.05";
}
''', GH=ghp(), TS='tskey-auth-k' + R(10) + 'CNTRL-' + R(33), PGPW=pw(22)))


# =====================================================================================
# Negative cases (look-alikes with no live credential)
# =====================================================================================

# y01 Elixir runtime.exs: everything read from the environment (resembles c01)
add('y01/config/runtime.exs', r'''import Config

if config_env() == :prod do
  database_url =
    System.get_env("DATABASE_URL") ||
      raise """
      environment variable DATABASE_URL is missing.
      For example: ecto://USER:PASS@HOST/DATABASE
      """

  config :harbor, Harbor.Repo,
    url: database_url,
    pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
    ssl: true

  secret_key_base =
    System.get_env("SECRET_KEY_BASE") ||
      raise """
      environment variable SECRET_KEY_BASE is missing.
      You can generate one by calling: mix phx.gen.secret
      """

  config :harbor, HarborWeb.Endpoint,
    url: [host: System.get_env("PHX_HOST") || "app.harborlane-logistics.io", port: 443, scheme: "https"],
    secret_key_base: secret_key_base

  config :stripity_stripe, api_key: System.fetch_env!("STRIPE_SECRET_KEY")
end
''')

# y02 Flutter: FlutterFire options (Firebase API keys are public identifiers) + Supabase anon key
_proj = 'pantry-' + r(5, LO + DG)
_sender = str(random.randint(10 ** 11, 10 ** 12 - 1))
add('y02/lib/firebase_options.dart', fill(r'''// File generated by FlutterFire CLI.
// ignore_for_file: type=lint
import 'package:firebase_core/firebase_core.dart' show FirebaseOptions;
import 'package:flutter/foundation.dart' show defaultTargetPlatform, TargetPlatform;

class DefaultFirebaseOptions {
  static FirebaseOptions get currentPlatform {
    switch (defaultTargetPlatform) {
      case TargetPlatform.android:
        return android;
      case TargetPlatform.iOS:
        return ios;
      default:
        throw UnsupportedError('DefaultFirebaseOptions are not supported for this platform.');
    }
  }

  static const FirebaseOptions android = FirebaseOptions(
    apiKey: 'AIza«K1»',
    appId: '1:«SND»:android:«A1»',
    messagingSenderId: '«SND»',
    projectId: '«PROJ»',
    storageBucket: '«PROJ».appspot.com',
  );

  static const FirebaseOptions ios = FirebaseOptions(
    apiKey: 'AIza«K2»',
    appId: '1:«SND»:ios:«A2»',
    messagingSenderId: '«SND»',
    projectId: '«PROJ»',
    storageBucket: '«PROJ».appspot.com',
    iosBundleId: 'co.pantryapp.pantry',
  );
}
''', K1=R(35, URLS), K2=R(35, URLS), SND=_sender, A1=hx(16), A2=hx(16), PROJ=_proj))
add('y02/lib/core/env.dart', fill(r'''/// Compile-time configuration for the Flutter client.
///
/// The anon key is the public client key: every request is still subject to
/// row level security. The service_role key must never ship in the app.
class Env {
  Env._();

  static const supabaseUrl = 'https://«REF».supabase.co';
  static const supabaseAnonKey = '«ANON»';

  // Server-side only (edge functions read it from Deno.env).
  static const openAiKey = String.fromEnvironment('OPENAI_API_KEY');
}
''', REF=(ref2 := R(20, LO)), ANON=jwt({'iss': 'supabase', 'ref': ref2, 'role': 'anon',
                                         'iat': 1712300000 + random.randint(0, 9999999),
                                         'exp': 2027800000 + random.randint(0, 9999999)})))

# y03 Foundry broadcast output: transaction hashes, block hashes and addresses (resembles c40)
_deployer = '0x' + hx(40)
_txs, _rcpts = [], []
for i, cname in enumerate(['VaultRouter', 'FeeSplitter']):
    th, bh, ca = '0x' + hx(64), '0x' + hx(64), '0x' + hx(40)
    _txs.append({'hash': th, 'transactionType': 'CREATE', 'contractName': cname, 'contractAddress': ca,
                 'function': None, 'arguments': ['0x' + hx(40), '30'],
                 'transaction': {'from': _deployer, 'gas': hex(random.randint(900000, 3000000)),
                                 'value': '0x0', 'input': '0x6080604052' + hx(120),
                                 'nonce': hex(41 + i), 'chainId': '0x1'},
                 'additionalContracts': [], 'isFixedGasLimit': False})
    _rcpts.append({'status': '0x1', 'cumulativeGasUsed': hex(random.randint(10 ** 6, 9 * 10 ** 6)),
                   'logs': [], 'logsBloom': '0x' + '0' * 512, 'type': '0x2', 'transactionHash': th,
                   'transactionIndex': hex(random.randint(0, 200)), 'blockHash': bh,
                   'blockNumber': hex(19876543 + i), 'gasUsed': hex(random.randint(500000, 2500000)),
                   'effectiveGasPrice': hex(random.randint(10 ** 9, 4 * 10 ** 10)), 'from': _deployer,
                   'to': None, 'contractAddress': ca})
add('y03/broadcast/Deploy.s.sol/1/run-latest.json', json.dumps({
    'transactions': _txs, 'receipts': _rcpts, 'libraries': [], 'pending': [], 'returns': {},
    'timestamp': 1716400000 + random.randint(0, 999999), 'chain': 1,
    'commit': hx(7)}, indent=2) + '\n')
add('y03/deployments/README.md', fill(r'''# Mainnet deployments

| Contract     | Address      | Deploy tx |
|--------------|--------------|-----------|
| VaultRouter  | `«A1»` | `«T1»` |
| FeeSplitter  | `«A2»` | `«T2»` |

Broadcast artifacts live in `broadcast/Deploy.s.sol/1/`. The deployer key is held in the
team's hardware wallet; scripts are run with `forge script ... --ledger`.
''', A1=_rcpts[0]['contractAddress'], A2=_rcpts[1]['contractAddress'],
    T1=_rcpts[0]['transactionHash'], T2=_rcpts[1]['transactionHash']))

# y04 Terraform: sensitive variables, random_password and a provider lock file (resembles c41)
add('y04/infra/main.tf', r'''variable "cloudflare_api_token" {
  type      = string
  sensitive = true
}

provider "cloudflare" {
  api_token = var.cloudflare_api_token
}

resource "random_password" "db" {
  length           = 32
  special          = true
  override_special = "_-."
}

resource "aws_secretsmanager_secret" "db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    engine   = "postgres"
    host     = aws_db_instance.orders.address
    username = "orders_app"
    password = random_password.db.result
  })
}

data "aws_secretsmanager_secret_version" "datadog" {
  secret_id = "prod/monitoring/datadog"
}

provider "datadog" {
  api_key = jsondecode(data.aws_secretsmanager_secret_version.datadog.secret_string)["api_key"]
  app_key = jsondecode(data.aws_secretsmanager_secret_version.datadog.secret_string)["app_key"]
}
''')
add('y04/infra/terraform.tfvars.example', r'''# Copy to terraform.tfvars and fill in. Never commit the real file.
cloudflare_api_token = "<cloudflare-api-token>"
''')
_lock = ['# This file is maintained automatically by "terraform init".', '# Manual edits may be lost in future updates.', '']
for prov, ver in (('cloudflare/cloudflare', '4.25.0'), ('hashicorp/aws', '5.40.0'), ('hashicorp/random', '3.6.0')):
    hashes = ['    "h1:' + b64(32) + '",'] + ['    "zh:' + hx(64) + '",' for _ in range(6)]
    _lock += ['provider "registry.terraform.io/' + prov + '" {', '  version     = "' + ver + '"',
              '  constraints = "~> ' + ver.rsplit('.', 1)[0] + '"', '  hashes = ['] + hashes + ['  ]', '}', '']
add('y04/infra/.terraform.lock.hcl', '\n'.join(_lock))

# y05 Nix: flake.lock hashes/revs and sops-nix secret references (resembles c45)
_nodes = {'root': {'inputs': {'nixpkgs': 'nixpkgs', 'sops-nix': 'sops-nix', 'home-manager': 'home-manager'}}}
for name, owner, repo in (('nixpkgs', 'NixOS', 'nixpkgs'), ('sops-nix', 'Mic92', 'sops-nix'),
                          ('home-manager', 'nix-community', 'home-manager')):
    _nodes[name] = {'locked': {'lastModified': 1716000000 + random.randint(0, 999999),
                               'narHash': 'sha256-' + b64(32), 'owner': owner, 'repo': repo,
                               'rev': hx(40), 'type': 'github'},
                    'original': {'owner': owner, 'repo': repo, 'type': 'github'}}
add('y05/flake.lock', json.dumps({'nodes': _nodes, 'root': 'root', 'version': 7}, indent=2, sort_keys=True) + '\n')
add('y05/hosts/atlas/configuration.nix', fill(r'''{ config, pkgs, ... }:

{
  imports = [ ./hardware-configuration.nix ];

  sops.defaultSopsFile = ../../secrets/atlas.yaml;
  sops.secrets."nix-access-tokens" = { mode = "0440"; group = "wheel"; };
  sops.secrets."tailscale-authkey" = { };
  sops.secrets."grafana-db-password" = { owner = "grafana"; };

  nix.settings = {
    experimental-features = [ "nix-command" "flakes" ];
    substituters = [ "https://cache.nixos.org" "https://attic.atlas.lan/main" ];
    trusted-public-keys = [ "main:«CACHEPUB»" ];
  };
  nix.extraOptions = ''
    !include ${config.sops.secrets."nix-access-tokens".path}
  '';

  services.tailscale = {
    enable = true;
    authKeyFile = config.sops.secrets."tailscale-authkey".path;
  };

  services.grafana.settings.database = {
    type = "postgres";
    user = "grafana";
    password = "$__file{${config.sops.secrets."grafana-db-password".path}}";
  };

  users.users.deploy = {
    isNormalUser = true;
    openssh.authorizedKeys.keys = [ "«SSHPUB»" ];
  };

  system.stateVersion = "24.05";
}
''', CACHEPUB=b64(32), SSHPUB=ssh_pub('deploy@laptop')))

# y06 R: .Renviron template with placeholders and code that reads the environment (resembles c22)
add('y06/.Renviron.example', r'''# Copy to .Renviron (it is in .gitignore) and fill in your own values.
GITHUB_PAT=ghp_************************************
ANTHROPIC_API_KEY=<your-anthropic-key>
MAILCHIMP_KEY=YOUR_MAILCHIMP_KEY-us14
PGHOST=analytics-db.fieldwork.internal
PGUSER=analyst
PGPASSWORD=
''')
add('y06/R/mailchimp.R', r'''#' Pull campaign stats from Mailchimp into a tibble
library(httr)

mc_key <- Sys.getenv("MAILCHIMP_KEY")
if (!nzchar(mc_key)) stop("MAILCHIMP_KEY is not set; see .Renviron.example")
mc_dc <- sub(".*-", "", mc_key)
mc_base <- sprintf("https://%s.api.mailchimp.com/3.0", mc_dc)

campaign_reports <- function(count = 100) {
  res <- GET(paste0(mc_base, "/reports"), authenticate("anystring", mc_key), query = list(count = count))
  stop_for_status(res)
  content(res, as = "parsed")$reports
}
''')

# y07 Perl POD documenting a token format with placeholders (resembles c27/c28)
add('y07/lib/Keyring/GitHub.pm', r'''package Keyring::GitHub;
use strict;
use warnings;

our $VERSION = '0.07';

my $CLASSIC = qr/\Aghp_[A-Za-z0-9]{36}\z/;
my $FINE    = qr/\Agithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\z/;

sub new {
    my ($class, %args) = @_;
    my $token = $args{token} // $ENV{GITHUB_TOKEN}
        or die "No token: pass token => ... or set GITHUB_TOKEN\n";
    die "Token does not look like a GitHub token\n" unless $token =~ $CLASSIC || $token =~ $FINE;
    return bless { token => $token }, $class;
}

sub masked {
    my ($self) = @_;
    return substr($self->{token}, 0, 4) . ('*' x 8) . substr($self->{token}, -4);
}

1;

__END__

=head1 NAME

Keyring::GitHub - validate and hold a GitHub token for the triage scripts

=head1 SYNOPSIS

    use Keyring::GitHub;
    my $kr = Keyring::GitHub->new(token => $ENV{GITHUB_TOKEN});
    print $kr->masked, "\n";    # ghp_********abcd

=head1 TOKEN FORMATS

Classic personal access tokens are C<ghp_> followed by 36 base62 characters,
for instance C<ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX>. Fine-grained tokens look like
C<github_pat_E<lt>22 charsE<gt>_E<lt>59 charsE<gt>>.

Never put a real token in a script; export C<GITHUB_TOKEN> from your password manager:

    export GITHUB_TOKEN="$(op read 'op://Engineering/GitHub triage bot/token')"

=cut
''')

# y08 Haskell spec with RFC 4231 HMAC-SHA256 test vectors, clearly labelled (resembles c05/c06)
_tv = [
    ('Test Case 1', '0b' * 20, b'Hi There'),
    ('Test Case 2', b'Jefe'.hex(), b'what do ya want for nothing?'),
    ('Test Case 3', 'aa' * 20, bytes([0xdd]) * 50),
]
_tv_lines = []
for label, key_hex, data in _tv:
    mac = hmac.new(bytes.fromhex(key_hex), data, hashlib.sha256).hexdigest()
    _tv_lines.append('  -- RFC 4231, ' + label + '\n'
                     '  , Vector { vKey  = hex "' + key_hex + '"\n'
                     '           , vData = hex "' + data.hex() + '"\n'
                     '           , vMac  = hex "' + mac + '" }')
add('y08/test/Crypto/HmacSpec.hs', r'''{-# LANGUAGE OverloadedStrings #-}
-- | Known-answer tests for our HMAC-SHA256 wrapper.
-- The vectors below are copied from RFC 4231 section 4 (public test data, not secrets).
module Crypto.HmacSpec (spec) where

import qualified Data.ByteString as BS
import qualified Data.ByteString.Base16 as B16
import Test.Hspec

import Crypto.Mac (hmacSha256)

data Vector = Vector { vKey :: BS.ByteString, vData :: BS.ByteString, vMac :: BS.ByteString }

hex :: BS.ByteString -> BS.ByteString
hex = either error id . B16.decode

rfc4231 :: [Vector]
rfc4231 =
  [ Vector { vKey = "", vData = "", vMac = hmacSha256 "" "" }  -- sanity: empty input
''' + '\n'.join(_tv_lines) + r'''
  ]

spec :: Spec
spec = describe "hmacSha256" $
  it "matches the RFC 4231 known-answer vectors" $
    mapM_ (\v -> hmacSha256 (vKey v) (vData v) `shouldBe` vMac v) rfc4231
''')

# y09 Foundry: env interpolation in foundry.toml and vm.envUint in the script (resembles c40)
add('y09/foundry.toml', r'''[profile.default]
src = "src"
out = "out"
libs = ["lib"]
solc_version = "0.8.24"
optimizer = true
optimizer_runs = 10_000

[rpc_endpoints]
mainnet = "https://eth-mainnet.g.alchemy.com/v2/${ALCHEMY_API_KEY}"
sepolia = "${SEPOLIA_RPC_URL}"

[etherscan]
mainnet = { key = "${ETHERSCAN_API_KEY}" }
sepolia = { key = "${ETHERSCAN_API_KEY}" }
''')
add('y09/script/Deploy.s.sol', r'''// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script, console2} from "forge-std/Script.sol";
import {VaultRouter} from "../src/VaultRouter.sol";

contract Deploy is Script {
    function run() external {
        uint256 deployerKey = vm.envUint("PRIVATE_KEY");
        address treasury = vm.envAddress("TREASURY");
        vm.startBroadcast(deployerKey);
        VaultRouter router = new VaultRouter(treasury, 30);
        vm.stopBroadcast();
        console2.log("VaultRouter deployed at", address(router));
    }
}
''')
add('y09/.env.example', r'''# forge script script/Deploy.s.sol --rpc-url mainnet --broadcast --verify
PRIVATE_KEY=0x<deployer-private-key>
TREASURY=0x0000000000000000000000000000000000000000
ALCHEMY_API_KEY=
ETHERSCAN_API_KEY=
SEPOLIA_RPC_URL=https://eth-sepolia.g.alchemy.com/v2/${ALCHEMY_API_KEY}
''')

# y10 Delphi: login prompt on, password pulled from Windows Credential Manager (resembles c33)
add('y10/Source/MainDM.dfm', r'''object dmMain: TdmMain
  OldCreateOrder = False
  Height = 320
  Width = 440
  object FDConnection1: TFDConnection
    Params.Strings = (
      'Database=ERP_PROD'
      'User_Name=erp_app'
      'Server=SQLPROD01\ERP'
      'OSAuthent=No'
      'ApplicationName=BaltekERP'
      'DriverID=MSSQL')
    LoginPrompt = True
    BeforeConnect = FDConnection1BeforeConnect
    Left = 48
    Top = 24
  end
end
''')
add('y10/Source/MainDM.pas', r'''unit MainDM;

interface

uses
  System.SysUtils, System.Classes, FireDAC.Comp.Client, Winapi.Windows, CredentialStore;

type
  TdmMain = class(TDataModule)
    FDConnection1: TFDConnection;
    procedure FDConnection1BeforeConnect(Sender: TObject);
  end;

var
  dmMain: TdmMain;

implementation

{$R *.dfm}

procedure TdmMain.FDConnection1BeforeConnect(Sender: TObject);
var
  Cred: TStoredCredential;
begin
  // Password lives in Windows Credential Manager (target "BaltekERP/ERP_PROD"),
  // written once by the installer; nothing is kept in the .dfm or the .ini.
  if ReadGenericCredential('BaltekERP/ERP_PROD', Cred) then
    FDConnection1.Params.Password := Cred.Secret
  else
    raise Exception.Create('ERP credentials missing - run BaltekSetup.exe /credentials');
end;

end.
''')
add('y10/Bin/BaltekERP.ini', r'''[General]
Language=DE
LastUser=mhoffmann
AutoUpdate=1

[Database]
Server=SQLPROD01\ERP
Database=ERP_PROD
; Password intentionally empty: read from Credential Manager at startup
Password=

[Translation]
Provider=DeepL
Endpoint=https://api.deepl.com/v2/translate
AuthKey=<set via BaltekSetup.exe /credentials>
''')

# y11 Redacted logs from an Elixir/Erlang release (resembles c01/c03)
_log = []
for i in range(6):
    rid = uid()
    sec = random.randint(0, 58)
    _log.append('2024-05-1%d 03:1%d:%02d.%03d request_id=%s [info] POST /api/invoices' %
                (i, i, sec, random.randint(0, 499), rid))
    _log.append('2024-05-1%d 03:1%d:%02d.%03d request_id=%s trace_id=%s [info] Sent 201 in %dms' %
                (i, i, sec, random.randint(500, 999), rid, hx(32), random.randint(4, 90)))
add('y11/log/harbor.log', '\n'.join(_log) + '\n' + fill(r'''2024-05-16 03:14:07.512 [error] Postgrex.Protocol (#PID<0.2741.0>) failed to connect: ** (DBConnection.ConnectionError) tcp connect (harbor-prod.cluster-cq7d2lmx8w1n.eu-west-1.rds.amazonaws.com:5432): timeout
2024-05-16 03:14:07.513 [error] Harbor.Repo config: [username: "harbor_app", password: "**redacted**", hostname: "harbor-prod.cluster-cq7d2lmx8w1n.eu-west-1.rds.amazonaws.com", database: "harbor_prod", pool_size: 15, ssl: true]
2024-05-16 03:14:09.101 [warning] Stripe request failed: api_key=sk_live_****************************«LAST4» status=503 request_id=req_«REQ»
2024-05-16 03:14:09.102 [debug] outgoing headers: [{"authorization", "Bearer [FILTERED]"}, {"idempotency-key", "«IDEM»"}]
2024-05-16 03:14:11.880 [error] ** (exit) an exception was raised: ** (RuntimeError) environment variable SECRET_KEY_BASE is missing.
''', LAST4=R(4), REQ=R(14), IDEM=uid()))
add('y11/log/erlang.log.1', fill(r'''=ERROR REPORT==== 16-May-2024::03:14:12.004 ===
** Generic server ledger_pg terminating
** Last message in was {connect,#{host => "10.20.4.17",port => 5432,database => "ledger",
                                 username => "ledger_svc",password => "********",ssl => true}}
** Reason for termination ==
** {econnrefused,[{epgsql,connect,2,[{file,"src/epgsql.erl"},{line,241}]}]}

=INFO REPORT==== 16-May-2024::03:14:12.010 ===
    application: ledger
    exited: shutdown
    aws_access_key_id: "AKIA************«L4»"
    aws_secret_access_key: <<"[FILTERED]">>
''', L4=R(4, UP + '234567')))

# y12 EDN with public keys and documented-public client tokens (resembles c09)
_mapbox_pub = 'pk.' + b64u(json.dumps({'u': 'saltmarsh-maps', 'a': 'cl' + r(23, LO + DG)},
                                      separators=(',', ':')).encode()) + '.' + r(22, URLS)
add('y12/resources/public-config.edn', fill(r''';; Shipped to the browser bundle via shadow-cljs :closure-defines -- public values only.
{:jwt {:alg :rs256
       :issuer "https://auth.saltmarsh.io/"
       ;; verification key; the signing key stays in Vault (secret/auth/jwt-signing)
       :public-key "«PUB»"}

 :mapbox {:style "mapbox://styles/saltmarsh-maps/clx0basemap"
          :access-token "«MB»"}

 :stripe {:publishable-key "pk_live_«SPK»"}

 :deploy/authorized-keys ["«SSH1»"
                          "«SSH2»"]

 :build {:git-sha "«SHA»"
         :release-id #uuid "«UUID»"}}
''', PUB=rsa_public_pem().replace('\n', '\\n'), MB=_mapbox_pub, SPK='51' + R(22, UP + DG) + R(74),
    SSH1=ssh_pub('ana@saltmarsh'), SSH2=ssh_pub('ci@saltmarsh'), SHA=hx(40), UUID=uid()))

write()
