import type { ScanResult } from '../../model/finding.js';
import type { RenderOptions } from '../render.js';

/** Machine-readable report: findings exactly as produced (provenance fields only when present). */
export function renderJson(result: ScanResult, _opts: RenderOptions): string {
  const { findings, stats, warnings } = result;
  return `${JSON.stringify({ findings, stats, warnings }, null, 2)}\n`;
}
