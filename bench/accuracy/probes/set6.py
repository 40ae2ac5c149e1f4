# Usage: python3 set6.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 6 (stop 21): tool files; first scored after sets 1-5's rules (15/20), then tuned on.
import random, string, os, json, sys, base64
random.seed(int(sys.argv[1]))
A=string.ascii_letters+string.digits
def r(n, al=A): return ''.join(random.choice(al) for _ in range(n))
def pw(): return random.choice(['Gannet','lichen','Mosaic','ripple','Falcon','quartz'])+r(2,string.digits)+random.choice('!#%*-_')+r(4,string.ascii_letters)
import zlib
B62='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
def ck(prefix):
    body=r(30); v=zlib.crc32(body.encode()); s=''
    while v>0: s=B62[v%62]+s; v//=62
    return prefix+body+s.rjust(6,'0')
ghp=lambda: ck('ghp_')
cases={}
def add(n,t): cases[n]=t
add('t01/terraform.tfstate', json.dumps({"resources":[{"type":"aws_db_instance","instances":[{"attributes":{"username":"admin","password":pw()}}]}]},indent=2))
add('t02/.bash_history', f"ls\nexport GITHUB_TOKEN={r(36)}\nmysql -u root -p{pw()}\n")
add('t03/dataSources.xml', f'<component name="DataSourceManagerImpl"><data-source name="prod"><jdbc-url>jdbc:postgresql://db/app</jdbc-url><user-name>app</user-name><password>{pw()}</password></data-source></component>')
add('t04/gradle.properties', f"RELEASE_STORE_PASSWORD={pw()}\nRELEASE_KEY_PASSWORD={pw()}\n")
add('t05/build.gradle', f"signingConfigs {{\n    release {{\n        storePassword '{pw()}'\n        keyPassword \"{pw()}\"\n    }}\n}}\n")
add('t06/Info.plist', f"<key>APIKey</key>\n<string>{r(32)}</string>\n")
add('t07/collection.postman_collection.json', json.dumps({"auth":{"type":"bearer","bearer":[{"key":"token","value":r(40),"type":"string"}]}}))
add('t08/session.har', json.dumps({"log":{"entries":[{"request":{"headers":[{"name":"Authorization","value":"Bearer "+r(40)}]}}]}}))
add('t09/.circleci/config.yml', f"jobs:\n  build:\n    environment:\n      NPM_TOKEN: {ck('npm_')}\n")
add('t10/secrets.tfvars', f"db_password = \"{pw()}\"\napi_token   = \"{r(40)}\"\n")
add('t11/values.yaml', f"auth:\n  password: |\n    {pw()}\n")
add('t12/settings.json', json.dumps({"sqltools.connections":[{"name":"prod","server":"db","username":"app","password":pw()}]}))
add('t13/.vscode/sftp.json', json.dumps({"host":"web01","username":"deploy","password":pw()}))
add('t14/notebook.ipynb', json.dumps({"cells":[{"cell_type":"code","source":[f"client = OpenAI(api_key=\"sk-proj-{r(100,A+'_-')}\")\n"],"outputs":[]}]}))
add('t15/app.log', f"2024-01-01 INFO connecting with password={pw()} to db\n")
add('t16/Dockerfile', f"RUN echo '//registry.npmjs.org/:_authToken={ck('npm_')}' > ~/.npmrc\n")
add('t17/docker-compose.yml', f"services:\n  web:\n    environment:\n      - GITHUB_TOKEN={ghp()}\n")
add('t18/script.sh', f"git clone https://oauth2:{'glpat-'+r(20,A+'_-')}@gitlab.example.org/g/p.git\n")
add('t19/k8s.yaml', f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  config.json: |\n    {{\"password\": \"{pw()}\"}}\n")
add('t20/wrangler.toml', f"[vars]\nAPI_SECRET = \"{r(32)}\"\n")
for n,t in cases.items():
    p=os.path.join(sys.argv[2], n); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'w').write(t)
