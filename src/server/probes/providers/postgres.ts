/**
 * PostgreSQL probe with node-postgres: resolves and times DNS itself, connects
 * to the resolved address (TLS servername = the configured host), times TCP,
 * TLS and authentication from the socket's events, then reads every health
 * metric in one read-only round trip (`BEGIN READ ONLY` with local statement
 * and lock timeouts). A refused metric degrades the result instead of failing it.
 * With `collectMetrics: false` it sends only `SELECT 1`; the server version then
 * comes from the `server_version` parameter status the server sends at startup.
 */
import * as net from 'node:net';
import { Client, type ClientConfig, type QueryResult } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import type { MetricValue, TlsInfo } from '../../../shared/probe';
import { sqlEndpoint } from '../endpoint';
import {
  combinedMetricsSql,
  isPrivilegeError,
  PG_METRIC_QUERIES,
  PG_STAT_STATEMENTS_SQL,
  pgMetricsFromRow,
  pgSaturationWarnings,
  singleMetricSql,
} from '../postgresMetrics';
import { livenessOutcome, wantsMetrics } from '../liveness';
import { isTlsSocket, timedLookup, tlsInfoOf, watchTls } from '../timing';
import { driverTls, readCaFile, withCleartextCheck, type TlsMode } from '../tlsOptions';
import { ProbeFailure, type ProbeContext, type ProbeRequest, type ProviderModule, type ProviderOutcome } from '../types';

/** pg's Client with the internals the probe reads (the connection's current stream). */
type ClientInternals = Client & { connection: NodeJS.EventEmitter & { stream: net.Socket } };

function lastResultWithRows(r: QueryResult | QueryResult[]): Record<string, unknown> | undefined {
  const list = Array.isArray(r) ? r : [r];
  for (let i = list.length - 1; i >= 0; i--) if (list[i]?.rows?.length) return list[i].rows[0] as Record<string, unknown>;
  return undefined;
}

/** An error standing for "no password stored", raised only if the server asks for one. */
function missingPassword(): Error {
  return Object.assign(new Error('the server asked for a password and none is stored for this connection'), {
    code: 'ERR_CREDENTIALS_MISSING',
  });
}

function noSslOffered(err: unknown): boolean {
  return err instanceof Error && /does not support SSL/i.test(err.message);
}

export async function probePostgres(req: ProbeRequest, ctx: ProbeContext): Promise<ProviderOutcome> {
  const ep = sqlEndpoint(req.config, { port: 5432, user: 'postgres' });
  const ca = readCaFile(ep.tls.caFile);
  const tls = driverTls(ep.tls, ep.host, ca);
  const resolved = await timedLookup(ep.host, ctx.phases, ctx.signal);
  const auth = { passwordSent: false };
  const checked = (o: ProviderOutcome) => withCleartextCheck(o, ep.host, ep.tls.mode as TlsMode, auth.passwordSent);
  try {
    return checked(await attempt(req, ctx, ep, resolved.address, tls.options, auth));
  } catch (err) {
    if (tls.fallbackToPlain && noSslOffered(err instanceof ProbeFailure ? err.cause : err) && !ctx.signal.aborted) {
      return checked(await attempt(req, ctx, ep, resolved.address, false, auth));
    }
    throw err;
  }
}

async function attempt(
  req: ProbeRequest,
  ctx: ProbeContext,
  ep: ReturnType<typeof sqlEndpoint>,
  address: string,
  ssl: ConnectionOptions | false,
  auth: { passwordSent: boolean },
): Promise<ProviderOutcome> {
  const password = req.secret.password;
  const config: ClientConfig = {
    host: address,
    port: ep.port,
    user: ep.user,
    database: ep.database ?? ep.user,
    // A function: called only when the server asks, so trust auth works without a secret.
    // Also tells whether the password went out (the server asked for it), for the cleartext check.
    password: () => {
      if (password === undefined) return Promise.reject(missingPassword());
      auth.passwordSent = true;
      return password;
    },
    ssl: ssl === false ? false : { ...ssl },
    application_name: 'dbpulse-probe',
    keepAlive: false,
    stream: () => new net.Socket(),
  };
  const client = new Client(config) as ClientInternals;
  client.on('error', () => undefined); // late socket errors after a deadline must not crash the process
  const kill = () => {
    try {
      client.connection.stream.destroy();
    } catch {
      /* already gone */
    }
  };
  ctx.onCleanup(kill);
  ctx.signal.addEventListener('abort', kill, { once: true });

  let tlsInfo: TlsInfo | null = null;
  // Sent by the server after authentication (ParameterStatus); pg's Client itself does not keep it.
  let reportedVersion: string | undefined;
  client.connection.on('parameterStatus', (msg: { parameterName?: unknown; parameterValue?: unknown }) => {
    if (msg.parameterName === 'server_version' && typeof msg.parameterValue === 'string' && msg.parameterValue)
      reportedVersion = msg.parameterValue;
  });
  const rawSocket = client.connection.stream;
  ctx.phases.start('connect');
  rawSocket.once('connect', () => {
    ctx.phases.end('connect');
    if (ssl === false) ctx.phases.start('auth');
  });
  client.connection.once('sslconnect', () => {
    const secure = client.connection.stream;
    if (isTlsSocket(secure)) {
      watchTls(secure, ctx.phases);
      secure.once('secureConnect', () => {
        tlsInfo = tlsInfoOf(secure);
        ctx.phases.start('auth');
      });
    }
  });

  try {
    await client.connect();
  } catch (err) {
    kill();
    throw new ProbeFailure(err, { tls: tlsInfo });
  }
  ctx.phases.end('auth');
  ctx.connected();
  if (isTlsSocket(client.connection.stream)) tlsInfo = tlsInfoOf(client.connection.stream);

  if (!wantsMetrics(req)) {
    try {
      ctx.phases.start('firstQuery');
      await client.query('SELECT 1');
      ctx.phases.end('firstQuery');
      await client.end().catch(() => undefined);
      return livenessOutcome(reportedVersion, tlsInfo);
    } catch (err) {
      kill();
      throw new ProbeFailure(err, { serverVersion: reportedVersion, tls: tlsInfo });
    }
  }

  try {
    const warnings: string[] = [];
    ctx.phases.start('firstQuery');
    let row: Record<string, unknown> | undefined;
    try {
      row = lastResultWithRows(await client.query(combinedMetricsSql(ctx.statementTimeoutMs)));
      ctx.phases.end('firstQuery');
    } catch (err) {
      ctx.phases.end('firstQuery');
      if (!isPrivilegeError(err)) throw err;
      row = await metricsOneByOne(client, ctx, warnings);
    }
    row ??= {};
    const metrics: Record<string, MetricValue> = pgMetricsFromRow(row);
    if (metrics.pg_stat_statements === true) {
      try {
        await client.query(PG_STAT_STATEMENTS_SQL(ctx.statementTimeoutMs));
      } catch (err) {
        metrics.pg_stat_statements = false;
        const code = (err as { code?: string }).code;
        if (isPrivilegeError(err)) warnings.push('permission denied reading pg_stat_statements (grant pg_read_all_stats)');
        else if (code !== '55000') throw err; // 55000: installed but not in shared_preload_libraries
      }
    }
    warnings.push(...pgSaturationWarnings(metrics));
    const serverVersion = typeof row.server_version === 'string' ? row.server_version : reportedVersion;
    await client.end().catch(() => undefined);
    return { serverVersion, tls: tlsInfo, metrics, warnings };
  } catch (err) {
    kill();
    throw new ProbeFailure(err, { serverVersion: reportedVersion, tls: tlsInfo });
  }
}

/** The combined query was refused: read each metric on its own and say which were refused. */
async function metricsOneByOne(client: Client, ctx: ProbeContext, warnings: string[]): Promise<Record<string, unknown>> {
  const row: Record<string, unknown> = {};
  for (const q of PG_METRIC_QUERIES) {
    try {
      Object.assign(row, lastResultWithRows(await client.query(singleMetricSql(q, ctx.statementTimeoutMs))) ?? {});
    } catch (err) {
      if (!isPrivilegeError(err)) throw err;
      row[q.column] = null;
      const msg = err instanceof Error ? ctx.redact(err.message) : 'permission denied';
      warnings.push(`permission denied reading ${q.column}: ${msg} (needs ${q.needs})`);
    }
  }
  return row;
}

export const probe: ProviderModule['probe'] = probePostgres;
