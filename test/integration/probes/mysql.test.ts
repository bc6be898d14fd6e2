/**
 * The MySQL-protocol probe against a real MariaDB (Debian) started for this
 * file, and every fault from issue 4 produced for real: the probe must report
 * the right state and error category.
 */
import * as assert from 'node:assert/strict';
import * as mysql from 'mysql2/promise';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { ProbeResult } from '../../../src/shared/probe';
import { ProbeTimeoutError, runProbe } from '../../../src/server/probes/runProbe';
import { exhaustConnections, startBlackhole, startResetProxy } from '../../servers/faults';
import { mariadbUnavailable, startMariaDb, type MariaServer } from '../../servers/mariadb';
import { watchProbeSignal } from '../../support/probeSignal';
import { assertNoSecret } from '../../support/secrets';

const PASSWORD = 'Pr0be-my-s3cret!y';
const SSL_ONLY_PASSWORD = 'ssl-0nly-my-W4';
const MONITOR_PASSWORD = 'mon1tor-pw-K2';

describe('MySQL probe (real MariaDB server)', function () {
  this.timeout(90000);
  let db: MariaServer;

  before(async function () {
    const why = mariadbUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    db = await startMariaDb();
    await db.admin(`
      CREATE DATABASE probe_db;
      CREATE TABLE probe_db.user_data (id INT);
      INSERT INTO probe_db.user_data VALUES (1);
      CREATE USER 'probe_user'@'%' IDENTIFIED BY '${PASSWORD}';
      GRANT SELECT ON probe_db.* TO 'probe_user'@'%';
      CREATE USER 'ssl_only'@'%' IDENTIFIED BY '${SSL_ONLY_PASSWORD}' REQUIRE SSL;
      GRANT SELECT ON probe_db.* TO 'ssl_only'@'%';
      CREATE USER 'monitor'@'%' IDENTIFIED BY '${MONITOR_PASSWORD}';
      GRANT SLAVE MONITOR ON *.* TO 'monitor'@'%';`);
  });

  after(async () => {
    await db?.destroy();
  });

  const cfg = (over: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
    id: 'my-test',
    name: 'mysql test',
    provider: 'mysql',
    host: '127.0.0.1',
    port: db.port,
    database: 'probe_db',
    user: 'probe_user',
    tls: { mode: 'disable' },
    connectTimeoutMs: 5000,
    statementTimeoutMs: 3000,
    ...over,
  });

  it('is up over verified TLS (verify-full, CA file, host name localhost) with every metric and phase timing', async () => {
    const r = await runProbe({
      config: cfg({ host: 'localhost', tls: { mode: 'verify-full', caFile: db.cert.caFile } }),
      secret: { password: PASSWORD },
    });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.match(r.serverVersion ?? '', /MariaDB/);
    assert.ok(r.tls);
    assert.match(r.tls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(r.tls.cipher);
    assert.equal(r.tls.authorized, true);
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'authMs', 'firstQueryMs'] as const) {
      assert.equal(typeof r.timings[k], 'number', `${k} in ${JSON.stringify(r.timings)}`);
    }
    const m = r.metrics;
    assert.ok(typeof m.threads_connected === 'number' && m.threads_connected >= 1);
    assert.equal(m.max_connections, 151);
    assert.equal(typeof m.aborted_connects, 'number');
    assert.ok(
      typeof m.buffer_pool_hit_ratio === 'number' && m.buffer_pool_hit_ratio >= 0 && m.buffer_pool_hit_ratio <= 1,
      String(m.buffer_pool_hit_ratio),
    );
    assert.equal(typeof m.slow_queries, 'number');
    assert.ok(typeof m.uptime_s === 'number' && m.uptime_s >= 0);
    assert.ok(!('replication_lag_s' in m));
    assertNoSecret(r, PASSWORD);
  });

  it('reports no TLS (tls: null) on a plain connection', async () => {
    const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.equal(r.tls, null);
    assert.equal(r.timings.tlsMs, undefined);
  });

  // Liveness mode (collectMetrics: false): what probes within the metrics interval do.
  // Plain tests, not a nested suite: nested suites run after the tests that stop or restart the server.
  // MariaDB's Questions counts the connection's COM_QUIT too but not COM_PING, which Com_admin_commands counts.
  const counters = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (
        await db.admin<{ Variable_name: string; Value: string }>(
          "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_admin_commands')",
        )
      ).map((r) => [r.Variable_name, Number(r.Value)]),
    );

  it('liveness: is up over verified TLS with only metrics_skipped, the version as VERSION() gives it (from the handshake), TLS info and phase timings', async () => {
    const r = await runProbe({
      config: cfg({ host: 'localhost', tls: { mode: 'verify-full', caFile: db.cert.caFile } }),
      secret: { password: PASSWORD },
      collectMetrics: false,
    });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.deepEqual(r.metrics, { metrics_skipped: true });
    assert.equal(r.warnings, undefined);
    const [{ v }] = await db.admin<{ v: string }>('SELECT VERSION() AS v');
    assert.equal(r.serverVersion, v);
    assert.equal(r.tls?.authorized, true);
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'authMs', 'firstQueryMs'] as const)
      assert.equal(typeof r.timings[k], 'number', `${k} in ${JSON.stringify(r.timings)}`);
    assertNoSecret(r, PASSWORD);
  });

  it('liveness: sends no statement, only COM_PING (server counters: the same Questions as a bare connect + quit, one admin command, no SELECT)', async () => {
    const delta = async (fn: () => Promise<unknown>) => {
      const a = await counters();
      await fn();
      const b = await counters();
      return {
        questions: b.Questions - a.Questions,
        select: b.Com_select - a.Com_select,
        admin: b.Com_admin_commands - a.Com_admin_commands,
      };
    };
    const bare = await delta(async () =>
      (
        await mysql.createConnection({ host: '127.0.0.1', port: db.port, user: 'probe_user', password: PASSWORD, database: 'probe_db' })
      ).end(),
    );
    let live: ProbeResult | undefined;
    const liveDelta = await delta(
      async () => (live = await runProbe({ config: cfg(), secret: { password: PASSWORD }, collectMetrics: false })),
    );
    assert.equal(live?.state, 'up', JSON.stringify(live));
    assert.deepEqual(
      liveDelta,
      { questions: bare.questions, select: 0, admin: bare.admin + 1 },
      `bare connect + quit: ${JSON.stringify(bare)}`,
    );
    let full: ProbeResult | undefined;
    const fullDelta = await delta(async () => (full = await runProbe({ config: cfg(), secret: { password: PASSWORD } })));
    assert.equal(full?.state, 'up', JSON.stringify(full));
    assert.ok(
      fullDelta.questions > bare.questions && fullDelta.select > 0,
      `the metrics probe runs statements: ${JSON.stringify(fullDelta)}`,
    );
  });

  it('liveness: a read-only replica-like server whose replication status is refused is up (not degraded): liveness reads nothing', async () => {
    await db.admin('SET GLOBAL read_only = ON');
    try {
      const r = await runProbe({ config: cfg(), secret: { password: PASSWORD }, collectMetrics: false });
      assert.equal(r.state, 'up', JSON.stringify(r));
      assert.deepEqual(r.metrics, { metrics_skipped: true });
    } finally {
      await db.admin('SET GLOBAL read_only = OFF');
    }
  });

  it('liveness: still reports failures the same way: wrong password → down, auth_failed; TLS-required account → ssl_required', async () => {
    const wrong = 'Wr0ng-live-my-pass!';
    const r = await runProbe({ config: cfg(), secret: { password: wrong }, collectMetrics: false });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'auth_failed', JSON.stringify(r.error));
    assert.deepEqual(r.metrics, {});
    assertNoSecret(r, wrong, PASSWORD);
    const ssl = await runProbe({ config: cfg({ user: 'ssl_only' }), secret: { password: SSL_ONLY_PASSWORD }, collectMetrics: false });
    assert.equal(ssl.state, 'down');
    assert.equal(ssl.error?.category, 'ssl_required', JSON.stringify(ssl.error));
  });

  it('sets its session read-only and leaves user data alone', async () => {
    // The probe's session settings, applied by hand: a write is refused.
    const c = await mysql.createConnection({
      host: '127.0.0.1',
      port: db.port,
      user: 'root',
      socketPath: db.socket,
      multipleStatements: true,
    });
    try {
      await c.query('SET SESSION TRANSACTION READ ONLY');
      await assert.rejects(c.query('INSERT INTO probe_db.user_data VALUES (2)'), (e: { errno?: number }) => e.errno === 1792);
    } finally {
      await c.end();
    }
    await runProbe({ config: cfg(), secret: { password: PASSWORD } });
    const rows = await db.admin<{ n: number }>('SELECT COUNT(*) AS n FROM probe_db.user_data');
    assert.equal(Number(rows[0].n), 1);
  });

  it('wrong password → down, auth_failed (1045), password never in the result', async () => {
    const wrong = 'Wr0ng-my-pass!';
    const r = await runProbe({ config: cfg(), secret: { password: wrong } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'auth_failed', JSON.stringify(r.error));
    assert.equal(r.error?.fields?.errno, 1045);
    assertNoSecret(r, wrong, PASSWORD);
  });

  it('unknown database → down, database_not_found (1049)', async () => {
    await db.admin("GRANT SELECT ON `no_such_db`.* TO 'probe_user'@'%'");
    const r = await runProbe({ config: cfg({ database: 'no_such_db' }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'database_not_found', JSON.stringify(r.error));
    assert.equal(r.error?.fields?.errno, 1049);
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
      for (let i = 0; i < 50 && hole.closedByClient < 1; i++) await new Promise((res) => setTimeout(res, 20));
      assert.equal(hole.accepted, 1);
      assert.equal(hole.closedByClient, 1);
    } finally {
      await hole.close();
    }
  });

  it('a proxy that resets mid-handshake (after the greeting) → down, connection_reset', async () => {
    const proxy = await startResetProxy({ host: '127.0.0.1', port: db.port }, 1);
    try {
      const r = await runProbe({ config: cfg({ port: proxy.port }), secret: { password: PASSWORD } });
      assert.equal(proxy.resets, 1);
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'connection_reset', JSON.stringify(r.error));
    } finally {
      await proxy.close();
    }
  });

  it('TLS required for the account (REQUIRE SSL) but off in the client → down, ssl_required', async () => {
    const r = await runProbe({ config: cfg({ user: 'ssl_only' }), secret: { password: SSL_ONLY_PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'ssl_required', JSON.stringify(r.error));
    const ok = await runProbe({ config: cfg({ user: 'ssl_only', tls: { mode: 'require' } }), secret: { password: SSL_ONLY_PASSWORD } });
    assert.equal(ok.state, 'up', JSON.stringify(ok));
    // A wrong password for the same account stays auth_failed.
    const wrong = await runProbe({ config: cfg({ user: 'ssl_only' }), secret: { password: 'not-the-password' } });
    assert.equal(wrong.error?.category, 'auth_failed', JSON.stringify(wrong.error));
  });

  it('TLS required server-wide (require_secure_transport=ON) but off in the client → down, ssl_required', async () => {
    await db.admin('SET GLOBAL require_secure_transport = ON');
    try {
      const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'ssl_required', JSON.stringify(r.error));
    } finally {
      await db.admin('SET GLOBAL require_secure_transport = OFF');
    }
  });

  it('self-signed certificate with verification on → down, ssl_certificate', async () => {
    const r = await runProbe({ config: cfg({ host: 'localhost', tls: { mode: 'verify-full' } }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'ssl_certificate', JSON.stringify(r.error));
    const ok = await runProbe({ config: cfg({ tls: { mode: 'require', allowSelfSigned: true } }), secret: { password: PASSWORD } });
    assert.equal(ok.state, 'up', JSON.stringify(ok));
    assert.equal(ok.tls?.authorized, false);
  });

  it('max_connections exhausted → down, too_many_connections (1040)', async () => {
    await db.admin('SET GLOBAL max_connections = 8');
    const open = async () => {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: db.port, user: 'probe_user', password: PASSWORD });
      c.on('error', () => undefined);
      return { close: () => c.end() };
    };
    let held: Awaited<ReturnType<typeof exhaustConnections>> | undefined;
    try {
      held = await exhaustConnections(open, (e) => (e as { errno?: number }).errno === 1040, 50);
      const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'too_many_connections', JSON.stringify(r.error));
      assert.equal(r.error?.fields?.errno, 1040);
    } finally {
      await held?.release();
      await db.admin('SET GLOBAL max_connections = 151');
    }
  });

  it('an unresolvable host (.invalid) → down, dns_failure', async () => {
    const r = await runProbe({ config: cfg({ host: 'db.dbpulse-test.invalid' }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'dns_failure', JSON.stringify(r.error));
  });

  it('permission denied on a metrics query (replica status on a read-only server) → degraded with a warning', async () => {
    await db.admin('SET GLOBAL read_only = ON');
    try {
      const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
      assert.equal(r.state, 'degraded', JSON.stringify(r));
      assert.equal(r.error, undefined);
      assert.ok(
        r.warnings?.some((w) => /permission denied/.test(w) && /replication/.test(w)),
        JSON.stringify(r.warnings),
      );
      assert.equal(typeof r.metrics.threads_connected, 'number');
      assertNoSecret(r, PASSWORD);
      // An account allowed to read it: up (no replica configured, so no lag metric).
      const ok = await runProbe({ config: cfg({ user: 'monitor', database: undefined }), secret: { password: MONITOR_PASSWORD } });
      assert.equal(ok.state, 'up', JSON.stringify(ok));
      assert.ok(!('replication_lag_s' in ok.metrics));
    } finally {
      await db.admin('SET GLOBAL read_only = OFF');
    }
  });

  it('TLS asked for but not offered (server without TLS) → down, ssl_unsupported; prefer falls back to plain', async () => {
    await db.stop();
    await db.start({ ssl: false });
    const r = await runProbe({ config: cfg({ tls: { mode: 'require' } }), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'ssl_unsupported', JSON.stringify(r.error));
    const preferred = await runProbe({ config: cfg({ tls: { mode: 'prefer' } }), secret: { password: PASSWORD } });
    assert.equal(preferred.state, 'up', JSON.stringify(preferred));
    assert.equal(preferred.tls, null);
  });

  it('server stopped → down, conn_refused (runs last: stops the server)', async () => {
    await db.stop();
    assert.equal(db.running, false);
    const r = await runProbe({ config: cfg(), secret: { password: PASSWORD } });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'conn_refused', JSON.stringify(r.error));
    assert.equal(r.error?.code, 'ECONNREFUSED');
  });
});
