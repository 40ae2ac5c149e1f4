import { describe, it } from 'vitest';
import { chosenPassword, plausible, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Wi-Fi passphrases, LDAP bind passwords, a mail transport's `pass` and Make assignments: values
// drawn at random on every run, negatives that look alike. The shipped pack, through a scan's detector.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const password = () => chosenPassword('!#%*-');

describe('Wi-Fi network configurations', () => {
  it('finds wpa_supplicant, NetworkManager and hostapd passphrases and a derived 64-hex key', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`network={\n    ssid="Lab-${randomToken(4)}"\n    psk="${pw}"\n}\n`, 'wpa_supplicant.conf', pw, 'wifi-passphrase');
      expectSecret(`[wifi-security]\nkey-mgmt=wpa-psk\npsk=${pw}\n`, 'Office.nmconnection', pw, 'wifi-passphrase');
      expectSecret(`interface=wlan0\nwpa_passphrase=${pw}\n`, 'hostapd.conf', pw, 'wifi-passphrase');
      const raw = randomFrom('0123456789abcdef', 64);
      expectSecret(`network={\n    ssid="Dock"\n    psk=${raw}\n}\n`, 'wpa_supplicant-wlan0.conf', raw, 'wifi-passphrase');
    }
  });

  it('not a placeholder, a flag, a reference, or psk= in a file that is not a network configuration', () => {
    for (const [text, path] of [
      ['network={\n    ssid="Lab"\n    psk="your_wifi_password"\n}\n', 'wpa_supplicant.conf'],
      ['[wifi-security]\nkey-mgmt=wpa-psk\npsk-flags=1\n', 'Office.nmconnection'],
      ['wpa_passphrase=${WIFI_PASSPHRASE}\n', 'hostapd.conf'],
      [`psk=${password()}\n`, 'notes.py'],
    ]) expectNothing(text!, path!);
  });
});

describe('LDAP binds', () => {
  it('finds the password passed after a bind DN, in any language, and JNDI credentials', () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      const org = randomFrom('abcdefghijklmnopqrstuvwxyz', 6);
      expectSecret(`conn.simple_bind_s('cn=admin,dc=${org},dc=com', '${pw}')\n`, 'sync.py', pw, 'ldap-bind-password');
      expectSecret(`$ok = ldap_bind($ds, "uid=svc,ou=people,dc=${org},dc=net", "${pw}");\n`, 'auth.php', pw, 'ldap-bind-password');
      expectSecret(`env.put(Context.SECURITY_CREDENTIALS, "${pw}");\n`, 'Ldap.java', pw, 'ldap-bind-password');
      // The example domain of LDAP documentation is a DN, not prose that introduces an example.
      expectSecret(`conn.simple_bind_s('cn=admin,dc=example,dc=com', '${pw}')\n`, 'sync.py', pw, 'ldap-bind-password');
    }
  });

  it('not a variable, an empty password, a placeholder or a search filter', () => {
    for (const [text, path] of [
      ["conn.simple_bind_s('cn=admin,dc=acme,dc=io', password)\n", 'sync.py'],
      ["conn.simple_bind_s('cn=admin,dc=acme,dc=io', '')\n", 'sync.py'],
      ['env.put(Context.SECURITY_CREDENTIALS, "<password>");\n', 'Ldap.java'],
      ['conn.search_s("ou=people,dc=acme,dc=io", "(uid=jdoe)")\n', 'sync.py'],
    ]) expectNothing(text!, path!);
  });
});

describe('mail transports and Make variables', () => {
  it("finds a transport's auth `pass`, and secrets assigned with ?=, := and +=", () => {
    for (let i = 0; i < RUNS; i++) {
      const pw = password();
      expectSecret(`const t = nodemailer.createTransport({ host: 'smtp.acme.io', auth: { user: 'ops@acme.io', pass: '${pw}' } });\n`, 'mail.js', pw);
      // `#` starts a comment in a Makefile.
      const makePw = pw.replace('#', '!');
      expectSecret(`DB_PASSWORD ?= ${makePw}\n`, 'Makefile', makePw);
      const key = plausible(() => `${randomToken(20)}${randomFrom('0123456789', 2)}${randomToken(4)}`);
      for (const op of ['?=', ':=', '::=', '+='])
        expectSecret(`DEPLOY_TOKEN ${op} ${key}\n`, 'Makefile', key);
    }
  });

  it('not a test matcher result, a Python pass statement, or a Make shell assignment', () => {
    for (const [text, path] of [
      ["expect(result).toEqual({ pass: true, message: 'ok' })\n", 'matchers.test.js'],
      ['if ready:\n    pass\nlabel = "Qw8#nB4!xZ7kLm"\n', 'app.py'],
      ["const labels = { pass: 'passed', fail: 'failed', skip: 'skipped' };\n", 'reporter.js'],
      ["$pass = '-anonymous@'\n  if (!defined $pass);\n", 'FTP.pm'],
      ['DB_PASSWORD != cat /run/secrets/db\n', 'Makefile'],
      ['DEPLOY_TOKEN ?= $(shell cat .token)\n', 'Makefile'],
    ]) expectNothing(text!, path!);
  });
});
