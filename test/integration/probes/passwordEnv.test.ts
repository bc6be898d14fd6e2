/**
 * Issue 11 item 6: `dbpulse probe <url>` without a password in the URL takes it from
 * DBPULSE_PASSWORD, else the provider's usual variable (PGPASSWORD, MYSQL_PWD), as the
 * README says; with none set, a server that asks for one is diagnosed `credentials_missing`.
 * Real PostgreSQL 15 and MariaDB, on loopback.
 */
import * as assert from 'node:assert/strict';
import { command as probe } from '../../../src/cli/commands/probe';
import { mariadbUnavailable, startMariaDb, type MariaServer } from '../../servers/mariadb';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';
import { fakeIo } from '../../support/cliIo';

const PASSWORD = 'env-pw-Lm42';

async function probeJson(url: string, env: NodeJS.ProcessEnv): Promise<{ code: number; result: Record<string, unknown> }> {
  const io = fakeIo('', env);
  const code = await probe.run([url, '--json', '--timeout', '10000'], io);
  return { code, result: JSON.parse(io.out) as Record<string, unknown> };
}

describe('dbpulse probe: the password from the environment (issue 11, item 6)', function () {
  this.timeout(120_000);

  describe('PostgreSQL (PGPASSWORD)', () => {
    let pg: PgServer;
    let url: string;
    before(async function () {
      const why = postgresUnavailable();
      if (why) this.skip();
      pg = await startPostgres();
      await pg.admin(`CREATE ROLE env_user LOGIN PASSWORD '${PASSWORD}'`);
      url = `postgres://env_user@127.0.0.1:${pg.port}/postgres`;
    });
    after(async () => pg?.destroy());

    it('PGPASSWORD is used: up', async () => {
      const { code, result } = await probeJson(url, { PGPASSWORD: PASSWORD });
      assert.equal(code, 0, JSON.stringify(result));
      assert.equal(result.state, 'up');
    });
    it('DBPULSE_PASSWORD wins over PGPASSWORD', async () => {
      const { result } = await probeJson(url, { DBPULSE_PASSWORD: PASSWORD, PGPASSWORD: 'wrong' });
      assert.equal(result.state, 'up');
    });
    it('no password anywhere: down with credentials_missing, not unknown', async () => {
      const { code, result } = await probeJson(url, {});
      assert.equal(code, 2);
      assert.equal((result.error as { category: string }).category, 'credentials_missing');
    });
  });

  describe('MariaDB (MYSQL_PWD)', () => {
    let db: MariaServer;
    let url: string;
    before(async function () {
      const why = mariadbUnavailable();
      if (why) this.skip();
      db = await startMariaDb();
      await db.admin(`CREATE USER 'env_user'@'%' IDENTIFIED BY '${PASSWORD}'`);
      url = `mysql://env_user@127.0.0.1:${db.port}/`;
    });
    after(async () => db?.destroy());

    it('MYSQL_PWD is used: up', async () => {
      const { code, result } = await probeJson(url, { MYSQL_PWD: PASSWORD });
      assert.equal(code, 0, JSON.stringify(result));
      assert.equal(result.state, 'up');
    });
    it('no password anywhere: down with credentials_missing', async () => {
      const { result } = await probeJson(url, {});
      assert.equal((result.error as { category: string }).category, 'credentials_missing', JSON.stringify(result.error));
    });
  });
});
