/**
 * DB Pulse's webviews: the connection form, the dashboard, the alerts page and the error
 * analysis panel. Each export is a command factory for the table in `commands/index.ts`;
 * the integrator forwards every `HealthChangedNotification` to `notifyHealth`.
 */
import * as vscode from 'vscode';
import { isProvider, PROVIDERS, type Provider } from '../../shared/categories';
import type { ConnectionConfig } from '../../shared/connection';
import type { ConnectionHealth } from '../../shared/health';
import { schemaFor } from '../../shared/providerSchemas';
import { resolveConnection, type Target } from '../commands/connectionCommands';
import type { Cmd } from '../commands/dispatch';
import type { Ctx } from '../ctx';
import { readConnections } from '../connections/settings';
import { AlertsPanel } from './panels/alertsPanel';
import { ConnectionFormPanel } from './panels/connectionFormPanel';
import { DashboardPanel } from './panels/dashboardPanel';
import { ErrorAnalysisPanel } from './panels/errorAnalysisPanel';

export { ALERTS_VIEW_TYPE } from './panels/alertsPanel';
export { ANALYSIS_VIEW_TYPE } from './panels/errorAnalysisPanel';
export { DASHBOARD_VIEW_TYPE } from './panels/dashboardPanel';
export { FORM_VIEW_TYPE } from './panels/connectionFormPanel';

function byId(deps: Ctx, id: string): ConnectionConfig | undefined {
  return deps.view.getConnections().find((c) => c.id === id) ?? readConnections().find((c) => c.id === id);
}

function targetId(target: Target): string | undefined {
  if (typeof target === 'string') return target;
  return target?.config?.id;
}

async function pickProvider(placeHolder: string): Promise<Provider | undefined> {
  const pick = await vscode.window.showQuickPick(
    PROVIDERS.map((p) => ({ label: schemaFor(p).title, provider: p })),
    { placeHolder },
  );
  return pick?.provider;
}

export function addConnection(ctx: Ctx): Cmd {
  return (provider?: unknown) => {
    ConnectionFormPanel.show(ctx, undefined, isProvider(provider) ? provider : undefined);
  };
}

export function editConnection(ctx: Ctx): Cmd {
  return async (target?: Target) => {
    const id = targetId(target);
    const config = id ? byId(ctx, id) : await resolveConnection(ctx, target, 'Edit which connection?');
    if (!config) {
      if (id) void vscode.window.showErrorMessage(`DB Pulse: no connection with the id '${id}'.`);
      return;
    }
    ConnectionFormPanel.show(ctx, config);
  };
}

export function openAlerts(ctx: Ctx): Cmd {
  return () => {
    AlertsPanel.show(ctx);
  };
}

export function openDashboard(ctx: Ctx): Cmd {
  return (target?: Target) => {
    DashboardPanel.show(ctx, targetId(target));
  };
}

export function analyzeError(ctx: Ctx): Cmd {
  return async (target?: Target) => {
    const id = targetId(target);
    if (id) {
      const connection = byId(ctx, id);
      if (!connection) {
        void vscode.window.showErrorMessage(`DB Pulse: no connection with the id '${id}'.`);
        return;
      }
      await ErrorAnalysisPanel.show(ctx, { connection });
      return;
    }
    const editor = vscode.window.activeTextEditor;
    let message = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
    if (!message) {
      message =
        (await vscode.window.showInputBox({
          title: 'DB Pulse: Analyze Error',
          prompt: 'Paste the error message (select it in an editor to skip this step)',
          placeHolder: 'e.g. password authentication failed for user "app"',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'An error message is needed'),
        })) ?? '';
      message = message.trim();
      if (!message) return;
    }
    if (message.length > 20_000) message = message.slice(0, 20_000);
    const provider = await pickProvider('Which database produced this error?');
    if (!provider) return;
    await ErrorAnalysisPanel.show(ctx, { provider, message });
  };
}

/** Forward of the server's health notifications: the open dashboard refreshes when it shows that connection. */
export function notifyHealth(health: ConnectionHealth): void {
  DashboardPanel.notifyHealth(health);
}
