/**
 * A repository state `keyward install` cannot work with and the user fixes (exit 2, one line,
 * not "internal error"). Named UsageError so the CLI reports it as one without importing hooks.
 */
export class InstallError extends Error {
  override name = 'UsageError';
}
