import { Option, type Command } from 'commander';
import type { ScanResult } from '../model/finding.js';
import type { InventoryCliOptions, InventorySourceOptions } from './inventory-run.js';

/** Kept here so start-up loads nothing of the inventory (src/inventory/formats.ts INVENTORY_FORMATS). */
const FORMATS = ['text', 'json', 'csv', 'html'];

type Scan = (repoPath: string) => Promise<ScanResult>;

function sourceOptions(cmd: Command): Command {
  return cmd
    .option('--from <report.json>', 'read findings from a saved "keyward history --format json" report instead of scanning')
    .option('--repo <path>', 'repository (for CODEOWNERS, HEAD, remotes and ticket state)', '.')
    .option('-c, --config <file>', 'a config file you trust: its [policy] is used instead of the repository\'s keyward.toml (default: your user config, then keyward.toml, which may only tighten it)')
    .option('--now <date>', 'judge deadlines as of this date (ISO 8601 or YYYY-MM-DD) instead of now');
}

/** `keyward inventory`, `keyward policy check` and `keyward report` (docs/governance.md). */
export function registerInventoryCommands(program: Command, scan: Scan, setExit: (code: number) => void): void {
  sourceOptions(program.command('inventory'))
    .description('one row per credential: provider, kind, risk, first and last seen, HEAD or history, pushed, owner, ticket, deadline, overdue')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (opts: InventoryCliOptions) => {
      setExit(await (await import('./inventory-run.js')).runInventory(opts, scan));
    });

  sourceOptions(program.command('report'))
    .description('the inventory as one self-contained HTML page: timeline, counts, a sortable, filterable table')
    .option('--html', 'HTML (the only format of this command; the default)', true)
    .option('-o, --output <file>', 'file to write ("-" for stdout)', 'keyward-report.html')
    .action(async (opts: InventorySourceOptions & { output?: string }) => {
      setExit(await (await import('./inventory-run.js')).runReport(opts, scan));
    });

  const policy = program.command('policy').description('governance policy (docs/governance.md)');
  sourceOptions(policy.command('check'))
    .description('exit 1 when any credential is past its policy deadline (for a nightly job)')
    .addHelpText('after', '\nExit codes: 0 nothing overdue, 1 credentials overdue (listed), 2 error, 3 nothing overdue but the\nhistory scan was incomplete.')
    .action(async (opts: InventorySourceOptions) => {
      setExit(await (await import('./inventory-run.js')).runPolicyCheck(opts, scan));
    });
}
