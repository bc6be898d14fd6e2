/**
 * The webviews in a real editor: the commands open their panels (as webview tabs), a refused
 * connection is analysed in the Error Analysis panel. The pages' own behaviour (DOM, CSP,
 * messages) is tested in Chromium by test/unit/webviews/browser.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dbPulse } from './helpers';

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function closeTabs(tabs: vscode.Tab[]): Promise<void> {
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

describe('DB Pulse webviews in a real editor', function () {
  this.timeout(90_000);

  before(async function () {
    await dbPulse();
    const commands = await vscode.commands.getCommands(true);
    // Until the extension calls registerWebviews, these commands do not exist: nothing to test here.
    if (!commands.includes('dbpulse.openDashboard') || !commands.includes('dbpulse.analyzeError')) this.skip();
  });

  it('opens the connection form and the dashboard as webview panels', async () => {
    await vscode.commands.executeCommand('dbpulse.addConnection');
    const form = await waitFor('the connection form tab', () => webviewTabs('dbpulse.connectionForm')[0]);
    assert.equal(form.label, 'Add Connection');
    await vscode.commands.executeCommand('dbpulse.addConnection');
    assert.equal(webviewTabs('dbpulse.connectionForm').length, 1, 'a second Add reveals the open form');
    await vscode.commands.executeCommand('dbpulse.openDashboard');
    await waitFor('the dashboard tab', () => webviewTabs('dbpulse.dashboard')[0]);
    await closeTabs([...webviewTabs('dbpulse.connectionForm'), ...webviewTabs('dbpulse.dashboard')]);
  });

  it('opens the alerts configuration page once (a second command reveals it)', async () => {
    await vscode.commands.executeCommand('dbpulse.openAlerts');
    const tab = await waitFor('the alerts tab', () => webviewTabs('dbpulse.alerts')[0]);
    assert.equal(tab.label, 'DB Pulse Alerts');
    await vscode.commands.executeCommand('dbpulse.openAlerts');
    assert.equal(webviewTabs('dbpulse.alerts').length, 1);
    await closeTabs(webviewTabs('dbpulse.alerts'));
  });

  it('analyses the failure of a connection nothing listens on', async () => {
    const id = 'e2e-refused';
    const config = vscode.workspace.getConfiguration('dbpulse');
    const before = config.inspect<unknown[]>('connections')?.workspaceValue ?? [];
    // Port 1 on loopback: nothing listens there, the probe is refused at once.
    await config.update(
      'connections',
      [...before, { id, name: 'Refused', provider: 'postgres', host: '127.0.0.1', port: 1, user: 'app', connectTimeoutMs: 2000 }],
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      const { api } = await dbPulse();
      await waitFor('the connection to reach the tree', () =>
        (vscode.workspace.getConfiguration('dbpulse').get<Array<{ id: string }>>('connections') ?? []).find((c) => c.id === id),
      );
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(api.client(), 'no language client');
      await vscode.commands.executeCommand('dbpulse.probeNow', id);
      await vscode.commands.executeCommand('dbpulse.analyzeError', id);
      const tab = await waitFor('the analysis tab', () =>
        webviewTabs('dbpulse.errorAnalysis').find((t) => t.label.startsWith('Error Analysis:')),
      );
      assert.equal(tab.label, 'Error Analysis: Connection refused');
      await closeTabs(webviewTabs('dbpulse.errorAnalysis'));
    } finally {
      await config.update('connections', before.length ? before : undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
