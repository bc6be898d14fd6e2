import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import { diagnoseError } from '../../../src/server/diagnosis';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';

/**
 * Faults produced by a real PostgreSQL 15 server, classified from the error pg
 * really throws. Skips cleanly where the server cannot be started.
 */
describe('diagnosis: faults of a real PostgreSQL server', function () {
  this.timeout(60_000);
  let pg: PgServer | undefined;

  before(async function () {
    const why = postgresUnavailable();
    if (why) this.skip();
    pg = await startPostgres({
      maxConnections: 6,
      hbaLines: [
        'hostssl all tlsonly 127.0.0.1/32 scram-sha-256',
        'host all tlsonly 127.0.0.1/32 reject',
        'host all nobody 127.0.0.1/32 reject',
      ],
    });
    await pg.admin(`CREATE ROLE app LOGIN PASSWORD 'right-pass'`);
    await pg.admin(`CREATE ROLE tlsonly LOGIN PASSWORD 'right-pass'`);
    await pg.admin(`CREATE ROLE nobody LOGIN PASSWORD 'right-pass'`);
    await pg.admin(`CREATE DATABASE app OWNER app`);
  });
  after(async () => {
    await pg?.destroy();
  });

  async function fail(cfg: Record<string, unknown>): Promise<unknown> {
    const c = new Client({ host: '127.0.0.1', port: pg!.port, connectionTimeoutMillis: 5000, ...cfg });
    try {
      await c.connect();
      await c.query(String(cfg.sql ?? 'SELECT 1'));
    } catch (err) {
      return err;
    } finally {
      await c.end().catch(() => undefined);
    }
    throw new Error('expected a failure');
  }

  const ctx = (extra: Record<string, unknown> = {}) => ({ connection: { host: '127.0.0.1', port: pg!.port, ...extra } });

  it('wrong password → auth_failed (28P01)', async () => {
    const d = diagnoseError('postgres', await fail({ user: 'app', password: 'wrong', database: 'app' }), ctx({ user: 'app' }));
    assert.equal(d.category, 'auth_failed');
    assert.match(d.rootCause, /app/);
  });

  it('missing database → database_not_found (3D000)', async () => {
    const d = diagnoseError('postgres', await fail({ user: 'app', password: 'right-pass', database: 'nope' }));
    assert.equal(d.category, 'database_not_found');
    assert.match(d.rootCause, /nope/);
  });

  it('hostssl-only user without TLS → ssl_required, naming sslmode', async () => {
    const d = diagnoseError(
      'postgres',
      await fail({ user: 'tlsonly', password: 'right-pass', database: 'app' }),
      ctx({ tls: { mode: 'disable' } }),
    );
    assert.equal(d.category, 'ssl_required', d.rootCause);
    assert.match(d.rootCause, /sslmode=disable/);
  });

  it('rejected by pg_hba.conf over TLS → host_not_allowed', async () => {
    const d = diagnoseError(
      'postgres',
      await fail({ user: 'nobody', password: 'right-pass', database: 'app', ssl: { rejectUnauthorized: false } }),
    );
    // "host all nobody ... reject" matches TLS and plain connections alike: "pg_hba.conf rejects connection ..., SSL encryption".
    assert.equal(d.category, 'host_not_allowed', d.rootCause);
  });

  it('self-signed server certificate with verification → ssl_certificate', async () => {
    const d = diagnoseError(
      'postgres',
      await fail({ user: 'app', password: 'right-pass', database: 'app', ssl: { rejectUnauthorized: true } }),
    );
    assert.equal(d.category, 'ssl_certificate');
  });

  it('missing table → schema_missing (42P01)', async () => {
    const d = diagnoseError(
      'postgres',
      await fail({ user: 'app', password: 'right-pass', database: 'app', sql: 'SELECT * FROM missing_table' }),
    );
    assert.equal(d.category, 'schema_missing');
  });

  it('connection slots exhausted → too_many_connections (53300)', async () => {
    const held: Client[] = [];
    try {
      let err: unknown;
      for (let i = 0; i < 10 && !err; i++) {
        const c = new Client({ host: '127.0.0.1', port: pg!.port, user: 'app', password: 'right-pass', database: 'app' });
        try {
          await c.connect();
          held.push(c);
        } catch (e) {
          err = e;
        }
      }
      assert.ok(err, 'the server should have refused a connection');
      assert.equal(diagnoseError('postgres', err).category, 'too_many_connections');
    } finally {
      for (const c of held) await c.end().catch(() => undefined);
    }
  });

  it('server stopped → conn_refused', async () => {
    await pg!.stop();
    try {
      const d = diagnoseError('postgres', await fail({ user: 'app', password: 'right-pass', database: 'app' }), ctx());
      assert.equal(d.category, 'conn_refused');
    } finally {
      await pg!.start();
    }
  });
});
