import RE2 from 're2';
import type { Fail } from './toml.js';

/**
 * Compiles each pattern once with RE2 at load time, so a bad one is a config error naming the
 * file and field (`allow.regexes[1]`) instead of failing later in a worker, on the first file
 * that happens to need it.
 */
export function checkRegexes(patterns: readonly string[], field: string, fail: Fail): string[] {
  patterns.forEach((source, i) => {
    try {
      new RE2(source, 'u');
    } catch (e) {
      fail(`${field}[${i}]: invalid RE2 regex ${JSON.stringify(source)}: ${(e as Error).message}`);
    }
  });
  return [...patterns];
}
