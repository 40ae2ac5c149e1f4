/** Inline markers that suppress findings on their line: keyward's own and the ones teams already use. */
const MARKERS = ['keyward:allow', 'gitleaks:allow', 'pragma: allowlist secret'].map((m) => Buffer.from(m));

/** Byte range [start, end) of the line holding `offset` (without its newline). */
export function lineBounds(data: Buffer, offset: number, lo = 0, hi = data.length): [number, number] {
  const nl = offset > lo ? data.lastIndexOf(10, offset - 1) : -1;
  const start = nl < lo ? lo : nl + 1;
  const next = data.indexOf(10, offset);
  const end = next === -1 || next > hi ? hi : next;
  return [start, end];
}

/** True when the line(s) spanned by [start, end) carry an allow marker. */
export function isSuppressed(data: Buffer, start: number, end: number): boolean {
  const [ls] = lineBounds(data, start);
  const [, le] = lineBounds(data, Math.max(start, end - 1));
  const line = data.subarray(ls, le);
  return MARKERS.some((m) => line.includes(m));
}
