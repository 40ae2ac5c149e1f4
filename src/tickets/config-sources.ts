import { existsSync } from 'node:fs';
import { findConfig } from '../config/config.js';
import { ticketWindows } from '../policy/revoke.js';
import { resolvePolicy } from '../policy/sources.js';
import { defaultTicketsConfig, loadTicketsConfig, TRACKERS, type TicketsConfig } from './config.js';
import type { TrackerKind } from './types.js';
import { TicketsUsageError } from './usage-error.js';
import { ownedByUser, userConfigPath } from '../config/user-config.js';

export { ownedByUser, userConfigPath } from '../config/user-config.js';

export interface TicketsConfigRequest {
  /** Top level of the scanned repository; its own keyward.toml is read as untrusted. */
  repoRoot: string;
  /** A config file given with --config (absolute): trusted, and read instead of the repository's own. */
  explicit?: string;
  /** --tracker on the command line. */
  tracker?: string;
  env: NodeJS.ProcessEnv;
  /** Receives one line per thing keyward ignored (untrusted fields, an unsafe user config). */
  warn: (line: string) => void;
}

/**
 * The tickets configuration, later sources winning: defaults; the scanned repository's own
 * keyward.toml (untrusted: wording only, skipped when --config is given); the user's
 * config file; the --config file; KEYWARD_TICKETS_TRACKER; --tracker. Only the trusted sources
 * choose where tickets, data and credentials go (docs/tickets.md, "Who decides where tickets go").
 */
export function resolveTicketsConfig(req: TicketsConfigRequest): TicketsConfig {
  const cfg = defaultTicketsConfig();
  const warn = once(req.warn); // the user config's ownership is checked for [tickets] and for [policy]
  if (req.explicit === undefined) {
    const own = findConfig(req.repoRoot);
    if (own) loadTicketsConfig({ file: own, trusted: false, warn }, cfg);
  }
  const user = userConfigPath(req.env);
  if (existsSync(user) && ownedByUser(user, warn)) loadTicketsConfig({ file: user, trusted: true, warn }, cfg);
  if (req.explicit !== undefined) loadTicketsConfig({ file: req.explicit, trusted: true, warn }, cfg);
  // Revocation windows: the governance policy's [policy.revoke] (trusted sources set it, the
  // repository's own file may only tighten it), over a trusted legacy [tickets.policy].
  const policy = resolvePolicy({ repoRoot: req.repoRoot, explicit: req.explicit, env: req.env, warn, revokeBase: cfg.policy });
  cfg.policy = ticketWindows(policy.revoke, warn);
  if (req.env.KEYWARD_TICKETS_TRACKER) cfg.tracker = trackerKind(req.env.KEYWARD_TICKETS_TRACKER, 'KEYWARD_TICKETS_TRACKER');
  if (req.tracker !== undefined) cfg.tracker = trackerKind(req.tracker, '--tracker');
  return cfg;
}

function once(warn: (line: string) => void): (line: string) => void {
  const seen = new Set<string>();
  return (line) => {
    if (seen.has(line)) return;
    seen.add(line);
    warn(line);
  };
}

function trackerKind(v: string, where: string): TrackerKind {
  if (!TRACKERS.includes(v as TrackerKind)) throw new TicketsUsageError(`${where} must be one of ${TRACKERS.join(', ')} (got "${v}")`);
  return v as TrackerKind;
}
