/** Scores a whole series row by row with a fresh detector (the CLI and the benchmark use this). */
import type { DetectorConfig } from './detector';
import { DEFAULT_DETECTOR_CONFIG, detectorUpdate, newDetectorState } from './detector';

export function scoreSeries(
  timestamps: readonly number[],
  values: readonly number[],
  config: DetectorConfig = DEFAULT_DETECTOR_CONFIG,
): number[] {
  const state = newDetectorState(config);
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = detectorUpdate(state, timestamps[i], values[i], config).score;
  return out;
}
