// Bundles the CLI: Node's ESM loader costs ~0.5 ms per module and start-up is most of a
// pre-commit hook's time (numbers in docs/decisions.md). Code splitting keeps each command's
// heavy dependencies (tracker clients, the history scanner) in chunks loaded only when that
// command runs. Worker entry points stay the unbundled tsc output (dist/**/worker.js).
import { readFileSync, rmSync } from 'node:fs';
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

/**
 * Commands a Git hook runs on every commit, each bundled into one file of its own (no code
 * splitting): `staged` would otherwise load ~40 shared chunks, and each module costs Node's ESM
 * loader ~0.3 ms. The main bundle loads the file by its path (`./staged-run.mjs` next to it).
 */
const OWN_FILE = ['staged-run'];
const ownFiles = {
  name: 'own-files',
  setup(b) {
    const filter = new RegExp(`^\\./(${OWN_FILE.join('|')})\\.js$`);
    b.onResolve({ filter }, (args) => ({ path: args.path.replace(/\.js$/, '.mjs'), external: true }));
  },
};

const common = {
  outdir: 'dist/bin',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native addon and the worker pool load files relative to their own package.
  external: ['re2', 'piscina'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __keywardRequire } from 'node:module'; const require = __keywardRequire(import.meta.url);" },
  logLevel: 'warning',
};

rmSync('dist/bin', { recursive: true, force: true }); // no stale chunks from an earlier build

await build({
  ...common,
  entryPoints: { keyward: 'dist/cli/main.js' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  plugins: [bundledMicromatch, ownFiles],
});
await build({
  ...common,
  entryPoints: Object.fromEntries(OWN_FILE.map((n) => [n, `dist/cli/${n}.js`])),
  splitting: false,
  plugins: [bundledMicromatch],
});
// The relative path holds only from dist/bin/keyward.mjs, not from a chunk in dist/bin/chunks/.
const main = readFileSync('dist/bin/keyward.mjs', 'utf8');
for (const n of OWN_FILE) if (!main.includes(`"./${n}.mjs"`)) throw new Error(`bundle: ./${n}.mjs is not imported from dist/bin/keyward.mjs`);
