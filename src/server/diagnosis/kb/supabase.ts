/**
 * Supabase: PostgREST error codes (PGRST0xx connection, PGRST1xx request,
 * PGRST2xx schema cache, PGRST3xx JWT), the API gateway's key errors
 * ("Invalid API key", "No API key found in request"), GoTrue (auth-js)
 * error codes (invalid_credentials, session_expired, over_request_rate_limit ...),
 * supabase-js' own errors, and Supavisor pooler errors. Database errors reached
 * through PostgREST carry SQLSTATEs and are matched by ./postgres.ts too.
 */
import type { Pattern } from './types';

const SB = ['supabase'] as const;

export const SUPABASE_PATTERNS: readonly Pattern[] = [
  {
    id: 'supabase.pgrst-db-unreachable',
    providers: SB,
    category: 'server_unavailable',
    confidence: 0.85,
    match: [
      // The code is PostgREST's own verdict; a libpq "Connection refused" in its `details` is about the API's
      // link to its database, not the client's to the API, so the code outranks the network patterns.
      { fields: { code: ['PGRST000', 'PGRST001', 'PGRST002'] }, confidence: 0.97 },
      {
        message:
          /Could not connect with the database|Database client error|Could not query the database for the schema cache|schema cache .* (?:loading|retrying)/i,
      },
    ],
    rootCause: 'The Supabase API is up but cannot reach its database (restarting, paused, or overloaded): {m}',
    fixes: ['retry-later', 'restore-project'],
    transient: true,
  },
  {
    id: 'supabase.pgrst003',
    providers: SB,
    category: 'pool_exhausted',
    confidence: 0.92,
    match: [{ fields: { code: ['PGRST003'] } }, { message: /Timed out acquiring connection from connection pool/i }],
    rootCause: "PostgREST's connection pool to the database had no free connection in time (long queries or too small db-pool)",
    fixes: ['pool-size', 'statement-timeout'],
  },
  {
    id: 'supabase.pgrst-schema-cache',
    providers: SB,
    category: 'schema_missing',
    confidence: 0.94,
    match: [
      { fields: { code: ['PGRST200', 'PGRST201', 'PGRST202', 'PGRST203', 'PGRST204', 'PGRST205', 'PGRST106'] } },
      {
        message:
          /Could not find the (?:table|function|relation|'[^']*' column) .*in the schema cache|Could not find a relationship between|Could not find the '(?<col>[^']*)' column|The schema must be one of the following|Invalid schema/i,
      },
    ],
    rootCause: 'The API does not know this table/function: {m} (not created, not in an exposed schema, or the schema cache is stale)',
    fixes: ['run-migrations', 'reload-schema-cache', 'expose-schema'],
  },
  {
    id: 'supabase.pgrst-jwt-invalid',
    providers: SB,
    category: 'api_key_invalid',
    confidence: 0.93,
    match: [
      { fields: { code: ['PGRST301', 'bad_jwt'] } },
      {
        message:
          /Invalid API key|JWSError|JWSInvalidSignature|No suitable key or wrong key type|Expected \d+ parts in JWT|Wrong number of parts|invalid JWT|JWT (?:is )?invalid|signature (?:is )?invalid|invalid signature|Legacy API keys are disabled|JWT not in audience|Unregistered API key|API key .* (?:disabled|revoked)/i,
      },
    ],
    rootCause: 'The API key (or token) sent to {target} is not valid for this project: {m}',
    fixes: ['check-api-key'],
  },
  {
    id: 'supabase.no-api-key',
    providers: SB,
    category: 'credentials_missing',
    confidence: 0.93,
    match: [
      { fields: { code: ['PGRST302', 'no_authorization'] } },
      {
        message:
          /No API key found in request|No `apikey` request header|supabaseKey is required|Anonymous access is disabled|This endpoint requires a (?:valid )?Bearer token|Auth session missing|No authorization/i,
      },
    ],
    rootCause: 'No API key/token was sent: {m}',
    fixes: ['set-api-key'],
  },
  {
    id: 'supabase.jwt-expired',
    providers: SB,
    category: 'jwt_expired',
    confidence: 0.98,
    match: [
      {
        fields: {
          code: [
            'session_expired',
            'session_not_found',
            'refresh_token_not_found',
            'refresh_token_already_used',
            'otp_expired',
            'flow_state_expired',
          ],
        },
      },
      // PGRST303 is any failed claim check (PostgREST Auth/Jwt.hs: exp, nbf, iat, aud); the text says which.
      { fields: { code: ['PGRST303'] }, confidence: 0.8 },
      {
        message:
          /JWT expired|jwt is expired|token is expired|Token has expired|session[_ ]expired|Invalid Refresh Token|Refresh Token (?:Not Found|Already Used)|Session from session_id claim in JWT does not exist|"exp" claim timestamp check failed/i,
      },
    ],
    rootCause: 'The session or access token has expired: {m}',
    fixes: ['refresh-session', 'sync-clock'],
  },
  {
    id: 'supabase.jwt-time-claims',
    providers: SB,
    category: 'clock_skew',
    confidence: 0.93,
    // PostgREST rejects a token whose iat is later than its clock (plus leeway) or whose nbf has not come.
    match: [{ message: /JWT issued at future|JWT not yet valid/i }],
    rootCause:
      "The token's issue time is in the future for the API at {target}: the clock of the machine that issued it (or of the server) is off: {m}",
    fixes: ['sync-clock', 'refresh-session'],
  },
  {
    id: 'supabase.auth-credentials',
    providers: SB,
    category: 'auth_failed',
    confidence: 0.92,
    match: [
      { fields: { code: ['invalid_credentials', 'user_not_found', 'email_not_confirmed', 'phone_not_confirmed', 'user_banned'] } },
      // Not Supavisor's "Tenant or user not found" (supabase.pooler-tenant below).
      { message: /Invalid login credentials|Email not confirmed|(?<!tenant or )User not found|User is banned/i },
    ],
    rootCause: 'Supabase Auth rejected the sign-in: {m}',
    fixes: ['check-password', 'check-user'],
  },
  {
    id: 'supabase.auth-permission',
    providers: SB,
    category: 'permission_denied',
    confidence: 0.9,
    match: [
      {
        fields: {
          code: [
            'not_admin',
            'insufficient_aal',
            'email_address_not_authorized',
            'signup_disabled',
            'provider_disabled',
            'email_provider_disabled',
          ],
        },
      },
      { message: /User not allowed|not_admin|Signups not allowed|This endpoint requires a service_role|insufficient_aal/i },
    ],
    rootCause: 'The key or session is valid but not allowed to do this: {m}',
    fixes: ['grant-privileges', 'rls-policy'],
  },
  {
    id: 'supabase.rate-limit',
    providers: SB,
    category: 'quota_exceeded',
    confidence: 0.94,
    match: [
      { fields: { code: ['over_request_rate_limit', 'over_email_send_rate_limit', 'over_sms_send_rate_limit', 'too_many_requests'] } },
      { fields: { status: [429] } },
      // GoTrue's over_*_rate_limit codes, also as client libraries name them (supabase-kt: OverEmailSendRateLimit).
      {
        message:
          /rate limit exceeded|Too Many Requests|\bover_[a-z_]*rate_limit\b|\bOver[A-Za-z]*RateLimit\b|quota exceeded|exceeded .* quota|Request rate limit reached/i,
      },
    ],
    rootCause: 'A Supabase rate limit or plan quota was hit: {m}',
    fixes: ['wait-quota'],
  },
  {
    id: 'supabase.paused',
    providers: SB,
    category: 'project_unavailable',
    confidence: 0.93,
    match: [
      {
        message:
          /project (?:is )?(?:paused|inactive|suspended|deleted|restoring|not found)|Project not specified|project ref .* not found|has been paused|Tenant or project not found|This project (?:is|was) (?:paused|removed)/i,
      },
      { fields: { status: [540] } },
    ],
    rootCause: 'The Supabase project {host} is paused, removed or does not exist',
    fixes: ['restore-project'],
  },
  {
    id: 'supabase.client-config',
    providers: SB,
    category: 'invalid_config',
    confidence: 0.95,
    match: [{ message: /supabaseUrl is required|Invalid supabaseUrl|Must be a valid HTTP or HTTPS URL/i }],
    rootCause: 'The Supabase project URL is missing or malformed: {m}',
    fixes: ['fix-url'],
  },
  {
    id: 'supabase.pooler-tenant',
    providers: SB,
    category: 'auth_failed',
    confidence: 0.88,
    match: [{ message: /Tenant or user not found|tenant\/user \S+ not found|ENOTFOUND\) tenant/i }],
    rootCause:
      "The Supavisor pooler does not know this user/tenant: the pooler user must be postgres.<project-ref> and the host must be your project region's pooler",
    fixes: ['supabase-pooler-user', 'check-password'],
  },
  {
    id: 'supabase.pooler-max-clients',
    providers: SB,
    category: 'too_many_connections',
    confidence: 0.92,
    match: [
      { message: /max clients reached|MaxClientsInSessionMode|Max client connections reached|EMAXCONN|too many (?:client )?connections/i },
    ],
    rootCause: 'The Supavisor pooler reached its client limit (session mode is limited to pool_size)',
    fixes: ['use-pooler', 'close-connections', 'pooler-prepared'],
  },
  {
    id: 'supabase.http-401',
    providers: SB,
    category: 'api_key_invalid',
    confidence: 0.75,
    match: [{ fields: { status: [401] } }],
    rootCause: 'The Supabase API answered 401 Unauthorized: the key/token is not accepted for this project',
    fixes: ['check-api-key', 'refresh-session'],
  },
  {
    id: 'supabase.http-403',
    providers: SB,
    category: 'permission_denied',
    confidence: 0.7,
    match: [{ fields: { status: [403] } }],
    rootCause: 'The Supabase API answered 403 Forbidden: {m}',
    fixes: ['rls-policy', 'grant-privileges'],
  },
  {
    id: 'supabase.http-5xx',
    providers: SB,
    category: 'server_unavailable',
    confidence: 0.75,
    transient: true,
    match: [
      { fields: { status: [502, 503, 520, 521, 523, 525, 530] } },
      {
        message:
          /\b(?:502 Bad Gateway|503 Service (?:Temporarily )?Unavailable|Service Unavailable|upstream connect error|no healthy upstream|Bad Gateway)\b/i,
        confidence: 0.72,
      },
    ],
    rootCause: 'The Supabase API at {target} is not serving (HTTP {status}): restarting, overloaded or unreachable upstream',
    fixes: ['retry-later', 'restore-project'],
  },
  {
    id: 'supabase.http-504',
    providers: SB,
    category: 'timeout',
    confidence: 0.8,
    match: [
      { fields: { status: [504, 522, 524, 408] } },
      { message: /Gateway Time-?out|upstream request timeout|request_timeout|hook_timeout/i, confidence: 0.8 },
    ],
    rootCause: 'The Supabase API at {target} did not answer in time (HTTP {status})',
    fixes: ['statement-timeout', 'retry-later'],
  },
  {
    id: 'supabase.http-404',
    providers: SB,
    category: 'schema_missing',
    confidence: 0.5,
    match: [{ fields: { status: [404] } }],
    rootCause: 'The Supabase API answered 404 for this path: the table/function or the endpoint does not exist',
    fixes: ['run-migrations', 'fix-url'],
  },
];
