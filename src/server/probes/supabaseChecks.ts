/**
 * Supabase health checks as pure functions: where the REST (PostgREST) and
 * Auth (GoTrue) endpoints of a project are, what their replies mean, and the
 * error object a failed reply becomes (PostgREST's `{code,message,details,hint}`
 * plus the HTTP status, so the diagnoser sees PGRST301/PGRST303/401/503 ...).
 * No I/O here; the provider does the requests.
 */
import type { ConnectionConfig } from '../../shared/connection';

export interface SupabaseEndpoints {
  /** Base URL without trailing slash (https://<ref>.supabase.co). */
  base: string;
  /** PostgREST root: GET returns the OpenAPI description of the exposed schema. */
  restRoot: string;
  /** GoTrue health: GET returns `{version, name, description}`. */
  authHealth: string;
}

/** Endpoints of a project URL; throws `ERR_INVALID_CONFIG` when it is not an http(s) URL. */
export function supabaseEndpoints(config: Pick<ConnectionConfig, 'projectUrl' | 'url'>): SupabaseEndpoints {
  const raw = (config.projectUrl ?? config.url ?? '').trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidConfig('projectUrl is not a URL: set it to https://<project-ref>.supabase.co');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidConfig('projectUrl must start with https://');
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { base, restRoot: `${base}/rest/v1/`, authHealth: `${base}/auth/v1/health` };
}

function invalidConfig(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_INVALID_CONFIG' });
}

/** A failed reply from a Supabase service, carrying what the service said. */
export class SupabaseHttpError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly details?: string;
  readonly hint?: string;
  readonly service: 'rest' | 'auth';
  constructor(service: 'rest' | 'auth', status: number, body: ServiceErrorBody) {
    const what = service === 'rest' ? 'REST API (PostgREST)' : 'Auth API (GoTrue)';
    const text = body.message || body.error_description || body.msg || body.error || `HTTP ${status}`;
    super(`${what} answered HTTP ${status}${body.code ? ` ${body.code}` : ''}: ${text}`);
    this.name = 'SupabaseHttpError';
    this.status = status;
    this.service = service;
    if (body.code) this.code = body.code;
    if (body.details) this.details = body.details;
    if (body.hint) this.hint = body.hint;
  }
}

/** The error fields Supabase services use (PostgREST, Kong, GoTrue). */
export interface ServiceErrorBody {
  code?: string;
  message?: string;
  details?: string;
  hint?: string;
  error?: string;
  error_description?: string;
  msg?: string;
}

/** Reads an error body (JSON or text) into its fields; never throws. */
export function parseErrorBody(text: string): ServiceErrorBody {
  const out: ServiceErrorBody = {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (text.trim()) out.message = text.trim().slice(0, 300);
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null) return out;
  const o = parsed as Record<string, unknown>;
  for (const key of ['message', 'details', 'hint', 'error', 'error_description', 'msg'] as const) {
    const v = o[key];
    if (typeof v === 'string' && v.length > 0) out[key] = v.slice(0, 500);
  }
  // PostgREST codes are strings ("PGRST301", "42501"); GoTrue puts a number in `code` and a name in `error_code`.
  if (typeof o.code === 'string' && o.code.length > 0) out.code = o.code;
  else if (typeof o.error_code === 'string' && o.error_code.length > 0) out.code = o.error_code;
  return out;
}

/** PostgREST's JWT error group (PGRST3xx): the key or token itself was refused. */
function isJwtError(code: string | undefined): boolean {
  return typeof code === 'string' && /^PGRST3\d\d$/.test(code);
}

export type RestVerdict = { ok: true; version?: string } | { ok: false; error: SupabaseHttpError };

/**
 * What a reply to `GET /rest/v1/` means. 2xx: up (the OpenAPI root). A refusal
 * that is not about the key (privileges on the schema root, 42501; root metadata
 * disabled, PGRST126) still proves the API answered and accepted the key: up.
 * Anything else (401, a PGRST3xx JWT error, 5xx, 404 from a gateway) is a failure.
 */
export function restVerdict(status: number, bodyText: string): RestVerdict {
  if (status >= 200 && status < 300) {
    const version = openApiVersion(bodyText);
    return version ? { ok: true, version } : { ok: true };
  }
  const body = parseErrorBody(bodyText);
  if (status !== 401 && status < 500 && !isJwtError(body.code) && (body.code === '42501' || body.code === 'PGRST126')) return { ok: true };
  return { ok: false, error: new SupabaseHttpError('rest', status, body) };
}

/** The `info.version` of a PostgREST OpenAPI document, if the body is one. */
export function openApiVersion(bodyText: string): string | undefined {
  try {
    const doc = JSON.parse(bodyText) as { info?: { version?: unknown } };
    const v = doc?.info?.version;
    return typeof v === 'string' && v.length > 0 ? v.slice(0, 80) : undefined;
  } catch {
    return undefined;
  }
}

export type AuthVerdict = { ok: true; version?: string } | { ok: false; error: SupabaseHttpError };

/** What a reply to `GET /auth/v1/health` means: 2xx is up (with GoTrue's version), anything else a failure. */
export function authVerdict(status: number, bodyText: string): AuthVerdict {
  if (status >= 200 && status < 300) {
    try {
      const doc = JSON.parse(bodyText) as { version?: unknown };
      if (typeof doc.version === 'string' && doc.version.length > 0) return { ok: true, version: doc.version.slice(0, 80) };
    } catch {
      /* a healthy reply without JSON is still healthy */
    }
    return { ok: true };
  }
  return { ok: false, error: new SupabaseHttpError('auth', status, parseErrorBody(bodyText)) };
}

/** A key or token problem: the whole project is unusable with this key, so the probe is down, not degraded. */
export function isKeyProblem(err: SupabaseHttpError): boolean {
  return err.status === 401 || isJwtError(err.code);
}

/**
 * The direct Postgres connection of a Supabase project, when one is configured
 * (`host`, with `port`/`database`/`user`, password in the secret): a `postgres`
 * connection with the same id, timeouts and TLS settings. Supabase requires TLS,
 * so the mode defaults to `require` when none is set.
 */
export function directPostgresConfig(config: ConnectionConfig): ConnectionConfig | undefined {
  const host = typeof config.host === 'string' && config.host.trim() !== '' ? config.host.trim() : undefined;
  if (!host) return undefined;
  const out: ConnectionConfig = {
    id: config.id,
    name: config.name,
    provider: 'postgres',
    host,
    database: config.database ?? 'postgres',
    user: config.user ?? 'postgres',
    tls: { mode: 'require', ...config.tls },
  };
  if (config.port !== undefined) out.port = config.port;
  if (config.connectTimeoutMs !== undefined) out.connectTimeoutMs = config.connectTimeoutMs;
  if (config.statementTimeoutMs !== undefined) out.statementTimeoutMs = config.statementTimeoutMs;
  return out;
}
