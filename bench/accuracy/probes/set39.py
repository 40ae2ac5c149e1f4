# Usage: python3 set39.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 39 (stop 30): mobile apps, front-end bundles, browser extensions and game projects
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, json, random, string

start()

# ---------------------------------------------------------------- helpers
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')
VALS = []          # every drawn secret value, checked against BAD at the end
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
URLSAFE = A + '-_'
B64 = A + '+/'


def S(f):
    """Draws with f() until the value holds none of the forbidden words; remembers it."""
    while True:
        s = f()
        if not any(w in s.lower() for w in BAD):
            VALS.append(s)
            return s


def rr(n, al=A):
    return S(lambda: r(n, al))


def num(n):
    return str(random.randint(1, 9)) + r(n - 1, DG)


def uuid():
    h = hx(32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{random.choice("89ab")}{h[17:20]}-{h[20:]}'


def rbytes(n):
    return bytes(random.randrange(256) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


WORDS = ['Sunflower', 'Harbor', 'Falcon', 'Maple', 'Orbit', 'Copper', 'Lantern', 'Glacier', 'Pixel',
         'Raven', 'Summit', 'Cobalt', 'Willow', 'Thunder', 'Meadow', 'Nebula', 'Panther', 'Velvet',
         'Canyon', 'Dragon', 'Ember', 'Juniper', 'Mango', 'Rocket', 'Sparrow', 'Tundra', 'Zephyr']
SYM = '!@#%*-_+.'


def pw_human():
    def f():
        w = random.choice(WORDS)
        if random.random() < 0.4:
            w += random.choice(WORDS).lower()
        d = random.choice([str(random.randint(2019, 2026)), num(2), num(3), num(4)])
        return w + d + random.choice(['!', '#', '@', '*', '!!', '.', ''])
    return S(f)


def pw_rand(n=None):
    n = n or random.randint(16, 24)
    return S(lambda: random.choice(string.ascii_letters) + r(n - 1, A + SYM))


def pw():
    return pw_human() if random.random() < 0.5 else pw_rand()


def pem_wrap(label, der):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return f'-----BEGIN {label}-----\n' + '\n'.join(lines) + f'\n-----END {label}-----\n'


def ec_p8():
    """PKCS#8 P-256 private key as App Store Connect / APNs / Sign in with Apple hand it out (.p8)."""
    def f():
        der = (bytes.fromhex('308193020100301306072a8648ce3d020106082a8648ce3d030107047930770201010420')
               + rbytes(32) + bytes.fromhex('a00a06082a8648ce3d030107a14403420004') + rbytes(64))
        return pem_wrap('PRIVATE KEY', der)
    return S(f)


def rsa_p8():
    """PKCS#8 RSA-2048 private key, as in Google service-account JSON files."""
    def f():
        head = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100')
        mod = bytes([random.randrange(0xc0, 0x100)]) + rbytes(255)
        rest = bytes.fromhex('020301000102820100') + rbytes(0x4bd + 4 - len(head) - 256 - 9)
        return pem_wrap('PRIVATE KEY', head + mod + rest)
    return S(f)


def rsa_pub_b64():
    """Base64 SubjectPublicKeyInfo of an RSA-2048 public key (Chrome manifest "key", Play licensing key)."""
    der = (bytes.fromhex('30820122300d06092a864886f70d01010105000382010f003082010a0282010100')
           + bytes([random.randrange(0xc0, 0x100)]) + rbytes(255) + bytes.fromhex('0203010001'))
    return base64.b64encode(der).decode()


def jwt(payload):
    h = b64u(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')).encode())
    p = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return S(lambda: f'{h}.{p}.{b64u(rbytes(32))}')


# provider formats
def aws_id():
    return S(lambda: 'AKIA' + r(16, UP + '234567'))


def aws_secret():
    return S(lambda: r(40, B64))


def stripe_sk():
    return S(lambda: 'sk_live_51' + r(14, A) + r(83, A))


def stripe_whsec():
    return S(lambda: 'whsec_' + r(32))


def google_key():
    return S(lambda: 'AIzaSy' + r(33, URLSAFE))


def mapbox_sk(user):
    def f():
        body = b64u(json.dumps({'u': user, 'a': 'cl' + r(23, LO + DG)}, separators=(',', ':')).encode())
        return f'sk.{body}.{r(22, URLSAFE)}'
    return S(f)


def fcm_server_key():
    return S(lambda: 'AAAA' + r(7, URLSAFE) + ':APA91b' + r(134, URLSAFE))


def openai_legacy():
    return S(lambda: 'sk-' + r(20) + 'T3BlbkFJ' + r(20))


def openai_proj():
    return S(lambda: 'sk-proj-' + r(74, URLSAFE) + 'T3BlbkFJ' + r(74, URLSAFE))


def twilio_sid():
    return S(lambda: 'AC' + hx(32))


def slack_hook():
    return S(lambda: f'https://hooks.slack.com/services/T{r(8, UP + DG)}/B{r(10, UP + DG)}/{r(24)}')


def discord_hook():
    return S(lambda: f'https://discord.com/api/webhooks/1{random.choice("1234")}{r(17, DG)}/{r(68, URLSAFE)}')


def google_secret():
    return S(lambda: 'GOCSPX-' + r(28, URLSAFE))


def uid():
    return S(uuid)


# ---------------------------------------------------------------- Android
p1, p2 = pw(), pw()
add('c01/android/gradle.properties', f'''# Project-wide Gradle settings.

# IDE (e.g. Android Studio) users:
# Gradle settings configured through the IDE *will override*
# any settings specified in this file.

# For more details on how to configure your build environment visit
# http://www.gradle.org/docs/current/userguide/build_environment.html

# Specifies the JVM arguments used for the daemon process.
# The setting is particularly useful for tweaking memory settings.
# Default value: -Xmx512m -XX:MaxMetaspaceSize=256m
org.gradle.jvmargs=-Xmx2048m -XX:MaxMetaspaceSize=512m

# AndroidX package structure to make it clearer which packages are bundled with the
# Android operating system, and which are packaged with your app's APK
# https://developer.android.com/topic/libraries/support-library/androidx-rn
android.useAndroidX=true

# Use this property to specify which architecture you want to build.
reactNativeArchitectures=armeabi-v7a,arm64-v8a,x86,x86_64

# Use this property to enable support to the new architecture.
newArchEnabled=true

# Use this property to enable or disable the Hermes JS engine.
hermesEnabled=true

# release signing (see android/app/build.gradle)
TRAILMATE_UPLOAD_STORE_FILE=trailmate-upload.keystore
TRAILMATE_UPLOAD_KEY_ALIAS=trailmate-upload
TRAILMATE_UPLOAD_STORE_PASSWORD={p1}
TRAILMATE_UPLOAD_KEY_PASSWORD={p2}
''')

add('c02/local.properties', f'''## This file must *NOT* be checked into Version Control Systems,
# as it contains information specific to your local configuration.
#
# Location of the SDK. This is only used by Gradle.
# For customization when using a Version Control System, please read the
# header note.
#Tue Mar 12 09:41:27 CET 2024
sdk.dir=/Users/mkowalski/Library/Android/sdk

# secrets-gradle-plugin
MAPS_API_KEY={google_key()}
PLACES_SERVER_KEY={google_key()}
''')

add('c03/app/src/main/res/values/strings.xml', f'''<?xml version="1.0" encoding="utf-8"?>
<resources>
    <string name="app_name">Parkly</string>
    <string name="title_activity_checkout">Checkout</string>
    <string name="checkout_pay_button">Pay %1$s</string>
    <string name="checkout_error_generic">Something went wrong, please try again.</string>
    <string name="stripe_publishable_key">pk_live_51{rr(14)}{rr(83)}</string>
    <!-- TODO move to backend before release -->
    <string name="stripe_secret_key" translatable="false">{stripe_sk()}</string>
    <string name="default_notification_channel_id">parkly_reminders</string>
</resources>
''')

sp, kp = pw(), pw()
add('c04/app/build.gradle', f'''plugins {{
    id 'com.android.application'
    id 'org.jetbrains.kotlin.android'
    id 'com.google.gms.google-services'
}}

android {{
    namespace 'com.brightloop.fitcoach'
    compileSdk 34

    defaultConfig {{
        applicationId "com.brightloop.fitcoach"
        minSdk 24
        targetSdk 34
        versionCode 47
        versionName "2.3.1"

        testInstrumentationRunner "androidx.test.runner.AndroidJUnitRunner"
    }}

    signingConfigs {{
        release {{
            storeFile file("../keystore/fitcoach-release.jks")
            storePassword "{sp}"
            keyAlias "fitcoach"
            keyPassword "{kp}"
        }}
    }}

    buildTypes {{
        release {{
            minifyEnabled true
            shrinkResources true
            proguardFiles getDefaultProguardFile('proguard-android-optimize.txt'), 'proguard-rules.pro'
            signingConfig signingConfigs.release
        }}
    }}
    compileOptions {{
        sourceCompatibility JavaVersion.VERSION_17
        targetCompatibility JavaVersion.VERSION_17
    }}
    kotlinOptions {{
        jvmTarget = '17'
    }}
    buildFeatures {{
        viewBinding true
    }}
}}

dependencies {{
    implementation 'androidx.core:core-ktx:1.12.0'
    implementation 'androidx.appcompat:appcompat:1.6.1'
    implementation 'com.google.android.material:material:1.11.0'
    implementation platform('com.google.firebase:firebase-bom:32.7.2')
    implementation 'com.google.firebase:firebase-analytics'
}}
''')

tw_sid, tw_tok, tw_svc = twilio_sid(), S(lambda: hx(32)), S(lambda: 'VA' + hx(32))
add('c05/app/build.gradle.kts', f'''plugins {{
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}}

android {{
    namespace = "io.quickverify.app"
    compileSdk = 35

    defaultConfig {{
        applicationId = "io.quickverify.app"
        minSdk = 26
        targetSdk = 35
        versionCode = 12
        versionName = "1.4.0"

        buildConfigField("String", "API_BASE_URL", "\\"https://api.quickverify.io/v1/\\"")
        // Twilio Verify - phone OTP
        buildConfigField("String", "TWILIO_ACCOUNT_SID", "\\"{tw_sid}\\"")
        buildConfigField("String", "TWILIO_AUTH_TOKEN", "\\"{tw_tok}\\"")
        buildConfigField("String", "TWILIO_VERIFY_SID", "\\"{tw_svc}\\"")
    }}

    buildTypes {{
        release {{
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }}
    }}
    buildFeatures {{
        compose = true
        buildConfig = true
    }}
}}

dependencies {{
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.material3)
    implementation(libs.retrofit)
    implementation(libs.okhttp.logging)
}}
''')

add('c06/app/build/generated/source/buildConfig/release/com/nomadnotes/app/BuildConfig.java', f'''/**
 * Automatically generated file. DO NOT MODIFY
 */
package com.nomadnotes.app;

public final class BuildConfig {{
  public static final boolean DEBUG = false;
  public static final String APPLICATION_ID = "com.nomadnotes.app";
  public static final String BUILD_TYPE = "release";
  public static final int VERSION_CODE = 31;
  public static final String VERSION_NAME = "3.0.2";
  // Field from default config.
  public static final String OPENAI_API_KEY = "{openai_legacy()}";
  // Field from default config.
  public static final String OPENAI_MODEL = "gpt-3.5-turbo";
  // Field from build type: release
  public static final String SERVER_URL = "https://api.nomadnotes.app";
}}
''')

add('c07/gradle.properties', f'''org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8
org.gradle.parallel=true
org.gradle.caching=true
android.useAndroidX=true
android.nonTransitiveRClass=true
kotlin.code.style=official

# Mapbox Maps SDK v11 - secret token with DOWNLOADS:READ scope,
# used by the maven repo in settings.gradle
MAPBOX_DOWNLOADS_TOKEN={mapbox_sk("routewise")}
''')

add('c08/app/src/main/assets/payment_config.json', json.dumps({
    'environment': 'production',
    'braintree': {
        'merchantId': rr(16, LO + DG),
        'publicKey': rr(16, LO + DG),
        'privateKey': S(lambda: hx(32)),
        'merchantAccountId': 'gearbaystoreEUR',
    },
    'currency': 'EUR',
    'threeDSecure': True,
    'supportedNetworks': ['visa', 'mastercard', 'amex'],
}, indent=2) + '\n')

proj = 'tidepool-mobile'
sa_email = f'play-publisher@{proj}.iam.gserviceaccount.com'
add('c09/android/fastlane/play-store-credentials.json', json.dumps({
    'type': 'service_account',
    'project_id': proj,
    'private_key_id': S(lambda: hx(40)),
    'private_key': rsa_p8(),
    'client_email': sa_email,
    'client_id': num(21),
    'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/' + sa_email.replace('@', '%40'),
    'universe_domain': 'googleapis.com',
}, indent=2) + '\n')

add('c10/app/src/main/java/com/chirpchat/android/push/PushSender.kt', f"""package com.chirpchat.android.push

import android.util.Log
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import org.json.JSONObject

/**
 * Sends a chat notification straight to the other device through FCM.
 * (quick fix until the cloud function is back)
 */
object PushSender {{
    private const val TAG = "PushSender"
    private const val FCM_URL = "https://fcm.googleapis.com/fcm/send"
    private const val SERVER_KEY = "{fcm_server_key()}"

    private val client = OkHttpClient()

    suspend fun send(toToken: String, title: String, body: String, chatId: String) = withContext(Dispatchers.IO) {{
        val payload = JSONObject()
            .put("to", toToken)
            .put("priority", "high")
            .put("notification", JSONObject().put("title", title).put("body", body))
            .put("data", JSONObject().put("chatId", chatId))

        val request = Request.Builder()
            .url(FCM_URL)
            .addHeader("Authorization", "key=$SERVER_KEY")
            .post(payload.toString().toRequestBody("application/json".toMediaType()))
            .build()

        client.newCall(request).execute().use {{ resp ->
            if (!resp.isSuccessful) Log.w(TAG, "FCM send failed: ${{resp.code}}")
        }}
    }}
}}
""")

# ---------------------------------------------------------------- iOS
add('c11/Pinboard/Info.plist', f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDevelopmentRegion</key>
	<string>$(DEVELOPMENT_LANGUAGE)</string>
	<key>CFBundleDisplayName</key>
	<string>Pinboard</string>
	<key>CFBundleExecutable</key>
	<string>$(EXECUTABLE_NAME)</string>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>CFBundleShortVersionString</key>
	<string>$(MARKETING_VERSION)</string>
	<key>CFBundleVersion</key>
	<string>$(CURRENT_PROJECT_VERSION)</string>
	<key>CFBundleURLTypes</key>
	<array>
		<dict>
			<key>CFBundleURLSchemes</key>
			<array>
				<string>twitterkit-{(tck := rr(25))}</string>
			</array>
		</dict>
	</array>
	<key>LSApplicationQueriesSchemes</key>
	<array>
		<string>twitter</string>
		<string>twitterauth</string>
	</array>
	<key>TwitterConsumerKey</key>
	<string>{tck}</string>
	<key>TwitterConsumerSecret</key>
	<string>{rr(50)}</string>
	<key>NSPhotoLibraryUsageDescription</key>
	<string>Pinboard needs access to your photos to attach images to pins.</string>
	<key>UILaunchStoryboardName</key>
	<string>LaunchScreen</string>
	<key>UIRequiredDeviceCapabilities</key>
	<array>
		<string>armv7</string>
	</array>
</dict>
</plist>
""")

add('c12/Config/Secrets.xcconfig', f"""//
//  Secrets.xcconfig
//  Lumen
//
//  Referenced from Release.xcconfig via #include "Secrets.xcconfig"
//

API_HOST = api.lumenphoto.app
API_BASE_URL = https:/$()/$(API_HOST)/v2

// RevenueCat
REVENUECAT_PUBLIC_KEY = appl_{rr(27)}
REVENUECAT_SECRET_KEY = sk_{rr(32)}

// Mixpanel export (used by the weekly stats script phase)
MIXPANEL_TOKEN = {S(lambda: hx(32))}
MIXPANEL_API_SECRET = {S(lambda: hx(32))}
""")

apple_user = 'releases@harborlight.io'
add('c13/fastlane/.env', f"""# fastlane environment - harborlight iOS
FASTLANE_USER={apple_user}
FASTLANE_PASSWORD={pw()}
FASTLANE_APPLE_APPLICATION_SPECIFIC_PASSWORD={S(lambda: '-'.join(r(4, LO) for _ in range(4)))}
FASTLANE_TEAM_ID={rr(10, UP + DG)}
FASTLANE_ITC_TEAM_ID={num(9)}

MATCH_GIT_URL=git@github.com:harborlight/ios-certificates.git
MATCH_PASSWORD={pw()}
MATCH_KEYCHAIN_PASSWORD={pw_human()}

FASTLANE_SKIP_UPDATE_CHECK=1
FASTLANE_HIDE_CHANGELOG=1
""")

gh_user = 'orbitly-ci'
while True:
    ghp = S(lambda: ck('ghp_'))
    basic = base64.b64encode(f'{gh_user}:{ghp}'.encode()).decode()
    if not any(w in basic.lower() for w in BAD):
        break
add('c14/ios/fastlane/Fastfile', f"""default_platform(:ios)

ENV["MATCH_PASSWORD"] = "{pw()}"

platform :ios do
  before_all do
    setup_ci if ENV["CI"]
  end

  desc "Sync signing certificates"
  lane :certs do
    match(
      type: "appstore",
      app_identifier: ["com.orbitly.app", "com.orbitly.app.widget"],
      git_url: "https://github.com/orbitly/certificates.git",
      git_basic_authorization: "{basic}",
      readonly: true
    )
  end

  desc "Push a new beta build to TestFlight"
  lane :beta do
    certs
    increment_build_number(xcodeproj: "Orbitly.xcodeproj")
    build_app(scheme: "Orbitly", export_method: "app-store")
    upload_to_testflight(skip_waiting_for_build_processing: true)
    slack(message: "Orbitly beta uploaded :rocket:")
  end
end
""")

asc_id = r(10, UP + DG)
add(f'c15/fastlane/AuthKey_{asc_id}.p8', ec_p8())

asc_id2 = r(10, UP + DG)
add('c16/fastlane/api_key.json', json.dumps({
    'key_id': asc_id2,
    'issuer_id': uuid(),
    'key': ec_p8(),
    'duration': 1200,
    'in_house': False,
}, indent=2) + '\n')

sg = S(lambda: 'SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE))
alg_app = r(10, UP + DG)
add('c17/Shopwise/Support/APIKeys.swift', f"""//
//  APIKeys.swift
//  Shopwise
//
//  Created by Daniel Okafor on 14/02/2024.
//

import Foundation

enum APIKeys {{
    // Algolia
    static let algoliaAppID = "{alg_app}"
    static let algoliaSearchKey = "{S(lambda: hx(32))}"
    static let algoliaAdminKey = "{S(lambda: hx(32))}"   // for reindexing from the admin screen

    // SendGrid - order confirmation mails
    static let sendGridAPIKey = "{sg}"
    static let sendGridFrom = "orders@shopwise.store"
}}
""")

add('c18/ci/netrc', f"""machine gitlab.northwind-labs.com
login ci-ios-builder
password {S(lambda: 'glpat-' + r(20, URLSAFE))}

machine api.mapbox.com
login mapbox
password {mapbox_sk("northwindlabs")}
""")

# ---------------------------------------------------------------- Flutter / React Native / Expo
sb_ref = r(20, LO)
iat = random.randint(1690000000, 1735000000)
add('c19/assets/.env', f"""SUPABASE_URL=https://{sb_ref}.supabase.co
SUPABASE_ANON_KEY={jwt({'iss': 'supabase', 'ref': sb_ref, 'role': 'anon', 'iat': iat, 'exp': iat + 315360000})}
SUPABASE_SERVICE_ROLE_KEY={jwt({'iss': 'supabase', 'ref': sb_ref, 'role': 'service_role', 'iat': iat, 'exp': iat + 315360000})}

ONESIGNAL_APP_ID={uuid()}
ONESIGNAL_REST_API_KEY={S(lambda: base64.b64encode(uuid().encode()).decode())}

SENTRY_ENVIRONMENT=production
""")

add('c20/lib/core/constants.dart', f"""import 'package:flutter/material.dart';

class AppConstants {{
  AppConstants._();

  static const String appName = 'Journly';
  static const String privacyUrl = 'https://journly.app/privacy';
  static const Duration requestTimeout = Duration(seconds: 45);

  // AI reflections
  static const String anthropicBaseUrl = 'https://api.anthropic.com/v1/messages';
  static const String anthropicApiKey =
      '{S(lambda: 'sk-ant-api03-' + r(93, URLSAFE) + 'AA')}';
  static const String anthropicModel = 'claude-3-5-sonnet-20241022';
  static const String anthropicVersion = '2023-06-01';

  static const Color seedColor = Color(0xFF6750A4);
}}
""")

add('c21/.env', f"""API_URL=https://api.snapshelf.co
APP_ENV=production
CODEPUSH_KEY_IOS={rr(32)}
CODEPUSH_KEY_ANDROID={rr(32)}

# receipt uploads go straight to S3
AWS_REGION=eu-west-1
AWS_S3_BUCKET=snapshelf-receipts-prod
AWS_ACCESS_KEY_ID={aws_id()}
AWS_SECRET_ACCESS_KEY={aws_secret()}
""")

org = 'kitehub'
tok_iat = random.randint(1700000000, 1760000000)
payload = json.dumps({'iat': tok_iat + random.randint(0, 999999) / 1e6, 'url': 'https://sentry.io',
                      'region_url': 'https://de.sentry.io', 'org': org}, separators=(',', ':'))
sntrys = S(lambda: 'sntrys_' + base64.b64encode(payload.encode()).decode().rstrip('=') + '_' + base64.b64encode(rbytes(32)).decode().rstrip('='))
add('c22/android/sentry.properties', f"""defaults.url=https://sentry.io/
defaults.org={org}
defaults.project=kitehub-mobile
auth.token={sntrys}
""")

ably = S(lambda: f'{rr(6)}.{rr(6, URLSAFE)}:{rr(43, URLSAFE)}')
add('c23/src/services/realtime.ts', f"""import * as Ably from 'ably';
import {{ useEffect, useState }} from 'react';

import {{ useAuth }} from '../context/AuthContext';

const ABLY_KEY = '{ably}';

let client: Ably.Realtime | null = null;

export function getRealtime(clientId: string): Ably.Realtime {{
  if (!client) {{
    client = new Ably.Realtime({{ key: ABLY_KEY, clientId, echoMessages: false }});
  }}
  return client;
}}

export function useDriverLocation(orderId: string) {{
  const {{ user }} = useAuth();
  const [position, setPosition] = useState<{{ lat: number; lng: number }} | null>(null);

  useEffect(() => {{
    if (!user) return;
    const channel = getRealtime(user.id).channels.get(`order:${{orderId}}:location`);
    const onMessage = (msg: Ably.Message) => setPosition(msg.data);
    channel.subscribe('position', onMessage);
    return () => channel.unsubscribe('position', onMessage);
  }}, [orderId, user]);

  return position;
}}
""")

add('c24/android/key.properties', f"""storePassword={pw()}
keyPassword={pw()}
keyAlias=upload
storeFile=/Users/anika/keys/upload-keystore.jks
""")

add('c25/eas.json', json.dumps({
    'cli': {'version': '>= 12.5.0', 'appVersionSource': 'remote'},
    'build': {
        'development': {'developmentClient': True, 'distribution': 'internal'},
        'preview': {'distribution': 'internal', 'channel': 'preview'},
        'production': {
            'autoIncrement': True,
            'channel': 'production',
            'env': {
                'EXPO_PUBLIC_API_URL': 'https://api.gatherly.events',
                'SENTRY_ORG': 'gatherly',
                'SENTRY_PROJECT': 'gatherly-app',
                'SENTRY_AUTH_TOKEN': S(lambda: 'sntryu_' + hx(64)),
            },
        },
    },
    'submit': {
        'production': {
            'ios': {'appleId': 'dev@gatherly.events', 'ascAppId': num(10), 'appleTeamId': r(10, UP + DG)},
            'android': {'serviceAccountKeyPath': './secrets/play-account.json', 'track': 'internal'},
        },
    },
}, indent=2) + '\n')

# ---------------------------------------------------------------- front-end apps and bundles
add('c26/.env.production', f"""VITE_APP_NAME=Promptly
VITE_API_URL=https://api.promptly.chat
VITE_POSTHOG_KEY=phc_{rr(43)}
VITE_POSTHOG_HOST=https://eu.i.posthog.com
VITE_GROQ_API_KEY={S(lambda: 'gsk_' + r(52))}
VITE_GROQ_MODEL=llama-3.1-70b-versatile
""")

db_pw = pw_rand()
add('c27/.env.local', f"""# Created by Vercel CLI
DATABASE_URL="postgresql://quillbase_app:{db_pw}@ep-{rr(6, LO)}-{rr(6, LO)}-{rr(8, LO + DG)}.eu-central-1.aws.neon.tech/quillbase?sslmode=require"

NEXTAUTH_URL="http://localhost:3000"
NEXTAUTH_SECRET="{S(lambda: base64.b64encode(rbytes(32)).decode())}"

GITHUB_ID="Ov23li{rr(14)}"
GITHUB_SECRET="{S(lambda: hx(40))}"

STRIPE_SECRET_KEY="{stripe_sk()}"
STRIPE_WEBHOOK_SECRET="{stripe_whsec()}"
NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY="pk_live_51{rr(97)}"
""")

add('c28/nuxt.config.ts', f"""// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({{
  compatibilityDate: '2024-11-01',
  devtools: {{ enabled: true }},
  modules: ['@nuxtjs/tailwindcss', '@pinia/nuxt', '@nuxt/image'],

  runtimeConfig: {{
    shopifyAdminToken: '{S(lambda: 'shpat_' + hx(32))}',
    shopifyWebhookSecret: '{S(lambda: hx(64))}',
    public: {{
      shopDomain: 'linen-and-loom.myshopify.com',
      storefrontToken: '{S(lambda: hx(32))}',
      apiVersion: '2024-10',
    }},
  }},

  image: {{
    domains: ['cdn.shopify.com'],
  }},
}})
""")

add('c29/src/environments/environment.prod.ts', f"""export const environment = {{
  production: true,
  apiUrl: 'https://api.fieldnotes.travel',
  contentful: {{
    spaceId: '{rr(12, LO + DG)}',
    environment: 'master',
    deliveryToken: '{rr(43, URLSAFE)}',
    managementToken: '{S(lambda: 'CFPAT-' + r(43, URLSAFE))}',
  }},
  mapTilerKey: '{rr(20)}',
  sentryDsn: 'https://{S(lambda: hx(32))}@o{num(6)}.ingest.de.sentry.io/{num(16)}',
}};
""")

vh = r(8, URLSAFE)
add(f'c30/dist/assets/index-{vh}.js', f"""import{{r as c,j as e,u as Se,L as ke}}from"./vendor-{rr(8, URLSAFE)}.js";import{{S3Client as Ne,PutObjectCommand as Ae}}from"./aws-{rr(8, URLSAFE)}.js";const ye={{BASE_URL:"/",DEV:!1,MODE:"production",PROD:!0,SSR:!1,VITE_API_URL:"https://api.framecraft.studio",VITE_AWS_ACCESS_KEY_ID:"{aws_id()}",VITE_AWS_BUCKET:"framecraft-uploads",VITE_AWS_REGION:"eu-central-1",VITE_AWS_SECRET_ACCESS_KEY:"{aws_secret()}"}},Re=new Ne({{region:ye.VITE_AWS_REGION,credentials:{{accessKeyId:ye.VITE_AWS_ACCESS_KEY_ID,secretAccessKey:ye.VITE_AWS_SECRET_ACCESS_KEY}}}});async function Ie(t,n){{const s=`originals/${{n}}/${{Date.now()}}-${{t.name}}`;return await Re.send(new Ae({{Bucket:ye.VITE_AWS_BUCKET,Key:s,Body:t,ContentType:t.type}})),s}}function Oe(){{const[t,n]=c.useState([]),[s,a]=c.useState(!1),o=Se();return e.jsxs("div",{{className:"uploader",children:[e.jsx("input",{{type:"file",multiple:!0,accept:"image/*",onChange:async i=>{{a(!0);const l=await Promise.all([...i.target.files].map(d=>Ie(d,o.id)));n(d=>[...d,...l]),a(!1)}}}}),s&&e.jsx("p",{{children:"Uploading\\u2026"}}),e.jsx("ul",{{children:t.map(i=>e.jsx("li",{{children:e.jsx(ke,{{to:`/edit?k=${{encodeURIComponent(i)}}`,children:i.split("/").pop()}})}},i))}})]}})}}export{{Oe as default}};
//# sourceMappingURL=index-{vh}.js.map
""")

ch = hx(8)
alg_app2 = r(10, UP + DG)
add(f'c31/build/static/js/main.{ch}.js', f"""/*! For license information please see main.{ch}.js.LICENSE.txt */
(()=>{{"use strict";var e={{7463:(e,t,n)=>{{var r=n(2791),a=n(1250);t.createRoot=a.createRoot}},4164:(e,t,n)=>{{n.d(t,{{Z:()=>o}});var r=n(4727),a=n.n(r);const o=a()("{alg_app2}","{S(lambda: hx(32))}")}}}},t={{}};function n(r){{var a=t[r];if(void 0!==a)return a.exports;var o=t[r]={{exports:{{}}}};return e[r](o,o.exports,n),o.exports}}n.n=e=>{{var t=e&&e.__esModule?()=>e.default:()=>e;return n.d(t,{{a:t}}),t}},n.d=(e,t)=>{{for(var r in t)n.o(t,r)&&!n.o(e,r)&&Object.defineProperty(e,r,{{enumerable:!0,get:t[r]}})}},n.o=(e,t)=>Object.prototype.hasOwnProperty.call(e,t);var r=n(4164);const a=r.Z.initIndex("products_prod");async function o(e){{const t=await fetch("/api/catalog/"+e).then(e=>e.json());return a.saveObject({{objectID:t.sku,...t}})}}window.__reindex=o}})();
//# sourceMappingURL=main.{ch}.js.map
""")

at_base = 'app' + r(14)
add(f'c32/.next/static/chunks/pages/_app-{hx(16)}.js', f"""(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[888],{{6840:function(e,t,n){{(window.__NEXT_P=window.__NEXT_P||[]).push(["/_app",function(){{return n(3847)}}])}},3847:function(e,t,n){{"use strict";n.r(t),n.d(t,{{default:function(){{return c}}}});var r=n(5893),a=n(7294),o=n(1163);let i="{S(lambda: 'pat' + r(14) + '.' + hx(64))}",s="{at_base}";async function l(e){{let t=await fetch("https://api.airtable.com/v0/".concat(s,"/Waitlist"),{{method:"POST",headers:{{Authorization:"Bearer ".concat(i),"Content-Type":"application/json"}},body:JSON.stringify({{records:[{{fields:{{Email:e,Source:"landing"}}}}]}})}});return t.ok}}function c(e){{let{{Component:t,pageProps:n}}=e,i=(0,o.useRouter)();return(0,a.useEffect)(()=>{{window.joinWaitlist=l}},[i.asPath]),(0,r.jsx)(t,{{...n}})}}}}}},function(e){{var t=function(t){{return e(e.s=t)}};e.O(0,[774,179],function(){{return t(6840),t(3079)}}),_N_E=e.O()}}]);
""")

add('c33/public/config.js', f"""// Runtime config, served as-is by nginx (not bundled) so ops can change it without a rebuild.
window.__APP_CONFIG__ = {{
  apiBaseUrl: "https://portal-api.meridianhealth.de",
  locale: "de-DE",
  supportEmail: "support@meridianhealth.de",
  mailgun: {{
    domain: "mg.meridianhealth.de",
    apiKey: "{S(lambda: hx(32) + '-' + hx(8) + '-' + hx(8))}",
    region: "eu"
  }},
  featureFlags: {{
    videoConsultations: true,
    newBookingFlow: false
  }}
}};
""")

add('c34/webpack.config.js', f"""const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');

const isProd = process.env.NODE_ENV === 'production';

module.exports = {{
  mode: isProd ? 'production' : 'development',
  entry: './src/index.jsx',
  output: {{
    path: path.resolve(__dirname, 'dist'),
    filename: isProd ? '[name].[contenthash].js' : '[name].js',
    publicPath: '/',
  }},
  module: {{
    rules: [
      {{ test: /\\.jsx?$/, exclude: /node_modules/, use: 'babel-loader' }},
      {{ test: /\\.s?css$/, use: [MiniCssExtractPlugin.loader, 'css-loader', 'sass-loader'] }},
    ],
  }},
  resolve: {{ extensions: ['.js', '.jsx'] }},
  plugins: [
    new HtmlWebpackPlugin({{ template: './public/index.html' }}),
    new MiniCssExtractPlugin(),
    new webpack.DefinePlugin({{
      'process.env.API_URL': JSON.stringify('https://api.leadforge.io'),
      'process.env.HUBSPOT_PORTAL_ID': JSON.stringify('{num(8)}'),
      'process.env.HUBSPOT_ACCESS_TOKEN': JSON.stringify('{S(lambda: 'pat-na1-' + uuid())}'),
    }}),
  ],
  devServer: {{ historyApiFallback: true, port: 8080 }},
}};
""")

add('c35/netlify.toml', f"""[build]
  command = "npm run build"
  publish = "dist"
  functions = "netlify/functions"

[build.environment]
  NODE_VERSION = "20"
  NOTION_DATABASE_ID = "{S(lambda: hx(32))}"
  NOTION_TOKEN = "{S(lambda: 'secret_' + r(43))}"

[[redirects]]
  from = "/api/*"
  to = "/.netlify/functions/:splat"
  status = 200

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"
    Referrer-Policy = "strict-origin-when-cross-origin"
""")

# ---------------------------------------------------------------- browser extensions
add('c36/extension/background.js', f"""// Summarize This - MV3 service worker
const OPENAI_API_KEY = "{openai_proj()}";
const MODEL = "gpt-4o-mini";

chrome.runtime.onInstalled.addListener(() => {{
  chrome.contextMenus.create({{
    id: "summarize-selection",
    title: "Summarize selection",
    contexts: ["selection"],
  }});
}});

async function summarize(text) {{
  const res = await fetch("https://api.openai.com/v1/chat/completions", {{
    method: "POST",
    headers: {{
      "Content-Type": "application/json",
      Authorization: `Bearer ${{OPENAI_API_KEY}}`,
    }},
    body: JSON.stringify({{
      model: MODEL,
      messages: [
        {{ role: "system", content: "Summarize the user's text in 3 short bullet points." }},
        {{ role: "user", content: text.slice(0, 12000) }},
      ],
    }}),
  }});
  const data = await res.json();
  return data.choices?.[0]?.message?.content ?? "";
}}

chrome.contextMenus.onClicked.addListener(async (info, tab) => {{
  if (info.menuItemId !== "summarize-selection" || !tab?.id) return;
  const summary = await summarize(info.selectionText);
  chrome.tabs.sendMessage(tab.id, {{ type: "SHOW_SUMMARY", summary }});
}});
""")

ext_id = r(32, 'abcdefghijklmnop')
add('c37/.github/workflows/publish.yml', f"""name: Publish extension

on:
  push:
    tags: ['v*']

jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      EXTENSION_ID: {ext_id}
      CLIENT_ID: {num(12)}-{rr(32, LO + DG)}.apps.googleusercontent.com
      CLIENT_SECRET: {google_secret()}
      REFRESH_TOKEN: {S(lambda: '1//0' + r(2, A) + r(97, URLSAFE))}
      EDGE_PRODUCT_ID: {uuid()}
      EDGE_CLIENT_ID: {uuid()}
      EDGE_CLIENT_SECRET: {S(lambda: r(3) + '8Q~' + r(34, A + '_~.-'))}
      EDGE_ACCESS_TOKEN_URL: https://login.microsoftonline.com/{uuid()}/oauth2/v2.0/token
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm run build && npm run zip
      - name: Upload to Chrome Web Store
        run: npx chrome-webstore-upload-cli@3 upload --source dist/extension.zip --auto-publish
      - name: Upload to Edge Add-ons
        uses: wdzeng/edge-addon@v1
        with:
          product-id: ${{{{ env.EDGE_PRODUCT_ID }}}}
          zip-path: dist/extension.zip
          client-id: ${{{{ env.EDGE_CLIENT_ID }}}}
          client-secret: ${{{{ env.EDGE_CLIENT_SECRET }}}}
          access-token-url: ${{{{ env.EDGE_ACCESS_TOKEN_URL }}}}
""")

add('c38/.env', f"""# used by `npm run sign:firefox` (dotenv -- web-ext sign --channel=listed)
WEB_EXT_SOURCE_DIR=dist/firefox
WEB_EXT_ARTIFACTS_DIR=web-ext-artifacts
WEB_EXT_API_KEY=user:{num(8)}:{num(3)}
WEB_EXT_API_SECRET={S(lambda: hx(64))}
WEB_EXT_CHANNEL=listed
""")

tg = S(lambda: f'{num(10)}:AA{rr(33, URLSAFE)}')
add('c39/src/content/price-watch.js', f"""/* PriceHawk content script: watches product pages and pings our Telegram bot on drops */

const TG_BOT_TOKEN = '{tg}';
const TG_CHAT_ID = '-100{num(10)}';

function readPrice() {{
  const el = document.querySelector('[data-testid="price"], .a-price .a-offscreen, [itemprop="price"]');
  if (!el) return null;
  const value = parseFloat(el.textContent.replace(/[^0-9.,]/g, '').replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}}

async function notify(text) {{
  await fetch(`https://api.telegram.org/bot${{TG_BOT_TOKEN}}/sendMessage`, {{
    method: 'POST',
    headers: {{ 'Content-Type': 'application/json' }},
    body: JSON.stringify({{ chat_id: TG_CHAT_ID, text, disable_web_page_preview: true }}),
  }});
}}

browser.storage.local.get(location.href).then(async (saved) => {{
  const price = readPrice();
  const last = saved[location.href];
  if (price && last && price < last) {{
    await notify(`Price drop: ${{document.title}}\\n${{last}} -> ${{price}}\\n${{location.href}}`);
  }}
  if (price) browser.storage.local.set({{ [location.href]: price }});
}});
""")

# ---------------------------------------------------------------- games
add('c40/Assets/PlayFabSDK/Shared/Public/Resources/PlayFabSharedSettings.asset', f"""%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!114 &11400000
MonoBehaviour:
  m_ObjectHideFlags: 0
  m_CorrespondingSourceObject: {{fileID: 0}}
  m_PrefabInstance: {{fileID: 0}}
  m_PrefabAsset: {{fileID: 0}}
  m_GameObject: {{fileID: 0}}
  m_Enabled: 1
  m_EditorHideFlags: 0
  m_Script: {{fileID: 11500000, guid: {S(lambda: hx(32))}, type: 3}}
  m_Name: PlayFabSharedSettings
  m_EditorClassIdentifier: 
  TitleId: {rr(5, '0123456789ABCDEF')}
  VerticalName: 
  ProductionEnvironmentUrl: 
  RequestType: 0
  RequestTimeout: 2000
  RequestKeepAlive: 1
  LogCapLimit: 30
  EnableRealTimeLogging: 0
  DeveloperSecretKey: {rr(52, UP + DG)}
""")

add('c41/Config/DefaultEngine.ini', f"""[/Script/EngineSettings.GameMapsSettings]
EditorStartupMap=/Game/Maps/MainMenu.MainMenu
GameDefaultMap=/Game/Maps/MainMenu.MainMenu
GlobalDefaultGameMode=/Game/Blueprints/BP_LobbyGameMode.BP_LobbyGameMode_C

[/Script/Engine.RendererSettings]
r.DefaultFeature.AutoExposure=False
r.Lumen.HardwareRayTracing=True
r.Shadow.Virtual.Enable=1

[OnlineSubsystem]
DefaultPlatformService=EOS

[OnlineSubsystemEOS]
bEnabled=true

[/Script/OnlineSubsystemEOS.NetDriverEOS]
bIsUsingP2PSockets=true

[/Script/OnlineSubsystemEOS.EOSSettings]
CacheDir=CacheDir
DefaultArtifactName=IronTideShipping
TickBudgetInMilliseconds=0
bEnableOverlay=True
bEnableSocialOverlay=True
bShouldEnforceBeingLaunchedByEGS=False
+Artifacts=(ArtifactName="IronTideShipping",ClientId="xyza7891{rr(24)}",ClientSecret="{S(lambda: r(43, B64))}",ProductId="{S(lambda: hx(32))}",SandboxId="{S(lambda: hx(32))}",DeploymentId="{S(lambda: hx(32))}",EncryptionKey="{S(lambda: hx(64).upper())}")
bUseEAS=True
bUseEOSConnect=True
bMirrorStatsToEOS=False
bMirrorAchievementsToEOS=False
bUseEOSSessions=True

[/Script/Engine.GameEngine]
+NetDriverDefinitions=(DefName="GameNetDriver",DriverClassName="/Script/OnlineSubsystemEOS.NetDriverEOS",DriverClassNameFallback="/Script/OnlineSubsystemUtils.IpNetDriver")
""")

add('c42/export_presets.cfg', f"""[preset.0]

name="Android"
platform="Android"
runnable=true
advanced_options=false
dedicated_server=false
custom_features=""
export_filter="all_resources"
include_filter=""
exclude_filter=""
export_path="build/android/skyhop.aab"
encryption_include_filters=""
encryption_exclude_filters=""
encrypt_pck=false
encrypt_directory=false
script_export_mode=2

[preset.0.options]

custom_template/debug=""
custom_template/release=""
gradle_build/use_gradle_build=true
gradle_build/export_format=1
gradle_build/min_sdk=""
gradle_build/target_sdk=""
architectures/armeabi-v7a=true
architectures/arm64-v8a=true
architectures/x86=false
architectures/x86_64=false
version/code=14
version/name="1.2.0"
package/unique_name="com.pixelforge.skyhop"
package/name="Skyhop"
package/signed=true
package/app_category=2
keystore/debug=""
keystore/debug_user=""
keystore/debug_password=""
keystore/release="/home/tomas/keys/skyhop-release.keystore"
keystore/release_user="skyhop"
keystore/release_password="{pw()}"
launcher_icons/main_192x192="res://icon.png"
screen/immersive_mode=true
permissions/internet=true
permissions/vibrate=true
""")

add('c43/autoload/analytics.gd', f"""extends Node
## Thin wrapper around the GameAnalytics REST API (v2) used by the title.

const GAME_KEY := "{S(lambda: hx(32))}"
const SECRET_KEY := "{S(lambda: hx(40))}"
const BASE_URL := "https://api.gameanalytics.com/v2/%s/events"

var _queue: Array = []
var _session_id := ""
@onready var _http := HTTPRequest.new()


func _ready() -> void:
	add_child(_http)
	_session_id = str(randi()) + str(Time.get_unix_time_from_system())


func design_event(event_id: String, value: float = 0.0) -> void:
	_queue.append({{"category": "design", "event_id": event_id, "value": value, "session_id": _session_id}})


func flush() -> void:
	if _queue.is_empty():
		return
	var body := JSON.stringify(_queue)
	var ctx := HMACContext.new()
	ctx.start(HashingContext.HASH_SHA256, SECRET_KEY.to_utf8_buffer())
	ctx.update(body.to_utf8_buffer())
	var auth := Marshalls.raw_to_base64(ctx.finish())
	var headers := ["Authorization: " + auth, "Content-Type: application/json"]
	_http.request(BASE_URL % GAME_KEY, headers, HTTPClient.METHOD_POST, body)
	_queue.clear()
""")

app_id = random.randint(1800000, 3200000)
add('c44/tools/steam/upload_build.sh', f"""#!/usr/bin/env bash
# Uploads the current Windows/Linux builds to Steam (default branch = beta).
# usage: tools/steam/upload_build.sh [branch]
set -euo pipefail

BRANCH="${{1:-beta}}"
STEAM_USER="lanternworks_build"
STEAM_PASS="{pw()}"
STEAMCMD="$HOME/steamcmd/steamcmd.sh"
SLACK_WEBHOOK="{slack_hook()}"

cd "$(dirname "$0")/../.."
sed -i "s/\\"SetLive\\".*/\\"SetLive\\" \\"$BRANCH\\"/" tools/steam/app_build_{app_id}.vdf

"$STEAMCMD" +login "$STEAM_USER" "$STEAM_PASS" \\
  +run_app_build "$(pwd)/tools/steam/app_build_{app_id}.vdf" \\
  +quit

curl -s -X POST -H 'Content-type: application/json' \\
  --data "{{\\"text\\":\\"Steam build uploaded to *$BRANCH* ($(git rev-parse --short HEAD))\\"}}" \\
  "$SLACK_WEBHOOK"
""")

acct = 'frostbytereplays'
add('c45/Assets/Scripts/Feedback/CrashReporter.cs', f"""using System;
using System.Collections;
using System.Text;
using UnityEngine;
using UnityEngine.Networking;

namespace Frostbyte.Feedback
{{
    /// <summary>
    /// Posts unhandled exceptions to the #crash-reports Discord channel and
    /// uploads the last replay to blob storage so QA can reproduce.
    /// </summary>
    public class CrashReporter : MonoBehaviour
    {{
        private const string DiscordWebhook =
            "{discord_hook()}";

        private const string ReplayStorageConnection =
            "DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={S(lambda: base64.b64encode(rbytes(64)).decode())};EndpointSuffix=core.windows.net";

        private float _lastReport;

        private void OnEnable() => Application.logMessageReceived += OnLog;
        private void OnDisable() => Application.logMessageReceived -= OnLog;

        private void OnLog(string condition, string stackTrace, LogType type)
        {{
            if (type != LogType.Exception || Time.realtimeSinceStartup - _lastReport < 30f) return;
            _lastReport = Time.realtimeSinceStartup;
            StartCoroutine(Post($"**{{Application.version}}** on {{SystemInfo.operatingSystem}}\\n```{{condition}}\\n{{stackTrace}}```"));
        }}

        private IEnumerator Post(string content)
        {{
            var json = JsonUtility.ToJson(new DiscordMessage {{ content = content.Length > 1900 ? content.Substring(0, 1900) : content }});
            using var req = new UnityWebRequest(DiscordWebhook, "POST");
            req.uploadHandler = new UploadHandlerRaw(Encoding.UTF8.GetBytes(json));
            req.downloadHandler = new DownloadHandlerBuffer();
            req.SetRequestHeader("Content-Type", "application/json");
            yield return req.SendWebRequest();
        }}

        [Serializable]
        private class DiscordMessage {{ public string content; }}
    }}
}}
""")

# ---------------------------------------------------------------- negatives (no credential)
add('p01/android/app/build.gradle', """plugins {
    id 'com.android.application'
    id 'org.jetbrains.kotlin.android'
}

def keystorePropertiesFile = rootProject.file("keystore.properties")
def keystoreProperties = new Properties()
if (keystorePropertiesFile.exists()) {
    keystoreProperties.load(new FileInputStream(keystorePropertiesFile))
}

android {
    namespace 'com.brightloop.fitcoach'
    compileSdk 34

    defaultConfig {
        applicationId "com.brightloop.fitcoach"
        minSdk 24
        targetSdk 34
        versionCode 48
        versionName "2.3.2"
    }

    signingConfigs {
        release {
            // CI passes these as env vars; locally they come from keystore.properties (gitignored)
            storeFile file(System.getenv("FITCOACH_KEYSTORE_PATH") ?: keystoreProperties['storeFile'] ?: "release.jks")
            storePassword System.getenv("FITCOACH_KEYSTORE_PASSWORD") ?: keystoreProperties['storePassword']
            keyAlias System.getenv("FITCOACH_KEY_ALIAS") ?: keystoreProperties['keyAlias']
            keyPassword System.getenv("FITCOACH_KEY_PASSWORD") ?: keystoreProperties['keyPassword']
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
""")

add('p02/extension/manifest.json', json.dumps({
    'manifest_version': 3,
    'name': 'Tabkeeper',
    'version': '1.8.2',
    'description': 'Save, group and restore your tab sessions.',
    'key': rsa_pub_b64(),
    'permissions': ['tabs', 'storage', 'identity'],
    'oauth2': {
        'client_id': f'{num(12)}-{r(32, LO + DG)}.apps.googleusercontent.com',
        'scopes': ['https://www.googleapis.com/auth/drive.appdata'],
    },
    'background': {'service_worker': 'background.js', 'type': 'module'},
    'action': {'default_popup': 'popup.html', 'default_icon': {'32': 'icons/32.png', '128': 'icons/128.png'}},
    'icons': {'16': 'icons/16.png', '48': 'icons/48.png', '128': 'icons/128.png'},
}, indent=2) + '\n')

add('p03/app/src/main/java/com/lumawords/billing/Security.kt', f"""package com.lumawords.billing

import android.text.TextUtils
import android.util.Base64
import android.util.Log
import java.security.KeyFactory
import java.security.PublicKey
import java.security.Signature
import java.security.spec.X509EncodedKeySpec

/**
 * Verifies purchase signatures locally with the app's Play Console licensing key.
 * This is the PUBLIC half (Play Console > Monetization setup > Licensing); it is meant to ship in the APK.
 */
object Security {{
    private const val TAG = "IABUtil/Security"
    private const val KEY_FACTORY_ALGORITHM = "RSA"
    private const val SIGNATURE_ALGORITHM = "SHA1withRSA"

    private const val BASE_64_ENCODED_PUBLIC_KEY =
        "{rsa_pub_b64()}"

    fun verifyPurchase(signedData: String, signature: String): Boolean {{
        if (TextUtils.isEmpty(signedData) || TextUtils.isEmpty(signature)) {{
            Log.w(TAG, "Purchase verification failed: missing data.")
            return false
        }}
        val key = generatePublicKey(BASE_64_ENCODED_PUBLIC_KEY)
        return verify(key, signedData, signature)
    }}

    private fun generatePublicKey(encodedPublicKey: String): PublicKey {{
        val decodedKey = Base64.decode(encodedPublicKey, Base64.DEFAULT)
        return KeyFactory.getInstance(KEY_FACTORY_ALGORITHM).generatePublic(X509EncodedKeySpec(decodedKey))
    }}

    private fun verify(publicKey: PublicKey, signedData: String, signature: String): Boolean {{
        val signatureBytes = Base64.decode(signature, Base64.DEFAULT)
        val sig = Signature.getInstance(SIGNATURE_ALGORITHM)
        sig.initVerify(publicKey)
        sig.update(signedData.toByteArray())
        return sig.verify(signatureBytes)
    }}
}}
""")

add('p04/.env.example', """# Copy to .env.local and fill in. Never commit .env.local.
DATABASE_URL="postgresql://USER:PASSWORD@localhost:5432/quillbase?schema=public"

NEXTAUTH_URL="http://localhost:3000"
# generate with: openssl rand -base64 32
NEXTAUTH_SECRET=""

GITHUB_ID=""
GITHUB_SECRET=""

STRIPE_SECRET_KEY="sk_live_..."
STRIPE_WEBHOOK_SECRET="whsec_..."
NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY="pk_live_..."

OPENAI_API_KEY=<your-openai-key>
""")

add('p05/ProjectSettings/ProjectSettings.asset', f"""%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!129 &1
PlayerSettings:
  m_ObjectHideFlags: 0
  serializedVersion: 26
  productGUID: {hx(32)}
  AndroidProfiler: 0
  AndroidFilterTouchesWhenObscured: 0
  AndroidEnableSustainedPerformanceMode: 0
  defaultScreenOrientation: 4
  targetDevice: 2
  companyName: Frostbyte Games
  productName: Glacier Run
  defaultCursor: {{fileID: 0}}
  cursorHotspot: {{x: 0, y: 0}}
  m_SplashScreenBackgroundColor: {{r: 0.13725491, g: 0.12156863, b: 0.1254902, a: 1}}
  m_ShowUnitySplashScreen: 0
  bundleVersion: 1.6.0
  applicationIdentifier:
    Android: com.frostbyte.glacierrun
    iPhone: com.frostbyte.glacierrun
  AndroidBundleVersionCode: 27
  AndroidMinSdkVersion: 23
  AndroidTargetSdkVersion: 34
  AndroidKeystoreName: '{{inproject}}: Keys/glacierrun-release.keystore'
  AndroidKeyaliasName: glacierrun
  AndroidUseCustomKeystore: 1
  AndroidBuildApkPerCpuArchitecture: 0
  AndroidTVCompatibility: 0
  AndroidIsGame: 1
  iOSTargetOSVersionString: 13.0
  appleDeveloperTeamID: {r(10, UP + DG)}
  iOSManualSigningProvisioningProfileID: {uuid()}
  cloudProjectId: {uuid()}
  framebufferDepthMemorylessMode: 0
  projectName: Glacier Run
  organizationId: frostbyte-games
  cloudEnabled: 0
  legacyClampBlendShapeWeights: 0
""")

add('p06/app/src/main/AndroidManifest.xml', f"""<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    xmlns:tools="http://schemas.android.com/tools">

    <uses-permission android:name="android.permission.INTERNET" />
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION" />

    <application
        android:name=".ParklyApp"
        android:allowBackup="false"
        android:icon="@mipmap/ic_launcher"
        android:label="@string/app_name"
        android:theme="@style/Theme.Parkly">

        <!-- injected by secrets-gradle-plugin from local.properties / CI -->
        <meta-data
            android:name="com.google.android.geo.API_KEY"
            android:value="${{MAPS_API_KEY}}" />

        <meta-data
            android:name="com.google.android.gms.ads.APPLICATION_ID"
            android:value="ca-app-pub-{num(16)}~{num(10)}" />

        <activity
            android:name=".MainActivity"
            android:exported="true">
            <intent-filter>
                <action android:name="android.intent.action.MAIN" />
                <category android:name="android.intent.category.LAUNCHER" />
            </intent-filter>
        </activity>
    </application>
</manifest>
""")

pods = [('Alamofire', '5.9.1'), ('FirebaseAnalytics', '10.24.0'), ('FirebaseCore', '10.24.0'),
        ('FirebaseCrashlytics', '10.24.0'), ('FirebaseMessaging', '10.24.0'), ('GoogleUtilities', '7.13.3'),
        ('Kingfisher', '7.11.0'), ('RevenueCat', '4.41.1'), ('SnapKit', '5.7.1'), ('SwiftLint', '0.55.1')]
add('p07/ios/Podfile.lock', "PODS:\n" + ''.join(f"  - {n} ({v})\n" for n, v in pods)
    + "\nDEPENDENCIES:\n" + ''.join(f"  - {n}\n" for n, v in pods if not n.startswith('Google'))
    + "\nSPEC REPOS:\n  trunk:\n" + ''.join(f"    - {n}\n" for n, v in pods)
    + "\nSPEC CHECKSUMS:\n" + ''.join(f"  {n}: {hx(40)}\n" for n, v in pods)
    + f"\nPODFILE CHECKSUM: {hx(40)}\n\nCOCOAPODS: 1.15.2\n")

add('p08/fastlane/Fastfile', """default_platform(:ios)

platform :ios do
  desc "Build and upload to TestFlight (runs on CI; all credentials come from the environment)"
  lane :beta do
    setup_ci

    api_key = app_store_connect_api_key(
      key_id: ENV.fetch("ASC_KEY_ID"),
      issuer_id: ENV.fetch("ASC_ISSUER_ID"),
      key_content: ENV.fetch("ASC_KEY_P8_BASE64"),
      is_key_content_base64: true,
      in_house: false
    )

    match(
      type: "appstore",
      api_key: api_key,
      git_url: ENV.fetch("MATCH_GIT_URL"),
      git_basic_authorization: ENV["MATCH_GIT_BASIC_AUTHORIZATION"],
      readonly: true
    ) # MATCH_PASSWORD is read from the environment by match itself

    build_app(scheme: "Orbitly", export_method: "app-store")
    upload_to_testflight(api_key: api_key, skip_waiting_for_build_processing: true)
  end
end
""")

mb_pub = 'pk.' + b64u(json.dumps({'u': 'routewise', 'a': 'cl' + r(23, LO + DG)}, separators=(',', ':')).encode()) + '.' + r(22, URLSAFE)
add('p09/.env.production', f"""# Public, client-side values only (inlined into the browser bundle by Next.js).
# Server secrets live in Vercel project settings.
NEXT_PUBLIC_SITE_URL=https://routewise.app
NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_51{r(14)}{r(83)}
NEXT_PUBLIC_MAPBOX_TOKEN={mb_pub}
NEXT_PUBLIC_POSTHOG_KEY=phc_{r(43)}
NEXT_PUBLIC_POSTHOG_HOST=https://eu.i.posthog.com
NEXT_PUBLIC_GA_MEASUREMENT_ID=G-{r(10, UP + DG)}
""")

add('p10/app/src/test/java/com/snapshelf/net/RedactingInterceptorTest.kt', """package com.snapshelf.net

import okhttp3.Headers.Companion.headersOf
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Test

class RedactingInterceptorTest {

    // AWS documentation placeholders, not real credentials
    private val accessKeyId = "AKIAIOSFODNN7EXAMPLE"
    private val secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    @Test
    fun `authorization header is redacted in logs`() {
        val headers = headersOf("Authorization", "Bearer not-a-real-token", "X-Request-Id", "42")
        val logged = RedactingInterceptor.render(headers)
        assertEquals("Authorization: ██\\nX-Request-Id: 42", logged)
    }

    @Test
    fun `aws credentials in query strings are masked`() {
        val url = "https://snapshelf-receipts.s3.amazonaws.com/a.jpg?X-Amz-Credential=$accessKeyId&secret=$secretKey"
        val masked = RedactingInterceptor.maskUrl(url)
        assertFalse(masked.contains(accessKeyId))
        assertFalse(masked.contains(secretKey))
    }
}
""")

add('p11/docs/SETUP.md', """# Local setup

## Requirements

- Xcode 15.4+, Android Studio Koala+, Node 20, Ruby 3.2 (for fastlane)

## Secrets

Nothing secret is committed to this repository. Ask in #mobile-dev for access to the 1Password vault
"Trailmate Mobile", then create these files yourself (all of them are in `.gitignore`):

`android/local.properties`

```properties
sdk.dir=/Users/<you>/Library/Android/sdk
MAPS_API_KEY=<Google Maps key from the vault>
```

`ios/Config/Secrets.xcconfig`

```
REVENUECAT_PUBLIC_KEY = appl_<from the vault>
SENTRY_DSN = https:/$()/<key>@o<org>.ingest.sentry.io/<project>
```

`android/gradle.properties` (release builds only)

```properties
TRAILMATE_UPLOAD_STORE_PASSWORD=<keystore password>
TRAILMATE_UPLOAD_KEY_PASSWORD=<key password>
```

On CI these come from GitHub Actions secrets (`secrets.MAPS_API_KEY`, `secrets.UPLOAD_STORE_PASSWORD`, ...).
If you ever commit a real key by mistake, rotate it first, then clean the history.
""")

add('p12/extension/src/options/options.js', """// Options page: the user brings their own OpenAI key. It is kept only in chrome.storage.local
// on the user's machine and never sent anywhere except api.openai.com.

const input = document.getElementById('api-key');
const status = document.getElementById('status');

input.placeholder = 'sk-...';

chrome.storage.local.get({ openaiApiKey: '' }).then(({ openaiApiKey }) => {
  if (openaiApiKey) input.value = '•'.repeat(12) + openaiApiKey.slice(-4);
});

document.getElementById('save').addEventListener('click', async () => {
  const apiKey = input.value.trim();
  if (!/^sk-[A-Za-z0-9_-]{20,}$/.test(apiKey)) {
    status.textContent = 'That does not look like an OpenAI key.';
    return;
  }
  await chrome.storage.local.set({ openaiApiKey: apiKey });
  status.textContent = 'Saved.';
});

document.getElementById('clear').addEventListener('click', async () => {
  await chrome.storage.local.remove('openaiApiKey');
  input.value = '';
  status.textContent = 'Key removed.';
});
""")

# ---------------------------------------------------------------- end
for v in VALS:
    assert not any(w in v.lower() for w in BAD), v
write()
