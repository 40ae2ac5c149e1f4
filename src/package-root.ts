import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const addons = new Map<string, unknown>();

/**
 * An optional native addon that scripts/build-native.mjs built under native/<dir>, or undefined
 * when it is not built or the environment variable `off` is "0". Loaded once per thread.
 */
export function optionalAddon<T>(dir: string, file: string, off: string): T | undefined {
  if (!addons.has(dir)) {
    let loaded: unknown;
    if (process.env[off] !== '0') {
      try {
        loaded = createRequire(import.meta.url)(join(packageRoot(), 'native', dir, 'build', 'Release', file));
      } catch {
        loaded = undefined; // not built: the caller falls back to its JavaScript path
      }
    }
    addons.set(dir, loaded);
  }
  return addons.get(dir) as T | undefined;
}
