/**
 * The dashboard (webview side): per connection, the latency chart (raw
 * points up to 2 days, hourly p50/p95 beyond), uptime, errors by category,
 * the failure prediction and the live health. SVG drawn by hand from the
 * pure chart model.
 */
import type { ConnectionHealth } from '../../src/shared/health';
import type { ConnectionSummary, DashboardData, DashboardToHost, HostToDashboard } from '../../src/client/webviews/messages';
import { buildLatencyChart, DEFAULT_BOX, type LatencyChart } from '../../src/client/webviews/model/chart';
import {
  errorRows,
  isRangeId,
  predictionView,
  RANGE_LABELS,
  RANGES,
  uptimeRows,
  type RangeId,
} from '../../src/client/webviews/model/dashboardModel';
import {
  categoryLabel,
  formatAxisMs,
  formatConfidence,
  formatDateTime,
  formatMs,
  formatTick,
} from '../../src/client/webviews/model/format';
import { bridge } from './lib/vscodeApi';
import { add, byId, clear, h, s, stateBadge } from './lib/dom';

interface DashState {
  selected: string | null;
  range: RangeId;
}

const vscode = bridge<DashboardToHost, HostToDashboard, DashState>();
const app = document.getElementById('app') as HTMLElement;

let state: DashState = vscode.state() ?? { selected: null, range: '24h' };
let connections: ConnectionSummary[] = [];
let data: DashboardData | undefined;
let health: ConnectionHealth | undefined;
let busy = false;
let notice: string | undefined;

function select(id: string | null, range: RangeId): void {
  state = { selected: id, range };
  vscode.save(state);
  data = data && data.connectionId === id && data.range === range ? data : undefined;
  if (health?.connectionId !== id) health = undefined;
  render();
  if (id) vscode.post({ type: 'select', connectionId: id, range });
}

function toolbar(): HTMLElement {
  const sel = h(
    'select',
    { id: 'connection', 'aria-label': 'Connection', onChange: (e: Event) => select((e.target as HTMLSelectElement).value, state.range) },
    ...connections.map((c) => h('option', { value: c.id }, `${c.name} (${c.provider})`)),
  );
  sel.value = state.selected ?? '';
  const ranges = h(
    'div',
    { class: 'ranges', role: 'group', 'aria-label': 'Time range' },
    ...RANGES.map((r) =>
      h(
        'button',
        {
          type: 'button',
          class: r === state.range ? 'range active' : 'range',
          'aria-pressed': r === state.range ? 'true' : 'false',
          title: `Last ${RANGE_LABELS[r]}`,
          'data-range': r,
          onClick: () => select(state.selected, r),
        },
        r,
      ),
    ),
  );
  const id = state.selected;
  return h(
    'div',
    { class: 'toolbar' },
    sel,
    ranges,
    h('span', { class: 'spacer' }),
    busy ? h('span', { class: 'muted', role: 'status' }, 'Loading…') : null,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled: !id || busy,
        onClick: () => id && vscode.post({ type: 'probeNow', connectionId: id }),
      },
      'Probe now',
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', disabled: !id, onClick: () => id && vscode.post({ type: 'analyze', connectionId: id }) },
      'Analyze last error',
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', disabled: !id, onClick: () => id && vscode.post({ type: 'edit', connectionId: id }) },
      'Edit',
    ),
  );
}

function healthCard(): HTMLElement {
  const card = h('section', { class: 'card health', id: 'health', 'aria-live': 'polite' }, h('h2', {}, 'Now'));
  if (!health) {
    add(card, h('p', { class: 'muted' }, 'No probe result yet.'));
    return card;
  }
  const r = health.result;
  add(
    card,
    h(
      'p',
      { class: 'now' },
      stateBadge(health.state),
      r ? ` ${formatMs(r.timings.totalMs)}` : '',
      r
        ? h('span', { class: 'muted' }, ` · ${formatDateTime(r.startedAt, data?.offsetMs ?? -new Date().getTimezoneOffset() * 60_000)}`)
        : null,
    ),
  );
  if (health.skippedReason) add(card, h('p', { class: 'muted' }, health.skippedReason));
  if (health.breaker && health.breaker !== 'CLOSED')
    add(
      card,
      h('p', { class: 'warn' }, `Circuit breaker ${health.breaker === 'OPEN' ? 'open: probes paused' : 'half-open: trying again'}`),
    );
  if (r?.error) {
    add(card, h('p', {}, h('strong', {}, categoryLabel(r.error.category)), ' ', h('code', {}, r.error.category)));
    if (health.diagnosis)
      add(
        card,
        h(
          'p',
          { class: 'root-cause' },
          health.diagnosis.rootCause,
          h('span', { class: 'muted' }, ` (confidence ${formatConfidence(health.diagnosis.confidence)})`),
        ),
      );
  }
  for (const w of r?.warnings ?? []) add(card, h('p', { class: 'warn small' }, w));
  return card;
}

function chartSvg(c: LatencyChart, offsetMs: number): SVGSVGElement {
  const { width, height, left, right, top, bottom } = c.box;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'img',
    preserveAspectRatio: 'none',
    'aria-labelledby': 'chart-summary',
  });
  const grid = s('g', { class: 'grid' });
  for (const t of c.yTicks) {
    grid.append(s('line', { x1: left, x2: width - right, y1: t.at, y2: t.at }));
    grid.append(s('text', { x: left - 6, y: t.at + 4, 'text-anchor': 'end', class: 'axis' }, formatAxisMs(t.value)));
  }
  for (const t of c.xTicks) {
    grid.append(s('line', { x1: t.at, x2: t.at, y1: top, y2: height - bottom, class: 'v' }));
    grid.append(
      s('text', { x: t.at, y: height - bottom + 16, 'text-anchor': 'middle', class: 'axis' }, formatTick(t.value, c.xStep, offsetMs)),
    );
  }
  svg.append(grid);
  if (c.band) svg.append(s('path', { d: c.band, class: 'band' }));
  if (c.upperLine) svg.append(s('path', { d: c.upperLine, class: 'line p95' }));
  if (c.line) svg.append(s('path', { d: c.line, class: c.kind === 'hour' ? 'line p50' : 'line' }));
  const marks = s('g', { class: 'marks' });
  for (const m of c.degradedMarks)
    marks.append(
      s(
        'rect',
        { x: m.x - 1.5, y: top, width: 3, height: 6, class: 'mark degraded', opacity: Math.max(0.35, m.weight) },
        s('title', {}, `${formatDateTime(m.at, offsetMs)}: ${m.label}`),
      ),
    );
  for (const m of c.downMarks)
    marks.append(
      s(
        'rect',
        { x: m.x - 1.5, y: height - bottom - 8, width: 3, height: 8, class: 'mark down', opacity: Math.max(0.35, m.weight) },
        s('title', {}, `${formatDateTime(m.at, offsetMs)}: ${c.kind === 'raw' ? categoryLabel(m.label) : m.label}`),
      ),
    );
  svg.append(marks);
  return svg;
}

function chartCard(): HTMLElement {
  const card = h('section', { class: 'card chart-card' }, h('h2', {}, `Latency · last ${RANGE_LABELS[state.range]}`));
  if (!data) {
    add(card, h('p', { class: 'muted' }, busy ? 'Loading…' : 'No data.'));
    return card;
  }
  if (!data.series.ok) {
    add(card, h('p', { class: 'muted' }, `History unavailable: ${data.series.message}`));
    return card;
  }
  const holder = byId('chart-holder');
  const width = Math.max(320, Math.min(1600, Math.round(holder?.clientWidth || app.clientWidth - 40 || DEFAULT_BOX.width)));
  const c = buildLatencyChart(data.series.value, data.from, data.to, { ...DEFAULT_BOX, width }, data.offsetMs);
  const legend = h(
    'div',
    { class: 'legend' },
    c.kind === 'raw' ? h('span', { class: 'key line' }, 'latency per probe') : h('span', { class: 'key p50' }, 'hourly median (p50)'),
    c.kind === 'hour' ? h('span', { class: 'key band' }, 'p50–p95 band') : null,
    h('span', { class: 'key down' }, 'failed'),
    h('span', { class: 'key degraded' }, 'degraded'),
  );
  const summary =
    c.inputPoints === 0
      ? 'No probes in this window.'
      : c.kind === 'raw'
        ? `${c.inputPoints} probes, ${c.downMarks.length ? 'with failures' : 'no failures'}; scale up to ${formatAxisMs(c.yMax)}.`
        : `${c.inputPoints} hours with probes; scale up to ${formatAxisMs(c.yMax)}.`;
  add(
    card,
    legend,
    h(
      'div',
      { id: 'chart-holder', class: 'chart-holder' },
      c.inputPoints === 0 ? h('p', { class: 'muted' }, 'No probes in this window yet.') : chartSvg(c, data.offsetMs),
    ),
    h('p', { id: 'chart-summary', class: 'muted small' }, summary),
  );
  return card;
}

function uptimeCard(): HTMLElement {
  const card = h('section', { class: 'card uptime' }, h('h2', {}, 'Uptime'));
  if (data && !data.uptime.ok) {
    add(card, h('p', { class: 'muted' }, data.uptime.message));
    return card;
  }
  const rows = uptimeRows(data?.uptime.ok ? data.uptime.value : null);
  add(
    card,
    h(
      'div',
      { class: 'tiles' },
      ...rows.map((r) =>
        h(
          'div',
          { class: `tile ${r.tone}` },
          h('div', { class: 'tile-value' }, r.text),
          h('div', { class: 'tile-label' }, r.label),
          h('div', { class: 'muted small' }, r.detail),
        ),
      ),
    ),
  );
  return card;
}

function errorsCard(): HTMLElement {
  const card = h('section', { class: 'card errors' }, h('h2', {}, `Errors · last ${RANGE_LABELS[state.range]}`));
  if (data && !data.errors.ok) {
    add(card, h('p', { class: 'muted' }, data.errors.message));
    return card;
  }
  const rows = errorRows(data?.errors.ok ? data.errors.value : null);
  if (rows.length === 0) {
    add(card, h('p', { class: 'ok' }, data ? 'No errors in this window.' : '—'));
    return card;
  }
  const table = h(
    'table',
    { class: 'bars' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Category'),
        h('th', { scope: 'col' }, 'Count'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Share')),
      ),
    ),
  );
  const body = h('tbody', {});
  for (const r of rows) {
    const bar = h('div', { class: 'bar' });
    bar.style.width = `${Math.max(2, Math.round(r.share * 100))}%`;
    body.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row', title: r.category }, r.label),
        h('td', { class: 'num' }, r.count),
        h('td', { class: 'bar-cell', 'aria-label': `${Math.round(r.share * 100)}%` }, bar),
      ),
    );
  }
  table.append(body);
  add(card, table);
  return card;
}

function predictionCard(): HTMLElement {
  const card = h('section', { class: 'card prediction' }, h('h2', {}, 'Failure prediction'));
  if (data && !data.prediction.ok) {
    add(card, h('p', { class: 'muted' }, data.prediction.message));
    return card;
  }
  const p = data?.prediction.ok ? data.prediction.value : null;
  if (!p) {
    add(card, h('p', { class: 'muted' }, data ? 'No prediction yet: it needs probe history.' : '—'));
    return card;
  }
  const v = predictionView(p);
  add(
    card,
    h('p', {}, h('span', { class: `badge risk ${v.tone}` }, v.riskLabel), h('span', { class: 'muted' }, ` confidence ${v.confidence}`)),
    h(
      'div',
      { class: 'prob' },
      h('span', { class: 'prob-value' }, v.probability),
      h('span', { class: 'muted' }, ' probability of failure'),
      h('meter', {
        min: 0,
        max: 100,
        low: 40,
        high: 70,
        optimum: 0,
        value: v.probabilityValue,
        'aria-label': `Failure probability ${v.probability}`,
      }),
    ),
    h(
      'table',
      { class: 'kv' },
      h(
        'tbody',
        {},
        h('tr', {}, h('th', { scope: 'row' }, 'Time to failure'), h('td', {}, v.timeToFailure)),
        h('tr', {}, h('th', { scope: 'row' }, '90% interval'), h('td', {}, v.interval)),
        ...v.facts.map(([k, x]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, x))),
      ),
    ),
    h('p', { class: 'root-cause' }, h('strong', {}, 'Root cause: '), v.rootCause),
    v.actions.length
      ? h('div', {}, h('h3', {}, 'Preventive actions'), h('ol', { class: 'actions-list' }, ...v.actions.map((a) => h('li', {}, a))))
      : null,
  );
  return card;
}

function render(): void {
  clear(app);
  if (connections.length === 0) {
    add(app, h('h1', {}, 'DB Pulse Dashboard'), h('p', { class: 'muted' }, 'No connections yet. Add one with “DB Pulse: Add Connection”.'));
    return;
  }
  add(
    app,
    toolbar(),
    notice ? h('div', { class: 'banner bad', role: 'alert' }, notice) : null,
    h('div', { class: 'grid-cards' }, healthCard(), uptimeCard(), errorsCard(), chartCard(), predictionCard()),
  );
}

vscode.onMessage((m) => {
  switch (m.type) {
    case 'connections': {
      connections = m.list;
      const wanted = m.selected ?? state.selected;
      const id = connections.some((c) => c.id === wanted) ? wanted : (connections[0]?.id ?? null);
      const range = isRangeId(m.range) && !vscode.state() ? m.range : state.range;
      select(id, range);
      return;
    }
    case 'data':
      if (m.connectionId !== state.selected || m.range !== state.range) return;
      data = m;
      notice = undefined;
      render();
      return;
    case 'health':
      if (m.health.connectionId !== state.selected) return;
      health = m.health;
      {
        const card = byId('health');
        if (card) card.replaceWith(healthCard());
        else render();
      }
      return;
    case 'busy':
      busy = m.busy;
      render();
      return;
    case 'notice':
      notice = m.message;
      render();
      return;
  }
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => data && render(), 150);
});

render();
vscode.post({ type: 'ready' });
