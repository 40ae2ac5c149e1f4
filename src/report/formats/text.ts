import pc from 'picocolors';
import type { Finding, ScanResult } from '../../model/finding.js';
import type { Confidence, Risk } from '../../rules/types.js';
import type { RenderOptions } from '../render.js';
import { formatBytes, formatDuration, incompleteReason, plural, printable } from '../describe.js';

type Colors = ReturnType<typeof pc.createColors>;

const RISK_WIDTH = 'critical'.length;
const CONFIDENCE_WIDTH = 'medium'.length;
const SEP = ' · ';

/**
 * Report for people, grouped by file like ripgrep:
 *
 *   src/config.ts
 *     12:8   critical  GitHub Personal Access Token [github-pat]       GitHub   high    ghp_…
 *            commit 1a2b3c4 · Jane <jane@example.com> · 2024-05-01 · pushed (origin) · +2 other locations
 *     140:3  low       Generic password assignment [generic-password]  generic  low     hu…
 *
 *   1 secret in 1 file · 120 files (1.2 MB) scanned in 340 ms
 *
 * Every string that comes from the scanned content or the repository (paths, authors, secrets) goes
 * through printable(): a hostile file name must not be able to drive the terminal.
 */
export function renderText(result: ScanResult, opts: RenderOptions): string {
  const c = pc.createColors(opts.color);
  const lines: string[] = [];
  for (const [file, findings] of groupByFile(result.findings)) {
    lines.push(c.bold(c.magenta(printable(file))));
    const rows = findings.map(cells);
    const widths: Widths = {
      loc: widest(rows, (r) => r.loc.length),
      rule: widest(rows, ruleWidth),
      provider: widest(rows, (r) => r.provider.length),
    };
    findings.forEach((f, i) => {
      lines.push(findingLine(rows[i]!, widths, c));
      const prov = provenanceLine(f, c);
      if (prov) lines.push(`${' '.repeat(2 + widths.loc + 2)}${prov}`);
    });
    lines.push('');
  }
  lines.push(summaryLine(result, opts.mode, c));
  const incomplete = incompleteReason(result.stats, opts.mode);
  if (incomplete) lines.push(`${c.bold(c.yellow('warning:'))} ${incomplete}`);
  return `${lines.join('\n')}\n`;
}

/** Findings by file, files in order of first appearance (the scanner already sorts). */
function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}

/** A finding's cells as plain text; padded to the group's widths before colouring. */
interface Cells {
  loc: string;
  risk: Risk;
  title: string;
  ruleId: string;
  provider: string;
  confidence: Confidence;
  secret: string;
}

type Widths = Record<'loc' | 'rule' | 'provider', number>;

function cells(f: Finding): Cells {
  return {
    loc: `${f.line}:${f.column}`,
    risk: f.risk,
    title: printable(f.title),
    ruleId: `[${printable(f.ruleId)}]`,
    provider: printable(f.provider),
    confidence: f.confidence,
    secret: printable(f.secret) + (f.decoded ? ` (decoded: ${printable(f.decoded)})` : ''),
  };
}

const ruleWidth = (r: Cells): number => r.title.length + 1 + r.ruleId.length;

// A loop, not Math.max(...): a generated file can hold more findings than a call has arguments.
function widest(rows: Cells[], width: (r: Cells) => number): number {
  let max = 0;
  for (const r of rows) max = Math.max(max, width(r));
  return max;
}

function findingLine(r: Cells, w: Widths, c: Colors): string {
  return [
    `  ${c.dim(r.loc.padEnd(w.loc))}`,
    riskColor(r.risk, c)(r.risk.padEnd(RISK_WIDTH)),
    `${c.bold(r.title)} ${c.dim(r.ruleId)}${' '.repeat(w.rule - ruleWidth(r))}`,
    c.cyan(r.provider.padEnd(w.provider)),
    c.dim(r.confidence.padEnd(CONFIDENCE_WIDTH)),
    c.yellow(r.secret),
  ].join('  ');
}

function riskColor(risk: Risk, c: Colors): (s: string) => string {
  switch (risk) {
    case 'critical':
      return (s) => c.bold(c.red(s));
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.blue;
  }
}

/** History provenance; undefined for findings in the working tree or the index. */
function provenanceLine(f: Finding, c: Colors): string | undefined {
  const parts: string[] = [];
  if (f.source === 'tag-message') parts.push(`tag ${c.bold(printable((f.tag ?? '').slice(0, 7)))} (${printable(f.ref ?? '')})`);
  else if (f.source === 'ref-target') parts.push(`named directly by ${printable(f.ref ?? '')}, outside any commit`);
  else if (f.source === 'note') parts.push(`note (${printable(f.ref ?? '')})`);
  if (f.commit) parts.push(`commit ${c.bold(printable(f.commit.slice(0, 7)))}`);
  if (f.author || f.email) {
    parts.push(printable([f.author, f.email && `<${f.email}>`].filter(Boolean).join(' ')));
  }
  if (f.date) parts.push(printable(f.date.slice(0, 10)));
  if (f.pushed === true) {
    const where = f.remotes && f.remotes.length > 0 ? ` (${printable(f.remotes.join(', '))})` : '';
    parts.push(c.red(`pushed${where}`));
  } else if (f.pushed === false) {
    parts.push(c.green('local only'));
  }
  const others = f.locations?.length ?? 0;
  if (others > 0) parts.push(`+${plural(others, 'other location')}`);
  return parts.length > 0 ? c.dim(parts.join(SEP)) : undefined;
}

function summaryLine(result: ScanResult, mode: string, c: Colors): string {
  const { findings, stats } = result;
  const parts: string[] = [];
  if (findings.length > 0) {
    const files = new Set(findings.map((f) => f.file)).size;
    parts.push(`${c.bold(c.red(plural(findings.length, 'secret')))} in ${plural(files, 'file')}`);
  } else {
    parts.push(c.bold(c.green(`no secrets found${MODE_SCOPE[mode] ?? ''}`)));
  }
  let scanned = `${plural(stats.files, 'file')} (${formatBytes(stats.bytes)})`;
  if (stats.commits !== undefined) scanned += `, ${plural(stats.commits, 'commit')}`;
  if (stats.blobs !== undefined) {
    scanned += `, ${plural(stats.blobs, 'blob')}`;
    if (stats.blobsCached) scanned += ` (${stats.blobsCached} cached)`;
  }
  parts.push(`${scanned} scanned in ${formatDuration(stats.durationMs)}`);
  const skipped: string[] = [];
  if (stats.skippedBinary > 0) skipped.push(`${stats.skippedBinary} binary`);
  if (stats.skippedTooLarge > 0) skipped.push(`${stats.skippedTooLarge} too large`);
  if (skipped.length > 0) parts.push(`skipped ${skipped.join(', ')}`);
  return parts.join(c.dim(SEP));
}

const MODE_SCOPE: Record<string, string> = {
  history: ' in history',
  staged: ' in staged changes',
};
