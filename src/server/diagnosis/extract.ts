/**
 * Flattens a thrown error (or a plain record) into "layers": one per nested
 * error object (cause, AggregateError.errors, MongoDB's reason.servers, gRPC,
 * HTTP bodies, Firebase errorInfo, Sequelize's `original` ...), each with its
 * structured fields normalised. Pure: never throws, whatever it is given.
 */

export interface ErrorLayer {
  /** Position in the error tree: `error`, `error.cause`, `error.errors[1]` ... */
  path: string;
  depth: number;
  name?: string;
  message: string;
  /** String code as the driver set it: ECONNREFUSED, 28P01, ER_ACCESS_DENIED_ERROR, P1001, PGRST301, app/invalid-credential. */
  code?: string;
  /** Numeric code: MongoDB server code, gRPC status, mysql errno, node's negative errno. */
  num?: number;
  errno?: number;
  sqlState?: string;
  codeName?: string;
  status?: number;
  syscall?: string;
  hostname?: string;
  address?: string;
  port?: number;
  labels?: string[];
  detail?: string;
  hint?: string;
  /** True when the fields were read out of a pasted message rather than set on an object. */
  fromText?: boolean;
}

const MAX_LAYERS = 40;
const MAX_DEPTH = 8;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,6}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

function safeGet(o: Obj, key: string): unknown {
  try {
    return o[key];
  } catch {
    return undefined;
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Parses a JSON body if it looks like one; otherwise returns the text. */
function maybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}

function layerOf(o: Obj, path: string, depth: number): ErrorLayer {
  const layer: ErrorLayer = { path, depth, message: '' };
  const name = str(safeGet(o, 'name')) ?? (o instanceof Error ? o.constructor?.name : undefined);
  if (name && name !== 'Object') layer.name = name;
  let message = str(safeGet(o, 'message')) ?? str(safeGet(o, 'msg')) ?? str(safeGet(o, 'error_description')) ?? str(safeGet(o, 'errmsg'));
  const errorField = safeGet(o, 'error');
  if (!message && typeof errorField === 'string') message = errorField;
  layer.message = message ?? '';

  const rawCode = safeGet(o, 'code') ?? safeGet(o, 'error_code');
  if (typeof rawCode === 'string' && rawCode.length > 0) {
    layer.code = rawCode;
    if (SQLSTATE.test(rawCode) && !/^[A-Z]+$/.test(rawCode)) layer.sqlState = rawCode;
  } else if (typeof rawCode === 'number' && Number.isFinite(rawCode)) {
    layer.num = rawCode;
  }
  const errno = num(safeGet(o, 'errno'));
  if (errno !== undefined) layer.errno = errno;
  const sqlState = str(safeGet(o, 'sqlState')) ?? str(safeGet(o, 'sqlstate')) ?? str(safeGet(o, 'SQLSTATE'));
  if (sqlState && SQLSTATE.test(sqlState)) layer.sqlState = sqlState;
  const codeName = str(safeGet(o, 'codeName'));
  if (codeName) layer.codeName = codeName;
  const status = num(safeGet(o, 'status')) ?? num(safeGet(o, 'statusCode')) ?? num(safeGet(o, 'httpStatus'));
  if (status !== undefined && status >= 100 && status < 600) layer.status = status;
  // String status like gRPC/Google "PERMISSION_DENIED" or "RESOURCE_EXHAUSTED".
  const statusText = str(safeGet(o, 'status'));
  if (statusText && /^[A-Z_]{4,}$/.test(statusText) && !layer.codeName) layer.codeName = statusText;
  const syscall = str(safeGet(o, 'syscall'));
  if (syscall) layer.syscall = syscall;
  const hostname = str(safeGet(o, 'hostname')) ?? str(safeGet(o, 'host'));
  if (hostname) layer.hostname = hostname;
  const address = str(safeGet(o, 'address'));
  if (address) layer.address = address;
  const port = num(safeGet(o, 'port'));
  if (port !== undefined) layer.port = port;
  const labels = safeGet(o, 'errorLabels') ?? safeGet(o, 'errorLabelSet');
  if (Array.isArray(labels)) layer.labels = labels.filter((l): l is string => typeof l === 'string');
  else if (labels instanceof Set) layer.labels = [...labels].filter((l): l is string => typeof l === 'string');
  const detail = str(safeGet(o, 'detail')) ?? str(safeGet(o, 'details'));
  if (detail) layer.detail = detail;
  const hint = str(safeGet(o, 'hint'));
  if (hint) layer.hint = hint;
  // gRPC: details carries the text when message is "7 PERMISSION_DENIED: ...".
  if (!layer.message && layer.detail) layer.message = layer.detail;
  return layer;
}

/** Child error-like values of one object, with the path segment for each. */
function children(o: Obj): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const push = (seg: string, v: unknown) => {
    if (v !== undefined && v !== null) out.push([seg, v]);
  };
  push('cause', safeGet(o, 'cause'));
  const errors = safeGet(o, 'errors');
  if (Array.isArray(errors)) errors.slice(0, 10).forEach((e, i) => push(`errors[${i}]`, e));
  else if (isObj(errors) && !(errors instanceof Map)) push('errors', errors);
  const reason = safeGet(o, 'reason');
  if (isObj(reason)) {
    // MongoDB: MongoServerSelectionError.reason is a TopologyDescription with servers: Map<string, ServerDescription>.
    const servers = safeGet(reason, 'servers');
    if (servers instanceof Map) {
      let i = 0;
      for (const [addr, sd] of servers) {
        if (i++ >= 10) break;
        if (isObj(sd)) push(`reason.servers[${String(addr)}].error`, safeGet(sd, 'error'));
      }
    } else if (isObj(servers)) {
      for (const [addr, sd] of Object.entries(servers).slice(0, 10))
        if (isObj(sd)) push(`reason.servers[${addr}].error`, safeGet(sd, 'error'));
    }
    if (reason instanceof Error || str(safeGet(reason, 'message'))) push('reason', reason);
  } else if (typeof reason === 'string' && reason.length > 0) {
    push('reason', { message: reason });
  }
  for (const key of ['original', 'parent', 'originalError', 'innerError', 'error', 'err', 'errorInfo', 'lastError', 'data']) {
    const v = safeGet(o, key);
    if (isObj(v)) push(key, v);
  }
  // HTTP: response.status + response.data/body (axios, gaxios, fetch wrappers).
  const response = safeGet(o, 'response');
  if (isObj(response)) {
    const body = maybeJson(safeGet(response, 'data') ?? safeGet(response, 'body'));
    const rs = num(safeGet(response, 'status')) ?? num(safeGet(response, 'statusCode'));
    const bodyObj = isObj(body) ? body : typeof body === 'string' ? { message: body } : {};
    push('response', { ...bodyObj, status: rs ?? safeGet(bodyObj, 'status') });
  }
  const body = maybeJson(safeGet(o, 'body'));
  if (isObj(body)) push('body', { ...body, status: safeGet(body, 'status') ?? safeGet(o, 'status') });
  return out;
}

/** Walks an error tree breadth-first; cycles and excessive nesting are cut. */
export function extractLayers(error: unknown): ErrorLayer[] {
  const layers: ErrorLayer[] = [];
  const seen = new Set<unknown>();
  const queue: Array<[unknown, string, number]> = [[error, 'error', 0]];
  while (queue.length > 0 && layers.length < MAX_LAYERS) {
    const [value, path, depth] = queue.shift() as [unknown, string, number];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      if (value.length > 0) layers.push({ path, depth, message: value });
      continue;
    }
    if (!isObj(value) || seen.has(value)) continue;
    seen.add(value);
    const layer = layerOf(value, path, depth);
    if (
      layer.message ||
      layer.code ||
      layer.num !== undefined ||
      layer.errno !== undefined ||
      layer.status !== undefined ||
      layer.codeName
    ) {
      layers.push(layer);
    }
    if (depth >= MAX_DEPTH) continue;
    for (const [seg, child] of children(value)) {
      if (isObj(child) || typeof child === 'string') queue.push([child, `${path}.${seg}`, depth + 1]);
    }
  }
  return layers;
}

const NO_VALUE = /^(?:undefined|null|None|nil)$/;

const GRPC_STATUS =
  'CANCELLED|UNKNOWN|INVALID_ARGUMENT|DEADLINE_EXCEEDED|NOT_FOUND|ALREADY_EXISTS|PERMISSION_DENIED|RESOURCE_EXHAUSTED|FAILED_PRECONDITION|ABORTED|OUT_OF_RANGE|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS|UNAUTHENTICATED';
/** gRPC status as google-gax prints it (`7 PERMISSION_DENIED: ...`, also a bare `5 NOT_FOUND`) and as grpc-java does (`StatusRuntimeException: PERMISSION_DENIED: ...`). */
const GRPC_IN_TEXT = new RegExp(`\\b\\d{1,2} (${GRPC_STATUS})(?::|\\s*$)|\\bStatus(?:Runtime)?Exception: (${GRPC_STATUS})\\b`, 'm');

/**
 * Firebase error codes as the SDKs print them: `Firebase: Error (auth/invalid-api-key).` (JS),
 * `(firestore/unavailable)` (React Native Firebase), and FlutterFire's `[firebase_auth/...]`,
 * `[cloud_firestore/...]`, whose plugin prefix stands for the service.
 */
const FIREBASE_CODE =
  /(?:\b|firebase_|cloud_)((?:auth|app|core|messaging|storage|database|firestore|functions|installations|remote-config|instance-id)\/[a-z0-9][a-z0-9.-]*[a-z0-9.])/;

/**
 * A code standing alone in the text, as loggers print `err.code` or old drivers use it as the
 * message (`[Error: UNABLE_TO_VERIFY_LEAF_SIGNATURE]`, `Database Connection Error: EAI_AGAIN`):
 * libuv/Node system error codes, Node's ERR_* codes, OpenSSL certificate-check codes as Node
 * names them, and mysqljs' PROTOCOL_* codes. Upper case only, so prose never matches.
 */
const BARE_CODE =
  /\b(E(?:CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|NETUNREACH|HOSTDOWN|NETDOWN|ADDRNOTAVAIL|PIPE|AI_AGAIN|AI_NONAME|AI_FAIL|NOTFOUND)|ERR_[A-Z0-9_]{4,}|UNABLE_TO_[A-Z_]{6,}|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_(?:HAS_EXPIRED|NOT_YET_VALID|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|PROTOCOL_[A-Z_]{4,})\b/;

/**
 * Reads structured fields that a pasted message carries as text:
 * `code: '28P01'`, `"code":"PGRST301"`, `errno: 1045`, `ERROR 1045 (28000)`,
 * `SQLSTATE[08006]`, `[ER_ACCESS_DENIED_ERROR]`, `error code: P1001`, `code=ECONNREFUSED`,
 * `codeName: 'AuthenticationFailed'`, `status: 401`.
 */
export function fieldsFromText(message: string): ErrorLayer | undefined {
  if (!message) return undefined;
  const layer: ErrorLayer = { path: 'message-text', depth: 99, message: '', fromText: true };
  let found = false;
  const text = message.length > 20000 ? message.slice(0, 20000) : message;
  // `code: 'X'`, `"code":"X"`, and the same with escaped quotes (JSON logged inside JSON);
  // placeholders such as `code: undefined` are skipped in favour of a later code.
  for (const code of text.matchAll(/\b(?:code|error_code|errorCode)\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9_/.-]{2,64})/g)) {
    const c = code[1];
    if (NO_VALUE.test(c)) continue;
    if (/^-?\d+$/.test(c)) {
      layer.num = Number(c);
      // A quoted all-digit SQLSTATE (`code: "26000"`, `"53300"`): classes 0x and 2x–5x, not MongoDB's 1xxxx codes.
      if (/^[0-5]\d{4}$/.test(c) && !c.startsWith('1')) layer.sqlState = c;
    } else {
      layer.code = c;
      if (SQLSTATE.test(c) && !/^[A-Z]+$/.test(c)) layer.sqlState = c;
    }
    found = true;
    break;
  }
  const errno = /\berrno["']?\s*[:=]\s*(-?\d{1,6})/.exec(text);
  if (errno) {
    layer.errno = Number(errno[1]);
    found = true;
  }
  const mysqlCli = /\bERROR (\d{4}) \(([0-9A-Z]{5})\)/.exec(text);
  if (mysqlCli) {
    layer.errno = Number(mysqlCli[1]);
    layer.sqlState = mysqlCli[2];
    found = true;
  }
  // Python DB-API drivers (PyMySQL, mysqlclient) print `OperationalError: (1040, 'Too many connections')`.
  const dbApi = /\b(?:Operational|Internal|Programming|Integrity|Database|Interface|NotSupported)Error\)?:? \((\d{4}), u?["']/.exec(text);
  if (dbApi && layer.errno === undefined) {
    layer.errno = Number(dbApi[1]);
    found = true;
  }
  const sqlstate = /\bSQLSTATE\s*\[?\s*([0-9A-Z]{5})\]?/i.exec(text) ?? /\bsqlState["']?\s*[:=]\s*["']?([0-9A-Z]{5})/.exec(text);
  if (sqlstate) {
    layer.sqlState = sqlstate[1].toUpperCase();
    found = true;
  }
  const grpc = GRPC_IN_TEXT.exec(text);
  if (grpc) {
    layer.codeName = grpc[1] ?? grpc[2];
    found = true;
  }
  const codeName = /\bcodeName["']?\s*[:=]\s*["']?([A-Za-z]{3,60})/.exec(text);
  if (codeName) {
    layer.codeName = codeName[1];
    found = true;
  }
  const status = /\b(?:status|statusCode|HTTP(?: status)?)["']?\s*[:=]?\s*(\d{3})\b/.exec(text);
  if (status) {
    const s = Number(status[1]);
    if (s >= 100 && s < 600) {
      layer.status = s;
      found = true;
    }
  }
  if (!layer.code) {
    const bracket = /\[(ER_[A-Z_]+|CR_[A-Z_]+)\]|\b(ER_[A-Z0-9_]{4,}|PGRST\d{3}|P[1-6]\d{3})\b/.exec(text);
    const fb = FIREBASE_CODE.exec(text);
    // FlutterFire's `core/` codes are the JS SDK's `app/` codes.
    const firebase = fb ? [fb[0], fb[1].startsWith('core/') ? `app/${fb[1].slice(5)}` : fb[1]] : null;
    const bare = BARE_CODE.exec(text);
    const c = bracket?.[1] ?? bracket?.[2] ?? firebase?.[1] ?? bare?.[1];
    if (c) {
      layer.code = c;
      found = true;
    }
  }
  return found ? layer : undefined;
}
