import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AuditEntry, FeedbackRecord, TransitionRecord } from '../../../src/shared/history';
import { DEFAULT_OUTCOME_WINDOW_MS, verdictOf, type ProbeSeen } from '../../../src/server/insights/fixOutcome';
import { BASELINE_DAYS, DAY_MS, computeKpis, type KpiInput } from '../../../src/server/insights/kpis';

const MIN = 60_000;
const conn = fc.constantFrom('a', 'b', 'c');
const probeArb = fc.record({
  connectionId: conn,
  at: fc.integer({ min: 0, max: 600 * MIN }),
  state: fc.constantFrom('up' as const, 'degraded' as const, 'down' as const),
});
const auditArb = fc.record({
  at: fc.integer({ min: 0, max: 600 * MIN }),
  action: fc.constantFrom('quick_fix_applied' as const, 'connection_added' as const),
  connectionId: conn,
  details: fc.record({ fixId: fc.constantFrom('f1', 'f2') }),
}) as fc.Arbitrary<AuditEntry>;
const feedbackArb = fc.record({
  at: fc.integer({ min: 0, max: 600 * MIN }),
  subject: fc.constantFrom('config_validation', 'advisor', 'error_analysis', 'fix_suggestion'),
  verdict: fc.constantFrom('helpful', 'not_helpful'),
  connectionId: conn,
}) as fc.Arbitrary<FeedbackRecord>;
const input = (over: Partial<KpiInput>): KpiInput => ({ now: 1_000 * MIN, probes: [], transitions: [], feedback: [], audit: [], ...over });

describe('KPIs over stored events', () => {
  it('nothing stored: every KPI is null with its definition and no events', () => {
    for (const [name, k] of Object.entries(computeKpis(input({})))) {
      assert.equal(k.value, null, name);
      assert.ok(k.definition.length > 20, name);
      assert.deepEqual([k.counted, k.outOf], [[], []], name);
    }
  });

  it('fix acceptance: fixes followed by an up/degraded probe within the window over fixes applied, linked to those audit entries (property)', () => {
    fc.assert(
      fc.property(fc.array(probeArb, { maxLength: 40 }), fc.array(auditArb, { maxLength: 10 }), (probes, audit) => {
        const k = computeKpis(input({ probes, audit })).fixAcceptanceRate;
        const fixes = audit.filter((a) => a.action === 'quick_fix_applied');
        assert.equal(k.outOf.length, fixes.length);
        const accepted = fixes.filter(
          (a) =>
            verdictOf({ connectionId: a.connectionId!, fixId: 'f', appliedAt: a.at }, probes, DEFAULT_OUTCOME_WINDOW_MS).verdict ===
            'succeeded',
        );
        assert.deepEqual(
          k.counted,
          accepted.map((a) => ({ type: 'audit', at: a.at, connectionId: a.connectionId })),
        );
        assert.equal(k.value, fixes.length ? accepted.length / fixes.length : null);
        if (k.value !== null) assert.ok(k.value >= 0 && k.value <= 1);
      }),
    );
  });

  it('false-positive rates and satisfaction: shares of the right feedback, each in [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(feedbackArb, { maxLength: 40 }), fc.option(fc.nat(50), { nil: undefined }), (feedback, shownConfig) => {
        const k = computeKpis(input({ feedback, shown: { config: shownConfig } }));
        const config = feedback.filter((f) => f.subject === 'config_validation');
        const dismissed = config.filter((f) => f.verdict === 'not_helpful').length;
        assert.equal(k.configFalsePositiveRate.counted.length, dismissed);
        const denominator = Math.max(shownConfig ?? config.length, dismissed);
        assert.equal(k.configFalsePositiveRate.value, denominator ? dismissed / denominator : null);
        const advisor = feedback.filter((f) => f.subject === 'advisor');
        assert.equal(k.advisorFalsePositiveRate.outOf.length, advisor.length);
        assert.equal(k.userSatisfaction.outOf.length, feedback.length);
        assert.equal(
          k.userSatisfaction.value,
          feedback.length ? feedback.filter((f) => f.verdict === 'helpful').length / feedback.length : null,
        );
        for (const x of [k.configFalsePositiveRate, k.advisorFalsePositiveRate, k.userSatisfaction])
          if (x.value !== null) assert.ok(x.value >= 0 && x.value <= 1);
      }),
    );
  });

  it('MTTR: the mean of down → recovered durations; shifting every transition in time does not change it (property)', () => {
    const outage = fc.record({
      connectionId: conn,
      start: fc.integer({ min: 0, max: 1000 * MIN }),
      length: fc.integer({ min: 1, max: 300 * MIN }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(outage, { selector: (o) => o.connectionId, maxLength: 3 }),
        fc.integer({ min: 0, max: 10 * DAY_MS }),
        (outages, shift) => {
          const transitions = (d: number): TransitionRecord[] =>
            outages.flatMap((o) => [
              { kind: 'health' as const, connectionId: o.connectionId, at: o.start + d, from: 'up' as const, to: 'down' as const },
              {
                kind: 'health' as const,
                connectionId: o.connectionId,
                at: o.start + o.length + d,
                from: 'down' as const,
                to: 'up' as const,
              },
            ]);
          const k = computeKpis(input({ transitions: transitions(0) })).meanTimeToRecoveryMs;
          const mean = outages.length ? outages.reduce((s, o) => s + o.length, 0) / outages.length : null;
          assert.equal(k.value, mean);
          assert.equal(k.counted.length, outages.length);
          assert.equal(computeKpis(input({ transitions: transitions(shift) })).meanTimeToRecoveryMs.value, mean);
        },
      ),
    );
  });

  it('MTTR: an outage still open is listed but not averaged; repeated "down" keeps the first start', () => {
    const t = (at: number, to: 'up' | 'down', id = 'a'): TransitionRecord => ({ kind: 'health', connectionId: id, at, from: null, to });
    const k = computeKpis(input({ transitions: [t(0, 'down'), t(5, 'down'), t(10, 'up'), t(20, 'down', 'b')] })).meanTimeToRecoveryMs;
    assert.equal(k.value, 10);
    assert.equal(k.outOf.length, 2);
  });

  it('uptime improvement: last 30 days against the first 30, only once the periods are apart', () => {
    const day = (d: number, state: ProbeSeen['state']): ProbeSeen => ({ connectionId: 'a', at: d * DAY_MS, state });
    const probes = [
      day(0, 'down'),
      day(1, 'up'),
      day(2, 'down'),
      day(3, 'up'),
      day(70, 'up'),
      day(75, 'up'),
      day(80, 'degraded'),
      day(85, 'down'),
    ];
    const k = computeKpis(input({ probes, now: 90 * DAY_MS })).uptimeImprovement;
    assert.deepEqual(k.value, { baselinePercent: 50, nowPercent: 75, changePoints: 25 });
    assert.equal(k.outOf.length, 4);
    assert.equal(k.counted.length, 4);
    const early = computeKpis(input({ probes, now: (BASELINE_DAYS + 10) * DAY_MS })).uptimeImprovement;
    assert.equal(early.value, null);
  });

  it('cost savings: measured savings against the estimates of the same recommendations', () => {
    const k = computeKpis(
      input({
        recommendations: [
          { id: 'r1', connectionId: 'a', appliedAt: 1, estimatedMonthly: 100, realisedMonthly: 80 },
          { id: 'r2', connectionId: 'b', appliedAt: 2, estimatedMonthly: 50, realisedMonthly: 70 },
          { id: 'r3', connectionId: 'c', appliedAt: 3, estimatedMonthly: 999 },
        ],
      }),
    ).costSavingsRealised;
    assert.deepEqual(k.value, { realisedMonthly: 150, estimatedMonthly: 150, share: 1 });
    assert.equal(k.counted.length, 2);
    assert.equal(k.outOf.length, 3);
  });
});
