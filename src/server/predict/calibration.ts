/**
 * Turning the three signal families into one failure probability (see docs/prediction.md):
 *   capacity  P(limit reached within the horizon), from the trend slope's sampling distribution:
 *             a probability by construction, not a score;
 *   patterns  a logistic model of the recent failure rate, its trend, saturation errors,
 *             breaker trips and flapping; its weights are set by hand and checked against the
 *             simulated scenarios' reliability table (bench/predict.bench.ts);
 *   anomaly   the latency detector's recent score (its log-likelihood scale: 0.5 ↔ a 1e-5 tail);
 *             an anomaly alone stays below 0.4 (unusual is not failed); with a significantly
 *             degrading response time it can reach 0.55 (MONITOR_CLOSELY), once the recent
 *             latency is a material share of the timeout (degradingWeight).
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

/**
 * Recent mean latency, as a share of the probe timeout, at which a degrading trend weighs fully
 * (2%: 200 ms against a 10 s timeout). Below it the weight falls linearly: on a fast link a few
 * milliseconds more (a busy client host, 9 → 13 ms against a 10 s timeout) is a statistically
 * clear trend but no risk of failure. Seen on real servers (test/integration/predict): loopback
 * probes under CPU contention from other processes show "degrading" runs. On the simulated
 * reliability set (bench/predict.bench.ts) 2% changes the Brier score from 0.0184 to 0.0175 (1 h)
 * and 0.1108 to 0.1119 (6 h); 10% would cost 0.005 at 6 h (slow latency ramps warned later).
 */
export const DEGRADING_FULL_WEIGHT_SHARE = 0.02;

/** How much a degrading response-time trend weighs in the anomaly family, 0..1. */
export function degradingWeight(degrading: boolean, recentMeanMs: number | null, timeoutMs: number): number {
  if (!degrading || recentMeanMs === null || !(timeoutMs > 0)) return 0;
  return Math.max(0, Math.min(1, recentMeanMs / (DEGRADING_FULL_WEIGHT_SHARE * timeoutMs)));
}

/**
 * The detector score from which a latency anomaly counts as an alarm (the anomaly probability
 * starts rising here). Chosen as the NAB cross-validation chooses thresholds (bench/nab/cv.ts:
 * the reward_low_FP profile's smoothed threshold on every family present; printed by
 * `npm run bench -- nab`); 0.4 before issue 17. Out of sample, at thresholds chosen this way on
 * the other families, 0.30 rows per 1,000 outside any anomaly window score above it
 * (docs/prediction.md, "Cross-validation").
 */
export const ANOMALY_ALARM_THRESHOLD = 0.525;
/** Score span over which the anomaly probability rises from 0 to its maximum. */
const ANOMALY_RAMP = 0.4;

/**
 * Latency anomaly score (0..1, recent maximum) → probability; at most 0.35, or 0.55 with a
 * degrading trend of full weight (see degradingWeight).
 */
export function anomalyProbability(recentAnomaly: number, degradingWeight = 0): number {
  const s = Math.max(0, Math.min(1, (recentAnomaly - ANOMALY_ALARM_THRESHOLD) / ANOMALY_RAMP));
  const smooth = s * s * (3 - 2 * s);
  return 0.35 * smooth + 0.2 * Math.max(0, Math.min(1, degradingWeight));
}

export function combineRisks(ps: readonly number[]): number {
  let survive = 1;
  for (const p of ps) survive *= 1 - Math.max(0, Math.min(1, p));
  return 1 - survive;
}
