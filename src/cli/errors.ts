import { EXIT } from './exit-codes.js';

/** Errors whose message is already a complete, actionable sentence for the user. */
const USER_ERRORS: Record<string, string> = {
  RuleError: 'rule error',
  ConfigError: 'config error',
  AuditError: 'audit',
  GitError: 'git error',
  UsageError: '',
};

/**
 * Maps any thrown error to one line on stderr and exit code 2; a stack trace only with
 * KEYWARD_DEBUG=1. Matched by name, not instanceof, so start-up does not load the modules that
 * define them.
 */
export function reportError(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const label = USER_ERRORS[err.name] ?? (err.constructor?.name === 'UsageError' ? '' : undefined);
  if (label !== undefined) process.stderr.write(`keyward: ${label ? `${label}: ` : ''}${err.message}\n`);
  else process.stderr.write(`keyward: internal error: ${err.message}\n`);
  if (process.env.KEYWARD_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  return EXIT.ERROR;
}
