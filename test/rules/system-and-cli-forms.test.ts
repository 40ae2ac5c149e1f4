import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { chosenPassword, plausible, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Installer answer files, cloud-init, network devices, VPN keys, mail relays and the password
// flags of crypto, archive, Windows and secret-manager commands: values drawn at random on every
// run, negatives that look alike. The shipped pack, through a scan's detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const password = () => chosenPassword();
const hex = (n: number) => randomFrom('0123456789abcdef', n);

describe('operating-system, device and VPN configuration', () => {
  it('finds preseed, kickstart and cloud-init passwords, Cisco type 0/7 passwords and OpenVPN static keys', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`d-i passwd/root-password password ${pw}\nd-i passwd/root-password-again password ${pw}\n`, 'preseed.cfg', pw, 'debian-preseed-password');
      expectSecret(`lang en_US\nrootpw --plaintext ${pw}\n`, 'ks.cfg', pw, 'server-config-password-directive');
      expectSecret(`#cloud-config\nchpasswd:\n  list: |\n    root:${pw}\n  expire: False\n`, 'user-data', pw, 'cloud-init-password');
      expectSecret(`#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: ${pw}\n`, 'cloud-init.yaml', pw);
      expectSecret(`hostname r1\nusername netops privilege 15 password 0 ${pw}\n`, 'r1.cfg', `0 ${pw}`, 'cisco-ios-password');
      const type7 = plausible(() => `${randomFrom('01', 1)}${randomFrom('0123456789', 1)}${hex(16).toUpperCase()}`);
      expectSecret(`line vty 0 4\n password 7 ${type7}\n`, 'switch.cfg', `7 ${type7}`, 'cisco-ios-password');
      const body = Array.from({ length: 16 }, () => hex(32)).join('\n');
      expectSecret(`<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\n${body}\n-----END OpenVPN Static key V1-----\n</tls-auth>\n`, 'client.ovpn', body, 'openvpn-static-key');
    }
  });

  it('finds Postfix relay passwords and msmtp/fetchmail passwords', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`[smtp.relay${randomToken(3).toLowerCase()}.net]:587 relay@acme.io:${pw}\n`, 'postfix/sasl_passwd', pw, 'postfix-sasl-password');
      expectSecret(`account default\nhost smtp.acme.io\nuser alerts@acme.io\npassword ${pw}\n`, '.msmtprc', pw, 'mail-client-password');
      expectSecret(`poll mail.acme.io protocol IMAP user "joe" password "${pw}"\n`, '.fetchmailrc', pw, 'mail-client-password');
    }
  });

  it('not hashes, references, placeholders or commented answers', () => {
    for (const [text, path] of [
      ['d-i passwd/root-password-crypted password $6$Kq2x$Wv8hLn3Tz\n', 'preseed.cfg'],
      ['#d-i passwd/root-password password Juniper-61-qTx\n', 'preseed.cfg'],
      ['rootpw --iscrypted $6$Qk2mXz$Wv8hLn3Tz\n', 'ks.cfg'],
      ['#cloud-config\nchpasswd:\n  list: |\n    root:RANDOM\n', 'user-data'],
      ['username netops privilege 15 secret 9 $9$Kq2xWv8hLn3Tz$Ab3dEf6gHi9\n', 'r1.cfg'],
      ['[smtp.relay.net]:587 relay@acme.io:${RELAY_PASSWORD}\n', 'sasl_passwd'],
      ['account default\npasswordeval "gpg -q -d ~/.msmtp-password.gpg"\n', '.msmtprc'],
      ['# paste the key between -----BEGIN OpenVPN Static key V1----- and -----END OpenVPN Static key V1-----\n', 'README.md'],
    ]) expectNothing(text!, path!);
  });
});

describe('password flags of crypto, archive, Windows and web-server tools', () => {
  it('finds openssl pass:, gpg --passphrase, zip -P, 7z -p, rar -hp, net user, schtasks /RP and htpasswd -b', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`openssl pkcs12 -export -in c.pem -inkey k.pem -out c.p12 -passout pass:${pw}\n`, 'certs.sh', pw, 'openssl-pass-argument');
      expectSecret(`gpg --batch --passphrase '${pw}' -d secrets.gpg\n`, 'decrypt.sh', pw, 'cli-password-flag');
      expectSecret(`zip -r -P ${pw} backup.zip data/\n`, 'pack.sh', pw, 'archive-password-flag');
      expectSecret(`& 7z a -p${pw} -mhe=on archive.7z .\\data\n`, 'pack.ps1', pw, 'archive-password-flag');
      expectSecret(`rar a -hp${pw} logs.rar /var/log/app\n`, 'pack.sh', pw, 'archive-password-flag');
      expectSecret(`net user svc_sync ${pw} /add\n`, 'setup.bat', pw, 'windows-cli-password');
      expectSecret(`schtasks /Create /TN nightly /TR C:\\jobs\\run.bat /SC DAILY /RU ACME\\ops /RP ${pw}\n`, 'task.bat', pw, 'windows-cli-password');
      expectSecret(`htpasswd -b -c /etc/nginx/.htpasswd ops ${pw}\nnginx -s reload\n`, 'setup.sh', pw, 'htpasswd-cli-password');
    }
  });

  it('not a variable, a prompt, no password, or an unrelated flag', () => {
    for (const [text, path] of [
      ['openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:$P12_PASSWORD\n', 'certs.sh'],
      ['openssl rsa -in enc.key -passin env:KEY_PASSPHRASE\n', 'certs.sh'],
      ['zip -r -P "$ZIP_PASSWORD" backup.zip data/\n', 'pack.sh'],
      ['unrar x -p- archive.rar\n', 'unpack.sh'],
      ['gzip -9 -c data.sql > data.sql.gz\n', 'pack.sh'],
      ['net user svc_sync * /add\n', 'setup.bat'],
      ['schtasks /Create /TN nightly /TR run.bat /RU SYSTEM /RP %TASK_PASSWORD%\n', 'task.bat'],
      ['htpasswd -c /etc/nginx/.htpasswd ops\n', 'setup.sh'],
      ['Give the password with schtasks /RP and keep it out of scripts.\n', 'README.md'],
    ]) expectNothing(text!, path!);
  });
});

describe('secrets handed to containers, charts and secret managers', () => {
  it('finds -e/--build-arg/--set/--from-literal secrets and values stored by gh, az, aws, vault and fly', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const key = plausible(() => `${randomToken(18)}${randomFrom('0123456789', 3)}${randomToken(3)}`);
      expectSecret(`docker run -d -e POSTGRES_PASSWORD=${pw} postgres:16\n`, 'run.sh', pw);
      expectSecret(`kubectl create secret generic db --from-literal=username=app --from-literal=password=${pw}\n`, 'README.md', pw);
      expectSecret(`helm install pg bitnami/postgresql --set auth.postgresPassword=${pw}\n`, 'install.sh', pw);
      expectSecret(`gh secret set DEPLOY_KEY --body "${key}"\n`, 'setup.sh', key, 'cli-secret-store-value');
      expectSecret(`az keyvault secret set --vault-name kv --name db --value '${pw}'\n`, 'setup.sh', pw, 'cli-secret-store-value');
      expectSecret(`aws secretsmanager create-secret --name prod/db --secret-string ${pw}\n`, 'setup.sh', pw, 'cli-secret-store-value');
      expectSecret(`vault kv put secret/app username=app password=${pw}\n`, 'seed.sh', pw, 'cli-secret-store-value');
      expectSecret(`fly secrets set DATABASE_PASSWORD=${pw} SENTRY_ENV=prod\n`, 'deploy.sh', pw, 'cli-secret-store-value');
    }
  });

  it('not references, files, or settings that only name a secret', () => {
    for (const [text, path] of [
      ['docker run -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD postgres\n', 'run.sh'],
      ['docker run -e POSTGRES_PASSWORD_FILE=/run/secrets/pg postgres\n', 'run.sh'],
      ['helm install pg bitnami/postgresql --set auth.existingSecret=pg-credentials\n', 'install.sh'],
      // A command inside a source string: the escaped newline is not part of the value.
      ["const cmd = 'helm install pg --set auth.existingSecret=pg-credentials\\n';\n", 'deploy.ts'],
      ['kubectl create secret generic db --from-literal=password="${DB_PASSWORD}"\n', 'README.md'],
      ['gh secret set DEPLOY_KEY --body "$DEPLOY_KEY"\n', 'setup.sh'],
      ['aws secretsmanager create-secret --name prod/db --secret-string file://creds.json\n', 'setup.sh'],
      ['vault kv put secret/app password=@password.txt\n', 'seed.sh'],
      [`vault kv put secret/app ttl=30m owner=${randomBytes(3).toString('hex')}\n`, 'seed.sh'],
    ]) expectNothing(text!, path!);
  });
});
