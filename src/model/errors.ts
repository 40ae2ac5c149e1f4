/** keyward's version: reports, caches and SARIF carry it. */
export const VERSION = '0.1.0';

/** An error the user can act on: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
