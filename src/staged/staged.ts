import { globMatcher } from '../config/globs.js';
import type { Detector } from '../detect/detector.js';
import { rangedResult, scanRanged } from '../engine/ranged.js';
import { GitObjectReader } from '../git/object-reader.js';
import { compareFindings, type ScanResult } from '../model/finding.js';
import type { RuleSet } from '../rules/resolve.js';
import { StagedIndex } from '../sources/staged-index.js';

export interface StagedRequest {
  cwd: string;
  /** Limit to these files (as lint-staged passes them: absolute or relative to cwd). */
  paths: string[];
  /** Loads rules (config found from `start`); called while git computes the diff, so the two overlap. */
  loadRules: (start: string) => { ruleSet: RuleSet; detector: Detector };
  showSecrets: boolean;
}

/** Secrets on the lines the next commit adds (sources/staged-index.ts says which). */
export async function scanStaged(req: StagedRequest): Promise<ScanResult> {
  const t0 = performance.now();
  // The diff and the object reader start at once and run while the rules load.
  const index = StagedIndex.start(req.cwd, req.paths);
  const cat = new GitObjectReader(req.cwd);
  try {
    const { ruleSet, detector } = req.loadRules(req.cwd);
    const blobs = await index.blobs(globMatcher(ruleSet.allowPaths));
    const r = await scanRanged(blobs, cat, { detector, showSecrets: req.showSecrets });
    r.findings.sort(compareFindings);
    return rangedResult(r, ruleSet.rules.length, t0);
  } finally {
    cat.close();
  }
}
