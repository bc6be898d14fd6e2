/**
 * The predictor with probe results that carry no metrics: liveness-only probes
 * (`metrics: { metrics_skipped: true }`, what the engine sends between two
 * metric reads) and results with `metrics: {}`. A missing metric must neither
 * reset nor bend a capacity trend, and the mix of cheaper liveness probes and
 * dearer metric probes must not read as a latency problem.
 */
import * as assert from 'node:assert/strict';
import type { ProbeResult } from '../../../src/shared/probe';
import { newPredictorState, predictFromState, updatePredictor, type PredictorState } from '../../../src/server/predict';
import { gaussian, probe, rng, T0 } from './simulate';

const S = 1000;
const LOOP_MS = 5 * S;
/** The engine's default: metrics once a minute, so 1 probe in 12 of a 5-second loop reads them. */
const EVERY = 12;

interface Loop {
  /** Every probe reads metrics. */
  full: ProbeResult[];
  /** The same probes as the engine sends them: metrics on 1 in 12, liveness (faster, no metrics) otherwise. */
  mixed: ProbeResult[];
}

/**
 * A 5-second probe loop over `minutes`; connections used follow `used(minute)`.
 * Metric probes take ~3 ms more than liveness probes (the statistics read).
 */
function loop(seed: number, minutes: number, used: (min: number) => number, max = 100): Loop {
  const r = rng(seed);
  const full: ProbeResult[] = [];
  const mixed: ProbeResult[] = [];
  const n = (minutes * 60 * S) / LOOP_MS;
  for (let i = 0; i < n; i++) {
    const t = T0 + i * LOOP_MS;
    const u = Math.max(0, Math.round(used((i * LOOP_MS) / 60_000) + 1.5 * gaussian(r)));
    const live = Math.max(1, 8 + 0.8 * gaussian(r));
    const metrics = { connections_used: u, max_connections: max, connections_reserved: 0 };
    full.push(probe(t, true, live + 3, metrics));
    mixed.push(i % EVERY === 0 ? probe(t, true, live + 3, metrics) : probe(t, true, live, { metrics_skipped: true }));
  }
  return { full, mixed };
}

function feed(results: ProbeResult[]): PredictorState {
  const s = newPredictorState('c', 'postgres');
  for (const r of results) updatePredictor(s, r);
  return s;
}

describe('predictor with results without metrics', () => {
  it('liveness results leave the capacity trend exactly as the metric results alone make it', () => {
    const { mixed } = loop(11, 120, (m) => 20 + 0.5 * m);
    const withLiveness = feed(mixed);
    const metricOnly = feed(mixed.filter((r) => !r.metrics.metrics_skipped));
    assert.ok(withLiveness.resources.connections, 'the connections resource is tracked');
    assert.deepEqual(withLiveness.resources, metricOnly.resources);
    assert.equal(withLiveness.checks, mixed.length, 'every liveness probe still counts as a check');
  });

  it('a connection leak seen once a minute is forecast like one seen on every probe', () => {
    // 20 → 100 connections at 0.5 per minute: the limit is reached at minute 160; look at minute 120.
    const { full, mixed } = loop(12, 120, (m) => 20 + 0.5 * m);
    const a = predictFromState(feed(full));
    const b = predictFromState(feed(mixed));
    const ttfA = a.prediction.time_to_failure_hours;
    const ttfB = b.prediction.time_to_failure_hours;
    assert.ok(ttfA !== null && ttfB !== null, `time to failure: every probe ${ttfA}, mixed ${ttfB}`);
    assert.ok(Math.abs(ttfB - 2 / 3) < 0.15, `mixed: ${ttfB} h, expected about 0.67 h`);
    assert.ok(Math.abs(ttfB - ttfA) < 0.1, `every probe ${ttfA} h vs mixed ${ttfB} h`);
    assert.equal(b.prediction.risk_level, a.prediction.risk_level);
    assert.match(b.prediction.root_cause, /[Cc]onnection/);
  });

  it('a healthy connection with mixed liveness and metric probes stays HEALTHY, latency stable, no anomaly alarm', () => {
    const { full, mixed } = loop(13, 6 * 60, () => 30);
    const p = predictFromState(feed(mixed));
    assert.equal(p.prediction.risk_level, 'HEALTHY', JSON.stringify(p));
    assert.notEqual(p.response_time_trend, 'degrading');
    assert.equal(p.prediction.time_to_failure_hours, null);
    const q = predictFromState(feed(full));
    assert.ok(
      p.prediction.failure_probability <= q.prediction.failure_probability + 5,
      `mixed ${p.prediction.failure_probability}% vs every probe ${q.prediction.failure_probability}%`,
    );
  });

  it('switching from metrics on every probe to metrics once a minute does not break a trend under way', () => {
    const { full } = loop(14, 120, (m) => 20 + 0.5 * m);
    const half = full.length / 2;
    // First hour: every probe read metrics (a 5-minute loop, or an older version); then the cadence applies.
    const switched = full.map((r, i) =>
      i < half || i % EVERY === 0 ? r : { ...r, timings: { totalMs: r.timings.totalMs - 3 }, metrics: { metrics_skipped: true } },
    );
    const a = predictFromState(feed(full));
    const b = predictFromState(feed(switched));
    assert.ok(a.prediction.time_to_failure_hours !== null && b.prediction.time_to_failure_hours !== null);
    assert.ok(
      Math.abs(a.prediction.time_to_failure_hours - b.prediction.time_to_failure_hours) < 0.1,
      `${a.prediction.time_to_failure_hours} vs ${b.prediction.time_to_failure_hours}`,
    );
    const last = feed(switched).resources.connections;
    assert.ok(last && last.lastUsed > 70, `last connections reading kept: ${last?.lastUsed}`);
  });

  it('results that never carry metrics (metrics: {}) give a prediction without capacity forecasts, not an error', () => {
    const results = Array.from({ length: 200 }, (_, i) => probe(T0 + i * LOOP_MS, true, 8, i % 2 ? {} : { metrics_skipped: true }));
    const s = feed(results);
    assert.deepEqual(s.resources, {});
    const p = predictFromState(s);
    assert.equal(p.prediction.risk_level, 'HEALTHY');
    assert.equal(p.prediction.time_to_failure_hours, null);
  });
});
