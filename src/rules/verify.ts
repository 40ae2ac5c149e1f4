import { Detector } from '../detect/detector.js';
import type { RuleDef } from './types.js';

export interface ExampleFailure {
  ruleId: string;
  file: string;
  which: 'example' | 'negative';
  index: number;
  /** The example text (rule examples are test data, not live secrets). */
  text: string;
  reason: string;
}

/**
 * Runs every rule's examples (each must yield a finding of that rule) and negatives (none may),
 * through the real detector with all rules loaded, exactly as a scan would see them.
 */
export function verifyExamples(rules: readonly RuleDef[], detector = new Detector(rules)): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of rules) {
    const path = examplePath(rule);
    const check = (which: 'example' | 'negative', text: string, index: number): void => {
      const hits = detector.detect(Buffer.from(text), path).filter((m) => m.rule.def.id === rule.id);
      if (which === 'example' && hits.length === 0) {
        failures.push({ ruleId: rule.id, file: rule.file, which, index, text, reason: `not reported (${detector.explainMiss(rule.id, Buffer.from(text), path)})` });
      } else if (which === 'negative' && hits.length > 0) {
        failures.push({ ruleId: rule.id, file: rule.file, which, index, text, reason: 'reported but must not be' });
      }
    };
    rule.examples.forEach((t, i) => check('example', t, i));
    rule.negatives.forEach((t, i) => check('negative', t, i));
  }
  return failures;
}

/** A file path the rule applies to: `example.txt`, or one made from its first path glob. */
export function examplePath(rule: RuleDef): string {
  const glob = rule.paths[0];
  if (!glob) return 'example.txt';
  return glob.replace(/^\*\*\//, '').replace(/\/\*\*\//g, '/').replace(/\*\*/g, 'x').replace(/\*/g, 'x').replace(/\{([^,}]*)[^}]*\}/g, '$1').replace(/[?]/g, 'x');
}
