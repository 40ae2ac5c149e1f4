/** The audit log cannot be read, written or locked, or a key cannot be used: one line for the user. */
export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditError';
  }
}
