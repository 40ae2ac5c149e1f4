import type { Finding, ScanResult } from '../../model/finding.js';
import type { RenderOptions } from '../render.js';

export const CSV_COLUMNS = [
  'ruleId',
  'provider',
  'kind',
  'risk',
  'confidence',
  'file',
  'line',
  'column',
  'secret',
  'entropy',
  'fingerprint',
  'commit',
  'author',
  'email',
  'date',
  'pushed',
  'decoded',
] as const;

type Cell = string | number | boolean | undefined;

/** RFC 4180 CSV (CRLF line ends, header row), one row per finding; absent values are empty cells. */
export function renderCsv(result: ScanResult, _opts: RenderOptions): string {
  const rows = [CSV_COLUMNS.map(cell), ...result.findings.map((f) => row(f).map(cell))];
  return rows.map((r) => `${r.join(',')}\r\n`).join('');
}

function row(f: Finding): Cell[] {
  return [
    f.ruleId,
    f.provider,
    f.kind,
    f.risk,
    f.confidence,
    f.file,
    f.line,
    f.column,
    f.secret,
    f.entropy,
    f.fingerprint,
    f.commit,
    f.author,
    f.email,
    f.date,
    f.pushed,
    f.decoded,
  ];
}

// Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP); a file
// name or commit author like "=HYPERLINK(...)" must stay text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula starts defused with a leading "'", quoted when it holds , " CR or LF. */
export function cell(value: Cell): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
