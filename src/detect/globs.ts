import { createRequire } from 'node:module';
import type Micromatch from 'micromatch';

// Loaded on first use: most scans compile no glob at all (no path-scoped rule becomes a
// candidate, no allowed paths), and loading micromatch is a few milliseconds of every start.
let mm: typeof Micromatch | undefined;
const load = (): typeof Micromatch => (mm ??= createRequire(import.meta.url)('micromatch') as typeof Micromatch);

/** One predicate for a list of micromatch globs (dotfiles included), compiled once. */
export function globMatcher(globs: readonly string[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const matchers = globs.map((g) => load().matcher(g, { dot: true }));
  return (path) => matchers.some((m) => m(path));
}
