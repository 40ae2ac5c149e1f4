import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * A pack's index (`.idx`, version 2) in shared memory, so every worker thread of a history scan
 * looks objects up in one copy. `ends` holds every object's offset in pack order: an object's
 * compressed bytes end where the next object starts (git's reverse index, built here because
 * the `.rev` file is optional).
 */
export interface PackIndexData {
  packPath: string;
  /** Bytes of the object id: 20 (SHA-1) or 32 (SHA-256). */
  hashLen: number;
  count: number;
  /** The `.idx` file. */
  idx: SharedArrayBuffer;
  /** Offsets of all objects, ascending: Uint32 when the pack is under 4 GiB, else Float64. */
  ends: SharedArrayBuffer;
  packSize: number;
}

/** Index bytes held in memory at most (about 9 million objects): a history scan's memory stays bounded. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;
const IDX_MAGIC = 0xff744f63;
const FANOUT = 8;
const TABLES = FANOUT + 256 * 4;

/**
 * The packs of an object directory and of its alternates that this reader can use. Anything
 * unexpected (an index version 1 pack, a size that does not add up) leaves that pack out, and
 * so do packs past `maxBytes` of indexes: their objects are then read through `git cat-file`.
 */
export function loadPackIndexes(objectsDir: string, maxBytes = MAX_INDEX_BYTES): PackIndexData[] {
  const out: PackIndexData[] = [];
  let bytes = 0;
  for (const idx of indexFiles(objectsDir)) {
    // Indexes are held in memory for the whole scan: past the budget, git reads the rest.
    const data = loadOne(idx, maxBytes - bytes);
    if (!data) continue;
    bytes += data.idx.byteLength + data.ends.byteLength;
    out.push(data);
  }
  return out;
}

/** How many objects the packs of an object directory (and its alternates) hold: each index's count, nothing else read. */
export function packedObjectCount(objectsDir: string): number {
  let n = 0;
  for (const idx of indexFiles(objectsDir)) {
    try {
      const fd = openSync(idx, 'r');
      try {
        const head = Buffer.alloc(TABLES);
        if (readSync(fd, head, 0, TABLES, 0) === TABLES && head.readUInt32BE(0) === IDX_MAGIC) n += head.readUInt32BE(FANOUT + 255 * 4);
      } finally {
        closeSync(fd);
      }
    } catch {
      // unreadable: not counted
    }
  }
  return n;
}

/** The pack index files of an object directory and its alternates, in name order per directory. */
function indexFiles(objectsDir: string): string[] {
  const out: string[] = [];
  for (const dir of objectDirs(objectsDir)) {
    const packDir = join(dir, 'pack');
    try {
      for (const name of readdirSync(packDir).filter((n) => n.endsWith('.idx')).sort()) out.push(join(packDir, name));
    } catch {
      // no pack directory
    }
  }
  return out;
}

/** The directory and its alternates (one level: alternates of alternates are rare). */
function objectDirs(objectsDir: string): string[] {
  const dirs = [objectsDir];
  try {
    const text = readFileSync(join(objectsDir, 'info', 'alternates'), 'utf8');
    for (const line of text.split('\n')) {
      const d = line.trim();
      if (d === '' || d.startsWith('#')) continue;
      dirs.push(isAbsolute(d) ? d : resolve(objectsDir, d));
    }
  } catch {
    // no alternates
  }
  return dirs;
}

function loadOne(idxPath: string, budget: number): PackIndexData | undefined {
  const packPath = idxPath.slice(0, -'.idx'.length) + '.pack';
  try {
    // The index, plus at most as many bytes again for the sorted offsets.
    if (2 * statSync(idxPath).size > budget) return undefined;
    const packSize = statSync(packPath).size; // throws (pack left out) when the .pack is gone
    const { idx, file } = readShared(idxPath);
    if (file.length < TABLES || file.readUInt32BE(0) !== IDX_MAGIC || file.readUInt32BE(4) !== 2) return undefined;
    const count = file.readUInt32BE(FANOUT + 255 * 4);
    const hashLen = [20, 32].find((h) => fits(file.length, count, h, file));
    if (hashLen === undefined) return undefined;
    // Uint32 sorts in about half the time of Float64 (38 against 60 ms for 495,000 offsets).
    const ends = new SharedArrayBuffer(count * (packSize < 2 ** 32 ? 4 : 8));
    const offsets = packSize < 2 ** 32 ? new Uint32Array(ends) : new Float64Array(ends);
    const table = offsetTable(count, hashLen);
    for (let i = 0; i < count; i++) offsets[i] = offsetAt(file, table, count, i);
    offsets.sort();
    return { packPath, hashLen, count, idx, ends, packSize };
  } catch {
    return undefined;
  }
}

/** A file read straight into shared memory. */
function readShared(path: string): { idx: SharedArrayBuffer; file: Buffer } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const idx = new SharedArrayBuffer(size);
    const file = Buffer.from(idx);
    let n = 0;
    while (n < size) {
      const r = readSync(fd, file, n, size - n, n);
      if (r === 0) break;
      n += r;
    }
    return { idx, file: file.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}

/** True when an index of `count` objects with `hashLen`-byte ids is exactly `length` bytes. */
function fits(length: number, count: number, hashLen: number, file: Buffer): boolean {
  const table = offsetTable(count, hashLen);
  const fixed = table + 4 * count + 2 * hashLen;
  if (length < fixed || (length - fixed) % 8 !== 0) return false;
  // Every large-offset slot must be referenced: count the offsets with the high bit set.
  let large = 0;
  for (let i = 0; i < count; i++) if (file[table + 4 * i]! & 0x80) large++;
  return length === fixed + 8 * large;
}

function offsetTable(count: number, hashLen: number): number {
  return TABLES + count * (hashLen + 4); // ids, then CRC32s
}

function offsetAt(idx: Buffer, table: number, count: number, i: number): number {
  const small = idx.readUInt32BE(table + 4 * i);
  if (small < 0x80000000) return small;
  const pos = table + 4 * count + 8 * (small & 0x7fffffff);
  return Number(idx.readBigUInt64BE(pos));
}

/** Lookups in one pack's index. */
export class PackIndex {
  private readonly idx: Buffer;
  private readonly ends: Uint32Array | Float64Array;
  private readonly table: number;
  private readonly key: Buffer;

  constructor(readonly data: PackIndexData) {
    this.idx = Buffer.from(data.idx);
    this.ends = data.packSize < 2 ** 32 ? new Uint32Array(data.ends) : new Float64Array(data.ends);
    this.table = offsetTable(data.count, data.hashLen);
    this.key = Buffer.alloc(data.hashLen);
  }

  /** The pack offset of the object, or -1 when this pack lacks it. */
  find(oid: string): number {
    const { hashLen, count } = this.data;
    if (oid.length !== 2 * hashLen) return -1;
    if (this.key.write(oid, 'hex') !== hashLen) return -1;
    const first = this.key[0]!;
    // The first four bytes decide almost every step without a native compare.
    const head = this.key.readUInt32BE(0);
    let lo = first === 0 ? 0 : this.idx.readUInt32BE(FANOUT + 4 * (first - 1));
    let hi = this.idx.readUInt32BE(FANOUT + 4 * first);
    if (hi > count) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = TABLES + mid * hashLen;
      const h = this.idx.readUInt32BE(at);
      const c = h !== head ? (head < h ? -1 : 1) : this.key.compare(this.idx, at, at + hashLen);
      if (c === 0) return offsetAt(this.idx, this.table, count, mid);
      if (c < 0) hi = mid;
      else lo = mid + 1;
    }
    return -1;
  }

  /** Where the object at `offset` ends: the next object's offset, or the pack's trailer. */
  end(offset: number): number {
    const ends = this.ends;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < ends.length ? ends[lo]! : this.data.packSize - this.data.hashLen;
  }
}
