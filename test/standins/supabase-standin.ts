/**
 * SupabaseStandIn — NOT Supabase. No PostgREST or GoTrue can be installed here,
 * so this speaks the part of their HTTP API a client sees, backed by a real
 * PostgreSQL (test/servers/postgres.ts):
 *
 * - the gateway (Kong in a Supabase project): every request needs an `apikey`
 *   header (or `?apikey=`) equal to one of the project's keys, else 401
 *   `{"message":"No API key found in request"}` / `{"message":"Invalid API key"}`;
 *   `gateway: false` serves PostgREST directly, as a self-hosted setup does;
 * - PostgREST under `/rest/v1/`: `Authorization: Bearer <JWT>` verified with the
 *   project's JWT secret (HS256): a bad token is 401 PGRST301, an expired one 401
 *   PGRST303, no token uses the anon role (PGRST302 when there is none). `GET /`
 *   returns an OpenAPI 2.0 description of the tables the role may read; `GET /<table>`
 *   reads rows with the JWT's role (`SET LOCAL ROLE`) in a read-only transaction,
 *   so privileges, missing tables (PGRST205) and database outages (PGRST000, 503)
 *   come from the real server. Errors are `{code,message,details,hint}`;
 * - GoTrue under `/auth/v1/`: `health` and `settings`.
 *
 * Listens on 127.0.0.1 with an OS-assigned port; `stop()` closes it and its pool.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type PoolConfig } from 'pg';

export interface SupabaseStandInOptions {
  /** How the stand-in reaches PostgreSQL (a superuser: it creates the API roles). */
  pg: PoolConfig;
  /** The project's JWT secret (HS256). Random when omitted. */
  jwtSecret?: string;
  /** Serve PostgREST without the gateway's apikey check (self-hosted layout). */
  gateway?: boolean;
  /** A new-style publishable key (`sb_publishable_…`) that the gateway maps to the anon role. */
  publishableKey?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  hasApiKey: boolean;
  hasBearer: boolean;
  status: number;
}

const POSTGREST_VERSION = '12.2.3 (dbpulse stand-in)';
const GOTRUE_VERSION = 'v2.170.0 (dbpulse stand-in)';
const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs an HS256 JWT (as Supabase's anon/service_role keys are). */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const sig = crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; code: 'PGRST301' | 'PGRST303'; message: string };

/** Verifies an HS256 JWT the way PostgREST reports failures. */
export function verifyJwt(token: string, secret: string, nowS = Math.floor(Date.now() / 1000)): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3)
    return {
      ok: false,
      code: 'PGRST301',
      message: `JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got ${parts.length})`,
    };
  let header: { alg?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: unknown };
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, code: 'PGRST301', message: 'JWSError (CompactDecodeError Invalid JSON)' };
  }
  if (header.alg !== 'HS256') return { ok: false, code: 'PGRST301', message: 'JWSError JWSInvalidSignature' };
  const expected = crypto.createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { ok: false, code: 'PGRST301', message: 'JWSError JWSInvalidSignature' };
  if (typeof claims.exp === 'number' && claims.exp <= nowS) return { ok: false, code: 'PGRST303', message: 'JWT expired' };
  return { ok: true, claims };
}

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/** PostgREST's mapping of PostgreSQL error codes to HTTP statuses (docs/references/errors.rst). */
export function statusForSqlState(code: string | undefined, authenticated: boolean): number {
  if (!code) return 500;
  if (code === '42501') return authenticated ? 403 : 401;
  if (code === '42P01' || code === '42883') return 404;
  if (code === '25006') return 405;
  if (code === '23503' || code === '23505') return 409;
  if (code === '53400') return 500;
  if (/^08/.test(code) || /^53/.test(code)) return 503;
  if (/^(0L|0P|28)/.test(code)) return 403;
  if (/^(09|25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(code)) return 500;
  if (code === 'P0001') return 400;
  return 400;
}

export class SupabaseStandIn {
  readonly jwtSecret: string;
  readonly anonKey: string;
  readonly serviceKey: string;
  readonly requests: RecordedRequest[] = [];
  /** Fault switch: the Auth service behind the gateway is down (gateway answers 502). */
  authDown = false;
  private server?: http.Server;
  private readonly pool: Pool;
  private port = 0;

  constructor(private readonly options: SupabaseStandInOptions) {
    this.jwtSecret = options.jwtSecret ?? crypto.randomBytes(32).toString('hex');
    const iat = Math.floor(Date.now() / 1000);
    this.anonKey = signJwt({ iss: 'supabase', ref: 'standin', role: 'anon', iat, exp: iat + 10 * 365 * 86400 }, this.jwtSecret);
    this.serviceKey = signJwt({ iss: 'supabase', ref: 'standin', role: 'service_role', iat, exp: iat + 10 * 365 * 86400 }, this.jwtSecret);
    this.pool = new Pool({ ...options.pg, max: 4, connectionTimeoutMillis: 3000, idleTimeoutMillis: 1000 });
    this.pool.on('error', () => undefined);
  }

  /** http://127.0.0.1:<port> — the "project URL". */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A key signed with this project's secret (e.g. an expired one, or another role). */
  key(claims: Record<string, unknown>, secret = this.jwtSecret): string {
    return signJwt(claims, secret);
  }

  /** Creates the API roles (NOLOGIN, as in a Supabase database) and starts listening. */
  async start(): Promise<this> {
    const c = await this.pool.connect();
    try {
      for (const role of API_ROLES) {
        await c.query(
          `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$`,
        );
        await c.query(`GRANT ${role} TO CURRENT_USER`);
        await c.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      }
    } finally {
      c.release();
    }
    this.server = http.createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) this.send(res, 500, { code: 'PGRSTX00', message: 'stand-in internal error', details: null, hint: null });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
      this.server = undefined;
    }
    await this.pool.end().catch(() => undefined);
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(res.req.method === 'HEAD' ? undefined : JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const apiKey = (req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey') ?? undefined;
    let bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const record = (status: number) =>
      this.requests.push({
        method: req.method ?? '',
        path: url.pathname,
        hasApiKey: apiKey !== undefined,
        hasBearer: bearer !== undefined,
        status,
      });
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      record(status);
      this.send(res, status, body, headers);
    };

    if (this.options.gateway !== false) {
      if (!apiKey)
        return reply(401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
      const isPublishable = this.options.publishableKey !== undefined && apiKey === this.options.publishableKey;
      if (apiKey !== this.anonKey && apiKey !== this.serviceKey && !isPublishable) {
        return reply(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
      }
      // The gateway turns a publishable key into the anon JWT for the services behind it.
      if (isPublishable && (bearer === undefined || bearer === apiKey)) bearer = this.anonKey;
    }

    if (url.pathname === '/auth/v1/health' || url.pathname === '/auth/v1/settings') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return reply(405, { code: 405, error_code: 'method_not_allowed', msg: 'Method not allowed' });
      if (this.authDown) return reply(502, { message: 'An invalid response was received from the upstream server' });
      if (url.pathname === '/auth/v1/health') {
        return reply(200, { version: GOTRUE_VERSION, name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' });
      }
      return reply(200, {
        external: { email: true, phone: false, github: false, google: false },
        disable_signup: false,
        mailer_autoconfirm: false,
        phone_autoconfirm: false,
        sms_provider: '',
        saml_enabled: false,
      });
    }

    if (url.pathname === '/rest/v1' || url.pathname.startsWith('/rest/v1/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return reply(405, {
          code: 'PGRST117',
          details: null,
          hint: null,
          message: `Unsupported HTTP method: ${req.method} (read-only stand-in)`,
        });
      }
      // PostgREST: authenticate the bearer token, or fall back to the anonymous role.
      let role = 'anon';
      let authenticated = false;
      if (bearer !== undefined) {
        const check = verifyJwt(bearer, this.jwtSecret);
        if (!check.ok) {
          return reply(
            401,
            { code: check.code, details: null, hint: null, message: check.message },
            { 'www-authenticate': `Bearer error="invalid_token", error_description="${check.message}"` },
          );
        }
        role = typeof check.claims.role === 'string' ? check.claims.role : 'anon';
        authenticated = role !== 'anon';
      }
      const rest = url.pathname.replace(/^\/rest\/v1\/?/, '');
      if (rest === '') return this.openApiRoot(role, authenticated, reply);
      return this.readTable(decodeURIComponent(rest), url, role, authenticated, reply);
    }

    return reply(404, { message: 'no Route matched with those values' });
  }

  private async withRole<T>(
    role: string,
    fn: (q: (sql: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>) => Promise<T>,
  ): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN READ ONLY');
      await c.query(`SET LOCAL ROLE ${quoteIdent(role)}`);
      const out = await fn((sql, params) => c.query(sql, params as unknown[]));
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  private dbFailure(err: unknown, authenticated: boolean, reply: (s: number, b: unknown) => void): void {
    const e = err as PgError;
    if (e.code && /^[0-9A-Z]{5}$/.test(e.code)) {
      return reply(statusForSqlState(e.code, authenticated), {
        code: e.code,
        details: e.detail ?? null,
        hint: e.hint ?? null,
        message: e.message ?? '',
      });
    }
    // No connection to the database at all: PostgREST reports libpq's text in `details`.
    const where =
      typeof this.options.pg.host === 'string' && this.options.pg.host.startsWith('/')
        ? `socket "${this.options.pg.host}/.s.PGSQL.${this.options.pg.port ?? 5432}"`
        : `server at "${this.options.pg.host ?? 'localhost'}", port ${this.options.pg.port ?? 5432}`;
    const reason = /ECONNREFUSED|ENOENT/.test(e.message ?? '') ? 'Connection refused' : (e.message ?? String(err));
    reply(503, {
      code: 'PGRST000',
      details: `connection to ${where} failed: ${reason}\n\tIs the server running on that host and accepting TCP/IP connections?\n`,
      hint: null,
      message: 'Database client error. Retrying the connection.',
    });
  }

  private async openApiRoot(role: string, authenticated: boolean, reply: (s: number, b: unknown) => void): Promise<void> {
    try {
      const tables = await this.withRole(role, async (q) =>
        (
          await q(
            `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r','v','m','f','p') AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1`,
          )
        ).rows.map((r) => String(r.name)),
      );
      const paths: Record<string, unknown> = {
        '/': {
          get: {
            produces: ['application/openapi+json', 'application/json'],
            responses: { '200': { description: 'OK' } },
            summary: 'OpenAPI description (this document)',
            tags: ['Introspection'],
          },
        },
      };
      for (const t of tables)
        paths[`/${t}`] = { get: { tags: [t], responses: { '200': { description: 'OK' }, '206': { description: 'Partial Content' } } } };
      reply(200, {
        swagger: '2.0',
        info: { description: '', title: 'standard public schema', version: POSTGREST_VERSION },
        host: `127.0.0.1:${this.port}`,
        basePath: '/',
        schemes: ['http'],
        consumes: ['application/json'],
        produces: ['application/json'],
        paths,
      });
    } catch (err) {
      this.dbFailure(err, authenticated, reply);
    }
  }

  private async readTable(
    table: string,
    url: URL,
    role: string,
    authenticated: boolean,
    reply: (s: number, b: unknown) => void,
  ): Promise<void> {
    try {
      // The schema cache knows every table, whatever the role may read.
      const known = await this.pool.query(
        `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1 AND c.relkind IN ('r','v','m','f','p')`,
        [table],
      );
      if (known.rowCount === 0) {
        return reply(404, {
          code: 'PGRST205',
          details: null,
          hint: null,
          message: `Could not find the table 'public.${table}' in the schema cache`,
        });
      }
      const select = url.searchParams.get('select');
      const columns =
        !select || select === '*'
          ? '*'
          : select
              .split(',')
              .map((c) => quoteIdent(c.trim()))
              .join(', ');
      const limit = Math.min(Number(url.searchParams.get('limit') ?? '1000') || 1000, 1000);
      const rows = await this.withRole(
        role,
        async (q) => (await q(`SELECT ${columns} FROM public.${quoteIdent(table)} LIMIT ${limit}`)).rows,
      );
      reply(200, rows);
    } catch (err) {
      this.dbFailure(err, authenticated, reply);
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
