import type { Detector } from '../detect/detector.js';
import type { Finding } from '../report/finding.js';
import { looksBinary, scanBuffer, type FindingOptions } from '../scan/scan-data.js';

/** One blob of a batch: its bytes are data[start, end); it is scanned once per path given. */
export interface BlobJob {
  oid: string;
  start: number;
  end: number;
  /** One representative path per path class that needs this blob scanned. */
  paths: string[];
}

/** Blobs packed into one buffer: one transfer to a worker instead of a message per blob. */
export interface BlobBatch {
  data: Uint8Array;
  jobs: BlobJob[];
}

export interface BlobOutcome {
  oid: string;
  binary: boolean;
  /** Findings per path of the job, in the same order. */
  findings: Finding[][];
}

export function scanBlobBatch(detector: Detector, batch: BlobBatch, opts: FindingOptions): BlobOutcome[] {
  const all = Buffer.from(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength);
  return batch.jobs.map((job) => {
    const data = all.subarray(job.start, job.end);
    if (looksBinary(data)) return { oid: job.oid, binary: true, findings: job.paths.map(() => []) };
    return { oid: job.oid, binary: false, findings: job.paths.map((p) => scanBuffer(detector, data, p, opts)) };
  });
}
