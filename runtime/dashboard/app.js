// dondoc dashboard: plain JavaScript, no library, served from the binary. Pages are hash routes
// (#/, #/agency/ID, #/task/ID, #/timeline, #/graph, #/escalations, #/record); every page reads the
// JSON API and is drawn again when /healthz says the state changed (polled every 3 seconds).
'use strict';

const TEXT = {
  vi: {
    nav_overview: 'Tổng quan', nav_timeline: 'Tiến độ', nav_graph: 'Sơ đồ', nav_escalations: 'Đôn đốc', nav_record: 'Ghi sự việc',
    other_lang: 'English', plan: 'Kế hoạch', status_on: 'tình hình đến ngày', tasks: 'nhiệm vụ',
    summary: (o) => `${o.late.total} nhiệm vụ quá hạn, ${o.at_risk.total} có nguy cơ chậm, ${o.upcoming.total} đến hạn trong ${o.upcoming.days} ngày tới (đến ${vn(o.upcoming.until)}).`,
    by_agency: 'Theo cơ quan chủ trì', agency: 'Cơ quan', late: 'Quá hạn', at_risk: 'Nguy cơ chậm', total: 'Tổng',
    late_tasks: 'Nhiệm vụ quá hạn', risk_tasks: 'Nhiệm vụ có nguy cơ chậm', upcoming: 'Đến hạn trong 30 ngày tới',
    id: 'Mã', title: 'Nội dung', lead: 'Chủ trì', support: 'Phối hợp', status: 'Trạng thái', due: 'Hạn', days_late: 'Số ngày quá hạn',
    root_cause: 'Nguyên nhân gốc', none: 'Không có.', more: (n) => `… và ${n} nhiệm vụ khác`,
    leads_tasks: 'Nhiệm vụ chủ trì', supports_tasks: 'Nhiệm vụ phối hợp', deliverable: 'Sản phẩm', reference: 'Căn cứ',
    section: 'Mục', projected: 'Dự kiến xong', started: 'Bắt đầu', done: 'Hoàn thành', how_dates: 'Cách tính ngày',
    waits_for: 'Chờ (điều kiện bắt đầu)', depends_on: 'Phụ thuộc', wakes: 'Được chờ bởi', dependents: 'Bị phụ thuộc bởi',
    facts: 'Sự việc đã ghi', escalations: 'Các lần đôn đốc', date: 'Ngày', kind: 'Loại', to: 'Gửi đến', message: 'Nội dung',
    deliveries: 'Tình trạng gửi', timeline_title: 'Tiến độ các nhiệm vụ có thời hạn', graph_title: 'Sơ đồ phụ thuộc',
    graph_note: 'Chỉ vẽ các nhiệm vụ và sự kiện có quan hệ phụ thuộc; màu theo trạng thái.',
    esc_title: 'Nhật ký đôn đốc', esc_summary: (n, f, s) => `${n} lần đôn đốc, ${f} lần chưa gửi xong; kênh gửi: ${s}.`, record_title: 'Ghi sự việc', fact_text: 'Sự việc (mỗi dòng một sự việc, như trong nhật ký)',
    fact_hint: 'Ví dụ: hoàn thành II.3 ngày 20/03/2023 { văn bản "Tờ trình số 45/TTr-SXD" }', by: 'Người ghi',
    token: 'Mã cho phép ghi', submit: 'Ghi', recorded: 'Đã ghi', writes_off: 'Máy chủ chưa bật ghi (khởi động với --token-file).',
    not_found: 'Không tìm thấy trang.', error: 'Lỗi', seq: 'Số', text: 'Nội dung ghi', recorded_at: 'Lúc ghi',
    today_line: 'hôm nay', event: 'sự kiện',
    status_names: { waiting: 'Chờ điều kiện', not_due: 'Chưa đến hạn', due_soon: 'Sắp đến hạn', overdue: 'Đang thực hiện quá hạn',
      at_risk: 'Có nguy cơ chậm', done_on_time: 'Hoàn thành đúng hạn', done_late: 'Hoàn thành quá hạn', ongoing: 'Thường xuyên',
      waived: 'Dừng / điều chỉnh', happened: 'Đã xảy ra', expected: 'Chưa xảy ra', delivered: 'Đã gửi', failing: 'Gửi lỗi',
      pending: 'Chờ gửi' },
    categories: { in_progress_on_time: 'Đang thực hiện trong hạn', in_progress_late: 'Đang thực hiện quá hạn',
      done_on_time: 'Hoàn thành đúng hạn', done_late: 'Hoàn thành quá hạn' },
  },
  en: {
    nav_overview: 'Overview', nav_timeline: 'Timeline', nav_graph: 'Graph', nav_escalations: 'Escalations', nav_record: 'Record a fact',
    other_lang: 'Tiếng Việt', plan: 'Plan', status_on: 'status on', tasks: 'tasks',
    summary: (o) => `${o.late.total} tasks overdue, ${o.at_risk.total} at risk, ${o.upcoming.total} due in the next ${o.upcoming.days} days (until ${o.upcoming.until}).`,
    by_agency: 'By lead agency', agency: 'Agency', late: 'Overdue', at_risk: 'At risk', total: 'Total',
    late_tasks: 'Overdue tasks', risk_tasks: 'Tasks at risk', upcoming: 'Due in the next 30 days',
    id: 'Id', title: 'Task', lead: 'Lead', support: 'Support', status: 'Status', due: 'Due', days_late: 'Days late',
    root_cause: 'Root cause', none: 'None.', more: (n) => `… and ${n} more`,
    leads_tasks: 'Tasks it leads', supports_tasks: 'Tasks it supports', deliverable: 'Deliverable', reference: 'Legal reference',
    section: 'Section', projected: 'Projected finish', started: 'Started', done: 'Done', how_dates: 'How the dates were derived',
    waits_for: 'Waits for (start condition)', depends_on: 'Depends on', wakes: 'Waited on by', dependents: 'Needed by',
    facts: 'Recorded facts', escalations: 'Escalations', date: 'Date', kind: 'Kind', to: 'To', message: 'Message',
    deliveries: 'Delivery', timeline_title: 'Timeline of the tasks with a deadline', graph_title: 'Dependency graph',
    graph_note: 'Only tasks and events with dependencies are drawn; colours follow the status.',
    esc_title: 'Escalation log', esc_summary: (n, f, s) => `${n} escalations, ${f} not yet delivered everywhere; sinks: ${s}.`, record_title: 'Record a fact', fact_text: 'Facts (one a line, as in a journal)',
    fact_hint: 'E.g. done II.3 on 2023-03-20 { reference "Tờ trình số 45/TTr-SXD" }', by: 'Recorded by',
    token: 'Write token', submit: 'Record', recorded: 'Recorded', writes_off: 'Writes are off on this server (start it with --token-file).',
    not_found: 'No such page.', error: 'Error', seq: 'Seq', text: 'Text', recorded_at: 'Recorded at',
    today_line: 'today', event: 'event',
    status_names: { waiting: 'Waiting', not_due: 'Not yet due', due_soon: 'Due soon', overdue: 'Overdue', at_risk: 'At risk',
      done_on_time: 'Done on time', done_late: 'Done late', ongoing: 'Ongoing', waived: 'Waived', happened: 'Happened',
      expected: 'Expected', delivered: 'Delivered', failing: 'Failing', pending: 'Pending' },
    categories: { in_progress_on_time: 'In progress, on time', in_progress_late: 'In progress, late', done_on_time: 'Done on time',
      done_late: 'Done late' },
  },
};

let lang = localStorage.getItem('dondoc.lang') === 'en' ? 'en' : 'vi';
let session = null;
let stamp = '';
const t = (k) => TEXT[lang][k];
const main = () => document.getElementById('main');

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
/// 2023-03-20 → 20/03/2023 in Vietnamese, ISO in English.
function vn(iso) {
  if (!iso) return '—';
  return lang === 'vi' ? iso.split('-').reverse().join('/') : iso;
}
const date = vn;
const badge = (s) => `<span class="st ${esc(s)}">${esc(t('status_names')[s] || s)}</span>`;
const taskLink = (id) => `<a href="#/task/${encodeURIComponent(id)}">${esc(id)}</a>`;
const agencyLink = (id) => `<a href="#/agency/${encodeURIComponent(id)}">${esc(id)}</a>`;

async function api(path, options) {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${path}${sep}lang=${lang}`, options);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw Object.assign(new Error(body.error || res.statusText), { status: res.status });
  return body;
}

function taskTable(rows, total) {
  if (!rows.length) return `<p class="muted">${t('none')}</p>`;
  let h = `<table><tr><th>${t('id')}</th><th>${t('title')}</th><th>${t('lead')}</th><th>${t('status')}</th><th>${t('due')}</th><th>${t('root_cause')}</th></tr>`;
  for (const r of rows) {
    const late = r.days_late ? ` <span class="late-n">+${r.days_late}</span>` : '';
    h += `<tr><td>${taskLink(r.id)}</td><td>${esc(r.title)}</td><td>${(r.lead || []).map(agencyLink).join(', ')}</td>` +
      `<td>${badge(r.status)}${late}</td><td>${date(r.due)}</td><td>${r.root_cause ? taskLink(r.root_cause) : ''}</td></tr>`;
  }
  h += '</table>';
  if (total > rows.length) h += `<p class="muted">${t('more')(total - rows.length)}</p>`;
  return h;
}

function categoryCells(c) {
  return Object.keys(TEXT.vi.categories).map((k) => `<td class="n">${c[k]}</td>`).join('');
}

async function overview() {
  const o = await api('/api/overview');
  const cats = t('categories');
  let h = `<h1>${t('plan')} ${esc(o.plan.number || o.plan.id)} — ${t('status_on')} ${date(o.at)}</h1>`;
  h += `<p class="summary" id="summary">${esc(t('summary')(o))}</p><div class="cards">`;
  for (const k of Object.keys(cats)) h += `<div class="card"><b>${o.categories[k]}</b>${esc(cats[k])}</div>`;
  h += `</div><h2>${t('by_agency')}</h2><table><tr><th>${t('agency')}</th>`;
  for (const k of Object.keys(cats)) h += `<th>${esc(cats[k])}</th>`;
  h += `<th>${t('late')}</th><th>${t('at_risk')}</th><th>${t('total')}</th></tr>`;
  for (const a of o.agencies) {
    h += `<tr><td>${agencyLink(a.id)} <span class="muted">${esc(a.name)}</span></td>${categoryCells(a.categories)}` +
      `<td class="n ${a.late ? 'late-n' : ''}">${a.late}</td><td class="n ${a.at_risk ? 'risk-n' : ''}">${a.at_risk}</td><td class="n">${a.tasks}</td></tr>`;
  }
  h += `</table><h2>${t('late_tasks')} (${o.late.total})</h2>${taskTable(o.late.tasks, o.late.total)}`;
  h += `<h2>${t('risk_tasks')} (${o.at_risk.total})</h2>${taskTable(o.at_risk.tasks, o.at_risk.total)}`;
  h += `<h2>${t('upcoming')} (${o.upcoming.total})</h2>${taskTable(o.upcoming.tasks, o.upcoming.total)}`;
  return h;
}

async function agency(id) {
  const a = await api(`/api/agencies/${encodeURIComponent(id)}`);
  const cats = t('categories');
  let h = `<h1>${esc(a.id)} — ${esc(a.name)}</h1><p class="summary">${a.leads.length} ${t('tasks')} (${t('lead').toLowerCase()}), ` +
    `${a.leads.filter((r) => r.status === 'overdue').length} ${t('late').toLowerCase()}, ${t('status_on')} ${date(a.at)}.</p><div class="cards">`;
  for (const k of Object.keys(cats)) h += `<div class="card"><b>${a.categories[k]}</b>${esc(cats[k])}</div>`;
  h += `</div><h2>${t('leads_tasks')}</h2>${taskTable(a.leads, a.leads.length)}`;
  h += `<h2>${t('supports_tasks')}</h2>${taskTable(a.supports, a.supports.length)}`;
  return h;
}

function nodeList(rows) {
  if (!rows.length) return `<span class="muted">${t('none')}</span>`;
  return rows.map((r) => `${r.event ? `${esc(r.id)} (${t('event')})` : taskLink(r.id)} ${badge(r.status)}`).join('<br>');
}

async function task(id) {
  const k = await api(`/api/tasks/${encodeURIComponent(id)}`);
  const late = k.days_late ? ` — ${t('days_late').toLowerCase()}: <span class="late-n">${k.days_late}</span>` : '';
  let h = `<h1>${esc(k.id)} — ${esc(k.title)}</h1><p class="summary" id="task-status">${badge(k.status)} ${t('due')} ${date(k.due)}${late}</p>`;
  const agencies = (list) => list.map((a) => `${agencyLink(a.id)} ${esc(a.name)}`).join('<br>') || '—';
  h += `<dl><dt>${t('section')}</dt><dd>${k.sections.map((s) => esc(`${s.id} ${s.title || ''}`)).join(' › ') || '—'}</dd>` +
    `<dt>${t('lead')}</dt><dd>${agencies(k.leads)}</dd><dt>${t('support')}</dt><dd>${agencies(k.support)}</dd>` +
    `<dt>${t('deliverable')}</dt><dd>${esc(k.deliverable || '—')}</dd><dt>${t('reference')}</dt><dd>${esc(k.reference || '—')}</dd>` +
    `<dt>${t('started')}</dt><dd>${date(k.started)}</dd><dt>${t('projected')}</dt><dd>${date(k.projected)}</dd>` +
    `<dt>${t('done')}</dt><dd>${date(k.done)}</dd>` +
    `<dt>${t('waits_for')}</dt><dd>${nodeList(k.waits_for)}</dd><dt>${t('depends_on')}</dt><dd>${nodeList(k.depends_on)}</dd>` +
    `<dt>${t('wakes')}</dt><dd>${nodeList(k.wakes)}</dd><dt>${t('dependents')}</dt><dd>${nodeList(k.dependents)}</dd></dl>`;
  h += `<h2>${t('how_dates')}</h2><pre>${esc(k.explain)}</pre><h2>${t('facts')}</h2>`;
  h += k.facts.length ? `<table id="facts"><tr><th>${t('seq')}</th><th>${t('text')}</th><th>${t('by')}</th><th>${t('recorded_at')}</th></tr>` +
    k.facts.map((f) => `<tr><td>${f.seq}</td><td>${esc(f.text)}</td><td>${esc(f.recorded_by)}</td><td>${esc(f.recorded_at)}</td></tr>`).join('') + '</table>'
    : `<p class="muted">${t('none')}</p>`;
  h += `<h2>${t('escalations')}</h2>`;
  h += k.escalations.length ? `<table><tr><th>${t('date')}</th><th>${t('kind')}</th><th>${t('to')}</th><th>${t('message')}</th></tr>` +
    k.escalations.map((e) => `<tr><td>${date(e.plan_date)}</td><td>${esc(e.kind)}</td><td>${esc(e.recipient)}</td><td>${esc(e.message || '')}</td></tr>`).join('') + '</table>'
    : `<p class="muted">${t('none')}</p>`;
  return h;
}

const COLOURS = { overdue: '#d92d20', at_risk: '#f79009', due_soon: '#fdb022', done_on_time: '#12b76a', done_late: '#6ce9a6',
  not_due: '#84adff', waiting: '#d0d5dd', ongoing: '#b692f6', waived: '#98a2b3', happened: '#12b76a', late: '#d92d20', expected: '#d0d5dd' };

function days(iso) { return Date.parse(`${iso}T00:00:00Z`) / 86400000; }

async function timeline() {
  const s = await api('/api/status');
  const rows = s.tasks.filter((r) => r.due).sort((a, b) => a.due.localeCompare(b.due)).slice(0, 400);
  if (!rows.length) return `<h1>${t('timeline_title')}</h1><p class="muted">${t('none')}</p>`;
  const first = Math.min(...rows.map((r) => days(r.started || r.due)), days(s.at));
  const last = Math.max(...rows.map((r) => days(r.projected || r.due)), days(s.at));
  const W = 1100, L = 90, H = 16, x = (d) => L + ((d - first) / Math.max(1, last - first)) * (W - L - 10);
  let svg = `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${rows.length * H + 40}">`;
  for (let y = new Date(first * 86400000).getUTCFullYear(); y <= new Date(last * 86400000).getUTCFullYear() + 1; ++y) {
    const d = days(`${y}-01-01`);
    if (d < first || d > last) continue;
    svg += `<line x1="${x(d)}" x2="${x(d)}" y1="14" y2="${rows.length * H + 30}" stroke="#eaecf0"/><text x="${x(d) + 2}" y="12">${y}</text>`;
  }
  rows.forEach((r, i) => {
    const y = 24 + i * H, a = x(days(r.started || r.due)), b = x(days(r.due));
    svg += `<a href="#/task/${encodeURIComponent(r.id)}"><text x="2" y="${y + 10}">${esc(r.id)}</text>` +
      `<rect x="${Math.min(a, b)}" y="${y}" width="${Math.max(3, Math.abs(b - a))}" height="${H - 4}" fill="${COLOURS[r.status] || '#ccc'}">` +
      `<title>${esc(`${r.id} ${r.title} — ${t('status_names')[r.status]} — ${t('due')} ${date(r.due)}`)}</title></rect></a>`;
  });
  svg += `<line x1="${x(days(s.at))}" x2="${x(days(s.at))}" y1="14" y2="${rows.length * H + 30}" stroke="#1d3557" stroke-dasharray="4 3"/>` +
    `<text x="${x(days(s.at)) + 3}" y="${rows.length * H + 38}">${t('today_line')} ${date(s.at)}</text></svg>`;
  return `<h1>${t('timeline_title')}</h1><div class="picture">${svg}</div>`;
}

async function graph() {
  const [plan, s] = await Promise.all([api('/api/plan'), api('/api/status')]);
  const status = {};
  for (const r of s.tasks) status[r.id] = r.status;
  for (const e of s.events) status[e.id] = e.happened ? 'happened' : e.late ? 'late' : 'expected';
  const titles = {};
  for (const k of plan.tasks.concat(plan.events)) titles[k.id] = k.title;
  const nodes = [...new Set(plan.edges.flatMap((e) => [e.from, e.to]))];
  // Layers by the longest path from a node without predecessors (the edges form no cycle: `check` refuses one).
  const layer = Object.fromEntries(nodes.map((n) => [n, 0]));
  for (let pass = 0; pass < nodes.length; ++pass) {
    let moved = false;
    for (const e of plan.edges) if (layer[e.to] < layer[e.from] + 1) { layer[e.to] = layer[e.from] + 1; moved = true; }
    if (!moved) break;
  }
  const columns = [];
  for (const n of nodes) (columns[layer[n]] ||= []).push(n);
  const CW = 170, RH = 34, pos = {};
  columns.forEach((col, c) => col.forEach((n, r) => { pos[n] = { x: 10 + c * CW, y: 10 + r * RH }; }));
  const height = Math.max(...columns.map((c) => c.length)) * RH + 20;
  let svg = `<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="${columns.length * CW + 20}" height="${height}">` +
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#667085"/></marker></defs>';
  for (const e of plan.edges) {
    const a = pos[e.from], b = pos[e.to];
    svg += `<line x1="${a.x + 130}" y1="${a.y + 12}" x2="${b.x}" y2="${b.y + 12}" stroke="#98a2b3" marker-end="url(#arrow)" ${e.kind === 'depends_on' ? '' : 'stroke-dasharray="4 3"'}/>`;
  }
  for (const n of nodes) {
    const p = pos[n], link = plan.tasks.some((k) => k.id === n);
    const box = `<rect x="${p.x}" y="${p.y}" width="130" height="24" rx="${link ? 3 : 12}" fill="${COLOURS[status[n]] || '#eee'}" stroke="#475467"/>` +
      `<text x="${p.x + 6}" y="${p.y + 16}">${esc(n)}</text><title>${esc(`${n} ${titles[n] || ''} — ${t('status_names')[status[n]] || ''}`)}</title>`;
    svg += link ? `<a href="#/task/${encodeURIComponent(n)}">${box}</a>` : `<g>${box}</g>`;
  }
  svg += '</svg>';
  return `<h1>${t('graph_title')}</h1><p class="muted">${t('graph_note')}</p><div class="picture">${svg}</div>`;
}

async function escalations() {
  const r = await api('/api/escalations');
  const failing = r.escalations.filter((e) => e.deliveries.some((d) => d.state !== 'delivered')).length;
  let h = `<h1>${t('esc_title')}</h1><p class="summary">${esc(t('esc_summary')(r.escalations.length, failing, r.sinks.join(', ') || '—'))}</p>`;
  if (!r.escalations.length) return h + `<p class="muted">${t('none')}</p>`;
  h += `<table><tr><th>${t('seq')}</th><th>${t('date')}</th><th>${t('kind')}</th><th>${t('id')}</th><th>${t('to')}</th><th>${t('message')}</th><th>${t('deliveries')}</th></tr>`;
  for (const e of r.escalations.slice().reverse()) {
    const d = e.deliveries.map((x) => `${esc(x.sink)}: ${badge(x.state)}${x.last_error ? ` <span class="muted">${esc(x.last_error)}</span>` : ''}`).join('<br>');
    h += `<tr><td>${e.seq}</td><td>${date(e.plan_date)}</td><td>${esc(e.kind)}</td><td>${e.task ? taskLink(e.task) : ''}</td>` +
      `<td>${esc(e.recipient)}</td><td>${esc(e.payload.message || '')}</td><td>${d}</td></tr>`;
  }
  return h + '</table>';
}

function record() {
  const off = session && !session.writes ? `<p class="msg error">${t('writes_off')}</p>` : '';
  return `<h1>${t('record_title')}</h1>${off}<form id="record-form">` +
    `<label>${t('fact_text')}<textarea name="facts" required placeholder="${esc(t('fact_hint'))}"></textarea></label>` +
    `<label>${t('by')}<input name="by" autocomplete="name"></label>` +
    `<label>${t('token')}<input name="token" type="password" autocomplete="current-password" required></label>` +
    `<button class="primary" type="submit">${t('submit')}</button><div id="record-result"></div></form>`;
}

async function submitRecord(form) {
  const out = document.getElementById('record-result');
  const token = form.token.value.trim();
  sessionStorage.setItem('dondoc.token', token);
  try {
    const r = await api(`/api/facts?by=${encodeURIComponent(form.by.value)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8', Authorization: `Bearer ${token}`, 'X-Dondoc-Form': session.form_token },
      body: form.facts.value,
    });
    out.className = 'msg ok';
    out.innerHTML = r.recorded.map((f) => `${t('recorded')} #${f.seq}: ${esc(f.text)}`).join('<br>');
    form.facts.value = '';
  } catch (e) {
    out.className = 'msg error';
    out.textContent = `${t('error')} ${e.status || ''}: ${e.message}`;
  }
}

async function render() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const page = parts[0] || '';
  const arg = decodeURIComponent(parts.slice(1).join('/'));
  document.documentElement.lang = lang;
  document.getElementById('lang').textContent = t('other_lang');
  for (const a of document.querySelectorAll('[data-t]')) a.textContent = t(a.dataset.t);
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.getAttribute('href') === `#/${page || ''}`);
  const pages = { '': overview, agency: () => agency(arg), task: () => task(arg), timeline, graph, escalations, record };
  const fn = pages[page || ''];
  try {
    main().innerHTML = fn ? await fn() : `<p>${t('not_found')}</p>`;
  } catch (e) {
    main().innerHTML = `<p class="msg error">${t('error')} ${e.status || ''}: ${esc(e.message)}</p>`;
  }
  const form = document.getElementById('record-form');
  if (form) {
    form.token.value = sessionStorage.getItem('dondoc.token') || '';
    form.addEventListener('submit', (ev) => { ev.preventDefault(); submitRecord(form); });
  }
}

async function poll() {
  try {
    const h = await api('/healthz');
    const now = `${h.day} ${h.facts} ${h.rules_version}`;
    document.getElementById('footer').textContent = `dondoc — ${h.day} — rules ${h.rules_version} (${h.rules_hash})`;
    if (stamp && now !== stamp && !document.getElementById('record-form')) render();
    stamp = now;
  } catch (e) { /* the daemon is restarting: try again at the next poll */ }
}

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem('dondoc.lang', lang);
  render();
});
window.addEventListener('hashchange', render);
api('/api/session').then((s) => { session = s; }).catch(() => {}).finally(() => { render(); poll(); setInterval(poll, 3000); });
