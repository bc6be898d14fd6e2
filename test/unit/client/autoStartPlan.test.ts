import * as assert from 'node:assert/strict';
import { autoStartKey, planAutoStart, readAutoStart } from '../../../src/client/monitoring/autoStartPlan';

describe('dbpulse.monitoring.autoStart', () => {
  const never = (): boolean => false;

  it('does nothing when unset or empty', () => {
    for (const raw of [undefined, null, '', '   ', 0])
      assert.deepEqual(planAutoStart(raw, never, false), { action: 'none', reason: 'unset' });
  });

  it('switches monitoring on with the interval asked for (ms, numeric text, cron)', () => {
    assert.deepEqual(planAutoStart(10000, never, false), { action: 'enable', interval: 10000, key: autoStartKey(10000) });
    assert.deepEqual(planAutoStart(' 30000 ', never, false), { action: 'enable', interval: 30000, key: autoStartKey(30000) });
    assert.deepEqual(planAutoStart('*/5 * * * *', never, false), {
      action: 'enable',
      interval: '*/5 * * * *',
      key: autoStartKey('*/5 * * * *'),
    });
  });

  it('applies a value once: after that the user turning monitoring off is respected', () => {
    const applied = new Set([autoStartKey(10000)]);
    assert.deepEqual(
      planAutoStart(10000, (k) => applied.has(k), false),
      { action: 'none', reason: 'applied before' },
    );
    // A different value is a new request.
    assert.equal(planAutoStart(20000, (k) => applied.has(k), false).action, 'enable');
  });

  it('leaves monitoring that is already on alone', () => {
    assert.deepEqual(planAutoStart(10000, never, true), { action: 'none', reason: 'already on' });
  });

  it('refuses what is not an interval, with the setting named', () => {
    for (const raw of [-5, 1.5, true, { every: 5 }]) {
      const plan = planAutoStart(raw, never, false);
      assert.equal(plan.action, 'refuse', JSON.stringify(raw));
      assert.match((plan as { message: string }).message, /dbpulse\.monitoring\.autoStart/);
    }
    assert.deepEqual(readAutoStart(-5), { invalid: '-5' });
  });
});
