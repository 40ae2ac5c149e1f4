import { createRequire } from 'node:module';
import type Micromatch from 'micromatch';

/**
 * micromatch, loaded on first use: most runs compile no glob at all, and loading it through
 * Node's CommonJS loader costs 10-20 ms (a dozen files resolved through node_modules). In the CLI
 * bundle, scripts/bundle.mjs swaps this module for one that requires the bundled copy, still on
 * first use (~2 ms). Everything that needs micromatch gets it here: one copy per process.
 */
let mm: typeof Micromatch | undefined;

export function micromatch(): typeof Micromatch {
  return (mm ??= createRequire(import.meta.url)('micromatch') as typeof Micromatch);
}
