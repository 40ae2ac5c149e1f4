/**
 * A tiny `keyward` for child-process tests: only the tickets command, with a stand-in history
 * scan that returns the report named by KEYWARD_TEST_SCAN (and says which repository it scanned).
 */
import { Command } from 'commander';
import { registerTicketsCommand } from '../../src/cli/tickets-command.js';
import { readReport } from '../../src/tickets/report.js';

const program = new Command('keyward').exitOverride();
registerTicketsCommand(
  program,
  async (repoPath) => {
    process.stderr.write(`test-scan: ${repoPath}\n`);
    if (!process.env.KEYWARD_TEST_SCAN) throw new Error('KEYWARD_TEST_SCAN is not set');
    return readReport(process.env.KEYWARD_TEST_SCAN);
  },
  (code) => {
    process.exitCode = code;
  },
);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  process.exitCode = (e as { exitCode?: number }).exitCode === 0 ? 0 : 2;
}
