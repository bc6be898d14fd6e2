/**
 * The detector with every channel on, including the shape channel (issue 17): still online (the
 * prefix property) and of bounded state, and the shape channel itself sees a new short shape.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DetectorConfig } from '../../../src/server/predict/anomaly/detector';
import { DEFAULT_DETECTOR_CONFIG, detectorUpdate, newDetectorState } from '../../../src/server/predict/anomaly/detector';
import { DEFAULT_RAW_SCORE_CONFIG, newRawScoreState, updateRawScores } from '../../../src/server/predict/anomaly/rawScore';
import { scoreSeries } from '../../../src/server/predict/anomaly/scoreSeries';

const FIVE_MIN = 300_000;
const T0 = Date.UTC(2014, 3, 1);
const WITH_SHAPE: DetectorConfig = {
  ...DEFAULT_DETECTOR_CONFIG,
  raw: { ...DEFAULT_DETECTOR_CONFIG.raw, shapeOrder: 3 },
  channels: { ...DEFAULT_DETECTOR_CONFIG.channels, shape: true },
  suppressFactor: 0,
};

describe('streaming anomaly detector with the shape channel', () => {
  it('is online: removing the rows after i never changes the score of row i', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 5 })), {
          minLength: 1,
          maxLength: 700,
        }),
        fc.nat(),
        (values, cut) => {
          const ts = values.map((_, i) => T0 + i * FIVE_MIN);
          const full = scoreSeries(ts, values, WITH_SHAPE);
          const k = cut % values.length;
          assert.deepEqual(scoreSeries(ts.slice(0, k + 1), values.slice(0, k + 1), WITH_SHAPE), full.slice(0, k + 1));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps a bounded state: its size stops growing once its fixed windows are full, even on random values', () => {
    const state = newDetectorState(WITH_SHAPE);
    let x = 1;
    const next = () => {
      x = (x * 48271) % 2147483647; // any value level, any shape
      return x / 2147483647;
    };
    for (let i = 0; i < 12_000; i++) detectorUpdate(state, T0 + i * FIVE_MIN, next(), WITH_SHAPE);
    const a = JSON.stringify(state).length;
    for (let i = 12_000; i < 24_000; i++) detectorUpdate(state, T0 + i * FIVE_MIN, next(), WITH_SHAPE);
    const b = JSON.stringify(state).length;
    assert.ok(Math.abs(b - a) / a < 0.05, `state grew from ${a} to ${b}`);
    const keys = Object.keys(state.raw.shapeCounts ?? {}).length;
    assert.ok(keys > 0 && keys <= 8 ** 4, `${keys} shape counts`);
  });

  it('scores a short shape never seen before as fully surprising, a familiar one less', () => {
    const config = { ...DEFAULT_RAW_SCORE_CONFIG, shapeOrder: 3 };
    const s = newRawScoreState(config);
    const wave = [0, 10, 0, 10, 0, 10, 0, 10, 0, 10, 0, 10];
    const shape = wave.map((v, i) => updateRawScores(s, config, T0 + i * FIVE_MIN, v).shape);
    assert.deepEqual(shape.slice(0, 3), [0, 0, 0]); // fewer than shapeOrder earlier levels
    assert.equal(shape[3], 1); // the first full shape is new
    assert.ok(shape[11] < 0.3, `a repeated shape scored ${shape[11]}`);
    // After 10, 0, 10 the wave has always gone to 0: a second 10 is a shape never seen.
    const broken = updateRawScores(s, config, T0 + 12 * FIVE_MIN, 10).shape;
    assert.equal(broken, 1);
  });

  it('is off by default and then adds no state', () => {
    const state = newDetectorState();
    for (let i = 0; i < 50; i++) detectorUpdate(state, T0 + i * FIVE_MIN, i % 7);
    assert.equal(state.shapeLikelihood, undefined);
    assert.equal(state.raw.shapeCounts, undefined);
  });
});
