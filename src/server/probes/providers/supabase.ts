/**
 * Supabase probe with @supabase/supabase-js: the REST API root (`GET /rest/v1/`,
 * PostgREST's OpenAPI description) and the Auth health endpoint
 * (`GET /auth/v1/health`), both through supabase-js's authenticated fetch (it
 * adds `apikey` and `Authorization: Bearer`), each timed and bounded by the
 * statement timeout. Read-only. When a direct Postgres connection is configured
 * (`host`), part A's PostgreSQL probe runs first and all its metrics and phase
 * timings are included.
 *
 * State: a REST failure, or a refused key/token anywhere, is `down`; an Auth
 * endpoint that fails otherwise (5xx, gateway error) is `degraded`.
 */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { MetricValue } from '../../../shared/probe';
import { authVerdict, directPostgresConfig, isKeyProblem, restVerdict, supabaseEndpoints, type SupabaseEndpoints } from '../supabaseChecks';
import { timedLookup } from '../timing';
import { ProbeFailure, type ProbeContext, type ProbeRequest, type ProviderOutcome } from '../types';
import { probe as probePostgres } from './postgres';
import { errorMessage } from '../../../shared/errors';

type Fetch = typeof fetch;

interface Timed {
  status: number;
  body: string;
  ms: number;
}

/** One GET through supabase-js's fetch, aborted by the probe's signal or after `timeoutMs`. */
async function timedGet(doFetch: Fetch, url: string, ctx: ProbeContext, timeoutMs: number, accept: string): Promise<Timed> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
  const t0 = ctx.clock.monotonic();
  try {
    const res = await doFetch(url, { method: 'GET', headers: { Accept: accept }, signal, redirect: 'manual' });
    const body = await res.text();
    return { status: res.status, body, ms: Math.round((ctx.clock.monotonic() - t0) * 100) / 100 };
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (signal.aborted) {
      throw Object.assign(new Error(`request to ${new URL(url).pathname} timed out after ${timeoutMs} ms`), {
        code: 'ETIMEDOUT',
        cause: err,
      });
    }
    // undici says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error ...) is its cause.
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      throw Object.assign(
        new Error(`could not reach ${new URL(url).host}: ${cause.message}`),
        typeof code === 'string' ? { code, cause } : { cause },
      );
    }
    throw err;
  }
}

export async function probe(req: ProbeRequest, ctx: ProbeContext): Promise<ProviderOutcome> {
  const ep: SupabaseEndpoints = supabaseEndpoints(req.config);
  const apiKey = req.secret.apiKey;
  if (!apiKey) {
    // supabase-js's own wording (createClient throws it for an empty key).
    throw Object.assign(
      new Error('supabaseKey is required: no Supabase API key is stored for this connection (add the anon or publishable key)'),
      { code: 'ERR_CREDENTIALS_MISSING' },
    );
  }

  const metrics: Record<string, MetricValue> = { rest_ok: false, rest_ms: null, auth_ok: false, auth_ms: null };
  const warnings: string[] = [];
  let serverVersion: string | undefined;
  let tls: ProviderOutcome['tls'];

  const pgConfig = directPostgresConfig(req.config);
  if (pgConfig) {
    // `collectMetrics: false` reaches the Postgres probe too: a liveness SELECT 1 instead of the
    // statistics read, and `metrics_skipped: true` among the REST/Auth figures (those are checked every time).
    // The password is the only secret the Postgres probe may see.
    const pg = await probePostgres({ ...req, config: pgConfig, secret: { password: req.secret.password } }, ctx);
    Object.assign(metrics, pg.metrics);
    warnings.push(...(pg.warnings ?? []).map((w) => `postgres: ${w}`));
    serverVersion = pg.serverVersion;
    tls = pg.tls;
  } else {
    // No direct connection: the API host's resolution is the DNS phase.
    await timedLookup(new URL(ep.base).hostname, ctx.phases, ctx.signal);
  }

  const client = createClient(ep.base, apiKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket: realtime-js needs a transport even though the probe never subscribes.
    realtime: { transport: WebSocket as unknown as NonNullable<NonNullable<Parameters<typeof createClient>[2]>['realtime']>['transport'] },
  });
  ctx.onCleanup(() => {
    void client.removeAllChannels().catch(() => undefined);
  });
  // supabase-js's authenticated fetch (apikey + Bearer), as its PostgREST client uses it.
  const doFetch = client.schema('public').fetch ?? fetch;

  // REST: until it answers this is the connect phase (connect deadline); then the statement deadline applies.
  const budget = pgConfig ? ctx.statementTimeoutMs : ctx.connectTimeoutMs + ctx.statementTimeoutMs;
  if (!pgConfig) ctx.phases.start('firstQuery');
  const rest = await timedGet(doFetch, ep.restRoot, ctx, budget, 'application/openapi+json, application/json');
  if (!pgConfig) {
    ctx.phases.end('firstQuery');
    ctx.connected();
  }
  metrics.rest_ms = rest.ms;
  const restResult = restVerdict(rest.status, rest.body);
  if (!restResult.ok) throw new ProbeFailure(restResult.error, serverVersion ? { serverVersion } : {});
  metrics.rest_ok = true;
  if (!serverVersion && restResult.version) serverVersion = `PostgREST ${restResult.version}`;

  try {
    const auth = await timedGet(doFetch, ep.authHealth, ctx, ctx.statementTimeoutMs, 'application/json');
    metrics.auth_ms = auth.ms;
    const authResult = authVerdict(auth.status, auth.body);
    if (authResult.ok) metrics.auth_ok = true;
    else if (isKeyProblem(authResult.error)) throw new ProbeFailure(authResult.error, serverVersion ? { serverVersion } : {});
    else warnings.push(`Auth API unhealthy: ${ctx.redact(authResult.error.message)}`);
  } catch (err) {
    if (err instanceof ProbeFailure || ctx.signal.aborted) throw err;
    warnings.push(`Auth API unreachable: ${ctx.redact(errorMessage(err))}`);
  }

  const outcome: ProviderOutcome = { metrics, warnings };
  if (serverVersion) outcome.serverVersion = serverVersion;
  if (tls !== undefined) outcome.tls = tls;
  else if (ep.base.startsWith('http:')) outcome.tls = null;
  return outcome;
}
