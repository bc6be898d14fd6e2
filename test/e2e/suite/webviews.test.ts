/**
 * The webviews in a real editor: the commands open their panels (as webview tabs), a refused
 * connection is analysed in the Error Analysis panel. The pages' own behaviour (DOM, CSP,
 * messages) is tested in Chromium by test/unit/webviews/browser.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HealthSnapshotRequest } from '../../../src/shared/protocol';
import { dbPulse, workspaceRoot } from './helpers';

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

/**
 * Runs `command` a second time while its panel is open but behind another editor, and waits for
 * the positive sign that it was handled: a panel of `viewType` is the active tab again. A command
 * that opened a second panel would have made that one active, so the count read then is final.
 */
async function reopenWhileHidden(command: string, viewType: string): Promise<number> {
  // A file of the fixture workspace (not an untitled one: closing it later asks nothing).
  const file = vscode.Uri.joinPath(workspaceRoot(), '.gitignore');
  await vscode.window.showTextDocument(file, { preview: false });
  await waitFor('the panel to be behind another editor', () => (webviewTabs(viewType).some((t) => t.isActive) ? undefined : true));
  await vscode.commands.executeCommand(command);
  await waitFor(`${command} to bring its panel to the front`, () => (webviewTabs(viewType).some((t) => t.isActive) ? true : undefined));
  const count = webviewTabs(viewType).length;
  const front = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === file.toString());
  await closeTabs(front);
  return count;
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
    assert.equal(await reopenWhileHidden('dbpulse.addConnection', 'dbpulse.connectionForm'), 1, 'a second Add reveals the open form');
    await vscode.commands.executeCommand('dbpulse.openDashboard');
    await waitFor('the dashboard tab', () => webviewTabs('dbpulse.dashboard')[0]);
    await closeTabs([...webviewTabs('dbpulse.connectionForm'), ...webviewTabs('dbpulse.dashboard')]);
  });

  it('opens the alerts configuration page once (a second command reveals it)', async () => {
    await vscode.commands.executeCommand('dbpulse.openAlerts');
    const tab = await waitFor('the alerts tab', () => webviewTabs('dbpulse.alerts')[0]);
    assert.equal(tab.label, 'DB Pulse Alerts');
    assert.equal(await reopenWhileHidden('dbpulse.openAlerts', 'dbpulse.alerts'), 1, 'a second command reveals the open page');
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
      const client = api.client();
      assert.ok(client, 'no language client');
      // The probe needs the server to know the connection: wait until its health snapshot lists it.
      const t0 = Date.now();
      while (!(await client.sendRequest(HealthSnapshotRequest.type)).some((h) => h.connectionId === id)) {
        if (Date.now() - t0 > 20_000) throw new Error(`the server never listed ${id} in its health snapshot`);
        await new Promise((r) => setTimeout(r, 100));
      }
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
