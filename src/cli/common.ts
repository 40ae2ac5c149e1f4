import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG, findConfig, isGitleaksConfig, loadConfig, type KeywardConfig } from '../config/config.js';
import { loadGitleaksConfig } from '../config/gitleaks.js';
import type { ScanResult } from '../report/finding.js';
import { render, type Format } from '../report/render.js';
import { useColor } from '../report/color.js';
import { resolveRules, type RuleSet } from '../rules/resolve.js';
import { RuleError } from '../rules/types.js';
import { EXIT } from './exit-codes.js';

export const VERSION = '0.1.0';

/** An error the user can act on: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export interface ConfigOptions {
  config?: string;
  /** --rules: rule pack dirs replacing the configured packs. */
  rules?: string[];
}

/** keyward.toml (or .gitleaks.toml) from --config, or found from `start` up to the repository root. */
export function loadProjectConfig(opts: ConfigOptions, start: string): KeywardConfig {
  const file = opts.config ?? findConfig(start);
  if (!file) return DEFAULT_CONFIG;
  const cfg = isGitleaksConfig(file) ? loadGitleaksConfig(file) : loadConfig(resolve(file));
  for (const w of cfg.warnings ?? []) process.stderr.write(`keyward: warning: ${w}\n`);
  return cfg;
}

export function loadRuleSet(opts: ConfigOptions, start = process.cwd()): RuleSet {
  const config = loadProjectConfig(opts, start);
  return resolveRules(config, opts.rules?.map((r) => resolve(r)));
}

export interface OutputOptions {
  format: Format;
  output?: string;
}

/** Renders a result to --output or stdout and returns the exit code it implies. */
export function emit(result: ScanResult, opts: OutputOptions, mode: string): number {
  const toFile = opts.output !== undefined && opts.output !== '-';
  const text = render(result, opts.format, {
    color: !toFile && opts.format === 'text' && useColor(process.stdout),
    toolVersion: VERSION,
    mode,
  });
  if (toFile) writeFileSync(opts.output!, text.endsWith('\n') ? text : `${text}\n`);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return exitCodeFor(result);
}

export function exitCodeFor(result: ScanResult): number {
  if (result.findings.length > 0) return EXIT.FINDINGS;
  return result.stats.complete ? EXIT.CLEAN : EXIT.INCOMPLETE;
}

/** Maps any thrown error to a one-line message and exit code 2; stacks only with KEYWARD_DEBUG. */
export function reportError(e: unknown): number {
  if (e instanceof RuleError || e instanceof ConfigError) {
    process.stderr.write(`keyward: ${e.name === 'RuleError' ? 'rule error' : 'config error'}: ${e.message}\n`);
  } else if (e instanceof UsageError) {
    process.stderr.write(`keyward: ${e.message}\n`);
  } else {
    const err = e as Error;
    process.stderr.write(`keyward: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.KEYWARD_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  }
  return EXIT.ERROR;
}

/** "10MB", "512k", "1048576" → bytes. */
export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`invalid size "${v}" (e.g. 10MB, 512KB, 1048576)`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * mult);
}

export function parseIntOption(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} takes a whole number, got "${v}"`);
    return n;
  };
}

export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}
