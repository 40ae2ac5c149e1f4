# Usage: python3 set35.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 35 (stop 29): configuration files of well-known applications as people really commit them
from common import start, r, hx, ck, add, write, A, HEX, B62
import base64
import random

start()

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password')
WORDS = ['sunflower', 'kestrel', 'marmalade', 'tigger', 'bluebird', 'rocket', 'summer', 'winter', 'falcon',
         'dragon', 'monkey', 'snoopy', 'pebbles', 'orchid', 'cobalt', 'harbor', 'maple', 'juniper',
         'lighthouse', 'trombone', 'pumpkin', 'avalanche', 'gecko', 'zeppelin', 'banjo', 'cactus', 'nimbus',
         'walrus', 'tornado', 'biscuit', 'galaxy', 'hazelnut', 'voyager', 'mercury', 'penguin', 'lasagna',
         'cheetah', 'cranberry', 'sherlock', 'mustang', 'paprika', 'osprey', 'willow', 'thunder', 'copper']
LOWER = 'abcdefghijklmnopqrstuvwxyz'
UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
DIG = '0123456789'
UL = LOWER + DIG
B64C = A + '+/'
URLC = A + '-_'


def ok(s):
    low = s.lower()
    return not any(w in low for w in BAD)


def clean(f):
    def g(*a, **k):
        while True:
            v = f(*a, **k)
            if ok(v):
                return v
    return g


@clean
def pw(syms='!*-_+@'):
    """A password a person chose: word(s), digits, a symbol (never '.' or '#')."""
    w = random.choice(WORDS)
    w = random.choice([w.capitalize(), w, w.upper() if len(w) < 7 else w.capitalize(), w[:1].upper() + w[1:-1] + w[-1].upper()])
    d = r(random.randint(2, 4), DIG)
    s = random.choice(syms)
    k = random.randint(0, 3)
    if k == 0:
        return w + d + s
    if k == 1:
        return w + s + d
    if k == 2:
        return s + w + d
    return w + random.choice(WORDS).capitalize() + d + s


@clean
def gen(n=20, al=A):
    """A generated password with at least one lower, upper and digit."""
    while True:
        v = r(n, al)
        if all(any(c in cls for c in v) for cls in (LOWER, UPPER, DIG) if any(c in cls for c in al)):
            return v


def gsym(n=24, syms='!%^*-_+='):
    return gen(n, A + syms)


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


@clean
def b64(n):
    return base64.b64encode(rb(n)).decode()


@clean
def wgkey():
    """A Curve25519 private key as `wg genkey` prints it (clamped)."""
    k = bytearray(rb(32))
    k[0] &= 248
    k[31] = (k[31] & 127) | 64
    return base64.b64encode(bytes(k)).decode()


@clean
def b64u(n, pad=True):
    v = base64.urlsafe_b64encode(rb(n)).decode()
    return v if pad else v.rstrip('=')


@clean
def hexk(n):
    return hx(n)


@clean
def uid():
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


@clean
def aws_id():
    return 'AKIA' + r(16, UPPER + '234567')


@clean
def aws_secret():
    return r(40, B64C)


@clean
def ghp():
    return ck('ghp_')


@clean
def slack_hook():
    return f'https://hooks.slack.com/services/T{r(8, UPPER + DIG)}/B{r(random.choice([8, 10]), UPPER + DIG)}/{r(24)}'


@clean
def xoxb():
    return f'xoxb-{r(12, DIG)}-{r(13, DIG)}-{r(24)}'


@clean
def sendgrid():
    return f'SG.{r(22, URLC)}.{r(43, URLC)}'


@clean
def stripe():
    return 'sk_live_51' + r(97)


@clean
def tg_bot():
    return f'{random.randint(1000000000, 7999999999)}:AA{r(33, URLC)}'


@clean
def mailgun():
    return f'{hx(32)}-{hx(8)}-{hx(8)}'


@clean
def glpat():
    return 'glpat-' + r(20, URLC)


def user():
    return random.choice(['admin', 'deploy', 'webadmin', 'svc_app', 'appuser', 'dbadmin', 'ops', 'jenkins', 'backup'])


def dom():
    return random.choice(['larkspur-dental.com', 'northwindtraders.io', 'brightpath.org', 'acmecorp.net', 'kestrel-labs.dev',
                          'bluehill-bakery.com', 'riverbend.co.uk', 'tandemhealth.de', 'oakridge-legal.com', 'fjordline.no'])


def ip():
    return random.choice(['10.0.', '192.168.', '172.16.']) + f'{random.randint(0, 40)}.{random.randint(2, 250)}'


WPSALT = A + '!@#$%^&*()-_ []{}<>~`+=,.;:/?|'


@clean
def wpsalt():
    return r(64, WPSALT)


# a01 WordPress, wp-config.php
site = random.choice(['bakery', 'lawfirm', 'blog', 'shop', 'clinic', 'photo', 'travel'])
add('a01/wp-config.php', f'''<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the installation.
 * You don't have to use the website, you can copy this file to "wp-config.php"
 * and fill in the values.
 *
 * This file contains the following configurations:
 *
 * * Database settings
 * * Secret keys
 * * Database table prefix
 * * ABSPATH
 *
 * @link https://developer.wordpress.org/advanced-administration/wordpress/wp-config/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_{site}' );

/** Database username */
define( 'DB_USER', '{site}_wp' );

/** Database password */
define( 'DB_PASSWORD', '{pw()}' );

/** Database hostname */
define( 'DB_HOST', 'localhost' );

/** Database charset to use when creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 *
 * Change these to different unique phrases! You can generate these using
 * the {{@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}}.
 *
 * @since 2.6.0
 */
define( 'AUTH_KEY',         '{wpsalt()}' );
define( 'SECURE_AUTH_KEY',  '{wpsalt()}' );
define( 'LOGGED_IN_KEY',    '{wpsalt()}' );
define( 'NONCE_KEY',        '{wpsalt()}' );
define( 'AUTH_SALT',        '{wpsalt()}' );
define( 'SECURE_AUTH_SALT', '{wpsalt()}' );
define( 'LOGGED_IN_SALT',   '{wpsalt()}' );
define( 'NONCE_SALT',       '{wpsalt()}' );

/**#@-*/

/**
 * WordPress database table prefix.
 */
$table_prefix = 'wp_';

define( 'WP_DEBUG', false );
define( 'WP_MEMORY_LIMIT', '256M' );

/* Add any custom values between this line and the "stop editing" line. */



/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {{
	define( 'ABSPATH', __DIR__ . '/' );
}}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
''')

# a02 Drupal, web/sites/default/settings.php
d = dom()
de = d.replace('.', '\\.')
add('a02/web/sites/default/settings.php', rf'''<?php

// phpcs:ignoreFile

/**
 * @file
 * Drupal site-specific configuration file.
 *
 * Copied from default.settings.php; the long comments were trimmed.
 */

$databases['default']['default'] = [
  'database' => 'drupal10',
  'username' => 'drupal',
  'password' => '{pw()}',
  'prefix' => '',
  'host' => 'mariadb',
  'port' => '3306',
  'isolation_level' => 'READ COMMITTED',
  'driver' => 'mysql',
  'namespace' => 'Drupal\\mysql\\Driver\\Database\\mysql',
  'autoload' => 'core/modules/mysql/src/Driver/Database/mysql/',
];

/**
 * Salt for one-time login links, cancel links, form tokens, etc.
 */
$settings['hash_salt'] = '{b64u(55, False)}';

/**
 * Access control for update.php script.
 */
$settings['update_free_access'] = FALSE;

$settings['file_private_path'] = '../private';
$settings['config_sync_directory'] = '../config/sync';

$settings['container_yamls'][] = $app_root . '/' . $site_path . '/services.yml';

$settings['file_scan_ignore_directories'] = [
  'node_modules',
  'bower_components',
];

$settings['entity_update_batch_size'] = 50;
$settings['entity_update_backup'] = TRUE;
$settings['migrate_node_migrate_type_classic'] = FALSE;

$settings['trusted_host_patterns'] = [
  '^{de}$',
  '^www\.{de}$',
];

if (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {{
  include $app_root . '/' . $site_path . '/settings.local.php';
}}
''')

# a03 Magento 2, app/etc/env.php
d = dom()
add('a03/app/etc/env.php', f'''<?php
return [
    'backend' => [
        'frontName' => 'admin_{clean(r)(6, LOWER + DIG)}'
    ],
    'remote_storage' => [
        'driver' => 'file'
    ],
    'queue' => [
        'consumers_wait_for_messages' => 1
    ],
    'crypt' => [
        'key' => 'base64{b64(32)}'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'localhost',
                'dbname' => 'magento2',
                'username' => 'magento',
                'password' => '{pw()}',
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
        'save' => 'files'
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
        'shop.{d}'
    ],
    'install' => [
        'date' => 'Tue, 12 Mar 2024 10:21:07 +0000'
    ]
];
''')

# a04 Joomla, configuration.php
d = dom()
add('a04/configuration.php', f'''<?php
class JConfig {{
	public $offline = false;
	public $offline_message = 'This site is down for maintenance.<br>Please check back again soon.';
	public $display_offline_message = 1;
	public $offline_image = '';
	public $sitename = '{d.split('.')[0].replace('-', ' ').title()}';
	public $editor = 'tinymce';
	public $captcha = '0';
	public $list_limit = 20;
	public $access = 1;
	public $debug = false;
	public $debug_lang = false;
	public $debug_lang_const = true;
	public $dbtype = 'mysqli';
	public $host = 'localhost';
	public $user = 'joomla_{clean(r)(4, LOWER)}';
	public $password = '{pw()}';
	public $db = 'joomla_site';
	public $dbprefix = '{clean(r)(5, LOWER)}_';
	public $dbencryption = 0;
	public $dbsslverifyservercert = false;
	public $dbsslkey = '';
	public $dbsslcert = '';
	public $dbsslca = '';
	public $dbsslcipher = '';
	public $force_ssl = 2;
	public $live_site = '';
	public $secret = '{gen(16)}';
	public $gzip = false;
	public $error_reporting = 'default';
	public $helpurl = 'https://help.joomla.org/proxy?keyref=Help{{major}}{{minor}}:{{keyref}}&lang={{langcode}}';
	public $offset = 'UTC';
	public $mailonline = true;
	public $mailer = 'smtp';
	public $mailfrom = 'no-reply@{d}';
	public $fromname = 'Website';
	public $sendmail = '/usr/sbin/sendmail';
	public $smtpauth = true;
	public $smtpuser = 'no-reply@{d}';
	public $smtppass = '{pw()}';
	public $smtphost = 'smtp.office365.com';
	public $smtpsecure = 'tls';
	public $smtpport = 587;
	public $caching = 0;
	public $cache_handler = 'file';
	public $cachetime = 15;
	public $cache_platformprefix = false;
	public $MetaDesc = '';
	public $MetaAuthor = true;
	public $MetaVersion = false;
	public $robots = '';
	public $sef = true;
	public $sef_rewrite = true;
	public $sef_suffix = false;
	public $unicodeslugs = false;
	public $feed_limit = 10;
	public $feed_email = 'none';
	public $log_path = '/var/www/html/administrator/logs';
	public $tmp_path = '/var/www/html/tmp';
	public $lifetime = 15;
	public $session_handler = 'database';
	public $shared_session = false;
	public $session_metadata = true;
}}
''')

# a05 Laravel, .env
d = dom()
add('a05/.env', f'''APP_NAME="{d.split('.')[0].replace('-', ' ').title()}"
APP_ENV=production
APP_KEY=base64:{b64(32)}
APP_DEBUG=false
APP_TIMEZONE=UTC
APP_URL=https://{d}

APP_LOCALE=en
APP_FALLBACK_LOCALE=en
APP_FAKER_LOCALE=en_US

APP_MAINTENANCE_DRIVER=file
# APP_MAINTENANCE_STORE=database

BCRYPT_ROUNDS=12

LOG_CHANNEL=stack
LOG_STACK=single
LOG_DEPRECATIONS_CHANNEL=null
LOG_LEVEL=error

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=laravel
DB_USERNAME=forge
DB_PASSWORD={pw('!*-_+@')}

SESSION_DRIVER=database
SESSION_LIFETIME=120
SESSION_ENCRYPT=false
SESSION_PATH=/
SESSION_DOMAIN=null

BROADCAST_CONNECTION=log
FILESYSTEM_DISK=local
QUEUE_CONNECTION=database

CACHE_STORE=database
CACHE_PREFIX=

MEMCACHED_HOST=127.0.0.1

REDIS_CLIENT=phpredis
REDIS_HOST=127.0.0.1
REDIS_PASSWORD=null
REDIS_PORT=6379

MAIL_MAILER=smtp
MAIL_HOST=smtp.mailgun.org
MAIL_PORT=587
MAIL_USERNAME=postmaster@mg.{d}
MAIL_PASSWORD={mailgun()}
MAIL_ENCRYPTION=tls
MAIL_FROM_ADDRESS="hello@{d}"
MAIL_FROM_NAME="${{APP_NAME}}"

AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
AWS_DEFAULT_REGION=us-east-1
AWS_BUCKET=
AWS_USE_PATH_STYLE_ENDPOINT=false

VITE_APP_NAME="${{APP_NAME}}"
''')

# a06 Symfony, .env.local
d = dom()
add('a06/.env.local', f'''# In all environments, the following files are loaded if they exist,
# the latter taking precedence over the former:
#
#  * .env                contains default values for the environment variables needed by the app
#  * .env.local          uncommitted file with local overrides
#  * .env.$APP_ENV       committed environment-specific defaults
#  * .env.$APP_ENV.local uncommitted environment-specific overrides
#
# Real environment variables win over .env files.
#
# https://symfony.com/doc/current/configuration/secrets.html

###> symfony/framework-bundle ###
APP_ENV=prod
APP_SECRET={hexk(32)}
###< symfony/framework-bundle ###

###> doctrine/doctrine-bundle ###
# Format described at https://www.doctrine-project.org/projects/doctrine-dbal/en/latest/reference/configuration.html#connecting-using-a-url
# IMPORTANT: You MUST configure your server version, either here or in config/packages/doctrine.yaml
#
# DATABASE_URL="sqlite:///%kernel.project_dir%/var/data.db"
# DATABASE_URL="mysql://app:!ChangeMe!@127.0.0.1:3306/app?serverVersion=8.0.32&charset=utf8mb4"
DATABASE_URL="postgresql://symfony:{gen(22)}@db.{d}:5432/app?serverVersion=16&charset=utf8"
###< doctrine/doctrine-bundle ###

###> symfony/messenger ###
# Choose one of the transports below
# MESSENGER_TRANSPORT_DSN=amqp://guest:guest@localhost:5672/%2f/messages
# MESSENGER_TRANSPORT_DSN=redis://localhost:6379/messages
MESSENGER_TRANSPORT_DSN=doctrine://default?auto_setup=0
###< symfony/messenger ###

###> symfony/mailer ###
MAILER_DSN=sendgrid+api://{sendgrid()}@default
###< symfony/mailer ###

###> nelmio/cors-bundle ###
CORS_ALLOW_ORIGIN='^https?://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?$'
###< nelmio/cors-bundle ###
''')

# a07 Ruby on Rails, config/database.yml
app = random.choice(['storefront', 'helpdesk', 'billing', 'inventory', 'crm'])
add('a07/config/database.yml', f'''# PostgreSQL. Versions 9.3 and up are supported.
#
# Install the pg driver:
#   gem install pg
# On macOS with Homebrew:
#   gem install pg -- --with-pg-config=/usr/local/bin/pg_config
# On Windows:
#   gem install pg
#       Choose the win32 build.
#       Install PostgreSQL and put its /bin directory on your path.
#
# Configure Using Gemfile
# gem "pg"
#
default: &default
  adapter: postgresql
  encoding: unicode
  # For details on connection pooling, see Rails configuration guide
  # https://guides.rubyonrails.org/configuring.html#database-pooling
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") {{ 5 }} %>

development:
  <<: *default
  database: {app}_development

  # The specified database role being used to connect to PostgreSQL.
  # To create additional roles in PostgreSQL see `$ createuser --help`.
  # When left blank, PostgreSQL will use the default role. This is
  # the same name as the operating system user running Rails.
  #username: {app}

  # The password associated with the PostgreSQL role (username).
  #password:

  # Connect on a TCP socket. Omitted by default since the client uses a
  # domain socket that doesn't need configuration.
  #host: localhost

  # The TCP port the server listens on. Defaults to 5432.
  #port: 5432

# Warning: The database defined as "test" will be erased and
# re-generated from your development database when you run "rake".
# Do not set this db to the same as development or production.
test:
  <<: *default
  database: {app}_test

# As with config/credentials.yml, you never want to store sensitive information,
# like your database password, in your source code.
production:
  <<: *default
  host: {ip()}
  database: {app}_production
  username: {app}
  password: "{pw()}"
''')

# a08 Django, mysite/settings.py
proj = random.choice(['mysite', 'portal', 'backoffice', 'webapp', 'core'])
DJ = LOWER + DIG + '!@#$%^&*(-_=+)'
add('a08/' + proj + '/settings.py', f'''"""
Django settings for {proj} project.

Generated by 'django-admin startproject' using Django 5.0.4.

For more information on this file, see
https://docs.djangoproject.com/en/5.0/topics/settings/
"""

from pathlib import Path

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = '{random.choice(['django-insecure-', ''])}{clean(r)(50, DJ)}'

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = False

ALLOWED_HOSTS = ['{dom()}', 'localhost']

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
    'rest_framework',
    'orders',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

ROOT_URLCONF = '{proj}.urls'
WSGI_APPLICATION = '{proj}.wsgi.application'

# Database
# https://docs.djangoproject.com/en/5.0/ref/settings/#databases

DATABASES = {{
    'default': {{
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': '{proj}',
        'USER': '{proj}_app',
        'PASSWORD': '{pw()}',
        'HOST': '{ip()}',
        'PORT': '5432',
    }}
}}

AUTH_PASSWORD_VALIDATORS = [
    {{'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'}},
    {{'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'}},
    {{'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'}},
    {{'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'}},
]

LANGUAGE_CODE = 'en-us'
TIME_ZONE = 'UTC'
USE_I18N = True
USE_TZ = True

STATIC_URL = 'static/'
STATIC_ROOT = BASE_DIR / 'staticfiles'

DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'
''')

# a09 Spring Boot, src/main/resources/application.yml
d = dom()
add('a09/src/main/resources/application.yml', f'''server:
  port: 8080
  servlet:
    context-path: /api
  compression:
    enabled: true

spring:
  application:
    name: order-service
  profiles:
    active: prod
  datasource:
    url: jdbc:postgresql://{ip()}:5432/orders
    username: orders_app
    password: {pw('!*-_+')}
    driver-class-name: org.postgresql.Driver
    hikari:
      maximum-pool-size: 10
      connection-timeout: 30000
  jpa:
    hibernate:
      ddl-auto: validate
    open-in-view: false
    properties:
      hibernate:
        dialect: org.hibernate.dialect.PostgreSQLDialect
        format_sql: true
  flyway:
    enabled: true
    baseline-on-migrate: true
  mail:
    host: smtp.sendgrid.net
    port: 587
    username: apikey
    password: {sendgrid()}
    properties:
      mail.smtp.auth: true
      mail.smtp.starttls.enable: true

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
  endpoint:
    health:
      show-details: when-authorized

logging:
  level:
    root: INFO
    org.hibernate.SQL: WARN
    com.{d.split('.')[0].replace('-', '')}: DEBUG

app:
  jwt:
    secret: {b64(48)}
    expiration-ms: 86400000
  cors:
    allowed-origins: https://{d}
''')

# a10 ASP.NET Core, appsettings.json
d = dom()
add('a10/src/WebApi/appsettings.json', f'''{{
  "Logging": {{
    "LogLevel": {{
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning",
      "Microsoft.EntityFrameworkCore.Database.Command": "Warning"
    }}
  }},
  "AllowedHosts": "*",
  "ConnectionStrings": {{
    "DefaultConnection": "Server=tcp:{d.split('.')[0]}-sql.database.windows.net,1433;Initial Catalog=WebApiDb;Persist Security Info=False;User ID=sqladmin;Password={pw('!*-_+@')};MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;",
    "Redis": "localhost:6379"
  }},
  "Jwt": {{
    "Issuer": "https://api.{d}",
    "Audience": "https://{d}",
    "Key": "{gen(48)}",
    "ExpiryMinutes": 60
  }},
  "Serilog": {{
    "MinimumLevel": {{
      "Default": "Information",
      "Override": {{
        "Microsoft": "Warning",
        "System": "Warning"
      }}
    }},
    "WriteTo": [
      {{ "Name": "Console" }},
      {{ "Name": "File", "Args": {{ "path": "Logs/log-.txt", "rollingInterval": "Day" }} }}
    ]
  }},
  "Cors": {{
    "AllowedOrigins": [ "https://{d}", "https://www.{d}" ]
  }},
  "FeatureManagement": {{
    "NewCheckout": false
  }}
}}
''')

# a11 Node.js (node-config), config/default.json
d = dom()
add('a11/config/default.json', f'''{{
  "app": {{
    "name": "{d.split('.')[0]}-api",
    "port": 3000,
    "baseUrl": "https://api.{d}",
    "trustProxy": true
  }},
  "logger": {{
    "level": "info",
    "pretty": false
  }},
  "mongodb": {{
    "uri": "mongodb+srv://appuser:{gen(16)}@cluster0.{clean(r)(5, LOWER + DIG)}.mongodb.net/shop?retryWrites=true&w=majority",
    "options": {{
      "maxPoolSize": 20,
      "serverSelectionTimeoutMS": 5000
    }}
  }},
  "auth": {{
    "jwtSecret": "{hexk(64)}",
    "jwtExpiresIn": "7d",
    "bcryptRounds": 10
  }},
  "stripe": {{
    "secretKey": "{stripe()}",
    "currency": "eur"
  }},
  "uploads": {{
    "maxFileSizeMb": 10,
    "allowedTypes": ["image/png", "image/jpeg", "application/pdf"]
  }},
  "rateLimit": {{
    "windowMs": 900000,
    "max": 100
  }}
}}
''')

# a12 Grafana, grafana.ini
d = dom()
add('a12/grafana/grafana.ini', f'''##################### Grafana Configuration #####################
#
# Everything has defaults so you only need to uncomment things you want to
# change

# possible values : production, development
;app_mode = production

# instance name, defaults to HOSTNAME environment variable value or hostname if HOSTNAME var is empty
;instance_name = ${{HOSTNAME}}

#################################### Server ####################################
[server]
protocol = http
http_port = 3000
domain = grafana.{d}
root_url = https://grafana.{d}/
;enable_gzip = false

#################################### Database ####################################
[database]
type = postgres
host = {ip()}:5432
name = grafana
user = grafana
# If the password contains # or ; you have to wrap it with triple quotes. Ex """#password;"""
password = {pw('!*-_+@')}
;ssl_mode = disable

#################################### Security ####################################
[security]
# disable creation of admin user on first start of grafana
;disable_initial_admin_creation = false

# default admin user, created on startup
admin_user = admin

# default admin password, can be changed before first start of grafana,  or in profile settings
admin_password = {pw('!*-_+@')}

# used for signing
secret_key = {gen(20)}

cookie_secure = true
;cookie_samesite = lax

#################################### Users ###############################
[users]
allow_sign_up = false
;auto_assign_org_role = Viewer

#################################### SMTP / Emailing ##########################
[smtp]
enabled = true
host = smtp.gmail.com:587
user = alerts@{d}
password = {clean(r)(16, LOWER)}
;cert_file =
;key_file =
;skip_verify = false
from_address = alerts@{d}
from_name = Grafana

[log]
mode = console file
level = info
''')

# a13 Jenkins, casc_configs/jenkins.yaml (Configuration as Code)
d = dom()
add('a13/casc_configs/jenkins.yaml', f'''jenkins:
  systemMessage: "Jenkins configured automatically by Jenkins Configuration as Code plugin"
  numExecutors: 2
  mode: NORMAL
  scmCheckoutRetryCount: 2
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: "admin"
          name: "Jenkins Admin"
          password: "{pw('!*-_+@')}"
  authorizationStrategy:
    loggedInUsersCanDoAnything:
      allowAnonymousRead: false
  remotingSecurity:
    enabled: true
  nodes:
    - permanent:
        name: "linux-agent-1"
        remoteFS: "/home/jenkins/agent"
        launcher:
          inbound:
            workDirSettings:
              disabled: false

credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: "github-ci"
              username: "{d.split('.')[0]}-ci"
              password: "{ghp()}"
              description: "GitHub token for checkout and status updates"
          - string:
              scope: GLOBAL
              id: "slack-token"
              secret: "{xoxb()}"

unclassified:
  location:
    url: https://ci.{d}/
    adminAddress: "Jenkins <jenkins@{d}>"
  slackNotifier:
    teamDomain: "{d.split('.')[0]}"
    tokenCredentialId: "slack-token"
  gitHubPluginConfig:
    hookUrl: "https://ci.{d}/github-webhook/"

tool:
  git:
    installations:
      - name: git
        home: git
  maven:
    installations:
      - name: maven3
        properties:
          - installSource:
              installers:
                - maven:
                    id: "3.9.6"
''')

# a14 GitLab Omnibus, /etc/gitlab/gitlab.rb
d = dom()
add('a14/etc/gitlab/gitlab.rb', f'''## GitLab configuration settings
##! This file is generated during initial installation and **is not** modified
##! during upgrades.
##! Check out the latest version of this file to know about the different
##! settings that can be configured by this file, which may be found at:
##! https://gitlab.com/gitlab-org/omnibus-gitlab/raw/master/files/gitlab-config-template/gitlab.rb.template

## GitLab URL
##! URL on which GitLab will be reachable.
external_url 'https://gitlab.{d}'

### Request duration
# gitlab_rails['max_request_duration_seconds'] = 57

### Email Settings
gitlab_rails['gitlab_email_enabled'] = true
gitlab_rails['gitlab_email_from'] = 'gitlab@{d}'
gitlab_rails['gitlab_email_display_name'] = 'GitLab'
gitlab_rails['gitlab_email_reply_to'] = 'noreply@{d}'

### GitLab email server settings
###! Docs: https://docs.gitlab.com/omnibus/settings/smtp.html
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "email-smtp.eu-west-1.amazonaws.com"
gitlab_rails['smtp_port'] = 587
gitlab_rails['smtp_user_name'] = "{aws_id()}"
gitlab_rails['smtp_password'] = "B{clean(r)(43, B64C)}"
gitlab_rails['smtp_domain'] = "{d}"
gitlab_rails['smtp_authentication'] = "login"
gitlab_rails['smtp_enable_starttls_auto'] = true
gitlab_rails['smtp_tls'] = false
# gitlab_rails['smtp_pool'] = false

###! **Can be: 'none', 'peer', 'client_once', 'fail_if_no_peer_cert'**
# gitlab_rails['smtp_openssl_verify_mode'] = 'none'

### Initial root password
gitlab_rails['initial_root_password'] = "{pw()}"

### Backup Settings
gitlab_rails['manage_backup_path'] = true
gitlab_rails['backup_path'] = "/var/opt/gitlab/backups"
gitlab_rails['backup_keep_time'] = 604800

## Container Registry settings
# registry_external_url 'https://registry.{d}'

################################################################################
## GitLab NGINX
##! Docs: https://docs.gitlab.com/omnibus/settings/nginx.html
################################################################################
nginx['redirect_http_to_https'] = true
# nginx['ssl_certificate'] = "/etc/gitlab/ssl/#{{node['fqdn']}}.crt"
# nginx['ssl_certificate_key'] = "/etc/gitlab/ssl/#{{node['fqdn']}}.key"

letsencrypt['enable'] = true
letsencrypt['contact_emails'] = ['ops@{d}']
''')

# a15 Gitea, custom/conf/app.ini
d = dom()
nbf = random.randint(1650000000, 1720000000)
jwt_payload = base64.urlsafe_b64encode(('{"nbf":%d}' % nbf).encode()).decode().rstrip('=')
add('a15/gitea/conf/app.ini', f'''APP_NAME = {d.split('.')[0].title()} Git
RUN_MODE = prod
RUN_USER = git
WORK_PATH = /var/lib/gitea

[repository]
ROOT = /var/lib/gitea/data/gitea-repositories

[server]
SSH_DOMAIN = git.{d}
DOMAIN = git.{d}
HTTP_PORT = 3000
ROOT_URL = https://git.{d}/
APP_DATA_PATH = /var/lib/gitea/data
DISABLE_SSH = false
SSH_PORT = 22
LFS_START_SERVER = true
LFS_JWT_SECRET = {b64u(32, False)}
OFFLINE_MODE = true

[database]
PATH = /var/lib/gitea/data/gitea.db
DB_TYPE = postgres
HOST = 127.0.0.1:5432
NAME = gitea
USER = gitea
PASSWD = `{pw()}`
SCHEMA =
SSL_MODE = disable
LOG_SQL = false

[session]
PROVIDER = file

[log]
MODE = console
LEVEL = info
ROOT_PATH = /var/lib/gitea/log

[security]
INSTALL_LOCK = true
INTERNAL_TOKEN = eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{jwt_payload}.{b64u(32, False)}
PASSWORD_HASH_ALGO = pbkdf2
SECRET_KEY = {gen(64)}

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = true
REGISTER_EMAIL_CONFIRM = false
ENABLE_NOTIFY_MAIL = false
DEFAULT_KEEP_EMAIL_PRIVATE = true
NO_REPLY_ADDRESS = noreply.{d}

[oauth2]
JWT_SECRET = {b64u(32, False)}

[mailer]
ENABLED = false
''')

# a16 Nextcloud, config/config.php
d = dom()
add('a16/nextcloud/config/config.php', f'''<?php
$CONFIG = array (
  'instanceid' => 'oc{clean(r)(10, LOWER + DIG)}',
  'passwordsalt' => '{gen(30, A + "+/")}',
  'secret' => '{gen(48, A + "+/")}',
  'trusted_domains' =>
  array (
    0 => 'cloud.{d}',
    1 => '{ip()}',
  ),
  'datadirectory' => '/var/www/nextcloud/data',
  'dbtype' => 'mysql',
  'version' => '28.0.4.1',
  'overwrite.cli.url' => 'https://cloud.{d}',
  'overwriteprotocol' => 'https',
  'dbname' => 'nextcloud',
  'dbhost' => 'localhost',
  'dbport' => '',
  'dbtableprefix' => 'oc_',
  'mysql.utf8mb4' => true,
  'dbuser' => 'nextcloud',
  'dbpassword' => '{pw()}',
  'installed' => true,
  'default_phone_region' => 'DE',
  'memcache.local' => '\\\\OC\\\\Memcache\\\\APCu',
  'memcache.locking' => '\\\\OC\\\\Memcache\\\\Redis',
  'redis' =>
  array (
    'host' => 'localhost',
    'port' => 6379,
  ),
  'mail_smtpmode' => 'smtp',
  'mail_sendmailmode' => 'smtp',
  'mail_from_address' => 'cloud',
  'mail_domain' => '{d}',
  'mail_smtphost' => 'smtp.{d}',
  'mail_smtpport' => '587',
  'mail_smtpauth' => 1,
  'mail_smtpname' => 'cloud@{d}',
  'mail_smtppassword' => '{pw()}',
  'maintenance' => false,
  'maintenance_window_start' => 1,
  'loglevel' => 2,
);
''')

# a17 Home Assistant, config/secrets.yaml
d = dom()
add('a17/homeassistant/secrets.yaml', f'''# Use this file to store secrets like usernames and passwords.
# Learn more at https://www.home-assistant.io/docs/configuration/secrets/
some_password: welcome

# Location
home_latitude: {random.uniform(45, 55):.4f}
home_longitude: {random.uniform(-3, 15):.4f}
home_elevation: {random.randint(10, 400)}

# HTTP
http_base_url: https://ha.{d}

# Recorder (MariaDB add-on)
recorder_db_url: mysql://homeassistant:{pw('!*-_')}@core-mariadb/homeassistant?charset=utf8mb4

# MQTT
mqtt_username: mqtt_user
mqtt_password: {pw('!*-_+')}

# Notifications
telegram_bot_token: {tg_bot()}
telegram_chat_id: {random.randint(10000000, 999999999)}
pushover_user_key: u{clean(r)(29, LOWER + DIG)}

# Weather
openweathermap_api_key: {hexk(32)}

# Cameras
front_door_camera_url: rtsp://admin:{pw('!*-_')}@{ip()}:554/Streaming/Channels/101
garage_camera_url: rtsp://admin:{pw('!*-_')}@{ip()}:554/Streaming/Channels/101

# Wi-Fi for ESPHome devices
wifi_ssid: {random.choice(['Skynet', 'FBI_Van_3', 'PrettyFlyForAWiFi', 'HomeNet', 'Vodafone-2G'])}
wifi_password: {pw('!*-_+')}
''')

# a18 Nginx, /etc/nginx/conf.d/search-proxy.conf
d = dom()
basic = base64.b64encode(f'elastic:{pw("!*-_+")}'.encode()).decode()
add('a18/etc/nginx/conf.d/search-proxy.conf', f'''upstream elasticsearch {{
    server {ip()}:9200;
    server {ip()}:9200;
    keepalive 15;
}}

server {{
    listen 80;
    server_name search.{d};
    return 301 https://$host$request_uri;
}}

server {{
    listen 443 ssl http2;
    server_name search.{d};

    ssl_certificate     /etc/letsencrypt/live/search.{d}/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/search.{d}/privkey.pem;
    ssl_protocols       TLSv1.2 TLSv1.3;
    ssl_ciphers         HIGH:!aNULL:!MD5;

    access_log /var/log/nginx/search.access.log;
    error_log  /var/log/nginx/search.error.log warn;

    client_max_body_size 20m;

    location / {{
        # the site only sends GET/POST _search; the proxy logs in for it
        limit_except GET POST {{
            deny all;
        }}

        proxy_pass http://elasticsearch;
        proxy_http_version 1.1;
        proxy_set_header Connection "Keep-Alive";
        proxy_set_header Proxy-Connection "Keep-Alive";
        proxy_set_header Authorization "Basic {basic}";
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_read_timeout 90s;
    }}

    location = /health {{
        access_log off;
        return 200 "ok\\n";
    }}
}}
''')

# a19 HAProxy, /etc/haproxy/haproxy.cfg
d = dom()
add('a19/etc/haproxy/haproxy.cfg', f'''global
	log /dev/log	local0
	log /dev/log	local1 notice
	chroot /var/lib/haproxy
	stats socket /run/haproxy/admin.sock mode 660 level admin
	stats timeout 30s
	user haproxy
	group haproxy
	daemon

	# Default SSL material locations
	ca-base /etc/ssl/certs
	crt-base /etc/ssl/private

	# See: https://ssl-config.mozilla.org/#server=haproxy&server-version=2.0.3&config=intermediate
	ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384
	ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
	ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets

defaults
	log	global
	mode	http
	option	httplog
	option	dontlognull
	timeout connect 5000
	timeout client  50000
	timeout server  50000
	errorfile 400 /etc/haproxy/errors/400.http
	errorfile 403 /etc/haproxy/errors/403.http
	errorfile 408 /etc/haproxy/errors/408.http
	errorfile 500 /etc/haproxy/errors/500.http
	errorfile 502 /etc/haproxy/errors/502.http
	errorfile 503 /etc/haproxy/errors/503.http
	errorfile 504 /etc/haproxy/errors/504.http

frontend stats
	bind *:8404
	stats enable
	stats uri /stats
	stats refresh 10s
	stats auth admin:{pw('!*-_+@')}
	stats admin if TRUE

frontend https_in
	bind *:443 ssl crt /etc/haproxy/certs/{d}.pem
	http-request redirect scheme https unless {{ ssl_fc }}
	default_backend web_servers

backend web_servers
	balance roundrobin
	option httpchk GET /healthz
	server web1 {ip()}:8080 check
	server web2 {ip()}:8080 check
''')

# a20 Redis, /etc/redis/redis.conf
add('a20/etc/redis/redis.conf', f'''# Redis configuration file example.
#
# Note that in order to read the configuration file, Redis must be
# started with the file path as first argument:
#
# ./redis-server /path/to/redis.conf

################################## NETWORK #####################################

bind 127.0.0.1 {ip()} -::1
protected-mode yes
port 6379
tcp-backlog 511
timeout 0
tcp-keepalive 300

################################# GENERAL #####################################

daemonize yes
supervised systemd
pidfile /var/run/redis/redis-server.pid
loglevel notice
logfile /var/log/redis/redis-server.log
databases 16

################################ SNAPSHOTTING  ################################

save 3600 1 300 100 60 10000
stop-writes-on-bgsave-error yes
rdbcompression yes
rdbchecksum yes
dbfilename dump.rdb
dir /var/lib/redis

################################# REPLICATION #################################

# replicaof <masterip> <masterport>
replicaof {ip()} 6379

# If the master is password protected (using the "requirepass" configuration
# directive below) it is possible to tell the replica to authenticate before
# starting the replication synchronization process.
#
# masterauth <master-password>
masterauth {gen(32)}

replica-read-only yes

################################## SECURITY ###################################

# IMPORTANT NOTE: starting with Redis 6 "requirepass" is just a compatibility
# layer on top of the new ACL system.
#
# requirepass foobared
requirepass {gen(32)}

################################### CLIENTS ####################################

# maxclients 10000

############################## MEMORY MANAGEMENT ################################

maxmemory 2gb
maxmemory-policy allkeys-lru

############################## APPEND ONLY MODE ###############################

appendonly yes
appendfilename "appendonly.aof"
appendfsync everysec
''')

# a21 PostgreSQL standby, recovery.conf
add('a21/var/lib/postgresql/11/main/recovery.conf', f'''# -------------------------------
# PostgreSQL recovery config file
# -------------------------------
#
# Edit this file to provide the parameters that PostgreSQL needs to
# perform an archive recovery of a database, or to act as a replication
# standby.
#
# If "recovery.conf" is present in the PostgreSQL data directory, it is
# read on postmaster startup.  After successful recovery, it is renamed
# to "recovery.done" to ensure that we do not accidentally re-enter
# archive recovery or standby mode.
#
#---------------------------------------------------------------------------
# ARCHIVE RECOVERY PARAMETERS
#---------------------------------------------------------------------------
#
#restore_command = ''		# e.g. 'cp /mnt/server/archivedir/%f %p'
restore_command = 'cp /mnt/wal_archive/%f %p'
#archive_cleanup_command = ''
#recovery_end_command = ''
#
#---------------------------------------------------------------------------
# RECOVERY TARGET PARAMETERS
#---------------------------------------------------------------------------
#
#recovery_target_timeline = 'latest'
recovery_target_timeline = 'latest'
#
#---------------------------------------------------------------------------
# STANDBY SERVER PARAMETERS
#---------------------------------------------------------------------------
#
standby_mode = on
#
# connection string to connect to the primary
#primary_conninfo = ''		# e.g. 'host=localhost port=5432'
primary_conninfo = 'host={ip()} port=5432 user=replicator password={pw('!*-_+@')} application_name=standby1 sslmode=prefer'
#
#primary_slot_name = ''
primary_slot_name = 'standby1_slot'
#
trigger_file = '/tmp/postgresql.trigger.5432'
#
#recovery_min_apply_delay = 0
''')

# a22 MySQL, /etc/mysql/my.cnf
add('a22/etc/mysql/my.cnf', f'''#
# The MySQL database server configuration file.
#
# You can copy this to one of:
# - "/etc/mysql/my.cnf" to set global options,
# - "~/.my.cnf" to set user-specific options.
#
# One can use all long options that the program supports.
# Run program with --help to get a list of available options and with
# --print-defaults to see which it would actually understand and use.
#
# For explanations see
# http://dev.mysql.com/doc/mysql/en/server-system-variables.html

[client]
user            = root
password        = "{pw('!*-_+@')}"
port            = 3306
socket          = /var/run/mysqld/mysqld.sock

[mysqldump]
quick
quote-names
max_allowed_packet      = 64M

[mysqld]
user            = mysql
pid-file        = /var/run/mysqld/mysqld.pid
socket          = /var/run/mysqld/mysqld.sock
port            = 3306
basedir         = /usr
datadir         = /var/lib/mysql
tmpdir          = /tmp
bind-address    = 0.0.0.0
max_connections = 300
innodb_buffer_pool_size = 2G
innodb_log_file_size    = 512M
slow_query_log          = 1
slow_query_log_file     = /var/log/mysql/mysql-slow.log
long_query_time         = 2
log_error               = /var/log/mysql/error.log
server-id               = 1
log_bin                 = /var/log/mysql/mysql-bin.log
binlog_expire_logs_seconds = 864000

!includedir /etc/mysql/conf.d/
!includedir /etc/mysql/mysql.conf.d/
''')

# a23 MongoDB (docker image), docker-entrypoint-initdb.d/mongo-init.js
add('a23/docker-entrypoint-initdb.d/mongo-init.js', f'''// Runs once, when the mongo container starts with an empty /data/db.
// MONGO_INITDB_ROOT_USERNAME / MONGO_INITDB_ROOT_PASSWORD create the root user;
// this script adds the application users.

db = db.getSiblingDB('shop');

db.createUser({{
  user: 'shop_app',
  pwd: '{gen(24)}',
  roles: [
    {{ role: 'readWrite', db: 'shop' }},
  ],
}});

db.createUser({{
  user: 'shop_reporting',
  pwd: '{pw()}',
  roles: [
    {{ role: 'read', db: 'shop' }},
  ],
}});

db.createCollection('products');
db.createCollection('orders');
db.createCollection('customers');

db.products.createIndex({{ sku: 1 }}, {{ unique: true }});
db.orders.createIndex({{ customerId: 1, createdAt: -1 }});
db.customers.createIndex({{ email: 1 }}, {{ unique: true }});

print('mongo-init.js: users and collections created');
''')

# a24 RabbitMQ, /etc/rabbitmq/rabbitmq.conf
add('a24/etc/rabbitmq/rabbitmq.conf', f'''# ======================================
# RabbitMQ broker section
# ======================================

## Networking
## ====================
##
## Related doc guide: https://rabbitmq.com/networking.html.
##
listeners.tcp.default = 5672
# listeners.tcp.local    = 127.0.0.1:5672

## Default User / VHost
## ====================
##
## On first start RabbitMQ will create a vhost and a user. These
## config items control what gets created.
## Relevant doc guide: https://rabbitmq.com/access-control.html
##
default_vhost = /
default_user = {random.choice(['rabbit', 'mqadmin', 'broker'])}
default_pass = {gen(24)}

default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*

## Tags for default user
default_user_tags.administrator = true

## Security, Access Control
## ==============
loopback_users.guest = true

## Resource Limits & Flow Control
## ==============================
vm_memory_high_watermark.relative = 0.6
disk_free_limit.absolute = 2GB

## Logging
log.file.level = info
log.console = true

## Management plugin
management.tcp.port = 15672
management.load_definitions = /etc/rabbitmq/definitions.json

## Clustering
cluster_formation.peer_discovery_backend = rabbit_peer_discovery_classic_config
cluster_formation.classic_config.nodes.1 = rabbit@mq1
cluster_formation.classic_config.nodes.2 = rabbit@mq2
''')

# a25 Kibana, config/kibana.yml
d = dom()
add('a25/kibana/config/kibana.yml', f'''# For more configuration options see the configuration guide for Kibana in
# https://www.elastic.co/guide/index.html

# =================== System: Kibana Server ===================
# Kibana is served by a back end server. This setting specifies the port to use.
server.port: 5601

# Specifies the address to which the Kibana server will bind.
server.host: "0.0.0.0"

# Enables you to specify a path to mount Kibana at if you are running behind a proxy.
#server.basePath: ""

# The Kibana server's name. This is used for display purposes.
server.name: "kibana.{d}"
server.publicBaseUrl: "https://kibana.{d}"

# =================== System: Kibana Server (Optional) ===================
# Enables SSL and paths to the PEM-format SSL certificate and SSL key files, respectively.
#server.ssl.enabled: false
#server.ssl.certificate: /path/to/your/server.crt
#server.ssl.key: /path/to/your/server.key

# =================== System: Elasticsearch ===================
# The URLs of the Elasticsearch instances to use for all your queries.
elasticsearch.hosts: ["https://{ip()}:9200"]

# If your Elasticsearch is protected with basic authentication, these settings provide
# the username and password that the Kibana server uses to perform maintenance on the Kibana
# index at startup.
elasticsearch.username: "kibana_system"
elasticsearch.password: "{gen(20)}"

# Enables you to specify a path to the PEM file for the certificate
# authority for your Elasticsearch instance.
elasticsearch.ssl.certificateAuthorities: [ "/etc/kibana/certs/http_ca.crt" ]
#elasticsearch.ssl.verificationMode: full

# =================== System: Logging ===================
logging:
  appenders:
    file:
      type: file
      fileName: /var/log/kibana/kibana.log
      layout:
        type: json
  root:
    appenders:
      - default
      - file

# =================== Encryption keys ===================
xpack.encryptedSavedObjects.encryptionKey: "{hexk(32)}"
xpack.reporting.encryptionKey: "{hexk(32)}"
xpack.security.encryptionKey: "{hexk(32)}"

# =================== System: Other ===================
#i18n.locale: "en"
''')

# a26 Logstash, pipeline/logstash.conf
d = dom()
add('a26/logstash/pipeline/logstash.conf', f'''# Beats -> Logstash -> Elasticsearch pipeline.
input {{
  beats {{
    port => 5044
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
    useragent {{
      source => "agent"
      target => "user_agent"
    }}
  }}
  mutate {{
    remove_field => [ "agent", "ecs", "input" ]
  }}
}}

output {{
  elasticsearch {{
    hosts => ["https://es01.{d}:9200"]
    index => "%{{[fields][log_type]}}-%{{+YYYY.MM.dd}}"
    user => "logstash_writer"
    password => "{pw('!*-_+@')}"
    ssl => true
    cacert => "/usr/share/logstash/config/certs/ca.crt"
  }}
  if [fields][log_type] == "audit" {{
    s3 {{
      access_key_id => "{aws_id()}"
      secret_access_key => "{aws_secret()}"
      region => "eu-central-1"
      bucket => "{d.split('.')[0]}-audit-logs"
      codec => "json_lines"
    }}
  }}
  # stdout {{ codec => rubydebug }}
}}
''')

# a27 Prometheus Alertmanager, alertmanager.yml
d = dom()
add('a27/alertmanager/alertmanager.yml', f'''global:
  resolve_timeout: 5m
  # The smarthost and SMTP sender used for mail notifications.
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_from: 'alertmanager@{d}'
  smtp_auth_username: 'alertmanager@{d}'
  smtp_auth_password: '{pw()}'
  smtp_require_tls: true
  slack_api_url: '{slack_hook()}'

# The directory from which notification templates are read.
templates:
  - '/etc/alertmanager/template/*.tmpl'

# The root route on which each incoming alert enters.
route:
  group_by: ['alertname', 'cluster', 'service']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 3h
  receiver: team-ops-mails
  routes:
    - matchers:
        - severity="critical"
      receiver: team-ops-slack
      continue: true
    - matchers:
        - service=~"mysql|postgres"
      receiver: team-db-pager

# Inhibition rules allow to mute a set of alerts given that another alert is
# firing.
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [alertname, cluster, service]

receivers:
  - name: 'team-ops-mails'
    email_configs:
      - to: 'ops@{d}'
  - name: 'team-ops-slack'
    slack_configs:
      - channel: '#alerts'
        send_resolved: true
        title: '{{{{ .CommonLabels.alertname }}}}'
        text: '{{{{ range .Alerts }}}}{{{{ .Annotations.summary }}}}\\n{{{{ end }}}}'
  - name: 'team-db-pager'
    pagerduty_configs:
      - routing_key: '{hexk(32)}'
''')

# a28 Keycloak, realm-export.json
d = dom()
realm = d.split('.')[0]
add('a28/keycloak/import/realm-export.json', f'''{{
  "id": "{uid()}",
  "realm": "{realm}",
  "displayName": "{realm.replace('-', ' ').title()}",
  "notBefore": 0,
  "defaultSignatureAlgorithm": "RS256",
  "revokeRefreshToken": false,
  "accessTokenLifespan": 300,
  "ssoSessionIdleTimeout": 1800,
  "ssoSessionMaxLifespan": 36000,
  "enabled": true,
  "sslRequired": "external",
  "registrationAllowed": false,
  "loginWithEmailAllowed": true,
  "duplicateEmailsAllowed": false,
  "resetPasswordAllowed": true,
  "editUsernameAllowed": false,
  "bruteForceProtected": true,
  "clients": [
    {{
      "id": "{uid()}",
      "clientId": "{realm}-backend",
      "name": "Backend API",
      "enabled": true,
      "clientAuthenticatorType": "client-secret",
      "secret": "{gen(32)}",
      "redirectUris": ["https://app.{d}/*"],
      "webOrigins": ["https://app.{d}"],
      "standardFlowEnabled": true,
      "directAccessGrantsEnabled": false,
      "serviceAccountsEnabled": true,
      "publicClient": false,
      "protocol": "openid-connect",
      "attributes": {{
        "post.logout.redirect.uris": "https://app.{d}/*",
        "pkce.code.challenge.method": "S256"
      }}
    }},
    {{
      "id": "{uid()}",
      "clientId": "{realm}-spa",
      "enabled": true,
      "publicClient": true,
      "redirectUris": ["https://app.{d}/*"],
      "webOrigins": ["+"],
      "protocol": "openid-connect"
    }}
  ],
  "smtpServer": {{
    "host": "smtp.{d}",
    "port": "587",
    "from": "sso@{d}",
    "fromDisplayName": "{realm.title()} SSO",
    "auth": "true",
    "starttls": "true",
    "user": "sso@{d}",
    "password": "{pw()}"
  }},
  "internationalizationEnabled": false,
  "browserFlow": "browser",
  "registrationFlow": "registration",
  "directGrantFlow": "direct grant",
  "resetCredentialsFlow": "reset credentials",
  "clientAuthenticationFlow": "clients",
  "attributes": {{
    "frontendUrl": "https://sso.{d}"
  }},
  "keycloakVersion": "24.0.3"
}}
''')

# a29 Consul, /etc/consul.d/consul.hcl
d = dom()
add('a29/etc/consul.d/consul.hcl', f'''# Full configuration options can be found at https://developer.hashicorp.com/consul/docs/agent/config

# datacenter
# This flag controls the datacenter in which the agent is running. If not provided,
# it defaults to "dc1".
datacenter = "{random.choice(['dc1', 'fra1', 'ams3', 'eu-west'])}"

# data_dir
# This flag provides a data directory for the agent to store state.
data_dir = "/opt/consul"

# client_addr
# The address to which Consul will bind client interfaces, including the HTTP and DNS
# servers.
client_addr = "0.0.0.0"

# ui
# Enables the built-in web UI server and the required HTTP routes.
ui_config {{
  enabled = true
}}

# server
# This flag is used to control if an agent is in server or client mode.
server = true

# Bind addr
bind_addr = "{ip()}"

# Expect: number of servers to wait for before bootstrapping the cluster.
bootstrap_expect = 3

retry_join = ["{ip()}", "{ip()}", "{ip()}"]

# encrypt
# Specifies the secret key to use for encryption of Consul network traffic.
encrypt = "{b64(32)}"

acl {{
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
  tokens {{
    initial_management = "{uid()}"
    agent              = "{uid()}"
  }}
}}

performance {{
  raft_multiplier = 1
}}
''')

# a30 Gradle, gradle.properties
d = dom()
add('a30/gradle.properties', f'''# Project-wide Gradle settings.
# IDE (e.g. Android Studio) users:
# Gradle settings configured through the IDE *will override*
# any settings specified in this file.
# For more details on how to configure your build environment visit
# http://www.gradle.org/docs/current/userguide/build_environment.html
# Specifies the JVM arguments used for the daemon process.
# The setting is particularly useful for tweaking memory settings.
org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8
# When configured, Gradle will run in incubating parallel mode.
# This option should only be used with decoupled projects. For more details, visit
# https://developer.android.com/r/tools/gradle-multi-project-decoupled-projects
# org.gradle.parallel=true
org.gradle.caching=true
# AndroidX package structure to make it clearer which packages are bundled with the
# Android operating system, and which are packaged with your app's APK
android.useAndroidX=true
# Kotlin code style for this project: "official" or "obsolete":
kotlin.code.style=official
# Enables namespacing of each library's R class so that its R class includes only the
# resources declared in the library itself and none from the library's dependencies,
# thereby reducing the size of the R class for that library
android.nonTransitiveRClass=true

# Publishing
GROUP=com.{d.split('.')[0].replace('-', '')}
VERSION_NAME=2.3.1-SNAPSHOT
mavenCentralUsername={gen(8)}
mavenCentralPassword={gen(44, A)}
signing.keyId={hx(8).upper()}
signing.password={pw('!*-_+@')}
signing.secretKeyRingFile=/Users/{random.choice(['mike', 'anna', 'jkowalski', 'lchen'])}/.gnupg/secring.gpg

# GitHub Packages
gpr.user={d.split('.')[0]}-bot
gpr.key={ghp()}
''')

# a31 Traefik, traefik.yml (static configuration)
d = dom()
add('a31/traefik/traefik.yml', f'''################################################################
# Global configuration
################################################################
global:
  checkNewVersion: true
  sendAnonymousUsage: false

################################################################
# EntryPoints configuration
################################################################
entryPoints:
  web:
    address: ":80"
    http:
      redirections:
        entryPoint:
          to: websecure
          scheme: https
  websecure:
    address: ":443"

################################################################
# Traefik logs configuration
################################################################
log:
  level: INFO
  # filePath: log/traefik.log

accessLog:
  filePath: /var/log/traefik/access.log

################################################################
# API and dashboard configuration
################################################################
api:
  dashboard: true
  # insecure: true

################################################################
# Metrics
################################################################
metrics:
  influxDB2:
    address: http://influxdb:8086
    token: {b64u(64)}
    org: {d.split('.')[0]}
    bucket: traefik

################################################################
# Providers
################################################################
providers:
  docker:
    endpoint: "unix:///var/run/docker.sock"
    exposedByDefault: false
  redis:
    endpoints:
      - "redis:6379"
    password: {gen(24)}
    rootKey: traefik

certificatesResolvers:
  letsencrypt:
    acme:
      email: admin@{d}
      storage: /letsencrypt/acme.json
      httpChallenge:
        entryPoint: web
''')

# a32 Docker Compose, docker-compose.yml
d = dom()
dbpw = pw('!*-_+')
add('a32/docker-compose.yml', f'''version: "3.8"

services:
  app:
    image: ghcr.io/{d.split('.')[0]}/web:latest
    restart: unless-stopped
    depends_on:
      - db
      - redis
    ports:
      - "8000:8000"
    environment:
      - DATABASE_URL=postgres://app:{dbpw}@db:5432/app
      - REDIS_URL=redis://redis:6379/0
      - SECRET_KEY_BASE={hexk(128)}
      - SMTP_HOST=smtp.mailgun.org
      - SMTP_USER=postmaster@mg.{d}
      - SMTP_PASSWORD={mailgun()}
      - RAILS_ENV=production
      - RAILS_LOG_TO_STDOUT=1
    volumes:
      - uploads:/app/public/uploads

  db:
    image: postgres:16-alpine
    restart: unless-stopped
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: {dbpw}
      POSTGRES_DB: app
    volumes:
      - pgdata:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 10s
      timeout: 5s
      retries: 5

  redis:
    image: redis:7-alpine
    restart: unless-stopped
    command: ["redis-server", "--appendonly", "yes"]

  adminer:
    image: adminer
    restart: unless-stopped
    ports:
      - "8080:8080"

volumes:
  pgdata:
  uploads:
''')

# a33 Kubernetes, k8s/secret.yaml
d = dom()
e = lambda s: base64.b64encode(s.encode()).decode()
add('a33/k8s/base/secret.yaml', f'''# Secret consumed by the api Deployment (envFrom: secretRef: api-secrets)
apiVersion: v1
kind: Secret
metadata:
  name: api-secrets
  namespace: {d.split('.')[0]}
  labels:
    app.kubernetes.io/name: api
    app.kubernetes.io/part-of: {d.split('.')[0]}
type: Opaque
data:
  DB_USER: {e('api')}
  DB_PASSWORD: {e(pw())}
  JWT_SECRET: {e(hexk(64))}
stringData:
  AWS_ACCESS_KEY_ID: {aws_id()}
  AWS_SECRET_ACCESS_KEY: {aws_secret()}
  AWS_REGION: eu-west-1
  S3_BUCKET: {d.split('.')[0]}-uploads
---
apiVersion: v1
kind: Secret
metadata:
  name: regcred
  namespace: {d.split('.')[0]}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {e('{"auths":{"ghcr.io":{"username":"' + d.split('.')[0] + '-ci","password":"' + ghp() + '"}}}')}
''')

# a34 Helm, values.yaml (umbrella chart with bitnami postgresql)
d = dom()
add('a34/charts/webshop/values.yaml', f'''# Default values for webshop.
# This is a YAML-formatted file.
# Declare variables to be passed into your templates.

replicaCount: 2

image:
  repository: registry.{d}/webshop
  pullPolicy: IfNotPresent
  # Overrides the image tag whose default is the chart appVersion.
  tag: ""

imagePullSecrets: []
nameOverride: ""
fullnameOverride: ""

serviceAccount:
  # Specifies whether a service account should be created
  create: true
  # Annotations to add to the service account
  annotations: {{}}
  name: ""

service:
  type: ClusterIP
  port: 80

ingress:
  enabled: true
  className: nginx
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
  hosts:
    - host: shop.{d}
      paths:
        - path: /
          pathType: Prefix
  tls:
    - secretName: webshop-tls
      hosts:
        - shop.{d}

resources:
  limits:
    cpu: 500m
    memory: 512Mi
  requests:
    cpu: 100m
    memory: 256Mi

env:
  APP_ENV: production
  SENTRY_DSN: https://{hx(32)}@o{random.randint(100000, 999999)}.ingest.sentry.io/{random.randint(1000000, 9999999)}

postgresql:
  enabled: true
  auth:
    username: webshop
    password: "{pw()}"
    postgresPassword: "{gen(20)}"
    database: webshop
  primary:
    persistence:
      size: 10Gi

redis:
  enabled: true
  auth:
    enabled: true
    password: "{gen(20)}"
''')

# a35 Ansible, group_vars/all.yml
d = dom()
add('a35/inventories/production/group_vars/all.yml', f'''---
# Variables shared by every host in production.
ansible_user: deploy
ansible_become: true
ansible_become_password: "{pw()}"
ansible_python_interpreter: /usr/bin/python3

timezone: Europe/Berlin
ntp_servers:
  - 0.de.pool.ntp.org
  - 1.de.pool.ntp.org

app_name: {d.split('.')[0]}
app_domain: {d}
app_user: www-data
app_root: /srv/{d.split('.')[0]}

# database
mysql_root_password: "{gen(24)}"
mysql_databases:
  - name: "{{{{ app_name }}}}"
    encoding: utf8mb4
mysql_users:
  - name: "{{{{ app_name }}}}"
    host: "%"
    password: "{pw()}"
    priv: "{{{{ app_name }}}}.*:ALL"

# mail relay
postfix_relayhost: "[smtp.sendgrid.net]:587"
postfix_sasl_user: apikey
postfix_sasl_password: "{sendgrid()}"

# backups
backup_s3_bucket: "{d.split('.')[0]}-backups"
backup_retention_days: 14

firewall_allowed_tcp_ports:
  - 22
  - 80
  - 443
''')

# a36 Terraform, terraform.tfvars
d = dom()
add('a36/infra/terraform.tfvars', f'''# terraform.tfvars - production
region      = "eu-central-1"
environment = "production"
project     = "{d.split('.')[0]}"

aws_access_key = "{aws_id()}"
aws_secret_key = "{aws_secret()}"

vpc_cidr             = "10.20.0.0/16"
public_subnet_cidrs  = ["10.20.1.0/24", "10.20.2.0/24"]
private_subnet_cidrs = ["10.20.11.0/24", "10.20.12.0/24"]

instance_type = "t3.medium"
key_name      = "ops-{random.randint(2019, 2024)}"
ami_id        = "ami-{hx(17)}"

db_instance_class    = "db.t3.medium"
db_allocated_storage = 50
db_name              = "appdb"
db_username          = "dbadmin"
db_password          = "{pw('!*-_+')}"

domain_name     = "{d}"
certificate_arn = "arn:aws:acm:eu-central-1:{r(12, DIG)}:certificate/{uid()}"

cloudflare_api_token = "{clean(r)(40, URLC)}"

tags = {{
  Owner      = "platform-team"
  CostCenter = "{random.randint(1000, 9999)}"
  ManagedBy  = "terraform"
}}
''')

# a37 Apache Airflow, airflow.cfg
d = dom()
add('a37/airflow/airflow.cfg', f'''[core]
# The folder where your airflow pipelines live, most likely a
# subfolder in a code repository. This path must be absolute.
dags_folder = /opt/airflow/dags

# The executor class that airflow should use. Choices include
# ``SequentialExecutor``, ``LocalExecutor``, ``CeleryExecutor``, ``DaskExecutor``,
# ``KubernetesExecutor``, ``CeleryKubernetesExecutor`` or the
# full import path to the class when using a custom executor.
executor = CeleryExecutor

# Secret key to save connection passwords in the db
fernet_key = {b64u(32)}

# Whether to load the DAG examples that ship with Airflow. It's good to
# get started, but you probably want to set this to ``False`` in a production
# environment
load_examples = False

default_timezone = utc
parallelism = 32
max_active_tasks_per_dag = 16

[database]
# The SqlAlchemy connection string to the metadata database.
# SqlAlchemy supports many different database engines.
sql_alchemy_conn = postgresql+psycopg2://airflow:{pw('!*-_')}@{ip()}:5432/airflow
sql_alchemy_pool_size = 5

[logging]
base_log_folder = /opt/airflow/logs
remote_logging = False
logging_level = INFO

[webserver]
base_url = https://airflow.{d}
web_server_port = 8080
# Secret key used to run your flask app. It should be as random as possible.
secret_key = {b64(16)}
expose_config = False

[celery]
broker_url = redis://:{gen(24)}@redis:6379/0
result_backend = db+postgresql://airflow:{pw('!*-_')}@{ip()}:5432/airflow
worker_concurrency = 16

[smtp]
smtp_host = smtp.{d}
smtp_starttls = True
smtp_ssl = False
smtp_user = airflow@{d}
smtp_password = {pw('!*-_+@')}
smtp_port = 587
smtp_mail_from = airflow@{d}

[scheduler]
dag_dir_list_interval = 300
catchup_by_default = False
''')

# a38 Apache Superset, superset_config.py
d = dom()
add('a38/docker/pythonpath_dev/superset_config.py', f'''# Superset specific config
import os

from celery.schedules import crontab
from flask_caching.backends.rediscache import RedisCache

ROW_LIMIT = 5000
SUPERSET_WEBSERVER_PORT = 8088

# Flask App Builder configuration
# Your App secret key will be used for securely signing the session cookie
# and encrypting sensitive information on the database
# Make sure you are changing this key for your deployment with a strong key.
# You can generate a strong key using `openssl rand -base64 42`.
SECRET_KEY = '{b64(42)}'

# The SQLAlchemy connection string to your database backend
# This connection defines the path to the database that stores your
# superset metadata (slices, connections, tables, dashboards, ...).
SQLALCHEMY_DATABASE_URI = 'postgresql://superset:{pw('!*-_')}@{ip()}:5432/superset'

# Flask-WTF flag for CSRF
WTF_CSRF_ENABLED = True
# Add endpoints that need to be exempt from CSRF protection
WTF_CSRF_EXEMPT_LIST = []
# A CSRF token that expires in 1 year
WTF_CSRF_TIME_LIMIT = 60 * 60 * 24 * 365

# Set this API key to enable Mapbox visualizations
MAPBOX_API_KEY = ''

REDIS_HOST = 'redis'
REDIS_PORT = '6379'

CACHE_CONFIG = {{
    'CACHE_TYPE': 'RedisCache',
    'CACHE_DEFAULT_TIMEOUT': 300,
    'CACHE_KEY_PREFIX': 'superset_',
    'CACHE_REDIS_HOST': REDIS_HOST,
    'CACHE_REDIS_PORT': REDIS_PORT,
    'CACHE_REDIS_DB': 1,
}}
DATA_CACHE_CONFIG = CACHE_CONFIG

FEATURE_FLAGS = {{
    'ALERT_REPORTS': True,
    'DASHBOARD_RBAC': True,
}}

# Alerts & reports
SMTP_HOST = 'smtp.{d}'
SMTP_STARTTLS = True
SMTP_SSL = False
SMTP_USER = 'superset@{d}'
SMTP_PORT = 587
SMTP_PASSWORD = '{pw()}'
SMTP_MAIL_FROM = 'superset@{d}'

SLACK_API_TOKEN = '{xoxb()}'

WEBDRIVER_BASEURL = 'http://superset:8088/'
WEBDRIVER_BASEURL_USER_FRIENDLY = 'https://bi.{d}/'
''')

# a39 Mattermost, config/config.json
d = dom()
add('a39/mattermost/config/config.json', f'''{{
    "ServiceSettings": {{
        "SiteURL": "https://chat.{d}",
        "WebsocketURL": "",
        "LicenseFileLocation": "",
        "ListenAddress": ":8065",
        "ConnectionSecurity": "",
        "TLSCertFile": "",
        "TLSKeyFile": "",
        "UseLetsEncrypt": false,
        "Forward80To443": false,
        "ReadTimeout": 300,
        "WriteTimeout": 300,
        "MaximumLoginAttempts": 10,
        "EnableIncomingWebhooks": true,
        "EnableOutgoingWebhooks": true,
        "EnableCommands": true,
        "EnableDeveloper": false
    }},
    "TeamSettings": {{
        "SiteName": "{d.split('.')[0].title()} Chat",
        "MaxUsersPerTeam": 250,
        "EnableOpenServer": false,
        "RestrictCreationToDomains": "{d}"
    }},
    "SqlSettings": {{
        "DriverName": "postgres",
        "DataSource": "postgres://mmuser:{pw('!*-_')}@{ip()}:5432/mattermost?sslmode=disable\\u0026connect_timeout=10\\u0026binary_parameters=yes",
        "DataSourceReplicas": [],
        "DataSourceSearchReplicas": [],
        "MaxIdleConns": 20,
        "ConnMaxLifetimeMilliseconds": 3600000,
        "MaxOpenConns": 300,
        "Trace": false,
        "AtRestEncryptKey": "{gen(32, LOWER + DIG)}",
        "QueryTimeout": 30,
        "DisableDatabaseSearch": false
    }},
    "LogSettings": {{
        "EnableConsole": true,
        "ConsoleLevel": "INFO",
        "EnableFile": true,
        "FileLevel": "INFO",
        "FileLocation": ""
    }},
    "FileSettings": {{
        "DriverName": "local",
        "Directory": "./data/",
        "EnablePublicLink": false,
        "PublicLinkSalt": "{gen(32, LOWER + DIG)}",
        "MaxFileSize": 104857600
    }},
    "EmailSettings": {{
        "EnableSignUpWithEmail": true,
        "EnableSignInWithEmail": true,
        "SendEmailNotifications": true,
        "FeedbackName": "Mattermost",
        "FeedbackEmail": "chat@{d}",
        "SMTPUsername": "chat@{d}",
        "SMTPPassword": "{pw()}",
        "SMTPServer": "smtp.{d}",
        "SMTPPort": "587",
        "ConnectionSecurity": "STARTTLS",
        "SendPushNotifications": true,
        "PushNotificationServer": "https://push.mattermost.com"
    }},
    "RateLimitSettings": {{
        "Enable": false,
        "PerSec": 10,
        "MaxBurst": 100
    }}
}}
''')

# a40 Zabbix, /etc/zabbix/zabbix_server.conf
add('a40/etc/zabbix/zabbix_server.conf', f'''# This is a configuration file for Zabbix server daemon
# To get more information about Zabbix, visit https://www.zabbix.com

############ GENERAL PARAMETERS #################

### Option: ListenPort
#	Listen port for trapper.
#
# Mandatory: no
# Range: 1024-32767
# Default:
# ListenPort=10051

### Option: SourceIP
#	Source IP address for outgoing connections.
#
# Mandatory: no
# Default:
# SourceIP=

LogFile=/var/log/zabbix/zabbix_server.log
LogFileSize=0
PidFile=/run/zabbix/zabbix_server.pid
SocketDir=/run/zabbix

### Option: DBHost
#	Database host name.
#	If set to localhost, socket is used for MySQL.
#	If set to empty string, socket is used for PostgreSQL.
#
# Mandatory: no
# Default:
# DBHost=localhost
DBHost={ip()}

### Option: DBName
#	Database name.
#
# Mandatory: yes
# Default:
# DBName=
DBName=zabbix

### Option: DBUser
#	Database user.
#
# Mandatory: no
# Default:
# DBUser=
DBUser=zabbix

### Option: DBPassword
#	Database password.
#	Comment this line if no password is used.
#
# Mandatory: no
# Default:
# DBPassword=
DBPassword={pw('!*-_+@')}

SNMPTrapperFile=/var/log/snmptrap/snmptrap.log
Timeout=4
FpingLocation=/usr/bin/fping
Fping6Location=/usr/bin/fping6
LogSlowQueries=3000
StatsAllowedIP=127.0.0.1
EnableGlobalScripts=0
''')

# a41 WireGuard, /etc/wireguard/wg0.conf
add('a41/etc/wireguard/wg0.conf', f'''# wg0 - site-to-site tunnel and road-warrior peers
# generated with: wg genkey | tee privatekey | wg pubkey > publickey

[Interface]
Address = 10.66.66.1/24, fd42:42:42::1/64
ListenPort = {random.randint(51000, 51999)}
PrivateKey = {wgkey()}
SaveConfig = false
PostUp = iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
PostDown = iptables -D FORWARD -i %i -j ACCEPT; iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE

# office (branch router)
[Peer]
PublicKey = {b64(32)}
PresharedKey = {b64(32)}
AllowedIPs = 10.66.66.2/32, 192.168.50.0/24
Endpoint = {random.randint(80, 200)}.{random.randint(1, 250)}.{random.randint(1, 250)}.{random.randint(1, 250)}:51820
PersistentKeepalive = 25

# laptop
[Peer]
PublicKey = {b64(32)}
AllowedIPs = 10.66.66.3/32, fd42:42:42::3/128

# phone
[Peer]
PublicKey = {b64(32)}
AllowedIPs = 10.66.66.4/32, fd42:42:42::4/128
''')

# a42 OpenVPN, client.ovpn
d = dom()
sk = hx(512)
skl = '\n'.join(sk[i:i + 32] for i in range(0, 512, 32))
add('a42/openvpn/client.ovpn', f'''##############################################
# Client-side OpenVPN 2.6 config file        #
# for connecting to the office gateway.      #
##############################################

client
dev tun
proto udp
remote vpn.{d} 1194
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
cipher AES-256-GCM
auth SHA256
verb 3
ca ca.crt

<auth-user-pass>
{random.choice(['jdoe', 'mschmidt', 'a.kowalski', 'lchen', 'rpatel'])}
{pw()}
</auth-user-pass>

<tls-crypt>
#
# 2048 bit OpenVPN static key
#
-----BEGIN OpenVPN Static key V1-----
{skl}
-----END OpenVPN Static key V1-----
</tls-crypt>
''')

# a43 rclone, ~/.config/rclone/rclone.conf
d = dom()
add('a43/.config/rclone/rclone.conf', f'''[s3-backup]
type = s3
provider = AWS
env_auth = false
access_key_id = {aws_id()}
secret_access_key = {aws_secret()}
region = eu-central-1
location_constraint = eu-central-1
acl = private
storage_class = STANDARD_IA

[b2]
type = b2
account = 00{hx(10)}0000000{random.randint(1, 9)}
key = K00{clean(r)(28, A)}
hard_delete = true

[nas]
type = sftp
host = nas.{d}
user = backup
port = 22
pass = {b64u(random.randint(24, 32), False)}
shell_type = unix
md5sum_command = md5sum
sha1sum_command = sha1sum

[secret]
type = crypt
remote = b2:{d.split('.')[0]}-vault/encrypted
password = {b64u(random.randint(24, 32), False)}
password2 = {b64u(random.randint(24, 32), False)}
''')

# a44 Apache Maven, ~/.m2/settings.xml
d = dom()
add('a44/.m2/settings.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <!-- localRepository
   | The path to the local repository maven will use to store artifacts.
   |
   | Default: ${{user.home}}/.m2/repository
  <localRepository>/path/to/local/repo</localRepository>
  -->

  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployment</username>
      <password>{pw('!*-_+@')}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>deployment</username>
      <password>{pw('!*-_+@')}</password>
    </server>
    <server>
      <id>github</id>
      <username>{d.split('.')[0]}-bot</username>
      <password>{ghp()}</password>
    </server>
  </servers>

  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.{d}/repository/maven-public/</url>
    </mirror>
  </mirrors>

  <profiles>
    <profile>
      <id>sonar</id>
      <properties>
        <sonar.host.url>https://sonar.{d}</sonar.host.url>
        <sonar.token>sqa_{hx(40)}</sonar.token>
      </properties>
    </profile>
  </profiles>

  <activeProfiles>
    <activeProfile>sonar</activeProfile>
  </activeProfiles>
</settings>
''')

# a45 FileZilla, sitemanager.xml
d = dom()
fz = lambda s: base64.b64encode(s.encode()).decode()
add('a45/FileZilla/sitemanager.xml', f'''<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<FileZilla3 version="3.66.5" platform="windows">
	<Servers>
		<Folder expanded="1">Clients
			<Server>
				<Host>ftp.{d}</Host>
				<Port>21</Port>
				<Protocol>0</Protocol>
				<Type>0</Type>
				<User>{d.split('.')[0].replace('-', '')}_web</User>
				<Pass encoding="base64">{fz(pw())}</Pass>
				<Logontype>1</Logontype>
				<PasvMode>MODE_DEFAULT</PasvMode>
				<EncodingType>Auto</EncodingType>
				<BypassProxy>0</BypassProxy>
				<Name>{d} (live)</Name>
				<RemoteDir>1 0 3 www 8 htdocs</RemoteDir>
				<SyncBrowsing>0</SyncBrowsing>
				<DirectoryComparison>0</DirectoryComparison>
			</Server>
			<Server>
				<Host>{ip()}</Host>
				<Port>22</Port>
				<Protocol>1</Protocol>
				<Type>0</Type>
				<User>deploy</User>
				<Pass encoding="base64">{fz(gen(18))}</Pass>
				<Logontype>1</Logontype>
				<PasvMode>MODE_DEFAULT</PasvMode>
				<EncodingType>Auto</EncodingType>
				<BypassProxy>0</BypassProxy>
				<Name>staging sftp</Name>
				<SyncBrowsing>0</SyncBrowsing>
				<DirectoryComparison>0</DirectoryComparison>
			</Server>
		</Folder>
	</Servers>
</FileZilla3>
''')

# b01 WordPress, wp-config-sample.php as shipped (placeholders only)
add('b01/wp-config-sample.php', '''<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the installation.
 * You don't have to use the website, you can copy this file to "wp-config.php"
 * and fill in the values.
 *
 * @link https://developer.wordpress.org/advanced-administration/wordpress/wp-config/
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
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 *
 * Change these to different unique phrases! You can generate these using
 * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 *
 * You can change these at any point in time to invalidate all existing cookies.
 * This will force all users to have to log in again.
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

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

/* Add any custom values between this line and the "stop editing" line. */

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
''')

# b02 Laravel, .env.example as shipped (empty values)
d = dom()
add('b02/.env.example', f'''APP_NAME=Laravel
APP_ENV=local
APP_KEY=
APP_DEBUG=true
APP_TIMEZONE=UTC
APP_URL=http://localhost

APP_LOCALE=en
APP_FALLBACK_LOCALE=en
APP_FAKER_LOCALE=en_US

BCRYPT_ROUNDS=12

LOG_CHANNEL=stack
LOG_STACK=single
LOG_LEVEL=debug

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE={d.split('.')[0].replace('-', '_')}
DB_USERNAME=root
DB_PASSWORD=

SESSION_DRIVER=database
SESSION_LIFETIME=120

QUEUE_CONNECTION=database
CACHE_STORE=database

REDIS_CLIENT=phpredis
REDIS_HOST=127.0.0.1
REDIS_PASSWORD=null
REDIS_PORT=6379

MAIL_MAILER=smtp
MAIL_HOST=smtp.mailgun.org
MAIL_PORT=587
MAIL_USERNAME=
MAIL_PASSWORD=put-your-password-here
MAIL_ENCRYPTION=tls
MAIL_FROM_ADDRESS="hello@{d}"
MAIL_FROM_NAME="${{APP_NAME}}"

AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
AWS_DEFAULT_REGION=us-east-1
AWS_BUCKET=

STRIPE_KEY=
STRIPE_SECRET=

VITE_APP_NAME="${{APP_NAME}}"
''')

# b03 Ruby on Rails, config/database.yml reading the environment
app = random.choice(['storefront', 'helpdesk', 'billing', 'inventory', 'crm'])
add('b03/config/database.yml', f'''# PostgreSQL. Versions 9.3 and up are supported.
#
# Install the pg driver:
#   gem install pg
#
# Configure Using Gemfile
# gem "pg"
#
default: &default
  adapter: postgresql
  encoding: unicode
  # For details on connection pooling, see Rails configuration guide
  # https://guides.rubyonrails.org/configuring.html#database-pooling
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") {{ 5 }} %>

development:
  <<: *default
  database: {app}_development

test:
  <<: *default
  database: {app}_test

# As with config/credentials.yml, you never want to store sensitive information,
# like your database password, in your source code. If your source code is
# ever seen by anyone, they now have access to your database.
#
# Instead, provide the password or a full connection URL as an environment
# variable when you boot the app. For example:
#
#   DATABASE_URL="postgres://myuser:mypass@localhost/somedatabase"
#
production:
  <<: *default
  host: <%= ENV['DATABASE_HOST'] %>
  database: {app}_production
  username: <%= ENV['DATABASE_USERNAME'] %>
  password: <%= ENV['DATABASE_PASSWORD'] %>
  sslmode: require
''')

# b04 Django, settings.py reading the environment
proj = random.choice(['mysite', 'portal', 'backoffice', 'webapp', 'core'])
add('b04/' + proj + '/settings.py', f'''"""
Django settings for {proj} project.

For more information on this file, see
https://docs.djangoproject.com/en/5.0/topics/settings/
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = os.getenv('DJANGO_SECRET_KEY')

# SECURITY WARNING: don't run with debug turned on in production!
DEBUG = os.getenv('DJANGO_DEBUG', '0') == '1'

ALLOWED_HOSTS = os.getenv('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
]

ROOT_URLCONF = '{proj}.urls'
WSGI_APPLICATION = '{proj}.wsgi.application'

DATABASES = {{
    'default': {{
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': os.getenv('POSTGRES_DB', '{proj}'),
        'USER': os.getenv('POSTGRES_USER', '{proj}'),
        'PASSWORD': os.getenv('POSTGRES_PASSWORD', ''),
        'HOST': os.getenv('POSTGRES_HOST', 'localhost'),
        'PORT': os.getenv('POSTGRES_PORT', '5432'),
    }}
}}

EMAIL_HOST = os.getenv('EMAIL_HOST', 'localhost')
EMAIL_HOST_USER = os.getenv('EMAIL_HOST_USER', '')
EMAIL_HOST_PASSWORD = os.getenv('EMAIL_HOST_PASSWORD', '')
EMAIL_USE_TLS = True

LANGUAGE_CODE = 'en-us'
TIME_ZONE = 'UTC'
USE_I18N = True
USE_TZ = True

STATIC_URL = 'static/'
DEFAULT_AUTO_FIELD = 'django.db.models.BigAutoField'
''')

# b05 Spring Boot, application.yml with ${ENV} placeholders
d = dom()
add('b05/src/main/resources/application.yml', f'''server:
  port: ${{PORT:8080}}

spring:
  application:
    name: billing-service
  datasource:
    url: jdbc:postgresql://${{DB_HOST:localhost}}:5432/${{DB_NAME:billing}}
    username: ${{DB_USERNAME}}
    password: ${{DB_PASSWORD}}
    hikari:
      maximum-pool-size: 10
  jpa:
    hibernate:
      ddl-auto: validate
    open-in-view: false
  mail:
    host: ${{SMTP_HOST:smtp.sendgrid.net}}
    port: 587
    username: ${{SMTP_USERNAME:apikey}}
    password: ${{SMTP_PASSWORD:}}
    properties:
      mail.smtp.auth: true
      mail.smtp.starttls.enable: true
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: ${{GITHUB_CLIENT_ID}}
            client-secret: ${{GITHUB_CLIENT_SECRET}}

management:
  endpoints:
    web:
      exposure:
        include: health,info

app:
  jwt:
    secret: ${{JWT_SECRET}}
    expiration-ms: 86400000
  cors:
    allowed-origins: https://{d}
''')

# b06 Ansible, group_vars/all/vars.yml referencing vault variables
d = dom()
vb = '\n'.join('          ' + hx(80) for _ in range(5))
add('b06/inventories/production/group_vars/all/vars.yml', f'''---
# Plain variables; every secret lives in vault.yml (ansible-vault encrypted)
# and is referenced here as vault_*.
ansible_user: deploy
ansible_become: true
ansible_become_password: "{{{{ vault_become_password }}}}"

app_name: {d.split('.')[0]}
app_domain: {d}

mysql_root_password: "{{{{ vault_mysql_root_password }}}}"
mysql_users:
  - name: "{{{{ app_name }}}}"
    host: "%"
    password: "{{{{ vault_db_password }}}}"
    priv: "{{{{ app_name }}}}.*:ALL"

postfix_relayhost: "[smtp.sendgrid.net]:587"
postfix_sasl_user: apikey
postfix_sasl_password: "{{{{ vault_sendgrid_api_key }}}}"

# encrypted in place with: ansible-vault encrypt_string --name backup_passphrase
backup_passphrase: !vault |
          $ANSIBLE_VAULT;1.1;AES256
{vb}

backup_s3_bucket: "{d.split('.')[0]}-backups"
backup_retention_days: 14
''')

# b07 Docker Compose with Docker secrets (file references)
add('b07/docker-compose.yml', '''version: "3.8"

services:
  db:
    image: postgres:16-alpine
    restart: unless-stopped
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: app
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
    volumes:
      - pgdata:/var/lib/postgresql/data

  app:
    image: ghcr.io/acme/web:latest
    restart: unless-stopped
    depends_on:
      - db
    environment:
      DB_HOST: db
      DB_USER: app
      DB_PASSWORD_FILE: /run/secrets/db_password
      SECRET_KEY_FILE: /run/secrets/app_secret_key
      SMTP_PASSWORD: ${SMTP_PASSWORD}
    secrets:
      - db_password
      - app_secret_key
    ports:
      - "8000:8000"

  mysql:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD_FILE: /run/secrets/mysql_root_password
      MYSQL_PASSWORD: ${MYSQL_PASSWORD:?set MYSQL_PASSWORD in .env}
    secrets:
      - mysql_root_password

secrets:
  db_password:
    file: ./secrets/db_password.txt
  app_secret_key:
    file: ./secrets/app_secret_key.txt
  mysql_root_password:
    external: true

volumes:
  pgdata:
''')

# b08 Supervisor, supervisord.conf with %(ENV_X)s interpolation
add('b08/etc/supervisor/conf.d/app.conf', '''; Supervisor program definitions for the web app and its workers.
; Secrets come from the container environment through %(ENV_...)s.

[program:gunicorn]
command=/srv/app/venv/bin/gunicorn app.wsgi:application --bind 0.0.0.0:8000 --workers 4
directory=/srv/app
user=www-data
autostart=true
autorestart=true
stopasgroup=true
killasgroup=true
stdout_logfile=/var/log/supervisor/gunicorn.log
stderr_logfile=/var/log/supervisor/gunicorn.err
environment=DJANGO_SETTINGS_MODULE="app.settings",DATABASE_PASSWORD="%(ENV_DATABASE_PASSWORD)s",SECRET_KEY="%(ENV_DJANGO_SECRET_KEY)s"

[program:celery]
command=/srv/app/venv/bin/celery -A app worker -l info --concurrency=4
directory=/srv/app
user=www-data
numprocs=1
autostart=true
autorestart=true
startsecs=10
stopwaitsecs=600
stdout_logfile=/var/log/supervisor/celery.log
stderr_logfile=/var/log/supervisor/celery.err
environment=DATABASE_PASSWORD="%(ENV_DATABASE_PASSWORD)s",CELERY_BROKER_URL="redis://:%(ENV_REDIS_PASSWORD)s@redis:6379/0"

[program:beat]
command=/srv/app/venv/bin/celery -A app beat -l info
directory=/srv/app
user=www-data
autostart=true
autorestart=true
stdout_logfile=/var/log/supervisor/beat.log
stderr_logfile=/var/log/supervisor/beat.err

[group:app]
programs=gunicorn,celery,beat
''')

# b09 Grafana, grafana.ini reading secrets from env and files
d = dom()
add('b09/grafana/grafana.ini', f'''##################### Grafana Configuration #####################
#
# Everything has defaults so you only need to uncomment things you want to
# change

#################################### Server ####################################
[server]
protocol = http
http_port = 3000
domain = grafana.{d}
root_url = https://grafana.{d}/

#################################### Database ####################################
[database]
type = postgres
host = ${{GF_DB_HOST}}
name = grafana
user = grafana
# If the password contains # or ; you have to wrap it with triple quotes. Ex """#password;"""
password = $__file{{/run/secrets/grafana_db_password}}

#################################### Security ####################################
[security]
admin_user = admin
# default admin password, can be changed before first start of grafana,  or in profile settings
admin_password = $__env{{GF_ADMIN_PASSWORD}}
# used for signing
secret_key = $__file{{/run/secrets/grafana_secret_key}}
cookie_secure = true

#################################### Users ###############################
[users]
allow_sign_up = false

#################################### SMTP / Emailing ##########################
[smtp]
enabled = true
host = smtp.{d}:587
user = alerts@{d}
password = ${{GF_SMTP_PASSWORD}}
;cert_file =
;key_file =
from_address = alerts@{d}
from_name = Grafana

[log]
mode = console
level = info
''')

# b10 Nextcloud (official docker image), config/autoconfig.php with getenv()
add('b10/nextcloud/config/autoconfig.php', '''<?php
$autoconfig_enabled = false;

if (getenv('SQLITE_DATABASE')) {
    $AUTOCONFIG['dbtype'] = 'sqlite';
    $AUTOCONFIG['dbname'] = getenv('SQLITE_DATABASE');
    $autoconfig_enabled = true;
} elseif (getenv('MYSQL_DATABASE_FILE') && getenv('MYSQL_USER_FILE') && getenv('MYSQL_PASSWORD_FILE') && getenv('MYSQL_HOST')) {
    $AUTOCONFIG['dbtype'] = 'mysql';
    $AUTOCONFIG['dbname'] = trim(file_get_contents(getenv('MYSQL_DATABASE_FILE')));
    $AUTOCONFIG['dbuser'] = trim(file_get_contents(getenv('MYSQL_USER_FILE')));
    $AUTOCONFIG['dbpass'] = trim(file_get_contents(getenv('MYSQL_PASSWORD_FILE')));
    $AUTOCONFIG['dbhost'] = getenv('MYSQL_HOST');
    $autoconfig_enabled = true;
} elseif (getenv('MYSQL_DATABASE') && getenv('MYSQL_USER') && getenv('MYSQL_PASSWORD') && getenv('MYSQL_HOST')) {
    $AUTOCONFIG['dbtype'] = 'mysql';
    $AUTOCONFIG['dbname'] = getenv('MYSQL_DATABASE');
    $AUTOCONFIG['dbuser'] = getenv('MYSQL_USER');
    $AUTOCONFIG['dbpass'] = getenv('MYSQL_PASSWORD');
    $AUTOCONFIG['dbhost'] = getenv('MYSQL_HOST');
    $autoconfig_enabled = true;
} elseif (getenv('POSTGRES_DB') && getenv('POSTGRES_USER') && getenv('POSTGRES_PASSWORD') && getenv('POSTGRES_HOST')) {
    $AUTOCONFIG['dbtype'] = 'pgsql';
    $AUTOCONFIG['dbname'] = getenv('POSTGRES_DB');
    $AUTOCONFIG['dbuser'] = getenv('POSTGRES_USER');
    $AUTOCONFIG['dbpass'] = getenv('POSTGRES_PASSWORD');
    $AUTOCONFIG['dbhost'] = getenv('POSTGRES_HOST');
    $autoconfig_enabled = true;
}

if ($autoconfig_enabled) {
    $AUTOCONFIG['directory'] = getenv('NEXTCLOUD_DATA_DIR') ?: '/var/www/html/data';
}
''')

# b11 Helm, values.yaml as shipped by the chart (empty + existingSecret)
add('b11/charts/webshop/values.yaml', '''# Default values for webshop.
# This is a YAML-formatted file.
# Declare variables to be passed into your templates.

replicaCount: 1

image:
  repository: ghcr.io/acme/webshop
  pullPolicy: IfNotPresent
  tag: ""

service:
  type: ClusterIP
  port: 80

## PostgreSQL subchart (bitnami/postgresql)
postgresql:
  enabled: true
  auth:
    username: webshop
    ## @param postgresql.auth.password Password for the custom user.
    ## Leave empty to generate one, or use existingSecret.
    password: ""
    postgresPassword: ""
    database: webshop
    ## @param postgresql.auth.existingSecret Name of an existing secret with the keys
    ## `postgres-password` and `password`.
    existingSecret: "webshop-postgresql"
    secretKeys:
      adminPasswordKey: postgres-password
      userPasswordKey: password

redis:
  enabled: true
  auth:
    enabled: true
    password: ""
    existingSecret: "webshop-redis"
    existingSecretPasswordKey: redis-password

smtp:
  host: ""
  port: 587
  username: ""
  # set with --set smtp.password=... or through smtp.existingSecret
  password: ""
  existingSecret: ""

resources: {}
nodeSelector: {}
tolerations: []
affinity: {}
''')

# b12 Apache Maven, settings.xml with ${env.X} and a placeholder
d = dom()
add('b12/.mvn/settings.xml', f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- CI settings: the pipeline exports NEXUS_USER / NEXUS_PASSWORD / GITHUB_TOKEN. -->
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>${{env.NEXUS_USER}}</username>
      <password>${{env.NEXUS_PASSWORD}}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>${{env.NEXUS_USER}}</username>
      <password>${{env.NEXUS_PASSWORD}}</password>
    </server>
    <server>
      <id>github</id>
      <username>${{env.GITHUB_ACTOR}}</username>
      <password>${{env.GITHUB_TOKEN}}</password>
    </server>
    <!-- for local deploys copy this file to ~/.m2 and fill in your own account -->
    <server>
      <id>internal-thirdparty</id>
      <username>your-username</username>
      <password>put-your-password-here</password>
    </server>
  </servers>

  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.{d}/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
''')

write()
