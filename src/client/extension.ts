/**
 * DB Pulse client: everything that touches the `vscode` API. Starts the
 * language server over IPC and hosts the views, commands and status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { CONFIG_FILE_GLOBS, WATCHED_SUPPORT_GLOBS } from '../shared/files';
import { InitializationOptions, ServerStatusRequest, WorkspaceTrustNotification } from '../shared/protocol';
import { ConnectionsView } from './views/connectionsView';
import { HealthStatusBar } from './views/statusBar';

let client: LanguageClient | undefined;

export interface DbPulseApi {
  /** The running language client (tests read the server's pid and status through it). */
  readonly client: () => LanguageClient | undefined;
  readonly activatedIn: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<DbPulseApi> {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('DB Pulse', { log: true });
  context.subscriptions.push(log);

  const statusBar = new HealthStatusBar();
  context.subscriptions.push(statusBar);
  const view = new ConnectionsView();
  context.subscriptions.push(vscode.window.createTreeView('dbpulse.connections', { treeDataProvider: view, showCollapseAll: true }));

  const start = async (): Promise<void> => {
    client = createClient(context, log);
    statusBar.setStarting();
    await client.start();
    statusBar.setReady();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('dbpulse.restartServer', async () => {
      log.info('Restarting the DB Pulse server');
      if (client && client.state !== State.Stopped) await client.stop().catch((e: unknown) => log.warn(`stop: ${String(e)}`));
      await start();
      void vscode.window.showInformationMessage('DB Pulse: server restarted.');
    }),
    vscode.commands.registerCommand('dbpulse.showOutput', () => log.show()),
    vscode.commands.registerCommand('dbpulse.showServerStatus', async () => {
      if (!client) return;
      const s = await client.sendRequest(ServerStatusRequest.type);
      const drivers = s.loadedDrivers.length ? s.loadedDrivers.join(', ') : 'none yet';
      void vscode.window.showInformationMessage(
        `DB Pulse server ${s.version} (pid ${s.pid}, Node ${s.node}): ${s.documents} documents, drivers loaded: ${drivers}, ` +
          `workspace ${s.workspaceTrusted ? 'trusted' : 'restricted (no connections are made)'}.`,
      );
    }),
    vscode.commands.registerCommand('dbpulse.addConnection', () =>
      vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'dbpulse.connections', edit: true } }),
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(WorkspaceTrustNotification.type, { trusted: true })),
  );

  try {
    await start();
  } catch (err) {
    log.error(`The DB Pulse server did not start: ${String(err)}`);
    statusBar.setFailed(String(err));
  }
  const activatedIn = performance.now() - t0;
  log.info(`DB Pulse activated in ${activatedIn.toFixed(1)} ms`);
  return { client: () => client, activatedIn };
}

function createClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = {
    storagePath: context.storageUri?.fsPath,
    globalStoragePath: context.globalStorageUri.fsPath,
    workspaceTrusted: vscode.workspace.isTrusted,
    clientVersion: String(context.extension.packageJSON.version),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: CONFIG_FILE_GLOBS.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: {
      fileEvents: WATCHED_SUPPORT_GLOBS.map((g) => vscode.workspace.createFileSystemWatcher(g)),
    },
    initializationOptions,
    outputChannel: log,
  };
  return new LanguageClient('dbpulse', 'DB Pulse', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
