#!/usr/bin/env node
// Builds keyward's optional Hyperscan prefilter (native/hyperscan) when the library is installed
// (Debian: apt-get install libhyperscan-dev). Never fails the install: without it keyward selects
// rules with RE2 alone, as before (src/detect/prefilter.ts). KEYWARD_NATIVE=0 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native', 'hyperscan');
const say = (s) => process.stderr.write(`keyward: ${s}\n`);
const headers = ['/usr/include/hs/hs.h', '/usr/local/include/hs/hs.h'];

if (process.env.KEYWARD_NATIVE === '0') {
  say('KEYWARD_NATIVE=0: the Hyperscan prefilter is not built');
} else if (!headers.some((h) => existsSync(h))) {
  say('Hyperscan not found (libhyperscan-dev): the optional prefilter is not built; rules are selected with RE2 alone');
  rmSync(join(dir, 'build'), { recursive: true, force: true });
} else {
  const gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  // Headers: npm passes its nodedir setting; run directly, use the system's Node headers if any
  // (node-gyp would otherwise download them).
  const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  const args = [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const r = spawnSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status === 0) say('built the Hyperscan prefilter (native/hyperscan)');
  else {
    // A half-built or stale addon must not be loaded.
    rmSync(join(dir, 'build'), { recursive: true, force: true });
    say(`building the Hyperscan prefilter failed; rules are selected with RE2 alone:\n${String(r.stderr).trim().split('\n').slice(-5).join('\n')}`);
  }
}
