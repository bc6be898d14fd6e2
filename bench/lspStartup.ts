/**
 * Shared by the start-up benchmarks: a bare `node -e` start to its first output, and a language
 * server process start to its first `publishDiagnostics` for an opened .env (the client side is a
 * real LSP connection over stdio). Times from spawn, in milliseconds.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function timeBareNode(): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['-e', 'process.stdout.write("x")'], { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.once('data', () => resolve(performance.now() - t0));
  });
}

/** Spawns `serverJs --stdio`, initializes with `initializationOptions`, opens `<workspace>/.env`, waits for its diagnostics. */
export async function timeFirstDiagnostics(
  serverJs: string,
  workspace: string,
  initializationOptions: Record<string, unknown> = {},
): Promise<number> {
  const envFile = path.join(workspace, '.env');
  const t0 = performance.now();
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const got = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no diagnostics within 20 s')), 20_000);
    conn.onNotification(PublishDiagnosticsNotification.type, () => {
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
  });
  conn.listen();
  const uri = pathToFileURL(workspace).href;
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'bench' }],
    capabilities: {},
    initializationOptions: { workspaceTrusted: true, clientVersion: 'bench', ...initializationOptions },
  });
  void conn.sendNotification(InitializedNotification.type, {});
  void conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: pathToFileURL(envFile).href, languageId: 'dotenv', version: 1, text: fs.readFileSync(envFile, 'utf8') },
  });
  try {
    return await got;
  } finally {
    conn.dispose();
    child.kill();
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  }
}
