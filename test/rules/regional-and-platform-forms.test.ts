import { describe, expect, it } from 'vitest';
import { validateRule } from '../../src/rules/validate.js';
import { chosenPassword, drawAbove, plausible, randomFrom } from '../helpers/fake.js';
import { shippedPack } from '../helpers/scan-expect.js';

// Regional clouds' AK/SK pairs, YooKassa, Naver, Proxmox and K3s tokens, JMeter test plans,
// Devise's omniauth, Quarkus profiles, Ecto URLs and Phoenix's bound secret_key_base; and keys
// made for browsers (Algolia search keys, Midtrans client keys). Values drawn at random on every
// run; each class has negatives that look alike.
const { found, expectSecret, expectNothing } = shippedPack();
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const B64URL = `${ALNUM}-_`;
const rnd = (al: string, n: number) => plausible(() => randomFrom(al, n));
const uuid = () => `${randomFrom(HEX, 8)}-${randomFrom(HEX, 4)}-4${randomFrom(HEX, 3)}-a${randomFrom(HEX, 3)}-${randomFrom(HEX, 12)}`;

describe('a cloud secret key named SK after its AK', () => {
  it("Huawei's 40 characters in Python and YAML, Baidu's 32 hex in PHP", () => {
    const sk = rnd(ALNUM, 40);
    expectSecret(`AK = '${randomFrom(UPPER, 20)}'\nSK = '${sk}'\nSERVER = 'https://obs.cn-north-4.myhuaweicloud.com'\n`, 'ops/backup.py', sk, 'cloud-ak-sk-secret-key');
    const sk2 = rnd(ALNUM, 40);
    expectSecret(`obs:\n  ak: ${randomFrom(UPPER, 20)}\n  sk: ${sk2}\n`, 'config/app.yaml', sk2, 'cloud-ak-sk-secret-key');
    const sk3 = drawAbove(3.3, () => randomFrom(HEX, 32));
    expectSecret(`return [\n    'credentials' => [\n        'ak' => '${randomFrom(HEX, 32)}',\n        'sk' => '${sk3}',\n    ],\n];\n`, 'config/baidu.php', sk3, 'cloud-ak-sk-secret-key');
  });

  it('not an SK without its AK, one read from the environment, or a short one', () => {
    expectNothing(`SK = '${rnd(ALNUM, 40)}'\n`, 'ops/backup.py');
    expectNothing(`AK = '${randomFrom(UPPER, 20)}'\nSK = os.environ['HW_SK']\n`, 'ops/backup.py');
    expectNothing(`AK = '${randomFrom(UPPER, 20)}'\nSK = '${rnd(ALNUM, 20)}'\n`, 'ops/backup.py');
  });
});

describe('provider secrets with a fixed shape', () => {
  it("YooKassa's live_ key, Naver's 10-character secret, K3s's join token", () => {
    const yk = `live_${rnd(B64URL, 43)}`;
    expectSecret(`$this->client->setAuth('${randomFrom('0123456789', 6)}', '${yk}');\n`, 'src/Payment/Yookassa.php', yk, 'yookassa-secret-key');
    // Letters and digits at random: two digits at least, as the value check asks of a short token.
    const nv = rnd(ALNUM, 8) + randomFrom('0123456789', 2);
    expectSecret(`NAVER_CLIENT_ID = "${randomFrom(ALNUM, 20)}"\nNAVER_CLIENT_SECRET = "${nv}"\n`, 'crawler/naver.py', nv, 'naver-client-secret');
    const k3s = `K10${randomFrom(HEX, 64)}::server:${randomFrom(HEX, 32)}`;
    expectSecret(`write_files:\n  - path: /etc/rancher/k3s/config.yaml\n    content: |\n      token: ${k3s}\n`, 'cloud-init/agent.yaml', k3s, 'k3s-join-token');
  });

  it('not live_ inside a longer word, a Naver client id, or a K3s token with a short hash', () => {
    expectNothing(`const channel = "golive_${rnd(ALNUM, 43)}";\n`, 'src/stream.js');
    expectNothing(`NAVER_CLIENT_ID = "${rnd(ALNUM, 10)}"\n`, 'crawler/naver.py');
    expectNothing(`token: K10${randomFrom(HEX, 60)}::server:${randomFrom(HEX, 32)}\n`, 'config.yaml');
  });
});

describe('a Proxmox token secret after its token id', () => {
  it("Packer's username and token, Terraform's token id and secret", () => {
    const a = uuid();
    expectSecret(`source "proxmox-iso" "u" {\n  username = "packer@pve!build"\n  token    = "${a}"\n}\n`, 'packer/u.pkr.hcl', a, 'proxmox-token-secret-with-id');
    const b = uuid();
    expectSecret(`pm_api_token_id     = "tf@pam!ci"\npm_api_token_secret = "${b}"\n`, 'terraform.tfvars', b, 'proxmox-token-secret-with-id');
  });

  it('not a variable, nor another UUID after a token id', () => {
    expectNothing('  username = "packer@pve!build"\n  token    = var.proxmox_token\n', 'packer/u.pkr.hcl');
    expectNothing(`  username = "packer@pve!build"\n  vm_id    = "${uuid()}"\n`, 'packer/u.pkr.hcl');
  });
});

describe("a JMeter test plan's header or argument", () => {
  const pair = (name: string, value: string) =>
    `<elementProp name="" elementType="Header">\n  <stringProp name="Header.name">${name}</stringProp>\n  <stringProp name="Header.value">${value}</stringProp>\n</elementProp>\n`;
  it('an API key header and a password argument', () => {
    const k = drawAbove(3.3, () => randomFrom(HEX, 32));
    expectSecret(pair('X-Algolia-API-Key', k), 'perf/search.jmx', k, 'jmeter-credential-argument');
    const p = chosenPassword('!#*@-_');
    expectSecret(`<stringProp name="Argument.name">password</stringProp>\n<stringProp name="Argument.value">${p}</stringProp>\n`, 'perf/login.jmx', p, 'jmeter-credential-argument');
  });

  it('not a variable, a property function or a header that holds no secret', () => {
    expectNothing(pair('X-Api-Key', '${API_KEY}'), 'perf/search.jmx');
    expectNothing(pair('Authorization', '${__P(token)}'), 'perf/search.jmx');
    expectNothing(pair('Content-Type', 'application/json'), 'perf/search.jmx');
  });
});

describe('framework forms', () => {
  it("Devise's omniauth secret, a Quarkus profile's password, an Ecto URL, Phoenix's bound secret_key_base", () => {
    const s = drawAbove(3.3, () => randomFrom(HEX, 40));
    expectSecret(`  config.omniauth :github, 'Iv1.${randomFrom(HEX, 16)}', '${s}', scope: 'user:email'\n`, 'config/initializers/devise.rb', s, 'devise-omniauth-secret');
    const p = chosenPassword('_-');
    expectSecret(`%prod.quarkus.datasource.password=${p}\n`, 'src/main/resources/application.properties', p, 'generic-password-config');
    const u = chosenPassword('_-~');
    const urlHits = found(`database_url = "ecto://shop:${u}@db.internal/shop_prod"\n`, 'config/prod.secret.exs');
    expect(urlHits.map((h) => h.rule)).toContain('database-uri-password');
    const kb = rnd(`${ALNUM}+/`, 64);
    expectSecret(`secret_key_base = "${kb}"\n`, 'config/prod.secret.exs', kb, 'phoenix-secret-key-base');
  });

  it("not Devise's ENV lookups, a Quarkus profile's variable, or Phoenix's env lookup", () => {
    expectNothing("  config.omniauth :github, ENV['GITHUB_KEY'], ENV['GITHUB_SECRET']\n", 'config/initializers/devise.rb');
    expectNothing('%prod.quarkus.datasource.password=${DB_PASSWORD}\n', 'src/main/resources/application.properties');
    expectNothing('secret_key_base = System.get_env("SECRET_KEY_BASE")\n', 'config/runtime.exs');
  });
});

describe('keys made for browsers', () => {
  it("Algolia's search key and Midtrans' client key are not reported; the admin key and the server key are", () => {
    const k = drawAbove(3.3, () => randomFrom(HEX, 32));
    expectNothing(`  env: {\n    NEXT_PUBLIC_ALGOLIA_SEARCH_KEY: '${k}',\n  },\n`, 'next.config.js');
    expect(found(`ALGOLIA_ADMIN_KEY='${k}'\n`, '.env').length).toBeGreaterThan(0);
    // Only Algolia's search key is public: Azure AI Search's admin key under a search name is not.
    expect(found(`azure_search_key = ${rnd(ALNUM, 52)}\n`, 'config.txt').length).toBeGreaterThan(0);
    expectNothing(`<script src="https://app.midtrans.com/snap/snap.js" data-client-key="Mid-client-${rnd(ALNUM, 16)}"></script>\n`, 'views/pay.blade.php');
    const server = `Mid-server-${rnd(ALNUM, 24)}`;
    expectSecret(`MIDTRANS_SERVER_KEY=${server}\n`, '.env', server, 'midtrans-server-key');
  });
});

describe("a rule's unless context", () => {
  const key = () => `AIza${randomFrom(`${ALNUM}-_`, 35)}`;
  it("drops a Firebase app's API key (web config and google-services.json), by the provider rule and the generic ones", () => {
    expectNothing(`const firebaseConfig = {\n  apiKey: "${key()}",\n  authDomain: "ledger-web.firebaseapp.com",\n  projectId: "ledger-web",\n  messagingSenderId: "${randomFrom('0123456789', 12)}",\n};\n`, 'web/src/firebase.js');
    const json = `{\n  "project_info": {\n    "project_number": "${randomFrom('0123456789', 12)}",\n    "firebase_url": "https://ledger-web.firebaseio.com",\n    "project_id": "ledger-web"\n  },\n  "client": [{ "api_key": [{ "current_key": "${key()}" }] }]\n}\n`;
    expectNothing(json, 'app/google-services.json');
  });

  it('keeps a Google API key anywhere else', () => {
    const k = key();
    expectSecret(`GOOGLE_MAPS_KEY=${k}\n`, 'server/.env', k, 'gcp-api-key');
    expectSecret(`const geocoder = new Geocoder({ apiKey: "${k}", region: "eu" });\n`, 'server/geo.js', k, 'gcp-api-key');
  });
});

describe('the unless field', () => {
  const raw = (unless: unknown) => ({ id: 'x', title: 'X', provider: 'X', kind: 'api-token', risk: 'high', regex: '(x_[a-z]{8})', keywords: ['x_'], unless, examples: ['x_abcdefgh'], negatives: [] });
  it('takes lower-case literals of 3 characters or more, and is left out when empty', () => {
    expect(validateRule(raw(['firebaseapp.com']), 'p.toml', 0).unless).toEqual(['firebaseapp.com']);
    expect('unless' in validateRule(raw([]), 'p.toml', 0)).toBe(false);
    expect(() => validateRule(raw(['Firebase']), 'p.toml', 0)).toThrow(/lower-case/);
    expect(() => validateRule(raw(['ab']), 'p.toml', 0)).toThrow(/3 characters/);
  });
});
