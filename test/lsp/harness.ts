/**
 * Starts the built language server (dist/server.js) as its own process and
 * speaks LSP to it over stdio, as an editor would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { InitializationOptions } from '../../src/shared/protocol';

export const repoRoot = path.resolve(__dirname, '../..');
export const serverPath = path.join(repoRoot, 'dist', 'server.js');

export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics published for `uri`. */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(filePath: string, text?: string, languageId?: string): string;
  /**
   * Resolves with the first message the server logged (window/logMessage) that matches `pattern`,
   * counting messages logged before the call: the positive event a test waits for before it
   * asserts that something else did not happen.
   */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends shutdown + exit and resolves with the process's exit code. */
  close(): Promise<number | null>;
  stderr(): string;
}

export function assertBuilt(): void {
  if (!fs.existsSync(serverPath)) throw new Error(`${serverPath} is missing: run "node esbuild.mjs" first (npm test does).`);
}

export async function startServer(workspace: string, init: Partial<InitializationOptions> = {}): Promise<LspSession> {
  assertBuilt();
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  const latest = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    const list = waiting.get(p.uri);
    if (list?.length) list.shift()!(p);
  });
  const logs: string[] = [];
  const logWaiters: Array<{ pattern: RegExp; resolve(message: string): void }> = [];
  connection.onNotification(LogMessageNotification.type, ({ message }) => {
    logs.push(message);
    for (const w of logWaiters.filter((x) => x.pattern.test(message))) {
      logWaiters.splice(logWaiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  connection.listen();
  const workspaceUri = pathToFileURL(workspace).href;
  const initializationOptions: InitializationOptions = { workspaceTrusted: true, clientVersion: 'test', ...init };
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: workspaceUri,
    workspaceFolders: [{ uri: workspaceUri, name: path.basename(workspace) }],
    capabilities: {
      textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
      workspace: { workspaceFolders: true },
    },
    initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const versions = new Map<string, number>();

  return {
    connection,
    process: child,
    stderr: () => stderr,
    nextDiagnostics(uri, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr:\n${stderr}`)),
          timeoutMs,
        );
        const list = waiting.get(uri) ?? [];
        list.push((p) => {
          clearTimeout(timer);
          resolve(p);
        });
        waiting.set(uri, list);
      });
    },
    waitForLog(pattern, timeoutMs = 15_000) {
      const seen = logs.find((m) => pattern.test(m));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no log message matching ${pattern} within ${timeoutMs} ms; logged:\n${logs.slice(-20).join('\n')}`)),
          timeoutMs,
        );
        logWaiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    open(filePath, text, languageId = 'plaintext') {
      const uri = pathToFileURL(filePath).href;
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version, text: text ?? fs.readFileSync(filePath, 'utf8') },
      });
      return uri;
    },
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      if (child.exitCode !== null) return child.exitCode;
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}

/** A temporary workspace folder with the given files; removed by the returned function. */
export function makeWorkspace(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'dbpulse-ws-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
