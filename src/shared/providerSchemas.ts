/**
 * Per-provider connection form schemas (as SQLTools' connection.schema.json),
 * live validation of a connection's settings, and connection-string parsing
 * that splits the secret out. Pure: no Node or editor APIs, so the client, the
 * webview, the server and the CLI all use the same rules.
 */
import { isProvider, PROVIDERS, type Provider } from './categories';
import type { ConnectionConfig, ConnectionSecret, TlsOptions } from './connection';
import { splitUrl, urlWithoutPassword } from './connectionUrl';

export type FieldType = 'string' | 'integer' | 'boolean' | 'enum' | 'tags' | 'multiline' | 'url' | 'file';
export type FieldGroup = 'general' | 'server' | 'auth' | 'tls' | 'advanced';

export interface SchemaField {
  /**
   * Where the value lives: a `ConnectionConfig` path (`host`, `tls.mode`,
   * `emulator.auth`) or, when `secret` is set, a `ConnectionSecret` key.
   */
  key: string;
  label: string;
  type: FieldType;
  group: FieldGroup;
  required?: boolean;
  default?: string | number | boolean;
  /** Stored in VS Code SecretStorage (keyed by connection id), never in settings. */
  secret?: boolean;
  enum?: readonly string[];
  min?: number;
  max?: number;
  placeholder?: string;
  description?: string;
  /** Shown only when another field has one of these values (`{ key: 'tls.mode', in: ['verify-ca','verify-full'] }`). */
  showWhen?: { key: string; in: readonly (string | number | boolean)[] };
}

export interface ProviderSchema {
  provider: Provider;
  title: string;
  /** URL schemes "Add from Connection String" accepts for this provider. */
  urlSchemes: readonly string[];
  fields: readonly SchemaField[];
  /** Secret keys of which at least one must be present for a probe. */
  requiredSecrets?: readonly (keyof ConnectionSecret)[];
}

export const TLS_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

const GENERAL: readonly SchemaField[] = [
  { key: 'name', label: 'Name', type: 'string', group: 'general', required: true, placeholder: 'Orders DB (prod)' },
  {
    key: 'id',
    label: 'Id',
    type: 'string',
    group: 'general',
    required: true,
    description: 'Letters, digits, _ . -; keys the secret in Secret Storage.',
  },
  { key: 'tags', label: 'Tags', type: 'tags', group: 'general', description: 'prod, staging, local …' },
];

const TIMEOUTS: readonly SchemaField[] = [
  { key: 'connectTimeoutMs', label: 'Connect timeout (ms)', type: 'integer', group: 'advanced', default: 10000, min: 100, max: 600000 },
  { key: 'statementTimeoutMs', label: 'Statement timeout (ms)', type: 'integer', group: 'advanced', default: 5000, min: 100, max: 600000 },
  { key: 'interval', label: 'Probe interval (ms or cron)', type: 'string', group: 'advanced', placeholder: '60000 or */5 * * * *' },
];

function tlsFields(defaultMode: (typeof TLS_MODES)[number]): SchemaField[] {
  return [
    {
      key: 'tls.mode',
      label: 'TLS mode',
      type: 'enum',
      group: 'tls',
      enum: TLS_MODES,
      default: defaultMode,
      description: 'libpq vocabulary: verify-full checks the certificate and the host name.',
    },
    {
      key: 'tls.caFile',
      label: 'CA certificate file (PEM)',
      type: 'file',
      group: 'tls',
      showWhen: { key: 'tls.mode', in: ['require', 'verify-ca', 'verify-full'] },
    },
    {
      key: 'tls.allowSelfSigned',
      label: 'Allow self-signed certificate',
      type: 'boolean',
      group: 'tls',
      default: false,
      showWhen: { key: 'tls.mode', in: ['require', 'prefer'] },
    },
  ];
}

function sqlServer(port: number, user: string, database: string | undefined): SchemaField[] {
  return [
    { key: 'host', label: 'Host', type: 'string', group: 'server', required: true, default: 'localhost' },
    { key: 'port', label: 'Port', type: 'integer', group: 'server', required: true, default: port, min: 1, max: 65535 },
    { key: 'database', label: 'Database', type: 'string', group: 'server', ...(database ? { default: database } : {}) },
    { key: 'user', label: 'User', type: 'string', group: 'auth', required: true, default: user },
    { key: 'password', label: 'Password', type: 'string', group: 'auth', secret: true },
  ];
}

export const PROVIDER_SCHEMAS: Readonly<Record<Provider, ProviderSchema>> = {
  postgres: {
    provider: 'postgres',
    title: 'PostgreSQL',
    urlSchemes: ['postgres', 'postgresql'],
    fields: [...GENERAL, ...sqlServer(5432, 'postgres', 'postgres'), ...tlsFields('prefer'), ...TIMEOUTS],
  },
  mysql: {
    provider: 'mysql',
    title: 'MySQL / MariaDB',
    urlSchemes: ['mysql', 'mariadb'],
    fields: [...GENERAL, ...sqlServer(3306, 'root', undefined), ...tlsFields('prefer'), ...TIMEOUTS],
  },
  mongodb: {
    provider: 'mongodb',
    title: 'MongoDB',
    urlSchemes: ['mongodb', 'mongodb+srv'],
    fields: [
      ...GENERAL,
      {
        key: 'url',
        label: 'Connection string (without password)',
        type: 'url',
        group: 'server',
        placeholder: 'mongodb+srv://app@cluster0.example.mongodb.net/?retryWrites=true',
        description: 'Either a connection string or host and port.',
      },
      { key: 'host', label: 'Host', type: 'string', group: 'server', placeholder: 'localhost' },
      { key: 'port', label: 'Port', type: 'integer', group: 'server', default: 27017, min: 1, max: 65535 },
      { key: 'database', label: 'Database', type: 'string', group: 'server', default: 'admin' },
      { key: 'user', label: 'User', type: 'string', group: 'auth' },
      { key: 'password', label: 'Password', type: 'string', group: 'auth', secret: true },
      ...tlsFields('prefer'),
      ...TIMEOUTS,
    ],
  },
  firebase: {
    provider: 'firebase',
    title: 'Firebase',
    urlSchemes: [],
    requiredSecrets: ['serviceAccountJson', 'apiKey'],
    fields: [
      ...GENERAL,
      { key: 'projectId', label: 'Project id', type: 'string', group: 'server', required: true, placeholder: 'my-app-1234' },
      {
        key: 'databaseUrl',
        label: 'Realtime Database URL',
        type: 'url',
        group: 'server',
        placeholder: 'https://my-app-1234-default-rtdb.firebaseio.com',
      },
      {
        key: 'serviceAccountJson',
        label: 'Service account JSON',
        type: 'multiline',
        group: 'auth',
        secret: true,
        description: 'Paste the key file contents; it goes to Secret Storage.',
      },
      {
        key: 'apiKey',
        label: 'Web API key',
        type: 'string',
        group: 'auth',
        secret: true,
        description: 'For the Auth REST reachability check.',
      },
      { key: 'emulator.auth', label: 'Auth emulator (host:port)', type: 'string', group: 'advanced', placeholder: '127.0.0.1:9099' },
      {
        key: 'emulator.firestore',
        label: 'Firestore emulator (host:port)',
        type: 'string',
        group: 'advanced',
        placeholder: '127.0.0.1:8080',
      },
      {
        key: 'emulator.database',
        label: 'Realtime Database emulator (host:port)',
        type: 'string',
        group: 'advanced',
        placeholder: '127.0.0.1:9000',
      },
      ...TIMEOUTS,
    ],
  },
  supabase: {
    provider: 'supabase',
    title: 'Supabase',
    urlSchemes: ['https', 'http'],
    requiredSecrets: ['apiKey'],
    fields: [
      ...GENERAL,
      {
        key: 'projectUrl',
        label: 'Project URL',
        type: 'url',
        group: 'server',
        required: true,
        placeholder: 'https://abcdefghijklmnop.supabase.co',
      },
      { key: 'apiKey', label: 'API key (anon / publishable)', type: 'string', group: 'auth', secret: true, required: true },
      {
        key: 'host',
        label: 'Direct Postgres host (optional)',
        type: 'string',
        group: 'server',
        placeholder: 'db.abcdefghijklmnop.supabase.co',
      },
      { key: 'port', label: 'Direct Postgres port', type: 'integer', group: 'server', default: 5432, min: 1, max: 65535 },
      { key: 'database', label: 'Direct Postgres database', type: 'string', group: 'server', default: 'postgres' },
      { key: 'user', label: 'Direct Postgres user', type: 'string', group: 'auth', default: 'postgres' },
      { key: 'password', label: 'Direct Postgres password', type: 'string', group: 'auth', secret: true },
      ...tlsFields('require'),
      ...TIMEOUTS,
    ],
  },
};

export function schemaFor(provider: Provider): ProviderSchema {
  return PROVIDER_SCHEMAS[provider];
}

// ---------------------------------------------------------------- validation

export interface ConnectionProblem {
  /** Config path (`port`, `tls.mode`) or '' for the whole connection. */
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface ValidateOptions {
  /**
   * Validate for probing rather than for saving: `id`/`name` are not required
   * (an unsaved form can be tested), the rest is the same.
   */
  forProbe?: boolean;
}

const ID_RE = /^[A-Za-z0-9_.-]+$/;

function isIntIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** Problems with a connection's settings, as the form shows them while typing. Pure; never throws. */
export function validateConnection(
  config: Partial<ConnectionConfig> | null | undefined,
  options: ValidateOptions = {},
): ConnectionProblem[] {
  const out: ConnectionProblem[] = [];
  const err = (field: string, message: string) => out.push({ field, message, severity: 'error' });
  const warn = (field: string, message: string) => out.push({ field, message, severity: 'warning' });
  if (typeof config !== 'object' || config === null) {
    err('', 'a connection must be an object');
    return out;
  }
  if (!isProvider(config.provider)) {
    err('provider', `provider must be one of ${PROVIDERS.join(', ')}`);
    return out;
  }
  if (!options.forProbe) {
    if (typeof config.id !== 'string' || !ID_RE.test(config.id)) err('id', 'id is required: letters, digits, _ . - only');
    if (typeof config.name !== 'string' || config.name.trim() === '') err('name', 'name is required');
  }
  if (config.port !== undefined && !isIntIn(config.port, 1, 65535)) err('port', 'port must be a whole number from 1 to 65535');
  for (const key of ['connectTimeoutMs', 'statementTimeoutMs'] as const) {
    const v = config[key];
    if (v !== undefined && !isIntIn(v, 100, 600_000)) err(key, `${key} must be a whole number of milliseconds from 100 to 600000`);
  }
  if (config.tls !== undefined) {
    if (typeof config.tls !== 'object' || config.tls === null) err('tls', 'tls must be an object');
    else if (config.tls.mode !== undefined && !(TLS_MODES as readonly string[]).includes(config.tls.mode)) {
      err('tls.mode', `tls.mode must be one of ${TLS_MODES.join(', ')}`);
    } else if (config.tls.allowSelfSigned && (config.tls.mode === 'verify-ca' || config.tls.mode === 'verify-full')) {
      warn('tls.allowSelfSigned', `allowSelfSigned turns certificate verification off, which contradicts tls.mode=${config.tls.mode}`);
    }
    if (config.tls.mode === 'disable') warn('tls.mode', 'TLS is disabled: passwords and data travel in clear text');
  }
  if (config.tags !== undefined && (!Array.isArray(config.tags) || config.tags.some((t) => typeof t !== 'string')))
    err('tags', 'tags must be a list of strings');

  const schema = PROVIDER_SCHEMAS[config.provider];
  if (config.url !== undefined) {
    if (typeof config.url !== 'string' || config.url.trim() === '') err('url', 'url must be a non-empty string');
    else {
      const split = splitUrl(config.url);
      if (!split) err('url', 'url is not a connection URL (scheme://host…)');
      else {
        if (!schema.urlSchemes.includes(split.scheme))
          err('url', `a ${schema.title} URL starts with ${schema.urlSchemes.map((s) => `${s}://`).join(' or ') || '(no URL form)'}`);
        if (split.password !== undefined) err('url', 'the URL contains a password: remove it and store the password in Secret Storage');
        if (!split.hosts) err('url', 'the URL has no host');
        for (const h of split.hostList) {
          if (h.port !== undefined && !validPort(h.port)) err('url', `invalid port in URL: ${h.host}:${h.port}`);
        }
      }
    }
  }
  const hasUrl = typeof config.url === 'string' && config.url.trim() !== '';
  switch (config.provider) {
    case 'postgres':
    case 'mysql':
    case 'mongodb':
      if (!hasUrl && (typeof config.host !== 'string' || config.host.trim() === '')) err('host', 'host is required (or a URL)');
      if (typeof config.host === 'string' && /[\s/@]/.test(config.host.trim()))
        err('host', 'host must be a host name or an address, without spaces, "/" or "@"');
      break;
    case 'firebase':
      if (typeof config.projectId !== 'string' || !/^[a-z0-9][a-z0-9-]{2,62}$/.test(config.projectId))
        err('projectId', 'projectId is required: lower-case letters, digits and -');
      if (config.databaseUrl !== undefined && !isHttpUrl(config.databaseUrl)) err('databaseUrl', 'databaseUrl must be an https:// URL');
      break;
    case 'supabase':
      if (!isHttpUrl(config.projectUrl)) err('projectUrl', 'projectUrl is required: https://<project-ref>.supabase.co');
      else if (/^http:\/\//i.test(config.projectUrl ?? '') && !isLoopbackUrl(config.projectUrl ?? ''))
        warn('projectUrl', 'projectUrl uses http:// (no TLS) for a non-local host');
      break;
  }
  if (config.emulator !== undefined) {
    if (typeof config.emulator !== 'object' || config.emulator === null) err('emulator', 'emulator must be an object of host:port strings');
    else
      for (const [k, v] of Object.entries(config.emulator)) {
        if (typeof v !== 'string' || !/^[^\s:/]+:\d{1,5}$|^https?:\/\/\S+$/.test(v))
          err(`emulator.${k}`, `emulator.${k} must be host:port or a URL`);
      }
  }
  return out;
}

/** Secrets a probe of this provider needs, as problems (none missing → []). */
export function validateSecret(provider: Provider, secret: ConnectionSecret | null | undefined): ConnectionProblem[] {
  const required = PROVIDER_SCHEMAS[provider].requiredSecrets;
  if (!required || required.length === 0) return [];
  const has = required.some((k) => typeof secret?.[k] === 'string' && (secret?.[k] ?? '').length > 0);
  return has ? [] : [{ field: required[0], message: `${required.join(' or ')} is required (stored in Secret Storage)`, severity: 'error' }];
}

/** A port as written in a URL: digits only, 1 to 65535 (`host:` with nothing after it is not a port). */
function validPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && isIntIn(Number(text), 1, 65535);
}

function isHttpUrl(v: unknown): v is string {
  return typeof v === 'string' && /^https?:\/\/[^\s/?#]+/i.test(v);
}

function isLoopbackUrl(v: string): boolean {
  return /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(v);
}

// ------------------------------------------------------ connection strings

export class ConnectionStringError extends Error {
  readonly code = 'ERR_INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionStringError';
  }
}

export interface ParseOptions {
  id?: string;
  name?: string;
  /** Force the provider (e.g. a postgres:// URL for a Supabase project's direct connection). */
  provider?: Provider;
}

export interface ParsedConnection {
  config: ConnectionConfig;
  secret: ConnectionSecret;
}

const SCHEME_PROVIDER: Record<string, Provider> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  mongodb: 'mongodb',
  'mongodb+srv': 'mongodb',
};

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'connection'
  );
}

function pgTls(params: Map<string, string>): TlsOptions | undefined {
  const mode = params.get('sslmode')?.toLowerCase();
  const tls: TlsOptions = {};
  if (mode === 'disable' || mode === 'allow') tls.mode = 'disable';
  else if (mode === 'prefer') tls.mode = 'prefer';
  else if (mode === 'require') tls.mode = 'require';
  else if (mode === 'verify-ca') tls.mode = 'verify-ca';
  else if (mode === 'verify-full') tls.mode = 'verify-full';
  else if (mode === 'no-verify') {
    tls.mode = 'require';
    tls.allowSelfSigned = true;
  } else if (mode !== undefined)
    throw new ConnectionStringError(`unknown sslmode '${mode}' (use disable, prefer, require, verify-ca or verify-full)`);
  else if (params.get('ssl') === 'true' || params.get('ssl') === '1') tls.mode = 'require';
  const root = params.get('sslrootcert');
  if (root && root !== 'system') tls.caFile = root;
  return Object.keys(tls).length ? tls : undefined;
}

function mysqlTls(params: Map<string, string>): TlsOptions | undefined {
  const mode = (params.get('ssl-mode') ?? params.get('sslmode') ?? params.get('sslMode'))?.toUpperCase().replace(/-/g, '_');
  const tls: TlsOptions = {};
  if (mode === 'DISABLED' || mode === 'DISABLE') tls.mode = 'disable';
  else if (mode === 'PREFERRED' || mode === 'PREFER') tls.mode = 'prefer';
  else if (mode === 'REQUIRED' || mode === 'REQUIRE') tls.mode = 'require';
  else if (mode === 'VERIFY_CA') tls.mode = 'verify-ca';
  else if (mode === 'VERIFY_IDENTITY' || mode === 'VERIFY_FULL') tls.mode = 'verify-full';
  else if (mode !== undefined)
    throw new ConnectionStringError(`unknown ssl-mode '${mode}' (use DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)`);
  else {
    const ssl = params.get('ssl');
    if (ssl !== undefined) {
      if (ssl === 'false' || ssl === '0') tls.mode = 'disable';
      else if (ssl === 'true' || ssl === '1' || ssl === '') tls.mode = 'verify-full';
      else if (/rejectUnauthorized["']?\s*:\s*false/.test(ssl)) {
        tls.mode = 'require';
        tls.allowSelfSigned = true;
      } else tls.mode = 'require';
    }
  }
  const ca = params.get('ssl-ca') ?? params.get('sslca');
  if (ca) tls.caFile = ca;
  return Object.keys(tls).length ? tls : undefined;
}

function seconds(params: Map<string, string>, key: string, scale: number): number | undefined {
  const v = params.get(key);
  if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return undefined;
  const ms = Math.round(Number(v) * scale);
  return ms >= 100 ? ms : undefined;
}

/**
 * Turns a connection string into settings plus the secret split out of it.
 * postgres(ql)://, mysql://, mariadb://, mongodb(+srv)://, https://<ref>.supabase.co,
 * https://<db>.firebaseio.com / .firebasedatabase.app. Throws `ConnectionStringError`
 * with a clear message for anything else.
 */
export function parseConnectionString(url: string, options: ParseOptions = {}): ParsedConnection {
  if (typeof url !== 'string' || url.trim() === '') throw new ConnectionStringError('the connection string is empty');
  const split = splitUrl(url);
  if (!split)
    throw new ConnectionStringError('not a connection string: expected scheme://… (postgres://, mysql://, mongodb://, https://…)');
  const secret: ConnectionSecret = {};
  if (split.password !== undefined && split.password !== '') secret.password = split.password;
  const params = new Map(split.params);

  let provider: Provider | undefined = options.provider ?? SCHEME_PROVIDER[split.scheme];
  if (!provider && (split.scheme === 'https' || split.scheme === 'http')) {
    const first = split.hostList[0]?.host ?? '';
    if (/\.supabase\.(co|in)$/i.test(first) || /supabase/i.test(split.hosts)) provider = 'supabase';
    else if (/\.(firebaseio\.com|firebasedatabase\.app)$/i.test(first)) provider = 'firebase';
  }
  if (!provider)
    throw new ConnectionStringError(
      `unsupported scheme '${split.scheme}://': use postgres://, mysql://, mariadb://, mongodb://, mongodb+srv:// or a Supabase / Firebase https:// URL`,
    );
  if (!split.hosts) throw new ConnectionStringError('the connection string has no host');

  const config: ConnectionConfig = { id: '', name: '', provider };
  if (provider === 'postgres' || provider === 'mysql') {
    if (split.hostList.length > 1)
      throw new ConnectionStringError(`multiple hosts are not supported for ${provider}; add one connection per host`);
    const { host, port } = split.hostList[0] ?? { host: '' };
    if (!host) throw new ConnectionStringError('the connection string has no host');
    // Checked here, before anything resolves the host: `host:notaport` is a usage error, not a DNS lookup.
    if (port !== undefined && !validPort(port))
      throw new ConnectionStringError(`invalid port '${port}': a port is a number from 1 to 65535`);
    config.host = host;
    if (port !== undefined) config.port = Number(port);
    if (split.path) config.database = split.path;
    if (split.user) config.user = split.user;
    const tls = provider === 'postgres' ? pgTls(params) : mysqlTls(params);
    if (tls) config.tls = tls;
    const timeout = provider === 'postgres' ? seconds(params, 'connect_timeout', 1000) : seconds(params, 'connectTimeout', 1);
    if (timeout) config.connectTimeoutMs = timeout;
    if (params.has('password')) {
      secret.password = params.get('password');
    }
  } else if (provider === 'mongodb') {
    // The URL stays (options, replica sets, SRV); only the password leaves it.
    let clean = urlWithoutPassword(url);
    if (params.has('password')) clean = clean.replace(/([?&])password=[^&#]*&?/i, '$1').replace(/[?&]$/, '');
    config.url = clean;
    if (split.user) config.user = split.user;
    if (split.path) config.database = split.path;
    const tls = params.get('tls') ?? params.get('ssl');
    if (tls === 'true')
      config.tls = {
        mode: params.get('tlsAllowInvalidCertificates') === 'true' || params.get('tlsInsecure') === 'true' ? 'require' : 'verify-full',
      };
    else if (tls === 'false') config.tls = { mode: 'disable' };
    else if (split.scheme === 'mongodb+srv') config.tls = { mode: 'verify-full' };
  } else if (provider === 'supabase') {
    config.projectUrl = `${split.scheme}://${split.hosts}`;
    const key = params.get('apikey') ?? params.get('apiKey');
    if (key) secret.apiKey = key;
    delete secret.password;
  } else {
    config.databaseUrl = `${split.scheme}://${split.hosts}`;
    const db = (split.hostList[0]?.host ?? '').split('.')[0];
    config.projectId = db.replace(/-default-rtdb$/, '');
    delete secret.password;
  }

  const host = config.host ?? split.hostList[0]?.host ?? '';
  const label =
    provider === 'supabase' || provider === 'firebase'
      ? host
      : `${config.user ? `${config.user}@` : ''}${host}${config.database ? `/${config.database}` : ''}`;
  config.name = options.name ?? label;
  config.id = options.id ?? slug(`${provider}-${host}${config.database ? `-${config.database}` : ''}`);
  return { config, secret };
}
