/**
 * TEMPORARY: a minimal error classification used by `runProbe` only until the
 * diagnoser (`src/server/diagnosis/index.ts`, `diagnoseError`) lands. It reads
 * the driver's structured fields (code / errno / sqlState) through `cause`
 * chains; the diagnoser replaces it and is the reference.
 */
import type { ErrorCategory } from '../../shared/categories';

type Obj = Record<string, unknown>;

const NODE_CODES: Record<string, ErrorCategory> = {
  ECONNREFUSED: 'conn_refused',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  EAI_NONAME: 'dns_failure',
  EHOSTUNREACH: 'network_unreachable',
  ENETUNREACH: 'network_unreachable',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  PROTOCOL_CONNECTION_LOST: 'connection_reset',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'ssl_certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'ssl_certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'ssl_certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'ssl_certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'ssl_certificate',
  CERT_HAS_EXPIRED: 'ssl_certificate',
  HANDSHAKE_NO_SSL_SUPPORT: 'ssl_unsupported',
};

const PG_SQLSTATE: Record<string, ErrorCategory> = {
  '28P01': 'auth_failed',
  '3D000': 'database_not_found',
  '42P01': 'schema_missing',
  '42501': 'permission_denied',
  '53300': 'too_many_connections',
  '57P01': 'server_unavailable',
  '57P02': 'server_unavailable',
  '57P03': 'server_unavailable',
  '25006': 'read_only',
  '53100': 'disk_full',
};

const MYSQL_ERRNO: Record<number, ErrorCategory> = {
  1045: 'auth_failed',
  1049: 'database_not_found',
  1146: 'schema_missing',
  1044: 'permission_denied',
  1142: 'permission_denied',
  1227: 'permission_denied',
  1040: 'too_many_connections',
  1130: 'host_not_allowed',
  1251: 'auth_method_unsupported',
  3159: 'ssl_required',
  4036: 'ssl_required',
  1290: 'read_only',
  1226: 'quota_exceeded',
};

function classifyOne(o: Obj): ErrorCategory | undefined {
  const code = typeof o.code === 'string' ? o.code : undefined;
  const message = typeof o.message === 'string' ? o.message : '';
  if (code === '28000' && /no encryption/i.test(message)) return 'ssl_required';
  if (code === '28000') return 'host_not_allowed';
  if (code && PG_SQLSTATE[code]) return PG_SQLSTATE[code];
  if (typeof o.errno === 'number' && MYSQL_ERRNO[o.errno]) return MYSQL_ERRNO[o.errno];
  if (code && NODE_CODES[code]) return NODE_CODES[code];
  if (/does not support SSL/i.test(message)) return 'ssl_unsupported';
  if (/Connection terminated unexpectedly|socket hang up/i.test(message)) return 'connection_reset';
  if (/timeout|timed out/i.test(message)) return 'timeout';
  return undefined;
}

export function fallbackClassify(error: unknown): ErrorCategory {
  let current: unknown = error;
  const queue: unknown[] = [current];
  const seen = new Set<unknown>();
  while (queue.length > 0) {
    current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const o = current as Obj;
    const found = classifyOne(o);
    if (found) return found;
    queue.push(o.cause);
    if (Array.isArray(o.errors)) queue.push(...(o.errors as unknown[]));
  }
  return 'unknown';
}
