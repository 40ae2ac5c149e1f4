import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { composed, randomFrom, randomToken } from '../helpers/fake.js';
import { runs } from '../helpers/runs.js';

// Generic forms of patterns/secret-forms.toml: a secret passed with its name to a call, and a
// secret's name with a stage or number after it. Random values on every run, look-alike negatives.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const secrets = (text: string) => scanBuffer(detector, Buffer.from(text), 'app.py', { showSecrets: true }).map((f) => f.secret);
const RUNS = runs(15);
/** Letters with at least two digits, as the generic value check wants. */
const key = () => composed(() => `${randomToken(26)}${randomFrom('0123456789', 2)}${randomToken(4)}`);

describe('generic-secret-call-default', () => {
  it('finds the secret given as the default of an env lookup, to a setter or a map', () => {
    for (let i = 0; i < RUNS; i++) {
      const k = key();
      const u = randomUUID();
      for (const [text, secret] of [
        [`API_KEY = os.getenv("API_KEY", "${k}")`, k],
        [`token := utils.GetEnvOrDefault("api_token", "${u}")`, u],
        [`props.put('client_secret', '${k}');`, k],
        [`cfg.set("stripe.secret_key", "${k}")`, k],
        // camelCase and header names: the letter before the word.
        [`req.Header.Set("X-PartnerApiKey", "${k}")`, k],
        [`settings.put("ledgerSecretKey", "${k}");`, k],
        [`headers.put("reportsToken", "${u}");`, u],
      ] as const) {
        expect(secrets(text), text).toContain(secret);
      }
    }
  });

  it('ignores an empty or placeholder default, a name that is not a secret and a word-like value', () => {
    for (let i = 0; i < RUNS; i++) {
      const k = key();
      for (const text of [
        `API_KEY = os.getenv("API_KEY", "")`,
        `API_KEY = os.getenv("API_KEY", "your_api_key_here_${randomFrom('abc', 3)}")`,
        `cfg.set("cache_dir", "${k}")`,
        `log.info("token", "refresh_access_token_now")`,
        `headers.set("token", "application/x-www-form-urlencoded")`,
        `map.put("monkey", "${k}")`,
        `cache.put("sessionCacheKey", "${k}")`,
      ]) {
        expect(secrets(text), text).toEqual([]);
      }
    }
  });
});

describe('generic-secret-suffixed-name', () => {
  it('finds a secret under a name with a stage, old/new or a number after the secret word', () => {
    for (let i = 0; i < RUNS; i++) {
      const k = key();
      const suffix = ['prod', 'STAGING', 'live', 'old', 'secondary', '2', 'v3'][i % 7]!;
      for (const text of [`stripe_secret_${suffix} = "${k}"`, `"client_secret_${suffix}": "${k}",`, `auth_token_${suffix}: '${k}'`]) {
        expect(secrets(text), text).toContain(k);
      }
    }
  });

  it('ignores templates, placeholders and identifiers under such names, and other suffixes', () => {
    for (let i = 0; i < RUNS; i++) {
      for (const text of [
        `API_KEY_PROD = "\${API_KEY_PROD}"`,
        `auth_token_2 = "your_auth_token_here"`,
        `token_v2 = "refresh_access_token_name"`,
        `token_counter_label = "${key()}"`, // a suffix that is no stage or number
      ]) {
        expect(secrets(text), text).toEqual([]);
      }
    }
  });
});
