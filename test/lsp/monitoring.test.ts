/**
 * The monitoring path over LSP, against a real PostgreSQL 15: the server asks
 * the client for the secret at probe time, publishes health, records history,
 * diagnoses the failure when the database stops, and keeps workspace
 * connections out of reach in Restricted Mode.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionConfig } from '../../src/shared/connection';
import {
  AnalyzeErrorRequest,
  ConnectionsChangedNotification,
  DiscoverConnectionsRequest,
  GetSecretRequest,
  HealthChangedNotification,
  HistorySeriesRequest,
  MonitoringStatusRequest,
  PredictRequest,
  ProbeConnectionRequest,
  SetMonitoringRequest,
  UptimeRequest,
  ValidateConnectionRequest,
} from '../../src/shared/protocol';
import { type ConnectionHealth } from '../../src/shared/health';
import { closedPort } from '../servers/ports';
import { startPostgresWithApp, type PgServer } from '../servers/postgres';
import { type LspSession, makeWorkspace, startServer } from './harness';

const PASSWORD = 'Lsp-m0nitor-pw!';

describe('monitoring over LSP (dist/server.js + real PostgreSQL 15)', function () {
  this.timeout(60_000);
  let pg: PgServer;
  let ws: ReturnType<typeof makeWorkspace>;
  let storage: string;
  let session: LspSession;
  const secretRequests: string[] = [];
  const health: ConnectionHealth[] = [];

  before(async function () {
    pg = await startPostgresWithApp(this, { role: 'monitor_app', database: 'monitor_db', password: PASSWORD });
    ws = makeWorkspace({ '.env': `DATABASE_URL=postgres://monitor_app:${PASSWORD}@127.0.0.1:${pg.port}/monitor_db\n` });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lsp-storage-'));
    session = await startServer(ws.dir, { storagePath: storage, workspaceTrusted: true });
    session.connection.onRequest(GetSecretRequest.type, ({ connectionId }) => {
      secretRequests.push(connectionId);
      return connectionId === 'local-pg' ? { password: PASSWORD } : null;
    });
    session.connection.onNotification(HealthChangedNotification.type, (h) => health.push(h));
  });

  after(async () => {
    if (session) await session.close();
    await pg?.destroy();
    ws?.remove();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  const local = (): ConnectionConfig => ({
    id: 'local-pg',
    name: 'Local',
    provider: 'postgres',
    host: '127.0.0.1',
    port: pg.port,
    database: 'monitor_db',
    user: 'monitor_app',
    connectTimeoutMs: 3000,
    scope: 'workspace',
  });

  it('probes with the secret fetched from the client at probe time and publishes health', async () => {
    await session.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [local()] });
    const h = await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'local-pg' });
    assert.equal(h.state, 'up', JSON.stringify(h));
    assert.ok(secretRequests.includes('local-pg'));
    assert.equal(typeof h.result?.metrics.max_connections, 'number');
    assert.ok(
      health.some((x) => x.connectionId === 'local-pg' && x.state === 'up'),
      'no healthChanged notification',
    );
    assert.ok(!JSON.stringify(health).includes(PASSWORD), 'a published health leaks the password');
  });

  it('turns down with a diagnosis when the server stops, and history shows both', async () => {
    await pg.stop();
    const h = await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'local-pg' });
    assert.equal(h.state, 'down');
    assert.equal(h.diagnosis?.category, 'conn_refused', JSON.stringify(h.diagnosis));
    const analysis = await session.connection.sendRequest(AnalyzeErrorRequest.type, { connectionId: 'local-pg' });
    assert.equal(analysis.category, 'conn_refused');
    assert.ok(analysis.fixes.length > 0);
    await pg.start();
    const now = Date.now();
    const series = await session.connection.sendRequest(HistorySeriesRequest.type, {
      connectionId: 'local-pg',
      from: now - 3600_000,
      to: now + 1000,
      resolution: 'raw',
    });
    assert.equal(series.resolution, 'raw');
    // The server probes a connection once when it first sees it, then the two probes above.
    const states = series.resolution === 'raw' ? series.points.map((p) => p.state) : [];
    assert.equal(states.at(-1), 'down');
    assert.ok(states.length >= 2 && states.slice(0, -1).every((s) => s === 'up'), JSON.stringify(states));
    const uptime = await session.connection.sendRequest(UptimeRequest.type, { connectionId: 'local-pg' });
    assert.equal(uptime.h24.probes, states.length);
    assert.equal(uptime.h24.down, 1);
    const prediction = await session.connection.sendRequest(PredictRequest.type, { connectionId: 'local-pg' });
    assert.ok(prediction && typeof prediction.prediction.failure_probability === 'number');
  });

  it('switches monitoring on and off, and the state is kept in storage', async () => {
    const on = await session.connection.sendRequest(SetMonitoringRequest.type, { enabled: true, interval: 600_000 });
    assert.equal(on.enabled, true);
    assert.equal(on.interval, 600_000);
    const saved = JSON.parse(fs.readFileSync(path.join(storage, 'monitoring.json'), 'utf8'));
    assert.equal(saved.enabled, true);
    const off = await session.connection.sendRequest(SetMonitoringRequest.type, { enabled: false });
    assert.equal(off.enabled, false);
    assert.equal((await session.connection.sendRequest(MonitoringStatusRequest.type)).enabled, false);
  });

  it('tests an unsaved connection from the form, and validates it live', async () => {
    const config: ConnectionConfig = { ...local(), id: '', name: 'draft' };
    const wrong = await session.connection.sendRequest(ProbeConnectionRequest.type, { config, secret: { password: 'not-it' } });
    assert.equal(wrong.state, 'down');
    assert.equal(wrong.diagnosis?.category, 'auth_failed');
    const v = await session.connection.sendRequest(ValidateConnectionRequest.type, {
      config: { ...config, user: 'postgres', host: 'db.example.com', tls: { mode: 'disable' } },
      secret: { password: 'postgres' },
    });
    assert.ok(v.score < 100);
    assert.ok(v.findings.some((f) => f.category === 'tls_disabled'));
  });

  it('discovers the .env connection with its secret split out', async () => {
    const found = await session.connection.sendRequest(DiscoverConnectionsRequest.type);
    const d = found.find((x) => x.config.port === pg.port);
    assert.ok(d, JSON.stringify(found));
    assert.equal(d.secret.password, PASSWORD);
    assert.ok(!JSON.stringify(d.config).includes(PASSWORD));
  });
});

describe('Restricted Mode over LSP', function () {
  this.timeout(20_000);
  it('never probes a workspace-defined connection in an untrusted workspace, but does probe a user one', async () => {
    const ws = makeWorkspace({ 'a.txt': '' });
    const session = await startServer(ws.dir, { workspaceTrusted: false });
    const asked: string[] = [];
    session.connection.onRequest(GetSecretRequest.type, ({ connectionId }) => (asked.push(connectionId), null));
    const port = await closedPort();
    const hostile: ConnectionConfig = { id: 'hostile', name: 'x', provider: 'postgres', host: '127.0.0.1', port, scope: 'workspace' };
    const mine: ConnectionConfig = {
      id: 'mine',
      name: 'y',
      provider: 'postgres',
      host: '127.0.0.1',
      port,
      connectTimeoutMs: 500,
      scope: 'user',
    };
    await session.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [hostile, mine] });
    const h = await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'hostile' });
    assert.equal(h.state, 'skipped');
    assert.match(h.skippedReason ?? '', /Restricted Mode/);
    const u = await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'mine' });
    assert.equal(u.state, 'down');
    assert.ok(asked.length > 0 && asked.every((id) => id === 'mine'), `secrets asked for: ${asked.join(', ')}`);
    await session.close();
    ws.remove();
  });
});
