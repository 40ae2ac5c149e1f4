# Usage: python3 set49.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set49 (stop 31): application framework configuration
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

# ---------------------------------------------------------------------------------------------
# Helpers. Every value is drawn at run time; no credential is written literally in this file.
# ---------------------------------------------------------------------------------------------
LOW = string.ascii_lowercase
UP = string.ascii_uppercase
DIG = string.digits
URLS = A + '-_'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'passwd',
       'placeholder', 'your', 'redact', 'demo', 'secret', 'token', 'todo', 'fixme')


def clean(f):
    """Redraws until the value holds no placeholder-like word."""
    while True:
        v = f()
        if not any(b in v.lower() for b in BAD):
            return v


def T(s, **kw):
    """Fills §name§ slots of a template in one pass (values are never re-scanned)."""
    parts = s.split('§')
    assert len(parts) % 2 == 1, 'unbalanced template'
    return ''.join(kw[p] if i % 2 else p for i, p in enumerate(parts))


def rr(n, al=A):
    return clean(lambda: r(n, al))


def hh(n):
    return clean(lambda: hx(n))


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n):
    return clean(lambda: base64.b64encode(rb(n)).decode())


def b64u(n):
    return clean(lambda: base64.urlsafe_b64encode(rb(n)).decode().rstrip('='))


def num(n):
    return str(random.randint(1, 9)) + r(n - 1, DIG)


def uid():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def pw(n=None, extra='!*-_+.^'):
    """A human-set strong password: mixed case, digits, a few symbols, starts alphanumeric."""
    n = n or random.randint(14, 24)
    while True:
        v = r(n, A + extra)
        if (v[0].isalnum() and any(c.isdigit() for c in v) and any(c.islower() for c in v)
                and any(c.isupper() for c in v)
                and not any(b in v.lower() for b in BAD)):
            return v


def pwu(n=None):
    """A password that is safe inside a URL userinfo without percent-encoding."""
    return pw(n, '-_.~')


def aws_id():
    return 'AKIA' + rr(16, UP + '234567')


def aws_key():
    return rr(40, A + '+/')


def sk_live():
    return random.choice(['sk_live_' + rr(24), 'sk_live_51' + rr(97)])


def sendgrid():
    return 'SG.' + rr(22, URLS) + '.' + rr(43, URLS)


def gocspx():
    return 'GOCSPX-' + rr(28, URLS)


def gclient():
    return num(12) + '-' + rr(32, LOW + DIG) + '.apps.googleusercontent.com'


def aiza():
    return 'AIzaSy' + rr(33, URLS)


def azure_cs():
    return rr(3) + random.choice(DIG) + 'Q~' + rr(34, A + '-_.~')


def openai_key():
    return 'sk-proj-' + rr(74, URLS) + 'T3BlbkFJ' + rr(74, URLS)


def anthropic_key():
    return 'sk-ant-api03-' + rr(93, URLS) + 'AA'


def mailgun_key():
    return hh(32) + '-' + hh(8) + '-' + hh(8)


def slack_bot():
    return 'xoxb-' + num(12) + '-' + num(13) + '-' + rr(24)


def slack_hook():
    return ('https://hooks.slack.com/services/T' + rr(8, UP + DIG) + '/B' + rr(10, UP + DIG)
            + '/' + rr(24))


def ghp():
    return clean(lambda: ck('ghp_'))


def jwt(payload):
    head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip('=')
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(',', ':')).encode()).decode().rstrip('=')
    return head + '.' + body + '.' + b64u(32)


def mapbox(prefix, user):
    body = json.dumps({'u': user, 'a': rr(25, LOW + DIG)}, separators=(',', ':')).encode()
    return prefix + '.' + base64.urlsafe_b64encode(body).decode().rstrip('=') + '.' + rr(22, URLS)


def wp_salt():
    return rr(64, A + '!@#$%^&*()-_ []{}<>~`+=,.;:/?|')


def django_key():
    return rr(50, 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)')


def pick(*xs):
    return random.choice(xs)


def rds(name):
    return '%s.%s.%s.rds.amazonaws.com' % (name, rr(12, LOW + DIG), pick('eu-west-1', 'us-east-1', 'eu-central-1', 'us-west-2'))


def domain():
    return pick('northwind-logistics.com', 'brightlane.io', 'kestrelpay.eu', 'fjordtech.no',
                'tallgrass-health.com', 'orbitcart.shop', 'harborview.app', 'quillmetrics.com',
                'pinecrest-media.net', 'saltmarsh.dev', 'copperleaf.de', 'meridianfreight.co')


def js(obj):
    return json.dumps(obj, indent=2) + '\n'


# =============================================================================================
# Positive cases
# =============================================================================================

# c01 Spring Boot application.yml, multi-document with a prod profile further down the file
d = domain()
add('c01/order-service/src/main/resources/application.yml', T('''spring:
  application:
    name: order-service
  profiles:
    active: ${SPRING_PROFILES_ACTIVE:local}
  jpa:
    open-in-view: false
    hibernate:
      ddl-auto: validate
    properties:
      hibernate.jdbc.time_zone: UTC
  flyway:
    enabled: true
    locations: classpath:db/migration

server:
  port: 8080
  shutdown: graceful
  forward-headers-strategy: framework

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
  endpoint:
    health:
      probes:
        enabled: true

orders:
  notification-from: orders@§d§
  reservation-timeout: 15m

---
spring:
  config:
    activate:
      on-profile: local
  datasource:
    url: jdbc:h2:mem:orders;MODE=PostgreSQL;DB_CLOSE_DELAY=-1
    username: sa
    password:
  h2:
    console:
      enabled: true

---
spring:
  config:
    activate:
      on-profile: prod
  datasource:
    url: jdbc:postgresql://§dbhost§:5432/orders?sslmode=require
    username: orders_app
    password: "§dbpw§"
    hikari:
      maximum-pool-size: 20
      connection-timeout: 5000
  mail:
    host: smtp.sendgrid.net
    port: 587
    username: apikey
    password: §sg§
    properties:
      mail.smtp.auth: true
      mail.smtp.starttls.enable: true
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: Iv1.§ghid§
            client-secret: §ghsec§
            scope: read:user,user:email
''', d=d, dbhost=rds('orders-prod'), dbpw=pw(), sg=sendgrid(), ghid=hh(16), ghsec=hh(40)))

# c02 Spring application-prod.properties, with escaped colons and several secrets
add('c02/inventory/src/main/resources/application-prod.properties', T(r'''# Production overrides -- loaded with --spring.profiles.active=prod
# Keep in sync with application-staging.properties

server.port=8443
server.ssl.enabled=true
server.ssl.key-store=classpath:keystore/inventory.p12
server.ssl.key-store-type=PKCS12
server.ssl.key-store-password=§kspw§
server.ssl.key-alias=inventory

spring.datasource.url=jdbc\:mysql\://§dbhost§\:3306/inventory?useSSL\=true&serverTimezone\=UTC
spring.datasource.username=inventory_rw
spring.datasource.password=§dbpw§
spring.datasource.hikari.maximum-pool-size=30
spring.jpa.hibernate.ddl-auto=none
spring.jpa.show-sql=false

spring.rabbitmq.host=mq-prod-01.internal
spring.rabbitmq.port=5671
spring.rabbitmq.ssl.enabled=true
spring.rabbitmq.username=inventory
spring.rabbitmq.password=§mqpw§
spring.rabbitmq.virtual-host=/inventory

app.jwt.secret=§jwt§
app.jwt.expiration-ms=3600000
app.jwt.issuer=https://inventory.§d§

# S3 bucket for product images (spring-cloud-aws)
spring.cloud.aws.credentials.access-key=§akid§
spring.cloud.aws.credentials.secret-key=§akey§
spring.cloud.aws.region.static=eu-central-1
app.images.bucket=inventory-product-images-prod

logging.level.root=INFO
logging.level.com.§pkg§.inventory=INFO
management.endpoints.web.exposure.include=health,info
''', kspw=pw(), dbhost=rds('inventory'), dbpw=pw(), mqpw=pw(), jwt=b64(64), d=domain(),
     akid=aws_id(), akey=aws_key(), pkg=pick('acme', 'northwind', 'brightlane')))

# c03 Spring Cloud bootstrap.yml: config-server basic auth in URI and a Vault token
d = domain()
add('c03/payments-gateway/src/main/resources/bootstrap.yml', T('''# Loaded before application.yml (spring-cloud-starter-bootstrap)
spring:
  application:
    name: payments-gateway
  cloud:
    config:
      uri: https://configadmin:''' '''§cfgpw§@config.internal.§d§:8888
      label: main
      fail-fast: true
      retry:
        initial-interval: 2000
        max-attempts: 6
    vault:
      enabled: true
      host: vault.internal.§d§
      port: 8200
      scheme: https
      authentication: TOKEN
      token: hvs.§vt§
      kv:
        enabled: true
        backend: secret
        default-context: payments-gateway
        profile-separator: '/'
      fail-fast: true

encrypt:
  fail-on-error: true
''', d=d, cfgpw=pwu(), vt=rr(24)))

# c04 Quarkus application.properties with %prod. profile keys
d = domain()
add('c04/claims-api/src/main/resources/application.properties', T('''quarkus.application.name=claims-api
quarkus.http.port=8080
quarkus.http.cors=true
quarkus.http.cors.origins=https://portal.§d§

# Datasource -- dev/test use Dev Services (Testcontainers)
quarkus.datasource.db-kind=postgresql
%dev.quarkus.datasource.devservices.enabled=true
%prod.quarkus.datasource.username=claims
%prod.quarkus.datasource.password=§dbpw§
%prod.quarkus.datasource.jdbc.url=jdbc:postgresql://§dbhost§:5432/claims
%prod.quarkus.datasource.jdbc.max-size=24
quarkus.hibernate-orm.database.generation=none
quarkus.flyway.migrate-at-start=true

# OIDC (Keycloak realm "claims")
quarkus.oidc.auth-server-url=https://sso.§d§/realms/claims
quarkus.oidc.client-id=claims-api
%prod.quarkus.oidc.credentials.secret=§kc§
quarkus.oidc.application-type=service

# Outgoing mail
quarkus.mailer.from=claims-noreply@§d§
quarkus.mailer.host=smtp.eu.mailgun.org
quarkus.mailer.port=587
quarkus.mailer.start-tls=REQUIRED
quarkus.mailer.username=postmaster@mg.§d§
%prod.quarkus.mailer.password=§mg§
%dev.quarkus.mailer.mock=true

quarkus.log.console.json=true
%dev.quarkus.log.console.json=false
quarkus.smallrye-health.root-path=/health
''', d=d, dbpw=pw(), dbhost=rds('claims'), kc=rr(32), mg=mailgun_key()))

# c05 Micronaut application-prod.yml: JWT generator secret, datasource and Redis URI
add('c05/catalog/src/main/resources/application-prod.yml', T('''micronaut:
  application:
    name: catalog
  server:
    port: 8081
    cors:
      enabled: true
  security:
    authentication: bearer
    token:
      jwt:
        signatures:
          secret:
            generator:
              secret: '§jwt§'
              jws-algorithm: HS256
        generator:
          access-token:
            expiration: 1800
datasources:
  default:
    url: jdbc:mariadb://§dbhost§:3306/catalog
    driverClassName: org.mariadb.jdbc.Driver
    username: catalog
    password: '§dbpw§'
    dialect: MYSQL
    maximum-pool-size: 16
jpa:
  default:
    entity-scan:
      packages: 'com.§pkg§.catalog.domain'
    properties:
      hibernate:
        hbm2ddl:
          auto: none
redis:
  uri: redis://default:''' '''§redispw§@catalog-cache.§cachehost§.cache.amazonaws.com:6379
  timeout: 3s
endpoints:
  health:
    enabled: true
    sensitive: false
''', jwt=rr(48), dbhost=rds('catalog'), dbpw=pw(), pkg=pick('orbitcart', 'quill', 'meridian'),
     redispw=pwu(32), cachehost=rr(6, LOW + DIG) + '.ng.0001.euw1'))

# c06 ASP.NET Core appsettings.Production.json
d = domain()
add('c06/src/Shop.Api/appsettings.Production.json', js({
    'Logging': {'LogLevel': {'Default': 'Information', 'Microsoft.AspNetCore': 'Warning',
                             'Microsoft.EntityFrameworkCore.Database.Command': 'Warning'}},
    'AllowedHosts': '*',
    'ConnectionStrings': {
        'DefaultConnection': 'Server=tcp:%s.database.windows.net,1433;Initial Catalog=Shop;Persist Security Info=False;User ID=shopadmin;Password=%s;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;' % (pick('shop-sql-prod', 'sqlsrv-shop-weu'), pw()),
    },
    'Jwt': {'Issuer': 'https://api.' + d, 'Audience': 'shop-spa', 'Key': b64(48), 'ExpiresMinutes': 60},
    'Stripe': {'PublishableKey': 'pk_live_51' + rr(97), 'SecretKey': sk_live(),
               'WebhookSecret': 'whsec_' + rr(32)},
    'Smtp': {'Host': 'smtp.office365.com', 'Port': 587, 'EnableSsl': True,
             'UserName': 'shop-notifications@' + d, 'Password': pw(), 'From': 'Shop <shop-notifications@%s>' % d},
    'Cors': {'AllowedOrigins': ['https://' + d, 'https://www.' + d]},
}))

# c07 classic ASP.NET web.config: XML-escaped password, Azure storage key, SMTP password, machineKey
sqlpw = pw(18, '!*-_+.^&')
if '&' not in sqlpw:
    sqlpw = sqlpw[:7] + '&' + sqlpw[8:]
d = domain()
acct = pick('erpdocs', 'erpattach', 'invoicestore') + rr(4, LOW + DIG)
add('c07/ERP.Web/Web.config', T(r'''<?xml version="1.0" encoding="utf-8"?>
<!--
  For more information on how to configure your ASP.NET application, please visit
  https://go.microsoft.com/fwlink/?LinkId=301880
  -->
<configuration>
  <configSections>
    <section name="entityFramework" type="System.Data.Entity.Internal.ConfigFile.EntityFrameworkSection, EntityFramework, Version=6.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089" requirePermission="false" />
  </configSections>
  <connectionStrings>
    <add name="ERPContext" connectionString="Data Source=SQL02\ERP;Initial Catalog=ERP_Live;User ID=erp_web;Password=''' r'''§sqlpw§;MultipleActiveResultSets=True" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="webpages:Version" value="3.0.0.0" />
    <add key="webpages:Enabled" value="false" />
    <add key="ClientValidationEnabled" value="true" />
    <add key="UnobtrusiveJavaScriptEnabled" value="true" />
    <add key="AttachmentStorage" value="DefaultEndpointsProtocol=https;AccountName=§acct§;AccountKey=§acctkey§;EndpointSuffix=core.windows.net" />
    <add key="AttachmentContainer" value="erp-attachments" />
  </appSettings>
  <system.net>
    <mailSettings>
      <smtp from="erp-noreply@§d§" deliveryMethod="Network">
        <network host="smtp.office365.com" port="587" userName="erp-noreply@§d§" password="§smtppw§" enableSsl="true" defaultCredentials="false" />
      </smtp>
    </mailSettings>
  </system.net>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <httpRuntime targetFramework="4.8" maxRequestLength="51200" />
    <machineKey validationKey="§vk§" decryptionKey="§dk§" validation="HMACSHA256" decryption="AES" />
    <customErrors mode="RemoteOnly" defaultRedirect="~/Error" />
    <sessionState mode="InProc" timeout="30" />
  </system.web>
  <system.webServer>
    <modules runAllManagedModulesForAllRequests="true" />
    <httpProtocol>
      <customHeaders>
        <remove name="X-Powered-By" />
      </customHeaders>
    </httpProtocol>
  </system.webServer>
</configuration>
''', sqlpw=sqlpw.replace('&', '&amp;'), acct=acct, acctkey=b64(64), d=d, smtppw=pw(),
     vk=hh(128).upper(), dk=hh(64).upper()))

# c08 ASP.NET Core user secrets copied into the project directory
usid = uid()
add('c08/src/Portal.Web/Portal.Web.csproj', T('''<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <UserSecretsId>§usid§</UserSecretsId>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.AspNetCore.Authentication.Google" Version="8.0.4" />
    <PackageReference Include="Microsoft.Identity.Web" Version="2.17.5" />
    <PackageReference Include="Microsoft.Extensions.Caching.StackExchangeRedis" Version="8.0.4" />
  </ItemGroup>

</Project>
''', usid=usid))
add('c08/src/Portal.Web/secrets.json', js({
    'Authentication:Google:ClientId': gclient(),
    'Authentication:Google:ClientSecret': gocspx(),
    'AzureAd:Instance': 'https://login.microsoftonline.com/',
    'AzureAd:TenantId': uid(),
    'AzureAd:ClientId': uid(),
    'AzureAd:ClientSecret': azure_cs(),
    'ConnectionStrings:Redis': 'portal-cache.redis.cache.windows.net:6380,password=%s,ssl=True,abortConnect=False' % b64(32),
}))

# c09 Django settings.py with SECRET_KEY, DB password, Gmail app password and S3 keys
d = domain()
add('c09/marketplace/marketplace/settings.py', T('''"""
Django settings for marketplace project.

Generated by 'django-admin startproject' using Django 4.2.11.

For more information on this file, see
https://docs.djangoproject.com/en/4.2/topics/settings/
"""

from pathlib import Path

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = '§key§'

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = False

ALLOWED_HOSTS = ['§d§', 'www.§d§']
CSRF_TRUSTED_ORIGINS = ['https://§d§', 'https://www.§d§']

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
    'storages',
    'rest_framework',
    'listings',
    'orders',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'whitenoise.middleware.WhiteNoiseMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

ROOT_URLCONF = 'marketplace.urls'
WSGI_APPLICATION = 'marketplace.wsgi.application'

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'marketplace',
        'USER': 'marketplace',
        'PASSWORD': '§dbpw§',
        'HOST': '§dbhost§',
        'PORT': '5432',
        'CONN_MAX_AGE': 60,
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},
    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},
    {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'},
    {'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'},
]

LANGUAGE_CODE = 'en-us'
TIME_ZONE = 'Europe/London'
USE_I18N = True
USE_TZ = True

STATIC_URL = 'static/'
STATIC_ROOT = BASE_DIR / 'staticfiles'

# Media on S3 (django-storages)
AWS_ACCESS_KEY_ID = '§akid§'
AWS_SECRET_ACCESS_KEY = '§akey§'
AWS_STORAGE_BUCKET_NAME = 'marketplace-media-prod'
AWS_S3_REGION_NAME = 'eu-west-2'
AWS_QUERYSTRING_AUTH = False
DEFAULT_FILE_STORAGE = 'storages.backends.s3boto3.S3Boto3Storage'

# Email
EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'
EMAIL_HOST = 'smtp.gmail.com'
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = 'orders@§d§'
EMAIL_HOST_PASSWORD = ''' ''''§gapp§'
DEFAULT_FROM_EMAIL = 'Marketplace <orders@§d§>'

DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'
''', key=django_key(), d=d, dbpw=pw(), dbhost=rds('marketplace'), akid=aws_id(), akey=aws_key(),
     gapp=' '.join(rr(4, LOW) for _ in range(4))))

# c10 Django split settings: production.py falls back to a real key; social-auth secret literal
add('c10/config/settings/base.py', '''import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "social_django",
    "apps.accounts",
    "apps.projects",
]

AUTHENTICATION_BACKENDS = (
    "social_core.backends.github.GithubOAuth2",
    "social_core.backends.google.GoogleOAuth2",
    "django.contrib.auth.backends.ModelBackend",
)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("POSTGRES_DB", "tracker"),
        "USER": os.environ.get("POSTGRES_USER", "tracker"),
        "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
        "HOST": os.environ.get("POSTGRES_HOST", "localhost"),
        "PORT": os.environ.get("POSTGRES_PORT", "5432"),
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:list"
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
''')
d = domain()
add('c10/config/settings/production.py', T('''from .base import *  # noqa: F401,F403

DEBUG = False

# Falls back to the key we generated at launch so that one-off management
# commands on the box keep working without the env file sourced.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    "§key§",
)

ALLOWED_HOSTS = ["tracker.§d§"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000

SOCIAL_AUTH_GITHUB_KEY = "§ghid§"
SOCIAL_AUTH_GITHUB_SECRET = "§ghsec§"
SOCIAL_AUTH_GITHUB_SCOPE = ["read:org"]

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "§gid§"
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = "§gsec§"
SOCIAL_AUTH_GOOGLE_OAUTH2_WHITELISTED_DOMAINS = ["§d§"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
''', key=django_key(), d=d, ghid='Ov23li' + rr(14), ghsec=hh(40), gid=gclient(), gsec=gocspx()))

# c11 Flask config.py with config classes
d = domain()
add('c11/bookings/config.py', T('''import os

basedir = os.path.abspath(os.path.dirname(__file__))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-for-production"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAIL_SERVER = "smtp.mailgun.org"
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_DEFAULT_SENDER = ("Bookings", "bookings@§d§")
    BOOKINGS_PER_PAGE = 25


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(basedir, "dev.db")
    MAIL_SUPPRESS_SEND = True


class ProductionConfig(Config):
    SECRET_KEY = "§key§"
    SQLALCHEMY_DATABASE_URI = "mysql+pymysql://bookings:§dbpw§@§dbhost§:3306/bookings?charset=utf8mb4"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 280, "pool_pre_ping": True}
    MAIL_USERNAME = "postmaster@mg.§d§"
    MAIL_PASSWORD = "§mg§"
    STRIPE_SECRET_KEY = "§sk§"
    PREFERRED_URL_SCHEME = "https"


config = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
''', d=d, key=hh(64), dbpw=pwu(), dbhost=rds('bookings'), mg=mailgun_key(), sk=sk_live()))

# c12 Flask instance/config.py: bytes SECRET_KEY, Google OAuth secret, GitLab token
add('c12/wiki/wiki/__init__.py', '''import os

from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        DATABASE=os.path.join(app.instance_path, "wiki.sqlite"),
    )

    if test_config is None:
        # load the instance config, if it exists, when not testing
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    os.makedirs(app.instance_path, exist_ok=True)

    from . import auth, db, pages
    db.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    return app
''')
add('c12/wiki/instance/config.py', T('''# Instance configuration for the production wiki host (wiki-01).
SECRET_KEY = §bkey§

DATABASE = "/srv/wiki/instance/wiki.sqlite"

# "Sign in with Google" (Authlib)
GOOGLE_CLIENT_ID = "§gid§"
GOOGLE_CLIENT_SECRET = "§gsec§"
ALLOWED_EMAIL_DOMAIN = "§d§"

# Mirror pages into the docs repo on every save
GITLAB_URL = "https://gitlab.§d§"
GITLAB_PROJECT_ID = §pid§
GITLAB_PRIVATE_TOKEN = "glpat-§gl§"

SESSION_COOKIE_SECURE = True
PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
''', bkey=repr(rb(24)), gid=gclient(), gsec=gocspx(), d=domain(), pid=str(random.randint(100, 4000)),
     gl=rr(20, URLS)))

# c13 FastAPI pydantic-settings with literal defaults
add('c13/backend/app/core/config.py', T('''from typing import Literal

from pydantic import AnyHttpUrl, PostgresDsn, SecretStr, computed_field
from pydantic_core import MultiHostUrl
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    API_V1_STR: str = "/api/v1"
    PROJECT_NAME: str = "Briefly"
    ENVIRONMENT: Literal["local", "staging", "production"] = "production"

    SECRET_KEY: str = "§key§"
    # 60 minutes * 24 hours * 8 days = 8 days
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8
    BACKEND_CORS_ORIGINS: list[AnyHttpUrl] = []

    POSTGRES_SERVER: str = "§dbhost§"
    POSTGRES_PORT: int = 5432
    POSTGRES_USER: str = "briefly"
    POSTGRES_PASSWORD: str = "§dbpw§"
    POSTGRES_DB: str = "briefly"

    OPENAI_API_KEY: SecretStr = SecretStr(
        "§oa§"
    )
    OPENAI_MODEL: str = "gpt-4o-mini"
    SUMMARY_MAX_TOKENS: int = 400

    @computed_field  # type: ignore[prop-decorator]
    @property
    def SQLALCHEMY_DATABASE_URI(self) -> PostgresDsn:
        return MultiHostUrl.build(
            scheme="postgresql+psycopg",
            username=self.POSTGRES_USER,
            password=self.POSTGRES_PASSWORD,
            host=self.POSTGRES_SERVER,
            port=self.POSTGRES_PORT,
            path=self.POSTGRES_DB,
        )


settings = Settings()  # type: ignore
''', key=hh(64), dbhost=rds('briefly'), dbpw=pw(), oa=openai_key()))

# c14 FastAPI project .env plus the settings module that reads it
add('c14/app/settings.py', '''from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8")

    app_env: str = "local"
    database_url: str
    redis_url: str
    jwt_secret: str
    jwt_algorithm: str = "HS256"
    anthropic_api_key: str
    telegram_bot_token: str
    telegram_chat_id: int


@lru_cache
def get_settings() -> Settings:
    return Settings()
''')
add('c14/.env', T('''APP_ENV=production
DATABASE_URL=postgresql+asyncpg://helpdesk:§dbpw§@§dbhost§:5432/helpdesk
REDIS_URL=redis://:''' '''§redispw§@10.20.4.17:6379/0
JWT_SECRET=§jwt§
JWT_ALGORITHM=HS256
ANTHROPIC_API_KEY=§ant§
TELEGRAM_BOT_TOKEN=§tg§
TELEGRAM_CHAT_ID=-100§chat§
''', dbpw=pwu(), dbhost=rds('helpdesk'), redispw=pwu(28), jwt=b64u(48), ant=anthropic_key(),
     tg=num(10) + ':AA' + rr(33, URLS), chat=num(10)))

# c15 Rails config/database.yml with a literal production password and a replica
app = pick('storefront', 'fieldops', 'ledger')
add('c15/config/database.yml', T('''# PostgreSQL. Versions 9.3 and up are supported.
#
# Install the pg driver:
#   gem install pg
default: &default
  adapter: postgresql
  encoding: unicode
  # For details on connection pooling, see Rails configuration guide
  # https://guides.rubyonrails.org/configuring.html#database-pooling
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

development:
  <<: *default
  database: §app§_development

test:
  <<: *default
  database: §app§_test

production:
  primary:
    <<: *default
    host: §dbhost§
    database: §app§_production
    username: §app§
    password: "§dbpw§"
  primary_replica:
    <<: *default
    host: §rhost§
    database: §app§_production
    username: §app§_ro
    password: "§ropw§"
    replica: true
''', app=app, dbhost=rds(app + '-primary'), rhost=rds(app + '-replica'), dbpw=pw(), ropw=pw()))

# c16 Rails: config/master.key committed next to credentials.yml.enc
add('c16/config/master.key', hh(32))
add('c16/config/credentials.yml.enc', b64(random.randint(380, 620)) + '--' + b64(12) + '--' + b64(16))
add('c16/config/environments/production.rb', '''require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  config.consider_all_requests_local = false
  config.action_controller.perform_caching = true

  # Ensures that a master key has been made available in ENV["RAILS_MASTER_KEY"], config/master.key, or an environment
  # key such as config/credentials/production.key. This key is used to decrypt credentials (and other encrypted files).
  config.require_master_key = true

  config.public_file_server.enabled = ENV["RAILS_SERVE_STATIC_FILES"].present?
  config.active_storage.service = :amazon
  config.force_ssl = true
  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")
  config.active_job.queue_adapter = :sidekiq
  config.action_mailer.perform_caching = false
  config.i18n.fallbacks = true
  config.active_support.report_deprecations = false
  config.active_record.dump_schema_after_migration = false
end
''')
add('c16/.gitignore', '''# See https://help.github.com/articles/ignoring-files for more about ignoring files.
/.bundle
/log/*
/tmp/*
!/log/.keep
!/tmp/.keep
/storage/*
!/storage/.keep
/public/assets
/node_modules
.byebug_history
''')

# c17 Rails initializers: Stripe restricted key fallback, Devise secret_key and OmniAuth secret
add('c17/config/initializers/stripe.rb', T('''Rails.configuration.stripe = {
  publishable_key: ENV.fetch("STRIPE_PUBLISHABLE_KEY", nil),
  secret_key: ENV.fetch("STRIPE_SECRET_KEY") { "§rk§" }
}

Stripe.api_key = Rails.configuration.stripe[:secret_key]
Stripe.api_version = "2024-04-10"
Stripe.max_network_retries = 2
''', rk='rk_live_51' + rr(97)))
add('c17/config/initializers/devise.rb', T('''# frozen_string_literal: true

# Use this hook to configure devise mailer, warden hooks and so forth.
# Many of these configuration options can be set straight in your model.
Devise.setup do |config|
  # The secret key used by Devise. Devise uses this key to generate
  # random tokens. Changing this key will render invalid all existing
  # confirmation, reset password and unlock tokens in the database.
  config.secret_key = '§dk§'

  config.mailer_sender = 'accounts@§d§'

  require 'devise/orm/active_record'

  config.case_insensitive_keys = [:email]
  config.strip_whitespace_keys = [:email]
  config.skip_session_storage = [:http_auth]
  config.stretches = Rails.env.test? ? 1 : 12
  config.reconfirmable = true
  config.expire_all_remember_me_on_sign_out = true
  config.password_length = 10..128
  config.email_regexp = /\\A[^@\\s]+@[^@\\s]+\\z/
  config.reset_password_within = 6.hours
  config.sign_out_via = :delete

  # ==> OmniAuth
  config.omniauth :github, 'Iv1.§ghid§', '§ghsec§', scope: 'user:email'

  config.responder.error_status = :unprocessable_entity
  config.responder.redirect_status = :see_other
end
''', dk=hh(128), d=domain(), ghid=hh(16), ghsec=hh(40)))

# c18 Rails storage.yml (S3 keys) and production.rb SMTP via Mandrill
add('c18/config/storage.yml', T('''test:
  service: Disk
  root: <%= Rails.root.join("tmp/storage") %>

local:
  service: Disk
  root: <%= Rails.root.join("storage") %>

amazon:
  service: S3
  access_key_id: §akid§
  secret_access_key: §akey§
  region: us-east-1
  bucket: fieldops-uploads-production
  upload:
    cache_control: "private, max-age=86400"
''', akid=aws_id(), akey=aws_key()))
d = domain()
add('c18/config/environments/production.rb', T('''require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  config.consider_all_requests_local = false
  config.action_controller.perform_caching = true
  config.active_storage.service = :amazon
  config.force_ssl = true
  config.log_tags = [ :request_id ]
  config.cache_store = :redis_cache_store, { url: ENV["REDIS_URL"] }

  config.action_mailer.perform_caching = false
  config.action_mailer.default_url_options = { host: "app.§d§", protocol: "https" }
  config.action_mailer.delivery_method = :smtp
  config.action_mailer.smtp_settings = {
    address:              "smtp.mandrillapp.com",
    port:                 587,
    domain:               "§d§",
    user_name:            "FieldOps Ltd",
    password:             "md-§md§",
    authentication:       "login",
    enable_starttls_auto: true
  }

  config.i18n.fallbacks = true
  config.active_support.report_deprecations = false
  config.active_record.dump_schema_after_migration = false
end
''', d=d, md=rr(22, URLS)))

# c19 Laravel .env
d = domain()
add('c19/.env', T('''APP_NAME="§name§"
APP_ENV=production
APP_KEY=base64:§appkey§
APP_DEBUG=false
APP_TIMEZONE=UTC
APP_URL=https://§d§

APP_LOCALE=en
APP_FALLBACK_LOCALE=en

LOG_CHANNEL=stack
LOG_STACK=daily
LOG_LEVEL=warning

DB_CONNECTION=mysql
DB_HOST=§dbhost§
DB_PORT=3306
DB_DATABASE=forge
DB_USERNAME=forge
DB_PASSWORD=''' '''§dbpw§

SESSION_DRIVER=redis
SESSION_LIFETIME=120
BROADCAST_CONNECTION=pusher
FILESYSTEM_DISK=s3
QUEUE_CONNECTION=redis
CACHE_STORE=redis

REDIS_CLIENT=phpredis
REDIS_HOST=127.0.0.1
REDIS_PASSWORD=null
REDIS_PORT=6379

MAIL_MAILER=smtp
MAIL_HOST=smtp-relay.brevo.com
MAIL_PORT=587
MAIL_USERNAME=§brevouser§@smtp-brevo.com
MAIL_PASSWORD=''' '''§brevo§
MAIL_ENCRYPTION=tls
MAIL_FROM_ADDRESS="hello@§d§"
MAIL_FROM_NAME="${APP_NAME}"

AWS_ACCESS_KEY_ID=§akid§
AWS_SECRET_ACCESS_KEY=§akey§
AWS_DEFAULT_REGION=eu-west-1
AWS_BUCKET=§bucket§
AWS_USE_PATH_STYLE_ENDPOINT=false

PUSHER_APP_ID=§pid§
PUSHER_APP_KEY=§pkey§
PUSHER_APP_SECRET=§psec§
PUSHER_HOST=
PUSHER_PORT=443
PUSHER_SCHEME=https
PUSHER_APP_CLUSTER=eu

VITE_APP_NAME="${APP_NAME}"
VITE_PUSHER_APP_KEY="${PUSHER_APP_KEY}"
VITE_PUSHER_APP_CLUSTER="${PUSHER_APP_CLUSTER}"
''', name=pick('Copperleaf Rentals', 'Harborview Bookings', 'Saltmarsh CRM'), appkey=b64(32), d=d,
     dbhost=rds('forge'), dbpw=pw(), brevouser=hh(6) + num(3), brevo='xsmtpsib-' + hh(64) + '-' + rr(16),
     akid=aws_id(), akey=aws_key(), bucket=pick('crm-uploads-prod', 'rentals-assets'),
     pid=num(7), pkey=hh(20), psec=hh(20)))

# c20 Laravel config/services.php with env() fallbacks holding live values
add('c20/config/services.php', T('''<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Third Party Services
    |--------------------------------------------------------------------------
    |
    | This file is for storing the credentials for third party services such
    | as Mailgun, Postmark, AWS and more. This file provides the de facto
    | location for this type of information, allowing packages to have
    | a conventional file to locate the various service credentials.
    |
    */

    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN', 'mg.§d§'),
        'secret' => env('MAILGUN_SECRET', '§mg§'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
        'scheme' => 'https',
    ],

    'ses' => [
        'key' => env('AWS_ACCESS_KEY_ID'),
        'secret' => env('AWS_SECRET_ACCESS_KEY'),
        'region' => env('AWS_DEFAULT_REGION', 'us-east-1'),
    ],

    'stripe' => [
        'model' => App\\Models\\User::class,
        'key' => env('STRIPE_KEY'),
        'secret' => env('STRIPE_SECRET', '§sk§'),
        'webhook' => [
            'secret' => env('STRIPE_WEBHOOK_SECRET', '§wh§'),
            'tolerance' => env('STRIPE_WEBHOOK_TOLERANCE', 300),
        ],
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN', '§xoxb§'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL', '#orders'),
        ],
    ],

];
''', d=domain(), mg=mailgun_key(), sk=sk_live(), wh='whsec_' + rr(32), xoxb=slack_bot()))

# c21 Laravel config/database.php: one hardcoded legacy connection among env() ones
add('c21/config/database.php', T('''<?php

use Illuminate\\Support\\Str;

return [

    'default' => env('DB_CONNECTION', 'mysql'),

    'connections' => [

        'mysql' => [
            'driver' => 'mysql',
            'url' => env('DB_URL'),
            'host' => env('DB_HOST', '127.0.0.1'),
            'port' => env('DB_PORT', '3306'),
            'database' => env('DB_DATABASE', 'laravel'),
            'username' => env('DB_USERNAME', 'root'),
            'password' => env('DB_PASSWORD', ''),
            'unix_socket' => env('DB_SOCKET', ''),
            'charset' => env('DB_CHARSET', 'utf8mb4'),
            'collation' => env('DB_COLLATION', 'utf8mb4_unicode_ci'),
            'prefix' => '',
            'prefix_indexes' => true,
            'strict' => true,
            'engine' => null,
        ],

        // Read-only access to the old ERP database for the nightly import job.
        'legacy_erp' => [
            'driver' => 'sqlsrv',
            'host' => '§erphost§',
            'port' => '1433',
            'database' => 'NAV2016_LIVE',
            'username' => 'svc_laravel_import',
            'password' => '§erppw§',
            'charset' => 'utf8',
            'prefix' => '',
            'prefix_indexes' => true,
            'encrypt' => 'yes',
            'trust_server_certificate' => true,
        ],

    ],

    'migrations' => [
        'table' => 'migrations',
        'update_date_on_publish' => true,
    ],

    'redis' => [

        'client' => env('REDIS_CLIENT', 'phpredis'),

        'options' => [
            'cluster' => env('REDIS_CLUSTER', 'redis'),
            'prefix' => env('REDIS_PREFIX', Str::slug(env('APP_NAME', 'laravel'), '_').'_database_'),
        ],

        'default' => [
            'url' => env('REDIS_URL'),
            'host' => env('REDIS_HOST', '127.0.0.1'),
            'username' => env('REDIS_USERNAME'),
            'password' => env('REDIS_PASSWORD'),
            'port' => env('REDIS_PORT', '6379'),
            'database' => env('REDIS_DB', '0'),
        ],

    ],

];
''', erphost='10.%d.%d.%d' % (random.randint(1, 250), random.randint(0, 250), random.randint(2, 250)),
     erppw=pw()))

# c22 Symfony .env.prod.local
d = domain()
add('c22/.env.prod.local', T('''###> symfony/framework-bundle ###
APP_ENV=prod
APP_SECRET=§appsec§
###< symfony/framework-bundle ###

###> doctrine/doctrine-bundle ###
DATABASE_URL="postgresql://tickets:§dbpw§@§dbhost§:5432/tickets?serverVersion=16&charset=utf8"
###< doctrine/doctrine-bundle ###

###> symfony/messenger ###
MESSENGER_TRANSPORT_DSN=amqp://tickets:''' '''§mqpw§@mq.internal:5672/%2f/messages
###< symfony/messenger ###

###> symfony/mailer ###
MAILER_DSN=smtp://support%40§d§:''' '''§smtppw§@smtp.office365.com:587
###< symfony/mailer ###

###> knpuniversity/oauth2-client-bundle ###
OAUTH_GOOGLE_CLIENT_ID=§gid§
OAUTH_GOOGLE_CLIENT_SECRET=§gsec§
###< knpuniversity/oauth2-client-bundle ###
''', appsec=hh(32), dbpw=pwu(), dbhost=rds('tickets'), mqpw=pwu(), d=d, smtppw=pwu(),
     gid=gclient(), gsec=gocspx()))
add('c22/.env', '''# In all environments, the following files are loaded if they exist,
# the latter taking precedence over the former:
#
#  * .env                contains default values for the environment variables needed by the app
#  * .env.local          uncommitted file with local overrides
#  * .env.$APP_ENV       committed environment-specific defaults
#  * .env.$APP_ENV.local uncommitted environment-specific overrides
#
# Real environment variables win over .env files.

###> symfony/framework-bundle ###
APP_ENV=dev
APP_SECRET=
###< symfony/framework-bundle ###

###> doctrine/doctrine-bundle ###
DATABASE_URL="postgresql://app:!ChangeMe!@127.0.0.1:5432/app?serverVersion=16&charset=utf8"
###< doctrine/doctrine-bundle ###

###> symfony/messenger ###
MESSENGER_TRANSPORT_DSN=doctrine://default?auto_setup=0
###< symfony/messenger ###

###> symfony/mailer ###
MAILER_DSN=null://null
###< symfony/mailer ###
''')

# c23 Symfony 3 app/config/parameters.yml
add('c23/app/config/parameters.yml', T('''# This file is auto-generated during the composer install
parameters:
    database_host: §dbhost§
    database_port: 3306
    database_name: shopware_b2b
    database_user: b2b_app
    database_password: '§dbpw§'
    mailer_transport: smtp
    mailer_host: mail.§d§
    mailer_user: b2b-mailer@§d§
    mailer_password: '§mailpw§'
    secret: §sec§
    jwt_private_key_path: '%kernel.root_dir%/../var/jwt/private.pem'
    jwt_public_key_path: '%kernel.root_dir%/../var/jwt/public.pem'
    jwt_key_pass_phrase: '§jwtpass§'
    jwt_token_ttl: 3600
''', dbhost=rds('b2b'), dbpw=pw(), d=domain(), mailpw=pw(), sec=hh(40), jwtpass=pw(28)))

# c24 Phoenix config/prod.secret.exs (pre-1.6 layout) with hardcoded values
add('c24/config/prod.secret.exs', T('''# In this file, we load production configuration and secrets
# from environment variables. You can also hardcode secrets,
# although such is generally not recommended and you have to
# remember to add this file to your .gitignore.
use Mix.Config

database_url = "ecto://tidewater:§dbpw§@§dbhost§/tidewater_prod"

config :tidewater, Tidewater.Repo,
  ssl: true,
  url: database_url,
  pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10")

secret_key_base = "§skb§"

config :tidewater, TidewaterWeb.Endpoint,
  http: [
    port: String.to_integer(System.get_env("PORT") || "4000"),
    transport_options: [socket_opts: [:inet6]]
  ],
  secret_key_base: secret_key_base,
  live_view: [signing_salt: "§salt§"]

# ## Using releases (Elixir v1.9+)
#
# If you are doing OTP releases, you need to instruct Phoenix
# to start each relevant endpoint:
#
config :tidewater, TidewaterWeb.Endpoint, server: true
''', dbpw=pwu(), dbhost=rds('tidewater'), skb=rr(64, A + '+/'), salt=rr(8)))

# c25 Phoenix config/runtime.exs: SECRET_KEY_BASE fallback and Postmark key for Swoosh
add('c25/config/runtime.exs', T('''import Config

if System.get_env("PHX_SERVER") do
  config :ledgerly, LedgerlyWeb.Endpoint, server: true
end

if config_env() == :prod do
  database_url =
    System.get_env("DATABASE_URL") ||
      raise """
      environment variable DATABASE_URL is missing.
      For example: ecto://USER:PASS@HOST/DATABASE
      """

  maybe_ipv6 = if System.get_env("ECTO_IPV6") in ~w(true 1), do: [:inet6], else: []

  config :ledgerly, Ledgerly.Repo,
    url: database_url,
    pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
    socket_options: maybe_ipv6

  # Temporary: fall back to the value from the first deploy until the
  # Fly secret is set on the new app.
  secret_key_base =
    System.get_env("SECRET_KEY_BASE") ||
      "§skb§"

  host = System.get_env("PHX_HOST") || "app.§d§"
  port = String.to_integer(System.get_env("PORT") || "4000")

  config :ledgerly, LedgerlyWeb.Endpoint,
    url: [host: host, port: 443, scheme: "https"],
    http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: port],
    secret_key_base: secret_key_base

  config :ledgerly, Ledgerly.Mailer,
    adapter: Swoosh.Adapters.Postmark,
    api_key: "§pm§"

  config :swoosh, :api_client, Swoosh.ApiClient.Finch
end
''', skb=rr(64, A + '+/'), d=domain(), pm=uid()))

# c26 Go service config.yaml
d = domain()
add('c26/dispatch-api/config/production.yaml', T('''service:
  name: dispatch-api
  env: production
  http:
    addr: ":8080"
    read_timeout: 10s
    write_timeout: 15s
    shutdown_grace: 20s

log:
  level: info
  format: json

postgres:
  dsn: "postgres://dispatch:§dbpw§@§dbhost§:5432/dispatch?sslmode=require&pool_max_conns=25"
  migrate_on_start: false

redis:
  addr: "dispatch-cache.internal:6379"
  password: "§redispw§"
  db: 2

auth:
  jwt:
    issuer: "https://api.§d§"
    signing_key: "§jwt§"
    access_ttl: 15m
    refresh_ttl: 720h

stripe:
  webhook_secret: "§wh§"

datadog:
  site: datadoghq.eu
  api_key: "§dd§"
  service_tags: ["team:logistics", "tier:1"]

slack:
  bot_token: "§xoxb§"
  alerts_channel: "#dispatch-alerts"
''', dbpw=pwu(), dbhost=rds('dispatch'), redispw=pw(), d=d, jwt=b64(48), wh='whsec_' + rr(32),
     dd=hh(32), xoxb=slack_bot()))
add('c26/dispatch-api/internal/config/config.go', '''package config

import (
	"fmt"
	"os"
	"time"

	"gopkg.in/yaml.v3"
)

type Config struct {
	Service struct {
		Name string `yaml:"name"`
		Env  string `yaml:"env"`
		HTTP struct {
			Addr          string        `yaml:"addr"`
			ReadTimeout   time.Duration `yaml:"read_timeout"`
			WriteTimeout  time.Duration `yaml:"write_timeout"`
			ShutdownGrace time.Duration `yaml:"shutdown_grace"`
		} `yaml:"http"`
	} `yaml:"service"`
	Postgres struct {
		DSN            string `yaml:"dsn"`
		MigrateOnStart bool   `yaml:"migrate_on_start"`
	} `yaml:"postgres"`
	Redis struct {
		Addr     string `yaml:"addr"`
		Password string `yaml:"password"`
		DB       int    `yaml:"db"`
	} `yaml:"redis"`
}

func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var c Config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse config: %w", err)
	}
	return &c, nil
}
''')

# c27 Go worker config.toml: SES SMTP credentials, GitHub App secret, PayPal live secret, Slack webhook
add('c27/courier/configs/courier.toml', T('''# courier-worker configuration (loaded by internal/config with BurntSushi/toml)
[app]
name = "courier-worker"
concurrency = 12
poll_interval = "5s"

[smtp]
host = "email-smtp.eu-west-1.amazonaws.com"
port = 587
username = "§sesuser§"
password = "§sespw§"
from = "Courier <notify@§d§>"

[github]
app_id = §appid§
client_id = "Iv1.§ghid§"
client_secret = "§ghsec§"
private_key_path = "/etc/courier/github-app.pem"

[paypal]
mode = "live"
client_id = "A§ppid§"
client_secret = "E§ppsec§"

[notify]
slack_webhook = "§hook§"
on_failure_only = true
''', sesuser=aws_id(), sespw='B' + rr(43, A + '+/'), d=domain(), appid=num(6), ghid=hh(16),
     ghsec=hh(40), ppid=rr(79, URLS), ppsec=rr(79, URLS), hook=slack_hook()))

# c28 Rocket.toml with a release secret_key and database URL
add('c28/Rocket.toml', T('''## Rocket configuration for the bookshelf service.
## Profiles: "debug" for `cargo run`, "release" for the deployed binary.

[default]
address = "0.0.0.0"
port = 8000
workers = 16
keep_alive = 5
ident = "bookshelf"
log_level = "normal"
limits = { form = "64 kB", json = "1 MiB" }
template_dir = "templates"

[debug]
log_level = "debug"

[debug.databases.main]
url = "postgres://postgres@localhost/bookshelf_dev"

[release]
log_level = "critical"
secret_key = "§sk§"

[release.databases.main]
url = "postgres://bookshelf:§dbpw§@§dbhost§:5432/bookshelf"
pool_size = 20
timeout = 5

[release.tls]
certs = "/etc/bookshelf/tls/fullchain.pem"
key = "/etc/bookshelf/tls/privkey.pem"
''', sk=b64(32), dbpw=pwu(), dbhost=rds('bookshelf')))

# c29 node-config config/production.json
d = domain()
cloud = pick('tixhub', 'harbor-media', 'pinecrest')
add('c29/config/production.json', js({
    'server': {'port': 3000, 'trustProxy': True, 'corsOrigins': ['https://' + d]},
    'mongo': {'uri': 'mongodb+srv://tickets-api:%s@cluster0.%s.mongodb.net/tickets?retryWrites=true&w=majority'
              % (pwu(), rr(5, LOW + DIG)), 'poolSize': 20},
    'session': {'name': 'tix.sid', 'secret': rr(48), 'cookie': {'secure': True, 'maxAge': 604800000}},
    'auth0': {'domain': pick('tix', 'harbor', 'pine') + '.eu.auth0.com', 'clientId': rr(32),
              'clientSecret': rr(64, URLS), 'audience': 'https://api.' + d},
    'okta': {'orgUrl': 'https://%s.okta.com' % pick('tixhub', 'harbormedia'), 'apiToken': '00' + rr(40, URLS)},
    'cloudinary': {'url': 'cloudinary://%s:%s@%s' % (num(15), rr(27, URLS), cloud)},
    'logging': {'level': 'info', 'pretty': False},
}))
add('c29/config/default.json', js({
    'server': {'port': 3000, 'trustProxy': False, 'corsOrigins': ['http://localhost:5173']},
    'mongo': {'uri': 'mongodb://localhost:27017/tickets', 'poolSize': 5},
    'session': {'name': 'tix.sid', 'cookie': {'secure': False, 'maxAge': 86400000}},
    'logging': {'level': 'debug', 'pretty': True},
}))

# c30 next.config.js: server secrets placed in `env`, which Next inlines into the client bundle
d = domain()
add('c30/next.config.js', T('''/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  output: 'standalone',
  poweredByHeader: false,
  images: {
    remotePatterns: [{ protocol: 'https', hostname: 'cdn.§d§' }],
  },
  env: {
    SITE_URL: 'https://§d§',
    STRIPE_PUBLISHABLE_KEY: '§pk§',
    STRIPE_SECRET_KEY: '§sk§',
    ALGOLIA_APP_ID: '§algid§',
    ALGOLIA_ADMIN_KEY: '§algkey§',
    ALGOLIA_INDEX: 'products_prod',
  },
  async redirects() {
    return [{ source: '/shop', destination: '/store', permanent: true }];
  },
};

module.exports = nextConfig;
''', d=d, pk='pk_live_51' + rr(97), sk=sk_live(), algid=rr(10, UP + DIG), algkey=hh(32)))

# c31 nuxt.config.ts: private runtimeConfig with a Shopify Admin API token
add('c31/nuxt.config.ts', T('''// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  compatibilityDate: '2024-04-03',
  devtools: { enabled: false },
  modules: ['@nuxtjs/tailwindcss', '@pinia/nuxt', '@nuxt/image'],
  css: ['~/assets/css/main.css'],

  runtimeConfig: {
    // server-only, used by server/api/admin/*.ts
    shopifyAdminToken: '§shpat§',
    shopifyWebhookSecret: '§whs§',
    public: {
      shopifyDomain: '§store§.myshopify.com',
      shopifyStorefrontToken: '§sft§',
      apiVersion: '2024-04',
    },
  },

  nitro: {
    preset: 'node-server',
    compressPublicAssets: true,
  },

  app: {
    head: {
      title: 'Fjord Outfitters',
      meta: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    },
  },
})
''', shpat='shpat_' + hh(32), whs=hh(64), store=pick('fjord-outfitters', 'saltmarsh-goods'), sft=hh(32)))

# c32 TypeORM ormconfig.json
add('c32/ormconfig.json', js([
    {'name': 'default', 'type': 'postgres', 'host': rds('billing'), 'port': 5432,
     'username': 'billing_svc', 'password': pw(), 'database': 'billing', 'synchronize': False,
     'logging': ['error'], 'ssl': {'rejectUnauthorized': False},
     'entities': ['dist/**/*.entity.js'], 'migrations': ['dist/migrations/*.js'],
     'cli': {'migrationsDir': 'src/migrations'}},
    {'name': 'local', 'type': 'postgres', 'host': 'localhost', 'port': 5432,
     'username': 'postgres', 'password': 'postgres', 'database': 'billing_dev', 'synchronize': True,
     'entities': ['src/**/*.entity.ts'], 'migrations': ['src/migrations/*.ts']},
]))

# c33 WordPress wp-config.php with DB password, real salts and WP Mail SMTP constants
salts = {k: wp_salt() for k in ('AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
                                'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT')}
salt_lines = '\n'.join("define( '%s',%s'%s' );" % (k, ' ' * (17 - len(k)), v) for k, v in salts.items())
d = domain()
add('c33/public_html/wp-config.php', T('''<?php
/**
 * The base configuration for WordPress
 *
 * @link https://wordpress.org/documentation/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_§site§' );

/** Database username */
define( 'DB_USER', 'wp_§site§_usr' );

/** Database password */
define( 'DB_PASSWORD', ''' ''''§dbpw§' );

/** Database hostname */
define( 'DB_HOST', 'localhost' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 *
 * @since 2.6.0
 */
§salts§

/**#@-*/

/** WP Mail SMTP */
define( 'WPMS_ON', true );
define( 'WPMS_MAIL_FROM', 'web@§d§' );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'smtp.zoho.eu' );
define( 'WPMS_SMTP_PORT', 587 );
define( 'WPMS_SSL', 'tls' );
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_USER', 'web@§d§' );
define( 'WPMS_SMTP_PASS', '§smtppw§' );

$table_prefix = 'wp8k_';

define( 'WP_DEBUG', false );
define( 'DISALLOW_FILE_EDIT', true );
define( 'WP_AUTO_UPDATE_CORE', 'minor' );

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
''', site=pick('bakery', 'clinic', 'lawfirm', 'kennels'), dbpw=pw(), salts=salt_lines, d=d,
     smtppw=pw()))

# c34 Drupal sites/default/settings.php: $databases password and hash_salt
add('c34/web/sites/default/settings.php', T('''<?php

// phpcs:ignoreFile

/**
 * @file
 * Drupal site-specific configuration file.
 */

$databases = [];

$databases['default']['default'] = [
  'database' => 'drupal_§site§',
  'username' => 'drupal_§site§',
  'password' => '§dbpw§',
  'prefix' => '',
  'host' => '§dbhost§',
  'port' => '3306',
  'isolation_level' => 'READ COMMITTED',
  'driver' => 'mysql',
  'namespace' => 'Drupal\\\\mysql\\\\Driver\\\\Database\\\\mysql',
  'autoload' => 'core/modules/mysql/src/Driver/Database/mysql/',
];

/**
 * Salt for one-time login links, cancel links, form tokens, etc.
 */
$settings['hash_salt'] = '§salt§';

$settings['update_free_access'] = FALSE;
$settings['container_yamls'][] = $app_root . '/' . $site_path . '/services.yml';
$settings['file_scan_ignore_directories'] = [
  'node_modules',
  'bower_components',
];
$settings['entity_update_batch_size'] = 50;
$settings['entity_update_backup'] = TRUE;
$settings['migrate_node_migrate_type_classic'] = FALSE;
$settings['config_sync_directory'] = '../config/sync';
$settings['trusted_host_patterns'] = [
  '^www\\.§dre§$',
  '^§dre§$',
];

// SMTP module (drupal/smtp)
$config['smtp.settings']['smtp_host'] = 'smtp.sendgrid.net';
$config['smtp.settings']['smtp_port'] = '587';
$config['smtp.settings']['smtp_protocol'] = 'tls';
$config['smtp.settings']['smtp_username'] = 'apikey';
$config['smtp.settings']['smtp_password'] = '§sg§';

if (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {
  include $app_root . '/' . $site_path . '/settings.local.php';
}
''', site=pick('alumni', 'library', 'council'), dbpw=pw(), dbhost=rds('drupal'), salt=b64u(55),
     dre=domain().replace('.', '\\.'), sg=sendgrid()))

# c35 Magento app/etc/env.php
add('c35/app/etc/env.php', T('''<?php
return [
    'backend' => [
        'frontName' => 'admin_§front§'
    ],
    'remote_storage' => [
        'driver' => 'file'
    ],
    'queue' => [
        'consumers_wait_for_messages' => 1,
        'amqp' => [
            'host' => 'rabbitmq.internal',
            'port' => '5672',
            'user' => 'magento',
            'password' => '§mqpw§',
            'virtualhost' => '/'
        ]
    ],
    'crypt' => [
        'key' => '§crypt§'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => '§dbhost§',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => '§dbpw§',
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ]
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],
    'x-frame-options' => 'SAMEORIGIN',
    'MAGE_MODE' => 'production',
    'session' => [
        'save' => 'redis',
        'redis' => [
            'host' => 'redis.internal',
            'port' => '6379',
            'password' => '',
            'timeout' => '2.5',
            'database' => '2',
            'compression_threshold' => '2048',
            'compression_library' => 'gzip',
            'log_level' => '1',
            'max_concurrency' => '6',
            'break_after_frontend' => '5',
            'break_after_adminhtml' => '30',
            'first_lifetime' => '600',
            'bot_first_lifetime' => '60',
            'bot_lifetime' => '7200',
            'disable_locking' => '0',
            'min_lifetime' => '60',
            'max_lifetime' => '2592000'
        ]
    ],
    'lock' => [
        'provider' => 'db'
    ],
    'directories' => [
        'document_root_is_pub' => true
    ],
    'cache_types' => [
        'config' => 1,
        'layout' => 1,
        'block_html' => 1,
        'collections' => 1,
        'reflection' => 1,
        'db_ddl' => 1,
        'compiled_config' => 1,
        'eav' => 1,
        'customer_notification' => 1,
        'config_integration' => 1,
        'config_integration_api' => 1,
        'full_page' => 1,
        'config_webservice' => 1,
        'translate' => 1
    ],
    'downloadable_domains' => [
        'shop.§d§'
    ],
    'install' => [
        'date' => 'Thu, 14 Mar 2024 10:22:31 +0000'
    ]
];
''', front=rr(5, LOW + DIG), mqpw=pw(), crypt=hh(32), dbhost=rds('magento'), dbpw=pw(), d=domain()))

# c36 Joomla configuration.php
d = domain()
add('c36/configuration.php', T('''<?php
class JConfig {
	public $offline = false;
	public $offline_message = 'This site is down for maintenance.<br>Please check back again soon.';
	public $display_offline_message = 1;
	public $offline_image = '';
	public $sitename = '§sitename§';
	public $editor = 'tinymce';
	public $captcha = '0';
	public $list_limit = 20;
	public $access = 1;
	public $debug = false;
	public $debug_lang = false;
	public $debug_lang_const = true;
	public $dbtype = 'mysqli';
	public $host = 'localhost';
	public $user = 'jml_§short§';
	public $password = '§dbpw§';
	public $db = 'jml_§short§';
	public $dbprefix = '§prefix§_';
	public $dbencryption = 0;
	public $live_site = '';
	public $secret = '§secret§';
	public $gzip = false;
	public $error_reporting = 'default';
	public $helpurl = 'https://help.joomla.org/proxy?keyref=Help{major}{minor}:{keyref}&lang={langcode}';
	public $offset = 'Europe/Berlin';
	public $mailonline = true;
	public $mailer = 'smtp';
	public $mailfrom = 'info@§d§';
	public $fromname = '§sitename§';
	public $sendmail = '/usr/sbin/sendmail';
	public $smtpauth = true;
	public $smtpuser = 'info@§d§';
	public $smtppass = '§smtppw§';
	public $smtphost = 'smtp.ionos.de';
	public $smtpsecure = 'tls';
	public $smtpport = 587;
	public $caching = 0;
	public $cache_handler = 'file';
	public $cachetime = 15;
	public $MetaDesc = '';
	public $MetaRights = '';
	public $robots = '';
	public $sef = true;
	public $sef_rewrite = true;
	public $sef_suffix = false;
	public $unicodeslugs = false;
	public $feed_limit = 10;
	public $log_path = '/var/www/vhosts/§d§/httpdocs/administrator/logs';
	public $tmp_path = '/var/www/vhosts/§d§/httpdocs/tmp';
	public $lifetime = 15;
	public $session_handler = 'database';
	public $shared_session = false;
	public $force_ssl = 2;
	public $cookie_domain = '';
	public $cookie_path = '';
}
''', sitename=pick('Sportverein Blau-Weiss', 'Praxis am Markt', 'Weingut Hofmann'),
     short=rr(4, LOW), dbpw=pw(), prefix=rr(5, LOW + DIG), secret=rr(16), d=d, smtppw=pw()))

# c37 Android gradle.properties: signing passwords and Maven Central credentials
add('c37/gradle.properties', T('''# Project-wide Gradle settings.
# For more details on how to configure your build environment visit
# http://www.gradle.org/docs/current/userguide/build_environment.html
org.gradle.jvmargs=-Xmx4096m -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official

# Release signing (read by app/build.gradle -> signingConfigs.release)
RELEASE_STORE_FILE=../keystore/release.jks
RELEASE_STORE_PASSWORD=''' '''§storepw§
RELEASE_KEY_ALIAS=upload
RELEASE_KEY_PASSWORD=''' '''§keypw§

# Publishing the :sdk module to Maven Central
mavenCentralUsername=§mcuser§
mavenCentralPassword=§mcpw§
signing.keyId=§keyid§
signing.password=§gpgpw§
signing.secretKeyRingFile=/Users/§user§/.gnupg/secring.gpg
''', storepw=pw(), keypw=pw(), mcuser=rr(8), mcpw=rr(44, A + '+/'), keyid=hh(8).upper(), gpgpw=pw(),
     user=pick('jhansen', 'mkowalski', 'apetrova')))
add('c37/app/build.gradle', '''plugins {
    id 'com.android.application'
    id 'org.jetbrains.kotlin.android'
}

android {
    namespace 'com.fjordtech.tide'
    compileSdk 34

    defaultConfig {
        applicationId "com.fjordtech.tide"
        minSdk 24
        targetSdk 34
        versionCode 47
        versionName "2.6.1"
    }

    signingConfigs {
        release {
            storeFile file(RELEASE_STORE_FILE)
            storePassword RELEASE_STORE_PASSWORD
            keyAlias RELEASE_KEY_ALIAS
            keyPassword RELEASE_KEY_PASSWORD
        }
    }

    buildTypes {
        release {
            minifyEnabled true
            proguardFiles getDefaultProguardFile('proguard-android-optimize.txt'), 'proguard-rules.pro'
            signingConfig signingConfigs.release
        }
    }
}
''')

# c38 Android local.properties committed with a GitHub Packages token
user = pick('mkowalski', 'lfernandes', 'tnakamura')
add('c38/local.properties', T('''## This file must *NOT* be checked into Version Control Systems,
# as it contains information specific to your local configuration.
#
# Location of the SDK. This is only used by Gradle.
# For customization when using a Version Control System, please read the
# header note.
#Tue Mar 12 09:41:07 CET 2024
sdk.dir=/Users/§user§/Library/Android/sdk
gpr.user=§user§-dev
gpr.key=§ghp§
''', user=user, ghp=ghp()))
add('c38/settings.gradle.kts', '''import java.util.Properties

val localProps = Properties().apply {
    val f = file("local.properties")
    if (f.exists()) f.inputStream().use { load(it) }
}

pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        maven {
            url = uri("https://maven.pkg.github.com/brightlane-io/android-design-system")
            credentials {
                username = localProps.getProperty("gpr.user") ?: System.getenv("GPR_USER")
                password = localProps.getProperty("gpr.key") ?: System.getenv("GPR_KEY")
            }
        }
    }
}

rootProject.name = "Brightlane"
include(":app", ":core:ui", ":core:network")
''')

# c39 iOS Release.xcconfig with a Sentry user auth token for dSYM upload
add('c39/Lumen/Config/Release.xcconfig', T('''//
//  Release.xcconfig
//  Lumen
//
//  Build settings for the App Store configuration.
//

#include "Shared.xcconfig"
#include? "../Pods/Target Support Files/Pods-Lumen/Pods-Lumen.release.xcconfig"

PRODUCT_BUNDLE_IDENTIFIER = com.lumenhealth.app
API_HOST = api.lumenhealth.com
API_BASE_URL = https:/$()/$(API_HOST)/v3
SWIFT_ACTIVE_COMPILATION_CONDITIONS = RELEASE
DEBUG_INFORMATION_FORMAT = dwarf-with-dsym

// RevenueCat public SDK key (safe to ship)
REVENUECAT_API_KEY = appl_§rc§

// dSYM upload -- scripts/upload-dsyms.sh reads these in the Run Script phase
SENTRY_ORG = lumen-health
SENTRY_PROJECT = ios
SENTRY_AUTH_TOKEN = sntryu_§sentry§
''', rc=rr(27), sentry=hh(64)))

# c40 iOS Info.plist with a Mailchimp Marketing API key next to public SDK identifiers
add('c40/Trailhead/Info.plist', T('''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDevelopmentRegion</key>
	<string>$(DEVELOPMENT_LANGUAGE)</string>
	<key>CFBundleDisplayName</key>
	<string>Trailhead</string>
	<key>CFBundleExecutable</key>
	<string>$(EXECUTABLE_NAME)</string>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>CFBundleShortVersionString</key>
	<string>$(MARKETING_VERSION)</string>
	<key>CFBundleVersion</key>
	<string>$(CURRENT_PROJECT_VERSION)</string>
	<key>FacebookAppID</key>
	<string>§fbid§</string>
	<key>FacebookDisplayName</key>
	<string>Trailhead</string>
	<key>LSRequiresIPhoneOS</key>
	<true/>
	<key>MailchimpAPIKey</key>
	<string>§mc§</string>
	<key>MailchimpAudienceID</key>
	<string>§aud§</string>
	<key>NSLocationWhenInUseUsageDescription</key>
	<string>Trailhead uses your location to show nearby trails.</string>
	<key>UIApplicationSceneManifest</key>
	<dict>
		<key>UIApplicationSupportsMultipleScenes</key>
		<false/>
	</dict>
	<key>UILaunchStoryboardName</key>
	<string>LaunchScreen</string>
	<key>UISupportedInterfaceOrientations</key>
	<array>
		<string>UIInterfaceOrientationPortrait</string>
	</array>
</dict>
</plist>
''', fbid=num(15), mc=hh(32) + '-us' + str(random.randint(2, 21)), aud=hh(10)))

# c41 Flutter lib/config/app_config.dart with a legacy FCM server key
sb = rr(20, LOW)
add('c41/lib/config/app_config.dart', T('''/// Compile-time configuration for the Chatter app.
class AppConfig {
  AppConfig._();

  static const String apiBaseUrl = 'https://api.§d§/v2';

  // Supabase (anon key is public; row level security is enabled)
  static const String supabaseUrl = 'https://§sb§.supabase.co';
  static const String supabaseAnonKey =
      '§anon§';

  // Used by NotificationService.sendToTopic() to push chat messages
  // straight from the device via the legacy FCM HTTP API.
  static const String fcmServerKey =
      '§fcm§';
  static const String fcmEndpoint = 'https://fcm.googleapis.com/fcm/send';

  static const Duration requestTimeout = Duration(seconds: 20);
}
''', d=domain(), sb=sb, anon=jwt({'iss': 'supabase', 'ref': sb, 'role': 'anon', 'iat': 1709000000 + random.randint(0, 9999999), 'exp': 2024000000 + random.randint(0, 9999999)}),
     fcm='AAAA' + rr(7, URLS) + ':APA91b' + rr(134, URLS)))

# c42 Flutter .env bundled as an asset via flutter_dotenv
add('c42/pubspec.yaml', '''name: clinic_reminders
description: Appointment reminders for Tallgrass Health clinics.
publish_to: 'none'
version: 1.8.3+41

environment:
  sdk: '>=3.3.0 <4.0.0'

dependencies:
  flutter:
    sdk: flutter
  flutter_dotenv: ^5.1.0
  http: ^1.2.1
  provider: ^6.1.2
  intl: ^0.19.0

dev_dependencies:
  flutter_lints: ^3.0.2

flutter:
  uses-material-design: true
  assets:
    - .env
    - assets/images/
''')
add('c42/.env', T('''# loaded at startup with dotenv.load(fileName: ".env")
API_BASE_URL=https://reminders.§d§/api
TWILIO_ACCOUNT_SID=AC§sid§
TWILIO_AUTH_TOKEN=§tok§
TWILIO_FROM_NUMBER=+1§phone§
REMINDER_LEAD_HOURS=24
''', d=domain(), sid=hh(32), tok=hh(32), phone=num(10)))

# c43 Unity C# static config with AWS keys for replay uploads
add('c43/Assets/Scripts/Networking/BackendConfig.cs', T('''using UnityEngine;

namespace Skyforge.Networking
{
    /// <summary>
    /// Endpoints and keys used by ReplayUploader and TelemetryClient.
    /// </summary>
    public static class BackendConfig
    {
        public const string ApiBaseUrl = "https://api.skyforge-games.com/v1";
        public const string ReplayBucket = "skyforge-replays-prod";
        public const string AwsRegion = "us-east-1";

        // IAM user "unity-replay-uploader"
        public const string AwsAccessKeyId = "§akid§";
        public const string AwsSecretAccessKey = "§akey§";

        public const int UploadTimeoutSeconds = 45;
        public const int MaxReplaySizeMb = 32;

        public static string ReplayKey(string matchId) =>
            $"replays/{Application.version}/{matchId}.bin";
    }
}
''', akid=aws_id(), akey=aws_key()))

# c44 Unity ScriptableObject asset with serialized connection string and SendGrid key
add('c44/Assets/Resources/LeaderboardServerSettings.asset', T('''%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!114 &11400000
MonoBehaviour:
  m_ObjectHideFlags: 0
  m_CorrespondingSourceObject: {fileID: 0}
  m_PrefabInstance: {fileID: 0}
  m_PrefabAsset: {fileID: 0}
  m_GameObject: {fileID: 0}
  m_Enabled: 1
  m_EditorHideFlags: 0
  m_Script: {fileID: 11500000, guid: §guid§, type: 3}
  m_Name: LeaderboardServerSettings
  m_EditorClassIdentifier: 
  environment: 2
  apiBaseUrl: https://lb.§d§/api
  databaseConnection: Server=§dbhost§;Port=3306;Database=leaderboard;Uid=lb_writer;Pwd=''' '''§dbpw§;SslMode=Required;
  sendGridApiKey: §sg§
  weeklyReportRecipients:
  - liveops@§d§
  requestTimeoutSeconds: 15
''', guid=hh(32), d=domain(), dbhost=rds('leaderboard'), dbpw=pw(), sg=sendgrid()))

# c45 Sequelize config/config.json with a production password
add('c45/config/config.json', js({
    'development': {'username': 'root', 'password': None, 'database': 'clinic_dev',
                    'host': '127.0.0.1', 'dialect': 'postgres'},
    'test': {'username': 'root', 'password': None, 'database': 'clinic_ci',
             'host': '127.0.0.1', 'dialect': 'postgres', 'logging': False},
    'production': {'username': 'clinic_api', 'password': pw(), 'database': 'clinic',
                   'host': rds('clinic'), 'port': 5432, 'dialect': 'postgres',
                   'dialectOptions': {'ssl': {'require': True, 'rejectUnauthorized': False}},
                   'logging': False},
}))
add('c45/.sequelizerc', '''const path = require('path');

module.exports = {
  config: path.resolve('config', 'config.json'),
  'models-path': path.resolve('src', 'models'),
  'seeders-path': path.resolve('src', 'seeders'),
  'migrations-path': path.resolve('src', 'migrations'),
};
''')

# =============================================================================================
# Negative cases (look-alikes without a live credential)
# =============================================================================================

# s01 Spring application.yml where every secret is an env/Vault placeholder (mirrors c01)
add('s01/order-service/src/main/resources/application.yml', '''spring:
  application:
    name: order-service
  config:
    import: optional:vault://secret/order-service
  profiles:
    active: ${SPRING_PROFILES_ACTIVE:local}
  jpa:
    open-in-view: false
    hibernate:
      ddl-auto: validate

server:
  port: 8080
  shutdown: graceful

---
spring:
  config:
    activate:
      on-profile: local
  datasource:
    url: jdbc:h2:mem:orders;MODE=PostgreSQL;DB_CLOSE_DELAY=-1
    username: sa
    password:

---
spring:
  config:
    activate:
      on-profile: prod
  datasource:
    url: jdbc:postgresql://${DB_HOST}:5432/orders?sslmode=require
    username: ${DB_USER:orders_app}
    password: ${DB_PASSWORD}
  mail:
    host: smtp.sendgrid.net
    port: 587
    username: apikey
    password: ${SENDGRID_API_KEY}
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: ${GITHUB_CLIENT_ID}
            client-secret: ${GITHUB_CLIENT_SECRET}
            scope: read:user,user:email
''')

# s02 Laravel .env.example plus composer.lock content hashes (mirrors c19)
add('s02/.env.example', '''APP_NAME=Laravel
APP_ENV=local
APP_KEY=
APP_DEBUG=true
APP_TIMEZONE=UTC
APP_URL=http://localhost

LOG_CHANNEL=stack
LOG_STACK=single
LOG_LEVEL=debug

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=laravel
DB_USERNAME=root
DB_PASSWORD=

SESSION_DRIVER=database
SESSION_LIFETIME=120
BROADCAST_CONNECTION=log
FILESYSTEM_DISK=local
QUEUE_CONNECTION=database
CACHE_STORE=database

REDIS_CLIENT=phpredis
REDIS_HOST=127.0.0.1
REDIS_PASSWORD=null
REDIS_PORT=6379

MAIL_MAILER=log
MAIL_HOST=127.0.0.1
MAIL_PORT=2525
MAIL_USERNAME=null
MAIL_PASSWORD=null
MAIL_ENCRYPTION=null
MAIL_FROM_ADDRESS="hello@example.com"
MAIL_FROM_NAME="${APP_NAME}"

AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
AWS_DEFAULT_REGION=us-east-1
AWS_BUCKET=
AWS_USE_PATH_STYLE_ENDPOINT=false

PUSHER_APP_ID=
PUSHER_APP_KEY=
PUSHER_APP_SECRET=
PUSHER_HOST=
PUSHER_PORT=443
PUSHER_SCHEME=https
PUSHER_APP_CLUSTER=mt1

VITE_APP_NAME="${APP_NAME}"
''')
pkgs = [('laravel/framework', 'v11.4.0'), ('guzzlehttp/guzzle', '7.8.1'), ('stripe/stripe-php', 'v14.4.0'),
        ('league/flysystem-aws-s3-v3', '3.27.0'), ('pusher/pusher-php-server', '7.2.4')]
add('s02/composer.lock', js({
    '_readme': ['This file locks the dependencies of your project to a known state',
                'Read more about it at https://getcomposer.org/doc/01-basic-usage.md#installing-dependencies',
                'This file is @generated automatically'],
    'content-hash': hh(32),
    'packages': [{'name': n, 'version': v,
                  'source': {'type': 'git', 'url': 'https://github.com/%s.git' % n, 'reference': hh(40)},
                  'dist': {'type': 'zip', 'url': 'https://api.github.com/repos/%s/zipball/%s' % (n, hh(40)),
                           'reference': hh(40), 'shasum': ''},
                  'type': 'library', 'license': ['MIT']} for n, v in pkgs],
    'packages-dev': [], 'aliases': [], 'minimum-stability': 'stable', 'stability-flags': [],
    'prefer-stable': True, 'prefer-lowest': False,
    'platform': {'php': '^8.2'}, 'platform-dev': [], 'plugin-api-version': '2.6.0',
}))

# s03 Rails: database.yml from ENV, encrypted credentials without the key, master.key ignored (mirrors c15/c16)
add('s03/config/database.yml', '''default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

development:
  <<: *default
  database: storefront_development

test:
  <<: *default
  database: storefront_test

production:
  <<: *default
  url: <%= ENV["DATABASE_URL"] %>
  password: <%= Rails.application.credentials.dig(:database, :password) %>
''')
add('s03/config/credentials.yml.enc', b64(random.randint(380, 620)) + '--' + b64(12) + '--' + b64(16))
add('s03/config/initializers/stripe.rb', '''Rails.configuration.stripe = {
  publishable_key: Rails.application.credentials.dig(:stripe, :publishable_key),
  secret_key: Rails.application.credentials.dig(:stripe, :secret_key)
}

Stripe.api_key = Rails.configuration.stripe[:secret_key]
Stripe.api_version = "2024-04-10"
''')
add('s03/.gitignore', '''# See https://help.github.com/articles/ignoring-files for more about ignoring files.
/.bundle
/log/*
/tmp/*
!/log/.keep
!/tmp/.keep
/storage/*
/public/assets

# Ignore master key for decrypting credentials and more.
/config/master.key
/config/credentials/*.key
''')

# s04 Android google-services.json (Firebase config is not secret) and secret-free gradle.properties (mirrors c37/c38)
proj = pick('tide-app', 'brightlane-mobile', 'chatter-prod') + '-' + r(5, LOW + DIG)
pnum = num(12)
add('s04/app/google-services.json', js({
    'project_info': {'project_number': pnum, 'project_id': proj, 'storage_bucket': proj + '.appspot.com'},
    'client': [{
        'client_info': {'mobilesdk_app_id': '1:%s:android:%s' % (pnum, hh(16)),
                        'android_client_info': {'package_name': 'com.fjordtech.tide'}},
        'oauth_client': [{'client_id': pnum + '-' + rr(32, LOW + DIG) + '.apps.googleusercontent.com',
                          'client_type': 3}],
        'api_key': [{'current_key': aiza()}],
        'services': {'appinvite_service': {'other_platform_oauth_client': [
            {'client_id': pnum + '-' + rr(32, LOW + DIG) + '.apps.googleusercontent.com', 'client_type': 3}]}},
    }],
    'configuration_version': '1',
}))
add('s04/gradle.properties', '''# Project-wide Gradle settings.
org.gradle.jvmargs=-Xmx4096m -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official

# Release signing values come from CI (GitHub Actions secrets), see app/build.gradle:
#   RELEASE_STORE_PASSWORD, RELEASE_KEY_PASSWORD are read with System.getenv()
RELEASE_STORE_FILE=../keystore/release.jks
RELEASE_KEY_ALIAS=upload
''')
add('s04/app/build.gradle', '''plugins {
    id 'com.android.application'
    id 'org.jetbrains.kotlin.android'
    id 'com.google.gms.google-services'
}

android {
    namespace 'com.fjordtech.tide'
    compileSdk 34

    signingConfigs {
        release {
            storeFile file(RELEASE_STORE_FILE)
            storePassword System.getenv("RELEASE_STORE_PASSWORD")
            keyAlias RELEASE_KEY_ALIAS
            keyPassword System.getenv("RELEASE_KEY_PASSWORD")
        }
    }
}
''')

# s05 ASP.NET Core appsettings.json with Key Vault references and managed identity (mirrors c06/c08)
kv = pick('kv-shop-prod', 'kv-portal-weu')
add('s05/src/Shop.Api/appsettings.json', js({
    'Logging': {'LogLevel': {'Default': 'Information', 'Microsoft.AspNetCore': 'Warning'}},
    'AllowedHosts': '*',
    'KeyVault': {'Uri': 'https://%s.vault.azure.net/' % kv},
    'ConnectionStrings': {
        'DefaultConnection': 'Server=tcp:shop-sql-prod.database.windows.net,1433;Initial Catalog=Shop;Authentication=Active Directory Default;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;',
    },
    'Jwt': {'Issuer': 'https://api.' + domain(), 'Audience': 'shop-spa', 'Key': ''},
    'Stripe': {'SecretKey': '@Microsoft.KeyVault(SecretUri=https://%s.vault.azure.net/secrets/StripeSecretKey/)' % kv,
               'WebhookSecret': '@Microsoft.KeyVault(VaultName=%s;SecretName=StripeWebhookSecret)' % kv},
    'Smtp': {'Host': 'smtp.office365.com', 'Port': 587, 'UserName': 'shop-notifications', 'Password': '********'},
}))
add('s05/docs/local-development.md', '''# Local development

Secrets are never stored in `appsettings*.json`. For local runs, use the .NET
Secret Manager, which keeps them outside the repository:

```bash
cd src/Shop.Api
dotnet user-secrets init
dotnet user-secrets set "Jwt:Key" "<at-least-32-random-bytes-base64>"
dotnet user-secrets set "Stripe:SecretKey" "<your-stripe-restricted-key>"
dotnet user-secrets set "Smtp:Password" "<smtp-app-password>"
```

In Azure the App Service resolves the `@Microsoft.KeyVault(...)` references
with its managed identity; nothing needs to be copied by hand.
''')

# s06 Django settings read from the environment, plus a template .env (mirrors c09/c10)
add('s06/marketplace/marketplace/settings.py', '''"""Production-ready settings; all secrets come from the environment (django-environ)."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env(DEBUG=(bool, False))
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost"])

DATABASES = {"default": env.db("DATABASE_URL")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="marketplace-media-dev")

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
''')
add('s06/marketplace/.env.template', '''# Copy to .env and fill in. Never commit the filled-in file.
# Generate a key with:
#   python -c "from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())"
DJANGO_SECRET_KEY=
DEBUG=False
ALLOWED_HOSTS=localhost,127.0.0.1
DATABASE_URL=postgres://marketplace:<db-password>@localhost:5432/marketplace
AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
EMAIL_HOST_USER=
EMAIL_HOST_PASSWORD=
''')

# s07 WordPress wp-config-sample.php with the stock placeholders (mirrors c33)
add('s07/public_html/wp-config-sample.php', '''<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the installation.
 * You don't have to use the website, you can copy this file to "wp-config.php"
 * and fill in the values.
 *
 * @link https://wordpress.org/documentation/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'database_name_here' );

/** Database username */
define( 'DB_USER', 'username_here' );

/** Database password */
define( 'DB_PASSWORD', 'password_here' );

/** Database hostname */
define( 'DB_HOST', 'localhost' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 *
 * Change these to different unique phrases! You can generate these using
 * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 *
 * @since 2.6.0
 */
define( 'AUTH_KEY',         'put your unique phrase here' );
define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );
define( 'LOGGED_IN_KEY',    'put your unique phrase here' );
define( 'NONCE_KEY',        'put your unique phrase here' );
define( 'AUTH_SALT',        'put your unique phrase here' );
define( 'SECURE_AUTH_SALT', 'put your unique phrase here' );
define( 'LOGGED_IN_SALT',   'put your unique phrase here' );
define( 'NONCE_SALT',       'put your unique phrase here' );

/**#@-*/

/** WP Mail SMTP: the password is set as an environment variable on the host. */
define( 'WPMS_ON', true );
define( 'WPMS_SMTP_PASS', getenv( 'WPMS_SMTP_PASS' ) );

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
''')

# s08 Helm chart rendering a Quarkus application.properties from secrets (mirrors c04)
add('s08/deploy/claims-api/templates/configmap.yaml', '''apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "claims-api.fullname" . }}-config
  labels:
    {{- include "claims-api.labels" . | nindent 4 }}
data:
  application.properties: |
    quarkus.http.port=8080
    quarkus.datasource.db-kind=postgresql
    quarkus.datasource.username={{ .Values.db.username }}
    quarkus.datasource.password=${DB_PASSWORD}
    quarkus.datasource.jdbc.url=jdbc:postgresql://{{ .Values.db.host }}:5432/claims
    quarkus.oidc.auth-server-url={{ .Values.oidc.authServerUrl }}
    quarkus.oidc.client-id=claims-api
    quarkus.oidc.credentials.secret=${OIDC_CLIENT_SECRET}
    quarkus.mailer.host=smtp.eu.mailgun.org
    quarkus.mailer.username={{ .Values.mailer.username }}
    quarkus.mailer.password=${MAILER_PASSWORD}
''')
add('s08/deploy/claims-api/templates/deployment.yaml', '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "claims-api.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: claims-api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ .Values.db.existingSecret }}
                  key: password
            - name: OIDC_CLIENT_SECRET
              valueFrom:
                secretKeyRef:
                  name: claims-oidc
                  key: client-secret
            - name: MAILER_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: claims-mailer
                  key: smtp-password
''')
add('s08/deploy/claims-api/values.yaml', '''replicaCount: 2
image:
  repository: registry.internal/claims-api
  tag: "1.14.2"
db:
  host: claims.cluster-ro.internal
  username: claims
  # password is taken from this pre-created Secret (sealed-secrets)
  existingSecret: claims-db
  password: ""
oidc:
  authServerUrl: https://sso.internal/realms/claims
mailer:
  username: postmaster@mg.internal
''')

# s09 Redacted output: actuator /env dump with masked values and a filtered Rails log (mirrors c02/c18)
add('s09/support/ticket-4471/actuator-env.json', js({
    'activeProfiles': ['prod'],
    'propertySources': [
        {'name': 'Config resource \'class path resource [application-prod.properties]\'',
         'properties': {
             'server.port': {'value': '8443'},
             'server.ssl.key-store-password': {'value': '******'},
             'spring.datasource.url': {'value': 'jdbc:mysql://inventory-db:3306/inventory?useSSL=true'},
             'spring.datasource.username': {'value': 'inventory_rw'},
             'spring.datasource.password': {'value': '******'},
             'spring.rabbitmq.password': {'value': '******'},
             'app.jwt.secret': {'value': '******'},
             'spring.cloud.aws.credentials.access-key': {'value': '******'},
             'spring.cloud.aws.credentials.secret-key': {'value': '******'},
         }},
        {'name': 'systemEnvironment', 'properties': {'JAVA_HOME': {'value': '/opt/java/openjdk'},
                                                      'DB_PASSWORD': {'value': '******'}}},
    ],
}))
add('s09/support/ticket-4471/production.log', T('''I, [2024-05-02T09:14:03.221 #12]  INFO -- : [§rid§] Started POST "/users/sign_in" for 10.0.3.18 at 2024-05-02 09:14:03 +0000
I, [2024-05-02T09:14:03.224 #12]  INFO -- : [§rid§] Processing by Users::SessionsController#create as HTML
I, [2024-05-02T09:14:03.224 #12]  INFO -- : [§rid§]   Parameters: {"authenticity_token"=>"[FILTERED]", "user"=>{"email"=>"[FILTERED]", "password"=>"[FILTERED]", "remember_me"=>"1"}, "commit"=>"Log in"}
I, [2024-05-02T09:14:03.301 #12]  INFO -- : [§rid§] Redirected to https://app.fieldops.local/dashboard
I, [2024-05-02T09:14:03.302 #12]  INFO -- : [§rid§] Completed 303 See Other in 78ms (ActiveRecord: 6.1ms | Allocations: 5120)
I, [2024-05-02T09:15:44.010 #14]  INFO -- : [§rid2§] Delivered mail §msgid§@fieldops.mail (412.3ms)
I, [2024-05-02T09:15:44.011 #14]  INFO -- : [§rid2§] smtp_settings: {:address=>"smtp.mandrillapp.com", :port=>587, :user_name=>"FieldOps Ltd", :password=>"[FILTERED]"}
''', rid=uid(), rid2=uid(), msgid=hh(24)))

# s10 Unity project identifiers and package lock hashes, and an empty settings asset (mirrors c43/c44)
add('s10/ProjectSettings/ProjectSettings.asset', T('''%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!129 &1
PlayerSettings:
  m_ObjectHideFlags: 0
  serializedVersion: 26
  productGUID: §pguid§
  AndroidProfiler: 0
  defaultScreenOrientation: 4
  targetDevice: 2
  companyName: Skyforge Games
  productName: Skyforge Arena
  defaultCursor: {fileID: 0}
  cursorHotspot: {x: 0, y: 0}
  bundleVersion: 0.9.12
  applicationIdentifier:
    Android: com.skyforge.arena
    iPhone: com.skyforge.arena
  cloudProjectId: §cpid§
  projectName: Skyforge Arena
  organizationId: skyforge-games
  cloudEnabled: 0
''', pguid=hh(32), cpid=uid()))
add('s10/Packages/packages-lock.json', js({'dependencies': {
    'com.unity.netcode.gameobjects': {'version': '1.8.1', 'depth': 0, 'source': 'registry',
                                      'dependencies': {'com.unity.transport': '1.4.0'},
                                      'url': 'https://packages.unity.com'},
    'com.skyforge.replay': {'version': 'https://github.com/skyforge-games/replay-kit.git#v0.4.2', 'depth': 0,
                            'source': 'git', 'dependencies': {}, 'hash': hh(40)},
    'com.unity.transport': {'version': '1.4.0', 'depth': 1, 'source': 'registry', 'dependencies': {},
                            'url': 'https://packages.unity.com'},
}}))
add('s10/Assets/Resources/LeaderboardServerSettings.asset', T('''%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!114 &11400000
MonoBehaviour:
  m_ObjectHideFlags: 0
  m_CorrespondingSourceObject: {fileID: 0}
  m_PrefabInstance: {fileID: 0}
  m_PrefabAsset: {fileID: 0}
  m_GameObject: {fileID: 0}
  m_Enabled: 1
  m_EditorHideFlags: 0
  m_Script: {fileID: 11500000, guid: §guid§, type: 3}
  m_Name: LeaderboardServerSettings
  m_EditorClassIdentifier: 
  environment: 0
  apiBaseUrl: https://lb.skyforge-games.com/api
  databaseConnection: 
  sendGridApiKey: 
  weeklyReportRecipients: []
  requestTimeoutSeconds: 15
''', guid=hh(32)))

# s11 next.config.js exposing only publishable/client-side values (mirrors c30)
d = domain()
add('s11/next.config.js', T('''/** @type {import('next').NextConfig} */
// Only values that are safe in the browser go here. Server-only keys
// (STRIPE_SECRET_KEY, ALGOLIA_ADMIN_KEY) are read from process.env in
// app/api/* route handlers and are never inlined.
const nextConfig = {
  reactStrictMode: true,
  output: 'standalone',
  env: {
    NEXT_PUBLIC_SITE_URL: 'https://§d§',
    // Stripe publishable key -- designed to be embedded in client code
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '§pk§',
    NEXT_PUBLIC_ALGOLIA_APP_ID: '§algid§',
    // search-only API key (ACL: search), restricted to the products_prod index
    NEXT_PUBLIC_ALGOLIA_SEARCH_KEY: '§algsearch§',
    NEXT_PUBLIC_MAPBOX_TOKEN: '§mb§',
    NEXT_PUBLIC_SENTRY_DSN: 'https://§dsnkey§@o§org§.ingest.sentry.io/§proj§',
  },
};

module.exports = nextConfig;
''', d=d, pk='pk_live_51' + rr(97), algid=rr(10, UP + DIG), algsearch=hh(32),
     mb=mapbox('pk', pick('orbitcart', 'harborview')), dsnkey=hh(32), org=num(6), proj=num(7)))

# s12 Go service config with env expansion and docs describing formats (mirrors c26/c27)
add('s12/dispatch-api/config/production.yaml', '''# Values in ${...} are expanded from the environment by internal/config (os.ExpandEnv).
service:
  name: dispatch-api
  env: production
  http:
    addr: ":8080"

postgres:
  dsn: "postgres://${PG_USER}:${PG_PASSWORD}@${PG_HOST}:5432/dispatch?sslmode=require"

redis:
  addr: "dispatch-cache.internal:6379"
  password: "${REDIS_PASSWORD}"

auth:
  jwt:
    issuer: "https://api.dispatch.internal"
    signing_key: "${JWT_SIGNING_KEY}"

stripe:
  webhook_secret: "${STRIPE_WEBHOOK_SECRET}"

datadog:
  api_key: "${DD_API_KEY}"

slack:
  bot_token: "${SLACK_BOT_TOKEN}"
''')
add('s12/dispatch-api/docs/configuration.md', '''# Configuration

`config/production.yaml` only contains references; the values live in AWS
Secrets Manager under `dispatch-api/prod` and are injected as environment
variables by the ECS task definition.

| Variable | Format | Notes |
|---|---|---|
| `PG_PASSWORD` | free text | rotated monthly by the RDS rotation Lambda |
| `JWT_SIGNING_KEY` | 48 random bytes, base64 | `openssl rand -base64 48` |
| `STRIPE_WEBHOOK_SECRET` | `whsec_...` | from the Stripe dashboard endpoint page |
| `DD_API_KEY` | 32 hex chars | Datadog > Organization Settings > API Keys |
| `SLACK_BOT_TOKEN` | `xoxb-...` | Bot User OAuth Token of the "dispatch" app |

When reporting problems, paste config dumps from `dispatch-api config print`,
which masks secrets, e.g.:

```
postgres.dsn        = postgres://dispatch:****@prod-db:5432/dispatch
redis.password      = ****
auth.jwt.signing_key= ****
slack.bot_token     = xoxb-****
```

To run locally, export the variables from `.env.local` (not committed):

```bash
export PG_PASSWORD=<local-db-password>
export JWT_SIGNING_KEY=$(openssl rand -base64 48)
export STRIPE_WEBHOOK_SECRET=<token printed by `stripe listen`>
```
''')

write()
