/**
 * MetricsCadence (pure): when a probe reads health metrics and when it only
 * checks liveness, from the last collection time and the interval.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ProbeResult } from '../../../src/shared/probe';
import {
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_METRICS_SLACK_MS,
  MetricsCadence,
  metricsCollected,
  metricsSkipped,
} from '../../../src/server/probes/metricsCadence';
import { livenessOutcome, wantsMetrics } from '../../../src/server/probes/liveness';

const S = 1000;
const withMetrics: Pick<ProbeResult, 'state' | 'metrics'> = { state: 'up', metrics: { connections_used: 3, max_connections: 100 } };
const liveness: Pick<ProbeResult, 'state' | 'metrics'> = { state: 'up', metrics: { metrics_skipped: true } };
const down: Pick<ProbeResult, 'state' | 'metrics'> = { state: 'down', metrics: {} };

/** Runs a probe loop at the given start times; each probe collects when due. Returns the times that collected. */
function loop(cadence: MetricsCadence, id: string, times: number[], outcome: (t: number) => 'ok' | 'down' = () => 'ok'): number[] {
  const collected: number[] = [];
  for (const t of times) {
    const due = cadence.due(id, t);
    const result = outcome(t) === 'down' ? down : due ? withMetrics : liveness;
    if (due && result !== down) collected.push(t);
    cadence.record(id, t, result);
  }
  return collected;
}

describe('probes/metricsCadence', () => {
  it('defaults to metrics at most once a minute, 1 s timer slack', () => {
    const c = new MetricsCadence();
    assert.equal(c.intervalMs, DEFAULT_METRICS_INTERVAL_MS);
    assert.equal(DEFAULT_METRICS_INTERVAL_MS, 60 * S);
    assert.equal(c.slackMs, DEFAULT_METRICS_SLACK_MS);
  });

  it('a 5-second probe loop reads metrics on the first probe and then once every 60 s (1 probe in 12)', () => {
    const c = new MetricsCadence();
    const times = Array.from({ length: 120 }, (_, i) => 1_000_000 + i * 5 * S); // 10 minutes
    const collected = loop(c, 'a', times);
    assert.deepEqual(
      collected.map((t) => (t - times[0]) / S),
      [0, 60, 120, 180, 240, 300, 360, 420, 480, 540],
    );
  });

  it('a probe every 5 minutes reads metrics every time', () => {
    const c = new MetricsCadence();
    const times = Array.from({ length: 12 }, (_, i) => i * 300 * S);
    assert.deepEqual(loop(c, 'a', times), times);
  });

  it('a probe every interval reads metrics every time even when its timer fired late the time before', () => {
    const c = new MetricsCadence();
    // Due every 60 s; the second timer fired 40 ms late, the third on time: 59.96 s apart.
    assert.deepEqual(loop(c, 'a', [0, 60_040, 120_000]), [0, 60_040, 120_000]);
  });

  it('extra slack (cron ticks with jitter) keeps a once-a-minute schedule collecting every time', () => {
    const c = new MetricsCadence();
    assert.equal(c.due('a', 0), true);
    c.record('a', 0, withMetrics);
    // Next cron tick 55 s later (the previous one was jittered by 5 s).
    assert.equal(c.due('a', 55 * S), false);
    assert.equal(c.due('a', 55 * S, 5 * S), true);
  });

  it('a liveness-only probe changes nothing; a failed one makes the next probe read metrics (first figures after an outage)', () => {
    const c = new MetricsCadence();
    assert.equal(c.due('a', 0), true);
    c.record('a', 0, down);
    assert.equal(c.lastCollectedAt('a'), undefined);
    assert.equal(c.due('a', 5 * S), true);
    c.record('a', 5 * S, withMetrics);
    assert.equal(c.lastCollectedAt('a'), 5 * S);
    assert.equal(c.due('a', 10 * S), false);
    c.record('a', 10 * S, liveness);
    assert.equal(c.lastCollectedAt('a'), 5 * S);
    assert.equal(c.due('a', 15 * S), false);
    c.record('a', 15 * S, down);
    assert.equal(c.due('a', 20 * S), true, 'back after a failure: read metrics now');
    // A provider that ignored the request and read metrics anyway counts as collected.
    c.record('a', 20 * S, withMetrics);
    assert.equal(c.lastCollectedAt('a'), 20 * S);
    // A degraded result (some metrics refused) did read metrics.
    c.record('a', 80 * S, { state: 'degraded', metrics: { connections_used: null } });
    assert.equal(c.lastCollectedAt('a'), 80 * S);
  });

  it('keeps connections apart and forgets one on request', () => {
    const c = new MetricsCadence();
    c.record('a', 0, withMetrics);
    assert.equal(c.due('a', 1 * S), false);
    assert.equal(c.due('b', 1 * S), true);
    c.forget('a');
    assert.equal(c.due('a', 1 * S), true);
    assert.equal(c.size, 0);
  });

  it('a clock that went backwards makes metrics due, and the interval restarts from the new time', () => {
    const c = new MetricsCadence();
    c.record('a', 1_000_000, withMetrics);
    assert.equal(c.due('a', 500_000), true);
    c.record('a', 500_000, withMetrics);
    assert.equal(c.due('a', 510_000), false);
    assert.equal(c.due('a', 560_000), true);
  });

  it('interval 0 reads metrics on every probe; bad settings are refused with a clear message', () => {
    const c = new MetricsCadence({ intervalMs: 0 });
    c.record('a', 0, withMetrics);
    assert.equal(c.due('a', 0), true);
    assert.equal(c.slackMs, 0);
    assert.throws(() => new MetricsCadence({ intervalMs: -1 }), /metrics interval must be a non-negative finite number/);
    assert.throws(() => new MetricsCadence({ intervalMs: Number.NaN }), /metrics interval/);
    assert.throws(() => new MetricsCadence({ slackMs: Infinity }), /metrics slack/);
  });

  it('property: for any probe loop with failures, metrics are read by the successful probes at least interval - slack after the last read, or right after a failure', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 * S, max: 10 * 60 * S }),
        fc.array(fc.integer({ min: 1, max: 120 * S }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }),
        (intervalMs, gaps, failing) => {
          const c = new MetricsCadence({ intervalMs });
          const times: number[] = [];
          let t = 0;
          for (const g of gaps) times.push((t += g));
          const fails = new Set(times.filter((_, i) => failing[i % failing.length]));
          const collected = loop(c, 'x', times, (at) => (fails.has(at) ? 'down' : 'ok'));
          // The reference rule, applied directly.
          const expected: number[] = [];
          let last: number | undefined;
          for (const x of times) {
            if (fails.has(x)) last = undefined;
            else if (last === undefined || x - last >= intervalMs - c.slackMs) expected.push((last = x));
          }
          assert.deepEqual(collected, expected);
          // Without a failure in between, two reads are never closer than the interval less the slack.
          for (let i = 1; i < collected.length; i++) {
            if (times.some((x) => fails.has(x) && x > collected[i - 1] && x < collected[i])) continue;
            assert.ok(collected[i] - collected[i - 1] >= intervalMs - c.slackMs);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('probes/liveness', () => {
  it('asks for metrics unless collectMetrics is false', () => {
    assert.equal(wantsMetrics({}), true);
    assert.equal(wantsMetrics({ collectMetrics: true }), true);
    assert.equal(wantsMetrics({ collectMetrics: false }), false);
  });

  it('a liveness outcome is up with only metrics_skipped, keeps the version and TLS it was given', () => {
    const o = livenessOutcome('15.8', { protocol: 'TLSv1.3', authorized: true });
    assert.deepEqual(o, {
      state: 'up',
      tls: { protocol: 'TLSv1.3', authorized: true },
      metrics: { metrics_skipped: true },
      serverVersion: '15.8',
    });
    assert.equal(metricsSkipped(o.metrics), true);
    assert.equal(metricsCollected({ state: 'up', metrics: o.metrics }), false);
    assert.deepEqual(livenessOutcome(undefined, null), { state: 'up', tls: null, metrics: { metrics_skipped: true } });
    assert.equal(metricsSkipped({ metrics_skipped: 'yes' }), false, 'only the boolean marks a skip');
  });
});
