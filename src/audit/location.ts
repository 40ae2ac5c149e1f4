import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { onlyFields, readTomlFile, table } from '../config/toml.js';
import { repoInfo } from '../git/repo.js';
import { ownedByUser, userConfigPath } from '../config/user-config.js';
import { keywardDir } from '../model/state-dir.js';
import { AuditError } from './errors.js';

/** The `[audit]` settings of the user's own config (trusted, like its [tickets] destinations). */
export interface AuditSettings {
  /** Where the log lives; default: `<git dir>/keyward/audit.jsonl`. */
  log?: string;
  signingKey?: string;
  publicKey?: string;
}

const FIELDS: Record<string, keyof AuditSettings> = { log: 'log', signing_key: 'signingKey', public_key: 'publicKey' };

/**
 * Audit settings from trusted places only: the environment (KEYWARD_AUDIT_LOG,
 * KEYWARD_AUDIT_SIGNING_KEY, KEYWARD_AUDIT_PUBLIC_KEY) over `[audit]` in the user config. The
 * scanned repository's keyward.toml has no say: a log it could move could be moved out of
 * sight, or onto a file keyward must not append to.
 */
export function auditSettings(env: NodeJS.ProcessEnv = process.env, warn: (line: string) => void = () => undefined): AuditSettings {
  const out: AuditSettings = {};
  const user = userConfigPath(env);
  if (existsSync(user) && ownedByUser(user, warn)) {
    const raw = readTomlFile(user).audit;
    if (raw !== undefined) {
      // The config checks every config file uses (config/toml.ts), failing as an AuditError.
      const fail = (reason: string): never => {
        throw new AuditError(`${user}: ${reason}`);
      };
      const section = table(raw, 'audit', fail);
      onlyFields(section, Object.keys(FIELDS), 'audit.', fail);
      for (const [k, v] of Object.entries(section)) {
        if (typeof v !== 'string' || v === '') fail(`"audit.${k}" must be a path`);
        out[FIELDS[k]!] = v as string;
      }
    }
  }
  if (env.KEYWARD_AUDIT_LOG) out.log = env.KEYWARD_AUDIT_LOG;
  if (env.KEYWARD_AUDIT_SIGNING_KEY) out.signingKey = env.KEYWARD_AUDIT_SIGNING_KEY;
  if (env.KEYWARD_AUDIT_PUBLIC_KEY) out.publicKey = env.KEYWARD_AUDIT_PUBLIC_KEY;
  if (out.log !== undefined && !isAbsolute(out.log)) throw new AuditError(`the audit log path must be absolute, got "${out.log}" (KEYWARD_AUDIT_LOG or [audit] log)`);
  return out;
}

/** The files of one log: the entries, the head record, the signature and the lock. */
export interface AuditPaths {
  file: string;
  head: string;
  sig: string;
  lock: string;
  /** The repository's git directory (its old logs are migrated from there). */
  gitDir?: string;
  /** Whether the log is shared (a configured path): entries then name their repository. */
  configured: boolean;
}

export function auditPaths(gitDir: string | undefined, settings: AuditSettings): AuditPaths {
  const file = settings.log ?? (gitDir ? join(keywardDir(gitDir), 'audit.jsonl') : undefined);
  if (!file) throw new AuditError('not in a git repository: the audit log lives in its git directory (or set KEYWARD_AUDIT_LOG)');
  return { file, head: `${file}.head`, sig: `${file}.sig`, lock: `${file}.lock`, gitDir, configured: settings.log !== undefined };
}

/** The shared git directory of the repository at `path` (every worktree's), or undefined outside one. */
export function gitDirOf(path: string): string | undefined {
  try {
    return repoInfo(resolve(path)).commonDir;
  } catch {
    return undefined;
  }
}
