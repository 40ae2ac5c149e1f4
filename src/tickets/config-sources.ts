import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { findConfig } from '../config/config.js';
import { defaultTicketsConfig, loadTicketsConfig, TRACKERS, type TicketsConfig } from './config.js';
import type { TrackerKind } from './types.js';
import { TicketsUsageError } from './usage-error.js';

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

/** $XDG_CONFIG_HOME/keyward/config.toml, else ~/.config/keyward/config.toml. */
export function userConfigPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'keyward', 'config.toml');
}

/**
 * The tickets configuration, later sources winning: defaults; the scanned repository's own
 * keyward.toml (untrusted: wording and policy only, skipped when --config is given); the user's
 * config file; the --config file; KEYWARD_TICKETS_TRACKER; --tracker. Only the trusted sources
 * choose where tickets, data and credentials go (docs/tickets.md, "Who decides where tickets go").
 */
export function resolveTicketsConfig(req: TicketsConfigRequest): TicketsConfig {
  const cfg = defaultTicketsConfig();
  if (req.explicit === undefined) {
    const own = findConfig(req.repoRoot);
    if (own) loadTicketsConfig({ file: own, trusted: false, warn: req.warn }, cfg);
  }
  const user = userConfigPath(req.env);
  if (existsSync(user) && ownedByUser(user, req.warn)) loadTicketsConfig({ file: user, trusted: true }, cfg);
  if (req.explicit !== undefined) loadTicketsConfig({ file: req.explicit, trusted: true }, cfg);
  if (req.env.KEYWARD_TICKETS_TRACKER) cfg.tracker = trackerKind(req.env.KEYWARD_TICKETS_TRACKER, 'KEYWARD_TICKETS_TRACKER');
  if (req.tracker !== undefined) cfg.tracker = trackerKind(req.tracker, '--tracker');
  return cfg;
}

function trackerKind(v: string, where: string): TrackerKind {
  if (!TRACKERS.includes(v as TrackerKind)) throw new TicketsUsageError(`${where} must be one of ${TRACKERS.join(', ')} (got "${v}")`);
  return v as TrackerKind;
}

/**
 * The user config decides where credentials go, so, as ssh does with its keys, it counts only when
 * it belongs to this user (or root) and no one else can write it.
 */
export function ownedByUser(file: string, warn: (line: string) => void): boolean {
  if (typeof process.getuid !== 'function') return true; // Windows: no POSIX owner or mode
  const st = statSync(file);
  const foreign = st.uid !== process.getuid() && st.uid !== 0;
  const writable = (st.mode & 0o022) !== 0;
  if (!foreign && !writable) return true;
  warn(`warning: ${file} is ignored: it is ${foreign ? 'owned by another user' : 'writable by other users (chmod go-w)'}, and it decides where credentials go`);
  return false;
}
