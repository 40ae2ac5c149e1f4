/** A problem the user fixes (arguments, repository, report file): one line, exit code 2. */
export class TicketsUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TicketsUsageError';
  }
}
