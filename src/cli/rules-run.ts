import { resolve } from 'node:path';
import { assertUniqueIds, BUILTIN_PATTERNS_DIR, loadPack } from '../rules/load.js';
import { lintPacks } from '../config/lint.js';
import type { RuleDef } from '../rules/types.js';
import { verifyExamples } from '../config/verify-examples.js';
import { loadProjectConfig } from './common.js';
import { configLine } from './config-summary.js';
import { summarize } from '../config/config-summary.js';
import { EXIT } from './exit-codes.js';
import type { PackOptions } from './rules-command.js';

/**
 * What the rule commands check: the packs named by --rules, else the project's configured packs
 * (built-in included unless disabled) and the rules its keyward.toml defines itself
 * (`[[rules]]`); and the config files read. The config is loaded once (its warnings print once).
 */
function projectRules(opts: PackOptions): { sources: string[]; own: RuleDef[]; files: string[] } {
  if (opts.rules) return { sources: opts.rules.map((r) => resolve(r)), own: [], files: [] };
  const cfg = loadProjectConfig(opts, process.cwd());
  return { sources: [...(cfg.builtin ? [BUILTIN_PATTERNS_DIR] : []), ...cfg.packs], own: cfg.inlineRules ?? [], files: cfg.files ?? [] };
}

function packsFor(opts: PackOptions, project = projectRules(opts)): RuleDef[] {
  const ids = new Set(project.own.map((r) => r.id));
  // As a scan loads them: a rule of the config replaces a pack rule of the same id.
  const rules = [...project.sources.flatMap((s) => loadPack(s)).filter((r) => !ids.has(r.id)), ...project.own];
  assertUniqueIds(rules);
  return rules;
}

/** The stderr line every run prints: which config files and packs the rule commands checked. */
function nameConfig(project: { sources: string[]; files: string[] }, rules: number): void {
  const packs = project.sources.map((s) => (s === BUILTIN_PATTERNS_DIR ? 'built-in' : s));
  process.stderr.write(configLine(summarize(project.files, packs, rules)).replace(' active\n', ' checked\n'));
}

const COLUMNS: Array<[string, number]> = [
  ['RULE', 44],
  ['PROVIDER', 22],
  ['KIND', 20],
  ['RISK', 9],
  ['EX/NEG', 7],
];

/** `rules list` as text: a header, one line per rule, and a footer that says what the counts are. */
export function ruleTable(rules: readonly RuleDef[], providers: number): string {
  const row = (cells: string[]) => `${COLUMNS.map(([, width], i) => cells[i]!.padEnd(width)).join(' ')} ${cells[COLUMNS.length]}`.trimEnd();
  const lines = [row([...COLUMNS.map(([name]) => name), 'REVOKE'])];
  for (const r of rules) lines.push(row([r.id, r.provider, r.kind, r.risk, `${r.examples.length}/${r.negatives.length}`, r.revoke ?? '-']));
  const withRevoke = rules.filter((r) => r.revoke).length;
  lines.push(
    '',
    `${rules.length} rules for ${providers} providers; ${withRevoke} name where to revoke the credential (REVOKE, "-" when none).`,
    'EX/NEG: the examples a rule must report / the negatives it must not (checked by `keyward rules test`).',
  );
  return `${lines.join('\n')}\n`;
}

export function listRules(opts: PackOptions & { format: 'text' | 'json' }): number {
  const all = packsFor(opts);
  const providers = new Set(all.map((r) => r.provider)).size;
  if (opts.format === 'json') {
    const rows = all.map(({ examples, negatives, ...r }) => ({ ...r, examples: examples.length, negatives: negatives.length }));
    process.stdout.write(`${JSON.stringify({ rules: rows, count: rows.length, providers }, null, 2)}\n`);
  } else {
    process.stdout.write(ruleTable(all, providers));
  }
  return EXIT.CLEAN;
}

export function testRules(opts: PackOptions): number {
  const project = projectRules(opts);
  const all = packsFor(opts, project);
  nameConfig(project, all.length);
  const chosen = opts.rule ? all.filter((r) => opts.rule!.includes(r.id)) : all;
  const missing = (opts.rule ?? []).filter((id) => !chosen.some((r) => r.id === id));
  if (missing.length > 0) {
    process.stderr.write(`keyward: no rule with id ${missing.join(', ')}\n`);
    return EXIT.ERROR;
  }
  const failures = verifyExamples(chosen);
  for (const f of failures) {
    process.stdout.write(`FAIL ${f.file} [${f.ruleId}] ${f.which} ${f.index + 1}: ${f.reason}\n     ${JSON.stringify(f.text)}\n`);
  }
  const total = chosen.reduce((n, r) => n + r.examples.length + r.negatives.length, 0);
  process.stdout.write(`${chosen.length} rules, ${total} examples and negatives: ${total - failures.length} passed, ${failures.length} failed\n`);
  return failures.length === 0 ? EXIT.CLEAN : EXIT.FINDINGS;
}

export function lintRules(opts: PackOptions): number {
  const project = projectRules(opts);
  const { problems, rules } = lintPacks(project.sources, project.own);
  nameConfig(project, rules.length);
  for (const p of problems) {
    process.stdout.write(`${p.severity.toUpperCase()} ${p.file}${p.ruleId ? ` [${p.ruleId}]` : ''} ${p.check}: ${p.message}\n`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  process.stdout.write(`${rules.length} rules: ${errors} errors, ${problems.length - errors} warnings\n`);
  return errors === 0 ? EXIT.CLEAN : EXIT.FINDINGS;
}
