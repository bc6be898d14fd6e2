import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_DETECTOR_CONFIG,
  detectorUpdate,
  newDetectorState,
  StreamingAnomalyDetector,
} from '../../../src/server/predict/anomaly/detector';
import { scoreSeries } from '../../../src/server/predict/anomaly/scoreSeries';
import { gaussian, rng } from './simulate';

const FIVE_MIN = 300_000;
const T0 = Date.UTC(2014, 3, 1);

function seasonal(n: number, seed: number, noise = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + noise * gaussian(r));
}

describe('streaming anomaly detector', () => {
  it('is online: the score of row i does not change when rows after i are removed', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }), fc.nat(), (values, cut) => {
        const ts = values.map((_, i) => T0 + i * FIVE_MIN);
        const full = scoreSeries(ts, values);
        const k = cut % values.length;
        const prefix = scoreSeries(ts.slice(0, k + 1), values.slice(0, k + 1));
        assert.deepEqual(prefix, full.slice(0, k + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('scores stay in [0, 1], also for constant, huge and non-finite input', () => {
    const values = [...Array(700).fill(5), 1e300, -1e300, Number.NaN, Infinity, ...Array(100).fill(5)];
    const scores = scoreSeries(
      values.map((_, i) => T0 + i * FIVE_MIN),
      values,
    );
    for (const s of scores) assert.ok(s >= 0 && s <= 1 && Number.isFinite(s));
  });

  it('state survives JSON: a restored detector continues with identical scores', () => {
    const values = seasonal(1500, 3);
    const det = new StreamingAnomalyDetector();
    values.slice(0, 1000).forEach((v, i) => det.update(T0 + i * FIVE_MIN, v));
    const restored = new StreamingAnomalyDetector(DEFAULT_DETECTOR_CONFIG, JSON.parse(JSON.stringify(det.snapshot())));
    for (let i = 1000; i < 1500; i++)
      assert.equal(restored.update(T0 + i * FIVE_MIN, values[i]).score, det.update(T0 + i * FIVE_MIN, values[i]).score);
  });

  it('a noisy daily pattern raises no alarm, a spike in it does', () => {
    const values = seasonal(288 * 8, 5);
    const ts = values.map((_, i) => T0 + i * FIVE_MIN);
    const quiet = scoreSeries(ts, values);
    const after = quiet.slice(288 * 3);
    // 0.6 on the log-likelihood scale is a tail of ~1e-6; the spike must clear it by far.
    assert.ok(Math.max(...after) < 0.6, `max quiet score ${Math.max(...after)}`);
    const spiked = [...values];
    spiked[288 * 6] = 200;
    const scores = scoreSeries(ts, spiked);
    assert.ok(scores[288 * 6] >= 0.9, `spike scored ${scores[288 * 6]}`);
  });

  it('a change of the daily shape (the pattern stops) is detected through the seasonal channel', () => {
    const values = seasonal(288 * 10, 9, 0.5);
    for (let i = 288 * 7; i < values.length; i++) values[i] = 50 + 0.5 * Math.sin(i); // flat, within the usual range
    const ts = values.map((_, i) => T0 + i * FIVE_MIN);
    const scores = scoreSeries(ts, values);
    const before = Math.max(...scores.slice(288 * 3, 288 * 7));
    const during = Math.max(...scores.slice(288 * 7, 288 * 8));
    assert.ok(during > before && during >= 0.5, `before ${before}, during ${during}`);
  });

  it('does constant work per row: state size does not grow with the stream beyond its fixed windows', () => {
    const state = newDetectorState();
    const size = () => JSON.stringify(state).length;
    for (let i = 0; i < 9000; i++) detectorUpdate(state, T0 + i * FIVE_MIN, Math.sin(i));
    const a = size();
    for (let i = 9000; i < 18000; i++) detectorUpdate(state, T0 + i * FIVE_MIN, Math.sin(i));
    assert.ok(Math.abs(size() - a) / a < 0.05, `state grew from ${a} to ${size()}`);
  });
});
