/**
 * The lines of a file that a change adds or modifies (1-based, inclusive ranges, sorted and
 * disjoint), or 'all' when the whole file is new.
 */
export type AddedLines = 'all' | ReadonlyArray<readonly [number, number]>;

export function isEmpty(added: AddedLines): boolean {
  return added !== 'all' && added.length === 0;
}

/** True when lines first..last touch an added line. */
export function touches(added: AddedLines, first: number, last: number): boolean {
  if (added === 'all') return true;
  // Ranges are sorted: binary search for the first range ending at or after `first`.
  let lo = 0;
  let hi = added.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (added[mid]![1] < first) lo = mid + 1;
    else hi = mid;
  }
  const r = added[lo];
  return r !== undefined && r[0] <= last;
}

/** Lines added relative to every parent of a merge: the intersection. */
export function intersect(a: AddedLines, b: AddedLines): AddedLines {
  if (a === 'all') return b;
  if (b === 'all') return a;
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i]!;
    const [bs, be] = b[j]!;
    const s = Math.max(as, bs);
    const e = Math.min(ae, be);
    if (s <= e) out.push([s, e]);
    if (ae < be) i++;
    else j++;
  }
  return out;
}
