import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HealthState } from '../../../src/shared/probe';
import { AlertPolicy, channelAccepts, MIN_ALERT_CONFIDENCE, type AlertDecision, type PolicyInput } from '../../../src/server/alerts/policy';

const MIN = 60_000;
const Q = 15 * MIN;

function health(id: string, at: number, to: HealthState): PolicyInput {
  return { kind: 'health', connectionId: id, at, from: null, to };
}

/** Feeds inputs in order, delivering ticks whenever a summary falls due, as the feature's timer does. */
function run(policy: AlertPolicy, inputs: PolicyInput[], until?: number): AlertDecision[] {
  const out: AlertDecision[] = [];
  const tickUpTo = (t: number): void => {
    for (let due = policy.nextDueAt(); due !== undefined && due <= t; due = policy.nextDueAt())
      out.push(...policy.step({ kind: 'tick', at: due }));
  };
  for (const i of inputs) {
    tickUpTo(i.at);
    out.push(...policy.step(i));
  }
  if (until !== undefined) tickUpTo(until);
  return out;
}

describe('alert policy', () => {
  it('alerts down once, then recovered with the outage length', () => {
    const p = new AlertPolicy();
    const out = run(p, [health('a', 0, 'up'), health('a', 10_000, 'down'), health('a', 70_000, 'up')]);
    assert.deepEqual(
      out.map((d) => d.event),
      ['down', 'recovered'],
    );
    assert.equal(out[0]!.previousState, 'up');
    assert.equal(out[1]!.outageMs, 60_000);
    assert.equal(out[1]!.state, 'up');
  });

  it('a connection first seen down is alerted; first seen up is not', () => {
    assert.deepEqual(run(new AlertPolicy(), [health('a', 0, 'up')]), []);
    const out = run(new AlertPolicy(), [health('b', 0, 'down')]);
    assert.deepEqual(
      out.map((d) => [d.event, d.previousState]),
      [['down', null]],
    );
  });

  it('a flapping connection gives one down, one recovered, then one summary, not an alert per flap', () => {
    const p = new AlertPolicy({ quietPeriodMs: Q });
    const inputs: PolicyInput[] = [];
    for (let i = 0; i < 10; i++) inputs.push(health('a', i * MIN, 'down'), health('a', i * MIN + 30_000, 'up'));
    const out = run(p, inputs, 40 * MIN);
    assert.deepEqual(
      out.map((d) => d.event),
      ['down', 'recovered', 'flapping'],
    );
    const summary = out[2]!;
    assert.equal(summary.flaps, 9);
    assert.equal(summary.at, Q);
    assert.equal(summary.state, 'up');
  });

  it('a flap that ends down is announced by the summary, and its recovery follows', () => {
    const p = new AlertPolicy({ quietPeriodMs: Q });
    const out = run(
      p,
      [health('a', 0, 'down'), health('a', MIN, 'up'), health('a', 2 * MIN, 'down'), health('a', 60 * MIN, 'up')],
      60 * MIN,
    );
    assert.deepEqual(
      out.map((d) => d.event),
      ['down', 'recovered', 'flapping', 'recovered'],
    );
    assert.equal(out[2]!.state, 'down');
    assert.equal(out[3]!.outageMs, 58 * MIN);
  });

  it('de-duplicates per connection: another connection still alerts', () => {
    const out = run(new AlertPolicy(), [health('a', 0, 'down'), health('b', 1000, 'down')]);
    assert.deepEqual(
      out.map((d) => `${d.event}:${d.connectionId}`),
      ['down:a', 'down:b'],
    );
  });

  it('degraded alerts at most once per quiet period; the breaker state rides along', () => {
    const p = new AlertPolicy({ quietPeriodMs: Q });
    const out = run(p, [
      { kind: 'breaker', connectionId: 'a', at: 0, to: 'OPEN' },
      health('a', 0, 'degraded'),
      health('a', MIN, 'up'),
      health('a', 2 * MIN, 'degraded'),
      health('a', 20 * MIN, 'up'),
      health('a', 21 * MIN, 'degraded'),
    ]);
    assert.deepEqual(
      out.map((d) => [d.event, d.at, d.breaker]),
      [
        ['degraded', 0, 'OPEN'],
        ['degraded', 21 * MIN, 'OPEN'],
      ],
    );
  });

  it('predictions: IMMEDIATE_ACTION_REQUIRED at the shared confidence threshold, once per episode, never while down', () => {
    const pred = (
      at: number,
      confidence: number,
      riskLevel: 'IMMEDIATE_ACTION_REQUIRED' | 'HEALTHY' = 'IMMEDIATE_ACTION_REQUIRED',
      state: HealthState = 'up',
    ): PolicyInput => ({ kind: 'prediction', connectionId: 'a', at, riskLevel, confidence, state });
    assert.deepEqual(run(new AlertPolicy(), [pred(0, MIN_ALERT_CONFIDENCE - 1)]), []);
    assert.deepEqual(run(new AlertPolicy(), [pred(0, MIN_ALERT_CONFIDENCE, 'IMMEDIATE_ACTION_REQUIRED', 'down')]), []);
    const p = new AlertPolicy({ quietPeriodMs: Q });
    const out = run(p, [
      pred(0, 80),
      pred(MIN, 90),
      pred(2 * MIN, 10, 'HEALTHY'),
      pred(3 * MIN, 90),
      pred(30 * MIN, 10, 'HEALTHY'),
      pred(31 * MIN, 90),
    ]);
    assert.deepEqual(
      out.map((d) => [d.event, d.at, d.confidence]),
      [
        ['prediction', 0, 80],
        ['prediction', 31 * MIN, 90],
      ],
    );
  });

  it('a quiet period of 0 sends every transition', () => {
    const inputs: PolicyInput[] = [];
    for (let i = 0; i < 5; i++) inputs.push(health('a', i * 2, 'down'), health('a', i * 2 + 1, 'up'));
    assert.equal(run(new AlertPolicy({ quietPeriodMs: 0 }), inputs).length, 10);
  });

  describe('properties under random transition sequences', () => {
    const arbSequence = fc.array(
      // Short gaps (flapping within a quiet period) mixed with long ones (outages beyond it).
      fc.record({
        gap: fc.oneof(fc.integer({ min: 0, max: 2 * MIN }), fc.integer({ min: 0, max: 40 * MIN })),
        conn: fc.constantFrom('a', 'b'),
        to: fc.constantFrom<HealthState>('up', 'degraded', 'down'),
      }),
      { minLength: 1, maxLength: 120 },
    );
    const toInputs = (seq: Array<{ gap: number; conn: string; to: HealthState }>): PolicyInput[] => {
      let t = 0;
      return seq.map((s) => health(s.conn, (t += s.gap), s.to));
    };

    it('no storms: per connection, at most one down-or-summary, two recovered and one degraded in any quiet period', () => {
      fc.assert(
        fc.property(arbSequence, fc.integer({ min: 1, max: 30 }), (seq, quietMin) => {
          const quiet = quietMin * MIN;
          const inputs = toInputs(seq);
          const out = run(new AlertPolicy({ quietPeriodMs: quiet }), inputs, inputs.at(-1)!.at + 3 * quiet);
          for (const conn of ['a', 'b']) {
            const mine = out.filter((d) => d.connectionId === conn);
            for (const start of mine.map((d) => d.at)) {
              const win = mine.filter((d) => d.at >= start && d.at < start + quiet);
              const n = (e: string): number => win.filter((d) => d.event === e).length;
              assert.ok(n('down') + n('flapping') <= 1, JSON.stringify(win));
              assert.ok(n('recovered') <= 2, JSON.stringify(win));
              assert.ok(n('degraded') <= 1, JSON.stringify(win));
            }
            // Every recovered answers an announced outage.
            const announced = mine.filter((d) => d.event === 'down' || (d.event === 'flapping' && d.state === 'down')).length;
            assert.ok(mine.filter((d) => d.event === 'recovered').length <= announced);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('every down that lasts beyond the quiet period is announced within it and eventually gets a recovered', () => {
      fc.assert(
        fc.property(arbSequence, fc.integer({ min: 1, max: 30 }), (seq, quietMin) => {
          const quiet = quietMin * MIN;
          const inputs = toInputs(seq);
          const end = inputs.at(-1)!.at + 1;
          // Every connection comes back up at the end.
          const all = [...inputs, health('a', end, 'up'), health('b', end, 'up')];
          const out = run(new AlertPolicy({ quietPeriodMs: quiet }), all, end + 3 * quiet);
          for (const conn of ['a', 'b']) {
            let state: HealthState | null = null;
            let downAt = 0;
            for (const i of all) {
              if (i.kind !== 'health' || i.connectionId !== conn || i.to === state) continue;
              if (i.to === 'down') downAt = i.at;
              else if (state === 'down' && i.at - downAt > quiet) {
                const told = out.some(
                  (d) =>
                    d.connectionId === conn &&
                    (d.event === 'down' || (d.event === 'flapping' && d.state === 'down')) &&
                    d.at >= downAt &&
                    d.at <= downAt + quiet,
                );
                assert.ok(told, `outage ${downAt}..${i.at} of ${conn} never announced`);
                assert.ok(
                  out.some((d) => d.connectionId === conn && d.event === 'recovered' && d.at === i.at && d.outageMs === i.at - downAt),
                  `outage ${downAt}..${i.at} of ${conn} got no recovered`,
                );
              }
              state = i.to;
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('channel filters', () => {
  it('filters by event (a flapping summary goes where down goes) and by any tag; tests go everywhere', () => {
    assert.ok(channelAccepts('webhook:x', {}, { event: 'down', connectionTags: undefined }));
    assert.ok(channelAccepts('webhook:x', { events: ['down'] }, { event: 'flapping', connectionTags: [] }));
    assert.ok(!channelAccepts('webhook:x', { events: ['down'] }, { event: 'recovered', connectionTags: [] }));
    assert.ok(channelAccepts('webhook:x', { tags: ['prod'] }, { event: 'down', connectionTags: ['eu', 'prod'] }));
    assert.ok(!channelAccepts('webhook:x', { tags: ['prod'] }, { event: 'down', connectionTags: ['staging'] }));
    assert.ok(!channelAccepts('webhook:x', { tags: ['prod'] }, { event: 'down', connectionTags: undefined }));
    assert.ok(channelAccepts('webhook:x', { events: ['prediction'], tags: ['prod'] }, { event: 'test', connectionTags: [] }));
  });
});
