import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/detector.js';
import { BUILTIN_PATTERNS_DIR, loadPack } from '../../src/rules/load.js';
import { examplePath } from '../../src/rules/verify.js';

// The one generic test: every built-in rule's examples are reported by that rule and its
// negatives are not, through the same detector a scan uses (all rules loaded together).
const rules = loadPack(BUILTIN_PATTERNS_DIR);
const detector = new Detector(rules);
const detectHits = (ruleId: string, text: string, path: string) =>
  detector.detect(Buffer.from(text), path).filter((m) => m.rule.def.id === ruleId);
/** A path-only rule's examples and negatives are paths (of files with any content). */
const pathHits = (ruleId: string, path: string) => detector.pathMatches(path).filter((r) => r.def.id === ruleId);

describe.each(rules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  const path = examplePath(rule);
  const hits = (id: string, text: string, p: string) => (rule.pathOnly ? pathHits(id, text) : detectHits(id, text, p));
  it.each(rule.examples.map((e, i) => [i + 1, e]))('reports example %i', (_i, text) => {
    expect(hits(rule.id, text, path).length).toBeGreaterThan(0);
  });
  it.each(rule.negatives.map((e, i) => [i + 1, e]))('ignores negative %i', (_i, text) => {
    expect(hits(rule.id, text, path)).toEqual([]);
  });
  it('is complete: keywords (or paths, or a validator), a revoke link, 2 examples and a negative', () => {
    // Without keywords or paths, only a format the validator checks (a Discord bot token's
    // base64 id) stands alone: the prefilter runs its regex.
    expect(rule.keywords.length + rule.paths.length > 0 || rule.validate !== undefined, 'keywords, paths or a validator').toBe(true);
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

// A rule runs only on the lines around the 4 KiB blocks where its keywords occur (and, in
// buffers over 128 KiB, within 64 KiB of them): every example must be found the same inside a
// larger file, wherever it sits against those blocks. This also checks that each example's match
// contains one of its rule's keywords, which that selection relies on.
describe('every example inside a larger file', () => {
  const line = 'let total = items.reduce((a, b) => a + b, 0); // plain code\n';
  const filler = (n: number) => Buffer.alloc(n, line);
  const spans = (ruleId: string, data: Buffer, path: string, shift = 0) =>
    detector
      .detect(data, path)
      .filter((m) => m.rule.def.id === ruleId)
      .map((m) => [m.start + shift, m.end + shift, m.secret])
      .sort((a, b) => (a[0] as number) - (b[0] as number));

  it.each(rules.filter((r) => !r.pathOnly).map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    const path = examplePath(rule);
    for (const example of rule.examples) {
      const text = Buffer.from(`\n${example}\n`);
      const alone = spans(rule.id, text, path);
      // At a block start, straddling a block boundary, just before one, deep inside one.
      for (const at of [4096, 8192 - (text.length >> 1), 8191, 13_000]) {
        const data = Buffer.concat([filler(at), text, filler(20_000 - at)]);
        expect(spans(rule.id, data, path, -at), `example at ${at}: ${example.slice(0, 40)}`).toEqual(alone);
      }
    }
    // A large buffer (streamed windows, huge blobs): every example at once, around 64 KiB groups.
    const parts: Buffer[] = [];
    const expected: unknown[] = [];
    let size = 0;
    rule.examples.forEach((example, i) => {
      const text = Buffer.from(`\n${example}\n`);
      const gap = filler((i + 1) * 65_536 - size - (text.length >> 1));
      parts.push(gap, text);
      expected.push(...spans(rule.id, text, path, size + gap.length));
      size += gap.length + text.length;
    });
    parts.push(filler(140_000));
    expect(spans(rule.id, Buffer.concat(parts), path)).toEqual(expected);
  });
});
