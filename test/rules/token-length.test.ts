import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';

// A token cut short is not a token: for every provider rule, one more character of the token's
// own alphabet after an example's secret must not leave the rule reporting the first part
// (sentry's 43-character tail once matched the first 43 of 44). Rules that report a value of
// any length report the longer one instead, which is fine.
const rules = loadPack(BUILTIN_PATTERNS_DIR);
const detector = new Detector(rules);

describe('fixed-length tokens check their length', () => {
  it('no provider rule reports the first part of a longer token', () => {
    const cut: string[] = [];
    let checked = 0;
    for (const rule of rules) {
      if (rule.kind === 'generic' || rule.provider === 'Generic') continue;
      for (const example of rule.examples ?? []) {
        const own = detector.detect(Buffer.from(example), 'config.txt').filter((m) => m.rule.def.id === rule.id);
        const secret = own[0]?.secret;
        if (secret === undefined || secret.length < 16 || !/[A-Za-z0-9]$/.test(secret)) continue;
        const at = example.indexOf(secret);
        const longer = example.slice(0, at) + secret + secret.at(-1) + example.slice(at + secret.length);
        const again = detector.detect(Buffer.from(longer), 'config.txt').filter((m) => m.rule.def.id === rule.id);
        if (again.some((m) => m.secret === secret)) cut.push(`${rule.id}: ${secret.length}`);
        checked++;
        break;
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(cut).toEqual([]);
  });
});
