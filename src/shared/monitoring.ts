/**
 * Monitoring settings and status as both sides see them (plain values, no protocol).
 */

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

export interface MonitoringStatus {
  enabled: boolean;
  /** Default interval: milliseconds or a cron expression. */
  interval: number | string;
  /** Per-connection overrides set with "Enable Automated Monitoring". */
  overrides: Record<string, number | string>;
  /** Why monitoring cannot run (no storage, Restricted Mode ...). */
  note?: string;
}
