/**
 * Where a rule's windows around its keyword blocks begin and end (Detector.candidateWindows):
 * at line boundaries, so a window holds whole lines and a leading boundary in a regex sees the
 * byte the whole buffer has there.
 */

/** How far a window boundary may move to reach a line boundary. */
const SNAP = 4096;

/** The newline before `pos`'s line, if the line begins within SNAP bytes (the window keeps it); else `pos`. */
export function lineStart(data: Buffer, pos: number): number {
  if (pos === 0) return 0;
  const nl = data.lastIndexOf(10, pos - 1);
  return nl !== -1 && pos - nl <= SNAP ? nl : pos;
}

/** End (after the newline) of the line holding `pos`, if it ends within SNAP bytes; else `pos`. */
export function lineEnd(data: Buffer, pos: number): number {
  if (pos >= data.length) return data.length;
  const nl = data.indexOf(10, pos);
  return nl !== -1 && nl - pos <= SNAP ? nl + 1 : pos;
}

/**
 * Line-aligned window bounds around keyword blocks, k lines out, each computed once per
 * block (a window starts at the newline before its first line, or at 0). Searches stop `reach`
 * bytes from the block; a bound cut there snaps to a nearby line boundary (lineStart, lineEnd).
 */
export class LineSpans {
  /** Per block and line count (0..maxLines): the bound, or -1 until computed. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly levels: number;

  constructor(
    private readonly data: Buffer,
    blocks: number,
    maxLines: number,
    private readonly reach: number,
  ) {
    this.levels = maxLines + 1;
    this.starts = new Int32Array(blocks * this.levels).fill(-1);
    this.ends = new Int32Array(blocks * this.levels).fill(-1);
  }

  /** Start of the window holding `k` lines above the line of `pos` (block `b`'s start). */
  back(b: number, pos: number, k: number): number {
    const key = b * this.levels + k;
    let at = this.starts[key]!;
    if (at < 0) {
      const from = k === 0 ? pos : this.back(b, pos, k - 1);
      const lo = Math.max(0, pos - this.reach);
      if (from <= lo) at = from;
      else if (lo === 0) at = Math.max(0, this.data.lastIndexOf(10, from - 1));
      else {
        // Bounded: in a large buffer of long lines an unbounded search would cross most of it.
        const i = this.data.subarray(lo, from).lastIndexOf(10);
        at = i !== -1 ? lo + i : lineStart(this.data, lo);
      }
      this.starts[key] = at;
    }
    return at;
  }

  /** End of the window holding `k` lines below the line of `pos - 1` (block `b`'s end). */
  forward(b: number, pos: number, k: number): number {
    const key = b * this.levels + k;
    let at = this.ends[key]!;
    if (at < 0) {
      const n = this.data.length;
      const from = k === 0 ? Math.max(0, pos - 1) : this.forward(b, pos, k - 1);
      const hi = Math.min(n, pos + this.reach);
      if (from >= hi) at = from;
      else if (hi === n) {
        const i = this.data.indexOf(10, from);
        at = i !== -1 ? i + 1 : n;
      } else {
        const i = this.data.subarray(from, hi).indexOf(10);
        at = i !== -1 ? from + i + 1 : lineEnd(this.data, hi);
      }
      this.ends[key] = at;
    }
    return at;
  }
}
