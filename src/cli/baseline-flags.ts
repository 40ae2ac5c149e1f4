import type { Command } from 'commander';

// Loaded at start-up by every scanning command's registration: no imports beyond types.

export interface BaselineCliOptions {
  /** --baseline FILE, or false with --no-baseline. */
  baseline?: string | false;
  /** --ignores-from DIR: the directory whose .keywardignore and .gitleaksignore apply. */
  ignoresFrom?: string;
}

/** --baseline / --no-baseline, on every scanning command. */
export function addBaselineOptions(cmd: Command): Command {
  return cmd
    .option('--baseline <file>', 'accepted findings (default: .keyward-baseline.json at the repository root, if present)')
    .option('--no-baseline', 'ignore .keyward-baseline.json')
    .option('--ignores-from <dir>', 'read .keywardignore and .gitleaksignore from this directory, not the repository root (CI: as the base commit has them)');
}
