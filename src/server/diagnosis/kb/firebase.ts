/**
 * Firebase (firebase-admin): FirebaseAppError / FirebaseAuthError codes
 * (lib/utils/error.js: app/invalid-credential, auth/project-not-found ...),
 * google-auth-library's messages (NO_ADC_FOUND, invalid_grant), Firestore's
 * gRPC statuses (google-gax: 7 PERMISSION_DENIED, 5 NOT_FOUND, 8 RESOURCE_EXHAUSTED,
 * 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED, 16 UNAUTHENTICATED) and the Realtime
 * Database's texts.
 */
import type { Pattern } from './types';

const FB = ['firebase'] as const;

export const FIREBASE_PATTERNS: readonly Pattern[] = [
  {
    id: 'firebase.clock-skew',
    providers: FB,
    category: 'clock_skew',
    confidence: 0.95,
    match: [
      {
        message:
          /Token must be a short-lived token|in a reasonable timeframe|Check your iat and exp values|token used too (?:early|late)|iat.*in the future|clock skew/i,
      },
    ],
    rootCause: "Google rejected the service account's signed token because this machine's clock is off",
    fixes: ['sync-clock'],
  },
  {
    id: 'firebase.invalid-grant',
    providers: FB,
    category: 'credentials_invalid',
    confidence: 0.9,
    match: [
      {
        message:
          /invalid_grant.*(?:Invalid JWT Signature|account not found|Invalid grant: account not found|Not a valid email or user ID|invalid_client)|Invalid JWT Signature|invalid_client|unauthorized_client|The OAuth client was (?:not found|deleted|disabled)|Could not deserialize key data|DECODER routines|error:1E08010C/i,
      },
    ],
    rootCause: 'The service-account key is present but Google rejects it (revoked or deleted key, or deleted service account)',
    fixes: ['new-service-account-key', 'sync-clock'],
  },
  {
    id: 'firebase.invalid-grant-ambiguous',
    providers: FB,
    category: 'credentials_invalid',
    confidence: 0.7,
    match: [{ message: /\binvalid_grant\b/i }],
    rootCause: "Google rejected the service-account credential (invalid_grant): the key was revoked, or this machine's clock is off",
    fixes: ['new-service-account-key', 'sync-clock'],
  },
  {
    id: 'firebase.bad-key-json',
    providers: FB,
    category: 'credentials_invalid',
    confidence: 0.94,
    match: [
      {
        message:
          /Failed to parse private key|Invalid PEM formatted message|Service account object must contain a string "\w+" property|Failed to parse service account json file|Failed to parse (?:service account|certificate) (?:json|key)|(?:credential|service account|key file|certificate|GOOGLE_APPLICATION_CREDENTIALS)[^\n]{0,80}Unexpected token [^\n]{0,40} in JSON|The incoming JSON object does not contain a client_email field|must be a non-empty string|private_key .* invalid|PEM_read_bio|error:0[0-9A-F]{7}:PEM routines|error:1E08010C/i,
      },
    ],
    rootCause: 'The service-account credential is present but unusable: {m}',
    fixes: ['new-service-account-key'],
  },
  {
    id: 'firebase.no-credentials',
    providers: FB,
    category: 'credentials_missing',
    confidence: 0.94,
    match: [
      {
        message:
          /Could not load the default credentials|Unable to find credentials in current environment|Unable to (?:detect|determine) (?:a |the )?(?:Firebase |Google Cloud )?Project ?Id(?: in the current environment)?|Failed to read credentials from file|GOOGLE_APPLICATION_CREDENTIALS .* (?:not set|does not exist|no such file)|Application Default Credentials are not available|Could not automatically determine credentials|Failed to (?:determine service account|load credentials)|The file at \S+ does not exist, or it is not a file|credentials? (?:are|is) (?:missing|required|not (?:provided|found))/i,
      },
      { message: /metadata\.google\.internal|169\.254\.169\.254/i, confidence: 0.97 },
      { message: /Failed to (?:parse|read|load) .*(?:ENOENT|no such file or directory|does not exist)/i, confidence: 0.97 },
    ],
    rootCause:
      'No Google credentials were found (GOOGLE_APPLICATION_CREDENTIALS unset or pointing nowhere, and no service account configured)',
    fixes: ['set-gac'],
  },
  {
    id: 'firebase.app-credential',
    providers: FB,
    category: 'credentials_invalid',
    confidence: 0.7,
    match: [
      {
        fields: {
          code: [
            'app/invalid-credential',
            'auth/invalid-credential',
            'invalid-credential',
            'messaging/mismatched-credential',
            'messaging/authentication-error',
            'messaging/third-party-auth-error',
            'firestore/invalid-credential',
          ],
        },
      },
      // firebase-admin's wrapper around any failure of the credential's token fetch (the cause, when
      // quoted after it, is matched by the network/credential patterns and ranks higher).
      {
        message:
          /Credential implementation provided to initializeApp\(\) via the \\?"credential\\?" property failed to fetch a valid Google OAuth2 access token/i,
        confidence: 0.65,
      },
      { message: /Failed to initialize Google Cloud Firestore client with the available credentials/i },
      // FCM v1 SENDER_ID_MISMATCH and the legacy API's MismatchSenderId (firebase-admin messaging-errors-internal.ts
      // maps both to messaging/mismatched-credential): the credential belongs to another project than the token.
      { message: /SenderId mismatch|\bMismatchSenderId\b|\bSENDER_ID_MISMATCH\b/i, confidence: 0.85 },
    ],
    rootCause: 'The credential given to initializeApp() cannot produce an access token: {m}',
    fixes: ['new-service-account-key', 'set-gac'],
  },
  {
    id: 'firebase.project-id',
    providers: FB,
    category: 'invalid_config',
    confidence: 0.85,
    match: [
      {
        fields: {
          code: [
            'app/no-app',
            'app/invalid-app-options',
            'app/duplicate-app',
            'app/invalid-app-name',
            'app/invalid-argument',
            'auth/argument-error',
            'auth/invalid-config',
            'auth/invalid-project-id',
            'auth/missing-config',
            'database/invalid-argument',
            'firestore/invalid-argument',
            'storage/no-default-bucket',
            'auth/configuration-not-found',
            'storage/invalid-default-bucket',
          ],
        },
      },
      {
        message:
          /Failed to determine project ID|The default Firebase app does not exist|No Firebase App '[^'\n]{1,40}' has been created|The \[?\[DEFAULT\]\]? firebase app has not been initiali[sz]ed|Can't determine Firebase Database URL|FIREBASE FATAL ERROR|Invalid Firebase app options|project[_ ]?id .* (?:must|invalid|required)|Invalid project id|Cannot parse Firebase url|Database URL .* invalid|Firebase app named .* already exists/i,
      },
    ],
    rootCause: 'The Firebase app is not set up correctly: {m}',
    fixes: ['firebase-init', 'firebase-database-url'],
  },
  {
    id: 'firebase.permission',
    providers: FB,
    category: 'permission_denied',
    confidence: 0.92,
    match: [
      { fields: { num: [7] }, confidence: 0.88 },
      { fields: { codeName: ['PERMISSION_DENIED'] }, confidence: 0.88 },
      {
        fields: {
          code: [
            'auth/insufficient-permission',
            'permission-denied',
            'PERMISSION_DENIED',
            'firestore/permission-denied',
            'database/permission-denied',
            'storage/unauthorized',
            'auth/operation-not-allowed',
          ],
        },
      },
      {
        message:
          /PERMISSION_DENIED|Missing or insufficient permissions|Client doesn't have permission to access the desired data|permission_denied|Permission denied|does not have (?:required )?permission|Caller does not have permission|insufficient permission|Permission '[\w.]+' denied on/i,
        confidence: 0.88,
      },
    ],
    rootCause: 'The request is authenticated but not allowed: {m}',
    fixes: ['firestore-rules', 'grant-privileges'],
  },
  {
    id: 'firebase.api-disabled',
    providers: FB,
    category: 'project_unavailable',
    confidence: 0.96,
    match: [
      {
        message:
          /API has not been used in project \S+ before or it is disabled|SERVICE_DISABLED|API .* is disabled|Cloud Firestore API has not been used|API is not enabled for (?:the )?project|is not a (?:Cloud )?Firestore[- ]enabled project|billing (?:is )?not enabled|BILLING_DISABLED/i,
      },
    ],
    rootCause: 'The Firestore/Firebase API is not enabled for this project: {m}',
    fixes: ['enable-api', 'restore-project'],
  },
  {
    id: 'firebase.not-found-database',
    providers: FB,
    category: 'project_unavailable',
    confidence: 0.95,
    match: [
      {
        message:
          /The database \(?\w*\)? does not exist for project|database \(default\) does not exist|Project '?[\w-]+'? (?:not found|does not exist)|project (?:was )?(?:not found|deleted)|Firebase error\. Please ensure that you spelled the name of your Firebase correctly|Requested entity was not found|haven't used Cloud Firestore in this project|Cloud Firestore API is not available for (?:Cloud Datastore projects|Firestore in Datastore Mode)|CONFIGURATION_NOT_FOUND|PROJECT_NOT_FOUND|Repo (?:does not exist|not found)/i,
      },
      { fields: { code: ['auth/project-not-found', 'auth/tenant-not-found', 'app/project-not-found'] } },
    ],
    rootCause: 'The Firebase project or its database does not exist (or is deleted/not created): {m}',
    fixes: ['restore-project', 'enable-api'],
  },
  {
    id: 'firebase.grpc-not-found',
    providers: FB,
    category: 'schema_missing',
    confidence: 0.55,
    match: [{ fields: { num: [5] } }, { fields: { codeName: ['NOT_FOUND'] } }, { message: /\b5 NOT_FOUND: /, confidence: 0.55 }],
    rootCause: 'The document or collection was not found: {m}',
    fixes: ['run-migrations'],
  },
  {
    id: 'firebase.failed-precondition-index',
    providers: FB,
    category: 'schema_missing',
    confidence: 0.8,
    match: [{ message: /The query requires an index|requires an index/i }],
    rootCause: 'The Firestore query needs a composite index that does not exist',
    fixes: ['firestore-index'],
  },
  {
    id: 'firebase.quota',
    providers: FB,
    category: 'quota_exceeded',
    confidence: 0.94,
    match: [
      { fields: { num: [8] } },
      { fields: { codeName: ['RESOURCE_EXHAUSTED'] } },
      // Auth's abuse throttle (TOO_MANY_ATTEMPTS_TRY_LATER on the wire; FirebaseTooManyRequestsException on Android).
      {
        fields: {
          code: [
            'storage/quota-exceeded',
            'auth/quota-exceeded',
            'auth/too-many-requests',
            'messaging/message-rate-exceeded',
            'messaging/device-message-rate-exceeded',
            'messaging/topics-message-rate-exceeded',
            'resource-exhausted',
          ],
        },
      },
      {
        message:
          /RESOURCE_EXHAUSTED|Quota exceeded|quota (?:has been )?exceeded|rate limit|Too many requests|too-many-requests|TooManyRequestsException|TOO_MANY_ATTEMPTS_TRY_LATER|blocked all requests from this device|exceeded the (?:rate|quota)/i,
        confidence: 0.9,
      },
    ],
    rootCause: 'A Firebase/Google Cloud quota or rate limit was hit: {m}',
    fixes: ['wait-quota'],
  },
  {
    id: 'firebase.unavailable',
    providers: FB,
    category: 'server_unavailable',
    confidence: 0.75,
    transient: true,
    match: [
      { fields: { num: [14] } },
      { fields: { codeName: ['UNAVAILABLE'] } },
      { fields: { code: ['unavailable', 'messaging/server-unavailable', 'app/network-error'] }, confidence: 0.6 },
      { message: /\b14 UNAVAILABLE\b|The service is currently unavailable|Service Unavailable/i, confidence: 0.72 },
    ],
    rootCause: 'The Firebase service did not serve the request ({m}); usually transient',
    fixes: ['retry-later', 'check-reachability', 'emulator'],
    hidesNetworkCause: true,
  },
  {
    id: 'firebase.deadline',
    providers: FB,
    category: 'timeout',
    confidence: 0.9,
    match: [
      { fields: { num: [4] } },
      { fields: { codeName: ['DEADLINE_EXCEEDED'] } },
      { fields: { code: ['app/network-timeout', 'deadline-exceeded'] } },
      { message: /DEADLINE_EXCEEDED|Deadline exceeded|network-timeout|timed out/i, confidence: 0.85 },
      // The Firestore SDKs' OnlineStateTracker (JS, Android, iOS): no answer within ONLINE_STATE_TIMEOUT_MS.
      { message: /Could not reach Cloud Firestore backend\. Backend didn't respond within/i, confidence: 0.88 },
    ],
    rootCause: 'The request to Firebase did not complete in time ({m})',
    fixes: ['check-reachability', 'raise-timeout'],
  },
  {
    // Auth SDKs: AuthErrorCode.NETWORK_REQUEST_FAILED ("A network AuthError (such as timeout,
    // interrupted connection or unreachable host) has occurred"); since JS SDK 9.17 it is raised
    // only when the request times out. Android/Flutter: FirebaseNetworkException.
    id: 'firebase.network-request-failed',
    providers: FB,
    category: 'timeout',
    confidence: 0.7,
    transient: true,
    match: [
      { fields: { code: ['auth/network-request-failed', 'network-request-failed'] } },
      {
        message:
          /network-request-failed|A network (?:Auth)?Error \(such as timeout, interrupted connection or unreachable host\) has occurred|FirebaseNetworkException/i,
      },
    ],
    rootCause: 'Firebase Auth got no answer from its servers (timeout, interrupted connection or unreachable host): {m}',
    fixes: ['check-reachability', 'retry-later'],
    hidesNetworkCause: true,
  },
  {
    id: 'firebase.unauthenticated',
    providers: FB,
    category: 'credentials_invalid',
    confidence: 0.85,
    match: [
      { fields: { num: [16] } },
      { fields: { codeName: ['UNAUTHENTICATED'] } },
      { fields: { code: ['auth/invalid-id-token', 'auth/invalid-session-cookie-duration', 'unauthenticated'] }, confidence: 0.8 },
      {
        message:
          /UNAUTHENTICATED|Request had invalid authentication credentials|invalid authentication credentials|Expected OAuth 2 access token/i,
        confidence: 0.85,
      },
    ],
    rootCause: "Google rejected the request's credentials ({m})",
    fixes: ['new-service-account-key', 'set-gac'],
  },
  {
    id: 'firebase.api-key',
    providers: FB,
    category: 'api_key_invalid',
    confidence: 0.95,
    match: [
      {
        message:
          /API[ -]key[ -]not[ -]valid|API key (?:is )?invalid|API key not found|Please pass a valid API key|API_KEY_INVALID|invalid[- ]api[- ]key|API key expired|API_KEY_SERVICE_BLOCKED|Requests from this referer .* are blocked/i,
      },
      { fields: { code: ['auth/invalid-api-key', 'auth/api-key-not-valid.-please-pass-a-valid-api-key.'] } },
    ],
    rootCause: 'The Firebase Web API key is not valid for this project',
    fixes: ['check-api-key'],
  },
  {
    id: 'firebase.id-token-expired',
    providers: FB,
    category: 'jwt_expired',
    confidence: 0.94,
    match: [
      {
        fields: {
          code: [
            'auth/id-token-expired',
            'auth/session-cookie-expired',
            'auth/user-token-expired',
            'auth/auth-blocking-token-expired',
            'auth/id-token-revoked',
            'auth/session-cookie-revoked',
          ],
        },
      },
      {
        message:
          /Firebase ID token has expired|session cookie has expired|token has (?:been )?(?:expired|revoked)|id-token-expired|The user's credential is no longer valid\. The user must sign in again|\bTOKEN_EXPIRED\b/i,
      },
    ],
    rootCause: 'The Firebase ID token or session cookie has expired or was revoked',
    fixes: ['refresh-session'],
  },
  {
    // Cloud Storage for Firebase (firebase-js-sdk packages/storage error.ts; the Android/iOS SDKs' StorageException).
    id: 'firebase.storage-bucket',
    providers: FB,
    category: 'project_unavailable',
    confidence: 0.86,
    match: [
      { fields: { code: ['storage/bucket-not-found', 'storage/project-not-found'] } },
      {
        message:
          /Bucket '[^']*' does not exist|Project '[^']*' does not exist|Could not access bucket\b|The specified bucket does not exist|No such bucket/i,
      },
    ],
    rootCause: 'The Storage bucket or project is not there (not created, deleted, or Storage never enabled): {m}',
    fixes: ['enable-api', 'firebase-init'],
  },
  {
    id: 'firebase.storage-unauthenticated',
    providers: FB,
    category: 'credentials_missing',
    confidence: 0.88,
    match: [
      { fields: { code: ['storage/unauthenticated'] } },
      { message: /User is not authenticated, please authenticate using Firebase Authentication/i },
    ],
    rootCause: 'The Storage request carried no signed-in user, and the rules require one',
    fixes: ['refresh-session', 'firestore-rules'],
  },
  {
    id: 'firebase.storage-retry-limit',
    providers: FB,
    category: 'timeout',
    confidence: 0.82,
    match: [
      { fields: { code: ['storage/retry-limit-exceeded'] } },
      { message: /Max retry time for operation exceeded|operation retry limit has been exceeded/i },
    ],
    rootCause: 'The Storage SDK retried until its maximum retry time without an answer (network, proxy or DNS filtering)',
    fixes: ['check-reachability', 'retry-later'],
  },
  {
    // firebase-admin's internal-error codes (utils/error.ts): the backend failed without a reason; retry.
    id: 'firebase.internal-error',
    providers: FB,
    category: 'server_unavailable',
    confidence: 0.6,
    transient: true,
    match: [
      {
        fields: {
          code: [
            'auth/internal-error',
            'messaging/internal-error',
            'app/internal-error',
            'app/unable-to-parse-response',
            'database/internal-error',
          ],
        },
      },
    ],
    rootCause: 'The Firebase backend failed to process the request without naming a reason: {m}',
    fixes: ['retry-later', 'check-server-logs'],
  },
  {
    id: 'firebase.emulator-refused',
    providers: FB,
    category: 'conn_refused',
    confidence: 0.93,
    match: [
      {
        message:
          /No connection established\. Last error: .*ECONNREFUSED|connect ECONNREFUSED .*:(?:8080|9000|9099|8085|4000)\b|emulator .* (?:not running|refused)/i,
      },
    ],
    rootCause: 'Nothing listens at {target}: the Firebase emulator is not running (or *_EMULATOR_HOST points at the wrong port)',
    fixes: ['emulator', 'start-server'],
  },
];
