/**
 * Sends the MySQL / MariaDB advisor's queries over one session set read-only
 * with the server's own statement timeout. A refused query becomes its
 * section's `skipped` reason (the privilege or setting it needs).
 */
import * as mysql from 'mysql2/promise';
import type { ConnectionConfig, ConnectionSecret } from '../../../shared/connection';
import { errorMessage } from '../../../shared/errors';
import { sqlEndpoint } from '../../probes/endpoint';
import { flavorOf, isMysqlPrivilegeError, mysqlSessionSettings, statusMap } from '../../probes/mysqlMetrics';
import { driverTls, readCaFile } from '../../probes/tlsOptions';
import type { Section } from '../types';
import type { MysqlSnapshot } from './analyze';
import { MYSQL_BASE, mysqlQueries } from './queries';

export interface MysqlSession {
  run(sql: string): Promise<Record<string, unknown>[]>;
  readonly statements: number;
  close(): Promise<void>;
}

export function mysqlRefusal(err: unknown, needs: string, timeoutMs: number): string {
  const errno = (err as { errno?: unknown } | null)?.errno;
  if (isMysqlPrivilegeError(err)) return `permission denied: needs ${needs}`;
  if (errno === 1969 || errno === 3024) return `timed out after ${timeoutMs} ms (statement timeout)`;
  if (errno === 1146 || errno === 1054) return `not available on this server: needs ${needs}`;
  return `could not run: ${errorMessage(err)}`;
}

function lost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'PROTOCOL_CONNECTION_LOST' || code === 'ECONNRESET' || code === 'EPIPE';
}

export async function collectMysql(session: MysqlSession, timeoutMs: number): Promise<MysqlSnapshot> {
  const version = String((await session.run('SELECT VERSION() AS v'))[0]?.v ?? '');
  const flavor = flavorOf(version);
  await session.run(mysqlSessionSettings(flavor, timeoutMs).join(';\n'));
  const variables = statusMap(await session.run(MYSQL_BASE.variables.sql));
  const status = statusMap(await session.run(MYSQL_BASE.status.sql));
  const sections: Record<string, Section<Record<string, unknown>>> = {};
  const psOn = /^(ON|1)$/i.test(variables.get('performance_schema') ?? '');
  for (const [name, q] of Object.entries(mysqlQueries(psOn, flavor))) {
    if (!q.sql) {
      sections[name] = { ok: false, reason: 'performance_schema is OFF (start the server with performance_schema=ON)' };
      continue;
    }
    try {
      sections[name] = { ok: true, rows: await session.run(q.sql) };
    } catch (err) {
      if (lost(err)) throw err;
      sections[name] = { ok: false, reason: mysqlRefusal(err, q.needs, timeoutMs) };
    }
  }
  return { variables, status, ...sections } as MysqlSnapshot;
}

export function mysqlSession(conn: mysql.Connection): MysqlSession {
  let statements = 0;
  return {
    get statements() {
      return statements;
    },
    async run(sql) {
      statements += sql.split(/;\n/).length;
      const [rows] = await conn.query(sql);
      const list = rows as unknown as Record<string, unknown>[] | Record<string, unknown>[][];
      // Several statements: the last result set with rows.
      if (Array.isArray(list[0])) return ((list as unknown[]).filter(Array.isArray).pop() ?? []) as Record<string, unknown>[];
      return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
    },
    close: () => conn.end().catch(() => undefined),
  };
}

export async function connectMysql(config: ConnectionConfig, secret: ConnectionSecret, timeoutMs: number): Promise<MysqlSession> {
  const ep = sqlEndpoint(config, { port: 3306, user: 'root' });
  const tls = driverTls(ep.tls, ep.host, readCaFile(ep.tls.caFile));
  const base: mysql.ConnectionOptions = {
    host: ep.host,
    port: ep.port,
    user: ep.user,
    ...(ep.database ? { database: ep.database } : {}),
    ...(secret.password !== undefined ? { password: secret.password } : {}),
    connectTimeout: config.connectTimeoutMs ?? timeoutMs,
    multipleStatements: true,
    supportBigNumbers: true,
  };
  const ssl =
    tls.options === false
      ? undefined
      : {
          rejectUnauthorized: tls.options.rejectUnauthorized !== false,
          ...(typeof tls.options.ca === 'string' ? { ca: tls.options.ca } : {}),
        };
  try {
    return mysqlSession(await mysql.createConnection({ ...base, ...(ssl ? { ssl } : {}) }));
  } catch (err) {
    if (ssl && tls.fallbackToPlain && /ssl|tls/i.test(errorMessage(err))) return mysqlSession(await mysql.createConnection(base));
    throw err;
  }
}
