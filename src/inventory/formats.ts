import { cell } from '../report/formats/csv.js';
import type { Inventory, InventoryRow } from './types.js';

export const INVENTORY_FORMATS = ['text', 'json', 'csv', 'html'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

export const INVENTORY_CSV_COLUMNS = [
  'fingerprint', 'provider', 'kind', 'risk', 'ruleId', 'firstSeenCommit', 'firstSeenDate', 'firstSeenAuthor', 'firstSeenFile',
  'lastSeenCommit', 'lastSeenDate', 'atHead', 'locations', 'pushed', 'remotes', 'owner', 'ownerSource',
  'ticket', 'ticketState', 'status', 'deadline', 'overdue', 'escalated',
] as const;

/** RFC 4180, CRLF, formula starts defused (the repository writes author names and paths). */
export function inventoryCsv(inv: Inventory): string {
  const rows = [INVENTORY_CSV_COLUMNS.map(cell), ...inv.rows.map((r) => csvRow(r).map(cell))];
  return rows.map((r) => `${r.join(',')}\r\n`).join('');
}

function csvRow(r: InventoryRow): Array<string | number | boolean | undefined> {
  return [
    r.fingerprint, r.provider, r.kind, r.risk, r.ruleId, r.firstSeen.commit, r.firstSeen.date, r.firstSeen.author, r.firstSeen.file,
    r.lastSeen.commit, r.lastSeen.date, r.atHead, r.locations, r.pushed, r.remotes.join(' '), r.owner, r.ownerSource,
    r.ticket?.id, r.ticket?.state, r.status, r.deadline, r.overdue, r.escalated,
  ];
}

export function inventoryJson(inv: Inventory): string {
  return `${JSON.stringify(inv, null, 2)}\n`;
}

/** One line per credential, most urgent first, then a summary. Control characters from the repository are shown escaped. */
export function inventoryText(inv: Inventory, summary = true): string {
  const rows = [...inv.rows].sort(byUrgency);
  const lines = rows.map((r) => {
    const when = r.deadline ? `${r.overdue ? 'OVERDUE since' : 'due'} ${r.deadline.slice(0, 10)}` : 'no deadline';
    const where = `${r.pushed ? `pushed (${r.remotes.join(', ') || '?'})` : 'local'}, ${r.atHead ? 'at HEAD' : 'history only'}`;
    const ticket = r.ticket ? `${r.ticket.id} ${r.ticket.state}` : 'no ticket';
    return safe(
      `${r.fingerprint.slice(0, 12)}  ${r.risk.padEnd(8)} ${r.provider} ${r.kind}  first ${r.firstSeen.date?.slice(0, 10) ?? '?'} ${r.firstSeen.author ?? ''} ${r.firstSeen.file}` +
        `  ·  ${where}, ${r.locations} place${r.locations === 1 ? '' : 's'}  ·  owner ${r.owner || '?'}  ·  ${ticket}  ·  ${r.status === 'revoked' ? 'revoked' : when}`,
    );
  });
  const c = inv.counts;
  if (summary) lines.push(`keyward inventory: ${c.credentials} credential${c.credentials === 1 ? '' : 's'} (${c.pushed} pushed, ${c.local} local; ${c.atHead} at HEAD): ${c.open} open, ${c.revoked} revoked, ${c.overdue} overdue`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Overdue first, then by deadline, then by fingerprint. */
export function byUrgency(a: InventoryRow, b: InventoryRow): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.deadline ?? '\uffff';
  const db = b.deadline ?? '\uffff';
  return da < db ? -1 : da > db ? 1 : a.fingerprint < b.fingerprint ? -1 : 1;
}

/** Terminal escapes and newlines in author names or paths must not rewrite the screen. */
function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
