/** The predictor's public types (the product's JSON format, issue 7). */
export type RiskLevel = 'IMMEDIATE_ACTION_REQUIRED' | 'MONITOR_CLOSELY' | 'HEALTHY';
export type ResponseTimeTrend = 'degrading' | 'stable' | 'improving' | 'unknown';

export interface Prediction {
  /** Share of failed checks in the window, e.g. "5.2%". */
  failure_rate: string;
  /** Mean total probe time of the checks in the window, e.g. "245ms". */
  avg_response_time: string;
  response_time_trend: ResponseTimeTrend;
  prediction: {
    /** 0..100: probability (percent) that the connection fails within the horizon. */
    failure_probability: number;
    /** Hours until the limiting resource runs out; null when nothing is running out. */
    time_to_failure_hours: number | null;
    /** 90% interval of time_to_failure_hours ([low, high], high may be null = unbounded). */
    time_to_failure_interval_hours: [number, number | null] | null;
    root_cause: string;
    preventive_actions: string[];
    /** 0..100: how much data there is and how well the models fit it. */
    confidence_score: number;
    risk_level: RiskLevel;
  };
}

export interface PredictOptions {
  /** Checks used for the failure rate, averages and patterns (default 100). */
  window?: number;
  /** Horizon of failure_probability, hours (default 6: best calibrated in the simulated reliability table). */
  horizonHours?: number;
  /** Latency that counts as a failure (the probe's timeout), ms (default 10000). */
  timeoutMs?: number;
  /** Lengths of the trend windows, ms (default 15, 60, 240 and 960 minutes); predict() only. */
  trendWindowsMs?: number[];
}

export function riskLevel(failureProbability: number): RiskLevel {
  if (failureProbability > 70) return 'IMMEDIATE_ACTION_REQUIRED';
  if (failureProbability >= 40) return 'MONITOR_CLOSELY';
  return 'HEALTHY';
}
