import { setFlagsFromString } from 'node:v8';

let done = false;

/**
 * Less inlining in V8's optimising compiler, for a scan about to start its pool. Each
 * isolate (the main thread and every worker) optimises the same hot code again on V8's
 * background threads, which compete with the scan for the same cores. Measured on the 200 MB scan
 * corpus (docs/decisions.md): optimising compile time per isolate 466 -> 237 ms, two-worker wall
 * time 1.53-1.64 -> 1.46-1.49 s (6 paired runs), one thread unchanged. Set only here, not at start-up: changing a
 * flag makes V8 reject Node's code cache for built-in modules loaded afterwards, which cost a
 * one-file scan ~20 ms (147 -> 168 ms). `keyward history` does not use it: 7 paired runs were
 * slower with it when it scanned by region (medians 12.69 vs 12.27 s), and 4 with whole-blob
 * scans gave 8.93-9.99 s against 8.60-9.85 s without it.
 */
export function lessInliningForPool(): void {
  if (done) return;
  done = true;
  setFlagsFromString('--no-turbo-inlining');
}
