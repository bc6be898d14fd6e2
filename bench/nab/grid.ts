/**
 * The small grid of detector settings the cross-validation chooses from (crossValidation.ts).
 * Each candidate is a full DetectorConfig; the first is the configuration of issue 7 (the one
 * measured before issue 17), so the baseline is always in the grid.
 */
import type { DetectorConfig } from '../../src/server/predict/anomaly/detector';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/server/predict/anomaly/detector';

export interface Candidate {
  label: string;
  config: DetectorConfig;
}

/** The detector as issue 7 left it (shape channel absent). */
export const ISSUE7_CONFIG: DetectorConfig = {
  ...DEFAULT_DETECTOR_CONFIG,
  raw: { ...DEFAULT_DETECTOR_CONFIG.raw, tolerance: 0.16, shapeOrder: 0 },
  channels: { short: true, seasonal: true, context: true, shape: false },
  suppressRows: 144,
  suppressFactor: 0.5,
};

function variant(tolerance: number, suppressFactor: number, shapeOrder: number): Candidate {
  return {
    label: `tol ${tolerance} · damp ${suppressFactor}${shapeOrder > 0 ? ` · shape ${shapeOrder}` : ''}`,
    config: {
      ...ISSUE7_CONFIG,
      raw: { ...ISSUE7_CONFIG.raw, tolerance, shapeOrder },
      channels: { ...ISSUE7_CONFIG.channels, shape: shapeOrder > 0 },
      suppressFactor,
    },
  };
}

/**
 * Settings of the existing detector: the range tolerance of the raw scores (half, as is, double)
 * and how a repeat within the de-duplication span is damped (halved as in issue 7, or silenced
 * as CAD OSE's rest period does). With `shape`, each also with the shape channel (order 3).
 */
export function detectorGrid(shape: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const shapeOrder of shape ? [0, 3] : [0])
    for (const tolerance of [0.16, 0.08, 0.32]) for (const damp of [0.5, 0]) out.push(variant(tolerance, damp, shapeOrder));
  return out;
}
