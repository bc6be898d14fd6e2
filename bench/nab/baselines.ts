/**
 * Reference detectors for validating the scorer against NAB's own definitions:
 * - null: a constant 0 on every row (NAB's null detector): must score exactly 0;
 * - perfect: 1 on the first row of every window, 0 elsewhere: must score exactly 100;
 * - random: a seeded uniform score per row (NAB's random detector);
 * - windowedGaussian: NAB's windowed Gaussian (nupic's normalProbability of the value under a
 *   Gaussian fitted to the previous 1000 values); published score on this subset: 26.5.
 */
import { erfc } from '../../src/server/predict/anomaly/gaussian';

type Detect = (t: number[], v: number[]) => number[];

/** mulberry32: small deterministic PRNG so runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * nupic's (0.x) normalProbability, which NAB's windowed Gaussian calls: the Q function read from a
 * table at 0.1-sigma steps (0 beyond 7 sigma); below the mean it returns 1 - Q of the mirrored
 * value (so, as published, low values score high and high values score low).
 */
export function nupicNormalProbability(x: number, mean: number, stdev: number): number {
  if (x < mean) return 1 - nupicNormalProbability(2 * mean - x, mean, stdev);
  const xs = Math.round((10 * (x - mean)) / stdev);
  return xs > 70 ? 0 : 0.5 * erfc(xs / 10 / Math.SQRT2);
}

/** NAB's windowedGaussian_detector.py: window 1000, step 1. */
export function windowedGaussian(values: number[], windowSize = 1000): number[] {
  let sum = 0;
  let sumSq = 0;
  const window: number[] = [];
  let mean = 0;
  let std = 1;
  return values.map((v) => {
    const score = window.length > 0 ? nupicNormalProbability(v, mean, std) : 0;
    window.push(v);
    sum += v;
    sumSq += v * v;
    if (window.length > windowSize) {
      const old = window.shift() as number;
      sum -= old;
      sumSq -= old * old;
    }
    mean = sum / window.length;
    let acc = 0;
    for (const w of window) acc += (w - mean) * (w - mean);
    std = Math.sqrt(acc / window.length);
    if (std === 0) std = 0.000001;
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
