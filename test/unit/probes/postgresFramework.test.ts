/**
 * Pure parts of the probe framework, no server needed: runProbe's deadlines on a
 * fake clock, classification, redaction, connection-string parsing and form
 * validation, TLS option mapping, PostgreSQL metric parsing.
 * (Named postgres* only because of file ownership; they belong in test/unit/probes.)
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseConnectionString,
  PROVIDER_SCHEMAS,
  validateConnection,
  validateSecret,
  ConnectionStringError,
} from '../../../src/shared/providerSchemas';
import { urlWithoutPassword } from '../../../src/shared/connectionUrl';
import { PROVIDERS } from '../../../src/shared/categories';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { runProbe, ProbeTimeoutError } from '../../../src/server/probes/runProbe';
import type { ProbeClock, ProviderModule } from '../../../src/server/probes/types';
import { ProbeFailure } from '../../../src/server/probes/types';
import { makeRedactor } from '../../../src/server/secrets';
import { errorFields } from '../../../src/server/probes/errorFields';
import { driverTls } from '../../../src/server/probes/tlsOptions';
import { sqlEndpoint } from '../../../src/server/probes/endpoint';
import { createPhaseRecorder } from '../../../src/server/probes/timing';
import { pgMetricsFromRow, pgSaturationWarnings, combinedMetricsSql, PG_METRIC_KEYS } from '../../../src/server/probes/postgresMetrics';

/** A manual clock: timers fire only when the test advances time. */
class FakeClock implements ProbeClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now() {
    return 1_700_000_000_000 + this.t;
  }
  monotonic() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  advance(ms: number) {
    const until = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = until;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

const base: ConnectionConfig = {
  id: 'c1',
  name: 'c1',
  provider: 'postgres',
  host: 'db.example.com',
  connectTimeoutMs: 1000,
  statementTimeoutMs: 500,
};

describe('runProbe (fake provider, fake clock)', () => {
  it('abandons a provider that never connects at exactly connectTimeoutMs, runs its cleanups, reports timeout', async () => {
    const clock = new FakeClock();
    let cleaned = 0;
    let sawAbort = false;
    const provider: ProviderModule = {
      probe: (_req, ctx) => {
        ctx.onCleanup(() => void cleaned++);
        ctx.signal.addEventListener('abort', () => (sawAbort = true));
        return new Promise(() => undefined);
      },
    };
    const p = runProbe({ config: base, secret: {}, clock }, { loadProvider: () => provider });
    await tick();
    clock.advance(999);
    await tick();
    let settled = false;
    void p.then(() => (settled = true));
    await tick();
    assert.equal(settled, false, 'not before the deadline');
    clock.advance(1);
    const r = await p;
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'timeout');
    assert.equal(r.error?.code, 'ETIMEDOUT');
    assert.equal(r.timings.totalMs, 1000);
    assert.equal(cleaned, 1);
    assert.equal(sawAbort, true);
  });

  it('after connected(), the query phase gets statementTimeoutMs of its own', async () => {
    const clock = new FakeClock();
    const provider: ProviderModule = {
      probe: async (_req, ctx) => {
        await new Promise<void>((res) => clock.setTimeout(res, 900));
        ctx.connected();
        return new Promise(() => undefined);
      },
    };
    const p = runProbe({ config: base, secret: {}, clock }, { loadProvider: () => provider });
    await tick();
    clock.advance(900);
    await tick();
    clock.advance(499);
    await tick();
    clock.advance(1);
    const r = await p;
    assert.equal(r.error?.category, 'timeout');
    assert.match(r.error?.message ?? '', /query timed out after 500 ms/);
    assert.equal(r.timings.totalMs, 1400);
  });

  it('maps an up outcome, degrades on warnings, and redacts the secret everywhere', async () => {
    const secret = { password: 'hunter2-XYZ' };
    const provider: ProviderModule = {
      probe: async (_req, ctx) => {
        ctx.phases.start('firstQuery');
        ctx.phases.end('firstQuery');
        return { serverVersion: '15.1', tls: null, metrics: { a: 1 }, warnings: ['denied for hunter2-XYZ'] };
      },
    };
    const r = await runProbe({ config: base, secret }, { loadProvider: () => provider });
    assert.equal(r.state, 'degraded');
    assert.deepEqual(r.warnings, ['denied for [REDACTED]']);
    assert.equal(r.metrics.a, 1);
    assert.equal(typeof r.timings.firstQueryMs, 'number');
  });

  it('a thrown driver error is classified by the diagnoser and sanitised; ProbeFailure keeps partial facts', async () => {
    const secret = { password: 'p@ss w0rd/x' };
    const driverErr = Object.assign(
      new Error(`password authentication failed for user "app" (tried ${encodeURIComponent(secret.password)})`),
      { code: '28P01', severity: 'FATAL' },
    );
    const provider: ProviderModule = {
      probe: async () => Promise.reject(new ProbeFailure(driverErr, { serverVersion: '15.2', tls: { protocol: 'TLSv1.3' } })),
    };
    const r = await runProbe({ config: base, secret }, { loadProvider: () => provider });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'auth_failed');
    assert.equal(r.error?.code, '28P01');
    assert.equal(r.serverVersion, '15.2');
    assert.deepEqual(r.tls, { protocol: 'TLSv1.3' });
    assert.ok(!JSON.stringify(r).includes(encodeURIComponent(secret.password)));
    assert.ok(!JSON.stringify(r).includes(secret.password));
  });

  it('never throws: invalid settings, a provider that fails to load, a provider that throws a non-Error', async () => {
    const invalid = await runProbe({ config: { ...base, host: undefined, port: 70000 }, secret: {} });
    assert.equal(invalid.state, 'down');
    assert.equal(invalid.error?.category, 'invalid_config');
    const noLoad = await runProbe(
      { config: base, secret: {} },
      {
        loadProvider: () => {
          throw new Error('boom');
        },
      },
    );
    assert.equal(noLoad.state, 'down');
    assert.match(noLoad.error?.message ?? '', /could not be loaded: boom/);
    const weird = await runProbe(
      { config: base, secret: {} },
      { loadProvider: () => ({ probe: () => Promise.reject({ some: 'thing' }) }) },
    );
    assert.equal(weird.state, 'down');
    assert.equal(weird.error?.category, 'unknown');
  });

  it('ProbeTimeoutError looks like a Node timeout to classifiers', () => {
    const e = new ProbeTimeoutError('connect', 10);
    assert.equal(e.code, 'ETIMEDOUT');
  });
});

describe('phase recorder', () => {
  it('times phases from their start, or from the previous end, and restarts on retry', () => {
    const clock = new FakeClock();
    const ph = createPhaseRecorder(clock);
    ph.start('dns');
    clock.t = 2;
    ph.end('dns');
    clock.t = 5;
    ph.end('connect'); // never started: from dns end
    ph.start('tls');
    clock.t = 9;
    ph.start('auth'); // ends tls implicitly
    clock.t = 10;
    ph.end('auth');
    ph.start('connect'); // retry: timed afresh
    clock.t = 11;
    ph.end('connect');
    assert.deepEqual(ph.snapshot(), { totalMs: 11, dnsMs: 2, connectMs: 1, tlsMs: 4, authMs: 1 });
  });
});

describe('redaction', () => {
  it('removes the exact secret, its URL-encoded and JSON forms, and generic secret shapes', () => {
    const red = makeRedactor({ secrets: [{ password: 'a"b/c d', apiKey: 'sb_secret_abcdefgh123' }] });
    assert.equal(red('x a"b/c d y'), 'x [REDACTED] y');
    assert.equal(red(`x ${encodeURIComponent('a"b/c d')} y`), 'x [REDACTED] y');
    assert.equal(red('{"p":"a\\"b/c d"}'), '{"p":"[REDACTED]"}');
    assert.equal(red('postgres://u:other@h/db'), 'postgres://u:[REDACTED]@h/db');
    assert.equal(red("Access denied for user 'u'@'h' (using password: NO)"), "Access denied for user 'u'@'h' (using password: NO)");
  });

  it('errorFields keeps primitive classification fields along the cause chain, redacted', () => {
    const red = makeRedactor({ secrets: [{ password: 'topsecret' }] });
    const e = Object.assign(new Error('outer'), {
      code: 'X1',
      errno: 5,
      cause: Object.assign(new Error('inner topsecret'), { sqlMessage: 'bad topsecret', code: '28P01' }),
    });
    assert.deepEqual(errorFields(e, red), { code: 'X1', errno: 5, 'cause.code': '28P01', 'cause.sqlMessage': 'bad [REDACTED]' });
  });
});

describe('connection strings and form validation', () => {
  it('splits the password out of postgres and mysql URLs (property: any password, any host)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/);
    fc.assert(
      fc.property(
        word,
        fc.string({ minLength: 4, maxLength: 20 }).filter((p) => !/^\s|\s$/.test(p)),
        word,
        fc.integer({ min: 1, max: 65535 }),
        word,
        fc.constantFrom('postgres', 'postgresql', 'mysql', 'mariadb'),
        (user, password, host, port, db, scheme) => {
          const url = `${scheme}://${user}:${encodeURIComponent(password)}@${host}.example.com:${port}/${db}`;
          const { config, secret } = parseConnectionString(url);
          assert.equal(secret.password, password);
          assert.equal(config.host, `${host}.example.com`);
          assert.equal(config.port, port);
          assert.equal(config.database, db);
          assert.equal(config.user, user);
          assert.equal(config.url, undefined);
          assert.ok(!('password' in config));
          assert.deepEqual(
            validateConnection(config).filter((p) => p.severity === 'error'),
            [],
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('maps sslmode / ssl-mode to our TLS modes, and rejects unknown ones with a clear message', () => {
    assert.deepEqual(parseConnectionString('postgres://u@h/db?sslmode=verify-full&sslrootcert=/ca.pem').config.tls, {
      mode: 'verify-full',
      caFile: '/ca.pem',
    });
    assert.deepEqual(parseConnectionString('postgres://u@h/db?sslmode=no-verify').config.tls, { mode: 'require', allowSelfSigned: true });
    assert.deepEqual(parseConnectionString('mysql://u@h/db?ssl-mode=REQUIRED').config.tls, { mode: 'require' });
    assert.deepEqual(parseConnectionString('mysql://u@h/db?ssl={"rejectUnauthorized":false}').config.tls, {
      mode: 'require',
      allowSelfSigned: true,
    });
    assert.equal(parseConnectionString('postgres://u@h:5432/db?connect_timeout=7').config.connectTimeoutMs, 7000);
    assert.throws(() => parseConnectionString('postgres://u@h/db?sslmode=sometimes'), /unknown sslmode 'sometimes'/);
  });

  it('keeps MongoDB URLs (options, SRV, replica sets) without the password', () => {
    const { config, secret } = parseConnectionString(
      'mongodb+srv://app:s3cr%40t@cluster0.ab1cd.mongodb.net/shop?retryWrites=true&w=majority',
    );
    assert.equal(secret.password, 's3cr@t');
    assert.equal(config.url, 'mongodb+srv://app@cluster0.ab1cd.mongodb.net/shop?retryWrites=true&w=majority');
    assert.equal(config.provider, 'mongodb');
    assert.deepEqual(config.tls, { mode: 'verify-full' });
    const rs = parseConnectionString('mongodb://u:p@a:27017,b:27018/?replicaSet=rs0');
    assert.equal(rs.config.url, 'mongodb://u@a:27017,b:27018/?replicaSet=rs0');
  });

  it('recognises Supabase and Firebase https URLs', () => {
    const s = parseConnectionString('https://abcdefghijklmnop.supabase.co');
    assert.equal(s.config.provider, 'supabase');
    assert.equal(s.config.projectUrl, 'https://abcdefghijklmnop.supabase.co');
    const f = parseConnectionString('https://my-app-1234-default-rtdb.firebaseio.com');
    assert.equal(f.config.provider, 'firebase');
    assert.equal(f.config.projectId, 'my-app-1234');
  });

  it('refuses what it cannot use, with messages a user understands', () => {
    assert.throws(() => parseConnectionString(''), ConnectionStringError);
    assert.throws(() => parseConnectionString('localhost:5432'), /expected scheme/);
    assert.throws(() => parseConnectionString('redis://h'), /unsupported scheme 'redis:\/\/'/);
    assert.throws(() => parseConnectionString('postgres://u@h:99999/db'), /invalid port/);
    assert.throws(() => parseConnectionString('postgres://u@a,b/db'), /multiple hosts/);
  });

  it('urlWithoutPassword keeps everything else', () => {
    assert.equal(urlWithoutPassword('postgres://u:p%2Fw@h:1/d?sslmode=require'), 'postgres://u@h:1/d?sslmode=require');
    assert.equal(urlWithoutPassword('postgres://u@h/d'), 'postgres://u@h/d');
  });

  it('validation: every field problem is named, warnings separate from errors', () => {
    const problems = validateConnection({
      id: 'bad id',
      name: '',
      provider: 'postgres',
      port: 0,
      tls: { mode: 'verify-full', allowSelfSigned: true },
      connectTimeoutMs: 5,
    });
    const fields = problems.map((p) => `${p.severity}:${p.field}`).sort();
    assert.deepEqual(fields, [
      'error:connectTimeoutMs',
      'error:host',
      'error:id',
      'error:name',
      'error:port',
      'warning:tls.allowSelfSigned',
    ]);
    assert.deepEqual(
      validateConnection({ provider: 'postgres', url: 'postgres://u:pw@h/db' }, { forProbe: true }).map((p) => p.message),
      ['the URL contains a password: remove it and store the password in Secret Storage'],
    );
    assert.ok(validateConnection({ id: 'f', name: 'f', provider: 'firebase' }).some((p) => p.field === 'projectId'));
    assert.ok(validateConnection({ id: 's', name: 's', provider: 'supabase', projectUrl: 'abc' }).some((p) => p.field === 'projectUrl'));
    assert.deepEqual(validateConnection(null), [{ field: '', message: 'a connection must be an object', severity: 'error' }]);
    assert.equal(validateSecret('supabase', {}).length, 1);
    assert.equal(validateSecret('supabase', { apiKey: 'k' }).length, 0);
    assert.equal(validateSecret('postgres', {}).length, 0);
  });

  it('every provider has a schema whose secret fields are ConnectionSecret keys and whose other keys are config paths', () => {
    const secretKeys = new Set(['password', 'apiKey', 'serviceAccountJson']);
    const configRoots = new Set([
      'id',
      'name',
      'tags',
      'url',
      'host',
      'port',
      'database',
      'user',
      'tls',
      'connectTimeoutMs',
      'statementTimeoutMs',
      'projectId',
      'projectUrl',
      'databaseUrl',
      'emulator',
      'interval',
    ]);
    for (const p of PROVIDERS) {
      const schema = PROVIDER_SCHEMAS[p];
      assert.equal(schema.provider, p);
      const keys = schema.fields.map((f) => f.key);
      assert.equal(new Set(keys).size, keys.length, `${p}: duplicate keys`);
      for (const f of schema.fields) {
        if (f.secret) assert.ok(secretKeys.has(f.key), `${p}.${f.key} secret`);
        else assert.ok(configRoots.has(f.key.split('.')[0]), `${p}.${f.key} not a config path`);
      }
      assert.ok(
        schema.fields.some((f) => f.secret),
        `${p} has a secret field`,
      );
    }
  });
});

describe('TLS options and endpoints', () => {
  it('libpq semantics: require does not verify, verify-ca checks the chain only, verify-full checks the name too', () => {
    assert.equal(driverTls({ mode: 'disable' }, 'h', undefined).options, false);
    const req = driverTls({ mode: 'require' }, 'db.example.com', undefined);
    assert.equal(req.verifies, false);
    assert.equal((req.options as { rejectUnauthorized: boolean }).rejectUnauthorized, false);
    const ca = driverTls({ mode: 'verify-ca' }, 'db.example.com', 'PEM');
    assert.equal((ca.options as { rejectUnauthorized: boolean }).rejectUnauthorized, true);
    assert.equal(typeof (ca.options as { checkServerIdentity?: unknown }).checkServerIdentity, 'function');
    const full = driverTls({ mode: 'verify-full' }, 'db.example.com', undefined);
    assert.equal((full.options as { servername?: string }).servername, 'db.example.com');
    assert.equal((full.options as { checkServerIdentity?: unknown }).checkServerIdentity, undefined);
    assert.equal(
      (driverTls({ mode: 'verify-full' }, '10.0.0.1', undefined).options as { servername?: string }).servername,
      undefined,
      'no SNI for IPs',
    );
    assert.equal(driverTls({ mode: 'prefer' }, 'h', undefined).fallbackToPlain, true);
    assert.equal(driverTls({ mode: 'verify-full', allowSelfSigned: true }, 'h', undefined).verifies, false);
  });

  it('explicit settings win over the URL, the URL over defaults', () => {
    const ep = sqlEndpoint(
      { ...base, host: undefined, url: 'postgres://urluser@urlhost:6000/urldb?sslmode=require', database: 'explicitdb' },
      { port: 5432, user: 'postgres' },
    );
    assert.deepEqual(ep, { host: 'urlhost', port: 6000, database: 'explicitdb', user: 'urluser', tls: { mode: 'require' } });
  });
});

describe('PostgreSQL metric parsing', () => {
  it('turns the combined row into the predictor keys, numbers from strings, lag only on replicas', () => {
    const m = pgMetricsFromRow({
      connections_used: 7,
      max_connections: 100,
      connections_reserved: '3',
      oldest_xact_age_s: 1.23456,
      xid_wraparound_age: '123456789',
      cache_hit_ratio: 0.9912345678,
      in_recovery: false,
      replication_lag_s: null,
      pg_stat_statements_installed: true,
    });
    assert.deepEqual(m, {
      connections_used: 7,
      max_connections: 100,
      connections_reserved: 3,
      oldest_xact_age_s: 1.235,
      xid_wraparound_age: 123456789,
      cache_hit_ratio: 0.991235,
      pg_stat_statements: true,
      in_recovery: false,
    });
    for (const k of PG_METRIC_KEYS) assert.ok(k in m);
    const replica = pgMetricsFromRow({ in_recovery: true, replication_lag_s: 4.5 });
    assert.equal(replica.replication_lag_s, 4.5);
    assert.equal(replica.connections_used, null);
  });

  it('warns on saturation and wraparound', () => {
    assert.deepEqual(pgSaturationWarnings({ connections_used: 10, max_connections: 100 }), []);
    assert.equal(pgSaturationWarnings({ connections_used: 95, max_connections: 100 }).length, 1);
    assert.match(pgSaturationWarnings({ xid_wraparound_age: 1_600_000_000 })[0], /wraparound/);
  });

  it('the metrics batch is a read-only transaction with local timeouts', () => {
    const sql = combinedMetricsSql(2500);
    assert.match(sql, /^BEGIN READ ONLY;/);
    assert.match(sql, /SET LOCAL statement_timeout = 2500/);
    assert.match(sql, /COMMIT$/);
    assert.doesNotMatch(sql, /\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b/i);
  });
});
