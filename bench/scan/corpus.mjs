#!/usr/bin/env node
// Assembles a source-code corpus from what is installed on the machine, outside the repository:
//   <bench dir>/corpus/        the files (hardlinked when possible, else copied)
//   <bench dir>/corpus.json    manifest: files, bytes, per-source counts
//   <bench dir>/corpus.txt     the files in selection order (subsets take a prefix of it)
// Usage: node bench/scan/corpus.mjs [--size-mb 200]
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { MB, benchDir, fmtMB, repoRoot } from '../lib/index.mjs';

const VERSION = 2; // bump when the selection rules change: old corpora get rebuilt
const MAX_FILE = 2 * MB;

const PY_EXT = ['.py', '.pyi', '.txt', '.cfg', '.toml', '.json', '.md', '.rst', '.yaml'];
const NODE_EXT = ['.js', '.ts', '.json', '.md', '.map'];

/**
 * Sources files are drawn from, balanced by bytes (each next file comes from the source with the
 * fewest bytes so far), so the corpus and any prefix of it mix languages evenly. Python versions are one source: each relative path is taken from
 * the newest version that has it, so the corpus is not eight copies of the same stdlib.
 */
function sources() {
  const pyRoot = '/root/.pyenv/versions';
  const pyDirs = [];
  for (const v of safeList(pyRoot).sort(byVersionDesc)) {
    for (const lib of safeList(join(pyRoot, v, 'lib')).sort()) {
      if (/^python3\.\d+$/.test(lib)) pyDirs.push({ dir: join(pyRoot, v, 'lib', lib), tag: v });
    }
  }
  return [
    { label: 'python', roots: pyDirs, ext: PY_EXT },
    { label: 'npm-local', roots: [{ dir: join(repoRoot, 'node_modules'), tag: '' }], ext: NODE_EXT },
    { label: 'npm-global', roots: [{ dir: '/usr/lib/node_modules', tag: '' }], ext: NODE_EXT },
    { label: 'include', roots: [{ dir: '/usr/include', tag: '' }], ext: null }, // all text files
  ];
}

function byVersionDesc(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// Code-unit order, not locale order: the same on every machine.
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Regular files under dir, sorted by relative path; no symlinks, no dot files or dot dirs. */
function listFiles(dir, ext, out = [], rel = '') {
  let entries;
  try {
    entries = readdirSync(join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => cmp(a.name, b.name));
  for (const e of entries) {
    // Dot files include .gitignore (nothing in the corpus may ignore anything) and .secretlintrc;
    // secretlint's default glob skips dot paths too, so both tools see the same files.
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) listFiles(dir, ext, out, r);
    else if (e.isFile() && e.name !== 'keyward.toml' && (!ext || ext.some((x) => e.name.endsWith(x)))) out.push(r);
  }
  return out;
}

/** Candidates of one source as [{ abs, dest, key }], sorted by key (path inside its root). */
function candidates(src) {
  const seen = new Set();
  const out = [];
  for (const { dir, tag } of src.roots) {
    for (const r of listFiles(dir, src.ext)) {
      if (seen.has(r)) continue;
      seen.add(r);
      // node_modules is renamed: scanners may skip it by default, and the corpus is "source code"
      const dest = [src.label, tag, r.replaceAll(/(^|\/)node_modules(?=\/)/g, '$1nm')].filter(Boolean).join('/');
      out.push({ abs: join(dir, r), dest, key: r });
    }
  }
  // by path inside the root, so Python versions interleave instead of coming one after another
  return out.sort((a, b) => cmp(a.key, b.key));
}

/** Text = no NUL byte anywhere (files are at most 2 MB, so reading them whole is cheap). */
function readText(abs) {
  let st;
  try {
    st = statSync(abs);
  } catch {
    return null;
  }
  if (!st.isFile() || st.size > MAX_FILE) return null;
  let buf;
  try {
    buf = readFileSync(abs);
  } catch {
    return null;
  }
  return buf.includes(0) ? null : buf.length;
}

function place(abs, dest) {
  mkdirSync(dirname(dest), { recursive: true });
  try {
    linkSync(abs, dest);
  } catch {
    copyFileSync(abs, dest); // other filesystem, or hardlinks not allowed
  }
}

function countTree(dir) {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const c = countTree(p);
      files += c.files;
      bytes += c.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += statSync(p).size;
    }
  }
  return { files, bytes };
}

function readManifest(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** An existing build is reused when its parameters match and its files are all still there. */
function reusable(manifest, params, dir) {
  if (!manifest || manifest.version !== VERSION || JSON.stringify(manifest.params) !== JSON.stringify(params)) return false;
  if (!existsSync(dir)) return false;
  const c = countTree(dir);
  return c.files === manifest.files && c.bytes === manifest.bytes;
}

/**
 * Builds (or reuses) the corpus. Returns the manifest plus `root` (the corpus directory) and
 * `list` (relative paths in selection order).
 */
export function ensureCorpus({ sizeMb = 200, dir = benchDir(), log = (s) => process.stderr.write(s) } = {}) {
  const root = join(dir, 'corpus');
  const manifestFile = join(dir, 'corpus.json');
  const listFile = join(dir, 'corpus.txt');
  const params = { sizeMb };
  const old = readManifest(manifestFile);
  if (reusable(old, params, root) && existsSync(listFile)) {
    log(`corpus: reusing ${root} (${old.files} files, ${fmtMB(old.bytes)})\n`);
    return { ...old, root, list: readFileSync(listFile, 'utf8').split('\n').filter(Boolean) };
  }

  log(`corpus: building ${sizeMb} MB in ${root} ...\n`);
  mkdirSync(dir, { recursive: true });
  const tmp = `${root}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const target = sizeMb * MB;
  const queues = sources().map((s) => ({ label: s.label, items: candidates(s), next: 0, files: 0, bytes: 0 }));
  const list = [];
  let bytes = 0;
  while (bytes < target) {
    // next file from the source with the fewest bytes so far (ties: source order)
    let q = null;
    for (const c of queues) if (c.next < c.items.length && (!q || c.bytes < q.bytes)) q = c;
    if (!q) break; // every source exhausted
    const { abs, dest } = q.items[q.next++];
    const size = readText(abs);
    if (size == null) continue; // binary, too large or unreadable
    place(abs, join(tmp, dest));
    list.push(dest);
    q.files++;
    q.bytes += size;
    bytes += size;
  }
  if (bytes < target) log(`corpus: WARNING only ${fmtMB(bytes)} of text found on this machine (asked for ${sizeMb} MB)\n`);

  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  const manifest = {
    version: VERSION,
    params,
    files: list.length,
    bytes,
    sources: Object.fromEntries(queues.map((q) => [q.label, { files: q.files, bytes: q.bytes }])),
    created: new Date().toISOString(),
  };
  writeFileSync(listFile, `${list.join('\n')}\n`);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`corpus: ${manifest.files} files, ${fmtMB(bytes)}\n`);
  return { ...manifest, root, list };
}

/**
 * A deterministic prefix of the corpus (first files in selection order, at most maxFiles and
 * maxMb), hardlinked into <bench dir>/subset/ for tools too slow for the whole corpus.
 */
export function ensureSubset(corpus, { maxFiles = 800, maxMb = 20, dir = benchDir(), log = (s) => process.stderr.write(s) } = {}) {
  const root = join(dir, 'subset');
  const manifestFile = join(dir, 'subset.json');
  const params = { maxFiles, maxMb, corpus: corpus.created };
  const old = readManifest(manifestFile);
  if (reusable(old, params, root)) return { ...old, root };

  rmSync(root, { recursive: true, force: true });
  let bytes = 0;
  let files = 0;
  for (const rel of corpus.list) {
    if (files >= maxFiles) break;
    const src = join(corpus.root, rel);
    const size = statSync(src).size;
    if (files > 0 && bytes + size > maxMb * MB) break;
    place(src, join(root, rel));
    bytes += size;
    files++;
  }
  const manifest = { version: VERSION, params, files, bytes };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`subset: first ${files} corpus files, ${fmtMB(bytes)} in ${root}\n`);
  return { ...manifest, root };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { 'size-mb': { type: 'string', default: '200' } } });
  const c = ensureCorpus({ sizeMb: Number(values['size-mb']) });
  const rel = relative(process.cwd(), c.root) || '.';
  console.log(JSON.stringify({ root: rel, files: c.files, bytes: c.bytes, sources: c.sources }, null, 2));
}
