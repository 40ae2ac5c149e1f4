import { existsSync, lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface WalkOptions {
  /** Honour .gitignore files (and .git/info/exclude). */
  gitignore: boolean;
  /** Paths never scanned (the config's allowed paths), tested on the display path. */
  exclude?: (displayPath: string) => boolean;
}

export interface WalkEntry {
  /** Absolute path to read. */
  abs: string;
  /** Path relative to the working directory's scan root, '/' separators (what reports show). */
  display: string;
  /**
   * The path's bytes, set when a name on it is not valid UTF-8: Node decodes such names with
   * U+FFFD, so `abs` (and `display`) cannot open the file; these bytes can.
   */
  raw?: Uint8Array;
}

export interface WalkCounters {
  ignored: number;
  symlinks: number;
  unreadable: string[];
}

interface IgnoreScope {
  base: string; // absolute directory the patterns are relative to
  ig: Ignore;
}

/**
 * Yields every regular file under `root` (a directory or a file). Symlinks are never followed
 * (their targets inside the root are scanned where they live; outside it, not at all), `.git`
 * directories are skipped, and .gitignore files apply from the repository root down.
 */
export function* walk(root: string, opts: WalkOptions, counters: WalkCounters): Generator<WalkEntry> {
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
    // An explicitly named file is scanned even when ignored or a symlink: the user asked for it.
    yield { abs: absRoot, display: toDisplay(displayBase, absRoot) };
    return;
  }
  const scopes = opts.gitignore ? parentScopes(absRoot) : [];
  // Depth first, entries in name order, a directory's files and sub-directories interleaved by
  // name: one frame per open directory instead of a generator per level (a yield through nested
  // generators costs a resume per level). Paths are built by concatenation: `dir` is absolute and
  // normalised, an entry name holds no separator.
  const stack: DirFrame[] = [];
  const enterDir = (dir: string, inherited: IgnoreScope[], raw?: Buffer): void => {
    const frame = openDir(dir, inherited, raw, opts, counters, displayBase);
    if (frame) stack.push(frame);
  };
  enterDir(absRoot, scopes);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const e = frame.entries[frame.next++]!;
    const isDir = e.isDirectory();
    if (isDir && e.name === '.git') continue;
    if (e.isSymbolicLink()) {
      counters.symlinks++;
      continue;
    }
    if (!isDir && !e.isFile()) continue; // sockets, fifos, devices
    const abs = frame.prefix + e.name;
    const rawAbs = frame.rawPrefix && Buffer.concat([frame.rawPrefix, frame.rawNames?.get(e.name)?.shift() ?? Buffer.from(e.name)]);
    const here = frame.scopes;
    if (here.length > 0 && isIgnored(here, abs, isDir)) {
      counters.ignored++;
      continue;
    }
    const display = toDisplay(displayBase, abs);
    if (opts.exclude?.(display)) {
      counters.ignored++;
      continue;
    }
    if (isDir) enterDir(abs, here, rawAbs);
    else yield rawAbs ? { abs, display, raw: rawAbs } : { abs, display };
  }
}

/**
 * A directory's frame: its entries sorted by name, with its .gitignore's scope added to those
 * inherited; undefined (counted unreadable) when it cannot be listed. `raw`: the directory's
 * bytes when its path is not valid UTF-8 (see WalkEntry.raw).
 */
function openDir(dir: string, inherited: IgnoreScope[], raw: Buffer | undefined, opts: WalkOptions, counters: WalkCounters, displayBase: string): DirFrame | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(raw ?? dir, { withFileTypes: true });
  } catch (e) {
    counters.unreadable.push(`${toDisplay(displayBase, dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
  let here = inherited;
  if (opts.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    const scope = loadScope(dir, raw ? Buffer.concat([raw, Buffer.from(`${sep}.gitignore`)]) : join(dir, '.gitignore'));
    if (scope) here = [...inherited, scope];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const frame: DirFrame = { prefix: dir.endsWith(sep) ? dir : dir + sep, entries, next: 0, scopes: here };
  if (raw || entries.some((e) => e.name.includes('\uFFFD'))) {
    frame.rawPrefix = Buffer.concat([raw ?? Buffer.from(dir), ...(dir.endsWith(sep) ? [] : [Buffer.from(sep)])]);
    frame.rawNames = undecodable(raw ?? dir);
  }
  return frame;
}

interface DirFrame {
  /** The directory's absolute path ending with a separator. */
  prefix: string;
  /** Its entries, sorted by name. */
  entries: Dirent[];
  /** Index of the next entry to visit. */
  next: number;
  /** .gitignore scopes that apply to its entries. */
  scopes: IgnoreScope[];
  /** Set under a name that is not valid UTF-8: the directory's bytes, ending with a separator. */
  rawPrefix?: Buffer;
  /** The bytes of its entries' names that do not decode, by their decoded (U+FFFD) form. */
  rawNames?: Map<string, Buffer[]>;
}

/** Names in `dir` that are not valid UTF-8, by the string Node decodes them to. */
function undecodable(dir: string | Buffer): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  try {
    for (const b of readdirSync(dir, { encoding: 'buffer' })) {
      const s = b.toString('utf8');
      if (Buffer.from(s).equals(b)) continue;
      const list = out.get(s);
      if (list) list.push(b);
      else out.set(s, [b]);
    }
  } catch {
    // the directory was readable a moment ago; its odd names are then reported unreadable
  }
  return out;
}

function isIgnored(scopes: IgnoreScope[], abs: string, isDir: boolean): boolean {
  // Later (deeper) scopes win, as in git: a negation in a sub-directory re-includes.
  for (let i = scopes.length - 1; i >= 0; i--) {
    const { base, ig } = scopes[i]!;
    const rel = relativePath(base, abs);
    if (!rel || rel.startsWith('..')) continue;
    const r = ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** .gitignore scopes from the enclosing repository root down to (not including) `dir`. */
function parentScopes(dir: string): IgnoreScope[] {
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
  const scopes: IgnoreScope[] = [];
  const exclude = gitInfoExclude(repoRoot);
  if (exclude) {
    const scope = loadScope(repoRoot, exclude);
    if (scope) scopes.push(scope);
  }
  for (const c of chain.slice(0, -1)) {
    const scope = loadScope(c, join(c, '.gitignore'));
    if (scope) scopes.push(scope);
  }
  return scopes;
}

function gitInfoExclude(repoRoot: string): string | undefined {
  const dotgit = join(repoRoot, '.git');
  try {
    if (lstatSync(dotgit).isDirectory()) return join(dotgit, 'info', 'exclude');
  } catch {
    // worktrees have a .git file; their excludes live in the common dir, not worth a git call here
  }
  return undefined;
}

function loadScope(base: string, file: string | Buffer): IgnoreScope | undefined {
  try {
    return { base, ig: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

function toDisplay(base: string, abs: string): string {
  // A path outside the working directory is shown whole: no path.relative for each file of a
  // tree scanned by absolute path (it cost ~150 ms of the main thread on 37,000 files).
  if (sep === '/' && !abs.startsWith(base)) return abs;
  const rel = relativePath(base, abs);
  return rel === '' ? '.' : rel.startsWith('..') ? (sep === '/' ? abs : abs.split(sep).join('/')) : rel;
}

/**
 * path.relative(base, abs) with '/' separators, for a normalised absolute `base` and `abs`.
 * Paths inside `base` (all a walk produces, usually) take a string slice; anything else, and
 * every path on Windows (where comparison ignores case), goes through path.relative.
 */
function relativePath(base: string, abs: string): string {
  if (sep === '/') {
    if (abs === base) return '';
    if (abs.startsWith(base)) {
      if (base.endsWith('/')) return abs.slice(base.length); // base is the root
      if (abs.charCodeAt(base.length) === 47 /* / */) return abs.slice(base.length + 1);
    }
    return relative(base, abs);
  }
  return relative(base, abs).split(sep).join('/');
}
