/** Piscina worker: one Detector per thread, compiled once from the rule set in workerData. */
import { workerData } from 'node:worker_threads';
import type { PrefilterSpec } from '../detect/prefilter.js';
import type { RuleSet } from '../rules/resolve.js';
import type { WalkEntry } from '../sources/walk.js';
import { newDetector, scanBatch, type BatchOptions, type BatchResult } from './batch.js';

const { ruleSet, opts, prefilter } = workerData as { ruleSet: RuleSet; opts: BatchOptions; prefilter?: PrefilterSpec };
const detector = newDetector(ruleSet, opts, prefilter);

export default function run(entries: WalkEntry[]): Promise<BatchResult> {
  return scanBatch(detector, entries, opts);
}
