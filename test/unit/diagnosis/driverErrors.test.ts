import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { Client } from 'pg';
import * as mysql from 'mysql2/promise';
import { MongoClient } from 'mongodb';
import { PostgrestError } from '@supabase/postgrest-js';
import { AuthApiError } from '@supabase/auth-js';
import { cert, initializeApp, deleteApp } from 'firebase-admin/app';
import { diagnoseError, extractLayers } from '../../../src/server/diagnosis';
import { startBlackhole, type Blackhole } from '../../servers/faults';
import { closedPort } from '../../servers/ports';

async function thrown(f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** A loopback server that answers PostgreSQL's SSLRequest with 'N' (no TLS), then closes. */
async function noSslPostgres(): Promise<net.Server> {
  const s = net.createServer((sock) => {
    sock.once('data', () => {
      sock.write('N');
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return s;
}

describe('diagnosis: errors thrown by the real drivers', function () {
  this.timeout(20_000);
  let blackhole: Blackhole | undefined;
  const servers: net.Server[] = [];
  after(async () => {
    await blackhole?.close();
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  });

  it('pg: connection refused (ECONNREFUSED from node net through pg)', async () => {
    const port = await closedPort();
    const c = new Client({ host: '127.0.0.1', port, user: 'u', password: 'p', database: 'd' });
    const err = await thrown(() => c.connect());
    const d = diagnoseError('postgres', err, { connection: { host: '127.0.0.1', port } });
    assert.equal(d.category, 'conn_refused');
    assert.match(d.rootCause, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  it('pg: connect timeout against a server that never answers', async () => {
    blackhole = await startBlackhole();
    const c = new Client({ host: '127.0.0.1', port: blackhole.port, connectionTimeoutMillis: 300 });
    const err = await thrown(() => c.connect());
    assert.equal(diagnoseError('postgres', err).category, 'timeout');
  });

  it('pg: sslmode=require against a server without TLS', async () => {
    const s = await noSslPostgres();
    servers.push(s);
    const port = (s.address() as net.AddressInfo).port;
    const c = new Client({ host: '127.0.0.1', port, ssl: { rejectUnauthorized: false } });
    const err = await thrown(() => c.connect());
    const d = diagnoseError('postgres', err, { connection: { host: '127.0.0.1', port, tls: { mode: 'require' } } });
    assert.equal(d.category, 'ssl_unsupported');
    assert.match(d.rootCause, /sslmode=require/);
  });

  it('pg: DNS failure for a name that cannot resolve', async () => {
    const c = new Client({ host: 'db.dbpulse-test.invalid', port: 5432, connectionTimeoutMillis: 5000 });
    const err = await thrown(() => c.connect());
    const d = diagnoseError('postgres', err);
    // ENOTFOUND, or EAI_AGAIN where no resolver answers: both mean the name did not resolve.
    assert.equal(d.category, 'dns_failure', `${(err as Error).message}`);
  });

  it('mysql2: connection refused', async () => {
    const port = await closedPort();
    const err = await thrown(() => mysql.createConnection({ host: '127.0.0.1', port, user: 'u', password: 'p' }));
    assert.equal(diagnoseError('mysql', err).category, 'conn_refused');
  });

  it('mysql2: connect timeout (connect ETIMEDOUT set by mysql2 itself)', async () => {
    blackhole ??= await startBlackhole();
    const err = await thrown(() => mysql.createConnection({ host: '127.0.0.1', port: blackhole!.port, connectTimeout: 300 }));
    assert.equal(diagnoseError('mysql', err).category, 'timeout');
  });

  it('mongodb: MongoServerSelectionError whose reason.servers holds the ECONNREFUSED', async () => {
    const port = await closedPort();
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`, { serverSelectionTimeoutMS: 400 });
    const err = await thrown(() => client.connect());
    await client.close().catch(() => undefined);
    assert.equal((err as Error).name, 'MongoServerSelectionError');
    const layers = extractLayers(err);
    assert.ok(
      layers.some((l) => l.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(l.message)),
      JSON.stringify(layers.map((l) => l.path)),
    );
    assert.equal(diagnoseError('mongodb', err).category, 'conn_refused');
  });

  it('mongodb: MongoParseError for a bad scheme', async () => {
    const err = await thrown(async () => new MongoClient('mongo://localhost:27017'));
    const d = diagnoseError('mongodb', err);
    assert.equal(d.category, 'invalid_config');
  });

  it('firebase-admin: FirebaseAppError for an unparsable private key', async () => {
    const err = await thrown(async () => {
      const app = initializeApp(
        { credential: cert({ projectId: 'demo-x', clientEmail: 'sa@demo-x.iam.gserviceaccount.com', privateKey: 'not a key' }) },
        `t${Date.now()}`,
      );
      await deleteApp(app);
    });
    const d = diagnoseError('firebase', err);
    assert.equal(d.category, 'credentials_invalid', (err as Error).message);
  });

  it('supabase: PostgrestError carrying PGRST303 and AuthApiError invalid_credentials', () => {
    const pe = new PostgrestError({ message: 'JWT expired', details: '', hint: '', code: 'PGRST303' });
    assert.equal(diagnoseError('supabase', pe).category, 'jwt_expired');
    const ae = new AuthApiError('Invalid login credentials', 400, 'invalid_credentials');
    assert.equal(diagnoseError('supabase', ae).category, 'auth_failed');
  });

  it('fetch: TypeError "fetch failed" with the DNS cause inside', async () => {
    const err = await thrown(() =>
      fetch('http://abcdefghijklmnopqrst.dbpulse-test.invalid/rest/v1/', { signal: AbortSignal.timeout(5000) }),
    );
    assert.equal((err as Error).message, 'fetch failed');
    const d = diagnoseError('supabase', err);
    assert.equal(d.category, 'dns_failure', JSON.stringify(extractLayers(err).map((l) => [l.path, l.code, l.message])));
  });

  it('AggregateError from happy eyeballs: every address refused', () => {
    const e1 = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '::1',
      port: 5432,
    });
    const e2 = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 5432,
    });
    const agg = Object.assign(new AggregateError([e1, e2], ''), { code: 'ECONNREFUSED' });
    assert.equal(diagnoseError('postgres', agg).category, 'conn_refused');
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { message: 'x' };
    cyclic.cause = cyclic;
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    for (const v of [undefined, null, 42, '', 'text', [], {}, cyclic, hostile, Symbol('s'), () => 1]) {
      const d = diagnoseError('postgres', v);
      assert.ok(d.category);
    }
  });
});
