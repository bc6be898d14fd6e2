/**
 * The DB Pulse language server: the LSP front door onto the core. It adapts
 * documents to lint diagnostics and custom requests to core APIs. Never
 * imports `vscode`; drivers load lazily, per provider, when something is probed.
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  InitializationOptions,
  PingRequest,
  ServerStatus,
  ServerStatusNotification,
  ServerStatusRequest,
  WorkspaceTrustNotification,
} from '../shared/protocol';
import { isIgnoredByGit } from './config/gitignore';
import { lintText } from './config/lint';
import { toDiagnostic } from './lsp/diagnostics';
import { uriToPath, WorkspaceRoots } from './lsp/workspace';
import { loadedDrivers } from './probes/registry';

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
    loadedDrivers: loadedDrivers(),
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  options = {
    storagePath: typeof init.storagePath === 'string' ? init.storagePath : undefined,
    globalStoragePath: typeof init.globalStoragePath === 'string' ? init.globalStoragePath : undefined,
    workspaceTrusted: init.workspaceTrusted === true,
    clientVersion: typeof init.clientVersion === 'string' ? init.clientVersion : 'unknown',
  };
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  roots.set(folders);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
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
    const next = [...current].filter((r) => !removed.has(r)).map((r) => 'file://' + r);
    roots.set([...next, ...e.added.map((f) => f.uri)]);
    documents.all().forEach(validate);
  });
});

connection.onRequest(ServerStatusRequest.type, () => status());
connection.onRequest(PingRequest.type, (p) => ({ at: p.at, serverAt: Date.now() }));
connection.onNotification(WorkspaceTrustNotification.type, (p) => {
  options.workspaceTrusted = p.trusted;
  void connection.sendNotification(ServerStatusNotification.type, status());
});

function validate(doc: TextDocument): void {
  const filePath = uriToPath(doc.uri);
  if (!filePath) return;
  try {
    const root = roots.rootOf(filePath);
    const ignored = root ? isIgnoredByGit(root, filePath) : false;
    const findings = lintText(doc.getText(), { filePath, root, ignored });
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map(toDiagnostic) });
  } catch (err) {
    // A rule must never take the server down: report and keep serving.
    connection.console.error(`DB Pulse: linting ${filePath} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}

documents.onDidOpen((e) => validate(e.document));
documents.onDidChangeContent((e) => validate(e.document));
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));

process.on('uncaughtException', (err) => connection.console.error(`DB Pulse: uncaught ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => connection.console.error(`DB Pulse: unhandled rejection ${String(err)}`));

documents.listen(connection);
connection.listen();
