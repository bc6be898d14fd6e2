/**
 * MongoDB: server error codes (error_codes.yml: 13 Unauthorized, 18
 * AuthenticationFailed, 10107 NotWritablePrimary ...), the Node driver's error
 * classes (lib/error.js: MongoServerSelectionError, MongoParseError,
 * MongoWaitQueueTimeoutError ...), Atlas' proxy errors (code 8000 AtlasError),
 * mongoose's wrappers, and pymongo's wording for the same conditions.
 */
import type { Pattern } from './types';

const MG = ['mongodb'] as const;
const ATLAS = /\.mongodb\.net\b|\.mongodb-dev\.net\b/i;

export const MONGODB_PATTERNS: readonly Pattern[] = [
  {
    id: 'mongo.18',
    providers: MG,
    category: 'auth_failed',
    confidence: 0.95,
    match: [
      { fields: { num: [18] } },
      { fields: { codeName: ['AuthenticationFailed', 'UserNotFound'] } },
      {
        message:
          /\bbad auth\b|Could not find user "?[^"\s]*"? for db|Authentication failed\.?|AuthenticationFailed|SCRAM authentication failed|auth failed|Authentication failed for user/i,
        confidence: 0.92,
      },
      // The C# driver's MongoAuthenticationException; without its inner saslStart failure it still names a SASL exchange the server refused.
      { message: /Unable to authenticate using sasl protocol mechanism/i, confidence: 0.8 },
    ],
    rootCause:
      'The server rejected the credentials of {user} (wrong password, wrong user, or the user lives in another authSource database)',
    fixes: ['check-password', 'mongo-authsource', 'url-encode-password'],
  },
  {
    id: 'mongo.requires-auth',
    providers: MG,
    category: 'credentials_missing',
    confidence: 0.97,
    match: [
      {
        message:
          /command \w+ requires authentication|requires authentication|there are no users authenticated|no credentials (?:were )?(?:provided|supplied)/i,
      },
    ],
    rootCause: 'The server requires authentication but this connection sent no credentials (no user/password in the connection string)',
    fixes: ['set-password', 'mongo-authsource'],
  },
  {
    id: 'mongo.13',
    providers: MG,
    category: 'permission_denied',
    confidence: 0.93,
    match: [
      {
        fields: { num: [13, 8000] },
        message: /not (?:authorized|allowed)|Unauthorized|user is not allowed to do action/i,
        confidence: 0.95,
      },
      // Atlas shared tiers (M0/Flex) refuse unsupported commands with "CMD_NOT_ALLOWED: <command>".
      { message: /\bCMD_NOT_ALLOWED\b/, confidence: 0.88 },
      { fields: { num: [13] } },
      { fields: { codeName: ['Unauthorized'] } },
      {
        message:
          /not authorized on (?<db>\S+) to execute command|user is not allowed to do action \[(?<action>[^\]]*)\](?: on \[(?<ns>[^\]]*)\])?|not authorized (?:for|to)\b|is not authorized/i,
      },
    ],
    rootCause: 'User {user} is authenticated but has no role that allows this operation: {m}',
    fixes: ['mongo-roles', 'grant-privileges'],
  },
  {
    id: 'mongo.mechanism',
    providers: MG,
    category: 'auth_method_unsupported',
    confidence: 0.9,
    match: [
      { fields: { num: [334] } },
      { fields: { codeName: ['MechanismUnavailable'] } },
      { fields: { name: /^Mongo(?:MissingDependency|Kerberos|AWS|OIDC|Azure|GCP)Error$/ }, confidence: 0.75 },
      {
        message:
          /Received authentication for mechanism \S+ which is (?:not enabled|unknown)|Mechanism \S+ (?:is )?not supported|Authentication mechanism .* (?:is )?not supported|Unable to use SCRAM|no supported authentication mechanism|unsupported authentication mechanism/i,
      },
    ],
    rootCause: 'Client and server cannot agree on an authentication mechanism ({m})',
    fixes: ['upgrade-driver', 'mongo-authsource'],
  },
  {
    id: 'mongo.atlas-ip',
    providers: MG,
    category: 'host_not_allowed',
    confidence: 0.94,
    when: { host: ATLAS },
    match: [
      {
        message:
          /tlsv1 alert internal error|alert number 80|SSL alert number 80|Client network socket disconnected before secure TLS connection was established|connection <monitor> to \S+ closed|^(?:Mongo(?:ose)?(?:Network|ServerSelection)Error: )?connection \d+ to \S+ closed$|ReplicaSetNoPrimary|isn't whitelisted|IP that isn't whitelisted|not (?:on|in) (?:your|the) (?:IP )?(?:access|white) ?list/i,
      },
      { fields: { code: ['ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR'] } },
    ],
    rootCause: "Atlas closes connections from this machine's IP address: it is not on the project's IP Access List",
    fixes: ['atlas-ip-access', 'check-reachability'],
  },
  {
    id: 'mongo.tls-internal-alert',
    providers: MG,
    category: 'host_not_allowed',
    confidence: 0.78,
    // The server aborts the handshake with TLS alert 80 (internal_error) instead of a certificate alert:
    // the Atlas front end does this to client addresses that are not on the IP Access List.
    match: [
      { fields: { code: ['ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR'] } },
      { message: /tlsv1 alert internal error|TLSV1_ALERT_INTERNAL_ERROR|SSL alert number 80\b/i },
    ],
    rootCause:
      "The MongoDB server at {target} aborted the TLS handshake with an internal-error alert (80): MongoDB Atlas does this when this machine's IP address is not on the project's IP Access List",
    fixes: ['atlas-ip-access', 'check-reachability'],
  },
  {
    id: 'mongo.ip-whitelist-msg',
    providers: MG,
    category: 'host_not_allowed',
    confidence: 0.9,
    match: [
      {
        message:
          /trying to access the database from an IP that isn't whitelisted|IP (?:address )?(?:is )?not (?:on|in) (?:your|the) (?:IP )?(?:Access|white) ?List|not whitelisted/i,
      },
    ],
    rootCause: "The server (Atlas) refuses this machine's IP address: it is not on the IP Access List",
    fixes: ['atlas-ip-access'],
  },
  {
    id: 'mongo.not-writable-primary',
    providers: MG,
    category: 'read_only',
    confidence: 0.9,
    match: [
      { fields: { num: [10107, 13435] } },
      { fields: { codeName: ['NotWritablePrimary', 'NotMaster', 'NotPrimaryNoSecondaryOk', 'NotMasterNoSlaveOk'] } },
      {
        message:
          /not (?:writable )?primary|\bnot master\b|NotWritablePrimary|NotPrimaryNoSecondaryOk|not master and slaveOk=false|cannot write to (?:a )?secondary/i,
        confidence: 0.85,
      },
    ],
    rootCause:
      'The operation reached a node of {target} that is not the writable primary (direct connection to a secondary, or a failover in progress)',
    fixes: ['connect-primary', 'retry-later'],
  },
  {
    id: 'mongo.election',
    providers: MG,
    category: 'server_unavailable',
    confidence: 0.9,
    transient: true,
    match: [
      { fields: { num: [189, 11602, 13436, 91, 11600, 10058, 262] } },
      {
        fields: {
          codeName: [
            'PrimarySteppedDown',
            'InterruptedDueToReplStateChange',
            'NotPrimaryOrSecondary',
            'ShutdownInProgress',
            'InterruptedAtShutdown',
            'ExceededTimeLimit',
          ],
        },
        confidence: 0.88,
      },
      {
        message:
          /primary stepped down|node is recovering|not primary or secondary|ShutdownInProgress|interrupted at shutdown|server is shutting down|no primary (?:server )?(?:found|available)|ReplicaSetNoPrimary|Replica set .* has no primary|No replica set members match selector "Primary\(\)"|No primary available for writes/i,
        confidence: 0.8,
      },
    ],
    rootCause: '{target} has no primary right now (election, restart or shutdown); transient: retry, do not alert',
    fixes: ['wait-startup', 'retry-later'],
  },
  {
    id: 'mongo.server-selection',
    providers: MG,
    category: 'timeout',
    confidence: 0.7,
    hidesNetworkCause: true,
    match: [
      { fields: { name: /^(?:MongoServerSelectionError|MongooseServerSelectionError|ServerSelectionTimeoutError)$/ } },
      {
        message:
          /Server selection timed out after \d+ ?ms|ServerSelectionTimeoutError|No suitable servers found|Timed out after \d+ms while waiting for a server/i,
      },
    ],
    rootCause:
      'No MongoDB server at {target} could be selected in time, and the driver reported no other cause (unreachable or filtered address, or no primary)',
    fixes: ['check-reachability', 'atlas-ip-access', 'raise-timeout'],
  },
  {
    id: 'mongoose.buffering-timeout',
    providers: MG,
    category: 'timeout',
    confidence: 0.78,
    hidesNetworkCause: true,
    // mongoose queues operations until the connection opens and gives up after bufferTimeoutMS.
    match: [{ message: /Operation `?(?<op>[\w.]+\(\))`? buffering timed out after \d+ ?ms/i }],
    rootCause:
      'mongoose queued {op} because the connection to {target} never opened within bufferTimeoutMS (the connect error itself is logged by mongoose.connect)',
    fixes: ['check-reachability', 'atlas-ip-access', 'raise-timeout'],
  },
  {
    id: 'mongo.wait-queue',
    providers: MG,
    category: 'pool_exhausted',
    confidence: 0.94,
    match: [
      { fields: { name: /^(?:MongoWaitQueueTimeoutError|WaitQueueTimeoutError)$/ } },
      {
        message:
          /Timed out while checking out a connection from connection pool|Timed out attempting to (?:dequeue|check out) (?:a )?connection|Timeout waiting for a pooled item|Too many threads are already waiting for a connection|wait ?queue timeout|WaitQueueTimeoutError|maxPoolSize .* reached|connection pool .* (?:exhausted|full)/i,
      },
    ],
    rootCause: "The driver's connection pool had no free connection within waitQueueTimeoutMS (maxPoolSize reached)",
    fixes: ['pool-size', 'close-connections'],
  },
  {
    id: 'mongo.too-many',
    providers: MG,
    category: 'too_many_connections',
    confidence: 0.9,
    match: [
      {
        message:
          /too many (?:open )?connections|connection limit (?:reached|exceeded)|maxIncomingConnections|exceeded the maximum number of connections|connections to your cluster\(s\) have exceeded/i,
      },
    ],
    rootCause: '{target} has reached its connection limit',
    fixes: ['close-connections', 'raise-max-connections'],
  },
  {
    id: 'mongo.parse',
    providers: MG,
    category: 'invalid_config',
    confidence: 0.93,
    match: [
      { fields: { name: /^(?:MongoParseError|MongoInvalidArgumentError|MongoAPIError|InvalidURI|ConfigurationError)$/ } },
      {
        message:
          /Invalid scheme, expected connection string to start with|URI (?:must|does not) (?:include|have) hostname|Password contains unescaped characters|Username contains unescaped characters|mongodb\+srv URI cannot have port number|URI cannot contain options with no value|Invalid connection string|option \w+ is not supported|Unescaped slash in userinfo section|Protocol and host list are required|Invalid (?:mongodb )?uri\b|Invalid schema, expected `?mongodb|uri must be (?:a )?mongodb|must (?:begin|start) with ["']?mongodb(?:\+srv)?:\/\/|Invalid protocol provided|illegal unescaped character|Ports not accepted with [`'"]?mongodb\+srv|(?:mongodb\+srv(?::\/\/)?|SRV) URIs? (?:must not|cannot|can ?not|may not) (?:include|have|contain) (?:a )?port|Port numbers are prohibited in an SRV URI|(?:Invalid|Missing) service name in (?:SRV )?URI|Multiple service names are prohibited|Failed to parse MongoDB URI|Port must be an integer between 0 and 65535|must include one, and only one, hostname/i,
      },
    ],
    rootCause: 'The MongoDB connection string is malformed: {m}',
    fixes: ['mongo-scheme', 'url-encode-password', 'fix-url'],
  },
  {
    id: 'mongo.missing-credentials',
    providers: MG,
    category: 'credentials_missing',
    confidence: 0.85,
    match: [
      { fields: { name: /^MongoMissingCredentialsError$/ } },
      { message: /Username must be a non-empty string|Password must be a string|A password is required|credentials are required/i },
    ],
    rootCause: 'The connection has no usable user/password: {m}',
    fixes: ['set-password'],
  },
  {
    id: 'mongo.namespace',
    providers: MG,
    category: 'schema_missing',
    confidence: 0.85,
    match: [
      { fields: { num: [26] } },
      { fields: { codeName: ['NamespaceNotFound'] } },
      { message: /\bns not found\b|NamespaceNotFound|Collection .* (?:does not exist|not found)/i },
    ],
    rootCause: 'The collection or namespace does not exist: {m}',
    fixes: ['run-migrations'],
  },
  {
    id: 'mongo.disk',
    providers: MG,
    category: 'disk_full',
    confidence: 0.93,
    match: [
      { fields: { num: [14031] } },
      { fields: { codeName: ['OutOfDiskSpace'] } },
      { message: /No space left on device|Insufficient free space|OutOfDiskSpace|out of disk space/i },
    ],
    rootCause: 'The MongoDB server {target} is out of disk space',
    fixes: ['free-disk'],
  },
  {
    id: 'mongo.atlas-quota',
    providers: MG,
    category: 'quota_exceeded',
    confidence: 0.9,
    match: [
      {
        message:
          /over your space quota|cannot create a new collection -- already using \d+ collections of \d+|space quota exceeded|exceeded (?:the|your) (?:data )?(?:size|storage) quota|rate limit|operations? per second limit/i,
      },
    ],
    rootCause: "The Atlas cluster tier's quota was exceeded: {m}",
    fixes: ['wait-quota'],
  },
  {
    id: 'mongo.max-time',
    providers: MG,
    category: 'timeout',
    confidence: 0.9,
    match: [
      { fields: { num: [50, 202] } },
      { fields: { codeName: ['MaxTimeMSExpired', 'NetworkInterfaceExceededTimeLimit'] } },
      { fields: { name: /^(?:MongoNetworkTimeoutError|MongoOperationTimeoutError)$/ } },
      {
        message: /operation exceeded time limit|connection \S+ to \S+ timed out|Timed out during socket connect|timed out$/i,
        confidence: 0.85,
      },
    ],
    rootCause: 'An operation on {target} exceeded its time limit ({m})',
    fixes: ['check-reachability', 'raise-timeout'],
  },
  {
    // mongo-c-driver (PHP, C, Ruby's C ext, Swift) appends each server's failure in brackets:
    // "No suitable servers found (`serverSelectionTryOnce` set): [connection refused calling hello on 'h:27017']".
    id: 'mongo.libmongoc-refused',
    providers: MG,
    category: 'conn_refused',
    confidence: 0.86,
    match: [{ message: /\[connection refused calling (?:ismaster|hello) on '(?<host>[^':]+):?(?<port>\d*)'\]/i }],
    rootCause: 'Nothing accepts connections at {target}: the MongoDB server is down or listens elsewhere',
    fixes: ['start-server', 'check-port', 'firewall'],
  },
  {
    id: 'mongo.libmongoc-timeout',
    providers: MG,
    category: 'timeout',
    confidence: 0.86,
    match: [{ message: /\[(?:socket|connection) timeout calling (?:ismaster|hello) on '(?<host>[^':]+):?(?<port>\d*)'\]/i }],
    rootCause: '{target} did not answer the handshake in time (filtered port, VPN, or an overloaded server)',
    fixes: ['check-reachability', 'raise-timeout'],
  },
  {
    id: 'mongo.libmongoc-resolve',
    providers: MG,
    category: 'dns_failure',
    confidence: 0.86,
    match: [
      { fields: { name: /^MongoAPIError$/ }, message: /No addresses found at host/i, confidence: 0.95 },
      { message: /\[Failed to resolve '(?<host>[^']+)'\]|No addresses found at host|Failed to look up SRV record/i },
    ],
    rootCause: 'The MongoDB host name {host} does not resolve (typo, private DNS, or SRV records missing)',
    fixes: ['check-hostname', 'check-dns', 'srv-dns'],
  },
  {
    id: 'mongo.pool-cleared-monitor-timeout',
    providers: MG,
    category: 'timeout',
    confidence: 0.86,
    // The Node driver's PoolClearedOnNetworkError: the monitor's check timed out and the pool was dropped.
    match: [{ fields: { name: /^PoolClearedOnNetworkError$/ } }, { message: /interrupted due to server monitor timeout/i }],
    rootCause: "The driver's monitor got no answer from {target} in time and dropped the pool's connections",
    fixes: ['check-reachability', 'raise-timeout', 'retry-later'],
    transient: true,
  },
  {
    // pymongo reports a handshake that failed before any detail as a bare "SSL handshake failed:";
    // on Atlas the usual cause is a CA store that cannot verify the chain (certifi not used).
    id: 'mongo.ssl-handshake-bare',
    providers: MG,
    category: 'ssl_certificate',
    confidence: 0.74,
    match: [{ message: /SSL handshake failed:?\s*$/ }],
    rootCause:
      "The TLS handshake with {target} failed before the server was verified (often a CA bundle that does not include the server's issuer)",
    fixes: ['ca-file', 'atlas-ip-access'],
  },
  {
    id: 'mongo.network-closed',
    providers: MG,
    category: 'connection_reset',
    confidence: 0.8,
    match: [
      { fields: { name: /^(?:MongoNetworkError|MongoPoolClearedError|AutoReconnect)$/ }, confidence: 0.6 },
      {
        message:
          /connection (?:<monitor> )?\S* ?to \S+ closed|connection closed|Connection pool for \S+ was cleared|socket was closed|connection was closed|Client network socket disconnected before secure TLS connection was established|incomplete read of message header|socket was unexpectedly closed|Prematurely reached end of stream|Server closed connection|connection closed calling (?:ismaster|hello)/i,
      },
    ],
    rootCause: 'The connection to {target} was closed ({m})',
    fixes: ['retry-later', 'check-proxy', 'atlas-ip-access'],
  },
  {
    id: 'mongo.compat',
    providers: MG,
    category: 'unknown',
    confidence: 0.6,
    match: [
      { fields: { name: /^MongoCompatibilityError$/ } },
      { message: /reports maximum wire version \d+, but this version of the Node\.js Driver requires/i },
    ],
    rootCause: 'The server is too old for this driver version ({m})',
    fixes: ['upgrade-driver'],
  },
  {
    id: 'mongo.topology-closed',
    providers: MG,
    category: 'unknown',
    confidence: 0.5,
    match: [
      { fields: { name: /^(?:MongoTopologyClosedError|MongoNotConnectedError|MongoClientClosedError)$/ } },
      { message: /Topology is closed|Client must be connected before running operations|client was closed/i },
    ],
    rootCause: 'The application used a MongoClient that is closed or not yet connected (an application bug, not a server fault)',
    fixes: ['retry-later'],
  },
];
