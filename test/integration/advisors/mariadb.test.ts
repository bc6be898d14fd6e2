/**
 * The MySQL / MariaDB advisor against a real MariaDB (test/servers/mariadb.ts,
 * performance_schema on), seeded by this file with the problems each check
 * looks for, after a healthy schema that must give no finding; an account that
 * cannot read mysql.user or performance_schema gets `skipped`, never an error.
 */
import * as assert from 'node:assert/strict';
import * as mysql from 'mysql2/promise';
import type { AdvisorReport, FindingKind } from '../../../src/shared/advisors';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { runAdvisors } from '../../../src/server/advisors';
import { collectMysql, connectMysql } from '../../../src/server/advisors/mysql/collect';
import { mysqlCostInputs } from '../../../src/server/advisors/mysql';
import { requestVolume } from '../../../src/server/cost/volume';
import { mariadbUnavailable, startMariaDb, type MariaServer } from '../../servers/mariadb';
import { assertNoSecret } from '../../support/secrets';

const APP_PW = 'app-Maria-adv1sor!';
const LOW_PW = 'low-Maria-adv1sor!';
const ADMIN_PW = 'adm-Maria-adv1sor!';

describe('MySQL / MariaDB advisors (real MariaDB, performance_schema on)', function () {
  this.timeout(120000);
  let db: MariaServer;
  const held: mysql.Connection[] = [];
  const config = (user: string): ConnectionConfig => ({
    id: `maria-${user}`,
    name: user,
    provider: 'mysql',
    host: '127.0.0.1',
    port: db.port,
    user,
    database: 'shop',
    tls: { mode: 'require', allowSelfSigned: true },
  });
  const kinds = (r: AdvisorReport) => new Set(r.findings.map((f) => f.kind));

  before(async function () {
    const why = mariadbUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    db = await startMariaDb({ performanceSchema: true, maxConnections: 20 });
    await db.admin(`
      CREATE DATABASE shop;
      CREATE USER 'app'@'%' IDENTIFIED BY '${APP_PW}';
      GRANT ALL ON shop.* TO 'app'@'%';
      GRANT SELECT ON performance_schema.* TO 'app'@'%';
      CREATE USER 'lowly'@'%' IDENTIFIED BY '${LOW_PW}';
      GRANT SELECT ON shop.* TO 'lowly'@'%';
      CREATE USER 'admin'@'%' IDENTIFIED BY '${ADMIN_PW}';
      GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION;
      SET GLOBAL require_secure_transport = ON;`);
  });

  after(async () => {
    for (const c of held) await c.end().catch(() => undefined);
    await db?.destroy();
  });

  it('a healthy schema gives no finding; what the account cannot read is skipped', async () => {
    await db.admin(`
      USE shop;
      CREATE TABLE shop.customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, KEY customers_email (email));
      INSERT INTO shop.customers SELECT seq, CONCAT('c', seq, '@example.com') FROM seq_1_to_5000;`);
    const lookups = Array.from({ length: 50 }, (_, i) => `SELECT id FROM shop.customers WHERE email = 'c${i + 1}@example.com';`).join('');
    await db.admin(lookups);
    const report = await runAdvisors(config('app'), { password: APP_PW });
    assert.deepEqual(report.findings, [], JSON.stringify(report, null, 2));
    assert.match(report.serverVersion ?? '', /MariaDB/);
    const skipped = new Set(report.skipped.map((s) => s.check));
    for (const c of ['anonymous_user', 'remote_root', 'role_without_password']) assert.ok(skipped.has(c), c);
    assert.match(report.skipped.find((s) => s.check === 'anonymous_user')?.reason ?? '', /mysql\.user/);
    assertNoSecret(report, APP_PW);

    const low = await runAdvisors(config('lowly'), { password: LOW_PW });
    const lowSkipped = new Set(low.skipped.map((s) => s.check));
    for (const c of ['missing_index', 'slow_query', 'unused_index', 'anonymous_user'])
      assert.ok(lowSkipped.has(c), `${c}: ${JSON.stringify(low.skipped)}`);
  });

  it('finds every seeded problem', async () => {
    await db.admin(`
      USE shop;
      CREATE TABLE shop.big (id INT PRIMARY KEY, a INT, b INT, unindexed INT, body TEXT, note VARCHAR(20));
      INSERT INTO shop.big SELECT seq, seq % 10, seq % 7, seq % 100, REPEAT('t', 20), 'n' FROM seq_1_to_5000;
      CREATE INDEX big_a ON shop.big (a);
      CREATE INDEX big_a_b ON shop.big (a, b);
      CREATE INDEX big_note ON shop.big (note);
      CREATE USER ''@'localhost';
      CREATE USER 'root'@'%' IDENTIFIED BY 'Remote-r00t-pw';
      CREATE USER 'nopw'@'%';
      SET GLOBAL require_secure_transport = OFF;
      SET GLOBAL thread_cache_size = 0;`);
    await db.admin(Array.from({ length: 120 }, (_, i) => `SELECT COUNT(*) FROM shop.big WHERE unindexed = ${i % 100};`).join(''));
    await db.admin(Array.from({ length: 120 }, () => 'SELECT body, COUNT(*) FROM shop.big GROUP BY body;').join(''));
    await db.admin('SELECT COUNT(*) FROM shop.big WHERE a = 3 AND b = 2');
    // Connection churn (no thread cache) and then connections near the limit.
    for (let i = 0; i < 250; i++) (await mysql.createConnection({ socketPath: db.socket, user: 'root' })).destroy();
    for (let i = 0; i < 17; i++) held.push(await mysql.createConnection({ socketPath: db.socket, user: 'root' }));
    for (const c of held.splice(0)) await c.end();
    const report = await runAdvisors(
      config('admin'),
      { password: ADMIN_PW },
      { thresholds: { slowQueryMs: 0.01, threadCacheMinConnections: 200 } },
    );
    const expected: FindingKind[] = [
      'missing_index',
      'slow_query',
      'unused_index',
      'duplicate_index',
      'tmp_tables_on_disk',
      'connection_saturation',
      'connection_churn',
      'anonymous_user',
      'remote_root',
      'role_without_password',
      'insecure_transport_allowed',
      'superuser_application_role',
    ];
    const got = kinds(report);
    assert.deepEqual(
      expected.filter((k) => !got.has(k)),
      [],
      JSON.stringify(report, null, 2),
    );
    const f = (kind: FindingKind) => report.findings.filter((x) => x.kind === kind).map((x) => x.object);
    assert.ok(f('duplicate_index').includes('shop.big.big_a'), JSON.stringify(f('duplicate_index')));
    assert.ok(f('unused_index').includes('shop.big.big_note'), JSON.stringify(f('unused_index')));
    assert.ok(f('role_without_password').includes("'nopw'@'%'"));
    assert.ok(f('remote_root').includes("'root'@'%'"));
    const scan = report.findings.find((x) => x.kind === 'missing_index');
    assert.match(String(scan?.evidence.query), /\?/, 'digest texts are normalised');
    assertNoSecret(report, ADMIN_PW, 'Remote-r00t-pw');
  });

  it('request volume from Questions deltas lands within 5 % of a scripted workload', async () => {
    const session = await connectMysql(config('admin'), { password: ADMIN_PW }, 5000);
    try {
      const first = mysqlCostInputs(await collectMysql(session, 5000), Date.now()).counter[1];
      const statements = 3000;
      const c = await mysql.createConnection({ socketPath: db.socket, user: 'root', multipleStatements: true });
      for (let i = 0; i < statements; i += 100) await c.query(Array.from({ length: 100 }, (_, j) => `SELECT ${i + j};`).join(''));
      await c.end();
      const second = mysqlCostInputs(await collectMysql(session, 5000), first.at + 3_600_000).counter[1];
      const v = requestVolume([first, { at: first.at + 3_600_000, value: second.value }], 'Questions');
      const truth = statements * 730.5;
      assert.ok(v, 'a volume');
      assert.ok(Math.abs(v.requestsPerMonth - truth) / truth <= 0.05, `measured ${v.requestsPerMonth}, truth ${truth}`);
    } finally {
      await session.close();
    }
  });
});
