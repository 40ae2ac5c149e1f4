/**
 * The engine's dedup by blob id: which (blob, class) pairs a scan has met, so that a blob is
 * scanned once per class however many paths and commits hold it. A class stands for what
 * decides findings besides the bytes (history: the path class, i.e. which path-scoped rules
 * apply). Blobs are dense indexes (the caller interns the ids). Most blobs meet one class,
 * kept in an Int32Array (4 bytes a blob on a history of millions); a second class costs a key.
 */
export class SeenBlobs {
  /** First class met per blob, + 1 (0: none yet). */
  private first = new Int32Array(4096);
  private readonly more = new Set<string>();

  /** True the first time blob `b` is met under class `cls` (≥ 0), false every time after. */
  firstTime(b: number, cls: number): boolean {
    if (b >= this.first.length) this.grow(b);
    const f = this.first[b]!;
    if (f === 0) {
      this.first[b] = cls + 1;
      return true;
    }
    if (f === cls + 1) return false;
    const key = `${b}:${cls}`;
    if (this.more.has(key)) return false;
    this.more.add(key);
    return true;
  }

  private grow(b: number): void {
    let n = this.first.length * 2;
    while (n <= b) n *= 2;
    const to = new Int32Array(n);
    to.set(this.first);
    this.first = to;
  }
}
