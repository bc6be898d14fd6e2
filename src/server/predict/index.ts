/** Predictive failure detection (issue 7): public API of src/server/predict. */
export { predict, predictFromState } from './predict';
export type { PredictorState, PredictorStateOptions } from './state';
export { newPredictorState, updatePredictor } from './state';
export type { Prediction, PredictOptions, RiskLevel, ResponseTimeTrend } from './types';
export { riskLevel } from './types';
export { PREDICTOR_METRICS, XID_WRAPAROUND_LIMIT } from './metrics';
export type { DetectorConfig, DetectorState, DetectorStep } from './anomaly/detector';
export { DEFAULT_DETECTOR_CONFIG, StreamingAnomalyDetector, detectorUpdate, newDetectorState } from './anomaly/detector';
export { scoreSeries } from './anomaly/scoreSeries';
