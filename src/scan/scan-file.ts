import { createReadStream, openSync, closeSync, fstatSync, readSync } from 'node:fs';
import type { Detector } from '../detect/detector.js';
import type { Finding } from '../report/finding.js';
import { CHUNK_SIZE, looksBinary, scanBuffer, scanStream, type FindingOptions } from './scan-data.js';

export interface FileScanOptions extends FindingOptions {
  /** Files larger than this many bytes are skipped (0 = no limit). */
  maxFileSize: number;
}

export type FileOutcome =
  | { status: 'scanned'; findings: Finding[]; bytes: number }
  | { status: 'binary' | 'too-large'; bytes: number }
  | { status: 'unreadable'; reason: string };

/**
 * Scans one file: small files are read whole in one syscall; larger ones are streamed in
 * overlapping windows so memory stays bounded whatever the size.
 */
export async function scanFile(detector: Detector, abs: string, display: string, opts: FileScanOptions): Promise<FileOutcome> {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (e) {
    return { status: 'unreadable', reason: errText(e) };
  }
  let streamed = false;
  try {
    const size = fstatSync(fd).size;
    if (opts.maxFileSize > 0 && size > opts.maxFileSize) return { status: 'too-large', bytes: size };
    if (size <= CHUNK_SIZE) {
      const data = readWhole(fd, size);
      if (looksBinary(data)) return { status: 'binary', bytes: data.length };
      return { status: 'scanned', findings: scanBuffer(detector, data, display, opts), bytes: data.length };
    }
    streamed = true; // the stream owns the descriptor from here and closes it
    const stream = createReadStream('', { fd, highWaterMark: 1024 * 1024 });
    const r = await scanStream(detector, stream, display, opts);
    return r.binary ? { status: 'binary', bytes: size } : { status: 'scanned', findings: r.findings, bytes: r.bytes };
  } catch (e) {
    return { status: 'unreadable', reason: errText(e) };
  } finally {
    if (!streamed) closeSync(fd);
  }
}

function readWhole(fd: number, size: number): Buffer {
  const data = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const r = readSync(fd, data, n, size - n, n);
    if (r === 0) break;
    n += r;
  }
  return n === size ? data : data.subarray(0, n);
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}
