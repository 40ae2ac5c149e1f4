import { globMatcher } from '../config/globs.js';
import type { OwnerRule } from '../policy/policy.js';
import { CodeOwners } from '../git/codeowners.js';
import type { OwnerSource } from './types.js';

export interface Owner {
  owner: string;
  source: OwnerSource;
}

/**
 * Who answers for a credential: the policy's owners by path (trusted config; the last matching
 * rule wins), else the CODEOWNERS owners of its path (last matching line wins, as GitHub and
 * GitLab read it), else the author who introduced it. The introducing path is asked first, then
 * the other places in order.
 */
export class OwnerResolver {
  private readonly rules: Array<{ owner: string; matches: (p: string) => boolean }>;

  constructor(
    rules: readonly OwnerRule[],
    private readonly codeowners: CodeOwners | undefined,
  ) {
    this.rules = rules.map((r) => ({ owner: r.owner, matches: globMatcher(r.paths)! }));
  }

  static forRepo(root: string, rules: readonly OwnerRule[]): OwnerResolver {
    return new OwnerResolver(rules, CodeOwners.load(root));
  }

  ownerOf(paths: readonly string[], author: string | undefined): Owner {
    for (const p of paths) {
      const rule = this.lastRule(p);
      if (rule) return { owner: rule, source: 'policy' };
    }
    for (const p of paths) {
      const owners = this.codeowners?.ownersOf(p) ?? [];
      if (owners.length > 0) return { owner: owners.join(' '), source: 'codeowners' };
    }
    return author ? { owner: author, source: 'author' } : { owner: '', source: 'none' };
  }

  private lastRule(path: string): string | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) if (this.rules[i]!.matches(path)) return this.rules[i]!.owner;
    return undefined;
  }
}
