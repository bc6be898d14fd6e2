/**
 * Connection strings with the offsets of every part, so findings can point at
 * the exact characters: URLs (`postgres://`, `mysql://`, `mariadb://`,
 * `mongodb(+srv)://`, JDBC and SQLAlchemy `scheme+driver` forms) and key/value
 * strings (libpq `host=… password=…`, ADO.NET `Server=…;Password=…`). Parsing
 * follows the drivers: WHATWG URL splitting (node-postgres, mysql2) and
 * mongodb-connection-string-url's stricter checks.
 */
import { Ch } from '../../shared/charCodes';
import { percentEncodedChar, span, tokenizeUrl, type HostSpan, type Param, type Span } from '../../shared/connectionUrl';
import { isStandIn } from './secrets';

export type { HostSpan, Param, Span } from '../../shared/connectionUrl';

export type DbProvider = 'postgres' | 'mysql' | 'mongodb' | 'other';

export interface ConnProblem {
  kind: 'bad-scheme' | 'invalid-port' | 'unescaped-char' | 'bad-escape' | 'srv-port' | 'srv-hosts' | 'unknown-option' | 'no-host';
  start: number;
  end: number;
  message: string;
}

export interface ConnInfo {
  kind: 'url' | 'keyvalue';
  provider: DbProvider;
  /** Scheme as written, lower-cased, without `jdbc:` or `+driver`. */
  scheme: string;
  srv: boolean;
  /** Span of the whole connection string inside the scanned text. */
  start: number;
  end: number;
  user?: Span;
  password?: Span;
  hosts: HostSpan[];
  database?: Span;
  params: Param[];
  /** Where a new parameter goes and what precedes it (`?`, `&`, `;`, ` `). */
  paramInsert: { at: number; prefix: string };
  problems: ConnProblem[];
  /** A URL of another scheme read only for its credentials (`findCredentialUrls`): no TLS, pooler or timeout checks. */
  credentialsOnly?: boolean;
}

const URL_START =
  /\b(jdbc:)?(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|postgress|postgre|postgresq|pgsql|mongo|mongodb\+ssl)(\+[a-z0-9]+)?:\/\//gi;
const BAD_SCHEMES: Record<string, string> = {
  postgress: 'postgres',
  postgre: 'postgres',
  postgresq: 'postgresql',
  pgsql: 'postgres',
  mongo: 'mongodb',
  'mongodb+ssl': 'mongodb',
};

export const MONGODB_URI_OPTIONS: ReadonlySet<string> = new Set(
  'appName,auth,authMechanism,authMechanismProperties,authSource,autoEncryption,autoSelectFamily,autoSelectFamilyAttemptTimeout,bsonRegExp,serverApi,checkKeys,compressors,connectTimeoutMS,dbName,directConnection,driverInfo,family,fieldsAsRaw,forceServerObjectId,fsync,heartbeatFrequencyMS,ignoreUndefined,j,journal,loadBalanced,localThresholdMS,maxConnecting,maxIdleTimeMS,maxPoolSize,maxStalenessSeconds,minInternalBufferSize,minPoolSize,minHeartbeatFrequencyMS,monitorCommands,name,noDelay,pkFactory,promoteBuffers,promoteLongs,promoteValues,proxyHost,proxyPassword,proxyPort,proxyUsername,raw,readConcern,readConcernLevel,readPreference,readPreferenceTags,replicaSet,retryReads,retryWrites,serializeFunctions,serverMonitoringMode,serverSelectionTimeoutMS,servername,socketTimeoutMS,srvMaxHosts,srvServiceName,ssl,timeoutMS,tls,tlsAllowInvalidCertificates,tlsAllowInvalidHostnames,tlsCAFile,tlsCRLFile,tlsCertificateKeyFile,tlsCertificateKeyFilePassword,tlsInsecure,w,waitQueueTimeoutMS,writeConcern,wtimeout,wtimeoutMS,zlibCompressionLevel,mongodbLogPath,mongodbLogComponentSeverities,mongodbLogMaxDocumentLength,keepAliveInitialDelay,useNewUrlParser,useUnifiedTopology,gssapiServiceName,uuidRepresentation'
    .split(',')
    .map((s) => s.toLowerCase()),
);

function providerOf(scheme: string): DbProvider {
  if (scheme.startsWith('postgres')) return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  if (scheme.startsWith('mongodb')) return 'mongodb';
  return 'other';
}

/** Every connection URL in `text` (a config value, or a longer string such as a command line). */
export function findConnectionUrls(text: string): ConnInfo[] {
  if (text.indexOf('://') < 0) return [];
  const out: ConnInfo[] = [];
  URL_START.lastIndex = 0;
  for (let m = URL_START.exec(text); m; m = URL_START.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      // A `<password>` stand-in is part of the URL a reader fills in, not its end.
      if (c === Ch.LESS_THAN) {
        const close = standInEnd(text, end);
        if (close > 0) {
          end = close;
          continue;
        }
      }
      if (endsUrl(c)) break;
      end++;
    }
    // A trailing comma or closing bracket belongs to the surrounding syntax.
    while (end > start + m[0].length && closesSyntax(text.charCodeAt(end - 1))) end--;
    out.push(parseUrlAt(text, start, end, m));
    URL_START.lastIndex = end;
  }
  return out;
}

/** The end of a `<word>` group starting at `at` (up to 64 characters, no spaces or quotes), or -1. */
function standInEnd(text: string, at: number): number {
  const limit = Math.min(text.length, at + 66);
  for (let i = at + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === Ch.GREATER_THAN) return i > at + 1 ? i + 1 : -1;
    if (c === Ch.LESS_THAN || c === Ch.DOUBLE_QUOTE || c === Ch.SINGLE_QUOTE || c === Ch.BACKTICK || c <= Ch.SPACE) return -1;
  }
  return -1;
}

/** Code units below this are ASCII. */
const ASCII_END = 0x80;

/** Whitespace (as \s) or one of " ' ` < > : the URL ends there. */
function endsUrl(c: number): boolean {
  if (c === Ch.DOUBLE_QUOTE || c === Ch.SINGLE_QUOTE || c === Ch.BACKTICK || c === Ch.LESS_THAN || c === Ch.GREATER_THAN || c === Ch.SPACE)
    return true;
  if (c < ASCII_END) return c >= Ch.TAB && c <= Ch.CR;
  return /\s/.test(String.fromCharCode(c));
}

/** , ; ) ] } */
function closesSyntax(c: number): boolean {
  return c === Ch.COMMA || c === Ch.SEMICOLON || c === Ch.CLOSE_PAREN || c === Ch.CLOSE_BRACKET || c === Ch.CLOSE_BRACE;
}

/**
 * URLs of other schemes that carry a password in their userinfo
 * (`redis://default:…@host`, `amqp://user:…@mq`, `https://user:token@host`):
 * only the user, password and host are read. Spans already covered by
 * `findConnectionUrls` (`covered`) are skipped.
 */
export function findCredentialUrls(text: string, covered: readonly ConnInfo[]): ConnInfo[] {
  if (text.indexOf('://') < 0 || !hasUncoveredAt(text, covered)) return [];
  const out: ConnInfo[] = [];
  const re = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:@/?#"'`<>]*):([^\s@/?#"'`<>]+)@([^\s/?#:@"'`<>,;)\]}]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (covered.some((c) => c.start < end && start < c.end)) continue;
    const userStart = start + m[1].length + 3;
    const pwStart = userStart + m[2].length + 1;
    const hostStart = pwStart + m[3].length + 1;
    out.push({
      kind: 'url',
      provider: 'other',
      scheme: m[1].toLowerCase(),
      srv: false,
      start,
      end,
      user: span(text, userStart, userStart + m[2].length),
      password: span(text, pwStart, pwStart + m[3].length),
      hosts: [{ start: hostStart, end: hostStart + m[4].length, text: m[4], host: m[4].toLowerCase() }],
      params: [],
      paramInsert: { at: end, prefix: '?' },
      problems: [],
      credentialsOnly: true,
    });
  }
  return out;
}

/** An `@` outside the database URLs already read (most URL settings hold one URL and nothing else). */
function hasUncoveredAt(text: string, covered: readonly ConnInfo[]): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let inside = false;
    for (const c of covered) if (at >= c.start && at < c.end) inside = true;
    if (!inside) return true;
  }
  return false;
}

/** Parses `text` as one connection URL; undefined when it is not one. */
export function parseConnectionUrl(text: string): ConnInfo | undefined {
  const all = findConnectionUrls(text);
  return all.length > 0 && all[0].start === 0 ? all[0] : undefined;
}

function parseUrlAt(text: string, start: number, end: number, m: RegExpExecArray): ConnInfo {
  const written = m[2].toLowerCase();
  const problems: ConnProblem[] = [];
  const schemeStart = start + (m[1]?.length ?? 0);
  if (BAD_SCHEMES[written]) {
    problems.push({
      kind: 'bad-scheme',
      start: schemeStart,
      end: schemeStart + m[2].length,
      message: `unknown scheme '${m[2]}://': did you mean '${BAD_SCHEMES[written]}://'?`,
    });
  }
  const scheme = BAD_SCHEMES[written] ?? written;
  const provider = providerOf(scheme);
  const srv = scheme === 'mongodb+srv';
  const authStart = start + m[0].length;
  const t = tokenizeUrl(text, authStart, end);
  const info: ConnInfo = {
    kind: 'url',
    provider,
    scheme,
    srv,
    start,
    end,
    hosts: t.hosts,
    params: t.params,
    paramInsert: t.paramInsert,
    problems,
  };
  if (t.user) info.user = t.user;
  if (t.password) info.password = t.password;
  if (t.database) info.database = t.database;
  if (t.user) checkUserinfo(info, provider);
  // libpq, pgjdbc and mysql2 read an empty host as the local socket or localhost
  // (`postgresql:///app`, `jdbc:postgresql:///db?socketFactory=…`); the MongoDB driver refuses it.
  if (t.hosts.length === 0 && provider === 'mongodb') {
    problems.push({ kind: 'no-host', start: t.hostList.start, end: t.hostList.start, message: 'the connection string names no host' });
  }
  for (const h of t.hosts) checkPort(h, problems);
  if (srv) {
    for (const h of info.hosts) {
      if (h.port)
        problems.push({
          kind: 'srv-port',
          start: h.port.start - 1,
          end: h.port.end,
          message: 'mongodb+srv URIs cannot have a port number: the port comes from the DNS SRV record',
        });
    }
    if (info.hosts.length > 1)
      problems.push({
        kind: 'srv-hosts',
        start: info.hosts[1].start - 1,
        end: info.hosts[info.hosts.length - 1].end,
        message: 'mongodb+srv URIs name exactly one host',
      });
  }
  if (provider === 'mongodb') {
    for (const param of info.params) {
      if (!MONGODB_URI_OPTIONS.has(param.key.text.toLowerCase())) {
        problems.push({
          kind: 'unknown-option',
          start: param.key.start,
          end: param.key.end,
          message: `MongoDB does not know the option '${param.key.text}': the driver refuses the connection string`,
        });
      }
    }
  }
  return info;
}

function checkPort(h: HostSpan, problems: ConnProblem[]): void {
  if (!h.port) return;
  const port = h.port.text;
  if (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) return;
  if (/^\$\{|^\$[A-Za-z_]|^<%|^\{\{/.test(port)) return;
  problems.push({
    kind: 'invalid-port',
    start: h.port.start,
    end: Math.max(h.port.end, h.port.start + 1),
    message: port === '' ? 'empty port after ":"' : `invalid port '${port}': a port is a number from 1 to 65535`,
  });
}

/** Characters a driver misreads in userinfo: WHATWG delimiters for all, MongoDB's stricter set. */
function checkUserinfo(info: ConnInfo, provider: DbProvider): void {
  const parts: Array<[Span | undefined, string]> = [
    [info.user, 'user name'],
    [info.password, 'password'],
  ];
  for (const [s, what] of parts) {
    if (!s) continue;
    if (isTemplateReference(s.text)) continue;
    const illegal = provider === 'mongodb' ? /[:/?#[\]@\s]/ : what === 'password' ? /[/?#@\s]/ : /[:/?#@\s]/;
    for (let i = 0; i < s.text.length; i++) {
      const c = s.text[i];
      if (c === '%') {
        if (!/^[0-9A-Fa-f]{2}$/.test(s.text.slice(i + 1, i + 3))) {
          if (isStandIn(s.text)) break; // `[YOUR-PASSWORD]`, `<password>`: a reader replaces it
          info.problems.push({
            kind: 'bad-escape',
            start: s.start + i,
            end: s.start + i + 1,
            message: `'%' in the ${what} is not followed by two hex digits: the driver fails to decode it (percent-encode it as %25)`,
          });
          break;
        }
        continue;
      }
      if (illegal.test(c)) {
        if (isStandIn(s.text)) break;
        info.problems.push({
          kind: 'unescaped-char',
          start: s.start + i,
          end: s.start + i + 1,
          message: `unescaped '${c === ' ' ? 'space' : c}' in the ${what}: the driver misreads the connection string (percent-encode it as ${percentEncodedChar(c)})`,
        });
        break;
      }
    }
  }
}

/** Every template form needs one of $ { < % or `env(`: one pass over the value rules out most. */
function mayBeTemplate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === Ch.DOLLAR || c === Ch.OPEN_BRACE || c === Ch.LESS_THAN || c === Ch.PERCENT) return true;
    if (c === Ch.LOWER_E && value.startsWith('env(', i)) return true;
  }
  return false;
}

/** `${VAR}`, `$VAR`, `env("X")`, `<%= … %>`, `{{ … }}`, `%(x)s`: a value filled in elsewhere. */
export function isTemplateReference(value: string): boolean {
  if (!mayBeTemplate(value)) return false;
  return /\$\{[^{}]*\}|^\$[A-Za-z_]\w*$|\benv\(|<%=?|\{\{|%\([^()]+\)s|^\$\([^)]*\)$/.test(value);
}

/** Case-insensitive parameter lookup (also `_` vs `-` insensitive). */
export function getParam(info: ConnInfo, ...names: string[]): Param | undefined {
  const params = info.params;
  if (params.length === 0) return undefined;
  for (let i = params.length - 1; i >= 0; i--) {
    const key = norm(params[i].key.text);
    for (const n of names) if (norm(n) === key) return params[i];
  }
  return undefined;
}

const NORMS = new Map<string, string>();

/** Lower case without - _ and spaces (memoized: parameter names repeat across a file). */
function norm(s: string): string {
  let n = NORMS.get(s);
  if (n === undefined) {
    n = s.toLowerCase().replace(/[-_ ]/g, '');
    if (NORMS.size > 10_000) NORMS.clear();
    NORMS.set(s, n);
  }
  return n;
}

/**
 * Key/value connection strings: libpq (`host=db port=5432 password=x`) and
 * ADO.NET / JDBC-properties (`Server=db;User Id=sa;Password=x;Encrypt=false`).
 */
export function parseKeyValueConnection(text: string): ConnInfo | undefined {
  const semicolon = text.includes(';');
  const re = semicolon
    ? /\s*([A-Za-z][A-Za-z0-9 _-]*?)\s*=\s*("[^"]*"|'[^']*'|[^;]*)/y
    : /\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*('(?:\\.|[^'])*'|[^\s]*)/y;
  const params: Param[] = [];
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    const keyStart = m.index + m[0].indexOf(m[1]);
    const valueStart = m.index + m[0].length - m[2].length;
    let vs = valueStart;
    let ve = valueStart + m[2].length;
    if (/^["']/.test(m[2]) && m[2].length >= 2) {
      vs++;
      ve--;
    }
    while (ve > vs && /\s/.test(text[ve - 1])) ve--;
    params.push({ key: span(text, keyStart, keyStart + m[1].length), value: span(text, vs, ve) });
    i = m.index + m[0].length;
    while (i < text.length && (text[i] === ';' || /\s/.test(text[i]))) i++;
  }
  const keys = new Set(params.map((p) => norm(p.key.text)));
  const hostKey = ['host', 'server', 'datasource', 'address', 'addr', 'hostaddr'].find((k) => keys.has(k));
  const hasAuth = ['password', 'pwd', 'user', 'userid', 'uid', 'username'].some((k) => keys.has(k));
  if (!hostKey || params.length < 2 || !(hasAuth || keys.has('sslmode') || keys.has('database') || keys.has('dbname'))) return undefined;
  const info: ConnInfo = {
    kind: 'keyvalue',
    provider: keys.has('dbname') || keys.has('sslmode') ? 'postgres' : 'other',
    scheme: semicolon ? 'ado' : 'libpq',
    srv: false,
    start: 0,
    end: text.length,
    params,
    hosts: [],
    paramInsert: { at: text.length, prefix: semicolon ? (text.trimEnd().endsWith(';') ? '' : ';') : ' ' },
    problems: [],
  };
  const find = (...names: string[]) => getParam(info, ...names);
  const host = find(hostKey);
  if (host) {
    const raw = host.value.text.replace(/^tcp:/i, '');
    const hostName = raw.split(/[,:\\]/)[0].toLowerCase();
    info.hosts.push({ ...host.value, host: hostName });
  }
  info.user = find('user', 'userid', 'uid', 'username')?.value;
  info.password = find('password', 'pwd')?.value;
  info.database = find('dbname', 'database', 'initialcatalog')?.value;
  return info;
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0|host\.docker\.internal|\(local\)|\.|[a-z0-9_-]+)$/;

/**
 * Local, loopback, or a bare name without dots (a compose service such as `db`,
 * reached over the container network): no public exposure.
 */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (
    h === '' ||
    LOCAL_HOST.test(h) ||
    h.endsWith('.local') ||
    h.endsWith('.localhost') ||
    h.endsWith('.internal') ||
    h.endsWith('.svc') ||
    h.endsWith('.cluster.local')
  )
    return true;
  // RFC 1918 private ranges and link-local are not public either.
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|fd[0-9a-f]{2}:)/.test(h);
}

/** Loopback only (for "local" severities of weak passwords). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || /^127\./.test(h) || h === '::1' || h === 'host.docker.internal' || h === '0.0.0.0' || h === '(local)' || h === '.'
  );
}

export function allHostsLocal(info: ConnInfo): boolean {
  return info.hosts.length > 0 && info.hosts.every((h) => isLocalHost(h.host) || isTemplateReference(h.text));
}

export function isAtlasHost(host: string): boolean {
  return /\.mongodb\.net$/i.test(host);
}
