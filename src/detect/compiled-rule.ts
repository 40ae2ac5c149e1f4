import RE2 from 're2';
import { globMatcher } from './globs.js';
import { hasTokenPrefix, priorityOf, ruleConfidence } from '../rules/confidence.js';
import type { Confidence, RuleDef } from '../rules/types.js';
import { ALL_VALIDATORS as VALIDATORS, CHECKSUM_VALIDATORS } from '../rules/all-validators.js';
import type { Validator } from '../rules/validators.js';
import { accelerate, type Accelerated } from './accelerate.js';
import { compileAllowList, type CompiledAllowList } from './allowlist.js';

/**
 * A rule ready to run. Its regex is compiled on first use: most rules never become candidates
 * in a small scan (a commit hook), and compiling ~250 RE2 programs up front costs more than
 * scanning a typical commit. What is derived from the regex text (accel, confidence, structural)
 * is worked out on first use too: for ~1,000 rules that is several milliseconds of a hook's start.
 */
export class CompiledRule {
  readonly validator?: Validator;
  readonly hasPathFilter: boolean;
  /** 0 built-in generic, 1 other generic-kind, 2 specific: the higher wins a shared span. */
  readonly priority: 0 | 1 | 2;
  private accelMemo?: Accelerated | null;
  private confidenceMemo?: Confidence;
  private structuralMemo?: boolean;
  private compiled?: RE2;
  private allowRes?: RE2[];
  private lists?: CompiledAllowList[];
  private pathFn?: (path: string) => boolean;

  constructor(readonly def: RuleDef) {
    this.validator = def.validate ? VALIDATORS[def.validate] : undefined;
    this.hasPathFilter = pathScoped(def);
    this.priority = priorityOf(def);
  }

  /** Set when the regex runs without its leading boundary (see accelerate.ts). */
  get accel(): Accelerated | undefined {
    if (this.accelMemo === undefined) this.accelMemo = accelerate(this.def.regex) ?? null;
    return this.accelMemo ?? undefined;
  }

  /** How sure a finding of this rule is a credential (rules/confidence.ts). */
  get confidence(): Confidence {
    return (this.confidenceMemo ??= ruleConfidence(this.def));
  }

  /**
   * A specific rule for a token format (literal prefix) with a checksum or structure check: a
   * value of its format that fails the check is no secret, and no generic rule may report it.
   */
  get structural(): boolean {
    return (this.structuralMemo ??= this.priority === 2 && this.validator !== undefined && hasTokenPrefix(this.def));
  }

  /** Its validator checks an issuer's checksum: a value it passes is no placeholder. */
  get checksummed(): boolean {
    return this.def.validate !== undefined && CHECKSUM_VALIDATORS.has(this.def.validate);
  }

  get re(): RE2 {
    return (this.compiled ??= new RE2(this.accel?.source ?? this.def.regex, 'gdu'));
  }

  get allow(): RE2[] {
    return (this.allowRes ??= this.def.allow.map((a) => new RE2(a, 'u')));
  }

  get allowlists(): CompiledAllowList[] {
    return (this.lists ??= (this.def.allowlists ?? []).map(compileAllowList));
  }

  /** True when the rule applies to `path` (rules without `paths`/`pathRegex` apply everywhere). */
  appliesTo(path: string): boolean {
    if (!this.hasPathFilter) return true;
    if (!this.pathFn) {
      const globs = globMatcher(this.def.paths);
      const re = this.def.pathRegex ? new RE2(this.def.pathRegex, 'u') : undefined;
      this.pathFn = (p) => (!globs || globs(p)) && (!re || re.test(p));
    }
    return this.pathFn(path);
  }
}

/** A rule limited to some paths (`paths` globs, `pathRegex`). */
export function pathScoped(def: RuleDef): boolean {
  return def.paths.length > 0 || def.pathRegex !== undefined;
}
