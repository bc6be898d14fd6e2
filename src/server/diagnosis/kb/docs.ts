/** Provider documentation links per category (fallback: the provider's connection troubleshooting page). */
import type { ErrorCategory, Provider } from '../../../shared/categories';

const BASE: Record<Provider, string> = {
  postgres: 'https://www.postgresql.org/docs/current/runtime-config-connection.html',
  mysql: 'https://dev.mysql.com/doc/refman/8.4/en/problems-connecting.html',
  mongodb: 'https://www.mongodb.com/docs/drivers/node/current/connect/connection-troubleshooting/',
  firebase: 'https://firebase.google.com/docs/admin/setup',
  supabase: 'https://supabase.com/docs/guides/database/connecting-to-postgres',
};

const BY_CATEGORY: Partial<Record<Provider, Partial<Record<ErrorCategory, string>>>> = {
  postgres: {
    auth_failed: 'https://www.postgresql.org/docs/current/auth-password.html',
    auth_method_unsupported: 'https://www.postgresql.org/docs/current/auth-password.html',
    host_not_allowed: 'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
    ssl_required: 'https://www.postgresql.org/docs/current/libpq-ssl.html',
    ssl_unsupported: 'https://www.postgresql.org/docs/current/ssl-tcp.html',
    ssl_certificate: 'https://www.postgresql.org/docs/current/libpq-ssl.html',
    too_many_connections: 'https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS',
    server_unavailable: 'https://www.postgresql.org/docs/current/server-start.html',
    read_only: 'https://www.postgresql.org/docs/current/hot-standby.html',
    disk_full: 'https://www.postgresql.org/docs/current/disk-full.html',
    permission_denied: 'https://www.postgresql.org/docs/current/ddl-priv.html',
    database_not_found: 'https://www.postgresql.org/docs/current/manage-ag-createdb.html',
    schema_missing: 'https://www.postgresql.org/docs/current/ddl-schemas.html',
    pool_exhausted: 'https://node-postgres.com/apis/pool',
    timeout: 'https://node-postgres.com/apis/client',
  },
  mysql: {
    auth_failed: 'https://dev.mysql.com/doc/refman/8.4/en/problems-connecting.html',
    auth_method_unsupported: 'https://dev.mysql.com/doc/refman/8.4/en/caching-sha2-pluggable-authentication.html',
    host_not_allowed: 'https://dev.mysql.com/doc/refman/8.4/en/account-names.html',
    ssl_required: 'https://dev.mysql.com/doc/refman/8.4/en/using-encrypted-connections.html',
    ssl_unsupported: 'https://dev.mysql.com/doc/refman/8.4/en/using-encrypted-connections.html',
    ssl_certificate: 'https://dev.mysql.com/doc/refman/8.4/en/using-encrypted-connections.html',
    too_many_connections: 'https://dev.mysql.com/doc/refman/8.4/en/too-many-connections.html',
    connection_reset: 'https://dev.mysql.com/doc/refman/8.4/en/gone-away.html',
    read_only: 'https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html#sysvar_read_only',
    disk_full: 'https://dev.mysql.com/doc/refman/8.4/en/full-disk.html',
    pool_exhausted: 'https://sidorares.github.io/node-mysql2/docs#using-connection-pools',
  },
  mongodb: {
    auth_failed: 'https://www.mongodb.com/docs/drivers/node/current/connect/connection-troubleshooting/#authentication-error',
    host_not_allowed: 'https://www.mongodb.com/docs/atlas/security/ip-access-list/',
    dns_failure: 'https://www.mongodb.com/docs/manual/reference/connection-string/#srv-connection-format',
    pool_exhausted: 'https://www.mongodb.com/docs/drivers/node/current/connect/connection-options/connection-pools/',
    invalid_config: 'https://www.mongodb.com/docs/manual/reference/connection-string/',
    read_only: 'https://www.mongodb.com/docs/manual/core/replica-set-elections/',
    server_unavailable: 'https://www.mongodb.com/docs/manual/core/replica-set-elections/',
    permission_denied: 'https://www.mongodb.com/docs/manual/reference/built-in-roles/',
  },
  firebase: {
    credentials_missing: 'https://cloud.google.com/docs/authentication/application-default-credentials',
    credentials_invalid: 'https://firebase.google.com/docs/admin/setup#initialize_the_sdk_in_non-google_environments',
    clock_skew: 'https://firebase.google.com/docs/admin/setup',
    permission_denied: 'https://firebase.google.com/docs/firestore/security/get-started',
    quota_exceeded: 'https://firebase.google.com/docs/firestore/quotas',
    project_unavailable: 'https://firebase.google.com/docs/firestore/quickstart',
    api_key_invalid: 'https://firebase.google.com/docs/projects/api-keys',
  },
  supabase: {
    api_key_invalid: 'https://supabase.com/docs/guides/api/api-keys',
    credentials_missing: 'https://supabase.com/docs/guides/api/api-keys',
    jwt_expired: 'https://supabase.com/docs/guides/auth/sessions',
    schema_missing: 'https://docs.postgrest.org/en/stable/references/errors.html',
    permission_denied: 'https://supabase.com/docs/guides/database/postgres/row-level-security',
    project_unavailable: 'https://supabase.com/docs/guides/platform/upgrading#pausing-projects',
    quota_exceeded: 'https://supabase.com/docs/guides/platform/rate-limits',
    network_unreachable: 'https://supabase.com/docs/guides/platform/ipv4-address',
    too_many_connections: 'https://supabase.com/docs/guides/database/connection-management',
    pool_exhausted: 'https://supabase.com/docs/guides/database/connection-management',
    server_unavailable: 'https://docs.postgrest.org/en/stable/references/errors.html',
    auth_failed: 'https://supabase.com/docs/guides/database/connecting-to-postgres#connection-pooler',
  },
};

export function docsUrlFor(provider: Provider, category: ErrorCategory): string {
  return BY_CATEGORY[provider]?.[category] ?? BASE[provider];
}
