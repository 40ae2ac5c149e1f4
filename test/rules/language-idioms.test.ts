import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { chosenPassword, randomAlnum } from '../helpers/fake.js';

// Passwords under less common names and in less common syntaxes: `keystorePw`, `pw`,
// `auth_phrase`, `ROOT_PW`, VB's `As String`, aligned INI keys, properties continued on the next
// line, YAML block scalars under a credential's name, Erlang tuples, EDN keywords, COBOL and ABAP
// constants, a script writing .pgpass, MATLAB's database(), Spring's <value> element. Values are
// drawn at random on every run; each class has a negative that looks alike.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const secrets = (text: string, path: string) => scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => f.secret);
const pw = () => chosenPassword('!#*@^~?-_');

describe('names', () => {
  it.each([
    ['Groovy: def keystorePw', 'app/build.gradle', (p: string) => `def keystorePw = "${p}"\n`, 'def keystorePw = System.getenv("KEYSTORE_PW")\n'],
    ['a Fortran namelist: pw', 'run/upload.nml', (p: string) => `&ftp_cfg\n  user      = 'oceanrun',\n  pw        = '${p}',\n/\n`, "&ftp_cfg\n  pw        = '',\n/\n"],
    ['Lua: auth_phrase', 'lua/config.lua', (p: string) => `_M.redis = {\n  auth_phrase = "${p}",\n}\n`, '_M.redis = {\n  auth_phrase = os.getenv("REDIS_AUTH"),\n}\n'],
    ['VB: Const AdminPwd As String', 'Admin/Settings.vb', (p: string) => `Private Const AdminPwd As String = "${p}"\n`, 'Private Const AdminPwd As String = ""\n'],
    ['batch: set ROOT_PW', 'scripts/restore.bat', (p: string) => `set ROOT_PW=${p}\n`, 'set ROOT_PW=%1\n'],
    ['shell: ROOT_PW', 'scripts/restore.sh', (p: string) => `ROOT_PW=${p}\n`, 'ROOT_PW=$1\n'],
  ])('%s', (_name, path, write, negative) => {
    const p = pw();
    expect(secrets(write(p), path)).toContain(p);
    expect(secrets(negative, path)).toEqual([]);
  });
});

describe('syntaxes', () => {
  it.each([
    ['an aligned INI key (odbc.ini)', 'deploy/odbc.ini', (p: string) => `[ReportingDW]\nUID         = rpt_loader\nPWD         = ${p}\n`, '[ReportingDW]\nPWD         = ${ODBC_PWD}\n'],
    ['a properties value on the next line', 'mail.properties', (p: string) => `mail.smtp.password = \\\n    ${p}\nmail.smtp.timeout = 10000\n`, 'mail.smtp.password = \\\n    ${MAIL_PASSWORD}\n'],
    ['a YAML folded scalar under a credential name', 'helm/values.yaml', (p: string) => `ldap:\n  bind_credential: >-\n    ${p}\n  userSearchBase: ou=people\n`, 'ldap:\n  bind_credential: >-\n    ${LDAP_BIND}\n'],
    ['an Erlang sys.config tuple', 'rel/sys.config', (p: string) => `{db, [\n  {username, "ledger_svc"},\n  {master_pass, "${p}"},\n  {ssl, true}\n]}\n`, '{db, [\n  {master_pass, os:getenv("DB_PASS")}\n]}\n'],
    ['an EDN map keyword', 'resources/config.edn', (p: string) => `{:db {:user "inventory_app"\n      :password "${p}"\n      :maximum-pool-size 12}}\n`, '{:db {:password #env DB_PASSWORD}}\n'],
    ['a COBOL copybook VALUE', 'copybooks/DBCONN.cpy', (p: string) => `       01  WS-DB-CONNECT.\n           05  WS-DB-PASSWD        PIC X(16) VALUE '${p}'.\n`, '           05  WS-DB-PASSWD        PIC X(16) VALUE SPACES.\n'],
    ['an ABAP constant', 'src/zcl_export.clas.abap', (p: string) => `    CONSTANTS: lc_user TYPE string VALUE 'sap_fi',\n               lc_pwd  TYPE string VALUE '${p}'.\n`, "    CONSTANTS lc_pwd TYPE string VALUE ''.\n"],
    ['a script writing .pgpass', 'ops/backup.sh', (p: string) => `cat > "$HOME/.pgpass" <<EOF\n\${DB_HOST}:5432:*:backup_svc:${p}\nEOF\n`, 'cat > "$HOME/.pgpass" <<EOF\n${DB_HOST}:5432:*:backup_svc:${BACKUP_PW}\nEOF\n'],
    ["MATLAB's database()", 'matlab/fetch.m', (p: string) => `conn = database('GRIDWH', 'reader', '${p}', ...\n    'Vendor', 'Microsoft SQL Server');\n`, "conn = database('GRIDWH', 'reader', getenv('WH_PW'));\n"],
  ])('%s', (_name, path, write, negative) => {
    const p = pw();
    expect(secrets(write(p), path)).toContain(p);
    expect(secrets(negative, path)).toEqual([]);
  });

  it("Spring's <value> element, CDATA and on the next line, for a signing secret", () => {
    const s = randomAlnum(48);
    const xml = `<bean id="tokenService" class="com.corp.TokenService">\n  <property name="signing_secret">\n    <value><![CDATA[${s}]]></value>\n  </property>\n</bean>\n`;
    expect(secrets(xml, 'src/main/resources/applicationContext.xml')).toEqual([s]);
    expect(secrets('<property name="signing_secret"><value>${jwt.secret}</value></property>\n', 'ctx.xml')).toEqual([]);
  });
});
