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
import { DEFAULT_RAW_SCORE_CONFIG, newRawScoreState, updateRawScore } from './rawScore';

export interface DetectorConfig {
  raw: RawScoreConfig;
  likelihood: LikelihoodConfig;
  /** Fraction of the observed range beyond which a new extreme is a spatial anomaly. */
  spatialTolerance: number;
  /** Rows seen before spatial anomalies may fire. */
  spatialWarmup: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  raw: DEFAULT_RAW_SCORE_CONFIG,
  likelihood: DEFAULT_LIKELIHOOD_CONFIG,
  spatialTolerance: 0.05,
  spatialWarmup: 0,
};

export interface DetectorState {
  version: 1;
  count: number;
  lastTimestamp: number | null;
  min: number;
  max: number;
  raw: RawScoreState;
  likelihood: LikelihoodState;
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
  };
}

/** Scores one row and advances the state. Non-finite values score 0 and leave the state unchanged. */
export function detectorUpdate(state: DetectorState, t: number, value: number, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG): DetectorStep {
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
  const raw = updateRawScore(state.raw, config.raw, t, value);
  const likelihood = updateLikelihood(state.likelihood, config.likelihood, raw);
  const score = spatial ? 1 : logLikelihood(likelihood);
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
