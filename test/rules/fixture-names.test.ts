import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { composed, randomFrom, randomToken } from '../helpers/fake.js';

// A name that says its value is not a working credential (`invalidToken`, `WRONG_PASSWORD`)
// holds a test fixture: the generic rules, which have only the name to go on, skip it. Look-alike
// names that merely start with the same letters are credentials as usual. Values drawn per run.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const secretsIn = (text: string, path: string) => scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => f.secret);
const key = () => composed(() => `${randomToken(14)}${randomFrom('23456789', 2)}${randomToken(4)}`);

describe('names of test fixtures', () => {
  it('invalid, wrong, fake, mock, non-matching values are not reported by the generic rules', () => {
    for (let i = 0; i < 10; i++) {
      const v = key();
      for (const [text, path] of [
        [`invalidToken := "${v}"`, 'auth_test.go'],
        [`nonMatchingToken := "${v}"`, 'token_test.go'],
        [`WRONG_PASSWORD = "${v}"`, 'test_login.py'],
        [`const fakeApiKey = '${v}';`, 'client.spec.ts'],
        [`mock_secret: "${v}"`, 'fixtures.yml'],
        [`BadCredentialsSecret = "${v}"`, 'Tests.cs'],
      ] as const)
        expect(secretsIn(text, path), text).toEqual([]);
    }
  });

  it('names that only start with the same letters, or hold the word later, are reported', () => {
    for (let i = 0; i < 10; i++) {
      const v = key();
      for (const [text, path] of [
        [`badge_token = "${v}"`, 'settings.py'],
        [`mockingbirdSecret = "${v}"`, 'config.ts'],
        [`invalidation_api_token = "${v}"`, 'settings.py'],
        [`api_token = "${v}"  # invalid after rotation`, 'settings.py'],
        [`{"fakeUser": 1, "password": "${v}"}`, 'seed.json'],
      ] as const)
        expect(secretsIn(text, path), text).toEqual([v]);
    }
  });
});
