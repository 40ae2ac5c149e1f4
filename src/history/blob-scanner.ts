import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import type { Detector } from '../detect/detector.js';
import { distFile } from '../package-root.js';
import type { RuleSet } from '../rules/resolve.js';
import { newDetector } from '../scan/batch.js';
import { scanStream } from '../scan/scan-data.js';
import { scanBlobBatch, type BlobBatch, type BlobJob, type BlobOutcome } from './blob-scan.js';

/** Bytes per batch sent to a worker: one transfer per batch, not one message per blob. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_BLOBS = 1024;
/** Up to this much content is scanned on the main thread before a pool is worth starting. */
const INLINE_BYTES = 8 * 1024 * 1024;

export interface BlobScannerOptions {
  ruleSet: RuleSet;
  /** Worker threads; 1 = everything on the main thread. */
  threads: number;
  showSecrets: boolean;
  /** Called once per blob added, in no particular order, with findings per path of the blob. */
  onOutcome: (outcome: BlobOutcome, paths: string[]) => void;
}

/**
 * Scans blob contents: packs them into batches, scans the first few MB on the main thread (a
 * small or incremental scan never pays for a pool) and sends the rest to a piscina pool as
 * transferred buffers. At most two batches per thread are in flight, so memory stays bounded
 * however fast git delivers.
 */
export class BlobScanner {
  private inline: Detector | undefined;
  private pool: Piscina<BlobBatch, BlobOutcome[]> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private batch: { oid: string; data: Buffer; paths: string[] }[] = [];
  private batchBytes = 0;
  private dispatched = 0;

  constructor(private readonly opts: BlobScannerOptions) {}

  get workers(): number {
    return this.pool ? this.opts.threads : 0;
  }

  /** Queues a blob held in memory (`data` may be a view into a larger buffer: it is copied). */
  async add(oid: string, data: Buffer, paths: string[]): Promise<void> {
    this.batch.push({ oid, data, paths });
    this.batchBytes += data.length;
    if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_BLOBS) await this.flush();
  }

  /** Scans a blob too large to hold, as it streams in, on this thread (windows of bounded size). */
  async stream(oid: string, chunks: AsyncIterable<Buffer>, path: string): Promise<void> {
    const r = await scanStream(this.detector(), chunks, path, { showSecrets: this.opts.showSecrets });
    this.opts.onOutcome({ oid, binary: r.binary, findings: [r.findings] }, [path]);
  }

  /** Scans what is queued and waits for every batch in flight. */
  async finish(): Promise<void> {
    await this.flush();
    await Promise.all(this.inflight);
  }

  async destroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }

  private detector(): Detector {
    return (this.inline ??= newDetector(this.opts.ruleSet, { profile: false }));
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const items = this.batch;
    const size = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    const data = new Uint8Array(size);
    const jobs: BlobJob[] = [];
    let at = 0;
    for (const it of items) {
      data.set(it.data, at);
      jobs.push({ oid: it.oid, start: at, end: at + it.data.length, paths: it.paths });
      at += it.data.length;
    }
    const batch: BlobBatch = { data, jobs };
    const done = (outcomes: BlobOutcome[]) => outcomes.forEach((o, i) => this.opts.onOutcome(o, items[i]!.paths));
    this.dispatched += size;
    if (!this.pool && (this.opts.threads <= 1 || this.dispatched <= INLINE_BYTES)) {
      done(scanBlobBatch(this.detector(), batch, { showSecrets: this.opts.showSecrets }));
      return;
    }
    const pool = (this.pool ??= await this.startPool());
    const tracked: Promise<void> = pool
      .run(batch, { transferList: [data.buffer] })
      .then(done)
      .finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
    while (this.inflight.size >= this.opts.threads * 2) await Promise.race(this.inflight);
  }

  private async startPool(): Promise<Piscina<BlobBatch, BlobOutcome[]>> {
    const { Piscina } = await import('piscina');
    return new Piscina<BlobBatch, BlobOutcome[]>({
      // The unbundled tsc output: the CLI itself may run from a bundle.
      filename: pathToFileURL(distFile('history/worker.js')).href,
      minThreads: this.opts.threads,
      maxThreads: this.opts.threads,
      workerData: { ruleSet: this.opts.ruleSet, opts: { showSecrets: this.opts.showSecrets } },
    });
  }
}
