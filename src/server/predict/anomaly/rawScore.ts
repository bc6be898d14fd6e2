/**
 * Raw anomaly score: how badly the best of a few simple forecasters missed this value, relative
 * to the series' observed range (the way an HTM scalar encoder's resolution follows the range).
 * Forecasters: the previous value (persistence), the value at the same time one day earlier
 * (daily seasonality) and a slow exponential level. Like HTM's union of predictions, a value any
 * forecaster expected is not surprising. Online, O(1) per point, no look-ahead.
 */
import type { SeasonalMemoryState } from './seasonalMemory';
import { newSeasonalMemory, seasonalRecall, seasonalRemember } from './seasonalMemory';

export interface RawScoreConfig {
  /** Error (as a fraction of the observed range) that counts as fully surprising. */
  tolerance: number;
  /** Smoothing factor of the slow level forecaster. */
  levelAlpha: number;
  /** Daily seasonality: period and slot count of the seasonal memory. */
  seasonPeriodMs: number;
  seasonSlots: number;
}

export const DEFAULT_RAW_SCORE_CONFIG: RawScoreConfig = {
  tolerance: 0.16,
  levelAlpha: 0.05,
  seasonPeriodMs: 86_400_000,
  seasonSlots: 288,
};

export interface RawScoreState {
  count: number;
  min: number;
  max: number;
  last: number;
  level: number;
  season: SeasonalMemoryState;
}

export function newRawScoreState(config: RawScoreConfig): RawScoreState {
  return { count: 0, min: 0, max: 0, last: 0, level: 0, season: newSeasonalMemory(config.seasonPeriodMs, config.seasonSlots) };
}

export function updateRawScore(s: RawScoreState, config: RawScoreConfig, t: number, x: number): number {
  let raw = 0;
  if (s.count > 0) {
    const range = s.max - s.min;
    const scale = config.tolerance * (range > 0 ? range : Math.max(Math.abs(s.max), 1));
    let err = Math.min(Math.abs(x - s.last), Math.abs(x - s.level));
    const seasonal = seasonalRecall(s.season, t);
    if (seasonal !== undefined) err = Math.min(err, Math.abs(x - seasonal));
    raw = Math.min(1, err / scale);
    s.level += config.levelAlpha * (x - s.level);
    if (x < s.min) s.min = x;
    if (x > s.max) s.max = x;
  } else {
    s.min = x;
    s.max = x;
    s.level = x;
  }
  s.last = x;
  s.count++;
  seasonalRemember(s.season, t, x);
  return raw;
}
