import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { parse } from 'smol-toml';
import { gitAsync } from '../git/run.js';
import { resolveRules, type RuleSet } from './resolve.js';
import { CONFIG_NAMES, DEFAULT_CONFIG, isGitleaksConfig, loadConfig } from './config.js';
import { loadGitleaksConfig } from './gitleaks.js';

/** Where a config version lives: a commit (any tree-ish), the index, or nowhere (the defaults). */
export type ConfigRev = { tree: string } | 'index' | 'none';

/** A config version as the normal loader reads it: its rules, or why it does not load. */
export type ConfigVersion = { ruleSet: RuleSet; file?: string } | { error: string; file?: string };

// A config change is rare and small; these bound what a hostile tree can make keyward write.
const MAX_FILES = 500;
const MAX_BYTES = 32 * 1024 * 1024;
/** Packs and [extend] paths may reach this many directories above the repository root. */
const UP_LEVELS = 4;

interface Entry {
  path: string;
  oid: string;
}

/**
 * Loads the repository's root config (keyward.toml, else .gitleaks.toml, as findConfig picks) as
 * it is at `rev`, through the normal loaders: the config file, the packs it names and the
 * gitleaks files it extends are written from git into a private temporary directory laid out as
 * the repository, and loaded from there. Packs outside the repository are read where they are.
 * Examples are not verified (nothing is scanned with these rules; they are only compared).
 */
export async function loadConfigAt(top: string, rev: ConfigRev): Promise<ConfigVersion> {
  if (rev === 'none') return { ruleSet: resolveRules(DEFAULT_CONFIG, undefined, { verify: false }) };
  // git runs at the top: paths in the tree and in the index are then relative to the root.
  const roots = await listEntries(top, rev, CONFIG_NAMES);
  const name = CONFIG_NAMES.find((n) => roots.some((e) => e.path === n));
  if (!name) return { ruleSet: resolveRules(DEFAULT_CONFIG, undefined, { verify: false }) };
  const tmp = mkdtempSync(join(tmpdir(), 'keyward-config-'));
  const repo = join(tmp, ...Array<string>(UP_LEVELS).fill('r'));
  const shownRev = rev === 'index' ? 'index' : rev.tree.slice(0, 12);
  try {
    await materialize(top, rev, repo, name);
    const file = join(repo, name);
    const cfg = isGitleaksConfig(file) ? loadGitleaksConfig(file) : loadConfig(file);
    return { ruleSet: resolveRules(cfg, undefined, { verify: false }), file: name };
  } catch (e) {
    return { error: (e as Error).message.split(repo + '/').join(`${shownRev}:`), file: name };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Writes the config file and everything it references (in the repository) under `repo`. */
async function materialize(top: string, rev: Exclude<ConfigRev, 'none'>, repo: string, name: string): Promise<void> {
  const queue = [name];
  const done = new Set<string>();
  let files = 0;
  let bytes = 0;
  while (queue.length > 0 && done.size < 20) {
    const want = queue.shift()!;
    if (done.has(want)) continue;
    done.add(want);
    const entries = (await listEntries(top, rev, [want])).filter((e) => e.path === want || (posix.dirname(e.path) === want && e.path.endsWith('.toml')));
    const blobs = await readBlobs(top, entries);
    for (const [i, e] of entries.entries()) {
      const data = blobs[i]!;
      if (++files > MAX_FILES || (bytes += data.length) > MAX_BYTES) throw new Error(`the config at this revision references more than ${MAX_FILES} files or ${MAX_BYTES >> 20} MiB`);
      const target = resolve(repo, e.path);
      if (!target.startsWith(`${repo}${sep}`)) continue; // a crafted tree entry ("..") never leaves the directory
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data, { mode: 0o600 });
      if (e.path === want && /\.toml$/.test(want)) {
        for (const ref of references(data, want)) {
          const inRepo = posix.normalize(posix.join(posix.dirname(want), ref));
          if (ref.startsWith('/')) continue; // absolute: read where it is
          if (inRepo.startsWith('../')) linkOutside(repo, top, inRepo);
          else queue.push(inRepo);
        }
      }
    }
  }
}

/** Pack paths (keyward.toml) or the [extend] path (gitleaks) a config file names. */
function references(data: Buffer, path: string): string[] {
  let doc: Record<string, unknown>;
  try {
    doc = parse(data.toString('utf8'));
  } catch {
    return []; // the loader reports the syntax error
  }
  if (isGitleaksConfig(path)) {
    const ext = doc.extend as Record<string, unknown> | undefined;
    return typeof ext?.path === 'string' ? [ext.path] : [];
  }
  const packs = (doc.rules as Record<string, unknown> | undefined)?.packs;
  return Array.isArray(packs) ? packs.filter((p): p is string => typeof p === 'string') : [];
}

/** A path above the repository root, as the real one: a symlink at the same relative place. */
function linkOutside(repo: string, top: string, rel: string): void {
  const ups = rel.split('/').filter((s) => s === '..').length;
  if (ups > UP_LEVELS - 1) return; // too far up: the loader names it as unreadable
  const at = resolve(repo, rel);
  try {
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(resolve(top, rel), at);
  } catch {
    // already linked
  }
}

/** Regular files at or under `paths` in a commit's tree or in the index (stage 0). */
async function listEntries(cwd: string, rev: Exclude<ConfigRev, 'none'>, paths: string[]): Promise<Entry[]> {
  const args = rev === 'index' ? ['ls-files', '-s', '-z', '--', ...paths] : ['ls-tree', '-r', '-z', '--full-tree', rev.tree, '--', ...paths];
  const out = await gitAsync(args, { cwd });
  const entries: Entry[] = [];
  for (const line of out.toString('utf8').split('\0')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const [mode, a, b] = line.slice(0, tab).split(' ');
    const oid = rev === 'index' ? a : b;
    if ((mode === '100644' || mode === '100755') && oid && (rev !== 'index' || b === '0')) entries.push({ path: line.slice(tab + 1), oid });
  }
  return entries;
}

/** The blobs' contents, in order, from one `git cat-file --batch`. */
async function readBlobs(cwd: string, entries: Entry[]): Promise<Buffer[]> {
  if (entries.length === 0) return [];
  const input = entries.map((e) => `${e.oid}\n`).join('');
  // Sizes first: a hostile tree's 1 GB "pack" is refused before it is read.
  const sizes = (await gitAsync(['cat-file', '--batch-check=%(objectsize)'], { cwd, input })).toString('latin1').split('\n');
  if (sizes.slice(0, entries.length).reduce((n, s) => n + Number(s), 0) > MAX_BYTES) throw new Error(`the config at this revision references more than ${MAX_BYTES >> 20} MiB`);
  const out = await gitAsync(['cat-file', '--batch'], { cwd, input });
  const blobs: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    const nl = out.indexOf(10, at);
    const size = Number(out.subarray(at, nl).toString('latin1').split(' ')[2]);
    if (!Number.isSafeInteger(size) || size > MAX_BYTES) throw new Error(`cannot read ${entries[i]!.path} from git`);
    blobs.push(out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return blobs;
}
