#!/usr/bin/env node
// Assembles the second precision corpus (issue 15: "a second corpus you assemble from what is on
// the machine and do not tune on"), chosen at stop 15: Debian's Python packages and standard
// library, Perl modules, CMake modules, package docs, the Maven repository, gitweb, Emacs Lisp,
// debhelper and lintian. Text files only (no NUL byte), at most 2 MB, no `.gz`, no symlinks, each
// tree walked in sorted order; hardlinked (copied across filesystems) under
// <bench dir>/second-corpus/<original absolute path>. What it holds depends on the Debian packages
// installed, so the file count is printed and goes next to any figure measured on it.
// Usage: node bench/scan/second-corpus.mjs [--out DIR]
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { MB, benchDir, fmtMB } from '../lib/index.mjs';

const MAX_FILE = 2 * MB;
const ROOTS = [
  '/usr/lib/python3/dist-packages',
  '/usr/lib/python3.11',
  ...['perl', 'perl5', 'cmake-3.25', 'doc', 'maven-repo', 'gitweb', 'emacs', 'debhelper', 'lintian'].map((d) => `/usr/share/${d}`),
];

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ?? join(benchDir(), 'second-corpus');
rmSync(out, { recursive: true, force: true });

let files = 0;
let bytes = 0;
for (const root of ROOTS) walk(root);
console.log(`${out}: ${files} files, ${fmtMB(bytes)}`);

function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return; // a root this machine does not have
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && !e.name.endsWith('.gz')) take(p);
  }
}

function take(p) {
  const st = lstatSync(p);
  if (st.size === 0 || st.size > MAX_FILE) return;
  let data;
  try {
    data = readFileSync(p);
  } catch {
    return;
  }
  if (data.includes(0)) return;
  const dst = join(out, p);
  mkdirSync(dirname(dst), { recursive: true });
  try {
    linkSync(p, dst);
  } catch {
    copyFileSync(p, dst);
  }
  files++;
  bytes += data.length;
}
