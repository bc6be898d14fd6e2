/**
 * The DB Pulse language server: the LSP front door onto the core. It adapts
 * documents to lint diagnostics and custom requests to core APIs. Never
 * imports `vscode`; drivers load lazily, per provider, when something is probed.
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  type InitializationOptions,
  PingRequest,
  type ServerStatus,
  ServerStatusNotification,
  ServerStatusRequest,
  WorkspaceTrustNotification,
} from '../shared/protocol';
import { CONFIG_CAPABILITIES, registerConfigFeature } from './lsp/configFeature';
import { registerAlertsFeature } from './lsp/alertsFeature';
import { registerConnectionsFeature } from './lsp/connectionsFeature';
import { registerConnectionToolsFeature } from './lsp/connectionToolsFeature';
import type { FeatureContext } from './lsp/context';
import { registerMonitoringFeature } from './lsp/monitoringFeature';
import { uriToPath, WorkspaceRoots } from './lsp/workspace';

declare const DBPULSE_VERSION: string;
const version = typeof DBPULSE_VERSION === 'string' ? DBPULSE_VERSION : '0.0.0-dev';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const roots = new WorkspaceRoots();
const startedAt = Date.now();
let options: InitializationOptions = { workspaceTrusted: false, clientVersion: 'unknown' };

function status(): ServerStatus {
  return {
    version,
    pid: process.pid,
    node: process.version,
    startedAt,
    workspaceTrusted: options.workspaceTrusted,
    storagePath: options.storagePath ?? options.globalStoragePath ?? null,
    documents: documents.all().length,
    loadedDrivers: monitoring.loadedDrivers(),
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  options = {
    storagePath: typeof init.storagePath === 'string' ? init.storagePath : undefined,
    globalStoragePath: typeof init.globalStoragePath === 'string' ? init.globalStoragePath : undefined,
    workspaceTrusted: init.workspaceTrusted === true,
    clientVersion: typeof init.clientVersion === 'string' ? init.clientVersion : 'unknown',
    monitoring: init.monitoring && typeof init.monitoring === 'object' ? init.monitoring : undefined,
  };
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  roots.set(folders);
  // The monitoring handlers exist already; the service loads after the first diagnostics (they wait for it).
  monitoring.start();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...CONFIG_CAPABILITIES,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'DB Pulse', version },
  };
});

connection.onInitialized(() => {
  void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const current = new Set(roots.all());
    const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
    const next = [...current].filter((r) => !removed.has(r)).map((r) => URI.file(r).toString());
    roots.set([...next, ...e.added.map((f) => f.uri)]);
    config.revalidateAll();
  });
});

connection.onRequest(ServerStatusRequest.type, () => status());
connection.onRequest(PingRequest.type, (p) => ({ at: p.at, serverAt: Date.now() }));
connection.onNotification(WorkspaceTrustNotification.type, (p) => {
  options.workspaceTrusted = p.trusted;
  connections.trustChanged();
  void connection.sendNotification(ServerStatusNotification.type, status());
});

const ctx: FeatureContext = { connection, documents, roots, options: () => options };
const config = registerConfigFeature(ctx, () => monitoring.configPublished());
const connections = registerConnectionsFeature(ctx);
registerConnectionToolsFeature(ctx);
const monitoring = registerMonitoringFeature(ctx, connections, version);
registerAlertsFeature(ctx, monitoring);

connection.onShutdown(() => monitoring.dispose());

process.on('uncaughtException', (err) => connection.console.error(`DB Pulse: uncaught ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => connection.console.error(`DB Pulse: unhandled rejection ${String(err)}`));

documents.listen(connection);
connection.listen();
