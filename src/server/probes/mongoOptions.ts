/**
 * Builds the MongoDB driver's connection string and options for one probe from
 * a connection's settings, its secret and the probe's deadlines. Pure: no driver
 * import, no I/O, so the mapping is testable on its own.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { splitUrl } from '../../shared/connectionUrl';

/** The subset of `MongoClientOptions` the probe sets (structurally compatible). */
export interface MongoProbeOptions {
  appName: string;
  connectTimeoutMS: number;
  serverSelectionTimeoutMS: number;
  socketTimeoutMS: number;
  maxPoolSize: number;
  minPoolSize: number;
  maxConnecting: number;
  retryReads: boolean;
  retryWrites: boolean;
  monitorCommands: boolean;
  /** One short probe: plain polling, no long-held streaming `hello`. */
  serverMonitoringMode: 'poll';
  directConnection?: boolean;
  auth?: { username: string; password?: string };
  authSource?: string;
  tls?: boolean;
  tlsAllowInvalidCertificates?: boolean;
  tlsAllowInvalidHostnames?: boolean;
  tlsCAFile?: string;
}

export interface MongoTarget {
  /** The connection string, never with a password in it. */
  url: string;
  options: MongoProbeOptions;
  /** Host of the first seed (for messages and TLS checks). */
  host: string;
  /** True when a password is sent (so the probe has an authentication phase). */
  authenticates: boolean;
}

/** Query parameters that already pin the topology: then `directConnection` is left to the URL. */
const TOPOLOGY_PARAMS = new Set(['directconnection', 'replicaset', 'loadbalanced']);

function bracketHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The probe's target. Throws an `Error` with `code: 'ERR_INVALID_CONFIG'` when the
 * settings name no server (a case `validateConnection` reports first in practice).
 */
export function mongoTarget(
  config: ConnectionConfig,
  secret: ConnectionSecret,
  timeouts: { connectTimeoutMs: number; statementTimeoutMs: number },
): MongoTarget {
  let url: string;
  let user = config.user;
  let host: string;
  let pinned = false;
  let srv = false;
  let hostCount = 1;
  if (typeof config.url === 'string' && config.url.trim() !== '') {
    const split = splitUrl(config.url);
    if (!split) throw invalid('the MongoDB connection string is not a mongodb:// or mongodb+srv:// URL');
    srv = split.scheme === 'mongodb+srv';
    const hosts = split.hosts.split(',').filter((h) => h.length > 0);
    if (hosts.length === 0) throw invalid('the MongoDB connection string has no host');
    hostCount = hosts.length;
    host = hosts[0].replace(/^\[|\](:\d+)?$/g, '').replace(/:\d+$/, '');
    if (split.user !== undefined && split.user !== '') user = user ?? split.user;
    pinned = split.params.some(([k]) => TOPOLOGY_PARAMS.has(k.toLowerCase()));
    // The password never travels in the URL: drop userinfo, the user goes in `auth`.
    const text = config.url.trim();
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? 'mongodb://';
    const rest = text.slice(scheme.length);
    const q = rest.search(/[/?]/);
    const authority = q >= 0 ? rest.slice(0, q) : rest;
    const at = authority.lastIndexOf('@');
    url = scheme + (at >= 0 ? authority.slice(at + 1) : authority) + (q >= 0 ? rest.slice(q) : '');
  } else {
    if (typeof config.host !== 'string' || config.host.trim() === '') throw invalid('a MongoDB connection needs a URL or a host');
    host = config.host.trim();
    const port = typeof config.port === 'number' ? config.port : 27017;
    const db = config.database ? `/${encodeURIComponent(config.database)}` : '/';
    url = `mongodb://${bracketHost(host)}:${port}${db}`;
  }

  const options: MongoProbeOptions = {
    appName: 'dbpulse-probe',
    connectTimeoutMS: timeouts.connectTimeoutMs,
    serverSelectionTimeoutMS: timeouts.connectTimeoutMs,
    socketTimeoutMS: Math.max(timeouts.connectTimeoutMs, timeouts.statementTimeoutMs),
    maxPoolSize: 1,
    minPoolSize: 0,
    maxConnecting: 1,
    retryReads: false,
    retryWrites: false,
    monitorCommands: false,
    serverMonitoringMode: 'poll',
  };
  // One seed and nothing pinning the topology: talk to that node itself, whatever its
  // role, so a secondary or a recovering member is reported as such instead of timing out.
  if (!srv && hostCount === 1 && !pinned) options.directConnection = true;

  const password = typeof secret.password === 'string' && secret.password.length > 0 ? secret.password : undefined;
  if (user) options.auth = password ? { username: user, password } : { username: user };
  if (user && !config.url && config.database) options.authSource = config.database;

  const tls = config.tls ?? {};
  switch (tls.mode) {
    case 'disable':
      options.tls = false;
      break;
    case 'require':
      // libpq's `require`: encrypted, certificate not checked.
      options.tls = true;
      options.tlsAllowInvalidCertificates = true;
      break;
    case 'verify-ca':
      options.tls = true;
      options.tlsAllowInvalidHostnames = true;
      break;
    case 'verify-full':
      options.tls = true;
      break;
    default:
      // `prefer` or unset: MongoDB has no opportunistic TLS; the URL (or +srv's default) decides.
      break;
  }
  if (tls.allowSelfSigned && options.tls !== false) options.tlsAllowInvalidCertificates = true;
  if (tls.caFile && options.tls !== false) options.tlsCAFile = tls.caFile;
  return { url, options, host, authenticates: password !== undefined && user !== undefined };
}

function invalid(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_INVALID_CONFIG' });
}

/**
 * The error worth reporting from a driver error: a server-selection failure for a
 * single server carries that server's own error (ECONNREFUSED, auth failure, TLS ...)
 * in `reason.servers`; that one is returned, otherwise the error itself.
 */
export function innermostMongoError(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const reason = (err as { reason?: unknown }).reason;
  if (typeof reason !== 'object' || reason === null) return err;
  const servers = (reason as { servers?: unknown }).servers;
  if (!(servers instanceof Map)) return err;
  const errors: unknown[] = [];
  for (const sd of servers.values()) {
    const e = typeof sd === 'object' && sd !== null ? (sd as { error?: unknown }).error : undefined;
    if (e) errors.push(e);
  }
  return errors.length === 1 ? errors[0] : err;
}
