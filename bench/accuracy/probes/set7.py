# Usage: python3 set7.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 7 (stop 21): more languages and tool files; first scored after sets 1-6's rules (17/20).
import random, string, os, json, sys, base64, zlib, subprocess
random.seed(int(sys.argv[1]))
A=string.ascii_letters+string.digits
def r(n, al=A): return ''.join(random.choice(al) for _ in range(n))
def pw(): return random.choice(['Walrus','mint','Comet','prairie','Jasper','vortex'])+r(2,string.digits)+random.choice('!#%*-_')+r(4,string.ascii_letters)
B62='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
def ck(prefix):
    body=r(30); v=zlib.crc32(body.encode()); s=''
    while v>0: s=B62[v%62]+s; v//=62
    return prefix+body+s.rjust(6,'0')
key=subprocess.run(['openssl','genpkey','-algorithm','EC','-pkeyopt','ec_paramgen_curve:P-256'],capture_output=True,text=True).stdout
cases={}
def add(n,t): cases[n]=t
add('k01/keys.dart', f"const String apiKey = '{r(32)}';\n")
add('k02/config.h', f"#define API_SECRET \"{r(32)}\"\n")
add('k03/lib.rs', f"const API_TOKEN: &str = \"{r(40)}\";\n")
add('k04/config.exs', f"config :shop, Shop.Mailer, api_key: \"{r(32)}\"\n")
add('k05/Jenkinsfile', f"pipeline {{\n  environment {{\n    DEPLOY_TOKEN = '{r(40)}'\n  }}\n}}\n")
add('k06/hosts.yml', f"github.com:\n    user: octo\n    oauth_token: {ck('gho_')}\n")
add('k07/kubeconfig', f"users:\n- name: admin\n  user:\n    client-key-data: {base64.b64encode(key.encode()).decode()}\n")
add('k08/kubeconfig2', f"users:\n- name: sa\n  user:\n    token: {r(64,string.ascii_lowercase+string.digits)}\n")
add('k09/.npmrc', f"//registry.example.org/:_password={base64.b64encode(pw().encode()).decode()}\n//registry.example.org/:username=ci\n")
add('k10/credentials', f"---\n:rubygems_api_key: rubygems_{r(48,'0123456789abcdef')}\n")
add('k11/Config.swift', f"enum Keys {{ static let stripeKey = \"sk_live_{r(24)}\" }}\n")
add('k12/main.tf', f"provider \"datadog\" {{\n  api_key = \"{r(32,'0123456789abcdef')}\"\n  app_key = \"{r(40,'0123456789abcdef')}\"\n}}\n")
add('k13/settings.py', f"EMAIL_HOST_PASSWORD = '{pw()}'\n")
add('k14/App.config', f'<appSettings><add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={base64.b64encode(os.urandom(64)).decode()};EndpointSuffix=core.windows.net"/></appSettings>')
add('k15/secrets.env', f"OPENAI_API_KEY=sk-proj-{r(100,A+'_-')}\n")
add('k16/index.js', f"const client = new Twilio('AC{r(32,'0123456789abcdef')}', '{r(32,'0123456789abcdef')}');\n")
add('k17/build.sh', f"curl -u ci:{ck('ghp_')} https://api.github.com/user\n")
add('k18/config.php', f"$mail->Password = '{pw()}';\n")
add('k19/app.ts', f"const firebaseAdmin = {{ private_key: \"{key.strip().replace(chr(10), chr(92)+'n')}\" }};\n")
add('k20/.pgpass', f"*:*:*:postgres:{pw()}\n")
for n,t in cases.items():
    p=os.path.join(sys.argv[2], n); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'w').write(t)
