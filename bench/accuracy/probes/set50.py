# Usage: python3 set50.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set50 (stop 31): IoT, home automation and embedded
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
BAN = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'change_me', 'password',
       'passwd', 'secret', 'demo', 'placeholder', 'redact', 'your', 'token', 'null', 'none', 'todo')
WORDS = ['Falcon', 'Maple', 'Orchid', 'Tundra', 'Copper', 'Harbor', 'Velvet', 'Comet', 'Lantern',
         'Bramble', 'Pebble', 'Juniper', 'Quartz', 'Saffron', 'Willow', 'Ember', 'Glacier', 'Puffin',
         'Thistle', 'Cobalt', 'Marlin', 'Nutmeg', 'Rocket', 'Sparrow', 'Heather', 'Otter', 'Basil']


def clean(v: str) -> bool:
    low = v.lower()
    return not any(b in low for b in BAN)


def R(n: int, al: str = A) -> str:
    """r() that redraws until the value holds no placeholder-like word."""
    while True:
        v = r(n, al)
        if clean(v):
            return v


def rb(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def b64(n: int) -> str:
    while True:
        v = base64.b64encode(rb(n)).decode()
        if clean(v):
            return v


def b64u(n: int) -> str:
    while True:
        v = base64.urlsafe_b64encode(rb(n)).decode().rstrip('=')
        if clean(v):
            return v


def fill(t: str, **kw) -> str:
    for k, v in kw.items():
        t = t.replace('@{' + k + '}', str(v))
    assert '@{' not in t, t[t.index('@{'):t.index('@{') + 40]
    return t


def uid() -> str:
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def lan(sub=None) -> str:
    sub = random.choice([0, 1, 2, 10, 178, 50]) if sub is None else sub
    return '192.168.%d.%d' % (sub, random.randint(2, 250))


def mac(sep=':') -> str:
    return sep.join(hx(2) for _ in range(6)).upper()


def digits(n: int) -> str:
    return str(random.randint(1, 9)) + r(n - 1, DIG)


def hpw(sym='!*.-_') -> str:
    """A human-made password: words, digits, a symbol."""
    while True:
        w = random.choice(WORDS)
        if random.random() < 0.5:
            w += random.choice(WORDS).lower()
        v = w + str(random.randint(7, 9999)) + random.choice(sym)
        if clean(v):
            return v


def spw(n=18, extra='') -> str:
    return R(n, A + extra)


def ssid(spaces=True) -> str:
    opts = ['Vodafone-' + R(6, UP + DIG), 'NETGEAR' + str(random.randint(10, 99)),
            'TP-Link_' + hx(4).upper(), 'BT-' + R(6, UP), random.choice(WORDS) + 'Net',
            'Telekom-' + digits(6), 'Livebox-' + hx(4).upper(), random.choice(WORDS) + '_IoT']
    if spaces:
        opts += ['FRITZ Box 7590 ' + R(2, UP), 'The ' + random.choice(WORDS) + 's']
    return random.choice(opts)


def wrap(s: str, w=64) -> str:
    return '\n'.join(s[i:i + w] for i in range(0, len(s), w))


def der_pem(label: str, head: str, total: int) -> str:
    while True:
        body = bytes.fromhex(head)
        s = base64.b64encode(body + rb(total - len(body))).decode()
        if clean(s):
            return '-----BEGIN %s-----\n%s\n-----END %s-----' % (label, wrap(s), label)


def rsa_pem() -> str:      # PKCS#1, RSA-2048
    return der_pem('RSA PRIVATE KEY', '308204a40201000282010100', 1192)


def pkcs8_pem() -> str:    # PKCS#8, RSA-2048
    return der_pem('PRIVATE KEY', '308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100', 1217)


def cert_pem() -> str:     # X.509 certificate (public)
    return der_pem('CERTIFICATE', '3082035930820241a00302010202' + '14' + hx(40) + '300d06092a864886f70d01010b0500', 861)


def ha_jwt() -> str:
    iat = random.randint(1672531200, 1717200000)
    head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip('=')
    body = json.dumps({'iss': hx(32), 'iat': iat, 'exp': iat + 315360000}, separators=(',', ':'))
    body = base64.urlsafe_b64encode(body.encode()).decode().rstrip('=')
    return head + '.' + body + '.' + b64u(32)


def tg_token() -> str:
    return str(random.randint(5, 7)) + r(9, DIG) + ':AA' + R(33, A + '-_')


def akia() -> str:
    return 'AKIA' + R(16, UP + '234567')


def aws_sk() -> str:
    return R(40, A + '/+')


def ed_pub(comment: str) -> str:
    blob = b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + rb(32)
    return 'ssh-ed25519 ' + base64.b64encode(blob).decode() + ' ' + comment


def gh_tok() -> str:
    while True:
        v = ck('ghp_')
        if clean(v[4:]):
            return v


def hub(name: str) -> str:
    return name + '.azure-devices.net'


# ---------------------------------------------------------------- positives

# c01: ESP8266 sketch with WiFi + MQTT credentials inline
add('c01/garden-weather/garden-weather.ino', fill(r'''/*
  Garden weather node - Wemos D1 mini + BME280 + rain gauge on D5
  Publishes to the home broker every 60 s, deep sleeps in between.
  Board: LOLIN(WEMOS) D1 R2 & mini, 80 MHz, 4MB (FS:1MB OTA:~1019KB)
*/
#include <ESP8266WiFi.h>
#include <PubSubClient.h>
#include <Wire.h>
#include <Adafruit_Sensor.h>
#include <Adafruit_BME280.h>

// ---- network ----
const char* ssid     = "@{ssid}";
const char* password = "''' r'''@{wifi}";

// ---- mqtt ----
const char* mqtt_server = "@{broker}";
const uint16_t mqtt_port = 1883;
const char* mqtt_user = "garden";
const char* mqtt_pass = "''' r'''@{mqtt}";
const char* topic_state = "garden/weather/state";
const char* topic_avail = "garden/weather/status";

#define RAIN_PIN D5
#define SLEEP_SECONDS 60

WiFiClient espClient;
PubSubClient client(espClient);
Adafruit_BME280 bme;
volatile uint16_t rainTicks = 0;

void IRAM_ATTR onRainTick() { rainTicks++; }

void setup_wifi() {
  delay(10);
  Serial.print("Connecting to ");
  Serial.println(ssid);
  WiFi.mode(WIFI_STA);
  WiFi.begin(ssid, password);
  uint8_t tries = 0;
  while (WiFi.status() != WL_CONNECTED && tries++ < 40) {
    delay(250);
    Serial.print(".");
  }
  Serial.println(WiFi.localIP());
}

void reconnect() {
  while (!client.connected()) {
    String clientId = "garden-" + String(ESP.getChipId(), HEX);
    if (client.connect(clientId.c_str(), mqtt_user, mqtt_pass, topic_avail, 1, true, "offline")) {
      client.publish(topic_avail, "online", true);
    } else {
      Serial.printf("mqtt failed rc=%d, retry in 5s\n", client.state());
      delay(5000);
    }
  }
}

void setup() {
  Serial.begin(115200);
  pinMode(RAIN_PIN, INPUT_PULLUP);
  attachInterrupt(digitalPinToInterrupt(RAIN_PIN), onRainTick, FALLING);
  if (!bme.begin(0x76)) Serial.println("BME280 not found");
  setup_wifi();
  client.setServer(mqtt_server, mqtt_port);
}

void loop() {
  if (!client.connected()) reconnect();
  client.loop();
  char payload[160];
  snprintf(payload, sizeof(payload),
           "{\"temperature\":%.2f,\"humidity\":%.1f,\"pressure\":%.1f,\"rain_ticks\":%u}",
           bme.readTemperature(), bme.readHumidity(), bme.readPressure() / 100.0F, rainTicks);
  client.publish(topic_state, payload, true);
  delay(200);
  ESP.deepSleep(SLEEP_SECONDS * 1000000ULL);
}
''', ssid=ssid(), wifi=hpw(), broker=lan(1), mqtt=spw(16)))

# c02: ESP32 + AWS IoT Core secrets.h (device private key embedded)
thing = 'greenhouse-esp32-' + digits(2)
add('c02/aws-iot-greenhouse/include/secrets.h', fill(r'''#include <pgmspace.h>

#define SECRET
#define THINGNAME "@{thing}"

const char WIFI_SSID[] = "@{ssid}";
const char WIFI_PASSWORD[] = "''' r'''@{wifi}";
const char AWS_IOT_ENDPOINT[] = "@{ep}-ats.iot.eu-west-1.amazonaws.com";

// Amazon Root CA 1
static const char AWS_CERT_CA[] PROGMEM = R"EOF(
@{ca}
)EOF";

// Device Certificate
static const char AWS_CERT_CRT[] PROGMEM = R"KEY(
@{crt}
)KEY";

// Device Private Key
static const char AWS_CERT_PRIVATE[] PROGMEM = R"KEY(
@{key}
)KEY";
''', thing=thing, ssid=ssid(), wifi=hpw(), ep=R(14, LO + DIG), ca=cert_pem(), crt=cert_pem(), key=rsa_pem()))
add('c02/aws-iot-greenhouse/src/main.cpp', fill(r'''#include <Arduino.h>
#include <WiFiClientSecure.h>
#include <MQTTClient.h>
#include <ArduinoJson.h>
#include "WiFi.h"
#include "secrets.h"

#define AWS_IOT_PUBLISH_TOPIC   "greenhouse/@{thing}/telemetry"
#define AWS_IOT_SUBSCRIBE_TOPIC "greenhouse/@{thing}/vent"

WiFiClientSecure net = WiFiClientSecure();
MQTTClient client = MQTTClient(512);

void messageHandler(String &topic, String &payload) {
  StaticJsonDocument<200> doc;
  deserializeJson(doc, payload);
  int vent = doc["vent"];
  ledcWrite(0, map(vent, 0, 100, 0, 255));
}

void connectAWS() {
  WiFi.mode(WIFI_STA);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  while (WiFi.status() != WL_CONNECTED) delay(500);

  net.setCACert(AWS_CERT_CA);
  net.setCertificate(AWS_CERT_CRT);
  net.setPrivateKey(AWS_CERT_PRIVATE);

  client.begin(AWS_IOT_ENDPOINT, 8883, net);
  client.onMessage(messageHandler);
  while (!client.connect(THINGNAME)) delay(100);
  client.subscribe(AWS_IOT_SUBSCRIBE_TOPIC);
}

void setup() {
  Serial.begin(115200);
  ledcSetup(0, 25000, 8);
  ledcAttachPin(18, 0);
  connectAWS();
}

void loop() {
  StaticJsonDocument<200> doc;
  doc["soil"] = analogRead(34);
  doc["lux"] = analogRead(35);
  char buf[200];
  serializeJson(doc, buf);
  client.publish(AWS_IOT_PUBLISH_TOPIC, buf);
  client.loop();
  delay(30000);
}
''', thing=thing))

# c03: PlatformIO ini with -D flags and espota auth
add('c03/esp32-climate/platformio.ini', fill(r'''; PlatformIO Project Configuration File
;
;   Build options: build flags, source filter
;   Upload options: custom upload port, speed and extra flags
;   Library options: dependencies, extra library storages
;
; Please visit documentation for the other options and examples
; https://docs.platformio.org/page/projectconf.html

[platformio]
default_envs = livingroom

[env]
platform = espressif32@6.5.0
board = esp32dev
framework = arduino
monitor_speed = 115200
board_build.partitions = min_spiffs.csv
lib_deps =
    knolleary/PubSubClient@^2.8
    bblanchon/ArduinoJson@^7.0.4
    adafruit/DHT sensor library@^1.4.6
    adafruit/Adafruit Unified Sensor@^1.1.14
build_flags =
    -D CORE_DEBUG_LEVEL=1
    -D WIFI_SSID=\"@{ssid}\"
    -D WIFI_PASS=\"''' r'''@{wifi}\"
    -D MQTT_HOST=\"@{broker}\"
    -D MQTT_USER=\"climate\"
    -D MQTT_PASS=\"''' r'''@{mqtt}\"

[env:livingroom]
build_flags = ${env.build_flags} -D NODE_NAME=\"livingroom\" -D DHT_PIN=4

[env:bedroom]
build_flags = ${env.build_flags} -D NODE_NAME=\"bedroom\" -D DHT_PIN=16

[env:livingroom_ota]
extends = env:livingroom
upload_protocol = espota
upload_port = @{ota_ip}
upload_flags =
    --auth=@{ota}
    --port=3232
''', ssid=ssid(False), wifi=spw(14), broker=lan(1), mqtt=hpw('!*-_'), ota_ip=lan(1), ota=spw(12)))

# c04: ESPHome node with everything inline
add('c04/esphome/hallway-motion.yaml', fill('''esphome:
  name: hallway-motion
  friendly_name: Hallway Motion
  min_version: 2024.6.0

esp32:
  board: esp32-c3-devkitm-1
  framework:
    type: esp-idf

# Enable logging
logger:
  level: INFO

# Enable Home Assistant API
api:
  encryption:
    key: "@{api}"

ota:
  - platform: esphome
    password: "''' '''@{ota}"

wifi:
  ssid: "@{ssid}"
  password: "''' '''@{wifi}"
  fast_connect: true
  manual_ip:
    static_ip: @{ip}
    gateway: 192.168.1.1
    subnet: 255.255.255.0

  # Enable fallback hotspot (captive portal) in case wifi connection fails
  ap:
    ssid: "Hallway-Motion Fallback Hotspot"
    password: "@{ap}"

captive_portal:

web_server:
  port: 80
  auth:
    username: admin
    password: @{web}

binary_sensor:
  - platform: gpio
    pin:
      number: GPIO4
      mode: INPUT_PULLDOWN
    name: "Motion"
    device_class: motion
    filters:
      - delayed_off: 30s

sensor:
  - platform: wifi_signal
    name: "WiFi Signal"
    update_interval: 60s
  - platform: adc
    pin: GPIO1
    name: "Ambient Light"
    attenuation: 12db
    update_interval: 10s
''', api=b64(32), ota=hx(32), ssid=ssid(), wifi=hpw(), ip=lan(1), ap=R(12), web=hpw('!-_')))

# c05: Home Assistant config repo with secrets.yaml committed
add('c05/homeassistant/configuration.yaml', '''# Loads default set of integrations. Do not remove.
default_config:

homeassistant:
  name: Home
  latitude: !secret home_latitude
  longitude: !secret home_longitude
  elevation: !secret home_elevation
  unit_system: metric
  time_zone: Europe/Amsterdam
  packages: !include_dir_named packages

http:
  use_x_forwarded_for: true
  trusted_proxies:
    - 172.30.33.0/24

influxdb:
  api_version: 2
  host: 192.168.1.20
  port: 8086
  ssl: false
  token: !secret influxdb_token
  organization: home
  bucket: homeassistant

telegram_bot:
  - platform: polling
    api_key: !secret telegram_bot_token
    allowed_chat_ids:
      - !secret telegram_chat_id

automation: !include automations.yaml
script: !include scripts.yaml
scene: !include scenes.yaml
''')
add('c05/homeassistant/secrets.yaml', fill('''# Use this file to store secrets like usernames and passwords.
# Learn more at https://www.home-assistant.io/docs/configuration/secrets/
home_latitude: 52.3@{lat}
home_longitude: 4.8@{lon}
home_elevation: 2

wifi_ssid: "@{ssid}"
wifi_password: "''' '''@{wifi}"

mqtt_user: homeassistant
mqtt_password: "''' '''@{mqtt}"

influxdb_token: "@{influx}"

telegram_bot_token: "@{tg}"
telegram_chat_id: @{chat}

openweathermap_api_key: @{owm}
nodered_access_token: "@{jwt}"

spotify_client_id: @{spid}
spotify_client_secret: @{spsec}
''', lat=r(5, DIG), lon=r(5, DIG), ssid=ssid(), wifi=hpw(), mqtt=spw(20), influx=b64u(64) + '==',
     tg=tg_token(), chat=digits(9), owm=hx(32), jwt=ha_jwt(), spid=hx(32), spsec=hx(32)))
add('c05/homeassistant/.gitignore', '''.storage
.cloud
home-assistant_v2.db*
home-assistant.log*
tts/
deps/
__pycache__
''')

# c06: Home Assistant package with credentials inline (no !secret)
add('c06/config/packages/notifications.yaml', fill('''# Notification plumbing for the alarm + washing machine automations
notify:
  - name: pushover_family
    platform: pushover
    api_key: @{po_app}
    user_key: @{po_user}

  - name: all_phones
    platform: group
    services:
      - service: mobile_app_pixel_7
      - service: mobile_app_iphone_anna

rest_command:
  office_pi_screen_off:
    url: "http://@{pi}:8123/api/services/switch/turn_off"
    method: POST
    headers:
      Authorization: "Bearer @{jwt}"
      Content-Type: application/json
    payload: '{"entity_id": "switch.office_display"}'

  gotify_alert:
    url: "http://@{gotify}/message?token=@{gotify_tok}"
    method: POST
    content_type: "application/json"
    payload: '{"title": "{{ title }}", "message": "{{ message }}", "priority": 8}'

input_boolean:
  alarm_notifications:
    name: Alarm notifications
    icon: mdi:bell-ring
''', po_app='a' + R(29, LO + DIG), po_user='u' + R(29, LO + DIG), pi=lan(1), jwt=ha_jwt(),
     gotify=lan(1) + ':8070', gotify_tok='A' + R(14, A + '-_.')))

# c07: Node-RED flows_cred.json stored unencrypted
nid = [hx(16) for _ in range(4)]
flows = [
    {'id': nid[0], 'type': 'mqtt-broker', 'name': 'mosquitto', 'broker': lan(1), 'port': '1883',
     'clientid': 'nodered', 'autoConnect': True, 'usetls': False, 'protocolVersion': '4', 'keepalive': '60',
     'cleansession': True},
    {'id': nid[1], 'type': 'server', 'name': 'Home Assistant', 'addon': False, 'rejectUnauthorizedCerts': True,
     'ha_boolean': 'y|yes|true|on|home|open', 'connectionDelay': True, 'cacheJson': True},
    {'id': nid[2], 'type': 'telegram bot', 'botname': 'HouseBot', 'usernames': '', 'chatids': digits(9),
     'updatemode': 'polling', 'pollinterval': '300'},
    {'id': nid[3], 'type': 'influxdb', 'hostname': '127.0.0.1', 'port': '8086', 'protocol': 'http',
     'database': 'home', 'name': 'influx v1', 'influxdbVersion': '1.x'},
]
add('c07/node-red/flows.json', json.dumps(flows, indent=4))
add('c07/node-red/flows_cred.json', json.dumps({
    nid[0]: {'user': 'nodered', 'password': spw(16)},
    nid[1]: {'host': 'http://' + lan(1) + ':8123', 'access_token': ha_jwt()},
    nid[2]: {'token': tg_token()},
    nid[3]: {'username': 'nodered', 'password': hpw()},
}, indent=4))
add('c07/node-red/settings.js', '''module.exports = {
    flowFile: 'flows.json',
    flowFilePretty: true,
    // credentials are committed so the Pi can be rebuilt from git
    credentialSecret: false,
    uiPort: process.env.PORT || 1880,
    diagnostics: { enabled: true, ui: true },
    runtimeState: { enabled: false, ui: false },
    logging: { console: { level: "info", metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false } },
    functionGlobalContext: {},
    functionExternalModules: true,
    debugMaxLength: 1000,
}
''')

# c08: Node-RED settings.js with the credentialSecret literal + encrypted flows_cred.json
add('c08/nodered-data/settings.js', fill('''/**
 * Node-RED settings for the garage Pi (Node-RED 3.1)
 */
module.exports = {
    flowFile: 'flows_garage.json',
    flowFilePretty: true,

    // key used to encrypt flows_garage_cred.json - do not lose it or every
    // broker/API password has to be re-entered
    credentialSecret: "@{cs}",

    uiPort: process.env.PORT || 1880,
    adminAuth: {
        type: "credentials",
        users: [{
            username: "admin",
            password: "$2b$08$@{bcrypt}",
            permissions: "*"
        }]
    },
    httpNodeRoot: '/api',
    logging: { console: { level: "info", metrics: false, audit: false } },
    contextStorage: { default: { module: "localfilesystem" } },
    exportGlobalContextKeys: false,
    editorTheme: { projects: { enabled: false }, codeEditor: { lib: "monaco" } },
}
''', cs=spw(24, '-_'), bcrypt=R(53, A + './')))
add('c08/nodered-data/flows_garage_cred.json', json.dumps({'$': hx(32) + b64(240)}, indent=4))

# c09: Tasmota compile-time override + provisioning via HTTP backlog
add('c09/tasmota/user_config_override.h', fill('''/*
  user_config_override.h - user specific configuration for Tasmota
  Build with: platformio run -e tasmota32c3
*/
#ifndef _USER_CONFIG_OVERRIDE_H_
#define _USER_CONFIG_OVERRIDE_H_

#undef  PROJECT
#define PROJECT                "shelly-garage"

#undef  STA_SSID1
#define STA_SSID1              "@{ssid}"
#undef  STA_PASS1
#define STA_PASS1              "@{wifi}"
#undef  WIFI_CONFIG_TOOL
#define WIFI_CONFIG_TOOL       WIFI_RETRY

#undef  MQTT_HOST
#define MQTT_HOST              "@{broker}"
#undef  MQTT_PORT
#define MQTT_PORT              1883
#undef  MQTT_USER
#define MQTT_USER              "tasmota"
#undef  MQTT_PASS
#define MQTT_PASS              "@{mqtt}"
#undef  MQTT_FULLTOPIC
#define MQTT_FULLTOPIC         "%prefix%/%topic%/"

#undef  WEB_PASSWORD
#define WEB_PASSWORD           "@{web}"

#undef  APP_TIMEZONE
#define APP_TIMEZONE           99
#define USE_EXPRESSION
#define SUPPORT_IF_STATEMENT

#endif  // _USER_CONFIG_OVERRIDE_H_
''', ssid=ssid(), wifi=hpw(), broker=lan(1), mqtt=spw(16), web=hpw()))
tas_pw = spw(15)
add('c09/tasmota/provision.sh', fill('''#!/usr/bin/env bash
# Push the same MQTT settings to every plug that came back from a factory reset.
# usage: ./provision.sh 192.168.1.41 192.168.1.42 ...
set -euo pipefail
for ip in "$@"; do
  name="plug-${ip##*.}"
  curl -s "http://${ip}/cm?cmnd=Backlog%20MqttHost%20@{broker}%3B%20MqttUser%20tasmota%3B%20MqttPassword%20@{pw}%3B%20Topic%20${name}%3B%20FriendlyName1%20${name}%3B%20SetOption19%200"
  echo " -> ${ip} done"
  sleep 2
done
''', broker=lan(1), pw=tas_pw))

# c10: Zigbee2MQTT configuration with mqtt password and network key
ntk = ', '.join(str(random.randint(0, 255)) for _ in range(16))
add('c10/zigbee2mqtt/data/configuration.yaml', fill('''version: 4
homeassistant:
  enabled: true
  discovery_topic: homeassistant
frontend:
  enabled: true
  port: 8080
  auth_token: @{fe}
mqtt:
  base_topic: zigbee2mqtt
  server: mqtt://@{broker}:1883
  user: z2m
  password: @{mqtt}
  client_id: zigbee2mqtt
serial:
  port: /dev/serial/by-id/usb-Itead_Sonoff_Zigbee_3.0_USB_Dongle_Plus_V2_@{dongle}-if00-port0
  adapter: ember
  baudrate: 115200
  rtscts: false
advanced:
  log_level: info
  channel: 25
  pan_id: @{pan}
  ext_pan_id: [@{ext}]
  network_key: [@{ntk}]
  last_seen: ISO_8601
availability:
  enabled: true
devices:
  '0x00158d000@{d1}':
    friendly_name: hallway/motion
  '0xa4c13800@{d2}':
    friendly_name: kitchen/plug_kettle
  '0x0017880104@{d3}':
    friendly_name: livingroom/hue_bulb_1
groups: {}
''', fe=R(32), broker=lan(1), mqtt=spw(20), dongle=hx(32), pan=random.randint(4000, 60000),
     ext=', '.join(str(random.randint(0, 255)) for _ in range(8)), ntk=ntk, d1=hx(7), d2=hx(8), d3=hx(6)))

# c11: Mosquitto bridge to a cloud broker
add('c11/mosquitto/mosquitto.conf', '''# /etc/mosquitto/mosquitto.conf
pid_file /run/mosquitto/mosquitto.pid
persistence true
persistence_location /var/lib/mosquitto/
log_dest file /var/log/mosquitto/mosquitto.log
log_type error
log_type warning
log_type notice

per_listener_settings false
allow_anonymous false
password_file /etc/mosquitto/passwd
acl_file /etc/mosquitto/acl

listener 1883 0.0.0.0
listener 9001
protocol websockets

include_dir /etc/mosquitto/conf.d
''')
add('c11/mosquitto/conf.d/bridge-hivemq.conf', fill('''# Bridge the local broker to HiveMQ Cloud so the holiday cottage
# dashboard can read our sensors (and send a few commands back).
connection hivemq-cloud
address @{cluster}.s1.eu.hivemq.cloud:8883
bridge_protocol_version mqttv311
bridge_cafile /etc/ssl/certs/ca-certificates.crt
bridge_insecure false
remote_clientid home-bridge-@{n}
remote_username home-bridge
remote_password @{pw}
cleansession true
try_private false
notifications true
notification_topic bridge/home/state
restart_timeout 10 120

topic sensors/# out 1 home/ cottage/home/
topic cmd/heating/# in 1 home/ cottage/home/
''', cluster=hx(32), n=digits(2), pw=spw(22, '!*')))
add('c11/mosquitto/acl', '''# user-specific topic access
user homeassistant
topic readwrite #

user tasmota
topic readwrite tele/#
topic readwrite stat/#
topic read cmnd/#

user z2m
topic readwrite zigbee2mqtt/#
topic write homeassistant/#

pattern readwrite devices/%u/#
''')

# c12: wpa_supplicant.conf with home + eduroam networks
add('c12/pi-boot/wpa_supplicant.conf', fill('''ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=GB

# home network
network={
    ssid="@{ssid}"
    psk="@{psk}"
    key_mgmt=WPA-PSK
    priority=10
    id_str="home"
}

# phone hotspot as a fallback
network={
    ssid="Pixel_@{n}"
    psk="@{hot}"
    key_mgmt=WPA-PSK
    priority=5
}

# lab / uni
network={
    ssid="eduroam"
    scan_ssid=1
    key_mgmt=WPA-EAP
    eap=PEAP
    identity="@{uid}@ed.ac.uk"
    anonymous_identity="anonymous@ed.ac.uk"
    password="''' '''@{edu}"
    phase1="peaplabel=0"
    phase2="auth=MSCHAPV2"
    priority=1
}
''', ssid=ssid(), psk=hpw(), n=digits(4), hot=R(10, LO + DIG), uid='s' + digits(7), edu=hpw('!#*.')))

# c13: Raspberry Pi Imager firstrun.sh (hex PSK derived from the Wi-Fi passphrase)
s13 = ssid(False)
add('c13/octopi-image/firstrun.sh', fill('''#!/bin/bash

set +e

CURRENT_HOSTNAME=`cat /etc/hostname | tr -d " \\t\\n\\r"`
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom set_hostname octopi
else
   echo octopi >/etc/hostname
   sed -i "s/127.0.1.1.*$CURRENT_HOSTNAME/127.0.1.1\\toctopi/g" /etc/hosts
fi
FIRSTUSER=`getent passwd 1000 | cut -d: -f1`
FIRSTUSERHOME=`getent passwd 1000 | cut -d: -f6`
if [ -f /usr/lib/userconf-pi/userconf ]; then
   /usr/lib/userconf-pi/userconf 'pi' '$5$@{salt}$@{hash}'
else
   echo "$FIRSTUSER:"'$5$@{salt}$@{hash}' | chpasswd -e
fi
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom set_wlan '@{ssid}' '@{psk}' 'DE'
else
cat >/etc/wpa_supplicant/wpa_supplicant.conf <<'WPAEOF'
country=DE
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
ap_scan=1

update_config=1
network={
	ssid="@{ssid}"
	psk=@{psk}
}

WPAEOF
   chmod 600 /etc/wpa_supplicant/wpa_supplicant.conf
   rfkill unblock wifi
   for filename in /var/lib/systemd/rfkill/*:wlan ; do
       echo 0 > $filename
   done
fi
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom set_keymap 'de'
   /usr/lib/raspberrypi-sys-mods/imager_custom set_timezone 'Europe/Berlin'
fi
rm -f /boot/firstrun.sh
sed -i 's| systemd.run.*||g' /boot/cmdline.txt
exit 0
''', salt=R(10, A + './'), hash=R(43, A + './'), ssid=s13, psk=hx(64)))

# c14: hostapd for a Pi access point + RADIUS shared secret
add('c14/pi-ap/etc/hostapd/hostapd.conf', fill('''# Pi 4 as access point for the camera VLAN
interface=wlan0
bridge=br0
driver=nl80211
country_code=NL
ssid=CamNet-@{n}
hw_mode=a
channel=36
ieee80211n=1
ieee80211ac=1
wmm_enabled=1
macaddr_acl=0
auth_algs=1
ignore_broadcast_ssid=1

wpa=2
wpa_key_mgmt=WPA-PSK
wpa_pairwise=CCMP
rsn_pairwise=CCMP
wpa_passphrase=@{pp}

# second BSS for the guest tablet, authenticated against the NAS radius
bss=wlan0_1
ssid=CamNet-Admin
wpa=2
wpa_key_mgmt=WPA-EAP
ieee8021x=1
auth_server_addr=@{nas}
auth_server_port=1812
auth_server_shared_secret=@{rad}
''', n=R(3, UP + DIG), pp=hpw('!*-'), nas=lan(10), rad=spw(24)))
add('c14/pi-ap/etc/dnsmasq.conf', '''interface=wlan0
dhcp-range=10.20.0.50,10.20.0.150,255.255.255.0,24h
domain=cam.lan
address=/nvr.cam.lan/10.20.0.2
''')

# c15: Raspberry Pi provisioning script with Tailscale auth key
add('c15/provision/setup-sensor-pi.sh', fill('''#!/usr/bin/env bash
# Provision a fresh Raspberry Pi OS Lite install as a sensor hub.
# Run as root right after first boot:  curl -fsSL http://@{nas}/pi/setup.sh | sudo bash
set -euo pipefail

HOSTNAME_NEW="sensorhub-$(cat /proc/cpuinfo | awk '/Serial/ {print substr($3,9)}')"
MQTT_USER="sensorhub"
MQTT_PASS="''' '''@{mqtt}"

echo "==> hostname ${HOSTNAME_NEW}"
raspi-config nonint do_hostname "${HOSTNAME_NEW}"
raspi-config nonint do_i2c 0
raspi-config nonint do_ssh 0
raspi-config nonint do_wifi_country GB

apt-get update
apt-get install -y mosquitto-clients python3-venv python3-smbus i2c-tools chrony

echo "==> tailscale"
curl -fsSL https://tailscale.com/install.sh | sh
tailscale up --authkey=tskey-auth-k@{tsid}CNTRL-@{tssec} --hostname="${HOSTNAME_NEW}" --ssh --advertise-tags=tag:sensor

echo "==> mqtt credentials"
install -d -m 700 /etc/sensorhub
cat >/etc/sensorhub/env <<EOF
MQTT_HOST=@{broker}
MQTT_USER=${MQTT_USER}
MQTT_PASS=${MQTT_PASS}
EOF
chmod 600 /etc/sensorhub/env

python3 -m venv /opt/sensorhub
/opt/sensorhub/bin/pip install paho-mqtt==1.6.1 bme680 smbus2
systemctl enable --now sensorhub.service || true
echo "done"
''', nas=lan(1), mqtt=spw(18), tsid=R(9), tssec=R(33), broker=lan(1)))

# c16: balenaOS config.json with the fleet provisioning key
add('c16/balena/config.json', json.dumps({
    'applicationName': 'home-sensors',
    'applicationId': random.randint(1000000, 2200000),
    'deviceType': 'raspberrypi4-64',
    'userId': random.randint(100000, 400000),
    'appUpdatePollInterval': 900000,
    'listenPort': 48484,
    'vpnPort': 443,
    'apiEndpoint': 'https://api.balena-cloud.com',
    'vpnEndpoint': 'cloudlink.balena-cloud.com',
    'registryEndpoint': 'registry2.balena-cloud.com',
    'deltaEndpoint': 'https://delta.balena-cloud.com',
    'apiKey': R(32),
    'version': '5.2.8+rev1',
    'installer': {'secureboot': False},
    'developmentMode': False,
    'os': {'sshKeys': [ed_pub('jan@thinkpad')], 'network': {'wifi': {'ssid': ssid(), 'psk': hpw()}}},
}, indent=2))
add('c16/balena/README.md', '''# home-sensors fleet

`config.json` is the file downloaded from the balenaCloud dashboard ("Add device" ->
"Download configuration file only"). Copy it to the boot partition of a flashed
balenaOS image and the Pi joins the fleet on first boot.

    balena os configure balena.img --config config.json
''')

# c17: AWS boto3 keys in a Pi uploader
add('c17/pi-doorcam/upload_snapshots.py', fill('''#!/usr/bin/env python3
"""Push doorbell snapshots to S3 and publish an event to AWS IoT."""
import json
import time
from pathlib import Path

import boto3

REGION = "eu-central-1"
BUCKET = "doorcam-snapshots-@{n}"
IOT_TOPIC = "home/doorbell/events"
WATCH_DIR = Path("/var/lib/doorcam/snapshots")

session = boto3.Session(
    aws_access_key_id="@{ak}",
    aws_secret_access_key="@{sk}",
    region_name=REGION,
)
s3 = session.client("s3")
iot = session.client("iot-data", endpoint_url="https://@{ep}-ats.iot.eu-central-1.amazonaws.com")


def upload(path: Path) -> None:
    key = f"{time.strftime('%Y/%m/%d')}/{path.name}"
    s3.upload_file(str(path), BUCKET, key, ExtraArgs={"ContentType": "image/jpeg"})
    iot.publish(topic=IOT_TOPIC, qos=1, payload=json.dumps({"event": "ring", "s3_key": key}))
    path.unlink()


if __name__ == "__main__":
    while True:
        for p in sorted(WATCH_DIR.glob("*.jpg")):
            upload(p)
        time.sleep(2)
''', n=digits(6), ak=akia(), sk=aws_sk(), ep=R(14, LO + DIG)))

# c18: Azure IoT Hub device connection string in C firmware
hub18 = hub('home-telemetry-' + R(4, LO + DIG))
add('c18/boiler-monitor/src/iothub_client.c', fill('''// Boiler monitor - sends flow/return temperatures to Azure IoT Hub over MQTT.
#include <stdio.h>
#include <stdlib.h>
#include "iothub.h"
#include "iothub_device_client_ll.h"
#include "iothub_client_options.h"
#include "iothub_message.h"
#include "iothubtransportmqtt.h"
#include "azure_c_shared_utility/threadapi.h"
#include "azure_c_shared_utility/shared_util_options.h"
#include "sensors.h"

/* Paste in your device connection string */
static const char* connectionString = "HostName=@{hub};DeviceId=boiler-monitor;SharedAccessKey=@{key}";

#define MESSAGE_COUNT_FOREVER 0
#define SEND_INTERVAL_MS 15000

static void send_confirm_callback(IOTHUB_CLIENT_CONFIRMATION_RESULT result, void* ctx)
{
    (void)ctx;
    printf("confirm: %s\\r\\n", MU_ENUM_TO_STRING(IOTHUB_CLIENT_CONFIRMATION_RESULT, result));
}

int main(void)
{
    IOTHUB_DEVICE_CLIENT_LL_HANDLE h;
    char payload[128];

    IoTHub_Init();
    h = IoTHubDeviceClient_LL_CreateFromConnectionString(connectionString, MQTT_Protocol);
    if (h == NULL) {
        printf("failed to create client\\r\\n");
        return 1;
    }
    bool urlEncodeOn = true;
    IoTHubDeviceClient_LL_SetOption(h, OPTION_AUTO_URL_ENCODE_DECODE, &urlEncodeOn);

    for (;;) {
        snprintf(payload, sizeof(payload), "{\\"flow\\":%.1f,\\"return\\":%.1f,\\"pressure\\":%.2f}",
                 sensors_flow_c(), sensors_return_c(), sensors_bar());
        IOTHUB_MESSAGE_HANDLE m = IoTHubMessage_CreateFromString(payload);
        IoTHubMessage_SetContentTypeSystemProperty(m, "application%2fjson");
        IoTHubDeviceClient_LL_SendEventAsync(h, m, send_confirm_callback, NULL);
        IoTHubMessage_Destroy(m);
        for (int i = 0; i < SEND_INTERVAL_MS / 100; i++) {
            IoTHubDeviceClient_LL_DoWork(h);
            ThreadAPI_Sleep(100);
        }
    }
}
''', hub=hub18, key=b64(32)))

# c19: IoT Edge config.toml + backend script with the iothubowner policy key
hub19 = hub('casa-' + R(5, LO + DIG))
add('c19/edge-gateway/etc/aziot/config.toml', fill('''# ==============================================================================
# Azure IoT Edge configuration - garage gateway (Raspberry Pi 4, 8 GB)
# ==============================================================================
hostname = "edge-garage"

[provisioning]
source = "manual"
connection_string = "HostName=@{hub};DeviceId=edge-garage;SharedAccessKey=@{key}"

[agent]
name = "edgeAgent"
type = "docker"
imagePullPolicy = "on-create"

[agent.config]
image = "mcr.microsoft.com/azureiotedge-agent:1.4"

[agent.env]
"UpstreamProtocol" = "AmqpWs"

[connect]
workload_uri = "unix:///var/run/iotedge/workload.sock"
management_uri = "unix:///var/run/iotedge/mgmt.sock"

[listen]
workload_uri = "fd://aziot-edged.workload.socket"
management_uri = "fd://aziot-edged.mgmt.socket"
''', hub=hub19, key=b64(32)))
add('c19/backend/send-c2d.js', fill(''''use strict';
// Send a cloud-to-device command to the garage gateway (used by the phone shortcut)
const Client = require('azure-iothub').Client;
const Message = require('azure-iot-common').Message;

const connectionString = 'HostName=@{hub};SharedAccessKeyName=iothubowner;SharedAccessKey=@{key}';
const targetDevice = 'edge-garage';

const client = Client.fromConnectionString(connectionString);

async function main(cmd) {
  await client.open();
  const message = new Message(JSON.stringify({ command: cmd, ts: Date.now() }));
  message.ack = 'full';
  message.messageId = String(Date.now());
  await client.send(targetDevice, message);
  console.log('sent', cmd);
  await client.close();
}

main(process.argv[2] || 'door_toggle').catch((err) => {
  console.error(err.message);
  process.exit(1);
});
''', hub=hub19, key=b64(32)))

# c20: Azure DPS enrollment-group symmetric key in ESP32 config header
add('c20/esp32-azure-dps/src/iot_configs.h', fill('''// Copyright (c) Microsoft Corporation. All rights reserved.
// SPDX-License-Identifier: MIT
// Edited for the radiator valve project.

// Wifi
#define IOT_CONFIG_WIFI_SSID "@{ssid}"
#define IOT_CONFIG_WIFI_PASSWORD "@{wifi}"

// Azure IoT Central / DPS
#define DPS_ID_SCOPE "0ne00@{scope}"
#define IOT_CONFIG_DEVICE_ID_PREFIX "trv-"

// Enrollment group primary key - each device derives its own key from this
// with HMAC-SHA256(registration id) at first boot.
#define IOT_CONFIG_GROUP_SYMMETRIC_KEY "@{gk}"

// Publish 1 message every 2 minutes
#define TELEMETRY_FREQUENCY_IN_SECONDS 120

// Time zone offset (central Europe)
#define IOT_CONFIG_TIME_ZONE 1
#define IOT_CONFIG_DAYLIGHT_SAVINGS true
#define IOT_CONFIG_TIME_ZONE_DAYLIGHT_SAVINGS_DIFF 1
''', ssid=ssid(), wifi=hpw(), scope=R(6, '0123456789ABCDEF'), gk=b64(64)))

# c21: Particle access token in a polling script
pdev = [hx(24) for _ in range(3)]
add('c21/particle-fleet/poll_tanks.py', fill('''#!/usr/bin/env python3
"""Read the water tank levels from the three Particle Borons and push them to the dashboard."""
import requests

PARTICLE_API = "https://api.particle.io/v1"
ACCESS_TOKEN = "@{tok}"

DEVICES = {
    "tank-north": "@{d0}",
    "tank-south": "@{d1}",
    "pump-house": "@{d2}",
}


def read_var(device_id: str, name: str) -> float:
    resp = requests.get(
        f"{PARTICLE_API}/devices/{device_id}/{name}",
        headers={"Authorization": f"Bearer {ACCESS_TOKEN}"},
        timeout=20,
    )
    resp.raise_for_status()
    return float(resp.json()["result"])


def call(device_id: str, fn: str, arg: str = "") -> int:
    resp = requests.post(
        f"{PARTICLE_API}/devices/{device_id}/{fn}",
        data={"arg": arg, "access_token": ACCESS_TOKEN},
        timeout=20,
    )
    return resp.json().get("return_value", -1)


if __name__ == "__main__":
    for name, dev in DEVICES.items():
        try:
            print(name, read_var(dev, "levelPct"))
        except requests.HTTPError as e:
            print(name, "offline", e)
''', tok=hx(40), d0=pdev[0], d1=pdev[1], d2=pdev[2]))

# c22: Blynk sketch
add('c22/plant-waterer/plant-waterer.ino', fill('''/*************************************************************
  Plant waterer - ESP32 + capacitive soil sensor + 5V pump relay
  Blynk IoT (blynk.cloud)
 *************************************************************/

#define BLYNK_TEMPLATE_ID "TMPL@{tmpl}"
#define BLYNK_TEMPLATE_NAME "Plant Waterer"
#define BLYNK_AUTH_TOKEN "@{tok}"

#define BLYNK_PRINT Serial

#include <WiFi.h>
#include <WiFiClient.h>
#include <BlynkSimpleEsp32.h>

char ssid[] = "@{ssid}";
char pass[] = "''' '''@{wifi}";

#define SOIL_PIN 34
#define PUMP_PIN 26

BlynkTimer timer;
int threshold = 40;

BLYNK_WRITE(V1) { threshold = param.asInt(); }
BLYNK_WRITE(V2) { digitalWrite(PUMP_PIN, param.asInt()); }

void sendSoil() {
  int raw = analogRead(SOIL_PIN);
  int pct = map(raw, 3300, 1400, 0, 100);
  Blynk.virtualWrite(V0, constrain(pct, 0, 100));
  if (pct < threshold) {
    digitalWrite(PUMP_PIN, HIGH);
    delay(3000);
    digitalWrite(PUMP_PIN, LOW);
    Blynk.logEvent("watered", String("soil was ") + pct + "%");
  }
}

void setup() {
  Serial.begin(115200);
  pinMode(PUMP_PIN, OUTPUT);
  Blynk.begin(BLYNK_AUTH_TOKEN, ssid, pass);
  timer.setInterval(600000L, sendSoil);
}

void loop() {
  Blynk.run();
  timer.run();
}
''', tmpl=R(8), tok=R(32, A + '-_'), ssid=ssid(), wifi=hpw()))

# c23: Grafana provisioning with InfluxDB token + dashboard backup script with SA token
add('c23/monitoring/grafana/provisioning/datasources/influxdb.yaml', fill('''apiVersion: 1

datasources:
  - name: InfluxDB (home)
    type: influxdb
    uid: influx-home
    access: proxy
    url: http://influxdb:8086
    isDefault: true
    jsonData:
      version: Flux
      organization: home
      defaultBucket: homeassistant
      tlsSkipVerify: true
    secureJsonData:
      token: @{tok}
''', tok=b64u(64) + '=='))
add('c23/monitoring/grafana/grafana.ini', fill('''[server]
http_port = 3000
root_url = http://grafana.home.lan/

[security]
admin_user = admin
admin_password = @{admin}
secret_key = @{sk}
allow_embedding = true

[auth.anonymous]
enabled = true
org_name = Home
org_role = Viewer

[panels]
disable_sanitize_html = false
''', admin=hpw(), sk=R(20)))
add('c23/monitoring/scripts/backup-dashboards.sh', fill('''#!/bin/sh
# nightly cron on the NAS: export every Grafana dashboard to git
GRAFANA_URL="http://@{ip}:3000"
GRAFANA_TOKEN="glsa_@{sa}_@{crc}"
OUT=/volume1/backup/grafana/$(date +%F)
mkdir -p "$OUT"
for uid in $(curl -s -H "Authorization: Bearer $GRAFANA_TOKEN" "$GRAFANA_URL/api/search?type=dash-db" | jq -r '.[].uid'); do
  curl -s -H "Authorization: Bearer $GRAFANA_TOKEN" "$GRAFANA_URL/api/dashboards/uid/$uid" \\
    | jq '.dashboard' > "$OUT/$uid.json"
done
''', ip=lan(1), sa=R(32), crc=hx(8)))

# c24: Telegraf config with InfluxDB v2 token + MQTT consumer password
add('c24/telegraf/telegraf.conf', fill('''# Telegraf on the Pi 5 - collects MQTT sensor data and system stats
[global_tags]
  site = "home"

[agent]
  interval = "10s"
  round_interval = true
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  flush_interval = "10s"
  hostname = "pi5-hub"
  omit_hostname = false

[[outputs.influxdb_v2]]
  urls = ["http://@{influx_ip}:8086"]
  token = "@{tok}"
  organization = "home"
  bucket = "sensors"

[[inputs.mqtt_consumer]]
  servers = ["tcp://@{broker}:1883"]
  topics = [
    "tele/+/SENSOR",
    "zigbee2mqtt/+",
    "garden/weather/state",
  ]
  qos = 0
  client_id = "telegraf-pi5"
  username = "telegraf"
  password = "''' '''@{mqtt}"
  data_format = "json"
  json_string_fields = ["Time"]

[[inputs.cpu]]
  percpu = false
  totalcpu = true
[[inputs.mem]]
[[inputs.disk]]
  ignore_fs = ["tmpfs", "devtmpfs", "overlay"]
[[inputs.temp]]
''', influx_ip=lan(1), tok=b64u(64) + '==', broker=lan(1), mqtt=spw(16)))

# c25: Home Assistant cameras + ffmpeg recorder with RTSP credentials
cam_pw = hpw('!*')
add('c25/homeassistant/cameras.yaml', fill('''# included from configuration.yaml as  camera: !include cameras.yaml
- platform: ffmpeg
  name: Driveway
  input: -rtsp_transport tcp -i rtsp://admin:@{pw}@@{ip1}:554/Streaming/Channels/101
  extra_arguments: -q:v 4

- platform: ffmpeg
  name: Back Garden
  input: -rtsp_transport tcp -i rtsp://admin:@{pw}@@{ip2}:554/Streaming/Channels/101
''', pw=cam_pw, ip1=lan(20), ip2=lan(20)))
add('c25/scripts/record-doorbell.sh', fill('''#!/bin/bash
# 24/7 segmenting recorder for the Reolink doorbell, run by systemd
OUT=/mnt/nvr/doorbell
mkdir -p "$OUT"
exec ffmpeg -hide_banner -loglevel warning -rtsp_transport tcp \\
  -i "rtsp://admin:@{pw}@@{ip}:554/h264Preview_01_main" \\
  -c copy -f segment -segment_time 600 -reset_timestamps 1 -strftime 1 \\
  "$OUT/%Y-%m-%d_%H-%M-%S.mp4"
''', pw=R(12, A), ip=lan(20)))

# c26: Frigate with inline stream credentials
fr_user, fr_pw = 'fri' + 'gate', R(14)
add('c26/frigate/config.yml', fill('''mqtt:
  enabled: true
  host: @{broker}
  user: frigate
  password: @{mqtt}

go2rtc:
  streams:
    front_door:
      - rtsp://@{u}:@{p}@@{c1}:554/cam/realmonitor?channel=1&subtype=0
    front_door_sub:
      - rtsp://@{u}:@{p}@@{c1}:554/cam/realmonitor?channel=1&subtype=1
    garage:
      - rtsp://admin:@{p2}@@{c2}:554/stream1

detectors:
  coral:
    type: edgetpu
    device: usb

record:
  enabled: true
  retain:
    days: 7
    mode: motion

cameras:
  front_door:
    ffmpeg:
      inputs:
        - path: rtsp://127.0.0.1:8554/front_door
          input_args: preset-rtsp-restream
          roles: [record]
        - path: rtsp://127.0.0.1:8554/front_door_sub
          input_args: preset-rtsp-restream
          roles: [detect]
    detect:
      width: 640
      height: 480
  garage:
    ffmpeg:
      inputs:
        - path: rtsp://127.0.0.1:8554/garage
          roles: [detect, record]
''', broker=lan(1), mqtt=spw(16), u=fr_user, p=fr_pw, c1=lan(30), p2=hpw('!*'), c2=lan(30)))

# c27: OpenWrt sysupgrade backup (wireless, network w/ wireguard, ddns)
add('c27/router-backup/etc/config/wireless', fill('''
config wifi-device 'radio0'
	option type 'mac80211'
	option path 'platform/soc/18000000.wifi'
	option channel '1'
	option band '2g'
	option htmode 'HE20'
	option cell_density '0'

config wifi-iface 'default_radio0'
	option device 'radio0'
	option network 'lan'
	option mode 'ap'
	option ssid '@{ssid}'
	option encryption 'sae-mixed'
	option key '@{k1}'

config wifi-iface 'iot'
	option device 'radio0'
	option network 'iot'
	option mode 'ap'
	option ssid '@{ssid}-things'
	option encryption 'psk2'
	option key '@{k2}'
	option isolate '1'
''', ssid=ssid(False), k1=hpw('!*-.'), k2=R(16)))
add('c27/router-backup/etc/config/network', fill('''
config interface 'loopback'
	option device 'lo'
	option proto 'static'
	option ipaddr '127.0.0.1'
	option netmask '255.0.0.0'

config interface 'lan'
	option device 'br-lan'
	option proto 'static'
	option ipaddr '192.168.1.1'
	option netmask '255.255.255.0'

config interface 'wan'
	option device 'wan'
	option proto 'pppoe'
	option username '@{pppuser}@provider.nl'
	option password '@{ppp}'

config interface 'wg0'
	option proto 'wireguard'
	option private_key '@{wg}'
	option listen_port '51820'
	list addresses '10.14.0.1/24'

config wireguard_wg0
	option description 'phone'
	option public_key '@{wgpub}'
	list allowed_ips '10.14.0.2/32'
''', pppuser=R(8, LO + DIG), ppp=R(10), wg=b64(32), wgpub=b64(32)))
add('c27/router-backup/etc/config/ddns', fill('''
config ddns 'global'
	option ddns_dateformat '%F %R'
	option ddns_loglines '250'

config service 'home_ddns'
	option service_name 'dynv6.com'
	option use_ipv6 '0'
	option enabled '1'
	option lookup_host 'home-@{h}.dynv6.net'
	option domain 'home-@{h}.dynv6.net'
	option username 'none'
	option password '@{tok}'
	option ip_source 'network'
	option ip_network 'wan'
''', h=R(6, LO + DIG), tok=R(34, A + '_-')))

# c28: MikroTik export with sensitive values
add('c28/mikrotik/hap-ax2-backup.rsc', fill('''# 2024-05-12 10:14:03 by RouterOS 7.14.3
# software id = @{sw}
#
# model = C52iG-5HaxD2HaxD
# serial number = @{serial}
/interface bridge
add admin-mac=@{mac} auto-mac=no comment=defconf name=bridge
/interface wifi security
add authentication-types=wpa2-psk,wpa3-psk name=sec-home passphrase=@{home}
add authentication-types=wpa2-psk name=sec-iot passphrase=@{iot}
/interface wifi
set [ find default-name=wifi1 ] configuration.mode=ap .ssid=@{ssid} security=sec-home
add master-interface=wifi1 name=wifi-iot configuration.ssid=@{ssid}-iot security=sec-iot
/interface wireguard
add listen-port=13231 mtu=1420 name=wg-home private-key="@{wg}"
/ip pool
add name=dhcp ranges=192.168.88.10-192.168.88.254
/ppp secret
add name=vpn-phone password=@{vpn} profile=default-encryption service=l2tp
/ip cloud
set ddns-enabled=yes
/ip service
set telnet disabled=yes
set ftp disabled=yes
set api disabled=yes
/system identity
set name=hap-home
/user
add name=backup group=read password=@{bk}
''', sw=R(4, UP + DIG) + '-' + R(4, UP + DIG), serial=R(12, UP + DIG), mac=mac(), home=hpw('!*-.'),
     iot=R(14), ssid=ssid(False), wg=b64(32), vpn=spw(14), bk=spw(16)))

# c29: NAS offsite backup - rclone B2 + restic password
b2id = '00' + str(random.randint(3, 5)) + hx(12) + '0000000' + '%03d' % random.randint(1, 9)
b2key = 'K00' + str(random.randint(1, 5)) + R(27)
add('c29/nas/rclone.conf', fill('''[b2-offsite]
type = b2
account = @{id}
key = @{key}
hard_delete = false

[b2-photos-crypt]
type = crypt
remote = b2-offsite:family-nas-photos
filename_encryption = standard
directory_name_encryption = true
password = @{ob1}
password2 = @{ob2}
''', id=b2id, key=b2key, ob1=b64u(30), ob2=b64u(30)))
add('c29/nas/offsite-backup.sh', fill('''#!/bin/bash
# Synology task scheduler: daily 03:30 - restic snapshot of /volume1/homes to B2
export B2_ACCOUNT_ID="@{id}"
export B2_ACCOUNT_KEY="@{key}"
export RESTIC_REPOSITORY="b2:family-nas-restic:/homes"
export RESTIC_PASSWORD="@{rp}"

/usr/local/bin/restic backup /volume1/homes --exclude-caches --exclude '#recycle' --tag nightly
/usr/local/bin/restic forget --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --prune
''', id=b2id, key=b2key, rp=spw(32)))

# c30: TinyTuya local keys + Tuya cloud API secret
tuya_sym = A + '#$&*+-/:;<=>?@^_|~{}[]'
devs = []
for name, cat, prod in [('Living Room Plug', 'cz', 'Smart Plug 16A'), ('Hall Light', 'dj', 'RGBW Bulb'),
                        ('Bedroom Heater', 'qn', 'Panel Heater'), ('Garage Door', 'ckmkzq', 'Garage Controller')]:
    devs.append({'name': name, 'id': 'bf' + hx(20), 'key': R(16, tuya_sym), 'mac': mac().lower(),
                 'uuid': hx(16), 'category': cat, 'product_name': prod, 'product_id': R(16, LO + DIG),
                 'ip': lan(1), 'version': random.choice(['3.3', '3.4', '3.5'])})
add('c30/tuya-local/devices.json', json.dumps(devs, indent=4))
add('c30/tuya-local/tinytuya.json', json.dumps({
    'apiKey': R(20, LO + DIG), 'apiSecret': R(32, LO + DIG), 'apiRegion': 'eu',
    'apiDeviceID': devs[0]['id']}, indent=4))

# c31: Philips Hue application key + entertainment clientkey
add('c31/hue-scenes/hue_scenes.py', fill('''"""Sunset scene cycling for the Hue bridge (CLIP v2 API)."""
import time
import requests
import urllib3

urllib3.disable_warnings()

BRIDGE = "@{ip}"
HUE_APP_KEY = "@{key}"
HUE_CLIENT_KEY = "@{ck}"  # entertainment / DTLS streaming

S = requests.Session()
S.verify = False
S.headers["hue-application-key"] = HUE_APP_KEY


def lights():
    r = S.get(f"https://{BRIDGE}/clip/v2/resource/light", timeout=5)
    r.raise_for_status()
    return r.json()["data"]


def set_color(light_id, x, y, bri):
    S.put(f"https://{BRIDGE}/clip/v2/resource/light/{light_id}",
          json={"on": {"on": True}, "dimming": {"brightness": bri}, "color": {"xy": {"x": x, "y": y}}},
          timeout=5)


if __name__ == "__main__":
    warm = [(0.5267, 0.4133, 80), (0.5612, 0.4042, 60), (0.6, 0.38, 40)]
    for x, y, b in warm:
        for l in lights():
            set_color(l["id"], x, y, b)
        time.sleep(300)
''', ip=lan(1), key=R(40, A + '-'), ck=R(32, '0123456789ABCDEF')))

# c32: SmartThings personal access token (UUID shaped)
add('c32/st-bridge/index.js', fill('''// Mirror SmartThings contact sensors into MQTT for the rest of the house
const mqtt = require('mqtt');
const fetch = require('node-fetch');

const ST_API = 'https://api.smartthings.com/v1';
const ST_PAT = '@{pat}';
const LOCATION_ID = '@{loc}';
const broker = mqtt.connect('mqtt://@{broker}', { username: 'stbridge', password: process.env.MQTT_PASS });

async function st(path) {
  const res = await fetch(`${ST_API}${path}`, {
    headers: { Authorization: `Bearer ${ST_PAT}`, Accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`${res.status} ${path}`);
  return res.json();
}

async function poll() {
  const { items } = await st(`/devices?locationId=${LOCATION_ID}&capability=contactSensor`);
  for (const d of items) {
    const s = await st(`/devices/${d.deviceId}/components/main/capabilities/contactSensor/status`);
    broker.publish(`smartthings/${d.label}/contact`, s.contact.value, { retain: true });
  }
}

setInterval(() => poll().catch(console.error), 15000);
''', pat=uid(), loc=uid(), broker=lan(1)))

# c33: DuckDNS updater (UUID token)
dd = random.choice(WORDS).lower() + '-home-' + R(4, LO + DIG)
add('c33/duckdns/duck.sh', fill('''#!/bin/bash
# keeps @{dd}.duckdns.org pointing at the house
echo url="https://www.duckdns.org/update?domains=@{dd}&token=@{tok}&ip=" | curl -k -o ~/duckdns/duck.log -K -
''', dd=dd, tok=uid()))
add('c33/duckdns/crontab.txt', '''# m h  dom mon dow   command
*/5 * * * * ~/duckdns/duck.sh >/dev/null 2>&1
@reboot sleep 60 && ~/duckdns/duck.sh >/dev/null 2>&1
''')

# c34: Z-Wave JS UI settings with the S0/S2 network keys
add('c34/zwave-js-ui/store/settings.json', json.dumps({
    'mqtt': {'name': 'zwave-js-ui', 'host': lan(1), 'port': 1883, 'qos': 1, 'prefix': 'zwave',
             'reconnectPeriod': 3000, 'retain': True, 'clean': True, 'auth': True,
             'username': 'zwave', 'password': spw(18), 'disabled': False},
    'gateway': {'type': 0, 'plugins': [], 'authEnabled': False, 'payloadType': 0, 'nodeNames': True,
                'hassDiscovery': False, 'discoveryPrefix': 'homeassistant', 'logEnabled': True,
                'logLevel': 'info', 'logToFile': False, 'values': []},
    'zwave': {'port': '/dev/serial/by-id/usb-Zooz_800_Z-Wave_Stick_' + hx(32) + '-if00',
              'allowBootloaderOnly': False, 'commandsTimeout': 30, 'logLevel': 'info', 'rf': {'region': 0},
              'securityKeys': {'S2_Unauthenticated': hx(32).upper(), 'S2_Authenticated': hx(32).upper(),
                               'S2_AccessControl': hx(32).upper(), 'S0_Legacy': hx(32).upper()},
              'securityKeysLongRange': {'S2_Authenticated': hx(32).upper(),
                                        'S2_AccessControl': hx(32).upper()},
              'deviceConfigPriorityDir': '/usr/src/app/store/config', 'enableSoftReset': True,
              'serverEnabled': True, 'serverPort': 3000},
    'backup': {'storeBackup': False, 'storeCron': '0 0 * * *', 'storeKeep': 7, 'nvmBackup': True,
               'nvmBackupOnUpdate': True, 'nvmCron': '0 0 * * *', 'nvmKeep': 7},
    'ui': {'darkMode': True, 'navTabs': False},
}, indent=2))

# c35: LMIC sketch with the OTAA AppKey as a byte array
def barr(n):
    return ', '.join('0x%02X' % b for b in rb(n))


add('c35/ttn-soil-node/ttn-soil-node.ino', fill('''/*******************************************************************************
 * Soil moisture node - Adafruit Feather 32u4 RFM95 + LMIC, OTAA on TTN (EU868)
 *******************************************************************************/
#include <lmic.h>
#include <hal/hal.h>
#include <SPI.h>

// This EUI must be in little-endian format, so least-significant-byte
// first. When copying an EUI from ttnctl output, this means to reverse
// the bytes. For TTN issued EUIs the last bytes should be 0xD5, 0xB3, 0x70.
static const u1_t PROGMEM APPEUI[8] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
void os_getArtEui (u1_t* buf) { memcpy_P(buf, APPEUI, 8); }

// This should also be in little endian format, see above.
static const u1_t PROGMEM DEVEUI[8] = { @{deveui}, 0xD5, 0xB3, 0x70 };
void os_getDevEui (u1_t* buf) { memcpy_P(buf, DEVEUI, 8); }

// This key should be in big endian format (or, since it is not really a
// number but a block of memory, endianness does not really apply).
static const u1_t PROGMEM APPKEY[16] = { @{appkey} };
void os_getDevKey (u1_t* buf) { memcpy_P(buf, APPKEY, 16); }

static uint8_t payload[3];
static osjob_t sendjob;
const unsigned TX_INTERVAL = 900;

const lmic_pinmap lmic_pins = {
    .nss = 8,
    .rxtx = LMIC_UNUSED_PIN,
    .rst = 4,
    .dio = {7, 6, LMIC_UNUSED_PIN},
};

void do_send(osjob_t* j) {
    if (LMIC.opmode & OP_TXRXPEND) return;
    uint16_t moist = analogRead(A0);
    uint8_t batt = analogRead(A9) >> 2;
    payload[0] = moist >> 8; payload[1] = moist & 0xFF; payload[2] = batt;
    LMIC_setTxData2(1, payload, sizeof(payload), 0);
}

void onEvent (ev_t ev) {
    if (ev == EV_TXCOMPLETE)
        os_setTimedCallback(&sendjob, os_getTime() + sec2osticks(TX_INTERVAL), do_send);
}

void setup() {
    os_init();
    LMIC_reset();
    LMIC_setClockError(MAX_CLOCK_ERROR * 1 / 100);
    do_send(&sendjob);
}

void loop() { os_runloop_once(); }
''', deveui=barr(5), appkey=barr(16)))

# c36: The Things Stack API key in an MQTT integration script
add('c36/ttn-integration/uplinks_to_influx.py', fill('''"""Subscribe to TTN uplinks for the soil-sensor application and write them to InfluxDB."""
import base64
import json
import os

import paho.mqtt.client as mqtt
from influxdb_client import InfluxDBClient, Point
from influxdb_client.client.write_api import SYNCHRONOUS

TTN_HOST = "eu1.cloud.thethings.network"
TTN_APP_ID = "soil-sensors-@{n}@ttn"
TTN_API_KEY = "NNSXS.@{kid}.@{ksec}"

influx = InfluxDBClient(url="http://localhost:8086", token=os.environ["INFLUX_TOKEN"], org="home")
write_api = influx.write_api(write_options=SYNCHRONOUS)


def on_connect(client, userdata, flags, rc):
    print("connected", rc)
    client.subscribe("v3/+/devices/+/up")


def on_message(client, userdata, msg):
    up = json.loads(msg.payload)
    dev = up["end_device_ids"]["device_id"]
    raw = base64.b64decode(up["uplink_message"]["frm_payload"])
    moist = (raw[0] << 8) | raw[1]
    p = Point("soil").tag("device", dev).field("moisture", moist).field("battery", raw[2])
    write_api.write(bucket="lorawan", record=p)


c = mqtt.Client(client_id="influx-bridge")
c.username_pw_set(TTN_APP_ID, TTN_API_KEY)
c.tls_set()
c.on_connect = on_connect
c.on_message = on_message
c.connect(TTN_HOST, 8883, 60)
c.loop_forever()
''', n=digits(2), kid=R(39, UP + '234567'), ksec=R(52, UP + '234567')))

# c37: CircuitPython settings.toml with Adafruit IO key
add('c37/pico-w-airquality/settings.toml', fill('''# settings.toml - CircuitPython 9 environment for the Pico W air quality box
CIRCUITPY_WIFI_SSID = "@{ssid}"
CIRCUITPY_WIFI_PASSWORD = "''' '''@{wifi}"
CIRCUITPY_WEB_API_PASSWORD = "''' '''@{web}"
CIRCUITPY_WEB_API_PORT = 80

ADAFRUIT_AIO_USERNAME = "@{aiou}"
ADAFRUIT_AIO_KEY = "aio_@{aio}"

TIMEZONE = "Europe/London"
''', ssid=ssid(), wifi=hpw(), web=R(10, LO + DIG), aiou=random.choice(WORDS).lower() + digits(3), aio=R(28)))
add('c37/pico-w-airquality/code.py', '''import os
import time
import board
import busio
import wifi
import socketpool
import ssl
import adafruit_requests
import adafruit_scd4x
from adafruit_io.adafruit_io import IO_HTTP

wifi.radio.connect(os.getenv("CIRCUITPY_WIFI_SSID"), os.getenv("CIRCUITPY_WIFI_PASSWORD"))
pool = socketpool.SocketPool(wifi.radio)
requests = adafruit_requests.Session(pool, ssl.create_default_context())
io = IO_HTTP(os.getenv("ADAFRUIT_AIO_USERNAME"), os.getenv("ADAFRUIT_AIO_KEY"), requests)

i2c = busio.I2C(board.GP5, board.GP4)
scd = adafruit_scd4x.SCD4X(i2c)
scd.start_periodic_measurement()

co2_feed = io.get_feed("office-co2")
while True:
    if scd.data_ready:
        io.send_data(co2_feed["key"], scd.CO2)
    time.sleep(60)
''')

# c38: MicroPython main.py - ThingsBoard device token as MQTT username + ThingSpeak key
add('c38/esp32-micropython/main.py', fill('''# main.py - ESP32 (MicroPython 1.22) greenhouse monitor
import machine
import network
import time
import ujson
import urequests
from umqtt.simple import MQTTClient
import dht

WIFI_SSID = "@{ssid}"
WIFI_PASS = "''' '''@{wifi}"

TB_HOST = "thingsboard.cloud"
TB_DEVICE_TOKEN = "@{tb}"

THINGSPEAK_WRITE_KEY = "@{ts}"

sensor = dht.DHT22(machine.Pin(15))


def wifi_up():
    sta = network.WLAN(network.STA_IF)
    sta.active(True)
    if not sta.isconnected():
        sta.connect(WIFI_SSID, WIFI_PASS)
        for _ in range(30):
            if sta.isconnected():
                break
            time.sleep(1)
    return sta.ifconfig()[0]


def main():
    print("ip", wifi_up())
    tb = MQTTClient("gh-esp32", TB_HOST, port=1883, user=TB_DEVICE_TOKEN, password="", keepalive=60)
    tb.connect()
    while True:
        sensor.measure()
        t, h = sensor.temperature(), sensor.humidity()
        tb.publish(b"v1/devices/me/telemetry", ujson.dumps({"temperature": t, "humidity": h}))
        urequests.get("https://api.thingspeak.com/update?api_key=%s&field1=%.1f&field2=%.1f"
                      % (THINGSPEAK_WRITE_KEY, t, h)).close()
        time.sleep(300)


main()
''', ssid=ssid(), wifi=hpw(), tb=R(20), ts=R(16, UP + DIG)))

# c39: ESP-IDF sdkconfig with Wi-Fi password and credentialed broker URL
sdk_filler = '\n'.join([
    '#', '# Automatically generated file. DO NOT EDIT.',
    '# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration', '#',
    'CONFIG_SOC_BROWNOUT_RESET_SUPPORTED="Not determined"', 'CONFIG_SOC_TWAI_BRP_DIV_SUPPORTED="Not determined"',
    'CONFIG_SOC_DPORT_WORKAROUND="Not determined"', 'CONFIG_IDF_CMAKE=y', 'CONFIG_IDF_TARGET_ARCH_XTENSA=y',
    'CONFIG_IDF_TARGET_ARCH="xtensa"', 'CONFIG_IDF_TARGET="esp32"', 'CONFIG_IDF_TARGET_ESP32=y',
    'CONFIG_IDF_FIRMWARE_CHIP_ID=0x0000', '', '#', '# Build type', '#', 'CONFIG_APP_BUILD_TYPE_APP_2NDBOOT=y',
    'CONFIG_APP_BUILD_GENERATE_BINARIES=y', 'CONFIG_APP_BUILD_BOOTLOADER=y', 'CONFIG_APP_BUILD_USE_FLASH_SECTIONS=y',
    '# end of Build type', '', '#', '# Serial flasher config', '#', 'CONFIG_ESPTOOLPY_FLASHMODE_DIO=y',
    'CONFIG_ESPTOOLPY_FLASHFREQ_40M=y', 'CONFIG_ESPTOOLPY_FLASHSIZE_4MB=y', 'CONFIG_ESPTOOLPY_BEFORE_RESET=y',
    'CONFIG_ESPTOOLPY_AFTER_RESET=y', 'CONFIG_ESPTOOLPY_MONITOR_BAUD=115200', '# end of Serial flasher config', '',
    '#', '# Partition Table', '#', 'CONFIG_PARTITION_TABLE_TWO_OTA=y',
    'CONFIG_PARTITION_TABLE_CUSTOM_FILENAME="partitions.csv"', 'CONFIG_PARTITION_TABLE_FILENAME="partitions_two_ota.csv"',
    'CONFIG_PARTITION_TABLE_OFFSET=0x8000', 'CONFIG_PARTITION_TABLE_MD5=y', '# end of Partition Table', ''])
add('c39/boiler-relay/sdkconfig', sdk_filler + fill('''
#
# Example Connection Configuration
#
CONFIG_ENV_GPIO_RANGE_MIN=0
CONFIG_ENV_GPIO_RANGE_MAX=39
CONFIG_EXAMPLE_CONNECT_WIFI=y
CONFIG_EXAMPLE_WIFI_SSID="@{ssid}"
CONFIG_EXAMPLE_WIFI_PASSWORD="@{wifi}"
CONFIG_EXAMPLE_WIFI_CONN_MAX_RETRY=6
CONFIG_EXAMPLE_WIFI_SCAN_METHOD_ALL_CHANNEL=y
CONFIG_EXAMPLE_WIFI_AUTH_WPA2_PSK=y
CONFIG_EXAMPLE_CONNECT_IPV6=y
# end of Example Connection Configuration

#
# Boiler relay configuration
#
CONFIG_BROKER_URL="mqtts://boiler:@{mqtt}@mqtt.@{dom}.net:8883"
CONFIG_BROKER_CERTIFICATE_OVERRIDDEN=n
CONFIG_RELAY_GPIO=23
CONFIG_SAFETY_CUTOFF_MINUTES=90
# end of Boiler relay configuration

#
# Compiler options
#
CONFIG_COMPILER_OPTIMIZATION_SIZE=y
CONFIG_COMPILER_OPTIMIZATION_ASSERTIONS_ENABLE=y
CONFIG_COMPILER_STACK_CHECK_MODE_NONE=y
# end of Compiler options

#
# ESP-MQTT Configurations
#
CONFIG_MQTT_PROTOCOL_311=y
CONFIG_MQTT_TRANSPORT_SSL=y
CONFIG_MQTT_TRANSPORT_WEBSOCKET=y
CONFIG_MQTT_TRANSPORT_WEBSOCKET_SECURE=y
# end of ESP-MQTT Configurations
''', ssid=ssid(False), wifi=hpw('!*-_.'), mqtt=R(16), dom=random.choice(WORDS).lower() + '-home'))

# c40: Domoticz dzVents script with a Telegram bot + shell using base64 basic auth params
add('c40/domoticz/scripts/dzVents/scripts/door_alert.lua', fill('''-- Send a Telegram message when the front door opens while the alarm is armed
local BOT_TOKEN = '@{tg}'
local CHAT_ID = '@{chat}'

return {
	on = {
		devices = { 'Front Door', 'Back Door' },
	},
	logging = {
		level = domoticz.LOG_INFO,
		marker = 'door_alert',
	},
	execute = function(domoticz, device)
		if device.state == 'Open' and domoticz.security ~= domoticz.SECURITY_DISARMED then
			domoticz.openURL({
				url = 'https://api.telegram.org/bot' .. BOT_TOKEN .. '/sendMessage',
				method = 'POST',
				postData = {
					chat_id = CHAT_ID,
					text = device.name .. ' opened at ' .. domoticz.time.rawTime,
				},
			})
			domoticz.log('alert sent for ' .. device.name, domoticz.LOG_INFO)
		end
	end
}
''', tg=tg_token(), chat=digits(9)))
dz_user, dz_pw = 'admin', hpw('!*')
add('c40/domoticz/scripts/sunset_lights.sh', fill('''#!/bin/sh
# called from cron at sunset (sunwait) - switch the porch + garden groups on
DZ="http://@{ip}:8080/json.htm"
AUTH="username=@{u64}&password=''' '''@{p64}"
curl -s "$DZ?$AUTH&type=command&param=switchscene&idx=3&switchcmd=On" >/dev/null
curl -s "$DZ?$AUTH&type=command&param=switchlight&idx=17&switchcmd=Set%20Level&level=40" >/dev/null
''', ip=lan(1), u64=base64.b64encode(dz_user.encode()).decode(), p64=base64.b64encode(dz_pw.encode()).decode()))

# c41: openHAB things + InfluxDB persistence
add('c41/openhab/conf/things/mqtt.things', fill('''Bridge mqtt:broker:mosquitto "Mosquitto" [ host="@{broker}", port=1883, secure=false, username="openhab", password="''' '''@{mqtt}", clientID="openhab4" ]
{
    Thing topic shelly_kitchen "Kitchen Shelly 1PM" @ "Kitchen" {
        Channels:
            Type switch : power  "Power"  [ stateTopic="shellies/kitchen/relay/0", commandTopic="shellies/kitchen/relay/0/command", on="on", off="off" ]
            Type number : energy "Energy" [ stateTopic="shellies/kitchen/relay/0/energy" ]
    }
    Thing topic tasmota_dryer "Dryer plug" @ "Laundry" {
        Channels:
            Type number : watts "Watts" [ stateTopic="tele/dryer/SENSOR", transformationPattern="JSONPATH:$.ENERGY.Power" ]
    }
}
''', broker=lan(1), mqtt=hpw()))
add('c41/openhab/conf/services/influxdb.cfg', fill('''# The database URL, e.g. http://127.0.0.1:8086 or https://127.0.0.1:8084 .
url=http://@{ip}:8086

# The InfluxDB version V1 or V2
version=V2

# The name of the database user / the token (V2)
user=openhab
token=@{tok}

# The name of the database (V1) or bucket (V2)
db=openhab
retentionPolicy=autogen
''', ip=lan(1), tok=b64u(64) + '=='))

# c42: Pi alarm with Twilio credentials + Discord webhook
add('c42/pi-alarm/alarm.py', fill('''#!/usr/bin/env python3
"""PIR + reed switch alarm. Sends an SMS and posts to the family Discord."""
import time
import requests
from gpiozero import MotionSensor, Button
from twilio.rest import Client

TWILIO_SID = "AC@{sid}"
TWILIO_AUTH = "@{auth}"
FROM_NUMBER = "+1@{frm}"
TO_NUMBERS = ["+44@{to1}", "+44@{to2}"]
DISCORD_WEBHOOK = "https://discord.com/api/webhooks/@{whid}/@{whtok}"

pir = MotionSensor(17)
door = Button(27, pull_up=True)
sms = Client(TWILIO_SID, TWILIO_AUTH)
armed = True
last = 0


def alert(what: str) -> None:
    global last
    if not armed or time.time() - last < 120:
        return
    last = time.time()
    for n in TO_NUMBERS:
        sms.messages.create(body=f"ALARM: {what}", from_=FROM_NUMBER, to=n)
    requests.post(DISCORD_WEBHOOK, json={"content": f":rotating_light: {what}"}, timeout=10)


pir.when_motion = lambda: alert("motion in hallway")
door.when_released = lambda: alert("front door opened")

while True:
    time.sleep(1)
''', sid=hx(32), auth=hx(32), frm=digits(10), to1='7' + r(9, DIG), to2='7' + r(9, DIG),
     whid=digits(19), whtok=R(68, A + '-_')))

# c43: cloudflared tunnel token in compose for remote HA access
cf_tok = base64.b64encode(json.dumps({'a': hx(32), 't': uid(), 's': b64(32)}, separators=(',', ':')).encode()).decode()
add('c43/homelab/docker-compose.yml', fill('''services:
  homeassistant:
    container_name: homeassistant
    image: ghcr.io/home-assistant/home-assistant:2024.6
    volumes:
      - ./ha-config:/config
      - /etc/localtime:/etc/localtime:ro
      - /run/dbus:/run/dbus:ro
    restart: unless-stopped
    privileged: true
    network_mode: host

  mosquitto:
    image: eclipse-mosquitto:2.0.18
    restart: unless-stopped
    ports:
      - "1883:1883"
    volumes:
      - ./mosquitto/config:/mosquitto/config
      - ./mosquitto/data:/mosquitto/data

  cloudflared:
    image: cloudflare/cloudflared:2024.6.0
    restart: unless-stopped
    network_mode: host
    command: tunnel --no-autoupdate run --token @{tok}
''', tok=cf_tok))

# c44: ESP32 OTA pulling firmware from a private GitHub repo
add('c44/firmware/src/ota_update.cpp', fill('''#include <Arduino.h>
#include <HTTPClient.h>
#include <HTTPUpdate.h>
#include <WiFiClientSecure.h>
#include <ArduinoJson.h>
#include "version.h"

// private repo jkowalski/thermostat-fw - releases carry firmware.bin
static const char *GH_RELEASES = "https://api.github.com/repos/jkowalski/thermostat-fw/releases/latest";
static const char *GH_TOKEN = "@{gh}";

bool checkForUpdate() {
  WiFiClientSecure tls;
  tls.setInsecure();
  HTTPClient http;
  http.begin(tls, GH_RELEASES);
  http.addHeader("Authorization", String("Bearer ") + GH_TOKEN);
  http.addHeader("Accept", "application/vnd.github+json");
  if (http.GET() != 200) { http.end(); return false; }

  JsonDocument doc;
  deserializeJson(doc, http.getStream());
  http.end();
  const char *tag = doc["tag_name"];
  if (!tag || strcmp(tag, FW_VERSION) == 0) return false;

  for (JsonObject a : doc["assets"].as<JsonArray>()) {
    if (strcmp(a["name"], "firmware.bin") != 0) continue;
    String url = a["url"].as<String>();
    httpUpdate.setAuthorization("");
    httpUpdate.rebootOnUpdate(true);
    HTTPClient dl;
    dl.begin(tls, url);
    dl.addHeader("Authorization", String("Bearer ") + GH_TOKEN);
    dl.addHeader("Accept", "application/octet-stream");
    t_httpUpdate_return ret = httpUpdate.update(dl, FW_VERSION);
    return ret == HTTP_UPDATE_OK;
  }
  return false;
}
''', gh=gh_tok()))

# c45: Homebridge config.json with several plugin credentials
add('c45/homebridge/config.json', json.dumps({
    'bridge': {'name': 'Homebridge ' + hx(4).upper(), 'username': mac(), 'port': random.randint(51000, 52999),
               'pin': '%03d-%02d-%03d' % (random.randint(0, 999), random.randint(0, 99), random.randint(0, 999)),
               'advertiser': 'bonjour-hap'},
    'accessories': [
        {'accessory': 'mqttthing', 'type': 'garageDoorOpener', 'name': 'Garage Door',
         'url': 'mqtt://' + lan(1), 'username': 'homebridge', 'password': spw(16),
         'topics': {'getCurrentDoorState': 'garage/door/state', 'setTargetDoorState': 'garage/door/set'}},
    ],
    'platforms': [
        {'name': 'Config', 'port': 8581, 'platform': 'config'},
        {'platform': 'Camera-ffmpeg', 'cameras': [
            {'name': 'Porch', 'videoConfig': {
                'source': '-rtsp_transport tcp -i rtsp://admin:' + R(12) + '@' + lan(20) + ':554/h264Preview_01_sub',
                'maxStreams': 2, 'maxWidth': 1280, 'maxHeight': 720, 'audio': False}}]},
        {'platform': 'TuyaPlatform', 'name': 'Tuya', 'options': {
            'projectType': '1', 'endpoint': 'https://openapi.tuyaeu.com', 'accessId': R(20, LO + DIG),
            'accessKey': R(32, LO + DIG), 'countryCode': 31, 'username': 'anna.' + R(5, LO) + '@gmail.com',
            'password': hpw(), 'appSchema': 'smartlife'}},
    ],
}, indent=4))


# ---------------------------------------------------------------- negatives

# t01: ESPHome node with !secret everywhere + template secrets
add('t01/esphome/hallway-motion.yaml', '''esphome:
  name: hallway-motion
  friendly_name: Hallway Motion

esp32:
  board: esp32-c3-devkitm-1
  framework:
    type: esp-idf

logger:

api:
  encryption:
    key: !secret hallway_api_key

ota:
  - platform: esphome
    password: !secret ota_password

wifi:
  ssid: !secret wifi_ssid
  password: !secret wifi_password
  ap:
    ssid: "Hallway-Motion Fallback Hotspot"
    password: !secret fallback_ap_password

captive_portal:

binary_sensor:
  - platform: gpio
    pin: GPIO4
    name: "Motion"
    device_class: motion
''')
add('t01/esphome/secrets.yaml.example', '''# Copy to secrets.yaml (git-ignored) and fill in real values.
# API key: generate one with  openssl rand -base64 32
wifi_ssid: "YOUR_WIFI_SSID"
wifi_password: "YOUR_WIFI_PASSWORD"
hallway_api_key: "<base64-32-byte-key>"
ota_password: "<choose-an-ota-password>"
fallback_ap_password: "CHANGE_ME"
''')
add('t01/esphome/.gitignore', '''# Gitignore settings for ESPHome
/.esphome/
/secrets.yaml
''')

# t02: Arduino sketch reading credentials from a git-ignored header
add('t02/garden-weather/garden-weather.ino', '''/*
  Garden weather node - Wemos D1 mini + BME280
  Credentials live in secrets.h (not committed) - see secrets.h.example
*/
#include <ESP8266WiFi.h>
#include <PubSubClient.h>
#include "secrets.h"

WiFiClient espClient;
PubSubClient client(espClient);

void setup_wifi() {
  WiFi.mode(WIFI_STA);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  while (WiFi.status() != WL_CONNECTED) delay(250);
}

void reconnect() {
  while (!client.connected()) {
    if (!client.connect("garden-weather", MQTT_USER, MQTT_PASS)) delay(5000);
  }
}

void setup() {
  Serial.begin(115200);
  setup_wifi();
  client.setServer(MQTT_HOST, 1883);
}

void loop() {
  if (!client.connected()) reconnect();
  client.loop();
}
''')
add('t02/garden-weather/secrets.h.example', '''// Copy this file to secrets.h and fill in your own values.
// secrets.h is listed in .gitignore.
#pragma once

#define WIFI_SSID      "your-ssid"
#define WIFI_PASSWORD  "your-wifi-password"

#define MQTT_HOST      "192.168.1.10"
#define MQTT_USER      "<mqtt-user>"
#define MQTT_PASS      "********"
''')
add('t02/garden-weather/.gitignore', 'secrets.h\n.pio/\n.vscode/\n')

# t03: ESP32-hosted dashboard with Firebase web config + Mapbox public token
fb_proj = 'home-sensors-' + R(5, LO + DIG)
mb_user = random.choice(WORDS).lower() + digits(2)
mb_pk = 'pk.' + base64.urlsafe_b64encode(json.dumps({'u': mb_user, 'a': R(25, LO + DIG)}, separators=(',', ':')).encode()).decode().rstrip('=') + '.' + R(22, A + '-_')
add('t03/esp32-dashboard/data/www/app.js', fill('''// Web dashboard served from LittleFS on the ESP32.
// The Firebase web config below is public by design; access is enforced by
// database.rules.json and Firebase Auth, not by keeping these values hidden.
import { initializeApp } from "https://www.gstatic.com/firebasejs/10.12.2/firebase-app.js";
import { getDatabase, ref, onValue } from "https://www.gstatic.com/firebasejs/10.12.2/firebase-database.js";
import { getAuth, signInWithPopup, GoogleAuthProvider } from "https://www.gstatic.com/firebasejs/10.12.2/firebase-auth.js";

const firebaseConfig = {
  apiKey: "AIza@{fbk}",
  authDomain: "@{proj}.firebaseapp.com",
  databaseURL: "https://@{proj}-default-rtdb.europe-west1.firebasedatabase.app",
  projectId: "@{proj}",
  storageBucket: "@{proj}.appspot.com",
  messagingSenderId: "@{sender}",
  appId: "1:@{sender}:web:@{appid}"
};

// Mapbox public (pk.) token, URL-restricted to home.@{proj}.web.app
mapboxgl.accessToken = "@{mb}";

const app = initializeApp(firebaseConfig);
const db = getDatabase(app);
const auth = getAuth(app);

document.getElementById("login").onclick = () => signInWithPopup(auth, new GoogleAuthProvider());

onValue(ref(db, "sensors/garden"), (snap) => {
  const v = snap.val();
  document.getElementById("temp").textContent = v.temperature.toFixed(1) + " C";
  document.getElementById("hum").textContent = v.humidity.toFixed(0) + " %";
});

const map = new mapboxgl.Map({ container: "map", style: "mapbox://styles/mapbox/outdoors-v12", center: [4.89, 52.37], zoom: 15 });
''', fbk=R(35, A + '-_'), proj=fb_proj, sender=digits(12), appid=hx(22), mb=mb_pk))
add('t03/esp32-dashboard/database.rules.json', json.dumps({'rules': {
    'sensors': {'.read': "auth != null && auth.token.email_verified == true",
                '.write': "auth != null && auth.uid === 'esp32-garden'"},
    '$other': {'.read': False, '.write': False}}}, indent=2))

# t04: AWS IoT with public certs in the repo and the private key on the device filesystem
add('t04/aws-iot-greenhouse/include/certs.h', fill(r'''#pragma once
#include <pgmspace.h>

// Amazon Root CA 1 (public, from https://www.amazontrust.com/repository/AmazonRootCA1.pem)
static const char AWS_CERT_CA[] PROGMEM = R"EOF(
@{ca}
)EOF";

// Device certificate (public half). The matching private key is NOT in this
// repository - it is written to LittleFS as /certs/device.key during
// provisioning (see tools/provision.py) and never leaves the device.
static const char AWS_CERT_CRT[] PROGMEM = R"KEY(
@{crt}
)KEY";
''', ca=cert_pem(), crt=cert_pem()))
add('t04/aws-iot-greenhouse/src/main.cpp', fill('''#include <Arduino.h>
#include <LittleFS.h>
#include <WiFiClientSecure.h>
#include <MQTTClient.h>
#include <WiFiManager.h>
#include "certs.h"

#define THINGNAME "greenhouse-esp32-@{n}"
static const char *AWS_IOT_ENDPOINT = "@{ep}-ats.iot.eu-west-1.amazonaws.com";

WiFiClientSecure net;
MQTTClient client(512);
String privateKey;

bool loadKey() {
  if (!LittleFS.begin()) return false;
  File f = LittleFS.open("/certs/device.key", "r");
  if (!f) return false;
  privateKey = f.readString();
  f.close();
  return privateKey.length() > 0;
}

void setup() {
  Serial.begin(115200);
  WiFiManager wm;           // credentials entered through the captive portal
  wm.autoConnect("greenhouse-setup");
  if (!loadKey()) { Serial.println("no device key - run provisioning"); return; }
  net.setCACert(AWS_CERT_CA);
  net.setCertificate(AWS_CERT_CRT);
  net.setPrivateKey(privateKey.c_str());
  client.begin(AWS_IOT_ENDPOINT, 8883, net);
  while (!client.connect(THINGNAME)) delay(200);
}

void loop() { client.loop(); delay(10); }
''', n=digits(2), ep=R(14, LO + DIG)))
add('t04/aws-iot-greenhouse/.gitignore', '.pio/\ndata/certs/*.key\n')

# t05: Azure IoT Hub device read from the environment + documentation placeholders
add('t05/boiler-gateway/send_telemetry.py', '''#!/usr/bin/env python3
"""Boiler gateway: forwards OpenTherm readings to Azure IoT Hub."""
import asyncio
import json
import os

from azure.iot.device.aio import IoTHubDeviceClient
from azure.iot.device import Message

from opentherm import read_boiler

CONN_STR = os.environ["IOTHUB_DEVICE_CONNECTION_STRING"]


async def main() -> None:
    client = IoTHubDeviceClient.create_from_connection_string(CONN_STR)
    await client.connect()
    try:
        while True:
            msg = Message(json.dumps(read_boiler()))
            msg.content_type = "application/json"
            msg.content_encoding = "utf-8"
            await client.send_message(msg)
            await asyncio.sleep(15)
    finally:
        await client.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
''')
add('t05/boiler-gateway/README.md', '''# boiler-gateway

Forwards OpenTherm readings to Azure IoT Hub.

## Setup

1. Create the device: `az iot hub device-identity create -n <hub-name> -d boiler-gateway`
2. Get its connection string:
   `az iot hub device-identity connection-string show -n <hub-name> -d boiler-gateway -o tsv`
3. Put it in `/etc/boiler-gateway.env` (mode 600, not in git):

   ```
   IOTHUB_DEVICE_CONNECTION_STRING=HostName=<hub-name>.azure-devices.net;DeviceId=boiler-gateway;SharedAccessKey=<device-primary-key>
   ```

The systemd unit loads that file with `EnvironmentFile=`.
''')
add('t05/boiler-gateway/boiler-gateway.env.example', '''# copy to /etc/boiler-gateway.env
IOTHUB_DEVICE_CONNECTION_STRING=
LOG_LEVEL=info
''')

# t06: Frigate using environment substitution
add('t06/frigate/config.yml', fill('''mqtt:
  enabled: true
  host: @{broker}
  user: "{FRIGATE_MQTT_USER}"
  password: "{FRIGATE_MQTT_PASSWORD}"

go2rtc:
  streams:
    front_door:
      - rtsp://{FRIGATE_RTSP_USER}:{FRIGATE_RTSP_PASSWORD}@@{c1}:554/cam/realmonitor?channel=1&subtype=0
    front_door_sub:
      - rtsp://{FRIGATE_RTSP_USER}:{FRIGATE_RTSP_PASSWORD}@@{c1}:554/cam/realmonitor?channel=1&subtype=1
    garage:
      - "ffmpeg:http://@{c2}/flv?port=1935&app=bcs&stream=channel0_main.bcs&user={FRIGATE_RTSP_USER}&password={FRIGATE_GARAGE_PASSWORD}#video=copy"

detectors:
  coral:
    type: edgetpu
    device: usb

cameras:
  front_door:
    ffmpeg:
      inputs:
        - path: rtsp://127.0.0.1:8554/front_door
          input_args: preset-rtsp-restream
          roles: [record]
        - path: rtsp://127.0.0.1:8554/front_door_sub
          input_args: preset-rtsp-restream
          roles: [detect]
''', broker=lan(1), c1=lan(30), c2=lan(30)))
add('t06/frigate/docker-compose.yml', '''services:
  frigate:
    image: ghcr.io/blakeblackshear/frigate:0.13.2
    restart: unless-stopped
    shm_size: "256mb"
    devices:
      - /dev/bus/usb:/dev/bus/usb
    volumes:
      - ./config.yml:/config/config.yml
      - /mnt/nvr:/media/frigate
    env_file:
      - /opt/secrets/frigate.env   # FRIGATE_* variables, root-only, not in git
    ports:
      - "5000:5000"
      - "8554:8554"
''')

# t07: OTA release manifest with checksums, commit SHAs and UUIDs
fw_ver = '2.%d.%d' % (random.randint(0, 9), random.randint(0, 20))
commit = hx(40)
add('t07/thermostat-fw/releases/manifest.json', json.dumps({
    'name': 'Thermostat firmware', 'version': fw_ver, 'home_assistant_domain': 'esphome',
    'new_install_prompt_erase': True,
    'builds': [{'chipFamily': 'ESP32', 'parts': [
        {'path': 'bootloader.bin', 'offset': 4096}, {'path': 'partitions.bin', 'offset': 32768},
        {'path': 'boot_app0.bin', 'offset': 57344}, {'path': 'firmware.bin', 'offset': 65536}]}]}, indent=2))
add('t07/thermostat-fw/releases/ota.json', json.dumps({
    'version': fw_ver, 'git_commit': commit, 'build_id': uid(), 'built_at': '2024-05-%02dT%02d:%02d:11Z' % (
        random.randint(1, 28), random.randint(0, 23), random.randint(0, 59)),
    'url': 'https://github.com/jkowalski/thermostat-fw/releases/download/v%s/firmware.bin' % fw_ver,
    'size': random.randint(900000, 1400000), 'md5': hx(32), 'sha256': hx(64),
    'min_bootloader': '1.2.0', 'rollout': {'percent': 25, 'seed': uid()}}, indent=2))
add('t07/thermostat-fw/releases/SHA256SUMS', ''.join('%s  %s\n' % (hx(64), f) for f in
                                                      ['bootloader.bin', 'partitions.bin', 'boot_app0.bin', 'firmware.bin']))
add('t07/thermostat-fw/releases/CHANGELOG.md', fill('''## v@{v} (@{short})

- Fix PID windup when the window sensor reports open (#@{i1})
- Device UUIDs are now stable across factory resets: the first unit on the bench
  reported `@{dev}` both before and after a reset.
- Built from commit @{commit}.
''', v=fw_ver, short=commit[:7], i1=random.randint(40, 140), dev=uid(), commit=commit))

# t08: Ansible templates for Pi access point + cloud-init with public key only
add('t08/ansible/roles/access_point/templates/hostapd.conf.j2', '''# {{ ansible_managed }}
interface={{ ap_interface | default('wlan0') }}
driver=nl80211
country_code={{ ap_country }}
ssid={{ ap_ssid }}
hw_mode=a
channel={{ ap_channel | default(36) }}
ieee80211n=1
ieee80211ac=1
wmm_enabled=1
auth_algs=1
ignore_broadcast_ssid=0
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase={{ ap_wpa_passphrase }}
''')
add('t08/ansible/roles/access_point/templates/wpa_supplicant.conf.j2', '''# {{ ansible_managed }}
ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country={{ ap_country }}

{% for net in uplink_networks %}
network={
    ssid="{{ net.ssid }}"
    psk="{{ net.psk }}"
    priority={{ net.priority | default(1) }}
}
{% endfor %}
''')
add('t08/ansible/group_vars/pis/vars.yml', '''ap_country: NL
ap_ssid: CamNet
ap_channel: 36
ap_wpa_passphrase: "{{ vault_ap_wpa_passphrase }}"
uplink_networks:
  - ssid: "{{ vault_home_ssid }}"
    psk: "{{ vault_home_psk }}"
    priority: 10
''')
add('t08/ansible/group_vars/pis/vault.yml', '$ANSIBLE_VAULT;1.1;AES256\n' + wrap(''.join(
    hx(2) for _ in range(320)), 80) + '\n')
add('t08/cloud-init/user-data', fill('''#cloud-config
hostname: sensorhub
manage_etc_hosts: true
users:
  - name: pi
    groups: users,adm,dialout,audio,netdev,video,plugdev,cdrom,games,input,gpio,spi,i2c,render,sudo
    shell: /bin/bash
    lock_passwd: true
    sudo: ALL=(ALL) NOPASSWD:ALL
    ssh_authorized_keys:
      - @{k1}
      - @{k2}
ssh_pwauth: false
timezone: Europe/Amsterdam
package_update: true
packages:
  - mosquitto-clients
  - python3-venv
runcmd:
  - [ sh, -c, "curl -fsSL https://tailscale.com/install.sh | sh" ]
  - [ sh, -c, "tailscale up --authkey=file:/run/secrets/ts-authkey --ssh" ]
''', k1=ed_pub('jan@thinkpad'), k2=ed_pub('ansible@nas')))

# t09: Node-RED with env-provided credentialSecret, encrypted creds and a redacted API dump
add('t09/node-red/settings.js', '''module.exports = {
    flowFile: 'flows.json',
    flowFilePretty: true,
    // The key for flows_cred.json is injected by systemd from /etc/node-red/credential.key
    credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,
    uiPort: process.env.PORT || 1880,
    adminAuth: require('./admin-auth.js'),   // generated on the host, not in git
    logging: { console: { level: "info", metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false } },
}
''')
add('t09/node-red/flows_cred.json', json.dumps({'$': hx(32) + b64(300)}, indent=4))
add('t09/node-red/docs/debugging-broker.md', fill('''# Debugging the MQTT broker node

`GET /flow/global` from the admin API never returns stored passwords; the editor
only learns whether one is set:

```json
{
  "id": "@{nid}",
  "type": "mqtt-broker",
  "broker": "@{broker}",
  "port": "1883",
  "credentials": { "user": "nodered", "has_password": true }
}
```

When editing the node the password field shows `__PWRD__`, which is the editor's
marker for "keep the stored value". If you see the literal string `__PWRD__`
arriving at mosquitto, the credentials file could not be decrypted - check that
`NODE_RED_CREDENTIAL_SECRET` is set in the service environment.
''', nid=hx(16), broker=lan(1)))

# t10: LoRaWAN MIC unit tests with published AES-CMAC vectors + identifiers only
rfc_key = '2b7e1516' + '28aed2a6' + 'abf71588' + '09cf4f3c'
add('t10/lorawan-mic/test/test_cmac.c', fill('''/* AES-CMAC known-answer tests.
 * Vectors are the published ones from RFC 4493, section 4 ("Test Vectors"):
 * they are public reference data, not a device key.
 */
#include <string.h>
#include "unity.h"
#include "cmac.h"

static const char *RFC4493_KEY = "@{key}";

static void hex2bin(const char *h, uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) sscanf(h + 2 * i, "%2hhx", &out[i]);
}

void test_cmac_empty_message(void) {
    uint8_t key[16], mac[16], want[16];
    hex2bin(RFC4493_KEY, key, 16);
    hex2bin("bb1d6929" "e9593728" "7fa37d12" "9b756746", want, 16);
    aes_cmac(key, NULL, 0, mac);
    TEST_ASSERT_EQUAL_MEMORY(want, mac, 16);
}

void test_cmac_16_bytes(void) {
    uint8_t key[16], msg[16], mac[16], want[16];
    hex2bin(RFC4493_KEY, key, 16);
    hex2bin("6bc1bee2" "2e409f96" "e93d7e11" "7393172a", msg, 16);
    hex2bin("070a16b4" "6b4d4144" "f79bdd9d" "d04a287c", want, 16);
    aes_cmac(key, msg, 16, mac);
    TEST_ASSERT_EQUAL_MEMORY(want, mac, 16);
}

int main(void) {
    UNITY_BEGIN();
    RUN_TEST(test_cmac_empty_message);
    RUN_TEST(test_cmac_16_bytes);
    return UNITY_END();
}
''', key=rfc_key))
add('t10/lorawan-mic/devices.csv', 'name,dev_eui,join_eui,app_key\n' + ''.join(
    'soil-%02d,70B3D57ED00%s,0000000000000000,(in TTN join server)\n' % (i, hx(5).upper()) for i in range(1, 7)))
add('t10/lorawan-mic/README.md', '''# lorawan-mic

Small MIC / key derivation helpers used by the soil sensor firmware.

* **DevEUI** and **JoinEUI** are public identifiers (they are printed on the
  device label and sent in clear in every join request) - `devices.csv` lists them.
* **AppKey** is 16 bytes, written as 32 hex digits (`<APPKEY>`). It is secret and
  lives only in The Things Stack join server and in the device's secure element;
  it is never committed here.
''')

# t11: homelab compose + helm chart using variables and secret references
add('t11/homelab/docker-compose.yml', '''services:
  mosquitto:
    image: eclipse-mosquitto:2.0.18
    restart: unless-stopped
    ports: ["1883:1883"]
    volumes:
      - ./mosquitto/config:/mosquitto/config
  zigbee2mqtt:
    image: koenkk/zigbee2mqtt:1.38.0
    restart: unless-stopped
    environment:
      TZ: Europe/Amsterdam
      ZIGBEE2MQTT_CONFIG_MQTT_USER: z2m
      ZIGBEE2MQTT_CONFIG_MQTT_PASSWORD: ${Z2M_MQTT_PASSWORD}
    devices:
      - /dev/serial/by-id/usb-Itead_Sonoff_Zigbee_3.0_USB_Dongle_Plus:/dev/ttyACM0
  cloudflared:
    image: cloudflare/cloudflared:2024.6.0
    restart: unless-stopped
    network_mode: host
    command: tunnel --no-autoupdate run
    environment:
      TUNNEL_TOKEN: ${CLOUDFLARE_TUNNEL_TOKEN:?set it in .env}
''')
add('t11/homelab/.env.example', '''# copy to .env (ignored by git)
Z2M_MQTT_PASSWORD=
CLOUDFLARE_TUNNEL_TOKEN=<paste the token from Zero Trust -> Networks -> Tunnels>
''')
add('t11/charts/mosquitto/templates/secret.yaml', '''apiVersion: v1
kind: Secret
metadata:
  name: {{ include "mosquitto.fullname" . }}-auth
type: Opaque
data:
  username: {{ .Values.auth.username | b64enc | quote }}
  password: {{ required "auth.password is required" .Values.auth.password | b64enc | quote }}
''')
add('t11/charts/mosquitto/values.yaml', '''auth:
  username: homeassistant
  password: ""        # supply with --set auth.password=... or an external secret
bridge:
  enabled: false
  remote:
    address: ""
    passwordSecretRef:
      name: mosquitto-bridge
      key: remote-password
''')

# t12: Zigbee2MQTT with !secret references, GENERATE key and a redacted log
add('t12/zigbee2mqtt/data/configuration.yaml', fill('''homeassistant:
  enabled: true
frontend:
  enabled: true
  port: 8080
mqtt:
  base_topic: zigbee2mqtt
  server: mqtt://@{broker}:1883
  user: '!secret.yaml user'
  password: '!secret.yaml password'
serial:
  port: /dev/serial/by-id/usb-Itead_Sonoff_Zigbee_3.0_USB_Dongle_Plus_V2_@{dongle}-if00-port0
  adapter: ember
advanced:
  log_level: info
  channel: 25
  pan_id: GENERATE
  ext_pan_id: GENERATE
  network_key: GENERATE
devices:
  '0x00158d000@{d1}':
    friendly_name: hallway/motion
''', broker=lan(1), dongle=hx(32), d1=hx(7)))
add('t12/zigbee2mqtt/bug-report.md', fill('''### Z2M keeps reconnecting to the broker

Log with secrets masked (network key and MQTT password replaced by me):

```
[2024-06-02 21:14:07] info:  z2m: Logging to console, file (filename: log.log)
[2024-06-02 21:14:07] info:  z2m: Starting Zigbee2MQTT version 1.38.0 (commit #@{c})
[2024-06-02 21:14:08] info:  zh:ember: Network key: [****************]
[2024-06-02 21:14:09] info:  z2m: Coordinator firmware version: '{"meta":{"build":0,"revision":"7.4.1.0"},"type":"EmberZNet"}'
[2024-06-02 21:14:10] info:  z2m: Connecting to MQTT server at mqtt://@{broker}:1883
[2024-06-02 21:14:10] debug: z2m: Using MQTT login with username 'z2m' and password '********'
[2024-06-02 21:14:15] error: z2m: MQTT error: Connection refused: Not authorized
```

Home Assistant side shows the same thing (`Authorization: Bearer <redacted>` in the
http debug output). Device unique ids for reference: `@{u1}`, `@{u2}`.
''', c=hx(7), broker=lan(1), u1=uid(), u2=uid()))

write()
