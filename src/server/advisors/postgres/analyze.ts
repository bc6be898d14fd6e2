/**
 * PostgreSQL advisor analysis, pure: a snapshot of catalog and statistics rows
 * in, findings and skipped checks out (kinds and shape per
 * shared/spec/advisor-findings.md). Thresholds come from the options, with
 * PgHero's defaults (docs/advisors.md says which check follows which source).
 */
import type { Finding } from '../../../shared/advisors';
import { hasLeadingIndex, indexesByTable, redundantIndexes, type IndexDef } from '../indexes';
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
import type {
  PgActivityRow,
  PgCacheRow,
  PgDatabaseRow,
  PgForeignKeyRow,
  PgHbaRow,
  PgIndexRow,
  PgPasswordRow,
  PgSecurityRow,
  PgSequenceRow,
  PgSettingsRow,
  PgStatementRow,
  PgTableRow,
  PgTlsRow,
} from './queries';

export interface PgSnapshot {
  settings: PgSettingsRow;
  activity?: Section<PgActivityRow>;
  databases?: Section<PgDatabaseRow>;
  statements?: Section<PgStatementRow>;
  tables?: Section<PgTableRow>;
  cache?: Section<PgCacheRow>;
  indexes?: Section<PgIndexRow>;
  foreignKeys?: Section<PgForeignKeyRow>;
  sequences?: Section<PgSequenceRow>;
  security?: Section<PgSecurityRow>;
  tls?: Section<PgTlsRow>;
  passwords?: Section<PgPasswordRow>;
  hba?: Section<PgHbaRow>;
}

const DOCS = 'https://www.postgresql.org/docs/current/';
const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

export function analyzePostgres(s: PgSnapshot, t: Thresholds): Analysis {
  const out: Analysis = { findings: [], skipped: [] };
  withSection(out, ['long_running_query', 'idle_in_transaction'], s.activity, (rows) => sessions(rows, t));
  if (s.activity?.ok && !s.settings.reads_all_stats)
    out.skipped.push({
      check: 'long_running_query',
      reason: 'only this role’s own sessions are visible (needs pg_read_all_stats, part of pg_monitor)',
    });
  withSection(out, ['txid_wraparound', 'connection_saturation', 'connection_churn'], s.databases, (rows) => databases(rows, s.settings, t));
  withSection(out, ['slow_query', 'top_time_query'], s.statements, (rows) => statements(rows, t));
  const hidden = rowsOf(s.statements)?.filter((r) => r.query === '<insufficient privilege>').length ?? 0;
  if (hidden)
    for (const check of ['slow_query', 'top_time_query'])
      out.skipped.push({ check, reason: `${hidden} statement(s) of other roles are hidden (needs pg_read_all_stats, part of pg_monitor)` });
  withSection(out, ['missing_index', 'table_bloat', 'vacuum_overdue'], s.tables, (rows) => tables(rows, s.settings, t));
  withSection(out, 'low_cache_hit', s.cache, (rows) => cache(rows[0], t));
  withSection(out, ['unused_index', 'duplicate_index', 'invalid_index'], s.indexes, (rows) => indexes(rows));
  const idx = rowsOf(s.indexes);
  if (idx) withSection(out, 'unindexed_foreign_key', s.foreignKeys, (rows) => foreignKeys(rows, idx.map(toIndexDef)));
  else if (s.indexes && !s.indexes.ok) out.skipped.push({ check: 'unindexed_foreign_key', reason: s.indexes.reason });
  withSection(out, 'sequence_exhaustion', s.sequences, (rows) => sequences(rows, out, t));
  out.findings.push(...roleFindings(s.settings));
  withSection(out, ['server_tls_off', 'weak_tls_version'], s.tls, (rows) => tlsFindings(rows[0]));
  withSection(out, 'public_schema_create', s.security, (rows) => publicCreate(rows[0]));
  withSection(out, 'role_without_password', s.passwords, (rows) => passwords(rows));
  withSection(out, ['trust_auth_rule', 'insecure_transport_allowed'], s.hba, (rows) => hba(rows));
  return out;
}

function sessions(rows: PgActivityRow[], t: Thresholds): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    const who = `pid ${r.pid}${r.role ? ` (${r.role})` : ''}`;
    const evidence = { pid: r.pid, role: r.role, application_name: r.application_name, state: r.state };
    if (r.state?.startsWith('idle in transaction')) {
      const secs = num(r.state_s);
      if (secs >= t.idleInTransactionSeconds)
        out.push(
          finding(
            'idle_in_transaction',
            secs >= 10 * t.idleInTransactionSeconds ? 'critical' : 'warning',
            `Session ${who} has been idle in a transaction for ${grouped(secs)} s`,
            { ...evidence, idle_s: round(secs, 1), xact_s: round(num(r.xact_s), 1) },
            {
              object: `pid ${r.pid}`,
              fix: {
                text: 'Find why the application leaves the transaction open; cap it with idle_in_transaction_session_timeout',
                sql: `SELECT pg_terminate_backend(${r.pid});\nALTER ROLE ${quoteIdent(r.role ?? 'app')} SET idle_in_transaction_session_timeout = '60s';`,
              },
              docs: `${DOCS}runtime-config-client.html#GUC-IDLE-IN-TRANSACTION-SESSION-TIMEOUT`,
            },
          ),
        );
    } else if (r.state === 'active') {
      const secs = num(r.query_s);
      if (secs >= t.longRunningSeconds)
        out.push(
          finding(
            'long_running_query',
            secs >= 15 * t.longRunningSeconds ? 'critical' : 'warning',
            `Query of ${who} has been running for ${grouped(secs)} s`,
            { ...evidence, running_s: round(secs, 1), wait_event_type: r.wait_event_type },
            {
              object: `pid ${r.pid}`,
              fix: {
                text: 'Cancel it if it is not expected, and set statement_timeout for the role',
                sql: `SELECT pg_cancel_backend(${r.pid});`,
              },
              docs: `${DOCS}runtime-config-client.html#GUC-STATEMENT-TIMEOUT`,
            },
          ),
        );
    }
  }
  return out;
}

function databases(rows: PgDatabaseRow[], settings: PgSettingsRow, t: Thresholds): Finding[] {
  const out: Finding[] = [];
  for (const d of rows) {
    const age = num(d.xid_age);
    if (age >= t.xidWarnAge)
      out.push(
        finding(
          'txid_wraparound',
          age >= t.xidCriticalAge ? 'critical' : 'warning',
          `Database ${d.datname} is ${grouped(age)} transactions from its last freeze (wraparound stops writes at about 2,146,483,647)`,
          { xid_age: age, remaining: 2_146_483_647 - age },
          {
            object: d.datname,
            fix: {
              text: 'Run VACUUM (FREEZE) on its oldest tables, and check what holds autovacuum back',
              sql: 'VACUUM (FREEZE, VERBOSE);',
            },
            docs: `${DOCS}routine-vacuuming.html#VACUUM-FOR-WRAPAROUND`,
          },
        ),
      );
  }
  const used = rows.reduce((a, d) => a + (num(d.numbackends) || 0), 0);
  const usable = settings.max_connections - settings.reserved_connections;
  const share = usable > 0 ? used / usable : 0;
  if (share >= t.connectionWarnShare)
    out.push(
      finding(
        'connection_saturation',
        share >= t.connectionCriticalShare ? 'critical' : 'warning',
        `${used} of ${usable} usable connections are in use (${percent(share)})`,
        { connections: used, max_connections: settings.max_connections, reserved: settings.reserved_connections, share: round(share, 3) },
        {
          object: 'max_connections',
          fix: { text: 'Put a connection pooler (PgBouncer, the driver’s pool) in front, or lower the application pools’ sizes' },
          docs: `${DOCS}runtime-config-connection.html#GUC-MAX-CONNECTIONS`,
        },
      ),
    );
  const sessionsKnown = rows.filter((d) => d.sessions !== null && d.session_time_ms !== null);
  if (sessionsKnown.length) {
    const total = sessionsKnown.reduce((a, d) => a + num(d.sessions), 0);
    const time = sessionsKnown.reduce((a, d) => a + num(d.session_time_ms), 0);
    const since = Math.min(...sessionsKnown.map((d) => num(d.stats_since)).filter(Number.isFinite));
    const hours = Math.max((settings.now - since) / 3600, 1 / 60);
    const avg = total > 0 ? time / total : 0;
    if (total >= t.churnMinSessions && avg < t.churnMaxAvgSessionMs)
      out.push(
        finding(
          'connection_churn',
          'warning',
          `${grouped(total)} sessions in ${round(hours, 1)} h, ${round(avg, 1)} ms each on average: connections are opened per request`,
          { sessions: total, avg_session_ms: round(avg, 1), sessions_per_hour: Math.round(total / hours), hours_observed: round(hours, 2) },
          {
            object: 'connections',
            fix: { text: 'Reuse connections: a pool in the application or PgBouncer in transaction mode' },
            docs: `${DOCS}monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW`,
          },
        ),
      );
  }
  return out;
}

function statements(rows: PgStatementRow[], t: Thresholds): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    if (r.query === '<insufficient privilege>') continue;
    const calls = num(r.calls);
    const share = r.all_ms > 0 ? r.total_ms / r.all_ms : 0;
    const evidence = {
      queryid: r.queryid,
      query: r.query,
      calls,
      total_ms: round(r.total_ms, 1),
      mean_ms: round(r.mean_ms, 2),
      share_of_time: round(share, 4),
    };
    const docs = `${DOCS}pgstatstatements.html`;
    if (r.mean_ms >= t.slowQueryMs && calls >= t.slowQueryCalls)
      out.push(
        finding(
          'slow_query',
          r.mean_ms >= 10 * t.slowQueryMs ? 'critical' : 'warning',
          `Query ${r.queryid} averages ${round(r.mean_ms, 1)} ms over ${grouped(calls)} calls`,
          evidence,
          {
            object: `queryid ${r.queryid}`,
            fix: { text: 'EXPLAIN (ANALYZE, BUFFERS) it with representative parameters; index the filtered columns or rewrite' },
            docs,
          },
        ),
      );
    if (share >= t.topTimeShare && r.total_ms >= t.topTimeMinMs)
      out.push(
        finding('top_time_query', 'info', `Query ${r.queryid} takes ${percent(share)} of all statement time`, evidence, {
          object: `queryid ${r.queryid}`,
          fix: { text: 'Optimising this query cuts the largest share of database time' },
          docs,
        }),
      );
  }
  return out;
}

function tables(rows: PgTableRow[], settings: PgSettingsRow, t: Thresholds): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    const name = qualified(r.schema, r.table);
    const live = num(r.live);
    const dead = num(r.dead);
    const seq = num(r.seq_scan);
    const idxScan = r.idx_scan === null ? 0 : num(r.idx_scan);
    const indexShare = seq + idxScan > 0 ? idxScan / (seq + idxScan) : 1;
    if (live >= t.missingIndexMinRows && seq > 0 && indexShare < t.missingIndexMinIndexShare)
      out.push(
        finding(
          'missing_index',
          'warning',
          `${name} is read by sequential scan ${grouped(seq)} times (${percent(1 - indexShare)} of its reads)`,
          { seq_scan: seq, idx_scan: idxScan, rows: live },
          {
            object: name,
            fix: {
              text: 'Index the column the hot query filters on (see the top queries on this table)',
              sql: `CREATE INDEX CONCURRENTLY ON ${name} (/* the filtered column */);`,
            },
            docs: `${DOCS}indexes.html`,
          },
        ),
      );
    const deadShare = live + dead > 0 ? dead / (live + dead) : 0;
    const bytes = num(r.bytes);
    if (dead >= t.bloatMinDeadRows && deadShare >= t.bloatDeadShare)
      out.push(
        finding(
          'table_bloat',
          deadShare >= 0.5 ? 'critical' : 'warning',
          `${name}: an estimated ${percent(deadShare)} of its rows are dead (${grouped(dead)})`,
          {
            dead_rows: dead,
            live_rows: live,
            dead_share: round(deadShare, 3),
            table_bytes: bytes,
            wasted_bytes_estimate: Math.round(bytes * deadShare),
          },
          {
            object: name,
            fix: {
              text: 'VACUUM it; if the space must go back to the OS, pg_repack or VACUUM FULL (locks the table)',
              sql: `VACUUM (VERBOSE, ANALYZE) ${name};`,
            },
            docs: `${DOCS}routine-vacuuming.html`,
          },
        ),
      );
    const vacuumAt = r.vacuum_threshold + r.vacuum_scale * live;
    const analyzeAt = r.analyze_threshold + r.analyze_scale * live;
    const mods = num(r.mod_since_analyze);
    const day = 86400;
    const vacuumStale = r.last_vacuum === null || settings.now - r.last_vacuum > day;
    const analyzeStale = r.last_analyze === null || settings.now - r.last_analyze > day;
    const needsVacuum = dead > vacuumAt && dead >= t.bloatMinDeadRows && vacuumStale;
    const needsAnalyze = mods > analyzeAt && mods >= t.bloatMinDeadRows && analyzeStale;
    if (needsVacuum || needsAnalyze)
      out.push(
        finding(
          'vacuum_overdue',
          r.autovacuum_enabled ? 'warning' : 'critical',
          `${name} is overdue for ${[needsVacuum && 'VACUUM', needsAnalyze && 'ANALYZE'].filter(Boolean).join(' and ')}${r.autovacuum_enabled ? '' : ' (autovacuum is disabled on it)'}`,
          {
            dead_rows: dead,
            vacuum_trigger: Math.round(vacuumAt),
            modified_since_analyze: mods,
            analyze_trigger: Math.round(analyzeAt),
            last_vacuum: r.last_vacuum === null ? null : new Date(r.last_vacuum * 1000).toISOString(),
            last_analyze: r.last_analyze === null ? null : new Date(r.last_analyze * 1000).toISOString(),
            autovacuum_enabled: r.autovacuum_enabled,
          },
          {
            object: name,
            fix: {
              text: r.autovacuum_enabled ? 'Vacuum it now; let autovacuum keep up (cost limits, workers)' : 'Re-enable autovacuum on it',
              sql: `${r.autovacuum_enabled ? '' : `ALTER TABLE ${name} RESET (autovacuum_enabled);\n`}VACUUM (ANALYZE) ${name};`,
            },
            docs: `${DOCS}routine-vacuuming.html#AUTOVACUUM`,
          },
        ),
      );
  }
  return out;
}

function cache(r: PgCacheRow | undefined, t: Thresholds): Finding[] {
  if (!r) return [];
  const out: Finding[] = [];
  for (const [what, hit, read] of [
    ['table', num(r.heap_hit), num(r.heap_read)],
    ['index', num(r.idx_hit), num(r.idx_read)],
  ] as const) {
    const total = (hit || 0) + (read || 0);
    if (total < t.cacheMinBlocks) continue;
    const rate = hit / total;
    if (rate < t.cacheHitMin)
      out.push(
        finding(
          'low_cache_hit',
          rate < t.cacheHitMin - 0.09 ? 'critical' : 'warning',
          `The ${what} cache hit rate is ${percent(rate)} (below ${percent(t.cacheHitMin)})`,
          { [`${what}_hit_rate`]: round(rate, 4), blocks_hit: hit, blocks_read: read },
          {
            object: `${what} cache`,
            fix: {
              text: 'The working set does not fit in shared_buffers: raise it (and the instance’s memory) or cut what the top queries read',
            },
            docs: `${DOCS}runtime-config-resource.html#GUC-SHARED-BUFFERS`,
          },
        ),
      );
  }
  return out;
}

function toIndexDef(r: PgIndexRow): IndexDef {
  return { ...r, bytes: num(r.bytes) };
}

function indexes(rows: PgIndexRow[]): Finding[] {
  const out: Finding[] = [];
  const defs = rows.map(toIndexDef);
  const docs = `${DOCS}sql-dropindex.html`;
  for (const r of rows) {
    const name = qualified(r.schema, r.name);
    const bytes = num(r.bytes);
    if (!r.valid)
      out.push(
        finding(
          'invalid_index',
          'warning',
          `Index ${name} is invalid (a failed CREATE INDEX CONCURRENTLY): it is maintained but never used`,
          { bytes },
          {
            object: name,
            fix: { text: 'Drop it and build it again', sql: `DROP INDEX CONCURRENTLY ${name};` },
            docs: `${DOCS}sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY`,
          },
        ),
      );
    else if (r.scans !== null && num(r.scans) === 0 && !r.unique && !r.primary && !r.constraint)
      out.push(
        finding(
          'unused_index',
          'info',
          `Index ${name} has never been scanned since statistics were reset`,
          { idx_scan: 0, bytes },
          {
            object: name,
            fix: { text: 'Check the replicas use it neither, then drop it', sql: `DROP INDEX CONCURRENTLY ${name};` },
            docs,
          },
        ),
      );
  }
  const constraintBacked = new Set(rows.filter((r) => r.constraint).map((r) => `${r.schema}.${r.name}`));
  for (const d of redundantIndexes(defs)) {
    const name = qualified(d.index.schema, d.index.name);
    if (constraintBacked.has(`${d.index.schema}.${d.index.name}`)) continue;
    out.push(
      finding(
        'duplicate_index',
        'warning',
        `Index ${name} (${d.index.columns.join(', ')}) is covered by ${d.coveredBy.name} (${d.coveredBy.columns.join(', ')})`,
        {
          bytes: d.index.bytes ?? null,
          covered_by: qualified(d.coveredBy.schema, d.coveredBy.name),
        },
        {
          object: name,
          fix: { text: 'Drop the redundant index', sql: `DROP INDEX CONCURRENTLY ${name};` },
          docs,
        },
      ),
    );
  }
  return out;
}

function foreignKeys(rows: PgForeignKeyRow[], defs: IndexDef[]): Finding[] {
  const byTable = indexesByTable(defs);
  return rows
    .filter((fk) => !hasLeadingIndex(byTable, fk.schema, fk.table, fk.columns))
    .map((fk) => {
      const table = qualified(fk.schema, fk.table);
      return finding(
        'unindexed_foreign_key',
        'info',
        `Foreign key ${fk.name} on ${table} (${fk.columns.join(', ')}) has no index: deletes and updates on ${fk.referenced} scan ${table}`,
        { constraint: fk.name, columns: fk.columns.join(', '), referenced: fk.referenced },
        {
          object: table,
          fix: {
            text: 'Index the referencing columns',
            sql: `CREATE INDEX CONCURRENTLY ON ${table} (${fk.columns.map((c) => quoteIdent(c)).join(', ')});`,
          },
          docs: `${DOCS}ddl-constraints.html#DDL-CONSTRAINTS-FK`,
        },
      );
    });
}

function sequences(rows: PgSequenceRow[], out: Analysis, t: Thresholds): Finding[] {
  const unreadable = rows.filter((r) => !r.readable).length;
  if (unreadable)
    out.skipped.push({ check: 'sequence_exhaustion', reason: `${unreadable} sequence(s) not readable (needs USAGE or SELECT on them)` });
  const found: Finding[] = [];
  for (const r of rows) {
    if (!r.readable || r.last_value === null) continue;
    const inc = num(r.increment_by);
    if (inc <= 0) continue;
    const max = Math.min(num(r.max_value), r.column_max === null ? Infinity : num(r.column_max));
    const share = num(r.last_value) / max;
    if (share >= t.sequenceWarnShare) {
      const name = qualified(r.schema, r.name);
      found.push(
        finding(
          'sequence_exhaustion',
          share >= 0.99 ? 'critical' : 'warning',
          `Sequence ${name} has used ${percent(share)} of its values`,
          {
            last_value: num(r.last_value),
            max_value: max,
            share: round(share, 4),
          },
          {
            object: name,
            fix: {
              text: 'Widen the sequence and its column to bigint before it runs out',
              sql: `ALTER SEQUENCE ${name} AS bigint;\n-- and ALTER TABLE … ALTER COLUMN … TYPE bigint for the column it feeds`,
            },
            docs: `${DOCS}sql-altersequence.html`,
          },
        ),
      );
    }
  }
  return found;
}

function roleFindings(s: PgSettingsRow): Finding[] {
  if (!s.rolsuper && !s.rolcreaterole) return [];
  return [
    finding(
      'superuser_application_role',
      s.rolsuper ? 'critical' : 'warning',
      s.rolsuper ? `The connection’s role ${s.current_role} is a superuser` : `The connection’s role ${s.current_role} can create roles`,
      { role: s.current_role, rolsuper: s.rolsuper, rolcreaterole: s.rolcreaterole, rolbypassrls: s.rolbypassrls },
      {
        object: s.current_role,
        fix: {
          text: 'Connect the application with a role that owns only its objects; keep the superuser for administration',
          sql: `ALTER ROLE ${quoteIdent(s.current_role)} ${s.rolsuper ? 'NOSUPERUSER ' : ''}NOCREATEROLE;`,
        },
        docs: `${DOCS}role-attributes.html`,
      },
    ),
  ];
}

function tlsFindings(s: PgTlsRow | undefined): Finding[] {
  const out: Finding[] = [];
  if (!s) return out;
  if (s.ssl === 'off')
    out.push(
      finding(
        'server_tls_off',
        'warning',
        'The server does not offer TLS (ssl = off)',
        { ssl: s.ssl },
        {
          object: 'ssl',
          fix: { text: 'Install a certificate and turn ssl on', sql: 'ALTER SYSTEM SET ssl = on;\nSELECT pg_reload_conf();' },
          docs: `${DOCS}ssl-tcp.html`,
        },
      ),
    );
  else if (s.ssl_min_protocol_version && /^TLSv1(\.1)?$/.test(s.ssl_min_protocol_version))
    out.push(
      finding(
        'weak_tls_version',
        'warning',
        `The server accepts ${s.ssl_min_protocol_version} (ssl_min_protocol_version)`,
        { ssl_min_protocol_version: s.ssl_min_protocol_version },
        {
          object: 'ssl_min_protocol_version',
          fix: {
            text: 'Accept TLS 1.2 and later only',
            sql: "ALTER SYSTEM SET ssl_min_protocol_version = 'TLSv1.2';\nSELECT pg_reload_conf();",
          },
          docs: `${DOCS}runtime-config-connection.html#GUC-SSL-MIN-PROTOCOL-VERSION`,
        },
      ),
    );
  return out;
}

function publicCreate(r: PgSecurityRow | undefined): Finding[] {
  if (!r?.public_create) return [];
  return [
    finding(
      'public_schema_create',
      'warning',
      'Every role may create objects in schema public (CREATE granted to PUBLIC)',
      { grantee: 'PUBLIC', privilege: 'CREATE' },
      {
        object: 'public',
        fix: { text: 'Revoke it, as PostgreSQL 15 does by default (CVE-2018-1058)', sql: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC;' },
        docs: `${DOCS}ddl-schemas.html#DDL-SCHEMAS-PATTERNS`,
      },
    ),
  ];
}

function passwords(rows: PgPasswordRow[]): Finding[] {
  return rows.map((r) =>
    finding(
      'role_without_password',
      'info',
      `Login role ${r.role} has no password (it can sign in only by trust, peer, certificate or another non-password rule)`,
      { role: r.role },
      {
        object: r.role,
        fix: {
          text: 'Give it a password, or make it NOLOGIN if nothing signs in with it',
          sql: `ALTER ROLE ${quoteIdent(r.role)} PASSWORD '…';`,
        },
        docs: `${DOCS}auth-password.html`,
      },
    ),
  );
}

const LOOPBACK = /^(127\.|::1$|localhost$|samehost$)/;

function hba(rows: PgHbaRow[]): Finding[] {
  const out: Finding[] = [];
  for (const r of rows) {
    const evidence = {
      line: r.line_number,
      type: r.type,
      database: (r.database ?? []).join(','),
      user: (r.user_name ?? []).join(','),
      address: r.address,
      auth_method: r.auth_method,
    };
    const object = `pg_hba.conf line ${r.line_number}`;
    if (r.auth_method === 'trust')
      out.push(
        finding(
          'trust_auth_rule',
          r.type === 'local' ? 'info' : 'critical',
          r.type === 'local'
            ? `pg_hba.conf line ${r.line_number} lets any local OS user sign in as any role without a password`
            : `pg_hba.conf line ${r.line_number} lets ${r.address ?? 'any address'} sign in without a password (trust)`,
          evidence,
          { object, fix: { text: 'Use scram-sha-256 (or peer for local sockets) instead of trust' }, docs: `${DOCS}auth-trust.html` },
        ),
      );
    if (r.type === 'host' && r.auth_method !== 'reject' && !(r.address && LOOPBACK.test(r.address)))
      out.push(
        finding(
          'insecure_transport_allowed',
          'warning',
          `pg_hba.conf line ${r.line_number} accepts unencrypted connections from ${r.address ?? 'any address'}`,
          evidence,
          {
            object,
            fix: { text: 'Use hostssl instead of host for remote addresses' },
            docs: `${DOCS}auth-pg-hba-conf.html`,
          },
        ),
      );
  }
  return out;
}
