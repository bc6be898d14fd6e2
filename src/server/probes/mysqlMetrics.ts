/**
 * MySQL / MariaDB health metrics: the read-only SQL the probe sends and the pure
 * functions that turn its rows into `ProbeResult.metrics` and warnings.
 * Metric keys are a contract with the predictor: threads_connected,
 * max_connections, aborted_connects, buffer_pool_hit_ratio, slow_queries,
 * uptime_s (and replication_lag_s on replicas).
 */
import type { MetricValue } from '../../shared/probe';

export type MysqlFlavor = 'mariadb' | 'mysql';

export const MYSQL_STATUS_NAMES = [
  'Threads_connected',
  'Aborted_connects',
  'Innodb_buffer_pool_read_requests',
  'Innodb_buffer_pool_reads',
  'Slow_queries',
  'Uptime',
  'Slave_running',
  'Slaves_running',
] as const;

export const MYSQL_METRIC_KEYS = [
  'threads_connected',
  'max_connections',
  'aborted_connects',
  'buffer_pool_hit_ratio',
  'slow_queries',
  'uptime_s',
] as const;

export function flavorOf(serverVersion: string | undefined): MysqlFlavor {
  return /mariadb/i.test(serverVersion ?? '') ? 'mariadb' : 'mysql';
}

/**
 * The server version as `VERSION()` reports it, from the handshake's version
 * string: MariaDB before 11.0 prefixes it with "5.5.5-" so that old replication
 * clients do not mistake 10.x for MySQL 10 (RPL_VERSION_HACK); that prefix goes.
 */
export function versionFromHandshake(handshakeVersion: string | undefined): string | undefined {
  if (!handshakeVersion) return undefined;
  const v = /mariadb/i.test(handshakeVersion) ? handshakeVersion.replace(/^5\.5\.5-/, '') : handshakeVersion;
  return v || undefined;
}

/**
 * Session settings, then the metric reads, in one round trip (multiple statements):
 * read-only transactions and a statement timeout in the server's own dialect
 * (MariaDB `max_statement_time` in seconds, MySQL `max_execution_time` in ms).
 */
/** Read-only transactions and a statement timeout for the session, in the server's own dialect. */
export function mysqlSessionSettings(flavor: MysqlFlavor, statementTimeoutMs: number): string[] {
  const ms = Math.max(1, Math.floor(statementTimeoutMs));
  const timeout =
    flavor === 'mariadb' ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}` : `SET SESSION max_execution_time = ${ms}`;
  return ['SET SESSION TRANSACTION READ ONLY', timeout];
}

export function mysqlMetricsSql(flavor: MysqlFlavor, statementTimeoutMs: number): string {
  return [
    ...mysqlSessionSettings(flavor, statementTimeoutMs),
    'SELECT VERSION() AS server_version, @@max_connections AS max_connections, @@read_only AS read_only',
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${MYSQL_STATUS_NAMES.map((n) => `'${n}'`).join(', ')})`,
  ].join(';\n');
}

/** Replica status statement for this server (MySQL 8.0.22+ renamed it; MariaDB keeps both). */
export function replicaStatusSql(flavor: MysqlFlavor, serverVersion: string | undefined): string {
  if (flavor === 'mysql') {
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(serverVersion ?? '');
    if (m && (Number(m[1]) > 8 || (Number(m[1]) === 8 && (Number(m[2]) > 0 || Number(m[3]) >= 22)))) return 'SHOW REPLICA STATUS';
  }
  return 'SHOW SLAVE STATUS';
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** `SHOW GLOBAL STATUS` rows (`Variable_name`, `Value`) as a map. */
export function statusMap(rows: ReadonlyArray<Record<string, unknown>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const name = r.Variable_name ?? r.VARIABLE_NAME;
    const value = r.Value ?? r.VARIABLE_VALUE;
    if (typeof name === 'string') out.set(name, value === null || value === undefined ? '' : String(value));
  }
  return out;
}

export function mysqlMetricsFrom(vars: Record<string, unknown>, status: Map<string, string>): Record<string, MetricValue> {
  const requests = num(status.get('Innodb_buffer_pool_read_requests'));
  const reads = num(status.get('Innodb_buffer_pool_reads'));
  let hit: number | null = null;
  if (requests !== null && reads !== null && requests > 0) hit = Math.round(Math.max(0, 1 - reads / requests) * 1e6) / 1e6;
  return {
    threads_connected: num(status.get('Threads_connected')),
    max_connections: num(vars.max_connections),
    aborted_connects: num(status.get('Aborted_connects')),
    buffer_pool_hit_ratio: hit,
    slow_queries: num(status.get('Slow_queries')),
    uptime_s: num(status.get('Uptime')),
  };
}

/** Does the server look like a replica, from what any account can read? */
export function looksLikeReplica(vars: Record<string, unknown>, status: Map<string, string>): boolean {
  const ro = vars.read_only;
  return ro === 1 || ro === '1' || ro === 'ON' || status.get('Slave_running') === 'ON' || (num(status.get('Slaves_running')) ?? 0) > 0;
}

export interface ReplicaState {
  isReplica: boolean;
  /** Seconds behind the source; null while replication is stopped or broken. */
  lagS: number | null;
  warning?: string;
}

/** From `SHOW SLAVE STATUS` / `SHOW REPLICA STATUS` rows. */
export function replicaStateFrom(rows: ReadonlyArray<Record<string, unknown>>): ReplicaState {
  if (rows.length === 0) return { isReplica: false, lagS: null };
  const r = rows[0];
  const lag = num(r.Seconds_Behind_Master ?? r.Seconds_Behind_Source);
  const io = r.Slave_IO_Running ?? r.Replica_IO_Running;
  const sql = r.Slave_SQL_Running ?? r.Replica_SQL_Running;
  if (lag === null || io !== 'Yes' || sql !== 'Yes') {
    const err = r.Last_Error ?? r.Last_SQL_Error ?? r.Last_IO_Error;
    return {
      isReplica: true,
      lagS: null,
      warning: `replication is not running (IO ${String(io)}, SQL ${String(sql)})${typeof err === 'string' && err ? `: ${err}` : ''}`,
    };
  }
  return { isReplica: true, lagS: lag };
}

export const MYSQL_CONNECTIONS_WARN_RATIO = 0.9;

export function mysqlSaturationWarnings(m: Record<string, MetricValue>): string[] {
  const out: string[] = [];
  const used = typeof m.threads_connected === 'number' ? m.threads_connected : null;
  const max = typeof m.max_connections === 'number' ? m.max_connections : null;
  if (used !== null && max !== null && max > 0 && used / max >= MYSQL_CONNECTIONS_WARN_RATIO) {
    out.push(`connections near the limit: Threads_connected ${used} of max_connections ${max}`);
  }
  return out;
}

/** Errors meaning "this account may not read that", not "the server is down". */
export function isMysqlPrivilegeError(err: unknown): boolean {
  const errno = (err as { errno?: unknown } | null)?.errno;
  return errno === 1227 || errno === 1142 || errno === 1143 || errno === 1044;
}
