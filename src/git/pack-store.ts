import { closeSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { optionalAddon } from '../package-root.js';
import { PackIndex, type PackIndexData } from './pack-index.js';

interface Pack {
  index: PackIndex;
  fd?: number;
}

/** An object read from a pack. */
export interface PackObject {
  type: string;
  data: Buffer;
}

const TYPES = ['', 'commit', 'tree', 'blob', 'tag'];
/** Longest entry header: type and a size of up to 64 bits, then a delta's base (offset or id). */
const HEADER_MAX = 16 + 32;
const OFS_DELTA = 6;
const REF_DELTA = 7;
/**
 * Deltas whose chain down to a whole object is at most this long are resolved here, each link
 * inflated again (no cache); longer chains go to git, whose delta base cache serves them better
 * (docs/decisions.md).
 */
const MAX_CHAIN = 3;
/** Compressed objects up to this size are read into one reused buffer. */
const MAX_SCRATCH = 4 * 1024 * 1024;
/** Whole objects up to this size are inflated into one reused buffer when read() is asked to. */
const MAX_REUSED = 4 * 1024 * 1024;
/** Pack number times this plus the offset: an object's place in one exact number (< 2^53). */
const PACK_STRIDE = 2 ** 40;
/** Places beyond this (a pack over 1 TiB, or over 8,192 packs) are left to git. */
const MAX_PLACE = 2 ** 53;
/** locate(): no pack gives the object (not packed, too large, unreadable). */
export const NOT_HERE = -1;
/** locate(): the pack stores the object as a delta with a long chain (git resolves it). */
export const DELTIFIED = -2;

/** A pack entry: its type code, its size (of the object, or of the delta), where its data starts, and a delta's base offset. */
interface Entry {
  type: number;
  size: number;
  data: number;
  base: number;
}

/**
 * Reads objects straight from pack files, in this thread: those stored whole (one read and one
 * inflate, with libdeflate when its optional addon is built) and deltas whose chain down to a
 * whole object is at most MAX_CHAIN long (each link read and inflated, the deltas applied here),
 * without a second process, a pipe, or copying every blob through it. Longer chains are left to
 * `git cat-file`: its delta base cache resolved the chains of a deltified repository about
 * twice as fast as inflating and applying deltas from JavaScript with a cache of resolved
 * objects (measured: docs/decisions.md). The caller asks git for anything this does not give:
 * objects in no pack or in long chains, larger than it holds in memory, or in a pack that does
 * not read back as expected (git then reports the damage in its own words).
 */
export class PackStore {
  private readonly packs: Pack[];
  private scratch = Buffer.allocUnsafeSlow(64 * 1024);
  private reused = Buffer.allocUnsafeSlow(64 * 1024);
  private readonly header = Buffer.alloc(HEADER_MAX);
  /** What locate() found so far: objects stored whole, and deltas (short chains or long). */
  readonly located = { whole: 0, deltas: 0 };

  /** `io`: the native addon's libdeflate (about 1.5x node:zlib here), pread and delta when it is built, else Node's. */
  constructor(
    packs: readonly PackIndexData[],
    private readonly io: PackIo = nativeIo() ?? nodeIo,
  ) {
    this.packs = packs.map((data) => ({ index: new PackIndex(data) }));
  }

  /**
   * Where an object of at most `maxSize` bytes lies, stored whole or as a delta with a short
   * chain (a number for read()); DELTIFIED for a longer chain; or NOT_HERE (not packed, too
   * large, or unreadable).
   */
  locate(oid: string, maxSize: number): number {
    const place = this.place(oid);
    const at = this.at(place);
    if (!at) return NOT_HERE;
    try {
      let e = this.entry(at.pack, at.offset);
      if (e && e.type > 4) this.located.deltas++;
      else this.located.whole++;
      for (let links = 0; e && e.type > 4; links++) {
        if (links === MAX_CHAIN) return DELTIFIED;
        e = this.entry(at.pack, e.base);
      }
      // A delta's result size is known once inflated: read() checks it against maxSize.
      return e && e.size <= maxSize ? place : NOT_HERE;
    } catch {
      return NOT_HERE;
    }
  }

  /**
   * Where an object lies by the pack indexes alone, without reading the pack: a place for read(),
   * which then finds out how it is stored (and gives nothing for a long delta chain or an
   * object over its limit); or NOT_HERE. Saves locate()'s header reads where most objects are
   * known to be stored whole.
   */
  place(oid: string): number {
    for (let p = 0; p < this.packs.length; p++) {
      const offset = this.packs[p]!.index.find(oid);
      if (offset < 0) continue;
      const place = p * PACK_STRIDE + offset;
      return offset < PACK_STRIDE && place < MAX_PLACE ? place : NOT_HERE;
    }
    return NOT_HERE;
  }

  /**
   * The object at a place locate() or place() gave, or undefined when the pack does not read back as
   * expected or a delta's result is larger than `maxSize`. `reuse`: the caller is done with the
   * data before its next read(), so an object stored whole may be inflated into a buffer kept
   * for the next one. Without it every blob was a new ArrayBuffer: over a history scan, a
   * gigabyte of external memory that set off about 25 full garbage collections per thread.
   */
  read(place: number, maxSize = Infinity, reuse = false): PackObject | undefined {
    const at = this.at(place);
    if (!at) return undefined;
    try {
      return this.resolve(at.pack, at.offset, maxSize, 0, reuse);
    } catch {
      return undefined;
    }
  }

  /** The pack and offset a place stands for (undefined for NOT_HERE and other negatives). */
  private at(place: number): { pack: Pack; offset: number } | undefined {
    if (place < 0) return undefined;
    const p = Math.floor(place / PACK_STRIDE);
    const pack = this.packs[p];
    return pack ? { pack, offset: place - p * PACK_STRIDE } : undefined;
  }

  close(): void {
    for (const p of this.packs) {
      if (p.fd !== undefined) closeSync(p.fd);
      p.fd = undefined;
    }
  }

  /** The entry at `offset`, or undefined for what is not read here (a base in another pack, an unknown type). */
  private entry(pack: Pack, offset: number): Entry | undefined {
    const b = this.header;
    return parseEntry(pack, b, this.io.pread(this.fd(pack), b, 0, HEADER_MAX, offset), offset);
  }

  /**
   * The object at `offset`: inflated, or its base resolved (links deep) and its delta applied.
   * No link may exceed `maxSize`, so a chain holds at most MAX_CHAIN + 1 such buffers. Each link
   * is one read of the whole entry, header and data.
   */
  private resolve(pack: Pack, offset: number, maxSize: number, links: number, reuse: boolean): PackObject {
    if (links > MAX_CHAIN) throw new Error('unreadable entry');
    const bytes = this.readBytes(pack, offset, pack.index.end(offset));
    const e = parseEntry(pack, bytes, bytes.length, offset);
    if (!e) throw new Error('unreadable entry');
    const data = bytes.subarray(e.data - offset);
    if (e.type <= 4) {
      if (e.size > maxSize) throw new Error('object too large');
      return { type: TYPES[e.type]!, data: reuse && e.size <= MAX_REUSED ? this.io.inflate(data, e.size, this.reusable(e.size)) : this.io.inflate(data, e.size) };
    }
    // Inflated before the base is read: that read reuses the scratch buffer `data` lies in.
    const delta = this.io.inflate(data, e.size);
    // The base is done with once the delta is applied: at the chain's end it may be reused.
    const base = this.resolve(pack, e.base, maxSize, links + 1, true);
    return { type: base.type, data: applyDelta(base.data, delta, maxSize, this.io.delta) };
  }

  /** The reused output buffer, grown to hold `size` bytes. */
  private reusable(size: number): Buffer {
    if (size > this.reused.length) this.reused = Buffer.allocUnsafeSlow(Math.min(MAX_REUSED, Math.max(size, 2 * this.reused.length)));
    return this.reused;
  }

  private fd(pack: Pack): number {
    return (pack.fd ??= openSync(pack.index.data.packPath, 'r'));
  }

  /** Bytes [from, to) of the pack, in a scratch buffer the next read reuses. */
  private readBytes(pack: Pack, from: number, to: number): Buffer {
    const len = to - from;
    if (len <= 0) throw new Error('bad object offset');
    if (len > this.scratch.length && len <= MAX_SCRATCH) this.scratch = Buffer.allocUnsafeSlow(Math.min(MAX_SCRATCH, Math.max(len, 2 * this.scratch.length)));
    const buf = len <= this.scratch.length ? this.scratch : Buffer.allocUnsafe(len);
    const n = this.io.pread(this.fd(pack), buf, 0, len, from);
    if (n !== len) throw new Error(n < 0 ? `pack read failed (errno ${-n})` : 'pack truncated');
    return buf.subarray(0, len);
  }
}

/**
 * The entry whose header lies at the start of b (bytes [0, n) valid), for an entry at pack offset
 * `offset`; undefined for what is not read here (a base in another pack, an unknown type).
 */
function parseEntry(pack: Pack, b: Buffer, n: number, offset: number): Entry | undefined {
  const h = parseHeader(b, n);
  if (!h || h.type < 1 || h.type === 5 || h.type > REF_DELTA) return undefined;
  if (h.type <= 4) return { type: h.type, size: h.size, data: offset + h.length, base: -1 };
  let pos = h.length;
  if (h.type === OFS_DELTA) {
    // The base lies `distance` bytes before this entry (git's offset encoding, big-endian, +1 per byte).
    let c = b[pos++]!;
    let distance = c & 0x7f;
    while (c & 0x80) {
      if (pos >= n || distance > 2 ** 45) return undefined;
      c = b[pos++]!;
      distance = (distance + 1) * 128 + (c & 0x7f);
    }
    if (distance <= 0 || distance > offset) return undefined;
    return { type: h.type, size: h.size, data: offset + pos, base: offset - distance };
  }
  const hashLen = pack.index.data.hashLen;
  if (pos + hashLen > n) return undefined;
  const base = pack.index.find(b.toString('hex', pos, pos + hashLen));
  return base < 0 ? undefined : { type: h.type, size: h.size, data: offset + pos + hashLen, base };
}

const BYTE_SCALE = [1, 0x100, 0x10000, 0x1000000];

/**
 * Applies a git delta to `base`: a header of two sizes (base, result; little-endian base-128),
 * then instructions, each a copy from the base (0x80 set: which offset and size bytes follow in
 * bits 0-3 and 4-6; a size of 0 means 0x10000) or an insert of the next 1-127 bytes. `native`
 * runs the instructions when the addon is built (0.24 CPU-s of JavaScript over the benchmark's
 * history); when it refuses them, this code runs them again to say what is wrong.
 */
export function applyDelta(base: Buffer, delta: Buffer, maxSize = Infinity, native?: DeltaRunner): Buffer {
  let pos = 0;
  // Multipliers, not 2 ** n: a variable exponent is a call to pow() per byte.
  const size = (): number => {
    let v = 0;
    let scale = 1;
    let c: number;
    do {
      if (pos >= delta.length || scale > 2 ** 49) throw new Error('bad delta header');
      c = delta[pos++]!;
      v += (c & 0x7f) * scale;
      scale *= 128;
    } while (c & 0x80);
    return v;
  };
  if (size() !== base.length) throw new Error('delta base size mismatch');
  const length = size();
  if (length > maxSize) throw new Error('delta result too large');
  const out = Buffer.allocUnsafe(length);
  if (native?.(base, delta, pos, out)) return out;
  let at = 0;
  while (pos < delta.length) {
    const op = delta[pos++]!;
    if (op & 0x80) {
      let from = 0;
      let n = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) from += delta[pos++]! * BYTE_SCALE[i]!;
      for (let i = 0; i < 3; i++) if (op & (0x10 << i)) n += delta[pos++]! * BYTE_SCALE[i]!;
      if (n === 0) n = 0x10000;
      if (pos > delta.length || from + n > base.length || at + n > length) throw new Error('bad delta copy');
      base.copy(out, at, from, from + n);
      at += n;
    } else if (op !== 0) {
      if (pos + op > delta.length || at + op > length) throw new Error('bad delta insert');
      delta.copy(out, at, pos, pos + op);
      pos += op;
      at += op;
    } else throw new Error('bad delta opcode');
  }
  if (at !== length) throw new Error('delta result size mismatch');
  return out;
}

/** A pack entry's type code and size (of the object, or of the delta), and the header's length. */
function parseHeader(b: Buffer, n: number): { type: number; size: number; length: number } | undefined {
  let pos = 0;
  if (n < 1) return undefined;
  let c = b[pos++]!;
  const type = (c >> 4) & 7;
  let size = c & 15;
  let scale = 16;
  while (c & 0x80) {
    if (pos >= n || scale > 2 ** 53) return undefined;
    c = b[pos++]!;
    size += (c & 0x7f) * scale;
    scale *= 128;
  }
  return { type, size, length: pos };
}

/**
 * Inflates a zlib stream of exactly `size` bytes (trailing input ignored), or throws. With `into`
 * (at least `size` long), the result may be written there (a view of it is returned).
 */
export type Inflate = (compressed: Buffer, size: number, into?: Buffer) => Buffer;
/** Runs a delta's instructions from delta[pos] on base into out; false when they do not fill it exactly. */
export type DeltaRunner = (base: Uint8Array, delta: Uint8Array, pos: number, out: Uint8Array) => boolean;

/** How a PackStore reads and decodes pack entries. */
export interface PackIo {
  inflate: Inflate;
  /** Reads len bytes at file position pos into buf[off..]: the count read (short only at the end of the file), or -errno. */
  pread(fd: number, buf: Uint8Array, off: number, len: number, pos: number): number;
  /** Runs delta instructions; undefined: applyDelta's JavaScript does. */
  delta?: DeltaRunner;
}

interface NativeAddon {
  /** Inflates the zlib stream at the start of src into dst, which must be its exact size. */
  inflate(src: Uint8Array, dst: Uint8Array): boolean;
  pread: PackIo['pread'];
  applyDelta: DeltaRunner;
}
let native: PackIo | null | undefined;

/**
 * libdeflate, pread and delta instructions through the optional addon (native/inflate, built when
 * libdeflate-dev is installed), or undefined. KEYWARD_NATIVE_INFLATE=0 turns it off.
 */
export function nativeIo(): PackIo | undefined {
  if (native === undefined) {
    const addon = optionalAddon<NativeAddon>('inflate', 'keyward_inflate.node', 'KEYWARD_NATIVE_INFLATE');
    native = addon
      ? {
          inflate: (compressed, size, into) => {
            const out = into ? into.subarray(0, size) : Buffer.allocUnsafe(size);
            if (!addon.inflate(compressed, out)) throw new Error('corrupt object or size mismatch');
            return out;
          },
          pread: addon.pread,
          delta: addon.applyDelta,
        }
      : null;
  }
  return native ?? undefined;
}

/** libdeflate through the addon, or undefined. */
export function nativeInflate(): Inflate | undefined {
  return nativeIo()?.inflate;
}

/** fs.readSync until `len` bytes or the end of the file. */
function fsPread(fd: number, buf: Uint8Array, off: number, len: number, pos: number): number {
  let n = 0;
  while (n < len) {
    const r = readSync(fd, buf, off + n, len - n, pos + n);
    if (r === 0) break;
    n += r;
  }
  return n;
}

/** node:zlib, one stream per object. */
export const zlibInflate: Inflate = (compressed, size) => {
  // One output buffer of the known size, and no more: a corrupt stream cannot grow it.
  const out = inflateSync(compressed, { chunkSize: Math.max(64, size + 64), maxOutputLength: Math.max(1, size) });
  if (out.length !== size) throw new Error('object size mismatch');
  return out;
};

/** Node alone: node:zlib, fs.readSync and applyDelta's JavaScript. */
export const nodeIo: PackIo = { inflate: zlibInflate, pread: fsPread };
