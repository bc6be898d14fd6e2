/**
 * Transport-level errors every driver shares: node system errors (libuv codes),
 * DNS, TLS certificate checks (OpenSSL codes as Node reports them), undici/fetch,
 * and the same conditions as other clients print them (libpq, Go, Python, Java),
 * since users paste those too.
 */
import type { Pattern } from './types';

export const NETWORK_PATTERNS: readonly Pattern[] = [
  {
    id: 'net.econnrefused',
    providers: 'any',
    category: 'conn_refused',
    confidence: 0.95,
    match: [
      { fields: { code: ['ECONNREFUSED', 'UND_ERR_SOCKET_REFUSED'] } },
      { fields: { errno: [-111, -61, -4078] }, confidence: 0.9 },
      { message: /(?<!(?:querySrv|queryTxt|getaddrinfo|queryA) )\bECONNREFUSED\b(?:\s+(?<host>[^\s:]+|\[[^\]]+\]):(?<port>\d+))?/ },
      {
        message:
          /\bconnection refused\b|actively refused it|Connection to \S+ refused|refused to connect|\(os error 111\)|\[Errno 111\]|\[Errno 61\]|\[(?:WinError|Errno) 10061\]|\(10061\b|\(os error 10061\)/i,
        confidence: 0.9,
      },
    ],
    rootCause:
      'Nothing accepts connections at {target}: the server is down, listens on another port/interface, or a firewall rejects the connection',
    fixes: ['start-server', 'check-port', 'docker-host', 'firewall'],
  },
  {
    id: 'net.econnrefused.ipv6-localhost',
    providers: 'any',
    category: 'conn_refused',
    confidence: 0.96,
    match: [{ fields: { code: ['ECONNREFUSED'] }, message: /::1\b/ }, { message: /\bECONNREFUSED ::1:\d+/ }],
    rootCause: "Connection refused at [::1]:{port}: 'localhost' resolved to IPv6 ::1 but the server listens on IPv4 only (or is down)",
    fixes: ['use-ipv4-localhost', 'start-server'],
  },
  {
    id: 'net.unix-socket-missing',
    providers: 'any',
    category: 'conn_refused',
    confidence: 0.9,
    match: [
      { fields: { code: ['ENOENT'], syscall: ['connect'] } },
      {
        message:
          /connect ENOENT .*\.(?:sock|s\.PGSQL\.\d+)|No such file or directory.*\bsocket\b|Can't connect to local (?:MySQL|MariaDB) server through socket|could not connect to server: No such file or directory|connection to server on socket .* failed: No such file or directory/i,
      },
    ],
    rootCause: "The server's Unix socket does not exist: the server is not running locally, or uses another socket path",
    fixes: ['start-server', 'check-port'],
  },
  {
    id: 'net.dns',
    providers: 'any',
    category: 'dns_failure',
    confidence: 0.95,
    match: [
      {
        fields: {
          code: [
            'ENOTFOUND',
            'EAI_AGAIN',
            'EAI_NONAME',
            'EAI_NODATA',
            'EAI_FAIL',
            'ESERVFAIL',
            'ENODATA',
            'ENONAME',
            'ENOTIMP',
            'EREFUSED',
            'EBADNAME',
            'ECONNREFUSED',
          ],
          syscall: ['getaddrinfo', 'queryA', 'queryAaaa', 'querySrv', 'queryTxt', 'resolveSrv', 'resolveTxt', 'lookup'],
        },
      },
      { fields: { code: ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'ESERVFAIL', 'EBADNAME'] } },
      // Case-insensitive: log pipelines and users lower-case these (`querySrv enotfound ...`).
      {
        message:
          /\b(?:getaddrinfo|querySrv|queryTxt|queryA{1,4})\s+(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME|ESERVFAIL|ENODATA|ECONNREFUSED|ETIMEOUT|EREFUSED|EBADNAME)\b(?:\s+(?<host>[^\s,)]+))?/i,
      },
      // Node 0.10's libuv reported a failed lookup as `getaddrinfo ENOENT`.
      { message: /\bgetaddrinfo ENOENT\b/, confidence: 0.85 },
      {
        message:
          /could not translate host name "?(?<host>[^"\s]+)"? to address|Name or service not known|nodename nor servname provided|Temporary failure in name resolution|No such host is known|\bno such host\b|Unknown (?:MySQL|MariaDB) server host '(?<host2>[^']+)'|UnknownHostException|Name resolution failed for target|getaddrinfo failed|DNS resolution failed|failed to lookup address information|\[Errno -[235]\]|\[(?:WinError|Errno) 1100[14]\]|could not resolve host|Unable to resolve host|non-existing domain|:nxdomain\b/i,
        confidence: 0.9,
      },
    ],
    rootCause: 'The host name {host} does not resolve (typo, deleted instance, or DNS/VPN problem)',
    fixes: ['check-hostname', 'check-dns'],
  },
  {
    id: 'net.dns.srv',
    providers: ['mongodb'],
    category: 'dns_failure',
    confidence: 0.97,
    match: [
      { fields: { syscall: ['querySrv', 'queryTxt'] } },
      { message: /\bquery(?:Srv|Txt)\s+[A-Z_]+\s+(?<host>\S+)/i },
      // pymongo resolves mongodb+srv:// with dnspython and re-raises its exceptions as ConfigurationError
      // (srv_resolver.py): NXDOMAIN, NoAnswer, NoNameservers, LifetimeTimeout, NoResolverConfiguration.
      {
        message:
          /The DNS query name does not exist: (?<host>\S+?)\.?(?:\s|$)|The DNS response does not contain an answer to the question|All nameservers failed to answer the query|The resolution lifetime expired|Resolver configuration could not be read|specified no nameservers|cannot open \/etc\/resolv\.conf/i,
        confidence: 0.92,
      },
    ],
    rootCause: "The SRV/TXT lookup for {host} failed: the cluster name is wrong, or this network's DNS server does not answer SRV queries",
    fixes: ['check-hostname', 'srv-dns', 'check-dns'],
  },
  {
    id: 'net.unreachable',
    providers: 'any',
    category: 'network_unreachable',
    confidence: 0.93,
    match: [
      { fields: { code: ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL'] } },
      { message: /\b(?:EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|EADDRNOTAVAIL)\b/ },
      {
        message:
          /no route to host|network is unreachable|host is unreachable|host is down|\[Errno (?:101|113)\]|\(os error (?:101|113)\)|\[(?:WinError|Errno) 100(?:51|65)\]|Can't connect to (?:MySQL|MariaDB) server on .*\((?:101|113)\)/i,
        confidence: 0.88,
      },
    ],
    rootCause: 'There is no network route to {target} (offline, VPN down, or an IPv6 address on a network without IPv6)',
    fixes: ['check-route', 'check-dns'],
  },
  {
    id: 'net.unreachable.ipv6',
    providers: 'any',
    category: 'network_unreachable',
    confidence: 0.96,
    match: [
      { fields: { code: ['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL'] }, message: /[0-9a-f]{1,4}:[0-9a-f]{0,4}:[0-9a-f:]*/i },
      { message: /\b(?:ENETUNREACH|EHOSTUNREACH|EADDRNOTAVAIL) [0-9a-f]{1,4}:[0-9a-f:]+/i },
    ],
    rootCause: '{target} has only an IPv6 address and this network has no IPv6 route',
    fixes: ['ipv6-pooler', 'check-route'],
  },
  {
    id: 'net.timeout',
    providers: 'any',
    category: 'timeout',
    confidence: 0.9,
    match: [
      {
        fields: {
          code: [
            'ETIMEDOUT',
            'ETIMEOUT',
            'ESOCKETTIMEDOUT',
            'UND_ERR_CONNECT_TIMEOUT',
            'UND_ERR_HEADERS_TIMEOUT',
            'UND_ERR_BODY_TIMEOUT',
            'ERR_SOCKET_CONNECTION_TIMEOUT',
            'ECONNABORTED',
          ],
        },
      },
      {
        fields: {
          name: /^(?:TimeoutError|MongoNetworkTimeoutError|MongoOperationTimeoutError|ConnectTimeoutError|HeadersTimeoutError|KnexTimeoutError|SequelizeConnectionTimedOutError)$/,
        },
      },
      { message: /timed out after \d+ ?ms/i, confidence: 0.6 },
      {
        message:
          /Connection terminated due to connection timeout|^timeout expired$|connection timeout expired|Connection timed out \(connect\)/i,
        confidence: 0.92,
      },
      {
        message:
          /\bETIMEDOUT\b|\bConnect Timeout Error\b|\btimeout expired\b|connection timed out|Connection timed out|\bi\/o timeout\b|operation timed out|\(os error 110\)|\[Errno 110\]|:\d{2,5}: timed out\b|\[(?:WinError|Errno) 10060\]|Can't connect to (?:MySQL|MariaDB) server on .*\(110\)|The operation was aborted due to timeout|Connection terminated due to connection timeout|connect_timeout|timeout exceeded(?! when trying to connect)|Timeout: request timed out|socket hang up.*timeout|Query read timeout|deadline exceeded/i,
        confidence: 0.85,
      },
    ],
    rootCause:
      '{target} did not answer within the time limit{timeoutNote}: a firewall dropping packets, an overloaded server, or a wrong address',
    fixes: ['check-reachability', 'firewall', 'raise-timeout'],
  },
  {
    id: 'net.reset',
    providers: 'any',
    category: 'connection_reset',
    confidence: 0.88,
    match: [
      { fields: { code: ['ECONNRESET', 'EPIPE', 'ECONNABORTED_BY_PEER', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE'] } },
      {
        message:
          /\bECONNRESET\b|\bEPIPE\b|connection reset by peer|broken pipe|socket hang up|Connection reset|other side closed|forcibly closed by the remote host|\[Errno 104\]|\[(?:WinError|Errno) 10054\]|\(os error 104\)|SSL SYSCALL error: EOF detected|server closed the connection unexpectedly|Connection terminated unexpectedly|Connection lost: The server closed the connection|unexpected EOF|EOF detected|premature close|(?:SSL )?connection has been closed unexpectedly|connection (?:was )?closed unexpectedly|has encountered a connection error and is not queryable|Client was closed and is not queryable|Connection terminated(?! due to)|Remote host (?:closed|terminated) (?:the )?(?:connection|handshake)/i,
        confidence: 0.84,
      },
    ],
    rootCause: 'The connection to {target} was dropped by the server or something in between (restart, idle timeout, proxy, or crash)',
    fixes: ['retry-later', 'keepalive', 'check-proxy', 'check-server-logs'],
  },
  // TLS certificate checks (Node's OpenSSL codes, and other clients' wording)
  {
    id: 'tls.self-signed',
    providers: 'any',
    category: 'ssl_certificate',
    confidence: 0.95,
    match: [
      { fields: { code: ['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT'] } },
      { message: /self[- ]signed certificate(?: in certificate chain)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT/i },
    ],
    rootCause: 'The server at {target} presents a self-signed certificate that this machine does not trust',
    fixes: ['ca-file', 'allow-self-signed'],
  },
  {
    id: 'tls.untrusted-issuer',
    providers: 'any',
    category: 'ssl_certificate',
    confidence: 0.94,
    match: [
      {
        fields: {
          code: [
            'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
            'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
            'UNABLE_TO_GET_ISSUER_CERT',
            'CERT_UNTRUSTED',
            'CERT_SIGNATURE_FAILURE',
            'CERT_REJECTED',
            'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
          ],
        },
      },
      {
        message:
          /unable to verify the first certificate|unable to get local issuer certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|unable to get issuer certificate|certificate signed by unknown authority|CERTIFICATE_VERIFY_FAILED|certificate verify failed|PKIX path building failed|unable to find valid certification path|root certificate file .* does not exist|The certificate chain was issued by an authority that is not trusted|certificate is not trusted/i,
      },
    ],
    rootCause: 'The certificate of {target} is signed by a CA this machine does not trust (missing CA bundle or intermediate certificate)',
    fixes: ['ca-file', 'allow-self-signed'],
  },
  {
    id: 'tls.hostname',
    providers: 'any',
    category: 'ssl_certificate',
    confidence: 0.95,
    match: [
      { fields: { code: ['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'] } },
      {
        message:
          /Hostname\/IP does not match certificate's altnames|does not match host name|certificate is valid for .*, not|x509: certificate is not valid for any names|No subject alternative (?:DNS )?names? matching|ERR_TLS_CERT_ALTNAME_INVALID/i,
      },
    ],
    rootCause: 'The certificate of {target} is not issued for the host name used to connect ({host})',
    fixes: ['cert-hostname', 'ca-file'],
  },
  {
    id: 'tls.expired',
    providers: 'any',
    category: 'ssl_certificate',
    confidence: 0.95,
    match: [
      { fields: { code: ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_EXPIRED'] } },
      {
        message: /certificate has expired|certificate is not yet valid|x509: certificate has expired or is not yet valid|CERT_HAS_EXPIRED/i,
      },
    ],
    rootCause: "The certificate of {target} has expired or is not yet valid (or this machine's clock is wrong)",
    fixes: ['renew-cert', 'sync-clock'],
  },
  {
    id: 'tls.wrong-protocol',
    providers: 'any',
    category: 'ssl_unsupported',
    confidence: 0.8,
    match: [
      { fields: { code: ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST'] } },
      {
        message:
          /wrong version number|packet length too long|first record does not look like a TLS handshake|tls: oversized record received|http request\b.*ssl|SSL routines:.*:unknown protocol/i,
      },
    ],
    rootCause: 'The client speaks TLS but {target} answers in plain text: the server has no TLS on this port',
    fixes: ['disable-tls', 'tls-port'],
  },
  {
    id: 'tls.generic-handshake',
    providers: 'any',
    category: 'ssl_certificate',
    confidence: 0.55,
    match: [
      {
        fields: {
          code: [
            'EPROTO',
            'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
            'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
            'ERR_SSL_UNSUPPORTED_PROTOCOL',
            'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
          ],
        },
      },
      {
        message:
          /sslv3 alert handshake failure|tlsv1 alert protocol version|unsupported protocol|no protocols available|SSL handshake failed|TLS handshake (?:failed|error)|HANDSHAKE_SSL_ERROR/i,
      },
    ],
    rootCause: 'The TLS handshake with {target} failed: client and server could not agree on a protocol version, cipher or certificate',
    fixes: ['ca-file', 'tls-port', 'upgrade-driver'],
  },
  {
    id: 'config.invalid-url',
    providers: 'any',
    category: 'invalid_config',
    confidence: 0.9,
    match: [
      {
        fields: {
          code: [
            'ERR_INVALID_URL',
            'ERR_SOCKET_BAD_PORT',
            'ERR_INVALID_ARG_TYPE',
            'ERR_INVALID_ARG_VALUE',
            'ERR_INVALID_PROTOCOL',
            'ERR_OUT_OF_RANGE',
          ],
        },
      },
      {
        message:
          /\bInvalid URL\b|Port should be >= 0 and < 65536|Invalid connection string|invalid port|port must be|malformed (?:URL|connection string)|Invalid DSN|URI malformed|The "(?:host|port)" (?:argument|option) must be|missing host|no host specified|Invalid hostname|invalid (?:connection option|connection_uri|database url)|Unsupported protocol|Could not parse connection string|invalid sslmode value|invalid value for parameter "sslmode"|sslmode value "[^"]*" invalid/i,
        confidence: 0.85,
      },
    ],
    rootCause: 'The connection settings are malformed: {m}',
    fixes: ['fix-url', 'url-encode-password'],
  },
  {
    id: 'net.fetch-failed',
    providers: 'any',
    category: 'unknown',
    confidence: 0.3,
    match: [{ message: /^fetch failed$|Failed to fetch|NetworkError when attempting to fetch resource/i }],
    rootCause: 'The HTTP request to {target} failed before any answer',
    fixes: ['check-reachability', 'check-dns'],
    hidesNetworkCause: true,
  },
];
