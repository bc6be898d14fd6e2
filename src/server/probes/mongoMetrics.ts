/**
 * MongoDB health metrics from the documents the server returns to `hello`,
 * `serverStatus` and `replSetGetStatus`. Pure: plain documents in, metric
 * values out; a field the server did not send becomes `null`, never a guess.
 */
import type { MetricValue } from '../../shared/probe';

type Doc = Record<string, unknown>;

/** The metric keys this provider reports (a fixed contract). */
export const MONGO_METRIC_KEYS = [
  'connections_current',
  'connections_available',
  'opcounters_query',
  'opcounters_insert',
  'opcounters_update',
  'opcounters_delete',
  'opcounters_command',
  'repl_state',
  'repl_lag_s',
] as const;
export type MongoMetricKey = (typeof MONGO_METRIC_KEYS)[number];

/** Share of the server's connection limit in use from which the probe reports `degraded`. */
export const CONNECTION_SATURATION_WARN = 0.9;
/** Replication lag (seconds) from which a secondary is reported `degraded`. */
export const REPL_LAG_WARN_S = 30;

function isDoc(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A BSON number (number, Long, Int32, Double, Decimal128) as a JS number, or null. */
export function bsonNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (isDoc(v)) {
    const toNumber = (v as { toNumber?: unknown }).toNumber;
    if (typeof toNumber === 'function') {
      const n = (toNumber as () => unknown).call(v);
      return typeof n === 'number' && Number.isFinite(n) ? n : null;
    }
    const valueOf = (v as { valueOf?: unknown }).valueOf;
    if (typeof valueOf === 'function') {
      const n = (valueOf as () => unknown).call(v);
      if (typeof n === 'number' && Number.isFinite(n)) return n;
    }
    const str = (v as { toString?: unknown }).toString;
    if (typeof str === 'function') {
      const n = Number((str as () => unknown).call(v));
      if (Number.isFinite(n)) return n;
    }
  }
  return null;
}

/** A BSON date (Date, Timestamp-derived number, ISO string) as epoch ms, or null. */
function dateMs(v: unknown): number | null {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : null;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/**
 * Replication role from a `hello` (or legacy `isMaster`) reply:
 * `PRIMARY`, `SECONDARY`, `ARBITER`, `OTHER` (member in another state: RECOVERING,
 * STARTUP2, hidden ...), `mongos` for a router, `standalone` otherwise.
 */
export function replStateFromHello(hello: Doc): string {
  if (hello.msg === 'isdbgrid') return 'mongos';
  if (typeof hello.setName === 'string' && hello.setName.length > 0) {
    if (hello.isWritablePrimary === true || hello.ismaster === true) return 'PRIMARY';
    if (hello.secondary === true) return 'SECONDARY';
    if (hello.arbiterOnly === true) return 'ARBITER';
    return 'OTHER';
  }
  return 'standalone';
}

/** Connection and opcounter metrics from a `serverStatus` reply. */
export function metricsFromServerStatus(status: Doc): Record<string, MetricValue> {
  const conns = isDoc(status.connections) ? status.connections : {};
  const ops = isDoc(status.opcounters) ? status.opcounters : {};
  return {
    connections_current: bsonNumber(conns.current),
    connections_available: bsonNumber(conns.available),
    opcounters_query: bsonNumber(ops.query),
    opcounters_insert: bsonNumber(ops.insert),
    opcounters_update: bsonNumber(ops.update),
    opcounters_delete: bsonNumber(ops.delete),
    opcounters_command: bsonNumber(ops.command),
  };
}

/**
 * Replication lag in seconds of the member that answered, from `replSetGetStatus`:
 * the primary's last applied optime minus this member's. 0 on the primary; null
 * when the reply has no primary or no optime for this member.
 */
export function replLagSeconds(replStatus: Doc): number | null {
  const members = Array.isArray(replStatus.members) ? replStatus.members.filter(isDoc) : [];
  const self = members.find((m) => m.self === true);
  if (!self) return null;
  if (self.stateStr === 'PRIMARY' || bsonNumber(self.state) === 1) return 0;
  const primary = members.find((m) => m.stateStr === 'PRIMARY' || bsonNumber(m.state) === 1);
  if (!primary) return null;
  const optime = (m: Doc): number | null => {
    const d = dateMs(m.optimeDate);
    if (d !== null) return d;
    const opt = isDoc(m.optime) ? m.optime : undefined;
    const ts = opt?.ts;
    // A BSON Timestamp's high 32 bits are seconds since the epoch.
    if (isDoc(ts) && typeof (ts as { getHighBits?: unknown }).getHighBits === 'function') {
      return ((ts as { getHighBits: () => number }).getHighBits() >>> 0) * 1000;
    }
    if (isDoc(ts) && typeof ts.t === 'number') return ts.t * 1000;
    return null;
  };
  const p = optime(primary);
  const s = optime(self);
  if (p === null || s === null) return null;
  return Math.max(0, Math.round((p - s) / 100) / 10);
}

/** The server's version string from `serverStatus` or `buildInfo`, when present. */
export function versionOf(doc: Doc | undefined): string | undefined {
  if (!doc) return undefined;
  return typeof doc.version === 'string' && doc.version.length > 0 ? doc.version : undefined;
}

/** Saturation and lag warnings from collected metrics (plain sentences, no secrets). */
export function mongoWarnings(metrics: Record<string, MetricValue>): string[] {
  const out: string[] = [];
  const cur = metrics.connections_current;
  const avail = metrics.connections_available;
  if (typeof cur === 'number' && typeof avail === 'number' && cur + avail > 0) {
    const used = cur / (cur + avail);
    if (used >= CONNECTION_SATURATION_WARN) {
      out.push(`connections near the limit: ${cur} in use, ${avail} available (${Math.round(used * 100)}%)`);
    }
  }
  const lag = metrics.repl_lag_s;
  if (typeof lag === 'number' && lag >= REPL_LAG_WARN_S) out.push(`replication lag ${lag} s (warning from ${REPL_LAG_WARN_S} s)`);
  const state = metrics.repl_state;
  if (state === 'OTHER') out.push('replica set member is neither primary nor secondary (recovering, starting up or removed)');
  return out;
}

/** MongoDB server error codes meaning "not authorised to run this command" (read: degrade, do not fail). */
export function isUnauthorizedCommandError(err: unknown): boolean {
  if (!isDoc(err)) return false;
  const code = bsonNumber(err.code);
  return code === 13 || err.codeName === 'Unauthorized';
}

/** `replSetGetStatus` on a server that is not in a replica set (NoReplicationEnabled, 76). */
export function isNoReplicationError(err: unknown): boolean {
  if (!isDoc(err)) return false;
  const code = bsonNumber(err.code);
  return code === 76 || err.codeName === 'NoReplicationEnabled';
}
