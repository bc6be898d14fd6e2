/**
 * Pure scenario tests of the predictor on simulated histories (the same scenarios run against
 * real PostgreSQL/MariaDB later, with the engine).
 */
import * as assert from 'node:assert/strict';
import { newPredictorState, predict, predictFromState, updatePredictor } from '../../../src/server/predict';
import type { Prediction } from '../../../src/server/predict';
import type { ProbeResult } from '../../../src/shared/probe';
import { flappingScenario, healthyScenario, latencyDegradationScenario, leakScenario, MINUTE } from './simulate';

function replay(history: ProbeResult[], each: (p: ProbeResult, pred: Prediction) => void | boolean): void {
  const state = newPredictorState('sim', 'postgres');
  for (const p of history) {
    updatePredictor(state, p);
    if (each(p, predictFromState(state)) === false) return;
  }
}

describe('predictor scenarios (simulated)', () => {
  for (const [seed, ratePerMin] of [
    [11, 0.1],
    [12, 0.25],
    [13, 1],
  ] as const) {
    it(`connection leak at ${ratePerMin}/min: warns ≥ 10 min ahead, time to failure within ±30%`, () => {
      const { history, failAt } = leakScenario(seed, { ratePerMin });
      const climbStart = history[600].startedAt;
      const checkpoints = [0.5, 0.25].map((q) => failAt - q * (failAt - climbStart));
      let firstWarning: number | null = null;
      const checked: number[] = [];
      replay(history, (p, pred) => {
        if (p.startedAt >= failAt) return false;
        if (firstWarning === null && pred.prediction.risk_level !== 'HEALTHY') firstWarning = p.startedAt;
        for (const c of checkpoints) {
          if (p.startedAt <= c && c < p.startedAt + MINUTE) {
            const truthH = (failAt - p.startedAt) / 3_600_000;
            const got = pred.prediction.time_to_failure_hours;
            assert.ok(got !== null, `no time to failure with ${truthH.toFixed(2)} h left`);
            assert.ok(Math.abs(got - truthH) <= 0.3 * truthH + 0.05, `predicted ${got} h, truth ${truthH.toFixed(2)} h`);
            assert.match(pred.prediction.root_cause, /connection/i);
            assert.ok(pred.prediction.preventive_actions.length > 0);
            const [lo, hi] = pred.prediction.time_to_failure_interval_hours ?? [NaN, NaN];
            assert.ok(lo <= got && (hi === null || hi >= got));
            checked.push(c);
          }
        }
      });
      assert.equal(checked.length, 2);
      assert.ok(firstWarning !== null, 'never warned');
      assert.ok(failAt - firstWarning >= 10 * MINUTE, `warned only ${(failAt - firstWarning) / MINUTE} min ahead`);
      // once refused, the prediction names the exhaustion
      const after = predict(history);
      assert.equal(after.prediction.risk_level, 'IMMEDIATE_ACTION_REQUIRED');
      assert.match(after.prediction.root_cause, /connection/i);
    });
  }

  it('healthy 24 h run stays HEALTHY on every check (no false alarm)', () => {
    for (const seed of [21, 22]) {
      let alarms = 0;
      replay(healthyScenario(seed), (_p, pred) => {
        if (pred.prediction.risk_level !== 'HEALTHY') alarms++;
      });
      assert.equal(alarms, 0, `seed ${seed}: ${alarms} false alarms`);
    }
  });

  it('flapping network: risk rises and the root cause says flapping', () => {
    const history = flappingScenario(31);
    const pred = predict(history);
    assert.notEqual(pred.prediction.risk_level, 'HEALTHY');
    assert.match(pred.prediction.root_cause, /flapping/i);
    assert.ok(parseFloat(pred.failure_rate) > 5);
  });

  it('latency degradation: warns before the first timeout, names latency, trend degrading', () => {
    const { history, failAt } = latencyDegradationScenario(41);
    let firstWarning: number | null = null;
    let last: Prediction | null = null;
    replay(history, (p, pred) => {
      if (p.startedAt >= failAt) return false;
      if (firstWarning === null && pred.prediction.risk_level !== 'HEALTHY') firstWarning = p.startedAt;
      last = pred;
    });
    assert.ok(firstWarning !== null && failAt - firstWarning >= 10 * MINUTE, 'no early warning');
    const final = last as Prediction | null;
    assert.ok(final);
    assert.equal(final.response_time_trend, 'degrading');
    assert.match(final.prediction.root_cause, /latency|response/i);
  });

  it('output has the product format', () => {
    const pred = predict(flappingScenario(32));
    assert.match(pred.failure_rate, /^\d+(\.\d)?%$/);
    assert.match(pred.avg_response_time, /^\d+ms$/);
    assert.ok(['degrading', 'stable', 'improving', 'unknown'].includes(pred.response_time_trend));
    const p = pred.prediction;
    assert.ok(Number.isInteger(p.failure_probability) && p.failure_probability >= 0 && p.failure_probability <= 100);
    assert.ok(Number.isInteger(p.confidence_score) && p.confidence_score >= 0 && p.confidence_score <= 100);
    assert.equal(
      p.risk_level,
      p.failure_probability > 70 ? 'IMMEDIATE_ACTION_REQUIRED' : p.failure_probability >= 40 ? 'MONITOR_CLOSELY' : 'HEALTHY',
    );
  });

  it('PredictorState round-trips through JSON with identical predictions', () => {
    const { history } = leakScenario(51, { ratePerMin: 0.25 });
    const state = newPredictorState('sim', 'postgres');
    history.slice(0, 800).forEach((p) => updatePredictor(state, p));
    const restored = JSON.parse(JSON.stringify(state)) as typeof state;
    for (const p of history.slice(800, 900)) {
      updatePredictor(state, p);
      updatePredictor(restored, p);
    }
    assert.deepEqual(predictFromState(restored), predictFromState(state));
  });

  it('empty history and unknown providers give a clear, HEALTHY low-confidence answer', () => {
    const pred = predict([]);
    assert.equal(pred.prediction.risk_level, 'HEALTHY');
    assert.equal(pred.avg_response_time, 'n/a');
    assert.ok(pred.prediction.confidence_score <= 20);
  });
});
