/**
 * Supabase probe against SupabaseStandIn (a stand-in speaking PostgREST's and
 * GoTrue's HTTP API, NOT Supabase), backed by the real PostgreSQL 15 of
 * test/servers/postgres.ts; the direct Postgres connection goes to that real server.
 */
import * as assert from 'node:assert/strict';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { ConnectionConfig, ConnectionSecret } from '../../../src/shared/connection';
import type { ProbeResult } from '../../../src/shared/probe';
import { runProbe } from '../../../src/server/probes/runProbe';
import { closedPort } from '../../servers/ports';
import { silentListener } from '../../servers/mongoFaults';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';
import { SupabaseStandIn } from '../../standins/supabase-standin';

const PG_PASSWORD = 'Sup4base-Direct!pw';

async function probe(over: Partial<ConnectionConfig>, secret: ConnectionSecret): Promise<ProbeResult> {
  const config: ConnectionConfig = {
    id: 'supa-test',
    name: 'supabase test',
    provider: 'supabase',
    connectTimeoutMs: 3000,
    statementTimeoutMs: 3000,
    ...over,
  };
  // runProbe's own classifier, the diagnoser (src/server/diagnosis), as in the product.
  const r = await runProbe({ config, secret });
  const text = JSON.stringify(r);
  for (const s of [secret.apiKey, secret.password]) if (s) assert.ok(!text.includes(s), 'a secret leaked into the result');
  return r;
}

describe('Supabase probe — SupabaseStandIn (PostgREST/GoTrue HTTP stand-in) on real PostgreSQL', function () {
  this.timeout(60000);
  let pg: PgServer | undefined;
  let standIn: SupabaseStandIn;
  const extra: Array<{ stop(): Promise<void> }> = [];

  before(async function () {
    if (postgresUnavailable()) this.skip();
    pg = await startPostgres();
    await pg.admin(`CREATE TABLE public.notes (id int primary key, body text);
      INSERT INTO public.notes VALUES (1, 'hello'), (2, 'world');
      CREATE TABLE public.secrets (id int);
      CREATE ROLE probe LOGIN PASSWORD '${PG_PASSWORD}';`);
    standIn = await new SupabaseStandIn({
      pg: { host: pg.socketDir, port: pg.port, user: 'postgres', database: 'postgres' },
      publishableKey: 'sb_publishable_standin0123456789abcdef',
    }).start();
    await pg.admin('GRANT SELECT ON public.notes TO anon');
  });
  after(async () => {
    for (const s of extra.splice(0)) await s.stop().catch(() => undefined);
    await standIn?.stop();
    await pg?.destroy();
  });

  it('is up with rest_ok/auth_ok and their latencies, read-only, key never echoed (stand-in)', async () => {
    const before = standIn.requests.length;
    const r = await probe({ projectUrl: standIn.url }, { apiKey: standIn.anonKey });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.equal(r.metrics.rest_ok, true);
    assert.equal(r.metrics.auth_ok, true);
    assert.equal(typeof r.metrics.rest_ms, 'number');
    assert.equal(typeof r.metrics.auth_ms, 'number');
    assert.equal(r.serverVersion, 'PostgREST 12.2.3 (dbpulse stand-in)');
    assert.equal(r.tls, null, 'http:// project URL: no TLS');
    const seen = standIn.requests.slice(before);
    assert.deepEqual(
      seen.map((q) => `${q.method} ${q.path}`),
      ['GET /rest/v1/', 'GET /auth/v1/health'],
    );
    assert.ok(
      seen.every((q) => q.hasApiKey && q.hasBearer),
      'supabase-js sent apikey and Authorization',
    );
  });

  it('a publishable key (sb_publishable_…) is accepted by the gateway: up (stand-in)', async () => {
    const r = await probe({ projectUrl: standIn.url }, { apiKey: 'sb_publishable_standin0123456789abcdef' });
    assert.equal(r.state, 'up', JSON.stringify(r));
  });

  it('a key of another project: gateway 401 "Invalid API key", down / api_key_invalid (stand-in)', async () => {
    const foreign = standIn.key({ role: 'anon', iss: 'supabase' }, 'another-projects-secret');
    const r = await probe({ projectUrl: standIn.url }, { apiKey: foreign });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.fields?.status, 401);
    assert.match(r.error?.message ?? '', /Invalid API key/);
    assert.equal(r.error?.category, 'api_key_invalid', JSON.stringify(r.error));
  });

  describe('without the gateway (self-hosted PostgREST layout) (stand-in)', () => {
    let direct: SupabaseStandIn;
    before(async () => {
      direct = await new SupabaseStandIn({
        pg: { host: pg!.socketDir, port: pg!.port, user: 'postgres', database: 'postgres' },
        gateway: false,
      }).start();
      extra.push(direct);
    });

    it('an expired key: 401 PGRST303, down / jwt_expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = direct.key({ role: 'anon', iat: now - 7200, exp: now - 3600 });
      const r = await probe({ projectUrl: direct.url }, { apiKey: expired });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.code, 'PGRST303');
      assert.equal(r.error?.category, 'jwt_expired', JSON.stringify(r.error));
    });

    it('a key signed with the wrong secret: 401 PGRST301, down / api_key_invalid', async () => {
      const forged = direct.key({ role: 'service_role' }, 'not-the-project-secret');
      const r = await probe({ projectUrl: direct.url }, { apiKey: forged });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.code, 'PGRST301');
      assert.equal(r.error?.category, 'api_key_invalid', JSON.stringify(r.error));
    });
  });

  it('Auth service down behind the gateway (502): degraded, auth_ok false, REST still up (stand-in)', async () => {
    standIn.authDown = true;
    try {
      const r = await probe({ projectUrl: standIn.url }, { apiKey: standIn.anonKey });
      assert.equal(r.state, 'degraded', JSON.stringify(r));
      assert.equal(r.metrics.rest_ok, true);
      assert.equal(r.metrics.auth_ok, false);
      assert.ok(r.warnings?.some((w) => /Auth API unhealthy: .*502/.test(w)));
    } finally {
      standIn.authDown = false;
    }
  });

  it('with the direct Postgres connection: all PostgreSQL metrics and phases too (stand-in + real PostgreSQL)', async () => {
    const r = await probe(
      { projectUrl: standIn.url, host: '127.0.0.1', port: pg!.port, user: 'probe', database: 'postgres', tls: { mode: 'require' } },
      { apiKey: standIn.anonKey, password: PG_PASSWORD },
    );
    assert.notEqual(r.state, 'down', JSON.stringify(r));
    assert.equal(r.metrics.rest_ok, true);
    assert.equal(r.metrics.auth_ok, true);
    assert.equal(typeof r.metrics.connections_used, 'number');
    assert.equal(typeof r.metrics.max_connections, 'number');
    assert.equal(typeof r.timings.authMs, 'number');
    assert.match(r.serverVersion ?? '', /^15\./);
    assert.equal(r.tls?.protocol?.startsWith('TLS'), true);
  });

  it('direct Postgres with a wrong password: down / auth_failed from the real server (stand-in + real PostgreSQL)', async () => {
    const r = await probe(
      { projectUrl: standIn.url, host: '127.0.0.1', port: pg!.port, user: 'probe', tls: { mode: 'require' } },
      { apiKey: standIn.anonKey, password: 'wrong-password-123' },
    );
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'auth_failed', JSON.stringify(r.error));
  });

  it('the stand-in answers supabase-js like PostgREST: rows, PGRST205, 42501 for anon (stand-in fidelity)', async () => {
    const sb = createClient(standIn.url, standIn.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    });
    const rows = await sb.from('notes').select('id,body').order('id');
    assert.equal(rows.error, null);
    assert.equal(rows.data?.length, 2);
    const missing = await sb.from('nope').select('*');
    assert.equal(missing.status, 404);
    assert.equal(missing.error?.code, 'PGRST205');
    const denied = await sb.from('secrets').select('*');
    assert.equal(denied.status, 401);
    assert.equal(denied.error?.code, '42501');
    const noKey = await fetch(`${standIn.url}/rest/v1/`);
    assert.equal(noKey.status, 401);
    assert.match(await noKey.text(), /No API key found/);
  });

  it('database stopped: PostgREST 503 PGRST000, down / server_unavailable (stand-in + real PostgreSQL stopped)', async () => {
    await pg!.stop();
    try {
      const r = await probe({ projectUrl: standIn.url }, { apiKey: standIn.anonKey });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.fields?.status, 503);
      assert.equal(r.error?.code, 'PGRST000');
      // The API is up, its database is not: libpq's "Connection refused" in PostgREST's `details` must not win over PGRST000.
      assert.equal(r.error?.category, 'server_unavailable', JSON.stringify(r.error));
    } finally {
      await pg!.start();
    }
  });

  it('no API key stored: down before any request', async () => {
    const before = standIn.requests.length;
    const r = await probe({ projectUrl: standIn.url }, {});
    assert.equal(r.state, 'down');
    assert.match(r.error?.message ?? '', /API key/);
    assert.equal(r.error?.category, 'credentials_missing', JSON.stringify(r.error));
    assert.equal(standIn.requests.length, before);
  });
});

describe('Supabase probe — network faults (loopback)', function () {
  this.timeout(30000);
  const key = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';

  it('nothing listening at the project URL: down / conn_refused', async () => {
    const port = await closedPort();
    const r = await probe({ projectUrl: `http://127.0.0.1:${port}` }, { apiKey: key });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'conn_refused', JSON.stringify(r.error));
  });

  it('a project host that does not resolve (.invalid): down / dns_failure', async () => {
    const r = await probe({ projectUrl: 'https://nosuchproject.invalid' }, { apiKey: key });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'dns_failure', JSON.stringify(r.error));
  });

  it('a listener that never answers: down / timeout at the connect timeout', async () => {
    const l = await silentListener();
    try {
      const r = await probe({ projectUrl: `http://127.0.0.1:${l.port}`, connectTimeoutMs: 600 }, { apiKey: key });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'timeout', JSON.stringify(r.error));
    } finally {
      await l.stop();
    }
  });
});
