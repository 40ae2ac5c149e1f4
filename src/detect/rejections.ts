import RE2 from 're2';
import { allowedBy, compileAllowList, type CompiledAllowList, type GlobalAllow, type MatchContext } from './allowlist.js';
import type { CompiledRule } from './compiled-rule.js';
import { describeNonSecret } from './filters.js';
import { ValueMemo } from './value-memo.js';

/**
 * Why a candidate is dropped after its rule matched: the value filters (placeholders, stopwords,
 * allow patterns) and the allowlists, the rule's own and the global ones ([allow] of a config).
 */
export class Rejections {
  private readonly allow: RE2[];
  private readonly stopwords: string[];
  private readonly lists: CompiledAllowList[];
  /** The value filters' verdicts per rule and value: they read the value alone. */
  private readonly verdicts = new ValueMemo<string | undefined>();

  constructor(global: GlobalAllow) {
    this.allow = global.regexes.map((r) => new RE2(r, 'u'));
    this.stopwords = global.stopwords.map((s) => s.toLowerCase());
    this.lists = (global.allowlists ?? []).map(compileAllowList);
  }

  /** Which filter drops a candidate secret, in words; undefined when it is kept. */
  of(rule: CompiledRule, secret: string, ctx: MatchContext): string | undefined {
    const byValue = this.ofValue(rule, secret);
    if (byValue !== undefined) return byValue;
    if (rule.allowlists.length === 0 && this.lists.length === 0) return undefined;
    const lower = secret.toLowerCase();
    for (const a of rule.allowlists) if (allowedBy(a, secret, lower, ctx)) return "allow pattern: one of the rule's allowlists matches";
    for (const a of this.lists) if (targets(a, rule) && allowedBy(a, secret, lower, ctx)) return 'allow pattern: a global allowlist matches';
    return undefined;
  }

  /** Whether a path-only rule's allow regexes (tested on the path) or an allowlist drop the file at `path`. */
  ofPath(rule: CompiledRule, path: string): boolean {
    if (rule.allow.some((re) => re.test(path))) return true;
    const ctx: MatchContext = { data: NO_DATA, matchStart: 0, matchEnd: 0, path };
    if (rule.allowlists.some((a) => allowedBy(a, '', '', ctx))) return true;
    return this.lists.some((a) => targets(a, rule) && allowedBy(a, '', '', ctx));
  }

  /**
   * The filters that read the value alone, memoized per (rule, value): content dense with secrets
   * repeats the same values thousands of times (gitleaks' history: 19,683 raw matches).
   */
  private ofValue(rule: CompiledRule, secret: string): string | undefined {
    return this.verdicts.get(rule, secret, (v) => this.valueFilters(rule, v));
  }

  private valueFilters(rule: CompiledRule, secret: string): string | undefined {
    // Validators run first (Detector.runRule), so a checksummed rule's value here passed its checksum.
    const non = rule.checksummed ? undefined : describeNonSecret(secret);
    if (non !== undefined) return non;
    const lower = secret.toLowerCase();
    const own = rule.def.stopwords.find((w) => lower.includes(w));
    if (own !== undefined) return `stopword filter: the value holds the rule's stopword "${own}"`;
    const global = this.stopwords.find((w) => lower.includes(w));
    if (global !== undefined) return `stopword filter: the value holds "${global}" from [allow] stopwords`;
    const allow = rule.allow.find((re) => re.test(secret));
    if (allow) return `allow pattern: the rule's allow pattern /${allow.source}/ matches the value`;
    const globalAllow = this.allow.find((re) => re.test(secret));
    if (globalAllow) return `allow pattern: /${globalAllow.source}/ from [allow] regexes matches the value`;
    return undefined;
  }
}

const NO_DATA = Buffer.alloc(0);

/** Whether a global allowlist applies to `rule` (no `targetRules`: to every rule). */
function targets(a: CompiledAllowList, rule: CompiledRule): boolean {
  return !a.list.targetRules || a.list.targetRules.includes(rule.def.id);
}
