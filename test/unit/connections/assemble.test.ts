import * as assert from 'node:assert/strict';
import { assembleHealth, RiskEpisodes } from '../../../src/server/health/assemble';
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
    const d = { category: 'conn_refused' as const, confidence: 0.9, rootCause: 'nothing listens on 127.0.0.1:5432', fixes: [{ id: 'f', title: 'Start the server' }] };
    const h = assembleHealth('c', down, { diagnosis: d, breaker: 'OPEN' });
    assert.equal(h.state, 'down');
    assert.deepEqual(h.diagnosis, { category: 'conn_refused', confidence: 0.9, rootCause: 'nothing listens on 127.0.0.1:5432', fixes: ['Start the server'] });
    assert.equal(h.breaker, 'OPEN');
    assert.equal(assembleHealth('c', { ...down, state: 'up', error: undefined }, { diagnosis: d }).diagnosis, undefined);
    assert.equal(assembleHealth('c', undefined).state, 'unknown');
  });

  it('alerts once per IMMEDIATE_ACTION_REQUIRED episode', () => {
    const r = new RiskEpisodes();
    const seq = ['HEALTHY', 'IMMEDIATE_ACTION_REQUIRED', 'IMMEDIATE_ACTION_REQUIRED', 'MONITOR_CLOSELY', 'IMMEDIATE_ACTION_REQUIRED'] as const;
    assert.deepEqual(seq.map((l) => r.update('c', l)), [false, true, false, false, true]);
    assert.equal(r.update('other', 'IMMEDIATE_ACTION_REQUIRED'), true);
  });
});
