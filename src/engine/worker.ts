/**
 * The engine's one worker thread: a Detector per thread, compiled once from the rule set in
 * workerData, scanning whatever a pool sends it. An array is a batch of files (read here from
 * disk); packed jobs are blobs read here through the object reader the source named
 * (workerData.reader): contents never cross threads. 'close' ends that reader.
 */
import { workerData } from 'node:worker_threads';
import type { Detector } from '../detect/detector.js';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import { BlobJobRunner, packOutcomes, unpackJobs, type PackedJobs, type PackedOutcomes } from './blob-jobs.js';
import { newDetector } from './detector.js';
import { scanBatch, type BatchOptions, type BatchResult, type FileBlob } from './files.js';
import { loadReader, type ReaderSpec } from './objects.js';

export interface EngineWorkerData {
  ruleSet: RuleSet;
  opts: BatchOptions;
  prefilter?: PrefilterSpec;
  /** For blob jobs: the reader module and its options, and the size above which blobs are streamed. */
  reader?: { spec: ReaderSpec; inlineLimit: number };
}

export type EngineTask = FileBlob[] | PackedJobs | 'close';

const { ruleSet, opts, prefilter, reader } = workerData as EngineWorkerData;
/**
 * Made with the first task, not when the thread starts: a thread that got no task before its
 * pool was destroyed (a small scan whose batches the other thread took, or a pool dropped unused)
 * was terminated while its module was still calling into a native addon (the prefilter's load),
 * and the process crashed now and then (SIGSEGV in 3-5 of 60 runs of a 70-file scan with
 * --workers 2).
 */
let detector: Detector | undefined;
/** One per thread, made once even when two tasks arrive together (its reader answers in order). */
let runner: Promise<BlobJobRunner> | undefined;

export default async function run(task: EngineTask): Promise<BatchResult | PackedOutcomes> {
  if (task === 'close') {
    await (await runner)?.close();
    return packOutcomes([]);
  }
  detector ??= newDetector(ruleSet, opts, prefilter);
  if (Array.isArray(task)) return scanBatch(detector, task, opts);
  runner ??= blobRunner(detector);
  return packOutcomes(await (await runner).run(unpackJobs(task)));
}

async function blobRunner(d: Detector): Promise<BlobJobRunner> {
  if (!reader) throw new Error('blob jobs sent to a pool started without an object reader');
  const open = await loadReader(reader.spec);
  return new BlobJobRunner(d, () => open(reader.spec.options, { inlineLimit: reader.inlineLimit }), opts);
}
