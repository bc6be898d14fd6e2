/**
 * Two editor windows on one workspace = two server processes on one storage
 * folder. One writes history; the other reads it and takes over as the
 * writer when the first exits. Nothing is corrupted or lost.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionConfig } from '../../src/shared/connection';
import { ConnectionsChangedNotification, GetSecretRequest, HistorySeriesRequest, ProbeConnectionRequest } from '../../src/shared/protocol';
import { HistoryStore } from '../../src/server/store';
import { type LspSession, makeWorkspace, startServer } from './harness';
import { closedPort } from '../servers/ports';

describe('two server processes on one workspace storage', function () {
  this.timeout(30_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let storage: string;
  let a: LspSession;
  let b: LspSession;
  let config: ConnectionConfig;

  before(async () => {
    ws = makeWorkspace({ 'a.txt': '' });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-2win-'));
    config = {
      id: 'shared',
      name: 'shared',
      provider: 'postgres',
      host: '127.0.0.1',
      port: await closedPort(),
      connectTimeoutMs: 1000,
      scope: 'user',
    };
    a = await startServer(ws.dir, { storagePath: storage });
    b = await startServer(ws.dir, { storagePath: storage });
    for (const s of [a, b]) {
      s.connection.onRequest(GetSecretRequest.type, () => ({ password: 'x' }));
      await s.connection.sendNotification(ConnectionsChangedNotification.type, { connections: [config] });
    }
  });

  after(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    ws?.remove();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const stored = async (s: LspSession): Promise<number> => {
    const now = Date.now();
    const series = await s.connection.sendRequest(HistorySeriesRequest.type, {
      connectionId: 'shared',
      from: now - 3600_000,
      to: now + 60_000,
      resolution: 'raw',
    });
    return series.resolution === 'raw' ? series.points.length : -1;
  };

  it('records through the first window while the second only reads, then the second takes over', async () => {
    // Each server probed once when it first saw the connection; only the writer's result is stored.
    await a.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'shared' });
    await b.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'shared' });
    const afterBoth = await stored(a);
    assert.ok(afterBoth >= 2, `the writer stored ${afterBoth}`);
    assert.equal(await a.close(), 0);
    await b.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'shared' });
    await b.connection.sendRequest(ProbeConnectionRequest.type, { connectionId: 'shared' });
    const afterTakeover = await stored(b);
    assert.ok(afterTakeover >= afterBoth + 2, `after the first window closed: ${afterTakeover} (before ${afterBoth})`);
    assert.equal(await b.close(), 0);
    // The folder opens cleanly afterwards: no torn record, nothing quarantined.
    const store = await HistoryStore.open({ dir: path.join(storage, 'history'), role: 'reader' });
    try {
      assert.deepEqual(
        store.reports.filter((r) => /quarantin|torn/.test(JSON.stringify(r))),
        [],
      );
      const results = await store.lastResults('shared', 1000);
      assert.equal(results.length, afterTakeover);
      assert.ok(results.every((r) => r.state === 'down' && r.error?.category === 'conn_refused'));
    } finally {
      await store.close();
    }
  });
});
