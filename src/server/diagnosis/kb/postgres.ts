/**
 * PostgreSQL: SQLSTATE codes (errcodes.txt) and the server's message texts
 * (auth.c, postmaster.c, hba.c), node-postgres' own client errors
 * (lib/client.js, lib/connection.js, lib/crypto/sasl.js, pg-pool), and the
 * wording of libpq/psql, pgjdbc, lib/pq and psycopg for the same conditions.
 * Also applies to Supabase (its database is PostgreSQL, reached through pg or Supavisor).
 */
import type { Pattern } from './types';

const PG = ['postgres', 'supabase'] as const;

export const POSTGRES_PATTERNS: readonly Pattern[] = [
  {
    id: 'pg.28P01',
    providers: PG,
    category: 'auth_failed',
    confidence: 0.96,
    match: [
      { fields: { sqlState: ['28P01'] } },
      { message: /password authentication failed for user "?(?<user>[^"\s]*)"?/i },
      {
        message:
          /authentication failed for user "?(?<user>[^"\s]*)"?|Ident authentication failed|Peer authentication failed|server signature does not match/i,
        confidence: 0.85,
      },
      // pgx (auth_scram.go) when the SCRAM server-final-message is not "v=<signature>": an RFC 5802 server-error
      // (e=invalid-proof ...), i.e. the server, or a pooler such as Supavisor, refused the password proof.
      { message: /invalid SCRAM server-final-message received from server/i, confidence: 0.8 },
    ],
    rootCause: 'The server rejected the password for user {user} on {target}',
    fixes: ['check-password', 'check-user', 'url-encode-password'],
  },
  {
    id: 'pg.role-missing',
    providers: PG,
    category: 'auth_failed',
    confidence: 0.95,
    match: [{ message: /role "(?<user>[^"]*)" does not exist/i }],
    rootCause: 'The user (role) {user} does not exist on {target}',
    fixes: ['check-user', 'check-password'],
  },
  {
    id: 'pg.hba.no-encryption',
    providers: PG,
    category: 'ssl_required',
    confidence: 0.95,
    match: [
      {
        message:
          /(?:no pg_hba\.conf entry|pg_hba\.conf rejects connection) for host "(?<addr>[^"]*)", user "(?<user>[^"]*)", database "(?<db>[^"]*)",? (?:SSL off|no encryption)/i,
      },
    ],
    rootCause:
      'The server only accepts TLS connections from {addr} (pg_hba.conf has no non-TLS entry) and this connection did not use TLS (sslmode={tls})',
    fixes: ['enable-tls', 'pg-hba-add'],
  },
  {
    id: 'pg.hba.host',
    providers: PG,
    category: 'host_not_allowed',
    confidence: 0.93,
    match: [
      { message: /no pg_hba\.conf entry for (?:replication connection from )?host "(?<addr>[^"]*)"/i },
      { message: /pg_hba\.conf rejects connection for host "(?<addr>[^"]*)"/i },
      { message: /no pg_hba\.conf entry|pg_hba\.conf rejects/i, confidence: 0.88 },
      {
        message:
          /Connection not authorized from this IP|IP address .* is not (?:allowed|authorized)|not in the (?:allow ?list|whitelist)|Address not in tenant allow_list/i,
        confidence: 0.85,
      },
    ],
    rootCause:
      'The server refuses connections from {addr} for user {user} to database {database} (no matching pg_hba.conf entry or IP allow-list rule)',
    fixes: ['pg-hba-add', 'firewall'],
  },
  {
    id: 'pg.28000',
    providers: PG,
    category: 'auth_failed',
    confidence: 0.7,
    match: [{ fields: { sqlState: ['28000'] } }],
    rootCause: 'The server rejected the authorisation of {user}: {m}',
    fixes: ['check-user', 'check-password'],
  },
  {
    id: 'pg.login-not-permitted',
    providers: PG,
    category: 'permission_denied',
    confidence: 0.9,
    match: [
      {
        message:
          /role "(?<user>[^"]*)" is not permitted to log in|User does not have CONNECT privilege|permission denied for database "?(?<db>[^"\s]*)"?/i,
      },
    ],
    rootCause: 'The role {user} may not connect to {database} (no LOGIN or CONNECT privilege)',
    fixes: ['grant-privileges'],
  },
  {
    id: 'pg.password-missing',
    providers: PG,
    category: 'credentials_missing',
    confidence: 0.88,
    match: [
      {
        message:
          /client password must be a (?:non-empty )?string|fe_sendauth: no password supplied|no password supplied|password authentication failed: no password|The server requested (?:SCRAM-based|password-based|SCRAM-SHA-256) authentication, but no password was provided|Password must be a string/i,
      },
      // The probe's own error when the server asks for a password and none is stored or set (probes/providers/postgres.ts).
      { fields: { code: ['ERR_CREDENTIALS_MISSING'] } },
    ],
    rootCause: 'No password was given for user {user}: the server asked for one (usually an unset environment variable)',
    fixes: ['set-password'],
  },
  {
    id: 'pg.auth-method',
    providers: PG,
    category: 'auth_method_unsupported',
    confidence: 0.9,
    match: [
      {
        message:
          /SASL: Only mechanism\(?s?\)? .* (?:is|are) (?:currently )?supported|SCRAM-SHA-256-PLUS requires a certificate|authentication method \d+ not supported|The authentication type \d+ is not supported|SCRAM authentication requires libpq version|unknown authentication (?:type|method)|unsupported authentication|auth(?:entication)? method .* (?:is )?not supported|AuthenticationSASL|server requested a cleartext password.*not allowed|channel binding required/i,
      },
    ],
    rootCause: 'Client and server cannot agree on an authentication method ({m})',
    fixes: ['pg-scram-client', 'upgrade-driver'],
  },
  {
    id: 'pg.ssl-unsupported',
    providers: PG,
    category: 'ssl_unsupported',
    confidence: 0.96,
    match: [
      {
        message:
          /The server does not support SSL connections|server does not support SSL, but SSL was required|SSL is not enabled on the server|SSL not supported by server|server does not support SSL/i,
      },
    ],
    rootCause: '{target} does not offer TLS but this connection requires it (sslmode={tls})',
    fixes: ['disable-tls', 'enable-tls'],
  },
  {
    id: 'pg.ssl-negotiation-garbage',
    providers: PG,
    category: 'ssl_unsupported',
    confidence: 0.75,
    // libpq fe-connect.c: the reply to SSLRequest was neither 'S' nor 'N' ('H' is an HTTP server's "HTTP/1.1").
    match: [{ message: /received invalid response to SSL negotiation(?:: (?<byte>\S))?/i }],
    rootCause:
      'The service at {target} answered the TLS request with something that is not a PostgreSQL reply: another service listens on this port, or a proxy in between does not speak PostgreSQL',
    fixes: ['check-port', 'disable-tls', 'tls-port'],
  },
  {
    id: 'pg.ssl-required-msg',
    providers: PG,
    category: 'ssl_required',
    confidence: 0.92,
    match: [
      {
        message:
          /connection is insecure|insecure connection (?:is )?not allowed|requires? (?:an )?(?:SSL|TLS|encrypted) connection|SSL (?:connection )?(?:is )?required|connection requires a valid client certificate|SSL\/TLS required|only SSL connections are allowed|ssl=true is required|must use SSL|require SSL/i,
      },
    ],
    rootCause: '{target} requires TLS; this connection has sslmode={tls}',
    fixes: ['enable-tls'],
  },
  {
    id: 'pg.3D000',
    providers: PG,
    category: 'database_not_found',
    confidence: 0.97,
    match: [{ fields: { sqlState: ['3D000'] } }, { message: /database "(?<db>[^"]*)" does not exist/i }],
    rootCause: 'The database {db} does not exist on {target}',
    fixes: ['create-database'],
  },
  {
    id: 'pg.42P01',
    providers: PG,
    category: 'schema_missing',
    confidence: 0.95,
    match: [
      { fields: { sqlState: ['42P01', '3F000', '42703', '42883', '42704'] } },
      {
        message:
          /relation "(?<table>[^"]*)" does not exist|schema "(?<table2>[^"]*)" does not exist|column "[^"]*" (?:of relation "[^"]*" )?does not exist|function .* does not exist/i,
        confidence: 0.9,
      },
    ],
    rootCause: 'The table or schema object {table} is missing in database {database}: {m}',
    fixes: ['run-migrations'],
  },
  {
    id: 'pg.42501',
    providers: PG,
    category: 'permission_denied',
    confidence: 0.94,
    match: [
      { fields: { sqlState: ['42501'] } },
      {
        message:
          /permission denied for (?:table|relation|schema|sequence|function|view|database|language|large object) ?"?(?<table>[^"\s]*)"?|must be (?:owner|superuser|(?:a )?member)\b|permission denied to/i,
        confidence: 0.9,
      },
    ],
    rootCause: 'User {user} is authenticated but lacks the privilege: {m}',
    fixes: ['grant-privileges'],
  },
  {
    id: 'pg.rls',
    providers: PG,
    category: 'permission_denied',
    confidence: 0.95,
    match: [{ message: /new row violates row-level security policy(?: for table "(?<table>[^"]*)")?|violates row-level security/i }],
    rootCause: 'A row-level security policy on {table} rejected the write for this role',
    fixes: ['rls-policy', 'grant-privileges'],
  },
  {
    id: 'pg.53300',
    providers: PG,
    category: 'too_many_connections',
    confidence: 0.96,
    match: [
      { fields: { sqlState: ['53300'] } },
      {
        message:
          /sorry, too many clients already|remaining connection slots are reserved|too many connections for (?:role|database|user)|too many connections|connection limit exceeded for non-superusers/i,
      },
    ],
    rootCause: '{target} has reached its connection limit (max_connections or the role/database limit)',
    fixes: ['close-connections', 'use-pooler', 'raise-max-connections'],
  },
  {
    id: 'pg.pool-timeout',
    providers: PG,
    category: 'pool_exhausted',
    confidence: 0.9,
    // Elixir's DBConnection (Postgrex, Supavisor, Supabase Realtime): "connection not available and request was dropped from queue after Nms".
    match: [
      {
        message:
          /timeout exceeded when trying to connect|Cannot acquire a connection|pool is (?:full|exhausted|draining)|connection pool has been exhausted|Timeout acquiring a connection|acquire(?:Connection)? timeout|connection not available and request was dropped from queue/i,
      },
    ],
    rootCause: 'The client-side pool had no free connection within its timeout (all connections busy or leaked)',
    fixes: ['pool-size', 'close-connections'],
  },
  {
    id: 'pg.57P03',
    providers: PG,
    category: 'server_unavailable',
    confidence: 0.97,
    transient: true,
    match: [
      { fields: { sqlState: ['57P03', '57P01', '57P02', '57P04', '57P05'] } },
      {
        message:
          /the database system is (?:starting up|shutting down|in recovery mode|not yet accepting connections|not accepting connections)|terminating connection due to (?:administrator command|unexpected postmaster exit)|terminating connection because of crash of another server process|server (?:is )?(?:shutting down|starting up)/i,
      },
    ],
    rootCause: '{target} is not serving right now ({m}); this is transient: retry, do not alert',
    fixes: ['wait-startup', 'check-server-logs'],
  },
  {
    id: 'pg.25006',
    providers: PG,
    category: 'read_only',
    confidence: 0.96,
    match: [
      { fields: { sqlState: ['25006'] } },
      {
        message: /cannot execute \w+(?: \w+)? in a read-only transaction|read-only transaction|hot standby|recovery is in progress/i,
        confidence: 0.9,
      },
    ],
    rootCause: 'A write went to a read-only node or transaction on {target} (standby replica or default_transaction_read_only)',
    fixes: ['connect-primary'],
  },
  {
    id: 'pg.53100',
    providers: PG,
    category: 'disk_full',
    confidence: 0.97,
    match: [
      { fields: { sqlState: ['53100', '53000'] } },
      {
        message: /No space left on device|could not extend file|disk full|database is not accepting commands .* to avoid wraparound/i,
        confidence: 0.9,
      },
    ],
    rootCause: 'The database server {target} is out of disk space ({m})',
    fixes: ['free-disk'],
  },
  {
    id: 'pg.57014',
    providers: PG,
    category: 'timeout',
    confidence: 0.93,
    match: [
      { fields: { sqlState: ['57014', '55P03'] } },
      { message: /canceling statement due to (?:statement|lock) timeout|canceling statement due to user request|lock timeout/i },
    ],
    rootCause: 'A statement on {target} exceeded its time limit ({m})',
    fixes: ['statement-timeout'],
  },
  {
    id: 'pg.08P01',
    providers: PG,
    category: 'connection_reset',
    confidence: 0.6,
    match: [{ fields: { sqlState: ['08000', '08003', '08006', '08P01', '08001', '08004'] } }],
    rootCause: 'The connection to {target} failed or was dropped ({m})',
    fixes: ['retry-later', 'check-proxy'],
  },
  {
    id: 'pg.prepared-pooler',
    providers: PG,
    category: 'invalid_config',
    confidence: 0.85,
    // PgBouncer's own prepared-statement tracking (1.21+) answers "prepared statement name is already in use".
    match: [
      {
        message:
          /prepared statement \\?"[^"\\]*\\?" (?:already exists|does not exist)|prepared statement name is already in use|does not support prepared statements/i,
      },
      { fields: { sqlState: ['42P05', '26000'] } },
    ],
    rootCause:
      'Prepared statements are used through a transaction-mode pooler (PgBouncer/Supavisor on port 6543), which does not keep them between transactions',
    fixes: ['pooler-prepared'],
  },
  {
    id: 'pg.conninfo-syntax',
    providers: PG,
    category: 'invalid_config',
    confidence: 0.9,
    // libpq's connection-string parser (fe-connect.c conninfo_parse / conninfo_uri_parse_params).
    match: [
      {
        message:
          /invalid URI query parameter: "(?<param>[^"]*)"|invalid connection option "(?<param2>[^"]*)"|missing "=" after "[^"]*" in connection info string|unterminated quoted string in connection info string|invalid percent-encoded token|forbidden value %00 in percent-encoded value|(?:extra|missing) key\/value separator "=" in URI query parameter|unexpected spaces found in "[^"]*", use percent-encoded spaces|IPv6 host address may not be empty in URI|unexpected character "." at position \d+ in URI|invalid integer value "[^"]*" for connection option|could not match \d+ host names to \d+ hostaddr values|invalid (?:port number|sslmode value|gssencmode value|target_session_attrs value)/i,
      },
    ],
    rootCause: 'The connection string is not valid for libpq: {m}',
    fixes: ['fix-url', 'url-encode-password'],
  },
  // PgBouncer answers its own failures as ErrorResponse 08P01 with a fixed text (src/client.c,
  // src/janitor.c, src/pooler.c); the text, not the SQLSTATE, says what happened.
  {
    id: 'pgbouncer.max-client-conn',
    providers: PG,
    category: 'too_many_connections',
    confidence: 0.94,
    match: [{ message: /no more connections allowed(?: \((?<limit>\w+)\))?/i }],
    rootCause: 'The PgBouncer pooler in front of {target} refuses new clients: its {limit} client limit is reached',
    fixes: ['close-connections', 'raise-max-connections', 'pool-size'],
  },
  {
    id: 'pgbouncer.server-login',
    providers: PG,
    category: 'server_unavailable',
    confidence: 0.82,
    transient: true,
    match: [{ message: /server login has been failing|pgbouncer cannot connect to server|client_login_timeout \(server down\)/i }],
    rootCause:
      "The pooler at {target} is up but cannot log in to its PostgreSQL server (server down or unreachable, or the pooler's own credentials are rejected); it fails clients fast until server_login_retry passes",
    fixes: ['check-server-logs', 'wait-startup', 'check-password'],
  },
  {
    id: 'pgbouncer.query-wait-timeout',
    providers: PG,
    category: 'pool_exhausted',
    confidence: 0.88,
    match: [{ message: /\bquery_wait_timeout\b|No server connection available in postgres backend, client being queued/i }],
    rootCause:
      'The PgBouncer pool for this database/user had no free server connection within query_wait_timeout (pool_size too small, or long transactions hold the connections)',
    fixes: ['pool-size', 'close-connections', 'statement-timeout'],
  },
  {
    id: 'pgbouncer.no-such-database',
    providers: PG,
    category: 'database_not_found',
    confidence: 0.9,
    match: [{ message: /\bno such database: (?<db>\S+)/i }],
    rootCause: 'The pooler at {target} has no [databases] entry for {db}',
    fixes: ['create-database', 'fix-url'],
  },
  {
    // node-postgres says this when the answer to its SSLRequest is neither 'S' nor 'N' (pg/lib/connection.js):
    // no TLS handshake ever started, the bytes were not PostgreSQL. Another service answers on that port:
    // the spec's "wrong port" (conn_refused), not a certificate problem.
    id: 'pg.ssl-error-establishing',
    providers: PG,
    category: 'conn_refused',
    confidence: 0.7,
    match: [{ message: /There was an error establishing an SSL connection/i }],
    rootCause:
      'Protocol mismatch: {target} answered, but not as PostgreSQL (its reply to the TLS request was neither yes nor no): another service is listening on that port',
    fixes: ['check-port', 'tls-port'],
  },
];
