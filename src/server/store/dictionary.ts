/**
 * Preset dictionary v1 for payload compression (raw deflate). Part of the file format:
 * never edit it; a new dictionary needs a new frame flag. It holds the keys and the
 * common values of every record kind, so a 500-byte probe result compresses to ~90 bytes.
 */
const SAMPLES = [
  '{"connectionId":"","provider":"postgres","startedAt":1700000000000,"state":"up","timings":{"dnsMs":0.5,"connectMs":2.1,"tlsMs":3.2,"authMs":1.1,"firstQueryMs":0.9,"totalMs":8.1},"serverVersion":"PostgreSQL 16.4","tls":{"protocol":"TLSv1.3","cipher":"TLS_AES_256_GCM_SHA384","authorized":true},"metrics":{"activeConnections":12,"maxConnections":100,"replicationLagMs":0,"cacheHitRatio":0.99,"dbSizeBytes":123456789,"longestTransactionSec":1.2,"uptimeSec":86400},"warnings":[]}',
  '{"provider":"mysql","state":"degraded","serverVersion":"8.0.36 MySQL MariaDB","metrics":{"threadsConnected":5,"maxUsedConnections":9,"slowQueries":0,"abortedConnects":0}}',
  '{"provider":"mongodb","state":"down","serverVersion":"7.0.5","metrics":{"connectionsCurrent":3,"connectionsAvailable":838857,"replicaSetState":"PRIMARY","opcountersQuery":0}}',
  '{"provider":"firebase","provider":"supabase","metrics":{"status":200,"rateLimitRemaining":0}}',
  '"error":{"message":"connect ECONNREFUSED 127.0.0.1:5432","code":"ECONNREFUSED","category":"conn_refused","fields":{"errno":-111,"syscall":"connect","address":"127.0.0.1","port":5432}}',
  '"error":{"message":"password authentication failed for user","code":"28P01","category":"auth_failed","fields":{"sqlState":"28P01","severity":"FATAL"}}',
  '"category":"timeout","category":"dns_failure","category":"ssl_required","category":"too_many_connections","category":"unknown","getaddrinfo ENOTFOUND","ETIMEDOUT","ECONNRESET"',
  '{"kind":"health","connectionId":"","at":1700000000000,"from":"up","to":"down","reason":""}',
  '{"kind":"breaker","from":"CLOSED","to":"OPEN","from":"OPEN","to":"HALF_OPEN","from":"HALF_OPEN","to":"CLOSED"}',
  '{"at":1700000000000,"action":"connection_added","action":"monitoring_enabled","action":"quick_fix_applied","details":{}}',
  '{"at":1700000000000,"subject":"diagnosis","verdict":"helpful","fixId":"","comment":""}',
  '{"connectionId":"","hour":1700000000000,"count":60,"up":60,"degraded":0,"down":0,"latency":{"min":1.5,"max":9.5,"sum":300.5,"n":60,"zeros":0,"bins":[[112,3],[113,9]]},"errors":{}}',
];

export const DICTIONARY_V1: Buffer = Buffer.from(SAMPLES.join(''), 'utf8');
