/**
 * The streaming anomaly detector used both by `dbpulse anomaly` (NAB) and by the product's
 * predictor on latency and metric series. One update per row, O(1) work, plain-data state
 * (JSON-serialisable), no look-ahead: a row's score depends only on the rows before it.
 *
 * score = max(log-likelihood of the raw score, spatial anomaly)
 *   raw score   rawScore.ts   (forecast error relative to the observed range)
 *   likelihood  likelihood.ts (rolling Gaussian tail probability of the averaged raw score)
 *   spatial     a value beyond the range seen so far by more than a tolerance scores 1
 *               (as NAB's numenta detector does)
 */
import type { LikelihoodConfig, LikelihoodState } from './likelihood';
import { DEFAULT_LIKELIHOOD_CONFIG, logLikelihood, newLikelihoodState, updateLikelihood } from './likelihood';
import type { RawScoreConfig, RawScoreState } from './rawScore';
import { DEFAULT_RAW_SCORE_CONFIG, newRawScoreState, updateRawScores } from './rawScore';

export interface DetectorConfig {
  raw: RawScoreConfig;
  likelihood: LikelihoodConfig;
  /** Fraction of the observed range beyond which a new extreme is a spatial anomaly. */
  spatialTolerance: number;
  /** Rows seen before spatial anomalies may fire. */
  spatialWarmup: number;
  /** Which raw channels feed the final score (each through its own likelihood; max wins). */
  channels: { short: boolean; seasonal: boolean; context: boolean; shape: boolean };
  /**
   * Alarm de-duplication: a score that does not exceed every score of the previous
   * `suppressRows` rows is multiplied by `suppressFactor`, so a sustained anomaly raises one
   * alarm at its onset instead of one per row (0 rows turns this off).
   */
  suppressRows: number;
  suppressFactor: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  raw: DEFAULT_RAW_SCORE_CONFIG,
  likelihood: DEFAULT_LIKELIHOOD_CONFIG,
  spatialTolerance: 0.05,
  spatialWarmup: 0,
  channels: { short: true, seasonal: true, context: true, shape: false },
  suppressRows: 144,
  suppressFactor: 0.5,
};

export interface DetectorState {
  version: 1;
  count: number;
  lastTimestamp: number | null;
  min: number;
  max: number;
  raw: RawScoreState;
  likelihood: LikelihoodState;
  seasonalLikelihood: LikelihoodState;
  contextLikelihood: LikelihoodState;
  /** Created on first use (states saved before the shape channel existed have none). */
  shapeLikelihood?: LikelihoodState;
  /** Sliding-maximum deque of recent undamped scores: [row index, score] pairs, scores decreasing. */
  recentMax: [number, number][];
}

export interface DetectorStep {
  /** Final anomaly score in [0, 1]. */
  score: number;
  raw: number;
  likelihood: number;
  spatial: boolean;
}

export function newDetectorState(config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): DetectorState {
  return {
    version: 1,
    count: 0,
    lastTimestamp: null,
    min: 0,
    max: 0,
    raw: newRawScoreState(config.raw),
    likelihood: newLikelihoodState(config.likelihood),
    seasonalLikelihood: newLikelihoodState(config.likelihood),
    contextLikelihood: newLikelihoodState(config.likelihood),
    recentMax: [],
  };
}

/** Scores one row and advances the state. Non-finite values score 0 and leave the state unchanged. */
export function detectorUpdate(
  state: DetectorState,
  t: number,
  value: number,
  config: DetectorConfig = DEFAULT_DETECTOR_CONFIG,
): DetectorStep {
  if (!Number.isFinite(value) || !Number.isFinite(t)) return { score: 0, raw: 0, likelihood: 0.5, spatial: false };
  let spatial = false;
  if (state.count > config.spatialWarmup && state.max > state.min) {
    const tol = (state.max - state.min) * config.spatialTolerance;
    spatial = value > state.max + tol || value < state.min - tol;
  }
  if (state.count === 0) {
    state.min = value;
    state.max = value;
  } else {
    if (value < state.min) state.min = value;
    if (value > state.max) state.max = value;
  }
  const raws = updateRawScores(state.raw, config.raw, t, value);
  const raw = raws.short;
  let likelihood = updateLikelihood(state.likelihood, config.likelihood, raws.short);
  if (!config.channels.short) likelihood = 0.5;
  if (raws.seasonal !== undefined) {
    const l = updateLikelihood(state.seasonalLikelihood, config.likelihood, raws.seasonal);
    if (config.channels.seasonal) likelihood = Math.max(likelihood, l);
  }
  const lc = updateLikelihood(state.contextLikelihood, config.likelihood, raws.context);
  if (config.channels.context) likelihood = Math.max(likelihood, lc);
  if (config.channels.shape && config.raw.shapeOrder > 0) {
    const ls = updateLikelihood((state.shapeLikelihood ??= newLikelihoodState(config.likelihood)), config.likelihood, raws.shape);
    likelihood = Math.max(likelihood, ls);
  }
  let score = spatial ? 1 : logLikelihood(likelihood);
  if (config.suppressRows > 0) {
    const q = state.recentMax;
    while (q.length > 0 && q[0][0] <= state.count - config.suppressRows) q.shift();
    const undamped = score;
    if (q.length > 0 && score <= q[0][1]) score *= config.suppressFactor;
    while (q.length > 0 && q[q.length - 1][1] <= undamped) q.pop();
    q.push([state.count, undamped]);
  }
  state.count++;
  state.lastTimestamp = t;
  return { score: Math.min(1, Math.max(0, score)), raw, likelihood, spatial };
}

/** Convenience wrapper with an object API. */
export class StreamingAnomalyDetector {
  readonly config: DetectorConfig;
  private state: DetectorState;

  constructor(config: DetectorConfig = DEFAULT_DETECTOR_CONFIG, state?: DetectorState) {
    this.config = config;
    this.state = state ? structuredClone(state) : newDetectorState(config);
  }

  update(timestampMs: number, value: number): DetectorStep {
    return detectorUpdate(this.state, timestampMs, value, this.config);
  }

  /** A deep copy of the state, safe to JSON.stringify and to restore later. */
  snapshot(): DetectorState {
    return structuredClone(this.state);
  }
}
