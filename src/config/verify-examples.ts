import { Detector } from '../detect/detector.js';
import type { RuleDef } from '../rules/types.js';
import { examplePath, type ExampleFailure } from '../rules/verify.js';

export type { ExampleFailure } from '../rules/verify.js';

/**
 * Runs every rule's examples (each must yield a finding of that rule) and negatives (none may),
 * through the real detector with all rules loaded, exactly as a scan would see them.
 */
export function verifyExamples(rules: readonly RuleDef[], detector = new Detector(rules)): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of rules) {
    const path = examplePath(rule);
    // A path-only rule's examples and negatives are paths (of files with any content).
    const hitsOf = (text: string): unknown[] =>
      rule.pathOnly ? detector.pathMatches(text).filter((r) => r.def.id === rule.id) : detector.detect(Buffer.from(text), path).filter((m) => m.rule.def.id === rule.id);
    const check = (which: 'example' | 'negative', text: string, index: number): void => {
      const hits = hitsOf(text);
      if (which === 'example' && hits.length === 0) {
        const why = rule.pathOnly ? `the path matches none of ${rule.paths.join(', ')}, or an allow pattern takes it` : detector.explainMiss(rule.id, Buffer.from(text), path);
        failures.push({ ruleId: rule.id, file: rule.file, which, index, text, reason: `not reported (${why})` });
      } else if (which === 'negative' && hits.length > 0) {
        failures.push({ ruleId: rule.id, file: rule.file, which, index, text, reason: 'reported but must not be' });
      }
    };
    rule.examples.forEach((t, i) => {
      check('example', t, i);
      // As a file holds it: a line break after it (an anchor to the text's end hides this miss).
      if (!rule.pathOnly && !t.endsWith('\n')) check('example', `${t}\n`, i);
    });
    rule.negatives.forEach((t, i) => check('negative', t, i));
  }
  return failures;
}
