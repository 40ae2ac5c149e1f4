import { describe, expect, it } from 'vitest';
import { chosenPassword, drawAbove, plausible, randomFrom } from '../helpers/fake.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Devices and home automation (Arduino char arrays, LoRaWAN and Z-Wave keys, RouterOS exports,
// UUID PATs), the Windows ecosystem (ARM parameters, SecureStrings with their key, EWS
// credentials, ODBC DSNs, Invoke-Sqlcmd) and monitoring and security tooling (Splunk, grafana.ini,
// offensive tools' command lines). Values drawn at random on every run; each class has negatives
// that look alike.
const { found, expectSecret, expectNothing } = shippedPack();
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEXU = '0123456789ABCDEF';
const HEX = '0123456789abcdef';
const pw = () => chosenPassword('!*_-');
const rnd = (al: string, n: number) => plausible(() => randomFrom(al, n));
const uuid = () => `${randomFrom(HEX, 8)}-${randomFrom(HEX, 4)}-4${randomFrom(HEX, 3)}-a${randomFrom(HEX, 3)}-${randomFrom(HEX, 12)}`;

describe('devices and home automation', () => {
  it("an Arduino sketch's Wi-Fi password in a char array, a LoRaWAN AppKey, Z-Wave S2 keys, a RouterOS export", () => {
    const p = pw();
    expectSecret(`#include <WiFiNINA.h>\nchar ssid[] = "HarborNet";\nchar pass[] = "${p}";\n`, 'plant/plant.ino', p, 'generic-password-assignment');
    const q = pw();
    expectSecret(`const char WIFI_PASSWORD[] = "${q}";\n`, 'include/secrets.h', q, 'generic-password-assignment');
    const bytes = drawAbove(3.0, () => Array.from({ length: 16 }, () => `0x${randomFrom(HEXU, 2)}`).join(', '));
    expectSecret(`static const u1_t PROGMEM APPKEY[16] = { ${bytes} };\n`, 'node/node.ino', bytes, 'lorawan-app-key');
    const s2 = drawAbove(3.2, () => randomFrom(HEXU, 32));
    expectSecret(`{\n  "zwave": {\n    "securityKeys": {\n      "S2_Authenticated": "${s2}"\n    }\n  }\n}\n`, 'store/settings.json', s2, 'zwave-network-key');
    const r = rnd(ALNUM, 16);
    expectSecret(`/user\nadd group=read name=backup password=${r}\n`, 'mikrotik/backup.rsc', r, 'routeros-script-secret');
  });

  it('not a char array filled from a header, an all-zero AppKey, an empty S2 key or a RouterOS variable', () => {
    expectNothing('char pass[] = SECRET_PASS;\n', 'plant/plant.ino');
    expectNothing(`static const u1_t PROGMEM APPKEY[16] = { ${Array(16).fill('0x00').join(', ')} };\n`, 'node/node.ino');
    expectNothing('"securityKeys": { "S2_Authenticated": "" }\n', 'store/settings.json');
    expectNothing('add name=sec-home passphrase=$wifiPass\n', 'mikrotik/backup.rsc');
  });

  it("a UUID personal access token under a PAT name, not a UUID id beside it", () => {
    const t = uuid();
    expectSecret(`const ST_PAT = '${t}';\nconst LOCATION_ID = '${uuid()}';\n`, 'bridge/index.js', t, 'uuid-personal-access-token');
    expectNothing(`const LOCATION_ID = '${uuid()}';\nconst ST_PAT = process.env.ST_PAT;\n`, 'bridge/index.js');
  });
});

describe('the Windows ecosystem', () => {
  it('an ARM parameters file, a SecureString beside its key, EWS credentials, an ODBC DSN, Invoke-Sqlcmd', () => {
    const a = pw();
    const arm = `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "parameters": {\n    "adminPassword": {\n      "value": "${a}"\n    }\n  }\n}\n`;
    expectSecret(arm, 'infra/azuredeploy.parameters.json', a, 'arm-parameter-secret');
    const enc = `76492d1116743f0423413b16050a5345MgB8A${randomFrom(`${ALNUM}+/`, 160)}=`;
    const key = Array.from({ length: 32 }, () => String(Math.floor(Math.random() * 256))).join(',');
    expectSecret(`[Byte[]] $Key = (${key})\n$Enc = "${enc}"\n$Sec = $Enc | ConvertTo-SecureString -Key $Key\n`, 'Backup/Copy.ps1', enc, 'powershell-securestring-with-key');
    const w = pw();
    expectSecret(`Credentials = new WebCredentials("svc_mail", "${w}", "CORP"),\n`, 'src/Poller.cs', w, 'generic-credential-constructor');
    const d = pw();
    expectSecret(`[ODBC]\nDRIVER=ODBC Driver 17 for SQL Server\nUID=reader\nPWD=${d}\n`, 'Shared/DSN/Sales.dsn', d, 'generic-password-config');
    const s = pw();
    expectSecret(`Invoke-Sqlcmd -ServerInstance "sql01" -Username "etl" -Password "${s}" -Query "SELECT 1"\n`, 'deploy/run.ps1', s, 'sqlcmd-password');
  });

  it('not a Key Vault reference or an expression, a key read from a file, or a masked -Password', () => {
    expectNothing('"parameters": {\n  "adminPassword": {\n    "reference": { "keyVault": { "id": "/subscriptions/x/vaults/kv" }, "secretName": "admin" }\n  }\n}\n', 'azuredeploy.parameters.json');
    expectNothing(`"parameters": { "adminPassword": { "value": "[parameters('pwd')]" } }\n`, 'azuredeploy.parameters.json');
    expectNothing(`$Key = Get-Content .\\aes.key\n$Sec = "76492d1116743f0423413b16050a5345MgB8A${randomFrom(ALNUM, 120)}=" | ConvertTo-SecureString -Key $Key\n`, 'Backup/Copy.ps1');
    expectNothing('Invoke-Sqlcmd -ServerInstance "sql01" -Username "etl" -Password "******" -Query "SELECT 1"\n', 'logs/release.log');
  });
});

describe('monitoring and security tooling', () => {
  it("Splunk's pass4SymmKey, a triple-quoted grafana.ini password, an offensive tool's -p and sqlmap's --auth-cred", () => {
    const k = pw();
    expectSecret(`[clustering]\nmode = manager\npass4SymmKey = ${k}\n`, 'etc/system/local/server.conf', k, 'splunk-pass4symmkey');
    const g = `${pw()}#;`;
    expectSecret(`[security]\nadmin_user = admin\nadmin_password = """${g}"""\n`, 'etc/grafana/grafana.ini', g, 'generic-password-config');
    const n = pw();
    expectSecret(`: 1713918682:0;nxc smb 10.50.1.0/24 -u Administrator -p '${n}' --local-auth\n`, 'home/kali/.zsh_history', n, 'offensive-tool-credential');
    const q = pw();
    expectSecret(`sqlmap -u 'https://staging.internal/a?id=2' --auth-type=Basic --auth-cred='qa:${q}' --batch\n`, 'notes/run.sh', q, 'offensive-tool-credential');
  });

  it("not Splunk's encrypted $7$ form, wordlists, or a curl header's scheme before a variable", () => {
    expectNothing(`pass4SymmKey = $7$${randomFrom(ALNUM, 60)}==\n`, 'etc/system/local/server.conf');
    expectNothing('crackmapexec smb 10.50.1.0/24 -u lists/users.txt -p lists/spray.txt --continue-on-success\n', 'home/kali/.zsh_history');
    expectNothing('curl -sk https://hec.internal:8088/services/collector -H "Authorization: Splunk ${SPLUNK_HEC_TOKEN}" -d @e.json\n', 'README.md');
  });

  it("a key published as a test vector is no secret; another under the same name is", () => {
    expectNothing('static const char *SECRET_KEY = "2b7e151628aed2a6abf7158809cf4f3c";\n', 'test/test_cmac.c');
    const k = drawAbove(3.3, () => randomFrom(HEX, 32));
    expect(found(`static const char *SECRET_KEY = "${k}";\n`, 'src/cmac.c').map((f) => f.secret)).toContain(k);
  });
});
