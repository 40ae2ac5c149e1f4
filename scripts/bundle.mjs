// Bundles the CLI into one ESM file: Node's module loader costs ~0.5 ms per module, and start-up
// is most of a pre-commit hook's time (numbers in docs/decisions.md). Worker entry points stay
// the unbundled tsc output (dist/**/worker.js), which the bundle loads by path.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bin/keyward.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon and the worker pool load files relative to their own package.
  external: ['re2', 'piscina'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __keywardRequire } from 'node:module'; const require = __keywardRequire(import.meta.url);" },
  logLevel: 'warning',
});
