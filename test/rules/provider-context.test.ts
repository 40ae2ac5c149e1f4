import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { drawWhere, randomFrom } from '../helpers/fake.js';
import { madeUp } from '../../src/rules/validators-generic.js';
import { runs } from '../helpers/runs.js';

// Credentials with no structure of their own, found by the provider's name in the credential's
// name (provider-context-token), and key files found by their path (rails-master-key-file).
// Values are drawn at random on every run; the negatives look alike.
const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
const found = (text: string, path = 'notes.txt') =>
  scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret }));
const RUNS = runs(15);
// No vowel and no x: a draw never spells a placeholder word (`xxxx`, `dummy`: one 34-character
// draw of all 36 in ~1,600 held `xxxx`).
const LOWER = 'bcdfghjklmnpqrstvwyz0123456789';

/** Lower-case letters and digits, as many providers issue them: two digits at least. */
// Drawn again when its digits count up (madeUp: a hand-made value), one draw in ~27,000 here.
const lowerToken = (n: number) => drawWhere(() => `${randomFrom(LOWER, n - 3)}${randomFrom('0123456789', 2)}${randomFrom('bcdfghjk', 1)}`, (v) => !madeUp(v));
const pick = <T>(xs: readonly T[]): T => xs[randomBytes(1)[0]! % xs.length]!;

const NAMES = ['frameioToken', 'NYTIMES_API_KEY', 'dnkey_secret', 'sendinblueAuthToken', 'FRAMEIO_LOGIN'];
const SHAPES: ReadonlyArray<(name: string, v: string) => string> = [
  (n, v) => `${n}=${v}`,
  (n, v) => `${n}: "${v}"`,
  (n, v) => `var ${n} string = "${v}"`,
  (n, v) => `${n} ?= "${v}"`,
  (n, v) => `${n} ::= '${v}'`,
  (n, v) => `System.setProperty("${n}", "${v}")`,
  (n, v) => `<${n}>\n    ${v}\n</${n}>`,
  (n, v) => `{"app.ini": "${n}=${v}\\nDEBUG=false"}`,
];

describe('provider-context-token', () => {
  it('finds a lower-case random value under a name that says which provider it is for, in every assignment shape', () => {
    for (let i = 0; i < RUNS; i++) {
      for (const shape of SHAPES) {
        const v = lowerToken(20 + (i % 20));
        const text = shape(pick(NAMES), v);
        expect(found(text).map((h) => h.secret), text).toContain(v);
      }
    }
  });

  it('is the rule reported where a generic rule finds the same value (it says which provider)', () => {
    for (let i = 0; i < RUNS; i++) {
      const v = drawWhere(() => `${randomFrom('BCDFGHJKLMNPQRSTVWZ', 6)}${randomFrom('bcdfghjkmnpqrstvwz', 10)}${randomFrom('0123456789', 4)}${randomFrom('BCDFGHJKLMNPQRSTVWZ', 4)}`, (x) => !madeUp(x));
      for (const text of [`const stripeSecretKey = "${v}";`, `export STRIPE_SECRET=${v}`, `"sendgridApiKey": "${v}"`]) {
        expect(found(text, 'app.ts'), text).toEqual([{ rule: 'provider-context-token', secret: v }]);
      }
    }
  });

  it('finds a token of 16+ digits, not a short number', () => {
    for (let i = 0; i < RUNS; i++) {
      const v = randomFrom('0123456789', 18);
      expect(found(`frameioToken = "${v}"`).map((h) => h.secret)).toContain(v);
      expect(found(`frameioToken = "${v.slice(0, 10)}"`)).toEqual([]);
    }
  });

  it('ignores identifiers, references, versions, made-up values and names that only contain a provider', () => {
    for (let i = 0; i < RUNS; i++) {
      const v = lowerToken(24);
      for (const text of [
        `frameioToken = "${randomFrom('abcdefghijklmnopqrstuvwxyz', 24)}"`, // letters only: a word or a name
        `NYTIMES_API_KEY=\${NYTIMES_API_KEY_${randomFrom('ABCDEFGH', 3)}}`,
        `frameioToken = config.frameio.${randomFrom('abcdefghij', 8)}Token`,
        `NYTIMES_API_KEY_FILE=/run/secrets/${randomFrom('abcdefghij', 8)}`,
        `frameio_token = "v${randomFrom('123456789', 1)}.${randomFrom('0123456789', 2)}.${randomFrom('0123456789', 2)}.${randomFrom('0123456789', 2)}"`,
        `frameio_token = "a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6"`,
        `personarToken = "${v}"`, // a word that ends in a provider's name
        `frameioTokenUrl = "${v}"`, // the name goes on past the credential word
        `frameioToken = "${v.slice(0, 10)}"`, // too short
        `'frameio-token': frameio${randomFrom('ABCDEFGHIJ', 1)}${randomFrom('abcdefghij', 4)}Token,`, // a camelCase identifier as the value
        `NYTIMES_API_KEY: Nytimes${randomFrom('ABCDEFGHIJ', 1)}${randomFrom('abcdefghij', 5)}Key`, // PascalCase
      ]) {
        expect(found(text).filter((h) => h.rule === 'provider-context-token'), text).toEqual([]);
      }
    }
  });
});

describe('rails-master-key-file', () => {
  it('finds the 32 hex characters of config/master.key and config/credentials/*.key', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = randomBytes(16).toString('hex');
      expect(found(`${key}\n`, 'app/config/master.key')).toEqual([{ rule: 'rails-master-key-file', secret: key }]);
      expect(found(key, 'config/credentials/production.key').map((h) => h.secret)).toEqual([key]);
    }
  });

  it('ignores the same bytes elsewhere, and other content in the key file', () => {
    for (let i = 0; i < RUNS; i++) {
      const key = randomBytes(16).toString('hex');
      expect(found(`${key}\n`, 'lib/master.key')).toEqual([]);
      expect(found(`${key}\n`, 'config/master.txt')).toEqual([]);
      expect(found(`${key}${randomBytes(2).toString('hex')}\n`, 'config/master.key')).toEqual([]);
      expect(found(`# the key\n${key}\n`, 'config/master.key').filter((h) => h.rule === 'rails-master-key-file')).toEqual([]);
    }
  });
});
