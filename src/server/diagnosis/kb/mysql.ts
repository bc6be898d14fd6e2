/**
 * MySQL / MariaDB: server error numbers (mysql2 lib/constants/errors.js, the
 * MySQL error reference), client errors (CR_* 2000-2999 as libmysqlclient and
 * Connector/J print them), and mysql2's own errors (PROTOCOL_CONNECTION_LOST,
 * HANDSHAKE_NO_SSL_SUPPORT, pool "Queue limit reached." / "No connections available.").
 */
import type { Pattern } from './types';

const MY = ['mysql'] as const;

export const MYSQL_PATTERNS: readonly Pattern[] = [
  {
    id: 'mysql.1045',
    providers: MY,
    category: 'auth_failed',
    confidence: 0.95,
    match: [
      { fields: { errno: [1045] } },
      { fields: { code: ['ER_ACCESS_DENIED_ERROR'] } },
      { message: /Access denied for user '(?<user>[^']*)'@'(?<addr>[^']*)' \(using password: (?<pw>YES|NO)\)/i },
    ],
    rootCause: 'The server rejected user {user} connecting from {addr} (wrong password, or no such user for this client host)',
    fixes: ['check-password', 'check-user', 'mysql-grant-host'],
  },
  {
    id: 'mysql.1045.no-password',
    providers: MY,
    category: 'auth_failed',
    confidence: 0.96,
    match: [{ message: /Access denied for user '(?<user>[^']*)'@'(?<addr>[^']*)' \(using password: NO\)/i }],
    rootCause: 'The server rejected user {user}: no password was sent (using password: NO), usually an unset environment variable',
    fixes: ['set-password', 'check-password'],
  },
  {
    // The probe's own error: refused, and it had no password to send (probes/providers/mysql.ts).
    id: 'mysql.no-password-stored',
    providers: MY,
    category: 'credentials_missing',
    confidence: 0.97,
    match: [{ fields: { code: ['ERR_CREDENTIALS_MISSING'] } }],
    rootCause: 'No password is stored or set for this connection, and the server asks for one',
    fixes: ['set-password'],
  },
  {
    id: 'mysql.1698',
    providers: MY,
    category: 'auth_method_unsupported',
    confidence: 0.85,
    match: [{ fields: { errno: [1698] } }, { fields: { code: ['ER_ACCESS_DENIED_NO_PASSWORD_ERROR'] } }],
    rootCause: 'User {user} authenticates with a plugin a network client cannot use (typically root with auth_socket on Debian/Ubuntu)',
    fixes: ['mysql-auth-plugin', 'check-user'],
  },
  {
    id: 'mysql.1044',
    providers: MY,
    category: 'permission_denied',
    confidence: 0.94,
    match: [
      { fields: { errno: [1044, 1142, 1143, 1227, 1370, 1095, 1211, 1410] } },
      {
        fields: {
          code: [
            'ER_DBACCESS_DENIED_ERROR',
            'ER_TABLEACCESS_DENIED_ERROR',
            'ER_COLUMNACCESS_DENIED_ERROR',
            'ER_SPECIFIC_ACCESS_DENIED_ERROR',
            'ER_PROCACCESS_DENIED_ERROR',
            'ER_KILL_DENIED_ERROR',
          ],
        },
      },
      {
        message:
          /Access denied for user '(?<user>[^']*)'@'[^']*' to database '(?<db>[^']*)'|\b\w+ command denied to user '(?<user2>[^']*)'@'[^']*' for (?:table|column|routine) '(?<table>[^']*)'|Access denied; you need \(at least one of\) the/i,
      },
    ],
    rootCause: 'User {user} is authenticated but lacks the privilege: {m}',
    fixes: ['grant-privileges'],
  },
  {
    id: 'mysql.1049',
    providers: MY,
    category: 'database_not_found',
    confidence: 0.97,
    match: [
      { fields: { errno: [1049, 3503] } },
      { fields: { code: ['ER_BAD_DB_ERROR', 'ER_NO_SUCH_DB'] } },
      { message: /Unknown database '(?<db>[^']*)'/i },
    ],
    rootCause: 'The database {db} does not exist on {target}',
    fixes: ['create-database'],
  },
  {
    id: 'mysql.1130',
    providers: MY,
    category: 'host_not_allowed',
    confidence: 0.96,
    match: [
      { fields: { errno: [1130] } },
      { fields: { code: ['ER_HOST_NOT_PRIVILEGED'] } },
      { message: /Host '(?<addr>[^']*)' is not allowed to connect to this (?:MySQL|MariaDB) server/i },
    ],
    rootCause: 'The server has no account for connections from {addr} (the user exists only for other hosts, e.g. localhost)',
    fixes: ['mysql-grant-host', 'firewall'],
  },
  {
    id: 'mysql.1129',
    providers: MY,
    category: 'host_not_allowed',
    confidence: 0.95,
    match: [
      { fields: { errno: [1129] } },
      { fields: { code: ['ER_HOST_IS_BLOCKED'] } },
      { message: /Host '(?<addr>[^']*)' is blocked because of many connection errors/i },
    ],
    rootCause: 'The server blocked {addr} after too many failed connection attempts (max_connect_errors)',
    fixes: ['mysql-flush-hosts'],
  },
  {
    id: 'mysql.1040',
    providers: MY,
    category: 'too_many_connections',
    confidence: 0.96,
    match: [
      { fields: { errno: [1040, 1203] } },
      { fields: { code: ['ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS'] } },
      { message: /^Too many connections$|Too many connections|already has more than 'max_user_connections' active connections/i },
    ],
    rootCause: '{target} has reached its connection limit (max_connections or max_user_connections)',
    fixes: ['close-connections', 'raise-max-connections'],
  },
  {
    id: 'mysql.1226',
    providers: MY,
    category: 'quota_exceeded',
    confidence: 0.94,
    match: [
      { fields: { errno: [1226] } },
      { fields: { code: ['ER_USER_LIMIT_REACHED'] } },
      { message: /User '(?<user>[^']*)' has exceeded the '(?<res>\w+)' resource/i },
    ],
    rootCause: 'User {user} has exceeded a per-account resource limit ({res})',
    fixes: ['wait-quota'],
  },
  {
    id: 'mysql.1251',
    providers: MY,
    category: 'auth_method_unsupported',
    confidence: 0.95,
    match: [
      { fields: { errno: [1251, 2059, 1524, 2054] } },
      {
        fields: {
          code: ['ER_NOT_SUPPORTED_AUTH_MODE', 'CR_AUTH_PLUGIN_CANNOT_LOAD', 'ER_PLUGIN_IS_NOT_LOADED', 'AUTH_SWITCH_PLUGIN_ERROR'],
        },
      },
      {
        message:
          /Client does not support authentication protocol requested by server|Authentication plugin '(?<plugin>[^']*)' (?:cannot be loaded|is not supported)|Plugin '(?<plugin2>[^']*)' is not loaded|Server requests authentication using unknown plugin|auth_gssapi_client|sha256_password|Unknown authentication plugin|authentication method unknown to the client/i,
      },
    ],
    rootCause: 'Client and server cannot agree on an authentication plugin ({m})',
    fixes: ['mysql-auth-plugin', 'upgrade-driver'],
  },
  {
    id: 'mysql.caching-sha2-insecure',
    providers: MY,
    category: 'auth_method_unsupported',
    confidence: 0.95,
    match: [
      { fields: { errno: [2061] } },
      {
        message:
          /Authentication requires secure connection|Public Key Retrieval is not allowed|caching_sha2_password.*(?:requires|secure connection)|RSA public key is not available/i,
      },
    ],
    rootCause:
      "caching_sha2_password needs TLS or the server's RSA public key to send the password; the password itself is not the problem",
    fixes: ['mysql-caching-sha2-tls', 'enable-tls'],
  },
  {
    id: 'mysql.3159',
    providers: MY,
    category: 'ssl_required',
    confidence: 0.97,
    match: [
      { fields: { errno: [3159] } },
      { fields: { code: ['ER_SECURE_TRANSPORT_REQUIRED'] } },
      {
        message:
          /Connections using insecure transport are prohibited|require_secure_transport|SSL connection is required|requires SSL|insecure transport/i,
      },
    ],
    rootCause: '{target} requires TLS (require_secure_transport=ON); this connection has TLS {tls}',
    fixes: ['enable-tls'],
  },
  {
    id: 'mysql.no-ssl-support',
    providers: MY,
    category: 'ssl_unsupported',
    confidence: 0.96,
    match: [
      { fields: { code: ['HANDSHAKE_NO_SSL_SUPPORT'] } },
      {
        message:
          /Server does not support secure connection|SSL connection error: SSL is required but the server doesn't support it|server doesn't support SSL|does not support SSL/i,
      },
    ],
    rootCause: '{target} does not offer TLS but this connection requires it',
    fixes: ['disable-tls', 'enable-tls'],
  },
  {
    id: 'mysql.1146',
    providers: MY,
    category: 'schema_missing',
    confidence: 0.96,
    match: [
      { fields: { errno: [1146, 1109, 1051, 1054, 1305] } },
      { fields: { code: ['ER_NO_SUCH_TABLE', 'ER_UNKNOWN_TABLE', 'ER_BAD_TABLE_ERROR', 'ER_BAD_FIELD_ERROR', 'ER_SP_DOES_NOT_EXIST'] } },
      { message: /Table '(?<table>[^']*)' doesn't exist|Unknown table '(?<table2>[^']*)'|Unknown column '[^']*' in/i },
    ],
    rootCause: 'The table {table} does not exist: {m}',
    fixes: ['run-migrations'],
  },
  {
    id: 'mysql.read-only',
    providers: MY,
    category: 'read_only',
    confidence: 0.95,
    match: [
      { fields: { errno: [1792, 1836] } },
      { fields: { code: ['ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION', 'ER_READ_ONLY_MODE'] } },
      { fields: { errno: [1290] }, message: /read[-_ ]only/i },
      {
        message:
          /running with the --(?:super-)?read-only option|Cannot execute statement in a READ ONLY transaction|Running in read-only mode|read-only mode/i,
      },
    ],
    rootCause: 'A write went to a read-only MySQL node on {target} (replica, failover in progress, or read_only=ON)',
    fixes: ['connect-primary'],
  },
  {
    id: 'mysql.1290',
    providers: MY,
    category: 'invalid_config',
    confidence: 0.5,
    match: [{ fields: { errno: [1290] } }],
    rootCause: 'A server option prevents this statement: {m}',
    fixes: ['check-server-logs'],
  },
  {
    id: 'mysql.disk-full',
    providers: MY,
    category: 'disk_full',
    confidence: 0.96,
    match: [
      { fields: { errno: [1021, 1114] } },
      { fields: { code: ['ER_DISK_FULL', 'ER_RECORD_FILE_FULL'] } },
      { message: /Disk full|The table '(?<table>[^']*)' is full|Errcode: 28|No space left on device|OS errno 28/i },
    ],
    rootCause: 'The MySQL server {target} is out of disk space ({m})',
    fixes: ['free-disk'],
  },
  {
    id: 'mysql.shutdown',
    providers: MY,
    category: 'server_unavailable',
    confidence: 0.93,
    transient: true,
    match: [
      { fields: { errno: [1053, 1077, 3032, 3168, 1927] } },
      {
        fields: {
          code: ['ER_SERVER_SHUTDOWN', 'ER_NORMAL_SHUTDOWN', 'ER_SERVER_OFFLINE_MODE', 'ER_SERVER_ISNT_AVAILABLE', 'ER_CONNECTION_KILLED'],
        },
      },
      {
        message:
          /Server shutdown in progress|normal shutdown|server is currently in offline mode|Server isn't available|Connection was killed|server is starting up|WSREP has not yet prepared node for application use/i,
      },
    ],
    rootCause: '{target} is not serving right now ({m}); retry shortly',
    fixes: ['wait-startup', 'check-server-logs'],
  },
  {
    id: 'mysql.gone-away',
    providers: MY,
    category: 'connection_reset',
    confidence: 0.9,
    match: [
      { fields: { errno: [2006, 2013, 2055, 1152, 1184, 4031, 1158, 1159, 1160, 1161] } },
      {
        fields: {
          code: [
            'PROTOCOL_CONNECTION_LOST',
            'CR_SERVER_GONE_ERROR',
            'CR_SERVER_LOST',
            'ER_ABORTING_CONNECTION',
            'ER_NEW_ABORTING_CONNECTION',
            'ER_CLIENT_INTERACTION_TIMEOUT',
            'ER_NET_READ_ERROR',
            'ER_NET_READ_INTERRUPTED',
            'ER_NET_ERROR_ON_WRITE',
            'ER_NET_WRITE_INTERRUPTED',
            'PROTOCOL_SEQUENCE_TIMEOUT',
            'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
            'PROTOCOL_ENQUEUE_AFTER_QUIT',
          ],
        },
      },
      {
        message:
          /MySQL server has gone away|Lost connection to (?:MySQL|MariaDB) server|Connection lost: The server closed the connection|Can't add new command when connection is in closed state|Cannot enqueue \w+ after (?:fatal error|invoking quit)|disconnected by the server because of inactivity|Aborted connection|Communications link failure(?![\s\S]*has not received any packets from the server)/i,
        confidence: 0.85,
      },
    ],
    rootCause: 'The connection to {target} was dropped ({m}): server restart, wait_timeout, a proxy, or a packet above max_allowed_packet',
    fixes: ['retry-later', 'keepalive', 'check-proxy'],
  },
  {
    id: 'mysql.jdbc-never-connected',
    providers: MY,
    category: 'conn_refused',
    confidence: 0.8,
    hidesNetworkCause: true,
    // Connector/J's CommunicationsException when the socket never carried a reply (a refused or
    // filtered connect); a "Caused by:" line, when pasted, names the exact cause and wins.
    match: [
      {
        message:
          /last packet sent successfully to the server was 0 milliseconds ago\. The driver has not received any packets from the server/i,
      },
    ],
    rootCause: 'The MySQL driver never received a packet from {target}: nothing accepts connections there, or a firewall drops them',
    fixes: ['start-server', 'check-port', 'firewall', 'check-reachability'],
  },
  {
    // libmysqlclient's CR_CONN_HOST_ERROR ends with the OS errno in parentheses: ETIMEDOUT is 110 on Linux,
    // 60 on macOS/BSD, 10060 on Windows; EHOSTUNREACH / ENETUNREACH are 113 / 101, 65 / 51, 10065 / 10051.
    id: 'mysql.2003-timeout',
    providers: MY,
    category: 'timeout',
    confidence: 0.88,
    match: [{ message: /Can't connect to (?:MySQL|MariaDB) server on '?(?<host>[^'\s:]+)'?(?::(?<port>\d+))?'? \((?:110|60|10060)\)/i }],
    rootCause: '{target} did not answer the MySQL connection in time (filtered port, firewall dropping packets, or a host that is down)',
    fixes: ['check-reachability', 'firewall', 'raise-timeout'],
  },
  {
    id: 'mysql.2003-unreachable',
    providers: MY,
    category: 'network_unreachable',
    confidence: 0.88,
    match: [
      {
        message:
          /Can't connect to (?:MySQL|MariaDB) server on '?(?<host>[^'\s:]+)'?(?::(?<port>\d+))?'? \((?:113|101|65|51|10065|10051)\)/i,
      },
    ],
    rootCause: 'There is no network route to {target} (VPN down, wrong network, or the host is off)',
    fixes: ['check-route', 'firewall'],
  },
  {
    id: 'mysql.2003',
    providers: MY,
    category: 'conn_refused',
    confidence: 0.85,
    match: [
      { fields: { errno: [2003, 2002] } },
      { message: /Can't connect to (?:MySQL|MariaDB) server on '?(?<host>[^'\s:]+)'?(?::(?<port>\d+))?/i },
    ],
    rootCause: 'Nothing accepts MySQL connections at {target}',
    fixes: ['start-server', 'check-port', 'firewall'],
  },
  {
    id: 'mysql.2005',
    providers: MY,
    category: 'dns_failure',
    confidence: 0.95,
    match: [{ fields: { errno: [2005] } }, { message: /Unknown (?:MySQL|MariaDB) server host '(?<host>[^']*)'/i }],
    rootCause: 'The host name {host} does not resolve',
    fixes: ['check-hostname', 'check-dns'],
  },
  {
    id: 'mysql.pool',
    providers: MY,
    category: 'pool_exhausted',
    confidence: 0.93,
    match: [
      {
        message:
          /^Queue limit reached\.?$|^No connections available\.?$|Queue limit reached|No connections available|Pool is full|Timeout acquiring a connection/i,
      },
    ],
    rootCause: 'The mysql2 pool has no free connection (connectionLimit reached and the wait queue is full or disabled)',
    fixes: ['pool-size', 'close-connections'],
  },
  {
    id: 'mysql.timeouts',
    providers: MY,
    category: 'timeout',
    confidence: 0.92,
    match: [
      { fields: { errno: [1205, 3024, 1969] } },
      { fields: { code: ['ER_LOCK_WAIT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_STATEMENT_TIMEOUT'] } },
      { message: /Can't connect to (?:MySQL|MariaDB) server on .*\((?:110|10060)\)/i, confidence: 0.92 },
      { message: /Lock wait timeout exceeded|maximum statement execution time exceeded|Query inactivity timeout|Connect timeout/i },
    ],
    rootCause: 'An operation on {target} exceeded its time limit ({m})',
    fixes: ['statement-timeout', 'raise-timeout'],
  },
  {
    id: 'mysql.password-expired',
    providers: MY,
    category: 'credentials_invalid',
    confidence: 0.9,
    match: [
      { fields: { errno: [1820, 1862, 3118, 1862] } },
      { fields: { code: ['ER_MUST_CHANGE_PASSWORD', 'ER_MUST_CHANGE_PASSWORD_LOGIN', 'ER_ACCOUNT_HAS_BEEN_LOCKED'] } },
      { message: /Your password has expired|You must reset your password|Account is locked/i },
    ],
    rootCause: 'The credentials of {user} are present but unusable: {m}',
    fixes: ['reset-expired-password'],
  },
  {
    id: 'mysql.wrong-protocol',
    providers: MY,
    category: 'invalid_config',
    confidence: 0.7,
    match: [
      { fields: { errno: [1043, 1156] } },
      { fields: { code: ['ER_HANDSHAKE_ERROR', 'ER_NET_PACKETS_OUT_OF_ORDER'] } },
      {
        message:
          /Bad handshake|Got packets out of order|Received packet in the wrong sequence|Unexpected packet during handshake phase|Packets out of order/i,
      },
    ],
    rootCause:
      'The server at {target} did not speak the expected MySQL protocol (wrong port, e.g. the X Protocol port 33060, or another service)',
    fixes: ['check-port', 'fix-url'],
  },
];
