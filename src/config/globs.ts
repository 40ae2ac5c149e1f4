import micromatch from 'micromatch';

/** One predicate for a list of micromatch globs (dotfiles included), compiled once. */
export function globMatcher(globs: readonly string[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const matchers = globs.map((g) => micromatch.matcher(g, { dot: true }));
  return (path) => matchers.some((m) => m(path));
}
