import { spawn } from 'node:child_process';
import type { Detector } from '../detect/detector.js';
import { BlobReader, type ReadObject } from '../git/blob-reader.js';
import type { PackIndexData } from '../git/pack-index.js';
import { PackStore } from '../git/pack-store.js';
import { gitEnv } from '../git/run.js';
import type { Finding } from '../report/finding.js';
import { scanBuffer, scanStream, textOf, type FindingOptions } from '../scan/scan-data.js';

/** A blob to read and scan: once per path class it was seen under (one path of each). */
export interface BlobJob {
  oid: string;
  paths: string[];
  /** Set once the job is handed to a thread: a path added after that would not be scanned. */
  sent?: boolean;
}

/**
 * A batch of jobs as it crosses to a worker thread: the ids end to end, the paths joined by NUL
 * (a path never holds one) and each job's number of paths. Three flat values clone at memcpy
 * speed; an array of objects cost the main thread a structured clone per job.
 */
export interface PackedJobs {
  oids: string;
  paths: string;
  counts: Uint16Array;
  /** The repository's pack indexes (shared memory): a thread reads the blobs they hold itself. */
  packs?: PackIndexData[];
}

export function packJobs(jobs: readonly BlobJob[]): PackedJobs {
  const counts = new Uint16Array(jobs.length);
  const paths: string[] = [];
  let oids = '';
  jobs.forEach((j, i) => {
    oids += j.oid;
    counts[i] = j.paths.length;
    for (const p of j.paths) paths.push(p);
  });
  return { oids, paths: paths.join('\0'), counts };
}

export function unpackJobs(packed: PackedJobs): BlobJob[] {
  const n = packed.counts.length;
  if (n === 0) return [];
  const idLength = packed.oids.length / n;
  const paths = packed.paths.split('\0');
  const jobs: BlobJob[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const count = packed.counts[i]!;
    jobs.push({ oid: packed.oids.slice(i * idLength, (i + 1) * idLength), paths: paths.slice(at, at + count) });
    at += count;
  }
  return jobs;
}

export interface BlobOutcome {
  oid: string;
  size: number;
  binary: boolean;
  /** Set when git could not give the blob: its reason ('' when the store simply lacks it). */
  missing?: string;
  /** The object is not a blob: its type. */
  notBlob?: string;
  /** Findings per path of the job, in the same order (a missing entry: none). */
  findings: Finding[][];
}

/**
 * A batch's outcomes as they cross from a worker thread: most blobs have no findings, and
 * cloning an object per blob (with its id) cost the main thread more than the rest of its work
 * on them. `sizes[i]` and `binary[i]` describe job i; `full` holds the outcomes with more to say.
 */
export interface PackedOutcomes {
  sizes: Float64Array;
  binary: Uint8Array;
  full: Array<[number, BlobOutcome]>;
}

export function packOutcomes(outcomes: readonly BlobOutcome[]): PackedOutcomes {
  const sizes = new Float64Array(outcomes.length);
  const binary = new Uint8Array(outcomes.length);
  const full: Array<[number, BlobOutcome]> = [];
  outcomes.forEach((o, i) => {
    if (o.missing !== undefined || o.notBlob !== undefined || o.findings.some((f) => f.length > 0)) full.push([i, o]);
    sizes[i] = o.size;
    binary[i] = o.binary ? 1 : 0;
  });
  return { sizes, binary, full };
}

/** No findings for any path: shared by every outcome that has none, never written to. */
const NO_FINDINGS: Finding[][] = Object.freeze([]) as unknown as Finding[][];

/** The outcomes of `jobs` from packOutcomes(), in job order; `findings` is empty (no entry per path) for the blobs with none. */
export function unpackOutcomes(packed: PackedOutcomes, jobs: readonly BlobJob[]): BlobOutcome[] {
  const out = jobs.map((j, i): BlobOutcome => ({ oid: j.oid, size: packed.sizes[i]!, binary: packed.binary[i] === 1, findings: NO_FINDINGS }));
  for (const [i, o] of packed.full) out[i] = o;
  return out;
}

export interface BlobJobOptions extends FindingOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Blobs larger than this are streamed in bounded memory instead of read whole. */
  inlineLimit: number;
  /** The repository's packs: objects in them are read in this thread (pack-store.ts), the rest through git. */
  packs?: PackIndexData[];
}

/**
 * After this many packed blobs, a thread whose blobs are mostly deltas stops reading packed
 * blobs itself: in a deltified pack (a clone, a repository after gc --aggressive) the whole
 * objects and short chains are the bases of long chains, and git's delta base cache resolves
 * them all faster than inflating them here too (measured: docs/decisions.md).
 */
const PACK_SAMPLE = 1024;

/**
 * Reads blobs and scans them, each worker thread one: blob contents never cross threads. Blobs
 * stored whole in a pack, or as deltas with short chains, are read from the pack file in this
 * thread, the others (long delta chains, loose, huge) through this runner's own `git cat-file`.
 * Jobs are answered in the order given.
 */
export class BlobJobRunner {
  private reader: BlobReader | undefined;
  private objects: AsyncGenerator<ReadObject> | undefined;
  private readonly store: PackStore | undefined;
  /** `deltified`: most packed blobs so far were deltas, so git reads all. */
  private deltified = false;
  /** One object at a time, for a packed object the pack store could not give. */
  private fallback: { reader: BlobReader; objects: AsyncGenerator<ReadObject> } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly detector: Detector,
    private readonly opts: BlobJobOptions,
  ) {
    this.store = opts.packs && opts.packs.length > 0 ? new PackStore(opts.packs) : undefined;
  }

  /** Scans `jobs`; calls of run() are served one after the other, reads are asked for at once. */
  run(jobs: BlobJob[]): Promise<BlobOutcome[]> {
    const places = jobs.map((j) => this.locate(j.oid));
    jobs.forEach((j, i) => {
      if (places[i]! < 0) (this.reader ??= this.newReader()).request(j.oid);
    });
    const next = this.queue.then(() => this.answer(jobs, places));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the cat-file process once every job asked for is answered. */
  async close(): Promise<void> {
    await this.queue;
    this.reader?.close();
    this.reader = undefined;
    this.objects = undefined;
    this.fallback?.reader.close();
    this.fallback = undefined;
    this.store?.close();
  }

  /** Where the blob lies in a pack, or < 0: git reads it. */
  private locate(oid: string): number {
    if (!this.store || this.deltified) return -1;
    // The sample showed a pack of mostly whole objects: the index alone places a blob, and the
    // few in long chains are given to git when read() meets them (a header read per link less:
    // 3.7-3.8 s against 4.2-4.4 s to read every benchmark blob on one thread).
    if (this.store.located.whole + this.store.located.deltas >= PACK_SAMPLE) return this.store.place(oid);
    const place = this.store.locate(oid, this.opts.inlineLimit);
    // A deltified repository: git's delta base cache wants the whole objects too. Blobs already
    // located are still read here (the store stays open until close()).
    const { whole, deltas } = this.store.located;
    if (whole + deltas === PACK_SAMPLE && deltas > whole) this.deltified = true;
    return place;
  }

  private newReader(): BlobReader {
    return new BlobReader(this.opts.cwd, this.opts.inlineLimit, this.opts.env, false);
  }

  /** `places[i]`: where job i's blob lies in a pack (PackStore.locate), or -1: git reads it. */
  private async answer(jobs: BlobJob[], places: number[]): Promise<BlobOutcome[]> {
    const out: BlobOutcome[] = [];
    for (const [i, job] of jobs.entries()) {
      const inPack = places[i]! >= 0;
      // Reused buffer: scan() is done with the data before the next read.
      const fromPack = inPack ? this.store!.read(places[i]!, this.opts.inlineLimit, true) : undefined;
      if (fromPack) {
        const { type, data } = fromPack;
        out.push(await this.scan(job, { oid: job.oid, missing: false, type, size: data.length, data }));
        continue;
      }
      const next = await (inPack ? this.readAlone(job.oid) : (this.objects ??= this.reader!.read()).next());
      if (next.done) throw new Error('git cat-file ended early');
      out.push(await this.scan(job, next.value));
    }
    return out;
  }

  /** A packed object the pack store failed to read back (a damaged pack): git's answer. */
  private readAlone(oid: string): Promise<IteratorResult<ReadObject>> {
    if (!this.fallback) {
      const reader = this.newReader();
      this.fallback = { reader, objects: reader.read() };
    }
    this.fallback.reader.request(oid);
    return this.fallback.objects.next();
  }

  private async scan(job: BlobJob, obj: ReadObject): Promise<BlobOutcome> {
    const empty = { oid: job.oid, size: 0, binary: false, findings: job.paths.map(() => []) };
    if (obj.missing) return { ...empty, missing: 'error' in obj ? obj.error : '' };
    if (obj.type !== 'blob') return { ...empty, size: obj.size, notBlob: obj.type };
    if (!obj.data) {
      // Too large to hold: streamed, once per path class (a second class reads it again).
      const findings: Finding[][] = [];
      let binary = false;
      for (const [i, path] of job.paths.entries()) {
        const r = await scanStream(this.detector, i === 0 && obj.chunks ? obj.chunks : blobStream(this.opts, job.oid), path, this.opts);
        binary = r.binary;
        findings.push(r.findings);
        if (binary) break;
      }
      return { ...empty, size: obj.size, binary, findings: binary ? empty.findings : findings };
    }
    // The blob's own size, also for UTF-16 text scanned as UTF-8.
    const size = obj.data.length;
    const data = textOf(obj.data);
    if (!data) return { ...empty, size, binary: true };
    // Once per path class: path-scoped rules may answer differently.
    const findings = job.paths.map((path) => scanBuffer(this.detector, data, path, this.opts));
    return { oid: job.oid, size, binary: false, findings };
  }
}

/** A blob's content from a one-off `git cat-file blob` (a huge blob needed a second time). */
async function* blobStream(opts: BlobJobOptions, oid: string): AsyncGenerator<Buffer> {
  const child = spawn('git', ['cat-file', 'blob', oid], { cwd: opts.cwd, env: gitEnv(opts.env), stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
  } finally {
    child.kill();
  }
}
