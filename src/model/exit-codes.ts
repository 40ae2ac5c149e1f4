/** Documented in README ("Exit codes"). Hooks and CI depend on these values. */
export const EXIT = {
  /** Nothing found. */
  CLEAN: 0,
  /** Secrets found (or a rules test failed). */
  FINDINGS: 1,
  /** Usage, configuration, rule or internal error. */
  ERROR: 2,
  /** Scan incomplete: some files or git objects could not be read (and nothing was found in the rest). */
  INCOMPLETE: 3,
  /** Interrupted (SIGINT, 128 + 2 as shells report it): no report; a history scan keeps what it scanned. */
  INTERRUPTED: 130,
} as const;
