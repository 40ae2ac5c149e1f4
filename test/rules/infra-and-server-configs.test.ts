import { describe, it } from 'vitest';
import { chosenPassword, fakeGenericSecret, plausible } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Secrets that infrastructure code and self-hosted servers' configs hold: AWS CDK plaintext
// SecretValues, defaults of CloudFormation secret parameters, SNMPv3 users, INI passwords in
// my.cnf and clients' run-control files, LDAP bind passwords of Apache and nginx. Values drawn at random on every run, negatives that look
// alike. The shipped pack, through a scan's detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

describe('AWS CDK SecretValue in clear', () => {
  it('unsafePlainText, plainText and the Python name', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      const key = plausible(() => fakeGenericSecret(24));
      expectSecret(`credentials: rds.Credentials.fromPassword('admin', cdk.SecretValue.unsafePlainText('${pw}')),\n`, 'lib/db-stack.ts', pw, 'aws-cdk-plaintext-secret');
      expectSecret(`    oauth_token=SecretValue.unsafe_plain_text("${key}"),\n`, 'pipeline_stack.py', key, 'aws-cdk-plaintext-secret');
      expectSecret(`  password: SecretValue.plainText("${pw}"),\n`, 'lib/legacy-stack.ts', pw, 'aws-cdk-plaintext-secret');
    }
  });

  it('not an expression, a Secrets Manager reference or an empty string', () => {
    expectNothing('password: SecretValue.unsafePlainText(process.env.DB_PASSWORD!),\n', 'lib/db-stack.ts');
    expectNothing("password: SecretValue.secretsManager('prod/db/password'),\n", 'lib/db-stack.ts');
    expectNothing("password: SecretValue.unsafePlainText(''),\n", 'lib/db-stack.ts');
  });
});

describe('CloudFormation secret parameters with a Default', () => {
  it('in YAML and JSON templates, whatever the order of the properties', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`Parameters:\n  DBMasterPassword:\n    Type: String\n    NoEcho: true\n    MinLength: 12\n    Default: "${pw}"\n`, 'infra/wiki.yaml', pw, 'cloudformation-parameter-default-secret');
      expectSecret(`Parameters:\n  AdminSecret:\n    Default: ${pw}\n    NoEcho: true\n    Type: String\n`, 'stack.yml', pw, 'cloudformation-parameter-default-secret');
      expectSecret(`{"Parameters": {\n  "ApiToken": {"Type": "String", "NoEcho": "true", "Default": "${pw}"}\n}}\n`, 'stack.json', pw, 'cloudformation-parameter-default-secret');
    }
  });

  it("not another parameter's Default, an SSM parameter path or a template without NoEcho", () => {
    expectNothing('Parameters:\n  DBMasterPassword:\n    Type: String\n    NoEcho: true\n  DBMasterUsername:\n    Type: String\n    Default: wikiadmin\n', 'infra/wiki.yaml');
    expectNothing('Parameters:\n  DBPassword:\n    Type: AWS::SSM::Parameter::Value<String>\n    NoEcho: true\n    Default: /prod/db/password\n', 'infra/db.yaml');
  });
});

describe('SNMPv3 users in snmpd.conf', () => {
  it('the authentication passphrase after the hash algorithm', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      const priv = plausible(() => fakeGenericSecret(16));
      expectSecret(`createUser nmsmon SHA-256 "${pw}" AES "${priv}"\nrouser nmsmon priv\n`, 'etc/snmp/snmpd.conf', pw, 'snmp-v3-user-passphrase');
      expectSecret(`createUser -e 0x80001f8880c711 backup MD5 ${pw} DES\n`, 'var/lib/snmp/snmpd.conf', pw, 'snmp-v3-user-passphrase');
    }
  });

  it('not references, the syntax in a comment, nor SQL', () => {
    expectNothing('createUser nmsmon SHA-256 "${SNMP_AUTH}" AES "${SNMP_PRIV}"\n', 'snmpd.conf');
    expectNothing('# createUser NAME (MD5|SHA) "passphrase" [DES|AES] ["passphrase"]\n', 'snmpd.conf');
  });
});

describe('INI passwords in my.cnf and run-control files', () => {
  it('are read like other config files', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword();
      expectSecret(`[client]\nuser = backup\npassword = ${pw}\n`, 'etc/mysql/conf.d/backup.cnf', pw, 'generic-password-config');
      expectSecret(`[authentication]\nusername = ops\npassword = ${pw}\n`, 'home/ops/.cassandra/cqlshrc', pw, 'generic-password-config');
    }
    expectNothing('[client]\nuser = backup\npassword = ${MYSQL_PWD}\n', 'etc/mysql/conf.d/backup.cnf');
  });
});

describe('LDAP bind passwords of web servers', () => {
  it("Apache's AuthLDAPBindPassword and nginx-auth-ldap's binddn_passwd", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = chosenPassword('!#.*;');
      expectSecret(`<Location />\n    AuthLDAPBindDN "cn=apache,dc=acme,dc=io"\n    AuthLDAPBindPassword "${pw}"\n</Location>\n`, 'apache/sites-available/wiki.conf', pw, 'server-config-password-directive');
      expectSecret(`ldap_server corp {\n    binddn_passwd ${pw};\n}\n`, 'nginx/conf.d/ldap.conf', pw, 'server-config-password-directive');
    }
  });

  it("not Apache's exec: program, a reference or a commented line", () => {
    expectNothing('    AuthLDAPBindPassword "exec:/usr/local/sbin/ldap-bind-pw"\n', 'wiki.conf');
    expectNothing('    AuthLDAPBindPassword ${LDAP_BIND_PW}\n', 'wiki.conf');
    expectNothing('    #AuthLDAPBindPassword "Harbor-5521-qTz"\n', 'wiki.conf');
  });
});
