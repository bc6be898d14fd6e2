import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConnectionConfig } from '../../shared/connection';
import { ProbeConnectionRequest } from '../../shared/protocol';
import { removeConnection } from '../connections/settings';
import type { ConnectionSecrets } from '../connections/secrets';
import type { ConnectionsView } from '../views/connectionsView';
import { describeLatency } from '../views/healthPresentation';

export interface CommandDeps {
  client(): LanguageClient | undefined;
  view: ConnectionsView;
  secrets: ConnectionSecrets;
  log: vscode.LogOutputChannel;
}

/** Tree items pass a node; the palette passes nothing (we ask); tests pass an id. */
type Target = string | { config?: ConnectionConfig } | undefined;

export async function resolveConnection(deps: CommandDeps, target: Target, placeHolder: string): Promise<ConnectionConfig | undefined> {
  const all = deps.view.getConnections();
  if (typeof target === 'string') return all.find((c) => c.id === target);
  if (target && typeof target === 'object' && target.config) return target.config;
  if (all.length === 0) {
    void vscode.window
      .showInformationMessage('DB Pulse: no connections yet. Add one first.', 'Add Connection')
      .then((a) => a && vscode.commands.executeCommand('dbpulse.addConnection'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((c) => ({
      label: c.name,
      description: `${c.provider}${describeLatency(deps.view.getHealth(c.id)) ? ` · ${describeLatency(deps.view.getHealth(c.id))}` : ''}`,
      detail: deps.view.getHealth(c.id)?.state,
      config: c,
    })),
    { placeHolder },
  );
  return pick?.config;
}

/** The URL to show or copy: never a password, even if one slipped into settings. */
export function displayUrl(c: ConnectionConfig): string {
  if (c.url) {
    try {
      const u = new URL(c.url);
      u.password = '';
      return u.toString();
    } catch {
      return c.url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1@');
    }
  }
  const scheme =
    c.provider === 'supabase' || c.provider === 'firebase'
      ? undefined
      : c.provider === 'mysql'
        ? 'mysql'
        : c.provider === 'mongodb'
          ? 'mongodb'
          : 'postgres';
  if (!scheme) return c.projectUrl ?? c.projectId ?? c.name;
  const user = c.user ? `${encodeURIComponent(c.user)}@` : '';
  const port = c.port ? `:${c.port}` : '';
  return `${scheme}://${user}${c.host ?? 'localhost'}${port}/${c.database ?? ''}`;
}

export function registerConnectionCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dbpulse.probeNow', async (target?: Target) => {
      const c = await resolveConnection(deps, target, 'Probe which connection?');
      const client = deps.client();
      if (!c || !client) return undefined;
      return vscode.window.withProgress({ location: { viewId: 'dbpulse.connections' }, title: `Probing ${c.name}` }, async () => {
        try {
          const health = await client.sendRequest(ProbeConnectionRequest.type, { connectionId: c.id });
          deps.view.updateHealth(health);
          return health;
        } catch (err) {
          void vscode.window.showErrorMessage(`DB Pulse: probing ${c.name} failed: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        }
      });
    }),
    vscode.commands.registerCommand('dbpulse.removeConnection', async (target?: Target) => {
      const c = await resolveConnection(deps, target, 'Remove which connection?');
      if (!c) return;
      const answer = await vscode.window.showWarningMessage(
        `Remove the connection "${c.name}" and its stored secret?`,
        { modal: true },
        'Remove',
      );
      if (answer !== 'Remove') return;
      await removeConnection(c);
      await deps.secrets.delete(c.id);
      deps.log.info(`Removed connection ${c.id}`);
    }),
    vscode.commands.registerCommand('dbpulse.copyConnectionString', async (target?: Target) => {
      const c = await resolveConnection(deps, target, 'Copy which connection string?');
      if (!c) return;
      await vscode.env.clipboard.writeText(displayUrl(c));
      void vscode.window.setStatusBarMessage('DB Pulse: connection string copied (without the password)', 3000);
    }),
    vscode.commands.registerCommand('dbpulse.pickConnection', async () => {
      const c = await resolveConnection(deps, undefined, 'DB Pulse connections');
      if (c) await vscode.commands.executeCommand('dbpulse.showDetails', c.id);
    }),
  ];
}
