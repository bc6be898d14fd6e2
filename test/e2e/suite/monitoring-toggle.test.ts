/**
 * Issue 5 in a real editor: "Enable Automated Monitoring" with an interval switches the server's
 * monitoring on (as `dbpulse/monitoring/status` reports, and as kept in the workspace storage),
 * a bad interval is refused without changing anything, "Disable" switches it off.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MonitoringStatusRequest, ServerStatusRequest } from '../../../src/shared/protocol';
import type { MonitoringStatus } from '../../../src/shared/health';
import { dbPulse } from './helpers';

async function serverMonitoring(): Promise<MonitoringStatus> {
  const { api } = await dbPulse();
  const client = api.client();
  assert.ok(client, 'the extension has no language client');
  return client.sendRequest(MonitoringStatusRequest.type);
}

/** The monitoring state the server keeps in the workspace storage, when it has one. */
async function storedMonitoring(): Promise<{ file: string; state: { enabled?: boolean; interval?: unknown } } | undefined> {
  const { api } = await dbPulse();
  const status = await api.client()!.sendRequest(ServerStatusRequest.type);
  if (!status.storagePath) return undefined;
  const file = path.join(status.storagePath, 'monitoring.json');
  return { file, state: fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { enabled?: boolean }) : {} };
}

describe('automated monitoring switched from the command palette (issue 5)', function () {
  this.timeout(30_000);

  after(async () => {
    await vscode.commands.executeCommand('dbpulse.disableMonitoring');
  });

  it('is off in a fresh workspace', async () => {
    const status = await serverMonitoring();
    assert.equal(status.enabled, false, `monitoring is on before anyone switched it on: ${JSON.stringify(status)}`);
  });

  it('"Enable Automated Monitoring" with an interval switches it on, with that interval', async () => {
    const returned = await vscode.commands.executeCommand<MonitoringStatus | undefined>('dbpulse.enableMonitoring', 120_000);
    assert.ok(returned, 'the command returned nothing (did it show an error?)');
    assert.equal(returned.enabled, true);
    const status = await serverMonitoring();
    assert.equal(status.enabled, true, JSON.stringify(status));
    assert.equal(status.interval, 120_000, JSON.stringify(status));
    const stored = await storedMonitoring();
    assert.ok(stored, 'the server has no storage folder in a workspace (context.storageUri)');
    assert.equal(stored.state.enabled, true, `${stored.file} holds ${JSON.stringify(stored.state)}`);
  });

  it('takes a cron expression as the interval', async () => {
    await vscode.commands.executeCommand('dbpulse.enableMonitoring', '*/10 * * * *');
    const status = await serverMonitoring();
    assert.equal(status.enabled, true);
    assert.equal(status.interval, '*/10 * * * *', JSON.stringify(status));
  });

  it('refuses an interval below the minimum and leaves monitoring as it was', async () => {
    const before = await serverMonitoring();
    const returned = await vscode.commands.executeCommand('dbpulse.enableMonitoring', 500);
    assert.equal(returned, undefined, `a 500 ms interval was accepted: ${JSON.stringify(returned)}`);
    assert.deepEqual(await serverMonitoring(), before);
  });

  it('"Disable Automated Monitoring" switches it off', async () => {
    const returned = await vscode.commands.executeCommand<MonitoringStatus | undefined>('dbpulse.disableMonitoring');
    assert.equal(returned?.enabled, false, JSON.stringify(returned));
    assert.equal((await serverMonitoring()).enabled, false);
    const stored = await storedMonitoring();
    assert.equal(stored?.state.enabled, false, `${stored?.file} holds ${JSON.stringify(stored?.state)}`);
  });
});
