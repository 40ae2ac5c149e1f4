import { RISKS, type Risk, type RuleKind } from '../rules/types.js';
import type { Windows } from './policy.js';

/** How long a team gives itself to revoke an exposed credential, per risk tier and per kind. */
export interface RevocationPolicy {
  risk: Record<Risk, number>;
  /** Per-kind windows win over the tier: a team may treat every database password as critical. */
  kind: Partial<Record<RuleKind, number>>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** critical (cloud admin credentials, AI-agent tokens): 24h; high: 7d; medium: 30d; low: 90d. */
export const DEFAULT_POLICY: RevocationPolicy = {
  risk: { critical: 24 * HOUR, high: 7 * DAY, medium: 30 * DAY, low: 90 * DAY },
  kind: {},
};

/** "24 hours", "7 days", "36 hours": how the window reads in a ticket. */
export function formatDuration(ms: number): string {
  // "24 hours" reads better than "1 day" for the tightest windows.
  if (ms % DAY === 0 && ms >= 2 * DAY) return plural(ms / DAY, 'day');
  if (ms % HOUR === 0) return plural(ms / HOUR, 'hour');
  if (ms % 60_000 === 0) return plural(ms / 60_000, 'minute');
  return plural(Math.round(ms / 1000), 'second');
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

export interface Deadline {
  /** ISO 8601, UTC. */
  at: string;
  windowMs: number;
  /** What set the window, for the ticket: "critical risk" or "kind database-credential". */
  basis: string;
}

/** The revocation deadline of a secret whose ticket opens at `from`. */
export function deadlineFor(policy: RevocationPolicy, kind: RuleKind, risk: Risk, from: Date): Deadline {
  const byKind = policy.kind[kind];
  const windowMs = byKind ?? policy.risk[risk];
  return {
    at: new Date(from.getTime() + windowMs).toISOString(),
    windowMs,
    basis: byKind !== undefined ? `policy for ${kind}` : `policy for ${risk} risk`,
  };
}

/**
 * The windows tickets use, from `[policy.revoke]`. Every ticket carries a deadline: a tier set to
 * "none" there keeps its default window for tickets, and `warn` says so once per tier.
 */
export function ticketWindows(revoke: Windows, warn: (line: string) => void): RevocationPolicy {
  const risk = { ...DEFAULT_POLICY.risk };
  for (const r of RISKS) {
    const ms = revoke.risk[r];
    if (ms !== undefined) risk[r] = ms;
    else warn(`note: policy.revoke.${r} is "none": tickets still give ${r}-risk secrets the default ${formatDuration(risk[r])} deadline`);
  }
  return { risk, kind: { ...revoke.kind } };
}
