import type { Format } from '../report/format-names.js';
import { useColor } from '../report/color.js';
import type { RuleSet } from '../rules/resolve.js';
import type { Confidence } from '../rules/types.js';
import { configSummary } from '../config/config-summary.js';
import { hookFailure, hookVerdict } from '../hooks/message.js';
import { preCommitFrameworkStage } from '../hooks/framework.js';
import { scanStaged } from '../staged/staged.js';
import { newDetector } from '../engine/detector.js';
import { emit, loadRuleSet } from './common.js';
import { stagedConfigNotes } from './config-notes.js';
import { applyBaseline } from './baseline-options.js';
import type { BaselineCliOptions } from './baseline-flags.js';
import { capWorkers } from './workers.js';

/**
 * What `keyward staged` does, loaded only when it runs. The pre-commit hook runs this on every
 * commit, so scripts/bundle.mjs bundles it into one file of its own (dist/bin/staged-run.mjs):
 * Node's ESM loader costs ~0.3 ms per module, and the shared chunks it would otherwise load are ~40.
 */
export interface StagedOptions extends BaselineCliOptions {
  format: Format | 'hook';
  output?: string;
  config?: string;
  rules?: string[];
  minConfidence?: Confidence;
  workers: number;
}

/** Scans the index; returns the exit code. */
export async function runStaged(paths: string[], opts: StagedOptions): Promise<number> {
  const color = useColor(process.stderr);
  try {
    // The pre-commit framework at its push stage (the shipped manifest sets no stages): the
    // pushed commits are `keyward pre-push`'s job, and the index is not being pushed.
    if (paths.length === 0 && opts.format === 'hook' && preCommitFrameworkStage(process.env) === 'push') return 0;
    let ruleSet: RuleSet | undefined;
    let root = process.cwd();
    let notes: Promise<string[]> = Promise.resolve([]);
    const scanned = await scanStaged({
      cwd: process.cwd(),
      paths,
      showSecrets: false,
      workers: capWorkers(opts.workers, (l) => process.stderr.write(l)),
      loadRules: (top) => {
        root = top;
        ruleSet = loadRuleSet(opts, opts.config ? process.cwd() : top);
        // Runs while the staged files are scanned: does this commit weaken keyward's own config?
        notes = stagedConfigNotes(process.cwd(), ruleSet);
        return { ruleSet, detector: newDetector(ruleSet, { profile: false }) };
      },
    });
    const configNotes = await notes;
    const result = ruleSet ? applyBaseline(scanned, opts, root, ruleSet, opts.format === 'hook') : scanned;
    if (opts.format !== 'hook') {
      result.warnings.push(...configNotes);
      return emit(result, { format: opts.format, output: opts.output }, 'staged', ruleSet);
    }
    for (const n of configNotes) process.stderr.write(`keyward: warning: ${n}\n`);
    if (ruleSet) result.stats.config = configSummary(ruleSet);
    return hookVerdict(result, 'commit', 'some staged content could not be read', { color });
  } catch (e) {
    // Fail closed: a hook that cannot check must not let the commit through silently.
    return hookFailure(e, 'commit', { color });
  }
}
