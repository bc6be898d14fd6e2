/**
 * The MySQL / MariaDB advisor's queries: server variables and status counters,
 * performance_schema digests and index usage (as the sys schema's
 * statements_with_full_table_scans and schema_unused_indexes read them),
 * information_schema.STATISTICS for index definitions, and the account list
 * (mysql.user: names, hosts, plugins and whether the authentication string is
 * empty; never the hashes). Sent after `SET SESSION TRANSACTION READ ONLY` and
 * the session statement timeout.
 */

export interface MysqlQuery {
  sql: string;
  needs: string;
  checks: string[];
}

const SYSTEM = "('mysql', 'performance_schema', 'information_schema', 'sys')";

export const MYSQL_VARIABLES = [
  'version',
  'version_comment',
  'max_connections',
  'thread_cache_size',
  'performance_schema',
  'have_ssl',
  'tls_version',
  'require_secure_transport',
];

export const MYSQL_STATUS = [
  'Uptime',
  'Questions',
  'Max_used_connections',
  'Threads_connected',
  'Threads_created',
  'Connections',
  'Created_tmp_tables',
  'Created_tmp_disk_tables',
  'Innodb_buffer_pool_reads',
  'Innodb_buffer_pool_read_requests',
  'Slow_queries',
];

const list = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

export const MYSQL_BASE: Record<'variables' | 'status', MysqlQuery> = {
  variables: {
    checks: ['server_tls_off', 'weak_tls_version', 'insecure_transport_allowed'],
    needs: 'nothing special',
    sql: `SHOW GLOBAL VARIABLES WHERE Variable_name IN (${list(MYSQL_VARIABLES)})`,
  },
  status: {
    checks: ['low_cache_hit', 'tmp_tables_on_disk', 'connection_saturation', 'connection_churn'],
    needs: 'nothing special',
    sql: `SHOW GLOBAL STATUS WHERE Variable_name IN (${list(MYSQL_STATUS)})`,
  },
};

export interface DigestRow {
  digest: string;
  query: string;
  calls: number | string;
  total_ms: number | string;
  mean_ms: number | string;
  no_index: number | string;
  rows_examined: number | string;
  all_ms: number | string;
  all_calls: number | string;
}
export interface IndexUsageRow {
  schema: string;
  table: string;
  name: string;
  scans: number | string;
}
export interface StatisticsRow {
  schema: string;
  table: string;
  name: string;
  seq: number | string;
  column: string | null;
  sub_part: number | string | null;
  non_unique: number | string;
  type: string;
}
export interface UserRow {
  user: string;
  host: string;
  plugin: string | null;
  empty_auth: number | string;
  locked: string | null;
}
export interface GrantRow {
  grant: string;
}

export function mysqlQueries(performanceSchemaOn: boolean, flavor: 'mysql' | 'mariadb'): Record<string, MysqlQuery> {
  const ps = 'performance_schema = ON and SELECT on performance_schema.*';
  return {
    digests: {
      checks: ['missing_index', 'slow_query', 'top_time_query'],
      needs: ps,
      sql: performanceSchemaOn
        ? `SELECT DIGEST AS digest, LEFT(DIGEST_TEXT, 2000) AS query, COUNT_STAR AS calls, SUM_TIMER_WAIT / 1e9 AS total_ms,
  AVG_TIMER_WAIT / 1e9 AS mean_ms, SUM_NO_INDEX_USED AS no_index, SUM_ROWS_EXAMINED AS rows_examined,
  (SELECT SUM(SUM_TIMER_WAIT) FROM performance_schema.events_statements_summary_by_digest) / 1e9 AS all_ms,
  (SELECT SUM(COUNT_STAR) FROM performance_schema.events_statements_summary_by_digest) AS all_calls
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST_TEXT IS NOT NULL AND (SCHEMA_NAME IS NULL OR SCHEMA_NAME NOT IN ${SYSTEM})
  AND DIGEST_TEXT NOT LIKE '%performance_schema%' AND DIGEST_TEXT NOT LIKE '%information_schema%'
ORDER BY SUM_TIMER_WAIT DESC LIMIT 100`
        : '',
    },
    indexUsage: {
      checks: ['unused_index'],
      needs: ps,
      sql: performanceSchemaOn
        ? `SELECT OBJECT_SCHEMA AS \`schema\`, OBJECT_NAME AS \`table\`, INDEX_NAME AS name, COUNT_STAR AS scans
FROM performance_schema.table_io_waits_summary_by_index_usage
WHERE INDEX_NAME IS NOT NULL AND INDEX_NAME <> 'PRIMARY' AND OBJECT_SCHEMA NOT IN ${SYSTEM}`
        : '',
    },
    statistics: {
      checks: ['duplicate_index', 'unused_index'],
      needs: 'any privilege on the tables (information_schema shows only those)',
      sql: `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\`, INDEX_NAME AS name, SEQ_IN_INDEX AS seq, COLUMN_NAME AS \`column\`,
  SUB_PART AS sub_part, NON_UNIQUE AS non_unique, INDEX_TYPE AS type
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA NOT IN ${SYSTEM} ORDER BY 1, 2, 3, 4`,
    },
    users: {
      checks: ['anonymous_user', 'remote_root', 'role_without_password'],
      needs: flavor === 'mariadb' ? 'SELECT on mysql.global_priv (the accounts behind mysql.user)' : 'SELECT on mysql.user',
      // MariaDB 10.4+ keeps accounts in mysql.global_priv (mysql.user is a view without account_locked).
      sql:
        flavor === 'mariadb'
          ? `SELECT User AS user, Host AS host, JSON_VALUE(Priv, '$.plugin') AS plugin,
  COALESCE(JSON_VALUE(Priv, '$.authentication_string'), '') = '' AS empty_auth,
  IF(JSON_VALUE(Priv, '$.account_locked') = 'true', 'Y', 'N') AS locked
FROM mysql.global_priv WHERE NOT (Host = '' AND JSON_VALUE(Priv, '$.is_role') = 'true')`
          : `SELECT User AS user, Host AS host, plugin, authentication_string = '' AS empty_auth, account_locked AS locked FROM mysql.user`,
    },
    grants: {
      checks: ['superuser_application_role'],
      needs: 'nothing special',
      sql: 'SHOW GRANTS FOR CURRENT_USER()',
    },
  };
}
