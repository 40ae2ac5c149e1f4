/**
 * Scanning a new version of a file from the previous one. Most blob versions in a history differ
 * from the version they replaced by a few lines, so a version is scanned only over its changed
 * lines plus REGION_CONTEXT_LINES lines on each side; the findings of the unchanged lines before
 * and after are the previous version's, moved by the lines and bytes the change added. This is
 * the same answer as scanning the whole blob when:
 *  - every match that touches a changed line lies within the region: rules have at most
 *    REGION_CONTEXT_LINES line breaks per match, and blobs holding a keyword of a longer rule
 *    (PEM blocks) are scanned whole (Detector.detectRegion);
 *  - the blob holds the same `requires` literals as the previous version, or we can tell which
 *    it holds (resolveContext);
 *  - no finding of the previous version crosses the region's edge (carryOver).
 * Otherwise the caller scans the whole blob.
 */
import type { Finding } from '../report/finding.js';
import type { LocatedFinding } from '../scan/scan-data.js';

/** Length of the common prefix of a[a0, a1) and b[b0, b1). */
export function commonPrefix(a: Buffer, b: Buffer, a0 = 0, a1 = a.length, b0 = 0, b1 = b.length): number {
  return commonRun(
    Math.min(a1 - a0, b1 - b0),
    (from, to) => a.compare(b, b0 + from, b0 + to, a0 + from, a0 + to) === 0,
    (i) => a[a0 + i] === b[b0 + i],
  );
}

/** Length of the common suffix of a[a0, a1) and b[b0, b1). */
export function commonSuffix(a: Buffer, b: Buffer, a0 = 0, a1 = a.length, b0 = 0, b1 = b.length): number {
  return commonRun(
    Math.min(a1 - a0, b1 - b0),
    (from, to) => a.compare(b, b1 - to, b1 - from, a1 - to, a1 - from) === 0,
    (i) => a[a1 - 1 - i] === b[b1 - 1 - i],
  );
}

/**
 * Longest n <= max with equal(0, n), where equal(from, to) compares the bytes [from, to) of both
 * sides: native compares of doubling blocks, a binary search inside the first block that
 * differs, and the last few bytes one by one (`same(i)`).
 */
function commonRun(max: number, equal: (from: number, to: number) => boolean, same: (i: number) => boolean): number {
  let pos = 0;
  let step = 64;
  while (pos < max) {
    const end = Math.min(max, pos + step);
    if (!equal(pos, end)) {
      // [pos, lo) is equal; the first difference is in [lo, hi).
      let lo = pos;
      let hi = end;
      while (hi - lo > 32) {
        const mid = (lo + hi) >>> 1;
        if (equal(lo, mid)) lo = mid;
        else hi = mid;
      }
      while (lo < hi && same(lo)) lo++;
      return lo;
    }
    pos = end;
    step *= 2;
  }
  return max;
}

/**
 * A changed stretch of lines: [startA, endA) in the old version holds what [startB, endB) holds
 * in the new one; the bytes between regions are equal in both, in the same order. Ends are line
 * boundaries.
 */
export interface Region {
  startA: number;
  endA: number;
  startB: number;
  endB: number;
}

/** A differing stretch of bytes (no context yet). */
interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Hunks this small are not split further; neither are deeper ones. */
const MIN_SPLIT = 1024;
const MAX_DEPTH = 6;
const ANCHOR = 48;

/**
 * The lines of `b` that differ from `a`, each with `context` lines around it, as regions in
 * order. Undefined when the regions cover more than three quarters of b (scanning b whole costs no more).
 *
 * Not a minimal diff: the common prefix and suffix are cut off, then the middle is split at a
 * stretch of b found again in a (searched natively with indexOf), recursively. Any split gives
 * a correct answer (the bytes outside the regions are compared equal); a poor one only gives
 * larger regions.
 */
export function changedRegions(a: Buffer, b: Buffer, context: number): Region[] | undefined {
  const hunks: Hunk[] = [];
  split(a, b, 0, a.length, 0, b.length, 0, hunks);
  const out: Region[] = [];
  for (const h of hunks) {
    // Line start before the hunk (a newline inside the equal bytes before it), then `context` lines up.
    let startB = h.b0 === 0 ? 0 : b.lastIndexOf(10, h.b0 - 1) + 1;
    for (let i = 0; i < context && startB > 0; i++) startB = startB === 1 ? 0 : b.lastIndexOf(10, startB - 2) + 1;
    // The first newline inside the equal bytes after the hunk, then `context` lines down.
    let endB = nextLine(b, h.b1);
    for (let i = 0; i < context && endB < b.length; i++) endB = nextLine(b, endB);
    const startA = h.a0 - (h.b0 - startB);
    const endA = h.a1 + (endB - h.b1);
    const last = out[out.length - 1];
    if (last && startB <= last.endB) {
      // Overlapping context: one region, up to this hunk's end.
      last.endB = endB;
      last.endA = endA;
    } else out.push({ startA, endA, startB, endB });
  }
  let covered = 0;
  for (const r of out) covered += r.endB - r.startB;
  return 4 * covered > 3 * b.length ? undefined : out;
}

function split(a: Buffer, b: Buffer, a0: number, a1: number, b0: number, b1: number, depth: number, out: Hunk[]): void {
  const p = commonPrefix(a, b, a0, a1, b0, b1);
  a0 += p;
  b0 += p;
  const s = commonSuffix(a, b, a0, a1, b0, b1);
  a1 -= s;
  b1 -= s;
  if (a0 === a1 && b0 === b1) return;
  if (depth < MAX_DEPTH && b1 - b0 >= MIN_SPLIT && a1 - a0 >= MIN_SPLIT) {
    // Anchor: a stretch from the middle of b's hunk, starting at a line, found in a's hunk.
    const mid = b0 + ((b1 - b0) >>> 1);
    const nl = b.indexOf(10, mid);
    const at = nl !== -1 && nl + 1 + ANCHOR <= b1 ? nl + 1 : mid;
    if (at + ANCHOR <= b1) {
      const found = a.subarray(a0, a1).indexOf(b.subarray(at, at + ANCHOR));
      if (found !== -1) {
        split(a, b, a0, a0 + found, b0, at, depth + 1, out);
        split(a, b, a0 + found, a1, at, b1, depth + 1, out);
        return;
      }
    }
  }
  out.push({ a0, a1, b0, b1 });
}

/** Offset just after the first newline at or after `from` (the buffer's end if none). */
function nextLine(b: Buffer, from: number): number {
  if (from >= b.length) return b.length;
  const nl = b.indexOf(10, from);
  return nl === -1 ? b.length : nl + 1;
}

/**
 * The context literals of b from those of a (1 = present). A literal in one of b's regions is
 * in b; one a lacks is in b only if b's regions hold it; one a holds is in b if b shows it
 * outside its regions (`seenInB`: a quick search for common spellings), else exactly when a's
 * regions lack it (then it sits in the shared bytes); when a's regions hold it, it may or may not
 * be elsewhere in b: undefined, scan b whole. `regionsA` is computed only if needed.
 */
export function resolveContext(
  base: Uint8Array,
  regionsB: Uint8Array,
  seenInB: (i: number) => boolean,
  regionsA: () => Uint8Array,
): Uint8Array | undefined {
  const out = new Uint8Array(base.length);
  let inA: Uint8Array | undefined;
  for (let i = 0; i < base.length; i++) {
    if (regionsB[i] || !base[i]) out[i] = regionsB[i]!;
    else if (seenInB(i)) out[i] = 1;
    else if ((inA ??= regionsA())[i]) return undefined;
    else out[i] = 1;
  }
  return out;
}

/**
 * The previous version's findings outside the regions, as findings of b at `path`, moved by the
 * bytes and lines the regions before them added. `addedLines[i]` is region i's line count in b
 * minus in a. Undefined when a finding crosses a region's edge (then b is scanned whole).
 */
export function carryOver(findings: readonly LocatedFinding[], regions: readonly Region[], addedLines: readonly number[], path: string): LocatedFinding[] | undefined {
  const out: LocatedFinding[] = [];
  for (const f of findings) {
    let bytes = 0;
    let lines = 0;
    let keep = true;
    for (const [i, r] of regions.entries()) {
      if (f.matchEnd <= r.startA) break;
      if (f.matchStart >= r.endA) {
        bytes = r.endB - r.endA;
        lines += addedLines[i]!;
        continue;
      }
      if (f.matchStart < r.startA || f.matchEnd > r.endA) return undefined;
      keep = false; // inside the region, which is scanned again
      break;
    }
    if (!keep) continue;
    const finding: Finding = { ...f.finding, file: path, line: f.finding.line + lines, endLine: f.finding.endLine + lines };
    out.push({ finding, matchStart: f.matchStart + bytes, matchEnd: f.matchEnd + bytes });
  }
  return out;
}
