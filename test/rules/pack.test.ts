import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { examplePath } from '../../src/rules/verify.js';

// The one generic test: every built-in rule's examples are reported by that rule and its
// negatives are not, through the same detector a scan uses (all rules loaded together).
const rules = loadPack(BUILTIN_PATTERNS_DIR);
const detector = new Detector(rules);
const hits = (ruleId: string, text: string, path: string) =>
  detector.detect(Buffer.from(text), path).filter((m) => m.rule.def.id === ruleId);

describe.each(rules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  const path = examplePath(rule);
  it.each(rule.examples.map((e, i) => [i + 1, e]))('reports example %i', (_i, text) => {
    expect(hits(rule.id, text, path).length).toBeGreaterThan(0);
  });
  it.each(rule.negatives.map((e, i) => [i + 1, e]))('ignores negative %i', (_i, text) => {
    expect(hits(rule.id, text, path)).toEqual([]);
  });
  it('is complete: keywords, a revoke link, 2 examples and a negative', () => {
    expect(rule.keywords.length).toBeGreaterThan(0);
    expect(rule.revoke).toMatch(/^https:\/\//);
    expect(rule.examples.length).toBeGreaterThanOrEqual(2);
    expect(rule.negatives.length).toBeGreaterThan(0);
  });
});

describe('the catalogue', () => {
  it('covers at least 200 rules across 120 providers', () => {
    expect(rules.length).toBeGreaterThanOrEqual(200);
    expect(new Set(rules.map((r) => r.provider)).size).toBeGreaterThanOrEqual(120);
  });
});
