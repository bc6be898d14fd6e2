/**
 * The catalog and statistics queries the PostgreSQL advisor sends, one per
 * snapshot section, each with what it needs. They read catalogs and cumulative
 * statistics only (never a user table's rows), ask for nothing beyond what
 * `pg_monitor` grants except `passwords` and `hba` (superuser-only views, which
 * go to `skipped` otherwise), and are sent inside a read-only transaction with
 * local statement and lock timeouts by the collector. Query texts of sessions
 * (pg_stat_activity) are never read: only pg_stat_statements' normalised texts.
 * Sizes come from pg_class.relpages (as of the last VACUUM / ANALYZE), not from
 * pg_relation_size: no file system call per relation on a catalog of 10,000 tables.
 */

export interface PgQuery {
  sql: string;
  /** What to grant or install when it is refused. */
  needs: string;
  /** The checks that read it (recorded as skipped when it cannot run). */
  checks: string[];
}

/** Schemas never advised on. */
const SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast')";
const NOT_SYSTEM = (col: string) => `${col} NOT IN ${SYSTEM_SCHEMAS} AND ${col} NOT LIKE 'pg_temp%' AND ${col} NOT LIKE 'pg_toast_temp%'`;

export const PG_SETTINGS_SQL = `SELECT current_setting('server_version') AS server_version,
  current_setting('server_version_num')::int AS version_num,
  current_setting('max_connections')::int AS max_connections,
  current_setting('superuser_reserved_connections')::int AS reserved_connections,
  current_user AS current_role,
  r.rolsuper AS rolsuper, r.rolcreaterole AS rolcreaterole, r.rolbypassrls AS rolbypassrls,
  pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS reads_all_stats,
  (SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements') AS pgss_schema,
  EXTRACT(EPOCH FROM pg_postmaster_start_time())::float8 AS started_at,
  EXTRACT(EPOCH FROM clock_timestamp())::float8 AS now
FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`;

export interface PgSettingsRow {
  server_version: string;
  version_num: number;
  max_connections: number;
  reserved_connections: number;
  current_role: string;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolbypassrls: boolean;
  reads_all_stats: boolean;
  pgss_schema: string | null;
  started_at: number;
  now: number;
}

export interface PgActivityRow {
  pid: number;
  role: string | null;
  application_name: string | null;
  state: string | null;
  query_s: number | null;
  xact_s: number | null;
  state_s: number | null;
  wait_event_type: string | null;
}

export interface PgDatabaseRow {
  datname: string;
  xid_age: string;
  numbackends: number | null;
  xact: string | null;
  sessions: string | null;
  session_time_ms: number | null;
  stats_since: number | null;
}

export interface PgStatementRow {
  queryid: string;
  query: string;
  calls: string;
  total_ms: number;
  mean_ms: number;
  rows: string;
  all_ms: number;
  all_calls: string;
}

export interface PgTableRow {
  schema: string;
  table: string;
  seq_scan: string;
  idx_scan: string | null;
  live: string;
  dead: string;
  mod_since_analyze: string;
  last_vacuum: number | null;
  last_analyze: number | null;
  bytes: string;
  vacuum_threshold: number;
  vacuum_scale: number;
  analyze_threshold: number;
  analyze_scale: number;
  autovacuum_enabled: boolean;
}

export interface PgCacheRow {
  heap_hit: string | null;
  heap_read: string | null;
  idx_hit: string | null;
  idx_read: string | null;
}

export interface PgIndexRow {
  schema: string;
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  valid: boolean;
  method: string;
  predicate: string | null;
  expressions: string | null;
  constraint: boolean;
  scans: string | null;
  bytes: string;
}

export interface PgForeignKeyRow {
  schema: string;
  table: string;
  name: string;
  columns: string[];
  referenced: string;
}

export interface PgSequenceRow {
  schema: string;
  name: string;
  readable: boolean;
  last_value: string | null;
  max_value: string;
  increment_by: string;
  column_max: string | null;
}

export interface PgSecurityRow {
  public_create: boolean;
}

export interface PgTlsRow {
  ssl: string;
  ssl_min_protocol_version: string | null;
}

export interface PgPasswordRow {
  role: string;
}

export interface PgHbaRow {
  line_number: number;
  type: string;
  database: string[] | null;
  user_name: string[] | null;
  address: string | null;
  auth_method: string;
}

/** The sections, in the order the collector sends them. */
export function pgQueries(settings: PgSettingsRow | undefined): Record<string, PgQuery> {
  const v = settings?.version_num ?? 150000;
  const pgss = settings?.pgss_schema;
  const q: Record<string, PgQuery> = {
    activity: {
      checks: ['long_running_query', 'idle_in_transaction'],
      needs: 'pg_read_all_stats (part of pg_monitor) to see other roles’ sessions',
      sql: `SELECT s.pid, s.usename AS role, s.application_name, s.state,
  EXTRACT(EPOCH FROM clock_timestamp() - s.query_start)::float8 AS query_s,
  EXTRACT(EPOCH FROM clock_timestamp() - s.xact_start)::float8 AS xact_s,
  EXTRACT(EPOCH FROM clock_timestamp() - s.state_change)::float8 AS state_s,
  s.wait_event_type
FROM pg_catalog.pg_stat_activity s
WHERE s.backend_type = 'client backend' AND s.pid <> pg_backend_pid() AND s.state IS NOT NULL AND s.state <> 'idle'`,
    },
    databases: {
      checks: ['txid_wraparound', 'connection_saturation', 'connection_churn'],
      needs: 'SELECT on pg_stat_database (granted to PUBLIC by default)',
      sql: `SELECT d.datname, age(d.datfrozenxid)::text AS xid_age, s.numbackends,
  (s.xact_commit + s.xact_rollback)::text AS xact,
  ${v >= 140000 ? 's.sessions::text' : 'NULL::text'} AS sessions,
  ${v >= 140000 ? 's.session_time::float8' : 'NULL::float8'} AS session_time_ms,
  EXTRACT(EPOCH FROM COALESCE(s.stats_reset, pg_postmaster_start_time()))::float8 AS stats_since
FROM pg_catalog.pg_database d LEFT JOIN pg_catalog.pg_stat_database s ON s.datid = d.oid`,
    },
    statements: {
      checks: ['slow_query', 'top_time_query'],
      needs: pgss ? 'pg_read_all_stats (part of pg_monitor) to read other roles’ statements' : 'the pg_stat_statements extension',
      sql: pgss
        ? `SELECT s.queryid::text, left(s.query, 2000) AS query, s.calls::text,
  s.${v >= 130000 ? 'total_exec_time' : 'total_time'}::float8 AS total_ms,
  s.${v >= 130000 ? 'mean_exec_time' : 'mean_time'}::float8 AS mean_ms, s.rows::text,
  sum(s.${v >= 130000 ? 'total_exec_time' : 'total_time'}) OVER ()::float8 AS all_ms, sum(s.calls) OVER ()::text AS all_calls
FROM ${quoteSchema(pgss)}.pg_stat_statements s
WHERE s.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
ORDER BY s.${v >= 130000 ? 'total_exec_time' : 'total_time'} DESC LIMIT 100`
        : '',
    },
    tables: {
      checks: ['missing_index', 'table_bloat', 'vacuum_overdue'],
      needs: 'SELECT on pg_stat_user_tables (granted to PUBLIC)',
      sql: `SELECT t.schemaname AS schema, t.relname AS "table", t.seq_scan::text, t.idx_scan::text,
  t.n_live_tup::text AS live, t.n_dead_tup::text AS dead, t.n_mod_since_analyze::text AS mod_since_analyze,
  EXTRACT(EPOCH FROM GREATEST(t.last_vacuum, t.last_autovacuum))::float8 AS last_vacuum,
  EXTRACT(EPOCH FROM GREATEST(t.last_analyze, t.last_autoanalyze))::float8 AS last_analyze,
  (c.relpages::bigint * current_setting('block_size')::bigint)::text AS bytes,
  current_setting('autovacuum_vacuum_threshold')::float8 AS vacuum_threshold,
  current_setting('autovacuum_vacuum_scale_factor')::float8 AS vacuum_scale,
  current_setting('autovacuum_analyze_threshold')::float8 AS analyze_threshold,
  current_setting('autovacuum_analyze_scale_factor')::float8 AS analyze_scale,
  COALESCE(c.reloptions::text[] @> ARRAY['autovacuum_enabled=false'], false) = false AS autovacuum_enabled
FROM pg_catalog.pg_stat_user_tables t JOIN pg_catalog.pg_class c ON c.oid = t.relid`,
    },
    cache: {
      checks: ['low_cache_hit'],
      needs: 'SELECT on pg_statio_user_tables / pg_statio_user_indexes (granted to PUBLIC)',
      sql: `SELECT (SELECT sum(heap_blks_hit) FROM pg_catalog.pg_statio_user_tables)::text AS heap_hit,
  (SELECT sum(heap_blks_read) FROM pg_catalog.pg_statio_user_tables)::text AS heap_read,
  (SELECT sum(idx_blks_hit) FROM pg_catalog.pg_statio_user_indexes)::text AS idx_hit,
  (SELECT sum(idx_blks_read) FROM pg_catalog.pg_statio_user_indexes)::text AS idx_read`,
    },
    indexes: {
      checks: ['unused_index', 'duplicate_index', 'invalid_index', 'unindexed_foreign_key'],
      needs: 'SELECT on pg_index / pg_stat_user_indexes (granted to PUBLIC)',
      sql: `SELECT n.nspname AS schema, t.relname AS "table", c.relname AS name,
  ARRAY(SELECT CASE WHEN k.attnum = 0 THEN '(expression)' ELSE a.attname::text END
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE k.ord <= ${v >= 110000 ? 'i.indnkeyatts' : 'i.indnatts'} ORDER BY k.ord) AS columns,
  i.indisunique AS "unique", i.indisprimary AS "primary", i.indisvalid AND i.indisready AS valid, am.amname AS method,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate, pg_catalog.pg_get_expr(i.indexprs, i.indrelid) AS expressions,
  i.indexrelid IN (SELECT x.conindid FROM pg_catalog.pg_constraint x WHERE x.conindid <> 0) AS "constraint",
  s.idx_scan::text AS scans, (c.relpages::bigint * current_setting('block_size')::bigint)::text AS bytes
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = c.relam
LEFT JOIN pg_catalog.pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
WHERE ${NOT_SYSTEM('n.nspname')}`,
    },
    foreignKeys: {
      checks: ['unindexed_foreign_key'],
      needs: 'SELECT on pg_constraint (granted to PUBLIC)',
      sql: `SELECT n.nspname AS schema, t.relname AS "table", c.conname AS name,
  ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
  c.confrelid::regclass::text AS referenced
FROM pg_catalog.pg_constraint c
JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE c.contype = 'f' AND ${NOT_SYSTEM('n.nspname')}`,
    },
    sequences: {
      checks: ['sequence_exhaustion'],
      needs: 'USAGE or SELECT on each sequence (pg_sequences shows last_value only then)',
      sql: `SELECT s.schemaname AS schema, s.sequencename AS name,
  pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable,
  s.last_value::text, s.max_value::text, s.increment_by::text,
  (SELECT CASE format_type(a.atttypid, NULL) WHEN 'smallint' THEN '32767' WHEN 'integer' THEN '2147483647' END
     FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') LIMIT 1) AS column_max
FROM pg_catalog.pg_sequences s
JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename`,
    },
    security: {
      checks: ['public_schema_create'],
      needs: 'SELECT on pg_namespace (granted to PUBLIC)',
      sql: `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n,
  aclexplode(COALESCE(n.nspacl, acldefault('n', n.nspowner))) a
  WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') AS public_create`,
    },
    tls: {
      checks: ['server_tls_off', 'weak_tls_version'],
      needs: 'pg_read_all_settings (part of pg_monitor)',
      sql: `SELECT current_setting('ssl') AS ssl, current_setting('ssl_min_protocol_version', true) AS ssl_min_protocol_version`,
    },
    passwords: {
      checks: ['role_without_password'],
      needs: 'superuser (pg_authid is readable by superusers only)',
      sql: `SELECT rolname AS role FROM pg_catalog.pg_authid WHERE rolcanlogin AND rolpassword IS NULL AND rolname NOT LIKE 'pg\\_%'`,
    },
    hba: {
      checks: ['trust_auth_rule', 'insecure_transport_allowed'],
      needs: 'superuser or SELECT on pg_hba_file_rules',
      sql: `SELECT line_number, type, database, user_name, address, auth_method FROM pg_catalog.pg_hba_file_rules WHERE error IS NULL`,
    },
  };
  if (!pgss) q.statements.sql = '';
  return q;
}

function quoteSchema(s: string): string {
  return `"${s.split('"').join('""')}"`;
}
