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
          /Could not find the (?:table|function|relation|'[^']*' column) .*in the schema cache|Could not find a relationship between|Could not find the '(?<col>[^']*)' column|Could not find the \w+ column of \S+ in the schema cache|The schema must be one of the following|Invalid schema/i,
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
      { fields: { code: ['PGRST301', 'bad_jwt', 'unexpected_audience'] } },
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
    // Supabase Auth (GoTrue) error codes for a request that ran out of time or failed inside the service.
    id: 'supabase.auth-timeout',
    providers: SB,
    category: 'timeout',
    confidence: 0.86,
    match: [
      { fields: { code: ['request_timeout', 'hook_timeout', 'hook_timeout_after_retry'] } },
      { message: /Processing this request timed out/i },
    ],
    rootCause: 'Supabase Auth did not finish the request in time (or an auth hook did not answer): {m}',
    fixes: ['retry-later'],
    transient: true,
  },
  {
    id: 'supabase.auth-unexpected',
    providers: SB,
    category: 'server_unavailable',
    confidence: 0.7,
    match: [{ fields: { code: ['unexpected_failure'] } }],
    rootCause: 'Supabase Auth is degraded or failed without a specific reason: {m}',
    fixes: ['retry-later', 'check-server-logs'],
    transient: true,
  },
  {
    id: 'supabase.pgrst300',
    providers: SB,
    category: 'invalid_config',
    confidence: 0.92,
    match: [{ fields: { code: ['PGRST300'] } }, { message: /Server lacks JWT secret/i }],
    rootCause: 'PostgREST has no JWT secret configured (jwt-secret / PGRST_JWT_SECRET), so it cannot verify any key',
    fixes: ['check-api-key', 'check-server-logs'],
  },
  {
    // Supavisor's documented pooler errors (docs: guides/database/supavisor, troubleshooting).
    id: 'supabase.supavisor-auth-state',
    providers: SB,
    category: 'auth_failed',
    confidence: 0.82,
    match: [{ message: /Connection closed when state was authentication/i }],
    rootCause:
      'Supavisor closed the connection during authentication: wrong password or user name (postgres.<project-ref>), or a database that does not exist',
    fixes: ['supabase-pooler-user', 'check-password'],
  },
  {
    id: 'supabase.supavisor-worker',
    providers: SB,
    category: 'server_unavailable',
    confidence: 0.82,
    match: [{ message: /\{:error, :worker_not_found\}|\bworker_not_found\b/ }],
    rootCause: 'Supavisor has no route to this project yet (project information still propagating, or the project is restarting)',
    fixes: ['retry-later', 'restore-project'],
    transient: true,
  },
  {
    id: 'supabase.supavisor-rpc-timeout',
    providers: SB,
    category: 'timeout',
    confidence: 0.82,
    match: [{ message: /\{:erpc, :timeout\}|\{:badrpc, :timeout\}/ }],
    rootCause: 'Supavisor nodes did not answer each other in time; retry the connection',
    fixes: ['retry-later'],
    transient: true,
  },
  {
    id: 'supabase.supavisor-upstream-unreachable',
    providers: SB,
    category: 'network_unreachable',
    confidence: 0.84,
    match: [{ message: /Connection failed \{:error, :(?:eaddrnotavail|ehostunreach|enetunreach)\}/ }],
    rootCause: 'Supavisor cannot reach the project database over the network (address not available or no route): {m}',
    fixes: ['restore-project', 'retry-later'],
  },
  {
    // The Supabase CLI runs the local stack in Docker (internal/utils/docker.go, internal/start).
    id: 'supabase.cli-docker',
    providers: SB,
    category: 'server_unavailable',
    confidence: 0.86,
    match: [
      {
        message:
          /Cannot connect to the Docker daemon|Is the docker daemon running\?|docker daemon is not running|error during connect:[^\n]{0,120}docker_engine|Docker Desktop is a prerequisite for local development/i,
      },
    ],
    rootCause: 'The local Supabase stack runs in Docker, and the Docker daemon is not running or not reachable from this user',
    fixes: ['start-server', 'check-server-logs'],
  },
  {
    id: 'supabase.cli-unhealthy',
    providers: SB,
    category: 'server_unavailable',
    confidence: 0.84,
    match: [
      {
        message:
          /Database is not healthy|container is not ready: unhealthy|supabase start is not running|failed to inspect container health|supabase_\w+ container is not (?:running|ready)/i,
      },
    ],
    rootCause: 'The local Supabase database container is not running or not healthy yet: {m}',
    fixes: ['wait-startup', 'check-server-logs'],
    transient: true,
  },
  // Supabase Storage's ErrorCode enum (supabase/storage src/internal/errors/codes.ts; docs guides/storage/debugging/error-codes),
  // returned as the body's `code` (or legacy `error`) next to statusCode.
  ...(
    [
      ['NoSuchBucket', 'schema_missing', 'The Storage bucket does not exist (or this key cannot see it)', ['run-migrations', 'rls-policy']],
      [
        'TenantNotFound',
        'project_unavailable',
        'Supabase Storage or Realtime has no such project (paused, deleted, or a wrong project URL)',
        ['restore-project', 'fix-url'],
      ],
      ['InvalidJWT', 'api_key_invalid', 'Storage could not verify the key or user token it was sent', ['check-api-key', 'refresh-session']],
      ['ExpiredToken', 'jwt_expired', "The user's token (or the signed URL) has expired", ['refresh-session']],
      [
        'AccessDenied',
        'permission_denied',
        'Storage refused the operation for this role (bucket policies / RLS on storage.objects)',
        ['rls-policy'],
      ],
      [
        'DatabaseTimeout',
        'timeout',
        "Storage's query to the project database did not finish in time",
        ['retry-later', 'statement-timeout'],
      ],
      ['LockTimeout', 'timeout', 'Storage waited too long for a lock on the object', ['retry-later']],
      ['DatabaseReadOnly', 'read_only', 'The project database is in read-only mode (often: disk full)', ['free-disk', 'check-server-logs']],
      ['SlowDown', 'quota_exceeded', 'Storage is rate-limiting this project', ['wait-quota']],
    ] as const
  ).map(([code, category, cause, fixes]): Pattern => ({
    id: `supabase.storage-${code}`,
    providers: SB,
    category,
    // InvalidJWT covers every failed check of the token; its message (`"exp" claim timestamp check failed`) says which, and wins.
    confidence: code === 'InvalidJWT' ? 0.78 : 0.86,
    match: [{ fields: { code: [code] } }, { message: new RegExp(`(?:"(?:code|error)"\\s*:\\s*"|\\b)${code}\\b`) }],
    rootCause: `${cause}: {m}`,
    fixes: [...fixes],
  })),
  // Supabase Realtime's operational error codes (supabase/realtime ERROR_CODES.md; docs guides/realtime/error_codes).
  ...(
    [
      ['RealtimeDisabledForTenant', 'project_unavailable', 'Realtime is disabled for this project', ['restore-project']],
      ['MissingAPIKey', 'credentials_missing', 'The Realtime connection carried no API key (apikey parameter or header)', ['set-api-key']],
      ['ChannelRateLimitReached', 'quota_exceeded', 'The project reached its Realtime channel limit', ['wait-quota']],
      [
        'ConnectionRateLimitReached',
        'quota_exceeded',
        'The project reached its Realtime concurrent-connection limit',
        ['wait-quota', 'close-connections'],
      ],
      ['ClientJoinRateLimitReached', 'quota_exceeded', 'Clients join channels faster than the project limit', ['wait-quota']],
      [
        'MessagePerSecondRateLimitReached',
        'quota_exceeded',
        'Clients send more messages per second than the project limit',
        ['wait-quota'],
      ],
      [
        'DatabaseConnectionRateLimitReached',
        'quota_exceeded',
        'Realtime is limiting how often it connects to the project database',
        ['wait-quota'],
      ],
      ['TooManyConnectAttempts', 'quota_exceeded', 'Realtime restricted its attempts to connect to the project database', ['wait-quota']],
      [
        'DatabaseLackOfConnections',
        'too_many_connections',
        'Realtime found no free connection slot on the project database',
        ['close-connections', 'use-pooler'],
      ],
      [
        'UnableCheckoutConnection',
        'pool_exhausted',
        'Realtime could not check out a connection from its pool to the project database',
        ['pool-size', 'retry-later'],
      ],
      [
        'UnableToConnectToTenantDatabase',
        'server_unavailable',
        'Realtime could not connect to the project database',
        ['restore-project', 'retry-later'],
      ],
      [
        'DatabaseConnectionIssue',
        'server_unavailable',
        'Realtime could not establish its connection to the project database',
        ['restore-project', 'retry-later'],
      ],
      [
        'ConnectionInitializing',
        'server_unavailable',
        'Realtime is still opening its connection to the project database',
        ['wait-startup'],
      ],
    ] as const
  ).map(([code, category, cause, fixes]): Pattern => ({
    id: `supabase.realtime-${code}`,
    providers: SB,
    category,
    confidence: 0.84,
    transient: category === 'server_unavailable' || category === 'quota_exceeded' || undefined,
    match: [{ fields: { code: [code] } }, { message: new RegExp(`\\b${code}\\b`) }],
    rootCause: `${cause}: {m}`,
    fixes: [...fixes],
  })),
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
