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
  yield* walkDir(absRoot, scopes, opts, counters, displayBase);
}

function* walkDir(dir: string, scopes: IgnoreScope[], opts: WalkOptions, counters: WalkCounters, displayBase: string): Generator<WalkEntry> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    counters.unreadable.push(`${toDisplay(displayBase, dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  let here = scopes;
  if (opts.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    const scope = loadScope(dir, join(dir, '.gitignore'));
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
    if (!isDir && !e.isFile()) continue; // sockets, fifos, devices
    if (here.length > 0 && isIgnored(here, abs, isDir)) {
      counters.ignored++;
      continue;
    }
    const display = toDisplay(displayBase, abs);
    if (opts.exclude?.(display)) {
      counters.ignored++;
      continue;
    }
    if (isDir) yield* walkDir(abs, here, opts, counters, displayBase);
    else yield { abs, display };
  }
}

function isIgnored(scopes: IgnoreScope[], abs: string, isDir: boolean): boolean {
  // Later (deeper) scopes win, as in git: a negation in a sub-directory re-includes.
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

function loadScope(base: string, file: string): IgnoreScope | undefined {
  try {
    return { base, ig: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

function toDisplay(base: string, abs: string): string {
  const rel = relative(base, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
