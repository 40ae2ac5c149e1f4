import type { Risk, RuleKind } from '../rules/types.js';
import { DEFAULT_POLICY } from './revoke.js';

/** How long a credential may stay in a state, per risk tier; a per-kind window wins over the tier. */
export interface Windows {
  risk: Partial<Record<Risk, number>>;
  kind: Partial<Record<RuleKind, number>>;
}

/** Paths (micromatch globs) and the team that owns credentials found there. */
export interface OwnerRule {
  paths: string[];
  owner: string;
}

/**
 * The governance policy (`[policy]`, docs/governance.md): when credentials must be revoked or
 * rotated, who owns them, and how exposure on a public remote escalates.
 */
export interface Policy {
  /** Pushed credentials: revoked within this window (default: the tiers tickets use). */
  revoke: Windows;
  /** Credentials still at HEAD: rotated within this window of their first commit. */
  rotate: Windows;
  /** Later rules win (as in CODEOWNERS); these win over CODEOWNERS. */
  owners: OwnerRule[];
  /** Pushed to a public remote: revoked at once (within `revokeMs` of the first commit). */
  public: { remotes: string[]; revokeMs: number };
  /** Config files that set this policy, in the order applied. */
  files: string[];
}

const DAY = 86_400_000;

/** Revocation: the ticket tiers (24h, 7d, 30d, 90d); rotation: 30 days for critical and high, 90 for medium. */
export function defaultPolicy(): Policy {
  return {
    revoke: { risk: { ...DEFAULT_POLICY.risk }, kind: {} },
    rotate: { risk: { critical: 30 * DAY, high: 30 * DAY, medium: 90 * DAY }, kind: {} },
    owners: [],
    public: { remotes: [], revokeMs: 0 },
    files: [],
  };
}

/** The window for a kind and tier, and what set it ("high risk", "kind database-credential"). */
export function windowFor(w: Windows, kind: RuleKind, risk: Risk): { ms: number; basis: string } | undefined {
  const byKind = w.kind[kind];
  if (byKind !== undefined) return { ms: byKind, basis: `kind ${kind}` };
  const byRisk = w.risk[risk];
  return byRisk === undefined ? undefined : { ms: byRisk, basis: `${risk} risk` };
}
