import { existsSync } from 'node:fs';
import { findConfig, isGitleaksConfig } from '../config/config.js';
import { readTomlFile } from '../config/toml.js';
import { ownedByUser, userConfigPath } from '../config/user-config.js';
import { applyPolicy } from './config.js';
import { defaultPolicy, type Policy, type Windows } from './policy.js';

export interface PolicyRequest {
  /** Top level of the scanned repository: its keyward.toml may only tighten the policy. */
  repoRoot: string;
  /** --config (absolute): trusted, read instead of the repository's own keyward.toml. */
  explicit?: string;
  env: NodeJS.ProcessEnv;
  warn: (line: string) => void;
  /** Revocation windows to start from instead of the defaults (tickets: a trusted legacy `[tickets.policy]`). */
  revokeBase?: Windows;
}

/**
 * The policy, later sources winning: defaults; the user config (when it is the user's own and no
 * one else can write it, as for tickets); the --config file; then the scanned repository's own
 * keyward.toml, which may only tighten what the trusted sources set (skipped with --config).
 */
export function resolvePolicy(req: PolicyRequest): Policy {
  const policy = defaultPolicy();
  if (req.revokeBase) policy.revoke = { risk: { ...req.revokeBase.risk }, kind: { ...req.revokeBase.kind } };
  const user = userConfigPath(req.env);
  if (existsSync(user) && ownedByUser(user, req.warn)) read(user, true, policy, req.warn);
  if (req.explicit !== undefined) read(req.explicit, true, policy, req.warn);
  else {
    const own = findConfig(req.repoRoot);
    if (own && !isGitleaksConfig(own)) read(own, false, policy, req.warn);
  }
  return policy;
}

function read(file: string, trusted: boolean, policy: Policy, warn: (line: string) => void): void {
  const doc = readTomlFile(file);
  if (doc.policy !== undefined) applyPolicy(doc.policy, { file, trusted, warn }, policy);
}
