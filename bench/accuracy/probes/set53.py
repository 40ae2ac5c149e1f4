# Usage: python3 set53.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set53 (stop 31): CMS, e-commerce, no-code and automation platforms
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

# ---------------------------------------------------------------- helpers (all draws seeded)
LC = string.ascii_lowercase + string.digits
UC = string.ascii_uppercase + string.digits
UPPER = string.ascii_uppercase
URLSAFE = A + '-_'
SALT = A + '!#$%^&*()-_=+[]{}<>~;:,.?|/'
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password', 'placeholder',
       'secret', 'your', 'token', 'redact', 'demo', 'todo')


def ok(s):
    low = s.lower()
    return not any(b in low for b in BAD)


def R(n, al=A):
    """Random string with no placeholder-looking word inside."""
    while True:
        s = r(n, al)
        if ok(s):
            return s


def H(n):
    return R(n, HEX)


def HU(n):
    return H(n).upper()


def D(n):
    return str(random.randint(1, 9)) + r(n - 1, string.digits)


def CK(prefix):
    while True:
        s = ck(prefix)
        if ok(s[len(prefix):]):
            return s


def U():
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def RB(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def B64(n):
    while True:
        s = base64.b64encode(RB(n)).decode()
        if ok(s):
            return s


def PW(n=20):
    """A generated password: starts with a letter, some punctuation that survives .env/YAML."""
    return R(1, string.ascii_letters) + R(n - 1, A + '!%+-_.')


def fill(t, **kw):
    for k, v in kw.items():
        t = t.replace('@@' + k + '@@', str(v))
    assert '@@' not in t, t[:300]
    return t


def js(o, ind=2):
    return json.dumps(o, indent=ind, ensure_ascii=False) + '\n'


def wp_app_pw():
    return ' '.join(R(4) for _ in range(6))


def stripe(kind):
    return kind + '_live_51' + R(97)


def hubspot_pat():
    return 'pat-na1-' + U()


def mailchimp(dc):
    return H(32) + '-us' + str(dc)


def brevo():
    return 'xkeysib-' + H(64) + '-' + R(16)


def airtable_pat():
    return 'pat' + R(14) + '.' + H(64)


def paypal_id():
    return 'A' + R(79, URLSAFE)


def paypal_secret():
    return 'E' + R(79, URLSAFE)


def sf_consumer_key():
    return '3MVG9' + R(80, A + '._')


def sf_access_token():
    return '00D' + R(12) + '!AR' + R(108, A + '._')


def g_client_id():
    return D(12) + '-' + R(32, LC) + '.apps.googleusercontent.com'


def adyen_api_key():
    return 'AQE' + R(77, A + '+/') + '==-' + B64(32) + '-' + R(16, A + '()<>;%{}[]')


def nr_id():
    return H(16)


# ---------------------------------------------------------------- c01 WordPress wp-config.php
salt_names = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
              'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT']
salts = '\n'.join("define( %-20s '%s' );" % ("'" + k + "',", R(64, SALT)) for k in salt_names)
add('c01/public_html/wp-config.php', fill(r'''<?php
/**
 * The base configuration for WordPress
 *
 * This file contains the following configurations: database settings, secret keys,
 * table prefix and ABSPATH. Deployed by the Ansible role `wp_site` -- edits made
 * directly on the server get overwritten on the next provision run!
 *
 * @link https://wordpress.org/documentation/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'moebel_live' );

/** Database username */
define( 'DB_USER', 'moebel_wp' );

/** Database password */
define( 'DB_PASSWORD', ''' r''''@@dbpw@@' );

/** Database hostname */
define( 'DB_HOST', '10.20.4.17:3306' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 * Regenerated 2023-11-02 after the staff offboarding.
 */
@@salts@@
/**#@-*/

$table_prefix = 'nm7_';

define( 'WP_ENVIRONMENT_TYPE', 'production' );
define( 'WP_DEBUG', false );
define( 'WP_DEBUG_LOG', '/var/log/wordpress/debug.log' );
define( 'DISALLOW_FILE_EDIT', true );
define( 'WP_MEMORY_LIMIT', '256M' );
define( 'WP_HOME', 'https://www.nordlicht-moebel.de' );
define( 'WP_SITEURL', 'https://www.nordlicht-moebel.de' );

/* Redis object cache (plugin: redis-cache) */
define( 'WP_REDIS_HOST', '10.20.4.30' );
define( 'WP_REDIS_PORT', 6379 );
define( 'WP_REDIS_PASSWORD', ''' r''''@@redispw@@' );
define( 'WP_REDIS_PREFIX', 'nm_live:' );
define( 'WP_REDIS_MAXTTL', 86400 );

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
''', dbpw=PW(22), salts=salts, redispw=R(32)))
add('c01/public_html/.htaccess', '''# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
RewriteBase /
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress

<Files wp-config.php>
  Require all denied
</Files>
''')

# ---------------------------------------------------------------- c02 WP Mail SMTP settings export (Brevo)
add('c02/migration/options/wp_mail_smtp.json', js({
    'mail': {'from_email': 'shop@kaffee-hanse.de', 'from_name': 'Kaffee Hanse Rösterei',
             'mailer': 'sendinblue', 'return_path': True, 'from_email_force': True,
             'from_name_force': False},
    'smtp': {'autotls': True, 'auth': True, 'host': '', 'encryption': 'tls', 'port': 587,
             'user': '', 'pass': ''},
    'sendinblue': {'api_key': brevo(), 'domain': 'kaffee-hanse.de'},
    'general': {'summary_report_email_disabled': True, 'uninstall': False, 'am_notifications_hidden': True},
    'debug_events': {'email_debug': False, 'retention_period': 0},
    'logs': {'enabled': True, 'log_email_content': False, 'save_attachments': False,
             'log_retention_period': 2592000},
}, 4))
add('c02/migration/import-options.sh', '''#!/usr/bin/env bash
# Copies plugin settings from the old host (all-inkl) to the new VPS.
# Exported there with:  wp option get <name> --format=json > options/<name>.json
set -euo pipefail

WP="wp --path=/var/www/kaffee-hanse/htdocs --allow-root"

for f in options/*.json; do
  name="$(basename "$f" .json)"
  echo "-> importing option $name"
  $WP option update "$name" --format=json < "$f"
done

$WP cache flush
$WP cron event run --due-now
echo "done. send a test mail from WP Mail SMTP > Tools > Email Test"
''')

# ---------------------------------------------------------------- c03 wp-cli + REST script with application password
add('c03/scripts/sync-landingpages.sh', fill('''#!/usr/bin/env bash
# Pushes the generated landing pages (from ./build/pages/*.html) to the WordPress
# REST API and refreshes the caches on the live box via wp-cli over SSH.
#
# Application password created in Users > deploy-bot > Application Passwords
# ("landingpage-sync", 2024-03-08).
set -euo pipefail

SITE="https://www.alpenrad-shop.at"
WP_USER="deploy-bot"
WP_APP_PASSWORD="''' '''@@apppw@@"
SSH_ALIAS="@live"   # see wp-cli.yml

publish() {
  local slug="$1" file="$2"
  local id
  id=$(curl -sS -u "${WP_USER}:${WP_APP_PASSWORD}" \\
        "${SITE}/wp-json/wp/v2/pages?slug=${slug}&status=any" | jq -r '.[0].id // empty')
  if [[ -z "$id" ]]; then
    curl -sS -u "${WP_USER}:${WP_APP_PASSWORD}" -X POST "${SITE}/wp-json/wp/v2/pages" \\
      -H 'Content-Type: application/json' \\
      --data "$(jq -n --arg s "$slug" --rawfile c "$file" '{slug:$s,status:"draft",content:$c}')" >/dev/null
    echo "created $slug"
  else
    curl -sS -u "${WP_USER}:${WP_APP_PASSWORD}" -X POST "${SITE}/wp-json/wp/v2/pages/${id}" \\
      -H 'Content-Type: application/json' \\
      --data "$(jq -n --rawfile c "$file" '{content:$c}')" >/dev/null
    echo "updated $slug (#$id)"
  fi
}

for f in build/pages/*.html; do
  publish "$(basename "$f" .html)" "$f"
done

wp "$SSH_ALIAS" cache flush
wp "$SSH_ALIAS" rewrite flush
wp "$SSH_ALIAS" w3-total-cache flush all || true
''', apppw=wp_app_pw()))
add('c03/wp-cli.yml', '''path: /srv/www/alpenrad/current/web/wp
@live:
  ssh: deploy@alpenrad-live.hetzner.internal
  path: /srv/www/alpenrad/current/web/wp
@staging:
  ssh: deploy@alpenrad-stage.hetzner.internal
  path: /srv/www/alpenrad/current/web/wp
''')

# ---------------------------------------------------------------- c04 WooCommerce REST keys in a Node integration
add('c04/src/woo/client.js', fill('''"use strict";

const WooCommerceRestApi = require("@woocommerce/woocommerce-rest-api").default;
const logger = require("../logger");

// Read/Write key for user "erp-sync" (WooCommerce > Settings > Advanced > REST API)
const api = new WooCommerceRestApi({
  url: "https://shop.teehaus-lindner.de",
  consumerKey: "@@ck@@",
  consumerSecret: "@@cs@@",
  version: "wc/v3",
  queryStringAuth: true, // nginx strips the Authorization header on this host
  timeout: 20000,
});

async function fetchProcessingOrders(page = 1) {
  const { data, headers } = await api.get("orders", {
    status: "processing",
    per_page: 50,
    page,
  });
  const total = Number(headers["x-wp-totalpages"] || 1);
  logger.debug(`woo orders page ${page}/${total}: ${data.length}`);
  return { orders: data, more: page < total };
}

async function markShipped(orderId, trackingNumber) {
  await api.put(`orders/${orderId}`, {
    status: "completed",
    meta_data: [{ key: "_dhl_tracking", value: trackingNumber }],
  });
}

async function updateStock(sku, quantity) {
  const { data } = await api.get("products", { sku });
  if (!data.length) {
    logger.warn(`sku ${sku} not found in shop`);
    return;
  }
  await api.put(`products/${data[0].id}`, { manage_stock: true, stock_quantity: quantity });
}

module.exports = { fetchProcessingOrders, markShipped, updateStock };
''', ck='ck_' + H(40), cs='cs_' + H(40)))

# ---------------------------------------------------------------- c05 WooCommerce keys in an ERP connector YAML
add('c05/config/connectors.yaml', fill('''# ERP <-> shop connectors (loaded by sync/woo_sync.py)
# keep in sync with the Odoo side: Inventory > Configuration > Warehouses

defaults:
  timeout: 30
  retries: 3
  log_level: INFO

woocommerce:
  base_url: https://www.gartenwelt-mayr.at
  api_version: wc/v3
  consumer_key: @@ck@@
  consumer_secret: @@cs@@
  verify_ssl: true
  order_statuses: [processing, on-hold]
  stock_location: Lager Wels

odoo:
  url: https://erp.gartenwelt-mayr.at
  db: gwm_prod
  user: shop-connector@gartenwelt-mayr.at
  api_key_env: ODOO_API_KEY

mapping:
  shipping_methods:
    flat_rate: delivery_post_at
    local_pickup: pickup_wels
  tax_classes:
    standard: "20% USt"
    reduced-rate: "10% USt"
''', ck='ck_' + H(40), cs='cs_' + H(40)))
add('c05/sync/woo_sync.py', '''"""Pulls open WooCommerce orders into Odoo as sale orders."""
import os
import logging

import yaml
from woocommerce import API

log = logging.getLogger("woo_sync")


def load_config(path="config/connectors.yaml"):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def woo_client(cfg):
    w = cfg["woocommerce"]
    return API(
        url=w["base_url"],
        consumer_key=w["consumer_key"],
        consumer_secret=w["consumer_secret"],
        version=w["api_version"],
        timeout=cfg["defaults"]["timeout"],
        verify_ssl=w.get("verify_ssl", True),
    )


def open_orders(wcapi, statuses):
    page = 1
    while True:
        resp = wcapi.get("orders", params={"status": ",".join(statuses), "per_page": 100, "page": page})
        resp.raise_for_status()
        batch = resp.json()
        if not batch:
            return
        yield from batch
        page += 1


if __name__ == "__main__":
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    cfg = load_config()
    api = woo_client(cfg)
    for order in open_orders(api, cfg["woocommerce"]["order_statuses"]):
        log.info("order %s %s %s", order["id"], order["status"], order["total"])
''')

# ---------------------------------------------------------------- c06 Shopify Remix app .env
add('c06/apps/stock-alerts/.env', fill('''# Shopify app "Stock Alerts" (Partner dashboard > Apps > Stock Alerts > Client credentials)
SHOPIFY_API_KEY=@@cid@@
SHOPIFY_API_SECRET=@@csec@@
SCOPES=read_products,read_inventory,write_metaobjects
SHOPIFY_APP_URL=https://stock-alerts.fly.dev
HOST=https://stock-alerts.fly.dev

# Admin token of the custom app on the merchant store (used by the nightly job)
SHOPIFY_SHOP=nordic-socks.myshopify.com
SHOPIFY_ADMIN_ACCESS_TOKEN=@@shpat@@

DATABASE_URL=postgres://stock_alerts:@@dbpw@@@stock-alerts-db.internal:5432/stock_alerts
NODE_ENV=production
PORT=8081
''', cid=H(32), csec=H(32), shpat='shpat_' + H(32), dbpw=R(24)))
add('c06/apps/stock-alerts/fly.toml', '''app = "stock-alerts"
primary_region = "ams"

[build]
  dockerfile = "Dockerfile"

[env]
  PORT = "8081"
  NODE_ENV = "production"

[http_service]
  internal_port = 8081
  force_https = true
  auto_stop_machines = true
  min_machines_running = 1
''')

# ---------------------------------------------------------------- c07 Shopify Rails initializer
add('c07/config/initializers/shopify_app.rb', fill('''# frozen_string_literal: true

ShopifyApp.configure do |config|
  config.application_name = "Lagerbestand Sync"
  config.old_secret = ""
  config.scope = "read_products, write_inventory, read_locations"
  config.embedded_app = true
  config.after_authenticate_job = false
  config.api_version = "2024-04"
  config.shop_session_repository = "Shop"
  config.reauth_on_access_scope_changes = true

  config.api_key = "@@apikey@@"
  config.secret = "@@shpss@@"

  config.webhooks = [
    { topic: "app/uninstalled", address: "api/webhooks/app_uninstalled" },
    { topic: "inventory_levels/update", address: "api/webhooks/inventory_levels_update" },
  ]
end

Rails.application.config.after_initialize do
  if ShopifyApp.configuration.api_key.present? && ShopifyApp.configuration.secret.present?
    ShopifyAPI::Context.setup(
      api_key: ShopifyApp.configuration.api_key,
      api_secret_key: ShopifyApp.configuration.secret,
      api_version: ShopifyApp.configuration.api_version,
      host: ENV.fetch("HOST", "https://lagerbestand-sync.onrender.com"),
      scope: ShopifyApp.configuration.scope,
      is_private: false,
      is_embedded: ShopifyApp.configuration.embedded_app,
      logger: Rails.logger,
      log_level: :info,
      private_shop: ENV.fetch("SHOPIFY_APP_PRIVATE_SHOP", nil),
      user_agent_prefix: "ShopifyApp/#{ShopifyApp::VERSION}",
    )

    add_gdpr_webhooks
    ShopifyApp::WebhooksManager.add_registrations
  end
end

def add_gdpr_webhooks
  gdpr_webhooks = [
    { topic: "customers/data_request", address: "api/webhooks/customers_data_request" },
    { topic: "customers/redact", address: "api/webhooks/customers_redact" },
    { topic: "shop/redact", address: "api/webhooks/shop_redact" },
  ]
  ShopifyApp.configuration.webhooks = (ShopifyApp.configuration.webhooks << gdpr_webhooks).flatten
end
''', apikey=H(32), shpss='shpss_' + H(32)))

# ---------------------------------------------------------------- c08 Shopify Theme Kit config
add('c08/theme/config.yml', fill('''# Theme Kit config - `theme watch --env=development`
development:
  password: @@p1@@
  theme_id: "@@t1@@"
  store: kleine-keramik.myshopify.com
  directory: src/
  ignore_files:
    - config/settings_data.json
    - "*.png"
  notify: /tmp/theme.update

production:
  password: @@p1@@
  theme_id: "@@t2@@"
  store: kleine-keramik.myshopify.com
  directory: dist/
  readonly: false
  timeout: 60s
''', p1='shptka_' + H(32), t1=D(12), t2=D(12)))
add('c08/theme/package.json', js({
    'name': 'kleine-keramik-theme', 'private': True, 'version': '3.4.1',
    'scripts': {'build': 'vite build', 'watch': 'theme watch --env=development',
                'deploy': 'npm run build && theme deploy --env=production --allow-live'},
    'devDependencies': {'vite': '^5.2.8', 'vite-plugin-shopify': '^3.0.1', 'sass': '^1.72.0'},
}))

# ---------------------------------------------------------------- c09 Magento 2 app/etc/env.php
add('c09/app/etc/env.php', fill('''<?php
return [
    'backend' => [
        'frontName' => 'admin_q7v2'
    ],
    'remote_storage' => [
        'driver' => 'file'
    ],
    'queue' => [
        'consumers_wait_for_messages' => 1,
        'amqp' => [
            'host' => 'rabbitmq',
            'port' => '5672',
            'user' => 'magento',
            'password' => ''' ''''@@amqppw@@',
            'virtualhost' => '/'
        ]
    ],
    'crypt' => [
        'key' => '@@crypt@@'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'mysql-primary.shop.internal',
                'dbname' => 'magento_live',
                'username' => 'magento',
                'password' => ''' ''''@@dbpw@@',
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
            'host' => 'redis',
            'port' => '6379',
            'password' => '',
            'timeout' => '2.5',
            'persistent_identifier' => '',
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
    'cache' => [
        'frontend' => [
            'default' => [
                'id_prefix' => '@@prefix@@_',
                'backend' => 'Magento\\\\Framework\\\\Cache\\\\Backend\\\\Redis',
                'backend_options' => [
                    'server' => 'redis',
                    'database' => '0',
                    'port' => '6379'
                ]
            ]
        ],
        'allow_parallel_generation' => false
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
        'www.bergsport-huber.de'
    ],
    'install' => [
        'date' => 'Tue, 12 Mar 2024 09:14:02 +0000'
    ]
];
''', amqppw=R(20), crypt=H(32), dbpw=PW(24), prefix=H(3)))

# ---------------------------------------------------------------- c10 Magento 2 integration (OAuth 1.0a) tokens
add('c10/pim_bridge/magento_client.py', fill('''"""Thin Magento 2 REST client used by the PIM bridge (Akeneo -> Magento).

Integration "PIM Bridge" (System > Extensions > Integrations), activated 2024-01-19.
"""
from __future__ import annotations

import logging
from typing import Any, Iterator

import requests
from requests_oauthlib import OAuth1

log = logging.getLogger(__name__)

BASE_URL = "https://www.bergsport-huber.de/rest/default/V1"

CONSUMER_KEY = "@@ckey@@"
CONSUMER_SECRET = "@@csec@@"
ACCESS_TOKEN = "@@atok@@"
ACCESS_TOKEN_SECRET = "@@asec@@"

_auth = OAuth1(
    CONSUMER_KEY,
    client_secret=CONSUMER_SECRET,
    resource_owner_key=ACCESS_TOKEN,
    resource_owner_secret=ACCESS_TOKEN_SECRET,
    signature_method="HMAC-SHA256",
)


def _get(path: str, **params: Any) -> dict:
    resp = requests.get(f"{BASE_URL}/{path}", params=params, auth=_auth, timeout=30)
    resp.raise_for_status()
    return resp.json()


def iter_products(page_size: int = 200) -> Iterator[dict]:
    page = 1
    while True:
        data = _get(
            "products",
            **{"searchCriteria[pageSize]": page_size, "searchCriteria[currentPage]": page},
        )
        yield from data["items"]
        if page * page_size >= data["total_count"]:
            return
        page += 1


def upsert_product(sku: str, payload: dict) -> dict:
    resp = requests.put(f"{BASE_URL}/products/{sku}", json={"product": payload}, auth=_auth, timeout=30)
    if resp.status_code >= 400:
        log.error("magento rejected %s: %s", sku, resp.text[:500])
    resp.raise_for_status()
    return resp.json()
''', ckey=R(32, LC), csec=R(32, LC), atok=R(32, LC), asec=R(32, LC)))

# ---------------------------------------------------------------- c11 PrestaShop webservice key
add('c11/tools/stock-import.php', fill('''<?php
/**
 * Nightly stock import from the warehouse CSV into PrestaShop 8 via the webservice.
 * cron: 15 2 * * * php /home/boutique/tools/stock-import.php >> /home/boutique/logs/stock.log
 */
require_once __DIR__ . '/vendor/autoload.php';

define('DEBUG', false);
define('PS_SHOP_PATH', 'https://www.boutique-lavande.fr');
define('PS_WS_AUTH_KEY', '@@wskey@@');
define('CSV_PATH', '/home/boutique/inbox/stock.csv');

try {
    $webService = new PrestaShopWebservice(PS_SHOP_PATH, PS_WS_AUTH_KEY, DEBUG);

    $rows = array_map('str_getcsv', file(CSV_PATH));
    array_shift($rows); // header: reference;quantity

    foreach ($rows as [$reference, $quantity]) {
        $products = $webService->get([
            'resource' => 'products',
            'display'  => '[id]',
            'filter[reference]' => '[' . $reference . ']',
        ]);
        if (!isset($products->products->product)) {
            fwrite(STDERR, "unknown reference $reference\\n");
            continue;
        }
        $productId = (int) $products->products->product->id;

        $stock = $webService->get([
            'resource' => 'stock_availables',
            'display'  => 'full',
            'filter[id_product]' => '[' . $productId . ']',
        ]);
        $sa = $stock->stock_availables->stock_available;
        $sa->quantity = (int) $quantity;

        $webService->edit([
            'resource' => 'stock_availables',
            'id'       => (int) $sa->id,
            'putXml'   => $stock->asXML(),
        ]);
        echo date('c') . " $reference -> $quantity\\n";
    }
} catch (PrestaShopWebserviceException $e) {
    fwrite(STDERR, 'Webservice error: ' . $e->getMessage() . "\\n");
    exit(1);
}
''', wskey=R(32, UC)))

# ---------------------------------------------------------------- c12 OpenCart API key for a POS bridge
add('c12/pos_bridge/settings.ini', fill('''; POS bridge settings - shop "Fahrradladen Brandt" (OpenCart 4.0.2.3)
; The API user is configured in System > Users > API (IP allow-list: 88.198.17.40)

[opencart]
url = https://www.fahrrad-brandt.de/index.php
api_username = Default
api_key = @@key@@
store_id = 0
language = de-de
currency = EUR

[pos]
device = /dev/ttyUSB0
register_id = 2
receipt_printer = epson-tm-t20iii
sync_interval_minutes = 5

[logging]
file = /var/log/pos_bridge.log
level = info
''', key=R(256)))
add('c12/pos_bridge/opencart.py', '''import configparser

import requests


class OpenCartSession:
    def __init__(self, path="settings.ini"):
        cfg = configparser.ConfigParser()
        cfg.read(path)
        oc = cfg["opencart"]
        self.url = oc["url"]
        self.store_id = oc.getint("store_id")
        self.http = requests.Session()
        r = self.http.post(
            self.url,
            params={"route": "api/account/login"},
            data={"username": oc["api_username"], "key": oc["api_key"]},
            timeout=20,
        )
        r.raise_for_status()
        body = r.json()
        if "api_token" not in body:
            raise RuntimeError(body.get("error", "login failed"))
        self.api_token = body["api_token"]

    def call(self, route, **data):
        r = self.http.post(self.url, params={"route": route, "api_token": self.api_token,
                                             "store_id": self.store_id}, data=data, timeout=20)
        r.raise_for_status()
        return r.json()
''')

# ---------------------------------------------------------------- c13 BigCommerce Stencil secrets committed
add('c13/theme/config.stencil.json', js({
    'normalStoreUrl': 'https://www.hundeglueck-shop.de', 'port': 3000,
    'customLayouts': {'brand': {}, 'category': {'category-with-filters': 'hunde-futter'},
                      'page': {}, 'product': {'product-bundle': '/bundles/starter-set/'}},
}))
add('c13/theme/secrets.stencil.json', js({'accessToken': R(31, LC)}))
add('c13/theme/.gitignore', 'node_modules/\n.DS_Store\nparsed/\n*.zip\n')

# ---------------------------------------------------------------- c14 BigCommerce app .env
add('c14/server/.env.production', fill('''# BigCommerce single-click app "Gift Wrap Pro"
CLIENT_ID=@@cid@@
CLIENT_SECRET=@@csec@@
AUTH_CALLBACK=https://giftwrap-pro.vercel.app/api/auth
JWT_KEY=@@jwt@@

# store-level API account used by the backfill worker
STORE_HASH=@@hash@@
BC_ACCESS_TOKEN=@@tok@@
BC_API_URL=https://api.bigcommerce.com/stores/@@hash@@/v3

DB_TYPE=mysql
MYSQL_HOST=aws.connect.psdb.cloud
MYSQL_DATABASE=giftwrap
MYSQL_USERNAME=@@dbuser@@
MYSQL_PASSWORD=''' '''pscale_pw_@@dbpw@@
''', cid=R(31, LC), csec=H(64), jwt=R(40), hash=R(10, LC), tok=R(31, LC),
    dbuser=R(12, LC), dbpw=R(43, URLSAFE)))

# ---------------------------------------------------------------- c15 Ghost Admin API key in a publishing script
add('c15/scripts/publish-newsletter.js', fill('''#!/usr/bin/env node
// Converts the weekly markdown issue into a Ghost post and schedules it.
// usage: node scripts/publish-newsletter.js issues/2024-17.md
const fs = require('node:fs');
const path = require('node:path');
const GhostAdminAPI = require('@tryghost/admin-api');
const { marked } = require('marked');
const matter = require('gray-matter');

const api = new GhostAdminAPI({
  url: 'https://blog.fahrtwind-magazin.de',
  // Integrations > "Newsletter pipeline" > Admin API key
  key: '@@key@@',
  version: 'v5.0',
});

async function main(file) {
  const { data, content } = matter(fs.readFileSync(file, 'utf8'));
  const html = marked.parse(content);
  const post = await api.posts.add(
    {
      title: data.title,
      slug: data.slug || path.basename(file, '.md'),
      html,
      tags: (data.tags || []).map((name) => ({ name })),
      status: 'scheduled',
      published_at: new Date(data.publish_at).toISOString(),
      newsletter: 'weekly',
      email_segment: 'status:-free',
    },
    { source: 'html' },
  );
  console.log(`scheduled ${post.slug} (${post.id}) for ${post.published_at}`);
}

main(process.argv[2]).catch((err) => {
  console.error(err.message);
  process.exit(1);
});
''', key=H(24) + ':' + H(64)))

# ---------------------------------------------------------------- c16 Ghost config.production.json
add('c16/ghost/config.production.json', js({
    'url': 'https://journal.kochwerk-berlin.de',
    'server': {'port': 2368, 'host': '127.0.0.1'},
    'database': {'client': 'mysql', 'connection': {
        'host': 'localhost', 'user': 'ghost-412', 'password': PW(24), 'database': 'ghost_prod'}},
    'mail': {'transport': 'SMTP', 'from': "'Kochwerk Journal' <journal@mg.kochwerk-berlin.de>",
             'options': {'service': 'Mailgun', 'host': 'smtp.eu.mailgun.org', 'port': 465,
                         'secure': True,
                         'auth': {'user': 'postmaster@mg.kochwerk-berlin.de',
                                  'pass': H(32) + '-' + H(8) + '-' + H(8)}}},
    'logging': {'transports': ['file', 'stdout']},
    'process': 'systemd',
    'paths': {'contentPath': '/var/www/ghost/content'},
    'imageOptimization': {'resize': True},
}))

# ---------------------------------------------------------------- c17 Strapi .env (+ .npmrc)
add('c17/cms/.env', fill('''HOST=0.0.0.0
PORT=1337
APP_KEYS=@@k1@@,@@k2@@,@@k3@@,@@k4@@
API_TOKEN_SALT=@@salt@@
ADMIN_JWT_SECRET=@@adminjwt@@
TRANSFER_TOKEN_SALT=@@tsalt@@
JWT_SECRET=@@jwt@@

# Database
DATABASE_CLIENT=postgres
DATABASE_HOST=strapi-db.c9xq2mzl0k1a.eu-central-1.rds.amazonaws.com
DATABASE_PORT=5432
DATABASE_NAME=strapi
DATABASE_USERNAME=strapi_app
DATABASE_PASSWORD=@@dbpw@@
DATABASE_SSL=true

# Upload provider (cloudinary)
CLOUDINARY_NAME=weinhaus-kessler
CLOUDINARY_KEY=@@ckey@@
CLOUDINARY_SECRET=@@csec@@
''', k1=B64(16), k2=B64(16), k3=B64(16), k4=B64(16), salt=B64(16), adminjwt=B64(16),
    tsalt=B64(16), jwt=B64(16), dbpw=PW(26), ckey=D(15), csec=R(27, URLSAFE)))
add('c17/cms/.npmrc', '@weinhaus:registry=https://npm.pkg.github.com\n'
    '//npm.pkg.github.com/:_authToken=' + CK('ghp_') + '\n')
add('c17/cms/config/server.ts', '''export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: {
    keys: env.array('APP_KEYS'),
  },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
});
''')

# ---------------------------------------------------------------- c18 Strapi full-access API token in a Next.js lib
add('c18/web/lib/strapi.ts', fill('''import qs from "qs";

const STRAPI_URL = process.env.NEXT_PUBLIC_STRAPI_URL ?? "https://cms.weinhaus-kessler.de";

// Full-access token "next-frontend" (Settings > API Tokens). TODO(mk): switch to read-only
const STRAPI_TOKEN =
  "@@tok@@";

type Query = Record<string, unknown>;

export async function strapiFetch<T>(path: string, query: Query = {}, init: RequestInit = {}): Promise<T> {
  const url = `${STRAPI_URL}/api/${path}?${qs.stringify(query, { encodeValuesOnly: true })}`;
  const res = await fetch(url, {
    ...init,
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${STRAPI_TOKEN}`,
      ...(init.headers ?? {}),
    },
    next: { revalidate: 300, tags: [path.split("/")[0]] },
  });
  if (!res.ok) {
    throw new Error(`Strapi ${res.status} on ${path}: ${await res.text()}`);
  }
  return res.json() as Promise<T>;
}

export const getWines = (locale = "de") =>
  strapiFetch<{ data: unknown[] }>("wines", {
    locale,
    populate: { label: true, vineyard: { fields: ["name", "region"] } },
    sort: ["vintage:desc"],
    pagination: { pageSize: 100 },
  });
''', tok=H(256)))

# ---------------------------------------------------------------- c19 Directus docker-compose
add('c19/deploy/docker-compose.yml', fill('''services:
  database:
    image: postgis/postgis:15-3.4-alpine
    volumes:
      - ./data/database:/var/lib/postgresql/data
    environment:
      POSTGRES_USER: directus
      POSTGRES_PASSWORD: "''' '''@@dbpw@@"
      POSTGRES_DB: directus
    healthcheck:
      test: ["CMD", "pg_isready", "--host=localhost", "--username=directus"]
      interval: 10s
      timeout: 5s
      retries: 5

  cache:
    image: redis:7-alpine

  directus:
    image: directus/directus:10.10.5
    ports:
      - 8055:8055
    volumes:
      - ./uploads:/directus/uploads
      - ./extensions:/directus/extensions
    depends_on:
      database:
        condition: service_healthy
      cache:
        condition: service_started
    environment:
      KEY: "@@key@@"
      SECRET: "@@sec@@"

      DB_CLIENT: "pg"
      DB_HOST: "database"
      DB_PORT: "5432"
      DB_DATABASE: "directus"
      DB_USER: "directus"
      DB_PASSWORD: "''' '''@@dbpw@@"

      CACHE_ENABLED: "true"
      CACHE_STORE: "redis"
      REDIS: "redis://cache:6379"

      ADMIN_EMAIL: "it@hofladen-wiesengrund.de"
      ADMIN_PASSWORD: "''' '''@@adminpw@@"

      PUBLIC_URL: "https://data.hofladen-wiesengrund.de"
      EMAIL_TRANSPORT: "smtp"
      EMAIL_SMTP_HOST: "smtp.office365.com"
      EMAIL_SMTP_PORT: "587"
      EMAIL_SMTP_USER: "noreply@hofladen-wiesengrund.de"
      EMAIL_SMTP_PASSWORD: "''' '''@@smtppw@@"
''', dbpw=PW(24), key=U(), sec=R(43, URLSAFE), adminpw=PW(18), smtppw=PW(16)))

# ---------------------------------------------------------------- c20 Directus static token in a migration script
add('c20/scripts/import_producers.py', fill('''#!/usr/bin/env python3
"""One-off: import producer records from the old Excel list into Directus.

Static token belongs to the user "importer" (role: Content Admin).
"""
import csv
import sys

import requests

DIRECTUS = "https://data.hofladen-wiesengrund.de"
HEADERS = {
    "Authorization": "Bearer @@tok@@",
    "Content-Type": "application/json",
}


def existing_slugs():
    r = requests.get(f"{DIRECTUS}/items/producers", params={"fields": "slug", "limit": -1},
                     headers=HEADERS, timeout=30)
    r.raise_for_status()
    return {row["slug"] for row in r.json()["data"]}


def main(path):
    seen = existing_slugs()
    batch = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            slug = row["Name"].strip().lower().replace(" ", "-")
            if slug in seen:
                continue
            batch.append({
                "slug": slug,
                "name": row["Name"].strip(),
                "village": row["Ort"],
                "organic": row["Bio"] == "ja",
                "status": "draft",
            })
    if batch:
        r = requests.post(f"{DIRECTUS}/items/producers", json=batch, headers=HEADERS, timeout=60)
        r.raise_for_status()
    print(f"imported {len(batch)} producers")


if __name__ == "__main__":
    main(sys.argv[1])
''', tok=R(32, URLSAFE)))

# ---------------------------------------------------------------- c21 Payload CMS config with inline fallbacks
add('c21/src/payload.config.ts', fill('''import path from 'path'
import { buildConfig } from 'payload/config'
import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { webpackBundler } from '@payloadcms/bundler-webpack'
import { slateEditor } from '@payloadcms/richtext-slate'
import { s3Storage } from '@payloadcms/storage-s3'

import Users from './collections/Users'
import Pages from './collections/Pages'
import Products from './collections/Products'
import Media from './collections/Media'

export default buildConfig({
  serverURL: process.env.PAYLOAD_PUBLIC_SERVER_URL || 'https://cms.surfschule-ostsee.de',
  admin: {
    user: Users.slug,
    bundler: webpackBundler(),
    meta: { titleSuffix: '- Surfschule CMS' },
  },
  editor: slateEditor({}),
  collections: [Users, Pages, Products, Media],
  // fallback so `payload generate:types` works locally
  secret: process.env.PAYLOAD_SECRET || '@@secret@@',
  db: mongooseAdapter({
    url:
      process.env.DATABASE_URI ||
      'mongodb+srv://payload:@@mongopw@@@cluster0.@@cl@@.mongodb.net/surfschule?retryWrites=true&w=majority',
  }),
  typescript: {
    outputFile: path.resolve(__dirname, 'payload-types.ts'),
  },
  graphQL: {
    schemaOutputFile: path.resolve(__dirname, 'generated-schema.graphql'),
  },
  cors: ['https://www.surfschule-ostsee.de'],
  csrf: ['https://www.surfschule-ostsee.de'],
})
''', secret=H(48), mongopw=R(16), cl=R(5, LC)))

# ---------------------------------------------------------------- c22 Contentful CMA token in CLI rc + migration
space22 = R(12, LC)
add('c22/.contentfulrc.json', js({
    'managementToken': 'CFPAT-' + R(43, URLSAFE),
    'activeSpaceId': space22, 'activeEnvironmentId': 'master', 'host': 'api.contentful.com',
}))
add('c22/migrations/0007-add-seo-fields.js', '''module.exports = function (migration) {
  const page = migration.editContentType('landingPage');

  page
    .createField('seoTitle')
    .name('SEO title')
    .type('Symbol')
    .validations([{ size: { max: 60 } }]);

  page
    .createField('seoDescription')
    .name('SEO description')
    .type('Text')
    .validations([{ size: { max: 160 } }]);

  page.changeFieldControl('seoDescription', 'builtin', 'multipleLine', {
    helpText: 'Shown in Google results. Max 160 characters.',
  });
  page.moveField('seoTitle').afterField('slug');
  page.moveField('seoDescription').afterField('seoTitle');
};
''')
add('c22/package.json', js({
    'name': 'reisebuero-content-model', 'private': True,
    'scripts': {'migrate': 'contentful space migration --space-id ' + space22 + ' --environment-id master -y',
                'export': 'contentful space export --space-id ' + space22 + ' --skip-content'},
    'devDependencies': {'contentful-cli': '^3.1.47', 'contentful-migration': '^4.21.0'},
}))

# ---------------------------------------------------------------- c23 Contentful preview / delivery tokens in .env.local
add('c23/storefront/.env.local', fill('''# Contentful - space "Reisebüro Sonnenklar Web"
CONTENTFUL_SPACE_ID=@@space@@
CONTENTFUL_ENVIRONMENT=master
CONTENTFUL_ACCESS_TOKEN=@@cda@@
CONTENTFUL_PREVIEW_ACCESS_TOKEN=@@cpa@@
# shared with the preview URL configured in Contentful (Settings > Content preview)
CONTENTFUL_PREVIEW_SECRET=@@psec@@
CONTENTFUL_REVALIDATE_SECRET=@@rsec@@

NEXT_PUBLIC_SITE_URL=https://www.sonnenklar-reisen.de
NEXT_PUBLIC_GTM_ID=GTM-@@gtm@@
''', space=R(12, LC), cda=R(43, URLSAFE), cpa=R(43, URLSAFE), psec=R(32), rsec=R(32), gtm=R(7, UC)))

# ---------------------------------------------------------------- c24 Sanity write token in a migration script
add('c24/studio/scripts/migrate-products.ts', fill('''/**
 * Moves `price` (number) into the new `pricing` object on every product.
 * Run: npx tsx scripts/migrate-products.ts
 */
import { createClient } from '@sanity/client'

const client = createClient({
  projectId: '@@pid@@',
  dataset: 'production',
  apiVersion: '2024-03-01',
  useCdn: false,
  // token "migration-script" (Editor) from sanity.io/manage
  token:
    '@@tok@@',
})

const BATCH = 100

async function fetchDocs(cursor: string) {
  return client.fetch(
    `*[_type == "product" && defined(price) && _id > $cursor] | order(_id) [0...$batch]{_id, _rev, price, currency}`,
    { cursor, batch: BATCH },
  )
}

async function run() {
  let cursor = ''
  let total = 0
  for (;;) {
    const docs = await fetchDocs(cursor)
    if (!docs.length) break
    const tx = client.transaction()
    for (const d of docs) {
      tx.patch(d._id, (p) =>
        p.ifRevisionId(d._rev).set({ pricing: { amount: d.price, currency: d.currency ?? 'EUR' } }).unset(['price']),
      )
    }
    await tx.commit({ visibility: 'async' })
    total += docs.length
    cursor = docs[docs.length - 1]._id
    console.log(`migrated ${total}`)
  }
}

run().catch((e) => {
  console.error(e)
  process.exit(1)
})
''', pid=R(8, LC), tok='sk' + R(180)))

# ---------------------------------------------------------------- c25 Storyblok management token in CI + preview token in nuxt config
space25 = D(6)
add('c25/.github/workflows/storyblok-components.yml', fill('''name: Sync Storyblok components

on:
  push:
    branches: [main]
    paths: ["storyblok/components.*.json"]
  workflow_dispatch:

env:
  STORYBLOK_SPACE_ID: "@@space@@"
  STORYBLOK_OAUTH_TOKEN: "@@mgmt@@"
  STORYBLOK_REGION: eu

jobs:
  push-components:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm i -g storyblok@3
      - name: Login
        run: storyblok login --token "$STORYBLOK_OAUTH_TOKEN" --region "$STORYBLOK_REGION"
      - name: Push components
        run: storyblok push-components ./storyblok/components.${STORYBLOK_SPACE_ID}.json --space "$STORYBLOK_SPACE_ID"
      - name: Regenerate types
        run: storyblok generate-typescript-typedefs --sourceFilePaths ./storyblok/components.${STORYBLOK_SPACE_ID}.json --destinationFilePath ./types/storyblok.d.ts
''', space=space25, mgmt=R(22) + 'tt-' + D(6) + '-' + R(20)))
add('c25/nuxt.config.ts', fill('''// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  devtools: { enabled: false },
  modules: [
    [
      '@storyblok/nuxt',
      {
        accessToken: '@@prev@@', // preview token (draft content)
        apiOptions: { region: 'eu' },
        bridge: true,
      },
    ],
    '@nuxtjs/tailwindcss',
  ],
  app: {
    head: { htmlAttrs: { lang: 'de' }, title: 'Kletterhalle Vertikal' },
  },
  runtimeConfig: {
    public: { storyblokVersion: 'draft' },
  },
})
''', prev=R(22) + 'tt'))

# ---------------------------------------------------------------- c26 n8n workflow export with inline Stripe key
n = [U() for _ in range(4)]
add('c26/workflows/stripe-refund-requests.json', js({
    'name': 'Refund requests -> Stripe -> Slack',
    'nodes': [
        {'parameters': {'httpMethod': 'POST', 'path': 'refund-request',
                        'authentication': 'headerAuth', 'options': {}},
         'id': n[0], 'name': 'Webhook', 'type': 'n8n-nodes-base.webhook', 'typeVersion': 2,
         'position': [240, 300], 'webhookId': U(),
         'credentials': {'httpHeaderAuth': {'id': R(16), 'name': 'Helpdesk webhook header'}}},
        {'parameters': {'conditions': {'options': {'caseSensitive': True, 'typeValidation': 'strict'},
                                       'conditions': [{'id': U(), 'leftValue': '={{ $json.body.amount }}',
                                                       'rightValue': 20000,
                                                       'operator': {'type': 'number', 'operation': 'lte'}}],
                                       'combinator': 'and'}, 'options': {}},
         'id': n[1], 'name': 'Amount <= 200 EUR', 'type': 'n8n-nodes-base.if', 'typeVersion': 2,
         'position': [460, 300]},
        {'parameters': {'method': 'POST', 'url': 'https://api.stripe.com/v1/refunds',
                        'sendHeaders': True,
                        'headerParameters': {'parameters': [
                            {'name': 'Authorization', 'value': 'Bearer ' + stripe('sk')},
                            {'name': 'Idempotency-Key', 'value': '={{ $json.body.ticket_id }}'}]},
                        'sendBody': True, 'contentType': 'form-urlencoded',
                        'bodyParameters': {'parameters': [
                            {'name': 'payment_intent', 'value': '={{ $json.body.payment_intent }}'},
                            {'name': 'amount', 'value': '={{ $json.body.amount }}'},
                            {'name': 'reason', 'value': 'requested_by_customer'}]},
                        'options': {}},
         'id': n[2], 'name': 'Create refund', 'type': 'n8n-nodes-base.httpRequest', 'typeVersion': 4.2,
         'position': [680, 200]},
        {'parameters': {'select': 'channel',
                        'channelId': {'__rl': True, 'value': 'C0' + R(9, UC), 'mode': 'list',
                                      'cachedResultName': 'shop-ops'},
                        'text': '=Refund {{ $json.id }} over {{ $json.amount / 100 }} {{ $json.currency }} created',
                        'otherOptions': {}},
         'id': n[3], 'name': 'Slack', 'type': 'n8n-nodes-base.slack', 'typeVersion': 2.2,
         'position': [900, 200],
         'credentials': {'slackOAuth2Api': {'id': R(16), 'name': 'Slack account'}}},
    ],
    'pinData': {},
    'connections': {
        'Webhook': {'main': [[{'node': 'Amount <= 200 EUR', 'type': 'main', 'index': 0}]]},
        'Amount <= 200 EUR': {'main': [[{'node': 'Create refund', 'type': 'main', 'index': 0}], []]},
        'Create refund': {'main': [[{'node': 'Slack', 'type': 'main', 'index': 0}]]},
    },
    'active': True, 'settings': {'executionOrder': 'v1', 'saveManualExecutions': True},
    'versionId': U(), 'meta': {'templateCredsSetupCompleted': True, 'instanceId': H(64)},
    'id': R(16), 'tags': [{'name': 'finance', 'id': R(16)}],
}))

# ---------------------------------------------------------------- c27 n8n decrypted credentials export
add('c27/backup/n8n-credentials-2024-04-02.json', js([
    {'createdAt': '2023-09-14T08:02:11.000Z', 'updatedAt': '2024-02-20T16:41:09.000Z', 'id': R(16),
     'name': 'Airtable - Ops base', 'data': {'accessToken': airtable_pat()},
     'type': 'airtableTokenApi', 'isManaged': False},
    {'createdAt': '2023-10-02T11:19:45.000Z', 'updatedAt': '2023-10-02T11:19:45.000Z', 'id': R(16),
     'name': 'HubSpot private app', 'data': {'appToken': hubspot_pat()},
     'type': 'hubspotAppToken', 'isManaged': False},
    {'createdAt': '2024-01-08T07:55:30.000Z', 'updatedAt': '2024-03-28T10:03:12.000Z', 'id': R(16),
     'name': 'DHL Parcel DE API', 'data': {'name': 'dhl-api-key', 'value': R(32)},
     'type': 'httpHeaderAuth', 'isManaged': False},
    {'createdAt': '2024-02-11T09:12:33.000Z', 'updatedAt': '2024-02-11T09:12:33.000Z', 'id': R(16),
     'name': 'Shop Postgres (read only)',
     'data': {'host': 'db.shop.internal', 'database': 'shopware', 'user': 'n8n_ro',
              'password': PW(22), 'port': 5432, 'ssl': 'require'},
     'type': 'postgres', 'isManaged': False},
]))
add('c27/backup/README.md', '''# n8n backups

Nightly via cron on the n8n host:

```
docker exec n8n n8n export:workflow --all --output=/backup/workflows/ --separate
docker exec n8n n8n export:credentials --all --decrypted --output=/backup/n8n-credentials-$(date +%F).json
```

Restore with `n8n import:credentials --input=...`.
''')

# ---------------------------------------------------------------- c28 n8n self-hosting env
add('c28/n8n/.env', fill('''# n8n self-hosted (docker compose) - automation.brauerei-fuchs.de
DOMAIN_NAME=brauerei-fuchs.de
SUBDOMAIN=automation
GENERIC_TIMEZONE=Europe/Berlin
SSL_EMAIL=it@brauerei-fuchs.de

N8N_ENCRYPTION_KEY=@@enc@@
N8N_USER_MANAGEMENT_JWT_SECRET=@@jwt@@

DB_TYPE=postgresdb
DB_POSTGRESDB_HOST=postgres
DB_POSTGRESDB_DATABASE=n8n
DB_POSTGRESDB_USER=n8n
DB_POSTGRESDB_PASSWORD=@@dbpw@@

N8N_EMAIL_MODE=smtp
N8N_SMTP_HOST=smtp-relay.brevo.com
N8N_SMTP_PORT=587
N8N_SMTP_USER=it@brauerei-fuchs.de
N8N_SMTP_PASS=@@smtp@@
N8N_SMTP_SENDER=n8n <automation@brauerei-fuchs.de>

EXECUTIONS_DATA_PRUNE=true
EXECUTIONS_DATA_MAX_AGE=336
''', enc=R(32), jwt=R(40), dbpw=PW(24), smtp='xsmtpsib-' + H(64) + '-' + R(16)))
add('c28/n8n/docker-compose.yml', '''services:
  traefik:
    image: traefik:v2.11
    command:
      - "--providers.docker=true"
      - "--entrypoints.websecure.address=:443"
      - "--certificatesresolvers.le.acme.tlschallenge=true"
      - "--certificatesresolvers.le.acme.email=${SSL_EMAIL}"
    ports: ["443:443"]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./letsencrypt:/letsencrypt

  postgres:
    image: postgres:16
    environment:
      POSTGRES_USER: ${DB_POSTGRESDB_USER}
      POSTGRES_PASSWORD: ${DB_POSTGRESDB_PASSWORD}
      POSTGRES_DB: ${DB_POSTGRESDB_DATABASE}
    volumes: [pg:/var/lib/postgresql/data]

  n8n:
    image: docker.n8n.io/n8nio/n8n:1.36.1
    env_file: .env
    labels:
      - traefik.enable=true
      - traefik.http.routers.n8n.rule=Host(`${SUBDOMAIN}.${DOMAIN_NAME}`)
      - traefik.http.routers.n8n.tls.certresolver=le
    volumes: [n8n:/home/node/.n8n]
    depends_on: [postgres]

volumes:
  pg:
  n8n:
''')

# ---------------------------------------------------------------- c29 Node-RED flows.json with Mailchimp key in a function node
tab, inj, fn, req, dbg = nr_id(), nr_id(), nr_id(), nr_id(), nr_id()
mc29 = mailchimp(6)
func29 = fill('''// add every new kiosk signup to the "Newsletter Kiosk" audience
const MC_KEY = "@@key@@";
const LIST_ID = "@@list@@";
const email = (msg.payload.email || "").trim().toLowerCase();
if (!email) { return null; }

const hash = require("crypto").createHash("md5").update(email).digest("hex");
msg.method = "PUT";
msg.url = "https://us6.api.mailchimp.com/3.0/lists/" + LIST_ID + "/members/" + hash;
msg.headers = {
    "Authorization": "Basic " + Buffer.from("nodered:" + MC_KEY).toString("base64"),
    "Content-Type": "application/json"
};
msg.payload = {
    email_address: email,
    status_if_new: "subscribed",
    merge_fields: { FNAME: msg.payload.firstName || "" },
    tags: ["kiosk", msg.payload.location || "unknown"]
};
return msg;''', key=mc29, list=H(10))
add('c29/node-red/flows.json', js([
    {'id': tab, 'type': 'tab', 'label': 'Kiosk signups', 'disabled': False, 'info': ''},
    {'id': inj, 'type': 'mqtt in', 'z': tab, 'name': 'kiosk/+/signup', 'topic': 'kiosk/+/signup',
     'qos': '1', 'datatype': 'json', 'broker': nr_id(), 'nl': False, 'rap': True, 'rh': 0,
     'inputs': 0, 'x': 140, 'y': 120, 'wires': [[fn]]},
    {'id': fn, 'type': 'function', 'z': tab, 'name': 'to Mailchimp member', 'func': func29,
     'outputs': 1, 'timeout': 0, 'noerr': 0, 'initialize': '', 'finalize': '', 'libs': [],
     'x': 380, 'y': 120, 'wires': [[req]]},
    {'id': req, 'type': 'http request', 'z': tab, 'name': 'Mailchimp', 'method': 'use', 'ret': 'obj',
     'paytoqs': 'ignore', 'url': '', 'tls': '', 'persist': False, 'proxy': '', 'insecureHTTPParser': False,
     'authType': '', 'senderr': False, 'headers': [], 'x': 590, 'y': 120, 'wires': [[dbg]]},
    {'id': dbg, 'type': 'debug', 'z': tab, 'name': 'result', 'active': False, 'tosidebar': True,
     'console': False, 'tostatus': True, 'complete': 'statusCode', 'targetType': 'msg',
     'statusVal': 'statusCode', 'statusType': 'auto', 'x': 780, 'y': 120, 'wires': []},
], 4))

# ---------------------------------------------------------------- c30 Node-RED settings.js with globals + credentialSecret
add('c30/node-red/settings.js', fill('''/**
 * Node-RED settings for the warehouse dashboard (Raspberry Pi in the packing room).
 * Only the values we changed are kept here; see the default settings.js for the rest.
 */
module.exports = {
    flowFile: 'flows.json',
    flowFilePretty: true,

    // encrypts flows_cred.json
    credentialSecret: "@@credsec@@",

    uiPort: process.env.PORT || 1880,

    adminAuth: {
        type: "credentials",
        users: [{
            username: "lager",
            password: "$2b$08$@@bcrypt@@",
            permissions: "*"
        }]
    },

    httpNodeRoot: '/api',
    httpAdminRoot: '/admin',

    functionExternalModules: true,
    functionGlobalContext: {
        shopDomain: "tee-kontor.myshopify.com",
        shopifyToken: "@@shpat@@",
        sendcloudPublic: "@@scpub@@",
        sendcloudSecret: "@@scsec@@",
        printer: "192.168.20.41"
    },

    logging: {
        console: { level: "info", metrics: false, audit: false }
    },

    editorTheme: {
        projects: { enabled: false },
        palette: { catalogues: ['https://catalogue.nodered.org/catalogue.json'] }
    }
};
''', credsec=R(24), bcrypt=R(53, A + './'), shpat='shpat_' + H(32), scpub=U().replace('-', ''),
    scsec=H(32)))
add('c30/node-red/flows_cred.json', js({'$': H(32) + B64(180)}, 4))

# ---------------------------------------------------------------- c31 Zapier Code step (HubSpot private app token)
add('c31/zaps/paid-order-to-hubspot-deal.js', fill('''// Zap: "Shopify - New Paid Order  ->  HubSpot deal"
// Step 3: Code by Zapier (Run JavaScript)
// Input Data: email, order_name, total_price, currency, line_items (comma separated)
// Pasted here so the code is versioned; keep in sync with the Zap editor.

const HUBSPOT_TOKEN = '@@tok@@';
const PIPELINE = 'default';
const STAGE_WON = 'closedwon';

const hs = async (method, path, body) => {
  const res = await fetch('https://api.hubapi.com' + path, {
    method,
    headers: {
      Authorization: 'Bearer ' + HUBSPOT_TOKEN,
      'Content-Type': 'application/json',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`HubSpot ${res.status}: ${await res.text()}`);
  return res.json();
};

const search = await hs('POST', '/crm/v3/objects/contacts/search', {
  filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: inputData.email }] }],
  properties: ['email', 'firstname'],
  limit: 1,
});

let contactId = search.results[0] && search.results[0].id;
if (!contactId) {
  const created = await hs('POST', '/crm/v3/objects/contacts', { properties: { email: inputData.email } });
  contactId = created.id;
}

const deal = await hs('POST', '/crm/v3/objects/deals', {
  properties: {
    dealname: `Shop order ${inputData.order_name}`,
    amount: inputData.total_price,
    deal_currency_code: inputData.currency,
    pipeline: PIPELINE,
    dealstage: STAGE_WON,
  },
  associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
});

output = { contactId, dealId: deal.id };
''', tok=hubspot_pat()))

# ---------------------------------------------------------------- c32 Make (Integromat) scenario blueprint with Brevo key
add('c32/make/blueprint-new-customer-to-brevo.json', js({
    'name': 'WooCommerce new customer -> Brevo contact + welcome',
    'flow': [
        {'id': 1, 'module': 'woocommerce:watchCustomers', 'version': 1,
         'parameters': {'__IMTCONN__': int(D(7)), 'limit': 10},
         'mapper': {}, 'metadata': {'designer': {'x': 0, 'y': 0}}},
        {'id': 2, 'module': 'http:ActionSendData', 'version': 3,
         'parameters': {'handleErrors': True, 'useNewZLibDeCompress': True},
         'mapper': {'url': 'https://api.brevo.com/v3/contacts', 'method': 'post',
                    'headers': [{'name': 'api-key', 'value': brevo()},
                                {'name': 'accept', 'value': 'application/json'}],
                    'qs': [], 'bodyType': 'raw', 'contentType': 'application/json',
                    'data': '{"email":"{{1.email}}","attributes":{"FIRSTNAME":"{{1.first_name}}",'
                            '"LASTNAME":"{{1.last_name}}"},"listIds":[7],"updateEnabled":true}',
                    'parseResponse': True, 'allowRedirects': True, 'gzip': True, 'timeout': '',
                    'shareCookies': False, 'ca': '', 'rejectUnauthorized': True,
                    'followRedirect': True, 'useQuerystring': False},
         'metadata': {'designer': {'x': 300, 'y': 0}, 'restore': {}}},
        {'id': 3, 'module': 'sendinblue:sendTransactionalEmail', 'version': 1,
         'parameters': {'__IMTCONN__': int(D(7))},
         'mapper': {'templateId': '12', 'to': [{'email': '{{1.email}}', 'name': '{{1.first_name}}'}]},
         'metadata': {'designer': {'x': 600, 'y': 0}}},
    ],
    'metadata': {'instant': False, 'version': 1,
                 'scenario': {'roundtrips': 1, 'maxErrors': 3, 'autoCommit': True,
                              'autoCommitTriggerLast': True, 'sequential': False,
                              'confidential': False, 'dataloss': False, 'dlq': False,
                              'freshVariables': False},
                 'designer': {'orphans': []}, 'zone': 'eu1.make.com'},
}, 4))

# ---------------------------------------------------------------- c33 Airtable PAT in a pyairtable sync
add('c33/airtable_sync/sync_events.py', fill('''"""Copies confirmed workshop bookings from the shop DB into the Airtable "Events" base."""
import datetime as dt
import os

import psycopg
from pyairtable import Api
from pyairtable.formulas import match

AIRTABLE_TOKEN = "@@pat@@"
BASE_ID = "app@@base@@"
TABLE = "Bookings"

api = Api(AIRTABLE_TOKEN)
table = api.table(BASE_ID, TABLE)


def bookings_since(since):
    with psycopg.connect(os.environ["SHOP_DSN"]) as conn:
        rows = conn.execute(
            "select order_id, email, workshop, seats, created_at from bookings "
            "where status = 'confirmed' and created_at >= %s",
            (since,),
        ).fetchall()
    return rows


def main():
    since = dt.datetime.utcnow() - dt.timedelta(days=2)
    for order_id, email, workshop, seats, created in bookings_since(since):
        existing = table.first(formula=match({"Order": order_id}))
        fields = {"Order": order_id, "Email": email, "Workshop": workshop,
                  "Seats": seats, "Booked at": created.isoformat()}
        if existing:
            table.update(existing["id"], fields)
        else:
            table.create(fields)


if __name__ == "__main__":
    main()
''', pat=airtable_pat(), base=R(14)))

# ---------------------------------------------------------------- c34 Retool source-control functions.rsx with Stripe restricted key
add('c34/apps/Refund Console/functions.rsx', fill('''<GlobalFunctions>
  <RESTQuery
    id="listCharges"
    headers={'[{"key":"Authorization","value":"Bearer @@rk@@"}]'}
    isMultiplayerEdited={false}
    query="https://api.stripe.com/v1/charges"
    queryDisabled="{{ !customerSearch.value }}"
    resourceName="REST-WithoutResource"
    runWhenModelUpdates={true}
    urlparams={'[{"key":"customer","value":"{{ customerSearch.value }}"},{"key":"limit","value":"25"}]'}
  />
  <RESTQuery
    id="createRefund"
    body={'[{"key":"charge","value":"{{ chargesTable.selectedRow.id }}"},{"key":"amount","value":"{{ refundAmount.value * 100 }}"}]'}
    bodyType="x-www-form-urlencoded"
    headers={'[{"key":"Authorization","value":"Bearer @@rk@@"}]'}
    query="https://api.stripe.com/v1/refunds"
    resourceName="REST-WithoutResource"
    runWhenModelUpdates={false}
    type="POST"
  >
    <Event
      event="success"
      method="trigger"
      params={{}}
      pluginId="listCharges"
      type="datasource"
      waitMs="0"
      waitType="debounce"
    />
  </RESTQuery>
  <SqlQueryUnified
    id="orderLookup"
    query={include("./lib/orderLookup.sql", "string")}
    resourceDisplayName="shop-replica"
    resourceName="@@res@@"
    warningCodes={[]}
  />
</GlobalFunctions>
''', rk=stripe('rk'), res=U()))
add('c34/apps/Refund Console/lib/orderLookup.sql', '''select o.id, o.number, o.email, o.total_gross, o.payment_reference, o.created_at
from orders o
where o.email ilike {{ '%' + customerEmail.value + '%' }}
order by o.created_at desc
limit 50;
''')

# ---------------------------------------------------------------- c35 Appsmith export with decrypted fields
add('c35/appsmith/Lager-Cockpit.json', js({
    'clientSchemaVersion': 1.0, 'serverSchemaVersion': 7.0,
    'exportedApplication': {'name': 'Lager Cockpit', 'isPublic': False, 'appIsExample': False,
                            'unreadCommentThreads': 0, 'color': '#F4FFDE', 'icon': 'truck',
                            'slug': 'lager-cockpit', 'evaluationVersion': 2, 'applicationVersion': 2},
    'datasourceList': [
        {'name': 'Shop DB', 'pluginId': 'mysql-plugin', 'messages': [], 'isAutoGenerated': False,
         'gitSyncId': H(24) + '_' + H(24),
         'datasourceConfiguration': {'connection': {'mode': 'READ_ONLY', 'ssl': {'authType': 'DEFAULT'}},
                                     'endpoints': [{'host': 'db-replica.shop.internal', 'port': 3306}],
                                     'authentication': {'authenticationType': 'dbAuth',
                                                        'username': 'appsmith_ro',
                                                        'databaseName': 'shopware'}}},
        {'name': 'Shopware Admin API', 'pluginId': 'restapi-plugin', 'messages': [],
         'isAutoGenerated': False, 'gitSyncId': H(24) + '_' + H(24),
         'datasourceConfiguration': {'url': 'https://www.kaffeekontor-elbe.de/api',
                                     'headers': [{'key': 'Accept', 'value': 'application/json'}],
                                     'authentication': {'authenticationType': 'oAuth2',
                                                        'grantType': 'client_credentials',
                                                        'accessTokenUrl': 'https://www.kaffeekontor-elbe.de/api/oauth/token',
                                                        'clientId': 'SWIA' + R(22, UPPER),
                                                        'scope': ['write'], 'isTokenHeader': True}}},
    ],
    'actionList': [
        {'pluginType': 'DB', 'pluginId': 'mysql-plugin',
         'unpublishedAction': {'name': 'openOrders', 'datasource': {'name': 'Shop DB'},
                               'actionConfiguration': {'body': "SELECT order_number, order_date_time, amount_total FROM `order` WHERE state_id = UNHEX('{{ stateFilter.selectedOptionValue }}') LIMIT 200;"},
                               'executeOnLoad': True}},
    ],
    'decryptedFields': {
        'Shop DB': {'password': PW(24), 'authType': 'com.appsmith.external.models.DBAuth',
                    'dbAuth': {'authenticationType': 'dbAuth', 'username': 'appsmith_ro',
                               'databaseName': 'shopware'}},
        'Shopware Admin API': {'authType': 'com.appsmith.external.models.OAuth2',
                               'password': R(52)},
    },
    'editModeTheme': {'name': 'Default', 'displayName': 'Modern', 'isSystemTheme': True},
}))

# ---------------------------------------------------------------- c36 clasp credentials committed (.clasprc.json)
add('c36/gas-invoice-export/.clasprc.json', js({
    'token': {'access_token': 'ya29.a0' + R(150, URLSAFE),
              'refresh_token': '1//0' + R(1, UPPER) + R(98, URLSAFE),
              'scope': 'https://www.googleapis.com/auth/script.deployments https://www.googleapis.com/auth/script.projects '
                       'https://www.googleapis.com/auth/drive.metadata.readonly https://www.googleapis.com/auth/logging.read '
                       'https://www.googleapis.com/auth/script.webapp.deploy openid https://www.googleapis.com/auth/userinfo.email',
              'token_type': 'Bearer', 'expiry_date': 1712149388000 + random.randint(0, 9999999)},
    'oauth2ClientSettings': {'clientId': g_client_id(), 'clientSecret': 'GOCSPX-' + R(28, URLSAFE),
                             'redirectUri': 'http://localhost'},
    'isLocalCreds': True,
}))
add('c36/gas-invoice-export/.clasp.json', js({'scriptId': '1' + R(56, URLSAFE), 'rootDir': 'src'}))
add('c36/gas-invoice-export/src/appsscript.json', js({
    'timeZone': 'Europe/Berlin', 'dependencies': {}, 'exceptionLogging': 'STACKDRIVER',
    'runtimeVersion': 'V8',
    'oauthScopes': ['https://www.googleapis.com/auth/spreadsheets',
                    'https://www.googleapis.com/auth/drive',
                    'https://www.googleapis.com/auth/script.external_request'],
}))

# ---------------------------------------------------------------- c37 Apps Script pulling Shopify orders into a Sheet
add('c37/gas-shopify-report/src/Code.gs', fill('''/**
 * Daily order report: pulls yesterday's Shopify orders into the "Orders" sheet.
 * Trigger: time-driven, every day 06:00-07:00.
 */
const SHOP = 'gewuerzmuehle-sauer.myshopify.com';
const ADMIN_TOKEN = '@@shpat@@';
const API_VERSION = '2024-04';

function importYesterdaysOrders() {
  const tz = Session.getScriptTimeZone();
  const end = new Date();
  end.setHours(0, 0, 0, 0);
  const start = new Date(end.getTime() - 24 * 3600 * 1000);

  let url = `https://${SHOP}/admin/api/${API_VERSION}/orders.json?status=any&limit=250` +
    `&created_at_min=${start.toISOString()}&created_at_max=${end.toISOString()}`;
  const rows = [];
  while (url) {
    const res = UrlFetchApp.fetch(url, {
      headers: { 'X-Shopify-Access-Token': ADMIN_TOKEN },
      muteHttpExceptions: true,
    });
    if (res.getResponseCode() !== 200) {
      throw new Error('Shopify ' + res.getResponseCode() + ': ' + res.getContentText());
    }
    JSON.parse(res.getContentText()).orders.forEach((o) => {
      rows.push([
        o.name,
        Utilities.formatDate(new Date(o.created_at), tz, 'yyyy-MM-dd HH:mm'),
        o.email,
        Number(o.total_price),
        o.currency,
        o.financial_status,
        (o.shipping_address || {}).country_code || '',
      ]);
    });
    url = nextLink_(res.getHeaders()['Link']);
  }
  const sheet = SpreadsheetApp.getActive().getSheetByName('Orders');
  if (rows.length) {
    sheet.getRange(sheet.getLastRow() + 1, 1, rows.length, rows[0].length).setValues(rows);
  }
}

function nextLink_(header) {
  if (!header) return null;
  const m = header.match(/<([^>]+)>;\\s*rel="next"/);
  return m ? m[1] : null;
}
''', shpat='shpat_' + H(32)))
add('c37/gas-shopify-report/.clasp.json', js({'scriptId': '1' + R(56, URLSAFE), 'rootDir': 'src'}))

# ---------------------------------------------------------------- c38 Salesforce simple_salesforce with password + security token
add('c38/crm_sync/salesforce_push.py', fill('''"""Push B2B customers from the shop into Salesforce accounts (nightly, see crontab)."""
import logging

from simple_salesforce import Salesforce, SalesforceResourceNotFound

from .shop import b2b_customers_changed_since, load_state, save_state

log = logging.getLogger("crm_sync")

SF_CONFIG = {
    "username": "integration.shop@holzbau-kramer.de",
    "password": "@@pw@@",
    "security_token": "@@st@@",
    "consumer_key": "@@ckey@@",
    "consumer_secret": "@@csec@@",
    "domain": "login",
}


def connect():
    return Salesforce(**SF_CONFIG)


def upsert_account(sf, customer):
    payload = {
        "Name": customer["company"],
        "BillingStreet": customer["street"],
        "BillingPostalCode": customer["zip"],
        "BillingCity": customer["city"],
        "BillingCountryCode": customer["country"],
        "Phone": customer.get("phone"),
        "Shop_Customer_Number__c": customer["number"],
    }
    try:
        sf.Account.upsert(f"Shop_Customer_Number__c/{customer['number']}", payload)
    except SalesforceResourceNotFound:
        log.warning("external id field missing for %s", customer["number"])


def run():
    sf = connect()
    state = load_state()
    for customer in b2b_customers_changed_since(state["last_run"]):
        upsert_account(sf, customer)
    save_state()
''', pw=PW(16), st=R(25), ckey=sf_consumer_key(), csec=HU(64)))

# ---------------------------------------------------------------- c39 Salesforce Postman environment with access/refresh token
add('c39/postman/Salesforce-PROD.postman_environment.json', js({
    'id': U(), 'name': 'Salesforce PROD (integration user)',
    'values': [
        {'key': 'url', 'value': 'https://holzbau-kramer.my.salesforce.com', 'type': 'default', 'enabled': True},
        {'key': 'version', 'value': '60.0', 'type': 'default', 'enabled': True},
        {'key': 'clientId', 'value': sf_consumer_key(), 'type': 'default', 'enabled': True},
        {'key': 'clientSecret', 'value': HU(64), 'type': 'secret', 'enabled': True},
        {'key': 'username', 'value': 'integration.shop@holzbau-kramer.de', 'type': 'default', 'enabled': True},
        {'key': '_accessToken', 'value': sf_access_token(), 'type': 'secret', 'enabled': True},
        {'key': '_refreshToken', 'value': '5Aep861' + R(80, A + '._'), 'type': 'secret', 'enabled': True},
        {'key': '_endpoint', 'value': 'https://holzbau-kramer.my.salesforce.com', 'type': 'default', 'enabled': True},
        {'key': '_userId', 'value': '005' + R(15), 'type': 'default', 'enabled': True},
        {'key': '_orgId', 'value': '00D' + R(15), 'type': 'default', 'enabled': True},
    ],
    '_postman_variable_scope': 'environment',
    '_postman_exported_at': '2024-04-04T13:22:51.482Z',
    '_postman_exported_using': 'Postman/10.24.16',
}, 2))

# ---------------------------------------------------------------- c40 HubSpot CLI config with personal access key
pak_inner = 'na1-' + '-'.join([H(4), H(4), H(4), H(4), H(12)])
while True:
    pak = base64.b64encode(b'\n$' + pak_inner.encode() + b'\x10' + RB(3) + b'\x18' + RB(4)
                           + b'"' + b'\x10' + RB(16) + b'*' + RB(40)).decode()
    if ok(pak):
        break
add('c40/hubspot-theme/hubspot.config.yml', fill('''defaultPortal: holzbau-prod
httpTimeout: 60000
allowUsageTracking: false
portals:
  - name: holzbau-prod
    portalId: @@pid@@
    env: prod
    authType: personalaccesskey
    auth:
      tokenInfo:
        accessToken: >-
          C@@at@@
        expiresAt: '2024-04-18T09:41:27.113Z'
    personalAccessKey: >-
      @@pak@@
  - name: holzbau-sandbox
    portalId: @@pid2@@
    env: prod
    authType: personalaccesskey
    sandboxAccountType: DEVELOPMENT
    parentAccountId: @@pid@@
''', pid=D(8), pid2=D(8), at=R(1, 'IJKLMNOP') + R(148, URLSAFE), pak=pak))
add('c40/hubspot-theme/package.json', js({
    'name': 'holzbau-hubspot-theme', 'private': True,
    'scripts': {'watch': 'hs watch src holzbau-theme --portal=holzbau-prod',
                'deploy': 'hs upload src holzbau-theme --portal=holzbau-prod'},
    'devDependencies': {'@hubspot/cli': '^5.2.0'},
}))

# ---------------------------------------------------------------- c41 Mailchimp marketing + Mandrill in a Python job
add('c41/marketing/sync_segments.py', fill('''"""Tags Mailchimp members by lifetime value and sends the VIP voucher via Mandrill.

Runs every Monday from the ops server (see deploy/cron.d/marketing).
"""
import hashlib
import os

import mailchimp_marketing as MailchimpMarketing
import mailchimp_transactional as MailchimpTransactional
from mailchimp_marketing.api_client import ApiClientError

from shopdb import customers_with_ltv

AUDIENCE_ID = "@@aud@@"
VIP_THRESHOLD = float(os.environ.get("VIP_THRESHOLD", "500"))

mc = MailchimpMarketing.Client()
mc.set_config({
    "api_key": "@@mckey@@",
    "server": "us14",
})
mandrill = MailchimpTransactional.Client("@@mdkey@@")


def member_hash(email: str) -> str:
    return hashlib.md5(email.lower().encode()).hexdigest()


def tag(email: str, name: str, active: bool) -> None:
    mc.lists.update_list_member_tags(
        AUDIENCE_ID,
        member_hash(email),
        {"tags": [{"name": name, "status": "active" if active else "inactive"}]},
    )


def send_voucher(email: str, first_name: str, code: str) -> None:
    mandrill.messages.send_template({
        "template_name": "vip-voucher-2024",
        "template_content": [],
        "message": {
            "to": [{"email": email, "name": first_name}],
            "global_merge_vars": [{"name": "CODE", "content": code}],
            "tags": ["vip-voucher"],
        },
    })


def main() -> None:
    for c in customers_with_ltv():
        is_vip = c.ltv >= VIP_THRESHOLD
        try:
            tag(c.email, "VIP", is_vip)
        except ApiClientError as err:
            print(f"skip {c.email}: {err.text}")
            continue
        if is_vip and not c.voucher_sent:
            send_voucher(c.email, c.first_name, c.new_voucher_code())


if __name__ == "__main__":
    main()
''', aud=H(10), mckey=mailchimp(14), mdkey='md-' + R(22)))

# ---------------------------------------------------------------- c42 Klaviyo private key in a Hydrogen server module
add('c42/app/lib/klaviyo.server.ts', fill('''/**
 * Server-only helpers for Klaviyo (back-in-stock + newsletter signup from the PDP).
 * The public site id is used by the onsite JS in root.tsx; everything here runs in the worker.
 */
const KLAVIYO_PRIVATE_KEY = '@@pk@@';
const KLAVIYO_REVISION = '2024-02-15';
const NEWSLETTER_LIST = '@@list@@';

async function klaviyo(path: string, body: unknown) {
  const res = await fetch(`https://a.klaviyo.com/api/${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Klaviyo-API-Key ${KLAVIYO_PRIVATE_KEY}`,
      revision: KLAVIYO_REVISION,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok && res.status !== 409) {
    throw new Response(await res.text(), { status: 502 });
  }
  return res.status === 204 ? null : res.json();
}

export function subscribeBackInStock(email: string, variantGid: string) {
  const variantId = variantGid.split('/').pop();
  return klaviyo('back-in-stock-subscriptions/', {
    data: {
      type: 'back-in-stock-subscription',
      attributes: {
        channels: ['EMAIL'],
        profile: { data: { type: 'profile', attributes: { email } } },
      },
      relationships: {
        variant: { data: { type: 'catalog-variant', id: `$shopify:::$default:::${variantId}` } },
      },
    },
  });
}

export function subscribeNewsletter(email: string, source = 'pdp-footer') {
  return klaviyo('profile-subscription-bulk-create-jobs/', {
    data: {
      type: 'profile-subscription-bulk-create-job',
      attributes: {
        custom_source: source,
        profiles: {
          data: [{ type: 'profile', attributes: { email, subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } } }],
        },
      },
      relationships: { list: { data: { type: 'list', id: NEWSLETTER_LIST } } },
    },
  });
}
''', pk='pk_' + R(34, LC), list=R(6, A)))

# ---------------------------------------------------------------- c43 WooCommerce Stripe gateway settings export
add('c43/support/woocommerce_stripe_settings.json', js({
    'enabled': 'yes', 'title': 'Kreditkarte', 'description': 'Sicher bezahlen mit Kreditkarte.',
    'api_credentials': '', 'testmode': 'no',
    'test_publishable_key': 'pk_test_51' + R(97), 'test_secret_key': '',
    'publishable_key': stripe('pk'),
    'secret_key': stripe('sk'),
    'webhook': '', 'test_webhook_secret': '', 'webhook_secret': 'whsec_' + R(32),
    'inline_cc_form': 'no', 'statement_descriptor': 'SPIELWAREN OTTO', 'capture': 'yes',
    'payment_request': 'yes', 'payment_request_button_type': 'buy', 'payment_request_button_theme': 'dark',
    'saved_cards': 'yes', 'logging': 'yes', 'upe_checkout_experience_enabled': 'yes',
    'is_short_statement_descriptor_enabled': 'no',
}, 4))
add('c43/support/ticket-4471.md', '''# Ticket 4471 - Stripe payments stuck in "pending payment"

Customer reports that since the plugin update to 8.1.0 orders paid by card stay in
"pending payment" until the webhook retry hits.

Settings dump attached (`wp option get woocommerce_stripe_settings --format=json`).

Next steps:
- check the webhook endpoint in the Stripe dashboard points to `/?wc-api=wc_stripe`
- compare webhook signing secret with the one in the settings
''')

# ---------------------------------------------------------------- c44 Laravel/Lunar shop .env with Mollie + PayPal
add('c44/shop/.env', fill('''APP_NAME="Teeladen Grünblatt"
APP_ENV=production
APP_KEY=base64:@@appkey@@
APP_DEBUG=false
APP_URL=https://www.gruenblatt-tee.de

LOG_CHANNEL=daily
LOG_LEVEL=warning

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=gruenblatt
DB_USERNAME=gruenblatt
DB_PASSWORD="''' '''@@dbpw@@"

CACHE_DRIVER=redis
QUEUE_CONNECTION=redis
SESSION_DRIVER=redis

MAIL_MAILER=smtp
MAIL_HOST=smtp.strato.de
MAIL_PORT=465
MAIL_USERNAME=shop@gruenblatt-tee.de
MAIL_PASSWORD="''' '''@@mailpw@@"
MAIL_ENCRYPTION=ssl

# Payments
MOLLIE_KEY=live_@@mollie@@
PAYPAL_MODE=live
PAYPAL_LIVE_CLIENT_ID=@@ppid@@
PAYPAL_LIVE_CLIENT_SECRET=@@ppsec@@
PAYPAL_LIVE_APP_ID=
PAYPAL_PAYMENT_ACTION=Sale
PAYPAL_CURRENCY=EUR
PAYPAL_NOTIFY_URL=https://www.gruenblatt-tee.de/paypal/notify
''', appkey=B64(32), dbpw=PW(20), mailpw=PW(14), mollie=R(30), ppid=paypal_id(), ppsec=paypal_secret()))

# ---------------------------------------------------------------- c45 Adyen in a Spring Boot shop backend
add('c45/checkout-service/src/main/resources/application-prod.yml', fill('''server:
  port: 8080
  forward-headers-strategy: framework

spring:
  datasource:
    url: jdbc:postgresql://checkout-db.prod.internal:5432/checkout
    username: checkout
    password: ${CHECKOUT_DB_PASSWORD}
  jpa:
    open-in-view: false

adyen:
  environment: LIVE
  live-endpoint-url-prefix: @@prefix@@-NordlichtMoebel
  merchant-account: NordlichtMoebelECOM
  api-key: "@@apikey@@"
  client-key: live_@@clientkey@@
  hmac-key: @@hmac@@
  return-url: https://www.nordlicht-moebel.de/checkout/result

management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
''', prefix=H(16), apikey=adyen_api_key(), clientkey=R(32, UC), hmac=HU(64)))


# ================================================================ negatives
# ---------------------------------------------------------------- w01 Bedrock config reading env + .env.example (like c01)
add('w01/config/application.php', '''<?php
/**
 * Your base production configuration goes in this file. Environment-specific
 * overrides go in their respective config/environments/{{WP_ENV}}.php file.
 */

use Roots\\WPConfig\\Config;
use function Env\\env;

$root_dir = dirname(__DIR__);
$webroot_dir = $root_dir . '/web';

$dotenv = Dotenv\\Dotenv::createUnsafeImmutable($root_dir, ['.env'], false);
if (file_exists($root_dir . '/.env')) {
    $dotenv->load();
    $dotenv->required(['WP_HOME', 'WP_SITEURL']);
    if (!env('DATABASE_URL')) {
        $dotenv->required(['DB_NAME', 'DB_USER', 'DB_PASSWORD']);
    }
}

define('WP_ENV', env('WP_ENV') ?: 'production');

Config::define('WP_HOME', env('WP_HOME'));
Config::define('WP_SITEURL', env('WP_SITEURL'));

Config::define('DB_NAME', env('DB_NAME'));
Config::define('DB_USER', env('DB_USER'));
Config::define('DB_PASSWORD', env('DB_PASSWORD'));
Config::define('DB_HOST', env('DB_HOST') ?: 'localhost');
Config::define('DB_CHARSET', 'utf8mb4');
Config::define('DB_COLLATE', '');
$table_prefix = env('DB_PREFIX') ?: 'wp_';

/**
 * Authentication Unique Keys and Salts
 */
Config::define('AUTH_KEY', env('AUTH_KEY'));
Config::define('SECURE_AUTH_KEY', env('SECURE_AUTH_KEY'));
Config::define('LOGGED_IN_KEY', env('LOGGED_IN_KEY'));
Config::define('NONCE_KEY', env('NONCE_KEY'));
Config::define('AUTH_SALT', env('AUTH_SALT'));
Config::define('SECURE_AUTH_SALT', env('SECURE_AUTH_SALT'));
Config::define('LOGGED_IN_SALT', env('LOGGED_IN_SALT'));
Config::define('NONCE_SALT', env('NONCE_SALT'));

Config::define('WP_REDIS_PASSWORD', env('WP_REDIS_PASSWORD'));
Config::define('AUTOMATIC_UPDATER_DISABLED', true);
Config::define('DISABLE_WP_CRON', env('DISABLE_WP_CRON') ?: false);
Config::define('DISALLOW_FILE_EDIT', true);

Config::apply();

if (!defined('ABSPATH')) {
    define('ABSPATH', $webroot_dir . '/wp/');
}
''')
add('w01/.env.example', '''DB_NAME='database_name'
DB_USER='database_user'
DB_PASSWORD='database_password'

# Optionally, you can use a data source name (DSN)
# DATABASE_URL='mysql://database_user:database_password@database_host:database_port/database_name'

WP_ENV='development'
WP_HOME='http://example.com'
WP_SITEURL="${WP_HOME}/wp"

# Generate your keys here: https://roots.io/salts.html
AUTH_KEY='generateme'
SECURE_AUTH_KEY='generateme'
LOGGED_IN_KEY='generateme'
NONCE_KEY='generateme'
AUTH_SALT='generateme'
SECURE_AUTH_SALT='generateme'
LOGGED_IN_SALT='generateme'
NONCE_SALT='generateme'

WP_REDIS_PASSWORD=''
''')

# ---------------------------------------------------------------- w02 WooCommerce client reading env + docs (like c04)
add('w02/src/woo/client.js', '''"use strict";

const WooCommerceRestApi = require("@woocommerce/woocommerce-rest-api").default;

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`missing env ${name} (see docs/woocommerce.md)`);
  return v;
}

const api = new WooCommerceRestApi({
  url: required("WOO_URL"),
  consumerKey: required("WOO_CONSUMER_KEY"),
  consumerSecret: required("WOO_CONSUMER_SECRET"),
  version: "wc/v3",
  queryStringAuth: true,
});

async function fetchProcessingOrders(page = 1) {
  const { data, headers } = await api.get("orders", { status: "processing", per_page: 50, page });
  return { orders: data, more: page < Number(headers["x-wp-totalpages"] || 1) };
}

module.exports = { fetchProcessingOrders };
''')
add('w02/docs/woocommerce.md', '''# WooCommerce connection

1. In WP admin go to **WooCommerce > Settings > Advanced > REST API** and click *Add key*.
2. Description `erp-sync`, user `erp-sync`, permissions *Read/Write*.
3. WooCommerce shows the pair exactly once:
   - Consumer key: `ck_` followed by 40 hex characters
   - Consumer secret: `cs_` followed by 40 hex characters
4. Store them in 1Password (vault *Shop Integrations*) and in the deployment secrets:

```
WOO_URL=https://shop.teehaus-lindner.de
WOO_CONSUMER_KEY=ck_<40 hex chars>
WOO_CONSUMER_SECRET=cs_<40 hex chars>
```

The key row in WooCommerce only shows the last 7 characters afterwards
(e.g. `…a41f09c`), which is enough to tell keys apart when revoking one.
''')

# ---------------------------------------------------------------- w03 Shopify app toml (public client_id) + env template (like c06)
add('w03/apps/stock-alerts/shopify.app.toml', fill('''# Learn more about configuring your app at https://shopify.dev/docs/apps/tools/cli/configuration

client_id = "@@cid@@"
name = "Stock Alerts"
handle = "stock-alerts-14"
application_url = "https://stock-alerts.fly.dev"
embedded = true

[build]
automatically_update_urls_on_dev = true
dev_store_url = "nordic-socks-dev.myshopify.com"
include_config_on_deploy = true

[access_scopes]
# Learn more at https://shopify.dev/docs/apps/tools/cli/configuration#access_scopes
scopes = "read_products,read_inventory,write_metaobjects"

[auth]
redirect_urls = [
  "https://stock-alerts.fly.dev/auth/callback",
  "https://stock-alerts.fly.dev/auth/shopify/callback",
]

[webhooks]
api_version = "2024-04"

  [[webhooks.subscriptions]]
  topics = [ "app/uninstalled" ]
  uri = "/webhooks"

[pos]
embedded = false
''', cid=H(32)))
add('w03/apps/stock-alerts/.env.example', '''# copy to .env; `shopify app dev` fills SHOPIFY_API_KEY/SECRET automatically
SHOPIFY_API_KEY=
SHOPIFY_API_SECRET=
SCOPES=read_products,read_inventory,write_metaobjects
SHOPIFY_APP_URL=

SHOPIFY_SHOP=your-store.myshopify.com
# Admin API access token of the custom app, starts with shpat_
SHOPIFY_ADMIN_ACCESS_TOKEN=shpat_********************************

DATABASE_URL=postgres://stock_alerts:<password>@localhost:5432/stock_alerts
''')
add('w03/apps/stock-alerts/docs/troubleshooting.md', '''## 401 from the nightly job

```
[2024-04-03T02:00:04Z] GET https://nordic-socks.myshopify.com/admin/api/2024-04/shop.json
[2024-04-03T02:00:04Z]   X-Shopify-Access-Token: shpat_[REDACTED]
[2024-04-03T02:00:05Z] <- 401 {"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}
```

The custom app was reinstalled, which rotates the Admin API token. Fetch the new
one from the store admin and update `SHOPIFY_ADMIN_ACCESS_TOKEN` in Fly secrets
(`fly secrets set SHOPIFY_ADMIN_ACCESS_TOKEN=...`). Never paste the token into this repo.
''')

# ---------------------------------------------------------------- w04 Ghost Content API key (public) in theme + admin key from env (like c15)
add('w04/theme/assets/js/search.js', fill('''// Site search using the Ghost Content API.
// Content API keys only expose published content and are meant to be used in the browser
// (https://ghost.org/docs/content-api/#key) - this is the key of the "Theme search" integration.
import GhostContentAPI from '@tryghost/content-api';

const api = new GhostContentAPI({
  url: 'https://blog.fahrtwind-magazin.de',
  key: '@@ckey@@',
  version: 'v5.0',
});

let cache;

export async function searchPosts(term) {
  if (!cache) {
    cache = await api.posts.browse({ limit: 'all', fields: 'title,url,excerpt,published_at' });
  }
  const q = term.trim().toLowerCase();
  return cache.filter((p) => p.title.toLowerCase().includes(q) || (p.excerpt || '').toLowerCase().includes(q));
}
''', ckey=H(26)))
add('w04/scripts/publish-newsletter.js', '''#!/usr/bin/env node
const GhostAdminAPI = require('@tryghost/admin-api');

if (!process.env.GHOST_ADMIN_API_KEY) {
  console.error('GHOST_ADMIN_API_KEY is not set (format: <24 hex id>:<64 hex secret>, from Integrations)');
  process.exit(1);
}

const api = new GhostAdminAPI({
  url: process.env.GHOST_URL || 'https://blog.fahrtwind-magazin.de',
  key: process.env.GHOST_ADMIN_API_KEY,
  version: 'v5.0',
});

module.exports = api;
''')

# ---------------------------------------------------------------- w05 Strapi .env.example + config reading env + lockfile hashes (like c17)
add('w05/cms/.env.example', '''HOST=0.0.0.0
PORT=1337
APP_KEYS="toBeModified1,toBeModified2"
API_TOKEN_SALT=tobemodified
ADMIN_JWT_SECRET=tobemodified
TRANSFER_TOKEN_SALT=tobemodified
JWT_SECRET=tobemodified

DATABASE_CLIENT=postgres
DATABASE_HOST=localhost
DATABASE_PORT=5432
DATABASE_NAME=strapi
DATABASE_USERNAME=strapi
DATABASE_PASSWORD=
''')
add('w05/cms/config/admin.ts', '''export default ({ env }) => ({
  auth: {
    secret: env('ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: env('API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: env('TRANSFER_TOKEN_SALT'),
    },
  },
  flags: {
    nps: env.bool('FLAG_NPS', false),
    promoteEE: env.bool('FLAG_PROMOTE_EE', false),
  },
});
''')
lock = {'name': 'weinhaus-cms', 'version': '1.4.0', 'lockfileVersion': 3, 'requires': True, 'packages': {}}
for pkg, ver in [('@strapi/strapi', '4.22.1'), ('@strapi/plugin-users-permissions', '4.22.1'),
                 ('@strapi/provider-upload-cloudinary', '4.22.1'), ('pg', '8.11.3')]:
    lock['packages']['node_modules/' + pkg] = {
        'version': ver, 'resolved': 'https://registry.npmjs.org/' + pkg + '/-/' + pkg.split('/')[-1] + '-' + ver + '.tgz',
        'integrity': 'sha512-' + B64(64)}
add('w05/cms/package-lock.json', js(lock))

# ---------------------------------------------------------------- w06 n8n workflow using credential references and $env (like c26)
m = [U() for _ in range(3)]
add('w06/workflows/stripe-refund-requests.json', js({
    'name': 'Refund requests -> Stripe -> Slack',
    'nodes': [
        {'parameters': {'httpMethod': 'POST', 'path': 'refund-request', 'authentication': 'headerAuth',
                        'options': {}},
         'id': m[0], 'name': 'Webhook', 'type': 'n8n-nodes-base.webhook', 'typeVersion': 2,
         'position': [240, 300], 'webhookId': U(),
         'credentials': {'httpHeaderAuth': {'id': R(16), 'name': 'Helpdesk webhook header'}}},
        {'parameters': {'method': 'POST', 'url': 'https://api.stripe.com/v1/refunds',
                        'authentication': 'predefinedCredentialType', 'nodeCredentialType': 'stripeApi',
                        'sendHeaders': True,
                        'headerParameters': {'parameters': [
                            {'name': 'Idempotency-Key', 'value': '={{ $json.body.ticket_id }}'},
                            {'name': 'Stripe-Account', 'value': '={{ $env.STRIPE_CONNECTED_ACCOUNT }}'}]},
                        'sendBody': True, 'contentType': 'form-urlencoded',
                        'bodyParameters': {'parameters': [
                            {'name': 'payment_intent', 'value': '={{ $json.body.payment_intent }}'},
                            {'name': 'amount', 'value': '={{ $json.body.amount }}'}]},
                        'options': {}},
         'id': m[1], 'name': 'Create refund', 'type': 'n8n-nodes-base.httpRequest', 'typeVersion': 4.2,
         'position': [460, 300],
         'credentials': {'stripeApi': {'id': R(16), 'name': 'Stripe live (restricted: refunds)'}}},
        {'parameters': {'select': 'channel',
                        'channelId': {'__rl': True, 'value': '={{ $env.SLACK_SHOP_OPS_CHANNEL }}', 'mode': 'id'},
                        'text': '=Refund {{ $json.id }} created', 'otherOptions': {}},
         'id': m[2], 'name': 'Slack', 'type': 'n8n-nodes-base.slack', 'typeVersion': 2.2,
         'position': [680, 300],
         'credentials': {'slackOAuth2Api': {'id': R(16), 'name': 'Slack account'}}},
    ],
    'pinData': {},
    'connections': {
        'Webhook': {'main': [[{'node': 'Create refund', 'type': 'main', 'index': 0}]]},
        'Create refund': {'main': [[{'node': 'Slack', 'type': 'main', 'index': 0}]]},
    },
    'active': True, 'settings': {'executionOrder': 'v1'},
    'versionId': U(), 'meta': {'templateCredsSetupCompleted': True, 'instanceId': H(64)},
    'id': R(16), 'tags': [],
}))

# ---------------------------------------------------------------- w07 Contentful migration via env + redacted CI log (like c22)
add('w07/scripts/run-migrations.js', '''#!/usr/bin/env node
// Runs every file in ./migrations against the target environment.
// CONTENTFUL_MANAGEMENT_TOKEN comes from the CI secret store (GitHub Actions: secrets.CONTENTFUL_CMA).
const { runMigration } = require('contentful-migration');
const fs = require('node:fs');
const path = require('node:path');

const { CONTENTFUL_SPACE_ID, CONTENTFUL_ENVIRONMENT = 'master', CONTENTFUL_MANAGEMENT_TOKEN } = process.env;
if (!CONTENTFUL_MANAGEMENT_TOKEN) {
  throw new Error('Set CONTENTFUL_MANAGEMENT_TOKEN (a CFPAT-... personal access token)');
}

(async () => {
  const dir = path.join(__dirname, '..', 'migrations');
  for (const file of fs.readdirSync(dir).sort()) {
    console.log(`running ${file}`);
    await runMigration({
      filePath: path.join(dir, file),
      spaceId: CONTENTFUL_SPACE_ID,
      environmentId: CONTENTFUL_ENVIRONMENT,
      accessToken: CONTENTFUL_MANAGEMENT_TOKEN,
      yes: true,
    });
  }
})();
''')
add('w07/docs/ci-failure-2024-03-19.log', fill('''Run node scripts/run-migrations.js
  env:
    CONTENTFUL_SPACE_ID: @@space@@
    CONTENTFUL_ENVIRONMENT: staging
    CONTENTFUL_MANAGEMENT_TOKEN: ***
running 0007-add-seo-fields.js
The following migration has been planned

Environment: staging

Update Content Type landingPage
  Create field seoTitle
  Create field seoDescription

Error: Request failed with status 401 (AccessTokenInvalid)
  request: PUT /spaces/@@space@@/environments/staging/content_types/landingPage
  headers: { Authorization: 'Bearer CFPAT-********' }
Error: Process completed with exit code 1.
''', space=R(12, LC)))

# ---------------------------------------------------------------- w08 Node-RED settings via env + encrypted creds (like c30)
add('w08/node-red/settings.js', '''module.exports = {
    flowFile: 'flows.json',
    flowFilePretty: true,

    // key for flows_cred.json comes from the systemd unit (EnvironmentFile=/etc/node-red.env)
    credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,

    uiPort: process.env.PORT || 1880,

    adminAuth: require('./admin-auth.js'),

    httpNodeRoot: '/api',
    httpAdminRoot: '/admin',

    functionGlobalContext: {
        shopDomain: process.env.SHOPIFY_SHOP,
        shopifyToken: process.env.SHOPIFY_ADMIN_TOKEN,
        printer: "192.168.20.41"
    },

    logging: {
        console: { level: "info", metrics: false, audit: false }
    }
};
''')
add('w08/node-red/flows_cred.json', js({'$': H(32) + B64(220)}, 4))
add('w08/node-red/admin-auth.js', '''// users are provisioned by Ansible; hashes generated with `node-red admin hash-pw`
module.exports = {
    type: "credentials",
    users: [{
        username: process.env.NODE_RED_ADMIN_USER || "lager",
        password: process.env.NODE_RED_ADMIN_HASH,
        permissions: "*"
    }]
};
''')

# ---------------------------------------------------------------- w09 WooCommerce Stripe settings with publishable key only (like c43)
add('w09/support/woocommerce_stripe_settings.json', js({
    'enabled': 'yes', 'title': 'Kreditkarte', 'description': 'Sicher bezahlen mit Kreditkarte.',
    'api_credentials': '', 'testmode': 'no',
    'test_publishable_key': '', 'test_secret_key': '',
    'publishable_key': stripe('pk'),
    'secret_key': 'sk_live_' + '*' * 24 + ' (removed before attaching)',
    'webhook': '', 'test_webhook_secret': '', 'webhook_secret': '[removed]',
    'inline_cc_form': 'no', 'statement_descriptor': 'SPIELWAREN OTTO', 'capture': 'yes',
    'payment_request': 'yes', 'saved_cards': 'yes', 'logging': 'yes',
    'upe_checkout_experience_enabled': 'yes',
}, 4))
add('w09/support/ticket-4502.md', '''# Ticket 4502 - Apple Pay button missing

Settings dump attached with the secret key and webhook secret stripped; the publishable
key (`pk_live_...`) is the one rendered into the checkout page anyway, so it stays.

Checked: domain verification file is served at `/.well-known/apple-developer-merchantid-domain-association`.
''')

# ---------------------------------------------------------------- w10 Apps Script reading script properties (like c37)
add('w10/gas-shopify-report/src/Code.gs', '''/**
 * Daily order report: pulls yesterday's Shopify orders into the "Orders" sheet.
 * Credentials live in Project Settings > Script Properties:
 *   SHOPIFY_SHOP   e.g. my-store.myshopify.com
 *   SHOPIFY_TOKEN  Admin API access token (shpat_...)
 */
const API_VERSION = '2024-04';

function config_() {
  const props = PropertiesService.getScriptProperties();
  const shop = props.getProperty('SHOPIFY_SHOP');
  const token = props.getProperty('SHOPIFY_TOKEN');
  if (!shop || !token) {
    throw new Error('Set SHOPIFY_SHOP and SHOPIFY_TOKEN in the script properties first.');
  }
  return { shop, token };
}

function importYesterdaysOrders() {
  const { shop, token } = config_();
  const end = new Date();
  end.setHours(0, 0, 0, 0);
  const start = new Date(end.getTime() - 24 * 3600 * 1000);
  const url = `https://${shop}/admin/api/${API_VERSION}/orders.json?status=any&limit=250` +
    `&created_at_min=${start.toISOString()}&created_at_max=${end.toISOString()}`;
  const res = UrlFetchApp.fetch(url, { headers: { 'X-Shopify-Access-Token': token } });
  const orders = JSON.parse(res.getContentText()).orders;
  const rows = orders.map((o) => [o.name, o.created_at, o.email, Number(o.total_price), o.currency]);
  if (rows.length) {
    const sheet = SpreadsheetApp.getActive().getSheetByName('Orders');
    sheet.getRange(sheet.getLastRow() + 1, 1, rows.length, rows[0].length).setValues(rows);
  }
}
''')
add('w10/gas-shopify-report/.clasp.json', js({'scriptId': '1' + R(56, URLSAFE), 'rootDir': 'src'}))
add('w10/gas-shopify-report/src/appsscript.json', js({
    'timeZone': 'Europe/Berlin', 'dependencies': {}, 'exceptionLogging': 'STACKDRIVER', 'runtimeVersion': 'V8'}))

# ---------------------------------------------------------------- w11 Salesforce/HubSpot/Mailchimp via keyring + format docs (like c38/c40/c41)
add('w11/crm_sync/settings.py', '''"""Credentials for the CRM sync are never stored in the repo.

They are read from the OS keyring on the ops box (service "crm-sync"),
falling back to environment variables in CI.
"""
import os

import keyring

SERVICE = "crm-sync"


def secret(name: str) -> str:
    value = keyring.get_password(SERVICE, name) or os.environ.get(name.upper())
    if not value:
        raise RuntimeError(f"credential {name!r} missing: run `keyring set {SERVICE} {name}`")
    return value


SF_CONFIG = {
    "username": "integration.shop@holzbau-kramer.de",
    "password": secret("sf_password"),
    "security_token": secret("sf_security_token"),
    "consumer_key": secret("sf_consumer_key"),
    "consumer_secret": secret("sf_consumer_secret"),
    "domain": "login",
}

HUBSPOT_TOKEN = secret("hubspot_private_app_token")
MAILCHIMP_API_KEY = secret("mailchimp_api_key")
MAILCHIMP_SERVER = MAILCHIMP_API_KEY.rsplit("-", 1)[-1] if "-" in MAILCHIMP_API_KEY else "us14"
''')
add('w11/docs/credentials.md', '''# Credential formats (for onboarding)

| System | Where to create | What it looks like |
| --- | --- | --- |
| Salesforce connected app | Setup > App Manager > "Shop Sync" | consumer key starts with `3MVG9...`, consumer secret is 64 hex chars |
| Salesforce security token | personal settings > Reset My Security Token | 24-25 characters, e-mailed to the integration user |
| HubSpot private app | Settings > Integrations > Private Apps | `pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` |
| HubSpot CLI | `hs init` | personal access key, stored by the CLI in `~/.hscli/config.yml` (never commit it) |
| Mailchimp | Account > Extras > API keys | `<32 hex chars>-us14` (the suffix is the data center) |

Store each value with:

```
keyring set crm-sync sf_password
keyring set crm-sync hubspot_private_app_token
keyring set crm-sync mailchimp_api_key
```

`hubspot.config.yml` in the theme repo only names the portal; run `hs auth` locally
or use `hs init --use-env` with `HUBSPOT_PERSONAL_ACCESS_KEY` in CI.
''')
add('w11/hubspot-theme/hubspot.config.yml', fill('''defaultPortal: holzbau-prod
httpTimeout: 60000
allowUsageTracking: false
portals:
  - name: holzbau-prod
    portalId: @@pid@@
    env: prod
    authType: personalaccesskey
''', pid=D(8)))

# ---------------------------------------------------------------- w12 Adyen/PayPal client-side keys + server config from env (like c45)
add('w12/storefront/src/checkout/payment.js', fill('''import AdyenCheckout from '@adyen/adyen-web';
import '@adyen/adyen-web/dist/adyen.css';

// Client key: public, restricted to the allowed origins configured in the Customer Area.
// https://docs.adyen.com/development-resources/client-side-authentication
const ADYEN_CLIENT_KEY = 'live_@@clientkey@@';
// PayPal JS SDK client id - public by design, it is part of the script URL.
const PAYPAL_CLIENT_ID = '@@ppid@@';

export async function mountDropin(el, session) {
  const checkout = await AdyenCheckout({
    environment: 'live',
    clientKey: ADYEN_CLIENT_KEY,
    session,
    analytics: { enabled: false },
    onPaymentCompleted: (result) => {
      window.location.href = `/checkout/result?code=${encodeURIComponent(result.resultCode)}`;
    },
    onError: (err) => console.error(err.name, err.message),
  });
  return checkout.create('dropin').mount(el);
}

export function loadPayPal() {
  const s = document.createElement('script');
  s.src = `https://www.paypal.com/sdk/js?client-id=${PAYPAL_CLIENT_ID}&currency=EUR&intent=capture`;
  s.async = true;
  document.head.appendChild(s);
}
''', clientkey=R(32, UC), ppid=paypal_id()))
add('w12/checkout-service/src/main/resources/application-prod.yml', '''server:
  port: 8080

spring:
  datasource:
    url: jdbc:postgresql://checkout-db.prod.internal:5432/checkout
    username: checkout
    password: ${CHECKOUT_DB_PASSWORD}

adyen:
  environment: LIVE
  live-endpoint-url-prefix: ${ADYEN_LIVE_PREFIX}
  merchant-account: NordlichtMoebelECOM
  api-key: ${ADYEN_API_KEY}          # from Vault: secret/checkout/adyen
  hmac-key: ${ADYEN_HMAC_KEY}
  return-url: https://www.nordlicht-moebel.de/checkout/result

paypal:
  mode: live
  client-id: ${PAYPAL_CLIENT_ID}
  client-secret: ${PAYPAL_CLIENT_SECRET}
''')

write()
