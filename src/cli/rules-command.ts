import { Option, type Command } from 'commander';
import { collect } from './options.js';

export interface PackOptions {
  rules?: string[];
  config?: string;
  rule?: string[];
}

export function registerRulesCommand(program: Command, setExit: (code: number) => void): void {
  const rules = program.command('rules').description('list, test and lint rule packs');
  const run = () => import('./rules-run.js');

  rules
    .command('list')
    .description('list rules: id, provider, kind, risk, revoke link, examples and negatives')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-r, --rules <dir>', 'rule pack directory or file (repeatable)', collect)
    .option('-c, --config <file>', 'keyward.toml to use')
    .action(async (opts: PackOptions & { format: 'text' | 'json' }) => setExit((await run()).listRules(opts)));

  rules
    .command('test')
    .description("run every rule's examples (must be reported) and negatives (must not)")
    .option('-r, --rules <dir>', 'rule pack directory or file to test (repeatable)', collect)
    .option('--rule <id>', 'only this rule (repeatable)', collect)
    .option('-c, --config <file>', 'keyward.toml to use')
    .action(async (opts: PackOptions) => setExit((await run()).testRules(opts)));

  rules
    .command('lint')
    .description('check packs: invalid RE2, duplicate ids, missing or useless keywords, slow regexes, examples claimed by several rules')
    .option('-r, --rules <dir>', 'rule pack directory or file to lint (repeatable)', collect)
    .option('-c, --config <file>', 'keyward.toml to use')
    .action(async (opts: PackOptions) => setExit((await run()).lintRules(opts)));
}
