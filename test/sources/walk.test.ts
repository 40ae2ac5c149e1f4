import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walk, type WalkCounters, type WalkEntry, type WalkOptions } from '../../src/sources/walk.js';
import { tempDir } from '../helpers/fake.js';

// The walk builds paths by concatenation; this is the path.join/relative version it replaced,
// kept as the reference its output must equal exactly (order, display strings, counters).
interface RefIgnoreScope {
  base: string;
  ig: Ignore;
}
function* walkRef(root: string, opts: WalkOptions, counters: WalkCounters): Generator<WalkEntry> {
  const absRoot = resolve(root);
  const displayBase = process.cwd();
  let st;
  try {
    st = statSync(absRoot);
  } catch (e) {
    counters.unreadable.push(`${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  if (!st.isDirectory()) {
    yield { abs: absRoot, display: refToDisplay(displayBase, absRoot) };
    return;
  }
  const scopes = opts.gitignore ? refParentScopes(absRoot) : [];
  yield* refWalkDir(absRoot, scopes, opts, counters, displayBase);
}
function* refWalkDir(dir: string, scopes: RefIgnoreScope[], opts: WalkOptions, counters: WalkCounters, displayBase: string): Generator<WalkEntry> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    counters.unreadable.push(`${refToDisplay(displayBase, dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  let here = scopes;
  if (opts.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    const scope = refLoadScope(dir, join(dir, '.gitignore'));
    if (scope) here = [...scopes, scope];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (e.isDirectory() && e.name === '.git') continue;
    if (e.isSymbolicLink()) {
      counters.symlinks++;
      continue;
    }
    const isDir = e.isDirectory();
    if (!isDir && !e.isFile()) continue;
    if (here.length > 0 && refIsIgnored(here, abs, isDir)) {
      counters.ignored++;
      continue;
    }
    const display = refToDisplay(displayBase, abs);
    if (opts.exclude?.(display)) {
      counters.ignored++;
      continue;
    }
    if (isDir) yield* refWalkDir(abs, here, opts, counters, displayBase);
    else yield { abs, display };
  }
}

function refIsIgnored(scopes: RefIgnoreScope[], abs: string, isDir: boolean): boolean {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const { base, ig } = scopes[i]!;
    const rel = relative(base, abs).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const r = ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

function refParentScopes(dir: string): RefIgnoreScope[] {
  const chain: string[] = [];
  let d = dir;
  let repoRoot: string | undefined;
  for (;;) {
    chain.unshift(d);
    if (existsSync(join(d, '.git'))) {
      repoRoot = d;
      break;
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (!repoRoot) return [];
  const scopes: RefIgnoreScope[] = [];
  const dotgit = join(repoRoot, '.git');
  let exclude: string | undefined;
  try {
    if (lstatSync(dotgit).isDirectory()) exclude = join(dotgit, 'info', 'exclude');
  } catch {
    // as walk.ts
  }
  if (exclude) {
    const scope = refLoadScope(repoRoot, exclude);
    if (scope) scopes.push(scope);
  }
  for (const c of chain.slice(0, -1)) {
    const scope = refLoadScope(c, join(c, '.gitignore'));
    if (scope) scopes.push(scope);
  }
  return scopes;
}

function refLoadScope(base: string, file: string): RefIgnoreScope | undefined {
  try {
    return { base, ig: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

function refToDisplay(base: string, abs: string): string {
  const rel = relative(base, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

let dir: string;
let cleanup: () => void;
let cwd: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  cwd = process.cwd();
});
afterEach(() => {
  process.chdir(cwd);
  cleanup();
});

const file = (rel: string, text = 'x\n') => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
};

/** A repository with nested .gitignore files (a negation deeper down), odd names, symlinks and a .git directory. */

function tree(): void {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(join(dir, '.git', 'info', 'exclude'), 'excluded.txt\n');
  file('.gitignore', '*.log\nbuild/\n/top-only.txt\n..hidden-ish/skip.txt\n');
  file('a.txt');
  file('excluded.txt');
  file('top-only.txt');
  file('x.log');
  file('build/out.js');
  file('..dots/inner.txt');
  file('..hidden-ish/skip.txt');
  file('..hidden-ish/keep.txt');
  file('src/.gitignore', '!keep.log\nsecret/\n');
  file('src/keep.log');
  file('src/drop.log');
  file('src/top-only.txt');
  file('src/secret/k.env');
  file('src/deep/er/a b.txt');
  file('src/deep/er/ü.txt');
  file('src/deep/.gitignore', '*\n!*.txt\n!er/\n');
  file('src/deep/z.md');
  file('B/upper.txt');
  file('a-b/c.txt');
  file('a.b/c.txt');
  file('sub/repo/.git/HEAD', 'ref: x\n');
  file('sub/repo/in.txt');
  symlinkSync(join(dir, 'a.txt'), join(dir, 'link.txt'));
  symlinkSync(join(dir, 'src'), join(dir, 'src-link'));
}


function both(root: string, opts: WalkOptions): { got: unknown; want: unknown } {
  const run = (fn: typeof walk) => {
    const counters: WalkCounters = { ignored: 0, symlinks: 0, unreadable: [] };
    const entries = [...fn(root, opts, counters)];
    return { entries, counters };
  };
  return { got: run(walk), want: run(walkRef) };
}

describe('walk', () => {
  const variants: Array<[string, WalkOptions]> = [
    ['gitignore', { gitignore: true }],
    ['no gitignore', { gitignore: false }],
    ['gitignore and exclude', { gitignore: true, exclude: (d) => d.endsWith('c.txt') || d.includes('deep/') }],
    ['exclude prunes directories', { gitignore: false, exclude: (d) => d === 'B' || d.endsWith('src/secret') || d.endsWith('.log') }],
  ];

  it.each(variants)('lists what the path.join/relative walk listed (%s), from every cwd', (_name, opts) => {
    tree();
    const cases: Array<[string, string]> = [
      [dir, '.'], // root is the cwd
      [dir, dir], // same, absolute
      [dir, 'src'], // below the cwd
      [dir, 'src/'],
      [dir, './src/../src//deep'],
      [join(dir, 'src'), '..'], // root is an ancestor of the cwd: some displays relative, some absolute
      [join(dir, 'src', 'deep'), '../..'],
      [join(dir, 'B'), join(dir, 'src')], // root is a sibling of the cwd
      [join(dir, '..dots'), '..'], // the cwd's own name starts with '..'
      ['/', dir], // cwd is the file-system root
      [dir, 'a.txt'], // a file root
      [dir, 'link.txt'], // a symlink named explicitly
      [dir, 'missing'],
    ];
    for (const [from, root] of cases) {
      process.chdir(from);
      const { got, want } = both(root, opts);
      expect(got, `cwd ${from}, root ${root}`).toEqual(want);
    }
    process.chdir(dir);
    expect((both('.', opts).got as { entries: WalkEntry[] }).entries.length).toBeGreaterThan(5);
  });

  it('keeps the reference display for a cwd-level name starting with ".." (shown absolute)', () => {
    file('..odd/f.txt');
    file('n.txt');
    process.chdir(dir);
    const counters: WalkCounters = { ignored: 0, symlinks: 0, unreadable: [] };
    const got = [...walk('.', { gitignore: false }, counters)].map((e) => e.display);
    expect(got).toEqual([join(process.cwd(), '..odd', 'f.txt').split(sep).join('/'), 'n.txt']);
  });
});
