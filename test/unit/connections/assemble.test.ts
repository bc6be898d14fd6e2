import * as assert from 'node:assert/strict';
import { assembleHealth } from '../../../src/server/health/assemble';
import { startsEpisode } from '../../../src/server/monitoring/records';
import type { ProbeResult } from '../../../src/shared/probe';

const down: ProbeResult = {
  connectionId: 'c',
  provider: 'postgres',
  startedAt: 1,
  state: 'down',
  timings: { totalMs: 3 },
  metrics: {},
  error: { message: 'connect ECONNREFUSED 127.0.0.1:5432', category: 'conn_refused' },
};

describe('health assembly', () => {
  it('keeps the diagnosis only for a down result', () => {
    const d = {
      category: 'conn_refused' as const,
      confidence: 0.9,
      rootCause: 'nothing listens on 127.0.0.1:5432',
      fixes: [{ id: 'f', title: 'Start the server' }],
    };
    const h = assembleHealth('c', down, { diagnosis: d, breaker: 'OPEN' });
    assert.equal(h.state, 'down');
    assert.deepEqual(h.diagnosis, {
      category: 'conn_refused',
      confidence: 0.9,
      rootCause: 'nothing listens on 127.0.0.1:5432',
      fixes: ['Start the server'],
    });
    assert.equal(h.breaker, 'OPEN');
    assert.equal(assembleHealth('c', { ...down, state: 'up', error: undefined }, { diagnosis: d }).diagnosis, undefined);
    assert.equal(assembleHealth('c', undefined).state, 'unknown');
  });

  it('alerts once per IMMEDIATE_ACTION_REQUIRED episode', () => {
    const seq = [
      'HEALTHY',
      'IMMEDIATE_ACTION_REQUIRED',
      'IMMEDIATE_ACTION_REQUIRED',
      'MONITOR_CLOSELY',
      'IMMEDIATE_ACTION_REQUIRED',
    ] as const;
    assert.deepEqual(
      seq.map((l, i) => startsEpisode(i === 0 ? undefined : seq[i - 1], l)),
      [false, true, false, false, true],
    );
    assert.equal(startsEpisode(undefined, 'IMMEDIATE_ACTION_REQUIRED'), true);
  });
});

describe('health assembly with liveness-only results', () => {
  const live: ProbeResult = {
    connectionId: 'c',
    provider: 'postgres',
    startedAt: 2000,
    state: 'up',
    timings: { totalMs: 3 },
    metrics: { metrics_skipped: true },
  };
  it('shows the latest real metrics, and when they were read', () => {
    const h = assembleHealth('c', live, { lastMetrics: { startedAt: 1000, metrics: { connections_used: 3, max_connections: 100 } } });
    assert.deepEqual(h.result?.metrics, { connections_used: 3, max_connections: 100 });
    assert.equal(h.metricsAt, 1000);
    assert.equal(h.result?.startedAt, 2000);
  });
  it('keeps a result with its own metrics as it is', () => {
    const h = assembleHealth(
      'c',
      { ...live, metrics: { connections_used: 4 } },
      { lastMetrics: { startedAt: 1000, metrics: { connections_used: 3 } } },
    );
    assert.deepEqual(h.result?.metrics, { connections_used: 4 });
    assert.equal(h.metricsAt, 2000);
  });
});
