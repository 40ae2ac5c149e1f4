import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { ROOT } from './helpers.js';

/**
 * Turns a temp repository into a small Node project with husky and lint-staged installed in
 * node_modules: the packages are linked from keyward's own node_modules (installed from npm),
 * so tests need no network. keyward itself is node_modules/.bin/keyward, as after
 * `npm install --save-dev keyward`.
 */
export function makeNodeProject(dir: string, packageJson: Record<string, unknown> = {}): void {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, ...packageJson }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  const nm = join(dir, 'node_modules');
  const bin = join(nm, '.bin');
  mkdirSync(bin, { recursive: true });
  for (const pkg of ['husky', 'lint-staged']) symlinkSync(join(ROOT, 'node_modules', pkg), join(nm, pkg));
  symlinkSync('../husky/bin.js', join(bin, 'husky'));
  symlinkSync('../lint-staged/bin/lint-staged.js', join(bin, 'lint-staged'));
  const kw = join(bin, 'keyward');
  writeFileSync(kw, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(kw, 0o755);
}

/** A directory holding only a `keyward` command, for PATH (the pre-commit framework's `language: system`). */
export function keywardOnPath(dir: string): string {
  const d = join(dir, 'bin');
  mkdirSync(d, { recursive: true });
  const kw = join(d, 'keyward');
  writeFileSync(kw, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(kw, 0o755);
  return d;
}
