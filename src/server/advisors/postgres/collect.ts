/**
 * Sends the PostgreSQL advisor's queries and returns the snapshot. Each query
 * goes in its own round trip inside `BEGIN READ ONLY` with local statement,
 * lock and idle timeouts (the probe's `readOnlyBatch`), so one refused or slow
 * query costs only its own section: a refusal becomes a `skipped` reason naming
 * what it needs, never an error. Only a lost connection fails the run.
 */
import { Client, type ClientConfig, type QueryResult } from 'pg';
import * as net from 'node:net';
import type { ConnectionConfig, ConnectionSecret } from '../../../shared/connection';
import { errorMessage } from '../../../shared/errors';
import { sqlEndpoint } from '../../probes/endpoint';
import { readOnlyBatch } from '../../probes/postgresMetrics';
import { driverTls, readCaFile } from '../../probes/tlsOptions';
import type { Section } from '../types';
import type { PgSnapshot } from './analyze';
import { PG_SETTINGS_SQL, pgQueries, type PgQuery, type PgSettingsRow } from './queries';

/** Runs one SQL text (possibly several statements) and returns the rows of the last result with rows. */
export type PgRun = (sql: string) => Promise<Record<string, unknown>[]>;

export interface PgSession {
  run: PgRun;
  /** Statements sent so far (the bench compares them with the bare queries). */
  readonly statements: number;
  close(): Promise<void>;
}

/** Why a query was refused, in the words a `skipped` entry uses. */
export function refusalReason(err: unknown, needs: string, timeoutMs: number): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '42501') return `permission denied: needs ${needs}`;
  if (code === '57014') return `timed out after ${timeoutMs} ms (statement_timeout)`;
  if (code === '55000') return 'pg_stat_statements is installed but not loaded (add it to shared_preload_libraries and restart)';
  if (code === '42P01' || code === '42883' || code === '42703') return `not available on this server: needs ${needs}`;
  return `could not run: ${errorMessage(err)}`;
}

/** True when the error means the connection is gone (the run cannot go on). */
function connectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(08|57P0)/.test(code)) return true;
  return err instanceof Error && /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(err.message);
}

export async function collectSections(
  session: PgSession,
  queries: Record<string, PgQuery>,
  timeoutMs: number,
  absentReason: Record<string, string> = {},
): Promise<Record<string, Section<Record<string, unknown>>>> {
  const out: Record<string, Section<Record<string, unknown>>> = {};
  let aborted = false;
  for (const [name, q] of Object.entries(queries)) {
    if (!q.sql) {
      out[name] = { ok: false, reason: absentReason[name] ?? `not available: needs ${q.needs}` };
      continue;
    }
    try {
      // ROLLBACK first after a refusal: the refused batch left its transaction aborted.
      const sql = readOnlyBatch(timeoutMs, [q.sql]);
      out[name] = { ok: true, rows: await session.run(aborted ? `ROLLBACK;\n${sql}` : sql) };
      aborted = false;
    } catch (err) {
      if (connectionLost(err)) throw err;
      aborted = true;
      out[name] = { ok: false, reason: refusalReason(err, q.needs, timeoutMs) };
    }
  }
  if (aborted) await session.run('ROLLBACK').catch(() => undefined);
  return out;
}

export async function readSettings(session: PgSession, timeoutMs: number): Promise<PgSettingsRow> {
  const rows = await session.run(readOnlyBatch(timeoutMs, [PG_SETTINGS_SQL]));
  const row = rows[0] as unknown as PgSettingsRow | undefined;
  if (!row) throw new Error('the server returned no settings row for the current role');
  return row;
}

export async function collectPostgres(session: PgSession, timeoutMs: number): Promise<PgSnapshot> {
  const settings = await readSettings(session, timeoutMs);
  const sections = await collectSections(session, pgQueries(settings), timeoutMs, {
    statements: 'the pg_stat_statements extension is not installed in this database (CREATE EXTENSION pg_stat_statements)',
  });
  return { settings, ...sections } as PgSnapshot;
}

function lastRows(r: QueryResult | QueryResult[]): Record<string, unknown>[] {
  const list = Array.isArray(r) ? r : [r];
  for (let i = list.length - 1; i >= 0; i--) if (list[i]?.rows?.length) return list[i].rows as Record<string, unknown>[];
  return [];
}

/** A session over a pg Client that counts statements (semicolon-separated parts of each text). */
export function pgSession(client: Client): PgSession {
  let statements = 0;
  return {
    get statements() {
      return statements;
    },
    async run(sql) {
      statements += sql.split(/;\n/).length;
      return lastRows(await client.query(sql));
    },
    close: () => client.end().catch(() => undefined),
  };
}

function noSslOffered(err: unknown): boolean {
  return err instanceof Error && /does not support SSL/i.test(err.message);
}

/** Connects as the probe does (same endpoint rules and TLS modes), with application_name dbpulse-advisor. */
export async function connectPostgres(config: ConnectionConfig, secret: ConnectionSecret, timeoutMs: number): Promise<PgSession> {
  const ep = sqlEndpoint(config, { port: 5432, user: 'postgres' });
  const tls = driverTls(ep.tls, ep.host, readCaFile(ep.tls.caFile));
  const open = async (ssl: ClientConfig['ssl']) => {
    const client = new Client({
      host: ep.host,
      port: ep.port,
      user: ep.user,
      database: ep.database ?? ep.user,
      ...(secret.password !== undefined ? { password: secret.password } : {}),
      ssl,
      application_name: 'dbpulse-advisor',
      connectionTimeoutMillis: config.connectTimeoutMs ?? timeoutMs,
      stream: () => new net.Socket(),
    });
    client.on('error', () => undefined);
    await client.connect();
    return pgSession(client);
  };
  try {
    return await open(tls.options === false ? false : { ...tls.options });
  } catch (err) {
    if (tls.fallbackToPlain && noSslOffered(err)) return open(false);
    throw err;
  }
}
