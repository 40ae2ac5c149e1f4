import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

// The user's own keyward config: trusted where the scanned repository's is not (tickets' and the
// audit log's destinations). Kept apart from the tickets code so that the audit log, which the
// hooks may write, does not load the ticket configuration.

/** $XDG_CONFIG_HOME/keyward/config.toml, else ~/.config/keyward/config.toml. */
export function userConfigPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'keyward', 'config.toml');
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
