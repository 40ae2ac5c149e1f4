import type { CompiledRule } from './compiled-rule.js';

/**
 * Answers that depend only on a rule and a matched value, remembered: content dense with secrets
 * repeats the same values thousands of times (gitleaks' history: 19,683 raw matches, most of
 * them the same few hundred values in successive versions of a file). Bounded: after `limit`
 * answers it starts again.
 */
export class ValueMemo<T> {
  private readonly byRule = new Map<CompiledRule, Map<string, T>>();
  private count = 0;

  constructor(private readonly limit = 10_000) {}

  /** `compute(value)` for (rule, value), computed once while remembered. */
  get(rule: CompiledRule, value: string, compute: (value: string) => T): T {
    let mine = this.byRule.get(rule);
    if (mine === undefined) this.byRule.set(rule, (mine = new Map()));
    if (mine.has(value)) return mine.get(value)!;
    const answer = compute(value);
    if (++this.count > this.limit) {
      this.byRule.clear();
      this.count = 1;
      this.byRule.set(rule, (mine = new Map()));
    }
    mine.set(value, answer);
    return answer;
  }
}
