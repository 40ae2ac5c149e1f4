// After `npm install` / `npm ci` in a checkout of keyward: compile it and activate its own hooks.
// An installed package (from npm, `npm pack`, pre-commit's `language: node`) ships dist/ already
// and has no src/: nothing to do.
//
// Why not `prepare`: `npm pack` runs `prepare` and prints its banners on stdout, which must hold
// only the tarball's name; the pre-commit framework installs a `language: node` hook by reading
// that name, and failed on keyward's ("tarball ... seems to be corrupted"). `npm pack` runs no
// `postinstall`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'src')) && existsSync(join(root, 'tsconfig.json'))) {
  const npm = process.env.npm_execpath;
  const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
  const built = npm ? run(process.execPath, [npm, 'run', 'build']) : run('npm', ['run', 'build']);
  if (built !== 0) process.exit(built);
  // husky: keyward's own repository runs keyward's hook (HUSKY=0 skips it, as husky documents).
  const husky = join(root, 'node_modules', '.bin', 'husky');
  if (existsSync(join(root, '.git')) && existsSync(husky)) process.exit(run(husky, []));
}
