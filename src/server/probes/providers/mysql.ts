/**
 * MySQL / MariaDB probe with mysql2: resolves and times DNS itself, connects a
 * socket to the resolved address (TLS servername and identity checks keep the
 * configured host), times TCP, TLS and authentication from the socket events,
 * reads every metric in one read-only round trip, and closes.
 *
 * MariaDB answers "TLS required" (require_secure_transport, REQUIRE SSL) with
 * the same 1045 "Access denied" as a wrong password. When a plain connection is
 * refused with 1045 by a server that offers TLS, the probe retries once over
 * TLS: if that gets past authentication, the cause is the missing TLS, reported
 * as MySQL's own code for it (3159 ER_SECURE_TRANSPORT_REQUIRED).
 *
 * With `collectMetrics: false` the only round trip after authentication is
 * COM_PING (what `mysqladmin ping` sends); the server version then comes from
 * the handshake.
 */
import * as net from 'node:net';
import * as mysql from 'mysql2';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { MetricValue, TlsInfo } from '../../../shared/probe';
import { sqlEndpoint, type SqlEndpoint } from '../endpoint';
import {
  flavorOf,
  isMysqlPrivilegeError,
  looksLikeReplica,
  mysqlMetricsFrom,
  mysqlMetricsSql,
  mysqlSaturationWarnings,
  replicaStateFrom,
  replicaStatusSql,
  statusMap,
  versionFromHandshake,
} from '../mysqlMetrics';
import { livenessOutcome, wantsMetrics } from '../liveness';
import { isTlsSocket, timedLookup, tlsInfoOf, watchTls } from '../timing';
import { driverTls, readCaFile, withCleartextCheck, type TlsMode } from '../tlsOptions';
import { ProbeFailure, type ProbeContext, type ProbeRequest, type ProviderModule, type ProviderOutcome } from '../types';

/** mysql2's CLIENT_SSL capability bit in the server greeting. */
const CLIENT_SSL = 0x800;

/** What one attempt learnt about the server, even when it failed. */
interface AttemptInfo {
  serverVersion?: string;
  serverOffersTls?: boolean;
  tls: TlsInfo | null;
}

type CoreConnection = mysql.Connection & {
  stream: net.Socket;
  serverCapabilityFlags?: number;
  _handshakePacket?: { serverVersion?: string } | null;
};

function errnoOf(err: unknown): number | undefined {
  const e = err instanceof ProbeFailure ? err.cause : err;
  const n = (e as { errno?: unknown } | null)?.errno;
  return typeof n === 'number' ? n : undefined;
}

function codeOf(err: unknown): string | undefined {
  const e = err instanceof ProbeFailure ? err.cause : err;
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function sslOptionsFor(opts: TlsConnectionOptions | false, verifyIdentity: boolean): mysql.SslOptions | undefined {
  if (opts === false) return undefined;
  const out: mysql.SslOptions = { rejectUnauthorized: opts.rejectUnauthorized !== false, verifyIdentity };
  if (typeof opts.ca === 'string') out.ca = opts.ca;
  return out;
}

export async function probeMysql(req: ProbeRequest, ctx: ProbeContext): Promise<ProviderOutcome> {
  const ep = sqlEndpoint(req.config, { port: 3306, user: 'root' });
  const ca = readCaFile(ep.tls.caFile);
  const tls = driverTls(ep.tls, ep.host, ca);
  const mode = ep.tls.mode as TlsMode;
  const ssl = sslOptionsFor(tls.options, tls.verifies && mode === 'verify-full');
  const resolved = await timedLookup(ep.host, ctx.phases, ctx.signal);
  const info: AttemptInfo = { tls: null };
  // The handshake response carries the password's scramble whenever a password is set.
  const checked = (o: ProviderOutcome) => withCleartextCheck(o, ep.host, mode, Boolean(req.secret.password));
  try {
    return checked(await attempt(req, ctx, ep, resolved.address, ssl, info));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    // Refused with no password stored or set: say that, not "wrong password" (the PostgreSQL probe does the same).
    if (errnoOf(err) === 1045 && !req.secret.password) {
      const missing = Object.assign(
        new Error('the server refused the login and no password is stored or set for this connection (using password: NO)'),
        { code: 'ERR_CREDENTIALS_MISSING', cause: err instanceof ProbeFailure ? err.cause : err },
      );
      throw new ProbeFailure(missing, { serverVersion: info.serverVersion, tls: info.tls });
    }
    if (tls.fallbackToPlain && codeOf(err) === 'HANDSHAKE_NO_SSL_SUPPORT') {
      return checked(await attempt(req, ctx, ep, resolved.address, undefined, { tls: null }));
    }
    if (!ssl && errnoOf(err) === 1045 && info.serverOffersTls) {
      let overTls: unknown;
      try {
        await attempt(req, ctx, ep, resolved.address, { rejectUnauthorized: false }, { tls: null });
      } catch (retryErr) {
        overTls = retryErr;
      }
      if (ctx.signal.aborted) throw err;
      // Still 1045 over TLS: the credentials are wrong. Anything else (success, unknown database ...): TLS was the gate.
      if (overTls === undefined || errnoOf(overTls) !== 1045) {
        const cause = err instanceof ProbeFailure ? err.cause : err;
        const required = Object.assign(
          new Error(
            'Connections using insecure transport are prohibited for this account: access was denied without TLS and granted over TLS (require_secure_transport or REQUIRE SSL)',
          ),
          { code: 'ER_SECURE_TRANSPORT_REQUIRED', errno: 3159, sqlState: 'HY000', cause },
        );
        throw new ProbeFailure(required, { serverVersion: info.serverVersion, tls: null });
      }
    }
    throw err;
  }
}

async function attempt(
  req: ProbeRequest,
  ctx: ProbeContext,
  ep: SqlEndpoint,
  address: string,
  ssl: mysql.SslOptions | undefined,
  info: AttemptInfo,
): Promise<ProviderOutcome> {
  let tlsErrorCode: string | undefined;
  const options: mysql.ConnectionOptions = {
    host: ep.host,
    port: ep.port,
    user: ep.user,
    password: req.secret.password,
    database: ep.database,
    ssl,
    // Our own socket to the address we resolved and timed; mysql2 keeps `host` for TLS servername/identity.
    stream: () => {
      ctx.phases.start('connect');
      const s = net.connect({ host: address, port: ep.port });
      s.setNoDelay(true);
      s.once('connect', () => {
        ctx.phases.end('connect');
        if (!ssl) ctx.phases.start('auth');
      });
      return s;
    },
    // runProbe's deadline is the real one; the driver's own is a backstop just after it.
    connectTimeout: ctx.connectTimeoutMs + 1000,
    multipleStatements: true,
    supportBigNumbers: true,
    connectAttributes: { program_name: 'dbpulse-probe' },
  };
  const conn = mysql.createConnection(options) as CoreConnection;
  conn.on('error', () => undefined); // late errors after a deadline must not crash the process
  const kill = () => {
    try {
      conn.destroy();
    } catch {
      /* already gone */
    }
  };
  ctx.onCleanup(kill);
  ctx.signal.addEventListener('abort', kill, { once: true });

  // mysql2 swaps `conn.stream` for the TLS socket: watch that assignment to time the handshake.
  let current = conn.stream;
  Object.defineProperty(conn, 'stream', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (v: net.Socket) => {
      current = v;
      if (isTlsSocket(v)) {
        watchTls(v, ctx.phases);
        // Before mysql2's own listener, which replaces the TLS error code with HANDSHAKE_SSL_ERROR.
        v.prependListener('error', (e: { code?: unknown }) => {
          if (typeof e?.code === 'string') tlsErrorCode = e.code;
        });
        v.once('secureConnect', () => {
          info.tls = tlsInfoOf(v);
          ctx.phases.start('auth');
        });
      }
    },
  });

  try {
    await new Promise<void>((resolve, reject) => {
      conn.once('connect', () => resolve());
      conn.once('error', reject);
    });
  } catch (err) {
    readHandshake(conn, info);
    kill();
    if (tlsErrorCode && codeOf(err) === 'HANDSHAKE_SSL_ERROR')
      Object.assign(err as object, { code: tlsErrorCode, driverCode: 'HANDSHAKE_SSL_ERROR' });
    throw new ProbeFailure(err, { serverVersion: info.serverVersion, tls: info.tls });
  }
  readHandshake(conn, info);
  ctx.phases.end('auth');
  ctx.connected();
  if (isTlsSocket(conn.stream)) info.tls = tlsInfoOf(conn.stream);

  if (!wantsMetrics(req)) {
    try {
      ctx.phases.start('firstQuery');
      await new Promise<void>((resolve, reject) => conn.ping((err) => (err ? reject(err) : resolve())));
      ctx.phases.end('firstQuery');
      await new Promise<void>((resolve) => conn.end(() => resolve()));
      return livenessOutcome(versionFromHandshake(info.serverVersion), info.tls);
    } catch (err) {
      kill();
      throw new ProbeFailure(err, { serverVersion: versionFromHandshake(info.serverVersion), tls: info.tls });
    }
  }

  const query = (sql: string) =>
    new Promise<unknown>((resolve, reject) => {
      conn.query(sql, (err, rows) => (err ? reject(err) : resolve(rows)));
    });

  try {
    const flavor = flavorOf(info.serverVersion);
    ctx.phases.start('firstQuery');
    const results = (await query(mysqlMetricsSql(flavor, ctx.statementTimeoutMs))) as unknown[];
    ctx.phases.end('firstQuery');
    const vars = (Array.isArray(results[2]) ? (results[2] as Record<string, unknown>[])[0] : undefined) ?? {};
    const status = statusMap(Array.isArray(results[3]) ? (results[3] as Record<string, unknown>[]) : []);
    const metrics: Record<string, MetricValue> = mysqlMetricsFrom(vars, status);
    const warnings: string[] = [];
    const serverVersion = typeof vars.server_version === 'string' ? vars.server_version : info.serverVersion;
    if (looksLikeReplica(vars, status)) {
      try {
        const rows = (await query(replicaStatusSql(flavor, serverVersion))) as Record<string, unknown>[];
        const rep = replicaStateFrom(Array.isArray(rows) ? rows : []);
        if (rep.isReplica) metrics.replication_lag_s = rep.lagS;
        if (rep.warning) warnings.push(ctx.redact(rep.warning));
      } catch (err) {
        if (!isMysqlPrivilegeError(err)) throw err;
        const msg = err instanceof Error ? ctx.redact(err.message) : 'access denied';
        warnings.push(
          `permission denied reading replication status (read-only server, probably a replica): ${msg} (grant SLAVE MONITOR on MariaDB, REPLICATION CLIENT on MySQL)`,
        );
      }
    }
    warnings.push(...mysqlSaturationWarnings(metrics));
    await new Promise<void>((resolve) => conn.end(() => resolve()));
    return { serverVersion, tls: info.tls, metrics, warnings };
  } catch (err) {
    kill();
    throw new ProbeFailure(err, { serverVersion: info.serverVersion, tls: info.tls });
  }
}

function readHandshake(conn: CoreConnection, info: AttemptInfo): void {
  if (typeof conn.serverCapabilityFlags === 'number') info.serverOffersTls = (conn.serverCapabilityFlags & CLIENT_SSL) !== 0;
  const v = conn._handshakePacket?.serverVersion;
  if (typeof v === 'string' && v) info.serverVersion = v;
}

export const probe: ProviderModule['probe'] = probeMysql;
