/**
 * The saturation gauges under provider-neutral names (pure): connections used and the usable
 * limit (the predictor's own reading, `SATURATION_RESOURCES`), replication lag, cache hit ratio,
 * oldest transaction age and transaction-ID age, from one probe's metrics. Every other metric a
 * probe records is still exported under its own key as `dbpulse_probe_metric{metric=...}`.
 */
import type { Provider } from '../../shared/categories';
import type { MetricValue } from '../../shared/probe';
import { SATURATION_RESOURCES } from '../predict/capacity';

export interface SaturationGauge {
  name: string;
  help: string;
}

export const SATURATION_GAUGES: readonly SaturationGauge[] = [
  {
    name: 'dbpulse_connections_used',
    help: 'Server connections in use (PostgreSQL backends, MySQL threads_connected, MongoDB connections.current).',
  },
  {
    name: 'dbpulse_connections_limit',
    help: 'Connections ordinary clients may use (PostgreSQL max_connections less reserved slots, MySQL max_connections, MongoDB current + available).',
  },
  { name: 'dbpulse_replication_lag_seconds', help: 'Replication lag of a replica, seconds (0 on a MongoDB primary).' },
  { name: 'dbpulse_cache_hit_ratio', help: 'Buffer cache hit ratio, 0..1 (PostgreSQL shared buffers, InnoDB buffer pool).' },
  { name: 'dbpulse_oldest_transaction_age_seconds', help: 'Age of the oldest open client transaction (PostgreSQL), seconds.' },
  {
    name: 'dbpulse_xid_wraparound_age',
    help: 'Transaction-ID age of the oldest database (PostgreSQL); wraparound stops writes near 2^31.',
  },
];

const num = (v: MetricValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The named saturation values one probe's metrics give (absent ones left out). */
export function namedSaturation(provider: Provider, m: Readonly<Record<string, MetricValue>>): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (name: string, v: number | undefined): void => {
    if (v !== undefined) out[name] = v;
  };
  const connections = SATURATION_RESOURCES[provider]?.find((r) => r.id === 'connections')?.read(m as Record<string, MetricValue>);
  if (connections) {
    put('dbpulse_connections_used', connections.used);
    put('dbpulse_connections_limit', connections.limit);
  }
  put('dbpulse_replication_lag_seconds', num(m.replication_lag_s) ?? num(m.repl_lag_s));
  put('dbpulse_cache_hit_ratio', num(m.cache_hit_ratio) ?? num(m.buffer_pool_hit_ratio));
  put('dbpulse_oldest_transaction_age_seconds', num(m.oldest_xact_age_s));
  put('dbpulse_xid_wraparound_age', num(m.xid_wraparound_age));
  return out;
}
