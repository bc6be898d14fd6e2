/**
 * The layered fallback beneath the curated patterns: when no known error matches, the codes and
 * words the error carries still say a lot. Layers are tried in order, each with a lower confidence
 * than the one above (and all below the curated patterns), and the answer names the layer:
 *
 *   sqlstate     SQLSTATE subclass or class (08 connection exception, 28 authorization, 53
 *                insufficient resources, 57 operator intervention, ...)            0.62 / 0.58
 *   mysql-errno  MySQL/MariaDB server and client error numbers, then their ranges     0.60 / 0.45
 *   mongo        MongoDB server codeNames, driver error classes, error labels         0.58 / 0.50
 *   grpc         gRPC status (UNAVAILABLE, RESOURCE_EXHAUSTED, PERMISSION_DENIED ...)  0.55
 *   http         HTTP status of a wrapped response body (503, 429, 401 ...)           0.50
 *   system       Node/libuv system codes, Python errno, Erlang atoms (ECONNREFUSED ...) 0.48
 *   wording      plain wording cues (timed out, not allowed, limit exceeded ...)       0.40
 *
 * `unknown` remains for errors that say nothing any layer reads. Pure; every regex is linear in
 * its input (no unbounded gaps) and reads at most FALLBACK_TEXT_LIMIT characters of each text.
 */
import type { ErrorCategory, Provider } from '../../shared/categories';
import type { ErrorLayer } from './extract';
import type { Evidence } from './types';

export type FallbackLayer = 'sqlstate' | 'mysql-errno' | 'mongo' | 'grpc' | 'http' | 'system' | 'wording';

export interface FallbackAnswer {
  layer: FallbackLayer;
  category: ErrorCategory;
  confidence: number;
  /** What was read: `sqlstate 08006`, `grpc UNAVAILABLE`, `wording "timed out"`. */
  key: string;
  /** Human description of the signal, for the root cause. */
  signal: string;
  /** The error layer it was read from. */
  from: ErrorLayer;
  evidence: Evidence[];
}

/** Each layer's confidence ceiling, highest first; the curated patterns sit above 0.65. */
export const FALLBACK_CONFIDENCE: Readonly<Record<FallbackLayer, number>> = {
  sqlstate: 0.62,
  'mysql-errno': 0.6,
  mongo: 0.58,
  grpc: 0.55,
  http: 0.5,
  system: 0.48,
  wording: 0.4,
};

export const FALLBACK_LAYERS: readonly FallbackLayer[] = ['sqlstate', 'mysql-errno', 'mongo', 'grpc', 'http', 'system', 'wording'];

/** Texts longer than this are read only at their head (an HTTP body or dump says what went wrong first). */
export const FALLBACK_TEXT_LIMIT = 4096;

/** Fixes to offer per category when a fallback layer answers (ids of ./kb/fixes.ts). */
export const FALLBACK_FIXES: Readonly<Partial<Record<ErrorCategory, readonly string[]>>> = {
  conn_refused: ['start-server', 'check-port', 'firewall'],
  dns_failure: ['check-hostname', 'check-dns'],
  network_unreachable: ['check-route', 'firewall'],
  timeout: ['check-reachability', 'raise-timeout', 'retry-later'],
  connection_reset: ['keepalive', 'check-proxy', 'check-server-logs'],
  auth_failed: ['check-password', 'check-user'],
  auth_method_unsupported: ['upgrade-driver'],
  host_not_allowed: ['firewall', 'check-server-logs'],
  ssl_required: ['enable-tls'],
  ssl_unsupported: ['disable-tls', 'tls-port'],
  ssl_certificate: ['ca-file', 'cert-hostname', 'renew-cert'],
  database_not_found: ['create-database'],
  schema_missing: ['run-migrations'],
  permission_denied: ['grant-privileges'],
  too_many_connections: ['close-connections', 'use-pooler', 'raise-max-connections'],
  pool_exhausted: ['pool-size', 'statement-timeout'],
  server_unavailable: ['retry-later', 'check-server-logs'],
  read_only: ['connect-primary'],
  disk_full: ['free-disk'],
  invalid_config: ['fix-url'],
  credentials_missing: ['set-password', 'set-gac'],
  credentials_invalid: ['new-service-account-key', 'check-password'],
  clock_skew: ['sync-clock'],
  api_key_invalid: ['check-api-key'],
  jwt_expired: ['refresh-session'],
  quota_exceeded: ['wait-quota'],
  project_unavailable: ['restore-project'],
};

type Rule = readonly [ErrorCategory, string];

// ── SQLSTATE (PostgreSQL errcodes.txt; MySQL maps its errors onto the same standard classes) ──
const SQLSTATE_EXACT: Readonly<Record<string, Rule>> = {
  '08001': ['conn_refused', 'unable to establish an SQL connection'],
  '08003': ['connection_reset', 'connection does not exist'],
  '08006': ['connection_reset', 'connection failure'],
  '08S01': ['connection_reset', 'communication link failure'],
  '08P01': ['invalid_config', 'protocol violation (not speaking to the server expected)'],
  '28P01': ['auth_failed', 'invalid password'],
  '3D000': ['database_not_found', 'invalid catalog (database) name'],
  '3F000': ['schema_missing', 'invalid schema name'],
  '42501': ['permission_denied', 'insufficient privilege'],
  '42P01': ['schema_missing', 'undefined table'],
  '42703': ['schema_missing', 'undefined column'],
  '42883': ['schema_missing', 'undefined function'],
  '42704': ['schema_missing', 'undefined object'],
  '42S02': ['schema_missing', 'base table or view not found'],
  '42S22': ['schema_missing', 'column not found'],
  '53100': ['disk_full', 'disk full'],
  '53200': ['server_unavailable', 'out of memory'],
  '53300': ['too_many_connections', 'too many connections'],
  '53400': ['too_many_connections', 'configuration limit exceeded'],
  '57014': ['timeout', 'query canceled (statement timeout)'],
  '57P04': ['database_not_found', 'database dropped'],
  '57P05': ['connection_reset', 'idle session timeout'],
  '25006': ['read_only', 'read-only SQL transaction'],
  HYT00: ['timeout', 'timeout expired'],
  HYT01: ['timeout', 'connection timeout expired'],
};
const SQLSTATE_CLASS: Readonly<Record<string, Rule>> = {
  '08': ['connection_reset', 'class 08, connection exception'],
  '28': ['auth_failed', 'class 28, invalid authorization specification'],
  '3D': ['database_not_found', 'class 3D, invalid catalog name'],
  '3F': ['schema_missing', 'class 3F, invalid schema name'],
  '53': ['server_unavailable', 'class 53, insufficient resources'],
  '57': ['server_unavailable', 'class 57, operator intervention'],
  '58': ['server_unavailable', 'class 58, system error (external to the server)'],
};
/** A SQLSTATE is five characters of digits and capitals that is not a plain word ("PGRST", "ERROR"). */
const SQLSTATE_SHAPE = /^[0-9A-Z]{5}$/;

function sqlStateOf(l: ErrorLayer): string | undefined {
  const s = l.sqlState ?? l.code;
  return s && SQLSTATE_SHAPE.test(s) && /\d/.test(s) ? s : undefined;
}

// ── MySQL / MariaDB error numbers (server 1000–1999 and 3000+, client 2000–2999) ──
const MYSQL_ERRNO: Readonly<Record<number, Rule>> = {
  1021: ['disk_full', 'ER_DISK_FULL'],
  1040: ['too_many_connections', 'ER_CON_COUNT_ERROR'],
  1044: ['permission_denied', 'ER_DBACCESS_DENIED_ERROR'],
  1045: ['auth_failed', 'ER_ACCESS_DENIED_ERROR'],
  1049: ['database_not_found', 'ER_BAD_DB_ERROR'],
  1053: ['server_unavailable', 'ER_SERVER_SHUTDOWN'],
  1077: ['server_unavailable', 'ER_NORMAL_SHUTDOWN'],
  1078: ['server_unavailable', 'ER_GOT_SIGNAL'],
  1079: ['server_unavailable', 'ER_SHUTDOWN_COMPLETE'],
  1080: ['connection_reset', 'ER_FORCING_CLOSE'],
  1081: ['conn_refused', 'ER_IPSOCK_ERROR'],
  1114: ['disk_full', 'ER_RECORD_FILE_FULL'],
  1129: ['host_not_allowed', 'ER_HOST_IS_BLOCKED'],
  1130: ['host_not_allowed', 'ER_HOST_NOT_PRIVILEGED'],
  1142: ['permission_denied', 'ER_TABLEACCESS_DENIED_ERROR'],
  1143: ['permission_denied', 'ER_COLUMNACCESS_DENIED_ERROR'],
  1146: ['schema_missing', 'ER_NO_SUCH_TABLE'],
  1152: ['connection_reset', 'ER_ABORTING_CONNECTION'],
  1153: ['connection_reset', 'ER_NET_PACKET_TOO_LARGE'],
  1158: ['connection_reset', 'ER_NET_READ_ERROR'],
  1159: ['timeout', 'ER_NET_READ_INTERRUPTED'],
  1160: ['connection_reset', 'ER_NET_ERROR_ON_WRITE'],
  1161: ['timeout', 'ER_NET_WRITE_INTERRUPTED'],
  1184: ['connection_reset', 'ER_NEW_ABORTING_CONNECTION'],
  1203: ['too_many_connections', 'ER_TOO_MANY_USER_CONNECTIONS'],
  1205: ['timeout', 'ER_LOCK_WAIT_TIMEOUT'],
  1226: ['quota_exceeded', 'ER_USER_LIMIT_REACHED'],
  1227: ['permission_denied', 'ER_SPECIFIC_ACCESS_DENIED_ERROR'],
  1251: ['auth_method_unsupported', 'ER_NOT_SUPPORTED_AUTH_MODE'],
  1290: ['read_only', 'ER_OPTION_PREVENTS_STATEMENT (--read-only)'],
  1698: ['auth_failed', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR'],
  1792: ['read_only', 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION'],
  1820: ['credentials_invalid', 'ER_MUST_CHANGE_PASSWORD'],
  1836: ['read_only', 'ER_READ_ONLY_MODE'],
  1862: ['credentials_invalid', 'ER_MUST_CHANGE_PASSWORD_LOGIN'],
  1927: ['connection_reset', 'ER_CONNECTION_KILLED (MariaDB)'],
  2002: ['conn_refused', 'CR_CONNECTION_ERROR'],
  2003: ['conn_refused', 'CR_CONN_HOST_ERROR'],
  2005: ['dns_failure', 'CR_UNKNOWN_HOST'],
  2006: ['connection_reset', 'CR_SERVER_GONE_ERROR'],
  2013: ['connection_reset', 'CR_SERVER_LOST'],
  2026: ['ssl_certificate', 'CR_SSL_CONNECTION_ERROR'],
  2055: ['connection_reset', 'CR_SERVER_LOST_EXTENDED'],
  2059: ['auth_method_unsupported', 'CR_AUTH_PLUGIN_CANNOT_LOAD'],
  2061: ['auth_method_unsupported', 'CR_AUTH_PLUGIN_ERR (caching_sha2 needs a secure connection)'],
  3024: ['timeout', 'ER_QUERY_TIMEOUT'],
  3118: ['auth_failed', 'ER_ACCOUNT_HAS_BEEN_LOCKED'],
  3159: ['ssl_required', 'ER_SECURE_TRANSPORT_REQUIRED'],
  3162: ['auth_failed', 'ER_USER_DOES_NOT_EXIST'],
};

function mysqlNumberOf(l: ErrorLayer, provider: Provider | undefined): number | undefined {
  const n = l.errno ?? (provider === 'mysql' ? l.num : undefined);
  return n !== undefined && n >= 1000 && n < 5000 ? n : undefined;
}

// ── MongoDB (src/mongo/base/error_codes.yml; the Node driver's error classes and labels) ──
const MONGO_CODENAME: Readonly<Record<string, Rule>> = {
  HostUnreachable: ['network_unreachable', 'codeName HostUnreachable (6)'],
  HostNotFound: ['dns_failure', 'codeName HostNotFound (7)'],
  UserNotFound: ['auth_failed', 'codeName UserNotFound (11)'],
  Unauthorized: ['permission_denied', 'codeName Unauthorized (13)'],
  AuthenticationFailed: ['auth_failed', 'codeName AuthenticationFailed (18)'],
  LockTimeout: ['timeout', 'codeName LockTimeout (24)'],
  NamespaceNotFound: ['schema_missing', 'codeName NamespaceNotFound (26)'],
  MaxTimeMSExpired: ['timeout', 'codeName MaxTimeMSExpired (50)'],
  ExceededTimeLimit: ['timeout', 'codeName ExceededTimeLimit (50)'],
  InvalidOptions: ['invalid_config', 'codeName InvalidOptions (72)'],
  NetworkTimeout: ['timeout', 'codeName NetworkTimeout (89)'],
  ShutdownInProgress: ['server_unavailable', 'codeName ShutdownInProgress (91)'],
  PrimarySteppedDown: ['server_unavailable', 'codeName PrimarySteppedDown (189)'],
  NetworkInterfaceExceededTimeLimit: ['timeout', 'codeName NetworkInterfaceExceededTimeLimit (202)'],
  MechanismUnavailable: ['auth_method_unsupported', 'codeName MechanismUnavailable (334)'],
  NotWritablePrimary: ['read_only', 'codeName NotWritablePrimary (10107)'],
  NotPrimaryNoSecondaryOk: ['read_only', 'codeName NotPrimaryNoSecondaryOk (13435)'],
  NotPrimaryOrSecondary: ['server_unavailable', 'codeName NotPrimaryOrSecondary (13436)'],
  InterruptedAtShutdown: ['server_unavailable', 'codeName InterruptedAtShutdown (11600)'],
  InterruptedDueToReplStateChange: ['server_unavailable', 'codeName InterruptedDueToReplStateChange (11602)'],
  OutOfDiskSpace: ['disk_full', 'codeName OutOfDiskSpace (14031)'],
  SocketException: ['connection_reset', 'codeName SocketException (9001)'],
  ReadConcernMajorityNotAvailableYet: ['server_unavailable', 'codeName ReadConcernMajorityNotAvailableYet (134)'],
};
const MONGO_CLASS: Readonly<Record<string, Rule>> = {
  MongoNetworkTimeoutError: ['timeout', 'driver class MongoNetworkTimeoutError'],
  MongoServerSelectionError: ['timeout', 'driver class MongoServerSelectionError'],
  MongooseServerSelectionError: ['timeout', 'driver class MongooseServerSelectionError'],
  MongoWaitQueueTimeoutError: ['pool_exhausted', 'driver class MongoWaitQueueTimeoutError'],
  MongoPoolClearedError: ['connection_reset', 'driver class MongoPoolClearedError'],
  PoolClearedOnNetworkError: ['timeout', 'driver class PoolClearedOnNetworkError'],
  MongoPoolClosedError: ['connection_reset', 'driver class MongoPoolClosedError'],
  MongoNetworkError: ['connection_reset', 'driver class MongoNetworkError'],
  MongoTopologyClosedError: ['connection_reset', 'driver class MongoTopologyClosedError'],
  MongoParseError: ['invalid_config', 'driver class MongoParseError'],
  MongoInvalidArgumentError: ['invalid_config', 'driver class MongoInvalidArgumentError'],
  MongoAPIError: ['invalid_config', 'driver class MongoAPIError'],
  MongoMissingCredentialsError: ['credentials_missing', 'driver class MongoMissingCredentialsError'],
  MongoNotConnectedError: ['invalid_config', 'driver class MongoNotConnectedError'],
  MongoOperationTimeoutError: ['timeout', 'driver class MongoOperationTimeoutError'],
};
const MONGO_LABEL: Readonly<Record<string, Rule>> = {
  ResetPool: ['connection_reset', 'error label ResetPool'],
  InterruptInUseConnections: ['connection_reset', 'error label InterruptInUseConnections'],
  HandshakeError: ['connection_reset', 'error label HandshakeError'],
  RetryableWriteError: ['server_unavailable', 'error label RetryableWriteError'],
  TransientTransactionError: ['server_unavailable', 'error label TransientTransactionError'],
};

// ── gRPC status (grpc/status codes; Google APIs answer with these names) ──
const GRPC: Readonly<Record<string, Rule>> = {
  DEADLINE_EXCEEDED: ['timeout', 'gRPC DEADLINE_EXCEEDED (4)'],
  NOT_FOUND: ['project_unavailable', 'gRPC NOT_FOUND (5)'],
  PERMISSION_DENIED: ['permission_denied', 'gRPC PERMISSION_DENIED (7)'],
  RESOURCE_EXHAUSTED: ['quota_exceeded', 'gRPC RESOURCE_EXHAUSTED (8)'],
  INTERNAL: ['server_unavailable', 'gRPC INTERNAL (13)'],
  UNAVAILABLE: ['server_unavailable', 'gRPC UNAVAILABLE (14)'],
  UNAUTHENTICATED: ['credentials_invalid', 'gRPC UNAUTHENTICATED (16)'],
  INVALID_ARGUMENT: ['invalid_config', 'gRPC INVALID_ARGUMENT (3)'],
};
const GRPC_BY_NUMBER: Readonly<Record<number, string>> = {
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};
/** `14 UNAVAILABLE:`, `code=UNAVAILABLE`, `[code=resource-exhausted]`, `StatusRuntimeException: NOT_FOUND`. */
const GRPC_TEXT =
  /\b(?:\d{1,2} ([A-Z]{2,}(?:_[A-Z]+)*):|code[=:]\s{0,3}([A-Z]{2,}(?:_[A-Z]+)*)\b|\[code=([a-z]+(?:-[a-z]+)*)\]|StatusRuntimeException: ([A-Z]{2,}(?:_[A-Z]+)*))/;

function grpcNameOf(l: ErrorLayer, provider: Provider | undefined): string | undefined {
  const cn = l.codeName?.toUpperCase().replace(/-/g, '_');
  if (cn && GRPC[cn]) return cn;
  if (provider === 'firebase' && l.num !== undefined && GRPC_BY_NUMBER[l.num]) return GRPC_BY_NUMBER[l.num];
  const m = GRPC_TEXT.exec(head(l.message));
  if (m) {
    const name = (m[1] ?? m[2] ?? m[3] ?? m[4]).toUpperCase().replace(/-/g, '_');
    if (GRPC[name]) return name;
  }
  return undefined;
}

// ── HTTP status of a wrapped response (RFC 9110; Cloudflare's 52x in front of hosted APIs) ──
const HTTP: Readonly<Record<number, Rule>> = {
  401: ['credentials_invalid', 'HTTP 401 Unauthorized'],
  403: ['permission_denied', 'HTTP 403 Forbidden'],
  407: ['credentials_missing', 'HTTP 407 Proxy Authentication Required'],
  408: ['timeout', 'HTTP 408 Request Timeout'],
  429: ['quota_exceeded', 'HTTP 429 Too Many Requests'],
  500: ['server_unavailable', 'HTTP 500 Internal Server Error'],
  502: ['server_unavailable', 'HTTP 502 Bad Gateway'],
  503: ['server_unavailable', 'HTTP 503 Service Unavailable'],
  504: ['timeout', 'HTTP 504 Gateway Timeout'],
  520: ['server_unavailable', 'HTTP 520 (origin returned an unknown error)'],
  521: ['server_unavailable', 'HTTP 521 (origin is down)'],
  522: ['timeout', 'HTTP 522 (connection to origin timed out)'],
  523: ['network_unreachable', 'HTTP 523 (origin is unreachable)'],
  524: ['timeout', 'HTTP 524 (origin did not answer in time)'],
  525: ['ssl_certificate', 'HTTP 525 (TLS handshake with origin failed)'],
  526: ['ssl_certificate', 'HTTP 526 (invalid origin certificate)'],
};
/** `status 503`, `Server responded with status 400`, `HTTP/1.1 429`, `[500]`, `503 Service Unavailable`. */
const HTTP_TEXT =
  /\b(?:status(?: ?code)?|HTTP(?:\/[\d.]{1,5})?)\s{0,3}[:=]?\s{0,3}(\d{3})\b|^\[(\d{3})\]|\b(\d{3}) (?:Unauthorized|Forbidden|Too Many Requests|Bad Gateway|Service Unavailable|Gateway Time-?out|Internal Server Error|Request Timeout)\b/i;

function httpStatusOf(l: ErrorLayer): number | undefined {
  if (l.status !== undefined && HTTP[l.status]) return l.status;
  const m = HTTP_TEXT.exec(head(l.message));
  const s = m ? Number(m[1] ?? m[2] ?? m[3]) : undefined;
  return s !== undefined && HTTP[s] ? s : undefined;
}

// ── System codes: Node/libuv, OpenSSL/undici codes, Python errno, Erlang/Elixir atoms ──
const SYSTEM: Readonly<Record<string, ErrorCategory>> = {
  ECONNREFUSED: 'conn_refused',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  EAI_NONAME: 'dns_failure',
  EAI_FAIL: 'dns_failure',
  NXDOMAIN: 'dns_failure',
  ESERVFAIL: 'dns_failure',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  TIMEOUT: 'timeout',
  EHOSTUNREACH: 'network_unreachable',
  ENETUNREACH: 'network_unreachable',
  ENETDOWN: 'network_unreachable',
  EHOSTDOWN: 'network_unreachable',
  EADDRNOTAVAIL: 'network_unreachable',
  ECONNRESET: 'connection_reset',
  ECONNABORTED: 'connection_reset',
  EPIPE: 'connection_reset',
  ERR_STREAM_PREMATURE_CLOSE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  ENOSPC: 'disk_full',
  ERR_INVALID_URL: 'invalid_config',
  ERR_TLS_CERT_ALTNAME_INVALID: 'ssl_certificate',
  CERT_HAS_EXPIRED: 'ssl_certificate',
  CERT_NOT_YET_VALID: 'ssl_certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'ssl_certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'ssl_certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'ssl_certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'ssl_certificate',
};
/** Linux errno numbers as Python prints them: `[Errno 111] Connection refused`. */
const PY_ERRNO: Readonly<Record<number, string>> = {
  [-2]: 'ENOTFOUND',
  [-3]: 'EAI_AGAIN',
  28: 'ENOSPC',
  32: 'EPIPE',
  99: 'EADDRNOTAVAIL',
  101: 'ENETUNREACH',
  103: 'ECONNABORTED',
  104: 'ECONNRESET',
  110: 'ETIMEDOUT',
  111: 'ECONNREFUSED',
  113: 'EHOSTUNREACH',
};
/** A system code standing alone in text, an Erlang atom (`:econnrefused`, `{:error, :nxdomain}`), or Python's `[Errno N]`. */
const SYSTEM_TEXT =
  /(?:^|[^A-Za-z0-9_])(?::(econnrefused|nxdomain|timeout|ehostunreach|enetunreach|eaddrnotavail|econnreset|closed)\b|(E[A-Z]{3,14}|UND_ERR_[A-Z_]{3,20}|ERR_[A-Z_]{3,40}|(?:SELF_SIGNED|DEPTH_ZERO|UNABLE_TO|CERT)_[A-Z_]{2,40})\b)|\[Errno (-?\d{1,3})\]/;

function systemCodeOf(l: ErrorLayer): string | undefined {
  if (l.code && SYSTEM[l.code.toUpperCase()]) return l.code.toUpperCase();
  const text = head(l.message);
  // Several codes may stand in one text; the first known one counts.
  const re = new RegExp(SYSTEM_TEXT.source, 'g');
  for (let m = re.exec(text), n = 0; m && n < 50; m = re.exec(text), n++) {
    if (m[1]) return m[1] === 'closed' ? 'ECONNRESET' : m[1].toUpperCase();
    if (m[2] && SYSTEM[m[2]]) return m[2];
    if (m[3] && PY_ERRNO[Number(m[3])]) return PY_ERRNO[Number(m[3])];
  }
  return undefined;
}

// ── Wording cues, most specific first. Gaps are bounded ({0,60}), so every cue is linear. ──
const WORDING: ReadonlyArray<readonly [ErrorCategory, RegExp]> = [
  ['clock_skew', /\bclock skew|not yet valid|issued at (?:a )?future|reasonable timeframe|time is out of sync/i],
  [
    'ssl_certificate',
    /certificate[^\n]{0,40}(?:expired|not yet valid|verify failed|revoked|untrusted|not trusted)|self[- ]signed|unable to (?:get|verify)[^\n]{0,30}(?:certificate|issuer)|hostname mismatch|altnames?\b/i,
  ],
  [
    'ssl_required',
    /\b(?:SSL|TLS|encryption)\b[^\n]{0,30}\b(?:is )?(?:required|mandatory)\b|requires? (?:an? )?(?:SSL|TLS|secure|encrypted) (?:connection|transport)/i,
  ],
  [
    'pool_exhausted',
    /(?:could not|timed out attempting to|failed to) (?:check ?out|dequeue) (?:a )?connection|(?:connection )?pool[^\n]{0,30}(?:exhausted|is full|timed? ?out)|acquir\w+ (?:a )?connection[^\n]{0,40}tim|no (?:free|available|idle) connections?\b[^\n]{0,20}pool|queue limit reached|wait ?queue/i,
  ],
  [
    'too_many_connections',
    /too many (?:connections|clients)|connection (?:count |slots? )?limit|max(?:imum)?[ _](?:client[ _])?connections?[^\n]{0,20}(?:reached|exceeded)|remaining connection slots/i,
  ],
  [
    'quota_exceeded',
    /rate[- ]?limit|too many requests|quota|(?:usage|request|spend(?:ing)?|billing) limit|limit (?:has been )?(?:exceeded|reached)|throttl/i,
  ],
  ['jwt_expired', /(?:token|jwt|session|cookie)[^\n]{0,30}\b(?:has |is )?expired\b|\bexpired[^\n]{0,20}(?:token|jwt|session)/i],
  [
    'api_key_invalid',
    /(?:api[ _-]?key|apikey|anon key|service[_ ]role key)[^\n]{0,30}(?:invalid|wrong|not valid|incorrect|revoked|disabled|not found|unknown)|invalid (?:api[ _-]?key|apikey)/i,
  ],
  [
    'credentials_missing',
    /(?:missing|no|without|absent|empty|not (?:set|found|provided|supplied))[^\n]{0,20}\b(?:credentials?|password|passphrase|api[ _-]?key|access token|bearer token|service account)\b|\b(?:credentials?|password|api[ _-]?key|token|service account)s? (?:is |are |was |were )?(?:missing|required|not (?:set|provided|found|supplied)|absent|empty)\b/i,
  ],
  [
    'credentials_invalid',
    /(?:credentials?|service account|private key|key file)[^\n]{0,30}(?:invalid|malformed|corrupt|unusable|could not be (?:parsed|read))|invalid (?:credentials? (?:object|file|json)|service account|private key)/i,
  ],
  [
    'auth_failed',
    /(?:wrong|invalid|bad|incorrect) (?:password|credentials|user(?:name)? (?:or|and|\/) password|login)|authentication (?:has )?failed|auth(?:entication)? error|login failed|access denied for user|password[^\n]{0,20}(?:rejected|incorrect|mismatch)/i,
  ],
  [
    'permission_denied',
    /permission denied|permission '[^'\n]{1,80}' denied|\bnot (?:allowed|authori[sz]ed|permitted)\b|\bforbidden\b|insufficient (?:privileges?|permissions?|scopes?)|access (?:is )?denied|lacks? (?:the )?(?:privilege|permission|role)/i,
  ],
  [
    'project_unavailable',
    /project[^\n]{0,40}(?:is )?(?:paused|suspended|deleted|disabled|inactive|does not exist|not found|unavailable)|(?:paused|suspended|deleted) project|no such project/i,
  ],
  ['database_not_found', /database[^\n]{0,40}(?:does not exist|not found|doesn't exist|unknown)|unknown database|no such database/i],
  [
    'schema_missing',
    /(?:table|relation|collection|column|function|view|index|bucket)[^\n]{0,40}(?:does not exist|not found|doesn't exist|is missing)|no such (?:table|collection|column)|unknown (?:table|column|collection)/i,
  ],
  ['read_only', /read[- ]only|cannot (?:execute|write)[^\n]{0,30}(?:replica|secondary|standby)|not (?:the )?(?:master|primary)\b/i],
  ['disk_full', /no space left|disk (?:is )?full|out of (?:disk|storage) space|storage (?:quota|is full)/i],
  [
    'dns_failure',
    /(?:host ?name|host|domain|name)[^\n]{0,20}(?:not found|could not be resolved|cannot be resolved|resolution failed|did not resolve|unknown)|getaddrinfo|could not resolve|no such host|name or service not known|nodename nor servname|temporary failure in name resolution/i,
  ],
  [
    'conn_refused',
    /connection refused|refused (?:the |a |your )?connection|actively refused|not accepting connections|nothing (?:is )?listening/i,
  ],
  [
    'network_unreachable',
    /no route to host|network (?:is )?(?:unreachable|down)|host (?:is )?unreachable|cannot assign requested address|offline|no (?:internet|network) connection/i,
  ],
  [
    'connection_reset',
    /connection (?:was |has been )?(?:reset|closed|terminated|dropped|lost|aborted|interrupted)|socket (?:hang up|closed)|broken pipe|unexpected(?:ly)? (?:eof|end of (?:file|stream)|close)|\bEOF\b|(?:server|peer|remote host) closed|end of stream/i,
  ],
  [
    'timeout',
    /timed? ?out|timeout|deadline (?:exceeded|expired)|took too long|(?:did not|didn't|failed to) (?:answer|respond|reply)(?: in time| within)|no (?:answer|response) (?:within|after)/i,
  ],
  [
    'server_unavailable',
    /(?:service|server|database|backend|node|instance|cluster|upstream)[^\n]{0,20}(?:is )?(?:temporarily )?(?:unavailable|not available|down|starting up|shutting down|not ready|unhealthy|not healthy|overloaded|in recovery|restarting)|circuit (?:breaker )?(?:is )?open|breaker (?:is )?open|is not running|daemon (?:is )?not running|under maintenance|no primary/i,
  ],
  [
    'invalid_config',
    /invalid (?:url|uri|connection string|dsn|port|host(?:name)?|option|config(?:uration)?|setting|scheme|argument)|malformed|(?:url|uri|connection string|option|setting|port|host)[^\n]{0,30}(?:is required|must be|must (?:start|begin|include))|cannot parse|could not parse|unknown (?:option|parameter|setting)|unsupported (?:option|parameter|scheme)/i,
  ],
];

function head(text: string | undefined): string {
  if (!text) return '';
  return text.length > FALLBACK_TEXT_LIMIT ? text.slice(0, FALLBACK_TEXT_LIMIT) : text;
}

function answer(layer: FallbackLayer, [category, signal]: Rule, key: string, from: ErrorLayer, scale = 1): FallbackAnswer {
  const confidence = Math.round(FALLBACK_CONFIDENCE[layer] * scale * (from.fromText ? 0.97 : 1) * 1000) / 1000;
  return {
    layer,
    category,
    confidence,
    key,
    signal,
    from,
    evidence: [{ path: from.path, matched: `fallback:${layer} ${key}` }],
  };
}

function bySqlState(layers: readonly ErrorLayer[], provider: Provider | undefined): FallbackAnswer | undefined {
  for (const l of layers) {
    const s = sqlStateOf(l);
    if (!s) continue;
    // MySQL reports ER_CON_COUNT_ERROR (1040) under 08004; PostgreSQL uses 08004 for a server that rejects the connection.
    if (s === '08004')
      return answer(
        'sqlstate',
        provider === 'mysql'
          ? ['too_many_connections', 'server rejected the connection (MySQL: too many connections)']
          : ['server_unavailable', 'server rejected establishment of the connection'],
        `sqlstate ${s}`,
        l,
      );
    if (SQLSTATE_EXACT[s]) return answer('sqlstate', SQLSTATE_EXACT[s], `sqlstate ${s}`, l);
    const cls = SQLSTATE_CLASS[s.slice(0, 2)];
    if (cls) return answer('sqlstate', cls, `sqlstate class ${s.slice(0, 2)} (${s})`, l, 0.94);
  }
  return undefined;
}

function byMysqlErrno(layers: readonly ErrorLayer[], provider: Provider | undefined): FallbackAnswer | undefined {
  for (const l of layers) {
    const n = mysqlNumberOf(l, provider);
    if (n === undefined) continue;
    if (MYSQL_ERRNO[n]) return answer('mysql-errno', MYSQL_ERRNO[n], `errno ${n}`, l);
    // Client-library errors (2000–2999) are about the connection itself; their cause is not named.
    if (provider === 'mysql' && n >= 2000 && n < 3000)
      return answer(
        'mysql-errno',
        ['connection_reset', `client error ${n} (2000–2999: connection errors)`],
        `errno range 2000–2999 (${n})`,
        l,
        0.75,
      );
  }
  return undefined;
}

function byMongo(layers: readonly ErrorLayer[]): FallbackAnswer | undefined {
  for (const l of layers)
    if (l.codeName && MONGO_CODENAME[l.codeName]) return answer('mongo', MONGO_CODENAME[l.codeName], `codeName ${l.codeName}`, l);
  for (const l of layers) if (l.name && MONGO_CLASS[l.name]) return answer('mongo', MONGO_CLASS[l.name], `class ${l.name}`, l, 0.93);
  for (const l of layers) {
    const label = l.labels?.find((x) => MONGO_LABEL[x]);
    if (label) return answer('mongo', MONGO_LABEL[label], `label ${label}`, l, 0.86);
  }
  return undefined;
}

function byGrpc(layers: readonly ErrorLayer[], provider: Provider | undefined): FallbackAnswer | undefined {
  for (const l of layers) {
    const name = grpcNameOf(l, provider);
    if (!name) continue;
    // NOT_FOUND names a missing project/database for Firestore and Google APIs; elsewhere a missing object.
    const rule: Rule = name === 'NOT_FOUND' && provider !== 'firebase' ? ['schema_missing', GRPC.NOT_FOUND[1]] : GRPC[name];
    return answer('grpc', rule, `grpc ${name}`, l);
  }
  return undefined;
}

function byHttp(layers: readonly ErrorLayer[], provider: Provider | undefined): FallbackAnswer | undefined {
  for (const l of layers) {
    const s = httpStatusOf(l);
    if (s === undefined) continue;
    // Supabase's gateway answers 401 for a key it does not accept.
    const rule: Rule = s === 401 && provider === 'supabase' ? ['api_key_invalid', 'HTTP 401 from the Supabase API gateway'] : HTTP[s];
    return answer('http', rule, `http ${s}`, l);
  }
  return undefined;
}

function bySystemCode(layers: readonly ErrorLayer[]): FallbackAnswer | undefined {
  for (const l of layers) {
    const c = systemCodeOf(l);
    if (c) return answer('system', [SYSTEM[c], `system code ${c}`], `code ${c}`, l);
  }
  return undefined;
}

function byWording(layers: readonly ErrorLayer[]): FallbackAnswer | undefined {
  for (const l of layers) {
    for (const text of [l.message, l.detail, l.hint]) {
      const t = head(text);
      if (!t) continue;
      for (const [category, re] of WORDING) {
        const m = re.exec(t);
        if (m) return answer('wording', [category, `the wording "${m[0].slice(0, 60)}"`], `wording "${m[0].slice(0, 60)}"`, l);
      }
    }
  }
  return undefined;
}

/** The first fallback layer that reads a cause in the error, or undefined when none does. */
export function fallbackFor(layers: readonly ErrorLayer[], provider: Provider | undefined): FallbackAnswer | undefined {
  return (
    bySqlState(layers, provider) ??
    byMysqlErrno(layers, provider) ??
    byMongo(layers) ??
    byGrpc(layers, provider) ??
    byHttp(layers, provider) ??
    bySystemCode(layers) ??
    byWording(layers)
  );
}

/** What each category means, for a fallback root cause ("... points to <phrase>"). */
export const CATEGORY_PHRASE: Readonly<Record<ErrorCategory, string>> = {
  conn_refused: 'nothing accepting connections at the address',
  dns_failure: 'a host name that does not resolve',
  network_unreachable: 'no network route to the host',
  timeout: 'an answer that did not come in time',
  connection_reset: 'an open connection that was dropped',
  auth_failed: 'a wrong user name or password',
  auth_method_unsupported: 'an authentication method client and server do not share',
  host_not_allowed: 'a server that refuses this client address',
  ssl_required: 'a server that requires TLS',
  ssl_unsupported: 'a server without TLS',
  ssl_certificate: 'a TLS certificate check that failed',
  database_not_found: 'a database that does not exist',
  schema_missing: 'a missing table, collection or other object',
  permission_denied: 'an operation this account is not allowed to do',
  too_many_connections: 'a server-side connection limit',
  pool_exhausted: 'a client pool with no free connection',
  server_unavailable: 'a server that is not serving (starting, stopping, overloaded)',
  read_only: 'a write sent to a read-only node',
  disk_full: 'a server out of disk',
  invalid_config: 'malformed connection settings',
  credentials_missing: 'credentials that were not found',
  credentials_invalid: 'credentials that are present but unusable',
  clock_skew: 'a local clock that is off',
  api_key_invalid: 'an API key not valid for this project',
  jwt_expired: 'an expired session or token',
  quota_exceeded: 'a rate limit or quota',
  project_unavailable: 'a hosted project that is paused, deleted or not found',
  unknown: 'an unrecognised cause',
};
