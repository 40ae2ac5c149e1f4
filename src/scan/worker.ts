/** Piscina worker: one Detector per thread, compiled once from the rule set in workerData. */
import { workerData } from 'node:worker_threads';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import type { WalkEntry } from '../sources/walk.js';
import { newDetector, scanBatch, type BatchOptions, type BatchResult } from './batch.js';

const { ruleSet, opts, prefilter } = workerData as { ruleSet: RuleSet; opts: BatchOptions; prefilter?: PrefilterSpec };
/**
 * Made with the first batch, not when the thread starts: a thread that got no batch before its
 * pool was destroyed (a small scan whose batches the other thread took, or a pool dropped unused)
 * was terminated while its module was still calling into a native addon (the prefilter's load),
 * and the process crashed now and then (SIGSEGV in 3-5 of 60 runs of a 70-file scan with
 * --workers 2).
 */
let detector: ReturnType<typeof newDetector> | undefined;

export default function run(entries: WalkEntry[]): Promise<BatchResult> {
  detector ??= newDetector(ruleSet, opts, prefilter);
  return scanBatch(detector, entries, opts);
}
