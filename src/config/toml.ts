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
