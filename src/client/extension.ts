/**
 * DB Pulse client: everything that touches the `vscode` API. Starts the
 * language server over IPC and hosts the views, commands and status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { CONFIG_FILE_GLOBS, WATCHED_SUPPORT_GLOBS } from '../shared/files';
import {
  ConnectionsChangedNotification,
  GetSecretRequest,
  HealthChangedNotification,
  HealthSnapshotRequest,
  type InitializationOptions,
  PredictionAlertNotification,
  SecurityScoreNotification,
  WorkspaceTrustNotification,
} from '../shared/protocol';
import { MONITORING_SETTING_KEYS } from '../shared/monitoringSettings';
import { errorMessage } from '../shared/errors';
import { watchAlertSettings, wireAlerts } from './commands/alertCommands';
import { COMMANDS } from './commands';
import { wireLlm } from './commands/llmCommands';
import { describePrediction } from './commands/workspaceCommands';
import { ConnectionSecrets } from './connections/secrets';
import { applyMonitoringAutoStart } from './monitoring/autoStart';
import { readConnections } from './connections/settings';
import { registerCommands, requireClient, usable, type Ctx } from './ctx';
import { ConnectionsView, type GroupBy } from './views/connectionsView';
import { notifyHealth } from './webviews';
import { DetailsDocuments } from './views/detailsDocument';
import { HealthStatusBar } from './views/statusBar';

let client: LanguageClient | undefined;

export interface DbPulseApi {
  /** The running language client (tests read the server's pid and status through it). */
  readonly client: () => LanguageClient | undefined;
  readonly activatedIn: number;
  readonly treeView: vscode.TreeView<unknown>;
  /** Settles once the language server has started (or failed to). */
  readonly serverReady: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<DbPulseApi> {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('DB Pulse', { log: true });
  context.subscriptions.push(log);

  const statusBar = new HealthStatusBar();
  const secrets = new ConnectionSecrets(context.secrets);
  const view = new ConnectionsView(vscode.workspace.getConfiguration('dbpulse').get<GroupBy>('view.groupBy', 'provider'));
  const treeView = vscode.window.createTreeView('dbpulse.connections', { treeDataProvider: view, showCollapseAll: true });
  const details = new DetailsDocuments(view);
  context.subscriptions.push(statusBar, treeView, details.register());

  const refreshStatus = (): void => statusBar.setHealth(view.allHealth());
  const pushConnections = (): void => {
    const connections = readConnections();
    view.setConnections(connections);
    refreshStatus();
    void client?.sendNotification(ConnectionsChangedNotification.type, { connections });
  };

  const start = async (): Promise<void> => {
    client = createClient(context, log);
    statusBar.setStarting();
    client.onRequest(GetSecretRequest.type, ({ connectionId }) => secrets.get(connectionId));
    wireLlm(client, context.secrets);
    wireAlerts(client, context.secrets, log);
    client.onNotification(HealthChangedNotification.type, (h) => {
      view.updateHealth(h);
      details.update(h.connectionId);
      notifyHealth(h);
      refreshStatus();
    });
    client.onNotification(PredictionAlertNotification.type, ({ connectionId, prediction }) => {
      const name = view.getConnections().find((c) => c.id === connectionId)?.name ?? connectionId;
      void vscode.window
        .showWarningMessage(`DB Pulse: ${name} is likely to fail: ${describePrediction(prediction)}`, 'Open Dashboard', 'Show Details')
        .then(
          (a) =>
            a && vscode.commands.executeCommand(a === 'Open Dashboard' ? 'dbpulse.openDashboard' : 'dbpulse.showDetails', connectionId),
        );
    });
    const scores = new Map<string, { score: number; problems: number }>();
    client.onNotification(SecurityScoreNotification.type, ({ uri, score, problems }) => {
      scores.set(uri, { score, problems });
      const worst = [...scores.entries()].sort((a, b) => a[1].score - b[1].score)[0];
      statusBar.setTooltipLines(
        worst
          ? [
              `Security score of open config files: lowest ${worst[1].score}/100 (${vscode.workspace.asRelativePath(vscode.Uri.parse(worst[0]))})`,
            ]
          : [],
      );
    });
    await client.start();
    statusBar.setReady();
    pushConnections();
    try {
      for (const h of await client.sendRequest(HealthSnapshotRequest.type)) view.updateHealth(h);
    } catch (err) {
      log.warn(`health snapshot: ${errorMessage(err)}`);
    }
    refreshStatus();
    await applyMonitoringAutoStart(
      client,
      vscode.workspace.getConfiguration('dbpulse.monitoring').get('autoStart'),
      context.workspaceState,
      log,
    );
  };

  const ctx: Ctx = {
    extension: context,
    view,
    secrets,
    secretStorage: context.secrets,
    details,
    log,
    get client() {
      return usable(client);
    },
    requireClient: () => requireClient(client),
    restartServer: async () => {
      log.info('Restarting the DB Pulse server');
      if (client && client.state !== State.Stopped) await client.stop().catch((e: unknown) => log.warn(`stop: ${errorMessage(e)}`));
      await start();
    },
  };
  context.subscriptions.push(
    ...registerCommands(ctx, COMMANDS),
    watchAlertSettings(ctx),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dbpulse.connections')) pushConnections();
      if (e.affectsConfiguration('dbpulse.monitoring')) void vscode.commands.executeCommand('dbpulse.restartServer');
      if (e.affectsConfiguration('dbpulse.view.groupBy'))
        view.setGroupBy(vscode.workspace.getConfiguration('dbpulse').get<GroupBy>('view.groupBy', 'provider'));
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(WorkspaceTrustNotification.type, { trusted: true });
      pushConnections();
    }),
  );

  // The server starts in the background: activation returns at once, and
  // `serverReady` settles when the server answers (tests and commands await it).
  const serverReady = start().catch((err: unknown) => {
    log.error(`The DB Pulse server did not start: ${errorMessage(err)}`);
    statusBar.setFailed(errorMessage(err));
  });
  const activatedIn = performance.now() - t0;
  log.info(`DB Pulse activated in ${activatedIn.toFixed(1)} ms`);
  return { client: () => client, activatedIn, treeView, serverReady };
}

/** The `dbpulse.monitoring.*` numbers the user set (unset ones keep the engine's defaults). */
function monitoringSettings(): InitializationOptions['monitoring'] {
  const cfg = vscode.workspace.getConfiguration('dbpulse.monitoring');
  const out: NonNullable<InitializationOptions['monitoring']> = {};
  for (const key of MONITORING_SETTING_KEYS) {
    const v = cfg.inspect<number>(key);
    const set = v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue;
    if (typeof set === 'number') out[key] = set;
  }
  return out;
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
    monitoring: monitoringSettings(),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: CONFIG_FILE_GLOBS.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: {
      configurationSection: 'dbpulse',
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
