import * as assert from 'node:assert/strict';
import { describeLatency, keyMetric, relativeTime, worst } from '../../../src/client/views/healthPresentation';
import type { ConnectionHealth } from '../../../src/shared/health';

const withMetrics = (metrics: Record<string, number>): ConnectionHealth => ({
  connectionId: 'c',
  state: 'up',
  result: { connectionId: 'c', provider: 'postgres', startedAt: 0, state: 'up', timings: { totalMs: 12.4 }, metrics },
});

describe('health presentation', () => {
  it('the status bar shows the worst state: down > degraded > up > unknown > skipped', () => {
    assert.equal(worst([]), undefined);
    assert.equal(worst(['up', 'skipped', 'unknown']), 'up');
    assert.equal(worst(['up', 'degraded']), 'degraded');
    assert.equal(worst(['degraded', 'down', 'up']), 'down');
    assert.equal(worst(['skipped', 'unknown']), 'unknown');
  });

  it('names the saturation metric of each provider', () => {
    assert.equal(keyMetric(withMetrics({ connections_used: 37, max_connections: 100 })), '37/100 connections');
    assert.equal(keyMetric(withMetrics({ threads_connected: 5, max_connections: 151 })), '5/151 threads');
    assert.equal(keyMetric(withMetrics({ connections_current: 10, connections_available: 90 })), '10/100 connections');
    assert.equal(keyMetric(withMetrics({})), undefined);
    assert.equal(describeLatency(withMetrics({})), '12 ms');
  });

  it('says how long ago', () => {
    assert.equal(relativeTime(0, 30_000), '30s ago');
    assert.equal(relativeTime(0, 5 * 60_000), '5m ago');
    assert.equal(relativeTime(0, 3 * 3600_000), '3h ago');
    assert.equal(relativeTime(0, 72 * 3600_000), '3d ago');
  });
});
