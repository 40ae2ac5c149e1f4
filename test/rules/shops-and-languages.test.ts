import { describe, expect, it } from 'vitest';
import { chosenPassword, drawAbove, plausible, randomFrom } from '../helpers/fake.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Shop and CMS platforms (Ghost, Sanity, HubSpot's CLI, PrestaShop), less common languages' forms
// (Expect's `set`, aligned assignments) and what is no secret there (Adyen's client keys, a URL
// or value that spells "password" in another language). Values drawn at random on every run; each
// class has negatives that look alike.
const { found, expectSecret, expectNothing } = shippedPack();
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const rnd = (al: string, n: number) => plausible(() => randomFrom(al, n));

describe('shop and CMS platforms', () => {
  it("Ghost's Admin API key and Sanity's token by shape beside their client, HubSpot's personal access key, PrestaShop's webservice key", () => {
    const g = `${randomFrom(HEX, 24)}:${randomFrom(HEX, 64)}`;
    expectSecret(`const api = new GhostAdminAPI({\n  url: 'https://blog.acme.io',\n  key: '${g}',\n});\n`, 'scripts/publish.js', g, 'ghost-admin-api-key-nearby');
    const s = `sk${rnd(ALNUM, 178)}`;
    expectSecret(`import { createClient } from '@sanity/client'\nconst client = createClient({\n  token:\n    '${s}',\n})\n`, 'studio/migrate.ts', s, 'sanity-api-token-nearby');
    const pak = `CiR${randomFrom(`${ALNUM}+/`, 150)}==`;
    expectSecret(`portals:\n  - name: prod\n    authType: personalaccesskey\n    personalAccessKey: >-\n      ${pak}\n`, 'hubspot.config.yml', pak, 'hubspot-personal-access-key');
    const ps = drawAbove(3.2, () => randomFrom(UPPER, 32));
    expectSecret(`define('PS_WS_AUTH_KEY', '${ps}');\n`, 'tools/import.php', ps, 'prestashop-webservice-key');
  });

  it('not those shapes without their platform, nor values read from the environment', () => {
    expectNothing(`const pair = '${randomFrom(HEX, 24)}:${randomFrom(HEX, 64)}';\n`, 'lib/ids.js');
    expectNothing(`const id = 'sk${rnd(ALNUM, 178)}';\n`, 'lib/ids.js');
    expectNothing('    personalAccessKey: ${HUBSPOT_PAK}\n', 'hubspot.config.yml');
    expectNothing("define('PS_WS_AUTH_KEY', getenv('PS_WS_AUTH_KEY'));\n", 'tools/import.php');
  });

  it("an Adyen client key is public (made for Drop-in); an Adyen API key is not", () => {
    expectNothing(`const ADYEN_CLIENT_KEY = 'live_${randomFrom(UPPER, 32)}';\n`, 'storefront/payment.js');
    const api = `AQE${rnd(ALNUM, 60)}`;
    expect(found(`ADYEN_API_KEY=${api}\n`, '.env').length).toBeGreaterThan(0);
  });
});

describe("less common languages' forms", () => {
  it("Expect's set password, a secret after aligned blanks", () => {
    const p = chosenPassword('_-');
    expectSecret(`#!/usr/bin/expect -f\nset user "netops"\nset password "${p}"\nspawn ssh $user@10.1.0.1\n`, 'netops/backup.exp', p, 'tcl-set-password');
    const s = rnd(ALNUM, 40);
    expectSecret(`local API_SECRET     = "${s}"\nlocal REDIS_HOST     = "10.8.0.21"\n`, 'gateway/auth.lua', s, 'generic-secret-assignment');
  });

  it('not a password read from the environment or the arguments', () => {
    expectNothing('#!/usr/bin/expect -f\nset password $env(SWITCH_PASSWORD)\nspawn ssh netops@10.1.0.1\n', 'netops/backup.exp');
    expectNothing('#!/usr/bin/expect -f\nset password [lindex $argv 1]\nspawn ssh netops@10.1.0.1\n', 'netops/backup.exp');
  });

  it('a value that spells "password" in another language, or names the field, is a placeholder', () => {
    for (const word of ['SENHA', 'senha', 'Passwort', 'contraseña', 'wachtwoord', 'database_password']) {
      expectNothing(`DATABASE_URL=postgres://usuario:${word}@db.internal/app\n`, 'docs/.env.example');
    }
    expectNothing('DB_PASSWORD=kennwort\n', '.env');
    const real = chosenPassword('!_');
    expect(found(`DATABASE_URL=postgres://app:${real}@db.internal/app\n`, '.env').length).toBeGreaterThan(0);
  });
});
