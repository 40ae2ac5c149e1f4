import { readFileSync } from 'node:fs';
import type { Finding, ScanResult } from '../model/finding.js';
import { RISKS, RULE_KINDS } from '../rules/types.js';
import { TicketsUsageError } from './usage-error.js';

/** Reads a saved `keyward history --format json` report and checks it is one. */
export function readReport(file: string): ScanResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TicketsUsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new TicketsUsageError(`${file} is not JSON; write the report with: keyward history --format json --output ${file}`);
  }
  return checkReport(doc, file);
}

export function checkReport(doc: unknown, source: string): ScanResult {
  const r = doc as Partial<ScanResult> | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.findings)) {
    throw new TicketsUsageError(`${source} is not a keyward JSON report (no "findings" array); write one with: keyward history --format json`);
  }
  r.findings.forEach((f, i) => checkFinding(f, `${source}: findings[${i}]`));
  if (r.findings.length > 0 && r.findings.every((f) => f.pushed === undefined)) {
    throw new TicketsUsageError(`${source} has no history provenance (no "pushed" field): it comes from keyward scan; use keyward history --format json`);
  }
  return { findings: r.findings, stats: r.stats ?? ({ complete: true } as ScanResult['stats']), warnings: Array.isArray(r.warnings) ? r.warnings : [] };
}

function checkFinding(f: Partial<Finding>, where: string): void {
  const bad = (what: string): never => {
    throw new TicketsUsageError(`${where}: ${what}`);
  };
  if (!f || typeof f !== 'object') bad('not an object');
  for (const k of ['ruleId', 'title', 'provider', 'file', 'secret', 'fingerprint'] as const) if (typeof f[k] !== 'string') bad(`"${k}" must be a string`);
  if (typeof f.line !== 'number') bad('"line" must be a number');
  if (!(RULE_KINDS as readonly unknown[]).includes(f.kind)) bad(`unknown kind "${String(f.kind)}"`);
  if (!(RISKS as readonly unknown[]).includes(f.risk)) bad(`unknown risk "${String(f.risk)}"`);
  if (f.pushed !== undefined && typeof f.pushed !== 'boolean') bad('"pushed" must be true or false');
  if (f.locations !== undefined && !Array.isArray(f.locations)) bad('"locations" must be an array');
  for (const l of f.locations ?? []) {
    if (!l || typeof l.commit !== 'string' || typeof l.file !== 'string' || typeof l.line !== 'number') bad('each location needs commit, file and line');
  }
}
