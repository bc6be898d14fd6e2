/**
 * Alert channels over LSP (dist/server.js): a real PostgreSQL 15 goes down and
 * a real webhook receiver on 127.0.0.1 gets exactly one signed `down`, then a
 * `recovered`; in Restricted Mode a workspace-defined webhook never sends.
 */
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionConfig } from '../../src/shared/connection';
import {
  ConnectionsChangedNotification,
  GetAlertSecretRequest,
  GetSecretRequest,
  ProbeConnectionRequest,
  IncidentActionRequest,
  IncidentsRequest,
  SendTestAlertRequest,
  SetAlertSettingsRequest,
} from '../../src/shared/protocol';
import type { AlertSecretTarget } from '../../src/shared/alertSettings';
import { closedPort } from '../servers/ports';
import { startPostgresWithApp, type PgServer } from '../servers/postgres';
import { type LspSession, makeWorkspace, startServer } from './harness';

const PASSWORD = 'Lsp-al3rts-pw!';
const SIGNING = 'whsec-lsp-alerts-0xC0FFEE';

interface Hook {
  url: string;
  bodies: Array<{ body: string; signature: string | undefined }>;
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

async function hookReceiver(): Promise<Hook> {
  const bodies: Hook['bodies'] = [];
  const waiters: Array<{ n: number; resolve(): void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-dbpulse-signature'] as string | undefined });
      res.writeHead(200).end();
      for (const w of waiters.filter((x) => bodies.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    waitFor: (n) => (bodies.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('alert webhooks over LSP (dist/server.js + real PostgreSQL 15)', function () {
  this.timeout(60_000);
  let pg: PgServer;
  let ws: ReturnType<typeof makeWorkspace>;
  let storage: string;
  let session: LspSession;
  let hook: Hook;
  const secretAsks: AlertSecretTarget[] = [];

  before(async function () {
    pg = await startPostgresWithApp(this, { role: 'alerts_app', database: 'alerts_db', password: PASSWORD });
    hook = await hookReceiver();
    ws = makeWorkspace({ 'a.txt': '' });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lsp-alerts-'));
    session = await startServer(ws.dir, { storagePath: storage, workspaceTrusted: true });
    session.connection.onRequest(GetSecretRequest.type, ({ connectionId }) => (connectionId === 'orders' ? { password: PASSWORD } : null));
    session.connection.onRequest(
      GetAlertSecretRequest.type,
      (t) => (secretAsks.push(t), t.channel === 'webhook' && t.id === 'ops' ? SIGNING : null),
    );
  });

  after(async () => {
    if (session) await session.close();
    await pg?.destroy();
    await hook?.close();
    ws?.remove();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  const orders = (): ConnectionConfig => ({
    id: 'orders',
    name: 'Orders',
    provider: 'postgres',
    host: '127.0.0.1',
    port: pg.port,
    database: 'alerts_db',
    user: 'alerts_app',
    connectTimeoutMs: 3000,
    tags: ['prod'],
    scope: 'workspace',
  });

  it('a server certificate that expires in 3 days raises one warning from the default rule, with the days measured', async () => {
    const before = hook.bodies.length;
    const { problems } = await session.connection.sendRequest(SetAlertSettingsRequest.type, {
      settings: {
        enabled: true,
        webhooks: [{ id: 'ops', url: hook.url, format: 'json', tags: ['prod'], minSeverity: 'warning', scope: 'user' }],
      },
      changed: true,
    });
    assert.deepEqual(problems, []);
    await session.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [orders()] });
    assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    await hook.waitFor(before + 1);
    const alert = JSON.parse(hook.bodies[before]!.body);
    assert.equal(alert.event, 'alert');
    assert.equal(alert.severity, 'warning');
    assert.equal(alert.rule.id, 'default-tls-expiry');
    assert.equal(alert.measured.unit, 'days');
    assert.ok(alert.measured.value > 2 && alert.measured.value <= 3, JSON.stringify(alert.measured));
    // A second probe while it is still open sends nothing more. Barrier: a test alert asked for
    // after that probe has been answered arrives after anything the probe would have sent.
    assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    const count = hook.bodies.length;
    await session.connection.sendRequest(SendTestAlertRequest.type);
    await hook.waitFor(count + 1);
    assert.equal(JSON.parse(hook.bodies.at(-1)!.body).event, 'test');
    assert.equal(
      hook.bodies.filter((b) => JSON.parse(b.body).connection?.id === 'orders' && JSON.parse(b.body).rule?.id === 'default-tls-expiry')
        .length,
      1,
    );
  });

  it('lists the open certificate incident, acknowledges and snoozes it, and refuses a malformed action', async () => {
    const open = await session.connection.sendRequest(IncidentsRequest.type);
    const cert = open.find((i) => i.ruleId === 'default-tls-expiry' && i.subject === 'orders');
    assert.ok(cert, JSON.stringify(open));
    assert.equal(cert.severity, 'warning');
    assert.equal(cert.unit, 'days');
    const acked = await session.connection.sendRequest(IncidentActionRequest.type, { incidentId: cert.id, action: 'acknowledge' });
    assert.equal(typeof acked?.acknowledgedAt, 'number');
    const snoozed = await session.connection.sendRequest(IncidentActionRequest.type, {
      incidentId: cert.id,
      action: 'snooze',
      minutes: 60,
    });
    assert.ok((snoozed?.snoozedUntil ?? 0) > Date.now() + 50 * 60_000);
    assert.equal(await session.connection.sendRequest(IncidentActionRequest.type, { incidentId: 'no-such', action: 'acknowledge' }), null);
    await assert.rejects(
      session.connection.sendRequest(IncidentActionRequest.type, { incidentId: cert.id, action: 'snooze', minutes: -5 }),
      /a snooze lasts 1 to/,
    );
    await assert.rejects(
      session.connection.sendRequest(IncidentActionRequest.type, { incidentId: cert.id, action: 'delete' } as never),
      /"acknowledge" or "snooze"/,
    );
  });

  it('a connection going down sends exactly one signed webhook, and its recovery one more', async () => {
    const { problems } = await session.connection.sendRequest(SetAlertSettingsRequest.type, {
      settings: {
        enabled: true,
        quietPeriodMinutes: 15,
        // Only the health events: the test server's 3-day certificate raised its own warning (test above).
        webhooks: [{ id: 'ops', url: hook.url, format: 'json', tags: ['prod'], events: ['down', 'recovered'], scope: 'user' }],
      },
      changed: true,
    });
    assert.deepEqual(problems, []);
    const start = hook.bodies.length;
    await session.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [orders()] });
    assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    await pg.stop();
    assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'down');
    // Still down: no transition, no second alert.
    assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'down');
    await hook.waitFor(start + 1);
    await pg.start();
    assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    await hook.waitFor(start + 2);
    const events = hook.bodies.slice(start).map((b) => JSON.parse(b.body));
    assert.deepEqual(
      events.map((e) => e.event),
      ['down', 'recovered'],
    );
    const down = events[0];
    assert.equal(down.connection.id, 'orders');
    assert.deepEqual(down.connection.tags, ['prod']);
    assert.equal(down.diagnosis.category, 'conn_refused');
    assert.equal(typeof events[1].outageMs, 'number');
    for (const b of hook.bodies) {
      assert.equal(b.signature, `sha256=${createHmac('sha256', SIGNING).update(b.body).digest('hex')}`);
      assert.ok(!b.body.includes(PASSWORD));
    }
    assert.ok(secretAsks.every((t) => t.channel === 'webhook' && t.id === 'ops'));
  });

  it('a test alert goes through every channel and reports each', async () => {
    const before = hook.bodies.length;
    const { outcomes } = await session.connection.sendRequest(SendTestAlertRequest.type);
    assert.deepEqual(
      outcomes.map((o) => [o.channel, o.ok]),
      [['webhook:ops', true]],
    );
    await hook.waitFor(before + 1);
    assert.equal(JSON.parse(hook.bodies[before]!.body).event, 'test');
  });
});

describe('a signing secret that cannot be read over LSP', function () {
  this.timeout(20_000);
  it('a failed lookup sends nothing (never unsigned) and says why; "no secret set" sends unsigned', async () => {
    const locked = await hookReceiver();
    const open = await hookReceiver();
    const ws = makeWorkspace({ 'a.txt': '' });
    const session = await startServer(ws.dir, { workspaceTrusted: true });
    try {
      session.connection.onRequest(GetSecretRequest.type, () => null);
      session.connection.onRequest(GetAlertSecretRequest.type, (t) => {
        if (t.channel === 'webhook' && t.id === 'locked') throw new Error('the keychain is locked');
        return null;
      });
      await session.connection.sendRequest(SetAlertSettingsRequest.type, {
        settings: {
          enabled: true,
          webhooks: [
            { id: 'locked', url: locked.url, scope: 'user' },
            { id: 'open', url: open.url, scope: 'user' },
          ],
        },
        changed: false,
      });
      const { outcomes } = await session.connection.sendRequest(SendTestAlertRequest.type);
      assert.deepEqual(
        outcomes.map((o) => [o.channel, o.ok]),
        [
          ['webhook:locked', false],
          ['webhook:open', true],
        ],
      );
      assert.match(outcomes[0]!.detail, /not sent: the webhook:locked signing secret could not be read .*keychain is locked/);
      await open.waitFor(1);
      assert.equal(open.bodies[0]!.signature, undefined, 'no secret set: unsigned, as configured');
      assert.equal(locked.bodies.length, 0, 'a failed lookup must not send unsigned');
    } finally {
      await session.close();
      ws.remove();
      await locked.close();
      await open.close();
    }
  });
});

describe('alert channels in Restricted Mode over LSP', function () {
  this.timeout(20_000);
  it('a workspace-defined webhook never sends; a user one does', async () => {
    const mine = await hookReceiver();
    const theirs = await hookReceiver();
    const ws = makeWorkspace({ 'a.txt': '' });
    const session = await startServer(ws.dir, { workspaceTrusted: false });
    try {
      session.connection.onRequest(GetSecretRequest.type, () => null);
      session.connection.onRequest(GetAlertSecretRequest.type, () => null);
      await session.connection.sendRequest(SetAlertSettingsRequest.type, {
        settings: {
          enabled: true,
          webhooks: [
            { id: 'theirs', url: theirs.url, scope: 'workspace' },
            { id: 'mine', url: mine.url, scope: 'user' },
          ],
        },
        changed: false,
      });
      const { outcomes } = await session.connection.sendRequest(SendTestAlertRequest.type);
      assert.deepEqual(
        outcomes.map((o) => [o.channel, o.ok]),
        [
          ['webhook:theirs', false],
          ['webhook:mine', true],
        ],
      );
      assert.match(outcomes[0]!.detail, /Restricted Mode/);
      // A user connection that is down alerts through the user webhook only.
      const c: ConnectionConfig = {
        id: 'local',
        name: 'Local',
        provider: 'postgres',
        host: '127.0.0.1',
        port: await closedPort(),
        connectTimeoutMs: 500,
        scope: 'user',
      };
      await session.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [c] });
      assert.equal((await session.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'local' })).state, 'down');
      await mine.waitFor(2);
      assert.deepEqual(
        mine.bodies.map((b) => JSON.parse(b.body).event),
        ['test', 'down'],
      );
      assert.equal(theirs.bodies.length, 0);
    } finally {
      await session.close();
      ws.remove();
      await mine.close();
      await theirs.close();
    }
  });
});

describe('alerts with two windows on one workspace (two servers, one storage folder, real PostgreSQL 15)', function () {
  this.timeout(60_000);
  let pg: PgServer;
  let hook: Hook;
  let ws: ReturnType<typeof makeWorkspace>;
  let storage: string;
  const sessions: LspSession[] = [];

  before(async function () {
    pg = await startPostgresWithApp(this, { role: 'alerts_app', database: 'alerts_db', password: PASSWORD });
    hook = await hookReceiver();
    ws = makeWorkspace({ 'a.txt': '' });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lsp-alerts2-'));
    // The first window opens the history as its writer, the second as a reader.
    for (let i = 0; i < 2; i++) {
      const s = await startServer(ws.dir, { storagePath: storage, workspaceTrusted: true });
      s.connection.onRequest(GetSecretRequest.type, ({ connectionId }) => (connectionId === 'orders' ? { password: PASSWORD } : null));
      s.connection.onRequest(GetAlertSecretRequest.type, () => null);
      sessions.push(s);
    }
  });

  after(async () => {
    for (const s of sessions) await s.close();
    await pg?.destroy();
    await hook?.close();
    ws?.remove();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  it('a connection going down is alerted once, by the window that writes the history', async () => {
    const orders: ConnectionConfig = {
      id: 'orders',
      name: 'Orders',
      provider: 'postgres',
      host: '127.0.0.1',
      port: pg.port,
      database: 'alerts_db',
      user: 'alerts_app',
      connectTimeoutMs: 3000,
      scope: 'user',
    };
    for (const s of sessions) {
      await s.connection.sendRequest(SetAlertSettingsRequest.type, {
        // Health events only: the test server's 3-day certificate also raises a warning (tested above).
        settings: { enabled: true, webhooks: [{ id: 'ops', url: hook.url, format: 'json', events: ['down', 'recovered'], scope: 'user' }] },
        changed: false,
      });
      await s.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [orders] });
      assert.equal((await s.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    }
    await pg.stop();
    for (const s of sessions)
      assert.equal((await s.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'down');
    await hook.waitFor(1);
    // Both windows saw the transition: the second decides, then logs that it leaves the alert to the
    // writer. Once it has, it has nothing left to send for it.
    await sessions[1].waitForLog(/down of orders left to the window that writes this workspace's history/);
    await sessions[0].waitForLog(/down of orders sent to webhook:ops/);
    assert.deepEqual(
      hook.bodies.map((b) => JSON.parse(b.body).event),
      ['down'],
    );
  });
});

describe('open incidents survive a server restart (real PostgreSQL 15, one storage folder)', function () {
  this.timeout(90_000);
  let pg: PgServer;
  let ws: ReturnType<typeof makeWorkspace>;
  let storage: string;
  let hook: Hook;
  const sessions: LspSession[] = [];

  before(async function () {
    pg = await startPostgresWithApp(this, { role: 'alerts_app', database: 'alerts_db', password: PASSWORD });
    hook = await hookReceiver();
    ws = makeWorkspace({ 'a.txt': '' });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-lsp-incidents-'));
  });

  after(async () => {
    for (const s of sessions) await s.close().catch(() => undefined);
    await pg?.destroy();
    await hook?.close();
    ws?.remove();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  const open = async (): Promise<LspSession> => {
    const s = await startServer(ws.dir, { storagePath: storage, workspaceTrusted: true });
    sessions.push(s);
    s.connection.onRequest(GetSecretRequest.type, ({ connectionId }) => (connectionId === 'orders' ? { password: PASSWORD } : null));
    s.connection.onRequest(GetAlertSecretRequest.type, () => null);
    const { problems } = await s.connection.sendRequest(SetAlertSettingsRequest.type, {
      settings: { enabled: true, webhooks: [{ id: 'ops', url: hook.url, format: 'json', minSeverity: 'warning', scope: 'user' }] },
      changed: false,
    });
    assert.deepEqual(problems, []);
    const orders: ConnectionConfig = {
      id: 'orders',
      name: 'Orders',
      provider: 'postgres',
      host: '127.0.0.1',
      port: pg.port,
      database: 'alerts_db',
      user: 'alerts_app',
      connectTimeoutMs: 3000,
      scope: 'user',
    };
    await s.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [orders] });
    return s;
  };
  const certAlerts = (): number => hook.bodies.filter((b) => JSON.parse(b.body).rule?.id === 'default-tls-expiry').length;

  it('the certificate incident opened before a restart is not announced again after it, and is still listed', async () => {
    const first = await open();
    assert.equal((await first.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    await hook.waitFor(1);
    assert.equal(certAlerts(), 1);
    const [before] = (await first.connection.sendRequest(IncidentsRequest.type)).filter((i) => i.ruleId === 'default-tls-expiry');
    assert.ok(before);
    await first.close();
    sessions.splice(sessions.indexOf(first), 1);

    const second = await open();
    assert.equal((await second.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'orders' })).state, 'up');
    // Barrier: a test alert asked after the probe was answered arrives after anything the probe sent.
    const count = hook.bodies.length;
    await second.connection.sendRequest(SendTestAlertRequest.type);
    await hook.waitFor(count + 1);
    assert.equal(JSON.parse(hook.bodies.at(-1)!.body).event, 'test');
    assert.equal(certAlerts(), 1, 'the restored incident was announced again');
    const after = (await second.connection.sendRequest(IncidentsRequest.type)).filter((i) => i.ruleId === 'default-tls-expiry');
    assert.deepEqual(
      after.map((i) => [i.id, i.openedAt]),
      [[before.id, before.openedAt]],
    );
  });
});
