import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * keyward's installation directory (holding package.json, patterns/ and dist/), found by walking
 * up from this module: the code runs both as tsc output (dist/**) and bundled (dist/bin/**).
 */
export function packageRoot(): string {
  if (root) return root;
  let d = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'patterns'))) return (root = d);
    const up = dirname(d);
    if (up === d) throw new Error('cannot find keyward\'s installation directory (package.json with patterns/)');
    d = up;
  }
}

/** An unbundled module of dist/ (worker entry points), by its path under dist/. */
export function distFile(rel: string): string {
  return join(packageRoot(), 'dist', rel);
}
