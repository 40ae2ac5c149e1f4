// Bundles the CLI: Node's ESM loader costs ~0.5 ms per module and start-up is most of a
// pre-commit hook's time (numbers in docs/decisions.md). Code splitting keeps each command's
// heavy dependencies (tracker clients, the history scanner) in chunks loaded only when that
// command runs. Worker entry points stay the unbundled tsc output (dist/**/worker.js).
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

/**
 * src/model/micromatch.ts loads micromatch on first use through Node's CommonJS loader (10-20 ms:
 * a dozen files resolved through node_modules). In the bundle it requires the bundled copy
 * instead: esbuild keeps a require()d CommonJS module unevaluated until the call (~2 ms).
 */
const bundledMicromatch = {
  name: 'bundled-micromatch',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]model[\\/]micromatch\.js$/ }, (args) => ({
      contents: "let mm;\nexport function micromatch() {\n  return (mm ??= require('micromatch'));\n}\n",
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

rmSync('dist/bin', { recursive: true, force: true }); // no stale chunks from an earlier build

await build({
  entryPoints: { keyward: 'dist/cli/main.js' },
  outdir: 'dist/bin',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon and the worker pool load files relative to their own package.
  external: ['re2', 'piscina'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __keywardRequire } from 'node:module'; const require = __keywardRequire(import.meta.url);" },
  plugins: [bundledMicromatch],
  logLevel: 'warning',
});
