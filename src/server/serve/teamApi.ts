/**
 * The read-only team JSON API (`--serve`), behind a bearer token: what a team monitor knows,
 * for editors that read it instead of probing. Each body comes from an injected provider, so
 * the same routes serve today's headless monitor and the monitoring service; a provider that
 * is not given answers 404 saying so.
 *
 *   GET /api/v1/health                                  every connection's health, breaker, last result
 *   GET /api/v1/connections/{id}/series?from=&to=       one connection's latency/state series (epoch ms)
 *   GET /api/v1/predictions                             latest prediction per connection
 *   GET /api/v1/incidents?from=&to=                     alerts sent and state changes
 *   GET /api/v1/findings                                open advisor findings per connection
 */
import { bearerMatches } from './auth';
import { json, type Response, type Route } from './httpServer';

export interface TimeRange {
  from: number;
  to: number;
}

export interface TeamProviders {
  health(): Promise<unknown> | unknown;
  series?(connectionId: string, range: TimeRange): Promise<unknown | undefined>;
  predictions?(): Promise<unknown>;
  incidents?(range: TimeRange): Promise<unknown>;
  findings?(): Promise<unknown>;
}

export interface TeamApiOptions {
  /** The bearer token; `undefined` only when the listener is loopback-bound (checked by the caller). */
  token: string | undefined;
  /** Asked at every request (the monitor may be attached later, or change). */
  providers: () => TeamProviders;
  now?: () => number;
}

const DAY_MS = 86_400_000;
const PREFIX = '/api/v1/';

function range(q: URLSearchParams, now: number): TimeRange | Response {
  const num = (name: string, fallback: number): number | undefined => {
    const v = q.get(name);
    if (v === null || v === '') return fallback;
    return /^\d{1,15}$/.test(v) ? Number(v) : undefined;
  };
  const to = num('to', now);
  const from = num('from', (to ?? now) - DAY_MS);
  if (from === undefined || to === undefined) return json(400, { error: '"from" and "to" must be epoch milliseconds' });
  if (from > to) return json(400, { error: '"from" must not be after "to"' });
  return { from, to };
}

const unavailable = (what: string): Response => json(404, { error: `${what} are not available from this monitor` });

export function teamApiRoutes(o: TeamApiOptions): Route {
  const now = o.now ?? Date.now;
  return async (req) => {
    if (!req.path.startsWith(PREFIX) && req.path !== '/api/v1') return undefined;
    if (o.token !== undefined && !bearerMatches(req.headers.authorization, o.token)) {
      return { ...json(401, { error: 'a valid bearer token is required' }), headers: { 'www-authenticate': 'Bearer realm="dbpulse"' } };
    }
    const rest = req.path.slice(PREFIX.length);
    const p = o.providers();
    if (rest === 'health') return json(200, await p.health());
    if (rest === 'predictions') return p.predictions ? json(200, await p.predictions()) : unavailable('predictions');
    if (rest === 'findings') return p.findings ? json(200, await p.findings()) : unavailable('advisor findings');
    if (rest === 'incidents') {
      if (!p.incidents) return unavailable('incidents');
      const r = range(req.query, now());
      return 'status' in r ? r : json(200, await p.incidents(r));
    }
    const m = /^connections\/([A-Za-z0-9_.-]{1,200})\/series$/.exec(rest);
    if (m) {
      if (!p.series) return unavailable('series');
      const r = range(req.query, now());
      if ('status' in r) return r;
      const body = await p.series(m[1], r);
      return body === undefined ? json(404, { error: `no connection "${m[1]}" on this monitor` }) : json(200, body);
    }
    return json(404, { error: 'unknown endpoint' });
  };
}
