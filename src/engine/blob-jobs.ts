import type { Detector } from '../detect/detector.js';
import type { Finding } from '../model/finding.js';
import type { ObjectReader, StoredObject } from './objects.js';
import { pathFindings } from './path-findings.js';
import { scanBuffer, scanStream, textOf, type FindingOptions } from './scan-data.js';

/**
 * A blob to read and scan, by id: once per path class it was seen under (one path of each). Or,
 * with `message`, a commit whose message is scanned, reported at its one path (`<commit message>`).
 */
export interface BlobJob {
  oid: string;
  paths: string[];
  message?: boolean;
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
  /** 1 for a commit-message job. */
  messages: Uint8Array;
}

export function packJobs(jobs: readonly BlobJob[]): PackedJobs {
  const counts = new Uint16Array(jobs.length);
  const messages = new Uint8Array(jobs.length);
  const paths: string[] = [];
  let oids = '';
  jobs.forEach((j, i) => {
    oids += j.oid;
    counts[i] = j.paths.length;
    if (j.message) messages[i] = 1;
    for (const p of j.paths) paths.push(p);
  });
  return { oids, paths: paths.join('\0'), counts, messages };
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
    const job: BlobJob = { oid: packed.oids.slice(i * idLength, (i + 1) * idLength), paths: paths.slice(at, at + count) };
    if (packed.messages[i] === 1) job.message = true;
    jobs.push(job);
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

/**
 * Reads blobs through this runner's own object reader (each worker thread one: blob contents
 * never cross threads) and scans them. Jobs are answered in the order given. A blob the store
 * cannot give whole (missing, corrupt, cut short) is answered `missing` with the reason, and the
 * scan goes on with the next one.
 */
export class BlobJobRunner {
  private reader: ObjectReader | undefined;
  private objects: AsyncGenerator<StoredObject> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly detector: Detector,
    private readonly open: () => ObjectReader,
    private readonly opts: FindingOptions,
    /** Called before each blob is read; throw to stop (a time budget). */
    private readonly checkpoint?: () => void,
  ) {}

  /** Scans `jobs`; calls of run() are served one after the other, reads are asked for at once. */
  run(jobs: BlobJob[]): Promise<BlobOutcome[]> {
    this.reader ??= this.open();
    for (const j of jobs) this.reader.request(j.oid);
    const next = this.queue.then(() => this.answer(jobs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the cat-file process once every job asked for is answered. */
  async close(): Promise<void> {
    await this.queue;
    this.reader?.close();
    this.reader = undefined;
    this.objects = undefined;
  }

  private async answer(jobs: BlobJob[]): Promise<BlobOutcome[]> {
    const out: BlobOutcome[] = [];
    for (const job of jobs) {
      this.checkpoint?.();
      const next = await (this.objects ??= this.reader!.read()).next();
      if (next.done) throw new Error('git cat-file ended early');
      out.push(await this.scanOrLose(job, next.value));
    }
    return out;
  }

  /**
   * A blob whose content stream fails part-way (git died, its output was cut short) is lost,
   * not the scan: the reader carries on with the next blob.
   */
  private async scanOrLose(job: BlobJob, obj: StoredObject): Promise<BlobOutcome> {
    try {
      return await this.scan(job, obj);
    } catch (e) {
      if (!this.reader!.lost(e)) throw e;
      return { oid: job.oid, size: 0, binary: false, findings: job.paths.map(() => []), missing: (e as Error).message };
    }
  }

  private async scan(job: BlobJob, obj: StoredObject): Promise<BlobOutcome> {
    const empty = { oid: job.oid, size: 0, binary: false, findings: job.paths.map(() => []) };
    if (obj.missing) return { ...empty, missing: obj.error ?? '' };
    if (job.message) {
      if (obj.type !== 'commit') return { ...empty, size: obj.size, notBlob: obj.type };
      return { ...empty, ...(await this.scanMessage(job.paths[0]!, obj)) };
    }
    if (obj.type !== 'blob') return { ...empty, size: obj.size, notBlob: obj.type };
    if (!obj.data) return { ...empty, ...(await this.scanLarge(job, obj)) };
    // The blob's own size, also for UTF-16 text scanned as UTF-8.
    const size = obj.data.length;
    const data = textOf(obj.data);
    if (!data) return { ...empty, size, binary: true, findings: job.paths.map((path) => this.byPath(job, path)) };
    // Once per path class: path-scoped rules may answer differently.
    const findings = job.paths.map((path) => {
      const found = scanBuffer(this.detector, data, path, this.opts);
      const byPath = this.byPath(job, path);
      return byPath.length > 0 ? [...byPath, ...found] : found;
    });
    return { oid: job.oid, size, binary: false, findings };
  }

  /** A key store by its path (path-only rules): reported whatever its bytes, binary or empty. */
  private byPath(job: BlobJob, path: string): Finding[] {
    return pathFindings(this.detector, path, () => job.oid);
  }

  /** A commit's message: text whatever its bytes (no binary check); size counts the message. */
  private async scanMessage(path: string, obj: Extract<StoredObject, { missing: false }>): Promise<Pick<BlobOutcome, 'size' | 'findings'>> {
    const text = await this.reader!.message(obj);
    if (text.data) return { size: text.data.length, findings: [scanBuffer(this.detector, text.data, path, this.opts)] };
    const r = await scanStream(this.detector, text.chunks, path, this.opts, { text: true });
    return { size: r.bytes, findings: [r.findings] };
  }

  /** Too large to hold: streamed, once per path class (a second class reads it again). */
  private async scanLarge(job: BlobJob, obj: Extract<StoredObject, { missing: false }>): Promise<Pick<BlobOutcome, 'size' | 'binary' | 'findings'>> {
    const findings: Finding[][] = [];
    let binary = false;
    for (const [i, path] of job.paths.entries()) {
      const source = i === 0 && obj.chunks ? obj.chunks : this.reader!.stream(job.oid, obj.size);
      const r = await scanStream(this.detector, source, path, this.opts);
      binary = r.binary;
      findings.push([...this.byPath(job, path), ...r.findings]);
      if (binary) break;
    }
    return { size: obj.size, binary, findings: binary ? job.paths.map((path) => this.byPath(job, path)) : findings };
  }
}
