import type { Command } from 'commander';
import { UsageError } from './options.js';
import { EXIT } from './exit-codes.js';

interface InstallOptions {
  husky?: boolean;
  preCommit?: boolean;
  git?: boolean;
  prePush: boolean;
  print: boolean;
  preReceive?: boolean;
}

export function registerInstallCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('install')
    .description('install the commit and push hooks the way this repository runs hooks (husky, pre-commit framework or plain git)')
    .option('--husky', 'add keyward to .husky/pre-commit and .husky/pre-push')
    .option('--pre-commit', 'add a keyward entry to .pre-commit-config.yaml (pre-commit framework)')
    .option('--git', 'plain git hooks in core.hooksPath or .git/hooks (an existing hook is chained, not replaced)')
    .option('--no-pre-push', 'only the pre-commit hook')
    .option('--print', 'pre-commit framework: print the entry instead of writing it', false)
    .option('--pre-receive', 'server side: install the pre-receive hook in this (bare) repository')
    .action(async (opts: InstallOptions) => {
      const { install, installPreReceive } = await import('../hooks/install/install.js');
      const chosen = (['husky', 'preCommit', 'git'] as const).filter((k) => opts[k]);
      if (chosen.length > 1) throw new UsageError('choose one of --husky, --pre-commit, --git');
      const method = chosen[0] === 'preCommit' ? 'pre-commit' : chosen[0];
      if (opts.preReceive) {
        if (method) throw new UsageError('--pre-receive installs the server hook: it takes no --husky/--pre-commit/--git');
        const r = installPreReceive(process.cwd());
        for (const l of r.lines) process.stdout.write(`${l}\n`);
        setExit(EXIT.CLEAN);
        return;
      }
      const r = install({ cwd: process.cwd(), ...(method ? { method } : {}), prePush: opts.prePush, print: opts.print });
      process.stdout.write(`keyward: installing with ${r.method} (${r.why})\n`);
      for (const l of r.lines) process.stdout.write(`  ${l}\n`);
      setExit(EXIT.CLEAN);
    });

  program
    .command('uninstall')
    .description('remove the hooks keyward installed and restore the hooks they chained')
    .action(async () => {
      const { uninstall } = await import('../hooks/install/install.js');
      for (const l of uninstall(process.cwd())) process.stdout.write(`keyward: ${l}\n`);
      setExit(EXIT.CLEAN);
    });
}
