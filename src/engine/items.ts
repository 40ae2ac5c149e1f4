import type { Detector } from '../detect/detector.js';
import type { Finding } from '../model/finding.js';
import { pathFindings } from './path-findings.js';
import type { ObjectText, StoredObject } from './objects.js';
import { scanBuffer, scanStream, textOf, type FindingOptions } from './scan-data.js';

/**
 * What a source hands the engine: one blob or one object's message (held whole or streamed),
 * the path it is scanned as, and the provenance its findings carry.
 */
export type ScanItem = ObjectText & {
  /** The object's id (a blob, a commit, a tag). */
  oid: string;
  /** A blob: binary content is counted, not scanned. A message is text whatever its bytes (a NUL must not hide what follows it). */
  kind: 'blob' | 'message';
  /** A blob's size, counted as bytes scanned (a message counts the bytes of its text). */
  size: number;
  /** What path-scoped rules see, and each finding's file unless the provenance names another. */
  path: string;
  /** Set on each finding after detection (commit, ref, source, file as reported, ...). */
  provenance: Partial<Finding>;
};

export interface ItemScan {
  findings: Finding[];
  files: number;
  bytes: number;
  binary: number;
}

export type ItemScanOptions = FindingOptions & { detector: Detector };

/**
 * Scans what a source yields, one item at a time: the source reads its next object only once
 * this one is consumed (a streamed answer is read before the next). An error while scanning an
 * item is thrown back to the source at its yield: it may note it and go on (a damaged object
 * costs that object), or let it end the scan.
 */
export async function scanItems(items: AsyncGenerator<ScanItem, void, undefined>, opts: ItemScanOptions): Promise<ItemScan> {
  const out: ItemScan = { findings: [], files: 0, bytes: 0, binary: 0 };
  let next = await items.next();
  while (!next.done) {
    const item = next.value;
    let found: Finding[];
    try {
      found = await scanItem(item, out, opts);
    } catch (e) {
      next = await items.throw(e);
      continue;
    }
    for (const f of found) out.findings.push({ ...f, ...item.provenance });
    next = await items.next();
  }
  return out;
}

/** One item's findings; counted in `out` once scanned. */
async function scanItem(item: ScanItem, out: ItemScan, opts: ItemScanOptions): Promise<Finding[]> {
  if (item.kind === 'blob') return scanObject(item, item.path, out, opts);
  if (item.data) {
    const found = scanBuffer(opts.detector, item.data, item.path, opts);
    out.bytes += item.data.length;
    return found;
  }
  const r = await scanStream(opts.detector, item.chunks, item.path, opts, { text: true });
  out.bytes += r.bytes;
  return r.findings;
}

/** A source as the engine takes it: its items, and what it could not read (filled as the items are consumed). */
export interface ItemSource {
  items: AsyncGenerator<ScanItem, void, undefined>;
  warnings: string[];
}

/** A source's scan: the engine's findings and counts, the source's warnings (the scan is incomplete with any). */
export type SourceScan = ItemScan & { warnings: string[] };

/** Runs the engine over a source. */
export async function scanSource(source: ItemSource, opts: ItemScanOptions): Promise<SourceScan> {
  const r = await scanItems(source.items, opts);
  return { ...r, warnings: source.warnings };
}

/**
 * The findings of one blob held whole or streamed (path decides path-scoped rules); counted in
 * `out` as a file with its bytes, or as binary (then not scanned).
 */
async function scanObject(
  obj: Pick<Extract<StoredObject, { missing: false }>, 'oid' | 'data' | 'chunks' | 'size'>,
  path: string,
  out: { files: number; bytes: number; binary: number },
  opts: FindingOptions & { detector: Detector },
): Promise<Finding[]> {
  // A key store by its path is reported whatever its bytes, binary or empty.
  const byPath = pathFindings(opts.detector, path, () => obj.oid);
  let found: Finding[];
  if (obj.data) {
    const text = textOf(obj.data);
    if (!text) {
      out.binary++;
      return byPath;
    }
    found = scanBuffer(opts.detector, text, path, opts);
  } else {
    // scanStream may stop early (binary content): the reader skips the rest of the object.
    const r = await scanStream(opts.detector, obj.chunks!, path, opts);
    if (r.binary) {
      out.binary++;
      return byPath;
    }
    found = r.findings;
  }
  out.files++;
  out.bytes += obj.size;
  return byPath.length > 0 ? [...byPath, ...found] : found;
}
