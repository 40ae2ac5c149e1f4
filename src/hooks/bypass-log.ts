import { userInfo } from 'node:os';
import type { Finding } from '../model/finding.js';
import type { ReceiveUpdate } from './receive-input.js';

export type LogEvent = 'bypass' | 'timeout-allowed' | 'error-bypassed';

export interface LogEntry {
  event: LogEvent;
  /** Who pushed, as the server knows it, and where that came from. */
  pusher: string;
  pusherSource: string;
  reason?: string;
  refs: ReceiveUpdate[];
  /** Where the secrets are: never the secret, not even redacted. */
  findings: Array<{ commit?: string; author?: string; email?: string; file: string; line: number; rule: string; fingerprint?: string }>;
  note?: string;
}

/** Environment variables servers set for the authenticated pusher, most specific first. */
const PUSHER_VARS = ['KEYWARD_PUSHER', 'GL_USERNAME', 'GITEA_PUSHER_NAME', 'GL_ID', 'REMOTE_USER', 'SSH_USER', 'USER', 'LOGNAME'];

export function pusherIdentity(env: NodeJS.ProcessEnv): { pusher: string; pusherSource: string } {
  for (const v of PUSHER_VARS) {
    const value = env[v];
    if (value) return { pusher: value, pusherSource: v };
  }
  try {
    return { pusher: userInfo().username, pusherSource: 'os-user' };
  } catch {
    return { pusher: 'unknown', pusherSource: 'none' };
  }
}

export function logFindings(findings: Finding[]): LogEntry['findings'] {
  return findings.map((f) => ({
    ...(f.commit ? { commit: f.commit } : {}),
    ...(f.author ? { author: f.author } : {}),
    ...(f.email ? { email: f.email } : {}),
    file: f.file,
    line: f.line,
    rule: f.ruleId,
    fingerprint: f.fingerprint,
  }));
}
