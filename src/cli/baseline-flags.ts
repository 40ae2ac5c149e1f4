import type { Command } from 'commander';

// Loaded at start-up by every scanning command's registration: no imports beyond types.

export interface BaselineCliOptions {
  /** --baseline FILE, or false with --no-baseline. */
  baseline?: string | false;
}

/** --baseline / --no-baseline, on every scanning command. */
export function addBaselineOptions(cmd: Command): Command {
  return cmd
    .option('--baseline <file>', 'accepted findings (default: .keyward-baseline.json at the repository root, if present)')
    .option('--no-baseline', 'ignore .keyward-baseline.json');
}
