import { Detector } from '../detect/detector.js';
import { pathScoped } from '../detect/compiled-rule.js';
import { Prefilter, prefilterSpec, type PrefilterSpec } from '../detect/prefilter.js';
import type { Finding } from '../report/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import type { WalkEntry } from '../sources/walk.js';
import { scanFile, type FileScanOptions } from './scan-file.js';

export interface BatchOptions extends FileScanOptions {
  profile: boolean;
}

/** What scanning a batch of files produced: plain data, so it crosses the worker boundary. */
export interface BatchResult {
  findings: Finding[];
  files: number;
  bytes: number;
  binary: number;
  tooLarge: number;
  unreadable: string[];
  /** [rule id, nanoseconds, runs, matches] when profiling. */
  profile?: Array<[string, number, number, number]>;
}

/** A Detector for the rule set; with a prefilter spec (worker threads), one that uses it. */
export function newDetector(ruleSet: RuleSet, opts: Pick<BatchOptions, 'profile'>, prefilter?: PrefilterSpec): Detector {
  const d = new Detector(ruleSet.rules, ruleSet.global, { profile: opts.profile, decode: ruleSet.decode !== false });
  d.usePrefilter(Prefilter.from(prefilter));
  return d;
}

/**
 * The prefilter to hand to worker threads, or undefined without the native addon (prefilter.ts).
 * The path-scoped rules get a database of their own, which the Detector scans only where one of
 * them applies (prefilter.ts, PrefilterPart).
 */
export function prefilterFor(ruleSet: RuleSet): PrefilterSpec | undefined {
  if (ruleSet.rules.some(pathScoped)) {
    const main = prefilterSpec(ruleSet.rules, 'unscoped');
    const scoped = prefilterSpec(ruleSet.rules, 'scoped');
    if (main && scoped) return { ...main, scoped };
  }
  return prefilterSpec(ruleSet.rules);
}

export async function scanBatch(detector: Detector, entries: readonly WalkEntry[], opts: BatchOptions): Promise<BatchResult> {
  const out: BatchResult = { findings: [], files: 0, bytes: 0, binary: 0, tooLarge: 0, unreadable: [] };
  for (const e of entries) {
    // `raw` arrives in a worker as a plain Uint8Array (structured clone): a Buffer view of it.
    const path = e.raw ? Buffer.from(e.raw.buffer, e.raw.byteOffset, e.raw.byteLength) : e.abs;
    const o = scanFile(detector, path, e.display, opts);
    const r = o instanceof Promise ? await o : o; // only streamed (large) files are awaited
    switch (r.status) {
      case 'scanned':
        out.files++;
        out.bytes += r.bytes;
        for (const f of r.findings) out.findings.push(f);
        break;
      case 'binary':
        out.binary++;
        break;
      case 'too-large':
        out.tooLarge++;
        break;
      case 'unreadable':
        out.unreadable.push(`${e.display}: ${r.reason}`);
        break;
    }
  }
  if (detector.profile) out.profile = takeProfile(detector);
  return out;
}

/** Reads and resets the detector's per-rule counters. */
export function takeProfile(detector: Detector): Array<[string, number, number, number]> {
  const rows: Array<[string, number, number, number]> = [];
  for (const [id, p] of detector.profile ?? []) {
    if (p.runs > 0) rows.push([id, Number(p.nanos), p.runs, p.matches]);
    p.nanos = 0n;
    p.runs = 0;
    p.matches = 0;
  }
  return rows;
}
