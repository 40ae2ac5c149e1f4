import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Inventory, InventoryRow } from '../types.js';
import { countBy, countTable, perMonth, timelineSvg } from './html-chart.js';
import { CLIENT_SCRIPT } from './html-client.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { STYLE } from './html-style.js';

/** Columns of the embedded data, by name (the script looks them up; arrays keep 10,000 rows small). */
const COLUMNS = [
  'fingerprint', 'risk', 'provider', 'kind', 'owner', 'firstSeen', 'author', 'file', 'lastSeen', 'atHead', 'locations',
  'pushed', 'remotes', 'ticket', 'ticketUrl', 'ticketState', 'status', 'deadline', 'title', 'rule',
] as const;

function dataRow(r: InventoryRow): unknown[] {
  return [
    r.fingerprint, r.risk, r.provider, r.kind, r.owner, r.firstSeen.date ?? '', r.firstSeen.author ?? '', r.firstSeen.file, r.lastSeen.date ?? '',
    r.atHead, r.locations, r.pushed, r.remotes.join(', '), r.ticket?.id ?? '', r.ticket?.url ?? '', r.ticket?.state ?? '',
    r.overdue ? 'overdue' : r.status, r.deadline ?? '', r.title, r.ruleId,
  ];
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

/**
 * One self-contained HTML file: no request leaves it (the Content-Security-Policy allows only its
 * own script and style, by hash), every value from the repository escaped, the rows as JSON data
 * the script pages through.
 */
export function renderInventoryHtml(inv: Inventory): string {
  const name = basename(inv.repository) || inv.repository;
  const csp = `default-src 'none'; script-src 'sha256-${sha256(CLIENT_SCRIPT)}'; style-src 'sha256-${sha256(STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const data = jsonForScript({ columns: COLUMNS, rows: inv.rows.map(dataRow) });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`keyward inventory: ${name}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Credential inventory <span class="repo">${escapeHtml(name)}</span></h1>
<p class="meta">As of ${escapeHtml(inv.generatedAt.replace('T', ' ').slice(0, 16))} UTC · policy: ${escapeHtml(inv.policyFiles.length > 0 ? inv.policyFiles.map((f) => basename(f)).join(', ') : 'defaults')}${inv.complete ? '' : ' · <strong class="warn">the history scan was incomplete: credentials may be missing</strong>'}</p></header>
${cards(inv)}
<section class="chart"><h2>Credentials introduced per month</h2><p class="legend"><span class="key pushed"></span> pushed <span class="key local"></span> local only</p>${timelineSvg(perMonth(inv.rows))}</section>
<div class="grid">
${countTable('Provider', 'provider', countBy(inv.rows, (r) => r.provider))}
${countTable('Kind', 'kind', countBy(inv.rows, (r) => r.kind))}
${countTable('Risk', 'risk', countBy(inv.rows, (r) => r.risk))}
${countTable('Owner', 'owner', countBy(inv.rows, (r) => r.owner))}
</div>
${tableShell()}
<script type="application/json" id="inventory-data">${data}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

function cards(inv: Inventory): string {
  const c = inv.counts;
  const card = (key: string, label: string, n: number): string => `<div class="card card-${key}" data-count="${key}"><span class="n">${n.toLocaleString('en')}</span><span>${label}</span></div>`;
  return `<section class="cards">${[
    card('credentials', 'credentials', c.credentials),
    card('open', 'open', c.open),
    card('overdue', 'overdue', c.overdue),
    card('revoked', 'revoked', c.revoked),
    card('pushed', 'pushed', c.pushed),
    card('local', 'local only', c.local),
    card('atHead', 'at HEAD', c.atHead),
  ].join('')}</section>`;
}

const HEAD: Array<[string, string]> = [
  ['risk', 'Risk'], ['provider', 'Provider'], ['kind', 'Kind'], ['owner', 'Owner'], ['firstSeen', 'First seen'], ['author', 'Introduced by'],
  ['file', 'Path'], ['lastSeen', 'Last seen'], ['atHead', 'HEAD'], ['locations', 'Places'], ['pushed', 'Pushed'], ['ticket', 'Ticket'],
  ['status', 'Status'], ['deadline', 'Deadline'], ['fingerprint', 'Fingerprint'],
];

function tableShell(): string {
  const opts = (values: string[]): string => values.map((v) => `<option value="${v}">${v || 'all'}</option>`).join('');
  return `<section class="table"><h2>Credentials</h2>
<div class="controls"><input id="filter" type="search" placeholder="Filter: provider, owner, path, author, ticket…" aria-label="Filter">
<label>Status <select id="status">${opts(['', 'open', 'overdue', 'revoked'])}</select></label>
<label>Risk <select id="risk">${opts(['', 'critical', 'high', 'medium', 'low'])}</select></label>
<label>Pushed <select id="pushed"><option value="">all</option><option value="true">pushed</option><option value="false">local</option></select></label>
<span id="shown" data-matching=""></span><button id="prev" type="button">‹ prev</button><button id="next" type="button">next ›</button></div>
<table><thead><tr>${HEAD.map(([k, l]) => `<th data-col="${k}" aria-sort="none" tabindex="0">${l}</th>`).join('')}</tr></thead><tbody id="rows"></tbody></table></section>`;
}
