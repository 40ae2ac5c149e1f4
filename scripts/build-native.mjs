#!/usr/bin/env node
// Builds keyward's optional native addons, each on its own, when it can:
// - native/hyperscan, the prefilter (Debian: apt-get install libhyperscan-dev); without it keyward
//   selects rules with RE2 alone (src/detect/prefilter.ts);
// - native/decode, the run finder of decoding (no library, only a C compiler); without it
//   JavaScript finds the runs (src/detect/decode/find-encoded.ts).
// Git objects are read by git itself (`git cat-file`), never parsed here. Never fails the
// install: keyward gives the same findings with or without them.
// KEYWARD_NATIVE=0 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const say = (s) => process.stderr.write(`keyward: ${s}\n`);

const addons = [
  {
    dir: 'hyperscan',
    what: 'the Hyperscan prefilter',
    headers: ['/usr/include/hs/hs.h', '/usr/local/include/hs/hs.h'],
    pkg: 'libhyperscan-dev',
    without: 'rules are selected with RE2 alone',
  },
  {
    dir: 'decode',
    what: 'the base64 run finder',
    headers: [], // no library: only a C compiler
    pkg: '',
    without: 'encoded text is found in JavaScript',
  },
];

if (process.env.KEYWARD_NATIVE === '0') {
  say('KEYWARD_NATIVE=0: the optional native addons are not built');
} else {
  const gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  // Headers: npm passes its nodedir setting; run directly, use the system's Node headers if any
  // (node-gyp would otherwise download them).
  const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
  for (const a of addons) {
    const dir = join(root, a.dir);
    if (a.headers.length > 0 && !a.headers.some((h) => existsSync(h))) {
      say(`${a.pkg} not found: ${a.what} is not built; ${a.without}`);
      rmSync(join(dir, 'build'), { recursive: true, force: true });
      continue;
    }
    const r = spawnSync(process.execPath, [gyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status === 0) say(`built ${a.what} (native/${a.dir})`);
    else {
      // A half-built or stale addon must not be loaded.
      rmSync(join(dir, 'build'), { recursive: true, force: true });
      say(`building ${a.what} failed; ${a.without}:\n${String(r.stderr).trim().split('\n').slice(-5).join('\n')}`);
    }
  }
}
