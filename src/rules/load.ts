import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../package-root.js';
import { parse, TomlError } from 'smol-toml';
import { RuleError, type RuleDef } from './types.js';
import { validateRule } from './validate.js';

/** The built-in pack shipped with keyward (`patterns/` at the package root). */
export const BUILTIN_PATTERNS_DIR = join(packageRoot(), 'patterns');

/** Pack files of a directory (sorted `*.toml`), or the path itself when it is a file. */
export function packFiles(path: string): string[] {
  try {
    return statSync(path).isDirectory()
      ? readdirSync(path).filter((f) => f.endsWith('.toml')).sort().map((f) => join(path, f))
      : [path];
  } catch (e) {
    throw new RuleError(displayPath(path), undefined, `cannot read rule pack: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Loads and validates every `*.toml` pack file of a directory (or one file); throws the first problem. */
export function loadPack(path: string): RuleDef[] {
  return packFiles(path).flatMap((f) => loadPackFile(f));
}

export function loadPackFile(file: string): RuleDef[] {
  const out = readPackFile(file);
  const err = out.find((r): r is RuleError => r instanceof RuleError);
  if (err) throw err;
  return out as RuleDef[];
}

/** Every rule of every pack file under `paths`, with each problem in place of its rule (for lint). */
export function loadPackFiles(paths: string[]): Array<RuleDef | RuleError> {
  return paths.flatMap((p) => {
    try {
      return packFiles(p).flatMap((f) => readPackFile(f));
    } catch (e) {
      if (e instanceof RuleError) return [e];
      throw e;
    }
  });
}

function readPackFile(file: string): Array<RuleDef | RuleError> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return [new RuleError(displayPath(file), undefined, (e as NodeJS.ErrnoException).code ?? (e as Error).message)];
  }
  return parsePackText(file, text);
}

/** Parses and validates one pack file's text. */
export function parsePackText(file: string, text: string): Array<RuleDef | RuleError> {
  const shown = displayPath(file);
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (e) {
    const msg = e instanceof TomlError ? `TOML syntax error at line ${e.line}, column ${e.column}: ${e.message.split('\n')[0]}` : (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return [new RuleError(shown, undefined, msg)];
  }
  const extra = Object.keys(doc).find((k) => k !== 'rules');
  if (extra) return [new RuleError(shown, undefined, `unknown top-level field "${extra}" (a pack holds only [[rules]])`)];
  if (doc.rules === undefined) return [];
  return parseRuleTables(shown, doc.rules);
}

/** Validates the `[[rules]]` tables of a pack or of keyward.toml itself, each problem in place of its rule. */
export function parseRuleTables(shown: string, rules: unknown): Array<RuleDef | RuleError> {
  if (!Array.isArray(rules)) return [new RuleError(shown, undefined, '"rules" must be an array of tables ([[rules]])')];
  return rules.map((r, i) => {
    try {
      return validateRule(r, shown, i);
    } catch (e) {
      if (e instanceof RuleError) return e;
      throw e;
    }
  });
}

/** Rejects duplicate rule ids across everything loaded together. */
export function assertUniqueIds(rules: readonly RuleDef[]): void {
  const seen = new Map<string, string>();
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (prev !== undefined) throw new RuleError(r.file, r.id, `duplicate rule id (also in ${prev})`);
    seen.set(r.id, r.file);
  }
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
