/**
 * MySQL / MariaDB advisor analysis, pure (thresholds after MySQLTuner and the
 * sys schema's views; docs/advisors.md).
 */
import type { Finding } from '../../../shared/advisors';
import { redundantIndexes, type IndexDef } from '../indexes';
import {
  type Analysis,
  type Section,
  type Thresholds,
  finding,
  grouped,
  num,
  percent,
  quoteIdent,
  round,
  rowsOf,
  withSection,
} from '../types';
import type { DigestRow, GrantRow, IndexUsageRow, StatisticsRow, UserRow } from './queries';

export interface MysqlSnapshot {
  variables: Map<string, string>;
  status: Map<string, string>;
  digests?: Section<DigestRow>;
  indexUsage?: Section<IndexUsageRow>;
  statistics?: Section<StatisticsRow>;
  users?: Section<UserRow>;
  grants?: Section<GrantRow>;
}

/** Average rows a full scan must examine before it is worth an index (below this the table is tiny). */
export const FULL_SCAN_MIN_ROWS = 1_000;
/** Buffer pool read requests below which the hit rate is noise (a fresh server). */
export const BUFFER_POOL_MIN_REQUESTS = 100_000;

const MYSQL_DOCS = 'https://dev.mysql.com/doc/refman/8.0/en/';
const MARIADB_DOCS = 'https://mariadb.com/kb/en/';
const name = (schema: string, n: string) => `${quoteIdent(schema, '`')}.${quoteIdent(n, '`')}`;
const str = (v: unknown) => String(v ?? '');

export function analyzeMysql(s: MysqlSnapshot, t: Thresholds): Analysis {
  const out: Analysis = { findings: [], skipped: [] };
  out.findings.push(...statusFindings(s, t), ...transportFindings(s.variables));
  withSection(out, ['missing_index', 'slow_query', 'top_time_query'], s.digests, (rows) => digests(rows, t));
  const stats = rowsOf(s.statistics);
  const defs = stats ? indexDefs(stats) : undefined;
  if (defs) withSection(out, 'unused_index', s.indexUsage, (rows) => unused(rows, defs));
  else if (s.statistics && !s.statistics.ok) out.skipped.push({ check: 'unused_index', reason: s.statistics.reason });
  withSection(out, 'duplicate_index', s.statistics, () => duplicates(defs ?? []));
  withSection(out, ['anonymous_user', 'remote_root', 'role_without_password'], s.users, (rows) => users(rows));
  withSection(out, 'superuser_application_role', s.grants, (rows) => grants(rows));
  return out;
}

function statusFindings(s: MysqlSnapshot, t: Thresholds): Finding[] {
  const out: Finding[] = [];
  const st = (k: string) => num(s.status.get(k));
  const requests = st('Innodb_buffer_pool_read_requests');
  const reads = st('Innodb_buffer_pool_reads');
  if (requests >= BUFFER_POOL_MIN_REQUESTS) {
    const rate = 1 - reads / requests;
    if (rate < t.cacheHitMin)
      out.push(
        finding(
          'low_cache_hit',
          rate < t.cacheHitMin - 0.09 ? 'critical' : 'warning',
          `The InnoDB buffer pool hit rate is ${percent(rate)}`,
          {
            buffer_pool_hit_rate: round(rate, 4),
            read_requests: requests,
            disk_reads: reads,
          },
          {
            object: 'innodb_buffer_pool_size',
            fix: { text: 'Raise innodb_buffer_pool_size towards the working set (MySQLTuner: most of the memory on a dedicated server)' },
            docs: `${MARIADB_DOCS}innodb-buffer-pool/`,
          },
        ),
      );
  }
  const tmp = st('Created_tmp_tables');
  const disk = st('Created_tmp_disk_tables');
  if (tmp >= t.tmpMinTables && disk / tmp >= t.tmpDiskShare)
    out.push(
      finding(
        'tmp_tables_on_disk',
        'warning',
        `${percent(disk / tmp)} of temporary tables went to disk (${grouped(disk)} of ${grouped(tmp)})`,
        {
          created_tmp_tables: tmp,
          created_tmp_disk_tables: disk,
          share: round(disk / tmp, 3),
        },
        {
          object: 'tmp_table_size',
          fix: { text: 'Avoid TEXT/BLOB columns in GROUP BY / ORDER BY results; raise tmp_table_size and max_heap_table_size together' },
          docs: `${MARIADB_DOCS}server-system-variables/#tmp_table_size`,
        },
      ),
    );
  const max = num(s.variables.get('max_connections'));
  const used = st('Max_used_connections');
  if (max > 0 && used / max >= t.connectionWarnShare)
    out.push(
      finding(
        'connection_saturation',
        used / max >= t.connectionCriticalShare ? 'critical' : 'warning',
        `Up to ${used} of max_connections ${max} have been in use (${percent(used / max)})`,
        {
          max_used_connections: used,
          max_connections: max,
          threads_connected: st('Threads_connected'),
        },
        {
          object: 'max_connections',
          fix: { text: 'Pool connections in the application (or ProxySQL / MaxScale); raise max_connections only with the memory for it' },
          docs: `${MYSQL_DOCS}too-many-connections.html`,
        },
      ),
    );
  const connections = st('Connections');
  const created = st('Threads_created');
  if (connections >= t.threadCacheMinConnections) {
    const hit = 1 - created / connections;
    if (hit < t.threadCacheMinHit)
      out.push(
        finding(
          'connection_churn',
          'warning',
          `Thread cache hit rate ${percent(hit)}: ${grouped(created)} threads created for ${grouped(connections)} connections`,
          {
            connections,
            threads_created: created,
            thread_cache_size: num(s.variables.get('thread_cache_size')),
            thread_cache_hit_rate: round(hit, 3),
            uptime_s: st('Uptime'),
          },
          {
            object: 'thread_cache_size',
            fix: { text: 'Reuse connections (a pool); raise thread_cache_size', sql: 'SET GLOBAL thread_cache_size = 64;' },
            docs: `${MARIADB_DOCS}server-system-variables/#thread_cache_size`,
          },
        ),
      );
  }
  return out;
}

function transportFindings(v: Map<string, string>): Finding[] {
  const out: Finding[] = [];
  const ssl = v.get('have_ssl');
  const tlsVersions = v.get('tls_version') ?? '';
  if (ssl !== undefined && ssl !== 'YES')
    out.push(
      finding(
        'server_tls_off',
        'warning',
        `The server does not offer TLS (have_ssl = ${ssl})`,
        { have_ssl: ssl },
        {
          object: 'have_ssl',
          fix: { text: 'Configure ssl_cert / ssl_key and restart' },
          docs: `${MARIADB_DOCS}secure-connections-overview/`,
        },
      ),
    );
  else {
    const weak = tlsVersions
      .split(',')
      .map((x) => x.trim())
      .filter((x) => /^TLSv1(\.[01])?$/.test(x));
    if (weak.length)
      out.push(
        finding(
          'weak_tls_version',
          'warning',
          `The server accepts ${weak.join(' and ')} (tls_version)`,
          { tls_version: tlsVersions },
          {
            object: 'tls_version',
            fix: { text: 'Accept TLS 1.2 and 1.3 only (tls_version = TLSv1.2,TLSv1.3 in the server config)' },
            docs: `${MARIADB_DOCS}ssltls-system-variables/#tls_version`,
          },
        ),
      );
    const rst = v.get('require_secure_transport');
    if (rst !== undefined && rst !== 'ON')
      out.push(
        finding(
          'insecure_transport_allowed',
          'warning',
          'Clients may connect without TLS (require_secure_transport = OFF)',
          { require_secure_transport: rst },
          {
            object: 'require_secure_transport',
            fix: { text: 'Require TLS for every connection', sql: 'SET GLOBAL require_secure_transport = ON;' },
            docs: `${MARIADB_DOCS}server-system-variables/#require_secure_transport`,
          },
        ),
      );
  }
  return out;
}

function digests(rows: DigestRow[], t: Thresholds): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    const calls = num(r.calls);
    const total = num(r.total_ms);
    const mean = num(r.mean_ms);
    const all = num(r.all_ms);
    const share = all > 0 ? total / all : 0;
    const noIndex = num(r.no_index);
    const perCall = calls > 0 ? num(r.rows_examined) / calls : 0;
    // The first 16 hex digits identify it (a full 32-digit digest reads as a secret to redaction).
    const digest = shortDigest(r.digest);
    const evidence = {
      digest,
      query: r.query,
      calls,
      total_ms: round(total, 1),
      mean_ms: round(mean, 2),
      share_of_time: round(share, 4),
      no_index_used: noIndex,
      rows_examined_per_call: Math.round(perCall),
    };
    const object = `digest ${digest}`;
    if (noIndex >= t.slowQueryCalls && perCall >= FULL_SCAN_MIN_ROWS)
      out.push(
        finding(
          'missing_index',
          'warning',
          `Statement ${digest} reads ${grouped(perCall)} rows per call with no index (${grouped(noIndex)} full scans)`,
          evidence,
          {
            object,
            fix: { text: 'EXPLAIN it and index the columns its WHERE / JOIN filters on' },
            docs: `${MYSQL_DOCS}sys-statements-with-full-table-scans.html`,
          },
        ),
      );
    if (mean >= t.slowQueryMs && calls >= t.slowQueryCalls)
      out.push(
        finding(
          'slow_query',
          mean >= 10 * t.slowQueryMs ? 'critical' : 'warning',
          `Statement ${digest} averages ${round(mean, 1)} ms over ${grouped(calls)} calls`,
          evidence,
          {
            object,
            fix: { text: 'EXPLAIN ANALYZE it; index or rewrite' },
            docs: `${MYSQL_DOCS}performance-schema-statement-digests.html`,
          },
        ),
      );
    if (share >= t.topTimeShare && total >= t.topTimeMinMs)
      out.push(
        finding('top_time_query', 'info', `Statement ${digest} takes ${percent(share)} of all statement time`, evidence, {
          object,
          docs: `${MYSQL_DOCS}performance-schema-statement-digests.html`,
        }),
      );
  }
  return out;
}

export function shortDigest(digest: string): string {
  return digest.slice(0, 16);
}

export function indexDefs(rows: StatisticsRow[]): IndexDef[] {
  const map = new Map<string, IndexDef>();
  for (const r of rows) {
    const key = `${r.schema}\u0000${r.table}\u0000${r.name}`;
    let def = map.get(key);
    if (!def) {
      def = {
        schema: r.schema,
        table: r.table,
        name: r.name,
        columns: [],
        unique: num(r.non_unique) === 0,
        primary: r.name === 'PRIMARY',
        valid: true,
        method: str(r.type),
      };
      map.set(key, def);
    }
    def.columns.push(r.column === null ? '(expression)' : r.sub_part === null ? r.column : `${r.column}(${str(r.sub_part)})`);
  }
  return [...map.values()];
}

function unused(rows: IndexUsageRow[], defs: IndexDef[]): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    if (num(r.scans) !== 0) continue;
    const def = defs.find((d) => d.schema === r.schema && d.table === r.table && d.name === r.name);
    if (!def || def.unique) continue;
    const n = `${name(r.schema, r.table)}.${quoteIdent(r.name, '`')}`;
    out.push(
      finding(
        'unused_index',
        'info',
        `Index ${n} has not been used since the server started`,
        { io_count: 0 },
        {
          object: n,
          fix: {
            text: 'Check the replicas use it neither, then drop it',
            sql: `ALTER TABLE ${name(r.schema, r.table)} DROP INDEX ${quoteIdent(r.name, '`')};`,
          },
          docs: `${MYSQL_DOCS}sys-schema-unused-indexes.html`,
        },
      ),
    );
  }
  return out;
}

function duplicates(defs: IndexDef[]): Finding[] {
  return redundantIndexes(defs).map((d) => {
    const n = `${name(d.index.schema, d.index.table)}.${quoteIdent(d.index.name, '`')}`;
    return finding(
      'duplicate_index',
      'warning',
      `Index ${n} (${d.index.columns.join(', ')}) is covered by ${d.coveredBy.name} (${d.coveredBy.columns.join(', ')})`,
      {
        covered_by: d.coveredBy.name,
      },
      {
        object: n,
        fix: {
          text: 'Drop the redundant index',
          sql: `ALTER TABLE ${name(d.index.schema, d.index.table)} DROP INDEX ${quoteIdent(d.index.name, '`')};`,
        },
        docs: `${MYSQL_DOCS}sys-schema-redundant-indexes.html`,
      },
    );
  });
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
const PASSWORD_PLUGINS = new Set(['', 'mysql_native_password', 'caching_sha2_password', 'sha256_password', 'mysql_old_password']);

function users(rows: UserRow[]): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    if (str(r.locked).toUpperCase() === 'Y') continue;
    const account = `'${r.user}'@'${r.host}'`;
    if (r.user === '')
      out.push(
        finding(
          'anonymous_user',
          'critical',
          `Anonymous account ${account} exists: anyone can sign in`,
          { host: r.host },
          {
            object: account,
            fix: { text: 'Drop it (mysql_secure_installation does)', sql: `DROP USER ''@'${r.host}';` },
            docs: `${MARIADB_DOCS}mysql_secure_installation/`,
          },
        ),
      );
    if (r.user === 'root' && !LOCAL_HOSTS.has(r.host))
      out.push(
        finding(
          'remote_root',
          'critical',
          `root can sign in from ${r.host === '%' ? 'any host' : r.host}`,
          { host: r.host },
          {
            object: account,
            fix: { text: 'Keep root local; give remote administration its own account', sql: `DROP USER 'root'@'${r.host}';` },
            docs: `${MARIADB_DOCS}mysql_secure_installation/`,
          },
        ),
      );
    if (num(r.empty_auth) === 1 && PASSWORD_PLUGINS.has(str(r.plugin)))
      out.push(
        finding(
          'role_without_password',
          r.user === 'root' || !LOCAL_HOSTS.has(r.host) ? 'critical' : 'warning',
          `Account ${account} has no password`,
          { plugin: r.plugin, host: r.host },
          {
            object: account,
            fix: {
              text: 'Set a password, or use unix_socket authentication for local admin accounts',
              sql: `ALTER USER ${account} IDENTIFIED BY '…';`,
            },
            docs: `${MARIADB_DOCS}alter-user/`,
          },
        ),
      );
  }
  return out;
}

function grants(rows: GrantRow[]): Finding[] {
  const texts = rows.map((r) => str(Object.values(r)[0]));
  const global = texts.filter((g) => /\bON \*\.\* TO\b/i.test(g));
  const all = global.some((g) => /GRANT ALL PRIVILEGES ON \*\.\*/i.test(g));
  const superish = global.some((g) => /\b(SUPER|CREATE USER)\b/i.test(g));
  if (!all && !superish) return [];
  return [
    finding(
      'superuser_application_role',
      all ? 'critical' : 'warning',
      all ? 'The connection’s account has ALL PRIVILEGES on every database' : 'The connection’s account holds SUPER or CREATE USER',
      {
        all_privileges: all,
        super_or_create_user: superish,
      },
      {
        object: 'CURRENT_USER()',
        fix: { text: 'Connect the application with an account granted only its own database’s privileges' },
        docs: `${MYSQL_DOCS}privileges-provided.html`,
      },
    ),
  ];
}
