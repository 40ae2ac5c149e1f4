import type { Detector } from '../detect/detector.js';
import type { Finding, ScanResult } from '../model/finding.js';
import { isEmpty, touches, type AddedLines } from './line-ranges.js';
import type { StoredObject } from './objects.js';
import { isPathFinding, pathFindings } from './path-findings.js';
import { scanBuffer, scanStream, textOf, type FindingOptions } from './scan-data.js';

/** A blob to scan whose findings count only on some lines (what a change adds). */
export interface RangedBlob {
  oid: string;
  /** Where the blob is reported (and what path-scoped rules see). */
  path: string;
  added: AddedLines;
  /** Provenance: the commit adding the lines (push scans). */
  commit?: string;
}

/** Reads one object by id (one at a time; a streamed answer is consumed before the next read). */
export interface ObjectLookup {
  read(oid: string): Promise<StoredObject>;
}

export interface RangedScanOptions extends FindingOptions {
  detector: Detector;
  /** Called before each object is read; throw to stop (a time budget). */
  checkpoint?: () => void;
}

export interface RangedScan {
  findings: Finding[];
  files: number;
  bytes: number;
  binary: number;
  /** "<path>: <reason>" for objects that could not be read. */
  unreadable: string[];
}

/**
 * Scans blobs and keeps the findings on the lines given. Each blob is scanned whole (a private
 * key whose middle line changed is still seen as one secret) and once per (id, path), however
 * many commits add lines to it: deduplicated by blob id before any read.
 */
export async function scanRanged(blobs: readonly RangedBlob[], objects: ObjectLookup, opts: RangedScanOptions): Promise<RangedScan> {
  const out: RangedScan = { findings: [], files: 0, bytes: 0, binary: 0, unreadable: [] };
  for (const uses of byBlob(blobs).values()) {
    opts.checkpoint?.();
    const { oid, path } = uses[0]!;
    const obj = await objects.read(oid);
    if (obj.missing || obj.type !== 'blob') {
      if (obj.missing) out.unreadable.push(`${path}: object ${oid} is missing`);
      continue; // an unread chunked object is skipped by the reader
    }
    const found = await scanObject(obj, path, out, opts);
    for (const use of uses) {
      for (const f of found) {
        // A key store by its path stands for the whole file: any change to it adds it.
        if (!touches(use.added, f.line, f.endLine) && !isPathFinding(opts.detector, f)) continue;
        out.findings.push(use.commit !== undefined ? { ...f, commit: use.commit } : f);
      }
    }
  }
  return out;
}

/** (id, path) → the uses that need it (the same blob can arrive in several commits). */
function byBlob(blobs: readonly RangedBlob[]): Map<string, RangedBlob[]> {
  const by = new Map<string, RangedBlob[]>();
  for (const b of blobs) {
    if (isEmpty(b.added)) continue;
    const key = `${b.oid}\0${b.path}`;
    const list = by.get(key);
    if (list) list.push(b);
    else by.set(key, [b]);
  }
  return by;
}

/**
 * The findings of one blob held whole or streamed (path decides path-scoped rules); counted in
 * `out` as a file with its bytes, or as binary (then not scanned).
 */
export async function scanObject(
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

/** A ranged scan as a ScanResult (findings in the order given): shared by `staged` and the push hooks. */
export function rangedResult(r: RangedScan, rules: number, t0: number, extra: { commits?: number } = {}): ScanResult {
  return {
    findings: r.findings,
    stats: {
      files: r.files,
      bytes: r.bytes,
      skippedBinary: r.binary,
      skippedTooLarge: 0,
      unreadable: r.unreadable.length,
      rules,
      workers: 0,
      durationMs: Math.round(performance.now() - t0),
      ...extra,
      complete: r.unreadable.length === 0,
    },
    warnings: r.unreadable.map((u) => `could not read ${u}`),
  };
}
