import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';

/** A configuration problem: names the file and says what is wrong (exit code 2, no stack). */
export class ConfigError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Reads and parses a TOML file; a syntax or read error becomes a ConfigError naming the file. */
export function readTomlFile(file: string): Record<string, unknown> {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const reason = e instanceof TomlError ? `TOML syntax error at line ${e.line}, column ${e.column}` : (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(file, reason);
  }
}

export type Table = Record<string, unknown>;
/** Called with a reason; throws a ConfigError naming the file. */
export type Fail = (reason: string) => never;

/** Refuses a field the table does not define, naming the ones it does. `prefix` ends with "." (or is ""). */
export function onlyFields(t: Table, keys: readonly string[], prefix: string, fail: Fail): void {
  for (const k of Object.keys(t)) if (!keys.includes(k)) fail(`unknown field "${prefix}${k}" (expected one of: ${keys.join(', ')})`);
}

/** A required table. */
export function table(v: unknown, name: string, fail: Fail): Table {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`"${name}" must be a table`);
  return v as Table;
}

/** An optional sub-table: undefined when absent. */
export function optionalTable(v: unknown, name: string, fail: Fail): Table | undefined {
  return v === undefined ? undefined : table(v, name, fail);
}

/** An optional array of strings: empty when absent. */
export function optionalStrings(v: unknown, name: string, fail: Fail): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return fail(`"${name}" must be an array of strings`);
  return v as string[];
}

export function bool(v: unknown, name: string, fail: Fail): boolean {
  if (typeof v !== 'boolean') return fail(`"${name}" must be true or false`);
  return v;
}

export function nonEmptyString(v: unknown, name: string, fail: Fail): string {
  if (typeof v !== 'string' || v.trim() === '') return fail(`"${name}" must be a non-empty string`);
  return v;
}

export function nonEmptyStrings(v: unknown, name: string, fail: Fail): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.trim() !== '')) return fail(`"${name}" must be an array of non-empty strings`);
  return v as string[];
}

export function int(v: unknown, name: string, min: number, max: number, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return fail(`"${name}" must be a whole number from ${min} to ${max}`);
  return v;
}
