import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inventoryCsv, inventoryJson, inventoryText, byUrgency, type InventoryFormat } from '../inventory/formats.js';
import { buildInventory } from '../inventory/inventory.js';
import type { Inventory } from '../inventory/types.js';
import { resolvePolicy } from '../policy/sources.js';
import type { ScanResult } from '../model/finding.js';
import { renderInventoryHtml } from '../inventory/html/html.js';
import { readReport } from '../tickets/report.js';
import { recordPolicyCheck } from '../audit/record.js';
import { repoInfo, type TicketsRepo } from '../tickets/repo.js';
import { TicketsUsageError } from '../tickets/usage-error.js';
import { checkOutput } from './common.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './options.js';
import { reportTicketsError } from '../tickets/open.js';

/** Options shared by `inventory`, `policy check` and `report`. */
export interface InventorySourceOptions {
  from?: string;
  repo: string;
  /** A config file you trust: its [policy] is read instead of the repository's keyward.toml. */
  config?: string;
  /** Judge deadlines as of this date instead of now (ISO 8601 or YYYY-MM-DD). */
  now?: string;
}

export interface InventoryCliOptions extends InventorySourceOptions {
  format: InventoryFormat;
  output?: string;
}

export type HistoryScanner = (repoPath: string) => Promise<ScanResult>;

/** --now → a Date; anything else is a usage error. */
export function parseNow(v: string | undefined): Date {
  if (v === undefined) return new Date();
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now must be a date such as 2027-01-31 or 2027-01-31T12:00:00Z (got "${v}")`);
  return d;
}

/** The inventory of a repository: from a saved history report, else a history scan of it. */
export async function inventoryFrom(result: ScanResult | undefined, opts: InventorySourceOptions, scan: HistoryScanner): Promise<Inventory> {
  const now = parseNow(opts.now);
  const repo = inventoryRepo(resolve(opts.repo));
  const policy = resolvePolicy({
    repoRoot: repo.root,
    explicit: opts.config === undefined ? undefined : resolve(opts.config),
    env: process.env,
    warn: (line) => void process.stderr.write(`keyward: ${line}\n`),
  });
  const scanned = result ?? (opts.from ? readReport(resolve(opts.from)) : await scan(repo.root));
  const inv = await buildInventory({ result: scanned, repo, policy, now });
  if (!inv.complete) process.stderr.write('keyward: warning: the history scan was incomplete; the inventory lists only what it found\n');
  return inv;
}

/** The repository, or a usage error that says what the inventory needs it for. */
function inventoryRepo(path: string): TicketsRepo {
  try {
    return repoInfo(path);
  } catch (e) {
    if (!(e instanceof TicketsUsageError)) throw e;
    // Keep git's own reason (a safe.directory refusal reads differently from a plain directory).
    throw new UsageError(`${e.message.replace(/; tickets keep .*$/, '')}; the inventory reads its history, CODEOWNERS, HEAD and ticket state (use --repo PATH)`);
  }
}

export function renderInventory(inv: Inventory, format: InventoryFormat): string {
  if (format === 'json') return inventoryJson(inv);
  if (format === 'csv') return inventoryCsv(inv);
  if (format === 'html') return renderInventoryHtml(inv);
  return inventoryText(inv);
}

export function writeOut(text: string, output: string | undefined): void {
  if (output === undefined || output === '-') process.stdout.write(text);
  else {
    try {
      writeFileSync(output, text);
    } catch (e) {
      throw new UsageError(`cannot write --output ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}

/** `keyward inventory`: exit 0, or 2 on an error. */
export async function runInventory(opts: InventoryCliOptions, scan: HistoryScanner): Promise<number> {
  try {
    checkOutput(opts.output);
    const inv = await inventoryFrom(undefined, opts, scan);
    writeOut(renderInventory(inv, opts.format), opts.output);
    return EXIT.CLEAN;
  } catch (e) {
    return reportTicketsError(e, (t) => void process.stderr.write(t));
  }
}

/** `keyward report`: the HTML report, to --output (default keyward-report.html). */
export async function runReport(opts: InventorySourceOptions & { output?: string }, scan: HistoryScanner): Promise<number> {
  const output = opts.output ?? 'keyward-report.html';
  try {
    checkOutput(output);
    const inv = await inventoryFrom(undefined, opts, scan);
    writeOut(renderInventoryHtml(inv), output);
    if (output !== '-') process.stderr.write(`keyward report: ${inv.counts.credentials} credential(s), ${inv.counts.overdue} overdue: ${output}\n`);
    return EXIT.CLEAN;
  } catch (e) {
    return reportTicketsError(e, (t) => void process.stderr.write(t));
  }
}

/**
 * `keyward policy check`: 0 nothing overdue; 1 some credential overdue (each listed); 2 error;
 * 3 nothing overdue but the history scan was incomplete.
 */
export async function runPolicyCheck(opts: InventorySourceOptions, scan: HistoryScanner): Promise<number> {
  let inv: Inventory;
  try {
    inv = await inventoryFrom(undefined, opts, scan);
  } catch (e) {
    return reportTicketsError(e, (t) => void process.stderr.write(t));
  }
  const overdue = inv.rows.filter((r) => r.overdue).sort(byUrgency);
  process.stdout.write(inventoryText({ ...inv, rows: overdue }, false));
  const policy = inv.policyFiles.length > 0 ? inv.policyFiles.join(', ') : 'the default policy';
  process.stdout.write(`keyward policy check: ${overdue.length} of ${inv.counts.credentials} credential(s) overdue (as of ${inv.generatedAt}; ${policy})\n`);
  const code = overdue.length > 0 ? EXIT.FINDINGS : inv.complete ? EXIT.CLEAN : EXIT.INCOMPLETE;
  // The run itself is evidence for an auditor: who checked, when, and what was overdue.
  const late = overdue.map((r) => ({ fingerprint: r.fingerprint, owner: r.owner, ...(r.deadline ? { deadline: r.deadline } : {}) }));
  recordPolicyCheck(opts.repo, { credentials: inv.counts.credentials, overdue: late, exitCode: code });
  return code;
}
