import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { composed, plausible, randomAlnum, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Credentials found by their structure where no provider name is near (Tableau PAT secrets,
// Azure storage keys under any separator, Teamwork and Ramp tokens, Power Automate trigger
// URLs) and keys stated in prose or log lines. Values drawn at random on every run.
const { expectSecret, expectNothing } = shippedPack();
const RUNS = runs(15);

const base64url = (bytes: number) => randomBytes(bytes).toString('base64url');

describe('structure without a provider name nearby', () => {
  it('Tableau PAT secrets: 16 bytes of base64, a colon, 32 letters and digits', () => {
    for (let i = 0; i < RUNS; i++) {
      const secret = plausible(() => `${randomBytes(16).toString('base64')}:${randomAlnum(32)}`);
      expectSecret(`pat_name=ci\npat_secret=${secret}\nserver=https://prod.online.example.com\n`, 'tableau.ini', secret, 'tableau-pat-secret-shape');
    }
  });

  it('not base64 that cannot be 16 bytes (a 22nd character other than A, Q, g or w)', () => {
    const head = randomBytes(16).toString('base64').slice(0, 21);
    expectNothing(`pat_secret=${head}B==:${composed(() => randomAlnum(32))}\n`, 'tableau.ini');
  });

  it('Azure storage keys under camelCase names, flags and a value on the next line', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = plausible(() => randomBytes(64).toString('base64'));
      expectSecret(`{"name": "archive", "accountKey": "${key}"}\n`, 'settings.json', key);
      expectSecret(`Cleanup.exe -storagename archive -storagekey ${key} -container logs\n`, 'run.bat', key);
      expectSecret(`public static final String ACCOUNT_KEY =\n    "${key}";\n`, 'Config.java', key);
    }
    expectNothing(`"accountKey": "${'A'.repeat(86)}=="\n`, 'settings.json');
  });

  it('Teamwork (tkn.v1_) and Ramp (ramp_sec_) tokens', () => {
    for (let i = 0; i < RUNS; i++) {
      const teamwork = plausible(() => `tkn.v1_${randomBytes(54).toString('base64')}`);
      expectSecret(`TEAMWORK_TOKEN=${teamwork}\n`, '.env', teamwork, 'teamwork-api-token');
      const ramp = `ramp_sec_${plausible(() => randomAlnum(48))}`;
      expectSecret(`client_secret: "${ramp}"\n`, 'config.yml', ramp, 'ramp-client-secret');
    }
  });

  it('Power Automate and Logic Apps trigger URLs: the sig', () => {
    for (let i = 0; i < RUNS; i++) {
      const sig = plausible(() => base64url(32));
      const id = randomBytes(16).toString('hex');
      const flow = `https://default${randomBytes(15).toString('hex')}.0d.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/${id}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
      expectSecret(`TEAMS_WEBHOOK=${flow}\n`, '.env', sig, 'power-automate-trigger-url');
      const logic = `https://prod-27.westeurope.logic.azure.com:443/workflows/${id}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
      expectSecret(`url: "${logic}"\n`, 'config.yml', sig, 'power-automate-trigger-url');
    }
    expectNothing('https://make.powerplatform.com/environments/default/flows\n', 'README.md');
  });
});

describe('keys stated in prose and logs', () => {
  it('"… API key is X", "the access token is: X", "[DEBUG] Using token X"', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = composed(() => `${randomToken(20)}${randomFrom('0123456789', 2)}${randomToken(2)}`);
      expectSecret(`For CI, note that our API key is ${key}. Rotate it monthly.\n`, 'NOTES.md', key, 'generic-secret-prose');
      expectSecret(`The access token is: "${key}"\n`, 'ticket.txt', key);
      expectSecret(`2024-05-02 10:11:04 [DEBUG] Using token ${key}\n`, 'app.log', key);
    }
  });

  it('not a sentence about a token, a placeholder or words', () => {
    for (const text of [
      'The token is valid for one hour.',
      'Using the key from vault.',
      'Your API key is YOUR_API_KEY_HERE.',
      'The secret is stored in AWS Secrets Manager under prod/app/db.',
      'using token authentication_required_for_all_routes',
    ]) expectNothing(`${text}\n`, 'README.md');
  });
});

describe('tool files: property lists, Postman and HAR key/value pairs, YAML block scalars, logs', () => {
  const password = () => `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 2)}${randomFrom('bcdfghjkmnpqrstvwz', 4)}${randomFrom('0123456789', 2)}${randomFrom('!#%-', 1)}${randomFrom('bcdfghjkmnpqrstvwz', 3)}`;
  it('finds the value paired with a secret name', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = composed(() => `${randomToken(28)}${randomFrom('0123456789', 2)}${randomToken(2)}`);
      expectSecret(`\t<key>APIKey</key>\n\t<string>${key}</string>\n`, 'Info.plist', key, 'plist-secret');
      expectSecret(`"bearer": [{"key": "token", "value": "${key}", "type": "string"}]\n`, 'api.postman_collection.json', key, 'key-value-pair-secret');
      expectSecret(`{"name": "Authorization", "value": "Bearer ${key}"}\n`, 'session.har', key, 'key-value-pair-secret');
      const pw = password();
      expectSecret(`auth:\n  password: |\n    ${pw}\n`, 'values.yaml', pw, 'generic-password-block-scalar');
      expectSecret(`2024-01-01 12:00:01 INFO connecting with password=${pw} to db01\n`, 'app.log', pw, 'generic-password-inline');
    }
  });

  it('not templates, descriptions, token types or code', () => {
    for (const [text, path] of [
      ['<key>APIKey</key>\n<string>$(API_KEY)</string>\n', 'Info.plist'],
      ['<key>NSFaceIDUsageDescription</key>\n<string>Unlock your saved passwords</string>\n', 'Info.plist'],
      ['{"key": "token", "value": "{{token}}", "type": "string"}\n', 'env.postman_environment.json'],
      ['{"key": "token_type", "value": "bearer"}\n', 'env.postman_environment.json'],
      ['password: |\n  {{ .Values.password }}\n', 'values.yaml'],
      ['conn = connect(host=h, password=db_password)\n', 'app.log'],
      ['2024-01-01 INFO login password=*** user=admin\n', 'app.log'],
      [`connect(password=${password()})\n`, 'app.py'],
    ]) expectNothing(text!, path!);
  });
});
