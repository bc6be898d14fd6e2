/**
 * Fix templates, referenced by id from the patterns. Titles are templates with
 * the same placeholders as root causes. `action` maps a fix to an editor action.
 */
import type { FixAction } from '../types';

export interface FixTemplate {
  title: string;
  detail?: string;
  action?: FixAction;
}

const edit = (patch: Extract<FixAction, { kind: 'editConnection' }>['patch']): FixAction => ({ kind: 'editConnection', patch });
const cmd = (command: string): FixAction => ({ kind: 'command', command });

export const FIXES: Record<string, FixTemplate> = {
  // network
  'start-server': {
    title: 'Start the {provider} server on {target}, or correct the host/port',
    detail: 'Nothing is listening there: the server is down, on another port, or a firewall rejects the connection.',
    action: cmd('dbpulse.editConnection'),
  },
  'check-port': {
    title: 'Check the port: {provider} listens on {defaultPort} by default (this connection uses {port})',
    action: cmd('dbpulse.editConnection'),
  },
  'use-ipv4-localhost': {
    title: "Use 127.0.0.1 instead of 'localhost' (the server listens on IPv4 while localhost resolved to ::1)",
    action: edit({ host: '127.0.0.1' }),
  },
  'docker-host': { title: 'Inside a container, use the service name or host.docker.internal instead of localhost' },
  'check-hostname': { title: 'Check the spelling of the host name {host}', action: cmd('dbpulse.editConnection') },
  'check-dns': { title: 'Check DNS and VPN: resolve {host} with nslookup/dig from this machine' },
  'srv-dns': {
    title:
      'If your DNS server refuses SRV lookups, use the standard mongodb:// connection string (Atlas: Connect → Drivers → older driver version) or another DNS server',
  },
  'check-route': { title: 'Check the network route to {host}: VPN, VPC peering, or an IPv6-only address on an IPv4-only network' },
  'ipv6-pooler': { title: 'Use the Supabase connection pooler (Supavisor) host, which has IPv4, instead of the IPv6-only direct host' },
  firewall: { title: 'Allow this machine through the firewall / security group in front of {target}' },
  'raise-timeout': {
    title: 'Increase the connect timeout (now {timeout}) if the server is slow to answer',
    action: edit({ connectTimeoutMs: 30000 }),
  },
  'check-reachability': { title: 'Check that {target} is reachable from here (firewall dropping packets, VPN, wrong address)' },
  'retry-later': { title: 'Retry in a few seconds: the condition is transient', action: { kind: 'retry', afterMs: 5000 } },
  'check-server-logs': { title: 'Check the server log around the time of the failure' },
  keepalive: { title: 'Enable TCP keepalive and reconnect on error; idle connections are dropped by proxies/NAT after a few minutes' },
  'check-proxy': { title: 'Check for a proxy, load balancer or pooler between you and the server that closes connections' },
  // auth
  'check-password': { title: 'Check the password stored for user {user} (DB Pulse: Set Password)', action: cmd('dbpulse.setSecret') },
  'check-user': { title: 'Check the user name {user}: it must exist on the server' },
  'set-password': {
    title: 'Provide the password: it is missing (an unset environment variable is the usual cause)',
    action: cmd('dbpulse.setSecret'),
  },
  'mongo-authsource': {
    title: 'Check authSource in the connection string (users created in "admin" need authSource=admin)',
    action: cmd('dbpulse.editConnection'),
  },
  'url-encode-password': {
    title: 'URL-encode special characters (@ : / ? # %) in the password',
    detail: 'An unencoded character splits the URL in the wrong place.',
  },
  'pg-hba-add': { title: 'Add a pg_hba.conf entry for this client address/user/database and reload PostgreSQL' },
  'mysql-grant-host': { title: "Create or grant the user for this client host ('user'@'%' or the client's address)" },
  'mysql-flush-hosts': { title: 'Unblock the host: FLUSH HOSTS (or mysqladmin flush-hosts), then fix the cause of the failed attempts' },
  'atlas-ip-access': {
    title: "Add this machine's public IP address to the Atlas project's IP Access List (Network Access)",
    action: { kind: 'openUrl', url: 'https://www.mongodb.com/docs/atlas/security/ip-access-list/' },
  },
  'mysql-auth-plugin': {
    title:
      'Switch the user to a plugin the client supports (ALTER USER ... IDENTIFIED WITH caching_sha2_password / mysql_native_password) or upgrade the client',
  },
  'mysql-caching-sha2-tls': {
    title: 'Connect with TLS (ssl-mode REQUIRED) or allow RSA public-key retrieval, so caching_sha2_password can send the password',
  },
  'pg-scram-client': { title: 'Upgrade the client driver to one that supports SCRAM-SHA-256, or change password_encryption on the server' },
  'grant-privileges': { title: 'Grant the missing privilege to {user} (GRANT ... ON ... TO ...), or use a role that has it' },
  'rls-policy': { title: 'Add or fix the row-level security policy for this table, or use the service-role key on the server side only' },
  'mongo-roles': { title: 'Give the database user a role with this action on this database (Atlas: Database Access)' },
  'reset-expired-password': {
    title: 'Reset the expired password (ALTER USER ... IDENTIFIED BY ...) and update it here',
    action: cmd('dbpulse.setSecret'),
  },
  // TLS
  'enable-tls': { title: 'Enable TLS for this connection (sslmode=require or stricter)', action: edit({ tls: { mode: 'require' } }) },
  'disable-tls': {
    title: 'Turn TLS off for this connection (the server has no TLS), or enable TLS on the server',
    action: edit({ tls: { mode: 'disable' } }),
  },
  'ca-file': { title: 'Point the connection at the CA bundle that signed the server certificate', action: edit({ tls: { caFile: '' } }) },
  'allow-self-signed': {
    title: 'For a development server only: allow its self-signed certificate',
    action: edit({ tls: { allowSelfSigned: true } }),
  },
  'cert-hostname': { title: 'Connect using the host name that the certificate names (or reissue the certificate with this name)' },
  'renew-cert': { title: "Renew the server certificate (or check this machine's clock)" },
  'tls-port': { title: 'Check that the port speaks the protocol you expect (TLS vs plain, or a different service on that port)' },
  // database objects
  'create-database': { title: 'Create the database {database}, or correct the database name', action: cmd('dbpulse.editConnection') },
  'run-migrations': { title: 'Run the migrations, or check the schema/search_path and table name' },
  'reload-schema-cache': { title: "Reload PostgREST's schema cache (NOTIFY pgrst, 'reload schema') after creating the table" },
  'expose-schema': { title: 'Add the schema to the exposed schemas in the API settings (db-schemas)' },
  // capacity
  'close-connections': { title: 'Close idle connections or lower the pool size of your apps (and check for leaks)' },
  'raise-max-connections': { title: 'Raise the server limit (max_connections / max_user_connections) or use a pooler' },
  'use-pooler': { title: 'Use a connection pooler (PgBouncer / Supavisor transaction mode) in front of the database' },
  'pool-size': { title: 'Increase the client pool size or its acquire timeout, and release connections after use' },
  'pooler-prepared': {
    title:
      'In transaction-mode pooling disable prepared statements (pgbouncer=true / statement_cache_size=0) or use session mode (port 5432)',
  },
  'supabase-pooler-user': { title: "Use the pooler user name postgres.<project-ref> and the pooler host of your project's region" },
  'wait-quota': { title: 'Back off and retry later; raise the quota or plan if this repeats' },
  // server state
  'wait-startup': {
    title: 'Wait: the server is starting up, recovering or shutting down; DB Pulse retries without alerting',
    action: { kind: 'retry', afterMs: 5000 },
  },
  'connect-primary': { title: 'Send writes to the primary: connect to the replica set / cluster endpoint rather than one node' },
  'free-disk': { title: 'Free disk space on the database server (or grow the volume)' },
  // config
  'fix-url': { title: 'Fix the connection settings: the URL or a field is malformed', action: cmd('dbpulse.editConnection') },
  'mongo-scheme': { title: 'Start the connection string with mongodb:// or mongodb+srv://', action: cmd('dbpulse.editConnection') },
  'firebase-init': { title: 'Initialise the app with the project id and credentials (initializeApp({ credential, projectId }))' },
  'firebase-database-url': {
    title: 'Set the Realtime Database URL (databaseURL) for this connection',
    action: cmd('dbpulse.editConnection'),
  },
  // cloud credentials
  'set-gac': {
    title:
      'Provide a service account: set GOOGLE_APPLICATION_CREDENTIALS to the key file, or store the JSON (DB Pulse: Set Service Account)',
    action: cmd('dbpulse.setSecret'),
  },
  'new-service-account-key': {
    title: 'Create a new service-account key (the old one is invalid, revoked or deleted) and store it',
    action: cmd('dbpulse.setSecret'),
  },
  'sync-clock': { title: "Synchronise this machine's clock (NTP): tokens are rejected when the local time is off" },
  'check-api-key': { title: 'Copy the API key for this project again (Supabase: Settings → API keys)', action: cmd('dbpulse.setSecret') },
  'set-api-key': { title: 'Provide the API key: none was sent', action: cmd('dbpulse.setSecret') },
  'refresh-session': { title: 'Refresh the session / sign in again to get a new access token' },
  'restore-project': {
    title: 'Restore (unpause) the project in the dashboard, or check the project URL/ID',
    action: cmd('dbpulse.editConnection'),
  },
  'enable-api': { title: 'Enable the API / create the database for this project in the Google Cloud console' },
  'firestore-rules': { title: "Check Firestore security rules or the service account's IAM roles for this operation" },
  'firestore-index': { title: 'Create the composite index that the query needs (the error message links to it)' },
  emulator: { title: 'Start the emulator, or unset the *_EMULATOR_HOST variable to use the real service' },
  'statement-timeout': { title: 'Optimise the query or raise the statement timeout; check for locks held by other sessions' },
  'upgrade-driver': { title: 'Upgrade the driver or server so their versions are compatible' },
};
