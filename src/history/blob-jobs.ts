import { spawn } from 'node:child_process';
import type { Detector } from '../detect/detector.js';
import { REGION_CONTEXT_LINES } from '../detect/detector.js';
import { BlobReader, type ReadObject } from '../git/blob-reader.js';
import type { PackIndexData } from '../git/pack-index.js';
import { DELTIFIED, PackStore } from '../git/pack-store.js';
import { gitEnv } from '../git/run.js';
import type { Finding } from '../report/finding.js';
import { countLines } from '../scan/locate.js';
import { scanStream, textOf, toLocatedFindings, type FindingOptions, type LocatedFinding } from '../scan/scan-data.js';
import { carryOver, changedRegions, resolveContext } from './delta.js';

/** A blob to read and scan: once per path class it was seen under (one path of each). */
export interface BlobJob {
  oid: string;
  paths: string[];
}

export interface BlobOutcome {
  oid: string;
  size: number;
  binary: boolean;
  /** Set when git could not give the blob: its reason ('' when the store simply lacks it). */
  missing?: string;
  /** The object is not a blob: its type. */
  notBlob?: string;
  /** Findings per path of the job, in the same order. */
  findings: Finding[][];
  /** Scanned by region from its base version. */
  delta?: boolean;
}

export interface BlobJobOptions extends FindingOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Blobs larger than this are streamed in bounded memory instead of read whole. */
  inlineLimit: number;
  /** Bytes of earlier versions kept for region scans. */
  keepBytes: number;
  /** The repository's packs: objects in them are read in this thread (pack-store.ts), the rest through git. */
  packs?: PackIndexData[];
}

/** What a region scan of the next version needs from this one. */
export interface Version {
  data: Buffer;
  findings: LocatedFinding[];
  context: Uint8Array;
}

/**
 * After this many packed blobs, a thread whose blobs are mostly deltas stops reading whole ones
 * itself: in a deltified pack the whole objects are the bases of delta chains, and git would
 * inflate them a second time for its delta base cache (measured: docs/decisions.md).
 */
const PACK_SAMPLE = 1024;

/** Larger versions are not kept (the keep budget is for many files). */
const MAX_KEPT_BLOB = 4 * 1024 * 1024;

/**
 * Reads blobs and scans them, each worker thread one: blob contents never cross threads. Blobs
 * stored whole in a pack are read from the pack file in this thread, the others (deltified,
 * loose, huge) through this runner's own `git cat-file`. A blob whose base version this runner
 * scanned recently is scanned over its changed lines only (delta.ts). Jobs are answered in the
 * order given.
 */
export class BlobJobRunner {
  private reader: BlobReader | undefined;
  private objects: AsyncGenerator<ReadObject> | undefined;
  private readonly store: PackStore | undefined;
  /** Packed blobs located so far, whole and deltified; `deltified`: mostly deltas, git reads all. */
  private packedWhole = 0;
  private packedDeltas = 0;
  private deltified = false;
  /** One object at a time, for a packed object the pack store could not give. */
  private fallback: { reader: BlobReader; objects: AsyncGenerator<ReadObject> } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The last version scanned at each path, least recently used first (Map order), at most keepBytes in all. */
  private readonly kept = new Map<string, Version>();
  private keptBytes = 0;

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
    const place = this.store.locate(oid, this.opts.inlineLimit);
    if (place >= 0) this.packedWhole++;
    else if (place === DELTIFIED) this.packedDeltas++;
    // A deltified repository: git's delta base cache wants the whole objects too. Blobs already
    // located are still read here (the store stays open until close()).
    if (this.packedWhole + this.packedDeltas === PACK_SAMPLE && this.packedDeltas > this.packedWhole) this.deltified = true;
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
      const fromPack = inPack ? this.store!.read(places[i]!) : undefined;
      if (fromPack) {
        const { type, data } = fromPack;
        out.push(await this.scan(job, { oid: job.oid, missing: false, type, size: data.length, data }, true));
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

  /** `owned`: obj.data is not a view of a reader's buffer, so it can be kept as it is. */
  private async scan(job: BlobJob, obj: ReadObject, owned = false): Promise<BlobOutcome> {
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
    // Converted UTF-16 text is a buffer of its own.
    const keepAsIs = owned || data !== obj.data;
    if (job.paths.length > 1) {
      // Several path classes: scanned whole once per class, and not kept.
      const findings = job.paths.map((path) => scanVersion(this.detector, data, path, this.opts).findings.map((f) => f.finding));
      return { oid: job.oid, size, binary: false, findings };
    }
    const path = job.paths[0]!;
    // Any earlier version of the same file will do: versions a few edits apart differ in a few lines.
    const base = this.kept.get(path);
    const derived = base && deriveVersion(this.detector, base, data, path, this.opts);
    const version = derived ?? scanVersion(this.detector, data, path, this.opts);
    if (data.length <= MAX_KEPT_BLOB) this.keep(path, version, keepAsIs);
    return { oid: job.oid, size, binary: false, findings: [version.findings.map((f) => f.finding)], ...(derived ? { delta: true } : {}) };
  }

  private keep(path: string, v: Version, owned: boolean): void {
    // A view would pin the reader's whole chunk: keep a copy.
    const own: Version = owned ? v : { ...v, data: Buffer.from(v.data) };
    const old = this.kept.get(path);
    if (old) {
      this.kept.delete(path);
      this.keptBytes -= old.data.length;
    }
    this.kept.set(path, own);
    this.keptBytes += own.data.length;
    for (const [k, old] of this.kept) {
      if (this.keptBytes <= this.opts.keepBytes) break;
      this.kept.delete(k);
      this.keptBytes -= old.data.length;
    }
  }
}

/**
 * A new version of a file scanned over the lines that differ from `base` (an earlier version of
 * the same file, scanned whole or this way), with the base's other findings carried over;
 * undefined when the version must be scanned whole (see delta.ts for when).
 */
export function deriveVersion(detector: Detector, base: Version, data: Buffer, path: string, opts: FindingOptions): Version | undefined {
  const regions = changedRegions(base.data, data, REGION_CONTEXT_LINES);
  if (!regions) return undefined;
  const inB = regions.map((r) => [r.startB, r.endB] as const);
  const r = detector.detectRegions(data, path, inB, (regionsB) =>
    resolveContext(
      base.context,
      regionsB,
      (i) => spellings(detector.contextLiterals[i]!).some((w) => data.includes(w)),
      () => detector.contextOfRegions(base.data, regions.map((x) => [x.startA, x.endA] as const)),
    ),
  );
  if (!r) return undefined;
  const added = regions.map((x) => countLines(data, x.startB, x.endB) - countLines(base.data, x.startA, x.endA));
  const kept = carryOver(base.findings, regions, added, path);
  if (!kept) return undefined;
  const fresh = toLocatedFindings(r.matches, data, path, 1, opts);
  // The order of a full scan: by the secret's position.
  const at = (f: LocatedFinding) => f.finding;
  const findings = [...kept, ...fresh].sort(
    (x, y) => at(x).line - at(y).line || at(x).column - at(y).column || at(x).endLine - at(y).endLine || at(x).endColumn - at(y).endColumn,
  );
  return { data, findings, context: r.context };
}


const spelled = new Map<string, string[]>();
/** Common spellings of a (lower-case) literal: lower, upper and capitalised. */
function spellings(literal: string): string[] {
  let s = spelled.get(literal);
  if (!s) {
    s = [...new Set([literal, literal.toUpperCase(), literal.charAt(0).toUpperCase() + literal.slice(1)])];
    spelled.set(literal, s);
  }
  return s;
}

/** A whole blob scanned, with what a region scan of its next version needs. */
export function scanVersion(detector: Detector, data: Buffer, path: string, opts: FindingOptions): Version {
  const r = detector.detectWithContext(data, path);
  return { data, findings: toLocatedFindings(r.matches, data, path, 1, opts), context: r.context };
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
