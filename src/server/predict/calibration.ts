/**
 * Turning the three signal families into one failure probability (see docs/prediction.md):
 *   capacity  P(limit reached within the horizon), from the trend slope's sampling distribution:
 *             a probability by construction, not a score;
 *   patterns  a logistic model of the recent failure rate, its trend, saturation errors,
 *             breaker trips and flapping; its weights are set by hand and checked against the
 *             simulated scenarios' reliability table (bench/predict.bench.ts);
 *   anomaly   the latency detector's recent score (its log-likelihood scale: 0.5 ↔ a 1e-5 tail);
 *             an anomaly alone stays below 0.4 (unusual is not failed); with a significantly
 *             degrading response time it can reach 0.55 (MONITOR_CLOSELY).
 * Families are combined as independent risks: p = 1 - Π(1 - p_i).
 */
import type { FailurePatterns } from './patterns';

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export const PATTERN_WEIGHTS = {
  intercept: -3.5,
  recentFailureRate: 8,
  failureRate: 4,
  risingTrend: 3,
  saturationErrors: 2,
  breakerTrip: 0.8,
  flap: 0.3,
  maxFlaps: 10,
} as const;

export function patternProbability(p: FailurePatterns): number {
  if (p.checks === 0) return 0;
  const w = PATTERN_WEIGHTS;
  const z =
    w.intercept +
    w.recentFailureRate * p.recentFailureRate +
    w.failureRate * p.failureRate +
    w.risingTrend * Math.max(0, p.failureTrend) +
    w.saturationErrors * p.saturationShare * Math.min(1, p.failureRate * 10) +
    w.breakerTrip * Math.min(3, p.breakerTrips) +
    w.flap * Math.min(w.maxFlaps, p.flaps);
  return sigmoid(z);
}

/** Latency anomaly score (0..1, recent maximum) → probability; at most 0.35, or 0.55 when degrading. */
export function anomalyProbability(recentAnomaly: number, degrading: boolean): number {
  const s = Math.max(0, Math.min(1, (recentAnomaly - 0.4) / 0.4));
  const smooth = s * s * (3 - 2 * s);
  return 0.35 * smooth + (degrading ? 0.2 : 0);
}

export function combineRisks(ps: readonly number[]): number {
  let survive = 1;
  for (const p of ps) survive *= 1 - Math.max(0, Math.min(1, p));
  return 1 - survive;
}
