/**
 * The two public category contracts (../shared/spec/error-categories.md and
 * ../shared/spec/config-finding-categories.md). These ids are fixed: renaming
 * one is a breaking change for the CLI's JSON, stored history and feedback.
 */

export const ERROR_CATEGORIES = [
  'conn_refused',
  'dns_failure',
  'network_unreachable',
  'timeout',
  'connection_reset',
  'auth_failed',
  'auth_method_unsupported',
  'host_not_allowed',
  'ssl_required',
  'ssl_unsupported',
  'ssl_certificate',
  'database_not_found',
  'schema_missing',
  'permission_denied',
  'too_many_connections',
  'pool_exhausted',
  'server_unavailable',
  'read_only',
  'disk_full',
  'invalid_config',
  'credentials_missing',
  'credentials_invalid',
  'clock_skew',
  'api_key_invalid',
  'jwt_expired',
  'quota_exceeded',
  'project_unavailable',
  'unknown',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export function isErrorCategory(value: unknown): value is ErrorCategory {
  return typeof value === 'string' && (ERROR_CATEGORIES as readonly string[]).includes(value);
}

export const FINDING_CATEGORIES = [
  'plaintext_secret',
  'secret_file_not_ignored',
  'tls_disabled',
  'weak_password',
  'superuser_account',
  'client_exposed_secret',
  'key_project_mismatch',
  'expired_credential',
  'pooler_misconfig',
  'credentials_file_missing',
  'insecure_auth_mode',
  'public_port_binding',
  'malformed_connection_string',
  'dotenv_syntax',
  'known_token',
  'missing_timeout',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export function isFindingCategory(value: unknown): value is FindingCategory {
  return typeof value === 'string' && (FINDING_CATEGORIES as readonly string[]).includes(value);
}

export const PROVIDERS = ['postgres', 'mysql', 'mongodb', 'firebase', 'supabase'] as const;
export type Provider = (typeof PROVIDERS)[number];

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}
