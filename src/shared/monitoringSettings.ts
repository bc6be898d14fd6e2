/** The `dbpulse.monitoring.*` settings (engine overrides). */

/** Engine settings a user may change (`dbpulse.monitoring.<key>`). */
export const MONITORING_SETTING_KEYS = [
  'maxConcurrentProbes',
  'metricsIntervalMs',
  'maxRetries',
  'backoffInitialMs',
  'backoffMaxMs',
  'breakerFailureThreshold',
  'breakerWindowMs',
  'breakerHalfOpenAfterMs',
  'maxStartJitterMs',
] as const;
export type MonitoringSettingKey = (typeof MONITORING_SETTING_KEYS)[number];
