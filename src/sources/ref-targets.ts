import type { ItemSource, ScanItem } from '../engine/items.js';
import { GitObjectReader } from '../git/object-reader.js';
import { listTree } from '../git/ls-tree.js';
import type { RangedBlob } from '../engine/ranged.js';
import { TAG_MESSAGE, type Finding } from '../model/finding.js';
import { messageItem, personFields, type PresentObject } from './object-message.js';

/** A ref and the object it names (an oid, or any revision git resolves). */
export interface RefTip {
  ref: string;
  oid: string;
}

/**
 * How much content a ref naming a tree may hold. More is not scanned and makes the scan
 * incomplete (a hook rejects: fail closed): a tree past these bounds would cost a push the
 * server's whole time budget.
 */
export const TREE_LIMITS = { files: 50_000, bytes: 512 * 1024 * 1024 };
/** Tags pointing at tags: a longer chain is a crafted loop-like object, not followed. */
const MAX_TAG_CHAIN = 16;
const REGULAR_FILE = new Set(['100644', '100755']);

export interface RefTargetOptions {
  cwd: string;
  /** The project's allowed paths (never scanned), for files of a tree. */
  allowPath?: (path: string) => boolean;
  /** Called before each object is read; throw to stop (a time budget). */
  checkpoint?: () => void;
  limits?: { files: number; bytes: number };
}

/** What refs name: items read while following them, and the files of the trees they name. */
export interface RefTargets extends ItemSource {
  /**
   * Once `items` is consumed: every file of the trees the refs name (bounded), as blobs for the
   * engine's scheduler (engine/ranged.ts), which reads them, on worker threads for a large tree.
   */
  treeFiles: () => Promise<RangedBlob[]>;
}

/**
 * What refs name outside any commit: the message of each annotated tag (tags of tags followed)
 * and a blob a ref or tag names, as items (the source reads them to follow the refs: scanned
 * where read), and the files of a tree a ref or tag names (treeFiles). A commit they lead to is
 * left to the commit scan. Both carry the ref as provenance; warnings name what could not be
 * scanned (the scan is then incomplete). An error on one ref's objects (a damaged object) is a
 * warning and the scan goes on with the next ref.
 */
export function refTargets(tips: readonly RefTip[], opts: RefTargetOptions): RefTargets {
  const warnings: string[] = [];
  const trees: RefTip[] = [];
  return { items: targets(tips, opts, trees, warnings), warnings, treeFiles: () => treeBlobs(trees, opts, warnings) };
}

async function* targets(tips: readonly RefTip[], opts: RefTargetOptions, trees: RefTip[], warnings: string[]): AsyncGenerator<ScanItem, void, undefined> {
  if (tips.length === 0) return;
  // git dying on a damaged object costs that object: the reader answers it missing and carries on.
  const cat = new GitObjectReader(opts.cwd);
  const seen = new Set<string>();
  try {
    for (const tip of tips) yield* guarded(tip, warnings, () => followTip(tip, cat, seen, trees, warnings, opts));
  } finally {
    cat.close();
  }
}

/** The files of `trees` within the limits (past them, nothing of that tree), each (blob, path) once. */
async function treeBlobs(trees: readonly RefTip[], opts: RefTargetOptions, warnings: string[]): Promise<RangedBlob[]> {
  const budget: TreeBudget = { limits: opts.limits ?? TREE_LIMITS, files: 0, bytes: 0, done: new Set() };
  const out: RangedBlob[] = [];
  for (const tree of trees) {
    try {
      out.push(...(await treeFiles(tree, budget, warnings, opts)));
    } catch (e) {
      warnings.push(`${tree.ref}: could not be read (${(e as Error).message}); not scanned`);
    }
  }
  return out;
}

type Items = AsyncGenerator<ScanItem, void, undefined>;

/** One ref's objects: failing on them (a damaged object) is a warning, not the end of the scan. */
async function* guarded(tip: RefTip, warnings: string[], work: () => Items): Items {
  try {
    yield* work();
  } catch (e) {
    // The scan goes on, incomplete (a hook then fails closed).
    warnings.push(`${tip.ref}: could not be read (${(e as Error).message}); not scanned`);
  }
}

/** Why an object was not read: git's reason when it failed on it. */
function lost(obj: { missing: true; error?: string }): string {
  return obj.error ? `could not be read (${obj.error})` : 'is missing';
}

async function* followTip(tip: RefTip, cat: GitObjectReader, seen: Set<string>, trees: RefTip[], warnings: string[], opts: RefTargetOptions): Items {
  let name = tip.oid;
  for (let depth = 0; depth <= MAX_TAG_CHAIN; depth++) {
    opts.checkpoint?.();
    const obj = await cat.read(name);
    if (obj.missing) {
      warnings.push(`${tip.ref}: object ${name} ${lost(obj)}; not scanned`);
      return;
    }
    if (seen.has(obj.oid) || obj.type === 'commit') return; // a commit: the commit scan's
    seen.add(obj.oid);
    if (obj.type === 'tree') {
      trees.push({ ref: tip.ref, oid: obj.oid });
      return;
    }
    if (obj.type === 'blob') {
      yield blobItem(obj, tip.ref, { source: 'ref-target', ref: tip.ref });
      return;
    }
    if (obj.type !== 'tag') return;
    const { header, item } = await messageItem(obj, TAG_MESSAGE);
    item.provenance = { ...personFields(header), source: 'tag-message', ref: tip.ref, tag: obj.oid };
    yield item;
    if (!header.object) {
      warnings.push(`${tip.ref}: tag ${obj.oid} names no object`);
      return;
    }
    name = header.object;
  }
  warnings.push(`${tip.ref}: more than ${MAX_TAG_CHAIN} tags in a chain; the rest was not scanned`);
}

/** What the trees of one scan may hold in all, what they used so far, and the (blob, path) pairs scanned. */
interface TreeBudget {
  limits: { files: number; bytes: number };
  files: number;
  bytes: number;
  done: Set<string>;
}

/** Every file of a tree a ref names, within the limits; past them, nothing of that tree. */
async function treeFiles(tree: RefTip, budget: TreeBudget, warnings: string[], opts: RefTargetOptions): Promise<RangedBlob[]> {
  const { limits } = budget;
  opts.checkpoint?.();
  const listed = await listTree(opts.cwd, tree.oid, limits.files - budget.files);
  const wanted = listed.files.filter((f) => REGULAR_FILE.has(f.mode) && !opts.allowPath?.(f.path));
  const size = wanted.reduce((n, f) => n + f.size, 0);
  if (listed.truncated || budget.bytes + size > limits.bytes) {
    warnings.push(
      `${tree.ref} names a tree (${tree.oid}) too large to scan: more than ${limits.files} files or ${limits.bytes >> 20} MiB in the trees refs name directly; not scanned`,
    );
    return [];
  }
  budget.files += listed.files.length;
  budget.bytes += size;
  const out: RangedBlob[] = [];
  for (const f of wanted) {
    const key = `${f.oid}\0${f.path}`;
    if (budget.done.has(key)) continue;
    budget.done.add(key);
    out.push({ oid: f.oid, path: f.path, added: 'all', origin: { file: `${tree.ref}:${f.path}`, source: 'ref-target', ref: tree.ref } });
  }
  return out;
}

/** A blob for the engine (path decides path-scoped rules; binary blobs are counted, not scanned). */
function blobItem(obj: PresentObject, path: string, provenance: Partial<Finding>): ScanItem {
  const text = obj.data ? { data: obj.data } : { chunks: obj.chunks! };
  return { ...text, oid: obj.oid, kind: 'blob', size: obj.size, path, provenance };
}
