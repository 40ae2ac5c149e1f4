import { existsSync, readFileSync } from 'node:fs';
import { BaselineError } from './errors.js';

/**
 * The entries of a line-per-entry file (`.keywardignore`, `.gitleaksignore`): blank lines and
 * `#` comments skipped, each other line parsed with its `file:line` place for error messages.
 * A missing file has no entries.
 */
export function readLineFile<T>(file: string, parse: (line: string, where: string, lineNo: number) => T): T[] {
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const out: T[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) out.push(parse(line, `${file}:${i + 1}`, i + 1));
  });
  return out;
}
