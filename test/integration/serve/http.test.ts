/**
 * The monitor's HTTP listeners on real loopback sockets: /metrics, /healthz, /readyz, the team
 * API's bearer token (missing, wrong, right), TLS with a real openssl certificate, and the
 * messages for a port in use and a bad certificate.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { isLoopbackBind, parseListenAddress } from '../../../src/server/serve/address';
import { bearerMatches, loadToken } from '../../../src/server/serve/auth';
import { startHttpServer, type RunningServer } from '../../../src/server/serve/httpServer';
import { metricsRoutes, type Readiness } from '../../../src/server/serve/metricsRoutes';
import { teamApiRoutes } from '../../../src/server/serve/teamApi';
import { DbPulseMetrics } from '../../../src/server/metrics/registry';
import { makeSelfSignedCert, makeTempDir, removeDir } from '../../servers/common';

const TOKEN = 'team-token-0123456789abcdef';
const loopback = parseListenAddress('127.0.0.1:0', '--serve');

describe('monitor HTTP: /metrics, /readyz and the team API', function () {
  this.timeout(20_000);
  const servers: RunningServer[] = [];
  let dir: string;
  before(() => (dir = makeTempDir('dbpulse-serve-')));
  after(() => removeDir(dir));
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it('parses HOST:PORT and tells loopback binds from the others', () => {
    assert.deepEqual(parseListenAddress('[::1]:9464', '--metrics'), { host: '::1', port: 9464 });
    assert.deepEqual(parseListenAddress(':9464', '--metrics'), { host: '0.0.0.0', port: 9464 });
    assert.throws(() => parseListenAddress('9464', '--metrics'), /--metrics must be HOST:PORT/);
    assert.throws(() => parseListenAddress('host:99999', '--metrics'), /HOST:PORT/);
    assert.ok(isLoopbackBind('127.0.0.1') && isLoopbackBind('::1') && isLoopbackBind('localhost'));
    assert.ok(!isLoopbackBind('0.0.0.0') && !isLoopbackBind('::') && !isLoopbackBind('10.0.0.1'));
  });

  it('reads the token from a file or the environment; refuses short ones; compares the whole token', () => {
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, `${TOKEN}\n`);
    assert.equal(loadToken({ file, envName: 'T', env: {} }), TOKEN);
    assert.equal(loadToken({ envName: 'T', env: { T: TOKEN } }), TOKEN);
    assert.equal(loadToken({ envName: 'T', env: {} }), undefined);
    assert.throws(
      () => loadToken({ envName: 'T', env: { T: 'short' } }),
      (e: Error) => /too short/.test(e.message) && !e.message.includes("short'"),
    );
    assert.throws(() => loadToken({ file: path.join(dir, 'missing'), envName: 'T', env: {} }), /cannot read the token file/);
    assert.ok(bearerMatches(`Bearer ${TOKEN}`, TOKEN));
    assert.ok(!bearerMatches(`Bearer ${TOKEN}x`, TOKEN));
    assert.ok(!bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN));
    assert.ok(!bearerMatches(TOKEN, TOKEN));
    assert.ok(!bearerMatches(undefined, TOKEN));
  });

  it('/metrics serves the registry, /healthz answers, /readyz is 503 until the store is open and connections loaded', async () => {
    const metrics = new DbPulseMetrics({ processMetrics: false });
    metrics.setConnections([{ id: 'orders', provider: 'postgres' }]);
    metrics.observeProbe({ connectionId: 'orders', provider: 'postgres', startedAt: 1, state: 'up', timings: { totalMs: 3 }, metrics: {} });
    const ready: Readiness = { storeOpen: true, connectionsLoaded: false };
    const s = await startHttpServer({ label: '--metrics', address: loopback, routes: [metricsRoutes(metrics, () => ready)] });
    servers.push(s);
    const m = await fetch(`${s.url}/metrics`);
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await m.text(), /^dbpulse_up\{connection="orders",provider="postgres"\} 1$/m);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    const notReady = await fetch(`${s.url}/readyz`);
    assert.equal(notReady.status, 503);
    assert.deepEqual(await notReady.json(), { ready: false, reasons: ['the connections are not loaded'] });
    ready.connectionsLoaded = true;
    assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${s.url}/metrics`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${s.url}/nope`)).status, 404);
  });

  it('the team API refuses a missing or wrong token and answers the right one; absent providers say so', async () => {
    const s = await startHttpServer({
      label: '--serve',
      address: loopback,
      routes: [
        teamApiRoutes({
          token: TOKEN,
          providers: () => ({
            health: () => [{ connectionId: 'orders', health: 'up' }],
            series: async (id, r) => (id === 'orders' ? { connectionId: id, from: r.from, to: r.to, points: [] } : undefined),
          }),
        }),
      ],
    });
    servers.push(s);
    const missing = await fetch(`${s.url}/api/v1/health`);
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await fetch(`${s.url}/api/v1/health`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status, 401);
    assert.equal((await fetch(`${s.url}/api/v1/health`, { headers: { authorization: `Basic ${TOKEN}` } })).status, 401);
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const ok = await fetch(`${s.url}/api/v1/health`, auth);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), [{ connectionId: 'orders', health: 'up' }]);
    const series = await fetch(`${s.url}/api/v1/connections/orders/series?from=10&to=20`, auth);
    assert.deepEqual(await series.json(), { connectionId: 'orders', from: 10, to: 20, points: [] });
    assert.equal((await fetch(`${s.url}/api/v1/connections/other/series`, auth)).status, 404);
    assert.equal((await fetch(`${s.url}/api/v1/connections/orders/series?from=x`, auth)).status, 400);
    const findings = await fetch(`${s.url}/api/v1/findings`, auth);
    assert.equal(findings.status, 404);
    assert.match(((await findings.json()) as { error: string }).error, /advisor findings are not available/);
  });

  it('serves over TLS with the given certificate and key; a bad certificate and a port in use are clear errors', async () => {
    const cert = makeSelfSignedCert(dir);
    const s = await startHttpServer({
      label: '--serve',
      address: loopback,
      tls: cert,
      routes: [teamApiRoutes({ token: TOKEN, providers: () => ({ health: () => [] }) })],
    });
    servers.push(s);
    assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${s.url}/api/v1/health`, { ca: cert.pem, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    assert.equal(status, 200);

    const bad = path.join(dir, 'bad.crt');
    fs.writeFileSync(bad, 'not a certificate\n');
    await assert.rejects(
      startHttpServer({ label: '--serve', address: loopback, tls: { certFile: bad, keyFile: cert.keyFile }, routes: [] }),
      /--serve: the TLS certificate .*bad\.crt and key .* cannot be used/,
    );
    await assert.rejects(
      startHttpServer({
        label: '--serve',
        address: loopback,
        tls: { certFile: path.join(dir, 'none.crt'), keyFile: cert.keyFile },
        routes: [],
      }),
      /cannot read the TLS certificate/,
    );
    await assert.rejects(
      startHttpServer({ label: '--metrics', address: { host: '127.0.0.1', port: s.port }, routes: [] }),
      new RegExp(`--metrics: 127\\.0\\.0\\.1:${s.port} is already in use`),
    );
  });
});
