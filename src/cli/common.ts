import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_CONFIG, findConfig, isGitleaksConfig, loadConfig, type KeywardConfig } from '../config/config.js';
import { loadGitleaksConfig } from '../config/gitleaks.js';
import type { ScanResult } from '../model/finding.js';
import { render, type Format } from '../report/render.js';
import { useColor } from '../report/color.js';
import { requireActiveRules, resolveRules, type RuleSet } from '../config/resolve.js';
import { configLine, configSummary } from './config-summary.js';
import type { Confidence } from '../rules/types.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from './options.js';

import { UsageError } from './options.js';

export { collect, parseIntOption, parseSize, UsageError, VERSION } from './options.js';

export interface ConfigOptions {
  config?: string;
  /** --rules: rule pack dirs replacing the configured packs. */
  rules?: string[];
  /** --min-confidence: findings below it are not reported. */
  minConfidence?: Confidence;
}

/** keyward.toml (or .gitleaks.toml) from --config, or found from `start` up to the repository root. */
export function loadProjectConfig(opts: ConfigOptions, start: string): KeywardConfig {
  const file = opts.config ?? findConfig(start);
  if (!file) return DEFAULT_CONFIG;
  const cfg = isGitleaksConfig(file) ? loadGitleaksConfig(file) : loadConfig(resolve(file));
  for (const w of cfg.warnings ?? []) process.stderr.write(`keyward: warning: ${w}\n`);
  return cfg;
}

/** The rules to run; zero active rules is a config error (exit 2), never a clean scan. */
export function loadRuleSet(opts: ConfigOptions, start = process.cwd()): RuleSet {
  const config = loadProjectConfig(opts, start);
  const ruleSet = resolveRules(config, opts.rules?.map((r) => resolve(r)), { minConfidence: opts.minConfidence });
  requireActiveRules(ruleSet);
  return ruleSet;
}

export interface OutputOptions {
  format: Format;
  output?: string;
}

/** Renders a result to --output or stdout and returns the exit code it implies. */
export function emit(result: ScanResult, opts: OutputOptions, mode: string, ruleSet?: RuleSet): number {
  if (ruleSet) {
    // Every report says which config it ran with: stats.config in JSON and SARIF, a line on stderr for text.
    result.stats.config = configSummary(ruleSet);
    if (opts.format === 'text') process.stderr.write(configLine(result.stats.config));
  }
  const toFile = opts.output !== undefined && opts.output !== '-';
  const text = render(result, opts.format, {
    color: !toFile && opts.format === 'text' && useColor(process.stdout),
    toolVersion: VERSION,
    mode,
  });
  const out = text.endsWith('\n') ? text : `${text}\n`;
  if (toFile) {
    try {
      writeFileSync(opts.output!, out);
    } catch (e) {
      throw outputError(opts.output!, e);
    }
  } else process.stdout.write(out);
  return exitCodeFor(result);
}

/**
 * Fails before the work starts when --output cannot be written (a missing directory, no write
 * permission, a directory in its place): a long history scan should not end in that error.
 */
export function checkOutput(output: string | undefined): void {
  if (output === undefined || output === '-') return;
  const file = resolve(output);
  let isDir: boolean;
  try {
    isDir = statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
    if (!isDir) accessSync(dirname(file), constants.W_OK);
  } catch (e) {
    throw outputError(output, e);
  }
  if (isDir) throw outputError(output, 'it is a directory');
}

/** One line for an --output that cannot be written: `why` or the error's code. */
function outputError(output: string, why: unknown): UsageError {
  const err = why as NodeJS.ErrnoException;
  const reason = typeof why === 'string' ? why : err.code === 'ENOENT' ? 'no such directory' : (err.code ?? err.message);
  return new UsageError(`cannot write --output ${output}: ${reason}`);
}

export function exitCodeFor(result: ScanResult): number {
  if (result.findings.length > 0) return EXIT.FINDINGS;
  return result.stats.complete ? EXIT.CLEAN : EXIT.INCOMPLETE;
}

export { reportError } from './errors.js';
