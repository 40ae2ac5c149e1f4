import { bool, onlyFields, readTomlFile, table } from '../config/toml.js';
import { ConfigError } from '../config/config.js';
import { parseDuration } from '../model/duration.js';

export type TimeoutAction = 'reject' | 'allow';

/** The [hooks] section of keyward.toml. */
export interface HooksConfig {
  /** pre-receive time budget in milliseconds, counted from process start. */
  timeoutMs: number;
  /** What pre-receive does when the budget runs out: reject (default), or allow with a logged warning. */
  onTimeout: TimeoutAction;
  /** Accept `git push -o keyward-bypass="<reason>"` on the server. */
  bypass: boolean;
  /** Log of bypasses and timeouts: relative to the git directory unless absolute. */
  bypassLog: string;
}

export const DEFAULT_HOOKS_CONFIG: HooksConfig = {
  // Servers kill slow hooks (limits range from 5 s to a few minutes): set it below yours.
  timeoutMs: 20_000,
  onTimeout: 'reject',
  bypass: true,
  bypassLog: 'keyward-bypass.log',
};

const KEYS = ['timeout', 'on-timeout', 'bypass', 'bypass-log'];

/** Reads [hooks] from a keyward.toml (defaults without a file or section). */
export function loadHooksConfig(file: string | undefined): HooksConfig {
  const cfg = { ...DEFAULT_HOOKS_CONFIG };
  if (!file) return cfg;
  const doc = readTomlFile(file);
  const fail = (reason: string): never => {
    throw new ConfigError(file, reason);
  };
  const hooks = doc.hooks;
  if (hooks === undefined) return cfg;
  const t = table(hooks, 'hooks', fail);
  onlyFields(t, KEYS, 'hooks.', fail);
  if (t.timeout !== undefined) cfg.timeoutMs = hookTimeout(t.timeout, fail);
  if (t['on-timeout'] !== undefined) {
    if (t['on-timeout'] !== 'reject' && t['on-timeout'] !== 'allow') fail('"hooks.on-timeout" must be "reject" or "allow"');
    cfg.onTimeout = t['on-timeout'] as TimeoutAction;
  }
  if (t.bypass !== undefined) cfg.bypass = bool(t.bypass, 'hooks.bypass', fail);
  if (t['bypass-log'] !== undefined) {
    if (typeof t['bypass-log'] !== 'string' || t['bypass-log'] === '') fail('"hooks.bypass-log" must be a file name');
    cfg.bypassLog = t['bypass-log'] as string;
  }
  return cfg;
}

/** `[hooks] timeout` (and `--timeout`): a duration, or a number of seconds → milliseconds. */
export function hookTimeout(v: unknown, fail: (reason: string) => never): number {
  return parseDuration(v, { bareSeconds: true }) ?? fail(`"hooks.timeout" must be a duration such as "20s", "1500ms" or "2m", got ${JSON.stringify(v)}`);
}
