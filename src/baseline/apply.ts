import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { recordIgnoresExpired } from '../audit/record.js';
import type { Finding, ScanResult } from '../model/finding.js';
import { BASELINE_FILE, readBaseline, type BaselineEntry } from './baseline-file.js';
import { printable } from './errors.js';
import { GITLEAKS_IGNORE_FILE, gitleaksMatches, readGitleaksIgnore, type GitleaksIgnore } from './gitleaksignore.js';
import { IGNORE_FILE, ignoreMatches, isExpired, readIgnores, type IgnoreEntry } from './ignore-file.js';

export interface FilterOptions {
  /**
   * Repository root: its `.keyward-baseline.json` (unless `baseline` is given or false),
   * `.keywardignore` and `.gitleaksignore` are read. Undefined (a bare server repository): only
   * an explicit `baseline` applies.
   */
  root?: string;
  /** --baseline FILE; false: no baseline at all. */
  baseline?: string | false;
  /**
   * The directory whose `.keywardignore` and `.gitleaksignore` apply instead of `root`'s (a
   * missing file there: no ignores). CI passes the files as the range's start has them, so a
   * pull request cannot ignore its own secret.
   */
  ignoresFrom?: string;
  /** Whether a baselined path that no longer exists may match elsewhere (a rename). Needs a work tree. */
  worktree: boolean;
  /** Ids of the loaded rules (for mapping .gitleaksignore rule ids). */
  ruleIds?: Iterable<string>;
  /**
   * `scan` reports paths relative to the working directory: given it, paths are made relative to
   * `root` before matching (baseline and ignore paths are repository-relative).
   */
  cwd?: string;
  /** Today as YYYY-MM-DD (tests); default: the UTC date now. */
  today?: string;
}

export interface FilterCounts {
  baselined: number;
  ignored: number;
}

/**
 * The one filter every scanning command runs on its findings before rendering: drops findings
 * the baseline accepts or an unexpired ignore covers, counts them in stats, and warns (one line
 * each) about expired ignores. Files that exist but are malformed throw BaselineError.
 */
export function filterFindings(result: ScanResult, opts: FilterOptions): ScanResult {
  const baselineFile = opts.baseline === false ? undefined : (opts.baseline ?? defaultBaseline(opts.root));
  const entries = baselineFile ? readBaseline(baselineFile).entries : [];
  const ignoreDir = opts.ignoresFrom ?? opts.root;
  const ignores = ignoreDir ? readIgnores(join(ignoreDir, IGNORE_FILE)) : [];
  const gitleaks = ignoreDir ? readGitleaksIgnore(join(ignoreDir, GITLEAKS_IGNORE_FILE)) : [];
  if (entries.length === 0 && ignores.length === 0 && gitleaks.length === 0) return result;

  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const warnings = ignores.filter((e) => isExpired(e, today)).map((e) => expiredWarning(e));
  if (opts.root && warnings.length > 0) recordIgnoresExpired(opts.root, ignores.filter((e) => isExpired(e, today))); // once per ignore, in the audit log
  const live = ignores.filter((e) => !isExpired(e, today));
  const ids = new Set(opts.ruleIds ?? result.findings.map((f) => f.ruleId));
  const known = (id: string): boolean => ids.has(id);
  const ignoresByFp = groupBy(live, (e) => e.fingerprint);
  const keyed = opts.cwd && opts.root ? result.findings.map((f) => ({ ...f, file: repoPath(opts.root!, opts.cwd!, f.file) })) : result.findings;
  const accepted = baselined(keyed, entries, opts);
  const counts: FilterCounts = { baselined: 0, ignored: 0 };
  const kept = keyed.filter((f) => {
    if (accepted.has(f)) return (counts.baselined++, false);
    if (ignoresByFp.get(f.fingerprint)?.some((e) => ignoreMatches(e, f)) || gitleaks.some((g: GitleaksIgnore) => gitleaksMatches(g, f, known))) {
      return (counts.ignored++, false);
    }
    return true;
  });
  // Report the findings as the scan showed them (scan paths stay relative to the working directory).
  const keep = new Set(kept);
  const findings = result.findings.filter((_, i) => keep.has(keyed[i]!));
  return { ...result, findings, stats: { ...result.stats, ...counts }, warnings: [...result.warnings, ...warnings] };
}

/** A scan path (relative to `cwd`) as a repository-relative path; outside the root it stays as is. */
export function repoPath(root: string, cwd: string, file: string): string {
  if (file === '-' || file.startsWith('<')) return file;
  const rel = relative(root, resolve(cwd, file));
  if (rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

function defaultBaseline(root: string | undefined): string | undefined {
  if (!root) return undefined;
  const file = join(root, BASELINE_FILE);
  return existsSync(file) ? file : undefined;
}

function expiredWarning(e: IgnoreEntry): string {
  const where = e.path ? ` (path ${printable(e.path)})` : '';
  return `${IGNORE_FILE}:${e.line}: ignore of ${e.fingerprint}${where} expired on ${e.until}: it no longer applies (reason was: ${printable(e.reason.slice(0, 200))})`;
}

/**
 * The findings the baseline accepts. An entry holds a fingerprint, rule and path; it accepts the
 * findings of that fingerprint and rule at its path (in history, also when the path is one of the
 * finding's other locations). When its path no longer exists in the work tree (the file was
 * renamed or moved), it accepts the secret at one other path: if the secret now sits at exactly
 * one path the baseline does not name. Found at two or more new paths, it is a copy, not a rename,
 * and every one is reported. A secret copied into a new file while the baselined file exists is new.
 */
function baselined(findings: Finding[], entries: BaselineEntry[], opts: FilterOptions): Set<Finding> {
  const byFp = groupBy(entries, (e) => e.fingerprint);
  const candidates = (f: Finding): BaselineEntry[] => byFp.get(f.fingerprint)?.filter((e) => e.rule === f.ruleId) ?? [];
  const accepted = new Set<Finding>();
  const rest: Finding[] = [];
  for (const f of findings) {
    const es = candidates(f);
    if (es.length === 0) continue;
    const paths = new Set([f.file, ...(f.locations ?? []).map((l) => l.file)]);
    if (es.some((e) => paths.has(e.path))) accepted.add(f);
    else rest.push(f);
  }
  if (!opts.worktree || !opts.root) return accepted;
  const root = opts.root;
  // Messages and stdin are not files: they are never "gone".
  const gone = (path: string): boolean => !path.startsWith('<') && path !== '-' && !existsSync(join(root, path));
  const newPaths = new Map<string, Set<string>>();
  for (const f of rest) {
    const k = `${f.ruleId}\0${f.fingerprint}`;
    newPaths.set(k, (newPaths.get(k) ?? new Set()).add(f.file));
  }
  for (const f of rest) {
    if (newPaths.get(`${f.ruleId}\0${f.fingerprint}`)!.size === 1 && candidates(f).some((e) => gone(e.path))) accepted.add(f);
  }
  return accepted;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}
