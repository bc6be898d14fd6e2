/**
 * Errors as ORMs and frameworks re-word them (Prisma P1xxx/P2xxx, Sequelize
 * error classes, Knex, TypeORM, Mongoose) and bare HTTP statuses. Users paste
 * these; several hide the real cause (Prisma P1001), which the probe's own
 * attempt or the history then supplies.
 */
import type { Pattern } from './types';

const SQL = ['postgres', 'mysql', 'supabase', 'mongodb'] as const;

export const WRAPPER_PATTERNS: readonly Pattern[] = [
  {
    id: 'prisma.P1000',
    providers: SQL,
    category: 'auth_failed',
    confidence: 0.94,
    match: [
      { fields: { code: ['P1000'] } },
      {
        message: /Authentication failed against database server|the provided database credentials for `?(?<user>[^`\s]*)`? are not valid/i,
      },
    ],
    rootCause: 'The database at {target} rejected the credentials for {user}',
    fixes: ['check-password', 'check-user', 'url-encode-password'],
  },
  {
    id: 'prisma.P1001',
    providers: SQL,
    category: 'conn_refused',
    confidence: 0.6,
    hidesNetworkCause: true,
    match: [{ fields: { code: ['P1001'] } }, { message: /Can't reach database server at `?(?<host>[^`:\s]+)`?:`?(?<port>\d+)`?/i }],
    rootCause: "The database server at {target} can't be reached (Prisma does not say why: server down, firewall, DNS or IPv6-only host)",
    fixes: ['start-server', 'check-reachability', 'ipv6-pooler'],
  },
  {
    id: 'prisma.P1002',
    providers: SQL,
    category: 'timeout',
    confidence: 0.9,
    match: [{ fields: { code: ['P1002', 'P1008', 'P2034'] } }, { message: /was reached but timed out|Operations timed out after/i }],
    rootCause: 'The database server at {target} was reached but did not answer in time',
    fixes: ['raise-timeout', 'check-reachability'],
  },
  {
    id: 'prisma.P1003',
    providers: SQL,
    category: 'database_not_found',
    confidence: 0.95,
    match: [{ fields: { code: ['P1003'] } }, { message: /Database `?(?<db>[^`\s]+)`? does not exist(?: at| on)/i }],
    rootCause: 'The database {db} does not exist on {target}',
    fixes: ['create-database'],
  },
  {
    id: 'prisma.P1010',
    providers: SQL,
    category: 'permission_denied',
    confidence: 0.92,
    match: [{ fields: { code: ['P1010'] } }, { message: /User `?(?<user>[^`\s]*)`? was denied access on the database/i }],
    rootCause: 'User {user} was denied access to database {database}',
    fixes: ['grant-privileges'],
  },
  {
    id: 'prisma.P1011',
    providers: SQL,
    category: 'ssl_certificate',
    confidence: 0.7,
    match: [{ fields: { code: ['P1011'] } }, { message: /Error opening a TLS connection/i }],
    rootCause: 'The TLS connection to {target} could not be opened: {m}',
    fixes: ['ca-file', 'allow-self-signed'],
  },
  {
    id: 'prisma.P1013',
    providers: SQL,
    category: 'invalid_config',
    confidence: 0.93,
    match: [
      { fields: { code: ['P1013', 'P1012'] } },
      {
        message:
          /The provided database string is invalid|invalid port number in database URL|Environment variable not found: \w+|the URL must start with the protocol/i,
      },
    ],
    rootCause: 'The database URL is malformed or missing: {m}',
    fixes: ['fix-url', 'url-encode-password'],
  },
  {
    id: 'prisma.P1017',
    providers: SQL,
    category: 'connection_reset',
    confidence: 0.85,
    match: [{ fields: { code: ['P1017'] } }, { message: /Server has closed the connection/i }],
    rootCause: 'The database server at {target} closed the connection',
    fixes: ['retry-later', 'check-proxy'],
  },
  {
    id: 'prisma.P2024',
    providers: SQL,
    category: 'pool_exhausted',
    confidence: 0.94,
    match: [{ fields: { code: ['P2024'] } }, { message: /Timed out fetching a (?:new )?connection from the (?:connection )?pool/i }],
    rootCause: "Prisma's connection pool had no free connection in time (connection_limit / pool_timeout)",
    fixes: ['pool-size', 'close-connections'],
  },
  {
    id: 'prisma.P2021',
    providers: SQL,
    category: 'schema_missing',
    confidence: 0.94,
    match: [
      { fields: { code: ['P2021', 'P2022', 'P1014'] } },
      {
        message:
          /The table `?(?<table>[^`\s]+)`? does not exist in the current database|The column `[^`]*` does not exist|The underlying table for model/i,
      },
    ],
    rootCause: 'The table {table} does not exist: run the migrations',
    fixes: ['run-migrations'],
  },
  {
    id: 'prisma.P2037',
    providers: SQL,
    category: 'too_many_connections',
    confidence: 0.93,
    match: [{ fields: { code: ['P2037'] } }, { message: /Too many database connections opened/i }],
    rootCause: '{target} reached its connection limit',
    fixes: ['close-connections', 'use-pooler'],
  },
  {
    id: 'sequelize.refused',
    providers: SQL,
    category: 'conn_refused',
    confidence: 0.85,
    hidesNetworkCause: true,
    match: [{ fields: { name: /^SequelizeConnectionRefusedError$/ } }],
    rootCause: 'Nothing accepts connections at {target}',
    fixes: ['start-server', 'check-port'],
  },
  {
    id: 'sequelize.host-not-found',
    providers: SQL,
    category: 'dns_failure',
    confidence: 0.9,
    match: [{ fields: { name: /^SequelizeHostNotFoundError$/ } }],
    rootCause: 'The host name {host} does not resolve',
    fixes: ['check-hostname', 'check-dns'],
  },
  {
    id: 'sequelize.unreachable',
    providers: SQL,
    category: 'network_unreachable',
    confidence: 0.88,
    match: [{ fields: { name: /^SequelizeHostNotReachableError$/ } }],
    rootCause: 'There is no network route to {target}',
    fixes: ['check-route'],
  },
  {
    id: 'sequelize.access-denied',
    providers: SQL,
    category: 'auth_failed',
    confidence: 0.8,
    match: [{ fields: { name: /^SequelizeAccessDeniedError$/ } }],
    rootCause: 'The server denied access: {m}',
    fixes: ['check-password', 'check-user'],
  },
  {
    id: 'orm.pool',
    providers: SQL,
    category: 'pool_exhausted',
    confidence: 0.92,
    match: [
      { fields: { name: /^(?:SequelizeConnectionAcquireTimeoutError|KnexTimeoutError|TimeoutError)$/ }, message: /acquir|pool/i },
      {
        message:
          /Knex: Timeout acquiring a connection\. The pool is probably full|Operation timeout\. Unable to acquire a connection|ConnectionAcquireTimeoutError|ResourceRequest timed out|pool is probably full/i,
      },
    ],
    rootCause: "The ORM's connection pool had no free connection in time (pool full, or connections not released)",
    fixes: ['pool-size', 'close-connections'],
  },
  {
    id: 'http.429',
    providers: 'any',
    category: 'quota_exceeded',
    confidence: 0.85,
    match: [{ fields: { status: [429] } }, { message: /\b429\b.*Too Many Requests|Too Many Requests/i, confidence: 0.8 }],
    rootCause: 'The service rate-limited the request (HTTP 429)',
    fixes: ['wait-quota'],
  },
  {
    id: 'http.503',
    providers: 'any',
    category: 'server_unavailable',
    confidence: 0.75,
    transient: true,
    match: [{ fields: { status: [503, 502] } }],
    rootCause: 'The service at {target} is not serving (HTTP {status})',
    fixes: ['retry-later'],
  },
];
