# Usage: python3 set5.py SEED DIR (writes one folder per case; bench/accuracy/probes.py runs it)
# Leak probe set 5 (stop 21): first scored after sets 1-4's rules (15/20), then tuned on.
import random, string, os, json, sys, base64
random.seed(int(sys.argv[1]))
A=string.ascii_letters+string.digits
def r(n, al=A): return ''.join(random.choice(al) for _ in range(n))
def pw(): return random.choice(['Quokka','fennel','Larch','tundra','Basil','orbit'])+r(2,string.digits)+random.choice('!#%*-_')+r(4,string.ascii_letters)
cases={}
def add(n,t): cases[n]=t
add('n01/.env.local', f"SMTP_PASSWORD='{pw()}'\n")
add('n02/config.toml', f"[database]\nuser = \"app\"\npassword = \"{pw()}\"\n")
add('n03/inventory.ini', f"[web]\nweb01 ansible_host=10.0.0.5 ansible_user=deploy ansible_password={pw()}\n")
add('n04/backup.sh', f"PGPASSWORD='{pw()}' pg_dump -h db -U app app > app.sql\n")
add('n05/Makefile', f"deploy:\n\tsshpass -p {pw()} rsync -a dist/ deploy@web01:/srv\n")
add('n06/app.rb', f"Net::SMTP.start('smtp.example.org', 587, 'example.org', 'noreply', '{pw()}', :login)\n")
add('n07/main.py', f"engine = create_engine('mysql+pymysql://app:{pw().replace('#','!')}@db/app')\n")
add('n08/Program.cs', f"var conn = new SqlConnection(\"Server=db;Database=app;User Id=app;Password={pw()};\");\n")
add('n09/db.yml', f"default: &default\n  adapter: postgresql\n  password: <%= ENV.fetch('DB_PASSWORD', '{pw()}') %>\n")
add('n10/init.sql', f"CREATE USER reporter PASSWORD '{pw()}';\n")
add('n11/run.ps1', f"$cred = New-Object System.Management.Automation.PSCredential('svc', (ConvertTo-SecureString '{pw()}' -AsPlainText -Force))\n")
add('n12/notes.md', f"Staging admin login: `admin` / `{pw()}`\n")
add('n13/client.go', f"req.SetBasicAuth(\"deploy\", \"{pw()}\")\n")
add('n14/api.py', f"resp = requests.get(url, auth=('deploy', '{pw()}'))\n")
add('n15/client.js', f"axios.get(url, {{ auth: {{ username: 'deploy', password: '{pw()}' }} }});\n")
add('n16/curl.txt', f"curl -X POST 'https://api.example.org/v1/hook?apikey={r(32)}' -d @body.json\n")
add('n17/values.yaml', f"postgresql:\n  auth:\n    postgresPassword: {pw()}\n")
add('n18/.gitlab-ci.yml', f"deploy:\n  script:\n    - docker login -u gitlab-ci-token -p {r(20)} registry.example.org\n")
add('n19/Jenkinsfile', f"sh 'mysql -h db -u root --password={pw()} < schema.sql'\n")
add('n20/docker-compose.yml', f"services:\n  redis:\n    command: redis-server --requirepass {pw()}\n")
for n,t in cases.items():
    p=os.path.join(sys.argv[2], n); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'w').write(t)
