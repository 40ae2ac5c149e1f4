#!/usr/bin/env node
// Generates the repository `bench/history` measures: a long history replaying real source files
// from the machine (the bench/scan corpus) with edits, several branches and merges, planted fake
// credentials, some history pushed to a local bare remote and some local only.
//   <bench dir>/history/repo/         the repository (one pack, as after `git gc`)
//   <bench dir>/history/remote.git/   bare remote (shares the objects through alternates)
//   <bench dir>/history/manifest.json what was generated: commits, blobs, bytes, planted secrets
// Usage: node bench/history/make-repo.mjs [--blob-mb 1100] [--seed 1] [--dir <bench dir>/history]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { MB, benchDir, fmtMB } from '../lib/index.mjs';
import { ensureCorpus } from '../scan/corpus.mjs';

const VERSION = 3; // bump when generation changes: old repositories are rebuilt
const AUTHORS = [
  ['Ada Lovelace', 'ada@example.com'],
  ['Grace Hopper', 'grace@example.com'],
  ['Linus Torvalds', 'linus@example.com'],
  ['Margaret Hamilton', 'margaret@example.com'],
  ['Dennis Ritchie', 'dennis@example.com'],
  ['Barbara Liskov', 'barbara@example.com'],
  ['Ken Thompson', 'ken@example.com'],
  ['Frances Allen', 'frances@example.com'],
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic PRNG (mulberry32): the same seed builds the same history. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

/** A value the generic secret rule reports (upper, lower and digits), from the PRNG. */
export function fakeSecret(r, n = 32) {
  for (;;) {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[r.int(ALNUM.length)];
    if (/[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s)) return s;
  }
}

/** A small realistic edit: replace, insert or delete a few lines, taking new lines from `donor`. */
export function editText(r, text, donor) {
  const lines = text.split('\n');
  const dl = donor.split('\n');
  const at = r.int(lines.length + 1);
  const take = (k) => {
    const from = r.int(Math.max(1, dl.length - k));
    return dl.slice(from, from + k);
  };
  const kind = r.int(3);
  if (kind === 0) lines.splice(at, 1 + r.int(3), ...take(1 + r.int(6)));
  else if (kind === 1) lines.splice(at, 0, ...take(1 + r.int(8)));
  else lines.splice(at, 1 + r.int(4));
  // A change marker keeps every version distinct even when the donor lines were already there.
  lines.splice(r.int(lines.length + 1), 0, `// rev ${r.int(1e9).toString(36)}`);
  return lines.join('\n');
}

/** Writes a fast-import stream to git, respecting backpressure. */
class FastImport {
  constructor(repo) {
    this.child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo, stdio: ['pipe', 'inherit', 'inherit'] });
    this.closed = new Promise((res, rej) => this.child.on('close', (c) => (c === 0 ? res() : rej(new Error(`git fast-import exited ${c}`)))));
    this.mark = 0;
  }
  async write(chunk) {
    if (!this.child.stdin.write(chunk)) await new Promise((r) => this.child.stdin.once('drain', r));
  }
  async blob(content) {
    const mark = ++this.mark;
    const buf = Buffer.from(content);
    await this.write(`blob\nmark :${mark}\ndata ${buf.length}\n`);
    await this.write(buf);
    await this.write('\n');
    return mark;
  }
  async commit({ ref, author, time, message, from, merge, changes }) {
    const mark = ++this.mark;
    const [name, email] = author;
    const msg = Buffer.from(message);
    let head = `commit ${ref}\nmark :${mark}\nauthor ${name} <${email}> ${time} +0000\ncommitter ${name} <${email}> ${time} +0000\ndata ${msg.length}\n`;
    await this.write(head);
    await this.write(msg);
    head = '\n';
    if (from) head += `from ${from}\n`;
    for (const m of merge ?? []) head += `merge ${m}\n`;
    for (const c of changes) head += c.delete ? `D ${c.path}\n` : `M 100644 :${c.mark} ${c.path}\n`;
    await this.write(`${head}\n`);
    return mark;
  }
  async end() {
    this.child.stdin.end('done\n');
    await this.closed;
  }
}

/**
 * Builds the repository. Main gets a long linear history; feature branches fork from it, get
 * commits interleaved in time, and most are merged back. Every commit edits a few files (each
 * edit is a new blob of the whole file) and now and then adds corpus files. Secrets are planted
 * in some edits, and some of them are deleted again later.
 */
export async function makeRepo({ blobMb = 1100, seed = 1, dir = join(benchDir(), 'history'), log = (s) => process.stderr.write(s) } = {}) {
  const repo = join(dir, 'repo');
  const remote = join(dir, 'remote.git');
  const manifestFile = join(dir, 'manifest.json');
  const params = { version: VERSION, blobMb, seed };
  if (existsSync(manifestFile) && existsSync(repo)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (JSON.stringify(m.params) === JSON.stringify(params)) {
      log(`history repo: reusing ${repo} (${m.commits} commits, ${fmtMB(m.blobBytes)} of blobs)\n`);
      return { ...m, repo, remote };
    }
  }
  const corpus = ensureCorpus({ log });
  const r = rng(seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  log(`history repo: generating ${blobMb} MB of blob versions in ${repo} ...\n`);

  const read = (rel) => readFileSync(join(corpus.root, rel), 'utf8');
  // Files of moderate size make realistic histories (and keep each version a real file).
  const pool = corpus.list.filter((_, i) => i % 2 === 0);
  let nextNew = 0;
  const fi = new FastImport(repo);
  const planted = [];
  let blobBytes = 0;
  let blobs = 0;
  let commits = 0;
  let time = Date.UTC(2015, 0, 1) / 1000;

  const newBlob = async (content) => {
    blobBytes += Buffer.byteLength(content);
    blobs++;
    return fi.blob(content);
  };
  const branches = new Map(); // name -> { files: Map<path, {mark, text}>, head, changed: Set<path> }
  const main = { name: 'main', files: new Map(), head: undefined, changed: new Set() };
  branches.set('main', main);

  // Initial import: a project of a few hundred files.
  const initial = [];
  for (let i = 0; i < 400 && nextNew < pool.length; i++) {
    const rel = pool[nextNew++];
    const text = read(rel);
    const mark = await newBlob(text);
    main.files.set(rel, { mark, text });
    initial.push({ path: rel, mark });
  }
  main.head = `:${await fi.commit({ ref: 'refs/heads/main', author: AUTHORS[0], time, message: 'initial import\n', changes: initial })}`;
  commits++;

  const commitOn = async (b, { plant } = {}) => {
    time += 600 + r.int(7200);
    const paths = [...b.files.keys()];
    const changes = [];
    const nEdits = 4 + r.int(16);
    const touched = new Set();
    for (let k = 0; k < nEdits; k++) {
      const path = r.pick(paths);
      if (touched.has(path)) continue;
      touched.add(path);
      const f = b.files.get(path);
      let text = editText(r, f.text, b.files.get(r.pick(paths)).text);
      if (plant && k === 0) {
        const secret = fakeSecret(r);
        const lines = text.split('\n');
        const line = r.int(lines.length) + 1;
        lines.splice(line - 1, 0, `const API_KEY = "${secret}";`);
        text = lines.join('\n');
        planted.push({ secret, path, branch: b.name, commitIndex: commits });
      }
      const mark = await newBlob(text);
      b.files.set(path, { mark, text });
      b.changed.add(path);
      changes.push({ path, mark });
    }
    // New files now and then; a deletion or a rename more rarely.
    if (r.next() < 0.3 && nextNew < pool.length) {
      const rel = pool[nextNew++];
      const text = read(rel);
      const mark = await newBlob(text);
      b.files.set(rel, { mark, text });
      b.changed.add(rel);
      changes.push({ path: rel, mark });
    }
    if (r.next() < 0.03 && paths.length > 50) {
      const victim = r.pick(paths);
      if (!touched.has(victim)) {
        const f = b.files.get(victim);
        b.files.delete(victim);
        b.changed.add(victim);
        changes.push({ path: victim, delete: true });
        if (r.next() < 0.5) {
          const to = `moved/${victim}`;
          b.files.set(to, f);
          b.changed.add(to);
          changes.push({ path: to, mark: f.mark });
        }
      }
    }
    b.head = `:${await fi.commit({ ref: `refs/heads/${b.name}`, author: r.pick(AUTHORS), time, message: `${b.name}: change ${commits}\n`, from: b.head, changes })}`;
    b.commits = (b.commits ?? 0) + 1;
    commits++;
  };

  let featureNo = 0;
  const open = [];
  const target = blobMb * MB;
  while (blobBytes < target) {
    // Fork a feature branch now and then.
    if (r.next() < 0.01 || (open.length === 0 && r.next() < 0.05)) {
      const name = `feature/${++featureNo}`;
      const b = { name, files: new Map(main.files), head: main.head, changed: new Set(), left: 20 + r.int(80), commits: 0 };
      branches.set(name, b);
      open.push(b);
    }
    const b = open.length > 0 && r.next() < 0.4 ? r.pick(open) : main;
    await commitOn(b, { plant: r.next() < 0.004 });
    if (b !== main && --b.left <= 0) {
      open.splice(open.indexOf(b), 1);
      // Three of four features are merged into main (the feature's side wins on conflicts).
      if (featureNo % 4 !== 0) {
        time += 60;
        const changes = [];
        for (const path of b.changed) {
          const f = b.files.get(path);
          if (f) {
            main.files.set(path, f);
            changes.push({ path, mark: f.mark });
          } else if (main.files.has(path)) {
            main.files.delete(path);
            changes.push({ path, delete: true });
          }
        }
        main.head = `:${await fi.commit({ ref: 'refs/heads/main', author: r.pick(AUTHORS), time, message: `Merge ${b.name}\n`, from: main.head, merge: [b.head], changes })}`;
        commits++;
      }
    }
    if (commits % 500 === 0) log(`  ${commits} commits, ${fmtMB(blobBytes)}\n`);
  }
  // One planted secret that is deleted again: it stays in history only.
  await commitOn(main, { plant: true });
  const last = planted[planted.length - 1];
  const f = main.files.get(last.path);
  const text = f.text.split('\n').filter((l) => !l.includes(last.secret)).join('\n');
  const mark = await newBlob(text);
  main.files.set(last.path, { mark, text });
  time += 600;
  main.head = `:${await fi.commit({ ref: 'refs/heads/main', author: AUTHORS[1], time, message: 'remove leaked key\n', from: main.head, changes: [{ path: last.path, mark }] })}`;
  commits++;
  await fi.end();

  log('history repo: repacking (git gc) ...\n');
  execFileSync('git', ['gc', '--quiet'], { cwd: repo, stdio: 'inherit' });

  // The remote shares the objects (alternates): pushing copies no data, only refs.
  execFileSync('git', ['init', '-q', '--bare', remote]);
  writeFileSync(join(remote, 'objects', 'info', 'alternates'), `${join(repo, '.git', 'objects')}\n`);
  execFileSync('git', ['remote', 'add', 'origin', remote], { cwd: repo });
  // main is pushed except its last 40 commits; every other feature branch is pushed.
  const pushed = ['main~40:refs/heads/main'];
  for (const [name, b] of branches) if (name !== 'main' && b.commits > 0 && Number(name.split('/')[1]) % 2 === 1) pushed.push(`${name}:refs/heads/${name}`);
  execFileSync('git', ['push', '-q', 'origin', ...pushed], { cwd: repo, stdio: 'inherit' });
  execFileSync('git', ['fetch', '-q', 'origin'], { cwd: repo, stdio: 'inherit' });

  const refs = [...branches.values()].filter((b) => b.name === 'main' || b.commits > 0).length;
  const manifest = { params, commits, blobs, blobBytes, branches: refs, planted, created: new Date().toISOString() };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`history repo: ${commits} commits, ${blobs} blob versions, ${fmtMB(blobBytes)}, ${refs} branches, ${planted.length} planted secrets\n`);
  return { ...manifest, repo, remote };
}

/** Adds `n` commits on main (edits, one planted secret): the "new work" of an incremental run. */
export async function addCommits(repo, n, seed) {
  const r = rng(seed);
  const git = (args) => execFileSync('git', args, { cwd: repo, maxBuffer: 256 * MB }).toString();
  const files = git(['ls-tree', '-r', '--name-only', 'main']).split('\n').filter(Boolean);
  const head = git(['rev-parse', 'main']).trim();
  const contents = new Map();
  const get = (path) => contents.get(path) ?? git(['cat-file', 'blob', `${head}:${path}`]);
  const fi = new FastImport(repo);
  let from = head;
  let time = Math.floor(Date.now() / 1000);
  const secrets = [];
  for (let i = 0; i < n; i++) {
    const changes = [];
    for (let k = 0; k < 3; k++) {
      const path = r.pick(files);
      let text = editText(r, get(path), get(r.pick(files)));
      if (i === 0 && k === 0) {
        const s = fakeSecret(r);
        secrets.push(s);
        text = `const API_KEY = "${s}";\n${text}`;
      }
      contents.set(path, text);
      changes.push({ path, mark: await fi.blob(text) });
    }
    from = `:${await fi.commit({ ref: 'refs/heads/main', author: AUTHORS[2], time: time++, message: `new work ${i}\n`, from, changes })}`;
  }
  await fi.end();
  return secrets;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { 'blob-mb': { type: 'string', default: '1100' }, seed: { type: 'string', default: '1' }, dir: { type: 'string' } },
  });
  const m = await makeRepo({ blobMb: Number(values['blob-mb']), seed: Number(values.seed), ...(values.dir ? { dir: values.dir } : {}) });
  console.log(JSON.stringify({ repo: m.repo, commits: m.commits, blobs: m.blobs, blobBytes: m.blobBytes, planted: m.planted.length }, null, 2));
}
