import * as assert from 'node:assert/strict';
import type { Finding, Recommendation } from '../../../src/shared/advisors';
import { costModel, DEFAULT_PER_REQUEST, HOURS_PER_MONTH, monthlyCost } from '../../../src/server/cost/models';
import { costReport, priorityOf, rank, REWRITE_GAIN } from '../../../src/server/cost/recommend';
import { requestVolume } from '../../../src/server/cost/volume';

const HOUR = 3_600_000;
const f = (kind: Finding['kind'], severity: Finding['severity'], object: string, evidence: Finding['evidence'] = {}): Finding => ({
  kind,
  category: 'performance',
  severity,
  title: kind,
  object,
  evidence,
});

describe('cost models', () => {
  it('uses the seed’s per-request defaults, shows the formula, and takes overrides from settings', () => {
    assert.deepEqual(DEFAULT_PER_REQUEST, { postgres: 0.0001, mysql: 0.0001, mongodb: 0.00015, firebase: 0.0002, supabase: 0.00008 });
    const m = costModel('supabase');
    assert.equal(m.source, 'default');
    assert.equal(m.perRequest, 0.00008);
    assert.match(m.formula ?? '', /requests per month × 0.00008 USD/);
    assert.equal(monthlyCost(m, 1_000_000), 80);
    const s = costModel('postgres', { perRequest: 0.00002 });
    assert.equal(s.source, 'settings');
    assert.equal(monthlyCost(s, 1_000_000), 20);
    const inst = costModel('postgres', { instancePerHour: 0.5 });
    assert.equal(inst.source, 'settings');
    assert.equal(monthlyCost(inst, null), Math.round(0.5 * HOURS_PER_MONTH * 100) / 100);
    assert.equal(monthlyCost(m, null), null, 'no volume, no per-request cost');
  });
});

describe('request volume from counter deltas', () => {
  it('extrapolates less than a day at the average rate and says so', () => {
    const v = requestVolume(
      [
        { at: 0, value: 1000 },
        { at: 2 * HOUR, value: 3000 },
      ],
      'Questions',
    );
    assert.ok(v);
    assert.equal(v.requestsPerMonth, Math.round(1000 * HOURS_PER_MONTH));
    assert.equal(v.hoursObserved, 2);
    assert.match(v.basis, /2 h observed.*average rate/);
  });
  it('treats a drop as a counter reset', () => {
    const v = requestVolume(
      [
        { at: 0, value: 5000 },
        { at: HOUR, value: 6000 },
        { at: 2 * HOUR, value: 500 },
      ],
      'xact',
    );
    assert.equal(v?.requestsPerMonth, Math.round(750 * HOURS_PER_MONTH));
  });
  it('with a full day observed, weights each hour of the day by its own rate', () => {
    // Busy 09:00-17:00 UTC (1000/h), quiet otherwise (100/h), two days sampled hourly.
    const samples = [{ at: 0, value: 0 }];
    for (let h = 1; h <= 48; h++) {
      const hourOfDay = (h - 1) % 24;
      samples.push({ at: h * HOUR, value: samples[h - 1].value + (hourOfDay >= 9 && hourOfDay < 17 ? 1000 : 100) });
    }
    const v = requestVolume(samples, 'xact');
    const daily = 8 * 1000 + 16 * 100;
    assert.equal(v?.requestsPerMonth, Math.round((daily * HOURS_PER_MONTH) / 24));
    assert.match(v?.basis ?? '', /each hour of the day/);
  });
  it('needs two readings', () => {
    assert.equal(requestVolume([{ at: 0, value: 1 }], 'x'), null);
  });
});

describe('recommendations and their ranking', () => {
  const samples = [
    { at: 0, value: 0 },
    { at: HOUR, value: 10_000 },
  ];
  const base = { provider: 'postgres' as const, samples, counterName: 'xact' };
  const current = Math.round(10_000 * HOURS_PER_MONTH * 0.0001 * 100) / 100;

  it('prices an index by the share of time of the statements on its table', () => {
    const r = costReport({
      ...base,
      findings: [f('missing_index', 'warning', 'public.orders', { seq_scan: 10, idx_scan: 0, rows: 50000 })],
      statements: [
        { id: '1', query: 'SELECT * FROM orders WHERE customer_id = $1', calls: 10, meanMs: 50, timeShare: 0.5, callShare: 0.01 },
        { id: '2', query: 'SELECT * FROM customers WHERE id = $1', calls: 10, meanMs: 1, timeShare: 0.1, callShare: 0.01 },
      ],
    });
    assert.equal(r.monthly.current, current);
    const rec = r.recommendations.find((x) => x.kind === 'query_optimization');
    assert.ok(rec);
    assert.equal(rec.monthlySavings, Math.round(current * 0.5 * REWRITE_GAIN * 100) / 100);
    assert.deepEqual(rec.basedOn, ['missing_index:public.orders', 'statement:1']);
    assert.equal(rec.priority, 'HIGH');
    assert.equal(r.monthly.optimized, Math.round((current - rec.monthlySavings) * 100) / 100);
    assert.ok(rec.roiMonths !== null && rec.roiMonths > 0);
  });

  it('pooling from churn saves the connection set-up share; saturation alone is a risk with no saving', () => {
    const churn = costReport({ ...base, findings: [f('connection_churn', 'warning', 'connections', { avg_session_ms: 3 })] });
    assert.equal(churn.recommendations[0].kind, 'pooling');
    assert.equal(churn.recommendations[0].monthlySavings, Math.round(current * 0.5 * 100) / 100);
    const sat = costReport({ ...base, findings: [f('connection_saturation', 'critical', 'max_connections')] });
    assert.equal(sat.recommendations[0].monthlySavings, 0);
    assert.equal(sat.recommendations[0].priority, 'HIGH');
    assert.equal(sat.recommendations[0].roiMonths, null);
  });

  it('storage clean-up prices reclaimable bytes; instance sizing only under the instance model', () => {
    const findings = [
      f('unused_index', 'info', 'public.a', { bytes: 4e9 }),
      f('table_bloat', 'warning', 'public.t', { wasted_bytes_estimate: 4e9 }),
    ];
    const r = costReport({ ...base, findings, settings: { storagePerGbMonth: 0.1 } });
    assert.equal(r.recommendations.find((x) => x.kind === 'storage_cleanup')?.monthlySavings, 0.8);
    assert.ok(!r.recommendations.some((x) => x.kind === 'instance_sizing'));
    const inst = costReport({
      ...base,
      findings: [],
      settings: { instancePerHour: 1 },
      connections: { peak: 3, max: 100 },
      cacheHitRate: 0.9995,
    });
    const sizing = inst.recommendations.find((x) => x.kind === 'instance_sizing');
    assert.equal(sizing?.monthlySavings, HOURS_PER_MONTH / 2);
  });

  it('ranks by priority, then ROI time (none last), then saving', () => {
    const rec = (over: Partial<Recommendation>): Recommendation => ({
      kind: 'caching',
      title: 't',
      priority: 'LOW',
      effort: 'low',
      impact: 'low',
      monthlySavings: 0,
      roiMonths: null,
      basedOn: [],
      ...over,
    });
    const list = [
      rec({ title: 'low', priority: 'LOW', roiMonths: 0.1, monthlySavings: 5 }),
      rec({ title: 'med-none', priority: 'MEDIUM', roiMonths: null }),
      rec({ title: 'high-slow', priority: 'HIGH', roiMonths: 5, monthlySavings: 100 }),
      rec({ title: 'high-fast', priority: 'HIGH', roiMonths: 1, monthlySavings: 50 }),
      rec({ title: 'med-fast', priority: 'MEDIUM', roiMonths: 2, monthlySavings: 10 }),
    ];
    assert.deepEqual(
      rank(list).map((r) => r.title),
      ['high-fast', 'high-slow', 'med-fast', 'med-none', 'low'],
    );
  });

  it('priority: HIGH at ≥ 10 % of the cost or on a critical finding, MEDIUM at ≥ 2 % or a warning', () => {
    assert.equal(priorityOf(0.1, []), 'HIGH');
    assert.equal(priorityOf(0, [f('txid_wraparound', 'critical', 'db')]), 'HIGH');
    assert.equal(priorityOf(0.02, []), 'MEDIUM');
    assert.equal(priorityOf(0, [f('unused_index', 'warning', 'x')]), 'MEDIUM');
    assert.equal(priorityOf(0.019, [f('unused_index', 'info', 'x')]), 'LOW');
  });

  it('without a volume the per-request cost is unknown and says why', () => {
    const r = costReport({ provider: 'mysql', samples: [], counterName: 'Questions', findings: [] });
    assert.equal(r.requestsPerMonth, null);
    assert.equal(r.monthly.current, null);
    assert.match(r.basis ?? '', /fewer than two readings of Questions/);
  });
});
