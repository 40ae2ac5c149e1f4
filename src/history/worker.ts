/** Piscina worker for history scans: one Detector per thread, compiled once from workerData. */
import { workerData } from 'node:worker_threads';
import type { RuleSet } from '../rules/resolve.js';
import { newDetector } from '../scan/batch.js';
import type { FindingOptions } from '../scan/scan-data.js';
import { scanBlobBatch, type BlobBatch, type BlobOutcome } from './blob-scan.js';

const { ruleSet, opts } = workerData as { ruleSet: RuleSet; opts: FindingOptions };
const detector = newDetector(ruleSet, { profile: false });

export default function run(batch: BlobBatch): BlobOutcome[] {
  return scanBlobBatch(detector, batch, opts);
}
