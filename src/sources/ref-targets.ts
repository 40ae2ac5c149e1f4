import type { Detector } from '../detect/detector.js';
import { CatFile } from '../git/cat-file.js';
import { listTree, type TreeFile } from '../git/ls-tree.js';
import { TAG_MESSAGE, type Finding } from '../model/finding.js';
import { scanObjectMessage, type PresentObject } from './object-message.js';
import { scanObject } from '../engine/ranged.js';
import type { FindingOptions } from '../engine/scan-data.js';

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

export interface RefTargetOptions extends FindingOptions {
  cwd: string;
  detector: Detector;
  /** The project's allowed paths (never scanned), for files of a tree. */
  allowPath?: (path: string) => boolean;
  /** Called before each object is read; throw to stop (a time budget). */
  checkpoint?: () => void;
  limits?: { files: number; bytes: number };
}

export interface RefTargetScan {
  findings: Finding[];
  /** What could not be scanned (the scan is then incomplete). */
  warnings: string[];
  files: number;
  bytes: number;
  binary: number;
}

/**
 * What refs name outside any commit: the message of each annotated tag (tags of tags
 * followed), and a blob or tree a ref or tag names directly (every file of the tree, bounded).
 * A commit they lead to is left to the commit scan. Findings carry the ref as provenance.
 */
export async function scanRefTargets(tips: readonly RefTip[], opts: RefTargetOptions): Promise<RefTargetScan> {
  const out: RefTargetScan = { findings: [], warnings: [], files: 0, bytes: 0, binary: 0 };
  if (tips.length === 0) return out;
  const reader = new Reader(opts.cwd);
  const seen = new Set<string>();
  const trees: RefTip[] = [];
  try {
    for (const tip of tips) await guarded(tip, reader, out, () => followTip(tip, reader.cat, seen, trees, out, opts));
    await scanTrees(trees, reader, out, opts);
  } finally {
    reader.cat.close();
  }
  return out;
}

/** The cat-file process, replaced after git died on a damaged object. */
class Reader {
  cat: CatFile;
  constructor(private readonly cwd: string) {
    this.cat = new CatFile(cwd);
  }
  restart(): void {
    this.cat.close();
    this.cat = new CatFile(this.cwd);
  }
}

/** One ref's objects: git failing on them (a damaged object) is a warning, not the end of the scan. */
async function guarded(tip: RefTip, reader: Reader, out: RefTargetScan, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    // The scan goes on, incomplete (a hook then fails closed); git's reader starts afresh.
    out.warnings.push(`${tip.ref}: could not be read (${(e as Error).message}); not scanned`);
    reader.restart();
  }
}

async function followTip(tip: RefTip, cat: CatFile, seen: Set<string>, trees: RefTip[], out: RefTargetScan, opts: RefTargetOptions): Promise<void> {
  let name = tip.oid;
  for (let depth = 0; depth <= MAX_TAG_CHAIN; depth++) {
    opts.checkpoint?.();
    const obj = await cat.read(name);
    if (obj.missing) {
      out.warnings.push(`${tip.ref}: object ${name} is missing; not scanned`);
      return;
    }
    if (seen.has(obj.oid) || obj.type === 'commit') return; // a commit: the commit scan's
    seen.add(obj.oid);
    if (obj.type === 'tree') {
      trees.push({ ref: tip.ref, oid: obj.oid });
      return;
    }
    if (obj.type === 'blob') {
      const found = await scanBlob(obj, tip.ref, out, opts);
      for (const f of found) out.findings.push({ ...f, source: 'ref-target', ref: tip.ref });
      return;
    }
    if (obj.type !== 'tag') return;
    const m = await scanObjectMessage(obj, TAG_MESSAGE, opts.detector, opts);
    out.bytes += m.bytes;
    const p = m.header.person;
    const who = p ? { author: p.name, email: p.email, date: p.date } : {};
    for (const f of m.findings) out.findings.push({ ...f, ...who, source: 'tag-message', ref: tip.ref, tag: obj.oid });
    if (!m.header.object) {
      out.warnings.push(`${tip.ref}: tag ${obj.oid} names no object`);
      return;
    }
    name = m.header.object;
  }
  out.warnings.push(`${tip.ref}: more than ${MAX_TAG_CHAIN} tags in a chain; the rest was not scanned`);
}

/** Every file of the trees refs name, within the limits; past them, nothing of that tree. */
async function scanTrees(trees: RefTip[], reader: Reader, out: RefTargetScan, opts: RefTargetOptions): Promise<void> {
  const budget: TreeBudget = { limits: opts.limits ?? TREE_LIMITS, files: 0, bytes: 0, done: new Set() };
  for (const tree of trees) await guarded(tree, reader, out, () => scanTree(tree, reader.cat, budget, out, opts));
}

/** What the trees of one scan may hold in all, what they used so far, and the (blob, path) pairs scanned. */
interface TreeBudget {
  limits: { files: number; bytes: number };
  files: number;
  bytes: number;
  done: Set<string>;
}

async function scanTree(tree: RefTip, cat: CatFile, budget: TreeBudget, out: RefTargetScan, opts: RefTargetOptions): Promise<void> {
  const { limits } = budget;
  opts.checkpoint?.();
  const listed = await listTree(opts.cwd, tree.oid, limits.files - budget.files);
  const wanted = listed.files.filter((f) => REGULAR_FILE.has(f.mode) && !opts.allowPath?.(f.path));
  const size = wanted.reduce((n, f) => n + f.size, 0);
  if (listed.truncated || budget.bytes + size > limits.bytes) {
    out.warnings.push(
      `${tree.ref} names a tree (${tree.oid}) too large to scan: more than ${limits.files} files or ${limits.bytes >> 20} MiB in the trees refs name directly; not scanned`,
    );
    return;
  }
  budget.files += listed.files.length;
  budget.bytes += size;
  for (const f of wanted) await scanTreeFile(tree, f, cat, budget.done, out, opts);
}

async function scanTreeFile(tree: RefTip, f: TreeFile, cat: CatFile, done: Set<string>, out: RefTargetScan, opts: RefTargetOptions): Promise<void> {
  const key = `${f.oid}\0${f.path}`;
  if (done.has(key)) return;
  done.add(key);
  opts.checkpoint?.();
  const obj = await cat.read(f.oid);
  if (obj.missing || obj.type !== 'blob') {
    out.warnings.push(`${tree.ref}:${f.path}: object ${f.oid} is missing; not scanned`);
    return;
  }
  const found = await scanBlob(obj, f.path, out, opts);
  for (const x of found) out.findings.push({ ...x, file: `${tree.ref}:${f.path}`, source: 'ref-target', ref: tree.ref });
}

/** A blob's findings (path decides path-scoped rules); binary blobs are counted, not scanned. */
function scanBlob(obj: PresentObject, path: string, out: RefTargetScan, opts: RefTargetOptions): Promise<Finding[]> {
  return scanObject(obj, path, out, opts);
}
