/**
 * The report's only script (plain ES2017, no dependency): reads the rows from the JSON data block,
 * filters, sorts and shows one page of them at a time, so 10,000 credentials cost 100 table rows
 * in the DOM. Every value goes in through textContent, never as markup.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('inventory-data').textContent);
  var C = data.columns.reduce(function (o, k, i) { o[k] = i; return o; }, {});
  var rows = data.rows;
  var RANK = { critical: 0, high: 1, medium: 2, low: 3 };
  var STATUS = { overdue: 0, open: 1, revoked: 2 };
  var PAGE = 100;
  var text = rows.map(function (r) {
    return [r[C.provider], r[C.kind], r[C.owner], r[C.author], r[C.file], r[C.remotes], r[C.ticket], r[C.fingerprint], r[C.title], r[C.rule]].join('\n').toLowerCase();
  });
  var st = { q: '', status: '', risk: '', pushed: '', sort: 'status', dir: 1, page: 0 };
  var view = [];
  var tbody = document.getElementById('rows');
  var shown = document.getElementById('shown');

  function keep(i) {
    var r = rows[i];
    if (st.status === 'open' && r[C.status] === 'revoked') return false;
    if (st.status && st.status !== 'open' && r[C.status] !== st.status) return false;
    if (st.risk && r[C.risk] !== st.risk) return false;
    if (st.pushed && String(r[C.pushed]) !== st.pushed) return false;
    return !st.q || text[i].indexOf(st.q) !== -1;
  }
  function key(r, col) {
    var v = r[C[col]];
    if (col === 'risk') return RANK[v] === undefined ? 9 : RANK[v];
    if (col === 'status') return (STATUS[v] === undefined ? 9 : STATUS[v]) * 1e15 + (r[C.deadline] ? Date.parse(r[C.deadline]) / 1e3 : 9e14);
    if (typeof v === 'boolean') return v ? 0 : 1;
    return v === null || v === undefined ? '' : v;
  }
  function apply() {
    view = [];
    for (var i = 0; i < rows.length; i++) if (keep(i)) view.push(i);
    var col = st.sort, dir = st.dir;
    var keys = new Map(view.map(function (i) { return [i, key(rows[i], col)]; }));
    view.sort(function (a, b) { var x = keys.get(a), y = keys.get(b); return (x < y ? -1 : x > y ? 1 : a - b) * dir; });
    st.page = Math.min(st.page, Math.max(0, Math.ceil(view.length / PAGE) - 1));
    render();
  }
  function td(tr, value, cls) {
    var el = document.createElement('td');
    el.textContent = value === undefined || value === null ? '' : String(value);
    if (cls) el.className = cls;
    tr.appendChild(el);
    return el;
  }
  function row(r) {
    var tr = document.createElement('tr');
    td(tr, r[C.risk], 'risk risk-' + r[C.risk]);
    td(tr, r[C.provider]);
    td(tr, r[C.kind]);
    td(tr, r[C.owner]);
    td(tr, (r[C.firstSeen] || '').slice(0, 10), 'date');
    td(tr, r[C.author]);
    td(tr, r[C.file], 'path');
    td(tr, (r[C.lastSeen] || '').slice(0, 10), 'date');
    td(tr, r[C.atHead] ? 'yes' : 'history', r[C.atHead] ? 'yes' : 'no');
    td(tr, r[C.locations], 'n');
    td(tr, r[C.pushed] ? 'pushed' + (r[C.remotes] ? ' (' + r[C.remotes] + ')' : '') : 'local', r[C.pushed] ? 'pushed' : 'local');
    var t = td(tr, r[C.ticket] ? '' : '–');
    if (r[C.ticket]) {
      var url = r[C.ticketUrl];
      var a = document.createElement(/^https?:\/\//.test(url || '') ? 'a' : 'span');
      a.textContent = r[C.ticket] + ' ' + r[C.ticketState];
      if (a.tagName === 'A') { a.href = url; a.rel = 'noreferrer noopener'; }
      t.appendChild(a);
    }
    td(tr, r[C.status], 'status status-' + r[C.status]);
    td(tr, (r[C.deadline] || '').slice(0, 10), 'date');
    td(tr, r[C.fingerprint].slice(0, 12), 'fp').title = r[C.fingerprint];
    return tr;
  }
  function render() {
    var from = st.page * PAGE, to = Math.min(view.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) frag.appendChild(row(rows[view[i]]));
    tbody.textContent = '';
    tbody.appendChild(frag);
    shown.dataset.matching = String(view.length);
    shown.textContent = (view.length ? (from + 1) + '–' + to + ' of ' : '') + view.length.toLocaleString('en') + ' matching (' + rows.length.toLocaleString('en') + ' credentials)';
    document.getElementById('prev').disabled = st.page === 0;
    document.getElementById('next').disabled = to >= view.length;
    document.querySelectorAll('th[data-col]').forEach(function (th) {
      th.setAttribute('aria-sort', th.dataset.col === st.sort ? (st.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
  }
  function on(id, ev, fn) { document.getElementById(id).addEventListener(ev, fn); }
  on('filter', 'input', function (e) { st.q = e.target.value.trim().toLowerCase(); st.page = 0; apply(); });
  on('status', 'change', function (e) { st.status = e.target.value; st.page = 0; apply(); });
  on('risk', 'change', function (e) { st.risk = e.target.value; st.page = 0; apply(); });
  on('pushed', 'change', function (e) { st.pushed = e.target.value; st.page = 0; apply(); });
  on('prev', 'click', function () { st.page--; render(); });
  on('next', 'click', function () { st.page++; render(); });
  document.querySelectorAll('th[data-col]').forEach(function (th) {
    th.addEventListener('click', function () {
      st.dir = st.sort === th.dataset.col ? -st.dir : 1;
      st.sort = th.dataset.col;
      apply();
    });
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); th.click(); } });
  });
  apply();
  document.body.dataset.ready = 'true';
})();
`;
