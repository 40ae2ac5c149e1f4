/** Exit codes of `keyward tickets` (documented in docs/tickets.md); kept apart so start-up loads no tracker code. */
export const TICKETS_EXIT = {
  /** Every pushed secret has its ticket (or nothing to do). */
  OK: 0,
  /** Usage, configuration or tracker error (credentials, project): nothing more was attempted. */
  ERROR: 2,
  /** Some tickets could not be opened or updated after retries: run again to complete them. */
  INCOMPLETE: 3,
  /** Another run holds the ticket lock (nothing done) or took it over (this run stopped): run again when it ends. */
  LOCKED: 4,
} as const;
