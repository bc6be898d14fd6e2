/**
 * Reference detectors for validating the scorer against NAB's own definitions:
 * - null: a constant 0 on every row (NAB's null detector): must score exactly 0;
 * - random: a seeded uniform score per row (NAB's random detector);
 * - windowedGaussian: NAB's windowed Gaussian (see below). NAB's published 26.5 on this subset
 *   comes from an older results run (its later rows differ from this definition), so it is a
 *   reference, not an exact target.
 */
import { tailProbability } from '../../src/server/predict/anomaly/gaussian';
import { seededRandom } from '../../test/support/random';

type Detect = (t: number[], v: number[]) => number[];

export { seededRandom } from '../../test/support/random';

/**
 * NAB's windowedGaussian_detector.py (window 1000, step 1): the score is 1 minus the two-sided
 * Gaussian tail probability of the value under the mean and standard deviation of the previous
 * values. Matches the first rows of NAB's published results file for art_daily_jumpsup.csv
 * (e.g. row 3: 0.67656).
 */
export function windowedGaussian(values: number[], windowSize = 1000): number[] {
  const window: number[] = [];
  let sum = 0;
  let sumSq = 0;
  let mean = 0;
  let std = 1;
  return values.map((v) => {
    const score = window.length > 0 ? 1 - tailProbability(v, mean, std) : 0;
    window.push(v);
    sum += v;
    sumSq += v * v;
    if (window.length > windowSize) {
      const old = window.shift() as number;
      sum -= old;
      sumSq -= old * old;
    }
    mean = sum / window.length;
    std = Math.sqrt(Math.max(0, sumSq / window.length - mean * mean));
    if (std === 0 || !Number.isFinite(std)) std = 0.000001;
    return score;
  });
}

export function baselineDetectors(): Record<string, Detect> {
  return {
    null: (_t, v) => v.map(() => 0),
    random: (_t, v) => {
      const rnd = seededRandom(v.length);
      return v.map(() => rnd());
    },
    windowedGaussian: (_t, v) => windowedGaussian(v),
  };
}
