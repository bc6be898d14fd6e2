/**
 * The probe metric names the predictor reads (ProbeResult.metrics keys). The probes engineer
 * names them; this is the one list to keep in step with the probes.
 */
export const PREDICTOR_METRICS = {
  postgres: [
    'connections_used',
    'max_connections',
    'connections_reserved',
    'oldest_xact_age_s',
    'xid_wraparound_age',
    'cache_hit_ratio',
    'replication_lag_s',
  ],
  mysql: ['threads_connected', 'max_connections', 'aborted_connects', 'buffer_pool_hit_ratio', 'slow_queries', 'uptime_s'],
  mongodb: ['connections_current', 'connections_available'],
} as const;

export type PredictorMetricName = (typeof PREDICTOR_METRICS)[keyof typeof PREDICTOR_METRICS][number];

/** PostgreSQL refuses new transaction IDs near 2^31 - 3,000,000 (xidStopLimit). */
export const XID_WRAPAROUND_LIMIT = 2 ** 31 - 3_000_000;
