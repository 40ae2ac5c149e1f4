import { PATCHED_STATUSES } from '../git/diff.js';
import type { FilePatch, PatchSection } from '../git/hunks.js';
import type { RawSection } from '../git/raw-diff.js';
import { intersect, type AddedLines } from '../engine/line-ranges.js';

/** A file whose new content a commit (or the index) adds lines to. */
export interface ChangedFile {
  /** Repository-relative path of the new content ('/' separators). */
  path: string;
  /** Source of a rename or copy. */
  srcPath?: string;
  status: string;
  /** git mode of the new content: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  mode: string;
  /** Blob holding the new content. */
  oid: string;
  added: AddedLines;
  /** The commit adding it (push scans). */
  commit?: string;
}

export const SUBMODULE_MODE = '160000';

/**
 * Joins a raw listing and the -U0 patch of the same diff. Patch sections exist only for M/R/C
 * entries and come in raw order; the blob id git prints in each is checked against the raw
 * entry, so a misalignment is an error rather than wrong line numbers.
 */
export function changedFiles(raw: RawSection, patch: PatchSection | undefined, commit?: string): ChangedFile[] {
  const out: ChangedFile[] = [];
  let next = 0;
  for (const c of raw.changes) {
    let filePatch: FilePatch | undefined;
    if (PATCHED_STATUSES.has(c.status)) {
      filePatch = patch?.files[next++];
      if (!filePatch) throw new Error(`diff of ${c.path}: no patch for a ${c.status} entry`);
      if (filePatch.newOid !== undefined && !c.dstOid.startsWith(filePatch.newOid)) {
        throw new Error(`diff of ${c.path}: patch for ${filePatch.newOid} does not match blob ${c.dstOid}`);
      }
    }
    // Deleted or unmerged: no new content to check.
    if (c.status === 'D' || c.status === 'U' || /^0+$/.test(c.dstOid)) continue;
    // Added, type-changed (or unknown): every line is new. Binary per git: lines unknown, so all.
    const added: AddedLines = !filePatch || filePatch.binary ? 'all' : filePatch.added;
    out.push({
      path: c.path,
      ...(c.srcPath !== undefined ? { srcPath: c.srcPath } : {}),
      status: c.status,
      mode: c.dstMode,
      oid: c.dstOid,
      added,
      ...(commit !== undefined ? { commit } : {}),
    });
  }
  if (patch && next !== patch.files.length) throw new Error(`diff: ${patch.files.length} patches for ${next} modified files`);
  return out;
}

/**
 * A merge adds a line only if the line is new relative to every parent (a conflict resolution
 * or an "evil merge" edit); lines taken as they are from one side were checked when that side
 * was committed. A path missing from one parent's diff is identical to that parent: nothing new.
 */
export function mergeParents(perParent: ChangedFile[][]): ChangedFile[] {
  const [first, ...rest] = perParent;
  if (!first) return [];
  if (rest.length === 0) return first;
  const maps = rest.map((files) => new Map(files.map((f) => [f.path, f])));
  const out: ChangedFile[] = [];
  for (const f of first) {
    let added = f.added;
    for (const m of maps) {
      const other = m.get(f.path);
      added = other ? intersect(added, other.added) : [];
    }
    out.push({ ...f, added });
  }
  return out;
}

/** The changes whose content this repository holds: a submodule entry names a commit of another. */
export function blobChanges(files: readonly ChangedFile[]): ChangedFile[] {
  return files.filter((f) => f.mode !== SUBMODULE_MODE);
}
