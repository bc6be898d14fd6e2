/**
 * Helpers for the in-editor suite. They run inside the extension host (code-server's or desktop
 * VS Code's), so they use only the `vscode` API and Node: nothing here knows which runner started it.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DbPulseApi } from '../../../src/client/extension';
import type { PgForEditor } from '../lib/pgForEditor';

export const EXTENSION_ID = 'dbpulse.dbpulse';

/** Figures the suite reports back to the runner (the benchmark reads them). */
const metrics: Record<string, number> = {};

export function recordMetric(name: string, value: number): void {
  metrics[name] = value;
}

export function recordedMetrics(): Record<string, number> {
  return { ...metrics };
}

/** The installed DB Pulse extension, activated; fails clearly when it is not installed. */
export async function dbPulse(): Promise<{ extension: vscode.Extension<DbPulseApi>; api: DbPulseApi }> {
  const extension = vscode.extensions.getExtension<DbPulseApi>(EXTENSION_ID);
  if (!extension) {
    const ids = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(`extension ${EXTENSION_ID} is not installed (non-builtin extensions: ${ids.join(', ') || 'none'})`);
  }
  const api = await extension.activate();
  // activate() returns before the server answers; wait for it (the server starts in the background).
  await api.serverReady;
  return { extension, api };
}

/** The first workspace folder: the fixture workspace the runner opened. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner must open test/e2e/fixture-workspace');
  return folder.uri;
}

/** The diagnostic's code as a string (the API gives `string | number | { value, target }`). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * Resolves with the diagnostics of `uri` once `accept` takes them, or rejects after `timeoutMs`
 * with the diagnostics seen last (so a failure says what was there instead).
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (ds: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs: number,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = vscode.languages.getDiagnostics(uri);
      if (!accept(ds)) return false;
      finish();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
      reject(new Error(`no matching diagnostics for ${uri.toString()} within ${timeoutMs} ms (seen: ${seen.join(', ') || 'none'})`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface PollOptions<T> {
  timeoutMs: number;
  everyMs?: number;
  /** Formats the last value seen, for the failure message. */
  show?: (value: T) => string;
}

/**
 * Calls `read` until `accept` takes its value, pausing `everyMs` between tries; rejects after
 * `timeoutMs` saying what was seen last (`show` formats it). A throwing `read` counts as a miss.
 */
export async function pollUntil<T, U extends T>(
  what: string,
  read: () => PromiseLike<T> | T,
  accept: (value: T) => value is U,
  options: PollOptions<T>,
): Promise<U>;
export async function pollUntil<T>(
  what: string,
  read: () => PromiseLike<T> | T,
  accept: (value: T) => boolean,
  options: PollOptions<T>,
): Promise<T>;
export async function pollUntil<T>(
  what: string,
  read: () => PromiseLike<T> | T,
  accept: (value: T) => boolean,
  { timeoutMs, everyMs = 250, show = (v: T) => JSON.stringify(v) }: PollOptions<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = show(value);
    } catch (err) {
      last = `error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last seen: ${last.slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The `dbpulse.connections` setting as stored in each scope (what a user's settings.json would hold). */
export function storedConnections(): { user: unknown[]; workspace: unknown[] } {
  const inspected = vscode.workspace.getConfiguration('dbpulse').inspect<unknown[]>('connections');
  return {
    user: inspected?.globalValue ?? [],
    workspace: [...(inspected?.workspaceValue ?? []), ...(inspected?.workspaceFolderValue ?? [])],
  };
}

/**
 * Removes connections from the settings (both scopes) without the modal "Remove" dialog, so later
 * tests and the runner's page checks see the workspace as it was.
 */
export async function removeConnectionsFromSettings(ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const config = vscode.workspace.getConfiguration('dbpulse');
  const inspected = config.inspect<Array<{ id?: string }>>('connections');
  const keep = (list: Array<{ id?: string }> | undefined) => (list ?? []).filter((c) => !ids.includes(String(c?.id)));
  if (inspected?.workspaceValue?.some((c) => ids.includes(String(c?.id))))
    await config.update('connections', keep(inspected.workspaceValue), vscode.ConfigurationTarget.Workspace);
  if (inspected?.globalValue?.some((c) => ids.includes(String(c?.id))))
    await config.update('connections', keep(inspected.globalValue), vscode.ConfigurationTarget.Global);
}

/** The real PostgreSQL the runner started for this run (test/e2e/lib/pgForEditor.ts), as it hands it to the suite. */
export type LivePostgres = Omit<PgForEditor, 'ok'>;

export function livePostgres(): LivePostgres | { skip: string } {
  const skip = process.env.DBPULSE_E2E_PG_SKIP;
  if (skip) return { skip };
  const raw = process.env.DBPULSE_E2E_PG;
  if (!raw) return { skip: 'the runner started no PostgreSQL for this run (DBPULSE_E2E_PG is not set)' };
  const v = JSON.parse(raw) as Partial<LivePostgres>;
  if (typeof v.port !== 'number' || typeof v.pid !== 'number' || !v.host || !v.user || !v.password || !v.database) {
    return { skip: `DBPULSE_E2E_PG is incomplete: it names ${Object.keys(v).join(', ')}` };
  }
  return v as LivePostgres;
}

/** Whether a TCP connection to host:port is refused (true) or accepted (false). */
export function tcpRefused(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (refused: boolean): void => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED'));
  });
}

/** What the runner answered to a page check the suite asked for. */
export type PageCheckAnswer = { ran: true; problem: string | null; screenshot?: string } | { ran: false; why: string };

let pageRequestSeq = 0;

/**
 * Asks the runner to check the workbench page now (test/e2e/lib/pageRequests.mjs; the runner looks at
 * the page with playwright while the suite waits) and waits for its answer. Runners that cannot look
 * at the page (desktop VS Code through @vscode/test-electron) set no DBPULSE_E2E_PAGE_REQUESTS:
 * the answer is then `{ ran: false }`.
 */
export async function askRunnerToCheckPage(check: string, args: Record<string, unknown>, timeoutMs = 45_000): Promise<PageCheckAnswer> {
  const dir = process.env.DBPULSE_E2E_PAGE_REQUESTS;
  if (!dir) return { ran: false, why: 'this runner does not check the page (DBPULSE_E2E_PAGE_REQUESTS is not set)' };
  const base = path.join(dir, `${String(++pageRequestSeq).padStart(3, '0')}-${check.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  fs.writeFileSync(`${base}.request.part`, JSON.stringify({ check, args }));
  fs.renameSync(`${base}.request.part`, `${base}.request.json`);
  const answer = await pollUntil(
    `the runner's answer to the page check ${check}`,
    () =>
      fs.existsSync(`${base}.answer.json`)
        ? (JSON.parse(fs.readFileSync(`${base}.answer.json`, 'utf8')) as { problem: string | null; screenshot?: string })
        : undefined,
    (a) => a !== undefined,
    { timeoutMs, everyMs: 100, show: () => 'no answer file' },
  );
  return { ran: true, problem: answer?.problem ?? null, ...(answer?.screenshot ? { screenshot: answer.screenshot } : {}) };
}
