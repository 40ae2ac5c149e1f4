import RE2 from 're2';
import { globMatcher } from '../config/globs.js';
import type { RuleSet } from '../rules/resolve.js';

type Predicate = (path: string) => boolean;

/**
 * Groups paths by what the rule set can tell apart. Detection depends on a file's path only
 * through path-scoped rules (`paths` globs, `pathRegex`) and allowlist path regexes; two paths
 * that every such predicate answers alike yield the same findings for the same blob. So a blob
 * seen at many paths is scanned once per class of its paths, not once per path: with no
 * path-scoped rule (the default packs), every path is in the single class "".
 */
export class PathClasses {
  private readonly predicates: Predicate[];
  private readonly allowed: Predicate | undefined;
  private readonly memo = new Map<string, string | undefined>();

  constructor(ruleSet: RuleSet) {
    const preds: Predicate[] = [];
    const regex = (src: string): Predicate => {
      const re = new RE2(src, 'u');
      return (p) => re.test(p);
    };
    for (const rule of ruleSet.rules) {
      const globs = globMatcher(rule.paths);
      if (globs) preds.push(globs);
      if (rule.pathRegex) preds.push(regex(rule.pathRegex));
      for (const list of rule.allowlists ?? []) preds.push(...list.paths.map(regex));
    }
    for (const list of ruleSet.global.allowlists ?? []) preds.push(...list.paths.map(regex));
    this.predicates = preds;
    this.allowed = globMatcher(ruleSet.allowPaths);
  }

  get pathDependent(): boolean {
    return this.predicates.length > 0;
  }

  /** The class of `path` ("" when nothing depends on the path), or undefined when the project allowlists it. */
  of(path: string): string | undefined {
    if (this.memo.has(path)) return this.memo.get(path);
    let cls: string | undefined;
    if (this.allowed?.(path)) cls = undefined;
    else cls = this.predicates.map((p) => (p(path) ? '1' : '0')).join('');
    if (this.memo.size > 200_000) this.memo.clear();
    this.memo.set(path, cls);
    return cls;
  }
}
