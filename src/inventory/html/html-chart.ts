import type { InventoryRow } from '../types.js';
import { escapeHtml } from './html-escape.js';

export interface MonthCount {
  /** "2024-05" (UTC). */
  month: string;
  pushed: number;
  local: number;
}

/** Credentials introduced per month (by first-seen date), every month from the first to the last. */
export function perMonth(rows: readonly InventoryRow[]): MonthCount[] {
  const counts = new Map<string, MonthCount>();
  for (const r of rows) {
    const month = r.firstSeen.date && /^\d{4}-\d{2}/.test(r.firstSeen.date) ? r.firstSeen.date.slice(0, 7) : undefined;
    if (!month) continue;
    const m = counts.get(month) ?? { month, pushed: 0, local: 0 };
    if (r.pushed) m.pushed++;
    else m.local++;
    counts.set(month, m);
  }
  const keys = [...counts.keys()].sort();
  if (keys.length === 0) return [];
  const out: MonthCount[] = [];
  for (let m = keys[0]!; m <= keys[keys.length - 1]!; m = nextMonth(m)) out.push(counts.get(m) ?? { month: m, pushed: 0, local: 0 });
  if (out.length <= MAX_MONTHS) return out;
  // Commit dates are the repository's say (a commit can claim the year 1): older months fold into the first bar.
  const kept = out.slice(-MAX_MONTHS);
  for (const m of out.slice(0, -MAX_MONTHS)) {
    kept[0]!.pushed += m.pushed;
    kept[0]!.local += m.local;
  }
  return kept;
}

const MAX_MONTHS = 240;

function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/** Stacked bars, pushed on local, scaled to the busiest month; a year label under each January. */
export function timelineSvg(months: readonly MonthCount[]): string {
  if (months.length === 0) return '<p class="empty">No dated credentials.</p>';
  const W = 900;
  const H = 180;
  const base = H - 24;
  const max = Math.max(1, ...months.map((m) => m.pushed + m.local));
  const step = W / months.length;
  const bar = Math.min(40, Math.max(1, step * 0.8));
  // Short ranges get a month label every few bars; long ones a year label under each January.
  const every = months.length <= 24 ? Math.ceil(months.length / 12) : 0;
  const parts: string[] = [];
  months.forEach((m, i) => {
    const x = (i * step + (step - bar) / 2).toFixed(1);
    const hp = ((m.pushed / max) * (base - 22)).toFixed(1);
    const hl = ((m.local / max) * (base - 22)).toFixed(1);
    const title = `<title>${escapeHtml(`${m.month}: ${m.pushed} pushed, ${m.local} local`)}</title>`;
    parts.push(`<g>${title}<rect class="pushed" x="${x}" y="${(base - Number(hp)).toFixed(1)}" width="${bar.toFixed(1)}" height="${hp}"/>` +
      `<rect class="local" x="${x}" y="${(base - Number(hp) - Number(hl)).toFixed(1)}" width="${bar.toFixed(1)}" height="${hl}"/></g>`);
    const label = every > 0 ? (i % every === 0 ? m.month : '') : i === 0 || m.month.endsWith('-01') ? m.month.slice(0, 4) : '';
    if (label) parts.push(`<text x="${x}" y="${H - 6}">${escapeHtml(label)}</text>`);
  });
  parts.push(`<line x1="0" x2="${W}" y1="${base}" y2="${base}" class="axis"/>`, `<text x="0" y="12" class="max">${max} per month</text>`);
  return `<svg class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="Credentials introduced per month, pushed and local">${parts.join('')}</svg>`;
}

/** "label: count" rows with a bar each, largest first; past `limit` the rest are one "other" row. */
export function countTable(title: string, key: string, counts: Map<string, number>, limit = 10): string {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, limit);
  const rest = sorted.slice(limit).reduce((n, [, c]) => n + c, 0);
  if (rest > 0) shown.push([`${sorted.length - limit} more`, rest]);
  const max = Math.max(1, ...shown.map(([, c]) => c));
  const rows = shown.map(([label, n]) =>
    `<tr><td class="label">${escapeHtml(label || '(none)')}</td><td class="n">${n}</td>` +
      `<td><svg width="120" height="10" aria-hidden="true"><rect width="${((n / max) * 120).toFixed(1)}" height="10"/></svg></td></tr>`,
  );
  return `<section class="counts" data-counts="${escapeHtml(key)}"><h3>${escapeHtml(title)}</h3><table>${rows.join('')}</table></section>`;
}

export function countBy(rows: readonly InventoryRow[], pick: (r: InventoryRow) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = pick(r);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}
