# Usage: python3 set43.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 43 (stop 30): team knowledge: chat exports, tickets, wikis, runbooks, e-mails and notes
from common import A, HEX, B62, start, r, hx, ck, add, write
import base64, datetime, json, quopri, random, struct

start()

# ---------------------------------------------------------------- helpers

BAD = ('example', 'test', 'dummy', 'fake', 'sample', 'xxxx', 'changeme', 'password123')
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
LO = 'abcdefghijklmnopqrstuvwxyz'
DG = '0123456789'
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
URLSAFE = A + '-_'


def drawn(f):
    """Redraws until the value holds none of the words a positive value must not contain."""
    def g(*a, **k):
        while True:
            v = f(*a, **k)
            if not any(b in v.lower() for b in BAD):
                return v
    return g


def cl(f):
    """One clean draw of `f` (see drawn)."""
    return drawn(f)()


def rb(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


def uid():
    return f'{hx(8)}-{hx(4)}-4{hx(3)}-{random.choice("89ab")}{hx(3)}-{hx(12)}'


def num(n):
    return str(random.randint(1, 9)) + r(n - 1, DG)


def when(y0=2024, y1=2025):
    a = datetime.datetime(y0, 1, 8, tzinfo=datetime.timezone.utc)
    b = datetime.datetime(y1, 12, 12, tzinfo=datetime.timezone.utc)
    s = random.randint(0, int((b - a).total_seconds()))
    d = a + datetime.timedelta(seconds=s)
    # office hours
    return d.replace(hour=random.randint(8, 18), minute=random.randint(0, 59), second=random.randint(0, 59))


def later(d, lo=30, hi=3600):
    return d + datetime.timedelta(seconds=random.randint(lo, hi))


def rfc2822(d):
    return d.strftime('%a, %d %b %Y %H:%M:%S +0000')


WORDS = ['Winter', 'Summer', 'Sommer', 'Herbst', 'Autumn', 'Spring', 'Falcon', 'Dragon', 'Tiger', 'Kaffee',
         'Bienvenue', 'Willkommen', 'Welcome', 'Primavera', 'Verano', 'Lisboa', 'Madrid', 'Berlin', 'Hamburg',
         'Sakura', 'Fuji', 'Bonjour', 'Soleil', 'Sunshine', 'Monday', 'Brisa', 'Mariposa', 'Orange', 'Phoenix',
         'Galaxy', 'Rocket', 'Harbor', 'Maple', 'Luna', 'Tornado', 'Pinguin', 'Zitrone', 'Montanha', 'Koala']
SYMS = '!#$%&*+-.:;=?@^_~'


@drawn
def pw_h():
    """A password the way people pick them."""
    w, w2 = random.choice(WORDS), random.choice(WORDS)
    y = str(random.choice([2023, 2024, 2025, 2026]))
    s = random.choice('!#$%&*?@.')
    return random.choice([
        lambda: w + y + s,
        lambda: w + s + r(random.randint(2, 4), DG),
        lambda: w.lower() + r(2, DG) + w2 + s,
        lambda: w + '-' + w2 + '-' + r(2, DG),
        lambda: w + y[2:] + s + s,
        lambda: s + w + y,
    ])()


@drawn
def pw_r(n=None, syms=SYMS):
    """A generated password with every class present."""
    n = n or random.randint(16, 24)
    while True:
        v = r(n, A + syms * 2)
        if any(c in UP for c in v) and any(c in LO for c in v) and any(c in DG for c in v) \
                and any(c in syms for c in v):
            return v


@drawn
def pw_a(n=None):
    """A generated password of letters and digits (URL-safe)."""
    n = n or random.randint(16, 28)
    return r(n)


# provider formats
@drawn
def aws_id(p='AKIA'):
    return p + r(16, B32)


@drawn
def aws_secret():
    return r(40, A + '+/')


@drawn
def gh_pat():
    return ck('ghp_')


@drawn
def gh_fine():
    return 'github_pat_11' + r(20, UP + DG) + '_' + r(59)


@drawn
def npm_tok():
    return ck('npm_')


@drawn
def glpat():
    return 'glpat-' + r(20, URLSAFE)


@drawn
def slack_bot():
    return f'xoxb-{num(12)}-{num(13)}-{r(24)}'


@drawn
def slack_user():
    return f'xoxp-{num(12)}-{num(12)}-{num(13)}-{hx(32)}'


@drawn
def slack_hook():
    return f'https://hooks.slack.com/services/T0{r(8, UP + DG)}/B0{r(9, UP + DG)}/{r(24)}'


@drawn
def stripe_sk():
    return 'sk_live_51' + r(14) + r(85)


@drawn
def stripe_rk():
    return 'rk_live_51' + r(14) + r(85)


@drawn
def stripe_whsec():
    return 'whsec_' + r(32)


@drawn
def openai_key():
    return 'sk-proj-' + r(74, URLSAFE) + 'T3BlbkFJ' + r(74, URLSAFE)


@drawn
def anthropic_key():
    return 'sk-ant-api03-' + r(93, URLSAFE) + 'AA'


@drawn
def sendgrid():
    return 'SG.' + r(22, URLSAFE) + '.' + r(43, URLSAFE)


@drawn
def mailgun():
    return f'{hx(32)}-{hx(8)}-{hx(8)}'


@drawn
def google_key():
    return 'AIza' + r(35, URLSAFE)


@drawn
def gcp_oauth_secret():
    return 'GOCSPX-' + r(28, URLSAFE)


@drawn
def discord_bot():
    return b64u(('1' + r(18, DG)).encode()) + '.' + r(6, URLSAFE) + '.' + r(38, URLSAFE)


@drawn
def telegram_bot():
    return num(10) + ':AA' + r(33, URLSAFE)


@drawn
def atlassian_tok():
    return 'ATATT3xFfGF0' + r(170, URLSAFE) + '=' + r(8, '0123456789ABCDEF')


@drawn
def okta_tok():
    return '00' + r(40, URLSAFE)


@drawn
def pagerduty():
    return 'u+' + r(18, URLSAFE)


@drawn
def grafana_sa():
    return 'glsa_' + r(32) + '_' + hx(8)


@drawn
def newrelic():
    return 'NRAK-' + r(27, UP + DG)


@drawn
def do_tok():
    return 'dop_v1_' + hx(64)


@drawn
def hcloud():
    return r(64)


@drawn
def cf_tok():
    return r(40, URLSAFE)


@drawn
def dckr():
    return 'dckr_pat_' + r(27, URLSAFE)


@drawn
def hf_tok():
    return 'hf_' + r(34, UP + LO)


@drawn
def vault_tok():
    return 'hvs.' + r(24)


@drawn
def doppler():
    return 'dp.st.prd.' + r(40)


@drawn
def tfc():
    return r(14) + '.atlasv1.' + r(67)


@drawn
def twilio_sid():
    return 'AC' + hx(32)


@drawn
def twilio_tok():
    return hx(32)


@drawn
def azure_storage_key():
    return base64.b64encode(rb(64)).decode()


@drawn
def azure_secret():
    return r(3, A) + random.choice(DG) + 'Q~' + r(34, A + '_.~-')


@drawn
def datadog_api():
    return hx(32)


@drawn
def datadog_app():
    return hx(40)


@drawn
def shopify():
    return 'shpat_' + hx(32)


@drawn
def linear():
    return 'lin_api_' + r(40)


@drawn
def figma():
    return 'figd_' + r(40, URLSAFE)


@drawn
def postman():
    return 'PMAK-' + hx(24) + '-' + hx(34)


@drawn
def sentry_user():
    return 'sntryu_' + hx(64)


@drawn
def line_token():
    return r(171, A + '+/') + '='


@drawn
def totp_secret():
    return r(32, B32)


@drawn
def unseal():
    return base64.b64encode(rb(32)).decode()


@drawn
def pypi_tok():
    ident = uid().encode()
    cav = b'{"version": 1, "permissions": "user"}'
    mac = (b'\x02\x01\x08pypi.org\x02\x24' + ident + b'\x00\x02' + bytes([len(cav)]) + cav
           + b'\x00\x00\x06\x20' + rb(32))
    return 'pypi-' + b64u(mac)


@drawn
def jwt_hs(payload):
    h = b64u(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')).encode())
    p = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return f'{h}.{p}.{b64u(rb(32))}'


@drawn
def jwt_rs(payload):
    h = b64u(json.dumps({'alg': 'RS256', 'kid': b64u(rb(32))}, separators=(',', ':')).encode())
    p = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return f'{h}.{p}.{b64u(rb(256))}'


def wrap(s, n=64):
    return '\n'.join(s[i:i + n] for i in range(0, len(s), n))


@drawn
def rsa_pkcs8():
    der = bytes.fromhex('308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100') + rb(1179)
    return '-----BEGIN PRIVATE KEY-----\n' + wrap(base64.b64encode(der).decode()) + '\n-----END PRIVATE KEY-----\n'


def ssh_ed25519(comment):
    while True:
        k, p = _ssh_ed25519(comment)
        if not any(b in k.lower() for b in BAD):
            return k, p


def _ssh_ed25519(comment):
    def s(b):
        return struct.pack('>I', len(b)) + b
    pub = rb(32)
    pubblob = s(b'ssh-ed25519') + s(pub)
    chk = rb(4)
    priv = chk + chk + s(b'ssh-ed25519') + s(pub) + s(rb(32) + pub) + s(comment.encode())
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (b'openssh-key-v1\x00' + s(b'none') + s(b'none') + s(b'') + struct.pack('>I', 1)
            + s(pubblob) + s(priv))
    key = '-----BEGIN OPENSSH PRIVATE KEY-----\n' + wrap(base64.b64encode(blob).decode(), 70) \
        + '\n-----END OPENSSH PRIVATE KEY-----\n'
    return key, 'ssh-ed25519 ' + base64.b64encode(pubblob).decode() + ' ' + comment


def ssh_pub_rsa(comment):
    def s(b):
        return struct.pack('>I', len(b)) + b
    blob = s(b'ssh-rsa') + s(b'\x01\x00\x01') + s(b'\x00' + rb(256))
    return 'ssh-rsa ' + base64.b64encode(blob).decode() + ' ' + comment


# -- chat exports

def slack_json(obj):
    """Slack's export: 4-space indent and escaped slashes."""
    return json.dumps(obj, indent=4, ensure_ascii=False).replace('/', '\\/') + '\n'


TEAM = 'T0' + r(9, UP + DG)


def slack_user_obj():
    return 'U0' + r(9, UP + DG)


def slack_msg(user, handle, real, d, parts, pre=None, thread=None):
    """One message of a Slack export: `parts` are plain strings, ('link', url), ('code', s),
    ('user', id) or ('emoji', name); `pre` is a preformatted block after them."""
    ts = f'{int(d.timestamp())}.{r(6, DG)}'
    els, txt = [], ''
    for p in parts:
        if isinstance(p, str):
            els.append({'type': 'text', 'text': p})
            txt += p.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
        elif p[0] == 'link':
            els.append({'type': 'link', 'url': p[1]})
            txt += '<' + p[1] + '>'
        elif p[0] == 'code':
            els.append({'type': 'text', 'text': p[1], 'style': {'code': True}})
            txt += '`' + p[1].replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;') + '`'
        elif p[0] == 'user':
            els.append({'type': 'user', 'user_id': p[1]})
            txt += '<@' + p[1] + '>'
        elif p[0] == 'emoji':
            els.append({'type': 'emoji', 'name': p[1]})
            txt += ':' + p[1] + ':'
    elems = [{'type': 'rich_text_section', 'elements': els}] if els else []
    if pre is not None:
        elems.append({'type': 'rich_text_preformatted', 'elements': [{'type': 'text', 'text': pre}],
                      'border': 0})
        txt += ('\n' if txt else '') + '```' + pre.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;') + '```'
    m = {
        'user': user,
        'type': 'message',
        'ts': ts,
        'client_msg_id': uid(),
        'text': txt,
        'team': TEAM,
        'user_team': TEAM,
        'source_team': TEAM,
        'user_profile': {
            'avatar_hash': hx(12),
            'image_72': f'https://avatars.slack-edge.com/{d.year}-0{random.randint(1, 9)}-1{random.randint(0, 9)}/'
                        f'{num(13)}_{hx(20)}_72.jpg',
            'first_name': real.split()[0],
            'real_name': real,
            'display_name': handle,
            'team': TEAM,
            'name': handle,
            'is_restricted': False,
            'is_ultra_restricted': False,
        },
        'blocks': [{'type': 'rich_text', 'block_id': r(5, A + '+=/'), 'elements': elems}],
    }
    if thread:
        m['thread_ts'] = thread[0]
        m['parent_user_id'] = thread[1]
    return m, ts


def teams_export(chat, msgs):
    """Microsoft Graph chat messages as exported (value list, newest first)."""
    vals = []
    for (name, oid, tenant, d, html) in msgs:
        mid = str(int(d.timestamp() * 1000) + random.randint(0, 999))
        iso = d.strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + 'Z'
        vals.append({
            'id': mid, 'replyToId': None, 'etag': mid, 'messageType': 'message',
            'createdDateTime': iso, 'lastModifiedDateTime': iso, 'lastEditedDateTime': None,
            'deletedDateTime': None, 'subject': None, 'summary': None, 'chatId': chat,
            'importance': 'normal', 'locale': 'en-us', 'webUrl': None, 'channelIdentity': None,
            'policyViolation': None, 'eventDetail': None,
            'from': {'application': None, 'device': None, 'user': {
                '@odata.type': '#microsoft.graph.teamworkUserIdentity', 'id': oid,
                'displayName': name, 'userIdentityType': 'aadUser', 'tenantId': tenant}},
            'body': {'contentType': 'html', 'content': html},
            'attachments': [], 'mentions': [], 'reactions': [],
        })
    vals.reverse()
    return json.dumps({
        '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#chats('" + chat.replace(':', '%3A')
                          .replace('@', '%40') + "')/messages",
        '@odata.count': len(vals), 'value': vals}, indent=2, ensure_ascii=False) + '\n'


def xesc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def xattr(s):
    return xesc(s).replace('"', '&quot;')


# -- e-mail

def qp(text):
    return quopri.encodestring(text.encode('utf-8')).decode('ascii')


def b64body(data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    return base64.encodebytes(data).decode('ascii')


def henc(s):
    try:
        s.encode('ascii')
        return s
    except UnicodeEncodeError:
        return '=?UTF-8?B?' + base64.b64encode(s.encode('utf-8')).decode() + '?='


def received(d, frm, by):
    ip = f'{random.choice([40, 52, 104, 209])}.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(2, 254)}'
    return (f'Received: from {frm} ({frm} [{ip}])\n        by {by} with ESMTPS id {r(12, LO + DG)}\n'
            f'        for <{random.choice(["ops", "it", "team"])}@{by.split(".", 1)[1]}>; {rfc2822(d)}\n')


def msgid(domain):
    return f'<{r(10, UP + DG)}.{hx(8)}@{domain}>'


def csvq(cells):
    """A CSV row with every cell quoted (KeePassXC, 1Password)."""
    return ','.join('"' + str(c).replace('"', '""') + '"' for c in cells)


def csvm(cells):
    """A CSV row quoted only where needed (Bitwarden, Jira, Notion)."""
    out = []
    for c in cells:
        c = str(c)
        if any(x in c for x in ',"\n'):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ','.join(out)


# ---------------------------------------------------------------- positive cases

# c01: Slack export, #ops-staging: an IAM user's key pasted as an ~/.aws/credentials profile
d = when()
u1, u2, u3 = slack_user_obj(), slack_user_obj(), slack_user_obj()
m1, t1 = slack_msg(u1, 'lena.brandt', 'Lena Brandt', d, [
    'anyone have creds that can write to ', ('code', 'nimbus-staging-assets'),
    '? my SSO role only gets ', ('code', 'AccessDenied'), ' on PutObject'])
d2 = later(d, 120, 900)
m2, t2 = slack_msg(u2, 'omar', 'Omar Haddad', d2, [
    "use the ci-deployer user for now, I'll sort out a proper role next sprint. drop this in ",
    ('code', '~/.aws/credentials'), ' and run with ', ('code', 'AWS_PROFILE=staging-ci'), ':'],
    pre=f'[staging-ci]\naws_access_key_id = {aws_id()}\naws_secret_access_key = {aws_secret()}\n'
        f'region = eu-central-1', thread=(t1, u1))
d3 = later(d2, 60, 400)
m3, t3 = slack_msg(u1, 'lena.brandt', 'Lena Brandt', d3, ['works, thanks ', ('emoji', 'pray')], thread=(t1, u1))
d4 = later(d3, 300, 3000)
m4, t4 = slack_msg(u3, 'k.yilmaz', 'Kerem Yilmaz', d4, [
    ('user', u2), ' pls rotate that one after the release, keys in channels end up in the export ',
    ('emoji', 'see_no_evil')])
m1.update({'thread_ts': t1, 'reply_count': 2, 'reply_users_count': 1, 'latest_reply': t3,
           'reply_users': [u2, u1], 'is_locked': False, 'subscribed': False})
add(f'c01/slack-export/ops-staging/{d.strftime("%Y-%m-%d")}.json', slack_json([m1, m2, m3, m4]))

# c02: Slack export, #deploys: bot token and incoming webhook for the release notifier
d = when()
u1, u2 = slack_user_obj(), slack_user_obj()
bot, hook = slack_bot(), slack_hook()
m1, t1 = slack_msg(u1, 'mfischer', 'Martin Fischer', d, [
    'created the ', ('code', 'release-notifier'), ' app in the workspace. bot token: ', ('code', bot),
    ' (scopes chat:write, chat:write.public)'])
m2, t2 = slack_msg(u1, 'mfischer', 'Martin Fischer', later(d, 20, 90), [
    'and the incoming webhook for this channel if you just want curl: ', ('link', hook)])
m3, t3 = slack_msg(u2, 'ana.s', 'Ana Sousa', later(d, 400, 1800), [
    'nice, wiring it into the GH action now. ', ('user', u1), ' should it post on every tag or only ',
    ('code', 'v*'), '?'])
m4, _ = slack_msg(u1, 'mfischer', 'Martin Fischer', later(d, 1900, 2500), ['only v* for now'])
add(f'c02/slack-export/deploys/{d.strftime("%Y-%m-%d")}.json', slack_json([m1, m2, m3, m4]))

# c03: Slack export, #dev-backend: staging DATABASE_URL in a thread about a failing migration
d = when()
u1, u2 = slack_user_obj(), slack_user_obj()
dbpw = pw_a(24)
m1, t1 = slack_msg(u1, 'jpark', 'Jiwoo Park', d, [
    'migration ', ('code', '0047_add_invoice_index'), ' hangs on staging, anyone holding a lock?'])
m2, t2 = slack_msg(u2, 'dmitri', 'Dmitri Volkov', later(d, 200, 700), [
    "probably the reporting job. you can check yourself, here's the rw url (don't use it from laptops "
    "outside VPN, the SG only allows the office range):"],
    pre=f'DATABASE_URL=postgres://orders_rw:{dbpw}@pg-staging-01.int.kelpcloud.net:5432/orders?sslmode=require',
    thread=(t1, u1))
m3, t3 = slack_msg(u1, 'jpark', 'Jiwoo Park', later(d, 800, 1500), [
    'yep, ', ('code', 'pg_stat_activity'), ' shows the reporting job in idle in transaction. killed it, migration done'],
    thread=(t1, u1))
m1.update({'thread_ts': t1, 'reply_count': 2, 'reply_users_count': 2, 'latest_reply': t3,
           'reply_users': [u2, u1], 'is_locked': False, 'subscribed': False})
add(f'c03/slack-export/dev-backend/{d.strftime("%Y-%m-%d")}.json', slack_json([m1, m2, m3]))

# c04: Microsoft Teams chat export (Graph API), German: Azure Storage connection string
d = when()
tenant = uid()
o1, o2 = uid(), uid()
chat = f'19:{o1}_{o2}@unq.gbl.spaces'
acct = random.choice(['stplattformstg', 'stkundenportaldev', 'strechnungenstg']) + r(2, DG)
conn = (f'DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={azure_storage_key()};'
        f'EndpointSuffix=core.windows.net')
add('c04/teams-export/Plattform-Team/chats/jonas-weber_sabine-koch/messages.json', teams_export(chat, [
    ('Sabine Koch', o2, tenant, d, '<p>Hi Jonas, kannst du mir kurz den Connection String für den Blob Storage '
     '(Staging) schicken? Im Portal bekomme ich nur &quot;Zugriff verweigert&quot;.</p>'),
    ('Jonas Weber', o1, tenant, later(d, 60, 300), '<p>Klar, hier:</p>\n<codeblock class=""><code>' + conn
     + '</code></codeblock>\n<p>Bitte nicht ins Repo committen 😉 Ich beantrage dir nachher die '
     'Rolle &quot;Storage Blob Data Contributor&quot;.</p>'),
    ('Sabine Koch', o2, tenant, later(d, 400, 900), '<p>Danke, läuft!</p>'),
]))

# c05: Microsoft Teams chat export, French: Entra ID app registration (tenant, client id, secret)
d = when()
tenant = uid()
o1, o2 = uid(), uid()
chat = f'19:{hx(32)}@thread.v2'
sec = azure_secret()
add('c05/exports/teams/projet-sharepoint-sync/messages.json', teams_export(chat, [
    ('Camille Lefèvre', o1, tenant, d, "<p>Bonjour Hugo, tu as pu créer l'app registration pour le connecteur "
     'SharePoint&nbsp;?</p>'),
    ('Hugo Marchand', o2, tenant, later(d, 300, 1800), "<p>Oui, voici les infos (le secret expire en 2026) :</p>\n"
     f'<p>Tenant ID : {tenant}<br>\nClient ID : {uid()}<br>\nClient secret : {sec}</p>\n'
     "<p>Permissions : Sites.Selected (consentement admin fait).</p>"),
    ('Camille Lefèvre', o1, tenant, later(d, 2000, 3000), "<p>Top, merci&nbsp;! J'essaie ça cet après-midi.</p>"),
]))

# c06: DiscordChatExporter plain-text log: bot token and OpenAI key from a pasted .env
d = when()
dtok, okey = discord_bot(), openai_key()


def dce_ts(x):
    return f'{x.month}/{x.day}/{x.year} {x.strftime("%I:%M %p").lstrip("0")}'


d2, d3, d4 = later(d, 60, 300), later(d, 400, 900), later(d, 1000, 2000)
add('c06/community/discord-logs/PixelForge - dev-help - bot-dev [1' + r(18, DG) + '].txt',
    '==============================================================\n'
    'Guild: Pixel Forge\n'
    'Channel: Development / bot-dev\n'
    'Topic: discord.py / nextcord help. No DMs please, ask here.\n'
    '==============================================================\n\n'
    f'[{dce_ts(d)}] kaito_dev\n'
    'my bot dies right after on_ready with 401 Unauthorized on the openai call, any idea?\n\n'
    f'[{dce_ts(d2)}] kaito_dev\n'
    'this is my .env\n'
    '```\n'
    f'DISCORD_TOKEN={dtok}\n'
    f'OPENAI_API_KEY={okey}\n'
    f'GUILD_ID={num(19)}\n'
    'LOG_LEVEL=debug\n'
    '```\n\n'
    f'[{dce_ts(d3)}] rin.ohara\n'
    'do you call load_dotenv() before creating the client? also you probably want to reset that token now\n\n'
    f'[{dce_ts(d4)}] kaito_dev\n'
    "oh lol yes it was the load order. will reset later\n"
    '{Reactions}\n'
    '😂 (3)\n\n'
    '==============================================================\n'
    'Exported 4 message(s)\n'
    '==============================================================\n')

# c07: DiscordChatExporter JSON: Stripe live secret key and webhook signing secret in a code paste
d = when()
gid, cid = '1' + r(18, DG), '1' + r(18, DG)
a1, a2 = num(18), '1' + r(18, DG)
code = ('```py\nimport stripe\nfrom flask import Flask, request\n\n'
        f'stripe.api_key = "{stripe_sk()}"\n'
        f'endpoint_secret = "{stripe_whsec()}"\n\n'
        "@app.route('/webhook', methods=['POST'])\ndef webhook():\n    payload = request.get_json()\n"
        "    sig = request.headers.get('Stripe-Signature')\n"
        '    event = stripe.Webhook.construct_event(payload, sig, endpoint_secret)\n```')


def dce_msg(aid, name, x, content, bot=False):
    return {'id': num(19), 'type': 'Default', 'timestamp': x.strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + '+00:00',
            'timestampEdited': None, 'callEndedTimestamp': None, 'isPinned': False, 'content': content,
            'author': {'id': aid, 'name': name, 'discriminator': '0000', 'nickname': name, 'color': None,
                       'isBot': bot, 'roles': [],
                       'avatarUrl': f'https://cdn.discordapp.com/avatars/{aid}/{hx(32)}.png?size=512'},
            'attachments': [], 'embeds': [], 'stickers': [], 'reactions': [], 'mentions': [], 'inlineEmojis': []}


add('c07/docs/community/discord/indie-saas-builders/payments-help.json', json.dumps({
    'guild': {'id': gid, 'name': 'Indie SaaS Builders', 'iconUrl': f'https://cdn.discordapp.com/icons/{gid}/{hx(32)}.png'},
    'channel': {'id': cid, 'type': 'GuildTextChat', 'categoryId': num(19), 'category': 'Help', 'name': 'payments-help',
                'topic': 'Stripe, Paddle, LemonSqueezy'},
    'dateRange': {'after': None, 'before': None},
    'exportedAt': later(d, 86400 * 30, 86400 * 90).strftime('%Y-%m-%dT%H:%M:%S.') + r(7, DG) + '+00:00',
    'messages': [
        dce_msg(a1, 'marcos.dev', d, 'webhook signature verification always fails, checked the secret 10 times. '
                'code below'),
        dce_msg(a1, 'marcos.dev', later(d, 10, 60), code),
        dce_msg(a2, 'helene', later(d, 300, 900), 'you need the raw body: `request.data`, not `get_json()`. '
                'and please roll that sk_live key in the dashboard, this channel is public'),
    ],
    'messageCount': 3}, indent=2, ensure_ascii=False) + '\n')

# c08: Jira XML (RSS) issue export: DB password in a comment and a Datadog API key in the description
d = when()
k = random.randint(1200, 4800)
ddk = datadog_api()
pgpw = pw_r(20, '!#$%*+-.:;=?@^_~')
desc = ('<p>The datadog agent on <tt>worker-stg-03</tt> stopped shipping metrics after the AMI update. '
        'Config on the box:</p>\n<div class="code panel" style="border-width: 1px;"><div class="codeContent panelContent">\n'
        '<pre class="code-yaml">api_key: ' + ddk + '\nsite: datadoghq.eu\nlogs_enabled: true\n'
        'tags:\n  - env:staging\n  - team:payments</pre>\n</div></div>')
comm = ('<p>Checked the DB side as well, you can reproduce with:</p>\n<div class="code panel" style="border-width: 1px;">'
        '<div class="codeContent panelContent">\n<pre class="code-bash">PGPASSWORD=&apos;' + pgpw + '&apos; psql -h '
        'pg-stg.internal.larkpay.io -U dd_agent -d postgres -c &quot;select 1&quot;</pre>\n</div></div>')
rss_date = rfc2822(d)
add(f'c08/jira-export/OPS-{k}.xml', f'''<!-- 
RSS generated by JIRA (9.12.4#9120004-sha1:{hx(7)}) at {rfc2822(later(d, 86400, 86400 * 20)).replace('+0000', 'UTC')}

It is possible to restrict the fields that are returned in this document by specifying the 'field' parameter in your request.
For example, to request only the issue key and summary append 'field=key&field=summary' to the URL of your request.
-->
<rss version="0.92" >
<channel>
    <title>LarkPay Jira</title>
    <link>https://jira.larkpay.io</link>
    <description>This file is an XML representation of an issue</description>
    <language>en-us</language>    <build-info>
        <version>9.12.4</version>
        <build-number>9120004</build-number>
        <build-date>06-03-2024</build-date>
    </build-info>


<item>
            <title>[OPS-{k}] Datadog agent on worker-stg-03 not reporting</title>
                <link>https://jira.larkpay.io/browse/OPS-{k}</link>
                <project id="10301" key="OPS">Operations</project>
                    <description>{xesc(desc)}</description>
                <environment></environment>
        <key id="{random.randint(40000, 90000)}">OPS-{k}</key>
            <summary>Datadog agent on worker-stg-03 not reporting</summary>
                <type id="10004" iconUrl="https://jira.larkpay.io/secure/viewavatar?size=xsmall&amp;avatarId=10303&amp;avatarType=issuetype">Bug</type>
                                            <priority id="3" iconUrl="https://jira.larkpay.io/images/icons/priorities/major.svg">Major</priority>
                        <status id="3" iconUrl="https://jira.larkpay.io/images/icons/statuses/inprogress.png" description="This issue is being actively worked on at the moment by the assignee.">In Progress</status>
                    <statusCategory id="4" key="indeterminate" colorName="inprogress"/>
                                    <resolution id="-1">Unresolved</resolution>
                                        <assignee username="pnowak">Piotr Nowak</assignee>
                                    <reporter username="svasquez">Sofia Vasquez</reporter>
                        <labels>
                        <label>datadog</label>
                        <label>staging</label>
                    </labels>
                <created>{rss_date}</created>
                <updated>{rfc2822(later(d, 3600, 7200))}</updated>
                                                                                <due></due>
                            <votes>0</votes>
                                    <watches>2</watches>
                                                                                                                <comments>
                            <comment id="{random.randint(100000, 300000)}" author="pnowak" created="{rfc2822(later(d, 1800, 3500))}"  >{xesc(comm)}</comment>
                    </comments>
                    <attachments>
                        </attachments>
                <subtasks>
                        </subtasks>
                <customfields>
                                                        <customfield id="customfield_10020" key="com.pyxis.greenhopper.jira:gh-sprint">
                        <customfieldname>Sprint</customfieldname>
                        <customfieldvalues>
                                    <customfieldvalue id="{random.randint(100, 400)}">OPS Sprint {random.randint(20, 80)}</customfieldvalue>
                            </customfieldvalues>
                    </customfield>
                                </customfields>
    </item>
</channel>
</rss>
''')

# c09: Jira Cloud CSV export: SendGrid key and Postman API key in a description (wiki markup)
d = when()


def jdate(x):
    return x.strftime('%d/%b/%y %I:%M %p')


acc = [f'557058:{uid()}' for _ in range(3)]
rows = [['Summary', 'Issue key', 'Issue id', 'Issue Type', 'Status', 'Project key', 'Project name', 'Priority',
         'Assignee', 'Reporter', 'Created', 'Updated', 'Labels', 'Description', 'Comment', 'Comment']]
base = random.randint(300, 900)
d0 = later(d, -86400 * 9, -86400 * 2)
rows.append(['Unsubscribe link 404s on mobile', f'MKT-{base - 7}', str(random.randint(20000, 30000)), 'Bug', 'Done',
             'MKT', 'Marketing Platform', 'Medium', 'Ines Duarte', 'Tom Becker', jdate(d0), jdate(later(d0, 9000, 90000)),
             'email', 'The footer link uses the old /u/ path. See screenshot.', f'{jdate(later(d0, 4000, 8000))};{acc[1]};fixed in template v14', ''])
rows.append(['Transactional mails rejected after domain switch', f'MKT-{base}', str(random.randint(30000, 40000)), 'Bug',
             'In Progress', 'MKT', 'Marketing Platform', 'High', 'Ines Duarte', 'Tom Becker', jdate(d),
             jdate(later(d, 7200, 40000)), 'email sendgrid',
             'Since we moved to mail.brightloom.co all receipts bounce with 550 5.7.1.\n\nMailer config on prod:\n'
             '{code:bash}\n'
             f'SENDGRID_API_KEY={sendgrid()}\n'
             'SENDGRID_FROM=receipts@mail.brightloom.co\n'
             'SENDGRID_SANDBOX=false\n'
             '{code}\n\n'
             f'To reproduce run the Postman collection "Receipts" with the CLI, key: {postman()}\n',
             f'{jdate(later(d, 2000, 5000))};{acc[0]};DNS: DKIM CNAMEs s1/s2 are missing for the new subdomain.',
             f'{jdate(later(d, 6000, 9000))};{acc[1]};Added, waiting for propagation.'])
rows.append(['Add UTM params to weekly digest', f'MKT-{base + 3}', str(random.randint(40000, 50000)), 'Story', 'To Do',
             'MKT', 'Marketing Platform', 'Low', '', 'Marta Ruiz', jdate(later(d, 90000, 200000)),
             jdate(later(d, 200000, 300000)), '', 'utm_source=digest&utm_medium=email for all links', '', ''])
add('c09/jira/exports/MKT-open-issues.csv', '\n'.join(csvm(x) for x in rows) + '\n')

# c10: `gh issue view --json` export: fine-grained PAT in a curl debug, classic PAT in a comment
d = when()
n = random.randint(120, 980)
fine, classic = gh_fine(), gh_pat()
body = ('### What happened\r\n\r\nThe release workflow fails at the "publish docs" step with 403.\r\n\r\n'
        '### Debug\r\n\r\nReproduced locally:\r\n\r\n```\r\n'
        f'$ curl -sS -H "Authorization: Bearer {fine}" \\\r\n'
        '    -H "Accept: application/vnd.github+json" \\\r\n'
        '    https://api.github.com/repos/orbitdocs/site/pages/builds\r\n'
        '{\r\n  "message": "Resource not accessible by personal access token",\r\n'
        '  "documentation_url": "https://docs.github.com/rest/pages/pages#request-a-github-pages-build",\r\n'
        '  "status": "403"\r\n}\r\n```\r\n\r\n### Expected\r\n\r\nDocs get published.')
cbody = (f"fine-grained tokens need Pages: write on the *target* repo. quick workaround, my classic one has repo scope: "
         f"`{classic}` - I'll revoke it once the app is set up")
add(f'c10/.github/issue-exports/issue-{n}.json', json.dumps({
    'author': {'id': 'MDQ6VXNlcj' + r(10), 'is_bot': False, 'login': 'tkowalczyk', 'name': 'Tomasz Kowalczyk'},
    'body': body,
    'comments': [{'id': 'IC_kwDO' + r(20, URLSAFE), 'author': {'login': 'mirela-d'}, 'authorAssociation': 'MEMBER',
                  'body': cbody, 'createdAt': later(d, 600, 7200).strftime('%Y-%m-%dT%H:%M:%SZ'),
                  'includesCreatedEdit': False, 'isMinimized': False, 'minimizedReason': '', 'reactionGroups': [],
                  'url': f'https://github.com/orbitdocs/site/issues/{n}#issuecomment-{num(10)}', 'viewerDidAuthor': False}],
    'createdAt': d.strftime('%Y-%m-%dT%H:%M:%SZ'),
    'labels': [{'id': 'LA_kwDO' + r(16, URLSAFE), 'name': 'ci', 'description': 'GitHub Actions', 'color': '0e8a16'}],
    'number': n, 'state': 'OPEN', 'title': 'release workflow: publish docs step fails with 403',
    'url': f'https://github.com/orbitdocs/site/issues/{n}'}, indent=2) + '\n')

# c11: GitHub REST issues dump (gh api --paginate): npm automation token in a pasted .npmrc
d = when()
n = random.randint(30, 400)
npmt = npm_tok()


def gh_issue(n, title, user, body, x, state='open'):
    iid = random.randint(2000000000, 2900000000)
    base = 'https://api.github.com/repos/tallyho-js/tallyho'
    return {'url': f'{base}/issues/{n}', 'repository_url': base, 'labels_url': f'{base}/issues/{n}/labels{{/name}}',
            'comments_url': f'{base}/issues/{n}/comments', 'events_url': f'{base}/issues/{n}/events',
            'html_url': f'https://github.com/tallyho-js/tallyho/issues/{n}', 'id': iid, 'node_id': 'I_kwDO' + r(14, URLSAFE),
            'number': n, 'title': title,
            'user': {'login': user, 'id': random.randint(1000000, 90000000), 'node_id': 'U_kgDO' + r(8, URLSAFE),
                     'type': 'User', 'site_admin': False},
            'labels': [], 'state': state, 'locked': False, 'assignee': None, 'assignees': [], 'milestone': None,
            'comments': random.randint(0, 6), 'created_at': x.strftime('%Y-%m-%dT%H:%M:%SZ'),
            'updated_at': later(x, 3600, 90000).strftime('%Y-%m-%dT%H:%M:%SZ'), 'closed_at': None,
            'author_association': 'MEMBER', 'active_lock_reason': None, 'body': body,
            'reactions': {'url': f'{base}/issues/{n}/reactions', 'total_count': 0, '+1': 0, '-1': 0, 'laugh': 0,
                          'hooray': 0, 'confused': 0, 'heart': 0, 'rocket': 0, 'eyes': 0},
            'timeline_url': f'{base}/issues/{n}/timeline', 'performed_via_github_app': None, 'state_reason': None}


add('c11/archive/github-issues-2024.json', json.dumps([
    gh_issue(n + 2, 'Docs: typo in README quick start', 'wenjie-l', 'Should be `npm i tallyho`, not `npm i tally`.', later(d, 86400, 200000)),
    gh_issue(n, 'Publish job fails with E401 since token migration', 'rbianchi',
             'After switching to granular tokens the publish step says `npm ERR! code E401`.\r\n\r\n'
             'This is the `.npmrc` the workflow writes (copied from the runner):\r\n\r\n```ini\r\n'
             f'//registry.npmjs.org/:_authToken={npmt}\r\nregistry=https://registry.npmjs.org/\r\n'
             'always-auth=true\r\n```\r\n\r\nToken is an automation token created by @rbianchi, '
             'scope `@tallyho`.', d),
    gh_issue(n - 5, 'Support ESM-only consumers', 'd-okafor', 'Any plans for an `exports` map?', later(d, -900000, -100000), 'closed'),
], indent=2) + '\n')

# c12: Confluence storage-format page: environment table with logins, MySQL root password in a code macro
d = when()
admpw, grafpw, rootpw = pw_h(), pw_r(18), pw_r(20, '!#$%*+-.:;=?@^_~')
add('c12/confluence/ENG/Staging-environment-overview.xhtml', (
    f'<p>Last reviewed: <time datetime="{d.strftime("%Y-%m-%d")}" /> by <ac:link><ri:user ri:account-id="557058:{uid()}" /></ac:link></p>'
    f'<ac:structured-macro ac:name="warning" ac:schema-version="1" ac:macro-id="{uid()}"><ac:rich-text-body>'
    '<p>Internal page. Please don\'t share screenshots of this page outside the engineering space.</p>'
    '</ac:rich-text-body></ac:structured-macro>'
    '<h2>Environments</h2>'
    f'<table data-table-width="1000" data-layout="default" ac:local-id="{uid()}"><colgroup><col style="width: 190.0px;" />'
    '<col style="width: 330.0px;" /><col style="width: 160.0px;" /><col style="width: 220.0px;" /></colgroup><tbody>'
    '<tr><th><p><strong>System</strong></p></th><th><p><strong>URL</strong></p></th><th><p><strong>User</strong></p></th>'
    '<th><p><strong>Password</strong></p></th></tr>'
    '<tr><td><p>Admin panel (staging)</p></td><td><p><a href="https://admin.stg.quillmetrics.com">https://admin.stg.quillmetrics.com</a></p></td>'
    f'<td><p>ops-admin</p></td><td><p><code>{xesc(admpw)}</code></p></td></tr>'
    '<tr><td><p>Grafana</p></td><td><p><a href="https://grafana.stg.quillmetrics.com">https://grafana.stg.quillmetrics.com</a></p></td>'
    f'<td><p>admin</p></td><td><p><code>{xesc(grafpw)}</code></p></td></tr>'
    '<tr><td><p>Kibana</p></td><td><p><a href="https://logs.stg.quillmetrics.com">https://logs.stg.quillmetrics.com</a></p></td>'
    '<td><p>SSO</p></td><td><p>via Okta</p></td></tr>'
    '</tbody></table>'
    '<h2>Database</h2><p>Direct access only from the bastion:</p>'
    f'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{uid()}">'
    '<ac:parameter ac:name="language">bash</ac:parameter><ac:parameter ac:name="theme">Midnight</ac:parameter>'
    '<ac:plain-text-body><![CDATA[ssh bastion.stg.quillmetrics.com\n'
    f"mysql -h mysql-stg.cluster-{r(12, LO + DG)}.eu-west-1.rds.amazonaws.com -u root -p'{rootpw}' quill]]></ac:plain-text-body>"
    '</ac:structured-macro>'
    '<p />'))

# c13: Confluence storage-format page: Atlassian API token and a Jira DC personal access token
d = when()
atl = atlassian_tok()
dcpat = cl(lambda: base64.b64encode(num(12).encode() + b':' + rb(20)).decode())
add('c13/wiki/confluence-export/IT/Jira-automation-service-account.xhtml', (
    '<h1>Jira automation service account</h1>'
    '<p>The nightly sync between Jira Cloud and the old Data Center instance runs as '
    '<code>svc-jira-sync@copperfield-group.com</code>. Owner: IT Tooling.</p>'
    f'<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="{uid()}"><ac:rich-text-body>'
    '<p>Token created in id.atlassian.com under the service account, valid 1 year.</p></ac:rich-text-body>'
    '</ac:structured-macro>'
    '<h2>Cloud</h2>'
    f'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{uid()}">'
    '<ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA['
    f'curl -s -u svc-jira-sync@copperfield-group.com:{atl} \\\n'
    '  -H "Accept: application/json" \\\n'
    '  "https://copperfield.atlassian.net/rest/api/3/search?jql=project=ITSM%20AND%20updated>-1d"'
    ']]></ac:plain-text-body></ac:structured-macro>'
    '<h2>Data Center (read-only, until decommission)</h2>'
    f'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{uid()}">'
    '<ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA['
    f'curl -s -H "Authorization: Bearer {dcpat}" https://jira.copperfield.local/rest/api/2/myself'
    ']]></ac:plain-text-body></ac:structured-macro>'
    '<p>Questions: <ac:link><ri:user ri:account-id="' + f'712020:{uid()}' + '" /></ac:link></p>'))

# c14: Notion markdown export: staging basic auth and a GitLab deploy PAT
d = when()
nid = hx(32)
bapw = pw_h()
add(f'c14/notion-export/Engineering {hx(32)}/Staging Access {nid}.md', f'''# Staging Access

Owner: Priya Raman
Last edited time: {d.strftime("%B %d, %Y %I:%M %p").replace(" 0", " ")}
Tags: infra, onboarding

Staging is public but behind HTTP basic auth so search engines don't index it.

- URL: [https://staging.tandemly.app](https://staging.tandemly.app/)
- User: `tandem`
- Password: `{bapw}`

## Deploying by hand

CI normally does this. If CI is down, use the `deploy-bot` token (api + write_registry scope):

```bash
export GITLAB_TOKEN={glpat()}
docker login registry.gitlab.com -u deploy-bot -p "$GITLAB_TOKEN"
./scripts/deploy.sh staging
```

## Seed data

All seeded users share the password from the seed file, see [Seed data](Seed%20data%20{hx(32)}.md).
''')

# c15: Notion database CSV export: service accounts with passwords
d = when()
rowsn = [['Name', 'Environment', 'Owner', 'Password', 'URL', 'Username'],
         ['Mailchimp', 'prod', 'Marta Ruiz', pw_h(), 'https://login.mailchimp.com', 'marketing@hollowpine.io'],
         ['Hetzner Robot', 'prod', 'Felix Jung', pw_r(20), 'https://robot.hetzner.com', f'#ws+{r(8, LO + DG)}'],
         ['Metabase', 'internal', 'Priya Raman', pw_r(16), 'https://bi.hollowpine.io', 'admin@hollowpine.io'],
         ['Sentry', 'prod', 'Felix Jung', 'SSO (Google)', 'https://hollowpine.sentry.io', '']]
add(f'c15/notion/Ops Wiki {hx(32)}/Service accounts {hx(32)}.csv',
    '\ufeff' + '\n'.join(csvm(x) for x in rowsn) + '\n')

# c16: Obsidian vault note: Proxmox root login and Twilio credentials for SMS alerts
d = when()
add('c16/vault/Homelab/Proxmox & alerting.md', f'''---
tags:
  - homelab
  - infra
created: {d.strftime("%Y-%m-%dT%H:%M")}
updated: {later(d, 86400, 86400 * 60).strftime("%Y-%m-%dT%H:%M")}
aliases:
  - pve
---
# Proxmox & alerting

See also [[Network layout]] and [[UPS]].

> [!warning] Root login
> `root@pam` / `{pw_h()}`
> web UI https://192.168.20.5:8006 (self-signed)

## Backups
- vzdump nightly 02:30 to the NAS (`/mnt/pve/nas-backup`)
- keep 7 daily, 4 weekly

## SMS alerts (Twilio)
Used by the `uptime-kuma` notification.

| key | value |
| --- | --- |
| Account SID | {twilio_sid()} |
| Auth token | {twilio_tok()} |
| From | +4915{r(9, DG)} |

- [ ] move the token into the kuma env file instead of the UI
''')

# c17: on-call handover notes (Markdown): PagerDuty REST API key and Grafana service account token
d = when()
wk = d.isocalendar()[1]
add(f'c17/docs/oncall/handover-{d.year}-W{wk:02d}.md', f'''# On-call handover — {d.year} week {wk}

**Outgoing:** @dnguyen · **Incoming:** @mhoffmann · **Secondary:** @aobi

## Open incidents

- **INC-{random.randint(2000, 2999)}** – intermittent 502s on `api-gw` behind the new NLB. Mitigated by raising
  the idle timeout to 350s, root cause still open (suspect keep-alive mismatch with envoy).
- **INC-{random.randint(3000, 3999)}** – `billing-worker` OOMKilled twice on Sunday. Memory limit bumped to 1.5Gi,
  ticket for the leak: PAY-{random.randint(100, 999)}.

## Things you'll need this week

- PagerDuty API key for `scripts/pd-maintenance.sh` (service account key, our personal ones were revoked
  in the SSO switch): `{pagerduty()}`
- Grafana service account token for the `dash-export` cron on ops-01 (Editor role):
  ```
  GRAFANA_TOKEN={grafana_sa()}
  GRAFANA_URL=https://grafana.ops.wrenhaven.net
  ```
- The runbook for the NLB issue: [[docs/runbooks/api-gw.md]]

## Noisy alerts

| Alert | What to do |
|---|---|
| `DiskWillFillIn4Hours` on `logs-02` | logrotate is fine, it's the ES snapshot; ignore until 06:00 UTC |
| `CertExpiry < 14d` for `legacy.wrenhaven.net` | known, domain is being retired |

Good luck 🍀
''')

# c18: AsciiDoc runbook: RabbitMQ, Redis and Elasticsearch passwords in a table and commands
d = when()
mqpw, rdpw, espw = pw_r(22, '!#$%*+-.:;=?@^_~'), pw_a(32), pw_a(20)
add('c18/docs/runbooks/messaging-cluster.adoc', f'''= Runbook: Messaging cluster (RabbitMQ / Redis)
:toc: left
:icons: font
:source-highlighter: rouge
:revdate: {d.strftime("%Y-%m-%d")}
:author: Platform Team

== Access

[cols="2,1,2",options="header"]
|===
|Service |User |Password
|RabbitMQ management (https://mq.prod.vantor.internal:15672) |admin |`{mqpw}`
|Redis primary (redis-prod-01:6379) |default |`{rdpw}`
|Elasticsearch (https://es.prod.vantor.internal:9200) |elastic |`{espw}`
|===

NOTE: Only reachable from the VPN or the bastion.

== Purging a stuck queue

[source,bash]
----
rabbitmqadmin -H mq.prod.vantor.internal -P 15672 -s -u admin -p '{mqpw}' \\
  purge queue name=billing.retry
----

== Redis replication check

[source,console]
----
$ redis-cli -h redis-prod-01 -a '{rdpw}' --no-auth-warning INFO replication
role:master
connected_slaves:2
----

== Elasticsearch cluster health

[source,bash]
----
curl -s -u elastic:{espw} https://es.prod.vantor.internal:9200/_cluster/health?pretty
----
''')

# c19: reStructuredText release runbook: Docker Hub access token and the Ansible vault password
d = when()
vpw = pw_r(24, '!#$%*+-.:;=?@^_~')
add('c19/docs/source/ops/release.rst', f'''Release procedure
=================

.. contents::
   :local:

Prerequisites
-------------

* Docker Hub access as ``orbitalci``. Log in with the team access token (Read & Write):

  .. code-block:: console

     $ echo {dckr()} | docker login -u orbitalci --password-stdin

* The Ansible vault password. It is in the team vault too, but the playbooks expect it in a file:

  .. code-block:: console

     $ echo '{vpw}' > ~/.orbital_vault_pass
     $ chmod 600 ~/.orbital_vault_pass

Cutting the release
-------------------

#. Bump the version in ``pyproject.toml`` and ``CHANGELOG.rst``.
#. Tag: ``git tag -s v$(hatch version) -m "release"``.
#. Build and push the images:

   .. code-block:: console

      $ make images push

#. Deploy:

   .. code-block:: console

      $ ansible-playbook -i inventories/prod deploy.yml --vault-password-file ~/.orbital_vault_pass

.. warning::
   Never run ``deploy.yml`` against prod without ``--check`` first.
''')

# c20: org-mode work notes: DigitalOcean and Hetzner Cloud API tokens under TODO items
d = when()


def orgd(x, t=True):
    return x.strftime('%Y-%m-%d %a') + (x.strftime(' %H:%M') if t else '')


d2 = later(d, 86400 * 2, 86400 * 4)
add('c20/notes/work.org', f'''#+TITLE: work
#+STARTUP: overview
#+FILETAGS: :work:

* Inbox
** TODO migrate remaining droplets to hcloud                           :infra:
   SCHEDULED: <{orgd(d2, False)}>
   :PROPERTIES:
   :CREATED:  [{orgd(d)}]
   :END:
   - DO token (read/write, no expiry!! revoke after migration):
     {do_tok()}
   - new hcloud project "prod-eu", token:
     #+begin_src sh
     export HCLOUD_TOKEN={hcloud()}
     hcloud context create prod-eu
     hcloud server list
     #+end_src
** DONE renew wildcard cert
   CLOSED: [{orgd(later(d, -86400 * 3, -86400))}]
** TODO ask Sarah about the budget for the second region
* Meetings
** 1:1 with Sarah <{orgd(later(d, 86400, 86400 * 2))}>
   - promo cycle in June
   - wants a cost report per team
''')

# c21: README "How to access staging": basic auth, admin login and a server-side Google API key
d = when()
add('c21/README.md', f'''# tidepool-web

Customer portal for Tidepool (Next.js 14 + tRPC).

## Local development

```bash
pnpm install
cp .env.local.dist .env.local
pnpm dev
```

## How to access staging

Staging lives at https://staging.tidepool-web.net and is protected by basic auth:
`tidepool` / `{pw_h()}`

Admin account on staging: `ops@tidepool-web.net` / `{pw_r(16)}`

The geocoding endpoint needs a server key (the one in Vercel env is the same):

```
GOOGLE_MAPS_SERVER_KEY={google_key()}
```

## Deploy

Merges to `main` deploy to staging automatically; production is promoted from the Vercel dashboard.
''')

# c22: German README section "Zugang zur Staging-Umgebung": SFTP, MySQL and shop admin logins
d = when()
sftppw, mypw, shpw = pw_r(18, '!#$%*+-.:;=?@^_~'), pw_a(20), pw_h()
add('c22/shop/README.md', f'''# Brückner Logistik – Shopware 6

## Installation

```bash
composer install
bin/console system:install --basic-setup
```

## Zugang zur Staging-Umgebung

Die Staging-Umgebung ist nur aus dem Büro-Netz bzw. per VPN erreichbar.

| Dienst | Host | Benutzer | Passwort |
|---|---|---|---|
| SFTP (Medien-Uploads) | `sftp.staging.brueckner-logistik.de:22` | `upload_stg` | `{sftppw}` |
| MySQL | `db-stg.brueckner-logistik.de:3306` | `shopware` | `{mypw}` |
| Shopware-Admin | https://staging.brueckner-logistik.de/admin | `admin` | `{shpw}` |

Datenbank-Dump ziehen:

```bash
mysqldump -h db-stg.brueckner-logistik.de -u shopware -p'{mypw}' shopware_stg > dump.sql
```

Bei Fragen: Jana Hoffmann (Team Shop).
''')

# c23: e-mail (quoted-printable): IT service desk sends a new hire's temporary password and VPN login
d = when()
tpw, vpnpw = pw_r(14, '!#$%*+-.:;=?@^_~'), pw_h()
body = f'''Hi Daniel,

welcome to Fernhill Analytics! Your accounts are ready for your first day on Monday – here’s everything you need to get started.

Windows / Microsoft 365
  User:                daniel.ortega@fernhill-analytics.com
  Temporary password:  {tpw}
You’ll be asked to change it at first sign-in and to register the Microsoft Authenticator app.

VPN (GlobalProtect, portal: vpn.fernhill-analytics.com)
  User:      dortega
  Password:  {vpnpw}

If anything doesn’t work, just reply to this e-mail or call the service desk on +44 20 7946 {r(4, DG)}.

Best regards,
Rachel Green
IT Service Desk | Fernhill Analytics Ltd.
'''
add('c23/hr/onboarding/mail/Your accounts at Fernhill Analytics.eml', f'''Return-Path: <servicedesk@fernhill-analytics.com>
{received(d, 'mail-eopbgr' + r(3, DG) + '.outbound.protection.outlook.com', 'mx1.fernhill-analytics.com')}From: IT Service Desk <servicedesk@fernhill-analytics.com>
To: Daniel Ortega <daniel.ortega.priv@gmail.com>
Subject: Your accounts at Fernhill Analytics
Date: {rfc2822(d)}
Message-ID: {msgid('fernhill-analytics.com')}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable
X-MS-Has-Attach:
Thread-Topic: Your accounts at Fernhill Analytics

{qp(body)}''')

# c24: e-mail multipart/alternative in Spanish: Mailgun API key and SMTP password (QP text + base64 HTML)
d = when()
mgk, smtppw = mailgun(), pw_a(24)
txt = f'''Hola Andrés,

como hablamos en la llamada, te paso los accesos de Mailgun para que puedas configurar los correos transaccionales de la tienda:

Dominio de envío: mg.tiendaverde.mx
API key (privada): {mgk}
SMTP: smtp.mailgun.org:587
Usuario SMTP: postmaster@mg.tiendaverde.mx
Contraseña SMTP: {smtppw}

Por favor no los subas al repositorio, usa las variables de entorno de Render.

Saludos,
Lucía Méndez
CTO – Tienda Verde
'''
html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
        '<div dir="ltr"><p>Hola Andrés,</p><p>como hablamos en la llamada, te paso los accesos de Mailgun para que '
        'puedas configurar los correos transaccionales de la tienda:</p><ul>'
        '<li>Dominio de envío: mg.tiendaverde.mx</li>'
        f'<li>API key (privada): <b>{mgk}</b></li>'
        '<li>SMTP: smtp.mailgun.org:587</li><li>Usuario SMTP: postmaster@mg.tiendaverde.mx</li>'
        f'<li>Contraseña SMTP: <b>{smtppw}</b></li></ul>'
        '<p>Por favor no los subas al repositorio, usa las variables de entorno de Render.</p>'
        '<p>Saludos,<br>Lucía Méndez<br>CTO – Tienda Verde</p></div></body></html>')
bnd = '000000000000' + hx(12)
add('c24/correo/accesos-mailgun.eml', f'''MIME-Version: 1.0
Date: {rfc2822(d)}
Message-ID: <CA{r(20, A)}+{r(12, A)}@mail.gmail.com>
Subject: {henc('Accesos Mailgun – tienda (producción)')}
From: {henc('Lucía Méndez')} <lucia@tiendaverde.mx>
To: {henc('Andrés Castillo')} <andres.castillo.dev@gmail.com>
Content-Type: multipart/alternative; boundary="{bnd}"

--{bnd}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{bnd}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64body(html)}
--{bnd}--
''')

# c25: forwarded e-mail in Portuguese: admin password in the text, a production .env as base64 attachment
d = when()
admpw = pw_h()
envf = (f'NODE_ENV=production\n'
        f'DATABASE_URL=postgresql://loja_app:{pw_a(24)}@db-prod.c{r(10, LO + DG)}.sa-east-1.rds.amazonaws.com:5432/loja\n'
        f'REDIS_URL=redis://default:{pw_a(32)}@redis-prod.lojacerrado.com.br:6379\n'
        f'JWT_SECRET={cl(lambda: hx(64))}\n'
        f'STRIPE_SECRET_KEY={stripe_sk()}\n'
        f'AWS_ACCESS_KEY_ID={aws_id()}\n'
        f'AWS_SECRET_ACCESS_KEY={aws_secret()}\n'
        'AWS_REGION=sa-east-1\n'
        'S3_BUCKET=lojacerrado-uploads-prod\n')
txt = f'''Oi Rafael,

segue abaixo o e-mail do Bruno com o .env de produção (em anexo). A senha do painel
admin (https://admin.lojacerrado.com.br, usuário "operacao") é {admpw}

Qualquer coisa me chama no WhatsApp.

Abraço,
Juliana

-------- Mensagem encaminhada --------
Assunto: env prod
Data: {rfc2822(later(d, -86400 * 5, -86400))}
De: Bruno Teixeira <bruno@lojacerrado.com.br>
Para: Juliana Prado <juliana@lojacerrado.com.br>

Ju, o arquivo atualizado vai em anexo. Não coloca no Drive compartilhado, por favor.
'''
bnd = '------------' + r(24, A)
add('c25/emails/Fwd_ env prod.eml', f'''Message-ID: <{uid()}@lojacerrado.com.br>
Date: {rfc2822(d)}
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: pt-BR
To: Rafael Lima <rafael.lima.freela@outlook.com>
From: Juliana Prado <juliana@lojacerrado.com.br>
Subject: {henc('Fwd: env prod')}
Content-Type: multipart/mixed; boundary="{bnd}"

This is a multi-part message in MIME format.
--{bnd}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: quoted-printable

{qp(txt)}
--{bnd}
Content-Type: application/octet-stream; name=".env.production"
Content-Disposition: attachment; filename=".env.production"
Content-Transfer-Encoding: base64

{b64body(envf)}
--{bnd}--
''')

# c26: Japanese e-mail in ISO-2022-JP (7bit): production DB password and a SendGrid key
d = when()
dbpw, sg = pw_r(16, '!#$%*+-.:;=?@^_~'), sendgrid()
jbody = f'''田中さん

お疲れ様です。インフラチームの佐藤です。

ご依頼の本番環境のDB接続情報をお送りします。
取り扱いには十分ご注意ください。

ホスト：prod-db.cluster-{r(12, LO + DG)}.ap-northeast-1.rds.amazonaws.com
ポート：3306
ユーザー名：app_admin
パスワード：{dbpw}

また、メール配信用のSendGrid APIキーも共有します。
{sg}

作業が終わりましたらご連絡ください。
よろしくお願いいたします。

--
佐藤 健太
株式会社ミナトシステムズ　インフラチーム
'''
jsub = '=?ISO-2022-JP?B?' + base64.b64encode('【社外秘】本番DB接続情報'.encode('iso2022_jp')).decode() + '?='
add('c26/docs/メール/本番DB接続情報.eml', f'''Return-Path: <k.sato@minato-sys.co.jp>
Date: {rfc2822(d).replace("+0000", "+0900")}
From: {'=?ISO-2022-JP?B?' + base64.b64encode('佐藤 健太'.encode('iso2022_jp')).decode() + '?='} <k.sato@minato-sys.co.jp>
To: {'=?ISO-2022-JP?B?' + base64.b64encode('田中 美咲'.encode('iso2022_jp')).decode() + '?='} <m.tanaka@minato-sys.co.jp>
Subject: {jsub}
Message-Id: <{d.strftime("%Y%m%d%H%M%S")}.{hx(6).upper()}@minato-sys.co.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit
X-Mailer: Becky! ver. 2.81.05

''' + jbody.encode('iso2022_jp').decode('ascii'))

# c27: meeting notes in Spanish (Markdown): Cloudflare API token and a Sentry user auth token
d = when()
cft, snt = cf_tok(), sentry_user()
add(f'c27/docs/reuniones/{d.strftime("%Y-%m-%d")}-plataforma.md', f'''# Reunión semanal – Plataforma

**Fecha:** {d.strftime("%d/%m/%Y")}
**Asistentes:** Carmen Ortiz, Pablo Navarro, Sergio Gil, Laura Vidal

## Orden del día

1. Migración de DNS a Cloudflare
2. Alertas de Sentry
3. Vacaciones de agosto

## Notas

### 1. Migración de DNS
- Pablo ya creó el token de API con permisos *Zone:DNS:Edit* para `olivarsoft.es` y `olivarsoft.com`.
- Token (para el pipeline de Terraform): `{cft}`
- Pendiente: bajar el TTL de los registros MX antes del cambio.

### 2. Sentry
- Demasiado ruido en `api-facturacion`; Sergio va a agrupar los errores de timeout.
- Para el script de limpieza de issues usar este auth token (scopes `project:read`, `event:admin`):
  ```
  SENTRY_AUTH_TOKEN={snt}
  SENTRY_ORG=olivarsoft
  ```

### 3. Vacaciones
- Laura: 5–19 de agosto. Carmen cubre las guardias.

## Tareas
- [ ] Pablo: cambiar nameservers el martes a las 8:00
- [ ] Sergio: regla de agrupación en Sentry
- [x] Carmen: actualizar el calendario de guardias
''')

# c28: TODO.txt: OpenAI project key and Anthropic key waiting to be moved into the vault
d = when()
add('c28/TODO.txt', f'''TODO  (last cleanup {d.strftime("%d.%m.%Y")})
=====

[x] move embeddings job to the batch API
[x] cap max_tokens in the summarizer
[ ] rotate the openai key, old one is still hardcoded in notebooks/eval.ipynb
    current: {openai_key()}
[ ] anthropic key for the eval harness -> put in 1password, for now:
    {anthropic_key()}
[ ] ask Priya about the org rate limits (tier 3?)
[ ] write down the prompt versioning idea
''')

# c29: personal notes file: Hugging Face write token and a PyPI upload token
d = when()
add('c29/notes/scratch.txt', f'''--- {d.strftime("%Y-%m-%d")} ---
finetune run 3 done, loss 0.41. push to hub:
  huggingface-cli login --token {hf_tok()}
  (write token, org quarkline)

--- {later(d, 86400 * 2, 86400 * 5).strftime("%Y-%m-%d")} ---
release vecdb-lite 0.9.2
  python -m build && twine upload -u __token__ -p {pypi_tok()} dist/*
  (project-scoped token)

call w/ Dana re benchmark numbers thu 3pm
''')

# c30: Markdown password table (service | user | password) in internal docs
d = when()
rows = [('AWS root (billing only)', 'aws@grainfield.io', pw_r(24)),
        ('Cloudflare', 'infra@grainfield.io', pw_h()),
        ('Namecheap', 'grainfield', pw_h()),
        ('Google Workspace admin', 'admin@grainfield.io', pw_r(20)),
        ('Office Wi-Fi (staff)', '-', pw_h()),
        ('Synology NAS', 'admin', pw_r(16))]
add('c30/docs/internal/passwords.md', f'''# Accounts

_Last updated {d.strftime("%Y-%m-%d")} by Hannah. Please keep this in sync when you change something._

| Service | User | Password | Notes |
|---------|------|----------|-------|
''' + '\n'.join(f'| {a} | {b} | `{c}` | |' for a, b, c in rows) + '''

2FA for AWS root and Google admin is on the yubikey in the office safe.
''')

# c31: German Excel CSV (semicolon separated) with service logins
d = when()
rowsc = [['Dienst', 'URL', 'Benutzer', 'Passwort', 'Bemerkung'],
         ['DATEV Unternehmen online', 'https://duo.datev.de', 'buchhaltung@kessler-bau.de', pw_h(), 'SmartLogin fällt weg'],
         ['Telekom Kundencenter', 'https://www.telekom.de/kundencenter', f'{r(10, DG)}', pw_r(14, '!#$%*+-.?@_'), ''],
         ['Router (Fritz!Box)', 'http://fritz.box', 'admin', pw_r(16, '!#$%*+-.?@_'), 'Büro EG'],
         ['Webhosting (All-Inkl)', 'https://kas.all-inkl.com', 'w0' + r(5, LO + DG), pw_r(18, '!#$%*+-.?@_'), 'Website + Mail'],
         ['NAS', 'https://192.168.178.20:5001', 'admin', pw_h(), '']]
add('c31/buero/Zugangsdaten.csv', '\n'.join(';'.join(c for c in row) for row in rowsc) + '\n')

# c32: KeePassXC CSV export with passwords and a TOTP seed
d = when()


def kpx_ts(x):
    return x.strftime('%Y-%m-%dT%H:%M:%SZ')


hdr = ['Group', 'Title', 'Username', 'Password', 'URL', 'Notes', 'TOTP', 'Icon', 'Last Modified', 'Created']
ents = [['Root/Infra', 'Proxmox cluster', 'root@pam', pw_r(20), 'https://pve.lan.sternwerk.net:8006', '', '', '0'],
        ['Root/Infra', 'UniFi controller', 'admin', pw_r(18), 'https://unifi.lan.sternwerk.net', '', '', '0'],
        ['Root/Web', 'GitLab', 'm.sternberg', pw_h(), 'https://gitlab.sternwerk.net',
         'recovery codes in paper folder',
         f'otpauth://totp/GitLab:m.sternberg?secret={totp_secret()}&period=30&digits=6&issuer=GitLab', '1'],
        ['Root/Web', 'Hetzner Cloud', 'ops@sternwerk.net', pw_r(22), 'https://console.hetzner.cloud', '', '', '1'],
        ['Root/Bank', 'Sparkasse', f'{r(10, DG)}', r(5, DG), 'https://www.sparkasse-hannover.de', 'PIN', '', '66']]
lines = [csvq(hdr)]
for e in ents:
    c = later(d, -86400 * 400, -86400 * 30)
    lines.append(csvq(e + [kpx_ts(later(c, 3600, 86400 * 20)), kpx_ts(c)]))
add('c32/backup/keepassxc-export.csv', '\n'.join(lines) + '\n')

# c33: Bitwarden CSV export: logins plus an API key kept as a custom field
d = when()
rowsb = [['folder', 'favorite', 'type', 'name', 'notes', 'fields', 'reprompt', 'login_uri', 'login_username',
          'login_password', 'login_totp'],
         ['Work', '1', 'login', 'AWS (dev account)', '', '', '0', 'https://signin.aws.amazon.com/console',
          'n.adeyemi', pw_r(20), ''],
         ['Work', '', 'login', 'Linear', '', f'API key: {linear()}', '0', 'https://linear.app', 'nadeyemi@parcelworks.io',
          pw_h(), ''],
         ['Work', '', 'login', 'Figma', 'personal access token for the tokens-sync script', f'PAT: {figma()}', '0',
          'https://www.figma.com', 'nadeyemi@parcelworks.io', pw_r(18), ''],
         ['', '', 'login', 'Spotify', '', '', '0', 'https://accounts.spotify.com', 'ngozi.a@gmail.com', pw_h(), ''],
         ['Work', '', 'note', 'Wi-Fi office', f'SSID ParcelWorks-Staff\nPSK {pw_h()}', '', '0', '', '', '', '']]
add('c33/tmp/bitwarden_export_' + d.strftime('%Y%m%d%H%M%S') + '.csv', '\n'.join(csvm(x) for x in rowsb) + '\n')

# c34: 1Password 8 CSV export with OTP seeds
d = when()
rows1 = [['Title', 'Url', 'Username', 'Password', 'OTPAuth', 'Favorite', 'Archived', 'Tags', 'Notes'],
         ['GitHub', 'https://github.com/login', 'lucas-moreau', pw_r(22),
          f'otpauth://totp/GitHub:lucas-moreau?secret={totp_secret()}&issuer=GitHub', 'true', 'false', 'dev', ''],
         ['Stripe', 'https://dashboard.stripe.com/login', 'lucas@atelier-brume.fr', pw_r(20),
          f'otpauth://totp/Stripe:lucas%40atelier-brume.fr?secret={totp_secret()}&issuer=Stripe', 'false', 'false', 'finance',
          f'restricted key for the accounting export: {stripe_rk()}'],
         ['OVHcloud', 'https://www.ovh.com/manager/', 'ml12345-ovh', pw_h(), '', 'false', 'false', 'infra', ''],
         ['Freebox', 'http://mafreebox.freebox.fr', 'freebox', pw_h(), '', 'false', 'false', 'maison', '']]
add('c34/Downloads/1PasswordExport-' + r(26, UP + DG) + '-' + d.strftime('%Y%m%d-%H%M%S') + '.csv',
    '\n'.join(csvq(x) for x in rows1) + '\n')

# c35: Bitwarden unencrypted JSON export: logins, custom hidden field, secure note with AWS keys
d = when()
f1, f2 = uid(), uid()


def bw_item(name, folder, typ, x, login=None, notes=None, fields=None):
    it = {'passwordHistory': None, 'revisionDate': later(x, 3600, 86400 * 90).strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + 'Z',
          'creationDate': x.strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + 'Z', 'deletedDate': None, 'id': uid(),
          'organizationId': None, 'folderId': folder, 'type': typ, 'reprompt': 0, 'name': name, 'notes': notes,
          'favorite': False, 'fields': fields or [], 'collectionIds': None}
    if typ == 1:
        it['login'] = login
    else:
        it['secureNote'] = {'type': 0}
    return it


add('c35/backups/bitwarden_export_' + d.strftime('%Y%m%d%H%M%S') + '.json', json.dumps({
    'encrypted': False,
    'folders': [{'id': f1, 'name': 'Infra'}, {'id': f2, 'name': 'Personal'}],
    'items': [
        bw_item('Grafana Cloud', f1, 1, later(d, -86400 * 200, -86400), login={
            'fido2Credentials': [], 'uris': [{'match': None, 'uri': 'https://wrenhaven.grafana.net'}],
            'username': 'ops@wrenhaven.net', 'password': pw_r(20), 'totp': None},
            fields=[{'name': 'New Relic user key (migration)', 'value': newrelic(), 'type': 1, 'linkedId': None}]),
        bw_item('AWS backup user', f1, 2, later(d, -86400 * 200, -86400),
                notes=f'IAM user s3-backup-writer (prod)\naccess key: {aws_id()}\nsecret: {aws_secret()}\nbucket: wrenhaven-backups-eu'),
        bw_item('Steam', f2, 1, later(d, -86400 * 900, -86400 * 300), login={
            'fido2Credentials': [], 'uris': [{'match': None, 'uri': 'https://store.steampowered.com'}],
            'username': 'wren_haven', 'password': pw_h(), 'totp': None}),
    ]}, indent=2) + '\n')

# c36: onboarding doc in French: shared temporary password, Jira and the old VPN pre-shared key
d = when()
add('c36/docs/onboarding/premier-jour.md', f'''# Bienvenue chez Lumeo 👋

Ce document t'accompagne pendant ta première semaine. N'hésite pas à poser tes questions sur `#onboarding`.

## Jour 1 — Comptes

Ton compte Google Workspace est créé la veille de ton arrivée (`prenom.nom@lumeo.fr`).

**Mot de passe temporaire** (commun à tous les nouveaux arrivants ce trimestre) : `{pw_h()}`
Il faut le changer à la première connexion, puis activer la validation en deux étapes.

| Outil | Connexion | Remarque |
|---|---|---|
| Jira / Confluence | SSO Google | demander l'accès au projet à ton·ta manager |
| Figma | SSO Google | licence « Editor » sur demande |
| Compte admin du back-office (recette) | `recette-admin` / `{pw_r(16, '!#$%*+-.?@_')}` | uniquement en recette |

## Jour 1 — VPN

Le nouveau VPN (WireGuard) passe par l'app *Lumeo Connect*. Pour l'ancien VPN IPsec (encore utilisé pour l'entrepôt de Lyon) :

- Serveur : `vpn-lyon.lumeo.fr`
- Clé pré-partagée (PSK) : `{pw_a(28)}`
- Identifiants : ceux de ton compte Google

## Jour 2 — Environnement de dev

```bash
git clone git@gitlab.lumeo.fr:plateforme/monorepo.git
make bootstrap
```
''')

# c37: onboarding doc in Portuguese: temporary console password and an IAM access key pair
d = when()
add('c37/docs/onboarding/primeiro-dia.md', f'''# Primeiro dia – time de Dados

Bem-vindo(a)! Siga os passos abaixo na ordem.

## 1. Acesso à AWS (conta de desenvolvimento)

Usuário IAM criado para você: `estagiario-dados-01`
Console: https://{r(12, DG)}.signin.aws.amazon.com/console
**Senha provisória:** `{pw_h()}` (o console pede para trocar no primeiro login)

Para a CLI, use as chaves abaixo (permissão só no bucket `caju-dados-dev`):

```console
$ aws configure --profile dados-dev
AWS Access Key ID [None]: {aws_id()}
AWS Secret Access Key [None]: {aws_secret()}
Default region name [None]: sa-east-1
Default output format [None]: json
```

## 2. Airflow

Acesse http://airflow.dev.caju.internal com o usuário `dados` e a senha `{pw_r(16, '!#$%*+-.?@_')}`.

## 3. Dúvidas

Fale com a Fernanda ou no canal #dados-help.
''')

# c38: Japanese wiki page (Markdown): LINE Messaging API channel secret/token and the dev DB password
d = when()
add('c38/wiki/開発環境/接続情報.md', f'''# 開発環境 接続情報

最終更新: {d.strftime("%Y/%m/%d")} 山田

> ⚠️ このページは社内限定です。外部に共有しないでください。

## LINE公式アカウント（検証用）

- チャネルID: {num(10)}
- チャネルシークレット: `{cl(lambda: hx(32))}`
- チャネルアクセストークン（長期）:

```
{line_token()}
```

## 開発用DB（PostgreSQL）

| 項目 | 値 |
|---|---|
| ホスト | dev-db.internal.hoshizora-app.jp |
| ポート | 5432 |
| DB名 | hoshizora_dev |
| ユーザー | dev_user |
| パスワード | `{pw_r(16, '!#$%*+-.?@_')}` |

## 管理画面

https://admin.dev.hoshizora-app.jp （ID: `admin` / PW: `{pw_h()}`）
''')

# c39: Slack export: a .env snippet upload (file preview) with Supabase service_role JWT and MongoDB URI
d = when()
u1, u2 = slack_user_obj(), slack_user_obj()
ref = r(20, LO)
iat = int(d.timestamp())
envs = (f'SUPABASE_URL=https://{ref}.supabase.co\n'
        f'SUPABASE_SERVICE_ROLE_KEY={jwt_hs({"iss": "supabase", "ref": ref, "role": "service_role", "iat": iat, "exp": iat + 315360000})}\n'
        f'MONGODB_URI=mongodb+srv://api_user:{pw_a(20)}@cluster0.{r(5, LO + DG)}.mongodb.net/app?retryWrites=true&w=majority\n'
        f'JWT_SECRET={cl(lambda: r(48))}\n')
fid = 'F0' + r(9, UP + DG)
m1, t1 = slack_msg(u1, 'noor', 'Noor Haddad', d, ['env for the new supabase project, the old mongo one is still needed for the sync job'])
m1.update({'files': [{
    'id': fid, 'created': iat, 'timestamp': iat, 'name': '.env.local', 'title': '.env.local', 'mimetype': 'text/plain',
    'filetype': 'text', 'pretty_type': 'Plain Text', 'user': u1, 'user_team': TEAM, 'editable': True,
    'size': len(envs), 'mode': 'snippet', 'is_external': False, 'external_type': '', 'is_public': True,
    'public_url_shared': False, 'display_as_bot': False, 'username': '',
    'url_private': f'https://files.slack.com/files-pri/{TEAM}-{fid}/.env.local',
    'url_private_download': f'https://files.slack.com/files-pri/{TEAM}-{fid}/download/.env.local',
    'permalink': f'https://lanternhq.slack.com/files/{u1}/{fid}/.env.local',
    'edit_link': f'https://lanternhq.slack.com/files/{u1}/{fid}/.env.local/edit',
    'preview': envs, 'preview_highlight': '', 'lines': envs.count('\n'), 'lines_more': 0,
    'preview_is_truncated': False, 'has_rich_preview': False, 'file_access': 'visible'}],
    'upload': True, 'display_as_bot': False, 'x_files': [fid]})
m2, _ = slack_msg(u2, 'theo', 'Theo Lambert', later(d, 100, 900), ['got it, thanks ', ('emoji', 'raised_hands')])
add(f'c39/exports/slack/proj-lantern/{d.strftime("%Y-%m-%d")}.json', slack_json([m1, m2]))

# c40: Telegram Desktop chat export (result.json) in Portuguese: bot token and Shopify Admin API token
d = when()
tg, shp = telegram_bot(), shopify()


def tg_msg(i, x, who, wid, parts):
    ents = [{'type': 'plain', 'text': p} if isinstance(p, str) else {'type': p[0], 'text': p[1]} for p in parts]
    txt = parts[0] if len(parts) == 1 and isinstance(parts[0], str) else \
        [p if isinstance(p, str) else {'type': p[0], 'text': p[1]} for p in parts]
    return {'id': i, 'type': 'message', 'date': x.strftime('%Y-%m-%dT%H:%M:%S'), 'date_unixtime': str(int(x.timestamp())),
            'from': who, 'from_id': f'user{wid}', 'text': txt, 'text_entities': ents}


w1, w2 = num(10), num(10)
i0 = random.randint(1200, 9000)
add('c40/docs/chat-export/ChatExport_' + d.strftime('%Y-%m-%d') + '/result.json', json.dumps({
    'name': 'Loja Cerrado – devs', 'type': 'private_supergroup', 'id': int(num(10)),
    'messages': [
        tg_msg(i0, d, 'Thiago Rocha', w1, ['Criei o bot de notificação de pedidos. Token: ', ('code', tg)]),
        tg_msg(i0 + 1, later(d, 30, 200), 'Thiago Rocha', w1,
               ['E o token da API admin da Shopify (app custom "pedidos-bot"): ', ('code', shp),
                '\nEscopos: read_orders, read_customers']),
        tg_msg(i0 + 2, later(d, 600, 3000), 'Camila Souza', w2, ['valeu! vou subir na VPS hoje à noite 🚀']),
    ]}, indent=1, ensure_ascii=False) + '\n')

# c41: Jira Cloud REST issue JSON (API v2, wiki markup): Okta SSWS API token in a curl reproduction
d = when()
k = random.randint(100, 2000)
okt = okta_tok()
add(f'c41/tickets/IAM-{k}.json', json.dumps({
    'expand': 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    'id': (jid := str(random.randint(10000, 99999))), 'self': f'https://helmstead.atlassian.net/rest/api/2/issue/{jid}',
    'key': f'IAM-{k}',
    'fields': {
        'summary': 'SCIM push to Okta fails for contractors group',
        'issuetype': {'name': 'Bug', 'subtask': False},
        'status': {'name': 'In Review', 'statusCategory': {'key': 'indeterminate', 'name': 'In Progress'}},
        'priority': {'name': 'High'},
        'labels': ['okta', 'scim'],
        'created': d.strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + '+0000',
        'updated': later(d, 3600, 86400).strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + '+0000',
        'reporter': {'accountId': f'712020:{uid()}', 'displayName': 'Greta Lindqvist'},
        'assignee': {'accountId': f'712020:{uid()}', 'displayName': 'Yusuf Demir'},
        'description': ('Group push for *Contractors-EU* stops after ~200 users with HTTP 429.\n\n'
                        'h3. Repro\n{code:bash}\n'
                        'curl -s -X GET \\\n  -H "Accept: application/json" \\\n'
                        f'  -H "Authorization: SSWS {okt}" \\\n'
                        '  "https://helmstead.okta.com/api/v1/groups?q=Contractors&limit=200"\n{code}\n\n'
                        'The token belongs to the _svc-scim_ admin (Read-only Admin role).'),
        'comment': {'comments': [{
            'author': {'displayName': 'Yusuf Demir'},
            'body': 'Rate limit for /api/v1/groups is 500/min on our plan, the connector does no backoff. PR incoming.',
            'created': later(d, 3600, 7200).strftime('%Y-%m-%dT%H:%M:%S.') + r(3, DG) + '+0000'}],
            'maxResults': 1, 'total': 1, 'startAt': 0},
    }}, indent=2) + '\n')

# c42: incident postmortem (Markdown): `vault operator init` output pasted into the timeline
d = when()
keys = [unseal() for _ in range(5)]
root = vault_tok()
init = '\n'.join(f'Unseal Key {i + 1}: {k2}' for i, k2 in enumerate(keys)) + f'''

Initial Root Token: {root}

Vault initialized with 5 key shares and a key threshold of 3. Please securely
distribute the key shares printed above. When the Vault is re-sealed,
restarted, or stopped, you must supply at least 3 of these keys to unseal it
before it can start servicing requests.'''
t0 = d
add(f'c42/docs/postmortems/{d.strftime("%Y-%m-%d")}-vault-raft-loss.md', f'''# Postmortem: Vault cluster lost quorum

| | |
|---|---|
| **Date** | {d.strftime("%Y-%m-%d")} |
| **Severity** | SEV-2 |
| **Authors** | Ola Nordmann, Chen Wei |
| **Status** | Draft |

## Summary

Two of three Vault nodes were replaced by the ASG during a kernel patch run. The raft cluster lost quorum and
we had to restore from snapshot and re-initialise the DR cluster.

## Timeline (UTC)

- **{t0.strftime("%H:%M")}** ASG refresh starts on `vault-prod` (patch window).
- **{later(t0, 600, 900).strftime("%H:%M")}** Alerts: `vault_core_unsealed == 0` on vault-2, vault-3.
- **{later(t0, 1800, 2400).strftime("%H:%M")}** Decision: restore snapshot into the DR cluster and fail over.
- **{later(t0, 2500, 3000).strftime("%H:%M")}** DR cluster initialised:

```
$ vault operator init
{init}
```

- **{later(t0, 3100, 3600).strftime("%H:%M")}** Snapshot restored, apps pointed at DR via Route 53 weight change.

## What went well
- Snapshot from 30 minutes before the incident was available.

## What went wrong
- ASG instance refresh was not excluded for stateful groups.
- Unseal keys had to be collected over a call.

## Action items
- [ ] Enable auto-unseal with AWS KMS (OPS-{random.randint(100, 999)})
- [ ] Protect `vault-prod` ASG from instance refresh
''')

# c43: GitLab wiki page in Spanish: Terraform Cloud team token and a GCP service account key JSON
d = when()
proj = random.choice(['dataflow-prod', 'analitica-prod', 'plataforma-prod']) + '-' + r(6, DG)
sa = json.dumps({
    'type': 'service_account', 'project_id': proj, 'private_key_id': hx(40),
    'private_key': rsa_pkcs8(), 'client_email': f'terraform@{proj}.iam.gserviceaccount.com',
    'client_id': r(21, DG), 'auth_uri': 'https://accounts.google.com/o/oauth2/auth',
    'token_uri': 'https://oauth2.googleapis.com/token',
    'auth_provider_x509_cert_url': 'https://www.googleapis.com/oauth2/v1/certs',
    'client_x509_cert_url': f'https://www.googleapis.com/robot/v1/metadata/x509/terraform%40{proj}.iam.gserviceaccount.com',
    'universe_domain': 'googleapis.com'}, indent=2)
add('c43/wiki/Infraestructura/Credenciales-de-despliegue.md', f'''# Credenciales de despliegue

> **Nota:** página temporal hasta que terminemos la migración a Vault. Responsable: Diego Herrera.

## Terraform Cloud

Token del equipo `plataforma` (organización `olmo-digital`). Se usa en `~/.terraformrc`:

```hcl
credentials "app.terraform.io" {{
  token = "{tfc()}"
}}
```

## Google Cloud

Clave de la cuenta de servicio `terraform@{proj}` (rol *Editor*). Guardarla como `gcp-terraform.json`
y exportar `GOOGLE_APPLICATION_CREDENTIALS`:

```json
{sa}
```

## Contacto

Para dudas, escribir en `#infra` o a Diego.
''')

# c44: Confluence storage-format page in German: kubeconfig with a service account token
d = when()
ns, sa_name = 'ci', 'gitlab-deployer'
ca = base64.b64encode(('-----BEGIN CERTIFICATE-----\n' + wrap(base64.b64encode(rb(780)).decode())
                       + '\n-----END CERTIFICATE-----\n').encode()).decode()
satok = jwt_rs({'iss': 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': ns,
                'kubernetes.io/serviceaccount/secret.name': f'{sa_name}-token',
                'kubernetes.io/serviceaccount/service-account.name': sa_name,
                'kubernetes.io/serviceaccount/service-account.uid': uid(),
                'sub': f'system:serviceaccount:{ns}:{sa_name}'})
kcfg = f'''apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {ca}
    server: https://k8s-api.prod-fra1.hanseatic-cargo.de:6443
  name: prod-fra1
contexts:
- context:
    cluster: prod-fra1
    namespace: {ns}
    user: {sa_name}
  name: {sa_name}@prod-fra1
current-context: {sa_name}@prod-fra1
users:
- name: {sa_name}
  user:
    token: {satok}'''
add('c44/confluence/PLATT/Kubernetes-Zugang-fuer-CI.xhtml', (
    '<h1>Kubernetes-Zugang für die CI</h1>'
    '<p>Die GitLab-Pipelines deployen mit dem ServiceAccount <code>gitlab-deployer</code> im Namespace '
    '<code>ci</code>. Das Token hat kein Ablaufdatum (Legacy-Secret), daher bitte nur in der CI-Variable '
    '<code>KUBECONFIG_PROD</code> verwenden.</p>'
    f'<ac:structured-macro ac:name="note" ac:schema-version="1" ac:macro-id="{uid()}"><ac:rich-text-body>'
    '<p>Rotation ist für Q3 geplant (Umstellung auf OIDC).</p></ac:rich-text-body></ac:structured-macro>'
    '<h2>Kubeconfig</h2>'
    f'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{uid()}">'
    '<ac:parameter ac:name="language">yaml</ac:parameter><ac:parameter ac:name="title">kubeconfig-prod-fra1.yaml</ac:parameter>'
    f'<ac:plain-text-body><![CDATA[{kcfg}]]></ac:plain-text-body></ac:structured-macro>'
    '<h2>Prüfen</h2>'
    f'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{uid()}">'
    '<ac:parameter ac:name="language">bash</ac:parameter>'
    '<ac:plain-text-body><![CDATA[KUBECONFIG=kubeconfig-prod-fra1.yaml kubectl auth can-i create deployments -n ci]]>'
    '</ac:plain-text-body></ac:structured-macro>'))

# c45: on-call handover in Portuguese (Markdown): bastion SSH private key and a Slack user token
d = when()
key, pub = ssh_ed25519('plantao@bastion-prod')
add(f'c45/docs/plantao/passagem-{d.strftime("%Y-%m-%d")}.md', f'''# Passagem de plantão – {d.strftime("%d/%m/%Y")}

**Sai:** Marcelo Alves · **Entra:** Patrícia Nunes

## Situação
- Fila `pagamentos.retry` ainda com ~3k mensagens, drenando devagar. Não reiniciar o consumer antes das 18h.
- Certificado do `api.vitrinebr.com.br` renova sozinho na sexta (cert-manager), só conferir.

## Acessos
O bastion novo ainda não está no SSO. Usa esta chave (depois a gente gera uma por pessoa):

```
{key}```

`ssh -i ~/.ssh/plantao_ed25519 plantao@bastion.vitrinebr.com.br`

Token do Slack usado pelo script `avisa-plantao.sh` (user token do Marcelo, trocar depois):
`{slack_user()}`

## Pendências
- [ ] Abrir chamado na AWS sobre o limite de EIPs
- [ ] Revisar alertas do Grafana que disparam às 3h
''')

# ---------------------------------------------------------------- negative cases

# t01: runbook that fetches every secret from Vault at run time (no values)
d = when()
add('t01/docs/runbooks/postgres-failover.md', f'''# Runbook: Postgres failover (prod)

_Owner: Platform · last tested {d.strftime("%Y-%m-%d")}_

## Before you start

You need the `db-admin` Vault policy. Log in with your SSO identity, never with a shared token:

```bash
export VAULT_ADDR=https://vault.ops.marlowe.internal
vault login -method=oidc role=db-admin
```

## Promote the replica

```bash
export PGPASSWORD="$(vault kv get -field=password secret/prod/postgres/replicator)"
psql -h pg-prod-replica-1 -U replicator -d postgres -c "select pg_promote();"
unset PGPASSWORD
```

## Rotate the application credentials afterwards

```bash
vault write -f database/rotate-role/orders-rw
kubectl -n orders rollout restart deploy/orders-api
```

The app picks up the new password through the Vault Agent sidecar (`/vault/secrets/db.env`).
Do **not** paste credentials into Slack or this page — link the Vault path instead.
''')

# t02: onboarding doc with placeholders and an obviously masked token format
d = when()
add('t02/docs/onboarding/github-and-npm.md', f'''# GitHub and npm access

1. Ask in `#it-help` to be added to the `kestrel-eng` GitHub org.
2. Create a **fine-grained** personal access token (Settings → Developer settings) with read access to
   `kestrel-eng/*` packages. Set an expiry of 90 days at most.
3. Put it in your shell profile, not in the repo:

```bash
export GITHUB_TOKEN=<your-fine-grained-token>
export NPM_TOKEN=$GITHUB_TOKEN
```

Your `~/.npmrc` should then contain exactly this (the variable is expanded by npm):

```ini
@kestrel-eng:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken=${{NPM_TOKEN}}
```

Classic tokens look like `ghp_{'X' * 36}` — we don't use those any more, and secret scanning
will revoke them if they are pushed.

Questions? Ping @it-helpdesk.
''')

# t03: Slack export: key rotation announcement with a masked key id and a shared SSH *public* key
d = when()
u1, u2 = slack_user_obj(), slack_user_obj()
m1, t1 = slack_msg(u1, 'sec-bot', 'Security Bot', d, [
    'Rotation complete for IAM user ', ('code', 'ci-deployer'), ': old key ', ('code', 'AKIA************' + r(4, B32)),
    ' deactivated, new key stored in Secrets Manager under ', ('code', 'ci/deployer/aws'), '.'])
m2, _ = slack_msg(u2, 'ivana', 'Ivana Petrović', later(d, 300, 2000), [
    'can someone add my key to the bastion? new laptop'], pre=ssh_pub_rsa('ivana@mbp-2024'))
m3, _ = slack_msg(u1, 'sec-bot', 'Security Bot', later(d, 2100, 4000), [
    'Reminder: share secrets via the 1Password vault ', ('code', 'Platform'), ', never in channels.'])
add(f't03/slack-export/security/{d.strftime("%Y-%m-%d")}.json', slack_json([m1, m2, m3]))

# t04: Spanish accounts table that only points to the password manager
d = when()
add('t04/docs/interno/cuentas-compartidas.md', f'''# Cuentas compartidas

Última revisión: {d.strftime("%d/%m/%Y")} (Marta)

Las contraseñas **no** se escriben aquí. Todas están en Bitwarden, colección `Operaciones`.

| Servicio | Usuario | Contraseña | 2FA |
|---|---|---|---|
| AWS (cuenta raíz) | aws-root@naranjo.es | Bitwarden → `AWS root` | YubiKey en la caja fuerte |
| Cloudflare | infra@naranjo.es | Bitwarden → `Cloudflare` | TOTP en Bitwarden |
| Registro de dominios | naranjo | Bitwarden → `DonDominio` | SMS al móvil de guardia |
| Wi-Fi oficina | — | pedir a recepción | — |

Si cambias una contraseña, actualiza la entrada en Bitwarden y avisa en `#ops`.
''')

# t05: Jira XML export full of commit SHAs, image digests, trace and request ids (no credentials)
d = when()
k = random.randint(1000, 4000)
sha1, sha2, dig, trace, req = hx(40), hx(40), hx(64), hx(32), uid()
desc = ('<p>After deploying <tt>' + sha1[:12] + '</tt> the checkout service returns 500 for ~2% of requests.</p>\n'
        '<p>Image: <tt>registry.marlowe.io/checkout@sha256:' + dig + '</tt><br/>\n'
        'One failing trace: <tt>trace_id=' + trace + '</tt>, request id <tt>' + req + '</tt></p>')
comm = ('<p>Reverted in <a href="https://git.marlowe.io/shop/checkout/-/commit/' + sha2 + '">' + sha2[:8]
        + '</a>, error rate back to baseline.</p>')
add(f't05/jira-export/PLAT-{k}.xml', f'''<rss version="0.92" >
<channel>
    <title>Marlowe Jira</title>
    <link>https://jira.marlowe.io</link>
    <description>This file is an XML representation of an issue</description>
    <language>en-us</language>
<item>
            <title>[PLAT-{k}] checkout 500s after release</title>
                <link>https://jira.marlowe.io/browse/PLAT-{k}</link>
                <project id="10402" key="PLAT">Platform</project>
                    <description>{xesc(desc)}</description>
        <key id="{random.randint(40000, 90000)}">PLAT-{k}</key>
            <summary>checkout 500s after release</summary>
                <type id="10004">Bug</type>
                        <status id="6">Closed</status>
                                        <assignee username="rokafor">Ruth Okafor</assignee>
                <created>{rfc2822(d)}</created>
                <updated>{rfc2822(later(d, 3600, 9000))}</updated>
                    <comments>
                            <comment id="{random.randint(100000, 300000)}" author="rokafor" created="{rfc2822(later(d, 1800, 3500))}"  >{xesc(comm)}</comment>
                    </comments>
    </item>
</channel>
</rss>
''')

# t06: German password-expiry notice e-mail with DKIM/ARC signatures but no password
d = when()
bh = base64.b64encode(rb(32)).decode()
sig = base64.b64encode(rb(256)).decode()
add('t06/mail/Ihr Passwort läuft bald ab.eml', f'''Return-Path: <no-reply@it.rheinwerk-gruppe.de>
ARC-Seal: i=1; a=rsa-sha256; s=arcselector10001; d=microsoft.com; cv=none;
 b={wrap(base64.b64encode(rb(256)).decode(), 70).replace(chr(10), chr(10) + ' ')}
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=rheinwerk-gruppe.de;
 s=selector1; h=From:Date:Subject:Message-ID:Content-Type:MIME-Version;
 bh={bh};
 b={wrap(sig, 70).replace(chr(10), chr(10) + ' ')}
From: IT-Service <no-reply@it.rheinwerk-gruppe.de>
To: Stefan Krämer <stefan.kraemer@rheinwerk-gruppe.de>
Subject: {henc('Ihr Passwort läuft in 7 Tagen ab')}
Date: {rfc2822(d)}
Message-ID: {msgid('it.rheinwerk-gruppe.de')}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp("""Hallo Stefan Krämer,

Ihr Windows-Passwort läuft in 7 Tagen ab. Bitte ändern Sie es rechtzeitig unter
https://passwort.rheinwerk-gruppe.de oder mit Strg+Alt+Entf → "Kennwort ändern".

Anforderungen an das neue Passwort:
- mindestens 14 Zeichen
- nicht identisch mit den letzten 10 Passwörtern
- kein Vor- oder Nachname

Wir fragen Sie niemals per E-Mail nach Ihrem Passwort.

Ihr IT-Service
""")}''')

# t07: Japanese Confluence page listing environment variables and where their values come from
d = when()
add('t07/confluence/DEV/環境変数一覧.xhtml', (
    '<h1>環境変数一覧</h1>'
    '<p>値はすべて AWS Secrets Manager から ECS タスク起動時に注入されます。ここには<strong>値を書かないでください</strong>。</p>'
    f'<table data-layout="default" ac:local-id="{uid()}"><tbody>'
    '<tr><th><p>変数名</p></th><th><p>説明</p></th><th><p>取得元</p></th></tr>'
    '<tr><td><p><code>DB_PASSWORD</code></p></td><td><p>アプリ用DBユーザーのパスワード</p></td>'
    '<td><p><code>arn:aws:secretsmanager:ap-northeast-1:' + r(12, DG) + ':secret:prod/app/db</code></p></td></tr>'
    '<tr><td><p><code>STRIPE_SECRET_KEY</code></p></td><td><p>決済API キー</p></td><td><p><code>prod/app/stripe</code></p></td></tr>'
    '<tr><td><p><code>JWT_SIGNING_KEY</code></p></td><td><p>JWT 署名鍵</p></td><td><p><code>prod/app/jwt</code></p></td></tr>'
    '</tbody></table>'
    '<h2>GitHub Actions での参照例</h2>'
    f'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{uid()}">'
    '<ac:parameter ac:name="language">yaml</ac:parameter><ac:plain-text-body><![CDATA[env:\n'
    '  DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n'
    '  STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}\n'
    '  JWT_SIGNING_KEY: <REPLACE_ME>]]></ac:plain-text-body></ac:structured-macro>'))

# t08: README "Accessing staging" via SSO, showing AWS's documented sample key pair as a format illustration
d = when()
doc_id = 'AKIAIOSFODNN7' + 'EXAMPLE'
doc_secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY'
add('t08/README.md', f'''# harbor-api

## Accessing staging

Staging uses IAM Identity Center, there are no long-lived keys:

```bash
aws configure sso --profile harbor-staging   # SSO start URL: https://harbor.awsapps.com/start
aws sso login --profile harbor-staging
export AWS_PROFILE=harbor-staging
```

If a tool insists on static keys, it expects them in the format shown in the AWS docs
(these are AWS's own documentation values, they do not work anywhere):

```ini
[default]
aws_access_key_id = {doc_id}
aws_secret_access_key = {doc_secret}
```

Ask in `#platform` for a role if `aws sts get-caller-identity` fails.
''')

# t09: Portuguese meeting notes with public client-side identifiers only
d = when()
add(f't09/docs/atas/{d.strftime("%Y-%m-%d")}-checkout.md', f'''# Ata – reunião do checkout

**Data:** {d.strftime("%d/%m/%Y")} · **Presentes:** Beatriz, Caio, Renata

## Decisões
- O front passa a carregar o Stripe.js com a **chave publicável** (pública, vai no bundle):
  `pk_live_51{r(14)}{r(85)}`
- A chave secreta continua só no backend, via variável `STRIPE_SECRET_KEY` no AWS Secrets Manager.
- Google Analytics 4: ID de medição `G-{r(10, UP + DG)}`.
- reCAPTCHA v3 – *site key* (pública, usada no HTML): `6L{random.choice('cdef')}{r(5)}AAAAA{r(27, URLSAFE)}`; a *secret key* fica no cofre.

## Próximos passos
- [ ] Caio: trocar o ID do GA no tag manager
- [ ] Renata: revisar CSP para `js.stripe.com`
''')

# t10: org-mode notes with fingerprints and public keys (GPG, SSH host keys, age, WireGuard peer)
d = when()
bech = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
add('t10/notes/keys.org', f'''#+TITLE: keys & fingerprints
#+STARTUP: showall

* GPG
  - release signing key: ={' '.join(hx(4).upper() for _ in range(10))}=
  - expires {d.year + 2}-{d.strftime("%m-%d")}, uploaded to keys.openpgp.org

* SSH host keys (verify on first connect)
  | host                     | type    | fingerprint                                         |
  |--------------------------+---------+-----------------------------------------------------|
  | bastion.ops.tallow.net   | ED25519 | SHA256:{base64.b64encode(rb(32)).decode().rstrip('=')} |
  | git.tallow.net           | ED25519 | SHA256:{base64.b64encode(rb(32)).decode().rstrip('=')} |

* age (backup encryption)
  recipient (public): age1{r(58, bech)}
  identity file lives only on the backup box: /root/.config/age/keys.txt

* WireGuard peer for the office router
  #+begin_src conf
  [Peer]
  PublicKey = {base64.b64encode(rb(32)).decode()}
  AllowedIPs = 10.44.0.0/24
  Endpoint = vpn.tallow.net:51820
  #+end_src
''')

# t11: DiscordChatExporter log where a token was removed by AutoMod and only placeholders remain
d = when()
add('t11/community/discord-logs/Pixel Forge - help - python.txt', f'''==============================================================
Guild: Pixel Forge
Channel: Help / python
==============================================================

[{dce_ts(d)}] nova_k
my .env looks like this but the bot won't start:
```
DISCORD_TOKEN=[REDACTED by AutoMod]
OPENAI_API_KEY=sk-...
```

[{dce_ts(later(d, 60, 300))}] AutoMod
{{Embed}}
Message from nova_k contained a token and was edited. Please reset your bot token in the Developer Portal.

[{dce_ts(later(d, 400, 900))}] rin.ohara
put `DISCORD_TOKEN=your-token-here` in `.env.template`, add `.env` to `.gitignore`, and load it with python-dotenv

==============================================================
Exported 3 message(s)
==============================================================
''')

# t12: Teams chat export in French pointing to 1Password secret references and a password policy
d = when()
tenant = uid()
o1, o2 = uid(), uid()
add('t12/exports/teams/equipe-infra/messages.json', teams_export(f'19:{hx(32)}@thread.v2', [
    ('Julien Roche', o1, tenant, d, "<p>Quelqu'un a le mot de passe de la base de recette&nbsp;?</p>"),
    ('Nadia Benali', o2, tenant, later(d, 60, 600), '<p>Il est dans 1Password, coffre <b>Infra</b>. Dans le '
     '<code>.env</code> on met seulement la référence&nbsp;:</p>\n<codeblock class=""><code>'
     'DB_PASSWORD=op://Infra/recette-postgres/password</code></codeblock>\n'
     '<p>et on lance avec <code>op run --env-file=.env -- npm start</code>.</p>'),
    ('Julien Roche', o1, tenant, later(d, 700, 1200), '<p>Parfait, merci. Et la politique pour le nouveau&nbsp;? '
     '</p>'),
    ('Nadia Benali', o2, tenant, later(d, 1300, 1800), '<p>14 caractères minimum, généré par 1Password, rotation tous '
     'les 90 jours.</p>'),
]))

write()
