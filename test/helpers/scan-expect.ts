import { expect } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { scanBuffer } from '../../src/engine/scan-data.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';

/** What a scan of `text` at `path` reports: rule and secret (shown in full). */
export type Found = (text: string, path: string) => Array<{ rule: string; secret: string }>;

/**
 * The shipped pack through the detector a scan uses, with the two assertions the rule-class
 * tests make: this secret is reported (by this rule, when named), or nothing is.
 */
export function shippedPack(): { found: Found; expectSecret: (text: string, path: string, secret: string, rule?: string) => void; expectNothing: (text: string, path: string) => void } {
  const detector = new Detector(loadPack(BUILTIN_PATTERNS_DIR));
  const found: Found = (text, path) => scanBuffer(detector, Buffer.from(text), path, { showSecrets: true }).map((f) => ({ rule: f.ruleId, secret: f.secret }));
  return {
    found,
    expectSecret(text, path, secret, rule) {
      const hits = found(text, path);
      expect(hits.map((h) => h.secret), `${path}: ${text}`).toContain(secret);
      if (rule) expect(hits.filter((h) => h.secret === secret).map((h) => h.rule), text).toContain(rule);
    },
    expectNothing(text, path) {
      expect(found(text, path), `${path}: ${text}`).toEqual([]);
    },
  };
}
