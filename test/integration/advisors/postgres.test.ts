/**
 * The PostgreSQL and Supabase advisors against a real PostgreSQL 15 with
 * pg_stat_statements (test/servers/postgres.ts), seeded by this file with the
 * problems each check looks for, and with a healthy schema that must give no
 * finding. Roles: an application role with only pg_monitor, one with less, and
 * a superuser; the limited ones get `skipped`, never an error.
 */
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import type { AdvisorReport, FindingKind } from '../../../src/shared/advisors';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runAdvisors, type AdvisorOptions } from '../../../src/server/advisors';
import { costInputs } from '../../../src/server/advisors/postgres';
import { collectPostgres, connectPostgres } from '../../../src/server/advisors/postgres/collect';
import { requestVolume } from '../../../src/server/cost/volume';
import { command as adviseCommand } from '../../../src/cli/commands/advise';
import { PG_BIN } from '../../servers/postgres';
import { fakeIo } from '../../support/cliIo';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';
import { closedPort } from '../../servers/ports';
import { assertNoSecret } from '../../support/secrets';

const APP_PW = 'app-Adv1sor-pw!';
const LOW_PW = 'low-Adv1sor-pw!';
const ADMIN_PW = 'adm-Adv1sor-pw!';

const kinds = (r: AdvisorReport) => new Set(r.findings.map((f) => f.kind));
const skippedChecks = (r: AdvisorReport) => new Set(r.skipped.map((s) => s.check));
const find = (r: AdvisorReport, kind: FindingKind, object?: string) =>
  r.findings.find((f) => f.kind === kind && (object === undefined || f.object === object));

describe('PostgreSQL advisors (real PostgreSQL 15 with pg_stat_statements)', function () {
  this.timeout(120000);
  let pg: PgServer;
  const held: Client[] = [];

  const config = (user: string, database: string, provider: ConnectionConfig['provider'] = 'postgres'): ConnectionConfig => ({
    id: `${user}-${database}`,
    name: user,
    provider,
    host: '127.0.0.1',
    port: pg.port,
    user,
    database,
    tls: { mode: 'require', allowSelfSigned: true },
  });
  const hold = async (user: string, password: string, database: string) => {
    const c = new Client({ host: '127.0.0.1', port: pg.port, user, password, database, ssl: { rejectUnauthorized: false } });
    c.on('error', () => undefined);
    await c.connect();
    held.push(c);
    return c;
  };

  before(async function () {
    const why = postgresUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    pg = await startPostgres({ maxConnections: 20, hbaLines: ['host all nobody 10.0.0.0/8 trust'] });
    await pg.admin(`
      CREATE ROLE app LOGIN PASSWORD '${APP_PW}';
      GRANT pg_monitor TO app;
      CREATE ROLE lowly LOGIN PASSWORD '${LOW_PW}';
      CREATE ROLE admin LOGIN SUPERUSER PASSWORD '${ADMIN_PW}';`);
    for (const db of ['shop', 'seeded', 'sb']) await pg.admin(`CREATE DATABASE ${db} OWNER app`);
    for (const db of ['shop', 'seeded']) await pg.admin('CREATE EXTENSION pg_stat_statements', db);
  });

  after(async () => {
    for (const c of held) await c.end().catch(() => undefined);
    await pg?.destroy();
  });

  it('a healthy schema read by a pg_monitor role gives no finding, and says what it could not read', async () => {
    await pg.admin(
      `SET ROLE app;
      CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric NOT NULL);
      CREATE INDEX orders_customer_id ON orders (customer_id);
      INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 2000) g;
      INSERT INTO orders SELECT g, 1 + g % 2000, g FROM generate_series(1, 20000) g;`,
      'shop',
    );
    await pg.admin('VACUUM ANALYZE', 'shop');
    const lookups = Array.from(
      { length: 60 },
      (_, i) => `SELECT count(*) FROM orders WHERE customer_id = ${i + 1};SELECT name FROM customers WHERE id = ${i + 1};`,
    );
    await pg.admin(`SET enable_seqscan = off; ${lookups.join('')}`, 'shop');
    const report = await runAdvisors(config('app', 'shop'), { password: APP_PW });
    assert.deepEqual(report.findings, [], JSON.stringify(report.findings, null, 2));
    assert.equal(report.provider, 'postgres');
    assert.match(report.serverVersion ?? '', /^15\./);
    const skipped = skippedChecks(report);
    for (const c of ['role_without_password', 'trust_auth_rule'])
      assert.ok(skipped.has(c), `${c} must be skipped: ${JSON.stringify(report.skipped)}`);
    assert.match(report.skipped.find((s) => s.check === 'role_without_password')?.reason ?? '', /superuser/);
    assertNoSecret(report, APP_PW);
  });

  it('a role with less than pg_monitor gets the checks it can run and skipped for the rest', async () => {
    await pg.admin('GRANT CONNECT ON DATABASE shop TO lowly');
    const report = await runAdvisors(config('lowly', 'shop'), { password: LOW_PW });
    const skipped = skippedChecks(report);
    for (const c of ['long_running_query', 'role_without_password', 'trust_auth_rule', 'insecure_transport_allowed'])
      assert.ok(skipped.has(c), `${c} must be skipped: ${JSON.stringify(report.skipped)}`);
    assert.match(report.skipped.find((s) => s.check === 'long_running_query')?.reason ?? '', /pg_read_all_stats/);
    for (const s of report.skipped) assert.ok(s.reason.length > 10, `reason for ${s.check}`);
  });

  it('finds every seeded performance and security problem', async () => {
    // Big tables first; then a restart and a statistics reset so the cache starts cold.
    await pg.admin(
      `CREATE TABLE events (id int PRIMARY KEY, kind text NOT NULL, note text, at timestamptz NOT NULL DEFAULT now(), pad text);
      INSERT INTO events SELECT g, 'k' || (g % 50), 'n' || g, now(), repeat('x', 40) FROM generate_series(1, 200000) g;
      CREATE TABLE churned (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false);
      INSERT INTO churned SELECT g, 0 FROM generate_series(1, 20000) g;
      CREATE TABLE lines (id int PRIMARY KEY, event_id int REFERENCES events(id));
      CREATE TABLE dupes (v int);
      INSERT INTO dupes VALUES (1), (1);
      CREATE SEQUENCE small_seq AS smallint;
      SELECT setval('small_seq', 32000);
      GRANT CREATE ON SCHEMA public TO PUBLIC;`,
      'seeded',
    );
    await pg.admin("ALTER SYSTEM SET ssl_min_protocol_version = 'TLSv1.1'");
    await pg.stop();
    await pg.start();
    await pg.admin('SELECT pg_stat_reset(); SELECT pg_stat_statements_reset();', 'seeded');
    await pg.admin('ANALYZE events; ANALYZE churned;', 'seeded');
    const scans = Array.from({ length: 40 }, () => "SELECT count(*) FROM events WHERE kind = 'k7';").join('');
    await pg.admin(`SET max_parallel_workers_per_gather = 0; ${scans}`, 'seeded');
    await pg.admin(
      `UPDATE churned SET v = 1;
      CREATE INDEX events_note ON events (note);
      CREATE INDEX events_kind ON events (kind);
      CREATE INDEX events_kind_at ON events (kind, at);`,
      'seeded',
    );
    await assert.rejects(pg.admin('CREATE UNIQUE INDEX CONCURRENTLY dupes_v ON dupes (v)', 'seeded'));
    // A session idle in a transaction, a long query, and enough connections to near the limit.
    const idle = await hold('app', APP_PW, 'seeded');
    await idle.query('BEGIN; SELECT 1');
    const busy = await hold('app', APP_PW, 'seeded');
    void busy.query('SELECT pg_sleep(60)').catch(() => undefined);
    for (let i = 0; i < 11; i++) await hold('app', APP_PW, 'seeded');
    await new Promise((r) => setTimeout(r, 1500));
    const options: AdvisorOptions = {
      thresholds: { idleInTransactionSeconds: 1, longRunningSeconds: 1, slowQueryMs: 1, slowQueryCalls: 30, topTimeMinMs: 50 },
    };
    const report = await runAdvisors(config('admin', 'seeded'), { password: ADMIN_PW }, options);
    const got = kinds(report);
    const expected: FindingKind[] = [
      'missing_index',
      'unused_index',
      'duplicate_index',
      'invalid_index',
      'unindexed_foreign_key',
      'slow_query',
      'top_time_query',
      'low_cache_hit',
      'table_bloat',
      'vacuum_overdue',
      'sequence_exhaustion',
      'idle_in_transaction',
      'long_running_query',
      'connection_saturation',
      'superuser_application_role',
      'role_without_password',
      'public_schema_create',
      'trust_auth_rule',
      'weak_tls_version',
      'insecure_transport_allowed',
    ];
    const missing = expected.filter((k) => !got.has(k));
    assert.deepEqual(missing, [], JSON.stringify(report, null, 2));
    assert.equal(find(report, 'missing_index', 'public.events')?.evidence.rows, 200000);
    assert.equal(find(report, 'duplicate_index', 'public.events_kind')?.evidence.covered_by, 'public.events_kind_at');
    assert.equal(find(report, 'invalid_index', 'public.dupes_v')?.severity, 'warning');
    assert.ok(find(report, 'unindexed_foreign_key', 'public.lines'));
    assert.equal(find(report, 'vacuum_overdue', 'public.churned')?.severity, 'critical');
    assert.ok(find(report, 'sequence_exhaustion', 'public.small_seq'));
    assert.equal(find(report, 'superuser_application_role')?.severity, 'critical');
    assert.ok(find(report, 'role_without_password', 'postgres'));
    assert.ok(!find(report, 'role_without_password', 'app'), 'app has a password');
    assert.equal(report.findings.filter((f) => f.kind === 'trust_auth_rule' && f.severity === 'critical').length, 1);
    // Evidence carries normalised statement texts only, never row values or secrets.
    const slow = find(report, 'slow_query');
    assert.match(String(slow?.evidence.query), /\$1/);
    assert.ok(!JSON.stringify(report).includes("'k7'"), 'a constant from a user query leaked');
    assertNoSecret(report, ADMIN_PW, APP_PW);
    // The cost report prices the findings.
    assert.ok(report.cost);
    assert.equal(report.cost.model.source, 'default');
    assert.ok((report.cost.requestsPerMonth ?? 0) > 0);
    const kindsOfRecs = new Set(report.cost.recommendations.map((r) => r.kind));
    for (const k of ['query_optimization', 'storage_cleanup', 'pooling'] as const) assert.ok(kindsOfRecs.has(k), k);
    for (const c of held.splice(0)) await c.end().catch(() => undefined);
  });

  it('Supabase: RLS, policies, views and functions, on real PostgreSQL with the auth schema the test creates', async () => {
    await pg.admin(`
      DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
      DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;`);
    await pg.admin(
      `CREATE SCHEMA auth;
      CREATE TABLE auth.users (id uuid PRIMARY KEY, email text);
      CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE SET search_path = '' AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
      CREATE TABLE public.profiles (id uuid PRIMARY KEY, bio text);
      CREATE TABLE public.notes (id int PRIMARY KEY, owner uuid, body text);
      ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notes_owner ON public.notes FOR SELECT TO authenticated USING (owner = auth.uid());
      CREATE POLICY notes_public ON public.notes FOR SELECT TO authenticated USING (true);
      CREATE VIEW public.user_emails AS SELECT id, email FROM auth.users;
      GRANT SELECT ON public.user_emails TO anon;
      CREATE FUNCTION public.touch() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
      CREATE SCHEMA good;
      CREATE TABLE good.items (id int PRIMARY KEY, owner uuid);
      ALTER TABLE good.items ENABLE ROW LEVEL SECURITY;
      CREATE POLICY items_owner ON good.items FOR ALL TO authenticated USING (owner = (select auth.uid()));
      CREATE VIEW good.mine WITH (security_invoker = on) AS SELECT id FROM good.items;
      CREATE FUNCTION good.f() RETURNS int LANGUAGE sql SET search_path = '' AS $$ SELECT 1 $$;`,
      'sb',
    );
    const cfg = config('admin', 'sb', 'supabase');
    const report = await runAdvisors(cfg, { password: ADMIN_PW });
    const got = report.findings.map((f) => `${f.kind} ${f.object}`);
    for (const k of [
      'rls_disabled public.profiles',
      'rls_initplan public.notes policy notes_owner',
      'multiple_permissive_policies public.notes',
      'security_definer_view public.user_emails',
      'auth_users_exposed public.user_emails',
      'function_search_path_mutable public.touch()',
    ])
      assert.ok(got.includes(k), `${k} in ${JSON.stringify(got, null, 1)}`);
    assert.ok(!got.includes('rls_disabled public.notes'));
    const good = await runAdvisors(cfg, { password: ADMIN_PW }, { exposedSchemas: ['good'], only: 'security' });
    const sbKinds = [
      'rls_disabled',
      'rls_initplan',
      'multiple_permissive_policies',
      'security_definer_view',
      'auth_users_exposed',
      'function_search_path_mutable',
    ];
    assert.deepEqual(
      good.findings.filter((f) => sbKinds.includes(f.kind)),
      [],
    );
    assert.equal(good.cost, undefined, '--only security has no cost section');
  });

  it('dbpulse advise: one JSON object per the spec, exit 1 on a critical finding with --fail-on critical, 2 when it cannot run', async () => {
    const url = `postgres://admin@127.0.0.1:${pg.port}/seeded?sslmode=require`;
    const io = fakeIo('', { PGPASSWORD: ADMIN_PW });
    assert.equal(await adviseCommand.run([url, '--json', '--fail-on', 'critical'], io), 1);
    const lines = io.out.trim().split('\n');
    assert.equal(lines.length, 1);
    const report = JSON.parse(lines[0]) as AdvisorReport;
    assert.deepEqual(Object.keys(report), ['connection', 'provider', 'serverVersion', 'at', 'findings', 'skipped', 'cost']);
    const allowed = new Set(['kind', 'category', 'severity', 'title', 'object', 'evidence', 'fix', 'docs']);
    for (const f of report.findings) {
      for (const k of ['kind', 'category', 'severity', 'title', 'evidence']) assert.ok(k in f, `${k} in ${JSON.stringify(f)}`);
      for (const k of Object.keys(f)) assert.ok(allowed.has(k), `unexpected field ${k}`);
      assert.ok(['performance', 'security', 'cost'].includes(f.category) && ['info', 'warning', 'critical'].includes(f.severity));
    }
    assert.ok(report.findings.some((f) => f.severity === 'critical'));
    assertNoSecret(io.out + io.err, ADMIN_PW);

    const text = fakeIo('', { PGPASSWORD: ADMIN_PW });
    assert.equal(await adviseCommand.run([url, '--only', 'security'], text), 0);
    assert.match(text.out, /CRITICAL\s+security\s+superuser_application_role/);
    assert.doesNotMatch(text.out, /performance/);

    const inUrl = fakeIo('', {});
    assert.equal(await adviseCommand.run([`postgres://admin:${ADMIN_PW}@127.0.0.1:${pg.port}/seeded`], inUrl), 2);
    assert.match(inUrl.err, /PGPASSWORD/);
    assertNoSecret(inUrl.err, ADMIN_PW);

    const down = fakeIo('', { PGPASSWORD: ADMIN_PW });
    assert.equal(await adviseCommand.run([`postgres://admin@127.0.0.1:${await closedPort()}/seeded`, '--timeout-ms', '2000'], down), 2);
    assert.match(down.err, /could not (run|connect)/);
    assert.equal(down.err.trim().split('\n').length, 1);
  });

  it('request volume from xact deltas around a pgbench run lands within 5 % of its transactions', async function () {
    const pgbench = path.join(PG_BIN, 'pgbench');
    const as = ['-h', pg.socketDir, '-p', String(pg.port), '-U', 'postgres'];
    await pg.admin('CREATE DATABASE bench');
    const init = spawnSync(pgbench, ['-i', '-s', '1', '-q', ...as, 'bench'], { encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    const session = await connectPostgres(config('admin', 'bench'), { password: ADMIN_PW }, 5000);
    try {
      const read = async () => costInputs(await collectPostgres(session, 5000)).counter[1];
      const before = await read();
      const transactions = 4 * 500;
      const run = spawnSync(pgbench, ['-n', '-c', '4', '-t', '500', ...as, 'bench'], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      // The exiting backends flush their counters as they go: wait until they have.
      let after = await read();
      for (let i = 0; i < 50 && after.value - before.value < transactions; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = await read();
      }
      const hour = 3_600_000;
      const v = requestVolume([before, { at: before.at + hour, value: after.value }], 'xact_commit + xact_rollback');
      const truth = transactions * 730.5;
      assert.ok(v);
      assert.ok(Math.abs(v.requestsPerMonth - truth) / truth <= 0.05, `measured ${v.requestsPerMonth}, truth ${truth}`);
    } finally {
      await session.close();
    }
  });
});
