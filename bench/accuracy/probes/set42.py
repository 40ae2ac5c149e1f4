# Usage: python3 set42.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 42 (stop 30): logs, debug output, crash reports and captured traffic
from common import A, HEX, B62, start, r, hx, ck, add, write
start()
import base64, datetime, json, random, string, uuid  # noqa: E402  (stdlib only; all draws use the seeded random)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
B64 = A + '+/'
B64U = A + '-_'
LODIG = LO + DIG
UPDIG = UP + DIG
BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')


def ok(v: str) -> bool:
    low = v.lower()
    return not any(w in low for w in BAD)


def safe(f, *a):
    """Redraws f(*a) until the value holds none of the forbidden words."""
    while True:
        v = f(*a)
        if ok(v):
            return v


def rs(n: int, al: str = A) -> str:
    return safe(r, n, al)


WORDS = ['Winter', 'Summer', 'Autumn', 'Harbor', 'Falcon', 'Maple', 'Orchid', 'Granite', 'Pelican', 'Cobalt',
         'Juniper', 'Meadow', 'Saturn', 'Tundra', 'Voyager', 'Lantern', 'Copper', 'Thunder', 'Willow', 'Bluebird',
         'Raptor', 'Sunset', 'Glacier', 'Monarch', 'Pioneer', 'Nebula', 'Cascade', 'Ember', 'Horizon', 'Quartz']


def pw_human() -> str:
    w = random.choice(WORDS)
    style = random.randrange(4)
    if style == 0:
        return w + str(random.randint(2019, 2026)) + random.choice('!#$@%*?')
    if style == 1:
        return w + random.choice('#@!$') + str(random.randint(10, 9999))
    if style == 2:
        return w + random.choice(WORDS).lower() + str(random.randint(1, 99)) + random.choice('!.?')
    return random.choice('!#$@') + w + str(random.randint(100, 999))


def pw_rand(n: int = 0) -> str:
    return rs(n or random.randint(16, 24), A + '!#%*+-.=@^_~')


def pw_url(n: int = 0) -> str:
    """A generated password that needs no escaping inside a URL."""
    return rs(n or random.randint(16, 28), A)


def b64(s) -> str:
    if isinstance(s, str):
        s = s.encode()
    return base64.b64encode(s).decode()


def b64u(s) -> str:
    if isinstance(s, str):
        s = s.encode()
    return base64.urlsafe_b64encode(s).decode().rstrip('=')


def rbytes(n: int) -> bytes:
    return bytes(random.getrandbits(8) for _ in range(n))


def uid() -> str:
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def ip10() -> str:
    return '10.%d.%d.%d' % (random.randint(0, 40), random.randint(0, 255), random.randint(2, 254))


def ippub() -> str:
    return '%d.%d.%d.%d' % (random.choice([34, 35, 52, 54, 3, 18, 44, 104, 172]), random.randint(0, 255),
                            random.randint(0, 255), random.randint(2, 254))


def when() -> datetime.datetime:
    base = datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc)
    return base + datetime.timedelta(seconds=random.randint(0, 560 * 86400), microseconds=random.randint(0, 999999))


def later(t: datetime.datetime, lo: float = 0.001, hi: float = 2.0) -> datetime.datetime:
    return t + datetime.timedelta(seconds=random.uniform(lo, hi))


def iso_ms(t) -> str:
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)


def epoch_ms(t) -> int:
    return int(t.timestamp() * 1000)


# ---- provider formats -------------------------------------------------------------------------
def aws_id(prefix: str = 'AKIA') -> str:
    return prefix + rs(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')


def aws_secret() -> str:
    return rs(40, A + '+/')


def aws_session() -> str:
    return 'IQoJb3JpZ2luX2VjE' + rs(random.randint(560, 680), A + '+/') + '=='


def stripe_sk(kind: str = 'sk') -> str:
    if random.random() < 0.6:
        return kind + '_live_51' + rs(97)
    return kind + '_live_' + rs(24)


def slack_bot(kind: str = 'xoxb') -> str:
    return '%s-%s-%s-%s' % (kind, r(random.randint(10, 13), DIG), r(13, DIG), rs(24))


def slack_hook() -> str:
    return 'https://hooks.slack.com/services/T%s/B%s/%s' % (rs(random.randint(8, 10), UPDIG),
                                                           rs(random.randint(8, 10), UPDIG), rs(24))


def sendgrid() -> str:
    return 'SG.' + rs(22, B64U) + '.' + rs(43, B64U)


def openai_key() -> str:
    return 'sk-proj-' + rs(74, B64U) + 'T3BlbkFJ' + rs(74, B64U)


def anthropic_key() -> str:
    return 'sk-ant-api03-' + rs(93, B64U) + 'AA'


def glpat() -> str:
    return 'glpat-' + rs(20, B64U)


def gh_fine() -> str:
    return 'github_pat_11' + rs(20, UPDIG) + '_' + rs(59)


def jwt(payload: dict, alg: str = 'RS256', kid: bool = True) -> str:
    head = {'alg': alg, 'typ': 'JWT'}
    if kid:
        head['kid'] = rs(random.choice([20, 27, 43]), B64U)
    sig = rs(342 if alg.startswith('RS') else 43, B64U)
    return b64u(json.dumps(head, separators=(',', ':'))) + '.' + b64u(json.dumps(payload, separators=(',', ':'))) + '.' + sig


def pem_rsa() -> str:
    """PKCS#8 RSA-2048 private key block with the real DER header and random contents."""
    der = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100')
    der += rbytes(1217 - len(der))
    body = b64(der)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return '-----BEGIN PRIVATE KEY-----\n' + '\n'.join(lines) + '\n-----END PRIVATE KEY-----\n'


def azure_storage_key() -> str:
    while True:
        v = b64(rbytes(64))
        if ok(v):
            return v


def azure_client_secret() -> str:
    return rs(3, A) + '8Q~' + rs(34, A + '_~.-')


def telegram() -> str:
    return str(random.randint(5000000000, 7999999999)) + ':AA' + rs(33, B64U)


def dd_api() -> str:
    return hx(32)


def yq(v: str) -> str:
    """Quotes a scalar the way a YAML emitter would when it needs it."""
    if v[0] in '!@*#%&|>-?:,[]{}=~^+.`"\'' or ': ' in v or ' #' in v or v[-1] == ':':
        return "'" + v.replace("'", "''") + "'"
    return v


def cks(prefix: str) -> str:
    return safe(ck, prefix)


def pick(*xs):
    return random.choice(xs)


COMPANIES = ['northwind', 'bluepeak', 'kestrelpay', 'lumenhq', 'orbitalcart', 'fernleaf', 'tidewater', 'quillstack',
             'ravenmetrics', 'copperline', 'sableworks', 'halcyonhealth', 'brightwell', 'verdantops', 'pinecrest']
FIRST = ['anna', 'marco', 'priya', 'tomasz', 'lena', 'diego', 'kenji', 'olivia', 'samir', 'hannah', 'jonas', 'mei',
         'rafael', 'ingrid', 'kwame', 'sofia', 'erik', 'noor', 'lucas', 'chloe']
LAST = ['berg', 'okafor', 'lindqvist', 'moreau', 'novak', 'tanaka', 'reyes', 'schmidt', 'kowalski', 'haddad',
        'oconnell', 'fischer', 'ivanova', 'mendes', 'park', 'walsh']


def company() -> str:
    return random.choice(COMPANIES)


def person() -> tuple:
    return random.choice(FIRST), random.choice(LAST)


# ================================================================================================
# c01: pino JSON lines with a serialized AxiosError whose config carries the Stripe secret key
def c01():
    co = company()
    host = 'checkout-api-%s-%s' % (r(9, LODIG), r(5, LODIG))
    t = when()
    key = stripe_sk()
    pid = random.randint(1, 60)
    req_id = 'req-' + r(2, LODIG)
    lines = []
    lines.append({'level': 30, 'time': epoch_ms(t), 'pid': pid, 'hostname': host, 'reqId': req_id,
                  'req': {'method': 'POST', 'url': '/v1/checkout/sessions', 'hostname': 'api.%s.io' % co,
                          'remoteAddress': ip10(), 'remotePort': random.randint(30000, 60000)},
                  'msg': 'incoming request'})
    t = later(t, 0.01, 0.05)
    lines.append({'level': 20, 'time': epoch_ms(t), 'pid': pid, 'hostname': host, 'reqId': req_id,
                  'module': 'payments', 'amount': random.randint(500, 90000), 'currency': 'eur',
                  'msg': 'creating payment intent'})
    t = later(t, 0.2, 0.9)
    pi = 'pi_' + r(24)
    err = {
        'type': 'AxiosError',
        'message': 'Request failed with status code 402',
        'stack': 'AxiosError: Request failed with status code 402\n    at settle (/app/node_modules/axios/dist/node/axios.cjs:2019:12)\n'
                 '    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/dist/node/axios.cjs:3135:11)\n'
                 '    at IncomingMessage.emit (node:events:531:35)\n    at endReadableNT (node:internal/streams/readable:1696:12)\n'
                 '    at process.processTicksAndRejections (node:internal/process/task_queues:82:21)\n'
                 '    at Axios.request (/app/node_modules/axios/dist/node/axios.cjs:4287:41)\n'
                 '    at async PaymentsService.createIntent (/app/dist/payments/service.js:48:22)',
        'code': 'ERR_BAD_REQUEST',
        'config': {
            'transitional': {'silentJSONParsing': True, 'forcedJSONParsing': True, 'clarifyTimeoutError': False},
            'adapter': ['xhr', 'http', 'fetch'],
            'transformRequest': [None], 'transformResponse': [None],
            'timeout': 20000, 'xsrfCookieName': 'XSRF-TOKEN', 'xsrfHeaderName': 'X-XSRF-TOKEN',
            'maxContentLength': -1, 'maxBodyLength': -1, 'env': {},
            'headers': {'Accept': 'application/json, text/plain, */*',
                        'Content-Type': 'application/x-www-form-urlencoded',
                        'Authorization': 'Bearer ' + key,
                        'Stripe-Version': '2024-06-20',
                        'Idempotency-Key': uid(),
                        'User-Agent': 'axios/1.7.7', 'Content-Length': str(random.randint(90, 200)),
                        'Accept-Encoding': 'gzip, compress, deflate, br'},
            'baseURL': 'https://api.stripe.com/v1',
            'method': 'post', 'url': '/payment_intents',
            'data': 'amount=%d&currency=eur&customer=cus_%s&automatic_payment_methods%%5Benabled%%5D=true'
                    % (random.randint(500, 90000), r(14)),
        },
        'status': 402,
    }
    lines.append({'level': 50, 'time': epoch_ms(t), 'pid': pid, 'hostname': host, 'reqId': req_id,
                  'module': 'payments', 'err': err, 'msg': 'stripe createIntent failed'})
    t = later(t, 0.001, 0.01)
    lines.append({'level': 30, 'time': epoch_ms(t), 'pid': pid, 'hostname': host, 'reqId': req_id,
                  'res': {'statusCode': 502}, 'responseTime': round(random.uniform(200, 1200), 6),
                  'msg': 'request completed'})
    t = later(t, 1, 4)
    lines.append({'level': 30, 'time': epoch_ms(t), 'pid': pid, 'hostname': host, 'reqId': 'req-' + r(2, LODIG),
                  'req': {'method': 'GET', 'url': '/healthz', 'hostname': '%s:3000' % ip10(),
                          'remoteAddress': ip10(), 'remotePort': random.randint(30000, 60000)},
                  'msg': 'incoming request'})
    d = t.strftime('%Y-%m-%d')
    add('c01/logs/checkout-api/%s.jsonl' % d, ''.join(json.dumps(x, separators=(',', ':')) + '\n' for x in lines))


# c02: logrus text output dumping a Go config struct with %+v (Postgres and Redis URLs)
def c02():
    co = company()
    t = when()
    dbpw = pw_url()
    rpw = pw_url(32)
    dbhost = '%s-prod.cluster-%s.eu-west-1.rds.amazonaws.com' % (co, r(12, LODIG))
    rhost = 'master.%s-cache.%s.euw1.cache.amazonaws.com' % (co, r(6, LODIG))
    ver = '1.%d.%d' % (random.randint(3, 20), random.randint(0, 9))

    def ts():
        return t.strftime('%Y-%m-%dT%H:%M:%SZ')
    out = []
    out.append('time="%s" level=info msg="starting billing-worker" commit=%s version=%s' % (ts(), hx(7), ver))
    t = later(t, 0.001, 0.01)
    out.append('time="%s" level=debug msg="config loaded" config="{Env:production LogLevel:debug '
               'DatabaseURL:postgres://billing:%s@%s:5432/billing?sslmode=require '
               'RedisURL:rediss://default:%s@%s:6379/0 QueueName:billing-events Concurrency:%d '
               'ShutdownTimeout:30s MetricsAddr::9102}"' % (ts(), dbpw, dbhost, rpw, rhost, random.choice([4, 8, 16])))
    t = later(t, 0.02, 0.2)
    out.append('time="%s" level=info msg="connected to postgres" host=%s pool_max=%d' % (ts(), dbhost, random.choice([10, 20, 25])))
    t = later(t, 0.01, 0.1)
    out.append('time="%s" level=info msg="connected to redis" addr="%s:6379"' % (ts(), rhost))
    for _ in range(random.randint(4, 7)):
        t = later(t, 0.1, 3)
        out.append('time="%s" level=info msg="job processed" job_id=%s queue=billing-events duration=%dms' %
                   (ts(), uid(), random.randint(3, 400)))
    t = later(t, 1, 5)
    out.append('time="%s" level=warning msg="retrying job" attempt=2 error="context deadline exceeded" job_id=%s' % (ts(), uid()))
    add('c02/deploy/billing-worker/worker.log', '\n'.join(out) + '\n')


# c03: Spring Boot logback with Apache HttpClient wire logging -> Jira Basic auth (email:API token)
def c03():
    co = company()
    fn, ln = person()
    email = '%s.%s@%s.com' % (fn, ln, co)
    tok = 'ATATT3xFfGF0' + rs(random.randint(160, 180), B64U) + '=' + r(8, '0123456789ABCDEF')
    basic = b64(email + ':' + tok)
    t = when()
    app = '%s-issue-sync' % co
    thr = '[scheduling-1]'

    def line(level, logger, msg):
        return '%s %5s 1 --- [%s] %-15s %-40s : %s' % (
            t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03d' % (t.microsecond // 1000) + 'Z', level, app, thr,
            logger[:40], msg)
    out = []
    out.append(line('INFO', 'c.%s.sync.JiraSyncJob' % co[:6], 'Starting Jira sync for project OPS'))
    t = later(t, 0.001, 0.01)
    out.append(line('DEBUG', 'o.a.h.impl.conn.PoolingHttpClientConnectionManager', 'Connection request: [route: {s}->https://%s.atlassian.net:443][total available: 0; route allocated: 0 of 2; total allocated: 0 of 20]' % co))
    t = later(t, 0.05, 0.2)
    out.append(line('DEBUG', 'o.a.http.impl.execchain.MainClientExec', 'Executing request POST /rest/api/3/search HTTP/1.1'))
    wire = [
        'POST /rest/api/3/search HTTP/1.1[\\r][\\n]',
        'Accept: application/json[\\r][\\n]',
        'Content-Type: application/json[\\r][\\n]',
        'Authorization: Basic %s[\\r][\\n]' % basic,
        'Content-Length: %d[\\r][\\n]' % random.randint(120, 300),
        'Host: %s.atlassian.net[\\r][\\n]' % co,
        'Connection: Keep-Alive[\\r][\\n]',
        'User-Agent: Apache-HttpClient/4.5.14 (Java/17.0.10)[\\r][\\n]',
        'Accept-Encoding: gzip,deflate[\\r][\\n]',
        '[\\r][\\n]',
    ]
    for w in wire:
        t = later(t, 0.0, 0.001)
        out.append(line('DEBUG', 'org.apache.http.wire', 'http-outgoing-0 >> "%s"' % w))
    out.append(line('DEBUG', 'org.apache.http.wire', 'http-outgoing-0 >> "{"jql":"project = OPS AND updated >= -15m","maxResults":100,"fields":["summary","status","assignee"]}"'))
    t = later(t, 0.2, 0.6)
    for w in ['HTTP/1.1 200 OK[\\r][\\n]', 'Content-Type: application/json;charset=UTF-8[\\r][\\n]',
              'Atl-Traceid: %s[\\r][\\n]' % hx(16), 'X-Arequestid: %s[\\r][\\n]' % hx(32),
              'Transfer-Encoding: chunked[\\r][\\n]', '[\\r][\\n]']:
        out.append(line('DEBUG', 'org.apache.http.wire', 'http-outgoing-0 << "%s"' % w))
    out.append(line('DEBUG', 'org.apache.http.headers', 'http-outgoing-0 << HTTP/1.1 200 OK'))
    t = later(t, 0.01, 0.05)
    out.append(line('INFO', 'c.%s.sync.JiraSyncJob' % co[:6], 'Fetched %d issues from OPS' % random.randint(0, 60)))
    add('c03/logs/issue-sync/spring.log', '\n'.join(out) + '\n')


# c04: Python logging: a settings dict printed at startup with the AWS key pair
def c04():
    co = company()
    akid, sec = aws_id(), aws_secret()
    t = when()

    def ts():
        return t.strftime('%Y-%m-%d %H:%M:%S,') + '%03d' % (t.microsecond // 1000)
    bucket = '%s-media-prod' % co
    out = []
    out.append('%s INFO [uploader.main] Starting media uploader (pid=%d)' % (ts(), random.randint(100, 40000)))
    t = later(t, 0.001, 0.01)
    settings = {'ENV': 'production', 'DEBUG': False, 'AWS_REGION': 'eu-central-1', 'AWS_ACCESS_KEY_ID': akid,
                'AWS_SECRET_ACCESS_KEY': sec, 'S3_BUCKET': bucket, 'MAX_WORKERS': 8,
                'THUMBNAIL_SIZES': [128, 512, 1024], 'SENTRY_ENVIRONMENT': 'production'}
    out.append('%s DEBUG [uploader.config] Effective settings: %r' % (ts(), settings))
    t = later(t, 0.01, 0.05)
    out.append('%s DEBUG [botocore.hooks] Changing event name from creating-client-class.iot-data to creating-client-class.iot-data-plane' % ts())
    t = later(t, 0.01, 0.05)
    out.append('%s DEBUG [botocore.credentials] Looking for credentials via: env' % ts())
    out.append('%s INFO [botocore.credentials] Found credentials in environment variables.' % ts())
    t = later(t, 0.05, 0.2)
    out.append('%s DEBUG [botocore.endpoint] Setting s3 timeout as (60, 60)' % ts())
    for _ in range(random.randint(3, 6)):
        t = later(t, 0.3, 3)
        key = 'uploads/%s/%s.jpg' % (t.strftime('%Y/%m/%d'), uid())
        out.append('%s INFO [uploader.worker] Uploaded s3://%s/%s (%d bytes)' % (ts(), bucket, key, random.randint(20000, 4000000)))
    add('c04/var/log/media-uploader/uploader.log', '\n'.join(out) + '\n')


# c05: Rails production.log, ActiveRecord binds printing a Slack bot token (app filters only :password)
def c05():
    co = company()
    tok = slack_bot()
    t = when()
    rid = uid()
    pid = random.randint(100, 9999)

    def pre(lvl='I', name='INFO'):
        nonlocal t
        t = later(t, 0.0002, 0.004)
        return '%s, [%s.%06d #%d] %5s -- : [%s] ' % (lvl, t.strftime('%Y-%m-%dT%H:%M:%S'), t.microsecond, pid, name, rid)
    code = '%s.%s.%s' % (r(13, DIG), r(13, DIG), hx(64))
    state = hx(48)
    cip = ippub()
    out = []
    out.append(pre() + 'Started GET "/integrations/slack/callback?code=%s&state=%s" for %s at %s' %
               (code, state, cip, t.strftime('%Y-%m-%d %H:%M:%S +0000')))
    out.append(pre() + 'Processing by Integrations::SlackController#callback as HTML')
    out.append(pre() + '  Parameters: {"code"=>"%s", "state"=>"%s"}' % (code, state))
    t = later(t, 0.001, 0.01)
    uidn = random.randint(100, 9000)
    out.append(pre('D', 'DEBUG') + '  User Load (0.5ms)  SELECT "users".* FROM "users" WHERE "users"."id" = $1 ORDER BY "users"."id" ASC LIMIT $2  [["id", %d], ["LIMIT", 1]]' % uidn)
    t = later(t, 0.3, 0.8)
    out.append(pre() + 'POST https://slack.com/api/oauth.v2.access (%dms)' % random.randint(200, 700))
    iid = random.randint(10, 500)
    out.append(pre('D', 'DEBUG') + '  Integration Load (0.4ms)  SELECT "integrations".* FROM "integrations" WHERE "integrations"."account_id" = $1 AND "integrations"."provider" = $2 LIMIT $3  [["account_id", %d], ["provider", "slack"], ["LIMIT", 1]]' % random.randint(10, 900))
    out.append(pre('D', 'DEBUG') + '  TRANSACTION (0.2ms)  BEGIN')
    out.append(pre('D', 'DEBUG') + '  Integration Update (0.7ms)  UPDATE "integrations" SET "access_token" = $1, "team_id" = $2, "scopes" = $3, "updated_at" = $4 WHERE "integrations"."id" = $5  '
               '[["access_token", "%s"], ["team_id", "T%s"], ["scopes", "chat:write,channels:read,users:read"], ["updated_at", "%s.%06d"], ["id", %d]]'
               % (tok, r(10, UPDIG), t.strftime('%Y-%m-%d %H:%M:%S'), t.microsecond, iid))
    out.append(pre('D', 'DEBUG') + '  TRANSACTION (1.1ms)  COMMIT')
    out.append(pre() + 'Redirected to https://app.%s.com/settings/integrations?connected=slack' % co)
    out.append(pre() + 'Completed 302 Found in %dms (ActiveRecord: 3.1ms | Allocations: %d)' % (random.randint(300, 900), random.randint(3000, 9000)))
    add('c05/log/production.log', '\n'.join(out) + '\n')


# c06: laravel.log with a PHP 8.1 stack trace showing PDO constructor arguments (password <= 15 chars)
def c06():
    co = company()
    while True:
        dbpw = pw_human()
        if len(dbpw) <= 15:
            break
    dbip = ip10()
    t = when()
    d = t.strftime('%Y-%m-%d %H:%M:%S')
    sql = "select * from `sessions` where `id` = %s limit 1" % r(40)
    vendor = '/var/www/html/vendor/laravel/framework/src/Illuminate'
    dsn_short = ('mysql:host=%s' % dbip)[:15]
    body = ('[%s] production.ERROR: SQLSTATE[HY000] [2002] Connection timed out (Connection: mysql, SQL: %s) '
            '{"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 2002): SQLSTATE[HY000] [2002] Connection timed out '
            '(Connection: mysql, SQL: %s) at %s/Database/Connection.php:822)\n[stacktrace]\n' % (d, sql, sql, vendor))
    frames = [
        '%s/Database/Connection.php(776): Illuminate\\\\Database\\\\Connection->runQueryCallback(\'select * from `...\', Array, Object(Closure))' % vendor,
        '%s/Database/Connection.php(421): Illuminate\\\\Database\\\\Connection->run(\'select * from `...\', Array, Object(Closure))' % vendor,
        '%s/Database/Query/Builder.php(2913): Illuminate\\\\Database\\\\Connection->select(\'select * from `...\', Array, true)' % vendor,
        '%s/Session/DatabaseSessionHandler.php(96): Illuminate\\\\Database\\\\Query\\\\Builder->find(\'%s...\')' % (vendor, r(12)),
        '%s/Session/Store.php(97): Illuminate\\\\Session\\\\DatabaseSessionHandler->read(\'%s...\')' % (vendor, r(12)),
        '%s/Session/Middleware/StartSession.php(146): Illuminate\\\\Session\\\\Store->start()' % vendor,
        '%s/Pipeline/Pipeline.php(183): Illuminate\\\\Session\\\\Middleware\\\\StartSession->handle(Object(Illuminate\\\\Http\\\\Request), Object(Closure))' % vendor,
        '/var/www/html/public/index.php(51): Illuminate\\\\Foundation\\\\Http\\\\Kernel->handle(Object(Illuminate\\\\Http\\\\Request))',
        '{main}',
    ]
    body += ''.join('#%d %s\n' % (i, f) for i, f in enumerate(frames))
    body += ('\n[previous exception] [object] (PDOException(code: 2002): SQLSTATE[HY000] [2002] Connection timed out at '
             '%s/Database/Connectors/Connector.php:65)\n[stacktrace]\n' % vendor)
    prev = [
        "%s/Database/Connectors/Connector.php(65): PDO->__construct('%s...', '%s', '%s', Array)" % (vendor, dsn_short, co + '_app', dbpw),
        "%s/Database/Connectors/Connector.php(44): Illuminate\\\\Database\\\\Connectors\\\\Connector->createPdoConnection('%s...', '%s', '%s', Array)" % (vendor, dsn_short, co + '_app', dbpw),
        "%s/Database/Connectors/MySqlConnector.php(24): Illuminate\\\\Database\\\\Connectors\\\\Connector->createConnection('%s...', Array, Array)" % (vendor, dsn_short),
        '%s/Database/Connectors/ConnectionFactory.php(184): Illuminate\\\\Database\\\\Connectors\\\\MySqlConnector->connect(Array)' % vendor,
        '[internal function]: Illuminate\\\\Database\\\\Connectors\\\\ConnectionFactory->Illuminate\\\\Database\\\\Connectors\\\\{closure}()',
        '%s/Database/Connection.php(1181): call_user_func(Object(Closure))' % vendor,
        '{main}',
    ]
    body += ''.join('#%d %s\n' % (i, f) for i, f in enumerate(prev))
    body += '"}\n'
    t2 = later(t, 30, 300)
    body += '[%s] production.INFO: Queue worker restarted {"queue":"default"} \n' % t2.strftime('%Y-%m-%d %H:%M:%S')
    add('c06/storage/logs/laravel-%s.log' % t.strftime('%Y-%m-%d'), body)


# c07: Django error e-mail (technical_500.txt) - DATABASES masked, but broker/cache URLs are not
def c07():
    co = company()
    mqpw, rpw = pw_url(), pw_url(32)
    t = when()
    fn, lname = person()
    oid = random.randint(10000, 99999)
    text = '''Internal Server Error: /api/v2/orders/%d/refund/

OperationalError at /api/v2/orders/%d/refund/
[Errno 111] Connection refused

Request Method: POST
Request URL: https://shop.%s.io/api/v2/orders/%d/refund/
Django Version: 4.2.16
Python Executable: /usr/local/bin/python
Python Version: 3.11.9
Python Path: ['/app', '/usr/local/lib/python311.zip', '/usr/local/lib/python3.11', '/usr/local/lib/python3.11/lib-dynload', '/usr/local/lib/python3.11/site-packages']
Server time: %s


Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/kombu/connection.py", line 472, in _reraise_as_library_errors
    yield
  File "/usr/local/lib/python3.11/site-packages/kombu/connection.py", line 459, in _ensure_connection
    return retry_over_time(
  File "/usr/local/lib/python3.11/site-packages/kombu/utils/functional.py", line 318, in retry_over_time
    return fun(*args, **kwargs)
  File "/usr/local/lib/python3.11/site-packages/amqp/transport.py", line 184, in _connect
    self.sock.connect(sa)

The above exception ([Errno 111] Connection refused) was the direct cause of the following exception:
  File "/usr/local/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner
    response = get_response(request)
  File "/app/orders/views.py", line 212, in refund
    refund_order.delay(order.pk, request.user.pk)
  File "/usr/local/lib/python3.11/site-packages/kombu/connection.py", line 476, in _reraise_as_library_errors
    raise ConnectionError(str(exc)) from exc

Exception Type: OperationalError at /api/v2/orders/%d/refund/
Exception Value: [Errno 111] Connection refused
Request information:
USER: %s.%s@%s.io

GET: No GET data

POST:
reason = 'damaged'
notify_customer = 'true'

FILES: No FILES data

COOKIES:
csrftoken = '********************'
sessionid = '********************'

META:
CONTENT_LENGTH = '41'
CONTENT_TYPE = 'application/x-www-form-urlencoded'
HTTP_ACCEPT = 'application/json'
HTTP_AUTHORIZATION = '********************'
HTTP_HOST = 'shop.%s.io'
HTTP_USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
HTTP_X_FORWARDED_FOR = '%s'
PATH_INFO = '/api/v2/orders/%d/refund/'
REMOTE_ADDR = '%s'
REQUEST_METHOD = 'POST'
SERVER_NAME = '0.0.0.0'
SERVER_PORT = '8000'
SERVER_PROTOCOL = 'HTTP/1.1'
wsgi.url_scheme = 'https'

Settings:
Using settings module config.settings.production
ALLOWED_HOSTS = ['shop.%s.io', '.%s.internal']
AUTH_PASSWORD_VALIDATORS = '********************'
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache',
             'LOCATION': 'redis://:%s@redis-master.%s.svc.cluster.local:6379/1'}}
CELERY_BROKER_URL = 'amqp://orders:%s@rabbitmq.%s.svc.cluster.local:5672/orders'
CELERY_RESULT_BACKEND = 'django-db'
CSRF_TRUSTED_ORIGINS = ['https://shop.%s.io']
DATABASES = {'default': {'ATOMIC_REQUESTS': False,
             'AUTOCOMMIT': True,
             'CONN_HEALTH_CHECKS': False,
             'CONN_MAX_AGE': 60,
             'ENGINE': 'django.db.backends.postgresql',
             'HOST': 'pg-primary.%s.svc.cluster.local',
             'NAME': 'orders',
             'OPTIONS': {},
             'PASSWORD': '********************',
             'PORT': 5432,
             'TEST': {'CHARSET': None, 'COLLATION': None, 'MIGRATE': True, 'MIRROR': None, 'NAME': None},
             'TIME_ZONE': None,
             'USER': 'orders'}}
DEBUG = False
DEFAULT_FROM_EMAIL = 'orders@%s.io'
EMAIL_HOST = 'smtp.eu.mailgun.org'
EMAIL_HOST_PASSWORD = '********************'
EMAIL_HOST_USER = 'postmaster@mg.%s.io'
SECRET_KEY = '********************'
STRIPE_SECRET_KEY = '********************'
TIME_ZONE = 'UTC'


You're seeing this error because you have DEBUG = False in your Django settings file. The report was sent by mail_admins.
''' % (oid, oid, co, oid, t.strftime('%a, %d %b %Y %H:%M:%S +0000'), oid, fn, lname, co, co,
       ippub(), oid, ip10(), co, co, rpw, co, mqpw, co, co, co, co, co)
    add('c07/ops/incidents/%s-refund-500/django-error-mail.txt' % t.strftime('%Y-%m-%d'), text)


# c08: GitHub Actions job log: set -x echoes an npm token read from Vault (never registered as a mask)
def c08():
    co = company()
    tok = cks('npm_')
    t = when()

    def L(s):
        nonlocal t
        t = later(t, 0.0005, 0.05)
        return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%06d0Z ' % t.microsecond + s
    ver = '%d.%d.%d' % (random.randint(1, 4), random.randint(0, 30), random.randint(0, 12))
    out = [
        L('##[group]Run actions/setup-node@v4'),
        L('with:'), L('  node-version: 20'), L("  registry-url: https://registry.npmjs.org"),
        L('  always-auth: false'), L('  check-latest: false'), L('##[endgroup]'),
        L('Found in cache @ /opt/hostedtoolcache/node/20.18.0/x64'),
        L('##[group]Environment details'), L('node: v20.18.0'), L('npm: 10.8.2'), L('yarn: 1.22.22'), L('##[endgroup]'),
        L('##[group]Run set -x'),
        L('\x1b[36;1mset -x\x1b[0m'),
        L('\x1b[36;1mNPM_TOKEN=$(vault kv get -field=token kv/ci/npm-publish)\x1b[0m'),
        L('\x1b[36;1mecho "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc\x1b[0m'),
        L('\x1b[36;1mnpm publish --access public --provenance\x1b[0m'),
        L('shell: /usr/bin/bash -e {0}'),
        L('env:'),
        L('  NPM_CONFIG_USERCONFIG: /home/runner/work/_temp/.npmrc'),
        L('  NODE_AUTH_TOKEN: XXXXX-XXXXX-XXXXX-XXXXX'),
        L('  VAULT_ADDR: https://vault.%s.net' % co),
        L('  VAULT_TOKEN: ***'),
        L('##[endgroup]'),
        L('++ vault kv get -field=token kv/ci/npm-publish'),
        L('+ NPM_TOKEN=' + tok),
        L('+ echo //registry.npmjs.org/:_authToken=' + tok),
        L('+ npm publish --access public --provenance'),
        L('npm notice'),
        L('npm notice \U0001f4e6  @%s/ui-kit@%s' % (co, ver)),
        L('npm notice Tarball Contents'),
        L('npm notice %d.%dkB dist/index.js' % (random.randint(10, 90), random.randint(0, 9))),
        L('npm notice %d.%dkB package.json' % (random.randint(1, 3), random.randint(0, 9))),
        L('npm notice Publishing to https://registry.npmjs.org/ with tag latest and public access'),
        L('+ @%s/ui-kit@%s' % (co, ver)),
        L('Post job cleanup.'),
    ]
    add('c08/ci-logs/release/publish/5_Publish to npm.txt', '\n'.join(out) + '\n')


for f in (c01, c02, c03, c04, c05, c06, c07, c08):
    f()


# c09: GitLab CI raw job trace: `env | sort` prints unmasked project variables (SonarQube, AWS)
def c09():
    co = company()
    t = when()
    ep = int(t.timestamp())
    sq = 'squ_' + hx(40)
    akid, sec = aws_id(), aws_secret()
    pid = random.randint(100, 900)
    job = random.randint(4000000000, 9000000000) if random.random() < 0.5 else random.randint(10000000, 99999999)
    E = '\x1b'
    o = []
    o.append('%s[0KRunning with gitlab-runner 17.%d.%d (%s)%s[0;m' % (E, random.randint(0, 6), random.randint(0, 3), hx(8), E))
    o.append('%s[0K  on %s-runner-%02d %s, system ID: r_%s%s[0;m' % (E, co, random.randint(1, 12), r(8, LODIG), r(12), E))
    o.append('section_start:%d:prepare_executor\r%s[0K%s[0K%s[36;1mPreparing the "docker" executor%s[0;m%s[0;m' % (ep, E, E, E, E, E))
    o.append('%s[0KUsing Docker executor with image python:3.12-slim ...%s[0;m' % (E, E))
    o.append('%s[0KPulling docker image python:3.12-slim ...%s[0;m' % (E, E))
    o.append('%s[0KUsing docker image sha256:%s for python:3.12-slim with digest python@sha256:%s ...%s[0;m' % (E, hx(64), hx(64), E))
    o.append('section_end:%d:prepare_executor\r%s[0K' % (ep + 3, E))
    o.append('section_start:%d:get_sources\r%s[0K%s[0K%s[36;1mGetting source from Git repository%s[0;m%s[0;m' % (ep + 3, E, E, E, E, E))
    o.append('%s[32;1mFetching changes with git depth set to 20...%s[0;m' % (E, E))
    o.append('Initialized empty Git repository in /builds/%s/ledger-service/.git/' % co)
    o.append('%s[32;1mCreated fresh repository.%s[0;m' % (E, E))
    o.append('%s[32;1mChecking out %s as detached HEAD (ref is main)...%s[0;m' % (E, hx(8), E))
    o.append('section_end:%d:get_sources\r%s[0K' % (ep + 5, E))
    o.append('section_start:%d:step_script\r%s[0K%s[0K%s[36;1mExecuting "step_script" stage of the job script%s[0;m%s[0;m' % (ep + 5, E, E, E, E, E))
    o.append('%s[32;1m$ env | sort%s[0;m' % (E, E))
    env = {
        'AWS_ACCESS_KEY_ID': akid, 'AWS_DEFAULT_REGION': 'eu-west-1', 'AWS_SECRET_ACCESS_KEY': sec,
        'CI': 'true', 'CI_API_V4_URL': 'https://gitlab.%s.dev/api/v4' % co, 'CI_COMMIT_BRANCH': 'main',
        'CI_COMMIT_SHA': hx(40), 'CI_COMMIT_SHORT_SHA': hx(8), 'CI_JOB_ID': str(job), 'CI_JOB_NAME': 'sonar-scan',
        'CI_JOB_TOKEN': '[MASKED]', 'CI_PIPELINE_ID': str(random.randint(100000, 999999)),
        'CI_PROJECT_DIR': '/builds/%s/ledger-service' % co, 'CI_PROJECT_ID': str(pid),
        'CI_PROJECT_PATH': '%s/ledger-service' % co, 'CI_REGISTRY': 'registry.gitlab.%s.dev' % co,
        'CI_REGISTRY_PASSWORD': '[MASKED]', 'CI_REGISTRY_USER': 'gitlab-ci-token', 'CI_RUNNER_ID': str(random.randint(10, 99)),
        'CI_SERVER_URL': 'https://gitlab.%s.dev' % co, 'GITLAB_CI': 'true', 'GITLAB_USER_LOGIN': '%s.%s' % person(),
        'HOME': '/root', 'HOSTNAME': 'runner-%s-project-%d-concurrent-0' % (r(8, LODIG), pid), 'LANG': 'C.UTF-8',
        'PATH': '/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'PYTHON_VERSION': '3.12.7', 'SONAR_HOST_URL': 'https://sonar.%s.dev' % co, 'SONAR_TOKEN': sq,
        'SHLVL': '1', 'PWD': '/builds/%s/ledger-service' % co,
    }
    for k in sorted(env):
        o.append('%s=%s' % (k, env[k]))
    o.append('%s[32;1m$ pip install -q pysonar%s[0;m' % (E, E))
    o.append('%s[32;1m$ pysonar --sonar-project-key=%s_ledger-service%s[0;m' % (E, co, E))
    o.append('%02d:%02d:%02d.%03d INFO  Scanner configuration file: NONE' % (t.hour, t.minute, t.second, random.randint(0, 999)))
    o.append('section_end:%d:step_script\r%s[0K' % (ep + 40, E))
    o.append('%s[32;1mJob succeeded%s[0;m' % (E, E))
    add('c09/ci/gitlab/job-%d.log' % job, '\n'.join(o) + '\n')


# c10: Jenkins console output; withCredentials masks one secret, a plain env value is passed to docker login -p
def c10():
    co = company()
    fn, ln = person()
    pat = 'dckr_pat_' + rs(27, B64U)
    build = random.randint(200, 3000)
    ver = '%d.%d.%d' % (random.randint(1, 5), random.randint(0, 40), random.randint(0, 20))
    o = '''Started by user %s %s
Obtained Jenkinsfile from git https://git.%s.internal/platform/api-gateway.git
[Pipeline] Start of Pipeline
[Pipeline] node
Running on build-agent-%02d in /var/lib/jenkins/workspace/api-gateway_main
[Pipeline] {
[Pipeline] stage
[Pipeline] { (Declarative: Checkout SCM)
[Pipeline] checkout
The recommended git tool is: NONE
using credential jenkins-git-ssh
 > git rev-parse --resolve-git-dir /var/lib/jenkins/workspace/api-gateway_main/.git # timeout=10
Fetching changes from the remote Git repository
Checking out Revision %s (refs/remotes/origin/main)
Commit message: "gateway: bump envoy to 1.31"
[Pipeline] }
[Pipeline] // stage
[Pipeline] withEnv
[Pipeline] {
[Pipeline] stage
[Pipeline] { (Build)
[Pipeline] sh
+ docker build -t %s/api-gateway:%s .
#0 building with "default" instance using docker driver
#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 1.02kB done
#1 DONE 0.0s
#9 exporting to image
#9 writing image sha256:%s done
#9 naming to docker.io/%s/api-gateway:%s done
#9 DONE 0.4s
[Pipeline] }
[Pipeline] // stage
[Pipeline] stage
[Pipeline] { (Notify)
[Pipeline] withCredentials
Masking supported pattern matches of $SLACK_WEBHOOK
[Pipeline] {
[Pipeline] sh
+ curl -fsS -X POST -H Content-type: application/json --data {"text":"api-gateway %s built"} ****
ok
[Pipeline] }
[Pipeline] // withCredentials
[Pipeline] }
[Pipeline] // stage
[Pipeline] stage
[Pipeline] { (Push)
[Pipeline] sh
+ docker login -u %sci -p %s
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
WARNING! Your password will be stored unencrypted in /var/lib/jenkins/.docker/config.json.
Configure a credential helper to remove this warning. See
https://docs.docker.com/engine/reference/commandline/login/#credential-stores

Login Succeeded
+ docker push %s/api-gateway:%s
The push refers to repository [docker.io/%s/api-gateway]
%s: Pushed
%s: Layer already exists
%s: digest: sha256:%s size: 1786
[Pipeline] }
[Pipeline] // stage
[Pipeline] }
[Pipeline] // withEnv
[Pipeline] }
[Pipeline] // node
[Pipeline] End of Pipeline
Finished: SUCCESS
''' % (fn.title(), ln.title(), co, random.randint(1, 9), hx(40), co, ver, hx(64), co, ver, ver, co, pat,
       co, ver, co, hx(12), hx(12), ver, hx(64))
    add('c10/jenkins/api-gateway/main/%d/consoleText.txt' % build, o)


# c11: CircleCI step output: base64-decoded service-account JSON is cat'ed (decoded value is not masked)
def c11():
    co = company()
    proj = '%s-prod-%d' % (co, random.randint(100000, 999999))
    sa = 'circleci-deployer@%s.iam.gserviceaccount.com' % proj
    key = {
        'type': 'service_account', 'project_id': proj, 'private_key_id': hx(40), 'private_key': pem_rsa(),
        'client_email': sa, 'client_id': r(21, DIG), 'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
        'token_uri': 'https://oauth2.googleapis.com/token',
        'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
        'client_x509_cert_url': 'https://www.googleapis.com/robot/v1/metadata/x509/' + sa.replace('@', '%40'),
        'universe_domain': 'googleapis.com',
    }
    o = '#!/bin/bash -eo pipefail\n'
    o += 'echo "$GCLOUD_SERVICE_KEY" | base64 --decode > "${HOME}/gcloud-service-key.json"\n'
    o += 'cat "${HOME}/gcloud-service-key.json"\n'
    o += 'gcloud auth activate-service-account --key-file="${HOME}/gcloud-service-key.json"\n'
    o += 'gcloud --quiet config set project "$GOOGLE_PROJECT_ID"\n'
    o += json.dumps(key, indent=2) + '\n'
    o += 'Activated service account credentials for: [%s]\n' % sa
    o += 'Updated property [core/project].\n'
    add('c11/.circleci/debug/deploy-job-%d-step-104.txt' % random.randint(1000, 90000), o)


# c12: HAR export including an Auth0 client-credentials token request and the Bearer it returned
def c12():
    co = company()
    t = when()
    tenant = '%s-prod' % co
    cid = rs(32)
    csec = rs(64, B64U)
    now = int(t.timestamp())
    at = jwt({'iss': 'https://%s.eu.auth0.com/' % tenant, 'sub': cid + '@clients', 'aud': 'https://api.%s.com' % co,
              'iat': now, 'exp': now + 86400, 'gty': 'client-credentials', 'azp': cid,
              'scope': 'read:orders write:orders'})

    def entry(t, method, url, headers, post=None, status=200, body='', mime='application/json'):
        e = {
            'cache': {}, 'connection': str(random.randint(10000, 99999)), 'pageref': 'page_1',
            'request': {'method': method, 'url': url, 'httpVersion': 'http/2.0',
                        'headers': [{'name': k, 'value': v} for k, v in headers],
                        'queryString': [], 'cookies': [], 'headersSize': -1,
                        'bodySize': len(post) if post else 0},
            'response': {'status': status, 'statusText': '', 'httpVersion': 'http/2.0',
                         'headers': [{'name': 'content-type', 'value': mime + '; charset=utf-8'},
                                     {'name': 'date', 'value': t.strftime('%a, %d %b %Y %H:%M:%S GMT')}],
                         'cookies': [], 'content': {'size': len(body), 'mimeType': mime, 'text': body},
                         'redirectURL': '', 'headersSize': -1, 'bodySize': -1, '_transferSize': len(body) + 300,
                         '_error': None},
            'serverIPAddress': ippub(), 'startedDateTime': iso_ms(t),
            'time': round(random.uniform(40, 400), 3),
            'timings': {'blocked': round(random.uniform(0.5, 5), 3), 'dns': -1, 'ssl': -1, 'connect': -1,
                        'send': 0.1, 'wait': round(random.uniform(30, 300), 3), 'receive': round(random.uniform(0.5, 3), 3),
                        '_blocked_queueing': round(random.uniform(0.3, 2), 3)},
        }
        if post:
            e['request']['postData'] = {'mimeType': 'application/json', 'text': post}
        return e
    ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
    post = json.dumps({'client_id': cid, 'client_secret': csec, 'audience': 'https://api.%s.com' % co,
                       'grant_type': 'client_credentials'})
    resp = json.dumps({'access_token': at, 'scope': 'read:orders write:orders', 'expires_in': 86400, 'token_type': 'Bearer'})
    entries = [entry(t, 'POST', 'https://%s.eu.auth0.com/oauth/token' % tenant,
                     [(':authority', '%s.eu.auth0.com' % tenant), (':method', 'POST'), (':path', '/oauth/token'),
                      (':scheme', 'https'), ('accept', '*/*'), ('content-type', 'application/json'),
                      ('origin', 'http://localhost:5173'), ('referer', 'http://localhost:5173/'), ('user-agent', ua)],
                     post=post, body=resp)]
    t0 = t
    t = later(t, 0.3, 1.5)
    orders = json.dumps({'data': [{'id': 'ord_' + r(12), 'status': pick('paid', 'shipped'), 'total': random.randint(1000, 50000)}
                                  for _ in range(2)], 'next': None})
    entries.append(entry(t, 'GET', 'https://api.%s.com/v1/orders?limit=2' % co,
                         [(':authority', 'api.%s.com' % co), (':method', 'GET'), (':path', '/v1/orders?limit=2'),
                          (':scheme', 'https'), ('accept', 'application/json'), ('authorization', 'Bearer ' + at),
                          ('origin', 'http://localhost:5173'), ('user-agent', ua)], body=orders))
    har = {'log': {'version': '1.2', 'creator': {'name': 'WebInspector', 'version': '537.36'},
                   'pages': [{'startedDateTime': iso_ms(t0), 'id': 'page_1', 'title': 'http://localhost:5173/orders',
                              'pageTimings': {'onContentLoad': round(random.uniform(200, 900), 3), 'onLoad': round(random.uniform(900, 2000), 3)}}],
                   'entries': entries}}
    add('c12/debug/orders-dashboard/localhost.har', json.dumps(har, indent=2) + '\n')


# c13: curl -v transcript against the OpenAI API pasted into an issue note
def c13():
    key = openai_key()
    ip = pick('162.159.140.245', '172.66.0.243')
    org = 'org-' + rs(24)
    rid = 'req_' + hx(32)
    o = '''$ curl -v https://api.openai.com/v1/chat/completions -H "Content-Type: application/json" -H "Authorization: Bearer $OPENAI_API_KEY" -d @body.json
*   Trying %s:443...
* Connected to api.openai.com (%s) port 443
* ALPN: curl offers h2,http/1.1
* (304) (OUT), TLS handshake, Client hello (1):
*  CAfile: /etc/ssl/cert.pem
*  CApath: none
* (304) (IN), TLS handshake, Server hello (2):
* (304) (IN), TLS handshake, Unknown (8):
* (304) (IN), TLS handshake, Certificate (11):
* (304) (IN), TLS handshake, CERT verify (15):
* (304) (IN), TLS handshake, Finished (20):
* (304) (OUT), TLS handshake, Finished (20):
* SSL connection using TLSv1.3 / AEAD-CHACHA20-POLY1305-SHA256
* ALPN: server accepted h2
* Server certificate:
*  subject: CN=api.openai.com
*  start date: %s
*  expire date: %s
*  subjectAltName: host "api.openai.com" matched cert's "api.openai.com"
*  issuer: C=US; O=Google Trust Services; CN=WE1
*  SSL certificate verify ok.
* using HTTP/2
* [HTTP/2] [1] OPENED stream for https://api.openai.com/v1/chat/completions
* [HTTP/2] [1] [:method: POST]
* [HTTP/2] [1] [:scheme: https]
* [HTTP/2] [1] [:authority: api.openai.com]
* [HTTP/2] [1] [:path: /v1/chat/completions]
* [HTTP/2] [1] [user-agent: curl/8.7.1]
* [HTTP/2] [1] [accept: */*]
* [HTTP/2] [1] [content-type: application/json]
* [HTTP/2] [1] [authorization: Bearer %s]
* [HTTP/2] [1] [content-length: %d]
> POST /v1/chat/completions HTTP/2
> Host: api.openai.com
> User-Agent: curl/8.7.1
> Accept: */*
> Content-Type: application/json
> Authorization: Bearer %s
> Content-Length: %d
>
* upload completely sent off: %d bytes
< HTTP/2 429
< date: %s
< content-type: application/json; charset=utf-8
< vary: Origin
< x-ratelimit-limit-requests: 500
< x-ratelimit-remaining-requests: 0
< x-ratelimit-reset-requests: 120ms
< x-request-id: %s
< openai-organization: %s
< cf-cache-status: DYNAMIC
< server: cloudflare
< cf-ray: %s-AMS
< alt-svc: h3=":443"; ma=86400
<
{
    "error": {
        "message": "Rate limit reached for gpt-4o in organization %s on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.",
        "type": "requests",
        "param": null,
        "code": "rate_limit_exceeded"
    }
}
* Connection #0 to host api.openai.com left intact
'''
    t = when()
    n = random.randint(150, 600)
    s1 = (t - datetime.timedelta(days=40)).strftime('%b %d %H:%M:%S %Y GMT')
    s2 = (t + datetime.timedelta(days=50)).strftime('%b %d %H:%M:%S %Y GMT')
    o = o % (ip, ip, s1, s2, key, n, key, n, n, t.strftime('%a, %d %b %Y %H:%M:%S GMT'), rid, org, hx(16), org)
    add('c13/notes/ratelimit-429/curl-verbose.txt', o)


# c14: wget --debug with --auth-no-challenge: the Basic header is dumped in the request block
def c14():
    co = company()
    user = 'ci-deploy'
    pw = pw_rand()
    host = 'nexus.%s.internal' % co
    ip = ip10()
    t = when()
    ver = '%d.%d.%d' % (random.randint(1, 4), random.randint(0, 20), random.randint(0, 9))
    art = 'ledger-core-%s.jar' % ver
    path = '/repository/maven-releases/com/%s/ledger-core/%s/%s' % (co, ver, art)
    size = random.randint(200000, 9000000)
    o = '''DEBUG output created by Wget 1.21.4 on linux-gnu.

Reading HSTS entries from /home/jenkins/.wget-hsts
URI encoding = 'UTF-8'
converted 'https://%s%s' (UTF-8) -> 'https://%s%s' (UTF-8)
--%s--  https://%s%s
Resolving %s (%s)... %s
Caching %s => %s
Connecting to %s (%s)|%s|:443... connected.
Created socket 3.
Releasing 0x000055d4c8a1e2f0 (new refcount 1).
Initiating SSL handshake.
Handshake successful; connected socket 3 to SSL handle 0x000055d4c8a20b10
certificate:
  subject: CN=%s
  issuer:  CN=%s Internal Issuing CA 01,O=%s
X509 certificate successfully verified and matches host %s

---request begin---
GET %s HTTP/1.1
Host: %s
User-Agent: Wget/1.21.4
Accept: */*
Accept-Encoding: identity
Connection: Keep-Alive
Authorization: Basic %s

---request end---
HTTP request sent, awaiting response... 
---response begin---
HTTP/1.1 200 OK
Server: Nexus/3.68.1-02 (OSS)
Date: %s
Content-Type: application/java-archive
Content-Length: %d
Last-Modified: %s
ETag: "%s"
X-Content-Type-Options: nosniff

---response end---
200 OK
Registered socket 3 for persistent reuse.
Length: %d (%dK) [application/java-archive]
Saving to: '%s'

     0K .......... .......... .......... .......... ..........  0%% 12.1M 1s
%s (%.1f MB/s) - '%s' saved [%d/%d]

'''
    ts = t.strftime('%Y-%m-%d %H:%M:%S')
    hd = t.strftime('%a, %d %b %Y %H:%M:%S GMT')
    o = o % (host, path, host, path, ts, host, path, host, host, ip, host, ip, host, host, ip, host, co.title(), co.title(),
             host, path, host, b64(user + ':' + pw), hd, size, hd, hx(40), size, size // 1024, art,
             later(t, 1, 3).strftime('%Y-%m-%d %H:%M:%S'), random.uniform(5, 80), art, size, size)
    add('c14/build/logs/fetch-artifacts.wget-debug.log', o)


# c15: HTTPie --verbose output pasted into a markdown troubleshooting note (SendGrid key)
def c15():
    co = company()
    key = sendgrid()
    fn, ln = person()
    body = {'personalizations': [{'to': [{'email': '%s.%s@%s.com' % (fn, ln, co)}]}],
            'from': {'email': 'no-reply@%s.com' % co}, 'subject': 'Your invoice is ready',
            'content': [{'type': 'text/plain', 'value': 'Hello, your invoice is attached.'}]}
    js = json.dumps(body, indent=4)
    o = '''# Emails not delivered after domain migration

Repro from my laptop, same payload the notifier sends:

```
$ http -v POST https://api.sendgrid.com/v3/mail/send Authorization:"Bearer %s" < payload.json
POST /v3/mail/send HTTP/1.1
Accept: application/json, */*;q=0.5
Accept-Encoding: gzip, deflate
Authorization: Bearer %s
Connection: keep-alive
Content-Length: %d
Content-Type: application/json
Host: api.sendgrid.com
User-Agent: HTTPie/3.2.4

%s


HTTP/1.1 403 Forbidden
Access-Control-Allow-Headers: Authorization, Content-Type, On-behalf-of, x-sg-elas-acl
Access-Control-Allow-Methods: POST
Access-Control-Allow-Origin: https://sendgrid.api-docs.io
Access-Control-Max-Age: 600
Connection: keep-alive
Content-Length: 281
Content-Type: application/json
Date: %s
Server: nginx
Strict-Transport-Security: max-age=600; includeSubDomains

{
    "errors": [
        {
            "field": "from",
            "help": "https://sendgrid.com/docs/for-developers/sending-email/sender-identity/",
            "message": "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements"
        }
    ]
}
```

So it's the sender identity, not the key. Need to verify `no-reply@%s.com` in the new account.
''' % (key, key, len(json.dumps(body)), js, when().strftime('%a, %d %b %Y %H:%M:%S GMT'), co)
    add('c15/docs/troubleshooting/sendgrid-403.md', o)


# c16: Postman collection v2.1 with collection-level Basic auth for Twilio (Account SID + Auth Token)
def c16():
    co = company()
    sid = 'AC' + hx(32)
    tok = hx(32)
    frm = '+1%d%07d' % (random.randint(201, 989), random.randint(0, 9999999))
    coll = {
        'info': {'_postman_id': uid(), 'name': '%s SMS notifications' % co.title(),
                 'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
                 '_exporter_id': str(random.randint(10000000, 39999999))},
        'item': [
            {'name': 'Send SMS', 'request': {
                'method': 'POST', 'header': [],
                'body': {'mode': 'urlencoded', 'urlencoded': [
                    {'key': 'To', 'value': '{{to_number}}', 'type': 'text'},
                    {'key': 'From', 'value': frm, 'type': 'text'},
                    {'key': 'Body', 'value': 'Your verification code is %06d' % random.randint(0, 999999), 'type': 'text'}]},
                'url': {'raw': 'https://api.twilio.com/2010-04-01/Accounts/{{account_sid}}/Messages.json',
                        'protocol': 'https', 'host': ['api', 'twilio', 'com'],
                        'path': ['2010-04-01', 'Accounts', '{{account_sid}}', 'Messages.json']}},
             'response': []},
            {'name': 'List messages', 'request': {
                'method': 'GET', 'header': [],
                'url': {'raw': 'https://api.twilio.com/2010-04-01/Accounts/{{account_sid}}/Messages.json?PageSize=20',
                        'protocol': 'https', 'host': ['api', 'twilio', 'com'],
                        'path': ['2010-04-01', 'Accounts', '{{account_sid}}', 'Messages.json'],
                        'query': [{'key': 'PageSize', 'value': '20'}]}},
             'response': []},
        ],
        'auth': {'type': 'basic', 'basic': [{'key': 'password', 'value': tok, 'type': 'string'},
                                            {'key': 'username', 'value': sid, 'type': 'string'}]},
        'event': [{'listen': 'prerequest', 'script': {'type': 'text/javascript', 'packages': {}, 'exec': ['']}}],
        'variable': [{'key': 'account_sid', 'value': sid, 'type': 'string'},
                     {'key': 'to_number', 'value': '+1%d%07d' % (random.randint(201, 989), random.randint(0, 9999999)), 'type': 'string'}],
    }
    add('c16/postman/%s SMS notifications.postman_collection.json' % co.title(), json.dumps(coll, indent='\t') + '\n')


for f in (c09, c10, c11, c12, c13, c14, c15, c16):
    f()


# c17: Postman environment export: "secret" typed values are still exported in clear (Shopify Admin API)
def c17():
    co = company()
    t = when()
    env = {
        'id': uid(), 'name': '%s Shopify - production' % co.title(),
        'values': [
            {'key': 'shop', 'value': '%s-store.myshopify.com' % co, 'type': 'default', 'enabled': True},
            {'key': 'api_version', 'value': '2024-10', 'type': 'default', 'enabled': True},
            {'key': 'admin_access_token', 'value': 'shpat_' + hx(32), 'type': 'secret', 'enabled': True},
            {'key': 'api_key', 'value': hx(32), 'type': 'default', 'enabled': True},
            {'key': 'api_secret_key', 'value': 'shpss_' + hx(32), 'type': 'secret', 'enabled': True},
            {'key': 'location_id', 'value': str(random.randint(60000000000, 99999999999)), 'type': 'default', 'enabled': True},
        ],
        '_postman_variable_scope': 'environment',
        '_postman_exported_at': iso_ms(t),
        '_postman_exported_using': 'Postman/11.%d.%d' % (random.randint(1, 20), random.randint(0, 9)),
    }
    add('c17/postman/environments/%s-shopify-production.postman_environment.json' % co, json.dumps(env, indent='\t') + '\n')


# c18: Insomnia v4 export: Mailgun request with Basic auth (api:<key>) and the key again in the environment
def c18():
    co = company()
    t = when()
    key = hx(32) + '-' + hx(8) + '-' + hx(8)
    dom = 'mg.%s.com' % co
    wrk = 'wrk_' + hx(32)
    env_base = 'env_' + hx(40)
    ms = epoch_ms(t)
    res = [
        {'_id': 'req_' + hx(32), 'parentId': 'fld_' + hx(32), 'modified': ms, 'created': ms - 86400000 * 3,
         'url': 'https://api.eu.mailgun.net/v3/{{ _.mailgun_domain }}/messages', 'name': 'Send message',
         'description': '', 'method': 'POST',
         'body': {'mimeType': 'multipart/form-data', 'params': [
             {'id': 'pair_' + hx(32), 'name': 'from', 'value': 'Billing <billing@%s>' % dom, 'description': ''},
             {'id': 'pair_' + hx(32), 'name': 'to', 'value': '%s.%s@%s.com' % (person() + (co,)), 'description': ''},
             {'id': 'pair_' + hx(32), 'name': 'subject', 'value': 'Invoice %d' % random.randint(1000, 9999), 'description': ''},
             {'id': 'pair_' + hx(32), 'name': 'text', 'value': 'Your invoice is attached.', 'description': ''}]},
         'parameters': [], 'headers': [{'name': 'Content-Type', 'value': 'multipart/form-data'}],
         'authentication': {'type': 'basic', 'useISO88591': False, 'disabled': False, 'username': 'api', 'password': key},
         'metaSortKey': -ms, 'isPrivate': False, 'pathParameters': [], 'settingStoreCookies': True, 'settingSendCookies': True,
         'settingDisableRenderRequestBody': False, 'settingEncodeUrl': True, 'settingRebuildPath': True,
         'settingFollowRedirects': 'global', '_type': 'request'},
        {'_id': 'fld_' + hx(32), 'parentId': wrk, 'modified': ms, 'created': ms - 86400000 * 5, 'name': 'Mailgun',
         'description': '', 'environment': {}, 'environmentPropertyOrder': None, 'metaSortKey': -ms, '_type': 'request_group'},
        {'_id': wrk, 'parentId': None, 'modified': ms, 'created': ms - 86400000 * 9, 'name': '%s integrations' % co.title(),
         'description': '', 'scope': 'collection', '_type': 'workspace'},
        {'_id': env_base, 'parentId': wrk, 'modified': ms, 'created': ms - 86400000 * 9, 'name': 'Base Environment',
         'data': {'mailgun_domain': dom, 'mailgun_api_key': key}, 'dataPropertyOrder': {'&': ['mailgun_domain', 'mailgun_api_key']},
         'color': None, 'isPrivate': False, 'metaSortKey': ms - 86400000 * 9, '_type': 'environment'},
        {'_id': 'jar_' + hx(40), 'parentId': wrk, 'modified': ms, 'created': ms - 86400000 * 9, 'name': 'Default Jar',
         'cookies': [], '_type': 'cookie_jar'},
    ]
    exp = {'_type': 'export', '__export_format': 4, '__export_date': iso_ms(t),
           '__export_source': 'insomnia.desktop.app:v%s' % pick('2023.5.8', '8.6.1', '9.3.3'), 'resources': res}
    add('c18/api-clients/insomnia/Insomnia_%s.json' % t.strftime('%Y-%m-%d'), json.dumps(exp, indent=2) + '\n')


# c19: Bruno request file (.bru) with the Anthropic key typed straight into the headers block
def c19():
    key = anthropic_key()
    o = '''meta {
  name: Summarize ticket
  type: http
  seq: %d
}

post {
  url: https://api.anthropic.com/v1/messages
  body: json
  auth: none
}

headers {
  x-api-key: %s
  anthropic-version: 2023-06-01
  content-type: application/json
}

body:json {
  {
    "model": "%s",
    "max_tokens": 1024,
    "messages": [
      {
        "role": "user",
        "content": "Summarize this support ticket in 3 bullet points: {{ticketText}}"
      }
    ]
  }
}

vars:pre-request {
  ticketText: Customer cannot log in after password reset, error 500 on /session
}
''' % (random.randint(1, 9), key, pick('claude-3-5-sonnet-20241022', 'claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514'))
    add('c19/bruno/support-ai/Summarize ticket.bru', o)


# c20: Node.js diagnostic report (--report-on-fatalerror) with the full process environment
def c20():
    co = company()
    t = when()
    pid = random.randint(7, 60000)
    ghtok = gh_fine()
    npmtok = cks('npm_')
    dbpw = pw_url()
    fname = 'report.%s.%d.0.001.json' % (t.strftime('%Y%m%d.%H%M%S'), pid)
    host = 'build-%s' % r(6, LODIG)
    rep = {
        'header': {
            'reportVersion': 3, 'event': 'Allocation failed - JavaScript heap out of memory', 'trigger': 'OOMError',
            'filename': fname, 'dumpEventTime': t.strftime('%Y-%m-%dT%H:%M:%SZ'),
            'dumpEventTimeStamp': str(epoch_ms(t)), 'processId': pid, 'threadId': 0, 'cwd': '/workspace/%s-web' % co,
            'commandLine': ['/usr/local/bin/node', '--max-old-space-size=4096', '/workspace/%s-web/node_modules/.bin/next' % co, 'build'],
            'nodejsVersion': 'v20.18.1', 'glibcVersionRuntime': '2.36', 'glibcVersionCompiler': '2.28', 'wordSize': 64,
            'arch': 'x64', 'platform': 'linux',
            'componentVersions': {'node': '20.18.1', 'acorn': '8.12.1', 'ada': '2.9.2', 'ares': '1.33.1', 'brotli': '1.1.0',
                                  'cldr': '45.0', 'icu': '75.1', 'llhttp': '8.1.2', 'modules': '115', 'napi': '9',
                                  'nghttp2': '1.61.0', 'openssl': '3.0.15+quic', 'tz': '2024b', 'unicode': '15.1',
                                  'uv': '1.46.0', 'v8': '11.3.244.8-node.25', 'zlib': '1.3.0.1-motley-82a5fec'},
            'release': {'name': 'node', 'lts': 'Iron', 'headersUrl': 'https://nodejs.org/download/release/v20.18.1/node-v20.18.1-headers.tar.gz',
                        'sourceUrl': 'https://nodejs.org/download/release/v20.18.1/node-v20.18.1.tar.gz'},
            'osName': 'Linux', 'osRelease': '6.8.0-1017-aws', 'osVersion': '#18~22.04.1-Ubuntu SMP', 'osMachine': 'x86_64',
            'cpus': [{'model': 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz', 'speed': 2900, 'user': random.randint(10**6, 10**7),
                      'nice': 0, 'sys': random.randint(10**5, 10**6), 'idle': random.randint(10**7, 10**8), 'irq': 0}] * 2,
            'host': host,
        },
        'javascriptStack': {'message': 'No stack.', 'stack': ['Unavailable.']},
        'javascriptHeap': {'totalMemory': 4332781568, 'executableMemory': 2097152, 'totalCommittedMemory': 4330921984,
                           'availableMemory': 48302592, 'totalGlobalHandlesMemory': 65536, 'usedGlobalHandlesMemory': 49184,
                           'usedMemory': 4264213920, 'memoryLimit': 4345298944, 'mallocedMemory': 540752, 'externalMemory': 7163284,
                           'peakMallocedMemory': 13385744, 'nativeContextCount': 2, 'detachedContextCount': 0,
                           'doesZapGarbage': 0},
        'nativeStack': [{'pc': '0x0000%s' % hx(12), 'symbol': 'node::OOMErrorHandler(char const*, v8::OOMDetails const&) [/usr/local/bin/node]'},
                        {'pc': '0x0000%s' % hx(12), 'symbol': 'v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [/usr/local/bin/node]'}],
        'libuv': [],
        'workers': [],
        'environmentVariables': {
            'HOSTNAME': host, 'HOME': '/root', 'NODE_VERSION': '20.18.1', 'YARN_VERSION': '1.22.22',
            'NODE_ENV': 'production', 'CI': 'true', 'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
            'NEXT_TELEMETRY_DISABLED': '1', 'NEXT_PUBLIC_API_BASE': 'https://api.%s.com' % co,
            'DATABASE_URL': 'postgresql://web:%s@%s:5432/web' % (dbpw, ip10()),
            'GITHUB_TOKEN': ghtok, 'NPM_TOKEN': npmtok, 'PWD': '/workspace/%s-web' % co,
            'NODE_OPTIONS': '--max-old-space-size=4096',
        },
        'userLimits': {'core_file_size_blocks': {'soft': 0, 'hard': 'unlimited'}, 'open_files': {'soft': 1048576, 'hard': 1048576}},
        'sharedObjects': ['linux-vdso.so.1', '/lib/x86_64-linux-gnu/libdl.so.2', '/lib/x86_64-linux-gnu/libstdc++.so.6',
                          '/lib/x86_64-linux-gnu/libm.so.6', '/lib/x86_64-linux-gnu/libc.so.6'],
    }
    add('c20/ci-artifacts/%s' % fname, json.dumps(rep, indent=2) + '\n')


# c21: Sentry event JSON: token/password keys were scrubbed, but a local holding a Slack webhook was not
def c21():
    co = company()
    t = when()
    hook = slack_hook()
    eid = hx(32)
    frames = [
        {'function': '_run', 'module': 'app.jobs.runner', 'filename': 'app/jobs/runner.py', 'abs_path': '/srv/app/app/jobs/runner.py',
         'lineno': 88, 'pre_context': ['        try:'], 'context_line': '            job.execute()',
         'post_context': ['        except Exception:', '            log.exception("job failed")'], 'in_app': True,
         'vars': {'job': '<AlertJob id=%d>' % random.randint(1000, 9999), 'self': '<app.jobs.runner.Runner object at 0x7f%s>' % hx(10)}},
        {'function': 'post_alert', 'module': 'app.notify.slack', 'filename': 'app/notify/slack.py',
         'abs_path': '/srv/app/app/notify/slack.py', 'lineno': 41,
         'pre_context': ['    payload = {"text": text, "channel": channel}', '    resp = requests.post(webhook_url, json=payload, timeout=5)'],
         'context_line': '    resp.raise_for_status()', 'post_context': ['    return resp'], 'in_app': True,
         'vars': {'channel': "'#alerts-prod'", 'webhook_url': "'%s'" % hook, 'api_token': '[Filtered]',
                  'payload': {'channel': "'#alerts-prod'", 'text': "'Disk usage on db-%02d above 90%%'" % random.randint(1, 9)},
                  'resp': '<Response [404]>', 'text': "'Disk usage on db above 90%'"}},
        {'function': 'raise_for_status', 'module': 'requests.models', 'filename': 'requests/models.py',
         'abs_path': '/usr/local/lib/python3.12/site-packages/requests/models.py', 'lineno': 1024,
         'context_line': '            raise HTTPError(http_error_msg, response=self)', 'in_app': False,
         'vars': {'http_error_msg': "'404 Client Error: Not Found for url: %s'" % hook, 'reason': "'Not Found'",
                  'self': '<Response [404]>'}},
    ]
    ev = {
        'event_id': eid, 'project': random.randint(4500000000000000, 4509999999999999), 'release': '%s-notifier@%s' % (co, hx(12)),
        'dist': None, 'platform': 'python', 'message': '', 'datetime': t.strftime('%Y-%m-%dT%H:%M:%S.') + '%06d+00:00' % t.microsecond,
        'tags': [['environment', 'production'], ['handled', 'no'], ['level', 'error'], ['mechanism', 'logging'],
                 ['runtime', 'CPython 3.12.7'], ['server_name', 'notifier-%s' % r(5, LODIG)]],
        '_meta': {'exception': {'values': {'0': {'stacktrace': {'frames': {'1': {'vars': {'api_token': {'': {'rem': [['@password:filter', 's', 0, 10]], 'len': 40}}}}}}}}}},
        'breadcrumbs': {'values': [
            {'timestamp': t.timestamp() - 0.4, 'type': 'http', 'category': 'httplib', 'level': 'info',
             'data': {'http.method': 'POST', 'http.response.status_code': 404, 'reason': 'Not Found', 'url': hook}},
            {'timestamp': t.timestamp() - 0.01, 'type': 'log', 'category': 'app.jobs.runner', 'level': 'error', 'message': 'job failed'}]},
        'contexts': {'runtime': {'name': 'CPython', 'version': '3.12.7', 'type': 'runtime'},
                     'trace': {'trace_id': hx(32), 'span_id': hx(16), 'op': 'queue.task.rq', 'type': 'trace'}},
        'culprit': 'app.notify.slack in post_alert',
        'environment': 'production',
        'exception': {'values': [{'type': 'HTTPError', 'value': '404 Client Error: Not Found for url: %s' % hook,
                                  'module': 'requests.exceptions', 'mechanism': {'type': 'logging', 'handled': False},
                                  'stacktrace': {'frames': frames}}]},
        'level': 'error', 'logger': 'app.jobs.runner',
        'sdk': {'name': 'sentry.python', 'version': '2.19.2', 'integrations': ['argv', 'atexit', 'dedupe', 'logging', 'rq', 'stdlib']},
        'server_name': 'notifier-%s' % r(5, LODIG), 'timestamp': t.timestamp(), 'type': 'error', 'version': '7',
    }
    add('c21/incidents/alerts-silent/sentry-event-%s.json' % eid, json.dumps(ev, indent=2) + '\n')


# c22: pytest -l (showlocals) output from a CI run: Azure Storage connection string in a local variable
def c22():
    co = company()
    acct = ('%singest%s' % (co[:10], pick('prod', 'prd', 'live')))[:24]
    conn = 'DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net' % (acct, azure_storage_key())
    tmp = "PosixPath('/tmp/pytest-of-runner/pytest-0/test_upload_partitioned_batch0')"
    obj = hx(10)
    o = '''============================= test session starts ==============================
platform linux -- Python 3.12.8, pytest-8.3.4, pluggy-1.5.0
rootdir: /home/runner/work/ingest/ingest
configfile: pyproject.toml
plugins: anyio-4.7.0, cov-6.0.0
collected %d items

tests/integration/test_blob_sink.py ..F..                                [ 10%%]
tests/unit/test_parser.py ............................................   [100%%]

=================================== FAILURES ===================================
________________________ test_upload_partitioned_batch _________________________

tmp_path = %s

    @pytest.mark.integration
    def test_upload_partitioned_batch(tmp_path):
        conn_str = os.environ["INGEST_BLOB_CONN"]
        sink = BlobSink.from_connection_string(conn_str, container="raw-events")
>       sink.upload(tmp_path / "batch.parquet", partition="dt=%s")

conn_str   = '%s'
sink       = <ingest.sinks.blob.BlobSink object at 0x7f%s>
tmp_path   = %s

tests/integration/test_blob_sink.py:41: 
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 

self = <ingest.sinks.blob.BlobSink object at 0x7f%s>
path = %s
partition = 'dt=%s'

    def upload(self, path: Path, partition: str) -> str:
        name = f"{partition}/{path.name}"
>       with open(path, "rb") as fh:
E       FileNotFoundError: [Errno 2] No such file or directory: '/tmp/pytest-of-runner/pytest-0/test_upload_partitioned_batch0/batch.parquet'

name       = 'dt=%s/batch.parquet'
partition  = 'dt=%s'
path       = %s
self       = <ingest.sinks.blob.BlobSink object at 0x7f%s>

src/ingest/sinks/blob.py:57: FileNotFoundError
=========================== short test summary info ============================
FAILED tests/integration/test_blob_sink.py::test_upload_partitioned_batch - FileNotFoundError: [Errno 2] No such file or directory: '/tmp/pytest-of-runner/pytest-0/test_upload_partitioned_batch0/batch.parquet'
========================= 1 failed, %d passed in %.2fs =========================
'''
    d = when().strftime('%Y-%m-%d')
    pth = "PosixPath('/tmp/pytest-of-runner/pytest-0/test_upload_partitioned_batch0/batch.parquet')"
    n = 49
    o = o % (n, tmp, d, conn, obj, tmp, obj, pth, d, d, d, pth, obj, n - 1, random.uniform(3, 40))
    add('c22/ci/artifacts/pytest-integration-output.txt', o)


# c23: Maven build log: Liquibase prints the JDBC URL (with password) in its connection error
def c23():
    co = company()
    pw = pw_url()
    host = 'orders-db.%s.eu-central-1.rds.amazonaws.com' % r(12, LODIG)
    t = when()
    o = '''[INFO] Scanning for projects...
[INFO] 
[INFO] -----------------------< com.%s:orders-db >------------------------
[INFO] Building orders-db 1.%d.0
[INFO]   from pom.xml
[INFO] --------------------------------[ jar ]---------------------------------
[INFO] 
[INFO] --- liquibase:4.29.2:update (default-cli) @ orders-db ---
[INFO] ------------------------------------------------------------------------
[INFO] 
[INFO] Liquibase Community 4.29.2 by Liquibase
[INFO] ------------------------------------------------------------------------
[INFO] BUILD FAILURE
[INFO] ------------------------------------------------------------------------
[INFO] Total time:  %.3f s
[INFO] Finished at: %s
[INFO] ------------------------------------------------------------------------
[ERROR] Failed to execute goal org.liquibase:liquibase-maven-plugin:4.29.2:update (default-cli) on project orders-db: Error setting up or running Liquibase:
[ERROR] liquibase.exception.DatabaseException: liquibase.exception.DatabaseException: Connection could not be created to jdbc:postgresql://%s:5432/orders?user=liquibase&password=%s&sslmode=require with driver org.postgresql.Driver.  The connection attempt failed.
[ERROR] -> [Help 1]
[ERROR] 
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
[ERROR] Re-run Maven using the -X switch to enable full debug logging.
[ERROR] 
[ERROR] For more information about the errors and possible solutions, please read the following articles:
[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoExecutionException
''' % (co, random.randint(2, 20), random.uniform(2, 9), t.strftime('%Y-%m-%dT%H:%M:%SZ'), host, pw)
    add('c23/build-logs/orders-db-migrate.log', o)


# c24: terraform plan output: Lambda environment map is not sensitive, so old and new values print
def c24():
    co = company()
    old, new = pw_rand(), pw_rand()
    dd = dd_api()
    fn = 'webhook-forwarder'
    t = when()
    o = '''data.aws_iam_policy_document.assume_lambda: Reading...
data.aws_iam_policy_document.assume_lambda: Read complete after 0s [id=%d]
aws_iam_role.webhook_forwarder: Refreshing state... [id=%s-webhook-forwarder]
aws_lambda_function.webhook_forwarder: Refreshing state... [id=%s]

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  ~ update in-place

Terraform will perform the following actions:

  # aws_lambda_function.webhook_forwarder will be updated in-place
  ~ resource "aws_lambda_function" "webhook_forwarder" {
        id                             = "%s"
      ~ last_modified                  = "%s" -> (known after apply)
      ~ source_code_hash               = "%s" -> "%s"
        tags                           = {
            "team" = "platform"
        }
        # (26 unchanged attributes hidden)

      ~ environment {
          ~ variables = {
              ~ "DB_PASSWORD"  = "%s" -> "%s"
              + "DD_API_KEY"   = "%s"
              + "DD_SITE"      = "datadoghq.eu"
                "DB_HOST"      = "%s"
                "LOG_LEVEL"    = "info"
                # (1 unchanged element hidden)
            }
        }

        # (3 unchanged blocks hidden)
    }

Plan: 0 to add, 1 to change, 0 to destroy.

\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500

Saved the plan to: tfplan

To perform exactly these actions, run the following command to apply:
    terraform apply "tfplan"
''' % (random.randint(10**8, 10**10), co, fn, fn, t.strftime('%Y-%m-%dT%H:%M:%S.000+0000'), b64(rbytes(32)), b64(rbytes(32)),
       old, new, dd, 'orders-db.%s.eu-west-1.rds.amazonaws.com' % r(12, LODIG))
    add('c24/infra/lambda/plan-%s.txt' % t.strftime('%Y%m%d'), o)


for f in (c17, c18, c19, c20, c21, c22, c23, c24):
    f()


# c25: TF_LOG=DEBUG output: the Cloudflare provider's HTTP transport dumps the request with its Bearer token
def c25():
    co = company()
    tok = rs(40, B64U)
    t = when()
    zone = '%s.com' % co
    pv = '4.%d.%d' % (random.randint(30, 52), random.randint(0, 3))

    def ts():
        return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
    o = []
    o.append('%s [INFO]  Terraform version: 1.9.8' % ts())
    o.append('%s [DEBUG] using github.com/hashicorp/go-tfe v1.58.0' % ts())
    o.append('%s [DEBUG] using github.com/hashicorp/hcl/v2 v2.22.0' % ts())
    o.append('%s [INFO]  Go runtime version: go1.22.5' % ts())
    o.append('%s [INFO]  CLI args: []string{"terraform", "plan", "-out=tfplan"}' % ts())
    t = later(t, 0.05, 0.3)
    o.append('%s [DEBUG] provider: starting plugin: path=.terraform/providers/registry.terraform.io/cloudflare/cloudflare/%s/linux_amd64/terraform-provider-cloudflare_v%s args=[".terraform/providers/registry.terraform.io/cloudflare/cloudflare/%s/linux_amd64/terraform-provider-cloudflare_v%s"]' % (ts(), pv, pv, pv, pv))
    o.append('%s [DEBUG] provider: plugin started: path=.terraform/providers/registry.terraform.io/cloudflare/cloudflare/%s/linux_amd64/terraform-provider-cloudflare_v%s pid=%d' % (ts(), pv, pv, random.randint(1000, 60000)))
    t = later(t, 0.2, 0.8)
    o.append('%s [DEBUG] provider.terraform-provider-cloudflare_v%s: Cloudflare API Request Details:' % (ts(), pv))
    o.append('---[ REQUEST ]---------------------------------------')
    o.append('GET /client/v4/zones?name=%s&per_page=50 HTTP/1.1' % zone)
    o.append('Host: api.cloudflare.com')
    o.append('User-Agent: terraform/1.9.8 terraform-plugin-sdk/2.34.0 terraform-provider-cloudflare/%s' % pv)
    o.append('Authorization: Bearer %s' % tok)
    o.append('Content-Type: application/json')
    o.append('Accept-Encoding: gzip')
    o.append('')
    o.append('')
    o.append('-----------------------------------------------------: @module=cloudflare tf_provider_addr=registry.terraform.io/cloudflare/cloudflare tf_req_id=%s tf_resource_type=cloudflare_record tf_rpc=ReadResource @caller=github.com/cloudflare/terraform-provider-cloudflare/internal/sdkv2provider/provider.go:339 timestamp=%s' % (uid(), ts()))
    t = later(t, 0.1, 0.4)
    o.append('%s [DEBUG] provider.terraform-provider-cloudflare_v%s: Cloudflare API Response Details:' % (ts(), pv))
    o.append('---[ RESPONSE ]--------------------------------------')
    o.append('HTTP/2.0 200 OK')
    o.append('Cf-Ray: %s-FRA' % hx(16))
    o.append('Content-Type: application/json')
    o.append('Date: %s' % t.strftime('%a, %d %b %Y %H:%M:%S GMT'))
    o.append('Server: cloudflare')
    o.append('')
    o.append('{"result":[{"id":"%s","name":"%s","status":"active","paused":false,"type":"full"}],"result_info":{"page":1,"per_page":50,"total_pages":1,"count":1,"total_count":1},"success":true,"errors":[],"messages":[]}' % (hx(32), zone))
    o.append('-----------------------------------------------------: @module=cloudflare tf_rpc=ReadResource tf_resource_type=cloudflare_record timestamp=%s' % ts())
    t = later(t, 0.05, 0.2)
    o.append('%s [DEBUG] ReferenceTransformer: "cloudflare_record.api" references: []' % ts())
    o.append('%s [INFO]  provider: plugin process exited: path=.terraform/providers/registry.terraform.io/cloudflare/cloudflare/%s/linux_amd64/terraform-provider-cloudflare_v%s pid=%d' % (ts(), pv, pv, random.randint(1000, 60000)))
    add('c25/infra/dns/terraform-debug.log', '\n'.join(o) + '\n')


# c26: kubectl describe pod: one env var comes from a Secret, two others are literal values in the Deployment
def c26():
    co = company()
    t = when()
    tok = glpat()
    rpw = pw_url(32)
    rs_hash = r(10, 'bcdfghjklmnpqrstvwxz2456789')
    pod = 'release-bot-%s-%s' % (rs_hash, r(5, 'bcdfghjklmnpqrstvwxz2456789'))
    node_ip = ip10()
    pod_ip = ip10()
    acct = r(12, DIG)
    st = t.strftime('%a, %d %b %Y %H:%M:%S +0000')
    o = '''Name:             %s
Namespace:        tooling
Priority:         0
Service Account:  release-bot
Node:             ip-%s.eu-west-1.compute.internal/%s
Start Time:       %s
Labels:           app.kubernetes.io/name=release-bot
                  pod-template-hash=%s
Annotations:      kubectl.kubernetes.io/restartedAt: %s
Status:           Running
IP:               %s
IPs:
  IP:           %s
Controlled By:  ReplicaSet/release-bot-%s
Containers:
  bot:
    Container ID:   containerd://%s
    Image:          %s.dkr.ecr.eu-west-1.amazonaws.com/release-bot:%s
    Image ID:       %s.dkr.ecr.eu-west-1.amazonaws.com/release-bot@sha256:%s
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      %s
    Ready:          True
    Restart Count:  0
    Limits:
      memory:  256Mi
    Requests:
      cpu:      100m
      memory:   128Mi
    Liveness:   http-get http://:8080/healthz delay=10s timeout=1s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8080/readyz delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      LOG_LEVEL:         info
      GITLAB_URL:        https://gitlab.%s.dev
      GITLAB_TOKEN:      %s
      REDIS_URL:         redis://:%s@redis-master.tooling.svc.cluster.local:6379/2
      SLACK_BOT_TOKEN:   <set to the key 'bot-token' in secret 'release-bot-slack'>  Optional: false
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-%s (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-%s:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
'''
    kaa = r(5, 'bcdfghjklmnpqrstvwxz2456789')
    ver = '%d.%d.%d' % (random.randint(0, 3), random.randint(0, 30), random.randint(0, 9))
    o = o % (pod, node_ip.replace('.', '-'), node_ip, st, rs_hash, t.strftime('%Y-%m-%dT%H:%M:%SZ'), pod_ip, pod_ip, rs_hash,
             hx(64), acct, ver, acct, hx(64), st, co, tok, rpw, kaa, kaa)
    add('c26/runbooks/release-bot/describe-pod.txt', o)


# c27: `helm get values` output (USER-SUPPLIED VALUES) for a Keycloak release saved during an upgrade
def c27():
    co = company()
    apw = pw_rand()
    dbpw = pw_url()
    smtp_pw = pw_human()
    o = '''USER-SUPPLIED VALUES:
auth:
  adminPassword: %s
  adminUser: admin
externalDatabase:
  database: keycloak
  host: keycloak-db.%s.eu-west-1.rds.amazonaws.com
  password: %s
  port: 5432
  user: keycloak
ingress:
  enabled: true
  hostname: sso.%s.com
  ingressClassName: nginx
  tls: true
keycloakConfigCli:
  enabled: true
postgresql:
  enabled: false
production: true
proxy: edge
replicaCount: 2
resources:
  limits:
    memory: 1536Mi
  requests:
    cpu: 500m
    memory: 1Gi
smtp:
  auth: true
  from: sso@%s.com
  host: smtp.office365.com
  password: %s
  port: 587
  starttls: true
  user: sso@%s.com
''' % (yq(apw), r(12, LODIG), dbpw, co, co, yq(smtp_pw), co)
    add('c27/ops/keycloak/helm-get-values-prod.txt', o)


# c28: `kubectl get secret -o yaml` list: a registry pull secret and an opaque app secret (base64 data)
def c28():
    co = company()
    t = when()
    user = '%s-bot' % co
    pat = cks('ghp_')
    dcj = json.dumps({'auths': {'ghcr.io': {'username': user, 'password': pat, 'auth': b64(user + ':' + pat)}}}, separators=(',', ':'))
    sk = stripe_sk('rk')
    whsec = 'whsec_' + rs(32)
    ts = t.strftime('%Y-%m-%dT%H:%M:%SZ')
    o = '''apiVersion: v1
items:
- apiVersion: v1
  data:
    .dockerconfigjson: %s
  kind: Secret
  metadata:
    creationTimestamp: "%s"
    name: ghcr-pull
    namespace: storefront
    resourceVersion: "%d"
    uid: %s
  type: kubernetes.io/dockerconfigjson
- apiVersion: v1
  data:
    STRIPE_API_KEY: %s
    STRIPE_WEBHOOK_SECRET: %s
  kind: Secret
  metadata:
    creationTimestamp: "%s"
    name: storefront-stripe
    namespace: storefront
    resourceVersion: "%d"
    uid: %s
  type: Opaque
kind: List
metadata:
  resourceVersion: ""
''' % (b64(dcj), ts, random.randint(10**6, 10**8), uid(), b64(sk), b64(whsec), ts, random.randint(10**6, 10**8), uid())
    add('c28/debug/storefront/secrets.yaml', o)


# c29: PostgreSQL server log (log_statement = 'ddl'): role passwords set in plain SQL
def c29():
    co = company()
    t = when()
    p1, p2 = pw_rand(), pw_human()
    pid = random.randint(1000, 90000)
    ck_pid = random.randint(30, 90)
    bad_pid = pid + random.randint(5, 400)

    def L(pid, who, lvl, msg):
        nonlocal t
        t = later(t, 0.001, 4)
        return '%s.%03d UTC [%d] %s%s:  %s' % (t.strftime('%Y-%m-%d %H:%M:%S'), t.microsecond // 1000, pid, who, lvl, msg)
    o = [
        L(ck_pid, '', 'LOG', 'checkpoint starting: time'),
        L(ck_pid, '', 'LOG', 'checkpoint complete: wrote %d buffers (0.%d%%); 0 WAL file(s) added, 0 removed, 1 recycled; write=%.3f s, sync=0.004 s, total=%.3f s; sync files=%d, longest=0.002 s, average=0.001 s; distance=%d kB, estimate=%d kB; lsn=%X/%08X, redo lsn=%X/%08X'
          % (random.randint(20, 900), random.randint(1, 9), random.uniform(1, 30), random.uniform(30, 40), random.randint(5, 40), random.randint(100, 9000), random.randint(9000, 20000), random.randint(1, 15), random.getrandbits(32), random.randint(1, 15), random.getrandbits(32))),
        L(pid, '[unknown]@[unknown] ', 'LOG', 'connection received: host=%s port=%d' % (ip10(), random.randint(30000, 60000))),
        L(pid, 'postgres@%s ' % co, 'LOG', 'connection authorized: user=postgres database=%s application_name=psql SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)' % co),
        L(pid, 'postgres@%s ' % co, 'LOG', "statement: CREATE ROLE reporting_ro WITH LOGIN PASSWORD '%s' CONNECTION LIMIT 10;" % p1),
        L(pid, 'postgres@%s ' % co, 'LOG', 'statement: GRANT pg_read_all_data TO reporting_ro;'),
        L(pid, 'postgres@%s ' % co, 'LOG', "statement: ALTER ROLE app_rw WITH PASSWORD '%s';" % p2),
        L(pid, 'postgres@%s ' % co, 'LOG', 'disconnection: session time: 0:0%d:%02d.%03d user=postgres database=%s host=%s port=%d'
          % (random.randint(1, 9), random.randint(0, 59), random.randint(0, 999), co, ip10(), random.randint(30000, 60000))),
        L(bad_pid, 'app_rw@%s ' % co, 'FATAL', 'password authentication failed for user "app_rw"'),
        L(bad_pid, 'app_rw@%s ' % co, 'DETAIL', 'Connection matched file "/etc/postgresql/16/main/pg_hba.conf" line 101: "hostssl all all 10.0.0.0/8 scram-sha-256"'),
    ]
    add('c29/var/log/postgresql/postgresql-16-main.log', '\n'.join(o) + '\n')


# c30: MySQL slow query log: an UPDATE storing GitHub OAuth tokens (ordinary DML is logged verbatim)
def c30():
    co = company()
    t = when()
    at = cks('gho_')
    rt = 'ghr_' + rs(76)
    o = '''/usr/sbin/mysqld, Version: 8.0.39 (MySQL Community Server - GPL). started with:
Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
Time                 Id Command    Argument
'''
    for i in range(3):
        t = later(t, 5, 600)
        qt = random.uniform(1.1, 6)
        head = '# Time: %s.%06dZ\n# User@Host: gitsync[gitsync] @  [%s]  Id: %d\n# Query_time: %.6f  Lock_time: 0.%06d Rows_sent: %d  Rows_examined: %d\n' % (
            t.strftime('%Y-%m-%dT%H:%M:%S'), t.microsecond, ip10(), random.randint(1000, 90000), qt, random.randint(1, 900),
            0 if i == 1 else random.randint(1, 500), random.randint(10000, 900000))
        if i == 1:
            exp = later(t, 28000, 28800)
            q = ("UPDATE `installations` SET `access_token` = '%s', `refresh_token` = '%s', `token_expires_at` = '%s', `updated_at` = '%s' WHERE `installations`.`id` = %d;"
                 % (at, rt, exp.strftime('%Y-%m-%d %H:%M:%S'), t.strftime('%Y-%m-%d %H:%M:%S'), random.randint(1, 4000)))
        else:
            q = ("SELECT `repositories`.* FROM `repositories` WHERE `repositories`.`installation_id` = %d AND `repositories`.`archived` = 0 ORDER BY `repositories`.`pushed_at` DESC;"
                 % random.randint(1, 4000))
        o += head + ('use gitsync;\n' if i == 0 else '') + 'SET timestamp=%d;\n' % int(t.timestamp()) + q + '\n'
    add('c30/var/log/mysql/mysql-slow.log', o)


# c31: Python smtplib set_debuglevel(2) transcript: AUTH PLAIN carries base64("\0user\0password")
def c31():
    co = company()
    t = when()
    user = 'postmaster@mg.%s.com' % co
    pw = pw_url(random.randint(20, 32))
    plain = b64('\0' + user + '\0' + pw)
    me = ip10()
    lines = [
        ('reply', "b'220 Mailgun Influx ready'"),
        ('reply', "retcode (220); Msg: b'Mailgun Influx ready'"),
        ('send', "'ehlo [%s]\\r\\n'" % me),
        ('reply', "b'250-smtp-out-eu-west-1.mailgun.org'"),
        ('reply', "b'250-AUTH PLAIN LOGIN'"),
        ('reply', "b'250-ENHANCEDSTATUSCODES'"),
        ('reply', "b'250-SIZE 52428800'"),
        ('reply', "b'250-8BITMIME'"),
        ('reply', "b'250-STARTTLS'"),
        ('reply', "b'250 SMTPUTF8'"),
        ('reply', "retcode (250); Msg: b'smtp-out-eu-west-1.mailgun.org\\nAUTH PLAIN LOGIN\\nENHANCEDSTATUSCODES\\nSIZE 52428800\\n8BITMIME\\nSTARTTLS\\nSMTPUTF8'"),
        ('send', "'STARTTLS\\r\\n'"),
        ('reply', "b'220 2.0.0 Ready to start TLS'"),
        ('reply', "retcode (220); Msg: b'2.0.0 Ready to start TLS'"),
        ('send', "'ehlo [%s]\\r\\n'" % me),
        ('reply', "b'250-smtp-out-eu-west-1.mailgun.org'"),
        ('reply', "b'250-AUTH PLAIN LOGIN'"),
        ('reply', "b'250 SMTPUTF8'"),
        ('reply', "retcode (250); Msg: b'smtp-out-eu-west-1.mailgun.org\\nAUTH PLAIN LOGIN\\nSMTPUTF8'"),
        ('send', "'AUTH PLAIN %s\\r\\n'" % plain),
        ('reply', "b'235 2.0.0 OK'"),
        ('reply', "retcode (235); Msg: b'2.0.0 OK'"),
        ('send', "'mail FROM:<billing@%s.com> size=%d\\r\\n'" % (co, random.randint(800, 9000))),
        ('reply', "b'250 Sender address accepted'"),
        ('reply', "retcode (250); Msg: b'Sender address accepted'"),
        ('send', "'rcpt TO:<%s.%s@gmail.com>\\r\\n'" % person()),
        ('reply', "b'250 Recipient address accepted'"),
        ('reply', "retcode (250); Msg: b'Recipient address accepted'"),
        ('send', "'data\\r\\n'"),
        ('reply', "b'354 Continue'"),
        ('reply', "retcode (354); Msg: b'Continue'"),
    ]
    out = ['connect: to (\'smtp.eu.mailgun.org\', 587) None']
    for k, v in lines:
        t = later(t, 0.0005, 0.08)
        if k == 'reply' and not v.startswith('retcode'):
            v = v[:-1] + "\\r\\n'"
        out.append('%s %s: %s' % (t.strftime('%H:%M:%S.%f'), k, v))
    add('c31/scripts/mailer/smtp-debug.txt', '\n'.join(out) + '\n')


# c32: swaks transcript (SES SMTP): AUTH LOGIN sends base64 SMTP username (access key id) and password
def c32():
    co = company()
    t = when()
    user = aws_id()
    pw = b64(b'\x04' + rbytes(32))  # SES SMTP password: version byte 4 + HMAC-SHA256, base64
    host = 'email-smtp.eu-west-1.amazonaws.com'
    me = 'ci-runner-%02d' % random.randint(1, 20)
    date = t.strftime('%a, %d %b %Y %H:%M:%S +0000')
    mid = '%s.%06d@%s' % (t.strftime('%Y%m%d%H%M%S'), random.randint(1000, 99999), me)
    o = '''=== Trying %s:587...
=== Connected to %s.
<-  220 email-smtp.amazonaws.com ESMTP SimpleEmailService-d-%s %s
 -> EHLO %s
<-  250-email-smtp.amazonaws.com
<-  250-8BITMIME
<-  250-STARTTLS
<-  250-AUTH PLAIN LOGIN
<-  250 Ok
 -> STARTTLS
<-  220 Ready to start TLS
=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256
=== TLS no local certificate set
=== TLS peer DN="/CN=email-smtp.eu-west-1.amazonaws.com"
 ~> EHLO %s
<~  250-email-smtp.amazonaws.com
<~  250-8BITMIME
<~  250-STARTTLS
<~  250-AUTH PLAIN LOGIN
<~  250 Ok
 ~> AUTH LOGIN
<~  334 VXNlcm5hbWU6
 ~> %s
<~  334 UGFzc3dvcmQ6
 ~> %s
<~  235 Authentication successful.
 ~> MAIL FROM:<alerts@%s.com>
<~  250 Ok
 ~> RCPT TO:<oncall@%s.com>
<~  250 Ok
 ~> DATA
<~  354 End data with <CR><LF>.<CR><LF>
 ~> Date: %s
 ~> To: oncall@%s.com
 ~> From: alerts@%s.com
 ~> Subject: SES relay check from %s
 ~> Message-Id: <%s>
 ~> X-Mailer: swaks v20240103.0 jetmore.org/john/code/swaks/
 ~> 
 ~> Relay check after rotating the SES SMTP user.
 ~> 
 ~> 
 ~> .
<~  250 Ok 0102%s-%s-000000
 ~> QUIT
<~  221 Bye
=== Connection closed with remote host.
''' % (host, host, r(20, A), r(20, A), me, me, b64(user), b64(pw), co, co, date, co, co, me, mid,
       hx(12), uid())
    add('c32/ops/ses/swaks-relay-check.txt', o)


for f in (c25, c26, c27, c28, c29, c30, c31, c32):
    f()


# c33: Dovecot with auth_debug_passwords=yes: the SASL response and the mismatching plaintext are logged
def c33():
    co = company()
    t = when()
    fn, ln = person()
    user = '%s.%s@%s.com' % (fn, ln, co)
    good = pw_human()
    typo = good[:-1] + random.choice('123456789')
    rip = ippub()
    lip = ip10()
    host = 'mx%d' % random.randint(1, 3)
    salt = r(16, A + './')
    crypt = '$6$%s$%s' % (salt, r(86, A + './'))
    sess = r(16, A + '+/')
    sess2 = r(16, A + '+/')
    wpid = random.randint(1000, 60000)

    def pre(proc):
        return '%s %s dovecot: %s: ' % (t.strftime('%b %d %H:%M:%S').replace(' 0', '  ', 1) if t.day < 10 else t.strftime('%b %d %H:%M:%S'), host, proc)
    o = []
    o.append(pre('auth') + 'Debug: Loading modules from directory: /usr/lib/dovecot/modules/auth')
    o.append(pre('auth') + 'Debug: auth client connected (pid=%d)' % random.randint(1000, 60000))
    t = later(t, 0.01, 0.2)
    o.append(pre('auth') + 'Debug: client in: AUTH\t1\tPLAIN\tservice=imap\tsecured=tls\tsession=%s\tlip=%s\trip=%s\tlport=993\trport=%d\tresp=%s'
             % (sess, lip, rip, random.randint(30000, 65000), b64('\0' + user + '\0' + typo)))
    o.append(pre('auth-worker(%d)' % wpid) + "Debug: sql(%s,%s,<%s>): query: SELECT userid AS username, domain, password FROM users WHERE userid = '%s.%s' AND domain = '%s.com'"
             % (user, rip, sess, fn, ln, co))
    o.append(pre('auth-worker(%d)' % wpid) + 'Debug: sql(%s,%s,<%s>): Password mismatch' % (user, rip, sess))
    o.append(pre('auth-worker(%d)' % wpid) + "Debug: sql(%s,%s,<%s>): SHA512-CRYPT(%s) != '%s'" % (user, rip, sess, typo, crypt))
    t = later(t, 2, 3)
    o.append(pre('auth') + 'Debug: client passdb out: FAIL\t1\tuser=%s' % user)
    o.append(pre('imap-login') + 'Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=%s, TLS, session=<%s>' % (user, rip, lip, sess))
    t = later(t, 5, 20)
    o.append(pre('auth') + 'Debug: client in: AUTH\t1\tPLAIN\tservice=imap\tsecured=tls\tsession=%s\tlip=%s\trip=%s\tlport=993\trport=%d\tresp=%s'
             % (sess2, lip, rip, random.randint(30000, 65000), b64('\0' + user + '\0' + good)))
    o.append(pre('auth-worker(%d)' % wpid) + 'Debug: sql(%s,%s,<%s>): query: SELECT userid AS username, domain, password FROM users WHERE userid = \'%s.%s\' AND domain = \'%s.com\'' % (user, rip, sess2, fn, ln, co))
    o.append(pre('auth') + 'Debug: client passdb out: OK\t1\tuser=%s' % user)
    o.append(pre('imap-login') + 'Login: user=<%s>, method=PLAIN, rip=%s, lip=%s, mpid=%d, TLS, session=<%s>' % (user, rip, lip, random.randint(1000, 60000), sess2))
    add('c33/var/log/dovecot-debug.log', '\n'.join(o) + '\n')


# c34: docker inspect of a Grafana container: Config.Env carries the admin, DB and OAuth client secrets
def c34():
    co = company()
    t = when()
    cid = hx(64)
    admin = pw_rand()
    dbpw = pw_url()
    oauth = rs(40, B64U)
    env = ['GF_SECURITY_ADMIN_USER=admin', 'GF_SECURITY_ADMIN_PASSWORD=' + admin,
           'GF_DATABASE_TYPE=postgres', 'GF_DATABASE_HOST=pg-grafana.%s.internal:5432' % co, 'GF_DATABASE_USER=grafana',
           'GF_DATABASE_PASSWORD=' + dbpw, 'GF_SERVER_ROOT_URL=https://grafana.%s.io' % co,
           'GF_AUTH_GENERIC_OAUTH_ENABLED=true', 'GF_AUTH_GENERIC_OAUTH_CLIENT_ID=grafana',
           'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET=' + oauth,
           'GF_AUTH_GENERIC_OAUTH_AUTH_URL=https://sso.%s.io/realms/staff/protocol/openid-connect/auth' % co,
           'PATH=/usr/share/grafana/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
           'GF_PATHS_CONFIG=/etc/grafana/grafana.ini', 'GF_PATHS_DATA=/var/lib/grafana', 'GF_PATHS_HOME=/usr/share/grafana',
           'GF_PATHS_LOGS=/var/log/grafana', 'GF_PATHS_PLUGINS=/var/lib/grafana/plugins', 'GF_PATHS_PROVISIONING=/etc/grafana/provisioning']
    ts = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%09dZ' % (t.microsecond * 1000)
    img = 'sha256:' + hx(64)
    ins = [{
        'Id': cid, 'Created': ts, 'Path': '/run.sh', 'Args': [],
        'State': {'Status': 'running', 'Running': True, 'Paused': False, 'Restarting': False, 'OOMKilled': False, 'Dead': False,
                  'Pid': random.randint(1000, 90000), 'ExitCode': 0, 'Error': '', 'StartedAt': ts, 'FinishedAt': '0001-01-01T00:00:00Z'},
        'Image': img, 'ResolvConfPath': '/var/lib/docker/containers/%s/resolv.conf' % cid,
        'HostnamePath': '/var/lib/docker/containers/%s/hostname' % cid,
        'LogPath': '/var/lib/docker/containers/%s/%s-json.log' % (cid, cid),
        'Name': '/monitoring-grafana-1', 'RestartCount': 0, 'Driver': 'overlay2', 'Platform': 'linux',
        'HostConfig': {'Binds': ['/srv/monitoring/grafana/provisioning:/etc/grafana/provisioning:ro'], 'NetworkMode': 'monitoring_default',
                       'PortBindings': {'3000/tcp': [{'HostIp': '127.0.0.1', 'HostPort': '3000'}]},
                       'RestartPolicy': {'Name': 'unless-stopped', 'MaximumRetryCount': 0}},
        'Config': {'Hostname': cid[:12], 'Domainname': '', 'User': '472', 'AttachStdin': False, 'AttachStdout': True,
                   'AttachStderr': True, 'ExposedPorts': {'3000/tcp': {}}, 'Tty': False, 'OpenStdin': False, 'StdinOnce': False,
                   'Env': env, 'Cmd': None, 'Image': 'grafana/grafana:11.%d.%d' % (random.randint(0, 4), random.randint(0, 3)),
                   'Volumes': None, 'WorkingDir': '/usr/share/grafana', 'Entrypoint': ['/run.sh'], 'OnBuild': None,
                   'Labels': {'com.docker.compose.project': 'monitoring', 'com.docker.compose.service': 'grafana',
                              'com.docker.compose.version': '2.29.7', 'maintainer': 'Grafana Labs <hello@grafana.com>'}},
        'NetworkSettings': {'Networks': {'monitoring_default': {'IPAddress': '172.18.0.%d' % random.randint(2, 20),
                                                                'Gateway': '172.18.0.1', 'MacAddress': '02:42:ac:12:00:%02x' % random.randint(2, 20)}}},
    }]
    add('c34/support-bundle/%s/docker-inspect-grafana.json' % t.strftime('%Y%m%d'), json.dumps(ins, indent=4) + '\n')


# c35: strace -f -s 512 of a backup script: execve argv shows mysqldump -p and a curl Bearer header
def c35():
    co = company()
    pw = pw_url(random.randint(14, 22))
    tok = 'dop_v1_' + hx(64)
    p1 = random.randint(2000, 60000)
    p2, p3 = p1 + random.randint(1, 30), p1 + random.randint(31, 80)
    dbip = ip10()
    t = when()
    day = t.strftime('%Y%m%d')

    def ts():
        nonlocal t
        t = later(t, 0.00001, 0.01)
        return t.strftime('%H:%M:%S.%f')
    o = []
    o.append('%d  %s execve("/usr/local/bin/nightly-backup.sh", ["/usr/local/bin/nightly-backup.sh"], 0x7ffc%s /* 21 vars */) = 0' % (p1, ts(), hx(8)))
    o.append('%d  %s clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f%s) = %d' % (p1, ts(), hx(10), p2))
    o.append('%d  %s execve("/usr/bin/mysqldump", ["mysqldump", "-h", "%s", "-u", "backup", "-p%s", "--single-transaction", "--routines", "shop"], 0x55%s /* 21 vars */) = 0' % (p2, ts(), dbip, pw, hx(10)))
    o.append('%d  %s brk(NULL)                = 0x55%s' % (p2, ts(), hx(10)))
    o.append('%d  %s openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3' % (p2, ts()))
    o.append('%d  %s socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3' % (p2, ts()))
    o.append('%d  %s connect(3, {sa_family=AF_INET, sin_port=htons(3306), sin_addr=inet_addr("%s")}, 16) = 0' % (p2, ts(), dbip))
    o.append('%d  %s read(3, "J\\0\\0\\0\\n8.0.39\\0", 16384) = 78' % (p2, ts()))
    o.append('%d  %s write(1, "-- MySQL dump 10.13  Distrib 8.0.39, for Linux (x86_64)\\n--\\n-- Host: %s    Database: shop\\n", 82) = 82' % (p2, ts(), dbip))
    o.append('%d  %s exit_group(0)            = ?' % (p2, ts()))
    o.append('%d  %s +++ exited with 0 +++' % (p2, ts()))
    o.append('%d  %s --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%d, si_uid=0, si_status=0, si_utime=%d, si_stime=%d} ---' % (p1, ts(), p2, random.randint(10, 900), random.randint(10, 300)))
    o.append('%d  %s clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f%s) = %d' % (p1, ts(), hx(10), p3))
    o.append('%d  %s execve("/usr/bin/curl", ["curl", "-fsS", "-X", "POST", "-H", "Authorization: Bearer %s", "-H", "Content-Type: application/json", "-d", "{\\"name\\": \\"shop-%s\\"}", "https://api.digitalocean.com/v2/volumes/%s/snapshots"], 0x55%s /* 21 vars */) = 0' % (p3, ts(), tok, day, uid(), hx(10)))
    o.append('%d  %s socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 5' % (p3, ts()))
    o.append('%d  %s connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("104.16.%d.%d")}, 16) = -1 EINPROGRESS (Operation now in progress)' % (p3, ts(), random.randint(0, 255), random.randint(1, 254)))
    o.append('%d  %s exit_group(0)            = ?' % (p3, ts()))
    o.append('%d  %s +++ exited with 0 +++' % (p3, ts()))
    add('c35/tmp/strace-nightly-backup.%d.txt' % p1, '\n'.join(o) + '\n')


# c36: tcpdump -A capture text: Elasticsearch HTTP Basic header and an FTP USER/PASS exchange in clear
def c36():
    co = company()
    t = when()
    es_pw = pw_url(20)
    ftp_user = '%s_upload' % co
    ftp_pw = pw_human()
    a, b = ip10(), ip10()
    f1, f2 = ip10(), ippub()

    def hdr(src, sp, dst, dp, ln):
        nonlocal t
        t = later(t, 0.0001, 0.3)
        return '%s IP %s.%d > %s.%d: Flags [P.], seq %d:%d, ack %d, win 502, options [nop,nop,TS val %d ecr %d], length %d' % (
            t.strftime('%H:%M:%S.%f'), src, sp, dst, dp, 1, 1 + ln, 1, random.getrandbits(31), random.getrandbits(31), ln)

    def junk(n):
        return ''.join(random.choice('.' * 6 + string.ascii_letters + string.digits + '@!') for _ in range(n))
    sp = random.randint(30000, 60000)
    req = ('GET /_cat/indices?v&s=store.size:desc HTTP/1.1\nHost: es-logs-01.%s.internal:9200\nAuthorization: Basic %s\n'
           'User-Agent: curl/7.81.0\nAccept: */*\n' % (co, b64('elastic:' + es_pw)))
    o = ['tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
         'listening on ens5, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
         hdr(a, sp, b, 9200, len(req) + 2), 'E..' + junk(13), junk(18) + req]
    o.append(hdr(b, 9200, a, sp, random.randint(600, 3000)))
    o.append('E..' + junk(15))
    o.append(junk(16) + 'HTTP/1.1 200 OK\nX-elastic-product: Elasticsearch\ncontent-type: text/plain; charset=UTF-8\ncontent-length: %d\n\nhealth status index                         uuid                   pri rep docs.count\ngreen  open   logs-app-%s %s   1   1   %d\n'
             % (random.randint(300, 2000), t.strftime('%Y.%m.%d'), r(22, B64U), random.randint(10**5, 10**7)))
    fp = random.randint(30000, 60000)
    o.append(hdr(f2, 21, f1, fp, 54))
    o.append('E..' + junk(14))
    o.append(junk(18) + '220 (vsFTPd 3.0.5)')
    o.append(hdr(f1, fp, f2, 21, len(ftp_user) + 7))
    o.append('E..' + junk(14))
    o.append(junk(18) + 'USER %s' % ftp_user)
    o.append(hdr(f2, 21, f1, fp, 34))
    o.append('E..' + junk(14))
    o.append(junk(18) + '331 Please specify the password.')
    o.append(hdr(f1, fp, f2, 21, len(ftp_pw) + 7))
    o.append('E..' + junk(14))
    o.append(junk(18) + 'PASS %s' % ftp_pw)
    o.append(hdr(f2, 21, f1, fp, 23))
    o.append('E..' + junk(14))
    o.append(junk(18) + '230 Login successful.')
    o.append('')
    o.append('%d packets captured' % random.randint(40, 400))
    o.append('%d packets received by filter' % random.randint(400, 900))
    o.append('0 packets dropped by kernel')
    add('c36/debug/net/capture-%s.txt' % t.strftime('%Y%m%d-%H%M'), '\n'.join(o) + '\n')


# c37: ingress-nginx access log: Telegram bot token used as the webhook path, GitLab PAT in a query string
def c37():
    co = company()
    t = when()
    bot = telegram()
    pat = glpat()
    o = []

    def L(ip, req, status, size, ua, up):
        nonlocal t
        t = later(t, 0.05, 20)
        return '%s - - [%s] "%s" %d %d "-" "%s" %d %.3f [%s] [] %s:%s %d %.3f %d %s' % (
            ip, t.strftime('%d/%b/%Y:%H:%M:%S +0000'), req, status, size, ua, random.randint(200, 1500),
            random.uniform(0.002, 0.4), up, ip10(), up.rsplit('-', 1)[1], size, random.uniform(0.002, 0.4), status, hx(32))
    tg = '149.154.167.%d' % random.randint(192, 230)
    for _ in range(2):
        o.append(L(ippub(), 'GET /healthz HTTP/1.1', 200, 2, 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'bots-notifier-8080'))
    o.append(L(tg, 'POST /telegram/%s HTTP/1.1' % bot, 200, 2, '-', 'bots-notifier-8080'))
    o.append(L(ippub(), 'GET /api/v4/projects/%d/jobs/artifacts/main/download?job=build-docs&private_token=%s HTTP/1.1' % (random.randint(10, 900), pat),
               302, 0, 'curl/8.5.0', 'gitlab-webservice-8181'))
    o.append(L(tg, 'POST /telegram/%s HTTP/1.1' % bot, 200, 2, '-', 'bots-notifier-8080'))
    o.append(L(ippub(), 'GET /favicon.ico HTTP/2.0', 404, 146, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'bots-notifier-8080'))
    add('c37/logs/ingress-nginx/controller-%s.log' % t.strftime('%Y%m%d'), '\n'.join(o) + '\n')


# c38: `heroku logs` capture: the app prints the MongoDB Atlas URI it connects to
def c38():
    co = company()
    t = when()
    user = '%s-api' % co
    pw = pw_url(random.randint(16, 24))
    cl = 'cluster0.%s' % r(5, LO + DIG)
    app = '%s-api-%s' % (co, hx(12))

    def L(src, msg):
        nonlocal t
        t = later(t, 0.001, 2)
        return '%s+00:00 %s: %s' % (t.strftime('%Y-%m-%dT%H:%M:%S.%f'), src, msg)
    o = [L('heroku[web.1]', 'State changed from crashed to starting'),
         L('heroku[web.1]', 'Starting process with command `npm start`'),
         L('app[web.1]', ''), L('app[web.1]', '> %s-api@%d.%d.%d start' % (co, random.randint(1, 3), random.randint(0, 20), random.randint(0, 9))),
         L('app[web.1]', '> node dist/index.js'), L('app[web.1]', ''),
         L('app[web.1]', '[db] connecting to mongodb+srv://%s:%s@%s.mongodb.net/production?retryWrites=true&w=majority&appName=Cluster0' % (user, pw, cl)),
         L('app[web.1]', 'MongoServerSelectionError: connection <monitor> to %s:27017 closed' % ippub()),
         L('app[web.1]', '    at Topology.selectServer (/app/node_modules/mongodb/lib/sdam/topology.js:303:38)'),
         L('app[web.1]', '    at async MongoClient._connect (/app/node_modules/mongodb/lib/mongo_client.js:232:13)'),
         L('heroku[web.1]', 'Process exited with status 1'),
         L('heroku[web.1]', 'State changed from starting to crashed'),
         L('heroku[router]', 'at=error code=H10 desc="App crashed" method=GET path="/" host=%s.herokuapp.com request_id=%s fwd="%s" dyno= connect= service= status=503 bytes= protocol=https' % (app, uid(), ippub()))]
    add('c38/notes/heroku-crash-%s.log' % t.strftime('%Y-%m-%d'), '\n'.join(o) + '\n')


# c39: cloud-init-output.log of a user-data script running with `set -x`
def c39():
    co = company()
    t = when()
    vt = 'hvs.' + rs(24)
    akid, sec = aws_id(), aws_secret()
    up = random.uniform(8, 20)
    o = '''Cloud-init v. 24.1.3-0ubuntu1~22.04.5 running 'init-local' at %s. Up %.2f seconds.
Cloud-init v. 24.1.3-0ubuntu1~22.04.5 running 'init' at %s. Up %.2f seconds.
ci-info: ++++++++++++++++++++++++++++++++++++++Net device info+++++++++++++++++++++++++++++++++++++++
ci-info: +--------+------+-----------------------------+---------------+--------+-------------------+
ci-info: | Device |  Up  |           Address           |      Mask     | Scope  |     Hw-Address    |
ci-info: +--------+------+-----------------------------+---------------+--------+-------------------+
ci-info: |  ens5  | True |         %-19s |  255.255.240.0 | global | 0a:%s:%s:%s:%s:%s |
ci-info: +--------+------+-----------------------------+---------------+--------+-------------------+
Cloud-init v. 24.1.3-0ubuntu1~22.04.5 running 'modules:config' at %s. Up %.2f seconds.
Cloud-init v. 24.1.3-0ubuntu1~22.04.5 running 'modules:final' at %s. Up %.2f seconds.
+ export VAULT_ADDR=https://vault.%s.internal:8200
+ VAULT_ADDR=https://vault.%s.internal:8200
+ export VAULT_TOKEN=%s
+ VAULT_TOKEN=%s
+ mkdir -p /etc/%s
+ aws configure set aws_access_key_id %s --profile artifacts
+ aws configure set aws_secret_access_key %s --profile artifacts
+ aws s3 cp s3://%s-artifacts/agent/agent-latest.tar.gz /tmp/agent.tar.gz --profile artifacts
download: s3://%s-artifacts/agent/agent-latest.tar.gz to ../../tmp/agent.tar.gz
+ tar -xzf /tmp/agent.tar.gz -C /opt
+ systemctl enable --now %s-agent
Created symlink /etc/systemd/system/multi-user.target.wants/%s-agent.service -> /etc/systemd/system/%s-agent.service.
Cloud-init v. 24.1.3-0ubuntu1~22.04.5 finished at %s. Datasource DataSourceEc2Local.  Up %.2f seconds
'''
    def d(x):
        return x.strftime('%a, %d %b %Y %H:%M:%S +0000')
    ipa = ip10()
    o = o % (d(t), up, d(later(t, 1, 2)), up + 1.5, ipa, hx(2), hx(2), hx(2), hx(2), hx(2), d(later(t, 3, 5)), up + 4,
             d(later(t, 5, 8)), up + 6, co, co, vt, vt, co, akid, sec, co, co, co, co, co, d(later(t, 30, 60)), up + 40)
    add('c39/debug/asg-node/cloud-init-output.log', o)


# c40: Jupyter notebook committed with its outputs: `!env | grep` printed the HF and W&B tokens
def c40():
    hf = 'hf_' + rs(34, string.ascii_letters)
    wb = hx(40)
    nb = {
        'cells': [
            {'cell_type': 'markdown', 'metadata': {}, 'source': ['# Fine-tune eval\n', '\n', 'Checking the runtime before the sweep.']},
            {'cell_type': 'code', 'execution_count': 3, 'metadata': {}, 'outputs': [
                {'name': 'stdout', 'output_type': 'stream', 'text': [
                    'HF_HOME=/workspace/.cache/huggingface\n', 'HF_TOKEN=%s\n' % hf, 'WANDB_API_KEY=%s\n' % wb,
                    'WANDB_PROJECT=ticket-classifier\n']}],
             'source': ['!env | grep -E "^(HF_|WANDB_)"']},
            {'cell_type': 'code', 'execution_count': 4, 'metadata': {}, 'outputs': [
                {'name': 'stderr', 'output_type': 'stream', 'text': [
                    'wandb: Currently logged in as: %s (%s-ml). Use `wandb login --relogin` to force relogin\n' % ('%s-%s' % person(), company())]}],
             'source': ['import wandb\n', 'wandb.login()']},
        ],
        'metadata': {'kernelspec': {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'},
                     'language_info': {'codemirror_mode': {'name': 'ipython', 'version': 3}, 'file_extension': '.py',
                                       'mimetype': 'text/x-python', 'name': 'python', 'nbconvert_exporter': 'python',
                                       'pygments_lexer': 'ipython3', 'version': '3.11.10'}},
        'nbformat': 4, 'nbformat_minor': 5,
    }
    for i, c in enumerate(nb['cells']):
        c['id'] = hx(8)
    add('c40/notebooks/eval-sweep.ipynb', json.dumps(nb, indent=1) + '\n')


for f in (c33, c34, c35, c36, c37, c38, c39, c40):
    f()


# c41: ansible-playbook -vvv: no_log params are masked, but a password inlined into a shell command is not
def c41():
    co = company()
    t = when()
    pw = pw_rand()
    host = 'db-%02d' % random.randint(1, 6)
    fqdn = '%s.%s.internal' % (host, co)
    d = t.strftime('%Y-%m-%d')
    start_t = t.strftime('%Y-%m-%d %H:%M:%S.%f')
    end = later(t, 20, 90)
    delta = end - t
    cmd = "PGPASSWORD='%s' pg_dump -h 127.0.0.1 -U backup -Fc orders > /var/backups/orders-%s.dump" % (pw, d)
    res = {'changed': True, 'cmd': cmd, 'delta': '0:00:%02d.%06d' % (delta.seconds, delta.microseconds),
           'end': end.strftime('%Y-%m-%d %H:%M:%S.%f'),
           'invocation': {'module_args': {'_raw_params': cmd, '_uses_shell': True, 'argv': None, 'chdir': None,
                                          'creates': None, 'executable': None, 'expand_argument_vars': True,
                                          'removes': None, 'stdin': None, 'stdin_add_newline': True, 'strip_empty_ends': True}},
           'msg': '', 'rc': 0, 'start': start_t, 'stderr': '', 'stderr_lines': [], 'stdout': '', 'stdout_lines': []}
    user_res = {'changed': False, 'invocation': {'module_args': {
        'name': 'backup', 'password': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER', 'login_user': 'postgres',
        'login_password': '', 'db': 'orders', 'priv': None, 'role_attr_flags': 'NOSUPERUSER', 'state': 'present',
        'encrypted': True, 'expires': None, 'no_password_changes': False, 'conn_limit': None, 'session_role': None}},
        'queries': [], 'user': 'backup'}
    uid_ = random.randint(100000, 999999)
    o = '''ansible-playbook [core 2.17.%d]
  config file = /home/deploy/infra/ansible.cfg
  configured module search path = ['/home/deploy/.ansible/plugins/modules', '/usr/share/ansible/plugins/modules']
  ansible python module location = /home/deploy/.local/lib/python3.12/site-packages/ansible
  executable location = /home/deploy/.local/bin/ansible-playbook
  python version = 3.12.3 (main, Nov  6 2024, 18:32:19) [GCC 13.2.0] (/usr/bin/python3)
  jinja version = 3.1.4
  libyaml = True
Using /home/deploy/infra/ansible.cfg as config file
PLAYBOOK: backup.yml ***********************************************************
1 plays in backup.yml

PLAY [databases] ***************************************************************

TASK [backup : Ensure backup role exists] **************************************
task path: /home/deploy/infra/roles/backup/tasks/main.yml:2
<%s> ESTABLISH SSH CONNECTION FOR USER: deploy
<%s> SSH: EXEC ssh -C -o ControlMaster=auto -o ControlPersist=60s -o KbdInteractiveAuthentication=no -o PreferredAuthentications=gssapi-with-mic,gssapi-keyex,hostbased,publickey -o PasswordAuthentication=no -o 'User="deploy"' -o ConnectTimeout=10 %s '/bin/sh -c '"'"'echo ~deploy && sleep 0'"'"''
<%s> (0, b'/home/deploy\\n', b'')
ok: [%s] => %s

TASK [backup : Dump orders database] *******************************************
task path: /home/deploy/infra/roles/backup/tasks/main.yml:12
<%s> ESTABLISH SSH CONNECTION FOR USER: deploy
<%s> SSH: EXEC ssh -C -o ControlMaster=auto -o ControlPersist=60s %s '/bin/sh -c '"'"'/usr/bin/python3 /home/deploy/.ansible/tmp/ansible-tmp-%d.%d-%d-%d/AnsiballZ_command.py && sleep 0'"'"''
changed: [%s] => %s

PLAY RECAP *********************************************************************
%-27s: ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
''' % (random.randint(0, 8), fqdn, fqdn, fqdn, fqdn, host, json.dumps(user_res, indent=4, sort_keys=True),
       fqdn, fqdn, fqdn, int(t.timestamp()), random.randint(10**5, 10**6), random.randint(1000, 9999), uid_,
       host, json.dumps(res, indent=4, sort_keys=True), host)
    add('c41/infra/logs/ansible-backup-%s.log' % d, o)


# c42: aws --debug output: botocore logs the AssumeRole response body, temporary credentials included
def c42():
    co = company()
    t = when()
    acct = r(12, DIG)
    role = 'arn:aws:iam::%s:role/%s-deploy' % (acct, co)
    caller = aws_id()
    asia, sec, sess = aws_id('ASIA'), aws_secret(), aws_session()
    exp = t + datetime.timedelta(hours=1)
    rid = uid()
    roleid = 'AROA' + rs(17, UPDIG)

    def L(mod, msg, lvl='DEBUG'):
        nonlocal t
        t = later(t, 0.0005, 0.05)
        return '%s,%03d - MainThread - %s - %s - %s' % (t.strftime('%Y-%m-%d %H:%M:%S'), t.microsecond // 1000, mod, lvl, msg)
    cliv = '2.22.%d' % random.randint(0, 30)
    ua = 'aws-cli/%s md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1019-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#sts.assume-role' % cliv
    xml = ('<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\\n  <AssumeRoleResult>\\n    <AssumedRoleUser>\\n'
           '      <AssumedRoleId>%s:ci-deploy</AssumedRoleId>\\n      <Arn>arn:aws:sts::%s:assumed-role/%s-deploy/ci-deploy</Arn>\\n    </AssumedRoleUser>\\n'
           '    <Credentials>\\n      <AccessKeyId>%s</AccessKeyId>\\n      <SecretAccessKey>%s</SecretAccessKey>\\n'
           '      <SessionToken>%s</SessionToken>\\n      <Expiration>%s</Expiration>\\n    </Credentials>\\n  </AssumeRoleResult>\\n'
           '  <ResponseMetadata>\\n    <RequestId>%s</RequestId>\\n  </ResponseMetadata>\\n</AssumeRoleResponse>\\n'
           % (roleid, acct, co, asia, sec, sess, exp.strftime('%Y-%m-%dT%H:%M:%SZ'), rid))
    amz = t.strftime('%Y%m%dT%H%M%SZ')
    o = [
        L('awscli.clidriver', 'CLI version: aws-cli/%s Python/3.12.6 Linux/6.8.0-1019-aws exe/x86_64.ubuntu.24' % cliv),
        L('awscli.clidriver', "Arguments entered to CLI: ['sts', 'assume-role', '--role-arn', '%s', '--role-session-name', 'ci-deploy', '--debug']" % role),
        L('botocore.hooks', 'Event building-command-table.main: calling handler <function add_s3 at 0x7f%s>' % hx(10)),
        L('botocore.credentials', 'Looking for credentials via: env'),
        L('botocore.credentials', 'Found credentials in environment variables.', 'INFO'),
        L('botocore.endpoint', "Making request for OperationModel(name=AssumeRole) with params: {'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'User-Agent': '%s'}, 'body': {'Action': 'AssumeRole', 'Version': '2011-06-15', 'RoleArn': '%s', 'RoleSessionName': 'ci-deploy'}, 'url': 'https://sts.eu-west-1.amazonaws.com/', 'context': {'client_region': 'eu-west-1', 'has_streaming_input': False, 'auth_type': 'v4'}}" % (ua, role)),
        L('botocore.auth', 'Calculating signature using v4 auth.'),
        L('botocore.auth', 'CanonicalRequest:\nPOST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:sts.eu-west-1.amazonaws.com\nx-amz-date:%s\n\ncontent-type;host;x-amz-date\n%s' % (amz, hx(64))),
        L('botocore.auth', 'Signature:\n%s' % hx(64)),
        L('botocore.endpoint', "Sending http request: <AWSPreparedRequest stream_output=False, method=POST, url=https://sts.eu-west-1.amazonaws.com/, headers={'Content-Type': b'application/x-www-form-urlencoded; charset=utf-8', 'User-Agent': b'%s', 'X-Amz-Date': b'%s', 'Authorization': b'AWS4-HMAC-SHA256 Credential=%s/%s/eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=%s', 'Content-Length': '%d'}>" % (ua, amz, caller, t.strftime('%Y%m%d'), hx(64), random.randint(120, 160))),
        L('urllib3.connectionpool', 'Starting new HTTPS connection (1): sts.eu-west-1.amazonaws.com:443'),
        L('urllib3.connectionpool', 'https://sts.eu-west-1.amazonaws.com:443 "POST / HTTP/1.1" 200 %d' % (len(xml) - 40)),
        L('botocore.parsers', "Response headers: {'x-amzn-RequestId': '%s', 'Content-Type': 'text/xml', 'Content-Length': '%d', 'Date': '%s'}" % (rid, len(xml) - 40, t.strftime('%a, %d %b %Y %H:%M:%S GMT'))),
        L('botocore.parsers', "Response body:\nb'%s'" % xml),
        L('botocore.hooks', 'Event needs-retry.sts.AssumeRole: calling handler <botocore.retryhandler.RetryHandler object at 0x7f%s>' % hx(10)),
        L('botocore.retryhandler', 'No retry needed.'),
    ]
    out = {'Credentials': {'AccessKeyId': asia, 'SecretAccessKey': sec, 'SessionToken': sess, 'Expiration': exp.strftime('%Y-%m-%dT%H:%M:%S+00:00')},
           'AssumedRoleUser': {'AssumedRoleId': roleid + ':ci-deploy', 'Arn': 'arn:aws:sts::%s:assumed-role/%s-deploy/ci-deploy' % (acct, co)}}
    add('c42/ci/debug/assume-role-debug.txt', '\n'.join(o) + '\n' + json.dumps(out, indent=4) + '\n')


# c43: `az login --service-principal ... --debug`: knack logs the raw argument list with the client secret
def c43():
    co = company()
    app_id, tenant = uid(), uid()
    sec = azure_client_secret()
    t = when()
    o = '''DEBUG: cli.knack.cli: Command arguments: ['login', '--service-principal', '-u', '%s', '-p', '%s', '--tenant', '%s', '--debug']
DEBUG: cli.knack.cli: __init__ debug log:
Enable color in terminal.
DEBUG: cli.knack.cli: Event: Cli.PreExecute []
DEBUG: cli.knack.cli: Event: CommandParser.OnGlobalArgumentsCreate [<function CLILogging.on_global_arguments at 0x7f%s>, <function OutputProducer.on_global_arguments at 0x7f%s>, <function CLIQuery.on_global_arguments at 0x7f%s>]
DEBUG: cli.knack.cli: Event: CommandInvoker.OnPreCommandTableCreate []
DEBUG: cli.azure.cli.core: Modules found from index for 'login': ['azure.cli.command_modules.profile']
DEBUG: cli.azure.cli.core: Loading command modules:
DEBUG: cli.azure.cli.core: Name                  Load Time    Groups  Commands
DEBUG: cli.azure.cli.core: profile                   0.003         2         9
DEBUG: cli.azure.cli.core: Total (1)                 0.003         2         9
DEBUG: cli.azure.cli.core: Loaded 2 groups, 9 commands.
DEBUG: cli.azure.cli.core: Found a match in the command table.
DEBUG: cli.azure.cli.core: Raw command  : login
DEBUG: cli.azure.cli.core: Command table: login
DEBUG: cli.knack.cli: Event: CommandInvoker.OnPreCommandTableTruncate [<function AzCliLogging.init_command_file_logging at 0x7f%s>]
DEBUG: cli.azure.cli.core.azlogging: metadata file logging enabled - writing logs to '/home/runner/.azure/commands/%s-login.%d.log'.
INFO: az_command_data_logger: command args: login --service-principal -u {} -p {} --tenant {} --debug
DEBUG: cli.azure.cli.core.auth.persistence: build_persistence: location='/home/runner/.azure/service_principal_entries.json', encrypt=False
DEBUG: cli.azure.cli.core.auth.identity: Logging in with service principal.
DEBUG: msal.authority: Initializing with Entra authority: https://login.microsoftonline.com/%s
DEBUG: urllib3.connectionpool: Starting new HTTPS connection (1): login.microsoftonline.com:443
DEBUG: urllib3.connectionpool: https://login.microsoftonline.com:443 "GET /%s/v2.0/.well-known/openid-configuration HTTP/1.1" 200 1753
DEBUG: urllib3.connectionpool: https://login.microsoftonline.com:443 "POST /%s/oauth2/v2.0/token HTTP/1.1" 200 %d
DEBUG: cli.azure.cli.core.auth.identity: Saving service principal: {'client_id': '%s', 'tenant': '%s', 'client_secret': '********'}
INFO: cli.azure.cli.core.auth.identity: Token cache was found
[
  {
    "cloudName": "AzureCloud",
    "homeTenantId": "%s",
    "id": "%s",
    "isDefault": true,
    "managedByTenants": [],
    "name": "%s-production",
    "state": "Enabled",
    "tenantId": "%s",
    "user": {
      "name": "%s",
      "type": "servicePrincipal"
    }
  }
]
''' % (app_id, sec, tenant, hx(10), hx(10), hx(10), hx(10), t.strftime('%Y-%m-%d.%H-%M-%S'), random.randint(1000, 60000),
       tenant, tenant, tenant, random.randint(1300, 1700), app_id, tenant, tenant, uid(), co.title(), tenant, app_id)
    add('c43/deploy/logs/az-login-debug.txt', o)


# c44: PowerShell transcript: a service-account password and an Azure DevOps PAT typed at the prompt
def c44():
    co = company()
    t = when()
    fn, ln = person()
    adm = 'adm-%s%s' % (fn[0], ln)
    dom = co[:8].upper()
    mach = 'WS-%s-%03d' % (pick('FIN', 'OPS', 'IT', 'ENG'), random.randint(1, 300))
    pw = pw_rand(random.randint(18, 24))
    pat = rs(52, 'abcdefghijklmnopqrstuvwxyz234567')
    tid = r(8, A)
    stamp = t.strftime('%Y%m%d%H%M%S')
    o = '''**********************
Windows PowerShell transcript start
Start time: %s
Username: %s\\%s
RunAs User: %s\\%s
Configuration Name: 
Machine: %s (Microsoft Windows NT 10.0.22631.0)
Host Application: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe
Process ID: %d
PSVersion: 5.1.22621.4391
PSEdition: Desktop
PSCompatibleVersions: 1.0, 2.0, 3.0, 4.0, 5.0, 5.1.22621.4391
BuildVersion: 10.0.22621.4391
CLRVersion: 4.0.30319.42000
WSManStackVersion: 3.0
PSRemotingProtocolVersion: 2.3
SerializationVersion: 1.1.0.1
**********************
Transcript started, output file is C:\\Users\\%s\\Documents\\PowerShell_transcript.%s.%s.%s.txt
PS C:\\Users\\%s> $pw = ConvertTo-SecureString '%s' -AsPlainText -Force
PS C:\\Users\\%s> $cred = New-Object System.Management.Automation.PSCredential('%s\\svc-sqlbackup', $pw)
PS C:\\Users\\%s> Invoke-Command -ComputerName SQL-%02d -Credential $cred -ScriptBlock { Get-Service MSSQLSERVER, SQLSERVERAGENT }

Status   Name               DisplayName                           PSComputerName
------   ----               -----------                           --------------
Running  MSSQLSERVER        SQL Server (MSSQLSERVER)              SQL-%02d
Stopped  SQLSERVERAGENT     SQL Server Agent (MSSQLSERVER)        SQL-%02d


PS C:\\Users\\%s> $env:AZURE_DEVOPS_EXT_PAT = '%s'
PS C:\\Users\\%s> az devops project list --org https://dev.azure.com/%s --query "value[].name" -o tsv
Platform
Finance-Apps
DataWarehouse
PS C:\\Users\\%s> Stop-Transcript
**********************
Windows PowerShell transcript end
End time: %s
**********************
'''
    n = random.randint(1, 9)
    o = o % (stamp, dom, adm, dom, adm, mach, random.randint(1000, 30000), adm, mach, tid, stamp, adm, pw, adm, dom, adm, n, n, n,
             adm, pat, adm, co, adm, later(t, 200, 900).strftime('%Y%m%d%H%M%S'))
    add('c44/Transcripts/%s/PowerShell_transcript.%s.%s.%s.txt' % (t.strftime('%Y%m%d'), mach, tid, stamp), o)


# c45: requests with http.client debuglevel=1 and urllib3 DEBUG logging: Datadog API and application keys
def c45():
    api, app = dd_api(), hx(40)
    t = when()
    ep = int(t.timestamp())
    body = json.dumps({'series': [{'metric': 'etl.rows_loaded', 'type': 3, 'points': [{'timestamp': ep, 'value': random.randint(1000, 900000)}],
                                   'tags': ['env:prod', 'pipeline:%s' % pick('orders', 'billing', 'events')]}]})
    o = '''DEBUG:urllib3.connectionpool:Starting new HTTPS connection (1): api.datadoghq.eu:443
send: b'POST /api/v2/series HTTP/1.1\\r\\nHost: api.datadoghq.eu\\r\\nUser-Agent: python-requests/2.32.3\\r\\nAccept-Encoding: gzip, deflate\\r\\nAccept: application/json\\r\\nConnection: keep-alive\\r\\nDD-API-KEY: %s\\r\\nDD-APPLICATION-KEY: %s\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n'
send: b'%s'
reply: 'HTTP/1.1 202 Accepted\\r\\n'
header: Date: %s
header: Content-Type: application/json
header: Content-Length: 16
header: Connection: keep-alive
header: x-content-type-options: nosniff
header: strict-transport-security: max-age=31536000; includeSubDomains; preload
DEBUG:urllib3.connectionpool:https://api.datadoghq.eu:443 "POST /api/v2/series HTTP/1.1" 202 16
INFO:etl.metrics:submitted 1 series
''' % (api, app, len(body), body, t.strftime('%a, %d %b %Y %H:%M:%S GMT'))
    add('c45/etl/debug/metrics-submit.log', o)


for f in (c41, c42, c43, c44, c45):
    f()


# ================================================================================================
# Negatives: output that looks like a leak, but every secret in it is masked, referenced or absent.

# s01: HikariCP DEBUG configuration dump - Hikari prints password as <masked>
def s01():
    co = company()
    t = when()
    app = '%s-orders' % co

    def L(level, logger, msg, thr='main'):
        nonlocal t
        t = later(t, 0.0, 0.004)
        return '%s %5s 1 --- [%s] [%15s] %-40s : %s' % (iso_ms(t), level, app, thr, logger[:40], msg)
    props = [('allowPoolSuspension', 'false'), ('autoCommit', 'true'), ('catalog', 'none'), ('connectionInitSql', 'none'),
             ('connectionTestQuery', 'none'), ('connectionTimeout', '30000'), ('dataSource', 'none'),
             ('dataSourceClassName', 'none'), ('dataSourceJNDI', 'none'), ('dataSourceProperties', '{password=<masked>}'),
             ('driverClassName', '"org.postgresql.Driver"'), ('healthCheckRegistry', 'none'), ('idleTimeout', '600000'),
             ('initializationFailTimeout', '1'), ('isolateInternalQueries', 'false'),
             ('jdbcUrl', 'jdbc:postgresql://orders-db.%s.internal:5432/orders?sslmode=require' % co),
             ('keepaliveTime', '0'), ('leakDetectionThreshold', '0'), ('maxLifetime', '1800000'), ('maximumPoolSize', '10'),
             ('metricRegistry', 'none'), ('minimumIdle', '10'), ('password', '<masked>'), ('poolName', '"HikariPool-1"'),
             ('readOnly', 'false'), ('registerMbeans', 'false'), ('schema', 'none'), ('threadFactory', 'internal'),
             ('transactionIsolation', 'default'), ('username', '"orders_app"'), ('validationTimeout', '5000')]
    o = [L('INFO', 'c.%s.orders.OrdersApplication' % co[:6], 'Starting OrdersApplication v3.%d.%d using Java 21.0.5 with PID 1' % (random.randint(0, 9), random.randint(0, 9))),
         L('DEBUG', 'com.zaxxer.hikari.HikariConfig', 'HikariPool-1 - configuration:')]
    for k, v in props:
        o.append(L('DEBUG', 'com.zaxxer.hikari.HikariConfig', k.ljust(32, '.') + v))
    o.append(L('INFO', 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Starting...'))
    o.append(L('INFO', 'com.zaxxer.hikari.pool.HikariPool', 'HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@%s' % hx(8)))
    o.append(L('INFO', 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Start completed.'))
    add('s01/logs/orders/startup-debug.log', '\n'.join(o) + '\n')


# s02: GitHub Actions log where every secret is shown as *** by the runner
def s02():
    co = company()
    t = when()

    def L(x):
        nonlocal t
        t = later(t, 0.0005, 0.3)
        return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%06d0Z ' % t.microsecond + x
    acct = r(12, DIG)
    o = [L('##[group]Run aws-actions/configure-aws-credentials@v4'), L('with:'),
         L('  aws-region: eu-west-1'), L('  aws-access-key-id: ***'), L('  aws-secret-access-key: ***'),
         L('  audience: sts.amazonaws.com'), L('##[endgroup]'),
         L('##[group]Run docker/login-action@v3'), L('with:'), L('  registry: ghcr.io'), L('  username: ***'),
         L('  password: ***'), L('  ecr: auto'), L('  logout: true'), L('##[endgroup]'),
         L('Logging into ghcr.io...'), L('Login Succeeded!'),
         L('##[group]Run npm ci && npm run build && npm publish'), L('\x1b[36;1mnpm ci && npm run build && npm publish\x1b[0m'),
         L('shell: /usr/bin/bash -e {0}'), L('env:'), L('  AWS_DEFAULT_REGION: eu-west-1'), L('  AWS_REGION: eu-west-1'),
         L('  AWS_ACCESS_KEY_ID: ***'), L('  AWS_SECRET_ACCESS_KEY: ***'), L('  NODE_AUTH_TOKEN: ***'),
         L('  NPM_CONFIG_USERCONFIG: /home/runner/work/_temp/.npmrc'), L('##[endgroup]'),
         L('added %d packages, and audited %d packages in %ds' % (random.randint(300, 1200), random.randint(1200, 1500), random.randint(5, 40))),
         L('npm notice Publishing to https://registry.npmjs.org/ with tag latest and default access'),
         L('+ @%s/sdk@%d.%d.%d' % (co, random.randint(1, 5), random.randint(0, 30), random.randint(0, 9))),
         L('Post job cleanup.'), L('Logging out of ghcr.io...'),
         L('[command]/usr/bin/git config --local --name-only --get-regexp http\\.https\\:\\/\\/github\\.com\\/\\.extraheader'),
         L('http.https://github.com/.extraheader'),
         L('[command]/usr/bin/git config --local --unset-all http.https://github.com/.extraheader'),
         L('Cleaning up orphan processes')]
    add('s02/ci-logs/release/publish/7_Publish.txt', '\n'.join(o) + '\n')


# s03: Celery worker banner and log: Celery replaces broker/backend passwords with **
def s03():
    co = company()
    t = when()
    host = 'worker-%s-%s' % (r(9, LODIG), r(5, LODIG))
    tl = [later(t, 0.5, 1.5)]

    def stamp():
        tl[0] = later(tl[0], 0.01, 1.2)
        return tl[0].strftime('%Y-%m-%d %H:%M:%S,') + '%03d' % (tl[0].microsecond // 1000)
    o = ''' 
 -------------- celery@%s v5.4.0 (opalescent)
--- ***** ----- 
-- ******* ---- Linux-6.8.0-1019-aws-x86_64-with-glibc2.36 %s
- *** --- * --- 
- ** ---------- [config]
- ** ---------- .> app:         orders:0x7f%s
- ** ---------- .> transport:   amqp://orders:**@rabbitmq.%s.svc.cluster.local:5672/orders
- ** ---------- .> results:     redis://:**@redis-master.%s.svc.cluster.local:6379/1
- *** --- * --- .> concurrency: 4 (prefork)
-- ******* ---- .> task events: ON
--- ***** ----- 
 -------------- [queues]
                .> default          exchange=default(direct) key=default
                .> refunds          exchange=refunds(direct) key=refunds

[tasks]
  . orders.tasks.refund_order
  . orders.tasks.send_receipt

[%s: INFO/MainProcess] Connected to amqp://orders:**@rabbitmq.%s.svc.cluster.local:5672/orders
[%s: INFO/MainProcess] mingle: searching for neighbors
[%s: INFO/MainProcess] mingle: all alone
[%s: INFO/MainProcess] celery@%s ready.
''' % ((host, t.strftime('%Y-%m-%d %H:%M:%S'), hx(10), co, co, stamp(), co, stamp(), stamp(), stamp(), host))
    add('s03/logs/celery-worker.log', o)


# s04: Kafka client ProducerConfig dump: PASSWORD-typed settings are printed as [hidden] or null
def s04():
    co = company()
    t = when()
    ts = t.strftime('%Y-%m-%d %H:%M:%S,') + '%03d' % (t.microsecond // 1000)
    msk = 'b-%d.%s-events.%s.c3.kafka.eu-west-1.amazonaws.com:9096'
    cl = r(6, LODIG)
    servers = ', '.join(msk % (i, co, cl) for i in (1, 2, 3))
    conf = [('acks', '-1'), ('auto.include.jmx.reporter', 'true'), ('batch.size', '16384'), ('bootstrap.servers', '[%s]' % servers),
            ('buffer.memory', '33554432'), ('client.id', 'producer-1'), ('compression.type', 'zstd'),
            ('enable.idempotence', 'true'), ('key.serializer', 'class org.apache.kafka.common.serialization.StringSerializer'),
            ('linger.ms', '5'), ('max.in.flight.requests.per.connection', '5'), ('retries', '2147483647'),
            ('sasl.client.callback.handler.class', 'null'), ('sasl.jaas.config', '[hidden]'),
            ('sasl.kerberos.service.name', 'null'), ('sasl.login.callback.handler.class', 'null'), ('sasl.mechanism', 'SCRAM-SHA-512'),
            ('security.protocol', 'SASL_SSL'), ('ssl.endpoint.identification.algorithm', 'https'), ('ssl.key.password', 'null'),
            ('ssl.keystore.certificate.chain', 'null'), ('ssl.keystore.key', 'null'), ('ssl.keystore.location', 'null'),
            ('ssl.keystore.password', 'null'), ('ssl.protocol', 'TLSv1.3'), ('ssl.truststore.certificates', 'null'),
            ('ssl.truststore.location', 'null'), ('ssl.truststore.password', 'null'), ('ssl.truststore.type', 'JKS'),
            ('value.serializer', 'class io.confluent.kafka.serializers.KafkaAvroSerializer')]
    o = '%s INFO  [main] o.a.k.c.p.ProducerConfig: ProducerConfig values: \n' % ts
    o += ''.join('\t%s = %s\n' % kv for kv in conf)
    o += '\n%s INFO  [main] o.a.k.c.s.a.AbstractLogin: Successfully logged in.\n' % ts
    o += '%s INFO  [main] o.a.k.c.u.AppInfoParser: Kafka version: 3.7.1\n' % ts
    o += '%s INFO  [main] o.a.k.c.u.AppInfoParser: Kafka commitId: %s\n' % (ts, hx(16))
    add('s04/logs/events-producer/app.log', o)


# s05: MySQL 8 general query log: statements carrying passwords are rewritten to <secret>
def s05():
    co = company()
    t = when()
    tid = random.randint(10, 900)

    def L(cmd, arg):
        nonlocal t
        t = later(t, 0.01, 3)
        return '%s.%06dZ\t%5d %s\t%s' % (t.strftime('%Y-%m-%dT%H:%M:%S'), t.microsecond, tid, cmd, arg)
    o = ['/usr/sbin/mysqld, Version: 8.0.39 (MySQL Community Server - GPL). started with:',
         'Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock', 'Time                 Id Command    Argument',
         L('Connect', 'root@localhost on  using Socket'),
         L('Query', 'select @@version_comment limit 1'),
         L('Query', "CREATE USER 'reporting'@'10.%%' IDENTIFIED BY <secret>"),
         L('Query', "GRANT SELECT ON `%s`.* TO 'reporting'@'10.%%'" % co),
         L('Query', "ALTER USER 'app'@'%%' IDENTIFIED WITH 'caching_sha2_password' BY <secret>"),
         L('Query', "SET PASSWORD FOR 'legacy_etl'@'%%'=<secret>"),
         L('Query', 'FLUSH PRIVILEGES'),
         L('Quit', '')]
    o = [x.replace('%%', '%') for x in o]
    add('s05/var/log/mysql/general.log', '\n'.join(o) + '\n')


# s06: Vault file audit device: tokens and secret values are HMAC-SHA256 digests, not the values
def s06():
    t = when()
    lines = []
    auth = req = None
    for i in range(2):
        t = later(t, 0.001, 0.02)
        if auth:
            ev = {'time': t.strftime('%Y-%m-%dT%H:%M:%S.') + '%06dZ' % t.microsecond, 'type': 'response', 'auth': auth, 'request': req}
            ev['response'] = {'mount_point': 'kv/', 'mount_type': 'kv', 'mount_accessor': req['mount_accessor'],
                              'mount_running_plugin_version': 'v0.20.0+builtin', 'mount_class': 'secret',
                              'data': {'data': {'token': 'hmac-sha256:' + hx(64)},
                                       'metadata': {'created_time': 'hmac-sha256:' + hx(64), 'custom_metadata': None,
                                                    'deletion_time': 'hmac-sha256:' + hx(64), 'destroyed': False, 'version': 4}}}
            lines.append(json.dumps(ev, separators=(',', ':')))
            continue
        auth = {'client_token': 'hmac-sha256:' + hx(64), 'accessor': 'hmac-sha256:' + hx(64), 'display_name': 'approle',
                'policies': ['ci-npm', 'default'], 'token_policies': ['ci-npm', 'default'], 'metadata': {'role_name': 'ci'},
                'entity_id': uid(), 'token_type': 'service', 'token_ttl': 1200,
                'token_issue_time': t.strftime('%Y-%m-%dT%H:%M:%SZ')}
        req = {'id': uid(), 'client_id': uid(), 'operation': 'read', 'mount_point': 'kv/', 'mount_type': 'kv',
               'mount_accessor': 'kv_' + hx(8), 'mount_running_version': 'v0.20.0+builtin', 'mount_class': 'secret',
               'client_token': 'hmac-sha256:' + hx(64), 'client_token_accessor': 'hmac-sha256:' + hx(64),
               'namespace': {'id': 'root'}, 'path': 'kv/data/ci/npm-publish', 'remote_address': ip10(),
               'remote_port': random.randint(30000, 60000)}
        ev = {'time': t.strftime('%Y-%m-%dT%H:%M:%S.') + '%06dZ' % t.microsecond, 'type': 'request', 'auth': auth, 'request': req}
        lines.append(json.dumps(ev, separators=(',', ':')))
    add('s06/vault/audit/vault_audit.log', '\n'.join(lines) + '\n')


# s07: `npm config ls` output: npm prints auth tokens as (protected)
def s07():
    co = company()
    o = '''; "user" config from /home/dev/.npmrc

//npm.pkg.github.com/:_authToken = (protected)
//registry.npmjs.org/:_authToken = (protected)
@%s:registry = "https://npm.pkg.github.com"

; "project" config from /home/dev/src/%s-web/.npmrc

engine-strict = true
save-exact = true

; node bin location = /usr/local/bin/node
; node version = v20.18.1
; npm local prefix = /home/dev/src/%s-web
; npm version = 10.8.2
; cwd = /home/dev/src/%s-web
; HOME = /home/dev
; Run `npm config ls -l` to show all defaults.
''' % (co, co, co, co)
    add('s07/docs/support/npm-config.txt', o)


# s08: kubectl describe pod where every credential comes from a Secret reference
def s08():
    co = company()
    t = when()
    pod = 'orders-api-%s-%s' % (r(10, 'bcdfghjklmnpqrstvwxz2456789'), r(5, 'bcdfghjklmnpqrstvwxz2456789'))
    o = '''Name:             %s
Namespace:        orders
Priority:         0
Service Account:  orders-api
Node:             ip-10-0-12-34.eu-west-1.compute.internal/10.0.12.34
Start Time:       %s
Labels:           app.kubernetes.io/name=orders-api
Status:           Running
Containers:
  api:
    Image:          ghcr.io/%s/orders-api:2.%d.%d
    Port:           8080/TCP
    State:          Running
    Ready:          True
    Restart Count:  0
    Environment Variables from:
      orders-config   ConfigMap  Optional: false
      orders-secrets  Secret     Optional: false
    Environment:
      SPRING_PROFILES_ACTIVE:  prod
      DB_HOST:                 orders-db.orders.svc.cluster.local
      DB_USER:                 orders_app
      DB_PASSWORD:             <set to the key 'password' in secret 'orders-db'>  Optional: false
      STRIPE_SECRET_KEY:       <set to the key 'secret-key' in secret 'stripe'>   Optional: false
      JWT_SIGNING_KEY:         <set to the key 'signing-key' in secret 'orders-jwt'>  Optional: false
      POD_IP:                   (v1:status.podIP)
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-%s (ro)
Conditions:
  Type              Status
  Ready             True 
Events:             <none>
''' % (pod, t.strftime('%a, %d %b %Y %H:%M:%S +0000'), co, random.randint(0, 20), random.randint(0, 9), r(5, 'bcdfghjklmnpqrstvwxz2456789'))
    add('s08/runbooks/orders/describe-pod.txt', o)


# s09: terraform plan where every credential attribute is (sensitive value) or (known after apply)
def s09():
    co = company()
    o = '''Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

Terraform will perform the following actions:

  # aws_db_instance.orders will be created
  + resource "aws_db_instance" "orders" {
      + address                  = (known after apply)
      + allocated_storage        = 100
      + db_name                  = "orders"
      + endpoint                 = (known after apply)
      + engine                   = "postgres"
      + engine_version           = "16.4"
      + identifier               = "%s-orders"
      + instance_class           = "db.t4g.large"
      + password                 = (sensitive value)
      + username                 = "orders_admin"
      # (47 unchanged attributes hidden)
    }

  # aws_secretsmanager_secret_version.orders_db will be created
  + resource "aws_secretsmanager_secret_version" "orders_db" {
      + arn            = (known after apply)
      + id             = (known after apply)
      + secret_id      = (known after apply)
      + secret_string  = (sensitive value)
      + version_id     = (known after apply)
      + version_stages = (known after apply)
    }

  # random_password.orders_db will be created
  + resource "random_password" "orders_db" {
      + bcrypt_hash      = (sensitive value)
      + id               = (known after apply)
      + length           = 32
      + lower            = true
      + min_lower        = 0
      + min_numeric      = 0
      + min_special      = 0
      + min_upper        = 0
      + number           = true
      + numeric          = true
      + override_special = "_%%@"
      + result           = (sensitive value)
      + special          = true
      + upper            = true
    }

Plan: 3 to add, 0 to change, 0 to destroy.

Changes to Outputs:
  + orders_db_endpoint = (known after apply)
  + orders_db_password = (sensitive value)
''' % co
    add('s09/infra/orders-db/plan.txt', o)


# s10: Postman collection that only references variables; the environment template has empty values
def s10():
    co = company()
    coll = {
        'info': {'_postman_id': uid(), 'name': '%s Public API' % co.title(),
                 'schema': 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'},
        'auth': {'type': 'bearer', 'bearer': [{'key': 'token', 'value': '{{access_token}}', 'type': 'string'}]},
        'event': [{'listen': 'prerequest', 'script': {'type': 'text/javascript', 'exec': [
            "if (!pm.environment.get('access_token')) {",
            "  pm.sendRequest({ url: pm.environment.get('base_url') + '/oauth/token', method: 'POST',",
            "    body: { mode: 'urlencoded', urlencoded: [",
            "      { key: 'grant_type', value: 'client_credentials' },",
            "      { key: 'client_id', value: pm.environment.get('client_id') },",
            "      { key: 'client_secret', value: pm.environment.get('client_secret') } ] } },",
            "    (err, res) => pm.environment.set('access_token', res.json().access_token));",
            "}"]}}],
        'item': [{'name': 'List orders', 'request': {'method': 'GET', 'header': [],
                                                      'url': {'raw': '{{base_url}}/v1/orders', 'host': ['{{base_url}}'], 'path': ['v1', 'orders']}}}],
        'variable': [{'key': 'base_url', 'value': 'https://api.%s.com' % co}, {'key': 'client_id', 'value': ''},
                     {'key': 'client_secret', 'value': ''}, {'key': 'access_token', 'value': ''}],
    }
    add('s10/postman/%s Public API.postman_collection.json' % co.title(), json.dumps(coll, indent='\t') + '\n')


# s11: Thunderbird MOZ_LOG=IMAP:5 log: the client suppresses logging of the authentication command
def s11():
    co = company()
    t = when()
    fn, ln = person()
    pid = random.randint(1000, 40000)
    ptr = '0x7f' + hx(8)
    host = 'imap.%s.com' % co

    def L(state, what):
        nonlocal t
        t = later(t, 0.001, 0.2)
        return '%s.%06d UTC - [Parent %d: IMAP]: D/IMAP %s:%s:%s:%s' % (t.strftime('%Y-%m-%d %H:%M:%S'), t.microsecond, pid, ptr, host, state, what)
    caps = '* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE AUTH=PLAIN AUTH=XOAUTH2'
    o = [L('NA', 'CreateNewLineFromSocket: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2] Dovecot ready.'),
         L('NA', 'SendData: 1 capability'),
         L('NA', 'CreateNewLineFromSocket: ' + caps),
         L('NA', 'CreateNewLineFromSocket: 1 OK Pre-login capabilities listed, post-login capabilities have more.'),
         L('NA', 'IMAP auth: server caps 0x%x, pref 0x1000, failed 0x0, avail caps 0x1000' % random.randint(0x10000, 0xfffff)),
         L('NA', 'trying auth method 0x1000'),
         L('NA', 'sasl plain auth'),
         L('NA', 'SendData: Logging suppressed for this command (it probably contained authentication information)'),
         L('NA', 'CreateNewLineFromSocket: 2 OK [CAPABILITY IMAP4rev1 SASL-IR IDLE NAMESPACE QUOTA MOVE] Logged in'),
         L('A', 'SendData: 3 namespace'),
         L('A', 'CreateNewLineFromSocket: * NAMESPACE (("" "/")) NIL NIL'),
         L('A', 'SendData: 4 select "INBOX"'),
         L('S-INBOX', 'CreateNewLineFromSocket: * %d EXISTS' % random.randint(100, 9000))]
    add('s11/debug/thunderbird/imap-%s.%s.log' % (fn, ln), '\n'.join(o) + '\n')


# s12: gh CLI with GH_DEBUG=api: the token is blanked out with block characters by gh itself
def s12():
    t = when()
    fn, ln = person()
    o = '''* Request at %s +0000 UTC
* Request to https://api.github.com/graphql
> POST /graphql HTTP/1.1
> Host: api.github.com
> Accept: application/vnd.github.merge-info-preview+json, application/vnd.github.nebula-preview
> Authorization: token \u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588
> Content-Type: application/json; charset=utf-8
> Graphql-Features: merge_queue
> Time-Zone: Europe/Berlin
> User-Agent: GitHub CLI 2.63.2

{
  "query": "query UserCurrent{viewer{login}}"
}

< HTTP/2.0 200 OK
< Access-Control-Allow-Origin: *
< Content-Security-Policy: default-src 'none'
< Content-Type: application/json; charset=utf-8
< Date: %s
< Server: github.com
< X-Accepted-Oauth-Scopes: repo
< X-Github-Media-Type: github.v4; param=merge-info-preview.nebula-preview; format=json
< X-Github-Request-Id: %s:%s:%s:%s:%s
< X-Oauth-Scopes: gist, read:org, repo, workflow
< X-Ratelimit-Limit: 5000
< X-Ratelimit-Remaining: %d
< X-Ratelimit-Used: %d

{
  "data": {
    "viewer": {
      "login": "%s%s"
    }
  }
}

* Request took %.2fms
''' % (t.strftime('%Y-%m-%d %H:%M:%S.') + '%03d' % (t.microsecond // 1000), t.strftime('%a, %d %b %Y %H:%M:%S GMT'),
       hx(4).upper(), hx(5).upper(), hx(6).upper(), hx(7).upper(), hx(8).upper(), random.randint(4000, 4999),
       random.randint(1, 999), fn, ln, random.uniform(150, 600))
    add('s12/notes/gh-debug-api.txt', o)


for f in (s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12):
    f()


write()
