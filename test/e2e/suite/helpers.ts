/**
 * Helpers for the in-editor suite. They run inside the extension host (code-server's or desktop
 * VS Code's), so they use only the `vscode` API and Node: nothing here knows which runner started it.
 */
import * as vscode from 'vscode';
import type { DbPulseApi } from '../../../src/client/extension';

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
