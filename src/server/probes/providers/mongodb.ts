/**
 * MongoDB probe with the official driver (mongodb@6). Read-only: `hello`,
 * `serverStatus` (connections, opcounters, version) and, on a replica-set
 * member, `replSetGetStatus` for the lag. A command the user may not run
 * (Unauthorized, code 13) degrades the result instead of failing it.
 * With `collectMetrics: false` only the `hello` round trip is made (no
 * serverStatus, buildInfo or replSetGetStatus; no server version then).
 *
 * Phases: `dns` (the driver's host lookup, through our `lookup` hook),
 * `connect` (TCP + TLS + the monitor's `hello` handshake, up to the first
 * successful heartbeat), `auth` (pool connection + SASL + `ping`, only when a
 * password is sent), `firstQuery` (one `hello` round trip).
 */
import * as dns from 'node:dns';
import type { PeerCertificate } from 'node:tls';
import { checkServerIdentity as defaultCheckServerIdentity } from 'node:tls';
import { MongoClient, type Document, type MongoClientOptions } from 'mongodb';
import type { MetricValue, TlsInfo } from '../../../shared/probe';
import {
  isNoReplicationError,
  isUnauthorizedCommandError,
  metricsFromServerStatus,
  mongoWarnings,
  replLagSeconds,
  replStateFromHello,
  versionOf,
} from '../mongoMetrics';
import { livenessOutcome, wantsMetrics } from '../liveness';
import { innermostMongoError, mongoTarget } from '../mongoOptions';
import { ProbeFailure, type ProbeContext, type ProbeRequest, type ProviderOutcome } from '../types';

type LookupCallback = (...args: unknown[]) => void;
/** `dns.lookup` with the (hostname, options, callback) form the driver's sockets call. */
const systemLookup = dns.lookup as unknown as (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

export async function probe(req: ProbeRequest, ctx: ProbeContext): Promise<ProviderOutcome> {
  const { phases, signal } = ctx;
  const target = mongoTarget(req.config, req.secret, ctx);

  let dnsTimed = false;
  const lookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    if (dnsTimed) return systemLookup(hostname, options, callback);
    dnsTimed = true;
    phases.start('dns');
    systemLookup(hostname, options, (...args: unknown[]) => {
      phases.end('dns');
      callback(...args);
    });
  };

  let certificateVerified = false;
  const options: MongoClientOptions = {
    ...target.options,
    lookup: lookup as MongoClientOptions['lookup'],
  };
  if (target.options.tls) {
    // Node calls this during the handshake only when the chain verified: it records that,
    // then applies Node's own hostname check (unless hostnames are not checked).
    options.checkServerIdentity = (host: string, cert: PeerCertificate) => {
      certificateVerified = true;
      return target.options.tlsAllowInvalidHostnames || target.options.tlsAllowInvalidCertificates
        ? undefined
        : defaultCheckServerIdentity(host, cert);
    };
  }

  const client = new MongoClient(target.url, options);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close(true).catch(() => undefined);
  };
  ctx.onCleanup(close);
  const onAbort = () => void close();
  signal.addEventListener('abort', onAbort, { once: true });

  let heartbeatSeen = false;
  client.once('serverHeartbeatSucceeded', () => {
    heartbeatSeen = true;
    phases.end('connect');
  });

  const tlsInfo = (): TlsInfo | null | undefined => {
    if (!target.options.tls) return target.options.tls === false ? null : undefined;
    return { authorized: certificateVerified && !target.options.tlsAllowInvalidCertificates };
  };

  // The driver retries server selection until its timeout; a probe reports the first
  // verdict instead: once every known server has failed its check, that error is final.
  let rejectAllFailed!: (err: unknown) => void;
  const allFailed = new Promise<never>((_resolve, reject) => (rejectAllFailed = reject));
  allFailed.catch(() => undefined);
  client.on('topologyDescriptionChanged', (ev) => {
    const errors = [...ev.newDescription.servers.values()].map((sd) => sd.error);
    if (errors.length > 0 && errors.every((e) => e)) rejectAllFailed(errors[0]);
  });

  try {
    try {
      await Promise.race([client.connect(), allFailed]);
    } catch (err) {
      // No guess about TLS when the server hangs up or stays silent: a plain mongod
      // waits on a ClientHello and one at its connection limit closes before any
      // handshake, so the driver's own error is the honest report.
      throw new ProbeFailure(innermostMongoError(err), { tls: tlsInfo() });
    }
    if (!heartbeatSeen) phases.end('connect');
    if (target.authenticates) phases.end('auth');
    ctx.connected();

    const admin = client.db('admin');
    const maxTimeMS = ctx.statementTimeoutMs;
    phases.start('firstQuery');
    const hello: Document = await admin.command({ hello: 1 });
    phases.end('firstQuery');
    if (!wantsMetrics(req)) return livenessOutcome(undefined, tlsInfo());

    const warnings: string[] = [];
    const metrics: Record<string, MetricValue> = {
      connections_current: null,
      connections_available: null,
      opcounters_query: null,
      opcounters_insert: null,
      opcounters_update: null,
      opcounters_delete: null,
      opcounters_command: null,
      repl_state: replStateFromHello(hello),
      repl_lag_s: null,
    };

    let serverVersion: string | undefined;
    try {
      const status = await admin.command({
        serverStatus: 1,
        repl: 1,
        metrics: 0,
        locks: 0,
        wiredTiger: 0,
        tcmalloc: 0,
        asserts: 0,
        maxTimeMS,
      });
      Object.assign(metrics, metricsFromServerStatus(status));
      serverVersion = versionOf(status);
    } catch (err) {
      if (!isUnauthorizedCommandError(err)) throw err;
      warnings.push(
        `serverStatus not permitted for this user (${errorText(err)}): connection and opcounter metrics unavailable; grant the clusterMonitor role`,
      );
    }
    if (!serverVersion) {
      try {
        serverVersion = versionOf(await admin.command({ buildInfo: 1, maxTimeMS }));
      } catch (err) {
        if (!isUnauthorizedCommandError(err)) throw err;
      }
    }

    if (metrics.repl_state === 'PRIMARY') metrics.repl_lag_s = 0;
    else if (metrics.repl_state === 'SECONDARY' || metrics.repl_state === 'OTHER') {
      try {
        metrics.repl_lag_s = replLagSeconds(await admin.command({ replSetGetStatus: 1, maxTimeMS }));
      } catch (err) {
        if (isUnauthorizedCommandError(err)) {
          warnings.push(`replSetGetStatus not permitted for this user (${errorText(err)}): replication lag unavailable`);
        } else if (!isNoReplicationError(err)) throw err;
      }
    }

    warnings.push(...mongoWarnings(metrics));
    const outcome: ProviderOutcome = { metrics, warnings };
    if (serverVersion) outcome.serverVersion = serverVersion;
    const tls = tlsInfo();
    if (tls !== undefined) outcome.tls = tls;
    return outcome;
  } catch (err) {
    if (err instanceof ProbeFailure) throw err;
    throw new ProbeFailure(innermostMongoError(err), { tls: tlsInfo() });
  } finally {
    signal.removeEventListener('abort', onAbort);
    await close();
  }
}

function errorText(err: unknown): string {
  const e = err as { codeName?: unknown; code?: unknown; message?: unknown };
  const name = typeof e.codeName === 'string' ? e.codeName : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  return [name, code !== undefined ? `code ${code}` : undefined].filter(Boolean).join(', ') || 'not authorised';
}
