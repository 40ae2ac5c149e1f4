/**
 * The records of a history cache (cache.ts): one per scanned (blob, path class), 20-byte object
 * id + u16 BE class, sorted by bytes so that a lookup is a binary search.
 */
export const RECORD = 22;

/** True when the sorted `records` hold (oid, classId). */
export function hasRecord(records: Buffer, oid: string, classId: number): boolean {
  const n = records.length / RECORD;
  if (n === 0) return false;
  const want = Buffer.alloc(RECORD);
  want.write(oid, 0, 'hex');
  want.writeUInt16BE(classId, 20);
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = records.compare(want, 0, RECORD, mid * RECORD, mid * RECORD + RECORD);
    if (c === 0) return true;
    // records[mid] < want → search right
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The records of (oid, class) pairs, sorted. Each is encoded once; the order comes from a native
 * numeric sort of keys that hold a record's first 4 bytes above its index, and equal first 4
 * bytes (rare: ids are uniform) are then put in order by the whole record. Comparing id strings
 * took 380 ms for 120,000 blobs, a comparator on 6-byte keys 150-230 ms.
 */
export function sortRecords(oids: readonly string[], classes: readonly number[], maxIndexBits = 21): Buffer {
  const n = oids.length;
  const raw = Buffer.alloc(n * RECORD);
  for (let i = 0; i < n; i++) {
    raw.write(oids[i]!, i * RECORD, 20, 'hex');
    raw.writeUInt16BE(classes[i]!, i * RECORD + 20);
  }
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (bits > maxIndexBits) return sortByCompare(raw, n); // past 21 bits the key would not fit 53
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = raw.readUInt32BE(i * RECORD) * 2 ** bits + i;
  keys.sort();
  const mask = 2 ** bits;
  const out = Buffer.alloc(n * RECORD);
  for (let k = 0; k < n; k++) {
    const i = keys[k]! % mask;
    // A byte loop: a native copy() call per 22-byte record cost more than the copying.
    for (let j = 0, from = i * RECORD, to = k * RECORD; j < RECORD; j++) out[to + j] = raw[from + j]!;
    // Insertion into the run of equal first 4 bytes before it.
    if (k === 0 || Math.floor(keys[k]! / mask) !== Math.floor(keys[k - 1]! / mask)) continue;
    for (let j = k; j > 0 && out.readUInt32BE(j * RECORD) === out.readUInt32BE((j - 1) * RECORD); j--) {
      if (out.compare(out, (j - 1) * RECORD, j * RECORD, j * RECORD, (j + 1) * RECORD) >= 0) break;
      const tmp = Buffer.from(out.subarray(j * RECORD, (j + 1) * RECORD));
      out.copy(out, j * RECORD, (j - 1) * RECORD, j * RECORD);
      tmp.copy(out, (j - 1) * RECORD);
    }
  }
  return out;
}

function sortByCompare(raw: Buffer, n: number): Buffer {
  const order = Array.from({ length: n }, (_, i) => i);
  // raw[a] against raw[b]: compare() takes the target (b) first.
  order.sort((a, b) => raw.compare(raw, b * RECORD, b * RECORD + RECORD, a * RECORD, a * RECORD + RECORD));
  const out = Buffer.alloc(n * RECORD);
  order.forEach((i, k) => raw.copy(out, k * RECORD, i * RECORD, i * RECORD + RECORD));
  return out;
}

/** True when two neighbouring records of a sorted buffer are equal. */
function hasDuplicates(sorted: Buffer): boolean {
  for (let at = RECORD; at < sorted.length; at += RECORD) {
    let j = 0;
    while (j < RECORD && sorted[at + j] === sorted[at - RECORD + j]) j++;
    if (j === RECORD) return true;
  }
  return false;
}

/** Merges two sorted record buffers, dropping duplicates. */
export function mergeSorted(a: Buffer, b: Buffer): Buffer {
  if (a.length === 0 && !hasDuplicates(b)) return b;
  const out = Buffer.alloc(a.length + b.length);
  let i = 0;
  let j = 0;
  let w = 0;
  const put = (src: Buffer, at: number) => {
    if (w > 0 && out.compare(src, at, at + RECORD, w - RECORD, w) === 0) return;
    src.copy(out, w, at, at + RECORD);
    w += RECORD;
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a.compare(b, j, j + RECORD, i, i + RECORD) < 0)) {
      put(a, i);
      i += RECORD;
    } else {
      put(b, j);
      j += RECORD;
    }
  }
  return out.subarray(0, w);
}
