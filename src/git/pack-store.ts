import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { packageRoot } from '../package-root.js';
import { PackIndex, type PackIndexData } from './pack-index.js';

/** An object read from a pack. */
export interface PackObject {
  type: string;
  data: Buffer;
}

const TYPES = ['', 'commit', 'tree', 'blob', 'tag'];
/** Longest object header: type and a size of up to 64 bits. */
const HEADER_MAX = 16;
/** Compressed objects up to this size are read into one reused buffer. */
const MAX_SCRATCH = 4 * 1024 * 1024;
/** Pack number times this plus the offset: an object's place in one exact number (< 2^53). */
const PACK_STRIDE = 2 ** 40;
/** Places beyond this (a pack over 1 TiB, or over 8,192 packs) are left to git. */
const MAX_PLACE = 2 ** 53;
/** locate(): no pack gives the object (not packed, too large, unreadable). */
export const NOT_HERE = -1;
/** locate(): the pack stores the object as a delta (git resolves it). */
export const DELTIFIED = -2;

/**
 * Reads whole (undeltified) objects straight from pack files, in this thread: one read and one
 * inflate (libdeflate when its optional addon is built), without a second process, a pipe, or
 * copying every blob through it. Deltified objects are left to `git cat-file`: its delta base
 * cache resolved the chains of a deltified repository about twice as fast as inflating and
 * applying deltas from JavaScript (measured: docs/decisions.md). The caller asks git for anything this does not give: objects
 * in no pack or deltified, larger than it holds in memory, or in a pack that does not read back
 * as expected (git then reports the damage in its own words).
 */
export class PackStore {
  private readonly packs: Array<{ index: PackIndex; fd?: number }>;
  private scratch = Buffer.allocUnsafeSlow(64 * 1024);
  private readonly header = Buffer.alloc(HEADER_MAX);

  /** `inflate`: libdeflate when its addon is built (about 1.5x node:zlib here), else node:zlib. */
  constructor(
    packs: readonly PackIndexData[],
    private readonly inflate: Inflate = nativeInflate() ?? zlibInflate,
  ) {
    this.packs = packs.map((data) => ({ index: new PackIndex(data) }));
  }

  /**
   * Where a whole object of at most `maxSize` bytes lies (a number for read()), DELTIFIED, or
   * NOT_HERE (not packed, too large, or unreadable).
   */
  locate(oid: string, maxSize: number): number {
    for (let p = 0; p < this.packs.length; p++) {
      const offset = this.packs[p]!.index.find(oid);
      if (offset < 0) continue;
      try {
        const pack = this.packs[p]!;
        const n = readSync(this.fd(pack), this.header, 0, HEADER_MAX, offset);
        const h = parseHeader(this.header, n);
        if (!h) return NOT_HERE;
        if (h.type > 4) return DELTIFIED;
        const place = p * PACK_STRIDE + offset;
        return h.size <= maxSize && offset < PACK_STRIDE && place < MAX_PLACE ? place : NOT_HERE;
      } catch {
        return NOT_HERE;
      }
    }
    return NOT_HERE;
  }

  /** The object at a place locate() gave, or undefined when the pack does not read back as expected. */
  read(place: number): PackObject | undefined {
    const p = Math.floor(place / PACK_STRIDE);
    const offset = place - p * PACK_STRIDE;
    const pack = this.packs[p];
    if (!pack) return undefined;
    try {
      const raw = this.readBytes(pack, offset, pack.index.end(offset));
      const h = parseHeader(raw, raw.length);
      if (!h || h.type < 1 || h.type > 4) return undefined;
      return { type: TYPES[h.type]!, data: this.inflate(raw.subarray(h.length), h.size) };
    } catch {
      return undefined;
    }
  }

  close(): void {
    for (const p of this.packs) {
      if (p.fd !== undefined) closeSync(p.fd);
      p.fd = undefined;
    }
  }

  private fd(pack: { index: PackIndex; fd?: number }): number {
    return (pack.fd ??= openSync(pack.index.data.packPath, 'r'));
  }

  /** Bytes [from, to) of the pack, in a scratch buffer the next read reuses. */
  private readBytes(pack: { index: PackIndex; fd?: number }, from: number, to: number): Buffer {
    const len = to - from;
    if (len <= 0) throw new Error('bad object offset');
    if (len > this.scratch.length && len <= MAX_SCRATCH) this.scratch = Buffer.allocUnsafeSlow(Math.min(MAX_SCRATCH, Math.max(len, 2 * this.scratch.length)));
    const buf = len <= this.scratch.length ? this.scratch : Buffer.allocUnsafe(len);
    const fd = this.fd(pack);
    let n = 0;
    while (n < len) {
      const r = readSync(fd, buf, n, len - n, from + n);
      if (r === 0) throw new Error('pack truncated');
      n += r;
    }
    return buf.subarray(0, len);
  }
}

/** A pack entry's type code and size (of the object, or of the delta), and the header's length. */
function parseHeader(b: Buffer, n: number): { type: number; size: number; length: number } | undefined {
  let pos = 0;
  if (n < 1) return undefined;
  let c = b[pos++]!;
  const type = (c >> 4) & 7;
  let size = c & 15;
  let shift = 4;
  while (c & 0x80) {
    if (pos >= n || shift > 53) return undefined;
    c = b[pos++]!;
    size += (c & 0x7f) * 2 ** shift;
    shift += 7;
  }
  return { type, size, length: pos };
}

/** Inflates a zlib stream of exactly `size` bytes (trailing input ignored), or throws. */
export type Inflate = (compressed: Buffer, size: number) => Buffer;

interface InflateAddon {
  /** Inflates the zlib stream at the start of src into dst, which must be its exact size. */
  inflate(src: Uint8Array, dst: Uint8Array): boolean;
}
let native: Inflate | null | undefined;

/**
 * libdeflate through the optional addon (native/inflate, built when libdeflate-dev is installed),
 * or undefined. KEYWARD_NATIVE_INFLATE=0 turns it off.
 */
export function nativeInflate(): Inflate | undefined {
  if (native === undefined) {
    native = null;
    if (process.env.KEYWARD_NATIVE_INFLATE !== '0') {
      try {
        const addon = createRequire(import.meta.url)(join(packageRoot(), 'native', 'inflate', 'build', 'Release', 'keyward_inflate.node')) as InflateAddon;
        native = (compressed, size) => {
          const out = Buffer.allocUnsafe(size);
          if (!addon.inflate(compressed, out)) throw new Error('corrupt object or size mismatch');
          return out;
        };
      } catch {
        native = null;
      }
    }
  }
  return native ?? undefined;
}

/** node:zlib, one stream per object. */
export const zlibInflate: Inflate = (compressed, size) => {
  // One output buffer of the known size, and no more: a corrupt stream cannot grow it.
  const out = inflateSync(compressed, { chunkSize: Math.max(64, size + 64), maxOutputLength: Math.max(1, size) });
  if (out.length !== size) throw new Error('object size mismatch');
  return out;
};
