/**
 * PostgreSQL health metrics: the read-only SQL the probe sends, and the pure
 * functions that turn its rows into `ProbeResult.metrics` and warnings.
 * Metric keys are a contract with the predictor: connections_used,
 * max_connections, oldest_xact_age_s, xid_wraparound_age, cache_hit_ratio,
 * replication_lag_s (replicas only), pg_stat_statements, in_recovery.
 */
import type { MetricValue } from '../../shared/probe';

/** One metric's own query, used when the combined query is refused. */
export interface PgMetricQuery {
  /** Column the query returns (also the metric key, except server_version / pg_stat_statements_installed). */
  column: string;
  expr: string;
  /** What to grant when it is refused. */
  needs: string;
}

export const PG_METRIC_QUERIES: readonly PgMetricQuery[] = [
  { column: 'server_version', expr: "current_setting('server_version')", needs: 'nothing special' },
  { column: 'max_connections', expr: "current_setting('max_connections')::int", needs: 'nothing special' },
  {
    // Slots only superusers (and, on PostgreSQL 16+, pg_use_reserved_connections) may use: ordinary
    // roles are refused at max_connections minus these.
    column: 'connections_reserved',
    expr: "(current_setting('superuser_reserved_connections')::int + COALESCE(NULLIF(current_setting('reserved_connections', true), '')::int, 0))",
    needs: 'nothing special',
  },
  {
    // numbackends of pg_stat_database: backends connected to each database (what counts against
    // max_connections), read from the cumulative stats without joining pg_stat_activity's catalogs.
    column: 'connections_used',
    expr: '(SELECT sum(numbackends) FROM pg_catalog.pg_stat_database)::int',
    needs: 'SELECT on pg_stat_database (role pg_monitor)',
  },
  {
    column: 'oldest_xact_age_s',
    expr:
      '(SELECT COALESCE(EXTRACT(EPOCH FROM max(clock_timestamp() - s.xact_start)), 0) FROM pg_catalog.pg_stat_get_activity(NULL) s ' +
      "WHERE s.xact_start IS NOT NULL AND s.pid <> pg_backend_pid() AND s.backend_type = 'client backend')::float8",
    needs: 'EXECUTE on pg_stat_get_activity() (role pg_monitor to see other users’ transactions)',
  },
  {
    column: 'xid_wraparound_age',
    expr: '(SELECT max(age(datfrozenxid)) FROM pg_catalog.pg_database)::bigint',
    needs: 'SELECT on pg_database',
  },
  {
    column: 'cache_hit_ratio',
    expr: '(SELECT sum(blks_hit)::float8 / NULLIF(sum(blks_hit) + sum(blks_read), 0) FROM pg_catalog.pg_stat_database)',
    needs: 'SELECT on pg_stat_database (role pg_monitor)',
  },
  { column: 'in_recovery', expr: 'pg_is_in_recovery()', needs: 'EXECUTE on pg_is_in_recovery()' },
  {
    column: 'replication_lag_s',
    expr:
      'CASE WHEN pg_is_in_recovery() THEN CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8 ' +
      'ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 END END',
    needs: 'EXECUTE on pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(), pg_last_xact_replay_timestamp() (role pg_monitor)',
  },
  {
    column: 'pg_stat_statements_installed',
    expr: "EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements')",
    needs: 'SELECT on pg_extension',
  },
];

/** The metric keys every PostgreSQL result carries (null when unknown or refused). */
export const PG_METRIC_KEYS = [
  'connections_used',
  'max_connections',
  'connections_reserved',
  'oldest_xact_age_s',
  'xid_wraparound_age',
  'cache_hit_ratio',
  'pg_stat_statements',
  'in_recovery',
] as const;

/** Wraps statements in a read-only transaction with local timeouts; one round trip (simple query protocol). */
export function readOnlyBatch(statementTimeoutMs: number, statements: string[]): string {
  const ms = Math.max(1, Math.floor(statementTimeoutMs));
  return [
    'BEGIN READ ONLY',
    `SET LOCAL statement_timeout = ${ms}`,
    `SET LOCAL lock_timeout = ${ms}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${ms}`,
    ...statements,
    'COMMIT',
  ].join(';\n');
}

export function combinedMetricsSql(statementTimeoutMs: number): string {
  return readOnlyBatch(statementTimeoutMs, [`SELECT ${PG_METRIC_QUERIES.map((q) => `${q.expr} AS ${q.column}`).join(',\n  ')}`]);
}

export function singleMetricSql(q: PgMetricQuery, statementTimeoutMs: number): string {
  // ROLLBACK first: a refused statement leaves the previous batch's transaction aborted.
  return `ROLLBACK;\n${readOnlyBatch(statementTimeoutMs, [`SELECT ${q.expr} AS ${q.column}`])}`;
}

export const PG_STAT_STATEMENTS_SQL = (statementTimeoutMs: number) =>
  `ROLLBACK;\n${readOnlyBatch(statementTimeoutMs, ['SELECT 1 AS readable FROM pg_stat_statements LIMIT 1'])}`;

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function toBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 't' || v === 'true') return true;
  if (v === 'f' || v === 'false') return false;
  return null;
}

function round(v: number | null, digits: number): number | null {
  if (v === null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * Metrics from the combined row (or a row merged from single queries).
 * `replication_lag_s` is present only on replicas.
 */
export function pgMetricsFromRow(row: Record<string, unknown>): Record<string, MetricValue> {
  const inRecovery = toBool(row.in_recovery);
  const metrics: Record<string, MetricValue> = {
    connections_used: toNumber(row.connections_used),
    max_connections: toNumber(row.max_connections),
    connections_reserved: toNumber(row.connections_reserved),
    oldest_xact_age_s: round(toNumber(row.oldest_xact_age_s), 3),
    xid_wraparound_age: toNumber(row.xid_wraparound_age),
    cache_hit_ratio: round(toNumber(row.cache_hit_ratio), 6),
    pg_stat_statements: toBool(row.pg_stat_statements_installed) ?? false,
    in_recovery: inRecovery,
  };
  if (inRecovery === true) metrics.replication_lag_s = round(toNumber(row.replication_lag_s), 3);
  return metrics;
}

/** PostgreSQL's hard stop is at 2^31 - 1 000 000 XIDs; warn well before. */
export const XID_WARN_AGE = 1_500_000_000;
export const CONNECTIONS_WARN_RATIO = 0.9;

/** Saturation warnings that make an otherwise healthy server `degraded`. */
export function pgSaturationWarnings(m: Record<string, MetricValue>): string[] {
  const out: string[] = [];
  const used = typeof m.connections_used === 'number' ? m.connections_used : null;
  const max = typeof m.max_connections === 'number' ? m.max_connections : null;
  if (used !== null && max !== null && max > 0 && used / max >= CONNECTIONS_WARN_RATIO) {
    out.push(`connections near the limit: ${used} of max_connections ${max}`);
  }
  if (typeof m.xid_wraparound_age === 'number' && m.xid_wraparound_age >= XID_WARN_AGE) {
    out.push(`transaction ID wraparound approaching: age(datfrozenxid) = ${m.xid_wraparound_age}; run VACUUM (FREEZE)`);
  }
  return out;
}

/** SQLSTATE classes that mean "this metric is not readable by this role" rather than "the server is down". */
export function isPrivilegeError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '42501';
}
