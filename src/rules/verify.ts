import type { RuleDef } from './types.js';

/** What a rule's own examples must show; config/verify-examples.ts runs them through the engine. */
export interface ExampleFailure {
  ruleId: string;
  file: string;
  which: 'example' | 'negative';
  index: number;
  /** The example text (rule examples are test data, not live secrets). */
  text: string;
  reason: string;
}

/** A file path the rule applies to: `example.txt`, or one made from its first path glob. */
export function examplePath(rule: RuleDef): string {
  const glob = rule.paths[0];
  if (!glob) return 'example.txt';
  return glob.replace(/^\*\*\//, '').replace(/\/\*\*\//g, '/').replace(/\*\*/g, 'x').replace(/\*/g, 'x').replace(/\{([^,}]*)[^}]*\}/g, '$1').replace(/[?]/g, 'x');
}
