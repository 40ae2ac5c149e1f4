import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempDir } from '../helpers/fake.js';
import { pathWithout, which } from '../helpers/path.js';

// The "keyward cannot be found" staged test hides keyward from PATH. On a machine where keyward
// was installed next to git (a global npm install into /usr/bin), dropping keyward's directory
// dropped git too, and the test failed for the wrong reason.
const saved = process.env.PATH;
const tmp = tempDir('keyward-path-');
afterEach(() => {
  process.env.PATH = saved;
  tmp.cleanup();
});

it('hides keyward but keeps git, node and sh when they share its directory', () => {
  const shared = join(tmp.dir, 'usr-bin');
  const kept = join(tmp.dir, 'kept');
  mkdirSync(shared);
  const real: Record<string, string> = { git: which('git')!, node: process.execPath, sh: which('sh')! };
  for (const [name, target] of Object.entries(real)) symlinkSync(target, join(shared, name));
  writeFileSync(join(shared, 'keyward'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  process.env.PATH = shared;
  const path = pathWithout('keyward', ['git', 'node', 'sh'], kept);
  expect(which('keyward', path)).toBeUndefined();
  for (const name of Object.keys(real)) expect(which(name, path), name).toBe(join(kept, name));
});
