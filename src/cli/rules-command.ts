import { Option, type Command } from 'commander';
import { loadProjectConfig, collect } from './common.js';
import { assertUniqueIds, BUILTIN_PATTERNS_DIR, loadPack } from '../rules/load.js';
import type { RuleDef } from '../rules/types.js';
import { verifyExamples } from '../rules/verify.js';
import { lintPacks } from '../rules/lint.js';
import { EXIT } from './exit-codes.js';
import { resolve } from 'node:path';

interface PackOptions {
  rules?: string[];
  config?: string;
  rule?: string[];
}

/** Packs named by --rules, else the project's configured packs (built-in included unless disabled). */
function packSources(opts: PackOptions): string[] {
  if (opts.rules) return opts.rules.map((r) => resolve(r));
  const cfg = loadProjectConfig(opts, process.cwd());
  return [...(cfg.builtin ? [BUILTIN_PATTERNS_DIR] : []), ...cfg.packs];
}

function packsFor(opts: PackOptions): RuleDef[] {
  const rules = packSources(opts).flatMap((s) => loadPack(s));
  assertUniqueIds(rules);
  return rules;
}

function selectRules(all: RuleDef[], ids: string[] | undefined): RuleDef[] {
  if (!ids) return all;
  const want = new Set(ids);
  return all.filter((r) => want.has(r.id));
}

export function registerRulesCommand(program: Command, setExit: (code: number) => void): void {
  const rules = program.command('rules').description('list, test and lint rule packs');

  rules
    .command('list')
    .description('list rules: id, provider, kind, risk, examples and negatives')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-r, --rules <dir>', 'rule pack directory or file (repeatable)', collect)
    .option('-c, --config <file>', 'keyward.toml to use')
    .action((opts: PackOptions & { format: 'text' | 'json' }) => {
      const all = packsFor(opts);
      if (opts.format === 'json') {
        const rows = all.map(({ file, examples, negatives, ...r }) => ({ ...r, file, examples: examples.length, negatives: negatives.length }));
        process.stdout.write(`${JSON.stringify({ rules: rows, count: rows.length, providers: new Set(all.map((r) => r.provider)).size }, null, 2)}\n`);
      } else {
        for (const r of all) {
          process.stdout.write(`${r.id.padEnd(44)} ${r.provider.padEnd(22)} ${r.kind.padEnd(20)} ${r.risk.padEnd(9)} ${r.examples.length}/${r.negatives.length}\n`);
        }
        process.stdout.write(`${all.length} rules, ${new Set(all.map((r) => r.provider)).size} providers\n`);
      }
      setExit(EXIT.CLEAN);
    });

  rules
    .command('test')
    .description("run every rule's examples (must be reported) and negatives (must not)")
    .option('-r, --rules <dir>', 'rule pack directory or file to test (repeatable)', collect)
    .option('--rule <id>', 'only this rule (repeatable)', collect)
    .option('-c, --config <file>', 'keyward.toml to use')
    .action((opts: PackOptions) => {
      const all = packsFor(opts);
      const chosen = selectRules(all, opts.rule);
      if (opts.rule && chosen.length !== new Set(opts.rule).size) {
        const missing = opts.rule.filter((id) => !chosen.some((r) => r.id === id));
        process.stderr.write(`keyward: no rule with id ${missing.join(', ')}\n`);
        setExit(EXIT.ERROR);
        return;
      }
      const failures = verifyExamples(chosen);
      for (const f of failures) {
        process.stdout.write(`FAIL ${f.file} [${f.ruleId}] ${f.which} ${f.index + 1}: ${f.reason}\n     ${JSON.stringify(f.text)}\n`);
      }
      const total = chosen.reduce((n, r) => n + r.examples.length + r.negatives.length, 0);
      process.stdout.write(`${chosen.length} rules, ${total} examples and negatives: ${total - failures.length} passed, ${failures.length} failed\n`);
      setExit(failures.length === 0 ? EXIT.CLEAN : EXIT.FINDINGS);
    });

  rules
    .command('lint')
    .description('check packs: invalid RE2, duplicate ids, missing or useless keywords, examples claimed by several rules')
    .option('-r, --rules <dir>', 'rule pack directory or file to lint (repeatable)', collect)
    .option('-c, --config <file>', 'keyward.toml to use')
    .action((opts: PackOptions) => {
      const { problems, rules: linted } = lintPacks(packSources(opts));
      for (const p of problems) {
        process.stdout.write(`${p.severity.toUpperCase()} ${p.file}${p.ruleId ? ` [${p.ruleId}]` : ''} ${p.check}: ${p.message}\n`);
      }
      const errors = problems.filter((p) => p.severity === 'error').length;
      process.stdout.write(`${linted.length} rules: ${errors} errors, ${problems.length - errors} warnings\n`);
      setExit(errors === 0 ? EXIT.CLEAN : EXIT.FINDINGS);
    });
}
