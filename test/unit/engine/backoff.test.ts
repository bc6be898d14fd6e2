import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { BackoffCursor, createBackoff, nominalDelays } from '../../../src/server/engine/backoff';
import { ENGINE_DEFAULTS } from '../../../src/server/engine/defaults';

function delays(random: () => number, count = 5): number[] {
  const cursor = new BackoffCursor(createBackoff(ENGINE_DEFAULTS, random));
  return Array.from({ length: count }, () => cursor.next());
}

describe('engine/backoff', () => {
  it('follows 1 → 2 → 4 → 8 → 16 s by default, then stays capped at 16 s', () => {
    assert.deepEqual(nominalDelays(ENGINE_DEFAULTS, 5), [1000, 2000, 4000, 8000, 16000]);
    assert.deepEqual(
      delays(() => 0.5, 7),
      [1000, 2000, 4000, 8000, 16000, 16000, 16000],
    );
  });

  it('applies ±25% jitter: the extremes of the random source give 0.75× and 1.25×', () => {
    assert.deepEqual(
      delays(() => 0),
      [750, 1500, 3000, 6000, 12000],
    );
    assert.deepEqual(
      delays(() => 0.999999),
      [1250, 2500, 5000, 10000, 20000],
    );
  });

  it('every delay stays within ±25% of its nominal value, whatever the random draws', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 5, maxLength: 5 }), (draws) => {
        let i = 0;
        const got = delays(() => draws[i++]);
        const nominal = nominalDelays(ENGINE_DEFAULTS, 5);
        got.forEach((d, k) => {
          assert.ok(d >= nominal[k] * 0.75 && d <= nominal[k] * 1.25, `delay ${k}: ${d} outside ±25% of ${nominal[k]}`);
        });
      }),
    );
  });

  it('actually varies: real randomness spreads the first delay over the band', () => {
    const firsts = new Set(Array.from({ length: 50 }, () => delays(Math.random, 1)[0]));
    assert.ok(firsts.size > 10, `only ${firsts.size} distinct first delays`);
  });

  it('honours other settings', () => {
    const cursor = new BackoffCursor(createBackoff({ backoffInitialMs: 100, backoffMaxMs: 300, backoffJitter: 0 }, () => 0.3));
    assert.deepEqual([cursor.next(), cursor.next(), cursor.next(), cursor.next()], [100, 200, 300, 300]);
  });
});
