/** Piscina worker for history scans: a Detector and a cat-file reader per thread (blob-jobs.ts). */
import { workerData } from 'node:worker_threads';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import { newDetector } from '../scan/batch.js';
import { BlobJobRunner, packOutcomes, unpackJobs, type BlobJobOptions, type PackedJobs, type PackedOutcomes } from './blob-jobs.js';

const { ruleSet, opts, prefilter } = workerData as { ruleSet: RuleSet; opts: BlobJobOptions; prefilter?: PrefilterSpec };
/**
 * Made with the first batch: a thread terminated before any batch must not be inside a native
 * addon's call then (see scan/worker.ts).
 */
let runner: BlobJobRunner | undefined;

/** A batch of jobs, or 'close' once the last batch is sent (ends the reader). */
export default async function run(task: PackedJobs | 'close'): Promise<PackedOutcomes> {
  if (task === 'close') {
    await runner?.close();
    return packOutcomes([]);
  }
  runner ??= new BlobJobRunner(newDetector(ruleSet, { profile: false }, prefilter), opts);
  return packOutcomes(await runner.run(unpackJobs(task)));
}
