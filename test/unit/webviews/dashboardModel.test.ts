import * as assert from 'node:assert/strict';
import type { Uptime } from '../../../src/shared/history';
import type { Prediction } from '../../../src/shared/prediction';
import {
  errorRows,
  predictionView,
  RANGE_MS,
  RANGES,
  RAW_WINDOW_LIMIT_MS,
  seriesParams,
  uptimeRows,
} from '../../../src/client/webviews/model/dashboardModel';

describe('webviews: dashboard model', () => {
  it('asks for raw points up to two days and hourly buckets beyond', () => {
    const now = 1_750_000_000_000;
    for (const r of RANGES) {
      const p = seriesParams('c', r, now);
      assert.equal(p.to, now);
      assert.equal(p.to - p.from, RANGE_MS[r]);
      assert.equal(p.resolution, RANGE_MS[r] <= RAW_WINDOW_LIMIT_MS ? 'raw' : 'hour');
    }
    assert.equal(seriesParams('c', '24h', now).resolution, 'raw');
    assert.equal(seriesParams('c', '7d', now).resolution, 'hour');
  });

  it('orders error counts by frequency with their share, dropping zeros', () => {
    const rows = errorRows({ timeout: 3, auth_failed: 6, conn_refused: 3, disk_full: 0 });
    assert.deepEqual(
      rows.map((r) => r.category),
      ['auth_failed', 'conn_refused', 'timeout'],
    );
    assert.equal(rows[0].label, 'Wrong user name or password');
    assert.ok(Math.abs(rows.reduce((s, r) => s + r.share, 0) - 1) < 1e-9);
    assert.deepEqual(errorRows(null), []);
    assert.deepEqual(errorRows({}), []);
  });

  it('shows uptime with tones, and a dash for a window without probes', () => {
    const fig = (percent: number | null, probes: number, down = 0) => ({ percent, probes, up: probes - down, degraded: 0, down });
    const u: Uptime = { connectionId: 'c', at: 0, h24: fig(100, 1440), d7: fig(99.5, 10080, 50), d30: fig(null, 0) };
    const rows = uptimeRows(u);
    assert.deepEqual(
      rows.map((r) => r.tone),
      ['ok', 'warn', 'none'],
    );
    assert.deepEqual(
      rows.map((r) => r.text),
      ['100%', '99.50%', '—'],
    );
    assert.match(rows[1].detail, /10080 probes · 50 failed/);
    assert.deepEqual(
      uptimeRows(undefined).map((r) => r.tone),
      ['none', 'none', 'none'],
    );
  });

  it('presents a prediction: risk, probability, time to failure with its interval', () => {
    const p: Prediction = {
      failure_rate: '5.2%',
      avg_response_time: '245ms',
      response_time_trend: 'degrading',
      prediction: {
        failure_probability: 82.4,
        time_to_failure_hours: 3.2,
        time_to_failure_interval_hours: [2, 5],
        root_cause: 'connections near max_connections',
        preventive_actions: ['Raise max_connections', 'Add a pooler'],
        confidence_score: 71,
        risk_level: 'IMMEDIATE_ACTION_REQUIRED',
      },
    };
    const v = predictionView(p);
    assert.equal(v.riskLabel, 'Immediate action required');
    assert.equal(v.tone, 'bad');
    assert.equal(v.probability, '82%');
    assert.equal(v.timeToFailure, '3.2 h');
    assert.equal(v.interval, '2–5 h');
    assert.equal(v.confidence, '71%');
    assert.deepEqual(v.actions, ['Raise max_connections', 'Add a pooler']);
    const none = predictionView({
      ...p,
      prediction: { ...p.prediction, time_to_failure_hours: null, time_to_failure_interval_hours: null, risk_level: 'HEALTHY' },
    });
    assert.equal(none.timeToFailure, 'nothing is running out');
    assert.equal(none.interval, '—');
    assert.equal(none.tone, 'ok');
  });
});
