#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { reportError } from './errors.js';
import { VERSION } from './options.js';
import { EXIT } from './exit-codes.js';
import { registerRulesCommand } from './rules-command.js';
import { registerScanCommand } from './scan-command.js';
import { registerStagedCommand } from './staged-command.js';
import { registerInstallCommands } from './install-command.js';
import { registerHookCommands } from './hook-command.js';
import { registerHistoryCommand } from './history-command.js';
import { registerTicketsCommand } from './tickets-command.js';
import { registerBaselineCommands } from './baseline-command.js';
import { registerAuditCommand } from './audit-command.js';
import { registerInventoryCommands } from './inventory-command.js';
import { unknownCommandLine } from './unknown-command.js';

// A reader that stops early (`keyward rules list | head`) closes the pipe. The rest of the output
// has nowhere to go, which is not an error: no stack trace, and the exit code stays the command's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

let exitCode: number = EXIT.CLEAN;
const setExit = (code: number): void => {
  exitCode = code;
};

const program = new Command('keyward')
  .description('find secrets (machine identities) before they leave a laptop, and in history')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

registerScanCommand(program, setExit);
registerRulesCommand(program, setExit);
registerStagedCommand(program, setExit);
registerInstallCommands(program, setExit);
registerHookCommands(program, setExit);
registerHistoryCommand(program, setExit);
registerBaselineCommands(program, setExit);
registerAuditCommand(program, setExit);
registerTicketsCommand(program, async (repo) => (await import('./history-run.js')).scanHistoryForTickets(repo), setExit);
registerInventoryCommands(program, async (repo) => (await import('./history-run.js')).scanHistoryForInventory(repo), setExit);

const unknown = unknownCommandLine(program, process.argv.slice(2));
try {
  if (unknown) {
    process.stderr.write(`${unknown}\n`);
    exitCode = EXIT.ERROR;
  } else await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; every other parse problem is a usage error.
    exitCode = e.exitCode === 0 ? EXIT.CLEAN : EXIT.ERROR;
  } else {
    exitCode = reportError(e);
  }
}
process.exitCode = exitCode;
