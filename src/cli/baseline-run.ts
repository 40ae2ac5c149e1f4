import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recordBaselineChange, recordIgnoresAdded } from '../audit/record.js';
import { baselineBefore } from '../baseline/baseline-file.js';
import { repoPath } from '../baseline/apply.js';
import { BASELINE_FILE, buildBaseline, readBaseline, sortEntries, writeBaseline, type BaselineEntry } from '../baseline/baseline-file.js';
import { FINGERPRINT } from '../baseline/errors.js';
import { appendIgnore, IGNORE_FILE, validDate } from '../baseline/ignore-file.js';
import { importDetectSecrets, importGitleaks, readDetectSecrets, readGitleaksReport, type Imported } from '../baseline/imports.js';
import { gitText } from '../git/run.js';
import { HistoryError, scanHistory } from '../history/history.js';
import { GitError } from '../git/run.js';
import { plural } from '../report/describe.js';
import type { Finding, ScanResult } from '../model/finding.js';
import { scanPaths } from '../scan/scanner.js';
import type { BaselineCommandOptions, IgnoreCommandOptions } from './baseline-command.js';
import { rootOf } from './baseline-options.js';
import { checkOutput, loadRuleSet } from './common.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './options.js';

export async function runBaseline(paths: string[], opts: BaselineCommandOptions): Promise<number> {
  const root = rootOf(paths[0] ?? '.');
  const out = opts.output ?? join(root, BASELINE_FILE);
  checkOutput(out);
  if ((opts.importGitleaks || opts.importDetectSecrets) && opts.prune) throw new UsageError('--prune cannot be combined with an import');
  // Read the inputs before a long scan: a bad file fails at once.
  const gitleaks = opts.importGitleaks ? readGitleaksReport(opts.importGitleaks) : undefined;
  const detectSecrets = opts.importDetectSecrets ? readDetectSecrets(opts.importDetectSecrets) : undefined;
  if (opts.prune && !existsSync(out)) throw new UsageError(`--prune: no baseline at ${out}`);
  // Pruning and imports build on the existing file; a plain run replaces it (even a broken one).
  const existing = (opts.prune || gitleaks || detectSecrets) && existsSync(out) ? readBaseline(out).entries : [];

  // Raw secrets only when an import compares them; they stay in this process's memory.
  const result = await scan(paths, opts, root, gitleaks !== undefined || detectSecrets !== undefined);
  for (const w of result.warnings) process.stderr.write(`keyward: warning: ${w}\n`);
  // scan shows paths relative to the working directory, history relative to the repository.
  const findings = opts.history ? result.findings : result.findings.map((f) => ({ ...f, file: repoPath(root, process.cwd(), f.file) }));

  let entries: BaselineEntry[];
  if (opts.prune) entries = prune(existing, findings, root);
  else if (gitleaks || detectSecrets) entries = merge(existing, importInto(findings, root, gitleaks, detectSecrets));
  else entries = buildBaseline(findings).entries;
  const before = baselineBefore(out);
  writeBaseline(out, { version: 1, tool: 'keyward', entries: sortEntries(entries) });
  recordBaselineChange(root, out, before, entries, opts.prune ? 'prune' : gitleaks || detectSecrets ? 'import' : 'write');
  const dropped = opts.prune ? `, ${existing.length - entries.length} dropped` : '';
  process.stderr.write(`keyward: wrote ${out}: ${plural(entries.length, 'entry', 'entries')}${dropped}\n`);
  return result.stats.complete ? EXIT.CLEAN : EXIT.INCOMPLETE;
}

async function scan(paths: string[], opts: BaselineCommandOptions, root: string, showSecrets: boolean): Promise<ScanResult> {
  const ruleSet = loadRuleSet(opts, opts.history ? (paths[0] ?? '.') : process.cwd());
  if (!opts.history) {
    return scanPaths({ paths, gitignore: opts.ignore, workers: opts.workers, showSecrets, maxFileSize: opts.maxFileSize, profile: false }, ruleSet);
  }
  try {
    return await scanHistory(root, { ruleSet, branches: opts.branch, since: opts.since, cache: opts.cache, showSecrets, workers: opts.workers });
  } catch (e) {
    if (e instanceof HistoryError || e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Keeps the entries still found at their path; an entry whose path is gone (renamed) but whose
 * secret is still found moves to where it is found now.
 */
function prune(existing: BaselineEntry[], findings: Finding[], root: string): BaselineEntry[] {
  const found = buildBaseline(findings).entries;
  const key = (e: BaselineEntry): string => `${e.rule}\0${e.fingerprint}\0${e.path}`;
  const foundKeys = new Set(found.map(key));
  const kept = existing.filter((e) => foundKeys.has(key(e)));
  const keptKeys = new Set(kept.map(key));
  const moved = existing.filter((e) => !foundKeys.has(key(e)) && !existsSync(join(root, e.path))).flatMap((e) =>
    found.filter((n) => n.fingerprint === e.fingerprint && n.rule === e.rule && !keptKeys.has(key(n))),
  );
  return dedupe([...kept, ...moved], key);
}

function importInto(findings: Finding[], root: string, gitleaks?: Set<string>, detect?: Map<string, boolean | undefined>): BaselineEntry[] {
  const imported: Imported[] = [];
  if (gitleaks) imported.push(report('gitleaks report', importGitleaks(findings, gitleaks)));
  if (detect) imported.push(report('detect-secrets baseline', importDetectSecrets(findings, detect)));
  const notSecret = imported.flatMap((i) => i.notSecret);
  const by = author(root);
  const seen = new Set<string>();
  for (const f of notSecret) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    appendIgnore(join(root, IGNORE_FILE), { fingerprint: f.fingerprint, reason: 'detect-secrets audit: not a secret (imported)', by, at: new Date().toISOString() });
  }
  if (seen.size) process.stderr.write(`keyward: appended ${plural(seen.size, 'ignore')} to ${join(root, IGNORE_FILE)}\n`);
  recordIgnoresAdded(root, [...seen].map((fingerprint) => ({ fingerprint, reason: 'detect-secrets audit: not a secret (imported)' })), 'import');
  // Only fingerprints, rules and paths leave here: buildBaseline holds no secret.
  return buildBaseline(imported.flatMap((i) => i.baseline)).entries;
}

function report(what: string, i: Imported): Imported {
  const n = i.baseline.length + i.notSecret.length;
  const miss = i.unmatched ? `; ${i.unmatched} of its records match nothing keyward finds (not imported)` : '';
  process.stderr.write(`keyward: ${what}: ${plural(n, 'finding')} matched${miss}\n`);
  return i;
}

function merge(existing: BaselineEntry[], added: BaselineEntry[]): BaselineEntry[] {
  return dedupe([...existing, ...added], (e) => `${e.rule}\0${e.fingerprint}\0${e.path}`);
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>();
  for (const t of items) if (!m.has(key(t))) m.set(key(t), t);
  return [...m.values()];
}

/** "Name <email>" from git config, for the record of who accepted a finding. */
function author(cwd: string): string {
  const get = (k: string): string => {
    try {
      return gitText(['config', k], { cwd, okCodes: [1] });
    } catch {
      return '';
    }
  };
  const name = get('user.name');
  const email = get('user.email');
  return email ? `${name} <${email}>`.trim() : name;
}

export function runIgnore(fp: string, opts: IgnoreCommandOptions): number {
  if (!FINGERPRINT.test(fp)) throw new UsageError(`"${fp.slice(0, 80)}" is not a fingerprint (32 hex characters, as JSON and SARIF output show)`);
  if (opts.reason.trim() === '') throw new UsageError('--reason must say why');
  if (opts.until !== undefined && !validDate(opts.until)) throw new UsageError(`--until takes a date YYYY-MM-DD, got "${opts.until}"`);
  const root = rootOf('.');
  const file = join(root, IGNORE_FILE);
  appendIgnore(file, {
    fingerprint: fp,
    reason: opts.reason,
    by: author(root),
    at: new Date().toISOString(),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.path ? { path: opts.path } : {}),
  });
  recordIgnoresAdded(root, [{ fingerprint: fp, reason: opts.reason, until: opts.until, path: opts.path }], 'ignore');
  const today = new Date().toISOString().slice(0, 10);
  if (opts.until && opts.until < today) process.stderr.write(`keyward: warning: --until ${opts.until} is already past: the ignore will not apply\n`);
  process.stderr.write(`keyward: ignored ${fp} in ${resolve(file)}${opts.until ? ` until ${opts.until}` : ''}\n`);
  return EXIT.CLEAN;
}
