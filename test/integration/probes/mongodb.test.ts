/**
 * MongoDB probe against independent servers (no mongod can be installed here):
 * CongoDB (`@push.rocks/smartmongo`, a pure-TypeScript wire-protocol server) for
 * the happy path, a scripted wire-protocol stand-in for the server's failure
 * replies, and raw TCP listeners for network faults. Test names say which.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { ConnectionConfig, ConnectionSecret } from '../../../src/shared/connection';
import type { ProbeResult } from '../../../src/shared/probe';
import { runProbe } from '../../../src/server/probes/runProbe';
import { makeSelfSignedCert, makeTempDir, removeDir } from '../../servers/common';
import { congoUnavailable, startCongoMongo, type CongoMongo } from '../../servers/mongo';
import { resetListener, silentListener } from '../../servers/mongoFaults';
import { closedPort } from '../../servers/ports';
import {
  MongoScriptedServer,
  errorReply,
  helloMember,
  replStatusDoc,
  serverStatusDoc,
  type MongoScript,
  type ScriptedServerOptions,
} from '../../servers/mongoScripted';

const PASSWORD = 'Pr0be-S3cret!pass';

function config(over: Partial<ConnectionConfig>): ConnectionConfig {
  return { id: 'mongo-test', name: 'mongo test', provider: 'mongodb', connectTimeoutMs: 3000, statementTimeoutMs: 2000, ...over };
}

async function probe(over: Partial<ConnectionConfig>, secret: ConnectionSecret = {}): Promise<ProbeResult> {
  // runProbe's own classifier, the diagnoser (src/server/diagnosis), as in the product.
  const result = await runProbe({ config: config(over), secret });
  // Whatever happened, no secret may be in the result.
  if (secret.password) assert.ok(!JSON.stringify(result).includes(secret.password), 'password leaked into the result');
  return result;
}

/** Commands a read-only probe may send (driver handshakes, auth, session bookkeeping included). */
const READ_ONLY = new Set([
  'hello',
  'ismaster',
  'serverstatus',
  'buildinfo',
  'replsetgetstatus',
  'ping',
  'endsessions',
  'saslstart',
  'saslcontinue',
]);

describe('MongoDB probe — CongoDB stand-in (pure-JS wire-protocol server, not mongod)', function () {
  this.timeout(30000);
  let mongo: CongoMongo | undefined;
  before(async function () {
    const why = congoUnavailable();
    if (why) this.skip();
    mongo = await startCongoMongo();
  });
  after(async () => {
    await mongo?.stop();
  });

  it('is up, with hello/serverStatus metrics and phase timings (CongoDB stand-in)', async () => {
    const r = await probe({ url: mongo!.url });
    assert.equal(r.state, 'up', JSON.stringify(r.error));
    assert.equal(r.provider, 'mongodb');
    assert.equal(r.metrics.repl_state, 'standalone');
    assert.equal(typeof r.metrics.connections_current, 'number');
    assert.ok((r.metrics.connections_current as number) >= 1);
    assert.equal(typeof r.metrics.connections_available, 'number');
    // CongoDB's serverStatus has no opcounters: reported as null, never invented.
    assert.equal(r.metrics.opcounters_query, null);
    assert.equal(r.metrics.repl_lag_s, null);
    assert.equal(r.serverVersion, '7.0.0');
    assert.equal(typeof r.timings.connectMs, 'number');
    assert.equal(typeof r.timings.firstQueryMs, 'number');
    assert.equal(r.timings.dnsMs, undefined, 'an IP literal needs no DNS lookup');
  });

  it('times the DNS phase when the host is a name (CongoDB stand-in)', async () => {
    // Node tries every address of `localhost` (autoSelectFamily), so ::1 first still reaches 127.0.0.1.
    const r = await probe({ host: 'localhost', port: mongo!.port });
    assert.equal(r.state, 'up', JSON.stringify(r.error));
    assert.equal(typeof r.timings.dnsMs, 'number');
  });
});

describe('MongoDB probe — scripted wire-protocol stand-in (mongod replies scripted)', function () {
  this.timeout(30000);
  const servers: MongoScriptedServer[] = [];
  let certDir: string | undefined;
  const start = async (script: MongoScript, options?: ScriptedServerOptions) => {
    const s = await MongoScriptedServer.start(script, options);
    servers.push(s);
    return s;
  };
  before(function () {
    if (congoUnavailable()) this.skip();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  after(() => {
    if (certDir) removeDir(certDir);
  });

  it('reports connections, opcounters and version from a real-shaped serverStatus, read-only (scripted stand-in)', async () => {
    const s = await start(() => undefined);
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'up', JSON.stringify(r));
    assert.deepEqual(
      {
        c: r.metrics.connections_current,
        a: r.metrics.connections_available,
        q: r.metrics.opcounters_query,
        i: r.metrics.opcounters_insert,
        u: r.metrics.opcounters_update,
        d: r.metrics.opcounters_delete,
        cmd: r.metrics.opcounters_command,
      },
      { c: 3, a: 838857, q: 340, i: 12, u: 56, d: 7, cmd: 1234 },
    );
    assert.equal(r.serverVersion, '7.0.14');
    const names = s.commandNames();
    assert.ok(names.includes('serverstatus'));
    for (const n of names) assert.ok(READ_ONLY.has(n), `probe sent a non-read-only command: ${n}`);
  });

  it('authentication failure (code 18) is down / auth_failed, password never echoed (scripted stand-in)', async () => {
    const s = await start((cmd) =>
      cmd.name === 'saslStart' ? errorReply(18, 'AuthenticationFailed', 'Authentication failed.') : undefined,
    );
    const r = await probe({ url: `mongodb://app@127.0.0.1:${s.port}/admin` }, { password: PASSWORD });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'auth_failed', JSON.stringify(r.error));
    assert.match(r.error?.message ?? '', /Authentication failed/);
    assert.ok(s.commandNames().includes('saslstart'), 'the driver really tried SCRAM');
  });

  it('serverStatus denied (Unauthorized, 13) degrades instead of failing (scripted stand-in)', async () => {
    const s = await start((cmd) =>
      cmd.name === 'serverStatus'
        ? errorReply(13, 'Unauthorized', 'not authorized on admin to execute command { serverStatus: 1 }')
        : undefined,
    );
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'degraded', JSON.stringify(r));
    assert.equal(r.metrics.connections_current, null);
    assert.equal(r.metrics.repl_state, 'standalone');
    assert.ok(r.warnings?.some((w) => /serverStatus not permitted/.test(w)));
    assert.equal(r.serverVersion, '7.0.14', 'version still read from buildInfo');
  });

  it('a secondary 45 s behind is degraded with repl_state SECONDARY and repl_lag_s 45 (scripted stand-in)', async () => {
    let me = '';
    const s = await start((cmd) => {
      if (cmd.name === 'hello' || cmd.name === 'isMaster' || cmd.name === 'ismaster') return helloMember('SECONDARY', me);
      if (cmd.name === 'replSetGetStatus') return replStatusDoc(me, 45);
      return undefined;
    });
    me = `127.0.0.1:${s.port}`;
    const r = await probe({ url: s.url });
    assert.equal(r.metrics.repl_state, 'SECONDARY');
    assert.equal(r.metrics.repl_lag_s, 45);
    assert.equal(r.state, 'degraded');
    assert.ok(r.warnings?.some((w) => /replication lag 45 s/.test(w)));
  });

  it('a secondary 2 s behind is up, and a primary reports lag 0 (scripted stand-in)', async () => {
    let me = '';
    let role: 'SECONDARY' | 'PRIMARY' = 'SECONDARY';
    const s = await start((cmd) => {
      if (/^(hello|isMaster|ismaster)$/.test(cmd.name)) return helloMember(role, me);
      if (cmd.name === 'replSetGetStatus') return replStatusDoc(me, 2);
      return undefined;
    });
    me = `127.0.0.1:${s.port}`;
    const sec = await probe({ url: s.url });
    assert.equal(sec.state, 'up', JSON.stringify(sec));
    assert.equal(sec.metrics.repl_lag_s, 2);
    role = 'PRIMARY';
    const pri = await probe({ url: s.url });
    assert.equal(pri.metrics.repl_state, 'PRIMARY');
    assert.equal(pri.metrics.repl_lag_s, 0);
  });

  it('replSetGetStatus denied degrades with the lag unknown (scripted stand-in)', async () => {
    let me = '';
    const s = await start((cmd) => {
      if (/^(hello|isMaster|ismaster)$/.test(cmd.name)) return helloMember('SECONDARY', me);
      if (cmd.name === 'replSetGetStatus')
        return errorReply(13, 'Unauthorized', 'not authorized on admin to execute command { replSetGetStatus: 1 }');
      return undefined;
    });
    me = `127.0.0.1:${s.port}`;
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'degraded');
    assert.equal(r.metrics.repl_lag_s, null);
    assert.ok(r.warnings?.some((w) => /replSetGetStatus not permitted/.test(w)));
  });

  it('95 of 100 connections in use is degraded (saturation) (scripted stand-in)', async () => {
    const s = await start((cmd) => (cmd.name === 'serverStatus' ? serverStatusDoc({ current: 95, available: 5 }) : undefined));
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'degraded');
    assert.ok(r.warnings?.some((w) => /connections near the limit: 95 in use/.test(w)));
  });

  it('NotWritablePrimary (10107) on a command is down / read_only (scripted stand-in)', async function () {
    const s = await start((cmd) => (cmd.name === 'serverStatus' ? errorReply(10107, 'NotWritablePrimary', 'not primary') : undefined));
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'read_only', JSON.stringify(r.error));
    assert.equal(r.error?.fields?.code, 10107);
  });

  it('a recovering member (NotPrimaryOrSecondary, 13436) is down / server_unavailable (scripted stand-in)', async function () {
    let me = '';
    const s = await start((cmd) => {
      if (/^(hello|isMaster|ismaster)$/.test(cmd.name)) return helloMember('RECOVERING', me);
      if (cmd.name === 'serverStatus') return errorReply(13436, 'NotPrimaryOrSecondary', 'node is recovering');
      return undefined;
    });
    me = `127.0.0.1:${s.port}`;
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'server_unavailable', JSON.stringify(r.error));
  });

  it('too many connections (mongod closes each new connection) is down / connection_reset, as the driver sees it (scripted stand-in)', async () => {
    const s = await start(() => undefined, { closeOnAccept: true });
    const r = await probe({ url: s.url });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'connection_reset', JSON.stringify(r.error));
  });

  it('a statement that never answers hits the statement timeout exactly: down / timeout (scripted stand-in)', async () => {
    const s = await start((cmd) => (cmd.name === 'serverStatus' ? { $hang: true } : undefined));
    const r = await probe({ url: s.url, statementTimeoutMs: 400 });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'timeout');
    assert.match(r.error?.message ?? '', /400 ms/);
  });

  describe('TLS (scripted stand-in over TLS, self-signed certificate)', () => {
    let cert: ReturnType<typeof makeSelfSignedCert>;
    before(() => {
      certDir = makeTempDir('dbpulse-mongo-tls-');
      cert = makeSelfSignedCert(certDir);
    });
    const tlsServer = () => start(() => undefined, { tls: { key: fs.readFileSync(cert.keyFile), cert: fs.readFileSync(cert.certFile) } });

    it('self-signed certificate with verification on is down / ssl_certificate', async () => {
      const s = await tlsServer();
      const r = await probe({ url: s.url, tls: { mode: 'verify-full' } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'ssl_certificate', JSON.stringify(r.error));
    });

    it('the same certificate trusted through caFile is up with TLS verified', async () => {
      const s = await tlsServer();
      const r = await probe({ url: s.url, tls: { mode: 'verify-full', caFile: cert.caFile } });
      assert.equal(r.state, 'up', JSON.stringify(r.error));
      assert.deepEqual(r.tls, { authorized: true });
    });

    it('mode require (encrypt, do not verify) is up with the certificate unverified', async () => {
      const s = await tlsServer();
      const r = await probe({ url: s.url, tls: { mode: 'require' } });
      assert.equal(r.state, 'up', JSON.stringify(r.error));
      assert.deepEqual(r.tls, { authorized: false });
    });

    it('TLS asked for but the server speaks plain MongoDB: its ClientHello gets no answer, down / timeout', async () => {
      // mongod reads the ClientHello as a message header announcing ~33 MB and waits for it:
      // from the client this is indistinguishable from a silent server, so no TLS guess is made.
      const s = await start(() => undefined);
      const r = await probe({ url: s.url, tls: { mode: 'require' }, connectTimeoutMs: 800 });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'timeout', JSON.stringify(r.error));
      assert.ok(!s.commandNames().length, 'no command was understood');
    });

    it('server requires TLS, client off: down / connection_reset (the driver only sees the server hang up)', async () => {
      const s = await tlsServer();
      const r = await probe({ url: s.url, tls: { mode: 'disable' } });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'connection_reset', JSON.stringify(r.error));
      assert.equal(r.tls, null);
    });
  });
});

describe('MongoDB probe — network faults (raw TCP listeners on loopback)', function () {
  this.timeout(30000);

  it('nothing listening: down / conn_refused', async () => {
    const port = await closedPort();
    const r = await probe({ url: `mongodb://127.0.0.1:${port}/` });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'conn_refused', JSON.stringify(r.error));
  });

  it('unresolvable host (.invalid): down / dns_failure', async () => {
    const r = await probe({ host: 'no-such-host.invalid', port: 27017 });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'dns_failure', JSON.stringify(r.error));
  });

  it('a listener that never answers: down / timeout at the connect timeout', async () => {
    const l = await silentListener();
    try {
      const r = await probe({ url: `mongodb://127.0.0.1:${l.port}/`, connectTimeoutMs: 500 });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'timeout', JSON.stringify(r.error));
      assert.match(r.error?.message ?? '', /500 ms|500ms/);
    } finally {
      await l.stop();
    }
  });

  it('a peer that resets mid-handshake: down / connection_reset', async () => {
    const l = await resetListener();
    try {
      const r = await probe({ url: `mongodb://127.0.0.1:${l.port}/` });
      assert.equal(r.state, 'down');
      assert.equal(r.error?.category, 'connection_reset', JSON.stringify(r.error));
      assert.ok(l.accepted >= 1);
    } finally {
      await l.stop();
    }
  });

  it('a malformed connection string: down / invalid_config before any driver work', async () => {
    const r = await probe({ url: 'mongodb://' });
    assert.equal(r.state, 'down');
    assert.equal(r.error?.category, 'invalid_config');
  });

  it('a caller abort ends the probe at once: down', async () => {
    const l = await silentListener();
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const r = await runProbe({
        config: config({ url: `mongodb://127.0.0.1:${l.port}/`, connectTimeoutMs: 20000 }),
        secret: {},
        signal: ac.signal,
      });
      assert.equal(r.state, 'down');
    } finally {
      await l.stop();
    }
  });
});
