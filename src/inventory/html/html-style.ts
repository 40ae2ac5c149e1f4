/** The report's stylesheet (allowed by its hash in the page's Content-Security-Policy). */
export const STYLE = `
:root { --ink: #1d2430; --muted: #5d6776; --line: #e3e7ed; --bg: #f6f8fa; --pushed: #c2410c; --local: #94a3b8; --bar: #3b82f6; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h1 .repo { color: var(--muted); font-weight: 500; }
h2 { font-size: 16px; margin: 0 0 8px; } h3 { font-size: 13px; margin: 0 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.meta { color: var(--muted); margin: 0 0 16px; } .warn { color: var(--pushed); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 20px; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 110px; display: flex; flex-direction: column; }
.card .n { font-size: 24px; font-weight: 650; } .card span:last-child { color: var(--muted); }
.card-overdue .n { color: #b91c1c; } .card-revoked .n { color: #15803d; }
.chart { margin-bottom: 20px; } .legend { color: var(--muted); margin: 0 0 4px; }
.key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; } .key.pushed { background: var(--pushed); } .key.local { background: var(--local); }
svg.timeline { width: 100%; max-width: 1100px; height: auto; } svg.timeline text { font-size: 11px; fill: var(--muted); }
rect.pushed { fill: var(--pushed); } rect.local { fill: var(--local); } line.axis { stroke: var(--line); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; margin-bottom: 24px; }
.counts table { border-collapse: collapse; width: 100%; } .counts td { padding: 2px 6px 2px 0; }
.counts td.label { max-width: 180px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; } .counts td.n { text-align: right; font-variant-numeric: tabular-nums; }
.counts rect { fill: var(--bar); }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.controls input { padding: 6px 8px; min-width: 300px; border: 1px solid var(--line); border-radius: 6px; }
#shown { color: var(--muted); margin-left: auto; }
table { border-collapse: collapse; width: 100%; }
.table table { font-size: 13px; } .table th, .table td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
.table th { background: var(--bg); cursor: pointer; position: sticky; top: 0; user-select: none; }
.table th[aria-sort="ascending"]::after { content: " ▲"; } .table th[aria-sort="descending"]::after { content: " ▼"; }
td.path { max-width: 260px; overflow: hidden; text-overflow: ellipsis; } td.fp { font-family: ui-monospace, monospace; color: var(--muted); }
td.risk-critical { color: #7f1d1d; font-weight: 650; } td.risk-high { color: #b91c1c; } td.risk-medium { color: #b45309; }
td.status-overdue { color: #b91c1c; font-weight: 650; } td.status-revoked { color: #15803d; } td.pushed { color: var(--pushed); }
`;
