import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where lint-staged finds its configuration (https://github.com/lint-staged/lint-staged#configuration). */
const CONFIG_FILES = [
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.cjs',
  '.lintstagedrc.js',
  'lint-staged.config.js',
  'lint-staged.config.mjs',
  'lint-staged.config.cjs',
];

/** A task that runs `keyward staged` (also `npx keyward staged`, `node_modules/.bin/keyward staged`). */
const RUNS_KEYWARD = /\bkeyward(?:\.mjs)?["']?\s+staged\b/;

/** The lint-staged config that runs `keyward staged`, by name, or undefined. */
export function lintStagedRunsKeyward(top: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8')) as Record<string, unknown>;
    if (pkg['lint-staged'] !== undefined && RUNS_KEYWARD.test(JSON.stringify(pkg['lint-staged']))) return 'package.json "lint-staged"';
  } catch {
    // no package.json, or not JSON: lint-staged would not read it either
  }
  for (const name of CONFIG_FILES) {
    const file = join(top, name);
    if (existsSync(file) && RUNS_KEYWARD.test(readFileSync(file, 'utf8'))) return name;
  }
  return undefined;
}

/** Whether a husky hook's commands (comments aside) run lint-staged. */
export function runsLintStaged(hook: string): boolean {
  return hook.split('\n').some((l) => !l.trimStart().startsWith('#') && /(?:^|[\s/;&|(])lint-staged(?:\s|$|;|&|\|)/.test(l));
}
