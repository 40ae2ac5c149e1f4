import { recordFirstSeen } from '../audit/record.js';
import { gitAsync, GitError } from '../git/run.js';
import type { RuleSet } from '../rules/resolve.js';
import { historyConfigNotes } from './config-notes.js';
import { HistoryError, HistoryInterrupted, scanHistory } from '../history/history.js';
import { progressBar, wantProgress } from '../history/progress.js';
import { formatBytes, formatDuration, incompleteReason, plural } from '../report/describe.js';
import type { ScanResult } from '../model/finding.js';
import { checkOutput, emit, exitCodeFor, loadRuleSet } from './common.js';
import { EXIT } from './exit-codes.js';
import type { HistoryCliOptions } from './history-command.js';
import { UsageError } from './options.js';
import { TICKETS_EXIT } from '../tickets/exit-codes.js';
import { applyBaseline, rootOf } from './baseline-options.js';
import { capWorkers } from './workers.js';

export async function runHistory(path: string, opts: HistoryCliOptions): Promise<number> {
  checkOutput(opts.output);
  const ruleSet = loadRuleSet(opts, path);
  const progress = opts.progress && wantProgress() ? progressBar() : undefined;
  // Commits that weakened keyward's own config, looked up while the history is scanned.
  const notes = historyNotes(path, opts, ruleSet);
  let result: ScanResult;
  // The first Ctrl-C stops the scan and keeps what it read (the next run resumes); a second one
  // gets node's default and ends the process at once.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    result = await scanHistory(path, {
      ruleSet,
      branches: opts.branch,
      since: opts.since,
      full: opts.full,
      cache: opts.cache,
      showSecrets: opts.showSecrets,
      workers: capWorkers(opts.workers, (l) => process.stderr.write(l)),
      progress,
      signal: interrupt.signal,
    });
  } catch (e) {
    if (e instanceof HistoryInterrupted) return interrupted(e);
    if (e instanceof HistoryError || e instanceof GitError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
  recordFirstSeen(path, result.findings, 'history'); // before the baseline: an accepted credential was seen too
  result = applyBaseline(result, opts, rootOf(path), ruleSet);
  result.warnings.push(...(await notes));
  for (const w of result.warnings) process.stderr.write(`keyward: warning: ${w}\n`);
  const toStdout = opts.output === undefined || opts.output === '-';
  // The text report ends with its own summary; other formats get one on stderr.
  if (!(opts.format === 'text' && toStdout)) process.stderr.write(`${summaryLine(result)}\n`);
  const code = opts.format === 'html' ? await emitHtml(result, path, opts) : emit(result, { ...opts, format: opts.format }, 'history', ruleSet);
  if (!opts.openTickets) return code;
  const { openTicketsForScan } = await import('../tickets/open.js');
  // Ticket progress must not corrupt a machine-readable report on stdout.
  const out = toStdout ? (t: string) => void process.stderr.write(t) : undefined;
  const tickets = await openTicketsForScan(result, { repo: path, config: opts.config, ...(out ? { stdout: out } : {}) });
  return combineExit(code, tickets);
}

/** `history --format html`: the inventory of what the scan found, as the HTML report. */
async function emitHtml(result: ScanResult, path: string, opts: HistoryCliOptions): Promise<number> {
  const { inventoryFrom, writeOut } = await import('./inventory-run.js');
  const { renderInventoryHtml } = await import('../inventory/html/html.js');
  const inv = await inventoryFrom(result, { repo: path, config: opts.config }, async () => result);
  writeOut(renderInventoryHtml(inv), opts.output);
  return exitCodeFor(result);
}

/** One line on stderr, then exit 130 now: work still under way in the background is dropped. */
function interrupted(e: HistoryInterrupted): never {
  const kept = e.saved ? 'were scanned and are kept in the history cache; run it again to resume from there' : 'were scanned; nothing was kept (no cache)';
  process.stderr.write(`keyward: history interrupted: ${e.scanned} of ${plural(e.found, 'blob')} found so far ${kept}\n`);
  process.exit(EXIT.INTERRUPTED);
}

async function historyNotes(path: string, opts: HistoryCliOptions, ruleSet: RuleSet): Promise<string[]> {
  let top: string;
  try {
    top = (await gitAsync(['rev-parse', '--show-toplevel'], { cwd: path })).toString('utf8').trim();
  } catch {
    return []; // not a work tree (a bare repository): the scan itself says what is wrong
  }
  const revs = [...(opts.branch && opts.branch.length > 0 ? opts.branch : ['--all']), ...(opts.since ? ['--not', opts.since] : [])];
  return historyConfigNotes(top, revs, ruleSet);
}

/**
 * `history --open-tickets`: a ticket error (2) wins, then secrets found (1), then an incomplete
 * scan or incomplete ticketing (3).
 */
export function combineExit(history: number, ticketsCode: number): number {
  // Another run holding the ticket lock is, for history, an incomplete run.
  const tickets = ticketsCode === TICKETS_EXIT.LOCKED ? EXIT.INCOMPLETE : ticketsCode;
  if (tickets === EXIT.ERROR || history === EXIT.ERROR) return EXIT.ERROR;
  if (history === EXIT.FINDINGS) return EXIT.FINDINGS;
  if (tickets === EXIT.INCOMPLETE || history === EXIT.INCOMPLETE) return EXIT.INCOMPLETE;
  return EXIT.CLEAN;
}

/** A history scan with the repository's own configuration: what `keyward tickets` runs without --from. */
export function scanHistoryForTickets(repoPath: string): Promise<ScanResult> {
  return scanHistory(repoPath, { ruleSet: loadRuleSet({}, repoPath), progress: wantProgress() ? progressBar() : undefined });
}

/**
 * What `keyward inventory`, `policy check` and `report` scan without --from: the history as
 * `keyward history` reports it, baseline and ignores applied (an accepted fixture is not a
 * credential to govern; tickets, which revoke what was exposed, scan without them).
 */
export async function scanHistoryForInventory(repoPath: string): Promise<ScanResult> {
  const ruleSet = loadRuleSet({}, repoPath);
  const result = await scanHistory(repoPath, { ruleSet, progress: wantProgress() ? progressBar() : undefined });
  return applyBaseline(result, {}, rootOf(repoPath), ruleSet);
}

/** One line for stderr: what was found and what was scanned. */
export function summaryLine(result: ScanResult): string {
  const s = result.stats;
  const found = result.findings.length > 0 ? plural(result.findings.length, 'secret') : 'no secrets';
  const pushed = result.findings.filter((f) => f.pushed).length;
  const where = result.findings.length > 0 ? ` (${pushed} pushed, ${result.findings.length - pushed} local only)` : '';
  const cached = s.blobsCached ? `, ${s.blobsCached} cached` : '';
  const line = `keyward history: ${found}${where} in ${plural(s.commits ?? 0, 'commit')}, ${plural(s.blobs ?? 0, 'blob')}${cached}; read ${formatBytes(s.bytes)} in ${formatDuration(s.durationMs)}`;
  const incomplete = incompleteReason(s, 'history');
  return incomplete ? `${line}\nkeyward: ${incomplete}` : line;
}
