import { CONFIDENCES } from '../rules/types.js';
import type { RawMatch } from './detector.js';
import { inMarkdownCodeSample, inRstLiteralBlock } from './doc-sample.js';
import { inExampleContext, introducedOnItsLine, signedByKeyBeside } from './example-context.js';

/**
 * Where findings share bytes, the more specific rule is reported (see CompiledRule.priority):
 * a generic finding where a provider or custom rule found a secret is noise, and so is a second
 * generic finding of the same bytes (two generic rules can both apply). Findings of equal
 * priority 2 all stay. Generic findings of a token whose format check failed (a GitHub token
 * with a wrong checksum) are dropped too: the specific rule already said it is no secret.
 */
export function resolveOverlaps(found: RawMatch[], failed: ReadonlyArray<readonly [number, number]> = []): RawMatch[] {
  if (!found.some((f) => f.rule.priority < 2)) return found;
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
  const kept = found.filter((f) => f.rule.priority === 2);
  for (const level of [1, 0] as const) {
    // Of two built-in generic rules on the same bytes, the surer one is reported: a name that
    // says the provider (medium) over a secret-like name (low).
    const candidates = found.filter((g) => g.rule.priority === level);
    if (level === 0) candidates.sort((a, b) => rank(b) - rank(a));
    for (const g of candidates) {
      if (kept.some((k) => overlaps(k, g))) continue;
      if (failed.some(([start, end]) => overlaps({ start, end }, g))) continue;
      kept.push(g);
    }
  }
  return kept;
}

const rank = (f: RawMatch): number => CONFIDENCES.indexOf(f.rule.confidence);

/**
 * A finding that documentation shows as an example (see example-context.ts): one that rests on
 * context (a name, a keyword: not high confidence) inside an example; a prefixed token without
 * a checksum that its own line introduces as one; a JWT printed beside the key that signs it;
 * a low-confidence one in a Markdown code sample or a reStructuredText literal block (doc-sample.ts).
 */
export function isWorkedExample(data: Buffer, f: RawMatch, path = ''): boolean {
  if (f.rule.confidence === 'low' && (inMarkdownCodeSample(data, f.start, path) || inRstLiteralBlock(data, f.start, path))) return true;
  if (f.rule.confidence !== 'high') return inExampleContext(data, f.start, path);
  // A checksum-verified token is a live format wherever it is written.
  if (!f.rule.structural && introducedOnItsLine(data, f.start)) return true;
  return f.secret.startsWith('eyJ') && signedByKeyBeside(data, f.start, f.secret);
}
