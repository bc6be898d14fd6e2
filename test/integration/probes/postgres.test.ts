/**
 * The PostgreSQL probe against a real PostgreSQL 15 (Debian) started for this
 * file, and every fault from issue 4 produced for real: the probe must report
 * the right state and error category.
 */
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { ProbeResult } from '../../../src/shared/probe';
import { readOnlyBatch } from '../../../src/server/probes/postgresMetrics';
import { ProbeCancelledError, ProbeTimeoutError, runProbe } from '../../../src/server/probes/runProbe';
import { command as probeCommand } from '../../../src/cli/commands/probe';
import type { CliIo } from '../../../src/cli/io';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitUntil } from '../../servers/common';
import { exhaustConnections, startBlackhole, startResetProxy } from '../../servers/faults';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';
import { watchProbeSignal } from '../../support/probeSignal';
import { assertNoSecret } from '../../support/secrets';

const PASSWORD = 'Pr0be-pg-s3cret!x';
const SSL_ONLY_PASSWORD = 'ssl-0nly-pw-Z9';
const RESTRICTED_PASSWORD = 'restr1cted-pw-Q7';

describe('PostgreSQL probe (real PostgreSQL 15 server)', function () {
  this.timeout(60000);
  let pg: PgServer;

  before(async function () {
    const why = postgresUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    pg = await startPostgres({ maxConnections: 20, hbaLines: ['hostnossl all ssl_only 127.0.0.1/32 reject'] });
    await pg.admin(`
      CREATE ROLE probe_user LOGIN PASSWORD '${PASSWORD}';
      CREATE ROLE ssl_only LOGIN PASSWORD '${SSL_ONLY_PASSWORD}';
      CREATE ROLE restricted LOGIN PASSWORD '${RESTRICTED_PASSWORD}';`);
    await pg.admin('CREATE DATABASE probe_db OWNER probe_user');
    await pg.admin('CREATE DATABASE restricted_db');
    await pg.admin('CREATE EXTENSION pg_stat_statements; CREATE TABLE user_data (id int); INSERT INTO user_data VALUES (1)', 'probe_db');
    // A locked-down database: the role may connect but not read server activity.
    await pg.admin(
      'REVOKE SELECT ON pg_catalog.pg_stat_activity, pg_catalog.pg_stat_database FROM PUBLIC; REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_activity(integer) FROM PUBLIC',
      'restricted_db',
    );
  });

  after(async () => {
    await pg?.destroy();
  });

  const cfg = (over: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
    id: 'pg-test',
    name: 'pg test',
    provider: 'postgres',
    host: '127.0.0.1',
    port: pg.port,
    database: 'probe_db',
    user: 'probe_user',
    tls: { mode: 'disable' },
    connectTimeoutMs: 5000,
    statementTimeoutMs: 3000,
    ...over,
  });

  it('is up over verified TLS (verify-full, CA file, host name localhost) with every metric and phase timing', async () => {
    const r = await runProbe({
      config: cfg({ host: 'localhost', tls: { mode: 'verify-full', caFile: pg.cert.caFile } }),
      secret: { password: PASSWORD },
    });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.equal(r.error, undefined);
    assert.match(r.serverVersion ?? '', /^15\./);
    assert.ok(r.tls, 'TLS info');
    assert.match(r.tls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(r.tls.cipher && r.tls.cipher.length > 0);
    assert.equal(r.tls.authorized, true);
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'authMs', 'firstQueryMs'] as const) {
      assert.equal(typeof r.timings[k], 'number', `${k} in ${JSON.stringify(r.timings)}`);
    }
    const phaseSum =
      (r.timings.dnsMs ?? 0) +
      (r.timings.connectMs ?? 0) +
      (r.timings.tlsMs ?? 0) +
      (r.timings.authMs ?? 0) +
      (r.timings.firstQueryMs ?? 0);
    assert.ok(r.timings.totalMs + 0.05 >= phaseSum, `total ${r.timings.totalMs} < phases ${phaseSum}`);
    const m = r.metrics;
    assert.equal(typeof m.connections_used, 'number');
    assert.ok((m.connections_used as number) >= 1, 'the probe itself is a client backend');
    assert.equal(m.max_connections, 20);
    assert.equal(typeof m.oldest_xact_age_s, 'number');
    assert.equal(typeof m.xid_wraparound_age, 'number');
    assert.ok((m.xid_wraparound_age as number) > 0);
    assert.ok(typeof m.cache_hit_ratio === 'number' && m.cache_hit_ratio >= 0 && m.cache_hit_ratio <= 1);
    assert.equal(m.pg_stat_statements, true);
    assert.equal(m.in_recovery, false);
    assert.ok(!('replication_lag_s' in m), 'replication lag only on replicas');
    assertNoSecret(r, PASSWORD);
  });

  it('reports no TLS (tls: null) on a plain connection', async () => {
    const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.equal(r.tls, null);
    assert.equal(r.timings.tlsMs, undefined);
    assert.equal(r.timings.dnsMs, undefined, 'an IP address needs no lookup');
  });

  describe('liveness mode (collectMetrics: false, what probes within the metrics interval do)', () => {
    it('is up over verified TLS with only metrics_skipped, the version from the startup parameters, TLS info and phase timings', async () => {
      const r = await runProbe({
        config: cfg({ host: 'localhost', tls: { mode: 'verify-full', caFile: pg.cert.caFile } }),
        secret: { password: PASSWORD },
        collectMetrics: false,
      });
      assert.equal(r.state, 'up', JSON.stringify(r));
      assert.deepEqual(r.metrics, { metrics_skipped: true });
      assert.equal(r.warnings, undefined);
      // The same text current_setting('server_version') gives the metrics probe.
      const [{ v }] = await pg.admin<{ v: string }>("SELECT current_setting('server_version') AS v");
      assert.equal(r.serverVersion, v);
      assert.match(r.serverVersion ?? '', /^15\./);
      assert.equal(r.tls?.authorized, true);
      for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'authMs', 'firstQueryMs'] as const)
        assert.equal(typeof r.timings[k], 'number', `${k} in ${JSON.stringify(r.timings)}`);
      assertNoSecret(r, PASSWORD);
    });

    it('sends one SELECT 1 and reads no statistics (pg_stat_statements sees nothing else from the probe role)', async () => {
      const probeQueries = async () =>
        (
          await pg.admin<{ query: string; calls: number }>(
            "SELECT query, calls::int FROM pg_stat_statements WHERE userid = 'probe_user'::regrole ORDER BY query",
            'probe_db',
          )
        ).map((x) => x.query);
      await pg.admin('SELECT pg_stat_statements_reset()', 'probe_db');
      const live = await runProbe({ config: cfg(), secret: { password: PASSWORD }, collectMetrics: false });
      assert.equal(live.state, 'up', JSON.stringify(live));
      assert.deepEqual(await probeQueries(), ['SELECT $1']);
      // The metrics probe, for contrast, does read the catalogs.
      await pg.admin('SELECT pg_stat_statements_reset()', 'probe_db');
      const full = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
      assert.equal(full.state, 'up', JSON.stringify(full));
      assert.ok(
        (await probeQueries()).some((q) => /pg_stat_get_activity|pg_stat_database/.test(q)),
        'the metrics probe reads the statistics',
      );
    });

    it('a role that may not read the statistics is up (not degraded): liveness needs no grant', async () => {
      const r = await runProbe({
        config: cfg({ user: 'restricted', database: 'restricted_db' }),
        secret: { password: RESTRICTED_PASSWORD },
        collectMetrics: false,
      });
      assert.equal(r.state, 'up', JSON.stringify(r));
      assert.deepEqual(r.metrics, { metrics_skipped: true });
    });

    it('still reports failures the same way: wrong password → down, auth_failed, no metrics_skipped', async () => {
      const wrong = 'Wr0ng-live-pass!';
      const r = await runProbe({ config: cfg(), secret: { password: wrong }, collectMetrics: false });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'auth_failed', JSON.stringify(r.error));
      assert.deepEqual(r.metrics, {});
      assertNoSecret(r, wrong, PASSWORD);
    });
  });

  it('pg_stat_statements is false where the extension is not installed', async () => {
    await pg.admin('CREATE DATABASE plain_db');
    const r = await runProbe({ config: cfg({ database: 'plain_db' }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.equal(r.metrics.pg_stat_statements, false);
  });

  it('reads inside a read-only transaction that refuses writes, and leaves user data alone', async () => {
    const c = new Client({ host: '127.0.0.1', port: pg.port, user: 'probe_user', password: PASSWORD, database: 'probe_db' });
    await c.connect();
    try {
      await assert.rejects(c.query(readOnlyBatch(2000, ['DELETE FROM user_data'])), (e: { code?: string }) => e.code === '25006');
      await c.query('ROLLBACK');
      await assert.rejects(c.query(readOnlyBatch(200, ['SELECT pg_sleep(2)'])), (e: { code?: string }) => e.code === '57014');
    } finally {
      await c.end();
    }
    await runProbe({ config: cfg(), secret: { password: PASSWORD } });
    const rows = await pg.admin<{ n: number }>('SELECT count(*)::int AS n FROM user_data', 'probe_db');
    assert.equal(rows[0].n, 1);
  });

  it('wrong password → down, auth_failed (28P01), password never in the result', async () => {
    const wrong = 'Wr0ng-pass-word!';
    const r = await runProbe({ config: cfg(), secret: { password: wrong } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'auth_failed', JSON.stringify(r.error));
    assert.equal(r.error?.code, '28P01');
    assertNoSecret(r, wrong, PASSWORD);
  });

  it('unknown database → down, database_not_found (3D000)', async () => {
    const r = await runProbe({ config: cfg({ database: 'no_such_db' }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'database_not_found', JSON.stringify(r.error));
    assert.equal(r.error?.code, '3D000');
  });

  it('a listener that accepts and never answers → down, timeout, at the connect timeout, socket closed', async () => {
    const hole = await startBlackhole();
    const watch = watchProbeSignal();
    try {
      const r = await runProbe({ config: cfg({ port: hole.port, connectTimeoutMs: 700 }), secret: { password: PASSWORD } }, watch.options);
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'timeout', JSON.stringify(r.error));
      // The connect deadline stopped it: the driver's signal was aborted with the 700 ms connect timeout as its reason.
      const reason = watch.firstAbortReason();
      assert.ok(reason instanceof ProbeTimeoutError, `aborted with ${String(reason)}`);
      assert.deepEqual({ phase: reason.phase, timeoutMs: reason.timeoutMs }, { phase: 'connect', timeoutMs: 700 });
      assert.equal(r.error?.message, reason.message);
      assert.equal(hole.accepted, 1);
      // The abandoned connection is closed by the probe, not left open.
      for (let i = 0; i < 50 && hole.closedByClient < 1; i++) await new Promise((res) => setTimeout(res, 20));
      assert.equal(hole.closedByClient, 1);
    } finally {
      await hole.close();
    }
  });

  it('a proxy that resets mid-handshake → down, connection_reset', async () => {
    const proxy = await startResetProxy({ host: '127.0.0.1', port: pg.port }, 1);
    try {
      const r = await runProbe({ config: cfg({ port: proxy.port }), secret: { password: PASSWORD } });
      assert.equal(proxy.resets, 1, 'the proxy reset the connection');
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'connection_reset', JSON.stringify(r.error));
    } finally {
      await proxy.close();
    }
  });

  it('TLS required by the server (hostnossl reject) but off in the client → down, ssl_required', async () => {
    const r = await runProbe({ config: cfg({ user: 'ssl_only', database: 'postgres' }), secret: { password: SSL_ONLY_PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'ssl_required', JSON.stringify(r.error));
    // Same account over TLS works: it is the transport, not the credentials.
    const ok = await runProbe({
      config: cfg({ user: 'ssl_only', database: 'postgres', tls: { mode: 'require' } }),
      secret: { password: SSL_ONLY_PASSWORD },
    });
    assert.equal(ok.state, 'up', JSON.stringify(ok));
  });

  it('self-signed certificate with verification on → down, ssl_certificate', async () => {
    const r = await runProbe({ config: cfg({ host: 'localhost', tls: { mode: 'verify-full' } }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'ssl_certificate', JSON.stringify(r.error));
    // Explicitly allowing it works.
    const ok = await runProbe({ config: cfg({ tls: { mode: 'require', allowSelfSigned: true } }), secret: { password: PASSWORD } });
    assert.equal(ok.state, 'up', JSON.stringify(ok));
    assert.equal(ok.tls?.authorized, false);
  });

  it('TLS asked for but not offered (ssl=off) → down, ssl_unsupported; prefer falls back to plain', async () => {
    await pg.setSsl(false);
    try {
      const r = await runProbe({ config: cfg({ tls: { mode: 'require' } }), secret: { password: PASSWORD } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'ssl_unsupported', JSON.stringify(r.error));
      const preferred = await runProbe({ config: cfg({ tls: { mode: 'prefer' } }), secret: { password: PASSWORD } });
      assert.equal(preferred.state, 'up', JSON.stringify(preferred));
      assert.equal(preferred.tls, null);
    } finally {
      await pg.setSsl(true);
    }
  });

  it('max_connections exhausted → down, too_many_connections (53300)', async () => {
    const open = async () => {
      const c = new Client({ host: '127.0.0.1', port: pg.port, user: 'probe_user', password: PASSWORD, database: 'probe_db' });
      c.on('error', () => undefined);
      await c.connect();
      return { close: () => c.end() };
    };
    const held = await exhaustConnections(open, (e) => (e as { code?: string }).code === '53300', 100);
    try {
      assert.ok(held.count >= 10, `held ${held.count}`);
      const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'too_many_connections', JSON.stringify(r.error));
      assert.equal(r.error?.code, '53300');
    } finally {
      await held.release();
    }
  });

  it('an unresolvable host (.invalid) → down, dns_failure', async () => {
    const r = await runProbe({ config: cfg({ host: 'db.dbpulse-test.invalid' }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'dns_failure', JSON.stringify(r.error));
    assert.equal(typeof r.timings.dnsMs, 'undefined', 'the lookup failed, so no completed dns phase');
  });

  it('permission denied on a metrics query → degraded with a warning, other metrics still read', async () => {
    const r = await runProbe({ config: cfg({ user: 'restricted', database: 'restricted_db' }), secret: { password: RESTRICTED_PASSWORD } });
    assert.equal(r.state, 'degraded', JSON.stringify(r));
    assert.equal(r.error, undefined);
    assert.ok(
      r.warnings?.some((w) => /permission denied/.test(w) && /connections_used/.test(w)),
      JSON.stringify(r.warnings),
    );
    assert.equal(r.metrics.connections_used, null);
    assert.equal(r.metrics.oldest_xact_age_s, null);
    assert.equal(r.metrics.cache_hit_ratio, null);
    assert.equal(r.metrics.max_connections, 20);
    assert.equal(typeof r.metrics.xid_wraparound_age, 'number');
    assertNoSecret(r, RESTRICTED_PASSWORD);
  });

  it('no stored password when the server asks for one → down, with a clear message', async () => {
    const r = await runProbe({ config: cfg(), secret: {} });
    assert.equal(r.state, 'down');
    assert.match(r.error?.message ?? '', /no(ne)? .*password|password.*none/i);
  });

  it('a caller cancelling the probe gets a down result at once, not a throw', async () => {
    const hole = await startBlackhole();
    try {
      const ac = new AbortController();
      const watch = watchProbeSignal();
      // Cancelled once the server has the connection (the probe is then waiting on a silent socket).
      const cancelled = waitUntil(async () => hole.accepted === 1, 10_000, 'the blackhole accepting the probe').then(() => ac.abort());
      const r = await runProbe(
        {
          config: cfg({ port: hole.port, connectTimeoutMs: 600_000 }),
          secret: { password: PASSWORD },
          signal: ac.signal,
        },
        watch.options,
      );
      await cancelled;
      assert.equal(r.state, 'down');
      assert.match(r.error?.message ?? '', /cancel/);
      // The caller's cancel stopped it (not the 10-minute connect timeout, which would outlast the test).
      assert.ok(watch.firstAbortReason() instanceof ProbeCancelledError, `aborted with ${String(watch.firstAbortReason())}`);
    } finally {
      await hole.close();
    }
  });

  describe('dbpulse probe (CLI) against the same server', () => {
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      let out = '';
      let err = '';
      const io: CliIo = {
        stdout: (t) => void (out += t),
        stderr: (t) => void (err += t),
        readStdin: async () => '',
        stdinLines: async function* () {},
        cwd: process.cwd(),
        env,
      };
      const code = await probeCommand.run(args, io);
      return { code, out, err };
    };

    it('URL with the password in DBPULSE_PASSWORD, --json: exit 0 and the result', async () => {
      const r = await run([`postgres://probe_user@127.0.0.1:${pg.port}/probe_db?sslmode=disable`, '--json'], {
        DBPULSE_PASSWORD: PASSWORD,
      });
      assert.equal(r.code, 0, r.err + r.out);
      const result = JSON.parse(r.out) as ProbeResult;
      assert.equal(result.state, 'up');
      assert.equal(result.provider, 'postgres');
      assert.equal(result.metrics.max_connections, 20);
      assert.ok(!r.out.includes(PASSWORD));
    });

    it('password in the URL, wrong: exit 2, category printed, password not printed', async () => {
      const r = await run([`postgresql://probe_user:Wr0ngPw-cli@127.0.0.1:${pg.port}/probe_db`]);
      assert.equal(r.code, 2);
      assert.match(r.out, /DOWN/);
      assert.match(r.out, /auth_failed/);
      assert.ok(!(r.out + r.err).includes('Wr0ngPw-cli'));
    });

    it('--config with passwordEnv, one degraded and one up: exit 1; --connection picks one', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-cli-'));
      try {
        const file = path.join(dir, 'connections.json');
        fs.writeFileSync(
          file,
          JSON.stringify({
            connections: [
              {
                id: 'main',
                provider: 'postgres',
                host: '127.0.0.1',
                port: pg.port,
                database: 'probe_db',
                user: 'probe_user',
                tls: { mode: 'require' },
                passwordEnv: 'PG_MAIN_PW',
              },
              {
                id: 'locked',
                provider: 'postgres',
                host: '127.0.0.1',
                port: pg.port,
                database: 'restricted_db',
                user: 'restricted',
                tls: { mode: 'disable' },
                passwordEnv: 'PG_LOCKED_PW',
              },
            ],
          }),
        );
        const env = { PG_MAIN_PW: PASSWORD, PG_LOCKED_PW: RESTRICTED_PASSWORD };
        const all = await run(['--config', file, '--json'], env);
        assert.equal(all.code, 1, all.err + all.out);
        const results = JSON.parse(all.out) as ProbeResult[];
        assert.deepEqual(
          results.map((x) => [x.connectionId, x.state]),
          [
            ['main', 'up'],
            ['locked', 'degraded'],
          ],
        );
        const one = await run(['--config', file, '--connection', 'main'], env);
        assert.equal(one.code, 0, one.err + one.out);
        assert.match(one.out, /^UP\s+main\s+postgres/);
        const missing = await run(['--config', file, '--connection', 'nope'], env);
        assert.equal(missing.code, 2);
        assert.match(missing.err, /no connection with id "nope"/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a malformed URL is a usage error with a clear message (exit 2), not a crash', async () => {
      const r = await run(['redis://localhost:6379']);
      assert.equal(r.code, 2);
      assert.match(r.err, /unsupported scheme 'redis:\/\/'/);
    });
  });

  describe('with the server stopped (last: nested suites run after the tests above)', () => {
    it('server stopped → down, conn_refused (runs last: stops the server)', async () => {
      await pg.stop();
      assert.equal(pg.running, false);
      const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'conn_refused', JSON.stringify(r.error));
      assert.equal(r.error?.code, 'ECONNREFUSED');
    });
  });
});
