# Usage: python3 set3.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 3 (stop 21): the classes of issue 15 point 3 (camelCase names, letter UUIDs, connection
# strings, Kubernetes Secrets, credential files, framework keys); e1 is a negative (HTML-escaped placeholder).
import base64, json, os, random, string, subprocess, uuid
from common import A, add, ck, hx, r, start, write
start()
def pw():
    return random.choice(['Tiger','lemon','Otter','crane','Pluto','ember'])+r(3,string.digits)+random.choice('!#%&*')+r(3,string.ascii_letters)
def luuid():
    while True:
        u=str(uuid.uuid4())
        if u[0] in 'abcdef': return u
add('a1/config.json', json.dumps({"smtpPass": pw()}))
add('a2/app.xml', f'<ssh host="h" user="u" sshKeyPassphrase="{pw()}"/>')
add('a3/settings.json', json.dumps({"adminToken": r(32)}))
add('a4/config.js', f"const config = {{ stripeSecretKey: '{r(32)}' }};\n")
add('a5/app.yaml', f"service:\n  clientSecret: {luuid()}\n")
add('a6/.env', f"HEROKU_API_KEY={luuid()}\n")
add('b1/.env', f"SERVICEBUS=Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={base64.b64encode(os.urandom(32)).decode()}\n")
add('b2/.env', f"APPCONFIG=Endpoint=https://acme.azconfig.io;Id=ab12-cd-s0:{r(20)};Secret={base64.b64encode(os.urandom(32)).decode()}\n")
add('b3/app.py', f"client = pymongo.MongoClient('mongodb://app:{pw()}@db1:27017,db2:27017/?replicaSet=rs0')\n")
add('b4/settings.py', f"CELERY_BROKER_URL = 'redis://:{r(24)}@redis:6379/0'\n")
add('b5/appsettings.json', json.dumps({"ConnectionStrings":{"Pg":f"Host=db;Username=app;Password={pw()};Database=app"}}))
add('b6/kafka.properties', f'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="{pw()}";\n')
add('b7/.env', f"CLICKHOUSE_URL=clickhouse://default:{pw()}@ch:9000/db\n")
add('b8/config.yml', f"dsn: \"sqlserver://sa:{pw()}@db:1433?database=app\"\n")
add('c1/secret.yaml', f"# generated\napiVersion: v1\ndata:\n  token: |\n    {base64.b64encode(r(32).encode()).decode()}\nkind: secret\nmetadata:\n  name: x\n")
add('c2/secret.yaml', f"kind: Secret\napiVersion: v1\nmetadata:\n  name: db\n  # comment\ndata:\n  # password for db\n  password: {base64.b64encode(pw().encode()).decode()}\n")
add('d1/config.json', json.dumps({"auths":{"r.example.org":{"auth":base64.b64encode(f"u:{pw()}".encode()).decode().rstrip('=')}}}))
add('d2/.dockercfg', json.dumps({"r.example.org":{"auth":base64.b64encode(f"u:{pw()}".encode()).decode(),"email":"a@b.c"}}))
add('d3/.boto', f"[Credentials]\ngs_secret_access_key = {r(40,A+'/+')}\ngs_access_key_id = GOOG{r(20,string.ascii_uppercase+string.digits)}\n")
add('d4/sitemanager.xml', f'<FileZilla3><Servers><Server><Host>ftp.x.org</Host><User>u</User><Pass encoding="base64">{base64.b64encode(pw().encode()).decode()}</Pass></Server></Servers></FileZilla3>')
add('d6/.npmrc', f"//npm.pkg.github.com/:_authToken=ghp_{r(36)}\n_auth={base64.b64encode(f'u:{pw()}'.encode()).decode()}\n")
add('d7/.pypirc', f"[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc{r(60,A+'_-')}\n")
add('e1/README.md', "Set `PASSWORD=&lt;YOUR_PASSWORD&gt;` in the env file.\n")
add('f1/laravel.env', f"APP_KEY=base64:{base64.b64encode(os.urandom(32)).decode()}\n")
add('f2/config/master.key', r(32,'0123456789abcdef')+"\n")
add('f3/web.config', f'<system.web><machineKey validationKey="{r(64,"0123456789ABCDEF")}" decryptionKey="{r(48,"0123456789ABCDEF")}" validation="HMACSHA256" decryption="AES"/></system.web>')
add('g1/curl.sh', f"curl --user deploy:{pw()} https://x.org\n")
add('g2/curl.sh', f"curl -H \"Authorization: Basic {base64.b64encode(f'u:{pw()}'.encode()).decode()}\" https://x.org\n")
add('g3/mysql.sh', f"mysql -uroot -p'{pw()}' -e 'show databases'\n")
add('g4/wget.sh', f"wget --http-password={pw()} --http-user=u https://x.org/f\n")
write()
