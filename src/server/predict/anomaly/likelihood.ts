/**
 * Anomaly likelihood: turns a stream of raw anomaly scores into a calibrated tail probability,
 * after Numenta's `AnomalyLikelihood` (nupic.algorithms.anomaly_likelihood, used by NAB's
 * numenta detector): a rolling Gaussian fitted to the short-term averages of the raw scores;
 * the likelihood of the current short-term average is 1 - its tail probability. A raw
 * detector that is "always a bit surprised" on a noisy series therefore stops alarming, while a
 * change in how surprised it is stands out. Online, O(1) per point.
 */
import { tailProbability } from './gaussian';
import type { RollingWindowState } from './rollingWindow';
import { newRollingWindow, rollingCount, rollingMean, rollingPush, rollingVariance } from './rollingWindow';

export interface LikelihoodConfig {
  /** Records during which the raw scores are ignored (the raw model is still learning). */
  learningPeriod: number;
  /** Records of averaged scores needed before the first estimate. */
  estimationSamples: number;
  /** How many averaged raw scores the Gaussian is fitted to. */
  historicWindowSize: number;
  /** Short-term moving average length of the raw scores. */
  averagingWindow: number;
  /** Lower bounds of the fitted Gaussian (Numenta: mean 0.03, variance 0.0003). */
  minMean: number;
  minVariance: number;
}

export const DEFAULT_LIKELIHOOD_CONFIG: LikelihoodConfig = {
  learningPeriod: 288,
  estimationSamples: 288,
  historicWindowSize: 8640,
  averagingWindow: 10,
  minMean: 0.03,
  minVariance: 0.0003,
};

export interface LikelihoodState {
  seen: number;
  recentRaw: RollingWindowState;
  history: RollingWindowState;
  /** Previous (unfiltered) tail probability, for the red-zone filter. */
  prevTail: number;
}

export function newLikelihoodState(config: LikelihoodConfig): LikelihoodState {
  return {
    seen: 0,
    recentRaw: newRollingWindow(config.averagingWindow),
    history: newRollingWindow(config.historicWindowSize),
    prevTail: 0.5,
  };
}

const RED_TAIL = 1 - 0.99999;
const YELLOW_TAIL = 1 - 0.999;

/**
 * Feeds one raw score in [0, 1]; returns the anomaly likelihood in [0, 1]
 * (0.5 while learning). A run of consecutive "red" likelihoods keeps only the first one red
 * (Numenta's _filterLikelihoods), so a sustained change alarms once rather than on every row.
 */
export function updateLikelihood(state: LikelihoodState, config: LikelihoodConfig, rawScore: number): number {
  state.seen++;
  rollingPush(state.recentRaw, rawScore);
  const average = rollingMean(state.recentRaw);
  if (state.seen <= config.learningPeriod) return 0.5;
  const enough = rollingCount(state.history) >= config.estimationSamples;
  let likelihood = 0.5;
  if (enough) {
    const mean = Math.max(config.minMean, rollingMean(state.history));
    const variance = Math.max(config.minVariance, rollingVariance(state.history));
    let tail = tailProbability(average, mean, Math.sqrt(variance));
    const filtered = tail <= RED_TAIL && state.prevTail <= RED_TAIL ? YELLOW_TAIL : tail;
    state.prevTail = tail;
    tail = filtered;
    likelihood = 1 - tail;
  }
  rollingPush(state.history, average);
  return likelihood;
}

/** Numenta's computeLogLikelihood: spreads likelihoods near 1 over [0, 1] (0.5 ↔ 1 - 1e-5). */
export function logLikelihood(likelihood: number): number {
  return Math.log(1.0000000001 - likelihood) / -23.02585084720009;
}
